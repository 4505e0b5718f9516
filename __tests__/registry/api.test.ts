/**
 * The registry client's auth and retry paths against loopback stubs shaped like Docker Hub / GHCR
 * (Bearer token realm) and a flaky proxy (503s). The Basic path runs against the real registry in
 * build.int.test.ts.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { parseChallenge, RegistryClient } from '../../src/registry/api.js';
import { HttpStub, type StubResponse } from '../helpers/http-stub.js';

let stubs: HttpStub[] = [];
afterEach(async () => {
  await Promise.all(stubs.map((s) => s.stop()));
  stubs = [];
});

const DIGEST = 'sha256:8f1d4c4a3c2b7c6e0f2a1b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70';
const noWait = { delaysMs: [0, 0, 0], sleep: async () => undefined };

test('parseChallenge', () => {
  expect(
    parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/api:pull"'),
  ).toEqual({
    scheme: 'bearer',
    params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:acme/api:pull' },
  });
  expect(parseChallenge('Basic realm="berth-test"')).toEqual({
    scheme: 'basic',
    params: { realm: 'berth-test' },
  });
});

describe('RegistryClient', () => {
  test('Bearer: fetches a token from the realm with the credentials, then asks again with it', async () => {
    const token = new HttpStub({ 'GET /token': { body: { token: 'registry-token-1', expires_in: 300 } } });
    await token.start();
    const registry: HttpStub = new HttpStub({
      'HEAD /v2/acme/api/manifests/sha-abc1234': (): StubResponse =>
        registry.requests.at(-1)?.authorization === 'Bearer registry-token-1'
          ? { status: 200, body: '', headers: { 'docker-content-digest': DIGEST } }
          : {
              status: 401,
              body: { errors: [{ code: 'UNAUTHORIZED' }] },
              headers: {
                'www-authenticate': `Bearer realm="${token.url}/token",service="stub",scope="repository:acme/api:pull"`,
              },
            },
    });
    await registry.start();
    stubs = [token, registry];
    const secrets: string[] = [];
    const client = new RegistryClient({
      host: registry.url.slice('http://'.length),
      credentials: { username: 'u', password: 'p' },
      retry: noWait,
      onSecret: (s) => secrets.push(s),
    });
    expect(await client.manifestDigest('acme/api', 'sha-abc1234')).toBe(DIGEST);
    expect(secrets).toEqual(['registry-token-1']);
    expect(token.requests).toEqual([
      {
        method: 'GET',
        path: '/token?service=stub&scope=repository%3Aacme%2Fapi%3Apull',
        authorization: `Basic ${Buffer.from('u:p').toString('base64')}`,
        body: '',
      },
    ]);
    expect(registry.requests.map((r) => r.authorization)).toEqual([undefined, 'Bearer registry-token-1']);
  });

  test('404 means "not there", not an error', async () => {
    const registry = new HttpStub({});
    await registry.start();
    stubs = [registry];
    const client = new RegistryClient({ host: registry.url.slice('http://'.length), retry: noWait });
    expect(await client.manifestDigest('acme/api', 'sha-abc1234')).toBeUndefined();
  });

  test('transient 503s are retried within the bound, then succeed', async () => {
    let calls = 0;
    const registry = new HttpStub({
      'HEAD /v2/acme/api/manifests/main': () =>
        ++calls < 3
          ? { status: 503, body: 'busy' }
          : { status: 200, body: '', headers: { 'docker-content-digest': DIGEST } },
    });
    await registry.start();
    stubs = [registry];
    const retries: number[] = [];
    const client = new RegistryClient({
      host: registry.url.slice('http://'.length),
      retry: { ...noWait, onRetry: (_e, attempt) => retries.push(attempt) },
    });
    expect(await client.manifestDigest('acme/api', 'main')).toBe(DIGEST);
    expect(retries).toEqual([1, 2]);
  });

  test('a registry that stays down fails after the bound, naming it', async () => {
    const registry = new HttpStub({
      'HEAD /v2/acme/api/manifests/main': { status: 502, body: 'bad gateway' },
    });
    await registry.start();
    stubs = [registry];
    const host = registry.url.slice('http://'.length);
    const client = new RegistryClient({ host, retry: noWait });
    await expect(client.manifestDigest('acme/api', 'main')).rejects.toThrow(
      `registry ${host}: HEAD /v2/acme/api/manifests/main answered 502`,
    );
    expect(registry.requests).toHaveLength(4);
  });

  test('403 on the token endpoint is an auth error at once, without retries', async () => {
    const token = new HttpStub({ 'GET /token': { status: 403, body: { details: 'denied' } } });
    await token.start();
    const registry = new HttpStub({
      'HEAD /v2/acme/api/manifests/main': {
        status: 401,
        body: {},
        headers: { 'www-authenticate': `Bearer realm="${token.url}/token",service="stub"` },
      },
    });
    await registry.start();
    stubs = [token, registry];
    const host = registry.url.slice('http://'.length);
    const client = new RegistryClient({
      host,
      credentials: { username: 'u', password: 'bad' },
      retry: noWait,
    });
    await expect(client.manifestDigest('acme/api', 'main')).rejects.toThrow(
      `registry-username / registry-password: the registry ${host} refused the credentials (403 Forbidden)`,
    );
    expect(token.requests).toHaveLength(1);
  });
});
