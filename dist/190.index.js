export const id = 190;
export const ids = [190];
export const modules = {

/***/ 8190:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   describeContainer: () => (/* binding */ describeContainer),
/* harmony export */   runStatus: () => (/* binding */ runStatus)
/* harmony export */ });
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _docker_run_args_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(1615);
/* harmony import */ var _deploy_names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(927);
/* harmony import */ var _deploy_state_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3414);
/* harmony import */ var _deploy_status_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8917);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3916);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3190);
/* harmony import */ var _remote_host_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5990);
/* harmony import */ var _remote_ssh_targets_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8915);
/* harmony import */ var _remote_ssh_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8136);
/* harmony import */ var _report_status_summary_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(9067);
/**
 * `status`: what is live on each host of an environment and what was deployed there, from the host's
 * own records (`state.json`, `history.jsonl`) and, for containers, what Docker says of the live one.
 * It changes nothing and takes no lock: a deploy running meanwhile shows as its last finished attempt.
 * The steps: the inputs → for each host (this one, or each `ssh-host` in turn) → its records and the
 * live container → the log's table, the summary and the outputs (`status` JSON, `image-ref`).
 */











async function runStatus(inputs, runtime, deps = {}) {
    if (inputs.strategy === 'kubernetes') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1('strategy: status reads the records berth keeps on your hosts (blue-green, recreate, static to nginx-dir); a kubernetes release keeps its own: `helm history <release> -n <namespace>` and `kubectl rollout history`', { key: 'strategy', kind: 'invalid' });
    }
    if (inputs.strategy === 'static' && inputs.staticTarget === 's3') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1('static-target: status reads the records berth keeps on your hosts; a static deploy to s3 has no host of yours (the bucket holds the release): use static-target nginx-dir, or the bucket and its CloudFront distribution', { key: 'static-target', kind: 'invalid' });
    }
    const { app, environment } = (0,_deploy_names_js__WEBPACK_IMPORTED_MODULE_1__/* .deployNames */ .m)(inputs, 'the containers and records');
    const exec = deps.exec ?? (0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .createExec */ .k7)(runtime);
    const docker = deps.docker ?? 'docker';
    const targets = (0,_remote_ssh_targets_js__WEBPACK_IMPORTED_MODULE_7__/* .resolveSshTargets */ .j)(inputs);
    const hosts = [];
    for (const target of targets.length > 0 ? targets : [undefined]) {
        const host = target
            ? await _remote_ssh_js__WEBPACK_IMPORTED_MODULE_8__/* .SshHost */ .fQ.open(exec, runtime, target)
            : new _remote_host_js__WEBPACK_IMPORTED_MODULE_6__/* .LocalHost */ .an(exec, runtime.tempDir, (0,node_os__WEBPACK_IMPORTED_MODULE_0__.homedir)());
        try {
            hosts.push(await hostStatus(host, app, environment, inputs, docker));
        }
        finally {
            await host.close();
        }
    }
    const env = { app, environment, hosts };
    runtime.info(`berth status:\n${(0,_report_status_summary_js__WEBPACK_IMPORTED_MODULE_9__/* .renderStatusText */ ._c)(env)}`);
    if (hosts.every((h) => h.live === null && h.deploys === 0)) {
        runtime.warning(`berth status: no host has records of ${app}-${environment} (looked in ${[...new Set(hosts.map((h) => h.stateDir))].join(', ')}). If it was deployed, check app, environment and state-dir: they must be the deploy's.`);
    }
    runtime.setOutput('status', JSON.stringify((0,_report_status_summary_js__WEBPACK_IMPORTED_MODULE_9__/* .statusJson */ .bj)(env)));
    runtime.setOutput('image-ref', (0,_report_status_summary_js__WEBPACK_IMPORTED_MODULE_9__/* .commonImage */ .j3)(env));
    await runtime.appendSummary((0,_report_status_summary_js__WEBPACK_IMPORTED_MODULE_9__/* .renderStatusSummary */ .NY)(env));
}
/** One host: its records, and (containers) what Docker says of the live container. */
async function hostStatus(host, app, environment, inputs, docker) {
    const stateDir = (0,_deploy_state_js__WEBPACK_IMPORTED_MODULE_2__/* .stateDirFor */ .O4)(inputs.stateDir || host.defaultStateRoot(), app, environment);
    const { history, deploys, skippedLines, live: records, } = await (0,_deploy_status_js__WEBPACK_IMPORTED_MODULE_3__/* .readRecords */ .T3)(host, stateDir, inputs.historyCount);
    const container = records !== null && records.strategy !== ''
        ? await containerStatus(host, docker, (0,_docker_run_args_js__WEBPACK_IMPORTED_MODULE_10__/* .containerName */ .xN)(app, environment, records.color === '' ? undefined : records.color), records.imageRef)
        : null;
    return {
        host: host.label,
        stateDir,
        live: records === null ? null : { ...records, container },
        history,
        deploys,
        skippedLines,
    };
}
/** The live container in a few words: `running`, `running, unhealthy`, `exited (code 1)`, `missing`. */
async function containerStatus(host, docker, name, imageRef) {
    const result = await host.exec([docker, ...(0,_docker_run_args_js__WEBPACK_IMPORTED_MODULE_10__/* .buildInspectArgs */ ._8)(name)], { quiet: true });
    if (result.code !== 0) {
        if (/no such (object|container)/i.test(result.stderr))
            return `missing (no container ${name})`;
        return `unknown (docker inspect ${name}: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .lastLines */ .w$)(result.stderr, 1)})`;
    }
    return describeContainer((0,_docker_run_args_js__WEBPACK_IMPORTED_MODULE_10__/* .parseInspect */ .E7)(result.stdout), imageRef);
}
/** Docker's view of a container in a few words, and whether it runs the recorded image. Pure. */
function describeContainer(state, imageRef) {
    const health = state.health === 'none' ? '' : `, ${state.health}`;
    const other = state.imageRef !== '' && imageRef !== '' && state.imageRef !== imageRef
        ? `, but runs ${state.imageRef}`
        : '';
    if (state.status === 'running')
        return `running${health}${other}`;
    if (state.status === 'restarting')
        return `restarting (exit code ${state.exitCode})${other}`;
    if (state.status === 'exited')
        return `exited (code ${state.exitCode})${other}`;
    return `${state.status}${other}`;
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

/***/ 8917:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T3: () => (/* binding */ readRecords)
/* harmony export */ });
/* unused harmony exports parseHistoryLine, parseHistory, liveFromRecords, historyFile */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3414);
/**
 * What is live on a host and what was deployed there, read from the host's own records (state.ts):
 * `state.json` says the live colour and image, `history.jsonl` the attempts. Read-only: `status` changes
 * nothing. A history line that is not berth's shape (a hand edit, a torn write) is skipped and counted,
 * never fatal: the rest of the history still tells what happened.
 */


