import { describe, expect, test } from '@jest/globals';
import {
  apiHost,
  buildLoginArgs,
  ecrRegion,
  inferProvider,
  resolveCredentials,
  resolveProvider,
} from '../../src/registry/providers.js';

describe('inferProvider', () => {
  test.each([
    ['docker.io', 'dockerhub'],
    ['registry-1.docker.io', 'dockerhub'],
    ['ghcr.io', 'ghcr'],
    ['123456789012.dkr.ecr.ap-northeast-2.amazonaws.com', 'ecr'],
    ['123456789012.dkr.ecr-fips.us-east-1.amazonaws.com', 'ecr'],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', 'ecr'],
    ['shop.kr.ncr.ntruss.com', 'ncp'],
    ['shop.kr.private-ncr.ntruss.com', 'ncp'],
    ['shop.kr.ncr.gov-ntruss.com', 'ncp'],
    ['a1b2c3d4-kr1-registry.container.nhncloud.com', 'nhn'],
    ['registry.example.com:5000', 'generic'],
    ['127.0.0.1:5000', 'generic'],
    ['evil.com/ghcr.io', 'generic'],
    ['12345.dkr.ecr.us-east-1.amazonaws.com', 'generic'],
  ])('%s → %s', (host, provider) => {
    expect(inferProvider(host)).toBe(provider);
  });
});

describe('resolveProvider', () => {
  test('an explicit provider must fit the host', () => {
    expect(resolveProvider('ghcr.io', '')).toBe('ghcr');
    expect(resolveProvider('reg.example.com', 'generic')).toBe('generic');
    expect(resolveProvider('ghcr.io', 'generic')).toBe('generic');
    expect(() => resolveProvider('reg.example.com', 'ecr')).toThrow(
      'registry-provider: ecr expects a registry host like 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com, but the image\'s registry is "reg.example.com"',
    );
    expect(() => resolveProvider('ghcr.io', 'github')).toThrow(
      'registry-provider: expected one of dockerhub, ghcr, ecr, ncp, nhn, generic, got "github"',
    );
  });
});

test('ecrRegion', () => {
  expect(ecrRegion('123456789012.dkr.ecr.ap-northeast-2.amazonaws.com')).toBe('ap-northeast-2');
});

describe('resolveCredentials', () => {
  const none = { username: '', password: '', githubActor: 'octocat', githubToken: 'ghs_tok' };
  test.each([
    [
      'ghcr defaults to the actor and the workflow token',
      'ghcr',
      none,
      { username: 'octocat', password: 'ghs_tok' },
    ],
    [
      'ghcr with a PAT',
      'ghcr',
      { ...none, username: 'bot', password: 'ghp_pat' },
      { username: 'bot', password: 'ghp_pat' },
    ],
    [
      'ncp access key and secret',
      'ncp',
      { ...none, username: 'AK', password: 'SK' },
      { username: 'AK', password: 'SK' },
    ],
    ['an anonymous generic registry', 'generic', none, undefined],
    ['ecr: from AWS, not inputs', 'ecr', none, undefined],
  ] as const)('%s', (_name, provider, inputs, expected) => {
    expect(resolveCredentials(provider, 'host', inputs)).toEqual(expected);
  });
  test.each([
    [
      'ncp',
      { username: '', password: '' },
      'registry-username / registry-password: host (ncp) needs your NCP access key and secret key',
    ],
    [
      'nhn',
      { username: '', password: '' },
      'registry-username / registry-password: host (nhn) needs your NHN Cloud user access key ID and secret access key',
    ],
    [
      'dockerhub',
      { username: '', password: '' },
      'registry-username / registry-password: host (dockerhub) needs your Docker Hub user name and an access token',
    ],
    [
      'generic',
      { username: 'u', password: '' },
      'registry-password: empty, but registry-username is set for host',
    ],
    [
      'generic',
      { username: '', password: 'p' },
      'registry-username: empty, but registry-password is set for host',
    ],
  ] as const)('%s %j is refused', (provider, creds, message) => {
    expect(() =>
      resolveCredentials(provider, 'host', { ...creds, githubActor: '', githubToken: '' }),
    ).toThrow(message);
  });
});

test('buildLoginArgs: the password is not in argv', () => {
  expect(buildLoginArgs('/tmp/cfg', 'ghcr.io', 'octocat')).toEqual([
    '--config',
    '/tmp/cfg',
    'login',
    'ghcr.io',
    '--username',
    'octocat',
    '--password-stdin',
  ]);
});

test('apiHost: Docker Hub answers the API elsewhere', () => {
  expect(apiHost('docker.io')).toBe('registry-1.docker.io');
  expect(apiHost('ghcr.io')).toBe('ghcr.io');
});
