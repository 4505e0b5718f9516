/** The release before a deploy, on a fake helm answering with recordings: live revision, or recovered from pending. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { prepareRelease, type ReleaseOptions } from '../../../src/deploy/kubernetes/release.js';
import type { Exec, ExecResult } from '../../../src/exec.js';
import { ROOT } from '../../helpers/run-dist.js';

const recorded = (name: string): string =>
  readFileSync(path.join(ROOT, '__tests__', 'fixtures', 'kubernetes', name), 'utf8');
const ok = (stdout = ''): ExecResult => ({ code: 0, stdout, stderr: '' });
const NOT_FOUND: ExecResult = { code: 1, stdout: '', stderr: 'Error: release: not found' };

function fakeHelm(answers: Record<string, ExecResult | ExecResult[]>, calls: string[]): Exec {
  const seen = new Map<string, number>();
  return async (argv) => {
    const verb = argv[1] as string;
    calls.push(argv.slice(1, 4).join(' '));
    const a = answers[verb] ?? ok();
    if (!Array.isArray(a)) return a;
    const n = seen.get(verb) ?? 0;
    seen.set(verb, n + 1);
    return a[Math.min(n, a.length - 1)] as ExecResult;
  };
}

const options = (info: string[]): ReleaseOptions => ({
  helm: 'helm',
  access: { kubeconfig: '/tmp/berth-kube-x/config', namespace: 'fx' },
  release: 'app',
  timeoutSeconds: 120,
  info: (m) => void info.push(m),
});

test('no release yet: a first install, nothing to return to', async () => {
  const calls: string[] = [];
  expect(await prepareRelease(fakeHelm({ status: NOT_FOUND }, calls), options([]))).toEqual({
    revision: undefined,
    recovered: '',
  });
  expect(calls).toEqual(['status app --kubeconfig']);
});

test('a deployed release: its revision is where a failed deploy goes back', async () => {
  expect(
    await prepareRelease(fakeHelm({ status: ok(recorded('01-helm-status-deployed.json')) }, []), options([])),
  ).toEqual({
    revision: 1,
    recovered: '',
  });
});

test('left pending-upgrade by a killed run: rolled back to the last revision that went live, and said', async () => {
  const calls: string[] = [];
  const info: string[] = [];
  const after = JSON.stringify({ ...JSON.parse(recorded('01-helm-status-deployed.json')), version: 9 });
  const result = await prepareRelease(
    fakeHelm(
      {
        status: [ok(recorded('07-helm-status-pending-upgrade.json')), ok(after)],
        history: ok(recorded('07-helm-history-pending-upgrade.json')),
      },
      calls,
    ),
    options(info),
  );
  expect(calls).toEqual([
    'status app --kubeconfig',
    'history app --kubeconfig',
    'rollback app 7',
    'status app --kubeconfig',
  ]);
  expect(result.revision).toBe(9);
  expect(info).toEqual([
    'release app was left pending-upgrade (revision 8) by a run that did not finish: rolled it back to revision 7, the last one that went live',
  ]);
});

test('a pending install that never went live is removed, so the install starts again', async () => {
  const calls: string[] = [];
  const pending = JSON.stringify({
    ...JSON.parse(recorded('07-helm-status-pending-upgrade.json')),
    version: 1,
    info: { status: 'pending-install' },
  });
  const result = await prepareRelease(
    fakeHelm(
      { status: ok(pending), history: ok(JSON.stringify([{ revision: 1, status: 'pending-install' }])) },
      calls,
    ),
    options([]),
  );
  expect(calls).toContain('uninstall app --kubeconfig');
  expect(result.revision).toBeUndefined();
});

test('helm failing otherwise is an error with its words', async () => {
  const broken = fakeHelm(
    { status: { code: 1, stdout: '', stderr: 'Error: Kubernetes cluster unreachable: connection refused' } },
    [],
  );
  await expect(prepareRelease(broken, options([]))).rejects.toThrow(
    'helm status app failed: Error: Kubernetes cluster unreachable: connection refused',
  );
});
