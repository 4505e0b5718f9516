/**
 * `deploy` and `rollback` with strategy kubernetes, run as a user runs them (`node dist/index.js`), on
 * the real single-node cluster of the test bed (sandbox/k8s.mjs) pulling from a real registry: a first
 * install and an upgrade with the built-in chart, a crash-looping version and an unpullable image
 * refused fast with the reason, exit code and last log line while the old version keeps serving, a
 * release a killed helm left pending recovered, a `kubectl scale` by hand that does not break the next
 * deploy, rollback on demand, a refused first install removed with its evidence, and a team's own chart.
 * Hold the engine lock while it runs: `flock /tmp/berth-engine.lock`.
 *
 * @needs kubernetes docker registry htpasswd busybox openssl ip root
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startCluster, TEST_KUBECONFIG, type Cluster } from '../sandbox/k8s.mjs';
import { get, run, sleep, tearDownAll } from '../sandbox/process.mjs';
import { docker, loggedInConfig } from './helpers/app-images.js';
import { pushPayload } from './helpers/events.js';
import { busyboxContext, TestRegistry } from './helpers/registry.js';
import { describeFailures, startLoads } from '../bench/load.mjs';
import { ROOT, runAction, spawnNode, type RunResult } from './helpers/run-dist.js';

const REPO = 'berth-k8s/shop';
const NS = `berth-deploy-${randomBytes(4).toString('hex')}`;
const EXTERNAL = Boolean(process.env[TEST_KUBECONFIG]);
const USER_CHART = path.join(ROOT, '__tests__', 'fixtures', 'charts', 'web');

let registry: TestRegistry;
let dockerConfig: string;
let cluster: Cluster | undefined;
let clusterDir = '';
let kubeconfigText = '';
const images: Record<string, string> = {};
const measured: Record<string, string> = {};

/** One version of the app: a busybox httpd that stops on SIGTERM, or a program that dies as it starts. */
async function pushVersion(version: string, kind: 'web' | 'crash'): Promise<string> {
  const dir = busyboxContext(version);
  const cmd =
    kind === 'web'
      ? `trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait`
      : `echo booting ${version}; echo 'FATAL: missing DATABASE_URL' >&2; exit 3`;
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
      `RUN mkdir -p /www && echo ok > /www/healthz && echo ${version} > /www/version`,
      `CMD ["/bin/sh", "-c", ${JSON.stringify(cmd)}]`,
      '',
    ].join('\n'),
  );
  const tag = `${registry.host}/${REPO}:${version}`;
  try {
    docker('--config', dockerConfig, 'build', '-q', '-t', tag, dir);
    docker('--config', dockerConfig, 'push', tag);
    docker('image', 'rm', tag);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const manifest = await registry.manifest(REPO, version);
  return `${registry.host}/${REPO}@${manifest?.digest ?? 'missing'}`;
}

function up(): Cluster {
  if (!cluster) throw new Error('the cluster did not start');
  return cluster;
}

