/**
 * The request loop of bench/load.mjs (one implementation for tests and benchmarks), here or — for a
 * server only reachable inside a test network namespace — as a process started there.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startLoad, type LoadReport } from '../../bench/load.mjs';
import { ROOT } from './run-dist.js';

export { startLoad, type LoadReport };

/** Runs the loop as `node bench/load.mjs URL` through `spawn` (e.g. inside a namespace); stop() ends it. */
export function startLoadProcess(
  spawn: (command: string, args: string[], options: { stdio: ['pipe', 'pipe', 'inherit'] }) => ChildProcess,
  url: string,
  connections = 4,
): { stop: () => Promise<LoadReport> } {
  const child = spawn(process.execPath, [path.join(ROOT, 'bench', 'load.mjs'), url, String(connections)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    stop: async () => {
      child.stdin?.end();
      await exited;
      const report = JSON.parse(out) as Omit<LoadReport, 'bodies'> & { bodies: string[] };
      return { ...report, bodies: new Set(report.bodies) };
    },
  };
}
