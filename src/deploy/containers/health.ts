/**
 * The health gate: the new colour is healthy when its HTTP health path answers 2xx (or, for an image with
 * a HEALTHCHECK, when Docker says healthy) within the timeout; it fails at once when the container exits.
 */
import type { ContainerState } from '../../docker/run-args.js';
import { httpGet } from '../../remote/host.js';
import { startProgress } from '../../progress.js';
import { sleep } from '../../retry.js';

export interface HealthOptions {
  url: string;
  /** How to GET the URL (over SSH for a remote host); default: an HTTP request from here. A status, or
   * an answer whose `failure` says why nothing answered (`connection refused`). */
  probe?: () => Promise<number | { status: number; failure?: string }>;
  timeoutMs: number;
  inspect: () => Promise<ContainerState>;
  intervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** What the progress lines name (`/actuator/health on green`); default: the URL. */
  what?: string;
  /** Where a progress line goes, at least every 5 s, and the final one. */
  progress?: (line: string) => void;
}

export type HealthResult = { healthy: true; ms: number } | { healthy: false; ms: number; reason: string };

export async function waitHealthy(options: HealthOptions): Promise<HealthResult> {
  const now = options.now ?? Date.now;
  const progress = startProgress({
    what: options.what ?? options.url,
    limitMs: options.timeoutMs,
    now,
    say: options.progress ?? (() => undefined),
  });
  const result = await pollHealthy(options, now, progress);
  progress.end(result.healthy ? 'healthy' : `not healthy (${result.reason})`);
  return result;
}

async function pollHealthy(
  options: HealthOptions,
  now: () => number,
  progress: ReturnType<typeof startProgress>,
): Promise<HealthResult> {
  const pause = options.sleep ?? sleep;
  const started = now();
  let last = 'no answer yet';
  // Soon after the start first (most apps answer within moments), then every intervalMs.
  let wait = Math.min(50, options.intervalMs ?? 250);
  for (;;) {
    const state = await options.inspect();
    if (state.status === 'exited' || state.status === 'dead') {
      return {
        healthy: false,
        ms: now() - started,
        reason: `the container exited (code ${state.exitCode})`,
      };
    }
    if (state.status === 'restarting' || state.restartCount > 0) {
      // The restart policy brings it back, but a container that exits while starting is not healthy.
      const code = state.exitCode !== 0 ? ` (code ${state.exitCode})` : '';
      return {
        healthy: false,
        ms: now() - started,
        reason: `the container exited${code} and Docker is restarting it`,
      };
    }
    if (state.health === 'healthy') return { healthy: true, ms: now() - started };
    if (state.health === 'unhealthy')
      return { healthy: false, ms: now() - started, reason: "Docker's HEALTHCHECK reports unhealthy" };
    if (state.health === 'none' && state.status === 'running') {
      const answer = await (options.probe ?? (() => httpGet(options.url)))();
      const { status, failure } =
        typeof answer === 'number' ? { status: answer, failure: undefined } : answer;
      if (status >= 200 && status < 300) return { healthy: true, ms: now() - started };
      last = status === 0 ? (failure ?? 'no answer') : `HTTP ${status}`;
    } else if (state.health !== 'none') {
      last = `Docker's HEALTHCHECK says ${state.health}`;
    } else {
      last = `the container is ${state.status}`;
    }
    if (now() - started >= options.timeoutMs) {
      return {
        healthy: false,
        ms: now() - started,
        reason: `${options.url} did not answer 2xx within ${options.timeoutMs / 1000} s (last: ${last})`,
      };
    }
    progress.update(last);
    await progress.sleep(wait, pause);
    wait = Math.min(wait * 2, options.intervalMs ?? 250);
  }
}

export interface StaysUpOptions {
  inspect: () => Promise<ContainerState>;
  /** How long the container must keep running (strategy recreate: workers serve no HTTP). */
  verifyMs: number;
  /** With a HEALTHCHECK, how long it may stay `starting` before it counts as failed. */
  timeoutMs: number;
  intervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** What the progress lines name (`shop-production to stay up`). */
  what?: string;
  /** Where a progress line goes, at least every 5 s, and the final one. */
  progress?: (line: string) => void;
}

/** The recreate gate: running, never restarted, for `verifyMs`; and healthy where the image says how. */
export async function waitStaysUp(options: StaysUpOptions): Promise<HealthResult> {
  const now = options.now ?? Date.now;
  const progress = startProgress({
    what: options.what ?? 'the container to stay up',
    // It ends at the verify time, or with a HEALTHCHECK still starting at the health timeout.
    limitMs: Math.max(options.verifyMs, options.timeoutMs),
    now,
    say: options.progress ?? (() => undefined),
  });
  const result = await pollStaysUp(options, now, progress);
  progress.end(result.healthy ? 'up' : `not up (${result.reason})`);
  return result;
}

async function pollStaysUp(
  options: StaysUpOptions,
  now: () => number,
  progress: ReturnType<typeof startProgress>,
): Promise<HealthResult> {
  const pause = options.sleep ?? sleep;
  const started = now();
  for (;;) {
    const state = await options.inspect();
    const ms = now() - started;
    if (
      state.status === 'exited' ||
      state.status === 'dead' ||
      state.status === 'restarting' ||
      state.restartCount > 0
    ) {
      const code = state.exitCode !== 0 ? ` (code ${state.exitCode})` : '';
      return {
        healthy: false,
        ms,
        reason: `the container exited${code} within ${Math.ceil(ms / 1000)} s of starting`,
      };
    }
    if (state.health === 'unhealthy')
      return { healthy: false, ms, reason: "Docker's HEALTHCHECK reports unhealthy" };
    if (ms >= options.verifyMs && state.status === 'running') {
      if (state.health === 'none' || state.health === 'healthy') return { healthy: true, ms };
      if (ms >= options.timeoutMs) {
        return {
          healthy: false,
          ms,
          reason: `Docker's HEALTHCHECK still says ${state.health} after ${Math.round(ms / 1000)} s`,
        };
      }
    }
    progress.update(
      state.health === 'none'
        ? `the container is ${state.status}`
        : `Docker's HEALTHCHECK says ${state.health}`,
    );
    await progress.sleep(options.intervalMs ?? 250, pause);
  }
}
