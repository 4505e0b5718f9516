/**
 * Deploy metrics for real (issue 20): real deploys (`node dist/index.js`, a Docker engine, a registry,
 * nginx) — two good versions, a refused one, a rollback — with `metrics-textfile-dir` pointed at a real
 * node_exporter's textfile collector and `metrics-pushgateway` at a real Pushgateway, both scraped by a
 * real Prometheus. Then every query of every panel of the Grafana dashboard in examples/ is asked of
 * Prometheus's HTTP API and must return this app's series, with the figures the history implies.
 *
 * @needs docker registry htpasswd nginx busybox prometheus
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { tearDownAll } from '../sandbox/process.mjs';
import { docker, loggedInConfig, pushVersion } from './helpers/app-images.js';
import { errorsOf, runnerEnv, tearDownDeployBed } from './helpers/deploy-run.js';
import { TestNginx } from './helpers/nginx.js';
import { TestPrometheus } from './helpers/prometheus.js';
import { freePort, TestRegistry } from './helpers/registry.js';
import { ROOT, runAction } from './helpers/run-dist.js';

const APP = `bm${Math.random().toString(36).slice(2, 8)}`;
const ENV = 'production';
const REPO = `berth-metrics/${APP}`;
const SHA = 'a'.repeat(40);
/** The commit was made two hours before the deploys: the lead time is about 7200 s. */
const COMMITTED = new Date(Date.now() - 2 * 3600_000).toISOString();
let registry: TestRegistry;
let nginx: TestNginx;
let prometheus: TestPrometheus;
let stateDir: string;
let dockerConfig: string;
let bluePort: number;
let greenPort: number;
const images: Record<string, string> = {};

beforeAll(async () => {
  registry = await new TestRegistry().start();
  dockerConfig = loggedInConfig(registry);
  bluePort = await freePort();
  greenPort = await freePort();
  nginx = await new TestNginx(`${APP}_${ENV}`).start(bluePort);
  stateDir = mkdtempSync(path.join(tmpdir(), 'berth-metrics-state-'));
  prometheus = await new TestPrometheus().start();
  for (const [version, kind] of [
    ['v1', 'good'],
    ['v2', 'good'],
    ['v3', 'unhealthy'],
  ] as const) {
    images[version] = await pushVersion(registry, dockerConfig, REPO, version, kind);
  }
}, 180_000);

afterAll(
  () =>
    tearDownAll([
      () => {
        for (const color of ['blue', 'green']) {
          try {
            docker('rm', '--force', `${APP}-${ENV}-${color}`);
          } catch {
            // not there
          }
        }
      },
      () => prometheus?.stop(),
      () => tearDownDeployBed({ registry, nginx, stateDir, dockerConfig }),
    ]),
  60_000,
);

function deploy(command: 'deploy' | 'rollback', inputs: Record<string, string> = {}) {
  return runAction({
    inputs: {
      command,
      app: APP,
      environment: ENV,
      port: '8080',
      'blue-port': String(bluePort),
      'green-port': String(greenPort),
      'health-timeout': '5',
      'stop-timeout': '5',
      'nginx-upstream-file': nginx.upstreamFile,
      'nginx-command': nginx.command,
      'state-dir': stateDir,
      'metrics-textfile-dir': prometheus.textfileDir,
      'metrics-pushgateway': prometheus.pushgateway,
      ...inputs,
    },
    // A push: its head commit's time is the lead time's start (no git checkout of this commit here).
    eventName: 'push',
    payload: { ref: 'refs/heads/main', after: SHA, head_commit: { id: SHA, timestamp: COMMITTED } },
    env: runnerEnv(registry, 'a'),
  });
}

interface Panel {
  title: string;
  targets: Array<{ expr: string }>;
}

