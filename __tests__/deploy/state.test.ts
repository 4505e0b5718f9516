/** The one place a deploy attempt is recorded on its host: state on success, history either way. */
import { expect, test } from '@jest/globals';
import { recordAttempt, type AttemptRecord, type HistoryEntry } from '../../src/deploy/state.js';
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
