/**
 * deploy's faults for real (`node dist/index.js`, Docker, registry, nginx): the registry unreachable
 * during the pull, two deploys at once, a run killed while it holds the lock — each with the live
 * version still serving — plus strategy recreate and the developers-only server block.
 *
 * @needs docker registry htpasswd nginx busybox
 */
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { docker, loggedInConfig, pushVersion, type AppKind } from './helpers/app-images.js';
import { expectNoFailedRequest, startLoads } from './helpers/load.js';
import { TestNginx } from './helpers/nginx.js';
import { errorsOf, runnerEnv, tearDownDeployBed } from './helpers/deploy-run.js';
import { freePort, TestRegistry } from './helpers/registry.js';
import { runAction } from './helpers/run-dist.js';

const APP = `bf${Math.random().toString(36).slice(2, 8)}`;
const WORKER = `${APP}w`;
const ENV = 'staging';
let registry: TestRegistry;
let nginx: TestNginx;
let stateDir: string;
let dockerConfig: string;
let bluePort: number;
let greenPort: number;
const images: Record<string, string> = {};

beforeAll(async () => {
  registry = await new TestRegistry().start();
  dockerConfig = loggedInConfig(registry);
  bluePort = await freePort();
  greenPort = await freePort();
  nginx = await new TestNginx(`${APP}_${ENV}`).start(bluePort);
  stateDir = mkdtempSync(path.join(tmpdir(), 'berth-state-'));
  const versions: Array<[string, string, AppKind]> = [
    ['v1', `berth-faults/${APP}`, 'good'],
    ['v2', `berth-faults/${APP}`, 'good'],
    ['slow', `berth-faults/${APP}`, 'unhealthy'],
    ['w1', `berth-faults/${WORKER}`, 'worker'],
    ['w2', `berth-faults/${WORKER}`, 'worker'],
    ['w3', `berth-faults/${WORKER}`, 'worker-dies'],
  ];
  for (const [version, repo, kind] of versions)
    images[version] = await pushVersion(registry, dockerConfig, repo, version, kind);
}, 180_000);

afterAll(async () => {
  for (const name of [
    `${APP}-${ENV}-blue`,
    `${APP}-${ENV}-green`,
    `${WORKER}-${ENV}`,
    `${WORKER}-${ENV}-previous`,
  ]) {
    try {
      docker('rm', '--force', name);
    } catch {
      // not there
    }
  }
  await tearDownDeployBed({ registry, nginx, stateDir, dockerConfig });
});

function deploy(
  command: 'deploy' | 'rollback',
  inputs: Record<string, string>,
  onSpawn?: (child: ChildProcess) => void,
) {
  return runAction({
    inputs: {
      command,
      app: APP,
      environment: ENV,
      port: '8080',
      'blue-port': String(bluePort),
      'green-port': String(greenPort),
      'health-timeout': '5',
      'stop-timeout': '5',
      'nginx-upstream-file': nginx.upstreamFile,
      'nginx-command': nginx.command,
      'state-dir': stateDir,
      ...inputs,
    },
    eventName: 'workflow_dispatch',
    payload: {},
    env: runnerEnv(registry, 'd'),
    onSpawn,
  });
}

