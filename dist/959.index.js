export const id = 959;
export const ids = [959];
export const modules = {

/***/ 959:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  containerOutputs: () => (/* binding */ containerOutputs),
  containerStrategy: () => (/* binding */ containerStrategy)
});

// EXTERNAL MODULE: ./src/docker/engine.ts
var engine = __webpack_require__(6556);
// EXTERNAL MODULE: ./src/docker/reference.ts
var reference = __webpack_require__(2977);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/registry/providers.ts
var providers = __webpack_require__(1893);
// EXTERNAL MODULE: ./src/report/deploy-summary.ts
var deploy_summary = __webpack_require__(3742);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(9809);
// EXTERNAL MODULE: ./src/deploy/state.ts
var deploy_state = __webpack_require__(3414);
// EXTERNAL MODULE: ./src/docker/run-args.ts
var run_args = __webpack_require__(1615);
// EXTERNAL MODULE: ./src/nginx/config-dump.ts
var config_dump = __webpack_require__(2003);
// EXTERNAL MODULE: ./src/nginx/control.ts
var control = __webpack_require__(2205);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: ./src/nginx/upstream.ts
var upstream = __webpack_require__(6983);
;// CONCATENATED MODULE: ./src/nginx/server-block.ts
/**
 * The nginx `server` block berth writes for "developers only" environments (an address allow list and/or
 * HTTP basic auth in front of the app) — pure parsing and rendering. Every value that reaches the config
 * is checked against a strict form, so no input can add a directive (`;`, `{`, `}`, quotes, `$`, newlines).
 */




