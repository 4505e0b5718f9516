/**
 * The plain-manifests flow on a fake kubectl that keeps the release's records and answers the watch with
 * recordings of a real cluster: a deploy (a pending record a cancelled run left marked failed, the set
 * the new one drops deleted), an apply the API server refuses (the live set re-applied, the new record
 * failed), a crash-looping first deploy (deleted, but not what existed before it), and a rollback.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from '@jest/globals';
import { runManifestRelease } from '../../../src/deploy/kubernetes/manifest-release.js';
import { encodeRecord, manifestList, type ManifestList } from '../../../src/deploy/kubernetes/manifests.js';
import { resolveKubernetesSettings } from '../../../src/deploy/kubernetes/settings.js';
import type { KubernetesRefusal } from '../../../src/deploy/model.js';
import type { Exec, ExecResult } from '../../../src/exec.js';
import type { InputName } from '../../../src/inputs.js';
import { ROOT } from '../../helpers/run-dist.js';
import { fakeRuntime } from '../../helpers/static-runtime.js';

const DIGEST = 'sha256:4a63ce0be7121cdfd4612d7c6c3c9091eb87e6097820ebd7b86874b24a9a3ec5';
/** The image the recorded healthy pods run. */
const IMAGE = `127.0.0.1:5000/berth/app@${DIGEST}`;
const OLD = `127.0.0.1:5000/berth/app@sha256:${'0'.repeat(64)}`;
const NS = 'fx';

const recorded = (name: string): string =>
  readFileSync(path.join(ROOT, '__tests__', 'fixtures', 'kubernetes', name), 'utf8');
const ok = (stdout = ''): ExecResult => ({ code: 0, stdout, stderr: '' });

