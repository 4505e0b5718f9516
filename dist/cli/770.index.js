export const id = 770;
export const ids = [770];
export const modules = {

/***/ 2003:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Wf: () => (/* binding */ includesUnder),
/* harmony export */   eF: () => (/* binding */ includesFile),
/* harmony export */   oc: () => (/* binding */ findBerthIncludes),
/* harmony export */   xL: () => (/* binding */ userDirective),
/* harmony export */   z6: () => (/* binding */ pidDirective)
/* harmony export */ });
/* unused harmony exports dumpedFiles, includeDirectives */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/**
 * `nginx -T` output — pure parsing, the one reader of it. nginx prints every file it loaded, each after a
 * `# configuration file <path>:` line; these functions answer what berth asks of that text: the files and
 * their content, the `pid` and `user` directives, the include directives (and whether one covers a
 * file), and berth's own includes.
 */

/** The files of `nginx -T` output, in the order nginx read them (the main file first). */
function dumpedFiles(dump) {
    const files = [];
    const parts = dump.split(/^# configuration file (.+):$/m);
    for (let i = 1; i + 1 < parts.length; i += 2) {
        files.push({ file: parts[i].trim(), text: parts[i + 1].replace(/^\n/, '') });
    }
    return files;
}
/** The `pid` directive's path (`pid /run/nginx.pid;` → `/run/nginx.pid`), as written; undefined when none. */
function pidDirective(dump) {
    return /^\s*pid\s+([^;\s]+)\s*;/m.exec(dump)?.[1];
}
/** The `user` directive: `user www-data;` → { user: 'www-data' }, `user nginx web;` → with group 'web'. */
function userDirective(dump) {
    const m = /^\s*user\s+([A-Za-z0-9_.-]+)(?:\s+([A-Za-z0-9_.-]+))?\s*;/m.exec(dump);
    if (!m)
        return undefined;
    return { user: m[1], ...(m[2] ? { group: m[2] } : {}) };
}
/** The include directives of `nginx -T` output, made absolute against the main file's directory. */
function includeDirectives(dump) {
    // The main file: the first one nginx read (whose path has no white space).
    const main = dumpedFiles(dump).find((f) => !/\s/.test(f.file))?.file;
    const base = main ? node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.dirname(main) : '/etc/nginx';
    const found = [];
    // An include starts a line or follows another statement or brace (`http { include x; }`); not in a comment.
    const code = dump.replace(/#[^\n]*/g, '');
    for (const m of code.matchAll(/(?<=^|[;{}])\s*include\s+("([^"]+)"|'([^']+)'|([^\s;]+))\s*;/gm)) {
        const arg = m[2] ?? m[3] ?? m[4] ?? '';
        found.push(node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.isAbsolute(arg) ? arg : node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.join(base, arg));
    }
    return found;
}
/** nginx includes `file`: it was read (a `# configuration file` header), or an include pattern matches it. */
function includesFile(dump, file) {
    if (dump.includes(`# configuration file ${file}:`))
        return true;
    return includeDirectives(dump).some((pattern) => globToRegExp(pattern).test(file));
}
/** Some include pattern covers `*.conf` files in `dir`. */
function includesUnder(dump, dir) {
    return includeDirectives(dump).some((pattern) => node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.dirname(pattern) === dir && globToRegExp(pattern).test(`${dir}/berth.conf`));
}
/** nginx's include globs (glob(3): `*`, `?`, `[…]`) as a regular expression for one path. */
function globToRegExp(pattern) {
    let out = '';
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '*')
            out += '[^/]*';
        else if (c === '?')
            out += '[^/]';
        else if (c === '[') {
            const end = pattern.indexOf(']', i + 1);
            if (end === -1)
                out += '\\[';
            else {
                out += `[${pattern
                    .slice(i + 1, end)
                    .replace(/^!/, '^')
                    .replace(/\\/g, '\\\\')}]`;
                i = end;
            }
        }
        else
            out += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
    return new RegExp(`^${out}$`);
}
/** berth's includes in `nginx -T` output: the files with berth's header that hold an upstream. */
function findBerthIncludes(dump) {
    const found = [];
    for (const { file, text } of dumpedFiles(dump)) {
        const note = /^# Managed by berth \(([^)]*)\)/.exec(text)?.[1];
        if (note === undefined)
            continue;
        const name = /^# Server blocks proxy here \(proxy_pass http:\/\/([A-Za-z0-9_]+);\)/m.exec(text)?.[1] ??
            /^upstream ([A-Za-z0-9_]+) \{/m.exec(text)?.[1];
        if (name === undefined)
            continue; // a server block berth wrote, not an include
        found.push({ file, note: note.replace(/: (blue|green)$/, ''), name, text });
    }
    return found;
}


/***/ }),

