/**
 * One model for every coverage format. Figures are the producing tool's own: a parser keeps the totals a
 * format states (JaCoCo counters, istanbul summaries, lcov LF/LH) and the line data where the format has
 * it (for changed-lines coverage and merging). Paths are as the report names them until `normalise`
 * makes them repository-relative.
 */

export interface Counter {
  covered: number;
  total: number;
}

export type CoverageFormat =
  'jacoco-xml' | 'lcov' | 'cobertura-xml' | 'clover-xml' | 'istanbul-json-summary' | 'istanbul-json';

export const COVERAGE_FORMATS: readonly CoverageFormat[] = [
  'jacoco-xml',
  'lcov',
  'cobertura-xml',
  'clover-xml',
  'istanbul-json-summary',
  'istanbul-json',
];

export interface FileCoverage {
  /** As the report names it (absolute, package-relative, …); see `normalise`. */
  path: string;
  /**
   * Coverable line → 1 (ran) or 0 (did not); packed (`PackedLines`) as parsers make it. Absent when the
   * format has only totals (coverage-summary.json).
   */
  lines?: ReadonlyMap<number, number>;
  /** Line → branch outcomes on it. Absent when the format or the run has no branch data. */
  branches?: ReadonlyMap<number, Counter>;
  /** The file's figures as the tool states them (or counted from the line data where it states none). */
  summary: {
    lines: Counter;
    /** null: the report has no branch data (as opposed to 0 of 0). */
    branches: Counter | null;
    functions: Counter | null;
  };
}

export interface CoverageReport {
  format: CoverageFormat;
  /** The report file, for messages. */
  source: string;
  /** For Cobertura: the `<sources>` roots, used to make paths repository-relative. */
  sourceRoots?: string[];
  /** The program that wrote the report where berth counts its way (an lcov from coverage.py). */
  writer?: 'coverage.py';
  files: FileCoverage[];
}

export interface Totals {
  lines: Counter;
  branches: Counter | null;
  functions: Counter | null;
}

const add = (a: Counter | null, b: Counter | null): Counter | null =>
  a === null ? b : b === null ? a : { covered: a.covered + b.covered, total: a.total + b.total };

/** Totals of a report: the sum over its files; branches/functions null only when no file has them. */
export function totalsOf(files: readonly FileCoverage[]): Totals {
  let lines: Counter = { covered: 0, total: 0 };
  let branches: Counter | null = null;
  let functions: Counter | null = null;
  for (const f of files) {
    lines = add(lines, f.summary.lines) as Counter;
    branches = add(branches, f.summary.branches);
    functions = add(functions, f.summary.functions);
  }
  return { lines, branches, functions };
}

/** Percentage with one decimal, truncated (never rounds 79.96 up to 80.0 past a gate); null for 0 of 0. */
export function percent(c: Counter | null): number | null {
  if (c === null || c.total === 0) return null;
  return Math.floor((c.covered / c.total) * 1000) / 10;
}

/** A parser's user-facing failure: names the file and, where known, the position. */
export class CoverageParseError extends Error {
  override name = 'CoverageParseError';
  constructor(
    readonly file: string,
    message: string,
    readonly position?: { line: number; column: number },
  ) {
    super(`${file}${position ? `:${position.line}:${position.column}` : ''}: ${message}`);
  }
}

/**
 * The most bytes decoded into one string. V8 puts a string past 128 KiB straight into the old
 * generation, where only a full collection frees it: a 256 KiB chunk decoded whole leaves garbage as
 * big as the report between full collections; 32 KiB pieces die young.
 */
export const DECODE_BYTES = 1 << 15;

/** `input`'s Buffer chunks cut into pieces of at most DECODE_BYTES (views: nothing is copied). */
export async function* inPieces(input: AsyncIterable<string | Buffer>): AsyncGenerator<string | Buffer> {
  for await (const chunk of input) {
    if (typeof chunk === 'string' || chunk.length <= DECODE_BYTES) yield chunk;
    else for (let i = 0; i < chunk.length; i += DECODE_BYTES) yield chunk.subarray(i, i + DECODE_BYTES);
  }
}

/**
 * A flat copy of a string that is kept (a file's path). V8 makes a substring a view that keeps the
 * whole string it came from alive, and a concatenation a pair of pointers; a report of a million files
 * keeps one compact string per path instead.
 */
export function ownString(s: string): string {
  if (s.length < 13) return s; // V8 copies short substrings anyway
  const copy = Buffer.from(s, 'utf8').toString('utf8');
  return copy === s ? copy : s; // a lone surrogate does not survive UTF-8: keep the string as it is
}
