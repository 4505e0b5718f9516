// Shared by the bench scripts: free loopback ports and a local registry with htpasswd (bcrypt) auth,
// both from the sandbox (sandbox/), as the demo and the tests have them.
import path from 'node:path';
import { freePort, freePorts } from '../sandbox/process.mjs';
import { startRegistry as startSandboxRegistry } from '../sandbox/registry.mjs';

export { freePort, freePorts };

/** Starts Debian's docker-registry on 127.0.0.1 with user `bench`; storage under `work`. */
export async function startRegistry(work) {
  const host = `127.0.0.1:${await freePort()}`;
  const password = `bench-${Date.now()}`;
  const registry = await startSandboxRegistry({
    dir: work,
    host,
    user: 'bench',
    password,
    realm: 'bench',
    level: 'error',
  });
  return { host, user: 'bench', password, process: registry.child };
}

/**
 * Imports a module of src/ (TypeScript) from a bench script: the file and the relative modules it imports
 * are transpiled with the project's own TypeScript into a temporary directory, then imported from there.
 */
export async function importSource(file) {
  const { default: ts } = await import('typescript');
  const { mkdtempSync, readFileSync, mkdirSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const srcRoot = path.resolve(path.dirname(file));
  const out = mkdtempSync(path.join(tmpdir(), 'berth-bench-src-'));
  const seen = new Set();
  const visit = (source) => {
    if (seen.has(source)) return;
    seen.add(source);
    const text = readFileSync(source, 'utf8');
    const js = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const target = path.join(out, path.relative(path.dirname(srcRoot), source)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, js);
    for (const m of js.matchAll(/from ['"](\.{1,2}\/[^'"]+)\.js['"]/g))
      visit(path.resolve(path.dirname(source), `${m[1]}.ts`));
  };
  visit(path.resolve(file));
  return import(
    path.join(out, path.relative(path.dirname(srcRoot), path.resolve(file))).replace(/\.ts$/, '.js')
  );
}
