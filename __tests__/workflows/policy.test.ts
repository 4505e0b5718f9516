/**
 * Safe by construction: every workflow and template keeps each rule of helpers/workflow-policy.ts, and
 * each rule is shown able to fail on a known-bad fixture (__tests__/fixtures/workflows-bad/).
 */
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { pinnedActions, RULES, untrustedReason, type Rule } from '../helpers/workflow-policy.js';
import { ROOT } from '../helpers/run-dist.js';
import {
  isReusableOnly,
  jobsThatRun,
  loadWorkflow,
  resolveWorkflowRef,
  workflowFiles,
} from '../helpers/workflows.js';

const FILES = workflowFiles();
const BAD = path.join(ROOT, '__tests__/fixtures/workflows-bad');
const rule = (name: string): Rule => {
  const r = RULES[name];
  if (r === undefined) throw new Error(`no rule ${name}`);
  return r;
};

test('the workflows and templates are all found', () => {
  expect(FILES).toEqual(
    expect.arrayContaining([
      '.github/workflows/ci.yml',
      '.github/workflows/check-dist.yml',
      'workflow-templates/berth-plan.yml',
    ]),
  );
});

test.each(FILES)("%s: GitHub's parser reads it without errors", async (file) => {
  expect((await loadWorkflow(file)).errors).toEqual([]);
});

describe.each(Object.keys(RULES))('%s', (name) => {
  test.each(FILES)('%s keeps it', async (file) => {
    expect(await rule(name)(await loadWorkflow(file))).toEqual([]);
  });
});

test.each(FILES.filter((f) => f.startsWith('.github/workflows/')))(
  '%s, if reusable only, is called by a template (so its jobs are checked through a caller)',
  async (file) => {
    const wf = await loadWorkflow(file);
    if (!isReusableOnly(wf)) return;
    const callers: string[] = [];
    for (const f of FILES.filter((x) => !x.startsWith('.github/workflows/'))) {
      const caller = await loadWorkflow(f);
      if (
        caller.template.jobs.some(
          (j) =>
            j.type === 'reusableWorkflowJob' &&
            resolveWorkflowRef((j as { ref: { value: string } }).ref.value) === file,
        )
      )
        callers.push(f);
    }
    expect(callers).not.toEqual([]);
  },
);

