/**
 * berth's runner protocol against @actions/core's, side by side: the same calls write the same bytes to
 * stdout and to the runner's files (the files' delimiters are random in both: compared as one name).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { EOL, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import * as core from '@actions/core';
import { createActionRuntime } from '../../src/runtime/action.js';
import {
  keyValueBlock,
  plainLog,
  secretForms,
  workflowCommand,
} from '../../src/runtime/workflow-commands.js';

const MESSAGES = [
  'plain',
  'two\nlines\r\nand % percent',
  'a: colon, a comma',
  '',
  '::error::an injected command stays data',
];

/** What a function writes to process.stdout (where @actions/core writes). */
function stdoutOf(fn: () => void): string {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

function ours(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  return { runtime: createActionRuntime(env, (t) => void out.push(t)), out };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('the same stdout as @actions/core', () => {
  test.each(MESSAGES)('info, debug, setSecret and warning of %j', (message) => {
    const mine = ours();
    mine.runtime.info(message);
    mine.runtime.debug(message);
    mine.runtime.setSecret(message);
    mine.runtime.warning(message);
    mine.runtime.warning(message, { file: 'src/a,b:c.ts', startLine: 3, endLine: 9 });
    mine.runtime.warning(message, { file: 'x.ts', startLine: 0 });
    const theirs = stdoutOf(() => {
      // Where a line of the message would be a command, berth is stricter than core.info (which prints
      // it as it is): the line is neutralised (plainLog, tested below); every other byte is core's.
      if (plainLog(message) === message) core.info(message);
      else process.stdout.write(`${plainLog(message)}${EOL}`);
      core.debug(message);
      core.setSecret(message);
      // berth masks the JSON-escaped form too where it differs (secretForms, tested below).
      for (const form of secretForms(message).slice(1))
        if (!/[\r\n]/.test(form) && !message.split(/\r?\n/).includes(form)) core.setSecret(form);
      core.warning(message);
      core.warning(message, { file: 'src/a,b:c.ts', startLine: 3, endLine: 9 });
      core.warning(message, { file: 'x.ts', startLine: 0 });
    });
    expect(mine.out.join('')).toBe(theirs);
  });

  test.each(['docker build ghcr.io/acme/api', 'a title\n::error::with a line break'])(
    'startGroup and endGroup of %j',
    (title) => {
      const mine = ours();
      mine.runtime.startGroup(title);
      mine.runtime.info('#1 [internal] load build definition');
      mine.runtime.endGroup();
      const theirs = stdoutOf(() => {
        core.startGroup(title);
        core.info('#1 [internal] load build definition');
        core.endGroup();
      });
      expect(mine.out.join('')).toBe(theirs);
    },
  );

  test('setFailed: the error command, and the exit code', () => {
    const mine = ours();
    mine.runtime.setFailed('deploy: failed\nbadly');
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    expect(mine.out.join('')).toBe(stdoutOf(() => core.setFailed('deploy: failed\nbadly')));
    expect(process.exitCode).toBe(1);
  });

  test('a runner without file commands: set-output and save-state on stdout', () => {
    const saved = { out: process.env.GITHUB_OUTPUT, state: process.env.GITHUB_STATE };
    delete process.env.GITHUB_OUTPUT;
    delete process.env.GITHUB_STATE;
    try {
      const mine = ours();
      mine.runtime.setOutput('image-ref', 'repo@sha256:ab,c:d');
      mine.runtime.saveState('deploy-lock', '{"a":1}');
      const theirs = stdoutOf(() => {
        core.setOutput('image-ref', 'repo@sha256:ab,c:d');
        core.saveState('deploy-lock', '{"a":1}');
      });
      expect(mine.out.join('')).toBe(theirs);
    } finally {
      if (saved.out !== undefined) process.env.GITHUB_OUTPUT = saved.out;
      if (saved.state !== undefined) process.env.GITHUB_STATE = saved.state;
    }
  });
});

describe('the same files as @actions/core', () => {
  const delimiters = (text: string): string => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X');

  test.each([
    ['one line', 'repo@sha256:abc'],
    ['several lines', '[{"host":"a"},\n{"host":"b"}]\n'],
    ['empty', ''],
  ])('setOutput and saveState: %s', (_name, value) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-runtime-'));
    const files = (who: string) => {
      const f = { GITHUB_OUTPUT: path.join(dir, `${who}-out`), GITHUB_STATE: path.join(dir, `${who}-state`) };
      for (const file of Object.values(f)) writeFileSync(file, '');
      return f;
    };
    const mineFiles = files('mine');
    const mine = ours(mineFiles);
    mine.runtime.setOutput('x', value);
    mine.runtime.saveState('y', value);
    mine.runtime.markMainRan();
    const theirFiles = files('theirs');
    const saved = { ...process.env };
    Object.assign(process.env, theirFiles);
    try {
      core.setOutput('x', value);
      core.saveState('y', value);
      core.saveState('isPost', 'true');
    } finally {
      process.env.GITHUB_OUTPUT = saved.GITHUB_OUTPUT;
      process.env.GITHUB_STATE = saved.GITHUB_STATE;
      if (saved.GITHUB_OUTPUT === undefined) delete process.env.GITHUB_OUTPUT;
      if (saved.GITHUB_STATE === undefined) delete process.env.GITHUB_STATE;
    }
    for (const key of ['GITHUB_OUTPUT', 'GITHUB_STATE'] as const) {
      expect(delimiters(readFileSync(mineFiles[key], 'utf8'))).toBe(
        delimiters(readFileSync(theirFiles[key], 'utf8')),
      );
    }
  });
});

test('inputs, state and the post step from the environment', () => {
  const { runtime } = ours({
    'INPUT_NGINX-UPSTREAM-FILE': '  /etc/nginx/berth/a.conf \n',
    'STATE_deploy-lock': '{"dir":"/x"}',
    STATE_isPost: 'true',
  });
  expect(runtime.getInput('nginx-upstream-file')).toBe('/etc/nginx/berth/a.conf');
  expect(runtime.getInput('image')).toBe('');
  expect(runtime.getState('deploy-lock')).toBe('{"dir":"/x"}');
  expect(runtime.isPost()).toBe(true);
  expect(ours({}).runtime.isPost()).toBe(false);
});

test('the summary is appended to GITHUB_STEP_SUMMARY; without one it goes to the log', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'berth-summary-')), 'summary');
  writeFileSync(file, '# before\n');
  await ours({ GITHUB_STEP_SUMMARY: file }).runtime.appendSummary('| a | b |');
  expect(readFileSync(file, 'utf8')).toBe('# before\n| a | b |\n');
  const log = ours({});
  await log.runtime.appendSummary('| a | b |');
  expect(log.out).toEqual(['| a | b |\n']);
});

