/**
 * What is live on the host, per app and environment: `state.json` (live colour, its image, the previous
 * image) rewritten atomically, and `history.jsonl`, append-only. No secrets are ever written here.
 */
import path from 'node:path';
import { parseImageReference } from '../docker/reference.js';
import type { Color } from '../docker/run-args.js';
import { ConfigurationError } from '../errors.js';
import type { HostFiles } from '../remote/host.js';

export interface DeployState {
  /** The live colour (blue-green); absent for strategy recreate. */
  live?: Color;
  strategy?: 'blue-green' | 'recreate';
  imageRef: string;
  previousImageRef: string;
  commit: string;
  updatedAt: string;
}

export interface HistoryEntry {
  at: string;
  action: 'deploy' | 'rollback';
  result: 'success' | 'failed';
  color: Color | '';
  imageRef: string;
  previousImageRef: string;
  commit: string;
  runId: string;
  actor: string;
  durationMs: number;
  /** When the deployed commit was made (ISO 8601), when known: DORA's lead time. */
  committedAt?: string;
  error?: string;
}

/** Paths are the host's (a server over SSH is POSIX), so joined the POSIX way. */
export function stateDirFor(root: string, app: string, environment: string): string {
  return path.posix.join(root, `${app}-${environment}`);
}

/**
 * `state.json`, checked before anything of it is used: its image references reach `docker pull` and
 * `docker run` (a hand-edited `"previousImageRef": "--privileged"` would be an option there), its colour
 * a container name. A file that is not berth's shape is an error naming it and the key.
 */
export async function readState(host: HostFiles, dir: string): Promise<DeployState | undefined> {
  const file = path.posix.join(dir, 'state.json');
  const text = await host.readFile(file);
  return text === undefined ? undefined : parseState(text, file);
}

export function parseState(text: string, file: string): DeployState {
  const fix = `berth writes this file: restore it from history.jsonl beside it, or remove it and pass image to rollback`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigurationError(`${file}: not JSON; ${fix}`, { key: 'state-dir', kind: 'invalid' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigurationError(`${file}: expected a JSON object; ${fix}`, {
      key: 'state-dir',
      kind: 'invalid',
    });
  }
  const o = value as Record<string, unknown>;
  const text_ = (key: string): string => {
    const v = o[key] ?? '';
    if (typeof v !== 'string')
      throw new ConfigurationError(`${file}: ${key} must be a string; ${fix}`, {
        key: 'state-dir',
        kind: 'invalid',
      });
    return v;
  };
  for (const key of ['imageRef', 'previousImageRef'] as const) {
    const ref = text_(key);
    if (ref === '') continue;
    try {
      parseImageReference(ref, `${file}: ${key}`);
    } catch {
      throw new ConfigurationError(
        `${file}: ${key} is not an image reference (${JSON.stringify(ref.slice(0, 80))}); ${fix}`,
        {
          key: 'state-dir',
          kind: 'invalid',
        },
      );
    }
  }
  const live = o.live;
  if (live !== undefined && live !== 'blue' && live !== 'green') {
    throw new ConfigurationError(`${file}: live must be "blue" or "green"; ${fix}`, {
      key: 'state-dir',
      kind: 'invalid',
    });
  }
  const strategy = o.strategy;
  if (strategy !== undefined && strategy !== 'blue-green' && strategy !== 'recreate') {
    throw new ConfigurationError(`${file}: strategy must be "blue-green" or "recreate"; ${fix}`, {
      key: 'state-dir',
      kind: 'invalid',
    });
  }
  return {
    ...(live !== undefined ? { live } : {}),
    ...(strategy !== undefined ? { strategy } : {}),
    imageRef: text_('imageRef'),
    previousImageRef: text_('previousImageRef'),
    commit: text_('commit'),
    updatedAt: text_('updatedAt'),
  };
}

export async function writeState(host: HostFiles, dir: string, state: DeployState): Promise<void> {
  await host.writeFile(path.posix.join(dir, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
}

export async function appendHistory(host: HostFiles, dir: string, entry: HistoryEntry): Promise<void> {
  await host.appendFile(path.posix.join(dir, 'history.jsonl'), `${JSON.stringify(entry)}\n`);
}

/**
 * What one deploy attempt leaves in the host's records, filled in by the strategy as it learns it: the
 * version going live and the one before, and (containers) the state to write once it is live.
 */
export interface Attempt {
  color: Color | '';
  imageRef: string;
  previousImageRef: string;
  /** Written to `state.json` when the attempt succeeds. */
  state?: DeployState;
}

export interface AttemptRecord {
  host: HostFiles;
  stateDir: string;
  action: HistoryEntry['action'];
  runId: string;
  commit: string;
  actor: string;
  /** When the attempt began (its lock wait included). */
  startedAt: number;
  /** When the commit was made (ISO 8601), when known. */
  committedAt?: string;
}

/**
 * The one place a deploy attempt is recorded on its host: runs `work`, then writes the state (when the
 * strategy gave one) and appends the history entry — `success`, or `failed` with the error, which is
 * re-thrown. A failure to record a failure (the host may be what failed) does not hide the error.
 */
export async function recordAttempt<T>(
  record: AttemptRecord,
  work: (attempt: Attempt) => Promise<T>,
): Promise<T> {
  const attempt: Attempt = { color: '', imageRef: '', previousImageRef: '' };
  const entry = (result: HistoryEntry['result'], color: Color | ''): HistoryEntry => ({
    at: new Date().toISOString(),
    action: record.action,
    result,
    color,
    imageRef: attempt.imageRef,
    previousImageRef: attempt.previousImageRef,
    commit: record.commit,
    runId: record.runId,
    actor: record.actor,
    durationMs: Date.now() - record.startedAt,
    ...(record.committedAt ? { committedAt: record.committedAt } : {}),
  });
  try {
    const result = await work(attempt);
    if (attempt.state) await writeState(record.host, record.stateDir, attempt.state);
    await appendHistory(record.host, record.stateDir, entry('success', attempt.color));
    return result;
  } catch (error) {
    await appendHistory(record.host, record.stateDir, {
      ...entry('failed', ''),
      error: error instanceof Error ? error.message.slice(0, 500) : String(error),
    }).catch(() => undefined); // the host may be what failed (SSH dropped)
    throw error;
  }
}
