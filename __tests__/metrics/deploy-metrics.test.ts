/** The deploy metrics file (Prometheus text format) and the DORA figures, from a host's history. Pure. */
import { describe, expect, test } from '@jest/globals';
import type { HistoryEntry } from '../../src/deploy/state.js';
import { doraFigures, labelValue, renderDeployMetrics, versionOf } from '../../src/metrics/deploy-metrics.js';
import { metricsFileName, pushgatewayUrl } from '../../src/metrics/publish.js';
import { readMetricsSettings } from '../../src/metrics/settings.js';

const NOW = Date.parse('2026-12-04T12:00:00.000Z');
const H = 3600_000;
const at = (hoursAgo: number): string => new Date(NOW - hoursAgo * H).toISOString();
const e = (over: Partial<HistoryEntry>): HistoryEntry => ({
  at: at(1),
  action: 'deploy',
  result: 'success',
  color: 'blue',
  imageRef: 'shop:1',
  previousImageRef: '',
  commit: 'c1',
  runId: '1',
  actor: 'alice',
  durationMs: 10_000,
  ...over,
});

describe('doraFigures', () => {
  test.each<[string, HistoryEntry[], ReturnType<typeof doraFigures>]>([
    ['no history: nothing deployed, nothing else to measure', [], { deploysPerDay: 0 }],
    [
      'three live deploys, lead times 1 h, 2 h, 6 h: the median is 2 h',
      [
        e({ at: at(30), committedAt: at(31) }),
        e({ at: at(20), committedAt: at(22) }),
        e({ at: at(10), committedAt: at(16) }),
      ],
      { deploysPerDay: 3 / 30, leadTimeSeconds: 7200, changeFailureRate: 0 },
    ],
    [
      'a refused deploy and a rolled-back one of four: rate 0.5; restore is deploy to rollback',
      [
        e({ at: at(50) }),
        e({ at: at(40), result: 'failed' }),
        e({ at: at(30) }),
        e({ at: at(29.5), action: 'rollback' }),
        e({ at: at(10) }),
      ],
      { deploysPerDay: 3 / 30, changeFailureRate: 2 / 4, timeToRestoreSeconds: 1800 },
    ],
    [
      'two rollbacks in a row undo the two deploys before them, one each',
      [
        e({ at: at(10) }),
        e({ at: at(8) }),
        e({ at: at(7), action: 'rollback' }),
        e({ at: at(4), action: 'rollback' }),
      ],
      { deploysPerDay: 2 / 30, changeFailureRate: 1, timeToRestoreSeconds: (3600 + 6 * 3600) / 2 },
    ],
    [
      'outside the window nothing counts; a commit time after the deploy (a clock skew) is no lead time',
      [e({ at: at(31 * 24) }), e({ at: at(1), committedAt: at(0.5) })],
      { deploysPerDay: 1 / 30, changeFailureRate: 0 },
    ],
  ])('%s', (_name, history, figures) => expect(doraFigures(history, NOW)).toEqual(figures));
});

