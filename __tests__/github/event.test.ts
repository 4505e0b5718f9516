import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { ConfigurationError } from '../../src/errors.js';
import {
  baseSha,
  defaultBranch,
  headCommit,
  headRepoDiffers,
  isFromFork,
  labelNames,
  numberAt,
  optionalString,
  parsePayload,
  pullRequestNumber,
  pushedAfter,
  pushedBefore,
  pushedFiles,
  pushedRef,
  readEvent,
  readPullRequestEvent,
  requireNumber,
  requireString,
  stringAt,
  type EventContext,
  type Payload,
} from '../../src/github/event.js';
import {
  AFTER_SHA,
  BEFORE_SHA,
  HEAD_SHA,
  eventContext,
  pullRequestPayload,
  pushPayload,
} from '../helpers/events.js';
import { fakeRuntime } from '../helpers/static-runtime.js';

const dir = mkdtempSync(path.join(tmpdir(), 'berth-event-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function eventFile(name: string, payload: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return file;
}

const pr = (o: Partial<Parameters<typeof pullRequestPayload>[0]> = {}): EventContext =>
  eventContext('pull_request', pullRequestPayload({ action: 'opened', base: 'main', ...o }));
const push = (payload: Payload, sha = ''): EventContext => ({ ...eventContext('push', payload), sha });
const bare = (eventName: string, payload: Payload, sha = ''): EventContext => ({
  eventName,
  ref: 'refs/heads/main',
  sha,
  repository: 'o/r',
  payload,
});
const BASE_SHA = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
const deletedHead = (): EventContext => {
  const event = pr();
  (event.payload.pull_request as Payload & { head: Payload }).head.repo = null;
  return event;
};

describe('accessors of a parsed event', () => {
  test.each<[string, () => unknown, unknown]>([
    ['pull request number', () => pullRequestNumber(pr({ number: 7 })), 7],
    [
      'pull request number on pull_request_review',
      () => pullRequestNumber({ ...pr(), eventName: 'pull_request_review' }),
      2,
    ],
    [
      'no pull request number on push',
      () => pullRequestNumber(push(pushPayload({ branch: 'main' }))),
      undefined,
    ],
    [
      'pull request number not a number',
      () => pullRequestNumber(bare('pull_request', { pull_request: { number: '7' } })),
      undefined,
    ],
    ['labels', () => labelNames(pr({ labels: ['Backend', 'Frontend'] })), ['Backend', 'Frontend']],
    ['labels absent', () => labelNames(bare('pull_request', { pull_request: {} })), []],
    [
      'labels as plain names',
      () => labelNames(bare('pull_request', { pull_request: { labels: ['a'] } })),
      ['a'],
    ],
    ['head commit of a pull request', () => headCommit(pr()), HEAD_SHA],
    [
      'head commit of a push: GITHUB_SHA',
      () => headCommit(push(pushPayload({ branch: 'main' }), 'abc')),
      'abc',
    ],
    [
      'head commit of a push without GITHUB_SHA: after',
      () => headCommit(push(pushPayload({ branch: 'main' }))),
      AFTER_SHA,
    ],
    ['head commit of no payload: GITHUB_SHA', () => headCommit(bare('', {}, 'abc')), 'abc'],
    ['base sha', () => baseSha(pr()), BASE_SHA],
    [
      'base sha not 40 hex',
      () => baseSha(bare('pull_request', { pull_request: { base: { sha: 'f95f852' } } })),
      undefined,
    ],
    ['before', () => pushedBefore(push(pushPayload({ branch: 'main' }))), BEFORE_SHA],
    ['before absent', () => pushedBefore(bare('push', {})), ''],
    [
      'after',
      () => pushedAfter(push(pushPayload({ branch: 'main', after: 'a'.repeat(40) }))),
      'a'.repeat(40),
    ],
    ['after absent: GITHUB_SHA', () => pushedAfter(bare('push', {}, 'abc')), 'abc'],
    ['pushed ref', () => pushedRef(push(pushPayload({ branch: 'release' }))), 'refs/heads/release'],
    ['pushed ref absent: GITHUB_REF', () => pushedRef(bare('push', {})), 'refs/heads/main'],
    [
      'pushed files',
      () => pushedFiles(push(pushPayload({ branch: 'main', files: ['a.ts', 'b.ts'] }))),
      ['a.ts', 'b.ts'],
    ],
    [
      'pushed files not listed (Actions payload)',
      () => pushedFiles(push(pushPayload({ branch: 'main' }))),
      undefined,
    ],
    [
      'pushed files of 20 commits: unknown',
      () => pushedFiles(push(pushPayload({ branch: 'main', files: ['a'], commitCount: 20 }))),
      undefined,
    ],
    ['default branch', () => defaultBranch(pr()), 'master'],
    ['default branch absent', () => defaultBranch(bare('push', {})), ''],
    ['repository', () => pr().repository, 'Codertocat/Hello-World'],
    ['from a fork', () => isFromFork(pr({ fork: true })), true],
    ['not from a fork', () => isFromFork(pr()), false],
    [
      'in a repository that is itself a fork: not from a fork',
      () => isFromFork(pr({ repoIsFork: true })),
      false,
    ],
    ['deleted head repository: from a fork', () => isFromFork(deletedHead()), true],
    ['head repository differs (comment)', () => headRepoDiffers(pr({ fork: true })), true],
    ['head repository the same (comment)', () => headRepoDiffers(pr()), false],
    ['deleted head repository: not a fork for the comment', () => headRepoDiffers(deletedHead()), false],
    ['stringAt wrong type', () => stringAt(bare('push', { a: 1 }), 'a'), ''],
    ['numberAt wrong type', () => numberAt(bare('push', { a: '1' }), 'a'), undefined],
    ['optionalString null', () => optionalString(bare('push', { a: null }), 'a'), undefined],
  ])('%s', (_, read, expected) => {
    expect(read()).toEqual(expected);
  });

  test.each<[string, () => unknown, string]>([
    [
      'a string',
      () => requireString(bare('pull_request', { action: 1 }), 'action'),
      "event-path: the pull_request payload's action should be a string, got 1",
    ],
    [
      'a number',
      () => requireNumber(bare('pull_request', {}), 'pull_request.number'),
      "event-path: the pull_request payload's pull_request.number should be a number, got nothing",
    ],
    [
      'an optional string',
      () => pushedAfter(bare('push', { after: 5 })),
      "event-path: the push payload's after should be a string, got 5",
    ],
    [
      'a list of labels',
      () => labelNames(bare('pull_request', { pull_request: { labels: 'x' } })),
      'event-path: the pull_request payload\'s pull_request.labels should be a list of labels, got "x"',
    ],
    [
      'a label name',
      () => labelNames(bare('pull_request', { pull_request: { labels: [{}] } })),
      "event-path: the pull_request payload's pull_request.labels[0].name should be a string, got nothing",
    ],
    [
      'a head commit',
      () => headCommit(bare('', {})),
      'sha: not set; expected GITHUB_SHA (GitHub Actions sets it) or --sha (berth CLI)',
    ],
  ])('a wrong shape: %s', (_, read, message) => {
    expect(read).toThrow(new ConfigurationError(message));
  });
});

describe('parsePayload', () => {
  test.each([
    ['{', /^event-path: e\.json is not valid JSON \(/],
    ['[1]', /^event-path: e\.json must hold a JSON object \(a webhook payload\)$/],
    ['null', /^event-path: e\.json must hold a JSON object/],
  ])('%s is refused', (text, message) => {
    expect(() => parsePayload(text, 'e.json')).toThrow(message);
  });
});

describe('readEvent: the event file of a run', () => {
  const runtime = (context: Record<string, string>) =>
    fakeRuntime({ command: 'plan' }, dir, {
      sha: 'abc',
      ref: 'refs/heads/main',
      repository: 'o/r',
      ...context,
    }).runtime;

  test('reads the payload and the context', async () => {
    const file = eventFile('push.json', { after: 'x' });
    expect(await readEvent(runtime({ 'event-name': 'push', 'event-path': file }))).toEqual({
      eventName: 'push',
      ref: 'refs/heads/main',
      sha: 'abc',
      repository: 'o/r',
      payload: { after: 'x' },
    });
  });

  test('reads the file once per run: a second read gets the first payload, another run reads it anew', async () => {
    const file = eventFile('once.json', { n: 1 });
    const run = runtime({ 'event-name': 'push', 'event-path': file });
    expect((await readEvent(run)).payload).toEqual({ n: 1 });
    writeFileSync(file, JSON.stringify({ n: 2 }));
    expect((await readEvent(run)).payload).toEqual({ n: 1 });
    expect((await readEvent(run, { optional: true })).payload).toEqual({ n: 1 });
    rmSync(file);
    expect((await readEvent(run)).payload).toEqual({ n: 1 });
    writeFileSync(file, JSON.stringify({ n: 2 }));
    expect((await readEvent(runtime({ 'event-name': 'push', 'event-path': file }))).payload).toEqual({
      n: 2,
    });
  });

  test('a run without an event: the optional reader gives an empty payload', async () => {
    expect(await readEvent(runtime({ 'event-name': '' }), { optional: true })).toEqual({
      eventName: '',
      ref: 'refs/heads/main',
      sha: 'abc',
      repository: 'o/r',
      payload: {},
    });
  });

  test.each<[string, Record<string, string>, boolean]>([
    ['pull_request', { 'event-name': 'pull_request' }, true],
    ['pull_request_target', { 'event-name': 'pull_request_target' }, true],
    ['push', { 'event-name': 'push' }, false],
    ['pull_request without an event file', { 'event-name': 'pull_request', 'event-path': '' }, false],
  ])('readPullRequestEvent on %s: %s', async (_, context, read) => {
    const file = eventFile('pr.json', { pull_request: { number: 3 } });
    const event = await readPullRequestEvent(runtime({ 'event-path': file, ...context }));
    expect(event?.payload).toEqual(read ? { pull_request: { number: 3 } } : undefined);
  });

  const missing = path.join(dir, 'missing.json');
  test.each<[string, Record<string, string>, { optional?: boolean }, string | RegExp]>([
    [
      'no event name',
      { 'event-path': missing },
      {},
      'event-name: not set; expected GITHUB_EVENT_NAME (GitHub Actions sets it) or --event-name (berth CLI)',
    ],
    [
      'no event path',
      { 'event-name': 'push' },
      {},
      'event-path: not set; expected GITHUB_EVENT_PATH (GitHub Actions sets it) or --event-path (berth CLI)',
    ],
    [
      'a missing file',
      { 'event-name': 'push', 'event-path': missing },
      {},
      `event-path: cannot read ${missing} (ENOENT); expected the JSON payload of the event`,
    ],
    [
      'a missing file, optional',
      { 'event-name': 'push', 'event-path': missing },
      { optional: true },
      `event-path: cannot read ${missing} (ENOENT); expected the JSON payload of the event`,
    ],
    [
      'a directory',
      { 'event-name': 'push', 'event-path': dir },
      {},
      `event-path: cannot read ${dir} (EISDIR); expected the JSON payload of the event`,
    ],
    [
      'not JSON',
      { 'event-name': 'push', 'event-path': eventFile('bad.json', 'nope') },
      {},
      /^event-path: .*bad\.json is not valid JSON/,
    ],
  ])('%s: a configuration error', async (_, context, options, message) => {
    const error = await readEvent(runtime(context), options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
  });
});
