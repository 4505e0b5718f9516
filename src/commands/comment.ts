/**
 * `comment`: stage 2 of the fork-safe pull request comment. A fork's pull_request run has a read-only
 * token, so its `coverage` and `quality-gate` steps leave their sections' data in `comment-dir` and the
 * workflow uploads them; this command runs in a `workflow_run` workflow (the base repository's code, a
 * write token), reads the downloaded files, renders them itself and writes them into berth's one
 * comment on the pull request.
 *
 * Steps: check the event → read and validate the data, render it → find the pull request and check it
 * against the run's head commit and head repository → write the sections. The artifact is data under a
 * strict schema, never Markdown (../github/comment-data.ts); the number it names is only a claim.
 */
import path from 'node:path';
import { ConfigurationError } from '../errors.js';
import { upsertSections } from '../github/comment.js';
import { readSectionFiles } from '../github/comment-files.js';
import { readEvent } from '../github/event.js';
import { githubFor } from '../github/factory.js';
import { findWorkflowRunPullRequest, readWorkflowRun } from '../github/workflow-run.js';
import type { InputsOf } from '../inputs.js';
import type { Runtime } from '../runtime/runtime.js';

export async function runComment(inputs: InputsOf<'comment'>, runtime: Runtime): Promise<void> {
  const run = readWorkflowRun(await readEvent(runtime, { optional: true }));
  if (inputs.commentDir === '') {
    throw new ConfigurationError(
      "comment-dir: required by comment: the directory (relative to the workspace) the pull_request run's comment-dir artifact was downloaded to",
      { key: 'comment-dir', kind: 'required' },
    );
  }
  if (inputs.githubToken === '') {
    throw new ConfigurationError(
      'github-token: empty, but comment writes the pull request comment; pass `github-token: ${{ github.token }}` with `permissions: pull-requests: write`',
    );
  }
  const sections = await readSectionFiles(
    path.resolve(runtime.workspace, inputs.commentDir),
    inputs.commentDir,
    (message) => runtime.warning(message),
  );
  if (sections.length === 0) {
    runtime.warning(`comment-dir: no section files in ${inputs.commentDir}; nothing to post`);
    return;
  }
  const github = githubFor(runtime, inputs);
  const claimed = [...new Set(sections.flatMap((s) => (s.pullRequest === null ? [] : [s.pullRequest])))];
  if (claimed.length > 1) {
    runtime.warning(
      `comment-dir: the section files name different pull requests (${claimed.map((n) => `#${n}`).join(', ')}); nothing posted`,
    );
    return;
  }
  const found = await findWorkflowRunPullRequest(github, run, claimed[0]);
  if ('reason' in found) {
    runtime.warning(
      `comment: no pull request to comment on for ${describeRun(run.name)}: ${found.reason}; nothing posted`,
    );
    return;
  }
  runtime.info(`pull request #${found.number}: ${found.how}`);
  const result = await upsertSections(github, found.number, sections);
  runtime.info(
    `pull request comment ${result.action} (${sections.map((s) => s.section).join(', ')}): ${result.url}`,
  );
}

function describeRun(name: string): string {
  return name === '' ? 'the workflow run' : `the ${JSON.stringify(name)} run`;
}
