/**
 * run()'s one top-level catch: berth's own errors (a mistake, a verdict, an outage) fail the step with
 * their message alone; anything else is a bug, whose stack goes to the debug log as well.
 */
import { afterEach, expect, test } from '@jest/globals';
import { COMMAND_HANDLERS } from '../src/commands/index.js';
import { CoverageGateError } from '../src/commands/coverage.js';
import { QualityGateFailedError } from '../src/commands/quality-gate.js';
import { ConfigurationError, OutageError, VerdictError } from '../src/errors.js';
import { run } from '../src/main.js';
import { SonarApiError } from '../src/sonar/api.js';
import { AnalysisNotProcessedError, WaitTimeoutError } from '../src/sonar/wait.js';
import { fakeRuntime } from './helpers/static-runtime.js';

const original = COMMAND_HANDLERS.coverage;
afterEach(() => {
  COMMAND_HANDLERS.coverage = original;
});

async function failWith(error: Error): Promise<{ failed: string; debug: string[]; where: unknown }> {
  COMMAND_HANDLERS.coverage = () => Promise.reject(error);
  const { runtime } = fakeRuntime({ command: 'coverage' }, '/nonexistent');
  const debug: string[] = [];
  let failed = '';
  let where: unknown;
  await run({
    ...runtime,
    debug: (m) => void debug.push(m),
    setFailed: (m, w) => {
      failed = m;
      where = w;
    },
  });
  return { failed, debug, where };
}

test.each([
  ['a mistake', new ConfigurationError('port: required; the port')],
  ['a verdict', new VerdictError('the gate FAILED')],
  ['a failed quality gate', new QualityGateFailedError('the SonarQube quality gate FAILED')],
  ['a failed coverage gate', new CoverageGateError('line coverage 50% is below min-line 80%')],
  ['an analysis the server did not process', new AnalysisNotProcessedError('FAILED', 'FAILED')],
  ['an outage', new OutageError('the server did not answer')],
  ['SonarQube answering 503', new SonarApiError('SonarQube answered 503', 'server', true)],
  ['a wait that timed out', new WaitTimeoutError('SonarQube did not finish in 300 s', 'PENDING')],
])('%s: the step fails with the message alone, no stack', async (_, error) => {
  const { failed, debug, where } = await failWith(error);
  expect(failed).toBe(error.message);
  expect(debug).toEqual([]);
  expect(where).toEqual([]);
});

test('a bug: the same message, and its stack in the debug log', async () => {
  const bug = new TypeError('x is undefined');
  const { failed, debug } = await failWith(bug);
  expect(failed).toBe('x is undefined');
  expect(debug).toEqual([bug.stack]);
});

test('a mistake at places in a file: each place goes to setFailed', async () => {
  const at = { file: 'berth.yml', line: 3, col: 5, message: 'port: not a port' };
  const { where } = await failWith(
    new ConfigurationError('berth.yml:3:5: port: not a port', { locations: [at] }),
  );
  expect(where).toEqual([at]);
});
