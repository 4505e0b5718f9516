import { describe, expect, test } from '@jest/globals';
import { once } from 'node:events';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseIstanbulFinal, parseIstanbulSummary } from '../../src/coverage/istanbul.js';
import { MAX_LCOV_LINE_CHARS, parseLcov } from '../../src/coverage/lcov.js';
import { CoverageParseError, totalsOf, type Counter, type CoverageReport } from '../../src/coverage/model.js';
import { SNIFF_BYTES, sniffTextFormat } from '../../src/coverage/sniff-text.js';
import { plainReport } from '../helpers/coverage-report.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/coverage');

interface ManifestFigures {
  lines: Counter;
  branches?: Counter | null;
  functions?: Counter | null;
}
interface ManifestReport {
  id: string;
  format: string;
  path: string;
  reference: ManifestFigures;
  reference_alternatives?: Record<string, ManifestFigures>;
  per_file?: (ManifestFigures & { file: string })[];
}
const manifest = JSON.parse(readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8')) as {
  reports: ManifestReport[];
};

/**
 * The figures of the tool that WROTE each report (issue 5's rule). For every report but one that is
 * the manifest's reference. coverage.py's lcov is the exception: its reference is lcov's own reading
 * (`lcov --summary`, 52 of 62 lines), which counts the DA records coverage.py 6.5 writes for executed
 * non-statements; coverage.py itself reported 50 of 60 for that run — the manifest's alternative
 * "coverage.py json totals", and per file the coverage.py JSON report of the same run.
 */
function writersOwn(r: ManifestReport): ManifestReport {
  if (r.id !== 'coveragepy-lcov') return r;
  const own = r.reference_alternatives?.['coverage.py json totals (what coverage.py meant)'];
  const json = manifest.reports.find((x) => x.id === 'coveragepy-json');
  if (own === undefined || json?.per_file === undefined)
    throw new Error('manifest: coverage.py figures missing');
  return { ...r, reference: { ...r.reference, ...own }, per_file: json.per_file };
}

type Parser = (input: AsyncIterable<string | Buffer>, source: string) => Promise<CoverageReport>;
const PARSERS: Record<string, Parser> = {
  lcov: parseLcov,
  'istanbul-json-summary': parseIstanbulSummary,
  'istanbul-json': parseIstanbulFinal,
};

const textReports = manifest.reports.filter((r) => r.format in PARSERS);

const parseFixture = (r: ManifestReport): Promise<CoverageReport> =>
  (PARSERS[r.format] as Parser)(createReadStream(path.join(FIXTURES, r.path)), r.path);

/** Feeds text as the given chunks (Readable.from yields each element as one chunk). */
const chunks = (...parts: (string | Buffer)[]): Readable => Readable.from(parts, { objectMode: true });
const lcov = (text: string, source = 't.info'): Promise<CoverageReport> => parseLcov(chunks(text), source);

/** The error a promise rejects with, for exact-message assertions. */
async function failure(p: Promise<unknown>): Promise<CoverageParseError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof CoverageParseError) return error;
    throw error;
  }
  throw new Error('expected a CoverageParseError, but parsing succeeded');
}

