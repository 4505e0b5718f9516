/**
 * `plan`: which components to build and deploy, to which environment, and why. Each event kind reads as
 * a short sequence of rules; GitHub is asked only when the payload cannot answer (through GitHubApi).
 */
import type { BerthConfig, EnvironmentConfig } from '../config/schema.js';
import { ConfigurationError } from '../errors.js';
import type { GitHubApi, PullRequestInfo } from '../github/api.js';
import {
  isFromFork,
  labelNames,
  optionalString,
  pick,
  pushedAfter,
  pushedBefore,
  pushedFiles,
  pushedRef,
  requireNumber,
  requireString,
  ZERO_SHA,
  type EventContext,
} from '../github/event.js';
import { branchOfRef, findEnvironment, matchingPattern } from './match.js';
import { labelsDecide, quote, selectComponents, type ChangeFacts, type ComponentDecision } from './select.js';

export interface Plan {
  /** What happened, in words: `push to "release"`. */
  trigger: string;
  /** True when this plan deploys (an environment and at least one component). */
  deploy: boolean;
  environment?: EnvironmentConfig;
  /** Labels of the runner the matrix jobs run on. */
  runner: string[];
  /** One per configured component, in config order. */
  decisions: ComponentDecision[];
  /** The headline reason, shown above the table. */
  note: string;
}

export interface PlanOptions {
  config: BerthConfig;
  /** How the config file is named in errors. */
  configPath: string;
  /** The `environment` and `components` inputs (workflow_dispatch). */
  environmentInput: string;
  componentsInput: string;
  /** Undefined when there is no token: the plan then works from the payload alone, and says so. */
  github: GitHubApi | undefined;
  warn: (message: string) => void;
}

export const SKIP_DEPLOY = '[skip deploy]';

const NO_TOKEN = 'No github-token, so the GitHub API is not asked: ';

/** Pull request actions that call for quality work (tests, coverage, gates) on the PR's head. */
const QUALITY_ACTIONS = new Set([
  'opened',
  'synchronize',
  'reopened',
  'labeled',
  'unlabeled',
  'ready_for_review',
]);

export function selectedComponents(plan: Plan): string[] {
  return plan.decisions.filter((d) => d.selected).map((d) => d.component);
}

export async function createPlan(event: EventContext, options: PlanOptions): Promise<Plan> {
  if (
    event.eventName !== 'workflow_dispatch' &&
    (options.environmentInput !== '' || options.componentsInput !== '')
  ) {
    options.warn(
      `The environment and components inputs choose only for workflow_dispatch; ignored for ${event.eventName}.`,
    );
  }
  switch (event.eventName) {
    case 'push':
      return planPush(event, options);
    case 'pull_request':
    case 'pull_request_target':
      return planPullRequest(event, options);
    case 'workflow_dispatch':
      return planDispatch(event, options);
    default:
      return nothing(
        options.config,
        `event ${quote(event.eventName)}`,
        `plan acts on push, pull_request and workflow_dispatch events, not ${quote(event.eventName)}`,
      );
  }
}

/** A plan with no work; every component excluded for the same reason. */
function nothing(config: BerthConfig, trigger: string, note: string): Plan {
  return {
    trigger,
    deploy: false,
    runner: config.quality.runner,
    decisions: config.components.map((c) => ({ component: c.name, selected: false, reason: note })),
    note,
  };
}

function deployPlan(
  trigger: string,
  environment: EnvironmentConfig,
  decisions: ComponentDecision[],
  why: string,
): Plan {
  const count = decisions.filter((d) => d.selected).length;
  return {
    trigger,
    deploy: count > 0,
    environment,
    runner: environment.runner,
    decisions,
    note:
      count > 0
        ? `${why}: deploy to ${quote(environment.name)}`
        : `${why}, but no component is selected: nothing to deploy`,
  };
}

