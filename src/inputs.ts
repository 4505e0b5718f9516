/**
 * The only reader of action inputs. What each input is — its default, form, secrecy and the commands
 * that take it — is declared once in src/action-spec.ts; this module reads and checks a step's inputs
 * against that declaration: only the running command's own inputs are read and checked (another
 * command's input cannot break it), and a step naming an input its command does not take fails with
 * the name it most likely meant.
 */
import { isIP } from 'node:net';
import {
  COMMANDS,
  INPUTS,
  SUB_ACTIONS,
  type CommandName,
  type InputForm,
  type InputName,
  type InputSpec,
  type SubActionName,
} from './action-spec.js';
import { ConfigurationError } from './errors.js';
import { httpAddressProblem } from './http/url.js';
import { closest } from './suggest.js';

export { COMMANDS, type CommandName, type InputName };

const SPECS = INPUTS as Record<InputName, InputSpec>;
export const INPUT_NAMES = Object.keys(INPUTS) as InputName[];

/** The defaults berth applies (action.yml's, less the expressions only a runner evaluates). */
export const INPUT_DEFAULTS = Object.fromEntries(
  INPUT_NAMES.map((name) => [name, SPECS[name].default ?? '']),
) as Record<InputName, string>;

/** Every secret input: masked as soon as read; the CLI takes these from the environment, never a flag. */
export const SECRET_INPUT_NAMES: readonly InputName[] = INPUT_NAMES.filter(
  (name) => SPECS[name].secret !== undefined,
);

type Spec = typeof INPUTS;
type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type FieldOf<K extends InputName> = Spec[K] extends { field: infer F extends string } ? F : Camel<K>;
type ValueOf<F> = F extends { kind: 'command' }
  ? CommandName
  : F extends { kind: 'boolean' }
    ? boolean
    : F extends { kind: 'integer' }
      ? number
      : F extends { kind: 'port' | 'percent' }
        ? number | undefined
        : F extends { kind: 'choice'; values: readonly (infer V)[] }
          ? V
          : string;

/** A step's inputs, typed by the declaration: `health-timeout` → `healthTimeoutSeconds: number`. */
export type Inputs = { -readonly [K in InputName as FieldOf<K>]: ValueOf<Spec[K]['form']> };

type SubActionsOf<K extends InputName> = Spec[K] extends { in: readonly (infer S)[] } ? S : never;

/**
 * One sub-action's inputs, typed by the declaration: a command typed with it cannot read an input it
 * does not take (`InputsOf<'coverage'>` has `minLine`, not `bluePort`).
 */
export type InputsOf<S extends SubActionName> = {
  -readonly [K in InputName as S extends SubActionsOf<K> ? FieldOf<K> : never]: ValueOf<Spec[K]['form']>;
} & { command: CommandName };

