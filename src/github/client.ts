/**
 * The one place a GitHub client is created. `@actions/github` is imported lazily: it is heavy, and it
 * reads the event file when it loads, so commands that never call the API never pay for it. Its requests
 * go over berth's one request (../http/request.ts), as SonarQube's do.
 */
import { ConfigurationError, OutageError } from '../errors.js';
import { httpRequest, type HttpResponse } from '../http/request.js';
import {
  GitHubAccessError,
  type DeploymentBranchPolicy,
  type DeploymentInfo,
  type EnvironmentProtection,
  type EnvironmentReviewer,
  type GitHubApi,
  type IssueComment,
  type PullRequestHead,
  type PullRequestHeadRepo,
  type PullRequestInfo,
  type WorkflowPermissions,
} from './api.js';

/** Settings only a repository admin reads (the Administration permission; GITHUB_TOKEN never has it). */
const ADMIN_PERMISSIONS = 'a repository admin\'s token ("Administration: read"; GITHUB_TOKEN cannot have it)';

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

interface RestPullHeadRepo {
  number: number;
  state: string;
  head: { sha: string; repo: { full_name: string } | null };
}

/** The contents API's answer for a path: a file (its content base64), or a directory's listing. */
type RestContent = { type: string; encoding?: string; content?: string } | unknown[];

interface RestIssueComment {
  id: number;
  body?: string | null;
  html_url: string;
  user: { login: string } | null;
}

/** An environment as GET /repos/{owner}/{repo}/environments/{environment_name} gives it. */
export interface RestEnvironment {
  name: string;
  protection_rules?: Array<{
    type: string;
    wait_timer?: number;
    prevent_self_review?: boolean;
    reviewers?: Array<{ type?: string; reviewer?: { login?: string; slug?: string } | null }>;
  }>;
  deployment_branch_policy?: { protected_branches: boolean; custom_branch_policies: boolean } | null;
}

/** What each group of calls needs, for the messages that say what to fix. */
const READ_PERMISSIONS = '"contents: read" and "pull-requests: read"';
const COMMENT_PERMISSIONS = '"pull-requests: write"';
const PULLS_READ_PERMISSIONS = '"pull-requests: read"';
/** Environments (and their branch policies) are read with the Actions permission. */
export const ACTIONS_READ_PERMISSIONS = '"actions: read"';
const DEPLOYMENTS_PERMISSIONS = '"deployments: write"';
/** What to add to the message about a permission, where it is easily missed. */
const PERMISSION_HINTS: Record<string, string> = {
  [DEPLOYMENTS_PERMISSIONS]:
    '; a fine-grained token needs Deployments: read and write on the repository, a classic one repo_deployment',
  [COMMENT_PERMISSIONS]: '; a pull request from a fork gets a read-only token',
  [ACTIONS_READ_PERMISSIONS]:
    "; add `actions: read` to the job's `permissions:` — a job that lists permissions gets none it does not list",
};

/** A deployment as the Deployments API answers (the fields berth reads). */
interface RestDeployment {
  id: number;
  environment: string;
  task: string;
  ref: string;
  payload: Record<string, unknown> | string | null;
  created_at: string;
}

