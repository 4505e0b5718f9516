/**
 * The bucket deploy's order and bookkeeping against a hand-written store (the real S3 protocol is in
 * static-s3.int.test.ts): assets before HTML, CloudFront before deletes, the keep-previous ledger, and
 * what the command reports (outputs, summary).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { runDeploy } from '../../../src/commands/deploy.js';
import type { Invalidator } from '../../../src/deploy/static/cloudfront.js';
import { waitForInvalidation } from '../../../src/deploy/static/cloudfront.js';
import {
  forEachLimit,
  LEDGER_FILE,
  parseLedger,
  renderLedger,
} from '../../../src/deploy/static/s3-deploy.js';
import type { ObjectStore, PutRequest, StoredObject } from '../../../src/deploy/static/s3.js';
import type { InputName } from '../../../src/inputs.js';
import { fakeRuntime } from '../../helpers/static-runtime.js';

const md5 = (s: string | Buffer): string => createHash('md5').update(s).digest('hex');
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 1));

/** An in-memory bucket that logs every call's start and end. */
class FakeStore implements ObjectStore {
  readonly address = 'https://site.s3.ap-northeast-2.amazonaws.com';
  readonly objects = new Map<string, { body: Buffer; contentType: string; cacheControl: string }>();
  readonly log: string[] = [];
  async list(prefix: string): Promise<StoredObject[]> {
    this.log.push(`list ${prefix}`);
    return [...this.objects]
      .filter(([k]) => k.startsWith(prefix))
      .map(([key, o]) => ({ key, size: o.body.length, etag: md5(o.body) }));
  }
  async get(key: string): Promise<Buffer | undefined> {
    return this.objects.get(key)?.body;
  }
  async put(r: PutRequest): Promise<void> {
    this.log.push(`put> ${r.key}`);
    await tick();
    expect(md5(r.body)).toBe(r.md5);
    this.objects.set(r.key, { body: r.body, contentType: r.contentType, cacheControl: r.cacheControl });
    this.log.push(`put< ${r.key}`);
  }
  async delete(key: string): Promise<void> {
    this.log.push(`delete ${key}`);
    this.objects.delete(key);
  }
  close(): void {}
}

class FakeCdn implements Invalidator {
  readonly calls: Array<{ distributionId: string; paths: readonly string[]; callerReference: string }> = [];
  statuses = ['InProgress', 'Completed'];
  constructor(private readonly log: string[]) {}
  async create(distributionId: string, paths: readonly string[], callerReference: string): Promise<string> {
    this.calls.push({ distributionId, paths, callerReference });
    this.log.push(`invalidate ${paths.join(' ')}`);
    return 'I2J0I21PCUYOIK';
  }
  async status(): Promise<string> {
    const s = this.statuses.shift() ?? 'Completed';
    this.log.push(`status ${s}`);
    return s;
  }
  close(): void {}
}

let work: string;
const write = (rel: string, content: string): void => {
  mkdirSync(path.dirname(path.join(work, 'build', rel)), { recursive: true });
  writeFileSync(path.join(work, 'build', rel), content);
};
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'berth-static-'));
  write('index.html', '<script src="/static/js/main.8f3b2c1a.js"></script>');
  write('about/index.html', '<h1>about</h1>');
  write('static/js/main.8f3b2c1a.js', 'console.log(1)');
  write('static/css/main.1b2c3d4e.css', 'body{}');
  write('manifest.json', '{}');
  write('favicon.ico', 'ico');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const base = {
  command: 'deploy',
  strategy: 'static',
  component: 'frontend',
  environment: 'production',
  dir: 'build',
  's3-bucket': 'site',
  's3-prefix': 'shop',
} as const;

async function deploy(
  store: FakeStore,
  values: Partial<Record<InputName, string>> = {},
  cdn?: FakeCdn,
  nowMs = 0,
) {
  const r = fakeRuntime({ ...base, ...values }, work);
  await runDeploy(r.inputs, r.runtime, {
    createStore: async () => store,
    createCdn: async () => cdn as FakeCdn,
    now: () => nowMs,
    sleep: async () => {},
    cloudfrontPollMs: 1,
    concurrency: 3,
  });
  return r;
}

