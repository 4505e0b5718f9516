/**
 * `deploy` and `rollback` with strategy kubernetes and plain manifests (`manifests`: a directory of YAML,
 * no Helm), run as a user runs them (`node dist/index.js`), on the real single-node cluster of the test
 * bed (sandbox/k8s.mjs) pulling from a real registry: a Deployment (readiness probe, maxUnavailable 0),
 * a Service, a ConfigMap and a Secret deployed v1 → v2; a crash-looping version refused fast with the
 * reason, exit code and last log line, v2's own manifests applied again (the live Deployment equals
 * them, owned by berth's field manager: not `kubectl rollout undo`) and serving; `rollback` to v1; a
 * `kubectl scale` by hand that does not break the next deploy; a refused first deploy deleted, an
 * object that existed before it left. Hold the engine lock while it runs: `flock /tmp/berth-engine.lock`.
 *
 * @needs kubernetes docker registry htpasswd busybox openssl ip root
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startCluster, TEST_KUBECONFIG, type Cluster } from '../sandbox/k8s.mjs';
import { get, run, sleep, tearDownAll } from '../sandbox/process.mjs';
import { docker, loggedInConfig } from './helpers/app-images.js';
import { pushPayload } from './helpers/events.js';
import { busyboxContext, TestRegistry } from './helpers/registry.js';
import { runAction, type RunResult } from './helpers/run-dist.js';

const REPO = 'berth-k8s/shop';
const NS = `berth-manifests-${randomBytes(4).toString('hex')}`;
/** A second namespace, for a first deploy of the same objects. */
const FRESH = `${NS}-fresh`;
const EXTERNAL = Boolean(process.env[TEST_KUBECONFIG]);
const API_KEY = `s3cr3t-${randomBytes(6).toString('hex')}`;

let registry: TestRegistry;
let dockerConfig: string;
let cluster: Cluster | undefined;
let clusterDir = '';
/** The job's workspace: the manifests directory lives in it. */
let workspace = '';
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