function toDeploymentInfo(d: RestDeployment): DeploymentInfo {
  return {
    id: d.id,
    environment: d.environment,
    task: d.task,
    ref: d.ref,
    // GitHub gives back a payload as it was sent; one sent as a string stays a string (not berth's).
    payload: typeof d.payload === 'object' && d.payload !== null ? d.payload : {},
    createdAt: d.created_at,
  };
}

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
    octokit ??= import('@actions/github').then(
      ({ getOctokit }) =>
        getOctokit(options.token, {
          baseUrl: options.apiUrl,
          request: { fetch: githubFetch },
        }) as unknown as OctokitLike,
    );
    return octokit;
  };

  const commentClient = (): Promise<OctokitLike> =>
    client('the pull request comment needs the GitHub API here', 'pull-requests: write');
  const settingsClient = (): Promise<OctokitLike> =>
    client("doctor reads the repository's settings through the GitHub API here", 'actions: read');

  const deploymentsClient = (): Promise<OctokitLike> =>
    client("deploy records the deployment through GitHub's Deployments API here", 'deployments: write');

  return {
    async listDeployments(environment) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/deployments';
      const response = await call(
        route,
        options,
        async () =>
          (await deploymentsClient()).request<RestDeployment[]>(route, {
            owner,
            repo,
            environment,
            per_page: 100,
          }),
        DEPLOYMENTS_PERMISSIONS,
      );
      return response.data.map(toDeploymentInfo);
    },
    async createDeployment(request) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'POST /repos/{owner}/{repo}/deployments';
      const response = await call(
        route,
        options,
        async () => (await deploymentsClient()).request<RestDeployment>(route, { owner, repo, ...request }),
        DEPLOYMENTS_PERMISSIONS,
      );
      return toDeploymentInfo(response.data);
    },
    async createDeploymentStatus(deploymentId, status) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses';
      await call(
        route,
        options,
        async () =>
          (await deploymentsClient()).request<unknown>(route, {
            owner,
            repo,
            deployment_id: deploymentId,
            ...status,
          }),
        DEPLOYMENTS_PERMISSIONS,
      );
    },
    async latestDeploymentState(deploymentId) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses';
      const response = await call(
        route,
        options,
        async () =>
          (await deploymentsClient()).request<Array<{ state: string }>>(route, {
            owner,
            repo,
            deployment_id: deploymentId,
            per_page: 1,
          }),
        DEPLOYMENTS_PERMISSIONS,
      );
      return response.data[0]?.state ?? '';
    },
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
    async getPullRequest(number) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/pulls/{pull_number}';
      const response = await call(
        route,
        options,
        async () =>
          (
            await client('comment needs the GitHub API to check the pull request', 'pull-requests: read')
          ).request(route, { owner, repo, pull_number: number }),
        PULLS_READ_PERMISSIONS,
      );
      return toPullRequestHeadRepo(response.data as RestPullHeadRepo);
    },
    async fileAtCommit(filePath, ref) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/contents/{path}';
      // Octokit would send `{path}` with its slashes escaped; each segment is escaped on its own instead.
      const url = `GET /repos/{owner}/{repo}/contents/${filePath.split('/').map(encodeURIComponent).join('/')}`;
      const data = await call(route, options, async () => {
        try {
          return (await (await client()).request<RestContent>(url, { owner, repo, ref })).data;
        } catch (error) {
          // No such file at that commit: an answer, not a failure (a repository adopting berth).
          if (error instanceof Error && 'status' in error && error.status === 404) return undefined;
          throw error;
        }
      });
      if (data === undefined) return undefined;
      if (Array.isArray(data) || data.type !== 'file' || typeof data.content !== 'string') {
        throw new ConfigurationError(
          `config: ${filePath} at ${ref} is not a file (GitHub says ${Array.isArray(data) ? 'a directory' : JSON.stringify(data.type)}); expected the berth config file`,
          { key: 'config' },
        );
      }
      return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
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
    async getEnvironment(name) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/environments/{environment_name}';
      const environment = await call(
        route,
        options,
        async () =>
          notFoundAsUndefined(
            (
              await client(
                "deploy checks the environment's protection through the GitHub API here",
                'actions: read',
              )
            ).request<RestEnvironment>(route, { owner, repo, environment_name: name }),
          ),
        ACTIONS_READ_PERMISSIONS,
      );
      return environment === undefined ? undefined : toEnvironmentProtection(environment.data);
    },
    async getDefaultBranch() {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}';
      const response = await call(route, options, async () =>
        (await settingsClient()).request<{ default_branch: string }>(route, { owner, repo }),
      );
      return response.data.default_branch;
    },
    async listEnvironments() {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/environments';
      const response = await call(
        route,
        options,
        async () =>
          (await settingsClient()).request<{ environments?: RestEnvironment[] }>(route, {
            owner,
            repo,
            per_page: 100,
          }),
        ACTIONS_READ_PERMISSIONS,
      );
      return (response.data.environments ?? []).map(toEnvironmentProtection);
    },
    async listDeploymentBranchPolicies(environment) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies';
      const response = await call(
        route,
        options,
        async () =>
          (await settingsClient()).request<{
            branch_policies?: Array<{ name: string; type?: string }>;
          }>(route, { owner, repo, environment_name: environment, per_page: 100 }),
        ACTIONS_READ_PERMISSIONS,
      );
      return (response.data.branch_policies ?? []).map((p): DeploymentBranchPolicy => ({
        name: p.name,
        type: p.type === 'tag' ? 'tag' : 'branch',
      }));
    },
    async getWorkflowPermissions() {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/actions/permissions/workflow';
      const response = await call(
        route,
        options,
        async () =>
          (await settingsClient()).request<{
            default_workflow_permissions: string;
            can_approve_pull_request_reviews: boolean;
          }>(route, { owner, repo }),
        ADMIN_PERMISSIONS,
      );
      const permissions: WorkflowPermissions = {
        defaultWorkflowPermissions: response.data.default_workflow_permissions === 'write' ? 'write' : 'read',
        canApprovePullRequestReviews: response.data.can_approve_pull_request_reviews,
      };
      return permissions;
    },
    async getForkPullRequestApproval() {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/actions/permissions/fork-pr-contributor-approval';
      const response = await call(
        route,
        options,
        async () => (await settingsClient()).request<{ approval_policy: string }>(route, { owner, repo }),
        ADMIN_PERMISSIONS,
      );
      return response.data.approval_policy;
    },
    async getBranchProtectionChecks(branch) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/branches/{branch}/protection';
      const response = await call(
        route,
        options,
        async () =>
          notFoundAsUndefined(
            (await settingsClient()).request<{
              required_status_checks?: { contexts?: string[]; checks?: Array<{ context: string }> } | null;
            }>(route, { owner, repo, branch }),
          ),
        ADMIN_PERMISSIONS,
      );
      if (response === undefined) return undefined;
      const required = response.data.required_status_checks;
      return unique([...(required?.contexts ?? []), ...(required?.checks ?? []).map((c) => c.context)]);
    },
    async getBranchRulesChecks(branch) {
      const [owner, repo] = splitRepository(options.repository);
      const route = 'GET /repos/{owner}/{repo}/rules/branches/{branch}';
      const rules = await call(route, options, async () =>
        (await settingsClient()).paginate<{
          type: string;
          parameters?: { required_status_checks?: Array<{ context: string }> };
        }>(route, { owner, repo, branch, per_page: 100 }),
      );
      return unique(
        rules
          .filter((r) => r.type === 'required_status_checks')
          .flatMap((r) => (r.parameters?.required_status_checks ?? []).map((c) => c.context)),
      );
    },
  };
}