const ALLOW_FORM = 'expected addresses or CIDRs separated by commas or spaces, e.g. 203.0.113.7, 10.0.0.0/8, 2001:db8::/32';
const BASIC_AUTH_FORM = 'expected user:password (the user without ":" or spaces)';
const SERVER_NAME_FORM = 'expected host names separated by spaces or commas (letters, digits, "-" and ".", optionally starting with "*."), or "_"';
const LISTEN_FORM = 'expected PORT, IPv4:PORT or [IPv6]:PORT separated by spaces or commas (port 1-65535), e.g. 8080, 127.0.0.1:8080, [::1]:8080';
function tokens(text) {
    return text.split(/[\s,]+/).filter((token) => token !== '');
}
/** The 4 or 16 bytes of an address that isIP accepted (no zone id). */
function addressBytes(address, family) {
    if (family === 4)
        return address.split('.').map(Number);
    let text = address;
    const tail = [];
    const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (dotted) {
        text = `${dotted[1] ?? ''}0:0`;
        tail.push(...addressBytes(dotted[2] ?? '', 4));
    }
    const [head = '', rest] = text.split('::');
    const groups = (part) => part === undefined || part === '' ? [] : part.split(':').map((group) => parseInt(group, 16));
    const left = groups(head);
    const right = groups(rest);
    const words = [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
    const bytes = words.flatMap((word) => [word >> 8, word & 0xff]);
    if (tail.length > 0)
        bytes.splice(12, 4, ...tail);
    return bytes;
}
function formatAddress(bytes) {
    if (bytes.length === 4)
        return bytes.join('.');
    const words = [];
    for (let i = 0; i < 16; i += 2)
        words.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
    // The WHATWG URL parser prints IPv6 in the canonical compressed form.
    return new URL(`http://[${words.join(':')}]/`).hostname.slice(1, -1);
}
function checkAllow(token) {
    const bad = (why) => new errors/* ConfigurationError */.j1(`access-allow: ${JSON.stringify(token)} ${why}; ${ALLOW_FORM}`);
    const [address = '', prefix, extra] = token.split('/');
    const family = address.includes('%') ? 0 : (0,external_node_net_.isIP)(address);
    if (family === 0 || extra !== undefined)
        throw bad('is not an IPv4/IPv6 address or CIDR');
    if (prefix === undefined)
        return token;
    const bits = family === 4 ? 32 : 128;
    if (!/^(0|[1-9]\d{0,2})$/.test(prefix) || Number(prefix) > bits) {
        throw bad(`needs a prefix length of 0-${bits} after "/"`);
    }
    // nginx only warns ("low address bits are meaningless") and masks them; a typo like 10.1.2.3/8 is refused.
    const bytes = addressBytes(address, family === 4 ? 4 : 6);
    const network = bytes.map((byte, i) => {
        const keep = Math.min(8, Math.max(0, Number(prefix) - i * 8));
        return byte & ((0xff << (8 - keep)) & 0xff);
    });
    if (network.some((byte, i) => byte !== bytes[i])) {
        throw bad(`has address bits set after the /${prefix} prefix (the network is ${formatAddress(network)}/${prefix})`);
    }
    return token;
}
/** `access-allow`: the addresses and CIDRs nginx lets through (`allow …;`); empty when not set. */
function parseAccessAllow(text) {
    return tokens(text).map(checkAllow);
}
/** C0 controls and DEL; a char-code check because eslint's no-control-regex refuses them in a regex. */
function hasControl(text) {
    return [...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}
function checkUser(user) {
    if (user === '')
        throw new errors/* ConfigurationError */.j1(`basic-auth: the user before ":" is empty; ${BASIC_AUTH_FORM}`);
    // nginx reads lines starting with "#" in the htpasswd file as comments, so such a user could never log in.
    if (/[\s:]/.test(user) || user.startsWith('#') || hasControl(user)) {
        throw new errors/* ConfigurationError */.j1(`basic-auth: the user contains a space, ":", a control character or starts with "#"; ${BASIC_AUTH_FORM}`);
    }
}
/**
 * `basic-auth` (a secret): `user:password`, split at the first ":" as browsers send it. Messages never
 * quote the secret — not even the user part, which could be a password if the order was mixed up.
 */
function parseBasicAuth(secret) {
    // A secret pasted from a file often ends with a newline that is not part of the password.
    const value = secret.replace(/\r?\n$/, '');
    const colon = value.indexOf(':');
    if (colon < 0)
        throw new errors/* ConfigurationError */.j1(`basic-auth: no ":" in the value; ${BASIC_AUTH_FORM}`);
    const user = value.slice(0, colon);
    const password = value.slice(colon + 1);
    checkUser(user);
    if (password === '') {
        throw new errors/* ConfigurationError */.j1(`basic-auth: the password after ":" is empty; ${BASIC_AUTH_FORM}`);
    }
    // nginx hashes the password as a C string and the htpasswd file is line based.
    if (hasControl(password)) {
        throw new errors/* ConfigurationError */.j1(`basic-auth: the password contains a line break or another control character; ${BASIC_AUTH_FORM}`);
    }
    return { user, password };
}
/**
 * nginx runs crypt() on every request of a protected site (no cache), so the cost is that of Apache's
 * `htpasswd -B`: 2^5 rounds, a few milliseconds a request.
 */
const BCRYPT_COST = 5;
/** Whether an htpasswd file berth wrote holds exactly this user and password in this scheme (kept, not re-salted). */
async function htpasswdMatches(text, user, password, scheme) {
    const line = /^([^:\n]+):([^\n]+)\n?$/.exec(text);
    if (!line || line[1] !== user)
        return false;
    const hash = line[2];
    if (scheme === 'bcrypt') {
        if (!/^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(hash))
            return false;
        const { default: bcrypt } = await __webpack_require__.e(/* import() */ 242).then(__webpack_require__.bind(__webpack_require__, 6242));
        return bcrypt.compareSync(password, hash);
    }
    const m = /^\{SSHA\}([A-Za-z0-9+/]+={0,2})$/.exec(hash);
    if (!m)
        return false;
    const decoded = Buffer.from(m[1], 'base64');
    if (decoded.length <= 20)
        return false;
    return renderSsha(user, password, decoded.subarray(20)) === `${user}:${hash}\n`;
}
/** One `auth_basic_user_file` line in the scheme the host's nginx accepts (see {@link HtpasswdScheme}). */
async function renderHtpasswd(user, password, scheme) {
    checkUser(user);
    if (scheme === 'ssha')
        return renderSsha(user, password);
    const { default: bcrypt } = await __webpack_require__.e(/* import() */ 242).then(__webpack_require__.bind(__webpack_require__, 6242));
    return `${user}:${bcrypt.hashSync(password, bcrypt.genSaltSync(BCRYPT_COST))}\n`;
}
/** `{SSHA}`: base64 of sha1(password + salt) followed by the salt. */
function renderSsha(user, password, salt = (0,external_node_crypto_.randomBytes)(8)) {
    checkUser(user);
    const digest = (0,external_node_crypto_.createHash)('sha1').update(password, 'utf8').update(salt).digest();
    return `${user}:{SSHA}${Buffer.concat([digest, salt]).toString('base64')}\n`;
}
/**
 * The argv that asks the host's crypt() — the library nginx hashes with — whether it knows bcrypt: Perl
 * (part of every Debian and Ubuntu base system) calls the same libcrypt. Its answer, to {@link bcryptProbeAnswered}.
 */
const BCRYPT_PROBE_SALT = '$2b$04$berthprobesaltberthpro';
const BCRYPT_PROBE_ARGV = [
    'perl',
    '-e',
    'print crypt($ARGV[0], $ARGV[1])',
    'berth',
    BCRYPT_PROBE_SALT,
];
/** Whether the probe's output is the bcrypt hash berth computes for the same password and salt. */
async function bcryptProbeAnswered(stdout) {
    if (!stdout.startsWith('$2b$04$'))
        return false;
    const { default: bcrypt } = await __webpack_require__.e(/* import() */ 242).then(__webpack_require__.bind(__webpack_require__, 6242));
    return stdout === bcrypt.hashSync('berth', BCRYPT_PROBE_SALT);
}
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const SERVER_NAME = new RegExp(`^(?:_|(?:\\*\\.)?${LABEL}(?:\\.${LABEL})*)$`);
function checkServerName(name) {
    if (!SERVER_NAME.test(name)) {
        throw new errors/* ConfigurationError */.j1(`nginx-server-name: ${JSON.stringify(name)} is not a server name; ${SERVER_NAME_FORM}`);
    }
    return name;
}
/** `nginx-server-name`: the block's `server_name`s; empty when not set. */
function parseServerNames(text) {
    return tokens(text).map(checkServerName);
}
function checkListen(token) {
    const m = /^(?:(?:\[([^\]]*)\]|([^:[\]]*)):)?([1-9]\d{0,4})$/.exec(token);
    const v6 = m?.[1];
    const v4 = m?.[2];
    const ok = m !== null &&
        Number(m[3]) <= 65535 &&
        (v6 === undefined || ((0,external_node_net_.isIP)(v6) === 6 && !v6.includes('%'))) &&
        (v4 === undefined || (0,external_node_net_.isIP)(v4) === 4);
    if (!ok) {
        throw new errors/* ConfigurationError */.j1(`nginx-listen: ${JSON.stringify(token)} is not a listen address; ${LISTEN_FORM}`);
    }
    return token;
}
/** `nginx-listen`: the block's `listen` addresses; empty when not set (the caller picks the default). */
function parseListen(text) {
    const listen = tokens(text).map(checkListen);
    const twice = listen.find((token, i) => listen.indexOf(token) !== i);
    // nginx -t would fail on it ("duplicate listen"), after berth had written the file.
    if (twice !== undefined) {
        throw new errors/* ConfigurationError */.j1(`nginx-listen: ${JSON.stringify(twice)} is given twice; ${LISTEN_FORM}`);
    }
    return listen;
}
/** Printable ASCII without `"`, `\` and `$` (nginx expands variables in the realm and the file name). */
const QUOTABLE = /^[\x20-\x7e]+$/;
const UNQUOTABLE = /["\\$]/;
function renderServerBlock(options) {
    const { serverNames, listen, upstreamName, allow, htpasswdFile, realm = 'Restricted', comment } = options;
    if (serverNames.length === 0)
        throw new errors/* ConfigurationError */.j1(`nginx-server-name: empty; ${SERVER_NAME_FORM}`);
    if (listen.length === 0)
        throw new errors/* ConfigurationError */.j1(`nginx-listen: empty; ${LISTEN_FORM}`);
    serverNames.forEach(checkServerName);
    listen.forEach(checkListen);
    allow.forEach(checkAllow);
    if (!upstream/* UPSTREAM_NAME */.YC.test(upstreamName)) {
        throw new errors/* ConfigurationError */.j1(`nginx-upstream-name: expected letters, digits and "_", got ${JSON.stringify(upstreamName)}`);
    }
    if (comment !== undefined && !QUOTABLE.test(comment)) {
        throw new errors/* ConfigurationError */.j1(`nginx server block: the comment ${JSON.stringify(comment)} must be printable ASCII`);
    }
    if (htpasswdFile !== undefined && !/^\/[A-Za-z0-9._/@+=,-]+$/.test(htpasswdFile)) {
        throw new errors/* ConfigurationError */.j1(`nginx server block: the htpasswd file ${JSON.stringify(htpasswdFile)} must be an absolute path of letters, digits and ._/@+=,-`);
    }
    // auth_basic "off" switches basic auth off.
    if (htpasswdFile !== undefined && (!QUOTABLE.test(realm) || UNQUOTABLE.test(realm) || realm === 'off')) {
        throw new errors/* ConfigurationError */.j1(`nginx server block: the realm ${JSON.stringify(realm)} must be printable ASCII without '"', "\\" or "$", and not "off"`);
    }
    const lines = [
        `# Managed by berth${comment === undefined ? '' : ` (${comment})`}. Do not edit: berth rewrites this file on every deploy.`,
        'server {',
        ...listen.map((address) => `    listen ${address};`),
        `    server_name ${serverNames.join(' ')};`,
    ];
    const access = [];
    if (allow.length > 0 && htpasswdFile !== undefined) {
        access.push('    # Both checks must pass: a password alone does not open the site to every network, and an allowed', '    # address alone does not skip the password. Explicit, as a "satisfy any" set in http {} is inherited.', '    satisfy all;');
    }
    if (allow.length > 0)
        access.push(...allow.map((entry) => `    allow ${entry};`), '    deny all;');
    if (htpasswdFile !== undefined) {
        access.push(`    auth_basic "${realm}";`, `    auth_basic_user_file ${htpasswdFile};`);
    }
    if (access.length > 0)
        lines.push('', ...access);
    lines.push('', '    location / {', "        # berth's switch behind this name picks the live colour per request: no reload for a deploy.", `        proxy_pass http://${upstreamName};`, '        proxy_http_version 1.1;', '        proxy_set_header Upgrade $http_upgrade;', `        proxy_set_header Connection $berth_${upstreamName}_connection;`, '        proxy_set_header Host $host;', '        proxy_set_header X-Real-IP $remote_addr;', '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;', '        proxy_set_header X-Forwarded-Proto $scheme;', '    }', '}', '');
    return lines.join('\n');
}

// EXTERNAL MODULE: ./src/remote/proc-net.ts
var proc_net = __webpack_require__(2214);
;// CONCATENATED MODULE: ./src/nginx/switch.ts
/**
 * The reload-free blue/green switch on one host: berth's include (src/nginx/upstream.ts) installed once,
 * the marker file flipped for every deploy and rollback, and a probe through nginx itself that says
 * which colour its workers pick — checked after every change, before the old colour is stopped.
 */



class NginxSwitch {
    host;
    nginx;
    place;
    marker;
    constructor(host, nginx, place) {
        this.host = host;
        this.nginx = nginx;
        this.place = place;
        this.marker = (0,upstream/* markerFor */._Z)(place.upstreamFile);
    }
    async read() {
        const text = await this.host.readFile(this.place.upstreamFile);
        if (text === undefined)
            return { text };
        const parsed = (0,upstream/* parseSwitchInclude */.uW)(text, this.place.name);
        if (parsed)
            return { text, ...parsed };
        const port = (0,upstream/* parseLegacyUpstreamPort */.$L)(text, this.place.name);
        const { blue, green } = this.place.ports;
        const legacyColour = port === blue ? 'blue' : port === green ? 'green' : undefined;
        return { text, ...(legacyColour ? { legacyColour } : {}) };
    }
    /**
     * The include as it should be: the installed switch's port and token are kept (so an unchanged setup
     * renders the same bytes and needs no reload); a new install gets a free port and a new token.
     */
    async render(installed) {
        const entryPort = installed.entryPort ?? (await this.freeEntryPort());
        const token = installed.token ?? (0,external_node_crypto_.randomBytes)(8).toString('hex');
        // An installed switch with the colours' keep-alive timeout was accepted by this nginx: no need to ask.
        const upstreamKeepaliveTimeout = (installed.entryPort !== undefined && /^ {4}keepalive_timeout \d+ms;$/m.test(installed.text ?? '')) ||
            (0,upstream/* supportsUpstreamKeepaliveTimeout */.tC)(await this.nginx.version());
        const text = (0,upstream/* renderSwitchInclude */.vY)({
            ...this.place,
            entryPort,
            marker: this.marker,
            token,
            upstreamKeepaliveTimeout,
        });
        return { text, entryPort, token };
    }
    /** The colour nginx's workers pick now, asked through the switch; undefined when it does not answer so. */
    async probe(entryPort, token) {
        const answer = await this.host.httpGet('127.0.0.1', entryPort, '/', { [upstream/* PROBE_HEADER */.Py]: token });
        return answer.status === 200 ? (0,upstream/* parseProbeAnswer */.u2)(answer.body, this.place.name) : undefined;
    }
    /** Points the marker at `colour` (green: the file exists; blue: it does not). Atomic either way. */
    async setMarker(colour) {
        if (colour === 'green') {
            await this.host.writeFile(this.marker, `berth: nginx proxies ${this.place.note} to ${(0,upstream/* colourUpstream */.ox)(this.place.name, 'green')} while this file exists\n`);
        }
        else {
            await this.host.remove(this.marker);
        }
    }
    /**
     * The switch: the marker flipped, then nginx asked which colour it picks. When its workers do not
     * see the change (a directory they may not search, a config that is not loaded), the marker is put
     * back and the error says why; the live colour keeps serving.
     */
    async switchTo(colour, entryPort, token, previous) {
        await this.setMarker(colour);
        const seen = await this.probe(entryPort, token);
        if (seen === colour)
            return;
        await this.setMarker(previous);
        throw new Error(`nginx did not follow the switch to ${colour}: asked through berth's switch on 127.0.0.1:${entryPort}, it ${seen === undefined ? 'did not answer' : `still picks ${seen}`}. The marker ${this.marker} is back as it was and ${previous} keeps serving. ${seen === undefined ? `Is ${this.place.upstreamFile} still included in nginx's http block?` : "nginx's worker user must be able to search every directory above the marker (berth doctor checks it)."}`);
    }
    async freeEntryPort() {
        const texts = await Promise.all(proc_net/* PROC_NET_TCP */.Xr.map((f) => this.host.readFile(f).catch(() => undefined)));
        const taken = new Set([this.place.ports.blue, this.place.ports.green]);
        for (const text of texts)
            for (const l of text === undefined ? [] : (0,proc_net/* parseListeners */.hW)(text))
                taken.add(l.port);
        return (0,upstream/* chooseEntryPort */.t$)(this.place.name, taken);
    }
}

// EXTERNAL MODULE: ./src/nginx/worker-access.ts
var worker_access = __webpack_require__(7239);
// EXTERNAL MODULE: ./src/docker/build-args.ts
var build_args = __webpack_require__(1936);
// EXTERNAL MODULE: ./src/exec.ts
var exec = __webpack_require__(3190);
// EXTERNAL MODULE: ./src/registry/job-login.ts
var job_login = __webpack_require__(6684);
// EXTERNAL MODULE: ./src/registry/login.ts
var login = __webpack_require__(4142);
// EXTERNAL MODULE: ./src/registry/credentials.ts
var registry_credentials = __webpack_require__(3653);
// EXTERNAL MODULE: ./src/progress.ts
var src_progress = __webpack_require__(4660);
// EXTERNAL MODULE: ./src/runtime/runtime.ts
var runtime = __webpack_require__(2536);
;// CONCATENATED MODULE: ./src/deploy/containers/container.ts
/**
 * The container steps both strategies share, on a Host: getting the image there (the host pulls it, or
 * the runner streams it over SSH), starting a container with its env in a 0600 file, inspecting,
 * last log lines, and pruning old images. Argv comes from the docker builders; the Host runs it.
 */













async function inspectContainer(d, name) {
    const result = await d.host.exec([d.docker, ...(0,run_args/* buildInspectArgs */._8)(name)], { quiet: true });
    if (result.code !== 0)
        return undefined;
    return (0,run_args/* parseInspect */.E7)(result.stdout);
}
const GONE = {
    status: 'dead',
    exitCode: -1,
    restartCount: 0,
    health: 'none',
    imageRef: '',
};
async function mustRun(d, args, what) {
    const result = await d.host.exec([d.docker, ...args]);
    if (result.code !== 0)
        throw new Error(`${what} failed on ${d.host.label}: ${(0,exec/* lastLines */.w$)(result.stderr)}`);
}
async function removeContainer(d, name) {
    await d.host.exec([d.docker, ...(0,run_args/* buildRemoveArgs */.mZ)(name)], { quiet: true });
}
/**
 * Removes a container that may still be stopping — an old colour whose stop a deploy handed to the engine
 * — after letting it finish (see {@link awaitStopped}), not cut short by `rm --force`. One that is gone or
 * already down costs one call.
 */
async function retireContainer(d, name, timeoutSeconds) {
    const removed = await d.host.exec([d.docker, 'rm', name], { quiet: true });
    if (removed.code === 0 || /no such container/i.test(removed.stderr))
        return;
    await awaitStopped(d, name, timeoutSeconds);
    await removeContainer(d, name);
}
/**
 * Waits for a running container to exit by itself — a stop already under way ends within its
 * stop-timeout, the engine's SIGKILL included — and stops it only when it outlasts that (it was not
 * stopping). A second stop signal is never sent to an app that is shutting down. Only the runner's own
 * host hands stops to its engine: on an SSH host a running container is not stopping (a deploy cut
 * short left it), so it is stopped at once.
 */
async function awaitStopped(d, name, timeoutSeconds) {
    const waited = d.host.remote
        ? undefined
        : await d.host.exec([d.docker, 'container', 'wait', name], {
            quiet: true,
            timeoutMs: (timeoutSeconds + 5) * 1000,
        });
    if (waited?.code !== 0)
        await d.host.exec([d.docker, ...(0,run_args/* buildStopArgs */.eP)(name, timeoutSeconds)], { quiet: true });
}
async function lastLogLines(d, name, lines = 30) {
    const logs = await d.host.exec([d.docker, ...(0,run_args/* buildLogsArgs */.lA)(name, lines)], { quiet: true });
    return (logs.stdout + logs.stderr).trim();
}
/**
 * Makes `image` runnable on the host and returns the reference to run. `pull`: the host pulls it by
 * digest (with retries); `stream`: the runner pulls it and streams it over SSH (`docker save | docker
 * load`) to a host with no route to the registry. A digest survives neither `save` nor `load`, so a
 * streamed image runs by a tag derived from its digest.
 */
async function provideImage(d, source) {
    if (source.transfer === 'stream' && d.host.remote) {
        return streamImage(d.host, source);
    }
    // A digest names exactly one image: when the host has it, there is nothing to pull (or log in for).
    if (/@sha256:[0-9a-f]{64}$/.test(source.image) && (await hasImage(d, source.image))) {
        source.runtime.info(`${source.image} is already on ${d.host.label}; nothing to pull`);
        return source.image;
    }
    await pullImage(d, source.image, source);
    return source.image;
}
async function hasImage(d, image) {
    const result = await d.host.exec([d.docker, 'image', 'inspect', '--format', '{{.Id}}', image], {
        quiet: true,
    });
    return result.code === 0;
}
async function pullImage(d, image, source) {
    await container_login(d, image, source);
    try {
        await (0,retry/* retry */.L5)(async () => {
            const result = await (0,runtime/* inGroup */.H)(source.runtime, `docker pull ${image} on ${d.host.label}`, () => d.host.exec([d.docker, ...(0,run_args/* buildPullArgs */.zp)(d.configDir, image)], { stream: true }));
            if (result.code !== 0)
                throw new PullError(image, d.host.label, result.stderr);
        }, (e) => e instanceof PullError && e.transient, source.policy);
    }
    catch (error) {
        const local = await d.host.exec([d.docker, 'image', 'inspect', '--format', '{{.Id}}', image], {
            quiet: true,
        });
        if (local.code !== 0)
            throw error;
        source.runtime.warning(`${error instanceof Error ? error.message : String(error)}; using the copy already on ${d.host.label}`);
    }
}
/**
 * Logs the host in for the pull: with registry-username / registry-password when given (berth's own
 * login wins), else with the job's login for the registry. On the runner's own host the private config
 * carries the job's logins already; an SSH host gets the job's credentials for this one registry
 * through `docker login --password-stdin`, as berth's own.
 */
async function container_login(d, image, source) {
    const { registry, runtime } = source;
    const registryHost = registryOf(image);
    if (registryHost === undefined)
        return;
    // The same rule as build's (src/registry/credentials.ts), for a pull: a public image needs none.
    const resolved = await (0,registry_credentials/* resolveRegistryCredentials */.G)({
        provider: (0,providers/* resolveProvider */.Kd)(registryHost, registry.provider),
        registry: registryHost,
        username: registry.username,
        password: registry.password,
        githubActor: runtime.getContext('actor'),
        githubToken: registry.githubToken,
        jobLogin: async () => (0,job_login/* jobCredentials */.KF)(await (0,job_login/* readUserDockerConfig */.IL)(), registryHost, source.localExec),
        ecr: (host) => source.ecr(host),
    }, 'pull');
    const credentials = resolved.credentials;
    if (resolved.from === 'none') {
        runtime.debug(`registry ${registryHost}: pulling without a login${resolved.note ? ` (${resolved.note})` : ''}`);
        return;
    }
    if (resolved.from === 'job') {
        // On the runner's own host the private config carries the job's logins already.
        if (!d.host.remote)
            return;
        runtime.info(`registry ${registryHost}: logging ${d.host.label} in with the job's docker login`);
    }
    else {
        runtime.info(`registry ${registryHost}: logging ${d.host.label} in (${resolved.from === 'ecr' ? 'ECR token from AWS' : resolved.from === 'defaults' ? 'the workflow actor and github-token' : 'registry-username / registry-password'})`);
        if (!d.host.remote)
            await (0,engine/* prepareOwnLogin */.dq)(d.configDir, registryHost);
    }
    if (credentials) {
        const given = credentials;
        runtime.setSecret(given.password);
        await (0,retry/* retry */.L5)(() => (0,login/* dockerLogin */.a)((argv, o) => d.host.exec(argv, o), d.docker, d.configDir, registryHost, given, d.host.label), (e) => e instanceof login/* RegistryUnreachableError */.S, source.policy);
    }
}
/** The tag a streamed image runs by on the host: `<repository>:berth-<first 12 of the digest>`. */
function streamedTag(image) {
    const digest = /@sha256:([0-9a-f]{64})$/.exec(image)?.[1];
    return digest === undefined ? image : `${(0,reference/* repositoryOfRef */.bL)(image)}:berth-${digest.slice(0, 12)}`;
}
async function streamImage(host, source) {
    const runRef = streamedTag(source.image);
    const there = await host.exec(['docker', 'image', 'inspect', '--format', '{{.Id}}', runRef], {
        quiet: true,
    });
    if (there.code === 0) {
        source.runtime.info(`${runRef} is already on ${host.label}; nothing to stream`);
        return runRef;
    }
    const local = {
        host: localHostShim(source.localExec),
        docker: source.localDocker,
        configDir: await (0,engine/* createDockerConfig */.lp)(source.runtime.tempDir),
    };
    try {
        await pullImage(local, source.image, source);
        if (runRef !== source.image) {
            const tagged = await source.localExec([source.localDocker, 'tag', source.image, runRef]);
            if (tagged.code !== 0)
                throw new Error(`docker tag ${runRef} failed: ${(0,exec/* lastLines */.w$)(tagged.stderr)}`);
        }
        const t = Date.now();
        const streamed = await (0,src_progress/* tickWhile */.VA)(() => host.pipeFrom([source.localDocker, 'save', runRef], ['docker', 'load', '--quiet']), {
            what: `streaming ${runRef} to ${host.label}`,
            now: Date.now,
            say: (line) => source.runtime.info(line),
        });
        if (streamed.code !== 0) {
            throw new Error(`streaming ${runRef} to ${host.label} (docker save | docker load) failed: ${(0,exec/* lastLines */.w$)(streamed.stderr)}`);
        }
        source.runtime.info(`streamed ${runRef} to ${host.label} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
        return runRef;
    }
    finally {
        if (runRef !== source.image)
            await source.localExec([source.localDocker, 'image', 'rm', runRef], { quiet: true });
        await (0,engine/* removeDockerConfig */.nS)(local.configDir);
    }
}
/** The runner itself, for the few docker commands streaming runs locally. */
function localHostShim(exec) {
    return { label: 'the runner', remote: false, exec };
}
class PullError extends Error {
    name = 'PullError';
    transient;
    constructor(image, where, output) {
        super(`docker pull ${image} on ${where} failed: ${(0,exec/* lastLines */.w$)(output, 2)}`);
        this.transient = !/unauthorized|denied|forbidden|not found|manifest unknown|invalid reference/i.test(output);
    }
}
/** The registry host of an image reference, when it names one. */
function registryOf(image) {
    try {
        return (0,reference/* parseImageName */["if"])((0,reference/* repositoryOfRef */.bL)(image)).registry;
    }
    catch {
        return undefined;
    }
}
/**
 * Starts the container: on the runner's own host through the engine's socket (the env in the request,
 * never on disk; no CLI process), else `docker run` with the env in a 0600 file in the run's private
 * directory, removed once started.
 */
async function startContainer(d, spec) {
    const env = (0,build_args/* parseKeyValues */.Hl)(spec.env, 'env');
    const labels = [
        ...spec.labels,
        ['berth.image-ref', spec.imageRef],
        ['berth.deployed-at', new Date().toISOString()],
    ];
    if (!d.host.remote) {
        const engine = await __webpack_require__.e(/* import() */ 456).then(__webpack_require__.bind(__webpack_require__, 456));
        const socket = await engine.localEngineSocket();
        if (socket !== undefined) {
            const body = (0,run_args/* buildCreateBody */.lj)({ ...spec, image: spec.runRef, env, labels });
            let answer;
            try {
                answer = { why: await engine.createAndStart(socket, spec.name, body) };
            }
            catch {
                // No engine at that socket for this user (no permission, none there): `docker run` says why.
            }
            if (answer?.why !== undefined)
                throw startFailure(d, spec, answer.why);
            if (answer)
                return;
        }
    }
    const envFile = env.length > 0 ? `${d.configDir}/env-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}` : undefined;
    let failed = false;
    try {
        if (envFile)
            await d.host.writeFile(envFile, env.map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600 });
        const argv = (0,run_args/* buildDockerRunArgs */.Dn)({
            configDir: d.configDir,
            name: spec.name,
            image: spec.runRef,
            bindAddress: spec.bindAddress,
            hostPort: spec.hostPort,
            containerPort: spec.containerPort,
            envFile,
            labels,
            stopTimeoutSeconds: spec.stopTimeoutSeconds,
        });
        const result = await d.host.exec([d.docker, ...argv]);
        if (result.code !== 0) {
            await removeContainer(d, spec.name);
            throw startFailure(d, spec, (0,exec/* lastLines */.w$)(result.stderr, 2));
        }
    }
    catch (error) {
        failed = true;
        throw error;
    }
    finally {
        // Not over the first error: when the host is gone, that error says why.
        if (envFile)
            await d.host.remove(envFile).catch((error) => {
                if (!failed)
                    throw error;
            });
    }
}
function startFailure(d, spec, why) {
    const port = spec.hostPort !== undefined && /address already in use|port is already allocated/i.test(why)
        ? ` (host port ${spec.hostPort} is taken by something else; berth needs it free)`
        : '';
    return new Error(`docker run ${spec.name} on ${d.host.label} failed${port}: ${why}`);
}
/** Removes images of this app's repository beyond the newest `keep`, never one a container uses. */
async function pruneImages(d, image, keep, containers) {
    const repository = (0,reference/* repositoryOfRef */.bL)(image);
    if (repository === '')
        return;
    const listed = await d.host.exec([d.docker, ...(0,run_args/* buildImageIdsArgs */.FF)(repository)], { quiet: true });
    const ids = (0,run_args/* parseIdLines */.qm)(listed.stdout);
    if (ids.length <= keep)
        return;
    const inspected = await d.host.exec([d.docker, ...(0,run_args/* buildContainerImagesArgs */.Z_)(containers)], { quiet: true });
    // One line per container that exists (docker inspect still prints those when another is missing).
    const inUse = new Set((0,run_args/* parseIdLines */.qm)(inspected.stdout));
    for (const id of ids.slice(keep)) {
        if (!inUse.has(id))
            await d.host.exec([d.docker, 'image', 'rm', id], { quiet: true });
    }
}

;// CONCATENATED MODULE: ./src/remote/sockets.ts

/** `ss` listing the connections to address:port that may still carry a request. */
function ssArgv(address, port) {
    const dst = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
    return ['ss', '-tn', 'state', 'established', 'state', 'syn-sent', 'state', 'close-wait', 'dst', dst];
}
/** ss's output → the number of connections (its header line left out). */
function parseSsCount(output) {
    return output.split('\n').filter((l) => l.trim() !== '' && !/^\s*(State|Recv-Q|Netid)\b/.test(l)).length;
}
/** Open connections to address:port now; undefined when neither ss nor the socket tables answer. */
async function countConnections(host, address, port) {
    const ss = await host.exec(ssArgv(address, port), { quiet: true }).catch(() => undefined);
    if (ss?.code === 0)
        return parseSsCount(ss.stdout);
    const texts = await Promise.all(proc_net/* PROC_NET_TCP */.Xr.map((f) => host.readFile(f).catch(() => undefined)));
    if (texts.every((t) => t === undefined))
        return undefined;
    return texts.reduce((sum, t) => sum + (t === undefined ? 0 : (0,proc_net/* openConnectionsTo */.ZR)(t, address, port)), 0);
}

;// CONCATENATED MODULE: ./src/deploy/containers/drain.ts



async function drainConnections(host, options) {
    const now = options.now ?? Date.now;
    const pause = options.sleep ?? retry/* sleep */.yy;
    const started = now();
    const first = await countConnections(host, options.address, options.port);
    if (first === undefined) {
        await pause(Math.min(options.blindMs ?? 1000, options.timeoutMs));
        return { outcome: 'blind', ms: now() - started };
    }
    let open = first;
    const progress = (0,src_progress/* startProgress */.ot)({
        what: options.what ?? `the connections to ${options.address}:${options.port} to finish`,
        limitMs: options.timeoutMs,
        now,
        startedAt: started,
        say: options.progress ?? (() => undefined),
    });
    for (;;) {
        if (open === 0)
            return { outcome: 'drained', ms: now() - started, open: first };
        if (now() - started >= options.timeoutMs)
            return { outcome: 'timeout', ms: now() - started, open: first, remaining: open };
        progress.update(`${open} open`);
        await progress.sleep(options.intervalMs ?? 25, pause);
        open = (await countConnections(host, options.address, options.port)) ?? 0;
    }
}
/** The timeline's name for the drain: what it waited for and how it ended. */
function describeDrain(result, timeoutSeconds) {
    switch (result.outcome) {
        case 'drained':
            return result.open === 0
                ? 'drain (no connection was open)'
                : `drain (${result.open} connection${result.open === 1 ? '' : 's'} finished)`;
        case 'timeout':
            return `drain (drain-timeout ${timeoutSeconds} s passed, ${result.remaining} connection${result.remaining === 1 ? '' : 's'} still open)`;
        case 'blind':
            return `drain (connections not visible on this host: waited ${Math.round(result.ms / 1000)} s)`;
    }
}

// EXTERNAL MODULE: ./src/remote/host.ts
var host = __webpack_require__(5990);
;// CONCATENATED MODULE: ./src/deploy/containers/health.ts



async function waitHealthy(options) {
    const now = options.now ?? Date.now;
    const progress = (0,src_progress/* startProgress */.ot)({
        what: options.what ?? options.url,
        limitMs: options.timeoutMs,
        now,
        say: options.progress ?? (() => undefined),
    });
    const result = await pollHealthy(options, now, progress);
    progress.end(result.healthy ? 'healthy' : `not healthy (${result.reason})`);
    return result;
}
async function pollHealthy(options, now, progress) {
    const pause = options.sleep ?? retry/* sleep */.yy;
    const started = now();
    let last = 'no answer yet';
    // Soon after the start first (most apps answer within moments), then every intervalMs.
    let wait = Math.min(50, options.intervalMs ?? 250);
    for (;;) {
        const state = await options.inspect();
        if (state.status === 'exited' || state.status === 'dead') {
            return {
                healthy: false,
                ms: now() - started,
                reason: `the container exited (code ${state.exitCode})`,
            };
        }
        if (state.status === 'restarting' || state.restartCount > 0) {
            // The restart policy brings it back, but a container that exits while starting is not healthy.
            const code = state.exitCode !== 0 ? ` (code ${state.exitCode})` : '';
            return {
                healthy: false,
                ms: now() - started,
                reason: `the container exited${code} and Docker is restarting it`,
            };
        }
        if (state.health === 'healthy')
            return { healthy: true, ms: now() - started };
        if (state.health === 'unhealthy')
            return { healthy: false, ms: now() - started, reason: "Docker's HEALTHCHECK reports unhealthy" };
        if (state.health === 'none' && state.status === 'running') {
            const answer = await (options.probe ?? (() => (0,host/* httpGet */.lx)(options.url)))();
            const { status, failure } = typeof answer === 'number' ? { status: answer, failure: undefined } : answer;
            if (status >= 200 && status < 300)
                return { healthy: true, ms: now() - started };
            last = status === 0 ? (failure ?? 'no answer') : `HTTP ${status}`;
        }
        else if (state.health !== 'none') {
            last = `Docker's HEALTHCHECK says ${state.health}`;
        }
        else {
            last = `the container is ${state.status}`;
        }
        if (now() - started >= options.timeoutMs) {
            return {
                healthy: false,
                ms: now() - started,
                reason: `${options.url} did not answer 2xx within ${options.timeoutMs / 1000} s (last: ${last})`,
            };
        }
        progress.update(last);
        await progress.sleep(wait, pause);
        wait = Math.min(wait * 2, options.intervalMs ?? 250);
    }
}
/** The recreate gate: running, never restarted, for `verifyMs`; and healthy where the image says how. */
async function waitStaysUp(options) {
    const now = options.now ?? Date.now;
    const progress = (0,src_progress/* startProgress */.ot)({
        what: options.what ?? 'the container to stay up',
        // It ends at the verify time, or with a HEALTHCHECK still starting at the health timeout.
        limitMs: Math.max(options.verifyMs, options.timeoutMs),
        now,
        say: options.progress ?? (() => undefined),
    });
    const result = await pollStaysUp(options, now, progress);
    progress.end(result.healthy ? 'up' : `not up (${result.reason})`);
    return result;
}
async function pollStaysUp(options, now, progress) {
    const pause = options.sleep ?? retry/* sleep */.yy;
    const started = now();
    for (;;) {
        const state = await options.inspect();
        const ms = now() - started;
        if (state.status === 'exited' ||
            state.status === 'dead' ||
            state.status === 'restarting' ||
            state.restartCount > 0) {
            const code = state.exitCode !== 0 ? ` (code ${state.exitCode})` : '';
            return {
                healthy: false,
                ms,
                reason: `the container exited${code} within ${Math.ceil(ms / 1000)} s of starting`,
            };
        }
        if (state.health === 'unhealthy')
            return { healthy: false, ms, reason: "Docker's HEALTHCHECK reports unhealthy" };
        if (ms >= options.verifyMs && state.status === 'running') {
            if (state.health === 'none' || state.health === 'healthy')
                return { healthy: true, ms };
            if (ms >= options.timeoutMs) {
                return {
                    healthy: false,
                    ms,
                    reason: `Docker's HEALTHCHECK still says ${state.health} after ${Math.round(ms / 1000)} s`,
                };
            }
        }
        progress.update(state.health === 'none'
            ? `the container is ${state.status}`
            : `Docker's HEALTHCHECK says ${state.health}`);
        await progress.sleep(options.intervalMs ?? 250, pause);
    }
}

;// CONCATENATED MODULE: ./src/deploy/containers/blue-green.ts
/**
 * Strategy blue-green on one host, lock held: nginx ready (berth's files in place — a reload only when
 * they changed) → the image → start the idle colour → health gate → switch (the marker flipped, nginx
 * asked that it follows; no reload) → drain the old colour's connections → stop it (kept for rollback;
 * on the runner's own host the stop is handed to the engine, see ../docker/engine-socket.ts) → prune
 * images. Any failure before the switch removes the new colour and leaves the live one serving.
 */










/** The colour a deploy starts the new version in: never the live one; blue on a first deploy. Pure. */
function idleColor(live) {
    return live === undefined ? 'blue' : (0,run_args/* otherColor */.IP)(live);
}
async function blueGreen(ctx) {
    const { d, settings, runtime, step } = ctx;
    if (settings.ports === undefined || settings.containerPort === undefined)
        throw new Error('blue-green without ports');
    const ports = settings.ports;
    const address = loopbackFor(settings.bindAddress);
    const nginx = new control/* NginxControl */.Q5(d.host, settings.nginxCommand, settings.drainTimeoutSeconds * 1000);
    const sw = new NginxSwitch(d.host, nginx, {
        upstreamFile: settings.upstreamFile,
        name: settings.upstreamName,
        address,
        ports,
        note: `${settings.app} ${settings.environment}`,
    });
    // nginx first, before anything starts: berth's include (and server block), and the colour it serves.
    const ready = await step('nginx', () => prepareNginx(ctx, nginx, sw));
    const { live, entryPort, token } = ready;
    const idle = idleColor(live);
    const idleName = (0,run_args/* containerName */.xN)(settings.app, settings.environment, idle);
    const liveName = live ? (0,run_args/* containerName */.xN)(settings.app, settings.environment, live) : undefined;
    runtime.info(`${ctx.action} on ${d.host.label}: ${ctx.image} → ${idleName} (live: ${liveName ?? 'none'})`);
    // The image: an instant rollback restarts the kept old colour; otherwise pull or stream it. A deploy
    // removes what the idle colour kept (the version before the live one) meanwhile. That container may
    // still be stopping (the previous deploy handed its stop to the engine): it is let finish first, never
    // started again or killed halfway.
    let runRef;
    try {
        const kept = ctx.action === 'rollback' ? await inspectContainer(d, idleName) : undefined;
        const restartKept = kept !== undefined && kept.imageRef === ctx.image;
        [runRef] = await Promise.all([
            restartKept ? ctx.image : step('image', () => provideImage(d, { ...ctx.source, image: ctx.image })),
            restartKept ? undefined : retireContainer(d, idleName, settings.stopTimeoutSeconds),
        ]);
        await step('start', async () => {
            if (restartKept) {
                if (kept.status === 'running' || kept.status === 'restarting')
                    await awaitStopped(d, idleName, settings.stopTimeoutSeconds);
                return mustRun(d, (0,run_args/* buildStartArgs */.UJ)(idleName), `docker start ${idleName}`);
            }
            return startContainer(d, {
                name: idleName,
                runRef,
                imageRef: ctx.image,
                bindAddress: settings.bindAddress,
                hostPort: ports[idle],
                containerPort: settings.containerPort,
                labels: labels(ctx, idle),
                env: settings.env,
                stopTimeoutSeconds: settings.stopTimeoutSeconds,
            });
        });
        const health = await step('healthy', () => waitHealthy({
            url: `http://${address}:${ports[idle]}${settings.healthPath}`,
            probe: () => d.host.httpGet(address, ports[idle], settings.healthPath),
            timeoutMs: settings.healthTimeoutSeconds * 1000,
            inspect: async () => (await inspectContainer(d, idleName)) ?? GONE,
            what: `${settings.healthPath} on ${idle}`,
            progress: (line) => runtime.info(line),
        }));
        if (!health.healthy) {
            runtime.info(`last log lines of ${idleName}:\n${await lastLogLines(d, idleName)}`);
            await removeContainer(d, idleName);
            throw new Error(`${idleName} is not healthy: ${health.reason}. It was removed; ${liveName ?? 'nothing'} keeps serving.`);
        }
        try {
            await step('switch', () => sw.switchTo(idle, entryPort, token, ready.routed));
        }
        catch (error) {
            await removeContainer(d, idleName);
            throw error;
        }
    }
    catch (error) {
        // A first deploy here that failed leaves nginx's configuration as it found it: berth's include
        // and server block are taken back out (and nginx reloaded), not left for the next reload.
        if (ready.undo) {
            await ready.undo().then(() => runtime.info(`nginx: berth's files from this first deploy are taken back out; nginx is configured as before it`), (e) => runtime.warning(`nginx: could not put the configuration back as it was: ${e.message}`));
        }
        throw error;
    }
    const retireOld = async () => {
        if (!live || !liveName)
            return;
        // Requests already on their way to the old colour finish there before it stops.
        const drained = await drainConnections(d.host, {
            address,
            port: ports[live],
            timeoutMs: settings.drainTimeoutSeconds * 1000,
            what: `the connections to ${liveName} to finish`,
            progress: (line) => runtime.info(line),
        });
        ctx.record(describeDrain(drained, settings.drainTimeoutSeconds), drained.ms);
        if (drained.outcome === 'timeout')
            runtime.warning(`${liveName} still had ${drained.remaining} open connection(s) after drain-timeout (${settings.drainTimeoutSeconds} s); stopping it now`);
        await step('stop old', () => stopOld(ctx, liveName));
    };
    const keepContainers = [
        (0,run_args/* containerName */.xN)(settings.app, settings.environment, 'blue'),
        (0,run_args/* containerName */.xN)(settings.app, settings.environment, 'green'),
    ];
    // Pruning meanwhile: both colours' images are in use, so it never touches them.
    await Promise.all([
        retireOld(),
        step('prune', () => pruneImages(d, runRef, settings.keepImages, keepContainers)),
    ]);
    return { color: idle, url: `http://${address.includes(':') ? `[${address}]` : address}:${ports[idle]}` };
}
/**
 * Stops the old colour (kept for rollback). On the runner's own host the engine is asked through its
 * socket and the deploy goes on once the stop signal is sent — the engine finishes the stop, within
 * stop-timeout; elsewhere (SSH hosts, an engine berth cannot reach by socket) `docker stop` is awaited.
 */
async function stopOld(ctx, name) {
    const { d, settings, runtime } = ctx;
    const timeout = settings.stopTimeoutSeconds;
    if (!d.host.remote) {
        const { handOverStop, localEngineSocket } = await __webpack_require__.e(/* import() */ 456).then(__webpack_require__.bind(__webpack_require__, 456));
        const socket = await localEngineSocket();
        if (socket !== undefined) {
            try {
                const handed = await handOverStop(socket, name, timeout);
                if (handed.outcome === 'stopping')
                    runtime.info(`${name}: the engine has sent it the stop signal and stops it by itself (SIGKILL after stop-timeout, ${timeout} s); it is kept for rollback`);
                return;
            }
            catch (error) {
                runtime.info(`could not hand ${name}'s stop to the engine at ${socket} (${error.message}); docker stop instead`);
            }
        }
    }
    await d.host.exec([d.docker, ...(0,run_args/* buildStopArgs */.eP)(name, timeout)]);
}
/**
 * berth's files as this deploy's settings want them. When they are already in place and nginx answers
 * through the switch, nothing is written and nginx is not touched. Otherwise (the first deploy here, an
 * include from before the switch, changed ports or server block) they are written, `nginx -t` checks
 * them, nginx reloads once — and the timeline says so; when nginx refuses them, the previous files are
 * put back and the live colour keeps serving.
 */
async function prepareNginx(ctx, nginx, sw) {
    const host = ctx.d.host;
    const installed = await sw.read();
    const include = await sw.render(installed);
    const files = [{ path: ctx.settings.upstreamFile, content: include.text, mode: 0o644 }];
    files.push(...(await serverBlockFiles(ctx, host)));
    const current = await Promise.all(files.map((f) => host.readFile(f.path)));
    const changed = files.filter((f, i) => current[i] !== f.content);
    const needReload = changed.filter((f) => !f.live);
    const routed = installed.entryPort !== undefined ? await sw.probe(include.entryPort, include.token) : undefined;
    const state = ctx.state;
    if (needReload.length === 0 && routed !== undefined) {
        // An htpasswd file with a new password: nginx reads it per request, so it needs no reload.
        await writeFiles(ctx, nginx, host, changed);
        return { routed, live: state ? routed : undefined, ...include };
    }
    const live = state ? (routed ?? installed.legacyColour ?? state.live) : undefined;
    const marker = routed ?? live ?? 'blue';
    const reason = reloadReason(installed, needReload, routed, ctx);
    // The workers must be able to see the marker before nginx relies on it.
    const access = await (0,worker_access/* markerAccess */.dY)(host, sw.marker, await nginx.workerIds().catch(() => undefined));
    if (access.status === 'blocked')
        throw new errors/* ConfigurationError */.j1(`nginx-upstream-file: ${(0,worker_access/* blockedMessage */.Wv)(sw.marker, access)}`);
    if (access.status === 'unknown')
        ctx.runtime.info(`could not check who nginx's workers run as (${access.why})`);
    const previous = new Map(files.map((f, i) => [f.path, current[i]]));
    const previousMarker = await host.readFile(sw.marker);
    const restore = async () => {
        for (const f of changed) {
            const text = previous.get(f.path);
            if (text === undefined)
                await host.remove(f.path);
            else if (f.live)
                await installHtpasswd(ctx, nginx, host, { ...f, content: text }).catch(() => undefined);
            else
                await host.writeFile(f.path, text, { mode: f.mode });
        }
        if (previousMarker === undefined)
            await host.remove(sw.marker);
        else
            await host.writeFile(sw.marker, previousMarker);
    };
    await sw.setMarker(marker);
    try {
        await writeFiles(ctx, nginx, host, changed);
    }
    catch (error) {
        await restore();
        throw error;
    }
    let timings;
    try {
        timings = await nginx.reload();
    }
    catch (error) {
        // With no nginx running nothing is served through these files: they stay, so that nginx can start.
        if (error instanceof control/* NginxNotRunningError */.Nj) {
            error.message += ` (berth's include ${ctx.settings.upstreamFile} is in place for it)`;
            throw error;
        }
        await restore();
        if (error instanceof Error && /^nginx -t failed/.test(error.message)) {
            error.message = `nginx -t refused berth's new configuration (${changed.map((f) => f.path).join(', ')}); the previous files are back in place and nginx was not reloaded: ${error.message.replace(/^nginx -t failed: /, '')}`;
        }
        throw error;
    }
    const seen = await sw.probe(include.entryPort, include.token);
    if (seen !== marker) {
        await restore();
        await nginx.reload().catch(() => undefined); // best effort: back to the configuration that served
        throw new Error(`after reloading nginx, berth's switch on 127.0.0.1:${include.entryPort} ${seen === undefined ? 'does not answer' : `picks ${seen}, not ${marker}`}; the previous files are back in place. ${seen === undefined ? `Check that nginx's http block includes ${ctx.settings.upstreamFile} and that nothing else holds port ${include.entryPort} (nginx's error log says why a reload did not take).` : "nginx's workers do not see the switch's marker (berth doctor checks why)."}`);
    }
    ctx.record(`nginx reload (${reason})`, timings.testMs + timings.reloadMs + timings.drainMs);
    ctx.runtime.info(`nginx reloaded once on ${host.label}: ${reason}. Deploys and rollbacks switch without a reload from now on (berth's switch on 127.0.0.1:${include.entryPort}).`);
    const undo = state
        ? undefined
        : async () => {
            await restore();
            await nginx.reload();
        };
    return { routed: marker, live, ...include, ...(undo ? { undo } : {}) };
}
function reloadReason(installed, changed, routed, ctx) {
    const block = ctx.settings.serverBlock?.file;
    const reasons = [];
    if (changed.some((f) => f.path === ctx.settings.upstreamFile)) {
        if (installed.text === undefined)
            reasons.push("berth's include installed");
        else if (installed.entryPort === undefined)
            reasons.push("berth's include upgraded to the reload-free switch");
        else
            reasons.push("berth's include changed (blue-port, green-port, bind-address or nginx-upstream-name)");
    }
    if (block !== undefined && changed.some((f) => f.path === block))
        reasons.push('the server block changed (nginx-server-name, nginx-listen, access-allow or basic-auth)');
    if (reasons.length === 0 && routed === undefined)
        reasons.push('nginx did not answer through the switch yet');
    return reasons.join('; ');
}
/** The htpasswd file first (it may refuse, and then nothing is written), then the rest. */
async function writeFiles(ctx, nginx, host, files) {
    for (const f of files)
        if (f.live)
            await installHtpasswd(ctx, nginx, host, f);
    for (const f of files)
        if (!f.live)
            await host.writeFile(f.path, f.content, { mode: f.mode });
}
/**
 * The server block (and its htpasswd file) for a "developers only" environment. An htpasswd file that
 * already holds this user and password is kept as it is (a new salt would change it on every deploy).
 */
async function serverBlockFiles(ctx, host) {
    const block = ctx.settings.serverBlock;
    if (!block)
        return [];
    const htpasswdFile = `${block.file}.htpasswd`;
    const files = [
        {
            path: block.file,
            content: renderServerBlock({
                serverNames: block.serverNames,
                listen: block.listen,
                upstreamName: ctx.settings.upstreamName,
                allow: block.allow,
                ...(block.basicAuth ? { htpasswdFile } : {}),
                comment: `${ctx.settings.app} ${ctx.settings.environment}`,
            }),
            mode: 0o644,
        },
    ];
    if (block.basicAuth) {
        const { user, password } = block.basicAuth;
        const existing = await host.readFile(htpasswdFile);
        const scheme = await htpasswdScheme(ctx, host);
        const content = existing !== undefined && (await htpasswdMatches(existing, user, password, scheme))
            ? existing
            : await renderHtpasswd(user, password, scheme);
        // nginx's workers read it on every request: readable by their group where berth can set that.
        files.push({ path: htpasswdFile, content, mode: 0o640, live: true });
    }
    return files;
}
/**
 * bcrypt where the host's crypt() — nginx's — computes it exactly as berth does (asked through Perl,
 * which uses the same libcrypt); else {SSHA}, which nginx implements itself. Only for an nginx run on
 * the host itself (`nginx-command` nginx, a path to it, or through sudo): an nginx in a container has
 * another libc, so it gets {SSHA}.
 */
async function htpasswdScheme(ctx, host) {
    const argv = (0,control/* nginxArgv */.ZW)(ctx.settings.nginxCommand).filter((a) => a !== 'sudo' && !a.startsWith('-'));
    if (!/(^|\/)nginx$/.test(argv[0] ?? '')) {
        ctx.runtime.info(`basic-auth: {SSHA} hash (nginx-command runs nginx elsewhere than on ${host.label}'s own libc)`);
        return 'ssha';
    }
    const probe = await host.exec(BCRYPT_PROBE_ARGV, { quiet: true }).catch(() => undefined);
    if (probe?.code === 0 && (await bcryptProbeAnswered(probe.stdout)))
        return 'bcrypt';
    ctx.runtime.info(`basic-auth: {SSHA} hash: ${host.label}'s crypt() did not compute bcrypt (or perl is missing to ask it), so nginx there could not check a bcrypt hash`);
    return 'ssha';
}
/**
 * The htpasswd file, in nginx's worker group (0640): written beside its place, given to the group,
 * checked readable by the workers, then renamed over the old one — so the file nginx reads is never
 * missing, never unreadable, and never readable by every user. Where berth cannot give it to that group
 * and the workers could not read it otherwise, the deploy stops with what to change, the old file in place.
 */
async function installHtpasswd(ctx, nginx, host, f) {
    const temp = `${f.path}.berth-new`;
    await host.writeFile(temp, f.content, { mode: f.mode });
    try {
        await giveToWorkers(ctx, nginx, host, temp, f.path);
        const mv = await host.exec(['mv', '-f', '--', temp, f.path], { quiet: true });
        if (mv.code !== 0)
            throw new Error(`mv ${temp} ${f.path} on ${host.label} failed: ${mv.stderr.trim()}`);
    }
    catch (error) {
        await host.remove(temp).catch(() => undefined);
        throw error;
    }
}
async function giveToWorkers(ctx, nginx, host, file, shown) {
    const group = await nginxWorkerGroup(nginx, host);
    const chgrp = group ? await host.exec(['chgrp', group, file], { quiet: true }) : undefined;
    if (chgrp?.code === 0)
        return;
    const ids = await nginx.workerIds().catch(() => undefined);
    const stat = await host.exec(['stat', '-L', '-c', '%a %u %g', '--', file], { quiet: true });
    const mode = ids && stat.code === 0 ? (0,worker_access/* parseStatModes */.ul)([file], stat.stdout)?.[0] : undefined;
    if (ids === undefined || mode === undefined) {
        ctx.runtime.warning(`${shown}: berth could not give it to nginx's group${group ? ` (${group})` : ''} nor check that nginx's workers can read it; if basic auth answers 500, let them: sudo chgrp <nginx's group> ${shown}`);
        return;
    }
    const readable = (0,worker_access/* permits */.V1)(mode, ids, 4);
    if (readable)
        return;
    throw new errors/* ConfigurationError */.j1(`basic-auth: nginx's workers (uid ${ids.uid}) could not read ${shown}, and berth could not give it to their group${group ? ` ${group}` : ''} (${chgrp ? chgrp.stderr.trim() || `chgrp exited ${chgrp.code}` : "nginx's user directive names none"}); berth does not make a password hash readable by every user. Make the deploy user a member of nginx's group (sudo usermod -aG ${group ?? '<group>'} $USER, then restart the runner) and deploy again; the previous files are in place`, { key: 'basic-auth', kind: 'invalid' });
}
/** The group of nginx's `user` directive (`user www-data;` → www-data), from `nginx -T`. */
async function nginxWorkerGroup(nginx, host) {
    const directive = (0,config_dump/* userDirective */.xL)(await nginx.dump());
    if (!directive)
        return undefined;
    if (directive.group)
        return directive.group;
    const id = await host.exec(['id', '-gn', directive.user], { quiet: true });
    return id.code === 0 ? id.stdout.trim() : undefined;
}
function labels(ctx, color) {
    return [
        ['berth.app', ctx.settings.app],
        ['berth.environment', ctx.settings.environment],
        ...(color ? [['berth.color', color]] : []),
        ['berth.commit', ctx.commit],
    ];
}
function loopbackFor(bindAddress) {
    return bindAddress === '0.0.0.0' || bindAddress === ''
        ? '127.0.0.1'
        : bindAddress === '::'
            ? '::1'
            : bindAddress;
}

;// CONCATENATED MODULE: ./src/deploy/containers/recreate.ts
/**
 * Strategy recreate, for workers that serve no HTTP (queue consumers, schedulers): one container
 * `<app>-<environment>`; the old one is stopped (and kept as `<app>-<environment>-previous`), the new one
 * must stay up for `verify-time`; if it does not, it is removed and the old one started again.
 */




async function recreate(ctx) {
    const { d, settings, runtime, step } = ctx;
    const name = (0,run_args/* containerName */.xN)(settings.app, settings.environment);
    const previous = `${name}-previous`;
    runtime.info(`${ctx.action} on ${d.host.label}: ${ctx.image} → ${name} (recreate)`);
    const runRef = await step('image', () => provideImage(d, { ...ctx.source, image: ctx.image }));
    const existing = await inspectContainer(d, name);
    if (existing !== undefined) {
        await step('stop old', async () => {
            await removeContainer(d, previous);
            await mustRun(d, ['rename', name, previous], `docker rename ${name} ${previous}`);
            await d.host.exec([d.docker, ...(0,run_args/* buildStopArgs */.eP)(previous, settings.stopTimeoutSeconds)]);
        });
    }
    // Whatever runs under the name goes first — on a first deploy too, where nothing comes back.
    const restoreOld = async () => {
        await removeContainer(d, name);
        if (existing === undefined)
            return 'there was no previous container';
        await mustRun(d, ['rename', previous, name], `docker rename ${previous} ${name}`);
        await mustRun(d, ['start', name], `docker start ${name}`);
        return `the previous container (${existing.imageRef || 'its image'}) runs again`;
    };
    try {
        await step('start', () => startContainer(d, {
            name,
            runRef,
            imageRef: ctx.image,
            bindAddress: settings.bindAddress,
            hostPort: settings.ports?.blue,
            containerPort: settings.containerPort,
            labels: labels(ctx),
            env: settings.env,
            stopTimeoutSeconds: settings.stopTimeoutSeconds,
        }));
    }
    catch (error) {
        const restored = await restoreOld();
        if (error instanceof Error)
            error.message += `; ${restored}`;
        throw error;
    }
    const verdict = await step('stays up', () => waitStaysUp({
        inspect: async () => (await inspectContainer(d, name)) ?? GONE,
        verifyMs: settings.verifyTimeSeconds * 1000,
        timeoutMs: settings.healthTimeoutSeconds * 1000,
        what: `${name} to stay up`,
        progress: (line) => runtime.info(line),
    }));
    if (!verdict.healthy) {
        runtime.info(`last log lines of ${name}:\n${await lastLogLines(d, name)}`);
        const restored = await restoreOld();
        throw new Error(`${name} did not stay up: ${verdict.reason}. It was removed; ${restored}.`);
    }
    await step('prune', () => pruneImages(d, runRef, settings.keepImages, [name, previous]));
    return { color: '', url: '' };
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/deploy/names.ts
var names = __webpack_require__(927);
;// CONCATENATED MODULE: ./src/deploy/containers/settings.ts
/**
 * The settings of a container deploy (strategies blue-green and recreate), checked once from the step's
 * inputs: every error names the input and the expected form. The strategies read only these.
 */





/**
 * Every input a deploy or rollback cannot run without that the step (and the config's `with:`) left
 * empty, all at once: a bare step learns what it needs in one run, not one input per run.
 */
function missingDeployInputs(action, inputs) {
    return missingDeploy(action, inputs).map(([, message]) => message);
}
/** The same, as one error carrying every missing input's key; undefined when nothing is missing. */
function missingDeployError(action, inputs) {
    const missing = missingDeploy(action, inputs);
    if (missing.length === 0)
        return undefined;
    return new errors/* ConfigurationError */.j1(missing.map(([, message]) => message).join('\n'), {
        key: missing.flatMap(([keys]) => keys),
        kind: 'required',
    });
}
function missingDeploy(action, inputs) {
    const missing = [];
    if (inputs.environment === '')
        missing.push([
            ['environment'],
            'environment: required; the environment deployed, a name from the config (e.g. production)',
        ]);
    if (inputs.app === '' && inputs.component === '')
        missing.push([['app'], 'app: required (or component); the app name in container names (e.g. backend)']);
    if (action === 'deploy' && inputs.strategy !== 'static' && inputs.image === '')
        missing.push([['image'], IMAGE_REQUIRED]);
    if (inputs.strategy === 'blue-green') {
        if (inputs.port === undefined)
            missing.push([['port'], PORT_REQUIRED]);
        if (inputs.bluePort === undefined || inputs.greenPort === undefined)
            missing.push([['blue-port', 'green-port'], COLOUR_PORTS_REQUIRED]);
        if (inputs.nginxUpstreamFile === '')
            missing.push([['nginx-upstream-file'], UPSTREAM_FILE_REQUIRED]);
    }
    return missing;
}
const IMAGE_REQUIRED = 'image: required for deploy; pass the image-ref output of build (repo@sha256:…)';
const PORT_REQUIRED = 'port: required; the port your app listens on inside the container (e.g. 8080)';
const COLOUR_PORTS_REQUIRED = 'blue-port / green-port: both required; two free host ports for the two colours (e.g. 18080 and 18081)';
const UPSTREAM_FILE_REQUIRED = 'nginx-upstream-file: required; the include file berth writes (e.g. /etc/nginx/conf.d/berth-upstream-backend.conf), which your server block proxies to';
/** Checks the deploy inputs; every error names the input and the expected form. */
function resolveDeploySettings(inputs) {
    const { app, environment } = (0,names/* deployNames */.m)(inputs, 'the containers');
    const remote = inputs.sshHost !== '';
    const absolute = (input, value) => {
        if (value === '' || (!remote && !external_node_path_default().isAbsolute(value)))
            return value === '' ? '' : external_node_path_default().resolve(value);
        if (!external_node_path_default().posix.isAbsolute(value)) {
            throw new errors/* ConfigurationError */.j1(`${input}: expected an absolute path on the server, got ${JSON.stringify(value)}`, { key: input, kind: 'invalid' });
        }
        return value;
    };
    const common = {
        strategy: inputs.strategy === 'recreate' ? 'recreate' : 'blue-green',
        app,
        environment,
        bindAddress: inputs.bindAddress,
        stateRoot: inputs.stateDir,
        lockTimeoutSeconds: inputs.lockTimeoutSeconds,
        env: inputs.env,
        healthPath: inputs.healthPath,
        healthTimeoutSeconds: inputs.healthTimeoutSeconds,
        verifyTimeSeconds: inputs.verifyTimeSeconds,
        stopTimeoutSeconds: inputs.stopTimeoutSeconds,
        drainTimeoutSeconds: inputs.drainTimeoutSeconds,
        keepImages: inputs.keepImages,
        nginxCommand: inputs.nginxCommand,
        imageTransfer: inputs.imageTransfer,
        registry: {
            provider: inputs.registryProvider,
            username: inputs.registryUsername,
            password: inputs.registryPassword,
            githubToken: inputs.githubToken,
        },
    };
    if (inputs.strategy === 'recreate') {
        const nginxOnly = ['nginx-server-file', 'access-allow', 'basic-auth'].find((name) => ({
            'nginx-server-file': inputs.nginxServerFile,
            'access-allow': inputs.accessAllow,
            'basic-auth': inputs.basicAuth,
        })[name] !== '');
        if (nginxOnly) {
            throw new errors/* ConfigurationError */.j1(`${nginxOnly}: strategy recreate puts no nginx in front of the app; use it with blue-green`, { key: nginxOnly, kind: 'unexpected' });
        }
        // A worker may publish one port (blue-port) or none.
        return {
            ...common,
            containerPort: inputs.port,
            ports: inputs.port !== undefined && inputs.bluePort !== undefined
                ? { blue: inputs.bluePort, green: inputs.bluePort }
                : undefined,
            upstreamFile: '',
            upstreamName: '',
        };
    }
    if (inputs.port === undefined)
        throw new errors/* ConfigurationError */.j1(PORT_REQUIRED, { key: 'port', kind: 'required' });
    if (inputs.bluePort === undefined || inputs.greenPort === undefined) {
        throw new errors/* ConfigurationError */.j1(COLOUR_PORTS_REQUIRED, {
            key: ['blue-port', 'green-port'],
            kind: 'required',
        });
    }
    if (inputs.bluePort === inputs.greenPort) {
        throw new errors/* ConfigurationError */.j1(`blue-port / green-port: must differ (both are ${inputs.bluePort}); two containers never share a port`, { key: ['blue-port', 'green-port'], kind: 'invalid' });
    }
    if (inputs.nginxUpstreamFile === '')
        throw new errors/* ConfigurationError */.j1(UPSTREAM_FILE_REQUIRED, { key: 'nginx-upstream-file', kind: 'required' });
    const upstreamName = inputs.nginxUpstreamName || (0,upstream/* defaultUpstreamName */.Qz)(app, environment);
    if (!upstream/* UPSTREAM_NAME */.YC.test(upstreamName)) {
        throw new errors/* ConfigurationError */.j1(`nginx-upstream-name: expected letters, digits and "_", got ${JSON.stringify(upstreamName)}`, { key: 'nginx-upstream-name', kind: 'invalid' });
    }
    const allow = parseAccessAllow(inputs.accessAllow);
    const basicAuth = inputs.basicAuth === '' ? undefined : parseBasicAuth(inputs.basicAuth);
    if (inputs.nginxServerFile === '' && (allow.length > 0 || basicAuth !== undefined)) {
        throw new errors/* ConfigurationError */.j1(`${allow.length > 0 ? 'access-allow' : 'basic-auth'}: needs nginx-server-file, the server block berth writes (e.g. /etc/nginx/conf.d/berth-${app}-${environment}.conf); berth does not edit server blocks it did not write`, { key: allow.length > 0 ? 'access-allow' : 'basic-auth', kind: 'invalid' });
    }
    return {
        ...common,
        containerPort: inputs.port,
        ports: { blue: inputs.bluePort, green: inputs.greenPort },
        upstreamFile: absolute('nginx-upstream-file', inputs.nginxUpstreamFile),
        upstreamName,
        ...(inputs.nginxServerFile === ''
            ? {}
            : {
                serverBlock: {
                    file: absolute('nginx-server-file', inputs.nginxServerFile),
                    serverNames: parseServerNames(inputs.nginxServerName),
                    listen: parseListen(inputs.nginxListen),
                    allow,
                    ...(basicAuth ? { basicAuth } : {}),
                },
            }),
    };
}

;// CONCATENATED MODULE: ./src/deploy/containers/strategy.ts
/**
 * The container strategies' plan: blue-green (two colours behind nginx) and recreate (one container, for
 * workers). On each host: a private docker config, what is live there, the image to go live, then the
 * strategy's own steps; the attempt carries the new state for the command to record.
 */










const containerStrategy = {
    plan: async (action, inputs, runtime, deps) => {
        const missing = missingDeployError(action, inputs);
        if (missing)
            throw missing;
        const settings = resolveDeploySettings(inputs);
        return containerPlan(action, settings, inputs.image, runtime, deps);
    },
};
function containerPlan(action, settings, image, runtime, deps) {
    return {
        where: 'hosts',
        app: settings.app,
        environment: settings.environment,
        stateRoot: settings.stateRoot,
        lockTimeoutSeconds: settings.lockTimeoutSeconds,
        run: (on) => deployOnHost(action, settings, image, runtime, deps, on),
        summary: deploy_summary/* renderDeploySummary */.A,
        outputs: containerOutputs,
    };
}
/** The outputs of a container deploy: the last host's colour and images, and every host's. */
function containerOutputs(results) {
    const last = results.at(-1);
    return {
        color: last.color,
        'image-ref': last.imageRef,
        'previous-image-ref': last.previousImageRef,
        url: last.url,
        'duration-ms': String(results.reduce((sum, r) => sum + r.durationMs, 0)),
        hosts: JSON.stringify(results.map((r) => ({
            host: r.host,
            color: r.color,
            'image-ref': r.imageRef,
            'previous-image-ref': r.previousImageRef,
        }))),
    };
}
async function deployOnHost(action, settings, imageInput, runtime, deps, on) {
    const { host, attempt } = on;
    const localDocker = deps.docker ?? 'docker';
    // A private directory on the host for this run's docker login and env file.
    const work = host.remote ? await host.makeTempDir() : await (0,engine/* createDockerConfig */.lp)(runtime.tempDir);
    try {
        const d = { host, docker: host.remote ? 'docker' : localDocker, configDir: work };
        const state = await (0,deploy_state/* readState */.un)(host, on.stateDir);
        attempt.previousImageRef = state?.imageRef ?? '';
        const image = action === 'deploy' ? requireImage(imageInput) : rollbackTarget(imageInput, state);
        attempt.imageRef = image;
        const ctx = {
            action,
            d,
            settings,
            runtime,
            state,
            image,
            source: {
                transfer: settings.imageTransfer,
                registry: settings.registry,
                runtime,
                policy: (0,retry/* loggedRetry */.FZ)(deps.retry, (m) => runtime.warning(m)),
                localExec: on.exec,
                localDocker,
                // Loaded only for an ECR image: the AWS SDK is no part of other deploys' start.
                ecr: async (registry) => (await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 9857))).ecrCredentials((0,providers/* ecrRegion */.d0)(registry), registry),
            },
            commit: on.commit,
            step: on.step,
            record: (name, ms) => on.timeline.push({ name, ms }),
        };
        const outcome = settings.strategy === 'recreate' ? await recreate(ctx) : await blueGreen(ctx);
        attempt.color = outcome.color;
        attempt.state = {
            ...(outcome.color !== '' ? { live: outcome.color } : {}),
            strategy: settings.strategy,
            imageRef: image,
            previousImageRef: attempt.previousImageRef,
            commit: on.commit,
            updatedAt: new Date().toISOString(),
        };
        return {
            action,
            host: host.label,
            remote: host.remote,
            app: settings.app,
            environment: settings.environment,
            color: outcome.color,
            imageRef: image,
            previousImageRef: attempt.previousImageRef,
            url: outcome.url,
            durationMs: Date.now() - on.startedAt,
            timeline: on.timeline,
        };
    }
    finally {
        if (host.remote)
            await host.remove(work).catch(() => undefined);
        else
            await (0,engine/* removeDockerConfig */.nS)(work);
    }
}
function requireImage(image) {
    if (image === '')
        throw new errors/* ConfigurationError */.j1(IMAGE_REQUIRED, { key: 'image', kind: 'required' });
    return (0,reference/* deployReference */.h3)(image);
}
function rollbackTarget(image, state) {
    if (image !== '')
        return image;
    if (!state?.previousImageRef) {
        throw new errors/* ConfigurationError */.j1('image: nothing to roll back to (no previous deploy is recorded on this host); pass the image to return to', { key: 'image', kind: 'invalid' });
    }
    return state.previousImageRef;
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


/***/ })

};
