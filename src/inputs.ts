/**
 * The only reader of action inputs. Keys are action.yml's input names (a test checks they agree), and
 * the defaults here are action.yml's, for the CLI, where no runner fills them in.
 */
import { ConfigurationError } from './errors.js';

export const COMMANDS = ['plan'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Commands announced in action.yml's roadmap that this version does not run yet. */
const LATER_COMMANDS = ['build', 'deploy', 'rollback', 'coverage', 'quality-gate'];

export const INPUT_DEFAULTS = {
  command: '',
  config: '.github/berth.yml',
  /** action.yml: `${{ github.token }}`; the CLI reads GITHUB_TOKEN instead. */
  'github-token': '',
  environment: '',
  components: '',
} as const;

export type InputName = keyof typeof INPUT_DEFAULTS;
export const INPUT_NAMES = Object.keys(INPUT_DEFAULTS) as InputName[];

export interface Inputs {
  command: CommandName;
  config: string;
  githubToken: string;
  environment: string;
  components: string;
}

export interface InputSource {
  /** The raw value, trimmed; '' when not given. */
  getInput(name: InputName): string;
  /** Masks a secret in every later log line. */
  setSecret(value: string): void;
}

export function readInputs(source: InputSource): Inputs {
  const get = (name: InputName): string => source.getInput(name).trim() || INPUT_DEFAULTS[name];
  const command = get('command');
  if (!isCommand(command)) {
    const later = LATER_COMMANDS.includes(command)
      ? ` (${JSON.stringify(command)} is not in this version yet)`
      : '';
    const got = command === '' ? 'nothing' : JSON.stringify(command);
    throw new ConfigurationError(`command: expected one of ${COMMANDS.join(', ')}, got ${got}${later}`);
  }
  const githubToken = get('github-token');
  if (githubToken !== '') source.setSecret(githubToken);
  return {
    command,
    config: get('config'),
    githubToken,
    environment: get('environment'),
    components: get('components'),
  };
}

function isCommand(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}
