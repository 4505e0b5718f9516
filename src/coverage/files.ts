/**
 * `coverage-files`: glob patterns (one per line or comma-separated, `!` to exclude, GitHub's filter
 * semantics) relative to the workspace, matched against a bounded walk of it. Dependency and VCS
 * directories are not walked (a report is never inside node_modules/.git).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../errors.js';
import { matchingPattern } from '../plan/match.js';

const SKIP = new Set(['.git', 'node_modules', '.gradle', '.venv', '__pycache__']);
const MAX_ENTRIES = 200_000;

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
    if (path.isAbsolute(p.replace(/^!/, ''))) {
      throw new ConfigurationError(`${input}: ${JSON.stringify(p)} must be relative to the workspace`, {
        key: input,
        kind: 'invalid',
      });
    }
  }
  return patterns.map((p) => p.replace(/^(!?)\.\//, '$1'));
}

/** Workspace-relative paths (POSIX separators) of the files the patterns select, sorted. */
export async function findFiles(workspace: string, patterns: readonly string[]): Promise<string[]> {
  return selectFiles(await listWorkspace(workspace), patterns);
}

/** The files of a listing that the patterns select. */
export function selectFiles(files: readonly string[], patterns: readonly string[]): string[] {
  return files.filter((f) => matchingPattern(patterns, f) !== undefined);
}

/** Every file of the workspace (one bounded walk: reports, test results and the source index share it), sorted. */
export async function listWorkspace(workspace: string): Promise<string[]> {
  const found: string[] = [];
  let seen = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(path.join(workspace, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) return;
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) await walk(rel);
      } else if (entry.isFile()) {
        found.push(rel);
      }
    }
  };
  await walk('');
  return found.sort();
}
