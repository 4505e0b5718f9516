/**
 * deploy over SSH for real: `node dist/index.js` on the runner drives a server it reaches only through a
 * bastion (ProxyJump, pinned host keys) — the server's own dockerd and nginx, in network namespaces that
 * exist only on this machine. The server has no route to the registry, so images are streamed over SSH.
 * Load runs inside the server's namespace, through its nginx, during every switch.
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { loggedInConfig, pushVersion, removeRegistryImages } from './helpers/app-images.js';
import { startLoadProcess, type LoadReport } from './helpers/load.js';
import { TestNginx } from './helpers/nginx.js';
import { errorsOf, runnerEnv, writeLock } from './helpers/deploy-run.js';
import { TestRegistry } from './helpers/registry.js';
import { runAction } from './helpers/run-dist.js';
import { TestSshHosts } from './helpers/ssh-hosts.js';

const APP = `bs${Math.random().toString(36).slice(2, 8)}`;
const ENV = 'production';
const REPO = `berth-ssh/${APP}`;
const BLUE = 18_080;
const GREEN = 18_081;
let hosts: TestSshHosts;
let registry: TestRegistry;
let nginx: TestNginx;
let stateDir: string;
let dockerConfig: string;
const images: Record<string, string> = {};

beforeAll(async () => {
  hosts = await new TestSshHosts().start();
  registry = await new TestRegistry().start();
  dockerConfig = loggedInConfig(registry);
  for (const [version, kind] of [
    ['v1', 'good'],
    ['v2', 'good'],
    ['v3', 'unhealthy'],
  ] as const) {
    images[version] = await pushVersion(registry, dockerConfig, REPO, version, kind);
  }
  // The server's nginx runs in its namespace (the runner cannot reach it); berth reaches it over SSH.
  nginx = await new TestNginx(`${APP}_${ENV}`).start(BLUE, (argv) => void hosts.appExec(argv));
  stateDir = mkdtempSync(path.join(tmpdir(), 'berth-remote-state-'));
}, 180_000);

afterAll(async () => {
  nginx?.stop();
  await hosts?.stop();
  removeRegistryImages(registry);
  await registry?.stop();
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(dockerConfig, { recursive: true, force: true });
}, 60_000);

function sshInputs(): Record<string, string> {
  return {
    'ssh-host': hosts.app.address,
    'ssh-user': hosts.user,
    'ssh-key': hosts.clientKey,
    'ssh-known-hosts': hosts.knownHosts,
    bastion: `${hosts.user}@${hosts.bastion.address}`,
    'image-transfer': 'stream',
  };
}

function deploy(
  command: 'deploy' | 'rollback',
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
) {
  return runAction({
    inputs: {
      command,
      app: APP,
      environment: ENV,
      port: '8080',
      'blue-port': String(BLUE),
      'green-port': String(GREEN),
      'health-timeout': '5',
      'stop-timeout': '5',
      'nginx-upstream-file': nginx.upstreamFile,
      'nginx-command': nginx.command,
      'state-dir': stateDir,
      env: 'DATABASE_URL=postgres://app:remote-db-pw@db/app',
      ...sshInputs(),
      ...inputs,
    },
    eventName: 'workflow_dispatch',
    payload: {},
    env: { ...runnerEnv(registry, 'e'), ...env },
  });
}

/** GET through the server's nginx, from inside the server's namespace. */
function served(): string {
  const out = hosts.appExec([
    'curl',
    '-s',
    '-m',
    '5',
    '-w',
    ' %{http_code}',
    `http://127.0.0.1:${nginx.port}/version`,
  ]);
  const [body, code] = [out.slice(0, out.lastIndexOf(' ')).trim(), out.slice(out.lastIndexOf(' ') + 1)];
  return `${code} ${body}`;
}

function loadOnServer(): { stop: () => Promise<LoadReport> } {
  return startLoadProcess(
    (command, args, options) => hosts.appSpawn(command, args, options as SpawnOptions) as ChildProcess,
    `http://127.0.0.1:${nginx.port}/version`,
  );
}

