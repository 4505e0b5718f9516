/**
 * The environment's protection before a deploy (issue 19): the verdict on GitHub's answer (pure), and
 * the command against a loopback GitHub API serving the environments endpoint's documented bodies —
 * an environment any branch can deploy to is refused before the bucket is touched.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { runDeploy, runRollback } from '../../src/commands/deploy.js';
import { environmentVerdict } from '../../src/deploy/protection.js';
import type { ObjectStore, PutRequest, StoredObject } from '../../src/deploy/static/s3.js';
import { ConfigurationError, OutageError } from '../../src/errors.js';
import type { EnvironmentProtection } from '../../src/github/api.js';
import type { InputName } from '../../src/inputs.js';
import { HttpStub, restEnvironment, restReviewer, type StubResponse } from '../helpers/http-stub.js';
import { fakeRuntime, TEST_SHA } from '../helpers/static-runtime.js';

const REPO = 'Codertocat/Hello-World';
const SETTING =
  'Settings → Environments → production → Deployment branches and tags → "Protected branches only" or "Selected branches and tags"';

const env = (over: Partial<EnvironmentProtection> = {}): EnvironmentProtection => ({
  name: 'production',
  deploymentBranchPolicy: { protectedBranches: true, customBranchPolicies: false },
  reviewers: [],
  preventSelfReview: false,
  waitTimerMinutes: 0,
  ...over,
});

describe('environmentVerdict: what GitHub says → go, refuse, or warn', () => {
  test.each([
    [
      'protected branches only, a user and a team to approve',
      env({
        reviewers: [
          { type: 'User', name: 'octocat' },
          { type: 'Team', name: 'justice-league' },
        ],
        preventSelfReview: true,
      }),
      'environment "production" deploys only from protected branches; required reviewers: @octocat, team justice-league (not the one who started it)',
    ],
    [
      'selected branches, a wait timer, no reviewers',
      env({
        deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
        waitTimerMinutes: 30,
      }),
      `environment "production" deploys only from its selected branches and tags, waits 30 min; no required reviewers: a deploy to production starts without anyone's approval (Settings → Environments → production → Required reviewers)`,
    ],
  ])('%s: goes on, and says what protects it', (_name, answer, notice) => {
    const verdict = environmentVerdict('production', answer, false, REPO);
    expect(verdict.refusal).toBeUndefined();
    expect(verdict.warnings).toEqual([]);
    expect(verdict.notices).toEqual([notice]);
  });

  test('no deployment branch policy: refused, naming the setting to change and the opt-out', () => {
    const verdict = environmentVerdict('production', env({ deploymentBranchPolicy: null }), false, REPO);
    expect(verdict.refusal).toBe(
      `environment "production" has no deployment branch policy: any branch that can run a workflow can deploy to it. Set ${SETTING} — or set \`allow-unprotected-environment: true\` to deploy anyway (warned every run).`,
    );
    expect(verdict.summary).toContain('nothing deployed');
  });

  test('no deployment branch policy, opted out: a warning saying what is unprotected', () => {
    const verdict = environmentVerdict('production', env({ deploymentBranchPolicy: null }), true, REPO);
    expect(verdict.refusal).toBeUndefined();
    expect(verdict.warnings).toEqual([
      `environment "production" has no deployment branch policy: any branch that can run a workflow can deploy to it; deploying anyway (allow-unprotected-environment: true). To protect it: ${SETTING}. It has no required reviewers: a deploy to production starts without anyone's approval (Settings → Environments → production → Required reviewers).`,
    ]);
  });

  test('a policy with neither kind set (GitHub never answers so) counts as none', () => {
    const answer = env({ deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: false } });
    expect(environmentVerdict('production', answer, false, REPO).refusal).toMatch(
      /no deployment branch policy/,
    );
  });

  test('404: refused, saying both causes (no environment, no actions: read)', () => {
    const verdict = environmentVerdict('production', undefined, false, REPO);
    expect(verdict.refusal).toBe(
      `environment: GitHub shows no environment "production" in ${REPO} to this token (GET /repos/${REPO}/environments/production answered 404), so nothing says which branches may deploy to it. Give the deploy job \`permissions: actions: read\` (the token cannot see environments without it on a private repository), and make sure the job's \`environment:\` is "production"; a new environment has no protection until ${SETTING} is set — or set \`allow-unprotected-environment: true\` to deploy anyway (warned every run).`,
    );
  });

  test('404, opted out: warned', () => {
    const verdict = environmentVerdict('production', undefined, true, REPO);
    expect(verdict.refusal).toBeUndefined();
    expect(verdict.warnings).toHaveLength(1);
    expect(verdict.warnings[0]).toMatch(
      /^environment: GitHub shows no environment "production".*deploying anyway/,
    );
  });
});

/** A bucket that records every write: an empty log means nothing was deployed. */
class RecordingStore implements ObjectStore {
  readonly address = 'https://site.s3.ap-northeast-2.amazonaws.com';
  readonly log: string[] = [];
  private readonly objects = new Map<string, Buffer>();
  async list(prefix: string): Promise<StoredObject[]> {
    this.log.push(`list ${prefix}`);
    return [];
  }
  async get(key: string): Promise<Buffer | undefined> {
    return this.objects.get(key);
  }
  async put(r: PutRequest): Promise<void> {
    this.log.push(`put ${r.key}`);
    this.objects.set(r.key, r.body);
  }
  async delete(key: string): Promise<void> {
    this.log.push(`delete ${key}`);
  }
  close(): void {}
}

