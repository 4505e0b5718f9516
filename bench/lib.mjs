// Shared by the bench scripts: free loopback ports and a local registry with htpasswd (bcrypt) auth.
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

/** Starts Debian's docker-registry on 127.0.0.1 with user `bench`; storage under `work`. */
export async function startRegistry(work) {
  const host = `127.0.0.1:${await freePort()}`;
  const password = `bench-${Date.now()}`;
  writeFileSync(path.join(work, 'htpasswd'), execFileSync('htpasswd', ['-Bbn', 'bench', password]));
  writeFileSync(
    path.join(work, 'registry.yml'),
    `version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: ${work}/data}}\nhttp: {addr: "${host}"}\nauth: {htpasswd: {realm: bench, path: ${work}/htpasswd}}\n`,
  );
  const process = spawn('docker-registry', ['serve', path.join(work, 'registry.yml')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://${host}/v2/`)).status === 401) break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { host, user: 'bench', password, process };
}
