import type { ChangedFiles, GitHubApi, PullRequestInfo } from '../../src/github/api.js';

/** A hand-written GitHubApi: answers from tables, records every call so tests can assert what was asked. */
export class FakeGitHub implements GitHubApi {
  readonly calls: string[] = [];
  constructor(
    private readonly data: {
      pullsByCommit?: Record<string, PullRequestInfo[]>;
      compare?: Record<string, string[]>;
      pullFiles?: Record<number, string[]>;
    } = {},
  ) {}

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
}

export function mergedPull(
  number: number,
  baseRef: string,
  labels: string[],
  mergeCommitSha: string,
): PullRequestInfo {
  return { number, state: 'closed', mergedAt: '2019-05-15T15:21:00Z', mergeCommitSha, baseRef, labels };
}
