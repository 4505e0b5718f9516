import { expect, test } from '@jest/globals';
import type { FileCoverage } from '../../src/coverage/model.js';
import { describeFailedCondition, renderCoverageSummary } from '../../src/report/coverage-summary.js';

const file = (p: string, covered: number, total: number): FileCoverage => ({
  path: p,
  summary: { lines: { covered, total }, branches: { covered: 1, total: 2 }, functions: null },
});

test('the summary: verdict, totals, conditions, least covered files first, reports read', () => {
  const text = renderCoverageSummary({
    totals: { lines: { covered: 1234, total: 1707 }, branches: { covered: 2, total: 4 }, functions: null },
    files: [file('src/a_b.ts', 9, 10), file('src/@scope/c.ts', 1, 10)],
    reports: [{ file: 'coverage/lcov.info', format: 'lcov', files: 2 }],
    conditions: [
      {
        input: 'min-line',
        what: 'line coverage',
        actual: { covered: 1234, total: 1707 },
        threshold: 80,
        passed: false,
      },
    ],
  });
  expect(text).toBe(
    [
      '### berth coverage: 72.2% of lines — gate failed (1)',
      '',
      '|  | Covered |',
      '| --- | --- |',
      '| Lines | 72.2% (1,234 of 1,707 lines) |',
      '| Branches | 50.0% (2 of 4 branches) |',
      '',
      '| Condition | Actual | Threshold |  |',
      '| --- | --- | --- | --- |',
      '| min-line | 72.2% (1,234 of 1,707 lines) | 80% | FAILED |',
      '',
      '<details><summary>Least covered files (2 of 2)</summary>',
      '',
      '| File | Lines | Branches |',
      '| --- | --- | --- |',
      '| src/@\u200bscope/c.ts | 10.0% (1 of 10 lines) | 50.0% (1 of 2 branches) |',
      '| src/a\\_b.ts | 90.0% (9 of 10 lines) | 50.0% (1 of 2 branches) |',
      '',
      '</details>',
      '',
      'Reports: coverage/lcov.info (lcov, 2 files)',
      '',
    ].join('\n'),
  );
});

test('with a component, a base figure, a drop condition and changed files (worst first)', () => {
  const text = renderCoverageSummary({
    component: 'Backend',
    base: { lines: { covered: 60, total: 75 }, branches: null, commit: 'c'.repeat(40), source: 'base.json' },
    totals: { lines: { covered: 56, total: 75 }, branches: { covered: 2, total: 4 }, functions: null },
    files: [file('src/a.ts', 9, 10), file('src/b.ts', 1, 10), file('src/c.ts', 5, 10)],
    reports: [{ file: 'jacoco.xml', format: 'jacoco-xml', files: 3 }],
    changed: {
      counter: { covered: 3, total: 6 },
      files: [
        { path: 'src/a.ts', counter: { covered: 2, total: 2 } },
        { path: 'src/b.ts', counter: { covered: 0, total: 1 } },
        { path: 'src/c.ts', counter: { covered: 1, total: 3 } },
      ],
      uncovered: [],
      unmeasured: [],
    },
    conditions: [
      {
        input: 'max-drop',
        what: 'line coverage',
        actual: { covered: 56, total: 75 },
        base: { covered: 60, total: 75 },
        threshold: 1,
        passed: false,
      },
    ],
  });
  expect(text).toBe(
    [
      '### berth coverage — Backend: 74.6% of lines — gate failed (1)',
      '',
      '|  | Covered |',
      '| --- | --- |',
      '| Lines | 74.6% (56 of 75 lines), −5.33 pts |',
      '| Branches | 50.0% (2 of 4 branches) |',
      '| Changed lines | 50.0% (3 of 6 lines) |',
      '',
      'Compared with the base at ccccccc: base.json',
      '',
      '| Condition | Actual | Threshold |  |',
      '| --- | --- | --- | --- |',
      '| max-drop | −5.33 pts (80.0% → 74.6%) | falls at most 1 pts | FAILED |',
      '',
      '<details><summary>Changed files, worst first (3)</summary>',
      '',
      '| File | Changed lines | Whole file |',
      '| --- | --- | --- |',
      '| src/b.ts | 0.0% (0 of 1 lines) | 10.0% (1 of 10 lines) |',
      '| src/c.ts | 33.3% (1 of 3 lines) | 50.0% (5 of 10 lines) |',
      '| src/a.ts | 100.0% (2 of 2 lines) | 90.0% (9 of 10 lines) |',
      '',
      '</details>',
      '',
      '<details><summary>Least covered files (3 of 3)</summary>',
      '',
      '| File | Lines | Branches |',
      '| --- | --- | --- |',
      '| src/b.ts | 10.0% (1 of 10 lines) | 50.0% (1 of 2 branches) |',
      '| src/c.ts | 50.0% (5 of 10 lines) | 50.0% (1 of 2 branches) |',
      '| src/a.ts | 90.0% (9 of 10 lines) | 50.0% (1 of 2 branches) |',
      '',
      '</details>',
      '',
      'Reports: jacoco.xml (jacoco-xml, 3 files)',
      '',
    ].join('\n'),
  );
});

test.each([
  [
    {
      input: 'min-line',
      what: 'line coverage',
      actual: { covered: 56, total: 75 },
      threshold: 80,
      passed: false,
    },
    'min-line: line coverage 74.6% (56 of 75 lines) is below 80%',
  ],
  [
    {
      input: 'min-branch',
      what: 'branch coverage',
      actual: { covered: 0, total: 0 },
      threshold: 50,
      passed: false,
    },
    'min-branch: the reports have no branch data, so branch coverage cannot reach 50% (does the coverage tool record branches?)',
  ],
  [
    {
      input: 'max-drop',
      what: 'line coverage',
      actual: { covered: 56, total: 75 },
      base: { covered: 60, total: 75 },
      threshold: 0.5,
      passed: false,
    },
    'max-drop: line coverage fell 5.33 points, from 80.0% (60 of 75 lines) on the base to 74.6% (56 of 75 lines); at most 0.5 allowed',
  ],
])('failed condition %#', (condition, line) => {
  expect(describeFailedCondition(condition)).toBe(line);
});
