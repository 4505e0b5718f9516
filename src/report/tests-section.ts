/**
 * The test results section of a summary or PR comment: one line of counts, then the failures with their
 * messages and first trace lines. Names and messages are untrusted (a test may be called
 * `<script>` or `@org/team`): they go through escapeMarkdown. Traces go into a fenced code block whose
 * fence is longer than any backtick run in them, so no trace can close it early.
 */
import type { TestFailure, TestResults } from '../coverage/junit.js';
import { escapeMarkdown } from './markdown.js';

const count = (n: number): string => n.toLocaleString('en-US');

/** "12.3 s"; "< 0.1 s" for a run too short to show; minutes past one. */
export function formatDuration(seconds: number): string {
  if (seconds > 0 && seconds < 0.05) return '< 0.1 s';
  if (seconds < 59.95) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** A backtick fence longer than the longest run of backticks in `text` (at least three). */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function renderFailure(f: TestFailure): string[] {
  const title =
    f.suite === '' ? escapeMarkdown(f.name) : `${escapeMarkdown(f.suite)} › ${escapeMarkdown(f.name)}`;
  const out = [`**${title}**${f.kind === 'error' ? ' (error)' : ''}`, ''];
  if (f.message !== '') out.push(escapeMarkdown(f.message), '');
  if (f.trace !== '') {
    const fence = fenceFor(f.trace);
    out.push(fence, f.trace, fence, '');
  }
  return out;
}

export function renderTestsSection(results: TestResults): string {
  const failed = results.failed + results.errors;
  const line = [
    `✅ ${count(results.passed)} passed`,
    `❌ ${count(failed)} failed`,
    `⏭ ${count(results.skipped)} skipped`,
    formatDuration(results.timeSeconds),
  ].join(' · ');
  if (failed === 0) return line;
  const out = [line, '', `<details><summary>Failed tests (${count(failed)})</summary>`, ''];
  for (const f of results.failures) out.push(...renderFailure(f));
  const untold = failed - results.failures.length;
  if (untold > 0) {
    out.push(
      results.failures.length === 0
        ? `No details kept for the ${count(untold)} failed tests.`
        : `… and ${count(untold)} more not shown.`,
      '',
    );
  }
  out.push('</details>');
  return out.join('\n');
}
