import { describe, expect, test } from '@jest/globals';
import { ConfigurationError } from '../../src/errors.js';
import type { PullRequestHead, PullRequestHeadRepo } from '../../src/github/api.js';
import {
  findWorkflowRunPullRequest,
  readWorkflowRun,
  type PullRequestMatch,
  type WorkflowRun,
} from '../../src/github/workflow-run.js';
import type { Payload } from '../../src/github/event.js';
import {
  eventContext,
  HEAD_SHA,
  pullRequestPayload,
  workflowRunPayload,
  type WorkflowRunOptions,
} from '../helpers/events.js';
import { FakeGitHub } from '../helpers/fake-github.js';

const NEWER_SHA = '1111111111111111111111111111111111111111';

const head = (number: number, sha: string, label = 'someone:changes'): PullRequestHead => ({
  number,
  headSha: sha,
  headLabel: label,
});

describe('readWorkflowRun', () => {
  test.each<[string, WorkflowRunOptions, Partial<WorkflowRun>]>([
    [
      "a fork's run: no pull request listed; its head owner and branch",
      { fork: true },
      { pullRequests: [], headSha: HEAD_SHA, headBranch: 'changes', headOwner: 'someone', name: 'berth' },
    ],
    [
      'a branch of this repository: the listed pull request',
      { pullRequests: [7] },
      { pullRequests: [7], headOwner: 'Codertocat' },
    ],
    [
      "a listed pull request into another repository is not this repository's",
      { foreignPullRequest: 2, pullRequests: [7] },
      { pullRequests: [7] },
    ],
    ['only a foreign one: none', { fork: true, foreignPullRequest: 2 }, { pullRequests: [] }],
    [
      'a failed run is read all the same (a failed gate has a report)',
      { fork: true, conclusion: 'failure' },
      { pullRequests: [], headSha: HEAD_SHA },
    ],
  ])('%s', (_name, options, expected) => {
    expect(readWorkflowRun(eventContext('workflow_run', workflowRunPayload(options)))).toMatchObject(
      expected,
    );
  });

  test('a run without a head branch (a tag) has none', () => {
    const payload = workflowRunPayload({ fork: true });
    (payload.workflow_run as Payload).head_branch = null;
    expect(readWorkflowRun(eventContext('workflow_run', payload)).headBranch).toBeUndefined();
  });

  test.each<[string, string, Payload, string]>([
    [
      'a pull_request event',
      'pull_request',
      pullRequestPayload({ action: 'opened', base: 'master', fork: true }),
      "command: comment runs in a workflow_run event (`on: workflow_run: types: [completed]`), not on pull_request; the pull_request run's coverage or quality-gate step writes comment-dir for it",
    ],
    [
      'no event (the CLI without --event-name)',
      '',
      {},
      "command: comment runs in a workflow_run event (`on: workflow_run: types: [completed]`), not outside GitHub Actions; the pull_request run's coverage or quality-gate step writes comment-dir for it",
    ],
    [
      'a requested workflow_run (the run has not finished: no artifact yet)',
      'workflow_run',
      workflowRunPayload({ action: 'requested', conclusion: null }),
      'command: comment runs when the triggering workflow has completed (`on: workflow_run: types: [completed]`), not on a "requested" workflow_run event',
    ],
    [
      'a payload without head_sha',
      'workflow_run',
      { action: 'completed', workflow_run: { pull_requests: [] } },
      "event-path: the workflow_run payload's workflow_run.head_sha should be a string, got nothing",
    ],
  ])('%s is a configuration error', (_name, eventName, payload, message) => {
    const read = (): WorkflowRun => readWorkflowRun(eventContext(eventName, payload));
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(new Error(message)); // the whole message, not a part
  });
});

