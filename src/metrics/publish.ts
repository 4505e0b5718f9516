/**
 * After every deploy attempt on a host: the host's deploy metrics (./deploy-metrics.ts), computed from
 * its whole history, written where node_exporter's textfile collector reads them (atomically: a temp
 * file renamed, so a scrape never sees half a file; 0644, so the collector's user can read it) and
 * pushed to a Pushgateway. Either failing is a warning: metrics never fail a deploy.
 */
import path from 'node:path';
import { readRecords } from '../deploy/status.js';
import { httpRequest } from '../http/request.js';
import type { HostFiles } from '../remote/host.js';
import { retry, sleep, type RetryPolicy } from '../retry.js';
import type { Runtime } from '../runtime/runtime.js';
import { renderDeployMetrics } from './deploy-metrics.js';
import type { MetricsSettings } from './settings.js';

export { readMetricsSettings, type MetricsSettings } from './settings.js';

/** `berth-<app>-<environment>.prom`: the collector reads `*.prom` only, so berth's temp file is never read. */
export function metricsFileName(app: string, environment: string): string {
  return `berth-${app}-${environment}.prom`;
}

/** The Pushgateway's group of this app and environment (names are berth's: letters, digits, `-`, `_`). */
export function pushgatewayUrl(base: string, app: string, environment: string): string {
  return `${base.replace(/\/+$/, '')}/metrics/job/berth/app/${encodeURIComponent(app)}/environment/${encodeURIComponent(environment)}`;
}

export const PUSH_RETRY: RetryPolicy = { delaysMs: [1000, 3000], sleep };

export async function publishDeployMetrics(
  host: HostFiles & { label: string },
  stateDir: string,
  names: { app: string; environment: string },
  settings: MetricsSettings,
  runtime: Runtime,
  options: { now?: number; retry?: RetryPolicy } = {},
): Promise<void> {
  let text: string;
  try {
    const read = await readRecords(host, stateDir, Number.MAX_SAFE_INTEGER);
    text = renderDeployMetrics({
      ...names,
      history: [...read.history].reverse(),
      live: read.live,
      now: options.now ?? Date.now(),
    });
  } catch (error) {
    runtime.warning(`deploy metrics: the history on ${host.label} could not be read: ${message(error)}`);
    return;
  }
  if (settings.textfileDir !== '') {
    const file = path.posix.join(settings.textfileDir, metricsFileName(names.app, names.environment));
    try {
      await host.writeFile(file, text, { mode: 0o644 });
      runtime.info(`deploy metrics: wrote ${file} on ${host.label}`);
    } catch (error) {
      runtime.warning(
        `deploy metrics: ${file} could not be written on ${host.label} (${message(error)}); give the deploy user write access to metrics-textfile-dir. The deploy's result stands.`,
      );
    }
  }
  if (settings.pushgateway !== '') {
    const url = pushgatewayUrl(settings.pushgateway, names.app, names.environment);
    let attempts = 0;
    try {
      await retry(
        async () => {
          attempts++;
          const res = await httpRequest(new URL(url), {
            method: 'PUT',
            headers: { 'content-type': 'text/plain; version=0.0.4', 'user-agent': 'berth' },
            body: text,
            timeoutMs: 10_000,
            maxBodyBytes: 64 * 1024,
          });
          if (res.status < 200 || res.status >= 300) {
            const why = res.body.toString('utf8').trim().slice(0, 200);
            throw Object.assign(new Error(`HTTP ${res.status}${why === '' ? '' : `: ${why}`}`), {
              status: res.status,
            });
          }
        },
        (error) => {
          const status = (error as { status?: number }).status;
          return status === undefined || status >= 500 || status === 429;
        },
        options.retry ?? PUSH_RETRY,
      );
      runtime.info(`deploy metrics: pushed to ${url}`);
    } catch (error) {
      runtime.warning(
        `deploy metrics: the Pushgateway at ${url} did not take them: ${message(error)} after ${attempts} attempt${attempts === 1 ? '' : 's'}. The deploy's result stands.`,
      );
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
