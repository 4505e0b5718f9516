/**
 * Tag rules and OCI labels — pure. The rules, in order:
 * - `sha-<7 hex>` of the head commit, always (for pull requests the PR head, not the merge commit);
 * - the branch name sanitised to tag grammar (`feature/Login` → `feature-login`), or `pr-<n>` for a PR;
 * - for `refs/tags/v1.2.3`: `1.2.3`, `1.2`, `1` (a pre-release only itself); another tag name as is;
 * - `latest` by the `latest` rule: on the default branch (`default-branch`), on a pushed release tag
 *   (`release`, docker/metadata-action's `flavor: latest=auto`), always (`true`) or never (`false`);
 * - the environment name when the plan gave one;
 * - the extra `tags`: tag names, or full references to the image (what metadata-action outputs).
 */
import { ConfigurationError } from '../errors.js';
import { imageRef, isValidTag, parseImageReference, sameRepository, type ImageName } from './reference.js';

export type LatestRule = 'default-branch' | 'release' | 'true' | 'false';
export const LATEST_RULES: readonly LatestRule[] = ['default-branch', 'release', 'true', 'false'];

/**
 * The `latest` input. `auto` was berth's name for `default-branch` — the opposite of
 * docker/metadata-action's `flavor: latest=auto`, which tags `latest` on a pushed release tag and never
 * on a branch — so it is renamed; it still means the default branch, with a warning that says so.
 */
export function parseLatestRule(value: string): { rule: LatestRule; deprecation?: string } {
  const text = value.trim();
  if ((LATEST_RULES as readonly string[]).includes(text)) return { rule: text as LatestRule };
  if (text === 'auto') {
    return {
      rule: 'default-branch',
      deprecation:
        'latest: `auto` is renamed `default-branch` (tag latest on pushes to the default branch, as before): ' +
        "berth's `auto` meant the opposite of docker/metadata-action's `flavor: latest=auto`, which tags latest " +
        'on a pushed release tag and never on a branch. This run keeps the old meaning; write ' +
        '`latest: default-branch` to keep it without this warning, or `latest: release` for what ' +
        'metadata-action calls auto. `auto` will be refused in a later version.',
    };
  }
  throw new ConfigurationError(
    `latest: expected default-branch (latest on pushes to the default branch), release (on a pushed release tag, as docker/metadata-action's latest=auto), true or false, got ${JSON.stringify(value)}`,
  );
}

export interface TagFacts {
  /** GITHUB_REF: refs/heads/…, refs/tags/…, refs/pull/N/merge. */
  ref: string;
  /** The head commit: PR head sha for pull requests, else GITHUB_SHA. */
  headSha: string;
  /** The repository's default branch, from the event payload ('' when unknown). */
  defaultBranch: string;
  /** PR number for pull request events. */
  pullRequest?: number;
  environment: string;
  latest: LatestRule;
  extraTags: readonly string[];
}

const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** `feature/Login` → `feature-login`: lowercase, runs of other characters → `-`, at most 128. */
export function sanitizeTag(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128)
    .replace(/[.-]+$/, '');
  return cleaned;
}

export function shortSha(sha: string): string {
  if (!/^[0-9a-f]{7,64}$/i.test(sha)) {
    throw new ConfigurationError(
      `sha: expected the commit's hex SHA (GITHUB_SHA, or --sha for the CLI), got ${JSON.stringify(sha)}`,
    );
  }
  return sha.slice(0, 7).toLowerCase();
}

export interface TagResult {
  tags: string[];
  /** The version label: the semver of a release tag, else the branch tag, else the sha tag. */
  version: string;
}