test('a value holding its own delimiter is refused, not written', () => {
  expect(() => keyValueBlock('x', 'a ghadelimiter_1 b', 'ghadelimiter_1')).toThrow(
    'the output "x" contains its own delimiter',
  );
  expect(
    workflowCommand('warning', 'x', [
      ['file', 'a.ts'],
      ['line', 0],
      ['title', ''],
    ]),
  ).toBe('::warning file=a.ts::x');
});

describe('values in log lines never start a workflow command', () => {
  // A target, a directory name in a coverage path or a SonarQube projectKey holding a line break.
  const hostile =
    'shop\n::add-mask::ghp_visible\n  ::set-output name=deploy::true\n##[set-output name=x;]y\n::warning::fake';

  test.each(['info', 'summary outside a runner'] as const)(
    '%s: every such line is neutralised, the text kept',
    async (how) => {
      const { runtime, out } = ours({});
      if (how === 'info') runtime.info(`deploying ${hostile}`);
      else await runtime.appendSummary(`### ${hostile}`);
      const lines = out.join('').split('\n');
      // The runner reads a command where a trimmed line starts with :: or ##[ — none does.
      expect(lines.filter((l) => /^(::|##\[)/.test(l.trim()))).toEqual([]);
      expect(out.join('').replace(/\u200b/g, '')).toContain(hostile);
    },
  );

  test("berth's own commands are untouched; a warning's line breaks are escaped by the command", () => {
    const { runtime, out } = ours({});
    runtime.setSecret('s3cret');
    runtime.warning(`a ${hostile}`);
    expect(out[0]).toBe(`::add-mask::s3cret${EOL}`);
    expect(out[1]?.split('\n').filter(Boolean)).toHaveLength(1);
  });

  test('text that only mentions :: mid-line or an IPv6 address stays byte for byte', () => {
    const { runtime, out } = ours({});
    runtime.info('bind-address :: (all addresses), [::1]:8080\na::b');
    expect(out.join('')).toBe(`bind-address :: (all addresses), [::1]:8080\na::b${EOL}`);
  });
});

test.each([
  ['a plain secret', 'pa55word', ['pa55word']],
  ['quotes and a backslash', 'p"a\\ss', ['p"a\\ss', 'p\\"a\\\\ss']],
  ['a control character', 'pa\u0001ss', ['pa\u0001ss', 'pa\\u0001ss']],
  [
    'a private key',
    'line-one-aaaa\nline-two-bbbb\n',
    ['line-one-aaaa\nline-two-bbbb\n', 'line-one-aaaa\\nline-two-bbbb\\n', 'line-one-aaaa', 'line-two-bbbb'],
  ],
  ['blank', '  ', []],
])('secretForms: %s', (_what, secret, forms) => {
  expect(secretForms(secret)).toEqual(forms);
});
