/**
 * docs/ARCHITECTURE.md stays true as code moves: every directory and top-level module of src/ (and of
 * src/deploy/) is in its map, everything the map names exists, and src/ has no import cycle — static,
 * dynamic or type-only imports alike.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { ROOT } from './helpers/run-dist.js';

const doc = readFileSync(path.join(ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
const blocks = [...doc.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const block = (first: string): string => blocks.find((b) => b.startsWith(first)) ?? '';

/** The names at the map's first level of indentation below its root line (`  deploy/`, `  main.ts`). */
function mapped(text: string, indent: number): string[] {
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .filter((l) => l.startsWith(pad) && l[indent] !== ' ')
    .map((l) => l.slice(indent).split(/[\s,]+/)[0] as string)
    .filter((name) => /^[a-z][\w.-]*(\/|\.ts)$/.test(name));
}

const entries = (dir: string): string[] =>
  readdirSync(path.join(ROOT, dir)).map((name) =>
    statSync(path.join(ROOT, dir, name)).isDirectory() ? `${name}/` : name,
  );

test.each([
  ['src/', 'src'],
  ['deploy/', 'src/deploy'],
])('the map of %s names every part there is and only those', (first, dir) => {
  const named = mapped(block(first), 2);
  const actual = entries(dir).filter((e) => e.endsWith('/') || e.endsWith('.ts'));
  // `lock.ts, state.ts, timeline.ts` on one line: every name of the line counts.
  const inLines = block(first)
    .split('\n')
    .filter((l) => l.startsWith('  ') && l[2] !== ' ')
    .flatMap((l) =>
      l
        .slice(2)
        .split(/\s{2,}/)[0]!
        .split(/,\s*/),
    );
  expect(actual.filter((e) => !named.includes(e) && !inLines.includes(e))).toEqual([]);
  expect(named.filter((e) => !existsSync(path.join(ROOT, dir, e)))).toEqual([]);
});

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [path.join(dir, e.name)]
        : [],
  );
}

/** Every relative import of a module: `from './x.js'`, `import('./x.js')`, `import './x.js'`, `export … from`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)].map((m) =>
    path.resolve(path.dirname(file), (m[1] as string).replace(/\.js$/, '.ts')),
  );
}

test('src/ has no import cycle', () => {
  const graph = new Map(sources(path.join(ROOT, 'src')).map((f) => [f, importsOf(f)]));
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, trail: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(ROOT, f)).join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  expect(cycles).toEqual([]);
});

test('the cycle check sees a cycle through a dynamic import', () => {
  // The two halves of the deploy command once imported each other this way.
  expect(importsOf(path.join(ROOT, 'src', 'deploy', 'strategies.ts'))).toEqual(
    expect.arrayContaining([path.join(ROOT, 'src', 'deploy', 'containers', 'strategy.ts')]),
  );
});
