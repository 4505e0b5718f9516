export const id = 795;
export const ids = [795];
export const modules = {

/***/ 9839:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CW: () => (/* binding */ formatDelta),
/* harmony export */   UF: () => (/* binding */ isFiguresFile),
/* harmony export */   j1: () => (/* binding */ parseFigures),
/* harmony export */   kg: () => (/* binding */ deltaPoints),
/* harmony export */   uD: () => (/* binding */ renderFigures)
/* harmony export */ });
/* unused harmony export FIGURES_KIND */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * A run's headline figures as a small JSON file (`report-file`): what a later run compares against.
 * The workflow of the base branch keeps it (an artifact, a cache); a pull request's run reads it back
 * as `base-coverage-file` for the delta and `max-drop`. A base may also be any coverage report berth
 * reads (a report of the base branch's tests): its totals are the figures.
 */

const FIGURES_KIND = 'berth-coverage-figures';
function renderFigures(totals, commit, component) {
    const figures = {
        kind: FIGURES_KIND,
        version: 1,
        lines: totals.lines,
        branches: totals.branches,
        ...(commit ? { commit } : {}),
        ...(component ? { component } : {}),
    };
    return `${JSON.stringify(figures, null, 2)}\n`;
}
/** True when `text` looks like a figures file (a JSON object naming the kind), not a coverage report. */
function isFiguresFile(text) {
    return /^\s*\{/.test(text) && text.includes(`"${FIGURES_KIND}"`);
}
/** Parses a figures file; `input` and `file` name it in errors. */
function parseFigures(text, file, input) {
    const bad = (why) => new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${input}: ${file} is not a berth coverage figures file (${why}); expected the \`report-file\` an earlier \`coverage\` run wrote, or a coverage report`);
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw bad(error instanceof Error ? error.message : String(error));
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw bad('not a JSON object');
    const o = value;
    if (o.kind !== FIGURES_KIND)
        throw bad(`kind is ${JSON.stringify(o.kind)}`);
    if (o.version !== 1)
        throw bad(`version ${JSON.stringify(o.version)} is not 1`);
    const lines = counter(o.lines);
    if (lines === undefined)
        throw bad('lines must be {"covered": n, "total": n} with 0 <= covered <= total');
    const branches = o.branches === null || o.branches === undefined ? null : counter(o.branches);
    if (branches === undefined)
        throw bad('branches must be null or {"covered": n, "total": n}');
    return {
        lines,
        branches,
        ...(typeof o.commit === 'string' ? { commit: o.commit } : {}),
        ...(typeof o.component === 'string' ? { component: o.component } : {}),
    };
}
function counter(value) {
    if (typeof value !== 'object' || value === null)
        return undefined;
    const { covered, total } = value;
    if (!Number.isSafeInteger(covered) || !Number.isSafeInteger(total))
        return undefined;
    const c = covered;
    const t = total;
    return c >= 0 && t >= c ? { covered: c, total: t } : undefined;
}
/**
 * The change in percentage points from `base` to `now`, exact (not from truncated percentages);
 * null when either has nothing to measure.
 */
function deltaPoints(now, base) {
    if (now === null || base === null || now.total === 0 || base.total === 0)
        return null;
    return (now.covered / now.total - base.covered / base.total) * 100;
}
/** `+1.25`, `-0.40`, `±0.00` (points, two decimals). */
function formatDelta(points) {
    const rounded = Math.round(points * 100) / 100;
    if (rounded === 0)
        return '±0.00';
    return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(2)}`;
}


/***/ }),

/***/ 3307:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ao: () => (/* binding */ ownString),
/* harmony export */   KN: () => (/* binding */ percent),
/* harmony export */   Kw: () => (/* binding */ CoverageParseError),
/* harmony export */   Oo: () => (/* binding */ COVERAGE_FORMATS),
/* harmony export */   vA: () => (/* binding */ totalsOf),
/* harmony export */   xE: () => (/* binding */ inPieces)
/* harmony export */ });
/* unused harmony export DECODE_BYTES */
/**
 * One model for every coverage format. Figures are the producing tool's own: a parser keeps the totals a
 * format states (JaCoCo counters, istanbul summaries, lcov LF/LH) and the line data where the format has
 * it (for changed-lines coverage and merging). Paths are as the report names them until `normalise`
 * makes them repository-relative.
 */
const COVERAGE_FORMATS = [
    'jacoco-xml',
    'lcov',
    'cobertura-xml',
    'clover-xml',
    'istanbul-json-summary',
    'istanbul-json',
];
const add = (a, b) => a === null ? b : b === null ? a : { covered: a.covered + b.covered, total: a.total + b.total };
/** Totals of a report: the sum over its files; branches/functions null only when no file has them. */
function totalsOf(files) {
    let lines = { covered: 0, total: 0 };
    let branches = null;
    let functions = null;
    for (const f of files) {
        lines = add(lines, f.summary.lines);
        branches = add(branches, f.summary.branches);
        functions = add(functions, f.summary.functions);
    }
    return { lines, branches, functions };
}
/** Percentage with one decimal, truncated (never rounds 79.96 up to 80.0 past a gate); null for 0 of 0. */
function percent(c) {
    if (c === null || c.total === 0)
        return null;
    return Math.floor((c.covered / c.total) * 1000) / 10;
}
/** A parser's user-facing failure: names the file and, where known, the position. */
class CoverageParseError extends Error {
    file;
    position;
    name = 'CoverageParseError';
    constructor(file, message, position) {
        super(`${file}${position ? `:${position.line}:${position.column}` : ''}: ${message}`);
        this.file = file;
        this.position = position;
    }
}
/**
 * The most bytes decoded into one string. V8 puts a string past 128 KiB straight into the old
 * generation, where only a full collection frees it: a 256 KiB chunk decoded whole leaves garbage as
 * big as the report between full collections; 32 KiB pieces die young.
 */
const DECODE_BYTES = 1 << 15;
/** `input`'s Buffer chunks cut into pieces of at most DECODE_BYTES (views: nothing is copied). */
async function* inPieces(input) {
    for await (const chunk of input) {
        if (typeof chunk === 'string' || chunk.length <= DECODE_BYTES)
            yield chunk;
        else
            for (let i = 0; i < chunk.length; i += DECODE_BYTES)
                yield chunk.subarray(i, i + DECODE_BYTES);
    }
}
/**
 * A flat copy of a string that is kept (a file's path). V8 makes a substring a view that keeps the
 * whole string it came from alive, and a concatenation a pair of pointers; a report of a million files
 * keeps one compact string per path instead.
 */
function ownString(s) {
    if (s.length < 13)
        return s; // V8 copies short substrings anyway
    const copy = Buffer.from(s, 'utf8').toString('utf8');
    return copy === s ? copy : s; // a lone surrogate does not survive UTF-8: keep the string as it is
}


/***/ }),

/***/ 7210:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zC: () => (/* binding */ readSectionFiles),
  YE: () => (/* binding */ writeSectionFiles)
});

// UNUSED EXPORTS: COMMENT_DIR_NAME, MAX_SECTION_FILES, sectionOfFileName

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/report/pr-comment.ts
var pr_comment = __webpack_require__(1914);
// EXTERNAL MODULE: ./src/coverage/figures.ts
var figures = __webpack_require__(9839);
// EXTERNAL MODULE: ./src/coverage/model.ts
var model = __webpack_require__(3307);
// EXTERNAL MODULE: ./src/report/coverage-summary.ts
var coverage_summary = __webpack_require__(279);
// EXTERNAL MODULE: ./src/report/quality-gate-summary.ts
var quality_gate_summary = __webpack_require__(390);
// EXTERNAL MODULE: ./src/report/tests-section.ts
var tests_section = __webpack_require__(3045);
// EXTERNAL MODULE: ./src/sonar/api.ts
var api = __webpack_require__(5131);
;// CONCATENATED MODULE: ./src/github/comment-data.ts
/**
 * What a fork's pull_request run hands to the trusted `comment` stage: data, never Markdown. Stage 1
 * (`coverage`, `quality-gate`) writes one JSON document per section — figures, file names, test names,
 * the gate's status — and stage 2 validates it against a strict schema (every key known, every string
 * and list bounded, numbers whole and non-negative) and renders it with berth's own renderers, which
 * escape every name (../report/markdown.ts escapeMarkdown). So a fork can lie about its figures but can
 * post no mention, link, image, HTML or section of its own; and each verdict is berth's reading of the
 * figures (coverage's conditions are recomputed, the SonarQube verdict is one of its four statuses),
 * labelled as reported by the pull request's run. The dashboard address is dropped: it could point
 * anywhere.
 */







/** The document's `schema`; a document of any other schema is refused. */
const COMMENT_DATA_SCHEMA = 'berth-comment-data/1';
/** One document at most, in bytes: far more than a 65,536-character comment needs. */
const MAX_DOCUMENT_BYTES = 1024 * 1024;
const MAX_NAME = 1000; // a path, a test or suite name, a metric key
const MAX_TEXT = 10_000; // a failure message or trace, a reason
const MAX_FILES = 20_000;
const MAX_RANGES = 2_000;
const MAX_FAILURES = 200;
const MAX_CONDITIONS = 50;
/** The note on every section rendered from a pull request run's data. */
const REPORTED_NOTE = "_Reported by the pull request's run (from a fork): berth rendered these figures but could not check them._";
/** The section name a document fills: `<kind>` or `<kind>-<component>`. */
function sectionOfData(data) {
    const kind = data.kind === 'quality-gate-not-checked' ? 'quality-gate' : data.kind;
    return (0,pr_comment/* sectionName */.$)(kind, data.component);
}
/** Stage 1: the document as JSON, with only what the renderers use (file line maps dropped). */
function serializeCommentDocument(pullRequest, section) {
    const data = section.kind === 'coverage'
        ? {
            ...section,
            result: {
                ...section.result,
                files: section.result.files
                    .slice(0, MAX_FILES)
                    .map((f) => ({ path: f.path, summary: f.summary })),
            },
        }
        : section.kind === 'quality-gate'
            ? { ...section, result: withoutDashboard(section.result) }
            : section;
    const document = { schema: COMMENT_DATA_SCHEMA, pullRequest, section: data };
    return `${JSON.stringify(document)}\n`;
}
function withoutDashboard(r) {
    const rest = { ...r };
    delete rest.dashboardUrl;
    return rest;
}
/** Stage 2: the section's Markdown, rendered by berth from validated data. */
function renderCommentData(data) {
    const body = data.kind === 'coverage'
        ? (0,coverage_summary/* renderCoverageSummary */.V0)(data.result)
        : data.kind === 'tests'
            ? `#### Tests\n\n${(0,tests_section/* renderTestsSection */.jr)(data.results)}`
            : data.kind === 'quality-gate'
                ? (0,quality_gate_summary/* renderQualityGateSummary */.$S)(data.result)
                : (0,quality_gate_summary/* renderQualityGateNotChecked */.H_)(data.reason);
    return `${body.trimEnd()}\n\n${REPORTED_NOTE}`;
}
/** A document that breaks the schema: `at` is where (`section.result.totals.lines.covered`). */
class CommentDataError extends Error {
    at;
    constructor(at, expected) {
        super(`${at}: expected ${expected}`);
        this.at = at;
        this.name = 'CommentDataError';
    }
}
/** Stage 2: `text` (a document's JSON) validated; throws CommentDataError naming the first bad field. */
function parseCommentDocument(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        throw new CommentDataError('(document)', `JSON (${COMMENT_DATA_SCHEMA})`);
    }
    const doc = record(value, '(document)', ['schema', 'pullRequest', 'section'], []);
    if (doc.schema !== COMMENT_DATA_SCHEMA)
        throw new CommentDataError('schema', JSON.stringify(COMMENT_DATA_SCHEMA));
    const pullRequest = doc.pullRequest === null ? null : whole(doc.pullRequest, 'pullRequest', 1);
    return { schema: COMMENT_DATA_SCHEMA, pullRequest, section: sectionData(doc.section, 'section') };
}
function sectionData(value, at) {
    const kind = value?.kind;
    switch (kind) {
        case 'coverage': {
            const r = record(value, at, ['kind', 'component', 'result'], []);
            return {
                kind,
                component: comment_data_name(r.component, `${at}.component`, true),
                result: coverage(r.result, `${at}.result`),
            };
        }
        case 'tests': {
            const r = record(value, at, ['kind', 'component', 'results'], []);
            return {
                kind,
                component: comment_data_name(r.component, `${at}.component`, true),
                results: tests(r.results, `${at}.results`),
            };
        }
        case 'quality-gate': {
            const r = record(value, at, ['kind', 'component', 'result'], []);
            return {
                kind,
                component: comment_data_name(r.component, `${at}.component`, true),
                result: gate(r.result, `${at}.result`),
            };
        }
        case 'quality-gate-not-checked': {
            const r = record(value, at, ['kind', 'component', 'reason'], []);
            return {
                kind,
                component: comment_data_name(r.component, `${at}.component`, true),
                reason: comment_data_text(r.reason, `${at}.reason`),
            };
        }
        default:
            throw new CommentDataError(`${at}.kind`, 'coverage, tests, quality-gate or quality-gate-not-checked');
    }
}
function coverage(value, at) {
    const r = record(value, at, ['totals', 'files', 'reports', 'conditions'], ['component', 'base', 'changed']);
    const totals = record(r.totals, `${at}.totals`, ['lines', 'branches', 'functions'], []);
    const result = {
        totals: {
            lines: counter(totals.lines, `${at}.totals.lines`),
            branches: counterOrNull(totals.branches, `${at}.totals.branches`),
            functions: counterOrNull(totals.functions, `${at}.totals.functions`),
        },
        files: list(r.files, `${at}.files`, MAX_FILES, (f, fat) => {
            const file = record(f, fat, ['path', 'summary'], []);
            const s = record(file.summary, `${fat}.summary`, ['lines', 'branches', 'functions'], []);
            return {
                path: comment_data_name(file.path, `${fat}.path`),
                summary: {
                    lines: counter(s.lines, `${fat}.summary.lines`),
                    branches: counterOrNull(s.branches, `${fat}.summary.branches`),
                    functions: counterOrNull(s.functions, `${fat}.summary.functions`),
                },
            };
        }),
        reports: list(r.reports, `${at}.reports`, 100, (x, rat) => {
            const report = record(x, rat, ['file', 'format', 'files'], []);
            return {
                file: comment_data_name(report.file, `${rat}.file`),
                format: comment_data_name(report.format, `${rat}.format`),
                files: whole(report.files, `${rat}.files`),
            };
        }),
        conditions: list(r.conditions, `${at}.conditions`, 10, (c, cat) => condition(c, cat)),
    };
    if (r.component !== undefined)
        result.component = comment_data_name(r.component, `${at}.component`);
    if (r.base !== undefined) {
        const b = record(r.base, `${at}.base`, ['lines', 'branches', 'source'], ['commit', 'component']);
        result.base = {
            lines: counter(b.lines, `${at}.base.lines`),
            branches: counterOrNull(b.branches, `${at}.base.branches`),
            source: comment_data_name(b.source, `${at}.base.source`),
        };
        if (b.commit !== undefined) {
            if (typeof b.commit !== 'string' || !/^[0-9a-f]{7,64}$/.test(b.commit)) {
                throw new CommentDataError(`${at}.base.commit`, 'a commit id (hexadecimal)');
            }
            result.base.commit = b.commit;
        }
        if (b.component !== undefined)
            result.base.component = comment_data_name(b.component, `${at}.base.component`);
    }
    if (r.changed !== undefined) {
        const c = r.changed;
        if (c !== null && typeof c === 'object' && 'reason' in c) {
            result.changed = {
                reason: comment_data_text(record(c, `${at}.changed`, ['reason'], []).reason, `${at}.changed.reason`),
            };
        }
        else {
            const ch = record(c, `${at}.changed`, ['counter', 'files', 'uncovered', 'unmeasured'], []);
            result.changed = {
                counter: counter(ch.counter, `${at}.changed.counter`),
                files: list(ch.files, `${at}.changed.files`, MAX_FILES, (f, fat) => {
                    const file = record(f, fat, ['path', 'counter'], []);
                    return { path: comment_data_name(file.path, `${fat}.path`), counter: counter(file.counter, `${fat}.counter`) };
                }),
                uncovered: list(ch.uncovered, `${at}.changed.uncovered`, MAX_RANGES, (u, uat) => {
                    const range = record(u, uat, ['file', 'start', 'end'], []);
                    return {
                        file: comment_data_name(range.file, `${uat}.file`),
                        start: whole(range.start, `${uat}.start`, 1),
                        end: whole(range.end, `${uat}.end`, 1),
                    };
                }),
                unmeasured: list(ch.unmeasured, `${at}.changed.unmeasured`, MAX_FILES, (p, pat) => comment_data_name(p, pat)),
            };
        }
    }
    return result;
}
const CONDITION_INPUTS = {
    'min-line': 'line coverage',
    'min-branch': 'branch coverage',
    'min-changed-lines': 'changed-lines coverage',
    'max-drop': 'line coverage',
};
/** A coverage condition; `passed` is recomputed from its figures, never taken from the document. */
function condition(value, at) {
    const c = record(value, at, ['input', 'what', 'actual', 'threshold', 'passed'], ['base']);
    const input = c.input;
    if (typeof input !== 'string' || CONDITION_INPUTS[input] === undefined) {
        throw new CommentDataError(`${at}.input`, Object.keys(CONDITION_INPUTS).join(', '));
    }
    const actual = counterOrNull(c.actual, `${at}.actual`);
    const threshold = figure(c.threshold, `${at}.threshold`);
    const what = CONDITION_INPUTS[input] ?? '';
    if (c.base !== undefined) {
        if (input !== 'max-drop')
            throw new CommentDataError(`${at}.base`, 'no base (only max-drop has one)');
        const base = counter(c.base, `${at}.base`);
        const points = (0,figures/* deltaPoints */.kg)(actual, base);
        return { input, what, actual, threshold, base, passed: points !== null && -points <= threshold + 1e-9 };
    }
    const p = (0,model/* percent */.KN)(actual);
    return { input, what, actual, threshold, passed: p !== null && p >= threshold };
}
function tests(value, at) {
    const r = record(value, at, ['tests', 'passed', 'failed', 'errors', 'skipped', 'timeSeconds', 'failures'], []);
    return {
        tests: whole(r.tests, `${at}.tests`),
        passed: whole(r.passed, `${at}.passed`),
        failed: whole(r.failed, `${at}.failed`),
        errors: whole(r.errors, `${at}.errors`),
        skipped: whole(r.skipped, `${at}.skipped`),
        timeSeconds: figure(r.timeSeconds, `${at}.timeSeconds`),
        failures: list(r.failures, `${at}.failures`, MAX_FAILURES, (f, fat) => {
            const x = record(f, fat, ['suite', 'name', 'kind', 'message', 'trace'], []);
            if (x.kind !== 'failure' && x.kind !== 'error')
                throw new CommentDataError(`${fat}.kind`, 'failure or error');
            return {
                suite: comment_data_name(x.suite, `${fat}.suite`, true),
                name: comment_data_name(x.name, `${fat}.name`),
                kind: x.kind,
                message: comment_data_text(x.message, `${fat}.message`, true),
                trace: comment_data_text(x.trace, `${fat}.trace`, true),
            };
        }),
    };
}
const CONDITION_STATUSES = ['OK', 'WARN', 'ERROR'];
const COMPARATORS = ['LT', 'GT', 'EQ', 'NE'];
function gate(value, at) {
    const r = record(value, at, ['status', 'conditions', 'ignoredConditions'], ['projectKey', 'branch', 'pullRequest']);
    if (!api/* GATE_STATUSES */.l.includes(r.status)) {
        throw new CommentDataError(`${at}.status`, api/* GATE_STATUSES */.l.join(', '));
    }
    if (typeof r.ignoredConditions !== 'boolean')
        throw new CommentDataError(`${at}.ignoredConditions`, 'true or false');
    const result = {
        status: r.status,
        ignoredConditions: r.ignoredConditions,
        conditions: list(r.conditions, `${at}.conditions`, MAX_CONDITIONS, (c, cat) => {
            const x = record(c, cat, ['status', 'metricKey', 'comparator'], ['errorThreshold', 'warningThreshold', 'actualValue']);
            if (!CONDITION_STATUSES.includes(x.status)) {
                throw new CommentDataError(`${cat}.status`, CONDITION_STATUSES.join(', '));
            }
            if (!COMPARATORS.includes(x.comparator))
                throw new CommentDataError(`${cat}.comparator`, COMPARATORS.join(', '));
            const out = {
                status: x.status,
                metricKey: metricKey(x.metricKey, `${cat}.metricKey`),
                comparator: x.comparator,
            };
            for (const key of ['errorThreshold', 'warningThreshold', 'actualValue']) {
                if (x[key] !== undefined)
                    out[key] = comment_data_name(x[key], `${cat}.${key}`);
            }
            return out;
        }),
    };
    for (const key of ['projectKey', 'branch', 'pullRequest']) {
        if (r[key] !== undefined)
            result[key] = comment_data_name(r[key], `${at}.${key}`);
    }
    return result;
}
function metricKey(value, at) {
    if (typeof value !== 'string' || !/^[a-z][a-z0-9_]{0,99}$/.test(value)) {
        throw new CommentDataError(at, 'a SonarQube metric key (lowercase letters, digits and _)');
    }
    return value;
}
// --- the schema's building blocks ---
function record(value, at, required, optional) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new CommentDataError(at, 'an object');
    }
    const r = value;
    for (const key of Object.keys(r)) {
        if (!required.includes(key) && !optional.includes(key)) {
            throw new CommentDataError(`${at}.${key}`, `no such key (known: ${[...required, ...optional].join(', ')})`);
        }
    }
    for (const key of required) {
        if (!(key in r))
            throw new CommentDataError(`${at}.${key}`, 'a value (required)');
    }
    return r;
}
function list(value, at, max, item) {
    if (!Array.isArray(value))
        throw new CommentDataError(at, 'a list');
    if (value.length > max)
        throw new CommentDataError(at, `at most ${max} entries`);
    return value.map((v, i) => item(v, `${at}[${i}]`));
}
function whole(value, at, min = 0) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
        throw new CommentDataError(at, `a whole number ≥ ${min}`);
    }
    return value;
}
function figure(value, at) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1e9) {
        throw new CommentDataError(at, 'a number ≥ 0');
    }
    return value;
}
function counter(value, at) {
    const c = record(value, at, ['covered', 'total'], []);
    const covered = whole(c.covered, `${at}.covered`);
    const total = whole(c.total, `${at}.total`);
    if (covered > total)
        throw new CommentDataError(`${at}.covered`, `at most total (${total})`);
    return { covered, total };
}
function counterOrNull(value, at) {
    return value === null ? null : counter(value, at);
}
function comment_data_name(value, at, emptyAllowed = false) {
    return comment_data_text(value, at, emptyAllowed, MAX_NAME);
}
function comment_data_text(value, at, emptyAllowed = false, max = MAX_TEXT) {
    if (typeof value !== 'string' || (!emptyAllowed && value === '') || value.length > max) {
        throw new CommentDataError(at, `a${emptyAllowed ? '' : ' non-empty'} string of at most ${max} characters`);
    }
    return value;
}