/** The field of the typed inputs an input is read into. */
export function inputField(name: InputName): string {
  return SPECS[name].field ?? name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export interface InputSource {
  /** The raw value; '' when not given. */
  getInput(name: InputName): string;
  /** Masks a secret in every later log line. */
  setSecret(value: string): void;
  /** The sub-action running (`berth-dev/berth/deploy`); undefined for the root action and the CLI. */
  readonly action?: SubActionName;
  /**
   * Every input name the step gave, with its value (the runner's INPUT_* variables; the CLI's flags),
   * for checkStepInputs; undefined where the names are not known.
   */
  givenInputs?(): Map<string, string>;
  /** How a given name is written to the user (`--` for CLI flags). */
  readonly inputPrefix?: string;
}

/** Whether `action` (a sub-action, or the root action for `command`) takes `name`. */
export function takesInput(name: InputName, command: CommandName, action?: SubActionName): boolean {
  if (name === 'command') return action === undefined;
  const subs = SPECS[name].in ?? [];
  if (action !== undefined) return subs.includes(action);
  return subs.some((sub) => SUB_ACTIONS[sub].command === command);
}

/** The inputs a step of this command (or sub-action) takes, in declaration order. */
export function inputsOf(command: CommandName, action?: SubActionName): InputName[] {
  return INPUT_NAMES.filter((name) => takesInput(name, command, action));
}

/** The command a step runs: the sub-action's, else the `command` input. */
export function readCommand(source: InputSource): CommandName {
  if (source.action !== undefined) return SUB_ACTIONS[source.action].command;
  const command = source.getInput('command').trim();
  if ((COMMANDS as readonly string[]).includes(command)) return command as CommandName;
  const got = command === '' ? 'nothing' : JSON.stringify(command);
  const hint = closest(command, COMMANDS);
  throw new ConfigurationError(
    `command: expected one of ${COMMANDS.join(', ')}, got ${got}${hint === undefined || command === '' ? '' : `; did you mean ${hint}?`}`,
    { key: 'command', kind: 'invalid' },
  );
}

/**
 * Checks the names a step gave (the runner passes undeclared `with:` keys too, as INPUT_*; the CLI's
 * flags): every one must be an input this step takes. An unknown name gets the input it most likely
 * meant; another command's input is refused by name unless it holds its default (the root action
 * declares every input, so the runner fills them all in). All problems at once, one per line.
 */
export function checkStepInputs(
  command: CommandName,
  given: ReadonlyMap<string, string>,
  options: { action?: SubActionName; prefix?: string } = {},
): void {
  const { action, prefix = '' } = options;
  const own = inputsOf(command, action);
  const where = action === undefined ? `command ${command}` : `berth-dev/berth/${action}`;
  const problems: string[] = [];
  const keys: string[] = [];
  for (const [name, value] of given) {
    if (own.includes(name as InputName)) continue;
    if (!(name in SPECS)) {
      const hint = closest(name, own);
      keys.push(name);
      problems.push(
        `${prefix}${name}: not an input of ${where}${hint === undefined ? '' : `; did you mean ${prefix}${hint}?`}`,
      );
      continue;
    }
    const spec = SPECS[name as InputName];
    // The root action's runner fills in every declared default; an expression default (github.token)
    // arrives evaluated, so it cannot be told from a given value and is let through.
    if (action === undefined && spec.actionDefault !== undefined) continue;
    const trimmed = value.trim();
    if (trimmed === '' || trimmed === (spec.default ?? '')) continue;
    const owners = [
      ...new Set((spec.in ?? []).map((sub) => (action === undefined ? SUB_ACTIONS[sub].command : sub))),
    ];
    const elsewhere =
      action !== undefined && owners.length === 0
        ? 'the root action'
        : owners.map((o) => (action === undefined ? o : `berth-dev/berth/${o}`)).join(', ');
    keys.push(name);
    problems.push(
      `${prefix}${name}: an input of ${elsewhere}, not of ${where}; remove it from this step${action === undefined ? '' : ' (or use the action it belongs to)'}`,
    );
  }
  if (problems.length > 0) {
    throw new ConfigurationError(problems.join('\n'), { key: keys, kind: 'unexpected' });
  }
}

/**
 * Reads a step's inputs. The command's own inputs are read and checked by their declared form; the
 * others keep their defaults (a config's `with:` for another command cannot break this one).
 */
export function readInputs(source: InputSource): Inputs {
  const command = readCommand(source);
  const action = source.action;
  const values: Record<string, unknown> = {};
  for (const name of INPUT_NAMES) {
    const spec = SPECS[name];
    const own = takesInput(name, command, action);
    const raw = own ? source.getInput(name) : '';
    if (own && spec.secret === 'value') maskSecret(source, raw);
    if (own && spec.secret === 'block') maskLines(source, raw);
    values[inputField(name)] = name === 'command' ? command : readForm(name, spec, raw);
  }
  const inputs = values as Inputs;
  if (action !== undefined && 'strategy' in SUB_ACTIONS[action]) {
    inputs.strategy = (SUB_ACTIONS[action] as { strategy: Inputs['strategy'] }).strategy;
  } else if (action === 'deploy' && inputs.strategy === 'static') {
    throw new ConfigurationError(
      'strategy: berth-dev/berth/deploy runs containers (blue-green or recreate); for a static build directory use berth-dev/berth/deploy-static',
      { key: 'strategy', kind: 'invalid' },
    );
  }
  return inputs;
}

/**
 * What is wrong with a value for an input, by its declared form ('' for nothing): the config loader
 * checks `with:` values with it, so a bad one is reported at its line and column.
 */
export function inputValueProblem(name: InputName, value: string): string {
  try {
    readForm(name, SPECS[name], value);
    return '';
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return error.message.startsWith(`${name}: `) ? error.message.slice(name.length + 2) : error.message;
  }
}

/** One input's value by its declared form; '' is the default. */
function readForm(name: InputName, spec: InputSpec, raw: string): unknown {
  const form: InputForm = spec.form;
  const text = raw.trim() || (spec.default ?? '');
  switch (form.kind) {
    case 'command':
      return text;
    case 'text':
      return text;
    case 'lines':
      return raw;
    case 'block':
      return raw.trim();
    case 'boolean':
      return readBoolean(name, text);
    case 'integer':
      return readNumber(name, text, form.min, form.max);
    case 'port':
      return text === '' ? undefined : readNumber(name, text, 1, 65535);
    case 'percent':
      return readPercent(name, text);
    case 'choice':
      return readChoice(name, text, form.values, form.aliases);
    case 'ip':
      return readIp(name, text);
    case 'path':
      return readHealthPath(name, text);
    case 'http-url':
      return readHttpUrl(name, text);
    case 'task-id':
      return readTaskId(name, text);
  }
}

/** A threshold in percent (0–100, decimals allowed); '' for none. */
function readPercent(name: string, value: string): number | undefined {
  if (value === '') return undefined;
  const n = Number(value.replace(/%$/, ''));
  if (!/^\d+(\.\d+)?%?$/.test(value) || n > 100) {
    throw new ConfigurationError(
      `${name}: expected a percentage from 0 to 100 (e.g. 80 or 72.5), got ${JSON.stringify(value)}`,
      { key: name, kind: 'invalid' },
    );
  }
  return n;
}

function readChoice(
  name: string,
  value: string,
  choices: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): string {
  if (choices.includes(value)) return value;
  const alias = Object.hasOwn(aliases, value) ? aliases[value] : undefined;
  if (alias !== undefined) return alias;
  const short = Object.keys(aliases);
  const hint = closest(value, [...choices, ...short]);
  const also =
    short.length === 0
      ? ''
      : ` (${short.length > 1 ? `${short.slice(0, -1).join(', ')} and ${short.at(-1) ?? ''}` : short.join('')} for short)`;
  throw new ConfigurationError(
    `${name}: expected ${choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1) ?? ''}` : choices.join('')}${also}, got ${JSON.stringify(value)}${hint === undefined || value === '' ? '' : `; did you mean ${hint}?`}`,
    { key: name, kind: 'invalid' },
  );
}

export function readNumber(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new ConfigurationError(
      `${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
      { key: name, kind: 'invalid' },
    );
  }
  return n;
}

