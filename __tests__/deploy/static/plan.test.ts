import { describe, expect, test } from '@jest/globals';
import {
  cacheControlFor,
  contentTypeFor,
  IMMUTABLE,
  invalidationPaths,
  isContentHashed,
  NO_CACHE,
  parseCacheControlRules,
  parseKeepPrevious,
  planRemovals,
  planUploads,
  type FileUpload,
  type LocalFile,
} from '../../../src/deploy/static/plan.js';

describe('isContentHashed', () => {
  test.each([
    // webpack / Create React App
    ['static/js/main.8f3b2c1a.js', true],
    ['static/js/787.8f3b2c1a.chunk.js', true],
    ['static/css/main.8f3b2c1a.css', true],
    ['static/js/main.8f3b2c1a.js.map', true],
    ['static/js/main.8f3b2c1a.js.LICENSE.txt', true],
    ['static/media/logo.6ce24c58023cc2f8fd88fe9d219db6c6.svg', true],
    // Vite / Rollup
    ['assets/index-Bk3R9qZ1.js', true],
    ['assets/index-B-5x_Tq9.css', true],
    ['assets/vendor-a1b2c3d4.js', true],
    // esbuild
    ['out/main-RD7NFQBV.js', true],
    // Next.js (hashed names and the build-id directory)
    ['_next/static/chunks/pages/_app-8f3e9a0b1c2d3e4f.js', true],
    ['_next/static/Xy3kP9aB2cD4eF6gH8iJ0/_buildManifest.js', true],
    // Angular
    ['main.6a7f8e9b0c1d2e3f.js', true],
    // Not hashes: names, words with numbers, versions, sizes, dates
    ['index.html', false],
    ['favicon.ico', false],
    ['manifest.json', false],
    ['robots.txt', false],
    ['logo192.png', false],
    ['icons/icon-512x512.png', false],
    ['fonts/font-awesome4.css', false],
    ['fonts/Roboto-BoldItalic.woff2', false],
    ['vendor/jquery-3.6.0.min.js', false],
    ['reports/report-Q3FY2024.pdf', false],
    ['photos/photo-20240101.jpg', false],
    ['deadbeef.js', false], // hex without a digit
    ['assets/index-DiwrgTda.js', false], // a hash with no digit is missed: revalidated, never stale
  ])('%s → %s', (file, hashed) => {
    expect(isContentHashed(file)).toBe(hashed);
  });
});

describe('contentTypeFor', () => {
  test.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['docs/INDEX.HTM', 'text/html; charset=utf-8'],
    ['assets/index-Bk3R9qZ1.js', 'text/javascript; charset=utf-8'],
    ['app.mjs', 'text/javascript; charset=utf-8'],
    ['main.css', 'text/css; charset=utf-8'],
    ['main.js.map', 'application/json; charset=utf-8'],
    ['manifest.webmanifest', 'application/manifest+json; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['a.png', 'image/png'],
    ['a.JPG', 'image/jpeg'],
    ['f.woff2', 'font/woff2'],
    ['app.wasm', 'application/wasm'],
    ['favicon.ico', 'image/vnd.microsoft.icon'],
    ['robots.txt', 'text/plain; charset=utf-8'],
    ['CNAME', 'application/octet-stream'],
    ['data.bin', 'application/octet-stream'],
  ])('%s → %s', (file, type) => {
    expect(contentTypeFor(file)).toBe(type);
  });
});

describe('cache-control', () => {
  const rules = parseCacheControlRules(
    [
      '# fonts never change under a name',
      'fonts/**=public, max-age=31536000, immutable',
      '',
      '*.json = public, max-age=60',
      '/sw.js=no-store',
    ].join('\n'),
  );

  test.each([
    ['index.html', NO_CACHE],
    ['about/index.html', NO_CACHE],
    ['static/js/main.8f3b2c1a.js', IMMUTABLE],
    ['assets/index-Bk3R9qZ1.js', IMMUTABLE],
    ['favicon.ico', NO_CACHE],
    ['fonts/Roboto-Bold.woff2', IMMUTABLE], // rule 1
    ['manifest.json', 'public, max-age=60'], // rule 2 matches the file name anywhere
    ['static/asset-manifest.json', 'public, max-age=60'],
    ['sw.js', 'no-store'], // a leading / is the build's root
  ])('%s → %s', (file, value) => {
    expect(cacheControlFor(file, rules)).toBe(value);
  });

  test('HTML is never immutable by the hash rule (an entry point must be revalidated)', () => {
    expect(cacheControlFor('page.8f3b2c1a.html', [])).toBe(NO_CACHE);
  });

  test.each([
    [
      'fonts/**',
      'cache-control: expected GLOB=VALUE per line (e.g. fonts/**=public, max-age=31536000, immutable), got "fonts/**"',
    ],
    [
      '=no-cache',
      'cache-control: expected GLOB=VALUE per line (e.g. fonts/**=public, max-age=31536000, immutable), got "=no-cache"',
    ],
    [
      '*.js=',
      'cache-control: expected GLOB=VALUE per line (e.g. fonts/**=public, max-age=31536000, immutable), got "*.js="',
    ],
  ])('%j is refused', (input, message) => {
    expect(() => parseCacheControlRules(input)).toThrow(message);
  });
});

const file = (path: string, md5 = 'a'.repeat(32), size = 10): LocalFile => ({ path, md5, size });

