/**
 * The rules every workflow and template of berth must keep, each a function from a parsed workflow to
 * its findings (`file:line: what is wrong`). An empty list is a pass.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type {
  Job,
  ReusableWorkflowJob,
  Step,
  WorkflowJob,
} from '@actions/workflow-parser/model/workflow-template';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import {
  isBasicExpression,
  isMapping,
  isSequence,
  isString,
} from '@actions/workflow-parser/templates/tokens/type-guards';
import {
  COMMANDS,
  INPUTS,
  SUB_ACTIONS,
  SUB_ACTION_NAMES,
  type CommandName,
  type InputName,
  type InputSpec,
  type SubActionName,
} from '../../src/action-spec.js';
import { INPUT_NAMES, takesInput } from '../../src/inputs.js';
import { closest } from '../../src/suggest.js';
import { pullRequestPayload } from './events.js';
import { ROOT } from './run-dist.js';
import {
  contextPaths,
  entries,
  expressionsIn,
  find,
  isReusableOnly,
  jobsThatRun,
  lineOf,
  loadWorkflow,
  resolveWorkflowRef,
  scalarText,
  tokenToJson,
  triggers,
  workflowCallInterface,
  BERTH_REPOSITORY,
  type JobResult,
  type JsonObject,
  type LoadedWorkflow,
  type Payload,
} from './workflows.js';

export type Rule = (wf: LoadedWorkflow) => Promise<string[]>;

const at = (wf: LoadedWorkflow, token: TemplateToken | undefined | number, message: string): string =>
  `${wf.file}:${typeof token === 'number' ? token : lineOf(token)}: ${message}`;

const jobsOf = (wf: LoadedWorkflow): WorkflowJob[] => wf.template.jobs;
const stepsOf = (job: WorkflowJob): Step[] => (job.type === 'job' ? (job as Job).steps : []);
const jobToken = (wf: LoadedWorkflow, id: string): TemplateToken | undefined =>
  find(find(wf.document, 'jobs'), id);

// ---------------------------------------------------------------------------------------------------
// 1. Untrusted input in scripts

/**
 * Attacker-controlled parts of the `github` context (GitHub's "Script injections" and Security Lab's
 * "Untrusted input" lists): `*` is any key or index.
 */
export const UNTRUSTED_PATHS = [
  'github.head_ref',
  'github.event.issue.title',
  'github.event.issue.body',
  'github.event.pull_request.title',
  'github.event.pull_request.body',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.label',
  'github.event.pull_request.head.repo.default_branch',
  'github.event.pull_request.labels.*.name',
  'github.event.discussion.title',
  'github.event.discussion.body',
  'github.event.comment.body',
  'github.event.review.body',
  'github.event.review_comment.body',
  'github.event.pages.*.page_name',
  'github.event.commits.*.message',
  'github.event.commits.*.author.email',
  'github.event.commits.*.author.name',
  'github.event.head_commit.message',
  'github.event.head_commit.author.email',
  'github.event.head_commit.author.name',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.head_commit.message',
  'github.event.workflow_run.head_commit.author.email',
  'github.event.workflow_run.head_commit.author.name',
  'github.event.workflow_run.display_title',
  'github.event.workflow_run.pull_requests.*.head.ref',
].map((p) => p.split('.'));

/** GitHub's rule of thumb: event values ending in these are attacker-controlled text. */
const UNTRUSTED_SUFFIXES = new Set([
  'body',
  'default_branch',
  'email',
  'head_ref',
  'head_branch',
  'label',
  'message',
  'name',
  'page_name',
  'ref',
  'title',
  'display_title',
]);

const segmentMatches = (pattern: string, seg: string): boolean =>
  pattern === '*' || pattern === seg || seg === '?';

