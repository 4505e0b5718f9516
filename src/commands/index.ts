import { readInputs, type CommandName, type Inputs } from '../inputs.js';
import type { Runtime } from '../runtime/runtime.js';
import { cleanupBuild, runBuild } from './build.js';
import { releaseLockAfterRun, runDeploy, runRollback } from './deploy.js';
import { runPlan } from './plan.js';

export const COMMAND_HANDLERS: Record<CommandName, (inputs: Inputs, runtime: Runtime) => Promise<void>> = {
  plan: runPlan,
  build: (inputs, runtime) => runBuild(inputs, runtime),
  deploy: (inputs, runtime) => runDeploy(inputs, runtime),
  rollback: (inputs, runtime) => runRollback(inputs, runtime),
  // Loaded only when asked: the parsers (and their XML reader) are no part of plan's start-up.
  coverage: async (inputs, runtime) => (await import('./coverage.js')).runCoverage(inputs, runtime),
};

/** The post step: releases what main steps took (credentials, locks), even after a failure or cancel. */
export async function runPost(runtime: Runtime): Promise<void> {
  await cleanupBuild(runtime);
  await releaseLockAfterRun(readInputsIfValid(runtime), runtime);
  runtime.debug('berth post step: cleaned up');
}

/** The post step reconnects to an SSH host with the step's inputs; they were checked by the main step. */
function readInputsIfValid(runtime: Runtime): Inputs | undefined {
  try {
    return readInputs(runtime);
  } catch {
    return undefined;
  }
}
