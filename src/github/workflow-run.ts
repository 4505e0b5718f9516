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
import { ConfigurationError } from '../errors.js';
import { isRecord, optionalString, pick, requireString, type EventContext } from './event.js';
import type { GitHubApi } from './api.js';

/** What `comment` needs of a workflow_run event. */
export interface WorkflowRun {
  /** `workflow_run.pull_requests[].number` of pull requests into this repository (empty for a fork's). */
  pullRequests: number[];
  headSha: string;
  /** The head branch; undefined for a run without one (a tag). */
  headBranch: string | undefined;
  /** The head repository's owner: a fork's owner for a fork's pull request. */
  headOwner: string | undefined;
  /** The head repository, `owner/repo` (`workflow_run.head_repository.full_name`). */
  headRepository: string | undefined;
  /** The triggering workflow's name, for messages. */
  name: string;
}

export type PullRequestMatch = { number: number; how: string } | { reason: string };

/** The workflow_run of a `completed` workflow_run event; any other event is a configuration error. */
export function readWorkflowRun(event: EventContext): WorkflowRun {
  if (event.eventName !== 'workflow_run') {
    throw new ConfigurationError(
      `command: comment runs in a workflow_run event (\`on: workflow_run: types: [completed]\`), not ${event.eventName === '' ? 'outside GitHub Actions' : `on ${event.eventName}`}; the pull_request run's coverage or quality-gate step writes comment-dir for it`,
    );
  }
  const action = pick(event.payload, 'action');
  if (action !== 'completed') {
    throw new ConfigurationError(
      `command: comment runs when the triggering workflow has completed (\`on: workflow_run: types: [completed]\`), not on a ${JSON.stringify(action ?? null)} workflow_run event`,
    );
  }
  const repositoryId = pick(event.payload, 'repository.id');
  const listed = pick(event.payload, 'workflow_run.pull_requests');
  const pullRequests = (Array.isArray(listed) ? listed : []).flatMap((pr: unknown) => {
    if (!isRecord(pr) || typeof pr.number !== 'number') return [];
    // The list has been seen to hold pull requests of other repositories that share the head branch.
    const baseRepositoryId = pick(pr, 'base.repo.id');
    const ours =
      typeof repositoryId !== 'number' ||
      typeof baseRepositoryId !== 'number' ||
      baseRepositoryId === repositoryId;
    return ours ? [pr.number] : [];
  });
  return {
    pullRequests,
    headSha: requireString(event, 'workflow_run.head_sha'),
    headBranch: optionalString(event, 'workflow_run.head_branch') || undefined,
    headOwner: optionalString(event, 'workflow_run.head_repository.owner.login') || undefined,
    headRepository: optionalString(event, 'workflow_run.head_repository.full_name') || undefined,
    name: optionalString(event, 'workflow_run.name') ?? '',
  };
}

/**
 * The pull request `run` is for, checked against GitHub: listed in the payload, else `claimed` (the
 * artifact's number), else the open one whose head is the run's.
 */
export async function findWorkflowRunPullRequest(
  api: GitHubApi,
  run: WorkflowRun,
  claimed?: number,
): Promise<PullRequestMatch> {
  const found = await candidate(api, run, claimed);
  if ('reason' in found) return found;
  return verify(api, run, found);
}

async function verify(
  api: GitHubApi,
  run: WorkflowRun,
  found: { number: number; how: string },
): Promise<PullRequestMatch> {
  if (run.headRepository === undefined) {
    return {
      reason: 'the workflow_run payload has no head_repository.full_name to check the pull request against',
    };
  }
  const pull = await api.getPullRequest(found.number);
  const differs: string[] = [];
  if (pull.headSha !== run.headSha) {
    differs.push(`its head commit is ${pull.headSha}, the run's head_sha ${run.headSha}`);
  }
  if (pull.headRepository !== run.headRepository) {
    differs.push(
      `its head repository is ${pull.headRepository ?? '(deleted)'}, the run's head_repository ${run.headRepository}`,
    );
  }
  if (differs.length > 0) {
    return { reason: `pull request #${found.number} (${found.how}) is not the run's: ${differs.join('; ')}` };
  }
  return found;
}

async function candidate(
  api: GitHubApi,
  run: WorkflowRun,
  claimed: number | undefined,
): Promise<PullRequestMatch> {
  const listed = run.pullRequests[0];
  if (listed !== undefined) return { number: listed, how: 'workflow_run.pull_requests' };
  if (claimed !== undefined) return { number: claimed, how: "the number in the run's comment data" };
  if (run.headBranch === undefined || run.headOwner === undefined) {
    return {
      reason: `the workflow_run payload lists no pull request and has no head ${run.headBranch === undefined ? 'branch' : 'repository owner'} to look one up by`,
    };
  }
  const head = `${run.headOwner}:${run.headBranch}`;
  const open = await api.listOpenPullRequestsByHead(head);
  const match = open.find((pr) => pr.headSha === run.headSha);
  if (match) return { number: match.number, how: `the open pull request from ${head} at ${run.headSha}` };
  if (open.length === 0) return { reason: `no open pull request from ${head}` };
  const others = open.map((pr) => `#${pr.number} is at ${pr.headSha}`).join(', ');
  return {
    reason: `no open pull request from ${head} is at the run's head commit ${run.headSha}; ${others} (pushed to since: the newer commit's run comments)`,
  };
}
