/**
 * What every deploy strategy is to the command: a plan resolved from the inputs, run on each target host
 * under that host's deploy lock with the attempt recorded there (or once, for a bucket), and the outputs
 * and summary it names. The table of strategies is ./strategies.ts.
 */
import type { OutputName } from '../action-spec.js';
import type { Exec } from '../exec.js';
import type { GitHubApi } from '../github/api.js';
import type { Inputs } from '../inputs.js';
import type { Host } from '../remote/host.js';
import type { RetryPolicy } from '../retry.js';
import type { Runtime } from '../runtime/runtime.js';
import type { DeployAction, TimelineStep } from './model.js';
import type { Invalidator } from './static/cloudfront.js';
import type { ObjectStore, S3Settings } from './static/s3.js';
import type { Attempt } from './state.js';

/** Seams for tests: the runner's exec and docker client, the retries' sleeps, a bucket and its CDN. */
export interface DeployDeps {
  exec?: Exec;
  docker?: string;
  retry?: RetryPolicy;
  createStore?: (settings: S3Settings) => Promise<ObjectStore>;
  createCdn?: () => Promise<Invalidator>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Uploads and deletes at a time. */
  concurrency?: number;
  cloudfrontWaitMs?: number;
  cloudfrontPollMs?: number;
  /** The GitHub API (the environment's protection); default: the run's client, made on first use. */
  github?: () => GitHubApi;
  /** The notification's retries (default: notify/send.ts NOTIFY_RETRY). */
  notifyRetry?: RetryPolicy;
}

export type StepFn = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

/** One host's run, as the command hands it to the strategy: lock held, attempt being recorded. */
export interface HostRun {
  host: Host;
  /** The host's records of this app and environment (state, history, the lock). */
  stateDir: string;
  /** What the history records of this attempt: the strategy fills it in as it learns it. */
  attempt: Attempt;
  /** The runner's own exec (streaming an image over SSH runs docker here). */
  exec: Exec;
  runId: string;
  commit: string;
  startedAt: number;
  /** Runs a named step, timed into `timeline`. */
  step: StepFn;
  timeline: TimelineStep[];
}

interface Reporting<R> {
  /** The step summary's part for one result. */
  summary(result: R): string;
  /** The step's outputs, from every host's result (the last host's for per-host values). */
  outputs(results: readonly R[]): Partial<Record<OutputName, string>>;
}

/** Runs on each target host in turn (this one, or the `ssh-host` servers), under the host's lock. */
export interface OnHosts<R> extends Reporting<R> {
  where: 'hosts';
  app: string;
  environment: string;
  /** The `state-dir` input; '' for the host's default. */
  stateRoot: string;
  lockTimeoutSeconds: number;
  run(on: HostRun): Promise<R>;
}

/** Runs once with no host of berth's (a bucket and its CDN): no lock, no host records. */
export interface Once<R> extends Reporting<R> {
  where: 'once';
  run(): Promise<R>;
}

export type DeployPlan<R> = OnHosts<R> | Once<R>;

/** Every result names where it went: the host's label, '' for a bucket. */
export interface Placed {
  host: string;
}

export interface Strategy {
  /** Checks the inputs (every error names one) and returns what to run; nothing is touched yet. */
  plan(action: DeployAction, inputs: Inputs, runtime: Runtime, deps: DeployDeps): Promise<DeployPlan<Placed>>;
}
