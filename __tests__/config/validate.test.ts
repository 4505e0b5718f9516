import { describe, expect, test } from '@jest/globals';
import { formatKey } from '../../src/config/validate.js';

describe('formatKey', () => {
  test.each([
    ['', 'version', 'version'],
    ['environments', 'test', 'environments.test'],
    ['components', 'my app', 'components["my app"]'],
    ['components', 'web.v2', 'components["web.v2"]'],
  ])('%s + %s', (parent, key, expected) => {
    expect(formatKey(parent, key)).toBe(expected);
  });
});
