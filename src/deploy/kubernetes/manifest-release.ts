/**
 * Strategy kubernetes with plain manifests (`manifests`, for a team without Helm). Deploy: the set read,
 * placed in the namespace and pinned to the deployed digest → kept as release record N (pending) → applied
 * server-side as field manager `berth` → berth's watch of every Deployment of the set → the new pods'
 * digests checked → record N deployed, the one before superseded, objects the set no longer has deleted.
 * On any failure: the evidence, then the set that was live re-applied (its own record, not `kubectl rollout
 * undo`, so the live objects are the manifests again) and watched, what the refused set added removed, N
 * marked failed; a refused first deploy is deleted (objects that existed before it are left). Rollback:
 * a kept set re-applied the same way, as a new record. Loaded only with `manifests`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repositoryOfRef } from '../../docker/reference.js';
import { ConfigurationError } from '../../errors.js';
import { lastLines, type Exec, type ExecResult } from '../../exec.js';
import {
  kubectlApplyArgs,
  kubectlCreateArgs,
  kubectlDeleteFileArgs,
  kubectlDeleteSecretsArgs,
  kubectlGetArgs,
  kubectlGetFileArgs,
  kubectlLabelSecretArgs,
  kubectlRecordsArgs,
  type ClusterAccess,
} from '../../kubernetes/argv.js';
import { readDeployment, readObjectIds, readPods, readSecrets } from '../../kubernetes/objects.js';
import type { Runtime } from '../../runtime/runtime.js';
import type {
  DeployAction,
  KubernetesDeployReport,
  KubernetesFailure,
  KubernetesRefusal,
  TimelineStep,
} from '../model.js';
import type { DeployDeps, StepFn } from '../strategy.js';
import {
  decodeRecord,
  deploymentImages,
  deploymentsOf,
  describeObject,
  encodeRecord,
  liveRecord,
  manifestList,
  nextRevision,
  objectKey,
  objectsNotIn,
  parseManifests,
  pinImages,
  placeInNamespace,
  readManifestDir,
  readRecords,
  recordName,
  recordsToPrune,
  rollbackRecord,
  secretValues,
  unavailabilityNotes,
  unwatchedWorkloads,
  type ManifestList,
  type RecordStatus,
  type ReleaseRecord,
} from './manifests.js';
import { newPods } from './rollout.js';
import type { KubernetesSettings } from './settings.js';
import { describeFailure, watchRollout, type WatchOutcome } from './watch.js';

/** What the Helm flow's session has and this one needs (no helm). */
export interface ManifestSession {
  settings: KubernetesSettings;
  runtime: Runtime;
  exec: Exec;
  kubectl: string;
  access: ClusterAccess;
  step: StepFn;
  deps: DeployDeps;
}

export interface ManifestRunOptions {
  /** The run's private 0700 directory (the kubeconfig's): the Lists berth applies are written there, 0600. */
  dir: string;
  started: number;
  steps: TimelineStep[];
  /** The error a refused rollout throws (the Helm flow's: its caller writes the refusal's summary). */
  refused: (message: string, refusal: Omit<KubernetesRefusal, 'timeline'>) => Error;
}

type Json = Record<string, unknown>;

/** The set going live: a deploy's manifests, or the kept set a rollback returns to. */
interface Next {
  list: ManifestList;
  image: string;
  rollbackTo?: number;
  rolledBackFrom?: number;
}

interface Run {
  s: ManifestSession;
  o: ManifestRunOptions;
  revision: number;
  next: Next;
  /** The set that was live (what a refusal re-applies); undefined for a first deploy. */
  fallback: ReleaseRecord | undefined;
  /** The keys of the next set's objects that existed before it was applied: never deleted by berth. */
  existedBefore: Set<string>;
  notes: string[];
}

async function kubectl(
  s: ManifestSession,
  argv: string[],
  options: { stdin?: string; quiet?: boolean; timeoutMs?: number } = {},
): Promise<ExecResult> {
  return s.exec([s.kubectl, ...argv], { quiet: options.quiet ?? true, timeoutMs: 60_000, ...options });
}

