/**
 * The templates wired end to end: an event (a webhook example from @octokit/webhooks-examples, edited)
 * is followed through GitHub's parser and evaluator into the reusable workflows; the plan job's outputs
 * come from berth's real plan (`node dist/index.js`, command plan, the template's example config), and
 * its matrix decides the deploy jobs, their environment and their runner.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import type { Job, ReusableWorkflowJob } from '@actions/workflow-parser/model/workflow-template';
import { isSequence } from '@actions/workflow-parser/templates/tokens/type-guards';
import { AFTER_SHA, dispatchPayload, pullRequestPayload, pushPayload } from '../helpers/events.js';
import { HttpStub, restFile, type Routes } from '../helpers/http-stub.js';
import { ROOT, runAction } from '../helpers/run-dist.js';
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
    ]);
    expect(run.jobs).toEqual({
      'backend/plan': 'success',
      'backend/test': 'success',
      backend: 'success',
      'frontend/plan': 'success',
      'frontend/test': 'skipped',
      frontend: 'success',
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
          { environment?: string; permissions?: Record<string, string>; steps: JsonObject[] }
        >;
      };
      const job = wf.jobs[id];
      if (job === undefined) throw new Error(`${file}: no job ${id}`);
      expect(job.permissions).toMatchObject({ actions: 'read' });
      const berth = job.steps.filter((step) => step.uses === action);
      expect(berth).toHaveLength(1);
      const given = (berth[0]?.with ?? {}) as JsonObject;
      // The environment GitHub gates the job with is the one berth checks.
      expect(given.environment).toBe(job.environment);
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
