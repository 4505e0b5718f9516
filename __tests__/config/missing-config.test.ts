/**
 * A config file that is not there: a `config` the step names explicitly is an error naming the input and
 * the path; without the default .github/berth.yml, an input the config could have set is reported
 * missing with that said, instead of a bare "X: required".
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { applyConfigInputs, explainMissingConfig } from '../../src/config/step-inputs.js';
import { ConfigurationError } from '../../src/errors.js';
import { run } from '../../src/main.js';
import { runDeploy } from '../../src/commands/deploy.js';
import { resolveDeploySettings } from '../../src/deploy/containers/settings.js';
import { resolveStaticSettings } from '../../src/deploy/static/settings.js';
import { parsePatterns } from '../../src/coverage/files.js';
import { readInputs, type InputName } from '../../src/inputs.js';
import { fakeRuntime } from '../helpers/static-runtime.js';

let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'berth-missing-config-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

const applied = (values: Partial<Record<InputName, string>>) => {
  const { runtime, inputs } = fakeRuntime(values, workspace);
  return { runtime, inputs, result: applyConfigInputs(inputs, runtime) };
};

/** The message run() fails with (the action's one top-level catch). */
async function failureOf(values: Partial<Record<InputName, string>>): Promise<string> {
  const { runtime } = fakeRuntime(values, workspace);
  let failed = '';
  await run({ ...runtime, setFailed: (m) => void (failed = m) });
  return failed;
}

describe('a `config` named explicitly', () => {
  test('that does not exist: an error naming `config` and the path', async () => {
    const { result } = applied({ command: 'deploy', component: 'api', config: '.github/bert.yml' });
    await expect(result).rejects.toThrow(ConfigurationError);
    await expect(result).rejects.toThrow(
      /^config: \.github\/bert\.yml does not exist .*names this config file explicitly/,
    );
  });

  test('that is a directory’s child of a file (ENOTDIR): the same error', async () => {
    writeFileSync(path.join(workspace, 'ci'), '');
    const { result } = applied({ command: 'coverage', component: 'api', config: 'ci/berth.yml' });
    await expect(result).rejects.toThrow(/^config: ci\/berth\.yml does not exist/);
  });

  test('that exists: read as before', async () => {
    mkdirSync(path.join(workspace, 'ci'));
    writeFileSync(
      path.join(workspace, 'ci/berth.yml'),
      'version: 1\ncomponents:\n  api:\n    with: { coverage-files: coverage/lcov.info }\n',
    );
    const { result } = applied({ command: 'coverage', component: 'api', config: 'ci/berth.yml' });
    expect((await result).coverageFiles).toBe('coverage/lcov.info');
  });

  test('through run(): the step fails with that error, not a later "X: required"', async () => {
    expect(await failureOf({ command: 'coverage', component: 'api', config: 'berth.yaml' })).toMatch(
      /^config: berth\.yaml does not exist/,
    );
  });
});

describe('no config at the default path', () => {
  test('the inputs stay as the step gave them', async () => {
    const { inputs, result } = applied({ command: 'deploy', component: 'api' });
    expect(await result).toBe(inputs);
  });

  test('an input the config could have set, reported missing, says no config file was found', async () => {
    const { inputs, result } = applied({ command: 'deploy', component: 'api' });
    await result;
    const explained = explainMissingConfig(
      new ConfigurationError(
        'port: required; the port your app listens on inside the container (e.g. 8080)',
        {
          key: 'port',
          kind: 'required',
        },
      ),
      inputs,
    ) as ConfigurationError;
    expect(explained).toBeInstanceOf(ConfigurationError);
    expect(explained.message).toMatch(/^port: required; the port/);
    expect(explained.message).toContain(
      'No config file was found at .github/berth.yml, the default `config`',
    );
    expect([explained.keys, explained.kind]).toEqual([['port'], 'required']);
    const both = explainMissingConfig(
      new ConfigurationError('blue-port / green-port: both required; two free host ports', {
        key: ['blue-port', 'green-port'],
        kind: 'required',
      }),
      inputs,
    ) as Error;
    expect(both.message).toContain('No config file was found at .github/berth.yml');
  });

  test('a secret (never from the config) and other errors are left as they are', async () => {
    const { inputs, result } = applied({ command: 'quality-gate', component: 'api' });
    await result;
    const secret = new ConfigurationError('sonar-token: required by quality-gate: a SonarQube token', {
      key: 'sonar-token',
      kind: 'required',
    });
    expect(explainMissingConfig(secret, inputs)).toBe(secret);
    const other = new ConfigurationError('port: 99999 is not a port', { key: 'port', kind: 'invalid' });
    expect(explainMissingConfig(other, inputs)).toBe(other);
    // The key decides, not the words: an invalid value whose message says "required" stays as it is.
    const worded = new ConfigurationError('port: required to be a number', { key: 'port', kind: 'invalid' });
    expect(explainMissingConfig(worded, inputs)).toBe(worded);
    const bug = new Error('port: required');
    expect(explainMissingConfig(bug, inputs)).toBe(bug);
  });

  test('with the config file there, a missing input is reported as it is', async () => {
    mkdirSync(path.join(workspace, '.github'));
    writeFileSync(path.join(workspace, '.github/berth.yml'), 'version: 1\ncomponents:\n  api: {}\n');
    const { result } = applied({ command: 'deploy', component: 'api' });
    const error = new ConfigurationError('port: required; the port', { key: 'port', kind: 'required' });
    expect(explainMissingConfig(error, await result)).toBe(error);
  });

  test('through run(): coverage of a component without coverage-files names the missing config', async () => {
    const message = await failureOf({ command: 'coverage', component: 'api' });
    expect(message).toMatch(/^coverage-files: required;/);
    expect(message).toContain('No config file was found at .github/berth.yml');
  });
});

