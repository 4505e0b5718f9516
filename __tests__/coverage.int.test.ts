/**
 * `coverage` as GitHub runs it (`node dist/index.js`), on the reports real tools wrote
 * (__tests__/fixtures/coverage, with each tool's own totals in manifest.json): the outputs equal the
 * tool's figures, the summary shows them, and the gate fails the step with one line per condition.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { HttpStub, restFile } from './helpers/http-stub.js';
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
  reference_alternatives?: Record<string, { lines: Counter; branches: Counter | null }>;
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
).reports
  .filter((r) => SUPPORTED.includes(r.format))
  // The writer's own figures (issue 5's rule): for coverage.py's lcov, what coverage.py reported for the
  // run (the manifest's alternative), not lcov's reading of the file, which is its reference.
  .map((r) =>
    r.id === 'coveragepy-lcov'
      ? {
          ...r,
          reference:
            r.reference_alternatives?.['coverage.py json totals (what coverage.py meant)'] ?? r.reference,
        }
      : r,
  );

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

describe('the base branch’s figures: delta and max-drop', () => {
  /** A workspace holding the JaCoCo fixture (56 of 75 lines) and, optionally, a base file. */
  function workspace(base?: string): string {
    const ws = mkdtempSync(path.join(tmpdir(), 'berth-cov-base-'));
    writeFileSync(path.join(ws, 'jacoco.xml'), readFileSync(path.join(FIXTURES, 'jacoco', 'jacoco.xml')));
    if (base !== undefined) writeFileSync(path.join(ws, 'base.json'), base);
    return ws;
  }
  const figures = (covered: number, total: number): string =>
    JSON.stringify({
      kind: 'berth-coverage-figures',
      version: 1,
      lines: { covered, total },
      branches: null,
      commit: 'a'.repeat(40),
    });

  test('a run’s report-file, given back as base-coverage-file, gives a delta of 0 and passes max-drop 0', async () => {
    const ws = workspace();
    try {
      const first = await coverage({ 'coverage-files': 'jacoco.xml', component: 'Backend API' }, ws);
      expect(first.code).toBe(0);
      const reportFile = first.outputs['report-file'] ?? '';
      expect(path.basename(reportFile)).toBe('berth-coverage-backend-api.json');
      expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toMatchObject({
        kind: 'berth-coverage-figures',
        lines: { covered: 56, total: 75 },
        component: 'Backend API',
      });
      writeFileSync(path.join(ws, 'base.json'), readFileSync(reportFile));
      const second = await coverage(
        { 'coverage-files': 'jacoco.xml', 'base-coverage-file': 'base.json', 'max-drop': '0' },
        ws,
      );
      expect(errorsOf(second.stdout)).toEqual([]);
      expect(second.outputs).toMatchObject({ 'line-coverage-delta': '0.00', passed: 'true' });
      expect(second.summary).toContain('74.6% (56 of 75 lines), ±0.00 pts');
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }, 60_000);

  test('coverage fell more than max-drop: the step fails naming both figures and the allowance', async () => {
    const ws = workspace(figures(60, 75)); // the base: 80.0%
    try {
      const result = await coverage(
        { 'coverage-files': 'jacoco.xml', 'base-coverage-file': 'base.json', 'max-drop': '1.5' },
        ws,
      );
      expect(result.code).toBe(1);
      expect(result.outputs).toMatchObject({ 'line-coverage-delta': '-5.33', passed: 'false' });
      expect(errorsOf(result.stdout)).toEqual([
        '::error::max-drop: line coverage fell 5.33 points, from 80.0% (60 of 75 lines) on the base to 74.6% (56 of 75 lines); at most 1.5 allowed',
      ]);
      expect(result.summary).toContain(
        '| max-drop | −5.33 pts (80.0% → 74.6%) | falls at most 1.5 pts | FAILED |',
      );
      expect(result.summary).toContain(`Compared with the base at aaaaaaa: base.json`);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }, 60_000);

  test('a coverage report as the base: its totals are the base figures', async () => {
    const ws = workspace();
    try {
      mkdirSync(path.join(ws, 'base'));
      writeFileSync(
        path.join(ws, 'base', 'lcov.info'),
        'SF:src/a.js\nDA:1,1\nDA:2,1\nLF:2\nLH:2\nend_of_record\n',
      );
      const result = await coverage(
        { 'coverage-files': 'jacoco.xml', 'base-coverage-file': 'base/lcov.info', 'max-drop': '30' },
        ws,
      );
      expect(errorsOf(result.stdout)).toEqual([]);
      expect(result.outputs['line-coverage-delta']).toBe('-25.33');
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }, 60_000);

  test('no base yet (the path does not exist): warnings, no delta, the step passes', async () => {
    const ws = workspace();
    try {
      const result = await coverage(
        { 'coverage-files': 'jacoco.xml', 'base-coverage-file': 'base.json', 'max-drop': '1' },
        ws,
      );
      expect(result.code).toBe(0);
      expect(result.outputs['line-coverage-delta']).toBe('');
      expect(result.stdout).toContain(
        '::warning::base-coverage-file: base.json does not exist; no delta against the base branch this time',
      );
      expect(result.stdout).toContain(
        '::warning::max-drop: not checked, no base figure (base-coverage-file base.json has none)',
      );
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }, 60_000);

  test('a base file that is neither figures nor a report: an error naming the input', async () => {
    const ws = workspace(
      '{"kind": "berth-coverage-figures", "version": 1, "lines": {"covered": 9, "total": 3}}',
    );
    try {
      const result = await coverage(
        { 'coverage-files': 'jacoco.xml', 'base-coverage-file': 'base.json' },
        ws,
      );
      expect(result.code).toBe(1);
      expect(errorsOf(result.stdout)).toEqual([
        '::error::base-coverage-file: base.json is not a berth coverage figures file (lines must be {"covered": n, "total": n} with 0 <= covered <= total); expected the `report-file` an earlier `coverage` run wrote, or a coverage report',
      ]);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('inputs from the config (`components.<name>.with`)', () => {
  function workspace(withYaml: string): string {
    const ws = mkdtempSync(path.join(tmpdir(), 'berth-cov-config-'));
    mkdirSync(path.join(ws, 'backend'));
    mkdirSync(path.join(ws, '.github'));
    writeFileSync(
      path.join(ws, 'backend', 'jacoco.xml'),
      readFileSync(path.join(FIXTURES, 'jacoco', 'jacoco.xml')),
    );
    writeFileSync(
      path.join(ws, '.github', 'berth.yml'),
      `version: 1\ncomponents:\n  backend:\n    labels: [Backend]\n    with:\n${withYaml}\n  frontend:\n    labels: [Frontend]\n`,
    );
    return ws;
  }

  test('the component’s coverage-files and min-line apply when the step names only the component', async () => {
    const ws = workspace('      coverage-files: backend/jacoco.xml\n      min-line: 80');
    try {
      const result = await coverage({ component: 'backend' }, ws);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        'inputs from .github/berth.yml: components.backend.with.coverage-files, components.backend.with.min-line',
      );
      expect(errorsOf(result.stdout)).toEqual([
        '::error::min-line: line coverage 74.6% (56 of 75 lines) is below 80%',
      ]);
      // The step's own value wins over the config's.
      const lenient = await coverage({ component: 'backend', 'min-line': '70' }, ws);
      expect(lenient.code).toBe(0);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }, 60_000);

  test('a bad value in the config is named by its config key', async () => {
    const ws = workspace('      coverage-files: backend/jacoco.xml\n      min-line: lots');
    try {
      const result = await coverage({ component: 'backend' }, ws);
      expect(result.code).toBe(1);
      expect(errorsOf(result.stdout)).toEqual([
        // Checked when the config loads: annotated at the value's line and column.
        '::error file=.github/berth.yml,line=7,col=17::components.backend.with.min-line: expected a percentage from 0 to 100 (e.g. 80 or 72.5), got "lots"',
      ]);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }, 60_000);
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
      /^::error::coverage-files: no file matches "build\/reports\/\*\*\/\*\.xml" \(under the workspace, \/.*\)/,
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

describe('changed lines of a pull request (a real git checkout, shallow as actions/checkout makes it)', () => {
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args],
      {
        cwd,
        encoding: 'utf8',
      },
    ).trim();

  test('changed coverable lines are measured, annotated in the diff, and gated by min-changed-lines', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'berth-pr-'));
    try {
      const origin = path.join(root, 'origin');
      mkdirSync(path.join(origin, 'src'), { recursive: true });
      git(origin, 'init', '-q');
      const before = ['function total(items) {', '  return 0;', '}', 'module.exports = { total };', ''];
      writeFileSync(path.join(origin, 'src', 'cart.js'), before.join('\n'));
      git(origin, 'add', '.');
      git(origin, 'commit', '-qm', 'base');
      const base = git(origin, 'rev-parse', 'HEAD');
      const after = [
        'function total(items) {',
        '  let sum = 0;', // 2: changed, covered
        '  for (const i of items) sum += i.price;', // 3: changed, not covered
        '  // a comment', // 4: changed, not coverable
        '  if (sum > 100) sum -= 10;', // 5: changed, not covered
        '  return sum;', // 6: changed, covered
        '}',
        'module.exports = { total };',
        '',
      ];
      writeFileSync(path.join(origin, 'src', 'cart.js'), after.join('\n'));
      git(origin, 'commit', '-qam', 'pr');
      // The runner's checkout: depth 1, so the base commit is not there until berth fetches it.
      const ws = path.join(root, 'ws');
      git(root, 'clone', '-q', '--depth=1', `file://${origin}`, ws);
      mkdirSync(path.join(ws, 'coverage'));
      writeFileSync(
        path.join(ws, 'coverage', 'lcov.info'),
        [
          'TN:',
          `SF:${path.join(ws, 'src', 'cart.js')}`,
          'DA:1,1',
          'DA:2,1',
          'DA:3,0',
          'DA:5,0',
          'DA:6,1',
          'DA:8,1',
          'LF:6',
          'LH:4',
          'end_of_record',
          '',
        ].join('\n'),
      );
      const eventPath = path.join(root, 'event.json');
      writeFileSync(
        eventPath,
        JSON.stringify({ number: 7, pull_request: { number: 7, base: { sha: base, ref: 'main' } } }),
      );
      const result = await runAction({
        inputs: { command: 'coverage', 'coverage-files': 'coverage/lcov.info', 'min-changed-lines': '80' },
        eventName: 'pull_request',
        payload: JSON.parse(readFileSync(eventPath, 'utf8')) as unknown,
        cwd: ws,
      });
      expect(result.outputs).toMatchObject({
        'changed-lines-coverage': '50.0',
        'lines-covered': '4',
        'lines-total': '6',
        passed: 'false',
      });
      expect(result.stdout).toContain(
        '::warning file=src/cart.js,line=3,endLine=5::Lines 3-5 are changed in this pull request and not covered by tests.',
      );
      expect(errorsOf(result.stdout)).toEqual([
        '::error::min-changed-lines: changed-lines coverage 50.0% (2 of 4 lines) is below 80%',
      ]);
      expect(result.summary).toContain('| Changed lines | 50.0% (2 of 4 lines) |');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the pull request comment and the test results', () => {
  const comment = (id: number, body: string) => ({
    id,
    node_id: 'IC_kwDOABCD',
    url: `https://api.github.com/repos/Codertocat/Hello-World/issues/comments/${id}`,
    html_url: `https://github.com/Codertocat/Hello-World/pull/7#issuecomment-${id}`,
    body,
    user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
    created_at: '2026-11-22T10:00:00Z',
    updated_at: '2026-11-22T10:00:00Z',
    author_association: 'NONE',
  });
  const pr = (headRepoId: number) => ({
    number: 7,
    pull_request: {
      number: 7,
      base: { sha: 'f'.repeat(40), ref: 'main', repo: { id: 1 } },
      head: { repo: { id: headRepoId } },
    },
  });

  /** A workspace with nyc's lcov report and pytest's JUnit results (no git: changed lines are skipped). */
  function workspace(): string {
    const ws = mkdtempSync(path.join(tmpdir(), 'berth-cov-pr-'));
    mkdirSync(path.join(ws, 'coverage'));
    mkdirSync(path.join(ws, 'reports'));
    writeFileSync(
      path.join(ws, 'coverage', 'lcov.info'),
      readFileSync(path.join(FIXTURES, 'nyc', 'lcov.info')),
    );
    writeFileSync(
      path.join(ws, 'reports', 'pytest.xml'),
      readFileSync(path.join(FIXTURES, '..', 'junit', 'pytest.xml')),
    );
    return ws;
  }

  test('on a PR: one comment created with the coverage and tests sections; JUnit results counted', async () => {
    const stub = await new HttpStub({
      'GET /repos/Codertocat/Hello-World/issues/7/comments': { body: [] },
      'POST /repos/Codertocat/Hello-World/issues/7/comments': { status: 201, body: comment(1001, 'posted') },
      // No git history in this workspace: the changed lines come from the PR's patches.
      'GET /repos/Codertocat/Hello-World/pulls/7/files': {
        body: [
          restFile('src/lib/format.js', {
            patch: '@@ -3,2 +3,4 @@ x\n a\n+b\n+c\n d\n@@ -15,0 +16,2 @@\n+e\n+f',
          }),
        ],
      },
    }).start();
    const ws = workspace();
    try {
      const result = await runAction({
        inputs: {
          command: 'coverage',
          'coverage-files': 'coverage/lcov.info',
          'junit-files': 'reports/*.xml',
          'github-token': 'ghs_test_token',
        },
        eventName: 'pull_request',
        payload: pr(1),
        cwd: ws,
        env: { GITHUB_API_URL: stub.url },
      });
      expect(errorsOf(result.stdout)).toEqual([]);
      // pytest printed "2 failed, 2 passed, 1 skipped, 1 xfailed, 1 error": failed + errors.
      // Changed lines 4, 5 (covered) and 16, 17 (not): 50%.
      expect(result.outputs).toMatchObject({
        'tests-failed': '3',
        'lines-covered': '26',
        'lines-total': '35',
        'changed-lines-coverage': '50.0',
      });
      expect(result.stdout).toContain("changed lines from the pull request's files (GitHub API)");
      const posts = stub.requests.filter((r) => r.method === 'POST');
      expect(posts).toHaveLength(1);
      const body = (JSON.parse(posts[0]?.body ?? '{}') as { body: string }).body;
      expect(body.startsWith('<!-- berth:comment -->')).toBe(true);
      expect(body).toContain('<!-- berth:section:coverage -->');
      expect(body).toContain('<!-- berth:section:tests -->');
      expect(body).toContain('26 of 35 lines');
      expect(body.indexOf('berth:section:coverage')).toBeLessThan(body.indexOf('berth:section:tests'));
      expect(stub.requests.every((r) => r.authorization === 'token ghs_test_token')).toBe(true);
      expect(result.summary).toContain('#### Tests');
    } finally {
      await stub.stop();
      rmSync(ws, { recursive: true, force: true });
    }
  }, 60_000);

  test('a monorepo: component Backend writes its own sections and keeps Frontend’s as they are', async () => {
    const frontend =
      '<!-- berth:section:coverage-frontend -->\n### berth coverage — frontend: 91.0% of lines\n<!-- /berth:section:coverage-frontend -->';
    const existing = `<!-- berth:comment -->\n### berth\n\n${frontend}`;
    const stub = await new HttpStub({
      'GET /repos/Codertocat/Hello-World/issues/7/comments': { body: [comment(1001, existing)] },
      'GET /repos/Codertocat/Hello-World/issues/comments/1001': { body: comment(1001, existing) },
      'PATCH /repos/Codertocat/Hello-World/issues/comments/1001': { body: comment(1001, 'patched') },
      'GET /repos/Codertocat/Hello-World/pulls/7/files': { body: [] },
    }).start();
    const ws = workspace();
    try {
      const result = await runAction({
        inputs: {
          command: 'coverage',
          component: 'Backend',
          'coverage-files': 'coverage/lcov.info',
          'junit-files': 'reports/*.xml',
          'github-token': 'ghs_test_token',
        },
        eventName: 'pull_request',
        payload: pr(1),
        cwd: ws,
        env: { GITHUB_API_URL: stub.url },
      });
      expect(errorsOf(result.stdout)).toEqual([]);
      const patch = stub.requests.find((r) => r.method === 'PATCH');
      const body = (JSON.parse(patch?.body ?? '{}') as { body: string }).body;
      const order = [...body.matchAll(/<!-- berth:section:([a-z0-9-]+) -->/g)].map((m) => m[1]);
      expect(order).toEqual(['coverage-backend', 'tests-backend', 'coverage-frontend']);
      expect(body).toContain(frontend);
      expect(body).toContain('### berth coverage — Backend: 74.2% of lines');
    } finally {
      await stub.stop();
      rmSync(ws, { recursive: true, force: true });
    }
  }, 60_000);

  test('a PR from a fork: no comment call; the summary says how to get the comment', async () => {
    const stub = await new HttpStub({}).start();
    const ws = workspace();
    try {
      const result = await runAction({
        inputs: {
          command: 'coverage',
          'coverage-files': 'coverage/lcov.info',
          'github-token': 'ghs_test_token',
        },
        eventName: 'pull_request',
        payload: pr(2),
        cwd: ws,
        env: { GITHUB_API_URL: stub.url },
      });
      expect(errorsOf(result.stdout)).toEqual([]);
      expect(stub.requests.filter((r) => r.path.includes('/issues/'))).toEqual([]);
      expect(result.summary).toContain('a pull request from a fork gets a read-only token');
    } finally {
      await stub.stop();
      rmSync(ws, { recursive: true, force: true });
    }
  }, 60_000);
});
