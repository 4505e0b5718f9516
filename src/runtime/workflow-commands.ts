/**
 * The GitHub Actions runner's protocol, the part berth speaks — pure builders of what goes to stdout
 * (workflow commands: `::add-mask::`, `::warning file=…::`) and to the runner's files (`GITHUB_OUTPUT`,
 * `GITHUB_STATE`: `name<<delimiter` blocks). It is what @actions/core writes, byte for byte (a test holds
 * them side by side), without @actions/core's HTTP client, whose loading was about half of every
 * berth step's start.
 * https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions
 */
import { randomUUID } from 'node:crypto';
import { EOL } from 'node:os';

export interface CommandProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

/**
 * A log line the runner would read as a workflow command (`::add-mask::…`, `::set-output …`, the legacy
 * `##[…]`) when a value printed in it holds a line break: every line of a plain log message that starts
 * so (after blanks, which the runner trims) gets a zero-width space after its first character — the same
 * text to a reader, no command to the runner. The one log path (info, the summary printed outside a
 * runner, the CLI's stderr) goes through it; commands berth means go through workflowCommand.
 */
export function plainLog(text: string): string {
  return text.replace(/^([ \t]*)([:#])(?=:|#\[)/gm, '$1$2\u200b');
}

/**
 * The forms a secret can appear in once printed: as it is, JSON-escaped (an error quoting a malformed
 * `env` line with JSON.stringify shows `\\"`, `\\n`, `\\u0000` instead of the characters), and each line
 * of a multi-line secret (a private key, a kubeconfig). The runner and the CLI mask them all.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>();
  if (secret.trim() === '') return [];
  forms.add(secret);
  forms.add(JSON.stringify(secret).slice(1, -1));
  if (/[\r\n]/.test(secret)) {
    for (const line of secret.split(/\r?\n/)) if (line.trim().length >= 4) forms.add(line);
  }
  return [...forms];
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** An annotation's place as the command's properties (`line`, `col`: the runner's names). */
export function annotationProperties(
  where: CommandProperties = {},
): Array<[string, string | number | undefined]> {
  return [
    ['title', where.title],
    ['file', where.file],
    ['line', where.startLine],
    ['endLine', where.endLine],
    ['col', where.startColumn],
    ['endColumn', where.endColumn],
  ];
}

/** `::name key=value,…::message` — one line, however many lines the message has; empty properties left out. */
export function workflowCommand(
  name: string,
  message: string,
  properties: ReadonlyArray<readonly [string, string | number | undefined]> = [],
): string {
  const given = properties.filter(([, v]) => v !== undefined && v !== '' && v !== 0);
  const head =
    given.length === 0 ? '' : ` ${given.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}`;
  return `::${name}${head}::${escapeData(message)}`;
}

/** A `name<<delimiter` block for GITHUB_OUTPUT / GITHUB_STATE, with a delimiter neither can contain. */
export function keyValueBlock(
  name: string,
  value: string,
  delimiter = `ghadelimiter_${randomUUID()}`,
): string {
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`the output ${JSON.stringify(name)} contains its own delimiter`);
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
}

/** The environment variable an input arrives in: `INPUT_` + the name upper-cased, spaces as `_`. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
