// What each test suite needs from the sandbox: the `@needs` line of its docblock (the file's first
// comment), e.g. ` * @needs docker registry nginx`. Jest hands the same pragma to the environment.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { PARTS } from '../parts.mjs';

/** The parts a pragma value names (jest gives a repeated pragma as an array); unknown names throw. */
export function partsOf(pragma, file = 'a suite') {
  const names = (Array.isArray(pragma) ? pragma.join(' ') : (pragma ?? ''))
    .split(/[\s,]+/)
    .filter((n) => n !== '');
  for (const name of names) {
    if (!(name in PARTS))
      throw new Error(`${file}: @needs ${name}: no such part (${Object.keys(PARTS).join(', ')})`);
  }
  return names;
}

/** The `@needs` of a suite's source: its leading docblock's pragma lines, all of them. */
export function needsOf(source, file) {
  const docblock = /^\s*(\/\*\*[\s\S]*?\*\/)/.exec(source)?.[1] ?? '';
  const lines = [...docblock.matchAll(/^\s*\*?\s*@needs\s+(.*?)\s*(?:\*\/)?$/gm)].map((m) => m[1]);
  return partsOf(lines, file);
}

function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(file);
    return [file];
  });
}

/** The suites of a jest project (its roots, testMatch and testPathIgnorePatterns), each with its needs. */
export function projectSuites(config) {
  const matches = picomatch(config.testMatch ?? ['**/*.test.ts'], { dot: true });
  const ignored = (config.testPathIgnorePatterns ?? []).map((p) => new RegExp(p));
  return (config.roots ?? [config.rootDir])
    .flatMap(walk)
    .filter((file) => matches(file) && !ignored.some((re) => re.test(file)))
    .map((file) => ({ file, needs: needsOf(readFileSync(file, 'utf8'), file) }));
}
