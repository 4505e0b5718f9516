/**
 * The Runtime of the `berth` CLI: inputs from flags named exactly like the action inputs, context from
 * flags or the GITHUB_* variables, outputs as `name=value` lines and the summary as Markdown on stdout,
 * logs on stderr. Jenkins and other CI systems call berth this way.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { parseArgs, types } from 'node:util';
import { closest } from '../suggest.js';
import { ConfigurationError } from '../errors.js';
import { COMMANDS, INPUT_NAMES, SECRET_INPUT_NAMES, type InputName } from '../inputs.js';
import { CONTEXT_NAMES, type ContextName, type Runtime } from './runtime.js';

export interface CliStreams {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliRuntime extends Runtime {
  /** Set by setFailed; the process exit code. */
  exitCode(): number;
}

export const CLI_USAGE = `Usage: berth <command> [--flag value …]

Commands: ${COMMANDS.join(', ')}

Flags are the action's inputs (see README "Inputs"):
  ${INPUT_NAMES.filter((n) => n !== 'command' && !SECRET_INPUT_NAMES.includes(n))
    .map((n) => `--${n}`)
    .join('  ')}
and the run's context, which default to the GITHUB_* variables:
  ${Object.entries(CONTEXT_NAMES)
    .map(([flag, env]) => `--${flag} (${env})`)
    .join('\n  ')}
Secrets are read from the environment, never from flags (command lines end up in process lists and logs):
  GITHUB_TOKEN, ${SECRET_INPUT_NAMES.filter((n) => n !== 'github-token')
    .map(secretEnvName)
    .join(', ')}

Outputs are printed as name=value lines, then the summary as Markdown; logs go to stderr.`;

/** Parses argv; throws ConfigurationError naming the bad flag. Returns undefined for --help. */
export function parseCliArgs(argv: readonly string[]): Map<string, string> | undefined {
  const flags = [...INPUT_NAMES, ...(Object.keys(CONTEXT_NAMES) as ContextName[])];
  const options = Object.fromEntries(flags.map((f) => [f, { type: 'string' as const }]));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const detail = types.isNativeError(error) ? error.message : String(error);
    const unknown = /Unknown option '--?([^']+)'/.exec(detail)?.[1];
    if (unknown !== undefined) {
      const suggestion = closest(unknown, flags);
      const hint = suggestion === undefined ? '' : `; did you mean --${suggestion}?`;
      throw new ConfigurationError(`unknown flag --${unknown}${hint}\n\n${CLI_USAGE}`);
    }
    throw new ConfigurationError(`${detail}\n\n${CLI_USAGE}`);
  }
  if (parsed.values.help === true) return undefined;
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string') values.set(key, value);
  }
  for (const name of SECRET_INPUT_NAMES) {
    if (!values.has(name)) continue;
    throw new ConfigurationError(
      `${name}: not accepted as a flag, because command lines are visible to every user of the machine and end up in CI logs; set the ${name === 'github-token' ? 'GITHUB_TOKEN' : secretEnvName(name)} environment variable instead`,
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

export function createCliRuntime(
  flags: ReadonlyMap<string, string>,
  streams: CliStreams,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): CliRuntime {
  const secrets = new Set<string>();
  const mask = (text: string): string => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('***');
    return out;
  };
  const log = (prefix: string, message: string): void => streams.stderr(`${prefix}${mask(message)}\n`);
  let code = 0;

  return {
    getInput: (name: InputName) => {
      if (name === 'github-token') return env.GITHUB_TOKEN ?? '';
      if (SECRET_INPUT_NAMES.includes(name)) return env[secretEnvName(name)] ?? '';
      return flags.get(name) ?? '';
    },
    setSecret: (value) => {
      if (value !== '') secrets.add(value);
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
    appendSummary: async (markdown) => streams.stdout(`\n${mask(markdown)}\n`),
    info: (message) => log('', message),
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
    tempDir: env.RUNNER_TEMP || tmpdir(),
    saveState: () => undefined,
    getState: () => '',
    isPost: () => false,
    markMainRan: () => undefined,
    exitCode: () => code,
  };
}
