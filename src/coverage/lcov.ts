/**
 * lcov tracefiles (geninfo, `lcov -a`, istanbul/c8/nyc, coverage.py, grcov, llvm-cov …), read line by
 * line as the chunks arrive: only the current line and the per-file line data are held, never the text,
 * so memory follows the number of distinct source lines, not the size of the file.
 *
 * Figures — the rule: a file's summary is COUNTED from its data records, exactly as lcov itself does
 * (`lcov --summary`, genhtml): lines = DA records after merging, covered = hits > 0; branches = BRDA
 * records, covered = taken > 0 ("-" = the block never ran = not taken); functions = distinct FN/FNDA
 * names, covered = FNDA > 0. The LF/LH, BRF/BRH, FNF/FNH records are not trusted over the data:
 *  - geninfo's raw output has none of them (gcc/app.info), so counting is the only way there;
 *  - where a producer writes both, they agree (`lcov -a`, istanbul: gcc/app-merged.info, c8, nyc) …
 *  - … except coverage.py, the one writer counted its own way (rule: follow the tool that wrote the
 *    file). Its 6.5 writes a DA record for every executed line, statements or not, so its LH can exceed
 *    its LF (shop/__init__.py says LF:1 LH:2) and lcov's own reading (52 of 62 lines, the DA records)
 *    is not coverage.py's (50 of 60, its JSON and XML). Its mark — a line checksum as DA's third field —
 *    makes berth count statements from LF and missed statements from the DA records with 0 hits;
 *    BRDA:0 (the "exit the function" arc) counts in the totals, on no line;
 *  - a file split over several records (merged tracefiles, split runs) is merged line by line, and
 *    summing each record's LF would count a line once per record.
 * The stated figures are used only for a file none of whose records carries data of that kind (a
 * summary-only record), taking the largest stated total and covered over its records.
 * Branches and functions are null when no record of the file has BRDA (resp. FN/FNDA) data: "BRF:0"
 * alone is "no data found" to lcov too (coverage.py's shop/__init__.py), as is lcov 1.x's default
 * output without branch records (gcc/app-nobranch.info).
 */
import { StringDecoder } from 'node:string_decoder';
import {
  CoverageParseError,
  inPieces,
  ownString,
  type Counter,
  type CoverageReport,
  type FileCoverage,
} from './model.js';
import {
  CoverageBuilder,
  lineOutOfRange,
  MAX_LINE,
  type PackedBranches,
  type PackedLines,
} from './packed.js';

/** A longer line is not lcov (a one-line XML report, a binary): stop before buffering all of it. */
export const MAX_LCOV_LINE_CHARS = 8 * 1024 * 1024;

/** The record types read, with the form a malformed one is told to have. */
const EXPECTED = new Map<string, string>([
  ['SF', 'SF:<source file path>'],
  ['DA', 'DA:<line>,<hits>[,<checksum>]'],
  ['BRDA', 'BRDA:<line>,<block>,<branch>,<taken or ->'],
  ['FN', 'FN:<line>,[<end line>,]<function name>'],
  ['FNDA', 'FNDA:<hits>,<function name>'],
  ['FNL', 'FNL:<index>,<line>[,<end line>]'],
  ['FNA', 'FNA:<index>,<hits>,<function name>'],
  ['LF', 'LF:<number>'],
  ['LH', 'LH:<number>'],
  ['BRF', 'BRF:<number>'],
  ['BRH', 'BRH:<number>'],
  ['FNF', 'FNF:<number>'],
  ['FNH', 'FNH:<number>'],
]);

type Stated = 'LF' | 'LH' | 'BRF' | 'BRH' | 'FNF' | 'FNH';

/** The numbers kept per file: where its branch keys lie, its functions' counts, its stated LF/LH/…. */
const FIELD = {
  branchAt: 0,
  branchCount: 1,
  functionTotal: 2,
  functionsCovered: 3,
  LF: 4,
  LH: 5,
  BRF: 6,
  BRH: 7,
  FNF: 8,
  FNH: 9,
} as const;
type Field = keyof typeof FIELD;
const FIELDS = 10;

/**
 * Every source file the tracefile names, merged over every record that names it — as columns, a file
 * being a row number: no object per file while the report is read (a million files would keep a
 * million of them alive until the end, and V8's heap grows with what survives).
 */
