/**
 * The request loops of bench/load.mjs (one implementation for tests, benchmarks and the demo), here or —
 * for a server only reachable inside a test network namespace — as a process started there.
 */
import { expect } from '@jest/globals';
import {
  describeFailures,
  startLoadProcess,
  startLoads,
  type LoadOptions,
  type LoadReport,
} from '../../bench/load.mjs';

export { describeFailures, startLoadProcess, startLoads, type LoadOptions, type LoadReport };

/** Not one request failed — of any kind, POSTs included — and every kind really ran (`atLeast` requests each). */
export function expectNoFailedRequest(report: LoadReport, atLeast = 5): void {
  expect(describeFailures(report)).toBe('none');
  const ran = Object.fromEntries(
    (['fresh', 'get', 'post'] as const).map((k) => [k, report[k].requests >= atLeast]),
  );
  expect(ran).toEqual({ fresh: true, get: true, post: true });
}
