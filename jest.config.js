// ESM TypeScript tests: ts-jest's default-esm preset under --experimental-vm-modules (see package.json "test").
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  // Integration tests spawn real processes (node dist/, a loopback HTTP stub of the GitHub API).
  testTimeout: 30000,
  // Not `coverage/`: that is the berth-dev/berth/coverage action.
  coverageDirectory: '<rootDir>/tmp/jest-coverage',
};
