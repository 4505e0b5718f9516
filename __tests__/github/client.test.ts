import { afterEach, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutageError } from '../../src/errors.js';
import { createGitHubApi } from '../../src/github/client.js';
import { HEAD_SHA, MERGE_SHA, pullRequestPayload } from '../helpers/events.js';
import { HttpStub, restEnvironment, restFile, restReviewer } from '../helpers/http-stub.js';

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
        body: '',
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
      // Each file's hunks, for changed-lines coverage when the checkout has no history.
      patches: [
        { file: 'frontend/a.ts', patch: '@@ -1 +1 @@\n-a\n+b' },
        { file: 'frontend/b.ts', patch: '@@ -1 +1 @@\n-a\n+b' },
      ],
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

/** An issue comment as REST returns it (GET/POST/PATCH .../issues/.../comments). */
function restComment(id: number, body: string, login = 'github-actions[bot]'): Record<string, unknown> {
  return {
    id,
    node_id: 'IC_kwDOABCD5M5' + String(id),
    url: `https://api.github.com/repos/${REPO}/issues/comments/${id}`,
    html_url: `https://github.com/${REPO}/pull/2#issuecomment-${id}`,
    issue_url: `https://api.github.com/repos/${REPO}/issues/2`,
    body,
    user: {
      login,
      id: 41898282,
      node_id: 'MDM6Qm90NDE4OTgyODI=',
      type: login.endsWith('[bot]') ? 'Bot' : 'User',
      site_admin: false,
    },
    created_at: '2024-05-15T15:20:33Z',
    updated_at: '2024-05-15T15:20:33Z',
    author_association: 'NONE',
    performed_via_github_app: null,
  };
}

