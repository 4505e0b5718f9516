/**
 * `quality-gate` as GitHub runs it (`node dist/index.js`), against a loopback SonarQube that serves the
 * Web API's bodies from __tests__/fixtures/sonar: the report file found where each scanner writes it,
 * the wait through PENDING and IN_PROGRESS, each verdict's exit code, outputs and summary, the PR
 * comment, and the errors (bad token, unknown task, failed analysis, a server that hangs or is not
 * there, a private CA) — none of which shows the token.
 *
 * @needs openssl
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { HttpStub } from './helpers/http-stub.js';
import { runAction, type RunResult } from './helpers/run-dist.js';
import { SonarStub, sonarFixture, type SonarAnswer, type SonarStubOptions } from './helpers/sonar-stub.js';
import { makeCertificates, type TestCertificates } from './helpers/tls.js';

const TOKEN = 'squ_9c1f0e7d8b2a4c6e8f0a1b3c5d7e9f1a2b4c6d8e';
const TASK = 'AZLQ1x4kXo2pRtjcBvUe';
const ANALYSIS = 'AZLQ1yJ8Xo2pRtjcBvUh';
const BEARER = `Bearer ${TOKEN}`;
const BASIC = `Basic ${Buffer.from(`${TOKEN}:`).toString('base64')}`;

const RUNNING: SonarAnswer[] = [
  { fixture: 'ce-task-pending.json' },
  { fixture: 'ce-task-in-progress.json' },
  { fixture: 'ce-task-success.json' },
];

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function sonar(options: SonarStubOptions): Promise<SonarStub> {
  const stub = await new SonarStub(options).start();
  cleanup.push(() => stub.stop());
  return stub;
}

/** A workspace with report files (`path` → fixture), their serverUrl pointing at `server`. */
function workspace(server: string, reports: Record<string, string>): string {
  const ws = mkdtempSync(path.join(tmpdir(), 'berth-qg-'));
  cleanup.push(() => rmSync(ws, { recursive: true, force: true }));
  for (const [file, fixture] of Object.entries(reports)) {
    mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
    writeFileSync(path.join(ws, file), sonarFixture(fixture).replaceAll('http://localhost:9000', server));
  }
  return ws;
}

function qualityGate(
  ws: string,
  inputs: Record<string, string> = {},
  event: { eventName: string; payload: unknown; env?: Record<string, string> } = {
    eventName: 'push',
    payload: {},
  },
): Promise<RunResult> {
  return runAction({
    inputs: { command: 'quality-gate', 'sonar-token': TOKEN, ...inputs },
    ...event,
    cwd: ws,
  });
}

