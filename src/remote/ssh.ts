/**
 * A server reached over SSH with the system OpenSSH client and a config file written for this run
 * (pinned host keys, ProxyJump hops, one multiplexed connection). Every remote command is an argv
 * quoted by `remoteCommandLine`; file operations are fixed scripts whose paths arrive as `$1`, `$2`, so
 * no value is ever part of a script. The server needs a POSIX shell, Docker and nginx — not Node.
 */
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../errors.js';
import {
  formatArgv,
  lastLines,
  runPipeline,
  type Exec,
  type ExecLog,
  type ExecOptions,
  type ExecResult,
} from '../exec.js';
import {
  checkedRelative,
  checkHeaders,
  type Host,
  type HttpAnswer,
  type HttpHeaders,
  type WriteOptions,
} from './host.js';
import { remoteCommandLine } from './quote.js';
import { readPostState, savePostState, type SavedRemoteDir, type StateStore } from '../runtime/post-state.js';
import { describeEndpoint, renderSshConfig, TARGET_ALIAS, type SshEndpoint } from './ssh-config.js';

export interface SshTarget {
  endpoint: SshEndpoint;
  jumps: readonly SshEndpoint[];
  /** Private key text (normalised), known_hosts text (checked). */
  key: string;
  knownHosts: string;
  connectTimeoutSeconds?: number;
}

/** ssh itself failed (not the remote command): unreachable, refused, host key, or the link dropped. */
export class SshError extends Error {
  override name = 'SshError';
}

const SCRIPTS = {
  read: 'test -e "$1" || exit 3; cat -- "$1"',
  // The parents first, with the session's umask (a 0600 file's umask would leave them without x).
  write: 'mkdir -p -- "$(dirname -- "$1")" && umask "$3" && cat > "$2" && mv -f -- "$2" "$1"',
  // Never through a symlink: a link planted at history.jsonl would have berth append where it points.
  append:
    'mkdir -p -- "$(dirname -- "$1")" || exit 1; if test -L "$1"; then echo "$1 is a symlink; berth appends only to a file of its own" >&2; exit 1; fi; cat >> "$1"',
  mkdirExclusive:
    'mkdir -p -- "$(dirname -- "$1")" || exit 1; mkdir -- "$1" 2>/dev/null && exit 0; test -d "$1" && exit 17; exit 1',
  remove: 'rm -rf -- "$1"',
  extractTar: 'mkdir -p -- "$1" && tar -C "$1" -xf -',
  // GNU and busybox mv: -T renames onto the link itself instead of moving into the directory it points to.
  switchSymlink: 'ln -s -- "$2" "$3" || exit 1; mv -Tf -- "$3" "$1" && exit 0; rm -f -- "$3"; exit 1',
  readSymlink: 'test -L "$1" && exec readlink -- "$1"; test -e "$1" && exit 4; exit 3',
  // A run that lost its connection cannot remove its directory (it may hold an env file): directories of
  // this user's runs older than a day go first.
  tempDir:
    't="${TMPDIR:-/tmp}"; t="${t%/}"; umask 077 && find "$t" -maxdepth 1 -type d -name "berth-????????" -user "$(id -u)" -mtime +0 -exec rm -rf {} + 2>/dev/null; mktemp -d "$t/berth-XXXXXXXX"',
  // The post step's removal of a directory tempDir made: directly in this user's temp dir, this user's,
  // a directory and not a link to one (exit 5 refuses); gone already is fine.
  removeTempDir:
    't="${TMPDIR:-/tmp}"; t="${t%/}"; test "$(dirname -- "$1")" = "$t" || exit 5; test -L "$1" && exit 5; test -e "$1" || exit 3; test -d "$1" && test -O "$1" || exit 5; rm -rf -- "$1"',
} as const;

/** What tempDir makes: `berth-` and mktemp's 8 characters, in an absolute directory with no `.` or `..`. */
const REMOTE_TEMP_DIR = /^(?:\/[^/\0]+)*\/berth-[A-Za-z0-9]{8}$/;

