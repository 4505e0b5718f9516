import { describe, expect, test } from '@jest/globals';
import { ConfigurationError } from '../../src/errors.js';
import type { EventContext } from '../../src/github/event.js';
import { planOutputs } from '../../src/plan/outputs.js';
import { createPlan, selectedComponents, type Plan } from '../../src/plan/planner.js';
import { parseConfig } from '../../src/config/load.js';
import { exampleConfig } from '../helpers/config.js';
import {
  AFTER_SHA,
  BEFORE_SHA,
  dispatchPayload,
  eventContext,
  pullRequestPayload,
  pushPayload,
} from '../helpers/events.js';
import { FakeGitHub, mergedPull } from '../helpers/fake-github.js';

interface Outcome {
  deploy: boolean;
  environment: string | undefined;
  components: string[];
  runner: string[];
  note: string;
  calls: string[];
  warnings: string[];
}

async function plan(
  event: EventContext,
  /** null: no token, so no GitHub API at all. */
  github: FakeGitHub | null = new FakeGitHub(),
  inputs: { environment?: string; components?: string } = {},
): Promise<Outcome & { plan: Plan }> {
  const warnings: string[] = [];
  const result = await createPlan(event, {
    config: exampleConfig(),
    configPath: '.github/berth.yml',
    environmentInput: inputs.environment ?? '',
    componentsInput: inputs.components ?? '',
    github: github ?? undefined,
    warn: (m) => warnings.push(m),
  });
  return {
    plan: result,
    deploy: result.deploy,
    environment: result.environment?.name,
    components: selectedComponents(result),
    runner: result.runner,
    note: result.note,
    calls: github?.calls ?? [],
    warnings,
  };
}

const PROD_RUNNER = ['self-hosted', 'aws', 'prod'];
const TEST_RUNNER = ['self-hosted', 'ncp', 'test'];
const DEV_RUNNER = ['self-hosted', 'onprem'];

