import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { acquireDeployLock, releaseDeployLock, underDeployLock } from '../../src/deploy/lock.js';
import { LocalHost } from '../../src/remote/host.js';
import { RecordingHost } from '../helpers/recording-host.js';
import { fakeRuntime } from '../helpers/static-runtime.js';

const host = new LocalHost(() => Promise.reject(new Error('the lock runs no commands')), tmpdir(), tmpdir());

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
      host,
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
      runner: hostname(),
      pid: process.pid,
    });
    expect(await releaseDeployLock(host, lock, '2')).toBe(false);
    expect(existsSync(lock)).toBe(true);
    expect(await releaseDeployLock(host, lock, '1')).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });

  test('a second deploy waits up to the bound, then fails naming the holder', async () => {
    const lock = dir();
    const c = clock();
    const infos: string[] = [];
    await acquireDeployLock({
      host,
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
        host,
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
    // A line every 5 s while it waits (issue 20), naming the holder, the time waited and the bound.
    const holder = 'held by run 1 by alice for commit abcdef1, since 2026-11-22T10:00:00.000Z';
    expect(infos).toEqual(
      [0, 5, 10, 15, 20, 25, 30].map((s) => `waiting for the deploy lock: ${holder}, ${s} s of 30 s`),
    );
  });

  test('the second deploy gets the lock once the first releases it', async () => {
    const lock = dir();
    const c = clock();
    await acquireDeployLock({
      host,
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
      host,
      dir: lock,
      owner: { runId: '2', commit: 'b', actor: 'b' },
      waitMs: 60_000,
      staleMs: 600_000,
      now: c.now,
      sleep: async (ms) => {
        slept += ms;
        await c.sleep(ms);
        if (slept === 3000) await releaseDeployLock(host, lock, '1');
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
      host,
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
      host,
      dir: lock,
      owner: { runId: '2', commit: 'b', actor: 'b' },
      waitMs: 0,
      staleMs: 60_000,
      ...c,
      warn: (m) => warnings.push(m),
      info: () => {},
    });
    expect(warnings).toEqual([
      'Breaking a stale deploy lock (run 1 by killed for commit a, since 2026-11-22T10:00:00.000Z; 61 s old: its run must have been killed).',
    ]);
  });

  test.each([
    ['gone', false, true],
    ['still running', true, false],
  ])('a young lock whose process on this runner is %s: broken at once = %s', async (_what, alive, broken) => {
    const lock = dir();
    const c = clock();
    mkdirSync(lock, { recursive: true });
    writeFileSync(
      path.join(lock, 'owner.json'),
      JSON.stringify({
        runId: '7',
        commit: 'deadbeef00',
        actor: 'carol',
        since: new Date(c.now()).toISOString(),
        runner: hostname(),
        pid: 999_999,
      }),
    );
    const warnings: string[] = [];
    const taking = acquireDeployLock({
      host,
      dir: lock,
      owner: { runId: '8', commit: 'b', actor: 'b' },
      waitMs: 5000,
      staleMs: 600_000,
      ...c,
      processAlive: (pid) => (pid === 999_999 ? alive : true),
      warn: (m) => warnings.push(m),
      info: () => {},
    });
    if (broken) {
      await taking;
      expect(warnings).toEqual([
        'Breaking a stale deploy lock (run 7 by carol for commit deadbee, since 2026-11-22T10:00:00.000Z; its process 999999 on this runner is gone).',
      ]);
    } else {
      await expect(taking).rejects.toThrow(/^lock-timeout: another deploy holds the lock .*run 7 by carol/);
      expect(warnings).toEqual([]);
    }
  });

  test("a lock taken on another runner is not judged by this runner's processes", async () => {
    const lock = dir();
    const c = clock();
    mkdirSync(lock, { recursive: true });
    writeFileSync(
      path.join(lock, 'owner.json'),
      JSON.stringify({
        runId: '9',
        commit: 'a',
        actor: 'dan',
        since: new Date(c.now()).toISOString(),
        runner: 'another-runner',
        pid: 999_999,
      }),
    );
    await expect(
      acquireDeployLock({
        host,
        dir: lock,
        owner: { runId: '10', commit: 'b', actor: 'b' },
        waitMs: 2000,
        staleMs: 600_000,
        ...c,
        processAlive: () => false,
        warn: () => {},
        info: () => {},
      }),
    ).rejects.toThrow(/^lock-timeout: .*run 9 by dan/);
  });

  test('a lock exactly as old as its bound is not broken yet', async () => {
    const lock = dir();
    const c = clock();
    const take = (runId: string, warn: (m: string) => void) =>
      acquireDeployLock({
        host,
        dir: lock,
        owner: { runId, commit: 'a', actor: 'a' },
        waitMs: 0,
        staleMs: 60_000,
        ...c,
        warn,
        info: () => {},
      });
    await take('1', () => {});
    await c.sleep(60_000);
    const warnings: string[] = [];
    await expect(take('2', (m) => warnings.push(m))).rejects.toThrow(/^lock-timeout: /);
    expect(warnings).toEqual([]);
  });
});

describe('underDeployLock', () => {
  const LOCK = '/home/deploy/.berth/shop-production/lock';
  /** A host holding another runner's lock taken `ageS` seconds ago. */
  function heldFor(ageS: number): RecordingHost {
    const h = new RecordingHost();
    h.dirs.add(LOCK);
    h.files.set(
      `${LOCK}/owner.json`,
      JSON.stringify({
        runId: '9',
        commit: 'abcdef1234',
        actor: 'dan',
        since: new Date(Date.now() - ageS * 1000).toISOString(),
        runner: 'another-runner',
        pid: 1,
      }),
    );
    return h;
  }
  const under = (h: RecordingHost, logs: string[]) => {
    const { runtime } = fakeRuntime({ command: 'deploy' }, tmpdir());
    runtime.warning = (m) => void logs.push(m);
    return underDeployLock(
      { host: h, dir: LOCK, runId: '10', commit: 'b', actor: 'b', timeoutSeconds: 0 },
      runtime,
      (_name, fn) => fn(),
      async () => 'deployed',
    );
  };

  test('a lock is stale after twice lock-timeout, and never before 2 min: a 90 s old one is waited for', async () => {
    const logs: string[] = [];
    await expect(under(heldFor(90), logs)).rejects.toThrow(/^lock-timeout: .*run 9 by dan/);
    expect(logs).toEqual([]);
  });

  test('a lock older than that is broken, the work runs under a new one, and it is released after', async () => {
    const logs: string[] = [];
    const h = heldFor(130);
    await expect(under(h, logs)).resolves.toBe('deployed');
    expect(logs).toEqual([
      expect.stringMatching(/^Breaking a stale deploy lock \(run 9 by dan .*; 13\d s old/),
    ]);
    expect(h.calls.filter((c) => c.includes(LOCK))).toEqual([
      `mkdir ${LOCK}`,
      `read ${LOCK}/owner.json`,
      `remove ${LOCK}`,
      `mkdir ${LOCK}`,
      `write ${LOCK}/owner.json`,
      `read ${LOCK}/owner.json`,
      `remove ${LOCK}`,
    ]);
    expect(h.dirs.has(LOCK)).toBe(false);
  });
});
