/**
 * The step summary and PR comment section of `quality-gate`: the gate's verdict, then each condition
 * with the metric's name as SonarQube shows it, the value, what the gate requires and the outcome,
 * failed ones first, and a link to the analysis. Pure.
 */
import { parseHttpUrl } from '../http/url.js';
import type { GateCondition } from '../sonar/api.js';
import { gateOutcome, type GateOutcome, type QualityGateResult } from '../sonar/gate.js';
import { escapeMarkdown, renderTable } from './markdown.js';

/** The names SonarQube gives its metrics (CoreMetrics); others are shown as their key, made readable. */
const METRIC_NAMES: Record<string, string> = {
  coverage: 'Coverage',
  new_coverage: 'Coverage on New Code',
  line_coverage: 'Line Coverage',
  new_line_coverage: 'Line Coverage on New Code',
  branch_coverage: 'Condition Coverage',
  new_branch_coverage: 'Condition Coverage on New Code',
  uncovered_lines: 'Uncovered Lines',
  new_uncovered_lines: 'Uncovered Lines on New Code',
  duplicated_lines_density: 'Duplicated Lines (%)',
  new_duplicated_lines_density: 'Duplicated Lines (%) on New Code',
  duplicated_lines: 'Duplicated Lines',
  new_duplicated_lines: 'Duplicated Lines on New Code',
  duplicated_blocks: 'Duplicated Blocks',
  new_lines: 'New Lines',
  violations: 'Issues',
  new_violations: 'New Issues',
  blocker_violations: 'Blocker Issues',
  critical_violations: 'Critical Issues',
  major_violations: 'Major Issues',
  minor_violations: 'Minor Issues',
  info_violations: 'Info Issues',
  new_blocker_violations: 'New Blocker Issues',
  new_critical_violations: 'New Critical Issues',
  new_major_violations: 'New Major Issues',
  new_minor_violations: 'New Minor Issues',
  new_info_violations: 'New Info Issues',
  open_issues: 'Open Issues',
  reopened_issues: 'Reopened Issues',
  confirmed_issues: 'Confirmed Issues',
  accepted_issues: 'Accepted Issues',
  new_accepted_issues: 'New Accepted Issues',
  bugs: 'Bugs',
  new_bugs: 'New Bugs',
  vulnerabilities: 'Vulnerabilities',
  new_vulnerabilities: 'New Vulnerabilities',
  code_smells: 'Code Smells',
  new_code_smells: 'New Code Smells',
  reliability_rating: 'Reliability Rating',
  new_reliability_rating: 'Reliability Rating on New Code',
  security_rating: 'Security Rating',
  new_security_rating: 'Security Rating on New Code',
  sqale_rating: 'Maintainability Rating',
  new_maintainability_rating: 'Maintainability Rating on New Code',
  security_review_rating: 'Security Review Rating',
  new_security_review_rating: 'Security Review Rating on New Code',
  software_quality_reliability_rating: 'Reliability Rating',
  new_software_quality_reliability_rating: 'Reliability Rating on New Code',
  software_quality_security_rating: 'Security Rating',
  new_software_quality_security_rating: 'Security Rating on New Code',
  software_quality_maintainability_rating: 'Maintainability Rating',
  new_software_quality_maintainability_rating: 'Maintainability Rating on New Code',
  security_hotspots: 'Security Hotspots',
  security_hotspots_reviewed: 'Security Hotspots Reviewed',
  new_security_hotspots_reviewed: 'Security Hotspots Reviewed on New Code',
  sqale_index: 'Technical Debt',
  new_technical_debt: 'Added Technical Debt',
  sqale_debt_ratio: 'Technical Debt Ratio',
  new_sqale_debt_ratio: 'Technical Debt Ratio on New Code',
  tests: 'Unit Tests',
  test_failures: 'Unit Test Failures',
  test_errors: 'Unit Test Errors',
  skipped_tests: 'Skipped Unit Tests',
  test_success_density: 'Unit Test Success (%)',
  comment_lines_density: 'Comments (%)',
  ncloc: 'Lines of Code',
  complexity: 'Cyclomatic Complexity',
  cognitive_complexity: 'Cognitive Complexity',
  prioritized_rule_issues: 'Prioritized Rule Issues',
};

