/**
 * Plain manifests (strategy `kubernetes` with `manifests`): a directory of YAML read and parsed as
 * kubectl reads it (YAML 1.1: `0644` is octal, `yes` is true; timestamps stay strings), every object
 * checked (apiVersion, kind, metadata.name), placed in the release's namespace (one naming another
 * namespace, or a cluster-scoped kind, is refused: berth deploys one namespace), and the deployed image
 * pinned by digest into every workload container of its repository. The release's records: each set
 * berth applies is kept as a Secret `berth-manifests.<release>.v<N>` (the gzipped List, base64), with
 * its status in a label; which revision comes next, which records go, where a rollback goes. Pure,
 * but for {@link readManifestDir}.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  parseAllDocuments,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
  type Tags,
} from 'yaml';
import {
  parseImageReference,
  repositoryOfRef,
  sameRepository,
  type ImageReference,
} from '../../docker/reference.js';
import { ConfigurationError } from '../../errors.js';
import type { ObjectId, SecretState } from '../../kubernetes/objects.js';
import { substituteImage } from './settings.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Json => (isObject(v) ? v : {});

const invalid = (message: string): ConfigurationError =>
  new ConfigurationError(`manifests: ${message}`, { key: 'manifests', kind: 'invalid' });

export interface ManifestFile {
  /** Relative to the workspace, `/`-separated: what errors name. */
  name: string;
  text: string;
}

/** One object of the set and where it came from (`deploy/app.yaml, document 2`). */
export interface ManifestObject {
  source: string;
  object: Json;
}

/** The List berth applies and keeps: `kubectl apply -f` takes it as it takes a directory. */
export interface ManifestList {
  apiVersion: 'v1';
  kind: 'List';
  items: Json[];
}

const YAML_FILE = /\.ya?ml$/;

/**
 * Every `*.yaml`/`*.yml` under `dir`, recursively, in path order. A symbolic link is followed only to a
 * file inside the workspace; a directory reached twice is read once.
 */
export async function readManifestDir(dir: string, workspace: string): Promise<ManifestFile[]> {
  const rel = (p: string): string => path.relative(workspace, p).split(path.sep).join('/') || '.';
  const root = await realpath(workspace).catch(() => workspace);
  const inside = (p: string): boolean => {
    const r = path.relative(root, p);
    return !r.startsWith('..') && !path.isAbsolute(r);
  };
  const top = await stat(dir).catch(() => undefined);
  if (!top?.isDirectory())
    throw invalid(
      `${rel(dir)} is not a directory of the workspace; expected a directory of *.yaml manifests (e.g. deploy/k8s)`,
    );
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = async (at: string): Promise<void> => {
    const real = await realpath(at);
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await realpath(full).catch(() => '');
        if (target === '' || !inside(target)) {
          if (YAML_FILE.test(entry.name) || isDir)
            throw invalid(`${rel(full)} is a symbolic link to outside the workspace`);
          continue;
        }
        const s = await stat(target);
        isDir = s.isDirectory();
        isFile = s.isFile();
      }
      if (isDir) await walk(full);
      else if (isFile && YAML_FILE.test(entry.name)) found.push(full);
    }
  };
  await walk(dir);
  const names = found.map((f) => ({ file: f, name: rel(f) })).sort((a, b) => (a.name < b.name ? -1 : 1));
  if (names.length === 0) throw invalid(`no *.yaml or *.yml file under ${rel(dir)}`);
  return Promise.all(names.map(async (f) => ({ name: f.name, text: await readFile(f.file, 'utf8') })));
}

