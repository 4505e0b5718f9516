import { describe, expect, test } from '@jest/globals';
import { CoverageBuilder, MAX_LINE, packBranches, packLines } from '../../src/coverage/packed.js';

describe('PackedLines (two bits a line)', () => {
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

  test('every line of every span reads back as a Map would hold it: runs of 1 to 13 lines at every offset, four to a byte', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const builder = new CoverageBuilder();
    const files: Array<{ expected: Map<number, number>; lines: ReturnType<CoverageBuilder['takeLines']> }> =
      [];
    for (let f = 0; f < 400; f++) {
      const expected = new Map<number, number>();
      const first = random(9);
      const span = 1 + (f % 13);
      for (let k = 0; k < span; k++) {
        if (k > 0 && k < span - 1 && random(3) === 0) continue; // gaps: absent lines inside the run
        const hits = random(3);
        builder.line(first + k, hits);
        expected.set(first + k, Math.max(expected.get(first + k) ?? 0, hits > 0 ? 1 : 0));
      }
      files.push({ expected, lines: builder.takeLines() });
    }
    for (const { expected, lines } of files) {
      expect(new Map(lines)).toEqual(expected);
      for (let line = -1; line < 25; line++) expect(lines.get(line)).toBe(expected.get(line));
      expect(lines.size).toBe(expected.size);
      expect(lines.covered).toBe([...expected.values()].filter((v) => v === 1).length);
    }
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

  test('given line after line, out of order, or named again: added, or set by setBranches, as a map would', () => {
    const builder = new CoverageBuilder();
    const take = () => [...(builder.takeBranches() ?? [])];
    // In order (every parser's usual case), a line named twice in a row adds up.
    builder.addBranches(2, 1, 2);
    builder.addBranches(5, 1, 2);
    builder.addBranches(5, 1, 2);
    expect(take()).toEqual([
      [2, { covered: 1, total: 2 }],
      [5, { covered: 2, total: 4 }],
    ]);
    // Out of order: an earlier line after a later one, and a line named again further on.
    builder.addBranches(9, 1, 2);
    builder.addBranches(4, 2, 2);
    builder.addBranches(9, 0, 2);
    expect(take()).toEqual([
      [4, { covered: 2, total: 2 }],
      [9, { covered: 1, total: 4 }],
    ]);
    // setBranches keeps the last outcomes, in order and out of it.
    builder.setBranches(3, 1, 2);
    builder.setBranches(3, 0, 4);
    builder.setBranches(7, 2, 2);
    builder.setBranches(3, 1, 1);
    expect(take()).toEqual([
      [3, { covered: 1, total: 1 }],
      [7, { covered: 2, total: 2 }],
    ]);
    // branchesAt hands out the builder's own counter, also for lines given in order.
    builder.addBranches(1, 0, 2);
    builder.addBranches(6, 1, 2);
    const seen = builder.branchesAt(6);
    expect(seen).toEqual({ covered: 1, total: 2 });
    if (seen) seen.covered = 2;
    builder.addBranches(8, 1, 1);
    const packed = builder.takeBranches();
    expect([...(packed ?? [])]).toEqual([
      [1, { covered: 0, total: 2 }],
      [6, { covered: 2, total: 2 }],
      [8, { covered: 1, total: 1 }],
    ]);
    expect(packed?.totals).toEqual({ covered: 3, total: 5 });
    expect(take()).toEqual([]);
  });
});
