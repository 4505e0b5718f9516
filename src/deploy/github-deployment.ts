/**
 * A deploy recorded in GitHub's Deployments, for runs outside GitHub Actions (the CLI from Jenkins or
 * cron), where no job `environment:` records it: a deployment of the commit to the environment, then
 * `in_progress` → `success` / `failure`. GitHub's own `auto_inactive` would mark every earlier
 * deployment of the environment inactive — the frontend's too when the backend deploys — so berth
 * marks only the component's own previous live one. The bodies are built here (pure, table-tested);
 * the calls go through the one GitHub seam. A record that cannot be written is a warning, never a
 * failed deploy, and after the first failure no more calls are made.
 */
import type { DeploymentInfo, DeploymentRequest, DeploymentStatusRequest, GitHubApi } from '../github/api.js';
import { ConfigurationError } from '../errors.js';
import type { Inputs } from '../inputs.js';
import { runLink } from '../notify/message.js';
import type { Runtime } from '../runtime/runtime.js';
import type { DeployAction } from './model.js';

/** What the record says, from the inputs and the run. */
export interface DeploymentFacts {
  action: DeployAction;
  environment: string;
  component: string;
  app: string;
  /** The image asked for ('' for a rollback to the previous one, or a static build). */
  image: string;
  sha: string;
  /** The run's page: GitHub's run link, else '' (the CLI outside Actions has none). */
  logUrl: string;
}

/** GitHub's limit on a deployment's and a status's description. */
const DESCRIPTION_MAX = 140;

export function clipDescription(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= DESCRIPTION_MAX ? one : `${one.slice(0, DESCRIPTION_MAX - 1)}…`;
}

/** The payload berth puts on its deployments, by which it finds its own again. */
export interface BerthPayload {
  component: string;
  app: string;
  action: DeployAction;
  image: string;
}

export function deploymentRequest(f: DeploymentFacts): DeploymentRequest {
  const verb = f.action === 'rollback' ? 'Roll back' : 'Deploy';
  const what = f.image === '' ? f.app : `${f.app} ${f.image}`;
  const payload: BerthPayload = { component: f.component, app: f.app, action: f.action, image: f.image };
  return {
    ref: f.sha,
    task: f.action === 'rollback' ? 'rollback' : 'deploy',
    environment: f.environment,
    description: clipDescription(`${verb} ${what} (berth)`),
    payload: { berth: payload },
    auto_merge: false,
    required_contexts: [],
    transient_environment: false,
  };
}

export type Ending =
  | { state: 'success'; imageRef: string; environmentUrl: string }
  | { state: 'failure'; step: string; message: string };

/** The status bodies: `in_progress` at the start, then how it ended. Pure. */
export function statusRequest(f: DeploymentFacts, ending?: Ending): DeploymentStatusRequest {
  const log = f.logUrl === '' ? {} : { log_url: f.logUrl };
  if (ending === undefined) {
    const verb = f.action === 'rollback' ? 'Rolling back' : 'Deploying';
    return {
      state: 'in_progress',
      description: clipDescription(`${verb} ${f.image === '' ? f.app : f.image}`),
      ...log,
      auto_inactive: false,
    };
  }
  if (ending.state === 'failure') {
    const first = ending.message.split('\n')[0] ?? '';
    return {
      state: 'failure',
      description: clipDescription(`Failed${ending.step === '' ? '' : ` in ${ending.step}`}: ${first}`),
      ...log,
      auto_inactive: false,
    };
  }
  const live = ending.imageRef === '' ? f.app : ending.imageRef;
  return {
    state: 'success',
    description: clipDescription(f.action === 'rollback' ? `Rolled back to ${live}` : `Live: ${live}`),
    ...log,
    ...(ending.environmentUrl === '' ? {} : { environment_url: ending.environmentUrl }),
    auto_inactive: false,
  };
}

/** berth's earlier deployments of this app and component, newest first (GitHub lists newest first). Pure. */
export function ownEarlier(
  deployments: readonly DeploymentInfo[],
  f: Pick<DeploymentFacts, 'app' | 'component'>,
  except: number,
): DeploymentInfo[] {
  return deployments.filter((d) => {
    if (d.id === except) return false;
    const berth = d.payload.berth;
    if (typeof berth !== 'object' || berth === null) return false;
    const p = berth as Record<string, unknown>;
    return p.app === f.app && p.component === f.component;
  });
}