class LcovFiles {
  readonly rows = new Map<string, number>();
  readonly paths: string[] = [];
  /** Its line data as of its last record (while a record of it is open, the builder holds it). */
  readonly lines: Array<PackedLines | undefined> = [];
  /**
   * Its branch outcomes, sorted: `branchKey(line, block+branch, taken)`, one number a branch — no
   * string or map per branch; each branch once (a branch named in several records was taken when any
   * record says so). A run of `branchCount` keys at `branchAt` in a page shared by every file.
   */
  readonly branchPages: Array<Float64Array | undefined> = [];
  /**
   * Its functions as of its last record, one a line: "1" (ran) or "0", then the name (or "\0" and the
   * FNL index) — one string instead of a map per file; the open record's are in the reader's map.
   */
  readonly functions: Array<string | undefined> = [];
  /** FIELDS numbers a row; LF/LH/… -1 where no record states them (the largest over its records). */
  private numbers = new Float64Array(FIELDS * 256);
  /** A DA record carried coverage.py's line checksum (`DA:<line>,<hits>,<22 base64 characters>`). */
  private checksums = new Uint8Array(256);

  get size(): number {
    return this.paths.length;
  }

  add(path: string): number {
    const row = this.paths.length;
    if (row === this.checksums.length) {
      const numbers = new Float64Array(this.numbers.length * 2);
      numbers.set(this.numbers);
      this.numbers = numbers;
      const checksums = new Uint8Array(this.checksums.length * 2);
      checksums.set(this.checksums);
      this.checksums = checksums;
    }
    this.paths.push(path);
    this.lines.push(undefined);
    this.branchPages.push(undefined);
    this.functions.push(undefined);
    this.numbers.fill(0, row * FIELDS, row * FIELDS + FIELD.LF);
    this.numbers.fill(-1, row * FIELDS + FIELD.LF, (row + 1) * FIELDS);
    this.rows.set(path, row);
    return row;
  }

  get(row: number, field: Field): number {
    return this.numbers[row * FIELDS + FIELD[field]] as number;
  }

  set(row: number, field: Field, value: number): void {
    this.numbers[row * FIELDS + FIELD[field]] = value;
  }

  coveragePy(row: number): boolean {
    return this.checksums[row] === 1;
  }

  markCoveragePy(row: number, yes: boolean): void {
    this.checksums[row] = yes ? 1 : 0;
  }
}

/** coverage.py's mark: the third DA field, base64 of the line's MD5 without its `==`. */
const COVERAGE_PY_CHECKSUM = /^[A-Za-z0-9+/]{22}$/;

/**
 * Parses an lcov tracefile. `input` yields the file's chunks (a `fs.createReadStream`); `source` names
 * the file in messages. Unknown record types (TN, VER, MC/DC …) are skipped; a malformed known record
 * throws `CoverageParseError` at its line. An empty input gives a report with no files.
 */
export async function parseLcov(
  input: AsyncIterable<string | Buffer>,
  source: string,
): Promise<CoverageReport> {
  const reader = new LcovReader(source);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of inPieces(input)) {
    reader.push(typeof chunk === 'string' ? decoder.end() + chunk : decoder.write(chunk));
  }
  reader.push(decoder.end());
  const files = reader.finish();
  return { format: 'lcov', source, files, ...(reader.coveragePy ? { writer: 'coverage.py' } : {}) };
}

/*
 * A branch as one number: (line × 2^27 + id) × 2 + taken, below 2^52 (exact in a double). `id` stands for
 * the "<block>,<branch>" text: 1 + block × 2^13 + branch for small canonical numbers (nearly every
 * producer's), else 2^26 + its index in the report's table of the other texts.
 */
const ID_SPACE = 2 ** 27;
const TEXT_IDS = 2 ** 26;
const SMALL = 2 ** 13;

class LcovReader {
  private readonly files = new LcovFiles();
  /** The open record's file (a row of `files`), -1 between records. */
  private current = -1;
  /** The open record's lines (its file's earlier records loaded in). */
  private readonly data = new CoverageBuilder();
  /** The open record's branch keys, in the order read. */
  private keys = new Float64Array(256);
  private keyCount = 0;
  /** The open record's functions (its file's earlier ones loaded in): name → hits. */
  private readonly functions = new Map<string, number>();
  /** "<block>,<branch>" texts that are not two small numbers → their ids. */
  private readonly branchTexts = new Map<string, number>();
  /** The unfinished last line of the chunks so far. */
  private pending = '';
  private lineNo = 0;
  private sawContent = false;
  /** Some file was written by coverage.py (and counted its way). */
  coveragePy = false;

