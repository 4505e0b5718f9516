/**
 * The deploy's record in GitHub's Deployments (issue 20): the bodies (pure), when a run records one, and
 * the record's course through the GitHub seam — in_progress, then success or failure, and only the
 * component's own previous live deployment marked inactive.
 */
import { describe, expect, test } from '@jest/globals';
import {
  clipDescription,
  deploymentRequest,
  ownEarlier,
  recordsDeployment,
  startDeploymentRecord,
  statusRequest,
  type DeploymentFacts,
} from '../../src/deploy/github-deployment.js';
import type { DeploymentInfo } from '../../src/github/api.js';
import { FakeGitHub } from '../helpers/fake-github.js';
import { fakeRuntime, TEST_SHA } from '../helpers/static-runtime.js';

const IMAGE = `registry.example.com/shop/backend@sha256:${'a'.repeat(64)}`;
const facts = (over: Partial<DeploymentFacts> = {}): DeploymentFacts => ({
  action: 'deploy',
  environment: 'production',
  component: 'backend',
  app: 'backend',
  image: IMAGE,
  sha: TEST_SHA,
  logUrl: '',
  ...over,
});

describe('the bodies', () => {
  test('a deployment: the commit, task, environment, the component in the payload; no merge, no contexts', () => {
    expect(deploymentRequest(facts())).toEqual({
      ref: TEST_SHA,
      task: 'deploy',
      environment: 'production',
      description: clipDescription(`Deploy backend ${IMAGE} (berth)`),
      payload: { berth: { component: 'backend', app: 'backend', action: 'deploy', image: IMAGE } },
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
    });
    expect(deploymentRequest(facts({ action: 'rollback', image: '' }))).toMatchObject({
      task: 'rollback',
      description: 'Roll back backend (berth)',
      payload: { berth: { action: 'rollback', image: '' } },
    });
  });

  test.each<[string, Parameters<typeof statusRequest>, Record<string, unknown>]>([
    [
      'in_progress, with the run link when there is one',
      [facts({ logUrl: 'https://github.com/acme/shop/actions/runs/9' })],
      {
        state: 'in_progress',
        description: clipDescription(`Deploying ${IMAGE}`),
        log_url: 'https://github.com/acme/shop/actions/runs/9',
        auto_inactive: false,
      },
    ],
    [
      'success carries the public address',
      [facts(), { state: 'success', imageRef: IMAGE, environmentUrl: 'https://shop.example.com' }],
      {
        state: 'success',
        description: clipDescription(`Live: ${IMAGE}`),
        environment_url: 'https://shop.example.com',
        auto_inactive: false,
      },
    ],
    [
      'a rollback says what it is',
      [facts({ action: 'rollback' }), { state: 'success', imageRef: 'shop:1.1', environmentUrl: '' }],
      { state: 'success', description: 'Rolled back to shop:1.1', auto_inactive: false },
    ],
    [
      'failure: the step and the first line of the error',
      [
        facts(),
        { state: 'failure', step: 'healthy', message: 'backend-production-green is not healthy\nlast logs' },
      ],
      {
        state: 'failure',
        description: 'Failed in healthy: backend-production-green is not healthy',
        auto_inactive: false,
      },
    ],
  ])('status: %s', (_name, args, body) => expect(statusRequest(...args)).toEqual(body));

  test('descriptions stay within GitHub’s 140 characters', () => {
    expect(clipDescription('x'.repeat(200))).toHaveLength(140);
    expect(clipDescription('x'.repeat(200)).endsWith('…')).toBe(true);
    expect(clipDescription(' a\n b ')).toBe('a b');
  });
});

describe('ownEarlier: only berth’s deployments of the same app and component', () => {
  const d = (id: number, payload: Record<string, unknown>): DeploymentInfo => ({
    id,
    environment: 'production',
    task: 'deploy',
    ref: 'main',
    payload,
    createdAt: '2026-12-01T00:00:00Z',
  });
  test('newest first, ours and others left out', () => {
    const list = [
      d(9, { berth: { app: 'backend', component: 'backend' } }),
      d(8, { berth: { app: 'frontend', component: 'frontend' } }),
      d(7, {}),
      d(6, { berth: 'backend' }),
      d(5, { berth: { app: 'backend', component: 'backend' } }),
    ];
    expect(ownEarlier(list, { app: 'backend', component: 'backend' }, 9).map((x) => x.id)).toEqual([5]);
  });
});

