/**
 * What is live on a host and what was deployed there, read from the host's own records (state.ts):
 * `state.json` says the live colour and image, `history.jsonl` the attempts. Read-only: `status` changes
 * nothing. A history line that is not berth's shape (a hand edit, a torn write) is skipped and counted,
 * never fatal: the rest of the history still tells what happened.
 */
import path from 'node:path';
import type { Color } from '../docker/run-args.js';
import type { HostFiles } from '../remote/host.js';
import { readState, type DeployState, type HistoryEntry } from './state.js';

export interface LiveVersion {
  /** `blue-green` or `recreate` from `state.json`; '' when only the history tells (a static release). */
  strategy: DeployState['strategy'] | '';
  color: Color | '';
  /** The image (or, for a static release, its directory) live now. */
  imageRef: string;
  commit: string;
  /** When it went live (ISO 8601). */
  since: string;
  /** The live container as Docker sees it (`running`, `exited (code 1)`, `missing`); null when there is none to ask. */
  container: string | null;
}

export interface HostStatus {
  host: string;
  stateDir: string;
  /** null: nothing of this app and environment is live on the host. */
  live: LiveVersion | null;
  /** The last deploys, newest first. */
  history: HistoryEntry[];
  /** How many deploys the history holds in all. */
  deploys: number;
  /** History lines that were not berth's shape, skipped. */
  skippedLines: number;
}

export interface EnvironmentStatus {
  app: string;
  environment: string;
  hosts: HostStatus[];
}

const ACTIONS = new Set(['deploy', 'rollback']);
const RESULTS = new Set(['success', 'failed']);

/** One history line → its entry, or undefined when it is not berth's shape. Pure. */
export function parseHistoryLine(line: string): HistoryEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.at !== 'string' || Number.isNaN(Date.parse(o.at))) return undefined;
  if (typeof o.action !== 'string' || !ACTIONS.has(o.action)) return undefined;
  if (typeof o.result !== 'string' || !RESULTS.has(o.result)) return undefined;
  const text = (key: string): string => (typeof o[key] === 'string' ? (o[key] as string) : '');
  const color = text('color');
  const durationMs = typeof o.durationMs === 'number' && Number.isFinite(o.durationMs) ? o.durationMs : 0;
  return {
    at: o.at,
    action: o.action as HistoryEntry['action'],
    result: o.result as HistoryEntry['result'],
    color: color === 'blue' || color === 'green' ? color : '',
    imageRef: text('imageRef'),
    previousImageRef: text('previousImageRef'),
    commit: text('commit'),
    runId: text('runId'),
    actor: text('actor'),
    durationMs: Math.max(0, durationMs),
    ...(typeof o.committedAt === 'string' && !Number.isNaN(Date.parse(o.committedAt))
      ? { committedAt: o.committedAt }
      : {}),
    ...(typeof o.error === 'string' ? { error: o.error } : {}),
  };
}

/** `history.jsonl`'s text → the last `count` entries newest first, how many in all, lines skipped. Pure. */
export function parseHistory(
  text: string,
  count: number,
): { history: HistoryEntry[]; deploys: number; skippedLines: number; lastSuccess?: HistoryEntry } {
  const entries: HistoryEntry[] = [];
  let skippedLines = 0;
  let lastSuccess: HistoryEntry | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = parseHistoryLine(line);
    if (entry === undefined) skippedLines++;
    else {
      entries.push(entry);
      if (entry.result === 'success') lastSuccess = entry;
    }
  }
  return {
    history: entries.slice(Math.max(0, entries.length - count)).reverse(),
    deploys: entries.length,
    skippedLines,
    ...(lastSuccess === undefined ? {} : { lastSuccess }),
  };
}

/**
 * What is live, from the records: `state.json` when the strategy keeps one (containers), else the last
 * successful attempt of the history (a static release, whose `imageRef` is its directory). Pure.
 */
export function liveFromRecords(
  state: DeployState | undefined,
  lastSuccess: HistoryEntry | undefined,
): Omit<LiveVersion, 'container'> | null {
  if (state !== undefined && state.imageRef !== '') {
    return {
      strategy: state.strategy ?? (state.live === undefined ? 'recreate' : 'blue-green'),
      color: state.live ?? '',
      imageRef: state.imageRef,
      commit: state.commit,
      since: state.updatedAt,
    };
  }
  const last = lastSuccess;
  if (last === undefined) return null;
  return { strategy: '', color: last.color, imageRef: last.imageRef, commit: last.commit, since: last.at };
}

/** The history file beside `state.json`. */
export function historyFile(stateDir: string): string {
  return path.posix.join(stateDir, 'history.jsonl');
}

/**
 * A host's records of one app and environment, read once: `state.json`, the history's last `count`
 * entries newest first, and what is live. What `status` shows and the deploy metrics are made of.
 */
export async function readRecords(
  host: HostFiles,
  stateDir: string,
  count: number,
): Promise<ReturnType<typeof parseHistory> & { live: Omit<LiveVersion, 'container'> | null }> {
  const state = await readState(host, stateDir);
  const read = parseHistory((await host.readFile(historyFile(stateDir))) ?? '', count);
  return { ...read, live: liveFromRecords(state, read.lastSuccess) };
}
