/**
 * A host's deploy metrics in the Prometheus text exposition format (version 0.0.4), computed from the
 * host's own history (deploy/state.ts) — the same file for node_exporter's textfile collector and for a
 * Pushgateway. Pure: the history and the clock in, the text out.
 *
 * The DORA figures cover the last `windowDays` (30) days:
 * - deployment frequency: successful deploys a day;
 * - lead time for changes: the median time from the commit to its deploy going live (deploys whose
 *   commit time is known);
 * - change failure rate: the share of deploy attempts that were refused (failed) or later undone by a
 *   rollback;
 * - time to restore: the median time from a deploy going live to the rollback that undid it.
 * A figure with nothing to measure in the window is left out rather than written as 0.
 */
import type { HistoryEntry } from '../deploy/state.js';
import { shortRef } from '../report/status-summary.js';

export interface DeployMetricsInput {
  app: string;
  environment: string;
  /** Every entry of the host's history, oldest first. */
  history: readonly HistoryEntry[];
  /** What is live now (state.json, else the last success); null when nothing is. */
  live: { color: string; imageRef: string; commit: string; since: string } | null;
  now: number;
  windowDays?: number;
}

/** A label value as the text format wants it: backslash, double quote and line feed escaped. */
export function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string>): string {
  const inner = Object.entries(pairs)
    .map(([k, v]) => `${k}="${labelValue(v)}"`)
    .join(',');
  return `{${inner}}`;
}

