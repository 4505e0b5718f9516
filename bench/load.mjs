/**
 * A constant request loop (keep-alive connections, as browsers and proxies use them), counting 2xx,
 * other statuses and connection errors — used by bench/ and by the tests. A request whose *reused*
 * connection the server closed before answering is retried (up to 3 times, as browsers, curl and Go's
 * client retry idempotent requests) and counted apart: nginx's old workers close idle keep-alive
 * connections on reload. Bounded: it runs until stopped, one request per connection at a time.
 *
 * As a program (`node bench/load.mjs URL [CONNECTIONS]`) it runs until its stdin closes or it gets
 * SIGTERM, then prints the report as JSON — for load from inside another network namespace.
 */
import http from 'node:http';
import { fileURLToPath } from 'node:url';

export function startLoad(url, connections = 4) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const report = {
    requests: 0,
    ok: 0,
    non2xx: 0,
    errors: 0,
    retriedResets: 0,
    errorCodes: {},
    bodies: new Set(),
  };
  let running = true;
  const one = (attempt = 0) =>
    new Promise((resolve) => {
      const req = http.get(url, { agent, timeout: 5000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => {
          report.requests += 1;
          if (res.statusCode >= 200 && res.statusCode < 300) {
            report.ok += 1;
            report.bodies.add(body.trim());
          } else {
            report.non2xx += 1;
          }
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => {
        if (attempt < 3 && req.reusedSocket && error.code === 'ECONNRESET') {
          report.retriedResets += 1;
          void one(attempt + 1).then(resolve);
          return;
        }
        report.requests += 1;
        report.errors += 1;
        const code = error.code ?? error.message;
        report.errorCodes[code] = (report.errorCodes[code] ?? 0) + 1;
        resolve();
      });
    });
  const loops = Array.from({ length: connections }, async () => {
    while (running) await one();
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return report;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [url, connections = '4'] = process.argv.slice(2);
  const load = startLoad(url, Number(connections));
  let stopping = false;
  const finish = async () => {
    if (stopping) return;
    stopping = true;
    const report = await load.stop();
    process.stdout.write(`${JSON.stringify({ ...report, bodies: [...report.bodies] })}\n`);
    process.exit(0);
  };
  process.on('SIGTERM', finish);
  process.stdin.on('end', finish).resume();
}