const root = mkdtempSync(path.join(tmpdir(), 'berth-manifest-release-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const workspace = path.join(root, 'ws');
mkdirSync(path.join(workspace, 'k8s'), { recursive: true });
writeFileSync(
  path.join(workspace, 'k8s', 'app.yaml'),
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  replicas: 2
  selector: {matchLabels: {app: app}}
  strategy: {rollingUpdate: {maxUnavailable: 0}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers:
        - {name: app, image: "127.0.0.1:5000/berth/app:latest"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data: {A: "1"}
`,
);

const object = (kind: string, name: string, more: Record<string, unknown> = {}) => ({
  apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
  kind,
  metadata: { name, namespace: NS },
  ...more,
});

/** A set as an earlier deploy kept it: the app's Deployment on `image`, and `extra` objects. */
const keptSet = (image: string, ...extra: Array<ReturnType<typeof object>>): ManifestList =>
  manifestList(
    [
      object('Deployment', 'app', {
        spec: { template: { spec: { containers: [{ name: 'app', image }] } } },
      }),
      ...extra,
    ].map((o) => ({ source: 'x', object: o })),
  );

interface Cluster {
  secrets: Map<string, Record<string, unknown>>;
  /** Each command, as `verb what` plus the names that matter. */
  calls: string[];
  /** Each applied List's objects, `Kind name`. */
  applied: string[][];
  deleted: string[][];
  /** The Lists' files (mode checked). */
  files: string[];
  existing: Array<ReturnType<typeof object>>;
  applyFails: number[];
  /** Watch looks answered with the crash loop until this many applies. */
  crashUntilApply: number;
}

let cluster: Cluster;
beforeEach(() => {
  cluster = {
    secrets: new Map(),
    calls: [],
    applied: [],
    deleted: [],
    files: [],
    existing: [],
    applyFails: [],
    crashUntilApply: 0,
  };
});

const names = (file: string): string[] =>
  (JSON.parse(readFileSync(file, 'utf8')) as ManifestList).items.map(
    (o) => `${String(o.kind)} ${String((o.metadata as { name: string }).name)}`,
  );

const fileOf = (argv: readonly string[]): string => argv[argv.indexOf('-f') + 1] as string;

const kubectl: Exec = async (argv, options) => {
  const [, verb, what] = argv;
  cluster.calls.push(`${verb} ${what}${verb === 'label' ? ` ${argv[3]} ${argv[4]}` : ''}`);
  const crashing = cluster.applied.length <= cluster.crashUntilApply && cluster.crashUntilApply > 0;
  if (verb === 'get' && what === 'secrets')
    return ok(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...cluster.secrets.values()] }));
  if (verb === 'get' && what === '-f') {
    const wanted = new Set(names(fileOf(argv)));
    const found = cluster.existing.filter((o) => wanted.has(`${o.kind} ${o.metadata.name}`));
    return ok(found.length === 0 ? '' : JSON.stringify({ apiVersion: 'v1', kind: 'List', items: found }));
  }
  if (verb === 'create') {
    const secret = JSON.parse(options?.stdin ?? '{}') as { metadata: { name: string } };
    if (cluster.secrets.has(secret.metadata.name))
      return { code: 1, stdout: '', stderr: 'Error from server (AlreadyExists): secrets exists' };
    cluster.secrets.set(secret.metadata.name, secret);
    return ok(`secret/${secret.metadata.name}`);
  }
  if (verb === 'label') {
    const secret = cluster.secrets.get(argv[3] as string) as { metadata: { labels: Record<string, string> } };
    const [key, value] = String(argv[4]).split('=') as [string, string];
    secret.metadata.labels[key] = value;
    return ok();
  }
  if (verb === 'apply') {
    const file = fileOf(argv);
    cluster.files.push(file);
    cluster.applied.push(names(file));
    if (cluster.applyFails.includes(cluster.applied.length))
      return {
        code: 1,
        stdout: '',
        stderr: 'Error from server (Invalid): Deployment.apps "app" is invalid: spec.template: bad',
      };
    return ok();
  }
  if (verb === 'delete' && what === '-f') {
    cluster.files.push(fileOf(argv));
    cluster.deleted.push(names(fileOf(argv)));
    return ok();
  }
  if (verb === 'delete' && what === 'secret') {
    for (const n of argv.slice(3)) cluster.secrets.delete(n);
    return ok();
  }
  if (verb === 'logs') return ok(recorded('02-crashloop-pod-previous.log'));
  if (verb === 'get' && what === 'deployment')
    return ok(recorded(crashing ? '02-crashloop-deployment.json' : '01-healthy-deployment.json'));
  if (verb === 'get' && what === 'pods')
    return ok(recorded(crashing ? '02-crashloop-pods.json' : '01-healthy-pods.json'));
  if (verb === 'get' && what === 'events') return ok(recorded('02-crashloop-events.json'));
  throw new Error(`the fake kubectl has no answer for ${argv.join(' ')}`);
};

function keep(revision: number, status: string, list: ManifestList, more: { rollbackTo?: number } = {}) {
  const secret = encodeRecord({
    release: 'app',
    namespace: NS,
    revision,
    status: status as 'deployed',
    image: (JSON.stringify(list).match(/127\.0\.0\.1:5000\/berth\/app@sha256:[0-9a-f]{64}/) ?? [''])[0],
    commit: '',
    list,
    ...more,
  });
  cluster.secrets.set(String((secret.metadata as { name: string }).name), secret);
}

const status = (): string[] =>
  [...cluster.secrets.values()]
    .map((s) => (s.metadata as { labels: Record<string, string> }).labels)
    .map((l) => `${l['berth.dev/revision']} ${l['berth.dev/status']}`)
    .sort();

async function run(values: Partial<Record<InputName, string>>, action: 'deploy' | 'rollback' = 'deploy') {
  const all = {
    command: action,
    strategy: 'kubernetes',
    app: 'app',
    environment: 'fx',
    release: 'app',
    namespace: NS,
    manifests: 'k8s',
    image: action === 'deploy' ? IMAGE : '',
    'health-timeout': '30',
    ...values,
  } as Partial<Record<InputName, string>>;
  const { runtime, inputs, logs } = fakeRuntime(all, workspace);
  const settings = resolveKubernetesSettings(action, inputs, workspace, {});
  const dir = mkdtempSync(path.join(root, 'berth-kube-'));
  const steps: Array<{ name: string; ms: number }> = [];
  let refusal: Omit<KubernetesRefusal, 'timeline'> | undefined;
  const promise = runManifestRelease(
    {
      settings,
      runtime,
      exec: kubectl,
      kubectl: 'kubectl',
      access: { kubeconfig: '', namespace: NS },
      step: async (name, fn) => {
        steps.push({ name, ms: 0 });
        return fn();
      },
      deps: { sleep: async () => undefined },
    },
    {
      dir,
      started: Date.now(),
      steps,
      refused: (message, r) => {
        refusal = r;
        return new Error(message);
      },
    },
  );
  return { promise, logs, steps, refusal: () => refusal };
}

describe('deploy', () => {
  test('a pending record is marked failed; record 3 goes live, 1 is superseded, what the new set drops is deleted', async () => {
    keep(1, 'deployed', keptSet(OLD, object('ConfigMap', 'app-config'), object('ConfigMap', 'old')));
    keep(2, 'pending', keptSet(OLD));
    const { promise, logs, steps } = await run({});
    const report = await promise;
    expect(report).toMatchObject({
      revision: 3,
      previousRevision: 1,
      imageRef: IMAGE,
      previousImageRef: OLD,
      url: '',
      manifests: { objects: ['Deployment app', 'ConfigMap app-config'], notes: [] },
    });
    expect(report.recovered).toContain('revision 2 was left pending by a run that did not finish');
    expect(status()).toEqual(['1 superseded', '2 failed', '3 deployed']);
    expect(cluster.applied).toEqual([['Deployment app', 'ConfigMap app-config']]);
    expect(cluster.deleted).toEqual([['ConfigMap old']]);
    expect(steps.map((s) => s.name)).toEqual([
      'read manifests',
      'release records',
      'objects before',
      'release record',
      'kubectl apply',
      'rollout',
      'image digests',
      'release record deployed',
    ]);
    // The applied List is the digest, not the tag the manifests name; every file berth wrote is 0600.
    expect(readFileSync(cluster.files[0] as string, 'utf8')).toContain(`"image":"${IMAGE}"`);
    for (const f of cluster.files) expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(logs.join('\n')).toContain('container app: 127.0.0.1:5000/berth/app:latest');
  });

  test('an apply the API server refuses: the live set re-applied and watched, the new record failed', async () => {
    keep(1, 'deployed', keptSet(OLD, object('ConfigMap', 'app-config')));
    cluster.applyFails = [1];
    const { promise, refusal } = await run({});
    await expect(promise).rejects.toThrow(
      /deploy of release app refused: kubectl apply: Error from server \(Invalid\)[^\n]*\nre-applied revision 1's manifests \(the set that was live\): the previous version is serving; its old pods never stopped/,
    );
    expect(cluster.applied).toEqual([
      ['Deployment app', 'ConfigMap app-config'],
      ['Deployment app', 'ConfigMap app-config'],
    ]);
    expect(readFileSync(cluster.files[1] as string, 'utf8')).toContain(OLD);
    expect(status()).toEqual(['1 deployed', '2 failed']);
    expect(refusal()).toMatchObject({ failedRevision: 2, imageRef: IMAGE, manifests: { notes: [] } });
  });

  test('a crash-looping first deploy: the evidence, then its objects deleted but for one that existed before', async () => {
    cluster.crashUntilApply = 1;
    cluster.existing = [object('ConfigMap', 'app-config')];
    const { promise, refusal } = await run({});
    await expect(promise).rejects.toThrow(/CrashLoopBackOff/);
    expect(refusal()?.failures[0]).toMatchObject({ reason: 'CrashLoopBackOff', exitCode: 3 });
    expect(refusal()?.undone).toBe(
      'the first deploy was removed (nothing was live before); its evidence is above; 1 object(s) that existed before it were left as it applied them',
    );
    expect(cluster.deleted).toEqual([['Deployment app']]);
    expect(status()).toEqual(['1 failed']);
  });

  test('a Deployment that allows unavailability is said aloud, in the log and the refusal', async () => {
    keep(1, 'deployed', keptSet(OLD));
    cluster.crashUntilApply = 1;
    const file = path.join(workspace, 'k8s', 'app.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('maxUnavailable: 0', 'maxUnavailable: 1'));
    try {
      const { promise, logs, refusal } = await run({});
      await expect(promise).rejects.toThrow(
        /some old pods may have stopped meanwhile: Deployment app lets 1 of its 2 pods/,
      );
      expect(logs.filter((l) => l.startsWith('warning: Deployment app lets 1'))).toHaveLength(1);
      expect(refusal()?.manifests?.notes).toHaveLength(1);
    } finally {
      writeFileSync(file, text);
    }
  });
});

describe('rollback', () => {
  test('the set before the live one, as a new record; the live one superseded', async () => {
    keep(1, 'superseded', keptSet(IMAGE, object('ConfigMap', 'v1-only')));
    keep(2, 'deployed', keptSet(OLD));
    const { promise, logs } = await run({}, 'rollback');
    const report = await promise;
    expect(report).toMatchObject({
      revision: 3,
      previousRevision: 2,
      imageRef: IMAGE,
      previousImageRef: OLD,
    });
    expect(logs).toContain('release app: rolling back to revision 1');
    expect(cluster.applied).toEqual([['Deployment app', 'ConfigMap v1-only']]);
    expect(status()).toEqual(['1 superseded', '2 superseded', '3 deployed']);
    const record = cluster.secrets.get('berth-manifests.app.v3') as {
      metadata: { annotations: Record<string, string> };
    };
    expect(record.metadata.annotations).toMatchObject({
      'berth.dev/rollback-to': '1',
      'berth.dev/rolled-back-from': '2',
    });
  });

  test('no live set: a ConfigurationError naming release, before anything is applied', async () => {
    keep(1, 'failed', keptSet(OLD));
    const { promise } = await run({}, 'rollback');
    await expect(promise).rejects.toThrow('rollback: release app has no live set to roll back from');
    expect(cluster.applied).toEqual([]);
  });
});
