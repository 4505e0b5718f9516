import { COMMAND_HANDLERS, runPost } from './commands/index.js';
import { applyConfigInputs, explainMissingConfig } from './config/step-inputs.js';
import { ConfigurationError, describeError } from './errors.js';
import { readInputs, type Inputs } from './inputs.js';
import { createActionRuntime } from './runtime/action.js';
import type { Runtime } from './runtime/runtime.js';

/** Runs berth once: the action's main or post step, or a CLI invocation. The one top-level catch. */
export async function run(runtime: Runtime = createActionRuntime()): Promise<void> {
  let inputs: Inputs | undefined;
  try {
    if (runtime.isPost()) {
      await runPost(runtime);
      return;
    }
    runtime.markMainRan();
    inputs = await applyConfigInputs(readInputs(runtime), runtime);
    await COMMAND_HANDLERS[inputs.command](inputs, runtime);
  } catch (error) {
    if (!(error instanceof ConfigurationError) && error instanceof Error && error.stack)
      runtime.debug(error.stack);
    runtime.setFailed(describeError(explainMissingConfig(error, inputs)));
  }
}