describe('findWorkflowRunPullRequest', () => {
  const run = (o: WorkflowRunOptions): WorkflowRun =>
    readWorkflowRun(eventContext('workflow_run', workflowRunPayload(o)));

  test.each<[string, WorkflowRun, Record<string, PullRequestHead[]>, PullRequestMatch, string[]]>([
    [
      'listed in the payload: checked against GitHub',
      run({ pullRequests: [7], headSha: NEWER_SHA }),
      {},
      { number: 7, how: 'workflow_run.pull_requests' },
      ['get-pull 7'],
    ],
    [
      "a fork's: the open pull request from owner:branch at the run's head commit",
      run({ fork: true }),
      { 'someone:changes': [head(9, HEAD_SHA)] },
      { number: 9, how: `the open pull request from someone:changes at ${HEAD_SHA}` },
      ['pulls-by-head someone:changes', 'get-pull 9'],
    ],
    [
      'of several from one branch (into different base branches), the one at the head commit',
      run({ fork: true }),
      { 'someone:changes': [head(8, NEWER_SHA), head(9, HEAD_SHA)] },
      { number: 9, how: `the open pull request from someone:changes at ${HEAD_SHA}` },
      ['pulls-by-head someone:changes', 'get-pull 9'],
    ],
    [
      'pushed to since the run: not this run’s pull request any more',
      run({ fork: true }),
      { 'someone:changes': [head(9, NEWER_SHA)] },
      {
        reason: `no open pull request from someone:changes is at the run's head commit ${HEAD_SHA}; #9 is at ${NEWER_SHA} (pushed to since: the newer commit's run comments)`,
      },
      ['pulls-by-head someone:changes'],
    ],
    [
      'closed (or never opened): none',
      run({ fork: true }),
      {},
      { reason: 'no open pull request from someone:changes' },
      ['pulls-by-head someone:changes'],
    ],
    [
      'no head branch: nothing to look up',
      { ...run({ fork: true }), headBranch: undefined },
      {},
      {
        reason: 'the workflow_run payload lists no pull request and has no head branch to look one up by',
      },
      [],
    ],
  ])('%s', async (_name, workflowRun, pullsByHead, expected, calls) => {
    const api = new FakeGitHub({ pullsByHead, pulls: PULLS });
    expect(await findWorkflowRunPullRequest(api, workflowRun)).toEqual(expected);
    expect(api.calls).toEqual(calls);
  });

  // The number in a fork's artifact is a claim: GitHub's pull request must be the run's head.
  test.each<[string, WorkflowRun, number, PullRequestMatch]>([
    [
      "the artifact's number, at the run's head commit in the run's head repository",
      run({ fork: true }),
      9,
      { number: 9, how: "the number in the run's comment data" },
    ],
    [
      'another pull request (another head commit, another repository): refused, naming both',
      run({ fork: true }),
      7,
      {
        reason: `pull request #7 (the number in the run's comment data) is not the run's: its head commit is ${NEWER_SHA}, the run's head_sha ${HEAD_SHA}; its head repository is Codertocat/Hello-World, the run's head_repository someone/Hello-World`,
      },
    ],
    [
      'same head commit pushed to another fork: refused, naming the repository',
      run({ fork: true }),
      11,
      {
        reason: `pull request #11 (the number in the run's comment data) is not the run's: its head repository is mallory/Hello-World, the run's head_repository someone/Hello-World`,
      },
    ],
    [
      'a deleted head repository: refused',
      run({ fork: true }),
      12,
      {
        reason: `pull request #12 (the number in the run's comment data) is not the run's: its head repository is (deleted), the run's head_repository someone/Hello-World`,
      },
    ],
    [
      'listed in the payload: the payload wins over the artifact',
      run({ pullRequests: [7], headSha: NEWER_SHA }),
      9,
      { number: 7, how: 'workflow_run.pull_requests' },
    ],
  ])('%s', async (_name, workflowRun, claimed, expected) => {
    const api = new FakeGitHub({ pulls: PULLS });
    expect(await findWorkflowRunPullRequest(api, workflowRun, claimed)).toEqual(expected);
    expect(api.calls).toEqual([`get-pull ${'number' in expected ? expected.number : claimed}`]);
  });
});

const pull = (number: number, headSha: string, headRepository: string | null): PullRequestHeadRepo => ({
  number,
  state: 'open',
  headSha,
  headRepository,
});
const PULLS: Record<number, PullRequestHeadRepo> = {
  7: pull(7, NEWER_SHA, 'Codertocat/Hello-World'),
  9: pull(9, HEAD_SHA, 'someone/Hello-World'),
  11: pull(11, HEAD_SHA, 'mallory/Hello-World'),
  12: pull(12, HEAD_SHA, null),
};
