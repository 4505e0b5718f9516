// Part of `npm run build`: one tiny entry per sub-action, `dist/<name>.js`, that names the sub-action and
// imports the one bundle (dist/index.js); `node scripts/action-entries.mjs DIR` writes them into DIR. The sub-actions' action.yml run them; no chunk is duplicated.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadActionSpec } from './ts-module.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const spec = await loadActionSpec(root);
for (const sub of spec.SUB_ACTION_NAMES) {
  const text = `// berth-dev/berth/${sub}: written by scripts/action-entries.mjs.\nglobalThis.berthAction = ${JSON.stringify(sub)};\nawait import('./index.js');\n`;
  await writeFile(path.join(out, `${sub}.js`), text);
}
