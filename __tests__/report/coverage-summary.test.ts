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
      '| src/&#64;scope/c.ts | 10.0% (1 of 10 lines) | 50.0% (1 of 2 branches) |',
      '| src/a\\_b.ts | 90.0% (9 of 10 lines) | 50.0% (1 of 2 branches) |',
      '',
      '</details>',
      '',
      'Reports: coverage/lcov.info (lcov, 2 files)',
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
])('failed condition %#', (condition, line) => {
  expect(describeFailedCondition(condition)).toBe(line);
});