describe('push', () => {
  test('to release, merging a PR labelled Backend: the backend goes to production', async () => {
    const github = new FakeGitHub({
      pullsByCommit: { [AFTER_SHA]: [mergedPull(12, 'release', ['Backend'], AFTER_SHA)] },
    });
    const out = await plan(eventContext('push', pushPayload({ branch: 'release' })), github);
    expect(out).toMatchObject({
      deploy: true,
      environment: 'production',
      components: ['backend'],
      runner: PROD_RUNNER,
      note: '"release" matches "release" (merged PR #12): deploy to "production"',
      calls: [`pulls-for-commit ${AFTER_SHA}`],
    });
  });

  test('to develop, whose merged PR carries both labels: both components', async () => {
    const github = new FakeGitHub({
      pullsByCommit: { [AFTER_SHA]: [mergedPull(13, 'develop', ['Frontend', 'backend'], AFTER_SHA)] },
    });
    const out = await plan(eventContext('push', pushPayload({ branch: 'develop' })), github);
    expect(out).toMatchObject({
      deploy: true,
      environment: 'develop',
      components: ['backend', 'frontend'],
      runner: DEV_RUNNER,
    });
  });

  test('to test without a PR: the files the payload lists decide, no compare call', async () => {
    const event = eventContext(
      'push',
      pushPayload({ branch: 'test', files: ['frontend/src/App.tsx', 'README.md'] }),
    );
    const out = await plan(event);
    expect(out).toMatchObject({
      deploy: true,
      environment: 'test',
      components: ['frontend'],
      runner: TEST_RUNNER,
      calls: [`pulls-for-commit ${AFTER_SHA}`],
    });
    expect(out.plan.decisions).toEqual([
      { component: 'backend', selected: false, reason: 'none of 2 changed files matches "backend/**"' },
      {
        component: 'frontend',
        selected: true,
        reason: 'changed "frontend/src/App.tsx" (matches "frontend/**")',
      },
    ]);
  });

  test('as Actions delivers it (no file lists): the compare API gives the files', async () => {
    const github = new FakeGitHub({
      compare: { [`${BEFORE_SHA}...${AFTER_SHA}`]: ['backend/build.gradle'] },
    });
    const out = await plan(eventContext('push', pushPayload({ branch: 'test' })), github);
    expect(out).toMatchObject({
      components: ['backend'],
      calls: [`pulls-for-commit ${AFTER_SHA}`, `compare ${BEFORE_SHA}...${AFTER_SHA}`],
    });
  });

  test('with 20 commits (the payload may be cut short): the compare API gives the files', async () => {
    const github = new FakeGitHub({ compare: { [`${BEFORE_SHA}...${AFTER_SHA}`]: ['frontend/a.ts'] } });
    const event = eventContext(
      'push',
      pushPayload({ branch: 'test', files: ['backend/a.java'], commitCount: 20 }),
    );
    const out = await plan(event, github);
    expect(out.components).toEqual(['frontend']);
  });

  test('a PR merged into another branch does not count', async () => {
    const github = new FakeGitHub({
      pullsByCommit: { [AFTER_SHA]: [mergedPull(14, 'develop', ['Backend'], AFTER_SHA)] },
    });
    const out = await plan(
      eventContext('push', pushPayload({ branch: 'test', files: ['frontend/x.ts'] })),
      github,
    );
    expect(out.components).toEqual(['frontend']);
  });

  test('a new branch with no file lists: nothing is known, nothing deploys', async () => {
    const out = await plan(
      eventContext('push', pushPayload({ branch: 'feature/login', before: '0'.repeat(40) })),
    );
    expect(out).toMatchObject({
      deploy: false,
      environment: 'develop',
      components: [],
      note: '"feature/login" matches "feature/*" (no merged pull request found), but no component is selected: nothing to deploy',
    });
  });

  test('to a branch that matches no environment: empty plan, no API call, the reason named', async () => {
    const out = await plan(eventContext('push', pushPayload({ branch: 'main', files: ['backend/a'] })));
    expect(out).toMatchObject({
      deploy: false,
      components: [],
      calls: [],
      note: '"main" matches no environment\'s branches (production: release; test: test; develop: develop, feature/*)',
    });
  });

  test('an untrusted branch name is data: quoted, matched, never run', async () => {
    const out = await plan(
      eventContext('push', pushPayload({ branch: 'release$(touch x)"\n', files: ['backend/a'] })),
    );
    expect(out.deploy).toBe(false);
    expect(out.plan.trigger).toBe('push to "release$(touch x)\\"\\n"');
  });

  test.each([
    [
      '[skip deploy] in the head commit',
      pushPayload({ branch: 'release', message: 'fix typo [skip deploy]' }),
      'the head commit message says [skip deploy]',
    ],
    [
      'a tag',
      { ...pushPayload({ branch: 'x' }), ref: 'refs/tags/v1.2.3' },
      '"refs/tags/v1.2.3" is not a branch; environments match branches',
    ],
    ['a deleted branch', { ...pushPayload({ branch: 'release' }), deleted: true }, 'the branch was deleted'],
  ])('%s: nothing', async (_name, payload, note) => {
    const out = await plan(eventContext('push', payload));
    expect(out).toMatchObject({ deploy: false, components: [], note, calls: [] });
  });

  test('without a token: the payload alone decides, with a warning', async () => {
    const out = await plan(eventContext('push', pushPayload({ branch: 'test', files: ['backend/x'] })), null);
    expect(out.components).toEqual(['backend']);
    expect(out.warnings).toEqual([
      'No github-token, so the GitHub API is not asked: the labels of the merged pull request are unknown.',
    ]);
  });
});

