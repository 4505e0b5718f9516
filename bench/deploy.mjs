// Deploys under load, three ways side by side in one run, behind one stock nginx:
//
//   berth       this checkout's dist/ (the reload-free switch)
//   reload      berth's previous release, whose switch rewrote the include and reloaded nginx
//               (its dist/ taken from git: RELOAD_COMMIT below)
//   naive       `docker stop && docker rm && docker run` on one port, no health check
//
// Each runs the same sequence: v1 goes live, then under three loads at once through nginx (GETs on a new
// connection each, keep-alive GETs, keep-alive POSTs with a body; clients that never retry) v2…v10 —
// v4 never healthy, v8 exits at start — and a rollback. Reported per way: requests and failures by load
// kind, nginx reloads after the first deploy, and for berth the timeline medians (start → healthy →
// switched → old stop returned; and when the old colour actually exited, by Docker's clock) next to what `docker run` plus the first healthy answer take by themselves,
// measured in the same run under the same load.
//
// Needs docker (engine running), docker-registry, htpasswd, nginx, a static /bin/busybox and git (see
// .ci/run). Usage: node bench/deploy.mjs   Prints Markdown. Cleans up what it made. Loopback only; every
// child process is bounded.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nginxConfig, nobodyGroup, proxyServer, reloadsIn } from '../sandbox/nginx.mjs';
import { freePort, startRegistry } from './lib.mjs';
import { KINDS, describeFailures, startLoadProcess } from './load.mjs';

/** The last commit whose dist/ switched by reloading nginx. */
const RELOAD_COMMIT = '3bbd5f6';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'berth-bench-deploy-'));
const STAMP = Date.now().toString(36);
const ENV = 'production';
const docker = (...args) =>
  execFileSync('/usr/bin/docker', args, {
    encoding: 'utf8',
    env: { ...process.env, DOCKER_BUILDKIT: '1' },
    timeout: 120_000,
  });

/** Runs argv to its end (bounded); resolves to { code, out, ms }. */
function run(argv, env = process.env, timeoutMs = 120_000) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(argv[0], argv.slice(1), {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    // 'exit', not 'close': a daemon a child leaves behind may hold its pipes open.
    child.on('exit', (code) => resolve({ code, out, ms: Date.now() - started }));
    child.on('error', (error) => resolve({ code: -1, out: String(error), ms: Date.now() - started }));
  });
}

