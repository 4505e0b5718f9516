/**
 * What is live on the host, per app and environment: `state.json` (live colour, its image, the previous
 * image) rewritten atomically, and `history.jsonl`, append-only. No secrets are ever written here.
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode } from '../errors.js';
import type { Color } from '../docker/run-args.js';

export interface DeployState {
  live: Color;
  imageRef: string;
  previousImageRef: string;
  commit: string;
  updatedAt: string;
}

export interface HistoryEntry {
  at: string;
  action: 'deploy' | 'rollback';
  result: 'success' | 'failed';
  color: Color;
  imageRef: string;
  previousImageRef: string;
  commit: string;
  runId: string;
  actor: string;
  durationMs: number;
  error?: string;
}

export function stateDirFor(root: string, app: string, environment: string): string {
  return path.join(root, `${app}-${environment}`);
}

export async function readState(dir: string): Promise<DeployState | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8')) as DeployState;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

export async function writeState(dir: string, state: DeployState): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.state.json.${process.pid}`);
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temp, path.join(dir, 'state.json'));
}

export async function appendHistory(dir: string, entry: HistoryEntry): Promise<void> {
  await mkdir(dir, { recursive: true });
  await appendFile(path.join(dir, 'history.jsonl'), `${JSON.stringify(entry)}\n`);
}
