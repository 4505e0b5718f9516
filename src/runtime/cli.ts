/**
 * The Runtime of the `berth` CLI: inputs from flags named exactly like the action inputs, context from
 * flags or the GITHUB_* variables, outputs as `name=value` lines and the summary as Markdown on stdout,
 * logs on stderr. Jenkins and other CI systems call berth this way.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, types } from 'node:util';
import { closest } from '../suggest.js';
import { ConfigurationError } from '../errors.js';
import {
  describeFor,
  INPUTS,
  SUB_ACTION_NAMES,
  SUB_ACTIONS,
  type InputSpec,
  type SubActionName,
} from '../action-spec.js';
import { INPUT_NAMES, inputsOf, SECRET_INPUT_NAMES, type InputName } from '../inputs.js';
import { CONTEXT_NAMES, type ContextName, type Runtime } from './runtime.js';
import { plainLog, secretForms } from './workflow-commands.js';

export interface CliStreams {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliRuntime extends Runtime {
  /** Set by setFailed; the process exit code. */
  exitCode(): number;
}

/** The CLI's commands: the sub-actions' names (the root action's commands and `deploy-static`). */
const CLI_COMMANDS: readonly string[] = SUB_ACTION_NAMES;

/** The sub-action whose inputs a CLI command takes: only deploy-static differs from the root's. */
const cliAction = (command: string | undefined): SubActionName | undefined =>
  command === 'deploy-static' ? 'deploy-static' : undefined;

const contextLines = Object.entries(CONTEXT_NAMES)
  .map(([flag, env]) => `--${flag} (${env})`)
  .join('\n  ');

export const CLI_USAGE = `Usage: berth <command> [--flag value …]
       berth <command> --help     that command's flags, each with what it means and its default
       berth --version            berth's version

Commands:
${SUB_ACTION_NAMES.map((c) => `  ${c.padEnd(14)}${SUB_ACTIONS[c].description}`).join('\n')}

Flags are the command's action inputs (README "Inputs"); the run's context defaults to the GITHUB_*
variables:
  ${contextLines}
Secrets are read from the environment, never from flags (command lines end up in process lists and logs).
Outputs are printed as name=value lines, then the summary as Markdown; logs go to stderr.`;

/** Text wrapped at `width` columns, each line indented by `indent`. */
function wrapText(text: string, indent: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}

/** `berth <command> --help`: the command's flags, generated from the same declaration as action.yml. */
export function commandHelp(command: SubActionName): string {
  const action = command;
  const root = SUB_ACTIONS[action].command;
  const names = inputsOf(root, cliAction(command)).filter((n) => n !== 'command');
  const flags = names.filter((n) => !SECRET_INPUT_NAMES.includes(n));
  const secrets = names.filter((n) => SECRET_INPUT_NAMES.includes(n));
  const spec = INPUTS as Record<InputName, InputSpec>;
  const entry = (name: InputName, label: string): string => {
    const s = spec[name];
    const required = (s.required ?? []).includes(action) ? ' (required)' : '';
    const def = s.default ? ` Default: ${s.default}.` : '';
    return `  ${label}${required}\n${wrapText(describeFor(s, action) + def, '      ')}`;
  };
  return [
    `Usage: berth ${command} [--flag value …]`,
    '',
    wrapText(SUB_ACTIONS[action].description, ''),
    '',
    'Flags:',
    ...flags.map((n) => entry(n, `--${n}`)),
    ...(secrets.length === 0
      ? []
      : ['', 'Secrets, from the environment:', ...secrets.map((n) => entry(n, secretEnv(n)))]),
    '',
    'Context flags (default: the GITHUB_* variables):',
    `  ${contextLines}`,
  ].join('\n');
}

const secretEnv = (name: InputName): string =>
  name === 'github-token' ? 'GITHUB_TOKEN' : secretEnvName(name);

/** The command named on the command line (the first argument that is not a flag or a flag's value). */
function commandIn(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help') continue;
    if (arg.startsWith('--')) {
      if (!arg.includes('=')) i += 1;
      continue;
    }
    return arg;
  }
  return undefined;
}

/** `--help` for argv: the command's own help when it names one, else the general usage. */
export function cliHelp(argv: readonly string[]): string {
  const flag = argv.indexOf('--command');
  const named = flag === -1 ? commandIn(argv) : argv[flag + 1];
  return CLI_COMMANDS.includes(named ?? '') ? commandHelp(named as SubActionName) : CLI_USAGE;
}

/** The boolean inputs' names (`github`, `fail-on-warn`). */
const BOOLEAN_INPUTS = new Set<string>(
  INPUT_NAMES.filter((n) => (INPUTS as Record<InputName, InputSpec>)[n].form.kind === 'boolean'),
);

/** A boolean flag given bare (`berth doctor --github`) as `--github true`; with a value it is left as is. */
function withBareBooleans(argv: readonly string[]): string[] {
  return argv.flatMap((arg, i) => {
    const name = /^--([a-z0-9-]+)$/.exec(arg)?.[1];
    if (name === undefined || !BOOLEAN_INPUTS.has(name)) return [arg];
    const next = argv[i + 1];
    return next === undefined || next.startsWith('-') ? [arg, 'true'] : [arg];
  });
}

