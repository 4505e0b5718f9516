/** Kubernetes blue/green: the wait for the Service's endpoints to switch says where it is (issue 20). */
import { expect, test } from '@jest/globals';
import { waitForEndpoints, type Session } from '../../../src/deploy/kubernetes/strategy.js';
import type { Exec } from '../../../src/exec.js';

test('a line at least every 5 s naming the endpoints, until they are the new colour', async () => {
  let now = 0;
  const lines: string[] = [];
  const endpoints = (pod: string): string =>
    JSON.stringify({ subsets: [{ addresses: [{ targetRef: { name: pod } }] }] });
  // The old colour's pod for 12 s, then the new one's.
  const exec: Exec = async () => ({
    code: 0,
    stdout: endpoints(now < 12_000 ? 'shop-blue-7d9f-abc12' : 'shop-green-5c4b-def34'),
    stderr: '',
  });
  const session = {
    settings: { release: 'shop', timeoutSeconds: 60 },
    runtime: { info: (line: string) => lines.push(line) },
    exec,
    kubectl: 'kubectl',
    access: { kubeconfig: '', namespace: 'web' },
    deps: { now: () => now, sleep: async (ms: number) => void (now += ms) },
  } as unknown as Session;
  await waitForEndpoints(session, 'shop-green-');
  expect(lines).toEqual(
    [0, 5, 10].map(
      (s) =>
        `waiting for the Service shop to send to shop-green-*: its endpoints: shop-blue-7d9f-abc12, ${s} s of 60 s`,
    ),
  );
});
