/** `status` rendered: the log's table, the summary, the JSON output. Pure. */
import { describe, expect, test } from '@jest/globals';
import type { EnvironmentStatus, HostStatus } from '../../src/deploy/status.js';
import type { HistoryEntry } from '../../src/deploy/state.js';
import {
  commonImage,
  renderStatusSummary,
  renderStatusText,
  shortCommit,
  shortRef,
  statusJson,
  took,
  when,
} from '../../src/report/status-summary.js';
import { describeContainer } from '../../src/commands/status.js';

const DIGEST = 'sha256:' + '0123456789ab' + 'f'.repeat(52);
const V2 = `ghcr.io/acme/shop@${DIGEST}`;
const V1 = `ghcr.io/acme/shop@sha256:${'1'.repeat(64)}`;
const entry = (over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  at: '2026-12-04T20:01:09.000Z',
  action: 'deploy',
  result: 'success',
  color: 'green',
  imageRef: V2,
  previousImageRef: V1,
  commit: '89abcdef'.repeat(5),
  runId: '77',
  actor: 'alice',
  durationMs: 42_400,
  ...over,
});
const host = (over: Partial<HostStatus> = {}): HostStatus => ({
  host: 'deploy@10.0.0.2',
  stateDir: '.berth/shop-production',
  live: {
    strategy: 'blue-green',
    color: 'green',
    imageRef: V2,
    commit: '89abcdef'.repeat(5),
    since: '2026-12-04T20:01:09.000Z',
    container: 'running',
  },
  history: [
    entry(),
    entry({
      at: '2026-12-04T19:40:00.000Z',
      result: 'failed',
      color: '',
      imageRef: `ghcr.io/acme/shop@sha256:${'3'.repeat(64)}`,
      actor: 'bob',
      durationMs: 65_000,
      error: 'shop-production-green is not healthy: HTTP 503. The live colour keeps serving.',
    }),
  ],
  deploys: 7,
  skippedLines: 0,
  ...over,
});
const env = (hosts: HostStatus[]): EnvironmentStatus => ({ app: 'shop', environment: 'production', hosts });

describe('the short forms', () => {
  test.each([
    [V2, 'ghcr.io/acme/shop@sha256:0123456789ab'],
    ['shop:1.2', 'shop:1.2'],
    ['/srv/www/shop/releases/20261204T200100Z', '/srv/www/shop/releases/20261204T200100Z'],
    ['', ''],
  ])('shortRef(%s) = %s', (ref, short) => expect(shortRef(ref)).toBe(short));
  test.each([
    ['89abcdef'.repeat(5), '89abcde'],
    ['local', 'local'],
    ['', ''],
  ])('shortCommit(%s) = %s', (c, short) => expect(shortCommit(c)).toBe(short));
  test.each([
    ['2026-12-04T20:01:09.000Z', '2026-12-04 20:01 UTC'],
    ['2026-12-04T21:01:09+01:00', '2026-12-04 20:01 UTC'],
    ['not a date', 'not a date'],
  ])('when(%s) = %s', (iso, text) => expect(when(iso)).toBe(text));
  test.each([
    [0, '0 s'],
    [42_400, '42 s'],
    [60_000, '1 min'],
    [185_000, '3 min 5 s'],
    [3_600_000, '1 h'],
    [7_260_000, '2 h 1 min'],
  ])('took(%i) = %s', (ms, text) => expect(took(ms)).toBe(text));
});

describe('describeContainer', () => {
  const state = { status: 'running', exitCode: 0, restartCount: 0, health: 'none', imageRef: V2 };
  test.each([
    ['running the recorded image', state, 'running'],
    ['with a HEALTHCHECK', { ...state, health: 'healthy' }, 'running, healthy'],
    ['exited', { ...state, status: 'exited', exitCode: 137 }, 'exited (code 137)'],
    ['restarting', { ...state, status: 'restarting', exitCode: 1 }, 'restarting (exit code 1)'],
    ['another image than the record', { ...state, imageRef: V1 }, `running, but runs ${V1}`],
    ['an image without berth’s label', { ...state, imageRef: '' }, 'running'],
    ['paused', { ...state, status: 'paused' }, 'paused'],
  ])('%s', (_name, s, text) => expect(describeContainer(s, V2)).toBe(text));
});