/** An http(s) address ('' for none), without its trailing slash. */
function readHttpUrl(name: string, value: string): string {
  if (value === '') return '';
  const problem = httpAddressProblem(value);
  if (problem === 'user-or-password') {
    // Not quoted: the value holds a password.
    const hint = name.startsWith('sonar-') ? '; give the token as sonar-token' : '';
    throw new ConfigurationError(`${name}: must not hold a user or password${hint}`, {
      key: name,
      kind: 'invalid',
    });
  }
  if (problem === 'not-http') {
    throw new ConfigurationError(
      `${name}: expected ${name.startsWith('sonar-') ? 'the http(s) address of the server, e.g. https://sonar.example.com' : 'an absolute http(s) address, e.g. https://app.example.com'}, got ${JSON.stringify(value)}`,
      { key: name, kind: 'invalid' },
    );
  }
  return value.replace(/\/+$/, '');
}

/** A SonarQube compute engine task id (`AYhSC2-LY0CHkWJxvNA9`); '' for none. */
function readTaskId(name: string, value: string): string {
  if (value === '' || /^[A-Za-z0-9_-]{1,64}$/.test(value)) return value;
  throw new ConfigurationError(
    `${name}: expected a SonarQube task id like AYhSC2-LY0CHkWJxvNA9 (ceTaskId in report-task.txt), got ${JSON.stringify(value)}`,
    { key: name, kind: 'invalid' },
  );
}