/** The kinds that live in no namespace: berth deploys one namespace, so they are refused. */
const CLUSTER_SCOPED = new Set([
  'APIService',
  'CSIDriver',
  'CSINode',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const RECORD_PREFIX = 'berth-manifests.';

/** kubectl reads YAML 1.1 (go-yaml v2): octal `0644`, `yes`/`no`; but a timestamp or `12:30` stays a string. */
const yamlOptions: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  uniqueKeys: true,
  customTags: (tags: Tags): Tags =>
    tags.filter((t) => {
      if (typeof t === 'string') return t !== 'timestamp' && t !== 'intTime' && t !== 'floatTime';
      return t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME';
    }),
};

function checkObject(value: unknown, source: string, hint = ''): Json {
  if (!isObject(value))
    throw invalid(`${source} is not an object (expected apiVersion, kind, metadata)${hint}`);
  if (value.kind === 'List' && Array.isArray(value.items)) return value;
  const { apiVersion, kind } = value;
  const name = obj(value.metadata).name;
  const missing = [
    typeof apiVersion === 'string' && apiVersion !== '' ? '' : 'apiVersion',
    typeof kind === 'string' && kind !== '' ? '' : 'kind',
    typeof name === 'string' && name !== '' ? '' : 'metadata.name',
  ].filter((m) => m !== '');
  if (missing.length > 0)
    throw invalid(
      `${source} has no ${missing.join(', ')}: every object needs apiVersion, kind and metadata.name${hint}`,
    );
  if (String(apiVersion).startsWith('kustomize.config.k8s.io/'))
    throw invalid(
      `${source} is a kustomization: berth applies plain manifests; render them first (kubectl kustomize DIR > deploy/k8s/all.yaml)`,
    );
  return value;
}

/** Every document of every file, each an object (`kind: List` flattened); empty documents skipped. */
export function parseManifests(files: readonly ManifestFile[]): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const file of files) {
    const docs = parseAllDocuments(file.text, yamlOptions);
    if (!Array.isArray(docs)) continue; // an empty file
    docs.forEach((doc, i) => {
      const source = `${file.name}, document ${i + 1}`;
      const helm = file.text.includes('{{') ? ' (it looks like a Helm template: give it as chart)' : '';
      const error = doc.errors[0];
      if (error) {
        const line = error.linePos?.[0]?.line;
        throw invalid(
          `${source} is not valid YAML${line ? ` (line ${line})` : ''}: ${error.message.split('\n')[0] ?? ''}${helm}`,
        );
      }
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: 0 });
      } catch (e) {
        throw invalid(`${source}: ${e instanceof Error ? e.message : String(e)} (YAML aliases are not read)`);
      }
      if (value === null || value === undefined) return;
      const o = checkObject(value, source, helm);
      if (o.kind === 'List' && Array.isArray(o.items)) {
        o.items.forEach((item, j) =>
          out.push({
            source: `${source}, item ${j + 1}`,
            object: checkObject(item, `${source}, item ${j + 1}`, helm),
          }),
        );
        return;
      }
      out.push({ source, object: o });
    });
  }
  return out;
}

const nameOf = (o: Json): string => String(obj(o.metadata).name);
const groupOf = (apiVersion: string): string =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';

/** `Deployment shop`: how logs and errors name an object. */
export const describeObject = (o: Json): string => `${String(o.kind)} ${nameOf(o)}`;

/** An object's identity across versions of its API: group, kind, namespace, name. */
export function objectKey(o: Json | ObjectId): string {
  const id: ObjectId = isIdentity(o)
    ? o
    : {
        apiVersion: String(o.apiVersion),
        kind: String(o.kind),
        namespace: String(obj(o.metadata).namespace ?? ''),
        name: nameOf(o),
      };
  return [groupOf(id.apiVersion), id.kind, id.namespace, id.name].join('|');
}

function isIdentity(o: Json | ObjectId): o is ObjectId {
  return typeof (o as ObjectId).name === 'string' && !('metadata' in o);
}

/**
 * The objects in the release's namespace: one without metadata.namespace gets it; one naming another is
 * refused, as are cluster-scoped kinds, a name given twice, a Deployment whose name is not one, and a
 * Secret named as berth's records.
 */
