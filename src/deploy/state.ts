/**
 * What is live on the host, per app and environment: `state.json` (live colour, its image, the previous
 * image) rewritten atomically, and `history.jsonl`, append-only. No secrets are ever written here.
 */
import path from 'node:path';
import type { Color } from '../docker/run-args.js';
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
  error?: string;
}

/** Paths are the host's (a server over SSH is POSIX), so joined the POSIX way. */
export function stateDirFor(root: string, app: string, environment: string): string {
  return path.posix.join(root, `${app}-${environment}`);
}

export async function readState(host: HostFiles, dir: string): Promise<DeployState | undefined> {
  const text = await host.readFile(path.posix.join(dir, 'state.json'));
  return text === undefined ? undefined : (JSON.parse(text) as DeployState);
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
