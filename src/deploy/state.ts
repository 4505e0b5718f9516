/**
 * What is live on the host, per app and environment: `state.json` (live colour, its image, the previous
 * image) rewritten atomically, and `history.jsonl`, append-only. No secrets are ever written here.
 */
import path from 'node:path';
import type { Color } from '../docker/run-args.js';
import type { Host } from '../remote/host.js';

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

export async function readState(host: Host, dir: string): Promise<DeployState | undefined> {
  const text = await host.readFile(path.posix.join(dir, 'state.json'));
  return text === undefined ? undefined : (JSON.parse(text) as DeployState);
}

export async function writeState(host: Host, dir: string, state: DeployState): Promise<void> {
  await host.writeFile(path.posix.join(dir, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
}

export async function appendHistory(host: Host, dir: string, entry: HistoryEntry): Promise<void> {
  await host.appendFile(path.posix.join(dir, 'history.jsonl'), `${JSON.stringify(entry)}\n`);
}
