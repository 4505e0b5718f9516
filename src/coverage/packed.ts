/**
 * Line and branch data packed for reports of millions of lines. Every figure berth computes from line
 * data asks only whether a line ran, so a line is two bits (absent, missed, covered; four lines a byte)
 * in pages shared by all files, and a file's branches are (line, covered, total) triples in shared pages
 * of 32-bit words. No typed array, map or counter object per file or per line is kept: a 60 MB report
 * of five million lines holds about 1.3 MB of line data instead of the ~90 MB a typed array per file
 * cost (8 bytes a line, grown by half again, each with its own backing store).
 *
 * A parser fills one `CoverageBuilder` (a scratch area reused for every file: a 16 MiB line table at
 * most, whatever the report's size) and takes each finished file out of it as `PackedLines` and
 * `PackedBranches`, which are read-only maps for the code that uses line data (changed lines, merge).
 * A file that a report names again later (a merged tracefile, a second `<class>` of one file) is loaded
 * back into the builder and packed anew.
 */
/** A branch counter (model.ts's `Counter`, the same shape; model.ts imports this module). */
interface Counter {
  covered: number;
  total: number;
}

/** The largest line number read; a longer "source file" is not one (a report's mistake, an overflow). */
export const MAX_LINE = 16_777_215;

/** What a line number out of range is told (parsers say where). */
export function lineOutOfRange(line: number): string {
  return `line number ${line} is out of range (0 to ${MAX_LINE})`;
}

const ABSENT = 0;
const MISSED = 1;
const COVERED = 2;

/** The code of a run's i-th line: two bits each, four lines a byte. */
function codeAt(page: Uint8Array, at: number, i: number): number {
  return ((page[at + (i >> 2)] as number) >> ((i & 3) << 1)) & 3;
}

// Shared pages: a file's bytes are a run inside one page; a file longer than OWN_BYTES gets its own.
const PAGE_BYTES = 1 << 20;
const OWN_BYTES = 1 << 16;
let bytePage = new Uint8Array(PAGE_BYTES);
let bytesUsed = 0;

function allocateBytes(n: number): { page: Uint8Array; at: number } {
  if (n >= OWN_BYTES) return { page: new Uint8Array(n), at: 0 };
  if (bytesUsed + n > PAGE_BYTES) {
    bytePage = new Uint8Array(PAGE_BYTES);
    bytesUsed = 0;
  }
  const at = bytesUsed;
  bytesUsed += n;
  return { page: bytePage, at };
}

const PAGE_WORDS = 1 << 18;
const OWN_WORDS = 1 << 14;
let wordPage = new Uint32Array(PAGE_WORDS);
let wordsUsed = 0;

function allocateWords(n: number): { page: Uint32Array; at: number } {
  if (n >= OWN_WORDS) return { page: new Uint32Array(n), at: 0 };
  if (wordsUsed + n > PAGE_WORDS) {
    wordPage = new Uint32Array(PAGE_WORDS);
    wordsUsed = 0;
  }
  const at = wordsUsed;
  wordsUsed += n;
  return { page: wordPage, at };
}

/**
 * A file's coverable lines → 1 (ran) or 0 (did not). Hit counts are not kept: no figure uses them.
 * `size` is the number of coverable lines, `covered` the number that ran.
 */
export class PackedLines implements ReadonlyMap<number, number> {
  /** @internal built by CoverageBuilder (the fields: for PackedFile) */
  constructor(
    readonly page: Uint8Array,
    readonly at: number,
    readonly first: number,
    readonly span: number,
    readonly size: number,
    readonly covered: number,
  ) {}

  get(line: number): number | undefined {
    const i = line - this.first;
    if (!(i >= 0 && i < this.span)) return undefined;
    const code = codeAt(this.page, this.at, i);
    return code === ABSENT ? undefined : code - 1;
  }

  has(line: number): boolean {
    return this.get(line) !== undefined;
  }