describe('each rule flags its known-bad fixture (the rule can fail)', () => {
  const cases: [string, string, string[]][] = [
    [
      "berth steps give exactly their action's inputs",
      'berth-inputs.yml',
      [
        'berth-inputs.yml:10: jobs.steps: berth/coverage: with.coverage-file is not an input of coverage; did you mean coverage-files?',
        'berth-inputs.yml:13: jobs.steps: berth/deploy: with.min-line is not an input of deploy (an input of another command)',
        'berth-inputs.yml:11: jobs.steps: berth/deploy requires input environment',
        'berth-inputs.yml:18: jobs.steps: berth: with.min-line is not an input of command deploy (an input of another command)',
        'berth-inputs.yml:20: jobs.steps: berth requires input command',
      ],
    ],
    [
      'no untrusted input expanded in scripts',
      'untrusted-input.yml',
      [
        'untrusted-input.yml:11: jobs.greet: github.event.pull_request.title is expanded inside a script; pass it through env:',
        'untrusted-input.yml:17: jobs.greet: github.event.head_commit.message is expanded inside a script; pass it through env:',
        'untrusted-input.yml:18: jobs.greet: github.event.pull_request (it holds github.event.pull_request.title) is expanded inside a script; pass it through env:',
        'untrusted-input.yml:22: jobs.greet: github.head_ref is expanded inside a script; pass it through env:',
      ],
    ],
    [
      'privileged jobs unreachable from pull requests and comments',
      'privileged-on-pull-request.yml',
      [
        'privileged-on-pull-request.yml: job test-on-prem (privileged-on-pull-request.yml; runner labels self-hosted, onprem) runs for pull_request opened (example 0)',
        'privileged-on-pull-request.yml: job deploy-when-planned (privileged-on-pull-request.yml; runs-on computed from data) runs for pull_request opened (example 0)',
        'privileged-on-pull-request.yml: job deploy-when-merged (privileged-on-pull-request.yml; environment production) runs for pull_request merged into release, labelled Backend',
      ],
    ],
    [
      'privileged jobs unreachable from pull requests and comments',
      'privileged-through-reusable.yml',
      [
        'privileged-through-reusable.yml: job call/deploy (.github/workflows/bad-deploy-callee.yml; environment test; runner labels self-hosted, ncp, test) runs for pull_request opened (example 0)',
      ],
    ],
    [
      'pull_request_target and workflow_run never check out PR code',
      'pull-request-target-checkout.yml',
      [
        'pull-request-target-checkout.yml:11: jobs.test: pull_request_target run (pull-request-target-checkout.yml) checks out pull request code (ref: ${{ github.event.pull_request.head.sha }})',
        'pull-request-target-checkout.yml:12: jobs.test: pull_request_target run (pull-request-target-checkout.yml) fetches pull request code',
      ],
    ],
    [
      'least privilege',
      'permissions.yml',
      [
        'permissions.yml:4: top-level permissions raise contents: write; raise it in the job that needs it',
        'permissions.yml:9: jobs.release: contents: write is not one a berth job raises (pull-requests, deployments, id-token, checks, statuses, packages)',
        'permissions.yml:16: jobs.token: id-token: write in a job that does not always sign in to a cloud (a cloud login step without an if: of its own; split the job by an if: on the role input)',
        'permissions.yml:24: jobs.deploy: id-token: write in a job that does not always sign in to a cloud (a cloud login step without an if: of its own; split the job by an if: on the role input)',
        'permissions.yml:33: jobs.everything: permissions: write-all',
        'permissions.yml:48: jobs.packages: packages: write in a job that builds no image (berth build)',
      ],
    ],
    [
      'least privilege',
      'no-permissions.yml',
      ['no-permissions.yml:1: no top-level permissions: the token gets the repository default'],
    ],
    [
      'actions pinned to commits',
      'unpinned.yml',
      [
        'unpinned.yml:9: jobs.build: actions/checkout@v5 is not pinned to a full commit SHA',
        'unpinned.yml:10: jobs.build: actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 has no "# vX.Y.Z" comment naming its version',
        'unpinned.yml:11: jobs.build: actions/setup-java@dded0888837ed1f317902acf8a20df0ad188d165 is v5.0.0, not v4.7.1',
        'unpinned.yml:12: jobs.build: someone/unknown-action@0123456789abcdef0123456789abcdef01234567 (v1.0.0) is not in __tests__/fixtures/pinned-actions.json; verify it and add it',
        "unpinned.yml:13: jobs.build: berth-dev/berth@main: berth's own action follows its release tag (@v0)",
      ],
    ],
    [
      'secrets only where deployed',
      'secrets.yml',
      [
        'secrets.yml:11: jobs.build: secrets.REGISTRY_PASSWORD used in a job without an environment',
        'secrets.yml:24: jobs.call: secrets: inherit hands every secret over; name the ones the workflow declares',
      ],
    ],
    [
      'reusable calls match interfaces',
      'reusable-call-mismatch.yml',
      [
        'reusable-call-mismatch.yml:9: jobs.call: with.componnet is not an input of .github/workflows/bad-callee.yml (component, dry-run, retries)',
        'reusable-call-mismatch.yml:10: jobs.call: with.dry-run is a string; .github/workflows/bad-callee.yml takes a boolean',
        'reusable-call-mismatch.yml:11: jobs.call: with.retries is a string; .github/workflows/bad-callee.yml takes a number',
        'reusable-call-mismatch.yml:7: jobs.call: .github/workflows/bad-callee.yml requires input component',
        'reusable-call-mismatch.yml:13: jobs.call: secrets.TOKEN is not a secret of .github/workflows/bad-callee.yml (REGISTRY_PASSWORD)',
        'reusable-call-mismatch.yml:7: jobs.call: .github/workflows/bad-callee.yml requires secret REGISTRY_PASSWORD',
        'reusable-call-mismatch.yml:15: jobs.missing: ./.github/workflows/not-there.yml is not a workflow of this repository',
      ],
    ],
    [
      'nested jobs get no more than their caller grants',
      'nested-permissions.yml',
      [
        'nested-permissions.yml:10: jobs.short: .github/workflows/asks-more.yml job report asks actions: read, but this job grants none',
        'nested-permissions.yml:10: jobs.short: .github/workflows/asks-more.yml job report asks pull-requests: write, but this job grants read',
      ],
    ],
  ];
  test.each(cases)('%s: %s', async (name, fixture, expected) => {
    expect(await rule(name)(await loadWorkflow(fixture, BAD))).toEqual(expected);
  });

  test("GitHub's parser reports the same call mismatches (its own check, with the callee fetched)", async () => {
    expect((await loadWorkflow('reusable-call-mismatch.yml', BAD)).errors).toEqual([
      'reusable-call-mismatch.yml (Line: 7, Col: 11): Input component is required, but not provided while calling.',
      'reusable-call-mismatch.yml (Line: 9, Col: 18): Invalid input, componnet is not defined in the referenced workflow.',
      'reusable-call-mismatch.yml (Line: 7, Col: 11): Secret REGISTRY_PASSWORD is required, but not provided while calling.',
      'reusable-call-mismatch.yml (Line: 13, Col: 14): Invalid secret, TOKEN is not defined in the referenced workflow.',
    ]);
  });

  test('a job guarded by the event name stays unreachable, even when the plan says deploy', async () => {
    const wf = await loadWorkflow('privileged-on-pull-request.yml', BAD);
    const { pullRequestPayload } = await import('../helpers/events.js');
    const run = await jobsThatRun(wf, {
      eventName: 'pull_request',
      payload: pullRequestPayload({ action: 'closed', merged: true, base: 'release' }),
      needsOutputs: { plan: { deploy: 'true', runner: '["self-hosted","aws"]' } },
    });
    expect(run.jobs).toEqual({
      plan: 'success',
      'test-on-prem': 'success',
      'deploy-when-merged': 'success',
      'deploy-when-planned': 'success',
      'safe-deploy': 'skipped',
    });
  });
});