// ---- the registry and ten versions ------------------------------------------------------------------
const registry = await startRegistry(work);
const dockerConfig = path.join(work, 'docker');
mkdirSync(dockerConfig);
execFileSync(
  '/usr/bin/docker',
  ['--config', dockerConfig, 'login', registry.host, '-u', 'bench', '--password-stdin'],
  { input: registry.password, stdio: ['pipe', 'ignore', 'ignore'], timeout: 30_000 },
);
const versions = [];
for (let n = 1; n <= 10; n++) {
  const kind = n === 4 ? 'unhealthy' : n === 8 ? 'exits' : 'good';
  const dir = path.join(work, `v${n}`);
  mkdirSync(dir);
  execFileSync('cp', ['/bin/busybox', path.join(dir, 'busybox')]);
  const cgi = (name, body) =>
    `printf '#!/bin/sh\\necho "Content-Type: text/plain"\\necho\\n${body}\\n' > /www/cgi-bin/${name}`;
  const www = [
    'mkdir -p /www/cgi-bin',
    `echo v${n} > /www/version`,
    ...(kind === 'unhealthy' ? [] : ['echo ok > /www/health']),
    cgi('version', 'head -c "${CONTENT_LENGTH:-0}" >/dev/null; cat /www/version'),
    'chmod 755 /www/cgi-bin/*',
  ].join(' && ');
  const cmd =
    kind === 'exits'
      ? 'CMD ["/bin/sh", "-c", "echo cannot start; exit 3"]'
      : `CMD ["/bin/sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"]`;
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nRUN ${www}\n${cmd}\nLABEL berth.bench=${STAMP}\n`,
  );
  const tag = `${registry.host}/bench/app-${STAMP}:v${n}`;
  docker('--config', dockerConfig, 'build', '-q', '-t', tag, dir);
  docker('--config', dockerConfig, 'push', tag);
  const ref = docker('inspect', '--format', '{{index .RepoDigests 0}}', tag).trim();
  versions.push({ n, kind, ref, tag });
}

// ---- berth's previous release ---------------------------------------------------------------------
const reloadDist = path.join(work, 'reload-release');
let reloadAvailable = true;
try {
  mkdirSync(reloadDist);
  execFileSync(
    'sh',
    ['-c', 'git -C "$1" archive "$2" dist | tar -x -C "$3"', 'sh', root, RELOAD_COMMIT, reloadDist],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 60_000,
    },
  );
} catch (error) {
  reloadAvailable = false;
  console.error(`no ${RELOAD_COMMIT} in git (${error.message.split('\n')[0]}): the reload way is skipped`);
}

// ---- one nginx, a server block per way -----------------------------------------------------------
const only = process.env.BENCH_WAYS?.split(',');
const allWays = [
  { id: 'berth', name: "berth's reload-free switch (this dist/)", dist: path.join(root, 'dist', 'index.js') },
  ...(reloadAvailable
    ? [
        {
          id: 'reload',
          name: `berth's reload switch (${RELOAD_COMMIT})`,
          dist: path.join(reloadDist, 'dist', 'index.js'),
        },
      ]
    : []),
  { id: 'naive', name: 'naive stop && run on one port' },
];
const ways = allWays.filter((w) => !only || only.includes(w.id));
const prefix = path.join(work, 'nginx');
mkdirSync(path.join(prefix, 'conf'), { recursive: true });
mkdirSync(path.join(prefix, 'logs'));
execFileSync('chmod', ['0755', work, prefix, path.join(prefix, 'conf')]);
for (const way of ways) {
  way.app = `bench${way.id}${STAMP}`;
  way.upstream = `${way.app}_${ENV}`;
  way.include = path.join(prefix, 'conf', `${way.id}.conf`);
  way.port = await freePort();
  way.blue = await freePort();
  way.green = await freePort();
  // What a server has before berth's first deploy: an upstream the server block can load with.
  writeFileSync(
    way.include,
    `upstream ${way.upstream} { server 127.0.0.1:${way.blue} max_fails=0; keepalive 16; }\n`,
  );
}
writeFileSync(
  path.join(prefix, 'conf', 'nginx.conf'),
  nginxConfig({
    user: `nobody ${nobodyGroup()}`,
    workers: 2,
    connections: 4096,
    pidFile: `${prefix}/logs/nginx.pid`,
    errorLog: `${prefix}/logs/error.log`,
    errorLevel: 'notice',
    includes: ways.map((w) => w.include),
    // The user's own server block, as README shows it: it proxies to berth's upstream name.
    servers: ways.map((w) => proxyServer(`127.0.0.1:${w.port}`, w.upstream, { headers: ['Host $host'] })),
  }),
);
const nginxCommand = `nginx -p ${prefix} -c conf/nginx.conf`;
execFileSync('nginx', ['-p', prefix, '-c', 'conf/nginx.conf'], { stdio: 'ignore', timeout: 10_000 });
const reloads = () => reloadsIn(path.join(prefix, 'logs', 'error.log'));

/** The three loads in their own process (bench/load.mjs), so this one only orchestrates. */
function startLoad(port) {
  const load = startLoadProcess(`http://127.0.0.1:${port}`);
  return () => load.stop();
}

const bin = path.join(work, 'bin');
mkdirSync(bin);
symlinkSync('/usr/bin/docker', path.join(bin, 'docker'));