async function kubectlJson(s: ManifestSession, argv: string[]): Promise<unknown> {
  const r = await kubectl(s, argv);
  if (r.code !== 0) throw new Error(`kubectl ${argv.slice(0, 3).join(' ')}: ${lastLines(r.stderr, 2)}`);
  return JSON.parse(r.stdout) as unknown;
}

const why = (r: ExecResult): string => lastLines(r.stderr.trim() || r.stdout.trim(), 3);

/** The deploy's set: read, placed in the namespace, pinned to the digest deployed. */
async function readSet(s: ManifestSession): Promise<{ list: ManifestList; pinned: string[] }> {
  const { settings, runtime } = s;
  const files = await readManifestDir(settings.manifests, runtime.workspace);
  const placed = placeInNamespace(parseManifests(files), settings.namespace);
  if (placed.length === 0)
    throw new ConfigurationError(`manifests: ${files.map((f) => f.name).join(', ')} hold no object`, {
      key: 'manifests',
      kind: 'invalid',
    });
  const { objects, pinned } = pinImages(placed, settings.image);
  runtime.info(
    `manifests: ${files.length} file(s), ${objects.length} object(s); the deployed digest in ${pinned.join('; ')}`,
  );
  return { list: manifestList(objects), pinned };
}

/** The release's records; a `pending` one a cancelled run left is marked failed first, and said. */
async function loadRecords(s: ManifestSession): Promise<{ records: ReleaseRecord[]; recovered: string }> {
  const secrets = readSecrets(await kubectlJson(s, kubectlRecordsArgs(s.access, s.settings.release)));
  const records = readRecords(secrets, s.settings.release);
  const pending = records.filter((r) => r.status === 'pending');
  for (const r of pending) {
    await relabel(s, r.name, 'failed');
    r.status = 'failed';
  }
  const recovered =
    pending.length === 0
      ? ''
      : `release ${s.settings.release}: revision ${pending.map((r) => r.revision).join(', ')} was left pending by a run that did not finish (cancelled?): marked failed; this ${s.settings.action} applies a whole set again`;
  if (recovered) s.runtime.warning(recovered);
  return { records, recovered };
}

async function relabel(s: ManifestSession, name: string, status: RecordStatus): Promise<void> {
  const r = await kubectl(s, kubectlLabelSecretArgs(s.access, name, { 'berth.dev/status': status }));
  if (r.code !== 0) throw new Error(`release record ${name}: marking it ${status} failed: ${why(r)}`);
}

/** Masks what the sets' Secrets hold before kubectl says anything about them. */
function mask(runtime: Runtime, lists: ReadonlyArray<ManifestList | undefined>): void {
  for (const list of lists)
    for (const value of secretValues(list?.items ?? []))
      for (const line of value.split('\n')) if (line.trim().length >= 6) runtime.setSecret(line);
}

async function writeList(dir: string, name: string, items: readonly Json[]): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }), { mode: 0o600 });
  return file;
}

