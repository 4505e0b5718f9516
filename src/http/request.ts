/**
 * The one HTTP(S) request of berth's API clients (SonarQube, the GitHub API): node:http/https, direct or
 * through the proxy the one proxy rule names (./proxy.ts), a private CA trusted besides the public ones
 * (./tls.ts), the whole exchange bounded in time, and the answer's body in size. It does not follow
 * redirects, retry or read statuses: each client does that its own way. A large body (a tool's
 * download) can stream to its consumer instead of into memory. Socket and TLS errors (with their `code`)
 * and ProxyError reach the caller as they are, for its messages.
 */
import http from 'node:http';
import https from 'node:https';
import { pipeline, type Readable, Transform } from 'node:stream';
import { type Env, proxyAgent } from './proxy.js';
import { trustedCa } from './tls.js';

/** The largest body berth reads when the caller names no bound. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface HttpRequestOptions {
  method?: string;
  headers?: Readonly<Record<string, string>>;
  body?: string | Buffer;
  /** Bounds the whole exchange, from connecting to the body's last byte. */
  timeoutMs: number;
  /** PEM of a private CA the server's certificate chains to, trusted besides the public ones. */
  ca?: string;
  /** The largest body read; a larger one fails with ResponseTooLargeError (default MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /**
   * Streams a 2xx answer's body instead of reading it into memory (a 60 MB binary into a file): the
   * body, still bounded by maxBodyBytes and timeoutMs, is handed to `consume`, and the request settles
   * when the promise it returns does, with an empty `body`. Other statuses are read as usual.
   */
  consume?: (body: Readable) => Promise<void>;
  /** Where the proxy settings are read (default: process.env). */
  env?: Env;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** The exchange took longer than its bound. */
export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${Math.round(timeoutMs / 100) / 10} s`);
  }
}

/** The answer's body was larger than the bound: not the API's answer, and not read on. */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`the answer is larger than ${describeBytes(maxBytes)}, more than berth reads`);
  }
}

/** `4 MiB`, `512 KiB`, `100 bytes`. */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** One request; resolves with any status once the whole body is read. No keep-alive. */
export function httpRequest(url: URL, options: HttpRequestOptions): Promise<HttpResponse> {
  const secure = url.protocol === 'https:';
  const lib = secure ? https : http;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    };
    const req = lib.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: { ...options.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        // Direct, or through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY exempts the host.
        agent: proxyAgent(secure ? 'https:' : 'http:', options.env ? { env: options.env } : {}),
        ...(secure && options.ca ? { ca: trustedCa(options.ca) } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (options.consume && status >= 200 && status < 300) {
          let size = 0;
          const bounded = new Transform({
            transform(chunk: Buffer, _encoding, done) {
              size += chunk.length;
              done(size > maxBodyBytes ? new ResponseTooLargeError(maxBodyBytes) : null, chunk);
            },
          });
          // A failure on either side (the socket, the bound, the timer) reaches the consumer's stream.
          pipeline(res, bounded, () => undefined);
          options.consume(bounded).then(
            () => {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              resolve({
                status,
                statusText: res.statusMessage ?? '',
                headers: res.headers,
                body: Buffer.alloc(0),
              });
            },
            (error: unknown) => {
              fail(error);
              req.destroy();
            },
          );
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes) {
            // Settled here: the whole answer may be in already, and its 'end' must not resolve.
            fail(new ResponseTooLargeError(maxBodyBytes));
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            headers: res.headers,
            body: Buffer.concat(chunks),
          });
        });
        res.on('error', fail);
      },
    );
    const timer = setTimeout(
      () => req.destroy(new RequestTimeoutError(options.timeoutMs)),
      options.timeoutMs,
    );
    req.on('error', fail);
    req.end(body);
  });
}
