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