  *entries(): MapIterator<[number, number]> {
    const { page, at, first, span } = this;
    for (let i = 0; i < span; i++) {
      const code = codeAt(page, at, i);
      if (code !== ABSENT) yield [first + i, code - 1];
    }
  }

  *keys(): MapIterator<number> {
    for (const [line] of this.entries()) yield line;
  }

  *values(): MapIterator<number> {
    for (const [, ran] of this.entries()) yield ran;
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  forEach(fn: (value: number, key: number, map: ReadonlyMap<number, number>) => void): void {
    for (const [line, ran] of this.entries()) fn(ran, line, this);
  }

  /** Into `builder`'s lines (merging). */
  loadInto(builder: CoverageBuilder): void {
    const { page, at, first, span } = this;
    for (let i = 0; i < span; i++) {
      const code = codeAt(page, at, i);
      if (code !== ABSENT) builder.line(first + i, code - 1);
    }
  }
}

/** A file's lines → the branch outcomes on them, sorted by line. */
export class PackedBranches implements ReadonlyMap<number, Counter> {
  /** @internal built by CoverageBuilder (the fields: for PackedFile) */
  constructor(
    readonly page: Uint32Array,
    readonly at: number,
    readonly size: number,
    readonly covered: number,
    readonly total: number,
  ) {}

  /** The sum over every line (a fresh counter: no object per file is kept for it). */
  get totals(): Counter {
    return { covered: this.covered, total: this.total };
  }

  get(line: number): Counter | undefined {
    const { page, at } = this;
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const l = page[at + mid * 3] as number;
      if (l === line)
        return { covered: page[at + mid * 3 + 1] as number, total: page[at + mid * 3 + 2] as number };
      if (l < line) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  has(line: number): boolean {
    return this.get(line) !== undefined;
  }

  *entries(): MapIterator<[number, Counter]> {
    const { page, at } = this;
    for (let k = 0; k < this.size; k++) {
      const o = at + k * 3;
      yield [page[o] as number, { covered: page[o + 1] as number, total: page[o + 2] as number }];
    }
  }

  *keys(): MapIterator<number> {
    for (let k = 0; k < this.size; k++) yield this.page[this.at + k * 3] as number;
  }

  *values(): MapIterator<Counter> {
    for (const [, c] of this.entries()) yield c;
  }

  [Symbol.iterator](): MapIterator<[number, Counter]> {
    return this.entries();
  }

  forEach(fn: (value: Counter, key: number, map: ReadonlyMap<number, Counter>) => void): void {
    for (const [line, c] of this.entries()) fn(c, line, this);
  }
}

/**
 * The scratch area one parser fills, one file at a time: `line`, `branches`, then `takeLines` /
 * `takeBranches` pack the file and clear the area for the next. Clearing touches only the lines used.
 */
export class CoverageBuilder {
  private codes = new Uint8Array(1024);
  private min = Number.POSITIVE_INFINITY;
  private max = -1;
  private count = 0;
  private coveredCount = 0;
  /**
   * Branch outcomes given line after line (every parser's usual order): (line, covered, total) triples,
   * packed as they are — no map entry or counter object per line. Out of order, they move to the map.
   */
  private ordered = new Uint32Array(3 * 64);
  private orderedCount = 0;
  private readonly branchLines = new Map<number, Counter>();
  /** The report's files, one row each (`file`). */
  private table: FileTable | undefined;

  /** A finished file of the report: packed lines and branches (`takeLines`/`takeBranches`) and its figures. */
  file(
    path: string,
    lines: PackedLines | undefined,
    branches: PackedBranches | undefined,
    summary: Summary,
  ): PackedFile {
    this.table ??= new FileTable();
    return this.table.add(path, lines, branches, summary);
  }