export function placeInNamespace(objects: readonly ManifestObject[], namespace: string): ManifestObject[] {
  const seen = new Map<string, string>();
  return objects.map(({ source, object }) => {
    const kind = String(object.kind);
    const metadata = obj(object.metadata);
    if (CLUSTER_SCOPED.has(kind))
      throw invalid(
        `${source} (${describeObject(object)}) is cluster-scoped: berth deploys into one namespace (${namespace}); apply cluster-wide objects apart`,
      );
    const given = metadata.namespace;
    if (given !== undefined && given !== null && given !== namespace)
      throw invalid(
        `${source} (${describeObject(object)}) names namespace ${JSON.stringify(given)}: berth deploys into one namespace, ${namespace} (the namespace input); remove metadata.namespace or make it ${namespace}`,
      );
    if (kind === 'Deployment' && (!SUBDOMAIN.test(nameOf(object)) || nameOf(object).length > 253))
      throw invalid(
        `${source}: ${JSON.stringify(nameOf(object))} is not a Deployment name (lowercase letters, digits, "-" and ".")`,
      );
    if (kind === 'Secret' && nameOf(object).startsWith(RECORD_PREFIX))
      throw invalid(`${source}: Secrets named ${RECORD_PREFIX}* are berth's records of the release`);
    const placed: Json = { ...object, metadata: { ...metadata, namespace } };
    const key = objectKey(placed);
    const before = seen.get(key);
    if (before !== undefined)
      throw invalid(`${source} (${describeObject(object)}) is given twice: also in ${before}`);
    seen.set(key, source);
    return { source, object: placed };
  });
}

/** Where a workload keeps its pod template's spec. */
function podSpecOf(o: Json): Json | undefined {
  const spec = obj(o.spec);
  switch (o.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return isObject(obj(spec.template).spec) ? obj(obj(spec.template).spec) : undefined;
    case 'CronJob': {
      const job = obj(obj(spec.jobTemplate).spec);
      return isObject(obj(job.template).spec) ? obj(obj(job.template).spec) : undefined;
    }
    case 'Pod':
      return isObject(o.spec) ? spec : undefined;
    default:
      return undefined;
  }
}

export interface Pinned {
  objects: ManifestObject[];
  /** `Deployment shop, container web: ghcr.io/acme/shop:latest`: what was pinned, from what. */
  pinned: string[];
}

/**
 * The deployed image (`repo@sha256:…`) in every workload container whose image is of its repository
 * (whatever tag or digest the manifests name), and for `${image-ref}` (`${image-repository}`,
 * `${image-digest}`) in an image. Refused when no container runs the repository: the manifests must
 * name it. The objects given are not changed.
 */
export function pinImages(objects: readonly ManifestObject[], image: string): Pinned {
  const deployed: ImageReference = parseImageReference(image, 'image');
  const pinned: string[] = [];
  const out = objects.map(({ source, object }) => {
    const copy = structuredClone(object);
    const pod = podSpecOf(copy);
    for (const field of ['initContainers', 'containers'] as const) {
      const list = pod?.[field];
      if (!Array.isArray(list)) continue;
      for (const c of list) {
        if (!isObject(c) || typeof c.image !== 'string') continue;
        const given = c.image;
        const named = String(substituteImage(given, image));
        let ref: ImageReference;
        try {
          ref = parseImageReference(named, 'image');
        } catch {
          throw invalid(
            `${source} (${describeObject(copy)}): container ${String(c.name)}'s image ${JSON.stringify(given)} is not an image reference (expected e.g. ${repositoryOfRef(image)}:latest, or \${image-ref})`,
          );
        }
        if (sameRepository(ref, deployed)) {
          c.image = image;
          pinned.push(`${describeObject(copy)}, container ${String(c.name)}: ${given}`);
        } else c.image = named;
      }
    }
    return { source, object: copy };
  });
  if (pinned.length === 0)
    throw invalid(
      `no container of the manifests' Deployments, StatefulSets, DaemonSets, Jobs or CronJobs runs ${repositoryOfRef(image)}: name it as a container's image (any tag, e.g. image: ${repositoryOfRef(image)}:latest), or write image: \${image-ref}; berth puts the deployed digest there`,
    );
  return { objects: out, pinned };
}

