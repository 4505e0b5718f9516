import { describe, expect, test } from '@jest/globals';
import {
  deployReference,
  isValidTag,
  parseImageName,
  parseImageReference,
  repositoryOfRef,
  sameRepository,
} from '../../src/docker/reference.js';

const D = `sha256:${'a1'.repeat(32)}`;

describe('parseImageName', () => {
  test.each([
    ['ghcr.io/acme/backend', 'ghcr.io', 'acme/backend', false],
    ['ghcr.io/Acme/Backend', 'ghcr.io', 'acme/backend', true],
    ['nginx', 'docker.io', 'library/nginx', false],
    ['acme/app', 'docker.io', 'acme/app', false],
    ['Acme/App', 'docker.io', 'acme/app', true],
    ['index.docker.io/acme/app', 'docker.io', 'acme/app', false],
    ['127.0.0.1:5000/team/api', '127.0.0.1:5000', 'team/api', false],
    ['localhost/api', 'localhost', 'api', false],
    ['localhost:5000/a/b/c', 'localhost:5000', 'a/b/c', false],
    ['[::1]:5000/api', '[::1]:5000', 'api', false],
    [
      '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/backend',
      '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com',
      'backend',
      false,
    ],
    ['myreg.kr.ncr.ntruss.com/shop-api', 'myreg.kr.ncr.ntruss.com', 'shop-api', false],
    ['reg.example.com/a__b/c.d/e-f--g', 'reg.example.com', 'a__b/c.d/e-f--g', false],
  ])('%s', (input, registry, repository, lowercased) => {
    expect(parseImageName(input)).toEqual({ registry, repository, lowercased });
  });

  test.each([
    ['', 'image: "" is not a valid image name: it is empty; expected a name like ghcr.io/acme/backend'],
    [
      'ghcr.io/acme/app:1.0',
      'image: "ghcr.io/acme/app:1.0" is not a valid image name: ":1.0" is a tag; give the name only (tags come from the rules and the `tags` input)',
    ],
    [
      'ghcr.io/acme/app@sha256:abc',
      'image: "ghcr.io/acme/app@sha256:abc" is not a valid image name: "@sha256:abc" is a digest; give the name only',
    ],
    [
      'ghcr.io/acme/my_app-',
      'image: "ghcr.io/acme/my_app-" is not a valid image name: the path component "my_app-" must be lowercase letters and digits, joined by ".", "_", "__" or "-"',
    ],
    [
      'ghcr.io/acme//app',
      'image: "ghcr.io/acme//app" is not a valid image name: the path component "" must be lowercase letters and digits, joined by ".", "_", "__" or "-"',
    ],
    ['my registry/app', 'image: "my registry/app" is not a valid image name: it contains white space'],
    [
      'reg_x.example.com/app',
      'image: "reg_x.example.com/app" is not a valid image name: the registry host "reg_x.example.com" is not a host[:port]',
    ],
    [
      'reg.example.com:80a/app',
      'image: "reg.example.com:80a/app" is not a valid image name: the registry host "reg.example.com:80a" is not a host[:port]',
    ],
    [
      'ghcr.io/',
      'image: "ghcr.io/" is not a valid image name: the repository path after the registry is empty',
    ],
  ])('%j is refused', (input, message) => {
    expect(() => parseImageName(input)).toThrow(message);
  });

  test('the error names the config key when the name came from the config', () => {
    expect(() => parseImageName('Bad Name', 'components.api.image')).toThrow(/^components\.api\.image: /);
  });
});

describe('isValidTag', () => {
  test.each([
    ['sha-1a2b3c4', true],
    ['1.2.3', true],
    ['latest', true],
    ['_x', true],
    ['-x', false],
    ['.x', false],
    ['a/b', false],
    ['a'.repeat(128), true],
    ['a'.repeat(129), false],
  ])('%s → %s', (tag, ok) => {
    expect(isValidTag(tag)).toBe(ok);
  });
});

describe('repositoryOfRef', () => {
  test.each([
    ['ghcr.io/acme/api:sha-abc1234', 'ghcr.io/acme/api'],
    ['127.0.0.1:5000/team/api@sha256:0123', '127.0.0.1:5000/team/api'],
    ['127.0.0.1:5000/team/api', '127.0.0.1:5000/team/api'],
    ['nginx', 'nginx'],
  ])('%s → %s', (ref, repository) => {
    expect(repositoryOfRef(ref)).toBe(repository);
  });
});

