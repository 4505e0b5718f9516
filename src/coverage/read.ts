/**
 * Reading what `coverage` is given: the reports `coverage-files` selects (format detected by content
 * unless `coverage-format` says, paths made repository-relative), the base branch's figures, and JUnit
 * test results. Streams each file in chunks.
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, errnoCode } from '../errors.js';
import type { InputsOf } from '../inputs.js';
import type { Runtime } from '../runtime/runtime.js';
import { listWorkspace, parsePatterns, selectFiles } from './files.js';
import { isFiguresFile, parseFigures, type CoverageFigures } from './figures.js';
import { detectFormat, parseReport } from './index.js';
import { emptyTestResults, mergeTestResults, parseJunit, type TestResults } from './junit.js';
import { mergeFiles } from './merge.js';
import { totalsOf, type CoverageFormat, type FileCoverage } from './model.js';
import { normalisePaths, SourceIndex } from './paths.js';

/** Reports are read in 256 KiB chunks (fewer reads than the default 64 KiB; more buys nothing). */
const READ_CHUNK = 1 << 18;

export interface ReadReports {
  /** Every file of every report, merged (a file in two reports counts once). */
  files: FileCoverage[];
  reports: Array<{ file: string; format: string; files: number }>;
  /** The repository's files, to place reports' paths (also the base report's). */
  index: SourceIndex;
  workspaceFiles: string[];
}

export async function readCoverageReports(
  inputs: InputsOf<'coverage'>,
  runtime: Runtime,
): Promise<ReadReports> {
  const workspace = runtime.workspace;
  const patterns = parsePatterns(inputs.coverageFiles, 'coverage-files');
  const workspaceFiles = await listWorkspace(workspace);
  const reportFiles = selectFiles(workspaceFiles, patterns);
  if (reportFiles.length === 0) {
    throw new ConfigurationError(
      `coverage-files: no file under ${workspace} matches ${patterns.map((p) => JSON.stringify(p)).join(', ')}; did the tests run and write their report before this step?`,
      { key: 'coverage-files', kind: 'invalid' },
    );
  }
  // Repository files, to place JaCoCo's package paths and reports written on another machine.
  const index = new SourceIndex(workspaceFiles);
  const files: FileCoverage[] = [];
  const reports: Array<{ file: string; format: string; files: number }> = [];
  for (const file of reportFiles) {
    const absolute = path.join(workspace, file);
    const format: CoverageFormat =
      inputs.coverageFormat === 'auto' ? detectFormat(await head(absolute), file) : inputs.coverageFormat;
    const report = normalisePaths(
      await parseReport(format, createReadStream(absolute, { highWaterMark: READ_CHUNK }), file),
      workspace,
      index,
    );
    runtime.info(`${file}: ${format}, ${report.files.length} files`);
    reports.push({ file, format, files: report.files.length });
    // One by one: push(...files) passes every file as an argument and overflows the stack past ~100,000.
    for (const f of report.files) files.push(f);
  }
  return { files: mergeFiles(files), reports, index, workspaceFiles };
}

/**
 * `base-coverage-file`: the base branch's figures — berth's own figures file, or any coverage report
 * (its totals). Missing: a warning (the base branch may not have run yet); unreadable: an error.
 */
export async function readBaseFigures(
  inputs: InputsOf<'coverage'>,
  runtime: Runtime,
  index: SourceIndex,
): Promise<(CoverageFigures & { source: string }) | undefined> {
  const file = inputs.baseCoverageFile;
  if (file === '') return undefined;
  const absolute = path.resolve(runtime.workspace, file);
  let start: string;
  try {
    start = await head(absolute);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
    runtime.warning(`base-coverage-file: ${file} does not exist; no delta against the base branch this time`);
    return undefined;
  }
  if (isFiguresFile(start)) {
    return { ...parseFigures(await readFile(absolute, 'utf8'), file, 'base-coverage-file'), source: file };
  }
  const format =
    inputs.coverageFormat === 'auto'
      ? detectFormat(start, file, 'base-coverage-file')
      : inputs.coverageFormat;
  const report = normalisePaths(
    await parseReport(format, createReadStream(absolute, { highWaterMark: READ_CHUNK }), file),
    runtime.workspace,
    index,
  );
  const totals = totalsOf(mergeFiles(report.files));
  return { lines: totals.lines, branches: totals.branches, source: file };
}

/** `junit-files`: test results, when given; undefined when not asked for. */
export async function readTests(
  inputs: InputsOf<'coverage'>,
  runtime: Runtime,
  workspaceFiles: readonly string[],
): Promise<TestResults | undefined> {
  if (inputs.junitFiles.trim() === '') return undefined;
  const patterns = parsePatterns(inputs.junitFiles, 'junit-files');
  const found = selectFiles(workspaceFiles, patterns);
  if (found.length === 0) {
    runtime.warning(
      `junit-files: no file matches ${patterns.map((p) => JSON.stringify(p)).join(', ')}; no test results reported`,
    );
    return undefined;
  }
  let results = emptyTestResults();
  for (const file of found) {
    results = mergeTestResults(
      results,
      await parseJunit(createReadStream(path.join(runtime.workspace, file)), file),
    );
  }
  return results;
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
