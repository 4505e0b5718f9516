import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { acquireDeployLock, releaseDeployLock } from '../../src/deploy/lock.js';

/** A clock that only moves when the lock sleeps. */
function clock(start = Date.parse('2026-11-22T10:00:00Z')) {
  let now = start;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

const dir = () => path.join(mkdtempSync(path.join(tmpdir(), 'berth-lock-')), 'shop-production', 'lock');

describe('deploy lock', () => {
  test('taken atomically with its owner; released only by its owner', async () => {
    const lock = dir();
    const c = clock();
    await acquireDeployLock({
      dir: lock,
      owner: { runId: '1', commit: 'abcdef1234', actor: 'alice' },
      waitMs: 0,
      staleMs: 60_000,
      ...c,
      warn: () => {},
      info: () => {},
    });
    expect(JSON.parse(readFileSync(path.join(lock, 'owner.json'), 'utf8'))).toEqual({
      runId: '1',
      commit: 'abcdef1234',
      actor: 'alice',
      since: '2026-11-22T10:00:00.000Z',
    });
    expect(await releaseDeployLock(lock, '2')).toBe(false);
    expect(existsSync(lock)).toBe(true);
    expect(await releaseDeployLock(lock, '1')).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });

  test('a second deploy waits up to the bound, then fails naming the holder', async () => {
    const lock = dir();
    const c = clock();
    const infos: string[] = [];
    await acquireDeployLock({
      dir: lock,
      owner: { runId: '1', commit: 'abcdef1234', actor: 'alice' },
      waitMs: 0,
      staleMs: 600_000,
      ...c,
      warn: () => {},
      info: () => {},
    });
    await expect(
      acquireDeployLock({
        dir: lock,
        owner: { runId: '2', commit: 'ffff', actor: 'bob' },
        waitMs: 30_000,
        staleMs: 600_000,
        pollMs: 1000,
        ...c,
        warn: () => {},
        info: (m) => infos.push(m),
      }),
    ).rejects.toThrow(
      'lock-timeout: another deploy holds the lock of this app and environment (run 1 by alice for commit abcdef1, since 2026-11-22T10:00:00.000Z); waited 30 s. Re-run when it is done, or raise lock-timeout.',
    );
    expect(infos).toEqual([
      'Waiting for the deploy lock held by run 1 by alice for commit abcdef1, since 2026-11-22T10:00:00.000Z…',
    ]);
  });

  test('the second deploy gets the lock once the first releases it', async () => {
    const lock = dir();
    const c = clock();
    await acquireDeployLock({
      dir: lock,
      owner: { runId: '1', commit: 'a', actor: 'a' },
      waitMs: 0,
      staleMs: 600_000,
      ...c,
      warn: () => {},
      info: () => {},
    });
    let slept = 0;
    await acquireDeployLock({
      dir: lock,
      owner: { runId: '2', commit: 'b', actor: 'b' },
      waitMs: 60_000,
      staleMs: 600_000,
      now: c.now,
      sleep: async (ms) => {
        slept += ms;
        await c.sleep(ms);
        if (slept === 3000) await releaseDeployLock(lock, '1');
      },
      warn: () => {},
      info: () => {},
    });
    expect(JSON.parse(readFileSync(path.join(lock, 'owner.json'), 'utf8')).runId).toBe('2');
  });

  test('a lock older than its bound is broken with a warning', async () => {
    const lock = dir();
    const c = clock();
    await acquireDeployLock({
      dir: lock,
      owner: { runId: '1', commit: 'a', actor: 'killed' },
      waitMs: 0,
      staleMs: 60_000,
      ...c,
      warn: () => {},
      info: () => {},
    });
    await c.sleep(61_000);
    const warnings: string[] = [];
    await acquireDeployLock({
      dir: lock,
      owner: { runId: '2', commit: 'b', actor: 'b' },
      waitMs: 0,
      staleMs: 60_000,
      ...c,
      warn: (m) => warnings.push(m),
      info: () => {},
    });
    expect(warnings).toEqual([
      'Breaking a stale deploy lock (run 1 by killed for commit a, since 2026-11-22T10:00:00.000Z, 61 s old): its run must have been killed.',
    ]);
  });
});