export const manifestList = (objects: readonly ManifestObject[]): ManifestList => ({
  apiVersion: 'v1',
  kind: 'List',
  items: objects.map((o) => o.object),
});

/** The Deployments of a set, in order: what the watch looks at. */
export const deploymentsOf = (items: readonly Json[]): string[] =>
  items.filter((o) => o.kind === 'Deployment').map(nameOf);

/** The workloads berth applies but does not watch (it watches Deployments). */
export const unwatchedWorkloads = (items: readonly Json[]): string[] =>
  items
    .filter((o) =>
      ['StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod'].includes(String(o.kind)),
    )
    .map(describeObject);

/** The images a set's Deployment containers run: which is the deployed one is the caller's to say. */
export const deploymentImages = (items: readonly Json[]): string[] =>
  items
    .filter((o) => o.kind === 'Deployment')
    .flatMap((o) => (podSpecOf(o)?.containers as unknown[] | undefined) ?? [])
    .map((c) => obj(c).image)
    .filter((i): i is string => typeof i === 'string');

/**
 * The Deployments whose rollout may stop old pods before new ones are ready (the team's choice, said
 * aloud): strategy Recreate, or a maxUnavailable that comes to more than 0 pods (the default is 25%).
 */
export function unavailabilityNotes(items: readonly Json[]): string[] {
  const notes: string[] = [];
  for (const o of items) {
    if (o.kind !== 'Deployment') continue;
    const spec = obj(o.spec);
    const strategy = obj(spec.strategy);
    const name = describeObject(o);
    if (strategy.type === 'Recreate') {
      notes.push(
        `${name} uses strategy Recreate: its old pods stop before the new ones start, so it serves nothing while a rollout or a rollback runs`,
      );
      continue;
    }
    const given = obj(strategy.rollingUpdate).maxUnavailable;
    const value = given === undefined ? '25%' : given;
    const replicas = typeof spec.replicas === 'number' ? spec.replicas : undefined;
    const percent = typeof value === 'string' ? /^([0-9]+)%$/.exec(value)?.[1] : undefined;
    const pods =
      typeof value === 'number'
        ? value
        : percent === undefined
          ? 0
          : replicas === undefined
            ? Number(percent) > 0
              ? Infinity
              : 0
            : Math.floor((Number(percent) * replicas) / 100);
    if (pods <= 0) continue;
    const how = given === undefined ? 'maxUnavailable unset: 25%' : `maxUnavailable: ${String(value)}`;
    notes.push(
      `${name} lets ${pods === Infinity ? `up to ${String(value)} of its pods` : `${pods} of its ${replicas ?? '?'} pods`} be unavailable during a rollout or a rollback (${how}): old pods may stop before new ones are ready; spec.strategy.rollingUpdate.maxUnavailable: 0 keeps them`,
    );
  }
  return notes;
}

/** The values a set's Secrets hold (stringData, and data decoded): masked before anything is logged. */
export function secretValues(items: readonly Json[]): string[] {
  const out: string[] = [];
  for (const o of items) {
    if (o.kind !== 'Secret') continue;
    for (const v of Object.values(obj(o.stringData))) if (typeof v === 'string') out.push(v);
    for (const v of Object.values(obj(o.data)))
      if (typeof v === 'string') out.push(Buffer.from(v, 'base64').toString('utf8'));
  }
  return out.filter((v) => v.trim() !== '');
}

