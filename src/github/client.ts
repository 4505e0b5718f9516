/**
 * The one place a GitHub client is created. `@actions/github` is imported lazily: it is heavy, and it
 * reads the event file when it loads, so commands that never call the API never pay for it.
 */
import { ConfigurationError } from '../errors.js';
import { proxyFor } from '../http/proxy.js';
import type { GitHubApi, IssueComment, PullRequestHead, PullRequestInfo } from './api.js';

export interface GitHubClientOptions {
  token: string;
  /** GITHUB_API_URL: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  apiUrl: string;
  /** `owner/repo` (GITHUB_REPOSITORY). */
  repository: string;
}

/** GitHub's documented caps: a compare lists 300 files, a pull request's file list 3000. */
const COMPARE_FILE_CAP = 300;
const PULL_FILES_CAP = 3000;

interface RestPull {
  number: number;
  state: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  base: { ref: string };
  labels: Array<{ name?: string } | string>;
}

interface RestPullHead {
  number: number;
  head: { sha: string; label: string };
}

interface RestIssueComment {
  id: number;
  body?: string | null;
  html_url: string;
  user: { login: string } | null;
}

/** What each group of calls needs, for the messages that say what to fix. */
const READ_PERMISSIONS = '"contents: read" and "pull-requests: read"';
const COMMENT_PERMISSIONS = '"pull-requests: write"';
const PULLS_READ_PERMISSIONS = '"pull-requests: read"';

interface RestFile {
  filename: string;
  previous_filename?: string;
  patch?: string;
}

export function createGitHubApi(options: GitHubClientOptions): GitHubApi {
  let octokit: Promise<OctokitLike> | undefined;
  const client = (
    need = 'plan needs the GitHub API here',
    permissions = 'contents: read and pull-requests: read',
  ): Promise<OctokitLike> => {
    if (options.token === '') {
      return Promise.reject(
        new ConfigurationError(
          `github-token: empty, but ${need}; pass \`github-token: \${{ github.token }}\` (the default) or a token with ${permissions}`,
        ),
      );
    }
    octokit ??= Promise.all([import('@actions/github'), import('undici')]).then(
      ([{ getOctokit }, undici]) =>
        getOctokit(options.token, {
          baseUrl: options.apiUrl,
          request: { fetch: proxiedFetch(undici) },
        }) as unknown as OctokitLike,
    );
    return octokit;
  };

  const commentClient = (): Promise<OctokitLike> =>
    client('the pull request comment needs the GitHub API here', 'pull-requests: write');

  return {
    async pullRequestsForCommit(sha) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls';
      const pulls = await call(route, options, async () =>
        (await client()).paginate<RestPull>(route, { owner, repo, commit_sha: sha, per_page: 100 }),
      );
      return pulls.map(toPullRequestInfo);
    },
    async compareFiles(base, head) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/compare/{basehead}';
      const response = await call(route, options, async () =>
        (await client()).request<{ files?: RestFile[] }>(route, {
          owner,
          repo,
          basehead: `${base}...${head}`,
        }),
      );
      const files = response.data.files ?? [];
      return { files: fileNames(files), truncated: files.length >= COMPARE_FILE_CAP };
    },
    async pullRequestFiles(number) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files';
      const files = await call(route, options, async () =>
        (await client()).paginate<RestFile>(route, { owner, repo, pull_number: number, per_page: 100 }),
      );
      return {
        files: fileNames(files),
        truncated: files.length >= PULL_FILES_CAP,
        patches: files.flatMap((f) =>
          typeof f.patch === 'string' ? [{ file: f.filename, patch: f.patch }] : [],
        ),
      };
    },
    async listOpenPullRequestsByHead(head) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/pulls';
      const pulls = await call(
        route,
        options,
        async () =>
          (
            await client('comment needs the GitHub API to find the pull request', 'pull-requests: read')
          ).paginate<RestPullHead>(route, { owner, repo, state: 'open', head, per_page: 100 }),
        PULLS_READ_PERMISSIONS,
      );
      return pulls.map(toPullRequestHead);
    },
    async listIssueComments(issueNumber) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
      const comments = await call(
        route,
        options,
        async () =>
          (await commentClient()).paginate<RestIssueComment>(route, {
            owner,
            repo,
            issue_number: issueNumber,
            per_page: 100,
          }),
        COMMENT_PERMISSIONS,
      );
      return comments.map(toIssueComment);
    },
    async getIssueComment(commentId) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/issues/comments/{comment_id}';
      const response = await call(
        route,
        options,
        async () =>
          (await commentClient()).request<RestIssueComment>(route, { owner, repo, comment_id: commentId }),
        COMMENT_PERMISSIONS,
      );
      return toIssueComment(response.data);
    },
    async createIssueComment(issueNumber, body) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
      const response = await call(
        route,
        options,
        async () =>
          (await commentClient()).request<RestIssueComment>(route, {
            owner,
            repo,
            issue_number: issueNumber,
            body,
          }),
        COMMENT_PERMISSIONS,
      );
      return toIssueComment(response.data);
    },
    async updateIssueComment(commentId, body) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}';
      const response = await call(
        route,
        options,
        async () =>
          (await commentClient()).request<RestIssueComment>(route, {
            owner,
            repo,
            comment_id: commentId,
            body,
          }),
        COMMENT_PERMISSIONS,
      );
      return toIssueComment(response.data);
    },
  };
}