describe('deploy to a bucket', () => {
  test('first deploy: every file, each phase finished before the next starts, HTML last', async () => {
    const store = new FakeStore();
    const { outputs } = await deploy(store);
    const puts = store.log.filter((l) => l.startsWith('put'));
    const lastAsset = Math.max(...puts.map((l, i) => (!l.endsWith('.html') ? i : -1)));
    const firstHtml = puts.findIndex((l) => l.endsWith('.html'));
    expect(firstHtml).toBeGreaterThan(lastAsset);
    const lastHashed = Math.max(...puts.map((l, i) => (/main\./.test(l) ? i : -1)));
    const firstOther = puts.findIndex((l) => /favicon|manifest/.test(l));
    expect(firstOther).toBeGreaterThan(lastHashed);
    expect(store.objects.get('shop/index.html')).toMatchObject({
      contentType: 'text/html; charset=utf-8',
      cacheControl: 'no-cache',
    });
    expect(store.objects.get('shop/static/js/main.8f3b2c1a.js')).toMatchObject({
      contentType: 'text/javascript; charset=utf-8',
      cacheControl: 'public, max-age=31536000, immutable',
    });
    expect(outputs).toEqual({
      'files-uploaded': '6',
      'files-deleted': '0',
      'bytes-uploaded': String(51 + 14 + 14 + 6 + 2 + 3), // the six files' sizes
      'invalidation-id': '',
      url: 'https://site.s3.ap-northeast-2.amazonaws.com/shop/',
      'environment-url': '',
      'duration-ms': expect.stringMatching(/^\d+$/) as unknown as string,
    });
  });

  test('the environment-url input comes back as its output and heads the summary; url stays the bucket', async () => {
    const { outputs, summary } = await deploy(new FakeStore(), {
      'environment-url': 'https://shop.example.com/',
    });
    expect(outputs['environment-url']).toBe('https://shop.example.com');
    expect(outputs.url).toBe('https://site.s3.ap-northeast-2.amazonaws.com/shop/');
    expect(summary.join('\n')).toContain(
      '- **URL**: [https:\u200b//shop.example.com](https://shop.example.com/)',
    );
  });

  test('unchanged redeploy uploads nothing and writes nothing', async () => {
    const store = new FakeStore();
    await deploy(store);
    store.log.length = 0;
    const { outputs, summary } = await deploy(store);
    expect(store.log).toEqual(['list shop/']);
    expect(outputs['files-uploaded']).toBe('0');
    expect(summary.join('')).toContain('| Unchanged (not uploaded) | 6 |');
  });

  test('removed files: deleted after the HTML and the invalidation; keep-previous keeps them for the window', async () => {
    const store = new FakeStore();
    const cdn = new FakeCdn(store.log);
    const cf = { 'cloudfront-distribution-id': 'E2QWRUHAPOMQZL', 'cloudfront-wait': 'true' };
    await deploy(store, { 'keep-previous': '1h', ...cf }, cdn, 0);
    // A new build: new hash, new index.html, the about page gone.
    rmSync(path.join(work, 'build', 'static/js/main.8f3b2c1a.js'));
    rmSync(path.join(work, 'build', 'about'), { recursive: true });
    write('static/js/main.99aa88bb.js', 'console.log(2)');
    write('index.html', '<script src="/static/js/main.99aa88bb.js"></script>');
    store.log.length = 0;
    const second = await deploy(store, { 'keep-previous': '1h', ...cf }, cdn, 1000);
    expect(store.log).toEqual([
      'list shop/',
      'put> shop/static/js/main.99aa88bb.js',
      'put< shop/static/js/main.99aa88bb.js',
      'put> shop/index.html',
      'put< shop/index.html',
      'invalidate / /index.html',
      'status InProgress',
      'status Completed',
      // inside the window: nothing deleted, the ledger records since when
      `put> shop/${LEDGER_FILE}`,
      `put< shop/${LEDGER_FILE}`,
    ]);
    expect(second.outputs['invalidation-id']).toBe('I2J0I21PCUYOIK');
    expect(cdn.calls[0]?.callerReference).toBe('berth-frontend-production-ffac537e6cbb-1234-1000');
    expect(JSON.parse(store.objects.get(`shop/${LEDGER_FILE}`)?.body.toString() ?? '')).toEqual({
      version: 1,
      removed: {
        'about/index.html': '1970-01-01T00:00:01.000Z',
        'static/js/main.8f3b2c1a.js': '1970-01-01T00:00:01.000Z',
      },
    });
    expect(second.summary.join('')).toContain('| Removed, kept for keep-previous | 2 |');

    // An hour later, the same build: the old files go; the ledger with them.
    store.log.length = 0;
    const third = await deploy(store, { 'keep-previous': '1h' }, undefined, 1000 + 3_600_000);
    expect(store.log).toEqual([
      'list shop/',
      'delete shop/about/index.html',
      'delete shop/static/js/main.8f3b2c1a.js',
      `delete shop/${LEDGER_FILE}`,
    ]);
    expect(third.outputs['files-deleted']).toBe('2');
    expect(third.summary.join('')).toContain('| about/index.html | deleted |');
  });

  test('delete-removed false: nothing deleted, no ledger', async () => {
    const store = new FakeStore();
    store.objects.set('shop/old.js', { body: Buffer.from('x'), contentType: '', cacheControl: '' });
    store.objects.set('other-site/index.html', { body: Buffer.from('x'), contentType: '', cacheControl: '' });
    await deploy(store, { 'delete-removed': 'false' });
    expect(store.objects.has('shop/old.js')).toBe(true);
    expect(store.log.some((l) => l.includes(LEDGER_FILE))).toBe(false);
    await deploy(store, { 'keep-previous': '0' });
    expect(store.objects.has('shop/old.js')).toBe(false);
    expect(store.objects.has('other-site/index.html')).toBe(true); // outside the prefix: never touched
  });

  test("a build with berth's own .berth/ directory is refused", async () => {
    write('.berth/removed.json', '{}');
    await expect(deploy(new FakeStore())).rejects.toThrow(
      'dir: the build has a .berth/ directory, which berth keeps its own records in under s3-prefix; rename it',
    );
  });

  test('a missing build directory says to build first', async () => {
    await expect(deploy(new FakeStore(), { dir: 'frontend/dist' })).rejects.toThrow(
      `dir: expected the build directory (e.g. frontend/build), but ${path.join(work, 'frontend/dist')} is not a directory; run the frontend build first, or fix the path`,
    );
  });
});

