/**
 * `coverage`: read every report `coverage-files` selects (format detected by content unless
 * `coverage-format` says), make paths repository-relative, merge, and gate: outputs, a step summary,
 * and a failed step — one line per failed condition — when a threshold is not met.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { changedLinesCoverage, gitChangedLines, type ChangedLinesResult } from '../coverage/changed-lines.js';
import { diffFromPatches, parseUnifiedDiff } from '../coverage/diff.js';
import { listWorkspace, parsePatterns, selectFiles } from '../coverage/files.js';
import {
  deltaPoints,
  isFiguresFile,
  parseFigures,
  renderFigures,
  type CoverageFigures,
} from '../coverage/figures.js';
import { detectFormat, parseReport } from '../coverage/index.js';
import { dropCondition, minimumCondition, type CoverageCondition } from '../coverage/gate.js';
import { mergeFiles } from '../coverage/merge.js';
import { percent, totalsOf, type CoverageFormat, type FileCoverage } from '../coverage/model.js';
import { normalisePaths, SourceIndex } from '../coverage/paths.js';
import { emptyTestResults, mergeTestResults, parseJunit, type TestResults } from '../coverage/junit.js';
import { ConfigurationError, errnoCode, VerdictError } from '../errors.js';
import type { GitHubApi } from '../github/api.js';
import { writeSectionFiles } from '../github/comment-files.js';
import { lazyGitHubFor } from '../github/factory.js';
import {
  readPullRequest,
  writeCommentSections,
  type PullRequestRef,
} from '../github/pull-request-comment.js';
import { componentSlug, sectionName } from '../report/pr-comment.js';
import { renderTestsSection } from '../report/tests-section.js';
import { createExec } from '../exec.js';
import type { InputsOf } from '../inputs.js';
import { describeFailedCondition, renderCoverageSummary } from '../report/coverage-summary.js';
import type { Runtime } from '../runtime/runtime.js';

/** Reports are read in 256 KiB chunks (fewer reads than the default 64 KiB; more buys nothing). */
const READ_CHUNK = 1 << 18;

export async function runCoverage(inputs: InputsOf<'coverage'>, runtime: Runtime): Promise<void> {
  const workspace = runtime.workspace;
  const patterns = parsePatterns(inputs.coverageFiles, 'coverage-files');
  const workspaceFiles = await listWorkspace(workspace);
  const reportFiles = selectFiles(workspaceFiles, patterns);
  if (reportFiles.length === 0) {
    throw new ConfigurationError(
      `coverage-files: no file under ${workspace} matches ${patterns.map((p) => JSON.stringify(p)).join(', ')}; did the tests run and write their report before this step?`,
    );
  }
  // Repository files, to place JaCoCo's package paths and reports written on another machine.
  const index = new SourceIndex(workspaceFiles);
  const pr = await readPullRequest(runtime);
  const api = lazyGitHubFor(runtime, inputs);
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
    files.push(...report.files);
  }
  const merged = mergeFiles(files);
  const totals = totalsOf(merged);
  const base = await readBaseFigures(inputs, runtime, index);
  const changed = pr && (await changedLines(inputs, runtime, pr, api, merged));
  if (changed && 'counter' in changed) annotate(runtime, changed);

  const conditions: CoverageCondition[] = [];
  if (inputs.minLine !== undefined) {
    conditions.push(minimumCondition('min-line', 'line coverage', totals.lines, inputs.minLine));
  }
  if (inputs.minBranch !== undefined) {
    conditions.push(minimumCondition('min-branch', 'branch coverage', totals.branches, inputs.minBranch));
  }
  if (inputs.minChangedLines !== undefined && changed && 'counter' in changed && changed.counter.total > 0) {
    // A PR that changes no coverable line has nothing to gate here.
    conditions.push(
      minimumCondition(
        'min-changed-lines',
        'changed-lines coverage',
        changed.counter,
        inputs.minChangedLines,
      ),
    );
  }
  if (inputs.maxDrop !== undefined) {
    const drop = base && dropCondition(totals.lines, base.lines, inputs.maxDrop);
    if (drop) conditions.push(drop);
    else {
      runtime.warning(
        `max-drop: not checked, no base figure (${inputs.baseCoverageFile === '' ? 'base-coverage-file is empty' : `base-coverage-file ${inputs.baseCoverageFile} has none`})`,
      );
    }
  }
  const passed = conditions.every((c) => c.passed);
  const rate = (c: typeof totals.lines | null): string => percent(c)?.toFixed(1) ?? '';
  runtime.setOutput('line-coverage', rate(totals.lines));
  runtime.setOutput('branch-coverage', rate(totals.branches));
  runtime.setOutput('lines-covered', String(totals.lines.covered));
  runtime.setOutput('lines-total', String(totals.lines.total));
  runtime.setOutput('branches-covered', totals.branches ? String(totals.branches.covered) : '');
  runtime.setOutput('branches-total', totals.branches ? String(totals.branches.total) : '');
  runtime.setOutput('changed-lines-coverage', changed && 'counter' in changed ? rate(changed.counter) : '');
  runtime.setOutput('passed', String(passed));
  const delta = base ? deltaPoints(totals.lines, base.lines) : null;
  runtime.setOutput('line-coverage-delta', delta === null ? '' : delta.toFixed(2));
  const slug = componentSlug(inputs.component);
  const reportFile = path.join(runtime.tempDir, `berth-coverage${slug ? `-${slug}` : ''}.json`);
  await writeFile(reportFile, renderFigures(totals, runtime.getContext('sha'), inputs.component));
  runtime.setOutput('report-file', reportFile);
  const tests = await readTests(inputs, runtime, workspaceFiles);
  if (tests) runtime.setOutput('tests-failed', String(tests.failed + tests.errors));
  const section = renderCoverageSummary({
    ...(inputs.component ? { component: inputs.component } : {}),
    ...(base ? { base } : {}),
    totals,
    files: merged,
    reports,
    conditions,
    ...(changed ? { changed } : {}),
  });
  const testsSection = tests ? `#### Tests\n\n${renderTestsSection(tests)}` : undefined;
  await runtime.appendSummary(testsSection ? `${section}\n${testsSection}` : section);
  if (pr) {
    const sections: Array<[string, string]> = [
      [sectionName('coverage', inputs.component), section],
      ...(testsSection ? [[sectionName('tests', inputs.component), testsSection] as [string, string]] : []),
    ];
    await writeSectionFiles(runtime, sections);
    await writeCommentSections(inputs, runtime, pr, api, sections);
  }
  if (!passed) {
    throw new CoverageGateError(
      conditions
        .filter((c) => !c.passed)
        .map(describeFailedCondition)
        .join('\n'),
    );
  }
}

