/** helm's and kubectl's argv: exact arrays, names checked before they become arguments. */
import { expect, test } from '@jest/globals';
import {
  helmHistoryArgs,
  helmRollbackArgs,
  helmStatusArgs,
  helmUninstallArgs,
  helmUpgradeArgs,
  helmGetValuesArgs,
  kubectlApplyArgs,
  kubectlCreateArgs,
  kubectlDeleteFileArgs,
  kubectlDeleteSecretsArgs,
  kubectlGetArgs,
  kubectlGetFileArgs,
  kubectlLabelSecretArgs,
  kubectlLogsArgs,
  kubectlRecordsArgs,
} from '../../src/kubernetes/argv.js';

const A = { kubeconfig: '/tmp/berth-kube-1/config', namespace: 'shop' };
const upgrade = {
  release: 'web',
  chart: 'charts/berth-app',
  valuesFiles: ['/tmp/berth-kube-1/values.json'],
  wait: 'none' as const,
  timeoutSeconds: 300,
  description: 'berth deploy c0ffee',
};

test('upgrade --install: server-side, forcing a hand-made change’s conflicts, values from files only', () => {
  expect(helmUpgradeArgs(A, upgrade)).toEqual([
    'upgrade',
    '--install',
    'web',
    'charts/berth-app',
    '--kubeconfig',
    '/tmp/berth-kube-1/config',
    '--namespace',
    'shop',
    '--values',
    '/tmp/berth-kube-1/values.json',
    '--timeout',
    '300s',
    '--server-side=true',
    '--force-conflicts',
    '--history-max',
    '20',
    '--description',
    'berth deploy c0ffee',
  ]);
  expect(
    helmUpgradeArgs(A, {
      ...upgrade,
      chart: 'oci://registry.example.com/charts/web',
      version: '1.4.2',
      wait: 'watcher',
    }),
  ).toEqual(
    expect.arrayContaining(['oci://registry.example.com/charts/web', '--version', '1.4.2', '--wait=watcher']),
  );
  expect(helmUpgradeArgs(A, { ...upgrade, description: 'line one\nline two' }).at(-1)).toBe(
    'line one line two',
  );
});

test.each([
  [{ release: 'Web' }, 'release: expected lowercase letters'],
  [{ release: 'web;rm' }, 'release: expected lowercase letters'],
  [{ release: 'a'.repeat(54) }, 'at most 53'],
  [{ chart: '../outside' }, 'chart: expected a chart directory'],
  [{ chart: 'charts/$(id)' }, 'chart: expected a chart directory'],
  [{ version: '1.0 --post-renderer x' }, 'chart-version: expected a version'],
])('%j is refused', (over, message) => {
  expect(() => helmUpgradeArgs(A, { ...upgrade, ...over })).toThrow(message);
});

test('a bad namespace is refused for every command', () => {
  const bad = { ...A, namespace: 'Shop' };
  for (const build of [
    () => helmStatusArgs(bad, 'web'),
    () => helmHistoryArgs(bad, 'web'),
    () => helmRollbackArgs(bad, 'web', 3, 60),
    () => kubectlGetArgs(bad, 'pods', 'web'),
  ]) {
    expect(build).toThrow('namespace: expected lowercase letters');
  }
});

test('status, history, rollback, the watch’s looks and logs', () => {
  expect(helmStatusArgs(A, 'web')).toEqual([
    'status',
    'web',
    '--kubeconfig',
    A.kubeconfig,
    '--namespace',
    'shop',
    '-o',
    'json',
  ]);
  expect(helmHistoryArgs(A, 'web')).toEqual([
    'history',
    'web',
    '--kubeconfig',
    A.kubeconfig,
    '--namespace',
    'shop',
    '-o',
    'json',
  ]);
  expect(helmRollbackArgs(A, 'web', 7, 120)).toEqual([
    'rollback',
    'web',
    '7',
    '--kubeconfig',
    A.kubeconfig,
    '--namespace',
    'shop',
    '--timeout',
    '120s',
    '--server-side=true',
    '--force-conflicts',
  ]);
  expect(() => helmRollbackArgs(A, 'web', 0, 120)).toThrow('no revision 0');
  expect(kubectlGetArgs(A, 'pods', 'web')).toEqual([
    'get',
    'pods',
    '--selector',
    'app.kubernetes.io/instance=web',
    '--kubeconfig',
    A.kubeconfig,
    '--namespace',
    'shop',
    '-o',
    'json',
  ]);
  expect(kubectlGetArgs(A, 'events', 'web').slice(0, 4)).toEqual([
    'get',
    'events',
    '--field-selector',
    'type=Warning,involvedObject.kind=Pod',
  ]);
  expect(kubectlLogsArgs(A, 'web-6d89b9bdcb-xrrqz', 'app', true)).toEqual([
    'logs',
    'web-6d89b9bdcb-xrrqz',
    '--container',
    'app',
    '--kubeconfig',
    A.kubeconfig,
    '--namespace',
    'shop',
    '--tail=20',
    '--previous',
  ]);
  expect(() => kubectlLogsArgs(A, '--all', 'app', false)).toThrow('not a pod name');
  expect(helmUninstallArgs(A, 'web')).toEqual([
    'uninstall',
    'web',
    '--kubeconfig',
    A.kubeconfig,
    '--namespace',
    'shop',
    '--wait',
  ]);
});

