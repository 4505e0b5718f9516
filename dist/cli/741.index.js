export const id = 741;
export const ids = [741];
export const modules = {

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


/***/ })

};
