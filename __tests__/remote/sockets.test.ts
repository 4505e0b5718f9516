/** `ss`'s argv and output, the host's socket tables' first reader. */
import { expect, test } from '@jest/globals';
import { parseSsCount, ssArgv } from '../../src/remote/sockets.js';

test.each([
  ['State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n', 0],
  ['Recv-Q Send-Q Local Address:Port Peer Address:Port\n0 0 127.0.0.1:1 127.0.0.1:2\n', 1],
  ['ESTAB 0 0 127.0.0.1:1 127.0.0.1:2\nCLOSE-WAIT 0 0 127.0.0.1:3 127.0.0.1:2\n', 2],
  ['', 0],
])('parseSsCount(%j)', (output, count) => {
  expect(parseSsCount(output)).toBe(count);
});

test.each([
  ['127.0.0.1', 18080, 'dst 127.0.0.1:18080'],
  ['::1', 18080, 'dst [::1]:18080'],
])('ssArgv(%s, %d)', (address, port, tail) => {
  expect(ssArgv(address, port).slice(-2).join(' ')).toBe(tail);
  expect(ssArgv(address, port).slice(0, 2)).toEqual(['ss', '-tn']);
});
