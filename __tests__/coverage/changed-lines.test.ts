import { describe, expect, test } from '@jest/globals';
import { changedLinesCoverage } from '../../src/coverage/changed-lines.js';
import { diffFromPatches, parseUnifiedDiff } from '../../src/coverage/diff.js';
import type { FileCoverage } from '../../src/coverage/model.js';

describe('parseUnifiedDiff', () => {
  test('added and modified lines, new-file numbering; deletions, deleted files and binaries add none', () => {
    const diff = [
      'diff --git a/src/cart.js b/src/cart.js',
      'index 1111111..2222222 100644',
      '--- a/src/cart.js',
      '+++ b/src/cart.js',
      '@@ -3 +3,2 @@ function total(items) {',
      '-  return 0;',
      '+  let sum = 0;',
      '+  return sum;',
      '@@ -10,0 +12 @@',
      '+// note',
      '@@ -20,2 +22,0 @@',
      '-gone();',
      '-gone();',
      'diff --git a/old.js b/old.js',
      'deleted file mode 100644',
      '--- a/old.js',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
      'diff --git a/logo.png b/logo.png',
      'Binary files a/logo.png and b/logo.png differ',
      'diff --git a/a.js b/lib/a.js',
      'similarity index 90%',
      'rename from a.js',
      'rename to lib/a.js',
      '--- a/a.js',
      '+++ b/lib/a.js',
      '@@ -5 +5 @@',
      '-old',
      '+new',
      'diff --git "a/na\\303\\257ve.js" "b/na\\303\\257ve.js"',
      '--- "a/na\\303\\257ve.js"',
      '+++ "b/na\\303\\257ve.js"',
      '@@ -0,0 +1 @@',
      '+x',
      '',
    ].join('\n');
    expect(Object.fromEntries([...parseUnifiedDiff(diff)].map(([f, lines]) => [f, [...lines]]))).toEqual({
      'src/cart.js': [3, 4, 12],
      'lib/a.js': [5],
      'naïve.js': [1],
    });
  });

  test('context lines (a diff without --unified=0) advance the numbering', () => {
    const diff = ['+++ b/x.js', '@@ -1,3 +1,4 @@', ' a', '+b', ' c', '+d', ''].join('\n');
    expect([...(parseUnifiedDiff(diff).get('x.js') ?? [])]).toEqual([2, 4]);
  });
});

describe('changedLinesCoverage', () => {
  const file = (path: string, lines: Array<[number, number]>): FileCoverage => ({
    path,
    lines: new Map(lines),
    summary: { lines: { covered: 0, total: lines.length }, branches: null, functions: null },
  });
  const report = [
    file('src/cart.js', [
      [3, 1],
      [4, 0],
      [5, 0],
      [7, 0],
      [12, 2],
    ]),
    {
      path: 'src/summary-only.js',
      summary: { lines: { covered: 1, total: 2 }, branches: null, functions: null },
    },
  ];

  test('only coverable changed lines count; uncovered ones grouped into ranges across non-coverable lines', () => {
    const changed = new Map([
      ['src/cart.js', new Set([3, 4, 5, 6, 7, 12, 13])],
      ['README.md', new Set([1])],
      ['src/summary-only.js', new Set([1])],
    ]);
    expect(changedLinesCoverage(changed, report)).toEqual({
      counter: { covered: 2, total: 5 },
      files: [{ path: 'src/cart.js', counter: { covered: 2, total: 5 } }],
      uncovered: [{ file: 'src/cart.js', start: 4, end: 7 }],
      unmeasured: ['src/summary-only.js'],
    });
  });

  test('a change with no coverable line measures nothing (0 of 0)', () => {
    expect(changedLinesCoverage(new Map([['src/cart.js', new Set([6])]]), report).counter).toEqual({
      covered: 0,
      total: 0,
    });
  });
});

test("GitHub's per-file patches read as one diff (the fallback without git history)", () => {
  const diff = diffFromPatches([
    { file: 'src/a.ts', patch: '@@ -1,2 +1,3 @@\n a\n+b\n c' },
    { file: 'src/b.ts', patch: '@@ -0,0 +1 @@\n+x' },
  ]);
  expect(Object.fromEntries([...parseUnifiedDiff(diff)].map(([f, l]) => [f, [...l]]))).toEqual({
    'src/a.ts': [2],
    'src/b.ts': [1],
  });
});
