/**
 * `quality-check`: the one check a repository marks required. It runs last, `if: always()`, needing
 * every quality job, and is given `toJSON(needs)`. A skipped job counts as passing for GitHub, so the
 * quality jobs alone cannot be required: a pull request could edit its own berth config to select
 * nothing. This step reads which components the pull request's files touch from the base branch's
 * config (the pull request's own only when the base branch has none: a first adoption, said in the
 * summary), and fails when a needed job failed or was cancelled, or a touched component was not tested.
 *
 * Steps: read `needs` → on a pull request, the base commit's config and the changed files → the
 * touched components → the verdict (../plan/quality-check.ts) → output, summary, fail.
 */
import path from 'node:path';
import { loadConfig, parseConfig } from '../config/load.js';
import type { BerthConfig } from '../config/schema.js';
import { ConfigurationError, VerdictError } from '../errors.js';
import type { GitHubApi } from '../github/api.js';
import { baseSha, pullRequestNumber, readEvent, type EventContext } from '../github/event.js';
import { githubFor } from '../github/factory.js';
import type { InputsOf } from '../inputs.js';
import { parseNeeds, qualityVerdict, touchedComponents, type Touch } from '../plan/quality-check.js';
import { renderQualityCheckSummary, type TouchSource } from '../report/quality-check-summary.js';
import type { Runtime } from '../runtime/runtime.js';

export async function runQualityCheck(inputs: InputsOf<'quality-check'>, runtime: Runtime): Promise<void> {
  const needs = parseNeeds(inputs.needs);
  const event = await readEvent(runtime);
  const number = pullRequestNumber(event);
  let touched: Touch[] | undefined;
  let source: TouchSource | undefined;
  if (number !== undefined) {
    const github = githubFor(runtime, inputs);
    const found = await componentPaths(event, inputs.config, github, runtime);
    source = found.source;
    const { files, truncated } = await github.pullRequestFiles(number);
    if (truncated)
      runtime.warning(
        `GitHub lists at most ${files.length} files of a pull request; components touched only by later files are not checked.`,
      );
    touched = touchedComponents(found.config.components, files);
  }
  const verdict = qualityVerdict(needs, touched);
  runtime.setOutput('passed', String(verdict.passed));
  await runtime.appendSummary(renderQualityCheckSummary(verdict, source));
  if (!verdict.passed)
    throw new VerdictError(`quality check failed:\n${verdict.problems.map((p) => `- ${p}`).join('\n')}`);
  runtime.info(
    `quality check passed: ${touched === undefined ? 'no needed job failed' : `${touched.length} touched component(s), each tested`}`,
  );
}

/** The config whose paths say what the pull request touches: the base commit's, else (none there) its own. */
async function componentPaths(
  event: EventContext,
  configPath: string,
  github: GitHubApi,
  runtime: Runtime,
): Promise<{ config: BerthConfig; source: TouchSource }> {
  const base = baseSha(event);
  if (base === undefined) {
    throw new ConfigurationError(
      'event: the pull request payload has no pull_request.base.sha (40 hex digits); expected a pull_request event, whose base commit holds the config the check trusts',
    );
  }
  const where = `${configPath} at the base commit ${base.slice(0, 7)}`;
  const text = await github.fileAtCommit(configPath, base);
  if (text !== undefined)
    return { config: parseConfig(text, where), source: { description: where, fromPullRequest: false } };
  runtime.warning(
    `${where}: no such file (a first adoption?); the pull request's own ${configPath} decides which components it touches`,
  );
  return {
    config: await loadConfig(path.resolve(runtime.workspace, configPath), configPath),
    source: {
      description: `${configPath} of the pull request (the base branch has none)`,
      fromPullRequest: true,
    },
  };
}
