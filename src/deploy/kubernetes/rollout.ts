/**
 * The rollout watch's judgement, from one look at the Deployment, its pods and their warning events:
 * ready, still progressing (with a line saying how far), or failed — fast, with each failing pod's
 * reason, exit code and warning events — on a crash loop, an image that cannot be pulled, a pod no node
 * takes, a container config error, or the Deployment's progress deadline. Pure; the caller adds each
 * failing pod's last log line (`kubectl logs --previous`) before anything is rolled back.
 */
import type { ContainerState, DeploymentState, EventState, PodState } from '../../kubernetes/objects.js';

export type FailureKind = 'crash-loop' | 'image-pull' | 'unschedulable' | 'config' | 'exited';

export interface PodFailure {
  pod: string;
  container: string;
  kind: FailureKind;
  /** Kubernetes' word for it: CrashLoopBackOff, ErrImagePull, Unschedulable… */
  reason: string;
  message: string;
  /** The last run's exit code (a crash loop, an exited container). */
  exitCode?: number;
  /** Whether the last log line is worth reading: the previous run's for a crash loop, the run's for an exit. */
  logs?: 'previous' | 'current';
  /** The pod's warning events, oldest first, each once. */
  events: string[];
}

export interface RolloutJudgement {
  state: 'ready' | 'progressing' | 'failed';
  failures: PodFailure[];
  /** `1/2 new pods ready; 1 waiting: ImagePullBackOff`. */
  progress: string;
  /** For a failed rollout without a failing pod (the progress deadline): what Kubernetes said. */
  why?: string;
}

const IMAGE_PULL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const CONFIG = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

/**
 * The pods of the rollout's new ReplicaSet (all pods when the Deployment names none yet). None while
 * the controller has not seen the Deployment's latest generation: until then the ReplicaSet that its
 * Progressing condition names is the previous one, and its pods would be judged for the new rollout.
 * Terminating pods are never judged.
 */
export function newPods(deployment: DeploymentState, pods: readonly PodState[]): PodState[] {
  if (deployment.observedGeneration < deployment.generation) return [];
  // A pod being deleted belongs to a ReplicaSet being scaled down (a rolled-back rollout's crashing
  // pods, still in their grace period): never the new rollout's, whatever the condition still names.
  const live = pods.filter((p) => p.terminating !== true);
  const rs = deployment.newReplicaSet;
  if (rs === undefined) return live;
  const hash = rs.slice(rs.lastIndexOf('-') + 1);
  return live.filter((p) => p.templateHash === hash);
}

function containerFailure(pod: PodState, c: ContainerState): Omit<PodFailure, 'events'> | undefined {
  const base = { pod: pod.name, container: c.name };
  const waiting = c.waiting?.reason ?? '';
  if (waiting === 'CrashLoopBackOff') {
    return {
      ...base,
      kind: 'crash-loop',
      reason: waiting,
      message: c.lastTerminated?.reason ? `last run: ${c.lastTerminated.reason}` : (c.waiting?.message ?? ''),
      ...(c.lastTerminated ? { exitCode: c.lastTerminated.exitCode } : {}),
      logs: 'previous',
    };
  }
  if (IMAGE_PULL.has(waiting))
    return { ...base, kind: 'image-pull', reason: waiting, message: c.waiting?.message ?? '' };
  if (CONFIG.has(waiting))
    return { ...base, kind: 'config', reason: waiting, message: c.waiting?.message ?? '' };
  if (c.terminated && c.terminated.exitCode !== 0) {
    return {
      ...base,
      kind: 'exited',
      reason: c.terminated.reason || 'Error',
      message: c.terminated.message,
      exitCode: c.terminated.exitCode,
      logs: 'current',
    };
  }
  return undefined;
}

function warnings(events: readonly EventState[], pod: string): string[] {
  const seen = new Set<string>();
  for (const e of events)
    if (e.type === 'Warning' && e.kind === 'Pod' && e.name === pod) seen.add(`${e.reason}: ${e.message}`);
  return [...seen];
}

export function judgeRollout(
  deployment: DeploymentState,
  pods: readonly PodState[],
  events: readonly EventState[],
): RolloutJudgement {
  const fresh = newPods(deployment, pods);
  const failures: PodFailure[] = [];
  for (const pod of fresh) {
    if (pod.unschedulable !== undefined) {
      failures.push({
        pod: pod.name,
        container: '',
        kind: 'unschedulable',
        reason: 'Unschedulable',
        message: pod.unschedulable,
        events: warnings(events, pod.name),
      });
      continue;
    }
    for (const c of pod.containers) {
      const failure = containerFailure(pod, c);
      if (failure) failures.push({ ...failure, events: warnings(events, pod.name) });
    }
  }
  const progress = describeProgress(deployment, fresh, events);
  if (failures.length > 0) return { state: 'failed', failures, progress };
  const p = deployment.progressing;
  if (p?.status === 'False' && p.reason === 'ProgressDeadlineExceeded') {
    return { state: 'failed', failures, progress, why: `${p.reason}: ${p.message}` };
  }
  const done =
    deployment.observedGeneration >= deployment.generation &&
    deployment.updated >= deployment.desired &&
    deployment.available >= deployment.desired &&
    deployment.replicas === deployment.updated;
  return { state: done ? 'ready' : 'progressing', failures, progress };
}

/** `2/3 new pods ready; 1 waiting: ImagePullBackOff; 1 not ready: Readiness probe failed: …`. */
export function describeProgress(
  deployment: DeploymentState,
  fresh: readonly PodState[],
  events: readonly EventState[],
): string {
  const ready = fresh.filter((p) => p.ready).length;
  const parts = [`${ready}/${deployment.desired} new pods ready`];
  const waiting = new Map<string, number>();
  const unready = new Map<string, number>();
  for (const pod of fresh) {
    if (pod.ready) continue;
    const reason =
      pod.unschedulable !== undefined
        ? 'Unschedulable'
        : pod.containers.find((c) => c.waiting)?.waiting?.reason;
    if (reason) {
      waiting.set(reason, (waiting.get(reason) ?? 0) + 1);
      continue;
    }
    const probe = [...events]
      .reverse()
      .find((e) => e.type === 'Warning' && e.name === pod.name && e.reason === 'Unhealthy');
    const why = probe ? probe.message : 'starting';
    unready.set(why, (unready.get(why) ?? 0) + 1);
  }
  for (const [reason, n] of waiting) parts.push(`${n} waiting: ${reason}`);
  for (const [why, n] of unready) parts.push(`${n} not ready: ${why}`);
  const old = deployment.replicas - deployment.updated;
  if (old > 0) parts.push(`${old} old still running`);
  return parts.join('; ');
}
