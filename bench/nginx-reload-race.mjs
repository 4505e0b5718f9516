// Control for bench/deploy.mjs: the same keep-alive load through nginx while nginx is only reloaded
// (`nginx -s reload`, unchanged config, one static upstream), 20 times, 300 ms apart. Whatever fails here
// is nginx's reload itself, not berth's switch.
// Usage: node bench/nginx-reload-race.mjs [worker_processes]   (default 2). Needs nginx. Loopback only.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './lib.mjs';

const workers = process.argv[2] ?? '2';
const prefix = mkdtempSync(path.join(tmpdir(), 'berth-reload-race-'));
mkdirSync(path.join(prefix, 'conf'));
mkdirSync(path.join(prefix, 'logs'));
const [appPort, nginxPort] = [await freePort(), await freePort()];
const app = http.createServer((req, res) => res.end('ok')).listen(appPort, '127.0.0.1');
writeFileSync(
  path.join(prefix, 'conf/nginx.conf'),
  `worker_processes ${workers};\npid ${prefix}/logs/nginx.pid;\nerror_log ${prefix}/logs/error.log warn;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n  upstream u { server 127.0.0.1:${appPort} max_fails=0; keepalive 16; }\n  server { listen 127.0.0.1:${nginxPort}; location / { proxy_pass http://u; proxy_http_version 1.1; proxy_set_header Connection ""; } }\n}\n`,
);
const nginx = (...args) =>
  execFileSync('nginx', ['-p', prefix, '-c', 'conf/nginx.conf', ...args], { stdio: 'ignore' });
nginx();
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const r = { requests: 0, non2xx: 0, freshConnectionResets: 0, retriedReusedResets: 0 };
let running = true;
const one = (attempt = 0) =>
  new Promise((resolve) => {
    const req = http.get(`http://127.0.0.1:${nginxPort}/`, { agent, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => {
        r.requests += 1;
        if (res.statusCode !== 200) r.non2xx += 1;
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      if (req.reusedSocket && attempt < 3) {
        r.retriedReusedResets += 1;
        one(attempt + 1).then(resolve);
      } else {
        r.freshConnectionResets += 1;
        resolve();
      }
    });
  });
const loops = Array.from({ length: 8 }, async () => {
  while (running) await one();
});
try {
  for (let i = 0; i < 20; i++) {
    await new Promise((x) => setTimeout(x, 300));
    nginx('-s', 'reload');
  }
  await new Promise((x) => setTimeout(x, 500));
} finally {
  running = false;
  await Promise.all(loops);
  agent.destroy();
  app.close();
  nginx('-s', 'quit');
  rmSync(prefix, { recursive: true, force: true });
}
console.log(
  `| nginx -s reload ×20, worker_processes ${workers} | ${r.requests} | ${r.non2xx} | ${r.freshConnectionResets} | ${r.retriedReusedResets} |`,
);
