/**
 * What `doctor` found on a host (the model: doctor/model.ts), as the step summary (a Markdown table:
 * check, status, what was found, how to fix it) and as plain log lines for a terminal. Pure. A check's
 * `fix` is berth's own prose with found values in it (escaped); its `command` is a command line to run,
 * shown as code.
 */
import { failedChecks, type CheckResult, type CheckStatus, type DoctorReport } from '../doctor/model.js';
import { escapeMarkdown } from './markdown.js';

const STATUS_LABEL: Record<CheckStatus, string> = {
  ok: '✅ ok',
  warn: '⚠️ warning',
  fail: '❌ missing',
  skipped: '➖ skipped',
  unreadable: '🔒 could not read',
};

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

/** The GitHub section's headline: what the repository's settings leave open. */
export function githubVerdict(report: DoctorReport): string {
  const failed = failedChecks(report).length;
  const warned = report.checks.filter((c) => c.status === 'warn').length;
  const unread = report.checks.filter((c) => c.status === 'unreadable').length;
  const parts = [
    failed > 0
      ? `${failed} required setting${failed === 1 ? '' : 's'} missing`
      : 'the required settings are set',
    ...(warned > 0 ? [`${warned} to tighten`] : []),
    ...(unread > 0 ? [`${unread} not readable with this token`] : []),
  ];
  return parts.join(', ');
}

/** The GitHub section as a table: each setting, what GitHub said, and where in Settings to change it. */
export function renderGitHubSummary(report: DoctorReport): string {
  const rows = report.checks.map(
    (c) =>
      `| ${escapeMarkdown(c.check)} | ${STATUS_LABEL[c.status]} | ${escapeMarkdown(c.found)} | ${fixCell(c)} |`,
  );
  return [
    `### berth doctor: ${escapeMarkdown(report.host)}: ${githubVerdict(report)}`,
    '',
    '| Setting | Status | Found | Where to set it |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** One line per check (and an indented fix line), for the log: `missing  Docker engine: not found`. */
export function renderDoctorText(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.check.length), 0);
  const statusWidth = Math.max(7, ...report.checks.map((c) => c.status.length));
  const lines = report.checks.flatMap((c) => {
    const line = `${c.status.padEnd(statusWidth)}  ${c.check.padEnd(width)}  ${c.found}`;
    if (c.fix === '' && c.command === undefined) return [line];
    const fix = c.command === undefined ? c.fix : c.fix === '' ? c.command : `${c.fix}: ${c.command}`;
    return [line, `${' '.repeat(statusWidth + 2)}${' '.repeat(width)}  fix: ${fix}`];
  });
  return lines.join('\n');
}
