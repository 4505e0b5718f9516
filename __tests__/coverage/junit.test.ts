import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import {
  DEFAULT_MAX_FAILURE_DETAILS,
  emptyTestResults,
  mergeTestResults,
  parseJunit,
  type TestResults,
} from '../../src/coverage/junit.js';
import { CoverageParseError } from '../../src/coverage/model.js';
import { fenceFor, formatDuration, renderTestsSection } from '../../src/report/tests-section.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'junit');

const parseFixture = (relative: string): Promise<TestResults> =>
  parseJunit(createReadStream(path.join(FIXTURES, relative)), relative);

async function* chunksOf(text: string, size = 64 * 1024): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const parseText = (text: string, source = 'results.xml'): Promise<TestResults> =>
  parseJunit(chunksOf(text), source);

/** "2 failed, 2 passed, 1 skipped, 1 xfailed, 1 error in 0.02s" → { failed: 2, …, seconds: '0.02' }. */
function pytestSummary(line: string): { counts: Record<string, number>; seconds: string } {
  const counts: Record<string, number> = {};
  for (const [, n = '0', what = ''] of line.matchAll(/(\d+) (\w+)/g))
    counts[what.replace(/s$/, '')] = Number(n);
  const seconds = /in ([\d.]+)s/.exec(line)?.[1];
  if (seconds === undefined) throw new Error(`not a pytest summary: ${line}`);
  return { counts, seconds };
}

/** jest's "Tests: 2 failed, 1 skipped, 1 todo, 3 passed, 7 total" and "Time: 0.3 s" lines. */
function jestSummary(text: string): { counts: Record<string, number>; seconds: string } {
  const tests = /^Tests:\s+(.*)$/m.exec(text)?.[1];
  const seconds = /^Time:\s+([\d.]+) s$/m.exec(text)?.[1];
  if (tests === undefined || seconds === undefined) throw new Error(`not a jest summary: ${text}`);
  const counts: Record<string, number> = {};
  for (const [, n = '0', what = ''] of tests.matchAll(/(\d+) (\w+)/g)) counts[what] = Number(n);
  return { counts, seconds };
}

