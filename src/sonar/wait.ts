/**
 * Waiting for SonarQube: poll the compute engine task with backoff until it is final, then read the
 * quality gate, all within one deadline. The clock, the sleep and the delays are parameters, so tests
 * run a five-minute wait in no time.
 */
import { ConfigurationError, OutageError, VerdictError } from '../errors.js';
import { startProgress } from '../progress.js';
import type { Runtime } from '../runtime/runtime.js';
import type { AnalysisRef } from './analysis.js';
import { SonarApiError, type CeTask, type ProjectStatus, type SonarApi } from './api.js';
import type { QualityGateResult } from './gate.js';

export interface WaitTiming {
  /** Milliseconds since some fixed point (Date.now). */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The delay after poll `attempt` (0, 1, …) before the next one. */
  pollDelayMs: (attempt: number) => number;
}

/** 0.5 s, 1 s, 2 s, 4 s, 8 s, then every 10 s: a small analysis is seen at once, a long queue is not hammered. */
export const pollDelayMs = (attempt: number): number => Math.min(500 * 2 ** attempt, 10_000);

/**
 * Connection refused or no such host, this many times in a row, ends the wait at once: an address
 * that is wrong stays wrong. A slow or restarting server (5xx, no answer) is polled until the deadline.
 */
const MAX_UNREACHABLE_IN_A_ROW = 3;

/** The one bound of everything `quality-gate` asks SonarQube (the `timeout` input). */
export class Deadline {
  private readonly end: number;
  readonly startedAt: number;
  constructor(
    readonly timeoutMs: number,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
    this.end = this.startedAt + timeoutMs;
  }
  remaining(): number {
    return Math.max(0, this.end - this.now());
  }
}

/** The analysis ended on the server without a result: FAILED or CANCELED. A verdict, not a bug. */
export class AnalysisNotProcessedError extends VerdictError {
  override name = 'AnalysisNotProcessedError';
  constructor(
    message: string,
    readonly status: string,
  ) {
    super(message);
  }
}

/** The deadline passed: the server did not finish in time. */
export class WaitTimeoutError extends OutageError {
  override name = 'WaitTimeoutError';
  constructor(
    message: string,
    readonly lastStatus: string | undefined,
  ) {
    super(message);
  }
}

export interface WaitForTaskOptions extends WaitTiming {
  deadline: Deadline;
  /** Called when the task's status changes (PENDING → IN_PROGRESS → …). */
  onStatus?: (task: CeTask) => void;
  /** Called before polling again after a transient error. */
  onRetry?: (error: SonarApiError, delayMs: number) => void;
  /** Where a progress line goes while it waits, at least every 5 s. */
  progress?: (line: string) => void;
}

/** What a poll's progress lines say: what is awaited and the last answer. */
interface Watch {
  what: string;
  last: () => string;
}

/** The task once SUCCESS (with its analysisId); FAILED and CANCELED throw AnalysisNotProcessedError. */
export async function waitForTask(
  api: SonarApi,
  taskId: string,
  options: WaitForTaskOptions,
): Promise<CeTask> {
  let last: string | undefined;
  return poll(
    options,
    { what: `SonarQube task ${taskId}`, last: () => last ?? 'no answer yet' },
    async (timeoutMs) => {
      const task = await api.task(taskId, timeoutMs);
      if (task.status !== last) options.onStatus?.(task);
      last = task.status;
      switch (task.status) {
        case 'PENDING':
        case 'IN_PROGRESS':
          return undefined;
        case 'SUCCESS':
          if (task.analysisId === undefined || task.analysisId === '') {
            throw new SonarApiError(
              `SonarQube at ${api.serverUrl} reports task ${taskId} as SUCCESS without an analysisId`,
              'response',
              false,
            );
          }
          return task;
        case 'FAILED':
          throw new AnalysisNotProcessedError(
            `SonarQube could not process the analysis (task ${taskId}: FAILED): ${task.errorMessage?.trim() || 'the server gave no error message'}; ${backgroundTasks(api, task)}`,
            task.status,
          );
        case 'CANCELED':
          throw new AnalysisNotProcessedError(
            `the analysis was canceled on SonarQube before it was processed (task ${taskId}: CANCELED); run the scanner again. ${capitalise(backgroundTasks(api, task))}`,
            task.status,
          );
        default:
          throw new SonarApiError(
            `SonarQube at ${api.serverUrl} reports task ${taskId} with an unknown status ${JSON.stringify(task.status)}`,
            'response',
            false,
          );
      }
    },
    (lastError) =>
      new WaitTimeoutError(
        `timeout: the analysis (SonarQube task ${taskId}) did not finish within ${seconds(options.deadline.timeoutMs)}; last status seen: ${last ?? 'none, SonarQube did not answer'}${lastError ? ` (then: ${lastError.message})` : ''}. Raise timeout when the server's queue is long`,
        last,
      ),
  );
}

/** The quality gate of a processed analysis, within what is left of the deadline. */
export function readProjectStatus(
  api: SonarApi,
  analysisId: string,
  options: WaitTiming & {
    deadline: Deadline;
    onRetry?: WaitForTaskOptions['onRetry'];
    progress?: WaitForTaskOptions['progress'];
  },
): Promise<ProjectStatus> {
  return poll(
    options,
    { what: `the quality gate of analysis ${analysisId}`, last: () => 'not computed yet' },
    (timeoutMs) => api.projectStatus(analysisId, timeoutMs),
    (lastError) =>
      new WaitTimeoutError(
        `timeout: the analysis is processed (SUCCESS), but SonarQube did not give its quality gate within ${seconds(options.deadline.timeoutMs)}${lastError ? ` (${lastError.message})` : ''}`,
        'SUCCESS',
      ),
  );
}

