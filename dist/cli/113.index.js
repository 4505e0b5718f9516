export const id = 113;
export const ids = [113];
export const modules = {

/***/ 113:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  eksAccess: () => (/* binding */ eksAccess)
});

// UNUSED EXPORTS: awsCredentialsFromEnv, describeEksCluster, eksKubeconfig

// EXTERNAL MODULE: ./node_modules/@smithy/signature-v4/dist-cjs/index.js
var dist_cjs = __webpack_require__(5118);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/http/proxy.ts
var proxy = __webpack_require__(7856);
// EXTERNAL MODULE: ./src/http/request.ts
var request = __webpack_require__(7777);
// EXTERNAL MODULE: ./src/http/tls.ts
var tls = __webpack_require__(7485);
// EXTERNAL MODULE: ./src/http/url.ts
var url = __webpack_require__(6697);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/kubernetes/eks-token.ts
/**
 * EKS's bearer token, minted in-process as `aws eks get-token` does — no AWS CLI on the runner: a
 * presigned STS GetCallerIdentity URL (SigV4, valid 60 s) that names the cluster in the signed
 * `x-k8s-aws-id` header, base64url-encoded behind `k8s-aws-v1.`. The cluster's authenticator calls
 * STS with it and maps the caller (the job's OIDC role) to a Kubernetes user. Credentials are the
 * job's (a parameter here); the token is a secret: the caller masks it.
 */



const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;
/** The one check of an EKS cluster's name (`eks-cluster`): what EKS accepts, and safe in a URL path. */
function checkEksCluster(cluster) {
    if (!CLUSTER_NAME.test(cluster)) {
        throw new errors/* ConfigurationError */.j1(`eks-cluster: expected an EKS cluster name (letters, digits, "-", "_"), got ${JSON.stringify(cluster)}`, {
            key: 'eks-cluster',
            kind: 'invalid',
        });
    }
    return cluster;
}
/** The one check of an AWS region (`eks-region`): `ap-northeast-2`, safe in a host name. */
function checkEksRegion(region) {
    if (!REGION.test(region)) {
        throw new errors/* ConfigurationError */.j1(`eks-region: expected an AWS region like ap-northeast-2, got ${JSON.stringify(region)}`, {
            key: 'eks-region',
            kind: 'invalid',
        });
    }
    return region;
}
/** A regional AWS API's host: `sts.ap-northeast-2.amazonaws.com`; China's regions under amazonaws.com.cn. */
function awsServiceHost(service, region) {
    return `${service}.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}
const bytes = (d) => typeof d === 'string'
    ? d
    : ArrayBuffer.isView(d)
        ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
        : Buffer.from(d);
class Sha256 {
    hash;
    constructor(secret) {
        this.hash = secret === undefined ? (0,external_node_crypto_.createHash)('sha256') : (0,external_node_crypto_.createHmac)('sha256', bytes(secret));
    }
    update(data) {
        this.hash.update(bytes(data));
    }
    async digest() {
        return new Uint8Array(this.hash.digest());
    }
    reset() {
        throw new Error('not used by SigV4');
    }
}
async function eksToken(cluster, region, credentials, now = new Date()) {
    checkEksCluster(cluster);
    checkEksRegion(region);
    const host = awsServiceHost('sts', region);
    const signer = new dist_cjs.SignatureV4({
        service: 'sts',
        region,
        credentials,
        sha256: Sha256,
        applyChecksum: false,
    });
    const signed = await signer.presign({
        method: 'GET',
        protocol: 'https:',
        hostname: host,
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host, 'x-k8s-aws-id': cluster },
    }, { expiresIn: 60, signingDate: now });
    const query = Object.entries(signed.query ?? {})
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
        .join('&');
    const url = `https://${host}/?${query}`;
    return `${EKS_TOKEN_PREFIX}${Buffer.from(url).toString('base64url')}`;
}

