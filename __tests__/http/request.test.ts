/**
 * berth's one HTTP request, and both API clients over it, against a loopback server: the answer is read
 * whole up to its bound, a larger one is refused with a message that says so, a slow one times out.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { afterEach, expect, test } from '@jest/globals';
import { createGitHubApi, GITHUB_MAX_BODY_BYTES } from '../../src/github/client.js';
import {
  describeBytes,
  httpRequest,
  MAX_BODY_BYTES,
  RequestTimeoutError,
  ResponseTooLargeError,
} from '../../src/http/request.js';
import { SonarApiError } from '../../src/sonar/api.js';
import { createSonarApi } from '../../src/sonar/client.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const s = createServer((req, res) => {
    // The client hangs up on a body it will not read: that is no error here.
    res.on('error', () => undefined);
    req.socket.on('error', () => undefined);
    handler(req, res);
  });
  server = s;
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/** A JSON body of exactly `bytes` bytes. */
const jsonOf = (bytes: number): Buffer => {
  const body = Buffer.alloc(bytes, 0x20);
  body.write('{"a":1}');
  return body;
};
const sendJson = (bytes: number) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(jsonOf(bytes));
};

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error(`expected an error, got ${String(error)}`);
  return error;
}

test('a body at the bound is read whole; one byte more is refused', async () => {
  const url = await serve((req, res) => sendJson(Number(req.url?.slice(1)))(req, res));
  const at = await httpRequest(new URL(`${url}/${1024}`), { timeoutMs: 5000, maxBodyBytes: 1024 });
  expect([at.status, at.body.length, at.headers['content-type']]).toEqual([200, 1024, 'application/json']);
  const over = await rejection(
    httpRequest(new URL(`${url}/${1025}`), { timeoutMs: 5000, maxBodyBytes: 1024 }),
  );
  expect(over).toBeInstanceOf(ResponseTooLargeError);
  expect(over.message).toBe('the answer is larger than 1 KiB, more than berth reads');
});

test('the default bound is 4 MiB', async () => {
  const url = await serve(sendJson(MAX_BODY_BYTES + 1));
  expect(await rejection(httpRequest(new URL(url), { timeoutMs: 5000 }))).toBeInstanceOf(
    ResponseTooLargeError,
  );
});

test('a server that does not answer in time: RequestTimeoutError', async () => {
  const url = await serve(() => undefined);
  const error = await rejection(httpRequest(new URL(url), { timeoutMs: 200 }));
  expect(error).toBeInstanceOf(RequestTimeoutError);
  expect(error.message).toBe('no answer within 0.2 s');
});

test('the method, headers and body go as given; any status comes back', async () => {
  const url = await serve((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(422, 'Unprocessable', {
        'x-seen': `${req.method} ${req.headers['x-a']} ${Buffer.concat(chunks).toString()}`,
      });
      res.end();
    });
  });
  const res = await httpRequest(new URL(url), {
    method: 'PATCH',
    headers: { 'x-a': 'b' },
    body: '{"body":"x"}',
    timeoutMs: 5000,
  });
  expect([res.status, res.statusText, res.headers['x-seen']]).toEqual([
    422,
    'Unprocessable',
    'PATCH b {"body":"x"}',
  ]);
});

/** A consumer that collects the streamed body, and how many chunks it came in. */
const collector = () => {
  const got = { bytes: Buffer.alloc(0), chunks: 0 };
  const consume = async (body: Readable): Promise<void> => {
    for await (const chunk of body) {
      got.chunks++;
      got.bytes = Buffer.concat([got.bytes, chunk as Buffer]);
    }
  };
  return { got, consume };
};

test('consume: a 2xx body streams to the consumer, past the default bound, and `body` is empty', async () => {
  const big = Buffer.alloc(MAX_BODY_BYTES + 4096, 7);
  const url = await serve((_req, res) => {
    res.writeHead(200);
    res.end(big);
  });
  const { got, consume } = collector();
  const res = await httpRequest(new URL(url), { timeoutMs: 5000, maxBodyBytes: big.length, consume });
  expect([res.status, res.body.length, got.bytes.equals(big), got.chunks > 1]).toEqual([200, 0, true, true]);
});

