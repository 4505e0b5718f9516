export const id = 640;
export const ids = [640];
export const modules = {

/***/ 9640:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  QualityGateFailedError: () => (/* binding */ QualityGateFailedError),
  runQualityGate: () => (/* binding */ runQualityGate)
});

// EXTERNAL MODULE: ./src/http/tls.ts
var tls = __webpack_require__(7485);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/github/comment-files.ts
var comment_files = __webpack_require__(4928);
// EXTERNAL MODULE: ./src/github/factory.ts + 1 modules
var factory = __webpack_require__(2350);
// EXTERNAL MODULE: ./src/github/pull-request-comment.ts
var pull_request_comment = __webpack_require__(9444);
// EXTERNAL MODULE: ./src/report/pr-comment.ts
var pr_comment = __webpack_require__(1914);
// EXTERNAL MODULE: ./src/http/url.ts
var http_url = __webpack_require__(6697);
;// CONCATENATED MODULE: ./src/sonar/gate.ts
const OUTCOME = {
    OK: 'PASSED',
    WARN: 'WARN',
    ERROR: 'FAILED',
    NONE: 'NONE',
};
function gateOutcome(status) {
    return OUTCOME[status];
}

// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(4285);
;// CONCATENATED MODULE: ./src/report/quality-gate-summary.ts
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
        `### berth quality gate: ${VERDICT[gateOutcome(r.status)]}${counts.length ? ` — ${counts.join(', ')}` : ''}`,
        '',
    ];
    const about = describeProject(r);
    if (about !== '')
        out.push(about, '');
    if (r.status === 'NONE') {
        out.push('SonarQube has no quality gate for this project, so nothing was checked. Assign one in SonarQube (Project Settings → Quality Gate).', '');
    }
    if (r.conditions.length > 0) {
        out.push((0,markdown/* renderTable */.b)(['Metric', 'Value', 'Required', ''], orderConditions(r.conditions).map((c) => {
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
        (0,markdown/* escapeMarkdown */.F)(reason),
        '',
        ...(link === '' ? [] : [link, '']),
    ].join('\n');
}
function describeProject(r) {
    if (r.projectKey === undefined)
        return '';
    const where = r.pullRequest !== undefined
        ? ` (pull request ${(0,markdown/* escapeMarkdown */.F)(r.pullRequest)})`
        : r.branch !== undefined
            ? ` (branch ${(0,markdown/* escapeMarkdown */.F)(r.branch)})`
            : '';
    return `Project ${(0,markdown/* escapeMarkdown */.F)(r.projectKey)}${where}`;
}
/** `[Open in SonarQube](…)` for an http(s) address; '' for anything else. */
function dashboardLink(url) {
    const parsed = url === undefined ? undefined : (0,http_url/* parseHttpUrl */.f)(url);
    if (parsed === undefined)
        return '';
    const href = parsed.href.replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
    return `[Open in SonarQube](${href})`;
}

// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(9809);
// EXTERNAL MODULE: ./src/http/proxy.ts
var proxy = __webpack_require__(7856);
// EXTERNAL MODULE: ./src/http/request.ts
var request = __webpack_require__(7777);
;// CONCATENATED MODULE: ./src/sonar/api.ts
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
class SonarApiError extends errors/* OutageError */.AP {
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

;// CONCATENATED MODULE: ./src/sonar/client.ts
/**
 * The one SonarQube Web API client: GET over berth's one request (../http/request.ts: the proxy rule, a
 * private CA trusted besides the public ones, every request bounded in time and size). It maps statuses to SonarApiError kinds and SonarQube's bodies to
 * ./api.ts's shapes; it does not retry or wait (./wait.ts does, with its clock and sleep as parameters).
 */





const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;
/** The scheme for a server: by its version (report-task.txt's serverVersion), else found out (`auto`). */
function authSchemeFor(serverUrl, serverVersion) {
    // SonarQube Cloud writes serverVersion=8.0…, yet documents Bearer.
    if (/^https:\/\/([a-z0-9-]+\.)*(sonarcloud\.io|sonarqube\.us)(\/|$)/i.test(serverUrl))
        return 'bearer';
    const major = /^(\d+)\./.exec(serverVersion ?? '')?.[1];
    if (major === undefined)
        return 'auto';
    return Number(major) >= 10 ? 'bearer' : 'basic';
}
function createSonarApi(options) {
    return new SonarClient(options);
}
class SonarClient {
    options;
    serverUrl;
    scheme;
    /** In `auto`, until a request has gone through: the scheme may still change. */
    probing;
    constructor(options) {
        this.options = options;
        this.serverUrl = options.serverUrl.replace(/\/+$/, '');
        this.scheme = options.authScheme === 'basic' ? 'basic' : 'bearer';
        this.probing = options.authScheme === 'auto';
    }
    async task(id, timeoutMs) {
        const path = `api/ce/task?id=${encodeURIComponent(id)}`;
        return toTask(await this.get(path, timeoutMs), this.describe(path));
    }
    async projectStatus(analysisId, timeoutMs) {
        const path = `api/qualitygates/project_status?analysisId=${encodeURIComponent(analysisId)}`;
        return toProjectStatus(await this.get(path, timeoutMs), this.describe(path));
    }
    describe(path) {
        return `SonarQube at ${this.serverUrl} (GET /${path})`;
    }
    async get(path, timeoutMs) {
        const url = new URL(path, `${this.serverUrl}/`);
        const bound = Math.max(1, Math.min(timeoutMs ?? Infinity, this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS));
        let response = await this.send(url, this.scheme, bound);
        if (this.probing && (response.status === 401 || response.status === 403)) {
            const basic = await this.send(url, 'basic', bound);
            if (basic.status !== 401 && basic.status !== 403) {
                this.scheme = 'basic';
                this.options.debug?.('SonarQube took the token as a Basic login (a server before 10.0)');
            }
            response = basic;
        }
        if (response.status >= 200 && response.status < 300)
            this.probing = false;
        return this.interpret(response, path);
    }
    interpret(response, path) {
        const { status } = response;
        const where = this.describe(path);
        const said = this.scrub(serverMessage(response.body));
        const detail = said === '' ? `${status}` : `${status}: ${said}`;
        if (status >= 200 && status < 300) {
            try {
                return JSON.parse(response.body);
            }
            catch {
                throw new SonarApiError(`${where} answered with ${response.contentType || 'no content type'}, not SonarQube's JSON (${this.scrub(snippet(response.body))}); ${this.addressHint()}`, 'response', false);
            }
        }
        if (status === 401) {
            throw new SonarApiError(`sonar-token: SonarQube at ${this.serverUrl} refused the token (${detail}); it is wrong, expired or revoked, or belongs to another server: give a user token or project analysis token of this server`, 'auth', false, said);
        }
        if (status === 403) {
            throw new SonarApiError(`sonar-token: the token may not read this analysis on SonarQube at ${this.serverUrl} (${detail}); its user needs the Browse or Execute Analysis permission on the project`, 'forbidden', false, said);
        }
        if (status === 404)
            throw new SonarApiError(`${where} answered ${detail}`, 'not-found', false, said);
        if (status === 429 || status >= 500) {
            throw new SonarApiError(`${where} answered ${detail}`, 'server', true, said);
        }
        throw new SonarApiError(`${where} answered ${detail}`, 'response', false, said);
    }
    /** One GET, following redirects within the same origin (default-port http → https allowed); the token never leaves it. */
    async send(url, scheme, timeoutMs) {
        let current = url;
        for (let hop = 0;; hop++) {
            const response = await this.request(current, scheme, timeoutMs);
            if (![301, 302, 303, 307, 308].includes(response.status) || response.location === undefined) {
                return response;
            }
            const next = new URL(response.location, current);
            // The same origin (scheme, host and port: another port of the host is another server), or the
            // upgrade of a default-port http address to the default-port https one.
            const sameHost = next.origin === current.origin ||
                (current.protocol === 'http:' &&
                    next.protocol === 'https:' &&
                    next.hostname === current.hostname &&
                    current.port === '' &&
                    next.port === '');
            if (!sameHost || hop >= MAX_REDIRECTS) {
                throw new SonarApiError(`SonarQube at ${this.serverUrl} redirected GET ${current.pathname} to ${next.origin}${next.pathname}; ${this.options.serverUrlFrom ? 'set sonar-host-url' : 'change sonar-host-url'} to the address it redirects to (berth does not send the token to another host)`, 'response', false);
            }
            current = next;
        }
    }
    async request(url, scheme, timeoutMs) {
        const authorization = scheme === 'bearer'
            ? `Bearer ${this.options.token}`
            : `Basic ${Buffer.from(`${this.options.token}:`).toString('base64')}`;
        const target = `${this.describe(url.pathname.slice(1) + url.search)}`;
        try {
            // SonarQube's answers here are a few KiB; anything over MAX_BODY_BYTES is not one of them.
            const res = await (0,request/* httpRequest */.aj)(url, {
                headers: { accept: 'application/json', authorization, 'user-agent': 'berth' },
                timeoutMs,
                ...(this.options.ca ? { ca: this.options.ca } : {}),
            });
            const location = res.headers.location;
            return {
                status: res.status,
                contentType: res.headers['content-type'] ?? '',
                location: typeof location === 'string' ? location : undefined,
                body: res.body.toString('utf8'),
            };
        }
        catch (error) {
            throw this.networkError(error, target, timeoutMs);
        }
    }
    networkError(error, target, timeoutMs) {
        if (error instanceof request/* ResponseTooLargeError */.by) {
            return new SonarApiError(`${target} sent more than ${(0,request/* describeBytes */.nI)(request/* MAX_BODY_BYTES */.YK)}`, 'response', false);
        }
        if (error instanceof request/* RequestTimeoutError */.DH) {
            return new SonarApiError(`${target} did not answer within ${seconds(timeoutMs)}`, 'timeout', true);
        }
        if (error instanceof proxy/* ProxyError */.T6) {
            return new SonarApiError(`${target} failed: ${this.scrub(error.message)}`, 'unreachable', error.transient);
        }
        const code = (0,errors/* errnoCode */.UK)(error) ?? (error instanceof Error ? error.message : String(error));
        if (tls/* TLS_TRUST_CODES */.CH.has(code)) {
            return new SonarApiError(`sonar-ca-cert: the TLS certificate of SonarQube at ${this.serverUrl} is not trusted (${code})${this.options.ca ? ' even with sonar-ca-cert' : ''}; give the PEM of the CA that signed it (or the path of a PEM file) as sonar-ca-cert`, 'unreachable', false);
        }
        const from = this.options.serverUrlFrom ? ` (the serverUrl in ${this.options.serverUrlFrom})` : '';
        const unreachable = UNREACHABLE_CODES.has(code);
        return new SonarApiError(unreachable
            ? `sonar-host-url: SonarQube at ${this.serverUrl}${from} cannot be reached (${code}); check the address and that this runner can reach it`
            : `${target} failed: ${this.scrub(code)}`, 'unreachable', true);
    }
    addressHint() {
        return this.options.serverUrlFrom
            ? `is the serverUrl in ${this.options.serverUrlFrom} the SonarQube server itself (set sonar-host-url otherwise)?`
            : 'is sonar-host-url the SonarQube server itself, context path included (not a login or proxy page)?';
    }
    /** Nothing berth prints holds the token, whatever a server echoes. */
    scrub(text) {
        const token = this.options.token;
        return token.length >= 4 ? text.split(token).join('***') : text;
    }
}
const UNREACHABLE_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ETIMEDOUT',
]);
const seconds = (ms) => `${Math.round(ms / 100) / 10} s`;
/** SonarQube's error body: `{"errors":[{"msg":"…"}]}`; '' for anything else. */
function serverMessage(body) {
    try {
        const parsed = JSON.parse(body);
        if (!isRecord(parsed) || !Array.isArray(parsed.errors))
            return '';
        return parsed.errors
            .map((e) => (isRecord(e) && typeof e.msg === 'string' ? e.msg : ''))
            .filter((m) => m !== '')
            .join('; ')
            .slice(0, 300);
    }
    catch {
        return '';
    }
}
function snippet(body) {
    const text = body.replace(/\s+/g, ' ').trim();
    return text === '' ? 'an empty body' : JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const optionalString = (value) => typeof value === 'string' ? value : undefined;
function badShape(where, what) {
    return new SonarApiError(`${where} answered without ${what}: is this a SonarQube server?`, 'response', false);
}
function toTask(body, where) {
    const task = isRecord(body) ? body.task : undefined;
    if (!isRecord(task) || typeof task.id !== 'string' || typeof task.status !== 'string') {
        throw badShape(where, 'task.id and task.status');
    }
    const result = { id: task.id, status: task.status };
    for (const key of [
        'analysisId',
        'componentKey',
        'componentName',
        'branch',
        'pullRequest',
        'errorMessage',
    ]) {
        const value = optionalString(task[key]);
        if (value !== undefined)
            result[key] = value;
    }
    return result;
}
function toProjectStatus(body, where) {
    const status = isRecord(body) ? body.projectStatus : undefined;
    if (!isRecord(status) || !GATE_STATUSES.includes(status.status)) {
        throw badShape(where, 'projectStatus.status (OK, WARN, ERROR or NONE)');
    }
    const conditions = [];
    for (const c of Array.isArray(status.conditions) ? status.conditions : []) {
        if (!isRecord(c) || typeof c.metricKey !== 'string' || typeof c.status !== 'string')
            continue;
        const condition = {
            status: c.status,
            metricKey: c.metricKey,
            comparator: optionalString(c.comparator) ?? '',
        };
        for (const key of ['errorThreshold', 'warningThreshold', 'actualValue']) {
            const value = optionalString(c[key]);
            if (value !== undefined)
                condition[key] = value;
        }
        conditions.push(condition);
    }
    return {
        status: status.status,
        conditions,
        ignoredConditions: status.ignoredConditions === true,
    };
}

;// CONCATENATED MODULE: ./src/sonar/settings.ts
/**
 * The SonarQube settings `quality-gate` uses: each input, else the environment variable every
 * SonarSource scanner and SonarSource's sonarqube-quality-gate-action read (`SONAR_TOKEN`,
 * `SONAR_HOST_URL`, `SONAR_ROOT_CERT`), so a step copied from their README with an `env:` block works
 * as it is. The input wins when given. Pure: the environment is a parameter.
 */


const SONAR_ENV = {
    token: 'SONAR_TOKEN',
    hostUrl: 'SONAR_HOST_URL',
    caCert: 'SONAR_ROOT_CERT',
};
function resolveSonarSettings(inputs, env) {
    const fromEnv = (name) => (env[name] ?? '').trim();
    const pick = (input, name) => {
        if (input !== '')
            return [input, 'input'];
        const value = fromEnv(name);
        return value === '' ? ['', 'none'] : [value, 'env'];
    };
    const [sonarToken, token] = pick(inputs.sonarToken, SONAR_ENV.token);
    const [rawHost, hostUrl] = pick(inputs.sonarHostUrl, SONAR_ENV.hostUrl);
    const [sonarCaCert, caCert] = pick(inputs.sonarCaCert, SONAR_ENV.caCert);
    // The input was checked where it was read; the variable is checked here, by the same rule.
    const sonarHostUrl = hostUrl === 'env' ? checkHostUrl(rawHost) : rawHost;
    return { sonarToken, sonarHostUrl, sonarCaCert, from: { token, hostUrl, caCert } };
}
/** An http(s) address without user or password, without its trailing slash. */
function checkHostUrl(value) {
    const problem = (0,http_url/* httpAddressProblem */.w)(value);
    if (problem === 'user-or-password') {
        // Not quoted: the value holds a password.
        throw new errors/* ConfigurationError */.j1(`sonar-host-url: the ${SONAR_ENV.hostUrl} environment variable must not hold a user or password; give the token as sonar-token or ${SONAR_ENV.token}`);
    }
    if (problem === 'not-http') {
        throw new errors/* ConfigurationError */.j1(`sonar-host-url: the ${SONAR_ENV.hostUrl} environment variable is ${JSON.stringify(value.slice(0, 200))}; expected the http(s) address of the server, e.g. https://sonar.example.com`);
    }
    return value.replace(/\/+$/, '');
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/sonar/report-task.ts
/**
 * The SonarQube scanners' `report-task.txt`: where it is written (sonar-scanner, Maven, Gradle, .NET),
 * and what it says (server, project, dashboard and compute engine task), as Java properties
 * (`key=value` lines). Parsing is pure; finding walks the working directory, bounded.
 */



/** Where each scanner writes it, relative to the directory it ran in. */
const REPORT_TASK_DIRS = [
    '.scannerwork', // sonar-scanner CLI, and the scanners for npm/Python built on it
    'target/sonar', // sonar-maven-plugin
    'build/sonar', // the Gradle plugin
    '.sonarqube/out/.sonar', // SonarScanner for .NET
];
const REPORT_TASK_FILE = 'report-task.txt';
/** How deep below the working directory a module's report is looked for (`services/api/build/sonar`). */
const MAX_DEPTH = 4;
const MAX_DIRECTORIES = 20_000;
/** Not walked into: dependencies, caches and build output hold no module (their own reports are still checked). */
const SKIP = new Set([
    'node_modules',
    'vendor',
    'target',
    'build',
    'dist',
    'out',
    'bin',
    'obj',
    '__pycache__',
]);
/**
 * Java properties as java.util.Properties reads them: `key=value`, `key: value` or `key value`;
 * `#`/`!` comments; a trailing backslash continues the line; `\uXXXX`, `\t`, `\n`, `\=` escapes.
 */
function parseProperties(text) {
    const properties = new Map();
    const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    for (let i = 0; i < lines.length; i++) {
        let line = (lines[i] ?? '').replace(/^[ \t\f]+/, '');
        if (line === '' || line.startsWith('#') || line.startsWith('!'))
            continue;
        while (endsWithOddBackslashes(line) && i + 1 < lines.length) {
            line = line.slice(0, -1) + (lines[++i] ?? '').replace(/^[ \t\f]+/, '');
        }
        let end = 0;
        while (end < line.length && !/[=: \t\f]/.test(line.charAt(end)))
            end += line.charAt(end) === '\\' ? 2 : 1;
        const key = report_task_unescape(line.slice(0, end));
        let rest = line.slice(end).replace(/^[ \t\f]*/, '');
        if (rest.startsWith('=') || rest.startsWith(':'))
            rest = rest.slice(1).replace(/^[ \t\f]*/, '');
        properties.set(key, report_task_unescape(rest));
    }
    return properties;
}
function endsWithOddBackslashes(line) {
    const run = /\\+$/.exec(line)?.[0].length ?? 0;
    return run % 2 === 1;
}
function report_task_unescape(text) {
    return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c) => {
        if (c.length === 5)
            return String.fromCharCode(parseInt(c.slice(1), 16));
        return { t: '\t', n: '\n', r: '\r', f: '\f' }[c] ?? c;
    });
}
/** The report's facts; `file` names it in errors. The task id is required (ceTaskId, else ceTaskUrl's id). */
function parseReportTask(text, file) {
    const p = parseProperties(text);
    const value = (key) => {
        const v = p.get(key)?.trim();
        return v === undefined || v === '' ? undefined : v;
    };
    const ceTaskId = value('ceTaskId') ?? taskIdFromUrl(value('ceTaskUrl'));
    if (ceTaskId === undefined) {
        throw new errors/* ConfigurationError */.j1(`report-task-file: ${file} has no ceTaskId (nor a ceTaskUrl with an id); expected the report-task.txt a SonarQube scanner writes after it uploads an analysis (did the upload fail, or is sonar.scanner.skip set?)`);
    }
    const report = { ceTaskId };
    for (const key of ['serverUrl', 'serverVersion', 'projectKey', 'dashboardUrl', 'organization']) {
        const v = value(key);
        if (v !== undefined)
            report[key] = v;
    }
    return report;
}
function taskIdFromUrl(url) {
    if (url === undefined)
        return undefined;
    try {
        return new URL(url).searchParams.get('id') || undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * The report-task.txt files under `root` (relative POSIX paths, sorted): those in the known folders of
 * `root` itself; if there are none, those in the known folders of its subdirectories, MAX_DEPTH levels
 * down (a monorepo's modules). Hidden directories are not walked into.
 */
async function findReportTasks(root) {
    const atRoot = await reportsIn(root, '');
    if (atRoot.length > 0)
        return atRoot;
    const found = [];
    let seen = 0;
    const walk = async (dir, depth) => {
        if (depth > MAX_DEPTH || ++seen > MAX_DIRECTORIES)
            return;
        const entries = await (0,promises_.readdir)(external_node_path_default().join(root, dir), { withFileTypes: true }).catch(() => []);
        for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
            if (!entry.isDirectory() || SKIP.has(entry.name) || entry.name.startsWith('.'))
                continue;
            const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
            found.push(...(await reportsIn(root, rel)));
            await walk(rel, depth + 1);
        }
    };
    await walk('', 1);
    return found.sort();
}
async function reportsIn(root, dir) {
    const found = [];
    for (const layout of REPORT_TASK_DIRS) {
        const rel = `${dir === '' ? '' : `${dir}/`}${layout}/${REPORT_TASK_FILE}`;
        const info = await (0,promises_.stat)(external_node_path_default().join(root, rel)).catch(() => undefined);
        if (info?.isFile())
            found.push(rel);
    }
    return found;
}
/** The error when nothing was found: where berth looked, and what to do. */
function noReportTaskError(root) {
    const dirs = REPORT_TASK_DIRS.map((d) => `${d}/`);
    return new errors/* ConfigurationError */.j1(`report-task-file: no ${REPORT_TASK_FILE} under ${root}: looked in ${dirs.slice(0, -1).join(', ')} and ${dirs.at(-1) ?? ''}, there and in subdirectories ${MAX_DEPTH} levels down; run the SonarQube scanner before this step in the same job, or give report-task-file or ce-task-id`);
}
function severalReportTasksError(root, found) {
    return new errors/* ConfigurationError */.j1(`report-task-file: several ${REPORT_TASK_FILE} under ${root} (${found.join(', ')}); give the one to check as report-task-file (one quality-gate step per project)`);
}

;// CONCATENATED MODULE: ./src/sonar/analysis.ts
/**
 * Which analysis `quality-gate` checks: `ce-task-id` with `sonar-host-url`, else the report-task.txt the
 * scanner wrote (given, or the one found under `working-directory`), with its server and dashboard.
 */





/** `ce-task-id` with `sonar-host-url`, else the report-task.txt given or found under `working-directory`. */
async function locateAnalysis(inputs, runtime) {
    if (inputs.ceTaskId !== '') {
        if (inputs.reportTaskFile !== '') {
            throw new errors/* ConfigurationError */.j1('ce-task-id: give either ce-task-id or report-task-file, not both (the file names the task too)', { key: ['ce-task-id', 'report-task-file'], kind: 'unexpected' });
        }
        if (inputs.sonarHostUrl === '') {
            throw new errors/* ConfigurationError */.j1('sonar-host-url: required with ce-task-id: the SonarQube server the scanner uploaded to, e.g. https://sonar.example.com', { key: 'sonar-host-url', kind: 'required' });
        }
        return { taskId: inputs.ceTaskId, origin: 'ce-task-id', serverUrl: inputs.sonarHostUrl };
    }
    const dir = external_node_path_default().resolve(runtime.workspace, inputs.workingDirectory);
    const file = inputs.reportTaskFile !== '' ? external_node_path_default().resolve(dir, inputs.reportTaskFile) : await findReportTask(dir);
    const shown = displayPath(runtime.workspace, file);
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        if ((0,errors/* errnoCode */.UK)(error) !== 'ENOENT' && (0,errors/* errnoCode */.UK)(error) !== 'EISDIR')
            throw error;
        throw new errors/* ConfigurationError */.j1(`report-task-file: ${shown} does not exist; run the SonarQube scanner before this step in the same job, or fix the path (relative to working-directory)`, { key: 'report-task-file', kind: 'invalid' });
    }
    const report = parseReportTask(text, shown);
    const serverUrl = inputs.sonarHostUrl || report.serverUrl;
    if (serverUrl === undefined) {
        throw new errors/* ConfigurationError */.j1(`sonar-host-url: required: ${shown} names no serverUrl`, {
            key: 'sonar-host-url',
            kind: 'required',
        });
    }
    if ((0,http_url/* parseHttpUrl */.f)(serverUrl) === undefined) {
        throw new errors/* ConfigurationError */.j1(`sonar-host-url: the serverUrl in ${shown} is ${JSON.stringify(serverUrl)}, not an http(s) address; set sonar-host-url`, { key: 'sonar-host-url', kind: 'invalid' });
    }
    runtime.info(`${shown}: project ${report.projectKey ?? '(unnamed)'}, task ${report.ceTaskId}, on ${serverUrl.replace(/\/+$/, '')}`);
    const rebased = report.dashboardUrl && rebase(report.dashboardUrl, report.serverUrl, inputs.sonarHostUrl);
    // The link goes into the PR comment: only to the server berth asked (a report naming any host would
    // make it a link anywhere). Another origin: the dashboard address is made from the server's.
    const dashboardUrl = rebased && sameOrigin(rebased, serverUrl) ? rebased : undefined;
    if (rebased && dashboardUrl === undefined) {
        runtime.info(`${shown}: its dashboardUrl is not on ${serverUrl.replace(/\/+$/, '')}; the link is made from the server's address instead`);
    }
    return {
        taskId: report.ceTaskId,
        origin: shown,
        serverUrl,
        ...(inputs.sonarHostUrl === '' ? { serverUrlFrom: shown } : {}),
        ...(report.serverVersion ? { serverVersion: report.serverVersion } : {}),
        ...(report.projectKey ? { projectKey: report.projectKey } : {}),
        ...(dashboardUrl ? { dashboardUrl } : {}),
    };
}
async function findReportTask(dir) {
    const found = await findReportTasks(dir);
    if (found.length === 0)
        throw noReportTaskError(dir);
    if (found.length > 1)
        throw severalReportTasksError(dir, found);
    return external_node_path_default().join(dir, found[0] ?? '');
}
/** Same scheme, host and port (an http(s) URL each). */
function sameOrigin(url, server) {
    const a = (0,http_url/* parseHttpUrl */.f)(url);
    const b = (0,http_url/* parseHttpUrl */.f)(server);
    return a !== undefined && b !== undefined && a.origin === b.origin;
}
/** The report's dashboard address on sonar-host-url, when that replaces the report's serverUrl. */
function rebase(url, from, to) {
    if (to === '' || from === undefined)
        return url;
    const base = from.replace(/\/+$/, '');
    return url.startsWith(`${base}/`) ? `${to}${url.slice(base.length)}` : url;
}
function displayPath(workspace, file) {
    const rel = external_node_path_default().relative(workspace, file);
    return rel.startsWith('..') || external_node_path_default().isAbsolute(rel) ? file : rel.split((external_node_path_default()).sep).join('/');
}

;// CONCATENATED MODULE: ./src/sonar/wait.ts
/**
 * Waiting for SonarQube: poll the compute engine task with backoff until it is final, then read the
 * quality gate, all within one deadline. The clock, the sleep and the delays are parameters, so tests
 * run a five-minute wait in no time.
 */


/** 0.5 s, 1 s, 2 s, 4 s, 8 s, then every 10 s: a small analysis is seen at once, a long queue is not hammered. */
const pollDelayMs = (attempt) => Math.min(500 * 2 ** attempt, 10_000);
/**
 * Connection refused or no such host, this many times in a row, ends the wait at once: an address
 * that is wrong stays wrong. A slow or restarting server (5xx, no answer) is polled until the deadline.
 */
const MAX_UNREACHABLE_IN_A_ROW = 3;
/** The one bound of everything `quality-gate` asks SonarQube (the `timeout` input). */
class Deadline {
    timeoutMs;
    now;
    end;
    constructor(timeoutMs, now) {
        this.timeoutMs = timeoutMs;
        this.now = now;
        this.end = now() + timeoutMs;
    }
    remaining() {
        return Math.max(0, this.end - this.now());
    }
}
/** The analysis ended on the server without a result: FAILED or CANCELED. A verdict, not a bug. */
class AnalysisNotProcessedError extends errors/* VerdictError */.ay {
    status;
    name = 'AnalysisNotProcessedError';
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
/** The deadline passed: the server did not finish in time. */
class WaitTimeoutError extends errors/* OutageError */.AP {
    lastStatus;
    name = 'WaitTimeoutError';
    constructor(message, lastStatus) {
        super(message);
        this.lastStatus = lastStatus;
    }
}
/** The task once SUCCESS (with its analysisId); FAILED and CANCELED throw AnalysisNotProcessedError. */
async function waitForTask(api, taskId, options) {
    let last;
    return poll(options, async (timeoutMs) => {
        const task = await api.task(taskId, timeoutMs);
        if (task.status !== last)
            options.onStatus?.(task);
        last = task.status;
        switch (task.status) {
            case 'PENDING':
            case 'IN_PROGRESS':
                return undefined;
            case 'SUCCESS':
                if (task.analysisId === undefined || task.analysisId === '') {
                    throw new SonarApiError(`SonarQube at ${api.serverUrl} reports task ${taskId} as SUCCESS without an analysisId`, 'response', false);
                }
                return task;
            case 'FAILED':
                throw new AnalysisNotProcessedError(`SonarQube could not process the analysis (task ${taskId}: FAILED): ${task.errorMessage?.trim() || 'the server gave no error message'}; ${backgroundTasks(api, task)}`, task.status);
            case 'CANCELED':
                throw new AnalysisNotProcessedError(`the analysis was canceled on SonarQube before it was processed (task ${taskId}: CANCELED); run the scanner again. ${capitalise(backgroundTasks(api, task))}`, task.status);
            default:
                throw new SonarApiError(`SonarQube at ${api.serverUrl} reports task ${taskId} with an unknown status ${JSON.stringify(task.status)}`, 'response', false);
        }
    }, (lastError) => new WaitTimeoutError(`timeout: the analysis (SonarQube task ${taskId}) did not finish within ${wait_seconds(options.deadline.timeoutMs)}; last status seen: ${last ?? 'none, SonarQube did not answer'}${lastError ? ` (then: ${lastError.message})` : ''}. Raise timeout when the server's queue is long`, last));
}
/** The quality gate of a processed analysis, within what is left of the deadline. */
function readProjectStatus(api, analysisId, options) {
    return poll(options, (timeoutMs) => api.projectStatus(analysisId, timeoutMs), (lastError) => new WaitTimeoutError(`timeout: the analysis is processed (SUCCESS), but SonarQube did not give its quality gate within ${wait_seconds(options.deadline.timeoutMs)}${lastError ? ` (${lastError.message})` : ''}`, 'SUCCESS'));
}
/**
 * Calls `step` until it returns a value, sleeping `pollDelayMs` between calls and retrying transient
 * errors, all bounded by the deadline: each call gets the time that is left, and no sleep outlasts it.
 */
async function poll(options, step, expired) {
    const { deadline } = options;
    let lastError;
    let unreachable = 0;
    for (let attempt = 0;; attempt++) {
        if (deadline.remaining() <= 0)
            throw expired(lastError);
        try {
            const result = await step(deadline.remaining());
            lastError = undefined;
            unreachable = 0;
            if (result !== undefined)
                return result;
        }
        catch (error) {
            if (!(error instanceof SonarApiError) || !error.transient)
                throw error;
            if (error.kind === 'unreachable' && ++unreachable >= MAX_UNREACHABLE_IN_A_ROW)
                throw error;
            lastError = error;
            if (deadline.remaining() <= 0)
                throw expired(lastError);
            options.onRetry?.(error, Math.min(options.pollDelayMs(attempt), deadline.remaining()));
        }
        const delay = Math.min(options.pollDelayMs(attempt), deadline.remaining());
        if (delay > 0)
            await options.sleep(delay);
    }
}
function backgroundTasks(api, task) {
    return task.componentKey
        ? `see ${api.serverUrl}/project/background_tasks?id=${encodeURIComponent(task.componentKey)}`
        : "see the project's Background Tasks page in SonarQube";
}
const capitalise = (text) => text.charAt(0).toUpperCase() + text.slice(1);
function wait_seconds(ms) {
    return `${Math.round(ms / 100) / 10} s`;
}
/** Wait for the task, then read its gate: one deadline (`timeout`) for both. */
async function waitForGate(sonar, analysis, timeoutSeconds, runtime, timing) {
    const deadline = new Deadline(timeoutSeconds * 1000, timing.now);
    const onRetry = (error, delayMs) => runtime.info(`${error.message}; asking again in ${(delayMs / 1000).toFixed(1)} s`);
    const task = await waitForTask(sonar, analysis.taskId, {
        ...timing,
        deadline,
        onStatus: (t) => runtime.info(`SonarQube task ${t.id}: ${t.status}`),
        onRetry,
    }).catch((error) => {
        throw error instanceof SonarApiError && error.kind === 'not-found'
            ? unknownTask(analysis, sonar, error)
            : error;
    });
    const gate = await readProjectStatus(sonar, task.analysisId ?? '', { ...timing, deadline, onRetry });
    const dashboardUrl = analysis.dashboardUrl ?? dashboardOf(sonar.serverUrl, task);
    const projectKey = analysis.projectKey ?? task.componentKey;
    return {
        ...gate,
        ...(projectKey ? { projectKey } : {}),
        ...(task.branch ? { branch: task.branch } : {}),
        ...(task.pullRequest ? { pullRequest: task.pullRequest } : {}),
        ...(dashboardUrl ? { dashboardUrl } : {}),
    };
}
/** A 404 for the task: the id (or its report) and the server do not belong together. */
function unknownTask(analysis, sonar, error) {
    const said = error.serverMessage ? `404: ${error.serverMessage}` : '404';
    return new errors/* ConfigurationError */.j1(analysis.origin === 'ce-task-id'
        ? `ce-task-id: SonarQube at ${sonar.serverUrl} has no task ${analysis.taskId} (${said}); is sonar-host-url the server the scanner uploaded to?`
        : `report-task-file: ${analysis.origin} names task ${analysis.taskId}, which SonarQube at ${sonar.serverUrl} does not have (${said}); is the file left over from another server or an old run, or is sonar-host-url another server than the scanner's?`, { key: analysis.origin === 'ce-task-id' ? 'ce-task-id' : 'report-task-file', kind: 'invalid' });
}
/** The project's page for the analysed branch or pull request. */
function dashboardOf(serverUrl, task) {
    if (!task.componentKey)
        return undefined;
    const query = new URLSearchParams({ id: task.componentKey });
    if (task.pullRequest)
        query.set('pullRequest', task.pullRequest);
    else if (task.branch)
        query.set('branch', task.branch);
    return `${serverUrl}/dashboard?${query.toString()}`;
}

;// CONCATENATED MODULE: ./src/commands/quality-gate.ts
/**
 * `quality-gate`: find the analysis the SonarQube scanner uploaded (its report-task.txt, or
 * `ce-task-id`), wait for the server to process it, read the quality gate, and report it: outputs, the
 * step summary, the `quality-gate` section of the PR comment, and a failed step when the gate fails.
 */













const REAL_TIMING = { now: () => Date.now(), sleep: retry/* sleep */.yy, pollDelayMs: pollDelayMs };
async function runQualityGate(given, runtime, timing = REAL_TIMING, env = process.env) {
    // sonar-token, sonar-host-url and sonar-ca-cert, else SONAR_TOKEN, SONAR_HOST_URL and SONAR_ROOT_CERT.
    const settings = resolveSonarSettings(given, env);
    if (settings.from.token === 'env')
        runtime.setSecret(settings.sonarToken);
    logSources(settings, runtime);
    const inputs = { ...given, ...settings };
    const token = requireToken(inputs);
    const analysis = await locateAnalysis(inputs, runtime);
    const sonar = createSonarApi({
        serverUrl: analysis.serverUrl,
        ...(analysis.serverUrlFrom ? { serverUrlFrom: analysis.serverUrlFrom } : {}),
        token,
        authScheme: authSchemeFor(analysis.serverUrl, analysis.serverVersion),
        ...(inputs.sonarCaCert
            ? {
                ca: await (0,tls/* readCaInput */.xX)(inputs.sonarCaCert, {
                    input: 'sonar-ca-cert',
                    workspace: runtime.workspace,
                    ...(settings.from.caCert === 'env' ? { fromEnv: SONAR_ENV.caCert } : {}),
                }),
            }
            : {}),
        debug: (message) => runtime.debug(message),
    });
    const pr = await (0,pull_request_comment/* readPullRequest */.DQ)(runtime);
    const github = (0,factory/* lazyGitHubFor */.lL)(runtime, inputs);
    const publish = async (markdown) => {
        await runtime.appendSummary(markdown);
        if (pr) {
            const sections = [[(0,pr_comment/* sectionName */.$)('quality-gate', inputs.component), markdown]];
            await (0,comment_files/* writeSectionFiles */.YE)(runtime, sections);
            await (0,pull_request_comment/* writeCommentSections */.vT)(inputs, runtime, pr, github, sections);
        }
    };
    let result;
    try {
        result = await waitForGate(sonar, analysis, inputs.timeoutSeconds, runtime, timing);
    }
    catch (error) {
        // The gate could not be read: say so where the last verdict was, rather than leave that one standing.
        if ((0,errors/* isBerthError */.gn)(error)) {
            await publish(renderQualityGateNotChecked(error.message, analysis.dashboardUrl));
        }
        throw error;
    }
    runtime.setOutput('quality-gate-status', gateOutcome(result.status));
    runtime.setOutput('dashboard-url', result.dashboardUrl ?? '');
    await publish(renderQualityGateSummary(result));
    judge(result, inputs.failOnWarn, runtime);
}
/** Which settings came from the environment (names only; the token's value never). */
function logSources(settings, runtime) {
    const fromEnv = [
        settings.from.token === 'env' ? `sonar-token from ${SONAR_ENV.token}` : '',
        settings.from.hostUrl === 'env'
            ? `sonar-host-url from ${SONAR_ENV.hostUrl} (${settings.sonarHostUrl})`
            : '',
        settings.from.caCert === 'env' ? `sonar-ca-cert from ${SONAR_ENV.caCert}` : '',
    ].filter((s) => s !== '');
    if (fromEnv.length > 0)
        runtime.info(`${fromEnv.join(', ')}: the input is not set`);
}
function requireToken(inputs) {
    if (inputs.sonarToken === '') {
        throw new errors/* ConfigurationError */.j1(`sonar-token: required by quality-gate: a SonarQube token whose user may browse the project (a user token or the project analysis token), from a secret: \`sonar-token: \${{ secrets.SONAR_TOKEN }}\`, or the ${SONAR_ENV.token} environment variable (as SonarSource's scanners and actions read it)`, { key: 'sonar-token', kind: 'required' });
    }
    return inputs.sonarToken;
}
/** FAILED (ERROR) fails the step; WARN fails it with fail-on-warn; NONE passes with a warning. */
function judge(result, failOnWarn, runtime) {
    const project = result.projectKey ? ` of ${result.projectKey}` : '';
    const lines = (status) => result.conditions
        .filter((c) => c.status === status)
        .map((c) => `\n- ${describeCondition(c)}`)
        .join('');
    const link = result.dashboardUrl ? `\n${result.dashboardUrl}` : '';
    switch (result.status) {
        case 'ERROR':
            throw new QualityGateFailedError(`the SonarQube quality gate${project} FAILED:${lines('ERROR')}${link}`);
        case 'WARN':
            if (failOnWarn) {
                throw new QualityGateFailedError(`the SonarQube quality gate${project} is WARN, and fail-on-warn is true:${lines('WARN')}${link}`);
            }
            runtime.warning(`the SonarQube quality gate${project} is WARN:${lines('WARN')}`);
            return;
        case 'NONE':
            runtime.warning(`SonarQube has no quality gate for the project${project ? ` ${result.projectKey}` : ''}, so nothing was checked; assign one in SonarQube (Project Settings → Quality Gate)`);
            return;
        case 'OK':
            runtime.info(`the SonarQube quality gate${project} PASSED`);
    }
}
/** A failed gate: a verdict for the user, not a bug. */
class QualityGateFailedError extends errors/* VerdictError */.ay {
    name = 'QualityGateFailedError';
}


/***/ }),

/***/ 4928:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   YE: () => (/* binding */ writeSectionFiles),
/* harmony export */   zC: () => (/* binding */ readSectionFiles)
/* harmony export */ });
/* unused harmony exports COMMENT_DIR_NAME, SECTION_FILE_LIMIT, MAX_SECTION_FILES, sectionOfFileName */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3916);
/* harmony import */ var _report_pr_comment_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1914);
/**
 * The two-stage pattern for pull requests from forks, on disk. Stage 1 (`coverage`, `quality-gate` in
 * the pull_request run, whose token a fork's pull request gets read-only) writes each section it renders
 * to `<temp>/berth-comment/<section>.md` (output `comment-dir`); the workflow uploads that directory as
 * an artifact. Stage 2 (`comment`, in a workflow_run run with a write token) reads the downloaded files.
 *
 * A fork's code ran in stage 1, so the files are untrusted: they are taken as section text and nothing
 * else. Names must be section names, plain files only (a symbolic link could point anywhere on the
 * runner), each cut to GitHub's comment limit, at most MAX_SECTION_FILES of them; markers inside the
 * text are neutralised where sections are written (sanitizeSection).
 */