describe('deploy reads the environment from the GitHub API before anything changes', () => {
  let work: string;
  let stub: HttpStub | undefined;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'berth-protection-'));
    mkdirSync(path.join(work, 'build'));
    writeFileSync(path.join(work, 'build', 'index.html'), '<h1>shop</h1>');
  });
  afterEach(async () => {
    await stub?.stop();
    stub = undefined;
    rmSync(work, { recursive: true, force: true });
  });

  const ROUTE = `GET /repos/${REPO}/environments/production`;

  async function deploy(
    answer: StubResponse | undefined,
    values: Partial<Record<InputName, string>> = {},
    onActions = true,
    command = runDeploy,
  ) {
    stub = await new HttpStub(answer === undefined ? {} : { [ROUTE]: answer }).start();
    const store = new RecordingStore();
    const r = fakeRuntime(
      {
        command: 'deploy',
        strategy: 'static',
        component: 'frontend',
        environment: 'production',
        dir: 'build',
        's3-bucket': 'site',
        'github-token': 'ghs_16C7e42F292c6912E7710c838347Ae178B4a',
        ...values,
      },
      work,
      {
        sha: TEST_SHA,
        'run-id': '1234',
        repository: REPO,
        'api-url': stub.url,
        ...(onActions ? { 'github-actions': 'true' } : {}),
      },
    );
    let error: unknown;
    await command(r.inputs, r.runtime, {
      createStore: async () => store,
      now: () => 0,
      sleep: async () => {},
    }).catch((e: unknown) => (error = e));
    return { ...r, store, error, requests: stub.requests };
  }

  test('no deployment branch policy: refused by name and setting, the bucket untouched', async () => {
    const run = await deploy({ body: restEnvironment('production', { policy: null }) });
    expect(run.error).toBeInstanceOf(ConfigurationError);
    expect((run.error as Error).message).toBe(
      `berth deploy: environment "production" has no deployment branch policy: any branch that can run a workflow can deploy to it. Set ${SETTING} — or set \`allow-unprotected-environment: true\` to deploy anyway (warned every run).`,
    );
    expect(run.store.log).toEqual([]);
    expect(run.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: `/repos/${REPO}/environments/production`,
        authorization: 'token ghs_16C7e42F292c6912E7710c838347Ae178B4a',
      }),
    ]);
    expect(run.summary.join('\n')).toContain('❌ Environment **production**');
  });

  test('rollback is refused the same way', async () => {
    const run = await deploy(
      { body: restEnvironment('production', { policy: null }) },
      { command: 'rollback' },
      true,
      runRollback,
    );
    expect((run.error as Error).message).toMatch(
      /^berth rollback: environment "production" has no deployment branch policy/,
    );
    expect(run.store.log).toEqual([]);
  });

  test('protected branches only: deploys, and reports who must approve in the log and the summary', async () => {
    const run = await deploy({
      body: restEnvironment('production', {
        policy: { protected_branches: true, custom_branch_policies: false },
        reviewers: [restReviewer('User', 'octocat'), restReviewer('Team', 'justice-league')],
      }),
    });
    expect(run.error).toBeUndefined();
    expect(run.store.log).toContain('put index.html');
    expect(run.logs).toContain(
      'berth deploy: environment "production" deploys only from protected branches; required reviewers: @octocat, team justice-league',
    );
    expect(run.logs.filter((l) => l.startsWith('warning:'))).toEqual([]);
    expect(run.summary[0]).toBe(
      '🔒 Environment **production**: deploys only from protected branches. Required reviewers: @octocat, team justice-league.\n',
    );
  });

  test('opted out (allow-unprotected-environment): deploys, with a warning saying what is unprotected', async () => {
    const run = await deploy(
      { body: restEnvironment('production', { policy: null }) },
      { 'allow-unprotected-environment': 'true' },
    );
    expect(run.error).toBeUndefined();
    expect(run.store.log).toContain('put index.html');
    expect(run.logs.filter((l) => l.startsWith('warning:'))).toEqual([
      expect.stringMatching(
        /^warning: berth deploy: environment "production" has no deployment branch policy: any branch that can run a workflow can deploy to it; deploying anyway/,
      ),
    ]);
  });

  test('404 (no such environment, or not visible to the token): refused, nothing deployed', async () => {
    const run = await deploy(undefined);
    expect(run.error).toBeInstanceOf(ConfigurationError);
    expect((run.error as Error).message).toMatch(
      /^berth deploy: environment: GitHub shows no environment "production" in Codertocat\/Hello-World to this token .*answered 404.*`permissions: actions: read`/,
    );
    expect(run.store.log).toEqual([]);
  });

  test('403 (the job lists permissions without actions: read): the permissions entry to add', async () => {
    const run = await deploy({
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/deployments/environments#get-an-environment',
        status: '403',
      },
    });
    expect(run.error).toBeInstanceOf(ConfigurationError);
    expect((run.error as Error).message).toBe(
      `github-token: GitHub API GET /repos/{owner}/{repo}/environments/{environment_name} at ${stub?.url} answered 403 (Resource not accessible by integration - https://docs.github.com/rest/deployments/environments#get-an-environment); the token needs "actions: read" on ${REPO} (workflow \`permissions:\`; add \`actions: read\` to the job's \`permissions:\` — a job that lists permissions gets none it does not list), and GITHUB_API_URL must point at the server that hosts it`,
    );
    expect(run.store.log).toEqual([]);
  });

  test('GitHub down (503): an outage, nothing deployed; opted out, a warning and the deploy', async () => {
    const down = { status: 503, body: { message: 'Service Unavailable' } };
    const refused = await deploy(down);
    expect(refused.error).toBeInstanceOf(OutageError);
    expect(refused.store.log).toEqual([]);
    await stub?.stop();
    const allowed = await deploy(down, { 'allow-unprotected-environment': 'true' });
    expect(allowed.error).toBeUndefined();
    expect(allowed.logs.filter((l) => l.startsWith('warning:'))).toEqual([
      expect.stringMatching(
        /^warning: berth deploy: the protection of environment "production" could not be read/,
      ),
    ]);
  });

  test('outside GitHub Actions (the CLI on Jenkins): not checked, said once; asked with always, checked', async () => {
    const cli = await deploy({ body: restEnvironment('production', { policy: null }) }, {}, false);
    expect(cli.error).toBeUndefined();
    // The environment is not asked for (the CLI records the deploy in Deployments: another call).
    expect(cli.requests.filter((r) => r.path.includes('/environments/'))).toEqual([]);
    expect(cli.logs.filter((l) => l.includes('not checked outside GitHub Actions'))).toHaveLength(1);
    await stub?.stop();
    const asked = await deploy(
      { body: restEnvironment('production', { policy: null }) },
      { 'check-environment-protection': 'always' },
      false,
    );
    expect((asked.error as Error).message).toMatch(/no deployment branch policy/);
    expect(asked.store.log).toEqual([]);
  });

  test('an empty github-token in GitHub Actions: refused, naming the input', async () => {
    const run = await deploy(
      { body: restEnvironment('production', { policy: null }) },
      { 'github-token': '' },
    );
    expect((run.error as Error).message).toMatch(
      /^github-token: empty, but deploy checks the environment's protection through the GitHub API here/,
    );
    expect(run.store.log).toEqual([]);
  });
});
