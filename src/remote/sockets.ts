/**
 * The open TCP connections to an address and port on a host: counted by `ss` (the kernel filters, which
 * stays fast with tens of thousands of sockets in TIME_WAIT under load), else from the socket tables in
 * /proc (./proc-net.ts), which every user may read. `ss`'s output is parsed here and nowhere else.
 */
import type { CommandHost, HostFiles } from './host.js';
import { openConnectionsTo, PROC_NET_TCP } from './proc-net.js';

/** `ss` listing the connections to address:port that may still carry a request. */
export function ssArgv(address: string, port: number): string[] {
  const dst = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  return ['ss', '-tn', 'state', 'established', 'state', 'syn-sent', 'state', 'close-wait', 'dst', dst];
}

/** ss's output → the number of connections (its header line left out). */
export function parseSsCount(output: string): number {
  return output.split('\n').filter((l) => l.trim() !== '' && !/^\s*(State|Recv-Q|Netid)\b/.test(l)).length;
}

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