/** One `node dist/index.js` deploy or rollback, as a runner starts it; resolves to its outcome and timeline. */
async function berthRun(way, command, v) {
  const summary = path.join(work, `summary-${way.id}`);
  for (const f of [summary, path.join(work, `out-${way.id}`), path.join(work, `state-${way.id}`)])
    writeFileSync(f, '');
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: process.env.HOME,
    GITHUB_RUN_ID: `${Date.now()}`,
    GITHUB_SHA: 'b'.repeat(40),
    RUNNER_TEMP: work,
    GITHUB_OUTPUT: path.join(work, `out-${way.id}`),
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_STATE: path.join(work, `state-${way.id}`),
    INPUT_COMMAND: command,
    INPUT_IMAGE: v ? v.ref : '',
    INPUT_APP: way.app,
    INPUT_ENVIRONMENT: ENV,
    INPUT_PORT: '8080',
    'INPUT_BLUE-PORT': String(way.blue),
    'INPUT_GREEN-PORT': String(way.green),
    'INPUT_HEALTH-TIMEOUT': '5',
    'INPUT_STOP-TIMEOUT': '5',
    'INPUT_NGINX-UPSTREAM-FILE': way.include,
    'INPUT_NGINX-COMMAND': nginxCommand,
    'INPUT_STATE-DIR': path.join(work, `berth-state-${way.id}`),
    'INPUT_KEEP-IMAGES': '30', // the other ways run the same local images
    'INPUT_REGISTRY-USERNAME': 'bench',
    'INPUT_REGISTRY-PASSWORD': registry.password,
  };
  const startedAt = Date.now();
  const { code, out, ms } = await run([process.execPath, way.dist], env);
  const text = readFileSync(summary, 'utf8').split('| Step | Time |')[1] ?? '';
  const steps = [...text.matchAll(/^\| ([^|]+?) \| ([\d.]+) s \|$/gm)].map((m) => [
    m[1].trim(),
    Number(m[2]),
  ]);
  return { code, out, ms, steps, oldExitedMs: code === 0 ? await oldColourExit(way, startedAt) : undefined };
}

/**
 * When the colour that was live before this deploy exited, in ms from the deploy's start, by Docker's own
 * clock (State.FinishedAt): berth may return before (the engine finishes the stop), so this waits for it
 * (bounded). Undefined when there was no old colour running.
 */
async function oldColourExit(way, startedAt) {
  const outputs = readFileSync(path.join(work, `out-${way.id}`), 'utf8');
  const color = /^color<<(\S+)\n(.*)\n\1$/m.exec(outputs)?.[2];
  if (color !== 'blue' && color !== 'green') return undefined;
  const old = `${way.app}-${ENV}-${color === 'blue' ? 'green' : 'blue'}`;
  await run(['/usr/bin/docker', 'container', 'wait', old], process.env, 20_000);
  const finished = await run(['/usr/bin/docker', 'inspect', '--format', '{{.State.FinishedAt}}', old]);
  const ms = Date.parse(finished.out.trim()) - startedAt;
  return finished.code === 0 && ms > 0 ? ms : undefined;
}

