/**
 * `coverage`: read every report `coverage-files` selects, merge, and gate: outputs, the base delta, the
 * changed lines of a pull request, test results, a step summary and PR comment sections, and a failed
 * step — one line per failed condition — when a threshold is not met.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pullRequestChangedLines, type ChangedLinesResult } from '../coverage/changed-lines.js';
import { deltaPoints, renderFigures } from '../coverage/figures.js';
import { coverageConditions, type CoverageResult } from '../coverage/gate.js';
import { percent, totalsOf } from '../coverage/model.js';
import { readBaseFigures, readCoverageReports, readTests } from '../coverage/read.js';
import { VerdictError } from '../errors.js';
import { writeSectionFiles } from '../github/comment-files.js';
import { lazyGitHubFor } from '../github/factory.js';
import { readPullRequest, writeCommentSections } from '../github/pull-request-comment.js';
import type { InputsOf } from '../inputs.js';
import { describeFailedCondition, renderCoverageSummary } from '../report/coverage-summary.js';
import { componentSlug, sectionName } from '../report/pr-comment.js';
import { renderTestsSection } from '../report/tests-section.js';
import type { Runtime } from '../runtime/runtime.js';

export async function runCoverage(inputs: InputsOf<'coverage'>, runtime: Runtime): Promise<void> {
  // 1. The reports, merged; the base branch's figures; on a pull request, its changed lines.
  const { files, reports, index, workspaceFiles } = await readCoverageReports(inputs, runtime);
  const totals = totalsOf(files);
  const pr = await readPullRequest(runtime);
  const api = lazyGitHubFor(runtime, inputs);
  const base = await readBaseFigures(inputs, runtime, index, workspaceFiles);
  const changed = pr && (await pullRequestChangedLines(inputs, runtime, pr, api, files));
  if (changed && 'counter' in changed) annotate(runtime, changed);

  // 2. The gate, and the outputs.
  const conditions = coverageConditions(inputs, totals, changed, base, (m) => runtime.warning(m));
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

  // 3. Test results, when given.
  const tests = await readTests(inputs, runtime, workspaceFiles);
  if (tests) runtime.setOutput('tests-failed', String(tests.failed + tests.errors));

  // 4. The summary and the PR comment's sections; the verdict.
  const result: CoverageResult = {
    ...(inputs.component ? { component: inputs.component } : {}),
    ...(base ? { base } : {}),
    totals,
    files,
    reports,
    conditions,
    ...(changed ? { changed } : {}),
  };
  const section = renderCoverageSummary(result);
  const testsSection = tests ? `#### Tests\n\n${renderTestsSection(tests)}` : undefined;
  await runtime.appendSummary(testsSection ? `${section}\n${testsSection}` : section);
  if (pr) {
    const sections: Array<[string, string]> = [
      [sectionName('coverage', inputs.component), section],
      ...(testsSection ? [[sectionName('tests', inputs.component), testsSection] as [string, string]] : []),
    ];
    await writeSectionFiles(runtime, pr.number ?? null, [
      { kind: 'coverage', component: inputs.component, result },
      ...(tests ? [{ kind: 'tests' as const, component: inputs.component, results: tests }] : []),
    ]);
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

/** A failed gate: a user-facing verdict, not a bug. */
export class CoverageGateError extends VerdictError {
  override name = 'CoverageGateError';
}