export async function runManifestRelease(
  s: ManifestSession,
  o: ManifestRunOptions,
): Promise<KubernetesDeployReport> {
  const { settings, runtime, step } = s;
  runtime.info(`manifests release ${settings.release} in namespace ${settings.namespace}`);
  const set = settings.action === 'deploy' ? await step('read manifests', () => readSet(s)) : undefined;
  const { records, recovered } = await step('release records', () => loadRecords(s));
  let next: Next;
  let fallback: ReleaseRecord | undefined;
  if (set) {
    fallback = liveRecord(records);
    next = { list: set.list, image: settings.image };
  } else {
    const { live, target } = rollbackRecord(records, settings.release, settings.revision);
    fallback = live;
    next = {
      list: decodeRecord(target),
      image: target.image,
      rollbackTo: target.revision,
      rolledBackFrom: live.revision,
    };
    runtime.info(`release ${settings.release}: rolling back to revision ${target.revision}`);
  }
  const fallbackList = fallback ? decodeRecord(fallback) : undefined;
  mask(runtime, [next.list, fallbackList]);
  const notes = unavailabilityNotes(next.list.items);
  for (const note of notes) runtime.warning(note);
  const unwatched = unwatchedWorkloads(next.list.items);
  if (unwatched.length > 0)
    runtime.info(`applied but not watched (berth watches Deployments): ${unwatched.join(', ')}`);

  const revision = nextRevision(records);
  const file = await writeList(o.dir, `manifests.v${revision}.json`, next.list.items);
  const existedBefore = await step('objects before', () => existing(s, file));
  const run: Run = { s, o, revision, next, fallback, existedBefore, notes };
  await step('release record', () => createRecord(run, records));

  const applied = await step('kubectl apply', () =>
    kubectl(s, kubectlApplyArgs(s.access, file), { quiet: false, timeoutMs: 180_000 }),
  );
  if (applied.code !== 0) await refuse(run, `kubectl apply: ${why(applied)}`, [], '');
  const deployments = deploymentsOf(next.list.items);
  if (deployments.length === 0)
    runtime.warning(`the manifests of release ${settings.release} have no Deployment: nothing to watch`);
  const outcome = await step('rollout', () => watchSet(s, deployments, ''));
  if (outcome.state !== 'ready') await refuse(run, outcome.why, outcome.failures, outcome.progress);
  const images = await step('image digests', () => checkImages(run, deployments));

  await step('release record deployed', () => settle(run, fallbackList));
  const ours = (list: readonly string[], image: string): string =>
    list.find((i) => image !== '' && repositoryOfRef(i) === repositoryOfRef(image)) ?? list[0] ?? '';
  const imageRef = next.image || images[0] || '';
  return {
    action: settings.action,
    app: settings.app,
    environment: settings.environment,
    host: '',
    namespace: settings.namespace,
    release: settings.release,
    revision,
    previousRevision: fallback?.revision,
    imageRef,
    previousImageRef: fallback?.image || ours(deploymentImages(fallbackList?.items ?? []), imageRef),
    url: '',
    recovered,
    progress: outcome.progress,
    manifests: { objects: next.list.items.map(describeObject), notes },
    durationMs: Date.now() - o.started,
    timeline: o.steps,
  };
}

/** Which of the set's objects exist before it is applied (kubectl says so for the whole file at once). */
async function existing(s: ManifestSession, file: string): Promise<Set<string>> {
  const r = await kubectl(s, kubectlGetFileArgs(s.access, file));
  if (r.code !== 0)
    throw new Error(`kubectl get -f (which of the manifests' objects exist already): ${why(r)}`);
  return new Set(readObjectIds(r.stdout).map(objectKey));
}

/** Record N, pending, created (never replaced: a record already there means another deploy ran); older ones pruned. */
async function createRecord(run: Run, records: readonly ReleaseRecord[]): Promise<void> {
  const { s, revision, next } = run;
  const { settings } = s;
  const secret = encodeRecord({
    release: settings.release,
    namespace: settings.namespace,
    revision,
    status: 'pending',
    image: next.image,
    commit: s.runtime.getContext('sha').slice(0, 12),
    list: next.list,
    ...(next.rollbackTo !== undefined ? { rollbackTo: next.rollbackTo } : {}),
    ...(next.rolledBackFrom !== undefined ? { rolledBackFrom: next.rolledBackFrom } : {}),
  });
  const r = await kubectl(s, kubectlCreateArgs(s.access), { stdin: JSON.stringify(secret) });
  if (r.code !== 0) {
    if (/AlreadyExists|already exists/.test(r.stderr))
      throw new Error(
        `release ${settings.release}: record ${recordName(settings.release, revision)} appeared meanwhile: another deploy of this release is running; run one at a time`,
      );
    throw new Error(`release record ${recordName(settings.release, revision)}: ${why(r)}`);
  }
  const prune = recordsToPrune([
    ...records,
    {
      name: recordName(settings.release, revision),
      revision,
      status: 'pending',
      image: next.image,
      data: '',
    },
  ]);
  if (prune.length > 0) {
    const d = await kubectl(s, kubectlDeleteSecretsArgs(s.access, prune));
    if (d.code !== 0)
      s.runtime.warning(`old release records ${prune.join(', ')} were not deleted: ${why(d)}`);
  }
}

