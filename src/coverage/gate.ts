/**
 * Coverage's own gate: each condition (`min-line`, `min-branch`, `max-drop`) with its figure and whether
 * it held, and the result the command reports. Pure; SonarQube's gate is a different thing (sonar/).
 */
import { deltaPoints, type CoverageFigures } from './figures.js';
import type { ChangedLinesResult } from './changed-lines.js';
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
