/**
 * `berth doctor` for real: the CLI (bin/berth.js → dist/cli) on this machine, with the Docker engine and
 * a real nginx (Debian's, its own prefix on loopback) — ready; a port taken; and a PATH without docker.
 *
 * @needs docker nginx
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { renderSwitchInclude } from '../src/nginx/upstream.js';
import { TestNginx } from './helpers/nginx.js';
import { dockerClientPath, freePort } from './helpers/registry.js';
import { ROOT, runAction, spawnNode } from './helpers/run-dist.js';

let nginx: TestNginx;
let bluePort: number;
let greenPort: number;

beforeAll(async () => {
  nginx = await new TestNginx('doctor_test').start(await freePort());
  [bluePort, greenPort] = [await freePort(), await freePort()];
});
afterAll(() => nginx?.stop());

/** The CLI with the deploy inputs of this nginx; Debian's docker client first (it builds with BuildKit). */
function doctor(
  extra: string[] = [],
  PATH = dockerClientPath('/usr/bin/docker'),
  HOME = mkdtempSync(path.join(tmpdir(), 'berth-doctor-home-')),
) {
  return spawnNode(
    process.execPath,
    [
      path.join(ROOT, 'bin', 'berth.js'),
      'doctor',
      '--nginx-command',
      nginx.command,
      '--nginx-upstream-file',
      nginx.upstreamFile,
      '--blue-port',
      String(bluePort),
      '--green-port',
      String(greenPort),
      ...extra,
    ],
    { PATH, HOME },
    ROOT,
  );
}

/** A home with a self-hosted runner of this version installed where GitHub's instructions put it. */
function homeWithRunner(version: string): string {
  const home = mkdtempSync(path.join(tmpdir(), 'berth-doctor-home-'));
  mkdirSync(path.join(home, 'actions-runner/bin'), { recursive: true });
  // The runner's own `--version` answer (the real runner needs GitHub to register; its CLI prints this).
  const listener = path.join(home, 'actions-runner/bin/Runner.Listener');
  writeFileSync(listener, `#!/bin/sh\n[ "$1" = --version ] && echo ${version}\n`, { mode: 0o755 });
  return home;
}

/** The table's rows as [check, status] (the summary on stdout). */
function rows(stdout: string): Array<[string, string]> {
  return stdout
    .split('\n')
    .filter((l) => /^\| (?!Check|---)/.test(l))
    .map((l) => l.split(' | ').slice(0, 2) as [string, string])
    .map(([check, status]) => [check.replace(/^\| /, ''), status]);
}