/** GitHub shows at most 10 warning annotations per step: the first ranges go there, all go to the summary. */
const MAX_ANNOTATIONS = 10;

function annotate(runtime: Runtime, changed: ChangedLinesResult): void {
  for (const range of changed.uncovered.slice(0, MAX_ANNOTATIONS)) {
    const lines =
      range.end > range.start ? `Lines ${range.start}-${range.end} are` : `Line ${range.start} is`;
    runtime.warning(`${lines} changed in this pull request and not covered by tests.`, {
      file: range.file,
      startLine: range.start,
      endLine: range.end,
    });
  }
}

/** On a pull request: the change against its base commit. */
async function changedLines(
  inputs: InputsOf<'coverage'>,
  runtime: Runtime,
  pr: PullRequestRef,
  api: () => GitHubApi,
  files: readonly FileCoverage[],
): Promise<ChangedLinesResult | { reason: string }> {
  if (pr.baseSha === undefined) return { reason: 'the event has no pull_request.base.sha' };
  const diff = await gitChangedLines(createExec(runtime), runtime.workspace, pr.baseSha);
  if (!('reason' in diff)) return changedLinesCoverage(diff.changed, files);
  // No git history to compare: ask GitHub for the pull request's patches instead.
  if (inputs.githubToken !== '' && pr.number !== undefined) {
    try {
      const listed = await api().pullRequestFiles(pr.number);
      runtime.info(`changed lines from the pull request's files (GitHub API): ${diff.reason}`);
      return changedLinesCoverage(parseUnifiedDiff(diffFromPatches(listed.patches ?? [])), files);
    } catch (error) {
      runtime.warning(
        `changed-lines coverage: the pull request's files could not be read either (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  runtime.warning(`changed-lines coverage skipped: ${diff.reason}`);
  return diff;
}

/**
 * `base-coverage-file`: the base branch's figures — berth's own figures file, or any coverage report
 * (its totals). Missing: a warning (the base branch may not have run yet); unreadable: an error.
 */
async function readBaseFigures(
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
async function readTests(
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

/** A failed gate: a user-facing verdict, not a bug. */
export class CoverageGateError extends VerdictError {
  override name = 'CoverageGateError';
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
