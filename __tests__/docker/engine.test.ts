import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { createDockerConfig, detectBuilder, removeDockerConfig } from '../../src/docker/engine.js';
import type { Exec, ExecOptions } from '../../src/exec.js';

/** A scripted docker: answers by the subcommand, records what it was asked. */
function fakeDocker(answers: { buildx: number; probe: number; probeErr?: string }) {
  const calls: Array<{ argv: readonly string[]; options?: ExecOptions }> = [];
  const exec: Exec = async (argv, options) => {
    calls.push({ argv, options });
    if (argv.includes('buildx'))
      return {
        code: answers.buildx,
        stdout: answers.buildx === 0 ? 'github.com/docker/buildx v0.17.1' : '',
        stderr: '',
      };
    return { code: answers.probe, stdout: '', stderr: answers.probeErr ?? '' };
  };
  return { exec, calls };
}

describe('detectBuilder', () => {
  test('buildx when the plugin answers; nothing else is tried', async () => {
    const docker = fakeDocker({ buildx: 0, probe: 0 });
    expect(await detectBuilder(docker.exec, 'docker', '/cfg')).toEqual({
      builder: 'buildx',
      notes: ['buildx: github.com/docker/buildx v0.17.1'],
    });
    expect(docker.calls.map((c) => c.argv)).toEqual([['docker', '--config', '/cfg', 'buildx', 'version']]);
  });

  test("the engine's BuildKit when the probe builds", async () => {
    const docker = fakeDocker({ buildx: 1, probe: 0 });
    expect((await detectBuilder(docker.exec, 'docker', '/cfg')).builder).toBe('buildkit');
    const probe = docker.calls[1];
    expect(probe?.argv).toEqual([
      'docker',
      '--config',
      '/cfg',
      'build',
      '--quiet',
      '--output',
      'type=tar,dest=/dev/null',
      '-',
    ]);
    expect(probe?.options).toEqual({
      env: { DOCKER_BUILDKIT: '1' },
      stdin: 'FROM scratch\nLABEL berth.probe=1\n',
    });
  });

  test('classic otherwise, with the reason', async () => {
    const docker = fakeDocker({
      buildx: 1,
      probe: 1,
      probeErr: 'ERROR: BuildKit is enabled but the buildx component is missing or broken.\nmore',
    });
    expect(await detectBuilder(docker.exec, 'docker', '/cfg')).toEqual({
      builder: 'classic',
      notes: [
        'no buildx plugin',
        'built-in BuildKit unavailable (ERROR: BuildKit is enabled but the buildx component is missing or broken.)',
      ],
    });
  });

  test('no docker at all: classic, and the build will say docker is missing', async () => {
    const exec: Exec = async () => {
      throw Object.assign(new Error('spawn docker ENOENT'), { code: 'ENOENT' });
    };
    expect((await detectBuilder(exec, 'docker', '/cfg')).builder).toBe('classic');
  });
});

describe('createDockerConfig', () => {
  test("a 0700 directory carrying the job's logins (auths, credHelpers, credsStore) and context, nothing else of the user's config, linking the user plugins and builders", async () => {
    const user = mkdtempSync(path.join(tmpdir(), 'berth-user-docker-'));
    mkdirSync(path.join(user, 'cli-plugins'));
    writeFileSync(
      path.join(user, 'config.json'),
      JSON.stringify({
        auths: { 'ghcr.io': { auth: 'c2VjcmV0' } },
        credHelpers: { 'registry.example.com': 'example' },
        credsStore: 'pass',
        currentContext: 'remote',
        proxies: { default: { httpProxy: 'http://proxy:3128' } },
      }),
    );
    const temp = mkdtempSync(path.join(tmpdir(), 'berth-temp-'));
    const dir = await createDockerConfig(temp, { DOCKER_CONFIG: user });
    expect(path.dirname(dir)).toBe(temp);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'))).toEqual({
      auths: { 'ghcr.io': { auth: 'c2VjcmV0' } },
      credHelpers: { 'registry.example.com': 'example' },
      credsStore: 'pass',
      currentContext: 'remote',
    });
    expect(statSync(path.join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(readlinkSync(path.join(dir, 'cli-plugins'))).toBe(path.join(user, 'cli-plugins'));
    expect(lstatSync(path.join(dir, 'buildx')).isSymbolicLink()).toBe(true);
    await removeDockerConfig(dir);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(path.join(user, 'cli-plugins'))).toBe(true); // links removed, not followed
  });
});