describe('berth doctor on this machine', () => {
  test.each<[string, string, number, string]>([
    ['2.330.0', '✅ ok', 0, ''],
    ['2.325.0', '❌ missing', 1, 'needs runner 2.327.1 or later'],
  ])(
    'a self-hosted runner %s installed in ~/actions-runner: %s',
    async (version, status, code, fix) => {
      const home = homeWithRunner(version);
      const result = await doctor([], dockerClientPath('/usr/bin/docker'), home);
      expect(result.code).toBe(code);
      expect(rows(result.stdout).find(([check]) => check === 'GitHub Actions runner (node24)')).toEqual([
        'GitHub Actions runner (node24)',
        status,
      ]);
      expect(result.stdout).toContain(`runner ${version} in ${home}/actions-runner`);
      if (fix !== '') expect(result.stdout).toContain(fix);
      rmSync(home, { recursive: true, force: true });
    },
    60_000,
  );

  test('docker and nginx ready: every required check passes, exit 0', async () => {
    const result = await doctor();
    expect(result.stderr).not.toContain('error:');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('passed=true');
    expect(rows(result.stdout)).toEqual([
      ['Docker engine', '✅ ok'],
      ['BuildKit / buildx', '✅ ok'],
      ['nginx', '✅ ok'],
      ['nginx -t', '✅ ok'],
      ['nginx reload', '✅ ok'],
      ['upstream include writable', '✅ ok'],
      ["upstream include in nginx's config", '✅ ok'],
      ["nginx's workers see the switch", '✅ ok'],
      [`port ${bluePort} (blue-port)`, '✅ ok'],
      [`port ${greenPort} (green-port)`, '✅ ok'],
      ['disk space for images', expect.stringMatching(/✅ ok|⚠️ warning/) as unknown as string],
      ['GitHub Actions runner (node24)', '➖ skipped'],
    ]);
    expect(result.stdout).toMatch(/\| Docker engine \| ✅ ok \| engine \d+\.\d+/);
    // The log has the same table as plain lines.
    expect(result.stderr).toMatch(/^ok +nginx reload +may signal nginx's master \(pid \d+\)$/m);
  }, 60_000);

  test('as an action step: the table is the step summary, `passed` the output', async () => {
    const result = await runAction({
      inputs: {
        command: 'doctor',
        'nginx-command': nginx.command,
        'nginx-upstream-file': nginx.upstreamFile,
        'blue-port': String(bluePort),
        'green-port': String(greenPort),
      },
      eventName: 'push',
      payload: {},
      env: { PATH: dockerClientPath('/usr/bin/docker'), HOME: process.env.HOME ?? '/root' },
    });
    expect(result.stdout).not.toContain('::error');
    expect(result.code).toBe(0);
    expect(result.outputs.passed).toBe('true');
    expect(result.summary).toMatch(/^### berth doctor: this host as \S+: ready to deploy/);
    expect(result.summary).toContain('| nginx reload | ✅ ok |');
  }, 60_000);

  test('a port something else listens on: that row says so and how to fix it, exit 1', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(greenPort, '127.0.0.1', resolve));
    try {
      const result = await doctor();
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('passed=false');
      expect(result.stdout).toContain(
        `| port ${greenPort} (green-port) | ❌ missing | in use: something listens on 127.0.0.1:${greenPort} | choose another green-port, or stop what listens there (to see what: sudo ss -ltnp 'sport = :${greenPort}') |`,
      );
      expect(result.stderr).toContain(
        `error: berth doctor: 1 required check failed: port ${greenPort} (green-port) (this host). The table says how to fix each.`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);

  test('no docker on PATH: the fix line names the package, the checks that need docker are skipped, exit 1', async () => {
    // Only what the checks call besides docker: the shell and its tools, id, nginx.
    const bin = mkdtempSync(path.join(tmpdir(), 'berth-doctor-path-'));
    for (const [name, target] of [
      ['sh', '/bin/sh'],
      ['dirname', '/usr/bin/dirname'],
      ['df', '/bin/df'],
      ['id', '/usr/bin/id'],
      ['nginx', '/usr/sbin/nginx'],
    ]) {
      symlinkSync(target as string, path.join(bin, name as string));
    }
    const result = await doctor([], bin);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '| Docker engine | ❌ missing | docker: not found | install Docker (Debian/Ubuntu; elsewhere Docker Engine from docs.docker.com/engine/install): `sudo apt-get install -y docker.io` |',
    );
    expect(result.stdout).toContain('| BuildKit / buildx | ➖ skipped | needs the Docker engine |  |');
    expect(result.stderr).toContain(
      'fix: install Docker (Debian/Ubuntu; elsewhere Docker Engine from docs.docker.com/engine/install): sudo apt-get install -y docker.io',
    );
    expect(result.stderr).toContain(
      'error: berth doctor: 1 required check failed: Docker engine (this host).',
    );
    // nginx was still checked.
    expect(rows(result.stdout)).toContainEqual(['nginx reload', '✅ ok']);
  }, 60_000);

  test("each app's switch: reload-free and the colour nginx picks, or an earlier berth's (a warning)", async () => {
    const include = path.join(nginx.serversDir, 'shop-production-upstream.conf');
    const legacy = path.join(nginx.serversDir, 'old-production-upstream.conf');
    writeFileSync(
      include,
      renderSwitchInclude({
        name: 'shop_production',
        address: '127.0.0.1',
        ports: { blue: await freePort(), green: await freePort() },
        entryPort: await freePort(),
        marker: `${include}.green`,
        token: '00112233445566778899aabb',
        note: 'shop production',
        upstreamKeepaliveTimeout: true,
      }),
    );
    writeFileSync(`${include}.green`, '');
    writeFileSync(
      legacy,
      '# Managed by berth (old production: blue). Do not edit: berth rewrites this file on every deploy.\nupstream old_production {\n    server 127.0.0.1:18090 max_fails=0;\n    keepalive 16;\n}\n',
    );
    execFileSync('nginx', ['-p', nginx.prefix, '-c', 'conf/nginx.conf', '-s', 'reload']);
    try {
      let result = await doctor();
      for (let i = 0; i < 20 && !result.stdout.includes('to green'); i++) result = await doctor();
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /\| switch: shop production \| ✅ ok \| reload-free: nginx proxies shop\\_production to green \(berth's switch on 127\.0\.0\.1:\d+, .*shop-production-upstream\.conf\) \|/,
      );
      expect(rows(result.stdout)).toContainEqual(['switch: old production', '⚠️ warning']);
      expect(result.stdout).toContain(
        'the next deploy of this app and environment installs the reload-free switch (nginx reloads once then); nothing to edit',
      );
    } finally {
      for (const f of [include, `${include}.green`, legacy]) rmSync(f, { force: true });
      execFileSync('nginx', ['-p', nginx.prefix, '-c', 'conf/nginx.conf', '-s', 'reload']);
    }
  }, 60_000);

  (process.getuid?.() === 0 ? test : test.skip)(
    "an include directory nginx's workers cannot search: a failed row with the command that fixes it",
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'berth-doctor-private-')); // 0700, as mkdtemp makes it
      try {
        const result = await doctor(['--nginx-upstream-file', path.join(dir, 'api.conf')]);
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(
          new RegExp(
            `\\| nginx's workers see the switch \\| ❌ missing \\| nginx's workers \\(uid \\d+\\) cannot search ${dir} \\(mode 0700\\).*\\| .*\`sudo chmod o\\+x ${dir}\` \\|`,
          ),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
