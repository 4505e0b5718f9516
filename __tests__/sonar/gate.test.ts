import { describe, expect, test } from '@jest/globals';
import { gateOutcome } from '../../src/sonar/gate.js';

describe('gateOutcome: the words of SonarSource’s quality-gate action, not the server’s', () => {
  test.each([
    ['OK', 'PASSED'],
    ['WARN', 'WARN'],
    ['ERROR', 'FAILED'],
    // SonarSource's action says FAILED (and fails the step); berth passes with a warning, and says so.
    ['NONE', 'NONE'],
  ] as const)('%s → %s', (status, outcome) => {
    expect(gateOutcome(status)).toBe(outcome);
  });
});