;// CONCATENATED MODULE: ./src/github/comment-files.ts
/**
 * The two-stage pattern for pull requests from forks, on disk. Stage 1 (`coverage`, `quality-gate` in
 * the pull_request run, whose token a fork's pull request gets read-only) writes each section's DATA to
 * `<temp>/berth-comment/<section>.json` (output `comment-dir`; the schema is ./comment-data.ts); the
 * workflow uploads that directory as an artifact. Stage 2 (`comment`, in a workflow_run run with a write
 * token) reads the downloaded files.
 *
 * A fork's code ran in stage 1, so the files are untrusted: never Markdown, only a document that must
 * pass the strict schema, which berth then renders itself. Names must be section names and match the
 * document's section, plain files only (a symbolic link could point anywhere on the runner), each at
 * most MAX_DOCUMENT_BYTES, at most MAX_SECTION_FILES of them.
 */







/** The directory under the runner's temp directory that stage 1 writes. */
const COMMENT_DIR_NAME = 'berth-comment';
/** Section files read at most: far more than one run's coverage, tests and quality-gate per component. */
const MAX_SECTION_FILES = 20;
/** Not on Windows; there the lstat check stands alone. */
const O_NOFOLLOW = external_node_fs_.constants.O_NOFOLLOW ?? 0;
/** `coverage-backend.json` → `coverage-backend`; undefined for any other name. */
function sectionOfFileName(name) {
    if (!name.endsWith('.json'))
        return undefined;
    const section = name.slice(0, -'.json'.length);
    return (0,pr_comment/* isSectionName */.N9)(section) ? section : undefined;
}
/**
 * Stage 1: writes each of `sections` as `<temp>/berth-comment/<section>.json` (the data, for pull
 * request `pullRequest`) and sets output `comment-dir`. A file that cannot be written is a warning: it
 * must not hide the command's verdict.
 */
