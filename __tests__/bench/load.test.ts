/**
 * The load the deploy tests, the benches and the demo measure with: every failure is counted, none is
 * retried, and an answer cut short is a failure (not a request that never ends).
 */
import http from 'node:http';
import { afterEach, expect, test } from '@jest/globals';
import { describeFailures, startLoads } from '../../bench/load.mjs';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: http.RequestListener): Promise<string> {
  const s = http.createServer(handler);
  server = s;
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const address = s.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

const run = async (url: string) => {
  const load = startLoads(url, { fresh: 1, get: 1, post: 1, timeoutMs: 2000 });
  await new Promise((r) => setTimeout(r, 300));
  return load.stop();
};

test('answered requests: counted per kind, POST bodies arrive, nothing failed', async () => {
  const bodies: number[] = [];
  const url = await serve((req, res) => {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => {
      if (req.method === 'POST') bodies.push(n);
      res.end(`${req.method} ${req.url}`);
    });
  });
  const report = await run(url);
  expect(describeFailures(report)).toBe('none');
  for (const kind of ['fresh', 'get', 'post'] as const) expect(report[kind].ok).toBeGreaterThan(5);
  expect([...report.fresh.bodies, ...report.get.bodies]).toEqual(expect.arrayContaining(['GET /version']));
  expect([...report.post.bodies]).toEqual(['POST /cgi-bin/version']);
  expect(new Set(bodies)).toEqual(new Set([bodies[0]]));
  expect(bodies[0]).toBeGreaterThan(500);
});

test('an error status is a failed request, by its status', async () => {
  const report = await run(await serve((_req, res) => res.writeHead(502).end('bad gateway')));
  expect(report.total.ok).toBe(0);
  expect(report.total.non2xx).toBe(report.total.requests);
  expect(describeFailures(report)).toMatch(/^fresh: \d+× HTTP 502; get: \d+× HTTP 502; post: \d+× HTTP 502$/);
});

test('an answer cut short after its headers is a failed request, and the load still stops', async () => {
  const url = await serve((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-length': '100' });
    res.write('partial');
    setTimeout(() => res.socket?.destroy(), 5);
  });
  const report = await run(url);
  expect(report.total.ok).toBe(0);
  expect(report.total.errors).toBe(report.total.requests);
  expect(report.total.requests).toBeGreaterThan(3);
});

test('a connection refused is a failed request, never retried', async () => {
  const url = await serve((_req, res) => res.end());
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  server = undefined;
  const report = await run(url);
  expect(report.total.ok).toBe(0);
  expect(report.total.errorCodes).toEqual({ ECONNREFUSED: report.total.requests });
});
