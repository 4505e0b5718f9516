/** The Runtime of the GitHub Action: @actions/core, and GITHUB_* variables for the context. */
import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import type { InputName } from '../inputs.js';
import { CONTEXT_NAMES, type ContextName, type Runtime } from './runtime.js';

const POST_STATE = 'isPost';

export function createActionRuntime(env: NodeJS.ProcessEnv = process.env): Runtime {
  return {
    getInput: (name: InputName) => core.getInput(name),
    setSecret: (value) => core.setSecret(value),
    getContext: (name: ContextName) => env[CONTEXT_NAMES[name]] ?? '',
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    setOutput: (name, value) => core.setOutput(name, value),
    appendSummary: async (markdown) => {
      // Outside a runner (no GITHUB_STEP_SUMMARY) the summary goes to the log instead of failing the step.
      if (!env.GITHUB_STEP_SUMMARY) {
        core.info(markdown);
        return;
      }
      await core.summary.addRaw(markdown, true).write();
    },
    info: (message) => core.info(message),
    warning: (message, where) => core.warning(message, where ?? {}),
    debug: (message) => core.debug(message),
    setFailed: (message) => core.setFailed(message),
    tempDir: env.RUNNER_TEMP || tmpdir(),
    saveState: (name, value) => core.saveState(name, value),
    getState: (name) => core.getState(name),
    isPost: () => core.getState(POST_STATE) === 'true',
    markMainRan: () => core.saveState(POST_STATE, 'true'),
  };
}