async function writeSectionFiles(runtime, pullRequest, sections) {
    const dir = external_node_path_default().join(runtime.tempDir, COMMENT_DIR_NAME);
    const names = sections.map(sectionOfData);
    try {
        await (0,promises_.mkdir)(dir, { recursive: true });
        for (const [i, data] of sections.entries()) {
            const name = names[i] ?? '';
            if (!(0,pr_comment/* isSectionName */.N9)(name))
                throw new Error(`bad section name ${JSON.stringify(name)}`);
            await (0,promises_.writeFile)(external_node_path_default().join(dir, `${name}.json`), serializeCommentDocument(pullRequest, data));
        }
    }
    catch (error) {
        // isNativeError: fs errors made in another realm (jest's VM modules) are no `instanceof Error`.
        runtime.warning(`the pull request comment's section files could not be written to ${dir}: ${external_node_util_.types.isNativeError(error) ? error.message : String(error)}`);
        return;
    }
    runtime.setOutput('comment-dir', dir);
    runtime.info(`pull request comment data written to ${dir} (${names.map((name) => `${name}.json`).join(', ')}): for a fork's pull request, upload it as an artifact for \`command: comment\``);
}
/**
 * Stage 2: the section files in `dir` (`shown` is how messages name it), by name. Anything else there
 * is skipped with a warning through `warn`; a missing directory is a configuration error.
 */