test('waitForInvalidation gives up after its bound, saying what is done', async () => {
  let now = 0;
  const cdn = new FakeCdn([]);
  cdn.statuses = Array(100).fill('InProgress') as string[];
  const lines: string[] = [];
  await expect(
    waitForInvalidation(cdn, 'E2QWRUHAPOMQZL', 'I1', {
      timeoutMs: 60_000,
      pollMs: 10_000,
      sleep: async (ms) => void (now += ms),
      now: () => now,
      progress: (line) => lines.push(line),
    }),
  ).rejects.toThrow(
    'CloudFront invalidation I1 on E2QWRUHAPOMQZL had not completed after 60 s; the new files are uploaded, removed files were not deleted yet',
  );
  expect(cdn.statuses).toHaveLength(100 - 7);
  // A line every 5 s though it polls every 10 s (issue 20), then the final one.
  expect(lines).toEqual([
    ...[0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60].map(
      (s) => `waiting for CloudFront invalidation I1: InProgress, ${s} s of 60 s`,
    ),
    'CloudFront invalidation I1: not completed after 60 s',
  ]);
});

test('the ledger round-trips; a foreign one starts the window again with a warning', () => {
  const ledger = { 'a.js': Date.UTC(2026, 10, 22) };
  expect(parseLedger(Buffer.from(renderLedger(ledger)), () => {})).toEqual(ledger);
  const warnings: string[] = [];
  expect(parseLedger(Buffer.from('not json'), (m) => warnings.push(m))).toEqual({});
  expect(warnings).toEqual([
    ".berth/removed.json is not berth's JSON; the keep-previous window of removed files starts again now",
  ]);
});

test('forEachLimit: at most the limit at once; the first failure stops new starts', async () => {
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  await expect(
    forEachLimit([1, 2, 3, 4, 5, 6, 7, 8], 3, async (n) => {
      started.push(n);
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      running -= 1;
      if (n === 2) throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  expect(peak).toBe(3);
  expect(started.length).toBeLessThan(8);
});
