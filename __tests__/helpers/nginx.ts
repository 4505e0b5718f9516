/** A real nginx (Debian's) with its own prefix on a loopback port, proxying to berth's upstream include. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './registry.js';

export class TestNginx {
  readonly prefix = mkdtempSync(path.join(tmpdir(), 'berth-nginx-'));
  readonly upstreamFile = path.join(this.prefix, 'conf', 'berth-upstream.conf');
  /** Included like Debian's conf.d: where berth's own server blocks go (nginx-server-file). */
  readonly serversDir = path.join(this.prefix, 'conf', 'servers');
  port = 0;

  constructor(readonly upstreamName: string) {}

  /** `nginx -p PREFIX -c conf/nginx.conf`, as a host running its own nginx would set nginx-command. */
  get command(): string {
    return `nginx -p ${this.prefix} -c conf/nginx.conf`;
  }

  /** Writes the config; `upstreamPort` gives nginx something to start with before berth's first deploy. */
  /** `launch` starts the master (default: here; a test host in a namespace passes its own). */
  async start(
    upstreamPort: number,
    launch: (argv: string[]) => void = ([file, ...args]) => execFileSync(file as string, args),
  ): Promise<this> {
    this.port = await freePort();
    mkdirSync(path.join(this.prefix, 'conf'), { recursive: true });
    mkdirSync(path.join(this.prefix, 'logs'), { recursive: true });
    mkdirSync(this.serversDir, { recursive: true });
    chmodSync(this.prefix, 0o711); // mkdtemp makes it 0700; the workers must reach files below it
    writeFileSync(
      path.join(this.prefix, 'conf', 'nginx.conf'),
      [
        // Workers as Debian runs them (an unprivileged user): they read berth's htpasswd file per request.
        'user nobody nogroup;',
        'worker_processes 1;',
        `pid ${this.prefix}/logs/nginx.pid;`,
        `error_log ${this.prefix}/logs/error.log warn;`,
        'events { worker_connections 512; }',
        'http {',
        '  access_log off;',
        `  include ${this.upstreamFile};`,
        `  include ${this.serversDir}/*.conf;`,
        '  server {',
        `    listen 127.0.0.1:${this.port};`,
        '    location / {',
        `      proxy_pass http://${this.upstreamName};`,
        '      proxy_http_version 1.1;',
        '      proxy_set_header Connection "";',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    writeFileSync(this.upstreamFile, `upstream ${this.upstreamName} { server 127.0.0.1:${upstreamPort}; }\n`);
    launch(['nginx', '-p', this.prefix, '-c', 'conf/nginx.conf']);
    return this;
  }

  stop(): void {
    try {
      execFileSync('nginx', ['-p', this.prefix, '-c', 'conf/nginx.conf', '-s', 'quit']);
    } catch {
      // not running
    }
    rmSync(this.prefix, { recursive: true, force: true });
  }
}
