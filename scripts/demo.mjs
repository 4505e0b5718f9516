// npm run demo: berth's whole pipeline on this machine, in a sandbox it owns — a Docker engine, a
// registry with htpasswd auth and nginx, all on loopback — then plan → build → push → blue/green
// deploy → a deploy under live traffic → a broken version refused → rollback → coverage, with timings.
// `npm run demo -- --down` removes what it created (recorded in <sandbox>/state.json), and only that.
//
// berth runs as its CLI (bin/berth.js, the committed dist/), exactly as a CI system would call it.
// Plain Node: no build step, no network beyond 127.0.0.1, no questions asked (CI=true, no stdin).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describeFailures, startLoads } from '../bench/load.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BERTH = path.join(ROOT, 'bin', 'berth.js');
const EXAMPLE = path.join(ROOT, 'examples', 'demo');
const EVENT = path.join(ROOT, 'examples', 'events', 'pr-merged-backend-into-release.json');
/** components.backend.with.app in examples/demo/.github/berth.yml: the containers' names. */
const APP = 'berth-demo-backend';
const ENVIRONMENT = 'production';
/** berth's default upstream name for the app and environment (`<app>_<environment>`, `-` → `_`). */
const UPSTREAM = `${APP}_${ENVIRONMENT}`.replace(/[^A-Za-z0-9_]/g, '_');
const IMAGE_PATH = 'berth-demo/backend';
const REGISTRY_USER = 'demo';
const SBIN = ['/usr/sbin', '/sbin', '/usr/local/sbin'];
/** One berth command may take this long (its own timeouts are far shorter); then it is killed. */
const COMMAND_TIMEOUT_MS = 5 * 60_000;
/** The live request loop stops by then even if the deploy it watches has not returned. */
const LOAD_CAP_MS = 3 * 60_000;
const VERSIONS = {
  v1: { version: '1.0.0', broken: false },
  v2: { version: '2.0.0', broken: false },
  v3: { version: '3.0.0', broken: true },
};

/** What the demo needs, each with the Debian/Ubuntu package that provides it. */
const NEEDS = {
  docker: { pkg: 'docker.io', what: 'a Docker engine and its client' },
  registry: { pkg: 'docker-registry', what: 'the CNCF distribution registry (docker-registry)' },
  htpasswd: { pkg: 'apache2-utils', what: 'htpasswd, for the registry’s bcrypt password file' },
  nginx: { pkg: 'nginx', what: 'nginx' },
  busybox: {
    pkg: 'busybox-static',
    what: 'a statically linked busybox at /bin/busybox (the demo image’s only file)',
  },
};

class DemoError extends Error {}

// ---------------------------------------------------------------------------------------------------
// Output

const out = (text = '') => process.stdout.write(`${text}\n`);
const indent = (text, by = '    ') =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : by + l))
    .join('\n');
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Step timings, for the table at the end. */
const timings = [];
/** Time spent in apt-get this run (part of step 0): the demo's own time is the total without it. */
let installMs = 0;

async function step(title, fn) {
  out(`\n━━ ${title}`);
  const started = performance.now();
  let ok = false;
  try {
    const result = await fn();
    ok = true;
    return result;
  } finally {
    const ms = performance.now() - started;
    timings.push({ title, ms, ok });
    out(`   ${ok ? '✔' : '✘'} ${seconds(ms)}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// The sandbox directory and its state file

function sandboxDir(env = process.env) {
  if (env.BERTH_DEMO_DIR) return path.resolve(env.BERTH_DEMO_DIR);
  if (env.XDG_STATE_HOME) return path.join(env.XDG_STATE_HOME, 'berth-demo');
  // nginx's workers (as root: nobody) test berth's switch marker inside the sandbox on every request,
  // and root's home is closed to them.
  if (isRoot()) return '/var/lib/berth-demo';
  return path.join(os.homedir(), '.berth-demo');
}

function readState(sandbox) {
  try {
    return JSON.parse(readFileSync(path.join(sandbox, 'state.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

function writeState(sandbox, state) {
  writeFileSync(path.join(sandbox, 'state.json'), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

// ---------------------------------------------------------------------------------------------------
// Processes

function which(name, extra = []) {
  for (const dir of [...(process.env.PATH ?? '').split(':'), ...extra]) {
    if (dir === '') continue;
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs argv (no shell); resolves with its exit code and output. `timeoutMs` kills it. */
function run(argv, options = {}) {
  return new Promise((resolve) => {
    const [file, ...args] = argv;
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      options.onStdout?.(d);
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      options.onStderr?.(d);
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: `${stderr}${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** A pid that runs and is the program we started (its command line names it), not a reused pid. */
function alive(pid, name) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(name);
  } catch {
    return true; // no /proc: trust the signal check
  }
}

async function stopProcess(pid, name, waitMs = 10_000) {
  if (!alive(pid, name)) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + waitMs;
  while (alive(pid, name) && Date.now() < deadline) await sleep(100);
  if (alive(pid, name)) process.kill(pid, 'SIGKILL');
  return true;
}

/** Starts a daemon detached from this process (it outlives the demo), output to `log`. */
function startDaemon(file, args, log) {
  const fd = openSync(log, 'a');
  try {
    const child = spawn(file, args, { detached: true, stdio: ['ignore', fd, fd] });
    child.on('error', () => undefined); // reported by the readiness check, with the log
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

function tail(file, lines = 15) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Free loopback ports, all distinct (held open together until every one is chosen). */
async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      await new Promise((resolve, reject) => {
        server.on('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      servers.push(server);
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** One GET with a fresh connection; status 0 when nothing answers. */
function get(url, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '' }));
  });
}

async function waitFor(what, check, timeoutMs, log) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) {
      throw new DemoError(
        `${what} did not come up within ${seconds(timeoutMs)}.${log ? ` Its log (${log}):\n${indent(tail(log))}` : ''}`,
      );
    }
    await sleep(100);
  }
}