/**
 * Calls `step` until it returns a value, sleeping `pollDelayMs` between calls and retrying transient
 * errors, all bounded by the deadline: each call gets the time that is left, and no sleep outlasts it.
 */
async function poll<T>(
  options: WaitTiming & {
    deadline: Deadline;
    onRetry?: WaitForTaskOptions['onRetry'];
    progress?: WaitForTaskOptions['progress'];
  },
  watch: Watch,
  step: (timeoutMs: number) => Promise<T | undefined>,
  expired: (lastError: SonarApiError | undefined) => Error,
): Promise<T> {
  const { deadline } = options;
  // With nowhere to say them, no lines and the sleeps uncut.
  const progress =
    options.progress &&
    startProgress({
      what: watch.what,
      limitMs: deadline.timeoutMs,
      now: options.now,
      startedAt: deadline.startedAt,
      say: options.progress,
    });
  let lastError: SonarApiError | undefined;
  let unreachable = 0;
  for (let attempt = 0; ; attempt++) {
    if (deadline.remaining() <= 0) throw expired(lastError);
    try {
      const result = await step(deadline.remaining());
      lastError = undefined;
      unreachable = 0;
      if (result !== undefined) return result;
    } catch (error) {
      if (!(error instanceof SonarApiError) || !error.transient) throw error;
      if (error.kind === 'unreachable' && ++unreachable >= MAX_UNREACHABLE_IN_A_ROW) throw error;
      lastError = error;
      if (deadline.remaining() <= 0) throw expired(lastError);
      options.onRetry?.(error, Math.min(options.pollDelayMs(attempt), deadline.remaining()));
    }
    const delay = Math.min(options.pollDelayMs(attempt), deadline.remaining());
    progress?.update(lastError ? lastError.message : watch.last());
    if (delay > 0) await (progress ? progress.sleep(delay, options.sleep) : options.sleep(delay));
  }
}

function backgroundTasks(api: SonarApi, task: CeTask): string {
  return task.componentKey
    ? `see ${api.serverUrl}/project/background_tasks?id=${encodeURIComponent(task.componentKey)}`
    : "see the project's Background Tasks page in SonarQube";
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Wait for the task, then read its gate: one deadline (`timeout`) for both. */
export async function waitForGate(
  sonar: SonarApi,
  analysis: AnalysisRef,
  timeoutSeconds: number,
  runtime: Pick<Runtime, 'info'>,
  timing: WaitTiming,
): Promise<QualityGateResult> {
  const deadline = new Deadline(timeoutSeconds * 1000, timing.now);
  const onRetry = (error: Error, delayMs: number): void =>
    runtime.info(`${error.message}; asking again in ${(delayMs / 1000).toFixed(1)} s`);
  const progress = (line: string): void => runtime.info(line);
  const task = await waitForTask(sonar, analysis.taskId, {
    ...timing,
    deadline,
    onStatus: (t) => runtime.info(`SonarQube task ${t.id}: ${t.status}`),
    onRetry,
    progress,
  }).catch((error: unknown) => {
    throw error instanceof SonarApiError && error.kind === 'not-found'
      ? unknownTask(analysis, sonar, error)
      : error;
  });
  const gate = await readProjectStatus(sonar, task.analysisId ?? '', {
    ...timing,
    deadline,
    onRetry,
    progress,
  });
  const dashboardUrl = analysis.dashboardUrl ?? dashboardOf(sonar.serverUrl, task);
  const projectKey = analysis.projectKey ?? task.componentKey;
  return {
    ...gate,
    ...(projectKey ? { projectKey } : {}),
    ...(task.branch ? { branch: task.branch } : {}),
    ...(task.pullRequest ? { pullRequest: task.pullRequest } : {}),
    ...(dashboardUrl ? { dashboardUrl } : {}),
  };
}

/** A 404 for the task: the id (or its report) and the server do not belong together. */
function unknownTask(analysis: AnalysisRef, sonar: SonarApi, error: SonarApiError): ConfigurationError {
  const said = error.serverMessage ? `404: ${error.serverMessage}` : '404';
  return new ConfigurationError(
    analysis.origin === 'ce-task-id'
      ? `ce-task-id: SonarQube at ${sonar.serverUrl} has no task ${analysis.taskId} (${said}); is sonar-host-url the server the scanner uploaded to?`
      : `report-task-file: ${analysis.origin} names task ${analysis.taskId}, which SonarQube at ${sonar.serverUrl} does not have (${said}); is the file left over from another server or an old run, or is sonar-host-url another server than the scanner's?`,
    { key: analysis.origin === 'ce-task-id' ? 'ce-task-id' : 'report-task-file', kind: 'invalid' },
  );
}

/** The project's page for the analysed branch or pull request. */
function dashboardOf(serverUrl: string, task: CeTask): string | undefined {
  if (!task.componentKey) return undefined;
  const query = new URLSearchParams({ id: task.componentKey });
  if (task.pullRequest) query.set('pullRequest', task.pullRequest);
  else if (task.branch) query.set('branch', task.branch);
  return `${serverUrl}/dashboard?${query.toString()}`;
}