test('the pods of a Deployment by its own selector, every label checked', () => {
  const A = { kubeconfig: '/tmp/k', namespace: 'shop' };
  expect(
    kubectlGetArgs(A, 'pods', 'web', 'web-api', { app: 'web', 'app.kubernetes.io/part-of': 'shop' }).slice(
      0,
      4,
    ),
  ).toEqual(['get', 'pods', '--selector', 'app=web,app.kubernetes.io/part-of=shop']);
  expect(() => kubectlGetArgs(A, 'pods', 'web', 'web', { app: 'web,evil=1' })).toThrow(
    /not a label selector/,
  );
  expect(() => kubectlGetArgs(A, 'pods', 'web', 'web', {})).toThrow(/no matchLabels/);
  expect(() => kubectlGetArgs(A, 'deployment', 'web', 'Web;rm')).toThrow(/not an object name/);
  // The runner's own kubeconfig: no --kubeconfig flag at all.
  expect(kubectlGetArgs({ kubeconfig: '', namespace: 'shop' }, 'deployment', 'web')).toEqual([
    'get',
    'deployment',
    'web',
    '--namespace',
    'shop',
    '-o',
    'json',
  ]);
});

test('the values helm holds for a release, and a Service’s endpoints', () => {
  const A = { kubeconfig: '/tmp/k', namespace: 'shop' };
  expect(helmGetValuesArgs(A, 'web')).toEqual([
    'get',
    'values',
    'web',
    '--kubeconfig',
    '/tmp/k',
    '--namespace',
    'shop',
    '-o',
    'json',
  ]);
  expect(kubectlGetArgs(A, 'endpoints', 'web').slice(0, 3)).toEqual(['get', 'endpoints', 'web']);
  expect(() => helmGetValuesArgs(A, 'Web')).toThrow(/release/);
});

test('plain manifests: server-side apply as berth from a file berth wrote, records by label, stdin for a new one', () => {
  const at = ['--kubeconfig', A.kubeconfig, '--namespace', 'shop'];
  expect(kubectlApplyArgs(A, '/tmp/berth-kube-1/manifests.v3.json')).toEqual([
    'apply',
    '--server-side',
    '--field-manager=berth',
    '--force-conflicts',
    '-f',
    '/tmp/berth-kube-1/manifests.v3.json',
    ...at,
  ]);
  expect(kubectlCreateArgs(A)).toEqual(['create', '--field-manager=berth', '-f', '-', ...at, '-o', 'name']);
  expect(kubectlGetFileArgs(A, '/tmp/berth-kube-1/m.json')).toEqual([
    'get',
    '-f',
    '/tmp/berth-kube-1/m.json',
    '--ignore-not-found',
    ...at,
    '-o',
    'json',
  ]);
  expect(kubectlDeleteFileArgs(A, '/tmp/berth-kube-1/m.json', 60)).toEqual([
    'delete',
    '-f',
    '/tmp/berth-kube-1/m.json',
    '--ignore-not-found',
    '--wait',
    '--timeout=60s',
    ...at,
  ]);
  expect(kubectlRecordsArgs(A, 'web')).toEqual([
    'get',
    'secrets',
    '--selector',
    'berth.dev/release=web',
    ...at,
    '-o',
    'json',
  ]);
  expect(kubectlLabelSecretArgs(A, 'berth-manifests.web.v3', { 'berth.dev/status': 'deployed' })).toEqual([
    'label',
    'secret',
    'berth-manifests.web.v3',
    'berth.dev/status=deployed',
    '--overwrite',
    ...at,
  ]);
  expect(kubectlDeleteSecretsArgs(A, ['berth-manifests.web.v1', 'berth-manifests.web.v2'])).toEqual([
    'delete',
    'secret',
    'berth-manifests.web.v1',
    'berth-manifests.web.v2',
    '--ignore-not-found',
    ...at,
  ]);
});

test.each([
  [() => kubectlApplyArgs(A, 'relative.json'), 'expected an absolute path'],
  [() => kubectlApplyArgs(A, '/tmp/x\n--dry-run'), 'expected an absolute path'],
  [() => kubectlRecordsArgs(A, 'Web,x=y'), 'release: expected lowercase letters'],
  [() => kubectlLabelSecretArgs(A, 'web', { 'berth.dev/status': 'a b' }), 'not a label selector'],
  [() => kubectlDeleteSecretsArgs(A, ['--all']), 'not an object name'],
  [() => kubectlDeleteSecretsArgs(A, []), 'no names'],
])('manifests argv refused: %#', (build, message) => {
  expect(build).toThrow(message);
});