test.each<[string, string | undefined]>([
  ['github.event.pull_request.title', 'github.event.pull_request.title'],
  ['github.event.pull_request.head.ref', 'github.event.pull_request.head.ref'],
  ['github.head_ref', 'github.head_ref'],
  ['github.event.issue.body', 'github.event.issue.body'],
  ['github.event.comment.body', 'github.event.comment.body'],
  ['github.event.review.body', 'github.event.review.body'],
  ['github.event.commits.*.message', 'github.event.commits.*.message'],
  ['github.event.pages.*.page_name', 'github.event.pages.*.page_name'],
  ['github.event.pull_request.labels.*.name', 'github.event.pull_request.labels.*.name'],
  ['github.event.workflow_run.head_branch', 'github.event.workflow_run.head_branch'],
  ['github.event.release.name', 'github.event.release.name'],
  ['github.event', 'github.event (it holds github.event.issue.title)'],
  ['github.event.pull_request.number', undefined],
  ['github.event.pull_request.merged', undefined],
  ['github.sha', undefined],
  ['github.event_name', undefined],
  ['inputs.environment', undefined],
])('%s is untrusted: %s', (dotted, reason) => {
  expect(untrustedReason(dotted.split('.'))).toBe(reason);
});

describe('__tests__/fixtures/pinned-actions.json (the verified SHA ↔ version table)', () => {
  const table = pinnedActions();
  test.each(table.map((p) => [`${p.action}@${p.version}`, p] as const))('%s is well-formed', (_label, p) => {
    expect(p.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(p.version).toMatch(/^v\d+\.\d+\.\d+$/);
    // Accepted only when found in at least two independent places.
    expect(
      p.sources.filter((s) => !s.startsWith('conflict') && !s.startsWith('also')).length,
    ).toBeGreaterThanOrEqual(2);
  });
  test('one version per SHA, one SHA per version', () => {
    const keys = table.map((p) => `${p.action}@${p.sha}`);
    const versions = table.map((p) => `${p.action}@${p.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(versions).size).toBe(versions.length);
  });
});