describe('parseImageReference', () => {
  test.each([
    ['ghcr.io/acme/app:1.2', { registry: 'ghcr.io', repository: 'acme/app', tag: '1.2' }],
    ['ghcr.io/acme/app', { registry: 'ghcr.io', repository: 'acme/app' }],
    [`ghcr.io/acme/app@${D}`, { registry: 'ghcr.io', repository: 'acme/app', digest: D }],
    [`ghcr.io/acme/app:1.2@${D}`, { registry: 'ghcr.io', repository: 'acme/app', tag: '1.2', digest: D }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app' }],
    ['localhost:5000/app:v1', { registry: 'localhost:5000', repository: 'app', tag: 'v1' }],
    [
      `127.0.0.1:5000/team/api:sha-0d1a26e@${D}`,
      { registry: '127.0.0.1:5000', repository: 'team/api', tag: 'sha-0d1a26e', digest: D },
    ],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }],
    ['Acme/App:Main', { registry: 'docker.io', repository: 'acme/app', tag: 'Main' }],
  ])('%s', (input, expected) => {
    expect(parseImageReference(input)).toEqual(expected);
  });

  test.each([
    [
      'ghcr.io/acme/app@sha256:abc',
      /image: "ghcr\.io\/acme\/app@sha256:abc" is not a valid image reference: "sha256:abc" is not a digest .*expected a reference like ghcr\.io\/acme\/app:1\.2/,
    ],
    ['ghcr.io/acme/app:-x', /the tag "-x" must be letters/],
    ['ghcr.io/acme/app:', /the tag "" must be/],
    ['ghcr.io/Acme app:1', /contains white space/],
  ])('%j is refused', (input, message) => {
    expect(() => parseImageReference(input)).toThrow(message);
  });
});

test('sameRepository: however Docker Hub is spelled', () => {
  const hub = parseImageName('acme/app');
  expect(sameRepository(parseImageReference('docker.io/acme/app:1'), hub)).toBe(true);
  expect(sameRepository(parseImageReference('index.docker.io/acme/app:1'), hub)).toBe(true);
  expect(sameRepository(parseImageReference('ghcr.io/acme/app:1'), hub)).toBe(false);
  expect(sameRepository(parseImageReference('acme/app2:1'), hub)).toBe(false);
});

test.each([
  'https://robot:s3cr3tpass@registry.example.com/app',
  'robot:s3cr3tpass@registry.example.com/app:1.2',
  'registry.example.com/app@s3cr3tpass',
])('a password in the reference (%j) is refused without repeating it', (input) => {
  const message = (() => {
    try {
      deployReference(input);
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  })();
  expect(message).toMatch(/^image: not a valid image reference: an "@" that does not start a sha256 digest/);
  expect(message).toContain('registry-username and registry-password');
  expect(message).not.toContain('s3cr3tpass');
  expect(() => parseImageReference(input, 'previous image')).toThrow(/^previous image: not a valid/);
});

describe('deployReference: what deploy pulls, runs and records', () => {
  test.each([
    [`ghcr.io/acme/app@${D}`, `ghcr.io/acme/app@${D}`],
    [`ghcr.io/acme/app:1.2@${D}`, `ghcr.io/acme/app@${D}`],
    [`127.0.0.1:5000/team/api:sha-0d1a26e@${D}`, `127.0.0.1:5000/team/api@${D}`],
    [`localhost:5000/app@${D}`, `localhost:5000/app@${D}`],
    ['ghcr.io/acme/app:1.2', 'ghcr.io/acme/app:1.2'],
    [` ghcr.io/acme/app@${D} `, `ghcr.io/acme/app@${D}`],
  ])('%s → %s', (input, expected) => {
    expect(deployReference(input)).toBe(expected);
  });

  test('a malformed digest is refused, naming image and the expected form', () => {
    expect(() => deployReference('ghcr.io/acme/app@sha256:')).toThrow(
      /^image: "ghcr\.io\/acme\/app@sha256:" is not a valid image reference: .*expected a reference like/,
    );
  });
});