test('after two deploys, a refused version and a rollback, every dashboard query returns this app’s series', async () => {
  for (const [command, image, code] of [
    ['deploy', images.v1, 0],
    ['deploy', images.v2, 0],
    ['deploy', images.v3, 1],
    ['rollback', undefined, 0],
  ] as const) {
    const result = await deploy(command, image === undefined ? {} : { image });
    expect(result.code).toBe(code);
    if (code === 0) expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.stdout).toContain(
      `deploy metrics: wrote ${prometheus.textfileDir}/berth-${APP}-${ENV}.prom`,
    );
    expect(result.stdout).toContain(
      `deploy metrics: pushed to ${prometheus.pushgateway}/metrics/job/berth/app/${APP}/environment/${ENV}`,
    );
    expect(result.stdout).not.toContain('::warning::deploy metrics');
  }

  // The file node_exporter reads: complete, readable by its user, and no temp file of berth's beside it.
  const file = path.join(prometheus.textfileDir, `berth-${APP}-${ENV}.prom`);
  expect(statSync(file).mode & 0o777).toBe(0o644);
  expect(readdirSync(prometheus.textfileDir)).toEqual([`berth-${APP}-${ENV}.prom`]);

  // Both ways in — node_exporter's textfile collector (job node) and the Pushgateway (job berth) — and
  // both scraped since the last write: the rollback's series is there from each (the scrape that
  // brought it also marked the replaced series, green's live info among them, stale).
  const both = await prometheus.until(
    `count(berth_deploys_total{app="${APP}", action="rollback", result="success"}) == 2`,
  );
  expect(both).toHaveLength(1);
  expect(
    (await prometheus.query(`count by (job) (berth_live_info{app="${APP}"})`))
      .map((s) => s.metric.job)
      .sort(),
  ).toEqual(['berth', 'node']);

  const dashboard = JSON.parse(
    readFileSync(path.join(ROOT, 'examples/grafana/berth-deploys.json'), 'utf8'),
  ) as {
    panels: Panel[];
  };
  expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
  for (const panel of dashboard.panels) {
    for (const target of panel.targets) {
      const expr = target.expr.replace(/\$app\b/g, APP).replace(/\$environment\b/g, ENV);
      const result = await prometheus.until(expr, 10_000);
      expect([panel.title, result.length > 0]).toEqual([panel.title, true]);
      for (const sample of result) expect(sample.metric).toMatchObject({ app: APP, environment: ENV });
    }
  }

  const value = async (expr: string): Promise<number> => Number((await prometheus.until(expr))[0]?.value[1]);
  const sel = `app="${APP}", environment="${ENV}"`;
  // What is live: the rollback put v1 back, on blue.
  const info = await prometheus.until(`max by (color, version, commit) (berth_live_info{${sel}})`);
  expect(info.map((s) => s.metric)).toEqual([
    {
      color: 'blue',
      version: (images.v1 as string).replace(/(@sha256:[0-9a-f]{12})[0-9a-f]{52}$/, '$1'),
      commit: SHA,
    },
  ]);
  expect(await value(`max(berth_deploys_total{${sel}, action="deploy", result="success"})`)).toBe(2);
  expect(await value(`max(berth_deploys_total{${sel}, action="deploy", result="failed"})`)).toBe(1);
  expect(await value(`max(berth_deploys_total{${sel}, action="rollback", result="success"})`)).toBe(1);
  // DORA: 2 live deploys in 30 days; of 3 deploys one refused and one (v2) rolled back.
  expect(await value(`max(berth_dora_deployment_frequency_per_day{${sel}})`)).toBeCloseTo(2 / 30, 6);
  expect(await value(`max(berth_dora_change_failure_rate{${sel}})`)).toBeCloseTo(2 / 3, 6);
  const lead = await value(`max(berth_dora_lead_time_seconds{${sel}})`);
  expect(lead).toBeGreaterThanOrEqual(7200);
  expect(lead).toBeLessThan(7200 + 300);
  const restore = await value(`max(berth_dora_time_to_restore_seconds{${sel}})`);
  expect(restore).toBeGreaterThan(0);
  expect(restore).toBeLessThan(300);
}, 300_000);

test('a Pushgateway that does not answer costs a warning; the deploy stands and the textfile is still written', async () => {
  const dead = `http://127.0.0.1:${await freePort()}`;
  const before = statSync(path.join(prometheus.textfileDir, `berth-${APP}-${ENV}.prom`)).mtimeMs;
  const result = await deploy('deploy', { image: images.v2 as string, 'metrics-pushgateway': dead });
  expect(errorsOf(result.stdout)).toEqual([]);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(
    new RegExp(
      `::warning::deploy metrics: the Pushgateway at ${dead}/metrics/job/berth/app/${APP}/environment/${ENV} did not take them: .* after 3 attempts\\. The deploy's result stands\\.`,
    ),
  );
  expect(statSync(path.join(prometheus.textfileDir, `berth-${APP}-${ENV}.prom`)).mtimeMs).toBeGreaterThan(
    before,
  );
}, 120_000);
