export const id = 452;
export const ids = [452];
export const modules = {

/***/ 4452:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runComment: () => (/* binding */ runComment)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/github/comment.ts
var comment = __webpack_require__(7318);
// EXTERNAL MODULE: ./src/github/comment-files.ts
var comment_files = __webpack_require__(4928);
// EXTERNAL MODULE: ./src/github/event.ts
var github_event = __webpack_require__(5015);
// EXTERNAL MODULE: ./src/github/factory.ts + 1 modules
var factory = __webpack_require__(2350);
;// CONCATENATED MODULE: ./src/github/workflow-run.ts
/**
 * The pull request a `workflow_run` event is for, found from what GitHub wrote into the event payload
 * and from the API, never from the triggering run's artifacts (a fork's code wrote those).
 *
 * GitHub fills `workflow_run.pull_requests` for a pull request from a branch of this repository and
 * leaves it empty for a fork's; then the open pull requests from the run's head (`owner:branch`) are
 * listed and the one whose head commit is the run's `head_sha` is taken. A pull request that has moved
 * on to a newer commit does not match: the newer commit's run will comment.
 */


/** The workflow_run of a `completed` workflow_run event; any other event is a configuration error. */
function readWorkflowRun(event) {
    if (event.eventName !== 'workflow_run') {
        throw new errors/* ConfigurationError */.j1(`command: comment runs in a workflow_run event (\`on: workflow_run: types: [completed]\`), not ${event.eventName === '' ? 'outside GitHub Actions' : `on ${event.eventName}`}; the pull_request run's coverage or quality-gate step writes comment-dir for it`);
    }
    const action = (0,github_event/* pick */.Up)(event.payload, 'action');
    if (action !== 'completed') {
        throw new errors/* ConfigurationError */.j1(`command: comment runs when the triggering workflow has completed (\`on: workflow_run: types: [completed]\`), not on a ${JSON.stringify(action ?? null)} workflow_run event`);
    }
    const repositoryId = (0,github_event/* pick */.Up)(event.payload, 'repository.id');
    const listed = (0,github_event/* pick */.Up)(event.payload, 'workflow_run.pull_requests');
    const pullRequests = (Array.isArray(listed) ? listed : []).flatMap((pr) => {
        if (!(0,github_event/* isRecord */.u4)(pr) || typeof pr.number !== 'number')
            return [];
        // The list has been seen to hold pull requests of other repositories that share the head branch.
        const baseRepositoryId = (0,github_event/* pick */.Up)(pr, 'base.repo.id');
        const ours = typeof repositoryId !== 'number' ||
            typeof baseRepositoryId !== 'number' ||
            baseRepositoryId === repositoryId;
        return ours ? [pr.number] : [];
    });
    return {
        pullRequests,
        headSha: (0,github_event/* requireString */.VW)(event, 'workflow_run.head_sha'),
        headBranch: (0,github_event/* optionalString */.sx)(event, 'workflow_run.head_branch') || undefined,
        headOwner: (0,github_event/* optionalString */.sx)(event, 'workflow_run.head_repository.owner.login') || undefined,
        name: (0,github_event/* optionalString */.sx)(event, 'workflow_run.name') ?? '',
    };
}
/** The pull request `run` is for: listed in the payload, else the open one whose head is the run's. */
async function findWorkflowRunPullRequest(api, run) {
    const listed = run.pullRequests[0];
    if (listed !== undefined)
        return { number: listed, how: 'workflow_run.pull_requests' };
    if (run.headBranch === undefined || run.headOwner === undefined) {
        return {
            reason: `the workflow_run payload lists no pull request and has no head ${run.headBranch === undefined ? 'branch' : 'repository owner'} to look one up by`,
        };
    }
    const head = `${run.headOwner}:${run.headBranch}`;
    const open = await api.listOpenPullRequestsByHead(head);
    const match = open.find((pr) => pr.headSha === run.headSha);
    if (match)
        return { number: match.number, how: `the open pull request from ${head} at ${run.headSha}` };
    if (open.length === 0)
        return { reason: `no open pull request from ${head}` };
    const others = open.map((pr) => `#${pr.number} is at ${pr.headSha}`).join(', ');
    return {
        reason: `no open pull request from ${head} is at the run's head commit ${run.headSha}; ${others} (pushed to since: the newer commit's run comments)`,
    };
}

;// CONCATENATED MODULE: ./src/commands/comment.ts
/**
 * `comment`: stage 2 of the fork-safe pull request comment. A fork's pull_request run has a read-only
 * token, so its `coverage` and `quality-gate` steps leave their sections in `comment-dir` and the
 * workflow uploads them; this command runs in a `workflow_run` workflow (the base repository's code, a
 * write token), reads the downloaded files and writes them into berth's one comment on the pull request.
 *
 * Steps: check the event → read the section files → find the pull request → write the sections. The
 * pull request comes from the event payload and the API only; the artifact is section text, nothing
 * more (see ../github/comment-files.ts).
 */







async function runComment(inputs, runtime) {
    const run = readWorkflowRun(await (0,github_event/* readEvent */.j_)(runtime, { optional: true }));
    if (inputs.commentDir === '') {
        throw new errors/* ConfigurationError */.j1("comment-dir: required by comment: the directory (relative to the workspace) the pull_request run's comment-dir artifact was downloaded to", { key: 'comment-dir', kind: 'required' });
    }
    if (inputs.githubToken === '') {
        throw new errors/* ConfigurationError */.j1('github-token: empty, but comment writes the pull request comment; pass `github-token: ${{ github.token }}` with `permissions: pull-requests: write`');
    }
    const sections = await (0,comment_files/* readSectionFiles */.zC)(external_node_path_default().resolve(runtime.workspace, inputs.commentDir), inputs.commentDir, (message) => runtime.warning(message));
    if (sections.length === 0) {
        runtime.warning(`comment-dir: no section files in ${inputs.commentDir}; nothing to post`);
        return;
    }
    const github = (0,factory/* githubFor */.dG)(runtime, inputs);
    const found = await findWorkflowRunPullRequest(github, run);
    if ('reason' in found) {
        runtime.warning(`comment: no pull request to comment on for ${describeRun(run.name)}: ${found.reason}; nothing posted`);
        return;
    }
    runtime.info(`pull request #${found.number}: ${found.how}`);
    const result = await (0,comment/* upsertSections */.aL)(github, found.number, sections);
    runtime.info(`pull request comment ${result.action} (${sections.map((s) => s.section).join(', ')}): ${result.url}`);
}
function describeRun(name) {
    return name === '' ? 'the workflow run' : `the ${JSON.stringify(name)} run`;
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
