/**
 * A constant request loop through nginx during a deploy: keep-alive connections (as browsers and
 * proxies use them), counting 2xx, other statuses and connection errors. Bounded: it runs until stopped,
 * one request per connection at a time.
 */
import http from 'node:http';

export interface LoadReport {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  /**
   * Requests retried (up to 3 times) because the server closed a reused keep-alive connection before answering —
   * what browsers, curl and Go's client do for idempotent requests (Node documents `reusedSocket` for
   * it). nginx's old workers close idle keep-alive connections on reload; this is that race, not a
   * failure of the switch. Counted, so it stays visible.
   */
  retriedResets: number;
  bodies: Set<string>;
}

export function startLoad(url: string, connections = 4): { stop: () => Promise<LoadReport> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const report: LoadReport = {
    requests: 0,
    ok: 0,
    non2xx: 0,
    errors: 0,
    retriedResets: 0,
    bodies: new Set(),
  };
  let running = true;
  const one = (attempt = 0): Promise<void> =>
    new Promise((resolve) => {
      const req = http.get(url, { agent, timeout: 5000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          report.requests += 1;
          if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) {
            report.ok += 1;
            report.bodies.add(body.trim());
          } else {
            report.non2xx += 1;
          }
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (attempt < 3 && req.reusedSocket && error.code === 'ECONNRESET') {
          report.retriedResets += 1;
          void one(attempt + 1).then(resolve);
          return;
        }
        report.requests += 1;
        report.errors += 1;
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