/** A loopback server that also records request bodies (HttpStub keeps only method and path). */
async function bodyRecorder(
  status: number,
  answer: unknown,
): Promise<{
  url: string;
  seen: Array<{ method: string; path: string; body: unknown }>;
  stop: () => Promise<void>;
}> {
  const seen: Array<{ method: string; path: string; body: unknown }> = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        body: raw === '' ? undefined : JSON.parse(raw),
      });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('issue comments against a loopback GITHUB_API_URL', () => {
  test('listIssueComments follows Link pagination and maps the REST bodies', async () => {
    const route = `/repos/${REPO}/issues/2/comments`;
    stub = await new HttpStub({
      [`GET ${route}`]: (url) =>
        url.searchParams.get('page') === '2'
          ? { body: [{ ...restComment(12, 'second page'), user: null }] }
          : {
              body: [
                restComment(10, 'LGTM', 'octocat'),
                restComment(11, '<!-- berth:comment -->\n### berth'),
              ],
              headers: {
                link: `<${stub?.url}${route}?per_page=100&page=2>; rel="next", <${stub?.url}${route}?per_page=100&page=2>; rel="last"`,
              },
            },
    }).start();
    const api = createGitHubApi({ token: 't', apiUrl: stub.url, repository: REPO });
    expect(await api.listIssueComments(2)).toEqual([
      {
        id: 10,
        body: 'LGTM',
        htmlUrl: `https://github.com/${REPO}/pull/2#issuecomment-10`,
        userLogin: 'octocat',
      },
      {
        id: 11,
        body: '<!-- berth:comment -->\n### berth',
        htmlUrl: `https://github.com/${REPO}/pull/2#issuecomment-11`,
        userLogin: 'github-actions[bot]',
      },
      {
        id: 12,
        body: 'second page',
        htmlUrl: `https://github.com/${REPO}/pull/2#issuecomment-12`,
        userLogin: '',
      },
    ]);
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${route}?per_page=100`,
      `GET ${route}?per_page=100&page=2`,
    ]);
  });

  test('getIssueComment reads one comment', async () => {
    stub = await new HttpStub({
      [`GET /repos/${REPO}/issues/comments/11`]: { body: restComment(11, 'now') },
    }).start();
    const api = createGitHubApi({ token: 't', apiUrl: stub.url, repository: REPO });
    expect(await api.getIssueComment(11)).toEqual({
      id: 11,
      body: 'now',
      htmlUrl: `https://github.com/${REPO}/pull/2#issuecomment-11`,
      userLogin: 'github-actions[bot]',
    });
  });

  test.each([
    ['createIssueComment', 201, 'POST', `/repos/${REPO}/issues/2/comments`],
    ['updateIssueComment', 200, 'PATCH', `/repos/${REPO}/issues/comments/11`],
  ] as const)('%s sends {body} and maps the %d answer', async (method, status, verb, path) => {
    const server = await bodyRecorder(status, restComment(11, 'hello\n<!-- berth:comment -->'));
    try {
      const api = createGitHubApi({ token: 't', apiUrl: server.url, repository: REPO });
      const id = method === 'createIssueComment' ? 2 : 11;
      expect(await api[method](id, 'hello\n<!-- berth:comment -->')).toEqual({
        id: 11,
        body: 'hello\n<!-- berth:comment -->',
        htmlUrl: `https://github.com/${REPO}/pull/2#issuecomment-11`,
        userLogin: 'github-actions[bot]',
      });
      expect(server.seen).toEqual([{ method: verb, path, body: { body: 'hello\n<!-- berth:comment -->' } }]);
    } finally {
      await server.stop();
    }
  });

  test('a 403 on a write names the pull-requests: write permission', async () => {
    stub = await new HttpStub({
      [`POST /repos/${REPO}/issues/2/comments`]: {
        status: 403,
        body: {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
          status: '403',
        },
      },
    }).start();
    const api = createGitHubApi({ token: 'ghs_verysecret', apiUrl: stub.url, repository: REPO });
    const error = await api.createIssueComment(2, 'x').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('ConfigurationError');
    expect(error?.message).toMatch(
      new RegExp(
        `^github-token: GitHub API POST /repos/\\{owner\\}/\\{repo\\}/issues/\\{issue_number\\}/comments at ${stub.url.replace(/\./g, '\\.')} answered 403 \\(Resource not accessible by integration`,
      ),
    );
    expect(error?.message).toContain(
      `the token needs "pull-requests: write" on ${REPO} (workflow \`permissions:\`; a pull request from a fork gets a read-only token)`,
    );
    expect(error?.message).not.toContain('ghs_verysecret');
  });

  test('a 422 (body too long) is not blamed on the token', async () => {
    stub = await new HttpStub({
      [`PATCH /repos/${REPO}/issues/comments/11`]: {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'IssueComment',
              code: 'custom',
              field: 'body',
              message: 'Body is too long (maximum is 65536 characters)',
            },
          ],
          documentation_url: 'https://docs.github.com/rest/issues/comments#update-an-issue-comment',
          status: '422',
        },
      },
    }).start();
    const api = createGitHubApi({ token: 't', apiUrl: stub.url, repository: REPO });
    await expect(api.updateIssueComment(11, 'x')).rejects.toThrow(
      `GitHub API PATCH /repos/{owner}/{repo}/issues/comments/{comment_id} at ${stub.url} failed: Validation Failed`,
    );
  });

  test.each([
    [503, true],
    [500, true],
    [422, false],
  ])('an answer %d is an outage: %s (a 4xx is berth asking wrongly, a bug)', async (status, outage) => {
    stub = await new HttpStub({
      [`PATCH /repos/${REPO}/issues/comments/11`]: { status, body: { message: 'nope' } },
    }).start();
    const api = createGitHubApi({ token: 't', apiUrl: stub.url, repository: REPO });
    const error = await api.updateIssueComment(11, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error instanceof OutageError).toBe(outage);
  });

  test('an empty token names the comment and the permission, and nothing is sent', async () => {
    stub = await new HttpStub({}).start();
    const api = createGitHubApi({ token: '', apiUrl: stub.url, repository: REPO });
    await expect(api.listIssueComments(2)).rejects.toThrow(
      'github-token: empty, but the pull request comment needs the GitHub API here; pass `github-token: ${{ github.token }}` (the default) or a token with pull-requests: write',
    );
    expect(stub.requests).toEqual([]);
  });
});

