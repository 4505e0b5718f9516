/**
 * The old colour's stop handed to the real Docker engine through its socket: berth's call returns once
 * the engine has sent the signal, and the engine finishes the stop alone — after the caller is gone.
 *
 * @needs docker busybox
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createAndStart, DEFAULT_ENGINE_SOCKET, handOverStop } from '../src/docker/engine-socket.js';
import { buildCreateBody, buildDockerRunArgs } from '../src/docker/run-args.js';
import { buildAppImage, docker, exitOf } from './helpers/app-images.js';

const ID = Math.random().toString(36).slice(2, 8);
const TAG = `berth-test/slow-stop-${ID}:1`;
const names: string[] = [];
const PORT = 20000 + Math.floor(Math.random() * 9000);

function run(name: string): void {
  names.push(name);
  docker('run', '--detach', '--name', name, '--restart', 'unless-stopped', TAG);
}

beforeAll(() => buildAppImage(TAG, 'v1', 'slow-stop'), 120_000);
afterAll(() => {
  for (const n of names) spawnSync('/usr/bin/docker', ['rm', '--force', n], { stdio: 'ignore' });
  spawnSync('/usr/bin/docker', ['image', 'rm', '--force', TAG], { stdio: 'ignore' });
});

describe('handOverStop', () => {
  test('returns once the signal is sent; the container finishes its 3-s shutdown and exits 0, not restarted', async () => {
    const name = `berth-stop-${ID}-a`;
    run(name);
    const handed = await handOverStop(DEFAULT_ENGINE_SOCKET, name, 10);
    expect(handed.outcome).toBe('stopping');
    expect(handed.ms).toBeLessThan(2500);
    expect(docker('inspect', '--format', '{{.State.Status}}', name).trim()).toBe('running');
    expect(await exitOf(name)).toBe('exited 0');
    // --restart unless-stopped did not bring it back: the engine counts it as stopped by hand.
    await new Promise((r) => setTimeout(r, 500));
    expect(docker('inspect', '--format', '{{.State.Status}} {{.RestartCount}}', name).trim()).toBe(
      'exited 0',
    );
  }, 60_000);

  test('the stop outlives the process that asked for it, SIGKILL after the timeout included', async () => {
    const name = `berth-stop-${ID}-b`;
    run(name);
    // What berth relies on: a process that asks for a 1-s stop and exits 0.3 s later. The engine still
    // finishes that stop: the container (whose shutdown takes 3 s) is killed after 1 s.
    const child = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import http from 'node:http';
         const req = http.request({ socketPath: '${DEFAULT_ENGINE_SOCKET}', method: 'POST', path: '/containers/${name}/stop?t=1' });
         req.end();
         setTimeout(() => process.exit(0), 300);`,
      ],
      { encoding: 'utf8' },
    );
    expect(child).toBe('');
    expect(docker('inspect', '--format', '{{.State.Status}}', name).trim()).toBe('running');
    expect(await exitOf(name)).toBe('exited 137');
  }, 60_000);

  test('a container already down is stopped; one that does not exist is gone', async () => {
    const name = `berth-stop-${ID}-c`;
    run(name);
    docker('stop', '--time', '0', name);
    expect((await handOverStop(DEFAULT_ENGINE_SOCKET, name, 10)).outcome).toBe('stopped');
    expect((await handOverStop(DEFAULT_ENGINE_SOCKET, `berth-none-${ID}`, 10)).outcome).toBe('gone');
  }, 60_000);

  test('no engine at the socket: an error the caller falls back on', async () => {
    await expect(createAndStart('/nonexistent/docker.sock', 'x', {})).rejects.toThrow(/ENOENT/);
    await expect(handOverStop('/nonexistent/docker.sock', 'x', 10)).rejects.toThrow(/ENOENT/);
  });
});

describe('createAndStart: the same container as docker run', () => {
  test('restart policy, logs, stop timeout, published port, env and labels match the CLI', async () => {
    const spec = {
      image: TAG,
      bindAddress: '127.0.0.1',
      containerPort: 8080,
      labels: [
        ['berth.app', 'shop'],
        ['berth.commit', 'abc'],
      ] as Array<[string, string]>,
      stopTimeoutSeconds: 7,
    };
    const env: Array<[string, string]> = [
      ['DATABASE_URL', 'postgres://u:p@db/app?x=1'],
      ['EMPTY', ''],
      ['SPACED', 'a b  c'],
    ];
    const viaCli = `berth-create-${ID}-cli`;
    const viaApi = `berth-create-${ID}-api`;
    names.push(viaCli, viaApi);
    const envDir = mkdtempSync(path.join(tmpdir(), 'berth-env-'));
    const envFile = path.join(envDir, 'env');
    writeFileSync(envFile, env.map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600 });
    try {
      execFileSync('/usr/bin/docker', [
        ...buildDockerRunArgs({ ...spec, configDir: envDir, name: viaCli, hostPort: 0, envFile }).slice(2),
      ]);
    } finally {
      rmSync(envDir, { recursive: true, force: true });
    }
    expect(
      await createAndStart(DEFAULT_ENGINE_SOCKET, viaApi, buildCreateBody({ ...spec, hostPort: 0, env })),
    ).toBeUndefined();
    const view = (name: string): unknown => {
      const [c] = JSON.parse(docker('inspect', name)) as Array<{
        HostConfig: Record<string, unknown>;
        Config: Record<string, unknown>;
        State: { Status: string };
      }>;
      return {
        restart: c?.HostConfig.RestartPolicy,
        log: c?.HostConfig.LogConfig,
        ports: c?.HostConfig.PortBindings,
        exposed: c?.Config.ExposedPorts,
        stopTimeout: c?.Config.StopTimeout,
        labels: c?.Config.Labels,
        env: c?.Config.Env,
        status: c?.State.Status,
      };
    };
    expect(view(viaApi)).toEqual(view(viaCli));
    expect(view(viaApi)).toMatchObject({
      status: 'running',
      stopTimeout: 7,
      restart: { Name: 'unless-stopped' },
    });
  }, 60_000);

  test('a port another container holds: the engine says so, and nothing is left behind', async () => {
    const holder = `berth-create-${ID}-holder`;
    const second = `berth-create-${ID}-second`;
    names.push(holder, second);
    const body = (name: string): Record<string, unknown> =>
      buildCreateBody({
        image: TAG,
        bindAddress: '127.0.0.1',
        hostPort: PORT,
        containerPort: 8080,
        labels: [['berth.test', name]],
        stopTimeoutSeconds: 1,
        env: [],
      });
    expect(await createAndStart(DEFAULT_ENGINE_SOCKET, holder, body(holder))).toBeUndefined();
    expect(await createAndStart(DEFAULT_ENGINE_SOCKET, second, body(second))).toMatch(
      /port is already allocated|address already in use/,
    );
    expect(spawnSync('/usr/bin/docker', ['inspect', second]).status).not.toBe(0);
  }, 60_000);
});