  /** A line ran `hits` times (> 0: covered); a line given twice is covered when either ran. */
  line(line: number, hits: number): void {
    if (!(line <= this.max && line >= this.min)) {
      if (!(Number.isInteger(line) && line >= 0 && line <= MAX_LINE))
        throw new RangeError(lineOutOfRange(line));
      if (line >= this.codes.length) this.grow(line);
      if (line < this.min) this.min = line;
      if (line > this.max) this.max = line;
    }
    const seen = this.codes[line] as number;
    if (seen === COVERED) return;
    if (seen === ABSENT) this.count += 1;
    if (hits > 0) {
      this.codes[line] = COVERED;
      this.coveredCount += 1;
    } else {
      this.codes[line] = MISSED;
    }
  }

  /** The branch outcomes on a line so far (the builder's own counter: change it in place). */
  branchesAt(line: number): Counter | undefined {
    this.unorder();
    return this.branchLines.get(line);
  }

  /** Adds outcomes to a line's branches. */
  addBranches(line: number, covered: number, total: number): void {
    this.putBranches(line, covered, total, true);
  }

  /** Sets a line's branch outcomes (a line named again keeps its last ones). */
  setBranches(line: number, covered: number, total: number): void {
    this.putBranches(line, covered, total, false);
  }

  private putBranches(line: number, covered: number, total: number, add: boolean): void {
    if (!(Number.isInteger(line) && line >= 0 && line <= MAX_LINE))
      throw new RangeError(lineOutOfRange(line));
    if (this.branchLines.size === 0) {
      const o = (this.orderedCount - 1) * 3;
      const last = o < 0 ? -1 : (this.ordered[o] as number);
      if (line > last) {
        if (o + 6 > this.ordered.length) {
          const grown = new Uint32Array(this.ordered.length * 2);
          grown.set(this.ordered);
          this.ordered = grown;
        }
        this.ordered[o + 3] = line;
        this.ordered[o + 4] = covered;
        this.ordered[o + 5] = total;
        this.orderedCount += 1;
        return;
      }
      if (line === last) {
        this.ordered[o + 1] = (add ? (this.ordered[o + 1] as number) : 0) + covered;
        this.ordered[o + 2] = (add ? (this.ordered[o + 2] as number) : 0) + total;
        return;
      }
      this.unorder();
    }
    const seen = this.branchLines.get(line);
    if (seen === undefined) this.branchLines.set(line, { covered, total });
    else if (add) {
      seen.covered += covered;
      seen.total += total;
    } else {
      seen.covered = covered;
      seen.total = total;
    }
  }

  /** The ordered triples into the map (a line came out of order, or a caller asks for a counter). */
  private unorder(): void {
    const { ordered } = this;
    for (let k = 0; k < this.orderedCount; k++) {
      const o = k * 3;
      this.branchLines.set(ordered[o] as number, {
        covered: ordered[o + 1] as number,
        total: ordered[o + 2] as number,
      });
    }
    this.orderedCount = 0;
  }

  /** The file's lines, packed; the builder's lines are empty afterwards. */
  takeLines(): PackedLines {
    if (this.count === 0) return new PackedLines(EMPTY_BYTES, 0, 0, 0, 0, 0);
    const span = this.max - this.min + 1;
    const { page, at } = allocateBytes((span + 3) >> 2);
    const { codes, min } = this;
    // Four lines a byte, the first in the lowest bits.
    for (let i = 0; i < span; i += 4) {
      page[at + (i >> 2)] =
        (codes[min + i] as number) |
        ((codes[min + i + 1] ?? 0) << 2) |
        ((codes[min + i + 2] ?? 0) << 4) |
        ((codes[min + i + 3] ?? 0) << 6);
    }
    const packed = new PackedLines(page, at, this.min, span, this.count, this.coveredCount);
    this.codes.fill(ABSENT, this.min, this.max + 1);
    this.min = Number.POSITIVE_INFINITY;
    this.max = -1;
    this.count = 0;
    this.coveredCount = 0;
    return packed;
  }

