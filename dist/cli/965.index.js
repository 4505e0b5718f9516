export const id = 965;
export const ids = [965];
export const modules = {

/***/ 1965:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runQualityCheck: () => (/* binding */ runQualityCheck)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/config/load.ts
var load = __webpack_require__(1036);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/github/event.ts
var github_event = __webpack_require__(5015);
// EXTERNAL MODULE: ./src/github/factory.ts + 1 modules
var factory = __webpack_require__(2350);
// EXTERNAL MODULE: ./src/plan/match.ts
var match = __webpack_require__(4106);
// EXTERNAL MODULE: ./src/plan/select.ts
var plan_select = __webpack_require__(8451);
;// CONCATENATED MODULE: ./src/plan/quality-check.ts



const FAILED_RESULTS = new Set(['failure', 'cancelled']);
/**
 * Reads the `needs` input: `${{ toJSON(needs) }}` — `{ "<job>": { "result": "...", "outputs": {…} } }`.
 * An empty object is refused: a check that needs nothing proves nothing.
 */
function parseNeeds(text) {
    const expected = 'expected `${{ toJSON(needs) }}` of a job that needs every quality job: {"<job>": {"result": "success", "outputs": {…}}, …}';
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        throw new errors/* ConfigurationError */.j1(`needs: not JSON (${(0,plan_select/* quote */.hD)(text.slice(0, 80))}); ${expected}`, {
            key: 'needs',
            kind: text.trim() === '' ? 'required' : 'invalid',
        });
    }
    if (typeof parsed !== 'object' ||
        parsed === null ||
        Array.isArray(parsed) ||
        Object.keys(parsed).length === 0)
        throw new errors/* ConfigurationError */.j1(`needs: ${(0,plan_select/* quote */.hD)(text.slice(0, 80))} names no job; ${expected}`, {
            key: 'needs',
            kind: 'invalid',
        });
    const needs = {};
    for (const [job, value] of Object.entries(parsed)) {
        const entry = typeof value === 'object' && value !== null ? value : {};
        if (typeof entry.result !== 'string')
            throw new errors/* ConfigurationError */.j1(`needs: job ${(0,plan_select/* quote */.hD)(job)} has no result; ${expected}`, {
                key: 'needs',
                kind: 'invalid',
            });
        const outputs = {};
        if (typeof entry.outputs === 'object' && entry.outputs !== null)
            for (const [name, output] of Object.entries(entry.outputs))
                if (typeof output === 'string')
                    outputs[name] = output;
        needs[job] = { result: entry.result, outputs };
    }
    return needs;
}
/**
 * The components changed files touch: a component with neither labels nor paths is touched by any
 * change (the plan always selects it); one with paths, when a file matches them; labels play no part
 * (a label can add a component, never excuse one).
 */
function touchedComponents(components, files) {
    const touched = [];
    for (const c of components) {
        if (c.labels.length === 0 && c.paths.length === 0) {
            touched.push({ component: c.name, reason: 'it has no labels or paths: every change touches it' });
            continue;
        }
        for (const file of files) {
            const pattern = (0,match/* matchingPattern */.Yn)(c.paths, file);
            if (pattern !== undefined) {
                touched.push({ component: c.name, reason: `changed ${(0,plan_select/* quote */.hD)(file)} (matches ${(0,plan_select/* quote */.hD)(pattern)})` });
                break;
            }
        }
    }
    return touched;
}
/**
 * The verdict. `touched` is undefined where no pull request decides it (a push, a dispatch): then only
 * the needed jobs' results count. A needed job names the component it gates with its `component`
 * output and whether its test ran with `tested` (the reusable workflow's `jobs.test.result`).
 */
function qualityVerdict(needs, touched) {
    const problems = [];
    const jobs = Object.entries(needs);
    for (const [job, { result }] of jobs)
        if (FAILED_RESULTS.has(result))
            problems.push(`job ${(0,plan_select/* quote */.hD)(job)}: ${result}`);
    const reported = new Map();
    for (const [job, { outputs }] of jobs) {
        const component = outputs.component ?? '';
        if (component === '')
            continue;
        reported.set(component, [...(reported.get(component) ?? []), { job, tested: outputs.tested ?? '' }]);
    }
    const touchedBy = new Map((touched ?? []).map((t) => [t.component, t.reason]));
    const names = [...new Set([...reported.keys(), ...touchedBy.keys()])];
    const components = names.map((component) => {
        const why = touchedBy.get(component);
        const its = reported.get(component) ?? [];
        const verdict = why === undefined
            ? 'not touched'
            : its.length === 0
                ? 'no quality job'
                : its.some((j) => j.tested === 'success')
                    ? 'gated'
                    : 'not gated';
        if (verdict === 'not gated') {
            const how = its.map((j) => `${(0,plan_select/* quote */.hD)(j.job)} test: ${j.tested === '' ? 'did not run' : j.tested}`);
            problems.push(`component ${(0,plan_select/* quote */.hD)(component)}: the pull request's files touch it (${why ?? ''}) but its quality job did not test it (${how.join(', ')})`);
        }
        return { component, touched: why, jobs: its, verdict };
    });
    return {
        passed: problems.length === 0,
        problems,
        needs: jobs.map(([job, { result }]) => ({ job, result })),
        components,
    };
}

// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(4285);
;// CONCATENATED MODULE: ./src/report/quality-check-summary.ts

const VERDICT_WORDS = {
    gated: 'tested',
    'not gated': 'NOT TESTED',
    'no quality job': 'no quality job in this workflow',
    'not touched': 'not touched',
};
/** The step summary of `quality-check`: the verdict, where the paths came from, every job and component. */
function renderQualityCheckSummary(verdict, source) {
    const lines = [`### berth quality check: ${verdict.passed ? 'PASSED' : 'FAILED'}`, ''];
    if (source === undefined) {
        lines.push('Not a pull request: only the results of the jobs it needs count.', '');
    }
    else {
        lines.push(`**Components the pull request touches:** by the paths in ${(0,markdown/* escapeMarkdown */.F)(source.description)}`);
        if (source.fromPullRequest)
            lines.push('', "> [!WARNING]\n> The base branch has no berth config yet (a first adoption): the pull request's own config decided which components it touches.");
        lines.push('');
    }
    for (const problem of verdict.problems)
        lines.push(`- ${(0,markdown/* escapeMarkdown */.F)(problem)}`);
    if (verdict.problems.length > 0)
        lines.push('');
    if (verdict.components.length > 0) {
        const rows = verdict.components.map((c) => [
            c.component,
            c.touched ?? '—',
            c.jobs.map((j) => `${j.job}: ${j.tested === '' ? 'did not run' : j.tested}`).join(', ') || '—',
            VERDICT_WORDS[c.verdict],
        ]);
        lines.push((0,markdown/* renderTable */.b)(['Component', 'Touched by', 'Quality job (test)', 'Verdict'], rows), '');
    }
    lines.push((0,markdown/* renderTable */.b)(['Job', 'Result'], verdict.needs.map((n) => [n.job, n.result])), '');
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/commands/quality-check.ts
/**
 * `quality-check`: the one check a repository marks required. It runs last, `if: always()`, needing
 * every quality job, and is given `toJSON(needs)`. A skipped job counts as passing for GitHub, so the
 * quality jobs alone cannot be required: a pull request could edit its own berth config to select
 * nothing. This step reads which components the pull request's files touch from the base branch's
 * config (the pull request's own only when the base branch has none: a first adoption, said in the
 * summary), and fails when a needed job failed or was cancelled, or a touched component was not tested.
 *
 * Steps: read `needs` → on a pull request, the base commit's config and the changed files → the
 * touched components → the verdict (../plan/quality-check.ts) → output, summary, fail.
 */







async function runQualityCheck(inputs, runtime) {
    const needs = parseNeeds(inputs.needs);
    const event = await (0,github_event/* readEvent */.j_)(runtime);
    const number = (0,github_event/* pullRequestNumber */.Kd)(event);
    let touched;
    let source;
    if (number !== undefined) {
        const github = (0,factory/* githubFor */.dG)(runtime, inputs);
        const found = await componentPaths(event, inputs.config, github, runtime);
        source = found.source;
        const { files, truncated } = await github.pullRequestFiles(number);
        if (truncated)
            runtime.warning(`GitHub lists at most ${files.length} files of a pull request; components touched only by later files are not checked.`);
        touched = touchedComponents(found.config.components, files);
    }
    const verdict = qualityVerdict(needs, touched);
    runtime.setOutput('passed', String(verdict.passed));
    await runtime.appendSummary(renderQualityCheckSummary(verdict, source));
    if (!verdict.passed)
        throw new errors/* VerdictError */.ay(`quality check failed:\n${verdict.problems.map((p) => `- ${p}`).join('\n')}`);
    runtime.info(`quality check passed: ${touched === undefined ? 'no needed job failed' : `${touched.length} touched component(s), each tested`}`);
}
/** The config whose paths say what the pull request touches: the base commit's, else (none there) its own. */
async function componentPaths(event, configPath, github, runtime) {
    const base = (0,github_event/* baseSha */.WF)(event);
    if (base === undefined) {
        throw new errors/* ConfigurationError */.j1('event: the pull request payload has no pull_request.base.sha (40 hex digits); expected a pull_request event, whose base commit holds the config the check trusts');
    }
    const where = `${configPath} at the base commit ${base.slice(0, 7)}`;
    const text = await github.fileAtCommit(configPath, base);
    if (text !== undefined)
        return { config: (0,load/* parseConfig */.o4)(text, where), source: { description: where, fromPullRequest: false } };
    runtime.warning(`${where}: no such file (a first adoption?); the pull request's own ${configPath} decides which components it touches`);
    return {
        config: await (0,load/* loadConfig */.Z9)(external_node_path_default().resolve(runtime.workspace, configPath), configPath),
        source: {
            description: `${configPath} of the pull request (the base branch has none)`,
            fromPullRequest: true,
        },
    };
}


/***/ })

};
