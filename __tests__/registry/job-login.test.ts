import { describe, expect, test } from '@jest/globals';
import {
  authsCredentials,
  carriedConfig,
  helperFor,
  jobCredentials,
  routeToFile,
} from '../../src/registry/job-login.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('carriedConfig: the job’s logins and context, nothing else', () => {
  test.each([
    ['no user config', undefined, { auths: {} }],
    [
      'auths, credHelpers, credsStore and currentContext carried; the rest dropped',
      {
        auths: { 'ghcr.io': { auth: b64('u:p') } },
        credHelpers: { '123456789012.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' },
        credsStore: 'pass',
        currentContext: 'remote',
        proxies: { default: { httpProxy: 'http://proxy:3128' } },
      },
      {
        auths: { 'ghcr.io': { auth: b64('u:p') } },
        credHelpers: { '123456789012.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' },
        credsStore: 'pass',
        currentContext: 'remote',
      },
    ],
  ])('%s', (_name, user, expected) => {
    expect(carriedConfig(user as never)).toEqual(expected);
  });
});

test('routeToFile: berth’s own registry goes to the file, whatever the store (Docker Hub under each of its keys)', () => {
  expect(routeToFile({ auths: {}, credsStore: 'pass' }, '127.0.0.1:5000')).toEqual({
    auths: {},
    credsStore: 'pass',
    credHelpers: { '127.0.0.1:5000': '' },
  });
  expect(routeToFile({ credHelpers: { 'ghcr.io': 'gh' } }, 'docker.io').credHelpers).toEqual({
    'ghcr.io': 'gh',
    'https://index.docker.io/v1/': '',
    'index.docker.io': '',
    'docker.io': '',
  });
  expect(helperFor(routeToFile({ credsStore: 'pass' }, 'ghcr.io'), 'ghcr.io')).toBe('');
});

describe('authsCredentials', () => {
  test.each([
    [
      'auth, by host',
      { auths: { 'ghcr.io': { auth: b64('me:tok:en') } } },
      'ghcr.io',
      { username: 'me', password: 'tok:en' },
    ],
    [
      'a key with a scheme and path',
      { auths: { 'https://localhost:5000/v2/': { auth: b64('a:b') } } },
      'localhost:5000',
      { username: 'a', password: 'b' },
    ],
    [
      'Docker Hub’s index key for docker.io',
      { auths: { 'https://index.docker.io/v1/': { auth: b64('hub:pw') } } },
      'docker.io',
      { username: 'hub', password: 'pw' },
    ],
    [
      'username and password fields',
      { auths: { 'r.example.com': { username: 'x', password: 'y' } } },
      'r.example.com',
      { username: 'x', password: 'y' },
    ],
    [
      'an identity token only: none',
      { auths: { 'r.example.com': { identitytoken: 'tok' } } },
      'r.example.com',
      undefined,
    ],
    ['another registry: none', { auths: { 'ghcr.io': { auth: b64('a:b') } } }, 'quay.io', undefined],
  ])('%s', (_name, config, host, expected) => {
    expect(authsCredentials(config, host)).toEqual(expected);
  });
});

describe('jobCredentials: a credential helper when one is configured for the host', () => {
  test('credHelpers for the host, then credsStore; the host goes on stdin, the secret never in argv', async () => {
    const calls: Array<{ argv: readonly string[]; stdin?: string }> = [];
    const exec = async (argv: readonly string[], o: { stdin?: string } = {}) => {
      calls.push({ argv, stdin: o.stdin });
      return { code: 0, stdout: '{"ServerURL":"ghcr.io","Username":"me","Secret":"s3cret"}', stderr: '' };
    };
    const config = { credHelpers: { 'ghcr.io': 'gh' }, credsStore: 'pass' };
    expect(await jobCredentials(config, 'ghcr.io', exec)).toEqual({ username: 'me', password: 's3cret' });
    expect(await jobCredentials(config, 'quay.io', exec)).toEqual({ username: 'me', password: 's3cret' });
    expect(calls).toEqual([
      { argv: ['docker-credential-gh', 'get'], stdin: 'ghcr.io' },
      { argv: ['docker-credential-pass', 'get'], stdin: 'quay.io' },
    ]);
  });

  test.each([
    ['the helper has nothing', { code: 1, stdout: 'credentials not found in native keychain', stderr: '' }],
    ['an identity token', { code: 0, stdout: '{"Username":"<token>","Secret":"refresh"}', stderr: '' }],
    ['not JSON', { code: 0, stdout: 'oops', stderr: '' }],
  ])('%s: none', async (_name, result) => {
    expect(await jobCredentials({ credsStore: 'pass' }, 'ghcr.io', async () => result)).toBeUndefined();
  });

  test('a helper name that is not a plain name is not run', async () => {
    let ran = false;
    const exec = async () => ((ran = true), { code: 0, stdout: '', stderr: '' });
    expect(await jobCredentials({ credsStore: '../../evil' }, 'ghcr.io', exec)).toBeUndefined();
    expect(ran).toBe(false);
  });
});