describe('planUploads', () => {
  const local = [
    file('index.html', '1'.repeat(32)),
    file('about/index.html', '2'.repeat(32)),
    file('static/js/main.8f3b2c1a.js', '3'.repeat(32)),
    file('static/css/main.1b2c3d4e.css', '4'.repeat(32)),
    file('manifest.json', '5'.repeat(32)),
    file('favicon.ico', '6'.repeat(32)),
  ];

  test('first deploy: every file, hashed assets first, then other files, HTML last', () => {
    const plan = planUploads(local, [], []);
    expect(plan.phases.immutable.map((u) => u.path)).toEqual([
      'static/css/main.1b2c3d4e.css',
      'static/js/main.8f3b2c1a.js',
    ]);
    expect(plan.phases.other.map((u) => u.path)).toEqual(['favicon.ico', 'manifest.json']);
    expect(plan.phases.html.map((u) => u.path)).toEqual(['about/index.html', 'index.html']);
    expect(plan.unchanged).toEqual([]);
    expect(plan.phases.html[1]).toEqual({
      path: 'index.html',
      size: 10,
      md5: '1'.repeat(32),
      contentType: 'text/html; charset=utf-8',
      cacheControl: 'no-cache',
      replaces: false,
    });
  });

  test('redeploy: only files whose size or MD5 differ; removed ones listed', () => {
    const remote = [
      ...local.map((f) => ({ path: f.path, size: f.size, etag: f.md5 })),
      { path: 'static/js/main.00ff00ff.js', size: 10, etag: '7'.repeat(32) },
    ].map((o) =>
      o.path === 'index.html'
        ? { ...o, etag: '0'.repeat(32) } // content changed, same size
        : o.path === 'favicon.ico'
          ? { ...o, size: 11 }
          : o,
    );
    const plan = planUploads(local, remote, []);
    expect(
      [...plan.phases.immutable, ...plan.phases.other, ...plan.phases.html].map((u) => [u.path, u.replaces]),
    ).toEqual([
      ['favicon.ico', true],
      ['index.html', true],
    ]);
    expect(plan.unchanged).toHaveLength(4);
    expect(plan.removed).toEqual(['static/js/main.00ff00ff.js']);
  });

  test('force uploads unchanged files too', () => {
    const remote = local.map((f) => ({ path: f.path, size: f.size, etag: f.md5 }));
    expect(planUploads(local, remote, []).unchanged).toHaveLength(6);
    expect(planUploads(local, remote, [], true).unchanged).toHaveLength(0);
  });

  test('a multipart or KMS ETag never equals an MD5: the file is uploaded again', () => {
    const plan = planUploads([file('a.js')], [{ path: 'a.js', size: 10, etag: `${'a'.repeat(32)}-2` }], []);
    expect(plan.phases.other.map((u) => u.path)).toEqual(['a.js']);
  });
});

describe('planRemovals (keep-previous)', () => {
  const H = 3_600_000;
  test.each([
    // removed, ledger, now, window → deleteNow, keep, ledger
    ['no window: deleted at once', ['a.js'], {}, 10 * H, 0, ['a.js'], [], {}],
    [
      'first seen missing: kept, window starts now',
      ['a.js'],
      {},
      10 * H,
      H,
      [],
      ['a.js'],
      { 'a.js': 10 * H },
    ],
    ['still inside the window', ['a.js'], { 'a.js': 10 * H }, 10.5 * H, H, [], ['a.js'], { 'a.js': 10 * H }],
    ['window passed: deleted', ['a.js'], { 'a.js': 10 * H }, 11 * H, H, ['a.js'], [], {}],
    ['came back to the build: leaves the ledger', [], { 'a.js': 10 * H }, 11 * H, H, [], [], {}],
  ] as const)('%s', (_name, removed, ledger, now, window, deleteNow, keep, next) => {
    expect(planRemovals(removed, { ...ledger }, now, window)).toEqual({
      deleteNow,
      keep,
      ledger: next,
    });
  });

  test.each([
    ['0', 0],
    ['30s', 30_000],
    ['30m', 1_800_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
  ])('keep-previous %s → %d ms', (value, ms) => {
    expect(parseKeepPrevious(value)).toBe(ms);
  });

  test.each(['1', '1w', '-1h', '1.5h', 'forever', ''])('keep-previous %j is refused', (value) => {
    expect(() => parseKeepPrevious(value)).toThrow(
      `keep-previous: expected 0 or a number with s, m, h or d (e.g. 30m, 1h, 7d), got ${JSON.stringify(value)}`,
    );
  });
});

describe('invalidationPaths', () => {
  const upload = (path: string, replaces: boolean, cacheControl = NO_CACHE): FileUpload => ({
    ...file(path),
    contentType: contentTypeFor(path),
    cacheControl,
    replaces,
  });

  test('replaced, not immutable files; index.html also by its directory; new files need none', () => {
    expect(
      invalidationPaths(
        [
          upload('static/js/main.8f3b2c1a.js', true, IMMUTABLE),
          upload('favicon.ico', true),
          upload('new-page.html', false),
          upload('index.html', true),
          upload('docs/index.html', true),
          upload('my file ü.json', true),
        ],
        'changed',
      ),
    ).toEqual({
      paths: ['/', '/docs/', '/docs/index.html', '/favicon.ico', '/index.html', '/my%20file%20%C3%BC.json'],
      note: '',
    });
  });

  test('nothing replaced: no paths', () => {
    expect(invalidationPaths([upload('new.js', false)], 'changed')).toEqual({ paths: [], note: '' });
  });

  test('all: /* whatever changed', () => {
    expect(invalidationPaths([], 'all').paths).toEqual(['/*']);
  });

  test("over CloudFront's 3000 paths: /*, with the reason", () => {
    const many = Array.from({ length: 3001 }, (_, i) => upload(`p${i}.json`, true));
    expect(invalidationPaths(many, 'changed')).toEqual({
      paths: ['/*'],
      note: "3001 paths changed, over CloudFront's 3000",
    });
  });
});