describe('the keys explainMissingConfig reads are set where the errors are thrown', () => {
  const thrown = async (work: () => unknown): Promise<ConfigurationError> => {
    const error = await Promise.resolve()
      .then(work)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    if (!(error instanceof ConfigurationError))
      throw new Error(`expected a ConfigurationError, got ${String(error)}`);
    return error;
  };
  const deployInputs = (values: Partial<Record<InputName, string>>) =>
    fakeRuntime({ command: 'deploy', ...values }, workspace);

  test.each<[string, () => unknown, string[]]>([
    [
      'a deploy without any of its inputs: each one it lacks',
      () => {
        const { runtime, inputs } = deployInputs({});
        return runDeploy(inputs, runtime);
      },
      ['environment', 'app', 'image', 'port', 'blue-port', 'green-port', 'nginx-upstream-file'],
    ],
    [
      'blue-green without port',
      () => resolveDeploySettings(deployInputs({ app: 'api', environment: 'prod' }).inputs),
      ['port'],
    ],
    [
      'blue-green without the two colour ports',
      () => resolveDeploySettings(deployInputs({ app: 'api', environment: 'prod', port: '8080' }).inputs),
      ['blue-port', 'green-port'],
    ],
    ['coverage without coverage-files', () => parsePatterns('', 'coverage-files'), ['coverage-files']],
  ])('%s', async (_, work, keys) => {
    const error = await thrown(work);
    expect([error.keys, error.kind]).toEqual([keys, 'required']);
  });

  test('a bad value from the config: the error names the config key', async () => {
    mkdirSync(path.join(workspace, '.github'));
    writeFileSync(
      path.join(workspace, '.github/berth.yml'),
      'version: 1\ncomponents:\n  web:\n    with: { strategy: static }\n',
    );
    const { runtime } = fakeRuntime({ command: 'deploy', component: 'web' }, workspace);
    const deployAction = { ...runtime, action: 'deploy' as const };
    const error = await thrown(() => applyConfigInputs(readInputs(deployAction), deployAction));
    expect(error.message).toMatch(/^\.github\/berth\.yml: components\.web\.with\.strategy: berth-dev/);
    expect([error.keys, error.kind]).toEqual([['components.web.with.strategy'], 'invalid']);
  });

  test('a static deploy’s "dir: required" carries its key, and gets the hint', async () => {
    const { inputs, result } = applied({ command: 'deploy', component: 'api' });
    await result;
    let error: unknown;
    try {
      resolveStaticSettings(
        { ...inputs, strategy: 'static', environment: 'production', dir: '' },
        'deploy',
        '/work/repo',
      );
    } catch (e) {
      error = e;
    }
    expect([(error as ConfigurationError).keys, (error as ConfigurationError).kind]).toEqual([
      ['dir'],
      'required',
    ]);
    const explained = explainMissingConfig(error, inputs) as ConfigurationError;
    expect(explained.message).toContain('No config file was found at .github/berth.yml');
    expect(explained.keys).toEqual(['dir']);
  });
});
