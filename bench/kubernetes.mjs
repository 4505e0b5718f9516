// Zero downtime of `strategy: kubernetes`, measured on the test bed's real single-node cluster
// (sandbox/k8s.mjs), two ways side by side in one run, each in its own namespace and release:
//
//   builtin   berth with its built-in chart (charts/berth-app: readiness probe, maxUnavailable 0, a 5 s
//             preStop pause)
//   bare      berth with a team's minimal chart (bench/charts/bare: no readiness probe, no preStop pause,
//             the default RollingUpdate), the image given by `values: image=${image-ref}`
//
// Each way: v1 installed (no load), then under three loads at once through the release's ClusterIP
// Service via kube-proxy from the host (GETs on a new connection each, keep-alive GETs, keep-alive POSTs
// with a body; clients that never retry: bench/load.mjs) ten upgrades v2…v11 — v4 crashes at start
// (`FATAL: missing DATABASE_URL`, exit 3), v8 names a digest the registry never had — which berth must
// refuse and roll back, then a `rollback`. Every deploy is a whole `node dist/index.js` as a runner starts
// it. Reported per way: requests and failures by load kind (with their codes), deploys live / refused,
// seconds.
//
// Then time-to-fail for the two broken versions, no load, side by side: berth's whole deploy until it
// exits refused, against Helm's own `helm upgrade --install --wait --rollback-on-failure --timeout 60s`
// of the same image (the built-in chart with the values berth gives it) on a release of its own.
//
// Needs root, docker (engine running), docker-registry, htpasswd, a static /bin/busybox and the bed's
// Kubernetes (sandbox/k8s.mjs: ../shared/k8s or BERTH_K8S_DIR), and a built dist/ (`npm run build`).
// Only one cluster at a time on the machine: run it as `flock /tmp/berth-engine.lock node
// bench/kubernetes.mjs`. Prints Markdown. BENCH_WAYS=builtin,bare picks ways; BENCH_TTF=0 skips the
// time-to-fail part. Cleans up what it made (the cluster, the registry, images, temp dirs), also on
// failure or a signal; every child process and wait is bounded. Traffic stays on this machine.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster } from '../sandbox/k8s.mjs';
import { get, run, sleep, tearDownAll } from '../sandbox/process.mjs';
import { startRegistry } from './lib.mjs';
import { KINDS, describeFailures, startLoadProcess } from './load.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist', 'index.js');
const BARE_CHART = 'bench/charts/bare'; // relative to the workspace (the checkout), as a team gives it
const STAMP = Date.now().toString(36);
const TIMEOUT = 60; // health-timeout: berth's and helm's --timeout
/** Upgrades under load: v2…v11, the 4th the crash version, the 8th the unpullable reference. */
const BROKEN = { 4: 'crash', 8: 'unpullable' };
const BENCH_LIMIT_MS = 40 * 60_000;

if (!existsSync(dist)) throw new Error('no dist/index.js: npm run build first');
const work = mkdtempSync(path.join(tmpdir(), 'berth-bench-k8s-'));
const clusterDir = mkdtempSync(path.join(tmpdir(), 'berth-bench-k8s-cluster-'));
let registry;
let cluster;
const tags = [];

