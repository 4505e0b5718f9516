/**
 * The rollout watch: looks at the release's Deployment, pods and warning events every few seconds
 * (kubectl, through the one exec), says how far it is at least every 5 s, and ends as soon as the
 * rollout is ready or has failed — a crash loop, an unpullable image, a pod no node takes, a config
 * error, the progress deadline — or berth's own timeout passes. On a failure it reads each failing
 * container's last log lines (the previous run's for a crash loop) before anything is rolled back, so
 * the evidence is in the error and the summary even when a first install is removed.
 */
import { lastLines, type Exec } from '../../exec.js';
import { sleep as defaultSleep } from '../../retry.js';
import { kubectlGetArgs, kubectlLogsArgs, type ClusterAccess } from '../../kubernetes/argv.js';
import { readDeployment, readEvents, readPods } from '../../kubernetes/objects.js';
import { judgeRollout, type PodFailure, type RolloutJudgement } from './rollout.js';

export interface WatchOptions {
  kubectl: string;
  access: ClusterAccess;
  release: string;
  /** The Deployment watched (default: the one named as the release, the built-in chart's). */
  deployment?: string;
  timeoutMs: number;
  intervalMs?: number;
  /** A progress line at least this often (and whenever it changes). */
  reportEveryMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  progress: (line: string) => void;
}

export interface FailureEvidence extends PodFailure {
  /** The container's last log lines (`--previous` for a crash loop); '' when none could be read. */
  lastLines: string;
}

export type WatchOutcome =
  | { state: 'ready'; ms: number; progress: string }
  | { state: 'failed'; ms: number; progress: string; failures: FailureEvidence[]; why?: string }
  | { state: 'timeout'; ms: number; progress: string };

async function look(
  exec: Exec,
  o: WatchOptions,
  what: 'deployment' | 'pods' | 'events',
  selector?: Readonly<Record<string, string>>,
): Promise<unknown> {
  const result = await exec(
    [o.kubectl, ...kubectlGetArgs(o.access, what, o.release, o.deployment, selector)],
    {
      quiet: true,
    },
  );
  if (result.code !== 0) {
    // The Deployment may not exist yet right after the apply: not a failure, the next look sees it.
    if (what === 'deployment' && /NotFound|not found/i.test(result.stderr)) return undefined;
    throw new Error(`kubectl get ${what} failed: ${lastLines(result.stderr, 2)}`);
  }
  return JSON.parse(result.stdout) as unknown;
}

/** One look at the rollout; undefined while the Deployment is not there yet. */
export async function lookAtRollout(exec: Exec, o: WatchOptions): Promise<RolloutJudgement | undefined> {
  const json = await look(exec, o, 'deployment');
  if (json === undefined) return undefined;
  const deployment = readDeployment(json);
  const [pods, events] = await Promise.all([
    look(exec, o, 'pods', deployment.matchLabels),
    look(exec, o, 'events'),
  ]);
  return judgeRollout(deployment, readPods(pods), readEvents(events));
}

async function evidence(exec: Exec, o: WatchOptions, failure: PodFailure): Promise<FailureEvidence> {
  if (failure.logs === undefined || failure.container === '') return { ...failure, lastLines: '' };
  const logs = await exec(
    [o.kubectl, ...kubectlLogsArgs(o.access, failure.pod, failure.container, failure.logs === 'previous')],
    {
      quiet: true,
    },
  ).catch(() => undefined);
  return { ...failure, lastLines: logs?.code === 0 ? lastLines(logs.stdout, 5) : '' };
}

export async function watchRollout(exec: Exec, o: WatchOptions): Promise<WatchOutcome> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? defaultSleep;
  const interval = o.intervalMs ?? 1000;
  const reportEvery = o.reportEveryMs ?? 5000;
  const started = now();
  let said = '';
  let saidAt = -Infinity;
  let last = 'waiting for the Deployment';
  for (;;) {
    const judged = await lookAtRollout(exec, o);
    const ms = now() - started;
    if (judged) last = judged.progress;
    if (last !== said || now() - saidAt >= reportEvery) {
      o.progress(`${last} (${Math.round(ms / 1000)} s of ${Math.round(o.timeoutMs / 1000)} s)`);
      said = last;
      saidAt = now();
    }
    if (judged?.state === 'ready') return { state: 'ready', ms, progress: last };
    if (judged?.state === 'failed') {
      const failures = await Promise.all(judged.failures.map((f) => evidence(exec, o, f)));
      return { state: 'failed', ms, progress: last, failures, ...(judged.why ? { why: judged.why } : {}) };
    }
    if (ms >= o.timeoutMs) return { state: 'timeout', ms, progress: last };
    await sleep(interval);
  }
}

/** The error's text for a failed rollout: each failing pod with its reason, exit code and last log line. */
export function describeFailure(outcome: Extract<WatchOutcome, { state: 'failed' }>): string {
  if (outcome.failures.length === 0) return outcome.why ?? outcome.progress;
  return outcome.failures
    .map((f) => {
      const code = f.exitCode === undefined ? '' : `, exit code ${f.exitCode}`;
      const line = f.lastLines
        .split('\n')
        .filter((l) => l.trim() !== '')
        .at(-1);
      return `${f.pod}${f.container ? ` (${f.container})` : ''}: ${f.reason}${code}${f.message ? ` — ${f.message}` : ''}${line ? `; its last log line: ${line}` : ''}`;
    })
    .join('\n');
}