const appContainers = (): string[] =>
  hosts
    .appExec(['docker', 'ps', '--format', '{{.Names}} {{.Status}}'])
    .trim()
    .split('\n')
    .filter((l) => l.startsWith(`${APP}-`));
const sshDirs = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith('berth-ssh-'));

describe('blue/green over SSH through a bastion', () => {
  test('v1: streamed to a server without a route to the registry, started, gated, switched', async () => {
    const before = sshDirs();
    const result = await deploy('deploy', { image: images.v1 as string });
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Connecting to root@${hosts.app.address} via root@${hosts.bastion.address}…`,
    );
    expect(result.stdout).toMatch(/streamed .*:berth-[0-9a-f]{12} to root@/);
    expect(result.outputs).toMatchObject({ color: 'blue', 'image-ref': images.v1 });
    expect(JSON.parse(result.outputs.hosts as string)).toEqual([
      { host: `root@${hosts.app.address}`, color: 'blue', 'image-ref': images.v1, 'previous-image-ref': '' },
    ]);
    expect(served()).toBe('200 v1');
    expect(result.summary).toContain(`(blue) on root&#64;${hosts.app.address}`); // no @mention in Markdown
    // No secret on the runner's log, and the key/config directory is gone.
    const log = result.stdout.replace(/::add-mask::.*\n/g, '');
    expect(log).not.toContain('remote-db-pw');
    expect(log).not.toContain(hosts.clientKey.split('\n')[1] as string);
    expect(sshDirs()).toEqual(before);
    // The env reached the container on the server, through a file that is gone.
    expect(
      hosts.appExec([
        'docker',
        'inspect',
        '--format',
        '{{range .Config.Env}}{{println .}}{{end}}',
        `${APP}-${ENV}-blue`,
      ]),
    ).toContain('DATABASE_URL=postgres://app:remote-db-pw@db/app');
  }, 120_000);

  test('v2 under load on the server: nothing reaches a missing colour', async () => {
    const load = loadOnServer();
    await new Promise((r) => setTimeout(r, 300));
    const result = await deploy('deploy', { image: images.v2 as string });
    await new Promise((r) => setTimeout(r, 300));
    const report = await load.stop();
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.outputs).toMatchObject({ color: 'green', 'previous-image-ref': images.v1 });
    expect(report.non2xx).toBe(0);
    expect(report.errors).toBeLessThanOrEqual(2); // nginx's reload race on fresh connections, as in deploy.int
    expect(report.requests).toBeGreaterThan(50);
    expect([...report.bodies].sort()).toEqual(['v1', 'v2']);
    expect(served()).toBe('200 v2');
  }, 120_000);

  test('a broken v3 is refused on the server while v2 keeps serving', async () => {
    const load = loadOnServer();
    const result = await deploy('deploy', { image: images.v3 as string });
    const report = await load.stop();
    expect(result.code).toBe(1);
    expect(errorsOf(result.stdout)).toEqual([
      expect.stringMatching(
        /is not healthy: http:\/\/127\.0\.0\.1:18080\/health did not answer 2xx within 5 s .* keeps serving\.$/,
      ),
    ]);
    expect({ non2xx: report.non2xx, errors: report.errors, bodies: [...report.bodies] }).toEqual({
      non2xx: 0,
      errors: 0,
      bodies: ['v2'],
    });
  }, 120_000);

  test('rollback over SSH returns to v1, whose image the server still has (nothing streamed)', async () => {
    const result = await deploy('rollback');
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.outputs).toMatchObject({
      color: 'blue',
      'image-ref': images.v1,
      'previous-image-ref': images.v2,
    });
    expect(result.stdout).toMatch(
      new RegExp(
        `:berth-[0-9a-f]{12} is already on root@${hosts.app.address.replace(/\./g, '\\.')}; nothing to stream`,
      ),
    );
    expect(served()).toBe('200 v1');
  }, 120_000);

  test('SSH drops mid-deploy: the run fails saying so; the server keeps serving; the next deploy recovers', async () => {
    const lock = path.join(stateDir, `${APP}-${ENV}`, 'lock');
    const running = deploy('deploy', { image: images.v3 as string, 'health-timeout': '60' });
    // Cut the runner↔bastion link once the new colour is starting on the server (bounded wait).
    for (let i = 0; i < 300 && appContainers().length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(appContainers()).toHaveLength(2);
    const cutAt = Date.now();
    hosts.cutLink();
    let result: Awaited<ReturnType<typeof deploy>>;
    try {
      result = await running;
    } finally {
      hosts.restoreLink();
    }
    expect(Date.now() - cutAt).toBeLessThan(15_000); // keep-alives every 3 s, 3 missed
    expect(result.code).toBe(1);
    expect(errorsOf(result.stdout)).toEqual([
      expect.stringMatching(/^::error::lost the SSH connection to root@10\.213\.\d+\.\d+ while /),
    ]);
    expect(served()).toBe('200 v1');
    expect(existsSync(lock)).toBe(true); // it could not be released over a dead link

    const next = await deploy('deploy', { image: images.v2 as string });
    expect(errorsOf(next.stdout)).toEqual([]);
    expect(next.stdout).toMatch(
      /::warning::Breaking a stale deploy lock \(run \d+ by octocat .*; its process \d+ on this runner is gone\)/,
    );
    expect(served()).toBe('200 v2');
  }, 120_000);

  test('the post step reconnects over SSH to release a lock its cancelled run left', async () => {
    const lock = path.join(stateDir, `${APP}-${ENV}`, 'lock');
    writeLock(lock, { runId: '555' });
    const result = await deploy(
      'deploy',
      {},
      {
        STATE_isPost: 'true',
        'STATE_deploy-lock': JSON.stringify({ host: `root@${hosts.app.address}`, dir: lock, runId: '555' }),
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`released the deploy lock ${lock} on root@${hosts.app.address}`);
    expect(existsSync(lock)).toBe(false);
  }, 60_000);
});

