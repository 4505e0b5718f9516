import type { CommandName, Inputs } from '../inputs.js';
import type { Runtime } from '../runtime/runtime.js';
import { runPlan } from './plan.js';

export const COMMAND_HANDLERS: Record<CommandName, (inputs: Inputs, runtime: Runtime) => Promise<void>> = {
  plan: runPlan,
};

/** The post step: releases what main steps took (credentials, locks). `plan` takes nothing. */
export async function runPost(runtime: Runtime): Promise<void> {
  runtime.debug('berth post step: nothing to clean up');
}
