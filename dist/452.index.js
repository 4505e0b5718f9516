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
// EXTERNAL MODULE: ./src/github/comment-files.ts + 1 modules
var comment_files = __webpack_require__(7210);
// EXTERNAL MODULE: ./src/github/event.ts
var github_event = __webpack_require__(5015);
// EXTERNAL MODULE: ./src/github/factory.ts + 1 modules
var factory = __webpack_require__(2350);
;// CONCATENATED MODULE: ./src/github/workflow-run.ts
/**
 * The pull request a `workflow_run` event is for. GitHub fills `workflow_run.pull_requests` for a pull
 * request from a branch of this repository and leaves it empty for a fork's; then the number the run's
 * artifact names is taken (a fork's code wrote it: only a claim), else the open pull requests from the
 * run's head (`owner:branch`) are listed and the one at the run's `head_sha` taken. Whichever way it was
 * found, the pull request is then read from GitHub (GET /repos/{owner}/{repo}/pulls/{n}) and used only
 * when its head commit is the run's `head_sha` and its head repository the run's `head_repository`:
 * an artifact cannot aim the comment at another pull request. A pull request that has moved on to a
 * newer commit does not match: the newer commit's run will comment.
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
        headRepository: (0,github_event/* optionalString */.sx)(event, 'workflow_run.head_repository.full_name') || undefined,
        name: (0,github_event/* optionalString */.sx)(event, 'workflow_run.name') ?? '',
    };
}
/**
 * The pull request `run` is for, checked against GitHub: listed in the payload, else `claimed` (the
 * artifact's number), else the open one whose head is the run's.
 */
async function findWorkflowRunPullRequest(api, run, claimed) {
    const found = await candidate(api, run, claimed);
    if ('reason' in found)
        return found;
    return verify(api, run, found);
}
async function verify(api, run, found) {
    if (run.headRepository === undefined) {
        return {
            reason: 'the workflow_run payload has no head_repository.full_name to check the pull request against',
        };
    }
    const pull = await api.getPullRequest(found.number);
    const differs = [];
    if (pull.headSha !== run.headSha) {
        differs.push(`its head commit is ${pull.headSha}, the run's head_sha ${run.headSha}`);
    }
    if (pull.headRepository !== run.headRepository) {
        differs.push(`its head repository is ${pull.headRepository ?? '(deleted)'}, the run's head_repository ${run.headRepository}`);
    }
    if (differs.length > 0) {
        return { reason: `pull request #${found.number} (${found.how}) is not the run's: ${differs.join('; ')}` };
    }
    return found;
}
async function candidate(api, run, claimed) {
    const listed = run.pullRequests[0];
    if (listed !== undefined)
        return { number: listed, how: 'workflow_run.pull_requests' };
    if (claimed !== undefined)
        return { number: claimed, how: "the number in the run's comment data" };
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
 * token, so its `coverage` and `quality-gate` steps leave their sections' data in `comment-dir` and the
 * workflow uploads them; this command runs in a `workflow_run` workflow (the base repository's code, a
 * write token), reads the downloaded files, renders them itself and writes them into berth's one
 * comment on the pull request.
 *
 * Steps: check the event → read and validate the data, render it → find the pull request and check it
 * against the run's head commit and head repository → write the sections. The artifact is data under a
 * strict schema, never Markdown (../github/comment-data.ts); the number it names is only a claim.
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
    const claimed = [...new Set(sections.flatMap((s) => (s.pullRequest === null ? [] : [s.pullRequest])))];
    if (claimed.length > 1) {
        runtime.warning(`comment-dir: the section files name different pull requests (${claimed.map((n) => `#${n}`).join(', ')}); nothing posted`);
        return;
    }
    const found = await findWorkflowRunPullRequest(github, run, claimed[0]);
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


/***/ })

};