async function served(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${nginx.port}/version`);
  return `${res.status} ${(await res.text()).trim()}`;
}

const history = (app = APP): Array<Record<string, unknown>> =>
  readFileSync(path.join(stateDir, `${app}-${ENV}`, 'history.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('faults: the live version keeps serving', () => {
  test('v1 goes live', async () => {
    const result = await deploy('deploy', { image: images.v1 as string });
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(await served()).toBe('200 v1');
  }, 60_000);

  (process.getuid?.() === 0 ? test : test.skip)(
    "an include in a directory nginx's workers cannot search: refused before anything changes, naming the fix",
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'berth-private-')); // 0700, as mkdtemp makes it
      const reloads = nginx.reloads();
      try {
        const result = await deploy('deploy', {
          image: images.v2 as string,
          'nginx-upstream-file': path.join(dir, 'berth.conf'),
        });
        expect(result.code).toBe(1);
        expect(errorsOf(result.stdout)).toEqual([
          `::error::nginx-upstream-file: nginx's workers (uid 65534) cannot search ${dir} (mode 0700), so they would never see berth's switch marker ${dir}/berth.conf.green; let them in: sudo chmod o+x ${dir} (or move nginx-upstream-file to a directory nginx's user can read, e.g. /etc/nginx/berth)`,
        ]);
        expect(readdirSync(dir)).toEqual([]);
        expect(nginx.reloads()).toBe(reloads);
        expect(await served()).toBe('200 v1');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );

  test("no nginx running: stopped before anything starts, saying so; berth's include stays for nginx to start with", async () => {
    const app = `${APP}down`;
    const prefix = mkdtempSync(path.join(tmpdir(), 'berth-nginx-down-'));
    chmodSync(prefix, 0o755);
    mkdirSync(path.join(prefix, 'logs'));
    mkdirSync(path.join(prefix, 'conf'));
    const include = path.join(prefix, 'conf', 'berth.conf');
    const port = await freePort();
    // A server whose nginx cannot start yet: its server block names berth's upstream, which is not there.
    writeFileSync(
      path.join(prefix, 'conf', 'nginx.conf'),
      `user nobody nogroup;\npid ${prefix}/logs/nginx.pid;\nerror_log ${prefix}/logs/error.log notice;\nevents {}\nhttp {\n  include ${include};\n  server { listen 127.0.0.1:${port}; location / { proxy_pass http://${app}_${ENV}; } }\n}\n`,
    );
    const command = `nginx -p ${prefix} -c conf/nginx.conf`;
    const inputs = {
      app,
      image: images.v1 as string,
      'blue-port': String(await freePort()),
      'green-port': String(await freePort()),
      'nginx-command': command,
      'nginx-upstream-file': include,
    };
    try {
      const result = await deploy('deploy', inputs);
      expect(result.code).toBe(1);
      expect(errorsOf(result.stdout)).toEqual([
        expect.stringMatching(
          /^::error::nginx-command: nginx does not seem to be running on this host \(no pid in .*nginx\.pid\); start it, .* \(berth's include .*berth\.conf is in place for it\)$/,
        ),
      ]);
      expect(docker('ps', '-a', '--filter', `name=^${app}-`, '--format', '{{.Names}}').trim()).toBe('');
      execFileSync('nginx', ['-p', prefix, '-c', 'conf/nginx.conf'], { timeout: 10_000 });
      const next = await deploy('deploy', inputs);
      expect(errorsOf(next.stdout)).toEqual([]);
      const res = await fetch(`http://127.0.0.1:${port}/version`);
      expect(`${res.status} ${(await res.text()).trim()}`).toBe('200 v1');
    } finally {
      spawnSync('nginx', ['-p', prefix, '-c', 'conf/nginx.conf', '-s', 'quit'], { timeout: 10_000 });
      for (const colour of ['blue', 'green'])
        spawnSync('/usr/bin/docker', ['rm', '--force', `${app}-${ENV}-${colour}`]);
      rmSync(prefix, { recursive: true, force: true });
    }
  }, 90_000);

  test('the registry unreachable during the pull: retried, then a clear failure; v1 serves throughout', async () => {
    const gone = `127.0.0.1:${await freePort()}/berth-faults/${APP}@${(images.v2 as string).split('@')[1]}`;
    const load = startLoads(`http://127.0.0.1:${nginx.port}`);
    const result = await deploy('deploy', { image: gone });
    const report = await load.stop();
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::warning::registry 127\.0\.0\.1:\d+ is unreachable from this host \(docker login\): .*connection refused; retry 1 in 500 ms/,
    );
    expect(errorsOf(result.stdout)).toEqual([
      expect.stringMatching(
        /^::error::registry 127\.0\.0\.1:\d+ is unreachable from this host \(docker login\): .*connection refused$/,
      ),
    ]);
    expectNoFailedRequest(report);
    expect([...report.total.bodies]).toEqual(['v1']);
    expect(
      docker('ps', '-a', '--filter', `name=^${APP}-${ENV}-green$`, '--format', '{{.Names}}').trim(),
    ).toBe('');
  }, 60_000);

  test('two deploys at once (two real processes): one waits for the other; both land, one after the other', async () => {
    const reloads = nginx.reloads();
    const load = startLoads(`http://127.0.0.1:${nginx.port}`);
    // The second starts once the first holds the lock (bounded wait): on a loaded machine two processes
    // started together need not overlap at all, and then neither would wait.
    const lock = path.join(stateDir, `${APP}-${ENV}`, 'lock', 'owner.json');
    const started = deploy('deploy', { image: images.v2 as string });
    for (let i = 0; i < 300 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
    const [a, b] = await Promise.all([started, deploy('deploy', { image: images.v1 as string })]);
    const report = await load.stop();
    expect([errorsOf(a.stdout), errorsOf(b.stdout), a.code, b.code]).toEqual([[], [], 0, 0]);
    const waited = [a, b].filter((r) => r.stdout.includes('waiting for the deploy lock: held by run'));
    expect(waited).toHaveLength(1);
    expectNoFailedRequest(report);
    expect(nginx.reloads()).toBe(reloads);
    // The two switches did not interleave: the history shows two successes, the second starting from the first's image.
    const [first, second] = history().slice(-2);
    expect(first).toMatchObject({ result: 'success' });
    expect(second).toMatchObject({ result: 'success', previousImageRef: first?.imageRef });
    expect(await served()).toBe(`200 ${second?.imageRef === images.v2 ? 'v2' : 'v1'}`);
  }, 120_000);

  test('a run killed (SIGKILL) while it holds the lock: the live version serves; the next deploy breaks the lock at once', async () => {
    const before = await served();
    const lock = path.join(stateDir, `${APP}-${ENV}`, 'lock');
    let child: ChildProcess | undefined;
    const killed = deploy(
      'deploy',
      { image: images.slow as string, 'health-timeout': '60' },
      (c) => (child = c),
    );
    // Wait (bounded) until it holds the lock and its new colour is starting, then kill it outright.
    for (
      let i = 0;
      i < 200 &&
      !(
        existsSync(path.join(lock, 'owner.json')) &&
        docker('ps', '--format', '{{.Names}}').includes(`${APP}-${ENV}-`) &&
        docker('ps', '--format', '{{.Names}}')
          .split('\n')
          .filter((n) => n.startsWith(`${APP}-${ENV}-`)).length === 2
      );
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(existsSync(path.join(lock, 'owner.json'))).toBe(true);
    child?.kill('SIGKILL');
    const result = await killed;
    expect(result.code).toBe(null);
    expect(existsSync(lock)).toBe(true); // nobody released it
    expect(await served()).toBe(before);

    const next = await deploy('deploy', { image: images.v2 as string, 'lock-timeout': '30' });
    expect(errorsOf(next.stdout)).toEqual([]);
    expect(next.stdout).toMatch(
      /::warning::Breaking a stale deploy lock \(run \d+ by octocat .*; its process \d+ on this runner is gone\)/,
    );
    expect(await served()).toBe('200 v2');
  }, 120_000);
});

