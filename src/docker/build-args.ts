/**
 * The argv of an image build, per builder — pure. Builder choice (see ./engine.ts):
 * - `buildx`: `docker buildx build`, everything supported, pushes itself (`--push`);
 * - `buildkit`: `DOCKER_BUILDKIT=1 docker build` (the engine's built-in BuildKit): secrets and
 *   cache-from, but no cache-to and one platform; pushed afterwards with `docker push`;
 * - `classic`: the legacy builder: no secrets, no cache export, no platforms.
 * Secrets are passed as `--secret id=…,src=FILE` pointing at 0600 files, never as values.
 */
import { ConfigurationError } from '../errors.js';

export type Builder = 'buildx' | 'buildkit' | 'classic';

export interface BuildSpec {
  configDir: string;
  context: string;
  file: string;
  target: string;
  buildArgs: ReadonlyArray<readonly [string, string]>;
  /** Secret ids and the 0600 files that hold their values. */
  secrets: ReadonlyArray<{ id: string; file: string }>;
  labels: ReadonlyArray<readonly [string, string]>;
  /** Full references: `registry/repo:tag`. */
  tags: readonly string[];
  platforms: readonly string[];
  cacheFrom: readonly string[];
  cacheTo: readonly string[];
  noCache: boolean;
  push: boolean;
  /** Where the builder writes the image ID. */
  iidFile: string;
}

export interface BuildCommand {
  args: string[];
  env: Record<string, string>;
  /** What this builder cannot do that the spec asked for, in words for a warning. */
  lost: string[];
  /** Whether `docker push` must follow (the builder does not push). */
  pushAfter: boolean;
}

export function buildDockerBuildArgs(spec: BuildSpec, builder: Builder): BuildCommand {
  const lost: string[] = [];
  const args = ['--config', spec.configDir];
  if (builder === 'buildx') args.push('buildx', 'build');
  else args.push('build');
  if (spec.file !== '') args.push('--file', spec.file);
  if (spec.target !== '') args.push('--target', spec.target);
  for (const [k, v] of spec.buildArgs) args.push('--build-arg', `${k}=${v}`);
  if (spec.secrets.length > 0) {
    if (builder === 'classic') {
      throw new ConfigurationError(
        'build-secrets: the classic builder cannot take build secrets, and berth will not pass them as build args; install the buildx plugin (or a Docker with BuildKit) on this runner',
      );
    }
    for (const s of spec.secrets) args.push('--secret', `id=${s.id},src=${s.file}`);
  }
  for (const [k, v] of spec.labels) args.push('--label', `${k}=${v}`);
  for (const tag of spec.tags) args.push('--tag', tag);

  if (spec.platforms.length > 0) {
    if (builder === 'buildx' || (builder === 'buildkit' && spec.platforms.length === 1)) {
      args.push('--platform', spec.platforms.join(','));
    } else if (builder === 'buildkit') {
      throw new ConfigurationError(
        `platforms: ${spec.platforms.join(',')} needs the buildx plugin; the engine's built-in BuildKit builds one platform`,
      );
    } else {
      lost.push(
        `platforms (${spec.platforms.join(',')}): the classic builder builds for the engine's own platform`,
      );
    }
  }
  for (const from of spec.cacheFrom) {
    if (builder === 'buildx') args.push('--cache-from', from);
    else if (/^(type=registry,)?ref=/.test(from) || !from.includes('='))
      args.push('--cache-from', from.replace(/^(type=registry,)?ref=/, ''));
    else lost.push(`cache-from ${from}: only image references work without buildx`);
  }
  for (const to of spec.cacheTo) {
    if (builder === 'buildx') args.push('--cache-to', to);
    else lost.push(`cache-to ${to}: exporting a cache needs the buildx plugin`);
  }
  if (builder === 'buildkit' && spec.cacheFrom.length > 0)
    args.push('--build-arg', 'BUILDKIT_INLINE_CACHE=1');
  if (spec.noCache) args.push('--no-cache');

  args.push('--iidfile', spec.iidFile);
  let pushAfter = false;
  if (builder === 'buildx') {
    args.push(spec.push ? '--push' : '--load');
  } else {
    pushAfter = spec.push;
  }
  args.push(spec.context);
  const env: Record<string, string> =
    builder === 'buildx' ? {} : { DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' };
  return { args, env, lost, pushAfter };
}

/** `docker push` of one tag. */
export function buildPushArgs(configDir: string, tag: string): string[] {
  return ['--config', configDir, 'push', tag];
}

/** Multiline/comma `KEY=VALUE` lists (build-args, labels, build-secrets); errors name the input and line. */
export function parseKeyValues(
  text: string,
  inputName: string,
  separator: RegExp = /\r?\n/,
): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  text.split(separator).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq === -1 ? '' : line.slice(0, eq).trim();
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
      const shown =
        inputName === 'build-secrets' ? `line ${i + 1}` : `line ${i + 1} (${JSON.stringify(line)})`;
      throw new ConfigurationError(`${inputName}: ${shown} is not KEY=VALUE`);
    }
    pairs.push([key, line.slice(eq + 1).trim()]);
  });
  return pairs;
}

/** One entry per line (cache-from/cache-to, whose entries hold commas). */
export function parseLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

/** Newline- or comma-separated lists (tags, platforms). */
export function parseList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