const ACTIONS = new Set(['deploy', 'rollback']);
const RESULTS = new Set(['success', 'failed']);
/** One history line → its entry, or undefined when it is not berth's shape. Pure. */
function parseHistoryLine(line) {
    let value;
    try {
        value = JSON.parse(line);
    }
    catch {
        return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return undefined;
    const o = value;
    if (typeof o.at !== 'string' || Number.isNaN(Date.parse(o.at)))
        return undefined;
    if (typeof o.action !== 'string' || !ACTIONS.has(o.action))
        return undefined;
    if (typeof o.result !== 'string' || !RESULTS.has(o.result))
        return undefined;
    const text = (key) => (typeof o[key] === 'string' ? o[key] : '');
    const color = text('color');
    const durationMs = typeof o.durationMs === 'number' && Number.isFinite(o.durationMs) ? o.durationMs : 0;
    return {
        at: o.at,
        action: o.action,
        result: o.result,
        color: color === 'blue' || color === 'green' ? color : '',
        imageRef: text('imageRef'),
        previousImageRef: text('previousImageRef'),
        commit: text('commit'),
        runId: text('runId'),
        actor: text('actor'),
        durationMs: Math.max(0, durationMs),
        ...(typeof o.committedAt === 'string' && !Number.isNaN(Date.parse(o.committedAt))
            ? { committedAt: o.committedAt }
            : {}),
        ...(typeof o.error === 'string' ? { error: o.error } : {}),
    };
}
/** `history.jsonl`'s text → the last `count` entries newest first, how many in all, lines skipped. Pure. */
function parseHistory(text, count) {
    const entries = [];
    let skippedLines = 0;
    let lastSuccess;
    for (const line of text.split('\n')) {
        if (line.trim() === '')
            continue;
        const entry = parseHistoryLine(line);
        if (entry === undefined)
            skippedLines++;
        else {
            entries.push(entry);
            if (entry.result === 'success')
                lastSuccess = entry;
        }
    }
    return {
        history: entries.slice(Math.max(0, entries.length - count)).reverse(),
        deploys: entries.length,
        skippedLines,
        ...(lastSuccess === undefined ? {} : { lastSuccess }),
    };
}
/**
 * What is live, from the records: `state.json` when the strategy keeps one (containers), else the last
 * successful attempt of the history (a static release, whose `imageRef` is its directory). Pure.
 */
function liveFromRecords(state, lastSuccess) {
    if (state !== undefined && state.imageRef !== '') {
        return {
            strategy: state.strategy ?? (state.live === undefined ? 'recreate' : 'blue-green'),
            color: state.live ?? '',
            imageRef: state.imageRef,
            commit: state.commit,
            since: state.updatedAt,
        };
    }
    const last = lastSuccess;
    if (last === undefined)
        return null;
    return { strategy: '', color: last.color, imageRef: last.imageRef, commit: last.commit, since: last.at };
}
/** The history file beside `state.json`. */
function historyFile(stateDir) {
    return node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.join(stateDir, 'history.jsonl');
}
/**
 * A host's records of one app and environment, read once: `state.json`, the history's last `count`
 * entries newest first, and what is live. What `status` shows and the deploy metrics are made of.
 */
async function readRecords(host, stateDir, count) {
    const state = await (0,_state_js__WEBPACK_IMPORTED_MODULE_1__/* .readState */ .un)(host, stateDir);
    const read = parseHistory((await host.readFile(historyFile(stateDir))) ?? '', count);
    return { ...read, live: liveFromRecords(state, read.lastSuccess) };
}


/***/ }),