/** A number as the text format writes it (Go's ParseFloat reads JavaScript's shortest form). */
function num(value: number): string {
  return Number.isFinite(value) ? String(value) : 'NaN';
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The version a person reads: `repo@sha256:<12 hex>` or the tag; a static release's directory. */
export const versionOf = shortRef;

export interface DoraFigures {
  deploysPerDay: number;
  leadTimeSeconds?: number;
  changeFailureRate?: number;
  timeToRestoreSeconds?: number;
}

/** The four DORA figures over the window; pure. */
export function doraFigures(history: readonly HistoryEntry[], now: number, windowDays = 30): DoraFigures {
  const since = now - windowDays * 86_400_000;
  const at = (e: HistoryEntry): number => Date.parse(e.at);
  const inWindow = history.filter((e) => at(e) >= since && at(e) <= now);
  const deploys = inWindow.filter((e) => e.action === 'deploy');
  const live = deploys.filter((e) => e.result === 'success');
  const leadTimes = live.flatMap((e) => {
    const committed = e.committedAt === undefined ? NaN : Date.parse(e.committedAt);
    return Number.isNaN(committed) || committed > at(e) ? [] : [(at(e) - committed) / 1000];
  });
  // A successful rollback undoes the deploy that went live last before it.
  const restores: number[] = [];
  const undone = new Set<HistoryEntry>();
  for (const rollback of inWindow.filter((e) => e.action === 'rollback' && e.result === 'success')) {
    const before = history.filter(
      (e) => e.action === 'deploy' && e.result === 'success' && at(e) <= at(rollback) && !undone.has(e),
    );
    const bad = before.at(-1);
    if (bad === undefined) continue;
    undone.add(bad);
    restores.push((at(rollback) - at(bad)) / 1000);
  }
  const refused = deploys.filter((e) => e.result === 'failed').length;
  const failedChanges = refused + deploys.filter((e) => undone.has(e)).length;
  const leadTimeSeconds = median(leadTimes);
  const timeToRestoreSeconds = median(restores);
  return {
    deploysPerDay: live.length / windowDays,
    ...(leadTimeSeconds === undefined ? {} : { leadTimeSeconds }),
    ...(deploys.length === 0 ? {} : { changeFailureRate: failedChanges / deploys.length }),
    ...(timeToRestoreSeconds === undefined ? {} : { timeToRestoreSeconds }),
  };
}

/** The metrics file's text. */
export function renderDeployMetrics(m: DeployMetricsInput): string {
  const base = { app: m.app, environment: m.environment };
  const out: string[] = [];
  const family = (name: string, type: 'counter' | 'gauge' | 'summary', help: string): void => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  };
  const sample = (name: string, extra: Record<string, string>, value: number): void => {
    out.push(`${name}${labels({ ...base, ...extra })} ${num(value)}`);
  };

  const groups = new Map<string, { action: string; result: string; count: number; seconds: number }>();
  for (const e of m.history) {
    const key = `${e.action} ${e.result}`;
    const g = groups.get(key) ?? { action: e.action, result: e.result, count: 0, seconds: 0 };
    g.count++;
    g.seconds += e.durationMs / 1000;
    groups.set(key, g);
  }
  const sorted = [...groups.values()].sort((a, b) =>
    `${a.action} ${a.result}`.localeCompare(`${b.action} ${b.result}`),
  );

  family(
    'berth_deploys_total',
    'counter',
    "Deploy attempts recorded in the host's history, by action and result.",
  );
  for (const g of sorted) sample('berth_deploys_total', { action: g.action, result: g.result }, g.count);

  family('berth_deploy_duration_seconds', 'summary', 'How long deploy attempts took, lock to record.');
  for (const g of sorted) {
    sample('berth_deploy_duration_seconds_sum', { action: g.action, result: g.result }, g.seconds);
    sample('berth_deploy_duration_seconds_count', { action: g.action, result: g.result }, g.count);
  }

  const last = m.history.at(-1);
  if (last !== undefined) {
    family(
      'berth_last_deploy_timestamp_seconds',
      'gauge',
      'When the last deploy attempt ended, by its action and result.',
    );
    sample(
      'berth_last_deploy_timestamp_seconds',
      { action: last.action, result: last.result },
      Date.parse(last.at) / 1000,
    );
    family('berth_last_deploy_duration_seconds', 'gauge', 'How long the last deploy attempt took.');
    sample('berth_last_deploy_duration_seconds', {}, last.durationMs / 1000);
  }
  const lastSuccess = [...m.history].reverse().find((e) => e.result === 'success');
  if (lastSuccess !== undefined) {
    family('berth_last_success_timestamp_seconds', 'gauge', 'When a deploy or rollback last succeeded.');
    sample('berth_last_success_timestamp_seconds', {}, Date.parse(lastSuccess.at) / 1000);
  }
  if (m.live !== null) {
    family('berth_live_info', 'gauge', 'What is live: colour, version and commit (always 1).');
    sample(
      'berth_live_info',
      { color: m.live.color, version: versionOf(m.live.imageRef), commit: m.live.commit },
      1,
    );
    const since = Date.parse(m.live.since);
    if (!Number.isNaN(since)) {
      family('berth_live_since_timestamp_seconds', 'gauge', 'Since when the live version has been live.');
      sample('berth_live_since_timestamp_seconds', {}, since / 1000);
    }
  }

  const windowDays = m.windowDays ?? 30;
  const dora = doraFigures(m.history, m.now, windowDays);
  const window = { window: `${windowDays}d` };
  family(
    'berth_dora_deployment_frequency_per_day',
    'gauge',
    `DORA: successful deploys a day over the last ${windowDays} days.`,
  );
  sample('berth_dora_deployment_frequency_per_day', window, dora.deploysPerDay);
  if (dora.leadTimeSeconds !== undefined) {
    family(
      'berth_dora_lead_time_seconds',
      'gauge',
      `DORA: median time from commit to live over the last ${windowDays} days.`,
    );
    sample('berth_dora_lead_time_seconds', window, dora.leadTimeSeconds);
  }
  if (dora.changeFailureRate !== undefined) {
    family(
      'berth_dora_change_failure_rate',
      'gauge',
      `DORA: share of deploys refused or rolled back over the last ${windowDays} days (0 to 1).`,
    );
    sample('berth_dora_change_failure_rate', window, dora.changeFailureRate);
  }
  if (dora.timeToRestoreSeconds !== undefined) {
    family(
      'berth_dora_time_to_restore_seconds',
      'gauge',
      `DORA: median time from a bad deploy going live to the rollback that undid it, over the last ${windowDays} days.`,
    );
    sample('berth_dora_time_to_restore_seconds', window, dora.timeToRestoreSeconds);
  }
  family('berth_metrics_timestamp_seconds', 'gauge', 'When berth wrote these metrics.');
  sample('berth_metrics_timestamp_seconds', {}, m.now / 1000);
  return `${out.join('\n')}\n`;
}