  /** The file's branches, packed (undefined when none was given); the builder's are empty afterwards. */
  takeBranches(): PackedBranches | undefined {
    if (this.orderedCount > 0) {
      const n = this.orderedCount;
      const { page, at } = allocateWords(n * 3);
      page.set(this.ordered.subarray(0, n * 3), at);
      let covered = 0;
      let total = 0;
      for (let o = at + 1; o < at + n * 3; o += 3) {
        covered += page[o] as number;
        total += page[o + 1] as number;
      }
      this.orderedCount = 0;
      return new PackedBranches(page, at, n, covered, total);
    }
    const n = this.branchLines.size;
    if (n === 0) return undefined;
    const lines = [...this.branchLines.keys()].sort((a, b) => a - b);
    const { page, at } = allocateWords(n * 3);
    let covered = 0;
    let total = 0;
    let o = at;
    for (const line of lines) {
      const c = this.branchLines.get(line) as Counter;
      page[o++] = line;
      page[o++] = c.covered;
      page[o++] = c.total;
      covered += c.covered;
      total += c.total;
    }
    this.branchLines.clear();
    return new PackedBranches(page, at, n, covered, total);
  }

  /** Loads a file packed earlier back in (it is named again). */
  load(lines: PackedLines | undefined, branches: PackedBranches | undefined): void {
    lines?.loadInto(this);
    if (branches !== undefined) for (const [line, c] of branches) this.addBranches(line, c.covered, c.total);
  }

  private grow(line: number): void {
    let length = this.codes.length;
    while (length <= line) length *= 2;
    const grown = new Uint8Array(Math.min(length, MAX_LINE + 1));
    grown.set(this.codes);
    this.codes = grown;
  }
}

const EMPTY_BYTES = new Uint8Array(0);

/** Packs a line → hits map (a format read as a whole, a merge, a test's table). */
export function packLines(
  lines: Iterable<readonly [number, number]>,
  builder = new CoverageBuilder(),
): PackedLines {
  for (const [line, hits] of lines) builder.line(line, hits);
  return builder.takeLines();
}

/** Packs a line → branch outcomes map. */
export function packBranches(
  branches: Iterable<readonly [number, Counter]>,
  builder = new CoverageBuilder(),
): PackedBranches | undefined {
  for (const [line, c] of branches) builder.addBranches(line, c.covered, c.total);
  return builder.takeBranches();
}

/** A file's figures as the tool states them (model.ts's `FileCoverage['summary']`, the same shape). */
interface Summary {
  lines: Counter;
  branches: Counter | null;
  functions: Counter | null;
}

// A file's numbers in a FileTable: where its packed lines and branches lie (Int32), its summary (Float64).
const LINE_AT = 0;
const LINE_FIRST = 1;
const LINE_SPAN = 2;
const LINE_COUNT = 3;
const LINE_COVERED = 4;
const BRANCH_AT = 5;
const BRANCH_LINES = 6;
const INTS = 7;
const BRANCH_COVERED = 0;
const BRANCH_TOTAL = 1;
const LINES_COVERED = 2;
const LINES_TOTAL = 3;
const BRANCHES_COVERED = 4;
const BRANCHES_TOTAL = 5;
const FUNCTIONS_COVERED = 6;
const FUNCTIONS_TOTAL = 7;
const FLOATS = 8;

/**
 * The numbers of a report's files, as columns: a file is a row. One table per parse (the builder's),
 * freed with the report's files.
 */
export class FileTable {
  private ints = new Int32Array(INTS * 64);
  private floats = new Float64Array(FLOATS * 64);
  private readonly linePages: Array<Uint8Array | undefined> = [];
  private readonly branchPages: Array<Uint32Array | undefined> = [];