/***/ 1615:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dn: () => (/* binding */ buildDockerRunArgs),
/* harmony export */   E7: () => (/* binding */ parseInspect),
/* harmony export */   FF: () => (/* binding */ buildImageIdsArgs),
/* harmony export */   IP: () => (/* binding */ otherColor),
/* harmony export */   UJ: () => (/* binding */ buildStartArgs),
/* harmony export */   Z_: () => (/* binding */ buildContainerImagesArgs),
/* harmony export */   _8: () => (/* binding */ buildInspectArgs),
/* harmony export */   eP: () => (/* binding */ buildStopArgs),
/* harmony export */   lA: () => (/* binding */ buildLogsArgs),
/* harmony export */   lj: () => (/* binding */ buildCreateBody),
/* harmony export */   mZ: () => (/* binding */ buildRemoveArgs),
/* harmony export */   qm: () => (/* binding */ parseIdLines),
/* harmony export */   xN: () => (/* binding */ containerName),
/* harmony export */   zp: () => (/* binding */ buildPullArgs)
/* harmony export */ });
/* unused harmony export INSPECT_FORMAT */
/** The argv of container lifecycle commands — pure; run by the engine seam. */
const otherColor = (color) => (color === 'blue' ? 'green' : 'blue');
/** Container names: `<app>-<environment>-<color>`; strategy recreate has one, `<app>-<environment>`. */
function containerName(app, environment, color) {
    return color === undefined ? `${app}-${environment}` : `${app}-${environment}-${color}`;
}
function buildDockerRunArgs(spec) {
    const args = ['--config', spec.configDir, 'run', '--detach', '--name', spec.name];
    args.push('--restart', 'unless-stopped');
    args.push('--log-driver', 'json-file', '--log-opt', 'max-size=10m', '--log-opt', 'max-file=3');
    args.push('--stop-timeout', String(spec.stopTimeoutSeconds));
    if (spec.hostPort !== undefined && spec.containerPort !== undefined)
        args.push('--publish', `${spec.bindAddress}:${spec.hostPort}:${spec.containerPort}`);
    if (spec.envFile !== undefined)
        args.push('--env-file', spec.envFile);
    for (const [k, v] of spec.labels)
        args.push('--label', `${k}=${v}`);
    args.push(spec.image);
    return args;
}
/**
 * The same container as {@link buildDockerRunArgs}, as the Engine API's `POST /containers/create` body
 * (the runner's own engine, asked through its socket): the env goes in the body, so no env file is
 * written at all.
 */
