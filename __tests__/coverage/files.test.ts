/**
 * Which files `coverage-files`, `junit-files` and `base-coverage-file` select, as `@actions/glob` takes
 * patterns: relative to the workspace, absolute inside it (the same files as the relative pattern), and
 * absolute outside it (a report downloaded to `${{ runner.temp }}`). Wherever the report lies, its
 * figures and its repository-relative paths are the same.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from '@jest/globals';
import { runCoverage } from '../../src/commands/coverage.js';
import {
  describeSearch,
  listWorkspace,
  resolvePatterns,
  selectFiles,
  type FilePattern,
} from '../../src/coverage/files.js';
import { totalsOf } from '../../src/coverage/model.js';
import { readCoverageReports } from '../../src/coverage/read.js';
import { ConfigurationError } from '../../src/errors.js';
import { escapeMarkdown } from '../../src/report/markdown.js';
import type { InputName } from '../../src/inputs.js';
import { fakeRuntime, TEST_SHA } from '../helpers/static-runtime.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'coverage');

describe('resolvePatterns: where each pattern looks', () => {
  const ws = '/ci/_work/demo/demo';
  const inside = (glob: string, exclude = false) => ({ exclude, glob, outside: false });
  const outside = (glob: string, root: string, literal: boolean, exclude = false) => ({
    exclude,
    glob,
    outside: true,
    root,
    literal,
  });
  test.each<[string, Partial<FilePattern>]>([
    ['coverage/lcov.info', inside('coverage/lcov.info')],
    ['**/build/reports/jacoco/**/*.xml', inside('**/build/reports/jacoco/**/*.xml')],
    ['!**/skip/**', inside('**/skip/**', true)],
    [
      `${ws}/backend/build/reports/jacoco/test/jacocoTestReport.xml`,
      inside('backend/build/reports/jacoco/test/jacocoTestReport.xml'),
    ],
    [`${ws}//backend/./build/**/*.xml`, inside('backend/build/**/*.xml')],
    [`!${ws}/backend/old/**`, inside('backend/old/**', true)],
    // A sibling whose name starts with the workspace's is outside it.
    [`${ws}-reports/lcov.info`, outside(`${ws}-reports/lcov.info`, `${ws}-reports/lcov.info`, true)],
    [
      '/ci/_temp/reports/jacoco.xml',
      outside('/ci/_temp/reports/jacoco.xml', '/ci/_temp/reports/jacoco.xml', true),
    ],
    ['/ci/_temp/reports/**/*.xml', outside('/ci/_temp/reports/**/*.xml', '/ci/_temp/reports', false)],
    ['/ci/_temp/*/coverage/lcov.info', outside('/ci/_temp/*/coverage/lcov.info', '/ci/_temp', false)],
    ['/ci/_temp/report-[0-9].xml', outside('/ci/_temp/report-[0-9].xml', '/ci/_temp', false)],
    ['!/ci/_temp/reports/old/**', outside('/ci/_temp/reports/old/**', '/ci/_temp/reports/old', false, true)],
    ['/*.info', outside('/*.info', '/', false)],
    // Relative, but above the workspace: outside it, as @actions/glob resolves it.
    ['../artifacts/*.info', outside('/ci/_work/demo/artifacts/*.info', '/ci/_work/demo/artifacts', false)],
    // A root that holds the workspace.
    ['/ci/_work/**/lcov.info', outside('/ci/_work/**/lcov.info', '/ci/_work', false)],
  ])('%s', (written, placed) => {
    expect(resolvePatterns([written], `${ws}/`)).toEqual([{ written, ...placed }]);
  });
});