async function readSectionFiles(dir, shown, warn) {
    let entries;
    try {
        entries = await (0,promises_.readdir)(dir, { withFileTypes: true });
    }
    catch (error) {
        const code = (0,errors/* errnoCode */.UK)(error);
        if (code !== 'ENOENT' && code !== 'ENOTDIR')
            throw error;
        throw new errors/* ConfigurationError */.j1(`comment-dir: ${shown} ${code === 'ENOENT' ? 'does not exist' : 'is not a directory'}; download the artifact the pull_request run uploaded (its coverage or quality-gate step's comment-dir) to it first, e.g. actions/download-artifact with \`path: ${shown}\``);
    }
    const names = [];
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (sectionOfFileName(entry.name) !== undefined)
            names.push(entry.name);
        else if (entry.isDirectory()) {
            warn(`comment-dir: ${JSON.stringify(entry.name)} ignored: a directory (several artifacts downloaded into one path need \`merge-multiple: true\`)`);
        }
        else {
            warn(`comment-dir: ${JSON.stringify(entry.name)} ignored: section files are named <section>.json, in lowercase letters, digits and - (e.g. coverage-backend.json)`);
        }
    }
    if (names.length > MAX_SECTION_FILES) {
        warn(`comment-dir: ${names.length} section files, at most ${MAX_SECTION_FILES} are read; ignored: ${names.slice(MAX_SECTION_FILES).join(', ')}`);
    }
    const files = [];
    for (const name of names.slice(0, MAX_SECTION_FILES)) {
        const text = await readSectionFile(external_node_path_default().join(dir, name), name, warn);
        if (text === undefined)
            continue;
        const section = sectionOfFileName(name) ?? '';
        try {
            const document = parseCommentDocument(text);
            const named = sectionOfData(document.section);
            if (named !== section) {
                warn(`comment-dir: ${name} ignored: its data is for section ${named}, not ${section}`);
                continue;
            }
            files.push({
                section,
                markdown: renderCommentData(document.section),
                pullRequest: document.pullRequest,
            });
        }
        catch (error) {
            if (!(error instanceof CommentDataError))
                throw error;
            warn(`comment-dir: ${name} ignored: not berth's comment data: ${error.message}`);
        }
    }
    return files;
}
/** One section file's text; undefined (with a warning) when not a plain file, too large or blank. */
async function readSectionFile(file, name, warn) {
    const refuse = (why) => {
        warn(`comment-dir: ${name} ignored: ${why}`);
        return undefined;
    };
    const info = await (0,promises_.lstat)(file);
    if (info.isSymbolicLink())
        return refuse('a symbolic link (section files must be plain files)');
    if (!info.isFile())
        return refuse('not a plain file');
    let bytes;
    let more;
    // O_NOFOLLOW: a link swapped in after the lstat is refused too.
    const handle = await (0,promises_.open)(file, external_node_fs_.constants.O_RDONLY | O_NOFOLLOW);
    try {
        if (!(await handle.stat()).isFile())
            return refuse('not a plain file');
        const buffer = Buffer.alloc(MAX_DOCUMENT_BYTES + 1);
        let length = 0;
        let bytesRead;
        do {
            ({ bytesRead } = await handle.read(buffer, length, buffer.length - length, length));
            length += bytesRead;
        } while (bytesRead > 0 && length < buffer.length);
        more = length > MAX_DOCUMENT_BYTES;
        bytes = buffer.subarray(0, Math.min(length, MAX_DOCUMENT_BYTES));
    }
    finally {
        await handle.close();
    }
    if (more)
        return refuse(`larger than ${MAX_DOCUMENT_BYTES.toLocaleString('en-US')} bytes`);
    const text = bytes.toString('utf8');
    if (text.trim() === '')
        return refuse('blank');
    return text;
}


/***/ }),

/***/ 7318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aL: () => (/* binding */ upsertSections)
/* harmony export */ });
/* unused harmony exports upsertSection, findBerthComment */
/* harmony import */ var _report_pr_comment_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1914);

/** GITHUB_TOKEN's user; a comment by it is preferred when several carry the marker. */
const ACTIONS_BOT = 'github-actions[bot]';
function upsertSection(api, request) {
    return upsertSections(api, request.issueNumber, [{ section: request.section, markdown: request.markdown }]);
}
/** Several sections of one command (coverage and tests) in one write: one comment, one edit. */
async function upsertSections(api, issueNumber, sections) {
    const apply = (body) => sections.reduce((b, s) => (0,_report_pr_comment_js__WEBPACK_IMPORTED_MODULE_0__/* .replaceSection */ .U2)(b, s.section, s.markdown), body) ?? '';
    const found = findBerthComment(await api.listIssueComments(issueNumber));
    if (!found) {
        const created = await api.createIssueComment(issueNumber, apply(undefined));
        return { action: 'created', url: created.htmlUrl };
    }
    if (apply(found.body) === normalise(found.body)) {
        return { action: 'unchanged', url: found.htmlUrl };
    }
    // Another job may have written its section since the list: merge into the body as it is now.
    const latest = await api.getIssueComment(found.id);
    const body = apply(latest.body);
    if (body === normalise(latest.body))
        return { action: 'unchanged', url: latest.htmlUrl };
    const updated = await api.updateIssueComment(latest.id, body);
    return { action: 'updated', url: updated.htmlUrl };
}
/**
 * The berth comment among a conversation's comments (oldest first): the first one that starts with the
 * marker, preferring one written by a bot (GITHUB_TOKEN writes as github-actions[bot]) over a person's
 * comment that merely quotes or copies the marker.
 */
function findBerthComment(comments) {
    const marked = comments.filter((c) => (0,_report_pr_comment_js__WEBPACK_IMPORTED_MODULE_0__/* .isBerthComment */ .lV)(c.body));
    return (marked.find((c) => c.userLogin === ACTIONS_BOT) ??
        marked.find((c) => c.userLogin.endsWith('[bot]')) ??
        marked[0]);
}
/** Comments edited in the web UI come back with CRLF line ends; berth writes LF. */
function normalise(body) {
    return body.replace(/\r\n/g, '\n');
}


