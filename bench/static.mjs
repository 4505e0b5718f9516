// Static deploy to an S3-compatible server: a 2,000-file frontend build, first deploy vs a redeploy where
// 10 files changed (6 content-hashed chunks rebuilt under new names, 4 HTML pages), vs an unchanged
// redeploy, vs uploading everything again (`force: true`, what a sync without a comparison does). Each
// deploy is a whole `node dist/index.js` process (INPUT_COMMAND=deploy) against s3rver on loopback.
// Usage: node bench/static.mjs [rounds]   (default 3). Prints Markdown. Cleans up what it made.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';

// s3rver signs its ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node >= 17) only offers
// with the legacy provider; a listing of more than 1,000 keys needs it. berth itself does not.
if (!process.execArgv.includes('--openssl-legacy-provider')) {
  const again = spawnSync(process.execPath, ['--openssl-legacy-provider', ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(again.status ?? 1);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.argv[2] ?? 3);
const work = mkdtempSync(path.join(tmpdir(), 'berth-bench-static-'));
mkdirSync(path.join(work, 's3'));
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: process.env.BENCH_S3_LOG !== '1',
  directory: path.join(work, 's3'),
  configureBuckets: [{ name: 'bench' }],
});
const { port } = await server.run();
const endpoint = `http://127.0.0.1:${port}`;
let puts = 0;
server.httpServer.on('request', (req) => {
  if (req.method === 'PUT') puts += 1;
});

// A deterministic pseudo-random sequence, so every run builds the same files.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const hash8 = (body) => createHash('md5').update(body).digest('hex').slice(0, 8);
const filler = (n, tag) => `/*${tag}*/${'x'.repeat(Math.max(0, n - tag.length - 4))}`;

/** 2,000 files: 1,500 JS chunks, 150 CSS, 300 images, 40 HTML pages, 10 public files. */
function writeBuild(dir, changed = false) {
  rmSync(dir, { recursive: true, force: true });
  seed = 42;
  const files = [];
  const put = (rel, body) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), body);
    files.push(rel);
  };
  const chunks = [];
  for (let i = 0; i < 1500; i++) {
    const body = filler(1000 + Math.floor(rand() * 30000), `chunk ${i}${changed && i < 6 ? ' v2' : ''}`);
    const rel = `static/js/${i}.${hash8(body)}.chunk.js`;
    put(rel, body);
    chunks.push(rel);
  }
  for (let i = 0; i < 150; i++) {
    const body = filler(500 + Math.floor(rand() * 8000), `css ${i}`);
    put(`static/css/${i}.${hash8(body)}.chunk.css`, body);
  }
  for (let i = 0; i < 300; i++) {
    const body = Buffer.alloc(2000 + Math.floor(rand() * 60000), i % 251);
    put(`static/media/img${i}.${hash8(body)}.png`, body);
  }
  for (let i = 0; i < 40; i++) {
    const body = `<!doctype html><title>page ${i}${changed && i < 4 ? ' (new)' : ''}</title><script src="/${chunks[i + 100]}"></script>${filler(2000, 'html')}`;
    put(i === 0 ? 'index.html' : `pages/p${i}/index.html`, body);
  }
  for (const name of ['favicon.ico', 'robots.txt', 'manifest.json', 'asset-manifest.json', 'logo192.png']) {
    put(name, filler(300 + Math.floor(rand() * 3000), name));
  }
  for (let i = 0; i < 5; i++) put(`locales/l${i}.json`, filler(1000, `locale ${i}`));
  return files;
}

async function deploy(prefix, dir, extra = {}) {
  const outFile = path.join(work, 'output');
  writeFileSync(outFile, '');
  writeFileSync(path.join(work, 'summary'), '');
  writeFileSync(path.join(work, 'state'), '');
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: work,
    GITHUB_OUTPUT: outFile,
    GITHUB_STEP_SUMMARY: path.join(work, 'summary'),
    GITHUB_STATE: path.join(work, 'state'),
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_EC2_METADATA_DISABLED: 'true',
    INPUT_COMMAND: 'deploy',
    INPUT_STRATEGY: 'static',
    INPUT_COMPONENT: 'frontend',
    INPUT_ENVIRONMENT: 'bench',
    INPUT_DIR: path.relative(work, dir),
    'INPUT_S3-BUCKET': 'bench',
    'INPUT_S3-PREFIX': prefix,
    'INPUT_S3-ENDPOINT': endpoint,
    'INPUT_S3-REGION': 'kr-standard',
    'INPUT_KEEP-PREVIOUS': '0',
    ...extra,
  };
  const before = puts;
  const start = process.hrtime.bigint();
  // Asynchronously: the S3 server answers from this process's event loop.
  const result = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist/index.js')], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`deploy failed:\n${result.stdout}\n${result.stderr}`);
  const outputs = {};
  const lines = readFileSync(outFile, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]);
    if (m) outputs[m[1]] = lines[++i];
  }
  return {
    seconds,
    files: Number(outputs['files-uploaded']),
    bytes: Number(outputs['bytes-uploaded']),
    deleted: Number(outputs['files-deleted']),
    puts: puts - before,
  };
}

const dir = path.join(work, 'build');
const results = { first: [], changed: [], unchanged: [], force: [] };
let total = 0;
let totalBytes = 0;
for (let round = 0; round < rounds; round++) {
  const prefix = `round${round}`;
  const files = writeBuild(dir);
  total = files.length;
  totalBytes = files.reduce((n, f) => n + readFileSync(path.join(dir, f)).length, 0);
  results.first.push(await deploy(prefix, dir));
  writeBuild(dir, true);
  results.changed.push(await deploy(prefix, dir));
  results.unchanged.push(await deploy(prefix, dir));
  results.force.push(await deploy(prefix, dir, { INPUT_FORCE: 'true' }));
}
await server.close();
rmSync(work, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (n) => (n / 1024 ** 2).toFixed(2);
console.log(
  `Build: ${total} files, ${mib(totalBytes)} MiB. ${rounds} rounds, each into a fresh prefix; medians.\n`,
);
console.log(
  '| deploy | files uploaded | MiB uploaded | PUT requests | files deleted | wall s (median) | wall s (all) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [name, key] of [
  ['first deploy (empty prefix)', 'first'],
  ['redeploy, 10 files changed', 'changed'],
  ['redeploy, nothing changed', 'unchanged'],
  ['redeploy with force: true (upload all)', 'force'],
]) {
  const r = results[key];
  console.log(
    `| ${name} | ${median(r.map((x) => x.files))} | ${mib(median(r.map((x) => x.bytes)))} | ${median(r.map((x) => x.puts))} | ${median(r.map((x) => x.deleted))} | ${median(r.map((x) => x.seconds)).toFixed(2)} | ${r.map((x) => x.seconds.toFixed(2)).join(', ')} |`,
  );
}
console.log(
  `\nnode ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), s3rver on loopback`,
);
