/**
 * Several reports into one (monorepo modules, split test runs): files keyed by repository path; a file
 * reported twice is merged line by line — a line is covered when any run covered it, a line's branches take the larger covered and total counts (two runs of the same code see the same
 * branches). Where either side has only totals (coverage-summary.json), line data cannot be merged and
 * the side with more covered lines wins.
 */
import { type FileCoverage } from './model.js';
import { CoverageBuilder, type PackedBranches } from './packed.js';

export function mergeFiles(files: readonly FileCoverage[]): FileCoverage[] {
  const byPath = new Map<string, FileCoverage>();
  let data: CoverageBuilder | undefined;
  for (const file of files) {
    const seen = byPath.get(file.path);
    byPath.set(file.path, seen === undefined ? file : mergeTwo(seen, file, (data ??= new CoverageBuilder())));
  }
  // One collator for the whole sort: localeCompare per pair costs seconds over a million files.
  const { compare } = new Intl.Collator();
  return [...byPath.values()].sort((a, b) => compare(a.path, b.path));
}

function mergeTwo(a: FileCoverage, b: FileCoverage, data: CoverageBuilder): FileCoverage {
  if (a.lines === undefined || b.lines === undefined) {
    return b.summary.lines.covered > a.summary.lines.covered ? b : a;
  }
  for (const [line, hits] of a.lines) data.line(line, hits);
  for (const [line, hits] of b.lines) data.line(line, hits);
  const lines = data.takeLines();
  let branches: PackedBranches | undefined;
  if (a.branches !== undefined || b.branches !== undefined) {
    for (const [line, c] of a.branches ?? []) data.addBranches(line, c.covered, c.total);
    for (const [line, c] of b.branches ?? []) {
      const seen = data.branchesAt(line);
      if (seen === undefined) data.addBranches(line, c.covered, c.total);
      else {
        seen.covered = Math.max(seen.covered, c.covered);
        seen.total = Math.max(seen.total, c.total);
      }
    }
    branches = data.takeBranches();
  }
  const counted = {
    lines: { covered: lines.covered, total: lines.size },
    branches:
      branches === undefined
        ? a.branches || b.branches
          ? { covered: 0, total: 0 }
          : null
        : { ...branches.totals },
  };
  const functions =
    a.summary.functions === null
      ? b.summary.functions
      : b.summary.functions === null || a.summary.functions.covered >= b.summary.functions.covered
        ? a.summary.functions
        : b.summary.functions;
  return { path: a.path, lines, ...(branches ? { branches } : {}), summary: { ...counted, functions } };
}