/** Workflow command lines (`::error::`, `::warning::`) as the runner shows them. */
const commands = (stdout: string, kind: 'error' | 'warning'): string[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith(`::${kind}`))
    .map((l) => l.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'));

/** The token shows nowhere: stdout only in the runner's mask command, which the runner itself consumes. */
function expectNoToken(result: RunResult): void {
  expect(result.stdout.split('\n').filter((l) => l.includes(TOKEN))).toEqual([`::add-mask::${TOKEN}`]);
  expect(result.stderr).not.toContain(TOKEN);
  expect(result.summary).not.toContain(TOKEN);
  expect(JSON.stringify(result.outputs)).not.toContain(TOKEN);
  const encoded = Buffer.from(`${TOKEN}:`).toString('base64');
  expect(result.stdout + result.stderr + result.summary).not.toContain(encoded);
}

describe('verdicts', () => {
  test('ERROR (Gradle layout; PENDING → IN_PROGRESS → SUCCESS): the step fails, naming each failed condition with its value and threshold', async () => {
    const stub = await sonar({
      routes: {
        '/api/ce/task': RUNNING,
        '/api/qualitygates/project_status': { fixture: 'project-status-error.json' },
      },
      token: { value: TOKEN, schemes: ['bearer'] },
    });
    const ws = workspace(stub.url, { 'build/sonar/report-task.txt': 'report-task.txt' });
    const started = Date.now();
    const result = await qualityGate(ws);
    expect(result.code).toBe(1);
    expect(commands(result.stdout, 'error')).toEqual([
      [
        '::error::the SonarQube quality gate of com.example:shop FAILED:',
        '- Coverage on New Code is 72.5%, required ≥ 80.0%',
        '- Security Hotspots Reviewed on New Code is 0.0%, required ≥ 100.0%',
        '- New Issues is 4, required ≤ 0',
        `${stub.url}/dashboard?id=com.example%3Ashop&pullRequest=7`,
      ].join('\n'),
    ]);
    expect(result.outputs).toEqual({
      'quality-gate-status': 'FAILED',
      'dashboard-url': `${stub.url}/dashboard?id=com.example%3Ashop&pullRequest=7`,
    });
    expect(result.summary).toContain('### berth quality gate: FAILED — 3 of 5 conditions failed');
    expect(result.summary).toContain('| Coverage on New Code | 72.5% | ≥ 80.0% | FAILED |');
    expect(result.summary).toContain('| New Issues | 4 | ≤ 0 | FAILED |');
    expect(result.summary).toContain('| Duplicated Lines (%) on New Code | 1.2% | ≤ 3.0% | passed |');
    for (const status of ['PENDING', 'IN_PROGRESS', 'SUCCESS']) {
      expect(result.stdout).toContain(`SonarQube task ${TASK}: ${status}\n`);
    }
    expect(result.stdout).toContain(
      `build/sonar/report-task.txt: project com.example:shop, task ${TASK}, on ${stub.url}`,
    );
    expect(stub.requests).toEqual([
      { path: `/api/ce/task?id=${TASK}`, authorization: BEARER },
      { path: `/api/ce/task?id=${TASK}`, authorization: BEARER },
      { path: `/api/ce/task?id=${TASK}`, authorization: BEARER },
      { path: `/api/qualitygates/project_status?analysisId=${ANALYSIS}`, authorization: BEARER },
    ]);
    // Two polls later: the backoff's 0.5 s and 1 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expectNoToken(result);
  }, 60_000);

  test('OK (Maven layout): the step passes', async () => {
    const stub = await sonar({
      routes: {
        '/api/ce/task': { fixture: 'ce-task-success.json' },
        '/api/qualitygates/project_status': { fixture: 'project-status-ok.json' },
      },
    });
    const ws = workspace(stub.url, { 'target/sonar/report-task.txt': 'report-task.txt' });
    const result = await qualityGate(ws);
    expect(commands(result.stdout, 'error')).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.outputs['quality-gate-status']).toBe('PASSED');
    expect(result.summary).toContain('### berth quality gate: PASSED');
    expect(result.stdout).toContain('the SonarQube quality gate of com.example:shop PASSED');
  }, 60_000);

  describe('WARN (.NET layout, a SonarQube 7 server: the token goes as a Basic login)', () => {
    const routes = {
      '/api/ce/task': { fixture: 'ce-task-success.json' },
      '/api/qualitygates/project_status': { fixture: 'project-status-warn.json' },
    };

    test('passes with a warning', async () => {
      const stub = await sonar({ routes, token: { value: TOKEN, schemes: ['basic'] } });
      const ws = workspace(stub.url, {
        '.sonarqube/out/.sonar/report-task.txt': 'report-task-sonarqube-7.txt',
      });
      const result = await qualityGate(ws);
      expect(result.code).toBe(0);
      expect(result.outputs['quality-gate-status']).toBe('WARN');
      expect(commands(result.stdout, 'warning')).toEqual([
        '::warning::the SonarQube quality gate of com.example:shop is WARN:\n- Coverage on New Code is 65.3%, required ≥ 80.0%',
      ]);
      expect(stub.requests.map((r) => r.authorization)).toEqual([BASIC, BASIC]);
      expectNoToken(result);
    }, 60_000);

    test('fails with fail-on-warn', async () => {
      const stub = await sonar({ routes, token: { value: TOKEN, schemes: ['basic'] } });
      const ws = workspace(stub.url, {
        '.sonarqube/out/.sonar/report-task.txt': 'report-task-sonarqube-7.txt',
      });
      const result = await qualityGate(ws, { 'fail-on-warn': 'true' });
      expect(result.code).toBe(1);
      expect(commands(result.stdout, 'error')).toEqual([
        `::error::the SonarQube quality gate of com.example:shop is WARN, and fail-on-warn is true:\n- Coverage on New Code is 65.3%, required ≥ 80.0%\n${stub.url}/dashboard?id=com.example%3Ashop`,
      ]);
    }, 60_000);
  });

  test('NONE (sonar-scanner layout): passes, with a warning that nothing was checked', async () => {
    const stub = await sonar({
      routes: {
        '/api/ce/task': { fixture: 'ce-task-success.json' },
        '/api/qualitygates/project_status': { fixture: 'project-status-none.json' },
      },
    });
    const ws = workspace(stub.url, { '.scannerwork/report-task.txt': 'report-task.txt' });
    const result = await qualityGate(ws);
    expect(result.code).toBe(0);
    expect(result.outputs['quality-gate-status']).toBe('NONE');
    expect(commands(result.stdout, 'warning')).toEqual([
      '::warning::SonarQube has no quality gate for the project com.example:shop, so nothing was checked; assign one in SonarQube (Project Settings → Quality Gate)',
    ]);
  }, 60_000);
});

