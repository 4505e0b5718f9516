/**
 * deploy over SSH for real: `node dist/index.js` on the runner drives a server it reaches only through a
 * bastion (ProxyJump, pinned host keys) — the server's own dockerd and nginx, in network namespaces that
 * exist only on this machine. The server has no route to the registry, so images are streamed over SSH.
 * Load runs inside the server's namespace, through its nginx, during every switch.
 *
 * @needs docker registry htpasswd nginx busybox sshd ssh ip curl root
 */
import { execFileSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { tearDownAll } from '../sandbox/process.mjs';
import { createExec } from '../src/exec.js';
import { SshHost } from '../src/remote/ssh.js';
import { loggedInConfig, pushVersion, removeRegistryImages } from './helpers/app-images.js';
import { expectNoFailedRequest, startLoadProcess, type LoadReport } from './helpers/load.js';
import { TestNginx } from './helpers/nginx.js';
import { errorsOf, runnerEnv, writeLock } from './helpers/deploy-run.js';
import { dockerClientPath, TestRegistry } from './helpers/registry.js';
import { ROOT, runAction, spawnNode } from './helpers/run-dist.js';
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

afterAll(
  () =>
    tearDownAll([
      () => nginx?.stop(),
      () => hosts?.stop(),
      () => registry && removeRegistryImages(registry),
      () => registry?.stop(),
      () => stateDir && rmSync(stateDir, { recursive: true, force: true }),
      () => rmSync(RUNS_TMP, { recursive: true, force: true }),
      () => dockerConfig && rmSync(dockerConfig, { recursive: true, force: true }),
    ]),
  60_000,
);

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
  onSpawn?: (child: ChildProcess) => void,
) {
  return runAction({
    ...(onSpawn ? { onSpawn } : {}),
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
    env: { ...runnerEnv(registry, 'e'), TMPDIR: RUNS_TMP, ...env },
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
    `http://127.0.0.1:${nginx.port}`,
    {},
    (command, args, options) => hosts.appSpawn(command, args, options as SpawnOptions) as ChildProcess,
  );
}

const appContainers = (): string[] =>
  hosts
    .appExec(['docker', 'ps', '--format', '{{.Names}} {{.Status}}'])
    .trim()
    .split('\n')
    .filter((l) => l.startsWith(`${APP}-`));
/**
 * The runs' own temp directory (TMPDIR), where berth makes its SSH key and socket directories: what is
 * counted here is this file's alone, whatever else runs on the machine.
 */
const RUNS_TMP = mkdtempSync(path.join(tmpdir(), 'berth-ssh-runs-'));
const sshDirs = (): string[] => readdirSync(RUNS_TMP).filter((n) => n.startsWith('berth-ssh-'));
/** The runner's ssh processes of these runs' connections (clients and `[mux]` masters). */
const sshProcesses = (): string[] =>
  execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => /^ssh[: ]/.test(l) && l.includes(`${RUNS_TMP}/berth-ssh-`));

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
    expect(result.summary).toContain(`(blue) on root@\u200b${hosts.app.address}`); // no @mention in Markdown
    // No secret on the runner's log, and the key/config directory is gone.
    const log = result.stdout.replace(/::add-mask::.*\n/g, '');
    expect(log).not.toContain('remote-db-pw');
    expect(log).not.toContain(hosts.clientKey.split('\n')[1] as string);
    expect(sshDirs()).toEqual(before);
    // Every connection is closed when the step ends: no ssh master on the runner, no bastion session.
    expect(sshProcesses()).toEqual([]);
    expect(hosts.bastionSessions()).toBe(0);
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

  test('v2 under three loads on the server: 0 failed requests, POSTs included; no reload', async () => {
    const reloads = nginx.reloads();
    const load = loadOnServer();
    await new Promise((r) => setTimeout(r, 300));
    const result = await deploy('deploy', { image: images.v2 as string });
    await new Promise((r) => setTimeout(r, 300));
    const report = await load.stop();
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.outputs).toMatchObject({ color: 'green', 'previous-image-ref': images.v1 });
    expectNoFailedRequest(report);
    expect([...report.post.bodies].sort()).toEqual(['v1', 'v2']);
    expect(nginx.reloads()).toBe(reloads);
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
    expectNoFailedRequest(report);
    expect([...report.total.bodies]).toEqual(['v2']);
  }, 120_000);

  test('rollback over SSH returns to v1, whose image the server still has (nothing streamed), under load', async () => {
    const reloads = nginx.reloads();
    const load = loadOnServer();
    const result = await deploy('rollback');
    expectNoFailedRequest(await load.stop());
    expect(nginx.reloads()).toBe(reloads);
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
    // Nor its temporary directory on the server (the env file): still recorded for its post step.
    const left = JSON.parse(result.state['remote-temp-dirs'] ?? '[]') as Array<{ host: string; dir: string }>;
    expect(left).toEqual([
      { host: `root@${hosts.app.address}`, dir: expect.stringMatching(/^\/tmp\/berth-/) },
    ]);
    expect(existsSync(left[0]?.dir as string)).toBe(true);

    // What a dropped run leaves on the server (its env file) goes once it is a day old.
    const stale = path.join(tmpdir(), 'berth-Zz0Stale');
    mkdirSync(stale, { mode: 0o700 });
    writeFileSync(path.join(stale, 'env-left'), 'DATABASE_URL=secret\n', { mode: 0o600 });
    const dayAgo = new Date(Date.now() - 26 * 3600 * 1000);
    utimesSync(stale, dayAgo, dayAgo);
    const next = await deploy('deploy', { image: images.v2 as string });
    expect(existsSync(stale)).toBe(false);
    expect(errorsOf(next.stdout)).toEqual([]);
    expect(next.stdout).toMatch(
      /::warning::Breaking a stale deploy lock \(run \d+ by octocat .*; its process \d+ on this runner is gone\)/,
    );
    expect(served()).toBe('200 v2');

    // The dropped run's post step (the link is back) removes what it left on the server.
    const post = await deploy(
      'deploy',
      {},
      Object.fromEntries([
        ['STATE_isPost', 'true'],
        ...Object.entries(result.state).map(([k, v]) => [`STATE_${k}`, v]),
      ]),
    );
    expect(post.stdout).not.toContain('::warning::');
    expect(post.stdout).toContain(`removed ${left[0]?.dir} on root@${hosts.app.address}`);
    expect(existsSync(left[0]?.dir as string)).toBe(false);
  }, 150_000);

  test('a deploy killed mid-run: its post step leaves no key, config, socket, ssh process or bastion session', async () => {
    const before = sshDirs();
    let killed = false;
    const main = await deploy('deploy', { image: images.v1 as string }, {}, (child) => {
      // Killed once it works on the server: its ControlMaster and key directory exist by then.
      child.stdout?.on('data', (chunk: Buffer) => {
        if (!killed && chunk.toString().includes(`[root@${hosts.app.address}] $`)) {
          killed = true;
          child.kill('SIGKILL');
        }
      });
    });
    expect(killed).toBe(true);
    expect(main.code).toBe(null);
    const left = JSON.parse(main.state['ssh-dirs'] ?? '[]') as string[];
    expect(left).toHaveLength(1);
    expect(existsSync(left[0] as string)).toBe(true);
    expect(sshProcesses().length).toBeGreaterThan(0);
    const post = await deploy(
      'deploy',
      {},
      Object.fromEntries([
        ['STATE_isPost', 'true'],
        ...Object.entries(main.state).map(([k, v]) => [`STATE_${k}`, v]),
      ]),
    );
    expect(errorsOf(post.stdout)).toEqual([]);
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`removed ${left[0]}, the SSH key and connection a stopped run left behind`);
    expect(existsSync(left[0] as string)).toBe(false);
    expect(sshDirs()).toEqual(before);
    expect(sshProcesses()).toEqual([]);
    expect(hosts.bastionSessions()).toBe(0);
    expect(served()).toMatch(/^200 v/);
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

describe('image-transfer pull: the server logs in and pulls from a registry it reaches', () => {
  let serverRegistry: TestRegistry | undefined;
  /** v1's digest in the server's registry (the first test pushes it there and deploys it). */
  let pushedDigest = '';
  let holdingProxy: ChildProcess | undefined;
  afterAll(async () => {
    holdingProxy?.kill();
    await serverRegistry?.stop();
  });

  test('the password goes over SSH stdin to docker login on the server; the server pulls by digest', async () => {
    // A registry only the server can reach: on its own loopback, in its namespace.
    serverRegistry = await new TestRegistry('srv', `srv-pw-${Date.now().toString(36)}`).start({
      port: 15_000,
      spawn: (command, args) => hosts.appSpawn(command, args),
      status: (url) => Number(hosts.appExec(['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', url])),
    });
    // v1 into it, from the server's own engine (the runner cannot reach it either).
    const staged = `berth-ssh-stage/${APP}:v1`;
    execFileSync('/usr/bin/docker', ['--config', dockerConfig, 'pull', '-q', images.v1 as string]);
    execFileSync('/usr/bin/docker', ['tag', images.v1 as string, staged]);
    hosts.appExec(['docker', 'load', '-q'], {
      input: execFileSync('/usr/bin/docker', ['save', staged], { maxBuffer: 64 << 20 }),
    });
    execFileSync('/usr/bin/docker', ['image', 'rm', staged]);
    const target = `${serverRegistry.host}/${REPO}:v1`;
    const config = hosts.appExec(['mktemp', '-d']).trim();
    hosts.appExec(
      ['docker', '--config', config, 'login', serverRegistry.host, '-u', 'srv', '--password-stdin'],
      { input: serverRegistry.password },
    );
    hosts.appExec(['docker', 'tag', staged, target]);
    const pushed = hosts.appExec(['docker', '--config', config, 'push', target]);
    hosts.appExec(['docker', 'image', 'rm', staged, target]);
    hosts.appExec(['rm', '-rf', config]);
    const digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed)?.[1];
    expect(digest).toBeDefined();
    pushedDigest = digest as string;

    const result = await deploy(
      'deploy',
      { image: `${serverRegistry.host}/${REPO}@${digest}`, 'image-transfer': 'pull' },
      {
        'INPUT_REGISTRY-USERNAME': 'srv',
        'INPUT_REGISTRY-PASSWORD': serverRegistry.password,
      },
    );
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.stdout).toMatch(
      new RegExp(
        `\\[root@[0-9.]+\\] \\$ docker --config /tmp/berth-\\w+ login 127\\.0\\.0\\.1:15000 --username srv --password-stdin`,
      ),
    );
    expect(result.stdout).toContain(`[root@${hosts.app.address}] $ docker --config`);
    expect(result.stdout.replace(/::add-mask::.*\n/g, '')).not.toContain(serverRegistry.password);
    expect(served()).toBe('200 v1');
  }, 120_000);

  test('cancelled mid-pull (SIGINT, as the runner cancels): the post step leaves no key on the runner and no registry login on the server', async () => {
    expect(pushedDigest).not.toBe(''); // the test above put v1 in the server's registry and made it live
    const registryHost = (serverRegistry as TestRegistry).host;
    // The server's registry behind a proxy (in the server's namespace) that answers /v2/ — docker login
    // works — and holds every manifest and blob request: the server's `docker pull` waits, deterministically.
    const proxyPort = 15_001;
    holdingProxy = hosts.appSpawn(process.execPath, ['-e', HOLDING_PROXY, String(proxyPort), registryHost]);
    await until(() => serverAnswers(`http://127.0.0.1:${proxyPort}/v2/`) === 401, 'the holding proxy');
    const serverBefore = serverTempDirs();
    const localBefore = sshDirs();
    let interrupted = '';
    let watching = true;
    const main = await deploy(
      'deploy',
      { image: `127.0.0.1:${proxyPort}/${REPO}@${pushedDigest}`, 'image-transfer': 'pull' },
      {
        'INPUT_REGISTRY-USERNAME': 'srv',
        'INPUT_REGISTRY-PASSWORD': (serverRegistry as TestRegistry).password,
      },
      (child) =>
        whenPulling(
          child,
          () => watching,
          (dir) => {
            interrupted = dir;
            child.kill('SIGINT');
          },
          serverBefore,
        ),
    ).finally(() => (watching = false));
    expect(interrupted).toMatch(/^\/tmp\/berth-[A-Za-z0-9]{8}$/);
    expect(main.code).not.toBe(0);
    // What the cancel left: the key directory on the runner, the login on the server (today's proof).
    expect(sshDirs().length).toBeGreaterThan(localBefore.length);
    expect(serverTempDirs()).toContain(interrupted);

    // The runner's post step: the same inputs, the state the main step saved.
    const post = await deploy(
      'deploy',
      { image: `127.0.0.1:${proxyPort}/${REPO}@${pushedDigest}`, 'image-transfer': 'pull' },
      Object.fromEntries([
        ['INPUT_REGISTRY-USERNAME', 'srv'],
        ['INPUT_REGISTRY-PASSWORD', (serverRegistry as TestRegistry).password],
        ['STATE_isPost', 'true'],
        ...Object.entries(main.state).map(([k, v]) => [`STATE_${k}`, v]),
      ]),
    );
    expect(errorsOf(post.stdout)).toEqual([]);
    expect(post.stdout).not.toContain('::warning::');
    expect(post.code).toBe(0);
    expect(sshDirs()).toEqual(localBefore);
    expect(sshProcesses()).toEqual([]);
    expect(serverTempDirs()).toEqual(serverBefore);
    expect(served()).toBe('200 v1');
  }, 180_000);

  test('the CLI stopped mid-pull (SIGINT; no post step follows): it removes the login on the server and its key itself', async () => {
    expect(holdingProxy).toBeDefined(); // the test above started the proxy that holds the pull
    const serverBefore = serverTempDirs();
    const localBefore = sshDirs();
    let interrupted = '';
    let watching = true;
    const flags: Record<string, string> = {
      app: APP,
      environment: ENV,
      image: `127.0.0.1:15001/${REPO}@${pushedDigest}`,
      'image-transfer': 'pull',
      port: '8080',
      'blue-port': String(BLUE),
      'green-port': String(GREEN),
      'health-timeout': '5',
      'nginx-upstream-file': nginx.upstreamFile,
      'nginx-command': nginx.command,
      'state-dir': stateDir,
      'registry-username': 'srv',
      'ssh-host': hosts.app.address,
      'ssh-user': hosts.user,
      'ssh-known-hosts': hosts.knownHosts,
      bastion: `${hosts.user}@${hosts.bastion.address}`,
      'run-id': `cli-${Date.now()}`,
    };
    const result = await spawnNode(
      process.execPath,
      [
        path.join(ROOT, 'dist', 'cli', 'index.js'),
        'deploy',
        ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v]),
      ],
      {
        HOME: process.env.HOME ?? '/root',
        PATH: dockerClientPath('/usr/bin/docker'),
        TMPDIR: RUNS_TMP,
        BERTH_SSH_KEY: hosts.clientKey,
        BERTH_REGISTRY_PASSWORD: (serverRegistry as TestRegistry).password,
      },
      ROOT,
      (child) =>
        whenPulling(
          child,
          () => watching,
          (dir) => {
            interrupted = dir;
            child.kill('SIGINT');
          },
          serverBefore,
        ),
    ).finally(() => (watching = false));
    expect(interrupted).toMatch(/^\/tmp\/berth-[A-Za-z0-9]{8}$/);
    expect(result.stderr).toContain(
      "berth: SIGINT: removing this run's temporary files on its servers and here",
    );
    expect(result.code).toBe(130);
    expect(serverTempDirs()).toEqual(serverBefore);
    expect(sshDirs()).toEqual(localBefore);
    expect(sshProcesses()).toEqual([]);
    expect(served()).toBe('200 v1');
  }, 120_000);
});

