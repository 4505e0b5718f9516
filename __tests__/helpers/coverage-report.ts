import type { CoverageReport } from '../../src/coverage/model.js';

/**
 * A report's files as plain objects — path, line and branch data as plain Maps, summary — to compare
 * two readings of one report (parsers keep each file as one object of numbers: `PackedFile`).
 */
export function plainReport(report: CoverageReport): CoverageReport {
  return {
    ...report,
    files: report.files.map((f) => ({
      path: f.path,
      ...(f.lines === undefined ? {} : { lines: new Map(f.lines) }),
      ...(f.branches === undefined ? {} : { branches: new Map(f.branches) }),
      summary: f.summary,
    })),
  };
}
