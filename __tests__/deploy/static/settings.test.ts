import { expect, test } from '@jest/globals';
import { resolveStaticSettings } from '../../../src/deploy/static/settings.js';
import { INPUT_DEFAULTS, readInputs, type InputName } from '../../../src/inputs.js';

function inputs(values: Partial<Record<InputName, string>>) {
  return readInputs({ getInput: (n) => values[n] ?? INPUT_DEFAULTS[n], setSecret: () => {} });
}
const s3 = {
  command: 'deploy',
  strategy: 'static',
  component: 'frontend',
  environment: 'production',
  dir: 'frontend/build',
  's3-bucket': 'acme-frontend',
} as const;
const nginxDir = {
  command: 'deploy',
  strategy: 'static',
  'static-target': 'nginx-dir',
  app: 'shop',
  environment: 'develop',
  dir: 'out',
  'static-root': '/srv/www/shop/',
} as const;

test('s3: defaults (AWS, root of the bucket, delete removed files after an hour)', () => {
  const settings = resolveStaticSettings(inputs(s3), 'deploy', '/work/repo');
  expect({ ...settings, rules: settings.rules.length }).toEqual({
    app: 'frontend',
    environment: 'production',
    dir: '/work/repo/frontend/build',
    rules: 0,
    target: 's3',
    bucket: 'acme-frontend',
    prefix: '',
    region: '',
    endpoint: '',
    force: false,
    deleteRemoved: true,
    keepPreviousMs: 3_600_000,
  });
});

test('s3: NCP object storage with a prefix, CloudFront invalidation of everything, waited for', () => {
  const settings = resolveStaticSettings(
    inputs({
      ...s3,
      's3-prefix': '/sites/shop',
      's3-endpoint': 'https://kr.object.ncloudstorage.com/',
      's3-region': 'kr-standard',
      'cloudfront-distribution-id': 'E2QWRUHAPOMQZL',
      'cloudfront-invalidate': 'all',
      'cloudfront-wait': 'true',
      'keep-previous': '0',
      'cache-control': 'fonts/**=public, max-age=31536000, immutable',
    }),
    'deploy',
    '/work/repo',
  );
  expect(settings).toMatchObject({
    prefix: 'sites/shop/',
    endpoint: 'https://kr.object.ncloudstorage.com',
    region: 'kr-standard',
    keepPreviousMs: 0,
    cloudfront: { distributionId: 'E2QWRUHAPOMQZL', mode: 'all', wait: true },
  });
  expect(settings.rules.map((r) => r.glob)).toEqual(['fonts/**']);
});

test('nginx-dir: the root without its trailing slash; releases kept; state in the default place', () => {
  expect(resolveStaticSettings(inputs(nginxDir), 'deploy', '/work/repo')).toEqual({
    app: 'shop',
    environment: 'develop',
    dir: '/work/repo/out',
    rules: [],
    target: 'nginx-dir',
    root: '/srv/www/shop',
    keepReleases: 5,
    stateRoot: '',
    lockTimeoutSeconds: 600,
  });
});

test('nginx-dir rollback needs no dir', () => {
  expect(
    resolveStaticSettings(inputs({ ...nginxDir, command: 'rollback', dir: '' }), 'rollback', '/w'),
  ).toMatchObject({ dir: '', root: '/srv/www/shop' });
});

