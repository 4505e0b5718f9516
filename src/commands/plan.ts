import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { readEvent } from '../github/event.js';
import { githubFor } from '../github/factory.js';
import type { InputsOf } from '../inputs.js';
import { planOutputs } from '../plan/outputs.js';
import { createPlan, selectedComponents } from '../plan/planner.js';
import { renderPlanSummary } from '../report/plan-summary.js';
import type { Runtime } from '../runtime/runtime.js';

/** `plan`: read the event and the config, decide, write the outputs and the summary. */
export async function runPlan(inputs: InputsOf<'plan'>, runtime: Runtime): Promise<void> {
  const event = await readEvent(runtime);
  const config = await loadConfig(path.resolve(runtime.workspace, inputs.config), inputs.config);
  const github = inputs.githubToken === '' ? undefined : githubFor(runtime, inputs);

  const plan = await createPlan(event, {
    config,
    configPath: inputs.config,
    environmentInput: inputs.environment,
    componentsInput: inputs.components,
    github,
    warn: (message) => runtime.warning(message),
  });

  const outputs = planOutputs(plan, config);
  for (const [name, value] of Object.entries(outputs)) runtime.setOutput(name, value);
  const chosen = selectedComponents(plan);
  runtime.info(
    `plan: ${plan.note}. ${chosen.length === 0 ? 'No components.' : `Components: ${chosen.join(', ')}.`}`,
  );
  await runtime.appendSummary(renderPlanSummary(plan));
}
