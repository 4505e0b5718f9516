/**
 * `coverage`: read every report `coverage-files` selects (format detected by content unless
 * `coverage-format` says), make paths repository-relative, merge, and gate: outputs, a step summary,
 * and a failed step — one line per failed condition — when a threshold is not met.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { findFiles, parsePatterns } from '../coverage/files.js';
import { detectFormat, parseReport } from '../coverage/index.js';
import { mergeFiles } from '../coverage/merge.js';
import { percent, totalsOf, type CoverageFormat, type FileCoverage } from '../coverage/model.js';
import { normalisePaths, SourceIndex } from '../coverage/paths.js';
import { ConfigurationError } from '../errors.js';
import type { Inputs } from '../inputs.js';
import {
  describeFailedCondition,
  renderCoverageSummary,
  type GateCondition,
} from '../report/coverage-summary.js';
import type { Runtime } from '../runtime/runtime.js';

export async function runCoverage(inputs: Inputs, runtime: Runtime): Promise<void> {
  const workspace = runtime.workspace;
  const patterns = parsePatterns(inputs.coverageFiles, 'coverage-files');
  const reportFiles = await findFiles(workspace, patterns);
  if (reportFiles.length === 0) {
    throw new ConfigurationError(
      `coverage-files: no file under ${workspace} matches ${patterns.map((p) => JSON.stringify(p)).join(', ')}; did the tests run and write their report before this step?`,
    );
  }
  // Repository files, to place JaCoCo's package paths and reports written on another machine.
  const index = new SourceIndex(await findFiles(workspace, ['**']));
  const files: FileCoverage[] = [];
  const reports: Array<{ file: string; format: string; files: number }> = [];
  for (const file of reportFiles) {
    const absolute = path.join(workspace, file);
    const format: CoverageFormat =
      inputs.coverageFormat === 'auto' ? detectFormat(await head(absolute), file) : inputs.coverageFormat;
    const report = normalisePaths(
      await parseReport(format, createReadStream(absolute), file),
      workspace,
      index,
    );
    runtime.info(`${file}: ${format}, ${report.files.length} files`);
    reports.push({ file, format, files: report.files.length });
    files.push(...report.files);
  }
  const merged = mergeFiles(files);
  const totals = totalsOf(merged);

  const conditions: GateCondition[] = [];
  if (inputs.minLine !== undefined) {
    conditions.push(condition('min-line', 'line coverage', totals.lines, inputs.minLine));
  }
  if (inputs.minBranch !== undefined) {
    conditions.push(condition('min-branch', 'branch coverage', totals.branches, inputs.minBranch));
  }
  const passed = conditions.every((c) => c.passed);
  const rate = (c: typeof totals.lines | null): string => percent(c)?.toFixed(1) ?? '';
  runtime.setOutput('line-coverage', rate(totals.lines));
  runtime.setOutput('branch-coverage', rate(totals.branches));
  runtime.setOutput('lines-covered', String(totals.lines.covered));
  runtime.setOutput('lines-total', String(totals.lines.total));
  runtime.setOutput('branches-covered', totals.branches ? String(totals.branches.covered) : '');
  runtime.setOutput('branches-total', totals.branches ? String(totals.branches.total) : '');
  runtime.setOutput('passed', String(passed));
  await runtime.appendSummary(renderCoverageSummary({ totals, files: merged, reports, conditions }));
  if (!passed) {
    throw new CoverageGateError(
      conditions
        .filter((c) => !c.passed)
        .map(describeFailedCondition)
        .join('\n'),
    );
  }
}

/** A failed gate: a user-facing verdict, not a bug. */
export class CoverageGateError extends ConfigurationError {
  override name = 'CoverageGateError';
}

function condition(
  input: string,
  what: string,
  actual: GateCondition['actual'],
  threshold: number,
): GateCondition {
  // No data (a report without branches) cannot pass a branch threshold: the gate would be empty.
  const p = percent(actual);
  return { input, what, actual, threshold, passed: p !== null && p >= threshold };
}

/** The first 4 KiB, for detection by content. */
async function head(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
