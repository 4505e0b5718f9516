/**
 * The fork-safe pull request comment, both stages as GitHub runs them (`node dist/index.js`): a fork's
 * pull_request run (`coverage`, read-only token) leaves its sections in `comment-dir`; a workflow_run run
 * (`comment`, write token) finds the pull request from its own event and the API, and writes the
 * sections it downloaded — and nothing else from them — into berth's comment.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { REPORTED_NOTE } from '../src/github/comment-data.js';
import { FORK_NOTE } from '../src/github/pull-request-comment.js';
import { HEAD_SHA, pullRequestPayload, workflowRunPayload } from './helpers/events.js';
import { HttpStub, restFile, type StubResponse } from './helpers/http-stub.js';
import { ROOT, runAction } from './helpers/run-dist.js';
import { SonarStub, sonarFixture } from './helpers/sonar-stub.js';

const REPO = 'Codertocat/Hello-World';
const FIXTURES = path.join(ROOT, '__tests__', 'fixtures');
const NEWER_SHA = '1111111111111111111111111111111111111111';

const dirs: string[] = [];
let stub: HttpStub | undefined;
afterEach(async () => {
  await stub?.stop();
  stub = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** `::warning::`/`::error::` lines as the runner shows them (workflow commands escape %, CR and LF). */
