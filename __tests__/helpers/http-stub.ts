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

/** A required reviewer as the environments API lists it: a user (by login) or a team (by slug). */
export function restReviewer(type: 'User' | 'Team', name: string): Record<string, unknown> {
  return type === 'User'
    ? {
        type: 'User',
        reviewer: {
          login: name,
          id: 1,
          node_id: 'MDQ6VXNlcjE=',
          avatar_url: `https://github.com/images/error/${name}_happy.gif`,
          url: `https://api.github.com/users/${name}`,
          html_url: `https://github.com/${name}`,
          type: 'User',
          site_admin: false,
        },
      }
    : {
        type: 'Team',
        reviewer: {
          id: 1,
          node_id: 'MDQ6VGVhbTE=',
          url: 'https://api.github.com/teams/1',
          html_url: `https://github.com/orgs/github/teams/${name}`,
          name,
          slug: name,
          description: 'A great team.',
          privacy: 'closed',
          notification_setting: 'notifications_enabled',
          permission: 'admin',
          parent: null,
        },
      };
}

/**
 * An environment as GET /repos/{owner}/{repo}/environments/{name} answers (GitHub's documented example:
 * a wait timer, required reviewers and the branch_policy rule when a policy is set).
 */
export function restEnvironment(
  name: string,
  options: {
    policy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
    reviewers?: Array<Record<string, unknown>>;
    waitTimer?: number;
    preventSelfReview?: boolean;
  },
): Record<string, unknown> {
  const rules: Array<Record<string, unknown>> = [];
  if (options.waitTimer !== undefined)
    rules.push({ id: 3736, node_id: 'MDQ6R2F0ZTM3MzY=', type: 'wait_timer', wait_timer: options.waitTimer });
  if (options.reviewers !== undefined)
    rules.push({
      id: 3755,
      node_id: 'MDQ6R2F0ZTM3NTU=',
      prevent_self_review: options.preventSelfReview ?? false,
      type: 'required_reviewers',
      reviewers: options.reviewers,
    });
  if (options.policy !== null) rules.push({ id: 3756, node_id: 'MDQ6R2F0ZTM3NTY=', type: 'branch_policy' });
  return {
    id: 161088068,
    node_id: 'MDExOkVudmlyb25tZW50MTYxMDg4MDY4',
    name,
    url: `https://api.github.com/repos/Codertocat/Hello-World/environments/${name}`,
    html_url: `https://github.com/Codertocat/Hello-World/deployments/activity_log?environments_filter=${name}`,
    created_at: '2020-11-23T22:00:40Z',
    updated_at: '2020-11-23T22:00:40Z',
    can_admins_bypass: true,
    protection_rules: rules,
    deployment_branch_policy: options.policy,
  };
}
