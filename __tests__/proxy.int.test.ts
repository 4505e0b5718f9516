/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY through a real proxy: tinyproxy on loopback, its log read to see
 * what went through it. Loopback is never proxied, so the targets (a real docker-registry, plain and with
 * TLS from a test CA; a SonarQube stub; s3rver, plain and with TLS) listen on a non-loopback address of
 * this machine: the root side of a test network namespace's veth pair, in a range routed nowhere else.
 *
 * @needs tinyproxy registry htpasswd openssl ip root
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError } from '../src/errors.js';
import { awsProxyHandler } from '../src/http/proxy.js';
import { RegistryClient } from '../src/registry/api.js';
import { createSonarApi } from '../src/sonar/client.js';
import { createS3Store } from '../src/deploy/static/s3.js';
import { createGitHubApi } from '../src/github/client.js';
import { waitHealthy } from '../src/deploy/containers/health.js';
import { tearDownAll } from '../sandbox/process.mjs';
import { TestNamespace } from './helpers/netns.js';
import { TestRegistry } from './helpers/registry.js';
import { S3_CREDENTIALS, TestS3Server, md5Hex } from './helpers/s3-server.js';
import { SonarStub } from './helpers/sonar-stub.js';
import { TestProxy } from './helpers/tinyproxy.js';
import { makeCertificates, type TestCertificates } from './helpers/tls.js';

const PROXY_VARIABLES = [
  'http_proxy',
  'HTTP_PROXY',
  'https_proxy',
  'HTTPS_PROXY',
  'no_proxy',
  'NO_PROXY',
  'all_proxy',
  'ALL_PROXY',
];
const AWS_ENV = {
  ...S3_CREDENTIALS,
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
};
const TASK = 'AZLQ1x4kXo2pRtjcBvUe';
const noWait = { delaysMs: [], sleep: async () => undefined };
const portOf = (address: string): number => Number(address.slice(address.lastIndexOf(':') + 1));

let ns: TestNamespace | undefined;
let certs: TestCertificates | undefined;
let registry: TestRegistry | undefined;
let tlsRegistry: TestRegistry | undefined;
let sonar: SonarStub | undefined;
let loopbackSonar: SonarStub | undefined;
let s3: TestS3Server | undefined;
let tlsS3: { url: string; close: () => Promise<void>; dir: string } | undefined;
let health: Server | undefined;
/** The GitHub REST API, as much of it as a compare needs. */
let githubApi: Server | undefined;
let githubUrl = '';
let proxy: TestProxy;
/** A port nothing may CONNECT to through the proxy (not in its ConnectPort lines). */
let refusedPort: number;

beforeAll(async () => {
  ns = new TestNamespace().create();
  const address = ns.hostAddress;
  certs = makeCertificates(address);
  const tls = { cert: certs.serverCert, key: certs.serverKey };
  registry = await new TestRegistry().start(undefined, { address });
  tlsRegistry = await new TestRegistry().start(undefined, { address, tls });
  sonar = await new SonarStub({
    host: address,
    routes: { '/api/ce/task': { fixture: 'ce-task-success.json' } },
    token: { value: 'squ_proxy', schemes: ['bearer'] },
    tls,
  }).start();
  loopbackSonar = await new SonarStub({
    routes: { '/api/ce/task': { fixture: 'ce-task-success.json' } },
  }).start();
  s3 = await new TestS3Server('site', address).start();
  tlsS3 = await startTlsS3(address, certs);
  health = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => health?.listen(0, '127.0.0.1', r));
  githubApi = createServer((req, res) => {
    res.writeHead(req.url?.startsWith('/repos/o/r/compare/') ? 200 : 404, {
      'content-type': 'application/json',
    });
    res.end(JSON.stringify({ files: [{ filename: 'src/a.ts' }] }));
  });
  await new Promise<void>((r) => githubApi?.listen(0, address, r));
  githubUrl = `http://${address}:${(githubApi.address() as AddressInfo).port}`;
  const other = createServer();
  await new Promise<void>((r) => other.listen(0, address, r));
  refusedPort = (other.address() as AddressInfo).port;
  other.close();
  proxy = await new TestProxy().start(
    [registry.host, tlsRegistry.host, sonar.url, s3.url, tlsS3.url, githubUrl].map(portOf),
  );
}, 60_000);

afterAll(() =>
  tearDownAll([
    () => proxy?.stop(),
    () => registry?.stop(),
    () => tlsRegistry?.stop(),
    () => sonar?.stop(),
    () => loopbackSonar?.stop(),
    () => s3?.stop(),
    () => tlsS3?.close(),
    () => new Promise((r) => (health ? health.close(r) : r(undefined))),
    () => new Promise((r) => (githubApi ? githubApi.close(r) : r(undefined))),
    () => certs && rmSync(certs.dir, { recursive: true, force: true }),
    () => ns?.destroy(),
  ]),
);

