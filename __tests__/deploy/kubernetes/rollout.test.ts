/**
 * The rollout watch's verdict on recordings of a real cluster: ready, progressing with a line saying
 * how far, or failed fast with the failing pod's reason, exit code and warning events.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { judgeRollout, newPods } from '../../../src/deploy/kubernetes/rollout.js';
import {
  readDeployment,
  readEvents,
  readPods,
  type DeploymentState,
  type PodState,
} from '../../../src/kubernetes/objects.js';
import { ROOT } from '../../helpers/run-dist.js';

const json = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(ROOT, '__tests__', 'fixtures', 'kubernetes', name), 'utf8'));
const deployment = (name: string) => readDeployment(json(name));
const pods = (name: string) => readPods(json(name));
const events = (name: string) => readEvents(json(name));

test('the healthy rollout is ready', () => {
  expect(judgeRollout(deployment('01-healthy-deployment.json'), pods('01-healthy-pods.json'), [])).toEqual({
    state: 'ready',
    failures: [],
    progress: '2/2 new pods ready',
  });
});

test('a crash loop fails at once: the pod, CrashLoopBackOff, exit code 3, its logs to read from the previous run', () => {
  const verdict = judgeRollout(
    deployment('02-crashloop-deployment.json'),
    pods('02-crashloop-pods.json'),
    events('02-crashloop-events.json'),
  );
  expect(verdict.state).toBe('failed');
  expect(verdict.failures).toEqual([
    {
      pod: 'app-6d89b9bdcb-xrrqz',
      container: 'web',
      kind: 'crash-loop',
      reason: 'CrashLoopBackOff',
      message: 'last run: Error',
      exitCode: 3,
      logs: 'previous',
      events: ['BackOff: Back-off restarting failed container'],
    },
  ]);
  // The old ReplicaSet's pods serve on: only the new one's count.
  expect(verdict.progress).toBe('0/2 new pods ready; 1 waiting: CrashLoopBackOff; 2 old still running');
});

test('an unpullable image fails at once with the registry’s answer and the pull events', () => {
  const d: DeploymentState = {
    ...deployment('02-crashloop-deployment.json'),
    newReplicaSet: 'app-7b748d9cd5',
  };
  const verdict = judgeRollout(d, pods('04-imagepull-pods.json'), events('04-imagepull-warning-events.json'));
  expect(verdict.state).toBe('failed');
  expect(verdict.failures).toHaveLength(1);
  expect(verdict.failures[0]).toMatchObject({
    pod: 'app-7b748d9cd5-phzg6',
    kind: 'image-pull',
    reason: 'ErrImagePull',
  });
  expect(verdict.failures[0]?.message).toContain('app:nope: not found');
  expect(verdict.failures[0]?.events).toEqual([
    expect.stringMatching(/^Failed: Failed to pull image "127\.0\.0\.1:5000\/berth\/app:nope"/),
    'Failed: Error: ErrImagePull',
    'Failed: Error: ImagePullBackOff',
  ]);
});

test('a pod that runs but is not ready is progressing, and the line says why (the probe’s answer)', () => {
  const verdict = judgeRollout(
    deployment('05-unready-deployment.json'),
    pods('05-unready-pods.json'),
    events('05-unready-warning-events.json'),
  );
  expect(verdict).toEqual({
    state: 'progressing',
    failures: [],
    progress:
      '0/2 new pods ready; 1 not ready: Readiness probe failed: HTTP probe failed with statuscode: 404; 2 old still running',
  });
});

test('the progress deadline fails the rollout with what the controller said', () => {
  const verdict = judgeRollout(deployment('03-progress-deadline-exceeded-deployment.json'), [], []);
  expect(verdict.state).toBe('failed');
  expect(verdict.why).toBe(
    'ProgressDeadlineExceeded: ReplicaSet "app-6d89b9bdcb" has timed out progressing.',
  );
});

const pod = (over: Partial<PodState> & { waiting?: string; exit?: number }): PodState => ({
  name: 'web-abc-1',
  templateHash: 'abc',
  phase: 'Pending',
  ready: false,
  unschedulable: undefined,
  containers: [
    {
      name: 'web',
      ready: false,
      restarts: 0,
      waiting: over.waiting ? { reason: over.waiting, message: `${over.waiting} message` } : undefined,
      terminated: over.exit === undefined ? undefined : { reason: 'Error', exitCode: over.exit, message: '' },
      lastTerminated: undefined,
      image: 'r/web@sha256:1',
      imageID: '',
    },
  ],
  ...over,
});
const rolling: DeploymentState = {
  name: 'web',
  generation: 2,
  observedGeneration: 2,
  desired: 1,
  replicas: 2,
  updated: 1,
  ready: 1,
  available: 1,
  progressDeadlineSeconds: 60,
  progressing: {
    status: 'True',
    reason: 'ReplicaSetUpdated',
    message: 'ReplicaSet "web-abc" is progressing.',
  },
  newReplicaSet: 'web-abc',
  containers: [{ name: 'web', image: 'r/web@sha256:1' }],
  matchLabels: { app: 'web' },
};

test.each([
  [{ waiting: 'CreateContainerConfigError' }, 'config'],
  [{ waiting: 'ImagePullBackOff' }, 'image-pull'],
  [{ waiting: 'InvalidImageName' }, 'image-pull'],
  [{ exit: 1 }, 'exited'],
  [{ unschedulable: '0/1 nodes are available: 1 Insufficient memory.' }, 'unschedulable'],
])('%j fails the rollout as %s', (over, kind) => {
  expect(judgeRollout(rolling, [pod(over)], []).failures.map((f) => f.kind)).toEqual([kind]);
});

test.each([
  [{ waiting: 'ContainerCreating' }, 'progressing'],
  [{ exit: 0 }, 'progressing'],
])('%j is no failure: %s', (over, state) => {
  expect(judgeRollout(rolling, [pod(over)], []).state).toBe(state);
});

test('only the new ReplicaSet’s pods count: an old pod crash-looping does not fail the new rollout', () => {
  const old = pod({ name: 'web-old-1', templateHash: 'old', waiting: 'CrashLoopBackOff' });
  expect(newPods(rolling, [old])).toEqual([]);
  expect(judgeRollout(rolling, [old], []).state).toBe('progressing');
});

test('before the controller saw the new generation no pod is judged: the named ReplicaSet is the previous one', () => {
  const stale = { ...rolling, generation: rolling.observedGeneration + 1 };
  const failing = pod({ waiting: 'CrashLoopBackOff' });
  expect(newPods(rolling, [failing])).toEqual([failing]);
  expect(newPods(stale, [failing])).toEqual([]);
  expect(judgeRollout(stale, [failing], [])).toMatchObject({ state: 'progressing', failures: [] });
});

test('a terminating pod is never judged: a rolled-back rollout’s crash loop, still in its grace period, under the name the condition still gives', () => {
  const dying = { ...pod({ waiting: 'CrashLoopBackOff' }), terminating: true as const };
  const failing = pod({ waiting: 'CrashLoopBackOff' });
  expect(newPods(rolling, [dying, failing])).toEqual([failing]);
  expect(judgeRollout(rolling, [dying], [])).toMatchObject({ state: 'progressing', failures: [] });
  expect(judgeRollout({ ...rolling, newReplicaSet: undefined }, [dying], []).failures).toEqual([]);
});

test('readPods marks a pod with a deletionTimestamp as terminating', () => {
  const list = (meta: Record<string, unknown>) => ({
    kind: 'List',
    items: [
      {
        kind: 'Pod',
        metadata: { name: 'web-1', labels: { 'pod-template-hash': 'abc' }, ...meta },
        status: {},
      },
    ],
  });
  expect(readPods(list({ deletionTimestamp: '2026-12-04T04:20:00Z' }))[0]?.terminating).toBe(true);
  expect(readPods(list({}))[0]?.terminating).toBeUndefined();
});

test('ready only when the old pods are gone and the controller saw this generation', () => {
  const done = { ...rolling, replicas: 1 };
  const readyPod = { ...pod({}), ready: true, phase: 'Running' };
  expect(judgeRollout(done, [readyPod], []).state).toBe('ready');
  expect(judgeRollout(rolling, [readyPod], []).state).toBe('progressing'); // an old pod still runs
  expect(judgeRollout({ ...done, observedGeneration: 1 }, [readyPod], []).state).toBe('progressing');
});
