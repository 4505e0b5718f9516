/**
 * The deploy metrics' inputs, checked before anything changes. Apart from ./publish.ts (loaded only
 * when a deploy writes metrics) so that every deploy's start-up carries this check only.
 */
import path from 'node:path';
import { ConfigurationError } from '../errors.js';
import type { Inputs } from '../inputs.js';

export interface MetricsSettings {
  /** The textfile collector's directory on the host ('' for none). */
  textfileDir: string;
  /** The Pushgateway's base address ('' for none). */
  pushgateway: string;
}

/** The metrics inputs, checked before anything changes; undefined when neither is set. */
export function readMetricsSettings(
  inputs: Pick<Inputs, 'metricsTextfileDir' | 'metricsPushgateway'>,
): MetricsSettings | undefined {
  const dir = inputs.metricsTextfileDir;
  if (dir !== '' && (!path.posix.isAbsolute(dir) || dir.split('/').includes('..') || /[\0\n]/.test(dir))) {
    throw new ConfigurationError(
      `metrics-textfile-dir: expected an absolute directory on the host (node_exporter's --collector.textfile.directory, e.g. /var/lib/prometheus/node-exporter), got ${JSON.stringify(dir)}`,
      { key: 'metrics-textfile-dir', kind: 'invalid' },
    );
  }
  if (dir === '' && inputs.metricsPushgateway === '') return undefined;
  return { textfileDir: dir, pushgateway: inputs.metricsPushgateway };
}
