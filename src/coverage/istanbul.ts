/**
 * istanbul's JSON reports (nyc, c8, jest, vitest): `coverage-summary.json` (the json-summary reporter:
 * per file {lines, statements, functions, branches} totals) and `coverage-final.json` (the json
 * reporter: each file's raw FileCoverage — statementMap/s, fnMap/f, branchMap/b).
 *
 * Figures are the ones istanbul itself reports (istanbul-lib-coverage 3.x, FileCoverage.toSummary):
 *  - lines: getLineCoverage() — each statement counts on the line it STARTS on, and the line takes the
 *    MAXIMUM hit count of the statements starting there (so a line is covered when any of them ran);
 *    total = such lines, covered = those with hits > 0. (c8 makes every source line a statement, nyc only
 *    lines where one starts: the fixtures' 58 of 78 and 26 of 35.)
 *  - branches: computeBranchTotals — every arm of every `b` entry; covered = arms with hits > 0.
 *  - functions: computeSimpleTotals('f') — every `f` entry; covered = hits > 0.
 * Summary files state those figures; their `pct` (rounded/truncated) is never used.
 *
 * Unlike lcov these are read whole (JSON.parse of the full text): JSON has no record boundaries to
 * stream on, the reports are a few MB even for large projects, and the parsed object is the data anyway.
 */