/***/ }),

/***/ 279:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V0: () => (/* binding */ renderCoverageSummary),
/* harmony export */   wY: () => (/* binding */ describeFailedCondition)
/* harmony export */ });
/* unused harmony export formatCounter */
/* harmony import */ var _coverage_figures_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9839);
/* harmony import */ var _coverage_model_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3307);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4285);



const LEAST_COVERED = 15;
/** Changed files listed in the comment (worst first); the rest are counted in the table's title. */
const CHANGED_FILES_SHOWN = 50;
const UNCOVERED_SHOWN = 30;
function formatCounter(c, unit) {
    if (c === null)
        return 'no data';
    const p = (0,_coverage_model_js__WEBPACK_IMPORTED_MODULE_1__/* .percent */ .KN)(c);
    return `${p === null ? '–' : `${p.toFixed(1)}%`} (${c.covered.toLocaleString('en-US')} of ${c.total.toLocaleString('en-US')} ${unit})`;
}
/** One line per failed condition: the threshold's input, the figure, the threshold. */
function describeFailedCondition(c) {
    if (c.base !== undefined) {
        const points = (0,_coverage_figures_js__WEBPACK_IMPORTED_MODULE_0__/* .deltaPoints */ .kg)(c.actual, c.base) ?? 0;
        return `${c.input}: line coverage fell ${Math.abs(points).toFixed(2)} points, from ${formatCounter(c.base, 'lines')} on the base to ${formatCounter(c.actual, 'lines')}; at most ${c.threshold} allowed`;
    }
    if (c.actual === null || c.actual.total === 0) {
        return `${c.input}: the reports have no ${c.what === 'branch coverage' ? 'branch' : 'line'} data, so ${c.what} cannot reach ${c.threshold}% (does the coverage tool record branches?)`;
    }
    return `${c.input}: ${c.what} ${formatCounter(c.actual, c.what === 'branch coverage' ? 'branches' : 'lines')} is below ${c.threshold}%`;
}
function renderCoverageSummary(r) {
    const failed = r.conditions.filter((c) => !c.passed);
    const verdict = r.conditions.length === 0
        ? ''
        : failed.length === 0
            ? ' — gate passed'
            : ` — gate failed (${failed.length})`;
    const who = r.component ? ` — ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .F)(r.component)}` : '';
    const base = r.base;
    const withDelta = (now, then, unit) => {
        const points = (0,_coverage_figures_js__WEBPACK_IMPORTED_MODULE_0__/* .deltaPoints */ .kg)(now, then);
        return points === null
            ? formatCounter(now, unit)
            : `${formatCounter(now, unit)}, ${(0,_coverage_figures_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDelta */ .CW)(points)} pts`;
    };
    const out = [
        `### berth coverage${who}: ${(0,_coverage_model_js__WEBPACK_IMPORTED_MODULE_1__/* .percent */ .KN)(r.totals.lines)?.toFixed(1) ?? '–'}% of lines${verdict}`,
        '',
        (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .renderTable */ .b)(['', 'Covered'], [
            ['Lines', withDelta(r.totals.lines, base?.lines ?? null, 'lines')],
            ['Branches', withDelta(r.totals.branches, base?.branches ?? null, 'branches')],
            ...(r.totals.functions ? [['Functions', formatCounter(r.totals.functions, 'functions')]] : []),
            ...(r.changed === undefined
                ? []
                : [
                    [
                        'Changed lines',
                        'counter' in r.changed
                            ? formatCounter(r.changed.counter, 'lines')
                            : `not measured: ${r.changed.reason}`,
                    ],
                ]),
        ]),
        '',
    ];
    if (r.changed && 'counter' in r.changed && r.changed.uncovered.length > 0) {
        const shown = r.changed.uncovered.slice(0, UNCOVERED_SHOWN);
        out.push(`<details><summary>Changed lines not covered (${r.changed.counter.total - r.changed.counter.covered})</summary>`, '', ...shown.map((u) => `- ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .F)(u.file)}: ${u.start === u.end ? `line ${u.start}` : `lines ${u.start}–${u.end}`}`), ...(r.changed.uncovered.length > shown.length
            ? [`- … and ${r.changed.uncovered.length - shown.length} more ranges`]
            : []), '', '</details>', '');
    }
    if (base !== undefined) {
        const commit = base.commit ? ` at ${base.commit.slice(0, 7)}` : '';
        out.push(`Compared with the base${commit}: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .F)(base.source)}`, '');
    }
    if (r.conditions.length > 0) {
        out.push((0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .renderTable */ .b)(['Condition', 'Actual', 'Threshold', ''], r.conditions.map((c) => c.base !== undefined
            ? [
                c.input,
                `${(0,_coverage_figures_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDelta */ .CW)((0,_coverage_figures_js__WEBPACK_IMPORTED_MODULE_0__/* .deltaPoints */ .kg)(c.actual, c.base) ?? 0)} pts (${(0,_coverage_model_js__WEBPACK_IMPORTED_MODULE_1__/* .percent */ .KN)(c.base)?.toFixed(1) ?? '–'}% → ${(0,_coverage_model_js__WEBPACK_IMPORTED_MODULE_1__/* .percent */ .KN)(c.actual)?.toFixed(1) ?? '–'}%)`,
                `falls at most ${c.threshold} pts`,
                c.passed ? 'passed' : 'FAILED',
            ]
            : [
                c.input,
                formatCounter(c.actual, c.what === 'branch coverage' ? 'branches' : 'lines'),
                `${c.threshold}%`,
                c.passed ? 'passed' : 'FAILED',
            ])), '');
    }
    if (r.changed && 'counter' in r.changed && r.changed.files.length > 0) {
        out.push(...renderChangedFiles(r.changed, r.files));
    }
    const { compare } = new Intl.Collator();
    const least = [...r.files]
        .filter((f) => f.summary.lines.total > 0)
        .sort((a, b) => ((0,_coverage_model_js__WEBPACK_IMPORTED_MODULE_1__/* .percent */ .KN)(a.summary.lines) ?? 0) - ((0,_coverage_model_js__WEBPACK_IMPORTED_MODULE_1__/* .percent */ .KN)(b.summary.lines) ?? 0) || compare(a.path, b.path))
        .slice(0, LEAST_COVERED);
    if (least.length > 0) {
        out.push(`<details><summary>Least covered files (${least.length} of ${r.files.length})</summary>`, '', (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .renderTable */ .b)(['File', 'Lines', 'Branches'], least.map((f) => [
            f.path,
            formatCounter(f.summary.lines, 'lines'),
            formatCounter(f.summary.branches, 'branches'),
        ])), '', '</details>', '');
    }
    out.push(`Reports: ${r.reports.map((x) => `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .F)(x.file)} (${x.format}, ${x.files} files)`).join(', ')}`, '');
    return out.join('\n');
}
/** The changed files with coverable changed lines, worst changed-lines coverage first. */
function renderChangedFiles(changed, files) {
    const byPath = new Map(files.map((f) => [f.path, f]));
    const rate = (c) => (c.total === 0 ? 1 : c.covered / c.total);
    const sorted = [...changed.files].sort((a, b) => rate(a.counter) - rate(b.counter) || b.counter.total - a.counter.total || a.path.localeCompare(b.path));
    const shown = sorted.slice(0, CHANGED_FILES_SHOWN);
    return [
        `<details><summary>Changed files, worst first (${shown.length === sorted.length ? sorted.length : `${shown.length} of ${sorted.length}`})</summary>`,
        '',
        (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .renderTable */ .b)(['File', 'Changed lines', 'Whole file'], shown.map((f) => [
            f.path,
            formatCounter(f.counter, 'lines'),
            formatCounter(byPath.get(f.path)?.summary.lines ?? null, 'lines'),
        ])),
        '',
        '</details>',
        '',
    ];
}


/***/ }),

