/**
 * The templates and reusable workflows as a user runs them: what the test command's environment holds
 * for a SonarQube scanner, the dependency caches the descriptions promise, a timeout on every job, typed
 * workflow_dispatch inputs and a run-name, and the fork-comment artifact kept only for pull requests.
 * Each structural check is also run on a known-bad fixture, so it can fail.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { isSequence } from '@actions/workflow-parser/templates/tokens/type-guards';
import { dispatchPayload, pullRequestPayload, pushPayload } from '../helpers/events.js';
import { ROOT } from '../helpers/run-dist.js';
import {
  entries,
  evaluate,
  find,
  githubContext,
  jobsThatRun,
  loadWorkflow,
  scalarText,
  scriptText,
  tokenToJson,
  workflowFiles,
  type Contexts,
  type JsonObject,
  type LoadedWorkflow,
} from '../helpers/workflows.js';

const FILES = workflowFiles();
const BAD = path.join(ROOT, '__tests__/fixtures/workflows-bad');
const QUALITY = '.github/workflows/berth-quality.yml';
const MONOREPO = 'workflow-templates/berth-monorepo.yml';

interface StepRef {
  job: string;
  index: number;
  token: TemplateToken;
  uses: string;
}

/** Every step of every job that has steps, with its raw token. */
function stepsOf(wf: LoadedWorkflow): StepRef[] {
  const out: StepRef[] = [];
  for (const [job, jobToken] of entries(find(wf.document, 'jobs'))) {
    const steps = find(jobToken, 'steps');
    if (steps === undefined || !isSequence(steps)) continue;
    for (let i = 0; i < steps.count; i++) {
      const token = steps.get(i);
      out.push({ job, index: i, token, uses: scalarText(find(token, 'uses')) });
    }
  }
  return out;
}

/** A step's `env:` (or `with:`), each value evaluated in `contexts`. */
function evaluated(token: TemplateToken | undefined, contexts: Contexts): JsonObject {
  return tokenToJson(token, (e) => evaluate(e, contexts)) as JsonObject;
}

/** The step that runs the caller's test command. */
function testStep(wf: LoadedWorkflow): StepRef {
  const step = stepsOf(wf).find((s) => scalarText(find(s.token, 'name')) === 'Run the tests');
  if (step === undefined) throw new Error(`${wf.file}: no "Run the tests" step`);
  return step;
}

// ---------------------------------------------------------------------------------------------------
// SonarQube: the scanner runs inside the test command

