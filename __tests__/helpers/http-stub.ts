/**
 * A loopback HTTP server standing in for a service that cannot run here (the GitHub REST API at
 * GITHUB_API_URL, Docker Hub style token realms, ECR), serving bodies shaped like the real ones (GitHub's
 * built from the webhook examples' pull request object) and recording every request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  /** The request body as text ('' for none). */
  body: string;
}

export interface StubResponse {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Routes = Record<string, StubResponse | ((url: URL) => StubResponse)>;

export class HttpStub {
  readonly requests: StubRequest[] = [];
  private server: Server | undefined;
  url = '';

  constructor(private readonly routes: Routes) {}

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      req.on('end', () => this.answer(req, body, res));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  private answer(req: IncomingMessage, body: string, res: ServerResponse): void {
    {
      const url = new URL(req.url ?? '/', 'http://stub');
      this.requests.push({
        method: req.method ?? '',
        path: url.pathname + url.search,
        authorization: req.headers.authorization,
        body,
      });
      const route = this.routes[`${req.method} ${url.pathname}`];
      const answer: StubResponse =
        route === undefined
          ? { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } }
          : typeof route === 'function'
            ? route(new URL(req.url ?? '/', this.url))
            : route;
      res.writeHead(answer.status ?? 200, {
        'content-type': 'application/json; charset=utf-8',
        ...answer.headers,
      });
      res.end(JSON.stringify(answer.body));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A REST file entry, as in the compare and pull request files responses. */
export function restFile(filename: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sha: 'bbcd538c8e72b8c175046e27cc8f907076331401',
    filename,
    status: 'modified',
    additions: 1,
    deletions: 1,
    changes: 2,
    blob_url: `https://github.com/Codertocat/Hello-World/blob/6dcb09b5b57875f334f61aebed695e2e4193db5e/${filename}`,
    raw_url: `https://github.com/Codertocat/Hello-World/raw/6dcb09b5b57875f334f61aebed695e2e4193db5e/${filename}`,
    contents_url: `https://api.github.com/repos/Codertocat/Hello-World/contents/${filename}?ref=6dcb09b5b57875f334f61aebed695e2e4193db5e`,
    patch: '@@ -1 +1 @@\n-a\n+b',
    ...extra,
  };
}