/***/ 1914:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ sectionName),
/* harmony export */   N9: () => (/* binding */ isSectionName),
/* harmony export */   U2: () => (/* binding */ replaceSection),
/* harmony export */   hV: () => (/* binding */ componentSlug),
/* harmony export */   lV: () => (/* binding */ isBerthComment)
/* harmony export */ });
/* unused harmony exports COMMENT_MARKER, COMMENT_TITLE, GITHUB_COMMENT_LIMIT, CUT_NOTE, parseSections, renderComment, sanitizeSection, cutSection */
/**
 * The one berth comment on a pull request: a hidden marker, a title, then sections that different
 * commands own (coverage writes `coverage`, quality-gate writes `quality-gate`, …). Each section sits
 * between hidden markers, so a command replaces its own section and keeps the others as they are.
 * Pure: the GitHub side is ../github/comment.ts.
 */
const COMMENT_MARKER = '<!-- berth:comment -->';
const COMMENT_TITLE = '### berth';
/** GitHub refuses a longer comment body (422 "Body is too long"). */
const GITHUB_COMMENT_LIMIT = 65_536;
const CUT_NOTE = "_… cut to fit GitHub's 65,536-character limit; the full report is in the job summary._";
/**
 * Section kinds in their order within a component. Sections are named `<kind>` or, in a monorepo,
 * `<kind>-<component>` (sectionName); the component-less ones come first, then each component's, by
 * name; unknown sections last, alphabetically.
 */
const SECTION_ORDER = ['coverage', 'tests', 'quality-gate'];
const SECTION_NAME = /^[a-z0-9][a-z0-9-]*$/;
const SECTION = /<!-- berth:section:([a-z0-9][a-z0-9-]*) -->\n([\s\S]*?)\n?<!-- \/berth:section:\1 -->/g;
/** Anything that could read as a berth marker: `<!-- berth:`, `<!--/berth:`, `<!-- /berth:`, any case. */
const FORGED_MARKER = /<!--(\s*\/?\s*berth:)/gi;
const openMarker = (name) => `<!-- berth:section:${name} -->`;
const closeMarker = (name) => `<!-- /berth:section:${name} -->`;
/** The sections of a berth comment body, by name, in the order they appear. */
function parseSections(body) {
    const sections = new Map();
    for (const match of body.replace(/\r\n/g, '\n').matchAll(SECTION)) {
        const [, name, content] = match;
        if (name !== undefined && content !== undefined && !sections.has(name))
            sections.set(name, content);
    }
    return sections;
}
/**
 * The whole comment body: marker, title, the non-empty sections in the stable order. Content is taken
 * as rendered Markdown, except that berth markers inside it are neutralised; if the body would exceed
 * GITHUB_COMMENT_LIMIT, the largest sections are cut (see cutSection) until it fits.
 */
function renderComment(sections) {
    const contents = new Map();
    for (const name of [...sections.keys()].sort(compareSections)) {
        assertSectionName(name);
        const content = sanitizeSection(sections.get(name) ?? '');
        if (content !== '')
            contents.set(name, content);
    }
    const render = () => [
        `${COMMENT_MARKER}\n${COMMENT_TITLE}`,
        ...[...contents].map(([name, content]) => `${openMarker(name)}\n${content}\n${closeMarker(name)}`),
    ].join('\n\n');
    let body = render();
    const done = new Set();
    while (body.length > GITHUB_COMMENT_LIMIT) {
        const largest = [...contents]
            .filter(([name]) => !done.has(name))
            .sort(([, a], [, b]) => b.length - a.length)[0];
        if (!largest) {
            throw new Error(`berth comment: ${body.length} characters even with every section cut`);
        }
        const [name, content] = largest;
        const cut = cutSection(content, Math.max(0, content.length - (body.length - GITHUB_COMMENT_LIMIT)));
        done.add(name); // cutSection fits the target when anything can: one cut per section
        if (cut.length < content.length)
            contents.set(name, cut);
        body = render();
    }
    return body;
}
/**
 * `body` (an existing berth comment, or undefined for a new one) with section `name` set to `markdown`,
 * or removed when `markdown` is blank. The other sections are kept as they are.
 */
function replaceSection(body, name, markdown) {
    assertSectionName(name);
    const sections = body === undefined ? new Map() : parseSections(body);
    const content = sanitizeSection(markdown);
    if (content === '')
        sections.delete(name);
    else
        sections.set(name, content);
    return renderComment(sections);
}
/** True when `body` is a berth comment (the marker comes first, as renderComment writes it). */
function isBerthComment(body) {
    return body.trimStart().startsWith(COMMENT_MARKER);
}
/**
 * Section content as it goes between the markers: line endings normalised, outer blank lines trimmed,
 * and any berth marker turned into visible text so content can neither end its section early nor
 * fake another one.
 */
function sanitizeSection(markdown) {
    return markdown
        .replace(/\r\n?/g, '\n')
        .replace(FORGED_MARKER, '&lt;!--$1')
        .replace(/^\s*\n|\s+$/g, '');
}
/**
 * `content` cut at a line boundary to at most `max` characters, note included, with any code fence or
 * `<details>` that the cut leaves open closed, and never inside a multi-line HTML comment. When nothing
 * fits, the section is just the note.
 */
function cutSection(content, max) {
    const text = content.endsWith(CUT_NOTE) ? content.slice(0, -CUT_NOTE.length).trimEnd() : content;
    const lines = text.split('\n');
    const tail = (closers) => [...closers, '', CUT_NOTE].join('\n');
    let best;
    let state = { fence: undefined, details: 0, inComment: false };
    let end = -1; // index in `text` where the kept lines end
    for (const line of lines) {
        end += line.length + 1;
        state = scanLine(line, state);
        if (state.inComment)
            continue;
        const closers = [
            ...(state.fence ? [state.fence.char.repeat(state.fence.length)] : []),
            ...Array.from({ length: state.details }, () => '</details>'),
        ];
        const candidate = tail(closers);
        if (end + 1 + candidate.length > max)
            break;
        best = { end, tail: candidate };
    }
    return best ? `${text.slice(0, best.end)}\n${best.tail}` : CUT_NOTE;
}
/** The open code fence, `<details>` depth and multi-line HTML comment after `line` (CommonMark fences). */
function scanLine(line, state) {
    const fence = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    const run = fence?.[1] ?? '';
    const info = fence?.[2] ?? '';
    const char = run.charAt(0);
    if (state.fence) {
        const closes = char === state.fence.char && run.length >= state.fence.length && info.trim() === '';
        return { ...state, fence: closes ? undefined : state.fence };
    }
    // A backtick fence's info string may not hold a backtick (that is inline code).
    if (!state.inComment && fence && (char === '~' || !info.includes('`'))) {
        return { ...state, fence: { char, length: run.length } };
    }
    let { details, inComment } = state;
    // The line's HTML comments and <details> tags in order; tags inside a comment do not count.
    for (const [token] of line.matchAll(/<!--|-->|<details\b|<\/details\s*>/gi)) {
        const t = token.toLowerCase();
        if (inComment)
            inComment = t !== '-->';
        else if (t === '<!--')
            inComment = true;
        else if (t.startsWith('<details'))
            details += 1;
        else if (t.startsWith('</details'))
            details = Math.max(0, details - 1);
    }
    return { fence: undefined, details, inComment };
}
/** The section a command writes for `component` ('' for none): `coverage`, `coverage-backend`. */
function sectionName(kind, component) {
    const slug = componentSlug(component);
    return slug === '' ? kind : `${kind}-${slug}`;
}
/** A component name as it goes into section and file names: `Backend API` → `backend-api`. */
function componentSlug(component) {
    const slug = component
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
    if (slug !== '' || component === '')
        return slug;
    // No ASCII letter or digit (`백엔드`): a stable hash (FNV-1a) keeps components apart.
    let hash = 0x811c9dc5;
    for (const byte of Buffer.from(component, 'utf8'))
        hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    return `c${hash.toString(16).padStart(8, '0')}`;
}
function compareSections(a, b) {
    const key = (name) => {
        const index = SECTION_ORDER.findIndex((kind) => name === kind || name.startsWith(`${kind}-`));
        if (index === -1)
            return [2, name, 0];
        const component = name.slice((SECTION_ORDER[index] ?? '').length + 1);
        return [component === '' ? 0 : 1, component, index];
    };
    const [ga, ca, ka] = key(a);
    const [gb, cb, kb] = key(b);
    return ga - gb || (ca < cb ? -1 : ca > cb ? 1 : 0) || ka - kb;
}
/** A name a section may have: lowercase letters, digits and `-` (`coverage`, `tests-backend`). */
function isSectionName(name) {
    return SECTION_NAME.test(name);
}
/** Section names come from berth's own commands, never from users: a bad one is a bug. */
function assertSectionName(name) {
    if (!isSectionName(name))
        throw new Error(`berth comment: bad section name ${JSON.stringify(name)}`);
}