const summaryText = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('parseJunit on real tools’ output', () => {
  test('pytest 7.2.1: the counts equal pytest’s own summary line', async () => {
    const summary = pytestSummary(summaryText('pytest.summary.txt'));
    expect(summary.counts).toEqual({ failed: 2, passed: 2, skipped: 1, xfailed: 1, error: 1 });
    const r = await parseFixture('pytest.xml');
    expect({ ...r, failures: r.failures.length, timeSeconds: r.timeSeconds.toFixed(2) }).toEqual({
      tests: Object.values(summary.counts).reduce((a, b) => a + b, 0),
      passed: summary.counts['passed'],
      failed: summary.counts['failed'],
      errors: summary.counts['error'],
      // pytest's JUnit XML writes an xfail as <skipped type="pytest.xfail">.
      skipped: (summary.counts['skipped'] ?? 0) + (summary.counts['xfailed'] ?? 0),
      timeSeconds: summary.seconds, // pytest prints its suite's time to two decimals
      failures: 3,
    });
  });

  test('pytest: failures and errors with their class, message and first trace lines', async () => {
    const r = await parseFixture('pytest.xml');
    expect(r.failures.map(({ suite, name, kind, message }) => ({ suite, name, kind, message }))).toEqual([
      {
        suite: 'test_sample',
        name: 'test_total_matches',
        kind: 'failure',
        message: 'AssertionError: total should be <4> for @team\nassert 3 == 4',
      },
      {
        suite: 'test_sample',
        name: 'test_uses_database',
        kind: 'error',
        message: 'failed on setup with "RuntimeError: database unavailable"',
      },
      {
        suite: 'test_sample.TestParser',
        name: 'test_raises',
        kind: 'failure',
        message: 'ValueError: unexpected ``` token',
      },
    ]);
    expect(r.failures[0]?.trace).toBe(
      [
        'def test_total_matches():',
        '        total = 3',
        '>       assert total == 4, "total should be <4> for @team"',
        'E       AssertionError: total should be <4> for @team',
        'E       assert 3 == 4',
        '',
        '/tmp/junit-py/test_sample.py:10: AssertionError',
      ].join('\n'),
    );
  });

  test('jest-junit 17.0.0 under jest 30.5.2: the counts equal jest’s own summary', async () => {
    const summary = jestSummary(summaryText('jest-junit.summary.txt'));
    expect(summary.counts).toEqual({ failed: 2, skipped: 1, todo: 1, passed: 3, total: 7 });
    const r = await parseFixture('jest-junit.xml');
    expect({ ...r, failures: r.failures.length, timeSeconds: r.timeSeconds.toFixed(1) }).toEqual({
      tests: summary.counts['total'],
      // jest-junit writes a test.todo as a bare <testcase> (no <skipped/>): the XML cannot tell it from a
      // pass, and its suite's tests= attribute leaves it out (6), which is why cases are counted.
      passed: (summary.counts['passed'] ?? 0) + (summary.counts['todo'] ?? 0),
      failed: summary.counts['failed'],
      errors: 0,
      skipped: summary.counts['skipped'],
      timeSeconds: summary.seconds,
      failures: 2,
    });
  });

  test('jest-junit: no message attribute, so the trace’s first line is the message', async () => {
    const r = await parseFixture('jest-junit.xml');
    expect(r.failures.map(({ suite, name, kind, message }) => ({ suite, name, kind, message }))).toEqual([
      {
        suite: 'math',
        name: 'math divides',
        kind: 'failure',
        message: 'Error: expect(received).toBe(expected) // Object.is equality',
      },
      // jest-junit names a suite without a top-level describe "undefined".
      {
        suite: 'undefined',
        name: 'throws a readable error',
        kind: 'failure',
        message: 'Error: unexpected ``` in template',
      },
    ]);
    const trace = r.failures[0]?.trace.split('\n') ?? [];
    expect(trace).toHaveLength(10);
    expect(trace.slice(0, 5)).toEqual([
      'Error: expect(received).toBe(expected) // Object.is equality',
      '',
      'Expected: 0.5',
      'Received: 0.25',
      '    at Object.toBe (/tmp/junit-js/math.test.js:6:19)',
    ]);
  });

  test('Surefire (hand-written to its XSD): counts equal the suite’s attributes; a flaky rerun passed', async () => {
    const r = await parseFixture('surefire/TEST-com.example.cart.CartTest.xml');
    expect({ ...r, failures: r.failures.length }).toEqual({
      tests: 6,
      passed: 3,
      failed: 1,
      errors: 1,
      skipped: 1,
      timeSeconds: 1.234,
      failures: 2,
    });
    expect(r.failures.map(({ suite, name, kind, message }) => ({ suite, name, kind, message }))).toEqual([
      {
        suite: 'com.example.cart.CartTest',
        name: 'totalIncludesTax',
        kind: 'failure',
        message: 'expected: <10.70> but was: <10.00>',
      },
      {
        suite: 'com.example.cart.CartTest',
        name: 'checkoutWithEmptyCart',
        kind: 'error',
        message: 'Cannot invoke "java.util.List.size()" because "this.items" is null',
      },
    ]);
    expect(r.failures[0]?.trace.split('\n')).toHaveLength(10);
    expect(r.failures[1]?.trace).toBe(
      [
        'java.lang.NullPointerException: Cannot invoke "java.util.List.size()" because "this.items" is null',
        '\tat com.example.cart.Cart.checkout(Cart.java:58)',
        '\tat com.example.cart.CartTest.checkoutWithEmptyCart(CartTest.java:61)',
      ].join('\n'),
    );
  });
});

