/**
 * `coverage` as GitHub runs it (`node dist/index.js`), on the reports real tools wrote
 * (__tests__/fixtures/coverage, with each tool's own totals in manifest.json): the outputs equal the
 * tool's figures, the summary shows them, and the gate fails the step with one line per condition.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { ROOT, runAction } from './helpers/run-dist.js';

const FIXTURES = path.join(ROOT, '__tests__', 'fixtures', 'coverage');
interface Counter {
  covered: number;
  total: number;
}
interface ManifestReport {
  id: string;
  format: string;
  path: string;
  reference: { lines: Counter; branches: Counter | null };
}
const SUPPORTED = [
  'jacoco-xml',
  'lcov',
  'cobertura-xml',
  'clover-xml',
  'istanbul-json-summary',
  'istanbul-json',
];
const reports = (
  JSON.parse(readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8')) as { reports: ManifestReport[] }
).reports.filter((r) => SUPPORTED.includes(r.format));

function coverage(inputs: Record<string, string>, workspace = FIXTURES) {
  return runAction({
    inputs: { command: 'coverage', ...inputs },
    eventName: 'push',
    payload: {},
    cwd: workspace,
  });
}

/** `::error::` lines as the runner shows them (workflow commands escape %, CR and LF). */
const errorsOf = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .map((l) => l.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'));

describe('every fixture: the outputs are the producing tool’s own figures', () => {
  test.each(reports.map((r) => [r.id, r] as const))(
    '%s',
    async (_id, report) => {
      const result = await coverage({ 'coverage-files': report.path });
      expect(errorsOf(result.stdout)).toEqual([]);
      expect(result.code).toBe(0);
      const { lines, branches } = report.reference;
      expect(result.outputs).toMatchObject({
        'lines-covered': String(lines.covered),
        'lines-total': String(lines.total),
        'branches-covered': branches ? String(branches.covered) : '',
        'branches-total': branches ? String(branches.total) : '',
        passed: 'true',
      });
      expect(result.stdout).toContain(`${report.path}: ${report.format}, `);
      expect(result.summary).toContain(
        `${lines.covered.toLocaleString('en-US')} of ${lines.total.toLocaleString('en-US')} lines`,
      );
    },
    60_000,
  );
});

describe('the gate', () => {
  test('below min-line and min-branch: the step fails with one line per condition, naming threshold and figure', async () => {
    const result = await coverage({
      'coverage-files': 'jacoco/jacoco.xml',
      'min-line': '80',
      'min-branch': '50',
    });
    expect(result.code).toBe(1);
    expect(result.outputs.passed).toBe('false');
    expect(errorsOf(result.stdout)).toEqual([
      '::error::min-line: line coverage 74.6% (56 of 75 lines) is below 80%',
    ]);
    expect(result.summary).toContain('gate failed (1)');
  }, 60_000);

  test('a branch gate on a report without branch data fails: an empty gate is not a pass', async () => {
    const result = await coverage({ 'coverage-files': 'gcc/app-nobranch.info', 'min-branch': '10' });
    expect(result.code).toBe(1);
    expect(errorsOf(result.stdout)).toEqual([
      '::error::min-branch: the reports have no branch data, so branch coverage cannot reach 10% (does the coverage tool record branches?)',
    ]);
  }, 60_000);

  test('no report matches: the error says where it looked', async () => {
    const result = await coverage({ 'coverage-files': 'build/reports/**/*.xml' });
    expect(result.code).toBe(1);
    expect(errorsOf(result.stdout)[0]).toMatch(
      /^::error::coverage-files: no file under .* matches "build\/reports\/\*\*\/\*\.xml"/,
    );
  }, 60_000);

  test('a billion-laughs XML fails fast with a clear error naming the file', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'berth-cov-'));
    try {
      const entities = ['<!ENTITY lol "lol">'];
      for (let i = 1; i <= 9; i++)
        entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
      writeFileSync(
        path.join(ws, 'jacoco.xml'),
        `<?xml version="1.0"?>\n<!DOCTYPE report [\n${entities.join('\n')}\n]>\n<report name="&lol9;"></report>\n`,
      );
      const started = Date.now();
      const result = await coverage({ 'coverage-files': 'jacoco.xml', 'coverage-format': 'jacoco-xml' }, ws);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result.code).toBe(1);
      expect(errorsOf(result.stdout)).toEqual([
        expect.stringMatching(/^::error::jacoco\.xml(:\d+:\d+)?: .*(DOCTYPE|entit)/i),
      ]);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }, 60_000);
});