/**
 * undici's fetch, through the proxy berth's rule names for each request's address (../http/proxy.ts;
 * the toolkit's own fetch has a rule of its own, read once for GITHUB_API_URL).
 */
function proxiedFetch(undici: Pick<typeof import('undici'), 'fetch' | 'ProxyAgent'>): typeof undici.fetch {
  const proxies = new Map<string, InstanceType<typeof undici.ProxyAgent>>();
  return (input, init) => {
    const address = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const proxy = proxyFor(address);
    if (!proxy) return undici.fetch(input, init);
    let dispatcher = proxies.get(proxy.url.href);
    if (!dispatcher) {
      dispatcher = new undici.ProxyAgent(proxy.url.href);
      proxies.set(proxy.url.href, dispatcher);
    }
    return undici.fetch(input, { ...init, dispatcher });
  };
}

/** The part of Octokit berth uses, so the rest of the code does not depend on Octokit's types. */
interface OctokitLike {
  request<T>(route: string, parameters: Record<string, unknown>): Promise<{ data: T }>;
  paginate<T>(route: string, parameters: Record<string, unknown>): Promise<T[]>;
}

function toPullRequestInfo(pull: RestPull): PullRequestInfo {
  return {
    number: pull.number,
    state: pull.state,
    mergedAt: pull.merged_at ?? null,
    mergeCommitSha: pull.merge_commit_sha ?? null,
    baseRef: pull.base.ref,
    labels: pull.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== ''),
  };
}

function toPullRequestHead(pull: RestPullHead): PullRequestHead {
  return { number: pull.number, headSha: pull.head.sha, headLabel: pull.head.label };
}

function toIssueComment(comment: RestIssueComment): IssueComment {
  return {
    id: comment.id,
    body: comment.body ?? '',
    htmlUrl: comment.html_url,
    userLogin: comment.user?.login ?? '',
  };
}

/** A renamed file counts under both names: moving code out of `backend/` changes the backend. */
function fileNames(files: readonly RestFile[]): string[] {
  return files.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]));
}

export function splitRepository(repository: string): [string, string] {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repository);
  if (!match) {
    throw new ConfigurationError(
      `repository: expected "owner/name" (GITHUB_REPOSITORY, or --repository for the CLI), got ${JSON.stringify(repository)}`,
    );
  }
  return [match[1] as string, match[2] as string];
}

/** Turns an API failure into a message that says what to fix; the token never appears in it. */
async function call<T>(
  route: string,
  options: GitHubClientOptions,
  fn: () => Promise<T>,
  permissions = READ_PERMISSIONS,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const status =
      error instanceof Error && 'status' in error && typeof error.status === 'number' ? error.status : 0;
    const detail = error instanceof Error ? error.message : String(error);
    const where = `GitHub API ${route} at ${options.apiUrl}`;
    if (status === 401) {
      throw new ConfigurationError(`github-token: rejected by ${where} (401 ${detail}); pass a valid token`);
    }
    if (status === 403 || status === 404) {
      throw new ConfigurationError(
        `github-token: ${where} answered ${status} (${detail}); the token needs ${permissions} on ${options.repository} (workflow \`permissions:\`${permissions === COMMENT_PERMISSIONS ? '; a pull request from a fork gets a read-only token' : ''}), and GITHUB_API_URL must point at the server that hosts it`,
      );
    }
    throw new Error(`${where} failed: ${detail}`, { cause: error });
  }
}