describe('finding the analysis', () => {
  const ok = {
    '/api/ce/task': { fixture: 'ce-task-success.json' },
    '/api/qualitygates/project_status': { fixture: 'project-status-ok.json' },
  };

  test('a monorepo module’s report, found in a subdirectory', async () => {
    const stub = await sonar({ routes: ok });
    const ws = workspace(stub.url, { 'services/shop/build/sonar/report-task.txt': 'report-task.txt' });
    const result = await qualityGate(ws);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('services/shop/build/sonar/report-task.txt: project com.example:shop');
  }, 60_000);

  test('working-directory and report-task-file', async () => {
    const stub = await sonar({ routes: ok });
    const ws = workspace(stub.url, {
      'a/target/sonar/report-task.txt': 'report-task.txt',
      'b/custom/report-task.txt': 'report-task.txt',
    });
    const result = await qualityGate(ws, {
      'working-directory': 'b',
      'report-task-file': 'custom/report-task.txt',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('b/custom/report-task.txt: project com.example:shop');
  }, 60_000);

  test('ce-task-id with sonar-host-url: no file needed; the dashboard from the task (a pull request)', async () => {
    const stub = await sonar({ routes: ok });
    const ws = workspace(stub.url, {});
    const result = await qualityGate(ws, { 'ce-task-id': TASK, 'sonar-host-url': `${stub.url}/` });
    expect(result.code).toBe(0);
    expect(result.outputs['dashboard-url']).toBe(`${stub.url}/dashboard?id=com.example%3Ashop&pullRequest=7`);
  }, 60_000);

  test('sonar-host-url replaces the report’s serverUrl, for the requests and the dashboard link', async () => {
    const stub = await sonar({ routes: ok });
    const ws = workspace('http://sonarqube.internal:9000', {
      '.scannerwork/report-task.txt': 'report-task.txt',
    });
    const result = await qualityGate(ws, { 'sonar-host-url': stub.url });
    expect(result.code).toBe(0);
    expect(result.outputs['dashboard-url']).toBe(`${stub.url}/dashboard?id=com.example%3Ashop&pullRequest=7`);
  }, 60_000);

  test('no report: the error lists where berth looked', async () => {
    const ws = workspace('http://unused', { 'build/reports/other.txt': 'report-task.txt' });
    const result = await qualityGate(ws);
    expect(result.code).toBe(1);
    expect(commands(result.stdout, 'error')).toEqual([
      `::error::report-task-file: no report-task.txt under ${ws}: looked in .scannerwork/, target/sonar/, build/sonar/ and .sonarqube/out/.sonar/, there and in subdirectories 4 levels down; run the SonarQube scanner before this step in the same job, or give report-task-file or ce-task-id`,
    ]);
  }, 60_000);

  test('two modules’ reports: the error lists them', async () => {
    const ws = workspace('http://unused', {
      'web/.scannerwork/report-task.txt': 'report-task.txt',
      'api/build/sonar/report-task.txt': 'report-task.txt',
    });
    const result = await qualityGate(ws);
    expect(commands(result.stdout, 'error')).toEqual([
      `::error::report-task-file: several report-task.txt under ${ws} (api/build/sonar/report-task.txt, web/.scannerwork/report-task.txt); give the one to check as report-task-file (one quality-gate step per project)`,
    ]);
  }, 60_000);
});

describe('errors', () => {
  test('a bad token (401, no body): a clear error, and the token nowhere', async () => {
    const stub = await sonar({
      routes: {},
      token: { value: 'squ_the_right_one', schemes: ['bearer', 'basic'] },
    });
    const ws = workspace(stub.url, {});
    const result = await qualityGate(ws, { 'ce-task-id': TASK, 'sonar-host-url': stub.url });
    expect(result.code).toBe(1);
    expect(commands(result.stdout, 'error')).toEqual([
      `::error::sonar-token: SonarQube at ${stub.url} refused the token (401); it is wrong, expired or revoked, or belongs to another server: give a user token or project analysis token of this server`,
    ]);
    // The server's version is unknown without a report: Bearer, then the Basic login once.
    expect(stub.requests.map((r) => r.authorization)).toEqual([BEARER, BASIC]);
    expect(result.summary).toContain('### berth quality gate: not checked');
    expectNoToken(result);
  }, 60_000);

  test('a missing token: said before anything is asked', async () => {
    const ws = workspace('http://unused', { '.scannerwork/report-task.txt': 'report-task.txt' });
    const result = await qualityGate(ws, { 'sonar-token': '' });
    expect(commands(result.stdout, 'error')).toEqual([
      "::error::sonar-token: required by quality-gate: a SonarQube token whose user may browse the project (a user token or the project analysis token), from a secret: `sonar-token: ${{ secrets.SONAR_TOKEN }}`, or the SONAR_TOKEN environment variable (as SonarSource's scanners and actions read it)",
    ]);
  }, 60_000);

  test('an unknown task (404), from a report file', async () => {
    const stub = await sonar({ routes: { '/api/ce/task': { status: 404, fixture: 'ce-task-404.json' } } });
    const ws = workspace(stub.url, { 'build/sonar/report-task.txt': 'report-task.txt' });
    const result = await qualityGate(ws);
    expect(commands(result.stdout, 'error')).toEqual([
      `::error::report-task-file: build/sonar/report-task.txt names task ${TASK}, which SonarQube at ${stub.url} does not have (404: No activity found for task '${TASK}'); is the file left over from another server or an old run, or is sonar-host-url another server than the scanner's?`,
    ]);
  }, 60_000);

  test('an unknown task (404), from ce-task-id', async () => {
    const stub = await sonar({ routes: { '/api/ce/task': { status: 404, fixture: 'ce-task-404.json' } } });
    const result = await qualityGate(workspace(stub.url, {}), {
      'ce-task-id': TASK,
      'sonar-host-url': stub.url,
    });
    expect(commands(result.stdout, 'error')).toEqual([
      `::error::ce-task-id: SonarQube at ${stub.url} has no task ${TASK} (404: No activity found for task '${TASK}'); is sonar-host-url the server the scanner uploaded to?`,
    ]);
  }, 60_000);

  test('the analysis FAILED on the server: its error message; the summary says the gate was not checked', async () => {
    const stub = await sonar({
      routes: { '/api/ce/task': [{ fixture: 'ce-task-pending.json' }, { fixture: 'ce-task-failed.json' }] },
    });
    const ws = workspace(stub.url, { '.scannerwork/report-task.txt': 'report-task.txt' });
    const result = await qualityGate(ws);
    expect(result.code).toBe(1);
    expect(commands(result.stdout, 'error')).toEqual([
      `::error::SonarQube could not process the analysis (task ${TASK}: FAILED): Date of analysis cannot be older than the date of the last known analysis on this project. Value: "2025-11-20T10:00:00+0000". Latest analysis: "2025-11-22T09:12:40+0000". It's only possible to rebuild the past in a chronological order.; see ${stub.url}/project/background_tasks?id=com.example%3Ashop`,
    ]);
    expect(result.outputs).toEqual({});
    expect(result.summary).toContain('### berth quality gate: not checked');
  }, 60_000);

  test('CANCELED', async () => {
    const stub = await sonar({ routes: { '/api/ce/task': { fixture: 'ce-task-canceled.json' } } });
    const ws = workspace(stub.url, { '.scannerwork/report-task.txt': 'report-task.txt' });
    const result = await qualityGate(ws);
    expect(commands(result.stdout, 'error')[0]).toMatch(
      /^::error::the analysis was canceled on SonarQube before it was processed \(task \w+: CANCELED\); run the scanner again/,
    );
  }, 60_000);

  test('a server that hangs: the step stops at timeout with the last status seen', async () => {
    const stub = await sonar({
      routes: { '/api/ce/task': [{ fixture: 'ce-task-pending.json' }, { hang: true }] },
    });
    const ws = workspace(stub.url, { '.scannerwork/report-task.txt': 'report-task.txt' });
    const started = Date.now();
    const result = await qualityGate(ws, { timeout: '3' });
    const elapsed = Date.now() - started;
    expect(result.code).toBe(1);
    expect(commands(result.stdout, 'error')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::error::timeout: the analysis \\(SonarQube task ${TASK}\\) did not finish within 3 s; last status seen: PENDING \\(then: SonarQube at .* did not answer within 2\\.\\d s\\)\\. Raise timeout when the server's queue is long$`,
        ),
      ),
    ]);
    expect(elapsed).toBeGreaterThanOrEqual(3000);
    expect(elapsed).toBeLessThan(8000);
    expect(result.summary).toContain('last status seen: PENDING');
  }, 60_000);

  test('nothing listening at sonar-host-url: unreachable, after three tries', async () => {
    const port = await closedPort();
    const ws = workspace('http://localhost:9000', { '.scannerwork/report-task.txt': 'report-task.txt' });
    const started = Date.now();
    const result = await qualityGate(ws, { 'sonar-host-url': `http://127.0.0.1:${port}` });
    expect(commands(result.stdout, 'error')).toEqual([
      `::error::sonar-host-url: SonarQube at http://127.0.0.1:${port} cannot be reached (ECONNREFUSED); check the address and that this runner can reach it`,
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 60_000);
});

describe('a self-hosted server behind a private CA (real TLS)', () => {
  let certs: TestCertificates;
  beforeAll(() => {
    certs = makeCertificates('127.0.0.1');
  });
  afterAll(() => rmSync(certs.dir, { recursive: true, force: true }));
  const serveTls = () =>
    sonar({
      routes: {
        '/api/ce/task': { fixture: 'ce-task-success.json' },
        '/api/qualitygates/project_status': { fixture: 'project-status-ok.json' },
      },
      tls: { cert: certs.serverCert, key: certs.serverKey },
    });

  test('sonar-ca-cert as a file: trusted', async () => {
    const stub = await serveTls();
    const ws = workspace(stub.url, { '.scannerwork/report-task.txt': 'report-task.txt' });
    const result = await qualityGate(ws, { 'sonar-ca-cert': certs.caCert });
    expect(commands(result.stdout, 'error')).toEqual([]);
    expect(result.outputs['quality-gate-status']).toBe('PASSED');
  }, 60_000);

  test('sonar-ca-cert as PEM text: trusted', async () => {
    const stub = await serveTls();
    const ws = workspace(stub.url, { '.scannerwork/report-task.txt': 'report-task.txt' });
    const result = await qualityGate(ws, { 'sonar-ca-cert': certs.caPem });
    expect(result.outputs['quality-gate-status']).toBe('PASSED');
  }, 60_000);

  test('without it: an error naming sonar-ca-cert', async () => {
    const stub = await serveTls();
    const ws = workspace(stub.url, { '.scannerwork/report-task.txt': 'report-task.txt' });
    const result = await qualityGate(ws);
    expect(commands(result.stdout, 'error')).toEqual([
      `::error::sonar-ca-cert: the TLS certificate of SonarQube at ${stub.url} is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE); give the PEM of the CA that signed it (or the path of a PEM file) as sonar-ca-cert`,
    ]);
    expect(stub.requests).toEqual([]);
  }, 60_000);
});

describe('the pull request comment', () => {
  const pr = (headRepoId: number) => ({
    number: 7,
    pull_request: {
      number: 7,
      base: { sha: 'f'.repeat(40), ref: 'main', repo: { id: 1 } },
      head: { repo: { id: headRepoId } },
    },
  });
  const comment = (id: number, body: string) => ({
    id,
    node_id: 'IC_kwDOABCD',
    url: `https://api.github.com/repos/Codertocat/Hello-World/issues/comments/${id}`,
    html_url: `https://github.com/Codertocat/Hello-World/pull/7#issuecomment-${id}`,
    body,
    user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
    created_at: '2026-11-22T10:00:00Z',
    updated_at: '2026-11-22T10:00:00Z',
    author_association: 'NONE',
  });
  const routes = {
    '/api/ce/task': { fixture: 'ce-task-success.json' },
    '/api/qualitygates/project_status': { fixture: 'project-status-error.json' },
  };

  test('the quality-gate section joins the coverage section of berth’s one comment; the gate still fails the step', async () => {
    const existing =
      '<!-- berth:comment -->\n### berth\n\n<!-- berth:section:coverage -->\n### berth coverage: 81.0% of lines\n<!-- /berth:section:coverage -->';
    const github = await new HttpStub({
      'GET /repos/Codertocat/Hello-World/issues/7/comments': { body: [comment(1001, existing)] },
      'GET /repos/Codertocat/Hello-World/issues/comments/1001': { body: comment(1001, existing) },
      'PATCH /repos/Codertocat/Hello-World/issues/comments/1001': { body: comment(1001, 'updated') },
    }).start();
    cleanup.push(() => github.stop());
    const stub = await sonar({ routes });
    const ws = workspace(stub.url, { '.scannerwork/report-task.txt': 'report-task.txt' });
    const result = await qualityGate(
      ws,
      { 'github-token': 'ghs_test_token' },
      { eventName: 'pull_request', payload: pr(1), env: { GITHUB_API_URL: github.url } },
    );
    expect(result.code).toBe(1);
    const patch = github.requests.find((r) => r.method === 'PATCH');
    const body = (JSON.parse(patch?.body ?? '{}') as { body: string }).body;
    expect(body).toContain('<!-- berth:section:coverage -->\n### berth coverage: 81.0% of lines');
    expect(body).toContain('<!-- berth:section:quality-gate -->\n### berth quality gate: FAILED');
    expect(body).toContain('| Coverage on New Code | 72.5% | ≥ 80.0% | FAILED |');
    expect(body.indexOf('berth:section:coverage')).toBeLessThan(body.indexOf('berth:section:quality-gate'));
    expect(body).not.toContain(TOKEN);
    expect(result.stdout).toContain(
      'pull request comment updated: https://github.com/Codertocat/Hello-World/pull/7#issuecomment-1001',
    );
  }, 60_000);

  test('a fork’s pull request: no comment call, the summary says why', async () => {
    const github = await new HttpStub({}).start();
    cleanup.push(() => github.stop());
    const stub = await sonar({ routes });
    const ws = workspace(stub.url, { '.scannerwork/report-task.txt': 'report-task.txt' });
    const result = await qualityGate(
      ws,
      { 'github-token': 'ghs_test_token' },
      { eventName: 'pull_request', payload: pr(2), env: { GITHUB_API_URL: github.url } },
    );
    expect(github.requests).toEqual([]);
    expect(result.summary).toContain('a pull request from a fork gets a read-only token');
  }, 60_000);

  test('a comment that cannot be written is a warning; the verdict stands', async () => {
    const github = await new HttpStub({
      'GET /repos/Codertocat/Hello-World/issues/7/comments': {
        status: 403,
        body: {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest',
        },
      },
    }).start();
    cleanup.push(() => github.stop());
    const stub = await sonar({ routes });
    const ws = workspace(stub.url, { '.scannerwork/report-task.txt': 'report-task.txt' });
    const result = await qualityGate(
      ws,
      { 'github-token': 'ghs_test_token' },
      { eventName: 'pull_request', payload: pr(1), env: { GITHUB_API_URL: github.url } },
    );
    expect(result.code).toBe(1);
    expect(commands(result.stdout, 'warning')[0]).toMatch(
      /^::warning::the pull request comment could not be written: /,
    );
    expect(commands(result.stdout, 'error')[0]).toMatch(
      /^::error::the SonarQube quality gate of com\.example:shop FAILED/,
    );
  }, 60_000);
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
