/**
 * Tag rules and OCI labels — pure. The rules, in order:
 * - `sha-<7 hex>` of the head commit, always (for pull requests the PR head, not the merge commit);
 * - the branch name sanitised to tag grammar (`feature/Login` → `feature-login`), or `pr-<n>` for a PR;
 * - for `refs/tags/v1.2.3`: `1.2.3`, `1.2`, `1` (a pre-release only itself); another tag name as is;
 * - `latest` on the default branch (`latest: auto`), always (`true`) or never (`false`);
 * - the environment name when the plan gave one;
 * - the extra `tags`.
 */
import { ConfigurationError } from '../errors.js';
import { isValidTag } from './reference.js';

export type LatestRule = 'auto' | 'true' | 'false';

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
    if (facts.latest === 'true' || (facts.latest === 'auto' && isDefault)) add('latest');
  } else if (facts.ref.startsWith('refs/tags/')) {
    const name = facts.ref.slice('refs/tags/'.length);
    const m = SEMVER.exec(name);
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
    if (facts.latest === 'true') add('latest');
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
