/**
 * The templates wired end to end: an event (a webhook example from @octokit/webhooks-examples, edited)
 * is followed through GitHub's parser and evaluator into the reusable workflows; the plan job's outputs
 * come from berth's real plan (`node dist/index.js`, command plan, the template's example config), and
 * its matrix decides the deploy jobs, their environment and their runner.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import type { Job, ReusableWorkflowJob } from '@actions/workflow-parser/model/workflow-template';
import { isSequence } from '@actions/workflow-parser/templates/tokens/type-guards';
import { runQualityCheck } from '../../src/commands/quality-check.js';
import { AFTER_SHA, dispatchPayload, pullRequestPayload, pushPayload } from '../helpers/events.js';
import { HttpStub, restFile, type Routes } from '../helpers/http-stub.js';
import { ROOT, runAction } from '../helpers/run-dist.js';
import { fakeRuntime } from '../helpers/static-runtime.js';
import { berthActionOf } from '../helpers/workflow-policy.js';
import {
  evaluate,
  expandMatrix,
  find,
  githubContext,
  jobsThatRun,
  loadWorkflow,
  resolveWorkflowRef,
  runRows,
  scalarText,
  tokenToJson,
  workflowFiles,
  type JsonObject,
  type RunOptions,
  type WorkflowRun,
} from '../helpers/workflows.js';

const REPO = 'Codertocat/Hello-World';
const SAMPLE = path.join(ROOT, '__tests__/fixtures/workflows-sample');

// ---------------------------------------------------------------------------------------------------
// The GitHub API the plan asks (merged PRs of a pushed commit, files of a PR), per test.

const routes: Routes = {};
let stub: HttpStub;
beforeAll(async () => {
  stub = await new HttpStub(routes).start();
});
afterAll(async () => stub.stop());

function mergedPullRequest(base: string, labels: string[]): void {
  const payload = pullRequestPayload({ action: 'closed', merged: true, base, labels });
  routes[`GET /repos/${REPO}/commits/${AFTER_SHA}/pulls`] = {
    body: [{ ...(payload.pull_request as JsonObject), merge_commit_sha: AFTER_SHA }],
  };
}
function noPullRequest(): void {
  routes[`GET /repos/${REPO}/commits/${AFTER_SHA}/pulls`] = { body: [] };
}
function pullRequestFiles(files: string[]): void {
  routes[`GET /repos/${REPO}/pulls/2/files`] = { body: files.map((f) => restFile(f)) };
}

// ---------------------------------------------------------------------------------------------------
// Running a template with the real plan

/** The example config a template expects: the `examples/<name>/.github/berth.yml` its header names. */
function configOf(template: string): string {
  return (
    /examples\/[\w-]+\/\.github\/berth\.yml/.exec(readFileSync(path.join(ROOT, template), 'utf8'))?.[0] ?? ''
  );
}

/** Whether a workflow, or one it calls, has a job that `test`s true. */
async function anyJob(
  file: string,
  test: (job: Job, token: ReturnType<typeof find>) => boolean,
): Promise<boolean> {
  const wf = await loadWorkflow(file);
  for (const job of wf.template.jobs) {
    if (job.type === 'reusableWorkflowJob') {
      const callee = resolveWorkflowRef((job as ReusableWorkflowJob).ref.value);
      if (callee !== undefined && (await anyJob(callee, test))) return true;
    } else if (test(job as Job, find(find(wf.document, 'jobs'), job.id.value))) return true;
  }
  return false;
}

/** Whether a workflow, or one it calls, runs berth's plan (and so needs a config). */
const runsPlan = (file: string): Promise<boolean> =>
  anyJob(file, (_job, token) => {
    const steps = find(token, 'steps');
    return [...(steps !== undefined && isSequence(steps) ? steps : [])].some(
      (step) =>
        berthActionOf(scalarText(find(step, 'uses')))?.sub === 'plan' ||
        scalarText(find(find(step, 'with'), 'command')) === 'plan',
    );
  });

/** Whether a workflow, or one it calls, deploys (has a job with an environment). */
const deploys = (file: string): Promise<boolean> => anyJob(file, (job) => job.environment !== undefined);

const isBerthAction = (uses: string): boolean => berthActionOf(uses) !== undefined;

interface PlannedRun {
  run: WorkflowRun;
  /** Each plan job's outputs (by job path), as berth's plan computed them. */
  plans: Record<string, Record<string, string>>;
}

/**
 * Runs the template twice: once to find the plan jobs the event reaches, whose step `with:` (evaluated in
 * the job's own contexts) is given to `node dist/index.js`; then with those outputs as `needs.<plan>`.
 */
