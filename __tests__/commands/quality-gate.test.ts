/**
 * `quality-gate` in-process (src, not dist) against the loopback SonarQube stub: the output and the
 * summary in the words of SonarSource's sonarqube-quality-gate-action (PASSED, WARN, FAILED), and the
 * SONAR_TOKEN / SONAR_HOST_URL / SONAR_ROOT_CERT fallbacks its README's `env:` block relies on.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { runQualityGate } from '../../src/commands/quality-gate.js';
import type { InputName } from '../../src/inputs.js';
import type { WaitTiming } from '../../src/sonar/wait.js';
import { SonarStub, sonarFixture, type SonarStubOptions } from '../helpers/sonar-stub.js';
import { fakeRuntime } from '../helpers/static-runtime.js';
import { makeCertificates } from '../helpers/tls.js';

const TOKEN = 'squ_4e2a0c8b6d1f3e5a7c9b0d2f4a6c8e0b1d3f5a7c';
const FAST: WaitTiming = { now: () => Date.now(), sleep: async () => undefined, pollDelayMs: () => 0 };

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function sonar(status: string, options: Partial<SonarStubOptions> = {}): Promise<SonarStub> {
  const stub = await new SonarStub({
    routes: {
      '/api/ce/task': { fixture: 'ce-task-success.json' },
      '/api/qualitygates/project_status': { fixture: `project-status-${status}.json` },
    },
    token: { value: TOKEN, schemes: ['bearer'] },
    ...options,
  }).start();
  cleanup.push(() => stub.stop());
  return stub;
}

/** A workspace whose report-task.txt names `serverUrl` (by default one where nothing listens). */
function workspace(serverUrl = 'http://127.0.0.1:9'): string {
  const ws = mkdtempSync(path.join(tmpdir(), 'berth-qg-src-'));
  cleanup.push(() => rmSync(ws, { recursive: true, force: true }));
  mkdirSync(path.join(ws, '.scannerwork'));
  writeFileSync(
    path.join(ws, '.scannerwork', 'report-task.txt'),
    sonarFixture('report-task.txt').replaceAll('http://localhost:9000', serverUrl),
  );
  return ws;
}

async function run(ws: string, inputs: Partial<Record<InputName, string>>, env: Record<string, string>) {
  const r = fakeRuntime({ command: 'quality-gate', ...inputs }, ws);
  let error: unknown;
  await runQualityGate(r.inputs, r.runtime, FAST, env).catch((e: unknown) => (error = e));
  return { ...r, error: error as Error | undefined };
}

describe('quality-gate-status and the summary: PASSED, WARN, FAILED as SonarSource’s action says them', () => {
  test.each([
    ['ok', 'PASSED', '### berth quality gate: PASSED', undefined],
    ['warn', 'WARN', '### berth quality gate: WARN — 1 of 3 conditions warned', undefined],
    [
      'error',
      'FAILED',
      '### berth quality gate: FAILED — 3 of 5 conditions failed',
      /quality gate of com\.example:shop FAILED:\n- Coverage on New Code is 72\.5%/,
    ],
    ['none', 'NONE', '### berth quality gate: NONE (no gate)', undefined],
  ])('SonarQube says %s → %s', async (fixture, output, heading, failure) => {
    const stub = await sonar(fixture);
    const r = await run(workspace(stub.url), { 'sonar-token': TOKEN }, {});
    expect(r.outputs['quality-gate-status']).toBe(output);
    expect(r.summary.join('\n')).toContain(heading);
    if (failure) expect(r.error?.message).toMatch(failure);
    else expect(r.error).toBeUndefined();
  });
});

describe('SONAR_TOKEN, SONAR_HOST_URL, SONAR_ROOT_CERT from the environment', () => {
  test('no inputs at all: the token and the server from the environment; SONAR_HOST_URL replaces the report’s serverUrl', async () => {
    const stub = await sonar('ok');
    const r = await run(workspace(), {}, { SONAR_TOKEN: TOKEN, SONAR_HOST_URL: `${stub.url}/` });
    expect(r.error).toBeUndefined();
    expect(r.outputs['quality-gate-status']).toBe('PASSED');
    expect(stub.requests.map((q) => q.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(r.outputs['dashboard-url']).toBe(`${stub.url}/dashboard?id=com.example%3Ashop&pullRequest=7`);
    expect(r.logs).toContain(
      `sonar-token from SONAR_TOKEN, sonar-host-url from SONAR_HOST_URL (${stub.url}): the input is not set`,
    );
    expect(r.logs.join('\n')).not.toContain(TOKEN);
  });

  test('the inputs win over the environment', async () => {
    const stub = await sonar('ok');
    const r = await run(
      workspace('http://127.0.0.1:9'),
      { 'sonar-token': TOKEN, 'sonar-host-url': stub.url },
      { SONAR_TOKEN: 'squ_wrong', SONAR_HOST_URL: 'http://127.0.0.1:9' },
    );
    expect(r.error).toBeUndefined();
    expect(stub.requests.map((q) => q.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(r.logs.filter((l) => l.includes('from SONAR_'))).toEqual([]);
  });

  test('no token anywhere: the error names both the input and SONAR_TOKEN', async () => {
    const r = await run(workspace(), {}, {});
    expect(r.error?.message).toMatch(
      /^sonar-token: required by quality-gate: .*or the SONAR_TOKEN environment variable/,
    );
  });

  test('SONAR_ROOT_CERT: the PEM of a private CA, trusted for a server behind it (real TLS)', async () => {
    const certs = makeCertificates('127.0.0.1');
    cleanup.push(() => rmSync(certs.dir, { recursive: true, force: true }));
    const stub = await sonar('ok', { tls: { cert: certs.serverCert, key: certs.serverKey } });
    const ws = workspace(stub.url);
    const without = await run(ws, {}, { SONAR_TOKEN: TOKEN });
    expect(without.error?.message).toMatch(/sonar-ca-cert/);
    const r = await run(ws, {}, { SONAR_TOKEN: TOKEN, SONAR_ROOT_CERT: certs.caPem });
    expect(r.error).toBeUndefined();
    expect(r.outputs['quality-gate-status']).toBe('PASSED');
  });
});
