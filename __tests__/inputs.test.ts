import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { ConfigurationError } from '../src/errors.js';
import { checkStepInputs, INPUT_DEFAULTS, INPUT_NAMES, readInputs, type InputName } from '../src/inputs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: Record<string, string>;
};

function source(values: Partial<Record<InputName, string>>) {
  const secrets: string[] = [];
  return {
    secrets,
    getInput: (name: InputName) => values[name] ?? '',
    setSecret: (value: string) => secrets.push(value),
  };
}

describe('action.yml and Inputs agree', () => {
  test('the same input names, in the same order', () => {
    expect(INPUT_NAMES).toEqual(Object.keys(action.inputs));
  });

  test('the same defaults (the token default is an expression the runner fills in)', () => {
    for (const name of INPUT_NAMES) {
      const declared = action.inputs[name]?.default ?? '';
      expect([name, name === 'github-token' ? '${{ github.token }}' : INPUT_DEFAULTS[name]]).toEqual([
        name,
        declared,
      ]);
    }
  });

  test('every input and output is documented', () => {
    for (const [name, spec] of [...Object.entries(action.inputs), ...Object.entries(action.outputs)]) {
      expect([name, (spec.description ?? '').length > 20]).toEqual([name, true]);
    }
  });

  // The outputs each command sets are held against the declaration in __tests__/outputs.test.ts.

  test('runs on node24 with a post step that always runs', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/index.js',
      'post-if': 'always()',
    });
  });
});

describe('readInputs', () => {
  test.each([
    ['jacoco', 'jacoco-xml'],
    ['cobertura', 'cobertura-xml'],
    ['clover', 'clover-xml'],
    [' jacoco ', 'jacoco-xml'],
    ['jacoco-xml', 'jacoco-xml'],
    ['', 'auto'],
  ])('coverage-format %j reads as %s (the short names are aliases)', (value, format) => {
    expect(readInputs(source({ command: 'coverage', 'coverage-format': value })).coverageFormat).toBe(format);
  });

  test('basic-auth: the whole value and the password alone are masked; the user name alone is not', () => {
    const s = source({ command: 'deploy', 'basic-auth': ' ops:s3cret-Passw0rd ' });
    expect(readInputs(s).basicAuth).toBe('ops:s3cret-Passw0rd');
    expect([...new Set(s.secrets)]).toEqual(['ops:s3cret-Passw0rd', 's3cret-Passw0rd']);
  });

  test('ssh-key: masked whole and line by line (a line of the key alone must not show)', () => {
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nQyNTUxOQAAACBkZXBsb3k=\n-----END OPENSSH PRIVATE KEY-----';
    const s = source({ command: 'deploy', 'ssh-key': key });
    expect(s.secrets).toEqual([]);
    readInputs(s);
    expect(s.secrets).toEqual(
      expect.arrayContaining([key, 'b3BlbnNzaC1rZXktdjEAAAAA', 'QyNTUxOQAAACBkZXBsb3k=']),
    );
  });

  test("reads, trims and defaults; the token is masked; another command's input is not read", () => {
    const s = source({
      command: ' build ',
      'github-token': 'ghs_abc',
      components: 'backend',
      'registry-password': ' pw ',
      'build-secrets': 'npm_token=npm_xyz\nsentry=abc',
      push: 'false',
    });
    expect(readInputs(s)).toMatchObject({
      command: 'build',
      config: '.github/berth.yml',
      githubToken: 'ghs_abc',
      environment: '',
      // plan's: its default, never read for build.
      components: '',
      component: '',
      image: '',
      context: '',
      file: '',
      target: '',
      buildArgs: '',
      buildSecrets: 'npm_token=npm_xyz\nsentry=abc',
      labels: '',
      tags: '',
      latest: 'default-branch',
      platforms: '',
      cacheFrom: '',
      cacheTo: '',
      noCache: false,
      push: false,
      force: false,
      registryProvider: '',
      registryUsername: '',
      registryPassword: 'pw',
      registryCaCert: '',
      registryInsecure: false,
    });
    // Each value of a KEY=VALUE secret list too, unless too short or common to be one ("abc").
    expect(s.secrets).toEqual(['ghs_abc', 'npm_token=npm_xyz\nsentry=abc', 'npm_xyz', 'pw']);
  });

  test('quality-gate: defaults; the token is masked; the server address loses its trailing slash', () => {
    const s = source({
      command: 'quality-gate',
      'sonar-token': ' squ_0123456789abcdef ',
      'sonar-host-url': 'https://sonar.example.com/sonarqube/',
    });
    expect(readInputs(s)).toMatchObject({
      command: 'quality-gate',
      workingDirectory: '',
      reportTaskFile: '',
      ceTaskId: '',
      sonarHostUrl: 'https://sonar.example.com/sonarqube',
      sonarToken: 'squ_0123456789abcdef',
      sonarCaCert: '',
      timeoutSeconds: 300,
      failOnWarn: false,
    });
    expect(s.secrets).toEqual(['squ_0123456789abcdef']);
  });

  test.each([
    [
      {},
      'command: expected one of plan, build, deploy, rollback, coverage, quality-gate, comment, quality-check, doctor, status, got nothing',
    ],
    [
      { command: 'Plan' },
      'command: expected one of plan, build, deploy, rollback, coverage, quality-gate, comment, quality-check, doctor, status, got "Plan"',
    ],
    [
      { command: 'quality-gate', 'sonar-host-url': 'sonar.example.com' },
      'sonar-host-url: expected the http(s) address of the server, e.g. https://sonar.example.com, got "sonar.example.com"',
    ],
    [
      { command: 'quality-gate', 'sonar-host-url': 'https://admin:hunter2@sonar.example.com' },
      'sonar-host-url: must not hold a user or password; give the token as sonar-token',
    ],
    [
      { command: 'quality-gate', 'ce-task-id': 'https://sonar/api/ce/task?id=AX1' },
      'ce-task-id: expected a SonarQube task id like AYhSC2-LY0CHkWJxvNA9 (ceTaskId in report-task.txt), got "https://sonar/api/ce/task?id=AX1"',
    ],
    [
      { command: 'quality-gate', timeout: '5m' },
      'timeout: expected a whole number from 1 to 21600, got "5m"',
    ],
    [{ command: 'quality-gate', 'fail-on-warn': 'yes' }, 'fail-on-warn: expected true or false, got "yes"'],
    [
      { command: 'coverage', 'min-line': '101' },
      'min-line: expected a percentage from 0 to 100 (e.g. 80 or 72.5), got "101"',
    ],
    [
      { command: 'coverage', 'min-branch': 'high' },
      'min-branch: expected a percentage from 0 to 100 (e.g. 80 or 72.5), got "high"',
    ],
    [
      { command: 'coverage', 'coverage-format': 'xml' },
      'coverage-format: expected auto, jacoco-xml, lcov, cobertura-xml, clover-xml, istanbul-json-summary or istanbul-json (jacoco, cobertura and clover for short), got "xml"',
    ],
    [
      { command: 'coverage', 'coverage-format': 'istanbul' },
      'coverage-format: expected auto, jacoco-xml, lcov, cobertura-xml, clover-xml, istanbul-json-summary or istanbul-json (jacoco, cobertura and clover for short), got "istanbul"',
    ],
    [
      { command: 'coverage', 'coverage-format': 'jacocoxml' },
      'coverage-format: expected auto, jacoco-xml, lcov, cobertura-xml, clover-xml, istanbul-json-summary or istanbul-json (jacoco, cobertura and clover for short), got "jacocoxml"; did you mean jacoco-xml?',
    ],
    [{ command: 'build', push: 'yes' }, 'push: expected true or false, got "yes"'],
    [
      { command: 'deploy', 'bind-address': '127.0.0.1; }' },
      'bind-address: expected an IP address of this host (127.0.0.1, ::1, or 0.0.0.0 for every interface), got "127.0.0.1; }"',
    ],
    [
      { command: 'build', latest: 'main' },
      'latest: expected default-branch, release, true, false or auto, got "main"',
    ],
  ])('%j → %s', (values, message) => {
    expect(() => readInputs(source(values))).toThrow(message);
  });
});

