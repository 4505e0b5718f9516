import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { ConfigurationError } from '../../src/errors.js';
import { EXAMPLE_CONFIG_PATH } from '../helpers/config.js';

const FILE = '.github/berth.yml';

function errorOf(text: string): string {
  try {
    parseConfig(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parseConfig', () => {
  test('the README example normalises to ordered components and environments with defaults', async () => {
    const config = await loadConfig(EXAMPLE_CONFIG_PATH, FILE);
    expect(config).toEqual({
      version: 1,
      components: [
        { name: 'backend', labels: ['Backend'], paths: ['backend/**'], context: '.', with: {} },
        { name: 'frontend', labels: ['Frontend'], paths: ['frontend/**'], context: '.', with: {} },
      ],
      environments: [
        {
          name: 'production',
          branches: ['release'],
          'dispatch-branches': [],
          runner: ['self-hosted', 'aws', 'prod'],
          with: {},
        },
        {
          name: 'test',
          branches: ['test'],
          'dispatch-branches': [],
          runner: ['self-hosted', 'ncp', 'test'],
          with: {},
        },
        {
          name: 'develop',
          branches: ['develop', 'feature/*'],
          'dispatch-branches': [],
          runner: ['self-hosted', 'onprem'],
          with: {},
        },
      ],
      quality: { runner: ['ubuntu-latest'] },
    });
  });

  test('single strings stand for one-item lists, and absent keys get their defaults', () => {
    const config = parseConfig(
      'version: 1\ncomponents:\n  api: {labels: API}\n  worker: {}\nenvironments:\n  prod:\n    branches: main\n    runner: prod-box\nquality:\n  runner: [self-hosted, ci]\n',
      FILE,
    );
    expect(config.components).toEqual([
      { name: 'api', labels: ['API'], paths: [], context: '.', with: {} },
      { name: 'worker', labels: [], paths: [], context: '.', with: {} },
    ]);
    expect(config.environments).toEqual([
      { name: 'prod', branches: ['main'], 'dispatch-branches': [], runner: ['prod-box'], with: {} },
    ]);
    expect(config.quality).toEqual({ runner: ['self-hosted', 'ci'] });
  });

  test('build keys: a component image joined later to the top-level registry, its context and Dockerfile', () => {
    const config = parseConfig(
      'version: 1\nregistry: ghcr.io/acme\ncomponents:\n  api: {image: api, context: backend, dockerfile: backend/Dockerfile.prod}\n',
      FILE,
    );
    expect(config.registry).toBe('ghcr.io/acme');
    expect(config.components).toEqual([
      {
        name: 'api',
        labels: [],
        paths: [],
        image: 'api',
        context: 'backend',
        dockerfile: 'backend/Dockerfile.prod',
        with: {},
      },
    ]);
  });

  test("an environment's url and a component's own url there", () => {
    const config = parseConfig(
      'version: 1\ncomponents:\n  api:\n    environments:\n      prod: {url: "https://api.example.com"}\n  web: {}\nenvironments:\n  prod:\n    branches: main\n    url: https://shop.example.com/\n',
      FILE,
    );
    expect(config.environments[0]?.url).toBe('https://shop.example.com/');
    expect(config.components[0]?.environments).toEqual([{ name: 'prod', url: 'https://api.example.com' }]);
    expect(config.components[1]?.environments).toBeUndefined();
  });

  test('environments may be left out entirely (quality only)', () => {
    const config = parseConfig('version: 1\ncomponents:\n  web:\n', FILE);
    expect(config.environments).toEqual([]);
    expect(config.components).toEqual([{ name: 'web', labels: [], paths: [], context: '.', with: {} }]);
  });

  test.each([
    [
      'a number where a branch name belongs, with a hint to quote it',
      'version: 1\ncomponents: {web: {}}\nenvironments:\n  test:\n    branches: [2024]\n',
      `${FILE}:5:16: environments.test.branches[0]: expected a non-empty string, got 2024 (a number); quote it: "2024"`,
    ],
    [
      'a misspelt key, with "did you mean"',
      'version: 1\ncomponents:\n  backend:\n    lables: [Backend]\n',
      `${FILE}:4:5: components.backend.lables: unknown key; did you mean "labels"?`,
    ],
    [
      'a key in the wrong case',
      'version: 1\ncomponents: {web: {}}\nEnvironments: {}\n',
      `${FILE}:3:1: Environments: unknown key; did you mean "environments"?`,
    ],
    [
      'an unknown key with no near match lists the known ones',
      'version: 1\ncomponents: {web: {}}\nenvironments:\n  prod:\n    branches: [main]\n    servers: [a]\n',
      `${FILE}:6:5: environments.prod.servers: unknown key; expected one of: branches, dispatch-branches, runner, url, with`,
    ],
    [
      'a missing required key points at its mapping',
      'version: 1\ncomponents: {web: {}}\nenvironments:\n  prod:\n    runner: [self-hosted]\n',
      `${FILE}:5:5: environments.prod.branches: required key is missing`,
    ],
    ['a missing version', 'components: {web: {}}\n', `${FILE}:1:1: version: required key is missing`],
    ['a wrong version', 'version: 2\ncomponents: {web: {}}\n', `${FILE}:1:10: version: expected 1, got 2`],
    [
      'a quoted version',
      'version: "1"\ncomponents: {web: {}}\n',
      `${FILE}:1:10: version: expected 1, got "1" (a string)`,
    ],
    [
      'a list where a mapping belongs',
      'version: 1\ncomponents:\n  - backend\n',
      `${FILE}:3:3: components: expected a mapping, got a list`,
    ],
    [
      'an empty branch list',
      'version: 1\ncomponents: {web: {}}\nenvironments:\n  prod: {branches: []}\n',
      `${FILE}:4:20: environments.prod.branches: expected at least 1 item, got an empty list`,
    ],
    [
      'a component name that cannot become a container name',
      'version: 1\ncomponents:\n  "my app": {}\n',
      `${FILE}:3:3: components["my app"]: expected a name of letters, digits, "-", "_" or "." (at most 63, not starting with a symbol), got "my app"`,
    ],
    [
      'no components at all',
      'version: 1\ncomponents: {}\n',
      `${FILE}:2:13: components: expected at least 1 entry`,
    ],
    [
      'a mapping where labels belong',
      'version: 1\ncomponents:\n  web:\n    labels: {name: Web}\n',
      `${FILE}:4:13: components.web.labels: expected a string or a list of strings, got a mapping`,
    ],
    [
      'an empty file',
      '# nothing yet\n',
      `${FILE}:1:1: (top level): the file is empty; expected a mapping starting with "version: 1"`,
    ],
    ['a top-level list', '- version: 1\n', `${FILE}:1:1: (top level): expected a mapping, got a list`],
    [
      "an environment's url that is not an absolute http(s) address",
      'version: 1\ncomponents: {web: {}}\nenvironments:\n  prod:\n    branches: main\n    url: shop.example.com\n',
      `${FILE}:6:10: environments.prod.url: expected an absolute http(s) address without a user or password, e.g. https://app.example.com, got "shop.example.com"`,
    ],
    [
      "an environment's url on another scheme",
      'version: 1\ncomponents: {web: {}}\nenvironments:\n  prod:\n    branches: main\n    url: ftp://shop.example.com\n',
      `${FILE}:6:10: environments.prod.url: expected an absolute http(s) address without a user or password, e.g. https://app.example.com, got "ftp://shop.example.com"`,
    ],
    [
      "a component's url with a password, not quoted back",
      'version: 1\ncomponents:\n  web:\n    environments:\n      prod: {url: "https://me:hunter2@shop.example.com"}\nenvironments:\n  prod: {branches: main}\n',
      `${FILE}:5:19: components.web.environments.prod.url: expected an absolute http(s) address without a user or password, e.g. https://app.example.com; it holds a user or password`,
    ],
    [
      "a component's settings for an environment the config does not have",
      'version: 1\ncomponents:\n  web:\n    environments:\n      prdo: {url: "https://shop.example.com"}\nenvironments:\n  prod: {branches: main}\n',
      `${FILE}:5:7: components.web.environments.prdo: "prdo" is not an environment of this config; expected one of: prod`,
    ],
  ])('%s', (_name, text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  test('every problem is reported, one line each, in file order', () => {
    expect(errorOf('version: 1\ncomponents:\n  web:\n    label: [Web]\nenvironment:\n  prod: {}\n')).toBe(
      [
        `${FILE}:4:5: components.web.label: unknown key; did you mean "labels"?`,
        `${FILE}:5:1: environment: unknown key; did you mean "environments"?`,
      ].join('\n'),
    );
  });

  test.each([
    ['a duplicate key', 'version: 1\nversion: 1\n', `${FILE}:2:1: YAML: Map keys must be unique`],
    [
      'a tab used as indentation',
      'version: 1\ncomponents:\n\tweb: {}\n',
      `${FILE}:3:1: YAML: Tabs are not allowed as indentation`,
    ],
  ])('YAML syntax: %s', (_name, text, message) => {
    expect(errorOf(text).split('\n')[0]).toBe(message);
  });

  test('alias bombs are refused without being expanded', () => {
    const lines = ['version: 1', 'x-a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      lines.push(`x-a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    }
    lines.push('components:', '  web:', '    labels: *a8');
    // Expanded, labels would be 10^9 strings; the walk stops at the first level that has the wrong shape
    // and points at the anchored value (line 9, the list of *a7) that has it.
    const message = errorOf(`${lines.join('\n')}\n`).split('\n');
    expect(message).toHaveLength(10);
    expect(message[0]).toBe(
      `${FILE}:9:11: components.web.labels[0]: expected a non-empty string, got a list`,
    );
  });

  test('alias expansions are capped', () => {
    const components = Array.from({ length: 1001 }, (_, i) => `  c${i}: {labels: *l}`);
    const message = errorOf(`version: 1\nx-labels: &l [Web]\ncomponents:\n${components.join('\n')}\n`);
    expect(message).toBe(
      `${FILE}:1004:19: components.c1000.labels: too many alias expansions (more than 1000); write the values out`,
    );
  });

  test('a plain alias is resolved like the value it names', () => {
    const config = parseConfig(
      'version: 1\ncomponents:\n  web: {labels: &l [Web, UI]}\n  docs: {labels: *l}\n',
      FILE,
    );
    expect(config.components.map((c) => c.labels)).toEqual([
      ['Web', 'UI'],
      ['Web', 'UI'],
    ]);
  });
});

describe('loadConfig', () => {
  test('a missing file names the config input and says what to do', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-config-'));
    await expect(loadConfig(path.join(dir, 'berth.yml'), '.github/berth.yml')).rejects.toThrow(
      'config: .github/berth.yml does not exist. Create it (see "The config file" in berth\'s README) or set the `config` input to the path of your berth config.',
    );
  });

  test('a huge file is refused before it is parsed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-config-'));
    const file = path.join(dir, 'berth.yml');
    writeFileSync(file, `version: 1\n# ${'x'.repeat(1024 * 1024)}\n`);
    await expect(loadConfig(file, 'big.yml')).rejects.toThrow(
      'config: big.yml is 1048590 bytes; expected a YAML file under 1048576 bytes',
    );
  });
});
