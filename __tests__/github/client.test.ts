import { afterEach, describe, expect, test } from '@jest/globals';
import { createGitHubApi } from '../../src/github/client.js';
import { MERGE_SHA, pullRequestPayload } from '../helpers/events.js';
import { HttpStub, restFile } from '../helpers/http-stub.js';

const REPO = 'Codertocat/Hello-World';
let stub: HttpStub | undefined;
afterEach(async () => stub?.stop());

/** A pull request as REST returns it: the webhook's pull_request object has the same shape. */
function restPull(labels: string[], merged: boolean): Record<string, unknown> {
  const payload = pullRequestPayload({ action: 'closed', base: 'develop', labels, merged });
  return payload.pull_request as Record<string, unknown>;
}

describe('createGitHubApi against a loopback GITHUB_API_URL', () => {
  test('pullRequestsForCommit: path, token, and REST bodies mapped', async () => {
    stub = await new HttpStub({
      [`GET /repos/${REPO}/commits/${MERGE_SHA}/pulls`]: { body: [restPull(['Backend', 'Frontend'], true)] },
    }).start();
    const api = createGitHubApi({ token: 'ghs_secret', apiUrl: stub.url, repository: REPO });
    expect(await api.pullRequestsForCommit(MERGE_SHA)).toEqual([
      {
        number: 2,
        state: 'closed',
        mergedAt: '2019-05-15T15:21:00Z',
        mergeCommitSha: MERGE_SHA,
        baseRef: 'develop',
        labels: ['Backend', 'Frontend'],
      },
    ]);
    expect(stub.requests).toEqual([
      {
        method: 'GET',
        path: `/repos/${REPO}/commits/${MERGE_SHA}/pulls?per_page=100`,
        authorization: 'token ghs_secret',
      },
    ]);
  });

  test('pullRequestFiles follows Link pagination and counts renamed files under both names', async () => {
    const route = `/repos/${REPO}/pulls/2/files`;
    stub = await new HttpStub({
      [`GET ${route}`]: (url) =>
        url.searchParams.get('page') === '2'
          ? { body: [restFile('frontend/b.ts', { status: 'renamed', previous_filename: 'backend/b.ts' })] }
          : {
              body: [restFile('frontend/a.ts')],
              headers: { link: `<${stub?.url}${route}?per_page=100&page=2>; rel="next"` },
            },
    }).start();
    const api = createGitHubApi({ token: 't', apiUrl: stub.url, repository: REPO });
    expect(await api.pullRequestFiles(2)).toEqual({
      files: ['frontend/a.ts', 'frontend/b.ts', 'backend/b.ts'],
      truncated: false,
    });
    expect(stub.requests.map((r) => r.path)).toEqual([
      `${route}?per_page=100`,
      `${route}?per_page=100&page=2`,
    ]);
  });

  test('compareFiles asks base...head and flags a 300-file (capped) answer', async () => {
    const files = Array.from({ length: 300 }, (_, i) => restFile(`src/f${i}.ts`));
    stub = await new HttpStub({
      [`GET /repos/${REPO}/compare/aaa...bbb`]: {
        body: { status: 'ahead', ahead_by: 1, total_commits: 1, commits: [], files },
      },
    }).start();
    const api = createGitHubApi({ token: 't', apiUrl: stub.url, repository: REPO });
    const result = await api.compareFiles('aaa', 'bbb');
    expect(result.files).toHaveLength(300);
    expect(result.truncated).toBe(true);
  });

  test.each([
    [
      401,
      'github-token: rejected by GitHub API GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls at URL (401 Bad credentials',
    ],
    [
      403,
      'github-token: GitHub API GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls at URL answered 403 (Resource not accessible by integration',
    ],
  ])('a %d says what to fix and never shows the token', async (status, start) => {
    const message = status === 401 ? 'Bad credentials' : 'Resource not accessible by integration';
    stub = await new HttpStub({
      [`GET /repos/${REPO}/commits/abc/pulls`]: {
        status,
        body: { message, documentation_url: 'https://docs.github.com/rest' },
      },
    }).start();
    const api = createGitHubApi({ token: 'ghs_verysecret', apiUrl: stub.url, repository: REPO });
    const error = await api.pullRequestsForCommit('abc').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message.startsWith(start.replace('URL', stub.url))).toBe(true);
    expect(error?.message).not.toContain('ghs_verysecret');
  });

  test('an empty token is a configuration error naming the input, and nothing is sent', async () => {
    stub = await new HttpStub({}).start();
    const api = createGitHubApi({ token: '', apiUrl: stub.url, repository: REPO });
    await expect(api.pullRequestFiles(1)).rejects.toThrow(
      /^github-token: empty, but plan needs the GitHub API here/,
    );
    expect(stub.requests).toEqual([]);
  });

  test('a malformed repository is named', async () => {
    const api = createGitHubApi({ token: 't', apiUrl: 'http://127.0.0.1:9', repository: 'not a repo' });
    await expect(api.pullRequestFiles(1)).rejects.toThrow(
      'repository: expected "owner/name" (GITHUB_REPOSITORY, or --repository for the CLI), got "not a repo"',
    );
  });
});
