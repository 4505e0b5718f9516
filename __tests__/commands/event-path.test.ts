/**
 * Every command that reads the event says the same thing of an event file it cannot read: which path,
 * why, and what it should be (never a raw ENOENT).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { runBuild } from '../../src/commands/build.js';
import { runComment } from '../../src/commands/comment.js';
import { runCoverage } from '../../src/commands/coverage.js';
import { runPlan } from '../../src/commands/plan.js';
import { runQualityGate } from '../../src/commands/quality-gate.js';
import { ConfigurationError } from '../../src/errors.js';
import type { Inputs, InputName } from '../../src/inputs.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { sonarFixture } from '../helpers/sonar-stub.js';
import { fakeRuntime, TEST_SHA } from '../helpers/static-runtime.js';

const ws = mkdtempSync(path.join(tmpdir(), 'berth-event-path-'));
afterAll(() => rmSync(ws, { recursive: true, force: true }));
writeFileSync(path.join(ws, 'lcov.info'), 'SF:src/a.ts\nDA:1,1\nLF:1\nLH:1\nend_of_record\n');
mkdirSync(path.join(ws, '.scannerwork'));
writeFileSync(path.join(ws, '.scannerwork', 'report-task.txt'), sonarFixture('report-task.txt'));

const missing = path.join(ws, 'no-such-event.json');
const NO_WAIT = { now: () => Date.now(), sleep: async () => undefined, pollDelayMs: () => 0 };

type Run = (inputs: Inputs, runtime: Runtime) => Promise<void>;

describe('an unreadable event file: the same configuration error in each command that reads the event', () => {
  test.each<[string, string, Partial<Record<InputName, string>>, Run]>([
    ['plan', 'push', {}, runPlan],
    ['build', 'push', { image: 'ghcr.io/acme/backend' }, (i, r) => runBuild(i, r, { exec: failExec })],
    ['comment', 'workflow_run', { 'comment-dir': 'sections', 'github-token': 't' }, runComment],
    ['coverage', 'pull_request', { 'coverage-files': 'lcov.info' }, runCoverage],
    ['quality-gate', 'pull_request', { 'sonar-token': 'squ_x' }, (i, r) => runQualityGate(i, r, NO_WAIT, {})],
  ])('%s on %s', async (command, eventName, inputs, run) => {
    const r = fakeRuntime({ command, ...inputs }, ws, {
      sha: TEST_SHA,
      repository: 'o/r',
      'event-name': eventName,
      'event-path': missing,
    });
    const error = await run(r.inputs, r.runtime).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      `event-path: cannot read ${missing} (ENOENT); expected the JSON payload of the event`,
    );
  });
});

async function failExec(): Promise<never> {
  throw new Error('build ran a command before reading the event');
}
