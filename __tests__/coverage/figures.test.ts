import { describe, expect, test } from '@jest/globals';
import {
  deltaPoints,
  formatDelta,
  isFiguresFile,
  parseFigures,
  renderFigures,
} from '../../src/coverage/figures.js';

describe('the figures file', () => {
  test('what a run writes reads back the same', () => {
    const text = renderFigures(
      { lines: { covered: 56, total: 75 }, branches: { covered: 3, total: 8 }, functions: null },
      'b'.repeat(40),
      'Backend',
    );
    expect(isFiguresFile(text)).toBe(true);
    expect(parseFigures(text, 'base.json', 'base-coverage-file')).toEqual({
      lines: { covered: 56, total: 75 },
      branches: { covered: 3, total: 8 },
      commit: 'b'.repeat(40),
      component: 'Backend',
    });
  });

  test.each([
    ['<?xml version="1.0"?><report/>', false],
    ['SF:a.js\nend_of_record\n', false],
    ['{"total": {"lines": {"pct": 80}}}', false],
    ['  {"kind": "berth-coverage-figures"}', true],
  ])('isFiguresFile(%j) is %s', (text, expected) => {
    expect(isFiguresFile(text)).toBe(expected);
  });

  const why = (reason: string): string =>
    `base-coverage-file: base.json is not a berth coverage figures file (${reason}); expected the \`report-file\` an earlier \`coverage\` run wrote, or a coverage report`;
  test.each([
    ['[]', why('not a JSON object')],
    ['{"kind": "other", "version": 1}', why('kind is "other"')],
    ['{"kind": "berth-coverage-figures", "version": 2}', why('version 2 is not 1')],
    [
      '{"kind": "berth-coverage-figures", "version": 1, "lines": {"covered": 1.5, "total": 3}}',
      why('lines must be {"covered": n, "total": n} with 0 <= covered <= total'),
    ],
    [
      '{"kind": "berth-coverage-figures", "version": 1, "lines": {"covered": 1, "total": 3}, "branches": 4}',
      why('branches must be null or {"covered": n, "total": n}'),
    ],
  ])('%s is refused', (text, message) => {
    expect(() => parseFigures(text, 'base.json', 'base-coverage-file')).toThrow(message);
  });

  test('a truncated file names the JSON error', () => {
    expect(() => parseFigures('{"kind": "berth-cov', 'base.json', 'base-coverage-file')).toThrow(
      /^base-coverage-file: base\.json is not a berth coverage figures file \(.*JSON.*\)/,
    );
  });
});

describe('the delta', () => {
  test.each([
    [{ covered: 56, total: 75 }, { covered: 60, total: 75 }, '−5.33'],
    [{ covered: 61, total: 75 }, { covered: 60, total: 75 }, '+1.33'],
    [{ covered: 1, total: 3 }, { covered: 100, total: 300 }, '±0.00'],
    [{ covered: 79_999, total: 100_000 }, { covered: 4, total: 5 }, '±0.00'],
    [{ covered: 7_995, total: 10_000 }, { covered: 4, total: 5 }, '−0.05'],
  ])('%j against %j is %s points', (now, base, text) => {
    expect(formatDelta(deltaPoints(now, base) ?? NaN)).toBe(text);
  });

  test.each([
    [
      { covered: 0, total: 0 },
      { covered: 1, total: 2 },
    ],
    [
      { covered: 1, total: 2 },
      { covered: 0, total: 0 },
    ],
    [null, { covered: 1, total: 2 }],
    [{ covered: 1, total: 2 }, null],
  ])('nothing to compare: %j against %j', (now, base) => {
    expect(deltaPoints(now, base)).toBeNull();
  });
});