import { StringDecoder } from 'node:string_decoder';
import {
  CoverageParseError,
  summaryFromLines,
  type Counter,
  type CoverageReport,
  type FileCoverage,
} from './model.js';

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses `coverage-summary.json`: one file per key except `total` (the report's own sum, not a file). */
export async function parseIstanbulSummary(
  input: AsyncIterable<string | Buffer>,
  source: string,
): Promise<CoverageReport> {
  const root = parseJsonObject(await readText(input, source), source);
  const files: FileCoverage[] = [];
  for (const [key, entry] of Object.entries(root)) {
    if (key === 'total') continue;
    const where = JSON.stringify(key);
    if (!isObject(entry)) {
      throw new CoverageParseError(
        source,
        `${where}: expected an object of lines/statements/functions/branches totals`,
      );
    }
    if (!isObject(entry.lines) && 'statementMap' in entry) {
      throw new CoverageParseError(
        source,
        `${where}: has a statementMap but no lines totals; this is coverage-final.json (istanbul-json), not coverage-summary.json`,
      );
    }
    files.push({
      path: key,
      summary: {
        lines: summaryCounter(entry, 'lines', source, where) ?? missing(source, where, 'lines'),
        branches: summaryCounter(entry, 'branches', source, where),
        functions: summaryCounter(entry, 'functions', source, where),
      },
    });
  }
  return { format: 'istanbul-json-summary', source, files };
}

/** Parses `coverage-final.json`: one file per key, figures derived as istanbul derives them. */
export async function parseIstanbulFinal(
  input: AsyncIterable<string | Buffer>,
  source: string,
): Promise<CoverageReport> {
  const root = parseJsonObject(await readText(input, source), source);
  const files: FileCoverage[] = [];
  for (const [key, entry] of Object.entries(root)) {
    files.push(fileFromFinal(key, entry, source));
  }
  return { format: 'istanbul-json', source, files };
}

function fileFromFinal(key: string, entry: unknown, source: string): FileCoverage {
  const where = JSON.stringify(key);
  if (!isObject(entry) || !isObject(entry.statementMap) || !isObject(entry.s)) {
    const hint =
      isObject(entry) && isObject(entry.lines)
        ? '; this is coverage-summary.json (istanbul-json-summary), not coverage-final.json'
        : '';
    throw new CoverageParseError(
      source,
      `${where}: expected an istanbul FileCoverage object with statementMap and s${hint}`,
    );
  }
  const { statementMap, s } = entry;

  // getLineCoverage(): over the hit counts, each on its statement's start line, the maximum per line.
  const lines = new Map<number, number>();
  for (const [id, hits] of Object.entries(s)) {
    const count = hitCount(hits, source, `${where}: s[${JSON.stringify(id)}]`);
    const stmt = Object.hasOwn(statementMap, id) ? statementMap[id] : undefined;
    if (stmt === undefined) continue; // istanbul skips a count without a statement, too
    const line = startLine(stmt, source, `${where}: statementMap[${JSON.stringify(id)}]`);
    const seen = lines.get(line);
    if (seen === undefined || seen < count) lines.set(line, count);
  }

  // computeBranchTotals(): over `b`; per line as getBranchCoverageByLine() (branchMap line, else loc start).
  let branches: Map<number, Counter> | undefined;
  let branchTotals: Counter | null = null;
  if (isObject(entry.b)) {
    const branchMap = isObject(entry.branchMap) ? entry.branchMap : {};
    branches = new Map();
    branchTotals = { covered: 0, total: 0 };
    for (const [id, arms] of Object.entries(entry.b)) {
      const at = `${where}: b[${JSON.stringify(id)}]`;
      if (!Array.isArray(arms))
        throw new CoverageParseError(source, `${at}: expected an array of hit counts`);
      let covered = 0;
      for (const hits of arms) if (hitCount(hits, source, at) > 0) covered += 1;
      branchTotals.covered += covered;
      branchTotals.total += arms.length;
      const meta = Object.hasOwn(branchMap, id) ? branchMap[id] : undefined;
      if (meta === undefined) continue;
      const line = branchLine(meta, source, `${where}: branchMap[${JSON.stringify(id)}]`);
      const c = branches.get(line) ?? { covered: 0, total: 0 };
      branches.set(line, { covered: c.covered + covered, total: c.total + arms.length });
    }
  }

  // computeSimpleTotals('f').
  let functions: Counter | null = null;
  if (isObject(entry.f)) {
    functions = { covered: 0, total: 0 };
    for (const [id, hits] of Object.entries(entry.f)) {
      functions.total += 1;
      if (hitCount(hits, source, `${where}: f[${JSON.stringify(id)}]`) > 0) functions.covered += 1;
    }
  }

  return {
    path: key,
    lines,
    ...(branches ? { branches } : {}),
    summary: { lines: summaryFromLines(lines, undefined).lines, branches: branchTotals, functions },
  };
}

function hitCount(v: unknown, source: string, at: string): number {
  if (typeof v !== 'number' || !(v >= 0)) {
    throw new CoverageParseError(
      source,
      `${at}: expected a hit count (a number >= 0), got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function startLine(loc: unknown, source: string, at: string): number {
  const line = isObject(loc) && isObject(loc.start) ? loc.start.line : undefined;
  if (typeof line !== 'number' || !Number.isInteger(line)) {
    throw new CoverageParseError(source, `${at}: expected a location {start: {line, column}, end}`);
  }
  return line;
}

function branchLine(meta: unknown, source: string, at: string): number {
  if (isObject(meta) && typeof meta.line === 'number' && Number.isInteger(meta.line) && meta.line > 0) {
    return meta.line;
  }
  return startLine(isObject(meta) ? meta.loc : undefined, source, at);
}

/** A json-summary metric {total, covered, …}; null when the entry has no such metric. */
function summaryCounter(entry: JsonObject, metric: string, source: string, where: string): Counter | null {
  const m = entry[metric];
  if (m === undefined) return null;
  const total = isObject(m) ? m.total : undefined;
  const covered = isObject(m) ? m.covered : undefined;
  if (!isCount(total) || !isCount(covered)) {
    throw new CoverageParseError(
      source,
      `${where}.${metric}: expected {"total": <count>, "covered": <count>}, got ${JSON.stringify(m)}`,
    );
  }
  return { covered, total };
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function missing(source: string, where: string, metric: string): never {
  throw new CoverageParseError(
    source,
    `${where}: has no ${metric} totals ({"total": <count>, "covered": <count>})`,
  );
}

async function readText(input: AsyncIterable<string | Buffer>, source: string): Promise<string> {
  const decoder = new StringDecoder('utf8');
  const parts: string[] = [];
  let length = 0;
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? decoder.end() + chunk : decoder.write(chunk);
    length += text.length;
    // V8's longest string is about 2^29 characters; say so rather than fail inside join().
    if (length > MAX_JSON_CHARS) {
      throw new CoverageParseError(
        source,
        `larger than ${MAX_JSON_CHARS} characters; too large to read as JSON`,
      );
    }
    parts.push(text);
  }
  parts.push(decoder.end());
  return parts.join('');
}

const MAX_JSON_CHARS = 500_000_000;

/** JSON.parse with the report's own message: syntax errors at line:column, non-objects refused. */
function parseJsonObject(text: string, source: string): JsonObject {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const found = locateJsonError(body);
    if (found === undefined) throw new CoverageParseError(source, `not valid JSON: ${error.message}`);
    throw new CoverageParseError(source, `not valid JSON: ${found.reason}`, lineColumn(body, found.offset));
  }
  if (!isObject(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new CoverageParseError(source, `expected a JSON object keyed by source file path, got ${got}`);
  }
  return value;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Where JSON.parse failed, found by a small scan of the JSON grammar: V8's messages differ between
 * Node versions and name a position only for some errors. Runs only after a failed parse.
 */
function locateJsonError(text: string): { offset: number; reason: string } | undefined {
  const n = text.length;
  const stack: string[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < n) {
      const c = text[i];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') break;
      i += 1;
    }
  };
  const unexpected = (): { offset: number; reason: string } =>
    i >= n
      ? { offset: n, reason: 'unexpected end of input' }
      : { offset: i, reason: `unexpected character ${JSON.stringify(text[i])}` };
  /** Scans a string at text[i] === '"'; false (i at the fault) when it is not a valid one. */
  const scanString = (): boolean => {
    i += 1;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i += 1;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i += 1;
          return false;
        }
      } else i += 1;
    }
    return false;
  };

  type State = 'value' | 'key' | 'after';
  let state: State = 'value';
  for (;;) {
    skipSpace();
    if (state === 'value') {
      const c = text[i];
      if (c === '{' || c === '[') {
        i += 1;
        skipSpace();
        if (text[i] === (c === '{' ? '}' : ']')) {
          i += 1;
          state = 'after';
        } else {
          stack.push(c);
          state = c === '{' ? 'key' : 'value';
        }
      } else if (c === '"') {
        if (!scanString()) return unexpected();
        state = 'after';
      } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
        i += 4;
        state = 'after';
      } else if (text.startsWith('false', i)) {
        i += 5;
        state = 'after';
      } else {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return unexpected();
        i = NUMBER.lastIndex;
        state = 'after';
      }
    } else if (state === 'key') {
      if (text[i] !== '"' || !scanString()) return unexpected();
      skipSpace();
      if (text[i] !== ':') return unexpected();
      i += 1;
      state = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? unexpected() : undefined;
      const c = text[i];
      if (c === ',') {
        i += 1;
        state = top === '{' ? 'key' : 'value';
      } else if ((top === '{' && c === '}') || (top === '[' && c === ']')) {
        i += 1;
        stack.pop();
      } else return unexpected();
    }
  }
}
