export const id = 386;
export const ids = [386];
export const modules = {

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

/***/ 3386:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  PUSH_RETRY: () => (/* binding */ PUSH_RETRY),
  metricsFileName: () => (/* binding */ metricsFileName),
  publishDeployMetrics: () => (/* binding */ publishDeployMetrics),
  pushgatewayUrl: () => (/* binding */ pushgatewayUrl),
  readMetricsSettings: () => (/* reexport */ settings/* readMetricsSettings */.D)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/deploy/status.ts
var deploy_status = __webpack_require__(8917);
// EXTERNAL MODULE: ./src/http/request.ts
var request = __webpack_require__(7777);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(9809);
// EXTERNAL MODULE: ./src/report/status-summary.ts
var status_summary = __webpack_require__(9067);
;// CONCATENATED MODULE: ./src/metrics/deploy-metrics.ts

/** A label value as the text format wants it: backslash, double quote and line feed escaped. */
function labelValue(value) {
    return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
function labels(pairs) {
    const inner = Object.entries(pairs)
        .map(([k, v]) => `${k}="${labelValue(v)}"`)
        .join(',');
    return `{${inner}}`;
}
/** A number as the text format writes it (Go's ParseFloat reads JavaScript's shortest form). */
function num(value) {
    return Number.isFinite(value) ? String(value) : 'NaN';
}
function median(values) {
    if (values.length === 0)
        return undefined;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1
        ? sorted[mid]
        : (sorted[mid - 1] + sorted[mid]) / 2;
}
/** The version a person reads: `repo@sha256:<12 hex>` or the tag; a static release's directory. */
const versionOf = status_summary/* shortRef */.m3;
/** The four DORA figures over the window; pure. */
function doraFigures(history, now, windowDays = 30) {
    const since = now - windowDays * 86_400_000;
    const at = (e) => Date.parse(e.at);
    const inWindow = history.filter((e) => at(e) >= since && at(e) <= now);
    const deploys = inWindow.filter((e) => e.action === 'deploy');
    const live = deploys.filter((e) => e.result === 'success');
    const leadTimes = live.flatMap((e) => {
        const committed = e.committedAt === undefined ? NaN : Date.parse(e.committedAt);
        return Number.isNaN(committed) || committed > at(e) ? [] : [(at(e) - committed) / 1000];
    });
    // A successful rollback undoes the deploy that went live last before it.
    const restores = [];
    const undone = new Set();
    for (const rollback of inWindow.filter((e) => e.action === 'rollback' && e.result === 'success')) {
        const before = history.filter((e) => e.action === 'deploy' && e.result === 'success' && at(e) <= at(rollback) && !undone.has(e));
        const bad = before.at(-1);
        if (bad === undefined)
            continue;
        undone.add(bad);
        restores.push((at(rollback) - at(bad)) / 1000);
    }
    const refused = deploys.filter((e) => e.result === 'failed').length;
    const failedChanges = refused + deploys.filter((e) => undone.has(e)).length;
    const leadTimeSeconds = median(leadTimes);
    const timeToRestoreSeconds = median(restores);
    return {
        deploysPerDay: live.length / windowDays,
        ...(leadTimeSeconds === undefined ? {} : { leadTimeSeconds }),
        ...(deploys.length === 0 ? {} : { changeFailureRate: failedChanges / deploys.length }),
        ...(timeToRestoreSeconds === undefined ? {} : { timeToRestoreSeconds }),
    };
}
/** The metrics file's text. */
function renderDeployMetrics(m) {
    const base = { app: m.app, environment: m.environment };
    const out = [];
    const family = (name, type, help) => {
        out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    };
    const sample = (name, extra, value) => {
        out.push(`${name}${labels({ ...base, ...extra })} ${num(value)}`);
    };
    const groups = new Map();
    for (const e of m.history) {
        const key = `${e.action} ${e.result}`;
        const g = groups.get(key) ?? { action: e.action, result: e.result, count: 0, seconds: 0 };
        g.count++;
        g.seconds += e.durationMs / 1000;
        groups.set(key, g);
    }
    const sorted = [...groups.values()].sort((a, b) => `${a.action} ${a.result}`.localeCompare(`${b.action} ${b.result}`));
    family('berth_deploys_total', 'counter', "Deploy attempts recorded in the host's history, by action and result.");
    for (const g of sorted)
        sample('berth_deploys_total', { action: g.action, result: g.result }, g.count);
    family('berth_deploy_duration_seconds', 'summary', 'How long deploy attempts took, lock to record.');
    for (const g of sorted) {
        sample('berth_deploy_duration_seconds_sum', { action: g.action, result: g.result }, g.seconds);
        sample('berth_deploy_duration_seconds_count', { action: g.action, result: g.result }, g.count);
    }
    const last = m.history.at(-1);
    if (last !== undefined) {
        family('berth_last_deploy_timestamp_seconds', 'gauge', 'When the last deploy attempt ended, by its action and result.');
        sample('berth_last_deploy_timestamp_seconds', { action: last.action, result: last.result }, Date.parse(last.at) / 1000);
        family('berth_last_deploy_duration_seconds', 'gauge', 'How long the last deploy attempt took.');
        sample('berth_last_deploy_duration_seconds', {}, last.durationMs / 1000);
    }
    const lastSuccess = [...m.history].reverse().find((e) => e.result === 'success');
    if (lastSuccess !== undefined) {
        family('berth_last_success_timestamp_seconds', 'gauge', 'When a deploy or rollback last succeeded.');
        sample('berth_last_success_timestamp_seconds', {}, Date.parse(lastSuccess.at) / 1000);
    }
    if (m.live !== null) {
        family('berth_live_info', 'gauge', 'What is live: colour, version and commit (always 1).');
        sample('berth_live_info', { color: m.live.color, version: versionOf(m.live.imageRef), commit: m.live.commit }, 1);
        const since = Date.parse(m.live.since);
        if (!Number.isNaN(since)) {
            family('berth_live_since_timestamp_seconds', 'gauge', 'Since when the live version has been live.');
            sample('berth_live_since_timestamp_seconds', {}, since / 1000);
        }
    }
    const windowDays = m.windowDays ?? 30;
    const dora = doraFigures(m.history, m.now, windowDays);
    const window = { window: `${windowDays}d` };
    family('berth_dora_deployment_frequency_per_day', 'gauge', `DORA: successful deploys a day over the last ${windowDays} days.`);
    sample('berth_dora_deployment_frequency_per_day', window, dora.deploysPerDay);
    if (dora.leadTimeSeconds !== undefined) {
        family('berth_dora_lead_time_seconds', 'gauge', `DORA: median time from commit to live over the last ${windowDays} days.`);
        sample('berth_dora_lead_time_seconds', window, dora.leadTimeSeconds);
    }
    if (dora.changeFailureRate !== undefined) {
        family('berth_dora_change_failure_rate', 'gauge', `DORA: share of deploys refused or rolled back over the last ${windowDays} days (0 to 1).`);
        sample('berth_dora_change_failure_rate', window, dora.changeFailureRate);
    }
    if (dora.timeToRestoreSeconds !== undefined) {
        family('berth_dora_time_to_restore_seconds', 'gauge', `DORA: median time from a bad deploy going live to the rollback that undid it, over the last ${windowDays} days.`);
        sample('berth_dora_time_to_restore_seconds', window, dora.timeToRestoreSeconds);
    }
    family('berth_metrics_timestamp_seconds', 'gauge', 'When berth wrote these metrics.');
    sample('berth_metrics_timestamp_seconds', {}, m.now / 1000);
    return `${out.join('\n')}\n`;
}

// EXTERNAL MODULE: ./src/metrics/settings.ts
var settings = __webpack_require__(772);
;// CONCATENATED MODULE: ./src/metrics/publish.ts
/**
 * After every deploy attempt on a host: the host's deploy metrics (./deploy-metrics.ts), computed from
 * its whole history, written where node_exporter's textfile collector reads them (atomically: a temp
 * file renamed, so a scrape never sees half a file; 0644, so the collector's user can read it) and
 * pushed to a Pushgateway. Either failing is a warning: metrics never fail a deploy.
 */






/** `berth-<app>-<environment>.prom`: the collector reads `*.prom` only, so berth's temp file is never read. */
function metricsFileName(app, environment) {
    return `berth-${app}-${environment}.prom`;
}
/** The Pushgateway's group of this app and environment (names are berth's: letters, digits, `-`, `_`). */
function pushgatewayUrl(base, app, environment) {
    return `${base.replace(/\/+$/, '')}/metrics/job/berth/app/${encodeURIComponent(app)}/environment/${encodeURIComponent(environment)}`;
}
const PUSH_RETRY = { delaysMs: [1000, 3000], sleep: retry/* sleep */.yy };
async function publishDeployMetrics(host, stateDir, names, settings, runtime, options = {}) {
    let text;
    try {
        const read = await (0,deploy_status/* readRecords */.T3)(host, stateDir, Number.MAX_SAFE_INTEGER);
        text = renderDeployMetrics({
            ...names,
            history: [...read.history].reverse(),
            live: read.live,
            now: options.now ?? Date.now(),
        });
    }
    catch (error) {
        runtime.warning(`deploy metrics: the history on ${host.label} could not be read: ${message(error)}`);
        return;
    }
    if (settings.textfileDir !== '') {
        const file = external_node_path_default().posix.join(settings.textfileDir, metricsFileName(names.app, names.environment));
        try {
            await host.writeFile(file, text, { mode: 0o644 });
            runtime.info(`deploy metrics: wrote ${file} on ${host.label}`);
        }
        catch (error) {
            runtime.warning(`deploy metrics: ${file} could not be written on ${host.label} (${message(error)}); give the deploy user write access to metrics-textfile-dir. The deploy's result stands.`);
        }
    }
    if (settings.pushgateway !== '') {
        const url = pushgatewayUrl(settings.pushgateway, names.app, names.environment);
        let attempts = 0;
        try {
            await (0,retry/* retry */.L5)(async () => {
                attempts++;
                const res = await (0,request/* httpRequest */.aj)(new URL(url), {
                    method: 'PUT',
                    headers: { 'content-type': 'text/plain; version=0.0.4', 'user-agent': 'berth' },
                    body: text,
                    timeoutMs: 10_000,
                    maxBodyBytes: 64 * 1024,
                });
                if (res.status < 200 || res.status >= 300) {
                    const why = res.body.toString('utf8').trim().slice(0, 200);
                    throw Object.assign(new Error(`HTTP ${res.status}${why === '' ? '' : `: ${why}`}`), {
                        status: res.status,
                    });
                }
            }, (error) => {
                const status = error.status;
                return status === undefined || status >= 500 || status === 429;
            }, options.retry ?? PUSH_RETRY);
            runtime.info(`deploy metrics: pushed to ${url}`);
        }
        catch (error) {
            runtime.warning(`deploy metrics: the Pushgateway at ${url} did not take them: ${message(error)} after ${attempts} attempt${attempts === 1 ? '' : 's'}. The deploy's result stands.`);
        }
    }
}
function message(error) {
    return error instanceof Error ? error.message : String(error);
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
