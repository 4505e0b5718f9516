/** The wait loop on a fake clock: a five-minute wait takes no time, and every sleep is recorded. */
import { describe, expect, test } from '@jest/globals';
import { SonarApiError, type CeTask, type ProjectStatus, type SonarApi } from '../../src/sonar/api.js';
import { toTask } from '../../src/sonar/client.js';
import {
  AnalysisNotProcessedError,
  Deadline,
  pollDelayMs,
  readProjectStatus,
  waitForTask,
  WaitTimeoutError,
} from '../../src/sonar/wait.js';
import { sonarFixture } from '../helpers/sonar-stub.js';

const TASK = 'AZLQ1x4kXo2pRtjcBvUe';
const fixtureTask = (name: string): CeTask => toTask(JSON.parse(sonarFixture(name)) as unknown, 'fixture');

/** Each answer is a task, an error to throw, or `{ hangMs }`: the request takes that long, then times out. */
type Answer = CeTask | Error | { hangMs: number };

class FakeSonar implements SonarApi {
  readonly serverUrl = 'https://sonar.example.com';
  readonly timeouts: number[] = [];
  constructor(
    private readonly clock: FakeClock,
    private readonly answers: Answer[],
    private readonly gate: ProjectStatus | SonarApiError = {
      status: 'OK',
      conditions: [],
      ignoredConditions: false,
    },
  ) {}
  async task(id: string, timeoutMs?: number): Promise<CeTask> {
    expect(id).toBe(TASK);
    this.timeouts.push(timeoutMs ?? Infinity);
    const answer = this.answers.length > 1 ? this.answers.shift() : this.answers[0];
    if (answer === undefined) throw new Error('no answer scripted');
    if (answer instanceof Error) throw answer;
    if ('hangMs' in answer) {
      const waited = Math.min(answer.hangMs, timeoutMs ?? Infinity);
      this.clock.t += waited;
      throw new SonarApiError(`SonarQube did not answer within ${waited / 1000} s`, 'timeout', true);
    }
    this.clock.t += 20; // a request takes a little time
    return answer;
  }
  async projectStatus(analysisId: string): Promise<ProjectStatus> {
    expect(analysisId).toBe('AZLQ1yJ8Xo2pRtjcBvUh');
    if (this.gate instanceof SonarApiError) throw this.gate;
    return this.gate;
  }
}

class FakeClock {
  t = 1_000_000;
  readonly sleeps: number[] = [];
  now = (): number => this.t;
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.t += ms;
  };
}

function setup(answers: Answer[], timeoutMs = 300_000, gate?: ProjectStatus | SonarApiError) {
  const clock = new FakeClock();
  const api = new FakeSonar(clock, answers, gate);
  const seen: string[] = [];
  const retries: string[] = [];
  const options = {
    now: clock.now,
    sleep: clock.sleep,
    pollDelayMs,
    deadline: new Deadline(timeoutMs, clock.now),
    onStatus: (t: CeTask) => seen.push(t.status),
    onRetry: (e: SonarApiError, ms: number) => retries.push(`${e.kind} ${ms}`),
  };
  return { clock, api, seen, retries, options };
}

const pending = fixtureTask('ce-task-pending.json');
const inProgress = fixtureTask('ce-task-in-progress.json');
const success = fixtureTask('ce-task-success.json');