  constructor(private readonly source: string) {}

  push(text: string): void {
    if (text === '') return;
    const first = text.indexOf('\n');
    if (first < 0) {
      // Still inside one line: keep it, without rescanning what came before.
      this.pending += text;
    } else {
      const joined = this.pending + text.slice(0, first);
      this.lineAt(joined, 0, joined.length);
      let start = first + 1;
      for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
        this.lineAt(text, start, nl);
        start = nl + 1;
      }
      this.pending = text.slice(start);
    }
    if (this.pending.length > MAX_LCOV_LINE_CHARS) {
      throw new CoverageParseError(
        this.source,
        `line longer than ${MAX_LCOV_LINE_CHARS} characters; is this an lcov tracefile?`,
        { line: this.lineNo + 1, column: 1 },
      );
    }
  }

  finish(): FileCoverage[] {
    if (this.pending !== '') this.line(this.pending);
    this.pending = '';
    // A missing final end_of_record (a truncated write) keeps the record read so far.
    this.close();
    const { files: table } = this;
    if (table.size === 0 && this.sawContent) {
      throw new CoverageParseError(this.source, 'no SF: records; is this an lcov tracefile?');
    }
    const files: FileCoverage[] = [];
    // coverage.py's mark is on its DA records; a file without any (an empty __init__.py) is its too.
    // geninfo --checksum writes the same third field; it also writes FN records, which coverage.py never does.
    let checksums = false;
    let functionRecords = false;
    for (let row = 0; row < table.size; row++) {
      if (table.coveragePy(row)) checksums = true;
      if (table.get(row, 'functionTotal') > 0) functionRecords = true;
    }
    this.coveragePy = checksums && !functionRecords;
    for (let row = 0; row < table.size; row++) {
      files.push(toFileCoverage(table, row, this.coveragePy, this.data));
      // Counted into its PackedFile: free as we go.
      table.lines[row] = undefined;
      table.functions[row] = undefined;
    }
    return files;
  }

  /**
   * The line text[start, end). DA records — nearly every line of a tracefile — are read in place, without
   * cutting the line out (no string per line for the collector); any other line goes through `line`.
   */
  private lineAt(text: string, start: number, end: number): void {
    let e = end;
    while (e > start && text.charCodeAt(e - 1) <= 32) e -= 1; // CR, trailing blanks
    if (
      this.current >= 0 &&
      text.charCodeAt(start) === 68 /* D */ &&
      text.charCodeAt(start + 1) === 65 /* A */ &&
      text.charCodeAt(start + 2) === 58 /* : */
    ) {
      this.lineNo += 1;
      this.sawContent = true;
      const c1 = text.indexOf(',', start + 3);
      if (c1 >= 0 && c1 < e) {
        let c2 = text.indexOf(',', c1 + 1);
        if (c2 < 0 || c2 > e) c2 = e;
        const line = parseCount(text, start + 3, c1);
        const hits = parseHits(text, c1 + 1, c2);
        if (line >= 0 && line <= MAX_LINE && hits >= 0) {
          this.data.line(line, hits);
          if (c2 === e - 23 && !this.files.coveragePy(this.current))
            this.files.markCoveragePy(this.current, COVERAGE_PY_CHECKSUM.test(text.slice(c2 + 1, e)));
          return;
        }
      }
      this.lineNo -= 1; // `line` counts it again and reports it
    } else if (
      this.current >= 0 &&
      text.charCodeAt(start) === 66 /* B */ &&
      text.startsWith('BRDA:', start)
    ) {
      const c1 = text.indexOf(',', start + 5);
      const cLast = text.lastIndexOf(',', e - 1);
      // <line>,<block>,<branch>,<taken or ->: at least three commas, the last one inside this line.
      const c2 = c1 < 0 ? -1 : text.indexOf(',', c1 + 1);
      if (c1 >= 0 && cLast < e && c2 >= 0 && c2 < cLast && cLast > start + 5) {
        const line = parseCount(text, start + 5, c1);
        const taken =
          e === cLast + 2 && text.charCodeAt(cLast + 1) === 45 /* - */ ? 0 : parseCount(text, cLast + 1, e);
        if (line >= 0 && line <= MAX_LINE && taken >= 0) {
          this.lineNo += 1;
          this.sawContent = true;
          this.branch(line, this.branchId(text, c1 + 1, c2, cLast), taken);
          return;
        }
      }
    }
    this.line(text.slice(start, end));
  }

  private line(raw: string): void {
    this.lineNo += 1;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    line = line.trim();
    if (line === '') return;
    this.sawContent = true;
    const colon = line.indexOf(':');
    if (colon < 0) {
      if (line === 'end_of_record') this.close();
      return;
    }
    const tag = line.slice(0, colon);
    const expected = EXPECTED.get(tag);
    if (expected === undefined) return;
    const rest = line.slice(colon + 1);
    if (tag === 'SF') {
      if (rest === '') throw this.malformed(line, expected);
      this.close(); // a record without its end_of_record
      let file = this.files.rows.get(rest);
      if (file === undefined) {
        file = this.files.add(ownString(rest));
      } else {
        this.data.load(this.files.lines[file], undefined);
        for (const entry of this.files.functions[file]?.split('\n') ?? [])
          this.functions.set(entry.slice(1), entry.charCodeAt(0) - 48);
      }
      this.current = file;
      return;
    }
    const file = this.current;
    if (file < 0) {
      throw this.error(`${tag} record outside a file record (expected SF:<path> before it)`, 1);
    }
    if (!this.record(file, tag, rest)) throw this.malformed(line, expected);
  }

  /** Applies one data record to the file; false when it is malformed. */
  private record(file: number, tag: string, rest: string): boolean {
    switch (tag) {
      case 'DA': {
        const c1 = rest.indexOf(',');
        if (c1 < 0) return false;
        const c2 = rest.indexOf(',', c1 + 1);
        const line = parseCount(rest, 0, c1);
        const hits = parseHits(rest, c1 + 1, c2 < 0 ? rest.length : c2);
        if (line < 0 || hits < 0) return false;
        if (line > MAX_LINE) throw this.error(lineOutOfRange(line), 4);
        this.data.line(line, hits);
        if (c2 >= 0 && !this.files.coveragePy(file))
          this.files.markCoveragePy(file, COVERAGE_PY_CHECKSUM.test(rest.slice(c2 + 1)));
        return true;
      }
      case 'BRDA': {
        const c1 = rest.indexOf(',');
        const cLast = rest.lastIndexOf(',');
        // <block>,<branch> between the first and the last comma: at least three commas in all.
        if (c1 < 0 || rest.indexOf(',', c1 + 1) >= cLast) return false;
        const line = parseCount(rest, 0, c1);
        const takenText = rest.slice(cLast + 1);
        const taken = takenText === '-' ? 0 : parseCount(takenText, 0, takenText.length);
        if (line < 0 || taken < 0) return false;
        if (line > MAX_LINE) throw this.error(lineOutOfRange(line), 6);
        this.branch(line, this.branchId(rest, c1 + 1, rest.indexOf(',', c1 + 1), cLast), taken);
        return true;
      }
      case 'FN': {
        const c1 = rest.indexOf(',');
        if (c1 < 0 || parseCount(rest, 0, c1) < 0) return false;
        let nameStart = c1 + 1;
        // lcov 2: FN:<line>,<end line>,<name>
        const c2 = rest.indexOf(',', nameStart);
        if (c2 > nameStart && parseCount(rest, nameStart, c2) >= 0) nameStart = c2 + 1;
        const name = rest.slice(nameStart);
        if (name === '') return false;
        const { functions } = this;
        if (!functions.has(name)) functions.set(name, 0);
        return true;
      }
      case 'FNDA': {
        const c1 = rest.indexOf(',');
        if (c1 < 0) return false;
        const hits = parseHits(rest, 0, c1);
        const name = rest.slice(c1 + 1);
        if (hits < 0 || name === '') return false;
        const { functions } = this;
        functions.set(name, (functions.get(name) ?? 0) + hits);
        return true;
      }
      case 'FNL': {
        // lcov 2.2: a function by index (its aliases follow as FNA).
        const c1 = rest.indexOf(',');
        if (c1 < 1 || parseCount(rest, c1 + 1, nextComma(rest, c1 + 1)) < 0) return false;
        const key = `\0${rest.slice(0, c1)}`;
        const { functions } = this;
        if (!functions.has(key)) functions.set(key, 0);
        return true;
      }
      case 'FNA': {
        const c1 = rest.indexOf(',');
        const c2 = c1 < 0 ? -1 : rest.indexOf(',', c1 + 1);
        if (c1 < 1 || c2 < 0) return false;
        const hits = parseHits(rest, c1 + 1, c2);
        if (hits < 0) return false;
        const key = `\0${rest.slice(0, c1)}`;
        const { functions } = this;
        functions.set(key, (functions.get(key) ?? 0) + hits);
        return true;
      }
      default: {
        // LF LH BRF BRH FNF FNH
        const n = parseCount(rest, 0, rest.length);
        if (n < 0) return false;
        const key = tag as Stated;
        this.files.set(file, key, Math.max(this.files.get(file, key), n));
        return true;
      }
    }
  }

  /** One branch outcome of the open record. */
  private branch(line: number, id: number, taken: number): void {
    if (this.keyCount === this.keys.length) this.reserveKeys(this.keyCount + 1);
    this.keys[this.keyCount++] = (line * ID_SPACE + id) * 2 + (taken > 0 ? 1 : 0);
  }

  /** The id of the "<block>,<branch>" text s[from, cLast) whose comma is at `comma`. */
  private branchId(s: string, from: number, comma: number, cLast: number): number {
    const block = canonicalCount(s, from, comma);
    const branch = canonicalCount(s, comma + 1, cLast);
    if (block >= 0 && block < SMALL && branch >= 0 && branch < SMALL) return 1 + block * SMALL + branch;
    const text = s.slice(from, cLast);
    let id = this.branchTexts.get(text);
    if (id === undefined) {
      if (this.branchTexts.size >= TEXT_IDS)
        throw this.error('more distinct BRDA block,branch names than berth reads', 1);
      id = TEXT_IDS + this.branchTexts.size;
      this.branchTexts.set(ownString(text), id);
    }
    return id;
  }

  /** Ends the open record: its lines packed into its file, its branches merged into the file's. */
  private close(): void {
    const file = this.current;
    if (file < 0) return;
    this.current = -1;
    const { files } = this;
    files.lines[file] = this.data.takeLines();
    if (this.functions.size > 0) {
      let covered = 0;
      const list: string[] = [];
      for (const [name, hits] of this.functions) {
        if (hits > 0) covered += 1;
        list.push((hits > 0 ? '1' : '0') + name);
      }
      files.functions[file] = list.join('\n');
      files.set(file, 'functionTotal', this.functions.size);
      files.set(file, 'functionsCovered', covered);
      this.functions.clear();
    }
    if (this.keyCount === 0) return;
    // The file's earlier keys (it was named before) join the record's, in the scratch area.
    const earlier = files.branchPages[file];
    const earlierAt = files.get(file, 'branchAt');
    const length = this.keyCount + files.get(file, 'branchCount');
    this.reserveKeys(length);
    if (earlier !== undefined)
      this.keys.set(earlier.subarray(earlierAt, earlierAt + length - this.keyCount), this.keyCount);
    this.keyCount = 0;
    const all = this.keys.subarray(0, length).sort();
    // Each branch once: sorted, a branch's keys are adjacent and "taken" (odd) comes last.
    let n = 0;
    for (let i = 0; i < length; i++) {
      const key = all[i] as number;
      if (i + 1 < length && Math.floor((all[i + 1] as number) / 2) === Math.floor(key / 2)) continue;
      all[n++] = key;
    }
    const { page, at } = allocateKeys(n);
    page.set(all.subarray(0, n), at);
    files.branchPages[file] = page;
    files.set(file, 'branchAt', at);
    files.set(file, 'branchCount', n);
  }

  private reserveKeys(length: number): void {
    if (length <= this.keys.length) return;
    let size = this.keys.length;
    while (size < length) size *= 2;
    const grown = new Float64Array(size);
    grown.set(this.keys.subarray(0, this.keyCount));
    this.keys = grown;
  }

  private malformed(line: string, expected: string): CoverageParseError {
    const tag = line.slice(0, line.indexOf(':'));
    const shown = line.length > 120 ? `${line.slice(0, 117)}...` : line;
    return this.error(`malformed ${tag} record ${JSON.stringify(shown)}; expected ${expected}`, 1);
  }

  private error(message: string, column: number): CoverageParseError {
    return new CoverageParseError(this.source, message, { line: this.lineNo, column });
  }
}

