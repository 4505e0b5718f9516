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
 * Read one top-level entry (one source file) at a time (topLevelEntries): a monorepo's coverage-final.json
 * runs to hundreds of MB, and JSON.parse of it whole needs ten times that.
 */
import { StringDecoder } from 'node:string_decoder';
import {
  CoverageParseError,
  inPieces,
  type Counter,
  type CoverageReport,
  type FileCoverage,
} from './model.js';
import { CoverageBuilder, lineOutOfRange, MAX_LINE, type PackedBranches } from './packed.js';

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses `coverage-summary.json`: one file per key except `total` (the report's own sum, not a file). */
export async function parseIstanbulSummary(
  input: AsyncIterable<string | Buffer>,
  source: string,
): Promise<CoverageReport> {
  const byPath = new Map<string, FileCoverage>();
  let wrong: unknown; // said after the whole report is read (a syntax error further on comes first)
  for await (const [key, entry] of topLevelEntries(input, source)) {
    if (key === 'total' || wrong !== undefined) continue;
    try {
      summaryEntry(byPath, key, entry, source);
    } catch (error) {
      wrong = error;
    }
  }
  if (wrong !== undefined) throw wrong;
  return { format: 'istanbul-json-summary', source, files: [...byPath.values()] };
}

function summaryEntry(byPath: Map<string, FileCoverage>, key: string, entry: unknown, source: string): void {
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
  byPath.delete(key); // a key given twice: the last one counts, as JSON.parse would have it
  byPath.set(key, {
    path: key,
    summary: {
      lines: summaryCounter(entry, 'lines', source, where) ?? missing(source, where, 'lines'),
      branches: summaryCounter(entry, 'branches', source, where),
      functions: summaryCounter(entry, 'functions', source, where),
    },
  });
}

/** Parses `coverage-final.json`: one file per key, figures derived as istanbul derives them. */
export async function parseIstanbulFinal(
  input: AsyncIterable<string | Buffer>,
  source: string,
): Promise<CoverageReport> {
  const byPath = new Map<string, FileCoverage>();
  const data = new CoverageBuilder();
  // A file the report gets wrong is said once the whole report has been read: a JSON syntax error
  // further on is the one to fix first.
  let wrong: unknown;
  for await (const [key, entry] of topLevelEntries(input, source)) {
    if (wrong !== undefined) continue;
    try {
      byPath.delete(key); // a key given twice: the last one counts, as JSON.parse would have it
      byPath.set(key, fileFromFinal(key, entry, source, data));
    } catch (error) {
      wrong = error;
    }
  }
  if (wrong !== undefined) throw wrong;
  return { format: 'istanbul-json', source, files: [...byPath.values()] };
}

function fileFromFinal(key: string, entry: unknown, source: string, data: CoverageBuilder): FileCoverage {
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
  for (const [id, hits] of Object.entries(s)) {
    const count = hitCount(hits, source, `${where}: s[${JSON.stringify(id)}]`);
    const stmt = Object.hasOwn(statementMap, id) ? statementMap[id] : undefined;
    if (stmt === undefined) continue; // istanbul skips a count without a statement, too
    const line = startLine(stmt, source, `${where}: statementMap[${JSON.stringify(id)}]`);
    data.line(line, count);
  }
  const lines = data.takeLines();

  // computeBranchTotals(): over `b`; per line as getBranchCoverageByLine() (branchMap line, else loc start).
  let branches: PackedBranches | undefined;
  let branchTotals: Counter | null = null;
  if (isObject(entry.b)) {
    const branchMap = isObject(entry.branchMap) ? entry.branchMap : {};
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
      data.addBranches(line, covered, arms.length);
    }
    branches = data.takeBranches();
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

  return data.file(key, lines, branches, {
    lines: { covered: lines.covered, total: lines.size },
    branches: branchTotals,
    functions,
  });
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
  if (line < 0 || line > MAX_LINE) throw new CoverageParseError(source, `${at}: ${lineOutOfRange(line)}`);
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

/**
 * The entries of the report's top-level object, one at a time: each file's value is cut out of the
 * stream by a small scan (strings, escapes, nesting) and parsed alone, so memory follows the largest
 * file, not the report (a 449 MB coverage-final.json read whole took Node past 4.5 GB and down).
 * Errors carry the report's line:column; a root that is not an object is named.
 */
export async function* topLevelEntries(
  input: AsyncIterable<string | Buffer>,
  source: string,
): AsyncGenerator<[string, unknown]> {
  const decoder = new StringDecoder('utf8');
  type State = 'before' | 'first-key' | 'key-start' | 'key' | 'colon' | 'value-start' | 'value' | 'done';
  let state: State = 'before';
  // Where a character is, counted only up to where it is asked (line breaks found with indexOf).
  let line = 1;
  let column = 0; // of the character before `counted`
  let counted = 0;
  let text = '';
  let first = true;
  const at = (i: number): { line: number; column: number } => {
    for (let nl = text.indexOf('\n', counted); nl !== -1 && nl < i; nl = text.indexOf('\n', nl + 1)) {
      line += 1;
      column = 0;
      counted = nl + 1;
    }
    column += i - counted;
    counted = i;
    return { line, column: column + 1 };
  };
  let key: string[] = [];
  let value: string[] = [];
  let valueAt = { line: 1, column: 1 };
  let inString = false;
  let escaped = false;
  let depth = 0;
  const fail = (reason: string, where: { line: number; column: number }): never => {
    throw new CoverageParseError(source, `not valid JSON: ${reason}`, where);
  };
  const entry = (): [string, unknown] => {
    const rawKey = key.join('');
    const body = value.join('');
    key = [];
    value = [];
    let name: string;
    try {
      name = JSON.parse(`"${rawKey}"`) as string;
    } catch {
      return fail('a key is not a valid JSON string', valueAt);
    }
    try {
      return [name, JSON.parse(body)];
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      const found = locateJsonError(body);
      const inner = lineColumn(body, found?.offset ?? 0);
      return fail(
        found?.reason ?? error.message,
        inner.line === 1
          ? { line: valueAt.line, column: valueAt.column + inner.column - 1 }
          : { line: valueAt.line + inner.line - 1, column: inner.column },
      );
    }
  };
  const rootKind = (c: string): string | undefined =>
    c === '['
      ? 'an array'
      : c === '"'
        ? 'a string'
        : /[-0-9]/.test(c)
          ? 'a number'
          : c === 't' || c === 'f'
            ? 'a boolean'
            : c === 'n'
              ? 'null'
              : undefined;
  const IN_STRING = /["\\]/g;
  const IN_VALUE = /["\\{}[\],]/g;

  for await (const chunk of inPieces(input)) {
    text = typeof chunk === 'string' ? decoder.end() + chunk : decoder.write(chunk);
    counted = 0;
    let from = 0; // where the piece of key or value in this chunk starts
    let i = 0;
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) i = counted = 1;
    }
    while (i < text.length) {
      if (state === 'key' || (state === 'value' && inString)) {
        if (escaped) {
          escaped = false;
          i += 1;
          continue;
        }
        IN_STRING.lastIndex = i;
        const m = IN_STRING.exec(text);
        if (m === null) break;
        i = m.index + 1;
        if (m[0] === '\\') escaped = true;
        else if (state === 'key') {
          key.push(text.slice(from, m.index));
          state = 'colon';
        } else inString = false;
        continue;
      }
      if (state === 'value') {
        IN_VALUE.lastIndex = i;
        const m = IN_VALUE.exec(text);
        if (m === null) break;
        i = m.index + 1;
        const c = m[0];
        if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth += 1;
        else if (depth > 0 && (c === '}' || c === ']')) depth -= 1;
        else if (depth === 0 && (c === ',' || c === '}')) {
          value.push(text.slice(from, m.index));
          yield entry();
          state = c === ',' ? 'key-start' : 'done';
        } else if (depth === 0) fail(`unexpected character ${JSON.stringify(c)}`, at(m.index));
        continue;
      }
      const c = text[i] as string;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        i += 1;
        continue;
      }
      switch (state) {
        case 'before':
          if (c !== '{') {
            const kind = rootKind(c);
            if (kind)
              throw new CoverageParseError(
                source,
                `expected a JSON object keyed by source file path, got ${kind}`,
              );
            fail(`unexpected character ${JSON.stringify(c)}`, at(i));
          }
          state = 'first-key';
          break;
        case 'first-key':
        case 'key-start':
          if (c === '}' && state === 'first-key') state = 'done';
          else if (c === '"') {
            state = 'key';
            from = i + 1;
            valueAt = at(i);
          } else fail(`unexpected character ${JSON.stringify(c)}`, at(i));
          break;
        case 'colon':
          if (c !== ':') fail(`unexpected character ${JSON.stringify(c)}`, at(i));
          state = 'value-start';
          break;
        case 'value-start':
          state = 'value';
          from = i;
          valueAt = at(i);
          inString = false;
          depth = 0;
          continue; // the value's first character, read as part of it
        case 'done':
          fail(`unexpected character ${JSON.stringify(c)} after the end of the report`, at(i));
      }
      i += 1;
    }
    if (state === 'key') key.push(text.slice(from));
    if (state === 'value') value.push(text.slice(from));
    at(text.length);
  }
  if ((state as State) !== 'done') {
    const end = at(text.length);
    fail('unexpected end of input', end);
  }
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