  /** A file's row: its packed data and its figures as the tool states them. */
  add(
    path: string,
    lines: PackedLines | undefined,
    branches: PackedBranches | undefined,
    summary: Summary,
  ): PackedFile {
    const row = this.linePages.length;
    if ((row + 1) * FLOATS > this.floats.length) {
      const ints = new Int32Array(this.ints.length * 2);
      ints.set(this.ints);
      this.ints = ints;
      const floats = new Float64Array(this.floats.length * 2);
      floats.set(this.floats);
      this.floats = floats;
    }
    this.linePages.push(lines?.page);
    this.branchPages.push(branches?.page);
    const i = row * INTS;
    const { ints, floats } = this;
    ints[i + LINE_AT] = lines?.at ?? 0;
    ints[i + LINE_FIRST] = lines?.first ?? 0;
    ints[i + LINE_SPAN] = lines?.span ?? 0;
    ints[i + LINE_COUNT] = lines?.size ?? 0;
    ints[i + LINE_COVERED] = lines?.covered ?? 0;
    ints[i + BRANCH_AT] = branches?.at ?? 0;
    ints[i + BRANCH_LINES] = branches?.size ?? 0;
    const f = row * FLOATS;
    floats[f + BRANCH_COVERED] = branches?.covered ?? 0;
    floats[f + BRANCH_TOTAL] = branches?.total ?? 0;
    floats[f + LINES_COVERED] = summary.lines.covered;
    floats[f + LINES_TOTAL] = summary.lines.total;
    // -1: null (no branch data; no function data).
    floats[f + BRANCHES_COVERED] = summary.branches?.covered ?? -1;
    floats[f + BRANCHES_TOTAL] = summary.branches?.total ?? -1;
    floats[f + FUNCTIONS_COVERED] = summary.functions?.covered ?? -1;
    floats[f + FUNCTIONS_TOTAL] = summary.functions?.total ?? -1;
    return new PackedFile(path, this, row);
  }

  /** @internal */
  lines(row: number): PackedLines | undefined {
    const page = this.linePages[row];
    if (page === undefined) return undefined;
    const i = row * INTS;
    const { ints } = this;
    return new PackedLines(
      page,
      ints[i + LINE_AT] as number,
      ints[i + LINE_FIRST] as number,
      ints[i + LINE_SPAN] as number,
      ints[i + LINE_COUNT] as number,
      ints[i + LINE_COVERED] as number,
    );
  }

  /** @internal */
  branches(row: number): PackedBranches | undefined {
    const page = this.branchPages[row];
    if (page === undefined) return undefined;
    const i = row * INTS;
    const f = row * FLOATS;
    return new PackedBranches(
      page,
      this.ints[i + BRANCH_AT] as number,
      this.ints[i + BRANCH_LINES] as number,
      this.floats[f + BRANCH_COVERED] as number,
      this.floats[f + BRANCH_TOTAL] as number,
    );
  }

  /** @internal */
  summary(row: number): Summary {
    const f = row * FLOATS;
    const n = (k: number): number => this.floats[f + k] as number;
    return {
      lines: { covered: n(LINES_COVERED), total: n(LINES_TOTAL) },
      branches: n(BRANCHES_TOTAL) < 0 ? null : { covered: n(BRANCHES_COVERED), total: n(BRANCHES_TOTAL) },
      functions: n(FUNCTIONS_TOTAL) < 0 ? null : { covered: n(FUNCTIONS_COVERED), total: n(FUNCTIONS_TOTAL) },
    };
  }
}

/**
 * A file's coverage (model.ts's `FileCoverage`): its path and its row in its report's FileTable.
 * `lines`, `branches` and `summary` are made when asked for, so a report of a million files keeps one
 * small object per file instead of seven (the file, its summary, three counters, the line and branch
 * views) — what made the heap, and V8's room to grow it, follow the number of files.
 */
export class PackedFile {
  constructor(
    /** As the report names it, until normalisePaths makes it repository-relative. */
    public path: string,
    private readonly table: FileTable,
    private readonly row: number,
  ) {}

  /** Coverable line → 1 (ran) or 0; undefined when the report has only totals. */
  get lines(): PackedLines | undefined {
    return this.table.lines(this.row);
  }

  /** Line → branch outcomes; undefined when the report has no branch data for the file. */
  get branches(): PackedBranches | undefined {
    return this.table.branches(this.row);
  }

  /** The file's figures as the tool states them (fresh counters each time). */
  get summary(): Summary {
    return this.table.summary(this.row);
  }
}
