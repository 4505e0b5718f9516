/**
 * The nginx seam: `nginx -t`, `-T`, `-v`, a graceful reload and the wait for the old workers to exit
 * (they finish their requests with the old configuration), and who the workers run as. A deploy only
 * reloads when berth's files changed; the switch itself is a file (src/nginx/switch.ts).
 */
import path from 'node:path';
import { ConfigurationError } from '../errors.js';
import { lastLines } from '../exec.js';
import type { CommandHost, HostFiles } from '../remote/host.js';
import { sleep as defaultSleep } from '../retry.js';
import { pidDirective } from './config-dump.js';

/** `sudo nginx -p /srv/nginx` → argv; the input comes from the workflow author, split on white space. */
export function nginxArgv(command: string, ...args: string[]): string[] {
  const parts = command
    .trim()
    .split(/\s+/)
    .filter((p) => p !== '');
  if (parts.length === 0)
    throw new ConfigurationError('nginx-command: empty; expected e.g. "nginx" or "sudo nginx -p /srv/nginx"');
  return [...parts, ...args];
}

/** The pid file nginx uses: the `pid` directive of `nginx -T`, else the compiled-in path, relative to the prefix. */
export function resolvePidFile(
  command: string,
  dumpedConfig: string,
  versionInfo: string,
): string | undefined {
  const fromConfig = pidDirective(dumpedConfig);
  const compiled = /--pid-path=(\S+)/.exec(versionInfo)?.[1];
  const pid = fromConfig ?? compiled;
  if (pid === undefined) return undefined;
  if (path.isAbsolute(pid)) return pid;
  const parts = command.trim().split(/\s+/);
  const p = parts.indexOf('-p');
  const prefix = p !== -1 ? parts[p + 1] : /--prefix=(\S+)/.exec(versionInfo)?.[1];
  return path.resolve(prefix ?? '/', pid);
}

/** The pids whose parent is $1, from /proc (nginx's workers are its master's children). */
const CHILDREN_OF = 'grep -ls "^PPid:[[:space:]]*$1\\$" /proc/[0-9]*/status | cut -d/ -f3';

/** A process's user and groups, from the Uid:, Gid: and Groups: lines of /proc/PID/status. */
export interface ProcessIds {
  uid: number;
  gids: number[];
}

export function parseProcessIds(status: string): ProcessIds | undefined {
  const field = (name: string): number[] | undefined =>
    new RegExp(`^${name}:[ \\t]*([\\d \\t]*)$`, 'm')
      .exec(status)?.[1]
      ?.trim()
      .split(/\s+/)
      .filter((f) => f !== '')
      .map(Number);
  const uid = field('Uid')?.[1]; // real, effective, saved, filesystem: access checks use the effective id
  const gid = field('Gid')?.[1];
  if (uid === undefined || gid === undefined) return undefined;
  return { uid, gids: [...new Set([gid, ...(field('Groups') ?? [])])] };
}

/** nginx has no master to reload (berth never starts nginx). */
export class NginxNotRunningError extends ConfigurationError {
  override name = 'NginxNotRunningError';
}

export interface ReloadTimings {
  testMs: number;
  reloadMs: number;
  /** Until the old workers exited (or drain-timeout passed). */
  drainMs: number;
}

export class NginxControl {
  constructor(
    private readonly host: CommandHost & HostFiles,
    private readonly command: string,
    private readonly drainTimeoutMs: number,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
  ) {}

  /** Checks nginx's configuration as it is on disk. */
  async test(): Promise<void> {
    const result = await this.host.exec(nginxArgv(this.command, '-t'));
    if (result.code !== 0) throw new Error(`nginx -t failed: ${lastLines(result.stderr)}`);
  }

  /** `nginx -t`, then a graceful reload, then the wait for the workers of the old configuration to exit. */
  async reload(): Promise<ReloadTimings> {
    let t = Date.now();
    await this.test(); // first: nginx -T (which finds the pid file) needs a configuration that loads
    const testMs = Date.now() - t;
    const master = await this.masterPid();
    const oldWorkers = await this.workers(master);
    t = Date.now();
    const reloaded = await this.host.exec(nginxArgv(this.command, '-s', 'reload'));
    const reloadMs = Date.now() - t;
    if (reloaded.code !== 0) throw new Error(`nginx -s reload failed: ${lastLines(reloaded.stderr)}`);
    t = Date.now();
    await this.waitForExit(master, oldWorkers);
    return { testMs, reloadMs, drainMs: Date.now() - t };
  }

  /** `nginx -T`: the whole configuration as nginx reads it. */
  async dump(): Promise<string> {
    return (await this.host.exec(nginxArgv(this.command, '-T'), { quiet: true })).stdout;
  }

  /** The version `nginx -V` prints (-V, not -v: a sudoers rule for berth allows -V); undefined when unknown. */
  async version(): Promise<[number, number, number] | undefined> {
    const result = await this.host.exec(nginxArgv(this.command, '-V'), { quiet: true });
    return parseNginxVersion(result.stderr + result.stdout);
  }

  /** Who nginx's workers run as (they check the marker on every request); undefined when not found. */
  async workerIds(): Promise<ProcessIds | undefined> {
    const master = await this.masterPid();
    for (const pid of await this.workers(master)) {
      const status = await this.host.readFile(`/proc/${pid}/status`).catch(() => undefined);
      const ids = status === undefined ? undefined : parseProcessIds(status);
      if (ids) return ids;
    }
    return undefined;
  }

  private async masterPid(): Promise<number> {
    const dumped = { stdout: await this.dump() };
    const version = await this.host.exec(nginxArgv(this.command, '-V'), { quiet: true });
    const pidFile = resolvePidFile(this.command, dumped.stdout, version.stderr + version.stdout);
    const text = (pidFile ? await this.host.readFile(pidFile) : undefined) ?? '';
    const pid = Number(text.trim());
    if (!pidFile || !Number.isInteger(pid) || pid <= 0) {
      throw new NginxNotRunningError(
        `nginx-command: nginx does not seem to be running on ${this.host.label} (no pid in ${pidFile ?? 'its pid file'}); start it, or set nginx-command to how this host runs it (e.g. "nginx -p /srv/nginx -c conf/nginx.conf")`,
      );
    }
    return pid;
  }

  private async workers(master: number): Promise<number[]> {
    // /proc, not ps: a minimal server may have no procps. The master's pid arrives as $1.
    const result = await this.host.exec(['sh', '-c', CHILDREN_OF, 'sh', String(master)], { quiet: true });
    return result.stdout
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
  }

  /** Waits (bounded) until none of the pre-reload workers is a child of the master any more. */
  private async waitForExit(master: number, old: readonly number[]): Promise<void> {
    const deadline = Date.now() + this.drainTimeoutMs;
    for (;;) {
      const now = new Set(await this.workers(master));
      if (!old.some((pid) => now.has(pid))) return;
      if (Date.now() > deadline) return; // they only hold idle keep-alives now; what follows is safe enough
      await this.sleep(100);
    }
  }
}

/** `nginx -v`'s output (it prints to stderr) → the version as shown, `nginx/1.22.1`; undefined when none. */
export function nginxVersionName(output: string): string | undefined {
  return /nginx version:\s*(\S+)/.exec(output)?.[1];
}

/** The nginx version `nginx -v` prints (`nginx version: nginx/1.22.1`) as [major, minor, patch]. */
export function parseNginxVersion(text: string): [number, number, number] | undefined {
  const m = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}