describe('parseJunit on shapes and faults', () => {
  test('nested suites: cases counted once, the innermost suite names a case without a class, times fall back', async () => {
    const r = await parseText(
      [
        '<testsuites>',
        '  <testsuite name="outer">',
        '    <testsuite name="inner" time="2.5">',
        '      <testcase name="a" time="1"/>',
        '      <testcase name="b"><failure message="boom">trace b</failure></testcase>',
        '    </testsuite>',
        '    <testsuite name="untimed">',
        '      <testcase name="c" classname="pkg.C" time="0.25"><error>Error: c broke</error></testcase>',
        '      <testcase name="d" time="0.25"><skipped/></testcase>',
        '    </testsuite>',
        '    <testcase name="e" time="1"/>',
        '  </testsuite>',
        '  <testsuite name="second" time="10"><testcase name="f"/></testsuite>',
        '</testsuites>',
      ].join('\n'),
    );
    expect(r).toEqual({
      tests: 6,
      passed: 3,
      failed: 1,
      errors: 1,
      skipped: 1,
      // outer has no time: inner's 2.5 + untimed's cases 0.5 + e's 1; second's 10.
      timeSeconds: 14,
      failures: [
        { suite: 'inner', name: 'b', kind: 'failure', message: 'boom', trace: 'trace b' },
        { suite: 'pkg.C', name: 'c', kind: 'error', message: 'Error: c broke', trace: 'Error: c broke' },
      ],
    });
  });

  test.each([
    [
      'the first of several outcome children decides',
      '<failure message="f">x</failure><error message="e">y</error>',
      'failure',
    ],
    ['an error first', '<error message="e">y</error><failure message="f">x</failure>', 'error'],
    ['skipped first', '<skipped/><failure message="f">x</failure>', 'skipped'],
    ['Surefire rerunFailure alone: passed on rerun', '<rerunFailure message="r">x</rerunFailure>', 'passed'],
  ])('%s', async (_, children, outcome) => {
    const r = await parseText(`<testsuite name="s"><testcase name="t">${children}</testcase></testsuite>`);
    expect({
      passed: r.passed,
      failed: r.failed,
      errors: r.errors,
      skipped: r.skipped,
      tests: r.tests,
    }).toEqual({
      passed: outcome === 'passed' ? 1 : 0,
      failed: outcome === 'failure' ? 1 : 0,
      errors: outcome === 'error' ? 1 : 0,
      skipped: outcome === 'skipped' ? 1 : 0,
      tests: 1,
    });
    expect(r.failures.map((f) => f.kind)).toEqual(
      outcome === 'failure' || outcome === 'error' ? [outcome] : [],
    );
  });

  test.each([
    ['1,234.5', 1234.5],
    ['', 0],
    ['NaN', 0],
    ['-1', 0],
  ])('a suite time of %j reads as %d (tools vary; never an error)', async (time, expected) => {
    const r = await parseText(`<testsuite name="s" time="${time}"><testcase name="t"/></testsuite>`);
    expect(r.timeSeconds).toBe(expected);
  });

  test('malformed XML: a CoverageParseError with file:line:column', async () => {
    const parse = parseText(
      '<testsuite name="s">\n  <testcase name="a">\n</testsuite>\n',
      'build/test-results/bad.xml',
    );
    await expect(parse).rejects.toThrow(CoverageParseError);
    await expect(parse).rejects.toThrow(/^build\/test-results\/bad\.xml:3:12: unexpected close tag\.$/);
  });

  test('a truncated file is an error, not a partial result', async () => {
    await expect(parseText('<testsuite name="s"><testcase name="a"/>', 'cut.xml')).rejects.toThrow(
      /^cut\.xml:1:\d+: /,
    );
  });

  test('a DOCTYPE declaring entities is refused before any element', async () => {
    const bomb = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE testsuite [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
      '<testsuite name="&b;"><testcase name="t"/></testsuite>',
    ].join('\n');
    await expect(parseText(bomb, 'bomb.xml')).rejects.toThrow(
      /^bomb\.xml:2:\d+: the DOCTYPE declares entities \(<!ENTITY …>\); refused/,
    );
  });

  test('another kind of document is named', async () => {
    await expect(parseText('<coverage line-rate="1"/>', 'coverage.xml')).rejects.toThrow(
      'coverage.xml:1:25: expected JUnit XML test results (root element <testsuites> or <testsuite>), found <coverage>',
    );
  });

  test('20,000 testcases: all counted, details kept for the first failures only, traces cut to 10 lines', async () => {
    const trace = Array.from(
      { length: 40 },
      (_, i) => `\tat com.example.Deep.frame${i}(Deep.java:${i})`,
    ).join('\n');
    async function* big(): AsyncIterable<string> {
      yield '<?xml version="1.0"?>\n<testsuites>\n';
      for (let s = 0; s < 20; s += 1) {
        let chunk = `<testsuite name="S${s}" time="1.5">\n`;
        for (let c = 0; c < 1000; c += 1) {
          const n = s * 1000 + c;
          chunk +=
            n % 10 === 0
              ? `<testcase classname="com.example.S${s}" name="t${n}"><failure message="m${n}" type="AssertionError">AssertionError: m${n}\n${trace}</failure><system-out>${'x'.repeat(200)}</system-out></testcase>\n`
              : n % 10 === 1
                ? `<testcase classname="com.example.S${s}" name="t${n}"><skipped/></testcase>\n`
                : `<testcase classname="com.example.S${s}" name="t${n}" time="0.001"/>\n`;
        }
        yield `${chunk}</testsuite>\n`;
      }
      yield '</testsuites>\n';
    }
    const r = await parseJunit(big(), 'big.xml');
    expect({ ...r, failures: r.failures.length }).toEqual({
      tests: 20000,
      passed: 16000,
      failed: 2000,
      errors: 0,
      skipped: 2000,
      timeSeconds: 30,
      failures: DEFAULT_MAX_FAILURE_DETAILS,
    });
    expect(r.failures[49]).toEqual({
      suite: 'com.example.S0',
      name: 't490',
      kind: 'failure',
      message: 'm490',
      trace: ['AssertionError: m490', ...trace.split('\n').slice(0, 9)].join('\n'),
    });
    const few = await parseJunit(big(), 'big.xml', { maxFailureDetails: 3 });
    expect(few.failures.map((f) => f.name)).toEqual(['t0', 't10', 't20']);
  });
});