/** Why a context path is untrusted, or undefined when it is not. */
export function untrustedReason(path: string[]): string | undefined {
  const text = path.join('.');
  const p = path.map((s) => s.toLowerCase());
  for (const u of UNTRUSTED_PATHS) {
    if (p.length === u.length && p.every((s, i) => segmentMatches(u[i] as string, s))) return text;
    // The whole object (`toJSON(github.event)`) carries the untrusted values in it.
    if (p.length < u.length && p.every((s, i) => segmentMatches(u[i] as string, s)))
      return `${text} (it holds ${u.join('.')})`;
  }
  if (p[0] === 'github' && p[1] === 'event' && p.length > 2) {
    const last = p[p.length - 1] as string;
    if (UNTRUSTED_SUFFIXES.has(last)) return text;
    if (p.includes('?')) return `${text} (a computed key of the event)`;
  }
  return undefined;
}

const USES_SCRIPT = /^actions\/github-script@/;

export const noUntrustedInputInScripts: Rule = async (wf) => {
  const findings: string[] = [];
  for (const job of jobsOf(wf)) {
    for (const step of stepsOf(job)) {
      const scripts: TemplateToken[] = [];
      if ('run' in step) scripts.push(step.run);
      if ('uses' in step && USES_SCRIPT.test(step.uses.value)) {
        const script = find(find(stepToken(wf, job, step), 'with'), 'script');
        if (script) scripts.push(script);
      }
      for (const script of scripts)
        for (const { expression, line } of expressionsIn(script))
          for (const p of contextPaths(expression)) {
            const reason = untrustedReason(p);
            if (reason)
              findings.push(
                at(
                  wf,
                  line,
                  `jobs.${job.id.value}: ${reason} is expanded inside a script; pass it through env:`,
                ),
              );
          }
    }
  }
  return findings;
};

/** The raw step mapping (for keys the model drops, like `with`). */
function stepToken(wf: LoadedWorkflow, job: WorkflowJob, step: Step): TemplateToken | undefined {
  const steps = find(jobToken(wf, job.id.value), 'steps');
  const index = stepsOf(job).indexOf(step);
  if (steps === undefined || !isSequence(steps) || index < 0 || index >= steps.count) return undefined;
  return steps.get(index);
}

// ---------------------------------------------------------------------------------------------------
// 2. Privileged jobs unreachable from pull requests and comments

/** Events an outsider can cause with a pull request, a review or a comment. */
export const OUTSIDER_EVENTS = [
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
  'issue_comment',
] as const;

const require = createRequire(import.meta.url);
interface ExampleSet {
  name: string;
  examples: JsonObject[];
}
let exampleSets: ExampleSet[] | undefined;
function examples(name: string): JsonObject[] {
  exampleSets ??= JSON.parse(
    readFileSync(require.resolve('@octokit/webhooks-examples'), 'utf8'),
  ) as ExampleSet[];
  return exampleSets.find((s) => s.name === name)?.examples ?? [];
}

/** Sample payloads of each outsider event: every example GitHub publishes, plus edited pull requests. */
export function outsiderSamples(eventName: string): { label: string; payload: Payload }[] {
  const source = eventName === 'pull_request_target' ? 'pull_request' : eventName;
  const samples: { label: string; payload: Payload }[] = examples(source).map((payload, i) => ({
    label: `${eventName} ${String(payload.action ?? '')} (example ${i})`,
    payload,
  }));
  if (source === 'pull_request') {
    const edited: [string, Parameters<typeof pullRequestPayload>[0]][] = [
      [
        'merged into release, labelled Backend',
        { action: 'closed', merged: true, base: 'release', labels: ['Backend'] },
      ],
      ['closed unmerged', { action: 'closed', merged: false, base: 'release', labels: ['Backend'] }],
      [
        'opened from a fork into release',
        { action: 'opened', base: 'release', labels: ['Backend'], fork: true },
      ],
      ['labelled Backend', { action: 'labeled', base: 'release', labels: ['Backend', 'Frontend'] }],
    ];
    for (const [label, o] of edited)
      samples.push({ label: `${eventName} ${label}`, payload: pullRequestPayload(o) });
  }
  return samples;
}

