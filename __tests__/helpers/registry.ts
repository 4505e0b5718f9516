/**
 * A real registry for tests: Debian's docker-registry (distribution 2.8) with htpasswd (bcrypt) auth on
 * 127.0.0.1 and a free port, storage in a temporary directory removed on stop.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../sandbox/process.mjs';
import { startRegistry } from '../../sandbox/registry.mjs';
import { MANIFEST_TYPES } from '../../src/registry/api.js';

export { freePort };

export class TestRegistry {
  private process: ChildProcess | undefined;
  readonly dir = mkdtempSync(path.join(tmpdir(), 'berth-registry-'));
  host = '';

  constructor(
    readonly user = 'berth',
    readonly password = `pw-${Math.random().toString(36).slice(2)}`,
  ) {}

  /**
   * `where` runs it elsewhere (a test server's network namespace): how to spawn it there and how to ask
   * for `/v2/` there; default: this namespace, on a free loopback port. `serve.address`: another address
   * of this namespace to listen on; `serve.tls`: HTTPS with this certificate (checked for by its port).
   */
  async start(
    where?: {
      port: number;
      spawn: (command: string, args: string[]) => ChildProcess;
      status: (url: string) => number;
    },
    serve: { address?: string; tls?: { cert: string; key: string } } = {},
  ): Promise<this> {
    const port = where?.port ?? (await freePort());
    this.host = `${serve.address ?? '127.0.0.1'}:${port}`;
    // Asked where it runs over plain HTTP; with TLS, its port is checked from here.
    const registry = await startRegistry({
      dir: this.dir,
      host: this.host,
      user: this.user,
      password: this.password,
      tls: serve.tls,
      spawnIn: where?.spawn,
      answers: where && !serve.tls ? (host) => where.status(`http://${host}/v2/`) === 401 : undefined,
    });
    this.process = registry.child;
    return this;
  }

  async stop(): Promise<void> {
    this.process?.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private auth(): string {
    return `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}`;
  }

  /** The manifest as the registry serves it, and the digest of those bytes. */
  async manifest(
    repository: string,
    reference: string,
  ): Promise<{ digest: string; headerDigest: string | null; mediaType: string } | undefined> {
    const res = await fetch(`http://${this.host}/v2/${repository}/manifests/${reference}`, {
      headers: { authorization: this.auth(), accept: MANIFEST_TYPES.join(', ') },
    });
    if (res.status === 404) return undefined;
    const body = Buffer.from(await res.arrayBuffer());
    return {
      digest: `sha256:${createHash('sha256').update(body).digest('hex')}`,
      headerDigest: res.headers.get('docker-content-digest'),
      mediaType: res.headers.get('content-type') ?? '',
    };
  }

  async tags(repository: string): Promise<string[]> {
    const res = await fetch(`http://${this.host}/v2/${repository}/tags/list`, {
      headers: { authorization: this.auth() },
    });
    const body = (await res.json()) as { tags?: string[] };
    return (body.tags ?? []).sort();
  }
}

/** Removes every local image of a repository prefix (the test registry's host:port is unique per run). */
export function removeImages(prefix: string): void {
  const ids = execFileSync('docker', ['image', 'ls', '--format', '{{.Repository}} {{.ID}}'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.split(' ')[1] ?? '');
  const unique = [...new Set(ids.filter((id) => id !== ''))];
  if (unique.length > 0) execFileSync('docker', ['image', 'rm', '--force', ...unique], { stdio: 'ignore' });
}

/**
 * A directory holding only a `docker` that is the given client, put first on PATH: the engine's builder
 * detection must cope with Debian's client (built-in BuildKit) and with newer clients that have no
 * buildx plugin (which refuse DOCKER_BUILDKIT=1).
 */
export function dockerClientPath(client: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-docker-bin-'));
  symlinkSync(client, path.join(dir, 'docker'));
  return `${dir}:${process.env.PATH ?? ''}`;
}

/** A build context: a static busybox serving /health, FROM scratch (nothing can be pulled here). */
export function busyboxContext(marker: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-context-'));
  execFileSync('cp', ['/bin/busybox', path.join(dir, 'busybox')]);
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
      'ARG MARKER=none',
      'RUN mkdir -p /www && echo "$MARKER" > /www/health',
      'CMD ["/bin/sh", "-c", "trap \'exit 0\' TERM; httpd -f -p 8080 -h /www & wait"]',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'marker.txt'), marker);
  return dir;
}