type SetOutcome =
  | { state: 'ready'; progress: string }
  | { state: 'failed'; why: string; failures: KubernetesFailure[]; progress: string };

/** Every Deployment watched in turn, within one health-timeout, each by its own selector. */
async function watchSet(
  s: ManifestSession,
  deployments: readonly string[],
  label: string,
): Promise<SetOutcome> {
  const { settings } = s;
  const deadline = Date.now() + settings.timeoutSeconds * 1000;
  const progress: string[] = [];
  for (const deployment of deployments) {
    const outcome: WatchOutcome = await watchRollout(s.exec, {
      kubectl: s.kubectl,
      access: s.access,
      release: settings.release,
      deployment,
      timeoutMs: Math.max(1000, deadline - Date.now()),
      ...(s.deps.sleep ? { sleep: s.deps.sleep } : {}),
      progress: (line) => s.runtime.info(`${deployment}${label}: ${line}`),
    });
    if (outcome.state === 'ready') {
      progress.push(deployments.length > 1 ? `${deployment}: ${outcome.progress}` : outcome.progress);
      continue;
    }
    if (outcome.state === 'timeout')
      return {
        state: 'failed',
        why: `${deployment}: the new pods were not all ready after ${settings.timeoutSeconds} s (health-timeout): ${outcome.progress}`,
        failures: [],
        progress: outcome.progress,
      };
    return {
      state: 'failed',
      why: describeFailure(outcome),
      failures: outcome.failures.map((f) => ({
        pod: f.pod,
        container: f.container,
        reason: f.reason,
        message: f.message,
        ...(f.exitCode !== undefined ? { exitCode: f.exitCode } : {}),
        lastLines: f.lastLines,
        events: f.events,
      })),
      progress: outcome.progress,
    };
  }
  return { state: 'ready', progress: progress.join('; ') || 'no Deployment' };
}

/** The new pods of each Deployment that runs the image run its digest (a tag moved, a mutating webhook). */
async function checkImages(run: Run, deployments: readonly string[]): Promise<string[]> {
  const { s, next } = run;
  const { settings } = s;
  const image = next.image;
  const seen: string[] = [];
  let ours = 0;
  for (const name of deployments) {
    const d = readDeployment(
      await kubectlJson(s, kubectlGetArgs(s.access, 'deployment', settings.release, name)),
    );
    const pods = readPods(
      await kubectlJson(s, kubectlGetArgs(s.access, 'pods', settings.release, name, d.matchLabels)),
    );
    for (const pod of newPods(d, pods)) {
      for (const c of pod.containers) {
        seen.push(c.image);
        if (image === '' || repositoryOfRef(c.image) !== repositoryOfRef(image)) continue;
        ours++;
        const digest = image.slice(image.indexOf('@') + 1);
        if (!c.imageID.endsWith(digest))
          await refuse(
            run,
            `pod ${pod.name} (${c.name}) runs ${c.imageID || 'no image yet'}, not the digest deployed (${digest})`,
            [],
            '',
          );
      }
    }
  }
  const expected = deploymentImages(next.list.items).some(
    (i) => image !== '' && repositoryOfRef(i) === repositoryOfRef(image),
  );
  if (expected && ours === 0)
    await refuse(
      run,
      `no pod of release ${settings.release} runs ${repositoryOfRef(image)} (they run ${[...new Set(seen)].join(', ') || 'nothing'})`,
      [],
      '',
    );
  return [...new Set(seen)];
}