/***/ 2205:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nj: () => (/* binding */ NginxNotRunningError),
/* harmony export */   Q5: () => (/* binding */ NginxControl),
/* harmony export */   ZW: () => (/* binding */ nginxArgv),
/* harmony export */   aL: () => (/* binding */ nginxVersionName),
/* harmony export */   mR: () => (/* binding */ resolvePidFile)
/* harmony export */ });
/* unused harmony exports parseProcessIds, parseNginxVersion */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3190);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9809);
/* harmony import */ var _config_dump_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2003);
/**
 * The nginx seam: `nginx -t`, `-T`, `-v`, a graceful reload and the wait for the old workers to exit
 * (they finish their requests with the old configuration), and who the workers run as. A deploy only
 * reloads when berth's files changed; the switch itself is a file (src/nginx/switch.ts).
 */





/** `sudo nginx -p /srv/nginx` → argv; the input comes from the workflow author, split on white space. */
function nginxArgv(command, ...args) {
    const parts = command
        .trim()
        .split(/\s+/)
        .filter((p) => p !== '');
    if (parts.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1('nginx-command: empty; expected e.g. "nginx" or "sudo nginx -p /srv/nginx"');
    return [...parts, ...args];
}
/** The pid file nginx uses: the `pid` directive of `nginx -T`, else the compiled-in path, relative to the prefix. */
function resolvePidFile(command, dumpedConfig, versionInfo) {
    const fromConfig = (0,_config_dump_js__WEBPACK_IMPORTED_MODULE_4__/* .pidDirective */ .z6)(dumpedConfig);
    const compiled = /--pid-path=(\S+)/.exec(versionInfo)?.[1];
    const pid = fromConfig ?? compiled;
    if (pid === undefined)
        return undefined;
    if (node_path__WEBPACK_IMPORTED_MODULE_0___default().isAbsolute(pid))
        return pid;
    const parts = command.trim().split(/\s+/);
    const p = parts.indexOf('-p');
    const prefix = p !== -1 ? parts[p + 1] : /--prefix=(\S+)/.exec(versionInfo)?.[1];
    return node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(prefix ?? '/', pid);
}
/** The pids whose parent is $1, from /proc (nginx's workers are its master's children). */
const CHILDREN_OF = 'grep -ls "^PPid:[[:space:]]*$1\\$" /proc/[0-9]*/status | cut -d/ -f3';
function parseProcessIds(status) {
    const field = (name) => new RegExp(`^${name}:[ \\t]*([\\d \\t]*)$`, 'm')
        .exec(status)?.[1]
        ?.trim()
        .split(/\s+/)
        .filter((f) => f !== '')
        .map(Number);
    const uid = field('Uid')?.[1]; // real, effective, saved, filesystem: access checks use the effective id
    const gid = field('Gid')?.[1];
    if (uid === undefined || gid === undefined)
        return undefined;
    return { uid, gids: [...new Set([gid, ...(field('Groups') ?? [])])] };
}
/** nginx has no master to reload (berth never starts nginx). */
class NginxNotRunningError extends _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1 {
    name = 'NginxNotRunningError';
}
class NginxControl {
    host;
    command;
    drainTimeoutMs;
    sleep;
    constructor(host, command, drainTimeoutMs, sleep = _retry_js__WEBPACK_IMPORTED_MODULE_3__/* .sleep */ .yy) {
        this.host = host;
        this.command = command;
        this.drainTimeoutMs = drainTimeoutMs;
        this.sleep = sleep;
    }
    /** Checks nginx's configuration as it is on disk. */
    async test() {
        const result = await this.host.exec(nginxArgv(this.command, '-t'));
        if (result.code !== 0)
            throw new Error(`nginx -t failed: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .lastLines */ .w$)(result.stderr)}`);
    }
    /** `nginx -t`, then a graceful reload, then the wait for the workers of the old configuration to exit. */
    async reload() {
        let t = Date.now();
        await this.test(); // first: nginx -T (which finds the pid file) needs a configuration that loads
        const testMs = Date.now() - t;
        const master = await this.masterPid();
        const oldWorkers = await this.workers(master);
        t = Date.now();
        const reloaded = await this.host.exec(nginxArgv(this.command, '-s', 'reload'));
        const reloadMs = Date.now() - t;
        if (reloaded.code !== 0)
            throw new Error(`nginx -s reload failed: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .lastLines */ .w$)(reloaded.stderr)}`);
        t = Date.now();
        await this.waitForExit(master, oldWorkers);
        return { testMs, reloadMs, drainMs: Date.now() - t };
    }
    /** `nginx -T`: the whole configuration as nginx reads it. */
    async dump() {
        return (await this.host.exec(nginxArgv(this.command, '-T'), { quiet: true })).stdout;
    }
    /** The version `nginx -V` prints (-V, not -v: a sudoers rule for berth allows -V); undefined when unknown. */
    async version() {
        const result = await this.host.exec(nginxArgv(this.command, '-V'), { quiet: true });
        return parseNginxVersion(result.stderr + result.stdout);
    }
    /** Who nginx's workers run as (they check the marker on every request); undefined when not found. */
    async workerIds() {
        const master = await this.masterPid();
        for (const pid of await this.workers(master)) {
            const status = await this.host.readFile(`/proc/${pid}/status`).catch(() => undefined);
            const ids = status === undefined ? undefined : parseProcessIds(status);
            if (ids)
                return ids;
        }
        return undefined;
    }
    async masterPid() {
        const dumped = { stdout: await this.dump() };
        const version = await this.host.exec(nginxArgv(this.command, '-V'), { quiet: true });
        const pidFile = resolvePidFile(this.command, dumped.stdout, version.stderr + version.stdout);
        const text = (pidFile ? await this.host.readFile(pidFile) : undefined) ?? '';
        const pid = Number(text.trim());
        if (!pidFile || !Number.isInteger(pid) || pid <= 0) {
            throw new NginxNotRunningError(`nginx-command: nginx does not seem to be running on ${this.host.label} (no pid in ${pidFile ?? 'its pid file'}); start it, or set nginx-command to how this host runs it (e.g. "nginx -p /srv/nginx -c conf/nginx.conf")`);
        }
        return pid;
    }
    async workers(master) {
        // /proc, not ps: a minimal server may have no procps. The master's pid arrives as $1.
        const result = await this.host.exec(['sh', '-c', CHILDREN_OF, 'sh', String(master)], { quiet: true });
        return result.stdout
            .split('\n')
            .map((l) => Number(l.trim()))
            .filter((n) => Number.isInteger(n) && n > 0);
    }
    /** Waits (bounded) until none of the pre-reload workers is a child of the master any more. */
    async waitForExit(master, old) {
        const deadline = Date.now() + this.drainTimeoutMs;
        for (;;) {
            const now = new Set(await this.workers(master));
            if (!old.some((pid) => now.has(pid)))
                return;
            if (Date.now() > deadline)
                return; // they only hold idle keep-alives now; what follows is safe enough
            await this.sleep(100);
        }
    }
}
/** `nginx -v`'s output (it prints to stderr) → the version as shown, `nginx/1.22.1`; undefined when none. */
function nginxVersionName(output) {
    return /nginx version:\s*(\S+)/.exec(output)?.[1];
}
/** The nginx version `nginx -v` prints (`nginx version: nginx/1.22.1`) as [major, minor, patch]. */
function parseNginxVersion(text) {
    const m = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(text);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}


/***/ }),