/***/ }),

/***/ 390:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $S: () => (/* binding */ renderQualityGateSummary),
/* harmony export */   H_: () => (/* binding */ renderQualityGateNotChecked),
/* harmony export */   pu: () => (/* binding */ describeCondition)
/* harmony export */ });
/* unused harmony exports metricName, formatMetricValue, formatCondition, orderConditions, dashboardLink */
/* harmony import */ var _http_url_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6697);
/* harmony import */ var _sonar_gate_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3280);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4285);
/**
 * The step summary and PR comment section of `quality-gate`: the gate's verdict, then each condition
 * with the metric's name as SonarQube shows it, the value, what the gate requires and the outcome,
 * failed ones first, and a link to the analysis. Pure.
 */



/** The names SonarQube gives its metrics (CoreMetrics); others are shown as their key, made readable. */
const METRIC_NAMES = {
    coverage: 'Coverage',
    new_coverage: 'Coverage on New Code',
    line_coverage: 'Line Coverage',
    new_line_coverage: 'Line Coverage on New Code',
    branch_coverage: 'Condition Coverage',
    new_branch_coverage: 'Condition Coverage on New Code',
    uncovered_lines: 'Uncovered Lines',
    new_uncovered_lines: 'Uncovered Lines on New Code',
    duplicated_lines_density: 'Duplicated Lines (%)',
    new_duplicated_lines_density: 'Duplicated Lines (%) on New Code',
    duplicated_lines: 'Duplicated Lines',
    new_duplicated_lines: 'Duplicated Lines on New Code',
    duplicated_blocks: 'Duplicated Blocks',
    new_lines: 'New Lines',
    violations: 'Issues',
    new_violations: 'New Issues',
    blocker_violations: 'Blocker Issues',
    critical_violations: 'Critical Issues',
    major_violations: 'Major Issues',
    minor_violations: 'Minor Issues',
    info_violations: 'Info Issues',
    new_blocker_violations: 'New Blocker Issues',
    new_critical_violations: 'New Critical Issues',
    new_major_violations: 'New Major Issues',
    new_minor_violations: 'New Minor Issues',
    new_info_violations: 'New Info Issues',
    open_issues: 'Open Issues',
    reopened_issues: 'Reopened Issues',
    confirmed_issues: 'Confirmed Issues',
    accepted_issues: 'Accepted Issues',
    new_accepted_issues: 'New Accepted Issues',
    bugs: 'Bugs',
    new_bugs: 'New Bugs',
    vulnerabilities: 'Vulnerabilities',
    new_vulnerabilities: 'New Vulnerabilities',
    code_smells: 'Code Smells',
    new_code_smells: 'New Code Smells',
    reliability_rating: 'Reliability Rating',
    new_reliability_rating: 'Reliability Rating on New Code',
    security_rating: 'Security Rating',
    new_security_rating: 'Security Rating on New Code',
    sqale_rating: 'Maintainability Rating',
    new_maintainability_rating: 'Maintainability Rating on New Code',
    security_review_rating: 'Security Review Rating',
    new_security_review_rating: 'Security Review Rating on New Code',
    software_quality_reliability_rating: 'Reliability Rating',
    new_software_quality_reliability_rating: 'Reliability Rating on New Code',
    software_quality_security_rating: 'Security Rating',
    new_software_quality_security_rating: 'Security Rating on New Code',
    software_quality_maintainability_rating: 'Maintainability Rating',
    new_software_quality_maintainability_rating: 'Maintainability Rating on New Code',
    security_hotspots: 'Security Hotspots',
    security_hotspots_reviewed: 'Security Hotspots Reviewed',
    new_security_hotspots_reviewed: 'Security Hotspots Reviewed on New Code',
    sqale_index: 'Technical Debt',
    new_technical_debt: 'Added Technical Debt',
    sqale_debt_ratio: 'Technical Debt Ratio',
    new_sqale_debt_ratio: 'Technical Debt Ratio on New Code',
    tests: 'Unit Tests',
    test_failures: 'Unit Test Failures',
    test_errors: 'Unit Test Errors',
    skipped_tests: 'Skipped Unit Tests',
    test_success_density: 'Unit Test Success (%)',
    comment_lines_density: 'Comments (%)',
    ncloc: 'Lines of Code',
    complexity: 'Cyclomatic Complexity',
    cognitive_complexity: 'Cognitive Complexity',
    prioritized_rule_issues: 'Prioritized Rule Issues',
};
/** Percentages, whatever the key: SonarQube's PERCENT metrics. */
const PERCENT = new Set([
    'security_hotspots_reviewed',
    'new_security_hotspots_reviewed',
    'sqale_debt_ratio',
    'new_sqale_debt_ratio',
]);
/** Minutes of work (WORK_DUR metrics), shown as SonarQube does with 8-hour days. */
const WORK_DURATION = new Set([
    'sqale_index',
    'new_technical_debt',
    'reliability_remediation_effort',
    'new_reliability_remediation_effort',
    'security_remediation_effort',
    'new_security_remediation_effort',
    'effort_to_reach_maintainability_rating_a',
]);
function metricName(key) {
    const name = METRIC_NAMES[key];
    if (name !== undefined)
        return name;
    const words = key.replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
}
function kindOf(key) {
    if (key.endsWith('_rating'))
        return 'rating';
    if (PERCENT.has(key) || key.endsWith('_coverage') || key === 'coverage' || key.endsWith('_density'))
        return 'percent';
    if (WORK_DURATION.has(key))
        return 'work';
    return 'number';
}
/** A metric value as SonarQube shows it: `82.5%`, `C`, `1d 2h`, `1,204`. */
function formatMetricValue(key, value, decimals = 1) {
    if (value === undefined || value.trim() === '')
        return '–';
    const n = Number(value);
    if (!Number.isFinite(n))
        return value;
    switch (kindOf(key)) {
        case 'percent':
            return `${n.toFixed(decimals)}%`;
        case 'rating':
            return ratingLetter(n) ?? value;
        case 'work':
            return workDuration(n);
        case 'number':
            return Number.isInteger(n)
                ? n.toLocaleString('en-US')
                : n.toLocaleString('en-US', { maximumFractionDigits: Math.max(2, decimals) });
    }
}
function ratingLetter(n) {
    return Number.isInteger(n) && n >= 1 && n <= 5 ? 'ABCDE'.charAt(n - 1) : undefined;
}
function workDuration(minutes) {
    const m = Math.round(minutes);
    if (m < 60)
        return `${m}min`;
    const hours = Math.floor(m / 60);
    if (hours < 8)
        return m % 60 === 0 ? `${hours}h` : `${hours}h ${m % 60}min`;
    return hours % 8 === 0 ? `${Math.floor(hours / 8)}d` : `${Math.floor(hours / 8)}d ${hours % 8}h`;
}
/** The threshold the condition was judged by: the warning one for a WARN (servers before 7.6). */
function thresholdOf(c) {
    return c.status === 'WARN'
        ? (c.warningThreshold ?? c.errorThreshold)
        : (c.errorThreshold ?? c.warningThreshold);
}
/**
 * The value and what the gate requires, as SonarQube shows a condition ("required ≥ 80.0%"): the
 * condition fails when `value <comparator> threshold`, so the requirement is its opposite. Values
 * that would print the same as the threshold get more decimals (79.96% is not 80.0%).
 */