/** The directory under the runner's temp directory that stage 1 writes. */
const COMMENT_DIR_NAME = 'berth-comment';
/** One section file at most, in characters: GitHub's limit for a whole comment. */
const SECTION_FILE_LIMIT = _report_pr_comment_js__WEBPACK_IMPORTED_MODULE_5__/* .GITHUB_COMMENT_LIMIT */ ._4;
/** Section files read at most: far more than one run's coverage, tests and quality-gate per component. */
const MAX_SECTION_FILES = 20;
/** UTF-8 has at most 4 bytes a character: a longer file has more characters than the limit anyway. */
const MAX_FILE_BYTES = 4 * SECTION_FILE_LIMIT;
/** Not on Windows; there the lstat check stands alone. */
const O_NOFOLLOW = node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW ?? 0;
/** `coverage-backend.md` → `coverage-backend`; undefined for any other name. */
function sectionOfFileName(name) {
    if (!name.endsWith('.md'))
        return undefined;
    const section = name.slice(0, -'.md'.length);
    return (0,_report_pr_comment_js__WEBPACK_IMPORTED_MODULE_5__/* .isSectionName */ .N9)(section) ? section : undefined;
}
/**
 * Stage 1: writes `sections` ([name, markdown]) as `<temp>/berth-comment/<name>.md` and sets output
 * `comment-dir`. A file that cannot be written is a warning: it must not hide the command's verdict.
 */
