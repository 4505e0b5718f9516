/**
 * `build` against a registry with TLS from a private CA, on a non-loopback address (docker treats
 * loopback registries as insecure, so TLS would not be exercised there): the registry runs in a
 * network namespace of the test's own, reachable through a veth pair, its range unreachable elsewhere.
 *
 * @needs docker registry htpasswd busybox openssl ip curl root
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { tearDownAll } from '../sandbox/process.mjs';
import { startRegistry } from '../sandbox/registry.mjs';
import { TestNamespace } from './helpers/netns.js';
import { busyboxContext, dockerClientPath, removeImages } from './helpers/registry.js';
import { runAction } from './helpers/run-dist.js';
import { makeCertificates, type TestCertificates } from './helpers/tls.js';

const SHA = '5a0c1f2e3d4b5a69788796a5b4c3d2e1f0a1b2c3';
const USER = 'tls-user';
const PASSWORD = `tls-${Math.random().toString(36).slice(2)}`;
let ns: TestNamespace;
let certs: TestCertificates;
let registry: ChildProcess;
let host: string;
let dockerCertsDir: string;
let work: string;

beforeAll(async () => {
  ns = new TestNamespace().create();
  host = `${ns.nsAddress}:5000`;
  certs = makeCertificates(ns.nsAddress);
  work = mkdtempSync(path.join(tmpdir(), 'berth-tls-registry-'));
  const started = await startRegistry({
    dir: work,
    host,
    user: USER,
    password: PASSWORD,
    realm: 'berth-tls',
    tls: { cert: certs.serverCert, key: certs.serverKey },
    spawnIn: (command, args) => ns.spawn(command, args),
  });
  registry = started.child;
  // The engine trusts a registry's CA through certs.d (read per connection, no restart).
  dockerCertsDir = path.join('/etc/docker/certs.d', host);
  mkdirSync(dockerCertsDir, { recursive: true });
  writeFileSync(path.join(dockerCertsDir, 'ca.crt'), certs.caPem);
}, 60_000);

afterAll(() =>
  tearDownAll([
    () => registry?.kill(),
    () => host && removeImages(`${host}/`),
    () => dockerCertsDir && rmSync(dockerCertsDir, { recursive: true, force: true }),
    () => work && rmSync(work, { recursive: true, force: true }),
    () => certs && rmSync(certs.dir, { recursive: true, force: true }),
    () => ns?.destroy(),
  ]),
);

function build(inputs: Record<string, string>) {
  const context = busyboxContext('tls');
  return runAction({
    inputs: { command: 'build', image: `${host}/berth-test/tls`, context, ...inputs },
    eventName: 'push',
    payload: { ref: 'refs/heads/main', repository: { default_branch: 'main' } },
    env: {
      GITHUB_SHA: SHA,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REPOSITORY: 'acme/shop',
      RUNNER_TEMP: mkdtempSync(path.join(tmpdir(), 'berth-runner-temp-')),
      HOME: process.env.HOME ?? '/root',
      PATH: dockerClientPath('/usr/bin/docker'),
      'INPUT_REGISTRY-USERNAME': USER,
      'INPUT_REGISTRY-PASSWORD': PASSWORD,
    },
    cwd: context,
  });
}

test('pushes over TLS with the private CA; the digest is the one the registry serves', async () => {
  const result = await build({ 'registry-ca-cert': certs.caPem });
  expect(result.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([]);
  expect(result.code).toBe(0);
  expect(result.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  // Ask the registry directly, over TLS, trusting only the test CA.
  const served = execFileSync(
    'curl',
    [
      '-sS',
      '--cacert',
      certs.caCert,
      '-u',
      `${USER}:${PASSWORD}`,
      '-H',
      'Accept: application/vnd.docker.distribution.manifest.v2+json',
      '-I',
      `https://${host}/v2/berth-test/tls/manifests/sha-5a0c1f2`,
    ],
    { encoding: 'utf8' },
  );
  expect(served.toLowerCase()).toContain(`docker-content-digest: ${result.outputs.digest}`);
}, 120_000);

test('without the CA, the error says which input to set', async () => {
  const result = await build({ force: 'true' });
  expect(result.code).toBe(1);
  expect(result.stdout).toContain(
    `::error::registry-ca-cert: the TLS certificate of the registry ${host} is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`,
  );
}, 60_000);
