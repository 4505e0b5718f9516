/**
 * The SonarQube client against a loopback server serving SonarQube's own bodies (and, for the CA, a
 * real TLS server whose certificate a throwaway CA signed).
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { SonarApiError } from '../../src/sonar/api.js';
import { authSchemeFor, createSonarApi, type SonarClientOptions } from '../../src/sonar/client.js';
import { SonarStub, type SonarStubOptions } from '../helpers/sonar-stub.js';
import { makeCertificates, type TestCertificates } from '../helpers/tls.js';

const TOKEN = 'squ_4f1d2e0c9b8a7f6e5d4c3b2a19081726354a5b6c';
const TASK = 'AZLQ1x4kXo2pRtjcBvUe';
const BEARER = `Bearer ${TOKEN}`;
const BASIC = `Basic ${Buffer.from(`${TOKEN}:`).toString('base64')}`;

let stubs: SonarStub[] = [];
afterEach(async () => {
  await Promise.all(stubs.map((s) => s.stop()));
  stubs = [];
});

async function serve(options: SonarStubOptions): Promise<SonarStub> {
  const stub = await new SonarStub(options).start();
  stubs.push(stub);
  return stub;
}

function client(stub: SonarStub, options: Partial<SonarClientOptions> = {}) {
  return createSonarApi({ serverUrl: stub.url, token: TOKEN, authScheme: 'bearer', ...options });
}

/** The error a call ends with. */
async function failure(promise: Promise<unknown>): Promise<SonarApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SonarApiError)) throw new Error(`expected a SonarApiError, got ${String(error)}`);
  expect(error.message).not.toContain(TOKEN);
  return error;
}

test.each([
  ['http://localhost:9000', '10.7.0.96327', 'bearer'],
  ['https://sonar.example.com/sonarqube', '2025.1.0.102418', 'bearer'],
  ['http://localhost:9000', '25.1.0.102122', 'bearer'],
  ['http://localhost:9000', '9.9.8.100196', 'basic'],
  ['http://localhost:9000', '7.4.0.18908', 'basic'],
  ['https://sonarcloud.io', '8.0.0.68405', 'bearer'],
  ['https://sonarqube.us', '8.0.0.68405', 'bearer'],
  ['http://localhost:9000', undefined, 'auto'],
])('authSchemeFor(%s, %s) = %s', (url, version, scheme) => {
  expect(authSchemeFor(url, version)).toBe(scheme);
});

describe('the token', () => {
  test('Bearer: the task, parsed', async () => {
    const stub = await serve({
      routes: { '/api/ce/task': { fixture: 'ce-task-success.json' } },
      token: { value: TOKEN, schemes: ['bearer'] },
    });
    await expect(client(stub).task(TASK)).resolves.toEqual({
      id: TASK,
      status: 'SUCCESS',
      analysisId: 'AZLQ1yJ8Xo2pRtjcBvUh',
      componentKey: 'com.example:shop',
      componentName: 'shop',
      pullRequest: '7',
    });
    expect(stub.requests).toEqual([{ path: `/api/ce/task?id=${TASK}`, authorization: BEARER }]);
  });

  test('Basic with an empty password, for servers before 10.0', async () => {
    const stub = await serve({
      routes: { '/api/qualitygates/project_status': { fixture: 'project-status-warn.json' } },
      token: { value: TOKEN, schemes: ['basic'] },
    });
    await expect(client(stub, { authScheme: 'basic' }).projectStatus('AX1')).resolves.toMatchObject({
      status: 'WARN',
    });
    expect(stub.requests.map((r) => r.authorization)).toEqual([BASIC]);
  });

  test('auto: Bearer, then Basic once when the server ignores Bearer; Basic from then on', async () => {
    const stub = await serve({
      routes: {
        '/api/ce/task': { fixture: 'ce-task-success.json' },
        '/api/qualitygates/project_status': { fixture: 'project-status-ok.json' },
      },
      token: { value: TOKEN, schemes: ['basic'] },
    });
    const api = client(stub, { authScheme: 'auto' });
    await api.task(TASK);
    await api.projectStatus('AZLQ1yJ8Xo2pRtjcBvUh');
    expect(stub.requests.map((r) => r.authorization)).toEqual([BEARER, BASIC, BASIC]);
  });

  test('auto on a current server: Bearer only', async () => {
    const stub = await serve({
      routes: { '/api/ce/task': { fixture: 'ce-task-pending.json' } },
      token: { value: TOKEN, schemes: ['bearer'] },
    });
    const api = client(stub, { authScheme: 'auto' });
    await api.task(TASK);
    await api.task(TASK);
    expect(stub.requests.map((r) => r.authorization)).toEqual([BEARER, BEARER]);
  });

  test('a bad token (401, no body): what to fix, and never the token', async () => {
    const stub = await serve({ routes: {}, token: { value: 'squ_other', schemes: ['bearer', 'basic'] } });
    const error = await failure(client(stub, { authScheme: 'auto' }).task(TASK));
    expect([error.kind, error.transient, error.message]).toEqual([
      'auth',
      false,
      `sonar-token: SonarQube at ${stub.url} refused the token (401); it is wrong, expired or revoked, or belongs to another server: give a user token or project analysis token of this server`,
    ]);
  });
});

