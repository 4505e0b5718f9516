// ESM TypeScript tests: ts-jest's default-esm preset under --experimental-vm-modules (see package.json "test").
// Three projects, all run by `npm test`: `unit` (pure code, fakes at the seams; `npm run test:unit` runs
// it alone, on a laptop), `engine` (`*.int.test.ts`: a real Docker engine, registry, nginx, sshd, proxy),
// and `dist` (the committed dist/ is a fresh build of src/).
const base = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
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
      displayName: 'unit',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$', '/dist-fresh\\.test\\.ts$'],
    },
    { ...base, displayName: 'engine', testMatch: ['**/*.int.test.ts'] },
    { ...base, displayName: 'dist', testMatch: ['**/dist-fresh.test.ts'] },
  ],
  // Integration tests spawn real processes (node dist/, a loopback HTTP stub of the GitHub API).
  testTimeout: 30000,
  // Not `coverage/`: that is the berth-dev/berth/coverage action.
  coverageDirectory: '<rootDir>/tmp/jest-coverage',
};
