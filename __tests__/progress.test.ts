import { describe, expect, test } from '@jest/globals';
import {
  progressDue,
  progressEndLine,
  progressLine,
  startProgress,
  tickWhile,
  type Every,
} from '../src/progress.js';

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

test('a silent transfer says a line every 5 s until it ends, and none after, even when it fails', async () => {
  let now = 0;
  let tick: (() => void) | undefined;
  let stopped = false;
  const every: Every = (ms, t) => {
    expect(ms).toBe(5000);
    tick = t;
    return () => void (stopped = true);
  };
  const lines: string[] = [];
  let finish: (error?: Error) => void = () => undefined;
  const run = tickWhile(
    () =>
      new Promise<void>((resolve, reject) => {
        finish = (error) => (error ? reject(error) : resolve());
      }),
    { what: 'streaming app:berth-0123 to web1', now: () => now, say: (l) => lines.push(l), every },
  );
  for (const t of [5000, 10_000, 15_000]) {
    now = t;
    tick?.();
  }
  finish(new Error('ssh: connection closed'));
  await expect(run).rejects.toThrow('ssh: connection closed');
  expect(stopped).toBe(true);
  expect(lines).toEqual([
    'streaming app:berth-0123 to web1: 5 s so far',
    'streaming app:berth-0123 to web1: 10 s so far',
    'streaming app:berth-0123 to web1: 15 s so far',
  ]);
});
