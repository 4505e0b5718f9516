/**
 * Why a health probe got no HTTP answer, in the words a user searches for (issue 20: the progress line
 * says "connection refused", not "no answer"): from Node's own errors against real sockets here, and
 * from the text OpenSSH's `ssh -W` prints when the forward cannot connect.
 */
import net from 'node:net';
import { afterEach, describe, expect, test } from '@jest/globals';
import type { ExecResult } from '../../src/exec.js';
import { httpGet, noAnswerReason } from '../../src/remote/host.js';
import { sshForwardFailure } from '../../src/remote/ssh.js';

describe('noAnswerReason', () => {
  test.each<[string | undefined, number, string]>([
    ['ECONNREFUSED', 2000, 'connection refused'],
    ['ECONNRESET', 2000, 'connection reset'],
    ['EHOSTUNREACH', 2000, 'host unreachable'],
    ['ENETUNREACH', 2000, 'host unreachable'],
    ['ETIMEDOUT', 2000, 'no answer within 2 s'],
    ['TIMEOUT', 5000, 'no answer within 5 s'],
    ['HPE_INVALID_CONSTANT', 2000, 'not HTTP'],
    ['HPE_INVALID_VERSION', 2000, 'not HTTP'],
    ['HPE_INVALID_STATUS', 2000, 'not HTTP'],
    ['EPIPE', 2000, 'no answer (EPIPE)'],
    [undefined, 2000, 'no answer'],
  ])('%s → %s', (code, timeoutMs, reason) => expect(noAnswerReason(code, timeoutMs)).toBe(reason));
});

describe('sshForwardFailure', () => {
  const result = (code: number, stderr: string, stdout = ''): ExecResult => ({ code, stdout, stderr });
  test.each<[string, ExecResult, string]>([
    [
      'sshd could not connect: nothing listens yet',
      result(255, 'channel 0: open failed: connect failed: Connection refused\nstdio forwarding failed\n'),
      'connection refused',
    ],
    [
      'the address is not routable from the server',
      result(255, 'channel 0: open failed: connect failed: No route to host\nstdio forwarding failed\n'),
      'host unreachable',
    ],
    [
      'a network the server has no route to',
      result(255, 'channel 0: open failed: connect failed: Network is unreachable\n'),
      'host unreachable',
    ],
    ['cut at its 5 s bound', result(128, ''), 'no answer within 5 s'],
    ['bytes that are not HTTP', result(0, '', 'SSH-2.0-OpenSSH_9.2\r\n'), 'not HTTP'],
    ['closed without a byte', result(0, ''), 'no answer'],
  ])('%s', (_name, answer, reason) => expect(sshForwardFailure(answer)).toBe(reason));
});

describe('httpGet says why against real sockets on loopback', () => {
  let server: net.Server | undefined;
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    sockets.splice(0).forEach((socket) => socket.destroy());
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    server = undefined;
  });
  const listen = async (onConnection: (socket: net.Socket) => void): Promise<number> => {
    server = net.createServer((socket) => {
      sockets.push(socket);
      onConnection(socket);
    });
    await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
    return (server.address() as net.AddressInfo).port;
  };

  test('a port nobody listens on: connection refused', async () => {
    const port = await listen(() => undefined);
    await new Promise<void>((done) => server?.close(() => done()));
    server = undefined;
    expect(await httpGet(`http://127.0.0.1:${port}/health`)).toEqual({
      status: 0,
      body: '',
      failure: 'connection refused',
    });
  });

  test('a listener that resets the connection: connection reset', async () => {
    const port = await listen((socket) => socket.resetAndDestroy());
    expect((await httpGet(`http://127.0.0.1:${port}/health`)).failure).toBe('connection reset');
  });

  test('a listener that answers something else: not HTTP', async () => {
    const port = await listen((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n\r\n'));
    expect((await httpGet(`http://127.0.0.1:${port}/health`)).failure).toBe('not HTTP');
  });

  test('a listener that accepts and never answers: no answer within 2 s', async () => {
    const port = await listen(() => undefined);
    expect(await httpGet(`http://127.0.0.1:${port}/health`)).toEqual({
      status: 0,
      body: '',
      failure: 'no answer within 2 s',
    });
  });

  test('an answer has no failure', async () => {
    const port = await listen((socket) =>
      socket.once('data', () => socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n')),
    );
    expect(await httpGet(`http://127.0.0.1:${port}/health`)).toEqual({ status: 503, body: '' });
  });
});