async function runTemplate(
  template: string,
  options: RunOptions,
  config = configOf(template),
): Promise<PlannedRun> {
  const first = await jobsThatRun(template, options);
  const plans: Record<string, Record<string, string>> = {};
  for (const instance of first.instances) {
    const wf = await loadWorkflow(instance.file);
    const job = wf.template.jobs.find((j) => j.id.value === instance.job.split('/').pop()) as Job;
    const jobToken = find(find(wf.document, 'jobs'), job.id.value);
    const steps = find(jobToken, 'steps');
    for (const [i, step] of job.steps.entries()) {
      if (!('uses' in step) || !isBerthAction(step.uses.value)) continue;
      const withToken = steps !== undefined && isSequence(steps) ? find(steps.get(i), 'with') : undefined;
      const contexts = {
        github: githubContext(options.eventName, options.payload),
        inputs: instance.inputs,
        vars: options.vars ?? {},
      };
      const given = tokenToJson(withToken, (e) => evaluate(e, contexts)) as JsonObject;
      const sub = berthActionOf(step.uses.value)?.sub;
      if (sub === undefined ? given.command !== 'plan' : sub !== 'plan') continue;
      const inputs: Record<string, string> = { 'github-token': 'ghs_wiring_test_token' };
      for (const [k, v] of Object.entries(given)) inputs[k] = v === null ? '' : String(v);
      inputs.config = config;
      const result = await runAction({
        inputs,
        action: sub,
        eventName: options.eventName,
        payload: options.payload,
        // As the runner sets it: a dispatch's ref is the branch it was run from.
        env: {
          GITHUB_API_URL: stub.url,
          ...(typeof options.payload.ref === 'string' ? { GITHUB_REF: options.payload.ref } : {}),
        },
      });
      if (result.code !== 0)
        throw new Error(`plan failed for ${instance.job}:\n${result.stdout}${result.stderr}`);
      const stepsContext = {
        [step.id]: { outputs: result.outputs, outcome: 'success', conclusion: 'success' },
      };
      plans[instance.job] = Object.fromEntries(
        Object.entries(
          tokenToJson(job.outputs, (e) => evaluate(e, { ...contexts, steps: stepsContext })) as JsonObject,
        ).map(([k, v]) => [k, v === null ? '' : String(v)]),
      );
    }
  }
  const run = await jobsThatRun(template, {
    ...options,
    needsOutputs: { ...options.needsOutputs, ...plans },
  });
  return { run, plans };
}

const MONOREPO = 'workflow-templates/berth-monorepo.yml';
const STATIC_SITE = 'workflow-templates/berth-static-site.yml';
const ROLLBACK = 'workflow-templates/berth-rollback.yml';
const KUBERNETES = 'workflow-templates/berth-kubernetes.yml';
const TEMPLATES = workflowFiles().filter((f) => f.startsWith('workflow-templates/'));

test.each(TEMPLATES)(
  '%s, when it plans, names the example config it expects, and that config exists',
  async (template) => {
    if (!(await runsPlan(template))) return;
    const config = configOf(template);
    expect(config).toMatch(/^examples\/[\w-]+\/\.github\/berth\.yml$/);
    expect(() => readFileSync(path.join(ROOT, config))).not.toThrow();
  },
);

// ---------------------------------------------------------------------------------------------------
// Every template that plans: a push to each environment branch of its example config deploys there,
// through that environment's runner, and nothing else runs off GitHub's hosted runners.

interface ExampleConfig {
  components: Record<string, { paths?: string[] }>;
  environments: Record<string, { branches: string[]; runner: string[] | string }>;
}