/** The objects of `from` that `to` does not have, and that did not exist before berth applied them. */
export function objectsNotIn(
  from: readonly Json[],
  to: readonly Json[],
  existedBefore: ReadonlySet<string> = new Set(),
): Json[] {
  const keep = new Set(to.map(objectKey));
  return from.filter((o) => !keep.has(objectKey(o)) && !existedBefore.has(objectKey(o)));
}

// --- The release's records -------------------------------------------------------------------------

export type RecordStatus = 'pending' | 'deployed' | 'failed' | 'superseded';
const STATUSES: readonly RecordStatus[] = ['pending', 'deployed', 'failed', 'superseded'];
export const RECORD_TYPE = 'berth.dev/manifests';
const DATA_KEY = 'manifests.json.gz';
/** A Secret holds at most 1 MiB; the rest of the object needs a little. */
const MAX_DATA = 1_000_000;
export const KEEP_RECORDS = 10;

export interface ReleaseRecord {
  name: string;
  revision: number;
  status: RecordStatus;
  /** The image the set deploys (`repo@sha256:…`). */
  image: string;
  /** A rollback's record: the revision whose set it re-applied. */
  rollbackTo?: number;
  /** A rollback's record: the revision that was live when it ran (undone by it). */
  rolledBackFrom?: number;
  /** The gzipped List, base64. */
  data: string;
}

export const recordName = (release: string, revision: number): string =>
  `${RECORD_PREFIX}${release}.v${revision}`;

export interface RecordSpec {
  release: string;
  namespace: string;
  revision: number;
  status: RecordStatus;
  image: string;
  commit: string;
  list: ManifestList;
  rollbackTo?: number;
  rolledBackFrom?: number;
}

/** The Secret that keeps one applied set (immutable data; the status is a label, changed as it goes). */
export function encodeRecord(r: RecordSpec): Json {
  const data = gzipSync(JSON.stringify(r.list)).toString('base64');
  if (data.length > MAX_DATA)
    throw invalid(
      `the manifests come to ${Math.round(data.length / 1024)} KiB gzipped; a release record (a Secret) holds at most ${Math.round(MAX_DATA / 1024)} KiB`,
    );
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: RECORD_TYPE,
    immutable: true,
    metadata: {
      name: recordName(r.release, r.revision),
      namespace: r.namespace,
      labels: {
        'app.kubernetes.io/managed-by': 'berth',
        'berth.dev/release': r.release,
        'berth.dev/revision': String(r.revision),
        'berth.dev/status': r.status,
      },
      annotations: {
        'berth.dev/image': r.image,
        ...(r.commit ? { 'berth.dev/commit': r.commit } : {}),
        ...(r.rollbackTo !== undefined ? { 'berth.dev/rollback-to': String(r.rollbackTo) } : {}),
        ...(r.rolledBackFrom !== undefined ? { 'berth.dev/rolled-back-from': String(r.rolledBackFrom) } : {}),
      },
    },
    data: { [DATA_KEY]: data },
  };
}

const revisionText = (v: string | undefined): number | undefined =>
  v !== undefined && /^[1-9][0-9]{0,8}$/.test(v) ? Number(v) : undefined;

/** The release's records among the Secrets its label finds, oldest first (anything else is skipped). */
export function readRecords(secrets: readonly SecretState[], release: string): ReleaseRecord[] {
  const out: ReleaseRecord[] = [];
  for (const s of secrets) {
    const revision = revisionText(s.labels['berth.dev/revision']);
    const status = s.labels['berth.dev/status'] as RecordStatus;
    if (
      s.type !== RECORD_TYPE ||
      revision === undefined ||
      s.name !== recordName(release, revision) ||
      !STATUSES.includes(status)
    )
      continue;
    const rollbackTo = revisionText(s.annotations['berth.dev/rollback-to']);
    const rolledBackFrom = revisionText(s.annotations['berth.dev/rolled-back-from']);
    out.push({
      name: s.name,
      revision,
      status,
      image: s.annotations['berth.dev/image'] ?? '',
      ...(rollbackTo !== undefined ? { rollbackTo } : {}),
      ...(rolledBackFrom !== undefined ? { rolledBackFrom } : {}),
      data: s.data[DATA_KEY] ?? '',
    });
  }
  return out.sort((a, b) => a.revision - b.revision);
}

