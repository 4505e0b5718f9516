/**
 * The registry's HTTP API v2 (distribution): manifest HEAD/GET/PUT with the auth dance registries
 * demand (Basic, or a Bearer token from the realm in WWW-Authenticate), manifest Accept headers (without
 * them the digest comes back different), bounded retries of transient failures, and at-once failure
 * on 401/403 naming the registry and the inputs to check.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { ConfigurationError, errnoCode } from '../errors.js';
import { ProxyError, proxyAgent } from '../http/proxy.js';
import { DEFAULT_RETRY, retry, type RetryPolicy } from '../retry.js';
import type { Credentials } from './providers.js';
import { TLS_TRUST_CODES, trustedCa } from '../http/tls.js';

export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
];

export interface RegistryOptions {
  /** `host[:port]` of the API (`registry-1.docker.io` for Docker Hub). */
  host: string;
  credentials?: Credentials;
  /** PEM of a private CA the registry's certificate chains to. */
  ca?: string;
  /** Allow plain HTTP after HTTPS fails (loopback registries, as docker does, or `insecure`). */
  insecure?: boolean;
  retry?: RetryPolicy;
  timeoutMs?: number;
  /** What to tell the user to check on 401/403. */
  credentialInputs?: string;
  /** Called with every secret the client obtains (registry tokens), so the runtime masks it. */
  onSecret?: (secret: string) => void;
}

export interface Manifest {
  body: Buffer;
  mediaType: string;
  digest: string;
}

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A failure worth retrying: the network, a 5xx or a 429. */
export class TransientRegistryError extends Error {
  override name = 'TransientRegistryError';
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/;

/** Registries docker treats as insecure by themselves: plain HTTP. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host);
}

/** Parses `Bearer realm="…",service="…",scope="…"`. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ');
  const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  const re = /(\w+)="([^"]*)"/g;
  for (let m = re.exec(header); m !== null; m = re.exec(header))
    params[(m[1] as string).toLowerCase()] = m[2] as string;
  return { scheme, params };
}

export class RegistryClient {
  private scheme: 'https' | 'http' = 'https';
  private authorization: string | undefined;
  private readonly retryPolicy: RetryPolicy;
  /** Direct, or through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY exempts the host (../http/proxy.ts). */
  private readonly agents = {
    'http:': proxyAgent('http:', { keepAlive: true }),
    'https:': proxyAgent('https:', { keepAlive: true }),
  };

  constructor(private readonly options: RegistryOptions) {
    this.retryPolicy = options.retry ?? DEFAULT_RETRY;
    if (isLoopbackHost(options.host)) this.scheme = 'http';
  }

  /** The digest of a tag or digest reference, or undefined when the registry does not have it. */
  async manifestDigest(repository: string, reference: string): Promise<string | undefined> {
    const res = await this.request('HEAD', `/v2/${repository}/manifests/${reference}`, repository, 'pull');
    if (res.status === 404) return undefined;
    this.expectOk(res, `HEAD ${repository}:${reference}`);
    const digest = res.headers['docker-content-digest'];
    if (typeof digest === 'string' && digest !== '') return digest;
    // Some registries omit the header on HEAD; the digest is the hash of the body a GET returns.
    return (await this.getManifest(repository, reference))?.digest;
  }

  async getManifest(repository: string, reference: string): Promise<Manifest | undefined> {
    const res = await this.request('GET', `/v2/${repository}/manifests/${reference}`, repository, 'pull');
    if (res.status === 404) return undefined;
    this.expectOk(res, `GET ${repository}:${reference}`);
    const mediaType = String(res.headers['content-type'] ?? '').split(';')[0] ?? '';
    return {
      body: res.body,
      mediaType,
      digest: `sha256:${createHash('sha256').update(res.body).digest('hex')}`,
    };
  }

  /** Tags an existing manifest: PUT its exact bytes under another tag. */
  async putManifest(repository: string, tag: string, manifest: Manifest): Promise<void> {
    const res = await this.request('PUT', `/v2/${repository}/manifests/${tag}`, repository, 'pull,push', {
      body: manifest.body,
      contentType: manifest.mediaType,
    });
    this.expectOk(res, `PUT ${repository}:${tag}`);
  }

  private expectOk(res: Response, what: string): void {
    if (res.status >= 200 && res.status < 300) return;
    if (res.status === 401 || res.status === 403) throw this.authError(res);
    throw new Error(
      `registry ${this.options.host}: ${what} answered ${res.status} ${res.body.toString('utf8').slice(0, 300)}`,
    );
  }

  private authError(res: Response): ConfigurationError {
    const inputs = this.options.credentialInputs ?? 'registry-username / registry-password';
    const given = this.options.credentials ? 'refused the credentials' : 'needs credentials';
    return new ConfigurationError(
      `${inputs}: the registry ${this.options.host} ${given} (${res.status} ${http.STATUS_CODES[res.status] ?? ''}); check the user name, the password or token, and its push rights`,
    );
  }

