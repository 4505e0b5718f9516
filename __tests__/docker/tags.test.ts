import { describe, expect, test } from '@jest/globals';
import {
  computeLabels,
  computeTags,
  extraTagNames,
  parseLatestRule,
  sanitizeTag,
  type TagFacts,
} from '../../src/docker/tags.js';
import { parseImageName } from '../../src/docker/reference.js';

const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const facts = (over: Partial<TagFacts>): TagFacts => ({
  ref: 'refs/heads/main',
  headSha: SHA,
  defaultBranch: 'main',
  environment: '',
  latest: 'default-branch',
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
    // latest: release — docker/metadata-action's flavor latest=auto: a pushed tag, never a branch.
    [
      'latest: release, a release tag: latest',
      { ref: 'refs/tags/v1.2.3', latest: 'release' },
      ['sha-6dcb09b', '1.2.3', '1.2', '1', 'latest'],
      '1.2.3',
    ],
    [
      'latest: release, a pre-release tag: no latest',
      { ref: 'refs/tags/v2.0.0-rc.1', latest: 'release' },
      ['sha-6dcb09b', '2.0.0-rc.1'],
      '2.0.0-rc.1',
    ],
    [
      'latest: release, a tag that is not semver: latest (metadata-action’s type=ref,event=tag)',
      { ref: 'refs/tags/Nightly_2026', latest: 'release' },
      ['sha-6dcb09b', 'nightly_2026', 'latest'],
      'nightly_2026',
    ],
    [
      'latest: release, the default branch: no latest',
      { latest: 'release' },
      ['sha-6dcb09b', 'main'],
      'main',
    ],
    [
      'latest: default-branch, a release tag: no latest',
      { ref: 'refs/tags/v1.2.3' },
      ['sha-6dcb09b', '1.2.3', '1.2', '1'],
      '1.2.3',
    ],
    [
      'latest: release, a pull request: no latest',
      { ref: 'refs/pull/12/merge', pullRequest: 12, latest: 'release' },
      ['sha-6dcb09b', 'pr-12'],
      'pr-12',
    ],
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

describe('parseLatestRule', () => {
  test.each(['default-branch', 'release', 'true', 'false'] as const)('%s', (value) => {
    expect(parseLatestRule(value)).toEqual({ rule: value });
  });

  test('auto: the old name of default-branch, kept with a warning that says what it means and what to write', () => {
    const { rule, deprecation } = parseLatestRule('auto');
    expect(rule).toBe('default-branch');
    expect(deprecation).toMatch(/^latest: `auto` is renamed `default-branch`/);
    expect(deprecation).toContain("the opposite of docker/metadata-action's `flavor: latest=auto`");
    expect(deprecation).toContain('`latest: release`');
  });

  test('anything else: the error lists the values', () => {
    expect(() => parseLatestRule('yes')).toThrow(
      'latest: expected default-branch (latest on pushes to the default branch), release (on a pushed release tag, as docker/metadata-action\'s latest=auto), true or false, got "yes"',
    );
  });
});

describe('extraTagNames: tag names, or full references to the image (docker/metadata-action’s tags output)', () => {
  const ghcr = parseImageName('ghcr.io/acme/app');
  test.each<[string, string[], ReturnType<typeof parseImageName>, string[]]>([
    ['tag names', ['stable', '1.2'], ghcr, ['stable', '1.2']],
    [
      'metadata-action’s output: references to the image',
      ['ghcr.io/acme/app:1.2.3', 'ghcr.io/acme/app:1.2', 'ghcr.io/acme/app:latest'],
      ghcr,
      ['1.2.3', '1.2', 'latest'],
    ],
    ['both kinds mixed', ['stable', 'ghcr.io/acme/app:edge'], ghcr, ['stable', 'edge']],
    [
      'Docker Hub, spelled either way',
      ['acme/app:1', 'docker.io/acme/app:2', 'index.docker.io/acme/app:3'],
      parseImageName('docker.io/acme/app'),
      ['1', '2', '3'],
    ],
    [
      'a registry with a port',
      ['localhost:5000/team/api:v1'],
      parseImageName('localhost:5000/team/api'),
      ['v1'],
    ],
    ['metadata-action lowercases the name, not the tag', ['ghcr.io/Acme/App:Feature-X'], ghcr, ['Feature-X']],
  ])('%s', (_name, items, image, expected) => {
    expect(extraTagNames(items, image)).toEqual(expected);
  });

  test.each([
    [
      'docker.io/acme/app:1.2',
      'tags: "docker.io/acme/app:1.2" is in the repository docker.io/acme/app, not in the image\'s ghcr.io/acme/app: berth pushes the image to its own repository only; expected a tag (`1.2`) or a full reference to the image with one (`ghcr.io/acme/app:1.2`). To publish to docker.io/acme/app too, copy the pushed digest there in a later step (`docker buildx imagetools create --tag docker.io/acme/app:1.2 <image-ref output>`)',
    ],
    [
      'ghcr.io/acme/app',
      'tags: "ghcr.io/acme/app" names the image but no tag; expected a tag (`1.2`) or a full reference to the image with one (`ghcr.io/acme/app:1.2`)',
    ],
    [
      `ghcr.io/acme/app:1@sha256:${'0'.repeat(64)}`,
      /^tags: .* holds a digest, which names what is built only once it is pushed; expected a tag/,
    ],
    [
      'bad tag',
      /^tags: "bad tag" is not a valid tag: .*; expected a tag \(`1\.2`\) or a full reference to the image with one \(`ghcr\.io\/acme\/app:1\.2`\)$/,
    ],
    ['ghcr.io/acme/app:-x', /^tags: "ghcr\.io\/acme\/app:-x" is not a valid image reference: the tag "-x"/],
  ])('%j is refused, naming tags and the expected form', (item, message) => {
    expect(() => extraTagNames([item], ghcr)).toThrow(message);
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
