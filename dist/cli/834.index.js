export const id = 834;
export const ids = [834];
export const modules = {

/***/ 7834:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DoctorError: () => (/* binding */ DoctorError),
  runDoctor: () => (/* binding */ runDoctor)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/config/load.ts
var load = __webpack_require__(1036);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/github/api.ts
var api = __webpack_require__(8943);
;// CONCATENATED MODULE: ./src/doctor/github-checks.ts
/**
 * `doctor --github`: what the repository's settings leave open, read through the GitHub API — each
 * environment's deployment branches and required reviewers, the workflow token's default permissions,
 * the fork pull request approval policy, and whether the deploying branches require the quality check.
 * One row per setting: ok, missing (`fail` for an environment any branch can deploy to, `warn` for the
 * rest), or `unreadable` when GitHub would not show it to this token (several settings need a repository
 * admin's) — said with the permission it needs, never failing doctor. Each row says where to set it.
 */


const ADMIN = "a repository admin's token (fine-grained: Administration read); GITHUB_TOKEN cannot be given it";
const ACTIONS_READ = "`actions: read` in the job's `permissions:` (fine-grained: Actions read)";
async function read(fn, needs) {
    try {
        return { ok: true, value: await fn() };
    }
    catch (error) {
        if (error instanceof api/* GitHubAccessError */.C) {
            return {
                ok: false,
                why: error.status === 401
                    ? 'GitHub rejected the token (401)'
                    : `GitHub answered ${error.status}: needs ${needs}`,
            };
        }
        if (error instanceof errors/* OutageError */.AP)
            return { ok: false, why: `GitHub did not answer (${error.message})` };
        throw error;
    }
}
const unreadable = (check, why, where) => ({
    check,
    status: 'unreadable',
    found: why,
    fix: `check by hand: ${where}`,
});
const envSetting = (name, part) => `Settings → Environments → ${name} → ${part}`;
/** The environment rows: its deployment branches (required), its reviewers. */
async function environmentRows(api, wanted, listed) {
    const rows = [];
    for (const { name, branches } of wanted) {
        const branchesCheck = `environment ${name}: deployment branches`;
        const reviewersCheck = `environment ${name}: required reviewers`;
        const branchWhere = envSetting(name, `Deployment branches and tags → "Selected branches and tags"${branches.length > 0 ? `: ${branches.join(', ')}` : ''}`);
        const reviewersWhere = envSetting(name, 'Required reviewers');
        if (!listed.ok) {
            rows.push(unreadable(branchesCheck, listed.why, branchWhere));
            rows.push(unreadable(reviewersCheck, listed.why, reviewersWhere));
            continue;
        }
        const env = listed.value.find((e) => e.name.toLowerCase() === name.toLowerCase());
        if (env === undefined) {
            rows.push({
                check: branchesCheck,
                status: 'fail',
                found: 'no such environment on GitHub: the first job that names it creates it, unprotected',
                fix: `Settings → Environments → New environment "${name}", then ${branchWhere}`,
            });
            continue;
        }
        const policy = env.deploymentBranchPolicy;
        if (policy === null || (!policy.protectedBranches && !policy.customBranchPolicies)) {
            rows.push({
                check: branchesCheck,
                status: 'fail',
                found: 'no restriction: any branch can deploy to it',
                fix: branchWhere,
            });
        }
        else if (policy.protectedBranches) {
            rows.push({ check: branchesCheck, status: 'ok', found: 'protected branches only', fix: '' });
        }
        else {
            const policies = await read(() => api.listDeploymentBranchPolicies(env.name), ACTIONS_READ);
            rows.push({
                check: branchesCheck,
                status: 'ok',
                found: policies.ok
                    ? `selected: ${policies.value.map((p) => (p.type === 'tag' ? `tag ${p.name}` : p.name)).join(', ') || 'none (no branch can deploy)'}`
                    : `selected branches and tags (their names: ${policies.why})`,
                fix: '',
            });
        }
        rows.push(env.reviewers.length > 0
            ? {
                check: reviewersCheck,
                status: 'ok',
                found: env.reviewers.map((r) => (r.type === 'Team' ? `team ${r.name}` : `@${r.name}`)).join(', '),
                fix: '',
            }
            : {
                check: reviewersCheck,
                status: 'warn',
                found: "none: a deploy starts without anyone's approval",
                fix: reviewersWhere,
            });
    }
    return rows;
}
async function workflowPermissionsRow(api) {
    const check = 'workflow token: default permissions';
    const where = 'Settings → Actions → General → Workflow permissions';
    const permissions = await read(() => api.getWorkflowPermissions(), ADMIN);
    if (!permissions.ok)
        return unreadable(check, permissions.why, where);
    const { defaultWorkflowPermissions: level, canApprovePullRequestReviews: approves } = permissions.value;
    const found = `${level}${approves ? '; GitHub Actions may create and approve pull requests' : ''}`;
    if (level === 'read' && !approves)
        return { check, status: 'ok', found, fix: '' };
    const fixes = [
        ...(level === 'write' ? ['"Read repository contents and packages permissions"'] : []),
        ...(approves ? ['untick "Allow GitHub Actions to create and approve pull requests"'] : []),
    ];
    return { check, status: 'warn', found, fix: `${where} → ${fixes.join('; ')}` };
}
/** GitHub's three policies, strictest last. */
const FORK_POLICIES = {
    first_time_contributors_new_to_github: 'only contributors new to GitHub need approval',
    first_time_contributors: 'only first-time contributors need approval',
    all_external_contributors: 'every external contributor needs approval',
};
async function forkApprovalRow(api) {
    const check = 'fork pull request workflows: approval';
    const where = 'Settings → Actions → General → Approval for running fork pull request workflows from contributors';
    const policy = await read(() => api.getForkPullRequestApproval(), ADMIN);
    if (!policy.ok)
        return unreadable(check, policy.why, where);
    const found = FORK_POLICIES[policy.value] ?? policy.value;
    if (policy.value === 'all_external_contributors')
        return { check, status: 'ok', found, fix: '' };
    return { check, status: 'warn', found, fix: `${where} → "Require approval for all external contributors"` };
}
/** Whether a required check's name is the quality check: alone, or a reusable workflow's `caller / name`. */
function isQualityCheck(context, name) {
    return context === name || context.endsWith(` / ${name}`);
}
async function requiredCheckRow(api, branch, name) {
    const check = `branch ${branch}: requires ${name}`;
    const where = `Settings → Rules → Rulesets (or Branches → branch protection) for ${branch} → "Require status checks to pass" → ${name}`;
    const [rules, protection] = await Promise.all([
        read(() => api.getBranchRulesChecks(branch), 'read access to the repository'),
        read(() => api.getBranchProtectionChecks(branch), ADMIN),
    ]);
    const byRules = rules.ok && rules.value.some((c) => isQualityCheck(c, name));
    const byProtection = protection.ok && (protection.value ?? []).some((c) => isQualityCheck(c, name));
    if (byRules || byProtection) {
        const by = [...(byRules ? ['a ruleset'] : []), ...(byProtection ? ['branch protection'] : [])];
        return { check, status: 'ok', found: `required by ${by.join(' and ')}`, fix: '' };
    }
    if (!rules.ok || !protection.ok) {
        const heard = [
            rules.ok ? `not required by a ruleset` : `rulesets: ${rules.why}`,
            protection.ok ? 'not required by branch protection' : `branch protection: ${protection.why}`,
        ];
        return unreadable(check, heard.join('; '), where);
    }
    const required = [...rules.value, ...(protection.value ?? [])];
    return {
        check,
        status: 'warn',
        found: protection.value === undefined && rules.value.length === 0
            ? 'the branch requires no status checks (not protected)'
            : `required: ${required.length > 0 ? required.join(', ') : 'no status checks'}`,
        fix: where,
    };
}
/** The branches whose protection matters: the default branch and each environment's plain branches. */
function branchesToCheck(defaultBranch, settings) {
    const named = settings.environments.flatMap((e) => e.branches).filter((b) => !/[*?[\]{}!]/.test(b));
    return [...new Set([...(defaultBranch === undefined ? [] : [defaultBranch]), ...named])];
}
/** Every GitHub row, in the order a reader fixes them: environments, the token, forks, the branches. */
async function examineGitHub(api, settings) {
    const checks = [];
    const environments = await read(() => api.listEnvironments(), ACTIONS_READ);
    if (settings.environments.length === 0) {
        checks.push({
            check: 'environments',
            status: 'skipped',
            found: 'the config names none',
            fix: '',
        });
    }
    checks.push(...(await environmentRows(api, settings.environments, environments)));
    checks.push(await workflowPermissionsRow(api));
    checks.push(await forkApprovalRow(api));
    const defaultBranch = await read(() => api.getDefaultBranch(), 'read access to the repository');
    if (!defaultBranch.ok) {
        checks.push(unreadable('default branch', defaultBranch.why, 'Settings → General → Default branch'));
    }
    for (const branch of branchesToCheck(defaultBranch.ok ? defaultBranch.value : undefined, settings)) {
        checks.push(await requiredCheckRow(api, branch, settings.qualityCheck));
    }
    return { host: `GitHub ${settings.repository}`, checks };
}

// EXTERNAL MODULE: ./src/github/factory.ts + 1 modules
var factory = __webpack_require__(2350);
// EXTERNAL MODULE: ./src/docker/engine.ts
var engine = __webpack_require__(6556);
;// CONCATENATED MODULE: ./src/docker/ps.ts
/**
 * `docker ps` output — pure parsing. `docker ps --format '{{.Names}}\t{{.Ports}}'` prints one container a
 * line: its name, a tab, and what it publishes (`0.0.0.0:18181->3000/tcp, [::]:18181->3000/tcp`).
 */
/** The `--format` template publishedPorts reads. */
const NAMES_AND_PORTS = '{{.Names}}\t{{.Ports}}';
/** `docker ps --format '{{.Names}}\t{{.Ports}}'` lines → host port → container name. */
function publishedPorts(psOutput) {
    const ports = new Map();
    for (const line of psOutput.split('\n')) {
        const [name = '', published = ''] = line.split('\t');
        for (const m of published.matchAll(/:(\d+)->/g))
            ports.set(Number(m[1]), name);
    }
    return ports;
}

// EXTERNAL MODULE: ./src/exec.ts
var src_exec = __webpack_require__(3190);
;// CONCATENATED MODULE: ./src/remote/df.ts
/**
 * `df -Pk` output — pure parsing. POSIX format (-P): a header line, then one line per file system, never
 * wrapped, in 1024-byte blocks (-k): Filesystem, 1024-blocks, Used, Available, Capacity, Mounted on.
 */
/** `df -Pk` output → the space available (bytes) and the mount point; undefined when unreadable. */
function parseDfAvailable(output) {
    const last = output.trim().split('\n').slice(1).at(-1);
    const fields = last?.trim().split(/\s+/) ?? [];
    const kib = Number(fields[3]);
    if (fields.length < 6 || !Number.isFinite(kib))
        return undefined;
    return { bytes: kib * 1024, mount: fields.slice(5).join(' ') };
}

// EXTERNAL MODULE: ./src/remote/proc-net.ts
var proc_net = __webpack_require__(2214);
;// CONCATENATED MODULE: ./src/doctor/model.ts
/**
 * What `doctor` finds: one result per check (ok, a warning, missing, or skipped — with what was found and
 * how to fix it), and a host's report. Pure data; report/doctor-summary.ts renders it.
 */
function failedChecks(report) {
    return report.checks.filter((c) => c.status === 'fail');
}
/** A check not run, and why (`needs nginx`). */
function skipped(check, why) {
    return { check, status: 'skipped', found: why, fix: '' };
}

;// CONCATENATED MODULE: ./src/doctor/probe.ts
/** How doctor asks a host: commands run quietly, a missing program answers as a shell would. */

/** Runs a probe quietly; a program that is not there answers 127, as a shell would. */
async function probe(host, argv) {
    try {
        // No timeoutMs: Node keeps a spawn's timeout timer when the program is missing, holding the exit.
        return await host.exec(argv, { quiet: true });
    }
    catch (error) {
        if ((0,errors/* errnoCode */.UK)(error) === 'ENOENT' || (0,errors/* errnoCode */.UK)(error) === 'EACCES') {
            return { code: 127, stdout: '', stderr: `${argv[0] ?? ''}: not found` };
        }
        throw error;
    }
}
function notFound(result) {
    return result.code === 127 || /command not found|: not found|No such file or directory/.test(result.stderr);
}
async function whoAmI(host) {
    const result = await probe(host, ['id', '-un']);
    return result.code === 0 ? result.stdout.trim() || undefined : undefined;
}

;// CONCATENATED MODULE: ./src/doctor/settings.ts
/**
 * What doctor checks a host against: the deploy inputs (the ports, berth's upstream include, nginx-command,
 * the strategy), or README's defaults where they are empty.
 */


/** The ports README's examples use, checked when blue-port / green-port are not given. */
const DEFAULT_PORTS = { blue: 18080, green: 18081 };
/** Where README's server block includes berth's upstream files from, checked when nginx-upstream-file is empty. */
const DEFAULT_UPSTREAM_DIR = '/etc/nginx/berth';
/** Below `fail`: a pull may not fit; below `warn`: a few more images will not. */
const DISK_THRESHOLDS = { fail: 1024 ** 3, warn: 5 * 1024 ** 3 };
/** The settings doctor checks against, from the deploy inputs (or README's defaults where they are empty). */
function resolveDoctorSettings(inputs, docker = 'docker') {
    if (inputs.strategy === 'kubernetes') {
        throw new errors/* ConfigurationError */.j1('strategy: doctor checks a host for container deploys (blue-green, recreate); strategy kubernetes needs no host of yours: deploy itself finds helm and kubectl and reaches the cluster first, and says what is missing', { key: 'strategy', kind: 'invalid' });
    }
    const recreate = inputs.strategy === 'recreate';
    const ports = [];
    if (recreate) {
        if (inputs.bluePort !== undefined)
            ports.push({ port: inputs.bluePort, input: 'blue-port' });
    }
    else {
        ports.push({ port: inputs.bluePort ?? DEFAULT_PORTS.blue, input: 'blue-port' });
        ports.push({ port: inputs.greenPort ?? DEFAULT_PORTS.green, input: 'green-port' });
    }
    if (ports.length === 2 && ports[0]?.port === ports[1]?.port) {
        throw new errors/* ConfigurationError */.j1(`blue-port / green-port: must differ (both are ${ports[0]?.port}); two containers never share a port`);
    }
    const upstreamFile = inputs.nginxUpstreamFile === '' || inputs.sshHost !== '' || external_node_path_default().isAbsolute(inputs.nginxUpstreamFile)
        ? inputs.nginxUpstreamFile
        : external_node_path_default().resolve(inputs.nginxUpstreamFile);
    return {
        docker,
        nginxCommand: inputs.nginxCommand,
        upstreamFile,
        ports,
        bindAddress: inputs.bindAddress,
        nginx: !recreate,
    };
}

;// CONCATENATED MODULE: ./src/doctor/checks.ts
/**
 * doctor's checks of the host itself: the Docker engine (and its version), BuildKit where images are
 * built, the blue/green ports free, disk space where Docker keeps images, and the self-hosted runner new
 * enough for berth. Each only asks, over the Host seam (this host, or a server over SSH).
 */








const APT_DOCKER = 'sudo apt-get install -y docker.io';
/** Docker reachable: the engine answers the client, and its version. */
async function checkDocker(host, docker) {
    const check = 'Docker engine';
    const result = await probe(host, [docker, ...engine/* DOCKER_VERSION_ARGS */.up]);
    if (result.code === 0) {
        const { server, client } = (0,engine/* parseDockerVersions */.Js)(result.stdout);
        return { check, status: 'ok', found: `engine ${server}, client ${client}`, fix: '' };
    }
    if (notFound(result)) {
        return {
            check,
            status: 'fail',
            found: `${docker}: not found`,
            fix: 'install Docker (Debian/Ubuntu; elsewhere Docker Engine from docs.docker.com/engine/install)',
            command: APT_DOCKER,
        };
    }
    const error = (0,src_exec/* lastLines */.w$)(result.stderr || result.stdout, 1);
    if (/permission denied/i.test(result.stderr)) {
        return {
            check,
            status: 'fail',
            found: `the engine refuses this user: ${error}`,
            fix: "add the runner's user to the docker group, then log in again (restart the runner's service)",
            command: 'sudo usermod -aG docker "$USER"',
        };
    }
    if (/Cannot connect to the Docker daemon|Is the docker daemon running|connection refused/i.test(error)) {
        return {
            check,
            status: 'fail',
            found: `no engine answers: ${error}`,
            fix: 'start the engine (without systemd: sudo dockerd &)',
            command: 'sudo systemctl enable --now docker',
        };
    }
    return { check, status: 'fail', found: error, fix: 'make `docker version` work for this user' };
}
/** BuildKit: the buildx plugin, else the engine's built-in BuildKit; the classic builder is a warning. */
async function checkBuilder(exec, docker, tempDir) {
    const check = 'BuildKit / buildx';
    const configDir = await (0,engine/* createDockerConfig */.lp)(tempDir);
    try {
        const quiet = (argv, options) => exec(argv, { ...options, quiet: true });
        const { builder, notes } = await (0,engine/* detectBuilder */.h4)(quiet, docker, configDir);
        if (builder === 'buildx')
            return { check, status: 'ok', found: notes.join('; '), fix: '' };
        if (builder === 'buildkit') {
            return {
                check,
                status: 'ok',
                found: "no buildx plugin; the engine's built-in BuildKit builds (DOCKER_BUILDKIT=1)",
                fix: '',
            };
        }
        return {
            check,
            status: 'warn',
            found: `classic builder only (${notes.join('; ')})`,
            fix: 'build works, without build secrets, cache export or multi-platform images; install the buildx plugin (docker-buildx on Debian 13 and Ubuntu, docker-buildx-plugin from Docker)',
            command: 'sudo apt-get install -y docker-buildx',
        };
    }
    finally {
        await (0,engine/* removeDockerConfig */.nS)(configDir);
    }
}
/** Each blue/green port is free on the bind address, or held by berth's own container (replaced at the next deploy). */
async function checkPorts(host, settings, dockerUp) {
    if (settings.ports.length === 0)
        return [];
    const texts = await Promise.all(proc_net/* PROC_NET_TCP */.Xr.map((f) => host.readFile(f).catch(() => undefined)));
    if (texts.every((t) => t === undefined)) {
        return settings.ports.map(({ port, input }) => skipped(`port ${port} (${input})`, 'cannot read /proc/net/tcp on this host (not Linux?)'));
    }
    const listeners = texts.flatMap((t) => (t === undefined ? [] : (0,proc_net/* parseListeners */.hW)(t)));
    let berthPorts = new Map();
    if (dockerUp) {
        const ps = await probe(host, [
            settings.docker,
            'ps',
            '--filter',
            'label=berth.app',
            '--format',
            NAMES_AND_PORTS,
        ]);
        if (ps.code === 0)
            berthPorts = publishedPorts(ps.stdout);
    }
    return settings.ports.map(({ port, input }) => {
        const check = `port ${port} (${input})`;
        const owner = berthPorts.get(port);
        if (owner !== undefined) {
            return {
                check,
                status: 'ok',
                found: `held by berth's ${owner} (replaced at the next deploy)`,
                fix: '',
            };
        }
        const taken = listeners.find((l) => (0,proc_net/* clashes */.g0)(l, port, settings.bindAddress));
        if (taken === undefined)
            return { check, status: 'ok', found: `free on ${settings.bindAddress}`, fix: '' };
        return {
            check,
            status: 'fail',
            found: `in use: something listens on ${taken.address === 'ipv6' ? 'an IPv6 address' : taken.address}:${port}`,
            fix: `choose another ${input}, or stop what listens there (to see what: sudo ss -ltnp 'sport = :${port}')`,
        };
    });
}
function formatBytes(bytes) {
    const gib = bytes / 1024 ** 3;
    return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}
/** The first runner release that runs `runs.using: node24` actions (berth's action.yml). */
const NODE24_RUNNER = '2.327.1';
/**
 * Where a self-hosted runner is installed on this host: the runner running this step (its Node is
 * `<root>/externals/node<N>/bin/node`), else the directory GitHub's instructions create. Pure.
 */
function runnerRoots(execPath, home) {
    const running = /^(.*)\/externals\/node\d+\/bin\/node$/.exec(execPath)?.[1];
    return [...new Set([...(running === undefined ? [] : [running]), `${home}/actions-runner`])];
}
/** Whether runner version `version` (`2.330.0`) runs node24 actions; undefined for no version. Pure. */
function runsNode24(version) {
    const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
    if (m === null)
        return undefined;
    const have = m.slice(1, 4).map(Number);
    const need = NODE24_RUNNER.split('.').map(Number);
    for (let i = 0; i < 3; i++)
        if ((have[i] ?? 0) !== (need[i] ?? 0))
            return (have[i] ?? 0) > (need[i] ?? 0);
    return true;
}
/** The self-hosted runner on this host is new enough for berth's node24 action (2.327.1 or later). */
async function checkRunner(host, roots) {
    const check = 'GitHub Actions runner (node24)';
    for (const root of roots) {
        const result = await probe(host, [`${root}/bin/Runner.Listener`, '--version']);
        if (notFound(result))
            continue;
        const version = result.stdout.trim().split('\n').at(-1) ?? '';
        const ok = runsNode24(version);
        const found = `runner ${version || '(no version printed)'} in ${root}`;
        if (ok === true)
            return { check, status: 'ok', found, fix: '' };
        return {
            check,
            status: ok === false ? 'fail' : 'warn',
            found,
            fix: `berth runs on node24, which needs runner ${NODE24_RUNNER} or later: update the runner (it updates itself unless configured with --disableupdate; else install the new release and run config.sh again)`,
        };
    }
    return {
        check,
        status: 'skipped',
        found: `no runner found in ${roots.join(' or ')}`,
        fix: '',
    };
}
/** Free space where Docker keeps images: every deploy pulls one, and keep-images keep the last few. */
async function checkDisk(host, docker, dockerUp, thresholds = DISK_THRESHOLDS) {
    const check = 'disk space for images';
    let root = '/var/lib/docker';
    if (dockerUp) {
        const info = await probe(host, [docker, 'info', '--format', '{{.DockerRootDir}}']);
        if (info.code === 0 && info.stdout.trim() !== '')
            root = info.stdout.trim();
    }
    const result = await probe(host, [
        'sh',
        '-c',
        'd=$1; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; df -Pk "$d"',
        'sh',
        root,
    ]);
    const free = result.code === 0 ? parseDfAvailable(result.stdout) : undefined;
    if (free === undefined) {
        return {
            check,
            status: 'warn',
            found: `df failed for ${root}: ${(0,src_exec/* lastLines */.w$)(result.stderr, 1)}`,
            fix: 'check the free space by hand: df -h',
        };
    }
    const found = `${formatBytes(free.bytes)} free on ${free.mount} (Docker's data: ${root})`;
    if (free.bytes >= thresholds.warn)
        return { check, status: 'ok', found, fix: '' };
    return {
        check,
        status: free.bytes < thresholds.fail ? 'fail' : 'warn',
        found,
        fix: `keep at least ${formatBytes(thresholds.warn)} free: remove images no container uses (berth keeps keep-images per app), or grow the disk`,
        command: 'docker image prune -a',
    };
}

// EXTERNAL MODULE: ./src/nginx/control.ts
var nginx_control = __webpack_require__(2205);
// EXTERNAL MODULE: ./src/nginx/config-dump.ts
var config_dump = __webpack_require__(2003);
// EXTERNAL MODULE: ./src/nginx/upstream.ts
var upstream = __webpack_require__(6983);
// EXTERNAL MODULE: ./src/nginx/worker-access.ts
var worker_access = __webpack_require__(7239);
;// CONCATENATED MODULE: ./src/nginx/switch-checks.ts



const SWITCH_ACCESS_CHECK = "nginx's workers see the switch";
/** Whether nginx's workers may reach the marker deploy would use for `upstreamFile` (or in `dir`). */
async function checkMarkerAccess(host, nginx, upstreamFile, defaultDir) {
    const marker = (0,upstream/* markerFor */._Z)(upstreamFile === '' ? `${defaultDir}/berth.conf` : upstreamFile);
    const ids = await nginx.workerIds().catch(() => undefined);
    const access = await (0,worker_access/* markerAccess */.dY)(host, marker, ids);
    switch (access.status) {
        case 'ok':
            return {
                check: SWITCH_ACCESS_CHECK,
                status: 'ok',
                found: `uid ${access.uid} may search every directory above ${marker}`,
                fix: '',
            };
        case 'blocked':
            return {
                check: SWITCH_ACCESS_CHECK,
                status: 'fail',
                found: `nginx's workers (uid ${access.uid}) cannot search ${access.dir} (mode ${access.mode.toString(8).padStart(4, '0')}): they would never see ${marker}, and every deploy would be refused`,
                fix: "let nginx's user search the directory, or put nginx-upstream-file in one it can (e.g. /etc/nginx/berth)",
                command: `sudo chmod o+x ${access.dir}`,
            };
        case 'unknown':
            return { check: SWITCH_ACCESS_CHECK, status: 'skipped', found: access.why, fix: '' };
    }
}
/** One row per berth include nginx has loaded: reload-free (and the colour it picks) or an earlier berth's. */
async function checkSwitches(host, dump) {
    if (dump === undefined)
        return [];
    const rows = [];
    for (const include of (0,config_dump/* findBerthIncludes */.oc)(dump)) {
        const check = `switch: ${include.note}`;
        const parsed = (0,upstream/* parseSwitchInclude */.uW)(include.text, include.name);
        if (!parsed) {
            rows.push({
                check,
                status: 'warn',
                found: `${include.file} is an earlier berth's include: its deploys reload nginx, which resets requests on kept-alive connections`,
                fix: 'the next deploy of this app and environment installs the reload-free switch (nginx reloads once then); nothing to edit',
            });
            continue;
        }
        const answer = await host.httpGet('127.0.0.1', parsed.entryPort, '/', { [upstream/* PROBE_HEADER */.Py]: parsed.token });
        const colour = answer.status === 200 ? (0,upstream/* parseProbeAnswer */.u2)(answer.body, include.name) : undefined;
        rows.push(colour
            ? {
                check,
                status: 'ok',
                found: `reload-free: nginx proxies ${include.name} to ${colour} (berth's switch on 127.0.0.1:${parsed.entryPort}, ${include.file})`,
                fix: '',
            }
            : {
                check,
                status: 'warn',
                found: `${include.file} is berth's switch, but nothing answers for it on 127.0.0.1:${parsed.entryPort}`,
                fix: "nginx has not loaded it yet, or something else holds the port (nginx's error log says which); the next deploy reloads nginx and checks again",
            });
    }
    return rows;
}

;// CONCATENATED MODULE: ./src/doctor/nginx-checks.ts
/**
 * doctor's checks of nginx: present (`nginx -v` through nginx-command), `nginx -t`, allowed to reload, and
 * berth's upstream include writable and included in nginx's configuration (`nginx -T`).
 */







const UPSTREAM_CHECK = 'upstream include writable';
const INCLUDE_CHECK = "upstream include in nginx's config";
/** nginx present: `nginx -v` through nginx-command. */
async function checkNginx(host, command, user) {
    const check = 'nginx';
    const result = await probe(host, (0,nginx_control/* nginxArgv */.ZW)(command, '-v'));
    if (result.code === 0) {
        const version = (0,nginx_control/* nginxVersionName */.aL)(result.stderr + result.stdout) ?? 'nginx';
        return { check, status: 'ok', found: `${version} (nginx-command: ${command})`, fix: '' };
    }
    if (/^sudo\b/.test(command.trim()) && /sudo:/.test(result.stderr)) {
        return sudoRefused(check, command, result, user);
    }
    return {
        check,
        status: 'fail',
        found: notFound(result) ? `${(0,nginx_control/* nginxArgv */.ZW)(command)[0] ?? 'nginx'}: not found` : (0,src_exec/* lastLines */.w$)(result.stderr, 1),
        fix: 'install nginx, or set nginx-command to how this host runs it (e.g. "sudo nginx", "nginx -p /srv/nginx")',
        command: 'sudo apt-get install -y nginx',
    };
}
/** `nginx -t`: deploy checks it before it starts anything, and after writing the include. */
async function checkNginxConfig(host, command, user) {
    const check = 'nginx -t';
    const result = await probe(host, (0,nginx_control/* nginxArgv */.ZW)(command, '-t'));
    if (result.code === 0)
        return { check, status: 'ok', found: 'the configuration test passes', fix: '' };
    if (/^sudo\b/.test(command.trim()) && /sudo:/.test(result.stderr)) {
        return sudoRefused(check, command, result, user);
    }
    if (/Permission denied/.test(result.stderr)) {
        return {
            check,
            status: 'fail',
            found: (0,src_exec/* lastLines */.w$)(result.stderr, 1),
            fix: `nginx -t reads nginx's files as root: set nginx-command to "sudo nginx" and allow it without a password (visudo -f /etc/sudoers.d/berth)`,
            command: sudoersRule(user),
        };
    }
    return {
        check,
        status: 'fail',
        found: (0,src_exec/* lastLines */.w$)(result.stderr, 2),
        fix: 'fix what nginx reports, then run nginx -t again; deploy never reloads a configuration that fails it',
    };
}
/** Reload: nginx runs (a pid in its pid file) and this user may signal it (or sudo allows `-s reload`). */
async function checkNginxReload(host, command, dump, user) {
    const check = 'nginx reload';
    const version = await probe(host, (0,nginx_control/* nginxArgv */.ZW)(command, '-V'));
    const pidFile = (0,nginx_control/* resolvePidFile */.mR)(command, dump ?? '', version.stderr + version.stdout);
    const text = pidFile === undefined ? undefined : await host.readFile(pidFile).catch(() => undefined);
    const pid = Number((text ?? '').trim());
    if (!Number.isInteger(pid) || pid <= 0) {
        return {
            check,
            status: 'fail',
            found: `nginx is not running (no pid in ${pidFile ?? 'its pid file'})`,
            fix: 'start nginx (berth reloads a running nginx, it never starts one)',
            command: 'sudo systemctl enable --now nginx',
        };
    }
    const parts = (0,nginx_control/* nginxArgv */.ZW)(command);
    if (parts[0] === 'sudo') {
        const rest = parts.slice(1);
        while (rest[0]?.startsWith('-'))
            rest.shift(); // sudo's own options
        const allowed = await probe(host, ['sudo', '-n', '-l', ...rest, '-s', 'reload']);
        if (allowed.code === 0) {
            return {
                check,
                status: 'ok',
                found: `sudo allows "${rest.join(' ')} -s reload" (master pid ${pid})`,
                fix: '',
            };
        }
        return sudoRefused(check, command, allowed, user);
    }
    const signal = await probe(host, ['sh', '-c', 'kill -0 "$1"', 'sh', String(pid)]);
    if (signal.code === 0)
        return { check, status: 'ok', found: `may signal nginx's master (pid ${pid})`, fix: '' };
    return {
        check,
        status: 'fail',
        found: `${user ?? 'this user'} may not signal nginx's master (pid ${pid}, another user's)`,
        fix: 'set nginx-command to "sudo nginx" and allow it without a password (visudo -f /etc/sudoers.d/berth)',
        command: sudoersRule(user),
    };
}
function sudoRefused(check, command, result, user) {
    return {
        check,
        status: 'fail',
        found: `${command}: ${(0,src_exec/* lastLines */.w$)(result.stderr || 'sudo refused', 1)}`,
        fix: "allow the runner's user to run nginx through sudo without a password (visudo -f /etc/sudoers.d/berth)",
        command: sudoersRule(user),
    };
}
/** The sudoers line for exactly what deploy runs. */
function sudoersRule(user, nginx = '/usr/sbin/nginx') {
    const args = ['-t', '-T', '-V', '-s reload'].map((a) => `${nginx} ${a}`).join(', ');
    return `${user ?? 'RUNNER_USER'} ALL=(root) NOPASSWD: ${args}`;
}
/** `nginx -T`: the whole configuration, or undefined when this user cannot read it. */
async function nginxDump(host, command) {
    const result = await probe(host, (0,nginx_control/* nginxArgv */.ZW)(command, '-T'));
    return result.code === 0 ? result.stdout : undefined;
}
/**
 * The include's directory is writable, or can be made: berth replaces the file atomically (a temp
 * file renamed over it), so it needs the directory, not only the file.
 */
async function checkUpstreamWritable(host, upstreamFile, user) {
    const dir = upstreamFile === '' ? DEFAULT_UPSTREAM_DIR : external_node_path_default().posix.dirname(upstreamFile);
    // No input: README's directory, where a server block would include berth's files from.
    const what = upstreamFile === '' ? `nginx-upstream-file not given; ${dir}:` : `${dir}:`;
    // The nearest directory that exists: berth creates the rest (mkdir -p) when it may write there.
    const result = await probe(host, [
        'sh',
        '-c',
        'd=$1; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; echo "$d"; [ -d "$d" ] && [ -w "$d" ] && [ -x "$d" ]',
        'sh',
        dir,
    ]);
    const existing = result.stdout.trim().split('\n')[0] || dir;
    if (result.code === 0) {
        const found = existing === dir
            ? `${what} writable`
            : `${what} not there yet; berth creates it (${existing} is writable)`;
        return { check: UPSTREAM_CHECK, status: 'ok', found, fix: '' };
    }
    return {
        check: UPSTREAM_CHECK,
        status: 'fail',
        found: `${what} ${existing === dir ? 'not' : `not there, and ${existing} is not`} writable by ${user ?? 'this user'}`,
        fix: `give the runner's user the directory (and include ${dir}/*.conf in nginx's http block)`,
        command: `sudo install -d -o ${user ?? 'RUNNER_USER'} ${dir}`,
    };
}
/** A warning when nginx's configuration does not include the file: deploy would switch nothing. */
function checkUpstreamIncluded(upstreamFile, dump) {
    if (dump === undefined)
        return skipped(INCLUDE_CHECK, 'nginx -T cannot be read by this user');
    const dir = upstreamFile === '' ? DEFAULT_UPSTREAM_DIR : external_node_path_default().posix.dirname(upstreamFile);
    const target = upstreamFile === '' ? `${dir}/*.conf` : upstreamFile;
    const included = upstreamFile === '' ? (0,config_dump/* includesUnder */.Wf)(dump, dir) : (0,config_dump/* includesFile */.eF)(dump, upstreamFile);
    if (included)
        return { check: INCLUDE_CHECK, status: 'ok', found: `included: ${target}`, fix: '' };
    return {
        check: INCLUDE_CHECK,
        status: 'warn',
        found: `no include directive of nginx's configuration names ${target}`,
        fix: "add it to the http block, with a server block that proxies to berth's upstream (README: deploy), then reload nginx",
        command: `include ${target};`,
    };
}

;// CONCATENATED MODULE: ./src/doctor/examine.ts
/**
 * The catalogue: every check doctor runs on one host, in the order a reader fixes them; a check that
 * needs another's success (nginx's, Docker's) is skipped with why when that one failed.
 */







/** Every check on one host, in that order. */
async function examineHost(host, settings, options = {}) {
    const user = await whoAmI(host);
    const checks = [];
    const docker = await checkDocker(host, settings.docker);
    checks.push(docker);
    checks.push(options.builder
        ? docker.status === 'ok'
            ? await options.builder()
            : skipped('BuildKit / buildx', 'needs the Docker engine')
        : skipped('BuildKit / buildx', `images are built on the runner, not on ${host.label}`));
    if (settings.nginx) {
        const nginx = await checkNginx(host, settings.nginxCommand, user);
        checks.push(nginx);
        if (nginx.status === 'ok') {
            const tested = await checkNginxConfig(host, settings.nginxCommand, user);
            checks.push(tested);
            const dump = await nginxDump(host, settings.nginxCommand);
            checks.push(await checkNginxReload(host, settings.nginxCommand, dump, user));
            checks.push(await checkUpstreamWritable(host, settings.upstreamFile, user));
            checks.push(checkUpstreamIncluded(settings.upstreamFile, dump));
            const control = new nginx_control/* NginxControl */.Q5(host, settings.nginxCommand, 0);
            checks.push(await checkMarkerAccess(host, control, settings.upstreamFile, DEFAULT_UPSTREAM_DIR));
            checks.push(...(await checkSwitches(host, dump)));
        }
        else {
            for (const name of ['nginx -t', 'nginx reload', UPSTREAM_CHECK, INCLUDE_CHECK, SWITCH_ACCESS_CHECK]) {
                checks.push(skipped(name, 'needs nginx'));
            }
        }
    }
    else {
        checks.push(skipped('nginx', 'strategy recreate: no nginx in front of a worker'));
    }
    checks.push(...(await checkPorts(host, settings, docker.status === 'ok')));
    checks.push(await checkDisk(host, settings.docker, docker.status === 'ok', settings.disk));
    if (options.runnerRoots !== undefined)
        checks.push(await checkRunner(host, options.runnerRoots));
    return { host: host.label, ...(user ? { user } : {}), checks };
}

// EXTERNAL MODULE: ./src/remote/host.ts
var remote_host = __webpack_require__(5990);
// EXTERNAL MODULE: ./src/remote/ssh.ts
var ssh = __webpack_require__(8136);
// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(4285);
;// CONCATENATED MODULE: ./src/report/doctor-summary.ts
/**
 * What `doctor` found on a host (the model: doctor/model.ts), as the step summary (a Markdown table:
 * check, status, what was found, how to fix it) and as plain log lines for a terminal. Pure. A check's
 * `fix` is berth's own prose with found values in it (escaped); its `command` is a command line to run,
 * shown as code.
 */


const STATUS_LABEL = {
    ok: '✅ ok',
    warn: '⚠️ warning',
    fail: '❌ missing',
    skipped: '➖ skipped',
    unreadable: '🔒 could not read',
};
/** The headline: what deploy can do on this host. */
function doctorVerdict(report) {
    const failed = failedChecks(report).length;
    const warned = report.checks.filter((c) => c.status === 'warn').length;
    if (failed > 0) {
        return `${failed} required check${failed === 1 ? '' : 's'} failed: deploy cannot run here yet`;
    }
    if (warned > 0)
        return `ready to deploy, with ${warned} warning${warned === 1 ? '' : 's'}`;
    return 'ready to deploy';
}
/** A code span that survives a table cell: no backticks inside, pipes escaped. */
function code(text) {
    return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}
function fixCell(check) {
    const words = (0,markdown/* escapeMarkdown */.F)(check.fix);
    if (check.command === undefined)
        return words;
    return words === '' ? code(check.command) : `${words}: ${code(check.command)}`;
}
function renderDoctorSummary(report) {
    const who = report.user ? ` as ${(0,markdown/* escapeMarkdown */.F)(report.user)}` : '';
    const rows = report.checks.map((c) => `| ${(0,markdown/* escapeMarkdown */.F)(c.check)} | ${STATUS_LABEL[c.status]} | ${(0,markdown/* escapeMarkdown */.F)(c.found)} | ${fixCell(c)} |`);
    return [
        `### berth doctor: ${(0,markdown/* escapeMarkdown */.F)(report.host)}${who}: ${doctorVerdict(report)}`,
        '',
        '| Check | Status | Found | How to fix |',
        '| --- | --- | --- | --- |',
        ...rows,
        '',
    ].join('\n');
}
/** The GitHub section's headline: what the repository's settings leave open. */
function githubVerdict(report) {
    const failed = failedChecks(report).length;
    const warned = report.checks.filter((c) => c.status === 'warn').length;
    const unread = report.checks.filter((c) => c.status === 'unreadable').length;
    const parts = [
        failed > 0
            ? `${failed} required setting${failed === 1 ? '' : 's'} missing`
            : 'the required settings are set',
        ...(warned > 0 ? [`${warned} to tighten`] : []),
        ...(unread > 0 ? [`${unread} not readable with this token`] : []),
    ];
    return parts.join(', ');
}
/** The GitHub section as a table: each setting, what GitHub said, and where in Settings to change it. */
function renderGitHubSummary(report) {
    const rows = report.checks.map((c) => `| ${(0,markdown/* escapeMarkdown */.F)(c.check)} | ${STATUS_LABEL[c.status]} | ${(0,markdown/* escapeMarkdown */.F)(c.found)} | ${fixCell(c)} |`);
    return [
        `### berth doctor: ${(0,markdown/* escapeMarkdown */.F)(report.host)}: ${githubVerdict(report)}`,
        '',
        '| Setting | Status | Found | Where to set it |',
        '| --- | --- | --- | --- |',
        ...rows,
        '',
    ].join('\n');
}
/** One line per check (and an indented fix line), for the log: `missing  Docker engine: not found`. */
function renderDoctorText(report) {
    const width = Math.max(...report.checks.map((c) => c.check.length), 0);
    const statusWidth = Math.max(7, ...report.checks.map((c) => c.status.length));
    const lines = report.checks.flatMap((c) => {
        const line = `${c.status.padEnd(statusWidth)}  ${c.check.padEnd(width)}  ${c.found}`;
        if (c.fix === '' && c.command === undefined)
            return [line];
        const fix = c.command === undefined ? c.fix : c.fix === '' ? c.command : `${c.fix}: ${c.command}`;
        return [line, `${' '.repeat(statusWidth + 2)}${' '.repeat(width)}  fix: ${fix}`];
    });
    return lines.join('\n');
}

// EXTERNAL MODULE: ./src/remote/ssh-targets.ts
var ssh_targets = __webpack_require__(8915);
;// CONCATENATED MODULE: ./src/commands/doctor.ts
/**
 * `doctor`: checks a host for what `deploy` needs there and prints a table of what is missing and how to
 * fix it (the checks: src/doctor/). It changes nothing: every check only asks. Fails when a required
 * check fails. The steps: the inputs → for each host (this one, or each SSH server) → its checks → with
 * `github: true`, the repository's settings read through the GitHub API → the log and the summary → the
 * `passed` output, and the failure naming what failed.
 */
















async function runDoctor(inputs, runtime, deps = {}) {
    const settings = resolveDoctorSettings(inputs, deps.docker);
    const exec = deps.exec ?? (0,src_exec/* createExec */.k7)(runtime);
    const targets = (0,ssh_targets/* resolveSshTargets */.j)(inputs);
    const reports = [];
    for (const target of targets.length > 0 ? targets : [undefined]) {
        const host = target
            ? await ssh/* SshHost */.fQ.open(exec, runtime, target)
            : new remote_host/* LocalHost */.an(exec, runtime.tempDir, (0,external_node_os_.homedir)());
        try {
            const report = await examine(host, settings, exec, runtime);
            reports.push(report);
            runtime.info(`berth doctor: ${report.host}: ${doctorVerdict(report)}\n${renderDoctorText(report)}`);
        }
        finally {
            await host.close();
        }
    }
    const github = inputs.github
        ? await examineGitHub(deps.github ?? (0,factory/* githubFor */.dG)(runtime, inputs), await githubSettings(inputs, runtime))
        : undefined;
    if (github)
        runtime.info(`berth doctor: ${github.host}: ${githubVerdict(github)}\n${renderDoctorText(github)}`);
    const failed = [...reports, ...(github ? [github] : [])].flatMap((r) => failedChecks(r).map((c) => `${c.check} (${r.host})`));
    runtime.setOutput('passed', String(failed.length === 0));
    await runtime.appendSummary([...reports.map(renderDoctorSummary), ...(github ? [renderGitHubSummary(github)] : [])].join('\n'));
    if (failed.length > 0) {
        throw new DoctorError(`berth doctor: ${failed.length} required check${failed.length === 1 ? '' : 's'} failed: ${failed.join(', ')}. The table says how to fix each.`);
    }
}
/** What the GitHub rows check: the config's environments and their branches (else the `environment` input). */
async function githubSettings(inputs, runtime) {
    const file = external_node_path_default().resolve(runtime.workspace, inputs.config);
    const exists = await (0,promises_.stat)(file).then(() => true, () => false);
    const environments = exists
        ? (await (0,load/* loadConfig */.Z9)(file, inputs.config)).environments.map((e) => ({
            name: e.name,
            branches: e.branches,
        }))
        : inputs.environment === ''
            ? []
            : [{ name: inputs.environment, branches: [] }];
    return { repository: runtime.getContext('repository'), environments, qualityCheck: inputs.qualityCheck };
}
/** One host's checks; the runner's own (BuildKit, the runner's version) only where berth runs. */
function examine(host, settings, exec, runtime) {
    return examineHost(host, settings, {
        // The runner builds the images (build), not the server: BuildKit is checked where berth runs.
        builder: host.remote ? undefined : () => checkBuilder(exec, settings.docker, runtime.tempDir),
        runnerRoots: host.remote ? undefined : runnerRoots(process.execPath, (0,external_node_os_.homedir)()),
    });
}
/** A host that is not ready: the user's to fix, like a failed gate. */
class DoctorError extends errors/* ConfigurationError */.j1 {
    name = 'DoctorError';
}


/***/ })

};
