import { afterEach, describe, expect, test } from '@jest/globals';
import { ConfigurationError } from '../../src/errors.js';
import { githubFor, githubOptions, lazyGitHubFor } from '../../src/github/factory.js';
import type { ContextName } from '../../src/runtime/runtime.js';
import { HttpStub } from '../helpers/http-stub.js';
import { fakeRuntime } from '../helpers/static-runtime.js';

const runtime = (context: Partial<Record<ContextName, string>>) =>
  fakeRuntime({ command: 'plan' }, '/nowhere', context).runtime;

let stub: HttpStub | undefined;
afterEach(async () => stub?.stop());

describe('githubOptions: one rule for every command', () => {
  test.each<[string, Partial<Record<ContextName, string>>, string, object]>([
    [
      'GITHUB_API_URL unset: api.github.com',
      { repository: 'acme/shop' },
      'ghs_t',
      { token: 'ghs_t', apiUrl: 'https://api.github.com', repository: 'acme/shop' },
    ],
    [
      'GitHub Enterprise Server: its GITHUB_API_URL, trailing slashes dropped',
      { 'api-url': 'https://ghe.example.com/api/v3//', repository: 'acme/shop' },
      'ghs_t',
      { token: 'ghs_t', apiUrl: 'https://ghe.example.com/api/v3', repository: 'acme/shop' },
    ],
    [
      'no repository in the context: none',
      { 'api-url': 'http://127.0.0.1:9' },
      '',
      { token: '', apiUrl: 'http://127.0.0.1:9', repository: '' },
    ],
  ])('%s', (_, context, githubToken, expected) => {
    expect(githubOptions(runtime(context), { githubToken })).toEqual(expected);
  });
});

describe('githubFor', () => {
  test('asks GITHUB_API_URL for GITHUB_REPOSITORY with the github-token', async () => {
    stub = await new HttpStub({ 'GET /repos/acme/shop/commits/abc/pulls': { body: [] } }).start();
    const api = githubFor(runtime({ 'api-url': `${stub.url}/`, repository: 'acme/shop' }), {
      githubToken: 'ghs_secret',
    });
    expect(await api.pullRequestsForCommit('abc')).toEqual([]);
    expect(stub.requests.map((r) => [r.path, r.authorization])).toEqual([
      ['/repos/acme/shop/commits/abc/pulls?per_page=100', 'token ghs_secret'],
    ]);
  });

  test.each<[string, (token: string) => Promise<unknown>, string]>([
    [
      'the planner’s calls',
      (t) => githubFor(runtime({ repository: 'acme/shop' }), { githubToken: t }).pullRequestFiles(2),
      'github-token: empty, but plan needs the GitHub API here; pass `github-token: ${{ github.token }}` (the default) or a token with contents: read and pull-requests: read',
    ],
    [
      'the comment’s calls (lazy)',
      (t) => lazyGitHubFor(runtime({ repository: 'acme/shop' }), { githubToken: t })().listIssueComments(2),
      'github-token: empty, but the pull request comment needs the GitHub API here; pass `github-token: ${{ github.token }}` (the default) or a token with pull-requests: write',
    ],
  ])('an empty github-token: %s fail with what to pass', async (_, call, message) => {
    await expect(call('')).rejects.toEqual(new ConfigurationError(message));
  });

  test('lazyGitHubFor makes one client, on first use', () => {
    const api = lazyGitHubFor(runtime({ repository: 'acme/shop' }), { githubToken: 't' });
    expect(api()).toBe(api());
  });
});
