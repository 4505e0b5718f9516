/** A real nginx (Debian's) with its own prefix on a loopback port, proxying to berth's upstream include. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nginxConfig, nobodyGroup, proxyServer, reloadsIn } from '../../sandbox/nginx.mjs';
import { freePort } from '../../sandbox/process.mjs';

export interface NginxPlace {
  /** The prefix as the (test) server sees it. */
  prefix: string;
  /** The same directory as this process sees it (a test server with a private view of a path). */
  localPrefix: string;
  /** Runs nginx there. */
  run: (argv: string[]) => void;
}

export class TestNginx {
  /** The prefix, upstream include and server-block directory as nginx (and berth's inputs) name them. */
  readonly prefix: string;
  readonly upstreamFile: string;
  /** Included like Debian's conf.d: where berth's own server blocks go (nginx-server-file). */
  readonly serversDir: string;
  port = 0;
  private readonly local: string;
  private readonly run: (argv: string[]) => void;

  constructor(
    readonly upstreamName: string,
    place?: NginxPlace,
  ) {
    this.local = place?.localPrefix ?? mkdtempSync(path.join(tmpdir(), 'berth-nginx-'));
    this.prefix = place?.prefix ?? this.local;
    this.run = place?.run ?? (([file, ...args]) => void execFileSync(file as string, args));
    this.upstreamFile = path.join(this.prefix, 'conf', 'berth-upstream.conf');
    this.serversDir = path.join(this.prefix, 'conf', 'servers');
  }

  /** `nginx -p PREFIX -c conf/nginx.conf`, as a host running its own nginx would set nginx-command. */
  get command(): string {
    return `nginx -p ${this.prefix} -c conf/nginx.conf`;
  }

  /**
   * Writes the config; `upstreamPort` gives nginx something to start with before berth's first deploy.
   * `launch` starts the master (default: where this nginx lives; a test server in a namespace passes its own).
   */
  async start(upstreamPort: number, launch: (argv: string[]) => void = this.run): Promise<this> {
    this.port = await freePort();
    const local = (...parts: string[]): string => path.join(this.local, ...parts);
    mkdirSync(local('conf', 'servers'), { recursive: true });
    mkdirSync(local('logs'), { recursive: true });
    chmodSync(this.local, 0o711); // mkdtemp makes it 0700; the workers must reach files below it
    writeFileSync(
      local('conf', 'nginx.conf'),
      nginxConfig({
        // Workers as Debian runs them (an unprivileged user): they read berth's htpasswd file per request.
        user: `nobody ${nobodyGroup()}`,
        pidFile: `${this.prefix}/logs/nginx.pid`,
        // notice: nginx logs each reload ("reconfiguring"), which the tests count.
        errorLog: `${this.prefix}/logs/error.log`,
        errorLevel: 'notice',
        includes: [this.upstreamFile, `${this.serversDir}/*.conf`],
        servers: [proxyServer(`127.0.0.1:${this.port}`, this.upstreamName)],
      }),
    );
    writeFileSync(
      local('conf', 'berth-upstream.conf'),
      `upstream ${this.upstreamName} { server 127.0.0.1:${upstreamPort}; }\n`,
    );
    launch(['nginx', '-p', this.prefix, '-c', 'conf/nginx.conf']);
    return this;
  }

  /** How many times nginx reloaded its configuration since it started (its error log's ": reconfiguring" lines). */
  reloads(): number {
    return reloadsIn(path.join(this.local, 'logs', 'error.log'));
  }

  stop(): void {
    try {
      this.run(['nginx', '-p', this.prefix, '-c', 'conf/nginx.conf', '-s', 'quit']);
    } catch {
      // not running
    }
    rmSync(this.local, { recursive: true, force: true });
  }
}
