import type { CoverageReport } from '../../src/coverage/model.js';

/** A report with its packed line and branch data as plain Maps, to compare two readings of one report. */
export function plainReport(report: CoverageReport): CoverageReport {
  return {
    ...report,
    files: report.files.map((f) => ({
      ...f,
      ...(f.lines === undefined ? {} : { lines: new Map(f.lines) }),
      ...(f.branches === undefined ? {} : { branches: new Map(f.branches) }),
    })),
  };
}
