// ESM TypeScript tests: ts-jest's default-esm preset under --experimental-vm-modules (see package.json "test").
// Three projects, all run by `npm test`: `unit` (pure code, fakes at the seams; `npm run test:unit` runs
// it alone, on a laptop), `engine` (`*.int.test.ts`: a real Docker engine, registry, nginx, sshd, proxy),
// and `dist` (the committed dist/ is a fresh build of src/).
// The sandbox (sandbox/jest/): each project's globalSetup installs what its suites' `@needs` name when
// missing (as root on Debian/Ubuntu) and starts a Docker engine if one is needed; its test environment
// skips a suite that still misses a part, and the run ends with one line naming each missing part and
// its install command; the globalTeardown stops an engine the run started.
const sandbox = (project) => ({
  displayName: project,
  globalSetup: `<rootDir>/sandbox/jest/setup-${project}.mjs`,
  globalTeardown: `<rootDir>/sandbox/jest/teardown-${project}.mjs`,
});
const base = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: '<rootDir>/sandbox/jest/environment.mjs',
  roots: ['<rootDir>/__tests__'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
};

export default {
  projects: [
    {
      ...base,
      ...sandbox('unit'),
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$', '/dist-fresh\\.test\\.ts$'],
    },
    { ...base, ...sandbox('engine'), testMatch: ['**/*.int.test.ts'] },
    { ...base, displayName: 'dist', testMatch: ['**/dist-fresh.test.ts'] },
  ],
  // Integration tests spawn real processes (node dist/, a loopback HTTP stub of the GitHub API).
  testTimeout: 30000,
  // Not `coverage/`: that is the berth-dev/berth/coverage action.
  coverageDirectory: '<rootDir>/tmp/jest-coverage',
};