describe('open pull requests by head against a loopback GITHUB_API_URL', () => {
  /** A fork's open pull request as the pulls list returns it (the webhook's pull_request object). */
  const forkPull = (number: number, sha: string): Record<string, unknown> => {
    const pull = pullRequestPayload({ action: 'opened', base: 'master', fork: true, number })
      .pull_request as Record<string, unknown> & { head: Record<string, unknown> };
    pull.head.sha = sha;
    return pull;
  };

  test("getPullRequest: GitHub's pull request body mapped to its head commit and head repository; a deleted fork is null", async () => {
    const deleted = forkPull(3, HEAD_SHA) as { head: Record<string, unknown> };
    deleted.head.repo = null;
    stub = await new HttpStub({
      [`GET /repos/${REPO}/pulls/2`]: { body: forkPull(2, HEAD_SHA) },
      [`GET /repos/${REPO}/pulls/3`]: { body: deleted },
    }).start();
    const api = createGitHubApi({ token: 'ghs_secret', apiUrl: stub.url, repository: REPO });
    expect(await api.getPullRequest(2)).toEqual({
      number: 2,
      state: 'open',
      headSha: HEAD_SHA,
      headRepository: 'someone/Hello-World',
    });
    expect((await api.getPullRequest(3)).headRepository).toBeNull();
    expect(stub.requests.map((r) => [r.method, r.path])).toEqual([
      ['GET', `/repos/${REPO}/pulls/2`],
      ['GET', `/repos/${REPO}/pulls/3`],
    ]);
  });

  test('listOpenPullRequestsByHead: state=open and head=owner:branch, all pages, heads mapped', async () => {
    const route = `/repos/${REPO}/pulls`;
    stub = await new HttpStub({
      [`GET ${route}`]: (url) =>
        url.searchParams.get('page') === '2'
          ? { body: [forkPull(9, HEAD_SHA)] }
          : {
              body: [forkPull(8, MERGE_SHA)],
              headers: {
                link: `<${stub?.url}${route}?state=open&head=someone%3Achanges&per_page=100&page=2>; rel="next"`,
              },
            },
    }).start();
    const api = createGitHubApi({ token: 'ghs_secret', apiUrl: stub.url, repository: REPO });
    expect(await api.listOpenPullRequestsByHead('someone:changes')).toEqual([
      { number: 8, headSha: MERGE_SHA, headLabel: 'someone:changes' },
      { number: 9, headSha: HEAD_SHA, headLabel: 'someone:changes' },
    ]);
    expect(stub.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
      ['GET', `${route}?state=open&head=someone%3Achanges&per_page=100`, 'token ghs_secret'],
      ['GET', `${route}?state=open&head=someone%3Achanges&per_page=100&page=2`, 'token ghs_secret'],
    ]);
  });

  test('a 403 names the pull-requests: read permission', async () => {
    stub = await new HttpStub({
      [`GET /repos/${REPO}/pulls`]: {
        status: 403,
        body: {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests',
          status: '403',
        },
      },
    }).start();
    const api = createGitHubApi({ token: 't', apiUrl: stub.url, repository: REPO });
    await expect(api.listOpenPullRequestsByHead('someone:changes')).rejects.toThrow(
      new Error(
        `github-token: GitHub API GET /repos/{owner}/{repo}/pulls at ${stub.url} answered 403 (Resource not accessible by integration - https://docs.github.com/rest/pulls/pulls#list-pull-requests); the token needs "pull-requests: read" on ${REPO} (workflow \`permissions:\`), and GITHUB_API_URL must point at the server that hosts it`,
      ),
    );
  });
});