describe('selectFiles: GitHub filter semantics over the workspace and outside listings', () => {
  const ws = '/ci/_work/demo/demo';
  const listing = ['a/build/jacoco.xml', 'b/build/jacoco.xml', 'b/skip/build/jacoco.xml', 'lcov.info'];
  const outsideFiles = ['/ci/_temp/r/old/jacoco.xml', '/ci/_temp/r/x/jacoco.xml'];
  test.each<[string, string[], string[]]>([
    [
      'relative, with an exclusion',
      ['**/build/jacoco.xml', '!b/skip/**'],
      ['a/build/jacoco.xml', 'b/build/jacoco.xml'],
    ],
    [
      'absolute inside: the same files, named workspace-relative',
      [`${ws}/**/build/jacoco.xml`, `!${ws}/b/skip/**`],
      ['a/build/jacoco.xml', 'b/build/jacoco.xml'],
    ],
    ['relative included, absolute excluded', ['**/build/jacoco.xml', `!${ws}/b/**`], ['a/build/jacoco.xml']],
    [
      'an exclusion before the pattern excludes nothing',
      ['!b/**', '**/build/jacoco.xml'],
      listing.slice(0, 3),
    ],
    [
      'outside, with an outside exclusion',
      ['/ci/_temp/r/**/jacoco.xml', '!/ci/_temp/r/old/**'],
      ['/ci/_temp/r/x/jacoco.xml'],
    ],
    [
      'a relative exclusion is rooted at the workspace (as @actions/glob): it leaves outside files',
      ['/ci/_temp/r/**/jacoco.xml', '!**/old/**'],
      outsideFiles,
    ],
    [
      'an outside literal and a relative one',
      ['lcov.info', '/ci/_temp/r/x/jacoco.xml'],
      ['lcov.info', '/ci/_temp/r/x/jacoco.xml'],
    ],
    [
      'an outside root holding the workspace: workspace files keep their relative names',
      ['/ci/_work/**/build/jacoco.xml', '!/ci/_work/**/skip/**'],
      ['a/build/jacoco.xml', 'b/build/jacoco.xml'],
    ],
    ['exclusions alone select nothing', ['!**/x'], []],
    ['another directory selects nothing of these', ['/ci/_temp/other/**'], []],
  ])('%s', (_what, patterns, names) => {
    const found = selectFiles(listing, resolvePatterns(patterns, ws), ws, outsideFiles);
    expect(found.map((f) => f.name)).toEqual(names);
    for (const f of found) expect(f.path).toBe(f.name.startsWith('/') ? f.name : `${ws}/${f.name}`);
  });

  test('describeSearch says which pattern looked where', () => {
    const placed = resolvePatterns(
      ['build/**/*.xml', '/ci/_temp/r/**/*.xml', '/ci/_temp/gone/*.xml', '/ci/_temp/x.xml', '!**/old/**'],
      ws,
    );
    expect(describeSearch(placed, ws, new Set(['/ci/_temp/gone', '/ci/_temp/x.xml']))).toBe(
      `"build/**/*.xml" (under the workspace, ${ws}), "/ci/_temp/r/**/*.xml" (under /ci/_temp/r), "/ci/_temp/gone/*.xml" (under /ci/_temp/gone, which does not exist), "/ci/_temp/x.xml" (no such file), "!**/old/**"`,
    );
  });
});