async function planPush(event: EventContext, options: PlanOptions): Promise<Plan> {
  const { config } = options;
  const ref = pushedRef(event);
  const branch = branchOfRef(ref);
  if (branch === undefined)
    return nothing(
      config,
      `push of ${quote(ref)}`,
      `${quote(ref)} is not a branch; environments match branches`,
    );
  const trigger = `push to ${quote(branch)}`;
  if (pick(event.payload, 'deleted') === true) return nothing(config, trigger, 'the branch was deleted');
  const message = optionalString(event, 'head_commit.message') ?? '';
  if (message.includes(SKIP_DEPLOY))
    return nothing(config, trigger, `the head commit message says ${SKIP_DEPLOY}`);
  const match = findEnvironment(config.environments, branch);
  if (match === undefined) return nothing(config, trigger, noEnvironmentNote(branch, config));

  const after = pushedAfter(event);
  const pull = options.github
    ? mergedPullRequest(await options.github.pullRequestsForCommit(after), branch, after)
    : (options.warn(NO_TOKEN + 'the labels of the merged pull request are unknown.'), undefined);
  const facts: ChangeFacts = pull ? { pullRequest: { number: pull.number, labels: pull.labels } } : {};
  if (!labelsDecide(config.components, facts.pullRequest?.labels ?? [])) {
    facts.files = await pushFiles(event, after, options);
  }
  const decisions = selectComponents(config.components, facts);
  const via = pull
    ? `merged PR #${pull.number}`
    : options.github
      ? 'no merged pull request found'
      : 'pull request not looked up: no token';
  return deployPlan(
    trigger,
    match.environment,
    decisions,
    `${quote(branch)} matches ${quote(match.pattern)} (${via})`,
  );
}

/** The merged PR behind a pushed commit: the one whose merge commit it is, else one merged into the branch. */
export function mergedPullRequest(
  pulls: readonly PullRequestInfo[],
  branch: string,
  sha: string,
): PullRequestInfo | undefined {
  const merged = pulls.filter((p) => p.mergedAt !== null && p.baseRef === branch);
  return merged.find((p) => p.mergeCommitSha === sha) ?? merged[0];
}

async function pushFiles(
  event: EventContext,
  after: string,
  options: PlanOptions,
): Promise<string[] | undefined> {
  const listed = pushedFiles(event);
  if (listed !== undefined) return listed;
  const before = pushedBefore(event);
  if (before === '' || ZERO_SHA.test(before)) return undefined; // a new branch: nothing to compare with
  if (options.github === undefined) {
    options.warn(NO_TOKEN + 'the files changed by this push are unknown.');
    return undefined;
  }
  const { files, truncated } = await options.github.compareFiles(before, after);
  if (truncated)
    options.warn(
      `GitHub lists at most ${files.length} files of a compare; components touched only by later files are missed.`,
    );
  return files;
}

async function planPullRequest(event: EventContext, options: PlanOptions): Promise<Plan> {
  const { config } = options;
  const action = requireString(event, 'action');
  const number = requireNumber(event, 'pull_request.number');
  const base = requireString(event, 'pull_request.base.ref');
  const trigger = `pull request #${number} ${action} (into ${quote(base)})`;
  const merged = pick(event.payload, 'pull_request.merged') === true;

  if (action === 'closed') {
    if (!merged) return nothing(config, trigger, 'closed without merging: nothing to deploy');
    if (isFromFork(event))
      return nothing(config, trigger, 'the pull request came from a fork; fork code is never deployed');
    const title = optionalString(event, 'pull_request.title') ?? '';
    if (title.includes(SKIP_DEPLOY))
      return nothing(config, trigger, `the pull request title says ${SKIP_DEPLOY}`);
    const match = findEnvironment(config.environments, base);
    if (match === undefined) return nothing(config, trigger, noEnvironmentNote(base, config));
    const decisions = await decideForPullRequest(event, number, options);
    return deployPlan(
      trigger,
      match.environment,
      decisions,
      `merged into ${quote(base)}, which matches ${quote(match.pattern)}`,
    );
  }

  if (!QUALITY_ACTIONS.has(action)) {
    return nothing(
      config,
      trigger,
      `pull request action ${quote(action)} needs no work (quality runs on ${[...QUALITY_ACTIONS].join(', ')})`,
    );
  }
  const decisions = await decideForPullRequest(event, number, options);
  const fork = isFromFork(event) ? ' (from a fork)' : '';
  return {
    trigger,
    deploy: false,
    runner: config.quality.runner,
    decisions,
    note: `pull request${fork}: quality checks only, no deploy`,
  };
}