const GITHUB_HOSTED = /^(ubuntu|windows|macos)-[\w.-]+$/;

/**
 * A job with an `environment`, on a self-hosted runner (or any label GitHub does not host), or whose
 * `runs-on` is computed, must not run for any outsider event, whatever the jobs before it output or
 * how they end. Reusable workflows are checked through the workflows that call them.
 */
export const privilegedJobsUnreachableFromPullRequests: Rule = async (wf) => {
  if (isReusableOnly(wf)) return [];
  const findings = new Map<string, string>();
  const scenarios: { defaultOutput: string; defaultResult: JobResult }[] = [
    { defaultOutput: '', defaultResult: 'success' },
    { defaultOutput: 'true', defaultResult: 'success' },
    { defaultOutput: 'true', defaultResult: 'failure' },
  ];
  for (const eventName of OUTSIDER_EVENTS) {
    if (wf.template.events[eventName] === undefined) continue;
    for (const sample of outsiderSamples(eventName)) {
      if (!triggers(wf, eventName, sample.payload, 'types')) continue;
      for (const scenario of scenarios) {
        const run = await jobsThatRun(wf, {
          eventName,
          payload: sample.payload,
          filters: 'types',
          defaultOutput: scenario.defaultOutput,
          defaultResult: scenario.defaultResult,
        });
        for (const i of run.instances) {
          const reasons: string[] = [];
          if (i.hasEnvironment) reasons.push(`environment ${i.environment ?? '(computed)'}`);
          if (i.runsOnIsExpression) reasons.push('runs-on computed from data');
          const custom = (i.runsOn ?? []).filter((l) => !GITHUB_HOSTED.test(l));
          if (custom.length > 0) reasons.push(`runner labels ${custom.join(', ')}`);
          if (reasons.length > 0 && !findings.has(i.job))
            findings.set(
              i.job,
              `${wf.file}: job ${i.job} (${i.file}; ${reasons.join('; ')}) runs for ${sample.label}`,
            );
        }
      }
    }
  }
  return [...findings.values()];
};

// ---------------------------------------------------------------------------------------------------
// 3. pull_request_target / workflow_run never check out the pull request

const PR_CODE = [
  /^github\.event\.pull_request\.head/,
  /^github\.head_ref$/,
  /^github\.event\.number$/,
  /^github\.event\.pull_request\.(number|merge_commit_sha)$/,
  /^github\.event\.workflow_run\.(head_sha|head_branch|head_repository|pull_requests)/,
];

