/**
 * Each phase's streamed output in its own log group (issue 20): `::group::` / `::endgroup::` around
 * docker build, each push and each pull, closed even when the command fails.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { buildAndPush } from '../../src/build/build-and-push.js';
import type { ImageNaming } from '../../src/build/naming.js';
import type { RegistryAccess } from '../../src/build/registry-access.js';
import { provideImage, type ImageSource } from '../../src/deploy/containers/container.js';
import type { Exec } from '../../src/exec.js';
import type { Provider } from '../../src/registry/providers.js';
import type { RegistryClient } from '../../src/registry/api.js';
import { RecordingHost } from '../helpers/recording-host.js';
import { fakeRuntime } from '../helpers/static-runtime.js';

const ok = { code: 0, stdout: '', stderr: '' };

function build(fails: 'build' | 'push' | 'none') {
  const workspace = mkdtempSync(path.join(tmpdir(), 'berth-groups-'));
  const { runtime, logs, inputs } = fakeRuntime({ command: 'build', push: 'true' }, workspace);
  const exec: Exec = async (argv) => {
    // No buildx, no built-in BuildKit: the classic builder, which pushes after the build.
    if (argv.includes('version') || argv.includes('--quiet')) return { code: 1, stdout: '', stderr: 'no' };
    const verb = argv.includes('push') ? 'push' : argv.includes('build') ? 'build' : '';
    if (verb === '') return ok;
    logs.push(`ran ${verb}`);
    return verb === fails ? { code: 1, stdout: '', stderr: `${verb} failed: denied` } : ok;
  };
  const naming = {
    repoRef: 'ghcr.io/acme/api',
    tags: ['sha-ffac537', 'latest'],
    refs: ['ghcr.io/acme/api:sha-ffac537', 'ghcr.io/acme/api:latest'],
    shaTag: 'sha-ffac537',
    version: '',
    labels: [],
  } as unknown as ImageNaming;
  const access: RegistryAccess = {
    provider: {} as Provider,
    credentials: undefined,
    fromJob: true,
    registry: { manifestDigest: async () => `sha256:${'a'.repeat(64)}` } as unknown as RegistryClient,
  };
  const run = buildAndPush(
    inputs,
    runtime,
    { exec, docker: 'docker', retryPolicy: { delaysMs: [], sleep: async () => undefined } },
    { image: { registry: 'ghcr.io', repository: 'acme/api' }, context: '.', file: 'Dockerfile' },
    naming,
    access,
  );
  return { run, logs };
}

const grouped = (logs: string[]): string[] => logs.filter((l) => l.startsWith('::') || l.startsWith('ran '));

test('a failing build: its output in a group, closed before the error', async () => {
  const { run, logs } = build('build');
  await expect(run).rejects.toThrow('docker build of ghcr.io/acme/api failed (exit 1)');
  expect(grouped(logs)).toEqual(['::group::docker build ghcr.io/acme/api', 'ran build', '::endgroup::']);
});

test('a push that is refused: its group closed too', async () => {
  const { run, logs } = build('push');
  await expect(run).rejects.toThrow('docker push ghcr.io/acme/api:sha-ffac537 failed');
  expect(grouped(logs)).toEqual([
    '::group::docker build ghcr.io/acme/api',
    'ran build',
    '::endgroup::',
    '::group::docker push ghcr.io/acme/api:sha-ffac537',
    'ran push',
    '::endgroup::',
  ]);
});

test('a failing pull on the host: in a group, closed', async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'berth-groups-'));
  const { runtime, logs } = fakeRuntime({ command: 'deploy' }, workspace);
  const host = new RecordingHost({ remote: false, label: 'web1' });
  host.on(/ pull /, () => {
    logs.push('ran pull');
    return { code: 1, stdout: '', stderr: 'manifest unknown' };
  });
  const configDir = mkdtempSync(path.join(tmpdir(), 'berth-groups-config-'));
  const source: ImageSource = {
    image: 'ghcr.io/acme/api:sha-ffac537',
    transfer: 'pull',
    registry: { provider: 'generic', username: '', password: '', githubToken: '' },
    runtime,
    policy: { delaysMs: [], sleep: async () => undefined },
    localExec: async () => ok,
    localDocker: 'docker',
    ecr: async () => ({ username: '', password: '' }),
  };
  await expect(provideImage({ host, docker: 'docker', configDir }, source)).rejects.toThrow(
    'docker pull ghcr.io/acme/api:sha-ffac537 on web1 failed',
  );
  expect(grouped(logs)).toEqual([
    '::group::docker pull ghcr.io/acme/api:sha-ffac537 on web1',
    'ran pull',
    '::endgroup::',
  ]);
});