test('mergeTestResults adds the counts and keeps the details capped', () => {
  const failure = (name: string): TestResults['failures'][number] => ({
    suite: 's',
    name,
    kind: 'failure',
    message: 'm',
    trace: '',
  });
  const a: TestResults = {
    tests: 5,
    passed: 2,
    failed: 2,
    errors: 0,
    skipped: 1,
    timeSeconds: 1.5,
    failures: [failure('a1'), failure('a2')],
  };
  const b: TestResults = {
    tests: 3,
    passed: 1,
    failed: 0,
    errors: 2,
    skipped: 0,
    timeSeconds: 2,
    failures: [failure('b1'), failure('b2')],
  };
  expect(mergeTestResults(a, b, 3)).toEqual({
    tests: 8,
    passed: 3,
    failed: 2,
    errors: 2,
    skipped: 1,
    timeSeconds: 3.5,
    failures: [failure('a1'), failure('a2'), failure('b1')],
  });
  expect(mergeTestResults(emptyTestResults(), a)).toEqual(a);
});

describe('renderTestsSection', () => {
  const results = (over: Partial<TestResults>): TestResults => ({ ...emptyTestResults(), ...over });

  test('all passing: the one line', () => {
    expect(renderTestsSection(results({ tests: 123, passed: 120, skipped: 3, timeSeconds: 12.34 }))).toBe(
      '✅ 120 passed · ❌ 0 failed · ⏭ 3 skipped · 12.3 s',
    );
  });

  test('failures: escaped names and messages, traces fenced longer than their backtick runs', () => {
    const text = renderTestsSection(
      results({
        tests: 20125,
        passed: 20120,
        failed: 2,
        errors: 1,
        skipped: 2,
        timeSeconds: 75.2,
        failures: [
          {
            suite: 'ui <script>alert(1)</script>',
            name: 'pings @octocat | [link](x)',
            kind: 'failure',
            message: 'expected <b>\nto be @org/team',
            trace: 'Error: unexpected ```` in template\n```\n</details>',
          },
          { suite: '', name: 'loose_test', kind: 'error', message: '', trace: 'plain trace' },
        ],
      }),
    );
    expect(text).toBe(
      [
        '✅ 20,120 passed · ❌ 3 failed · ⏭ 2 skipped · 1 min 15 s',
        '',
        '<details><summary>Failed tests (3)</summary>',
        '',
        '**ui &lt;script&gt;alert(1)&lt;/script&gt; › pings @\u200boctocat \\| \\[link\\](x)**',
        '',
        'expected &lt;b&gt; to be @\u200borg/team',
        '',
        '`````',
        'Error: unexpected ```` in template',
        '```',
        '</details>',
        '`````',
        '',
        '**loose\\_test** (error)',
        '',
        '```',
        'plain trace',
        '```',
        '',
        '… and 1 more not shown.',
        '',
        '</details>',
      ].join('\n'),
    );
  });

  test('failures counted past the details kept', () => {
    expect(renderTestsSection(results({ tests: 4, failed: 4, timeSeconds: 0.01 }))).toBe(
      [
        '✅ 0 passed · ❌ 4 failed · ⏭ 0 skipped · < 0.1 s',
        '',
        '<details><summary>Failed tests (4)</summary>',
        '',
        'No details kept for the 4 failed tests.',
        '',
        '</details>',
      ].join('\n'),
    );
  });

  test('a real report renders (pytest fixture)', async () => {
    const text = renderTestsSection(await parseFixture('pytest.xml'));
    expect(text.split('\n')[0]).toBe('✅ 2 passed · ❌ 3 failed · ⏭ 2 skipped · < 0.1 s');
    expect(text).toContain('**test\\_sample.TestParser › test\\_raises**');
    expect(text).toContain('````\nself = <test_sample.TestParser object at');
  });

  test.each([
    [0, '0.0 s'],
    [0.04, '< 0.1 s'],
    [0.05, '0.1 s'],
    [12.34, '12.3 s'],
    [59.96, '1 min 0 s'],
    [3725.4, '62 min 5 s'],
  ])('formatDuration(%d) = %j', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  test.each([
    ['no backticks', '```'],
    ['a ` b', '```'],
    ['```', '````'],
    ['x ````` y `` z', '``````'],
  ])('fenceFor(%j) = %j', (trace, expected) => {
    expect(fenceFor(trace)).toBe(expected);
  });
});