async function writeSectionFiles(runtime, sections) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(runtime.tempDir, COMMENT_DIR_NAME);
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir, { recursive: true });
        for (const [name, markdown] of sections) {
            if (!(0,_report_pr_comment_js__WEBPACK_IMPORTED_MODULE_5__/* .isSectionName */ .N9)(name))
                throw new Error(`bad section name ${JSON.stringify(name)}`);
            const text = markdown.length > SECTION_FILE_LIMIT ? (0,_report_pr_comment_js__WEBPACK_IMPORTED_MODULE_5__/* .cutSection */ .Eo)(markdown, SECTION_FILE_LIMIT) : markdown;
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, `${name}.md`), text);
        }
    }
    catch (error) {
        // isNativeError: fs errors made in another realm (jest's VM modules) are no `instanceof Error`.
        runtime.warning(`the pull request comment's section files could not be written to ${dir}: ${node_util__WEBPACK_IMPORTED_MODULE_3__.types.isNativeError(error) ? error.message : String(error)}`);
        return;
    }
    runtime.setOutput('comment-dir', dir);
    runtime.info(`pull request comment sections written to ${dir} (${sections.map(([name]) => `${name}.md`).join(', ')}): for a fork's pull request, upload it as an artifact for \`command: comment\``);
}
/**
 * Stage 2: the section files in `dir` (`shown` is how messages name it), by name. Anything else there
 * is skipped with a warning through `warn`; a missing directory is a configuration error.
 */