describe('pull_request', () => {
  test('opened with label Backend: quality for the backend, no deploy, no API call', async () => {
    const out = await plan(
      eventContext(
        'pull_request',
        pullRequestPayload({ action: 'opened', base: 'release', labels: ['Backend'] }),
      ),
    );
    expect(out).toMatchObject({
      deploy: false,
      environment: undefined,
      components: ['backend'],
      runner: ['ubuntu-latest'],
      calls: [],
      note: 'pull request: quality checks only, no deploy',
    });
  });

  test.each(['synchronize', 'reopened', 'labeled', 'unlabeled', 'ready_for_review'])(
    '%s without component labels: the PR files decide',
    async (action) => {
      const github = new FakeGitHub({ pullFiles: { 2: ['frontend/src/a.tsx'] } });
      const out = await plan(
        eventContext('pull_request', pullRequestPayload({ action, base: 'develop', labels: ['bug'] })),
        github,
      );
      expect(out).toMatchObject({ deploy: false, components: ['frontend'], calls: ['pull-files 2'] });
    },
  );

  test('closed and merged into release with label Backend: the backend goes to production', async () => {
    const payload = pullRequestPayload({
      action: 'closed',
      merged: true,
      base: 'release',
      labels: ['Backend'],
    });
    const out = await plan(eventContext('pull_request', payload));
    expect(out).toMatchObject({
      deploy: true,
      environment: 'production',
      components: ['backend'],
      runner: PROD_RUNNER,
      note: 'merged into "release", which matches "release": deploy to "production"',
    });
  });

  test('closed without merging: nothing', async () => {
    const out = await plan(
      eventContext(
        'pull_request',
        pullRequestPayload({ action: 'closed', base: 'release', labels: ['Backend'] }),
      ),
    );
    expect(out).toMatchObject({
      deploy: false,
      components: [],
      note: 'closed without merging: nothing to deploy',
    });
  });

  test('merged from a fork: never deploys', async () => {
    const payload = pullRequestPayload({
      action: 'closed',
      merged: true,
      base: 'release',
      labels: ['Backend'],
      fork: true,
    });
    const out = await plan(eventContext('pull_request', payload));
    expect(out).toMatchObject({
      deploy: false,
      components: [],
      note: 'the pull request came from a fork; fork code is never deployed',
    });
  });

  test('merged within a repository that is itself a fork: deploys (head.repo.fork is not the test)', async () => {
    const payload = pullRequestPayload({
      action: 'closed',
      merged: true,
      base: 'release',
      labels: ['Backend'],
      repoIsFork: true,
    });
    const out = await plan(eventContext('pull_request', payload));
    expect(out).toMatchObject({ deploy: true, components: ['backend'] });
  });

  test('a fork PR still gets quality checks', async () => {
    const payload = pullRequestPayload({
      action: 'opened',
      base: 'release',
      labels: ['Frontend'],
      fork: true,
    });
    const out = await plan(eventContext('pull_request_target', payload));
    expect(out).toMatchObject({
      deploy: false,
      components: ['frontend'],
      note: 'pull request (from a fork): quality checks only, no deploy',
    });
  });

  test('a fork PR whose head repository was deleted counts as a fork', async () => {
    const payload = pullRequestPayload({
      action: 'closed',
      merged: true,
      base: 'release',
      labels: ['Backend'],
    });
    (payload.pull_request as { head: { repo: unknown } }).head.repo = null;
    expect((await plan(eventContext('pull_request', payload))).deploy).toBe(false);
  });

  test('merged into a branch that matches no environment: nothing', async () => {
    const payload = pullRequestPayload({ action: 'closed', merged: true, base: 'main', labels: ['Backend'] });
    const out = await plan(eventContext('pull_request', payload));
    expect(out).toMatchObject({ deploy: false, components: [], calls: [] });
  });

  test('merged with [skip deploy] in the title: nothing', async () => {
    const payload = pullRequestPayload({
      action: 'closed',
      merged: true,
      base: 'release',
      labels: ['Backend'],
      title: 'Docs [skip deploy]',
    });
    expect((await plan(eventContext('pull_request', payload))).note).toBe(
      'the pull request title says [skip deploy]',
    );
  });

  test('other actions need no work', async () => {
    const out = await plan(
      eventContext(
        'pull_request',
        pullRequestPayload({ action: 'assigned', base: 'release', labels: ['Backend'] }),
      ),
    );
    expect(out).toMatchObject({ deploy: false, components: [] });
    expect(out.note).toMatch(/^pull request action "assigned" needs no work/);
  });

  test('a payload of the wrong shape names the field', async () => {
    const payload = pullRequestPayload({ action: 'opened', base: 'release' });
    (payload.pull_request as { base: { ref: unknown } }).base.ref = 42;
    await expect(plan(eventContext('pull_request', payload))).rejects.toThrow(
      "event-path: the pull_request payload's pull_request.base.ref should be a string, got 42",
    );
  });
});

