export const id = 85;
export const ids = [85];
export const modules = {

/***/ 3085:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CoverageGateError: () => (/* binding */ CoverageGateError),
  runCoverage: () => (/* binding */ runCoverage)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/exec.ts
var exec = __webpack_require__(3190);
;// CONCATENATED MODULE: ./src/coverage/diff.ts
/**
 * The lines a change adds or modifies, per file, from `git diff --unified=0` output (pure): the `+`
 * side of each hunk, in the new file's numbering. Deleted files, binary files and pure deletions add no
 * lines; a rename keeps only the lines it changed.
 */
const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;
function parseUnifiedDiff(diff) {
    const changed = new Map();
    let file;
    let next = 0;
    for (const line of diff.split('\n')) {
        if (line.startsWith('diff --git ')) {
            file = undefined;
            continue;
        }
        if (line.startsWith('+++ ')) {
            const target = unquote(line.slice(4).replace(/\t.*$/, ''));
            file = target === '/dev/null' ? undefined : target.replace(/^b\//, '');
            continue;
        }
        const hunk = HUNK.exec(line);
        if (hunk) {
            next = Number(hunk[1]);
            continue;
        }
        if (file === undefined || line.startsWith('--- '))
            continue;
        if (line.startsWith('+')) {
            let set = changed.get(file);
            if (set === undefined)
                changed.set(file, (set = new Set()));
            set.add(next);
            next += 1;
        }
        else if (line.startsWith(' ')) {
            next += 1; // context (absent with --unified=0, counted when present)
        }
    }
    return changed;
}
/** GitHub's per-file patches (the pull request files API) as one diff for parseUnifiedDiff. */
function diffFromPatches(patches) {
    return patches.map((p) => `diff --git a/${p.file} b/${p.file}\n+++ b/${p.file}\n${p.patch}\n`).join('');
}
/** git quotes paths with unusual characters: "b/na\\303\\257ve.txt" → b/naïve.txt. */
function unquote(path) {
    if (!path.startsWith('"') || !path.endsWith('"'))
        return path;
    const bytes = [];
    const body = path.slice(1, -1);
    for (let i = 0; i < body.length; i++) {
        const c = body[i];
        if (c !== '\\') {
            bytes.push(...Buffer.from(c, 'utf8'));
            continue;
        }
        const n = body[i + 1] ?? '';
        if (/[0-7]/.test(n)) {
            bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
            i += 3;
        }
        else {
            bytes.push({ n: 10, t: 9, '"': 34, '\\': 92 }[n] ?? n.charCodeAt(0));
            i += 1;
        }
    }
    return Buffer.from(bytes).toString('utf8');
}

;// CONCATENATED MODULE: ./src/coverage/changed-lines.ts
/**
 * Changed-lines coverage: the lines a pull request adds or modifies, intersected with the coverable
 * lines of the merged report. The diff is the checked-out commit (what the tests ran on — for a
 * pull_request event the merge commit) against the PR's base commit, fetched when a shallow checkout
 * lacks it.
 */


/** Intersects the change with the report (pure). */
function changedLinesCoverage(changed, files) {
    const byPath = new Map(files.map((f) => [f.path, f]));
    const result = {
        counter: { covered: 0, total: 0 },
        files: [],
        uncovered: [],
        unmeasured: [],
    };
    for (const [path, lines] of [...changed].sort(([a], [b]) => a.localeCompare(b))) {
        const file = byPath.get(path);
        if (file === undefined)
            continue; // not measured at all: docs, configs, tests
        if (file.lines === undefined) {
            result.unmeasured.push(path);
            continue;
        }
        const counter = { covered: 0, total: 0 };
        const missed = [];
        for (const line of [...lines].sort((a, b) => a - b)) {
            const hits = file.lines.get(line);
            if (hits === undefined)
                continue; // not coverable: blank, comment, declaration
            counter.total += 1;
            if (hits > 0)
                counter.covered += 1;
            else
                missed.push(line);
        }
        if (counter.total === 0)
            continue;
        result.files.push({ path, counter });
        result.counter.covered += counter.covered;
        result.counter.total += counter.total;
        for (const range of ranges(path, missed, file.lines))
            result.uncovered.push(range);
    }
    return result;
}
/** Consecutive uncovered lines (ignoring non-coverable lines between them) as one range. */
function ranges(file, missed, coverable) {
    const out = [];
    for (const line of missed) {
        const last = out.at(-1);
        if (last !== undefined && onlyUncoverableBetween(last.end, line, coverable))
            last.end = line;
        else
            out.push({ file, start: line, end: line });
    }
    return out;
}
function onlyUncoverableBetween(a, b, coverable) {
    for (let n = a + 1; n < b; n++)
        if (coverable.has(n))
            return false;
    return true;
}
/** The diff of HEAD against `base` in the workspace; undefined (with the reason) when git cannot give it. */
async function gitChangedLines(exec, workspace, base) {
    const git = (...args) => exec(['git', '-C', workspace, ...args], { quiet: true });
    if ((await git('cat-file', '-e', `${base}^{commit}`)).code !== 0) {
        // A shallow checkout (actions/checkout's default depth 1) has no base commit: fetch just that one.
        const fetched = await exec(['git', '-C', workspace, 'fetch', '--no-tags', '--depth=1', 'origin', base]);
        if (fetched.code !== 0) {
            return {
                reason: `the base commit ${base.slice(0, 12)} is not in the checkout and could not be fetched (${fetched.stderr.trim().split('\n').at(-1) ?? ''}); use actions/checkout with fetch-depth: 0`,
            };
        }
    }
    const diff = await git('diff', '--unified=0', '--no-color', '--no-ext-diff', '--no-prefix', '--src-prefix=a/', '--dst-prefix=b/', '-M', base, 'HEAD');
    if (diff.code !== 0)
        return { reason: `git diff failed: ${diff.stderr.trim().split('\n').at(-1) ?? ''}` };
    return { changed: parseUnifiedDiff(diff.stdout) };
}
/**
 * On a pull request: the change against its base commit, from git; without the history to compare,
 * from the pull request's patches (GitHub API); else the reason it could not be measured.
 */
async function pullRequestChangedLines(inputs, runtime, pr, api, files) {
    if (pr.baseSha === undefined)
        return { reason: 'the event has no pull_request.base.sha' };
    const diff = await gitChangedLines((0,exec/* createExec */.k7)(runtime), runtime.workspace, pr.baseSha);
    if (!('reason' in diff))
        return changedLinesCoverage(diff.changed, files);
    // No git history to compare: ask GitHub for the pull request's patches instead.
    if (inputs.githubToken !== '' && pr.number !== undefined) {
        try {
            const listed = await api().pullRequestFiles(pr.number);
            runtime.info(`changed lines from the pull request's files (GitHub API): ${diff.reason}`);
            return changedLinesCoverage(parseUnifiedDiff(diffFromPatches(listed.patches ?? [])), files);
        }
        catch (error) {
            runtime.warning(`changed-lines coverage: the pull request's files could not be read either (${error instanceof Error ? error.message : String(error)})`);
        }
    }
    runtime.warning(`changed-lines coverage skipped: ${diff.reason}`);
    return diff;
}

// EXTERNAL MODULE: ./src/coverage/figures.ts
var figures = __webpack_require__(9839);
// EXTERNAL MODULE: ./src/coverage/model.ts
var model = __webpack_require__(3307);
;// CONCATENATED MODULE: ./src/coverage/gate.ts
/**
 * Coverage's own gate: each condition (`min-line`, `min-branch`, `max-drop`) with its figure and whether
 * it held, and the result the command reports. Pure; SonarQube's gate is a different thing (sonar/).
 */


function minimumCondition(input, what, actual, threshold) {
    // No data (a report without branches) cannot pass a branch threshold: the gate would be empty.
    const p = (0,model/* percent */.KN)(actual);
    return { input, what, actual, threshold, passed: p !== null && p >= threshold };
}
function dropCondition(now, base, maxDrop) {
    const points = (0,figures/* deltaPoints */.kg)(now, base);
    if (points === null)
        return undefined;
    // A hair's tolerance: 80.0% → 79.5% with max-drop 0.5 is a drop of 0.5 (not 0.50000001).
    return {
        input: 'max-drop',
        what: 'line coverage',
        actual: now,
        base,
        threshold: maxDrop,
        passed: -points <= maxDrop + 1e-9,
    };
}
/**
 * The conditions the inputs ask for, with today's figures: min-line, min-branch, min-changed-lines (only
 * when the PR changes a coverable line) and max-drop (only with a base figure; `warn` says why not).
 */
function coverageConditions(inputs, totals, changed, base, warn) {
    const conditions = [];
    if (inputs.minLine !== undefined) {
        conditions.push(minimumCondition('min-line', 'line coverage', totals.lines, inputs.minLine));
    }
    if (inputs.minBranch !== undefined) {
        conditions.push(minimumCondition('min-branch', 'branch coverage', totals.branches, inputs.minBranch));
    }
    if (inputs.minChangedLines !== undefined && changed && 'counter' in changed && changed.counter.total > 0) {
        // A PR that changes no coverable line has nothing to gate here.
        conditions.push(minimumCondition('min-changed-lines', 'changed-lines coverage', changed.counter, inputs.minChangedLines));
    }
    if (inputs.maxDrop !== undefined) {
        const drop = base && dropCondition(totals.lines, base.lines, inputs.maxDrop);
        if (drop)
            conditions.push(drop);
        else {
            warn(`max-drop: not checked, no base figure (${inputs.baseCoverageFile === '' ? 'base-coverage-file is empty' : `base-coverage-file ${inputs.baseCoverageFile} has none`})`);
        }
    }
    return conditions;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/plan/match.ts
var match = __webpack_require__(4106);
;// CONCATENATED MODULE: ./src/coverage/files.ts
/**
 * `coverage-files`, `junit-files` and `base-coverage-file`: glob patterns (one per line or
 * comma-separated, `!` to exclude, GitHub's filter semantics), as `@actions/glob` takes them: relative
 * to the workspace, or absolute — inside the workspace (`${{ github.workspace }}/backend/…`: made
 * workspace-relative, so it selects what the relative pattern selects) or outside it (a report
 * downloaded to `${{ runner.temp }}`: only the pattern's fixed leading directory is walked). Every walk
 * is bounded, and dependency and VCS directories are not walked (a report is never inside
 * node_modules/.git).
 */




const SKIP = new Set(['.git', 'node_modules', '.gradle', '.venv', '__pycache__']);
/**
 * Directory entries one walk looks at (a monorepo of 100,000+ sources and its build output fits).
 * Measured on 500,000 files: the listing takes ~2 s and ~95 MiB, the source index built from it ~4 s
 * and ~90 MiB more. A walk that stops here says so (WalkOptions.onLimit).
 */
const MAX_ENTRIES = 500_000;
/** The characters that make a path segment a glob (braces and extglobs are off: GitHub's semantics). */
const GLOB = /[*?[]/;
function parsePatterns(text, input) {
    const patterns = text
        .split(/[\n,]/)
        .map((p) => p.trim())
        .filter((p) => p !== '');
    if (patterns.length === 0) {
        throw new errors/* ConfigurationError */.j1(`${input}: required; glob patterns of the report files, e.g. "**/build/reports/jacoco/**/*.xml" or "coverage/lcov.info"`, { key: input, kind: 'required' });
    }
    for (const p of patterns) {
        if (p === '!') {
            throw new errors/* ConfigurationError */.j1(`${input}: "!" alone excludes nothing; write "!<pattern>", e.g. "!**/test/**"`, {
                key: input,
                kind: 'invalid',
            });
        }
        refuseTilde(p.replace(/^!/, ''), p, input);
    }
    return patterns.map((p) => p.replace(/^(!?)\.\//, '$1'));
}
/** One path or glob (`base-coverage-file`): trimmed, `./` dropped; not split at commas. */
function parsePath(text, input) {
    const value = text.trim();
    refuseTilde(value, value, input);
    return value.replace(/^\.\//, '');
}
/** No shell expands `~` in a `with:` value, and berth does not either: say so rather than match nothing. */
function refuseTilde(body, written, input) {
    if (body === '~' || body.startsWith('~/')) {
        throw new errors/* ConfigurationError */.j1(`${input}: ${JSON.stringify(written)}: "~" is not expanded; write the path relative to the workspace or absolute (e.g. "\${{ runner.temp }}/reports/*.xml")`, { key: input, kind: 'invalid' });
    }
}
/** The pattern has glob characters (`*`, `?`, `[`). */
function isGlob(pattern) {
    return GLOB.test(pattern);
}
/** A path (relative to the workspace, or absolute) as a FoundFile: named workspace-relative when inside it. */
function placeFile(file, workspace) {
    const ws = workspaceRoot(workspace);
    const absolute = external_node_path_default().posix.resolve(ws, file.replace(/\\/g, '/'));
    return {
        name: absolute.startsWith(under(ws)) ? absolute.slice(under(ws).length) : absolute,
        path: absolute,
    };
}
/** The workspace as an absolute POSIX path without a trailing slash. */
function workspaceRoot(workspace) {
    return external_node_path_default().posix.resolve(workspace.replace(/\\/g, '/'));
}
/** `/ws/` for `/ws`, `/` for `/`: what a path under the directory starts with. */
function under(dir) {
    return dir === '/' ? '/' : `${dir}/`;
}
/** `dir` is `ancestor` or under it. */
function within(dir, ancestor) {
    return dir === ancestor || dir.startsWith(under(ancestor));
}
/** Places each pattern (see FilePattern): relative ones and absolute ones under the workspace become workspace-relative. */
function resolvePatterns(patterns, workspace) {
    const ws = workspaceRoot(workspace);
    return patterns.map((written) => {
        const exclude = written.startsWith('!');
        const body = exclude ? written.slice(1) : written;
        const absolute = external_node_path_default().posix.isAbsolute(body) ? external_node_path_default().posix.normalize(body) : external_node_path_default().posix.join(ws, body);
        if (absolute.startsWith(under(ws))) {
            return { written, exclude, glob: absolute.slice(under(ws).length), outside: false };
        }
        const segments = absolute.split('/');
        const fixed = segments.findIndex((s) => GLOB.test(s));
        const literal = fixed === -1;
        const root = literal ? absolute : segments.slice(0, fixed).join('/') || '/';
        return { written, exclude, glob: absolute, outside: true, root, literal };
    });
}
/**
 * The files a listing of the workspace (workspace-relative paths) and of outside directories (absolute
 * paths) has that the patterns select, in that order. A pattern decides by GitHub's rules: the first
 * including pattern selects a file, a later `!` pattern that matches drops it.
 */
function selectFiles(workspaceFiles, placed, workspace, outsideFiles = []) {
    const ws = workspaceRoot(workspace);
    // An outside pattern reaches workspace files only when its root holds the workspace (`/home/runner/work/**/x.xml`).
    const reachesWorkspace = placed.some((p) => p.outside && within(ws, p.root ?? '/'));
    const relevant = reachesWorkspace ? placed : placed.filter((p) => !p.outside);
    const found = [];
    if (relevant.length > 0) {
        for (const rel of workspaceFiles) {
            const absolute = `${under(ws)}${rel}`;
            if (selected(relevant, rel, absolute))
                found.push({ name: rel, path: absolute });
        }
    }
    const outside = placed.filter((p) => p.outside);
    if (outside.length > 0) {
        for (const file of outsideFiles) {
            if (selected(outside, undefined, file))
                found.push({ name: file, path: file });
        }
    }
    return found;
}
function selected(patterns, rel, absolute) {
    let included = false;
    for (const p of patterns) {
        const name = p.outside ? absolute : rel;
        if (name === undefined || included !== p.exclude)
            continue;
        if ((0,match/* globMatches */.mw)(p.glob, name))
            included = !p.exclude;
    }
    return included;
}
/** Every file of the workspace (one bounded walk: reports, test results and the source index share it), sorted. */
async function listWorkspace(workspace, options = {}) {
    const limit = options.limit ?? MAX_ENTRIES;
    const { files, truncated } = await walkTree(workspace, limit);
    if (truncated) {
        options.onLimit?.(`the workspace has more than ${limit.toLocaleString('en-US')} entries (not counting ${[...SKIP].join(', ')}); the walk stopped there, so reports and source files beyond are not seen and some reported paths may stay unplaced — narrow the checkout (sparse-checkout) or remove build output before this step`);
    }
    return files;
}
/** Files (absolute) under the outside patterns' roots, the workspace not walked again; roots that do not exist, for messages. */
async function listOutside(patterns, workspace, options = {}) {
    const ws = workspaceRoot(workspace);
    const files = new Set();
    const missing = new Set();
    const roots = [...new Set(patterns.filter((p) => p.outside && !p.exclude).map((p) => p.root ?? '/'))]
        // The workspace itself (a pattern naming its directory): its files are the workspace listing's.
        .filter((root) => !within(root, ws))
        .sort();
    const walked = [];
    for (const root of roots) {
        const info = await (0,promises_.stat)(root).catch((error) => {
            if (['ENOENT', 'ENOTDIR'].includes((0,errors/* errnoCode */.UK)(error) ?? ''))
                return undefined;
            throw error;
        });
        if (info === undefined) {
            missing.add(root);
        }
        else if (info.isFile()) {
            files.add(root);
        }
        else if (info.isDirectory() && !walked.some((w) => within(root, w))) {
            // Sorted: a root under one already walked was listed with it.
            walked.push(root);
            const limit = options.limit ?? MAX_ENTRIES;
            const listing = await walkTree(root, limit, ws);
            for (const rel of listing.files)
                files.add(`${under(root)}${rel}`);
            if (listing.truncated) {
                options.onLimit?.(`${root} has more than ${limit.toLocaleString('en-US')} entries; the walk stopped there, so files beyond are not seen — start the pattern with a more specific directory`);
            }
        }
    }
    return { files: [...files].sort(), missing };
}
/**
 * The files the patterns select, inside and outside the workspace (see selectFiles), given the
 * workspace's listing; none: a message saying which patterns looked where.
 */
async function findPatternFiles(patterns, workspace, workspaceFiles, options = {}) {
    const placed = resolvePatterns(patterns, workspace);
    const outside = await listOutside(placed, workspace, options);
    const found = selectFiles(workspaceFiles, placed, workspace, outside.files);
    return { found, nothing: found.length === 0 ? describeSearch(placed, workspace, outside.missing) : '' };
}
/** `"a/**" (under /ws), "/tmp/r/*.xml" (under /tmp/r, which does not exist)`: which patterns looked where. */
function describeSearch(patterns, workspace, missing = new Set()) {
    const ws = workspaceRoot(workspace);
    return patterns
        .map((p) => {
        if (p.exclude)
            return JSON.stringify(p.written);
        if (!p.outside)
            return `${JSON.stringify(p.written)} (under the workspace, ${ws})`;
        const root = p.root ?? '/';
        const gone = missing.has(root);
        if (p.literal)
            return `${JSON.stringify(p.written)} (${gone ? 'no such file' : 'not a file'})`;
        return `${JSON.stringify(p.written)} (under ${root}${gone ? ', which does not exist' : ''})`;
    })
        .join(', ');
}
/** Workspace-relative paths (POSIX separators) of the workspace files the patterns select, sorted. */
async function findFiles(workspace, patterns) {
    return selectFiles(await listWorkspace(workspace), resolvePatterns(patterns, workspace), workspace).map((f) => f.name);
}
/**
 * The files under `root` (relative, POSIX), sorted; one bounded walk, not entering SKIP directories
 * nor `skipDir` (absolute: the workspace, when an outside root holds it).
 */
async function walkTree(root, limit, skipDir) {
    const base = external_node_path_default().resolve(root);
    const found = [];
    let seen = 0;
    let truncated = false;
    const walk = async (dir) => {
        const entries = await (0,promises_.readdir)(external_node_path_default().join(base, dir), { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
            if (++seen > limit) {
                truncated = true;
                return;
            }
            const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
            if (entry.isDirectory()) {
                if (SKIP.has(entry.name))
                    continue;
                if (skipDir !== undefined && external_node_path_default().join(base, rel) === skipDir)
                    continue;
                await walk(rel);
            }
            else if (entry.isFile()) {
                found.push(rel);
            }
        }
    };
    await walk('');
    return { files: found.sort(), truncated };
}

;// CONCATENATED MODULE: ./src/coverage/packed.ts
/** The largest line number read; a longer "source file" is not one (a report's mistake, an overflow). */
const MAX_LINE = 16_777_215;
/** What a line number out of range is told (parsers say where). */
function lineOutOfRange(line) {
    return `line number ${line} is out of range (0 to ${MAX_LINE})`;
}
const ABSENT = 0;
const MISSED = 1;
const COVERED = 2;
/** The code of a run's i-th line: two bits each, four lines a byte. */
function codeAt(page, at, i) {
    return (page[at + (i >> 2)] >> ((i & 3) << 1)) & 3;
}
// Shared pages: a file's bytes are a run inside one page; a file longer than OWN_BYTES gets its own.
const PAGE_BYTES = 1 << 20;
const OWN_BYTES = 1 << 16;
let bytePage = new Uint8Array(PAGE_BYTES);
let bytesUsed = 0;
function allocateBytes(n) {
    if (n >= OWN_BYTES)
        return { page: new Uint8Array(n), at: 0 };
    if (bytesUsed + n > PAGE_BYTES) {
        bytePage = new Uint8Array(PAGE_BYTES);
        bytesUsed = 0;
    }
    const at = bytesUsed;
    bytesUsed += n;
    return { page: bytePage, at };
}
const PAGE_WORDS = 1 << 18;
const OWN_WORDS = 1 << 14;
let wordPage = new Uint32Array(PAGE_WORDS);
let wordsUsed = 0;
function allocateWords(n) {
    if (n >= OWN_WORDS)
        return { page: new Uint32Array(n), at: 0 };
    if (wordsUsed + n > PAGE_WORDS) {
        wordPage = new Uint32Array(PAGE_WORDS);
        wordsUsed = 0;
    }
    const at = wordsUsed;
    wordsUsed += n;
    return { page: wordPage, at };
}
/**
 * A file's coverable lines → 1 (ran) or 0 (did not). Hit counts are not kept: no figure uses them.
 * `size` is the number of coverable lines, `covered` the number that ran.
 */
class PackedLines {
    page;
    at;
    first;
    span;
    size;
    covered;
    /** @internal built by CoverageBuilder (the fields: for PackedFile) */
    constructor(page, at, first, span, size, covered) {
        this.page = page;
        this.at = at;
        this.first = first;
        this.span = span;
        this.size = size;
        this.covered = covered;
    }
    get(line) {
        const i = line - this.first;
        if (!(i >= 0 && i < this.span))
            return undefined;
        const code = codeAt(this.page, this.at, i);
        return code === ABSENT ? undefined : code - 1;
    }
    has(line) {
        return this.get(line) !== undefined;
    }
    *entries() {
        const { page, at, first, span } = this;
        for (let i = 0; i < span; i++) {
            const code = codeAt(page, at, i);
            if (code !== ABSENT)
                yield [first + i, code - 1];
        }
    }
    *keys() {
        for (const [line] of this.entries())
            yield line;
    }
    *values() {
        for (const [, ran] of this.entries())
            yield ran;
    }
    [Symbol.iterator]() {
        return this.entries();
    }
    forEach(fn) {
        for (const [line, ran] of this.entries())
            fn(ran, line, this);
    }
    /** Into `builder`'s lines (merging). */
    loadInto(builder) {
        const { page, at, first, span } = this;
        for (let i = 0; i < span; i++) {
            const code = codeAt(page, at, i);
            if (code !== ABSENT)
                builder.line(first + i, code - 1);
        }
    }
}
/** A file's lines → the branch outcomes on them, sorted by line. */
class PackedBranches {
    page;
    at;
    size;
    covered;
    total;
    /** @internal built by CoverageBuilder (the fields: for PackedFile) */
    constructor(page, at, size, covered, total) {
        this.page = page;
        this.at = at;
        this.size = size;
        this.covered = covered;
        this.total = total;
    }
    /** The sum over every line (a fresh counter: no object per file is kept for it). */
    get totals() {
        return { covered: this.covered, total: this.total };
    }
    get(line) {
        const { page, at } = this;
        let lo = 0;
        let hi = this.size - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >>> 1;
            const l = page[at + mid * 3];
            if (l === line)
                return { covered: page[at + mid * 3 + 1], total: page[at + mid * 3 + 2] };
            if (l < line)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return undefined;
    }
    has(line) {
        return this.get(line) !== undefined;
    }
    *entries() {
        const { page, at } = this;
        for (let k = 0; k < this.size; k++) {
            const o = at + k * 3;
            yield [page[o], { covered: page[o + 1], total: page[o + 2] }];
        }
    }
    *keys() {
        for (let k = 0; k < this.size; k++)
            yield this.page[this.at + k * 3];
    }
    *values() {
        for (const [, c] of this.entries())
            yield c;
    }
    [Symbol.iterator]() {
        return this.entries();
    }
    forEach(fn) {
        for (const [line, c] of this.entries())
            fn(c, line, this);
    }
}
/**
 * The scratch area one parser fills, one file at a time: `line`, `branches`, then `takeLines` /
 * `takeBranches` pack the file and clear the area for the next. Clearing touches only the lines used.
 */
class CoverageBuilder {
    codes = new Uint8Array(1024);
    min = Number.POSITIVE_INFINITY;
    max = -1;
    count = 0;
    coveredCount = 0;
    /**
     * Branch outcomes given line after line (every parser's usual order): (line, covered, total) triples,
     * packed as they are — no map entry or counter object per line. Out of order, they move to the map.
     */
    ordered = new Uint32Array(3 * 64);
    orderedCount = 0;
    branchLines = new Map();
    /** The report's files, one row each (`file`). */
    table;
    /** A finished file of the report: packed lines and branches (`takeLines`/`takeBranches`) and its figures. */
    file(path, lines, branches, summary) {
        this.table ??= new FileTable();
        return this.table.add(path, lines, branches, summary);
    }
    /** A line ran `hits` times (> 0: covered); a line given twice is covered when either ran. */
    line(line, hits) {
        if (!(line <= this.max && line >= this.min)) {
            if (!(Number.isInteger(line) && line >= 0 && line <= MAX_LINE))
                throw new RangeError(lineOutOfRange(line));
            if (line >= this.codes.length)
                this.grow(line);
            if (line < this.min)
                this.min = line;
            if (line > this.max)
                this.max = line;
        }
        const seen = this.codes[line];
        if (seen === COVERED)
            return;
        if (seen === ABSENT)
            this.count += 1;
        if (hits > 0) {
            this.codes[line] = COVERED;
            this.coveredCount += 1;
        }
        else {
            this.codes[line] = MISSED;
        }
    }
    /** The branch outcomes on a line so far (the builder's own counter: change it in place). */
    branchesAt(line) {
        this.unorder();
        return this.branchLines.get(line);
    }
    /** Adds outcomes to a line's branches. */
    addBranches(line, covered, total) {
        this.putBranches(line, covered, total, true);
    }
    /** Sets a line's branch outcomes (a line named again keeps its last ones). */
    setBranches(line, covered, total) {
        this.putBranches(line, covered, total, false);
    }
    putBranches(line, covered, total, add) {
        if (!(Number.isInteger(line) && line >= 0 && line <= MAX_LINE))
            throw new RangeError(lineOutOfRange(line));
        if (this.branchLines.size === 0) {
            const o = (this.orderedCount - 1) * 3;
            const last = o < 0 ? -1 : this.ordered[o];
            if (line > last) {
                if (o + 6 > this.ordered.length) {
                    const grown = new Uint32Array(this.ordered.length * 2);
                    grown.set(this.ordered);
                    this.ordered = grown;
                }
                this.ordered[o + 3] = line;
                this.ordered[o + 4] = covered;
                this.ordered[o + 5] = total;
                this.orderedCount += 1;
                return;
            }
            if (line === last) {
                this.ordered[o + 1] = (add ? this.ordered[o + 1] : 0) + covered;
                this.ordered[o + 2] = (add ? this.ordered[o + 2] : 0) + total;
                return;
            }
            this.unorder();
        }
        const seen = this.branchLines.get(line);
        if (seen === undefined)
            this.branchLines.set(line, { covered, total });
        else if (add) {
            seen.covered += covered;
            seen.total += total;
        }
        else {
            seen.covered = covered;
            seen.total = total;
        }
    }
    /** The ordered triples into the map (a line came out of order, or a caller asks for a counter). */
    unorder() {
        const { ordered } = this;
        for (let k = 0; k < this.orderedCount; k++) {
            const o = k * 3;
            this.branchLines.set(ordered[o], {
                covered: ordered[o + 1],
                total: ordered[o + 2],
            });
        }
        this.orderedCount = 0;
    }
    /** The file's lines, packed; the builder's lines are empty afterwards. */
    takeLines() {
        if (this.count === 0)
            return new PackedLines(EMPTY_BYTES, 0, 0, 0, 0, 0);
        const span = this.max - this.min + 1;
        const { page, at } = allocateBytes((span + 3) >> 2);
        const { codes, min } = this;
        // Four lines a byte, the first in the lowest bits.
        for (let i = 0; i < span; i += 4) {
            page[at + (i >> 2)] =
                codes[min + i] |
                    ((codes[min + i + 1] ?? 0) << 2) |
                    ((codes[min + i + 2] ?? 0) << 4) |
                    ((codes[min + i + 3] ?? 0) << 6);
        }
        const packed = new PackedLines(page, at, this.min, span, this.count, this.coveredCount);
        this.codes.fill(ABSENT, this.min, this.max + 1);
        this.min = Number.POSITIVE_INFINITY;
        this.max = -1;
        this.count = 0;
        this.coveredCount = 0;
        return packed;
    }
    /** The file's branches, packed (undefined when none was given); the builder's are empty afterwards. */
    takeBranches() {
        if (this.orderedCount > 0) {
            const n = this.orderedCount;
            const { page, at } = allocateWords(n * 3);
            page.set(this.ordered.subarray(0, n * 3), at);
            let covered = 0;
            let total = 0;
            for (let o = at + 1; o < at + n * 3; o += 3) {
                covered += page[o];
                total += page[o + 1];
            }
            this.orderedCount = 0;
            return new PackedBranches(page, at, n, covered, total);
        }
        const n = this.branchLines.size;
        if (n === 0)
            return undefined;
        const lines = [...this.branchLines.keys()].sort((a, b) => a - b);
        const { page, at } = allocateWords(n * 3);
        let covered = 0;
        let total = 0;
        let o = at;
        for (const line of lines) {
            const c = this.branchLines.get(line);
            page[o++] = line;
            page[o++] = c.covered;
            page[o++] = c.total;
            covered += c.covered;
            total += c.total;
        }
        this.branchLines.clear();
        return new PackedBranches(page, at, n, covered, total);
    }
    /** Loads a file packed earlier back in (it is named again). */
    load(lines, branches) {
        lines?.loadInto(this);
        if (branches !== undefined)
            for (const [line, c] of branches)
                this.addBranches(line, c.covered, c.total);
    }
    grow(line) {
        let length = this.codes.length;
        while (length <= line)
            length *= 2;
        const grown = new Uint8Array(Math.min(length, MAX_LINE + 1));
        grown.set(this.codes);
        this.codes = grown;
    }
}
const EMPTY_BYTES = new Uint8Array(0);
/** Packs a line → hits map (a format read as a whole, a merge, a test's table). */
function packLines(lines, builder = new CoverageBuilder()) {
    for (const [line, hits] of lines)
        builder.line(line, hits);
    return builder.takeLines();
}
/** Packs a line → branch outcomes map. */
function packBranches(branches, builder = new CoverageBuilder()) {
    for (const [line, c] of branches)
        builder.addBranches(line, c.covered, c.total);
    return builder.takeBranches();
}
// A file's numbers in a FileTable: where its packed lines and branches lie (Int32), its summary (Float64).
const LINE_AT = 0;
const LINE_FIRST = 1;
const LINE_SPAN = 2;
const LINE_COUNT = 3;
const LINE_COVERED = 4;
const BRANCH_AT = 5;
const BRANCH_LINES = 6;
const INTS = 7;
const BRANCH_COVERED = 0;
const BRANCH_TOTAL = 1;
const LINES_COVERED = 2;
const LINES_TOTAL = 3;
const BRANCHES_COVERED = 4;
const BRANCHES_TOTAL = 5;
const FUNCTIONS_COVERED = 6;
const FUNCTIONS_TOTAL = 7;
const FLOATS = 8;
/**
 * The numbers of a report's files, as columns: a file is a row. One table per parse (the builder's),
 * freed with the report's files.
 */
class FileTable {
    ints = new Int32Array(INTS * 64);
    floats = new Float64Array(FLOATS * 64);
    linePages = [];
    branchPages = [];
    /** A file's row: its packed data and its figures as the tool states them. */
    add(path, lines, branches, summary) {
        const row = this.linePages.length;
        if ((row + 1) * FLOATS > this.floats.length) {
            const ints = new Int32Array(this.ints.length * 2);
            ints.set(this.ints);
            this.ints = ints;
            const floats = new Float64Array(this.floats.length * 2);
            floats.set(this.floats);
            this.floats = floats;
        }
        this.linePages.push(lines?.page);
        this.branchPages.push(branches?.page);
        const i = row * INTS;
        const { ints, floats } = this;
        ints[i + LINE_AT] = lines?.at ?? 0;
        ints[i + LINE_FIRST] = lines?.first ?? 0;
        ints[i + LINE_SPAN] = lines?.span ?? 0;
        ints[i + LINE_COUNT] = lines?.size ?? 0;
        ints[i + LINE_COVERED] = lines?.covered ?? 0;
        ints[i + BRANCH_AT] = branches?.at ?? 0;
        ints[i + BRANCH_LINES] = branches?.size ?? 0;
        const f = row * FLOATS;
        floats[f + BRANCH_COVERED] = branches?.covered ?? 0;
        floats[f + BRANCH_TOTAL] = branches?.total ?? 0;
        floats[f + LINES_COVERED] = summary.lines.covered;
        floats[f + LINES_TOTAL] = summary.lines.total;
        // -1: null (no branch data; no function data).
        floats[f + BRANCHES_COVERED] = summary.branches?.covered ?? -1;
        floats[f + BRANCHES_TOTAL] = summary.branches?.total ?? -1;
        floats[f + FUNCTIONS_COVERED] = summary.functions?.covered ?? -1;
        floats[f + FUNCTIONS_TOTAL] = summary.functions?.total ?? -1;
        return new PackedFile(path, this, row);
    }
    /** @internal */
    lines(row) {
        const page = this.linePages[row];
        if (page === undefined)
            return undefined;
        const i = row * INTS;
        const { ints } = this;
        return new PackedLines(page, ints[i + LINE_AT], ints[i + LINE_FIRST], ints[i + LINE_SPAN], ints[i + LINE_COUNT], ints[i + LINE_COVERED]);
    }
    /** @internal */
    branches(row) {
        const page = this.branchPages[row];
        if (page === undefined)
            return undefined;
        const i = row * INTS;
        const f = row * FLOATS;
        return new PackedBranches(page, this.ints[i + BRANCH_AT], this.ints[i + BRANCH_LINES], this.floats[f + BRANCH_COVERED], this.floats[f + BRANCH_TOTAL]);
    }
    /** @internal */
    summary(row) {
        const f = row * FLOATS;
        const n = (k) => this.floats[f + k];
        return {
            lines: { covered: n(LINES_COVERED), total: n(LINES_TOTAL) },
            branches: n(BRANCHES_TOTAL) < 0 ? null : { covered: n(BRANCHES_COVERED), total: n(BRANCHES_TOTAL) },
            functions: n(FUNCTIONS_TOTAL) < 0 ? null : { covered: n(FUNCTIONS_COVERED), total: n(FUNCTIONS_TOTAL) },
        };
    }
}
/**
 * A file's coverage (model.ts's `FileCoverage`): its path and its row in its report's FileTable.
 * `lines`, `branches` and `summary` are made when asked for, so a report of a million files keeps one
 * small object per file instead of seven (the file, its summary, three counters, the line and branch
 * views) — what made the heap, and V8's room to grow it, follow the number of files.
 */
class PackedFile {
    path;
    table;
    row;
    constructor(
    /** As the report names it, until normalisePaths makes it repository-relative. */
    path, table, row) {
        this.path = path;
        this.table = table;
        this.row = row;
    }
    /** Coverable line → 1 (ran) or 0; undefined when the report has only totals. */
    get lines() {
        return this.table.lines(this.row);
    }
    /** Line → branch outcomes; undefined when the report has no branch data for the file. */
    get branches() {
        return this.table.branches(this.row);
    }
    /** The file's figures as the tool states them (fresh counters each time). */
    get summary() {
        return this.table.summary(this.row);
    }
}

// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
;// CONCATENATED MODULE: ./src/coverage/xml.ts
/**
 * The XML reading seam for coverage reports (JaCoCo, Cobertura, Clover) and JUnit results. Reports are
 * untrusted input: the document is scanned as bytes chunk by chunk by a strict tokenizer of its own,
 * nothing is ever fetched (a DOCTYPE's external DTD such as JaCoCo's `report.dtd` is ignored), entities
 * are never expanded — a DOCTYPE that declares any is refused before the first element; only the five
 * predefined entities and character references are read — well-formedness is checked (one root, matching
 * tags, quoted and unique attributes, names, comments, no `]]>` in text, no text outside the root), and
 * no single token (tag, text, comment, declaration) may grow past a limit, so memory stays bounded
 * whatever the file's size. Parsers see elements as open/close events with their ancestors' names and
 * read only the attributes they need: values are decoded on request, counts straight from the bytes.
 */



const DEFAULT_XML_LIMITS = { maxTokenChars: 4 * 1024 * 1024, maxDepth: 256 };
const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SLASH = 0x2f;
const QUOT = 0x22;
const APOS = 0x27;
const EQ = 0x3d;
const BANG = 0x21;
const QUESTION = 0x3f;
const NL = 0x0a;
// Byte classes: 1 name start, 2 name character, 4 whitespace. Bytes of multi-byte UTF-8 characters are
// taken as name characters (non-ASCII letters); the ASCII ones are checked exactly.
const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
    const ch = String.fromCharCode(c);
    if (c >= 0x80 || /[A-Za-z_:]/.test(ch))
        CLASS[c] = 3;
    else if (/[0-9.-]/.test(ch))
        CLASS[c] = 2;
    else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d)
        CLASS[c] = 4;
}
const isNameStart = (c) => (CLASS[c] & 1) !== 0;
const isNameChar = (c) => (CLASS[c] & 2) !== 0;
const isSpace = (c) => CLASS[c] === 4;
/** A byte that may not appear as itself anywhere in XML 1.0 (C0 controls but tab, LF, CR). */
const isForbidden = (c) => c < 0x20 && CLASS[c] !== 4;
const PREDEFINED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Thrown inside the scanner at a byte offset of the current buffer; turned into CoverageParseError. */
class XmlSyntaxError extends Error {
    offset;
    constructor(message, offset) {
        super(message);
        this.offset = offset;
    }
}
/** Whether the bytes [start, end) spell `text` (ASCII compared byte by byte; other text decoded). */
function bytesEqual(buf, start, end, text) {
    if (end - start < text.length)
        return false;
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code > 0x7f)
            return buf.toString('utf8', start, end) === text;
        if (buf[start + i] !== code)
            return false;
    }
    return end - start === text.length;
}
/** Whether the bytes [a, a + length) and [b, b + length) are the same. */
function sameBytes(buf, a, b, length) {
    for (let i = 0; i < length; i++)
        if (buf[a + i] !== buf[b + i])
            return false;
    return true;
}
/**
 * The end of the reference starting at `&` (offset `at`): just past its `;`, or -1 when the buffer ends
 * first. Only the predefined entities and character references of allowed characters are accepted.
 */
function referenceEnd(buf, at, end) {
    let i = at + 1;
    while (i < end && i - at <= 32 && (isNameChar(buf[i]) || buf[i] === 0x23))
        i++;
    if (i >= end)
        return -1;
    if (buf[i] !== 0x3b)
        throw new XmlSyntaxError('malformed entity reference (no ";").', i + 1);
    const body = buf.toString('latin1', at + 1, i);
    if (body.startsWith('#')) {
        const code = /^#x[0-9a-fA-F]+$/.test(body)
            ? Number.parseInt(body.slice(2), 16)
            : /^#[0-9]+$/.test(body)
                ? Number(body.slice(1))
                : Number.NaN;
        const allowed = code === 0x9 ||
            code === 0xa ||
            code === 0xd ||
            (code >= 0x20 && code <= 0xd7ff) ||
            (code >= 0xe000 && code <= 0xfffd) ||
            (code >= 0x10000 && code <= 0x10ffff);
        if (!allowed)
            throw new XmlSyntaxError('malformed character entity.', i + 1);
    }
    else if (PREDEFINED[body] === undefined) {
        throw new XmlSyntaxError(body === '' ? 'empty entity name.' : `undefined entity: ${JSON.stringify(body)}.`, i + 1);
    }
    return i + 1;
}
const resolveReference = (_, body) => body.startsWith('#x')
    ? String.fromCodePoint(Number.parseInt(body.slice(2), 16))
    : body.startsWith('#')
        ? String.fromCodePoint(Number(body.slice(1)))
        : (PREDEFINED[body] ?? '');
const FLAG_REFERENCE = 1;
const FLAG_SPACE = 2; // tab, LF or CR: normalised to spaces in attribute values
const FLAG_CR = 4;
/** Decoded text: references resolved (already checked), line ends normalised (attributes: to spaces). */
function decode(buf, start, end, flags, attribute) {
    let text = buf.toString('utf8', start, end);
    if (attribute && (flags & FLAG_SPACE) !== 0)
        text = text.replace(/\r\n?|[\n\t]/g, ' ');
    else if ((flags & FLAG_CR) !== 0)
        text = text.replace(/\r\n?/g, '\n');
    if ((flags & FLAG_REFERENCE) !== 0)
        text = text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, resolveReference);
    return text;
}
/** The attributes of the tag being read: spans of the current buffer, decoded only when asked for. */
class TagAttributes {
    buf = Buffer.alloc(0);
    count = 0;
    // Per attribute: name start, name end, value start, value end, flags.
    spans = new Int32Array(5 * 16);
    add(nameStart, nameEnd, valueStart, valueEnd, flags) {
        const { buf, spans } = this;
        const length = nameEnd - nameStart;
        for (let a = 0; a < this.count; a++) {
            const s = spans[5 * a];
            if (spans[5 * a + 1] - s === length && sameBytes(buf, nameStart, s, length)) {
                throw new XmlSyntaxError(`duplicate attribute: ${buf.toString('utf8', nameStart, nameEnd)}.`, valueEnd + 1);
            }
        }
        if (5 * this.count === spans.length) {
            const grown = new Int32Array(spans.length * 2);
            grown.set(spans);
            this.spans = grown;
        }
        const at = 5 * this.count++;
        this.spans[at] = nameStart;
        this.spans[at + 1] = nameEnd;
        this.spans[at + 2] = valueStart;
        this.spans[at + 3] = valueEnd;
        this.spans[at + 4] = flags;
    }
    find(name) {
        const first = name.charCodeAt(0);
        const { buf, spans } = this;
        for (let a = 0; a < this.count; a++) {
            const start = spans[5 * a];
            if ((buf[start] === first || first > 0x7f) && bytesEqual(buf, start, spans[5 * a + 1], name))
                return a;
        }
        return -1;
    }
    get(name) {
        const a = this.find(name);
        if (a < 0)
            return undefined;
        const { spans } = this;
        return decode(this.buf, spans[5 * a + 2], spans[5 * a + 3], spans[5 * a + 4], true);
    }
    /** A plain decimal value read from the bytes; -1 when absent, -2 when not just digits (read it as text). */
    digits(name) {
        const a = this.find(name);
        if (a < 0)
            return -1;
        const start = this.spans[5 * a + 2];
        const end = this.spans[5 * a + 3];
        if (end === start || end - start > 15)
            return -2;
        let value = 0;
        for (let i = start; i < end; i++) {
            const d = this.buf[i] - 0x30;
            if (d < 0 || d > 9)
                return -2;
            value = value * 10 + d;
        }
        return value;
    }
}
/** Characters (UTF-16 units, as columns count) in the UTF-8 bytes [start, end). */
function charsIn(buf, start, end) {
    if (end <= start)
        return 0;
    if ((0,external_node_buffer_.isAscii)(buf.subarray(start, end)))
        return end - start;
    let chars = 0;
    for (let i = start; i < end; i++) {
        const b = buf[i];
        if ((b & 0xc0) !== 0x80)
            chars += b >= 0xf0 ? 2 : 1;
    }
    return chars;
}
/**
 * Streams `input` through `handler`. Throws CoverageParseError (file:line:column) on malformed or
 * truncated XML, on a DOCTYPE that declares entities, on undefined entity references and on inputs past
 * the limits; errors thrown by the handler propagate unchanged.
 */
async function readXml(input, source, handler, limits = {}) {
    const { maxTokenChars, maxDepth } = { ...DEFAULT_XML_LIMITS, ...limits };
    const textOf = handler.textOf ?? new Set();
    // The bytes being scanned: what the last chunk left unread (an unfinished token) and the new chunk.
    let buf = Buffer.alloc(0);
    let bufStart = 0; // absolute byte offset of buf[0]
    let linesBefore = 0; // newlines before buf[0]
    let columnBefore = 0; // characters between the last newline before buf[0] and buf[0]
    let here = 0; // offset in buf that errors of the handler are reported at (just past the current token)
    let lastProgress = 0; // absolute offset just past the last element, DOCTYPE or collected text
    const positionAt = (offset) => {
        let line = linesBefore + 1;
        let column = columnBefore;
        let lineStart = 0;
        for (let nl = buf.indexOf(NL, 0); nl >= 0 && nl < offset; nl = buf.indexOf(NL, nl + 1)) {
            line++;
            lineStart = nl + 1;
            column = 0;
        }
        column += charsIn(buf, lineStart, offset);
        return { line, column: Math.max(1, column) };
    };
    const ancestors = [];
    const context = {
        ancestors,
        error: (message) => new model/* CoverageParseError */.Kw(source, message, positionAt(here)),
    };
    // Element names, decoded once.
    const names = [];
    const nameAt = (start, end) => {
        for (let n = 0; n < names.length; n++)
            if (bytesEqual(buf, start, end, names[n]))
                return names[n];
        const name = buf.toString('utf8', start, end);
        if (names.length < 256)
            names.push(name);
        return name;
    };
    const attributes = new TagAttributes();
    let sawRoot = false;
    let rootClosed = false;
    let sawDoctype = false;
    let sawAnything = false; // anything but the BOM (the XML declaration must come first)
    let collectDepth = -1; // depth of the textOf element whose text is collected, -1 when none
    let collected = '';
    const collect = (text) => {
        collected += text;
        if (collected.length > maxTokenChars) {
            throw context.error(`<${ancestors[collectDepth]}> holds more than ${maxTokenChars} characters`);
        }
    };
    /** Text from `start` to the next `<` (or the end at EOF); returns its end, or -1 when unfinished. */
    const readText = (start, end, eof) => {
        let stop = buf.indexOf(LT, start);
        if (stop < 0 || stop > end) {
            if (!eof)
                return -1;
            stop = end;
        }
        const inRoot = ancestors.length > 0;
        let flags = 0;
        for (let i = start; i < stop; i++) {
            const c = buf[i];
            if (c === AMP) {
                if (!inRoot)
                    throw new XmlSyntaxError('text data outside of root node.', stop);
                const after = referenceEnd(buf, i, stop);
                if (after < 0)
                    throw new XmlSyntaxError('malformed entity reference (no ";").', stop);
                flags |= FLAG_REFERENCE;
                i = after - 1;
            }
            else if (c < 0x21) {
                if (c === 0x0d)
                    flags |= FLAG_CR;
                else if (isForbidden(c))
                    throw new XmlSyntaxError('disallowed character.', i + 1);
            }
            else if (!inRoot) {
                throw new XmlSyntaxError('text data outside of root node.', stop);
            }
            else if (c === 0x5d && buf[i + 1] === 0x5d && buf[i + 2] === GT) {
                throw new XmlSyntaxError('the string "]]>" is disallowed in char data.', i + 3);
            }
        }
        if (collectDepth >= 0) {
            collect(decode(buf, start, stop, flags, false));
            lastProgress = bufStart + stop;
        }
        return stop;
    };
    const openElement = (nameStart, nameEnd, tagEnd, selfClosing) => {
        here = tagEnd;
        lastProgress = bufStart + tagEnd;
        if (rootClosed)
            throw new XmlSyntaxError('documents may contain only one root.', tagEnd);
        sawRoot = true;
        if (ancestors.length >= maxDepth)
            throw context.error(`elements nested deeper than ${maxDepth} levels`);
        const name = nameAt(nameStart, nameEnd);
        handler.open(name, attributes, context);
        ancestors.push(name);
        if (collectDepth < 0 && textOf.has(name)) {
            collectDepth = ancestors.length - 1;
            collected = '';
        }
        if (selfClosing)
            closeElement(name);
    };
    const closeElement = (name) => {
        ancestors.pop();
        let text;
        if (collectDepth >= 0 && textOf.has(name)) {
            text = collected;
            collected = '';
            collectDepth = -1;
        }
        if (ancestors.length === 0)
            rootClosed = true;
        handler.close?.(name, context, text);
    };
    /** A start tag at `at` (`<` then a name start); returns its end, or -1 when unfinished. */
    const readStartTag = (at, end) => {
        let i = at + 1;
        while (i < end && isNameChar(buf[i]))
            i++;
        const nameEnd = i;
        attributes.buf = buf;
        attributes.count = 0;
        let spaced = false;
        for (;;) {
            if (i >= end)
                return -1;
            const c = buf[i];
            if (isSpace(c)) {
                spaced = true;
                i++;
            }
            else if (c === GT) {
                openElement(at + 1, nameEnd, i + 1, false);
                return i + 1;
            }
            else if (c === SLASH) {
                if (i + 1 >= end)
                    return -1;
                if (buf[i + 1] !== GT)
                    throw new XmlSyntaxError('forward-slash in opening tag not followed by >.', i + 2);
                openElement(at + 1, nameEnd, i + 2, true);
                return i + 2;
            }
            else {
                if (!isNameStart(c)) {
                    throw new XmlSyntaxError(i === nameEnd && !spaced
                        ? 'disallowed character in tag name.'
                        : 'disallowed character in attribute name.', i + 1);
                }
                if (!spaced)
                    throw new XmlSyntaxError('no whitespace between attributes.', i + 1);
                const attributeStart = i;
                while (i < end && isNameChar(buf[i]))
                    i++;
                const attributeEnd = i;
                while (i < end && isSpace(buf[i]))
                    i++;
                if (i >= end)
                    return -1;
                if (buf[i] !== EQ)
                    throw new XmlSyntaxError('attribute without value.', i + 1);
                i++;
                while (i < end && isSpace(buf[i]))
                    i++;
                if (i >= end)
                    return -1;
                const quote = buf[i];
                if (quote !== QUOT && quote !== APOS)
                    throw new XmlSyntaxError('unquoted attribute value.', i + 1);
                const valueStart = ++i;
                let flags = 0;
                for (;;) {
                    if (i >= end)
                        return -1;
                    const v = buf[i];
                    if (v === quote)
                        break;
                    if (v === LT)
                        throw new XmlSyntaxError('disallowed character in attribute value ("<").', i + 1);
                    if (v === AMP) {
                        const after = referenceEnd(buf, i, end);
                        if (after < 0)
                            return -1;
                        flags |= FLAG_REFERENCE;
                        i = after;
                        continue;
                    }
                    if (v < 0x20) {
                        if (isForbidden(v))
                            throw new XmlSyntaxError('disallowed character.', i + 1);
                        flags |= v === 0x0d ? FLAG_SPACE | FLAG_CR : FLAG_SPACE;
                    }
                    i++;
                }
                attributes.add(attributeStart, attributeEnd, valueStart, i, flags);
                i++;
                spaced = false;
            }
        }
    };
    /** An end tag at `at` (`</`); returns its end, or -1 when unfinished. */
    const readEndTag = (at, end) => {
        let i = at + 2;
        if (i >= end)
            return -1;
        if (!isNameStart(buf[i]))
            throw new XmlSyntaxError('disallowed character in closing tag.', i + 1);
        while (i < end && isNameChar(buf[i]))
            i++;
        const nameEnd = i;
        while (i < end && isSpace(buf[i]))
            i++;
        if (i >= end)
            return -1;
        if (buf[i] !== GT)
            throw new XmlSyntaxError('disallowed character in closing tag.', i + 1);
        here = i + 1;
        lastProgress = bufStart + i + 1;
        const open = ancestors.at(-1);
        if (open === undefined) {
            throw new XmlSyntaxError(`unmatched closing tag: ${buf.toString('utf8', at + 2, nameEnd)}.`, i + 1);
        }
        if (!bytesEqual(buf, at + 2, nameEnd, open)) {
            throw new XmlSyntaxError('unexpected close tag.', i + 1);
        }
        closeElement(open);
        return i + 1;
    };
    /** `<!DOCTYPE …>` at `at`: quoted strings and an internal subset skipped over; entities refused. */
    const readDoctype = (at, end) => {
        let i = at + 9;
        let quote = 0;
        let subset = false;
        for (; i < end; i++) {
            const c = buf[i];
            if (quote !== 0) {
                if (c === quote)
                    quote = 0;
            }
            else if (c === QUOT || c === APOS) {
                quote = c;
            }
            else if (subset && c === LT && buf[i + 1] === BANG && buf[i + 2] === 0x2d && buf[i + 3] === 0x2d) {
                const close = buf.indexOf('-->', i + 4);
                if (close < 0 || close + 3 > end)
                    return -1;
                i = close + 2;
            }
            else if (c === 0x5b) {
                subset = true;
            }
            else if (c === 0x5d) {
                subset = false;
            }
            else if (c === GT && !subset) {
                here = i + 1;
                lastProgress = bufStart + i + 1;
                if (sawRoot || sawDoctype)
                    throw new XmlSyntaxError('inappropriately located doctype declaration.', i + 1);
                sawDoctype = true;
                if (/<!ENTITY/i.test(buf.toString('latin1', at, i + 1))) {
                    throw context.error('the DOCTYPE declares entities (<!ENTITY …>); refused: coverage reports never need them, and expanding them is how XML bombs and file-reading attacks work');
                }
                return i + 1;
            }
        }
        return -1;
    };
    /** Scans buf from `pos` as far as complete tokens go; returns the offset of the first unread byte. */
    const scan = (pos, eof) => {
        const end = buf.length;
        while (pos < end) {
            let next;
            if (buf[pos] !== LT) {
                next = readText(pos, end, eof);
            }
            else if (pos + 1 >= end) {
                next = -1;
            }
            else {
                const c = buf[pos + 1];
                if (isNameStart(c))
                    next = readStartTag(pos, end);
                else if (c === SLASH)
                    next = readEndTag(pos, end);
                else if (c === BANG) {
                    if (end - pos < 9 && !eof)
                        next = -1;
                    else if (buf.toString('latin1', pos, pos + 4) === '<!--') {
                        const close = buf.indexOf('-->', pos + 4);
                        if (close < 0)
                            next = -1;
                        else {
                            if (buf.indexOf('--', pos + 4) < close)
                                throw new XmlSyntaxError('malformed comment.', close + 3);
                            next = close + 3;
                        }
                    }
                    else if (buf.toString('latin1', pos, pos + 9) === '<![CDATA[') {
                        const close = buf.indexOf(']]>', pos + 9);
                        if (close < 0)
                            next = -1;
                        else {
                            if (ancestors.length === 0)
                                throw new XmlSyntaxError('text data outside of root node.', close + 3);
                            if (collectDepth >= 0) {
                                collect(decode(buf, pos + 9, close, buf.indexOf(0x0d, pos + 9) < close ? FLAG_CR : 0, false));
                                lastProgress = bufStart + close + 3;
                            }
                            next = close + 3;
                        }
                    }
                    else if (buf.toString('latin1', pos, pos + 9) === '<!DOCTYPE') {
                        next = readDoctype(pos, end);
                    }
                    else {
                        throw new XmlSyntaxError('incorrect syntax.', pos + 2);
                    }
                }
                else if (c === QUESTION) {
                    const close = buf.indexOf('?>', pos + 2);
                    if (close < 0)
                        next = -1;
                    else {
                        let t = pos + 2;
                        while (t < close && isNameChar(buf[t]))
                            t++;
                        if (t === pos + 2 || !isNameStart(buf[pos + 2])) {
                            throw new XmlSyntaxError('processing instruction without a target.', t + 1);
                        }
                        if (t < close && !isSpace(buf[t])) {
                            throw new XmlSyntaxError('disallowed character in processing instruction name.', t + 1);
                        }
                        if (buf.toString('latin1', pos + 2, t).toLowerCase() === 'xml') {
                            if (sawAnything) {
                                throw new XmlSyntaxError('an XML declaration must be at the start of the document.', close + 2);
                            }
                            const declaration = buf.toString('latin1', pos, close + 2);
                            if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*\?>$/.test(declaration)) {
                                throw new XmlSyntaxError('malformed XML declaration.', close + 2);
                            }
                        }
                        next = close + 2;
                    }
                }
                else {
                    throw new XmlSyntaxError('disallowed character in tag name.', pos + 2);
                }
            }
            if (next < 0) {
                if (eof)
                    throw new XmlSyntaxError('unexpected end.', end);
                return pos;
            }
            sawAnything = true;
            pos = next;
        }
        return pos;
    };
    /** Leaves buf[0, pos) behind: line and column counts carried over, the rest kept for the next chunk. */
    const advance = (pos) => {
        const last = buf.lastIndexOf(NL, pos - 1);
        if (pos > 0 && last >= 0) {
            for (let nl = buf.indexOf(NL, 0); nl >= 0 && nl <= last; nl = buf.indexOf(NL, nl + 1))
                linesBefore++;
            columnBefore = charsIn(buf, last + 1, pos);
        }
        else {
            columnBefore += charsIn(buf, 0, pos);
        }
        bufStart += pos;
        buf = buf.subarray(pos);
    };
    const run = (action) => {
        try {
            action();
        }
        catch (error) {
            if (error instanceof XmlSyntaxError) {
                throw new model/* CoverageParseError */.Kw(source, error.message, positionAt(error.offset));
            }
            throw error;
        }
    };
    // The bytes not yet scanned and the next chunk, in one buffer of the reader's own, reused: a chunk
    // may be the source's reused buffer (read.ts), and a new buffer per chunk is as much garbage as the
    // report is big.
    let work = Buffer.alloc(0);
    const append = (rest, bytes) => {
        const n = rest.length + bytes.length;
        if (n > work.length) {
            const grown = Buffer.allocUnsafe(Math.max(n, work.length * 2, 1 << 16));
            rest.copy(grown, 0);
            work = grown;
        }
        else if (rest.length > 0) {
            rest.copy(work, 0); // may overlap (rest lies in work): copy moves like memmove
        }
        bytes.copy(work, rest.length);
        return work.subarray(0, n);
    };
    let pendingSurrogate = '';
    let first = true;
    for await (const chunk of input) {
        let bytes;
        if (typeof chunk === 'string') {
            let text = pendingSurrogate + chunk;
            pendingSurrogate = '';
            const lastUnit = text.charCodeAt(text.length - 1);
            if (lastUnit >= 0xd800 && lastUnit <= 0xdbff) {
                pendingSurrogate = text.slice(-1);
                text = text.slice(0, -1);
            }
            bytes = Buffer.from(text, 'utf8');
        }
        else {
            bytes = chunk;
        }
        buf = append(buf, bytes);
        let pos = 0;
        if (first && buf.length >= 3) {
            first = false;
            if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
                pos = 3;
        }
        run(() => advance(scan(pos, false)));
        const pending = bufStart + buf.length - lastProgress;
        if (pending > maxTokenChars && pending - (buf.length - charsIn(buf, 0, buf.length)) > maxTokenChars) {
            here = buf.length;
            throw context.error(`no element ends within ${maxTokenChars} characters; not a coverage report`);
        }
    }
    if (pendingSurrogate !== '')
        buf = Buffer.concat([buf, Buffer.from(pendingSurrogate, 'utf8')]);
    run(() => {
        let pos = 0;
        if (first && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
            pos = 3;
        scan(pos, true);
        const end = buf.length;
        if (!sawRoot)
            throw new XmlSyntaxError('document must contain a root element.', end);
        const open = ancestors.at(-1);
        if (open !== undefined)
            throw new XmlSyntaxError(`unclosed tag: ${open}`, end);
    });
}
/** A line number attribute: a count no larger than any source file's line count (`MAX_LINE`). */
function lineAttribute(attributes, name, context) {
    const line = countAttribute(attributes, name, context);
    if (line > MAX_LINE)
        throw context.error(`attribute ${name}: ${lineOutOfRange(line)}`);
    return line;
}
/** A non-negative integer attribute; `fallback` when absent (undefined: required). */
function countAttribute(attributes, name, context, fallback) {
    if (attributes instanceof TagAttributes) {
        const digits = attributes.digits(name);
        if (digits >= 0)
            return digits;
        if (digits === -1) {
            if (fallback !== undefined)
                return fallback;
            throw context.error(`missing attribute ${name}`);
        }
    }
    const raw = attributes.get(name);
    if (raw === undefined) {
        if (fallback !== undefined)
            return fallback;
        throw context.error(`missing attribute ${name}`);
    }
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isSafeInteger(value) || value < 0) {
        throw context.error(`attribute ${name}=${JSON.stringify(raw)}; expected a non-negative integer`);
    }
    return value;
}
/** A counter from two count attributes, null when the total's attribute is absent. */
function counterAttributes(attributes, coveredName, totalName, context) {
    if (attributes.get(totalName) === undefined)
        return null;
    return {
        covered: countAttribute(attributes, coveredName, context, 0),
        total: countAttribute(attributes, totalName, context),
    };
}
/** A required non-empty attribute. */
function textAttribute(attributes, name, context) {
    const value = attributes.get(name);
    if (value === undefined || value === '')
        throw context.error(`missing attribute ${name}`);
    return value;
}
/** The message a parser gives when handed another kind of document. */
function unexpectedRoot(format, expected, found) {
    return `expected a ${format} report (root element <${expected}>), found <${found}>`;
}
/**
 * Which XML coverage format a file's first few KB are, by its DOCTYPE and root element: JaCoCo's root is
 * `<report>`; Cobertura and Clover both use `<coverage>`, told apart by Clover's `clover`/`generated`
 * attributes and `<project>` child versus Cobertura's rates, `<sources>` and `<packages>`.
 */
function sniffXmlFormat(head) {
    let rest = head.replace(/^\uFEFF/, '');
    let prologText = '';
    // Skip the prolog: XML declaration, processing instructions, comments, DOCTYPE (with internal subset).
    for (;;) {
        rest = rest.trimStart();
        const prolog = /^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)/.exec(rest);
        if (prolog === null)
            break;
        if (/^<!DOCTYPE[^[>]*JACOCO/i.test(prolog[0]))
            return 'jacoco-xml';
        prologText += prolog[0];
        rest = rest.slice(prolog[0].length);
    }
    const root = /^<([A-Za-z_][\w.:-]*)([^>]*)>/.exec(rest);
    if (root === null)
        return undefined;
    const [, name = '', attributes = ''] = root;
    if (name === 'report')
        return 'jacoco-xml';
    if (name !== 'coverage')
        return undefined;
    if (/\sclover\s*=/.test(attributes))
        return 'clover-xml';
    if (/\s(?:line-rate|lines-valid|branch-rate)\s*=/.test(attributes) || /cobertura/i.test(prologText))
        return 'cobertura-xml';
    const after = rest.slice(root[0].length);
    if (/<(?:sources|packages)[\s>/]/.test(after))
        return 'cobertura-xml';
    if (/<project[\s>/]/.test(after))
        return 'clover-xml';
    return undefined;
}

;// CONCATENATED MODULE: ./src/coverage/clover.ts


async function parseClover(input, source) {
    const files = [];
    let current;
    let inTestProject = false;
    const data = new CoverageBuilder();
    await readXml(input, source, {
        open(name, attributes, context) {
            const parent = context.ancestors.at(-1);
            if (parent === undefined) {
                if (name !== 'coverage')
                    throw context.error(unexpectedRoot('Clover XML', 'coverage', name));
                return;
            }
            if (name === 'testproject') {
                inTestProject = true;
            }
            else if (name === 'file' && !inTestProject) {
                current = {
                    path: attributes.get('path') || textAttribute(attributes, 'name', context),
                    data,
                    metrics: undefined,
                };
            }
            else if (current !== undefined && parent === 'file') {
                if (name === 'metrics')
                    current.metrics = fileMetrics(attributes, context);
                else if (name === 'line')
                    addLine(current, attributes, context);
            }
        },
        close(name) {
            if (name === 'testproject') {
                inTestProject = false;
            }
            else if (name === 'file' && current !== undefined) {
                files.push(finishFile(current));
                current = undefined;
            }
        },
    });
    return { format: 'clover-xml', source, files };
}
function fileMetrics(attributes, context) {
    const lines = counterAttributes(attributes, 'coveredstatements', 'statements', context);
    if (lines === null)
        return undefined;
    return {
        lines,
        branches: counterAttributes(attributes, 'coveredconditionals', 'conditionals', context),
        functions: counterAttributes(attributes, 'coveredmethods', 'methods', context),
    };
}
function addLine(file, attributes, context) {
    const type = attributes.get('type') ?? 'stmt';
    if (type !== 'stmt' && type !== 'cond')
        return;
    const line = lineAttribute(attributes, 'num', context);
    const count = countAttribute(attributes, 'count', context, 0);
    file.data.line(line, count);
    if (type === 'cond') {
        const taken = countAttribute(attributes, 'truecount', context, 0);
        const notTaken = countAttribute(attributes, 'falsecount', context, 0);
        file.data.addBranches(line, taken, taken + notTaken);
    }
}
function finishFile(file) {
    const lines = file.data.takeLines();
    const packed = file.data.takeBranches();
    const summary = file.metrics ?? {
        lines: { covered: lines.covered, total: lines.size },
        branches: packed === undefined ? null : { ...packed.totals },
        functions: null,
    };
    // Branch data that the file's metrics count (a file with conditionals stated, even 0 of them).
    const branches = summary.branches === null ? undefined : packed;
    return file.data.file(file.path, lines, branches, summary);
}

;// CONCATENATED MODULE: ./src/coverage/cobertura.ts


const CONDITION_COVERAGE = /\((\d+)\s*\/\s*(\d+)\)/;
async function parseCobertura(input, source) {
    const byPath = new Map();
    const sourceRoots = [];
    let rootStatesBranches = false;
    let rootBranches = null;
    let linesStateBranches = false;
    let sawMethod = false;
    let currentClass;
    // One builder for the report: the open class's file is loaded into it, packed again at `</class>`.
    const data = new CoverageBuilder();
    let currentMethod;
    await readXml(input, source, {
        textOf: new Set(['source']),
        open(name, attributes, context) {
            const { ancestors } = context;
            const parent = ancestors.at(-1);
            if (parent === undefined) {
                if (name !== 'coverage' || attributes.get('clover') !== undefined) {
                    throw context.error(unexpectedRoot('Cobertura XML', 'coverage', name));
                }
                // Root figures are hints only (reconciliation, "measured?"): unreadable ones are ignored.
                const covered = Number(attributes.get('branches-covered') ?? Number.NaN);
                const total = Number(attributes.get('branches-valid') ?? Number.NaN);
                rootBranches =
                    Number.isSafeInteger(covered) && Number.isSafeInteger(total) ? { covered, total } : null;
                rootStatesBranches =
                    (rootBranches?.total ?? 0) > 0 || Number(attributes.get('branch-rate') ?? '0') !== 0;
                return;
            }
            switch (name) {
                case 'class': {
                    if (parent !== 'classes')
                        return;
                    const path = textAttribute(attributes, 'filename', context);
                    let file = byPath.get(path);
                    if (file === undefined) {
                        file = {
                            path,
                            lines: undefined,
                            branches: undefined,
                            branchClass: undefined,
                            functions: { covered: 0, total: 0 },
                            branchRate: undefined,
                            classes: 0,
                        };
                        byPath.set(path, file);
                    }
                    file.classes += 1;
                    const rate = Number(attributes.get('branch-rate') ?? Number.NaN);
                    file.branchRate = file.classes === 1 && Number.isFinite(rate) ? rate : undefined;
                    currentClass = { name: attributes.get('name') ?? '', file, branches: new Map() };
                    data.load(file.lines, undefined);
                    return;
                }
                case 'method':
                    if (parent === 'methods' && currentClass !== undefined) {
                        sawMethod = true;
                        const hits = attributes.get('hits');
                        currentMethod = {
                            hits: hits === undefined ? undefined : countAttribute(attributes, 'hits', context),
                            anyLineRan: false,
                        };
                    }
                    return;
                case 'line': {
                    if (parent !== 'lines' || currentClass === undefined)
                        return;
                    const owner = ancestors.at(-2);
                    if (owner === 'class') {
                        if (attributes.get('branch') !== undefined)
                            linesStateBranches = true;
                        cobertura_addLine(data, currentClass, attributes, context);
                    }
                    else if (owner === 'method' && currentMethod !== undefined) {
                        if (countAttribute(attributes, 'hits', context, 0) > 0)
                            currentMethod.anyLineRan = true;
                    }
                    return;
                }
                default:
            }
        },
        close(name, _context, text) {
            if (name === 'source') {
                const root = (text ?? '').trim();
                if (root !== '')
                    sourceRoots.push(root);
            }
            else if (name === 'method' && currentMethod !== undefined && currentClass !== undefined) {
                const { functions } = currentClass.file;
                functions.total += 1;
                if ((currentMethod.hits ?? 0) > 0 || (currentMethod.hits === undefined && currentMethod.anyLineRan)) {
                    functions.covered += 1;
                }
                currentMethod = undefined;
            }
            else if (name === 'class' && currentClass !== undefined) {
                finishClass(currentClass, data);
                currentClass = undefined;
            }
        },
    });
    const branchesMeasured = rootStatesBranches || linesStateBranches;
    const inProgress = [...byPath.values()];
    const counted = inProgress.map((file) => branchesMeasured ? { ...(file.branches?.totals ?? { covered: 0, total: 0 }) } : null);
    const stated = branchesMeasured && rootBranches !== null
        ? reconcileBranches(inProgress.map((file, i) => ({ counted: counted[i] ?? null, rate: file.branchRate })), rootBranches)
        : undefined;
    const files = inProgress.map((file, i) => {
        const lines = file.lines ?? data.takeLines();
        return data.file(file.path, lines, branchesMeasured ? file.branches : undefined, {
            lines: { covered: lines.covered, total: lines.size },
            branches: stated?.[i] ?? counted[i] ?? null,
            functions: sawMethod ? file.functions : null,
        });
    });
    return { format: 'cobertura-xml', source, sourceRoots, files };
}
/**
 * Branch figures that agree with both each file's stated `branch-rate` and the root's counts, when the
 * line data falls short of the root (see above); undefined when the line data already adds up or no
 * consistent answer is found.
 */
function reconcileBranches(files, root) {
    let covered = 0;
    let total = 0;
    for (const { counted } of files) {
        covered += counted?.covered ?? 0;
        total += counted?.total ?? 0;
    }
    const missing = { covered: root.covered - covered, total: root.total - total };
    if (missing.total <= 0 || missing.covered < 0 || missing.covered > missing.total)
        return undefined;
    const result = files.map(({ counted, rate }) => {
        if (counted === null || rate === undefined || rateAgrees(counted.covered, counted.total, rate))
            return counted;
        for (let extra = 1; extra <= missing.total; extra += 1) {
            const t = counted.total + extra;
            // The fewest extra covered branches that reach the rate, if that many fit.
            const c = Math.max(counted.covered, Math.ceil((rate - RATE_BELOW) * t - 1e-9));
            if (c - counted.covered <= Math.min(extra, missing.covered) && rateAgrees(c, t, rate)) {
                return { covered: c, total: t };
            }
        }
        return undefined;
    });
    let fixedCovered = 0;
    let fixedTotal = 0;
    for (const c of result) {
        if (c === undefined)
            return undefined;
        fixedCovered += c?.covered ?? 0;
        fixedTotal += c?.total ?? 0;
    }
    return fixedCovered === root.covered && fixedTotal === root.total
        ? result
        : undefined;
}
// Producers print rates rounded to 4 decimals (coverage.py), truncated to 4 (istanbul) or in full (gcovr).
const RATE_BELOW = 0.00005;
const RATE_ABOVE = 0.0001;
function rateAgrees(covered, total, rate) {
    const exact = total === 0 ? 1 : covered / total;
    return exact >= rate - RATE_BELOW - 1e-9 && exact < rate + RATE_ABOVE - 1e-9;
}
/** A class-level `<line number hits branch condition-coverage="50% (1/2)">`. */
function cobertura_addLine(data, currentClass, attributes, context) {
    const line = lineAttribute(attributes, 'number', context);
    const hits = countAttribute(attributes, 'hits', context, 0);
    data.line(line, hits);
    if (attributes.get('branch')?.toLowerCase() !== 'true')
        return;
    const conditions = attributes.get('condition-coverage');
    if (conditions === undefined)
        return;
    const match = CONDITION_COVERAGE.exec(conditions);
    if (match === null) {
        throw context.error(`attribute condition-coverage=${JSON.stringify(conditions)}; expected "<percent>% (<covered>/<total>)"`);
    }
    const outcome = { covered: Number(match[1]), total: Number(match[2]) };
    const seen = currentClass.branches.get(line);
    if (seen === undefined)
        currentClass.branches.set(line, outcome);
    else {
        // One number twice in one class: the same code seen again (a merged run) — the larger counts.
        seen.covered = Math.max(seen.covered, outcome.covered);
        seen.total = Math.max(seen.total, outcome.total);
    }
}
/**
 * Packs the file's data with this class's: lines merged (a line ran when any class ran it); a line's
 * branches from the same class name again take the larger counts, from another class add up.
 */
function finishClass(currentClass, data) {
    const { file } = currentClass;
    file.lines = data.takeLines();
    if (currentClass.branches.size === 0)
        return;
    if (file.branches === undefined) {
        for (const [line, outcome] of currentClass.branches)
            data.addBranches(line, outcome.covered, outcome.total);
        file.branches = data.takeBranches();
        file.branchClass = currentClass.name;
        return;
    }
    const owners = ownersOf(file);
    data.load(undefined, file.branches);
    for (const [line, outcome] of currentClass.branches) {
        const seen = data.branchesAt(line);
        if (seen === undefined)
            data.addBranches(line, outcome.covered, outcome.total);
        else if (owners.get(line) === currentClass.name) {
            seen.covered = Math.max(seen.covered, outcome.covered);
            seen.total = Math.max(seen.total, outcome.total);
        }
        else {
            seen.covered += outcome.covered;
            seen.total += outcome.total;
        }
        owners.set(line, currentClass.name);
    }
    file.branches = data.takeBranches();
    file.branchClass = owners;
}
/** The class of each of the file's branch lines so far. */
function ownersOf(file) {
    if (typeof file.branchClass !== 'string')
        return file.branchClass ?? new Map();
    const owners = new Map();
    for (const line of file.branches?.keys() ?? [])
        owners.set(line, file.branchClass);
    return owners;
}

// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
;// CONCATENATED MODULE: ./src/coverage/istanbul.ts
/**
 * istanbul's JSON reports (nyc, c8, jest, vitest): `coverage-summary.json` (the json-summary reporter:
 * per file {lines, statements, functions, branches} totals) and `coverage-final.json` (the json
 * reporter: each file's raw FileCoverage — statementMap/s, fnMap/f, branchMap/b).
 *
 * Figures are the ones istanbul itself reports (istanbul-lib-coverage 3.x, FileCoverage.toSummary):
 *  - lines: getLineCoverage() — each statement counts on the line it STARTS on, and the line takes the
 *    MAXIMUM hit count of the statements starting there (so a line is covered when any of them ran);
 *    total = such lines, covered = those with hits > 0. (c8 makes every source line a statement, nyc only
 *    lines where one starts: the fixtures' 58 of 78 and 26 of 35.)
 *  - branches: computeBranchTotals — every arm of every `b` entry; covered = arms with hits > 0.
 *  - functions: computeSimpleTotals('f') — every `f` entry; covered = hits > 0.
 * Summary files state those figures; their `pct` (rounded/truncated) is never used.
 *
 * Read one top-level entry (one source file) at a time (topLevelEntries): a monorepo's coverage-final.json
 * runs to hundreds of MB, and JSON.parse of it whole needs ten times that.
 */



const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Parses `coverage-summary.json`: one file per key except `total` (the report's own sum, not a file). */
async function parseIstanbulSummary(input, source) {
    const byPath = new Map();
    let wrong; // said after the whole report is read (a syntax error further on comes first)
    for await (const [key, entry] of topLevelEntries(input, source)) {
        if (key === 'total' || wrong !== undefined)
            continue;
        try {
            summaryEntry(byPath, key, entry, source);
        }
        catch (error) {
            wrong = error;
        }
    }
    if (wrong !== undefined)
        throw wrong;
    return { format: 'istanbul-json-summary', source, files: [...byPath.values()] };
}
function summaryEntry(byPath, key, entry, source) {
    const where = JSON.stringify(key);
    if (!isObject(entry)) {
        throw new model/* CoverageParseError */.Kw(source, `${where}: expected an object of lines/statements/functions/branches totals`);
    }
    if (!isObject(entry.lines) && 'statementMap' in entry) {
        throw new model/* CoverageParseError */.Kw(source, `${where}: has a statementMap but no lines totals; this is coverage-final.json (istanbul-json), not coverage-summary.json`);
    }
    byPath.delete(key); // a key given twice: the last one counts, as JSON.parse would have it
    byPath.set(key, {
        path: key,
        summary: {
            lines: summaryCounter(entry, 'lines', source, where) ?? missing(source, where, 'lines'),
            branches: summaryCounter(entry, 'branches', source, where),
            functions: summaryCounter(entry, 'functions', source, where),
        },
    });
}
/** Parses `coverage-final.json`: one file per key, figures derived as istanbul derives them. */
async function parseIstanbulFinal(input, source) {
    const byPath = new Map();
    const data = new CoverageBuilder();
    // A file the report gets wrong is said once the whole report has been read: a JSON syntax error
    // further on is the one to fix first.
    let wrong;
    for await (const [key, entry] of topLevelEntries(input, source)) {
        if (wrong !== undefined)
            continue;
        try {
            byPath.delete(key); // a key given twice: the last one counts, as JSON.parse would have it
            byPath.set(key, fileFromFinal(key, entry, source, data));
        }
        catch (error) {
            wrong = error;
        }
    }
    if (wrong !== undefined)
        throw wrong;
    return { format: 'istanbul-json', source, files: [...byPath.values()] };
}
function fileFromFinal(key, entry, source, data) {
    const where = JSON.stringify(key);
    if (!isObject(entry) || !isObject(entry.statementMap) || !isObject(entry.s)) {
        const hint = isObject(entry) && isObject(entry.lines)
            ? '; this is coverage-summary.json (istanbul-json-summary), not coverage-final.json'
            : '';
        throw new model/* CoverageParseError */.Kw(source, `${where}: expected an istanbul FileCoverage object with statementMap and s${hint}`);
    }
    const { statementMap, s } = entry;
    // getLineCoverage(): over the hit counts, each on its statement's start line, the maximum per line.
    for (const [id, hits] of Object.entries(s)) {
        const count = hitCount(hits, source, `${where}: s[${JSON.stringify(id)}]`);
        const stmt = Object.hasOwn(statementMap, id) ? statementMap[id] : undefined;
        if (stmt === undefined)
            continue; // istanbul skips a count without a statement, too
        const line = startLine(stmt, source, `${where}: statementMap[${JSON.stringify(id)}]`);
        data.line(line, count);
    }
    const lines = data.takeLines();
    // computeBranchTotals(): over `b`; per line as getBranchCoverageByLine() (branchMap line, else loc start).
    let branches;
    let branchTotals = null;
    if (isObject(entry.b)) {
        const branchMap = isObject(entry.branchMap) ? entry.branchMap : {};
        branchTotals = { covered: 0, total: 0 };
        for (const [id, arms] of Object.entries(entry.b)) {
            const at = `${where}: b[${JSON.stringify(id)}]`;
            if (!Array.isArray(arms))
                throw new model/* CoverageParseError */.Kw(source, `${at}: expected an array of hit counts`);
            let covered = 0;
            for (const hits of arms)
                if (hitCount(hits, source, at) > 0)
                    covered += 1;
            branchTotals.covered += covered;
            branchTotals.total += arms.length;
            const meta = Object.hasOwn(branchMap, id) ? branchMap[id] : undefined;
            if (meta === undefined)
                continue;
            const line = branchLine(meta, source, `${where}: branchMap[${JSON.stringify(id)}]`);
            data.addBranches(line, covered, arms.length);
        }
        branches = data.takeBranches();
    }
    // computeSimpleTotals('f').
    let functions = null;
    if (isObject(entry.f)) {
        functions = { covered: 0, total: 0 };
        for (const [id, hits] of Object.entries(entry.f)) {
            functions.total += 1;
            if (hitCount(hits, source, `${where}: f[${JSON.stringify(id)}]`) > 0)
                functions.covered += 1;
        }
    }
    return data.file(key, lines, branches, {
        lines: { covered: lines.covered, total: lines.size },
        branches: branchTotals,
        functions,
    });
}
function hitCount(v, source, at) {
    if (typeof v !== 'number' || !(v >= 0)) {
        throw new model/* CoverageParseError */.Kw(source, `${at}: expected a hit count (a number >= 0), got ${JSON.stringify(v)}`);
    }
    return v;
}
function startLine(loc, source, at) {
    const line = isObject(loc) && isObject(loc.start) ? loc.start.line : undefined;
    if (typeof line !== 'number' || !Number.isInteger(line)) {
        throw new model/* CoverageParseError */.Kw(source, `${at}: expected a location {start: {line, column}, end}`);
    }
    if (line < 0 || line > MAX_LINE)
        throw new model/* CoverageParseError */.Kw(source, `${at}: ${lineOutOfRange(line)}`);
    return line;
}
function branchLine(meta, source, at) {
    if (isObject(meta) && typeof meta.line === 'number' && Number.isInteger(meta.line) && meta.line > 0) {
        return meta.line;
    }
    return startLine(isObject(meta) ? meta.loc : undefined, source, at);
}
/** A json-summary metric {total, covered, …}; null when the entry has no such metric. */
function summaryCounter(entry, metric, source, where) {
    const m = entry[metric];
    if (m === undefined)
        return null;
    const total = isObject(m) ? m.total : undefined;
    const covered = isObject(m) ? m.covered : undefined;
    if (!isCount(total) || !isCount(covered)) {
        throw new model/* CoverageParseError */.Kw(source, `${where}.${metric}: expected {"total": <count>, "covered": <count>}, got ${JSON.stringify(m)}`);
    }
    return { covered, total };
}
const isCount = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
function missing(source, where, metric) {
    throw new model/* CoverageParseError */.Kw(source, `${where}: has no ${metric} totals ({"total": <count>, "covered": <count>})`);
}
/**
 * The entries of the report's top-level object, one at a time: each file's value is cut out of the
 * stream by a small scan (strings, escapes, nesting) and parsed alone, so memory follows the largest
 * file, not the report (a 449 MB coverage-final.json read whole took Node past 4.5 GB and down).
 * Errors carry the report's line:column; a root that is not an object is named.
 */
async function* topLevelEntries(input, source) {
    const decoder = new external_node_string_decoder_.StringDecoder('utf8');
    let state = 'before';
    // Where a character is, counted only up to where it is asked (line breaks found with indexOf).
    let line = 1;
    let column = 0; // of the character before `counted`
    let counted = 0;
    let text = '';
    let first = true;
    const at = (i) => {
        for (let nl = text.indexOf('\n', counted); nl !== -1 && nl < i; nl = text.indexOf('\n', nl + 1)) {
            line += 1;
            column = 0;
            counted = nl + 1;
        }
        column += i - counted;
        counted = i;
        return { line, column: column + 1 };
    };
    let key = [];
    let value = [];
    let valueAt = { line: 1, column: 1 };
    let inString = false;
    let escaped = false;
    let depth = 0;
    const fail = (reason, where) => {
        throw new model/* CoverageParseError */.Kw(source, `not valid JSON: ${reason}`, where);
    };
    const entry = () => {
        const rawKey = key.join('');
        const body = value.join('');
        key = [];
        value = [];
        let name;
        try {
            name = JSON.parse(`"${rawKey}"`);
        }
        catch {
            return fail('a key is not a valid JSON string', valueAt);
        }
        try {
            return [name, JSON.parse(body)];
        }
        catch (error) {
            if (!(error instanceof SyntaxError))
                throw error;
            const found = locateJsonError(body);
            const inner = lineColumn(body, found?.offset ?? 0);
            return fail(found?.reason ?? error.message, inner.line === 1
                ? { line: valueAt.line, column: valueAt.column + inner.column - 1 }
                : { line: valueAt.line + inner.line - 1, column: inner.column });
        }
    };
    const rootKind = (c) => c === '['
        ? 'an array'
        : c === '"'
            ? 'a string'
            : /[-0-9]/.test(c)
                ? 'a number'
                : c === 't' || c === 'f'
                    ? 'a boolean'
                    : c === 'n'
                        ? 'null'
                        : undefined;
    const IN_STRING = /["\\]/g;
    const IN_VALUE = /["\\{}[\],]/g;
    for await (const chunk of (0,model/* inPieces */.xE)(input)) {
        text = typeof chunk === 'string' ? decoder.end() + chunk : decoder.write(chunk);
        counted = 0;
        let from = 0; // where the piece of key or value in this chunk starts
        let i = 0;
        if (first && text.length > 0) {
            first = false;
            if (text.charCodeAt(0) === 0xfeff)
                i = counted = 1;
        }
        while (i < text.length) {
            if (state === 'key' || (state === 'value' && inString)) {
                if (escaped) {
                    escaped = false;
                    i += 1;
                    continue;
                }
                IN_STRING.lastIndex = i;
                const m = IN_STRING.exec(text);
                if (m === null)
                    break;
                i = m.index + 1;
                if (m[0] === '\\')
                    escaped = true;
                else if (state === 'key') {
                    key.push(text.slice(from, m.index));
                    state = 'colon';
                }
                else
                    inString = false;
                continue;
            }
            if (state === 'value') {
                IN_VALUE.lastIndex = i;
                const m = IN_VALUE.exec(text);
                if (m === null)
                    break;
                i = m.index + 1;
                const c = m[0];
                if (c === '"')
                    inString = true;
                else if (c === '{' || c === '[')
                    depth += 1;
                else if (depth > 0 && (c === '}' || c === ']'))
                    depth -= 1;
                else if (depth === 0 && (c === ',' || c === '}')) {
                    value.push(text.slice(from, m.index));
                    yield entry();
                    state = c === ',' ? 'key-start' : 'done';
                }
                else if (depth === 0)
                    fail(`unexpected character ${JSON.stringify(c)}`, at(m.index));
                continue;
            }
            const c = text[i];
            if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
                i += 1;
                continue;
            }
            switch (state) {
                case 'before':
                    if (c !== '{') {
                        const kind = rootKind(c);
                        if (kind)
                            throw new model/* CoverageParseError */.Kw(source, `expected a JSON object keyed by source file path, got ${kind}`);
                        fail(`unexpected character ${JSON.stringify(c)}`, at(i));
                    }
                    state = 'first-key';
                    break;
                case 'first-key':
                case 'key-start':
                    if (c === '}' && state === 'first-key')
                        state = 'done';
                    else if (c === '"') {
                        state = 'key';
                        from = i + 1;
                        valueAt = at(i);
                    }
                    else
                        fail(`unexpected character ${JSON.stringify(c)}`, at(i));
                    break;
                case 'colon':
                    if (c !== ':')
                        fail(`unexpected character ${JSON.stringify(c)}`, at(i));
                    state = 'value-start';
                    break;
                case 'value-start':
                    state = 'value';
                    from = i;
                    valueAt = at(i);
                    inString = false;
                    depth = 0;
                    continue; // the value's first character, read as part of it
                case 'done':
                    fail(`unexpected character ${JSON.stringify(c)} after the end of the report`, at(i));
            }
            i += 1;
        }
        if (state === 'key')
            key.push(text.slice(from));
        if (state === 'value')
            value.push(text.slice(from));
        at(text.length);
    }
    if (state !== 'done') {
        const end = at(text.length);
        fail('unexpected end of input', end);
    }
}
function lineColumn(text, offset) {
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
        line += 1;
        lineStart = i + 1;
    }
    return { line, column: offset - lineStart + 1 };
}
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/**
 * Where JSON.parse failed, found by a small scan of the JSON grammar: V8's messages differ between
 * Node versions and name a position only for some errors. Runs only after a failed parse.
 */
function locateJsonError(text) {
    const n = text.length;
    const stack = [];
    let i = 0;
    const skipSpace = () => {
        while (i < n) {
            const c = text[i];
            if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r')
                break;
            i += 1;
        }
    };
    const unexpected = () => i >= n
        ? { offset: n, reason: 'unexpected end of input' }
        : { offset: i, reason: `unexpected character ${JSON.stringify(text[i])}` };
    /** Scans a string at text[i] === '"'; false (i at the fault) when it is not a valid one. */
    const scanString = () => {
        i += 1;
        while (i < n) {
            const c = text.charCodeAt(i);
            if (c === 0x22) {
                i += 1;
                return true;
            }
            if (c < 0x20)
                return false;
            if (c === 0x5c) {
                const e = text[i + 1];
                if (e === 'u') {
                    if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
                        return false;
                    i += 6;
                }
                else if (e !== undefined && '"\\/bfnrt'.includes(e))
                    i += 2;
                else {
                    i += 1;
                    return false;
                }
            }
            else
                i += 1;
        }
        return false;
    };
    let state = 'value';
    for (;;) {
        skipSpace();
        if (state === 'value') {
            const c = text[i];
            if (c === '{' || c === '[') {
                i += 1;
                skipSpace();
                if (text[i] === (c === '{' ? '}' : ']')) {
                    i += 1;
                    state = 'after';
                }
                else {
                    stack.push(c);
                    state = c === '{' ? 'key' : 'value';
                }
            }
            else if (c === '"') {
                if (!scanString())
                    return unexpected();
                state = 'after';
            }
            else if (text.startsWith('true', i) || text.startsWith('null', i)) {
                i += 4;
                state = 'after';
            }
            else if (text.startsWith('false', i)) {
                i += 5;
                state = 'after';
            }
            else {
                NUMBER.lastIndex = i;
                if (!NUMBER.test(text))
                    return unexpected();
                i = NUMBER.lastIndex;
                state = 'after';
            }
        }
        else if (state === 'key') {
            if (text[i] !== '"' || !scanString())
                return unexpected();
            skipSpace();
            if (text[i] !== ':')
                return unexpected();
            i += 1;
            state = 'value';
        }
        else {
            const top = stack[stack.length - 1];
            if (top === undefined)
                return i < n ? unexpected() : undefined;
            const c = text[i];
            if (c === ',') {
                i += 1;
                state = top === '{' ? 'key' : 'value';
            }
            else if ((top === '{' && c === '}') || (top === '[' && c === ']')) {
                i += 1;
                stack.pop();
            }
            else
                return unexpected();
        }
    }
}

;// CONCATENATED MODULE: ./src/coverage/jacoco.ts


async function parseJacoco(input, source) {
    const files = [];
    let packageName = '';
    let current;
    const data = new CoverageBuilder();
    await readXml(input, source, {
        open(name, attributes, context) {
            const parent = context.ancestors.at(-1);
            // Most elements are <line>s: checked first.
            if (name === 'line' && current !== undefined && parent === 'sourcefile') {
                jacoco_addLine(current, attributes, context);
                return;
            }
            if (parent === undefined) {
                if (name !== 'report')
                    throw context.error(unexpectedRoot('JaCoCo XML', 'report', name));
                return;
            }
            if (name === 'package') {
                packageName = attributes.get('name') ?? '';
            }
            else if (name === 'sourcefile' && parent === 'package') {
                const file = textAttribute(attributes, 'name', context);
                current = {
                    path: packageName === '' ? file : `${packageName}/${file}`,
                    data,
                    counters: new Map(),
                };
            }
            else if (current !== undefined && parent === 'sourcefile') {
                if (name === 'line')
                    jacoco_addLine(current, attributes, context);
                else if (name === 'counter') {
                    const type = textAttribute(attributes, 'type', context);
                    const missed = countAttribute(attributes, 'missed', context);
                    const covered = countAttribute(attributes, 'covered', context);
                    current.counters.set(type, { covered, total: covered + missed });
                }
            }
        },
        close(name) {
            if (name === 'sourcefile' && current !== undefined) {
                files.push(finishSourceFile(current));
                current = undefined;
            }
            else if (name === 'package') {
                packageName = '';
            }
        },
    });
    return { format: 'jacoco-xml', source, files };
}
/**
 * `<line nr mi ci mb cb/>`: mi/ci are missed/covered instruction counts, so a line is covered when any
 * of its instructions ran (ci > 0). JaCoCo records no execution counts; 1 stands for "ran".
 */
function jacoco_addLine(file, attributes, context) {
    const line = lineAttribute(attributes, 'nr', context);
    const coveredInstructions = countAttribute(attributes, 'ci', context, 0);
    file.data.line(line, coveredInstructions);
    const missedBranches = countAttribute(attributes, 'mb', context, 0);
    const coveredBranches = countAttribute(attributes, 'cb', context, 0);
    if (missedBranches + coveredBranches > 0) {
        // A line named twice (never by JaCoCo itself) keeps its last outcomes, as a map would.
        file.data.setBranches(line, coveredBranches, missedBranches + coveredBranches);
    }
}
function finishSourceFile(file) {
    // JaCoCo leaves out a counter whose total is 0 (no BRANCH counter on branch-free code).
    const lines = file.data.takeLines();
    const branches = file.data.takeBranches();
    return file.data.file(file.path, lines, branches, {
        lines: file.counters.get('LINE') ?? { covered: lines.covered, total: lines.size },
        branches: file.counters.get('BRANCH') ??
            (branches === undefined ? { covered: 0, total: 0 } : { ...branches.totals }),
        functions: file.counters.get('METHOD') ?? { covered: 0, total: 0 },
    });
}

;// CONCATENATED MODULE: ./src/coverage/lcov.ts
/**
 * lcov tracefiles (geninfo, `lcov -a`, istanbul/c8/nyc, coverage.py, grcov, llvm-cov …), read line by
 * line as the chunks arrive: only the current line and the per-file line data are held, never the text,
 * so memory follows the number of distinct source lines, not the size of the file.
 *
 * Figures — the rule: a file's summary is COUNTED from its data records, exactly as lcov itself does
 * (`lcov --summary`, genhtml): lines = DA records after merging, covered = hits > 0; branches = BRDA
 * records, covered = taken > 0 ("-" = the block never ran = not taken); functions = distinct FN/FNDA
 * names, covered = FNDA > 0. The LF/LH, BRF/BRH, FNF/FNH records are not trusted over the data:
 *  - geninfo's raw output has none of them (gcc/app.info), so counting is the only way there;
 *  - where a producer writes both, they agree (`lcov -a`, istanbul: gcc/app-merged.info, c8, nyc) …
 *  - … except coverage.py, the one writer counted its own way (rule: follow the tool that wrote the
 *    file). Its 6.5 writes a DA record for every executed line, statements or not, so its LH can exceed
 *    its LF (shop/__init__.py says LF:1 LH:2) and lcov's own reading (52 of 62 lines, the DA records)
 *    is not coverage.py's (50 of 60, its JSON and XML). Its mark — a line checksum as DA's third field —
 *    makes berth count statements from LF and missed statements from the DA records with 0 hits;
 *    BRDA:0 (the "exit the function" arc) counts in the totals, on no line;
 *  - a file split over several records (merged tracefiles, split runs) is merged line by line, and
 *    summing each record's LF would count a line once per record.
 * The stated figures are used only for a file none of whose records carries data of that kind (a
 * summary-only record), taking the largest stated total and covered over its records.
 * Branches and functions are null when no record of the file has BRDA (resp. FN/FNDA) data: "BRF:0"
 * alone is "no data found" to lcov too (coverage.py's shop/__init__.py), as is lcov 1.x's default
 * output without branch records (gcc/app-nobranch.info).
 */



/** A longer line is not lcov (a one-line XML report, a binary): stop before buffering all of it. */
const MAX_LCOV_LINE_CHARS = 8 * 1024 * 1024;
/** The record types read, with the form a malformed one is told to have. */
const EXPECTED = new Map([
    ['SF', 'SF:<source file path>'],
    ['DA', 'DA:<line>,<hits>[,<checksum>]'],
    ['BRDA', 'BRDA:<line>,<block>,<branch>,<taken or ->'],
    ['FN', 'FN:<line>,[<end line>,]<function name>'],
    ['FNDA', 'FNDA:<hits>,<function name>'],
    ['FNL', 'FNL:<index>,<line>[,<end line>]'],
    ['FNA', 'FNA:<index>,<hits>,<function name>'],
    ['LF', 'LF:<number>'],
    ['LH', 'LH:<number>'],
    ['BRF', 'BRF:<number>'],
    ['BRH', 'BRH:<number>'],
    ['FNF', 'FNF:<number>'],
    ['FNH', 'FNH:<number>'],
]);
/** The numbers kept per file: where its branch keys lie, its functions' counts, its stated LF/LH/…. */
const FIELD = {
    branchAt: 0,
    branchCount: 1,
    functionTotal: 2,
    functionsCovered: 3,
    LF: 4,
    LH: 5,
    BRF: 6,
    BRH: 7,
    FNF: 8,
    FNH: 9,
};
const FIELDS = 10;
/**
 * Every source file the tracefile names, merged over every record that names it — as columns, a file
 * being a row number: no object per file while the report is read (a million files would keep a
 * million of them alive until the end, and V8's heap grows with what survives).
 */
class LcovFiles {
    rows = new Map();
    paths = [];
    /** Its line data as of its last record (while a record of it is open, the builder holds it). */
    lines = [];
    /**
     * Its branch outcomes, sorted: `branchKey(line, block+branch, taken)`, one number a branch — no
     * string or map per branch; each branch once (a branch named in several records was taken when any
     * record says so). A run of `branchCount` keys at `branchAt` in a page shared by every file.
     */
    branchPages = [];
    /**
     * Its functions as of its last record, one a line: "1" (ran) or "0", then the name (or "\0" and the
     * FNL index) — one string instead of a map per file; the open record's are in the reader's map.
     */
    functions = [];
    /** FIELDS numbers a row; LF/LH/… -1 where no record states them (the largest over its records). */
    numbers = new Float64Array(FIELDS * 256);
    /** A DA record carried coverage.py's line checksum (`DA:<line>,<hits>,<22 base64 characters>`). */
    checksums = new Uint8Array(256);
    get size() {
        return this.paths.length;
    }
    add(path) {
        const row = this.paths.length;
        if (row === this.checksums.length) {
            const numbers = new Float64Array(this.numbers.length * 2);
            numbers.set(this.numbers);
            this.numbers = numbers;
            const checksums = new Uint8Array(this.checksums.length * 2);
            checksums.set(this.checksums);
            this.checksums = checksums;
        }
        this.paths.push(path);
        this.lines.push(undefined);
        this.branchPages.push(undefined);
        this.functions.push(undefined);
        this.numbers.fill(0, row * FIELDS, row * FIELDS + FIELD.LF);
        this.numbers.fill(-1, row * FIELDS + FIELD.LF, (row + 1) * FIELDS);
        this.rows.set(path, row);
        return row;
    }
    get(row, field) {
        return this.numbers[row * FIELDS + FIELD[field]];
    }
    set(row, field, value) {
        this.numbers[row * FIELDS + FIELD[field]] = value;
    }
    coveragePy(row) {
        return this.checksums[row] === 1;
    }
    markCoveragePy(row, yes) {
        this.checksums[row] = yes ? 1 : 0;
    }
}
/** coverage.py's mark: the third DA field, base64 of the line's MD5 without its `==`. */
const COVERAGE_PY_CHECKSUM = /^[A-Za-z0-9+/]{22}$/;
/**
 * Parses an lcov tracefile. `input` yields the file's chunks (a `fs.createReadStream`); `source` names
 * the file in messages. Unknown record types (TN, VER, MC/DC …) are skipped; a malformed known record
 * throws `CoverageParseError` at its line. An empty input gives a report with no files.
 */
async function parseLcov(input, source) {
    const reader = new LcovReader(source);
    const decoder = new external_node_string_decoder_.StringDecoder('utf8');
    for await (const chunk of (0,model/* inPieces */.xE)(input)) {
        reader.push(typeof chunk === 'string' ? decoder.end() + chunk : decoder.write(chunk));
    }
    reader.push(decoder.end());
    const files = reader.finish();
    return { format: 'lcov', source, files, ...(reader.coveragePy ? { writer: 'coverage.py' } : {}) };
}
/*
 * A branch as one number: (line × 2^27 + id) × 2 + taken, below 2^52 (exact in a double). `id` stands for
 * the "<block>,<branch>" text: 1 + block × 2^13 + branch for small canonical numbers (nearly every
 * producer's), else 2^26 + its index in the report's table of the other texts.
 */
const ID_SPACE = 2 ** 27;
const TEXT_IDS = 2 ** 26;
const SMALL = 2 ** 13;
class LcovReader {
    source;
    files = new LcovFiles();
    /** The open record's file (a row of `files`), -1 between records. */
    current = -1;
    /** The open record's lines (its file's earlier records loaded in). */
    data = new CoverageBuilder();
    /** The open record's branch keys, in the order read. */
    keys = new Float64Array(256);
    keyCount = 0;
    /** The open record's functions (its file's earlier ones loaded in): name → hits. */
    functions = new Map();
    /** "<block>,<branch>" texts that are not two small numbers → their ids. */
    branchTexts = new Map();
    /** The unfinished last line of the chunks so far. */
    pending = '';
    lineNo = 0;
    sawContent = false;
    /** Some file was written by coverage.py (and counted its way). */
    coveragePy = false;
    constructor(source) {
        this.source = source;
    }
    push(text) {
        if (text === '')
            return;
        const first = text.indexOf('\n');
        if (first < 0) {
            // Still inside one line: keep it, without rescanning what came before.
            this.pending += text;
        }
        else {
            const joined = this.pending + text.slice(0, first);
            this.lineAt(joined, 0, joined.length);
            let start = first + 1;
            for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
                this.lineAt(text, start, nl);
                start = nl + 1;
            }
            this.pending = text.slice(start);
        }
        if (this.pending.length > MAX_LCOV_LINE_CHARS) {
            throw new model/* CoverageParseError */.Kw(this.source, `line longer than ${MAX_LCOV_LINE_CHARS} characters; is this an lcov tracefile?`, { line: this.lineNo + 1, column: 1 });
        }
    }
    finish() {
        if (this.pending !== '')
            this.line(this.pending);
        this.pending = '';
        // A missing final end_of_record (a truncated write) keeps the record read so far.
        this.close();
        const { files: table } = this;
        if (table.size === 0 && this.sawContent) {
            throw new model/* CoverageParseError */.Kw(this.source, 'no SF: records; is this an lcov tracefile?');
        }
        const files = [];
        // coverage.py's mark is on its DA records; a file without any (an empty __init__.py) is its too.
        // geninfo --checksum writes the same third field; it also writes FN records, which coverage.py never does.
        let checksums = false;
        let functionRecords = false;
        for (let row = 0; row < table.size; row++) {
            if (table.coveragePy(row))
                checksums = true;
            if (table.get(row, 'functionTotal') > 0)
                functionRecords = true;
        }
        this.coveragePy = checksums && !functionRecords;
        for (let row = 0; row < table.size; row++) {
            files.push(toFileCoverage(table, row, this.coveragePy, this.data));
            // Counted into its PackedFile: free as we go.
            table.lines[row] = undefined;
            table.functions[row] = undefined;
        }
        return files;
    }
    /**
     * The line text[start, end). DA records — nearly every line of a tracefile — are read in place, without
     * cutting the line out (no string per line for the collector); any other line goes through `line`.
     */
    lineAt(text, start, end) {
        let e = end;
        while (e > start && text.charCodeAt(e - 1) <= 32)
            e -= 1; // CR, trailing blanks
        if (this.current >= 0 &&
            text.charCodeAt(start) === 68 /* D */ &&
            text.charCodeAt(start + 1) === 65 /* A */ &&
            text.charCodeAt(start + 2) === 58 /* : */) {
            this.lineNo += 1;
            this.sawContent = true;
            const c1 = text.indexOf(',', start + 3);
            if (c1 >= 0 && c1 < e) {
                let c2 = text.indexOf(',', c1 + 1);
                if (c2 < 0 || c2 > e)
                    c2 = e;
                const line = parseCount(text, start + 3, c1);
                const hits = parseHits(text, c1 + 1, c2);
                if (line >= 0 && line <= MAX_LINE && hits >= 0) {
                    this.data.line(line, hits);
                    if (c2 === e - 23 && !this.files.coveragePy(this.current))
                        this.files.markCoveragePy(this.current, COVERAGE_PY_CHECKSUM.test(text.slice(c2 + 1, e)));
                    return;
                }
            }
            this.lineNo -= 1; // `line` counts it again and reports it
        }
        else if (this.current >= 0 &&
            text.charCodeAt(start) === 66 /* B */ &&
            text.startsWith('BRDA:', start)) {
            const c1 = text.indexOf(',', start + 5);
            const cLast = text.lastIndexOf(',', e - 1);
            // <line>,<block>,<branch>,<taken or ->: at least three commas, the last one inside this line.
            const c2 = c1 < 0 ? -1 : text.indexOf(',', c1 + 1);
            if (c1 >= 0 && cLast < e && c2 >= 0 && c2 < cLast && cLast > start + 5) {
                const line = parseCount(text, start + 5, c1);
                const taken = e === cLast + 2 && text.charCodeAt(cLast + 1) === 45 /* - */ ? 0 : parseCount(text, cLast + 1, e);
                if (line >= 0 && line <= MAX_LINE && taken >= 0) {
                    this.lineNo += 1;
                    this.sawContent = true;
                    this.branch(line, this.branchId(text, c1 + 1, c2, cLast), taken);
                    return;
                }
            }
        }
        this.line(text.slice(start, end));
    }
    line(raw) {
        this.lineNo += 1;
        let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (this.lineNo === 1 && line.charCodeAt(0) === 0xfeff)
            line = line.slice(1);
        line = line.trim();
        if (line === '')
            return;
        this.sawContent = true;
        const colon = line.indexOf(':');
        if (colon < 0) {
            if (line === 'end_of_record')
                this.close();
            return;
        }
        const tag = line.slice(0, colon);
        const expected = EXPECTED.get(tag);
        if (expected === undefined)
            return;
        const rest = line.slice(colon + 1);
        if (tag === 'SF') {
            if (rest === '')
                throw this.malformed(line, expected);
            this.close(); // a record without its end_of_record
            let file = this.files.rows.get(rest);
            if (file === undefined) {
                file = this.files.add((0,model/* ownString */.Ao)(rest));
            }
            else {
                this.data.load(this.files.lines[file], undefined);
                for (const entry of this.files.functions[file]?.split('\n') ?? [])
                    this.functions.set(entry.slice(1), entry.charCodeAt(0) - 48);
            }
            this.current = file;
            return;
        }
        const file = this.current;
        if (file < 0) {
            throw this.error(`${tag} record outside a file record (expected SF:<path> before it)`, 1);
        }
        if (!this.record(file, tag, rest))
            throw this.malformed(line, expected);
    }
    /** Applies one data record to the file; false when it is malformed. */
    record(file, tag, rest) {
        switch (tag) {
            case 'DA': {
                const c1 = rest.indexOf(',');
                if (c1 < 0)
                    return false;
                const c2 = rest.indexOf(',', c1 + 1);
                const line = parseCount(rest, 0, c1);
                const hits = parseHits(rest, c1 + 1, c2 < 0 ? rest.length : c2);
                if (line < 0 || hits < 0)
                    return false;
                if (line > MAX_LINE)
                    throw this.error(lineOutOfRange(line), 4);
                this.data.line(line, hits);
                if (c2 >= 0 && !this.files.coveragePy(file))
                    this.files.markCoveragePy(file, COVERAGE_PY_CHECKSUM.test(rest.slice(c2 + 1)));
                return true;
            }
            case 'BRDA': {
                const c1 = rest.indexOf(',');
                const cLast = rest.lastIndexOf(',');
                // <block>,<branch> between the first and the last comma: at least three commas in all.
                if (c1 < 0 || rest.indexOf(',', c1 + 1) >= cLast)
                    return false;
                const line = parseCount(rest, 0, c1);
                const takenText = rest.slice(cLast + 1);
                const taken = takenText === '-' ? 0 : parseCount(takenText, 0, takenText.length);
                if (line < 0 || taken < 0)
                    return false;
                if (line > MAX_LINE)
                    throw this.error(lineOutOfRange(line), 6);
                this.branch(line, this.branchId(rest, c1 + 1, rest.indexOf(',', c1 + 1), cLast), taken);
                return true;
            }
            case 'FN': {
                const c1 = rest.indexOf(',');
                if (c1 < 0 || parseCount(rest, 0, c1) < 0)
                    return false;
                let nameStart = c1 + 1;
                // lcov 2: FN:<line>,<end line>,<name>
                const c2 = rest.indexOf(',', nameStart);
                if (c2 > nameStart && parseCount(rest, nameStart, c2) >= 0)
                    nameStart = c2 + 1;
                const name = rest.slice(nameStart);
                if (name === '')
                    return false;
                const { functions } = this;
                if (!functions.has(name))
                    functions.set(name, 0);
                return true;
            }
            case 'FNDA': {
                const c1 = rest.indexOf(',');
                if (c1 < 0)
                    return false;
                const hits = parseHits(rest, 0, c1);
                const name = rest.slice(c1 + 1);
                if (hits < 0 || name === '')
                    return false;
                const { functions } = this;
                functions.set(name, (functions.get(name) ?? 0) + hits);
                return true;
            }
            case 'FNL': {
                // lcov 2.2: a function by index (its aliases follow as FNA).
                const c1 = rest.indexOf(',');
                if (c1 < 1 || parseCount(rest, c1 + 1, nextComma(rest, c1 + 1)) < 0)
                    return false;
                const key = `\0${rest.slice(0, c1)}`;
                const { functions } = this;
                if (!functions.has(key))
                    functions.set(key, 0);
                return true;
            }
            case 'FNA': {
                const c1 = rest.indexOf(',');
                const c2 = c1 < 0 ? -1 : rest.indexOf(',', c1 + 1);
                if (c1 < 1 || c2 < 0)
                    return false;
                const hits = parseHits(rest, c1 + 1, c2);
                if (hits < 0)
                    return false;
                const key = `\0${rest.slice(0, c1)}`;
                const { functions } = this;
                functions.set(key, (functions.get(key) ?? 0) + hits);
                return true;
            }
            default: {
                // LF LH BRF BRH FNF FNH
                const n = parseCount(rest, 0, rest.length);
                if (n < 0)
                    return false;
                const key = tag;
                this.files.set(file, key, Math.max(this.files.get(file, key), n));
                return true;
            }
        }
    }
    /** One branch outcome of the open record. */
    branch(line, id, taken) {
        if (this.keyCount === this.keys.length)
            this.reserveKeys(this.keyCount + 1);
        this.keys[this.keyCount++] = (line * ID_SPACE + id) * 2 + (taken > 0 ? 1 : 0);
    }
    /** The id of the "<block>,<branch>" text s[from, cLast) whose comma is at `comma`. */
    branchId(s, from, comma, cLast) {
        const block = canonicalCount(s, from, comma);
        const branch = canonicalCount(s, comma + 1, cLast);
        if (block >= 0 && block < SMALL && branch >= 0 && branch < SMALL)
            return 1 + block * SMALL + branch;
        const text = s.slice(from, cLast);
        let id = this.branchTexts.get(text);
        if (id === undefined) {
            if (this.branchTexts.size >= TEXT_IDS)
                throw this.error('more distinct BRDA block,branch names than berth reads', 1);
            id = TEXT_IDS + this.branchTexts.size;
            this.branchTexts.set((0,model/* ownString */.Ao)(text), id);
        }
        return id;
    }
    /** Ends the open record: its lines packed into its file, its branches merged into the file's. */
    close() {
        const file = this.current;
        if (file < 0)
            return;
        this.current = -1;
        const { files } = this;
        files.lines[file] = this.data.takeLines();
        if (this.functions.size > 0) {
            let covered = 0;
            const list = [];
            for (const [name, hits] of this.functions) {
                if (hits > 0)
                    covered += 1;
                list.push((hits > 0 ? '1' : '0') + name);
            }
            files.functions[file] = list.join('\n');
            files.set(file, 'functionTotal', this.functions.size);
            files.set(file, 'functionsCovered', covered);
            this.functions.clear();
        }
        if (this.keyCount === 0)
            return;
        // The file's earlier keys (it was named before) join the record's, in the scratch area.
        const earlier = files.branchPages[file];
        const earlierAt = files.get(file, 'branchAt');
        const length = this.keyCount + files.get(file, 'branchCount');
        this.reserveKeys(length);
        if (earlier !== undefined)
            this.keys.set(earlier.subarray(earlierAt, earlierAt + length - this.keyCount), this.keyCount);
        this.keyCount = 0;
        const all = this.keys.subarray(0, length).sort();
        // Each branch once: sorted, a branch's keys are adjacent and "taken" (odd) comes last.
        let n = 0;
        for (let i = 0; i < length; i++) {
            const key = all[i];
            if (i + 1 < length && Math.floor(all[i + 1] / 2) === Math.floor(key / 2))
                continue;
            all[n++] = key;
        }
        const { page, at } = allocateKeys(n);
        page.set(all.subarray(0, n), at);
        files.branchPages[file] = page;
        files.set(file, 'branchAt', at);
        files.set(file, 'branchCount', n);
    }
    reserveKeys(length) {
        if (length <= this.keys.length)
            return;
        let size = this.keys.length;
        while (size < length)
            size *= 2;
        const grown = new Float64Array(size);
        grown.set(this.keys.subarray(0, this.keyCount));
        this.keys = grown;
    }
    malformed(line, expected) {
        const tag = line.slice(0, line.indexOf(':'));
        const shown = line.length > 120 ? `${line.slice(0, 117)}...` : line;
        return this.error(`malformed ${tag} record ${JSON.stringify(shown)}; expected ${expected}`, 1);
    }
    error(message, column) {
        return new model/* CoverageParseError */.Kw(this.source, message, { line: this.lineNo, column });
    }
}
// Branch keys of every file share pages; a file with more keys than OWN_KEYS gets its own run.
const PAGE_KEYS = 1 << 17;
const OWN_KEYS = 1 << 13;
let keyPage = new Float64Array(PAGE_KEYS);
let keysUsed = 0;
function allocateKeys(n) {
    if (n >= OWN_KEYS)
        return { page: new Float64Array(n), at: 0 };
    if (keysUsed + n > PAGE_KEYS) {
        keyPage = new Float64Array(PAGE_KEYS);
        keysUsed = 0;
    }
    const at = keysUsed;
    keysUsed += n;
    return { page: keyPage, at };
}
function nextComma(s, from) {
    const i = s.indexOf(',', from);
    return i < 0 ? s.length : i;
}
/** A non-negative decimal integer in s[from, to), else -1. */
function parseCount(s, from, to) {
    if (to <= from)
        return -1;
    let n = 0;
    for (let i = from; i < to; i++) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9)
            return -1;
        n = n * 10 + d;
    }
    return n;
}
/** A hit count: as parseCount, but a negative count (old gcov's overflow bug) reads as 0, not hit. */
function parseHits(s, from, to) {
    if (s.charCodeAt(from) === 45 /* - */)
        return parseCount(s, from + 1, to) < 0 ? -1 : 0;
    return parseCount(s, from, to);
}
/** A non-negative decimal integer in s[from, to) written without a leading zero, else -1. */
function canonicalCount(s, from, to) {
    if (to - from > 1 && s.charCodeAt(from) === 48 /* 0 */)
        return -1;
    return to - from > 9 ? -1 : parseCount(s, from, to);
}
function toFileCoverage(files, row, coveragePy, data) {
    // Per line for changed-lines coverage; the totals over every outcome. A branch on line 0 is
    // coverage.py's "exit the function" arc: counted, but on no line.
    let branches;
    let branchTotals = null;
    const keys = files.branchPages[row];
    const at = files.get(row, 'branchAt');
    const count = files.get(row, 'branchCount');
    if (keys !== undefined && count > 0) {
        branchTotals = { covered: 0, total: count };
        // Sorted keys come line after line: the builder packs them without a map.
        for (let i = at; i < at + count; i++) {
            const key = keys[i];
            const taken = key % 2 === 1 ? 1 : 0; // a small integer: a double here would box every counter
            branchTotals.covered += taken;
            const line = Math.floor(key / (2 * ID_SPACE));
            if (line > 0)
                data.addBranches(line, taken, 1);
        }
        branches = data.takeBranches();
    }
    const lines = files.lines[row] ?? data.takeLines();
    const counted = { lines: { covered: lines.covered, total: lines.size } };
    const functionTotal = files.get(row, 'functionTotal');
    const functions = functionTotal > 0 ? { covered: files.get(row, 'functionsCovered'), total: functionTotal } : null;
    const stated = {
        LF: files.get(row, 'LF'),
        LH: files.get(row, 'LH'),
        BRF: files.get(row, 'BRF'),
        BRH: files.get(row, 'BRH'),
        FNF: files.get(row, 'FNF'),
        FNH: files.get(row, 'FNH'),
    };
    return data.file(files.paths[row], lines, branches, {
        lines: lines.size === 0
            ? (statedCounter(stated.LH, stated.LF) ?? counted.lines)
            : coveragePy && stated.LF >= 0
                ? coveragePyLines(lines.size - counted.lines.covered, stated.LF)
                : counted.lines,
        branches: branchTotals ??
            // coverage.py writes BRF/BRH only when it measured branches: 0 of 0 is its figure, not "no data".
            (coveragePy && stated.BRF === 0 ? { covered: 0, total: 0 } : statedCounter(stated.BRH, stated.BRF)),
        functions: functions ?? statedCounter(stated.FNH, stated.FNF),
    });
}
/**
 * A file as coverage.py counts it (its own `coverage report`/JSON): LF is its statements, and the DA
 * records with 0 hits are exactly its missed statements. Its DA records with hits may also be executed
 * lines that are not statements (coverage.py 6.5: a docstring, the `def` of a `# pragma: no cover`
 * function), so neither the DA count (lcov's reading) nor LH is what coverage.py meant. A coverage.py
 * that writes only statements (7.x) gives the same figure as counting.
 */
