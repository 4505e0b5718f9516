import { describe, expect, test } from '@jest/globals';
import { parseConfig } from '../../src/config/load.js';
import type { ConfigurationError } from '../../src/errors.js';
import { configInputs, overlaySource } from '../../src/config/step-inputs.js';
import { readInputs, type InputName } from '../../src/inputs.js';

const FILE = '.github/berth.yml';
const CONFIG = parseConfig(
  [
    'version: 1',
    'components:',
    '  backend:',
    '    with:',
    '      port: 8080',
    '      health-path: /actuator/health',
    '      no-cache: true',
    '      coverage-files: [backend/build/jacoco.xml, backend/build/other.xml]',
    '  frontend:',
    '    with: { strategy: recreate }',
    'environments:',
    '  test:',
    '    branches: [test]',
    '    with: { ssh-host: 10.0.0.5, port: 9090 }',
  ].join('\n'),
  FILE,
);

const stepSource = (given: Partial<Record<InputName, string>>) => ({
  getInput: (name: InputName) => given[name] ?? '',
  setSecret: () => undefined,
});

describe('the config’s `with`', () => {
  test('a component’s inputs, as strings; lists joined by newlines', () => {
    expect(
      Object.fromEntries([...configInputs(CONFIG, 'backend', '', FILE)].map(([k, v]) => [k, v])),
    ).toEqual({
      port: { value: '8080', origin: 'components.backend.with.port' },
      'health-path': { value: '/actuator/health', origin: 'components.backend.with.health-path' },
      'no-cache': { value: 'true', origin: 'components.backend.with.no-cache' },
      'coverage-files': {
        value: 'backend/build/jacoco.xml\nbackend/build/other.xml',
        origin: 'components.backend.with.coverage-files',
      },
    });
  });

  test('the environment’s win over the component’s; an environment not in the config adds nothing', () => {
    const overlay = configInputs(CONFIG, 'backend', 'test', FILE);
    expect(overlay.get('port')).toEqual({ value: '9090', origin: 'environments.test.with.port' });
    expect(overlay.get('ssh-host')?.value).toBe('10.0.0.5');
    expect(configInputs(CONFIG, 'backend', 'staging', FILE).get('port')?.value).toBe('8080');
  });

  test('an unknown component is an error naming the known ones', () => {
    expect(() => configInputs(CONFIG, 'api', '', FILE)).toThrow(
      'component: "api" is not a component in .github/berth.yml; expected one of: backend, frontend',
    );
  });

  test.each([
    ['the step leaves it empty', {}, '8080', true],
    ['the step gives the default', { port: '' }, '8080', true],
    ['the step gives its own value', { port: '3000' }, '3000', false],
  ])('precedence: %s', (_name, given, port, fromConfig) => {
    const source = overlaySource(
      stepSource({ command: 'deploy', ...given }),
      configInputs(CONFIG, 'backend', '', FILE),
    );
    const inputs = readInputs(source);
    expect(inputs.port).toBe(Number(port));
    expect(source.used.has('port')).toBe(fromConfig);
    expect(inputs.healthPath).toBe('/actuator/health');
    // The component's `no-cache` is build's: deploy neither reads nor checks it.
    expect(inputs.noCache).toBe(false);
    expect(source.used.has('no-cache')).toBe(false);
  });

  test('an input at action.yml’s non-empty default (strategy: blue-green) still takes the config’s', () => {
    const source = overlaySource(
      stepSource({ command: 'deploy', strategy: 'blue-green' }),
      configInputs(CONFIG, 'frontend', '', FILE),
    );
    expect(readInputs(source).strategy).toBe('recreate');
  });
});

