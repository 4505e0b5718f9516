/**
 * `comment`: stage 2 of the fork-safe pull request comment. A fork's pull_request run has a read-only
 * token, so its `coverage` and `quality-gate` steps leave their sections in `comment-dir` and the
 * workflow uploads them; this command runs in a `workflow_run` workflow (the base repository's code, a
 * write token), reads the downloaded files and writes them into berth's one comment on the pull request.
 *
 * Steps: check the event → read the section files → find the pull request → write the sections. The
 * pull request comes from the event payload and the API only; the artifact is section text, nothing
 * more (see ../github/comment-files.ts).
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
  const found = await findWorkflowRunPullRequest(github, run);
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