async function readSectionFiles(dir, shown, warn) {
    let entries;
    try {
        entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(dir, { withFileTypes: true });
    }
    catch (error) {
        const code = (0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errnoCode */ .UK)(error);
        if (code !== 'ENOENT' && code !== 'ENOTDIR')
            throw error;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`comment-dir: ${shown} ${code === 'ENOENT' ? 'does not exist' : 'is not a directory'}; download the artifact the pull_request run uploaded (its coverage or quality-gate step's comment-dir) to it first, e.g. actions/download-artifact with \`path: ${shown}\``);
    }
    const names = [];
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (sectionOfFileName(entry.name) !== undefined)
            names.push(entry.name);
        else if (entry.isDirectory()) {
            warn(`comment-dir: ${JSON.stringify(entry.name)} ignored: a directory (several artifacts downloaded into one path need \`merge-multiple: true\`)`);
        }
        else {
            warn(`comment-dir: ${JSON.stringify(entry.name)} ignored: section files are named <section>.md, in lowercase letters, digits and - (e.g. coverage-backend.md)`);
        }
    }
    if (names.length > MAX_SECTION_FILES) {
        warn(`comment-dir: ${names.length} section files, at most ${MAX_SECTION_FILES} are read; ignored: ${names.slice(MAX_SECTION_FILES).join(', ')}`);
    }
    const files = [];
    for (const name of names.slice(0, MAX_SECTION_FILES)) {
        const markdown = await readSectionFile(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, name), name, warn);
        if (markdown !== undefined)
            files.push({ section: sectionOfFileName(name) ?? '', markdown });
    }
    return files;
}
/** One section file's text, cut to SECTION_FILE_LIMIT; undefined (with a warning) when not a plain file or blank. */
async function readSectionFile(file, name, warn) {
    const refuse = (why) => {
        warn(`comment-dir: ${name} ignored: ${why}`);
        return undefined;
    };
    const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(file);
    if (info.isSymbolicLink())
        return refuse('a symbolic link (section files must be plain files)');
    if (!info.isFile())
        return refuse('not a plain file');
    let bytes;
    let more;
    // O_NOFOLLOW: a link swapped in after the lstat is refused too.
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | O_NOFOLLOW);
    try {
        if (!(await handle.stat()).isFile())
            return refuse('not a plain file');
        const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
        let length = 0;
        let bytesRead;
        do {
            ({ bytesRead } = await handle.read(buffer, length, buffer.length - length, length));
            length += bytesRead;
        } while (bytesRead > 0 && length < buffer.length);
        more = length > MAX_FILE_BYTES;
        bytes = buffer.subarray(0, Math.min(length, MAX_FILE_BYTES));
    }
    finally {
        await handle.close();
    }
    const text = bytes.toString('utf8');
    // Blank would remove the section (upsertSections): stage 1 never writes one, so it is no report.
    if (text.trim() === '')
        return refuse('blank');
    if (!more && text.length <= SECTION_FILE_LIMIT)
        return text;
    warn(`comment-dir: ${name} is longer than ${SECTION_FILE_LIMIT.toLocaleString('en-US')} characters; cut to fit`);
    return (0,_report_pr_comment_js__WEBPACK_IMPORTED_MODULE_5__/* .cutSection */ .Eo)(text, SECTION_FILE_LIMIT);
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

