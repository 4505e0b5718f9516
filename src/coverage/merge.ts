/**
 * Several reports into one (monorepo modules, split test runs): files keyed by repository path; a file
 * reported twice is merged line by line — hits add up, a line is covered when any run covered it, a
 * line's branches take the larger covered and total counts (two runs of the same code see the same
 * branches). Where either side has only totals (coverage-summary.json), line data cannot be merged and
 * the side with more covered lines wins.
 */
import { summaryFromLines, type Counter, type FileCoverage } from './model.js';

export function mergeFiles(files: readonly FileCoverage[]): FileCoverage[] {
  const byPath = new Map<string, FileCoverage>();
  for (const file of files) {
    const seen = byPath.get(file.path);
    byPath.set(file.path, seen === undefined ? file : mergeTwo(seen, file));
  }
  // One collator for the whole sort: localeCompare per pair costs seconds over a million files.
  const { compare } = new Intl.Collator();
  return [...byPath.values()].sort((a, b) => compare(a.path, b.path));
}

function mergeTwo(a: FileCoverage, b: FileCoverage): FileCoverage {
  if (a.lines === undefined || b.lines === undefined) {
    return b.summary.lines.covered > a.summary.lines.covered ? b : a;
  }
  const lines = new Map(a.lines);
  for (const [line, hits] of b.lines) lines.set(line, (lines.get(line) ?? 0) + hits);
  let branches: Map<number, Counter> | undefined;
  if (a.branches !== undefined || b.branches !== undefined) {
    branches = new Map(a.branches ?? []);
    for (const [line, c] of b.branches ?? []) {
      const seen = branches.get(line);
      branches.set(
        line,
        seen ? { covered: Math.max(seen.covered, c.covered), total: Math.max(seen.total, c.total) } : c,
      );
    }
  }
  const counted = summaryFromLines(lines, branches);
  const functions =
    a.summary.functions === null
      ? b.summary.functions
      : b.summary.functions === null || a.summary.functions.covered >= b.summary.functions.covered
        ? a.summary.functions
        : b.summary.functions;
  return { path: a.path, lines, ...(branches ? { branches } : {}), summary: { ...counted, functions } };
}
