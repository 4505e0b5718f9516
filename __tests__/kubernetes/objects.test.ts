/** kubectl's and helm's JSON and error text, read from recordings of a real cluster (fixtures/kubernetes). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import {
  isPending,
  lastGoodRevision,
  readHelmError,
  readHelmHistory,
  readHelmStatus,
} from '../../src/kubernetes/helm.js';
import {
  readDeployment,
  readEvents,
  readObjectIds,
  readPods,
  readSecrets,
} from '../../src/kubernetes/objects.js';
import { ROOT } from '../helpers/run-dist.js';

const recorded = (name: string): string =>
  readFileSync(path.join(ROOT, '__tests__', 'fixtures', 'kubernetes', name), 'utf8');
const json = (name: string): unknown => JSON.parse(recorded(name));

test('a Deployment mid-rollout: its wish, its counts, the new ReplicaSet the controller names, its template and selector', () => {
  expect(readDeployment(json('02-crashloop-deployment.json'))).toEqual({
    name: 'app',
    generation: 2,
    observedGeneration: 2,
    desired: 2,
    replicas: 3,
    updated: 1,
    ready: 2,
    available: 2,
    progressDeadlineSeconds: 30,
    progressing: {
      status: 'True',
      reason: 'ReplicaSetUpdated',
      message: 'ReplicaSet "app-6d89b9bdcb" is progressing.',
    },
    newReplicaSet: 'app-6d89b9bdcb',
    containers: [{ name: 'web', image: '127.0.0.1:5000/berth/app:bad' }],
    matchLabels: { app: 'app' },
  });
  expect(readDeployment(json('03-progress-deadline-exceeded-deployment.json')).progressing).toEqual({
    status: 'False',
    reason: 'ProgressDeadlineExceeded',
    message: 'ReplicaSet "app-6d89b9bdcb" has timed out progressing.',
  });
});

test('a crash-looping pod: waiting CrashLoopBackOff, the last run exited 3, the image it ran', () => {
  const pods = readPods(json('02-crashloop-pods.json'));
  expect(pods.map((p) => [p.name, p.templateHash, p.ready])).toEqual([
    ['app-6d89b9bdcb-xrrqz', '6d89b9bdcb', false],
    ['app-97478cdc8-hvzck', '97478cdc8', true],
    ['app-97478cdc8-t6kwt', '97478cdc8', true],
  ]);
  const web = pods[0]?.containers[0];
  expect(web).toMatchObject({
    name: 'web',
    ready: false,
    restarts: 1,
    waiting: { reason: 'CrashLoopBackOff' },
    lastTerminated: { reason: 'Error', exitCode: 3 },
    image: '127.0.0.1:5000/berth/app:bad',
  });
  expect(web?.imageID).toMatch(/@sha256:[0-9a-f]{64}$/);
});

test('an unpullable image: ErrImagePull with the registry’s words, and no image ID yet', () => {
  const pull = readPods(json('04-imagepull-pods.json'))[0]?.containers[0];
  expect(pull?.waiting?.reason).toBe('ErrImagePull');
  expect(pull?.waiting?.message).toContain('127.0.0.1:5000/berth/app:nope: not found');
  expect(pull?.imageID).toBe('');
});

test('events: the warnings by pod, without the no-DNS noise every pod gets here', () => {
  const events = readEvents(json('05-unready-warning-events.json'));
  expect(events.some((e) => e.reason === 'MissingClusterDNS')).toBe(false);
  expect(events.filter((e) => e.name === 'app-7f6c9f4fbf-xqmqx' && e.type === 'Warning')).toEqual([
    expect.objectContaining({
      reason: 'Unhealthy',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 404',
      kind: 'Pod',
    }),
  ]);
});

test.each([
  [{ kind: 'Service', metadata: {} }, 'pods: expected a Pod or a List of them, got kind "Service"'],
  [{ kind: 'List' }, 'pods: the List has no items array'],
  ['text', "pods: expected kubectl's JSON object, got string"],
])('not kubectl’s pod list: %j', (input, message) => {
  expect(() => readPods(input)).toThrow(message);
});

test('helm status: the release, its revision and status; a killed upgrade is pending', () => {
  expect(readHelmStatus(recorded('01-helm-status-deployed.json'))).toMatchObject({
    name: 'app',
    namespace: 'fx',
    revision: 1,
    status: 'deployed',
    description: 'Install complete',
  });
  const pending = readHelmStatus(recorded('07-helm-status-pending-upgrade.json'));
  expect([pending.status, pending.description, isPending(pending.status)]).toEqual([
    'pending-upgrade',
    'Preparing upgrade',
    true,
  ]);
});

test('helm history: oldest first; the last good revision below a pending one is where a recovery goes', () => {
  const history = readHelmHistory(recorded('07-helm-history-pending-upgrade.json'));
  const last = history.at(-1);
  expect(last?.status).toBe('pending-upgrade');
  const good = lastGoodRevision(history, last?.revision);
  expect(good?.status).toMatch(/^(deployed|superseded)$/);
  expect(good?.revision).toBeLessThan(last?.revision ?? 0);
  expect(history.map((r) => r.revision)).toEqual([...history.map((r) => r.revision)].sort((a, b) => a - b));
});

test.each([
  [
    '07-helm-upgrade-while-pending.err',
    'in-progress',
    'UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress',
  ],
  [
    '08-helm4-rollback-on-failure-timeout.err',
    'not-ready',
    'UPGRADE FAILED: release web failed, and has been rolled back due to rollback-on-failure being set: resource Deployment/apps/web not ready. status: InProgress, message: Updated: 1/2 context deadline exceeded',
  ],
  [
    '08-helm4-progress-deadline.err',
    'not-ready',
    'UPGRADE FAILED: release web failed, and has been rolled back due to rollback-on-failure being set: resource Deployment/apps/web not ready. status: Failed, message: Progress deadline exceeded',
  ],
  [
    '08-helm3-atomic-timeout.err',
    'not-ready',
    'UPGRADE FAILED: release web failed, and has been rolled back due to atomic being set: context deadline exceeded',
  ],
  [
    '09-helm4-ssa-conflict.err',
    'conflict',
    'UPGRADE FAILED: conflict occurred while applying object fx/app apps/v1, Kind=Deployment: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas',
  ],
])('helm’s error %s is %s', (file, kind, message) => {
  const failure = readHelmError(recorded(file));
  expect([failure.kind, failure.message]).toEqual([kind, message]);
});

test('a field-manager conflict names who changed what', () => {
  expect(readHelmError(recorded('09-helm4-ssa-conflict.err'))).toMatchObject({
    manager: 'kubectl',
    field: '.spec.replicas',
  });
});

test('secrets: a release record as kubectl lists it: name, type, labels, annotations and data', () => {
  const [secret] = readSecrets(json('10-manifests-records.json'));
  expect(secret).toMatchObject({
    name: 'berth-manifests.shop-test.v1',
    type: 'berth.dev/manifests',
    labels: {
      'app.kubernetes.io/managed-by': 'berth',
      'berth.dev/release': 'shop-test',
      'berth.dev/revision': '1',
      'berth.dev/status': 'deployed',
    },
    annotations: { 'berth.dev/image': expect.stringMatching(/\/berth-k8s\/shop@sha256:[0-9a-f]{64}$/) },
  });
  expect(Object.keys(secret?.data ?? {})).toEqual(['manifests.json.gz']);
  expect(() => readSecrets({ kind: 'Pod' })).toThrow('expected a Secret or a List of them');
});

test.each([
  [
    '10-manifests-get-f.json',
    [
      ['v1', 'ConfigMap', 'shop-config'],
      ['apps/v1', 'Deployment', 'shop'],
    ],
  ],
  ['10-manifests-get-f-one.json', [['v1', 'Service', 'shop']]],
])('kubectl get -f: which objects exist (%s)', (file, want) => {
  expect(readObjectIds(recorded(file)).map((o) => [o.apiVersion, o.kind, o.name])).toEqual(want);
  expect(new Set(readObjectIds(recorded(file)).map((o) => o.namespace)).size).toBe(1);
});

test('kubectl get -f found nothing: it prints nothing', () => {
  expect(readObjectIds('')).toEqual([]);
});
