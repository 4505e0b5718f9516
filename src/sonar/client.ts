/**
 * The one SonarQube Web API client: GET over berth's one request (../http/request.ts: the proxy rule, a
 * private CA trusted besides the public ones, every request bounded in time and size). It maps statuses to SonarApiError kinds and SonarQube's bodies to
 * ./api.ts's shapes; it does not retry or wait (./wait.ts does, with its clock and sleep as parameters).
 */
import { errnoCode } from '../errors.js';
import { ProxyError } from '../http/proxy.js';
import {
  describeBytes,
  httpRequest,
  MAX_BODY_BYTES,
  RequestTimeoutError,
  ResponseTooLargeError,
} from '../http/request.js';
import { TLS_TRUST_CODES } from '../http/tls.js';
import {
  GATE_STATUSES,
  SonarApiError,
  type CeTask,
  type GateCondition,
  type GateStatus,
  type ProjectStatus,
  type SonarApi,
} from './api.js';

/**
 * How the token goes with each request. SonarQube 10.0 and later and SonarQube Cloud take it as
 * `Authorization: Bearer`; earlier servers only as the Basic login with an empty password. `auto`:
 * Bearer, and Basic once if the server turns Bearer down (an earlier server ignores it).
 */
export type AuthScheme = 'bearer' | 'basic' | 'auto';

export interface SonarClientOptions {
  /** The server's base address, context path included (`https://sonar.example.com/sonarqube`). */
  serverUrl: string;
  /** The report file whose serverUrl this is; undefined when it came from sonar-host-url. */
  serverUrlFrom?: string;
  token: string;
  authScheme: AuthScheme;
  /** PEM of a private CA that the server's certificate chains to. */
  ca?: string;
  /** The bound of one request when the caller gives none (or a larger one). */
  requestTimeoutMs?: number;
  debug?: (message: string) => void;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;

/** The scheme for a server: by its version (report-task.txt's serverVersion), else found out (`auto`). */
export function authSchemeFor(serverUrl: string, serverVersion: string | undefined): AuthScheme {
  // SonarQube Cloud writes serverVersion=8.0…, yet documents Bearer.
  if (/^https:\/\/([a-z0-9-]+\.)*(sonarcloud\.io|sonarqube\.us)(\/|$)/i.test(serverUrl)) return 'bearer';
  const major = /^(\d+)\./.exec(serverVersion ?? '')?.[1];
  if (major === undefined) return 'auto';
  return Number(major) >= 10 ? 'bearer' : 'basic';
}

export function createSonarApi(options: SonarClientOptions): SonarApi {
  return new SonarClient(options);
}

interface RawResponse {
  status: number;
  contentType: string;
  location: string | undefined;
  body: string;
}

class SonarClient implements SonarApi {
  readonly serverUrl: string;
  private scheme: 'bearer' | 'basic';
  /** In `auto`, until a request has gone through: the scheme may still change. */
  private probing: boolean;

  constructor(private readonly options: SonarClientOptions) {
    this.serverUrl = options.serverUrl.replace(/\/+$/, '');
    this.scheme = options.authScheme === 'basic' ? 'basic' : 'bearer';
    this.probing = options.authScheme === 'auto';
  }

  async task(id: string, timeoutMs?: number): Promise<CeTask> {
    const path = `api/ce/task?id=${encodeURIComponent(id)}`;
    return toTask(await this.get(path, timeoutMs), this.describe(path));
  }

  async projectStatus(analysisId: string, timeoutMs?: number): Promise<ProjectStatus> {
    const path = `api/qualitygates/project_status?analysisId=${encodeURIComponent(analysisId)}`;
    return toProjectStatus(await this.get(path, timeoutMs), this.describe(path));
  }

  private describe(path: string): string {
    return `SonarQube at ${this.serverUrl} (GET /${path})`;
  }

