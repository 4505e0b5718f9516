/**
 * A Host that records what is asked of it, in order, and answers from what the test set up: canned
 * answers per command (matchers → ExecResult), files, directories and symlinks in memory, canned HTTP
 * answers. Like the S3 deploy's fake bucket, the log is what the tests assert: the exact sequence of
 * commands and file operations. DockerTable plays docker's container commands on a table; FakeNginx
 * plays a running nginx (pid file, workers, reload, and the switch's probe reading the marker).
 */
import path from 'node:path';
import type { ExecOptions, ExecResult } from '../../src/exec.js';
import type { Host, HttpAnswer, HttpHeaders, WriteOptions } from '../../src/remote/host.js';

export const ok = (stdout = ''): ExecResult => ({ code: 0, stdout, stderr: '' });
export const failed = (stderr: string, code = 1): ExecResult => ({ code, stdout: '', stderr });

export type Matcher = string | RegExp | ((argv: readonly string[]) => boolean);
export type Answer = ExecResult | ((argv: readonly string[]) => ExecResult | Promise<ExecResult>);
export type HttpMatcher =
  string | RegExp | ((address: string, port: number, urlPath: string, headers: HttpHeaders) => boolean);
export type HttpReply =
  HttpAnswer | ((address: string, port: number, urlPath: string, headers: HttpHeaders) => HttpAnswer);

/**
 * A command as the log shows it: argv joined, without docker's `--config <dir>`, `--format <template>`,
 * `--no-trunc` and sh's script (`sh -c … args`); `docker run` as `docker run <name> [-p <publish>] <image>`.
 */
export function commandLine(argv: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--config' || a === '--format') i++;
    else if (a === '--no-trunc') continue;
    else if (a === '-c' && argv[0] === 'sh') {
      out.push('-c', '…');
      i++;
    } else out.push(a);
  }
  if (out[0] === 'docker' && out[1] === 'run') {
    const name = argv[argv.indexOf('--name') + 1] ?? '';
    const publish = argv.includes('--publish') ? ['-p', argv[argv.indexOf('--publish') + 1] ?? ''] : [];
    return ['docker', 'run', name, ...publish, argv.at(-1) ?? ''].join(' ');
  }
  return out.join(' ');
}

function matches(matcher: Matcher, argv: readonly string[]): boolean {
  if (typeof matcher === 'function') return matcher(argv);
  const line = commandLine(argv);
  return typeof matcher === 'string'
    ? line === matcher || line.startsWith(`${matcher} `)
    : matcher.test(line);
}

export interface RecordingHostOptions {
  label?: string;
  remote?: boolean;
  stateRoot?: string;
}

export class RecordingHost implements Host {
  readonly label: string;
  readonly remote: boolean;
  /** Every call in order: commands as commandLine() prints them, then `write <file>`, `GET …`, …. */
  readonly calls: string[] = [];
  /** Every command's argv, in order. */
  readonly argvs: string[][] = [];
  readonly files = new Map<string, string>();
  readonly modes = new Map<string, number>();
  readonly dirs = new Set<string>();
  readonly links = new Map<string, string>();
  private readonly answers: Array<[Matcher, Answer]> = [];
  private readonly replies: Array<[HttpMatcher, HttpReply]> = [];
  private readonly breaks: Array<[RegExp, Error]> = [];
  private readonly stateRoot: string;
  private temps = 0;

  constructor(options: RecordingHostOptions = {}) {
    this.label = options.label ?? 'app.example.com';
    this.remote = options.remote ?? true;
    this.stateRoot = options.stateRoot ?? '/home/deploy/.berth';
  }

  /** Answers commands that match (the latest registration first); unmatched ones exit 127. */
  on(matcher: Matcher, answer: Answer): this {
    this.answers.unshift([matcher, answer]);
    return this;
  }

