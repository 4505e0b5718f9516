/**
 * The GitHub seam: the REST calls berth makes, as an interface that commands depend on. The one
 * implementation (./client.ts) maps the REST bodies to these shapes; tests stub the interface or
 * serve real-shaped bodies on a loopback GITHUB_API_URL.
 */

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

export interface GitHubApi {
  /** GET /repos/{owner}/{repo}/commits/{sha}/pulls */
  pullRequestsForCommit(sha: string): Promise<PullRequestInfo[]>;
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
}
