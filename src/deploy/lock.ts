/**
 * The host's deploy lock for one app and environment: a directory created atomically (mkdir), with the
 * holder's run id, commit, actor and time inside. A second deploy waits up to a bound, then fails naming
 * the holder; a lock older than its bound (a killed run) is broken with a warning, at once when its
 * holder was a process on this same runner that no longer exists. The clock and the sleep are
 * parameters so tests never wait.
 */
import { homedir, hostname } from 'node:os';
import { ConfigurationError } from '../errors.js';
import { createExec } from '../exec.js';
import type { Inputs } from '../inputs.js';
import { LocalHost, type CommandHost, type Host, type HostFiles } from '../remote/host.js';
import { recordedSshTarget } from '../remote/ssh-targets.js';
import { SshHost } from '../remote/ssh.js';
import { startProgress } from '../progress.js';
import { sleep } from '../retry.js';
import { readPostState, savePostState } from '../runtime/post-state.js';
import type { Runtime } from '../runtime/runtime.js';

export interface LockOwner {
  runId: string;
  commit: string;
  actor: string;
  /** ISO time the lock was taken. */
  since: string;
  /** The runner machine and process that took it (a killed process cannot release it). */
  runner?: string;
  pid?: number;
}

export interface LockOptions {
  host: HostFiles;
  dir: string;
  owner: Omit<LockOwner, 'since' | 'runner' | 'pid'>;
  /** How long to wait for another deploy to finish. */
  waitMs: number;
  /** A lock older than this is a leftover of a killed run and is broken. */
  staleMs: number;
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Whether a process of this runner exists (a parameter for tests). */
  processAlive?: (pid: number) => boolean;
  warn: (message: string) => void;
  info: (message: string) => void;
}

export async function acquireDeployLock(options: LockOptions): Promise<void> {
  const { host } = options;
  const now = options.now ?? Date.now;
  const pause = options.sleep ?? sleep;
  const alive = options.processAlive ?? processExists;
  const started = now();
  let announced = false;
  const progress = startProgress({
    what: 'the deploy lock',
    limitMs: options.waitMs,
    now,
    say: (line) => options.info(line),
  });
  for (;;) {
    if (await host.makeDirExclusive(options.dir)) {
      const owner: LockOwner = {
        ...options.owner,
        since: new Date(now()).toISOString(),
        runner: hostname(),
        pid: process.pid,
      };
      await host.writeFile(`${options.dir}/owner.json`, JSON.stringify(owner));
      if (announced) progress.end('taken');
      return;
    }
    const holder = await readOwner(host, options.dir, now);
    const age = now() - holder.takenAt;
    const gone =
      holder.owner?.runner === hostname() &&
      holder.owner.pid !== undefined &&
      holder.owner.pid !== process.pid &&
      !alive(holder.owner.pid);
    if (age > options.staleMs || gone) {
      const why = gone
        ? `its process ${holder.owner?.pid} on this runner is gone`
        : `${Math.round(age / 1000)} s old: its run must have been killed`;
      options.warn(`Breaking a stale deploy lock (${describeOwner(holder.owner)}; ${why}).`);
      await host.remove(options.dir);
      continue;
    }
    if (now() - started >= options.waitMs) {
      throw new ConfigurationError(
        `lock-timeout: another deploy holds the lock of this app and environment (${describeOwner(holder.owner)}); waited ${Math.round((now() - started) / 1000)} s. Re-run when it is done, or raise lock-timeout.`,
      );
    }
    announced = true;
    progress.update(`held by ${describeOwner(holder.owner)}`);
    await progress.sleep(options.pollMs ?? 1000, pause);
  }
}

/** Releases the lock if this run holds it (the post step calls it too, after a cancel). */
export async function releaseDeployLock(host: HostFiles, dir: string, runId: string): Promise<boolean> {
  const holder = await readOwner(host, dir, Date.now);
  if (holder.owner?.runId !== runId) return false;
  await host.remove(dir);
  return true;
}

async function readOwner(
  host: HostFiles,
  dir: string,
  now: () => number,
): Promise<{ owner: LockOwner | undefined; takenAt: number }> {
  const text = await host.readFile(`${dir}/owner.json`);
  try {
    if (text !== undefined) {
      const owner = JSON.parse(text) as LockOwner;
      return { owner, takenAt: Date.parse(owner.since) };
    }
  } catch {
    // half written: treated as just taken
  }
  // Created but not yet written (or gone): young, so the next look decides.
  return { owner: undefined, takenAt: now() };
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !(error instanceof Error && 'code' in error && error.code === 'ESRCH');
  }
}

function describeOwner(owner: LockOwner | undefined): string {
  if (!owner) return 'an unknown run';
  return `run ${owner.runId} by ${owner.actor || 'unknown'} for commit ${owner.commit.slice(0, 7)}, since ${owner.since}`;
}

/**
 * Runs `work` holding the deploy lock of one app and environment on `host`: taken as the `lock` step
 * (recorded for the post step, which releases it after a cancel), released afterwards whatever happens.
 */
export async function underDeployLock<T>(
  lock: {
    host: CommandHost & HostFiles;
    dir: string;
    runId: string;
    commit: string;
    actor: string;
    timeoutSeconds: number;
  },
  runtime: Runtime,
  step: <S>(name: string, fn: () => Promise<S>) => Promise<S>,
  work: () => Promise<T>,
): Promise<T> {
  const { host, dir, runId } = lock;
  await step('lock', () =>
    acquireDeployLock({
      host,
      dir,
      owner: { runId, commit: lock.commit, actor: lock.actor },
      waitMs: lock.timeoutSeconds * 1000,
      staleMs: Math.max(lock.timeoutSeconds, 60) * 1000 * 2,
      warn: (m) => runtime.warning(m),
      info: (m) => runtime.info(m),
    }),
  );
  savePostState(runtime, 'deploy-lock', { host: host.remote ? host.label : '', dir, runId });
  try {
    return await work();
  } finally {
    await releaseDeployLock(host, dir, runId).catch((e: unknown) =>
      runtime.warning(
        `could not release the deploy lock on ${host.label} (${e instanceof Error ? e.message : String(e)}); the post step tries again`,
      ),
    );
  }
}

/** The post step's part: release the lock if this run still holds it (cancelled or failed run). */
export async function releaseLockAfterRun(inputs: Inputs | undefined, runtime: Runtime): Promise<void> {
  const lock = readPostState(runtime, 'deploy-lock');
  if (lock === undefined) return;
  const exec = createExec(runtime);
  let host: Host;
  if (!lock.host) host = new LocalHost(exec, runtime.tempDir, homedir());
  else {
    const target = recordedSshTarget(inputs, lock.host);
    if (!target) return;
    host = await SshHost.open(exec, runtime, target);
  }
  try {
    if (await releaseDeployLock(host, lock.dir, lock.runId))
      runtime.info(`released the deploy lock ${lock.dir} on ${host.label}`);
  } finally {
    await host.close();
  }
}