describe('the same report wherever it lies, however it is named: the same figures and paths', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'berth-cov-files-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const ws = path.join(root, 'workspace');
  const out = path.join(root, 'runner-temp');
  // The JaCoCo fixture's project (its package paths are placed under it) and its report.
  cpSync(path.join(FIXTURES, 'jacoco', 'project', 'src'), path.join(ws, 'jacoco', 'project', 'src'), {
    recursive: true,
  });
  mkdirSync(path.join(ws, 'build', 'reports'), { recursive: true });
  cpSync(path.join(FIXTURES, 'jacoco', 'jacoco.xml'), path.join(ws, 'build', 'reports', 'jacoco.xml'));
  mkdirSync(path.join(out, 'reports', 'old'), { recursive: true });
  cpSync(path.join(FIXTURES, 'jacoco', 'jacoco.xml'), path.join(out, 'reports', 'jacoco.xml'));
  writeFileSync(path.join(out, 'reports', 'old', 'jacoco.xml'), '<report name="old"></report>');
  // An lcov naming its sources absolutely (under the workspace) and relatively.
  mkdirSync(path.join(ws, 'web', 'src'), { recursive: true });
  writeFileSync(path.join(ws, 'web', 'src', 'a.ts'), '');
  writeFileSync(path.join(ws, 'web', 'src', 'b.ts'), '');
  const lcov = `SF:${ws}/web/src/a.ts\nDA:1,1\nDA:2,0\nLF:2\nLH:1\nend_of_record\nSF:web/src/b.ts\nDA:1,1\nLF:1\nLH:1\nend_of_record\n`;
  mkdirSync(path.join(ws, 'web', 'coverage'), { recursive: true });
  writeFileSync(path.join(ws, 'web', 'coverage', 'lcov.info'), lcov);
  mkdirSync(path.join(out, 'web-coverage'), { recursive: true });
  writeFileSync(path.join(out, 'web-coverage', 'lcov.info'), lcov);

  const JAVA = [
    'jacoco/project/src/demo/calc/Calculator.java',
    'jacoco/project/src/demo/calc/Main.java',
    'jacoco/project/src/demo/calc/Operation.java',
    'jacoco/project/src/demo/text/Formatter.java',
    'jacoco/project/src/demo/text/Untouched.java',
    'jacoco/project/src/demo/text/Words.java',
  ];

  const run = (values: Partial<Record<InputName, string>>) =>
    fakeRuntime({ command: 'coverage', ...values }, ws, { sha: TEST_SHA, 'event-name': 'push' });

  async function read(coverageFiles: string) {
    const r = run({ 'coverage-files': coverageFiles });
    const { files, reports } = await readCoverageReports(r.inputs, r.runtime);
    return { totals: totalsOf(files), paths: files.map((f) => f.path), reports: reports.map((x) => x.file) };
  }

  test.each([
    ['a relative glob', '**/reports/*.xml', 'build/reports/jacoco.xml'],
    ['a relative path with ./', './build/reports/jacoco.xml', 'build/reports/jacoco.xml'],
    ['an absolute path inside the workspace', `${ws}/build/reports/jacoco.xml`, 'build/reports/jacoco.xml'],
    ['an absolute glob inside the workspace', `${ws}/build/**/jacoco.xml`, 'build/reports/jacoco.xml'],
    ['an absolute path outside', `${out}/reports/jacoco.xml`, `${out}/reports/jacoco.xml`],
    [
      'an absolute glob outside, an exclusion',
      `${out}/**/jacoco.xml\n!${out}/reports/old/**`,
      `${out}/reports/jacoco.xml`,
    ],
  ])('JaCoCo by %s', async (_what, coverageFiles, name) => {
    expect(await read(coverageFiles)).toEqual({
      totals: {
        lines: { covered: 56, total: 75 },
        branches: { covered: 24, total: 40 },
        functions: { covered: 15, total: 20 },
      },
      paths: JAVA,
      reports: [name],
    });
  });

  test.each([
    ['a relative path', 'web/coverage/lcov.info', 'web/coverage/lcov.info'],
    ['an absolute path inside the workspace', `${ws}/web/coverage/lcov.info`, 'web/coverage/lcov.info'],
    ['an absolute glob outside', `${out}/*-coverage/lcov.info`, `${out}/web-coverage/lcov.info`],
  ])('lcov with absolute and relative source paths, by %s', async (_what, coverageFiles, name) => {
    const { totals, paths, reports } = await read(coverageFiles);
    expect([totals.lines, paths, reports]).toEqual([
      { covered: 2, total: 3 },
      ['web/src/a.ts', 'web/src/b.ts'],
      [name],
    ]);
  });

  test('the whole command: outside reports are named absolutely in the log and the summary, inside ones relatively; coverage-format jacoco is said as jacoco-xml', async () => {
    const r = run({
      'coverage-files': `build/reports/jacoco.xml\n${out}/web-coverage/lcov.info`,
      'coverage-format': 'auto',
    });
    await runCoverage(r.inputs, r.runtime);
    expect(r.logs).toEqual(
      expect.arrayContaining([
        'build/reports/jacoco.xml: jacoco-xml, 6 files',
        `${out}/web-coverage/lcov.info: lcov, 2 files`,
      ]),
    );
    expect(r.summary.join('\n')).toContain(
      `Reports: build/reports/jacoco.xml (jacoco-xml, 6 files), ${escapeMarkdown(out)}/web-coverage/lcov.info (lcov, 2 files)`,
    );
    expect([r.outputs['lines-covered'], r.outputs['lines-total']]).toEqual(['58', '78']);

    const alias = run({ 'coverage-files': `${out}/reports/jacoco.xml`, 'coverage-format': 'jacoco' });
    expect(alias.inputs.coverageFormat).toBe('jacoco-xml');
    await runCoverage(alias.inputs, alias.runtime);
    expect(alias.logs).toContain(`${out}/reports/jacoco.xml: jacoco-xml, 6 files`);
    expect(alias.summary.join('\n')).toContain('(jacoco-xml, 6 files)');
    expect(alias.outputs['lines-covered']).toBe('56');
  });

  test('junit-files and base-coverage-file outside the workspace, by glob', async () => {
    mkdirSync(path.join(out, 'junit'), { recursive: true });
    writeFileSync(
      path.join(out, 'junit', 'TEST-demo.xml'),
      '<testsuite name="demo" tests="2" failures="1"><testcase name="a" classname="demo"/><testcase name="b" classname="demo"><failure message="boom">boom</failure></testcase></testsuite>',
    );
    mkdirSync(path.join(out, 'base'), { recursive: true });
    writeFileSync(
      path.join(out, 'base', 'lcov.info'),
      'SF:src/a.js\nDA:1,1\nDA:2,1\nLF:2\nLH:2\nend_of_record\n',
    );
    const r = run({
      'coverage-files': 'build/reports/jacoco.xml',
      'junit-files': `${out}/junit/TEST-*.xml`,
      'base-coverage-file': `${out}/base/*.info`,
    });
    await runCoverage(r.inputs, r.runtime);
    expect(r.outputs['tests-failed']).toBe('1');
    expect(r.outputs['line-coverage-delta']).toBe('-25.33');
    expect(r.summary.join('\n')).toContain(`Compared with the base: ${escapeMarkdown(out)}/base/lcov.info`);

    // An absolute path inside the workspace is named as the relative one.
    const inside = run({
      'coverage-files': 'build/reports/jacoco.xml',
      'base-coverage-file': `${ws}/no-base.json`,
    });
    await runCoverage(inside.inputs, inside.runtime);
    expect(inside.logs).toContain(
      'warning: base-coverage-file: no-base.json does not exist; no delta against the base branch this time',
    );

    const two = run({
      'coverage-files': 'build/reports/jacoco.xml',
      'base-coverage-file': `${out}/**/jacoco.xml`,
    });
    await expect(runCoverage(two.inputs, two.runtime)).rejects.toThrow(
      `base-coverage-file: "${out}/**/jacoco.xml" matches 2 files (${out}/reports/jacoco.xml, ${out}/reports/old/jacoco.xml); expected one file: the base run's report-file`,
    );
  });

  test('nothing matches: the error names each pattern and where it looked', async () => {
    const error = await read(`build/**/lcov.xml\n${out}/nope/*.xml\n${out}/missing.xml\n!**/old/**`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      `coverage-files: no file matches "build/**/lcov.xml" (under the workspace, ${ws}), "${out}/nope/*.xml" (under ${out}/nope, which does not exist), "${out}/missing.xml" (no such file), "!**/old/**"; did the tests run and write their report before this step?`,
    );
  });

  test('the walk warns when it stops at its limit', async () => {
    const messages: string[] = [];
    const files = await listWorkspace(ws, { limit: 3, onLimit: (m) => messages.push(m) });
    expect(files.length).toBeLessThanOrEqual(3);
    expect(messages).toEqual([
      expect.stringMatching(/^the workspace has more than 3 entries .*the walk stopped there/),
    ]);
    expect(await listWorkspace(ws, { onLimit: (m) => messages.push(m) })).toContain(
      'build/reports/jacoco.xml',
    );
    expect(messages).toHaveLength(1);
  });
});