// ---- cleanup: once, on the normal end, a failure, a signal or the overall limit ---------------------
let cleaning;
function cleanup() {
  cleaning ??= tearDownAll([
    () => cluster?.stop(),
    () => rmSync(clusterDir, { recursive: true, force: true }),
    () => registry?.process.kill(),
    async () => {
      if (tags.length > 0)
        await run(['/usr/bin/docker', 'image', 'rm', '--force', ...tags], { timeoutMs: 60_000 });
    },
    () => rmSync(work, { recursive: true, force: true }),
  ]);
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`bench: ${signal}, cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}
setTimeout(() => {
  console.error(`bench: still running after ${BENCH_LIMIT_MS / 60_000} min, giving up`);
  cleanup().finally(() => process.exit(2));
}, BENCH_LIMIT_MS).unref();

const docker = (...args) => execFileSync('/usr/bin/docker', args, { encoding: 'utf8', timeout: 120_000 });

/** kubectl / helm of the cluster, bounded; resolves to { code, stdout, stderr, ms }. */
async function tool(which, args, timeoutMs = 60_000) {
  const started = Date.now();
  const r = await run([cluster[which], ...args], { env: cluster.env, timeoutMs });
  return { ...r, ms: Date.now() - started };
}
async function kubectl(...args) {
  const r = await tool('kubectl', args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout;
}

// ---- the versions: busybox httpd FROM scratch, a crash version, an unpullable reference -------------
/**
 * One image pushed to the registry; its reference by digest. `web`: httpd serving /version, /health and
 * a CGI /cgi-bin/version for POSTs (as bench/deploy.mjs's app), which stops at once on SIGTERM (the
 * trap kills httpd and exits: an app ignoring SIGTERM would hide the endpoint-removal race). `crash`:
 * dies as it starts, as an app missing its configuration does.
 */
function pushImage(dockerConfig, name, kind) {
  const dir = path.join(work, `image-${name}`);
  mkdirSync(dir);
  execFileSync('cp', ['/bin/busybox', path.join(dir, 'busybox')]);
  // The POST answer: a CGI script whose headers end in CRLF (Node's client, unlike nginx, refuses bare LF).
  writeFileSync(
    path.join(dir, 'version.cgi'),
    '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\n"\nhead -c "${CONTENT_LENGTH:-0}" >/dev/null\ncat /www/version\n',
    { mode: 0o755 },
  );
  const cmd =
    kind === 'crash'
      ? `echo booting ${name}; echo 'FATAL: missing DATABASE_URL' >&2; exit 3`
      : "httpd -f -p 8080 -h /www & pid=$!; trap 'kill $pid; exit 0' TERM; wait";
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
      'ENV PATH=/bin',
      'COPY version.cgi /www/cgi-bin/version',
      `RUN echo ${name} > /www/version && echo ok > /www/health`,
      `CMD ["/bin/sh", "-c", ${JSON.stringify(cmd)}]`,
      `LABEL berth.bench=${STAMP}`,
      '',
    ].join('\n'),
  );
  const tag = `${registry.host}/bench/app-${STAMP}:${name}`;
  docker('--config', dockerConfig, 'build', '-q', '-t', tag, dir);
  tags.push(tag);
  docker('--config', dockerConfig, 'push', tag);
  return docker('inspect', '--format', '{{index .RepoDigests 0}}', tag).trim();
}

// ---- one berth run, as a runner starts it ---------------------------------------------------------
let runs = 0;
/** `node dist/index.js` deploy or rollback; resolves to { code, ms, out, outputs, error }. */
async function berth(way, command, image) {
  const n = ++runs;
  const files = {
    GITHUB_OUTPUT: path.join(work, `out-${n}`),
    GITHUB_STEP_SUMMARY: path.join(work, `summary-${n}`),
    GITHUB_STATE: path.join(work, `state-${n}`),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const runnerTemp = path.join(work, `runner-${n}`);
  mkdirSync(runnerTemp);
  const env = {
    PATH: process.env.PATH,
    HOME: path.join(work, 'home'),
    HELM_CACHE_HOME: path.join(work, 'helm', 'cache'),
    HELM_CONFIG_HOME: path.join(work, 'helm', 'config'),
    HELM_DATA_HOME: path.join(work, 'helm', 'data'),
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: path.join(work, 'tool-cache'),
    GITHUB_RUN_ID: `${Date.now()}`,
    GITHUB_SHA: 'b'.repeat(40),
    GITHUB_WORKSPACE: root,
    ...files,
    INPUT_COMMAND: command,
    INPUT_STRATEGY: 'kubernetes',
    INPUT_IMAGE: image ?? '',
    INPUT_APP: 'shop',
    INPUT_ENVIRONMENT: way.id,
    INPUT_NAMESPACE: way.namespace,
    INPUT_PORT: '8080',
    'INPUT_HEALTH-PATH': '/health',
    'INPUT_HEALTH-TIMEOUT': String(TIMEOUT),
    INPUT_REPLICAS: '2',
    INPUT_KUBECONFIG: kubeconfigText,
    'INPUT_HELM-PATH': cluster.helm,
    'INPUT_KUBECTL-PATH': cluster.kubectl,
    ...(way.chart ? { INPUT_CHART: way.chart, INPUT_VALUES: 'image=${image-ref}' } : {}),
  };
  const started = Date.now();
  const r = await run([process.execPath, dist], { env, cwd: root, timeoutMs: (TIMEOUT + 240) * 1000 });
  const ms = Date.now() - started;
  const out = `${r.stdout}\n${r.stderr}`;
  const error = /^::error::(.*)$/m
    .exec(r.stdout)?.[1]
    ?.replace(/%0D/g, '')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%');
  return { code: r.code, ms, out, error, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') };
}

/** The release's Service address; then GET /version until it answers `want` (bounded: 30 s). */
async function serviceAnswering(way, want) {
  const ip = (
    await kubectl('-n', way.namespace, 'get', 'service', way.release, '-o', 'jsonpath={.spec.clusterIP}')
  ).trim();
  let last = '';
  for (let i = 0; i < 150; i++) {
    const res = await get(`http://${ip}/version`, 1000);
    last = `${res.status} ${res.body.trim()}`;
    if (last === `200 ${want}`) return ip;
    await sleep(200);
  }
  throw new Error(`${way.release}: http://${ip}/version answers ${last}, not ${want}`);
}

