/**
 * Pattern matching for branches and paths, with GitHub's filter semantics: `*` matches within one path
 * segment, `**` across segments, `?` one character, `[…]` a class, and a leading `!` excludes what the
 * patterns before it matched. Names are data: they are only ever tested against compiled patterns.
 */
import picomatch from 'picomatch';
import type { EnvironmentConfig } from '../config/schema.js';

const OPTIONS: picomatch.PicomatchOptions = { dot: true, nobrace: true, noextglob: true, nonegate: true };

const compiled = new Map<string, (input: string) => boolean>();

function matcher(pattern: string): (input: string) => boolean {
  let m = compiled.get(pattern);
  if (m === undefined) {
    m = picomatch(pattern, OPTIONS);
    compiled.set(pattern, m);
  }
  return m;
}

/** One pattern (no `!`) against one name, with the same semantics. */
export function globMatches(pattern: string, name: string): boolean {
  return matcher(pattern)(name);
}

/** The pattern (of an ordered list with `!` exclusions) that decides a name, or undefined when none includes it. */
export function matchingPattern(patterns: readonly string[], name: string): string | undefined {
  let decided: string | undefined;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (decided !== undefined && matcher(pattern.slice(1))(name)) decided = undefined;
    } else if (decided === undefined && matcher(pattern)(name)) {
      decided = pattern;
    }
  }
  return decided;
}

/** The first environment whose branch patterns match the branch. */
export function findEnvironment(
  environments: readonly EnvironmentConfig[],
  branch: string,
): { environment: EnvironmentConfig; pattern: string } | undefined {
  for (const environment of environments) {
    const pattern = matchingPattern(environment.branches, branch);
    if (pattern !== undefined) return { environment, pattern };
  }
  return undefined;
}

/** `refs/heads/feature/x` → `feature/x`; undefined for tags and other refs. */
export function branchOfRef(ref: string): string | undefined {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}
