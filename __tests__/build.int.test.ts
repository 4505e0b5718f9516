/**
 * `build` for real: `node dist/index.js` with INPUT_COMMAND=build against the Docker engine and a
 * registry with htpasswd auth on loopback. Images are built FROM scratch with a static busybox.
 *
 * @needs docker registry htpasswd busybox
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { tearDownAll } from '../sandbox/process.mjs';
import { pushPayload } from './helpers/events.js';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { busyboxContext, dockerClientPath, removeImages, TestRegistry } from './helpers/registry.js';
import { runAction } from './helpers/run-dist.js';

const SHA = '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c';
const REPO = 'berth-test/app';
let registry: TestRegistry;
let context: string;
let runnerTemp: string;

beforeAll(async () => {
  registry = await new TestRegistry().start();
  context = busyboxContext('v1');
  runnerTemp = mkdtempSync(path.join(tmpdir(), 'berth-runner-temp-'));
});
afterAll(() => tearDownAll([() => registry && removeImages(`${registry.host}/`), () => registry?.stop()]));

function build(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const payload = pushPayload({ branch: 'main', after: SHA });
  (payload.repository as Record<string, unknown>).default_branch = 'main';
  return runAction({
    inputs: {
      command: 'build',
      image: `${registry.host}/${REPO}`,
      context,
      'build-args': 'MARKER=v1',
      ...inputs,
    },
    eventName: 'push',
    payload,
    env: {
      GITHUB_SHA: SHA,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SERVER_URL: 'https://github.com',
      RUNNER_TEMP: runnerTemp,
      HOME: process.env.HOME ?? '/root',
      // Debian's client: the engine's built-in BuildKit (the newer client on PATH may have no buildx).
      PATH: dockerClientPath('/usr/bin/docker'),
      'INPUT_REGISTRY-USERNAME': registry.user,
      'INPUT_REGISTRY-PASSWORD': registry.password,
      ...env,
    },
    cwd: context,
  });
}

describe('build → push → digest, against a real engine and registry', () => {
  test('builds, pushes every rule tag, and outputs the digest the registry reports', async () => {
    const result = await build({});
    expect(result.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([]);
    expect(result.code).toBe(0);
    const image = `${registry.host}/${REPO}`;
    expect(result.outputs.image).toBe(image);
    expect(result.outputs.tags).toBe([`${image}:sha-0d1a26e`, `${image}:main`, `${image}:latest`].join('\n'));
    expect(result.outputs.skipped).toBe('false');

    const served = await registry.manifest(REPO, 'sha-0d1a26e');
    expect(served?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.outputs.digest).toBe(served?.digest);
    expect(result.outputs.digest).toBe(served?.headerDigest);
    expect(result.outputs['image-ref']).toBe(`${image}@${served?.digest}`);
    expect(await registry.tags(REPO)).toEqual(['latest', 'main', 'sha-0d1a26e']);

    const metadata = JSON.parse(result.outputs.metadata ?? '{}') as Record<string, unknown>;
    expect(metadata).toMatchObject({
      image,
      digest: served?.digest,
      skipped: false,
      provider: 'generic',
      version: 'main',
    });
    expect(['buildx', 'buildkit', 'classic']).toContain(metadata.builder);
    expect(result.summary).toContain(`### berth build: ${registry.host}/berth-test/app built and pushed`);

    // The password reached docker through stdin only, and the private docker config is gone.
    expect(result.stdout.replace(/::add-mask::.*\n/g, '')).not.toContain(registry.password);
    expect(readdirSync(runnerTemp).filter((f) => f.startsWith('berth-'))).toEqual([]);
  }, 120_000);

  test('a second run for the same commit skips the build and still tags the environment', async () => {
    const first = await registry.manifest(REPO, 'sha-0d1a26e');
    const result = await build({ environment: 'production' });
    expect(result.code).toBe(0);
    expect(result.outputs.skipped).toBe('true');
    expect(result.outputs.digest).toBe(first?.digest);
    expect(result.stdout).not.toContain('docker build');
    expect(await registry.tags(REPO)).toEqual(['latest', 'main', 'production', 'sha-0d1a26e']);
    expect((await registry.manifest(REPO, 'production'))?.digest).toBe(first?.digest);
    expect(result.summary).toContain('already in the registry, build skipped');
  }, 60_000);

  test('force: true rebuilds anyway', async () => {
    const result = await build({ force: 'true' });
    expect(result.code).toBe(0);
    expect(result.outputs.skipped).toBe('false');
    expect(result.outputs.digest).toBe((await registry.manifest(REPO, 'sha-0d1a26e'))?.digest);
  }, 120_000);

  test('a wrong password fails fast, naming the registry and the inputs', async () => {
    const started = Date.now();
    const result = await build({}, { 'INPUT_REGISTRY-PASSWORD': 'wrong-password' });
    const elapsed = Date.now() - started;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `::error::registry-username / registry-password: the registry ${registry.host} refused the credentials (401 Unauthorized)`,
    );
    expect(elapsed).toBeLessThan(10_000);
  }, 30_000);

  test('build secrets reach the build but not the image or the log', async () => {
    const value = 's3cr3t-value';
    const md5 = createHash('md5').update(value).digest('hex');
    const dir = busyboxContext('secret-test');
    // The Dockerfile checks the secret by its hash, so the value itself is nowhere in the build's text.
    writeFileSync(
      path.join(dir, 'Dockerfile'),
      [
        'FROM scratch',
        'COPY busybox /bin/busybox',
        `RUN --mount=type=secret,id=token ["/bin/busybox", "sh", "-c", "/bin/busybox md5sum /run/secrets/token | /bin/busybox grep -q ^${md5} && /bin/busybox echo ok > /ok"]`,
        '',
      ].join('\n'),
    );
    const result = await build({
      context: dir,
      image: `${registry.host}/berth-test/secret`,
      'build-args': '',
      'build-secrets': `token=${value}`,
      push: 'false',
    });
    expect(result.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/::add-mask::.*\n/g, '')).not.toContain(value);
    expect(result.outputs.digest).toBe('');
    const { imageId } = JSON.parse(result.outputs.metadata ?? '{}') as { imageId: string };
    const saved = execFileSync('docker', ['image', 'save', imageId], { maxBuffer: 64 * 1024 * 1024 });
    expect(saved.length).toBeGreaterThan(1_000_000); // the busybox layer is there…
    expect(saved.includes(Buffer.from(value))).toBe(false); // …the secret is not
    expect(readdirSync(runnerTemp).filter((f) => f.startsWith('berth-'))).toEqual([]);
  }, 120_000);

  test('the build secret is refused by the classic builder rather than passed as a build arg', async () => {
    // Made classic by forcing the failure path of detection: a client that has neither buildx nor
    // a working DOCKER_BUILDKIT=1 (newer CLIs without the plugin) — see the next test for a real one.
    const result = await build(
      { 'build-secrets': 'token=abc', push: 'false', image: `${registry.host}/berth-test/refused` },
      {
        PATH: dockerClientPath('/bin/false'),
      },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error::build-secrets: the classic builder cannot take build secrets');
  }, 30_000);
});

// The machines berth is developed and tested on carry a newer docker CLI (without the buildx plugin)
// in /usr/local/bin next to Debian's; where it exists, the classic fallback is exercised for real.
const newerClient = ['/usr/local/bin/docker'].find(
  (bin) => existsSync(bin) && spawnCode(bin, ['buildx', 'version']) !== 0,
);
(newerClient ? describe : describe.skip)('a docker CLI without buildx (classic fallback)', () => {
  test('builds with the classic builder, warns what is lost, and still pushes with a digest', async () => {
    const result = await build(
      { tags: 'classic', force: 'true' },
      { PATH: dockerClientPath(newerClient as string) },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/::warning::No BuildKit on this runner .*: using the classic builder/);
    expect(JSON.parse(result.outputs.metadata ?? '{}')).toMatchObject({ builder: 'classic' });
    expect(result.outputs.digest).toBe((await registry.manifest(REPO, 'classic'))?.digest);
  }, 120_000);
});

function spawnCode(bin: string, args: string[]): number {
  try {
    execFileSync(bin, args, { stdio: 'ignore' });
    return 0;
  } catch {
    return 1;
  }
}