/** A record's List, as berth applied it. */
export function decodeRecord(r: ReleaseRecord): ManifestList {
  let json: unknown;
  try {
    json = JSON.parse(gunzipSync(Buffer.from(r.data, 'base64')).toString('utf8'));
  } catch (e) {
    throw new Error(
      `release record ${r.name}: its set cannot be read (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (!isObject(json) || json.kind !== 'List' || !Array.isArray(json.items))
    throw new Error(`release record ${r.name}: expected a List of objects`);
  return { apiVersion: 'v1', kind: 'List', items: json.items.filter(isObject) };
}

export const nextRevision = (records: readonly ReleaseRecord[]): number =>
  Math.max(0, ...records.map((r) => r.revision)) + 1;

/** The set live now: the newest `deployed` (an older one still labelled so lost its relabel to a cancel). */
export const liveRecord = (records: readonly ReleaseRecord[]): ReleaseRecord | undefined =>
  [...records].reverse().find((r) => r.status === 'deployed');

/** Records beyond the newest `keep`, oldest first; the live one is always kept. */
export function recordsToPrune(records: readonly ReleaseRecord[], keep = KEEP_RECORDS): string[] {
  const live = liveRecord(records);
  return [...records]
    .sort((a, b) => b.revision - a.revision)
    .slice(keep)
    .filter((r) => r !== live)
    .map((r) => r.name)
    .reverse();
}

/** The revision whose set a record runs: a rollback's is the one it re-applied. */
export function contentOf(records: readonly ReleaseRecord[], revision: number): number {
  const by = new Map(records.map((r) => [r.revision, r]));
  let at = revision;
  for (let i = 0; i <= records.length; i++) {
    const to = by.get(at)?.rollbackTo;
    if (to === undefined) break;
    at = to;
  }
  return at;
}

const history = (records: readonly ReleaseRecord[]): string =>
  records.map((r) => `${r.revision} ${r.status}`).join(', ') || 'none';

/**
 * Where `rollback` goes: the given revision, or the newest set before the live one's that went live and
 * stayed (superseded, and not undone by a later rollback), as for a Helm release.
 */
export function rollbackRecord(
  records: readonly ReleaseRecord[],
  release: string,
  given?: number,
): { live: ReleaseRecord; target: ReleaseRecord } {
  const live = liveRecord(records);
  if (live === undefined)
    throw new ConfigurationError(
      `rollback: release ${release} has no live set to roll back from (its records: ${history(records)})`,
      { key: 'release', kind: 'invalid' },
    );
  if (given !== undefined) {
    const target = records.find((r) => r.revision === given);
    if (target === undefined || target.status === 'pending')
      throw new ConfigurationError(
        `revision: release ${release} has no kept set ${given} (its records: ${history(records)})`,
        { key: 'revision', kind: 'invalid' },
      );
    return { live, target };
  }
  const undone = new Set(
    records
      .filter((r) => r.status === 'deployed' || r.status === 'superseded')
      .flatMap((r) => (r.rolledBackFrom === undefined ? [] : [r.rolledBackFrom])),
  );
  const from = contentOf(records, live.revision);
  const target = [...records]
    .reverse()
    .find(
      (r) =>
        r.revision < from &&
        r.status === 'superseded' &&
        !undone.has(r.revision) &&
        contentOf(records, r.revision) < from,
    );
  if (target === undefined)
    throw new ConfigurationError(
      `rollback: release ${release} has no earlier set that went live (its records: ${history(records)})`,
      { key: 'revision', kind: 'invalid' },
    );
  return { live, target };
}