  private async get(path: string, timeoutMs: number | undefined): Promise<unknown> {
    const url = new URL(path, `${this.serverUrl}/`);
    const bound = Math.max(
      1,
      Math.min(timeoutMs ?? Infinity, this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    );
    let response = await this.send(url, this.scheme, bound);
    if (this.probing && (response.status === 401 || response.status === 403)) {
      const basic = await this.send(url, 'basic', bound);
      if (basic.status !== 401 && basic.status !== 403) {
        this.scheme = 'basic';
        this.options.debug?.('SonarQube took the token as a Basic login (a server before 10.0)');
      }
      response = basic;
    }
    if (response.status >= 200 && response.status < 300) this.probing = false;
    return this.interpret(response, path);
  }

  private interpret(response: RawResponse, path: string): unknown {
    const { status } = response;
    const where = this.describe(path);
    const said = this.scrub(serverMessage(response.body));
    const detail = said === '' ? `${status}` : `${status}: ${said}`;
    if (status >= 200 && status < 300) {
      try {
        return JSON.parse(response.body) as unknown;
      } catch {
        throw new SonarApiError(
          `${where} answered with ${response.contentType || 'no content type'}, not SonarQube's JSON (${this.scrub(snippet(response.body))}); ${this.addressHint()}`,
          'response',
          false,
        );
      }
    }
    if (status === 401) {
      throw new SonarApiError(
        `sonar-token: SonarQube at ${this.serverUrl} refused the token (${detail}); it is wrong, expired or revoked, or belongs to another server: give a user token or project analysis token of this server`,
        'auth',
        false,
        said,
      );
    }
    if (status === 403) {
      throw new SonarApiError(
        `sonar-token: the token may not read this analysis on SonarQube at ${this.serverUrl} (${detail}); its user needs the Browse or Execute Analysis permission on the project`,
        'forbidden',
        false,
        said,
      );
    }
    if (status === 404) throw new SonarApiError(`${where} answered ${detail}`, 'not-found', false, said);
    if (status === 429 || status >= 500) {
      throw new SonarApiError(`${where} answered ${detail}`, 'server', true, said);
    }
    throw new SonarApiError(`${where} answered ${detail}`, 'response', false, said);
  }

  /** One GET, following redirects within the same origin (default-port http → https allowed); the token never leaves it. */
  private async send(url: URL, scheme: 'bearer' | 'basic', timeoutMs: number): Promise<RawResponse> {
    let current = url;
    for (let hop = 0; ; hop++) {
      const response = await this.request(current, scheme, timeoutMs);
      if (![301, 302, 303, 307, 308].includes(response.status) || response.location === undefined) {
        return response;
      }
      const next = new URL(response.location, current);
      // The same origin (scheme, host and port: another port of the host is another server), or the
      // upgrade of a default-port http address to the default-port https one.
      const sameHost =
        next.origin === current.origin ||
        (current.protocol === 'http:' &&
          next.protocol === 'https:' &&
          next.hostname === current.hostname &&
          current.port === '' &&
          next.port === '');
      if (!sameHost || hop >= MAX_REDIRECTS) {
        throw new SonarApiError(
          `SonarQube at ${this.serverUrl} redirected GET ${current.pathname} to ${next.origin}${next.pathname}; ${this.options.serverUrlFrom ? 'set sonar-host-url' : 'change sonar-host-url'} to the address it redirects to (berth does not send the token to another host)`,
          'response',
          false,
        );
      }
      current = next;
    }
  }

  private async request(url: URL, scheme: 'bearer' | 'basic', timeoutMs: number): Promise<RawResponse> {
    const authorization =
      scheme === 'bearer'
        ? `Bearer ${this.options.token}`
        : `Basic ${Buffer.from(`${this.options.token}:`).toString('base64')}`;
    const target = `${this.describe(url.pathname.slice(1) + url.search)}`;
    try {
      // SonarQube's answers here are a few KiB; anything over MAX_BODY_BYTES is not one of them.
      const res = await httpRequest(url, {
        headers: { accept: 'application/json', authorization, 'user-agent': 'berth' },
        timeoutMs,
        ...(this.options.ca ? { ca: this.options.ca } : {}),
      });
      const location = res.headers.location;
      return {
        status: res.status,
        contentType: res.headers['content-type'] ?? '',
        location: typeof location === 'string' ? location : undefined,
        body: res.body.toString('utf8'),
      };
    } catch (error) {
      throw this.networkError(error, target, timeoutMs);
    }
  }

  private networkError(error: unknown, target: string, timeoutMs: number): SonarApiError {
    if (error instanceof ResponseTooLargeError) {
      return new SonarApiError(
        `${target} sent more than ${describeBytes(MAX_BODY_BYTES)}`,
        'response',
        false,
      );
    }
    if (error instanceof RequestTimeoutError) {
      return new SonarApiError(`${target} did not answer within ${seconds(timeoutMs)}`, 'timeout', true);
    }
    if (error instanceof ProxyError) {
      return new SonarApiError(
        `${target} failed: ${this.scrub(error.message)}`,
        'unreachable',
        error.transient,
      );
    }
    const code = errnoCode(error) ?? (error instanceof Error ? error.message : String(error));
    if (TLS_TRUST_CODES.has(code)) {
      return new SonarApiError(
        `sonar-ca-cert: the TLS certificate of SonarQube at ${this.serverUrl} is not trusted (${code})${this.options.ca ? ' even with sonar-ca-cert' : ''}; give the PEM of the CA that signed it (or the path of a PEM file) as sonar-ca-cert`,
        'unreachable',
        false,
      );
    }
    const from = this.options.serverUrlFrom ? ` (the serverUrl in ${this.options.serverUrlFrom})` : '';
    const unreachable = UNREACHABLE_CODES.has(code);
    return new SonarApiError(
      unreachable
        ? `sonar-host-url: SonarQube at ${this.serverUrl}${from} cannot be reached (${code}); check the address and that this runner can reach it`
        : `${target} failed: ${this.scrub(code)}`,
      'unreachable',
      true,
    );
  }

  private addressHint(): string {
    return this.options.serverUrlFrom
      ? `is the serverUrl in ${this.options.serverUrlFrom} the SonarQube server itself (set sonar-host-url otherwise)?`
      : 'is sonar-host-url the SonarQube server itself, context path included (not a login or proxy page)?';
  }

  /** Nothing berth prints holds the token, whatever a server echoes. */
  private scrub(text: string): string {
    const token = this.options.token;
    return token.length >= 4 ? text.split(token).join('***') : text;
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** SonarQube's error body: `{"errors":[{"msg":"…"}]}`; '' for anything else. */
export function serverMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (!isRecord(parsed) || !Array.isArray(parsed.errors)) return '';
    return parsed.errors
      .map((e: unknown) => (isRecord(e) && typeof e.msg === 'string' ? e.msg : ''))
      .filter((m) => m !== '')
      .join('; ')
      .slice(0, 300);
  } catch {
    return '';
  }
}

function snippet(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text === '' ? 'an empty body' : JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

function badShape(where: string, what: string): SonarApiError {
  return new SonarApiError(
    `${where} answered without ${what}: is this a SonarQube server?`,
    'response',
    false,
  );
}

export function toTask(body: unknown, where: string): CeTask {
  const task = isRecord(body) ? body.task : undefined;
  if (!isRecord(task) || typeof task.id !== 'string' || typeof task.status !== 'string') {
    throw badShape(where, 'task.id and task.status');
  }
  const result: CeTask = { id: task.id, status: task.status };
  for (const key of [
    'analysisId',
    'componentKey',
    'componentName',
    'branch',
    'pullRequest',
    'errorMessage',
  ] as const) {
    const value = optionalString(task[key]);
    if (value !== undefined) result[key] = value;
  }
  return result;
}

export function toProjectStatus(body: unknown, where: string): ProjectStatus {
  const status = isRecord(body) ? body.projectStatus : undefined;
  if (!isRecord(status) || !(GATE_STATUSES as readonly unknown[]).includes(status.status)) {
    throw badShape(where, 'projectStatus.status (OK, WARN, ERROR or NONE)');
  }
  const conditions: GateCondition[] = [];
  for (const c of Array.isArray(status.conditions) ? status.conditions : []) {
    if (!isRecord(c) || typeof c.metricKey !== 'string' || typeof c.status !== 'string') continue;
    const condition: GateCondition = {
      status: c.status,
      metricKey: c.metricKey,
      comparator: optionalString(c.comparator) ?? '',
    };
    for (const key of ['errorThreshold', 'warningThreshold', 'actualValue'] as const) {
      const value = optionalString(c[key]);
      if (value !== undefined) condition[key] = value;
    }
    conditions.push(condition);
  }
  return {
    status: status.status as GateStatus,
    conditions,
    ignoredConditions: status.ignoredConditions === true,
  };
}
