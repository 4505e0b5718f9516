// npm run docs: regenerate README's tables; npm run docs:check: fail when they are stale.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReadme } from './readme-docs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'README.md');
const current = await readFile(file, 'utf8');
const wanted = await renderReadme(root, current);
if (process.argv.includes('--check')) {
  if (wanted !== current) {
    console.error('README.md is stale: run `npm run docs`');
    process.exitCode = 1;
  }
} else if (wanted !== current) {
  await writeFile(file, wanted);
  console.log('README.md updated');
}