  /** Answers GETs that match `address:port/path` (the latest registration first); unmatched: status 0. */
  onGet(matcher: HttpMatcher, reply: HttpReply): this {
    this.replies.unshift([matcher, reply]);
    return this;
  }

  /** Every call whose log line matches throws `error` (an SSH connection that dropped, a full disk). */
  breakOn(call: RegExp, error = new Error('connection closed')): this {
    this.breaks.push([call, error]);
    return this;
  }

  /** The calls that match (commands only: `commands(/^docker /)`). */
  commands(filter: RegExp = /./): string[] {
    return this.argvs.map(commandLine).filter((l) => filter.test(l));
  }

  private note(call: string): void {
    this.calls.push(call);
    for (const [pattern, error] of this.breaks) if (pattern.test(call)) throw error;
  }

  async exec(argv: readonly string[], _options?: ExecOptions): Promise<ExecResult> {
    this.argvs.push([...argv]);
    this.note(commandLine(argv));
    const found = this.answers.find(([m]) => matches(m, argv));
    if (!found) return failed(`${argv[0] ?? ''}: not faked`, 127);
    const answer = found[1];
    return typeof answer === 'function' ? answer(argv) : answer;
  }

  async readFile(file: string): Promise<string | undefined> {
    this.note(`read ${file}`);
    return this.files.get(file);
  }

  async writeFile(file: string, content: string, options: WriteOptions = {}): Promise<void> {
    this.note(`write ${file}`);
    this.files.set(file, content);
    this.modes.set(file, options.mode ?? 0o644);
  }

  async appendFile(file: string, content: string): Promise<void> {
    this.note(`append ${file}`);
    this.files.set(file, (this.files.get(file) ?? '') + content);
  }

  async makeDirExclusive(dir: string): Promise<boolean> {
    this.note(`mkdir ${dir}`);
    if (this.dirs.has(dir)) return false;
    this.dirs.add(dir);
    return true;
  }

  async remove(file: string): Promise<void> {
    this.note(`remove ${file}`);
    const under = (p: string): boolean => p === file || p.startsWith(`${file}/`);
    for (const store of [this.files, this.modes, this.links])
      for (const k of [...store.keys()]) if (under(k)) store.delete(k);
    for (const d of [...this.dirs]) if (under(d)) this.dirs.delete(d);
  }

  async makeTempDir(): Promise<string> {
    const dir = `/tmp/berth-${++this.temps}`;
    this.note(`mktemp ${dir}`);
    this.dirs.add(dir);
    return dir;
  }

  async httpGet(
    address: string,
    port: number,
    urlPath: string,
    headers: HttpHeaders = {},
  ): Promise<HttpAnswer> {
    this.note(`GET ${address}:${port}${urlPath}`);
    const found = this.replies.find(([m]) =>
      typeof m === 'function'
        ? m(address, port, urlPath, headers)
        : typeof m === 'string'
          ? m === `${address}:${port}${urlPath}`
          : m.test(`${address}:${port}${urlPath}`),
    );
    if (!found) return { status: 0, body: '' };
    const reply = found[1];
    return typeof reply === 'function' ? reply(address, port, urlPath, headers) : reply;
  }

  defaultStateRoot(): string {
    return this.stateRoot;
  }

  async copyDirFrom(localDir: string, dir: string, files: readonly string[]): Promise<void> {
    this.note(`copy ${localDir} → ${dir} (${files.length} files)`);
    this.dirs.add(dir);
  }

  async switchSymlink(link: string, target: string): Promise<void> {
    this.note(`symlink ${link} → ${target}`);
    this.links.set(link, target);
  }

  async readSymlink(link: string): Promise<string | undefined> {
    this.note(`readlink ${link}`);
    if (this.files.has(link)) throw new Error(`${link} exists and is not a symlink`);
    return this.links.get(link);
  }

  async close(): Promise<void> {
    this.note('close');
  }
}