describe('SSH mistakes are named, and nothing changes on the server', () => {
  test('a host key that is not the pinned one: the run stops before connecting', async () => {
    const [bastionLine, appLine] = hosts.knownHosts.trim().split('\n') as [string, string];
    const swapped = `${bastionLine}\n${appLine.split(' ')[0]} ${bastionLine.split(' ').slice(1).join(' ')}\n`;
    const result = await deploy('deploy', { image: images.v1 as string, 'ssh-known-hosts': swapped });
    expect(result.code).toBe(1);
    expect(errorsOf(result.stdout)).toEqual([
      expect.stringMatching(
        /^::error::ssh-known-hosts: the host key of root@10\.213\.\d+\.\d+ via root@10\.213\.\d+\.\d+ is not the one pinned/,
      ),
    ]);
    expect(served()).toBe('200 v2');
  }, 60_000);

  test('several hosts, the first unreachable: the run stops there and names the hosts it did not touch', async () => {
    const dead = '10.213.254.254';
    const result = await deploy('deploy', {
      image: images.v1 as string,
      'ssh-host': `${dead}, ${hosts.app.address}`,
      'ssh-known-hosts': `${hosts.knownHosts}${dead} ${hosts.knownHosts.split('\n')[0]?.split(' ').slice(1).join(' ')}\n`,
    });
    expect(result.code).toBe(1);
    expect(errorsOf(result.stdout)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::error::root@${dead} \\(host 1 of 2\\): ssh-host / bastion: cannot connect to root@${dead} via .* Not touched, still on the old version: root@${hosts.app.address.replace(/\./g, '\\.')}\\.$`,
        ),
      ),
    ]);
    expect(served()).toBe('200 v2');
  }, 60_000);
});
