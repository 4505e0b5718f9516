/**
 * Event payloads for tests, built from the real examples in @octokit/webhooks-examples and edited per
 * scenario (the package has no merged PR and no fork PR: those fields are set here).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { EventContext, Payload } from '../../src/github/event.js';

const require = createRequire(import.meta.url);

interface ExampleSet {
  name: string;
  examples: Payload[];
}

let cache: ExampleSet[] | undefined;

function examples(name: string): Payload[] {
  cache ??= JSON.parse(readFileSync(require.resolve('@octokit/webhooks-examples'), 'utf8')) as ExampleSet[];
  const set = cache.find((s) => s.name === name);
  if (!set) throw new Error(`no ${name} examples in @octokit/webhooks-examples`);
  return set.examples;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export const HEAD_SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
export const MERGE_SHA = 'c4295bd74fb0f4fda03689c3df3f2803b658fd85';
export const BEFORE_SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
export const AFTER_SHA = '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c';

export interface PushOptions {
  branch: string;
  /** Files per commit; undefined: commits without added/removed/modified, as Actions delivers them. */
  files?: string[];
  message?: string;
  before?: string;
  after?: string;
  commitCount?: number;
}

export function pushPayload(o: PushOptions): Payload {
  const base = examples('push').find((p) => p.ref === 'refs/heads/master');
  if (!base) throw new Error('no branch push example');
  const payload = clone(base);
  const after = o.after ?? AFTER_SHA;
  const commit = clone((payload.commits as Payload[])[0] as Payload);
  commit.id = after;
  commit.message = o.message ?? 'Merge pull request #2 from Codertocat/changes';
  if (o.files) {
    commit.added = [];
    commit.removed = [];
    commit.modified = o.files;
  } else {
    delete commit.added;
    delete commit.removed;
    delete commit.modified;
  }
  payload.ref = `refs/heads/${o.branch}`;
  payload.before = o.before ?? BEFORE_SHA;
  payload.after = after;
  payload.commits = Array.from({ length: o.commitCount ?? 1 }, () => clone(commit));
  payload.head_commit = clone(commit);
  return payload;
}

export interface PullRequestOptions {
  action: string;
  base: string;
  labels?: string[];
  merged?: boolean;
  /** A PR whose head is another repository (a fork). */
  fork?: boolean;
  /** The base repository is itself a fork of another (head.repo.fork true, same repository). */
  repoIsFork?: boolean;
  title?: string;
  number?: number;
}

export function pullRequestPayload(o: PullRequestOptions): Payload {
  const base = examples('pull_request').find((p) => p.action === 'closed');
  if (!base) throw new Error('no closed pull_request example');
  const payload = clone(base);
  const pr = payload.pull_request as Payload & {
    base: Payload & { repo: Payload };
    head: Payload & { repo: Payload };
    labels: Payload[];
  };
  const label = pr.labels[0] as Payload;
  payload.action = o.action;
  payload.number = o.number ?? 2;
  pr.number = o.number ?? 2;
  pr.base.ref = o.base;
  pr.labels = (o.labels ?? []).map((name, i) => ({ ...label, id: 1000 + i, name }));
  if (o.title !== undefined) pr.title = o.title;
  const merged = o.merged ?? false;
  pr.merged = merged;
  pr.state = o.action === 'closed' ? 'closed' : 'open';
  pr.merged_at = merged ? '2019-05-15T15:21:00Z' : null;
  pr.merge_commit_sha = MERGE_SHA;
  if (o.fork) {
    pr.head.repo = { ...pr.head.repo, id: 999001, full_name: 'someone/Hello-World', fork: true };
    pr.head.label = 'someone:changes';
  }
  if (o.repoIsFork) {
    pr.head.repo.fork = true;
    pr.base.repo.fork = true;
  }
  return payload;
}