/** Record N deployed, the one live before superseded, and the objects the new set no longer has deleted. */
async function settle(run: Run, fallbackList: ManifestList | undefined): Promise<void> {
  const { s, revision, next, fallback } = run;
  await relabel(s, recordName(s.settings.release, revision), 'deployed');
  if (fallback) {
    await relabel(s, fallback.name, 'superseded').catch((e: unknown) =>
      s.runtime.warning(e instanceof Error ? e.message : String(e)),
    );
  }
  const gone = objectsNotIn(fallbackList?.items ?? [], next.list.items);
  if (gone.length > 0) {
    const said = await remove(run, gone, 'leftovers');
    s.runtime.info(said);
  }
}

/** Deletes objects (waiting until they are gone) and says what it did. */
async function remove(run: Run, objects: readonly Json[], name: string): Promise<string> {
  const { s, o } = run;
  const file = await writeList(o.dir, `${name}.v${run.revision}.json`, objects);
  const r = await kubectl(s, kubectlDeleteFileArgs(s.access, file, s.settings.timeoutSeconds), {
    quiet: false,
    timeoutMs: (s.settings.timeoutSeconds + 60) * 1000,
  });
  const names = objects.map(describeObject).join(', ');
  return r.code === 0 ? `deleted ${names}` : `deleting ${names} failed: ${why(r)}`;
}

/** Puts the set that was live back (or deletes a refused first deploy), marks N failed, and refuses. */
async function refuse(
  run: Run,
  reason: string,
  failures: KubernetesFailure[],
  progress: string,
): Promise<never> {
  const { s, o, revision, next, fallback, existedBefore, notes } = run;
  const { settings } = s;
  let undone: string;
  if (fallback) {
    undone = await restore(run, fallback);
  } else {
    const added = objectsNotIn(next.list.items, [], existedBefore);
    const kept = next.list.items.length - added.length;
    const removed = added.length === 0 ? 'nothing to delete' : await remove(run, added, 'refused');
    undone = `${removed.startsWith('deleted') ? 'the first deploy was removed (nothing was live before)' : `the first deploy could not be removed: ${removed}`}; its evidence is above${kept > 0 ? `; ${kept} object(s) that existed before it were left as it applied them` : ''}`;
  }
  await relabel(s, recordName(settings.release, revision), 'failed').catch((e: unknown) =>
    s.runtime.warning(e instanceof Error ? e.message : String(e)),
  );
  s.runtime.info(undone);
  const refusal: Omit<KubernetesRefusal, 'timeline'> = {
    action: settings.action as DeployAction,
    app: settings.app,
    environment: settings.environment,
    namespace: settings.namespace,
    release: settings.release,
    failedRevision: revision,
    imageRef: next.image,
    why: reason,
    failures,
    undone,
    progress,
    manifests: { notes },
  };
  throw o.refused(`${settings.action} of release ${settings.release} refused: ${reason}\n${undone}`, refusal);
}

/** The live set's own manifests applied again and watched; what the refused set added deleted. */
async function restore(run: Run, fallback: ReleaseRecord): Promise<string> {
  const { s, o, next, existedBefore, notes } = run;
  const list = decodeRecord(fallback);
  const file = await writeList(o.dir, `manifests.v${fallback.revision}.json`, list.items);
  const applied = await kubectl(s, kubectlApplyArgs(s.access, file), { quiet: false, timeoutMs: 180_000 });
  if (applied.code !== 0)
    return `re-applying revision ${fallback.revision} (the set that was live) failed: ${why(applied)}; check the release`;
  const outcome = await watchSet(s, deploymentsOf(list.items), ' (rolling back)');
  if (outcome.state !== 'ready')
    return `re-applied revision ${fallback.revision} (the set that was live), but it is not ready: ${outcome.why}`;
  const added = objectsNotIn(next.list.items, list.items, existedBefore);
  const removed =
    added.length === 0 ? '' : `; ${await remove(run, added, 'added')} (the refused set added them)`;
  const pods =
    notes.length === 0
      ? 'its old pods never stopped (maxUnavailable 0)'
      : `some old pods may have stopped meanwhile: ${notes.join('; ')}`;
  return `re-applied revision ${fallback.revision}'s manifests (the set that was live): the previous version is serving; ${pods}${removed}`;
}
