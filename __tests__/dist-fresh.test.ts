/**
 * dist/ is what users run: rebuilt here into a temporary directory with the same ncc commands and
 * sub-action entries as `npm run build`, it must equal the committed dist/ byte for byte.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { ROOT } from './helpers/run-dist.js';

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? listFiles(full, `${prefix}${name}/`) : [`${prefix}${name}`];
    })
    .sort();
}

test('dist/ matches a fresh build of src/ (run `npm run build` and commit dist/)', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'berth-dist-'));
  const ncc = path.join(ROOT, 'node_modules/.bin/ncc');
  execFileSync(ncc, ['build', 'src/index.ts', '-o', out, '--license', 'licenses.txt', '-q'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  execFileSync(ncc, ['build', 'src/cli.ts', '-o', path.join(out, 'cli'), '--license', 'licenses.txt', '-q'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  execFileSync(process.execPath, ['scripts/action-entries.mjs', out], { cwd: ROOT, stdio: 'pipe' });
  const committed = listFiles(path.join(ROOT, 'dist'));
  expect(committed).toEqual(listFiles(out));
  const stale = committed.filter(
    (f) => !readFileSync(path.join(ROOT, 'dist', f)).equals(readFileSync(path.join(out, f))),
  );
  expect(stale).toEqual([]);
}, 120_000);
