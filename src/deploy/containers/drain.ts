/**
 * The drain after the switch: the old colour is stopped only when no connection to it is open any more —
 * nginx closes its idle ones within moments (src/nginx/upstream.ts, COLOUR_KEEPALIVE_TIMEOUT_MS), so one
 * still open carries a request in flight — or when drain-timeout has passed. Counted by `ss` (the
 * kernel filters, which stays fast with tens of thousands of sockets in TIME_WAIT under load), else
 * from the socket tables in /proc, which every user may read.
 */
import type { CommandHost, HostFiles } from '../../remote/host.js';
import { openConnectionsTo, PROC_NET_TCP } from '../../remote/proc-net.js';
import { sleep } from '../../retry.js';

/** `ss` listing the connections to address:port that may still carry a request. */
export function ssArgv(address: string, port: number): string[] {
  const dst = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  return ['ss', '-tn', 'state', 'established', 'state', 'syn-sent', 'state', 'close-wait', 'dst', dst];
}

/** ss's output → the number of connections (its header line left out). */
export function parseSsCount(output: string): number {
  return output.split('\n').filter((l) => l.trim() !== '' && !/^\s*(State|Recv-Q|Netid)\b/.test(l)).length;
}

export interface DrainOptions {
  address: string;
  port: number;
  timeoutMs: number;
  intervalMs?: number;
  /** How long to wait when the socket tables cannot be read (not Linux). */
  blindMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type DrainResult =
  | { outcome: 'drained'; ms: number; open: number }
  | { outcome: 'timeout'; ms: number; open: number; remaining: number }
  | { outcome: 'blind'; ms: number };

/** Open connections to address:port now; undefined when neither ss nor the socket tables answer. */
export async function countConnections(
  host: CommandHost & HostFiles,
  address: string,
  port: number,
): Promise<number | undefined> {
  const ss = await host.exec(ssArgv(address, port), { quiet: true }).catch(() => undefined);
  if (ss?.code === 0) return parseSsCount(ss.stdout);
  const texts = await Promise.all(PROC_NET_TCP.map((f) => host.readFile(f).catch(() => undefined)));
  if (texts.every((t) => t === undefined)) return undefined;
  return texts.reduce((sum, t) => sum + (t === undefined ? 0 : openConnectionsTo(t, address, port)), 0);
}

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
  for (;;) {
    if (open === 0) return { outcome: 'drained', ms: now() - started, open: first };
    if (now() - started >= options.timeoutMs)
      return { outcome: 'timeout', ms: now() - started, open: first, remaining: open };
    await pause(options.intervalMs ?? 25);
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