describe('statuses', () => {
  test.each([
    [
      '403',
      { status: 403, fixture: 'forbidden-403.json' },
      'forbidden',
      false,
      (url: string) =>
        `sonar-token: the token may not read this analysis on SonarQube at ${url} (403: Insufficient privileges); its user needs the Browse or Execute Analysis permission on the project`,
    ],
    [
      '404',
      { status: 404, fixture: 'ce-task-404.json' },
      'not-found',
      false,
      (url: string) =>
        `SonarQube at ${url} (GET /api/ce/task?id=${TASK}) answered 404: No activity found for task '${TASK}'`,
    ],
    [
      '503 from a proxy',
      { status: 503, body: '<html>Service Unavailable</html>', contentType: 'text/html' },
      'server',
      true,
      (url: string) => `SonarQube at ${url} (GET /api/ce/task?id=${TASK}) answered 503`,
    ],
    [
      'a login page instead of JSON',
      { body: '<!DOCTYPE html><html><head><title>Sign in</title></head></html>', contentType: 'text/html' },
      'response',
      false,
      (url: string) =>
        `SonarQube at ${url} (GET /api/ce/task?id=${TASK}) answered with text/html, not SonarQube's JSON ("<!DOCTYPE html><html><head><title>Sign in</title></head></html>"); is sonar-host-url the SonarQube server itself, context path included (not a login or proxy page)?`,
    ],
    [
      'a server that echoes the token',
      { status: 400, body: `{"errors":[{"msg":"bad header Bearer ${TOKEN}"}]}` },
      'response',
      false,
      (url: string) =>
        `SonarQube at ${url} (GET /api/ce/task?id=${TASK}) answered 400: bad header Bearer ***`,
    ],
  ] as const)('%s', async (_name, answer, kind, transient, message) => {
    const stub = await serve({ routes: { '/api/ce/task': answer } });
    const error = await failure(client(stub).task(TASK));
    expect([error.kind, error.transient, error.message]).toEqual([kind, transient, message(stub.url)]);
  });

  test('project_status: every verdict of the fixtures', async () => {
    const stub = await serve({
      routes: {
        '/api/qualitygates/project_status': [
          { fixture: 'project-status-ok.json' },
          { fixture: 'project-status-error.json' },
          { fixture: 'project-status-warn.json' },
          { fixture: 'project-status-none.json' },
        ],
      },
    });
    const api = client(stub);
    const read = async () => {
      const s = await api.projectStatus('AZLQ1yJ8Xo2pRtjcBvUh');
      return [s.status, s.conditions.length, s.ignoredConditions];
    };
    expect([await read(), await read(), await read(), await read()]).toEqual([
      ['OK', 4, false],
      ['ERROR', 5, false],
      ['WARN', 3, false],
      ['NONE', 0, false],
    ]);
  });

  test('the WARN condition keeps both thresholds', async () => {
    const stub = await serve({
      routes: { '/api/qualitygates/project_status': { fixture: 'project-status-warn.json' } },
    });
    expect((await client(stub).projectStatus('x')).conditions[0]).toEqual({
      status: 'WARN',
      metricKey: 'new_coverage',
      comparator: 'LT',
      warningThreshold: '80',
      errorThreshold: '50',
      actualValue: '65.3',
    });
  });

  test('a body that is not a task', async () => {
    const stub = await serve({ routes: { '/api/ce/task': { body: '{"tasks":[]}' } } });
    const error = await failure(client(stub).task(TASK));
    expect(error.message).toBe(
      `SonarQube at ${stub.url} (GET /api/ce/task?id=${TASK}) answered without task.id and task.status: is this a SonarQube server?`,
    );
  });

  test('a context path is kept', async () => {
    const stub = await serve({ routes: { '/sonarqube/api/ce/task': { fixture: 'ce-task-pending.json' } } });
    await createSonarApi({ serverUrl: `${stub.url}/sonarqube/`, token: TOKEN, authScheme: 'bearer' }).task(
      TASK,
    );
    expect(stub.requests.map((r) => r.path)).toEqual([`/sonarqube/api/ce/task?id=${TASK}`]);
  });
});