describe('renderStatusText', () => {
  test('what is live, then the last deploys as an aligned table', () => {
    expect(renderStatusText(env([host()]))).toBe(
      [
        'shop-production on deploy@10.0.0.2 (.berth/shop-production)',
        '  live: green, ghcr.io/acme/shop@sha256:0123456789ab, commit 89abcde, since 2026-12-04 20:01 UTC, container running',
        '  last 2 of 7 deploys:',
        '    When                  Action  Result                                                  Colour  Version                                Commit   By     Took',
        '    2026-12-04 20:01 UTC  deploy  success                                                 green   ghcr.io/acme/shop@sha256:0123456789ab  89abcde  alice  42 s',
        '    2026-12-04 19:40 UTC  deploy  failed: shop-production-green is not healthy: HTTP 503          ghcr.io/acme/shop@sha256:333333333333  89abcde  bob    1 min 5 s',
      ].join('\n'),
    );
  });

  test('nothing deployed: says so', () => {
    expect(renderStatusText(env([host({ live: null, history: [], deploys: 0 })]))).toBe(
      [
        'shop-production on deploy@10.0.0.2 (.berth/shop-production)',
        '  live: nothing live',
        '  no deploys recorded',
      ].join('\n'),
    );
  });

  test('a line break planted in the history cannot start a workflow command in the log', () => {
    const planted = host({
      history: [entry({ actor: 'x\n::error::owned', error: 'a\r\n::add-mask::y' })],
      skippedLines: 2,
    });
    const text = renderStatusText(env([planted]));
    expect(text.split('\n').filter((l) => l.startsWith('::'))).toEqual([]);
    expect(text).toContain("2 lines of history.jsonl not berth's form, skipped");
  });
});

describe('renderStatusSummary', () => {
  test('a heading per host, the live line, the history table; host text escaped', () => {
    const md = renderStatusSummary(
      env([host(), host({ host: 'deploy@10.0.0.3', live: null, history: [], deploys: 0 })]),
    );
    expect(md).toContain('### berth status: shop-production on deploy@\u200b10.0.0.2');
    expect(md).toContain(
      '**Live:** green, ghcr.io/acme/shop@\u200bsha256:0123456789ab, commit 89abcde, since 2026-12-04 20:01 UTC, container running',
    );
    expect(md).toContain('| When | Action | Result | Colour | Version | Commit | By | Took |');
    expect(md).toContain('| 2026-12-04 20:01 UTC | deploy | success | green |');
    expect(md).toContain('### berth status: shop-production on deploy@\u200b10.0.0.3');
    expect(md).toContain('**Live:** nothing live');
    const evil = renderStatusSummary(env([host({ history: [entry({ actor: '<img src=x> | @team' })] })]));
    expect(evil).toContain('&lt;img src=x&gt; \\| @\u200bteam');
  });
});

describe('statusJson and commonImage', () => {
  test('full references, kebab-case keys', () => {
    const json = statusJson(env([host()])) as { hosts: Array<Record<string, unknown>> };
    expect(json).toMatchObject({ app: 'shop', environment: 'production' });
    expect(json.hosts[0]).toMatchObject({
      host: 'deploy@10.0.0.2',
      'state-dir': '.berth/shop-production',
      live: { color: 'green', 'image-ref': V2, container: 'running', strategy: 'blue-green' },
      deploys: 7,
      'skipped-lines': 0,
    });
    expect((json.hosts[0]?.history as unknown[])[1]).toMatchObject({
      result: 'failed',
      'image-ref': `ghcr.io/acme/shop@sha256:${'3'.repeat(64)}`,
      'previous-image-ref': V1,
      'duration-ms': 65_000,
      error: expect.stringContaining('not healthy'),
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  test.each<[string, HostStatus[], string]>([
    ['one host', [host()], V2],
    ['two hosts on the same image', [host(), host({ host: 'b' })], V2],
    [
      'two hosts on different images',
      [host(), host({ host: 'b', live: { ...host().live!, imageRef: V1 } })],
      '',
    ],
    ['one host with nothing live', [host(), host({ host: 'b', live: null })], ''],
    ['nothing anywhere', [host({ live: null })], ''],
  ])('commonImage: %s', (_name, hosts, image) => expect(commonImage(env(hosts))).toBe(image));
});