function buildCreateBody(spec) {
    const port = spec.containerPort !== undefined ? `${spec.containerPort}/tcp` : undefined;
    const published = spec.hostPort !== undefined && port !== undefined;
    return {
        Image: spec.image,
        Env: spec.env.map(([k, v]) => `${k}=${v}`),
        Labels: Object.fromEntries(spec.labels),
        StopTimeout: spec.stopTimeoutSeconds,
        ...(published ? { ExposedPorts: { [port]: {} } } : {}),
        HostConfig: {
            RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
            LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
            ...(published
                ? { PortBindings: { [port]: [{ HostIp: spec.bindAddress, HostPort: String(spec.hostPort) }] } }
                : {}),
        },
    };
}
const buildPullArgs = (configDir, image) => [
    '--config',
    configDir,
    'pull',
    image,
];
const buildStopArgs = (name, timeoutSeconds) => [
    'stop',
    '--time',
    String(timeoutSeconds),
    name,
];
const buildStartArgs = (name) => ['start', name];
const buildRemoveArgs = (name) => ['rm', '--force', name];
const buildLogsArgs = (name, lines) => [
    'logs',
    '--tail',
    String(lines),
    name,
];
/** `status exitCode restartCount health image-ref` of a container, one line. */
const INSPECT_FORMAT = '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{index .Config.Labels "berth.image-ref"}}';
function buildInspectArgs(name) {
    return ['inspect', '--format', INSPECT_FORMAT, name];
}
function parseInspect(line) {
    const [status = '', exitCode = '0', restarts = '0', health = 'none', imageRef = ''] = line
        .trim()
        .split(' ');
    return {
        status,
        exitCode: Number(exitCode),
        restartCount: Number(restarts),
        health,
        imageRef: imageRef === '<no' ? '' : imageRef,
    };
}
/** `docker image ls`: the full IDs of a repository's images, newest first. */
function buildImageIdsArgs(repository) {
    return ['image', 'ls', '--no-trunc', '--format', '{{.ID}}', repository];
}
/** `docker container inspect`: the image ID of each named container that exists, one per line. */
function buildContainerImagesArgs(containers) {
    return ['container', 'inspect', '--format', '{{.Image}}', ...containers];
}
/** Output of one ID per line (the two above) → the IDs, in order, without repeats or blanks. */
function parseIdLines(output) {
    return [
        ...new Set(output
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l !== '')),
    ];
}


/***/ }),

/***/ 9067:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NY: () => (/* binding */ renderStatusSummary),
/* harmony export */   _c: () => (/* binding */ renderStatusText),
/* harmony export */   bj: () => (/* binding */ statusJson),
/* harmony export */   j3: () => (/* binding */ commonImage),
/* harmony export */   m3: () => (/* binding */ shortRef)
/* harmony export */ });
/* unused harmony exports shortCommit, when, took */
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4285);

/** One line of plain text: control characters (C0, DEL, C1) become spaces. */
function plain(text) {
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}
/** `repo@sha256:<64 hex>` → `repo@sha256:<12 hex>`, as docker shows IDs; anything else as it is. */
function shortRef(ref) {
    return ref.replace(/@sha256:([0-9a-f]{12})[0-9a-f]{52}$/, '@sha256:$1');
}
/** A full commit SHA → its first 7 characters. */
function shortCommit(commit) {
    return /^[0-9a-f]{40}$/.test(commit) ? commit.slice(0, 7) : commit;
}
/** ISO 8601 → `2026-12-04 20:01 UTC`; text that is no date as it is. */
function when(iso) {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms))
        return iso;
    return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