test('consume: the bound still holds, and another status is read as usual', async () => {
  const url = await serve((req, res) => {
    res.writeHead(req.url === '/missing' ? 404 : 200);
    res.end(Buffer.alloc(2048, 1));
  });
  const { got, consume } = collector();
  const over = await rejection(httpRequest(new URL(url), { timeoutMs: 5000, maxBodyBytes: 1024, consume }));
  expect(over).toBeInstanceOf(ResponseTooLargeError);
  const missing = await httpRequest(new URL(`${url}/missing`), { timeoutMs: 5000, consume });
  expect([missing.status, missing.body.length]).toEqual([404, 2048]);
  expect(got.bytes.length).toBeLessThanOrEqual(1024); // only what passed the bound reached the consumer
});

test('consume: a body that stalls times out; a consumer that fails fails the request', async () => {
  const url = await serve((req, res) => {
    res.writeHead(200);
    res.write('part');
    if (req.url === '/whole') res.end('rest');
  });
  const stalled = await rejection(
    httpRequest(new URL(url), { timeoutMs: 300, consume: collector().consume }),
  );
  expect(stalled).toBeInstanceOf(RequestTimeoutError);
  const failing = await rejection(
    httpRequest(new URL(`${url}/whole`), {
      timeoutMs: 5000,
      consume: () => Promise.reject(new Error('disk full')),
    }),
  );
  expect(failing.message).toBe('disk full');
});

test.each([
  ['4 MiB', 1024 * 1024 * 4],
  ['512 KiB', 512 * 1024],
  ['100 bytes', 100],
])('describeBytes: %s', (text, bytes) => {
  expect(describeBytes(bytes)).toBe(text);
});

test('SonarQube sending more than 4 MiB: refused, naming the request', async () => {
  const url = await serve(sendJson(MAX_BODY_BYTES + 1));
  const sonar = createSonarApi({ serverUrl: url, token: 'squ_token', authScheme: 'bearer' });
  const error = await rejection(sonar.task('AZLQ1x4kXo2pRtjcBvUe'));
  expect(error).toBeInstanceOf(SonarApiError);
  expect((error as SonarApiError).kind).toBe('response');
  expect(error.message).toBe(
    `SonarQube at ${url} (GET /api/ce/task?id=AZLQ1x4kXo2pRtjcBvUe) sent more than 4 MiB`,
  );
});

test('the GitHub API sending more than 16 MiB: refused, naming the call', async () => {
  const url = await serve(sendJson(GITHUB_MAX_BODY_BYTES + 1));
  const github = createGitHubApi({ token: 'ghs_token', apiUrl: url, repository: 'o/r' });
  const error = await rejection(github.getIssueComment(1));
  expect(error.message).toBe(
    `GitHub API GET /repos/{owner}/{repo}/issues/comments/{comment_id} at ${url} failed: the answer is larger than 16 MiB, more than berth reads`,
  );
});

test('the GitHub API: a redirect is followed, and the token goes to no other origin', async () => {
  const seen: string[] = [];
  const other = createServer((req, res) => {
    seen.push(`other ${req.url} ${req.headers.authorization ?? 'no token'}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 7, body: 'moved', html_url: 'h', user: { login: 'u' } }));
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  try {
    const url = await serve((req, res) => {
      seen.push(`api ${req.url} ${req.headers.authorization ?? 'no token'}`);
      const to = req.url?.startsWith('/moved') ? `${otherUrl}/elsewhere` : `/moved${req.url ?? ''}`;
      res.writeHead(301, { location: to });
      res.end();
    });
    const github = createGitHubApi({ token: 'ghs_token', apiUrl: url, repository: 'o/r' });
    expect((await github.getIssueComment(7)).body).toBe('moved');
    expect(seen).toEqual([
      'api /repos/o/r/issues/comments/7 token ghs_token',
      'api /moved/repos/o/r/issues/comments/7 token ghs_token',
      'other /elsewhere no token',
    ]);
  } finally {
    other.closeAllConnections();
    await new Promise((resolve) => other.close(resolve));
  }
});
