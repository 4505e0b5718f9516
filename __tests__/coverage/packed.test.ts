import { describe, expect, test } from '@jest/globals';
import { CoverageBuilder, MAX_LINE, packBranches, packLines } from '../../src/coverage/packed.js';

describe('PackedLines (one byte a line)', () => {
  test('a read-only Map of line → ran (1) or not (0): sparse lines, order, a line given twice ran when either ran', () => {
    const lines = packLines([
      [3, 2],
      [1, 0],
      [5000, 7],
      [3, 0],
      [9, 0],
      [9, 4],
      [0, 0],
    ]);
    expect([lines.size, lines.covered]).toEqual([5, 3]);
    expect([0, 1, 2, 3, 9, 5000, 5001, 100_000, -1, 2.5].map((l) => lines.get(l))).toEqual([
      0,
      0,
      undefined,
      1,
      1,
      1,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect([lines.has(1), lines.has(2)]).toEqual([true, false]);
    expect([...lines]).toEqual([
      [0, 0],
      [1, 0],
      [3, 1],
      [9, 1],
      [5000, 1],
    ]);
    expect([...lines.keys()]).toEqual([0, 1, 3, 9, 5000]);
    expect([...lines.values()]).toEqual([0, 0, 1, 1, 1]);
    expect(new Map(lines)).toEqual(new Map([...lines.entries()]));
  });

  test('one builder for many files: each file gets only its own lines, across shared pages and own buffers', () => {
    const builder = new CoverageBuilder();
    const files = [];
    // ~3 MiB of line bytes: several shared pages, plus files long enough to get a buffer of their own.
    for (let f = 0; f < 3000; f++) {
      const length = f % 500 === 0 ? 70_000 : 1000;
      for (let line = 1 + (f % 7); line <= length; line += 1 + (f % 3)) builder.line(line, (line + f) % 4);
      files.push({ f, length, lines: builder.takeLines() });
    }
    for (const { f, length, lines } of files) {
      let size = 0;
      let covered = 0;
      for (let line = 1 + (f % 7); line <= length; line += 1 + (f % 3)) {
        size += 1;
        if ((line + f) % 4 > 0) covered += 1;
      }
      expect([lines.size, lines.covered]).toEqual([size, covered]);
      expect(lines.get(1 + (f % 7))).toBe((1 + (f % 7) + f) % 4 > 0 ? 1 : 0);
      expect(lines.get(length + 5)).toBeUndefined();
    }
    expect([...packLines([])]).toEqual([]);
  });

  test('line numbers beyond MAX_LINE or negative are refused, naming the number and the range', () => {
    const builder = new CoverageBuilder();
    expect(() => builder.line(MAX_LINE + 1, 1)).toThrow(
      `line number ${MAX_LINE + 1} is out of range (0 to ${MAX_LINE})`,
    );
    expect(() => builder.line(-1, 1)).toThrow('line number -1 is out of range');
    expect(() => builder.addBranches(2 ** 40, 0, 1)).toThrow('out of range');
    builder.line(MAX_LINE, 1);
    const lines = builder.takeLines();
    expect([...lines]).toEqual([[MAX_LINE, 1]]);
  });

  test('load puts a packed file back for merging with more of its lines', () => {
    const builder = new CoverageBuilder();
    const first = packLines(
      [
        [1, 0],
        [2, 1],
      ],
      builder,
    );
    builder.load(first, packBranches([[2, { covered: 1, total: 2 }]]));
    builder.line(1, 3);
    builder.line(4, 0);
    builder.addBranches(2, 1, 2);
    expect([...builder.takeLines()]).toEqual([
      [1, 1],
      [2, 1],
      [4, 0],
    ]);
    expect([...(builder.takeBranches() ?? [])]).toEqual([[2, { covered: 2, total: 4 }]]);
    expect(builder.takeBranches()).toBeUndefined();
    expect(builder.takeLines().size).toBe(0);
  });
});

describe('PackedBranches (line, covered, total triples)', () => {
  test('sorted by line, found by binary search, totals over every line', () => {
    const lines = [900, 3, 17, 1, 250, 42, 8];
    const branches = packBranches(lines.map((l) => [l, { covered: l % 3, total: 3 }]));
    expect(branches?.size).toBe(lines.length);
    expect([...(branches?.keys() ?? [])]).toEqual([...lines].sort((a, b) => a - b));
    for (const l of lines) expect(branches?.get(l)).toEqual({ covered: l % 3, total: 3 });
    for (const l of [0, 2, 4, 901, 10_000]) expect(branches?.get(l)).toBeUndefined();
    expect(branches?.totals).toEqual({ covered: lines.reduce((n, l) => n + (l % 3), 0), total: 21 });
    expect(packBranches([])).toBeUndefined();
  });
});