test('the backoff: 0.5 s, doubling, at most 10 s', () => {
  expect([0, 1, 2, 3, 4, 5, 9].map(pollDelayMs)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
});

describe('waitForTask', () => {
  test('PENDING → IN_PROGRESS → SUCCESS: each status once, sleeps by the backoff', async () => {
    const { api, clock, seen, options } = setup([pending, pending, inProgress, inProgress, success]);
    await expect(waitForTask(api, TASK, options)).resolves.toMatchObject({
      status: 'SUCCESS',
      analysisId: 'AZLQ1yJ8Xo2pRtjcBvUh',
      componentKey: 'com.example:shop',
      pullRequest: '7',
    });
    expect(seen).toEqual(['PENDING', 'IN_PROGRESS', 'SUCCESS']);
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000]);
  });

  test('each request is bounded by the time left', async () => {
    const { api, options } = setup([pending, success], 10_000);
    await waitForTask(api, TASK, options);
    expect(api.timeouts).toEqual([10_000, 10_000 - 20 - 500]);
  });

  test('FAILED: the server’s error message and where to look', async () => {
    const { api, options } = setup([pending, fixtureTask('ce-task-failed.json')]);
    const error = await waitForTask(api, TASK, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalysisNotProcessedError);
    expect((error as Error).message).toBe(
      'SonarQube could not process the analysis (task AZLQ1x4kXo2pRtjcBvUe: FAILED): Date of analysis cannot be older than the date of the last known analysis on this project. Value: "2025-11-20T10:00:00+0000". Latest analysis: "2025-11-22T09:12:40+0000". It\'s only possible to rebuild the past in a chronological order.; see https://sonar.example.com/project/background_tasks?id=com.example%3Ashop',
    );
  });

  test('CANCELED', async () => {
    const { api, options } = setup([fixtureTask('ce-task-canceled.json')]);
    await expect(waitForTask(api, TASK, options)).rejects.toThrow(
      'the analysis was canceled on SonarQube before it was processed (task AZLQ1x4kXo2pRtjcBvUe: CANCELED); run the scanner again. See https://sonar.example.com/project/background_tasks?id=com.example%3Ashop',
    );
  });

  test('SUCCESS without an analysisId is not a SonarQube answer', async () => {
    const { api, options } = setup([{ id: TASK, status: 'SUCCESS' }]);
    await expect(waitForTask(api, TASK, options)).rejects.toThrow(
      'SonarQube at https://sonar.example.com reports task AZLQ1x4kXo2pRtjcBvUe as SUCCESS without an analysisId',
    );
  });

  test('the deadline: the last status seen, and no sleep past it', async () => {
    const { api, clock, options } = setup([pending, inProgress], 30_000);
    const error = await waitForTask(api, TASK, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toBe(
      "timeout: the analysis (SonarQube task AZLQ1x4kXo2pRtjcBvUe) did not finish within 30 s; last status seen: IN_PROGRESS. Raise timeout when the server's queue is long",
    );
    expect(clock.t - 1_000_000).toBe(30_000);
    expect(clock.sleeps.at(-1)).toBeLessThan(10_000);
  });

  test('a line at least every 5 s while the task is queued, though it polls every 10 s (issue 20)', async () => {
    const { api, clock, options } = setup([pending, inProgress], 30_000);
    const lines: Array<[number, string]> = [];
    await waitForTask(api, TASK, {
      ...options,
      progress: (line) => lines.push([clock.t - 1_000_000, line]),
    }).catch(() => undefined);
    expect(lines[0]?.[1]).toBe(`waiting for SonarQube task ${TASK}: PENDING, 0 s of 30 s`);
    expect(lines.at(-1)?.[1]).toMatch(
      new RegExp(`^waiting for SonarQube task ${TASK}: IN_PROGRESS, \\d+ s of 30 s$`),
    );
    const at = lines.map(([t]) => t);
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5000);
    expect(lines.length).toBeGreaterThanOrEqual(6);
  });

  test('a server that stops answering: the wait ends at the deadline with the last status and what happened', async () => {
    const { api, clock, options } = setup([pending, { hangMs: Infinity }], 5_000);
    await expect(waitForTask(api, TASK, options)).rejects.toThrow(
      "timeout: the analysis (SonarQube task AZLQ1x4kXo2pRtjcBvUe) did not finish within 5 s; last status seen: PENDING (then: SonarQube did not answer within 4.48 s). Raise timeout when the server's queue is long",
    );
    expect(clock.t - 1_000_000).toBe(5_000);
  });

  test('a server that never answered', async () => {
    const { api, options } = setup([{ hangMs: Infinity }], 5_000);
    await expect(waitForTask(api, TASK, options)).rejects.toThrow(
      'last status seen: none, SonarQube did not answer (then: SonarQube did not answer within 5 s)',
    );
  });

  test('5xx and slow answers are asked again until the deadline; the loop goes on after them', async () => {
    const busy = new SonarApiError('SonarQube answered 503', 'server', true);
    const { api, seen, retries, options } = setup([pending, busy, { hangMs: 1000 }, busy, success]);
    await expect(waitForTask(api, TASK, options)).resolves.toMatchObject({ status: 'SUCCESS' });
    expect(seen).toEqual(['PENDING', 'SUCCESS']);
    expect(retries).toEqual(['server 1000', 'timeout 2000', 'server 4000']);
  });

  test('an address that refuses connections fails after three tries, not at the deadline', async () => {
    const refused = new SonarApiError(
      'sonar-host-url: SonarQube at … cannot be reached (ECONNREFUSED)',
      'unreachable',
      true,
    );
    const { api, clock, options } = setup([refused]);
    await expect(waitForTask(api, TASK, options)).rejects.toBe(refused);
    expect(clock.sleeps).toEqual([500, 1000]);
  });

  test.each([
    ['auth', new SonarApiError('sonar-token: refused', 'auth', false)],
    ['not found', new SonarApiError('404', 'not-found', false)],
    ['a bug', new TypeError('x is undefined')],
  ])('%s: thrown at once', async (_name, error) => {
    const { api, clock, options } = setup([error]);
    await expect(waitForTask(api, TASK, options)).rejects.toBe(error);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('readProjectStatus', () => {
  test('the gate, within the same deadline', async () => {
    const gate: ProjectStatus = { status: 'ERROR', conditions: [], ignoredConditions: false };
    const { api, options } = setup([success], 1000, gate);
    await expect(readProjectStatus(api, 'AZLQ1yJ8Xo2pRtjcBvUh', options)).resolves.toBe(gate);
  });

  test('after the deadline: a timeout that says the analysis itself is processed', async () => {
    const { api, clock, options } = setup([success], 1000);
    clock.t += 1000;
    await expect(readProjectStatus(api, 'AZLQ1yJ8Xo2pRtjcBvUh', options)).rejects.toThrow(
      'timeout: the analysis is processed (SUCCESS), but SonarQube did not give its quality gate within 1 s',
    );
  });
});