describe('workflow_dispatch', () => {
  test('environment and components inputs choose directly', async () => {
    const out = await plan(eventContext('workflow_dispatch', dispatchPayload('refs/heads/test')), undefined, {
      environment: 'test',
      components: ' frontend ',
    });
    expect(out).toMatchObject({
      deploy: true,
      environment: 'test',
      components: ['frontend'],
      runner: TEST_RUNNER,
    });
  });

  test("the payload's inputs serve when the action inputs are empty", async () => {
    const payload = dispatchPayload('refs/heads/feature/login', {
      environment: 'develop',
      components: 'backend,frontend',
    });
    const out = await plan(eventContext('workflow_dispatch', payload));
    expect(out).toMatchObject({ deploy: true, environment: 'develop', components: ['backend', 'frontend'] });
  });

  test('no environment input: the ref decides; no components input: all', async () => {
    const out = await plan(eventContext('workflow_dispatch', dispatchPayload('refs/heads/release')));
    expect(out).toMatchObject({
      deploy: true,
      environment: 'production',
      components: ['backend', 'frontend'],
    });
  });

  test('no environment input and a ref that matches nothing: nothing', async () => {
    const out = await plan(eventContext('workflow_dispatch', dispatchPayload('refs/heads/main')));
    expect(out).toMatchObject({ deploy: false, components: [] });
  });

  test.each([
    [
      { environment: 'prod' },
      'environment: "prod" is not an environment in .github/berth.yml; expected one of: production, test, develop',
    ],
    [
      { environment: 'test', components: 'backend, api' },
      'components: "api" is not a component in .github/berth.yml; expected a comma-separated list of: backend, frontend',
    ],
  ])('bad inputs %j are refused with the key and the choices', async (inputs, message) => {
    const promise = plan(
      eventContext('workflow_dispatch', dispatchPayload('refs/heads/test')),
      undefined,
      inputs,
    );
    await expect(promise).rejects.toThrow(new ConfigurationError(message));
  });

  test.each([
    ['refs/heads/feature/unreviewed', 'production', 'only from "release"'],
    ['refs/heads/main', 'test', 'only from "test"'],
    ['refs/tags/v1.2.3', 'production', 'only branches from "release"'],
  ])(
    "a dispatch of %s to %s is refused by name: only the environment's branches deploy there",
    async (ref, environment, from) => {
      const promise = plan(eventContext('workflow_dispatch', dispatchPayload(ref, { environment })));
      await expect(promise).rejects.toThrow(
        `environment: a workflow_dispatch on "${ref}" may not deploy to "${environment}", which deploys ${from}; run the workflow from one of those (Use workflow from), or add the branch to environments.${environment}.dispatch-branches in .github/berth.yml`,
      );
    },
  );

  test('dispatch-branches lets a manual run deploy from further branches, and only those', async () => {
    const config = parseConfig(
      [
        'version: 1',
        'components: {backend: {}}',
        'environments:',
        '  test: {branches: [test], dispatch-branches: [main, "hotfix/*"], runner: [self-hosted]}',
      ].join('\n'),
      '.github/berth.yml',
    );
    const dispatch = (ref: string): Promise<Plan> =>
      createPlan(eventContext('workflow_dispatch', dispatchPayload(ref, { environment: 'test' })), {
        config,
        configPath: '.github/berth.yml',
        environmentInput: '',
        componentsInput: '',
        github: undefined,
        warn: () => undefined,
      });
    for (const ref of ['refs/heads/main', 'refs/heads/hotfix/login', 'refs/heads/test']) {
      const out = await dispatch(ref);
      expect(out).toMatchObject({ deploy: true, environment: { name: 'test' } });
      expect(selectedComponents(out)).toEqual(['backend']);
    }
    await expect(dispatch('refs/heads/feature/x')).rejects.toThrow(
      'may not deploy to "test", which deploys only from "test", "main", "hotfix/*"',
    );
  });
});

describe('other events', () => {
  test('schedule: nothing, and the reason says which events plan acts on', async () => {
    const out = await plan(eventContext('schedule', { schedule: '0 0 * * *' }));
    expect(out).toMatchObject({
      deploy: false,
      components: [],
      note: 'plan acts on push, pull_request and workflow_dispatch events, not "schedule"',
    });
  });

  test('environment/components inputs on another event are ignored with a warning', async () => {
    const out = await plan(eventContext('push', pushPayload({ branch: 'main' })), undefined, {
      environment: 'test',
    });
    expect(out.warnings).toEqual([
      'The environment and components inputs choose only for workflow_dispatch; ignored for push.',
    ]);
  });
});

