// Blue/green under load: constant keep-alive load through nginx while berth deploys 10 versions in a row
// (2 of them broken: one never healthy, one exits at start), then the same 10 versions with the naive
// `docker stop && docker rm && docker run` on one port. Reports requests, non-2xx and connection errors,
// and berth's deploy timeline medians.
// Needs docker (engine running), docker-registry, htpasswd, nginx and a static /bin/busybox (see .ci/run).
// Usage: node bench/deploy.mjs   Prints Markdown. Cleans up what it made. Loopback only.
import { startLoad as startSharedLoad } from './load.mjs';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startRegistry } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'berth-bench-deploy-'));
const APP = `bench${Date.now().toString(36)}`;
const ENV = 'production';
const docker = (...args) =>
  execFileSync('/usr/bin/docker', args, { encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '1' } });

// Registry with auth.
const { host, password, process: registry } = await startRegistry(work);
const dockerConfig = path.join(work, 'docker');
mkdirSync(dockerConfig);
execFileSync(
  '/usr/bin/docker',
  ['--config', dockerConfig, 'login', host, '-u', 'bench', '--password-stdin'],
  { input: password, stdio: ['pipe', 'ignore', 'ignore'] },
);

// Ten versions; v4 never healthy, v8 exits at start.
const versions = [];
for (let n = 1; n <= 10; n++) {
  const kind = n === 4 ? 'unhealthy' : n === 8 ? 'exits' : 'good';
  const dir = path.join(work, `v${n}`);
  mkdirSync(dir);
  execFileSync('cp', ['/bin/busybox', path.join(dir, 'busybox')]);
  const www =
    kind === 'unhealthy' ? `echo v${n} > /www/version` : `echo v${n} > /www/version && echo ok > /www/health`;
  const cmd =
    kind === 'exits'
      ? 'CMD ["/bin/sh", "-c", "exit 3"]'
      : `CMD ["/bin/sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"]`;
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nRUN mkdir -p /www && ${www}\n${cmd}\n`,
  );
  const tag = `${host}/bench/${APP}:v${n}`;
  docker('--config', dockerConfig, 'build', '-q', '-t', tag, dir);
  docker('--config', dockerConfig, 'push', tag);
  const digest = docker(
    '--config',
    dockerConfig,
    'inspect',
    '--format',
    '{{index .RepoDigests 0}}',
    tag,
  ).trim();
  versions.push({ n, kind, ref: digest, tag });
}

// nginx with its own prefix, proxying to berth's upstream include.
const nginxPrefix = path.join(work, 'nginx');
mkdirSync(path.join(nginxPrefix, 'conf'), { recursive: true });
mkdirSync(path.join(nginxPrefix, 'logs'));
const nginxPort = await freePort();
const [bluePort, greenPort, naivePort] = [await freePort(), await freePort(), await freePort()];
const upstreamFile = path.join(nginxPrefix, 'conf', 'upstream.conf');
const upstreamName = `${APP}_${ENV}`;
writeFileSync(
  path.join(nginxPrefix, 'conf', 'nginx.conf'),
  `worker_processes 2;\npid ${nginxPrefix}/logs/nginx.pid;\nerror_log ${nginxPrefix}/logs/error.log warn;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n  include ${upstreamFile};\n  server {\n    listen 127.0.0.1:${nginxPort};\n    location / { proxy_pass http://${upstreamName}; proxy_http_version 1.1; proxy_set_header Connection ""; }\n  }\n}\n`,
);
writeFileSync(upstreamFile, `upstream ${upstreamName} { server 127.0.0.1:${bluePort}; }\n`);
const nginxCommand = `nginx -p ${nginxPrefix} -c conf/nginx.conf`;
execFileSync('nginx', ['-p', nginxPrefix, '-c', 'conf/nginx.conf'], { stdio: 'ignore' });

/** Keep-alive load through nginx (bench/load.mjs, shared with the tests). */
function startLoad(connections = 8) {
  const load = startSharedLoad(`http://127.0.0.1:${nginxPort}/version`, connections);
  return () => load.stop();
}

function run(argv, env) {
  return new Promise((resolve) => {
    // Bounded, and done at exit: a daemon a child leaves behind may hold its output pipes open.
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => setTimeout(() => resolve({ code, out }), 50));
  });
}

const bin = path.join(work, 'bin');
mkdirSync(bin);
symlinkSync('/usr/bin/docker', path.join(bin, 'docker'));
const stateDir = path.join(work, 'state');
const timelines = [];
const outcomes = [];

async function berthDeploy(v) {
  if (process.env.BENCH_DEBUG) console.error(new Date().toISOString(), 'berth', v.n);
  const summary = path.join(work, 'summary');
  writeFileSync(summary, '');
  writeFileSync(path.join(work, 'out'), '');
  writeFileSync(path.join(work, 'state-file'), '');
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: process.env.HOME,
    GITHUB_RUN_ID: `${Date.now()}`,
    GITHUB_SHA: 'b'.repeat(40),
    RUNNER_TEMP: work,
    GITHUB_OUTPUT: path.join(work, 'out'),
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_STATE: path.join(work, 'state-file'),
    INPUT_COMMAND: 'deploy',
    INPUT_IMAGE: v.ref,
    INPUT_APP: APP,
    INPUT_ENVIRONMENT: ENV,
    INPUT_PORT: '8080',
    'INPUT_BLUE-PORT': String(bluePort),
    'INPUT_GREEN-PORT': String(greenPort),
    'INPUT_HEALTH-TIMEOUT': '5',
    'INPUT_STOP-TIMEOUT': '5',
    'INPUT_NGINX-UPSTREAM-FILE': upstreamFile,
    'INPUT_NGINX-COMMAND': nginxCommand,
    'INPUT_STATE-DIR': stateDir,
    'INPUT_KEEP-IMAGES': '20', // the naive run below starts the same local images
    'INPUT_REGISTRY-USERNAME': 'bench',
    'INPUT_REGISTRY-PASSWORD': password,
  };
  const { code, out } = await run([process.execPath, path.join(root, 'dist/index.js')], env);
  outcomes.push(`v${v.n} (${v.kind}): ${code === 0 ? 'live' : 'refused'}`);
  if (code === 0) {
    const text = (await import('node:fs')).readFileSync(summary, 'utf8');
    const steps = Object.fromEntries(
      [...text.matchAll(/^\| ([^|]+?) \| ([\d.]+) s \|$/gm)].map((m) => [m[1], Number(m[2])]),
    );
    timelines.push(steps);
  } else if (v.kind === 'good') {
    throw new Error(`v${v.n} should have deployed:\n${out.slice(-2000)}`);
  }
}

