/** The one place a deploy attempt is recorded on its host: state on success, history either way. */
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { parseState, recordAttempt, type AttemptRecord, type HistoryEntry } from '../../src/deploy/state.js';
import { createExec } from '../../src/exec.js';
import { LocalHost } from '../../src/remote/host.js';
import type { HostFiles } from '../../src/remote/host.js';
import { RecordingHost } from '../helpers/recording-host.js';

/** Files in memory; `failAppend` makes the history unwritable (an SSH connection that dropped). */
function memoryHost(failAppend = false): { host: RecordingHost; files: Map<string, string> } {
  const host = new RecordingHost();
  if (failAppend) host.breakOn(/^append /);
  return { host, files: host.files };
}

const record = (host: HostFiles): AttemptRecord => ({
  host,
  stateDir: '/s/shop-production',
  action: 'deploy',
  runId: '42',
  commit: 'c0ffee',
  actor: 'octocat',
  startedAt: Date.now() - 5000,
});
const history = (files: Map<string, string>): HistoryEntry[] =>
  (files.get('/s/shop-production/history.jsonl') ?? '')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as HistoryEntry);

test('a success writes the state the strategy gave and a success entry with what went live', async () => {
  const { host, files } = memoryHost();
  const result = await recordAttempt(record(host), async (attempt) => {
    attempt.imageRef = 'r/shop@sha256:2';
    attempt.previousImageRef = 'r/shop@sha256:1';
    attempt.color = 'green';
    attempt.state = {
      live: 'green',
      imageRef: 'r/shop@sha256:2',
      previousImageRef: 'r/shop@sha256:1',
      commit: 'c0ffee',
      updatedAt: 'now',
    };
    return 'done';
  });
  expect(result).toBe('done');
  expect(JSON.parse(files.get('/s/shop-production/state.json') ?? '{}')).toMatchObject({ live: 'green' });
  expect(history(files)).toEqual([
    expect.objectContaining({
      action: 'deploy',
      result: 'success',
      color: 'green',
      imageRef: 'r/shop@sha256:2',
      previousImageRef: 'r/shop@sha256:1',
      commit: 'c0ffee',
      runId: '42',
      actor: 'octocat',
    }),
  ]);
  // From the attempt's start (its lock wait included), not from the strategy's.
  expect(history(files)[0]?.durationMs).toBeGreaterThanOrEqual(5000);
});

test('a failure writes no state, records what was known with the error, and re-throws it', async () => {
  const { host, files } = memoryHost();
  await expect(
    recordAttempt(record(host), async (attempt) => {
      attempt.imageRef = 'r/shop@sha256:2';
      attempt.color = 'green';
      throw new Error('shop-production-green is not healthy');
    }),
  ).rejects.toThrow('shop-production-green is not healthy');
  expect(files.has('/s/shop-production/state.json')).toBe(false);
  expect(history(files)).toEqual([
    expect.objectContaining({
      result: 'failed',
      color: '',
      imageRef: 'r/shop@sha256:2',
      error: 'shop-production-green is not healthy',
    }),
  ]);
});

test('a history that cannot be written does not hide the deploy error', async () => {
  const { host } = memoryHost(true);
  await expect(
    recordAttempt(record(host), async () => {
      throw new Error('pull failed');
    }),
  ).rejects.toThrow('pull failed');
});

describe('parseState: state.json is checked before its image references reach docker', () => {
  const FILE = '/s/shop-production/state.json';
  const D = `sha256:${'a'.repeat(64)}`;
  const FIX =
    'berth writes this file: restore it from history.jsonl beside it, or remove it and pass image to rollback';
  test('what berth writes is read back as it was', () => {
    const state = {
      live: 'green',
      strategy: 'blue-green',
      imageRef: `r/shop@${D}`,
      previousImageRef: 'r/shop:1.2',
      commit: 'c0ffee',
      updatedAt: '2026-12-03T10:00:00Z',
    };
    expect(parseState(JSON.stringify(state), FILE)).toEqual(state);
    expect(
      parseState('{"imageRef":"r/shop:1","previousImageRef":"","commit":"","updatedAt":""}', FILE),
    ).toEqual({
      imageRef: 'r/shop:1',
      previousImageRef: '',
      commit: '',
      updatedAt: '',
    });
  });
  test.each([
    [
      '{"imageRef":"r/shop:1","previousImageRef":"--privileged"}',
      `${FILE}: previousImageRef is not an image reference ("--privileged"); ${FIX}`,
    ],
    [
      '{"imageRef":"-v=/:/host","previousImageRef":""}',
      `${FILE}: imageRef is not an image reference ("-v=/:/host"); ${FIX}`,
    ],
    ['{"imageRef":"r/shop:1","live":"red"}', `${FILE}: live must be "blue" or "green"; ${FIX}`],
    [
      '{"imageRef":"r/shop:1","strategy":"canary"}',
      `${FILE}: strategy must be "blue-green" or "recreate"; ${FIX}`,
    ],
    ['{"imageRef":7}', `${FILE}: imageRef must be a string; ${FIX}`],
    ['[1]', `${FILE}: expected a JSON object; ${FIX}`],
    ['{"imageRef":', `${FILE}: not JSON; ${FIX}`],
  ])('%s is refused', (text, message) => {
    expect(() => parseState(text, FILE)).toThrow(message);
  });
});

test('LocalHost.appendFile never appends through a symlink planted at the file', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-append-'));
  try {
    const host = new LocalHost(createExec({ info: () => undefined }), tmpdir(), homedir());
    const victim = path.join(dir, 'victim');
    writeFileSync(victim, 'untouched\n');
    symlinkSync(victim, path.join(dir, 'history.jsonl'));
    await expect(host.appendFile(path.join(dir, 'history.jsonl'), 'x\n')).rejects.toThrow(
      `${path.join(dir, 'history.jsonl')} is a symlink; berth appends only to a file of its own`,
    );
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    await host.appendFile(path.join(dir, 'sub', 'own.jsonl'), 'a\n');
    await host.appendFile(path.join(dir, 'sub', 'own.jsonl'), 'b\n');
    expect(readFileSync(path.join(dir, 'sub', 'own.jsonl'), 'utf8')).toBe('a\nb\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