describe('planOutputs', () => {
  test('a deploy plan: matrix ready for strategy.matrix and runs-on', async () => {
    const github = new FakeGitHub({
      pullsByCommit: { [AFTER_SHA]: [mergedPull(12, 'release', ['Backend', 'Frontend'], AFTER_SHA)] },
    });
    const { plan: p } = await plan(eventContext('push', pushPayload({ branch: 'release' })), github);
    expect(planOutputs(p)).toEqual({
      matrix:
        '{"include":[{"component":"backend","environment":"production","runner":"[\\"self-hosted\\",\\"aws\\",\\"prod\\"]","kind":"image","dir":""},{"component":"frontend","environment":"production","runner":"[\\"self-hosted\\",\\"aws\\",\\"prod\\"]","kind":"image","dir":""}]}',
      components: '["backend","frontend"]',
      environment: 'production',
      deploy: 'true',
      'has-work': 'true',
    });
  });

  test('a quality plan has no environment', async () => {
    const { plan: p } = await plan(
      eventContext(
        'pull_request',
        pullRequestPayload({ action: 'opened', base: 'release', labels: ['Frontend'] }),
      ),
    );
    expect(planOutputs(p)).toEqual({
      matrix:
        '{"include":[{"component":"frontend","environment":"","runner":"[\\"ubuntu-latest\\"]","kind":"image","dir":""}]}',
      components: '["frontend"]',
      environment: '',
      deploy: 'false',
      'has-work': 'true',
    });
  });

  test('with the config: a static component (its `with` says strategy static) carries its dir', async () => {
    const config = parseConfig(
      [
        'version: 1',
        'components:',
        '  backend: {labels: [Backend]}',
        '  frontend:',
        '    labels: [Frontend]',
        '    with: {strategy: static, dir: frontend/dist}',
        'environments:',
        '  production: {branches: [release], runner: [self-hosted, aws]}',
      ].join('\n'),
      '.github/berth.yml',
    );
    const github = new FakeGitHub({
      pullsByCommit: { [AFTER_SHA]: [mergedPull(12, 'release', ['Backend', 'Frontend'], AFTER_SHA)] },
    });
    const { plan: p } = await plan(eventContext('push', pushPayload({ branch: 'release' })), github);
    expect(JSON.parse(planOutputs(p, config).matrix)).toEqual({
      include: [
        {
          component: 'backend',
          environment: 'production',
          runner: '["self-hosted","aws","prod"]',
          kind: 'image',
          dir: '',
        },
        {
          component: 'frontend',
          environment: 'production',
          runner: '["self-hosted","aws","prod"]',
          kind: 'static',
          dir: 'frontend/dist',
        },
      ],
    });
  });

  test("with the config: each entry carries the public url, the component's own where it has one", async () => {
    const config = parseConfig(
      [
        'version: 1',
        'components:',
        '  backend:',
        '    labels: [Backend]',
        '    environments:',
        '      production: {url: "https://api.example.com"}',
        '  frontend: {labels: [Frontend]}',
        'environments:',
        '  production: {branches: [release], url: "https://shop.example.com/"}',
      ].join('\n'),
      '.github/berth.yml',
    );
    const github = new FakeGitHub({
      pullsByCommit: { [AFTER_SHA]: [mergedPull(12, 'release', ['Backend', 'Frontend'], AFTER_SHA)] },
    });
    const { plan: p } = await plan(eventContext('push', pushPayload({ branch: 'release' })), github);
    const include = (JSON.parse(planOutputs(p, config).matrix) as { include: Array<{ url?: string }> })
      .include;
    expect(include.map((e) => e.url)).toEqual(['https://api.example.com', 'https://shop.example.com']);
    // Without a url in the config, an entry has none, as before.
    const plain = parseConfig(
      'version: 1\ncomponents: {backend: {}, frontend: {}}\nenvironments:\n  production: {branches: [release]}\n',
      '.github/berth.yml',
    );
    const none = (JSON.parse(planOutputs(p, plain).matrix) as { include: object[] }).include;
    expect(none.map((e) => 'url' in e)).toEqual([false, false]);
  });

  test('an empty plan', async () => {
    const { plan: p } = await plan(eventContext('push', pushPayload({ branch: 'main' })));
    expect(planOutputs(p)).toEqual({
      matrix: '{"include":[]}',
      components: '[]',
      environment: '',
      deploy: 'false',
      'has-work': 'false',
    });
  });
});
