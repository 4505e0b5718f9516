import type {
  ChangedFiles,
  DeploymentBranchPolicy,
  DeploymentInfo,
  DeploymentRequest,
  DeploymentStatusRequest,
  EnvironmentProtection,
  GitHubApi,
  IssueComment,
  PullRequestHead,
  PullRequestHeadRepo,
  PullRequestInfo,
  WorkflowPermissions,
} from '../../src/github/api.js';

/** A hand-written GitHubApi: answers from tables, records every call so tests can assert what was asked. */
export class FakeGitHub implements GitHubApi {
  readonly calls: string[] = [];
  /** Conversation comments by issue number, oldest first; create and update change them. */
  readonly comments: Map<number, IssueComment[]>;
  private nextCommentId = 1000;
  constructor(
    private readonly data: {
      pullsByCommit?: Record<string, PullRequestInfo[]>;
      compare?: Record<string, string[]>;
      pullFiles?: Record<number, string[]>;
      /** Open pull requests by head (`owner:branch`). */
      pullsByHead?: Record<string, PullRequestHead[]>;
      /** Pull requests by number, as GET /repos/{owner}/{repo}/pulls/{n} answers (missing: 404). */
      pulls?: Record<number, PullRequestHeadRepo>;
      comments?: Record<number, IssueComment[]>;
      /** File texts by `<ref>:<path>` (missing: no such file, as a 404 says). */
      files?: Record<string, string>;
      /**
       * Another job's write, by comment id: applied to the comment just before getIssueComment reads
       * it, as if that job had PATCHed between our list and our re-read.
       */
      concurrentEdits?: Record<number, (body: string) => string>;
      /** Environments by name (missing: 404, undefined). */
      environments?: Record<string, EnvironmentProtection>;
      /** Deployments already there, newest first, and their latest states by id. */
      deployments?: DeploymentInfo[];
      deploymentStates?: Record<number, string>;
      /** Thrown by every Deployments call (GitHub down, a token without deployments: write). */
      deploymentsError?: Error;
    } = {},
  ) {
    this.comments = new Map(
      Object.entries(data.comments ?? {}).map(([n, list]) => [Number(n), list.map((c) => ({ ...c }))]),
    );
  }

  /** Deployments, newest first, as created; and every status posted, in order. */
  readonly deployments: DeploymentInfo[] = [];
  readonly deploymentStatuses: Array<{ id: number } & DeploymentStatusRequest> = [];
  private nextDeploymentId = 500;

  async listDeployments(environment: string): Promise<DeploymentInfo[]> {
    this.calls.push(`list-deployments ${environment}`);
    if (this.data.deploymentsError) throw this.data.deploymentsError;
    return [...this.deployments, ...(this.data.deployments ?? [])].filter(
      (d) => d.environment === environment,
    );
  }

  async createDeployment(request: DeploymentRequest): Promise<DeploymentInfo> {
    this.calls.push(`create-deployment ${request.environment} ${request.task} ${request.ref}`);
    if (this.data.deploymentsError) throw this.data.deploymentsError;
    const made: DeploymentInfo = {
      id: this.nextDeploymentId++,
      environment: request.environment,
      task: request.task,
      ref: request.ref,
      payload: request.payload,
      createdAt: new Date().toISOString(),
    };
    this.deployments.unshift(made);
    return made;
  }

  async createDeploymentStatus(id: number, status: DeploymentStatusRequest): Promise<void> {
    this.calls.push(`deployment-status ${id} ${status.state}`);
    if (this.data.deploymentsError) throw this.data.deploymentsError;
    this.deploymentStatuses.push({ id, ...status });
  }

  async latestDeploymentState(id: number): Promise<string> {
    this.calls.push(`deployment-state ${id}`);
    if (this.data.deploymentsError) throw this.data.deploymentsError;
    const posted = this.deploymentStatuses.filter((s) => s.id === id).at(-1);
    return posted?.state ?? this.data.deploymentStates?.[id] ?? '';
  }

  async pullRequestsForCommit(sha: string): Promise<PullRequestInfo[]> {
    this.calls.push(`pulls-for-commit ${sha}`);
    return this.data.pullsByCommit?.[sha] ?? [];
  }

  async compareFiles(base: string, head: string): Promise<ChangedFiles> {
    this.calls.push(`compare ${base}...${head}`);
    const files = this.data.compare?.[`${base}...${head}`];
    if (!files) throw new Error(`unexpected compare ${base}...${head}`);
    return { files, truncated: false };
  }

