/**
 * Linux's socket tables (/proc/net/tcp and /proc/net/tcp6, readable by every user) — pure parsing. They
 * answer two questions without ss or netstat on the server: what listens on a port (doctor, the switch's
 * port), and how many connections are still open to one (the drain before the old colour stops).
 */

/** A listening TCP socket: its local address (`0.0.0.0`, `::`, `127.0.0.1`…) and port. */
export interface Listener {
  address: string;
  port: number;
}

/** The socket files, IPv4 and IPv6. */
export const PROC_NET_TCP = ['/proc/net/tcp', '/proc/net/tcp6'] as const;

/** TCP states of /proc's `st` column: LISTEN, and those of a connection that may still carry a request. */
const LISTEN = '0A';
/** ESTABLISHED, SYN_SENT, CLOSE_WAIT (the peer closed; our side may still be reading its answer). */
const OPEN = new Set(['01', '02', '08']);

interface Row {
  local: { address: string; port: number };
  remote: { address: string; port: number };
  state: string;
}

function rows(text: string): Row[] {
  const out: Row[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [local, remote, state] = [fields[1], fields[2], fields[3]];
    if (local === undefined || remote === undefined || state === undefined) continue;
    const l = endpoint(local);
    const r = endpoint(remote);
    if (l && r) out.push({ local: l, remote: r, state });
  }
  return out;
}

function endpoint(text: string): { address: string; port: number } | undefined {
  const [hex = '', portHex = ''] = text.split(':');
  const port = Number.parseInt(portHex, 16);
  if (!Number.isInteger(port) || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  return { address: decodeAddress(hex), port };
}

/** The LISTEN sockets (state 0A) of /proc/net/tcp or /proc/net/tcp6 text. */
export function parseListeners(text: string): Listener[] {
  return rows(text)
    .filter((row) => row.state === LISTEN)
    .map((row) => row.local);
}

/**
 * How many connections to `address:port` are open (ESTABLISHED, SYN_SENT or CLOSE_WAIT), counted on the
 * connecting side: the remote end is address:port. `address` as decodeAddress writes it (`127.0.0.1`, `::1`).
 */
export function openConnectionsTo(text: string, address: string, port: number): number {
  return rows(text).filter(
    (row) => OPEN.has(row.state) && row.remote.port === port && row.remote.address === address,
  ).length;
}

/**
 * /proc's hex address (host byte order per 32-bit word; little-endian here) → text: IPv4 dotted, `::`,
 * `::1`, IPv4-mapped as IPv4; any other IPv6 → `ipv6`.
 */
export function decodeAddress(hex: string): string {
  if (hex.length === 8) {
    const bytes = hex.match(/../g)?.map((b) => Number.parseInt(b, 16)) ?? [];
    return bytes.reverse().join('.');
  }
  if (/^0{32}$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  if (/^0000000000000000FFFF0000[0-9A-F]{8}$/i.test(hex)) return decodeAddress(hex.slice(24)); // ::ffff:a.b.c.d
  return 'ipv6';
}

/** A listener holds the port for a container published on `bindAddress` (a wildcard on either side clashes). */
export function clashes(listener: Listener, port: number, bindAddress: string): boolean {
  if (listener.port !== port) return false;
  const wildcard = (a: string): boolean => a === '0.0.0.0' || a === '::' || a === '';
  return wildcard(listener.address) || wildcard(bindAddress) || listener.address === bindAddress;
}
