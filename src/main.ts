import { COMMAND_HANDLERS, runPost } from './commands/index.js';
import { applyConfigInputs, explainMissingConfig } from './config/step-inputs.js';
import { ConfigurationError, describeError, isBerthError } from './errors.js';
import { checkStepInputs, readCommand, readInputs, type Inputs } from './inputs.js';
import type { Runtime } from './runtime/runtime.js';

/**
 * Runs berth once: the action's main or post step, or a CLI invocation. The one top-level catch. The
 * caller brings the runtime (src/index.ts the action's, src/cli.ts the CLI's): neither bundle carries
 * the other's.
 */
export async function run(runtime: Runtime): Promise<void> {
  let inputs: Inputs | undefined;
  try {
    if (runtime.isPost()) {
      await runPost(runtime);
      return;
    }
    runtime.markMainRan();
    const command = readCommand(runtime);
    const given = runtime.givenInputs?.();
    if (given !== undefined) {
      checkStepInputs(command, given, { action: runtime.action, prefix: runtime.inputPrefix });
    }
    inputs = await applyConfigInputs(readInputs(runtime), runtime);
    await COMMAND_HANDLERS[inputs.command](inputs, runtime);
  } catch (error) {
    if (!isBerthError(error) && error instanceof Error && error.stack) runtime.debug(error.stack);
    const explained = explainMissingConfig(error, inputs);
    runtime.setFailed(
      describeError(explained),
      explained instanceof ConfigurationError ? explained.locations : [],
    );
  }
}
