// A TypeScript module with no runtime imports (src/action-spec.ts, src/config/schema.ts), transpiled in
// memory and imported from a data: URL: nothing is written to disk, so `npm run build` and `npm run
// docs` need no temp directory.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';

let loads = 0;

/** A fresh module each call (the loader caches by URL): a caller that changes it changes no other's. */
export async function loadTsModule(root, relative) {
  const source = await readFile(path.join(root, relative), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  loads += 1;
  return import(`data:text/javascript;charset=utf-8,${encodeURIComponent(`${outputText}\n// ${loads}`)}`);
}

export const loadActionSpec = (root) => loadTsModule(root, 'src/action-spec.ts');
