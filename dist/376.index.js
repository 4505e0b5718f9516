export const id = 376;
export const ids = [376];
export const modules = {

/***/ 6376:
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
// EXTERNAL MODULE: ./src/github/comment-files.ts + 1 modules
var comment_files = __webpack_require__(7210);
// EXTERNAL MODULE: ./src/github/factory.ts + 1 modules
var factory = __webpack_require__(2350);
// EXTERNAL MODULE: ./src/github/pull-request-comment.ts
var pull_request_comment = __webpack_require__(9444);
// EXTERNAL MODULE: ./src/report/pr-comment.ts
var pr_comment = __webpack_require__(1914);
// EXTERNAL MODULE: ./src/report/quality-gate-summary.ts
var quality_gate_summary = __webpack_require__(390);
// EXTERNAL MODULE: ./src/sonar/gate.ts
var gate = __webpack_require__(3280);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(9809);
// EXTERNAL MODULE: ./src/http/proxy.ts
var proxy = __webpack_require__(7856);
// EXTERNAL MODULE: ./src/http/request.ts
var request = __webpack_require__(7777);
// EXTERNAL MODULE: ./src/sonar/api.ts
var sonar_api = __webpack_require__(5131);
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
                throw new sonar_api/* SonarApiError */.M(`${where} answered with ${response.contentType || 'no content type'}, not SonarQube's JSON (${this.scrub(snippet(response.body))}); ${this.addressHint()}`, 'response', false);
            }
        }
        if (status === 401) {
            throw new sonar_api/* SonarApiError */.M(`sonar-token: SonarQube at ${this.serverUrl} refused the token (${detail}); it is wrong, expired or revoked, or belongs to another server: give a user token or project analysis token of this server`, 'auth', false, said);
        }
        if (status === 403) {
            throw new sonar_api/* SonarApiError */.M(`sonar-token: the token may not read this analysis on SonarQube at ${this.serverUrl} (${detail}); its user needs the Browse or Execute Analysis permission on the project`, 'forbidden', false, said);
        }
        if (status === 404)
            throw new sonar_api/* SonarApiError */.M(`${where} answered ${detail}`, 'not-found', false, said);
        if (status === 429 || status >= 500) {
            throw new sonar_api/* SonarApiError */.M(`${where} answered ${detail}`, 'server', true, said);
        }
        throw new sonar_api/* SonarApiError */.M(`${where} answered ${detail}`, 'response', false, said);
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
                throw new sonar_api/* SonarApiError */.M(`SonarQube at ${this.serverUrl} redirected GET ${current.pathname} to ${next.origin}${next.pathname}; ${this.options.serverUrlFrom ? 'set sonar-host-url' : 'change sonar-host-url'} to the address it redirects to (berth does not send the token to another host)`, 'response', false);
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
            return new sonar_api/* SonarApiError */.M(`${target} sent more than ${(0,request/* describeBytes */.nI)(request/* MAX_BODY_BYTES */.YK)}`, 'response', false);
        }
        if (error instanceof request/* RequestTimeoutError */.DH) {
            return new sonar_api/* SonarApiError */.M(`${target} did not answer within ${seconds(timeoutMs)}`, 'timeout', true);
        }
        if (error instanceof proxy/* ProxyError */.T6) {
            return new sonar_api/* SonarApiError */.M(`${target} failed: ${this.scrub(error.message)}`, 'unreachable', error.transient);
        }
        const code = (0,errors/* errnoCode */.UK)(error) ?? (error instanceof Error ? error.message : String(error));
        if (tls/* TLS_TRUST_CODES */.CH.has(code)) {
            return new sonar_api/* SonarApiError */.M(`sonar-ca-cert: the TLS certificate of SonarQube at ${this.serverUrl} is not trusted (${code})${this.options.ca ? ' even with sonar-ca-cert' : ''}; give the PEM of the CA that signed it (or the path of a PEM file) as sonar-ca-cert`, 'unreachable', false);
        }
        const from = this.options.serverUrlFrom ? ` (the serverUrl in ${this.options.serverUrlFrom})` : '';
        const unreachable = UNREACHABLE_CODES.has(code);
        return new sonar_api/* SonarApiError */.M(unreachable
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
    return new sonar_api/* SonarApiError */.M(`${where} answered without ${what}: is this a SonarQube server?`, 'response', false);
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
    if (!isRecord(status) || !sonar_api/* GATE_STATUSES */.l.includes(status.status)) {
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

// EXTERNAL MODULE: ./src/http/url.ts
var http_url = __webpack_require__(6697);
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

// EXTERNAL MODULE: ./src/progress.ts
var src_progress = __webpack_require__(4660);
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
    startedAt;
    constructor(timeoutMs, now) {
        this.timeoutMs = timeoutMs;
        this.now = now;
        this.startedAt = now();
        this.end = this.startedAt + timeoutMs;
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
    return poll(options, { what: `SonarQube task ${taskId}`, last: () => last ?? 'no answer yet' }, async (timeoutMs) => {
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
                    throw new sonar_api/* SonarApiError */.M(`SonarQube at ${api.serverUrl} reports task ${taskId} as SUCCESS without an analysisId`, 'response', false);
                }
                return task;
            case 'FAILED':
                throw new AnalysisNotProcessedError(`SonarQube could not process the analysis (task ${taskId}: FAILED): ${task.errorMessage?.trim() || 'the server gave no error message'}; ${backgroundTasks(api, task)}`, task.status);
            case 'CANCELED':
                throw new AnalysisNotProcessedError(`the analysis was canceled on SonarQube before it was processed (task ${taskId}: CANCELED); run the scanner again. ${capitalise(backgroundTasks(api, task))}`, task.status);
            default:
                throw new sonar_api/* SonarApiError */.M(`SonarQube at ${api.serverUrl} reports task ${taskId} with an unknown status ${JSON.stringify(task.status)}`, 'response', false);
        }
    }, (lastError) => new WaitTimeoutError(`timeout: the analysis (SonarQube task ${taskId}) did not finish within ${wait_seconds(options.deadline.timeoutMs)}; last status seen: ${last ?? 'none, SonarQube did not answer'}${lastError ? ` (then: ${lastError.message})` : ''}. Raise timeout when the server's queue is long`, last));
}
/** The quality gate of a processed analysis, within what is left of the deadline. */
function readProjectStatus(api, analysisId, options) {
    return poll(options, { what: `the quality gate of analysis ${analysisId}`, last: () => 'not computed yet' }, (timeoutMs) => api.projectStatus(analysisId, timeoutMs), (lastError) => new WaitTimeoutError(`timeout: the analysis is processed (SUCCESS), but SonarQube did not give its quality gate within ${wait_seconds(options.deadline.timeoutMs)}${lastError ? ` (${lastError.message})` : ''}`, 'SUCCESS'));
}
/**
 * Calls `step` until it returns a value, sleeping `pollDelayMs` between calls and retrying transient
 * errors, all bounded by the deadline: each call gets the time that is left, and no sleep outlasts it.
 */
