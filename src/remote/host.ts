/**
 * Where deploy's commands and files live: this host (the runner is on the server) or a server reached
 * over SSH. Deploy, the lock, the state files and the nginx switch speak only to this interface.
 */
import { randomBytes } from 'node:crypto';
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  open,
  readFile,
  readlink,
  rename,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { constants } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { errnoCode } from '../errors.js';
import type { Exec, ExecOptions, ExecResult } from '../exec.js';

export interface WriteOptions {
  /** 0o600 for anything holding a secret; default 0o644 (nginx reads berth's include). */
  mode?: number;
}

/** Request headers: names and values without line breaks (checked where they are sent). */
export type HttpHeaders = Readonly<Record<string, string>>;

export interface HttpAnswer {
  /** 0 when nothing answered. */
  status: number;
  body: string;
  /** With status 0, why nothing answered (`connection refused`, `no answer within 2 s`). */
  failure?: string;
}

/** Why a request got no HTTP answer, in the words a user searches for: `connection refused`, not `ECONNREFUSED`. */
export function noAnswerReason(code: string | undefined, timeoutMs: number): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ETIMEDOUT':
    case 'TIMEOUT':
      return `no answer within ${timeoutMs / 1000} s`;
    default:
      // llhttp's parse errors (HPE_INVALID_CONSTANT, …): something answered, but not HTTP.
      if (code?.startsWith('HPE_')) return 'not HTTP';
      return code ? `no answer (${code})` : 'no answer';
  }
}

/** A header that could end the request line it is part of (a CR, LF or NUL in it) is refused. */
export function checkHeaders(headers: HttpHeaders): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[A-Za-z0-9-]+$/.test(name) || /[\r\n\0]/.test(value))
      throw new Error(`the HTTP header ${JSON.stringify(name)} is not a plain header line`);
  }
}

/** What runs commands on a host, and how it is named: enough for docker's and nginx's commands. */
export interface CommandHost {
  /** How logs and reports name it: `this host`, `deploy@10.0.0.5`. */
  readonly label: string;
  /** `true` for a server reached over SSH (images may need streaming; paths are the server's). */
  readonly remote: boolean;
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
}

/** The host's files: the lock, the state and history, berth's nginx files, the run's private directory. */
export interface HostFiles {
  /** The file's text, or undefined when it does not exist. */
  readFile(file: string): Promise<string | undefined>;
  /** Replaces the file atomically (temp file + rename), creating its directory. */
  writeFile(file: string, content: string, options?: WriteOptions): Promise<void>;
  appendFile(file: string, content: string): Promise<void>;
  /** Creates a directory exclusively: false when it exists already (the lock's atomic step). */
  makeDirExclusive(dir: string): Promise<boolean>;
  /** `rm -rf`. */
  remove(file: string): Promise<void>;
  /** A new private (0700) directory for this run's secrets; the caller removes it. */
  makeTempDir(): Promise<string>;
  /** The state directory when the `state-dir` input is empty. */
  defaultStateRoot(): string;
}

/** HTTP as seen from the host: the health gate, the switch's probe. */
export interface HostHttp {
  /**
   * GET `urlPath` on address:port as seen from the host, with extra request headers: the status (0 when
   * nothing answers) and the body's first 64 KiB.
   */
  httpGet(address: string, port: number, urlPath: string, headers?: HttpHeaders): Promise<HttpAnswer>;
}

/** A static site's releases directory: the copy from the runner and the `current` symlink. */
export interface HostReleases {
  /**
   * Copies `files` (paths relative to `localDir`, as scanBuildDir lists them: links already checked to
   * stay inside) from the runner into `dir` on the host (created, with its parents), each as a regular
   * file: links are dereferenced, never copied as links, and nothing else under `localDir` goes.
   */
  copyDirFrom(localDir: string, dir: string, files: readonly string[]): Promise<void>;
  /** Points `link` at `target` atomically: a new symlink renamed over the old one (never a moment without). */
  switchSymlink(link: string, target: string): Promise<void>;
  /** The target of the symlink `link`; undefined when nothing is there; throws when it is not a symlink. */
  readSymlink(link: string): Promise<string | undefined>;
}

/**
 * A whole host, as LocalHost and SshHost are and as deploy opens them; every function below takes only
 * the parts it uses.
 */