describe('manifest reports', () => {
  test('covers every lcov and istanbul report of the manifest', () => {
    expect(textReports.map((r) => r.id).sort()).toEqual(
      [
        'c8-json',
        'c8-json-summary',
        'c8-lcov',
        'coveragepy-lcov',
        'lcov-gcc',
        'lcov-gcc-merged',
        'lcov-gcc-nobranch',
        'nyc-json',
        'nyc-json-summary',
        'nyc-lcov',
      ].sort(),
    );
  });

  test.each(textReports.map(writersOwn))('$id ($path): totals equal the tool’s own', async (r) => {
    const report = await parseFixture(r);
    expect(report.format).toBe(r.format);
    expect(report.source).toBe(r.path);
    const totals = totalsOf(report.files);
    expect(totals.lines).toEqual(r.reference.lines);
    if (r.reference.branches !== undefined) expect(totals.branches).toEqual(r.reference.branches);
    if (r.reference.functions !== undefined) expect(totals.functions).toEqual(r.reference.functions);
  });

  test.each(textReports.map(writersOwn).filter((r) => r.per_file !== undefined))(
    '$id ($path): per-file figures equal the tool’s own',
    async (r) => {
      const report = await parseFixture(r);
      for (const want of r.per_file ?? []) {
        const got = report.files.find((f) => f.path === want.file);
        expect({ file: want.file, found: got !== undefined }).toEqual({ file: want.file, found: true });
        expect({ file: want.file, lines: got?.summary.lines }).toEqual({
          file: want.file,
          lines: want.lines,
        });
        if (want.branches !== undefined) {
          expect({ file: want.file, branches: got?.summary.branches }).toEqual({
            file: want.file,
            branches: want.branches,
          });
        }
        if (want.functions !== undefined) {
          expect({ file: want.file, functions: got?.summary.functions }).toEqual({
            file: want.file,
            functions: want.functions,
          });
        }
      }
    },
  );

  test.each(manifest.reports.map((r) => ({ ...r, want: r.format in PARSERS ? r.format : undefined })))(
    'sniffTextFormat($path) → $want',
    (r) => {
      const head = readFileSync(path.join(FIXTURES, r.path)).subarray(0, SNIFF_BYTES).toString('utf8');
      expect(sniffTextFormat(head)).toBe(r.want);
    },
  );
});

describe('sniffTextFormat', () => {
  test.each([
    ['geninfo, test name first', 'TN:demo\nSF:/src/a.c\nDA:1,1\n', 'lcov'],
    ['geninfo without a test name', 'SF:/src/a.c\nDA:1,1\nend_of_record\n', 'lcov'],
    ['CRLF, BOM and leading blank lines', '\uFEFF\r\n\r\nTN:\r\nSF:a.js\r\n', 'lcov'],
    ['summary, total first', '{"total": {"lines":{"total":3,"covered":1}', 'istanbul-json-summary'],
    [
      'summary, a file first',
      '{\n  "/a.js": {\n    "lines": { "total": 3, "covered": 1 } } }',
      'istanbul-json-summary',
    ],
    ['final', '{"/a.js": {"path":"/a.js","statementMap":{"0":{"start":{"line":1', 'istanbul-json'],
    [
      'final, pretty-printed',
      '{\n  "/a.js": {\n    "path": "/a.js",\n    "statementMap": {}',
      'istanbul-json',
    ],
    [
      'coverage.py JSON',
      '{"meta": {"version": "6.5.0"}, "files": {"a.py": {"executed_lines": [1]}}}',
      undefined,
    ],
    ['gcovr JSON', '{"files": [{"file": "main.c", "lines": [{"line_number": 5, "count": 2}]}]}', undefined],
    ['an empty object', '{}', undefined],
    ['XML', '<?xml version="1.0"?><coverage line-rate="0.5">', undefined],
    ['lcov record not first', 'hello\nSF:a.c\n', undefined],
    ['empty', '', undefined],
  ])('%s', (_name, head, want) => {
    expect(sniffTextFormat(head)).toBe(want);
  });
});

