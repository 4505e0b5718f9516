export const id = 557;
export const ids = [557];
export const modules = {

/***/ 5557:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runManifestRelease: () => (/* binding */ runManifestRelease)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/docker/reference.ts
var reference = __webpack_require__(2977);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/exec.ts
var exec = __webpack_require__(3190);
// EXTERNAL MODULE: ./src/kubernetes/argv.ts
var argv = __webpack_require__(6848);
// EXTERNAL MODULE: ./src/kubernetes/objects.ts
var objects = __webpack_require__(9340);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/deploy/kubernetes/settings.ts
var settings = __webpack_require__(155);
;// CONCATENATED MODULE: ./src/deploy/kubernetes/manifests.ts
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







const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v) => (isObject(v) ? v : {});
const invalid = (message) => new errors/* ConfigurationError */.j1(`manifests: ${message}`, { key: 'manifests', kind: 'invalid' });
const YAML_FILE = /\.ya?ml$/;
/**
 * Every `*.yaml`/`*.yml` under `dir`, recursively, in path order. A symbolic link is followed only to a
 * file inside the workspace; a directory reached twice is read once.
 */
async function readManifestDir(dir, workspace) {
    const rel = (p) => external_node_path_default().relative(workspace, p).split((external_node_path_default()).sep).join('/') || '.';
    const root = await (0,promises_.realpath)(workspace).catch(() => workspace);
    const inside = (p) => {
        const r = external_node_path_default().relative(root, p);
        return !r.startsWith('..') && !external_node_path_default().isAbsolute(r);
    };
    const top = await (0,promises_.stat)(dir).catch(() => undefined);
    if (!top?.isDirectory())
        throw invalid(`${rel(dir)} is not a directory of the workspace; expected a directory of *.yaml manifests (e.g. deploy/k8s)`);
    const found = [];
    const seen = new Set();
    const walk = async (at) => {
        const real = await (0,promises_.realpath)(at);
        if (seen.has(real))
            return;
        seen.add(real);
        for (const entry of await (0,promises_.readdir)(at, { withFileTypes: true })) {
            const full = external_node_path_default().join(at, entry.name);
            let isDir = entry.isDirectory();
            let isFile = entry.isFile();
            if (entry.isSymbolicLink()) {
                const target = await (0,promises_.realpath)(full).catch(() => '');
                if (target === '' || !inside(target)) {
                    if (YAML_FILE.test(entry.name) || isDir)
                        throw invalid(`${rel(full)} is a symbolic link to outside the workspace`);
                    continue;
                }
                const s = await (0,promises_.stat)(target);
                isDir = s.isDirectory();
                isFile = s.isFile();
            }
            if (isDir)
                await walk(full);
            else if (isFile && YAML_FILE.test(entry.name))
                found.push(full);
        }
    };
    await walk(dir);
    const names = found.map((f) => ({ file: f, name: rel(f) })).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (names.length === 0)
        throw invalid(`no *.yaml or *.yml file under ${rel(dir)}`);
    return Promise.all(names.map(async (f) => ({ name: f.name, text: await (0,promises_.readFile)(f.file, 'utf8') })));
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
const RECORD_PREFIX = 'berth-manifests.';
/** kubectl reads YAML 1.1 (go-yaml v2): octal `0644`, `yes`/`no`; but a timestamp or `12:30` stays a string. */
const yamlOptions = {
    version: '1.1',
    uniqueKeys: true,
    customTags: (tags) => tags.filter((t) => {
        if (typeof t === 'string')
            return t !== 'timestamp' && t !== 'intTime' && t !== 'floatTime';
        return t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME';
    }),
};
function checkObject(value, source, hint = '') {
    if (!isObject(value))
        throw invalid(`${source} is not an object (expected apiVersion, kind, metadata)${hint}`);
    if (value.kind === 'List' && Array.isArray(value.items))
        return value;
    const { apiVersion, kind } = value;
    const name = obj(value.metadata).name;
    const missing = [
        typeof apiVersion === 'string' && apiVersion !== '' ? '' : 'apiVersion',
        typeof kind === 'string' && kind !== '' ? '' : 'kind',
        typeof name === 'string' && name !== '' ? '' : 'metadata.name',
    ].filter((m) => m !== '');
    if (missing.length > 0)
        throw invalid(`${source} has no ${missing.join(', ')}: every object needs apiVersion, kind and metadata.name${hint}`);
    if (String(apiVersion).startsWith('kustomize.config.k8s.io/'))
        throw invalid(`${source} is a kustomization: berth applies plain manifests; render them first (kubectl kustomize DIR > deploy/k8s/all.yaml)`);
    return value;
}
/** Every document of every file, each an object (`kind: List` flattened); empty documents skipped. */
function parseManifests(files) {
    const out = [];
    for (const file of files) {
        const docs = (0,dist/* parseAllDocuments */.hR)(file.text, yamlOptions);
        if (!Array.isArray(docs))
            continue; // an empty file
        docs.forEach((doc, i) => {
            const source = `${file.name}, document ${i + 1}`;
            const helm = file.text.includes('{{') ? ' (it looks like a Helm template: give it as chart)' : '';
            const error = doc.errors[0];
            if (error) {
                const line = error.linePos?.[0]?.line;
                throw invalid(`${source} is not valid YAML${line ? ` (line ${line})` : ''}: ${error.message.split('\n')[0] ?? ''}${helm}`);
            }
            let value;
            try {
                value = doc.toJS({ maxAliasCount: 0 });
            }
            catch (e) {
                throw invalid(`${source}: ${e instanceof Error ? e.message : String(e)} (YAML aliases are not read)`);
            }
            if (value === null || value === undefined)
                return;
            const o = checkObject(value, source, helm);
            if (o.kind === 'List' && Array.isArray(o.items)) {
                o.items.forEach((item, j) => out.push({
                    source: `${source}, item ${j + 1}`,
                    object: checkObject(item, `${source}, item ${j + 1}`, helm),
                }));
                return;
            }
            out.push({ source, object: o });
        });
    }
    return out;
}
const nameOf = (o) => String(obj(o.metadata).name);
const groupOf = (apiVersion) => apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
/** `Deployment shop`: how logs and errors name an object. */
const describeObject = (o) => `${String(o.kind)} ${nameOf(o)}`;
/** An object's identity across versions of its API: group, kind, namespace, name. */
function objectKey(o) {
    const id = isIdentity(o)
        ? o
        : {
            apiVersion: String(o.apiVersion),
            kind: String(o.kind),
            namespace: String(obj(o.metadata).namespace ?? ''),
            name: nameOf(o),
        };
    return [groupOf(id.apiVersion), id.kind, id.namespace, id.name].join('|');
}
function isIdentity(o) {
    return typeof o.name === 'string' && !('metadata' in o);
}
/**
 * The objects in the release's namespace: one without metadata.namespace gets it; one naming another is
 * refused, as are cluster-scoped kinds, a name given twice, a Deployment whose name is not one, and a
 * Secret named as berth's records.
 */
function placeInNamespace(objects, namespace) {
    const seen = new Map();
    return objects.map(({ source, object }) => {
        const kind = String(object.kind);
        const metadata = obj(object.metadata);
        if (CLUSTER_SCOPED.has(kind))
            throw invalid(`${source} (${describeObject(object)}) is cluster-scoped: berth deploys into one namespace (${namespace}); apply cluster-wide objects apart`);
        const given = metadata.namespace;
        if (given !== undefined && given !== null && given !== namespace)
            throw invalid(`${source} (${describeObject(object)}) names namespace ${JSON.stringify(given)}: berth deploys into one namespace, ${namespace} (the namespace input); remove metadata.namespace or make it ${namespace}`);
        if (kind === 'Deployment' && (!SUBDOMAIN.test(nameOf(object)) || nameOf(object).length > 253))
            throw invalid(`${source}: ${JSON.stringify(nameOf(object))} is not a Deployment name (lowercase letters, digits, "-" and ".")`);
        if (kind === 'Secret' && nameOf(object).startsWith(RECORD_PREFIX))
            throw invalid(`${source}: Secrets named ${RECORD_PREFIX}* are berth's records of the release`);
        const placed = { ...object, metadata: { ...metadata, namespace } };
        const key = objectKey(placed);
        const before = seen.get(key);
        if (before !== undefined)
            throw invalid(`${source} (${describeObject(object)}) is given twice: also in ${before}`);
        seen.set(key, source);
        return { source, object: placed };
    });
}
/** Where a workload keeps its pod template's spec. */
function podSpecOf(o) {
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
/**
 * The deployed image (`repo@sha256:…`) in every workload container whose image is of its repository
 * (whatever tag or digest the manifests name), and for `${image-ref}` (`${image-repository}`,
 * `${image-digest}`) in an image. Refused when no container runs the repository: the manifests must
 * name it. The objects given are not changed.
 */
function pinImages(objects, image) {
    const deployed = (0,reference/* parseImageReference */.o_)(image, 'image');
    const pinned = [];
    const out = objects.map(({ source, object }) => {
        const copy = structuredClone(object);
        const pod = podSpecOf(copy);
        for (const field of ['initContainers', 'containers']) {
            const list = pod?.[field];
            if (!Array.isArray(list))
                continue;
            for (const c of list) {
                if (!isObject(c) || typeof c.image !== 'string')
                    continue;
                const given = c.image;
                const named = String((0,settings/* substituteImage */.gA)(given, image));
                let ref;
                try {
                    ref = (0,reference/* parseImageReference */.o_)(named, 'image');
                }
                catch {
                    throw invalid(`${source} (${describeObject(copy)}): container ${String(c.name)}'s image ${JSON.stringify(given)} is not an image reference (expected e.g. ${(0,reference/* repositoryOfRef */.bL)(image)}:latest, or \${image-ref})`);
                }
                if ((0,reference/* sameRepository */.RB)(ref, deployed)) {
                    c.image = image;
                    pinned.push(`${describeObject(copy)}, container ${String(c.name)}: ${given}`);
                }
                else
                    c.image = named;
            }
        }
        return { source, object: copy };
    });
    if (pinned.length === 0)
        throw invalid(`no container of the manifests' Deployments, StatefulSets, DaemonSets, Jobs or CronJobs runs ${(0,reference/* repositoryOfRef */.bL)(image)}: name it as a container's image (any tag, e.g. image: ${(0,reference/* repositoryOfRef */.bL)(image)}:latest), or write image: \${image-ref}; berth puts the deployed digest there`);
    return { objects: out, pinned };
}
const manifestList = (objects) => ({
    apiVersion: 'v1',
    kind: 'List',
    items: objects.map((o) => o.object),
});
/** The Deployments of a set, in order: what the watch looks at. */
const deploymentsOf = (items) => items.filter((o) => o.kind === 'Deployment').map(nameOf);
/** The workloads berth applies but does not watch (it watches Deployments). */
const unwatchedWorkloads = (items) => items
    .filter((o) => ['StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod'].includes(String(o.kind)))
    .map(describeObject);
/** The images a set's Deployment containers run: which is the deployed one is the caller's to say. */
const deploymentImages = (items) => items
    .filter((o) => o.kind === 'Deployment')
    .flatMap((o) => podSpecOf(o)?.containers ?? [])
    .map((c) => obj(c).image)
    .filter((i) => typeof i === 'string');
/**
 * The Deployments whose rollout may stop old pods before new ones are ready (the team's choice, said
 * aloud): strategy Recreate, or a maxUnavailable that comes to more than 0 pods (the default is 25%).
 */
function unavailabilityNotes(items) {
    const notes = [];
    for (const o of items) {
        if (o.kind !== 'Deployment')
            continue;
        const spec = obj(o.spec);
        const strategy = obj(spec.strategy);
        const name = describeObject(o);
        if (strategy.type === 'Recreate') {
            notes.push(`${name} uses strategy Recreate: its old pods stop before the new ones start, so it serves nothing while a rollout or a rollback runs`);
            continue;
        }
        const given = obj(strategy.rollingUpdate).maxUnavailable;
        const value = given === undefined ? '25%' : given;
        const replicas = typeof spec.replicas === 'number' ? spec.replicas : undefined;
        const percent = typeof value === 'string' ? /^([0-9]+)%$/.exec(value)?.[1] : undefined;
        const pods = typeof value === 'number'
            ? value
            : percent === undefined
                ? 0
                : replicas === undefined
                    ? Number(percent) > 0
                        ? Infinity
                        : 0
                    : Math.floor((Number(percent) * replicas) / 100);
        if (pods <= 0)
            continue;
        const how = given === undefined ? 'maxUnavailable unset: 25%' : `maxUnavailable: ${String(value)}`;
        notes.push(`${name} lets ${pods === Infinity ? `up to ${String(value)} of its pods` : `${pods} of its ${replicas ?? '?'} pods`} be unavailable during a rollout or a rollback (${how}): old pods may stop before new ones are ready; spec.strategy.rollingUpdate.maxUnavailable: 0 keeps them`);
    }
    return notes;
}
/** The values a set's Secrets hold (stringData, and data decoded): masked before anything is logged. */
function secretValues(items) {
    const out = [];
    for (const o of items) {
        if (o.kind !== 'Secret')
            continue;
        for (const v of Object.values(obj(o.stringData)))
            if (typeof v === 'string')
                out.push(v);
        for (const v of Object.values(obj(o.data)))
            if (typeof v === 'string')
                out.push(Buffer.from(v, 'base64').toString('utf8'));
    }
    return out.filter((v) => v.trim() !== '');
}
/** The objects of `from` that `to` does not have, and that did not exist before berth applied them. */
function objectsNotIn(from, to, existedBefore = new Set()) {
    const keep = new Set(to.map(objectKey));
    return from.filter((o) => !keep.has(objectKey(o)) && !existedBefore.has(objectKey(o)));
}
const STATUSES = ['pending', 'deployed', 'failed', 'superseded'];
const RECORD_TYPE = 'berth.dev/manifests';
const DATA_KEY = 'manifests.json.gz';
/** A Secret holds at most 1 MiB; the rest of the object needs a little. */
const MAX_DATA = 1_000_000;
const KEEP_RECORDS = 10;
const recordName = (release, revision) => `${RECORD_PREFIX}${release}.v${revision}`;
/** The Secret that keeps one applied set (immutable data; the status is a label, changed as it goes). */
function encodeRecord(r) {
    const data = (0,external_node_zlib_.gzipSync)(JSON.stringify(r.list)).toString('base64');
    if (data.length > MAX_DATA)
        throw invalid(`the manifests come to ${Math.round(data.length / 1024)} KiB gzipped; a release record (a Secret) holds at most ${Math.round(MAX_DATA / 1024)} KiB`);
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
const revisionText = (v) => v !== undefined && /^[1-9][0-9]{0,8}$/.test(v) ? Number(v) : undefined;
/** The release's records among the Secrets its label finds, oldest first (anything else is skipped). */
function readRecords(secrets, release) {
    const out = [];
    for (const s of secrets) {
        const revision = revisionText(s.labels['berth.dev/revision']);
        const status = s.labels['berth.dev/status'];
        if (s.type !== RECORD_TYPE ||
            revision === undefined ||
            s.name !== recordName(release, revision) ||
            !STATUSES.includes(status))
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
function decodeRecord(r) {
    let json;
    try {
        json = JSON.parse((0,external_node_zlib_.gunzipSync)(Buffer.from(r.data, 'base64')).toString('utf8'));
    }
    catch (e) {
        throw new Error(`release record ${r.name}: its set cannot be read (${e instanceof Error ? e.message : String(e)})`);
    }
    if (!isObject(json) || json.kind !== 'List' || !Array.isArray(json.items))
        throw new Error(`release record ${r.name}: expected a List of objects`);
    return { apiVersion: 'v1', kind: 'List', items: json.items.filter(isObject) };
}
const nextRevision = (records) => Math.max(0, ...records.map((r) => r.revision)) + 1;
/** The set live now: the newest `deployed` (an older one still labelled so lost its relabel to a cancel). */
const liveRecord = (records) => [...records].reverse().find((r) => r.status === 'deployed');
/** Records beyond the newest `keep`, oldest first; the live one is always kept. */
function recordsToPrune(records, keep = KEEP_RECORDS) {
    const live = liveRecord(records);
    return [...records]
        .sort((a, b) => b.revision - a.revision)
        .slice(keep)
        .filter((r) => r !== live)
        .map((r) => r.name)
        .reverse();
}
/** The revision whose set a record runs: a rollback's is the one it re-applied. */
function contentOf(records, revision) {
    const by = new Map(records.map((r) => [r.revision, r]));
    let at = revision;
    for (let i = 0; i <= records.length; i++) {
        const to = by.get(at)?.rollbackTo;
        if (to === undefined)
            break;
        at = to;
    }
    return at;
}
const manifests_history = (records) => records.map((r) => `${r.revision} ${r.status}`).join(', ') || 'none';
/**
 * Where `rollback` goes: the given revision, or the newest set before the live one's that went live and
 * stayed (superseded, and not undone by a later rollback), as for a Helm release.
 */
function rollbackRecord(records, release, given) {
    const live = liveRecord(records);
    if (live === undefined)
        throw new errors/* ConfigurationError */.j1(`rollback: release ${release} has no live set to roll back from (its records: ${manifests_history(records)})`, { key: 'release', kind: 'invalid' });
    if (given !== undefined) {
        const target = records.find((r) => r.revision === given);
        if (target === undefined || target.status === 'pending')
            throw new errors/* ConfigurationError */.j1(`revision: release ${release} has no kept set ${given} (its records: ${manifests_history(records)})`, { key: 'revision', kind: 'invalid' });
        return { live, target };
    }
    const undone = new Set(records
        .filter((r) => r.status === 'deployed' || r.status === 'superseded')
        .flatMap((r) => (r.rolledBackFrom === undefined ? [] : [r.rolledBackFrom])));
    const from = contentOf(records, live.revision);
    const target = [...records]
        .reverse()
        .find((r) => r.revision < from &&
        r.status === 'superseded' &&
        !undone.has(r.revision) &&
        contentOf(records, r.revision) < from);
    if (target === undefined)
        throw new errors/* ConfigurationError */.j1(`rollback: release ${release} has no earlier set that went live (its records: ${manifests_history(records)})`, { key: 'revision', kind: 'invalid' });
    return { live, target };
}

// EXTERNAL MODULE: ./src/deploy/kubernetes/rollout.ts
var rollout = __webpack_require__(5685);
// EXTERNAL MODULE: ./src/deploy/kubernetes/watch.ts
var watch = __webpack_require__(719);
;// CONCATENATED MODULE: ./src/deploy/kubernetes/manifest-release.ts
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










async function kubectl(s, argv, options = {}) {
    return s.exec([s.kubectl, ...argv], { quiet: options.quiet ?? true, timeoutMs: 60_000, ...options });
}
async function kubectlJson(s, argv) {
    const r = await kubectl(s, argv);
    if (r.code !== 0)
        throw new Error(`kubectl ${argv.slice(0, 3).join(' ')}: ${(0,exec/* lastLines */.w$)(r.stderr, 2)}`);
    return JSON.parse(r.stdout);
}
const why = (r) => (0,exec/* lastLines */.w$)(r.stderr.trim() || r.stdout.trim(), 3);
/** The deploy's set: read, placed in the namespace, pinned to the digest deployed. */
async function readSet(s) {
    const { settings, runtime } = s;
    const files = await readManifestDir(settings.manifests, runtime.workspace);
    const placed = placeInNamespace(parseManifests(files), settings.namespace);
    if (placed.length === 0)
        throw new errors/* ConfigurationError */.j1(`manifests: ${files.map((f) => f.name).join(', ')} hold no object`, {
            key: 'manifests',
            kind: 'invalid',
        });
    const { objects, pinned } = pinImages(placed, settings.image);
    runtime.info(`manifests: ${files.length} file(s), ${objects.length} object(s); the deployed digest in ${pinned.join('; ')}`);
    return { list: manifestList(objects), pinned };
}
/** The release's records; a `pending` one a cancelled run left is marked failed first, and said. */
async function loadRecords(s) {
    const secrets = (0,objects/* readSecrets */.ql)(await kubectlJson(s, (0,argv/* kubectlRecordsArgs */.gV)(s.access, s.settings.release)));
    const records = readRecords(secrets, s.settings.release);
    const pending = records.filter((r) => r.status === 'pending');
    for (const r of pending) {
        await relabel(s, r.name, 'failed');
        r.status = 'failed';
    }
    const recovered = pending.length === 0
        ? ''
        : `release ${s.settings.release}: revision ${pending.map((r) => r.revision).join(', ')} was left pending by a run that did not finish (cancelled?): marked failed; this ${s.settings.action} applies a whole set again`;
    if (recovered)
        s.runtime.warning(recovered);
    return { records, recovered };
}
async function relabel(s, name, status) {
    const r = await kubectl(s, (0,argv/* kubectlLabelSecretArgs */.Se)(s.access, name, { 'berth.dev/status': status }));
    if (r.code !== 0)
        throw new Error(`release record ${name}: marking it ${status} failed: ${why(r)}`);
}
/** Masks what the sets' Secrets hold before kubectl says anything about them. */
function mask(runtime, lists) {
    for (const list of lists)
        for (const value of secretValues(list?.items ?? []))
            for (const line of value.split('\n'))
                if (line.trim().length >= 6)
                    runtime.setSecret(line);
}
async function writeList(dir, name, items) {
    const file = external_node_path_default().join(dir, name);
    await (0,promises_.writeFile)(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }), { mode: 0o600 });
    return file;
}
async function runManifestRelease(s, o) {
    const { settings, runtime, step } = s;
    runtime.info(`manifests release ${settings.release} in namespace ${settings.namespace}`);
    const set = settings.action === 'deploy' ? await step('read manifests', () => readSet(s)) : undefined;
    const { records, recovered } = await step('release records', () => loadRecords(s));
    let next;
    let fallback;
    if (set) {
        fallback = liveRecord(records);
        next = { list: set.list, image: settings.image };
    }
    else {
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
    for (const note of notes)
        runtime.warning(note);
    const unwatched = unwatchedWorkloads(next.list.items);
    if (unwatched.length > 0)
        runtime.info(`applied but not watched (berth watches Deployments): ${unwatched.join(', ')}`);
    const revision = nextRevision(records);
    const file = await writeList(o.dir, `manifests.v${revision}.json`, next.list.items);
    const existedBefore = await step('objects before', () => existing(s, file));
    const run = { s, o, revision, next, fallback, existedBefore, notes };
    await step('release record', () => createRecord(run, records));
    const applied = await step('kubectl apply', () => kubectl(s, (0,argv/* kubectlApplyArgs */.ss)(s.access, file), { quiet: false, timeoutMs: 180_000 }));
    if (applied.code !== 0)
        await refuse(run, `kubectl apply: ${why(applied)}`, [], '');
    const deployments = deploymentsOf(next.list.items);
    if (deployments.length === 0)
        runtime.warning(`the manifests of release ${settings.release} have no Deployment: nothing to watch`);
    const outcome = await step('rollout', () => watchSet(s, deployments, ''));
    if (outcome.state !== 'ready')
        await refuse(run, outcome.why, outcome.failures, outcome.progress);
    const images = await step('image digests', () => checkImages(run, deployments));
    await step('release record deployed', () => settle(run, fallbackList));
    const ours = (list, image) => list.find((i) => image !== '' && (0,reference/* repositoryOfRef */.bL)(i) === (0,reference/* repositoryOfRef */.bL)(image)) ?? list[0] ?? '';
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
async function existing(s, file) {
    const r = await kubectl(s, (0,argv/* kubectlGetFileArgs */.yY)(s.access, file));
    if (r.code !== 0)
        throw new Error(`kubectl get -f (which of the manifests' objects exist already): ${why(r)}`);
    return new Set((0,objects/* readObjectIds */.cB)(r.stdout).map(objectKey));
}
/** Record N, pending, created (never replaced: a record already there means another deploy ran); older ones pruned. */
async function createRecord(run, records) {
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
    const r = await kubectl(s, (0,argv/* kubectlCreateArgs */.ox)(s.access), { stdin: JSON.stringify(secret) });
    if (r.code !== 0) {
        if (/AlreadyExists|already exists/.test(r.stderr))
            throw new Error(`release ${settings.release}: record ${recordName(settings.release, revision)} appeared meanwhile: another deploy of this release is running; run one at a time`);
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
        const d = await kubectl(s, (0,argv/* kubectlDeleteSecretsArgs */.g8)(s.access, prune));
        if (d.code !== 0)
            s.runtime.warning(`old release records ${prune.join(', ')} were not deleted: ${why(d)}`);
    }
}
/** Every Deployment watched in turn, within one health-timeout, each by its own selector. */
async function watchSet(s, deployments, label) {
    const { settings } = s;
    const deadline = Date.now() + settings.timeoutSeconds * 1000;
    const progress = [];
    for (const deployment of deployments) {
        const outcome = await (0,watch/* watchRollout */.Dl)(s.exec, {
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
            why: (0,watch/* describeFailure */.Ic)(outcome),
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
async function checkImages(run, deployments) {
    const { s, next } = run;
    const { settings } = s;
    const image = next.image;
    const seen = [];
    let ours = 0;
    for (const name of deployments) {
        const d = (0,objects/* readDeployment */.iJ)(await kubectlJson(s, (0,argv/* kubectlGetArgs */.c8)(s.access, 'deployment', settings.release, name)));
        const pods = (0,objects/* readPods */.zL)(await kubectlJson(s, (0,argv/* kubectlGetArgs */.c8)(s.access, 'pods', settings.release, name, d.matchLabels)));
        for (const pod of (0,rollout/* newPods */.Ng)(d, pods)) {
            for (const c of pod.containers) {
                seen.push(c.image);
                if (image === '' || (0,reference/* repositoryOfRef */.bL)(c.image) !== (0,reference/* repositoryOfRef */.bL)(image))
                    continue;
                ours++;
                const digest = image.slice(image.indexOf('@') + 1);
                if (!c.imageID.endsWith(digest))
                    await refuse(run, `pod ${pod.name} (${c.name}) runs ${c.imageID || 'no image yet'}, not the digest deployed (${digest})`, [], '');
            }
        }
    }
    const expected = deploymentImages(next.list.items).some((i) => image !== '' && (0,reference/* repositoryOfRef */.bL)(i) === (0,reference/* repositoryOfRef */.bL)(image));
    if (expected && ours === 0)
        await refuse(run, `no pod of release ${settings.release} runs ${(0,reference/* repositoryOfRef */.bL)(image)} (they run ${[...new Set(seen)].join(', ') || 'nothing'})`, [], '');
    return [...new Set(seen)];
}
/** Record N deployed, the one live before superseded, and the objects the new set no longer has deleted. */
async function settle(run, fallbackList) {
    const { s, revision, next, fallback } = run;
    await relabel(s, recordName(s.settings.release, revision), 'deployed');
    if (fallback) {
        await relabel(s, fallback.name, 'superseded').catch((e) => s.runtime.warning(e instanceof Error ? e.message : String(e)));
    }
    const gone = objectsNotIn(fallbackList?.items ?? [], next.list.items);
    if (gone.length > 0) {
        const said = await remove(run, gone, 'leftovers');
        s.runtime.info(said);
    }
}
/** Deletes objects (waiting until they are gone) and says what it did. */
async function remove(run, objects, name) {
    const { s, o } = run;
    const file = await writeList(o.dir, `${name}.v${run.revision}.json`, objects);
    const r = await kubectl(s, (0,argv/* kubectlDeleteFileArgs */.j5)(s.access, file, s.settings.timeoutSeconds), {
        quiet: false,
        timeoutMs: (s.settings.timeoutSeconds + 60) * 1000,
    });
    const names = objects.map(describeObject).join(', ');
    return r.code === 0 ? `deleted ${names}` : `deleting ${names} failed: ${why(r)}`;
}
/** Puts the set that was live back (or deletes a refused first deploy), marks N failed, and refuses. */
async function refuse(run, reason, failures, progress) {
    const { s, o, revision, next, fallback, existedBefore, notes } = run;
    const { settings } = s;
    let undone;
    if (fallback) {
        undone = await restore(run, fallback);
    }
    else {
        const added = objectsNotIn(next.list.items, [], existedBefore);
        const kept = next.list.items.length - added.length;
        const removed = added.length === 0 ? 'nothing to delete' : await remove(run, added, 'refused');
        undone = `${removed.startsWith('deleted') ? 'the first deploy was removed (nothing was live before)' : `the first deploy could not be removed: ${removed}`}; its evidence is above${kept > 0 ? `; ${kept} object(s) that existed before it were left as it applied them` : ''}`;
    }
    await relabel(s, recordName(settings.release, revision), 'failed').catch((e) => s.runtime.warning(e instanceof Error ? e.message : String(e)));
    s.runtime.info(undone);
    const refusal = {
        action: settings.action,
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
async function restore(run, fallback) {
    const { s, o, next, existedBefore, notes } = run;
    const list = decodeRecord(fallback);
    const file = await writeList(o.dir, `manifests.v${fallback.revision}.json`, list.items);
    const applied = await kubectl(s, (0,argv/* kubectlApplyArgs */.ss)(s.access, file), { quiet: false, timeoutMs: 180_000 });
    if (applied.code !== 0)
        return `re-applying revision ${fallback.revision} (the set that was live) failed: ${why(applied)}; check the release`;
    const outcome = await watchSet(s, deploymentsOf(list.items), ' (rolling back)');
    if (outcome.state !== 'ready')
        return `re-applied revision ${fallback.revision} (the set that was live), but it is not ready: ${outcome.why}`;
    const added = objectsNotIn(next.list.items, list.items, existedBefore);
    const removed = added.length === 0 ? '' : `; ${await remove(run, added, 'added')} (the refused set added them)`;
    const pods = notes.length === 0
        ? 'its old pods never stopped (maxUnavailable 0)'
        : `some old pods may have stopped meanwhile: ${notes.join('; ')}`;
    return `re-applied revision ${fallback.revision}'s manifests (the set that was live): the previous version is serving; ${pods}${removed}`;
}


/***/ })

};
