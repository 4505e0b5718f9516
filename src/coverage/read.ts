/**
 * Reading what `coverage` is given: the reports `coverage-files` selects (format detected by content
 * unless `coverage-format` says, paths made repository-relative), the base branch's figures, and JUnit
 * test results. Streams each file in chunks.
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { ConfigurationError, errnoCode } from '../errors.js';
import type { InputsOf } from '../inputs.js';
import type { Runtime } from '../runtime/runtime.js';
import {
  findPatternFiles,
  isGlob,
  listWorkspace,
  parsePath,
  parsePatterns,
  placeFile,
  type FoundFile,
} from './files.js';
import { isFiguresFile, parseFigures, type CoverageFigures } from './figures.js';
import { detectFormat, parseReport } from './index.js';
import { emptyTestResults, mergeTestResults, parseJunit, type TestResults } from './junit.js';
import { mergeFiles } from './merge.js';
import { totalsOf, type CoverageFormat, type FileCoverage } from './model.js';
import { normalisePaths, SourceIndex } from './paths.js';

/** Reports are read in 256 KiB chunks (fewer reads than the default 64 KiB; more buys nothing). */
const READ_CHUNK = 1 << 18;

/**
 * A file's bytes as chunks of one reused buffer, each valid until the next is asked for (the parsers
 * copy what they keep): a stream's fresh buffer per chunk leaves as much garbage as the report is big,
 * and a 240 MB report's buffers outgrew everything else the job holds.
 */
export async function* fileChunks(file: string, size = READ_CHUNK): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(size);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, size, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

export interface ReadReports {
  /** Every file of every report, merged (a file in two reports counts once). */
  files: FileCoverage[];
  /** Each report by name: workspace-relative inside the workspace, absolute outside it. */
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
  const workspaceFiles = await listWorkspace(workspace, {
    onLimit: (m) => runtime.warning(`coverage: ${m}`),
  });
  const { found, nothing } = await findPatternFiles(patterns, workspace, workspaceFiles, {
    onLimit: (m) => runtime.warning(`coverage-files: ${m}`),
  });
  if (found.length === 0) {
    throw new ConfigurationError(
      `coverage-files: no file matches ${nothing}; did the tests run and write their report before this step?`,
      { key: 'coverage-files', kind: 'invalid' },
    );
  }
  // Repository files, to place JaCoCo's package paths and reports written on another machine.
  const index = new SourceIndex(workspaceFiles);
  const files: FileCoverage[] = [];
  const reports: Array<{ file: string; format: string; files: number }> = [];
  for (const { name, path: absolute } of found) {
    const format: CoverageFormat =
      inputs.coverageFormat === 'auto' ? detectFormat(await head(absolute), name) : inputs.coverageFormat;
    // Where the report lies does not matter: its paths are placed against the workspace alone.
    const report = normalisePaths(await parseReport(format, fileChunks(absolute), name), workspace, index);
    // Where berth counts as the writing tool does rather than as the format's reference tool, it says so.
    const shownFormat = report.writer ? `${format}, written by ${report.writer} and counted its way` : format;
    runtime.info(`${name}: ${shownFormat}, ${report.files.length} files`);
    reports.push({ file: name, format: shownFormat, files: report.files.length });
    // One by one: push(...files) passes every file as an argument and overflows the stack past ~100,000.
    for (const f of report.files) files.push(f);
  }
  return { files: mergeFiles(files), reports, index, workspaceFiles };
}

/**
 * `base-coverage-file`: the base branch's figures — berth's own figures file, or any coverage report
 * (its totals); a path relative to the workspace or absolute, or a glob that selects one file (e.g. in
 * the directory an artifact was downloaded to). Missing: a warning (the base branch may not have run
 * yet); unreadable: an error.
 */
export async function readBaseFigures(
  inputs: InputsOf<'coverage'>,
  runtime: Runtime,
  index: SourceIndex,
  workspaceFiles: readonly string[] = [],
): Promise<(CoverageFigures & { source: string }) | undefined> {
  const value = inputs.baseCoverageFile;
  if (value === '') return undefined;
  const base = await findBaseFile(value, runtime, workspaceFiles);
  if (base === undefined) return undefined;
  const { name: file, path: absolute } = base;
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
    await parseReport(format, fileChunks(absolute), file),
    runtime.workspace,
    index,
  );
  const totals = totalsOf(mergeFiles(report.files));
  return { lines: totals.lines, branches: totals.branches, source: file };
}

/** The base file: a path as it is (its name workspace-relative when inside), or the one file a glob selects. */
async function findBaseFile(
  value: string,
  runtime: Runtime,
  workspaceFiles: readonly string[],
): Promise<FoundFile | undefined> {
  const pattern = parsePath(value, 'base-coverage-file');
  if (!isGlob(pattern)) return placeFile(pattern, runtime.workspace);
  const { found, nothing } = await findPatternFiles([pattern], runtime.workspace, workspaceFiles, {
    onLimit: (m) => runtime.warning(`base-coverage-file: ${m}`),
  });
  if (found.length > 1) {
    throw new ConfigurationError(
      `base-coverage-file: ${JSON.stringify(value)} matches ${found.length} files (${found
        .slice(0, 5)
        .map((f) => f.name)
        .join(', ')}${found.length > 5 ? ', …' : ''}); expected one file: the base run's report-file`,
      { key: 'base-coverage-file', kind: 'invalid' },
    );
  }
  if (found.length === 0) {
    runtime.warning(
      `base-coverage-file: no file matches ${nothing}; no delta against the base branch this time`,
    );
    return undefined;
  }
  return found[0];
}

/** `junit-files`: test results, when given; undefined when not asked for. */
export async function readTests(
  inputs: InputsOf<'coverage'>,
  runtime: Runtime,
  workspaceFiles: readonly string[],
): Promise<TestResults | undefined> {
  if (inputs.junitFiles.trim() === '') return undefined;
  const patterns = parsePatterns(inputs.junitFiles, 'junit-files');
  const { found, nothing } = await findPatternFiles(patterns, runtime.workspace, workspaceFiles, {
    onLimit: (m) => runtime.warning(`junit-files: ${m}`),
  });
  if (found.length === 0) {
    runtime.warning(`junit-files: no file matches ${nothing}; no test results reported`);
    return undefined;
  }
  let results = emptyTestResults();
  for (const file of found) {
    results = mergeTestResults(results, await parseJunit(createReadStream(file.path), file.name));
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
