/**
 * What a main step leaves for its post step, which runs after success, failure and cancel alike: one
 * typed entry per thing to release. Nothing else saves or reads the step's state.
 */

/** A deploy lock this run holds (released by the post step when the main step could not). */
export interface SavedLock {
  /** The SSH host's label, or '' for this host. */
  host: string;
  dir: string;
  runId: string;
}

/** A temporary directory berth made on an SSH host (its docker login's config.json, env files). */
export interface SavedRemoteDir {
  /** The SSH host's label (user@address[:port]). */
  host: string;
  dir: string;
}

export interface PostState {
  /** build: the private docker config directory with this run's registry logins. */
  'docker-config': string;
  /** deploy and rollback: the deploy lock taken on a host. */
  'deploy-lock': SavedLock;
  /** SSH: the directories holding a connection's private key, config and control socket. */
  'ssh-dirs': string[];
  /** SSH: the temporary directories made on servers (registry credentials, env files), not yet removed. */
  'remote-temp-dirs': SavedRemoteDir[];
  /** Kubernetes: the directories holding a cluster's kubeconfig (and values files). */
  'kube-dirs': string[];
}

export type PostStateKey = keyof PostState;

/** The runner's state, or the CLI's no-op (it has no post step). */
export interface StateStore {
  saveState(name: string, value: string): void;
  getState(name: string): string;
}

export function savePostState<K extends PostStateKey>(
  store: Pick<StateStore, 'saveState'>,
  key: K,
  value: PostState[K],
): void {
  store.saveState(key, JSON.stringify(value));
}

/**
 * The entry, or undefined when the main step saved none (or the runner's state file holds something
 * that is not berth's JSON: the post step then releases nothing rather than failing the job).
 */
export function readPostState<K extends PostStateKey>(
  store: Pick<StateStore, 'getState'>,
  key: K,
): PostState[K] | undefined {
  const text = store.getState(key);
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as PostState[K];
  } catch {
    return undefined;
  }
}