/** Milliseconds → `42 s`, `3 min 5 s`, `2 h 1 min`. */
function took(ms) {
    const s = Math.round(ms / 1000);
    if (s < 60)
        return `${s} s`;
    if (s < 3600)
        return `${Math.floor(s / 60)} min${s % 60 === 0 ? '' : ` ${s % 60} s`}`;
    const m = Math.floor(s / 60);
    return `${Math.floor(m / 60)} h${m % 60 === 0 ? '' : ` ${m % 60} min`}`;
}
function liveLine(live) {
    if (live === null)
        return 'nothing live';
    const parts = [
        live.color === '' ? '' : live.color,
        shortRef(live.imageRef),
        live.commit === '' ? '' : `commit ${shortCommit(live.commit)}`,
        `since ${when(live.since)}`,
        live.container === null ? '' : `container ${live.container}`,
    ];
    return parts.filter((p) => p !== '').join(', ');
}
const HISTORY_HEADER = ['When', 'Action', 'Result', 'Colour', 'Version', 'Commit', 'By', 'Took'];
function historyRow(e) {
    const result = e.result === 'success' ? 'success' : `failed${e.error ? `: ${firstSentence(e.error)}` : ''}`;
    return [
        when(e.at),
        e.action,
        result,
        e.color,
        shortRef(e.imageRef),
        shortCommit(e.commit),
        e.actor,
        took(e.durationMs),
    ];
}
/** The start of an error, up to its first sentence's end or 120 characters. */
function firstSentence(text) {
    const one = plain(text).trim();
    const end = one.search(/[.;](\s|$)/);
    const cut = end > 0 ? one.slice(0, end) : one;
    return cut.length > 120 ? `${cut.slice(0, 119)}…` : cut;
}
function heading(env, h) {
    return `${env.app}-${env.environment} on ${h.host}`;
}
function historyNote(h) {
    const shown = h.history.length;
    const parts = [
        h.deploys === 0
            ? 'no deploys recorded'
            : `last ${shown} of ${h.deploys} deploy${h.deploys === 1 ? '' : 's'}`,
        ...(h.skippedLines > 0
            ? [
                `${h.skippedLines} line${h.skippedLines === 1 ? '' : 's'} of history.jsonl not berth's form, skipped`,
            ]
            : []),
    ];
    return parts.join('; ');
}
/** Cells padded to their column's width, two spaces apart. */
function textTable(rows, indent) {
    const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    return rows.map((r) => `${indent}${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd());
}
/** The log's view: per host, what is live, then its last deploys as an aligned table. */
function renderStatusText(env) {
    const out = [];
    for (const h of env.hosts) {
        out.push(plain(`${heading(env, h)} (${h.stateDir})`));
        out.push(plain(`  live: ${liveLine(h.live)}`));
        if (h.history.length > 0) {
            out.push(plain(`  ${historyNote(h)}:`));
            const rows = [[...HISTORY_HEADER], ...h.history.map(historyRow)].map((r) => r.map(plain));
            out.push(...textTable(rows, '    '));
        }
        else {
            out.push(plain(`  ${historyNote(h)}`));
        }
    }
    return out.join('\n');
}
/** The step summary's view: a heading per host, what is live, the history as a table. */
function renderStatusSummary(env) {
    const out = [];
    for (const h of env.hosts) {
        out.push(`### berth status: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)(heading(env, h))}`, '');
        out.push(`**Live:** ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)(liveLine(h.live))}`, '');
        if (h.history.length > 0) {
            out.push(`${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)(historyNote(h))}:`, '');
            out.push((0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .renderTable */ .b)([...HISTORY_HEADER], h.history.map(historyRow)), '');
        }
        else {
            out.push((0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)(historyNote(h)), '');
        }
    }
    return out.join('\n');
}
/** The `status` output: full references, no shortening, kebab-case keys as the other outputs. */
function statusJson(env) {
    return {
        app: env.app,
        environment: env.environment,
        hosts: env.hosts.map((h) => ({
            host: h.host,
            'state-dir': h.stateDir,
            live: h.live === null
                ? null
                : {
                    strategy: h.live.strategy,
                    color: h.live.color,
                    'image-ref': h.live.imageRef,
                    commit: h.live.commit,
                    since: h.live.since,
                    container: h.live.container,
                },
            deploys: h.deploys,
            'skipped-lines': h.skippedLines,
            history: h.history.map((e) => ({
                at: e.at,
                action: e.action,
                result: e.result,
                color: e.color,
                'image-ref': e.imageRef,
                'previous-image-ref': e.previousImageRef,
                commit: e.commit,
                actor: e.actor,
                'run-id': e.runId,
                'duration-ms': e.durationMs,
                ...(e.error === undefined ? {} : { error: e.error }),
            })),
        })),
    };
}
/** The image live on every host, or '' when they differ or one has nothing live. */
function commonImage(env) {
    const refs = new Set(env.hosts.map((h) => h.live?.imageRef ?? ''));
    const [only] = refs;
    return refs.size === 1 && only !== undefined ? only : '';
}


/***/ })

};
