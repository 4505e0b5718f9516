/**
 * The one declaration (src/action-spec.ts) and what the reader makes of it: a step's names are checked
 * against its command's or sub-action's inputs; only the command's own inputs are read.
 */
import { describe, expect, test } from '@jest/globals';
import {
  INPUTS,
  OUTPUTS,
  SUB_ACTIONS,
  SUB_ACTION_NAMES,
  describeFor,
  type InputSpec,
  type SubActionName,
} from '../src/action-spec.js';
import { COVERAGE_FORMATS } from '../src/coverage/model.js';
import {
  checkStepInputs,
  inputsOf,
  readInputs,
  type CommandName,
  type InputName,
  type InputSource,
} from '../src/inputs.js';

const SPECS = INPUTS as Record<InputName, InputSpec>;

function source(values: Record<string, string>, action?: SubActionName): InputSource & { secrets: string[] } {
  const secrets: string[] = [];
  return {
    action,
    secrets,
    getInput: (name: InputName) => values[name] ?? '',
    setSecret: (value: string) => void secrets.push(value),
  };
}

describe('the declaration', () => {
  test('every input but command belongs to a sub-action, and every output is given by one', () => {
    for (const [name, spec] of Object.entries(SPECS)) {
      if (name === 'command') continue;
      expect([name, (spec.in ?? []).length > 0]).toEqual([name, true]);
    }
    for (const [name, spec] of Object.entries(OUTPUTS))
      expect([name, spec.in.length > 0]).toEqual([name, true]);
  });

  test('a sub-action that takes a key (ssh-key, kubeconfig) has a post step: a cancelled run leaves none behind', () => {
    const keyed = SUB_ACTION_NAMES.filter((sub) =>
      (['ssh-key', 'kubeconfig'] as const).some((input) => SPECS[input].in?.includes(sub)),
    );
    expect(keyed).toContain('deploy');
    expect(keyed.filter((sub) => !SUB_ACTIONS[sub].post)).toEqual([]);
  });

  test('a required input is one its sub-action takes', () => {
    for (const [name, spec] of Object.entries(SPECS))
      for (const sub of spec.required ?? [])
        expect([name, sub, spec.in?.includes(sub)]).toEqual([name, sub, true]);
  });

  test("coverage-format's choices are the parsers' formats; its short names are aliases of formats", () => {
    expect(SPECS['coverage-format'].form).toEqual({
      kind: 'choice',
      values: ['auto', ...COVERAGE_FORMATS],
      aliases: { jacoco: 'jacoco-xml', cobertura: 'cobertura-xml', clover: 'clover-xml' },
    });
  });

  test('a choice alias names one of its choices and is not a choice itself', () => {
    for (const [name, spec] of Object.entries(SPECS)) {
      const form = spec.form;
      if (form.kind !== 'choice') continue;
      for (const [alias, value] of Object.entries(form.aliases ?? {}))
        expect([name, alias, form.values.includes(value), form.values.includes(alias)]).toEqual([
          name,
          alias,
          true,
          false,
        ]);
    }
  });

  test('a choice default is one of its choices; an integer default is in range', () => {
    for (const [name, spec] of Object.entries(SPECS)) {
      const form = spec.form;
      if (form.kind === 'choice')
        expect([name, form.values.includes(spec.default ?? '')]).toEqual([name, true]);
      if (form.kind === 'integer') {
        const n = Number(spec.default);
        expect([name, n >= form.min && n <= form.max]).toEqual([name, true]);
      }
    }
  });

  test.each<[string, SubActionName, string]>([
    [
      '`deploy`/`rollback` over SSH: the user on the servers.',
      'deploy',
      'Over SSH: the user on the servers.',
    ],
    ['`deploy`: the port.', 'deploy', 'The port.'],
    ['`deploy` with strategy `static`: the build directory.', 'deploy-static', 'The build directory.'],
    ['`deploy` to `s3`: the bucket.', 'deploy-static', 'To `s3`: the bucket.'],
    ['`coverage` and `quality-gate` on a pull request: keep it.', 'coverage', 'On a pull request: keep it.'],
    ['Path of the config file.', 'plan', 'Path of the config file.'],
  ])('describeFor(%j, %s)', (description, sub, expected) => {
    expect(describeFor({ description }, sub)).toBe(expected);
  });

  test("a sub-action's own text wins", () => {
    expect(describeFor({ description: '`build`: x.', describe: { build: 'Own.' } }, 'build')).toBe('Own.');
  });

  test('post steps only where there is something to release', () => {
    const withPost = SUB_ACTION_NAMES.filter((s) => SUB_ACTIONS[s].post);
    expect(withPost).toEqual(['build', 'deploy', 'deploy-static', 'rollback', 'doctor', 'status']);
  });
});

