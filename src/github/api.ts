/**
 * The GitHub seam: the REST calls berth makes, as an interface that commands depend on. The one
 * implementation (./client.ts) maps the REST bodies to these shapes; tests stub the interface or
 * serve real-shaped bodies on a loopback GITHUB_API_URL.
 */
import { ConfigurationError, type MistakeDetail } from '../errors.js';

/**
 * GitHub refused the token (401), or would not show what was asked (403, 404): the user's to fix,
 * with the status for a caller that reports "could not read" instead of failing (doctor).
 */
export class GitHubAccessError extends ConfigurationError {
  // Shown as the user's mistake it is (name stays ConfigurationError); the class carries the status.
  constructor(
    message: string,
    readonly status: number,
    detail: MistakeDetail = { key: 'github-token', kind: 'invalid' },
  ) {
    super(message, detail);
  }
}

export interface PullRequestInfo {
  number: number;
  state: string;
  /** ISO time, or null when the PR was not merged. */
  mergedAt: string | null;
  mergeCommitSha: string | null;
  baseRef: string;
  labels: string[];
}

export interface ChangedFiles {
  files: string[];
  /** The unified-diff hunks GitHub gives per file (absent for binary or very large files). */
  patches?: Array<{ file: string; patch: string }>;
  /** GitHub lists at most 300 files in a compare; true when the list may be cut short. */
  truncated: boolean;
}

/** An open pull request as the pulls list gives it: enough to match a workflow run to it. */
export interface PullRequestHead {
  number: number;
  /** The head commit: a workflow run is for this pull request only if its head_sha is this. */
  headSha: string;
  /** `owner:branch` of the head. */
  headLabel: string;
}

/** One pull request as GET /repos/{owner}/{repo}/pulls/{n} gives it: enough to check a run is for it. */
export interface PullRequestHeadRepo {
  number: number;
  state: string;
  headSha: string;
  /** `owner/repo` of the head; null when the head repository was deleted. */
  headRepository: string | null;
}

/** An issue or pull request conversation comment, as berth needs it. */
export interface IssueComment {
  id: number;
  body: string;
  /** The comment's page (https://github.com/OWNER/REPO/pull/N#issuecomment-ID). */
  htmlUrl: string;
  /** `github-actions[bot]` for GITHUB_TOKEN; '' when the author's account was deleted. */
  userLogin: string;
}

/** One required reviewer of an environment: a user (by login) or a team (by slug). */
export interface EnvironmentReviewer {
  type: 'User' | 'Team';
  /** The user's login or the team's slug. */
  name: string;
}

/**
 * A deployment environment's protection, as GET /repos/{owner}/{repo}/environments/{name} gives it
 * (`protection_rules` and `deployment_branch_policy`).
 */
export interface EnvironmentProtection {
  name: string;
  /**
   * Which branches may deploy: null when any branch may (GitHub's "No restriction"); `protectedBranches`
   * for "Protected branches only", `customBranchPolicies` for "Selected branches and tags".
   */
  deploymentBranchPolicy: { protectedBranches: boolean; customBranchPolicies: boolean } | null;
  /** The required reviewers; empty when none are required. */
  reviewers: EnvironmentReviewer[];
  /** Whether the one who started the deploy may not approve it. */
  preventSelfReview: boolean;
  /** Minutes a deploy waits before it starts (0: none). */
  waitTimerMinutes: number;
}

/** A deployment branch or tag policy of an environment ("Selected branches and tags"). */
export interface DeploymentBranchPolicy {
  name: string;
  type: 'branch' | 'tag';
}

/** GET /repos/{owner}/{repo}/actions/permissions/workflow */
export interface WorkflowPermissions {
  /** What GITHUB_TOKEN gets where a workflow names no `permissions:`. */
  defaultWorkflowPermissions: 'read' | 'write';
  /** Whether GitHub Actions may create and approve pull requests. */
  canApprovePullRequestReviews: boolean;
}

/** A deployment as the Deployments API lists it: what berth needs to find its own earlier ones. */
export interface DeploymentInfo {
  id: number;
  environment: string;
  task: string;
  ref: string;
  /** The `payload` berth gave it (`{ berth: { component, app, action } }`); {} for others'. */
  payload: Record<string, unknown>;
  createdAt: string;
}

