/**
 * berth's reload-free switch in a real nginx (Debian's): the include rendered by berth in front of two
 * Node colours that keep connections alive, a user's own server block proxying to the name berth owns
 * (as README shows it, plus a WebSocket location), and beside it a control block that proxies straight
 * to blue — what the app saw before the switch existed. Driven through NginxSwitch and the drain with
 * the real LocalHost, as a deploy drives them.
 *
 * @needs nginx
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { drainConnections } from '../src/deploy/containers/drain.js';
import { createExec } from '../src/exec.js';
import { NginxControl } from '../src/nginx/control.js';
import { NginxSwitch } from '../src/nginx/switch.js';
import { markerAccess } from '../src/nginx/worker-access.js';
import { LocalHost } from '../src/remote/host.js';
import { describeFailures, startLoads } from './helpers/load.js';
import { freePort } from './helpers/registry.js';

const NAME = 'shop_production';
const ROOT = process.getuid?.() === 0;
const prefix = mkdtempSync(path.join(tmpdir(), 'berth-nginx-switch-'));
const conf = path.join(prefix, 'conf');
const upstreamFile = path.join(conf, 'berth', 'shop-production.conf');
const ports = { front: 0, control: 0, blue: 0, green: 0 };
const colours: http.Server[] = [];
const upgraded = new Set<net.Socket>();
let sw: NginxSwitch;
let host: LocalHost;
let entry = { entryPort: 0, token: '' };
let started = false;

const nginxCommand = (): string => `nginx -p ${prefix} -c conf/nginx.conf`;
const reloads = (): number =>
  (readFileSync(path.join(prefix, 'logs', 'error.log'), 'utf8').match(/: reconfiguring$/gm) ?? []).length;

/** A colour: echoes what it received (method, path, headers, body digest); /slow answers after 3 s; WebSocket echo. */
function colourServer(colour: 'blue' | 'green'): http.Server {
  const server = http.createServer((req, res) => {
    const hash = createHash('sha256');
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => {
      const answer = (): void => {
        res.setHeader('content-type', 'application/json');
        res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; HttpOnly']);
        res.setHeader('x-app', colour);
        res.setHeader('x-accel-buffering', 'no');
        res.setHeader('location', `http://${req.headers.host ?? ''}/next`);
        res.end(
          JSON.stringify({
            colour,
            method: req.method,
            url: req.url,
            headers: req.headers,
            length,
            sha256: hash.digest('hex'),
          }),
        );
      };
      if (req.url === '/slow') setTimeout(answer, 3000);
      else answer();
    });
  });
  server.keepAliveTimeout = 5000; // as Node's default: nginx's own idle timeout (300 ms) closes first
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    upgraded.add(socket);
    const accept = createHash('sha1')
      .update(`${req.headers['sec-websocket-key'] ?? ''}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nX-App: ${colour}\r\n\r\n`,
    );
    socket.on('data', (d: Buffer) => socket.write(Buffer.concat([Buffer.from(`${colour}:`), d])));
  });
  return server;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/hello?x=1&y=%20z',
        headers: options.headers ?? {},
        agent: false,
        timeout: 10_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(options.body);
  });
}

const app = (
  reply: Reply,
): { colour: string; headers: Record<string, string>; length: number; sha256: string } =>
  JSON.parse(reply.body) as {
    colour: string;
    headers: Record<string, string>;
    length: number;
    sha256: string;
  };

