// The switch alone, without Docker: two keep-alive Node colours behind Debian's nginx, the three loads of
// bench/load.mjs (fresh GETs, keep-alive GETs, keep-alive POSTs; never retried), side by side in one run:
//
//   direct      the user's block proxying straight to one upstream (no switch): the throughput baseline
//   switch      the same block through berth's include (src/nginx/upstream.ts), no switching
//   flips       berth's switch, the marker flipped N times (what a deploy does)
//   reloads     the upstream rewritten and nginx reloaded N times (what berth's switch did before)
//
// Usage: node bench/nginx-switch.mjs [N=60] [SECONDS_PER_PHASE=8]   Needs nginx (root: workers as nobody).
// Prints Markdown. Loopback only; bounded.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nginxConfig, nobodyGroup, reloadsIn } from '../sandbox/nginx.mjs';
import { freePort, importSource } from './lib.mjs';
import { KINDS, describeFailures, startLoadProcess } from './load.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2] ?? 60);
const SECONDS = Number(process.argv[3] ?? 8);
const prefix = mkdtempSync(path.join(tmpdir(), 'berth-bench-switch-'));
chmodSync(prefix, 0o755);
mkdirSync(path.join(prefix, 'conf'));
mkdirSync(path.join(prefix, 'logs'));

// berth's own renderer (src/nginx/upstream.ts), transpiled for this run.
const { renderSwitchInclude } = await importSource(path.join(root, 'src', 'nginx', 'upstream.ts'));

const ports = {
  front: await freePort(),
  blue: await freePort(),
  green: await freePort(),
  entry: await freePort(),
};
const colours = ['blue', 'green'].map((colour) => {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end(colour));
  });
  server.keepAliveTimeout = 5000;
  server.listen(ports[colour], '127.0.0.1');
  return server;
});
const include = path.join(prefix, 'conf', 'berth.conf');
const marker = `${include}.green`;
const front = (target) =>
  `server { listen 127.0.0.1:${ports.front}; location / { proxy_pass http://${target}; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host; } }`;
const writeConf = (body) =>
  writeFileSync(
    path.join(prefix, 'conf', 'nginx.conf'),
    nginxConfig({
      user: process.getuid?.() === 0 ? `nobody ${nobodyGroup()}` : undefined,
      workers: 2,
      connections: 4096,
      pidFile: `${prefix}/logs/nginx.pid`,
      errorLog: `${prefix}/logs/error.log`,
      errorLevel: 'notice',
      http: body,
    }),
  );
const nginx = (...args) =>
  execFileSync('nginx', ['-p', prefix, '-c', 'conf/nginx.conf', ...args], {
    stdio: 'ignore',
    timeout: 10_000,
  });
const reloads = () => reloadsIn(path.join(prefix, 'logs', 'error.log'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function startLoad() {
  const load = startLoadProcess(`http://127.0.0.1:${ports.front}`, { postPath: '/order' });
  return () => load.stop();
}

const switchInclude = renderSwitchInclude({
  name: 'app_production',
  address: '127.0.0.1',
  ports: { blue: ports.blue, green: ports.green },
  entryPort: ports.entry,
  marker,
  token: '0123456789abcdef0123',
  note: 'bench',
  upstreamKeepaliveTimeout: true,
});
const direct = (port) => `upstream app_production { server 127.0.0.1:${port} max_fails=0; keepalive 16; }`;

const rows = [];
async function phase(name, setup, act) {
  await setup();
  await sleep(1000);
  const before = reloads();
  const stop = startLoad();
  const t0 = Date.now();
  await sleep(300);
  await act();
  const left = SECONDS * 1000 - (Date.now() - t0);
  if (left > 0) await sleep(left);
  const report = await stop();
  const seconds = (Date.now() - t0) / 1000;
  rows.push({ name, report, seconds, reloads: reloads() - before });
}

try {
  writeConf([direct(ports.blue), front('app_production')]);
  nginx();
  await sleep(500);
  await phase(
    'direct: the block straight to blue, no switch',
    async () => undefined,
    async () => undefined,
  );
  await phase(
    "berth's switch, no switching",
    async () => {
      writeFileSync(include, switchInclude);
      writeConf([`include ${include};`, front('app_production')]);
      nginx('-s', 'reload');
    },
    async () => undefined,
  );
  await phase(
    `berth's switch, ${N} flips (marker renamed / removed)`,
    async () => undefined,
    async () => {
      const spacing = (SECONDS * 1000 - 600) / N;
      for (let i = 0; i < N; i++) {
        if (i % 2 === 0) {
          writeFileSync(`${marker}.tmp`, 'green\n');
          execFileSync('mv', ['-f', `${marker}.tmp`, marker]);
        } else rmSync(marker, { force: true });
        await sleep(spacing);
      }
    },
  );
  await phase(
    `reload switch, ${N} reloads (upstream rewritten, nginx -s reload)`,
    async () => {
      writeConf([direct(ports.blue), front('app_production')]);
      nginx('-s', 'reload');
    },
    async () => {
      const spacing = (SECONDS * 1000 - 600) / N;
      for (let i = 0; i < N; i++) {
        writeConf([direct(i % 2 === 0 ? ports.green : ports.blue), front('app_production')]);
        nginx('-s', 'reload');
        await sleep(spacing);
      }
    },
  );
} finally {
  try {
    nginx('-s', 'quit');
  } catch {
    // not running
  }
  for (const s of colours) {
    s.closeAllConnections();
    s.close();
  }
  rmSync(prefix, { recursive: true, force: true });
}

console.log(
  '| phase | seconds | requests/s | fresh GET: requests / failed | keep-alive GET | keep-alive POST | nginx reloads |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const { name, report, seconds, reloads: n } of rows) {
  const cell = (r) => `${r.requests} / ${r.non2xx + r.errors}`;
  console.log(
    `| ${name} | ${seconds.toFixed(1)} | ${Math.round(report.total.requests / seconds)} | ${KINDS.map((k) => cell(report[k])).join(' | ')} | ${n} |`,
  );
}
console.log('');
for (const { name, report } of rows) console.log(`- ${name}: failed requests: ${describeFailures(report)}`);
const v = execFileSync('sh', ['-c', 'nginx -v 2>&1'], { encoding: 'utf8' }).trim();
console.log(`\nnode ${process.version}, ${v}, worker_processes 2, ${cpus().length} CPUs`);
