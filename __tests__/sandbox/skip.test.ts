/**
 * The sandbox's skip, end to end: jest itself on three fixture suites (__tests__/fixtures/sandbox) with
 * sshd and shellcheck pretended missing (BERTH_SANDBOX_MISSING): exactly the two suites needing one are
 * skipped — their hooks never run — the third runs, and the run ends with one line naming each missing
 * part and its install command.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { installCommand } from '../../sandbox/parts.mjs';
import { ROOT } from '../helpers/run-dist.js';

test('suites needing a missing part are skipped, with one summary line', () => {
  const config = {
    rootDir: ROOT,
    roots: ['<rootDir>/__tests__/fixtures/sandbox'],
    testMatch: ['**/*.suite.ts'],
    preset: 'ts-jest/presets/default-esm',
    testEnvironment: '<rootDir>/sandbox/jest/environment.mjs',
    globalSetup: '<rootDir>/sandbox/jest/setup-unit.mjs',
    globalTeardown: '<rootDir>/sandbox/jest/teardown-unit.mjs',
    transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  };
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--config', JSON.stringify(config), '--verbose'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        NODE_OPTIONS: '--experimental-vm-modules',
        NODE_NO_WARNINGS: '1',
        BERTH_SANDBOX_MISSING: 'sshd,shellcheck',
      },
    },
  );
  const output = `${result.stdout}${result.stderr}`;
  expect({ status: result.status, output }).toMatchObject({ status: 0 });
  // A suite skipped whole is not listed; its tests are counted as skipped, and its hooks never ran.
  expect(output).toMatch(/✓ needs-nothing ran/);
  expect(output).not.toMatch(/needs-sshd|needs-shellcheck-sshd/);
  expect(output).toMatch(/Test Suites:\s+2 skipped, 1 passed, 1 of 3 total/);
  expect(output).toMatch(/Tests:\s+2 skipped, 1 passed, 3 total/);
  const lines = output.split('\n').filter((l) => l.startsWith('skipped '));
  expect(lines).toEqual([
    `skipped 2 suites for missing parts: sshd (${installCommand('sshd')}), shellcheck (${installCommand('shellcheck')})`,
  ]);
});
