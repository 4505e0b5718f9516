import { describe, expect, test } from '@jest/globals';
import { computeLabels, computeTags, sanitizeTag, type TagFacts } from '../../src/docker/tags.js';

const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const facts = (over: Partial<TagFacts>): TagFacts => ({
  ref: 'refs/heads/main',
  headSha: SHA,
  defaultBranch: 'main',
  environment: '',
  latest: 'auto',
  extraTags: [],
  ...over,
});

describe('sanitizeTag', () => {
  test.each([
    ['feature/Login', 'feature-login'],
    ['release', 'release'],
    ['fix/#12 crash!', 'fix-12-crash'],
    ['--weird..', 'weird'],
    ['a//b', 'a-b'],
    ['x'.repeat(200), 'x'.repeat(128)],
    ['release$(touch x)', 'release-touch-x'],
  ])('%j → %j', (input, output) => {
    expect(sanitizeTag(input)).toBe(output);
  });
});

describe('computeTags', () => {
  test.each<[string, Partial<TagFacts>, string[], string]>([
    ['the default branch: sha, branch, latest', {}, ['sha-6dcb09b', 'main', 'latest'], 'main'],
    [
      'another branch: no latest',
      { ref: 'refs/heads/feature/Login' },
      ['sha-6dcb09b', 'feature-login'],
      'feature-login',
    ],
    ['latest: false on the default branch', { latest: 'false' }, ['sha-6dcb09b', 'main'], 'main'],
    [
      'latest: true anywhere',
      { ref: 'refs/heads/dev', latest: 'true' },
      ['sha-6dcb09b', 'dev', 'latest'],
      'dev',
    ],
    ['a release tag', { ref: 'refs/tags/v1.2.3' }, ['sha-6dcb09b', '1.2.3', '1.2', '1'], '1.2.3'],
    [
      'a pre-release tag: only itself',
      { ref: 'refs/tags/v2.0.0-rc.1' },
      ['sha-6dcb09b', '2.0.0-rc.1'],
      '2.0.0-rc.1',
    ],
    ['a non-semver tag', { ref: 'refs/tags/Nightly_2026' }, ['sha-6dcb09b', 'nightly_2026'], 'nightly_2026'],
    [
      'a pull request: pr-N',
      { ref: 'refs/pull/12/merge', pullRequest: 12 },
      ['sha-6dcb09b', 'pr-12'],
      'pr-12',
    ],
    [
      'the environment and extra tags, without duplicates',
      {
        ref: 'refs/heads/release',
        defaultBranch: 'main',
        environment: 'production',
        extraTags: ['stable', 'release'],
      },
      ['sha-6dcb09b', 'release', 'production', 'stable'],
      'release',
    ],
  ])('%s', (_name, over, tags, version) => {
    expect(computeTags(facts(over))).toEqual({ tags, version });
  });

  test.each([
    [
      { extraTags: ['bad tag'] },
      'tags: "bad tag" is not a valid tag; expected letters, digits, "_", "." or "-" (not first), at most 128',
    ],
    [
      { headSha: 'not-a-sha' },
      'sha: expected the commit\'s hex SHA (GITHUB_SHA, or --sha for the CLI), got "not-a-sha"',
    ],
  ])('%j is refused', (over, message) => {
    expect(() => computeTags(facts(over))).toThrow(message);
  });
});

test('computeLabels: OCI labels first, user labels override', () => {
  expect(
    computeLabels({
      sourceUrl: 'https://github.com/acme/shop',
      revision: SHA,
      created: new Date('2026-11-22T10:00:00Z'),
      version: '1.2.3',
      extra: [
        ['team', 'payments'],
        ['org.opencontainers.image.version', 'custom'],
      ],
    }),
  ).toEqual([
    ['org.opencontainers.image.source', 'https://github.com/acme/shop'],
    ['org.opencontainers.image.revision', SHA],
    ['org.opencontainers.image.created', '2026-11-22T10:00:00.000Z'],
    ['org.opencontainers.image.version', 'custom'],
    ['team', 'payments'],
  ]);
});
