/** A Runtime for in-process command runs: inputs from a record, outputs, summary and log kept for asserts. */
import { tmpdir } from 'node:os';
import { INPUT_DEFAULTS, readInputs, type InputName } from '../../src/inputs.js';
import type { ContextName, Runtime } from '../../src/runtime/runtime.js';

export const TEST_SHA = 'ffac537e6cbbf934b08745a378932722df287a53';

export function fakeRuntime(
  values: Partial<Record<InputName, string>>,
  workspace: string,
  context: Partial<Record<ContextName, string>> = { sha: TEST_SHA, 'run-id': '1234' },
) {
  const outputs: Record<string, string> = {};
  const summary: string[] = [];
  const logs: string[] = [];
  const runtime: Runtime = {
    getInput: (n) => values[n] ?? INPUT_DEFAULTS[n],
    setSecret: () => {},
    getContext: (n) => context[n] ?? '',
    workspace,
    setOutput: (n, v) => void (outputs[n] = v),
    appendSummary: async (m) => void summary.push(m),
    info: (m) => void logs.push(m),
    startGroup: (title) => void logs.push(`::group::${title}`),
    endGroup: () => void logs.push('::endgroup::'),
    warning: (m) => void logs.push(`warning: ${m}`),
    debug: () => {},
    setFailed: (m) => {
      throw new Error(m);
    },
    tempDir: tmpdir(),
    saveState: () => {},
    getState: () => '',
    isPost: () => false,
    markMainRan: () => {},
  };
  return { runtime, outputs, summary, logs, inputs: readInputs(runtime) };
}