export interface WorkflowRunOptions {
  /** Default completed. */
  action?: string;
  /** The triggering run's head commit; default HEAD_SHA (the pull_request example's head). */
  headSha?: string;
  /** Default `changes` (the pull_request example's head branch). */
  headBranch?: string;
  /** The head repository is a fork (`someone/Hello-World`): GitHub lists no pull request then. */
  fork?: boolean;
  /** `workflow_run.pull_requests` numbers (into this repository); default none. */
  pullRequests?: number[];
  /** Also list a pull request of another repository that shares the head branch (seen in the wild). */
  foreignPullRequest?: number;
  conclusion?: string | null;
}

/**
 * A workflow_run event for the completion of a pull_request run in Codertocat/Hello-World, from the
 * package's completed example (whose head and repositories are edited to match that repository).
 */
export function workflowRunPayload(o: WorkflowRunOptions = {}): Payload {
  const all = examples('workflow_run');
  const base = all.find(
    (p) => p.action === 'completed' && pickFullName(p.repository) === 'Codertocat/Hello-World',
  );
  const withPull = all.find(
    (p) => ((p.workflow_run as Payload | undefined)?.pull_requests as unknown[] | undefined)?.length,
  );
  if (!base || !withPull) throw new Error('no completed workflow_run examples');
  const payload = clone(base);
  const repository = payload.repository as Payload & { id: number; owner: Payload };
  const run = payload.workflow_run as Payload;
  const listed = (withPull.workflow_run as { pull_requests: Payload[] }).pull_requests[0] as Payload;
  const entry = (number: number, repoId: number): Payload => {
    const pr = clone(listed) as Payload & { head: Payload; base: Payload & { repo: Payload } };
    pr.number = number;
    pr.url = `https://api.github.com/repos/Codertocat/Hello-World/pulls/${number}`;
    pr.head.sha = o.headSha ?? HEAD_SHA;
    pr.head.ref = o.headBranch ?? 'changes';
    pr.base.repo = { ...pr.base.repo, id: repoId };
    return pr;
  };
  payload.action = o.action ?? 'completed';
  run.name = 'berth';
  run.event = 'pull_request';
  run.status = payload.action === 'completed' ? 'completed' : 'queued';
  run.conclusion = o.conclusion === undefined ? 'success' : o.conclusion;
  run.head_sha = o.headSha ?? HEAD_SHA;
  run.head_branch = o.headBranch ?? 'changes';
  run.repository = clone(repository);
  run.head_repository = o.fork
    ? {
        ...clone(repository),
        id: 999001,
        name: 'Hello-World',
        full_name: 'someone/Hello-World',
        fork: true,
        owner: { ...clone(repository.owner), login: 'someone', id: 999002 },
      }
    : clone(repository);
  run.pull_requests = [
    ...(o.foreignPullRequest === undefined ? [] : [entry(o.foreignPullRequest, 186853002)]),
    ...(o.pullRequests ?? []).map((n) => entry(n, repository.id)),
  ];
  return payload;
}

function pickFullName(repository: unknown): unknown {
  return (repository as Payload | undefined)?.full_name;
}

export function dispatchPayload(ref: string, inputs: Record<string, string> = {}): Payload {
  const base = examples('workflow_dispatch')[0];
  if (!base) throw new Error('no workflow_dispatch example');
  const payload = clone(base);
  payload.ref = ref;
  payload.inputs = inputs;
  return payload;
}

export function eventContext(eventName: string, payload: Payload, ref?: string): EventContext {
  const pr = payload.pull_request as Payload | undefined;
  const refFromPayload = typeof payload.ref === 'string' ? payload.ref : undefined;
  return {
    eventName,
    ref: ref ?? refFromPayload ?? (pr ? `refs/pull/${String(pr.number)}/merge` : 'refs/heads/master'),
    sha: typeof payload.after === 'string' ? payload.after : MERGE_SHA,
    repository: 'Codertocat/Hello-World',
    payload,
  };
}
