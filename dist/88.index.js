export const id = 88;
export const ids = [88];
export const modules = {

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

/***/ 1088:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  staticOutputs: () => (/* binding */ staticOutputs),
  staticStrategy: () => (/* binding */ staticStrategy)
});

// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(4285);
;// CONCATENATED MODULE: ./src/report/static-summary.ts

/** Lists longer than this are cut, with a count of the rest (a summary is capped at 1 MiB). */
const MAX_LISTED = 50;
function formatBytes(n) {
    if (n < 1024)
        return `${n} B`;
    if (n < 1024 ** 2)
        return `${(n / 1024).toFixed(1)} KiB`;
    return `${(n / 1024 ** 2).toFixed(1)} MiB`;
}
/** The step summary of a static deploy: what changed, what was deleted or kept, the invalidation. */
function renderStaticSummary(r) {
    const verb = r.action === 'deploy' ? 'deployed' : 'rolled back';
    const on = r.remote ? ` on ${(0,markdown/* escapeMarkdown */.F)(r.host)}` : '';
    const facts = [];
    if (r.target === 'nginx-dir') {
        facts.push(['Live release', r.live ? `releases/${r.live}` : '(none)']);
        facts.push(['Previous release', r.previous ? `releases/${r.previous}` : '(none)']);
    }
    if (r.action === 'deploy') {
        facts.push([
            r.target === 's3' ? 'Uploaded' : 'Copied',
            `${r.uploaded.length} files, ${formatBytes(r.bytesUploaded)}`,
        ]);
        if (r.target === 's3') {
            facts.push(['Unchanged (not uploaded)', String(r.unchanged)]);
            facts.push(['Deleted', String(r.deleted.length)]);
            if (r.kept.length > 0)
                facts.push(['Removed, kept for keep-previous', String(r.kept.length)]);
        }
    }
    if (r.invalidation) {
        facts.push([
            'CloudFront invalidation',
            `${r.invalidation.id} (${r.invalidation.paths.length} paths${r.invalidation.completed ? ', completed' : ''})`,
        ]);
    }
    if (r.removedReleases && r.removedReleases.length > 0) {
        facts.push(['Old releases removed', r.removedReleases.join(', ')]);
    }
    facts.push(['Total', `${(r.durationMs / 1000).toFixed(1)} s`]);
    const sections = [
        `### berth ${r.action}: ${(0,markdown/* escapeMarkdown */.F)(r.app)} ${verb} to **${(0,markdown/* escapeMarkdown */.F)(r.environment)}** (${(0,markdown/* escapeMarkdown */.F)(r.where)})${on}`,
        '',
        (0,markdown/* renderTable */.b)(['', ''], facts),
        '',
    ];
    if (r.target === 's3' && r.uploaded.length > 0) {
        sections.push(`<details><summary>Uploaded files (${r.uploaded.length})</summary>`, '', (0,markdown/* renderTable */.b)(['File', 'Size', 'Cache-Control'], r.uploaded.slice(0, MAX_LISTED).map((f) => [f.path, formatBytes(f.size), f.cacheControl])), ...more(r.uploaded.length), '', '</details>', '');
    }
    if (r.deleted.length > 0 || r.kept.length > 0) {
        const rows = [...r.deleted.map((p) => [p, 'deleted']), ...r.kept.map((p) => [p, 'kept (keep-previous)'])];
        sections.push(`<details><summary>No longer in the build (${rows.length})</summary>`, '', (0,markdown/* renderTable */.b)(['File', ''], rows.slice(0, MAX_LISTED)), ...more(rows.length), '', '</details>', '');
    }
    if (r.invalidation && r.invalidation.paths.length > 0) {
        sections.push(`Invalidated: ${r.invalidation.paths
            .slice(0, MAX_LISTED)
            .map((p) => `\`${p.replace(/`/g, '')}\``)
            .join(', ')}${r.invalidation.paths.length > MAX_LISTED ? ` and ${r.invalidation.paths.length - MAX_LISTED} more` : ''}`, '');
    }
    sections.push((0,markdown/* renderTable */.b)(['Step', 'Time'], r.timeline.map((s) => [s.name, `${(s.ms / 1000).toFixed(2)} s`])), '');
    return sections.join('\n');
}
function more(total) {
    return total > MAX_LISTED ? ['', `… and ${total - MAX_LISTED} more`] : [];
}

// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(9809);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/http/proxy.ts
var proxy = __webpack_require__(7856);
// EXTERNAL MODULE: ./src/progress.ts
var src_progress = __webpack_require__(4660);
;// CONCATENATED MODULE: ./src/deploy/static/cloudfront.ts
/**
 * The CloudFront seam: create an invalidation and read its status, through the AWS SDK (imported only
 * here, only when `cloudfront-distribution-id` is set) with its standard credential chain.
 * `AWS_ENDPOINT_URL_CLOUDFRONT` (an SDK standard) points it elsewhere, as the tests do.
 */



async function createCloudFront() {
    const sdk = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(861), __webpack_require__.e(169)]).then(__webpack_require__.t.bind(__webpack_require__, 3169, 19));
    // CloudFront is a global service; its API lives in us-east-1.
    const client = new sdk.CloudFrontClient({ region: 'us-east-1', requestHandler: (0,proxy/* awsProxyHandler */.WL)() });
    return {
        async create(distributionId, paths, callerReference) {
            try {
                const out = await client.send(new sdk.CreateInvalidationCommand({
                    DistributionId: distributionId,
                    InvalidationBatch: {
                        CallerReference: callerReference,
                        Paths: { Quantity: paths.length, Items: [...paths] },
                    },
                }));
                const id = out.Invalidation?.Id;
                if (!id)
                    throw new Error(`CloudFront created no invalidation for ${distributionId}`);
                return id;
            }
            catch (error) {
                throw translateError(error, distributionId, 'CreateInvalidation');
            }
        },
        async status(distributionId, id) {
            try {
                const out = await client.send(new sdk.GetInvalidationCommand({ DistributionId: distributionId, Id: id }));
                return out.Invalidation?.Status ?? '';
            }
            catch (error) {
                throw translateError(error, distributionId, 'GetInvalidation');
            }
        },
        close() {
            client.destroy();
        },
    };
}
function translateError(error, distributionId, action) {
    if (!(error instanceof Error))
        return new Error(`CloudFront ${action}: ${String(error)}`);
    if (error.name === 'NoSuchDistribution') {
        return new errors/* ConfigurationError */.j1(`cloudfront-distribution-id: no distribution ${JSON.stringify(distributionId)} for these credentials; use the ID the CloudFront console shows (e.g. E2QWRUHAPOMQZL)`);
    }
    if (error.name === 'AccessDenied' || error.name === 'InvalidClientTokenId') {
        return new errors/* ConfigurationError */.j1(`cloudfront-distribution-id: ${action} on ${distributionId} was refused (${error.name}: ${error.message}); the credentials need cloudfront:${action}`);
    }
    if (error.name === 'CredentialsProviderError') {
        return new errors/* ConfigurationError */.j1(`cloudfront-distribution-id: no AWS credentials (${error.message}); run aws-actions/configure-aws-credentials before berth`);
    }
    error.message = `CloudFront ${action} on ${distributionId}: ${error.message}`;
    return error;
}
/** Polls until the invalidation has completed; bounded by `timeoutMs`. */
async function waitForInvalidation(cdn, distributionId, id, options) {
    const started = options.now();
    const progress = (0,src_progress/* startProgress */.ot)({
        what: `CloudFront invalidation ${id}`,
        limitMs: options.timeoutMs,
        now: options.now,
        say: options.progress ?? (() => undefined),
    });
    const maxPolls = Math.ceil(options.timeoutMs / Math.max(options.pollMs, 1)) + 1;
    for (let poll = 0; poll < maxPolls; poll++) {
        const status = await cdn.status(distributionId, id);
        if (status === 'Completed') {
            progress.end('completed');
            return;
        }
        if (options.now() - started >= options.timeoutMs)
            break;
        progress.update(status);
        await progress.sleep(options.pollMs, options.sleep);
    }
    progress.end('not completed');
    throw new Error(`CloudFront invalidation ${id} on ${distributionId} had not completed after ${Math.round(options.timeoutMs / 1000)} s; the new files are uploaded, removed files were not deleted yet`);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/deploy/static/files.ts
/** The build directory as a list of files with size and MD5: what the planner compares with the bucket. */




/** A frontend build has hundreds or thousands of files; far more means `dir` points somewhere else. */
const MAX_FILES = 100_000;
/** Each file is uploaded whole from memory (so its MD5 is its ETag, and no streamed checksum can corrupt it). */
const MAX_FILE_BYTES = 1024 ** 3;
/**
 * Every regular file under `root`, sorted by path. A symlink is followed only where it stays inside
 * `root` (symlinked files inside are read as files, symlinked directories inside skipped); one that
 * leaves it — `assets/env.txt -> /proc/self/environ` would publish the runner's environment — is
 * refused, naming the file. What deploys is exactly this list: the S3 upload and the nginx-dir copy
 * both take it.
 */
async function scanBuildDir(root, input = 'dir', maxFiles = MAX_FILES) {
    try {
        if (!(await (0,promises_.stat)(root)).isDirectory())
            throw new errors/* ConfigurationError */.j1(notADirectory(input, root));
    }
    catch (error) {
        if ((0,errors/* errnoCode */.UK)(error) === 'ENOENT')
            throw new errors/* ConfigurationError */.j1(notADirectory(input, root));
        throw error;
    }
    const realRoot = await (0,promises_.realpath)(root);
    const files = [];
    const pending = [''];
    while (pending.length > 0) {
        const rel = pending.pop();
        const entries = await (0,promises_.readdir)(external_node_path_default().join(root, rel), { withFileTypes: true });
        for (const entry of entries) {
            const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
            const full = external_node_path_default().join(root, child);
            let isFile = entry.isFile();
            if (entry.isDirectory()) {
                pending.push(child);
                continue;
            }
            if (entry.isSymbolicLink()) {
                if (!(await staysInside(full, realRoot))) {
                    const target = await (0,promises_.readlink)(full).catch(() => '?');
                    throw new errors/* ConfigurationError */.j1(`${input}: ${child} is a symlink to ${JSON.stringify(target)}, outside ${root}; berth publishes only files inside the build directory — replace the link with the file, or remove it`, { key: input, kind: 'invalid' });
                }
                isFile = await (0,promises_.stat)(full).then((s) => s.isFile(), () => false);
            }
            if (!isFile)
                continue;
            if (files.length >= maxFiles) {
                throw new errors/* ConfigurationError */.j1(`${input}: more than ${maxFiles} files under ${root}; expected a frontend build directory (e.g. frontend/build)`);
            }
            const { size } = await (0,promises_.stat)(full);
            if (size > MAX_FILE_BYTES) {
                throw new errors/* ConfigurationError */.j1(`${input}: ${child} is ${size} bytes; berth uploads files of up to 1 GiB (a frontend build's files are far smaller)`);
            }
            const body = await (0,promises_.readFile)(full);
            files.push({ path: child, size: body.length, md5: (0,external_node_crypto_.createHash)('md5').update(body).digest('hex') });
        }
    }
    if (files.length === 0) {
        throw new errors/* ConfigurationError */.j1(`${input}: ${root} has no files; run the frontend build first`);
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
/** Whether the link at `full` resolves (through every hop) to a path inside `realRoot`; a dangling link does not. */
async function staysInside(full, realRoot) {
    const resolved = await (0,promises_.realpath)(full).catch(() => undefined);
    if (resolved === undefined)
        return false;
    return (resolved === realRoot || resolved.startsWith(realRoot.endsWith((external_node_path_default()).sep) ? realRoot : realRoot + (external_node_path_default()).sep));
}
function notADirectory(input, root) {
    return `${input}: expected the build directory (e.g. frontend/build), but ${root} is not a directory; run the frontend build first, or fix the path`;
}

;// CONCATENATED MODULE: ./src/deploy/static/nginx-dir.ts
/**
 * A static site in a directory nginx serves: `<root>/releases/<id>` per deploy, `<root>/current` a
 * symlink to the live one (nginx's `root` is `<root>/current`). A deploy copies the build into a new
 * release and renames a new symlink over `current`, so every request sees the old release or the new
 * one whole; `rollback` points `current` at the release before. `<root>/releases.json` keeps the order.
 */


const RELEASE_LOG = 'releases.json';
const RELEASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** The release's directory name: the commit, with `-2`, `-3`… when that commit was deployed before. */
function nextReleaseId(commit, taken, nowMs) {
    const base = commit !== ''
        ? commit
        : `local-${new Date(nowMs)
            .toISOString()
            .replace(/[-:]|\.\d+Z$/g, '')
            .replace('T', '-')}`;
    if (!RELEASE_ID.test(base))
        throw new Error(`not a release name: ${JSON.stringify(base)}`);
    if (!taken.has(base))
        return base;
    for (let n = 2; n < 1000; n++)
        if (!taken.has(`${base}-${n}`))
            return `${base}-${n}`;
    throw new Error(`release ${base} was deployed 1000 times; remove old ones from releases/`);
}
/** The release a `current` symlink points at (`releases/<id>`), or undefined for anything else. */
function releaseOfLink(target) {
    const m = target === undefined ? null : /^(?:.*\/)?releases\/([^/]+)\/?$/.exec(target);
    return m?.[1];
}
/** The releases to remove: all but the newest `keep`, never the live one. */
function releasesToPrune(log, keep, live) {
    const ids = log.releases.map((r) => r.id);
    const kept = new Set(ids.slice(-keep));
    return ids.filter((id) => !kept.has(id) && id !== live);
}
/**
 * The release to roll back to: the one that was live when the live one went live (so a deploy after a
 * rollback does not make the bad release the way back), else the one deployed before it.
 */
function previousRelease(log, live) {
    const at = log.releases.findIndex((r) => r.id === live);
    if (at === -1)
        return undefined;
    const before = log.releases[at]?.previous;
    if (before !== undefined)
        return log.releases.find((r) => r.id === before);
    return at > 0 ? log.releases[at - 1] : undefined;
}
function parseReleaseLog(text, file) {
    if (text === undefined)
        return { version: 1, releases: [] };
    try {
        const parsed = JSON.parse(text);
        const releases = (parsed.releases ?? []).filter((r) => typeof r?.id === 'string' && RELEASE_ID.test(r.id));
        return { version: 1, releases };
    }
    catch {
        throw new Error(`${file} is not berth's JSON; move it away and deploy again`);
    }
}
/** Reads which release is live: `current`'s target; an error when `current` is not berth's symlink. */
async function readLive(host, root) {
    const link = external_node_path_default().posix.join(root, 'current');
    let target;
    try {
        target = await host.readSymlink(link);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`static-root: ${link} on ${host.label} is not a symlink (${error instanceof Error ? error.message : String(error)}); berth switches it as a symlink to releases/<id> — move it away (e.g. into ${root}/releases/) once`);
    }
    return releaseOfLink(target);
}
/** Deploy: copy → switch → record → prune. */
async function publishRelease(o) {
    const { host, root } = o;
    const logFile = external_node_path_default().posix.join(root, RELEASE_LOG);
    const log = parseReleaseLog(await host.readFile(logFile), logFile);
    const previous = (await readLive(host, root)) ?? '';
    const taken = new Set(log.releases.map((r) => r.id));
    let id = nextReleaseId(o.commit, taken, o.now());
    // A directory left by a deploy that failed before recording it: never reuse it.
    for (let i = 0; i < 100 && (await exists(host, external_node_path_default().posix.join(root, 'releases', id))); i++) {
        taken.add(id);
        id = nextReleaseId(o.commit, taken, o.now());
    }
    const dir = external_node_path_default().posix.join(root, 'releases', id);
    await o.step('copy', async () => {
        try {
            await host.copyDirFrom(o.localDir, dir, o.files);
            // The site is public: nginx's workers (another user) read every file and directory.
            const chmod = await host.exec(['chmod', '-R', 'a+rX', '--', dir], { quiet: true });
            if (chmod.code !== 0)
                throw new Error(`chmod -R a+rX ${dir} on ${host.label} failed: ${chmod.stderr.trim()}`);
        }
        catch (error) {
            await host.remove(dir).catch(() => undefined);
            throw error;
        }
    });
    await o.step('switch', () => host.switchSymlink(external_node_path_default().posix.join(root, 'current'), `releases/${id}`));
    o.info(`${external_node_path_default().posix.join(root, 'current')} → releases/${id}${previous ? ` (was releases/${previous})` : ''}`);
    log.releases.push({ id, commit: o.commit, at: new Date(o.now()).toISOString(), previous });
    const prune = releasesToPrune(log, o.keep, id);
    log.releases = log.releases.filter((r) => !prune.includes(r.id));
    await host.writeFile(logFile, `${JSON.stringify(log, null, 2)}\n`);
    if (prune.length > 0) {
        await o.step('prune', async () => {
            for (const old of prune)
                await host.remove(external_node_path_default().posix.join(root, 'releases', old));
        });
    }
    return { root, live: id, previous, removedReleases: prune };
}
/** Rollback: `current` back to the release deployed before the live one. */
async function rollbackRelease(o) {
    const { host, root } = o;
    const logFile = external_node_path_default().posix.join(root, RELEASE_LOG);
    const log = parseReleaseLog(await host.readFile(logFile), logFile);
    const live = await readLive(host, root);
    const target = previousRelease(log, live);
    if (!target) {
        throw new errors/* ConfigurationError */.j1(`static-root: nothing to roll back to in ${root} on ${host.label} (${live ? `releases/${live} is the oldest release recorded` : 'no release is live'})`);
    }
    await o.step('switch', () => host.switchSymlink(external_node_path_default().posix.join(root, 'current'), `releases/${target.id}`));
    o.info(`${external_node_path_default().posix.join(root, 'current')} → releases/${target.id} (was releases/${live ?? ''})`);
    return { root, live: target.id, previous: live ?? '', removedReleases: [] };
}
async function exists(host, file) {
    return (await host.exec(['test', '-e', file], { quiet: true })).code === 0;
}