describe('a file at a commit (the contents API) against a loopback GITHUB_API_URL', () => {
  const BASE = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
  /** GET /repos/{owner}/{repo}/contents/{path} for a file, as GitHub documents it (content base64, wrapped). */
  const contentFile = (text: string): Record<string, unknown> => ({
    type: 'file',
    encoding: 'base64',
    size: Buffer.byteLength(text),
    name: 'berth.yml',
    path: '.github/berth.yml',
    content:
      (
        Buffer.from(text)
          .toString('base64')
          .match(/.{1,60}/g) ?? []
      ).join('\n') + '\n',
    sha: '3d21ec53a331a6f037a91c368710b99387d012c1',
    url: `https://api.github.com/repos/${REPO}/contents/.github/berth.yml?ref=${BASE}`,
    git_url: `https://api.github.com/repos/${REPO}/git/blobs/3d21ec53a331a6f037a91c368710b99387d012c1`,
    html_url: `https://github.com/${REPO}/blob/${BASE}/.github/berth.yml`,
    download_url: `https://raw.githubusercontent.com/${REPO}/${BASE}/.github/berth.yml`,
  });

  test('the file’s text at the ref, the path and the ref asked as GitHub names them', async () => {
    const text = 'components:\n  backend:\n    paths: [backend/**]\n'.repeat(5);
    stub = await new HttpStub({
      [`GET /repos/${REPO}/contents/.github/berth.yml`]: { body: contentFile(text) },
    }).start();
    const api = createGitHubApi({ token: 't', apiUrl: stub.url, repository: REPO });
    expect(await api.fileAtCommit('.github/berth.yml', BASE)).toBe(text);
    expect(stub.requests.map((r) => r.path)).toEqual([
      `/repos/${REPO}/contents/.github/berth.yml?ref=${BASE}`,
    ]);
  });

  test('no such file at that commit (404): undefined, not an error', async () => {
    stub = await new HttpStub({}).start();
    const api = createGitHubApi({ token: 't', apiUrl: stub.url, repository: REPO });
    expect(await api.fileAtCommit('.github/berth.yml', BASE)).toBeUndefined();
  });

  test('a directory there: a ConfigurationError naming config', async () => {
    stub = await new HttpStub({
      [`GET /repos/${REPO}/contents/.github/berth.yml`]: { body: [contentFile('x')] },
    }).start();
    const api = createGitHubApi({ token: 't', apiUrl: stub.url, repository: REPO });
    await expect(api.fileAtCommit('.github/berth.yml', BASE)).rejects.toThrow(
      `config: .github/berth.yml at ${BASE} is not a file (GitHub says a directory); expected the berth config file`,
    );
  });
});

describe('environments against a loopback GITHUB_API_URL', () => {
  test('getEnvironment: the name URL-encoded in the path, GitHub’s body mapped; 404 is undefined', async () => {
    stub = await new HttpStub({
      [`GET /repos/${REPO}/environments/release%2Fus-east-1`]: {
        body: restEnvironment('release/us-east-1', {
          policy: { protected_branches: false, custom_branch_policies: true },
          reviewers: [restReviewer('User', 'octocat'), restReviewer('Team', 'justice-league')],
          waitTimer: 30,
          preventSelfReview: true,
        }),
      },
    }).start();
    const api = createGitHubApi({ token: 't', apiUrl: stub.url, repository: REPO });
    expect(await api.getEnvironment('release/us-east-1')).toEqual({
      name: 'release/us-east-1',
      deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
      reviewers: [
        { type: 'User', name: 'octocat' },
        { type: 'Team', name: 'justice-league' },
      ],
      preventSelfReview: true,
      waitTimerMinutes: 30,
    });
    expect(await api.getEnvironment('staging')).toBeUndefined();
    expect(stub.requests.map((r) => r.path)).toEqual([
      `/repos/${REPO}/environments/release%2Fus-east-1`,
      `/repos/${REPO}/environments/staging`,
    ]);
  });
});
