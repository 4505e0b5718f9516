import { describe, expect, test } from '@jest/globals';
import { progressDue, progressEndLine, progressLine, startProgress } from '../src/progress.js';

describe('progressDue', () => {
  test.each<[number | undefined, number, boolean]>([
    [undefined, 0, true],
    [0, 4999, false],
    [0, 5000, true],
    [1000, 7000, true],
    [1000, 5999, false],
  ])('said at %p, now %p: due %p', (saidAt, now, due) => {
    expect(progressDue(saidAt, now)).toBe(due);
  });
});

test.each<[string, string, number, number, string]>([
  [
    '/actuator/health on green',
    'HTTP 503',
    15_000,
    60_000,
    'waiting for /actuator/health on green: HTTP 503, 15 s of 60 s',
  ],
  [
    'the deploy lock',
    'held by run 7',
    4_600,
    600_000,
    'waiting for the deploy lock: held by run 7, 5 s of 600 s',
  ],
])('progressLine(%p, %p, %p, %p)', (what, last, elapsed, limit, line) => {
  expect(progressLine(what, last, elapsed, limit)).toBe(line);
});

test('progressEndLine', () => {
  expect(progressEndLine('the deploy lock', 'taken', 12_400)).toBe('the deploy lock: taken after 12 s');
});

test('a long sleep is cut where lines fall due; a line at least every 5 s', async () => {
  let now = 0;
  const said: number[] = [];
  const p = startProgress({ what: 'x', limitMs: 60_000, now: () => now, say: () => said.push(now) });
  p.update('first');
  await p.sleep(23_000, async (ms) => void (now += ms));
  expect(now).toBe(23_000);
  expect(said).toEqual([0, 5000, 10_000, 15_000, 20_000]);
});