/***/ 9444:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DQ: () => (/* binding */ readPullRequest),
/* harmony export */   vT: () => (/* binding */ writeCommentSections)
/* harmony export */ });
/* unused harmony export FORK_NOTE */
/* harmony import */ var _comment_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7318);
/* harmony import */ var _event_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5015);


/** The pull request of a pull_request(_target) event; undefined for any other event. */
async function readPullRequest(runtime) {
    const event = await (0,_event_js__WEBPACK_IMPORTED_MODULE_0__/* .readPullRequestEvent */ .$f)(runtime);
    if (event === undefined)
        return undefined;
    return { number: (0,_event_js__WEBPACK_IMPORTED_MODULE_0__/* .pullRequestNumber */ .Kd)(event), baseSha: (0,_event_js__WEBPACK_IMPORTED_MODULE_0__/* .baseSha */ .WF)(event), fromFork: (0,_event_js__WEBPACK_IMPORTED_MODULE_0__/* .headRepoDiffers */ .SW)(event) };
}
const FORK_NOTE = '> The pull request comment was not posted: a pull request from a fork gets a read-only token. The report above is the same; to comment on fork PRs, upload the `comment-dir` output as an artifact and post it with `command: comment` from a `workflow_run` workflow (the two-stage pattern).\n';
/** Writes `sections` ([name, markdown]) into berth's comment on `pr`, when `comment` is on. */
async function writeCommentSections(options, runtime, pr, api, sections) {
    const number = pr.number;
    if (!options.comment || number === undefined)
        return;
    if (pr.fromFork) {
        await runtime.appendSummary(FORK_NOTE);
        return;
    }
    if (options.githubToken === '') {
        runtime.warning('github-token: empty, so no pull request comment; pass `github-token: ${{ github.token }}` with `pull-requests: write`');
        return;
    }
    try {
        const result = await (0,_comment_js__WEBPACK_IMPORTED_MODULE_1__/* .upsertSections */ .aL)(api(), number, sections.map(([section, markdown]) => ({ section, markdown })));
        runtime.info(`pull request comment ${result.action}: ${result.url}`);
    }
    catch (error) {
        runtime.warning(`the pull request comment could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
}


/***/ }),

/***/ 1914:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ sectionName),
/* harmony export */   Eo: () => (/* binding */ cutSection),
/* harmony export */   N9: () => (/* binding */ isSectionName),
/* harmony export */   U2: () => (/* binding */ replaceSection),
/* harmony export */   _4: () => (/* binding */ GITHUB_COMMENT_LIMIT),
/* harmony export */   hV: () => (/* binding */ componentSlug),
/* harmony export */   lV: () => (/* binding */ isBerthComment)
/* harmony export */ });
/* unused harmony exports COMMENT_MARKER, COMMENT_TITLE, CUT_NOTE, parseSections, renderComment, sanitizeSection */
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


/***/ })

};
