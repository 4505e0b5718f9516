/**
 * A static site in a directory nginx serves: `<root>/releases/<id>` per deploy, `<root>/current` a
 * symlink to the live one (nginx's `root` is `<root>/current`). A deploy copies the build into a new
 * release and renames a new symlink over `current`, so every request sees the old release or the new
 * one whole; `rollback` points `current` at the release before. `<root>/releases.json` keeps the order.
 */
import path from 'node:path';
import { ConfigurationError } from '../../errors.js';
import type { CommandHost, HostFiles, HostReleases } from '../../remote/host.js';

export interface Release {
  id: string;
  commit: string;
  /** ISO time of the deploy. */
  at: string;
  /** The release that was live when this one went live ('' for the first). */
  previous?: string;
}

/** `<root>/releases.json`: releases oldest first. */
export interface ReleaseLog {
  version: 1;
  releases: Release[];
}

export const RELEASE_LOG = 'releases.json';
const RELEASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The release's directory name: the commit, with `-2`, `-3`… when that commit was deployed before. */
export function nextReleaseId(commit: string, taken: ReadonlySet<string>, nowMs: number): string {
  const base =
    commit !== ''
      ? commit
      : `local-${new Date(nowMs)
          .toISOString()
          .replace(/[-:]|\.\d+Z$/g, '')
          .replace('T', '-')}`;
  if (!RELEASE_ID.test(base)) throw new Error(`not a release name: ${JSON.stringify(base)}`);
  if (!taken.has(base)) return base;
  for (let n = 2; n < 1000; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  throw new Error(`release ${base} was deployed 1000 times; remove old ones from releases/`);
}

/** The release a `current` symlink points at (`releases/<id>`), or undefined for anything else. */
export function releaseOfLink(target: string | undefined): string | undefined {
  const m = target === undefined ? null : /^(?:.*\/)?releases\/([^/]+)\/?$/.exec(target);
  return m?.[1];
}

/** The releases to remove: all but the newest `keep`, never the live one. */
export function releasesToPrune(log: ReleaseLog, keep: number, live: string): string[] {
  const ids = log.releases.map((r) => r.id);
  const kept = new Set(ids.slice(-keep));
  return ids.filter((id) => !kept.has(id) && id !== live);
}

/**
 * The release to roll back to: the one that was live when the live one went live (so a deploy after a
 * rollback does not make the bad release the way back), else the one deployed before it.
 */
export function previousRelease(log: ReleaseLog, live: string | undefined): Release | undefined {
  const at = log.releases.findIndex((r) => r.id === live);
  if (at === -1) return undefined;
  const before = log.releases[at]?.previous;
  if (before !== undefined) return log.releases.find((r) => r.id === before);
  return at > 0 ? log.releases[at - 1] : undefined;
}

export function parseReleaseLog(text: string | undefined, file: string): ReleaseLog {
  if (text === undefined) return { version: 1, releases: [] };
  try {
    const parsed = JSON.parse(text) as Partial<ReleaseLog>;
    const releases = (parsed.releases ?? []).filter(
      (r): r is Release => typeof r?.id === 'string' && RELEASE_ID.test(r.id),
    );
    return { version: 1, releases };
  } catch {
    throw new Error(`${file} is not berth's JSON; move it away and deploy again`);
  }
}

export interface NginxDirResult {
  root: string;
  live: string;
  previous: string;
  removedReleases: string[];
}

/** Reads which release is live: `current`'s target; an error when `current` is not berth's symlink. */
export async function readLive(host: CommandHost & HostReleases, root: string): Promise<string | undefined> {
  const link = path.posix.join(root, 'current');
  let target: string | undefined;
  try {
    target = await host.readSymlink(link);
  } catch (error) {
    throw new ConfigurationError(
      `static-root: ${link} on ${host.label} is not a symlink (${error instanceof Error ? error.message : String(error)}); berth switches it as a symlink to releases/<id> — move it away (e.g. into ${root}/releases/) once`,
    );
  }
  return releaseOfLink(target);
}

export interface ReleaseOptions {
  host: CommandHost & HostFiles & HostReleases;
  root: string;
  localDir: string;
  /** The files of `localDir` to publish, as scanBuildDir listed them (links checked to stay inside). */
  files: readonly string[];
  commit: string;
  keep: number;
  now: () => number;
  step: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
  info: (message: string) => void;
}

/** Deploy: copy → switch → record → prune. */
export async function publishRelease(o: ReleaseOptions): Promise<NginxDirResult> {
  const { host, root } = o;
  const logFile = path.posix.join(root, RELEASE_LOG);
  const log = parseReleaseLog(await host.readFile(logFile), logFile);
  const previous = (await readLive(host, root)) ?? '';
  const taken = new Set(log.releases.map((r) => r.id));
  let id = nextReleaseId(o.commit, taken, o.now());
  // A directory left by a deploy that failed before recording it: never reuse it.
  for (let i = 0; i < 100 && (await exists(host, path.posix.join(root, 'releases', id))); i++) {
    taken.add(id);
    id = nextReleaseId(o.commit, taken, o.now());
  }
  const dir = path.posix.join(root, 'releases', id);
  await o.step('copy', async () => {
    try {
      await host.copyDirFrom(o.localDir, dir, o.files);
      // The site is public: nginx's workers (another user) read every file and directory.
      const chmod = await host.exec(['chmod', '-R', 'a+rX', '--', dir], { quiet: true });
      if (chmod.code !== 0)
        throw new Error(`chmod -R a+rX ${dir} on ${host.label} failed: ${chmod.stderr.trim()}`);
    } catch (error) {
      await host.remove(dir).catch(() => undefined);
      throw error;
    }
  });
  await o.step('switch', () => host.switchSymlink(path.posix.join(root, 'current'), `releases/${id}`));
  o.info(
    `${path.posix.join(root, 'current')} → releases/${id}${previous ? ` (was releases/${previous})` : ''}`,
  );
  log.releases.push({ id, commit: o.commit, at: new Date(o.now()).toISOString(), previous });
  const prune = releasesToPrune(log, o.keep, id);
  log.releases = log.releases.filter((r) => !prune.includes(r.id));
  await host.writeFile(logFile, `${JSON.stringify(log, null, 2)}\n`);
  if (prune.length > 0) {
    await o.step('prune', async () => {
      for (const old of prune) await host.remove(path.posix.join(root, 'releases', old));
    });
  }
  return { root, live: id, previous, removedReleases: prune };
}

/** Rollback: `current` back to the release deployed before the live one. */
export async function rollbackRelease(
  o: Pick<ReleaseOptions, 'host' | 'root' | 'step' | 'info'>,
): Promise<NginxDirResult> {
  const { host, root } = o;
  const logFile = path.posix.join(root, RELEASE_LOG);
  const log = parseReleaseLog(await host.readFile(logFile), logFile);
  const live = await readLive(host, root);
  const target = previousRelease(log, live);
  if (!target) {
    throw new ConfigurationError(
      `static-root: nothing to roll back to in ${root} on ${host.label} (${live ? `releases/${live} is the oldest release recorded` : 'no release is live'})`,
    );
  }
  await o.step('switch', () => host.switchSymlink(path.posix.join(root, 'current'), `releases/${target.id}`));
  o.info(`${path.posix.join(root, 'current')} → releases/${target.id} (was releases/${live ?? ''})`);
  return { root, live: target.id, previous: live ?? '', removedReleases: [] };
}

async function exists(host: CommandHost, file: string): Promise<boolean> {
  return (await host.exec(['test', '-e', file], { quiet: true })).code === 0;
}
