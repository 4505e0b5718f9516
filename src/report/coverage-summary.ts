/** The step summary of `coverage`: the gate's verdict, totals, the reports read, and the least covered files. */
import type { ChangedLinesResult } from '../coverage/changed-lines.js';
import { deltaPoints, formatDelta } from '../coverage/figures.js';
import { percent, type Counter, type FileCoverage } from '../coverage/model.js';
import type { CoverageCondition, CoverageResult } from '../coverage/gate.js';
import { escapeMarkdown, renderTable } from './markdown.js';

const LEAST_COVERED = 15;
/** Changed files listed in the comment (worst first); the rest are counted in the table's title. */
const CHANGED_FILES_SHOWN = 50;
const UNCOVERED_SHOWN = 30;

export function formatCounter(c: Counter | null, unit: string): string {
  if (c === null) return 'no data';
  const p = percent(c);
  return `${p === null ? '–' : `${p.toFixed(1)}%`} (${c.covered.toLocaleString('en-US')} of ${c.total.toLocaleString('en-US')} ${unit})`;
}

/** One line per failed condition: the threshold's input, the figure, the threshold. */
export function describeFailedCondition(c: CoverageCondition): string {
  if (c.base !== undefined) {
    const points = deltaPoints(c.actual, c.base) ?? 0;
    return `${c.input}: line coverage fell ${Math.abs(points).toFixed(2)} points, from ${formatCounter(c.base, 'lines')} on the base to ${formatCounter(c.actual, 'lines')}; at most ${c.threshold} allowed`;
  }
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
  const who = r.component ? ` — ${escapeMarkdown(r.component)}` : '';
  const base = r.base;
  const withDelta = (now: Counter | null, then: Counter | null, unit: string): string => {
    const points = deltaPoints(now, then);
    return points === null
      ? formatCounter(now, unit)
      : `${formatCounter(now, unit)}, ${formatDelta(points)} pts`;
  };
  const out = [
    `### berth coverage${who}: ${percent(r.totals.lines)?.toFixed(1) ?? '–'}% of lines${verdict}`,
    '',
    renderTable(
      ['', 'Covered'],
      [
        ['Lines', withDelta(r.totals.lines, base?.lines ?? null, 'lines')],
        ['Branches', withDelta(r.totals.branches, base?.branches ?? null, 'branches')],
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
  if (base !== undefined) {
    const commit = base.commit ? ` at ${base.commit.slice(0, 7)}` : '';
    out.push(`Compared with the base${commit}: ${escapeMarkdown(base.source)}`, '');
  }
  if (r.conditions.length > 0) {
    out.push(
      renderTable(
        ['Condition', 'Actual', 'Threshold', ''],
        r.conditions.map((c) =>
          c.base !== undefined
            ? [
                c.input,
                `${formatDelta(deltaPoints(c.actual, c.base) ?? 0)} pts (${percent(c.base)?.toFixed(1) ?? '–'}% → ${percent(c.actual)?.toFixed(1) ?? '–'}%)`,
                `falls at most ${c.threshold} pts`,
                c.passed ? 'passed' : 'FAILED',
              ]
            : [
                c.input,
                formatCounter(c.actual, c.what === 'branch coverage' ? 'branches' : 'lines'),
                `${c.threshold}%`,
                c.passed ? 'passed' : 'FAILED',
              ],
        ),
      ),
      '',
    );
  }
  if (r.changed && 'counter' in r.changed && r.changed.files.length > 0) {
    out.push(...renderChangedFiles(r.changed, r.files));
  }
  const { compare } = new Intl.Collator();
  const least = [...r.files]
    .filter((f) => f.summary.lines.total > 0)
    .sort(
      (a, b) => (percent(a.summary.lines) ?? 0) - (percent(b.summary.lines) ?? 0) || compare(a.path, b.path),
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

/** The changed files with coverable changed lines, worst changed-lines coverage first. */
function renderChangedFiles(changed: ChangedLinesResult, files: readonly FileCoverage[]): string[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const rate = (c: Counter): number => (c.total === 0 ? 1 : c.covered / c.total);
  const sorted = [...changed.files].sort(
    (a, b) =>
      rate(a.counter) - rate(b.counter) || b.counter.total - a.counter.total || a.path.localeCompare(b.path),
  );
  const shown = sorted.slice(0, CHANGED_FILES_SHOWN);
  return [
    `<details><summary>Changed files, worst first (${shown.length === sorted.length ? sorted.length : `${shown.length} of ${sorted.length}`})</summary>`,
    '',
    renderTable(
      ['File', 'Changed lines', 'Whole file'],
      shown.map((f) => [
        f.path,
        formatCounter(f.counter, 'lines'),
        formatCounter(byPath.get(f.path)?.summary.lines ?? null, 'lines'),
      ]),
    ),
    '',
    '</details>',
    '',
  ];
}
