export const id = 456;
export const ids = [456];
export const modules = {

/***/ 456:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_ENGINE_SOCKET: () => (/* binding */ DEFAULT_ENGINE_SOCKET),
/* harmony export */   createAndStart: () => (/* binding */ createAndStart),
/* harmony export */   engineMessage: () => (/* binding */ engineMessage),
/* harmony export */   engineRequest: () => (/* binding */ engineRequest),
/* harmony export */   engineWhere: () => (/* binding */ engineWhere),
/* harmony export */   handOverStop: () => (/* binding */ handOverStop),
/* harmony export */   localEngineSocket: () => (/* binding */ localEngineSocket),
/* harmony export */   pickEngineSocket: () => (/* binding */ pickEngineSocket),
/* harmony export */   stopSurvivesDisconnect: () => (/* binding */ stopSurvivesDisconnect)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/**
 * The runner's own Docker engine over its Unix socket, for the one call whose end a deploy does not
 * wait for: the old colour's stop. `docker stop` returns once the container has exited — on Docker
 * 20.10 about 0.6 s after an app that exits at once, and up to stop-timeout for one that finishes its
 * work first — which is longer than starting the new colour. Asked through the API, the engine says
 * (an event) the moment it has sent the stop signal; from then on it finishes the stop by itself, the
 * SIGKILL after stop-timeout included, whether or not the client stays connected (moby's stop ignores
 * the client's disconnect, except 23.0.0–24.0.2, where it kills at once: those are waited for).
 */





const DEFAULT_ENGINE_SOCKET = '/var/run/docker.sock';
/**
 * The Unix socket the docker CLI talks to, by its own rules (DOCKER_HOST, then DOCKER_CONTEXT, then the
 * config's current context, then the default socket); undefined, with why, when it is not a local Unix
 * socket (tcp://, ssh://, a context berth could not read).
 */
function pickEngineSocket(where) {
    const fromUrl = (url, what) => url.startsWith('unix://') && url.length > 'unix://'.length
        ? { socket: url.slice('unix://'.length) }
        : { why: `${what} is ${url.replace(/\/\/[^@/]*@/, '//…@')}, not a local unix:// socket` };
    if (where.dockerHost)
        return fromUrl(where.dockerHost, 'DOCKER_HOST');
    if (where.context && where.context !== 'default') {
        if (where.contextHost === undefined)
            return { why: `docker context ${where.context} could not be read` };
        return fromUrl(where.contextHost, `docker context ${where.context}'s endpoint`);
    }
    return { socket: DEFAULT_ENGINE_SOCKET };
}
/** Reads what {@link pickEngineSocket} needs from the environment and the user's docker config. */
async function engineWhere(env = process.env) {
    const configDir = env.DOCKER_CONFIG || node_path__WEBPACK_IMPORTED_MODULE_4___default().join((0,node_os__WEBPACK_IMPORTED_MODULE_3__.homedir)(), '.docker');
    let context = env.DOCKER_CONTEXT || undefined;
    if (context === undefined) {
        const config = await readJson(node_path__WEBPACK_IMPORTED_MODULE_4___default().join(configDir, 'config.json'));
        if (typeof config?.currentContext === 'string' && config.currentContext !== '')
            context = config.currentContext;
    }
    let contextHost;
    if (context !== undefined && context !== 'default') {
        // The CLI keeps a context's metadata under the SHA-256 of its name.
        const id = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(context).digest('hex');
        const meta = await readJson(node_path__WEBPACK_IMPORTED_MODULE_4___default().join(configDir, 'contexts', 'meta', id, 'meta.json'));
        const host = meta?.Endpoints?.docker?.Host;
        if (typeof host === 'string')
            contextHost = host;
    }
    return { dockerHost: env.DOCKER_HOST || undefined, context, contextHost };
}
async function readJson(file) {
    try {
        const parsed = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8'));
        return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Whether an engine of this version finishes a stop whose client went away: moby 23.0.0 passed the
 * request's context into the stop, so a disconnect killed the container at once; 24.0.3 (and the 23.0
 * backport) undid it. Unknown versions are taken as finishing it (every release since 24.0.3 does).
 */
function stopSurvivesDisconnect(version) {
    const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
    if (!m)
        return true;
    const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (major === 23)
        return minor > 0 || patch >= 7;
    if (major === 24 && minor === 0)
        return patch >= 3;
    return true;
}
/**
 * Asks the engine at `socket` to stop `name` (signal, then SIGKILL after `timeoutSeconds`) and returns
 * once the engine has sent the signal — or, on an engine that would kill it when berth's process ends,
 * once it has exited. Throws when the engine cannot be asked (no socket, no permission, an error answer).
 */
async function handOverStop(socket, name, timeoutSeconds) {
    const started = Date.now();
    let early = false;
    return new Promise((resolve, reject) => {
        const requests = [];
        let done = false;
        const finish = (error, outcome) => {
            if (done)
                return;
            done = true;
            clearTimeout(timer);
            for (const r of requests)
                r.destroy();
            if (error)
                reject(error);
            else
                resolve({ outcome: outcome ?? 'stopped', ms: Date.now() - started });
        };
        // Bounded: the engine's own SIGKILL comes after timeoutSeconds; a stop that outlasts it much is stuck.
        const timer = setTimeout(() => finish(new Error(`the engine did not stop ${name} within ${timeoutSeconds + 30} s`)), (timeoutSeconds + 30) * 1000);
        const filters = encodeURIComponent(JSON.stringify({ container: [name], event: ['kill', 'die'] }));
        const events = node_http__WEBPACK_IMPORTED_MODULE_2___default().request({ socketPath: socket, path: `/events?filters=${filters}` }, (res) => {
            if (res.statusCode !== 200)
                return finish(new Error(`GET /events answered ${res.statusCode}`));
            // The engine names its version in every answer (`Server: Docker/20.10.24 (linux)`).
            early = stopSurvivesDisconnect(/^Docker\/(\S+)/.exec(String(res.headers.server ?? ''))?.[1] ?? '');
            let buffered = '';
            res.setEncoding('utf8');
            res.on('data', (chunk) => {
                buffered += chunk;
                let nl;
                while ((nl = buffered.indexOf('\n')) >= 0) {
                    const line = buffered.slice(0, nl).trim();
                    buffered = buffered.slice(nl + 1);
                    if (early && line !== '' && /"(kill|die)"/.test(line))
                        finish(undefined, 'stopping');
                }
            });
            // Subscribed: now the stop, so that its signal cannot come before the subscription.
            const stop = node_http__WEBPACK_IMPORTED_MODULE_2___default().request({
                socketPath: socket,
                method: 'POST',
                path: `/containers/${encodeURIComponent(name)}/stop?t=${timeoutSeconds}`,
            }, (res) => readAnswer(res, ({ status, body }) => {
                if (status === 204 || status === 304)
                    finish(undefined, 'stopped');
                else if (status === 404)
                    finish(undefined, 'gone');
                else
                    finish(new Error(`POST /containers/${name}/stop answered ${status}: ${engineMessage(body)}`));
            }));
            requests.push(stop);
            stop.on('error', (error) => finish(error));
            stop.end();
        });
        requests.push(events);
        events.on('error', (error) => finish(error));
        events.end();
    });
}
/** One Engine API request over the socket (bounded: `timeoutMs`). */
function engineRequest(socket, method, urlPath, body, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = node_http__WEBPACK_IMPORTED_MODULE_2___default().request({
            socketPath: socket,
            method,
            path: urlPath,
            timeout: timeoutMs,
            headers: payload === undefined
                ? {}
                : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
        }, (res) => readAnswer(res, resolve));
        req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: no answer within ${timeoutMs / 1000} s`)));
        req.on('error', reject);
        req.end(payload);
    });
}
/** The engine's own words for a failed answer (`{"message": …}`). */
function engineMessage(body) {
    try {
        const parsed = JSON.parse(body);
        if (typeof parsed.message === 'string')
            return parsed.message;
    }
    catch {
        // not the engine's JSON error
    }
    return body.trim().slice(0, 200);
}
/**
 * `docker run --detach` through the API: create `name` from `body` ({@link buildCreateBody}) and start
 * it. Resolves to undefined when started, else the engine's message (the container is then removed).
 */
async function createAndStart(socket, name, body) {
    const created = await engineRequest(socket, 'POST', `/containers/create?name=${encodeURIComponent(name)}`, body);
    if (created.status !== 201)
        return engineMessage(created.body);
    const started = await engineRequest(socket, 'POST', `/containers/${encodeURIComponent(name)}/start`);
    if (started.status === 204 || started.status === 304)
        return undefined;
    await engineRequest(socket, 'DELETE', `/containers/${encodeURIComponent(name)}?force=true`).catch(() => undefined);
    return engineMessage(started.body);
}
let resolved;
/** The local engine's socket when berth can use it (this process's environment), else undefined. Cached. */
function localEngineSocket() {
    resolved ??= engineWhere().then((where) => {
        const picked = pickEngineSocket(where);
        return 'socket' in picked ? picked.socket : undefined;
    });
    return resolved;
}
/** Collects an answer's body, then hands over status and body. */
function readAnswer(res, done) {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c) => (body += c));
    res.on('end', () => done({ status: res.statusCode ?? 0, body }));
}


/***/ })

};