/** Parses argv; throws ConfigurationError naming the bad flag. Returns undefined for --help. */
export function parseCliArgs(argv: readonly string[]): Map<string, string> | undefined {
  const flags = [...INPUT_NAMES, ...(Object.keys(CONTEXT_NAMES) as ContextName[])];
  const options = Object.fromEntries(flags.map((f) => [f, { type: 'string' as const }]));
  const usage = (): string => cliHelp(argv);
  let parsed;
  try {
    parsed = parseArgs({
      args: withBareBooleans(argv),
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const detail = types.isNativeError(error) ? error.message : String(error);
    const unknown = /Unknown option '--?([^']+)'/.exec(detail)?.[1];
    if (unknown !== undefined) {
      const command = commandIn(argv);
      const own = CLI_COMMANDS.includes(command ?? '')
        ? inputsOf(SUB_ACTIONS[(cliAction(command) ?? command) as SubActionName].command, cliAction(command))
        : INPUT_NAMES;
      const suggestion = closest(unknown, [
        ...own.filter((n) => n !== 'command'),
        ...Object.keys(CONTEXT_NAMES),
      ]);
      const hint = suggestion === undefined ? '' : `; did you mean --${suggestion}?`;
      throw new ConfigurationError(`unknown flag --${unknown}${hint}\n\n${usage()}`);
    }
    throw new ConfigurationError(`${detail}\n\n${usage()}`);
  }
  if (parsed.values.help === true) return undefined;
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string') values.set(key, value);
  }
  for (const name of SECRET_INPUT_NAMES) {
    if (!values.has(name)) continue;
    throw new ConfigurationError(
      `${name}: not accepted as a flag, because command lines are visible to every user of the machine and end up in CI logs; set the ${secretEnv(name)} environment variable instead`,
    );
  }
  if (parsed.positionals.length > 1) {
    throw new ConfigurationError(
      `expected one command, got ${parsed.positionals.map((p) => JSON.stringify(p)).join(' ')}\n\n${CLI_USAGE}`,
    );
  }
  const [command] = parsed.positionals;
  if (command !== undefined) {
    if (values.has('command') && values.get('command') !== command) {
      throw new ConfigurationError(
        `command: given twice, as ${JSON.stringify(command)} and --command ${JSON.stringify(values.get('command'))}`,
      );
    }
    values.set('command', command);
  }
  return values;
}

/** `ssh-key` → `BERTH_SSH_KEY`: where the CLI reads a secret input. */
export function secretEnvName(name: InputName): string {
  return `BERTH_${name.toUpperCase().replace(/-/g, '_')}`;
}

/** This process's private temp directories: removed at exit when nothing was left in them for the user. */
const runTempDirs = new Set<string>();
function runTempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-run-'));
  if (runTempDirs.size === 0) {
    process.once('exit', () => {
      for (const d of runTempDirs) {
        try {
          rmdirSync(d); // only when empty: a report-file output stays for the user
        } catch {
          // it holds what a command wrote for the user (berth-coverage.json), or is gone
        }
      }
    });
  }
  runTempDirs.add(dir);
  return dir;
}

export function createCliRuntime(
  flags: ReadonlyMap<string, string>,
  streams: CliStreams,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): CliRuntime {
  const secrets = new Set<string>();
  let privateTemp: string | undefined;
  const mask = (text: string): string => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('***');
    return out;
  };
  const log = (prefix: string, message: string): void =>
    streams.stderr(`${prefix}${plainLog(mask(message))}\n`);
  let code = 0;

  const action = cliAction(flags.get('command'));
  return {
    action,
    inputPrefix: '--',
    givenInputs: () =>
      new Map([...flags].filter(([name]) => name !== 'command' && !Object.hasOwn(CONTEXT_NAMES, name))),
    getInput: (name: InputName) => {
      if (name === 'command') return action === undefined ? (flags.get('command') ?? '') : 'deploy';
      if (name === 'github-token') return env.GITHUB_TOKEN ?? '';
      if (SECRET_INPUT_NAMES.includes(name)) return env[secretEnvName(name)] ?? '';
      return flags.get(name) ?? '';
    },
    setSecret: (value) => {
      for (const form of secretForms(value)) secrets.add(form);
    },
    getContext: (name: ContextName) => flags.get(name) ?? env[CONTEXT_NAMES[name]] ?? '',
    workspace: cwd,
    setOutput: (name, value) => {
      const text = mask(value);
      if (!/[\r\n]/.test(text)) {
        streams.stdout(`${name}=${text}\n`);
        return;
      }
      const delimiter = `ghadelimiter_${randomUUID()}`;
      streams.stdout(`${name}<<${delimiter}\n${text}\n${delimiter}\n`);
    },
    appendSummary: async (markdown) => streams.stdout(`\n${plainLog(mask(markdown))}\n`),
    info: (message) => log('', message),
    startGroup: (title) => log('', `── ${title}`),
    endGroup: () => undefined,
    warning: (message, where) =>
      log(
        'warning: ',
        where
          ? `${where.file}:${where.startLine}${where.endLine && where.endLine !== where.startLine ? `-${where.endLine}` : ''}: ${message}`
          : message,
      ),
    debug: (message) => {
      if (env.RUNNER_DEBUG === '1' || env.BERTH_DEBUG === '1') log('debug: ', message);
    },
    setFailed: (message) => {
      code = 1;
      log('error: ', message);
    },
    // Outside a runner, a directory of this run's own (0700): fixed names (berth-coverage.json, the
    // comment sections) in a shared /tmp could be symlinks another user planted.
    get tempDir(): string {
      privateTemp ??= env.RUNNER_TEMP || runTempDir();
      return privateTemp;
    },
    saveState: () => undefined,
    getState: () => '',
    isPost: () => false,
    markMainRan: () => undefined,
    exitCode: () => code,
  };
}
