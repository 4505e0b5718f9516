/**
 * A loopback SonarQube (plain HTTP, or HTTPS with a test CA's certificate) that serves the Web API's
 * bodies from __tests__/fixtures/sonar byte for byte, checks the token as SonarQube does (a bad one gets
 * 401 with no body), answers each path from a script (PENDING, then IN_PROGRESS, then SUCCESS; the
 * last answer repeats) and can hang, accepting a request and never answering.
 */
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ROOT } from './run-dist.js';

export const SONAR_FIXTURES = path.join(ROOT, '__tests__', 'fixtures', 'sonar');

export function sonarFixture(name: string): string {
  return readFileSync(path.join(SONAR_FIXTURES, name), 'utf8');
}

export interface SonarAnswer {
  status?: number;
  /** A file of __tests__/fixtures/sonar, served as it is. */
  fixture?: string;
  /** A body given inline (for what no fixture holds: an HTML login page, a redirect). */
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Accept the request and never answer. */
  hang?: boolean;
}

export interface SonarStubOptions {
  /** By path (`/api/ce/task`): one answer, or a script of answers whose last one repeats. */
  routes: Record<string, SonarAnswer | SonarAnswer[]>;
  /** The token SonarQube knows and how it must come (default: any authorization is accepted). */
  token?: { value: string; schemes: Array<'bearer' | 'basic'> };
  /** Serve HTTPS with this certificate. */
  tls?: { cert: string; key: string };
  /** The address to listen on (default 127.0.0.1). */
  host?: string;
}

export interface SonarRequest {
  path: string;
  authorization: string | undefined;
}

export class SonarStub {
  readonly requests: SonarRequest[] = [];
  url = '';
  private server: Server | undefined;
  private readonly served = new Map<string, number>();

  constructor(private readonly options: SonarStubOptions) {}

  async start(): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => this.answer(req, res);
    const tls = this.options.tls;
    this.server = tls
      ? createHttpsServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, handler)
      : createHttpServer(handler);
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve) => this.server?.listen(0, host, resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `${tls ? 'https' : 'http'}://${host}:${port}`;
    return this;
  }

  /** How many requests reached `pathname`. */
  count(pathname: string): number {
    return this.requests.filter((r) => r.path.split('?')[0] === pathname).length;
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stub');
    this.requests.push({ path: url.pathname + url.search, authorization: req.headers.authorization });
    if (!this.authorized(req.headers.authorization)) {
      res.writeHead(401).end(); // SonarQube's answer on /api/* to a bad token: no body
      return;
    }
    const route = this.options.routes[url.pathname];
    const script = route === undefined ? [] : Array.isArray(route) ? route : [route];
    const index = this.served.get(url.pathname) ?? 0;
    this.served.set(url.pathname, index + 1);
    const answer: SonarAnswer = script[Math.min(index, script.length - 1)] ?? {
      status: 404,
      body: '{"errors":[{"msg":"Unknown url : ' + url.pathname + '"}]}',
    };
    if (answer.hang) return;
    const body = answer.fixture !== undefined ? sonarFixture(answer.fixture) : (answer.body ?? '');
    res.writeHead(answer.status ?? 200, {
      'content-type': answer.contentType ?? 'application/json',
      ...answer.headers,
    });
    res.end(body);
  }

  private authorized(header: string | undefined): boolean {
    const token = this.options.token;
    if (token === undefined) return true;
    return (
      (token.schemes.includes('bearer') && header === `Bearer ${token.value}`) ||
      (token.schemes.includes('basic') &&
        header === `Basic ${Buffer.from(`${token.value}:`).toString('base64')}`)
    );
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections(); // hanging requests included
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