describe('strategy recreate (a worker without HTTP)', () => {
  const worker = (image: string) =>
    deploy('deploy', {
      app: WORKER,
      strategy: 'recreate',
      image,
      'verify-time': '3',
      port: '',
      'blue-port': '',
      'green-port': '',
    });
  const status = (name: string): string => {
    try {
      return docker(
        'inspect',
        '--format',
        '{{.State.Status}} {{index .Config.Labels "berth.image-ref"}}',
        name,
      ).trim();
    } catch {
      return 'absent';
    }
  };

  test('w1, then w2: the old container is stopped and kept as -previous', async () => {
    expect(errorsOf((await worker(images.w1 as string)).stdout)).toEqual([]);
    expect(status(`${WORKER}-${ENV}`)).toBe(`running ${images.w1}`);
    const result = await worker(images.w2 as string);
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.outputs).toMatchObject({
      color: '',
      'image-ref': images.w2,
      'previous-image-ref': images.w1,
    });
    expect(status(`${WORKER}-${ENV}`)).toBe(`running ${images.w2}`);
    expect(status(`${WORKER}-${ENV}-previous`)).toBe(`exited ${images.w1}`);
  }, 60_000);

  test('w3 dies after 2 s: it is removed and w2 runs again', async () => {
    const result = await worker(images.w3 as string);
    expect(result.code).toBe(1);
    expect(errorsOf(result.stdout)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::error::${WORKER}-${ENV} did not stay up: the container exited( \\(code 4\\))? within \\d s of starting\\. It was removed; the previous container \\(${(images.w2 as string).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\) runs again\\.$`,
        ),
      ),
    ]);
    expect(result.stdout).toContain('lost the queue connection'); // its last log lines
    expect(status(`${WORKER}-${ENV}`)).toBe(`running ${images.w2}`);
    expect(history(WORKER).at(-1)).toMatchObject({ result: 'failed', imageRef: images.w3 });
  }, 60_000);

  test('rollback of a worker returns to the image before the live one (w1), the same way', async () => {
    const result = await deploy('rollback', {
      app: WORKER,
      strategy: 'recreate',
      'verify-time': '2',
      port: '',
      'blue-port': '',
      'green-port': '',
    });
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.outputs).toMatchObject({ 'image-ref': images.w1, 'previous-image-ref': images.w2 });
    expect(status(`${WORKER}-${ENV}`)).toBe(`running ${images.w1}`);
    expect(status(`${WORKER}-${ENV}-previous`)).toBe(`exited ${images.w2}`);
  }, 60_000);
});

describe('a developers-only environment: the server block berth writes', () => {
  let port: number;
  const get = (auth?: string, localAddress?: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port,
          path: '/version',
          localAddress,
          agent: false,
          timeout: 5000,
          headers: auth ? { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {},
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
    });

  test('basic auth and an allow list in front of the app, the password nowhere in the log', async () => {
    port = await freePort();
    const serverFile = path.join(nginx.serversDir, `${APP}.conf`);
    const result = await deploy('deploy', {
      image: images.v1 as string,
      'nginx-server-file': serverFile,
      'nginx-listen': `127.0.0.1:${port}`,
      'access-allow': '127.0.0.1/32',
      'basic-auth': 'dev:n0t-in-logs-pw',
    });
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.stdout.replace(/::add-mask::.*\n/g, '')).not.toContain('n0t-in-logs-pw');
    expect(await get()).toBe(401);
    expect(await get('dev:wrong')).toBe(401);
    expect(await get('dev:n0t-in-logs-pw')).toBe(200);
    expect(await get('dev:n0t-in-logs-pw', '127.0.0.2')).toBe(403);
    // The hash file: nginx's workers (group nogroup) read it; nobody else.
    const htpasswd = statSync(`${serverFile}.htpasswd`);
    expect((htpasswd.mode & 0o777).toString(8)).toBe('640');
    // bcrypt: this host's crypt() (Debian's libxcrypt, which nginx checks with) computes it.
    expect(readFileSync(`${serverFile}.htpasswd`, 'utf8')).toMatch(/^dev:\$2b\$05\$[./A-Za-z0-9]{53}\n$/);
    expect(result.stdout).not.toContain('{SSHA} hash');
    expect(result.summary).toMatch(/nginx reload \(.*the server block changed/);
  }, 60_000);

  test('the same settings again: nothing rewritten, no reload; a new password: only the hash file, no reload', async () => {
    const serverFile = path.join(nginx.serversDir, `${APP}.conf`);
    const hash = readFileSync(`${serverFile}.htpasswd`, 'utf8');
    const reloads = nginx.reloads();
    const same = {
      'nginx-server-file': serverFile,
      'nginx-listen': `127.0.0.1:${port}`,
      'access-allow': '127.0.0.1/32',
    };
    const again = await deploy('deploy', {
      image: images.v2 as string,
      ...same,
      'basic-auth': 'dev:n0t-in-logs-pw',
    });
    expect(errorsOf(again.stdout)).toEqual([]);
    expect(readFileSync(`${serverFile}.htpasswd`, 'utf8')).toBe(hash);
    expect(nginx.reloads()).toBe(reloads);
    const changed = await deploy('deploy', {
      image: images.v1 as string,
      ...same,
      'basic-auth': 'dev:an0ther-pw',
    });
    expect(errorsOf(changed.stdout)).toEqual([]);
    expect(nginx.reloads()).toBe(reloads);
    expect(await get('dev:n0t-in-logs-pw')).toBe(401);
    expect(await get('dev:an0ther-pw')).toBe(200);
    await deploy('deploy', { image: images.v1 as string, ...same, 'basic-auth': 'dev:n0t-in-logs-pw' });
    expect(await get('dev:n0t-in-logs-pw')).toBe(200);
  }, 90_000);

  test('a server block nginx refuses is taken back; the app keeps serving', async () => {
    const serverFile = path.join(nginx.serversDir, `${APP}.conf`);
    const before = readFileSync(serverFile, 'utf8');
    // A server block proxying to an upstream nginx does not have: well-formed, refused by nginx -t.
    const other = path.join(nginx.serversDir, `${APP}-other.conf`);
    const result = await deploy('deploy', {
      image: images.v2 as string,
      'nginx-server-file': other,
      'nginx-listen': `127.0.0.1:${await freePort()}`,
      'nginx-upstream-name': 'nobody_has_this',
      'access-allow': '127.0.0.1/32',
    });
    expect(result.code).toBe(1);
    expect(errorsOf(result.stdout)[0]).toMatch(
      /nginx -t refused berth's new configuration \(.*-other\.conf\); the previous files are back in place and nginx was not reloaded: .*host not found in upstream/,
    );
    expect(existsSync(other)).toBe(false);
    expect(readFileSync(serverFile, 'utf8')).toBe(before);
    expect(await get('dev:n0t-in-logs-pw')).toBe(200);
  }, 60_000);
});

describe('a first deploy that fails leaves nginx as it found it', () => {
  test("an app's first deploy, unhealthy: berth's include and server block are taken back out; the others serve", async () => {
    const first = `${APP}f`;
    const include = path.join(nginx.serversDir, `berth-upstream-${first}.conf`);
    const serverFile = path.join(nginx.serversDir, `${first}.conf`);
    const reloads = nginx.reloads();
    const result = await deploy('deploy', {
      app: first,
      image: images.slow as string,
      'blue-port': String(await freePort()),
      'green-port': String(await freePort()),
      'nginx-upstream-file': include,
      'nginx-server-file': serverFile,
      'nginx-listen': `127.0.0.1:${await freePort()}`,
      'access-allow': '127.0.0.1/32',
    });
    try {
      expect(result.code).toBe(1);
      expect(errorsOf(result.stdout)[0]).toMatch(new RegExp(`${first}-${ENV}-blue is not healthy`));
      expect(result.stdout).toContain("nginx: berth's files from this first deploy are taken back out");
      for (const file of [include, `${include}.green`, serverFile]) expect(existsSync(file)).toBe(false);
      // Written and reloaded once, then taken out and reloaded again: nothing of it is left for later.
      expect(nginx.reloads()).toBe(reloads + 2);
      expect(await served()).toBe('200 v1');
    } finally {
      for (const file of [include, `${include}.green`, serverFile]) rmSync(file, { force: true });
      try {
        docker('rm', '--force', `${first}-${ENV}-blue`);
      } catch {
        // removed by the deploy
      }
    }
  }, 90_000);
});