const pushCases = async (): Promise<[string, string, string, string[]][]> => {
  const cases: [string, string, string, string[]][] = [];
  for (const template of TEMPLATES) {
    const wf = await loadWorkflow(template);
    if (wf.template.events.push === undefined || !(await runsPlan(template)) || !(await deploys(template)))
      continue;
    const config = parseYaml(readFileSync(path.join(ROOT, configOf(template)), 'utf8')) as ExampleConfig;
    for (const [environment, { branches, runner }] of Object.entries(config.environments))
      for (const branch of branches.filter((b) => !/[*?[]/.test(b)))
        cases.push([template, branch, environment, Array.isArray(runner) ? runner : [runner]]);
  }
  return cases;
};

describe('a push to each environment branch of each template', () => {
  test('there are such pushes to check', async () => {
    expect((await pushCases()).length).toBeGreaterThan(0);
  });

  test.each(TEMPLATES)('%s', async (template) => {
    for (const [, branch, environment, runner] of (await pushCases()).filter(([t]) => t === template)) {
      const config = parseYaml(readFileSync(path.join(ROOT, configOf(template)), 'utf8')) as ExampleConfig;
      const files = Object.values(config.components).flatMap((c) =>
        (c.paths ?? []).map((p) => p.replace(/\*+/g, 'x')),
      );
      noPullRequest();
      const { run } = await runTemplate(template, {
        eventName: 'push',
        payload: pushPayload({ branch, files: files.length > 0 ? files : ['README.md'] }),
      });
      const label = `${template}: push to ${branch}`;
      expect([label, run.triggered, run.errors]).toEqual([label, true, []]);
      const deployed = run.instances.filter((i) => i.hasEnvironment);
      expect([label, deployed.length > 0]).toEqual([label, true]);
      expect(deployed.map((i) => [label, i.environment, i.runsOn])).toEqual(
        deployed.map(() => [label, environment, runner]),
      );
      const elsewhere = run.instances.filter(
        (i) => !i.hasEnvironment && !(i.runsOn ?? []).every((l) => /^ubuntu-/.test(l)),
      );
      expect([label, elsewhere]).toEqual([label, []]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// The Spring + React monorepo template

const AWS_PROD = ['self-hosted', 'aws', 'prod'];
const NCP_TEST = ['self-hosted', 'ncp', 'test'];

describe(MONOREPO, () => {
  test('a merged PR labelled Backend, pushed to release: backend built, then deployed to production on the AWS runner', async () => {
    mergedPullRequest('release', ['Backend']);
    const { run, plans } = await runTemplate(MONOREPO, {
      eventName: 'push',
      payload: pushPayload({ branch: 'release' }),
    });
    expect(run.errors).toEqual([]);
    expect(JSON.parse(plans['deploy/plan']?.matrix ?? '{}')).toEqual({
      include: [
        {
          component: 'backend',
          environment: 'production',
          runner: JSON.stringify(AWS_PROD),
          kind: 'image',
          dir: '',
        },
      ],
    });
    // The quality jobs run on the push too, to keep each component's base figures; on GitHub's runners.
    expect(run.jobs).toEqual({
      backend: 'success',
      'backend/plan': 'success',
      'backend/test': 'success',
      frontend: 'success',
      'frontend/plan': 'success',
      'frontend/test': 'success',
      // The one required check runs on every event (if: always()).
      'quality-check': 'success',
      'deploy/plan': 'success',
      'deploy/build': 'success',
      'deploy/deploy': 'success',
      'deploy/deploy-cloud': 'skipped',
      deploy: 'success',
    });
    expect(runRows(run)).toEqual([
      ['backend/plan', null, ['ubuntu-latest']],
      ['backend/test', null, ['ubuntu-latest']],
      ['frontend/plan', null, ['ubuntu-latest']],
      ['frontend/test', null, ['ubuntu-latest']],
      ['quality-check', null, ['ubuntu-latest']],
      ['deploy/plan', null, ['ubuntu-latest']],
      ['deploy/build', null, ['ubuntu-latest']],
      ['deploy/deploy', 'production', AWS_PROD],
    ]);
  });

  test('the same merge as a pull_request closed event: the template does not run (deploys come from the push)', async () => {
    const run = await jobsThatRun(MONOREPO, {
      eventName: 'pull_request',
      payload: pullRequestPayload({ action: 'closed', merged: true, base: 'release', labels: ['Backend'] }),
    });
    expect(run).toEqual({ triggered: false, jobs: {}, instances: [], errors: [] });
  });

  test('the PR closed unmerged: nothing runs', async () => {
    const run = await jobsThatRun(MONOREPO, {
      eventName: 'pull_request',
      payload: pullRequestPayload({ action: 'closed', merged: false, base: 'release', labels: ['Backend'] }),
    });
    expect(run.triggered).toBe(false);
  });

  test('a fork PR labelled Backend: the backend quality job only, on a GitHub-hosted runner', async () => {
    const { run, plans } = await runTemplate(MONOREPO, {
      eventName: 'pull_request',
      payload: pullRequestPayload({ action: 'opened', base: 'release', labels: ['Backend'], fork: true }),
    });
    expect(run.errors).toEqual([]);
    expect(plans).toEqual({
      'backend/plan': { components: '["backend"]' },
      'frontend/plan': { components: '["backend"]' },
    });
    expect(runRows(run)).toEqual([
      ['backend/plan', null, ['ubuntu-latest']],
      ['backend/test', null, ['ubuntu-latest']],
      ['frontend/plan', null, ['ubuntu-latest']],
      ['quality-check', null, ['ubuntu-latest']],
    ]);
    expect(run.jobs).toEqual({
      'backend/plan': 'success',
      'backend/test': 'success',
      backend: 'success',
      'frontend/plan': 'success',
      'frontend/test': 'skipped',
      frontend: 'success',
      'quality-check': 'success',
      deploy: 'skipped',
    });
  });

  test('a pull_request opened touching frontend/** (no label): frontend quality only, no self-hosted job', async () => {
    pullRequestFiles(['frontend/src/App.js']);
    const { run } = await runTemplate(MONOREPO, {
      eventName: 'pull_request',
      payload: pullRequestPayload({ action: 'opened', base: 'test' }),
    });
    expect(run.errors).toEqual([]);
    expect(runRows(run)).toEqual([
      ['backend/plan', null, ['ubuntu-latest']],
      ['frontend/plan', null, ['ubuntu-latest']],
      ['frontend/test', null, ['ubuntu-latest']],
      ['quality-check', null, ['ubuntu-latest']],
    ]);
  });

  test('a push to test touching frontend/**: frontend built, then deployed to test on the NCP runner', async () => {
    noPullRequest();
    const { run, plans } = await runTemplate(MONOREPO, {
      eventName: 'push',
      payload: pushPayload({ branch: 'test', files: ['frontend/src/App.js'] }),
    });
    expect(run.errors).toEqual([]);
    expect(JSON.parse(plans['deploy/plan']?.matrix ?? '{}')).toEqual({
      include: [
        {
          component: 'frontend',
          environment: 'test',
          runner: JSON.stringify(NCP_TEST),
          kind: 'static',
          dir: 'frontend/build',
        },
      ],
    });
    expect(runRows(run)).toEqual([
      ['backend/plan', null, ['ubuntu-latest']],
      ['backend/test', null, ['ubuntu-latest']],
      ['frontend/plan', null, ['ubuntu-latest']],
      ['frontend/test', null, ['ubuntu-latest']],
      ['quality-check', null, ['ubuntu-latest']],
      ['deploy/plan', null, ['ubuntu-latest']],
      ['deploy/build', null, ['ubuntu-latest']],
      ['deploy/deploy', 'test', NCP_TEST],
    ]);
  });

  test('a push to develop touching both: both deployed on the on-prem runner, one job each', async () => {
    noPullRequest();
    const { run } = await runTemplate(MONOREPO, {
      eventName: 'push',
      payload: pushPayload({ branch: 'develop', files: ['backend/build.gradle', 'frontend/package.json'] }),
    });
    expect(run.errors).toEqual([]);
    expect(runRows(run).filter(([job]) => job === 'deploy/deploy')).toEqual([
      ['deploy/deploy', 'develop', ['self-hosted', 'onprem']],
      ['deploy/deploy', 'develop', ['self-hosted', 'onprem']],
    ]);
    expect(run.instances.filter((i) => i.job === 'deploy/deploy').map((i) => i.matrix?.component)).toEqual([
      'backend',
      'frontend',
    ]);
  });

  test('a workflow_dispatch to test for the backend: deployed to test on the NCP runner', async () => {
    const { run } = await runTemplate(MONOREPO, {
      eventName: 'workflow_dispatch',
      payload: dispatchPayload('refs/heads/test', { environment: 'test', components: 'backend' }),
    });
    expect(run.errors).toEqual([]);
    expect(runRows(run)).toEqual([
      ['quality-check', null, ['ubuntu-latest']],
      ['deploy/plan', null, ['ubuntu-latest']],
      ['deploy/build', null, ['ubuntu-latest']],
      ['deploy/deploy', 'test', NCP_TEST],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// The static site template

describe(STATIC_SITE, () => {
  test('a pull_request opened: the quality job only', async () => {
    pullRequestFiles(['src/index.js']);
    const { run } = await runTemplate(STATIC_SITE, {
      eventName: 'pull_request',
      payload: pullRequestPayload({ action: 'opened', base: 'main' }),
    });
    expect(run.errors).toEqual([]);
    expect(run.instances.every((i) => i.environment === undefined && i.runsOn?.[0] === 'ubuntu-latest')).toBe(
      true,
    );
    expect(run.jobs.deploy).toBe('skipped');
  });

  test.each([
    ['no AWS role: the deploy job, without an OIDC token', {}, 'deploy/deploy', 'deploy/deploy-cloud'],
    [
      'vars.AWS_ROLE_ARN set: deploy-cloud, the one job with id-token: write',
      { AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/deploy', AWS_REGION: 'ap-northeast-2' },
      'deploy/deploy-cloud',
      'deploy/deploy',
    ],
  ])('a push to main, %s', async (_name, vars, runs, skipped) => {
    noPullRequest();
    const { run } = await runTemplate(STATIC_SITE, {
      eventName: 'push',
      payload: pushPayload({ branch: 'main', files: ['src/index.js'] }),
      vars,
    });
    expect(run.errors).toEqual([]);
    expect(run.jobs[runs]).toBe('success');
    expect(run.jobs[skipped]).toBe('skipped');
  });
});

describe('.github/workflows/berth-deploy.yml: an OIDC token only with a cloud role', () => {
  const jobOf = async (id: string) => {
    const wf = await loadWorkflow('.github/workflows/berth-deploy.yml');
    return tokenToJson(find(find(wf.document, 'jobs'), id)) as JsonObject;
  };

  test('deploy and deploy-cloud: one runs (aws-role-arn empty or not); only deploy-cloud has id-token: write', async () => {
    const plain = await jobOf('deploy');
    const cloud = await jobOf('deploy-cloud');
    expect(plain.if).toBe("needs.plan.outputs.deploy == 'true' && inputs.aws-role-arn == ''");
    expect(cloud.if).toBe("needs.plan.outputs.deploy == 'true' && inputs.aws-role-arn != ''");
    // actions: read: berth reads the environment's protection (GET …/environments/{name}) first.
    expect(plain.permissions).toEqual({ contents: 'read', actions: 'read' });
    expect(cloud.permissions).toEqual({ contents: 'read', actions: 'read', 'id-token': 'write' });
  });

  test('the same job otherwise: the same steps, the cloud one adding only the role sign-in', async () => {
    const plain = await jobOf('deploy');
    const cloud = await jobOf('deploy-cloud');
    const rest = (job: JsonObject) => ({ ...job, if: undefined, permissions: undefined, steps: undefined });
    expect(rest(cloud)).toEqual(rest(plain));
    const steps = cloud.steps as JsonObject[];
    const login = steps.filter((s) =>
      String(s.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'),
    );
    expect(login).toEqual([
      expect.objectContaining({
        with: { 'role-to-assume': '${{ inputs.aws-role-arn }}', 'aws-region': '${{ inputs.aws-region }}' },
      }),
    ]);
    expect(login[0]?.if).toBeUndefined();
    expect(steps.filter((s) => !login.includes(s))).toEqual(plain.steps);
  });
});

// ---------------------------------------------------------------------------------------------------
// The Kubernetes template: plan → build → deploy with strategy kubernetes

describe(KUBERNETES, () => {
  const DEPLOY = '.github/workflows/berth-deploy.yml';
  const IMAGE = `kr1-registry.container.nhncloud.com/shop/api@sha256:${'c'.repeat(64)}`;

  test('a push to main: the api is planned as an image, built, then deployed to production from a GitHub runner', async () => {
    noPullRequest();
    const { run, plans } = await runTemplate(KUBERNETES, {
      eventName: 'push',
      payload: pushPayload({ branch: 'main', files: ['src/index.js'] }),
    });
    expect(run.errors).toEqual([]);
    expect(JSON.parse(plans['deploy/plan']?.matrix ?? '{}')).toEqual({
      include: [
        { component: 'api', environment: 'production', runner: '["ubuntu-latest"]', kind: 'image', dir: '' },
      ],
    });
    expect(runRows(run).filter(([job]) => job.startsWith('deploy/'))).toEqual([
      ['deploy/plan', null, ['ubuntu-latest']],
      ['deploy/build', null, ['ubuntu-latest']],
      ['deploy/deploy', 'production', ['ubuntu-latest']],
    ]);
  });

  test('the template hands its KUBECONFIG secret to the reusable workflow, which declares it', async () => {
    const template = await loadWorkflow(KUBERNETES);
    const secrets = tokenToJson(
      find(find(find(template.document, 'jobs'), 'deploy'), 'secrets'),
    ) as JsonObject;
    expect(secrets.KUBECONFIG).toBe('${{ secrets.KUBECONFIG }}');
    const callee = await loadWorkflow(DEPLOY);
    const declared = tokenToJson(
      find(find(find(find(callee.document, 'on'), 'workflow_call'), 'secrets'), 'KUBECONFIG'),
    ) as JsonObject;
    expect(declared.required).toBe(false);
  });

  test('the deploy job of an image row: the image from the build job and the kubeconfig reach berth deploy', async () => {
    const wf = await loadWorkflow(DEPLOY);
    const steps = find(find(find(wf.document, 'jobs'), 'deploy'), 'steps');
    if (steps === undefined || !isSequence(steps))
      throw new Error('berth-deploy.yml: the deploy job has no steps');
    const contexts = {
      github: githubContext('push', pushPayload({ branch: 'main' })),
      inputs: { config: '.github/berth.yml', 'registry-username': 'robot' },
      matrix: {
        component: 'api',
        environment: 'production',
        runner: '["ubuntu-latest"]',
        kind: 'image',
        dir: '',
      },
      secrets: { KUBECONFIG: 'apiVersion: v1\nkind: Config', REGISTRY_PASSWORD: 'pw' },
      steps: { image: { outputs: { ref: IMAGE }, outcome: 'success', conclusion: 'success' } },
      vars: {},
    };
    const running = [...steps].filter((step) => {
      const condition = scalarText(find(step, 'if'));
      return condition === '' || evaluate(condition, contexts) === true;
    });
    const berth = running.find((step) => scalarText(find(step, 'id')) === 'deploy');
    const given = tokenToJson(find(berth, 'with'), (e) => evaluate(e, contexts)) as JsonObject;
    expect(given).toMatchObject({
      command: 'deploy',
      component: 'api',
      environment: 'production',
      image: IMAGE,
      kubeconfig: 'apiVersion: v1\nkind: Config',
    });
    // No static-site step runs for an image row.
    expect(
      running.map((step) => scalarText(find(step, 'name')) || scalarText(find(step, 'uses'))),
    ).not.toContain('Object storage keys (S3-compatible storage)');
  });
});

// ---------------------------------------------------------------------------------------------------
// The environment's protection: berth reads it from the job's own environment, with the job's token.

describe("the deploy and rollback jobs give GitHub the environment's URL from the plan", () => {
  test.each([
    ['.github/workflows/berth-deploy.yml', 'deploy'],
    ['.github/workflows/berth-deploy.yml', 'deploy-cloud'],
    ['.github/workflows/berth-rollback.yml', 'rollback'],
  ])('%s job %s: environment.url is the matrix url', async (file, id) => {
    const wf = await loadWorkflow(file);
    const environment = find(find(find(wf.document, 'jobs'), id), 'environment');
    const matrix = (url: string) => ({
      component: 'web',
      environment: 'production',
      runner: '["self-hosted"]',
      kind: 'image',
      dir: '',
      url,
    });
    const contexts = (url: string) => ({ inputs: {}, matrix: matrix(url), vars: {} });
    expect(tokenToJson(environment, (e) => evaluate(e, contexts('https://shop.example.com')))).toEqual({
      name: 'production',
      url: 'https://shop.example.com',
    });
    // No url in the config: an empty one, which GitHub shows as no link.
    expect(tokenToJson(environment, (e) => evaluate(e, contexts('')))).toEqual({
      name: 'production',
      url: '',
    });
  });

  test('the rollback template, as run: the job gates on the environment with the url of the plan', async () => {
    const run = await jobsThatRun('workflow-templates/berth-rollback.yml', {
      eventName: 'workflow_dispatch',
      payload: dispatchPayload('refs/heads/release', {
        environment: 'production',
        component: 'web',
        image: '',
      }),
      needsOutputs: {
        'rollback/plan': {
          deploy: 'true',
          matrix: JSON.stringify({
            include: [
              {
                component: 'web',
                environment: 'production',
                runner: '["self-hosted"]',
                kind: 'image',
                dir: '',
                url: 'https://shop.example.com',
              },
            ],
          }),
        },
      },
    });
    expect(run.errors).toEqual([]);
    const rollback = run.instances.find((i) => i.job === 'rollback/rollback');
    expect([rollback?.environment, rollback?.environmentUrl]).toEqual([
      'production',
      'https://shop.example.com',
    ]);
  });
});

describe("the deploy and rollback jobs let berth read their environment's protection", () => {
  test.each([
    ['.github/workflows/berth-deploy.yml', 'deploy', 'berth-dev/berth@v0'],
    ['.github/workflows/berth-deploy.yml', 'deploy-cloud', 'berth-dev/berth@v0'],
    ['.github/workflows/berth-rollback.yml', 'rollback', 'berth-dev/berth/rollback@v0'],
  ])(
    "%s job %s: actions: read, the job's environment and the job's token reach berth",
    (file, id, action) => {
      const wf = parseYaml(readFileSync(path.join(ROOT, file), 'utf8')) as {
        jobs: Record<
          string,
          {
            environment?: { name: string; url: string };
            permissions?: Record<string, string>;
            steps: JsonObject[];
          }
        >;
      };
      const job = wf.jobs[id];
      if (job === undefined) throw new Error(`${file}: no job ${id}`);
      expect(job.permissions).toMatchObject({ actions: 'read' });
      const berth = job.steps.filter((step) => step.uses === action);
      expect(berth).toHaveLength(1);
      const given = (berth[0]?.with ?? {}) as JsonObject;
      // The environment GitHub gates the job with is the one berth checks.
      expect(given.environment).toBe(job.environment?.name);
      // The token: the action's own default, github.token (never blanked here).
      expect(given['github-token']).toBeUndefined();
      const declared = parseYaml(
        readFileSync(
          path.join(ROOT, action.replace(/^berth-dev\/berth\/?/, '').replace(/@v0$/, ''), 'action.yml'),
          'utf8',
        ),
      ) as { inputs: Record<string, { default?: string }> };
      expect(declared.inputs['github-token']?.default).toBe('${{ github.token }}');
      expect(declared.inputs['allow-unprotected-environment']?.default).toBe('false');
    },
  );
});

// ---------------------------------------------------------------------------------------------------
// The rollback template

describe(ROLLBACK, () => {
  test('workflow_dispatch: production, backend: the rollback job in production on the AWS runner', async () => {
    // The template names no example config (reported); the monorepo's has production and backend.
    const config = configOf(ROLLBACK) || 'examples/spring-react/.github/berth.yml';
    const { run } = await runTemplate(
      ROLLBACK,
      {
        eventName: 'workflow_dispatch',
        payload: dispatchPayload('refs/heads/release', {
          environment: 'production',
          component: 'backend',
          image: '',
        }),
      },
      config,
    );
    expect(run.errors).toEqual([]);
    expect(runRows(run)).toEqual([
      ['rollback/plan', null, ['ubuntu-latest']],
      ['rollback/rollback', 'production', AWS_PROD],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// The harness itself, on a small sample (a template calling a reusable workflow of its own repository)

describe('the harness (workflows-sample)', () => {
  const PLAN = {
    deploy: 'true',
    matrix: JSON.stringify({
      include: [
        { component: 'api', environment: 'production', runner: '["self-hosted","aws","prod"]' },
        { component: 'web', environment: 'production', runner: '["self-hosted","aws","prod"]' },
      ],
    }),
  };
  const sample = async (): Promise<Awaited<ReturnType<typeof loadWorkflow>>> =>
    loadWorkflow('workflow-templates/sample.yml', SAMPLE);

  test('a push to release follows the call into the reusable workflow: matrix, runner and environment resolved', async () => {
    const run = await jobsThatRun(await sample(), {
      eventName: 'push',
      payload: pushPayload({ branch: 'release' }),
      needsOutputs: { plan: PLAN },
    });
    expect(run.errors).toEqual([]);
    expect(runRows(run)).toEqual([
      ['deploy/plan', null, ['ubuntu-latest']],
      ['deploy/deploy', 'production', ['self-hosted', 'aws', 'prod']],
      ['deploy/deploy', 'production', ['self-hosted', 'aws', 'prod']],
      ['deploy/notify', null, ['ubuntu-latest']],
      ['report', null, ['ubuntu-latest']],
    ]);
    expect(run.instances[1]?.inputs).toEqual({ environment: 'release', dry: false, retries: 2 });
  });

  test('the plan says no deploy: deploy skipped, notify (needs deploy) skipped, the always() job still runs', async () => {
    const run = await jobsThatRun(await sample(), {
      eventName: 'push',
      payload: pushPayload({ branch: 'release' }),
      needsOutputs: { plan: { deploy: 'false', matrix: '' } },
    });
    expect(run.jobs).toEqual({
      'deploy/plan': 'success',
      'deploy/deploy': 'skipped',
      'deploy/notify': 'skipped',
      'deploy/cleanup': 'success',
      deploy: 'success',
      report: 'success',
    });
  });

  test('a failed plan: failure() jobs run, success() jobs do not', async () => {
    const run = await jobsThatRun(await sample(), {
      eventName: 'push',
      payload: pushPayload({ branch: 'release' }),
      results: { plan: 'failure' },
    });
    expect(run.jobs['deploy/deploy']).toBe('skipped');
    expect(run.jobs['deploy/cleanup']).toBe('success');
  });

  test('trigger filters: a push to another branch, and a push touching only docs, start nothing', async () => {
    const wf = await sample();
    expect(
      (await jobsThatRun(wf, { eventName: 'push', payload: pushPayload({ branch: 'main' }) })).triggered,
    ).toBe(false);
    expect(
      (
        await jobsThatRun(wf, {
          eventName: 'push',
          payload: pushPayload({ branch: 'release', files: ['docs/a.md'] }),
        })
      ).triggered,
    ).toBe(false);
  });

  test.each<[string, unknown]>([
    ["github.event_name == 'push' && success()", true],
    ['fromJSON(needs.plan.outputs.matrix).include[0].component', 'api'],
    ['contains(fromJSON(\'["a","b"]\'), inputs.x)', true],
    ["format('{0}-{1}', matrix.environment, matrix.component)", 'production-api'],
    ['!cancelled()', true],
    ['failure()', false],
  ])('evaluate(%s)', (expression, expected) => {
    expect(
      evaluate(expression, {
        github: githubContext('push', pushPayload({ branch: 'release' })),
        needs: { plan: { result: 'success', outputs: PLAN } },
        inputs: { x: 'b' },
        matrix: { environment: 'production', component: 'api' },
      }),
    ).toEqual(expected);
  });

  test.each<[string, unknown, unknown]>([
    [
      'axes',
      { os: ['a', 'b'], v: [1, 2] },
      [
        { os: 'a', v: 1 },
        { os: 'a', v: 2 },
        { os: 'b', v: 1 },
        { os: 'b', v: 2 },
      ],
    ],
    ['include only', { include: [{ c: 'x' }, { c: 'y' }] }, [{ c: 'x' }, { c: 'y' }]],
    [
      'include extends',
      { os: ['a', 'b'], include: [{ os: 'a', extra: true }] },
      [{ os: 'a', extra: true }, { os: 'b' }],
    ],
    ['exclude', { os: ['a', 'b'], exclude: [{ os: 'b' }] }, [{ os: 'a' }]],
  ])('expandMatrix: %s', (_label, matrix, expected) => {
    expect(expandMatrix(matrix as JsonObject)).toEqual(expected);
  });

  test('an empty matrix is an error, as on GitHub', () => {
    expect(() => expandMatrix({ include: [] })).toThrow('the matrix has no combinations');
  });
});

// ---------------------------------------------------------------------------------------------------
// The one required check: `quality-check`, last, always, fed `toJSON(needs)`

const CHECK = 'quality-check';
const CONFIG_ROUTE = `GET /repos/${REPO}/contents/.github/berth.yml`;

/** A file as GitHub's contents API answers for it: its text base64, in lines of 60 characters. */
function contentsFile(text: string, at: string): JsonObject {
  return {
    type: 'file',
    encoding: 'base64',
    size: Buffer.byteLength(text),
    name: 'berth.yml',
    path: '.github/berth.yml',
    content:
      (
        Buffer.from(text)
          .toString('base64')
          .match(/.{1,60}/g) ?? []
      ).join('\n') + '\n',
    sha: '3d21ec53a331a6f037a91c368710b99387d012c1',
    url: `https://api.github.com/repos/${REPO}/contents/.github/berth.yml?ref=${at}`,
    html_url: `https://github.com/${REPO}/blob/${at}/.github/berth.yml`,
    download_url: `https://raw.githubusercontent.com/${REPO}/${at}/.github/berth.yml`,
  };
}

/** The base branch's `.github/berth.yml` (undefined: it has none, and GitHub answers 404). */
function baseBranchConfig(text: string | undefined, at: string): void {
  if (text === undefined) delete routes[CONFIG_ROUTE];
  else
    routes[CONFIG_ROUTE] = (url) =>
      url.searchParams.get('ref') === at
        ? { body: contentsFile(text, at) }
        : { status: 404, body: { message: 'No commit found for the ref', documentation_url: '' } };
}

/** A checkout of the pull request whose `.github/berth.yml` is `text` (its own edit). */
function pullRequestCheckout(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-pr-'));
  mkdirSync(path.join(dir, '.github'));
  writeFileSync(path.join(dir, '.github/berth.yml'), text);
  return dir;
}

/**
 * The template's quality-check job as a runner runs it: its berth step's `with:` evaluated in the job's
 * own contexts (`toJSON(needs)` of the jobs it needs, as the run left them), then berth's quality-check
 * (src, in-process) against the stubbed GitHub API, in `workspace` (the pull request's checkout).
 */
async function runCheck(
  template: string,
  run: WorkflowRun,
  options: RunOptions,
  workspace: string,
): Promise<{ error: Error | undefined; summary: string; needs: JsonObject }> {
  const instance = run.instances.find((i) => i.job === CHECK);
  if (instance === undefined)
    throw new Error(`${template}: no ${CHECK} job ran (jobs: ${JSON.stringify(run.jobs)})`);
  const wf = await loadWorkflow(template);
  const steps = find(find(find(wf.document, 'jobs'), CHECK), 'steps');
  const step = [...(steps !== undefined && isSequence(steps) ? steps : [])].find(
    (s) => berthActionOf(scalarText(find(s, 'uses')))?.sub === 'quality-check',
  );
  if (step === undefined) throw new Error(`${template}: the ${CHECK} job has no berth quality-check step`);
  const contexts = {
    github: githubContext(options.eventName, options.payload),
    needs: instance.needs,
    vars: options.vars ?? {},
  };
  const given = tokenToJson(find(step, 'with'), (e) => evaluate(e, contexts)) as JsonObject;
  const inputs: Record<string, string> = {
    command: 'quality-check',
    'github-token': 'ghs_wiring_test_token',
  };
  for (const [k, v] of Object.entries(given)) inputs[k] = v === null ? '' : String(v);
  const eventDir = mkdtempSync(path.join(tmpdir(), 'berth-event-'));
  writeFileSync(path.join(eventDir, 'event.json'), JSON.stringify(options.payload));
  const r = fakeRuntime(inputs, workspace, {
    'event-name': options.eventName,
    'event-path': path.join(eventDir, 'event.json'),
    repository: REPO,
    'api-url': stub.url,
    sha: String(contexts.github.sha),
  });
  let error: Error | undefined;
  await runQualityCheck(r.inputs, r.runtime).catch((e: unknown) => (error = e as Error));
  rmSync(eventDir, { recursive: true, force: true });
  return { error, summary: r.summary.join('\n'), needs: instance.needs };
}

const EXAMPLE_CONFIG = readFileSync(path.join(ROOT, configOf(MONOREPO)), 'utf8');
/** The monorepo's example config edited by a pull request so that its paths select nothing. */
const SELECTS_NOTHING = EXAMPLE_CONFIG.replace('paths: ["backend/**"]', 'paths: ["nothing-here/**"]').replace(
  'paths: ["frontend/**"]',
  'paths: ["nothing-here/**"]',
);

describe(`${MONOREPO}: the one required check, ${CHECK}`, () => {
  const payload = pullRequestPayload({ action: 'synchronize', base: 'release' });
  const base = String((payload.pull_request as { base: { sha: string } }).base.sha);
  const options = (files: string[]): RunOptions => {
    pullRequestFiles(files);
    return { eventName: 'pull_request', payload };
  };
  let checkouts: string[] = [];
  const checkout = (text: string): string => {
    const dir = pullRequestCheckout(text);
    checkouts.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of checkouts) rmSync(dir, { recursive: true, force: true });
    checkouts = [];
  });

  test('a PR touching backend/: the backend quality job tests it, and the check passes', async () => {
    baseBranchConfig(EXAMPLE_CONFIG, base);
    const o = options(['backend/src/main/java/App.java']);
    const { run } = await runTemplate(MONOREPO, o);
    expect(run.errors).toEqual([]);
    expect([run.jobs['backend/test'], run.jobs['frontend/test'], run.jobs[CHECK]]).toEqual([
      'success',
      'skipped',
      'success',
    ]);
    const result = await runCheck(MONOREPO, run, o, checkout(EXAMPLE_CONFIG));
    expect(result.needs).toEqual({
      backend: { result: 'success', outputs: { component: 'backend', tested: 'success' } },
      frontend: { result: 'success', outputs: { component: 'frontend', tested: 'skipped' } },
    });
    expect(result.error).toBeUndefined();
    expect(result.summary).toContain('### berth quality check: PASSED');
    expect(result.summary).toContain(`.github/berth.yml at the base commit ${base.slice(0, 7)}`);
  });

  test("a PR whose own berth.yml selects nothing, touching backend/ by the base branch's: the check fails naming backend", async () => {
    baseBranchConfig(EXAMPLE_CONFIG, base);
    const o = options(['backend/src/main/java/App.java']);
    const pr = checkout(SELECTS_NOTHING);
    const { run, plans } = await runTemplate(MONOREPO, o, path.join(pr, '.github/berth.yml'));
    expect(run.errors).toEqual([]);
    // The pull request's config decides what its own quality jobs test: nothing.
    expect(plans['backend/plan']).toEqual({ components: '[]' });
    expect([run.jobs['backend/test'], run.jobs['frontend/test'], run.jobs[CHECK]]).toEqual([
      'skipped',
      'skipped',
      'success',
    ]);
    const result = await runCheck(MONOREPO, run, o, pr);
    expect(result.error?.message).toBe(
      'quality check failed:\n' +
        `- component "backend": the pull request's files touch it (changed "backend/src/main/java/App.java" (matches "backend/**")) but its quality job did not test it ("backend" test: skipped)`,
    );
    expect(result.summary).toContain('### berth quality check: FAILED');
  });

  test.each([
    ['failure', 'failure'],
    ['cancelled', 'cancelled'],
  ] as const)(
    'a needed quality job ended %s: the check still runs, and fails naming it',
    async (_name, result) => {
      baseBranchConfig(EXAMPLE_CONFIG, base);
      const o = {
        ...options(['backend/src/main/java/App.java']),
        results: { 'backend/test': result, backend: result },
      };
      const { run } = await runTemplate(MONOREPO, o);
      expect(run.jobs[CHECK]).toBe('success'); // it ran (always()); its own verdict is berth's
      const checked = await runCheck(MONOREPO, run, o, checkout(EXAMPLE_CONFIG));
      expect(checked.error?.message).toBe(
        `quality check failed:\n- job "backend": ${result}\n` +
          `- component "backend": the pull request's files touch it (changed "backend/src/main/java/App.java" (matches "backend/**")) but its quality job did not test it ("backend" test: ${result})`,
      );
    },
  );

  test('a docs-only PR: no quality job tests anything, and the check passes', async () => {
    baseBranchConfig(EXAMPLE_CONFIG, base);
    const o = options(['docs/setup.md', 'README.md']);
    const { run } = await runTemplate(MONOREPO, o);
    expect([run.jobs['backend/test'], run.jobs['frontend/test']]).toEqual(['skipped', 'skipped']);
    const result = await runCheck(MONOREPO, run, o, checkout(EXAMPLE_CONFIG));
    expect(result.error).toBeUndefined();
    expect(result.summary).toContain('### berth quality check: PASSED');
  });

  test("the base branch has no berth.yml yet (a first adoption): the PR's own decides, and the summary says so", async () => {
    baseBranchConfig(undefined, base);
    const o = options(['frontend/src/App.js']);
    const { run } = await runTemplate(MONOREPO, o);
    const result = await runCheck(MONOREPO, run, o, checkout(EXAMPLE_CONFIG));
    expect(result.error).toBeUndefined();
    expect(result.summary).toContain('.github/berth.yml of the pull request (the base branch has none)');
    expect(result.summary).toContain('a first adoption');
  });
});

describe(`every template with quality jobs ends with ${CHECK}`, () => {
  const qualityJobs = async (template: string): Promise<string[]> =>
    (await loadWorkflow(template)).template.jobs
      .filter(
        (j) =>
          j.type === 'reusableWorkflowJob' &&
          resolveWorkflowRef((j as ReusableWorkflowJob).ref.value) === '.github/workflows/berth-quality.yml',
      )
      .map((j) => j.id.value);
  const withQuality = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const t of TEMPLATES) if ((await qualityJobs(t)).length > 0) out.push(t);
    return out;
  };

  test('there are such templates', async () => {
    expect((await withQuality()).length).toBeGreaterThanOrEqual(4);
  });

  test.each(TEMPLATES)(
    '%s: one quality-check job, if: always(), needing every quality job',
    async (template) => {
      const quality = await qualityJobs(template);
      if (quality.length === 0) return;
      const wf = await loadWorkflow(template);
      const job = wf.template.jobs.find((j) => j.id.value === CHECK);
      const token = find(find(wf.document, 'jobs'), CHECK);
      expect([template, scalarText(find(token, 'name')), scalarText(find(token, 'if'))]).toEqual([
        template,
        CHECK,
        'always()',
      ]);
      expect([template, (job?.needs ?? []).map((n) => n.value).sort()]).toEqual([
        template,
        [...quality].sort(),
      ]);
      expect(readFileSync(path.join(ROOT, template), 'utf8')).toContain(CHECK);
    },
  );

  test.each(TEMPLATES)(
    '%s: a docs-only PR passes the check; a failed quality job fails it',
    async (template) => {
      if ((await qualityJobs(template)).length === 0) return;
      const payload = pullRequestPayload({ action: 'opened', base: 'main' });
      const base = String((payload.pull_request as { base: { sha: string } }).base.sha);
      const config = readFileSync(path.join(ROOT, configOf(template)), 'utf8');
      baseBranchConfig(config, base);
      pullRequestFiles(['docs/setup.md']);
      const o: RunOptions = { eventName: 'pull_request', payload };
      const dir = pullRequestCheckout(config);
      try {
        const passed = await runCheck(template, (await runTemplate(template, o)).run, o, dir);
        expect([template, passed.error?.message]).toEqual([template, undefined]);
        const quality = (await qualityJobs(template))[0] as string;
        const failed = { ...o, results: { [quality]: 'failure' as const } };
        const failing = await runCheck(template, (await runTemplate(template, failed)).run, failed, dir);
        expect([template, failing.error?.message ?? '']).toEqual([
          template,
          expect.stringContaining(`- job "${quality}": failure`),
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
