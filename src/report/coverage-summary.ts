/** The step summary of `coverage`: the gate's verdict, totals, the reports read, and the least covered files. */
import type { ChangedLinesResult } from '../coverage/changed-lines.js';
import { percent, type Counter, type FileCoverage, type Totals } from '../coverage/model.js';
import { escapeMarkdown, renderTable } from './markdown.js';

export interface GateCondition {
  /** The input that set it: `min-line`, `min-branch`. */
  input: string;
  what: string;
  actual: Counter | null;
  threshold: number;
  passed: boolean;
}

export interface CoverageResult {
  totals: Totals;
  /** On a pull request: its changed lines' coverage, or why it could not be measured. */
  changed?: ChangedLinesResult | { reason: string };
  files: readonly FileCoverage[];
  reports: ReadonlyArray<{ file: string; format: string; files: number }>;
  conditions: readonly GateCondition[];
}

const LEAST_COVERED = 15;
const UNCOVERED_SHOWN = 30;

export function formatCounter(c: Counter | null, unit: string): string {
  if (c === null) return 'no data';
  const p = percent(c);
  return `${p === null ? '–' : `${p.toFixed(1)}%`} (${c.covered.toLocaleString('en-US')} of ${c.total.toLocaleString('en-US')} ${unit})`;
}

/** One line per failed condition: the threshold's input, the figure, the threshold. */
export function describeFailedCondition(c: GateCondition): string {
  if (c.actual === null || c.actual.total === 0) {
    return `${c.input}: the reports have no ${c.what === 'branch coverage' ? 'branch' : 'line'} data, so ${c.what} cannot reach ${c.threshold}% (does the coverage tool record branches?)`;
  }
  return `${c.input}: ${c.what} ${formatCounter(c.actual, c.what === 'branch coverage' ? 'branches' : 'lines')} is below ${c.threshold}%`;
}

export function renderCoverageSummary(r: CoverageResult): string {
  const failed = r.conditions.filter((c) => !c.passed);
  const verdict =
    r.conditions.length === 0
      ? ''
      : failed.length === 0
        ? ' — gate passed'
        : ` — gate failed (${failed.length})`;
  const out = [
    `### berth coverage: ${percent(r.totals.lines)?.toFixed(1) ?? '–'}% of lines${verdict}`,
    '',
    renderTable(
      ['', 'Covered'],
      [
        ['Lines', formatCounter(r.totals.lines, 'lines')],
        ['Branches', formatCounter(r.totals.branches, 'branches')],
        ...(r.totals.functions ? [['Functions', formatCounter(r.totals.functions, 'functions')]] : []),
        ...(r.changed === undefined
          ? []
          : [
              [
                'Changed lines',
                'counter' in r.changed
                  ? formatCounter(r.changed.counter, 'lines')
                  : `not measured: ${r.changed.reason}`,
              ],
            ]),
      ],
    ),
    '',
  ];
  if (r.changed && 'counter' in r.changed && r.changed.uncovered.length > 0) {
    const shown = r.changed.uncovered.slice(0, UNCOVERED_SHOWN);
    out.push(
      `<details><summary>Changed lines not covered (${r.changed.counter.total - r.changed.counter.covered})</summary>`,
      '',
      ...shown.map(
        (u) =>
          `- ${escapeMarkdown(u.file)}: ${u.start === u.end ? `line ${u.start}` : `lines ${u.start}–${u.end}`}`,
      ),
      ...(r.changed.uncovered.length > shown.length
        ? [`- … and ${r.changed.uncovered.length - shown.length} more ranges`]
        : []),
      '',
      '</details>',
      '',
    );
  }
  if (r.conditions.length > 0) {
    out.push(
      renderTable(
        ['Condition', 'Actual', 'Threshold', ''],
        r.conditions.map((c) => [
          c.input,
          formatCounter(c.actual, c.what === 'branch coverage' ? 'branches' : 'lines'),
          `${c.threshold}%`,
          c.passed ? 'passed' : 'FAILED',
        ]),
      ),
      '',
    );
  }
  const least = [...r.files]
    .filter((f) => f.summary.lines.total > 0)
    .sort(
      (a, b) =>
        (percent(a.summary.lines) ?? 0) - (percent(b.summary.lines) ?? 0) || a.path.localeCompare(b.path),
    )
    .slice(0, LEAST_COVERED);
  if (least.length > 0) {
    out.push(
      `<details><summary>Least covered files (${least.length} of ${r.files.length})</summary>`,
      '',
      renderTable(
        ['File', 'Lines', 'Branches'],
        least.map((f) => [
          f.path,
          formatCounter(f.summary.lines, 'lines'),
          formatCounter(f.summary.branches, 'branches'),
        ]),
      ),
      '',
      '</details>',
      '',
    );
  }
  out.push(
    `Reports: ${r.reports.map((x) => `${escapeMarkdown(x.file)} (${x.format}, ${x.files} files)`).join(', ')}`,
    '',
  );
  return out.join('\n');
}
