/** What `status` reads back from a host's records: each history line checked, what is live. Pure. */
import { describe, expect, test } from '@jest/globals';
import type { DeployState, HistoryEntry } from '../../src/deploy/state.js';
import { liveFromRecords, parseHistory, parseHistoryLine } from '../../src/deploy/status.js';

const entry = (over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  at: '2026-12-04T20:01:00.000Z',
  action: 'deploy',
  result: 'success',
  color: 'green',
  imageRef: 'ghcr.io/acme/shop@sha256:' + 'a'.repeat(64),
  previousImageRef: '',
  commit: 'c'.repeat(40),
  runId: '77',
  actor: 'alice',
  durationMs: 4200,
  ...over,
});
const line = (o: unknown): string => JSON.stringify(o);

describe('parseHistoryLine', () => {
  test.each<[string, string, HistoryEntry | undefined]>([
    ['an entry berth wrote', line(entry()), entry()],
    [
      'a failure keeps its error',
      line(entry({ result: 'failed', color: '', error: 'not healthy' })),
      entry({ result: 'failed', color: '', error: 'not healthy' }),
    ],
    ['not JSON (a torn write)', '{"at":"2026-12-04T20:01:00.000Z","act', undefined],
    ['an array', '[1,2]', undefined],
    ['null', 'null', undefined],
    ['no time', line({ ...entry(), at: undefined }), undefined],
    ['a time that is no date', line({ ...entry(), at: 'yesterday' }), undefined],
    ['an action berth never writes', line({ ...entry(), action: 'promote' }), undefined],
    ['a result berth never writes', line({ ...entry(), result: 'ok' }), undefined],
    [
      'fields of the wrong type read as empty, a colour not ours as none',
      line({ ...entry(), color: 'red', imageRef: 42, actor: null, durationMs: 'long' }),
      entry({ color: '', imageRef: '', actor: '', durationMs: 0 }),
    ],
    ['a negative duration reads as 0', line({ ...entry(), durationMs: -5 }), entry({ durationMs: 0 })],
  ])('%s', (_name, text, expected) => expect(parseHistoryLine(text)).toEqual(expected));
});

describe('parseHistory', () => {
  const three = [
    entry({ at: '2026-12-01T10:00:00.000Z', runId: '1' }),
    entry({ at: '2026-12-02T10:00:00.000Z', runId: '2', action: 'rollback' }),
    entry({ at: '2026-12-03T10:00:00.000Z', runId: '3', result: 'failed', color: '' }),
  ];
  const text = three.map(line).join('\n') + '\n';

  test('newest first, the last `count` only, with the count of all', () => {
    const read = parseHistory(text, 2);
    expect(read.history.map((e) => e.runId)).toEqual(['3', '2']);
    expect(read.deploys).toBe(3);
    expect(read.skippedLines).toBe(0);
  });

  test('the last success is found even when it is older than what is shown', () => {
    expect(parseHistory(text, 1)).toMatchObject({ history: [{ runId: '3' }], lastSuccess: { runId: '2' } });
    expect(parseHistory(text, 0)).toMatchObject({ history: [], deploys: 3, lastSuccess: { runId: '2' } });
  });

  test('blank lines are nothing; lines not berth’s are skipped and counted, the rest still read', () => {
    const read = parseHistory(`\n${line(three[0])}\n\ngarbage\n{"at":1}\n${line(three[1])}\n`, 10);
    expect(read.history.map((e) => e.runId)).toEqual(['2', '1']);
    expect(read.skippedLines).toBe(2);
  });

  test('an empty or missing history', () =>
    expect(parseHistory('', 10)).toEqual({ history: [], deploys: 0, skippedLines: 0 }));
});

describe('liveFromRecords', () => {
  const state = (over: Partial<DeployState> = {}): DeployState => ({
    live: 'blue',
    strategy: 'blue-green',
    imageRef: 'shop@sha256:' + 'b'.repeat(64),
    previousImageRef: '',
    commit: 'd'.repeat(40),
    updatedAt: '2026-12-04T19:00:00.000Z',
    ...over,
  });
  test.each<[string, DeployState | undefined, HistoryEntry | undefined, unknown]>([
    [
      'state.json says it (blue-green)',
      state(),
      entry(),
      {
        strategy: 'blue-green',
        color: 'blue',
        imageRef: state().imageRef,
        commit: state().commit,
        since: state().updatedAt,
      },
    ],
    [
      'an older state.json without strategy and colour is recreate',
      state({ live: undefined, strategy: undefined }),
      undefined,
      { strategy: 'recreate', color: '' },
    ],
    [
      'without state.json, the last success (a static release)',
      undefined,
      entry({ color: '', imageRef: '/srv/www/shop/releases/20261204T200100Z' }),
      {
        strategy: '',
        color: '',
        imageRef: '/srv/www/shop/releases/20261204T200100Z',
        since: '2026-12-04T20:01:00.000Z',
      },
    ],
    ['nothing ever succeeded', undefined, undefined, null],
    ['a state.json with no image (never went live) is not live', state({ imageRef: '' }), undefined, null],
  ])('%s', (_name, s, last, expected) => {
    const live = liveFromRecords(s, last);
    if (expected === null) expect(live).toBeNull();
    else expect(live).toMatchObject(expected as object);
  });
});
