/**
 * The host's deploy lock for one app and environment: a directory created atomically (mkdir), with the
 * holder's run id, commit, actor and time inside. A second deploy waits up to a bound, then fails naming
 * the holder; a lock older than its bound (a killed run) is broken with a warning. The clock and the
 * sleep are parameters so tests never wait.
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, errnoCode } from '../errors.js';

export interface LockOwner {
  runId: string;
  commit: string;
  actor: string;
  /** ISO time the lock was taken. */
  since: string;
}

export interface LockOptions {
  dir: string;
  owner: Omit<LockOwner, 'since'>;
  /** How long to wait for another deploy to finish. */
  waitMs: number;
  /** A lock older than this is a leftover of a killed run and is broken. */
  staleMs: number;
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  warn: (message: string) => void;
  info: (message: string) => void;
}

export async function acquireDeployLock(options: LockOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = now();
  let announced = false;
  await mkdir(path.dirname(options.dir), { recursive: true });
  for (;;) {
    try {
      await mkdir(options.dir);
      const owner: LockOwner = { ...options.owner, since: new Date(now()).toISOString() };
      await writeFile(path.join(options.dir, 'owner.json'), JSON.stringify(owner));
      return;
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
    }
    const holder = await readOwner(options.dir);
    const age = now() - holder.takenAt;
    if (age > options.staleMs) {
      options.warn(
        `Breaking a stale deploy lock (${describeOwner(holder.owner)}, ${Math.round(age / 1000)} s old): its run must have been killed.`,
      );
      await rm(options.dir, { recursive: true, force: true });
      continue;
    }
    if (now() - started >= options.waitMs) {
      throw new ConfigurationError(
        `lock-timeout: another deploy holds the lock of this app and environment (${describeOwner(holder.owner)}); waited ${Math.round((now() - started) / 1000)} s. Re-run when it is done, or raise lock-timeout.`,
      );
    }
    if (!announced) {
      options.info(`Waiting for the deploy lock held by ${describeOwner(holder.owner)}…`);
      announced = true;
    }
    await sleep(options.pollMs ?? 1000);
  }
}

/** Releases the lock if this run holds it (the post step calls it too, after a cancel). */
export async function releaseDeployLock(dir: string, runId: string): Promise<boolean> {
  const holder = await readOwner(dir);
  if (holder.owner?.runId !== runId) return false;
  await rm(dir, { recursive: true, force: true });
  return true;
}

async function readOwner(dir: string): Promise<{ owner: LockOwner | undefined; takenAt: number }> {
  try {
    const owner = JSON.parse(await readFile(path.join(dir, 'owner.json'), 'utf8')) as LockOwner;
    return { owner, takenAt: Date.parse(owner.since) };
  } catch {
    // Created but not yet written (or gone): age it by the directory.
    try {
      return { owner: undefined, takenAt: (await stat(dir)).mtimeMs };
    } catch {
      return { owner: undefined, takenAt: Date.now() };
    }
  }
}

function describeOwner(owner: LockOwner | undefined): string {
  if (!owner) return 'an unknown run';
  return `run ${owner.runId} by ${owner.actor || 'unknown'} for commit ${owner.commit.slice(0, 7)}, since ${owner.since}`;
}