describe('redirects', () => {
  test('within the server: followed, with the token', async () => {
    const stub = await serve({
      routes: {
        '/api/ce/task': { status: 301, headers: { location: `/sonar/api/ce/task?id=${TASK}` } },
        '/sonar/api/ce/task': { fixture: 'ce-task-pending.json' },
      },
      token: { value: TOKEN, schemes: ['bearer'] },
    });
    await expect(client(stub).task(TASK)).resolves.toMatchObject({ status: 'PENDING' });
    expect(stub.requests.map((r) => r.authorization)).toEqual([BEARER, BEARER]);
  });

  test('to another host: not followed, so the token stays', async () => {
    const elsewhere = await serve({ routes: { '/api/ce/task': { fixture: 'ce-task-pending.json' } } });
    const other = elsewhere.url.replace('127.0.0.1', 'localhost');
    const stub = await serve({
      routes: { '/api/ce/task': { status: 302, headers: { location: `${other}/api/ce/task?id=${TASK}` } } },
    });
    const error = await failure(client(stub).task(TASK));
    expect(error.message).toBe(
      `SonarQube at ${stub.url} redirected GET /api/ce/task to ${other}/api/ce/task; change sonar-host-url to the address it redirects to (berth does not send the token to another host)`,
    );
    expect(elsewhere.requests).toEqual([]);
  });
});

test('redirects: to another port of the same host: not followed either (another port is another server)', async () => {
  const elsewhere = await serve({ routes: { '/api/ce/task': { fixture: 'ce-task-pending.json' } } });
  const stub = await serve({
    routes: {
      '/api/ce/task': { status: 307, headers: { location: `${elsewhere.url}/api/ce/task?id=${TASK}` } },
    },
  });
  expect(new URL(elsewhere.url).hostname).toBe(new URL(stub.url).hostname);
  const error = await failure(client(stub).task(TASK));
  expect(error.message).toBe(
    `SonarQube at ${stub.url} redirected GET /api/ce/task to ${elsewhere.url}/api/ce/task; change sonar-host-url to the address it redirects to (berth does not send the token to another host)`,
  );
  expect(elsewhere.requests).toEqual([]);
});

describe('the network', () => {
  test('a server that does not answer: the request ends at its bound', async () => {
    const stub = await serve({ routes: { '/api/ce/task': { hang: true } } });
    const started = Date.now();
    const error = await failure(client(stub).task(TASK, 300));
    expect(Date.now() - started).toBeLessThan(2000);
    expect([error.kind, error.transient, error.message]).toEqual([
      'timeout',
      true,
      `SonarQube at ${stub.url} (GET /api/ce/task?id=${TASK}) did not answer within 0.3 s`,
    ]);
  });

  test('nothing listening: unreachable, naming the report whose serverUrl it is', async () => {
    const port = await closedPort();
    const error = await failure(
      createSonarApi({
        serverUrl: `http://127.0.0.1:${port}`,
        serverUrlFrom: 'build/sonar/report-task.txt',
        token: TOKEN,
        authScheme: 'bearer',
      }).task(TASK),
    );
    expect([error.kind, error.transient, error.message]).toEqual([
      'unreachable',
      true,
      `sonar-host-url: SonarQube at http://127.0.0.1:${port} (the serverUrl in build/sonar/report-task.txt) cannot be reached (ECONNREFUSED); check the address and that this runner can reach it`,
    ]);
  });
});

describe('a private CA (real TLS)', () => {
  let certs: TestCertificates;
  beforeAll(() => {
    certs = makeCertificates('127.0.0.1');
  });
  afterAll(() => rmSync(certs.dir, { recursive: true, force: true }));

  test('trusted with sonar-ca-cert', async () => {
    const stub = await serve({
      routes: { '/api/ce/task': { fixture: 'ce-task-success.json' } },
      tls: { cert: certs.serverCert, key: certs.serverKey },
    });
    await expect(client(stub, { ca: certs.caPem }).task(TASK)).resolves.toMatchObject({ status: 'SUCCESS' });
  });

  test('without it: an error naming sonar-ca-cert, and the request never sent', async () => {
    const stub = await serve({
      routes: { '/api/ce/task': { fixture: 'ce-task-success.json' } },
      tls: { cert: certs.serverCert, key: certs.serverKey },
    });
    const error = await failure(client(stub).task(TASK));
    expect([error.transient, error.message]).toEqual([
      false,
      `sonar-ca-cert: the TLS certificate of SonarQube at ${stub.url} is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE); give the PEM of the CA that signed it (or the path of a PEM file) as sonar-ca-cert`,
    ]);
    expect(stub.requests).toEqual([]);
  });
});

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