/** True for an ELF executable without an interpreter (PT_INTERP): static, so it runs FROM scratch. */
function isStaticElf(file) {
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(64);
    readSync(fd, head, 0, 64, 0);
    if (head.readUInt32BE(0) !== 0x7f454c46) return false;
    const is64 = head[4] === 2;
    const le = head[5] === 1;
    const u16 = (b, o) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (b, o) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const phoff = is64
      ? Number(le ? head.readBigUInt64LE(0x20) : head.readBigUInt64BE(0x20))
      : u32(head, 0x1c);
    const size = u16(head, is64 ? 0x36 : 0x2a);
    const count = u16(head, is64 ? 0x38 : 0x2c);
    const table = Buffer.alloc(size * count);
    readSync(fd, table, 0, table.length, phoff);
    for (let i = 0; i < count; i++) if (u32(table, i * size) === 3) return false; // PT_INTERP
    return true;
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------------
// Bringing up the sandbox: tools (installed when root on Debian), engine, registry, nginx

function findTools() {
  return {
    // Debian's client first: it builds with the engine's BuildKit; another `docker` on PATH may lack buildx.
    docker: existsSync('/usr/bin/docker') ? '/usr/bin/docker' : which('docker'),
    dockerd: which('dockerd', SBIN),
    registry: which('docker-registry', SBIN),
    htpasswd: which('htpasswd', SBIN),
    nginx: which('nginx', SBIN),
    busybox: isStaticElf('/bin/busybox') ? '/bin/busybox' : undefined,
  };
}

async function dockerAnswers(docker) {
  if (!docker) return { up: false, detail: 'no docker client' };
  // `version`, not `info`: when the engine cannot be reached it says why (info only fails its template).
  const r = await run([docker, 'version', '--format', '{{.Server.Version}}'], { timeoutMs: 20_000 });
  return { up: r.code === 0, version: r.stdout.trim(), detail: r.stderr.trim().split('\n').at(-1) ?? '' };
}

const isRoot = () => process.getuid?.() === 0;
const isDebian = () =>
  existsSync('/etc/debian_version') && which('apt-get', [...SBIN, '/usr/bin', '/bin']) !== undefined;

/** The packages to install for what is missing (docker.io only when no engine answers and none can start). */
function missingPackages(tools, engineUp) {
  const missing = [];
  if (!tools.docker || (!engineUp && !tools.dockerd)) missing.push('docker');
  for (const key of ['registry', 'htpasswd', 'nginx', 'busybox']) if (!tools[key]) missing.push(key);
  return missing;
}

function installInstructions(missing, heading = "berth's demo needs, and cannot install here:") {
  const lines = missing.map((key) => `  - ${NEEDS[key].what}  (Debian/Ubuntu package: ${NEEDS[key].pkg})`);
  const packages = missing.map((key) => NEEDS[key].pkg).join(' ');
  return [
    heading,
    ...lines,
    '',
    isDebian()
      ? `Install them (the demo installs them itself when run as root):\n\n  sudo apt-get install -y ${packages}\n`
      : `This is not Debian or Ubuntu: install the equivalents with your system's package manager (Docker Engine: docs.docker.com/engine/install).\n`,
    'Then run npm run demo again.',
  ].join('\n');
}

async function ensureTools(state) {
  let tools = findTools();
  let engine = await dockerAnswers(tools.docker);
  const missing = missingPackages(tools, engine.up);
  if (missing.length > 0) {
    if (!isRoot() || !isDebian()) throw new DemoError(installInstructions(missing));
    const packages = missing.map((key) => NEEDS[key].pkg);
    out(`   installing ${packages.join(' ')} (apt-get install -y ${packages.join(' ')})`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const started = performance.now();
    const update = await run(['apt-get', 'update', '-qq'], { env });
    if (update.code !== 0)
      out(indent(`apt-get update failed (continuing with the lists there are): ${update.stderr.trim()}`));
    const install = await run(['apt-get', 'install', '-y', '-qq', ...packages], { env });
    if (install.code !== 0) {
      throw new DemoError(
        `apt-get install -y ${packages.join(' ')} failed:\n${indent(install.stderr.trim() || install.stdout.trim())}`,
      );
    }
    state.installed = [...new Set([...(state.installed ?? []), ...packages])];
    installMs += performance.now() - started;
    tools = findTools();
    engine = await dockerAnswers(tools.docker);
    const still = missingPackages(tools, engine.up);
    if (still.length > 0)
      throw new DemoError(installInstructions(still, 'apt-get install ran, and these are still missing:'));
  }
  return { tools, engine };
}

async function ensureEngine(sandbox, state, tools, engine) {
  const recorded = state.dockerd;
  if (engine.up) {
    // Still the one this demo started (a second run): keep the record, so --down stops it.
    const ours = recorded?.started && alive(recorded.pid, 'dockerd');
    state.dockerd = ours ? recorded : { started: false };
    out(
      `   Docker engine ${engine.version}: ${ours ? 'the one this demo started' : 'already running, used as it is (--down leaves it running)'}`,
    );
    return;
  }
  if (/permission denied/i.test(engine.detail)) {
    throw new DemoError(
      `The Docker engine refuses this user (${engine.detail}).\nAdd yourself to the docker group and log in again:\n\n  sudo usermod -aG docker "$USER"\n`,
    );
  }
  if (!isRoot()) {
    throw new DemoError(
      `No Docker engine answers (${engine.detail}), and only root can start one.\nStart it and run npm run demo again:\n\n  sudo systemctl start docker      # or, without systemd: sudo dockerd &\n`,
    );
  }
  const log = path.join(sandbox, 'dockerd.log');
  out(`   no Docker engine answers: starting ${tools.dockerd} (log: ${log}; --down stops it)`);
  const pid = startDaemon(tools.dockerd, [], log);
  state.dockerd = { started: true, pid, log };
  writeState(sandbox, state);
  await waitFor('dockerd', async () => (await dockerAnswers(tools.docker)).up, 60_000, log);
  out(`   Docker engine ${(await dockerAnswers(tools.docker)).version}: started (pid ${pid})`);
}

async function ensureRegistry(sandbox, state, tools, sparePort) {
  const dir = path.join(sandbox, 'registry');
  mkdirSync(dir, { recursive: true });
  const passwordFile = path.join(dir, 'password');
  if (!existsSync(passwordFile))
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const current = state.registry;
  if (
    current &&
    alive(current.pid, 'docker-registry') &&
    (await get(`http://${current.host}/v2/`)).status === 401
  ) {
    out(`   registry ${current.host}: running (pid ${current.pid}), reused`);
    return password;
  }
  // htpasswd reads the password from stdin (-i), never from its command line.
  const hashed = spawnSync(tools.htpasswd, ['-niB', REGISTRY_USER], { input: password, encoding: 'utf8' });
  if (hashed.status !== 0) throw new DemoError(`htpasswd failed: ${hashed.stderr.trim()}`);
  writeFileSync(path.join(dir, 'htpasswd'), hashed.stdout, { mode: 0o600 });
  const port = current?.port && (await portFree(current.port)) ? current.port : sparePort;
  const host = `127.0.0.1:${port}`;
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      '# The demo registry (npm run demo): loopback only, htpasswd (bcrypt) auth, storage in the sandbox.',
      'version: 0.1',
      'log: {level: warn}',
      `storage: {filesystem: {rootdirectory: ${JSON.stringify(path.join(dir, 'data'))}}, delete: {enabled: true}}`,
      `http: {addr: "${host}"}`,
      `auth: {htpasswd: {realm: berth-demo, path: ${JSON.stringify(path.join(dir, 'htpasswd'))}}}`,
      '',
    ].join('\n'),
  );
  const log = path.join(dir, 'registry.log');
  const pid = startDaemon(tools.registry, ['serve', config], log);
  state.registry = { pid, port, host };
  state.registryHosts = [...new Set([...(state.registryHosts ?? []), host])];
  writeState(sandbox, state);
  await waitFor(
    `docker-registry on ${host}`,
    async () => (await get(`http://${host}/v2/`)).status === 401,
    15_000,
    log,
  );
  out(`   registry ${host}: started (pid ${pid}), user ${REGISTRY_USER}, password in ${passwordFile}`);
  return password;
}

