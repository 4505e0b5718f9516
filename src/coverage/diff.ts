/**
 * The lines a change adds or modifies, per file, from `git diff --unified=0` output (pure): the `+`
 * side of each hunk, in the new file's numbering. Deleted files, binary files and pure deletions add no
 * lines; a rename keeps only the lines it changed.
 */

/** File (repository-relative, new name) → added or modified line numbers. */
export type ChangedLines = Map<string, Set<number>>;

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

export function parseUnifiedDiff(diff: string): ChangedLines {
  const changed: ChangedLines = new Map();
  let file: string | undefined;
  let next = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      file = undefined;
      continue;
    }
    if (line.startsWith('+++ ')) {
      const target = unquote(line.slice(4).replace(/\t.*$/, ''));
      file = target === '/dev/null' ? undefined : target.replace(/^b\//, '');
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk) {
      next = Number(hunk[1]);
      continue;
    }
    if (file === undefined || line.startsWith('--- ')) continue;
    if (line.startsWith('+')) {
      let set = changed.get(file);
      if (set === undefined) changed.set(file, (set = new Set()));
      set.add(next);
      next += 1;
    } else if (line.startsWith(' ')) {
      next += 1; // context (absent with --unified=0, counted when present)
    }
  }
  return changed;
}

/** GitHub's per-file patches (the pull request files API) as one diff for parseUnifiedDiff. */
export function diffFromPatches(patches: ReadonlyArray<{ file: string; patch: string }>): string {
  return patches.map((p) => `diff --git a/${p.file} b/${p.file}\n+++ b/${p.file}\n${p.patch}\n`).join('');
}

/** git quotes paths with unusual characters: "b/na\\303\\257ve.txt" → b/naïve.txt. */
function unquote(path: string): string {
  if (!path.startsWith('"') || !path.endsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[i + 1] ?? '';
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(({ n: 10, t: 9, '"': 34, '\\': 92 } as Record<string, number>)[n] ?? n.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
