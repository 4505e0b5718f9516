/**
 * The Runtime of the GitHub Action: inputs and state from the environment, outputs and state to the
 * runner's files, logs and annotations as workflow commands (src/runtime/workflow-commands.ts), and
 * GITHUB_* variables for the context.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { EOL, tmpdir } from 'node:os';
import type { SubActionName } from '../action-spec.js';
import type { InputName } from '../inputs.js';
import { CONTEXT_NAMES, type ContextName, type Runtime } from './runtime.js';
import {
  annotationProperties,
  inputVariable,
  keyValueBlock,
  plainLog,
  secretForms,
  workflowCommand,
} from './workflow-commands.js';

const POST_STATE = 'isPost';

export function createActionRuntime(
  env: NodeJS.ProcessEnv = process.env,
  write: (text: string) => void = (text) => void process.stdout.write(text),
  /** The sub-action running; undefined for the root action (`command:`). */
  action?: SubActionName,
): Runtime {
  const command = (name: string, message: string, properties?: Parameters<typeof workflowCommand>[2]): void =>
    write(`${workflowCommand(name, message, properties)}${EOL}`);
  /** A file command (GITHUB_OUTPUT, GITHUB_STATE); a runner too old for them gets the stdout command. */
  const fileCommand = (file: 'OUTPUT' | 'STATE', legacy: string, name: string, value: string): void => {
    const path = env[`GITHUB_${file}`];
    if (!path) {
      if (file === 'OUTPUT') write(EOL);
      command(legacy, value, [['name', name]]);
      return;
    }
    if (!existsSync(path)) throw new Error(`GITHUB_${file} names ${path}, which does not exist`);
    appendFileSync(path, keyValueBlock(name, value), 'utf8');
  };
  return {
    action,
    getInput: (name: InputName) => (env[inputVariable(name)] ?? '').trim(),
    // The runner sets INPUT_<NAME> for every declared input and every `with:` key, declared or not.
    givenInputs: () =>
      new Map(
        Object.entries(env)
          .filter(([key]) => key.startsWith('INPUT_'))
          .map(([key, value]) => [key.slice('INPUT_'.length).toLowerCase(), value ?? '']),
      ),
    // The runner masks each line of a value given; the JSON-escaped form is one more mask.
    setSecret: (value) => {
      command('add-mask', value);
      for (const form of secretForms(value).slice(1))
        if (!/[\r\n]/.test(form) && !value.split(/\r?\n/).includes(form)) command('add-mask', form);
    },
    getContext: (name: ContextName) => env[CONTEXT_NAMES[name]] ?? '',
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    setOutput: (name, value) => fileCommand('OUTPUT', 'set-output', name, value),
    appendSummary: async (markdown) => {
      // Outside a runner (no GITHUB_STEP_SUMMARY) the summary goes to the log instead of failing the step.
      if (!env.GITHUB_STEP_SUMMARY) {
        write(`${plainLog(markdown)}${EOL}`);
        return;
      }
      await appendFile(env.GITHUB_STEP_SUMMARY, `${markdown}${EOL}`, 'utf8');
    },
    info: (message) => write(`${plainLog(message)}${EOL}`),
    startGroup: (title) => command('group', title),
    endGroup: () => command('endgroup', ''),
    warning: (message, where) => command('warning', message, annotationProperties(where)),
    debug: (message) => command('debug', message),
    setFailed: (message, where = []) => {
      process.exitCode = 1;
      // One annotation per place, shown on the config file's line in the PR's diff, else the message.
      if (where.length === 0) command('error', message);
      for (const w of where) {
        command(
          'error',
          w.message,
          annotationProperties({ file: w.file, startLine: w.line, startColumn: w.col }),
        );
      }
    },
    tempDir: env.RUNNER_TEMP || tmpdir(),
    saveState: (name, value) => fileCommand('STATE', 'save-state', name, value),
    getState: (name) => env[`STATE_${name}`] ?? '',
    isPost: () => (env[`STATE_${POST_STATE}`] ?? '') === 'true',
    markMainRan: () => fileCommand('STATE', 'save-state', POST_STATE, 'true'),
  };
}
