/**
 * What `doctor` found on a host, as the step summary (a Markdown table: check, status, what was found,
 * how to fix it) and as plain log lines for a terminal. Pure. A check's `fix` is berth's own prose with
 * found values in it (escaped); its `command` is a command line to run, shown as code.
 */
import { escapeMarkdown } from './markdown.js';

/** `fail`: something deploy needs is missing (the command fails); `warn`: it works, with less. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skipped';

export interface CheckResult {
  /** What was checked: `Docker engine`, `port 18080 (blue-port)`. */
  check: string;
  status: CheckStatus;
  /** What was found: a version, a path, the tool's own error line. */
  found: string;
  /** How to fix it, in words; '' when nothing needs fixing. */
  fix: string;
  /** The command that fixes it, when there is one. */
  command?: string;
}

export interface DoctorReport {
  /** `this host`, `deploy@10.0.0.5`. */
  host: string;
  /** The user the checks ran as (what deploy will run as), when known. */
  user?: string;
  checks: readonly CheckResult[];
}

const STATUS_LABEL: Record<CheckStatus, string> = {
  ok: '✅ ok',
  warn: '⚠️ warning',
  fail: '❌ missing',
  skipped: '➖ skipped',
};

export function failedChecks(report: DoctorReport): CheckResult[] {
  return report.checks.filter((c) => c.status === 'fail');
}

/** The headline: what deploy can do on this host. */
export function doctorVerdict(report: DoctorReport): string {
  const failed = failedChecks(report).length;
  const warned = report.checks.filter((c) => c.status === 'warn').length;
  if (failed > 0) {
    return `${failed} required check${failed === 1 ? '' : 's'} failed: deploy cannot run here yet`;
  }
  if (warned > 0) return `ready to deploy, with ${warned} warning${warned === 1 ? '' : 's'}`;
  return 'ready to deploy';
}

/** A code span that survives a table cell: no backticks inside, pipes escaped. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

function fixCell(check: CheckResult): string {
  const words = escapeMarkdown(check.fix);
  if (check.command === undefined) return words;
  return words === '' ? code(check.command) : `${words}: ${code(check.command)}`;
}

export function renderDoctorSummary(report: DoctorReport): string {
  const who = report.user ? ` as ${escapeMarkdown(report.user)}` : '';
  const rows = report.checks.map(
    (c) =>
      `| ${escapeMarkdown(c.check)} | ${STATUS_LABEL[c.status]} | ${escapeMarkdown(c.found)} | ${fixCell(c)} |`,
  );
  return [
    `### berth doctor: ${escapeMarkdown(report.host)}${who}: ${doctorVerdict(report)}`,
    '',
    '| Check | Status | Found | How to fix |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** One line per check (and an indented fix line), for the log: `missing  Docker engine: not found`. */
export function renderDoctorText(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.check.length), 0);
  const lines = report.checks.flatMap((c) => {
    const line = `${c.status.padEnd(7)}  ${c.check.padEnd(width)}  ${c.found}`;
    if (c.fix === '' && c.command === undefined) return [line];
    const fix = c.command === undefined ? c.fix : c.fix === '' ? c.command : `${c.fix}: ${c.command}`;
    return [line, `${' '.repeat(9)}${' '.repeat(width)}  fix: ${fix}`];
  });
  return lines.join('\n');
}
