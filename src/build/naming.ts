/**
 * How `build` names the image: its tags (the commit's `sha-` tag first, then the rules': branch, PR,
 * environment, version, `latest`, extra tags) and its OCI labels, from the event and the inputs.
 */
import { parseKeyValues, parseList } from '../docker/build-args.js';
import { imageRef } from '../docker/reference.js';
import { computeLabels, computeTags, extraTagNames, parseLatestRule } from '../docker/tags.js';
import { defaultBranch, headCommit, pullRequestNumber, type EventContext } from '../github/event.js';
import type { InputsOf } from '../inputs.js';
import type { Runtime } from '../runtime/runtime.js';
import type { BuildTarget } from './target.js';

export interface ImageNaming {
  /** `registry/repository`. */
  repoRef: string;
  /** The tag names; the first is the commit's `sha-` tag. */
  tags: string[];
  /** `repoRef:tag` for each tag. */
  refs: string[];
  shaTag: string;
  version: string;
  labels: ReturnType<typeof computeLabels>;
}

export function nameImage(
  inputs: InputsOf<'build'>,
  runtime: Runtime,
  event: EventContext,
  target: BuildTarget,
  now: Date,
): ImageNaming {
  const { image } = target;
  const repoRef = imageRef(image);
  const headSha = headCommit(event);
  // `latest` is read here, not only in inputs.ts: its old value `auto` is renamed (see parseLatestRule).
  const latest = parseLatestRule(inputs.latest);
  if (latest.deprecation) runtime.warning(latest.deprecation);
  const { tags, version } = computeTags({
    ref: event.ref,
    headSha,
    defaultBranch: defaultBranch(event),
    pullRequest: pullRequestNumber(event),
    environment: inputs.environment,
    latest: latest.rule,
    extraTags: extraTagNames(parseList(inputs.tags), image),
  });
  const serverUrl = runtime.getContext('server-url') || 'https://github.com';
  const labels = computeLabels({
    sourceUrl: `${serverUrl}/${event.repository}`,
    revision: headSha,
    created: now,
    version,
    extra: parseKeyValues(inputs.labels, 'labels'),
  });
  return {
    repoRef,
    tags,
    refs: tags.map((t) => `${repoRef}:${t}`),
    shaTag: tags[0] as string,
    version,
    labels,
  };
}
