/**
 * A monorepo's lcov at a million source files, generated here (never committed), read through what the
 * `coverage` command reads with: every file counted, the exact totals, the run's memory bounded. A 76 MB
 * lcov of 141,156 files once ended in `RangeError: Maximum call stack size exceeded` (an argument spread
 * over every file).
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { totalsOf } from '../../src/coverage/model.js';
import { readCoverageReports } from '../../src/coverage/read.js';
import { fakeRuntime, TEST_SHA } from '../helpers/static-runtime.js';

const ws = mkdtempSync(path.join(tmpdir(), 'berth-lcov-scale-'));
afterAll(() => rmSync(ws, { recursive: true, force: true }));

const FILES = 1_000_000;

async function writeLcov(file: string): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  for (let i = 0; i < FILES; i++) {
    // Three lines a file, two covered; a branch pair on every tenth file.
    const record =
      `SF:packages/p${i % 500}/src/file-${i}.ts\nDA:1,1\nDA:2,0\nDA:3,4\n` +
      (i % 10 === 0 ? 'BRDA:3,0,0,1\nBRDA:3,0,1,0\nBRF:2\nBRH:1\n' : '') +
      'LF:3\nLH:2\nend_of_record\n';
    bytes += record.length;
    if (!out.write(record)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

test('a million files: every one counted, exact totals, no stack overflow, memory bounded', async () => {
  const bytes = await writeLcov(path.join(ws, 'lcov.info'));
  expect(bytes).toBeGreaterThan(70e6);
  const rssBefore = process.memoryUsage().rss;
  const r = fakeRuntime({ command: 'coverage', 'coverage-files': 'lcov.info' }, ws, {
    sha: TEST_SHA,
    'event-name': 'push',
  });
  const { files, reports } = await readCoverageReports(r.inputs, r.runtime);
  expect(reports).toEqual([{ file: 'lcov.info', format: 'lcov', files: FILES }]);
  expect(files).toHaveLength(FILES);
  const totals = totalsOf(files);
  expect(totals.lines).toEqual({ covered: 2 * FILES, total: 3 * FILES });
  expect(totals.branches).toEqual({ covered: FILES / 10, total: FILES / 5 });
  // Measured at about 1 KiB a file (the whole command: 1.1 GB peak RSS, 11 s); bounded well below the
  // 2 KiB a file it took before line stores started small.
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(FILES * 1536);
}, 180_000);
