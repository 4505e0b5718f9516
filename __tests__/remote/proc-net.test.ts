import { expect, test } from '@jest/globals';
import {
  clashes,
  decodeAddress,
  openConnectionsTo,
  parseListeners,
  type Listener,
} from '../../src/remote/proc-net.js';
import { captured, TCP as HOST_TCP, TCP6 as HOST_TCP6 } from '../helpers/tool-output.js';

// Lines as Linux prints them (x86_64, little-endian): port 18080 = 0x4E20, 127.0.0.1 = 0100007F.
const TCP = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:46A0 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 100 1 0000000000000000 100 0 0 10 0',
  '   1: 0100007F:C350 0100007F:46A0 01 00000000:00000000 00:00000000 00000000 65534        0 101 1 0000000000000000 20 4 30 10 -1',
  '   2: 0100007F:C351 0100007F:46A0 06 00000000:00000000 03:00000F6E 00000000     0        0 0 3 0000000000000000',
  '   3: 0100007F:C352 0100007F:46A0 08 00000000:00000000 00:00000000 00000000 65534        0 103 1 0000000000000000 20 4 30 10 -1',
  '   4: 0100007F:C353 0100007F:46A0 04 00000000:00000000 00:00000000 00000000 65534        0 104 1 0000000000000000 20 4 30 10 -1',
  '   5: 0100007F:C354 0100007F:46A1 01 00000000:00000000 00:00000000 00000000 65534        0 105 1 0000000000000000 20 4 30 10 -1',
  '   6: 0100007F:46A0 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 106 1 0000000000000000 20 4 30 10 -1',
  '   7: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 107 1 0000000000000000 100 0 0 10 0',
  '',
].join('\n');

const TCP6 = [
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 00000000000000000000000001000000:46A0 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 200 1 0000000000000000 100 0 0 10 0',
  '   1: 00000000000000000000000001000000:D000 00000000000000000000000001000000:46A0 01 00000000:00000000 00:00000000 00000000     0        0 201 1 0000000000000000 20 4 30 10 -1',
  '   2: 0000000000000000FFFF00000100007F:D001 0000000000000000FFFF00000100007F:46A0 01 00000000:00000000 00:00000000 00000000     0        0 202 1 0000000000000000 20 4 30 10 -1',
  '   3: 00000000000000000000000000000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 203 1 0000000000000000 100 0 0 10 0',
  '',
].join('\n');

test('parseListeners: the LISTEN sockets with their addresses', () => {
  expect(parseListeners(TCP)).toEqual([
    { address: '127.0.0.1', port: 18080 },
    { address: '0.0.0.0', port: 80 },
  ]);
  expect(parseListeners(TCP6)).toEqual([
    { address: '::1', port: 18080 },
    { address: '::', port: 443 },
  ]);
});

test.each([
  // ESTABLISHED and CLOSE_WAIT to 127.0.0.1:18080 count; TIME_WAIT, FIN_WAIT1, the listener, the server side
  // of a connection (local port 18080) and another port do not.
  ['IPv4', TCP, '127.0.0.1', 18080, 2],
  ['another port', TCP, '127.0.0.1', 18081, 1],
  ['another address', TCP, '10.0.0.5', 18080, 0],
  ['IPv6 loopback', TCP6, '::1', 18080, 1],
  ['IPv4 mapped into tcp6 counts as IPv4', TCP6, '127.0.0.1', 18080, 1],
  ['nothing', '', '127.0.0.1', 18080, 0],
])('openConnectionsTo: %s', (_name, text, address, port, count) => {
  expect(openConnectionsTo(text, address, port)).toBe(count);
});

test.each([
  ['0100007F', '127.0.0.1'],
  ['0500000A', '10.0.0.5'],
  ['00000000000000000000000000000000', '::'],
  ['00000000000000000000000001000000', '::1'],
  ['0000000000000000FFFF00000500000A', '10.0.0.5'],
  ['B80D0120000000000000000001000000', 'ipv6'],
])('decodeAddress(%s)', (hex, text) => {
  expect(decodeAddress(hex)).toBe(text);
});

test.each<[string, number, string, boolean]>([
  ['127.0.0.1', 18080, '127.0.0.1', true],
  ['127.0.0.1', 18080, '127.0.0.2', false],
  ['0.0.0.0', 18080, '127.0.0.1', true], // a wildcard listener takes the port on every address
  ['::', 18080, '127.0.0.1', true],
  ['::1', 18080, '127.0.0.1', false],
  ['10.0.0.5', 18080, '0.0.0.0', true], // publishing on every address clashes with any listener
  ['127.0.0.1', 18081, '127.0.0.1', false],
])('clashes(%s:18080, %d, bind %s) → %s', (address, port, bind, expected) => {
  expect(clashes({ address, port: 18080 }, port, bind)).toBe(expected);
});

test.each<[string, string, Listener[]]>([
  [
    'two listeners and a connection',
    HOST_TCP,
    [
      { address: '127.0.0.1', port: 40673 },
      { address: '0.0.0.0', port: 22 },
    ],
  ],
  [
    'tcp6: every address and ::1',
    HOST_TCP6,
    [
      { address: '::', port: 80 },
      { address: '::1', port: 631 },
    ],
  ],
  // Captured on Linux 6.18: the kernel pads lines with spaces; a TIME_WAIT row has fewer fields.
  ['this host’s /proc/net/tcp', captured('proc-net-tcp.txt'), [{ address: '0.0.0.0', port: 2024 }]],
])('parseListeners, LISTEN sockets only, addresses decoded: %s', (_, text, expected) => {
  expect(parseListeners(text)).toEqual(expected);
});
