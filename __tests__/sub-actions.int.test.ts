/**
 * The sub-actions as GitHub runs them: `<name>/action.yml` names `../dist/<name>.js`, the runner sets an
 * INPUT_* variable for each declared input (its default unless given) and for every `with:` key, and
 * berth runs the one command with only that action's inputs. The root action is checked alongside.
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { SUB_ACTION_NAMES, SUB_ACTIONS } from '../src/action-spec.js';
import { EXAMPLE_CONFIG_PATH } from './helpers/config.js';
import { AFTER_SHA, pullRequestPayload, pushPayload } from './helpers/events.js';
import { HttpStub } from './helpers/http-stub.js';
import { ROOT, runAction, spawnNode } from './helpers/run-dist.js';

const REPO = 'Codertocat/Hello-World';
const LCOV = '__tests__/fixtures/coverage/c8/lcov.info';

let stub: HttpStub;
beforeAll(async () => {
  const pull = pullRequestPayload({ action: 'closed', merged: true, base: 'release', labels: ['Backend'] });
  stub = await new HttpStub({
    [`GET /repos/${REPO}/commits/${AFTER_SHA}/pulls`]: {
      body: [{ ...(pull.pull_request as Record<string, unknown>), merge_commit_sha: AFTER_SHA }],
    },
  }).start();
});
afterAll(async () => stub.stop());

describe.each(SUB_ACTION_NAMES)('%s/action.yml', (sub) => {
  const action = parse(readFileSync(path.join(ROOT, sub, 'action.yml'), 'utf8')) as {
    inputs: Record<string, unknown>;
    runs: Record<string, string>;
  };

  test('runs its own entry of the one bundle, with a post step only where there is something to release', () => {
    const entry = path.resolve(ROOT, sub, action.runs.main ?? '');
    expect(path.relative(ROOT, entry)).toBe(`dist/${sub}.js`);
    expect(statSync(entry).size).toBeLessThan(300);
    expect(readFileSync(entry, 'utf8')).toContain("await import('./index.js')");
    expect(action.runs.post === undefined ? undefined : path.resolve(ROOT, sub, action.runs.post)).toBe(
      SUB_ACTIONS[sub].post ? entry : undefined,
    );
    expect(action.inputs.command).toBeUndefined();
  });
});

describe('node dist/<name>.js', () => {
  test('plan: the same outputs as the root action with command: plan', async () => {
    const run = (action?: string) =>
      runAction({
        action,
        inputs: { ...(action === undefined ? { command: 'plan' } : {}), config: EXAMPLE_CONFIG_PATH },
        eventName: 'push',
        payload: pushPayload({ branch: 'release', files: ['backend/src/Main.java'] }),
        env: { GITHUB_API_URL: stub.url, 'INPUT_GITHUB-TOKEN': 'ghs_test_token_value' },
      });
    const [sub, root] = [await run('plan'), await run()];
    expect(sub.stdout).not.toContain('::error');
    expect(sub.code).toBe(0);
    expect(sub.outputs.components).toBe('["backend"]');
    expect(sub.outputs).toEqual(root.outputs);
  });

  test('coverage: reads the reports and gives the figures the tool itself counted', async () => {
    const result = await runAction({
      action: 'coverage',
      inputs: { 'coverage-files': LCOV, 'min-line': '70', comment: 'false' },
      eventName: 'push',
      payload: pushPayload({ branch: 'main' }),
    });
    expect(result.stdout).not.toContain('::error');
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ 'lines-covered': '58', 'lines-total': '78', passed: 'true' });
  });

  test('a misspelled input fails the step with the name it most likely meant, before anything runs', async () => {
    const result = await runAction({
      action: 'coverage',
      inputs: { 'coverage-file': LCOV, 'min-lines': '80' },
      eventName: 'push',
      payload: pushPayload({ branch: 'main' }),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '::error::coverage-file: not an input of berth-dev/berth/coverage; did you mean coverage-files?%0Amin-lines: not an input of berth-dev/berth/coverage; did you mean min-line?',
    );
    expect(result.outputs).toEqual({});
  });

  test("deploy: another command's input is refused by name, not parsed", async () => {
    const result = await runAction({
      action: 'deploy',
      inputs: { environment: 'production', 'min-line': 'high' },
      eventName: 'push',
      payload: pushPayload({ branch: 'main' }),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '::error::min-line: an input of berth-dev/berth/coverage, not of berth-dev/berth/deploy; remove it from this step (or use the action it belongs to)',
    );
    expect(result.stdout).not.toContain('percentage');
  });

  test("the root action: another command's input is refused by name; every other default passes", async () => {
    const result = await runAction({
      inputs: { command: 'deploy', environment: 'production', 'min-line': 'high' },
      eventName: 'push',
      payload: pushPayload({ branch: 'main' }),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '::error::min-line: an input of coverage, not of command deploy; remove it from this step',
    );
  });

  test('a sub-action with a post step (build) cleans up in it: the private docker config a cancelled build left', async () => {
    const left = mkdtempSync(path.join(tmpdir(), 'berth-docker-'));
    const result = await runAction({
      action: 'build',
      inputs: {},
      eventName: 'push',
      payload: {},
      env: { STATE_isPost: 'true', 'STATE_docker-config': JSON.stringify(left) },
    });
    expect(result.code).toBe(0);
    expect(existsSync(left)).toBe(false);
  });
});

describe('the CLI takes the same declaration', () => {
  test("the CLI bundle carries none of the action's runtime (it is not loaded for a CLI run)", () => {
    const cli = readFileSync(path.join(ROOT, 'dist/cli/index.js'), 'utf8');
    expect(readFileSync(path.join(ROOT, 'dist/index.js'), 'utf8')).toContain('GITHUB_STEP_SUMMARY');
    expect(cli).not.toContain('GITHUB_STEP_SUMMARY');
  });

  const berth = (...args: string[]) =>
    spawnNode(process.execPath, [path.join(ROOT, 'bin/berth.js'), ...args], {}, ROOT);

  test('`berth coverage --help` lists coverage flags only, with what they mean', async () => {
    const help = await berth('coverage', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: berth coverage/);
    expect(help.stdout).toContain('  --coverage-files\n      Glob patterns of the coverage reports');
    expect(help.stdout).not.toContain('--blue-port');
  });

  test('an unknown flag names the flag of that command it most likely meant (exit 2)', async () => {
    const bad = await berth('coverage', '--coverage-file', LCOV);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: unknown flag --coverage-file; did you mean --coverage-files\?/);
  });

  test("another command's flag is refused by name (exit 1)", async () => {
    const bad = await berth('coverage', '--coverage-files', LCOV, '--blue-port', '18080');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'error: --blue-port: an input of deploy, rollback, doctor, not of command coverage; remove it from this step',
    );
  });
});