function coveragePyLines(missed, statements) {
    return { covered: Math.max(0, statements - missed), total: Math.max(statements, missed) };
}
/** A summary-only record's figures; null when it states none (or 0 of 0, which lcov reads as no data). */
function statedCounter(hit, found) {
    if (found <= 0)
        return null;
    return { covered: Math.min(Math.max(hit, 0), found), total: found };
}

;// CONCATENATED MODULE: ./src/coverage/sniff-text.ts
/** How much of a file the sniffer needs. */
const SNIFF_BYTES = 4096;
// coverage-final.json: `{"<path>": {"path": …, "statementMap": {…` — statementMap comes within the first entry's head.
const FINAL = /"statementMap"\s*:\s*\{/;
// coverage-summary.json: `{"total": {"lines": {"total": 35, "covered": 26, …}, …` and the same per file.
const SUMMARY_METRIC = /"(?:lines|statements|functions|branches)"\s*:\s*\{\s*"(?:total|covered)"\s*:\s*\d/;
const SUMMARY_TOTAL = /"total"\s*:\s*\{\s*"(?:lines|statements|functions|branches)"\s*:\s*\{/;
function sniffTextFormat(head) {
    const text = head.replace(/^\uFEFF/, '').trimStart();
    if (text.startsWith('{')) {
        if (FINAL.test(text))
            return 'istanbul-json';
        if (SUMMARY_TOTAL.test(text) || SUMMARY_METRIC.test(text))
            return 'istanbul-json-summary';
        return undefined;
    }
    // lcov: geninfo starts with TN: (or SF: when no test name), istanbul and coverage.py with "TN:".
    if (/^(?:TN|SF):/.test(text))
        return 'lcov';
    return undefined;
}

;// CONCATENATED MODULE: ./src/coverage/index.ts
/** The one entry to the parsers: detection by content, then the format's parser. */









const PARSERS = {
    'jacoco-xml': parseJacoco,
    lcov: parseLcov,
    'cobertura-xml': parseCobertura,
    'clover-xml': parseClover,
    'istanbul-json-summary': parseIstanbulSummary,
    'istanbul-json': parseIstanbulFinal,
};
/** The format of a report by its first KiBs (not its name: `coverage.xml` may be any of three). */
function detectFormat(head, file, input = 'coverage-files') {
    const format = sniffXmlFormat(head) ?? sniffTextFormat(head);
    if (format === undefined) {
        throw new errors/* ConfigurationError */.j1(`${input}: ${file} is not a coverage report berth reads (by its content); expected one of ${model/* COVERAGE_FORMATS */.Oo.join(', ')}, or set coverage-format`);
    }
    return format;
}
function parseReport(format, input, source) {
    return PARSERS[format](input, source);
}

;// CONCATENATED MODULE: ./src/coverage/junit.ts
/**
 * JUnit XML test results as Surefire/Gradle, jest-junit and pytest write them. The root is `<testsuites>`
 * or a single `<testsuite>`; suites may nest (PHPUnit, some mocha reporters). Figures are counted from the
 * `<testcase>` elements, not from the suites' `tests`/`failures` attributes, which tools fill
 * inconsistently (jest-junit leaves `test.todo` tests out of `tests`, pytest counts xfail as skipped,
 * Surefire counts its own way). A testcase's outcome is its first `<failure>`, `<error>` or `<skipped>`
 * child; none: passed. Surefire's `<flakyFailure>`/`<rerunFailure>` are reruns of a test that passed in
 * the end and are not failures.
 *
 * Memory stays bounded: details (message, first trace lines) are kept for the first `maxFailureDetails`
 * failures only; the rest are counted.
 */

const DEFAULT_MAX_FAILURE_DETAILS = 50;
const TRACE_LINES = 10;
const MAX_MESSAGE_CHARS = 1000;
const MAX_TRACE_LINE_CHARS = 500;
const emptyTestResults = () => ({
    tests: 0,
    passed: 0,
    failed: 0,
    errors: 0,
    skipped: 0,
    timeSeconds: 0,
    failures: [],
});
async function parseJunit(input, source, options = {}) {
    const maxDetails = options.maxFailureDetails ?? DEFAULT_MAX_FAILURE_DETAILS;
    const results = emptyTestResults();
    const suites = [];
    let rootTime;
    let outermostTime = 0;
    let current;
    await readXml(input, source, {
        textOf: new Set(['failure', 'error']),
        open(name, attributes, context) {
            const parent = context.ancestors.at(-1);
            if (parent === undefined) {
                if (name !== 'testsuites' && name !== 'testsuite') {
                    throw context.error(`expected JUnit XML test results (root element <testsuites> or <testsuite>), found <${name}>`);
                }
                if (name === 'testsuites')
                    rootTime = seconds(attributes.get('time'));
            }
            if (name === 'testsuite') {
                suites.push({
                    name: (attributes.get('name') ?? '').trim(),
                    time: seconds(attributes.get('time')),
                    caseTime: 0,
                });
            }
            else if (name === 'testcase') {
                if (current !== undefined)
                    throw context.error('<testcase> inside another <testcase>');
                const testName = (attributes.get('name') ?? '').trim();
                const classname = (attributes.get('classname') ?? '').trim();
                current = {
                    suite: classname !== '' && classname !== testName ? classname : (suites.at(-1)?.name ?? ''),
                    name: testName,
                    time: seconds(attributes.get('time')) ?? 0,
                    outcome: 'passed',
                    deciding: undefined,
                };
            }
            else if (parent === 'testcase' && current !== undefined && current.outcome === 'passed') {
                if (name === 'skipped') {
                    current.outcome = name;
                }
                else if (name === 'failure' || name === 'error') {
                    current.outcome = name;
                    current.deciding = { kind: name, message: attributes.get('message') };
                }
            }
        },
        close(name, context, text) {
            if (current?.deciding?.kind === name && context.ancestors.at(-1) === 'testcase') {
                // Details only while fewer than the cap are kept; the text was buffered by readXml regardless.
                if (results.failures.length < maxDetails) {
                    results.failures.push(failureOf(current, current.deciding, text ?? ''));
                }
                current.deciding = undefined;
            }
            else if (name === 'testcase' && current !== undefined) {
                count(results, current.outcome);
                const suite = suites.at(-1);
                if (suite !== undefined)
                    suite.caseTime += current.time;
                else
                    outermostTime += current.time;
                current = undefined;
            }
            else if (name === 'testsuite') {
                const suite = suites.pop();
                if (suite === undefined)
                    return;
                const time = suite.time ?? suite.caseTime;
                const parent = suites.at(-1);
                // A nested suite without a time of its own still adds its cases' to its parent's fallback.
                if (parent !== undefined)
                    parent.caseTime += time;
                else
                    outermostTime += time;
            }
        },
    });
    results.timeSeconds = rootTime ?? outermostTime;
    return results;
}
function count(results, outcome) {
    results.tests += 1;
    if (outcome === 'passed')
        results.passed += 1;
    else if (outcome === 'failure')
        results.failed += 1;
    else if (outcome === 'error')
        results.errors += 1;
    else
        results.skipped += 1;
}
function failureOf(c, { kind, message: attribute }, text) {
    const lines = text.replace(/\r\n?/g, '\n').replace(/^\n+/, '').trimEnd().split('\n');
    const trace = lines
        .slice(0, TRACE_LINES)
        .map((line) => clip(line, MAX_TRACE_LINE_CHARS))
        .join('\n');
    // jest-junit writes no message attribute: the trace's first line is the message.
    const message = attribute?.trim() || (lines.find((line) => line.trim() !== '') ?? '');
    return { suite: c.suite, name: c.name, kind, message: clip(message.trim(), MAX_MESSAGE_CHARS), trace };
}
const clip = (text, max) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** A `time` attribute in seconds; undefined when absent or not a non-negative number (tools vary). */
function seconds(raw) {
    if (raw === undefined)
        return undefined;
    // Old Surefire versions format with the locale's grouping: "1,234.567".
    const value = Number(raw.trim().replace(/,/g, ''));
    return raw.trim() !== '' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
/** Two result sets as one (several report files); details stay capped at `maxFailureDetails`. */
function mergeTestResults(a, b, maxFailureDetails = DEFAULT_MAX_FAILURE_DETAILS) {
    return {
        tests: a.tests + b.tests,
        passed: a.passed + b.passed,
        failed: a.failed + b.failed,
        errors: a.errors + b.errors,
        skipped: a.skipped + b.skipped,
        timeSeconds: a.timeSeconds + b.timeSeconds,
        failures: [...a.failures, ...b.failures].slice(0, maxFailureDetails),
    };
}

;// CONCATENATED MODULE: ./src/coverage/merge.ts

function mergeFiles(files) {
    const byPath = new Map();
    let data;
    for (const file of files) {
        const seen = byPath.get(file.path);
        byPath.set(file.path, seen === undefined ? file : mergeTwo(seen, file, (data ??= new CoverageBuilder())));
    }
    // One collator for the whole sort: localeCompare per pair costs seconds over a million files.
    const { compare } = new Intl.Collator();
    return [...byPath.values()].sort((a, b) => compare(a.path, b.path));
}
function mergeTwo(a, b, data) {
    if (a.lines === undefined || b.lines === undefined) {
        return b.summary.lines.covered > a.summary.lines.covered ? b : a;
    }
    for (const [line, hits] of a.lines)
        data.line(line, hits);
    for (const [line, hits] of b.lines)
        data.line(line, hits);
    const lines = data.takeLines();
    let branches;
    if (a.branches !== undefined || b.branches !== undefined) {
        for (const [line, c] of a.branches ?? [])
            data.addBranches(line, c.covered, c.total);
        for (const [line, c] of b.branches ?? []) {
            const seen = data.branchesAt(line);
            if (seen === undefined)
                data.addBranches(line, c.covered, c.total);
            else {
                seen.covered = Math.max(seen.covered, c.covered);
                seen.total = Math.max(seen.total, c.total);
            }
        }
        branches = data.takeBranches();
    }
    const counted = {
        lines: { covered: lines.covered, total: lines.size },
        branches: branches === undefined
            ? a.branches || b.branches
                ? { covered: 0, total: 0 }
                : null
            : { ...branches.totals },
    };
    const functions = a.summary.functions === null
        ? b.summary.functions
        : b.summary.functions === null || a.summary.functions.covered >= b.summary.functions.covered
            ? a.summary.functions
            : b.summary.functions;
    return { path: a.path, lines, ...(branches ? { branches } : {}), summary: { ...counted, functions } };
}

;// CONCATENATED MODULE: ./src/coverage/paths.ts
/**
 * Report paths → repository-relative paths, so per-file figures line up with a PR's changed files:
 * absolute paths under the workspace, Cobertura's `<sources>` roots, and JaCoCo's `package/File.java`
 * (found under the source roots of the repository: src/main/java, module/src/main/kotlin, …).
 */


/** Where a package-relative path (`demo/calc/Main.java`) can live, by suffix: one index per workspace. */
class SourceIndex {
    /** Suffix → the file ending with it, or the files (most suffixes name one file: no array for those). */
    bySuffix = new Map();
    constructor(files) {
        for (const file of files) {
            // Index the last 1..6 segments: enough for package paths, bounded per file. Suffixes are slices of
            // the path (no split and join): 300,000 files index in ~100 MiB, not ~330.
            let at = file.length;
            for (let k = 0; k < 6 && at > 0; k++) {
                at = file.lastIndexOf('/', at - 1);
                const suffix = at === -1 ? file : file.slice(at + 1);
                const seen = this.bySuffix.get(suffix);
                if (seen === undefined)
                    this.bySuffix.set(suffix, file);
                else if (typeof seen === 'string')
                    this.bySuffix.set(suffix, [seen, file]);
                else
                    seen.push(file);
            }
        }
    }
    /**
     * The one repository file ending with this path, trying its longest suffixes first (leading folders
     * of another machine drop away); undefined when none fits or the first that fits is ambiguous.
     */
    find(reported) {
        const parts = reported.split('/').filter((p) => p !== '');
        const shortest = parts.length === 1 ? 1 : 2;
        for (let k = Math.min(parts.length, 6); k >= shortest; k--) {
            const seen = this.bySuffix.get(parts.slice(-k).join('/'));
            if (seen === undefined)
                continue;
            const list = typeof seen === 'string' ? [seen] : seen;
            // Only the last 6 segments are indexed: a longer path must agree with the file beyond them.
            const whole = `/${parts.join('/')}`;
            const fits = k < 6 ? list : list.filter((f) => whole.endsWith(`/${f}`) || `/${f}`.endsWith(whole));
            return fits.length === 1 ? fits[0] : undefined;
        }
        return undefined;
    }
}
/** Makes one path repository-relative (POSIX), or returns it unchanged when it cannot be placed. */
function repositoryPath(reported, workspace, roots, index) {
    const posix = reported.replace(/\\/g, '/');
    const ws = workspace.replace(/\\/g, '/').replace(/\/$/, '');
    const inWorkspace = (p) => {
        const normal = external_node_path_default().posix.normalize(p);
        return normal.startsWith(`${ws}/`) ? normal.slice(ws.length + 1) : undefined;
    };
    if (external_node_path_default().posix.isAbsolute(posix)) {
        const rel = inWorkspace(posix);
        if (rel !== undefined)
            return rel;
    }
    else {
        for (const root of roots) {
            const joined = external_node_path_default().posix.isAbsolute(root)
                ? inWorkspace(external_node_path_default().posix.join(root, posix))
                : external_node_path_default().posix.join(root, posix);
            if (joined !== undefined && (index === undefined || index.find(joined) === joined))
                return joined;
        }
    }
    // Package-relative (JaCoCo), or an absolute path from another machine: place it by suffix.
    const found = index?.find(posix.replace(/^\/+/, ''));
    if (found !== undefined)
        return found;
    return external_node_path_default().posix.normalize(posix).replace(/^\.\//, '');
}
/**
 * The report with every file's path repository-relative where it can be placed. In place: the files
 * are the parser's own, and a copy of each would double what a report of a million files holds.
 */
function normalisePaths(report, workspace, index) {
    const roots = report.sourceRoots ?? [];
    for (const f of report.files)
        f.path = (0,model/* ownString */.Ao)(repositoryPath(f.path, workspace, roots, index));
    return report;
}

;// CONCATENATED MODULE: ./src/coverage/read.ts
/**
 * Reading what `coverage` is given: the reports `coverage-files` selects (format detected by content
 * unless `coverage-format` says, paths made repository-relative), the base branch's figures, and JUnit
 * test results. Streams each file in chunks.
 */










/** Reports are read in 256 KiB chunks (fewer reads than the default 64 KiB; more buys nothing). */
const READ_CHUNK = 1 << 18;
/**
 * A file's bytes as chunks of one reused buffer, each valid until the next is asked for (the parsers
 * copy what they keep): a stream's fresh buffer per chunk leaves as much garbage as the report is big,
 * and a 240 MB report's buffers outgrew everything else the job holds.
 */
async function* fileChunks(file, size = READ_CHUNK) {
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const buffer = Buffer.allocUnsafe(size);
        for (;;) {
            const { bytesRead } = await handle.read(buffer, 0, size, null);
            if (bytesRead === 0)
                return;
            yield buffer.subarray(0, bytesRead);
        }
    }
    finally {
        await handle.close();
    }
}
async function readCoverageReports(inputs, runtime) {
    const workspace = runtime.workspace;
    const patterns = parsePatterns(inputs.coverageFiles, 'coverage-files');
    const workspaceFiles = await listWorkspace(workspace, {
        onLimit: (m) => runtime.warning(`coverage: ${m}`),
    });
    const { found, nothing } = await findPatternFiles(patterns, workspace, workspaceFiles, {
        onLimit: (m) => runtime.warning(`coverage-files: ${m}`),
    });
    if (found.length === 0) {
        throw new errors/* ConfigurationError */.j1(`coverage-files: no file matches ${nothing}; did the tests run and write their report before this step?`, { key: 'coverage-files', kind: 'invalid' });
    }
    // Repository files, to place JaCoCo's package paths and reports written on another machine.
    const index = new SourceIndex(workspaceFiles);
    const files = [];
    const reports = [];
    for (const { name, path: absolute } of found) {
        const format = inputs.coverageFormat === 'auto' ? detectFormat(await head(absolute), name) : inputs.coverageFormat;
        // Where the report lies does not matter: its paths are placed against the workspace alone.
        const report = normalisePaths(await parseReport(format, fileChunks(absolute), name), workspace, index);
        // Where berth counts as the writing tool does rather than as the format's reference tool, it says so.
        const shownFormat = report.writer ? `${format}, written by ${report.writer} and counted its way` : format;
        runtime.info(`${name}: ${shownFormat}, ${report.files.length} files`);
        reports.push({ file: name, format: shownFormat, files: report.files.length });
        // One by one: push(...files) passes every file as an argument and overflows the stack past ~100,000.
        for (const f of report.files)
            files.push(f);
    }
    return { files: mergeFiles(files), reports, index, workspaceFiles };
}
/**
 * `base-coverage-file`: the base branch's figures — berth's own figures file, or any coverage report
 * (its totals); a path relative to the workspace or absolute, or a glob that selects one file (e.g. in
 * the directory an artifact was downloaded to). Missing: a warning (the base branch may not have run
 * yet); unreadable: an error.
 */
async function readBaseFigures(inputs, runtime, index, workspaceFiles = []) {
    const value = inputs.baseCoverageFile;
    if (value === '')
        return undefined;
    const base = await findBaseFile(value, runtime, workspaceFiles);
    if (base === undefined)
        return undefined;
    const { name: file, path: absolute } = base;
    let start;
    try {
        start = await head(absolute);
    }
    catch (error) {
        if ((0,errors/* errnoCode */.UK)(error) !== 'ENOENT')
            throw error;
        runtime.warning(`base-coverage-file: ${file} does not exist; no delta against the base branch this time`);
        return undefined;
    }
    if ((0,figures/* isFiguresFile */.UF)(start)) {
        return { ...(0,figures/* parseFigures */.j1)(await (0,promises_.readFile)(absolute, 'utf8'), file, 'base-coverage-file'), source: file };
    }
    const format = inputs.coverageFormat === 'auto'
        ? detectFormat(start, file, 'base-coverage-file')
        : inputs.coverageFormat;
    const report = normalisePaths(await parseReport(format, fileChunks(absolute), file), runtime.workspace, index);
    const totals = (0,model/* totalsOf */.vA)(mergeFiles(report.files));
    return { lines: totals.lines, branches: totals.branches, source: file };
}
/** The base file: a path as it is (its name workspace-relative when inside), or the one file a glob selects. */
async function findBaseFile(value, runtime, workspaceFiles) {
    const pattern = parsePath(value, 'base-coverage-file');
    if (!isGlob(pattern))
        return placeFile(pattern, runtime.workspace);
    const { found, nothing } = await findPatternFiles([pattern], runtime.workspace, workspaceFiles, {
        onLimit: (m) => runtime.warning(`base-coverage-file: ${m}`),
    });
    if (found.length > 1) {
        throw new errors/* ConfigurationError */.j1(`base-coverage-file: ${JSON.stringify(value)} matches ${found.length} files (${found
            .slice(0, 5)
            .map((f) => f.name)
            .join(', ')}${found.length > 5 ? ', …' : ''}); expected one file: the base run's report-file`, { key: 'base-coverage-file', kind: 'invalid' });
    }
    if (found.length === 0) {
        runtime.warning(`base-coverage-file: no file matches ${nothing}; no delta against the base branch this time`);
        return undefined;
    }
    return found[0];
}
/** `junit-files`: test results, when given; undefined when not asked for. */
async function readTests(inputs, runtime, workspaceFiles) {
    if (inputs.junitFiles.trim() === '')
        return undefined;
    const patterns = parsePatterns(inputs.junitFiles, 'junit-files');
    const { found, nothing } = await findPatternFiles(patterns, runtime.workspace, workspaceFiles, {
        onLimit: (m) => runtime.warning(`junit-files: ${m}`),
    });
    if (found.length === 0) {
        runtime.warning(`junit-files: no file matches ${nothing}; no test results reported`);
        return undefined;
    }
    let results = emptyTestResults();
    for (const file of found) {
        results = mergeTestResults(results, await parseJunit((0,external_node_fs_.createReadStream)(file.path), file.name));
    }
    return results;
}
/** The first 4 KiB, for detection by content. */
async function head(file) {
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const buffer = Buffer.alloc(4096);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        return buffer.subarray(0, bytesRead).toString('utf8');
    }
    finally {
        await handle.close();
    }
}

// EXTERNAL MODULE: ./src/github/comment-files.ts + 1 modules
var comment_files = __webpack_require__(7210);
// EXTERNAL MODULE: ./src/github/factory.ts + 1 modules
var factory = __webpack_require__(2350);
// EXTERNAL MODULE: ./src/github/pull-request-comment.ts
var pull_request_comment = __webpack_require__(9444);
// EXTERNAL MODULE: ./src/report/coverage-summary.ts
var coverage_summary = __webpack_require__(279);
// EXTERNAL MODULE: ./src/report/pr-comment.ts
var pr_comment = __webpack_require__(1914);
// EXTERNAL MODULE: ./src/report/tests-section.ts
var tests_section = __webpack_require__(3045);
;// CONCATENATED MODULE: ./src/commands/coverage.ts
/**
 * `coverage`: read every report `coverage-files` selects, merge, and gate: outputs, the base delta, the
 * changed lines of a pull request, test results, a step summary and PR comment sections, and a failed
 * step — one line per failed condition — when a threshold is not met.
 */














async function runCoverage(inputs, runtime) {
    // 1. The reports, merged; the base branch's figures; on a pull request, its changed lines.
    const { files, reports, index, workspaceFiles } = await readCoverageReports(inputs, runtime);
    const totals = (0,model/* totalsOf */.vA)(files);
    const pr = await (0,pull_request_comment/* readPullRequest */.DQ)(runtime);
    const api = (0,factory/* lazyGitHubFor */.lL)(runtime, inputs);
    const base = await readBaseFigures(inputs, runtime, index, workspaceFiles);
    const changed = pr && (await pullRequestChangedLines(inputs, runtime, pr, api, files));
    if (changed && 'counter' in changed)
        annotate(runtime, changed);
    // 2. The gate, and the outputs.
    const conditions = coverageConditions(inputs, totals, changed, base, (m) => runtime.warning(m));
    const passed = conditions.every((c) => c.passed);
    const rate = (c) => (0,model/* percent */.KN)(c)?.toFixed(1) ?? '';
    runtime.setOutput('line-coverage', rate(totals.lines));
    runtime.setOutput('branch-coverage', rate(totals.branches));
    runtime.setOutput('lines-covered', String(totals.lines.covered));
    runtime.setOutput('lines-total', String(totals.lines.total));
    runtime.setOutput('branches-covered', totals.branches ? String(totals.branches.covered) : '');
    runtime.setOutput('branches-total', totals.branches ? String(totals.branches.total) : '');
    runtime.setOutput('changed-lines-coverage', changed && 'counter' in changed ? rate(changed.counter) : '');
    runtime.setOutput('passed', String(passed));
    const delta = base ? (0,figures/* deltaPoints */.kg)(totals.lines, base.lines) : null;
    runtime.setOutput('line-coverage-delta', delta === null ? '' : delta.toFixed(2));
    const slug = (0,pr_comment/* componentSlug */.hV)(inputs.component);
    const reportFile = external_node_path_default().join(runtime.tempDir, `berth-coverage${slug ? `-${slug}` : ''}.json`);
    await (0,promises_.writeFile)(reportFile, (0,figures/* renderFigures */.uD)(totals, runtime.getContext('sha'), inputs.component));
    runtime.setOutput('report-file', reportFile);
    // 3. Test results, when given.
    const tests = await readTests(inputs, runtime, workspaceFiles);
    if (tests)
        runtime.setOutput('tests-failed', String(tests.failed + tests.errors));
    // 4. The summary and the PR comment's sections; the verdict.
    const result = {
        ...(inputs.component ? { component: inputs.component } : {}),
        ...(base ? { base } : {}),
        totals,
        files,
        reports,
        conditions,
        ...(changed ? { changed } : {}),
    };
    const section = (0,coverage_summary/* renderCoverageSummary */.V0)(result);
    const testsSection = tests ? `#### Tests\n\n${(0,tests_section/* renderTestsSection */.jr)(tests)}` : undefined;
    await runtime.appendSummary(testsSection ? `${section}\n${testsSection}` : section);
    if (pr) {
        const sections = [
            [(0,pr_comment/* sectionName */.$)('coverage', inputs.component), section],
            ...(testsSection ? [[(0,pr_comment/* sectionName */.$)('tests', inputs.component), testsSection]] : []),
        ];
        await (0,comment_files/* writeSectionFiles */.YE)(runtime, pr.number ?? null, [
            { kind: 'coverage', component: inputs.component, result },
            ...(tests ? [{ kind: 'tests', component: inputs.component, results: tests }] : []),
        ]);
        await (0,pull_request_comment/* writeCommentSections */.vT)(inputs, runtime, pr, api, sections);
    }
    if (!passed) {
        throw new CoverageGateError(conditions
            .filter((c) => !c.passed)
            .map(coverage_summary/* describeFailedCondition */.wY)
            .join('\n'));
    }
}
/** GitHub shows at most 10 warning annotations per step: the first ranges go there, all go to the summary. */
const MAX_ANNOTATIONS = 10;
function annotate(runtime, changed) {
    for (const range of changed.uncovered.slice(0, MAX_ANNOTATIONS)) {
        const lines = range.end > range.start ? `Lines ${range.start}-${range.end} are` : `Line ${range.start} is`;
        runtime.warning(`${lines} changed in this pull request and not covered by tests.`, {
            file: range.file,
            startLine: range.start,
            endLine: range.end,
        });
    }
}
/** A failed gate: a user-facing verdict, not a bug. */
class CoverageGateError extends errors/* VerdictError */.ay {
    name = 'CoverageGateError';
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
