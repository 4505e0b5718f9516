import { SUB_ACTIONS, type SubActionName } from './action-spec.js';
import { run } from './main.js';
import { createActionRuntime } from './runtime/action.js';

/**
 * The action's entry. A sub-action's entry (`dist/<name>.js`, written by scripts/action-entries.mjs)
 * names itself in `globalThis.berthAction` and imports this bundle: one bundle, no duplicated chunks.
 */
const named = (globalThis as { berthAction?: string }).berthAction;
if (named !== undefined && !Object.hasOwn(SUB_ACTIONS, named)) {
  throw new Error(`berth: unknown sub-action ${JSON.stringify(named)}`);
}
await run(createActionRuntime(process.env, undefined, named as SubActionName | undefined));
