// npm run docs: regenerate every file made from src/action-spec.ts (action.yml, each sub-action's
// action.yml and README.md, README's tables); npm run docs:check: fail, naming them, when one is stale.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAll } from './action-docs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file) => readFile(path.join(root, file), 'utf8').catch(() => undefined);
const files = await renderAll(root, await read('README.md'));
const stale = [];
for (const [file, wanted] of files) {
  if ((await read(file)) === wanted) continue;
  stale.push(file);
  if (process.argv.includes('--check')) continue;
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), wanted);
  console.log(`${file} updated`);
}
if (process.argv.includes('--check') && stale.length > 0) {
  console.error(`stale, generated from src/action-spec.ts: ${stale.join(', ')}; run \`npm run docs\``);
  process.exitCode = 1;
}
