/**
 * The sticky berth comment on a pull request: found by its hidden marker, created once, then edited in
 * place, one section per command (the body is rendered by ../report/pr-comment.ts).
 *
 * Concurrency: jobs of one workflow run (coverage and quality-gate, say) may write their sections at
 * nearly the same time. Each writer re-reads the comment right before its PATCH and merges its section
 * into that latest body, which shrinks the window to one GET→PATCH round trip. What remains:
 * - two PATCHes inside that window: the later one drops the earlier one's section (GitHub offers no
 *   conditional update for comments); the section comes back the next time its command runs;
 * - two writers that both find no comment each POST one: later runs edit the first (oldest) and the
 *   other stays behind, stale. Serialising the jobs (`needs:`) avoids both.
 */
import type { GitHubApi, IssueComment } from './api.js';
import { isBerthComment, replaceSection } from '../report/pr-comment.js';

export interface UpsertSectionRequest {
  /** The pull request (or issue) number. */
  issueNumber: number;
  /** The section this command owns: `coverage`, `tests`, `quality-gate`, … */
  section: string;
  /** The section's rendered Markdown; blank removes the section. */
  markdown: string;
}

export interface UpsertSectionResult {
  action: 'created' | 'updated' | 'unchanged';
  /** The comment's page. */
  url: string;
}

/** GITHUB_TOKEN's user; a comment by it is preferred when several carry the marker. */
const ACTIONS_BOT = 'github-actions[bot]';

export function upsertSection(api: GitHubApi, request: UpsertSectionRequest): Promise<UpsertSectionResult> {
  return upsertSections(api, request.issueNumber, [{ section: request.section, markdown: request.markdown }]);
}

/** Several sections of one command (coverage and tests) in one write: one comment, one edit. */
export async function upsertSections(
  api: GitHubApi,
  issueNumber: number,
  sections: ReadonlyArray<{ section: string; markdown: string }>,
): Promise<UpsertSectionResult> {
  const apply = (body: string | undefined): string =>
    sections.reduce<string | undefined>((b, s) => replaceSection(b, s.section, s.markdown), body) ?? '';
  const found = findBerthComment(await api.listIssueComments(issueNumber));
  if (!found) {
    const created = await api.createIssueComment(issueNumber, apply(undefined));
    return { action: 'created', url: created.htmlUrl };
  }
  if (apply(found.body) === normalise(found.body)) {
    return { action: 'unchanged', url: found.htmlUrl };
  }
  // Another job may have written its section since the list: merge into the body as it is now.
  const latest = await api.getIssueComment(found.id);
  const body = apply(latest.body);
  if (body === normalise(latest.body)) return { action: 'unchanged', url: latest.htmlUrl };
  const updated = await api.updateIssueComment(latest.id, body);
  return { action: 'updated', url: updated.htmlUrl };
}

/**
 * The berth comment among a conversation's comments (oldest first): the first one that starts with the
 * marker, preferring one written by a bot (GITHUB_TOKEN writes as github-actions[bot]) over a person's
 * comment that merely quotes or copies the marker.
 */
export function findBerthComment(comments: readonly IssueComment[]): IssueComment | undefined {
  const marked = comments.filter((c) => isBerthComment(c.body));
  return (
    marked.find((c) => c.userLogin === ACTIONS_BOT) ??
    marked.find((c) => c.userLogin.endsWith('[bot]')) ??
    marked[0]
  );
}

/** Comments edited in the web UI come back with CRLF line ends; berth writes LF. */
function normalise(body: string): string {
  return body.replace(/\r\n/g, '\n');
}