/***/ 6983:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $L: () => (/* binding */ parseLegacyUpstreamPort),
/* harmony export */   Py: () => (/* binding */ PROBE_HEADER),
/* harmony export */   Qz: () => (/* binding */ defaultUpstreamName),
/* harmony export */   YC: () => (/* binding */ UPSTREAM_NAME),
/* harmony export */   _Z: () => (/* binding */ markerFor),
/* harmony export */   ox: () => (/* binding */ colourUpstream),
/* harmony export */   t$: () => (/* binding */ chooseEntryPort),
/* harmony export */   tC: () => (/* binding */ supportsUpstreamKeepaliveTimeout),
/* harmony export */   u2: () => (/* binding */ parseProbeAnswer),
/* harmony export */   uW: () => (/* binding */ parseSwitchInclude),
/* harmony export */   vY: () => (/* binding */ renderSwitchInclude)
/* harmony export */ });
/* unused harmony export COLOUR_KEEPALIVE_TIMEOUT_MS */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

const UPSTREAM_NAME = /^[A-Za-z0-9_]+$/;
/** A path nginx may be given unquoted: no space, quote, `;`, `{`, `}`, `$` or `#`. */
const NGINX_PATH = /^\/[A-Za-z0-9._/@+=,-]+$/;
/** The header berth's probe sends; the value is the install's token. */
const PROBE_HEADER = 'X-Berth-Probe';
const TOKEN = /^[0-9a-f]{16,64}$/;
/**
 * How long nginx keeps an idle connection to a colour. Short, so that the old colour's idle connections
 * are gone moments after the switch — a connection still open to it then carries a request in flight,
 * which is what the drain waits for — and shorter than any app's own idle timeout (Node 5 s, gunicorn
 * 2 s), so nginx never reuses a connection the app is closing. Reconnecting on loopback costs
 * microseconds; under load the pool's connections are never idle that long.
 */