describe('the monorepo template’s SonarQube half', () => {
  const SONAR = 'https://sonar.example.com';
  const vars = { SONAR_HOST_URL: SONAR, REGISTRY_USERNAME: 'ci' };

  /** The inputs and secrets backend/test (or frontend/test) sees on a pull request. */
  async function calledTest(component: 'backend' | 'frontend') {
    const payload = pullRequestPayload({
      action: 'opened',
      base: 'release',
      labels: ['Backend', 'Frontend'],
    });
    const run = await jobsThatRun(MONOREPO, {
      eventName: 'pull_request',
      payload,
      vars,
      needsOutputs: { [`${component}/plan`]: { components: JSON.stringify([component]) } },
    });
    const instance = run.instances.find((i) => i.job === `${component}/test`);
    if (instance === undefined) throw new Error(`${component}/test did not run`);
    // The caller's `secrets:` block, evaluated with the repository's secrets.
    const caller = await loadWorkflow(MONOREPO);
    const passed = evaluated(find(find(find(caller.document, 'jobs'), component), 'secrets'), {
      secrets: { SONAR_TOKEN: 'sqa_analysis_token' },
    });
    return {
      contexts: {
        github: githubContext('pull_request', payload),
        inputs: instance.inputs,
        secrets: passed ?? {},
        vars,
      } satisfies Contexts,
    };
  }

  test('the backend’s test command (./gradlew … sonar) gets SONAR_TOKEN and SONAR_HOST_URL in its environment', async () => {
    const { contexts } = await calledTest('backend');
    expect(contexts.inputs['test-command']).toMatch(/\bsonar\b/);
    const env = evaluated(find(testStep(await loadWorkflow(QUALITY)).token, 'env'), contexts);
    expect(env).toEqual(
      expect.objectContaining({ SONAR_HOST_URL: SONAR, SONAR_TOKEN: 'sqa_analysis_token' }),
    );
  });

  test('a component without a SonarQube address: its test command gets no token', async () => {
    const { contexts } = await calledTest('frontend');
    const env = evaluated(find(testStep(await loadWorkflow(QUALITY)).token, 'env'), contexts);
    expect([env.SONAR_TOKEN, env.SONAR_HOST_URL]).toEqual(['', '']);
  });

  test('with a SonarQube address the checkout has the whole history (new-code detection); without, one commit', async () => {
    const quality = await loadWorkflow(QUALITY);
    const checkout = stepsOf(quality).find((s) => s.job === 'test' && s.uses.startsWith('actions/checkout@'));
    const depth = (url: string): unknown =>
      evaluated(find(checkout?.token, 'with'), { inputs: { 'sonar-host-url': url } })['fetch-depth'];
    expect([depth(SONAR), depth('')]).toEqual([0, 1]);
  });

  test("the jobs that run the repository's code (tests, builds) leave no token in .git/config", async () => {
    for (const [file, job] of [
      [QUALITY, 'test'],
      ['.github/workflows/berth-deploy.yml', 'build'],
    ] as const) {
      const workflow = await loadWorkflow(file);
      const checkout = stepsOf(workflow).find((s) => s.job === job && s.uses.startsWith('actions/checkout@'));
      const given = evaluated(find(checkout?.token, 'with'), { inputs: { 'sonar-host-url': '' } });
      expect([file, job, String(given['persist-credentials'])]).toEqual([file, job, 'false']);
    }
  });

  test('the token is documented as an analysis token, not a read-only one', () => {
    for (const file of [MONOREPO, QUALITY]) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      expect([file, /Execute Analysis/.test(text)]).toEqual([file, true]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Caches

describe('dependency caches', () => {
  const setupSteps = async (file: string, dir = ROOT) =>
    stepsOf(await loadWorkflow(file, dir)).filter((s) => /^actions\/setup-(node|java)@/.test(s.uses));

  /** `file:job:step` of every setup-node/setup-java step without a `cache:` input. */
  const uncached = async (file: string, dir = ROOT): Promise<string[]> =>
    (await setupSteps(file, dir))
      .filter((s) => find(find(s.token, 'with'), 'cache') === undefined)
      .map((s) => `${file}:${s.job}:${s.index + 1}`);

  test.each(FILES)('%s: every setup-node and setup-java sets a cache', async (file) => {
    expect(await uncached(file)).toEqual([]);
  });

  test('the check flags a setup step without one (it can fail)', async () => {
    expect(await uncached('unpinned.yml', BAD)).toEqual(['unpinned.yml:build:2', 'unpinned.yml:build:3']);
  });

  test('berth-quality keys the npm cache on the working directory’s lock file, or on cache-dependency-path', async () => {
    const step = (await setupSteps(QUALITY)).find((s) => s.uses.startsWith('actions/setup-node@'));
    const withOf = (inputs: JsonObject) => evaluated(find(step?.token, 'with'), { inputs });
    expect(withOf({ 'working-directory': 'frontend', 'cache-dependency-path': '' })).toEqual(
      expect.objectContaining({ cache: 'npm', 'cache-dependency-path': 'frontend/package-lock.json' }),
    );
    expect(withOf({ 'working-directory': '.', 'cache-dependency-path': 'pnpm/x.lock' })).toEqual(
      expect.objectContaining({ 'cache-dependency-path': 'pnpm/x.lock' }),
    );
  });

  test('berth-deploy caches the static build only when a lock file is named', async () => {
    const step = (await setupSteps('.github/workflows/berth-deploy.yml')).find((s) =>
      s.uses.startsWith('actions/setup-node@'),
    );
    const cacheOf = (lock: string) =>
      evaluated(find(step?.token, 'with'), { inputs: { 'static-cache-dependency-path': lock } }).cache;
    expect([cacheOf('frontend/package-lock.json'), cacheOf('')]).toEqual(['npm', '']);
  });

  test.each<[string, string[], string]>([
    ['a Maven project', ['pom.xml'], 'maven'],
    ['a Gradle project (Kotlin DSL)', ['build.gradle.kts'], 'gradle'],
    ['a Gradle project (settings only)', ['settings.gradle'], 'gradle'],
    ['neither: no cache (setup-java would fail on no build file)', ['README.md'], ''],
  ])('berth-quality’s Java cache: %s → %j', async (_label, files, tool) => {
    const step = stepsOf(await loadWorkflow(QUALITY)).find(
      (s) => scalarText(find(s.token, 'id')) === 'java-cache',
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-java-cache-'));
    try {
      mkdirSync(path.join(dir, 'work'));
      for (const f of files) writeFileSync(path.join(dir, 'work', f), '');
      const output = path.join(dir, 'output');
      writeFileSync(output, '');
      execFileSync('bash', ['-e', '-c', scriptText(find(step?.token, 'run'))], {
        cwd: path.join(dir, 'work'),
        env: { ...process.env, GITHUB_OUTPUT: output },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      expect(readFileSync(output, 'utf8')).toBe(`tool=${tool}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Timeouts

/** Jobs that run steps (not calls of a reusable workflow) and set no timeout-minutes. */
async function jobsWithoutTimeout(file: string, dir = ROOT): Promise<string[]> {
  const wf = await loadWorkflow(file, dir);
  return entries(find(wf.document, 'jobs'))
    .filter(([, job]) => find(job, 'uses') === undefined && find(job, 'timeout-minutes') === undefined)
    .map(([id]) => `${file}:${id}`);
}

describe('timeouts', () => {
  test.each(FILES)('%s: every job has timeout-minutes', async (file) => {
    expect(await jobsWithoutTimeout(file)).toEqual([]);
  });

  test('the check flags a job without one (it can fail)', async () => {
    expect(await jobsWithoutTimeout('actionlint.yml', BAD)).not.toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// workflow_dispatch: typed inputs, a run-name that says what goes where

/** Problems of a workflow's workflow_dispatch: untyped inputs, a free-text environment, no run-name. */
async function dispatchProblems(file: string, dir = ROOT): Promise<string[]> {
  const wf = await loadWorkflow(file, dir);
  const dispatch = find(find(wf.document, 'on'), 'workflow_dispatch');
  if (dispatch === undefined) return [];
  const problems: string[] = [];
  if (find(wf.document, 'run-name') === undefined) problems.push(`${file}: no run-name`);
  for (const [name, spec] of entries(find(dispatch, 'inputs'))) {
    const type = scalarText(find(spec, 'type'));
    if (type === '') problems.push(`${file}: input ${name} has no type`);
    else if (name === 'environment' && type !== 'environment')
      problems.push(`${file}: input environment is ${type}, not type: environment`);
  }
  return problems;
}

describe('workflow_dispatch', () => {
  test.each(FILES)('%s: typed inputs (environment: type environment) and a run-name', async (file) => {
    expect(await dispatchProblems(file)).toEqual([]);
  });

  test('the check flags free-text inputs and a missing run-name (it can fail)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-dispatch-'));
    try {
      writeFileSync(
        path.join(dir, 'free-text.yml'),
        [
          'name: x',
          'on:',
          '  workflow_dispatch:',
          '    inputs:',
          '      environment: { description: where, required: true }',
          '      components: { description: what, type: string }',
          'permissions: {}',
          'jobs:',
          '  a: { runs-on: ubuntu-latest, timeout-minutes: 1, steps: [{ run: "true" }] }',
        ].join('\n'),
      );
      expect(await dispatchProblems('free-text.yml', dir)).toEqual([
        'free-text.yml: no run-name',
        'free-text.yml: input environment has no type',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const runName = async (file: string, eventName: string, payload: Record<string, unknown>, inputs = {}) => {
    const wf = await loadWorkflow(file);
    const expression = scalarText(find(wf.document, 'run-name'))
      .trim()
      .replace(/^\$\{\{/, '')
      .replace(/\}\}$/, '');
    return evaluate(expression, { github: githubContext(eventName, payload), inputs });
  };

  test('the monorepo’s run-name says what is deployed where', async () => {
    expect(
      await runName(
        MONOREPO,
        'workflow_dispatch',
        dispatchPayload('refs/heads/main', { environment: 'test', components: 'backend' }),
        { environment: 'test', components: 'backend' },
      ),
    ).toBe('deploy backend to test (by hand, main)');
    expect(await runName(MONOREPO, 'push', pushPayload({ branch: 'release' }))).toBe(
      'release: test, then deploy the merged components to the environment of release',
    );
  });

  test('the rollback’s run-name names the component, the environment and the image', async () => {
    const wf = await loadWorkflow('workflow-templates/berth-rollback.yml');
    const text = scalarText(find(wf.document, 'run-name'));
    const inputs = { component: 'backend', environment: 'production', image: '' };
    const rendered = text.replace(/\$\{\{(.*?)\}\}/g, (_m, e: string) => String(evaluate(e, { inputs })));
    expect(rendered).toBe('roll back backend in production');
  });

  test('the monorepo’s component choice “all” deploys every component (components empty)', async () => {
    const run = await jobsThatRun(MONOREPO, {
      eventName: 'workflow_dispatch',
      payload: dispatchPayload('refs/heads/main', { environment: 'test', components: 'all' }),
    });
    expect(run.instances.find((i) => i.job === 'deploy/plan')?.inputs.components).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------------
// The fork-comment artifact

describe('the comment sections artifact (berth-comment.yml’s input)', () => {
  const upload = async () => {
    const step = stepsOf(await loadWorkflow(QUALITY)).find((s) =>
      scalarText(find(s.token, 'name')).startsWith('Keep the comment sections'),
    );
    const condition = scalarText(find(step?.token, 'if'))
      .trim()
      .replace(/^\$\{\{/, '')
      .replace(/\}\}$/, '');
    return (eventName: string, payload: Record<string, unknown>) =>
      evaluate(condition, { github: githubContext(eventName, payload) });
  };

  test.each<[string, string, Record<string, unknown>, boolean]>([
    [
      'a fork’s pull request',
      'pull_request',
      pullRequestPayload({ action: 'opened', base: 'main', fork: true }),
      true,
    ],
    [
      'a same-repository pull request',
      'pull_request',
      pullRequestPayload({ action: 'opened', base: 'main' }),
      false,
    ],
    ['a push (no pull request at all)', 'push', pushPayload({ branch: 'release' }), false],
  ])('%s: uploaded %s', async (_label, eventName, payload, expected) => {
    expect((await upload())(eventName, payload)).toBe(expected);
  });
});