async function kubectl(...args: string[]): Promise<string> {
  const c = up();
  const r = await run([c.kubectl, '--namespace', NS, ...args], { env: c.env, timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function helmJson<T>(...args: string[]): Promise<T> {
  const c = up();
  const r = await run([c.helm, '--namespace', NS, ...args, '-o', 'json'], { env: c.env, timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`helm ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

const history = async (release: string): Promise<string[]> =>
  (await helmJson<Array<{ revision: number; status: string }>>('history', release)).map(
    (h) => `${h.revision} ${h.status}`,
  );

/** What the release's Service answers on /version, once it answers `want` (bounded: 60 s; kube-proxy on a loaded 2-core machine can be seconds behind). */
async function serving(release: string, want: string): Promise<string> {
  const ip = (await kubectl('get', 'service', release, '-o', 'jsonpath={.spec.clusterIP}')).trim();
  let last = '';
  for (let i = 0; i < 300; i++) {
    const res = await get(`http://${ip}/version`, 1000);
    last = `${res.status} ${res.body.trim()}`;
    if (last === `200 ${want}`) break;
    await sleep(200);
  }
  return last;
}

interface Deploy extends RunResult {
  ms: number;
}

/** berth deploy (or rollback) with strategy kubernetes, as the root action on a runner. */
async function berth(
  inputs: Record<string, string>,
  command: 'deploy' | 'rollback' = 'deploy',
  onSpawn?: Parameters<typeof runAction>[0]['onSpawn'],
): Promise<Deploy> {
  const c = up();
  const started = performance.now();
  const result = await runAction({
    inputs: {
      command,
      strategy: 'kubernetes',
      app: 'shop',
      environment: 'test',
      namespace: NS,
      port: '8080',
      'health-path': '/healthz',
      'health-timeout': '60',
      replicas: '2',
      kubeconfig: kubeconfigText,
      'helm-path': c.helm,
      'kubectl-path': c.kubectl,
      ...(EXTERNAL ? { 'image-pull-secrets': 'registry' } : {}),
      ...inputs,
    },
    eventName: 'push',
    payload: pushPayload({ branch: 'main' }),
    // helm's own caches, away from the user's home.
    env: {
      // kubectl's discovery cache goes under $HOME/.kube: not the checkout.
      HOME: clusterDir,
      HELM_CACHE_HOME: path.join(clusterDir, 'helm-cache'),
      HELM_CONFIG_HOME: path.join(clusterDir, 'helm-config'),
      HELM_DATA_HOME: path.join(clusterDir, 'helm-data'),
    },
    ...(onSpawn ? { onSpawn } : {}),
  });
  return { ...result, ms: performance.now() - started };
}

const said = (r: RunResult): string => `${r.stdout}\n${r.stderr}`;

/** What a log shows: the runner consumes its ::add-mask:: commands and prints none of them. */
const shown = (r: { stdout: string; stderr: string }): string =>
  `${r.stdout}\n${r.stderr}`
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');

/** A run that passed: exit 0, nothing on stderr, no ::error:: (shown when it did not). */
function expectPassed(r: RunResult): void {
  const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'));
  expect({ code: r.code, stderr: r.stderr, errors }).toEqual({ code: 0, stderr: '', errors: [] });
}

beforeAll(async () => {
  registry = await new TestRegistry().start();
  dockerConfig = loggedInConfig(registry);
  for (const v of ['v1', 'v2', 'v3']) images[v] = await pushVersion(v, 'web');
  images.crash = await pushVersion('crash', 'crash');
  // A digest the registry never had: the nodes cannot pull it.
  images.missing = `${registry.host}/${REPO}@sha256:${'0'.repeat(64)}`;
  clusterDir = mkdtempSync(path.join(tmpdir(), 'berth-k8s-deploy-'));
  cluster = await startCluster({
    dir: clusterDir,
    registry: { host: registry.host, user: registry.user, password: registry.password },
  });
  kubeconfigText = readFileSync(cluster.kubeconfig, 'utf8');
  await kubectl('create', 'namespace', NS);
  if (EXTERNAL) {
    await kubectl(
      'create',
      'secret',
      'docker-registry',
      'registry',
      `--docker-server=${registry.host}`,
      `--docker-username=${registry.user}`,
      `--docker-password=${registry.password}`,
    );
  }
}, 240_000);

afterAll(async () => {
  await tearDownAll([
    async () => {
      if (EXTERNAL && cluster) await kubectl('delete', 'namespace', NS, '--wait=false');
    },
    () => cluster?.stop(),
    () => clusterDir && rmSync(clusterDir, { recursive: true, force: true }),
    () => registry?.stop(),
    () => dockerConfig && rmSync(dockerConfig, { recursive: true, force: true }),
  ]);
  process.stderr.write(
    `kubernetes deploy: ${Object.entries(measured)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}\n`,
  );
}, 120_000);

describe('strategy kubernetes on a real cluster', () => {
  test('a first install with the built-in chart: revision 1, two ready pods, the Service serving it', async () => {
    const r = await berth({ image: images.v1 as string });
    expectPassed(r);
    measured['first install'] = `${(r.ms / 1000).toFixed(1)} s`;
    expect(r.outputs).toMatchObject({
      revision: '1',
      'previous-revision': '',
      'image-ref': images.v1,
      url: `http://shop-test.${NS}.svc`,
    });
    expect(r.summary).toContain('(first install)');
    expect(await serving('shop-test', 'v1')).toBe('200 v1');
    // The kubeconfig's token never reaches the log.
    const token = /token: "?([^"\s}]+)"?/.exec(kubeconfigText)?.[1] ?? 'no token';
    expect(token).toMatch(/^[0-9a-f]{20,}$/);
    expect(shown(r)).not.toContain(token);
    expect(r.stdout).toContain(`::add-mask::${token}`);
  }, 120_000);

  test('an upgrade: revision 2 by digest, every pod running that digest, the previous one reported', async () => {
    const r = await berth({ image: images.v2 as string });
    expectPassed(r);
    measured['upgrade'] = `${(r.ms / 1000).toFixed(1)} s`;
    expect(r.outputs).toMatchObject({
      revision: '2',
      'previous-revision': '1',
      'image-ref': images.v2,
      'previous-image-ref': images.v1,
    });
    const ids = (
      await kubectl('get', 'pods', '-o', 'jsonpath={.items[*].status.containerStatuses[0].imageID}')
    )
      .split(' ')
      .filter((s) => s !== '');
    const digest = (images.v2 as string).split('@')[1] as string;
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(ids.filter((id) => id.endsWith(digest)).length).toBeGreaterThanOrEqual(2);
    expect(await serving('shop-test', 'v2')).toBe('200 v2');
  }, 120_000);

  test('a crash-looping version is refused in under 30 s with the reason, exit code and last log line; v2 still serves', async () => {
    const r = await berth({ image: images.crash as string });
    measured['crash loop refused'] = `${(r.ms / 1000).toFixed(1)} s`;
    expect(r.code).not.toBe(0);
    expect(r.ms).toBeLessThan(30_000);
    expect(r.stdout).toMatch(/::error::.*refused/);
    for (const text of [r.stdout, r.summary]) {
      expect(text).toMatch(/CrashLoopBackOff|Error/);
      expect(text).toContain('exit code 3');
      expect(text).toContain('FATAL: missing DATABASE_URL');
      expect(text).toContain('rolled back to revision 2');
    }
    expect(await serving('shop-test', 'v2')).toBe('200 v2');
    expect((await history('shop-test')).at(-1)).toBe('4 deployed');
  }, 120_000);

  test('an image no node can pull is refused in under 30 s, naming the pull error; v2 still serves', async () => {
    const r = await berth({ image: images.missing as string });
    measured['unpullable refused'] = `${(r.ms / 1000).toFixed(1)} s`;
    expect(r.code).not.toBe(0);
    expect(r.ms).toBeLessThan(30_000);
    expect(r.stdout).toMatch(/ErrImagePull|ImagePullBackOff/);
    expect(r.summary).toMatch(/ErrImagePull|ImagePullBackOff/);
    expect(await serving('shop-test', 'v2')).toBe('200 v2');
  }, 120_000);

  test('rollback on demand skips the refused revisions: back to v1', async () => {
    const r = await berth({}, 'rollback');
    expectPassed(r);
    expect(said(r)).toContain('rolling back to revision 1');
    expect(r.outputs['image-ref']).toBe(images.v1);
    expect(await serving('shop-test', 'v1')).toBe('200 v1');
  }, 120_000);

  test('a kubectl scale by hand does not break the next deploy (server-side apply forces the conflict)', async () => {
    await kubectl('scale', 'deployment', 'shop-test', '--replicas=3');
    const r = await berth({ image: images.v3 as string });
    expectPassed(r);
    expect(await serving('shop-test', 'v3')).toBe('200 v3');
    expect((await kubectl('get', 'deployment', 'shop-test', '-o', 'jsonpath={.spec.replicas}')).trim()).toBe(
      '2',
    );
  }, 120_000);

  test('a release a killed helm left pending-upgrade is recovered by the next deploy, which says so', async () => {
    const c = up();
    // A cancelled job: helm killed while it waits on an upgrade.
    const helm = spawn(
      c.helm,
      [
        'upgrade',
        'shop-test',
        path.join(ROOT, 'charts', 'berth-app'),
        '--namespace',
        NS,
        '--reuse-values',
        '--set',
        `image=${images.crash as string}`,
        '--wait',
        '--timeout',
        '120s',
      ],
      { env: c.env, stdio: 'ignore' },
    );
    let status = '';
    for (let i = 0; i < 100 && status !== 'pending-upgrade'; i++) {
      await sleep(100);
      status = (
        await helmJson<{ info: { status: string } }>('status', 'shop-test').catch(() => ({
          info: { status: '' },
        }))
      ).info.status;
    }
    helm.kill('SIGKILL');
    expect(status).toBe('pending-upgrade');
    const r = await berth({ image: images.v2 as string });
    expect([r.code, r.stderr.replace(/^::warning::.*\n?/gm, '')]).toEqual([0, '']);
    expect(said(r)).toContain('was left pending-upgrade');
    expect(r.summary).toContain('was left pending-upgrade');
    expect(await serving('shop-test', 'v2')).toBe('200 v2');
  }, 180_000);

  test('the CLI (Jenkins): the kubeconfig from BERTH_KUBECONFIG, outputs as name=value lines', async () => {
    const c = up();
    const started = performance.now();
    const r = await spawnNode(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'berth.js'),
        'deploy',
        '--strategy',
        'kubernetes',
        '--app',
        'shop',
        '--environment',
        'test',
        '--namespace',
        NS,
        '--port',
        '8080',
        '--health-path',
        '/healthz',
        '--image',
        images.v1 as string,
        '--helm-path',
        c.helm,
        '--kubectl-path',
        c.kubectl,
        '--sha',
        'a'.repeat(40),
      ],
      {
        HOME: clusterDir,
        BERTH_KUBECONFIG: kubeconfigText,
        HELM_CACHE_HOME: path.join(clusterDir, 'helm-cache'),
        HELM_CONFIG_HOME: path.join(clusterDir, 'helm-config'),
        HELM_DATA_HOME: path.join(clusterDir, 'helm-data'),
      },
      clusterDir,
    );
    measured['CLI deploy'] = `${((performance.now() - started) / 1000).toFixed(1)} s`;
    expect({ code: r.code, tail: r.stderr.split('\n').slice(-5) }).toEqual(
      expect.objectContaining({ code: 0 }),
    );
    expect(r.stdout).toContain(`image-ref=${images.v1 as string}`);
    expect(r.stdout).toMatch(/^revision=\d+$/m);
    expect(await serving('shop-test', 'v1')).toBe('200 v1');
    const token = /token: "?([^"\s}]+)"?/.exec(kubeconfigText)?.[1] ?? 'no token';
    expect(shown(r)).not.toContain(token);
  }, 120_000);

  test('a kubeconfig whose user runs an exec credential plugin (as ncp-iam-authenticator does)', async () => {
    const token = /token: "?([^"\s}]+)"?/.exec(kubeconfigText)?.[1] ?? '';
    expect(token).not.toBe('');
    // The plugin: a script printing an ExecCredential, as kubectl and helm call it on every request.
    const plugin = path.join(clusterDir, 'token-plugin.sh');
    writeFileSync(
      plugin,
      `#!/bin/sh\nprintf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}' "$PLUGIN_TOKEN"\n`,
    );
    chmodSync(plugin, 0o700);
    const server = /server: "?([^",\s}]+)"?/.exec(kubeconfigText)?.[1] ?? '';
    const ca = /certificate-authority: "?([^",\s}]+)"?/.exec(kubeconfigText)?.[1] ?? '';
    const viaPlugin = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: bed\n  cluster: {server: "${server}", certificate-authority: "${ca}"}`,
      'users:',
      '- name: plugin',
      '  user:',
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      `      command: ${plugin}`,
      '      interactiveMode: Never',
      '      env:',
      `      - {name: PLUGIN_TOKEN, value: "${token}"}`,
      'contexts:',
      '- name: bed\n  context: {cluster: bed, user: plugin}',
      'current-context: bed',
      '',
    ].join('\n');
    const r = await berth({ kubeconfig: viaPlugin, image: images.v2 as string });
    expectPassed(r);
    expect(await serving('shop-test', 'v2')).toBe('200 v2');
    // The token, given to the plugin in the kubeconfig's env, is masked as the kubeconfig is read.
    expect(r.stdout).toContain(`::add-mask::${token}`);
  }, 120_000);

  test('a crash-looping first install is refused and removed, its evidence in the summary', async () => {
    const r = await berth({ image: images.crash as string, app: 'fresh' });
    expect(r.code).not.toBe(0);
    expect(r.summary).toContain('FATAL: missing DATABASE_URL');
    expect(r.summary).toContain('the first install was removed');
    const status = await run([up().helm, '--namespace', NS, 'status', 'fresh-test'], { env: up().env });
    expect(status.stderr).toMatch(/not found/);
  }, 120_000);

  test("a team's own chart, given the image through values", async () => {
    const r = await berth({
      app: 'web',
      chart: path.relative(ROOT, USER_CHART),
      values: 'image=${image-ref}',
      release: 'web',
      image: images.v3 as string,
    });
    expectPassed(r);
    expect(r.outputs.revision).toBe('1');
    expect(await serving('web', 'v3')).toBe('200 v3');
  }, 120_000);

  test("a team's chart whose pods run another digest than the one deployed is refused and removed", async () => {
    const r = await berth({
      app: 'other',
      chart: path.relative(ROOT, USER_CHART),
      values: `image=${images.v1 as string}`,
      image: images.v2 as string,
    });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain('not the digest deployed');
    expect(r.summary).toContain('the first install was removed');
  }, 120_000);
});

describe('strategy kubernetes, rollout blue-green (the built-in chart)', () => {
  const bg = { app: 'bg', rollout: 'blue-green' };
  /** The colour's pods that are not on their way out (a refused version's pods terminate for a while). */
  const podsOf = async (deployment: string): Promise<string[]> => {
    const selector = `app.kubernetes.io/instance=bg-test,berth.dev/color=${deployment.split('-').pop() ?? ''}`;
    const list = JSON.parse(await kubectl('get', 'pods', '--selector', selector, '-o', 'json')) as {
      items: Array<{ metadata: { name: string; deletionTimestamp?: string } }>;
    };
    return list.items
      .filter((p) => p.metadata.deletionTimestamp === undefined)
      .map((p) => p.metadata.name)
      .sort();
  };

  test('a first deploy goes to blue; the Service sends to it once all its pods are ready', async () => {
    const r = await berth({ ...bg, image: images.v1 as string });
    expectPassed(r);
    expect(said(r)).toContain('blue/green: no colour is live yet; blue gets');
    expect(await serving('bg-test', 'v1')).toBe('200 v1');
    expect(
      (
        await kubectl('get', 'service', 'bg-test', '-o', 'jsonpath={.spec.selector.berth\\.dev/color}')
      ).trim(),
    ).toBe('blue');
  }, 120_000);

  test('the next goes to green under load with no failed request; blue keeps running v1', async () => {
    const ip = (await kubectl('get', 'service', 'bg-test', '-o', 'jsonpath={.spec.clusterIP}')).trim();
    const blueBefore = await podsOf('bg-test-blue');
    const load = startLoads(`http://${ip}`, { fresh: 1, get: 2, post: 0, getPath: '/version' });
    const r = await berth({ ...bg, image: images.v2 as string });
    await sleep(1000);
    const report = await load.stop();
    expectPassed(r);
    measured['blue/green deploy under load'] =
      `${report.total.requests} requests, ${report.total.errors + report.total.non2xx} failed`;
    expect([report.total.errors + report.total.non2xx, describeFailures(report)]).toEqual([0, 'none']);
    expect(report.total.requests).toBeGreaterThan(20);
    expect([...report.get.bodies].sort()).toEqual(['v1', 'v2']);
    expect(r.outputs).toMatchObject({ 'image-ref': images.v2, 'previous-image-ref': images.v1 });
    expect(await serving('bg-test', 'v2')).toBe('200 v2');
    expect(await podsOf('bg-test-blue')).toEqual(blueBefore);
  }, 120_000);

  test('a crash-looping version goes to the idle colour only: refused, green still serving v2', async () => {
    const r = await berth({ ...bg, image: images.crash as string });
    expect(r.code).not.toBe(0);
    expect(r.summary).toContain('FATAL: missing DATABASE_URL');
    const answer = await serving('bg-test', 'v2');
    // On failure, say where the Service sends and what berth said.
    const endpoints = answer === '200 v2' ? '' : await kubectl('get', 'endpoints', 'bg-test', '-o', 'wide');
    expect([answer, endpoints, answer === '200 v2' ? '' : shown(r).slice(-3000)]).toEqual(['200 v2', '', '']);
    expect(
      (
        await kubectl('get', 'service', 'bg-test', '-o', 'jsonpath={.spec.selector.berth\\.dev/color}')
      ).trim(),
    ).toBe('green');
  }, 120_000);

  test('rollback switches the Service back to blue at once: no pod is started', async () => {
    const blueBefore = await podsOf('bg-test-blue');
    const r = await berth({ ...bg }, 'rollback');
    expectPassed(r);
    measured['blue/green rollback'] = `${(r.ms / 1000).toFixed(1)} s`;
    expect(await serving('bg-test', 'v1')).toBe('200 v1');
    expect(r.outputs['image-ref']).toBe(images.v1);
    expect(await podsOf('bg-test-blue')).toEqual(blueBefore);
  }, 120_000);
});
