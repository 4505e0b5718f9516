/**
 * sandbox/parts.mjs and sandbox/jest/suites.mjs, pure: what a suite needs (its `@needs`), what is
 * missing, which suites are skipped, and the one summary line naming each missing part and its install
 * command.
 */
import { describe, expect, test } from '@jest/globals';
import {
  installCommand,
  missingFor,
  packagesFor,
  presentParts,
  pretendedMissing,
  skipPlan,
  summaryLine,
} from '../../sandbox/parts.mjs';
import { needsOf, partsOf } from '../../sandbox/jest/suites.mjs';

const debianRoot = { root: true, debian: true };

describe('missingFor and skipPlan', () => {
  test.each([
    { needs: [], present: [], missing: [] },
    { needs: ['docker', 'nginx'], present: ['docker', 'nginx', 'sshd'], missing: [] },
    { needs: ['docker', 'nginx'], present: ['nginx'], missing: ['docker'] },
    { needs: ['sshd', 'root', 'ssh'], present: ['ssh'], missing: ['sshd', 'root'] },
    { needs: ['shellcheck'], present: [], missing: ['shellcheck'] },
  ])('needs $needs, present $present → missing $missing', ({ needs, present, missing }) => {
    expect(missingFor(needs, new Set(present))).toEqual(missing);
    expect(skipPlan([{ file: 'a.int.test.ts', needs }], new Set(present))).toEqual([
      { file: 'a.int.test.ts', needs, missing, skip: missing.length > 0 },
    ]);
  });

  test('only the suites that miss a part are skipped', () => {
    const plan = skipPlan(
      [
        { file: 'deploy-ssh', needs: ['docker', 'sshd'] },
        { file: 'deploy', needs: ['docker', 'nginx'] },
        { file: 'dist', needs: [] },
      ],
      new Set(['docker', 'nginx']),
    );
    expect(plan.filter((s) => s.skip).map((s) => s.file)).toEqual(['deploy-ssh']);
  });
});

describe('installCommand and summaryLine', () => {
  test.each([
    { part: 'sshd', context: debianRoot, command: 'apt-get install -y openssh-server' },
    { part: 'curl', context: debianRoot, command: 'apt-get install -y curl ca-certificates' },
    { part: 'docker', context: { root: false, debian: true }, command: 'sudo apt-get install -y docker.io' },
    {
      part: 'nginx',
      context: { root: true, debian: false },
      command: "install nginx with the system's package manager",
    },
    { part: 'root', context: { root: false, debian: true }, command: 'run as root' },
  ])('$part ($context) → $command', ({ part, context, command }) => {
    expect(installCommand(part, context)).toBe(command);
  });

  test('one line: the suites skipped, each missing part once with its command', () => {
    expect(
      summaryLine(
        [
          { missing: ['sshd', 'shellcheck'] },
          { missing: ['sshd'] },
          { missing: [] }, // ran
        ],
        debianRoot,
      ),
    ).toBe(
      'skipped 2 suites for missing parts: sshd (apt-get install -y openssh-server), shellcheck (apt-get install -y shellcheck)',
    );
    expect(summaryLine([{ missing: ['busybox'] }], debianRoot)).toBe(
      'skipped 1 suite for missing parts: busybox (apt-get install -y busybox-static)',
    );
    expect(summaryLine([{ missing: [] }], debianRoot)).toBe('');
  });

  test('packagesFor: each package once; root is none', () => {
    expect(packagesFor(['ssh', 'sshd', 'ssh', 'root'])).toEqual(['openssh-client', 'openssh-server']);
  });
});

describe('what is present', () => {
  test.each([
    { tools: { docker: '/usr/bin/docker' }, engineUp: true, startable: false, docker: true },
    { tools: { docker: '/usr/bin/docker' }, engineUp: false, startable: true, docker: false },
    {
      tools: { docker: '/usr/bin/docker', dockerd: '/usr/sbin/dockerd' },
      engineUp: false,
      startable: true,
      docker: true,
    },
    {
      tools: { docker: '/usr/bin/docker', dockerd: '/usr/sbin/dockerd' },
      engineUp: false,
      startable: false,
      docker: false,
    },
    { tools: { dockerd: '/usr/sbin/dockerd' }, engineUp: true, startable: true, docker: false },
  ])('docker with $tools, engine up $engineUp, startable $startable → $docker', (row) => {
    const present = presentParts(row.tools, {
      engineUp: row.engineUp,
      startable: row.startable,
      root: false,
    });
    expect(present.has('docker')).toBe(row.docker);
  });

  test('root only as root, and not when pretended missing', () => {
    expect(presentParts({ nginx: '/usr/sbin/nginx' }, { root: true, env: {} })).toEqual(
      new Set(['nginx', 'root']),
    );
    expect(presentParts({}, { root: true, env: { BERTH_SANDBOX_MISSING: 'root' } })).toEqual(new Set());
  });

  test('BERTH_SANDBOX_MISSING names parts; an unknown one is an error', () => {
    expect(pretendedMissing({ BERTH_SANDBOX_MISSING: 'sshd, shellcheck' })).toEqual(
      new Set(['sshd', 'shellcheck']),
    );
    expect(() => pretendedMissing({ BERTH_SANDBOX_MISSING: 'sshd,sshx' })).toThrow(/no part sshx/);
  });
});

describe('@needs', () => {
  test.each([
    {
      source: '/**\n * A suite.\n *\n * @needs docker registry\n */\nimport x;',
      needs: ['docker', 'registry'],
    },
    { source: '/**\n * @needs shellcheck\n * @needs sshd\n */', needs: ['shellcheck', 'sshd'] },
    { source: '/** A suite that needs nothing. */\n// @needs docker (not the docblock)', needs: [] },
    { source: 'import x;\n/**\n * @needs docker\n */', needs: [] },
  ])('$source → $needs', ({ source, needs }) => {
    expect(needsOf(source, 'a.test.ts')).toEqual(needs);
  });

  test('an unknown part is an error naming the file', () => {
    expect(() => partsOf('docker nginix', 'x.int.test.ts')).toThrow(
      /x\.int\.test\.ts: @needs nginix: no such part/,
    );
  });
});
