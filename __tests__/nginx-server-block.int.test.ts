/**
 * The "developers only" server block in a real nginx (Debian's): three blocks rendered by berth — basic
 * auth, an allow list, both — in front of a loopback Node upstream, checked with real HTTP requests.
 * Requests "from" 127.0.0.2 bind that local address; Linux routes all of 127.0.0.0/8 to lo.
 *
 * @needs nginx
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { renderHtpasswd, renderServerBlock } from '../src/nginx/server-block.js';
import { renderSwitchInclude } from '../src/nginx/upstream.js';
import { freePort } from './helpers/registry.js';

const UPSTREAM = 'shop_dev';
const USER = 'dev';
// A ":" and non-ASCII in the password: browsers split the credentials at the first ":" and send UTF-8.
const PASSWORD = `s3c:ret-${Math.random().toString(36).slice(2)}-ä`;
const ROOT = process.getuid?.() === 0;

const prefix = mkdtempSync(path.join(tmpdir(), 'berth-nginx-server-'));
const conf = path.join(prefix, 'conf');
const htpasswdFile = path.join(conf, 'berth-shop-dev.htpasswd');
const ports = { auth: 0, allow: 0, both: 0 };
let upstream: Server | undefined;
let started = false;
let checked = '';

function nginx(...args: string[]): string {
  return execFileSync('nginx', ['-p', prefix, '-c', 'conf/nginx.conf', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10_000,
  });
}

function ensureNginx(): void {
  try {
    execFileSync('nginx', ['-v'], { stdio: 'ignore' });
  } catch {
    execFileSync('apt-get', ['install', '-y', 'nginx'], { stdio: 'ignore', timeout: 240_000 });
  }
}

interface Reply {
  status: number;
  body: string;
  authenticate: string | undefined;
}

async function get(
  port: number,
  options: { from?: string; user?: string; password?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.user !== undefined) {
    const credentials = Buffer.from(`${options.user}:${options.password ?? ''}`, 'utf8').toString('base64');
    headers.authorization = `Basic ${credentials}`;
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/hello',
        headers,
        localAddress: options.from ?? '127.0.0.1',
        agent: false,
        timeout: 5000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, authenticate: res.headers['www-authenticate'] }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from 127.0.0.1:${port} within 5s`)));
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  ensureNginx();
  upstream = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url, realIp: req.headers['x-real-ip'], host: req.headers.host }));
  });
  const server = upstream;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const upstreamPort = typeof address === 'object' && address ? address.port : 0;
  ports.auth = await freePort();
  ports.allow = await freePort();
  ports.both = await freePort();

  mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  mkdirSync(conf, { recursive: true });
  const blocks = {
    auth: { allow: [], htpasswdFile },
    allow: { allow: ['127.0.0.2/32'] },
    both: { allow: ['127.0.0.2/32'], htpasswdFile },
  };
  for (const [name, access] of Object.entries(blocks)) {
    const block = renderServerBlock({
      serverNames: [`${name}.berth.test`],
      listen: [`127.0.0.1:${ports[name as keyof typeof ports]}`],
      upstreamName: UPSTREAM,
      realm: 'berth test',
      comment: `shop dev: ${name}`,
      ...access,
    });
    writeFileSync(path.join(conf, `berth-server-${name}.conf`), block);
  }
  // berth's include: the server blocks proxy through its switch to blue (no marker), the Node upstream.
  writeFileSync(
    path.join(conf, 'berth-upstream.conf'),
    renderSwitchInclude({
      name: UPSTREAM,
      address: '127.0.0.1',
      ports: { blue: upstreamPort, green: await freePort() },
      entryPort: await freePort(),
      marker: path.join(conf, 'berth-upstream.conf.green'),
      token: 'feedfacefeedface',
      note: 'shop dev',
      upstreamKeepaliveTimeout: true,
    }),
  );
  // bcrypt, as berth writes it where the host's crypt() knows it (Debian's libxcrypt does).
  writeFileSync(htpasswdFile, await renderHtpasswd(USER, PASSWORD, 'bcrypt'));
  if (ROOT) {
    // The master (root) only reads the config; each worker opens the htpasswd file on every request as
    // the `user` it runs as, so it needs read on the file and search (x) on every directory above it.
    // mkdtemp makes the prefix 0700, hence 0711; the file stays unreadable for anyone but root and nogroup.
    const nogroup = Number(execFileSync('getent', ['group', 'nogroup'], { encoding: 'utf8' }).split(':')[2]);
    chmodSync(prefix, 0o711);
    chmodSync(conf, 0o711);
    chownSync(htpasswdFile, 0, nogroup);
    chmodSync(htpasswdFile, 0o640);
  }
  writeFileSync(
    path.join(conf, 'nginx.conf'),
    [
      ...(ROOT ? ['user nobody nogroup;'] : []),
      'worker_processes 1;',
      `pid ${prefix}/logs/nginx.pid;`,
      `error_log ${prefix}/logs/error.log info;`,
      'events { worker_connections 64; }',
      'http {',
      '  access_log off;',
      `  include ${conf}/berth-upstream.conf;`,
      `  include ${conf}/berth-server-*.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  // spawnSync, as nginx -t writes its verdict (and any [warn]) to stderr even when it passes.
  const verdict = spawnSync('nginx', ['-p', prefix, '-c', 'conf/nginx.conf', '-t'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (verdict.status !== 0) throw new Error(`nginx -t failed: ${verdict.stderr}`);
  checked = verdict.stderr;
  nginx();
  started = true;
}, 300_000);

afterAll(async () => {
  if (started) {
    try {
      nginx('-s', 'quit');
    } catch {
      // already gone
    }
  }
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  rmSync(prefix, { recursive: true, force: true });
});

test('nginx -t accepts the rendered blocks without warnings', () => {
  expect(checked).toContain('syntax is ok');
  expect(checked).toContain('test is successful');
  expect(checked).not.toMatch(/\[(warn|emerg|alert)\]/);
});

describe('basic auth', () => {
  test('no credentials → 401 with the realm', async () => {
    const reply = await get(ports.auth);
    expect(reply.status).toBe(401);
    expect(reply.authenticate).toBe('Basic realm="berth test"');
  });

  test('a wrong password or user → 401', async () => {
    expect((await get(ports.auth, { user: USER, password: 'wrong' })).status).toBe(401);
    // Only the part before the password's ":" — the split happens at the first ":".
    expect((await get(ports.auth, { user: USER, password: PASSWORD.split(':')[0] })).status).toBe(401);
    expect((await get(ports.auth, { user: 'other', password: PASSWORD })).status).toBe(401);
  });

  test('the right credentials → 200 from the upstream', async () => {
    const reply = await get(ports.auth, { user: USER, password: PASSWORD });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({
      path: '/hello',
      realIp: '127.0.0.1',
      host: '127.0.0.1',
    });
  });

  (ROOT ? test : test.skip)('a htpasswd file the worker cannot read → 500, not an open site', async () => {
    chmodSync(htpasswdFile, 0o600);
    try {
      expect((await get(ports.auth, { user: USER, password: PASSWORD })).status).toBe(500);
    } finally {
      chmodSync(htpasswdFile, 0o640);
    }
    expect((await get(ports.auth, { user: USER, password: PASSWORD })).status).toBe(200);
  });
});

describe('access-allow 127.0.0.2/32', () => {
  test('from 127.0.0.1 → 403', async () => {
    expect((await get(ports.allow)).status).toBe(403);
  });

  test('from 127.0.0.2 → 200 from the upstream', async () => {
    const reply = await get(ports.allow, { from: '127.0.0.2' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ realIp: '127.0.0.2' });
  });
});

describe('access-allow and basic auth (satisfy all)', () => {
  test('an allowed address without credentials → 401', async () => {
    expect((await get(ports.both, { from: '127.0.0.2' })).status).toBe(401);
  });

  test('an allowed address with a wrong password → 401', async () => {
    expect((await get(ports.both, { from: '127.0.0.2', user: USER, password: 'wrong' })).status).toBe(401);
  });

  test('the right credentials from another address → 403', async () => {
    expect((await get(ports.both, { user: USER, password: PASSWORD })).status).toBe(403);
  });

  test('an allowed address with the right credentials → 200', async () => {
    expect((await get(ports.both, { from: '127.0.0.2', user: USER, password: PASSWORD })).status).toBe(200);
  });
});
