/**
 * The Kubernetes test bed (sandbox/k8s.mjs) for real: a single-node cluster comes up, pulls a busybox
 * httpd image from the local registry by tag and by digest, `helm upgrade --install --wait` of a tiny
 * chart (two replicas, ready on /healthz, a ClusterIP Service) answers from the host through kube-proxy,
 * `helm rollback` brings the first version back, and the teardown leaves the host as it was.
 * Hold the engine lock while it runs (kube-proxy's rules and the routes): `flock /tmp/berth-engine.lock`.
 *
 * @needs kubernetes docker registry htpasswd busybox openssl ip root
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { hostState, startCluster, TEST_KUBECONFIG, type Cluster, type HostState } from '../sandbox/k8s.mjs';
import { alive, get, run, sleep, tearDownAll } from '../sandbox/process.mjs';
import { docker, loggedInConfig } from './helpers/app-images.js';
import { busyboxContext, TestRegistry } from './helpers/registry.js';
import { ROOT } from './helpers/run-dist.js';

const CHART = path.join(ROOT, '__tests__', 'fixtures', 'charts', 'web');
const REPO = 'berth-k8s/web';
const NS = `berth-test-${randomBytes(4).toString('hex')}`;
/** An existing cluster (BERTH_TEST_KUBECONFIG): the helm tests run against it, the bed's own checks do not. */
const EXTERNAL = Boolean(process.env[TEST_KUBECONFIG]);
const ownBed = EXTERNAL ? test.skip : test;

let registry: TestRegistry;
let dockerConfig: string;
let cluster: Cluster | undefined;
let before: HostState;
let clusterDir: string;
let byDigest = '';
const measured: Record<string, string> = {};
let clusterStarted = 0;

/** Builds and pushes one version of the app: busybox httpd under a trap (SIGTERM stops it). */
async function pushWeb(version: string): Promise<string> {
  const dir = busyboxContext(version);
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
      `RUN mkdir -p /www && echo ok > /www/healthz && echo ${version} > /www/version`,
      `CMD ["/bin/sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"]`,
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

async function helm(...args: string[]): Promise<{ out: string; ms: number }> {
  const c = up();
  const started = performance.now();
  const r = await run([c.helm, '--namespace', NS, ...args], { env: c.env, timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`helm ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return { out: r.stdout, ms: performance.now() - started };
}

/** What the Service answers on /version from the host, once it answers `want` (bounded: 20 s). */
async function serviceVersion(want: string): Promise<string> {
  const ip = (await kubectl('get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}')).trim();
  let last = '';
  for (let i = 0; i < 100; i++) {
    const res = await get(`http://${ip}/version`, 1000);
    last = `${res.status} ${res.body.trim()}`;
    if (last === `200 ${want}`) break;
    await sleep(200);
  }
  return last;
}

const install = (image: string) =>
  helm(
    'upgrade',
    '--install',
    'web',
    CHART,
    '--create-namespace',
    '--set',
    `image=${image}`,
    ...(EXTERNAL ? ['--set', 'imagePullSecrets[0]=registry'] : []),
    '--wait',
    '--timeout',
    '90s',
  );

beforeAll(async () => {
  registry = await new TestRegistry().start();
  dockerConfig = loggedInConfig(registry);
  await pushWeb('v1');
  byDigest = await pushWeb('v2');
  before = hostState();
  clusterDir = mkdtempSync(path.join(tmpdir(), 'berth-k8s-'));
  clusterStarted = performance.now();
  cluster = await startCluster({
    dir: clusterDir,
    registry: { host: registry.host, user: registry.user, password: registry.password },
  });
  if (!EXTERNAL) {
    measured['cluster start → API ready'] = `${((cluster.timings.apiReadyMs ?? 0) / 1000).toFixed(1)} s`;
    measured['cluster start → node Ready'] = `${((performance.now() - clusterStarted) / 1000).toFixed(1)} s`;
  }
  if (EXTERNAL) {
    // Its nodes pull with a Secret (the bed's own containerd is given the credentials instead).
    await kubectl('create', 'namespace', NS);
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
}, 180_000);

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
    `kubernetes bed: ${Object.entries(measured)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}\n`,
  );
}, 120_000);

describe('a real single-node Kubernetes', () => {
  ownBed('the node is Ready, on its address on lo, the Services in the bed’s range', async () => {
    const c = up();
    expect(c.external).toBe(false);
    expect(await kubectl('get', 'node', '-o', 'jsonpath={.items[*].status.addresses[0].address}')).toBe(
      c.nodeIp,
    );
    expect(hostState().loAddresses).toContain(`${c.nodeIp}/32`);
    expect(
      (
        await kubectl(
          'get',
          'service',
          'kubernetes',
          '--namespace',
          'default',
          '-o',
          'jsonpath={.spec.clusterIP}',
        )
      ).startsWith('198.18.128.'),
    ).toBe(true);
  });

  test('helm upgrade --install --wait by tag: two ready replicas, the Service answers from the host', async () => {
    const { ms } = await install(`${registry.host}/${REPO}:v1`);
    measured['first helm install --wait'] = `${(ms / 1000).toFixed(1)} s`;
    if (!EXTERNAL)
      measured['cluster start → first healthy install'] =
        `${((performance.now() - clusterStarted) / 1000).toFixed(1)} s`;
    expect(await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.status.readyReplicas}')).toBe('2');
    expect(await serviceVersion('v1')).toBe('200 v1');
    if (!EXTERNAL) measured['RSS of the components'] = `${Math.round(up().rssKiB() / 1024)} MiB`;
  }, 120_000);

  test('an upgrade by digest, then helm rollback to the first revision', async () => {
    const upgrade = await install(byDigest);
    measured['helm upgrade --wait'] = `${(upgrade.ms / 1000).toFixed(1)} s`;
    expect(
      await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'),
    ).toBe(byDigest);
    expect(await serviceVersion('v2')).toBe('200 v2');

    const rollback = await helm('rollback', 'web', '1', '--wait', '--timeout', '90s');
    measured['helm rollback --wait'] = `${(rollback.ms / 1000).toFixed(1)} s`;
    expect(await serviceVersion('v1')).toBe('200 v1');
    const history = JSON.parse((await helm('history', 'web', '-o', 'json')).out) as {
      revision: number;
      status: string;
    }[];
    expect(history.map((h) => `${h.revision} ${h.status}`)).toEqual([
      '1 superseded',
      '2 superseded',
      '3 deployed',
    ]);
  }, 240_000);

  ownBed(
    'teardown: every process stopped by pid, the host as it was (sysctls, lo, routes, iptables, mounts)',
    async () => {
      const c = up();
      const pids = Object.entries(c.pids);
      expect(pids.map(([name]) => name).sort()).toEqual([
        'containerd',
        'etcd',
        'kube-apiserver',
        'kube-controller-manager',
        'kube-proxy',
        'kube-scheduler',
        'kubelet',
      ]);
      await c.stop();
      cluster = undefined;
      measured['teardown'] = `${((c.timings.teardownMs ?? 0) / 1000).toFixed(1)} s`;
      expect(pids.filter(([name, pid]) => alive(pid, name))).toEqual([]);
      const after = hostState();
      expect(after.sysctls).toEqual(before.sysctls);
      expect(after.loAddresses).not.toContain(`${c.nodeIp}/32`);
      expect(after).toEqual(before);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(clusterDir);
      expect(existsSync(clusterDir)).toBe(false);
      // Nothing runs that names the cluster's directory (the shims name containerd's socket in it).
      expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })).not.toContain(clusterDir);
    },
    120_000,
  );
});