/** POST /repos/{owner}/{repo}/deployments, as berth asks it (no merge, no required contexts). */
export interface DeploymentRequest {
  ref: string;
  task: string;
  environment: string;
  description: string;
  payload: Record<string, unknown>;
  auto_merge: false;
  required_contexts: [];
  transient_environment: boolean;
  production_environment?: boolean;
}

/** POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses */
export interface DeploymentStatusRequest {
  state: 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';
  description: string;
  log_url?: string;
  environment_url?: string;
  /** berth marks its own earlier deployments of the component inactive: GitHub's would mark every component's. */
  auto_inactive: false;
}

export interface GitHubApi {
  /** GET /repos/{owner}/{repo}/commits/{sha}/pulls */
  pullRequestsForCommit(sha: string): Promise<PullRequestInfo[]>;
  /** GET /repos/{owner}/{repo}/deployments?environment={environment} (the newest 100) */
  listDeployments(environment: string): Promise<DeploymentInfo[]>;
  /** POST /repos/{owner}/{repo}/deployments */
  createDeployment(request: DeploymentRequest): Promise<DeploymentInfo>;
  /** POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses */
  createDeploymentStatus(deploymentId: number, status: DeploymentStatusRequest): Promise<void>;
  /** GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses: the newest status's state ('' when none). */
  latestDeploymentState(deploymentId: number): Promise<string>;
  /** GET /repos/{owner}/{repo}/compare/{base}...{head} */
  compareFiles(base: string, head: string): Promise<ChangedFiles>;
  /** GET /repos/{owner}/{repo}/pulls/{number}/files (all pages; GitHub stops at 3000 files) */
  pullRequestFiles(number: number): Promise<ChangedFiles>;
  /** GET /repos/{owner}/{repo}/pulls?state=open&head={owner}:{branch} (all pages) */
  listOpenPullRequestsByHead(head: string): Promise<PullRequestHead[]>;
  /** GET /repos/{owner}/{repo}/pulls/{pull_number} */
  getPullRequest(number: number): Promise<PullRequestHeadRepo>;
  /**
   * GET /repos/{owner}/{repo}/contents/{path}?ref={ref}: a file's text at a commit; undefined when the
   * commit has no file there (404).
   */
  fileAtCommit(path: string, ref: string): Promise<string | undefined>;
  /** GET /repos/{owner}/{repo}/issues/{issue_number}/comments (all pages, oldest first) */
  listIssueComments(issueNumber: number): Promise<IssueComment[]>;
  /** GET /repos/{owner}/{repo}/issues/comments/{comment_id} */
  getIssueComment(commentId: number): Promise<IssueComment>;
  /** POST /repos/{owner}/{repo}/issues/{issue_number}/comments */
  createIssueComment(issueNumber: number, body: string): Promise<IssueComment>;
  /** PATCH /repos/{owner}/{repo}/issues/comments/{comment_id} */
  updateIssueComment(commentId: number, body: string): Promise<IssueComment>;
  /**
   * GET /repos/{owner}/{repo}/environments/{environment_name} (needs `actions: read`); undefined when
   * GitHub answers 404: no such environment, or one this token cannot see.
   */
  getEnvironment(name: string): Promise<EnvironmentProtection | undefined>;
  /** GET /repos/{owner}/{repo}: the default branch. */
  getDefaultBranch(): Promise<string>;
  /** GET /repos/{owner}/{repo}/environments (needs `actions: read`). */
  listEnvironments(): Promise<EnvironmentProtection[]>;
  /** GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies */
  listDeploymentBranchPolicies(environment: string): Promise<DeploymentBranchPolicy[]>;
  /** GET /repos/{owner}/{repo}/actions/permissions/workflow (a repository admin's token) */
  getWorkflowPermissions(): Promise<WorkflowPermissions>;
  /** GET /repos/{owner}/{repo}/actions/permissions/fork-pr-contributor-approval: `approval_policy` (admin) */
  getForkPullRequestApproval(): Promise<string>;
  /**
   * GET /repos/{owner}/{repo}/branches/{branch}/protection: the required status checks' names
   * (admin); undefined when the branch is not protected (404).
   */
  getBranchProtectionChecks(branch: string): Promise<string[] | undefined>;
  /** GET /repos/{owner}/{repo}/rules/branches/{branch}: the status checks the rulesets require. */
  getBranchRulesChecks(branch: string): Promise<string[]>;
}
