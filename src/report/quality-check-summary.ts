import type { QualityVerdict } from '../plan/quality-check.js';
import { escapeMarkdown, renderTable } from './markdown.js';

/** Where the component paths the check used came from. */
export interface TouchSource {
  /** `.github/berth.yml at the base commit 6dcb09b` / `… of the pull request (the base branch has none)`. */
  description: string;
  /** True when the base branch had no config and the pull request's own decided (a first adoption). */
  fromPullRequest: boolean;
}

const VERDICT_WORDS = {
  gated: 'tested',
  'not gated': 'NOT TESTED',
  'no quality job': 'no quality job in this workflow',
  'not touched': 'not touched',
} as const;

/** The step summary of `quality-check`: the verdict, where the paths came from, every job and component. */
export function renderQualityCheckSummary(verdict: QualityVerdict, source: TouchSource | undefined): string {
  const lines = [`### berth quality check: ${verdict.passed ? 'PASSED' : 'FAILED'}`, ''];
  if (source === undefined) {
    lines.push('Not a pull request: only the results of the jobs it needs count.', '');
  } else {
    lines.push(
      `**Components the pull request touches:** by the paths in ${escapeMarkdown(source.description)}`,
    );
    if (source.fromPullRequest)
      lines.push(
        '',
        "> [!WARNING]\n> The base branch has no berth config yet (a first adoption): the pull request's own config decided which components it touches.",
      );
    lines.push('');
  }
  for (const problem of verdict.problems) lines.push(`- ${escapeMarkdown(problem)}`);
  if (verdict.problems.length > 0) lines.push('');
  if (verdict.components.length > 0) {
    const rows = verdict.components.map((c) => [
      c.component,
      c.touched ?? '—',
      c.jobs.map((j) => `${j.job}: ${j.tested === '' ? 'did not run' : j.tested}`).join(', ') || '—',
      VERDICT_WORDS[c.verdict],
    ]);
    lines.push(renderTable(['Component', 'Touched by', 'Quality job (test)', 'Verdict'], rows), '');
  }
  lines.push(
    renderTable(
      ['Job', 'Result'],
      verdict.needs.map((n) => [n.job, n.result]),
    ),
    '',
  );
  return lines.join('\n');
}