test.each([
  [
    s3,
    { dir: '' },
    'dir: required with strategy static; the build directory to publish, relative to the workspace (e.g. frontend/build)',
  ],
  [
    s3,
    { component: '', app: '' },
    'app: expected a name of letters, digits, "-", "_" or "." (it names the deploy\'s lock and records), got "" (set app, or component)',
  ],
  [
    s3,
    { 's3-bucket': '' },
    's3-bucket: required with static-target s3; the bucket to upload to (e.g. acme-frontend-prod)',
  ],
  [
    s3,
    { 's3-bucket': 's3://acme-frontend' },
    's3-bucket: expected a bucket name (e.g. acme-frontend-prod), not a URL or path, got "s3://acme-frontend"',
  ],
  [
    s3,
    { 's3-prefix': 'shop//v2' },
    's3-prefix: expected a key prefix like shop/ or sites/shop/ (no empty, "." or ".." parts), got "shop//v2"',
  ],
  [
    s3,
    { 's3-prefix': '../other' },
    's3-prefix: expected a key prefix like shop/ or sites/shop/ (no empty, "." or ".." parts), got "../other"',
  ],
  [
    s3,
    { 's3-endpoint': 'kr.object.ncloudstorage.com' },
    's3-endpoint: expected an http(s) URL (e.g. https://kr.object.ncloudstorage.com), got "kr.object.ncloudstorage.com"',
  ],
  [
    s3,
    { 's3-endpoint': 'http://AKIAEXAMPLEKEY:wJalrXUtnFEMIK7MDENG@kr.object.ncloudstorage.com' },
    's3-endpoint: must not hold a user or password (an access key or secret in the address); give the keys as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the job environment',
  ],
  [
    s3,
    { 's3-region': 'Seoul region' },
    's3-region: expected a region name (e.g. ap-northeast-2, kr-standard), got "Seoul region"',
  ],
  [
    s3,
    { 'cloudfront-distribution-id': 'd111111abcdef8.cloudfront.net' },
    'cloudfront-distribution-id: expected a distribution ID (e.g. E2QWRUHAPOMQZL), got "d111111abcdef8.cloudfront.net"',
  ],
  [
    s3,
    { 'static-root': '/srv/www/shop' },
    'static-root: is for static-target nginx-dir, but static-target is s3 (the default); set static-target: nginx-dir to publish to a directory',
  ],
  [
    s3,
    { 'ssh-host': 'deploy@web1' },
    'ssh-host: static-target s3 uploads from this runner; ssh-host is for static-target nginx-dir',
  ],
  [
    s3,
    { 'keep-previous': '1 hour' },
    'keep-previous: expected 0 or a number with s, m, h or d (e.g. 30m, 1h, 7d), got "1 hour"',
  ],
  [
    nginxDir,
    { 'static-root': '' },
    'static-root: required with static-target nginx-dir; the absolute directory that holds releases/ and current (e.g. /srv/www/shop), with nginx serving <static-root>/current',
  ],
  [
    nginxDir,
    { 'static-root': 'www/shop' },
    'static-root: expected an absolute directory on the host, not / (e.g. /srv/www/shop), got "www/shop"',
  ],
  [
    nginxDir,
    { 'static-root': '/' },
    'static-root: expected an absolute directory on the host, not / (e.g. /srv/www/shop), got "/"',
  ],
  [nginxDir, { 's3-bucket': 'acme' }, 's3-bucket: is for static-target s3, but static-target is nginx-dir'],
  [
    nginxDir,
    { 'cache-control': '*.js=no-cache' },
    "cache-control: is for static-target s3, but static-target is nginx-dir (there, nginx's own config sets the headers)",
  ],
] as const)('%j + %j is refused', (base, over, message) => {
  expect(() => resolveStaticSettings(inputs({ ...base, ...over }), 'deploy', '/w')).toThrow(message);
});

test('s3 has no rollback: it says what to do instead', () => {
  expect(() => resolveStaticSettings(inputs({ ...s3, command: 'rollback' }), 'rollback', '/w')).toThrow(
    "static-target: s3 keeps no releases to switch back to; deploy the previous commit's build again (unchanged files are not uploaded)",
  );
});

test.each([
  ['static-target', 'ftp', 'static-target: expected s3 or nginx-dir, got "ftp"'],
  ['cloudfront-invalidate', 'some', 'cloudfront-invalidate: expected changed or all, got "some"'],
  ['keep-releases', '0', 'keep-releases: expected a whole number from 1 to 100, got "0"'],
  ['delete-removed', 'yes', 'delete-removed: expected true or false, got "yes"'],
] as const)('input %s=%j is refused when read', (name, value, message) => {
  expect(() => inputs({ ...s3, [name]: value })).toThrow(message);
});