/** Whether `dir` is a name SshHost.makeTempDir gives (the post step removes nothing else on a server). */
export function isBerthRemoteTempDir(dir: unknown): dir is string {
  return (
    typeof dir === 'string' &&
    REMOTE_TEMP_DIR.test(dir) &&
    !dir.split('/').some((part) => part === '.' || part === '..')
  );
}

/** What mkdtemp makes for a connection: `berth-ssh-` and 6 characters, directly in the temp dir. */
const SSH_DIR_NAME = /^berth-ssh-[A-Za-z0-9]{6}$/;

/**
 * Whether `dir` is a connection directory of berth's that may be removed: named as open() names them,
 * directly in `tempRoot` (the system temp dir), a directory of this user's and not a symlink to one.
 */
export async function isBerthSshDir(dir: unknown, tempRoot: string = tmpdir()): Promise<boolean> {
  if (typeof dir !== 'string' || !path.isAbsolute(dir) || !SSH_DIR_NAME.test(path.basename(dir)))
    return false;
  if (path.normalize(dir) !== dir || path.dirname(dir) !== path.resolve(tempRoot)) return false;
  try {
    const stat = await lstat(dir);
    return stat.isDirectory() && (process.getuid === undefined || stat.uid === process.getuid());
  } catch {
    return false; // gone (or unreadable): nothing of berth's to remove
  }
}

/**
 * The directories (key, known_hosts, config, control socket) this run's SSH connections use, kept in
 * the step's state: a cancelled or killed step never reaches close(), so its post step removes them
 * (cleanupSshDirs) — no private key and no ssh master is left on a self-hosted runner.
 */
/** Where SshHost records its directories: the Runtime's state (the CLI's is a no-op: it has no post). */
export interface SshLog extends ExecLog {
  saveState?(name: string, value: string): void;
}

const openDirs = new Set<string>();
const recordDirs = (log: SshLog): void => {
  if (log.saveState) savePostState({ saveState: log.saveState.bind(log) }, 'ssh-dirs', [...openDirs]);
};

/** The servers' temporary directories not yet removed (dir → host label), kept in the step's state too. */
const openTempDirs = new Map<string, string>();
const recordTempDirs = (log: SshLog): void => {
  if (log.saveState) {
    const dirs = [...openTempDirs].map(([dir, host]) => ({ host, dir }));
    savePostState({ saveState: log.saveState.bind(log) }, 'remote-temp-dirs', dirs);
  }
};

/** The connections of this process not yet closed (what a stopped CLI run releases itself). */
const openHosts = new Set<SshHost>();

/**
 * For a process stopped by a signal that has no post step (the CLI): each open connection removes the
 * temporary directories it made on its server, then closes (its master, its key directory).
 */
export async function releaseOpenSshHosts(): Promise<void> {
  for (const host of [...openHosts]) {
    for (const [dir, label] of [...openTempDirs]) {
      if (label === host.label) await host.removeTempDir(dir).catch(() => undefined);
    }
    await host.close().catch(() => undefined);
  }
}

/** The post step: closes each recorded connection's master and removes its directory. */
export async function cleanupSshDirs(run: Exec, state: Pick<StateStore, 'getState'>): Promise<string[]> {
  const dirs: unknown = readPostState(state, 'ssh-dirs') ?? [];
  const removed: string[] = [];
  for (const dir of Array.isArray(dirs) ? dirs : []) {
    // Only berth's own directories: the state is the runner's file, but a path is removed here.
    if (!(await isBerthSshDir(dir))) continue;
    await run(['ssh', '-F', path.join(dir, 'config'), '-O', 'exit', TARGET_ALIAS], {
      quiet: true,
      timeoutMs: 10_000,
    }).catch(() => undefined);
    await rm(dir as string, { recursive: true, force: true });
    removed.push(dir as string);
  }
  return removed;
}