/** Waits (bounded: 90 s) until the namespace has no pod terminating and every pod is ready. */
async function settled(namespace) {
  for (let i = 0; i < 180; i++) {
    const pods = JSON.parse(await kubectl('-n', namespace, 'get', 'pods', '-o', 'json')).items;
    const busy = pods.filter(
      (p) =>
        p.metadata.deletionTimestamp ||
        !(p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    if (busy.length === 0) return;
    await sleep(500);
  }
  throw new Error(`namespace ${namespace}: pods still terminating or not ready after 90 s`);
}

/** Warning events of a namespace by reason (FailedPreStopHook would mean the pause never ran). */
async function warnings(namespace) {
  const events = JSON.parse(await kubectl('-n', namespace, 'get', 'events', '-o', 'json')).items;
  const by = {};
  for (const e of events.filter((x) => x.type === 'Warning' && x.reason !== 'MissingClusterDNS')) {
    by[e.reason] = (by[e.reason] ?? 0) + (e.count ?? 1);
    if (process.env.BENCH_DEBUG) console.error(namespace, e.reason, e.involvedObject?.name, e.message);
  }
  return by;
}

// ---- the run --------------------------------------------------------------------------------------
const only = process.env.BENCH_WAYS?.split(',');
const ways = [
  { id: 'builtin', name: 'berth, built-in chart (readiness probe, maxUnavailable 0, 5 s preStop pause)' },
  {
    id: 'bare',
    name: "berth, a team's bare chart (no readiness probe, no preStop, default RollingUpdate)",
    chart: BARE_CHART,
  },
].filter((w) => !only || only.includes(w.id));
for (const way of ways) {
  way.namespace = `bench-${way.id}-${STAMP}`;
  way.release = `shop-${way.id}`;
}
let kubeconfigText = '';
const results = [];
const ttf = [];
const facts = {};
try {
  registry = await startRegistry(work);
  const dockerConfig = path.join(work, 'docker');
  mkdirSync(dockerConfig);
  execFileSync(
    '/usr/bin/docker',
    ['--config', dockerConfig, 'login', registry.host, '-u', registry.user, '--password-stdin'],
    { input: registry.password, stdio: ['pipe', 'ignore', 'ignore'], timeout: 30_000 },
  );
  const versions = [];
  for (let n = 1; n <= 11; n++) {
    const kind = BROKEN[n] ?? 'good';
    const ref =
      kind === 'unpullable'
        ? `${registry.host}/bench/app-${STAMP}@sha256:${'0'.repeat(64)}` // never pushed
        : pushImage(dockerConfig, `v${n}`, kind === 'crash' ? 'crash' : 'web');
    versions.push({ n, kind, ref });
  }

  const t = Date.now();
  cluster = await startCluster({
    dir: clusterDir,
    registry: { host: registry.host, user: registry.user, password: registry.password },
  });
  facts.clusterStartS = (Date.now() - t) / 1000;
  kubeconfigText = readFileSync(cluster.kubeconfig, 'utf8');
  const node = JSON.parse(await kubectl('get', 'nodes', '-o', 'json')).items[0].status.nodeInfo;
  facts.kubelet = node.kubeletVersion;
  facts.runtime = node.containerRuntimeVersion;
  facts.helm = (await tool('helm', ['version', '--short'])).stdout.trim();
  facts.kubectl = JSON.parse(
    (await tool('kubectl', ['version', '--client', '-o', 'json'])).stdout,
  ).clientVersion.gitVersion;

  for (const way of ways) {
    await kubectl('create', 'namespace', way.namespace);
    const first = await berth(way, 'deploy', versions[0].ref);
    if (first.code !== 0) throw new Error(`${way.id}: v1 should have gone live:\n${first.out.slice(-3000)}`);
    const ip = await serviceAnswering(way, 'v1');
    await settled(way.namespace);
    const load = startLoadProcess(`http://${ip}:80`);
    await sleep(1000);
    const t0 = Date.now();
    const deploys = [];
    for (const v of versions.slice(1)) {
      const r = await berth(way, 'deploy', v.ref);
      deploys.push({ what: `v${v.n}`, kind: v.kind, live: r.code === 0, s: r.ms / 1000, error: r.error });
      if (process.env.BENCH_DEBUG) console.error(way.id, `v${v.n}`, r.code, r.ms, r.error ?? '');
      if (v.kind === 'good' && r.code !== 0) {
        await load.stop();
        throw new Error(`${way.id}: v${v.n} should have gone live:\n${r.out.slice(-3000)}`);
      }
      if (v.kind !== 'good' && r.code === 0) {
        await load.stop();
        throw new Error(`${way.id}: v${v.n} (${v.kind}) went live: berth should have refused it`);
      }
    }
    const back = await berth(way, 'rollback');
    deploys.push({ what: 'rollback', kind: 'rollback', live: back.code === 0, s: back.ms / 1000 });
    if (back.code !== 0) {
      await load.stop();
      throw new Error(`${way.id}: rollback should have gone live:\n${back.out.slice(-3000)}`);
    }
    const seconds = (Date.now() - t0) / 1000;
    // The pods the rollback replaced finish stopping under the same load.
    await settled(way.namespace);
    await sleep(1000);
    const report = await load.stop();
    const served = await serviceAnswering(way, 'v10').then(() => 'v10');
    results.push({ way, report, seconds, deploys, served, warnings: await warnings(way.namespace) });
    await kubectl('delete', 'namespace', way.namespace, '--timeout=90s');
  }

  // ---- time-to-fail: berth's watch against helm --wait --rollback-on-failure, no load ----------------
  if (process.env.BENCH_TTF !== '0') {
    const way = { id: 'ttf', namespace: `bench-ttf-berth-${STAMP}`, release: 'shop-ttf' };
    const helmNs = `bench-ttf-helm-${STAMP}`;
    await kubectl('create', 'namespace', way.namespace);
    await kubectl('create', 'namespace', helmNs);
    const first = await berth(way, 'deploy', versions[0].ref);
    if (first.code !== 0) throw new Error(`ttf: v1 should have gone live:\n${first.out.slice(-3000)}`);
    // helm's release: the built-in chart with the values berth gives it (health-timeout 60 → a progress
    // deadline of 50 s; health-path /health and the rest are the chart's defaults).
    const helmUpgrade = (image, rollback) =>
      tool(
        'helm',
        [
          'upgrade',
          '--install',
          'helm-ttf',
          path.join(root, 'charts', 'berth-app'),
          '--namespace',
          helmNs,
          '--wait',
          ...(rollback ? ['--rollback-on-failure'] : []),
          '--timeout',
          `${TIMEOUT}s`,
          '--set',
          `image=${image}`,
          '--set',
          `progressDeadlineSeconds=${TIMEOUT - 10}`,
        ],
        (TIMEOUT + 120) * 1000,
      );
    const installed = await helmUpgrade(versions[0].ref, false);
    if (installed.code !== 0) throw new Error(`helm install v1: ${installed.stderr}`);
    for (const v of versions.filter((x) => x.kind !== 'good')) {
      await settled(way.namespace);
      const b = await berth(way, 'deploy', v.ref);
      await settled(helmNs);
      const h = await helmUpgrade(v.ref, true);
      const short = (text) => text.replaceAll(v.ref, '<ref>');
      ttf.push({
        kind: v.kind,
        berth: {
          s: b.ms / 1000,
          code: b.code,
          said: short(b.error ?? '')
            .split('\n')
            .filter(Boolean),
          logLine: b.out.includes('FATAL: missing DATABASE_URL'),
        },
        helm: {
          s: h.ms / 1000,
          code: h.code,
          said: short(
            h.stderr
              .split('\n')
              .filter((l) => l.startsWith('Error:'))
              .join(' ') ||
              h.stderr.trim().split('\n').at(-1) ||
              '',
          ),
        },
      });
      const history = JSON.parse(
        (await tool('helm', ['history', 'helm-ttf', '--namespace', helmNs, '-o', 'json'])).stdout || '[]',
      );
      ttf.at(-1).helm.history = history.map((x) => `${x.revision} ${x.status}`).join(', ');
    }
  }
} finally {
  await cleanup();
}

// ---- report ---------------------------------------------------------------------------------------
const cell = (r) => `${r.requests} / ${r.non2xx + r.errors}`;
console.log(
  '| way | deploys live / refused | seconds | fresh GET: requests / failed | keep-alive GET | keep-alive POST | all failed |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const { way, report, seconds, deploys } of results) {
  const live = deploys.filter((d) => d.live).length;
  console.log(
    `| ${way.name} | ${live} / ${deploys.length - live} | ${seconds.toFixed(1)} | ${KINDS.map((k) => cell(report[k])).join(' | ')} | ${report.total.non2xx + report.total.errors} |`,
  );
}
console.log('');
for (const { way, report, deploys, served, warnings: w } of results) {
  const list = deploys.map((d) => `${d.what} ${d.live ? 'live' : 'refused'} ${d.s.toFixed(1)} s`).join(', ');
  const events =
    Object.entries(w)
      .map(([r, n]) => `${r} ×${n}`)
      .join(', ') || 'none';
  console.log(
    `- ${way.name}: ${list}; afterwards serving ${served}; failed requests: ${describeFailures(report)}; warning events: ${events}.`,
  );
}
if (ttf.length > 0) {
  console.log(
    '\nTime to fail, no load (the whole `node dist/index.js` deploy until it exits refused, against helm on a release of its own):\n',
  );
  console.log(
    '| broken version | berth: seconds | berth said | `helm upgrade --install --wait --rollback-on-failure --timeout 60s`: seconds | helm said |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const { kind, berth: b, helm: h } of ttf) {
    const what =
      kind === 'crash'
        ? 'crash (`FATAL: missing DATABASE_URL`, exit 3)'
        : 'unpullable (a digest the registry never had)';
    const berthSaid = `exit ${b.code}: ${b.said.join(' / ').replace(/\|/g, '\\|')}${kind === 'crash' && !b.logLine ? ' (the log line is missing)' : ''}`;
    console.log(
      `| ${what} | ${b.s.toFixed(1)} | ${berthSaid} | ${h.s.toFixed(1)} | exit ${h.code}: ${h.said.replace(/\|/g, '\\|')} (history: ${h.history}) |`,
    );
  }
  console.log('\n`<ref>`: the reference deployed.');
}
console.log(
  `\nnode ${process.version}, ${cpus().length} CPUs; kubelet ${facts.kubelet}, ${facts.runtime}, ${facts.helm}, kubectl ${facts.kubectl}; cluster up in ${facts.clusterStartS?.toFixed(1)} s`,
);
