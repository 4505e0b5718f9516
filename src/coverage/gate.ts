/**
 * Coverage's own gate: each condition (`min-line`, `min-branch`, `max-drop`) with its figure and whether
 * it held, and the result the command reports. Pure; SonarQube's gate is a different thing (sonar/).
 */
import { deltaPoints, type CoverageFigures } from './figures.js';
import type { ChangedLinesResult } from './changed-lines.js';
import type { InputsOf } from '../inputs.js';
import { percent, type Counter, type FileCoverage, type Totals } from './model.js';

/** One condition of coverage's own gate (`min-line`, `min-branch`, `max-drop`) and whether it held. */
export interface CoverageCondition {
  /** The input that set it: `min-line`, `min-branch`, `max-drop`. */
  input: string;
  what: string;
  actual: Counter | null;
  /** A minimum percentage; for `max-drop` (with `base`), the points the figure may fall. */
  threshold: number;
  /** `max-drop`: the base figure `actual` is compared with. */
  base?: Counter;
  passed: boolean;
}

export interface CoverageResult {
  /** In a monorepo: the component the report is for. */
  component?: string;
  totals: Totals;
  /** The base branch's figures, for the delta; `source` names where they came from. */
  base?: CoverageFigures & { source: string };
  /** On a pull request: its changed lines' coverage, or why it could not be measured. */
  changed?: ChangedLinesResult | { reason: string };
  files: readonly FileCoverage[];
  reports: ReadonlyArray<{ file: string; format: string; files: number }>;
  conditions: readonly CoverageCondition[];
}

export function minimumCondition(
  input: string,
  what: string,
  actual: CoverageCondition['actual'],
  threshold: number,
): CoverageCondition {
  // No data (a report without branches) cannot pass a branch threshold: the gate would be empty.
  const p = percent(actual);
  return { input, what, actual, threshold, passed: p !== null && p >= threshold };
}

export function dropCondition(
  now: CoverageCondition['actual'],
  base: CoverageFigures['lines'],
  maxDrop: number,
): CoverageCondition | undefined {
  const points = deltaPoints(now, base);
  if (points === null) return undefined;
  // A hair's tolerance: 80.0% → 79.5% with max-drop 0.5 is a drop of 0.5 (not 0.50000001).
  return {
    input: 'max-drop',
    what: 'line coverage',
    actual: now,
    base,
    threshold: maxDrop,
    passed: -points <= maxDrop + 1e-9,
  };
}

/**
 * The conditions the inputs ask for, with today's figures: min-line, min-branch, min-changed-lines (only
 * when the PR changes a coverable line) and max-drop (only with a base figure; `warn` says why not).
 */
export function coverageConditions(
  inputs: Pick<
    InputsOf<'coverage'>,
    'minLine' | 'minBranch' | 'minChangedLines' | 'maxDrop' | 'baseCoverageFile'
  >,
  totals: Totals,
  changed: ChangedLinesResult | { reason: string } | undefined,
  base: CoverageFigures | undefined,
  warn: (message: string) => void,
): CoverageCondition[] {
  const conditions: CoverageCondition[] = [];
  if (inputs.minLine !== undefined) {
    conditions.push(minimumCondition('min-line', 'line coverage', totals.lines, inputs.minLine));
  }
  if (inputs.minBranch !== undefined) {
    conditions.push(minimumCondition('min-branch', 'branch coverage', totals.branches, inputs.minBranch));
  }
  if (inputs.minChangedLines !== undefined && changed && 'counter' in changed && changed.counter.total > 0) {
    // A PR that changes no coverable line has nothing to gate here.
    conditions.push(
      minimumCondition(
        'min-changed-lines',
        'changed-lines coverage',
        changed.counter,
        inputs.minChangedLines,
      ),
    );
  }
  if (inputs.maxDrop !== undefined) {
    const drop = base && dropCondition(totals.lines, base.lines, inputs.maxDrop);
    if (drop) conditions.push(drop);
    else {
      warn(
        `max-drop: not checked, no base figure (${inputs.baseCoverageFile === '' ? 'base-coverage-file is empty' : `base-coverage-file ${inputs.baseCoverageFile} has none`})`,
      );
    }
  }
  return conditions;
}