const unique = (names: readonly string[]): string[] => [...new Set(names)];

/** A 404 as undefined: the caller says what a missing thing means. */
async function notFoundAsUndefined<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

function statusOf(error: unknown): number {
  return error instanceof Error && 'status' in error && typeof error.status === 'number' ? error.status : 0;
}

export function toEnvironmentProtection(env: RestEnvironment): EnvironmentProtection {
  const rules = env.protection_rules ?? [];
  const reviewersRule = rules.find((r) => r.type === 'required_reviewers');
  const reviewers: EnvironmentReviewer[] = (reviewersRule?.reviewers ?? []).flatMap((r) => {
    const type = r.type === 'Team' ? 'Team' : 'User';
    const name = (type === 'Team' ? r.reviewer?.slug : r.reviewer?.login) ?? '';
    return name === '' ? [] : [{ type, name }];
  });
  const policy = env.deployment_branch_policy ?? null;
  return {
    name: env.name,
    deploymentBranchPolicy:
      policy === null
        ? null
        : {
            protectedBranches: policy.protected_branches,
            customBranchPolicies: policy.custom_branch_policies,
          },
    reviewers,
    preventSelfReview: reviewersRule?.prevent_self_review === true,
    waitTimerMinutes: rules.find((r) => r.type === 'wait_timer')?.wait_timer ?? 0,
  };
}

/** One GitHub API request's bound in time, and its answer's in size (a page of 100 files' patches fits). */
export const GITHUB_TIMEOUT_MS = 60_000;
export const GITHUB_MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Statuses whose response has no body (fetch's Response refuses one). */
const NULL_BODY = new Set([204, 205, 304]);

/**
 * The fetch Octokit calls: berth's one request (the proxy rule for each address, a bound in time and
 * size), following redirects as fetch does; the token goes to no other origin.
 */
async function githubFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  let url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  let method = (init.method ?? 'GET').toUpperCase();
  let body = requestBody(init.body);
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  for (let hop = 0; ; hop++) {
    const res = await httpRequest(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      timeoutMs: GITHUB_TIMEOUT_MS,
      maxBodyBytes: GITHUB_MAX_BODY_BYTES,
    });
    const location = res.headers.location;
    if (!REDIRECTS.has(res.status) || location === undefined || init.redirect === 'manual') {
      return toFetchResponse(res);
    }
    if (init.redirect === 'error' || hop >= MAX_REDIRECTS) {
      throw new Error(`${method} ${url.href} redirected ${hop + 1} times`);
    }
    const next = new URL(location, url);
    if (next.origin !== url.origin) delete headers.authorization;
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      delete headers['content-type'];
    }
    url = next;
  }
}

/** Octokit sends JSON text (or nothing). */
function requestBody(body: RequestInit['body']): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body);
  throw new Error('berth sends the GitHub API text bodies only');
}

function toFetchResponse(res: HttpResponse): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
      headers.append(name, v);
  }
  return new Response(NULL_BODY.has(res.status) ? null : res.body, {
    status: res.status,
    statusText: res.statusText,
    headers,
  });
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

function toPullRequestHeadRepo(pull: RestPullHeadRepo): PullRequestHeadRepo {
  return {
    number: pull.number,
    state: pull.state,
    headSha: pull.head.sha,
    headRepository: pull.head.repo?.full_name ?? null,
  };
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
    const status = statusOf(error);
    const detail = error instanceof Error ? error.message : String(error);
    const where = `GitHub API ${route} at ${options.apiUrl}`;
    if (status === 401) {
      throw new GitHubAccessError(
        `github-token: rejected by ${where} (401 ${detail}); pass a valid token`,
        status,
      );
    }
    if (status === 403 || status === 404) {
      throw new GitHubAccessError(
        `github-token: ${where} answered ${status} (${detail}); the token needs ${permissions} on ${options.repository} (workflow \`permissions:\`${PERMISSION_HINTS[permissions] ?? ''}), and GITHUB_API_URL must point at the server that hosts it`,
        status,
      );
    }
    // GitHub down or unreachable is an outage; any other answer means berth asked wrongly (a bug).
    if (status === 0 || status >= 500) throw new OutageError(`${where} failed: ${detail}`, { cause: error });
    throw new Error(`${where} failed: ${detail}`, { cause: error });
  }
}
