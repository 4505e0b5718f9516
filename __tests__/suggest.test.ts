import { describe, expect, test } from '@jest/globals';
import { closest, editDistance } from '../src/suggest.js';

describe('editDistance', () => {
  test.each([
    ['labels', 'labels', 0],
    ['lables', 'labels', 1],
    ['label', 'labels', 1],
    ['brnaches', 'branches', 1],
    ['runer', 'runner', 1],
    ['', 'abc', 3],
    ['environment', 'environments', 1],
    ['paths', 'labels', 4],
  ])('%s → %s = %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('closest', () => {
  const keys = ['version', 'components', 'environments', 'quality'];
  test.each([
    ['Version', 'version'],
    ['componets', 'components'],
    ['enviroments', 'environments'],
    ['qualty', 'quality'],
    ['servers', undefined],
    ['x', undefined],
  ])('%s → %s', (key, expected) => {
    expect(closest(key, keys)).toBe(expected);
  });
});
