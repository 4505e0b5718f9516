/** The post step releases what a cancelled main step left: here, a kubeconfig directory. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { runPost } from '../../src/commands/index.js';
import { fakeRuntime } from '../helpers/static-runtime.js';

test('a kubeconfig a killed deploy left is removed, and the log says so', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-kube-'));
  writeFileSync(path.join(dir, 'config'), 'kind: Config\n', { mode: 0o600 });
  const { runtime, logs } = fakeRuntime({ command: 'deploy' }, tmpdir());
  const state: Record<string, string> = { 'kube-dirs': JSON.stringify([dir]) };
  await runPost({ ...runtime, getState: (n) => state[n] ?? '' });
  expect(existsSync(dir)).toBe(false);
  expect(logs).toContain(`removed ${dir}, the kubeconfig a run left behind`);
});

test("a server the post step cannot reach again is warned about by host and path; the runner's key directory still goes", async () => {
  const keyDir = mkdtempSync(path.join(tmpdir(), 'berth-ssh-'));
  writeFileSync(path.join(keyDir, 'id'), 'KEY', { mode: 0o600 });
  // The step's inputs name no ssh-host (changed, or unreadable): the server cannot be reached again.
  const { runtime, logs } = fakeRuntime({ command: 'deploy' }, tmpdir());
  const state: Record<string, string> = {
    'remote-temp-dirs': JSON.stringify([{ host: 'root@10.213.0.9', dir: '/tmp/berth-AbCd1234' }]),
    'ssh-dirs': JSON.stringify([keyDir]),
  };
  await runPost({ ...runtime, getState: (n) => state[n] ?? '' });
  expect(logs).toContain(
    "warning: could not remove berth's temporary directory /tmp/berth-AbCd1234 on root@10.213.0.9 (this run's registry login and env files): the ssh-host inputs of this step no longer name that host; remove it by hand (the next deploy there removes it once a day old)",
  );
  expect(existsSync(keyDir)).toBe(false);
  expect(logs).toContain(`removed ${keyDir}, the SSH key and connection a stopped run left behind`);
});
