/**
 * The old colour's stop handed to the real Docker engine through its socket: berth's call returns once
 * the engine has sent the signal, and the engine finishes the stop alone — after the caller is gone.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DEFAULT_ENGINE_SOCKET, handOverStop } from '../src/docker/engine-socket.js';
import { buildAppImage, docker } from './helpers/app-images.js';

const ID = Math.random().toString(36).slice(2, 8);
const TAG = `berth-test/slow-stop-${ID}:1`;
const names: string[] = [];

function run(name: string): void {
  names.push(name);
  docker('run', '--detach', '--name', name, '--restart', 'unless-stopped', TAG);
}

async function exitOf(name: string): Promise<string> {
  for (let i = 0; i < 150; i++) {
    const state = docker('inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', name).trim();
    if (!state.startsWith('running')) return state;
    await new Promise((r) => setTimeout(r, 100));
  }
  return 'still running after 15 s';
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
    await expect(handOverStop('/nonexistent/docker.sock', 'x', 10)).rejects.toThrow(/ENOENT/);
  });
});
