// `build` timings through the bundle (`node dist/index.js`, INPUT_COMMAND=build) against the local Docker
// engine and a local registry with htpasswd auth:
//   - an unchanged rebuild without the layer cache (force + no-cache),
//   - an unchanged rebuild with the cache (force),
//   - the skip path (the registry already has this commit's sha- tag).
// Needs docker (engine running), docker-registry, htpasswd and a static /bin/busybox (see .ci/run).
// Usage: node bench/build.mjs [runs]   (default 3). Prints a Markdown table. Cleans up what it made.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRegistry } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 3);
const work = mkdtempSync(path.join(tmpdir(), 'berth-bench-build-'));

const { host, password, process: registry } = await startRegistry(work);

// A context with real work in it: 512 MiB of random data hashed, so the cache has something to save.
const context = path.join(work, 'context');
mkdirSync(context);
execFileSync('cp', ['/bin/busybox', path.join(context, 'busybox')]);
writeFileSync(
  path.join(context, 'Dockerfile'),
  [
    'FROM scratch',
    'COPY busybox /bin/busybox',
    'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
    'RUN dd if=/dev/urandom bs=1M count=512 2>/dev/null | md5sum > /sum',
    'RUN mkdir -p /www && echo ok > /www/health',
    'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]',
    '',
  ].join('\n'),
);
const bin = path.join(work, 'bin');
mkdirSync(bin);
symlinkSync('/usr/bin/docker', path.join(bin, 'docker')); // Debian's client: the engine's BuildKit
const event = path.join(work, 'event.json');
writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main', repository: { default_branch: 'main' } }));

let shaCounter = 0;
function run(inputs, sha) {
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: process.env.HOME,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: event,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: sha,
    GITHUB_REPOSITORY: 'bench/berth',
    RUNNER_TEMP: work,
    GITHUB_OUTPUT: path.join(work, 'out'),
    GITHUB_STEP_SUMMARY: path.join(work, 'summary'),
    GITHUB_STATE: path.join(work, 'state'),
    INPUT_COMMAND: 'build',
    INPUT_IMAGE: `${host}/bench/app`,
    INPUT_CONTEXT: context,
    'INPUT_REGISTRY-USERNAME': 'bench',
    'INPUT_REGISTRY-PASSWORD': password,
    ...inputs,
  };
  for (const f of ['out', 'summary', 'state']) writeFileSync(path.join(work, f), '');
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [path.join(root, 'dist/index.js')], {
    env,
    encoding: 'utf8',
    cwd: context,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout.slice(-3000)}`);
  if (process.env.BENCH_VERBOSE) console.error(result.stdout);
  return ms;
}
const nextSha = () => (0xabc0000 + ++shaCounter).toString(16).padEnd(40, '0');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
try {
  const sha = nextSha();
  run({}, sha); // the first build fills the cache and the registry; not counted
  const cold = [];
  const warm = [];
  const skip = [];
  for (let i = 0; i < runs; i++) cold.push(run({ INPUT_FORCE: 'true', 'INPUT_NO-CACHE': 'true' }, sha));
  for (let i = 0; i < runs; i++) warm.push(run({ INPUT_FORCE: 'true' }, sha));
  for (let i = 0; i < runs; i++) skip.push(run({}, sha));
  results.push(['unchanged rebuild, no cache (force, no-cache)', cold]);
  results.push(['unchanged rebuild, with cache (force)', warm]);
  results.push(['skip path: registry has sha- tag', skip]);
} finally {
  registry.kill();
  const images = execFileSync('docker', ['image', 'ls', '--format', '{{.Repository}} {{.ID}}'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((l) => l.startsWith(`${host}/`))
    .map((l) => l.split(' ')[1]);
  if (images.length > 0)
    spawnSync('docker', ['image', 'rm', '--force', ...new Set(images)], { stdio: 'ignore' });
  rmSync(work, { recursive: true, force: true });
}
console.log('| case | runs | median s | all runs s |');
console.log('| --- | --- | --- | --- |');
for (const [name, times] of results) {
  console.log(
    `| ${name} | ${times.length} | ${(median(times) / 1000).toFixed(2)} | ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} |`,
  );
}
const engine = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
  encoding: 'utf8',
}).trim();
console.log(
  `\nnode ${process.version}, docker engine ${engine}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`,
);