;// CONCATENATED MODULE: ./src/kubernetes/eks-cluster.ts
/**
 * An EKS cluster's kubeconfig as `aws eks update-kubeconfig` makes it, with no AWS CLI on the runner:
 * EKS DescribeCluster (a SigV4-signed `GET /clusters/{name}` over berth's one request, ../http/request.ts)
 * gives the API server's endpoint and CA; ./eks-token.ts mints the bearer token; the kubeconfig holds
 * one cluster, user and context. Credentials are the job's (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN, as aws-actions/configure-aws-credentials exports them). `AWS_ENDPOINT_URL_EKS`, then
 * `AWS_ENDPOINT_URL` (the SDKs' standard) point the API elsewhere, as the tests do.
 *
 * The token is a secret: the caller masks what `eksAccess` returns in `secrets` and writes the text with
 * ./kubeconfig.ts `writeKubeconfig` (0600, removed by the post step). EKS honours a token for 15 minutes
 * from its minting, whatever the presigned URL's 60 s say.
 */








const DEFAULT_TIMEOUT_MS = 30_000;
/** A DescribeCluster answer is a few KiB; a larger one is not EKS's. */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** The states in which the cluster's API server answers (`aws eks update-kubeconfig` takes these two). */
const SERVING = new Set(['ACTIVE', 'UPDATING']);
/** 403s that mean the credentials themselves were refused, not the action on this cluster. */
const REFUSED_CREDENTIALS = new Set([
    'UnrecognizedClientException',
    'InvalidClientTokenId',
    'ExpiredTokenException',
    'ExpiredToken',
    'InvalidSignatureException',
    'SignatureDoesNotMatch',
    'IncompleteSignature',
    'MissingAuthenticationTokenException',
]);
const CONFIGURE_AWS = 'run aws-actions/configure-aws-credentials with role-to-assume (OIDC; the job needs `permissions: id-token: write`) in this job before berth';
/** The job's AWS credentials, from the variables aws-actions/configure-aws-credentials exports. */
function awsCredentialsFromEnv(env) {
    const accessKeyId = env.AWS_ACCESS_KEY_ID ?? '';
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY ?? '';
    const missing = [
        ...(accessKeyId === '' ? ['AWS_ACCESS_KEY_ID'] : []),
        ...(secretAccessKey === '' ? ['AWS_SECRET_ACCESS_KEY'] : []),
    ];
    if (missing.length > 0) {
        throw new errors/* ConfigurationError */.j1(`${missing.join(', ')}: not set; EKS needs the job's AWS credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and (for a role's session) AWS_SESSION_TOKEN: ${CONFIGURE_AWS}`, { key: missing, kind: 'required' });
    }
    const sessionToken = env.AWS_SESSION_TOKEN ?? '';
    return { accessKeyId, secretAccessKey, ...(sessionToken !== '' ? { sessionToken } : {}) };
}
/** The EKS API's base URL: the option, the SDKs' standard variables, else the region's endpoint. */
function apiBase(region, endpoint, env) {
    const given = [
        ['endpoint', endpoint],
        ['AWS_ENDPOINT_URL_EKS', env.AWS_ENDPOINT_URL_EKS],
        ['AWS_ENDPOINT_URL', env.AWS_ENDPOINT_URL],
    ];
    const [from, value] = given.find(([, v]) => v !== undefined && v !== '') ?? [];
    if (from === undefined || value === undefined)
        return new URL(`https://${awsServiceHost('eks', region)}`);
    const problem = (0,url/* httpAddressProblem */.w)(value);
    if (problem !== undefined) {
        const shown = problem === 'user-or-password' ? 'an address with a user or password' : JSON.stringify(value);
        throw new errors/* ConfigurationError */.j1(`${from}: expected the EKS API's http(s) address (e.g. https://eks.ap-northeast-2.amazonaws.com), got ${shown}`, { key: from, kind: 'invalid' });
    }
    return new URL(value);
}
/** EKS DescribeCluster: the cluster's API server endpoint and CA, once it serves. */
async function describeEksCluster(options) {
    const name = checkEksCluster(options.name);
    const region = checkEksRegion(options.region);
    const base = apiBase(region, options.endpoint, options.env ?? {});
    const url = new URL(`${base.pathname.replace(/\/+$/, '')}/clusters/${encodeURIComponent(name)}`, base);
    const signer = new dist_cjs.SignatureV4({
        service: 'eks',
        region,
        credentials: options.credentials,
        sha256: Sha256,
        applyChecksum: false,
    });
    const signed = await signer.sign({
        method: 'GET',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query: {},
        headers: { host: url.host, accept: 'application/json' },
    }, { signingDate: options.now ?? new Date() });
    const where = `EKS DescribeCluster for ${JSON.stringify(name)} in ${region} (${url.origin})`;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let status;
    let errorType;
    let body;
    try {
        const res = await (0,request/* httpRequest */.aj)(url, {
            method: 'GET',
            headers: { ...signed.headers, 'user-agent': 'berth' },
            timeoutMs,
            maxBodyBytes: MAX_ANSWER_BYTES,
            ...(options.ca ? { ca: options.ca } : {}),
        });
        status = res.status;
        const header = res.headers['x-amzn-errortype'];
        errorType = typeof header === 'string' ? header : '';
        body = res.body.toString('utf8');
    }
    catch (error) {
        throw networkError(error, where, timeoutMs);
    }
    if (status === 200)
        return clusterOf(body, name, region, where);
    const { code, message } = awsError(errorType, body);
    const said = `${status} ${code || 'no error type'}${message ? `: ${message}` : ''}`;
    if (status === 404 && (code === 'ResourceNotFoundException' || code === '')) {
        throw new errors/* ConfigurationError */.j1(`eks-cluster: no EKS cluster ${JSON.stringify(name)} in region ${region} (${said}); expected the name of a cluster these credentials' account has there (eks-region names the region)`, { key: ['eks-cluster', 'eks-region'], kind: 'invalid' });
    }
    if (status === 403 || code === 'AccessDeniedException') {
        const credentialsRefused = REFUSED_CREDENTIALS.has(code);
        throw new errors/* ConfigurationError */.j1(credentialsRefused
            ? `eks-cluster: EKS refused the job's AWS credentials (${said}); they are missing, wrong or expired: ${CONFIGURE_AWS}, with a role allowed eks:DescribeCluster on cluster ${name}`
            : `eks-cluster: the job's AWS role may not describe EKS cluster ${JSON.stringify(name)} in ${region} (${said}); allow it eks:DescribeCluster on arn:aws:eks:${region}:<account>:cluster/${name}, or check that the job's credentials (${CONFIGURE_AWS}) are not missing or expired`, { key: 'eks-cluster', kind: 'invalid' });
    }
    if (status === 429 || status >= 500)
        throw new errors/* OutageError */.AP(`${where} failed: ${said}`);
    throw new Error(`${where} failed: ${said}`);
}
/** A restJson1 error: the code from x-amzn-ErrorType (else the body's code or __type), sanitized; its message. */
function awsError(header, body) {
    let parsed;
    try {
        parsed = JSON.parse(body);
    }
    catch {
        parsed = undefined;
    }
    const field = (key) => {
        const value = isRecord(parsed) ? parsed[key] : undefined;
        return typeof value === 'string' ? value : '';
    };
    const raw = header || field('code') || field('__type');
    const code = (raw.split(':')[0] ?? '').replace(/^.*#/, '');
    const message = (field('message') || field('Message')).replace(/\s+/g, ' ').slice(0, 300);
    return { code, message };
}
function clusterOf(body, name, region, where) {
    let parsed;
    try {
        parsed = JSON.parse(body);
    }
    catch {
        parsed = undefined;
    }
    const cluster = isRecord(parsed) ? parsed.cluster : undefined;
    const status = isRecord(cluster) && typeof cluster.status === 'string' ? cluster.status : '';
    if (!isRecord(cluster) || status === '') {
        throw new errors/* OutageError */.AP(`${where} answered 200 without a cluster's status: is this EKS's API?`);
    }
    if (!SERVING.has(status)) {
        throw new errors/* ConfigurationError */.j1(`eks-cluster: EKS cluster ${JSON.stringify(name)} in ${region} is ${status}, not ACTIVE; its API server ${status === 'CREATING' || status === 'PENDING' ? 'does not answer yet: deploy once it is ACTIVE' : 'does not answer'}`, { key: 'eks-cluster', kind: 'invalid' });
    }
    const endpoint = typeof cluster.endpoint === 'string' ? cluster.endpoint : '';
    const ca = isRecord(cluster.certificateAuthority) ? cluster.certificateAuthority.data : undefined;
    if (endpoint === '' || typeof ca !== 'string' || ca === '') {
        throw new errors/* OutageError */.AP(`${where} answered ${status} without the cluster's endpoint and CA`);
    }
    return { endpoint, certificateAuthority: ca, status };
}
function networkError(error, where, timeoutMs) {
    if (error instanceof request/* RequestTimeoutError */.DH) {
        return new errors/* OutageError */.AP(`${where} did not answer within ${Math.round(timeoutMs / 100) / 10} s`, {
            cause: error,
        });
    }
    if (error instanceof request/* ResponseTooLargeError */.by || error instanceof proxy/* ProxyError */.T6) {
        return new errors/* OutageError */.AP(`${where} failed: ${error.message}`, { cause: error });
    }
    const code = (0,errors/* errnoCode */.UK)(error) ?? (error instanceof Error ? error.message : String(error));
    if (tls/* TLS_TRUST_CODES */.CH.has(code)) {
        return new errors/* OutageError */.AP(`${where} failed: its TLS certificate is not trusted here (${code}); is AWS_ENDPOINT_URL_EKS (or AWS_ENDPOINT_URL) the EKS API?`, { cause: error });
    }
    return new errors/* OutageError */.AP(`${where} cannot be reached (${code}); check that this runner reaches it`, {
        cause: error,
    });
}
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** A kubeconfig with one cluster, user (the token) and context, current. Pure. */
function eksKubeconfig(options) {
    const cluster = checkEksCluster(options.cluster);
    const where = `EKS cluster ${JSON.stringify(cluster)}`;
    let endpoint;
    try {
        endpoint = new URL(options.endpoint);
    }
    catch {
        endpoint = undefined;
    }
    if (endpoint?.protocol !== 'https:' ||
        endpoint.username !== '' ||
        endpoint.password !== '' ||
        /[\s\p{Cc}]/u.test(options.endpoint)) {
        throw new errors/* ConfigurationError */.j1(`eks-cluster: ${where}'s endpoint is not an https URL (got ${endpoint?.username || endpoint?.password ? 'an address with a user or password' : JSON.stringify(options.endpoint.slice(0, 100))}); expected the API server's address DescribeCluster gives, e.g. https://0123ABCD.gr7.ap-northeast-2.eks.amazonaws.com`, { key: 'eks-cluster', kind: 'invalid' });
    }
    const ca = options.certificateAuthority;
    if (ca === '' || !BASE64.test(ca) || !Buffer.from(ca, 'base64').toString('latin1').includes('-----BEGIN')) {
        throw new errors/* ConfigurationError */.j1(`eks-cluster: ${where}'s certificate authority is not base64 of a PEM certificate; expected certificateAuthority.data as DescribeCluster gives it`, { key: 'eks-cluster', kind: 'invalid' });
    }
    if (options.token === '' || /\s/.test(options.token)) {
        // Never quoted: it is a secret.
        throw new Error(`the bearer token for ${where} is empty or holds whitespace`);
    }
    return (0,dist/* stringify */.As)({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: cluster, cluster: { server: options.endpoint, 'certificate-authority-data': ca } }],
        users: [{ name: cluster, user: { token: options.token } }],
        contexts: [{ name: cluster, context: { cluster, user: cluster } }],
        'current-context': cluster,
    });
}
/** DescribeCluster, then the token, then the kubeconfig: what `aws eks update-kubeconfig` gives kubectl. */
async function eksAccess(options) {
    const name = checkEksCluster(options.name);
    const region = checkEksRegion(options.region);
    const credentials = awsCredentialsFromEnv(options.env);
    const now = options.now ?? new Date();
    const cluster = await describeEksCluster({
        name,
        region,
        credentials,
        env: options.env,
        now,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.ca !== undefined ? { ca: options.ca } : {}),
    });
    const token = await eksToken(name, region, credentials, now);
    return {
        kubeconfigText: eksKubeconfig({
            cluster: name,
            endpoint: cluster.endpoint,
            certificateAuthority: cluster.certificateAuthority,
            token,
        }),
        secrets: [
            token,
            credentials.secretAccessKey,
            ...(credentials.sessionToken ? [credentials.sessionToken] : []),
        ],
        cluster,
    };
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/***/ })

};
