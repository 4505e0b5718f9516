/** A kubeconfig from a secret: checked, its secrets masked, written 0600, removed by the post step. */
import { mkdtempSync, statSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { cleanupKubeconfigs, readKubeconfig, writeKubeconfig } from '../../src/kubernetes/kubeconfig.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.c2VydmljZWFjY291bnQ.sig-berth-ci';
const KEY = Buffer.from(
  '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBerthTestKey\n-----END EC PRIVATE KEY-----\n',
).toString('base64');
const tokenConfig = `apiVersion: v1
kind: Config
clusters:
  - name: nks
    cluster:
      server: https://198.18.0.1:6443
      certificate-authority-data: ${Buffer.from('ca').toString('base64')}
users:
  - name: berth-ci
    user:
      token: ${TOKEN}
  - name: admin
    user:
      client-key-data: ${KEY}
contexts:
  - name: nks
    context: { cluster: nks, user: berth-ci, namespace: shop }
current-context: nks
`;
const execConfig = tokenConfig
  .replace(
    `      token: ${TOKEN}\n`,
    '      exec:\n        apiVersion: client.authentication.k8s.io/v1beta1\n        command: ncp-iam-authenticator\n        args: [token, --clusterUuid, 1234]\n',
  )
  .replace(/ {2}- name: admin\n {4}user:\n {6}client-key-data: .*\n/, '');

test('a ServiceAccount token kubeconfig: its context, and every secret in it to mask', () => {
  const facts = readKubeconfig(tokenConfig);
  expect(facts.contexts).toEqual(['nks']);
  expect(facts.currentContext).toBe('nks');
  expect(facts.secrets).toEqual(
    expect.arrayContaining([TOKEN, KEY, expect.stringContaining('BEGIN EC PRIVATE KEY')]),
  );
  expect(facts.execCommands).toEqual([]);
});

test.each([
  ['ncp-iam-authenticator', execConfig],
  ['./ci/eks-token.sh', execConfig.replace('command: ncp-iam-authenticator', 'command: ./ci/eks-token.sh')],
])(
  'an exec credential plugin (%s) is passed through (kubectl and helm run it), and named',
  (command, text) => {
    const facts = readKubeconfig(text);
    expect(facts.execCommands).toEqual([command]);
    expect(facts.secrets).toEqual([]);
  },
);

test.each([
  ['not YAML: {', 'kubeconfig: not valid YAML (line 1)'],
  ['kind: Pod\n', 'kubeconfig: not a kubeconfig (no `kind: Config`)'],
  ['kind: Config\nclusters: []\n', 'kubeconfig: it names no cluster, user or context'],
  [
    tokenConfig.replace('current-context: nks', 'current-context: other'),
    'its current-context "other" is not one of its contexts',
  ],
  [
    tokenConfig
      .replace('current-context: nks\n', '')
      .replace('contexts:\n', 'contexts:\n  - name: two\n    context: { cluster: nks, user: admin }\n'),
    'it has 2 contexts and no current-context',
  ],
])('refused: %#', (text, message) => {
  expect(() => readKubeconfig(text)).toThrow(message);
});

test('a YAML error never quotes the secret text', () => {
  let message = '';
  try {
    readKubeconfig(`kind: Config\nusers:\n  - user: { token: ${TOKEN}\n`);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(/^kubeconfig: not valid YAML/);
  expect(message).not.toContain(TOKEN);
});

test('written 0600 in a 0700 directory, recorded; masked before; the post step removes it', async () => {
  const state = new Map<string, string>();
  const masked: string[] = [];
  const runtime = {
    tempDir: mkdtempSync(path.join(tmpdir(), 'berth-kube-test-')),
    setSecret: (v: string) => void masked.push(v),
    saveState: (n: string, v: string) => void state.set(n, v),
    getState: (n: string) => state.get(n) ?? '',
  };
  const { file, dir } = await writeKubeconfig(tokenConfig, runtime);
  expect(masked).toContain(TOKEN);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  expect(readFileSync(file, 'utf8')).toBe(tokenConfig);
  expect(JSON.parse(state.get('kube-dirs') ?? '[]')).toEqual([dir]);
  expect(await cleanupKubeconfigs(runtime)).toEqual([dir]);
  expect(existsSync(dir)).toBe(false);
});

test('the post step removes only berth’s own directories', async () => {
  const elsewhere = mkdtempSync(path.join(tmpdir(), 'not-berth-'));
  const state = { getState: () => JSON.stringify([elsewhere]) };
  expect(await cleanupKubeconfigs(state)).toEqual([]);
  expect(existsSync(elsewhere)).toBe(true);
});