/** Whether this run records the deploy: the input, where it runs, and what it has to record with. */
export function recordsDeployment(
  mode: Inputs['githubDeployment'],
  onActions: boolean,
  token: string,
  repository: string,
  sha: string,
): { record: boolean; why?: string } {
  if (mode === 'false') return { record: false };
  if (mode === 'auto' && onActions) return { record: false };
  const missing = [
    ...(token === '' ? ['github-token (GITHUB_TOKEN)'] : []),
    ...(repository === '' ? ['the repository (--repository, GITHUB_REPOSITORY)'] : []),
    ...(sha === '' ? ['the commit (--sha, GITHUB_SHA)'] : []),
  ];
  if (missing.length === 0) return { record: true };
  if (mode === 'true') {
    throw new ConfigurationError(
      `github-deployment: true needs ${missing.join(', ')} to record the deploy in GitHub's Deployments; set them, or github-deployment: auto`,
      { key: 'github-deployment', kind: 'invalid' },
    );
  }
  return { record: false, why: `not recorded in GitHub's Deployments: no ${missing.join(', no ')}` };
}

export interface DeploymentRecord {
  /** Says how it ended; never throws. */
  finish(ending: Ending): Promise<void>;
}

/**
 * Creates the deployment and its `in_progress` status when this run records one; undefined when it
 * does not (or GitHub would not take it: a warning says why). Throws only for a `github-deployment:
 * true` that lacks what it needs.
 */
export async function startDeploymentRecord(
  f: DeploymentFacts,
  inputs: Pick<Inputs, 'githubDeployment' | 'githubToken'>,
  runtime: Runtime,
  github: () => GitHubApi,
): Promise<DeploymentRecord | undefined> {
  const decision = recordsDeployment(
    inputs.githubDeployment,
    runtime.getContext('github-actions') === 'true',
    inputs.githubToken,
    runtime.getContext('repository'),
    f.sha,
  );
  if (!decision.record) {
    if (decision.why !== undefined) runtime.info(decision.why);
    return undefined;
  }
  const warn = (what: string, error: unknown): void =>
    runtime.warning(
      `GitHub Deployments: ${what} failed, so GitHub does not show this deploy's result (the deploy itself goes on): ${error instanceof Error ? error.message : String(error)}`,
    );
  let api: GitHubApi;
  let deployment: DeploymentInfo;
  let earlier: DeploymentInfo[];
  try {
    api = github();
    deployment = await api.createDeployment(deploymentRequest(f));
    await api.createDeploymentStatus(deployment.id, statusRequest(f));
    earlier = ownEarlier(await api.listDeployments(f.environment), f, deployment.id);
  } catch (error) {
    warn('recording the start', error);
    return undefined;
  }
  runtime.info(
    `GitHub Deployments: deployment ${deployment.id} of ${f.sha.slice(0, 7)} to ${f.environment} (${f.component || f.app}): in_progress`,
  );
  return {
    async finish(ending) {
      try {
        await api.createDeploymentStatus(deployment.id, statusRequest(f, ending));
        runtime.info(`GitHub Deployments: deployment ${deployment.id}: ${ending.state}`);
        if (ending.state !== 'success') return;
        // The one live before is berth's newest earlier success; older ones were marked when it went live.
        for (const before of earlier) {
          const state = await api.latestDeploymentState(before.id);
          if (state !== 'success') continue;
          await api.createDeploymentStatus(before.id, {
            state: 'inactive',
            description: clipDescription(`Replaced by deployment ${deployment.id}`),
            auto_inactive: false,
          });
          runtime.info(`GitHub Deployments: deployment ${before.id}: inactive (replaced)`);
          break;
        }
      } catch (error) {
        warn(`recording the end (${ending.state})`, error);
      }
    },
  };
}

/** The run's link for the record, from the run's context. */
export function deploymentLogUrl(runtime: Runtime): string {
  return runLink(
    runtime.getContext('server-url'),
    runtime.getContext('repository'),
    runtime.getContext('run-id'),
  );
}