/** What many teams run today: stop the old container, start the new one on the same port; no health check. */
async function naiveDeploy(v) {
  if (process.env.BENCH_DEBUG) console.error(new Date().toISOString(), 'naive', v.n);
  const name = `${APP}-naive`;
  await run(['/usr/bin/docker', 'stop', name], process.env);
  await run(['/usr/bin/docker', 'rm', name], process.env);
  const started = await run(
    [
      '/usr/bin/docker',
      '--config',
      dockerConfig,
      'run',
      '-d',
      '--name',
      name,
      '-p',
      `127.0.0.1:${naivePort}:8080`,
      v.tag,
    ],
    process.env,
  );
  if (started.code !== 0) throw new Error(`naive docker run ${v.tag} failed: ${started.out}`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
let berthReport;
let naiveReport;
try {
  // v1 goes live first (nothing served before it); the load then runs through the other nine.
  await berthDeploy(versions[0]);
  let stop = startLoad();
  const t0 = Date.now();
  for (const v of versions.slice(1)) await berthDeploy(v);
  const berthSeconds = (Date.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 500));
  berthReport = { ...(await stop()), seconds: berthSeconds };

  // The naive way: one container on one port, nginx pointed at it once.
  // The same upstream options berth writes (max_fails=0: no passive "server down" period after a refusal).
  writeFileSync(
    upstreamFile,
    `upstream ${upstreamName} { server 127.0.0.1:${naivePort} max_fails=0; keepalive 16; }\n`,
  );
  await run(
    [
      '/usr/bin/docker',
      '--config',
      dockerConfig,
      'run',
      '-d',
      '--name',
      `${APP}-naive`,
      '-p',
      `127.0.0.1:${naivePort}:8080`,
      versions[0].tag,
    ],
    process.env,
  );
  // Async and bounded: a blocked event loop would also stall the load it is measuring.
  await run(
    ['timeout', '10', 'nginx', '-p', nginxPrefix, '-c', 'conf/nginx.conf', '-s', 'reload'],
    process.env,
  );
  await new Promise((r) => setTimeout(r, 1500));
  stop = startLoad();
  const t1 = Date.now();
  // Spaced like berth's deploys (its run time over nine), so both serve for the same time between them.
  const gap = (berthReport.seconds * 1000) / 9;
  for (const v of versions.slice(1)) {
    const t = Date.now();
    await naiveDeploy(v);
    await new Promise((r) => setTimeout(r, Math.max(0, gap - (Date.now() - t))));
  }
  const naiveSeconds = (Date.now() - t1) / 1000;
  await new Promise((r) => setTimeout(r, 500));
  naiveReport = { ...(await stop()), seconds: naiveSeconds };
} finally {
  try {
    execFileSync('nginx', ['-p', nginxPrefix, '-c', 'conf/nginx.conf', '-s', 'quit'], {
      stdio: 'ignore',
      timeout: 10_000,
    });
  } catch {
    // already stopped
  }
  for (const name of [`${APP}-${ENV}-blue`, `${APP}-${ENV}-green`, `${APP}-naive`])
    await run(['/usr/bin/docker', 'rm', '--force', name], process.env);
  const ids = docker('image', 'ls', '--format', '{{.Repository}} {{.ID}}')
    .split('\n')
    .filter((l) => l.startsWith(`${host}/`))
    .map((l) => l.split(' ')[1]);
  if (ids.length > 0) await run(['/usr/bin/docker', 'image', 'rm', '--force', ...new Set(ids)], process.env);
  registry.kill();
  rmSync(work, { recursive: true, force: true });
}

console.log('| run | deploys | seconds | requests | 2xx | non-2xx | connection errors | retried resets |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [name, r] of [
  ['berth blue/green (v2…v10 over v1, 2 broken)', berthReport],
  ['naive stop && run on one port (same v2…v10)', naiveReport],
]) {
  console.log(
    `| ${name} | 9 | ${r.seconds.toFixed(1)} | ${r.requests} | ${r.ok} | ${r.non2xx} | ${r.errors}${r.errors ? ` ${JSON.stringify(r.errorCodes)}` : ''} | ${r.retriedResets} |`,
  );
}
console.log(`\nberth outcomes: ${outcomes.join(', ')}`);
const keys = [
  'nginx -t',
  'image',
  'start',
  'healthy',
  'switch',
  'drain (old nginx workers)',
  'stop old',
  'prune',
];
console.log('\n| step (successful deploys) | median s |');
console.log('| --- | --- |');
for (const k of keys)
  console.log(`| ${k} | ${median(timelines.map((t) => t[k]).filter((x) => x !== undefined)).toFixed(2)} |`);
const afterHealthy = timelines.map((t) => (t['switch'] ?? 0) + (t['stop old'] ?? 0));
console.log(`| switch + stop old (after healthy) | ${median(afterHealthy).toFixed(2)} |`);
const engine = docker('version', '--format', '{{.Server.Version}}').trim();
console.log(
  `\nnode ${process.version}, docker engine ${engine}, nginx ${execFileSync('nginx', ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) || 'see nginx -v'}, ${cpus().length} CPUs`,
);
