/** When the deployed commit was made: git in a real repository here, else the push event, else ''. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { commitTime } from '../../src/deploy/commit-time.js';
import { createExec } from '../../src/exec.js';
import { fakeRuntime } from '../helpers/static-runtime.js';

const dir = mkdtempSync(path.join(tmpdir(), 'berth-commit-time-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const git = (...args: string[]): string =>
  execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'a',
      GIT_AUTHOR_EMAIL: 'a@example.com',
      GIT_COMMITTER_NAME: 'a',
      GIT_COMMITTER_EMAIL: 'a@example.com',
      GIT_COMMITTER_DATE: '2026-12-01T08:30:00+09:00',
    },
  }).trim();

test('the committer date of the commit in the workspace’s checkout, as UTC', async () => {
  git('init', '-q');
  writeFileSync(path.join(dir, 'f'), 'x');
  git('add', 'f');
  git('commit', '-qm', 'one');
  const sha = git('rev-parse', 'HEAD');
  const { runtime } = fakeRuntime({ command: 'deploy', environment: 'production' }, dir);
  expect(await commitTime(createExec(runtime), runtime, sha)).toBe('2026-11-30T23:30:00.000Z');
});

test('no such commit here: the push event’s head commit, when it is that commit; else nothing', async () => {
  const event = path.join(dir, 'event.json');
  const sha = 'b'.repeat(40);
  writeFileSync(event, JSON.stringify({ head_commit: { id: sha, timestamp: '2026-12-02T10:00:00+01:00' } }));
  const context = { 'event-name': 'push', 'event-path': event };
  const { runtime } = fakeRuntime({ command: 'deploy', environment: 'production' }, dir, context);
  const exec = createExec(runtime);
  expect(await commitTime(exec, runtime, sha)).toBe('2026-12-02T09:00:00.000Z');
  expect(await commitTime(exec, runtime, 'c'.repeat(40))).toBe('');
  expect(await commitTime(exec, runtime, '--output=/tmp/x')).toBe('');
});