const COLOUR_KEEPALIVE_TIMEOUT_MS = 300;
/** `<app>_<environment>` with anything nginx would not take in a name turned into `_`. */
function defaultUpstreamName(app, environment) {
    return `${app}_${environment}`.replace(/[^A-Za-z0-9_]/g, '_');
}
/** The upstream of one colour: `<name>_blue`, `<name>_green`. */
function colourUpstream(name, colour) {
    return `${name}_${colour}`;
}
/** The marker next to the include: nginx proxies to green while it exists, to blue otherwise. */
function markerFor(upstreamFile) {
    return `${upstreamFile}.green`;
}
function hostPort(address, port) {
    return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
function checkPort(what, port) {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${what}: expected a port of 1-65535, got ${port}`);
}
function renderSwitchInclude(o) {
    if (!UPSTREAM_NAME.test(o.name)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`nginx-upstream-name: expected letters, digits and "_", got ${JSON.stringify(o.name)}`);
    }
    if (!NGINX_PATH.test(o.marker)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`nginx-upstream-file: ${JSON.stringify(o.marker.replace(/\.green$/, ''))} must be an absolute path of letters, digits and ._/@+=,- (nginx reads the switch's marker next to it)`);
    }
    if (!TOKEN.test(o.token))
        throw new Error(`the probe token must be hex, got ${JSON.stringify(o.token)}`);
    if (!/^[\x20-\x7e]*$/.test(o.note) || /[\n\r]/.test(o.note))
        throw new Error(`the note ${JSON.stringify(o.note)} must be printable ASCII`);
    if (!/^[0-9a-fA-F:.]+$/.test(o.address))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`bind-address: expected an IP address, got ${JSON.stringify(o.address)}`);
    checkPort('blue-port', o.ports.blue);
    checkPort('green-port', o.ports.green);
    checkPort('the switch port', o.entryPort);
    const variable = `$berth_${o.name}`;
    const connection = `$berth_${o.name}_connection`;
    const colour = (c) => [
        `upstream ${colourUpstream(o.name, c)} {`,
        `    server ${hostPort(o.address, o.ports[c])} max_fails=0;`,
        ...(o.upstreamKeepaliveTimeout
            ? ['    keepalive 16;', `    keepalive_timeout ${COLOUR_KEEPALIVE_TIMEOUT_MS}ms;`]
            : []),
        '}',
    ];
    return [
        `# Managed by berth (${o.note}). Do not edit: berth rewrites it when blue-port, green-port or the`,
        '# upstream name change, and reloads nginx then only. A deploy switches colours without a reload:',
        `# nginx proxies to green while ${o.marker} exists, to blue otherwise.`,
        '# nginx\'s worker user must be able to read that directory (see "berth doctor").',
        ...colour('blue'),
        ...colour('green'),
        '',
        `# Server blocks proxy here (proxy_pass http://${o.name};): the switch below.`,
        `upstream ${o.name} {`,
        `    server 127.0.0.1:${o.entryPort} max_fails=0;`,
        '    keepalive 32;',
        '}',
        '',
        `map $http_upgrade ${connection} {`,
        '    default upgrade;',
        "    ''      '';",
        '}',
        '',
        '# The switch: picks the live colour per request and passes the request on as it came (headers, body,',
        '# WebSocket upgrades). The limits and timeouts of the server block in front of it apply, not its own.',
        'server {',
        `    listen 127.0.0.1:${o.entryPort};`,
        '    access_log off;',
        '    open_file_cache off;',
        '    client_max_body_size 0;',
        '    large_client_header_buffers 8 64k;',
        '    underscores_in_headers on;',
        '    ignore_invalid_headers off;',
        '    keepalive_timeout 600s;',
        '    keepalive_requests 100000;',
        '',
        `    set ${variable} ${colourUpstream(o.name, 'blue')};`,
        `    if (-f ${o.marker}) {`,
        `        set ${variable} ${colourUpstream(o.name, 'green')};`,
        '    }',
        `    if ($http_${PROBE_HEADER.toLowerCase().replace(/-/g, '_')} = "${o.token}") {`,
        `        return 200 "${variable}\\n";`,
        '    }',
        '',
        '    location / {',
        `        proxy_pass http://${variable};`,
        '        proxy_http_version 1.1;',
        '        proxy_set_header Host $http_host;',
        '        proxy_set_header Upgrade $http_upgrade;',
        `        proxy_set_header Connection ${connection};`,
        '        proxy_buffering off;',
        '        proxy_request_buffering off;',
        // Room for an answer's headers bigger than the front block would take (with buffering off only
        // proxy_buffer_size is used; the others satisfy nginx's checks of it).
        '        proxy_buffer_size 32k;',
        '        proxy_buffers 4 32k;',
        '        proxy_busy_buffers_size 64k;',
        '        proxy_read_timeout 1d;',
        '        proxy_send_timeout 1d;',
        '        proxy_redirect off;',
        '        proxy_ignore_headers X-Accel-Redirect X-Accel-Expires X-Accel-Limit-Rate X-Accel-Buffering X-Accel-Charset;',
        ...['Server', 'Date', ...ACCEL_HEADERS].map((h) => `        proxy_pass_header ${h};`),
        '    }',
        '}',
        '',
    ].join('\n');
}
/** The X-Accel-* headers the server block in front acts on: the switch passes them on untouched. */
const ACCEL_HEADERS = [
    'X-Accel-Redirect',
    'X-Accel-Expires',
    'X-Accel-Limit-Rate',
    'X-Accel-Buffering',
    'X-Accel-Charset',
];
/** What berth keeps from an include it wrote with the switch: its port and token; undefined for any other file. */
function parseSwitchInclude(text, name) {
    const entry = new RegExp(`^upstream ${name} \\{\\n    server 127\\.0\\.0\\.1:(\\d{1,5}) max_fails=0;$`, 'm').exec(text);
    const token = /^ {4}if \(\$http_x_berth_probe = "([0-9a-f]{16,64})"\) \{$/m.exec(text);
    if (!entry || !token)
        return undefined;
    const entryPort = Number(entry[1]);
    if (entryPort < 1 || entryPort > 65535)
        return undefined;
    return { entryPort, token: token[1] };
}
/** The probe's answer (`<name>_green\n`) → the colour; undefined for anything else. */
function parseProbeAnswer(body, name) {
    const text = body.trim();
    if (text === colourUpstream(name, 'blue'))
        return 'blue';
    if (text === colourUpstream(name, 'green'))
        return 'green';
    return undefined;
}
/** The first port of the switch's range that nothing holds, from where this name's hash starts. */
function chooseEntryPort(name, taken) {
    const [low, size] = [20000, 10000]; // under Linux's ephemeral range (32768+), above most apps' ports
    let hash = 2166136261;
    for (const char of name)
        hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    for (let i = 0; i < size; i++) {
        const port = low + ((hash + i) % size);
        if (!taken.has(port))
            return port;
    }
    throw new Error(`no free port for nginx's switch between ${low} and ${low + size - 1}`);
}
/** `keepalive_timeout` is allowed in `upstream` since nginx 1.15.3 (unknown version: assume a current one). */
function supportsUpstreamKeepaliveTimeout(version) {
    if (version === undefined)
        return true;
    const [a, b, c] = version;
    return a > 1 || (a === 1 && (b > 15 || (b === 15 && c >= 3)));
}
/**
 * The port `upstream <name>` points at in an include of berth before the switch (`server
 * 127.0.0.1:18081 …;`), or a hand-written one; undefined when the file has no such upstream.
 */
function parseLegacyUpstreamPort(text, name) {
    const m = new RegExp(`(?:^|[\\s;}])upstream\\s+${name}\\s*\\{[^}]*?\\bserver\\s+\\S*?:(\\d{1,5})\\b`).exec(text);
    return m ? Number(m[1]) : undefined;
}


/***/ }),