/** Runs `fn` with exactly these proxy variables in process.env (the others unset), then restores them. */
async function withProxyEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(
    [...PROXY_VARIABLES, ...Object.keys(vars)].map((k) => [k, process.env[k]]),
  );
  for (const name of PROXY_VARIABLES) delete process.env[name];
  Object.assign(process.env, vars);
  proxy.mark();
  try {
    return await fn();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

async function startTlsS3(
  address: string,
  tls: TestCertificates,
): Promise<{ url: string; close: () => Promise<void>; dir: string }> {
  const S3rver = createRequire(import.meta.url)('s3rver') as new (options: Record<string, unknown>) => {
    run(): Promise<{ port: number }>;
    close(): Promise<void>;
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-s3rver-tls-'));
  const server = new S3rver({
    address,
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: 'site' }],
    key: readFileSync(tls.serverKey),
    cert: readFileSync(tls.serverCert),
  });
  const { port } = await server.run();
  return {
    url: `https://${address}:${port}`,
    dir,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('the registry', () => {
  test('over TLS from a private CA: through HTTPS_PROXY, the tunnel checked against registry-ca-cert', async () => {
    const host = tlsRegistry!.host;
    const client = new RegistryClient({
      host,
      credentials: { username: tlsRegistry!.user, password: tlsRegistry!.password },
      ca: certs!.caPem,
      retry: noWait,
    });
    await withProxyEnv({ HTTPS_PROXY: proxy.url }, async () => {
      await expect(client.manifestDigest('berth-test/none', 'latest')).resolves.toBeUndefined();
      expect(proxy.connects().length).toBeGreaterThan(0);
      expect(new Set(proxy.connects())).toEqual(new Set([host]));
    });
  });

  test('the tunnel does not trust the certificate without registry-ca-cert', async () => {
    const client = new RegistryClient({ host: tlsRegistry!.host, retry: noWait });
    await withProxyEnv({ https_proxy: proxy.url }, async () => {
      const error = await client.manifestDigest('berth-test/none', 'latest').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(String(error)).toContain('registry-ca-cert');
      expect(proxy.connects()).toEqual([tlsRegistry!.host]);
    });
  });

  test('an insecure (plain HTTP) registry: HTTPS, then HTTP, both through the proxy', async () => {
    const host = registry!.host;
    const client = new RegistryClient({
      host,
      credentials: { username: registry!.user, password: registry!.password },
      insecure: true,
      retry: noWait,
    });
    await withProxyEnv({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }, async () => {
      await expect(client.manifestDigest('berth-test/none', 'latest')).resolves.toBeUndefined();
      expect(proxy.connects().length).toBeGreaterThanOrEqual(2);
      expect(new Set(proxy.connects())).toEqual(new Set([host]));
    });
  });

  test.each([
    ['its address', (host: string) => host.split(':')[0] as string],
    ['its address and port', (host: string) => host],
    ['its range', () => '10.213.0.0/16'],
    ['*', () => '*'],
  ])('NO_PROXY naming %s: straight to the registry', async (_what, entry) => {
    const host = tlsRegistry!.host;
    const client = new RegistryClient({
      host,
      credentials: { username: tlsRegistry!.user, password: tlsRegistry!.password },
      ca: certs!.caPem,
      retry: noWait,
    });
    await withProxyEnv({ HTTPS_PROXY: proxy.url, no_proxy: `example.com, ${entry(host)}` }, async () => {
      await expect(client.manifestDigest('berth-test/none', 'latest')).resolves.toBeUndefined();
      expect(proxy.requests()).toEqual([]);
    });
  });

  test('NO_PROXY naming another port of the host: through the proxy', async () => {
    const host = tlsRegistry!.host;
    const client = new RegistryClient({
      host,
      credentials: { username: tlsRegistry!.user, password: tlsRegistry!.password },
      ca: certs!.caPem,
      retry: noWait,
    });
    await withProxyEnv({ HTTPS_PROXY: proxy.url, NO_PROXY: `${host.split(':')[0]}:1` }, async () => {
      await expect(client.manifestDigest('berth-test/none', 'latest')).resolves.toBeUndefined();
      expect(proxy.connects()).toContain(host);
    });
  });

  test('a proxy that refuses the tunnel: the message names the proxy and what to change', async () => {
    const host = `${ns!.hostAddress}:${refusedPort}`;
    const client = new RegistryClient({ host, retry: noWait });
    await withProxyEnv({ HTTPS_PROXY: `${proxy.url}/` }, async () => {
      const error = await client.manifestDigest('berth-test/none', 'latest').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(String(error)).toContain(
        `registry ${host}: the proxy ${proxy.url} (HTTPS_PROXY) answered 403 Access violation to CONNECT ${host}; check that it allows CONNECT to port ${refusedPort}, or list ${ns!.hostAddress} in NO_PROXY`,
      );
      expect(proxy.connects()).toEqual([host]);
    });
  });
});

describe('SonarQube', () => {
  const client = (serverUrl: string) =>
    createSonarApi({ serverUrl, token: 'squ_proxy', authScheme: 'bearer', ca: certs!.caPem });

  test('through HTTPS_PROXY, with sonar-ca-cert', async () => {
    await withProxyEnv({ HTTPS_PROXY: proxy.url }, async () => {
      await expect(client(sonar!.url).task(TASK)).resolves.toMatchObject({ id: TASK, status: 'SUCCESS' });
      expect(proxy.connects()).toEqual([sonar!.url.slice('https://'.length)]);
    });
    expect(sonar!.count('/api/ce/task')).toBe(1);
  });

  test('NO_PROXY with a leading dot does not match an address; the address itself does', async () => {
    await withProxyEnv({ HTTPS_PROXY: proxy.url, NO_PROXY: `.0.1,${ns!.hostAddress}` }, async () => {
      await expect(client(sonar!.url).task(TASK)).resolves.toMatchObject({ status: 'SUCCESS' });
      expect(proxy.requests()).toEqual([]);
    });
  });

  test('on loopback: never through the proxy, whatever NO_PROXY says', async () => {
    await withProxyEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url }, async () => {
      await expect(client(loopbackSonar!.url).task(TASK)).resolves.toMatchObject({ status: 'SUCCESS' });
      expect(proxy.requests()).toEqual([]);
    });
  });
});