async function decideForPullRequest(
  event: EventContext,
  number: number,
  options: PlanOptions,
): Promise<ComponentDecision[]> {
  const facts: ChangeFacts = { pullRequest: { number, labels: labelNames(event) } };
  if (
    !labelsDecide(options.config.components, facts.pullRequest?.labels ?? []) &&
    options.config.components.some((c) => c.paths.length > 0)
  ) {
    if (options.github === undefined) {
      options.warn(NO_TOKEN + 'the files changed by the pull request are unknown.');
      return selectComponents(options.config.components, facts);
    }
    const { files, truncated } = await options.github.pullRequestFiles(number);
    if (truncated)
      options.warn(
        `GitHub lists at most ${files.length} files of a pull request; later files are not considered.`,
      );
    facts.files = files;
  }
  return selectComponents(options.config.components, facts);
}

async function planDispatch(event: EventContext, options: PlanOptions): Promise<Plan> {
  const { config, configPath } = options;
  const environmentName =
    options.environmentInput || (optionalString(event, 'inputs.environment') ?? '').trim();
  const componentsText = options.componentsInput || (optionalString(event, 'inputs.components') ?? '');
  const trigger = `workflow_dispatch on ${quote(event.ref)}`;

  let environment: EnvironmentConfig | undefined;
  let why: string;
  if (environmentName !== '') {
    environment = config.environments.find((e) => e.name === environmentName);
    if (environment === undefined) {
      throw new ConfigurationError(
        `environment: ${quote(environmentName)} is not an environment in ${configPath}; expected one of: ${listNames(config.environments)}`,
      );
    }
    why = `workflow_dispatch chose ${quote(environment.name)}`;
    refuseDispatchRef(event.ref, environment, configPath);
  } else {
    const branch = branchOfRef(event.ref);
    const match = branch === undefined ? undefined : findEnvironment(config.environments, branch);
    if (match === undefined) {
      return nothing(
        config,
        trigger,
        `no environment input, and ${branch === undefined ? quote(event.ref) : noEnvironmentNote(branch, config)}`,
      );
    }
    environment = match.environment;
    why = `no environment input; ${quote(branch as string)} matches ${quote(match.pattern)}`;
  }

  const requested = parseComponentList(componentsText, config, configPath);
  const decisions = config.components.map((c): ComponentDecision => {
    if (requested === undefined)
      return { component: c.name, selected: true, reason: 'workflow_dispatch: no components input, so all' };
    return requested.has(c.name)
      ? { component: c.name, selected: true, reason: 'named in the components input' }
      : { component: c.name, selected: false, reason: 'not named in the components input' };
  });
  return deployPlan(trigger, environment, decisions, why);
}

/**
 * A manual run deploys only what the environment's own branches (or its `dispatch-branches`) would:
 * otherwise any branch — unreviewed code, its own berth.yml — goes wherever the dispatch says.
 */
function refuseDispatchRef(ref: string, environment: EnvironmentConfig, configPath: string): void {
  const branch = branchOfRef(ref);
  const allowed = [...environment.branches, ...(environment['dispatch-branches'] ?? [])];
  if (branch !== undefined && matchingPattern(allowed, branch) !== undefined) return;
  const key = `environments.${environment.name}.dispatch-branches`;
  throw new ConfigurationError(
    `environment: a workflow_dispatch on ${quote(ref)} may not deploy to ${quote(environment.name)}, which deploys ${branch === undefined ? 'only branches' : 'only'} from ${allowed.map(quote).join(', ')}; run the workflow from one of those (Use workflow from), or add the branch to ${key} in ${configPath}`,
    { key, kind: 'invalid' },
  );
}

/** `backend, frontend` → the set; undefined when empty (all components). */
export function parseComponentList(
  text: string,
  config: BerthConfig,
  configPath: string,
): Set<string> | undefined {
  const names = text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) return undefined;
  for (const name of names) {
    if (!config.components.some((c) => c.name === name)) {
      throw new ConfigurationError(
        `components: ${quote(name)} is not a component in ${configPath}; expected a comma-separated list of: ${listNames(config.components)}`,
      );
    }
  }
  return new Set(names);
}

function listNames(items: ReadonlyArray<{ name: string }>): string {
  return items.length === 0 ? '(none configured)' : items.map((i) => i.name).join(', ');
}

function noEnvironmentNote(branch: string, config: BerthConfig): string {
  if (config.environments.length === 0) return `${quote(branch)}: no environments are configured`;
  return `${quote(branch)} matches no environment's branches (${config.environments
    .map((e) => `${e.name}: ${e.branches.join(', ')}`)
    .join('; ')})`;
}