describe('the text format', () => {
  test.each([
    ['plain', 'plain'],
    ['a "quote"', 'a \\"quote\\"'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two\\nlines'],
  ])('labelValue(%j) = %j', (raw, escaped) => expect(labelValue(raw)).toBe(escaped));

  test.each([
    [`ghcr.io/acme/shop@sha256:${'0123456789ab'}${'f'.repeat(52)}`, 'ghcr.io/acme/shop@sha256:0123456789ab'],
    ['shop:1.2', 'shop:1.2'],
    ['/srv/www/shop/releases/20261204T120000Z', '/srv/www/shop/releases/20261204T120000Z'],
  ])('versionOf(%s) = %s', (ref, version) => expect(versionOf(ref)).toBe(version));

  test('the whole file for a short history', () => {
    const text = renderDeployMetrics({
      app: 'shop',
      environment: 'production',
      history: [
        e({ at: at(3), committedAt: at(4), durationMs: 12_500 }),
        e({ at: at(2), result: 'failed', color: '', durationMs: 6000 }),
      ],
      live: { color: 'blue', imageRef: 'shop:1', commit: 'c1', since: at(3) },
      now: NOW,
    });
    const base = 'app="shop",environment="production"';
    expect(text).toBe(
      [
        "# HELP berth_deploys_total Deploy attempts recorded in the host's history, by action and result.",
        '# TYPE berth_deploys_total counter',
        `berth_deploys_total{${base},action="deploy",result="failed"} 1`,
        `berth_deploys_total{${base},action="deploy",result="success"} 1`,
        '# HELP berth_deploy_duration_seconds How long deploy attempts took, lock to record.',
        '# TYPE berth_deploy_duration_seconds summary',
        `berth_deploy_duration_seconds_sum{${base},action="deploy",result="failed"} 6`,
        `berth_deploy_duration_seconds_count{${base},action="deploy",result="failed"} 1`,
        `berth_deploy_duration_seconds_sum{${base},action="deploy",result="success"} 12.5`,
        `berth_deploy_duration_seconds_count{${base},action="deploy",result="success"} 1`,
        '# HELP berth_last_deploy_timestamp_seconds When the last deploy attempt ended, by its action and result.',
        '# TYPE berth_last_deploy_timestamp_seconds gauge',
        `berth_last_deploy_timestamp_seconds{${base},action="deploy",result="failed"} ${(NOW - 2 * H) / 1000}`,
        '# HELP berth_last_deploy_duration_seconds How long the last deploy attempt took.',
        '# TYPE berth_last_deploy_duration_seconds gauge',
        `berth_last_deploy_duration_seconds{${base}} 6`,
        '# HELP berth_last_success_timestamp_seconds When a deploy or rollback last succeeded.',
        '# TYPE berth_last_success_timestamp_seconds gauge',
        `berth_last_success_timestamp_seconds{${base}} ${(NOW - 3 * H) / 1000}`,
        '# HELP berth_live_info What is live: colour, version and commit (always 1).',
        '# TYPE berth_live_info gauge',
        `berth_live_info{${base},color="blue",version="shop:1",commit="c1"} 1`,
        '# HELP berth_live_since_timestamp_seconds Since when the live version has been live.',
        '# TYPE berth_live_since_timestamp_seconds gauge',
        `berth_live_since_timestamp_seconds{${base}} ${(NOW - 3 * H) / 1000}`,
        '# HELP berth_dora_deployment_frequency_per_day DORA: successful deploys a day over the last 30 days.',
        '# TYPE berth_dora_deployment_frequency_per_day gauge',
        `berth_dora_deployment_frequency_per_day{${base},window="30d"} ${1 / 30}`,
        '# HELP berth_dora_lead_time_seconds DORA: median time from commit to live over the last 30 days.',
        '# TYPE berth_dora_lead_time_seconds gauge',
        `berth_dora_lead_time_seconds{${base},window="30d"} 3600`,
        '# HELP berth_dora_change_failure_rate DORA: share of deploys refused or rolled back over the last 30 days (0 to 1).',
        '# TYPE berth_dora_change_failure_rate gauge',
        `berth_dora_change_failure_rate{${base},window="30d"} 0.5`,
        '# HELP berth_metrics_timestamp_seconds When berth wrote these metrics.',
        '# TYPE berth_metrics_timestamp_seconds gauge',
        `berth_metrics_timestamp_seconds{${base}} ${NOW / 1000}`,
        '',
      ].join('\n'),
    );
  });

  test('nothing live, nothing deployed: only the figures there are', () => {
    const text = renderDeployMetrics({ app: 'a', environment: 'b', history: [], live: null, now: NOW });
    expect(text).not.toContain('berth_live_info');
    expect(text).not.toContain('berth_dora_change_failure_rate');
    expect(text).toContain('berth_dora_deployment_frequency_per_day{app="a",environment="b",window="30d"} 0');
  });
});

describe('the settings', () => {
  test.each<[string, Record<string, string>, unknown]>([
    ['neither: none', { metricsTextfileDir: '', metricsPushgateway: '' }, undefined],
    [
      'a directory',
      { metricsTextfileDir: '/var/lib/prometheus/node-exporter', metricsPushgateway: '' },
      { textfileDir: '/var/lib/prometheus/node-exporter', pushgateway: '' },
    ],
    [
      'a Pushgateway',
      { metricsTextfileDir: '', metricsPushgateway: 'http://pushgateway:9091' },
      { textfileDir: '', pushgateway: 'http://pushgateway:9091' },
    ],
  ])('%s', (_name, inputs, settings) =>
    expect(readMetricsSettings(inputs as Parameters<typeof readMetricsSettings>[0])).toEqual(settings),
  );

  test.each(['node-exporter', '/var/lib/../../etc', '/tmp/x\ny'])(
    'metrics-textfile-dir %j is refused, named',
    (dir) =>
      expect(() => readMetricsSettings({ metricsTextfileDir: dir, metricsPushgateway: '' })).toThrow(
        /^metrics-textfile-dir: expected an absolute directory on the host/,
      ),
  );

  test('the file and the group', () => {
    expect(metricsFileName('shop', 'production')).toBe('berth-shop-production.prom');
    expect(pushgatewayUrl('http://pg:9091/', 'shop', 'production')).toBe(
      'http://pg:9091/metrics/job/berth/app/shop/environment/production',
    );
  });
});