export const privilegedRunsCheckOutNoPullRequestCode: Rule = async (wf) => {
  const events = Object.keys(wf.template.events).filter(
    (e) => e === 'pull_request_target' || e === 'workflow_run',
  );
  if (events.length === 0) return [];
  const findings: string[] = [];
  const visit = async (w: LoadedWorkflow, where: string): Promise<void> => {
    for (const job of jobsOf(w)) {
      if (job.type === 'reusableWorkflowJob') {
        const file = resolveWorkflowRef((job as ReusableWorkflowJob).ref.value, w.root);
        if (file !== undefined) await visit(await loadWorkflow(file, w.root), `${where} → ${file}`);
        continue;
      }
      for (const step of stepsOf(job)) {
        if ('uses' in step && /^actions\/checkout@/.test(step.uses.value)) {
          const w2 = find(stepToken(w, job, step), 'with');
          for (const key of ['ref', 'repository']) {
            const value = find(w2, key);
            const text = scalarText(value);
            const bad =
              /refs\/pull\//.test(text) ||
              expressionsIn(value).some(({ expression }) =>
                contextPaths(expression).some((p) =>
                  PR_CODE.some((re) => re.test(p.join('.').toLowerCase())),
                ),
              );
            if (bad)
              findings.push(
                at(
                  w,
                  value,
                  `jobs.${job.id.value}: ${events.join('/')} run (${where}) checks out pull request code (${key}: ${text})`,
                ),
              );
          }
        }
        if ('run' in step) {
          const text = scalarText(step.run);
          if (/gh\s+pr\s+checkout|git\s+fetch[^\n]*pull\/|refs\/pull\//.test(text))
            findings.push(
              at(
                w,
                step.run,
                `jobs.${job.id.value}: ${events.join('/')} run (${where}) fetches pull request code`,
              ),
            );
        }
      }
    }
  };
  await visit(wf, wf.file);
  return findings;
};

// ---------------------------------------------------------------------------------------------------
// 4. Permissions

/** Write scopes a job may raise, each for one named use. */
export const JOB_WRITE_SCOPES = new Set([
  'pull-requests',
  'deployments',
  'id-token',
  'checks',
  'statuses',
  'packages',
]);

/**
 * berth's action in a step's `uses`: the root (`./`, `OWNER/berth@v0`; sub undefined) or a sub-action
 * (`./deploy`, `OWNER/berth/deploy@v0`); undefined for any other action.
 */
export function berthActionOf(uses: string): { sub?: SubActionName } | undefined {
  const local = /^\.\/([a-z-]*)$/.exec(uses)?.[1];
  const remote = BERTH_REF.exec(uses);
  if (local === undefined && remote === null) return undefined;
  // `OWNER/berth/deploy@v0` → `deploy`; a reusable workflow's path is no sub-action.
  const sub = local ?? (remote?.[1] ?? '').slice(1);
  if (sub === '') return {};
  return (SUB_ACTION_NAMES as string[]).includes(sub) ? { sub: sub as SubActionName } : undefined;
}

/** The command a berth step runs: its sub-action's, else its literal `with.command`. */
function berthCommandOf(wf: LoadedWorkflow, job: WorkflowJob, step: Step): string | undefined {
  if (!('uses' in step)) return undefined;
  const berth = berthActionOf(step.uses.value);
  if (berth === undefined) return undefined;
  if (berth.sub !== undefined) return SUB_ACTIONS[berth.sub].command;
  return scalarText(find(find(stepToken(wf, job, step), 'with'), 'command'));
}

async function buildsImages(wf: LoadedWorkflow, job: WorkflowJob): Promise<boolean> {
  if (job.type === 'reusableWorkflowJob') {
    const file = resolveWorkflowRef((job as ReusableWorkflowJob).ref.value, wf.root);
    if (file === undefined) return false;
    const callee = await loadWorkflow(file, wf.root);
    for (const j of jobsOf(callee)) if (await buildsImages(callee, j)) return true;
    return false;
  }
  // berth's build pushes: GHCR takes GITHUB_TOKEN with packages: write.
  return stepsOf(job).some((s) => berthCommandOf(wf, job, s) === 'build');
}

const CLOUD_LOGIN = /^(aws-actions\/configure-aws-credentials|google-github-actions\/auth|azure\/login)@/;

/**
 * A job that always signs in to a cloud: a cloud login step without an `if:` of its own (the job's `if:`
 * decides whether it runs at all, so the OIDC token exists only when a role is configured). A deploy
 * (environment) alone needs none. A reusable workflow's call passes the permission down as a ceiling
 * (GitHub checks every nested job's request, run or not): allowed when a callee job is such a job.
 */
async function deploysOrCallsCloud(wf: LoadedWorkflow, job: WorkflowJob): Promise<boolean> {
  if (job.type === 'reusableWorkflowJob') {
    const file = resolveWorkflowRef((job as ReusableWorkflowJob).ref.value, wf.root);
    if (file === undefined) return false;
    const callee = await loadWorkflow(file, wf.root);
    for (const j of jobsOf(callee)) if (await deploysOrCallsCloud(callee, j)) return true;
    return false;
  }
  return stepsOf(job).some(
    // The parser gives a step without `if:` the default `success()`, with no place in the file.
    (s) => 'uses' in s && CLOUD_LOGIN.test(s.uses.value) && (s.if === undefined || s.if.range === undefined),
  );
}

export const leastPrivilege: Rule = async (wf) => {
  const findings: string[] = [];
  const top = find(wf.document, 'permissions');
  if (top === undefined)
    findings.push(at(wf, 1, 'no top-level permissions: the token gets the repository default'));
  else if (isString(top)) {
    if (top.value !== 'read-all')
      findings.push(at(wf, top, `top-level permissions: ${top.value}; expected contents: read or {}`));
  } else
    for (const [scope, value] of entries(top))
      if (scalarText(value) === 'write')
        findings.push(
          at(wf, value, `top-level permissions raise ${scope}: write; raise it in the job that needs it`),
        );
  for (const job of jobsOf(wf)) {
    const perms = find(jobToken(wf, job.id.value), 'permissions');
    if (perms === undefined) continue;
    if (isString(perms)) {
      if (perms.value === 'write-all')
        findings.push(at(wf, perms, `jobs.${job.id.value}: permissions: write-all`));
      continue;
    }
    for (const [scope, value] of entries(perms)) {
      if (scalarText(value) !== 'write') continue;
      if (!JOB_WRITE_SCOPES.has(scope))
        findings.push(
          at(
            wf,
            value,
            `jobs.${job.id.value}: ${scope}: write is not one a berth job raises (${[...JOB_WRITE_SCOPES].join(', ')})`,
          ),
        );
      else if (scope === 'packages' && !(await buildsImages(wf, job)))
        findings.push(
          at(wf, value, `jobs.${job.id.value}: packages: write in a job that builds no image (berth build)`),
        );
      else if (scope === 'id-token' && !(await deploysOrCallsCloud(wf, job)))
        findings.push(
          at(
            wf,
            value,
            `jobs.${job.id.value}: id-token: write in a job that does not always sign in to a cloud (a cloud login step without an if: of its own; split the job by an if: on the role input)`,
          ),
        );
    }
  }
  return findings;
};

// ---------------------------------------------------------------------------------------------------
// 5. Pinned actions

export interface PinnedAction {
  action: string;
  sha: string;
  version: string;
  sources: string[];
}
export const PINNED_ACTIONS_FILE = path.join(ROOT, '__tests__/fixtures/pinned-actions.json');
export function pinnedActions(): PinnedAction[] {
  return JSON.parse(readFileSync(PINNED_ACTIONS_FILE, 'utf8')) as PinnedAction[];
}

/** berth's own action and reusable workflows: `OWNER/berth@v0`, `OWNER/berth/.github/workflows/x.yml@v0`. */
const BERTH_REF = new RegExp(`^[^/]+/${BERTH_REPOSITORY}(/[^@]+)?@(.+)$`);

function usesTokens(wf: LoadedWorkflow): { job: string; token: TemplateToken & { value: string } }[] {
  const out: { job: string; token: TemplateToken & { value: string } }[] = [];
  for (const job of jobsOf(wf)) {
    if (job.type === 'reusableWorkflowJob')
      out.push({ job: job.id.value, token: (job as ReusableWorkflowJob).ref });
    for (const step of stepsOf(job)) if ('uses' in step) out.push({ job: job.id.value, token: step.uses });
  }
  return out;
}

export const actionsPinnedToCommits: Rule = async (wf) => {
  const table = pinnedActions();
  const findings: string[] = [];
  const lines = wf.source.split('\n');
  for (const { job, token } of usesTokens(wf)) {
    const uses = token.value;
    if (uses.startsWith('./')) continue;
    const own = BERTH_REF.exec(uses);
    if (own) {
      if (!/^v\d+$/.test(own[2] as string))
        findings.push(
          at(wf, token, `jobs.${job}: ${uses}: berth's own action follows its release tag (@v0)`),
        );
      continue;
    }
    if (uses.startsWith('docker://')) {
      if (!/@sha256:[0-9a-f]{64}$/.test(uses))
        findings.push(at(wf, token, `jobs.${job}: ${uses} is not pinned to a digest`));
      continue;
    }
    const m = /^(.+)@([^@]+)$/.exec(uses);
    const [action, ref] = m ? [m[1] as string, m[2] as string] : [uses, ''];
    if (!/^[0-9a-f]{40}$/.test(ref)) {
      findings.push(at(wf, token, `jobs.${job}: ${uses} is not pinned to a full commit SHA`));
      continue;
    }
    const comment = /#\s*(v\d+\.\d+\.\d+)\s*$/.exec(lines[lineOf(token) - 1] ?? '')?.[1];
    if (comment === undefined) {
      findings.push(at(wf, token, `jobs.${job}: ${uses} has no "# vX.Y.Z" comment naming its version`));
      continue;
    }
    const known = table.find((p) => p.action === action && p.sha === ref);
    if (known === undefined)
      findings.push(
        at(
          wf,
          token,
          `jobs.${job}: ${action}@${ref} (${comment}) is not in __tests__/fixtures/pinned-actions.json; verify it and add it`,
        ),
      );
    else if (known.version !== comment)
      findings.push(at(wf, token, `jobs.${job}: ${action}@${ref} is ${known.version}, not ${comment}`));
  }
  return findings;
};

// ---------------------------------------------------------------------------------------------------
// 6. Secrets

export const secretsOnlyWhereDeployed: Rule = async (wf) => {
  const findings: string[] = [];
  const declared = new Set(Object.keys(workflowCallInterface(wf)?.secrets ?? {}).map((s) => s.toLowerCase()));
  for (const job of jobsOf(wf)) {
    const id = job.id.value;
    const raw = jobToken(wf, id);
    const secretsValue = find(raw, 'secrets');
    if (secretsValue !== undefined && isString(secretsValue) && secretsValue.value === 'inherit')
      findings.push(
        at(
          wf,
          secretsValue,
          `jobs.${id}: secrets: inherit hands every secret over; name the ones the workflow declares`,
        ),
      );
    const hasEnvironment = find(raw, 'environment') !== undefined;
    let calleeSecrets = new Set<string>();
    if (job.type === 'reusableWorkflowJob') {
      const file = resolveWorkflowRef((job as ReusableWorkflowJob).ref.value, wf.root);
      if (file !== undefined)
        calleeSecrets = new Set(
          Object.keys(workflowCallInterface(await loadWorkflow(file, wf.root))?.secrets ?? {}).map((s) =>
            s.toLowerCase(),
          ),
        );
    }
    const check = (token: TemplateToken | undefined, passedAs?: string): void => {
      for (const { expression, line } of expressionsIn(token))
        for (const p of contextPaths(expression)) {
          if (p[0]?.toLowerCase() !== 'secrets') continue;
          const name = (p[1] ?? '').toLowerCase();
          if (name === 'github_token') continue;
          if (hasEnvironment) continue;
          if (declared.has(name)) continue; // a reusable workflow's own declared secrets, passed in by its caller
          if (passedAs !== undefined && calleeSecrets.has(passedAs.toLowerCase())) continue;
          findings.push(
            at(
              wf,
              line,
              `jobs.${id}: secrets.${p.slice(1).join('.') || '*'} used in a job without an environment`,
            ),
          );
        }
    };
    for (const [key, value] of entries(raw)) {
      if (key === 'secrets' && isMapping(value)) for (const [name, v] of entries(value)) check(v, name);
      else check(value);
    }
  }
  return findings;
};

// ---------------------------------------------------------------------------------------------------
// 7. Calls of this repository's reusable workflows match their interface

function typeOf(token: TemplateToken | undefined): 'boolean' | 'number' | 'string' | 'expression' | 'other' {
  if (token === undefined) return 'other';
  if (isBasicExpression(token)) return 'expression';
  const v = tokenToJson(token);
  return typeof v === 'boolean'
    ? 'boolean'
    : typeof v === 'number'
      ? 'number'
      : typeof v === 'string'
        ? 'string'
        : 'other';
}

export const reusableCallsMatchInterfaces: Rule = async (wf) => {
  const findings: string[] = [];
  for (const job of jobsOf(wf)) {
    if (job.type !== 'reusableWorkflowJob') continue;
    const call = job as ReusableWorkflowJob;
    const id = job.id.value;
    const file = resolveWorkflowRef(call.ref.value, wf.root);
    if (file === undefined) {
      if (BERTH_REF.test(call.ref.value) || call.ref.value.startsWith('./'))
        findings.push(at(wf, call.ref, `jobs.${id}: ${call.ref.value} is not a workflow of this repository`));
      continue;
    }
    const iface = workflowCallInterface(await loadWorkflow(file, wf.root));
    if (iface === undefined) {
      findings.push(at(wf, call.ref, `jobs.${id}: ${file} has no on.workflow_call`));
      continue;
    }
    const raw = jobToken(wf, id);
    const given = new Map(entries(find(raw, 'with')));
    for (const [name, value] of given) {
      const spec = iface.inputs[name];
      if (spec === undefined) {
        findings.push(
          at(
            wf,
            value,
            `jobs.${id}: with.${name} is not an input of ${file} (${Object.keys(iface.inputs).join(', ')})`,
          ),
        );
        continue;
      }
      const t = typeOf(value);
      const ok =
        t === 'expression' ||
        t === spec.type ||
        (spec.type === 'string' && (t === 'number' || t === 'boolean'));
      if (!ok)
        findings.push(at(wf, value, `jobs.${id}: with.${name} is a ${t}; ${file} takes a ${spec.type}`));
    }
    for (const [name, spec] of Object.entries(iface.inputs))
      if (spec.required && !given.has(name))
        findings.push(at(wf, call.ref, `jobs.${id}: ${file} requires input ${name}`));
    const secrets = find(raw, 'secrets');
    if (secrets !== undefined && isString(secrets)) continue; // inherit: the secrets rule speaks to it
    const passed = new Map(entries(secrets));
    for (const [name, value] of passed)
      if (iface.secrets[name] === undefined)
        findings.push(
          at(
            wf,
            value,
            `jobs.${id}: secrets.${name} is not a secret of ${file} (${Object.keys(iface.secrets).join(', ')})`,
          ),
        );
    for (const [name, spec] of Object.entries(iface.secrets))
      if (spec.required && !passed.has(name))
        findings.push(at(wf, call.ref, `jobs.${id}: ${file} requires secret ${name}`));
  }
  return findings;
};

const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2 };