export function computeTags(facts: TagFacts): TagResult {
  const tags: string[] = [`sha-${shortSha(facts.headSha)}`];
  let version = '';
  const add = (tag: string): void => {
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  };

  if (facts.ref.startsWith('refs/heads/')) {
    const branch = facts.ref.slice('refs/heads/'.length);
    version = sanitizeTag(branch);
    add(version);
    const isDefault = facts.defaultBranch !== '' && branch === facts.defaultBranch;
    if (facts.latest === 'true' || (facts.latest === 'default-branch' && isDefault)) add('latest');
  } else if (facts.ref.startsWith('refs/tags/')) {
    const name = facts.ref.slice('refs/tags/'.length);
    const m = SEMVER.exec(name);
    // `release`: as metadata-action's latest=auto — every pushed tag but a semver pre-release.
    const release = m === null || m[4] === undefined;
    if (m) {
      const [, major, minor, patch, pre] = m;
      version = `${major}.${minor}.${patch}${pre ?? ''}`;
      add(sanitizeTag(version));
      if (pre === undefined) {
        add(`${major}.${minor}`);
        add(`${major}`);
      }
    } else {
      version = sanitizeTag(name);
      add(version);
    }
    if (facts.latest === 'true' || (facts.latest === 'release' && release)) add('latest');
  } else {
    if (facts.pullRequest !== undefined) {
      version = `pr-${facts.pullRequest}`;
      add(version);
    }
    if (facts.latest === 'true') add('latest');
  }

  if (facts.environment !== '') add(sanitizeTag(facts.environment));
  for (const extra of facts.extraTags) {
    if (!isValidTag(extra)) {
      throw new ConfigurationError(
        `tags: ${JSON.stringify(extra)} is not a valid tag; expected letters, digits, "_", "." or "-" (not first), at most 128`,
      );
    }
    add(extra);
  }
  return { tags, version: version || (tags[0] as string) };
}

/**
 * The `tags` input's items as tag names. Each is a tag (`1.2`) or, as docker/build-push-action takes
 * them and docker/metadata-action outputs them, a full reference (`ghcr.io/acme/app:1.2`); a reference
 * to the image's own repository (however spelled: `acme/app` is `docker.io/acme/app`) gives its tag.
 * A reference to another repository is refused: berth pushes one repository, logged in to its
 * registry, and reads the digest back from it — see the README (`build`, "tags").
 */
export function extraTagNames(items: readonly string[], image: ImageName): string[] {
  const expected = (example: string): string =>
    `expected a tag (\`1.2\`) or a full reference to the image with one (\`${imageRef(image)}:${example}\`)`;
  return items.map((item) => {
    if (!item.includes('/') && !item.includes(':') && !item.includes('@')) {
      if (!isValidTag(item)) {
        throw new ConfigurationError(
          `tags: ${JSON.stringify(item)} is not a valid tag: letters, digits, "_", "." or "-" (not first), at most 128; ${expected('1.2')}`,
        );
      }
      return item;
    }
    const ref = parseImageReference(item, 'tags');
    if (!sameRepository(ref, image)) {
      throw new ConfigurationError(
        `tags: ${JSON.stringify(item)} is in the repository ${imageRef(ref)}, not in the image's ${imageRef(image)}: berth pushes the image to its own repository only; ${expected(ref.tag ?? '1.2')}. To publish to ${imageRef(ref)} too, copy the pushed digest there in a later step (\`docker buildx imagetools create --tag ${item} <image-ref output>\`)`,
      );
    }
    if (ref.digest !== undefined) {
      throw new ConfigurationError(
        `tags: ${JSON.stringify(item)} holds a digest, which names what is built only once it is pushed; ${expected(ref.tag ?? '1.2')}`,
      );
    }
    if (ref.tag === undefined) {
      throw new ConfigurationError(
        `tags: ${JSON.stringify(item)} names the image but no tag; ${expected('1.2')}`,
      );
    }
    return ref.tag;
  });
}

export interface LabelFacts {
  /** `https://github.com/owner/repo` */
  sourceUrl: string;
  revision: string;
  created: Date;
  version: string;
  /** User `labels`, which win over the standard ones. */
  extra: ReadonlyArray<readonly [string, string]>;
}

/** Standard OCI annotations, then the user's labels. */
export function computeLabels(facts: LabelFacts): Array<[string, string]> {
  const labels = new Map<string, string>([
    ['org.opencontainers.image.source', facts.sourceUrl],
    ['org.opencontainers.image.revision', facts.revision],
    ['org.opencontainers.image.created', facts.created.toISOString()],
    ['org.opencontainers.image.version', facts.version],
  ]);
  for (const [k, v] of facts.extra) labels.set(k, v);
  return [...labels];
}