/** The image ID the table gives an image reference: `sha256:<its digest>`. */
export const imageIdOf = (ref: string): string => `sha256:${ref.split('@sha256:')[1] ?? ref}`;

export interface TableContainer {
  status: string;
  imageRef: string;
  /** The image's ID (`docker container inspect --format {{.Image}}`); default imageIdOf(imageRef). */
  imageId?: string;
  exitCode?: number;
  health?: string;
}

/**
 * docker's container commands on a table: inspect, run, start, stop, rm, rename, wait, logs, and the
 * image commands prune and provideImage use. A container of an image in `dies` exits (code 4) as soon
 * as it starts. `log` has each docker command's first two words, as the recreate tests assert them.
 */
export class DockerTable {
  readonly containers = new Map<string, TableContainer>();
  /** `docker image ls` of the app's repository, newest first. */
  imageIds: string[] = [];
  readonly log: string[] = [];
  readonly dies = new Set<string>();
  /** Image references that `docker image inspect` finds on the host. */
  readonly images = new Set<string>();

  constructor(dies: readonly string[] = []) {
    for (const d of dies) this.dies.add(d);
  }

  /** Makes `host` answer every `docker …` command from this table. */
  serve(host: RecordingHost): this {
    host.on(
      (argv) => argv[0] === 'docker',
      (argv) => this.run(argv.slice(1)),
    );
    return this;
  }

  run(args: readonly string[]): ExecResult {
    const a = args[0] === '--config' ? args.slice(2) : args;
    this.log.push(a.slice(0, 2).join(' '));
    const name = a.at(-1) as string;
    const noSuch = failed(`Error response from daemon: No such container: ${name}`);
    const c = this.containers.get(name);
    switch (a[0]) {
      case 'inspect':
        return c
          ? ok(
              `${c.status} ${c.exitCode ?? (c.status === 'exited' ? 4 : 0)} 0 ${c.health ?? 'none'} ${c.imageRef}\n`,
            )
          : failed('Error: No such object');
      case 'image':
        if (a[1] === 'inspect')
          return this.images.has(name) ? ok('sha256:present\n') : failed('No such image');
        if (a[1] === 'ls') return ok(this.imageIds.map((id) => `${id}\n`).join(''));
        return ok(); // image rm
      case 'container':
        if (a[1] === 'wait') {
          if (c) c.status = 'exited';
          return c ? ok('0\n') : noSuch;
        }
        // container inspect --format {{.Image}} names…: a line per container that exists
        return ok(
          a
            .slice(4)
            .map((n) => this.containers.get(n))
            .filter((x): x is TableContainer => x !== undefined)
            .map((x) => `${x.imageId ?? imageIdOf(x.imageRef)}\n`)
            .join(''),
        );
      case 'rm':
        if (!c) return noSuch;
        if (a[1] !== '--force' && c.status === 'running')
          return failed(`Error response from daemon: You cannot remove a running container ${name}`);
        this.containers.delete(name);
        return ok();
      case 'rename': {
        const from = this.containers.get(a[1] as string);
        if (!from) return failed('No such container');
        if (this.containers.has(a[2] as string))
          return failed(
            `Error response from daemon: Conflict. The container name "/${a[2]}" is already in use`,
          );
        this.containers.delete(a[1] as string);
        this.containers.set(a[2] as string, from);
        return ok();
      }
      case 'stop':
        if (!c) return noSuch;
        c.status = 'exited';
        c.exitCode = 0;
        return ok();
      case 'start':
        if (!c) return noSuch;
        c.status = this.dies.has(c.imageRef) ? 'exited' : 'running';
        delete c.exitCode;
        return ok();
      case 'logs':
        return ok(`${name}: listening\n`);
      case 'run': {
        const image = name;
        const n = a[a.indexOf('--name') + 1] as string;
        if (this.containers.has(n))
          return failed(
            `docker: Error response from daemon: Conflict. The container name "/${n}" is already in use`,
          );
        this.containers.set(n, { status: this.dies.has(image) ? 'exited' : 'running', imageRef: image });
        return ok('c0ffee\n');
      }
      default:
        return ok();
    }
  }
}

