/**
 * The nginx seam: the upstream include written atomically (temp file + rename), `nginx -t` with the old
 * file restored on failure, a graceful reload, and the wait for the old workers to exit — they keep
 * sending keep-alive traffic to the old colour for a while after a reload.
 */
import path from 'node:path';
import { ConfigurationError } from '../errors.js';
import { lastLines } from '../exec.js';
import type { Host } from '../remote/host.js';

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
  const fromConfig = /^\s*pid\s+([^;\s]+)\s*;/m.exec(dumpedConfig)?.[1];
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

export interface SwitchTimings {
  testMs: number;
  reloadMs: number;
  drainMs: number;
}

export class NginxControl {
  constructor(
    private readonly host: Host,
    private readonly command: string,
    private readonly upstreamFile: string,
    private readonly drainTimeoutMs: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  readUpstream(): Promise<string | undefined> {
    return this.host.readFile(this.upstreamFile);
  }

  /** Writes the include where there is none yet (the first deploy), atomically. */
  writeInitial(content: string): Promise<void> {
    return this.host.writeFile(this.upstreamFile, content);
  }

  /** Checks nginx's configuration as it is now (before anything is started). */
  async test(): Promise<void> {
    const result = await this.host.exec(nginxArgv(this.command, '-t'));
    if (result.code !== 0) throw new Error(`nginx -t failed: ${lastLines(result.stderr)}`);
  }

  /**
   * Points the upstream at the new colour. On a failed `nginx -t` the previous file is put back and
   * nginx is not reloaded, so the live colour keeps serving.
   */
  async switchTo(content: string): Promise<SwitchTimings> {
    const previous = await this.readUpstream();
    const master = await this.masterPid();
    const oldWorkers = await this.workers(master);
    await this.host.writeFile(this.upstreamFile, content);
    let t = Date.now();
    const tested = await this.host.exec(nginxArgv(this.command, '-t'));
    const testMs = Date.now() - t;
    if (tested.code !== 0) {
      await this.host.writeFile(this.upstreamFile, previous ?? '');
      throw new Error(
        `nginx -t refused the new upstream, the previous one is back in place: ${lastLines(tested.stderr)}`,
      );
    }
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

  private async masterPid(): Promise<number> {
    const dumped = { stdout: await this.dump() };
    const version = await this.host.exec(nginxArgv(this.command, '-V'), { quiet: true });
    const pidFile = resolvePidFile(this.command, dumped.stdout, version.stderr + version.stdout);
    const text = (pidFile ? await this.host.readFile(pidFile) : undefined) ?? '';
    const pid = Number(text.trim());
    if (!pidFile || !Number.isInteger(pid) || pid <= 0) {
      throw new ConfigurationError(
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
      if (Date.now() > deadline) return; // they only hold idle keep-alives now; stopping the old colour is safe enough
      await this.sleep(100);
    }
  }
}