describe('S3', () => {
  test('the static deploy store (plain HTTP endpoint): through HTTP_PROXY', async () => {
    const env = { ...AWS_ENV, HTTP_PROXY: proxy.url };
    await withProxyEnv({ HTTP_PROXY: proxy.url }, async () => {
      Object.assign(process.env, AWS_ENV);
      const store = await createS3Store({ bucket: 'site', region: 'us-east-1', endpoint: s3!.url }, env);
      try {
        const body = Buffer.from('through the proxy');
        await store.put({
          key: 'p.txt',
          body,
          md5: md5Hex(body),
          contentType: 'text/plain',
          cacheControl: 'no-cache',
        });
        expect((await store.list('')).map((o) => o.key)).toEqual(['p.txt']);
      } finally {
        store.close();
      }
      expect(proxy.connects().length).toBeGreaterThan(0);
      expect(new Set(proxy.connects())).toEqual(new Set([s3!.url.slice('http://'.length)]));
    });
    expect(s3!.puts()).toEqual(['p.txt']);
  });

  test('the store with NO_PROXY naming it: straight to it', async () => {
    const env = { ...AWS_ENV, HTTP_PROXY: proxy.url, NO_PROXY: ns!.hostAddress };
    await withProxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: ns!.hostAddress }, async () => {
      Object.assign(process.env, AWS_ENV);
      const store = await createS3Store({ bucket: 'site', region: 'us-east-1', endpoint: s3!.url }, env);
      try {
        await store.list('');
      } finally {
        store.close();
      }
      expect(proxy.requests()).toEqual([]);
    });
  });

  test('an HTTPS endpoint: the SDK client tunnels through HTTPS_PROXY, TLS checked end to end', async () => {
    await withProxyEnv({}, async () => {
      const client = new S3Client({
        region: 'us-east-1',
        endpoint: tlsS3!.url,
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        requestHandler: awsProxyHandler({ HTTPS_PROXY: proxy.url }, { ca: certs!.caPem }),
      });
      try {
        await client.send(new PutObjectCommand({ Bucket: 'site', Key: 'a.txt', Body: 'a' }));
        await client.send(new PutObjectCommand({ Bucket: 'site', Key: 'b.txt', Body: 'b' }));
        const out = await client.send(new ListObjectsV2Command({ Bucket: 'site' }));
        expect((out.Contents ?? []).map((o) => o.Key)).toEqual(['a.txt', 'b.txt']);
      } finally {
        client.destroy();
      }
      // One tunnel, kept alive for the three requests.
      expect(proxy.connects()).toEqual([tlsS3!.url.slice('https://'.length)]);
    });
  });
});

describe('health checks', () => {
  test('of the app on this host: never through the proxy', async () => {
    const port = (health!.address() as AddressInfo).port;
    await withProxyEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, http_proxy: proxy.url }, async () => {
      const result = await waitHealthy({
        url: `http://127.0.0.1:${port}/health`,
        timeoutMs: 2000,
        inspect: async () => ({
          status: 'running',
          health: 'none',
          exitCode: 0,
          restartCount: 0,
          imageRef: '',
        }),
      });
      expect(result.healthy).toBe(true);
      expect(proxy.requests()).toEqual([]);
    });
  });
});

describe('the GitHub API', () => {
  const api = () => createGitHubApi({ token: 'ghs_proxy', apiUrl: githubUrl, repository: 'o/r' });

  test('through HTTP_PROXY, by the same rule', async () => {
    await withProxyEnv({ HTTP_PROXY: proxy.url }, async () => {
      await expect(api().compareFiles('a', 'b')).resolves.toEqual({ files: ['src/a.ts'], truncated: false });
      expect(proxy.connects()).toEqual([githubUrl.slice('http://'.length)]);
    });
  });

  test('NO_PROXY naming its range: straight to it', async () => {
    await withProxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: '10.213.0.0/16' }, async () => {
      await expect(api().compareFiles('a', 'b')).resolves.toEqual({ files: ['src/a.ts'], truncated: false });
      expect(proxy.requests()).toEqual([]);
    });
  });
});