function readIp(name: string, value: string): string {
  if (isIP(value) === 0)
    throw new ConfigurationError(
      `${name}: expected an IP address of this host (127.0.0.1, ::1, or 0.0.0.0 for every interface), got ${JSON.stringify(value)}`,
      { key: name, kind: 'invalid' },
    );
  return value;
}

function readHealthPath(name: string, value: string): string {
  if (!/^\/[\x21-\x7e]*$/.test(value)) {
    throw new ConfigurationError(
      `${name}: expected a path starting with "/" (e.g. /health), got ${JSON.stringify(value)}`,
      { key: name, kind: 'invalid' },
    );
  }
  return value;
}

/**
 * Masks a secret and, for KEY=VALUE lists (env, build-secrets), each value — a runner masks line by
 * line. Values too short or too common to be secrets (`true`, `8080`) are left alone: masking them would
 * star out every `true` in the log while protecting nothing.
 */
/**
 * What is masked of a secret input's value: the whole, and per line the value of a `KEY=VALUE`
 * (`value`) or the line and the part after `user:` (`block`). A request berth sends (a notification)
 * is kept clear of the same parts, since the runner masks only its logs.
 */
export function secretParts(kind: 'value' | 'block', value: string): string[] {
  const trimmed = value.trim();
  if (trimmed === '') return [];
  const parts = [trimmed];
  for (const line of trimmed.split(/\r?\n/)) {
    if (kind === 'value') {
      const eq = line.indexOf('=');
      const secretPart = eq === -1 ? line.trim() : line.slice(eq + 1).trim();
      if (secretPart !== trimmed && looksSecret(secretPart)) parts.push(secretPart);
    } else {
      if (line.trim().length >= 6) parts.push(line.trim());
      // basic-auth is user:password; the password alone must not show either.
      const colon = line.indexOf(':');
      if (colon !== -1 && line.slice(colon + 1).trim() !== '') parts.push(line.slice(colon + 1).trim());
    }
  }
  return parts;
}

/** Every masked part of the secret inputs a command read (see secretParts). */
export function secretValues(inputs: Inputs): string[] {
  return SECRET_INPUT_NAMES.flatMap((name) => {
    const kind = SPECS[name].secret;
    const value: unknown = (inputs as unknown as Record<string, unknown>)[inputField(name)];
    return (kind === 'value' || kind === 'block') && typeof value === 'string'
      ? secretParts(kind, value)
      : [];
  });
}

function maskSecret(source: InputSource, value: string): void {
  for (const part of secretParts('value', value)) source.setSecret(part);
}

function maskLines(source: InputSource, value: string): void {
  for (const part of secretParts('block', value)) source.setSecret(part);
}

function looksSecret(value: string): boolean {
  return value.length >= 6 && !/^(\d+|true|false|yes|no|on|off)$/i.test(value);
}

export function readBoolean(name: string, value: string): boolean {
  const v = value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new ConfigurationError(`${name}: expected true or false, got ${JSON.stringify(value)}`, {
    key: name,
    kind: 'invalid',
  });
}