/** A `permissions` token as scope → level; undefined when absent (the repository's default applies). */
function permissionLevels(
  token: TemplateToken | undefined,
): Map<string, number> | 'all-read' | 'all-write' | undefined {
  if (token === undefined) return undefined;
  if (isString(token))
    return token.value === 'write-all' ? 'all-write' : token.value === 'read-all' ? 'all-read' : new Map();
  return new Map(entries(token).map(([scope, value]) => [scope, LEVEL[scalarText(value) ?? 'none'] ?? 0]));
}

function levelOf(perms: Map<string, number> | 'all-read' | 'all-write', scope: string): number {
  return perms === 'all-write' ? 2 : perms === 'all-read' ? 1 : (perms.get(scope) ?? 0);
}

/**
 * A called workflow's jobs get at most what the calling job grants: GitHub refuses the run ("The nested
 * job … is requesting 'actions: read', but is only allowed 'actions: none'") before anything starts.
 */
export const nestedPermissionsWithinCaller: Rule = async (wf) => {
  const findings: string[] = [];
  for (const job of jobsOf(wf)) {
    if (job.type !== 'reusableWorkflowJob') continue;
    const id = job.id.value;
    const file = resolveWorkflowRef((job as ReusableWorkflowJob).ref.value, wf.root);
    if (file === undefined) continue;
    const granted = permissionLevels(
      find(jobToken(wf, id), 'permissions') ?? find(wf.document, 'permissions'),
    );
    if (granted === undefined) continue; // the repository default: not known here
    const callee = await loadWorkflow(file, wf.root);
    const calleeTop = find(callee.document, 'permissions');
    for (const inner of jobsOf(callee)) {
      const asked = permissionLevels(find(jobToken(callee, inner.id.value), 'permissions') ?? calleeTop);
      if (asked === undefined || typeof asked === 'string') continue;
      for (const [scope, level] of asked)
        if (level > levelOf(granted, scope))
          findings.push(
            at(
              wf,
              (job as ReusableWorkflowJob).ref,
              `jobs.${id}: ${file} job ${inner.id.value} asks ${scope}: ${Object.keys(LEVEL)[level] ?? level}, but this job grants ${Object.keys(LEVEL)[levelOf(granted, scope)] ?? 'none'}`,
            ),
          );
    }
  }
  return findings;
};