/**
 * Watches a run until the server is mid-pull — a `docker --config /tmp/berth-XXXXXXXX pull` running
 * whose directory holds the login's config.json — then calls `then` with that directory, once.
 */
function whenPulling(
  child: ChildProcess,
  watching: () => boolean,
  then: (dir: string) => void,
  /** Directories there before this run (an earlier run's, not this one's). */
  before: readonly string[],
): void {
  void (async () => {
    while (watching() && child.exitCode === null) {
      const running = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
      for (const [, dir] of running.matchAll(/docker --config (\/tmp\/berth-[A-Za-z0-9]{8}) pull /g)) {
        const login = hosts.appExec([
          'sh',
          '-c',
          'test -f "$1/config.json" && echo yes || true',
          'sh',
          dir as string,
        ]);
        if (!before.includes(dir as string) && login.trim() === 'yes') return then(dir as string);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
}

/** The server's berth-XXXXXXXX directories (its SSH sessions have no TMPDIR: /tmp). */
const serverTempDirs = (): string[] =>
  hosts
    .appExec(['find', '/tmp', '-maxdepth', '1', '-type', 'd', '-name', 'berth-????????'])
    .split('\n')
    .filter((l) => l !== '')
    .sort();

/**
 * An HTTP proxy to the registry at argv[2] on 127.0.0.1:argv[1] that never answers a manifest or blob
 * request (a pull that hangs), and forwards everything else (docker login's /v2/).
 */
const HOLDING_PROXY = `
const http = require('node:http');
const [port, target] = process.argv.slice(1);
const [host, targetPort] = target.split(':');
http.createServer((req, res) => {
  if (/\\/(manifests|blobs)\\//.test(req.url)) return;
  const up = http.request({ host, port: Number(targetPort), method: req.method, path: req.url, headers: req.headers }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  up.on('error', () => res.destroy());
  req.pipe(up);
}).listen(Number(port), '127.0.0.1');
`;

function serverAnswers(url: string): number {
  try {
    return Number(hosts.appExec(['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', url]));
  } catch {
    return 0; // not listening yet
  }
}

async function until(ready: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`${what} did not come up in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('SSH mistakes are named, and nothing changes on the server', () => {
  test('a host key that is not the pinned one: the run stops before connecting', async () => {
    const before = served();
    const [bastionLine, appLine] = hosts.knownHosts.trim().split('\n') as [string, string];
    const swapped = `${bastionLine}\n${appLine.split(' ')[0]} ${bastionLine.split(' ').slice(1).join(' ')}\n`;
    const result = await deploy('deploy', { image: images.v1 as string, 'ssh-known-hosts': swapped });
    expect(result.code).toBe(1);
    expect(errorsOf(result.stdout)).toEqual([
      expect.stringMatching(
        /^::error::ssh-known-hosts: the host key of root@10\.213\.\d+\.\d+ via root@10\.213\.\d+\.\d+ is not the one pinned/,
      ),
    ]);
    expect(served()).toBe(before);
  }, 60_000);

  test('several hosts, the first unreachable: the run stops there and names the hosts it did not touch', async () => {
    const before = served();
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
    expect(served()).toBe(before);
  }, 60_000);
});

describe('several servers behind one bastion, one at a time', () => {
  let multi: TestSshHosts;
  let servers: Array<{ address: string; nginx: TestNginx; exec: (argv: string[]) => string }>;

  beforeAll(async () => {
    multi = await new TestSshHosts({ apps: 2, privatePath: true }).start();
    // The same paths on each server (as real servers would have), each server its own files.
    servers = await Promise.all(
      multi.apps.map(async (app) => {
        const nginx = await new TestNginx(`${APP}_${ENV}`, {
          prefix: path.join(multi.privatePath, 'nginx'),
          localPrefix: path.join(app.privateDir, 'nginx'),
          run: (argv) => void app.exec(argv),
        }).start(BLUE);
        return { address: app.address, nginx, exec: (argv: string[]) => app.exec(argv) };
      }),
    );
  }, 120_000);

  afterAll(
    () => tearDownAll([...(servers ?? []).map((s) => () => s.nginx.stop()), () => multi?.stop()]),
    60_000,
  );

  const both = (image: string, extra: Record<string, string> = {}) =>
    deploy('deploy', {
      image,
      'ssh-host': servers.map((s) => s.address).join(', '),
      'ssh-known-hosts': multi.knownHosts,
      'ssh-key': multi.clientKey,
      bastion: `root@${multi.bastion.address}`,
      'nginx-upstream-file': servers[0]?.nginx.upstreamFile as string,
      'nginx-command': servers[0]?.nginx.command as string,
      'state-dir': path.join(multi.privatePath, 'state'),
      ...extra,
    });
  const esc = (text = ''): string => text.replace(/\./g, '\\.');
  const servedBy = (s: { exec: (argv: string[]) => string; nginx: TestNginx }): string =>
    s.exec(['curl', '-s', '-m', '5', `http://127.0.0.1:${s.nginx.port}/version`]).trim();

  test('v1 then v2 reach both servers in order; output hosts reports each', async () => {
    for (const [version, color] of [
      ['v1', 'blue'],
      ['v2', 'green'],
    ] as const) {
      const result = await both(images[version] as string);
      expect(errorsOf(result.stdout)).toEqual([]);
      expect(JSON.parse(result.outputs.hosts as string)).toEqual(
        servers.map((s) => ({
          host: `root@${s.address}`,
          color,
          'image-ref': images[version],
          'previous-image-ref': version === 'v1' ? '' : images.v1,
        })),
      );
      expect(result.stdout.indexOf(`— host 1 of 2: root@${servers[0]?.address}`)).toBeLessThan(
        result.stdout.indexOf(`— host 2 of 2: root@${servers[1]?.address}`),
      );
      expect(servers.map(servedBy)).toEqual([version, version]);
      // One reload per server, for the first deploy (the switch installed); none for the second.
      expect(servers.map((s) => s.nginx.reloads())).toEqual([1, 1]);
    }
  }, 180_000);

  test('a broken v3 stops at the first server; the second is not touched and keeps v2', async () => {
    const result = await both(images.v3 as string);
    expect(result.code).toBe(1);
    expect(errorsOf(result.stdout)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::error::root@${esc(servers[0]?.address)} \\(host 1 of 2\\): .* is not healthy: .* keeps serving\\. Not touched, still on the old version: root@${esc(servers[1]?.address)}\\.$`,
        ),
      ),
    ]);
    expect(result.stdout).not.toContain('— host 2 of 2');
    expect(servers.map(servedBy)).toEqual(['v2', 'v2']);
  }, 120_000);

  test('status over SSH: each server says what is live and its own history; the refused v3 is on the first only (issue 20)', async () => {
    const keyDirsBefore = sshDirs();
    const result = await runAction({
      inputs: {
        command: 'status',
        app: APP,
        environment: ENV,
        'ssh-host': servers.map((s) => s.address).join(', '),
        'ssh-user': hosts.user,
        'ssh-key': multi.clientKey,
        'ssh-known-hosts': multi.knownHosts,
        bastion: `root@${multi.bastion.address}`,
        'state-dir': path.join(multi.privatePath, 'state'),
        history: '2',
      },
      eventName: 'workflow_dispatch',
      payload: {},
      env: { HOME: process.env.HOME ?? '/root', TMPDIR: RUNS_TMP, PATH: process.env.PATH ?? '' },
    });
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.outputs.status as string);
    expect(status.hosts.map((h: { host: string }) => h.host)).toEqual(
      servers.map((s) => `root@${s.address}`),
    );
    for (const h of status.hosts) {
      expect(h.live).toMatchObject({ color: 'green', 'image-ref': images.v2, container: 'running' });
      expect(h.deploys).toBeGreaterThanOrEqual(2);
    }
    const [first, second] = status.hosts;
    expect(first.history[0]).toMatchObject({
      result: 'failed',
      'image-ref': images.v3,
      error: expect.stringContaining('not healthy'),
    });
    expect(first.history[1]).toMatchObject({ result: 'success', 'image-ref': images.v2 });
    expect(second.history[0]).toMatchObject({ result: 'success', 'image-ref': images.v2 });
    expect(result.outputs['image-ref']).toBe(images.v2);
    expect(result.stdout).toContain(`${APP}-${ENV} on root@${servers[1]?.address}`);
    // Nothing of the run is left on the runner: no key directory.
    expect(sshDirs()).toEqual(keyDirsBefore);
  }, 120_000);
});

describe("SshHost's file scripts on a real server", () => {
  const open = async (): Promise<SshHost> =>
    SshHost.open(
      createExec({ info: () => undefined }),
      { info: () => undefined },
      {
        endpoint: { user: hosts.user, host: hosts.app.address, port: 22 },
        jumps: [{ user: hosts.user, host: hosts.bastion.address, port: 22 }],
        key: hosts.clientKey,
        knownHosts: hosts.knownHosts,
      },
    );

  test('a 0600 file in new directories: the directories keep x (the umask is set after mkdir)', async () => {
    const host = await open();
    try {
      const file = path.join(stateDir, 'made', 'by', 'berth', 'state.json');
      await host.writeFile(file, '{}\n', { mode: 0o600 });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      for (const dir of [path.dirname(file), path.join(stateDir, 'made')]) {
        expect(statSync(dir).mode & 0o100).toBe(0o100);
      }
    } finally {
      await host.close();
    }
  }, 60_000);

  test('history.jsonl planted as a symlink is not appended through; a file of its own is', async () => {
    const host = await open();
    try {
      const dir = path.join(stateDir, 'planted');
      mkdirSync(dir, { recursive: true });
      const victim = path.join(stateDir, 'victim.txt');
      writeFileSync(victim, 'untouched\n');
      symlinkSync(victim, path.join(dir, 'history.jsonl'));
      await expect(host.appendFile(path.join(dir, 'history.jsonl'), '{"x":1}\n')).rejects.toThrow(
        /history\.jsonl is a symlink; berth appends only to a file of its own/,
      );
      expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
      await host.appendFile(path.join(dir, 'own.jsonl'), 'a\n');
      await host.appendFile(path.join(dir, 'own.jsonl'), 'b\n');
      expect(lstatSync(path.join(dir, 'own.jsonl')).isFile()).toBe(true);
      expect(readFileSync(path.join(dir, 'own.jsonl'), 'utf8')).toBe('a\nb\n');
    } finally {
      await host.close();
    }
  }, 60_000);

  test("the post step's removeTempDir: berth's own directory goes; a link named like one, or one elsewhere, stays", async () => {
    const host = await open();
    // The server shares this machine's files; its SSH sessions have no TMPDIR: /tmp.
    const victim = mkdtempSync(path.join('/tmp', 'berth-victim-'));
    writeFileSync(path.join(victim, 'keep'), 'x');
    const link = `/tmp/berth-${Math.random().toString(36).slice(2, 10).padEnd(8, 'q')}`;
    symlinkSync(victim, link);
    const nested = path.join(mkdtempSync(path.join('/tmp', 'berth-nest-')), 'berth-abcdefgh');
    mkdirSync(nested);
    try {
      const dir = await host.makeTempDir();
      writeFileSync(path.join(dir, 'config.json'), '{"auths":{}}');
      expect(await host.removeTempDir(dir)).toBe(true);
      expect(existsSync(dir)).toBe(false);
      expect(await host.removeTempDir(dir)).toBe(false); // gone already: nothing to do
      await expect(host.removeTempDir(link)).rejects.toThrow(
        `${link} on root@${hosts.app.address} is not a directory of this user's in its temp dir (TMPDIR); left alone`,
      );
      await expect(host.removeTempDir(nested)).rejects.toThrow('left alone');
      expect(existsSync(path.join(victim, 'keep'))).toBe(true);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(existsSync(nested)).toBe(true);
    } finally {
      await host.close();
      for (const p of [link, victim, path.dirname(nested)]) rmSync(p, { recursive: true, force: true });
    }
  }, 60_000);
});