/**
 * The post step: removes each server temporary directory a stopped run left (its docker login's
 * config.json, its env files), over a new connection to that host (`connect`: the step's SSH inputs;
 * undefined when the inputs no longer name that host). A host it cannot reach is warned about, by host
 * and path. Runs before cleanupSshDirs, while the run's SSH settings are still at hand.
 */
export async function cleanupRemoteTempDirs(
  state: Pick<StateStore, 'getState'>,
  connect: (host: string) => Promise<Pick<SshHost, 'removeTempDir' | 'close'> | undefined>,
  log: { info(message: string): void; warning(message: string): void },
): Promise<SavedRemoteDir[]> {
  const saved: unknown = readPostState(state, 'remote-temp-dirs') ?? [];
  const byHost = new Map<string, string[]>();
  for (const entry of Array.isArray(saved) ? (saved as unknown[]) : []) {
    const { host, dir } = (entry ?? {}) as Partial<Record<keyof SavedRemoteDir, unknown>>;
    // Only what makeTempDir names: the state is the runner's file, but a path is removed here.
    if (typeof host !== 'string' || host === '' || !isBerthRemoteTempDir(dir)) continue;
    byHost.set(host, [...(byHost.get(host) ?? []), dir]);
  }
  const removed: SavedRemoteDir[] = [];
  for (const [host, dirs] of byHost) {
    const left = (why: string) =>
      log.warning(
        `could not remove berth's temporary ${dirs.length > 1 ? 'directories' : 'directory'} ${dirs.join(', ')} on ${host} (this run's registry login and env files): ${why}; remove ${dirs.length > 1 ? 'them' : 'it'} by hand (the next deploy there removes ${dirs.length > 1 ? 'them' : 'it'} once a day old)`,
      );
    let ssh: Pick<SshHost, 'removeTempDir' | 'close'> | undefined;
    try {
      ssh = await connect(host);
    } catch (error) {
      left(error instanceof Error ? error.message : String(error));
      continue;
    }
    if (!ssh) {
      left('the ssh-host inputs of this step no longer name that host');
      continue;
    }
    try {
      for (const dir of dirs) {
        try {
          if (await ssh.removeTempDir(dir)) removed.push({ host, dir });
        } catch (error) {
          log.warning(
            `could not remove berth's temporary directory ${dir} on ${host}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    } finally {
      await ssh.close().catch(() => undefined);
    }
  }
  for (const { host, dir } of removed)
    log.info(
      `removed ${dir} on ${host}, the temporary directory (registry login, env files) a stopped run left`,
    );
  return removed;
}

export class SshHost implements Host {
  readonly remote = true;
  readonly label: string;

  private constructor(
    private readonly run: Exec,
    private readonly log: SshLog,
    private readonly dir: string,
    private readonly target: SshTarget,
  ) {
    this.label = describeEndpoint(target.endpoint);
  }

  /** Writes the key, known_hosts and config (0600, in a 0700 directory), then checks the connection. */
  static async open(run: Exec, log: SshLog, target: SshTarget): Promise<SshHost> {
    // Under the system temp dir: ControlPath is a unix socket path, limited to ~100 bytes.
    const dir = await mkdtemp(path.join(tmpdir(), 'berth-ssh-'));
    openDirs.add(dir);
    recordDirs(log);
    await chmod(dir, 0o700);
    const host = new SshHost(run, log, dir, target);
    openHosts.add(host);
    try {
      await writeFile(host.keyFile, target.key, { mode: 0o600 });
      await writeFile(path.join(dir, 'known_hosts'), target.knownHosts, { mode: 0o600 });
      await writeFile(
        host.configFile,
        renderSshConfig({
          target: target.endpoint,
          jumps: target.jumps,
          identityFile: host.keyFile,
          knownHostsFile: path.join(dir, 'known_hosts'),
          controlDir: dir,
          connectTimeoutSeconds: target.connectTimeoutSeconds ?? 15,
        }),
        { mode: 0o600 },
      );
      const via = target.jumps.length > 0 ? ` via ${target.jumps.map(describeEndpoint).join(' → ')}` : '';
      log.info(`Connecting to ${host.label}${via}…`);
      const result = await run(host.sshArgv(['true']), { quiet: true, timeoutMs: 120_000 });
      if (result.code !== 0) throw connectError(host.label, via, result.stderr);
      return host;
    } catch (error) {
      await host.close().catch(() => undefined);
      throw error;
    }
  }

  private get keyFile(): string {
    return path.join(this.dir, 'id');
  }

  private get configFile(): string {
    return path.join(this.dir, 'config');
  }

  /** The local argv that runs `argv` on the server. */
  sshArgv(argv: readonly string[]): string[] {
    return ['ssh', '-F', this.configFile, TARGET_ALIAS, '--', remoteCommandLine(argv)];
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (!options.quiet) this.log.info(`[${this.label}] $ ${formatArgv(argv)}`);
    const result = await this.run(this.sshArgv(argv), { ...options, quiet: true });
    if (result.code === 255 && (isSshFailure(result.stderr) || !(await this.connected()))) {
      throw new SshError(
        `lost the SSH connection to ${this.label} while running \`${formatArgv(argv).slice(0, 200)}\`: ${lastLines(result.stderr, 2)}`,
      );
    }
    return result;
  }

  /** Whether the multiplexed connection is still up (ssh -O check asks the local master). */
  private async connected(): Promise<boolean> {
    const check = await this.run(['ssh', '-F', this.configFile, '-O', 'check', TARGET_ALIAS], {
      quiet: true,
      timeoutMs: 5000,
    });
    return check.code === 0;
  }

  private async script(name: keyof typeof SCRIPTS, args: string[], stdin?: string): Promise<ExecResult> {
    return this.exec(['sh', '-c', SCRIPTS[name], 'sh', ...args], { quiet: true, stdin });
  }

  async readFile(file: string): Promise<string | undefined> {
    const result = await this.script('read', [file]);
    if (result.code === 3) return undefined;
    if (result.code !== 0)
      throw new Error(`reading ${file} on ${this.label} failed: ${lastLines(result.stderr, 2)}`);
    return result.stdout;
  }

  async writeFile(file: string, content: string, options: WriteOptions = {}): Promise<void> {
    const umask = ((0o777 & ~(options.mode ?? 0o644)) >>> 0).toString(8).padStart(3, '0');
    const temp = `${path.posix.dirname(file)}/.${path.posix.basename(file)}.berth-${randomBytes(4).toString('hex')}`;
    const result = await this.script('write', [file, temp, umask], content);
    if (result.code !== 0)
      throw new Error(`writing ${file} on ${this.label} failed: ${lastLines(result.stderr, 2)}`);
  }

  async appendFile(file: string, content: string): Promise<void> {
    const result = await this.script('append', [file], content);
    if (result.code !== 0)
      throw new Error(`appending to ${file} on ${this.label} failed: ${lastLines(result.stderr, 2)}`);
  }

  async makeDirExclusive(dir: string): Promise<boolean> {
    const result = await this.script('mkdirExclusive', [dir]);
    if (result.code === 0) return true;
    if (result.code === 17) return false;
    throw new Error(`creating ${dir} on ${this.label} failed: ${lastLines(result.stderr, 2)}`);
  }

  async remove(file: string): Promise<void> {
    const result = await this.script('remove', [file]);
    if (result.code !== 0)
      throw new Error(`removing ${file} on ${this.label} failed: ${lastLines(result.stderr, 2)}`);
    if (openTempDirs.delete(file)) recordTempDirs(this.log);
  }

  /** A private directory (0700) in the server's temp dir, recorded for the post step until removed. */
  async makeTempDir(): Promise<string> {
    const result = await this.script('tempDir', []);
    const dir = result.stdout.trim();
    if (result.code !== 0 || !isBerthRemoteTempDir(dir))
      throw new Error(
        `mktemp -d on ${this.label} failed: ${lastLines(result.stderr, 2) || JSON.stringify(dir)}`,
      );
    openTempDirs.set(dir, this.label);
    recordTempDirs(this.log);
    return dir;
  }

  /**
   * The post step's removal of a directory makeTempDir made (by an earlier process): only such a name,
   * directly in this user's temp dir on the server, a directory of this user's. False when it is gone.
   */
  async removeTempDir(dir: string): Promise<boolean> {
    if (!isBerthRemoteTempDir(dir))
      throw new Error(`${JSON.stringify(dir)} is not a temporary directory of berth's; left alone`);
    const result = await this.exec(['sh', '-c', SCRIPTS.removeTempDir, 'sh', dir], {
      quiet: true,
      timeoutMs: 30_000,
    });
    if (result.code === 3 || result.code === 0) {
      if (openTempDirs.delete(dir)) recordTempDirs(this.log);
    }
    if (result.code === 3) return false;
    if (result.code === 5)
      throw new Error(
        `${dir} on ${this.label} is not a directory of this user's in its temp dir (TMPDIR); left alone`,
      );
    if (result.code !== 0)
      throw new Error(`removing ${dir} on ${this.label} failed: ${lastLines(result.stderr, 2)}`);
    return true;
  }

  /** One HTTP/1.0 GET carried by `ssh -W` (a stdio forward): the server needs no curl. */
  async httpGet(
    address: string,
    port: number,
    urlPath: string,
    headers: HttpHeaders = {},
  ): Promise<HttpAnswer> {
    checkHeaders(headers);
    if (!/^\/[\x21-\x7e]*$/.test(urlPath)) throw new Error(`not a request path: ${JSON.stringify(urlPath)}`);
    const forward = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
    const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    const result = await this.run(['ssh', '-F', this.configFile, '-W', forward, TARGET_ALIAS], {
      quiet: true,
      stdin: `GET ${urlPath} HTTP/1.0\r\nHost: ${forward}\r\n${extra.join('')}Connection: close\r\n\r\n`,
      timeoutMs: 5000,
    });
    const status = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(result.stdout)?.[1];
    if (status !== undefined) {
      const start = result.stdout.indexOf('\r\n\r\n');
      return {
        status: Number(status),
        body: start < 0 ? '' : result.stdout.slice(start + 4, start + 4 + 65536),
      };
    }
    if (
      result.code === 255 &&
      isSshFailure(result.stderr) &&
      !/open failed|forwarding failed/i.test(result.stderr)
    ) {
      throw new SshError(
        `lost the SSH connection to ${this.label} while probing ${forward}${urlPath}: ${lastLines(result.stderr, 2)}`,
      );
    }
    return { status: 0, body: '', failure: sshForwardFailure(result) };
  }

  /** Streams `localArgv`'s stdout (e.g. `docker save`) into `remoteArgv` (e.g. `docker load`) on the server. */
  async pipeFrom(localArgv: readonly string[], remoteArgv: readonly string[]): Promise<ExecResult> {
    this.log.info(`$ ${formatArgv(localArgv)} | [${this.label}] ${formatArgv(remoteArgv)}`);
    return runPipeline(localArgv, this.sshArgv(remoteArgv));
  }

  defaultStateRoot(): string {
    return '.berth'; // relative to the SSH user's home, where the session starts
  }

  /**
   * `tar -c` here piped into `tar -x` there: the server needs tar, not rsync. Exactly the files listed
   * (NUL-separated in a file of this session's private directory, read verbatim: a name starting with
   * `-` is a name), links dereferenced so the server gets files, never links.
   */
  async copyDirFrom(localDir: string, dir: string, files: readonly string[]): Promise<void> {
    const list = path.join(this.dir, `files-${randomBytes(4).toString('hex')}`);
    await writeFile(list, files.map((f) => `./${checkedRelative(f)}\0`).join(''), { mode: 0o600 });
    try {
      const remote = ['sh', '-c', SCRIPTS.extractTar, 'sh', dir];
      const local = [
        'tar',
        '-C',
        localDir,
        '--dereference',
        '--null',
        '--verbatim-files-from',
        '-T',
        list,
        '-cf',
        '-',
      ];
      const result = await this.pipeFrom(local, remote);
      if (result.code !== 0)
        throw new Error(
          `copying ${localDir} to ${dir} on ${this.label} failed: ${lastLines(result.stderr, 2)}`,
        );
    } finally {
      await rm(list, { force: true });
    }
  }

  async switchSymlink(link: string, target: string): Promise<void> {
    const temp = `${path.posix.dirname(link)}/.${path.posix.basename(link)}.berth-${randomBytes(4).toString('hex')}`;
    const result = await this.script('switchSymlink', [link, target, temp]);
    if (result.code !== 0)
      throw new Error(
        `pointing ${link} at ${target} on ${this.label} failed: ${lastLines(result.stderr, 2)}`,
      );
  }

  async readSymlink(link: string): Promise<string | undefined> {
    const result = await this.script('readSymlink', [link]);
    if (result.code === 3) return undefined;
    if (result.code === 4) throw new Error(`${link} on ${this.label} exists and is not a symlink`);
    if (result.code !== 0)
      throw new Error(`reading the symlink ${link} on ${this.label} failed: ${lastLines(result.stderr, 2)}`);
    return result.stdout.replace(/\n$/, '');
  }

  async close(): Promise<void> {
    try {
      await this.run(['ssh', '-F', this.configFile, '-O', 'exit', TARGET_ALIAS], {
        quiet: true,
        timeoutMs: 10_000,
      });
    } finally {
      await rm(this.dir, { recursive: true, force: true });
      openHosts.delete(this);
      openDirs.delete(this.dir);
      recordDirs(this.log);
    }
  }
}

/** ssh's own failures (exit 255), as opposed to a remote command that happened to exit 255. */
function isSshFailure(stderr: string): boolean {
  return /^ssh:|ssh_exchange|kex_exchange|Connection (closed|reset|timed out|refused)|Broken pipe|Host key verification failed|Permission denied|Could not resolve|No route to host|Network is unreachable|Timeout, server|client_loop|mux_client|Control socket|stdio forwarding failed|open failed/im.test(
    stderr,
  );
}

/** Names the input to fix for the ways a first connection fails. */
function connectError(label: string, via: string, stderr: string): Error {
  const why = lastLines(stderr, 2);
  if (
    /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .* host key is known/i.test(
      stderr,
    )
  ) {
    return new ConfigurationError(
      `ssh-known-hosts: the host key of ${label}${via} is not the one pinned (${why}); compare with the server's own key (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on it) and update ssh-known-hosts`,
    );
  }
  if (/Permission denied|Too many authentication failures/i.test(stderr)) {
    return new ConfigurationError(
      `ssh-key / ssh-user: ${label}${via} refused the key (${why}); the key's public half must be in ~/.ssh/authorized_keys of that user (and of the bastion's user)`,
    );
  }
  if (/invalid format|error in libcrypto|load key/i.test(stderr)) {
    return new ConfigurationError(
      `ssh-key: OpenSSH cannot read the key (${why}); paste the whole private key file, without a passphrase`,
    );
  }
  return new SshError(
    `ssh-host / bastion: cannot connect to ${label}${via}: ${why}. Check the address and port, that sshd runs there, and that this runner can reach it (or the bastion can)`,
  );
}

/**
 * Why `ssh -W` got no HTTP answer: sshd's `open failed: connect failed: Connection refused` is the app
 * not listening (yet); a run cut at its bound is no answer in time; bytes that are not HTTP say so.
 */
export function sshForwardFailure(result: ExecResult): string {
  // Killed at its 5 s bound (exec reports a signal as 128).
  if (result.code === 128) return 'no answer within 5 s';
  if (/connection refused/i.test(result.stderr)) return 'connection refused';
  if (/no route to host|network is unreachable/i.test(result.stderr)) return 'host unreachable';
  if (/connection reset/i.test(result.stderr)) return 'connection reset';
  if (result.stdout !== '') return 'not HTTP';
  return 'no answer';
}