/** The team's manifests: the image by its repository and any tag (berth pins the digest). */
function writeManifests(): void {
  const dir = path.join(workspace, 'deploy', 'k8s');
  mkdirSync(path.join(dir, 'network'), { recursive: true });
  writeFileSync(
    path.join(dir, '10-config.yaml'),
    [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: shop-config',
      'data:',
      '  GREETING: hello',
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: shop-keys',
      'stringData:',
      `  API_KEY: ${API_KEY}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, '20-deployment.yml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: shop',
      '  labels: {app: shop}',
      'spec:',
      '  replicas: 2',
      '  progressDeadlineSeconds: 50',
      '  selector:',
      '    matchLabels: {app: shop}',
      '  strategy:',
      '    type: RollingUpdate',
      '    rollingUpdate: {maxUnavailable: 0, maxSurge: 1}',
      '  template:',
      '    metadata:',
      '      labels: {app: shop}',
      '    spec:',
      '      terminationGracePeriodSeconds: 5',
      ...(EXTERNAL ? ['      imagePullSecrets: [{name: registry}]'] : []),
      '      containers:',
      '        - name: web',
      `          image: ${registry.host}/${REPO}:latest`,
      '          ports: [{containerPort: 8080}]',
      '          envFrom:',
      '            - configMapRef: {name: shop-config}',
      '            - secretRef: {name: shop-keys}',
      '          readinessProbe:',
      '            httpGet: {path: /healthz, port: 8080}',
      '            periodSeconds: 1',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'network', 'service.yaml'),
    [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: shop',
      'spec:',
      '  selector: {app: shop}',
      '  ports:',
      '    - {port: 80, targetPort: 8080}',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'README.md'), 'not a manifest\n');
}

function up(): Cluster {
  if (!cluster) throw new Error('the cluster did not start');
  return cluster;
}

async function kubectl(...args: string[]): Promise<string> {
  return kubectlIn(NS, ...args);
}

async function kubectlIn(namespace: string, ...args: string[]): Promise<string> {
  const c = up();
  const r = await run([c.kubectl, '--namespace', namespace, ...args], { env: c.env, timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The release's records: `revision status` each, oldest first. */
async function records(namespace = NS, release = 'shop-test'): Promise<string[]> {
  const list = JSON.parse(
    await kubectlIn(namespace, 'get', 'secrets', '-l', `berth.dev/release=${release}`, '-o', 'json'),
  ) as { items: Array<{ type: string; metadata: { labels: Record<string, string> } }> };
  return list.items
    .map((s) => {
      expect(s.type).toBe('berth.dev/manifests');
      return [
        Number(s.metadata.labels['berth.dev/revision']),
        s.metadata.labels['berth.dev/status'],
      ] as const;
    })
    .sort((a, b) => a[0] - b[0])
    .map(([r, s]) => `${r} ${s}`);
}

const liveImage = async (): Promise<string> =>
  (
    await kubectl('get', 'deployment', 'shop', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')
  ).trim();

/** What the Service answers on /version, once it answers `want` (bounded: 20 s). */
async function serving(want: string): Promise<string> {
  const ip = (await kubectl('get', 'service', 'shop', '-o', 'jsonpath={.spec.clusterIP}')).trim();
  let last = '';
  for (let i = 0; i < 100; i++) {
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

/** berth deploy (or rollback) with strategy kubernetes and manifests, as the root action on a runner. */
async function berth(
  inputs: Record<string, string>,
  command: 'deploy' | 'rollback' = 'deploy',
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
      manifests: 'deploy/k8s',
      'health-timeout': '60',
      kubeconfig: kubeconfigText,
      'helm-path': c.helm,
      'kubectl-path': c.kubectl,
      ...inputs,
    },
    eventName: 'push',
    payload: pushPayload({ branch: 'main' }),
    cwd: workspace,
    // kubectl's discovery cache goes under $HOME/.kube: not the checkout.
    env: { HOME: clusterDir },
  });
  return { ...result, ms: performance.now() - started };
}

const said = (r: RunResult): string => `${r.stdout}\n${r.stderr}`;
/** What the log shows: the runner hides the values `::add-mask::` names, so those lines are not shown. */
const shown = (r: RunResult): string =>
  said(r)
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
  clusterDir = mkdtempSync(path.join(tmpdir(), 'berth-k8s-manifests-'));
  workspace = mkdtempSync(path.join(tmpdir(), 'berth-k8s-workspace-'));
  writeManifests();
  cluster = await startCluster({
    dir: clusterDir,
    registry: { host: registry.host, user: registry.user, password: registry.password },
  });
  kubeconfigText = readFileSync(cluster.kubeconfig, 'utf8');
  for (const ns of [NS, FRESH]) {
    await kubectlIn(ns, 'create', 'namespace', ns);
    if (EXTERNAL) {
      await kubectlIn(
        ns,
        'create',
        'secret',
        'docker-registry',
        'registry',
        `--docker-server=${registry.host}`,
        `--docker-username=${registry.user}`,
        `--docker-password=${registry.password}`,
      );
    }
  }
}, 240_000);

afterAll(async () => {
  await tearDownAll([
    async () => {
      if (EXTERNAL && cluster)
        for (const ns of [NS, FRESH]) await kubectlIn(ns, 'delete', 'namespace', ns, '--wait=false');
    },
    () => cluster?.stop(),
    () => clusterDir && rmSync(clusterDir, { recursive: true, force: true }),
    () => workspace && rmSync(workspace, { recursive: true, force: true }),
    () => registry?.stop(),
    () => dockerConfig && rmSync(dockerConfig, { recursive: true, force: true }),
  ]);
  process.stderr.write(
    `kubernetes manifests: ${Object.entries(measured)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}\n`,
  );
}, 120_000);

describe('strategy kubernetes with plain manifests on a real cluster', () => {
  test('a first deploy: revision 1, the digest pinned into the Deployment, the Service serving it, the record kept', async () => {
    const r = await berth({ image: images.v1 as string });
    expectPassed(r);
    measured['first deploy'] = `${(r.ms / 1000).toFixed(1)} s`;
    expect(r.outputs).toMatchObject({
      revision: '1',
      'previous-revision': '',
      'image-ref': images.v1,
      'previous-image-ref': '',
      url: '',
    });
    expect(r.summary).toContain('(manifests release shop-test, revision 1)');
    expect(r.summary).toContain('Deployment shop');
    expect(r.summary).toContain('(first install)');
    expect(await serving('v1')).toBe('200 v1');
    expect(await liveImage()).toBe(images.v1);
    expect(await records()).toEqual(['1 deployed']);
    expect((await kubectl('get', 'configmap', 'shop-config', '-o', 'jsonpath={.data.GREETING}')).trim()).toBe(
      'hello',
    );
    // Neither the kubeconfig's token nor the manifests' Secret reaches the log.
    const token = /token: (\S+)/.exec(kubeconfigText)?.[1] ?? 'no token';
    expect(shown(r)).not.toContain(token);
    expect(shown(r)).not.toContain(API_KEY);
    expect(said(r)).toContain(`::add-mask::${API_KEY}`);
  }, 120_000);

  test('v2: revision 2, every new pod running its digest, v1 reported as the previous one, its record superseded', async () => {
    const r = await berth({ image: images.v2 as string });
    expectPassed(r);
    measured['upgrade'] = `${(r.ms / 1000).toFixed(1)} s`;
    expect(r.outputs).toMatchObject({
      revision: '2',
      'previous-revision': '1',
      'image-ref': images.v2,
      'previous-image-ref': images.v1,
    });
    expect(await serving('v2')).toBe('200 v2');
    expect(await liveImage()).toBe(images.v2);
    expect(await records()).toEqual(['1 superseded', '2 deployed']);
  }, 120_000);

  test('a crash-looping version is refused fast with the reason, exit code and last log line; v2’s own manifests are live again', async () => {
    const r = await berth({ image: images.crash as string });
    measured['crash loop refused'] = `${(r.ms / 1000).toFixed(1)} s`;
    expect(r.code).not.toBe(0);
    expect(r.ms).toBeLessThan(30_000);
    expect(r.stdout).toMatch(/::error::.*refused/);
    for (const text of [r.stdout, r.summary]) {
      expect(text).toMatch(/CrashLoopBackOff|Error/);
      expect(text).toContain('exit code 3');
      expect(text).toContain('FATAL: missing DATABASE_URL');
      expect(text).toContain("re-applied revision 2's manifests");
    }
    expect(r.summary).toContain('refused (manifests release shop-test, revision 3)');
    expect(await serving('v2')).toBe('200 v2');
    expect(await records()).toEqual(['1 superseded', '2 deployed', '3 failed']);
    // The live Deployment is v2's manifests, applied by berth — not a rollout undo's copy of an old template.
    const live = JSON.parse(
      await kubectl('get', 'deployment', 'shop', '--show-managed-fields', '-o', 'json'),
    ) as {
      metadata: { managedFields: Array<{ manager: string; operation: string; fieldsV1?: unknown }> };
      spec: { template: { spec: { containers: Array<{ image: string }> } } };
    };
    expect(live.spec.template.spec.containers.map((c) => c.image)).toEqual([images.v2]);
    const managers = live.metadata.managedFields.map((m) => `${m.manager} ${m.operation}`);
    expect(managers).toContain('berth Apply');
    expect(managers.filter((m) => /rollout/.test(m))).toEqual([]);
    const berthFields = JSON.stringify(
      live.metadata.managedFields.find((m) => m.manager === 'berth')?.fieldsV1,
    );
    expect(berthFields).toContain('f:image');
  }, 120_000);

  test('rollback returns to v1 as a new revision, through the same watch', async () => {
    const r = await berth({}, 'rollback');
    expectPassed(r);
    measured['rollback'] = `${(r.ms / 1000).toFixed(1)} s`;
    expect(said(r)).toContain('rolling back to revision 1');
    expect(r.outputs).toMatchObject({
      revision: '4',
      'previous-revision': '2',
      'image-ref': images.v1,
      'previous-image-ref': images.v2,
    });
    expect(r.summary).toContain('rolled back');
    expect(await serving('v1')).toBe('200 v1');
    expect(await liveImage()).toBe(images.v1);
    expect(await records()).toEqual(['1 superseded', '2 superseded', '3 failed', '4 deployed']);
  }, 120_000);

  test('a kubectl scale by hand does not break the next deploy (server-side apply takes the field back)', async () => {
    await kubectl('scale', 'deployment', 'shop', '--replicas=3');
    const r = await berth({ image: images.v3 as string });
    expectPassed(r);
    measured['deploy after kubectl scale'] = `${(r.ms / 1000).toFixed(1)} s`;
    expect(r.outputs).toMatchObject({
      revision: '5',
      'previous-revision': '4',
      'previous-image-ref': images.v1,
    });
    expect(await serving('v3')).toBe('200 v3');
    expect((await kubectl('get', 'deployment', 'shop', '-o', 'jsonpath={.spec.replicas}')).trim()).toBe('2');
  }, 120_000);

  test('a refused first deploy is deleted with its evidence kept; an object that existed before it is left', async () => {
    await kubectlIn(FRESH, 'create', 'configmap', 'shop-config', '--from-literal=GREETING=mine');
    const r = await berth({ image: images.crash as string, namespace: FRESH });
    measured['first deploy refused'] = `${(r.ms / 1000).toFixed(1)} s`;
    expect(r.code).not.toBe(0);
    expect(r.summary).toContain('FATAL: missing DATABASE_URL');
    expect(r.summary).toContain('the first deploy was removed (nothing was live before)');
    expect(r.summary).toContain('1 object(s) that existed before it were left');
    const left = await run(
      [up().kubectl, '--namespace', FRESH, 'get', 'deployment,service,secret', '-o', 'name'],
      {
        env: up().env,
      },
    );
    expect(
      left.stdout
        .split('\n')
        .filter((l) => /^(deployment\.apps|service|secret)\/shop(-keys)?$/.test(l.trim())),
    ).toEqual([]);
    expect(await kubectlIn(FRESH, 'get', 'configmap', 'shop-config', '-o', 'name')).toContain('shop-config');
    expect(await records(FRESH)).toEqual(['1 failed']);
  }, 120_000);
});
