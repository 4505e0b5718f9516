/**
 * Report paths → repository-relative paths, so per-file figures line up with a PR's changed files:
 * absolute paths under the workspace, Cobertura's `<sources>` roots, and JaCoCo's `package/File.java`
 * (found under the source roots of the repository: src/main/java, module/src/main/kotlin, …).
 */
import path from 'node:path';
import { ownString, type CoverageReport } from './model.js';

/** Where a package-relative path (`demo/calc/Main.java`) can live, by suffix: one index per workspace. */
export class SourceIndex {
  /** Suffix → the file ending with it, or the files (most suffixes name one file: no array for those). */
  private readonly bySuffix = new Map<string, string | string[]>();

  constructor(files: readonly string[]) {
    for (const file of files) {
      // Index the last 1..6 segments: enough for package paths, bounded per file. Suffixes are slices of
      // the path (no split and join): 300,000 files index in ~100 MiB, not ~330.
      let at = file.length;
      for (let k = 0; k < 6 && at > 0; k++) {
        at = file.lastIndexOf('/', at - 1);
        const suffix = at === -1 ? file : file.slice(at + 1);
        const seen = this.bySuffix.get(suffix);
        if (seen === undefined) this.bySuffix.set(suffix, file);
        else if (typeof seen === 'string') this.bySuffix.set(suffix, [seen, file]);
        else seen.push(file);
      }
    }
  }

  /**
   * The one repository file ending with this path, trying its longest suffixes first (leading folders
   * of another machine drop away); undefined when none fits or the first that fits is ambiguous.
   */
  find(reported: string): string | undefined {
    const parts = reported.split('/').filter((p) => p !== '');
    const shortest = parts.length === 1 ? 1 : 2;
    for (let k = Math.min(parts.length, 6); k >= shortest; k--) {
      const seen = this.bySuffix.get(parts.slice(-k).join('/'));
      if (seen === undefined) continue;
      const list = typeof seen === 'string' ? [seen] : seen;
      // Only the last 6 segments are indexed: a longer path must agree with the file beyond them.
      const whole = `/${parts.join('/')}`;
      const fits = k < 6 ? list : list.filter((f) => whole.endsWith(`/${f}`) || `/${f}`.endsWith(whole));
      return fits.length === 1 ? fits[0] : undefined;
    }
    return undefined;
  }
}

/** Makes one path repository-relative (POSIX), or returns it unchanged when it cannot be placed. */
export function repositoryPath(
  reported: string,
  workspace: string,
  roots: readonly string[],
  index: SourceIndex | undefined,
): string {
  const posix = reported.replace(/\\/g, '/');
  const ws = workspace.replace(/\\/g, '/').replace(/\/$/, '');
  const inWorkspace = (p: string): string | undefined => {
    const normal = path.posix.normalize(p);
    return normal.startsWith(`${ws}/`) ? normal.slice(ws.length + 1) : undefined;
  };
  if (path.posix.isAbsolute(posix)) {
    const rel = inWorkspace(posix);
    if (rel !== undefined) return rel;
  } else {
    for (const root of roots) {
      const joined = path.posix.isAbsolute(root)
        ? inWorkspace(path.posix.join(root, posix))
        : path.posix.join(root, posix);
      if (joined !== undefined && (index === undefined || index.find(joined) === joined)) return joined;
    }
  }
  // Package-relative (JaCoCo), or an absolute path from another machine: place it by suffix.
  const found = index?.find(posix.replace(/^\/+/, ''));
  if (found !== undefined) return found;
  return path.posix.normalize(posix).replace(/^\.\//, '');
}

/**
 * The report with every file's path repository-relative where it can be placed. In place: the files
 * are the parser's own, and a copy of each would double what a report of a million files holds.
 */
export function normalisePaths(
  report: CoverageReport,
  workspace: string,
  index: SourceIndex | undefined,
): CoverageReport {
  const roots = report.sourceRoots ?? [];
  for (const f of report.files) f.path = ownString(repositoryPath(f.path, workspace, roots, index));
  return report;
}
