// Cold start of the bundled action: wall time and peak memory of `node dist/index.js` running `plan`
// on the bundled merged-PR event (no GitHub API call), the plan sub-action (`dist/plan.js`), and the
// CLI's `--help`, next to a bare `node -e 0` on the same machine.
// Usage: [BENCH_PEER_DIST=<earlier dist/>] node bench/cold-start.mjs [runs]   (default 30). Prints a
// Markdown table.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 30);
const dir = mkdtempSync(path.join(tmpdir(), 'berth-bench-'));
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function env(extra) {
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'out'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'sum'),
    GITHUB_STATE: path.join(dir, 'state'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  return { PATH: process.env.PATH, ...files, ...extra };
}

/** One run: wall milliseconds and, with GNU time, peak RSS in MiB. */
function measure(args, extraEnv) {
  const argv = timeBin ? [timeBin, '-f', '%M', process.execPath, ...args] : [process.execPath, ...args];
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { cwd: root, env: env(extraEnv), encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}${result.stdout}`);
  const rssKiB = timeBin ? Number(result.stderr.trim().split('\n').at(-1)) : NaN;
  return { ms, rssMiB: rssKiB / 1024 };
}

function stats(samples, key) {
  const sorted = samples.map((s) => s[key]).sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p90: at(0.9) };
}

const cases = [
  ['node -e 0 (baseline)', ['-e', '0'], {}],
  [
    'node dist/index.js, command plan (merged PR event)',
    ['dist/index.js'],
    {
      INPUT_COMMAND: 'plan',
      INPUT_CONFIG: 'examples/monorepo/.github/berth.yml',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: path.join(root, 'examples/events/pr-merged-backend-into-release.json'),
      GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    },
  ],
  [
    'node dist/plan.js, the plan sub-action (same event)',
    ['dist/plan.js'],
    {
      INPUT_CONFIG: 'examples/monorepo/.github/berth.yml',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: path.join(root, 'examples/events/pr-merged-backend-into-release.json'),
      GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    },
  ],
  ['bin/berth.js --help (the CLI)', ['bin/berth.js', '--help'], {}],
  ['bin/berth.js deploy --help (the CLI)', ['bin/berth.js', 'deploy', '--help'], {}],
];

console.log(`| case | runs | median ms | p90 ms | median peak RSS MiB |`);
console.log(`| --- | --- | --- | --- | --- |`);
// BENCH_PEER_DIST=<an earlier release's dist/>: the same plan and --help from it, in the same rounds.
const peer = process.env.BENCH_PEER_DIST;
if (peer) {
  cases.push(
    ['peer: node <peer>/index.js, command plan', [path.join(peer, 'index.js')], cases[1][2]],
    ['peer: node <peer>/cli/index.js --help', [path.join(peer, 'cli/index.js'), '--help'], {}],
  );
}

// Round robin: each round runs every case once, so a drift of the machine's speed falls on all alike.
const samples = cases.map(() => []);
for (const [, args, extra] of cases) measure(args, extra); // warm the file cache; not counted
for (let i = 0; i < runs; i++) {
  cases.forEach(([, args, extra], c) => samples[c].push(measure(args, extra)));
}
cases.forEach(([name], c) => {
  const t = stats(samples[c], 'ms');
  const m = stats(samples[c], 'rssMiB');
  console.log(
    `| ${name} | ${runs} | ${t.median.toFixed(1)} | ${t.p90.toFixed(1)} | ${m.median.toFixed(1)} |`,
  );
});
console.log(`\nnode ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`);
