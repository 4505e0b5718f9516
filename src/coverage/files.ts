/**
 * `coverage-files`, `junit-files` and `base-coverage-file`: glob patterns (one per line or
 * comma-separated, `!` to exclude, GitHub's filter semantics), as `@actions/glob` takes them: relative
 * to the workspace, or absolute — inside the workspace (`${{ github.workspace }}/backend/…`: made
 * workspace-relative, so it selects what the relative pattern selects) or outside it (a report
 * downloaded to `${{ runner.temp }}`: only the pattern's fixed leading directory is walked). Every walk
 * is bounded, and dependency and VCS directories are not walked (a report is never inside
 * node_modules/.git).
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, errnoCode } from '../errors.js';
import { globMatches } from '../plan/match.js';

const SKIP = new Set(['.git', 'node_modules', '.gradle', '.venv', '__pycache__']);
/**
 * Directory entries one walk looks at (a monorepo of 100,000+ sources and its build output fits).
 * Measured on 500,000 files: the listing takes ~2 s and ~95 MiB, the source index built from it ~4 s
 * and ~90 MiB more. A walk that stops here says so (WalkOptions.onLimit).
 */
export const MAX_ENTRIES = 500_000;

/** The characters that make a path segment a glob (braces and extglobs are off: GitHub's semantics). */
const GLOB = /[*?[]/;

export function parsePatterns(text: string, input: string): string[] {
  const patterns = text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (patterns.length === 0) {
    throw new ConfigurationError(
      `${input}: required; glob patterns of the report files, e.g. "**/build/reports/jacoco/**/*.xml" or "coverage/lcov.info"`,
      { key: input, kind: 'required' },
    );
  }
  for (const p of patterns) {
    if (p === '!') {
      throw new ConfigurationError(
        `${input}: "!" alone excludes nothing; write "!<pattern>", e.g. "!**/test/**"`,
        {
          key: input,
          kind: 'invalid',
        },
      );
    }
    refuseTilde(p.replace(/^!/, ''), p, input);
  }
  return patterns.map((p) => p.replace(/^(!?)\.\//, '$1'));
}

/** One path or glob (`base-coverage-file`): trimmed, `./` dropped; not split at commas. */
export function parsePath(text: string, input: string): string {
  const value = text.trim();
  refuseTilde(value, value, input);
  return value.replace(/^\.\//, '');
}

/** No shell expands `~` in a `with:` value, and berth does not either: say so rather than match nothing. */
function refuseTilde(body: string, written: string, input: string): void {
  if (body === '~' || body.startsWith('~/')) {
    throw new ConfigurationError(
      `${input}: ${JSON.stringify(written)}: "~" is not expanded; write the path relative to the workspace or absolute (e.g. "\${{ runner.temp }}/reports/*.xml")`,
      { key: input, kind: 'invalid' },
    );
  }
}

/** The pattern has glob characters (`*`, `?`, `[`). */
export function isGlob(pattern: string): boolean {
  return GLOB.test(pattern);
}

/** A path (relative to the workspace, or absolute) as a FoundFile: named workspace-relative when inside it. */
export function placeFile(file: string, workspace: string): FoundFile {
  const ws = workspaceRoot(workspace);
  const absolute = path.posix.resolve(ws, file.replace(/\\/g, '/'));
  return {
    name: absolute.startsWith(under(ws)) ? absolute.slice(under(ws).length) : absolute,
    path: absolute,
  };
}

/** One pattern, placed: matched against workspace-relative paths, or against absolute paths outside the workspace. */
export interface FilePattern {
  /** As written, for messages. */
  written: string;
  exclude: boolean;
  /** Workspace-relative glob (POSIX), or an absolute one when `outside`. */
  glob: string;
  outside: boolean;
  /** Outside: the directory to walk (the glob's leading segments without glob characters), or the file itself when the glob has none. */
  root?: string;
  /** Outside: the glob has no glob characters (a file path). */
  literal?: boolean;
}

/** The workspace as an absolute POSIX path without a trailing slash. */
function workspaceRoot(workspace: string): string {
  return path.posix.resolve(workspace.replace(/\\/g, '/'));
}

/** `/ws/` for `/ws`, `/` for `/`: what a path under the directory starts with. */
function under(dir: string): string {
  return dir === '/' ? '/' : `${dir}/`;
}

/** `dir` is `ancestor` or under it. */
function within(dir: string, ancestor: string): boolean {
  return dir === ancestor || dir.startsWith(under(ancestor));
}

/** Places each pattern (see FilePattern): relative ones and absolute ones under the workspace become workspace-relative. */
export function resolvePatterns(patterns: readonly string[], workspace: string): FilePattern[] {
  const ws = workspaceRoot(workspace);
  return patterns.map((written) => {
    const exclude = written.startsWith('!');
    const body = exclude ? written.slice(1) : written;
    const absolute = path.posix.isAbsolute(body) ? path.posix.normalize(body) : path.posix.join(ws, body);
    if (absolute.startsWith(under(ws))) {
      return { written, exclude, glob: absolute.slice(under(ws).length), outside: false };
    }
    const segments = absolute.split('/');
    const fixed = segments.findIndex((s) => GLOB.test(s));
    const literal = fixed === -1;
    const root = literal ? absolute : segments.slice(0, fixed).join('/') || '/';
    return { written, exclude, glob: absolute, outside: true, root, literal };
  });
}

/** A selected file: its name in messages and the summary (workspace-relative inside, absolute outside) and where it is. */
export interface FoundFile {
  name: string;
  path: string;
}

/**
 * The files a listing of the workspace (workspace-relative paths) and of outside directories (absolute
 * paths) has that the patterns select, in that order. A pattern decides by GitHub's rules: the first
 * including pattern selects a file, a later `!` pattern that matches drops it.
 */
export function selectFiles(
  workspaceFiles: readonly string[],
  placed: readonly FilePattern[],
  workspace: string,
  outsideFiles: readonly string[] = [],
): FoundFile[] {
  const ws = workspaceRoot(workspace);
  // An outside pattern reaches workspace files only when its root holds the workspace (`/home/runner/work/**/x.xml`).
  const reachesWorkspace = placed.some((p) => p.outside && within(ws, p.root ?? '/'));
  const relevant = reachesWorkspace ? placed : placed.filter((p) => !p.outside);
  const found: FoundFile[] = [];
  if (relevant.length > 0) {
    for (const rel of workspaceFiles) {
      const absolute = `${under(ws)}${rel}`;
      if (selected(relevant, rel, absolute)) found.push({ name: rel, path: absolute });
    }
  }
  const outside = placed.filter((p) => p.outside);
  if (outside.length > 0) {
    for (const file of outsideFiles) {
      if (selected(outside, undefined, file)) found.push({ name: file, path: file });
    }
  }
  return found;
}

function selected(patterns: readonly FilePattern[], rel: string | undefined, absolute: string): boolean {
  let included = false;
  for (const p of patterns) {
    const name = p.outside ? absolute : rel;
    if (name === undefined || included !== p.exclude) continue;
    if (globMatches(p.glob, name)) included = !p.exclude;
  }
  return included;
}

export interface WalkOptions {
  /** Told once when a walk stops at MAX_ENTRIES (what it has found so far is kept). */
  onLimit?: (message: string) => void;
  /** Entries a walk looks at (MAX_ENTRIES; tests set less). */
  limit?: number;
}

/** Every file of the workspace (one bounded walk: reports, test results and the source index share it), sorted. */
export async function listWorkspace(workspace: string, options: WalkOptions = {}): Promise<string[]> {
  const limit = options.limit ?? MAX_ENTRIES;
  const { files, truncated } = await walkTree(workspace, limit);
  if (truncated) {
    options.onLimit?.(
      `the workspace has more than ${limit.toLocaleString('en-US')} entries (not counting ${[...SKIP].join(', ')}); the walk stopped there, so reports and source files beyond are not seen and some reported paths may stay unplaced — narrow the checkout (sparse-checkout) or remove build output before this step`,
    );
  }
  return files;
}

/** Files (absolute) under the outside patterns' roots, the workspace not walked again; roots that do not exist, for messages. */
export async function listOutside(
  patterns: readonly FilePattern[],
  workspace: string,
  options: WalkOptions = {},
): Promise<{ files: string[]; missing: Set<string> }> {
  const ws = workspaceRoot(workspace);
  const files = new Set<string>();
  const missing = new Set<string>();
  const roots = [...new Set(patterns.filter((p) => p.outside && !p.exclude).map((p) => p.root ?? '/'))]
    // The workspace itself (a pattern naming its directory): its files are the workspace listing's.
    .filter((root) => !within(root, ws))
    .sort();
  const walked: string[] = [];
  for (const root of roots) {
    const info = await stat(root).catch((error: unknown) => {
      if (['ENOENT', 'ENOTDIR'].includes(errnoCode(error) ?? '')) return undefined;
      throw error;
    });
    if (info === undefined) {
      missing.add(root);
    } else if (info.isFile()) {
      files.add(root);
    } else if (info.isDirectory() && !walked.some((w) => within(root, w))) {
      // Sorted: a root under one already walked was listed with it.
      walked.push(root);
      const limit = options.limit ?? MAX_ENTRIES;
      const listing = await walkTree(root, limit, ws);
      for (const rel of listing.files) files.add(`${under(root)}${rel}`);
      if (listing.truncated) {
        options.onLimit?.(
          `${root} has more than ${limit.toLocaleString('en-US')} entries; the walk stopped there, so files beyond are not seen — start the pattern with a more specific directory`,
        );
      }
    }
  }
  return { files: [...files].sort(), missing };
}

/**
 * The files the patterns select, inside and outside the workspace (see selectFiles), given the
 * workspace's listing; none: a message saying which patterns looked where.
 */
export async function findPatternFiles(
  patterns: readonly string[],
  workspace: string,
  workspaceFiles: readonly string[],
  options: WalkOptions = {},
): Promise<{ found: FoundFile[]; nothing: string }> {
  const placed = resolvePatterns(patterns, workspace);
  const outside = await listOutside(placed, workspace, options);
  const found = selectFiles(workspaceFiles, placed, workspace, outside.files);
  return { found, nothing: found.length === 0 ? describeSearch(placed, workspace, outside.missing) : '' };
}

/** `"a/**" (under /ws), "/tmp/r/*.xml" (under /tmp/r, which does not exist)`: which patterns looked where. */
export function describeSearch(
  patterns: readonly FilePattern[],
  workspace: string,
  missing: ReadonlySet<string> = new Set(),
): string {
  const ws = workspaceRoot(workspace);
  return patterns
    .map((p) => {
      if (p.exclude) return JSON.stringify(p.written);
      if (!p.outside) return `${JSON.stringify(p.written)} (under the workspace, ${ws})`;
      const root = p.root ?? '/';
      const gone = missing.has(root);
      if (p.literal) return `${JSON.stringify(p.written)} (${gone ? 'no such file' : 'not a file'})`;
      return `${JSON.stringify(p.written)} (under ${root}${gone ? ', which does not exist' : ''})`;
    })
    .join(', ');
}

/** Workspace-relative paths (POSIX separators) of the workspace files the patterns select, sorted. */
export async function findFiles(workspace: string, patterns: readonly string[]): Promise<string[]> {
  return selectFiles(await listWorkspace(workspace), resolvePatterns(patterns, workspace), workspace).map(
    (f) => f.name,
  );
}

/**
 * The files under `root` (relative, POSIX), sorted; one bounded walk, not entering SKIP directories
 * nor `skipDir` (absolute: the workspace, when an outside root holds it).
 */
async function walkTree(
  root: string,
  limit: number,
  skipDir?: string,
): Promise<{ files: string[]; truncated: boolean }> {
  const base = path.resolve(root);
  const found: string[] = [];
  let seen = 0;
  let truncated = false;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(path.join(base, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (++seen > limit) {
        truncated = true;
        return;
      }
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (SKIP.has(entry.name)) continue;
        if (skipDir !== undefined && path.join(base, rel) === skipDir) continue;
        await walk(rel);
      } else if (entry.isFile()) {
        found.push(rel);
      }
    }
  };
  await walk('');
  return { files: found.sort(), truncated };
}