;// CONCATENATED MODULE: ./src/deploy/static/s3.ts


/** A listing larger than this many pages (1,000 keys each) is not a frontend's prefix. */
const MAX_LIST_PAGES = 10_000;
/**
 * The client's settings. For an endpoint that is not AWS: path-style addressing, and checksums only
 * where an API requires them (the SDK's default since 3.729 adds CRC32 to every upload, streamed as
 * aws-chunked trailers that several S3-compatible stores do not understand).
 */
function s3ClientConfig(settings, env) {
    const endpoint = settings.endpoint || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || '';
    const config = settings.region ? { region: settings.region } : {};
    if (settings.endpoint)
        Object.assign(config, { endpoint: settings.endpoint, forcePathStyle: true });
    if (endpoint !== '' && !isAwsEndpoint(endpoint)) {
        Object.assign(config, {
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED',
        });
    }
    return config;
}
function isAwsEndpoint(endpoint) {
    try {
        return /(^|\.)amazonaws\.com(\.cn)?$/i.test(new URL(endpoint).hostname);
    }
    catch {
        return false;
    }
}
/** The site's address in the bucket: path-style under an endpoint, virtual-hosted on AWS. */
function bucketAddress(settings, region) {
    if (settings.endpoint)
        return `${settings.endpoint.replace(/\/+$/, '')}/${settings.bucket}`;
    return `https://${settings.bucket}.s3.${region || 'us-east-1'}.amazonaws.com`;
}
async function createS3Store(settings, env = process.env) {
    const sdk = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(861), __webpack_require__.e(711)]).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
    // The SDK reads no proxy settings itself: its agents follow HTTPS_PROXY / NO_PROXY (../../http/proxy.ts).
    const client = new sdk.S3Client({ ...s3ClientConfig(settings, env), requestHandler: (0,proxy/* awsProxyHandler */.WL)(env) });
    let region = settings.region;
    try {
        region = await client.config.region();
    }
    catch (error) {
        throw s3_translateError(error, settings, 'resolving the region');
    }
    const { bucket } = settings;
    const address = bucketAddress(settings, region);
    const call = async (what, fn) => {
        try {
            return await fn();
        }
        catch (error) {
            throw s3_translateError(error, settings, what);
        }
    };
    return {
        address,
        async list(prefix) {
            const objects = [];
            let token;
            for (let page = 0; page < MAX_LIST_PAGES; page++) {
                const out = await call(`listing ${prefix || '/'}`, () => client.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })));
                for (const o of out.Contents ?? []) {
                    if (o.Key === undefined)
                        continue;
                    objects.push({ key: o.Key, size: o.Size ?? 0, etag: unquote(o.ETag) });
                }
                if (!out.IsTruncated || !out.NextContinuationToken)
                    return objects;
                token = out.NextContinuationToken;
            }
            throw new Error(`listing s3://${bucket}/${prefix}: more than ${MAX_LIST_PAGES} pages of objects`);
        },
        async get(key) {
            try {
                const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
                return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : Buffer.alloc(0);
            }
            catch (error) {
                if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound'))
                    return undefined;
                throw s3_translateError(error, settings, `reading ${key}`);
            }
        },
        async put(request) {
            const out = await call(`uploading ${request.key}`, () => client.send(new sdk.PutObjectCommand({
                Bucket: bucket,
                Key: request.key,
                Body: request.body,
                ContentLength: request.body.length,
                ContentMD5: Buffer.from(request.md5, 'hex').toString('base64'),
                ContentType: request.contentType,
                CacheControl: request.cacheControl,
            })));
            // With SSE-KMS the ETag is not the MD5; S3 itself checked Content-MD5 then.
            if (out.ServerSideEncryption?.startsWith('aws:kms'))
                return;
            const etag = unquote(out.ETag);
            if (etag !== request.md5) {
                throw new Error(`uploading ${request.key} to ${address}: the store answered ETag ${JSON.stringify(etag)} for a body whose MD5 is ${request.md5}, so it did not store the file's bytes (an S3-compatible store that mishandles checksums?); nothing after this file was published`);
            }
        },
        async delete(key) {
            await call(`deleting ${key}`, () => client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key })));
        },
        close() {
            client.destroy();
        },
    };
}
function unquote(etag) {
    return (etag ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();
}
/** The SDK's errors that a user fixes become configuration errors naming the input. */
function s3_translateError(error, settings, what) {
    if (!(error instanceof Error))
        return new Error(`${what}: ${String(error)}`);
    const where = settings.endpoint || 'AWS S3';
    const detail = `${error.name}: ${error.message}`;
    if (error.name === 'NoSuchBucket') {
        return new errors/* ConfigurationError */.j1(`s3-bucket: no bucket ${JSON.stringify(settings.bucket)} at ${where}${settings.region ? ` (${settings.region})` : ''}; create it, or fix s3-bucket, s3-endpoint or s3-region`, { key: 's3-bucket', kind: 'invalid' });
    }
    if (/Region is missing/i.test(error.message)) {
        return new errors/* ConfigurationError */.j1('s3-region: required (the environment names no AWS_REGION either), e.g. ap-northeast-2, or kr-standard (NCP) or KR1 (NHN)', { key: 's3-region', kind: 'required' });
    }
    if (error.name === 'CredentialsProviderError' || /Could not load credentials/i.test(error.message)) {
        return new errors/* ConfigurationError */.j1(`s3-bucket: no AWS credentials for ${where} (${error.message}); run aws-actions/configure-aws-credentials before berth, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (the object storage's access key for NCP or NHN)`);
    }
    if (['PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException'].includes(error.name)) {
        return new errors/* ConfigurationError */.j1(`s3-region: the bucket ${JSON.stringify(settings.bucket)} is in another region than ${JSON.stringify(settings.region || '(the SDK default)')} (${detail}); set s3-region to the bucket's region`);
    }
    if (['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'Forbidden'].includes(error.name)) {
        return new errors/* ConfigurationError */.j1(`s3-bucket: ${where} refused ${what} in ${JSON.stringify(settings.bucket)} (${detail}); the credentials need s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on it`);
    }
    error.message = `${what} in s3://${settings.bucket} at ${where}: ${error.message}`;
    return error;
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/deploy/static/plan.ts
/**
 * What a static deploy does, decided without I/O: each file's Content-Type and Cache-Control, which files
 * to upload (content changed) and in which order (content-hashed assets, then other non-HTML files, then
 * the HTML entry points that reference them), which removed files to delete now and which to keep for
 * visitors with an old page open, and which CloudFront paths to invalidate.
 */



const IMMUTABLE = 'public, max-age=31536000, immutable';
const NO_CACHE = 'no-cache';
const TEXT = '; charset=utf-8';
/** Extensions a static build has, lower case; anything else is application/octet-stream. */
const CONTENT_TYPES = {
    html: `text/html${TEXT}`,
    htm: `text/html${TEXT}`,
    css: `text/css${TEXT}`,
    js: `text/javascript${TEXT}`,
    mjs: `text/javascript${TEXT}`,
    cjs: `text/javascript${TEXT}`,
    json: `application/json${TEXT}`,
    map: `application/json${TEXT}`,
    webmanifest: `application/manifest+json${TEXT}`,
    txt: `text/plain${TEXT}`,
    md: `text/markdown${TEXT}`,
    csv: `text/csv${TEXT}`,
    xml: `application/xml${TEXT}`,
    rss: `application/rss+xml${TEXT}`,
    atom: `application/atom+xml${TEXT}`,
    svg: 'image/svg+xml',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    avif: 'image/avif',
    ico: 'image/vnd.microsoft.icon',
    bmp: 'image/bmp',
    woff: 'font/woff',
    woff2: 'font/woff2',
    ttf: 'font/ttf',
    otf: 'font/otf',
    eot: 'application/vnd.ms-fontobject',
    pdf: 'application/pdf',
    wasm: 'application/wasm',
    mp4: 'video/mp4',
    webm: 'video/webm',
    mp3: 'audio/mpeg',
    wav: 'audio/wav',
    ogg: 'audio/ogg',
    zip: 'application/zip',
};
function contentTypeFor(file) {
    const ext = external_node_path_default().posix.extname(file).slice(1).toLowerCase();
    return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
function isHtml(file) {
    return /\.html?$/i.test(file);
}
/**
 * A bundler's content hash: 8–64 characters of hex with a digit and a letter (webpack, CRA, Angular,
 * Parcel), of base64url with upper case, lower case and a digit (Vite, Rollup, Next's build id), or
 * esbuild's 8 characters of base32 with a digit. Words with a number (`awesome4`, `192x192`, `Q3FY2024`)
 * are not hashes; a hash that happens to have no digit is missed, which costs a revalidation, never a
 * stale page. `cache-control` overrides either way.
 */
function looksLikeHash(s) {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(s) || !/\d/.test(s))
        return false;
    if (/^[0-9a-f]+$/.test(s) && /[a-f]/.test(s))
        return true;
    if (/^[A-Z2-7]{8}$/.test(s) && /[A-Z]/.test(s))
        return true;
    return /[A-Z]/.test(s) && /[a-z]/.test(s);
}
/** Whether a path carries a content hash in a directory or in its file name (`main.3f2a1b9c.js`, `index-Bk3R9qZ1.js`). */
function isContentHashed(file) {
    const segments = file.split('/');
    const base = segments.pop() ?? '';
    const parts = base.split('.');
    if (parts.length > 1)
        parts.pop(); // the extension
    return [...segments, ...parts].some((part) => {
        // A whole part (`8f3b2c1a`), or what follows a `-` (`index-HASH`; a base64url hash may hold `-` itself).
        if (!part.includes('-'))
            return looksLikeHash(part);
        for (let i = part.indexOf('-'); i !== -1; i = part.indexOf('-', i + 1)) {
            if (looksLikeHash(part.slice(i + 1)))
                return true;
        }
        return false;
    });
}
/** The `cache-control` input: one `GLOB=VALUE` per line, blank lines and `#` comments ignored. */
function parseCacheControlRules(input) {
    const rules = [];
    for (const raw of input.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const eq = line.indexOf('=');
        const glob = eq === -1 ? '' : line.slice(0, eq).trim();
        const value = eq === -1 ? '' : line.slice(eq + 1).trim();
        if (glob === '' || value === '' || !/^[\x20-\x7e]+$/.test(value)) {
            throw new errors/* ConfigurationError */.j1(`cache-control: expected GLOB=VALUE per line (e.g. fonts/**=public, max-age=31536000, immutable), got ${JSON.stringify(line)}`);
        }
        const matches = picomatch_default()(glob.replace(/^\/+/, ''), { dot: true, basename: !glob.includes('/') });
        rules.push({ glob, value, matches });
    }
    return rules;
}
/** The first matching rule's value; else immutable for content-hashed non-HTML files, `no-cache` for the rest. */
function cacheControlFor(file, rules) {
    const rule = rules.find((r) => r.matches(file));
    if (rule)
        return rule.value;
    return !isHtml(file) && isContentHashed(file) ? IMMUTABLE : NO_CACHE;
}
function isImmutable(cacheControl) {
    return /(^|[,\s])immutable($|[,\s])/i.test(cacheControl);
}
/** Compares the build with the bucket (size and MD5 against size and ETag) and orders the uploads. */
function planUploads(local, remote, rules, force = false) {
    const existing = new Map(remote.map((o) => [o.path, o]));
    const plan = { phases: { immutable: [], other: [], html: [] }, unchanged: [], removed: [] };
    const byPath = (a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
    for (const file of [...local].sort(byPath)) {
        const old = existing.get(file.path);
        if (!force && old && old.size === file.size && old.etag === file.md5) {
            plan.unchanged.push(file);
            continue;
        }
        const cacheControl = cacheControlFor(file.path, rules);
        const upload = {
            ...file,
            contentType: contentTypeFor(file.path),
            cacheControl,
            replaces: old !== undefined,
        };
        if (isHtml(file.path))
            plan.phases.html.push(upload);
        else if (isImmutable(cacheControl))
            plan.phases.immutable.push(upload);
        else
            plan.phases.other.push(upload);
    }
    const built = new Set(local.map((f) => f.path));
    plan.removed = remote
        .map((o) => o.path)
        .filter((p) => !built.has(p))
        .sort();
    return plan;
}
/** `keep-previous`: `0`, or a whole number with s, m, h or d; in milliseconds. */
function parseKeepPrevious(value) {
    const m = /^(\d{1,6})([smhd]?)$/.exec(value.trim());
    const unit = m?.[2] ?? '';
    if (!m || (unit === '' && m[1] !== '0')) {
        throw new errors/* ConfigurationError */.j1(`keep-previous: expected 0 or a number with s, m, h or d (e.g. 30m, 1h, 7d), got ${JSON.stringify(value)}`);
    }
    const seconds = { '': 0, s: 1, m: 60, h: 3600, d: 86400 }[unit];
    return Number(m[1]) * seconds * 1000;
}
/**
 * Which removed files to delete now: those missing from the build for at least `windowMs`. A file seen
 * missing for the first time starts its window now; a file that came back leaves the ledger.
 */
function planRemovals(removed, ledger, nowMs, windowMs) {
    const plan = { deleteNow: [], keep: [], ledger: {} };
    for (const file of removed) {
        const since = ledger[file] ?? nowMs;
        if (nowMs - since >= windowMs)
            plan.deleteNow.push(file);
        else {
            plan.keep.push(file);
            plan.ledger[file] = since;
        }
    }
    return plan;
}
/** CloudFront allows this many paths in invalidations in progress at once; more go as `/*`. */
const MAX_INVALIDATION_PATHS = 3000;
/**
 * The viewer paths to invalidate: replaced files whose cached copies could be stale (not immutable),
 * and the directory path of each replaced `index.html` (`/`, `/docs/`). New files need none.
 */
function invalidationPaths(uploads, mode) {
    if (mode === 'all')
        return { paths: ['/*'], note: 'cloudfront-invalidate is all' };
    const paths = new Set();
    for (const u of uploads) {
        if (!u.replaces || isImmutable(u.cacheControl))
            continue;
        paths.add(encodeViewerPath(u.path));
        if (external_node_path_default().posix.basename(u.path) === 'index.html')
            paths.add(encodeViewerPath(u.path.slice(0, -10)));
    }
    if (paths.size > MAX_INVALIDATION_PATHS) {
        return {
            paths: ['/*'],
            note: `${paths.size} paths changed, over CloudFront's ${MAX_INVALIDATION_PATHS}`,
        };
    }
    return { paths: [...paths].sort(), note: '' };
}
/**
 * CloudFront wants non-ASCII and RFC 1738's unsafe characters percent-encoded, and nothing else (an
 * encoded safe character would not match the cached path). `~` stays as browsers send it.
 */
function encodeViewerPath(file) {
    return `/${file}`.replace(/[^\x21-\x7e]|[<>"#%{}|\\^[\]`]/gu, (c) => [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

;// CONCATENATED MODULE: ./src/deploy/static/s3-deploy.ts
/**
 * A static deploy to a bucket, as named steps: list the bucket, upload what changed (content-hashed
 * assets, then other files, then the HTML entry points), invalidate CloudFront's stale paths, and only
 * then delete what the build no longer has and what `keep-previous` no longer protects.
 */






/** berth's own objects under the prefix: never compared, never deleted as a removed file. */
const LEDGER_DIR = '.berth/';
const LEDGER_FILE = `${LEDGER_DIR}removed.json`;
async function deployToS3(store, cdn, o) {
    if (o.files.some((f) => f.path.startsWith(LEDGER_DIR))) {
        throw new errors/* ConfigurationError */.j1(`dir: the build has a ${LEDGER_DIR} directory, which berth keeps its own records in under s3-prefix; rename it`);
    }
    const remote = await o.step('list bucket', () => store.list(o.prefix));
    const objects = remote
        .map((r) => ({ path: r.key.slice(o.prefix.length), size: r.size, etag: r.etag }))
        .filter((r) => r.path !== '' && !r.path.endsWith('/') && !r.path.startsWith(LEDGER_DIR));
    const plan = planUploads(o.files, objects, o.rules, o.force);
    const { immutable, other, html } = plan.phases;
    const uploaded = [...immutable, ...other, ...html];
    o.info(`${o.files.length} files in ${o.dir}: ${uploaded.length} to upload (${immutable.length} immutable, ${other.length} other, ${html.length} HTML), ${plan.unchanged.length} unchanged, ${plan.removed.length} no longer in the build`);
    const put = (u) => (0,promises_.readFile)(external_node_path_default().join(o.dir, u.path)).then((body) => store.put({
        key: o.prefix + u.path,
        body,
        md5: u.md5,
        contentType: u.contentType,
        cacheControl: u.cacheControl,
    }));
    // Each phase completes before the next starts: an HTML page never goes live before its assets.
    for (const [name, batch] of [
        ['upload immutable', immutable],
        ['upload other', other],
        ['upload HTML', html],
    ]) {
        if (batch.length > 0)
            await o.step(name, () => forEachLimit(batch, o.concurrency, put));
    }
    const result = {
        address: store.address,
        prefix: o.prefix,
        uploaded,
        unchanged: plan.unchanged.length,
        deleted: [],
        kept: [],
        bytesUploaded: uploaded.reduce((sum, u) => sum + u.size, 0),
    };
    if (o.cloudfront && cdn) {
        const cf = o.cloudfront;
        const { paths, note } = invalidationPaths(uploaded, cf.mode);
        if (note !== '' && cf.mode === 'changed')
            o.warning(`CloudFront: invalidating /* (${note})`);
        if (paths.length > 0) {
            const id = await o.step('invalidate', () => cdn.create(cf.distributionId, paths, cf.callerReference));
            o.info(`CloudFront invalidation ${id} on ${cf.distributionId}: ${paths.length} path(s)`);
            result.invalidation = { id, paths, note, completed: false };
            if (cf.wait) {
                await o.step('invalidation wait', () => waitForInvalidation(cdn, cf.distributionId, id, {
                    timeoutMs: cf.waitTimeoutMs,
                    pollMs: cf.pollMs,
                    sleep: o.sleep,
                    now: o.now,
                    progress: (line) => o.info(line),
                }));
                result.invalidation.completed = true;
            }
        }
    }
    if (o.deleteRemoved) {
        const ledgerKey = o.prefix + LEDGER_FILE;
        const hadLedger = remote.some((r) => r.key === ledgerKey);
        const ledger = hadLedger ? parseLedger(await store.get(ledgerKey), o.warning) : {};
        const removals = planRemovals(plan.removed, ledger, o.now(), o.keepPreviousMs);
        if (removals.deleteNow.length > 0) {
            await o.step('delete removed', () => forEachLimit(removals.deleteNow, o.concurrency, (p) => store.delete(o.prefix + p)));
        }
        result.deleted = removals.deleteNow;
        result.kept = removals.keep;
        if (JSON.stringify(removals.ledger) !== JSON.stringify(ledger)) {
            if (Object.keys(removals.ledger).length === 0)
                await store.delete(ledgerKey);
            else {
                const body = Buffer.from(renderLedger(removals.ledger));
                await store.put({
                    key: ledgerKey,
                    body,
                    md5: (0,external_node_crypto_.createHash)('md5').update(body).digest('hex'),
                    contentType: 'application/json; charset=utf-8',
                    cacheControl: 'no-store',
                });
            }
        }
        if (removals.keep.length > 0) {
            o.info(`${removals.keep.length} removed file(s) kept for keep-previous; a deploy after the window deletes them`);
        }
    }
    return result;
}
/** The ledger as stored: `{"version":1,"removed":{"path":"ISO time"}}`, sorted, one line per file. */
function renderLedger(ledger) {
    const removed = Object.fromEntries(Object.keys(ledger)
        .sort()
        .map((k) => [k, new Date(ledger[k]).toISOString()]));
    return `${JSON.stringify({ version: 1, removed }, null, 1)}\n`;
}
function parseLedger(body, warn) {
    if (body === undefined)
        return {};
    try {
        const parsed = JSON.parse(body.toString('utf8'));
        const ledger = {};
        for (const [file, at] of Object.entries(parsed.removed ?? {})) {
            const ms = typeof at === 'string' ? Date.parse(at) : NaN;
            if (!Number.isNaN(ms))
                ledger[file] = ms;
        }
        return ledger;
    }
    catch {
        warn(`${LEDGER_FILE} is not berth's JSON; the keep-previous window of removed files starts again now`);
        return {};
    }
}
/** Runs `fn` over `items`, at most `limit` at a time; the first failure stops new starts and is thrown. */
async function forEachLimit(items, limit, fn) {
    let next = 0;
    let failed = false;
    const worker = async () => {
        while (!failed && next < items.length) {
            const item = items[next++];
            try {
                await fn(item);
            }
            catch (error) {
                failed = true;
                throw error;
            }
        }
    };
    const results = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    const rejected = results.find((r) => r.status === 'rejected');
    if (rejected)
        throw rejected.reason;
}

// EXTERNAL MODULE: ./src/deploy/timeline.ts
var timeline = __webpack_require__(6248);
// EXTERNAL MODULE: ./src/http/url.ts
var url = __webpack_require__(6697);
// EXTERNAL MODULE: ./src/deploy/names.ts
var names = __webpack_require__(927);
;// CONCATENATED MODULE: ./src/deploy/static/settings.ts
/**
 * The inputs of `strategy: static`, checked together: every error names the input and the expected form.
 * Inputs of the other target are refused rather than ignored, so a missing `static-target` shows up.
 */





function resolveStaticSettings(inputs, action, workspace) {
    const { app } = (0,names/* deployNames */.m)(inputs, "the deploy's lock and records");
    if (action === 'deploy' && inputs.dir === '') {
        throw new errors/* ConfigurationError */.j1('dir: required with strategy static; the build directory to publish, relative to the workspace (e.g. frontend/build)', { key: 'dir', kind: 'required' });
    }
    const common = {
        app,
        environment: inputs.environment,
        dir: inputs.dir === '' ? '' : external_node_path_default().resolve(workspace, inputs.dir),
        rules: parseCacheControlRules(inputs.cacheControl),
    };
    const given = (names) => Object.entries(names).find(([, v]) => v !== '')?.[0];
    if (inputs.staticTarget === 'nginx-dir') {
        const s3Only = given({
            's3-bucket': inputs.s3Bucket,
            's3-prefix': inputs.s3Prefix,
            's3-endpoint': inputs.s3Endpoint,
            'cloudfront-distribution-id': inputs.cloudfrontDistributionId,
            'cache-control': inputs.cacheControl.trim(),
        });
        if (s3Only) {
            throw new errors/* ConfigurationError */.j1(`${s3Only}: is for static-target s3, but static-target is nginx-dir${s3Only === 'cache-control' ? " (there, nginx's own config sets the headers)" : ''}`, { key: s3Only, kind: 'unexpected' });
        }
        const root = inputs.staticRoot.replace(/\/+$/, '');
        if (inputs.staticRoot === '') {
            throw new errors/* ConfigurationError */.j1('static-root: required with static-target nginx-dir; the absolute directory that holds releases/ and current (e.g. /srv/www/shop), with nginx serving <static-root>/current', { key: 'static-root', kind: 'required' });
        }
        if (!external_node_path_default().posix.isAbsolute(root) || root === '' || root.split('/').includes('..')) {
            throw new errors/* ConfigurationError */.j1(`static-root: expected an absolute directory on the host, not / (e.g. /srv/www/shop), got ${JSON.stringify(inputs.staticRoot)}`, { key: 'static-root', kind: 'invalid' });
        }
        return {
            ...common,
            target: 'nginx-dir',
            root,
            keepReleases: inputs.keepReleases,
            lockTimeoutSeconds: inputs.lockTimeoutSeconds,
            stateRoot: inputs.stateDir,
        };
    }
    if (inputs.staticRoot !== '') {
        throw new errors/* ConfigurationError */.j1('static-root: is for static-target nginx-dir, but static-target is s3 (the default); set static-target: nginx-dir to publish to a directory', { key: 'static-root', kind: 'unexpected' });
    }
    if (inputs.sshHost !== '') {
        throw new errors/* ConfigurationError */.j1('ssh-host: static-target s3 uploads from this runner; ssh-host is for static-target nginx-dir', { key: 'ssh-host', kind: 'unexpected' });
    }
    if (action === 'rollback') {
        throw new errors/* ConfigurationError */.j1("static-target: s3 keeps no releases to switch back to; deploy the previous commit's build again (unchanged files are not uploaded)", { key: 'static-target', kind: 'invalid' });
    }
    if (inputs.s3Bucket === '') {
        throw new errors/* ConfigurationError */.j1('s3-bucket: required with static-target s3; the bucket to upload to (e.g. acme-frontend-prod)', { key: 's3-bucket', kind: 'required' });
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/.test(inputs.s3Bucket)) {
        throw new errors/* ConfigurationError */.j1(`s3-bucket: expected a bucket name (e.g. acme-frontend-prod), not a URL or path, got ${JSON.stringify(inputs.s3Bucket)}`, { key: 's3-bucket', kind: 'invalid' });
    }
    const bare = inputs.s3Prefix.replace(/^\/+|\/+$/g, '');
    if (bare !== '' && bare.split('/').some((s) => s === '' || s === '.' || s === '..')) {
        throw new errors/* ConfigurationError */.j1(`s3-prefix: expected a key prefix like shop/ or sites/shop/ (no empty, "." or ".." parts), got ${JSON.stringify(inputs.s3Prefix)}`, { key: 's3-prefix', kind: 'invalid' });
    }
    const prefix = bare === '' ? '' : `${bare}/`;
    if (inputs.s3Region !== '' && !/^[A-Za-z0-9-]{2,40}$/.test(inputs.s3Region)) {
        throw new errors/* ConfigurationError */.j1(`s3-region: expected a region name (e.g. ap-northeast-2, kr-standard), got ${JSON.stringify(inputs.s3Region)}`, { key: 's3-region', kind: 'invalid' });
    }
    if (inputs.s3Endpoint !== '' && (0,url/* httpAddressProblem */.w)(inputs.s3Endpoint) === 'user-or-password') {
        // Not quoted: the value holds a key or secret.
        throw new errors/* ConfigurationError */.j1('s3-endpoint: must not hold a user or password (an access key or secret in the address); give the keys as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the job environment', { key: 's3-endpoint', kind: 'invalid' });
    }
    if (inputs.s3Endpoint !== '' && (0,url/* parseHttpUrl */.f)(inputs.s3Endpoint) === undefined) {
        throw new errors/* ConfigurationError */.j1(`s3-endpoint: expected an http(s) URL (e.g. https://kr.object.ncloudstorage.com), got ${JSON.stringify(inputs.s3Endpoint)}`, { key: 's3-endpoint', kind: 'invalid' });
    }
    const distributionId = inputs.cloudfrontDistributionId;
    if (distributionId !== '' && !/^[A-Z0-9]{8,32}$/.test(distributionId)) {
        throw new errors/* ConfigurationError */.j1(`cloudfront-distribution-id: expected a distribution ID (e.g. E2QWRUHAPOMQZL), got ${JSON.stringify(distributionId)}`, { key: 'cloudfront-distribution-id', kind: 'invalid' });
    }
    return {
        ...common,
        target: 's3',
        bucket: inputs.s3Bucket,
        prefix,
        region: inputs.s3Region,
        endpoint: inputs.s3Endpoint.replace(/\/+$/, ''),
        force: inputs.force,
        deleteRemoved: inputs.deleteRemoved,
        keepPreviousMs: parseKeepPrevious(inputs.keepPrevious),
        ...(distributionId === ''
            ? {}
            : {
                cloudfront: {
                    distributionId,
                    mode: inputs.cloudfrontInvalidate,
                    wait: inputs.cloudfrontWait,
                },
            }),
    };
}

;// CONCATENATED MODULE: ./src/deploy/static/strategy.ts
/**
 * Strategy static: a frontend build to a bucket (S3, or NCP/NHN object storage), optionally behind
 * CloudFront — once, from the runner — or to a releases directory that nginx serves, on this host or on
 * servers over SSH, under each host's lock. Loaded only for this strategy, the AWS SDK only for a bucket.
 */









const CLOUDFRONT_WAIT_MS = 20 * 60_000;
const CLOUDFRONT_POLL_MS = 10_000;
const staticStrategy = {
    plan: async (action, inputs, runtime, deps) => staticPlan(action, resolveStaticSettings(inputs, action, runtime.workspace), runtime, deps),
};
async function staticPlan(action, settings, runtime, deps) {
    const reporting = {
        summary: renderStaticSummary,
        outputs: (reports) => staticOutputs(settings, reports),
    };
    if (settings.target === 's3')
        return { where: 'once', run: () => deployS3(settings, runtime, deps), ...reporting };
    // Scanned once, before the first host: every host gets the same build.
    const files = action === 'deploy' ? await scanBuildDir(settings.dir) : [];
    return {
        where: 'hosts',
        app: settings.app,
        environment: settings.environment,
        stateRoot: settings.stateRoot,
        lockTimeoutSeconds: settings.lockTimeoutSeconds,
        run: (on) => releaseOnHost(action, settings, files, runtime, deps, on),
        ...reporting,
    };
}
/** The outputs of a static deploy: counts over every host, the last one's release or the bucket's address. */
function staticOutputs(settings, reports) {
    const last = reports.at(-1);
    const sum = (f) => String(reports.reduce((n, r) => n + f(r), 0));
    return {
        'files-uploaded': sum((r) => r.uploaded.length),
        'files-deleted': sum((r) => r.deleted.length),
        'bytes-uploaded': sum((r) => r.bytesUploaded),
        'invalidation-id': last.invalidation?.id ?? '',
        url: settings.target === 's3' ? last.where : last.live ? `${settings.root}/releases/${last.live}` : '',
        'duration-ms': sum((r) => r.durationMs),
    };
}
async function deployS3(settings, runtime, deps) {
    const started = Date.now();
    const { steps, step } = (0,timeline/* timeline */.I)();
    const now = deps.now ?? Date.now;
    const files = await step('scan build', () => scanBuildDir(settings.dir));
    const s3 = { bucket: settings.bucket, region: settings.region, endpoint: settings.endpoint };
    const store = await (deps.createStore ?? createS3Store)(s3);
    const cdn = settings.cloudfront ? await (deps.createCdn ?? createCloudFront)() : undefined;
    const where = `${store.address}/${settings.prefix}`;
    runtime.info(`Publishing ${settings.dir} to ${where}`);
    try {
        const commit = runtime.getContext('sha') || 'local';
        const runId = runtime.getContext('run-id') || `${process.pid}`;
        const result = await deployToS3(store, cdn, {
            dir: settings.dir,
            files,
            prefix: settings.prefix,
            rules: settings.rules,
            force: settings.force,
            deleteRemoved: settings.deleteRemoved,
            keepPreviousMs: settings.keepPreviousMs,
            ...(settings.cloudfront
                ? {
                    cloudfront: {
                        ...settings.cloudfront,
                        waitTimeoutMs: deps.cloudfrontWaitMs ?? CLOUDFRONT_WAIT_MS,
                        pollMs: deps.cloudfrontPollMs ?? CLOUDFRONT_POLL_MS,
                        // Unique per deploy attempt: CloudFront treats a reused reference with other paths as an error.
                        callerReference: `berth-${settings.app}-${settings.environment}-${commit.slice(0, 12)}-${runId}-${now()}`,
                    },
                }
                : {}),
            concurrency: deps.concurrency ?? 8,
            now,
            sleep: deps.sleep ?? retry/* sleep */.yy,
            info: (m) => runtime.info(m),
            warning: (m) => runtime.warning(m),
            step,
        });
        return {
            action: 'deploy',
            app: settings.app,
            environment: settings.environment,
            target: 's3',
            where,
            host: '',
            remote: false,
            uploaded: result.uploaded.map((u) => ({ path: u.path, size: u.size, cacheControl: u.cacheControl })),
            unchanged: result.unchanged,
            deleted: result.deleted,
            kept: result.kept,
            bytesUploaded: result.bytesUploaded,
            ...(result.invalidation ? { invalidation: result.invalidation } : {}),
            durationMs: Date.now() - started,
            timeline: steps,
        };
    }
    finally {
        store.close();
        cdn?.close();
    }
}
/** One host's release (lock held, attempt recorded by the command): copy and switch, or switch back. */
async function releaseOnHost(action, settings, files, runtime, deps, on) {
    const { host, step } = on;
    const options = { host, root: settings.root, step, info: (m) => runtime.info(m) };
    const released = action === 'deploy'
        ? await publishRelease({
            ...options,
            localDir: settings.dir,
            files: files.map((f) => f.path),
            commit: on.commit,
            keep: settings.keepReleases,
            now: deps.now ?? Date.now,
        })
        : await rollbackRelease(options);
    on.attempt.imageRef = `${settings.root}/releases/${released.live}`;
    on.attempt.previousImageRef = released.previous ? `${settings.root}/releases/${released.previous}` : '';
    return {
        action,
        app: settings.app,
        environment: settings.environment,
        target: 'nginx-dir',
        where: settings.root,
        host: host.label,
        remote: host.remote,
        uploaded: files.map((f) => ({ path: f.path, size: f.size, cacheControl: '' })),
        unchanged: 0,
        deleted: [],
        kept: [],
        bytesUploaded: files.reduce((n, f) => n + f.size, 0),
        live: released.live,
        previous: released.previous,
        removedReleases: released.removedReleases,
        durationMs: Date.now() - on.startedAt,
        timeline: on.timeline,
    };
}


/***/ })

};