/**
 * A running nginx on the host, as berth's NginxControl and switch see it: `nginx -V`/`-T`/`-t`/`-s
 * reload`, the pid file and the workers under /proc (new workers after each reload), the directory
 * modes markerAccess stats, and berth's switch: after a reload, a GET with the loaded include's probe
 * token answers the colour its marker file picks. `running: false` leaves no pid file.
 */
export class FakeNginx {
  /** `nginx -t` fails with this (a refused configuration). */
  refuse: string | undefined;
  /** The include text of the last reload (undefined: nothing of berth's loaded). */
  loaded: string | undefined;
  reloads = 0;
  /** The probe answers nothing (nginx does not see the include). */
  deaf = false;
  /** The workers cannot search the marker's directory: its `-f` test is false, they pick blue. */
  blind = false;
  private workers = [101];

  constructor(
    private readonly host: RecordingHost,
    private readonly upstreamFile: string,
    options: { running?: boolean; user?: string } = {},
  ) {
    if (options.running ?? true) host.files.set('/run/nginx.pid', '100\n');
    host.files.set('/proc/101/status', 'Uid:\t33\t33\t33\t33\nGid:\t33\t33\t33\t33\nGroups:\t33\n');
    const dump = `# configuration file /etc/nginx/nginx.conf:\nuser ${options.user ?? 'www-data'};\npid /run/nginx.pid;\n`;
    host
      .on(
        'nginx -V',
        failed('nginx version: nginx/1.24.0\nconfigure arguments: --prefix=/usr/share/nginx', 0),
      )
      .on('nginx -T', ok(dump))
      .on('nginx -t', () => (this.refuse === undefined ? failed('syntax is ok', 0) : failed(this.refuse)))
      .on('nginx -s reload', () => {
        this.reloads++;
        this.loaded = host.files.get(upstreamFile);
        this.workers = this.workers.map((w) => w + 1);
        for (const w of this.workers)
          host.files.set(`/proc/${w}/status`, host.files.get('/proc/101/status') ?? '');
        return ok();
      })
      .on(
        (argv) => argv[0] === 'sh' && (argv[2] ?? '').includes('PPid'),
        (argv) => ok(argv.at(-1) === '100' ? this.workers.map((w) => `${w}\n`).join('') : ''),
      )
      .on(
        (argv) => argv[0] === 'sh' && (argv[2] ?? '').includes('stat -L'),
        (argv) =>
          ok(
            argv
              .slice(4)
              .map(() => '755 0 0\n')
              .join(''),
          ),
      )
      .on('id -gn', ok('www-data\n'))
      .on('chgrp', ok())
      .on('chmod', ok());
    host.onGet(
      (address, port, urlPath, headers) => {
        const loaded = this.loaded;
        if (loaded === undefined || address !== '127.0.0.1' || urlPath !== '/') return false;
        return (
          loaded.includes(`listen 127.0.0.1:${port};`) &&
          loaded.includes(`"${headers['X-Berth-Probe'] ?? 'none'}"`)
        );
      },
      () => {
        const loaded = this.loaded ?? '';
        if (this.deaf) return { status: 0, body: '' };
        const marker = /if \(-f (\S+)\)/.exec(loaded)?.[1] ?? '';
        const green = !this.blind && host.files.has(marker) ? 'green' : 'blue';
        const name = /proxy_pass http:\/\/(\w+);\)/.exec(loaded)?.[1] ?? '';
        return { status: 200, body: `${name}_${green}\n` };
      },
    );
  }

  /** The marker file next to the include. */
  get marker(): string {
    return `${this.upstreamFile}.green`;
  }

  /** The directory of berth's include. */
  get dir(): string {
    return path.posix.dirname(this.upstreamFile);
  }
}