function formatCondition(c) {
    const threshold = thresholdOf(c);
    let decimals = 1;
    while (decimals < 4 &&
        c.actualValue !== undefined &&
        threshold !== undefined &&
        Number(c.actualValue) !== Number(threshold) &&
        formatMetricValue(c.metricKey, c.actualValue, decimals) ===
            formatMetricValue(c.metricKey, threshold, decimals)) {
        decimals += 1;
    }
    const actual = formatMetricValue(c.metricKey, c.actualValue, decimals);
    if (threshold === undefined)
        return { actual, required: '–' };
    const t = formatMetricValue(c.metricKey, threshold, decimals);
    if (kindOf(c.metricKey) === 'rating') {
        const required = {
            GT: t === 'A' ? 'A' : `${t} or better`,
            LT: `${t} or worse`,
            EQ: `not ${t}`,
            NE: t,
        }[c.comparator] ?? `not ${c.comparator} ${t}`;
        return { actual, required };
    }
    const required = { LT: `≥ ${t}`, GT: `≤ ${t}`, EQ: `≠ ${t}`, NE: `= ${t}` }[c.comparator] ?? `not ${c.comparator} ${t}`;
    return { actual, required };
}
/** One line for a failed (or warned) condition: `Coverage on New Code is 72.5%, required ≥ 80.0%`. */
function describeCondition(c) {
    const { actual, required } = formatCondition(c);
    return `${metricName(c.metricKey)} is ${actual === '–' ? 'not measured' : actual}, required ${required}`;
}
const STATUS_ORDER = ['ERROR', 'WARN', 'OK'];
const rank = (status) => {
    const i = STATUS_ORDER.indexOf(status);
    return i === -1 ? STATUS_ORDER.length : i;
};
/** Failed first, then warned, then passed; the server's order within each. */
function orderConditions(conditions) {
    return conditions
        .map((c, i) => ({ c, i }))
        .sort((a, b) => rank(a.c.status) - rank(b.c.status) || a.i - b.i)
        .map(({ c }) => c);
}
const VERDICT = {
    FAILED: 'FAILED',
    WARN: 'WARN',
    PASSED: 'PASSED',
    NONE: 'NONE (no gate)',
};
/** A condition's outcome, in the same words as the gate's. */
const CONDITION_STATUS = { ERROR: 'FAILED', WARN: 'WARN', OK: 'passed' };
function renderQualityGateSummary(r) {
    const failed = r.conditions.filter((c) => c.status === 'ERROR').length;
    const warned = r.conditions.filter((c) => c.status === 'WARN').length;
    const counts = [
        failed > 0 ? `${failed} of ${r.conditions.length} conditions failed` : '',
        warned > 0 ? `${warned} of ${r.conditions.length} conditions warned` : '',
    ].filter((s) => s !== '');
    const out = [
        `### berth quality gate: ${VERDICT[(0,_sonar_gate_js__WEBPACK_IMPORTED_MODULE_0__/* .gateOutcome */ .S)(r.status)]}${counts.length ? ` — ${counts.join(', ')}` : ''}`,
        '',
    ];
    const about = describeProject(r);
    if (about !== '')
        out.push(about, '');
    if (r.status === 'NONE') {
        out.push('SonarQube has no quality gate for this project, so nothing was checked. Assign one in SonarQube (Project Settings → Quality Gate).', '');
    }
    if (r.conditions.length > 0) {
        out.push((0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .renderTable */ .b)(['Metric', 'Value', 'Required', ''], orderConditions(r.conditions).map((c) => {
            const { actual, required } = formatCondition(c);
            return [metricName(c.metricKey), actual, required, CONDITION_STATUS[c.status] ?? c.status];
        })), '');
    }
    if (r.ignoredConditions) {
        out.push('_Some conditions were not checked: SonarQube ignores coverage and duplication conditions when fewer than 20 lines are new._', '');
    }
    const link = dashboardLink(r.dashboardUrl);
    if (link !== '')
        out.push(link, '');
    return out.join('\n');
}
/** The section when the gate could not be read (analysis failed, timeout, bad token): says why, so no stale verdict stays. */
function renderQualityGateNotChecked(reason, dashboardUrl) {
    const link = dashboardLink(dashboardUrl);
    return [
        '### berth quality gate: not checked',
        '',
        (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(reason),
        '',
        ...(link === '' ? [] : [link, '']),
    ].join('\n');
}
function describeProject(r) {
    if (r.projectKey === undefined)
        return '';
    const where = r.pullRequest !== undefined
        ? ` (pull request ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(r.pullRequest)})`
        : r.branch !== undefined
            ? ` (branch ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(r.branch)})`
            : '';
    return `Project ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(r.projectKey)}${where}`;
}
/** `[Open in SonarQube](…)` for an http(s) address; '' for anything else. */
function dashboardLink(url) {
    const parsed = url === undefined ? undefined : (0,_http_url_js__WEBPACK_IMPORTED_MODULE_2__/* .parseHttpUrl */ .f)(url);
    if (parsed === undefined)
        return '';
    const href = parsed.href.replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
    return `[Open in SonarQube](${href})`;
}


/***/ }),

/***/ 3045:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   jr: () => (/* binding */ renderTestsSection)
/* harmony export */ });
/* unused harmony exports formatDuration, fenceFor */
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4285);

const count = (n) => n.toLocaleString('en-US');
/** "12.3 s"; "< 0.1 s" for a run too short to show; minutes past one. */
function formatDuration(seconds) {
    if (seconds > 0 && seconds < 0.05)
        return '< 0.1 s';
    if (seconds < 59.95)
        return `${seconds.toFixed(1)} s`;
    const whole = Math.round(seconds);
    return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
/** A backtick fence longer than the longest run of backticks in `text` (at least three). */
function fenceFor(text) {
    const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    return '`'.repeat(Math.max(3, longest + 1));
}
function renderFailure(f) {
    const title = f.suite === '' ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)(f.name) : `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)(f.suite)} › ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)(f.name)}`;
    const out = [`**${title}**${f.kind === 'error' ? ' (error)' : ''}`, ''];
    if (f.message !== '')
        out.push((0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)(f.message), '');
    if (f.trace !== '') {
        const fence = fenceFor(f.trace);
        out.push(fence, f.trace, fence, '');
    }
    return out;
}
function renderTestsSection(results) {
    const failed = results.failed + results.errors;
    const line = [
        `✅ ${count(results.passed)} passed`,
        `❌ ${count(failed)} failed`,
        `⏭ ${count(results.skipped)} skipped`,
        formatDuration(results.timeSeconds),
    ].join(' · ');
    if (failed === 0)
        return line;
    const out = [line, '', `<details><summary>Failed tests (${count(failed)})</summary>`, ''];
    for (const f of results.failures)
        out.push(...renderFailure(f));
    const untold = failed - results.failures.length;
    if (untold > 0) {
        out.push(results.failures.length === 0
            ? `No details kept for the ${count(untold)} failed tests.`
            : `… and ${count(untold)} more not shown.`, '');
    }
    out.push('</details>');
    return out.join('\n');
}


/***/ }),

/***/ 5131:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ SonarApiError),
/* harmony export */   l: () => (/* binding */ GATE_STATUSES)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * The SonarQube seam: the two Web API calls `quality-gate` makes, as an interface the command depends
 * on. The one implementation (./client.ts) speaks HTTP(S); tests serve SonarQube's own response shapes
 * from a loopback server, or hand a fake of this interface to the wait loop (./wait.ts).
 */

const GATE_STATUSES = ['OK', 'WARN', 'ERROR', 'NONE'];
/**
 * What went wrong talking to SonarQube. `kind` lets callers tell a bad token from a slow server;
 * `transient` ones (a 5xx, a reset connection, an unanswered request) may succeed when tried again.
 * An outage (OutageError, shown without a stack): the message says what to fix and never holds the token.
 */
class SonarApiError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OutageError */ .AP {
    kind;
    transient;
    serverMessage;
    name = 'SonarApiError';
    constructor(message, kind, transient, 
    /** The server's own words (`errors[].msg`), when it sent any. */
    serverMessage = '') {
        super(message);
        this.kind = kind;
        this.transient = transient;
        this.serverMessage = serverMessage;
    }
}


/***/ }),

/***/ 3280:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ gateOutcome)
/* harmony export */ });
const OUTCOME = {
    OK: 'PASSED',
    WARN: 'WARN',
    ERROR: 'FAILED',
    NONE: 'NONE',
};
function gateOutcome(status) {
    return OUTCOME[status];
}


/***/ })

};