export type Host = CommandHost &
  HostFiles &
  HostHttp &
  HostReleases & {
    close(): Promise<void>;
  };

/** A path of a file list to copy: relative, no `..` or empty segment (the list is scanBuildDir's). */
export function checkedRelative(file: string): string {
  const parts = file.split('/');
  if (
    file === '' ||
    path.posix.isAbsolute(file) ||
    parts.some((p) => p === '' || p === '.' || p === '..') ||
    file.includes('\0')
  )
    throw new Error(`copy: ${JSON.stringify(file)} is not a relative path inside the build directory`);
  return file;
}

/** The runner's own host: Node's fs and http, commands through the one exec. */
export class LocalHost implements Host {
  readonly label = 'this host';
  readonly remote = false;

  constructor(
    private readonly run: Exec,
    private readonly tempRoot: string,
    private readonly home: string,
  ) {}

  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    return this.run(argv, options);
  }

  async readFile(file: string): Promise<string | undefined> {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw error;
    }
  }

  async writeFile(file: string, content: string, options: WriteOptions = {}): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const temp = path.join(
      path.dirname(file),
      `.${path.basename(file)}.berth-${randomBytes(4).toString('hex')}`,
    );
    const mode = options.mode ?? 0o644;
    await writeFile(temp, content, { mode });
    await chmod(temp, mode); // the umask may have taken bits away
    await rename(temp, file);
  }

  async appendFile(file: string, content: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    // O_NOFOLLOW: a symlink planted at history.jsonl fails (ELOOP) instead of being appended through.
    let handle;
    try {
      handle = await open(
        file,
        constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW,
        0o644,
      );
    } catch (error) {
      if (errnoCode(error) === 'ELOOP')
        throw new Error(`${file} is a symlink; berth appends only to a file of its own`);
      throw error;
    }
    try {
      await handle.appendFile(content);
    } finally {
      await handle.close();
    }
  }

  async makeDirExclusive(dir: string): Promise<boolean> {
    await mkdir(path.dirname(dir), { recursive: true });
    try {
      await mkdir(dir);
      return true;
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') return false;
      throw error;
    }
  }

  async remove(file: string): Promise<void> {
    await rm(file, { recursive: true, force: true });
  }

  async makeTempDir(): Promise<string> {
    await mkdir(this.tempRoot, { recursive: true });
    const dir = await mkdtemp(path.join(this.tempRoot, 'berth-'));
    await chmod(dir, 0o700);
    return dir;
  }

  httpGet(address: string, port: number, urlPath: string, headers: HttpHeaders = {}): Promise<HttpAnswer> {
    checkHeaders(headers);
    const host = address.includes(':') ? `[${address}]` : address;
    return httpGet(`http://${host}:${port}${urlPath}`, headers);
  }

  defaultStateRoot(): string {
    return path.join(this.home, '.berth');
  }

  async copyDirFrom(localDir: string, dir: string, files: readonly string[]): Promise<void> {
    await mkdir(dir, { recursive: true });
    const made = new Set<string>();
    for (const file of files) {
      const to = path.join(dir, checkedRelative(file));
      const parent = path.dirname(to);
      if (!made.has(parent)) {
        await mkdir(parent, { recursive: true });
        made.add(parent);
      }
      await copyFile(path.join(localDir, file), to); // follows a link: the file's bytes, not the link
    }
  }

  async switchSymlink(link: string, target: string): Promise<void> {
    const temp = path.join(
      path.dirname(link),
      `.${path.basename(link)}.berth-${randomBytes(4).toString('hex')}`,
    );
    await symlink(target, temp);
    try {
      await rename(temp, link);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async readSymlink(link: string): Promise<string | undefined> {
    try {
      return await readlink(link);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      if (errnoCode(error) === 'EINVAL') throw new Error(`${link} exists and is not a symlink`);
      throw error;
    }
  }

  async close(): Promise<void> {
    // nothing held open
  }
}

/** One GET from here (2 s bound, no keep-alive): status and the body's first 64 KiB; status 0 when nothing answers. */
export function httpGet(url: string, headers: HttpHeaders = {}): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000, agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 65536) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.slice(0, 65536) }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    let timedOut = false;
    req.on('timeout', () => {
      timedOut = true;
      req.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: 0, body: '', failure: noAnswerReason(timedOut ? 'TIMEOUT' : error.code, 2000) }),
    );
  });
}