async function poll(options, watch, step, expired) {
    const { deadline } = options;
    // With nowhere to say them, no lines and the sleeps uncut.
    const progress = options.progress &&
        (0,src_progress/* startProgress */.ot)({
            what: watch.what,
            limitMs: deadline.timeoutMs,
            now: options.now,
            startedAt: deadline.startedAt,
            say: options.progress,
        });
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
            if (!(error instanceof sonar_api/* SonarApiError */.M) || !error.transient)
                throw error;
            if (error.kind === 'unreachable' && ++unreachable >= MAX_UNREACHABLE_IN_A_ROW)
                throw error;
            lastError = error;
            if (deadline.remaining() <= 0)
                throw expired(lastError);
            options.onRetry?.(error, Math.min(options.pollDelayMs(attempt), deadline.remaining()));
        }
        const delay = Math.min(options.pollDelayMs(attempt), deadline.remaining());
        progress?.update(lastError ? lastError.message : watch.last());
        if (delay > 0)
            await (progress ? progress.sleep(delay, options.sleep) : options.sleep(delay));
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
    const progress = (line) => runtime.info(line);
    const task = await waitForTask(sonar, analysis.taskId, {
        ...timing,
        deadline,
        onStatus: (t) => runtime.info(`SonarQube task ${t.id}: ${t.status}`),
        onRetry,
        progress,
    }).catch((error) => {
        throw error instanceof sonar_api/* SonarApiError */.M && error.kind === 'not-found'
            ? unknownTask(analysis, sonar, error)
            : error;
    });
    const gate = await readProjectStatus(sonar, task.analysisId ?? '', {
        ...timing,
        deadline,
        onRetry,
        progress,
    });
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
    const publish = async (markdown, data) => {
        await runtime.appendSummary(markdown);
        if (pr) {
            const sections = [[(0,pr_comment/* sectionName */.$)('quality-gate', inputs.component), markdown]];
            await (0,comment_files/* writeSectionFiles */.YE)(runtime, pr.number ?? null, [data]);
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
            await publish((0,quality_gate_summary/* renderQualityGateNotChecked */.H_)(error.message, analysis.dashboardUrl), {
                kind: 'quality-gate-not-checked',
                component: inputs.component,
                reason: error.message,
            });
        }
        throw error;
    }
    runtime.setOutput('quality-gate-status', (0,gate/* gateOutcome */.S)(result.status));
    runtime.setOutput('dashboard-url', result.dashboardUrl ?? '');
    await publish((0,quality_gate_summary/* renderQualityGateSummary */.$S)(result), {
        kind: 'quality-gate',
        component: inputs.component,
        result,
    });
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
        .map((c) => `\n- ${(0,quality_gate_summary/* describeCondition */.pu)(c)}`)
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


/***/ })

};