describe('the public url (`environment-url`)', () => {
  const config = parseConfig(
    [
      'version: 1',
      'components:',
      '  api:',
      '    environments:',
      '      prod: {url: "https://api.example.com"}',
      '  web: {}',
      '  admin:',
      '    with: {environment-url: "https://admin.example.com"}',
      'environments:',
      '  prod: {branches: [main], url: "https://shop.example.com"}',
      '  test: {branches: [test]}',
    ].join('\n'),
    FILE,
  );
  test.each([
    [
      'the component’s own url there',
      'api',
      'prod',
      'https://api.example.com',
      'components.api.environments.prod.url',
    ],
    ['else the environment’s', 'web', 'prod', 'https://shop.example.com', 'environments.prod.url'],
    [
      'a `with` that sets the input wins',
      'admin',
      'prod',
      'https://admin.example.com',
      'components.admin.with.environment-url',
    ],
  ])('%s', (_name, component, environment, value, origin) => {
    expect(configInputs(config, component, environment, FILE).get('environment-url')).toEqual({
      value,
      origin,
    });
  });
  test('none when neither says one, or without an environment', () => {
    expect(configInputs(config, 'web', 'test', FILE).has('environment-url')).toBe(false);
    expect(configInputs(config, 'api', '', FILE).has('environment-url')).toBe(false);
  });
  test('the deploy reads it as its input; a step’s own value wins', () => {
    const read = (given: Partial<Record<InputName, string>>) =>
      readInputs(
        overlaySource(stepSource({ command: 'deploy', ...given }), configInputs(config, 'api', 'prod', FILE)),
      ).environmentUrl;
    expect(read({})).toBe('https://api.example.com');
    expect(read({ 'environment-url': 'https://other.example.com/' })).toBe('https://other.example.com');
  });
});

describe('what `with` refuses', () => {
  const errorOf = (yaml: string): string => {
    try {
      parseConfig(`version: 1\ncomponents:\n  api:\n    with:\n${yaml}\n`, FILE);
    } catch (error) {
      return (error as Error).message;
    }
    return 'no error';
  };
  test.each([
    [
      '      registry-password: hunter2',
      `${FILE}:5:7: components.api.with.registry-password: a secret does not belong in the config file; pass it to the step from \`secrets\``,
    ],
    [
      '      ssh-key: x',
      `${FILE}:5:7: components.api.with.ssh-key: a secret does not belong in the config file; pass it to the step from \`secrets\``,
    ],
    [
      '      command: deploy',
      `${FILE}:5:7: components.api.with.command: set by the workflow step (or the plan), not the config`,
    ],
    [
      '      environment: prod',
      `${FILE}:5:7: components.api.with.environment: set by the workflow step (or the plan), not the config`,
    ],
    [
      '      helth-path: /health',
      `${FILE}:5:7: components.api.with.helth-path: not an input of berth's action.yml; did you mean "health-path"?`,
    ],
    [
      '      env: {A: b}',
      `${FILE}:5:7: components.api.with.env: a secret does not belong in the config file; pass it to the step from \`secrets\``,
    ],
    [
      '      port: {a: 1}',
      `${FILE}:5:13: components.api.with.port: expected a string, number, boolean or list of strings, got a mapping`,
    ],
    [
      '      port: http',
      `${FILE}:5:13: components.api.with.port: expected a whole number from 1 to 65535, got "http"`,
    ],
    [
      '      strategy: bluegreen',
      `${FILE}:5:17: components.api.with.strategy: expected blue-green, recreate, static or kubernetes, got "bluegreen"; did you mean blue-green?`,
    ],
    [
      '      min-line: [80, 90]',
      `${FILE}:5:17: components.api.with.min-line: expected a percentage from 0 to 100 (e.g. 80 or 72.5), got "80\\n90"`,
    ],
    [
      '      labels: [a, [b]]',
      `${FILE}:5:15: components.api.with.labels: expected a string, number, boolean or list of strings, got a list`,
    ],
  ])('%s', (yaml, message) => {
    expect(errorOf(yaml)).toBe(message);
  });

  test('each problem carries its place, for an annotation on that line', () => {
    try {
      parseConfig(
        'version: 1\ncomponents:\n  api:\n    with:\n      port: http\n      health-path: up\n',
        FILE,
      );
    } catch (error) {
      expect((error as ConfigurationError).locations).toEqual([
        {
          file: FILE,
          line: 5,
          col: 13,
          message: 'components.api.with.port: expected a whole number from 1 to 65535, got "http"',
        },
        {
          file: FILE,
          line: 6,
          col: 20,
          message:
            'components.api.with.health-path: expected a path starting with "/" (e.g. /health), got "up"',
        },
      ]);
      return;
    }
    throw new Error('no error');
  });
});
