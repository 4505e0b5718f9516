/**
 * What `doctor` finds: one result per check (ok, a warning, missing, or skipped — with what was found and
 * how to fix it), and a host's report. Pure data; report/doctor-summary.ts renders it.
 */

/**
 * `fail`: something deploy needs is missing (the command fails); `warn`: it works, with less;
 * `unreadable`: GitHub would not show it to this token (doctor's GitHub rows; never fails).
 */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skipped' | 'unreadable';

export interface CheckResult {
  /** What was checked: `Docker engine`, `port 18080 (blue-port)`. */
  check: string;
  status: CheckStatus;
  /** What was found: a version, a path, the tool's own error line. */
  found: string;
  /** How to fix it, in words (for a GitHub setting: where to set it); '' when nothing needs fixing. */
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

export function failedChecks(report: DoctorReport): CheckResult[] {
  return report.checks.filter((c) => c.status === 'fail');
}

/** A check not run, and why (`needs nginx`). */
export function skipped(check: string, why: string): CheckResult {
  return { check, status: 'skipped', found: why, fix: '' };
}
