/** Runs the bundled action (`node dist/index.js`) or CLI the way GitHub or Jenkins would, in a clean env. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { HttpStub, restEnvironment, restReviewer } from './http-stub.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** What the step saved for its post step (GITHUB_STATE), by name. */
  state: Record<string, string>;
}

/** Parses a GITHUB_OUTPUT file (`name<<delimiter` blocks, as @actions/core writes them). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!m) continue;
    const [, name, delimiter] = m as unknown as [string, string, string];
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    outputs[name] = value.join('\n');
  }
  return outputs;
}

export function spawnNode(
  nodeBin: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  onSpawn?: (child: ChildProcess) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBin, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The INPUT_* variables a runner sets for a step: every input the action.yml declares, at its default
 * unless `with:` gives it, and every `with:` key, declared or not. Expression defaults
 * (`${{ github.token }}`) are left empty: no runner here evaluates them.
 */
export function runnerInputs(actionYml: string, given: Record<string, string>): Record<string, string> {
  const declared =
    (
      parseYaml(readFileSync(path.join(ROOT, actionYml), 'utf8')) as {
        inputs?: Record<string, { default?: unknown }>;
      }
    ).inputs ?? {};
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const def = spec.default === undefined ? '' : String(spec.default);
    env[`INPUT_${name.toUpperCase()}`] = def.includes('${{') ? '' : def;
  }
  for (const [name, value] of Object.entries(given))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return env;
}

const DEPLOYS = new Set(['deploy', 'deploy-static', 'rollback']);

/**
 * A deploy or rollback reads its environment's protection from the GitHub API first (a runner sets
 * GITHUB_ACTIONS): unless the test points GITHUB_API_URL elsewhere, a loopback API that answers the
 * environment as GitHub does for a protected one (protected branches only, a required reviewer), and
 * the job's token.
 */
async function environmentApi(options: {
  inputs: Record<string, string>;
  action?: string;
  env?: Record<string, string>;
}): Promise<{ stub: HttpStub; env: Record<string, string> } | undefined> {
  const deploys = DEPLOYS.has(options.action ?? options.inputs.command ?? '');
  const environment = options.inputs.environment ?? '';
  if (!deploys || environment === '' || options.env?.GITHUB_API_URL !== undefined) return undefined;
  const stub = await new HttpStub({
    [`GET /repos/Codertocat/Hello-World/environments/${encodeURIComponent(environment)}`]: {
      body: restEnvironment(environment, {
        policy: { protected_branches: true, custom_branch_policies: false },
        reviewers: [restReviewer('User', 'octocat')],
      }),
    },
  }).start();
  return {
    stub,
    env: {
      GITHUB_API_URL: stub.url,
      ...(options.inputs['github-token'] === undefined
        ? { 'INPUT_GITHUB-TOKEN': 'ghs_16C7e42F292c6912E7710c838347Ae178B4a' }
        : {}),
    },
  };
}

/**
 * Runs the bundled action as a runner would — `node dist/index.js`, or a sub-action's `dist/<name>.js`
 * — with its INPUT_* variables (runnerInputs) and fresh GITHUB_OUTPUT/GITHUB_STEP_SUMMARY files.
 */
export async function runAction(options: {
  inputs: Record<string, string>;
  /** A sub-action (`deploy` runs dist/deploy.js with deploy/action.yml's inputs); default the root. */
  action?: string;
  eventName: string;
  payload: unknown;
  env?: Record<string, string>;
  nodeBin?: string;
  cwd?: string;
  /** Gets the running process (to kill it mid-run). */
  onSpawn?: (child: ChildProcess) => void;
}): Promise<RunResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-run-'));
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
  };
  for (const file of [files.GITHUB_OUTPUT, files.GITHUB_STEP_SUMMARY, files.GITHUB_STATE])
    writeFileSync(file, '');
  writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(options.payload));
  const github = await environmentApi(options);
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_WORKSPACE: options.cwd ?? ROOT,
    RUNNER_TEMP: dir,
    ...files,
    ...runnerInputs(
      options.action === undefined ? 'action.yml' : `${options.action}/action.yml`,
      options.inputs,
    ),
    ...github?.env,
    ...options.env,
  };
  const result = await spawnNode(
    options.nodeBin ?? process.execPath,
    [path.join(ROOT, 'dist', `${options.action ?? 'index'}.js`)],
    env,
    options.cwd ?? ROOT,
    options.onSpawn,
  ).finally(() => github?.stub.stop());
  return {
    ...result,
    outputs: parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    // Saved more than once, the last value counts (the runner's rule): parseOutputFile keeps the last.
    state: parseOutputFile(readFileSync(files.GITHUB_STATE, 'utf8')),
  };
}
