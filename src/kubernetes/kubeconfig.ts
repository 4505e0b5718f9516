/**
 * A cluster's credentials as a kubeconfig from a secret (NHN NKS's downloaded file, a ServiceAccount
 * token kubeconfig as Naver Cloud's guide recommends for CI, or one whose user runs an `exec` credential
 * plugin — aws eks get-token, ncp-iam-authenticator — which kubectl and helm call themselves). Checked
 * for shape, every secret in it masked, written 0600 into a private directory recorded for the post
 * step, which removes it also after a cancel. Its text is never logged.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigurationError } from '../errors.js';
import { readPostState, savePostState, type StateStore } from '../runtime/post-state.js';

export interface KubeconfigFacts {
  contexts: string[];
  currentContext: string;
  /** Values to mask: tokens, passwords, client keys (and their base64), wherever the users hold them. */
  secrets: string[];
  /** The credential plugins the users run (`aws`, `ncp-iam-authenticator`): they must be on the runner. */
  execCommands: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const SECRET_FIELDS = ['token', 'password', 'client-key-data', 'client-certificate-data'] as const;

const bad = (input: string, what: string): ConfigurationError =>
  new ConfigurationError(
    `${input}: ${what}; expected a kubeconfig (apiVersion: v1, kind: Config, with clusters, users and contexts), e.g. the file your cloud's console downloads, from a secret`,
    { key: input, kind: 'invalid' },
  );

export function readKubeconfig(text: string, input = 'kubeconfig'): KubeconfigFacts {
  const doc = parseDocument(text, { uniqueKeys: true, merge: false });
  // The YAML parser's messages can quote the text: say where only, never what.
  if (doc.errors.length > 0)
    throw bad(input, `not valid YAML (line ${doc.errors[0]?.linePos?.[0]?.line ?? '?'})`);
  const config: unknown = doc.toJS({ maxAliasCount: 0 });
  if (!isObject(config) || config.kind !== 'Config') throw bad(input, 'not a kubeconfig (no `kind: Config`)');
  const list = (key: string): Json[] =>
    Array.isArray(config[key]) ? (config[key] as unknown[]).filter(isObject) : [];
  const clusters = list('clusters');
  const users = list('users');
  const contexts = list('contexts');
  if (clusters.length === 0 || users.length === 0 || contexts.length === 0)
    throw bad(input, 'it names no cluster, user or context');
  const contextNames = contexts.map((c) => (typeof c.name === 'string' ? c.name : ''));
  const current = typeof config['current-context'] === 'string' ? config['current-context'] : '';
  if (current === '' && contextNames.length !== 1)
    throw bad(input, `it has ${contextNames.length} contexts and no current-context`);
  if (current !== '' && !contextNames.includes(current))
    throw bad(input, `its current-context ${JSON.stringify(current)} is not one of its contexts`);
  const secrets: string[] = [];
  const execCommands: string[] = [];
  for (const u of users) {
    const user = isObject(u.user) ? u.user : {};
    for (const field of SECRET_FIELDS) {
      const value = user[field];
      if (typeof value === 'string' && value !== '') {
        secrets.push(value);
        if (field.endsWith('-data')) secrets.push(Buffer.from(value, 'base64').toString('utf8'));
      }
    }
    if (isObject(user.exec)) {
      if (typeof user.exec.command === 'string') execCommands.push(user.exec.command);
      // A plugin's environment may hold keys (ncp-iam-authenticator's NCLOUD_SECRET_KEY).
      for (const e of Array.isArray(user.exec.env) ? user.exec.env : [])
        if (isObject(e) && typeof e.value === 'string' && e.value.length >= 6) secrets.push(e.value);
    }
    // The legacy auth-provider keeps its tokens in `config`.
    const provider = isObject(user['auth-provider']) ? user['auth-provider'] : {};
    for (const value of Object.values(isObject(provider.config) ? provider.config : {}))
      if (typeof value === 'string' && value.length >= 6) secrets.push(value);
  }
  return {
    contexts: contextNames,
    currentContext: current || (contextNames[0] ?? ''),
    secrets: secrets.filter((s) => s.trim() !== ''),
    execCommands,
  };
}

type KubeDirRuntime = { tempDir: string } & Pick<StateStore, 'saveState' | 'getState'>;

/**
 * A new 0700 directory under `tempDir` for a deploy's private files (the kubeconfig, the values file),
 * recorded for the post step, which removes it also after a cancel.
 */
export async function privateKubeDir(runtime: KubeDirRuntime): Promise<string> {
  const dir = await mkdtemp(path.join(runtime.tempDir, 'berth-kube-'));
  await chmod(dir, 0o700);
  savePostState(runtime, 'kube-dirs', [...(readPostState(runtime, 'kube-dirs') ?? []), dir]);
  return dir;
}

/** Writes the kubeconfig 0600 into `dir` (default: a new private directory), its secrets masked first. */
export async function writeKubeconfig(
  text: string,
  runtime: KubeDirRuntime & { setSecret(value: string): void },
  input = 'kubeconfig',
  into?: string,
): Promise<{ file: string; dir: string; facts: KubeconfigFacts }> {
  const facts = readKubeconfig(text, input);
  for (const secret of facts.secrets) {
    for (const line of secret.split('\n')) if (line.trim() !== '') runtime.setSecret(line);
  }
  const dir = into ?? (await privateKubeDir(runtime));
  const file = path.join(dir, 'config');
  await writeFile(file, text, { mode: 0o600 });
  return { file, dir, facts };
}

/** The post step: removes every kubeconfig directory the main step recorded (only berth's own). */
export async function cleanupKubeconfigs(state: Pick<StateStore, 'getState'>): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of readPostState(state, 'kube-dirs') ?? []) {
    if (typeof dir !== 'string' || !path.basename(dir).startsWith('berth-kube-')) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}