  async pullRequestFiles(number: number): Promise<ChangedFiles> {
    this.calls.push(`pull-files ${number}`);
    return { files: this.data.pullFiles?.[number] ?? [], truncated: false };
  }

  async listOpenPullRequestsByHead(head: string): Promise<PullRequestHead[]> {
    this.calls.push(`pulls-by-head ${head}`);
    return this.data.pullsByHead?.[head] ?? [];
  }

  async getPullRequest(number: number): Promise<PullRequestHeadRepo> {
    this.calls.push(`get-pull ${number}`);
    const pull = this.data.pulls?.[number];
    if (!pull)
      throw new Error(`GitHub API GET /repos/{owner}/{repo}/pulls/{pull_number} answered 404 (Not Found)`);
    return { ...pull };
  }

  async fileAtCommit(path: string, ref: string): Promise<string | undefined> {
    this.calls.push(`file ${ref}:${path}`);
    return this.data.files?.[`${ref}:${path}`];
  }

  async listIssueComments(issueNumber: number): Promise<IssueComment[]> {
    this.calls.push(`list-comments ${issueNumber}`);
    return (this.comments.get(issueNumber) ?? []).map((c) => ({ ...c }));
  }

  async getIssueComment(commentId: number): Promise<IssueComment> {
    this.calls.push(`get-comment ${commentId}`);
    const comment = this.findComment(commentId);
    const edit = this.data.concurrentEdits?.[commentId];
    if (edit) comment.body = edit(comment.body);
    return { ...comment };
  }

  async createIssueComment(issueNumber: number, body: string): Promise<IssueComment> {
    this.calls.push(`create-comment ${issueNumber}`);
    const id = this.nextCommentId++;
    const comment = { id, body, htmlUrl: issueCommentUrl(issueNumber, id), userLogin: 'github-actions[bot]' };
    this.comments.set(issueNumber, [...(this.comments.get(issueNumber) ?? []), comment]);
    return { ...comment };
  }

  async updateIssueComment(commentId: number, body: string): Promise<IssueComment> {
    this.calls.push(`update-comment ${commentId}`);
    const comment = this.findComment(commentId);
    comment.body = body;
    return { ...comment };
  }

  async getEnvironment(name: string): Promise<EnvironmentProtection | undefined> {
    this.calls.push(`get-environment ${name}`);
    return this.data.environments?.[name];
  }

  // The repository's settings are read against the loopback API (doctor's tests), never here.
  async getDefaultBranch(): Promise<string> {
    throw new Error('unexpected getDefaultBranch');
  }
  async listEnvironments(): Promise<EnvironmentProtection[]> {
    throw new Error('unexpected listEnvironments');
  }
  async listDeploymentBranchPolicies(): Promise<DeploymentBranchPolicy[]> {
    throw new Error('unexpected listDeploymentBranchPolicies');
  }
  async getWorkflowPermissions(): Promise<WorkflowPermissions> {
    throw new Error('unexpected getWorkflowPermissions');
  }
  async getForkPullRequestApproval(): Promise<string> {
    throw new Error('unexpected getForkPullRequestApproval');
  }
  async getBranchProtectionChecks(): Promise<string[] | undefined> {
    throw new Error('unexpected getBranchProtectionChecks');
  }
  async getBranchRulesChecks(): Promise<string[]> {
    throw new Error('unexpected getBranchRulesChecks');
  }

  private findComment(commentId: number): IssueComment {
    for (const list of this.comments.values()) {
      const comment = list.find((c) => c.id === commentId);
      if (comment) return comment;
    }
    throw new Error(`unexpected comment ${commentId}`);
  }
}

export function issueCommentUrl(issueNumber: number, commentId: number): string {
  return `https://github.com/Codertocat/Hello-World/pull/${issueNumber}#issuecomment-${commentId}`;
}

/** A conversation comment as the fake holds it. */
export function issueComment(
  id: number,
  issueNumber: number,
  body: string,
  userLogin = 'github-actions[bot]',
): IssueComment {
  return { id, body, htmlUrl: issueCommentUrl(issueNumber, id), userLogin };
}

export function mergedPull(
  number: number,
  baseRef: string,
  labels: string[],
  mergeCommitSha: string,
): PullRequestInfo {
  return { number, state: 'closed', mergedAt: '2019-05-15T15:21:00Z', mergeCommitSha, baseRef, labels };
}
