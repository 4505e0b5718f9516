/**
 * A real S3-compatible server on loopback (s3rver: the S3 REST API over HTTP, objects on disk, ETag =
 * MD5 of the stored bytes), with a bucket and a log of every request it received and answered, in order.
 * It accepts the credentials S3RVER / S3RVER and checks their signatures.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './run-dist.js';

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  httpServer: Server;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

export interface S3Request {
  /** `>` when it arrived, `<` when its answer was sent. */
  at: '>' | '<';
  method: string;
  /** Path and query, as sent: `/bucket/key?x-id=PutObject`. */
  url: string;
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
}

export const S3_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

export class TestS3Server {
  readonly requests: S3Request[] = [];
  url = '';
  private server: S3rverInstance | undefined;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'berth-s3rver-'));

  /** `address`: where it listens (default 127.0.0.1). */
  constructor(
    readonly bucket = 'site',
    readonly address = '127.0.0.1',
  ) {}

  async start(): Promise<this> {
    const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
    this.server = new S3rver({
      address: this.address,
      port: 0,
      silent: true,
      directory: this.dir,
      configureBuckets: [{ name: this.bucket }],
    });
    const { port } = await this.server.run();
    this.url = `http://${this.address}:${port}`;
    this.server.httpServer.on('request', (req, res) => {
      const entry = { method: req.method ?? '', url: req.url ?? '' };
      this.requests.push({ at: '>', ...entry, headers: req.headers });
      res.on('finish', () => this.requests.push({ at: '<', ...entry, status: res.statusCode }));
    });
    return this;
  }

  /** The keys of the PUTs answered, in order (`shop/index.html`). */
  puts(): string[] {
    return this.requests
      .filter((r) => r.at === '<' && r.method === 'PUT')
      .map((r) => decodeURIComponent(new URL(r.url, 'http://x').pathname.slice(this.bucket.length + 2)));
  }

  /** GET an object anonymously, as a browser through a public bucket would. */
  async fetch(key: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
    const res = await fetch(`${this.url}/${this.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`);
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }

  async stop(): Promise<void> {
    await this.server?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const md5Hex = (body: Buffer | string): string => createHash('md5').update(body).digest('hex');

/**
 * s3rver in a child process with OpenSSL's legacy provider: its ListObjectsV2 continuation tokens are
 * DES-encrypted, which Node >= 17 offers only there — needed to list more than 1,000 keys (pages).
 */
export async function startPagingS3Server(
  bucket: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-s3rver-'));
  const script = `const S3rver = require('s3rver');
new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[1], configureBuckets: [{ name: process.argv[2] }] })
  .run().then(({ port }) => console.log(port));
process.stdin.on('end', () => process.exit(0)).resume();`;
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', script, dir, bucket], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin.end();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