function nginxArgs(prefix) {
  return ['-p', `${prefix}/`, '-c', 'conf/nginx.conf'];
}

async function ensureNginx(sandbox, state, tools, sparePort) {
  const prefix = path.join(sandbox, 'nginx');
  const upstreamFile = path.join(prefix, 'conf', 'berth', `${APP}-${ENVIRONMENT}.conf`);
  mkdirSync(path.dirname(upstreamFile), { recursive: true });
  mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  const pidFile = path.join(prefix, 'logs', 'nginx.pid');
  const runningPid = () => Number(existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim() : 0);
  const running = alive(runningPid(), 'nginx');
  const port = running && state.nginx?.port ? state.nginx.port : sparePort;
  // As root, nginx's workers drop to an unprivileged user (Debian has no group "nobody": nogroup).
  const group = readFileSync('/etc/group', 'utf8').includes('\nnogroup:') ? 'nogroup' : 'nobody';
  writeFileSync(
    path.join(prefix, 'conf', 'nginx.conf'),
    [
      "# The demo's nginx (npm run demo): its own prefix, loopback only. berth owns the upstream include",
      '# (both colours and the switch between them); the server block proxies to it, as README shows.',
      ...(isRoot() ? [`user nobody ${group};`] : []),
      'worker_processes 1;',
      `pid ${pidFile};`,
      `error_log ${path.join(prefix, 'logs', 'error.log')} warn;`,
      'events { worker_connections 512; }',
      'http {',
      '  access_log off;',
      '  proxy_max_temp_file_size 0;   # small pages: never buffer to disk',
      `  include ${upstreamFile};`,
      '  server {',
      `    listen 127.0.0.1:${port};`,
      '    location / {',
      `      proxy_pass http://${UPSTREAM};`,
      '      proxy_http_version 1.1;',
      '      proxy_set_header Connection "";',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  // Before the first deploy nginx needs the include to start; berth's first deploy rewrites it.
  if (!existsSync(upstreamFile)) {
    writeFileSync(upstreamFile, `upstream ${UPSTREAM} { server 127.0.0.1:${state.ports.blue}; }\n`);
  }
  const command = [tools.nginx, ...nginxArgs(prefix)];
  const tested = await run([...command, '-t']);
  if (tested.code !== 0)
    throw new DemoError(`nginx -t failed for the demo's config:\n${indent(tested.stderr.trim())}`);
  if (running) {
    await run([...command, '-s', 'reload']);
    out(`   nginx 127.0.0.1:${port}: running (pid ${runningPid()}), reused`);
  } else {
    const started = await run(command); // the master daemonizes
    if (started.code !== 0) throw new DemoError(`nginx did not start:\n${indent(started.stderr.trim())}`);
    await waitFor(
      `nginx on 127.0.0.1:${port}`,
      async () => !(await portFree(port)),
      10_000,
      path.join(prefix, 'logs', 'error.log'),
    );
    out(`   nginx 127.0.0.1:${port}: started (pid ${runningPid()}), prefix ${prefix}`);
  }
  state.nginx = { prefix, port, pidFile, upstreamFile, command: command.join(' ') };
  writeState(sandbox, state);
}

/** A fresh copy of examples/demo with Debian's static busybox in the backend's build context. */
function prepareRepo(sandbox, busybox) {
  const repo = path.join(sandbox, 'repo');
  rmSync(repo, { recursive: true, force: true });
  cpSync(EXAMPLE, repo, { recursive: true, filter: (src) => path.basename(src) !== 'busybox' });
  cpSync(busybox, path.join(repo, 'backend', 'busybox'));
  chmodSync(path.join(repo, 'backend', 'busybox'), 0o755);
  return repo;
}

// ---------------------------------------------------------------------------------------------------
// berth, through its CLI

/** Splits the CLI's stdout: `name=value` lines (and `name<<delimiter` blocks) first, then the summary. */
function parseCliStdout(stdout) {
  const lines = stdout.split('\n');
  const outputs = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const block = /^([\w-]+)<<(ghadelimiter_[\w-]+)$/.exec(lines[i]);
    if (block) {
      const end = lines.indexOf(block[2], i + 1);
      outputs[block[1]] = lines.slice(i + 1, end === -1 ? undefined : end).join('\n');
      i = end === -1 ? lines.length : end;
      continue;
    }
    const pair = /^([\w-]+)=(.*)$/.exec(lines[i]);
    if (!pair) break;
    outputs[pair[1]] = pair[2];
  }
  return { outputs, summary: lines.slice(i).join('\n').trim() };
}

function showArg(arg, sandbox) {
  const shown = arg.split(sandbox).join('$DEMO');
  if (shown.includes('\n')) return `$'${shown.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n')}'`;
  if (/^[\w@%+=:,./$-]+$/.test(shown)) return shown;
  // Double quotes where $DEMO must still expand; single quotes for anything else.
  if (!/["`\\]/.test(shown) && !/\$(?!DEMO)/.test(shown)) return `"${shown}"`;
  return `'${shown.replace(/'/g, `'\\''`)}'`;
}

function createBerth({ sandbox, repo, password, verbose }) {
  const bin = path.join(sandbox, 'bin');
  const logs = path.join(sandbox, 'logs');
  const temp = path.join(sandbox, 'tmp');
  mkdirSync(logs, { recursive: true });
  mkdirSync(temp, { recursive: true });
  let count = 0;
  const env = {};
  // The caller's CI context (GITHUB_*, RUNNER_*) and berth settings must not leak into the demo's runs.
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(GITHUB_|RUNNER_|ACTIONS_|INPUT_|BERTH_)/.test(k)) env[k] = v;
  }
  env.PATH = `${bin}:${process.env.PATH ?? ''}`;
  env.RUNNER_TEMP = temp;

  return async function berth(command, flags, { secret = false } = {}) {
    count += 1;
    const log = path.join(logs, `${String(count).padStart(2, '0')}-${command}.log`);
    out(`   $ berth ${command} ${flags.map((f) => showArg(f, sandbox)).join(' ')}`);
    const started = performance.now();
    const result = await run([process.execPath, BERTH, command, ...flags], {
      cwd: repo,
      env: secret ? { ...env, BERTH_REGISTRY_PASSWORD: password } : env,
      timeoutMs: COMMAND_TIMEOUT_MS,
      onStderr: verbose ? (d) => process.stderr.write(indent(String(d), '     │ ')) : undefined,
    });
    writeFileSync(log, `${result.stderr}\n--- stdout: outputs, then the summary ---\n${result.stdout}`);
    const error = result.stderr
      .split('\n')
      .filter((l) => l.startsWith('error: '))
      .map((l) => l.slice('error: '.length))
      .join('\n');
    return { ...result, ...parseCliStdout(result.stdout), ms: performance.now() - started, log, error };
  };
}

function mustSucceed(result, what) {
  if (result.code === 0) return result;
  throw new DemoError(
    `${what} failed (exit ${result.code}): ${result.error || 'see the log'}\nberth's log (${result.log}), last lines:\n${indent(tail(result.log, 25))}`,
  );
}

/** The sha berth tags a version with (`sha-…`): stable per version, so a second demo run finds it built. */
const shaOf = (version) => createHash('sha1').update(`berth-demo ${version}`).digest('hex');

// ---------------------------------------------------------------------------------------------------
// The demo

async function demo({ verbose }) {
  const sandbox = sandboxDir();
  if (/\s/.test(sandbox)) {
    throw new DemoError(
      `the sandbox path ${JSON.stringify(sandbox)} has white space, which nginx-command cannot carry; set BERTH_DEMO_DIR to another directory`,
    );
  }
  const [major] = process.versions.node.split('.').map(Number);
  if (major < 20) throw new DemoError(`berth needs Node 20 or newer; this is ${process.version}`);
  if (process.platform !== 'linux') {
    throw new DemoError(
      'the demo runs on Linux (Debian or Ubuntu): it needs a local Docker engine, nginx and a registry',
    );
  }
  const wall = performance.now();
  try {
    // 0711: nginx's workers may pass through to berth's include (the switch marker next to it); every
    // file holding a secret is 0600, and the directory cannot be listed by others.
    mkdirSync(sandbox, { recursive: true, mode: 0o711 });
    chmodSync(sandbox, 0o711);
    accessSync(sandbox, constants.W_OK);
  } catch (error) {
    throw new DemoError(
      `cannot use ${sandbox} as the sandbox (${error.code ?? error.message}); set BERTH_DEMO_DIR to a directory you can write`,
    );
  }
  const state = readState(sandbox) ?? { version: 1, created: new Date().toISOString() };
  writeState(sandbox, state);
  out(`berth demo — sandbox ${sandbox} (written $DEMO below)`);

  let password;
  let repo;
  let tools;
  await step('0/6  Sandbox: Docker engine, registry (htpasswd auth) and nginx on 127.0.0.1', async () => {
    const found = await ensureTools(state);
    tools = found.tools;
    await ensureEngine(sandbox, state, tools, found.engine);
    state.docker = tools.docker;
    state.app = APP;
    state.containers = ['blue', 'green'].map((c) => `${APP}-${ENVIRONMENT}-${c}`);
    // Fresh ports for whatever needs one, all distinct and none of those the sandbox already uses.
    const used = [state.registry?.port, state.nginx?.port, state.ports?.blue, state.ports?.green];
    const spare = (await freePorts(8)).filter((p) => !used.includes(p));
    state.ports ??= { blue: spare.pop(), green: spare.pop() };
    writeState(sandbox, state);
    password = await ensureRegistry(sandbox, state, tools, spare.pop());
    await ensureNginx(sandbox, state, tools, spare.pop());
    mkdirSync(path.join(sandbox, 'bin'), { recursive: true });
    rmSync(path.join(sandbox, 'bin', 'docker'), { force: true });
    symlinkSync(tools.docker, path.join(sandbox, 'bin', 'docker')); // the client berth runs
    repo = prepareRepo(sandbox, tools.busybox);
    out(
      `   blue/green host ports ${state.ports.blue}/${state.ports.green}; the demo repository: $DEMO/repo (a copy of examples/demo)`,
    );
  });
  const berth = createBerth({ sandbox, repo, password, verbose });
  const url = `http://127.0.0.1:${state.nginx.port}/`;
  const image = `${state.registry.host}/${IMAGE_PATH}`;
  const deployFlags = (ref, version) => [
    '--component',
    'backend',
    '--environment',
    ENVIRONMENT,
    ...(ref ? ['--image', ref] : []),
    '--blue-port',
    String(state.ports.blue),
    '--green-port',
    String(state.ports.green),
    '--nginx-upstream-file',
    state.nginx.upstreamFile,
    '--nginx-command',
    `${tools.nginx} ${nginxArgs(state.nginx.prefix).join(' ')}`,
    '--state-dir',
    path.join(sandbox, 'state'),
    '--registry-username',
    REGISTRY_USER,
    '--sha',
    shaOf(version),
    '--run-id',
    `demo-${process.pid}`,
  ];
  const build = async (key) => {
    const { version, broken } = VERSIONS[key];
    const result = mustSucceed(
      await berth(
        'build',
        [
          '--component',
          'backend',
          '--environment',
          ENVIRONMENT,
          '--image',
          image,
          '--build-args',
          `VERSION=${version}\nBROKEN=${broken}`,
          '--registry-username',
          REGISTRY_USER,
          '--event-name',
          'push',
          '--ref',
          'refs/heads/release',
          '--sha',
          shaOf(version),
          '--repository',
          'berth-demo/demo',
        ],
        { secret: true },
      ),
      `build of ${version}`,
    );
    const skipped = result.outputs.skipped === 'true';
    out(`   → ${result.outputs['image-ref']}`);
    out(
      `     ${skipped ? 'already in the registry for this commit: not built again' : `built and pushed in ${seconds(result.ms)}`} (tags: ${result.outputs.tags
        .split('\n')
        .map((t) => t.split(':').at(-1))
        .join(', ')})`,
    );
    return result.outputs['image-ref'];
  };
  const liveVersion = async () => {
    const r = await get(`${url}version`);
    return r.status === 200 ? r.body.trim() : `HTTP ${r.status || 'no answer'}`;
  };

  await step('1/6  plan: a PR labelled "Backend" is merged into release', async () => {
    const result = mustSucceed(
      await berth('plan', [
        '--event-name',
        'pull_request',
        '--event-path',
        EVENT,
        '--ref',
        'refs/pull/2/merge',
        '--repository',
        'Codertocat/Hello-World',
      ]),
      'plan',
    );
    out('');
    out(indent(result.summary, '   '));
    out(
      `\n   outputs: deploy=${result.outputs.deploy} environment=${result.outputs.environment} components=${result.outputs.components}`,
    );
  });

  await step('2/6  build 1.0.0 → push to the sandbox registry → deploy blue/green behind nginx', async () => {
    const ref = await build('v1');
    const deployed = mustSucceed(
      await berth('deploy', deployFlags(ref, '1.0.0'), { secret: true }),
      'deploy of 1.0.0',
    );
    out(
      `   → live colour ${deployed.outputs.color} (${deployed.outputs.url}), deployed in ${seconds(Number(deployed.outputs['duration-ms']))}`,
    );
    const page = await get(url);
    const title = /<title>([^<]*)<\/title>/.exec(page.body)?.[1] ?? page.body.trim().slice(0, 80);
    out(`   GET ${url} → ${page.status} "${title}"`);
    if (page.status !== 200)
      throw new DemoError(
        `nginx answered ${page.status} after the deploy; see ${state.nginx.prefix}/logs/error.log`,
      );
  });

  /** Step 3's loads: not one request may fail, of any kind. */
  let switchLoad;
  await step('3/6  deploy 2.0.0 while three request loops keep hitting nginx', async () => {
    const ref = await build('v2');
    // New connections, keep-alive GETs and keep-alive POSTs with a body; no client resends anything.
    const load = startLoads(url);
    let stopped;
    const stopLoad = () => (stopped ??= load.stop());
    const cap = setTimeout(stopLoad, LOAD_CAP_MS);
    const started = performance.now();
    const deployed = await berth('deploy', deployFlags(ref, '2.0.0'), { secret: true });
    await sleep(500); // traffic after the switch too
    const report = await stopLoad();
    clearTimeout(cap);
    mustSucceed(deployed, 'deploy of 2.0.0');
    out(`   → live colour ${deployed.outputs.color}; live version now ${await liveVersion()}`);
    out(
      `   requests during the deploy (${seconds(performance.now() - started)}; no request is ever retried):`,
    );
    for (const [kind, label] of [
      ['fresh', 'GET, a new connection each'],
      ['get', 'GET on kept-alive connections'],
      ['post', 'POST with a body, kept-alive'],
    ]) {
      const r = report[kind];
      out(`     ${label.padEnd(31)} ${String(r.ok).padStart(6)} served, ${r.non2xx + r.errors} failed`);
    }
    out(`     versions answered: ${[...report.total.bodies].join(' → ')}`);
    const failed = report.total.non2xx + report.total.errors;
    if (failed > 0) {
      out(
        `   ✘ ${failed} failed (${describeFailures(report)}): berth's switch lost requests. That is a bug; please report it with ${deployed.log}.`,
      );
    } else {
      out(
        '   ✔ 0 failed: the switch changed colours without reloading nginx, and the old colour drained first',
      );
    }
    switchLoad = report;
  });

  await step(
    '4/6  a broken 3.0.0 (its /health fails): refused by the health gate; then rollback',
    async () => {
      const ref = await build('v3');
      const config = readFileSync(path.join(repo, '.github', 'berth.yml'), 'utf8');
      const healthTimeout = /^\s*health-timeout:\s*(\d+)/m.exec(config)?.[1] ?? '60';
      out(
        `   (berth waits up to health-timeout, ${healthTimeout} s in berth.yml, for /health to answer 2xx)`,
      );
      const refused = await berth('deploy', deployFlags(ref, '3.0.0'), { secret: true });
      if (refused.code === 0)
        throw new DemoError('berth deployed the broken version; the health gate should have refused it');
      out(`   → refused (exit ${refused.code}) after ${seconds(refused.ms)}: ${refused.error}`);
      out(`   GET ${url}version → ${await liveVersion()} (the live version keeps serving)`);
      const back = mustSucceed(
        await berth('rollback', deployFlags(undefined, '1.0.0'), { secret: true }),
        'rollback',
      );
      out(
        `   → rolled back to ${back.outputs['image-ref']} (colour ${back.outputs.color}) in ${seconds(Number(back.outputs['duration-ms']))}`,
      );
      out(`   GET ${url}version → ${await liveVersion()}`);
    },
  );

  const commentFile = path.join(sandbox, 'pr-comment.md');
  await step('5/6  coverage: real JaCoCo and lcov reports → the PR comment', async () => {
    const sections = [];
    for (const component of ['backend', 'frontend']) {
      const result = await berth('coverage', ['--component', component]);
      if (result.code !== 0 && result.summary === '') mustSucceed(result, `coverage of ${component}`);
      sections.push(result.summary);
      const branches = result.outputs['branch-coverage'];
      out(
        `   → ${component}: lines ${result.outputs['line-coverage']}%${branches ? `, branches ${branches}%` : ''}; gate ${result.outputs.passed === 'true' ? 'passed' : `failed: ${result.error}`}`,
      );
    }
    // The comment berth keeps on a pull request: its title, then each component's section.
    writeFileSync(commentFile, `### berth\n\n${sections.join('\n\n')}\n`);
    out(`   the pull request comment, rendered: ${commentFile}`);
  });

  await step('6/6  next steps', async () => {
    out(
      indent(
        [
          `The sandbox keeps running: ${url} (backend ${await liveVersion()}). Run npm run demo again to redeploy.`,
          'Tear it down (containers, images, registry, nginx, the sandbox directory; a Docker engine it started):',
          '',
          '  npm run demo -- --down',
          '',
          'Use berth in your repository (README "Adopt it: three steps"):',
          '  1. copy a template from workflow-templates/ to .github/workflows/',
          '     (berth-node-service.yml for one service, berth-monorepo.yml for a backend and a frontend)',
          '  2. write .github/berth.yml: start from examples/demo/.github/berth.yml, the one this demo used',
          '  3. set the secret REGISTRY_PASSWORD and the variable REGISTRY_USERNAME, and register a',
          '     self-hosted runner on the server with the labels of its environment; on that server,',
          '     check what deploy needs there:',
          '',
          '       node bin/berth.js doctor --blue-port 18080 --green-port 18081 \\',
          '         --nginx-upstream-file /etc/nginx/berth/backend-production.conf',
        ].join('\n'),
        '   ',
      ),
    );
  });

  state.lastRun = { at: new Date().toISOString(), ms: Math.round(performance.now() - wall) };
  writeState(sandbox, state);
  const total = performance.now() - wall;
  out('\n━━ Timings');
  const width = Math.max(...timings.map((t) => t.title.length));
  for (const t of timings) out(`   ${t.title.padEnd(width)}  ${seconds(t.ms).padStart(7)}`);
  out(`   ${'total'.padEnd(width)}  ${seconds(total).padStart(7)}`);
  if (installMs > 0)
    out(`   ${'total without apt-get installs'.padEnd(width)}  ${seconds(total - installMs).padStart(7)}`);
  if (switchLoad) {
    const failed = switchLoad.total.non2xx + switchLoad.total.errors;
    out(`\n   requests during the switch in step 3: ${switchLoad.total.ok} served, ${failed} failed`);
    if (failed > 0)
      throw new DemoError(
        `step 3 lost ${failed} requests during the blue/green switch (${describeFailures(switchLoad)}); expected 0.`,
      );
  }
}

// ---------------------------------------------------------------------------------------------------
// --down: remove what the demo created, as its state file records it

async function down() {
  const sandbox = sandboxDir();
  const state = readState(sandbox);
  if (state === undefined) {
    out(`No demo sandbox at ${sandbox} (no state.json there): nothing to tear down.`);
    return;
  }
  out(`Tearing down the demo sandbox ${sandbox}`);
  const docker = state.docker;
  if (docker && (await dockerAnswers(docker)).up) {
    for (const name of state.containers ?? []) {
      const label = await run([docker, 'inspect', '--format', '{{index .Config.Labels "berth.app"}}', name]);
      if (label.code !== 0 || label.stdout.trim() !== state.app) continue; // not there, or not the demo's
      await run([docker, 'rm', '--force', name]);
      out(`   removed container ${name}`);
    }
    const listed = await run([docker, 'image', 'ls', '--format', '{{.Repository}}\t{{.ID}}']);
    const prefixes = (state.registryHosts ?? []).map((host) => `${host}/${IMAGE_PATH}`);
    const ids = new Set(
      listed.stdout
        .split('\n')
        .map((line) => line.split('\t'))
        .filter(([repository]) => prefixes.some((p) => repository === p))
        .map(([, id]) => id),
    );
    if (ids.size > 0) {
      await run([docker, 'image', 'rm', '--force', ...ids]);
      out(`   removed ${ids.size} demo image${ids.size === 1 ? '' : 's'} (${prefixes.join(', ')})`);
    }
  } else if (docker) {
    out('   no Docker engine answers: no containers or images to remove');
  }
  if (state.nginx) {
    const pid = Number(
      existsSync(state.nginx.pidFile) ? readFileSync(state.nginx.pidFile, 'utf8').trim() : 0,
    );
    if (alive(pid, 'nginx')) {
      await run([...state.nginx.command.split(' '), '-s', 'quit']);
      const deadline = Date.now() + 10_000;
      while (alive(pid, 'nginx') && Date.now() < deadline) await sleep(100);
      await stopProcess(pid, 'nginx');
      out(`   stopped nginx (pid ${pid})`);
    }
  }
  if (state.registry && (await stopProcess(state.registry.pid, 'docker-registry'))) {
    out(`   stopped the registry (pid ${state.registry.pid})`);
  }
  if (state.dockerd?.started) {
    if (await stopProcess(state.dockerd.pid, 'dockerd', 30_000))
      out(`   stopped the Docker engine this demo started (pid ${state.dockerd.pid})`);
  } else if (state.dockerd) {
    out('   left the Docker engine running: the demo did not start it');
  }
  rmSync(sandbox, { recursive: true, force: true });
  out(`   removed ${sandbox}`);
  if (state.installed?.length) {
    out(
      `   kept the packages it installed (${state.installed.join(' ')}); remove them with apt-get remove if you want`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------

const USAGE = `Usage: npm run demo [-- --verbose]    bring up (or reuse) the sandbox and run the demo
       npm run demo -- --down           remove everything the demo created

The sandbox lives in $BERTH_DEMO_DIR, else $XDG_STATE_HOME/berth-demo, else ~/.berth-demo
(as root: /var/lib/berth-demo, which nginx's workers may enter).`;

const args = process.argv.slice(2);
const unknown = args.filter((a) => !['--down', '--verbose', '--help', '-h'].includes(a));
try {
  if (unknown.length > 0) {
    out(`unknown argument ${unknown.join(' ')}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (args.includes('--help') || args.includes('-h')) out(USAGE);
  else if (args.includes('--down')) await down();
  else await demo({ verbose: args.includes('--verbose') });
} catch (error) {
  if (!(error instanceof DemoError)) throw error;
  out(`\n✘ ${error.message}`);
  const left = readState(sandboxDir());
  if (!args.includes('--down') && (left?.registry || left?.nginx || left?.dockerd?.started)) {
    out(`\nWhat the demo started is still running; npm run demo -- --down removes it.`);
  }
  process.exitCode = 1;
}