// Branch keys of every file share pages; a file with more keys than OWN_KEYS gets its own run.
const PAGE_KEYS = 1 << 17;
const OWN_KEYS = 1 << 13;
let keyPage = new Float64Array(PAGE_KEYS);
let keysUsed = 0;

function allocateKeys(n: number): { page: Float64Array; at: number } {
  if (n >= OWN_KEYS) return { page: new Float64Array(n), at: 0 };
  if (keysUsed + n > PAGE_KEYS) {
    keyPage = new Float64Array(PAGE_KEYS);
    keysUsed = 0;
  }
  const at = keysUsed;
  keysUsed += n;
  return { page: keyPage, at };
}

function nextComma(s: string, from: number): number {
  const i = s.indexOf(',', from);
  return i < 0 ? s.length : i;
}

/** A non-negative decimal integer in s[from, to), else -1. */
function parseCount(s: string, from: number, to: number): number {
  if (to <= from) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** A hit count: as parseCount, but a negative count (old gcov's overflow bug) reads as 0, not hit. */
function parseHits(s: string, from: number, to: number): number {
  if (s.charCodeAt(from) === 45 /* - */) return parseCount(s, from + 1, to) < 0 ? -1 : 0;
  return parseCount(s, from, to);
}

/** A non-negative decimal integer in s[from, to) written without a leading zero, else -1. */
function canonicalCount(s: string, from: number, to: number): number {
  if (to - from > 1 && s.charCodeAt(from) === 48 /* 0 */) return -1;
  return to - from > 9 ? -1 : parseCount(s, from, to);
}

function toFileCoverage(
  files: LcovFiles,
  row: number,
  coveragePy: boolean,
  data: CoverageBuilder,
): FileCoverage {
  // Per line for changed-lines coverage; the totals over every outcome. A branch on line 0 is
  // coverage.py's "exit the function" arc: counted, but on no line.
  let branches: PackedBranches | undefined;
  let branchTotals: Counter | null = null;
  const keys = files.branchPages[row];
  const at = files.get(row, 'branchAt');
  const count = files.get(row, 'branchCount');
  if (keys !== undefined && count > 0) {
    branchTotals = { covered: 0, total: count };
    // Sorted keys come line after line: the builder packs them without a map.
    for (let i = at; i < at + count; i++) {
      const key = keys[i] as number;
      const taken = key % 2 === 1 ? 1 : 0; // a small integer: a double here would box every counter
      branchTotals.covered += taken;
      const line = Math.floor(key / (2 * ID_SPACE));
      if (line > 0) data.addBranches(line, taken, 1);
    }
    branches = data.takeBranches();
  }
  const lines = files.lines[row] ?? data.takeLines();
  const counted = { lines: { covered: lines.covered, total: lines.size } };
  const functionTotal = files.get(row, 'functionTotal');
  const functions: Counter | null =
    functionTotal > 0 ? { covered: files.get(row, 'functionsCovered'), total: functionTotal } : null;
  const stated = {
    LF: files.get(row, 'LF'),
    LH: files.get(row, 'LH'),
    BRF: files.get(row, 'BRF'),
    BRH: files.get(row, 'BRH'),
    FNF: files.get(row, 'FNF'),
    FNH: files.get(row, 'FNH'),
  };
  return data.file(files.paths[row] as string, lines, branches, {
    lines:
      lines.size === 0
        ? (statedCounter(stated.LH, stated.LF) ?? counted.lines)
        : coveragePy && stated.LF >= 0
          ? coveragePyLines(lines.size - counted.lines.covered, stated.LF)
          : counted.lines,
    branches:
      branchTotals ??
      // coverage.py writes BRF/BRH only when it measured branches: 0 of 0 is its figure, not "no data".
      (coveragePy && stated.BRF === 0 ? { covered: 0, total: 0 } : statedCounter(stated.BRH, stated.BRF)),
    functions: functions ?? statedCounter(stated.FNH, stated.FNF),
  });
}

/**
 * A file as coverage.py counts it (its own `coverage report`/JSON): LF is its statements, and the DA
 * records with 0 hits are exactly its missed statements. Its DA records with hits may also be executed
 * lines that are not statements (coverage.py 6.5: a docstring, the `def` of a `# pragma: no cover`
 * function), so neither the DA count (lcov's reading) nor LH is what coverage.py meant. A coverage.py
 * that writes only statements (7.x) gives the same figure as counting.
 */
function coveragePyLines(missed: number, statements: number): Counter {
  return { covered: Math.max(0, statements - missed), total: Math.max(statements, missed) };
}

/** A summary-only record's figures; null when it states none (or 0 of 0, which lcov reads as no data). */
function statedCounter(hit: number, found: number): Counter | null {
  if (found <= 0) return null;
  return { covered: Math.min(Math.max(hit, 0), found), total: found };
}
