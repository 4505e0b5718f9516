// The sandbox's process and network primitives, shared by the demo, the benches and the test beds:
// finding a program, running one, starting a daemon detached, checking and stopping a pid we started,
// free loopback ports, waiting for something to come up.
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readFileSync, readSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where Debian keeps the daemons (sshd, nginx, dockerd), often not on a user's PATH. */
export const SBIN = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

export { sleep };

/** A line on stdout. */
export const out = (text = '') => process.stdout.write(`${text}\n`);

export const indent = (text, by = '    ') =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : by + l))
    .join('\n');

export const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The executable `name` on PATH (then in `extra`), or undefined. */
export function which(name, extra = [], env = process.env) {
  for (const dir of [...(env.PATH ?? '').split(':'), ...extra]) {
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
export function run(argv, options = {}) {
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
export function alive(pid, name) {
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

/** SIGTERM, then SIGKILL after `waitMs`; true when it was running. */
export async function stopProcess(pid, name, waitMs = 10_000) {
  if (!alive(pid, name)) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + waitMs;
  while (alive(pid, name) && Date.now() < deadline) await sleep(100);
  if (alive(pid, name)) process.kill(pid, 'SIGKILL');
  return true;
}

/** Starts a daemon detached from this process (it outlives it), output to `log`. */
export function startDaemon(file, args, log) {
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

/** The last lines of a log file, for error messages. */
export function tail(file, lines = 15, missing = '(no log)') {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return missing;
  }
}

/** Free loopback ports, all distinct (held open together until every one is chosen). */
export async function freePorts(count) {
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

/** One free loopback port. */
export async function freePort() {
  const [port] = await freePorts(1);
  return port;
}

export function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Whether something accepts a TCP connection at host:port. */
export function listening(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, host, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** One GET with a fresh connection; status 0 when nothing answers. */
export function get(url, timeoutMs = 3000) {
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

/** Thrown by the sandbox for what a user can fix (its message says how); anything else is a bug. */
export class SandboxError extends Error {}

/** Polls `check` every 100 ms until it is true; a SandboxError with the log's tail after `timeoutMs`. */
export async function waitFor(what, check, timeoutMs, log) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) {
      throw new SandboxError(
        `${what} did not come up within ${seconds(timeoutMs)}.${log ? ` Its log (${log}):\n${indent(tail(log))}` : ''}`,
      );
    }
    await sleep(100);
  }
}

/** True for an ELF executable without an interpreter (PT_INTERP): static, so it runs FROM scratch. */
export function isStaticElf(file) {
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

/**
 * Runs every step of a teardown in order, each also when an earlier one failed (a test bed that came
 * up only in part leaves nothing running, and no handle that keeps jest from exiting); then throws
 * the failures together.
 */
export async function tearDownAll(steps) {
  const errors = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} teardown steps failed`);
}
