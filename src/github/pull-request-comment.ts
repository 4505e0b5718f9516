/**
 * The pull request side of a reporting command (coverage, quality-gate):
 * which pull request this run is for, read once from the event, and writing the command's sections of
 * berth's one sticky comment. A fork's read-only token cannot comment, an empty token gets a warning,
 * and a comment that cannot be written is a warning: the report stands in the step summary, and the
 * command's verdict is never hidden behind a comment error.
 */
import type { Runtime } from '../runtime/runtime.js';
import type { GitHubApi } from './api.js';
import { upsertSections } from './comment.js';
import { baseSha, headRepoDiffers, pullRequestNumber, readPullRequestEvent } from './event.js';

export interface PullRequestRef {
  number: number | undefined;
  baseSha: string | undefined;
  /** A fork's pull request: its head repository is not the base repository. */
  fromFork: boolean;
}

/** The pull request of a pull_request(_target) event; undefined for any other event. */
export async function readPullRequest(runtime: Runtime): Promise<PullRequestRef | undefined> {
  const event = await readPullRequestEvent(runtime);
  if (event === undefined) return undefined;
  return { number: pullRequestNumber(event), baseSha: baseSha(event), fromFork: headRepoDiffers(event) };
}

export const FORK_NOTE =
  '> The pull request comment was not posted: a pull request from a fork gets a read-only token. The report above is the same; to comment on fork PRs, upload the `comment-dir` output as an artifact and post it with `command: comment` from a `workflow_run` workflow (the two-stage pattern).\n';

/** Writes `sections` ([name, markdown]) into berth's comment on `pr`, when `comment` is on. */
export async function writeCommentSections(
  options: { comment: boolean; githubToken: string },
  runtime: Runtime,
  pr: PullRequestRef,
  api: () => GitHubApi,
  sections: ReadonlyArray<readonly [string, string]>,
): Promise<void> {
  const number = pr.number;
  if (!options.comment || number === undefined) return;
  if (pr.fromFork) {
    await runtime.appendSummary(FORK_NOTE);
    return;
  }
  if (options.githubToken === '') {
    runtime.warning(
      'github-token: empty, so no pull request comment; pass `github-token: ${{ github.token }}` with `pull-requests: write`',
    );
    return;
  }
  try {
    const result = await upsertSections(
      api(),
      number,
      sections.map(([section, markdown]) => ({ section, markdown })),
    );
    runtime.info(`pull request comment ${result.action}: ${result.url}`);
  } catch (error) {
    runtime.warning(
      `the pull request comment could not be written: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