describe('parseLcov', () => {
  test('a branch is one branch over records, whatever its block and branch are written as; huge line numbers are refused', async () => {
    const report = await lcov(
      [
        'SF:/src/a.c',
        'DA:1,1',
        'BRDA:1,0,0,1',
        'BRDA:1,0,00,0', // "00" is another branch name than "0" to lcov
        'BRDA:1,e1,(a > b) ? x : y,-',
        'BRDA:1,99999,99999,0',
        'end_of_record',
        'SF:/src/b.c',
        'DA:1,0',
        'end_of_record',
        'SF:/src/a.c',
        'BRDA:1,0,0,0', // taken in the first record: stays taken
        'BRDA:1,e1,(a > b) ? x : y,2', // now taken
        'BRDA:2,99999,99999,1',
        'end_of_record',
      ].join('\n'),
    );
    const a = report.files.find((f) => f.path === '/src/a.c');
    expect(a?.summary.branches).toEqual({ covered: 3, total: 5 });
    expect(new Map(a?.branches)).toEqual(
      new Map([
        [1, { covered: 2, total: 4 }],
        [2, { covered: 1, total: 1 }],
      ]),
    );
    await expect(lcov('SF:/src/a.c\nDA:16777216,1\nend_of_record\n')).rejects.toThrow(
      't.info:2:4: line number 16777216 is out of range (0 to 16777215)',
    );
    await expect(lcov('SF:/src/a.c\nBRDA:99999999999,0,0,1\n')).rejects.toThrow(
      'line number 99999999999 is out of range',
    );
  });

  test.each([
    ['DA:x,1', 'malformed DA record "DA:x,1"; expected DA:<line>,<hits>[,<checksum>]'],
    ['DA:3', 'malformed DA record "DA:3"; expected DA:<line>,<hits>[,<checksum>]'],
    ['DA:3,', 'malformed DA record "DA:3,"; expected DA:<line>,<hits>[,<checksum>]'],
    ['DA:3,1.5', 'malformed DA record "DA:3,1.5"; expected DA:<line>,<hits>[,<checksum>]'],
    ['DA:-3,1', 'malformed DA record "DA:-3,1"; expected DA:<line>,<hits>[,<checksum>]'],
    ['BRDA:1,0,0', 'malformed BRDA record "BRDA:1,0,0"; expected BRDA:<line>,<block>,<branch>,<taken or ->'],
    [
      'BRDA:1,0,0,x',
      'malformed BRDA record "BRDA:1,0,0,x"; expected BRDA:<line>,<block>,<branch>,<taken or ->',
    ],
    [
      'BRDA:a,0,0,1',
      'malformed BRDA record "BRDA:a,0,0,1"; expected BRDA:<line>,<block>,<branch>,<taken or ->',
    ],
    ['FN:main', 'malformed FN record "FN:main"; expected FN:<line>,[<end line>,]<function name>'],
    ['FN:3,', 'malformed FN record "FN:3,"; expected FN:<line>,[<end line>,]<function name>'],
    ['FNDA:x,main', 'malformed FNDA record "FNDA:x,main"; expected FNDA:<hits>,<function name>'],
    ['FNDA:1', 'malformed FNDA record "FNDA:1"; expected FNDA:<hits>,<function name>'],
    ['FNA:0,main', 'malformed FNA record "FNA:0,main"; expected FNA:<index>,<hits>,<function name>'],
    ['LF:abc', 'malformed LF record "LF:abc"; expected LF:<number>'],
    ['BRH:-1', 'malformed BRH record "BRH:-1"; expected BRH:<number>'],
    ['SF:', 'malformed SF record "SF:"; expected SF:<source file path>'],
    [
      `DA:1,x${'y'.repeat(200)}`,
      `malformed DA record "DA:1,x${'y'.repeat(111)}..."; expected DA:<line>,<hits>[,<checksum>]`,
    ],
  ])('line 3 %j → exact message', async (bad, message) => {
    const error = await failure(lcov(`TN:\nSF:/src/a.c\n${bad}\nDA:4,1\nend_of_record\n`));
    expect(error.message).toBe(`t.info:3:1: ${message}`);
    expect(error.file).toBe('t.info');
    expect(error.position).toEqual({ line: 3, column: 1 });
  });

  test.each([
    [
      'a record before any SF',
      'TN:\nDA:1,1\n',
      't.info:2:1: DA record outside a file record (expected SF:<path> before it)',
    ],
    [
      'a record after end_of_record',
      'SF:a.c\nDA:1,1\nend_of_record\nBRDA:1,0,0,1\n',
      't.info:4:1: BRDA record outside a file record (expected SF:<path> before it)',
    ],
    [
      'not lcov at all',
      '<?xml version="1.0"?>\n<coverage/>\n',
      't.info: no SF: records; is this an lcov tracefile?',
    ],
  ])('%s', async (_name, text, message) => {
    expect((await failure(lcov(text))).message).toBe(message);
  });

  test('a line longer than the limit stops the read (a one-line XML report given as lcov)', async () => {
    const long = `<report>${'<line nr="1"/>'.repeat(Math.ceil(MAX_LCOV_LINE_CHARS / 14))}`;
    const error = await failure(
      parseLcov(chunks('TN:\n', long.slice(0, 1000), long.slice(1000)), 'big.info'),
    );
    expect(error.message).toBe(
      `big.info:2:1: line longer than ${MAX_LCOV_LINE_CHARS} characters; is this an lcov tracefile?`,
    );
  });

  test('unknown records, TN and blank lines are skipped; an empty input has no files', async () => {
    const report = await lcov('VER:2.0\nTN:unit\n\nSF:a.c\nMCDC:3,2,t,1,0,x\nDA:1,1\nXYZ\nend_of_record\n');
    expect(report.files.map((f) => [f.path, [...(f.lines ?? [])]])).toEqual([['a.c', [[1, 1]]]]);
    expect((await lcov('')).files).toEqual([]);
    expect((await lcov('\n\n')).files).toEqual([]);
  });

  test('"-" taken is a branch not taken; branch ids merge across records, "-" + n = n', async () => {
    const report = await lcov(
      [
        'SF:a.c',
        'BRDA:10,0,0,-',
        'BRDA:10,0,1,-',
        'BRDA:12,0,0,0',
        'BRDA:12,0,1,3',
        'DA:10,0',
        'end_of_record',
        'SF:a.c',
        'BRDA:10,0,0,2',
        'BRDA:10,0,1,-',
        'BRDA:12,0,0,-',
        'end_of_record',
      ].join('\n'),
    );
    const [file] = report.files;
    expect(report.files).toHaveLength(1);
    expect([...(file?.branches ?? [])]).toEqual([
      [10, { covered: 1, total: 2 }],
      [12, { covered: 1, total: 2 }],
    ]);
    expect(file?.summary.branches).toEqual({ covered: 2, total: 4 });
  });

  test('DA and BRDA read in place equal the general reading: CRLF, blanks, a leading zero, -, checksums', async () => {
    // The fast path (records read inside the chunk) and the slow one (a line cut out) meet in one file.
    const report = await lcov(
      [
        'SF:a.c',
        'DA:3,2,abc123==\r',
        'DA:03,1  ',
        '  DA:4,0',
        'DA:5,-7',
        'BRDA:7,0,0,1\r',
        'BRDA:07,0,0,2',
        'BRDA:7,0,1,-  ',
        '\tBRDA:8,1,0,0',
        'end_of_record',
      ].join('\n'),
    );
    const [file] = report.files;
    expect([...(file?.lines ?? [])]).toEqual([
      [3, 1],
      [4, 0],
      [5, 0],
    ]);
    expect([...(file?.branches ?? [])]).toEqual([
      [7, { covered: 1, total: 2 }],
      [8, { covered: 0, total: 1 }],
    ]);
  });

  test.each([
    ['DA:3,1x', 'malformed DA record "DA:3,1x"; expected DA:<line>,<hits>[,<checksum>]'],
    ['DA:3,,1', 'malformed DA record "DA:3,,1"; expected DA:<line>,<hits>[,<checksum>]'],
    [
      'BRDA:7,0,0,-1',
      'malformed BRDA record "BRDA:7,0,0,-1"; expected BRDA:<line>,<block>,<branch>,<taken or ->',
    ],
    [
      'BRDA:7,0,0,1 x',
      'malformed BRDA record "BRDA:7,0,0,1 x"; expected BRDA:<line>,<block>,<branch>,<taken or ->',
    ],
  ])('%j, in the in-place reader’s shape but malformed, is reported at its line', async (bad, message) => {
    const error = await failure(lcov(`SF:a.c\nDA:1,1\n${bad}\nend_of_record\n`));
    expect(error.message).toBe(`t.info:3:1: ${message}`);
  });

  test('two records for one SF merge line by line (hits add), functions by name; LF/LH are not summed', async () => {
    const report = await lcov(
      [
        'TN:run1',
        'SF:/src/a.c',
        'FN:1,main',
        'FN:7,helper',
        'FNDA:1,main',
        'FNDA:0,helper',
        'FNF:2',
        'FNH:1',
        'DA:1,1',
        'DA:2,0',
        'DA:3,0',
        'LF:3',
        'LH:1',
        'end_of_record',
        'TN:run2',
        'SF:/src/b.c',
        'DA:1,0',
        'end_of_record',
        'TN:run2',
        'SF:/src/a.c',
        'FN:7,helper',
        'FNDA:4,helper',
        'DA:2,5',
        'DA:3,0',
        'DA:9,1',
        'LF:3',
        'LH:2',
        'end_of_record',
      ].join('\n'),
    );
    expect(report.files.map((f) => f.path)).toEqual(['/src/a.c', '/src/b.c']);
    const [a] = report.files;
    expect([...(a?.lines ?? [])]).toEqual([
      [1, 1],
      [2, 1],
      [3, 0],
      [9, 1],
    ]);
    expect(a?.summary).toEqual({
      lines: { covered: 3, total: 4 },
      branches: null,
      functions: { covered: 2, total: 2 },
    });
    expect(a?.branches).toBeUndefined();
  });

  test('a record split across chunk boundaries, even inside a UTF-8 character, reads the same', async () => {
    const text = [
      'TN:',
      'SF:/src/héllo/ünïcødé-€.c',
      'FN:3,grüßen',
      'FNDA:2,grüßen',
      'DA:3,2',
      'DA:4,0,abc/def==',
      'BRDA:4,0,0,-',
      'BRDA:4,0,1,7',
      'end_of_record',
      '',
    ].join('\n');
    const whole = plainReport(await lcov(text));
    expect(whole.files[0]?.path).toBe('/src/héllo/ünïcødé-€.c');
    const bytes = Buffer.from(text, 'utf8');
    for (const size of [1, 2, 3, 5, 7]) {
      const parts: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
      expect(plainReport(await parseLcov(chunks(...parts), 't.info'))).toEqual(whole);
    }
    // CRLF line ends and no final newline: the same again.
    expect(plainReport(await lcov(text.trimEnd().replace(/\n/g, '\r\n')))).toEqual(whole);
    // String chunks mixed with Buffer chunks.
    expect(
      plainReport(
        await parseLcov(
          chunks(text.slice(0, 20), bytes.subarray(Buffer.byteLength(text.slice(0, 20)))),
          't.info',
        ),
      ),
    ).toEqual(whole);
  });

  test.each([
    ['lcov 2 FN with an end line', 'FN:3,9,main\nFNDA:1,main\n', { covered: 1, total: 1 }],
    [
      'a C++ name with commas',
      'FN:3,std::pair<int, int> f(int, int)\nFNDA:0,std::pair<int, int> f(int, int)\n',
      { covered: 0, total: 1 },
    ],
    ['FNDA before its FN', 'FNDA:2,main\nFN:3,main\n', { covered: 1, total: 1 }],
    [
      'lcov 2.2 FNL/FNA: aliases of one function',
      'FNL:0,3,9\nFNA:0,0,f_a\nFNA:0,2,f_b\nFNL:1,12\nFNA:1,0,g\n',
      { covered: 1, total: 2 },
    ],
    ['no function records', 'DA:1,1\n', null],
    ['FNF:0 only', 'FNF:0\nFNH:0\n', null],
  ])('functions: %s', async (_name, records, want) => {
    const report = await lcov(`SF:a.cc\n${records}DA:1,1\nend_of_record\n`);
    expect(report.files[0]?.summary.functions).toEqual(want);
  });

  test.each([
    [
      'data and stated figures disagree: the data wins (coverage.py LH > LF)',
      'DA:1,1\nDA:2,1\nLF:1\nLH:2\n',
      { covered: 2, total: 2 },
    ],
    ['a summary-only record: its stated figures', 'LF:10\nLH:4\n', { covered: 4, total: 10 }],
    ['nothing at all', 'LF:0\nLH:0\n', { covered: 0, total: 0 }],
    ['a negative hit count (old gcov overflow) is not hit', 'DA:1,-1\nDA:2,3\n', { covered: 1, total: 2 }],
  ])('lines: %s', async (_name, records, want) => {
    const report = await lcov(`SF:a.c\n${records}end_of_record\n`);
    expect(report.files[0]?.summary.lines).toEqual(want);
  });

  test.each([
    ['no BRDA, no BRF: null', 'DA:1,1\n', null],
    ['BRF:0 alone is no data, as lcov reads it: null', 'DA:1,1\nBRF:0\nBRH:0\n', null],
    ['summary-only BRF/BRH', 'DA:1,1\nBRF:4\nBRH:3\n', { covered: 3, total: 4 }],
    [
      'BRDA counted over stated BRF/BRH',
      'BRDA:1,0,0,1\nBRDA:1,0,1,0\nBRF:9\nBRH:9\n',
      { covered: 1, total: 2 },
    ],
  ])('branches: %s', async (_name, records, want) => {
    const report = await lcov(`SF:a.c\n${records}end_of_record\n`);
    expect(report.files[0]?.summary.branches).toEqual(want);
  });

  test('a 50 MB tracefile streams with bounded memory', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-lcov-'));
    const file = path.join(dir, 'big.info');
    try {
      // 400 source files of 200 lines and 40 branches, written again and again (split runs merged)
      // until the file passes 50 MB: the parsed model stays small, so memory measures the streaming.
      const FILES = 400;
      const LINES = 200;
      const BRANCHES = 40;
      const record = (f: number, run: number): string => {
        const out = [
          `TN:run${run}`,
          `SF:/ci-runner/src/module${f}/file${f}.c`,
          `FN:1,fn${f}`,
          `FNDA:${run},fn${f}`,
        ];
        for (let l = 1; l <= LINES; l++) out.push(`DA:${l},${l % 4 === 0 ? 0 : run + l}`);
        for (let b = 0; b < BRANCHES; b++) out.push(`BRDA:${b * 5 + 1},0,${b},${b % 2 === 0 ? '-' : run}`);
        out.push(`LF:${LINES}`, `LH:${LINES - LINES / 4}`, 'end_of_record', '');
        return out.join('\n');
      };
      const out = createWriteStream(file);
      let runs = 0;
      for (let written = 0; written < 50 * 1024 * 1024; runs++) {
        let batch = '';
        for (let f = 0; f < FILES; f++) batch += record(f, runs);
        written += batch.length;
        if (!out.write(batch)) await once(out, 'drain');
      }
      out.end();
      await finished(out);
      expect((await stat(file)).size).toBeGreaterThan(50 * 1024 * 1024);

      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 5);
      let report: CoverageReport;
      try {
        report = await parseLcov(createReadStream(file), 'big.info');
      } finally {
        clearInterval(sampler);
      }
      peak = Math.max(peak, process.memoryUsage().rss);

      expect(report.files).toHaveLength(FILES);
      expect(totalsOf(report.files)).toEqual({
        lines: { covered: FILES * (LINES - LINES / 4), total: FILES * LINES },
        // the odd arms are taken from run 1 on; the even ones are "-" in every run.
        branches: { covered: (FILES * BRANCHES) / 2, total: FILES * BRANCHES },
        functions: { covered: FILES, total: FILES },
      });
      expect(report.files[0]?.lines?.get(1)).toBe(1);
      // Loose: holding the text (or its lines) would take several times the file's 50 MB.
      expect(peak - before).toBeLessThan(100 * 1024 * 1024);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('lcov written by coverage.py: counted as coverage.py counts', () => {
  const K = 'mUDsnWRiqW9R9nTILGKIZg'; // a line checksum as coverage.py writes it (22 base64 characters)
  test.each<[string, string, { lines: Counter; branches: Counter | null; writer?: string }]>([
    [
      'coverage.py 6.5: a docstring line executed but no statement (LH > LF)',
      `TN:\nSF:a.py\nDA:1,1,${K}\nDA:2,1,${K}\nDA:5,0,${K}\nLF:2\nLH:2\nBRF:0\nBRH:0\nend_of_record\n`,
      { lines: { covered: 1, total: 2 }, branches: { covered: 0, total: 0 }, writer: 'coverage.py' },
    ],
    [
      'coverage.py 7: DA only for statements — the same as counting',
      `TN:\nSF:a.py\nDA:1,1,${K}\nDA:3,0,${K}\nLF:2\nLH:1\nBRDA:3,0,0,-\nBRDA:0,0,1,1\nBRF:2\nBRH:1\nend_of_record\n`,
      { lines: { covered: 1, total: 2 }, branches: { covered: 1, total: 2 }, writer: 'coverage.py' },
    ],
    [
      'no checksums: counted from the records, as lcov does',
      'SF:a.py\nDA:1,1\nDA:2,1\nDA:5,0\nLF:2\nLH:2\nend_of_record\n',
      { lines: { covered: 2, total: 3 }, branches: null },
    ],
    [
      'geninfo --checksum (FN records too): counted from the records',
      `SF:a.c\nFN:1,main\nFNDA:1,main\nDA:1,1,${K}\nDA:2,1,${K}\nDA:5,0,${K}\nLF:2\nLH:2\nend_of_record\n`,
      { lines: { covered: 2, total: 3 }, branches: null },
    ],
  ])('%s', async (_what, text, want) => {
    const report = await lcov(text);
    const [file] = report.files;
    expect({ lines: file?.summary.lines, branches: file?.summary.branches, writer: report.writer }).toEqual({
      lines: want.lines,
      branches: want.branches,
      writer: want.writer,
    });
  });

  test('BRDA:0 (the "exit the function" arc) counts in the totals but sits on no line', async () => {
    const report = await lcov(
      `TN:\nSF:a.py\nDA:1,1,${K}\nLF:1\nLH:1\nBRDA:0,0,0,-\nBRDA:1,0,1,1\nend_of_record\n`,
    );
    const file = report.files[0];
    expect(file?.summary.branches).toEqual({ covered: 1, total: 2 });
    expect([...(file?.branches?.keys() ?? [])]).toEqual([1]);
  });
});

describe('parseIstanbulSummary', () => {
  const summary = (text: string): Promise<CoverageReport> => parseIstanbulSummary(chunks(text), 's.json');

  test('skips the total key; keeps each file’s stated figures, no line data', async () => {
    const report = await summary(
      JSON.stringify({
        total: { lines: { total: 99, covered: 1 } },
        '/src/a.js': {
          lines: { total: 8, covered: 5, skipped: 0, pct: 62.5 },
          statements: { total: 9, covered: 6, skipped: 0, pct: 66.66 },
          functions: { total: 4, covered: 3, skipped: 0, pct: 75 },
          branches: { total: 0, covered: 0, skipped: 0, pct: 100 },
        },
        '/src/b.js': { lines: { total: 1, covered: 1 } },
      }),
    );
    expect(report.files).toEqual([
      {
        path: '/src/a.js',
        summary: {
          lines: { covered: 5, total: 8 },
          branches: { covered: 0, total: 0 },
          functions: { covered: 3, total: 4 },
        },
      },
      { path: '/src/b.js', summary: { lines: { covered: 1, total: 1 }, branches: null, functions: null } },
    ]);
    expect((await summary('{"total": {"lines": {"total": 0, "covered": 0}}}')).files).toEqual([]);
  });

  test.each([
    ['[]', 's.json: expected a JSON object keyed by source file path, got an array'],
    ['null', 's.json: expected a JSON object keyed by source file path, got null'],
    ['"lcov"', 's.json: expected a JSON object keyed by source file path, got a string'],
    ['{"a.js": 3}', 's.json: "a.js": expected an object of lines/statements/functions/branches totals'],
    [
      '{"a.js": {"branches": {"total": 1, "covered": 0}}}',
      's.json: "a.js": has no lines totals ({"total": <count>, "covered": <count>})',
    ],
    [
      '{"a.js": {"lines": {"total": "8", "covered": 5}}}',
      's.json: "a.js".lines: expected {"total": <count>, "covered": <count>}, got {"total":"8","covered":5}',
    ],
    [
      '{"a.js": {"path": "a.js", "statementMap": {}, "s": {}}}',
      's.json: "a.js": has a statementMap but no lines totals; this is coverage-final.json (istanbul-json), not coverage-summary.json',
    ],
    ['{"a": 1,}', 's.json:1:9: not valid JSON: unexpected character "}"'],
    ['{\n  "a": {\n    "lines": tru\n  }\n}', 's.json:3:14: not valid JSON: unexpected character "t"'],
    ['{"a": {"lines": {"total": 1', 's.json:1:28: not valid JSON: unexpected end of input'],
    ['', 's.json:1:1: not valid JSON: unexpected end of input'],
    ['{"a": "x\ty"}', 's.json:1:9: not valid JSON: unexpected character "\\t"'],
    ['{"a": 1} {', 's.json:1:10: not valid JSON: unexpected character "{" after the end of the report'],
    ['{"a" 1}', 's.json:1:6: not valid JSON: unexpected character "1"'],
  ])('%j → exact message', async (text, message) => {
    expect((await failure(summary(text))).message).toBe(message);
  });
});

describe('parseIstanbulFinal', () => {
  const final = (data: unknown): Promise<CoverageReport> =>
    parseIstanbulFinal(chunks(JSON.stringify(data)), 'f.json');
  const loc = (line: number, column = 0) => ({ start: { line, column }, end: { line, column: column + 5 } });

  test('lines as getLineCoverage(): statements on their start line, the maximum count per line', async () => {
    const report = await final({
      '/src/a.js': {
        path: '/src/a.js',
        statementMap: {
          '0': loc(1),
          '1': loc(1, 10),
          '2': loc(2),
          '3': { start: { line: 3, column: 0 }, end: { line: 5, column: 1 } },
        },
        s: { '0': 0, '1': 4, '2': 0, '3': 1, '9': 7 },
        fnMap: { '0': { name: 'f', decl: loc(1), loc: loc(1) } },
        f: { '0': 0 },
        branchMap: {
          '0': { loc: loc(2), type: 'if', locations: [loc(2), loc(2)], line: 2 },
          '1': { loc: loc(3), type: 'cond-expr', locations: [loc(3), loc(4), loc(4)] },
        },
        b: { '0': [0, 3], '1': [1, 1, 0] },
      },
    });
    const [file] = report.files;
    expect([...(file?.lines ?? [])]).toEqual([
      [1, 1],
      [2, 0],
      [3, 1],
    ]);
    expect([...(file?.branches ?? [])]).toEqual([
      [2, { covered: 1, total: 2 }],
      [3, { covered: 2, total: 3 }],
    ]);
    expect(file?.summary).toEqual({
      lines: { covered: 2, total: 3 },
      branches: { covered: 3, total: 5 },
      functions: { covered: 0, total: 1 },
    });
  });

  test('an empty file (nyc --all of a file with no code) is 0 of 0 everywhere', async () => {
    const report = await final({
      '/e.js': { path: '/e.js', statementMap: {}, s: {}, fnMap: {}, f: {}, branchMap: {}, b: {} },
    });
    expect(report.files[0]?.summary).toEqual({
      lines: { covered: 0, total: 0 },
      branches: { covered: 0, total: 0 },
      functions: { covered: 0, total: 0 },
    });
  });

  test.each([
    [[1], 'f.json: expected a JSON object keyed by source file path, got an array'],
    [
      { 'a.js': { lines: { total: 1, covered: 1 } } },
      'f.json: "a.js": expected an istanbul FileCoverage object with statementMap and s; this is coverage-summary.json (istanbul-json-summary), not coverage-final.json',
    ],
    [
      { 'a.js': { statementMap: {} } },
      'f.json: "a.js": expected an istanbul FileCoverage object with statementMap and s',
    ],
    [
      { 'a.js': { statementMap: { '0': loc(1) }, s: { '0': 'x' } } },
      'f.json: "a.js": s["0"]: expected a hit count (a number >= 0), got "x"',
    ],
    [
      { 'a.js': { statementMap: { '0': { start: 1 } }, s: { '0': 1 } } },
      'f.json: "a.js": statementMap["0"]: expected a location {start: {line, column}, end}',
    ],
    [
      { 'a.js': { statementMap: {}, s: {}, b: { '0': 2 } } },
      'f.json: "a.js": b["0"]: expected an array of hit counts',
    ],
    [
      { 'a.js': { statementMap: {}, s: {}, f: { '0': -1 } } },
      'f.json: "a.js": f["0"]: expected a hit count (a number >= 0), got -1',
    ],
  ])('%j → exact message', async (data, message) => {
    expect((await failure(final(data))).message).toBe(message);
  });

  test('a JSON syntax error names the line and column', async () => {
    const error = await failure(
      parseIstanbulFinal(chunks('{\n  "a.js": {\n    "s": {"0": 1,}\n  }\n}'), 'f.json'),
    );
    expect(error.message).toBe('f.json:3:18: not valid JSON: unexpected character "}"');
    expect(error.position).toEqual({ line: 3, column: 18 });
  });
});