/***/ 7239:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V1: () => (/* binding */ permits),
/* harmony export */   Wv: () => (/* binding */ blockedMessage),
/* harmony export */   dY: () => (/* binding */ markerAccess),
/* harmony export */   ul: () => (/* binding */ parseStatModes)
/* harmony export */ });
/* unused harmony exports directoriesAbove, firstUnsearchable */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Can nginx's workers see the switch's marker? They test it (`if (-f …)`) on every request as nginx's
 * worker user, which needs search permission (x) on every directory above it. Without it the test is
 * silently false — nginx would keep proxying to blue — so berth checks before it relies on the marker.
 */

/** `/etc/nginx/berth/x.conf.green` → `/`, `/etc`, `/etc/nginx`, `/etc/nginx/berth`. */
function directoriesAbove(file) {
    const dirs = [];
    for (let dir = node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.dirname(file);; dir = node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.dirname(dir)) {
        dirs.unshift(dir);
        if (dir === '/')
            return dirs;
    }
}
/** `stat -L -c '%a %u %g'` output, one line per directory in order. */
function parseStatModes(dirs, output) {
    const lines = output.trim().split('\n');
    if (lines.length !== dirs.length)
        return undefined;
    const modes = [];
    for (const [i, line] of lines.entries()) {
        const m = /^([0-7]{1,4}) (\d+) (\d+)$/.exec(line.trim());
        if (!m)
            return undefined;
        modes.push({
            dir: dirs[i],
            mode: parseInt(m[1], 8),
            uid: Number(m[2]),
            gid: Number(m[3]),
        });
    }
    return modes;
}
/**
 * Whether `who` has a permission on a file or directory by its mode, as the kernel decides: root always;
 * else the owner's, the group's or the others' bits — `bit` 1 (x/search) or 4 (r).
 */
