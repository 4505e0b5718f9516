import type { CommandName, Inputs } from '../inputs.js';
import type { Runtime } from '../runtime/runtime.js';
import { cleanupBuild, runBuild } from './build.js';
import { runPlan } from './plan.js';

export const COMMAND_HANDLERS: Record<CommandName, (inputs: Inputs, runtime: Runtime) => Promise<void>> = {
  plan: runPlan,
  build: (inputs, runtime) => runBuild(inputs, runtime),
};

/** The post step: releases what main steps took (credentials, locks), even after a failure or cancel. */
export async function runPost(runtime: Runtime): Promise<void> {
  await cleanupBuild(runtime);
  runtime.debug('berth post step: cleaned up');
}
