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
  /** Coverable line → hit count (> 0: covered). Absent when the format has only totals (coverage-summary.json). */
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

/** Counts a file's summary from its line data (for formats that state none per file). */
export function summaryFromLines(
  lines: ReadonlyMap<number, number>,
  branches: ReadonlyMap<number, Counter> | undefined,
): Pick<FileCoverage['summary'], 'lines' | 'branches'> {
  let covered = 0;
  if (lines instanceof LineHits) covered = lines.countCovered();
  else for (const hits of lines.values()) if (hits > 0) covered += 1;
  let branch: Counter | null = null;
  if (branches !== undefined) {
    branch = { covered: 0, total: 0 };
    for (const c of branches.values()) {
      branch.covered += c.covered;
      branch.total += c.total;
    }
  }
  return { lines: { covered, total: lines.size }, branches: branch };
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
 * Hit counts by line number in one typed array (8 bytes a line) instead of a Map (several times that):
 * a big monolith's report holds millions of lines, and line data is kept for changed-lines coverage.
 * Absent lines hold -1.
 */
export class LineHits implements ReadonlyMap<number, number> {
  // Small to start (a monorepo's lcov can name a million files of a few lines); grows by 1.5×.
  private hits = new Float64Array(8).fill(-1);
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(line: number): number | undefined {
    const v = this.hits[line];
    return v === undefined || v < 0 ? undefined : v;
  }

  has(line: number): boolean {
    return this.get(line) !== undefined;
  }

  set(line: number, hits: number): this {
    if (!Number.isInteger(line) || line < 0) throw new RangeError(`line number ${line}`);
    if (line >= this.hits.length) {
      let length = this.hits.length;
      while (length <= line) length = Math.ceil(length * 1.5);
      const grown = new Float64Array(length).fill(-1);
      grown.set(this.hits);
      this.hits = grown;
    }
    if ((this.hits[line] as number) < 0) this.count += 1;
    this.hits[line] = Math.max(0, hits);
    return this;
  }

  /** Adds `hits` to the line's count (a line reported twice, merged): one lookup instead of get + set. */
  add(line: number, hits: number): void {
    const v = line < this.hits.length ? (this.hits[line] as number) : -1;
    if (v < 0) this.set(line, hits);
    else this.hits[line] = v + Math.max(0, hits);
  }

  /** Lines with hits > 0, without iterating entries. */
  countCovered(): number {
    let covered = 0;
    for (const v of this.hits) if (v > 0) covered += 1;
    return covered;
  }

  *entries(): MapIterator<[number, number]> {
    const hits = this.hits;
    for (let line = 0; line < hits.length; line++) {
      const v = hits[line] as number;
      if (v >= 0) yield [line, v];
    }
  }

  *keys(): MapIterator<number> {
    const hits = this.hits;
    for (let line = 0; line < hits.length; line++) if ((hits[line] as number) >= 0) yield line;
  }

  *values(): MapIterator<number> {
    for (const v of this.hits) if (v >= 0) yield v;
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  forEach(fn: (value: number, key: number, map: ReadonlyMap<number, number>) => void): void {
    for (const [line, v] of this.entries()) fn(v, line, this);
  }
}
