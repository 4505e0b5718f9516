/**
 * The rollout watch on a fake kubectl that answers with recordings of a real cluster, a look at a time,
 * on a fake clock: it fails fast with the evidence, ends when ready, reports progress, gives up at its
 * timeout.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { describeFailure, watchRollout, type WatchOptions } from '../../../src/deploy/kubernetes/watch.js';
import type { Exec, ExecResult } from '../../../src/exec.js';
import { ROOT } from '../../helpers/run-dist.js';

const recorded = (name: string): string =>
  readFileSync(path.join(ROOT, '__tests__', 'fixtures', 'kubernetes', name), 'utf8');
const ok = (stdout: string): ExecResult => ({ code: 0, stdout, stderr: '' });

interface Look {
  deployment: string | 'missing';
  pods: string;
  events: string;
}

/** kubectl answering each look from the next scene; `logs` from the crash's previous run. */
function fakeKubectl(scenes: Look[], calls: string[][]): Exec {
  let i = -1;
  return async (argv) => {
    calls.push([...argv]);
    const what = argv[2];
    if (what === 'deployment') i++; // a look starts with the Deployment
    const scene = scenes[Math.min(i, scenes.length - 1)] as Look;
    if (argv[1] === 'logs') return ok(recorded('02-crashloop-pod-previous.log'));
    if (what === 'deployment') {
      if (scene.deployment === 'missing')
        return {
          code: 1,
          stdout: '',
          stderr: 'Error from server (NotFound): deployments.apps "app" not found',
        };
      return ok(recorded(scene.deployment));
    }
    if (what === 'pods') return ok(recorded(scene.pods));
    return ok(recorded(scene.events));
  };
}

function options(over: Partial<WatchOptions> = {}) {
  let t = 0;
  const lines: string[] = [];
  const o: WatchOptions = {
    kubectl: 'kubectl',
    access: { kubeconfig: '/tmp/berth-kube-x/config', namespace: 'fx' },
    release: 'app',
    timeoutMs: 60_000,
    intervalMs: 1000,
    now: () => t,
    sleep: async (ms) => void (t += ms),
    progress: (line) => void lines.push(line),
    ...over,
  };
  return { o, lines };
}

const unready: Look = {
  deployment: '05-unready-deployment.json',
  pods: '05-unready-pods.json',
  events: '05-unready-warning-events.json',
};
const crash: Look = {
  deployment: '02-crashloop-deployment.json',
  pods: '02-crashloop-pods.json',
  events: '02-crashloop-events.json',
};
const healthy: Look = {
  deployment: '01-healthy-deployment.json',
  pods: '01-healthy-pods.json',
  events: '02-crashloop-events.json',
};

test('a crash loop: failed at the look that sees it, with the pod, exit code and the previous run’s last line', async () => {
  const calls: string[][] = [];
  const { o, lines } = options();
  const outcome = await watchRollout(
    fakeKubectl([{ ...unready, deployment: 'missing' }, unready, crash], calls),
    o,
  );
  expect(outcome.state).toBe('failed');
  expect(outcome.ms).toBe(2000);
  if (outcome.state !== 'failed') return;
  expect(describeFailure(outcome)).toBe(
    'app-6d89b9bdcb-xrrqz (web): CrashLoopBackOff, exit code 3 — last run: Error; its last log line: FATAL: missing DATABASE_URL',
  );
  // The logs were read from the run before the crash, before the watch returned (before any rollback).
  expect(calls.at(-1)).toEqual(expect.arrayContaining(['logs', 'app-6d89b9bdcb-xrrqz', '--previous']));
  expect(lines).toEqual([
    'waiting for the Deployment (0 s of 60 s)',
    '0/2 new pods ready; 1 not ready: Readiness probe failed: HTTP probe failed with statuscode: 404; 2 old still running (1 s of 60 s)',
    '0/2 new pods ready; 1 waiting: CrashLoopBackOff; 2 old still running (2 s of 60 s)',
  ]);
});

test('ready ends the watch', async () => {
  const { o } = options();
  expect(await watchRollout(fakeKubectl([unready, healthy], []), o)).toEqual({
    state: 'ready',
    ms: 1000,
    progress: '2/2 new pods ready',
  });
});

test('no verdict within the timeout: timeout, and a progress line at least every 5 s meanwhile', async () => {
  const { o, lines } = options({ timeoutMs: 12_000 });
  const outcome = await watchRollout(fakeKubectl([unready], []), o);
  expect([outcome.state, outcome.ms]).toEqual(['timeout', 12_000]);
  expect(lines.map((l) => /\((\d+) s of/.exec(l)?.[1])).toEqual(['0', '5', '10']);
});

test('kubectl failing is an error that says so, not a silent wait', async () => {
  const { o } = options();
  const broken: Exec = async () => ({
    code: 1,
    stdout: '',
    stderr: 'error: You must be logged in to the server (Unauthorized)',
  });
  await expect(watchRollout(broken, o)).rejects.toThrow(
    'kubectl get deployment failed: error: You must be logged in to the server (Unauthorized)',
  );
});
