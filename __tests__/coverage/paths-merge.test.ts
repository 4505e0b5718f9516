import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { findFiles, parsePatterns } from '../../src/coverage/files.js';
import { mergeFiles } from '../../src/coverage/merge.js';
import { percent, totalsOf, type FileCoverage } from '../../src/coverage/model.js';
import { repositoryPath, SourceIndex } from '../../src/coverage/paths.js';

const REPO = [
  'backend/src/main/java/demo/calc/Main.java',
  'backend/src/main/java/demo/calc/Calculator.java',
  'api/src/main/java/demo/util/Text.java',
  'other/src/main/java/demo/util/Text.java',
  'frontend/src/App.tsx',
  'gcc/project/main.c',
];

describe('repositoryPath', () => {
  const index = new SourceIndex(REPO);
  test.each([
    [
      'an absolute path under the workspace',
      '/ci-runner/_work/demo/frontend/src/App.tsx',
      [],
      'frontend/src/App.tsx',
    ],
    [
      'JaCoCo package path, found under a module',
      'demo/calc/Main.java',
      [],
      'backend/src/main/java/demo/calc/Main.java',
    ],
    [
      'Cobertura file under an absolute <source> in the workspace',
      'project/main.c',
      ['/ci-runner/_work/demo/gcc'],
      'gcc/project/main.c',
    ],
    ['Cobertura file under a relative <source>', 'src/App.tsx', ['frontend'], 'frontend/src/App.tsx'],
    [
      'written on another machine: placed by suffix',
      '/builds/ci/demo/frontend/src/App.tsx',
      [],
      'frontend/src/App.tsx',
    ],
    ['ambiguous package path: left as reported', 'demo/util/Text.java', [], 'demo/util/Text.java'],
    ['unknown: left as reported, normalised', './lib/x.js', [], 'lib/x.js'],
    ['Windows separators', 'frontend\\src\\App.tsx', [], 'frontend/src/App.tsx'],
  ])('%s', (_what, reported, roots, expected) => {
    expect(repositoryPath(reported, '/ci-runner/_work/demo', roots, index)).toBe(expected);
  });
});

describe('mergeFiles', () => {
  const file = (
    p: string,
    lines: Array<[number, number]>,
    branches?: Array<[number, number, number]>,
  ): FileCoverage => {
    const l = new Map(lines);
    const b = branches ? new Map(branches.map(([n, covered, total]) => [n, { covered, total }])) : undefined;
    const covered = lines.filter(([, h]) => h > 0).length;
    const bc = branches?.reduce((s, [, c]) => s + c, 0) ?? 0;
    const bt = branches?.reduce((s, [, , t]) => s + t, 0) ?? 0;
    return {
      path: p,
      lines: l,
      ...(b ? { branches: b } : {}),
      summary: {
        lines: { covered, total: lines.length },
        branches: b ? { covered: bc, total: bt } : null,
        functions: null,
      },
    };
  };

  test('split runs of one file: a line is covered when either run covered it; branches take the larger counts', () => {
    const [merged] = mergeFiles([
      file(
        'a.ts',
        [
          [1, 1],
          [2, 0],
          [3, 0],
        ],
        [[2, 1, 2]],
      ),
      file(
        'a.ts',
        [
          [1, 0],
          [2, 3],
          [3, 0],
        ],
        [[2, 2, 2]],
      ),
    ]);
    expect([...(merged?.lines ?? [])]).toEqual([
      [1, 1],
      [2, 1],
      [3, 0],
    ]);
    expect(merged?.summary).toEqual({
      lines: { covered: 2, total: 3 },
      branches: { covered: 2, total: 2 },
      functions: null,
    });
  });

  test('different files stay apart, sorted; branch data absent stays null (not 0 of 0)', () => {
    const files = mergeFiles([file('b.ts', [[1, 1]]), file('a.ts', [[1, 0]])]);
    expect(files.map((f) => f.path)).toEqual(['a.ts', 'b.ts']);
    expect(totalsOf(files)).toEqual({ lines: { covered: 1, total: 2 }, branches: null, functions: null });
  });

  test('summary-only entries cannot merge lines: the one with more covered lines wins', () => {
    const summaryOnly = (covered: number): FileCoverage => ({
      path: 'x.ts',
      summary: { lines: { covered, total: 10 }, branches: null, functions: null },
    });
    expect(mergeFiles([summaryOnly(3), summaryOnly(7)])[0]?.summary.lines.covered).toBe(7);
  });
});

test.each([
  [{ covered: 799, total: 1000 }, 79.9],
  [{ covered: 7999, total: 10000 }, 79.9], // truncated, never rounded up past a gate
  [{ covered: 0, total: 0 }, null],
])('percent(%j) = %s', (c, p) => {
  expect(percent(c)).toBe(p);
});

describe('coverage-files', () => {
  test.each([
    ['coverage/lcov.info', ['coverage/lcov.info']],
    ['./a.xml, b/**/*.xml\n!b/skip/**', ['a.xml', 'b/**/*.xml', '!b/skip/**']],
    ['/tmp/lcov.info\n!/tmp/old/**', ['/tmp/lcov.info', '!/tmp/old/**']],
  ])('%j', (text, patterns) => {
    expect(parsePatterns(text, 'coverage-files')).toEqual(patterns);
  });

  test.each([
    ['', 'coverage-files: required; glob patterns of the report files'],
    ['a.xml\n!', 'coverage-files: "!" alone excludes nothing; write "!<pattern>", e.g. "!**/test/**"'],
    [
      '~/reports/lcov.info',
      'coverage-files: "~/reports/lcov.info": "~" is not expanded; write the path relative to the workspace or absolute',
    ],
  ])('%j is refused', (text, message) => {
    expect(() => parsePatterns(text, 'coverage-files')).toThrow(message);
  });

  test('findFiles walks the workspace, not node_modules or .git, and honours exclusions', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'berth-ws-'));
    try {
      for (const f of [
        'a/build/jacoco.xml',
        'b/build/jacoco.xml',
        'b/skip/build/jacoco.xml',
        'node_modules/x/build/jacoco.xml',
        '.git/build/jacoco.xml',
      ]) {
        mkdirSync(path.dirname(path.join(ws, f)), { recursive: true });
        writeFileSync(path.join(ws, f), '<report/>');
      }
      expect(await findFiles(ws, ['**/build/jacoco.xml', '!b/skip/**'])).toEqual([
        'a/build/jacoco.xml',
        'b/build/jacoco.xml',
      ]);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