describe('recordsDeployment', () => {
  test.each<[string, Parameters<typeof recordsDeployment>, ReturnType<typeof recordsDeployment>]>([
    ['auto from the CLI with all it needs', ['auto', false, 't', 'acme/shop', TEST_SHA], { record: true }],
    [
      'auto in GitHub Actions: the job’s environment records it',
      ['auto', true, 't', 'acme/shop', TEST_SHA],
      { record: false },
    ],
    ['true in GitHub Actions', ['true', true, 't', 'acme/shop', TEST_SHA], { record: true }],
    ['false never', ['false', false, 't', 'acme/shop', TEST_SHA], { record: false }],
    [
      'auto without a token says so',
      ['auto', false, '', 'acme/shop', TEST_SHA],
      { record: false, why: "not recorded in GitHub's Deployments: no github-token (GITHUB_TOKEN)" },
    ],
  ])('%s', (_name, args, decision) => expect(recordsDeployment(...args)).toEqual(decision));

  test('true without a repository or commit is a mistake named before anything changes', () => {
    expect(() => recordsDeployment('true', false, 't', '', '')).toThrow(
      "github-deployment: true needs the repository (--repository, GITHUB_REPOSITORY), the commit (--sha, GITHUB_SHA) to record the deploy in GitHub's Deployments",
    );
  });
});

describe('startDeploymentRecord through the seam', () => {
  const context = { sha: TEST_SHA, repository: 'acme/shop', 'github-actions': '' };
  const inputs = { githubDeployment: 'auto' as const, githubToken: 'ghs_x' };

  test('in_progress, then success; the previous live deployment of the component goes inactive, a failed one and another component’s stay', async () => {
    const berth = (component: string) => ({ berth: { app: component, component } });
    const github = new FakeGitHub({
      deployments: [
        {
          id: 40,
          environment: 'production',
          task: 'deploy',
          ref: 'x',
          payload: berth('backend'),
          createdAt: '',
        },
        {
          id: 39,
          environment: 'production',
          task: 'deploy',
          ref: 'x',
          payload: berth('frontend'),
          createdAt: '',
        },
        {
          id: 38,
          environment: 'production',
          task: 'deploy',
          ref: 'x',
          payload: berth('backend'),
          createdAt: '',
        },
        {
          id: 37,
          environment: 'production',
          task: 'deploy',
          ref: 'x',
          payload: berth('backend'),
          createdAt: '',
        },
      ],
      deploymentStates: { 40: 'failure', 39: 'success', 38: 'success', 37: 'inactive' },
    });
    const { runtime, logs } = fakeRuntime({ command: 'deploy', environment: 'production' }, '/tmp', context);
    const record = await startDeploymentRecord(facts(), inputs, runtime, () => github);
    expect(record).toBeDefined();
    await record?.finish({ state: 'success', imageRef: IMAGE, environmentUrl: 'https://shop.example.com' });
    expect(github.calls).toEqual([
      `create-deployment production deploy ${TEST_SHA}`,
      'deployment-status 500 in_progress',
      'list-deployments production',
      'deployment-status 500 success',
      'deployment-state 40',
      'deployment-state 38',
      'deployment-status 38 inactive',
    ]);
    expect(github.deploymentStatuses.at(-1)).toMatchObject({ id: 38, state: 'inactive' });
    expect(logs).toContain('GitHub Deployments: deployment 500: success');
  });

  test('a failure is recorded with its step; nothing is marked inactive', async () => {
    const github = new FakeGitHub();
    const { runtime } = fakeRuntime({ command: 'deploy', environment: 'production' }, '/tmp', context);
    const record = await startDeploymentRecord(facts(), inputs, runtime, () => github);
    await record?.finish({ state: 'failure', step: 'switched', message: 'nginx -t refused' });
    expect(github.deploymentStatuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
    expect(github.deploymentStatuses[1]?.description).toBe('Failed in switched: nginx -t refused');
  });

  test('GitHub refusing is a warning, and no further call is made', async () => {
    const github = new FakeGitHub({ deploymentsError: new Error('github-token: … answered 403') });
    const { runtime, logs } = fakeRuntime({ command: 'deploy', environment: 'production' }, '/tmp', context);
    const record = await startDeploymentRecord(facts(), inputs, runtime, () => github);
    expect(record).toBeUndefined();
    expect(logs).toEqual([
      "warning: GitHub Deployments: recording the start failed, so GitHub does not show this deploy's result (the deploy itself goes on): github-token: … answered 403",
    ]);
    expect(github.calls).toHaveLength(1);
  });

  test('in GitHub Actions with auto: no call at all', async () => {
    const github = new FakeGitHub();
    const { runtime } = fakeRuntime({ command: 'deploy', environment: 'production' }, '/tmp', {
      ...context,
      'github-actions': 'true',
    });
    expect(await startDeploymentRecord(facts(), inputs, runtime, () => github)).toBeUndefined();
    expect(github.calls).toEqual([]);
  });
});