  private async request(
    method: string,
    path: string,
    repository: string,
    actions: string,
    payload?: { body: Buffer; contentType: string },
  ): Promise<Response> {
    const send = (): Promise<Response> =>
      retry(
        () => this.send(method, path, payload),
        (e) => e instanceof TransientRegistryError,
        this.retryPolicy,
      );
    let res = await send();
    if (res.status !== 401) return res;
    const challenge = res.headers['www-authenticate'];
    if (typeof challenge !== 'string') return res;
    const { scheme, params } = parseChallenge(challenge);
    if (scheme === 'basic') {
      if (!this.options.credentials) throw this.authError(res);
      const { username, password } = this.options.credentials;
      this.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    } else if (scheme === 'bearer' && params.realm) {
      this.authorization = `Bearer ${await this.fetchToken(params.realm, params.service ?? '', params.scope ?? `repository:${repository}:${actions}`)}`;
    } else {
      return res;
    }
    res = await send();
    if (res.status === 401 || res.status === 403) throw this.authError(res);
    return res;
  }

  private async fetchToken(realm: string, service: string, scope: string): Promise<string> {
    const url = new URL(realm);
    if (service !== '') url.searchParams.set('service', service);
    url.searchParams.set('scope', scope);
    const headers: Record<string, string> = {};
    if (this.options.credentials) {
      const { username, password } = this.options.credentials;
      headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    }
    const res = await retry(
      () => this.raw(url, 'GET', headers),
      (e) => e instanceof TransientRegistryError,
      this.retryPolicy,
    );
    if (res.status === 401 || res.status === 403) throw this.authError(res);
    if (res.status !== 200)
      throw new Error(
        `registry ${this.options.host}: token endpoint ${url.origin}${url.pathname} answered ${res.status}`,
      );
    const body = JSON.parse(res.body.toString('utf8')) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error(`registry ${this.options.host}: token endpoint returned no token`);
    this.options.onSecret?.(token);
    return token;
  }

  private async send(
    method: string,
    path: string,
    payload?: { body: Buffer; contentType: string },
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: MANIFEST_TYPES.join(', ') };
    if (this.authorization) headers.authorization = this.authorization;
    if (payload) headers['content-type'] = payload.contentType;
    try {
      return await this.raw(
        new URL(`${this.scheme}://${this.options.host}${path}`),
        method,
        headers,
        payload?.body,
      );
    } catch (error) {
      // Like docker for insecure registries: HTTPS first, then plain HTTP once.
      if (this.scheme === 'https' && this.options.insecure && isTlsMismatch(error)) {
        this.scheme = 'http';
        return this.raw(new URL(`http://${this.options.host}${path}`), method, headers, payload?.body);
      }
      throw error;
    }
  }

  private raw(url: URL, method: string, headers: Record<string, string>, body?: Buffer): Promise<Response> {
    const secure = url.protocol === 'https:';
    const lib = secure ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(
        url,
        {
          method,
          agent: this.agents[secure ? 'https:' : 'http:'],
          headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
          ...(this.options.ca ? { ca: trustedCa(this.options.ca) } : {}),
          timeout: this.options.timeoutMs ?? 20_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const response = { status, headers: res.headers, body: Buffer.concat(chunks) };
            if (status >= 500 || status === 429) {
              reject(
                new TransientRegistryError(
                  `registry ${this.options.host}: ${method} ${url.pathname} answered ${status}`,
                ),
              );
            } else {
              resolve(response);
            }
          });
          res.on('error', (e) =>
            reject(new TransientRegistryError(`registry ${this.options.host}: ${e.message}`)),
          );
        },
      );
      req.on('timeout', () =>
        req.destroy(
          new TransientRegistryError(`registry ${this.options.host}: ${method} ${url.pathname} timed out`),
        ),
      );
      req.on('error', (error) => {
        const code = errnoCode(error) ?? '';
        if (TLS_TRUST_CODES.has(code)) {
          reject(
            new ConfigurationError(
              `registry-ca-cert: the TLS certificate of the registry ${this.options.host} is not trusted (${code}); give the PEM of the CA that signed it as registry-ca-cert, and to the docker engine as /etc/docker/certs.d/${this.options.host}/ca.crt`,
            ),
          );
        } else if (error instanceof TransientRegistryError) reject(error);
        else if (error instanceof ProxyError)
          reject(
            error.transient
              ? new TransientRegistryError(`registry ${this.options.host}: ${error.message}`, {
                  cause: error,
                })
              : new ConfigurationError(`registry ${this.options.host}: ${error.message}`),
          );
        else if (isNetworkError(error))
          reject(
            new TransientRegistryError(`registry ${this.options.host}: ${error.message}`, { cause: error }),
          );
        else reject(error);
      });
      req.end(body);
    });
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

function isNetworkError(error: unknown): boolean {
  return NETWORK_CODES.has(errnoCode(error) ?? '');
}

function isTlsMismatch(error: unknown): boolean {
  const code = errnoCode(error) ?? '';
  return (
    code === 'EPROTO' ||
    code.startsWith('ERR_SSL') ||
    (error instanceof Error && /wrong version number|ssl/i.test(error.message))
  );
}
