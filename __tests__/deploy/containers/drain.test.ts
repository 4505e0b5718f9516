import { describe, expect, test } from '@jest/globals';
import { describeDrain, drainConnections } from '../../../src/deploy/containers/drain.js';
import { ssArgv } from '../../../src/remote/sockets.js';
import { ok, RecordingHost } from '../../helpers/recording-host.js';

/** A host whose `ss` answers from a script of counts (one per call), or fails like a host without ss. */
function hostWith(counts: Array<number | 'no-ss'>, proc?: string): RecordingHost {
  let i = 0;
  const header = 'State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess';
  const line = 'ESTAB 0      0      127.0.0.1:49618 127.0.0.1:18080';
  const host = new RecordingHost({ remote: false }).on('ss', () => {
    const n = counts[Math.min(i++, counts.length - 1)];
    if (n === 'no-ss') throw Object.assign(new Error('spawn ss ENOENT'), { code: 'ENOENT' });
    return ok([header, ...Array.from({ length: n ?? 0 }, () => line), ''].join('\n'));
  });
  if (proc !== undefined) host.files.set('/proc/net/tcp', proc);
  return host;
}

/** A clock the sleeps advance. */
function clock(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = 0;
  return { now: () => t, sleep: async (ms) => void (t += ms) };
}

describe('drainConnections', () => {
  test('waits until the last open connection has finished', async () => {
    const host = hostWith([2, 2, 1, 0]);
    const result = await drainConnections(host, {
      address: '127.0.0.1',
      port: 18080,
      timeoutMs: 30_000,
      intervalMs: 25,
      ...clock(),
    });
    expect(result).toEqual({ outcome: 'drained', ms: 75, open: 2 });
    expect(host.argvs[0]).toEqual(ssArgv('127.0.0.1', 18080));
  });

  test('a line at least every 5 s while a connection stays open (issue 20)', async () => {
    const lines: string[] = [];
    const result = await drainConnections(hostWith([1]), {
      address: '127.0.0.1',
      port: 18080,
      timeoutMs: 12_000,
      intervalMs: 1000,
      what: 'the connections to shop-production-blue to finish',
      progress: (line) => lines.push(line),
      ...clock(),
    });
    expect(result).toMatchObject({ outcome: 'timeout', remaining: 1 });
    expect(lines).toEqual(
      [0, 5, 10].map(
        (s) => `waiting for the connections to shop-production-blue to finish: 1 open, ${s} s of 12 s`,
      ),
    );
  });

  test('nothing open: done at once', async () => {
    const result = await drainConnections(hostWith([0]), {
      address: '127.0.0.1',
      port: 18080,
      timeoutMs: 1000,
      ...clock(),
    });
    expect(result).toEqual({ outcome: 'drained', ms: 0, open: 0 });
  });

  test('drain-timeout passes with connections still open', async () => {
    const result = await drainConnections(hostWith([3, 3, 1]), {
      address: '127.0.0.1',
      port: 18080,
      timeoutMs: 100,
      intervalMs: 25,
      ...clock(),
    });
    expect(result).toEqual({ outcome: 'timeout', ms: 100, open: 3, remaining: 1 });
    expect(describeDrain(result, 30)).toBe('drain (drain-timeout 30 s passed, 1 connection still open)');
  });

  test('no ss on the host: the socket table in /proc counts', async () => {
    const proc = [
      'sl local rem st',
      '0: 0100007F:C350 0100007F:46A0 01 0:0 0:0 0 65534 0 1',
      '1: 0100007F:C351 0100007F:46A0 06 0:0 0:0 0 0 0 0',
    ].join('\n');
    const result = await drainConnections(hostWith(['no-ss'], proc), {
      address: '127.0.0.1',
      port: 18080,
      timeoutMs: 50,
      intervalMs: 25,
      ...clock(),
    });
    expect(result).toMatchObject({ outcome: 'timeout', open: 1, remaining: 1 });
  });

  test('neither ss nor /proc: a short blind wait, said so', async () => {
    const result = await drainConnections(hostWith(['no-ss']), {
      address: '127.0.0.1',
      port: 18080,
      timeoutMs: 30_000,
      blindMs: 1000,
      ...clock(),
    });
    expect(result).toEqual({ outcome: 'blind', ms: 1000 });
    expect(describeDrain(result, 30)).toBe('drain (connections not visible on this host: waited 1 s)');
  });
});

test.each([
  [{ outcome: 'drained', ms: 5, open: 0 } as const, 'drain (no connection was open)'],
  [{ outcome: 'drained', ms: 5, open: 1 } as const, 'drain (1 connection finished)'],
  [{ outcome: 'drained', ms: 5, open: 4 } as const, 'drain (4 connections finished)'],
])('describeDrain %#', (result, text) => {
  expect(describeDrain(result, 30)).toBe(text);
});
