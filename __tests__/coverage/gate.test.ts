/** Coverage's own gate conditions, by table: minimums and the allowed drop from the base. */
import { expect, test } from '@jest/globals';
import { dropCondition, minimumCondition } from '../../src/coverage/gate.js';

const c = (covered: number, total: number) => ({ covered, total });

test.each([
  [c(80, 100), 80, true],
  [c(799, 1000), 80, false],
  [c(0, 0), 0, false], // no data cannot pass, not even a zero threshold
  [null, 50, false],
  [c(1, 1), 100, true],
])('minimum: %j against %d%% → passed %s', (actual, threshold, passed) => {
  expect(minimumCondition('min-line', 'line coverage', actual, threshold)).toEqual({
    input: 'min-line',
    what: 'line coverage',
    actual,
    threshold,
    passed,
  });
});

test.each([
  [c(795, 1000), c(800, 1000), 0.5, true], // exactly the allowed drop (no float hair)
  [c(794, 1000), c(800, 1000), 0.5, false],
  [c(900, 1000), c(800, 1000), 0, true], // a rise always passes
  [c(799, 1000), c(800, 1000), 0, false],
])('drop: %j from %j with max-drop %d → passed %s', (now, base, maxDrop, passed) => {
  expect(dropCondition(now, base, maxDrop)).toEqual({
    input: 'max-drop',
    what: 'line coverage',
    actual: now,
    base,
    threshold: maxDrop,
    passed,
  });
});

test('no figure now, or an empty base: no drop condition at all', () => {
  expect(dropCondition(null, c(800, 1000), 1)).toBeUndefined();
  expect(dropCondition(c(800, 1000), c(0, 0), 1)).toBeUndefined();
});
