/**
 * `deploy` with strategy static to a real S3-compatible server (s3rver on loopback) through the real AWS
 * SDK, and CloudFront through the SDK pointed (AWS_ENDPOINT_URL_CLOUDFRONT, an SDK standard) at a
 * loopback stub of its XML API. Every stored object's bytes are checked against the file (MD5 and
 * content), because this server stores the SDK's default streamed checksums as part of the object.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runDeploy } from '../src/commands/deploy.js';
import { createS3Store } from '../src/deploy/static/s3.js';
import type { InputName } from '../src/inputs.js';
import { CloudFrontStub } from './helpers/cloudfront-stub.js';
import { writeFrontendBuild } from './helpers/frontend-build.js';
import { ROOT, runAction } from './helpers/run-dist.js';
import { md5Hex, S3_CREDENTIALS, startPagingS3Server, TestS3Server } from './helpers/s3-server.js';
import { fakeRuntime, TEST_SHA } from './helpers/static-runtime.js';

const saved = { ...process.env };
let s3: TestS3Server;
let cloudfront: CloudFrontStub;
let work: string;

const awsEnv = (): Record<string, string> => ({
  ...S3_CREDENTIALS,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_ENDPOINT_URL_CLOUDFRONT: cloudfront.url,
});

beforeAll(async () => {
  s3 = await new TestS3Server('frontend-test').start();
  cloudfront = await new CloudFrontStub().start();
  Object.assign(process.env, awsEnv());
  work = mkdtempSync(path.join(tmpdir(), 'berth-static-s3-'));
});
afterAll(async () => {
  process.env = saved;
  await s3.stop();
  await cloudfront.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('through the SDK, in process', () => {
  const build = (): string => path.join(work, 'inproc');
  let files: Map<string, Buffer>;
  const inputs = (over: Partial<Record<InputName, string>> = {}): Partial<Record<InputName, string>> => ({
    command: 'deploy',
    strategy: 'static',
    component: 'frontend',
    environment: 'test',
    dir: 'inproc',
    's3-bucket': 'frontend-test',
    's3-prefix': 'orders',
    's3-endpoint': s3.url,
    's3-region': 'kr-standard',
    'keep-previous': '0',
    ...over,
  });
  const deploy = async (over: Partial<Record<InputName, string>> = {}) => {
    const r = fakeRuntime(inputs(over), work);
    await runDeploy(r.inputs, r.runtime, { cloudfrontPollMs: 10, sleep: async () => {} });
    return r;
  };

  beforeAll(() => {
    files = writeFrontendBuild(build(), 'v1');
  });

  test('first deploy: every object stored byte for byte, with its type and cache header; assets before HTML', async () => {
    const mark = s3.requests.length;
    const { outputs } = await deploy();
    expect(outputs['files-uploaded']).toBe(String(files.size));
    expect(outputs['bytes-uploaded']).toBe(String([...files.values()].reduce((n, b) => n + b.length, 0)));
    expect(outputs.url).toBe(`${s3.url}/frontend-test/orders/`);

    for (const [rel, bytes] of files) {
      const got = await s3.fetch(`orders/${rel}`);
      expect([rel, got.status]).toEqual([rel, 200]);
      expect([rel, md5Hex(got.body)]).toEqual([rel, md5Hex(bytes)]);
      expect(got.body.equals(bytes)).toBe(true);
      expect(got.headers.get('etag')).toBe(`"${md5Hex(bytes)}"`);
    }
    const head = async (rel: string) => {
      const { headers } = await s3.fetch(`orders/${rel}`);
      return [headers.get('content-type'), headers.get('cache-control')];
    };
    const js = [...files.keys()].find((f) => /^static\/js\/main\.[0-9a-f]{8}\.js$/.test(f)) as string;
    expect(await head('index.html')).toEqual(['text/html; charset=utf-8', 'no-cache']);
    expect(await head(js)).toEqual(['text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
    expect(await head('favicon.ico')).toEqual(['image/vnd.microsoft.icon', 'no-cache']);
    expect(await head('manifest.json')).toEqual(['application/json; charset=utf-8', 'no-cache']);

    // The server's own log: no HTML PUT arrived before the last asset PUT was answered.
    const log = s3.requests.slice(mark).filter((r) => r.method === 'PUT');
    const firstHtmlArrived = log.findIndex((r) => r.at === '>' && /\.html\?/.test(r.url));
    const lastAssetAnswered = log.map((r) => r.at === '<' && !/\.html\?/.test(r.url)).lastIndexOf(true);
    expect(firstHtmlArrived).toBeGreaterThan(lastAssetAnswered);
    // Non-AWS endpoint: no flexible checksums, no aws-chunked body; Content-MD5 always.
    for (const r of log.filter((e) => e.at === '>')) {
      expect(Object.keys(r.headers ?? {}).filter((h) => h.startsWith('x-amz-checksum-'))).toEqual([]);
      expect(r.headers?.['content-encoding']).toBeUndefined();
      expect(r.headers?.['content-md5']).toEqual(expect.any(String));
    }
  });

  test('an unchanged redeploy uploads nothing', async () => {
    const mark = s3.requests.length;
    const { outputs } = await deploy();
    expect(outputs['files-uploaded']).toBe('0');
    expect(s3.requests.slice(mark).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  test('one changed file: exactly that file is uploaded, and CloudFront invalidates exactly its path', async () => {
    writeFileSync(path.join(build(), 'robots.txt'), 'User-agent: *\nDisallow: /orders/admin\n');
    const mark = s3.requests.length;
    const { outputs, summary } = await deploy({
      'cloudfront-distribution-id': cloudfront.distributionId,
      'cloudfront-wait': 'true',
    });
    const puts = s3.requests.slice(mark).filter((r) => r.at === '<' && r.method === 'PUT');
    expect(puts.map((r) => r.url)).toEqual(['/frontend-test/orders/robots.txt?x-id=PutObject']);
    expect(outputs['files-uploaded']).toBe('1');
    expect((await s3.fetch('orders/robots.txt')).body.toString()).toBe(
      'User-agent: *\nDisallow: /orders/admin\n',
    );

    expect(outputs['invalidation-id']).toBe('I0000000000001');
    const [create, ...polls] = cloudfront.requests;
    expect(create).toMatchObject({
      method: 'POST',
      path: `/2020-05-31/distribution/${cloudfront.distributionId}/invalidation`,
      paths: ['/robots.txt'],
    });
    expect(create?.callerReference).toMatch(
      new RegExp(`^berth-frontend-test-${TEST_SHA.slice(0, 12)}-1234-\\d+$`),
    );
    // SigV4 for CloudFront, whose API lives in us-east-1, with the standard chain's credentials.
    expect(create?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=S3RVER\/\d{8}\/us-east-1\/cloudfront\/aws4_request, /,
    );
    expect(polls.map((p) => [p.method, p.path])).toEqual([
      ['GET', `/2020-05-31/distribution/${cloudfront.distributionId}/invalidation/I0000000000001`],
      ['GET', `/2020-05-31/distribution/${cloudfront.distributionId}/invalidation/I0000000000001`],
    ]);
    expect(summary.join('')).toContain('| CloudFront invalidation | I0000000000001 (1 paths, completed) |');
  });

  test('a new build: new hashed files first, then HTML; old hashed files deleted after; / and /index.html invalidated', async () => {
    const before = new Set(files.keys());
    rmSync(build(), { recursive: true });
    files = writeFrontendBuild(build(), 'v2');
    const mark = s3.requests.length;
    const marks = cloudfront.requests.length;
    const { outputs } = await deploy({ 'cloudfront-distribution-id': cloudfront.distributionId });
    const log = s3.requests.slice(mark).filter((r) => r.at === '<' && r.method !== 'GET');
    const kinds = log.map((r) => `${r.method} ${/\.html\?/.test(r.url) ? 'html' : 'asset'}`);
    expect(kinds.indexOf('PUT html')).toBeGreaterThan(kinds.lastIndexOf('PUT asset'));
    expect(kinds.indexOf('DELETE asset')).toBeGreaterThan(kinds.lastIndexOf('PUT html'));
    const gone = [...before].filter((f) => !files.has(f));
    expect(outputs['files-deleted']).toBe(String(gone.length));
    for (const f of gone) expect((await s3.fetch(`orders/${f}`)).status).toBe(404);
    for (const [rel, bytes] of files) expect((await s3.fetch(`orders/${rel}`)).body.equals(bytes)).toBe(true);
    expect(cloudfront.requests.slice(marks)[0]?.paths).toEqual([
      '/',
      '/asset-manifest.json',
      '/index.html',
      '/orders/',
      '/orders/index.html',
      '/robots.txt', // changed back from the test before
    ]);
  });

  test('a bucket that does not exist: the input to fix', async () => {
    await expect(deploy({ 's3-bucket': 'no-such-bucket' })).rejects.toThrow(
      `s3-bucket: no bucket "no-such-bucket" at ${s3.url} (kr-standard); create it, or fix s3-bucket, s3-endpoint or s3-region`,
    );
  });

  test('a distribution that does not exist: the input to fix', async () => {
    writeFileSync(path.join(build(), 'robots.txt'), 'User-agent: *\n');
    await expect(deploy({ 'cloudfront-distribution-id': 'EDFDVBD6EXAMPLE' })).rejects.toThrow(
      'cloudfront-distribution-id: no distribution "EDFDVBD6EXAMPLE" for these credentials; use the ID the CloudFront console shows (e.g. E2QWRUHAPOMQZL)',
    );
  });
});

test('a store that answers an ETag other than the MD5 of what was sent fails the upload', async () => {
  // Answers every PUT 200 with the MD5 of a body carrying aws-chunked framing, as a corrupting store would.
  const server: Server = createServer((req, res) => {
    req.resume().on('end', () => {
      res.writeHead(200, { etag: '"c75392234a179089cf6353acee228bf2"' });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const store = await createS3Store({ bucket: 'site', region: 'kr-standard', endpoint: url });
  try {
    const body = Buffer.from('hello');
    await expect(
      store.put({
        key: 'a.txt',
        body,
        md5: md5Hex(body),
        contentType: 'text/plain',
        cacheControl: 'no-cache',
      }),
    ).rejects.toThrow(
      `uploading a.txt to ${url}/site: the store answered ETag "c75392234a179089cf6353acee228bf2" for a body whose MD5 is 5d41402abc4b2a76b9719d911017c592, so it did not store the file's bytes (an S3-compatible store that mishandles checksums?); nothing after this file was published`,
    );
  } finally {
    store.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('node dist/index.js: the Frontend component of the example config deploys; a redeploy with one changed file uploads exactly that file', async () => {
  if (!existsSync(path.join(ROOT, 'dist/index.js'))) throw new Error('dist/index.js missing: npm run build');
  const workspace = mkdtempSync(path.join(tmpdir(), 'berth-dist-static-'));
  try {
    const files = writeFrontendBuild(path.join(workspace, 'frontend/build'), 'v1');
    const run = () =>
      runAction({
        eventName: 'push',
        payload: { ref: 'refs/heads/test', after: TEST_SHA },
        cwd: workspace,
        inputs: {
          command: 'deploy',
          config: path.join(ROOT, 'examples/monorepo/.github/berth.yml'),
          component: 'frontend',
          environment: 'test',
          strategy: 'static',
          dir: 'frontend/build',
          's3-bucket': 'frontend-test',
          's3-prefix': 'dist-run',
          's3-endpoint': s3.url,
          's3-region': 'kr-standard',
        },
        env: { ...awsEnv(), GITHUB_SHA: TEST_SHA, GITHUB_RUN_ID: '77' },
      });
    const first = await run();
    if (first.code !== 0) throw new Error(`dist run failed:\n${first.stdout}\n${first.stderr}`);
    expect(first.outputs['files-uploaded']).toBe(String(files.size));
    expect(first.summary).toContain('### berth deploy: frontend deployed to **test**');
    for (const [rel, bytes] of files)
      expect(md5Hex((await s3.fetch(`dist-run/${rel}`)).body)).toBe(md5Hex(bytes));

    const js = [...files.keys()].find((f) => f.endsWith('.js')) as string;
    const changed = 'orders/index.html';
    writeFileSync(
      path.join(workspace, 'frontend/build', changed),
      readFileSync(path.join(workspace, 'frontend/build', changed), 'utf8').replace(
        'Orders list',
        'Order list',
      ),
    );
    const mark = s3.requests.length;
    const second = await run();
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({
      'files-uploaded': '1',
      'files-deleted': '0',
      'invalidation-id': '',
    });
    expect(
      s3.requests
        .slice(mark)
        .filter((r) => r.at === '<' && r.method === 'PUT')
        .map((r) => r.url),
    ).toEqual([`/frontend-test/dist-run/${changed}?x-id=PutObject`]);
    expect((await s3.fetch(`dist-run/${changed}`)).body.toString()).toContain('Order list');
    expect((await s3.fetch(`dist-run/${js}`)).status).toBe(200);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
});

test('a prefix of more than 1,000 objects: every listing page is compared (nothing re-uploaded, nothing deleted)', async () => {
  const server = await startPagingS3Server('paged');
  const dir = path.join(work, 'paged');
  try {
    for (let i = 0; i < 1203; i++) {
      const file = path.join(dir, 'static', 'js', `${i}.${md5Hex(String(i)).slice(0, 8)}.chunk.js`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `/* chunk ${i} */\n`);
    }
    writeFileSync(path.join(dir, 'index.html'), '<p>paged</p>\n');
    const deploy = async () => {
      const r = fakeRuntime(
        {
          command: 'deploy',
          strategy: 'static',
          component: 'frontend',
          environment: 'test',
          dir: 'paged',
          's3-bucket': 'paged',
          's3-endpoint': server.url,
          's3-region': 'kr-standard',
          'keep-previous': '0',
        },
        work,
      );
      await runDeploy(r.inputs, r.runtime, { concurrency: 16 });
      return r.outputs;
    };
    expect(await deploy()).toMatchObject({ 'files-uploaded': '1204', 'files-deleted': '0' });
    expect(await deploy()).toMatchObject({ 'files-uploaded': '0', 'files-deleted': '0' });
  } finally {
    await server.stop();
  }
}, 60_000);
