import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { createCliRuntime, parseCliArgs } from '../../src/runtime/cli.js';

describe('parseCliArgs', () => {
  test.each<[string[], Record<string, string>]>([
    [['plan'], { command: 'plan' }],
    [
      [
        'plan',
        '--config',
        'c.yml',
        '--event-name',
        'push',
        '--event-path=p.json',
        '--ref',
        'refs/heads/release',
      ],
      {
        command: 'plan',
        config: 'c.yml',
        'event-name': 'push',
        'event-path': 'p.json',
        ref: 'refs/heads/release',
      },
    ],
    [
      ['--command', 'plan', '--environment', 'test', '--components', 'a,b'],
      { command: 'plan', environment: 'test', components: 'a,b' },
    ],
    [
      ['plan', '--sha', 'abc', '--repository', 'o/r', '--api-url', 'http://x'],
      { command: 'plan', sha: 'abc', repository: 'o/r', 'api-url': 'http://x' },
    ],
    // A boolean input given bare reads as true (`berth doctor --github`); with a value, as given.
    [['doctor', '--github'], { command: 'doctor', github: 'true' }],
    [['doctor', '--github', '--repository', 'o/r'], { command: 'doctor', github: 'true', repository: 'o/r' }],
    [['doctor', '--github', 'false'], { command: 'doctor', github: 'false' }],
    [['doctor', '--github=true'], { command: 'doctor', github: 'true' }],
  ])('%j', (argv, expected) => {
    expect(Object.fromEntries(parseCliArgs(argv) ?? [])).toEqual(expected);
  });

  test('--help', () => {
    expect(parseCliArgs(['--help'])).toBeUndefined();
    expect(parseCliArgs(['plan', '-h'])).toBeUndefined();
  });

  test.each([
    [['plan', '--confg', 'x'], /^unknown flag --confg; did you mean --config\?\n\nUsage: berth/],
    [['plan', '--bogus', 'x'], /^unknown flag --bogus\n\nUsage: berth/],
    [['plan', 'build'], /^expected one command, got "plan" "build"/],
    [['plan', '--command', 'build'], /^command: given twice, as "plan" and --command "build"/],
    [
      ['plan', '--github-token', 'ghp_x'],
      /^github-token: not accepted as a flag.*set the GITHUB_TOKEN environment variable instead$/,
    ],
    [
      ['deploy', '--ssh-key', 'x'],
      /^ssh-key: not accepted as a flag.*set the BERTH_SSH_KEY environment variable instead$/,
    ],
    [
      ['deploy', '--registry-password', 'x'],
      /^registry-password: not accepted as a flag.*set the BERTH_REGISTRY_PASSWORD environment variable instead$/,
    ],
  ])('%j is refused', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('createCliRuntime', () => {
  function runtime(flags: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const rt = createCliRuntime(
      new Map(Object.entries(flags)),
      { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
      env,
      '/repo',
    );
    return { rt, out, err };
  }

  test('without RUNNER_TEMP the temp dir is a fresh 0700 directory of this run (no fixed name in a shared /tmp)', () => {
    const a = runtime({}).rt.tempDir;
    const b = runtime({}).rt.tempDir;
    try {
      expect(a).not.toBe(b);
      for (const dir of [a, b]) {
        expect(path.dirname(dir)).toBe(tmpdir());
        expect(path.basename(dir)).toMatch(/^berth-run-/);
        expect(statSync(dir).mode & 0o777).toBe(0o700);
      }
      const rt = runtime({}).rt;
      expect(rt.tempDir).toBe(rt.tempDir); // one per run
      rmSync(rt.tempDir, { recursive: true });
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
    expect(runtime({}, { RUNNER_TEMP: '/runner/_temp' }).rt.tempDir).toBe('/runner/_temp');
  });

  test('the log on stderr never starts a workflow command (a CLI step on a GitHub runner)', async () => {
    const { rt, err, out } = runtime({});
    rt.info('target web\n::add-mask::visible\n ##[set-output name=a;]b');
    await rt.appendSummary('## x\n::error::fake gate failure');
    for (const line of [...err, ...out].join('').split('\n')) expect(line.trim()).not.toMatch(/^(::|##\[)/);
    expect(err.join('')).toContain('add-mask::visible');
  });

  test('the masker hides the escaped forms of a secret too (an env line quoted with JSON.stringify)', () => {
    const { rt, err } = runtime({});
    const secret = 'pa"ss\\word\nsecond-line';
    rt.setSecret(secret);
    rt.info(`env: ${JSON.stringify(`DB_PASSWORD=${secret}`)} is not NAME=value`);
    rt.info(secret);
    const text = err.join('');
    for (const part of ['pa"ss', 'pa\\"ss', 'second-line']) expect(text).not.toContain(part);
  });

  test('outputs are name=value lines; multi-line values use a delimiter', () => {
    const { rt, out } = runtime({});
    rt.setOutput('deploy', 'true');
    rt.setOutput('notes', 'a\nb');
    expect(out[0]).toBe('deploy=true\n');
    expect(out[1]).toMatch(/^notes<<(ghadelimiter_[0-9a-f-]{36})\na\nb\n\1\n$/);
  });

  test('flags win over GITHUB_* variables, which fill the rest; the token comes from GITHUB_TOKEN only', () => {
    const { rt } = runtime(
      { ref: 'refs/heads/test' },
      { GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push', GITHUB_TOKEN: 'tok' },
    );
    expect(rt.getContext('ref')).toBe('refs/heads/test');
    expect(rt.getContext('event-name')).toBe('push');
    expect(rt.getContext('sha')).toBe('');
    expect(rt.getInput('github-token')).toBe('tok');
    expect(rt.workspace).toBe('/repo');
  });

  test('secret inputs come from BERTH_* variables, never from flags', () => {
    const { rt } = runtime(
      { 'registry-password': 'from-a-flag' },
      { BERTH_REGISTRY_PASSWORD: 'pw', BERTH_SSH_KEY: 'key', BERTH_BASIC_AUTH: 'u:p', BERTH_ENV: 'A=1' },
    );
    expect(['registry-password', 'ssh-key', 'basic-auth', 'env'].map((n) => rt.getInput(n as never))).toEqual(
      ['pw', 'key', 'u:p', 'A=1'],
    );
  });

  test('secrets are masked in logs and outputs; failure sets the exit code', () => {
    const { rt, out, err } = runtime({});
    rt.setSecret('hunter2');
    rt.info('token is hunter2');
    rt.setOutput('x', 'hunter2!');
    rt.setFailed('bad hunter2');
    expect(err).toEqual(['token is ***\n', 'error: bad ***\n']);
    expect(out).toEqual(['x=***!\n']);
    expect(rt.exitCode()).toBe(1);
  });

  test('a group is a plain header line; its end says nothing', () => {
    const { rt, err, out } = runtime({});
    rt.startGroup('docker pull app:1\n::error::x');
    rt.endGroup();
    expect(err).toEqual(['── docker pull app:1\n:\u200b:error::x\n']);
    expect(out).toEqual([]);
  });

  test('logs go to stderr, debug only with RUNNER_DEBUG or BERTH_DEBUG', () => {
    const quiet = runtime({});
    quiet.rt.debug('hidden');
    quiet.rt.warning('careful');
    expect(quiet.err).toEqual(['warning: careful\n']);
    expect(quiet.out).toEqual([]);
    const loud = runtime({}, { BERTH_DEBUG: '1' });
    loud.rt.debug('shown');
    expect(loud.err).toEqual(['debug: shown\n']);
  });
});