function permits(d, who, bit) {
    if (who.uid === 0)
        return true;
    if (d.uid === who.uid)
        return (d.mode & (bit << 6)) !== 0;
    if (who.gids.includes(d.gid))
        return (d.mode & (bit << 3)) !== 0;
    return (d.mode & bit) !== 0;
}
/** The first directory `who` may not search (enter), or undefined when it may search them all. */
function firstUnsearchable(dirs, who) {
    return dirs.find((d) => !permits(d, who, 1));
}
/** Whether the workers (`ids`) may reach `marker`, from the modes of the directories above it on `host`. */
async function markerAccess(host, marker, ids) {
    if (ids === undefined)
        return { status: 'unknown', why: "nginx's worker processes were not found" };
    const dirs = directoriesAbove(marker);
    // Directories berth has not made yet are made by it (mkdir -p, 0755 under a umask of 022): the ones that exist decide.
    const result = await host.exec([
        'sh',
        '-c',
        'for d in "$@"; do [ -d "$d" ] && stat -L -c "%a %u %g" -- "$d"; done; exit 0',
        'sh',
        ...dirs,
    ], { quiet: true });
    const existing = dirs.slice(0, result.stdout.trim() === '' ? 0 : result.stdout.trim().split('\n').length);
    const modes = parseStatModes(existing, result.stdout);
    if (modes === undefined)
        return { status: 'unknown', why: `stat failed: ${result.stderr.trim().split('\n')[0] ?? ''}` };
    const blocked = firstUnsearchable(modes, ids);
    if (blocked)
        return { status: 'blocked', dir: blocked.dir, mode: blocked.mode, uid: ids.uid };
    return { status: 'ok', uid: ids.uid };
}
/** The sentence a deploy or doctor prints for a blocked directory. */
function blockedMessage(marker, access) {
    return `nginx's workers (uid ${access.uid}) cannot search ${access.dir} (mode ${access.mode.toString(8).padStart(4, '0')}), so they would never see berth's switch marker ${marker}; let them in: sudo chmod o+x ${access.dir} (or move nginx-upstream-file to a directory nginx's user can read, e.g. /etc/nginx/berth)`;
}


