/**
 * The drain after the switch: the old colour is stopped only when no connection to it is open any more —
 * nginx closes its idle ones within moments (src/nginx/upstream.ts, COLOUR_KEEPALIVE_TIMEOUT_MS), so one
 * still open carries a request in flight — or when drain-timeout has passed. The host's socket tables
 * are read by ../../remote/sockets.ts.
 */
import type { CommandHost, HostFiles } from '../../remote/host.js';
import { countConnections } from '../../remote/sockets.js';
import { startProgress } from '../../progress.js';
import { sleep } from '../../retry.js';

export interface DrainOptions {
  address: string;
  port: number;
  timeoutMs: number;
  intervalMs?: number;
  /** How long to wait when the socket tables cannot be read (not Linux). */
  blindMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** What the progress lines name (`blue's connections`); default: the address and port. */
  what?: string;
  /** Where a progress line goes, at least every 5 s while connections stay open. */
  progress?: (line: string) => void;
}

export type DrainResult =
  | { outcome: 'drained'; ms: number; open: number }
  | { outcome: 'timeout'; ms: number; open: number; remaining: number }
  | { outcome: 'blind'; ms: number };

export async function drainConnections(
  host: CommandHost & HostFiles,
  options: DrainOptions,
): Promise<DrainResult> {
  const now = options.now ?? Date.now;
  const pause = options.sleep ?? sleep;
  const started = now();
  const first = await countConnections(host, options.address, options.port);
  if (first === undefined) {
    await pause(Math.min(options.blindMs ?? 1000, options.timeoutMs));
    return { outcome: 'blind', ms: now() - started };
  }
  let open = first;
  const progress = startProgress({
    what: options.what ?? `the connections to ${options.address}:${options.port} to finish`,
    limitMs: options.timeoutMs,
    now,
    startedAt: started,
    say: options.progress ?? (() => undefined),
  });
  for (;;) {
    if (open === 0) return { outcome: 'drained', ms: now() - started, open: first };
    if (now() - started >= options.timeoutMs)
      return { outcome: 'timeout', ms: now() - started, open: first, remaining: open };
    progress.update(`${open} open`);
    await progress.sleep(options.intervalMs ?? 25, pause);
    open = (await countConnections(host, options.address, options.port)) ?? 0;
  }
}

/** The timeline's name for the drain: what it waited for and how it ended. */
export function describeDrain(result: DrainResult, timeoutSeconds: number): string {
  switch (result.outcome) {
    case 'drained':
      return result.open === 0
        ? 'drain (no connection was open)'
        : `drain (${result.open} connection${result.open === 1 ? '' : 's'} finished)`;
    case 'timeout':
      return `drain (drain-timeout ${timeoutSeconds} s passed, ${result.remaining} connection${result.remaining === 1 ? '' : 's'} still open)`;
    case 'blind':
      return `drain (connections not visible on this host: waited ${Math.round(result.ms / 1000)} s)`;
  }
}
