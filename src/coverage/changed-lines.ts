/**
 * Changed-lines coverage: the lines a pull request adds or modifies, intersected with the coverable
 * lines of the merged report. The diff is the checked-out commit (what the tests ran on — for a
 * pull_request event the merge commit) against the PR's base commit, fetched when a shallow checkout
 * lacks it.
 */
import { createExec, type Exec } from '../exec.js';
import type { GitHubApi } from '../github/api.js';
import type { PullRequestRef } from '../github/pull-request-comment.js';
import type { InputsOf } from '../inputs.js';
import type { Runtime } from '../runtime/runtime.js';
import { diffFromPatches, parseUnifiedDiff, type ChangedLines } from './diff.js';
import type { Counter, FileCoverage } from './model.js';

export interface UncoveredRange {
  file: string;
  start: number;
  end: number;
}

export interface ChangedLinesResult {
  counter: Counter;
  /** Per changed file with line data: its changed coverable lines. */
  files: Array<{ path: string; counter: Counter }>;
  uncovered: UncoveredRange[];
  /** Changed files the report has no line data for (not counted). */
  unmeasured: string[];
}

/** Intersects the change with the report (pure). */
export function changedLinesCoverage(
  changed: ChangedLines,
  files: readonly FileCoverage[],
): ChangedLinesResult {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const result: ChangedLinesResult = {
    counter: { covered: 0, total: 0 },
    files: [],
    uncovered: [],
    unmeasured: [],
  };
  for (const [path, lines] of [...changed].sort(([a], [b]) => a.localeCompare(b))) {
    const file = byPath.get(path);
    if (file === undefined) continue; // not measured at all: docs, configs, tests
    if (file.lines === undefined) {
      result.unmeasured.push(path);
      continue;
    }
    const counter = { covered: 0, total: 0 };
    const missed: number[] = [];
    for (const line of [...lines].sort((a, b) => a - b)) {
      const hits = file.lines.get(line);
      if (hits === undefined) continue; // not coverable: blank, comment, declaration
      counter.total += 1;
      if (hits > 0) counter.covered += 1;
      else missed.push(line);
    }
    if (counter.total === 0) continue;
    result.files.push({ path, counter });
    result.counter.covered += counter.covered;
    result.counter.total += counter.total;
    for (const range of ranges(path, missed, file.lines)) result.uncovered.push(range);
  }
  return result;
}

/** Consecutive uncovered lines (ignoring non-coverable lines between them) as one range. */
function ranges(
  file: string,
  missed: readonly number[],
  coverable: ReadonlyMap<number, number>,
): UncoveredRange[] {
  const out: UncoveredRange[] = [];
  for (const line of missed) {
    const last = out.at(-1);
    if (last !== undefined && onlyUncoverableBetween(last.end, line, coverable)) last.end = line;
    else out.push({ file, start: line, end: line });
  }
  return out;
}

function onlyUncoverableBetween(a: number, b: number, coverable: ReadonlyMap<number, number>): boolean {
  for (let n = a + 1; n < b; n++) if (coverable.has(n)) return false;
  return true;
}

/** The diff of HEAD against `base` in the workspace; undefined (with the reason) when git cannot give it. */
export async function gitChangedLines(
  exec: Exec,
  workspace: string,
  base: string,
): Promise<{ changed: ChangedLines } | { reason: string }> {
  const git = (...args: string[]) => exec(['git', '-C', workspace, ...args], { quiet: true });
  if ((await git('cat-file', '-e', `${base}^{commit}`)).code !== 0) {
    // A shallow checkout (actions/checkout's default depth 1) has no base commit: fetch just that one.
    const fetched = await exec(['git', '-C', workspace, 'fetch', '--no-tags', '--depth=1', 'origin', base]);
    if (fetched.code !== 0) {
      return {
        reason: `the base commit ${base.slice(0, 12)} is not in the checkout and could not be fetched (${fetched.stderr.trim().split('\n').at(-1) ?? ''}); use actions/checkout with fetch-depth: 0`,
      };
    }
  }
  const diff = await git(
    'diff',
    '--unified=0',
    '--no-color',
    '--no-ext-diff',
    '--no-prefix',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    '-M',
    base,
    'HEAD',
  );
  if (diff.code !== 0) return { reason: `git diff failed: ${diff.stderr.trim().split('\n').at(-1) ?? ''}` };
  return { changed: parseUnifiedDiff(diff.stdout) };
}

/**
 * On a pull request: the change against its base commit, from git; without the history to compare,
 * from the pull request's patches (GitHub API); else the reason it could not be measured.
 */
export async function pullRequestChangedLines(
  inputs: Pick<InputsOf<'coverage'>, 'githubToken'>,
  runtime: Runtime,
  pr: PullRequestRef,
  api: () => GitHubApi,
  files: readonly FileCoverage[],
): Promise<ChangedLinesResult | { reason: string }> {
  if (pr.baseSha === undefined) return { reason: 'the event has no pull_request.base.sha' };
  const diff = await gitChangedLines(createExec(runtime), runtime.workspace, pr.baseSha);
  if (!('reason' in diff)) return changedLinesCoverage(diff.changed, files);
  // No git history to compare: ask GitHub for the pull request's patches instead.
  if (inputs.githubToken !== '' && pr.number !== undefined) {
    try {
      const listed = await api().pullRequestFiles(pr.number);
      runtime.info(`changed lines from the pull request's files (GitHub API): ${diff.reason}`);
      return changedLinesCoverage(parseUnifiedDiff(diffFromPatches(listed.patches ?? [])), files);
    } catch (error) {
      runtime.warning(
        `changed-lines coverage: the pull request's files could not be read either (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  runtime.warning(`changed-lines coverage skipped: ${diff.reason}`);
  return diff;
}