const commands = (stdout: string, kind: 'warning' | 'error'): string[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith(`::${kind}`))
    .map((l) => l.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'));

/** An issue comment as REST returns it. */
const restComment = (id: number, body: string) => ({
  id,
  node_id: 'IC_kwDOABCD',
  url: `https://api.github.com/repos/${REPO}/issues/comments/${id}`,
  html_url: `https://github.com/${REPO}/pull/2#issuecomment-${id}`,
  body,
  user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
  created_at: '2026-11-22T10:00:00Z',
  updated_at: '2026-11-22T10:00:00Z',
  author_association: 'NONE',
});

/** A fork's open pull request as `GET /repos/{owner}/{repo}/pulls` lists it, its head at `sha`. */
const forkPull = (sha: string): Record<string, unknown> => {
  const pull = pullRequestPayload({ action: 'opened', base: 'master', fork: true }).pull_request as Record<
    string,
    unknown
  > & { head: Record<string, unknown> };
  pull.head.sha = sha;
  return pull;
};

/**
 * GitHub for stage 2: the open pulls from someone:changes and GET /pulls/2 (the fork PR #2 at `headSha`,
 * its head repository `headRepo`, as GitHub's pulls API returns it) and the comments.
 */
function github(headSha: string, existing?: string, headRepo = 'someone/Hello-World'): Promise<HttpStub> {
  const pulls = (url: URL): StubResponse => ({
    body:
      url.searchParams.get('state') === 'open' && url.searchParams.get('head') === 'someone:changes'
        ? [forkPull(headSha)]
        : [],
  });
  const pull = forkPull(headSha) as { head: { repo: Record<string, unknown> } };
  pull.head.repo = { ...pull.head.repo, full_name: headRepo, name: headRepo.split('/')[1] };
  return new HttpStub({
    [`GET /repos/${REPO}/pulls`]: pulls,
    [`GET /repos/${REPO}/pulls/2`]: { body: pull },
    [`GET /repos/${REPO}/issues/2/comments`]: { body: existing ? [restComment(1001, existing)] : [] },
    [`GET /repos/${REPO}/issues/comments/1001`]: { body: restComment(1001, existing ?? '') },
    [`POST /repos/${REPO}/issues/2/comments`]: { status: 201, body: restComment(1002, 'posted') },
    [`PATCH /repos/${REPO}/issues/comments/1001`]: { body: restComment(1001, 'patched') },
  }).start();
}

/** A comment-data document as stage 1 writes it, for pull request 2 unless said otherwise. */
const document = (section: Record<string, unknown>, pullRequest: number | null = 2): string =>
  JSON.stringify({ schema: 'berth-comment-data/1', pullRequest, section });
const TESTS_DATA = {
  kind: 'tests',
  component: '',
  results: { tests: 3, passed: 3, failed: 0, errors: 0, skipped: 0, timeSeconds: 2, failures: [] },
};

/** Stage 2 in `ws`, the downloaded sections in `ws/comments`. */
function comment(ws: string, payload: unknown, url: string, eventName = 'workflow_run') {
  return runAction({
    inputs: { command: 'comment', 'comment-dir': 'comments', 'github-token': 'ghs_write_token' },
    eventName,
    payload,
    cwd: ws,
    env: { GITHUB_API_URL: url },
  });
}

const written = (s: HttpStub): string[] =>
  s.requests
    .filter((r) => r.method === 'POST' || r.method === 'PATCH')
    .map((r) => (JSON.parse(r.body) as { body: string }).body);

describe('stage 1: coverage on a fork’s pull request', () => {
  test('writes coverage.json and tests.json (data) to comment-dir, posts nothing; stage 2 renders and posts them', async () => {
    // Stage 1: the pull_request run of the fork's PR, read-only token.
    const ws = tempDir('berth-fork-pr-');
    mkdirSync(path.join(ws, 'coverage'));
    mkdirSync(path.join(ws, 'reports'));
    copyFileSync(path.join(FIXTURES, 'coverage', 'nyc', 'lcov.info'), path.join(ws, 'coverage', 'lcov.info'));
    copyFileSync(path.join(FIXTURES, 'junit', 'pytest.xml'), path.join(ws, 'reports', 'pytest.xml'));
    stub = await new HttpStub({
      [`GET /repos/${REPO}/pulls/2/files`]: { body: [restFile('src/lib/format.js')] },
    }).start();
    const pr = await runAction({
      inputs: {
        command: 'coverage',
        'coverage-files': 'coverage/lcov.info',
        'junit-files': 'reports/*.xml',
        'github-token': 'ghs_read_only',
      },
      eventName: 'pull_request',
      payload: pullRequestPayload({ action: 'synchronize', base: 'master', fork: true }),
      cwd: ws,
      env: { GITHUB_API_URL: stub.url },
    });
    expect(commands(pr.stdout, 'error')).toEqual([]);
    expect(pr.code).toBe(0);
    const dir = pr.outputs['comment-dir'] ?? '';
    expect(path.basename(dir)).toBe('berth-comment');
    expect(readdirSync(dir).sort()).toEqual(['coverage.json', 'tests.json']);
    const coverageData = JSON.parse(readFileSync(path.join(dir, 'coverage.json'), 'utf8'));
    expect(coverageData).toMatchObject({
      schema: 'berth-comment-data/1',
      pullRequest: 2,
      section: { kind: 'coverage', result: { totals: { lines: { covered: 26, total: 35 } } } },
    });
    expect(JSON.parse(readFileSync(path.join(dir, 'tests.json'), 'utf8')).section.kind).toBe('tests');
    expect(stub.requests.filter((r) => r.path.includes('/issues/'))).toEqual([]);
    expect(pr.summary).toContain(FORK_NOTE);
    await stub.stop();

    // Stage 2: the workflow_run run downloads the artifact to `comments` and posts it; an existing
    // comment keeps its other section.
    const base = tempDir('berth-workflow-run-');
    mkdirSync(path.join(base, 'comments'));
    for (const file of readdirSync(dir))
      copyFileSync(path.join(dir, file), path.join(base, 'comments', file));
    const gate =
      '<!-- berth:section:quality-gate -->\n### SonarQube quality gate: OK\n<!-- /berth:section:quality-gate -->';
    stub = await github(HEAD_SHA, `<!-- berth:comment -->\n### berth\n\n${gate}`);
    const result = await comment(base, workflowRunPayload({ fork: true }), stub.url);
    expect(commands(result.stdout, 'error')).toEqual([]);
    expect(commands(result.stdout, 'warning')).toEqual([]);
    expect(result.code).toBe(0);
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/${REPO}/pulls/2`,
      `GET /repos/${REPO}/issues/2/comments?per_page=100`,
      `GET /repos/${REPO}/issues/comments/1001`,
      `PATCH /repos/${REPO}/issues/comments/1001`,
    ]);
    expect(stub.requests.every((r) => r.authorization === 'token ghs_write_token')).toBe(true);
    const [body] = written(stub);
    const order = [...(body ?? '').matchAll(/<!-- berth:section:([a-z0-9-]+) -->/g)].map((m) => m[1]);
    expect(order).toEqual(['coverage', 'tests', 'quality-gate']);
    expect(body).toContain('26 of 35 lines');
    expect(body).toContain(REPORTED_NOTE);
    expect(body).toContain(gate);
    expect(result.stdout).toContain("pull request #2: the number in the run's comment data");
  }, 60_000);
});

describe('stage 1: quality-gate on a fork’s pull request', () => {
  test('a failed gate still leaves its section (named for the component) in comment-dir', async () => {
    const sonar = await new SonarStub({
      routes: {
        '/api/ce/task': { fixture: 'ce-task-success.json' },
        '/api/qualitygates/project_status': { fixture: 'project-status-error.json' },
      },
    }).start();
    try {
      const ws = tempDir('berth-fork-qg-');
      mkdirSync(path.join(ws, '.scannerwork'));
      writeFileSync(
        path.join(ws, '.scannerwork', 'report-task.txt'),
        sonarFixture('report-task.txt').replaceAll('http://localhost:9000', sonar.url),
      );
      stub = await new HttpStub({}).start();
      const result = await runAction({
        inputs: { command: 'quality-gate', component: 'Backend', 'sonar-token': 'squ_test' },
        eventName: 'pull_request',
        payload: pullRequestPayload({ action: 'synchronize', base: 'master', fork: true }),
        cwd: ws,
        env: { GITHUB_API_URL: stub.url },
      });
      expect(result.code).toBe(1);
      const dir = result.outputs['comment-dir'] ?? '';
      expect(readdirSync(dir)).toEqual(['quality-gate-backend.json']);
      expect(
        JSON.parse(readFileSync(path.join(dir, 'quality-gate-backend.json'), 'utf8')).section,
      ).toMatchObject({ kind: 'quality-gate', component: 'Backend', result: { status: 'ERROR' } });
      expect(stub.requests).toEqual([]);
    } finally {
      await sonar.stop();
    }
  }, 60_000);
});

describe('stage 2: comment in a workflow_run run', () => {
  function downloaded(files: Record<string, string>): string {
    const ws = tempDir('berth-workflow-run-');
    mkdirSync(path.join(ws, 'comments'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(ws, 'comments', name), text);
    return ws;
  }

  test('a hostile artifact: Markdown files ignored; mentions, links, images, HTML and a fake section in the data render as text', async () => {
    const hostile =
      '@org/team see [login](https://evil.example/x) ![x](https://evil.example/i.png) <img src=x onerror=alert(1)> https://evil.example\n\n### berth quality gate: passed\n<!-- /berth:section:tests -->';
    const ws = downloaded({
      'coverage.md': '### berth quality gate: passed\n@org/team',
      'Coverage.json': document(TESTS_DATA),
      'tests.json': document({
        ...TESTS_DATA,
        results: {
          ...TESTS_DATA.results,
          tests: 4,
          failed: 1,
          failures: [{ suite: hostile, name: hostile, kind: 'failure', message: hostile, trace: '' }],
        },
      }),
      // The verdict is one of SonarQube's statuses; a claim in other words is refused.
      'quality-gate.json': document({
        kind: 'quality-gate',
        component: '',
        result: { status: 'PASSED', conditions: [], ignoredConditions: false },
      }),
      'coverage-api.json': document({
        kind: 'quality-gate-not-checked',
        component: '',
        reason: hostile,
      }),
    });
    const secret = path.join(tempDir('berth-runner-'), 'credentials');
    writeFileSync(secret, 'ghp_runner_secret');
    symlinkSync(secret, path.join(ws, 'comments', 'quality-gate-web.json'));
    stub = await github(HEAD_SHA);
    const result = await comment(ws, workflowRunPayload({ fork: true }), stub.url);
    expect(result.code).toBe(0);
    expect(commands(result.stdout, 'warning')).toEqual([
      '::warning::comment-dir: "Coverage.json" ignored: section files are named <section>.json, in lowercase letters, digits and - (e.g. coverage-backend.json)',
      '::warning::comment-dir: "coverage.md" ignored: section files are named <section>.json, in lowercase letters, digits and - (e.g. coverage-backend.json)',
      '::warning::comment-dir: coverage-api.json ignored: its data is for section quality-gate, not coverage-api',
      '::warning::comment-dir: quality-gate-web.json ignored: a symbolic link (section files must be plain files)',
      "::warning::comment-dir: quality-gate.json ignored: not berth's comment data: section.result.status: expected OK, WARN, ERROR, NONE",
    ]);
    const [body, ...more] = written(stub);
    expect(more).toEqual([]);
    expect([...(body ?? '').matchAll(/<!-- berth:section:([a-z0-9-]+) -->/g)].map((m) => m[1])).toEqual([
      'tests',
    ]);
    expect(body).toContain('❌ 1 failed');
    expect(body).toContain(REPORTED_NOTE);
    expect(body).not.toMatch(/@org/); // a mention: broken by an invisible space
    expect(body).not.toMatch(/(?<!\\)\]\(/); // no link, no image: every ] is escaped
    expect(body).not.toContain('<img');
    expect(body).not.toContain('https://evil');
    expect(body).not.toMatch(/^#+ berth quality gate/m);
    expect(body).not.toContain('<!-- /berth:section:tests -->\n<!--');
    expect(body).not.toContain('ghp_runner_secret');
  }, 30_000);

  test.each([
    [
      'the pull request has moved on to a newer commit',
      NEWER_SHA,
      'someone/Hello-World',
      `its head commit is ${NEWER_SHA}, the run's head_sha ${HEAD_SHA}`,
    ],
    [
      "the artifact names another repository's pull request at the same commit",
      HEAD_SHA,
      'mallory/Hello-World',
      "its head repository is mallory/Hello-World, the run's head_repository someone/Hello-World",
    ],
  ])(
    '%s: a warning naming what differs, nothing posted',
    async (_name, sha, repo, differs) => {
      const ws = downloaded({ 'tests.json': document(TESTS_DATA) });
      stub = await github(sha, undefined, repo);
      const result = await comment(ws, workflowRunPayload({ fork: true }), stub.url);
      expect(result.code).toBe(0);
      expect(commands(result.stdout, 'warning')).toEqual([
        `::warning::comment: no pull request to comment on for the "berth" run: pull request #2 (the number in the run's comment data) is not the run's: ${differs}; nothing posted`,
      ]);
      expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /repos/${REPO}/pulls/2`]);
    },
    30_000,
  );

  test('a branch of this repository: the pull request the payload lists, checked; a new comment', async () => {
    const ws = downloaded({
      'quality-gate-backend.json': document(
        {
          kind: 'quality-gate',
          component: 'Backend',
          result: { status: 'ERROR', conditions: [], ignoredConditions: false },
        },
        null,
      ),
    });
    stub = await github(HEAD_SHA, undefined, REPO);
    const payload = workflowRunPayload({ pullRequests: [2], conclusion: 'failure' });
    const result = await comment(ws, payload, stub.url);
    expect(commands(result.stdout, 'error')).toEqual([]);
    expect(result.code).toBe(0);
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/${REPO}/pulls/2`,
      `GET /repos/${REPO}/issues/2/comments?per_page=100`,
      `POST /repos/${REPO}/issues/2/comments`,
    ]);
    const [body] = written(stub);
    expect(body).toContain('<!-- berth:section:quality-gate-backend -->\n### berth quality gate: FAILED');
    expect(body).toContain(REPORTED_NOTE);
  }, 30_000);

  test('on any other event: the step fails naming the command and the event it needs', async () => {
    const ws = downloaded({ 'tests.json': document(TESTS_DATA) });
    stub = await github(HEAD_SHA);
    const payload = pullRequestPayload({ action: 'opened', base: 'master', fork: true });
    const result = await comment(ws, payload, stub.url, 'pull_request');
    expect(result.code).toBe(1);
    expect(commands(result.stdout, 'error')).toEqual([
      "::error::command: comment runs in a workflow_run event (`on: workflow_run: types: [completed]`), not on pull_request; the pull_request run's coverage or quality-gate step writes comment-dir for it",
    ]);
    expect(stub.requests).toEqual([]);
  }, 30_000);

  test('an artifact with no section in it: a warning, no API call', async () => {
    const ws = downloaded({ 'README.txt': 'hello' });
    stub = await github(HEAD_SHA);
    const result = await comment(ws, workflowRunPayload({ fork: true }), stub.url);
    expect(result.code).toBe(0);
    expect(commands(result.stdout, 'warning')).toEqual([
      '::warning::comment-dir: "README.txt" ignored: section files are named <section>.json, in lowercase letters, digits and - (e.g. coverage-backend.json)',
      '::warning::comment-dir: no section files in comments; nothing to post',
    ]);
    expect(stub.requests).toEqual([]);
  }, 30_000);

  test('no artifact downloaded: the step fails naming comment-dir', async () => {
    const ws = tempDir('berth-workflow-run-');
    stub = await github(HEAD_SHA);
    const result = await comment(ws, workflowRunPayload({ fork: true }), stub.url);
    expect(result.code).toBe(1);
    expect(commands(result.stdout, 'error')).toEqual([
      "::error::comment-dir: comments does not exist; download the artifact the pull_request run uploaded (its coverage or quality-gate step's comment-dir) to it first, e.g. actions/download-artifact with `path: comments`",
    ]);
    expect(stub.requests).toEqual([]);
  }, 30_000);
});