describe('every input error carries its key and kind (never read from the message)', () => {
  const thrown = (run: () => unknown): ConfigurationError => {
    try {
      run();
    } catch (error) {
      if (error instanceof ConfigurationError) return error;
      throw error;
    }
    throw new Error('expected a ConfigurationError');
  };

  test.each<[string, Partial<Record<InputName, string>>, InputName]>([
    ['command', { command: 'deplo' }, 'command'],
    ['a port', { command: 'deploy', port: 'http' }, 'port'],
    ['a choice', { command: 'deploy', strategy: 'bluegreen' }, 'strategy'],
    ['an IP address', { command: 'deploy', 'bind-address': 'localhost' }, 'bind-address'],
    ['a path', { command: 'deploy', 'health-path': 'health' }, 'health-path'],
    ['a whole number', { command: 'deploy', 'health-timeout': '1.5' }, 'health-timeout'],
    ['a boolean', { command: 'build', 'no-cache': 'maybe' }, 'no-cache'],
    ['a percentage', { command: 'coverage', 'min-line': '120' }, 'min-line'],
    ['a task id', { command: 'quality-gate', 'ce-task-id': 'not an id' }, 'ce-task-id'],
    ['an http(s) address', { command: 'quality-gate', 'sonar-host-url': 'ftp://sonar' }, 'sonar-host-url'],
    [
      'an http(s) address with a password',
      { command: 'quality-gate', 'sonar-host-url': 'https://u:p@sonar' },
      'sonar-host-url',
    ],
  ])('%s', (_, values, key) => {
    const error = thrown(() => readInputs(source(values)));
    expect([error.key, error.keys, error.kind]).toEqual([key, [key], 'invalid']);
    expect(error.message.startsWith(`${key}: `)).toBe(true);
  });

  test('a static strategy given to the deploy sub-action: strategy', () => {
    const error = thrown(() => readInputs({ ...source({ strategy: 'static' }), action: 'deploy' }));
    expect([error.keys, error.kind]).toEqual([['strategy'], 'invalid']);
  });

  test('names a step may not give: each one, unexpected', () => {
    const error = thrown(() =>
      checkStepInputs(
        'coverage',
        new Map([
          ['helth-path', '/x'],
          ['port', '8080'],
        ]),
        { prefix: '--' },
      ),
    );
    expect([error.keys, error.kind]).toEqual([['helth-path', 'port'], 'unexpected']);
    expect(error.message.split('\n')).toHaveLength(2);
  });
});