/***/ }),

/***/ 2214:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xr: () => (/* binding */ PROC_NET_TCP),
/* harmony export */   ZR: () => (/* binding */ openConnectionsTo),
/* harmony export */   g0: () => (/* binding */ clashes),
/* harmony export */   hW: () => (/* binding */ parseListeners)
/* harmony export */ });
/* unused harmony export decodeAddress */
/**
 * Linux's socket tables (/proc/net/tcp and /proc/net/tcp6, readable by every user) — pure parsing. They
 * answer two questions without ss or netstat on the server: what listens on a port (doctor, the switch's
 * port), and how many connections are still open to one (the drain before the old colour stops).
 */
/** The socket files, IPv4 and IPv6. */
const PROC_NET_TCP = ['/proc/net/tcp', '/proc/net/tcp6'];
/** TCP states of /proc's `st` column: LISTEN, and those of a connection that may still carry a request. */
const LISTEN = '0A';
/** ESTABLISHED, SYN_SENT, CLOSE_WAIT (the peer closed; our side may still be reading its answer). */
const OPEN = new Set(['01', '02', '08']);
function rows(text) {
    const out = [];
    for (const line of text.split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        const [local, remote, state] = [fields[1], fields[2], fields[3]];
        if (local === undefined || remote === undefined || state === undefined)
            continue;
        const l = endpoint(local);
        const r = endpoint(remote);
        if (l && r)
            out.push({ local: l, remote: r, state });
    }
    return out;
}
function endpoint(text) {
    const [hex = '', portHex = ''] = text.split(':');
    const port = Number.parseInt(portHex, 16);
    if (!Number.isInteger(port) || !/^[0-9A-Fa-f]+$/.test(hex))
        return undefined;
    return { address: decodeAddress(hex), port };
}
/** The LISTEN sockets (state 0A) of /proc/net/tcp or /proc/net/tcp6 text. */
function parseListeners(text) {
    return rows(text)
        .filter((row) => row.state === LISTEN)
        .map((row) => row.local);
}
/**
 * How many connections to `address:port` are open (ESTABLISHED, SYN_SENT or CLOSE_WAIT), counted on the
 * connecting side: the remote end is address:port. `address` as decodeAddress writes it (`127.0.0.1`, `::1`).
 */
function openConnectionsTo(text, address, port) {
    return rows(text).filter((row) => OPEN.has(row.state) && row.remote.port === port && row.remote.address === address).length;
}
/**
 * /proc's hex address (host byte order per 32-bit word; little-endian here) → text: IPv4 dotted, `::`,
 * `::1`, IPv4-mapped as IPv4; any other IPv6 → `ipv6`.
 */
function decodeAddress(hex) {
    if (hex.length === 8) {
        const bytes = hex.match(/../g)?.map((b) => Number.parseInt(b, 16)) ?? [];
        return bytes.reverse().join('.');
    }
    if (/^0{32}$/.test(hex))
        return '::';
    if (hex === '00000000000000000000000001000000')
        return '::1';
    if (/^0000000000000000FFFF0000[0-9A-F]{8}$/i.test(hex))
        return decodeAddress(hex.slice(24)); // ::ffff:a.b.c.d
    return 'ipv6';
}
/** A listener holds the port for a container published on `bindAddress` (a wildcard on either side clashes). */
function clashes(listener, port, bindAddress) {
    if (listener.port !== port)
        return false;
    const wildcard = (a) => a === '0.0.0.0' || a === '::' || a === '';
    return wildcard(listener.address) || wildcard(bindAddress) || listener.address === bindAddress;
}


/***/ })

};