/** Percentages, whatever the key: SonarQube's PERCENT metrics. */
const PERCENT = new Set([
  'security_hotspots_reviewed',
  'new_security_hotspots_reviewed',
  'sqale_debt_ratio',
  'new_sqale_debt_ratio',
]);
/** Minutes of work (WORK_DUR metrics), shown as SonarQube does with 8-hour days. */
const WORK_DURATION = new Set([
  'sqale_index',
  'new_technical_debt',
  'reliability_remediation_effort',
  'new_reliability_remediation_effort',
  'security_remediation_effort',
  'new_security_remediation_effort',
  'effort_to_reach_maintainability_rating_a',
]);

export function metricName(key: string): string {
  const name = METRIC_NAMES[key];
  if (name !== undefined) return name;
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

type MetricKind = 'percent' | 'rating' | 'work' | 'number';

function kindOf(key: string): MetricKind {
  if (key.endsWith('_rating')) return 'rating';
  if (PERCENT.has(key) || key.endsWith('_coverage') || key === 'coverage' || key.endsWith('_density'))
    return 'percent';
  if (WORK_DURATION.has(key)) return 'work';
  return 'number';
}

/** A metric value as SonarQube shows it: `82.5%`, `C`, `1d 2h`, `1,204`. */
export function formatMetricValue(key: string, value: string | undefined, decimals = 1): string {
  if (value === undefined || value.trim() === '') return '–';
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  switch (kindOf(key)) {
    case 'percent':
      return `${n.toFixed(decimals)}%`;
    case 'rating':
      return ratingLetter(n) ?? value;
    case 'work':
      return workDuration(n);
    case 'number':
      return Number.isInteger(n)
        ? n.toLocaleString('en-US')
        : n.toLocaleString('en-US', { maximumFractionDigits: Math.max(2, decimals) });
  }
}

function ratingLetter(n: number): string | undefined {
  return Number.isInteger(n) && n >= 1 && n <= 5 ? 'ABCDE'.charAt(n - 1) : undefined;
}

function workDuration(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m}min`;
  const hours = Math.floor(m / 60);
  if (hours < 8) return m % 60 === 0 ? `${hours}h` : `${hours}h ${m % 60}min`;
  return hours % 8 === 0 ? `${Math.floor(hours / 8)}d` : `${Math.floor(hours / 8)}d ${hours % 8}h`;
}

/** The threshold the condition was judged by: the warning one for a WARN (servers before 7.6). */
function thresholdOf(c: GateCondition): string | undefined {
  return c.status === 'WARN'
    ? (c.warningThreshold ?? c.errorThreshold)
    : (c.errorThreshold ?? c.warningThreshold);
}

/**
 * The value and what the gate requires, as SonarQube shows a condition ("required ≥ 80.0%"): the
 * condition fails when `value <comparator> threshold`, so the requirement is its opposite. Values
 * that would print the same as the threshold get more decimals (79.96% is not 80.0%).
 */
export function formatCondition(c: GateCondition): { actual: string; required: string } {
  const threshold = thresholdOf(c);
  let decimals = 1;
  while (
    decimals < 4 &&
    c.actualValue !== undefined &&
    threshold !== undefined &&
    Number(c.actualValue) !== Number(threshold) &&
    formatMetricValue(c.metricKey, c.actualValue, decimals) ===
      formatMetricValue(c.metricKey, threshold, decimals)
  ) {
    decimals += 1;
  }
  const actual = formatMetricValue(c.metricKey, c.actualValue, decimals);
  if (threshold === undefined) return { actual, required: '–' };
  const t = formatMetricValue(c.metricKey, threshold, decimals);
  if (kindOf(c.metricKey) === 'rating') {
    const required =
      {
        GT: t === 'A' ? 'A' : `${t} or better`,
        LT: `${t} or worse`,
        EQ: `not ${t}`,
        NE: t,
      }[c.comparator] ?? `not ${c.comparator} ${t}`;
    return { actual, required };
  }
  const required =
    { LT: `≥ ${t}`, GT: `≤ ${t}`, EQ: `≠ ${t}`, NE: `= ${t}` }[c.comparator] ?? `not ${c.comparator} ${t}`;
  return { actual, required };
}

/** One line for a failed (or warned) condition: `Coverage on New Code is 72.5%, required ≥ 80.0%`. */
export function describeCondition(c: GateCondition): string {
  const { actual, required } = formatCondition(c);
  return `${metricName(c.metricKey)} is ${actual === '–' ? 'not measured' : actual}, required ${required}`;
}

const STATUS_ORDER = ['ERROR', 'WARN', 'OK'];
const rank = (status: string): number => {
  const i = STATUS_ORDER.indexOf(status);
  return i === -1 ? STATUS_ORDER.length : i;
};

/** Failed first, then warned, then passed; the server's order within each. */
export function orderConditions(conditions: readonly GateCondition[]): GateCondition[] {
  return conditions
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c.status) - rank(b.c.status) || a.i - b.i)
    .map(({ c }) => c);
}

const VERDICT: Record<GateOutcome, string> = {
  FAILED: 'FAILED',
  WARN: 'WARN',
  PASSED: 'PASSED',
  NONE: 'NONE (no gate)',
};

/** A condition's outcome, in the same words as the gate's. */
const CONDITION_STATUS: Record<string, string> = { ERROR: 'FAILED', WARN: 'WARN', OK: 'passed' };

export function renderQualityGateSummary(r: QualityGateResult): string {
  const failed = r.conditions.filter((c) => c.status === 'ERROR').length;
  const warned = r.conditions.filter((c) => c.status === 'WARN').length;
  const counts = [
    failed > 0 ? `${failed} of ${r.conditions.length} conditions failed` : '',
    warned > 0 ? `${warned} of ${r.conditions.length} conditions warned` : '',
  ].filter((s) => s !== '');
  const out = [
    `### berth quality gate: ${VERDICT[gateOutcome(r.status)]}${counts.length ? ` — ${counts.join(', ')}` : ''}`,
    '',
  ];
  const about = describeProject(r);
  if (about !== '') out.push(about, '');
  if (r.status === 'NONE') {
    out.push(
      'SonarQube has no quality gate for this project, so nothing was checked. Assign one in SonarQube (Project Settings → Quality Gate).',
      '',
    );
  }
  if (r.conditions.length > 0) {
    out.push(
      renderTable(
        ['Metric', 'Value', 'Required', ''],
        orderConditions(r.conditions).map((c) => {
          const { actual, required } = formatCondition(c);
          return [metricName(c.metricKey), actual, required, CONDITION_STATUS[c.status] ?? c.status];
        }),
      ),
      '',
    );
  }
  if (r.ignoredConditions) {
    out.push(
      '_Some conditions were not checked: SonarQube ignores coverage and duplication conditions when fewer than 20 lines are new._',
      '',
    );
  }
  const link = dashboardLink(r.dashboardUrl);
  if (link !== '') out.push(link, '');
  return out.join('\n');
}

/** The section when the gate could not be read (analysis failed, timeout, bad token): says why, so no stale verdict stays. */
export function renderQualityGateNotChecked(reason: string, dashboardUrl?: string): string {
  const link = dashboardLink(dashboardUrl);
  return [
    '### berth quality gate: not checked',
    '',
    escapeMarkdown(reason),
    '',
    ...(link === '' ? [] : [link, '']),
  ].join('\n');
}

function describeProject(r: QualityGateResult): string {
  if (r.projectKey === undefined) return '';
  const where =
    r.pullRequest !== undefined
      ? ` (pull request ${escapeMarkdown(r.pullRequest)})`
      : r.branch !== undefined
        ? ` (branch ${escapeMarkdown(r.branch)})`
        : '';
  return `Project ${escapeMarkdown(r.projectKey)}${where}`;
}

/** `[Open in SonarQube](…)` for an http(s) address; '' for anything else. */
export function dashboardLink(url: string | undefined): string {
  const parsed = url === undefined ? undefined : parseHttpUrl(url);
  if (parsed === undefined) return '';
  const href = parsed.href.replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
  return `[Open in SonarQube](${href})`;
}
