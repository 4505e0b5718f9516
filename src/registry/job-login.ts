/**
 * The job's own registry logins — a `docker/login-action` step before berth, or any `docker login` —
 * carried into the private docker config berth builds, pushes and pulls with. They live in the user's
 * docker config (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`) as `auths` entries, a
 * `credsStore` or per-registry `credHelpers`. The pure parts build the private config and pick a
 * registry's entry; `jobCredentials` also asks a credential helper. Secrets never reach argv or a log.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { DOCKER_HUB } from '../docker/reference.js';
import type { Exec } from '../exec.js';
import type { Credentials } from './providers.js';

export interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

/** What berth reads of a docker config.json: the logins and the current context. */
export interface DockerAuthConfig {
  auths?: Record<string, AuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
  currentContext?: string;
}

/** The user's docker config directory: DOCKER_CONFIG, else ~/.docker. */
export function userDockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || path.join(homedir(), '.docker');
}

/** The user's config.json, or undefined when there is none (or it is not JSON). */
export async function readUserDockerConfig(
  env: NodeJS.ProcessEnv = process.env,
): Promise<DockerAuthConfig | undefined> {
  try {
    const parsed = JSON.parse(
      await readFile(path.join(userDockerConfigDir(env), 'config.json'), 'utf8'),
    ) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as DockerAuthConfig) : undefined;
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The private config's contents: the user's `auths`, `credHelpers` and `credsStore` (so the job's
 * logins keep working) and `currentContext`; nothing else of the user's config (no proxies, no aliases).
 */
export function carriedConfig(user: DockerAuthConfig | undefined): DockerAuthConfig {
  const out: DockerAuthConfig = { auths: {} };
  if (!user) return out;
  if (isRecord(user.auths)) {
    for (const [key, entry] of Object.entries(user.auths)) if (isRecord(entry)) out.auths![key] = entry;
  }
  if (isRecord(user.credHelpers)) {
    const helpers = Object.entries(user.credHelpers).filter(([, v]) => typeof v === 'string');
    if (helpers.length > 0) out.credHelpers = Object.fromEntries(helpers);
  }
  if (typeof user.credsStore === 'string' && user.credsStore !== '') out.credsStore = user.credsStore;
  if (typeof user.currentContext === 'string') out.currentContext = user.currentContext;
  return out;
}

/** The keys docker files a registry's login under (Docker Hub's is the old index address). */
export function credentialKeys(host: string): string[] {
  const h = host.toLowerCase();
  if (h === DOCKER_HUB || h === 'index.docker.io' || h === 'registry-1.docker.io') {
    return ['https://index.docker.io/v1/', 'index.docker.io', DOCKER_HUB];
  }
  return [host];
}

/**
 * Before berth's own `docker login` to `host`: route that registry to the config file (an empty
 * `credHelpers` entry), so berth's credentials land in the private file, removed after the run — never
 * in the user's credential store — and win over the job's login for the same registry.
 */
export function routeToFile(config: DockerAuthConfig, host: string): DockerAuthConfig {
  const credHelpers = { ...(config.credHelpers ?? {}) };
  for (const key of credentialKeys(host)) credHelpers[key] = '';
  return { ...config, credHelpers };
}

/** `https://localhost:5000/v2/` → `localhost:5000`: how docker compares an `auths` key to a host. */
function hostOfKey(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, '')
    .split('/')[0]!
    .toLowerCase();
}

/** The credential helper docker would ask for `host`, or '' for the config file. */
export function helperFor(config: DockerAuthConfig, host: string): string {
  for (const key of credentialKeys(host)) {
    const helper = config.credHelpers?.[key];
    if (typeof helper === 'string') return helper;
  }
  return typeof config.credsStore === 'string' ? config.credsStore : '';
}

/** A user and password for `host` from the `auths` entries (an identity token alone is not one). */
export function authsCredentials(config: DockerAuthConfig, host: string): Credentials | undefined {
  const wanted = new Set(credentialKeys(host).map(hostOfKey));
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (!wanted.has(hostOfKey(key)) || !isRecord(entry)) continue;
    if (typeof entry.auth === 'string' && entry.auth !== '') {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (typeof entry.username === 'string' && typeof entry.password === 'string' && entry.username !== '')
      return { username: entry.username, password: entry.password };
  }
  return undefined;
}

/**
 * The job's login for `host`: from its credential helper (`docker-credential-<name> get`, the host on
 * stdin, the answer on stdout) when one is configured, else from `auths`. Undefined when it has none.
 */
export async function jobCredentials(
  config: DockerAuthConfig | undefined,
  host: string,
  exec: Exec,
): Promise<Credentials | undefined> {
  if (!config) return undefined;
  const helper = helperFor(config, host);
  if (helper === '') return authsCredentials(config, host);
  if (!/^[A-Za-z0-9_.-]+$/.test(helper)) return undefined;
  try {
    const result = await exec([`docker-credential-${helper}`, 'get'], {
      stdin: credentialKeys(host)[0],
      quiet: true,
    });
    if (result.code !== 0) return undefined;
    const answer = JSON.parse(result.stdout) as { Username?: unknown; Secret?: unknown };
    if (typeof answer.Username !== 'string' || typeof answer.Secret !== 'string') return undefined;
    // `<token>`: an identity (refresh) token, which docker trades itself; not a password to send.
    if (answer.Username === '' || answer.Username === '<token>') return undefined;
    return { username: answer.Username, password: answer.Secret };
  } catch {
    return undefined;
  }
}
