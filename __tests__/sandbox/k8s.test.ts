/**
 * sandbox/k8s.mjs and the part `kubernetes`, without a cluster: where the bed finds its binaries (or an
 * existing cluster), what the summary line says when they are missing, and the kubeconfig it writes.
 * The cluster itself: __tests__/kubernetes-cluster.int.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import {
  kubeconfigYaml,
  kubernetesPresent,
  NETWORK,
  SERVER_BINARIES,
  serverBinariesDir,
} from '../../sandbox/k8s.mjs';
import { findTools, installable, installCommand, summaryLine } from '../../sandbox/parts.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'berth-k8s-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('where the bed finds Kubernetes', () => {
  test('the server binaries: all five .xz files in BERTH_K8S_DIR/bin, else none', () => {
    const k8s = path.join(dir, 'k8s');
    mkdirSync(path.join(k8s, 'bin'), { recursive: true });
    for (const name of SERVER_BINARIES.slice(1)) writeFileSync(path.join(k8s, 'bin', `${name}.xz`), '');
    expect(serverBinariesDir({ BERTH_K8S_DIR: k8s })).toBeUndefined();
    expect(installable('kubernetes', { BERTH_K8S_DIR: k8s })).toBe(false);
    writeFileSync(path.join(k8s, 'bin', `${SERVER_BINARIES[0]}.xz`), '');
    expect(serverBinariesDir({ BERTH_K8S_DIR: k8s })).toBe(path.join(k8s, 'bin'));
    expect(installable('kubernetes', { BERTH_K8S_DIR: k8s })).toBe(true);
  });

  test('an existing cluster (BERTH_TEST_KUBECONFIG) is the part, binaries or not', () => {
    const env = { BERTH_K8S_DIR: path.join(dir, 'none'), BERTH_TEST_KUBECONFIG: '/etc/k.yaml' };
    expect(kubernetesPresent(env)).toBe('/etc/k.yaml');
    expect(findTools({ ...env, PATH: '' }).kubernetes).toBe('/etc/k.yaml');
    expect(findTools({ ...env, PATH: '', BERTH_SANDBOX_MISSING: 'kubernetes' }).kubernetes).toBeUndefined();
    expect(kubernetesPresent({ BERTH_K8S_DIR: path.join(dir, 'none') })).toBeUndefined();
  });

  test('the summary line names the packages and the binaries no package has', () => {
    const context = { root: true, debian: true };
    expect(installCommand('kubernetes', context)).toBe(
      'apt-get install -y etcd-server containerd runc containernetworking-plugins iptables plus the server binaries in ../shared/k8s/bin (see ../shared/k8s/README.md)',
    );
    expect(summaryLine([{ missing: ['kubernetes'] }], context)).toBe(
      `skipped 1 suite for missing parts: kubernetes (${installCommand('kubernetes', context)})`,
    );
  });
});

test('a kubeconfig for one user by bearer token, against the node address', () => {
  const server = `https://${NETWORK.nodeIp}:${NETWORK.apiPort}`;
  const config = parse(kubeconfigYaml({ server, ca: '/x/ca.crt', user: 'berth-admin', token: 't0k' })) as {
    'current-context': string;
    clusters: { cluster: Record<string, string> }[];
    users: { name: string; user: { token: string } }[];
    contexts: { context: Record<string, string> }[];
  };
  expect(config.clusters[0]?.cluster).toEqual({ server, 'certificate-authority': '/x/ca.crt' });
  expect(config.users[0]).toEqual({ name: 'berth-admin', user: { token: 't0k' } });
  expect(config.contexts[0]?.context).toEqual({
    cluster: 'berth-k8s',
    user: 'berth-admin',
    namespace: 'default',
  });
  expect(config['current-context']).toBe('berth-k8s');
  expect(server).toBe('https://198.18.0.1:6443');
});