/** `docker run` of `tag` on `port`, then GET /health until 2xx (5 s at most): the ms of each, and the first healthy answer's. */
async function runUntilHealthy(name, port, tag) {
  const started = await run([
    '/usr/bin/docker',
    '--config',
    dockerConfig,
    'run',
    '-d',
    '--name',
    name,
    '-p',
    `127.0.0.1:${port}:8080`,
    tag,
  ]);
  if (started.code !== 0) throw new Error(`docker run ${tag} failed: ${started.out}`);
  for (let t = Date.now(); Date.now() - t < 5000;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return started.ms + (Date.now() - t);
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return undefined;
}

/** The naive way's deploy: stop and remove the one container, start the new one (no health check). */
async function naiveDeploy(way, v) {
  const name = `${way.app}-naive`;
  await run(['/usr/bin/docker', 'stop', '-t', '5', name]);
  await run(['/usr/bin/docker', 'rm', name]);
  await runUntilHealthy(name, way.blue, v.tag);
}

/** What `docker run` plus the first healthy answer take by themselves, under the load running now. */
async function baselineSample(v, into) {
  const name = `bench-baseline-${STAMP}`;
  const ms = await runUntilHealthy(name, baselinePort, v.tag);
  await run(['/usr/bin/docker', 'rm', '--force', name]);
  if (ms !== undefined) into.push(ms);
}

const median = (xs) => {
  const s = xs.filter((x) => x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : s.length % 2
      ? s[(s.length - 1) / 2]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const results = [];
const baseline = [];
const idle = { wall: [], timelines: [], baseline: [] };
const baselinePort = await freePort();
try {
  for (const way of ways) {
    way.oldExited = [];
    const outcomes = [];
    const timelines = [];
    const wall = [];
    const deployOne = async (command, v) => {
      if (way.id === 'naive') {
        await naiveDeploy(way, command === 'rollback' ? versions[8] : v);
        outcomes.push(`${command === 'rollback' ? 'rollback' : `v${v.n}`}: started`);
        return;
      }
      const r = await berthRun(way, command, v);
      if (process.env.BENCH_DEBUG)
        console.error(way.id, command, v?.n ?? '', r.code, r.ms, JSON.stringify(r.steps));
      const what = command === 'rollback' ? 'rollback' : `v${v.n}`;
      outcomes.push(`${what}: ${r.code === 0 ? 'live' : 'refused'}`);
      if (r.code === 0) {
        timelines.push(r.steps);
        wall.push(r.ms);
        way.oldExited.push(r.oldExitedMs);
        if (way.id === 'berth' && command === 'deploy' && v.n > 1) await baselineSample(v, baseline);
      } else if (command === 'rollback' || v.kind === 'good') {
        throw new Error(`${way.id}: ${what} should have gone live:\n${r.out.slice(-3000)}`);
      }
    };
    if (way.id === 'naive') {
      writeFileSync(
        way.include,
        `upstream ${way.upstream} { server 127.0.0.1:${way.blue} max_fails=0; keepalive 16; }\n`,
      );
    }
    await deployOne('deploy', versions[0]);
    await new Promise((r) => setTimeout(r, 1500)); // the first deploy's reload (if any) has settled
    const reloadsBefore = reloads();
    const stop = startLoad(way.port);
    await new Promise((r) => setTimeout(r, 500));
    const t0 = Date.now();
    for (const v of versions.slice(1)) await deployOne('deploy', v);
    await deployOne('rollback');
    const seconds = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 500));
    const report = await stop();
    results.push({ way, report, seconds, outcomes, reloads: reloads() - reloadsBefore });
    way.timelines = timelines;
    way.wall = wall;
    if (way.id === 'berth') {
      // The same deploys with no load at all, each followed by a `docker run` + first healthy answer.
      for (const v of versions.filter((x) => x.kind === 'good').slice(1, 7)) {
        const r = await berthRun(way, 'deploy', v);
        if (r.code !== 0)
          throw new Error(`berth: v${v.n} (idle) should have gone live:\n${r.out.slice(-3000)}`);
        idle.wall.push(r.ms);
        idle.timelines.push(r.steps);
        await baselineSample(v, idle.baseline);
      }
    }
  }
} finally {
  try {
    execFileSync('nginx', ['-p', prefix, '-c', 'conf/nginx.conf', '-s', 'quit'], {
      stdio: 'ignore',
      timeout: 10_000,
    });
  } catch {
    // already stopped
  }
  const names = docker('ps', '-a', '--format', '{{.Names}}')
    .split('\n')
    .filter((n) => n.startsWith('bench') && n.includes(STAMP));
  if (names.length > 0) await run(['/usr/bin/docker', 'rm', '--force', ...names]);
  const ids = docker('image', 'ls', '--format', '{{.Repository}} {{.ID}}')
    .split('\n')
    .filter((l) => l.startsWith(`${registry.host}/`))
    .map((l) => l.split(' ')[1]);
  if (ids.length > 0) await run(['/usr/bin/docker', 'image', 'rm', '--force', ...new Set(ids)]);
  registry.process.kill();
  rmSync(work, { recursive: true, force: true });
}

// ---- report ---------------------------------------------------------------------------------------
const cell = (r) => `${r.requests} / ${r.non2xx + r.errors}`;
console.log(
  '| way | switches | seconds | fresh GET: requests / failed | keep-alive GET | keep-alive POST | all failed | nginx reloads after the first deploy |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const { way, report, seconds, reloads: n } of results) {
  console.log(
    `| ${way.name} | 10 | ${seconds.toFixed(1)} | ${KINDS.map((k) => cell(report[k])).join(' | ')} | ${report.total.non2xx + report.total.errors} | ${way.id === 'naive' ? '–' : n} |`,
  );
}
console.log('');
for (const { way, report, outcomes } of results) {
  console.log(`- ${way.name}: ${outcomes.join(', ')}; failed requests: ${describeFailures(report)}`);
}

const cumulative = (steps, upTo) => {
  let sum = 0;
  for (const [name, s] of steps) {
    sum += s;
    if (upTo(name)) return sum;
  }
  return NaN;
};
for (const way of ways.filter((w) => w.id !== 'naive')) {
  const t = way.timelines ?? [];
  const under = t.slice(1); // the deploys under load (the first one installs)
  const row = (label, f) => console.log(`| ${label} | ${median(under.map(f)).toFixed(2)} |`);
  console.log(`\n${way.name}, medians over the ${under.length} deploys under load that went live:\n`);
  console.log('| from the step timeline | median s |');
  console.log('| --- | --- |');
  row('start → healthy', (s) => cumulative(s, (n) => n === 'healthy'));
  row('start → switched', (s) => cumulative(s, (n) => n === 'switch'));
  row("start → old colour's stop returned (done, or handed to the engine)", (s) =>
    cumulative(s, (n) => n === 'stop old'),
  );
  console.log(
    `| process start → old colour exited (Docker's State.FinishedAt) | ${(median(way.oldExited.slice(1)) / 1000).toFixed(2)} |`,
  );
  const base = (n) => n.replace(/ \(.*\)$/, '');
  for (const name of [...new Set(under.flatMap((s) => s.map(([n]) => base(n))))]) {
    row(`step: ${name}`, (s) => {
      const hits = s.filter(([n]) => base(n) === name);
      return hits.length === 0 ? undefined : hits.reduce((a, [, x]) => a + x, 0);
    });
  }
  console.log(
    `| whole deploy (process start to exit) | ${(median((way.wall ?? []).slice(1)) / 1000).toFixed(2)} |`,
  );
}
const alone = median(baseline) / 1000;
const berthWall = median((ways[0].wall ?? []).slice(1)) / 1000;
const idleAlone = median(idle.baseline) / 1000;
const idleWall = median(idle.wall) / 1000;
console.log(
  `\nNo load (${idle.wall.length} deploys, each followed by a \`docker run\` + first healthy answer): berth's whole deploy ${idleWall.toFixed(2)} s, \`docker run\` + first healthy answer ${idleAlone.toFixed(2)} s = ${(idleWall / idleAlone).toFixed(2)}×; steps: ${['start', 'healthy', 'switch', 'drain', 'stop old', 'prune'].map((n) => `${n} ${median(idle.timelines.map((s) => s.find(([x]) => x.replace(/ \(.*\)$/, '') === n)?.[1])).toFixed(2)}`).join(', ')}.`,
);
console.log(
  `\n\`docker run\` + first healthy answer, by themselves, taken after each of berth's deploys under the same load (${baseline.length} starts): median ${alone.toFixed(2)} s; berth's whole deploy: ${berthWall.toFixed(2)} s = ${(berthWall / alone).toFixed(2)}× (goal: at most 2×).`,
);
const engine = docker('version', '--format', '{{.Server.Version}}').trim();
const nginxVersion = execFileSync('sh', ['-c', 'nginx -v 2>&1'], { encoding: 'utf8' }).trim();
console.log(`\nnode ${process.version}, docker engine ${engine}, ${nginxVersion}, ${cpus().length} CPUs`);
