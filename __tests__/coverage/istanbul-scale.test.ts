/**
 * A monorepo's coverage-final.json is read one file at a time (istanbul.ts topLevelEntries): a report of
 * ~110 MB, generated here as a stream (never written), parses with the exact totals while the heap stays
 * far below the report's size — read whole, JSON.parse alone would need several times the report (a
 * 449 MB one took Node past 4.5 GB and down).
 */
import { expect, test } from '@jest/globals';
import { parseIstanbulFinal, parseIstanbulSummary, topLevelEntries } from '../../src/coverage/istanbul.js';
import { totalsOf } from '../../src/coverage/model.js';

/** One file's FileCoverage: `statements` statements on lines 1.., every third missed; one if/else. */
function fileEntry(name: string, statements: number): string {
  const map: string[] = [];
  const s: string[] = [];
  for (let i = 0; i < statements; i++) {
    map.push(`"${i}":{"start":{"line":${i + 1},"column":4},"end":{"line":${i + 1},"column":40}}`);
    s.push(`"${i}":${i % 3 === 0 ? 0 : 7}`);
  }
  const branch =
    '"0":{"loc":{"start":{"line":2,"column":4},"end":{"line":4,"column":5}},"type":"if","locations":[{"start":{"line":2,"column":4},"end":{"line":4,"column":5}},{"start":{"line":2,"column":4},"end":{"line":4,"column":5}}],"line":2}';
  // nyc keeps the TypeScript source map of each file (inputSourceMap): most of a real report's bytes.
  const sourceMap = `{"version":3,"sources":[${JSON.stringify(name)}],"names":[],"mappings":"${'AAAA,IAAI;'.repeat(400)}"}`;
  return `${JSON.stringify(name)}:{"path":${JSON.stringify(name)},"statementMap":{${map.join(',')}},"fnMap":{},"branchMap":{${branch}},"s":{${s.join(',')}},"f":{},"b":{"0":[3,0]},"inputSourceMap":${sourceMap}}`;
}

async function* report(files: number, statements: number, chunkBytes = 1 << 20): AsyncGenerator<Buffer> {
  let pending = '{\n';
  for (let f = 0; f < files; f++) {
    pending += `${f === 0 ? '' : ',\n'}${fileEntry(`/ci/work/app/packages/p${f % 97}/src/file-${f}.ts`, statements)}`;
    if (pending.length >= chunkBytes) {
      yield Buffer.from(pending);
      pending = '';
    }
  }
  yield Buffer.from(`${pending}\n}\n`);
}

test('a ~110 MB coverage-final.json: exact totals, the heap never near the report size', async () => {
  const files = 10_000;
  const statements = 120; // ~7.6 KB a file
  let bytes = 0;
  let peak = 0;
  global.gc?.();
  const base = process.memoryUsage().heapUsed;
  async function* measured(): AsyncGenerator<Buffer> {
    for await (const chunk of report(files, statements)) {
      bytes += chunk.length;
      peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      yield chunk;
    }
  }
  const parsed = await parseIstanbulFinal(measured(), 'coverage-final.json');
  // One file at a time: the first entry comes out while the report is still being produced.
  let chunksAtFirst = -1;
  let chunks = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of report(50, statements, 4096)) {
      chunks += 1;
      yield chunk;
    }
  }
  let entries = 0;
  for await (const [name] of topLevelEntries(counted(), 'small.json')) {
    if (chunksAtFirst < 0) chunksAtFirst = chunks;
    if (name.endsWith('.ts')) entries += 1;
  }
  expect(entries).toBe(50);
  expect(chunks).toBeGreaterThan(50);
  expect(chunksAtFirst).toBeLessThanOrEqual(3);
  expect(bytes).toBeGreaterThan(110e6);
  expect(parsed.files).toHaveLength(files);
  const totals = totalsOf(parsed.files);
  expect(totals.lines).toEqual({ covered: files * (statements - 40), total: files * statements });
  expect(totals.branches).toEqual({ covered: files, total: files * 2 });
  // Read whole, the text alone (and then the parsed objects, several times more) would be on the heap.
  // (garbage not yet collected counts too: the bound is loose, the order of magnitude is the point)
  expect(peak).toBeLessThan(bytes);
}, 120_000);

test('the summary reader streams too: a key given twice counts once, the last one (as JSON.parse)', async () => {
  async function* text(): AsyncGenerator<string> {
    yield '{"total": {"lines": {"total": 9, "covered": 9}},\n "a.js": {"lines": {"total": 4, "covered": 1}}';
    yield ', "a.js": {"lines": {"total": 4, "covered": 3}}, "b\\u002ejs": {"lines": {"total": 2, "covered": 2}}}';
  }
  const parsed = await parseIstanbulSummary(text(), 'coverage-summary.json');
  expect(parsed.files.map((f) => [f.path, f.summary.lines])).toEqual([
    ['a.js', { covered: 3, total: 4 }],
    ['b.js', { covered: 2, total: 2 }],
  ]);
});