beforeAll(async () => {
  for (const key of Object.keys(ports) as Array<keyof typeof ports>) ports[key] = await freePort();
  for (const colour of ['blue', 'green'] as const) {
    const server = colourServer(colour);
    colours.push(server);
    await new Promise<void>((resolve) => server.listen(ports[colour], '127.0.0.1', resolve));
  }
  mkdirSync(path.join(conf, 'berth'), { recursive: true });
  mkdirSync(path.join(prefix, 'logs'));
  chmodSync(prefix, 0o755); // mkdtemp makes it 0700: nginx's workers must reach the marker below it
  // The user's server block, as README shows it, and a control block straight to blue.
  const location = (target: string): string[] => [
    `      proxy_pass http://${target};`,
    '      proxy_http_version 1.1;',
    '      proxy_set_header Connection "";',
    '      proxy_set_header Host $host;',
    '      proxy_set_header X-Real-IP $remote_addr;',
    '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '      proxy_set_header X-Forwarded-Proto $scheme;',
  ];
  const websocket = (target: string): string[] => [
    '    location /ws {',
    `      proxy_pass http://${target};`,
    '      proxy_http_version 1.1;',
    '      proxy_set_header Upgrade $http_upgrade;',
    '      proxy_set_header Connection "upgrade";',
    '      proxy_read_timeout 3600s;',
    '    }',
  ];
  writeFileSync(
    path.join(conf, 'nginx.conf'),
    [
      ...(ROOT ? ['user nobody nogroup;'] : []),
      'worker_processes 2;',
      `pid ${prefix}/logs/nginx.pid;`,
      `error_log ${prefix}/logs/error.log notice;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      // Things users set at http level that the switch must not inherit against them.
      '  open_file_cache max=100 inactive=60s;',
      '  open_file_cache_valid 60s;',
      '  keepalive_timeout 20s;',
      '  proxy_set_header X-From-Http-Level yes;',
      `  include ${upstreamFile};`,
      '  upstream control_blue {',
      `    server 127.0.0.1:${ports.blue};`,
      '    keepalive 8;',
      '  }',
      '  server {',
      `    listen 127.0.0.1:${ports.front};`,
      '    client_max_body_size 20m;',
      ...websocket(NAME),
      '    location / {',
      ...location(NAME),
      '    }',
      '  }',
      '  server {',
      `    listen 127.0.0.1:${ports.control};`,
      '    client_max_body_size 20m;',
      ...websocket('control_blue'),
      '    location / {',
      ...location('control_blue'),
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  host = new LocalHost(createExec({ info: () => undefined }), prefix, prefix);
  const control = new NginxControl(host, nginxCommand(), 10_000);
  sw = new NginxSwitch(host, control, {
    upstreamFile,
    name: NAME,
    address: '127.0.0.1',
    ports: { blue: ports.blue, green: ports.green },
    note: 'shop production',
  });
  const rendered = await sw.render(await sw.read());
  entry = { entryPort: rendered.entryPort, token: rendered.token };
  writeFileSync(upstreamFile, rendered.text);
  const verdict = spawnSync('nginx', ['-p', prefix, '-c', 'conf/nginx.conf', '-t'], { encoding: 'utf8' });
  if (verdict.status !== 0) throw new Error(`nginx -t failed: ${verdict.stderr}`);
  expect(verdict.stderr).not.toMatch(/\[(warn|emerg)\]/);
  execFileSync('nginx', ['-p', prefix, '-c', 'conf/nginx.conf'], { timeout: 10_000 });
  started = true;
}, 60_000);

afterAll(async () => {
  if (started) spawnSync('nginx', ['-p', prefix, '-c', 'conf/nginx.conf', '-s', 'quit'], { timeout: 10_000 });
  for (const socket of upgraded) socket.destroy();
  for (const server of colours) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  rmSync(prefix, { recursive: true, force: true });
});

describe('what the app sees through the switch is what it saw without it', () => {
  test('the same request headers, the same answer headers', async () => {
    const headers = {
      'x-custom': 'a b  c',
      authorization: 'Bearer token-123',
      cookie: 'session=abc; theme=dark',
      'accept-language': 'ko-KR,ko;q=0.9',
      'x-forwarded-for': '203.0.113.9',
      'user-agent': 'berth-test/1.0',
    };
    const [direct, through] = await Promise.all([
      request(ports.control, { headers }),
      request(ports.front, { headers }),
    ]);
    expect(through.status).toBe(200);
    // Host, X-Forwarded-For, cookies, authorization: as the block in front sent them, nothing added.
    expect(app(through).headers).toEqual(app(direct).headers);
    expect(app(through)).toMatchObject({ colour: 'blue', url: '/hello?x=1&y=%20z' });
    const strip = (h: http.IncomingHttpHeaders): http.IncomingHttpHeaders => ({
      ...h,
      date: undefined,
      'content-length': undefined,
    });
    expect(strip(through.headers)).toEqual(strip(direct.headers));
    expect(through.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
  });

  test('a 5 MB POST arrives whole (the limits of the block in front apply, not the switch’s)', async () => {
    const body = Buffer.alloc(5 * 1024 * 1024, 'x');
    for (let i = 0; i < body.length; i += 4096) body[i] = i % 251;
    const reply = await request(ports.front, {
      method: 'POST',
      path: '/upload',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    expect(reply.status).toBe(200);
    expect(app(reply)).toMatchObject({
      length: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    });
    // Over the front block's own 20m limit: refused there, as before.
    const big = await request(ports.front, {
      method: 'POST',
      path: '/upload',
      body: Buffer.alloc(21 * 1024 * 1024),
    });
    expect(big.status).toBe(413);
  });

  test('a WebSocket upgrade goes through both nginx blocks to the live colour', async () => {
    const socket = net.connect(ports.front, '127.0.0.1');
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.write(
      'GET /ws HTTP/1.1\r\nHost: app.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    for (let i = 0; i < 100 && !received.includes('\r\n\r\n'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(received).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(received).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    received = '';
    socket.write('hello');
    for (let i = 0; i < 100 && !received.includes('hello'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(received).toBe('blue:hello');
    socket.destroy();
  });
});

describe('the switch', () => {
  test('the probe answers with this install’s token only; anything else reaches the app', async () => {
    expect(await sw.probe(entry.entryPort, entry.token)).toBe('blue');
    const wrong = await request(ports.front, { headers: { 'x-berth-probe': 'feedfacefeedface' } });
    expect(app(wrong).colour).toBe('blue');
  });

  test('60 switches under fresh GETs, keep-alive GETs and keep-alive POSTs: 0 failed, no reload', async () => {
    const before = reloads();
    const load = startLoads(`http://127.0.0.1:${ports.front}`, { getPath: '/version', postPath: '/order' });
    let colour: 'blue' | 'green' = 'blue';
    for (let i = 0; i < 60; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const next: 'blue' | 'green' = colour === 'blue' ? 'green' : 'blue';
      await sw.switchTo(next, entry.entryPort, entry.token, colour);
      colour = next;
    }
    await new Promise((r) => setTimeout(r, 100));
    const report = await load.stop();
    expect(describeFailures(report)).toBe('none');
    expect(report.post.requests).toBeGreaterThan(100);
    expect(report.fresh.requests).toBeGreaterThan(100);
    const seen = new Set([...report.total.bodies].map((b) => (JSON.parse(b) as { colour: string }).colour));
    expect([...seen].sort()).toEqual(['blue', 'green']);
    expect(reloads()).toBe(before);
    expect(await sw.probe(entry.entryPort, entry.token)).toBe('blue'); // 60 flips: back where it began
  }, 60_000);

  test('a 3-second request in flight on the old colour finishes there; the drain waits for it', async () => {
    const slow = request(ports.front, { path: '/slow' });
    await new Promise((r) => setTimeout(r, 200));
    await sw.switchTo('green', entry.entryPort, entry.token, 'blue');
    expect(app(await request(ports.front)).colour).toBe('green');
    const drained = await drainConnections(host, {
      address: '127.0.0.1',
      port: ports.blue,
      timeoutMs: 10_000,
    });
    // Idle keep-alive connections were open too; they close within moments, the slow one after ~3 s.
    expect(drained).toMatchObject({ outcome: 'drained' });
    expect(drained.ms).toBeGreaterThan(2000);
    const reply = await slow;
    expect([reply.status, app(reply).colour]).toEqual([200, 'blue']);
  }, 30_000);

  test('idle keep-alive connections to the old colour close by themselves within moments', async () => {
    // Busy keep-alive traffic on green fills its pool; after the switch nothing uses it.
    const load = startLoads(`http://127.0.0.1:${ports.front}`, { fresh: 0, get: 6, post: 0 });
    await new Promise((r) => setTimeout(r, 500));
    await sw.switchTo('blue', entry.entryPort, entry.token, 'green');
    const drained = await drainConnections(host, {
      address: '127.0.0.1',
      port: ports.green,
      timeoutMs: 10_000,
    });
    expect(describeFailures(await load.stop())).toBe('none');
    expect(drained).toMatchObject({ outcome: 'drained' });
    expect(drained.outcome === 'drained' && drained.open).toBeGreaterThan(0);
    expect(drained.ms).toBeLessThan(2000);
  }, 30_000);

  (ROOT ? test : test.skip)(
    "a marker directory nginx's workers cannot search: the switch is refused and undone, blue keeps serving",
    async () => {
      const dir = path.dirname(upstreamFile);
      chmodSync(dir, 0o700);
      try {
        const control = new NginxControl(host, nginxCommand(), 10_000);
        expect(await markerAccess(host, sw.marker, await control.workerIds())).toMatchObject({
          status: 'blocked',
          dir,
          mode: 0o700,
        });
        await expect(sw.switchTo('green', entry.entryPort, entry.token, 'blue')).rejects.toThrow(
          /^nginx did not follow the switch to green: .* it still picks blue\. The marker .*\.green is back as it was and blue keeps serving\./,
        );
        expect(app(await request(ports.front)).colour).toBe('blue');
      } finally {
        chmodSync(dir, 0o755);
      }
      expect(await sw.probe(entry.entryPort, entry.token)).toBe('blue');
    },
  );
});
