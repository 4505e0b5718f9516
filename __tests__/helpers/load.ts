/**
 * The request loops of bench/load.mjs (one implementation for tests, benchmarks and the demo), here or —
 * for a server only reachable inside a test network namespace — as a process started there.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect } from '@jest/globals';
import {
  describeFailures,
  fromJson,
  startLoads,
  type LoadOptions,
  type LoadReport,
} from '../../bench/load.mjs';
import { ROOT } from './run-dist.js';

export { describeFailures, startLoads, type LoadOptions, type LoadReport };

/** Runs the loops as `node bench/load.mjs URL OPTIONS` through `spawn` (e.g. inside a namespace); stop() ends them. */
export function startLoadProcess(
  spawn: (command: string, args: string[], options: { stdio: ['pipe', 'pipe', 'inherit'] }) => ChildProcess,
  url: string,
  options: LoadOptions = {},
): { stop: () => Promise<LoadReport> } {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bench', 'load.mjs'), url, JSON.stringify(options)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    stop: async () => {
      child.stdin?.end();
      await exited;
      return fromJson(JSON.parse(out) as Parameters<typeof fromJson>[0]);
    },
  };
}

/** Not one request failed — of any kind, POSTs included — and every kind really ran (`atLeast` requests each). */
export function expectNoFailedRequest(report: LoadReport, atLeast = 5): void {
  expect(describeFailures(report)).toBe('none');
  const ran = Object.fromEntries(
    (['fresh', 'get', 'post'] as const).map((k) => [k, report[k].requests >= atLeast]),
  );
  expect(ran).toEqual({ fresh: true, get: true, post: true });
}
