/**
 * Constant request loops through nginx, of the three kinds a deploy must not hurt — used by bench/, the
 * tests and the demo:
 *
 *   fresh  GET on a new connection per request (Connection: close)
 *   get    GET on keep-alive connections, as browsers and proxies send them
 *   post   POST with a body on keep-alive connections: no client resends one whose connection died
 *
 * No request is ever retried: a connection reset or a timeout is a failed request, counted by its code.
 * Each loop sends one request at a time; it runs until stopped.
 *
 * As a program (`node bench/load.mjs URL [JSON-OPTIONS]`) it runs until its stdin closes or it gets
 * SIGTERM, then prints the report as JSON — for load from inside another network namespace.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

export const KINDS = ['fresh', 'get', 'post'];

/** ~1 KiB of JSON, like a form or an order. */
const BODY = JSON.stringify({
  order: 'berth-load',
  items: Array.from({ length: 24 }, (_, i) => ({ sku: `sku-${i}`, qty: (i % 3) + 1 })),
});

function emptyReport() {
  return { requests: 0, ok: 0, non2xx: 0, errors: 0, errorCodes: {}, statuses: {}, bodies: new Set() };
}

/**
 * Starts the loops against `url` (scheme, host and port; paths from the options) and returns stop(),
 * which ends them and resolves to { fresh, get, post, total } reports.
 * options: { fresh, get, post } loop counts (default 2, 4, 2); getPath (default /version); postPath
 * (default /cgi-bin/version); timeoutMs per request (default 10 000).
 */
export function startLoads(url, options = {}) {
  const base = new URL(url);
  const counts = { fresh: options.fresh ?? 2, get: options.get ?? 4, post: options.post ?? 2 };
  const getPath = options.getPath ?? '/version';
  const postPath = options.postPath ?? '/cgi-bin/version';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: counts.get + counts.post });
  const reports = Object.fromEntries(KINDS.map((k) => [k, emptyReport()]));
  let running = true;

  const one = (kind) =>
    new Promise((resolve) => {
      const report = reports[kind];
      const post = kind === 'post';
      // Each request is counted once: answered whole, or failed (before or during its answer).
      let counted = false;
      const failed = (error) => {
        if (counted) return;
        counted = true;
        report.requests += 1;
        report.errors += 1;
        const code = error.code ?? error.message;
        report.errorCodes[code] = (report.errorCodes[code] ?? 0) + 1;
        resolve();
      };
      const req = http.request(
        {
          host: base.hostname,
          port: base.port,
          path: post ? postPath : getPath,
          method: post ? 'POST' : 'GET',
          agent: kind === 'fresh' ? false : keepAlive,
          headers: post
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) }
            : {},
          timeout: timeoutMs,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (body += c));
          res.on('end', () => {
            if (counted) return;
            counted = true;
            report.requests += 1;
            report.statuses[res.statusCode] = (report.statuses[res.statusCode] ?? 0) + 1;
            if (res.statusCode >= 200 && res.statusCode < 300) {
              report.ok += 1;
              report.bodies.add(body.trim());
            } else {
              report.non2xx += 1;
            }
            resolve();
          });
          // The connection dropped after the status line: an answer cut short is a failed request.
          res.on('error', (error) => failed(error));
          res.on('close', () => {
            if (!res.complete) failed(Object.assign(new Error('answer cut short'), { code: 'CUT_SHORT' }));
          });
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
      req.on('error', (error) => failed(error));
      req.end(post ? BODY : undefined);
    });

  const loops = KINDS.flatMap((kind) =>
    Array.from({ length: counts[kind] }, async () => {
      while (running) await one(kind);
    }),
  );
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      keepAlive.destroy();
      return withTotal(reports);
    },
  };
}

function withTotal(reports) {
  const total = emptyReport();
  for (const kind of KINDS) {
    const r = reports[kind];
    total.requests += r.requests;
    total.ok += r.ok;
    total.non2xx += r.non2xx;
    total.errors += r.errors;
    for (const [code, n] of Object.entries(r.errorCodes))
      total.errorCodes[code] = (total.errorCodes[code] ?? 0) + n;
    for (const [status, n] of Object.entries(r.statuses))
      total.statuses[status] = (total.statuses[status] ?? 0) + n;
    for (const body of r.bodies) total.bodies.add(body);
  }
  return { ...reports, total };
}

/** Failed requests of a report (error statuses and connection errors), by kind, as one line. */
export function describeFailures(report) {
  const parts = KINDS.filter((k) => report[k].non2xx + report[k].errors > 0).map((k) => {
    const r = report[k];
    const statuses = Object.entries(r.statuses)
      .filter(([s]) => !/^2/.test(s))
      .map(([s, n]) => `${n}× HTTP ${s}`);
    const errors = Object.entries(r.errorCodes).map(([c, n]) => `${n}× ${c}`);
    return `${k}: ${[...statuses, ...errors].join(', ')}`;
  });
  return parts.length === 0 ? 'none' : parts.join('; ');
}

/** A report with its Sets as arrays, for JSON. */
export function toJson(report) {
  return Object.fromEntries(Object.entries(report).map(([k, r]) => [k, { ...r, bodies: [...r.bodies] }]));
}

/**
 * Runs the loops in a process of their own (`node bench/load.mjs URL OPTIONS`) — so that the one who
 * measures only orchestrates, or from inside a network namespace when `spawn` starts it there. stop()
 * ends them and resolves to the report.
 */
export function startLoadProcess(url, options = {}, spawnIt = spawn) {
  const child = spawnIt(process.execPath, [fileURLToPath(import.meta.url), url, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('close', resolve));
  return {
    stop: async () => {
      child.stdin?.end();
      await exited;
      return fromJson(JSON.parse(out));
    },
  };
}

/** The inverse of toJson. */
export function fromJson(json) {
  return Object.fromEntries(Object.entries(json).map(([k, r]) => [k, { ...r, bodies: new Set(r.bodies) }]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [url, options = '{}'] = process.argv.slice(2);
  const load = startLoads(url, JSON.parse(options));
  let stopping = false;
  const finish = async () => {
    if (stopping) return;
    stopping = true;
    const report = await load.stop();
    process.stdout.write(`${JSON.stringify(toJson(report))}\n`);
    process.exit(0);
  };
  process.on('SIGTERM', finish);
  process.stdin.on('end', finish).resume();
}