describe('checkStepInputs', () => {
  const check =
    (
      command: CommandName,
      given: Record<string, string>,
      options: { action?: SubActionName; prefix?: string } = {},
    ) =>
    () =>
      checkStepInputs(command, new Map(Object.entries(given)), options);

  test.each<
    [string, CommandName, Record<string, string>, { action?: SubActionName; prefix?: string }, string]
  >([
    [
      'a typo in a sub-action',
      'coverage',
      { 'coverage-file': 'lcov.info' },
      { action: 'coverage' },
      'coverage-file: not an input of berth-dev/berth/coverage; did you mean coverage-files?',
    ],
    [
      'a typo in the root action',
      'coverage',
      { 'min-lines': '80' },
      {},
      'min-lines: not an input of command coverage; did you mean min-line?',
    ],
    [
      "another command's input, given",
      'deploy',
      { 'min-line': 'high' },
      {},
      'min-line: an input of coverage, not of command deploy; remove it from this step',
    ],
    [
      "another sub-action's input",
      'deploy',
      { dir: 'build' },
      { action: 'deploy' },
      'dir: an input of berth-dev/berth/deploy-static, berth-dev/berth/rollback, not of berth-dev/berth/deploy; remove it from this step (or use the action it belongs to)',
    ],
    [
      'the root-only input in a sub-action',
      'plan',
      { command: 'plan' },
      { action: 'plan' },
      'command: an input of the root action, not of berth-dev/berth/plan; remove it from this step (or use the action it belongs to)',
    ],
    [
      'a CLI flag',
      'coverage',
      { 'coverage-fils': 'x' },
      { prefix: '--' },
      '--coverage-fils: not an input of command coverage; did you mean --coverage-files?',
    ],
    ['a name like nothing', 'plan', { zzz: '1' }, {}, 'zzz: not an input of command plan'],
  ])('%s is refused by name', (_name, command, given, options, message) => {
    expect(check(command, given, options)).toThrow(message);
  });

  test('every problem at once, one per line', () => {
    expect(
      check('deploy', { 'min-line': '80', prot: '8080', 'coverage-files': 'x' }, { action: 'deploy' }),
    ).toThrow(
      /^min-line: .*\nprot: not an input of berth-dev\/berth\/deploy; did you mean port\?\ncoverage-files: /,
    );
  });

  test("the root action: every declared input arrives, at its default; those pass, and the token's expression default too", () => {
    const all = Object.fromEntries(Object.entries(SPECS).map(([n, s]) => [n, s.default ?? '']));
    all['github-token'] = 'ghs_evaluated_by_the_runner';
    for (const command of [
      'plan',
      'build',
      'deploy',
      'coverage',
      'quality-gate',
      'comment',
      'doctor',
    ] as const) {
      expect(check(command, { ...all, command })).not.toThrow();
    }
  });

  test("a sub-action's own inputs pass, whatever their values", () => {
    for (const sub of SUB_ACTION_NAMES) {
      const own = inputsOf(SUB_ACTIONS[sub].command, sub);
      expect(
        check(SUB_ACTIONS[sub].command, Object.fromEntries(own.map((n) => [n, 'x'])), { action: sub }),
      ).not.toThrow();
    }
  });
});

describe('readInputs by sub-action', () => {
  test('deploy-static is deploy with strategy static', () => {
    const inputs = readInputs(source({ environment: 'production', dir: 'build' }, 'deploy-static'));
    expect(inputs).toMatchObject({ command: 'deploy', strategy: 'static', dir: 'build' });
  });

  test('deploy refuses strategy static and names the action that deploys it', () => {
    expect(() => readInputs(source({ strategy: 'static' }, 'deploy'))).toThrow(
      'strategy: berth-dev/berth/deploy runs containers (blue-green or recreate); for a static build directory use berth-dev/berth/deploy-static',
    );
  });

  test("another command's bad value is not read, so it cannot break this one", () => {
    const inputs = readInputs(source({ command: 'deploy', 'min-line': 'high', timeout: 'soon' }));
    expect(inputs).toMatchObject({ command: 'deploy', minLine: undefined, timeoutSeconds: 300 });
    expect(() => readInputs(source({ command: 'coverage', 'min-line': 'high' }))).toThrow(
      'min-line: expected a percentage from 0 to 100 (e.g. 80 or 72.5), got "high"',
    );
  });

  test("a sub-action's command is its own, whatever `command` says", () => {
    expect(readInputs(source({ command: 'deploy' }, 'plan')).command).toBe('plan');
  });

  test('a misspelled command gets the one it most likely meant', () => {
    expect(() => readInputs(source({ command: 'deplyo' }))).toThrow(
      'command: expected one of plan, build, deploy, rollback, coverage, quality-gate, comment, quality-check, doctor, status, got "deplyo"; did you mean deploy?',
    );
  });
});
