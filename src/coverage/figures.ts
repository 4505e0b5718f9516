/**
 * A run's headline figures as a small JSON file (`report-file`): what a later run compares against.
 * The workflow of the base branch keeps it (an artifact, a cache); a pull request's run reads it back
 * as `base-coverage-file` for the delta and `max-drop`. A base may also be any coverage report berth
 * reads (a report of the base branch's tests): its totals are the figures.
 */
import { ConfigurationError } from '../errors.js';
import type { Counter, Totals } from './model.js';

export const FIGURES_KIND = 'berth-coverage-figures';

export interface CoverageFigures {
  lines: Counter;
  branches: Counter | null;
  /** The commit the figures were measured on, when known. */
  commit?: string;
  component?: string;
}

export function renderFigures(totals: Totals, commit: string, component: string): string {
  const figures = {
    kind: FIGURES_KIND,
    version: 1,
    lines: totals.lines,
    branches: totals.branches,
    ...(commit ? { commit } : {}),
    ...(component ? { component } : {}),
  };
  return `${JSON.stringify(figures, null, 2)}\n`;
}

/** True when `text` looks like a figures file (a JSON object naming the kind), not a coverage report. */
export function isFiguresFile(text: string): boolean {
  return /^\s*\{/.test(text) && text.includes(`"${FIGURES_KIND}"`);
}

/** Parses a figures file; `input` and `file` name it in errors. */
export function parseFigures(text: string, file: string, input: string): CoverageFigures {
  const bad = (why: string): ConfigurationError =>
    new ConfigurationError(
      `${input}: ${file} is not a berth coverage figures file (${why}); expected the \`report-file\` an earlier \`coverage\` run wrote, or a coverage report`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw bad(error instanceof Error ? error.message : String(error));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('not a JSON object');
  const o = value as Record<string, unknown>;
  if (o.kind !== FIGURES_KIND) throw bad(`kind is ${JSON.stringify(o.kind)}`);
  if (o.version !== 1) throw bad(`version ${JSON.stringify(o.version)} is not 1`);
  const lines = counter(o.lines);
  if (lines === undefined) throw bad('lines must be {"covered": n, "total": n} with 0 <= covered <= total');
  const branches = o.branches === null || o.branches === undefined ? null : counter(o.branches);
  if (branches === undefined) throw bad('branches must be null or {"covered": n, "total": n}');
  return {
    lines,
    branches,
    ...(typeof o.commit === 'string' ? { commit: o.commit } : {}),
    ...(typeof o.component === 'string' ? { component: o.component } : {}),
  };
}

function counter(value: unknown): Counter | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { covered, total } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(covered) || !Number.isSafeInteger(total)) return undefined;
  const c = covered as number;
  const t = total as number;
  return c >= 0 && t >= c ? { covered: c, total: t } : undefined;
}

/**
 * The change in percentage points from `base` to `now`, exact (not from truncated percentages);
 * null when either has nothing to measure.
 */
export function deltaPoints(now: Counter | null, base: Counter | null): number | null {
  if (now === null || base === null || now.total === 0 || base.total === 0) return null;
  return (now.covered / now.total - base.covered / base.total) * 100;
}

/** `+1.25`, `-0.40`, `±0.00` (points, two decimals). */
export function formatDelta(points: number): string {
  const rounded = Math.round(points * 100) / 100;
  if (rounded === 0) return '±0.00';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(2)}`;
}