/**
 * A berth step gives only the inputs its action declares — the root action's for its `command`, a
 * sub-action's own — and every input the action requires (the runner passes undeclared keys on and
 * berth fails the step on them; this finds them before a run).
 */
export const berthStepsMatchTheirAction: Rule = async (wf) => {
  const findings: string[] = [];
  for (const job of jobsOf(wf)) {
    for (const step of stepsOf(job)) {
      if (!('uses' in step)) continue;
      const berth = berthActionOf(step.uses.value);
      if (berth === undefined) continue;
      const name = berth.sub === undefined ? 'berth' : `berth/${berth.sub}`;
      const withToken = find(stepToken(wf, job, step), 'with');
      const given = entries(withToken);
      const command = berthCommandOf(wf, job, step) ?? '';
      const known = (COMMANDS as readonly string[]).includes(command);
      const own = INPUT_NAMES.filter((n) =>
        berth.sub !== undefined
          ? takesInput(n, command as CommandName, berth.sub)
          : !known || takesInput(n, command as CommandName),
      );
      for (const [key, value] of given) {
        if (own.includes(key as InputName)) continue;
        const hint = closest(key, own);
        const belongs = (INPUT_NAMES as string[]).includes(key) ? ` (an input of another command)` : '';
        findings.push(
          at(
            wf,
            value,
            `jobs.${job.id.value}: ${name}: with.${key} is not an input of ${berth.sub ?? `command ${command}`}${belongs}${hint === undefined ? '' : `; did you mean ${hint}?`}`,
          ),
        );
      }
      const required =
        berth.sub === undefined
          ? ['command']
          : own.filter((n) => (INPUTS[n] as InputSpec).required?.includes(berth.sub as SubActionName));
      for (const r of required)
        if (!given.some(([key]) => key === r))
          findings.push(at(wf, step.uses, `jobs.${job.id.value}: ${name} requires input ${r}`));
    }
  }
  return findings;
};

export const RULES: Record<string, Rule> = {
  "berth steps give exactly their action's inputs": berthStepsMatchTheirAction,
  'nested jobs get no more than their caller grants': nestedPermissionsWithinCaller,
  'no untrusted input expanded in scripts': noUntrustedInputInScripts,
  'privileged jobs unreachable from pull requests and comments': privilegedJobsUnreachableFromPullRequests,
  'pull_request_target and workflow_run never check out PR code': privilegedRunsCheckOutNoPullRequestCode,
  'least privilege': leastPrivilege,
  'actions pinned to commits': actionsPinnedToCommits,
  'secrets only where deployed': secretsOnlyWhereDeployed,
  'reusable calls match interfaces': reusableCallsMatchInterfaces,
};
