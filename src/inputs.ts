/**
 * The only reader of action inputs. Keys are action.yml's input names (a test checks they agree), and
 * the defaults here are action.yml's, for the CLI, where no runner fills them in.
 */
import { isIP } from 'node:net';
import { COVERAGE_FORMATS, type CoverageFormat } from './coverage/model.js';
import { ConfigurationError } from './errors.js';

export const COMMANDS = [
  'plan',
  'build',
  'deploy',
  'rollback',
  'coverage',
  'quality-gate',
  'comment',
  'doctor',
] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Commands announced in action.yml's roadmap that this version does not run yet. */
const LATER_COMMANDS: string[] = [];

export const INPUT_DEFAULTS = {
  command: '',
  config: '.github/berth.yml',
  /** action.yml: `${{ github.token }}`; the CLI reads GITHUB_TOKEN instead. */
  'github-token': '',
  environment: '',
  components: '',
  component: '',
  image: '',
  context: '',
  file: '',
  target: '',
  'build-args': '',
  'build-secrets': '',
  labels: '',
  tags: '',
  latest: 'auto',
  platforms: '',
  'cache-from': '',
  'cache-to': '',
  'no-cache': 'false',
  push: 'true',
  force: 'false',
  'registry-provider': '',
  'registry-username': '',
  'registry-password': '',
  'registry-ca-cert': '',
  'registry-insecure': 'false',
  strategy: 'blue-green',
  app: '',
  port: '',
  'blue-port': '',
  'green-port': '',
  'bind-address': '127.0.0.1',
  'health-path': '/health',
  'health-timeout': '60',
  env: '',
  'nginx-upstream-file': '',
  'nginx-upstream-name': '',
  'nginx-command': 'nginx',
  'keep-images': '3',
  'state-dir': '',
  'lock-timeout': '600',
  'stop-timeout': '30',
  'drain-timeout': '30',
  'verify-time': '10',
  'ssh-host': '',
  'ssh-user': '',
  'ssh-port': '22',
  'ssh-key': '',
  'ssh-known-hosts': '',
  bastion: '',
  'nginx-server-file': '',
  'nginx-server-name': '_',
  'nginx-listen': '80',
  'access-allow': '',
  'basic-auth': '',
  'image-transfer': 'pull',
  dir: '',
  'static-target': 's3',
  's3-bucket': '',
  's3-prefix': '',
  's3-region': '',
  's3-endpoint': '',
  'cloudfront-distribution-id': '',
  'cloudfront-invalidate': 'changed',
  'cloudfront-wait': 'false',
  'cache-control': '',
  'delete-removed': 'true',
  'keep-previous': '1h',
  'static-root': '',
  'keep-releases': '5',
  'coverage-files': '',
  'coverage-format': 'auto',
  'min-line': '',
  'min-branch': '',
  'min-changed-lines': '',
  'max-drop': '',
  'base-coverage-file': '',
  'junit-files': '',
  comment: 'true',
  'comment-dir': '',
  'working-directory': '',
  'report-task-file': '',
  'ce-task-id': '',
  'sonar-host-url': '',
  'sonar-token': '',
  'sonar-ca-cert': '',
  timeout: '300',
  'fail-on-warn': 'false',
} as const;

export type InputName = keyof typeof INPUT_DEFAULTS;
export const INPUT_NAMES = Object.keys(INPUT_DEFAULTS) as InputName[];

/** Inputs whose values are secrets: masked as soon as they are read. */
const SECRET_INPUTS: readonly InputName[] = [
  'github-token',
  'registry-password',
  'build-secrets',
  'env',
  'sonar-token',
];
/** Multi-line secrets masked line by line whole (a key's base64 lines may hold `=`). */
const SECRET_BLOCK_INPUTS: readonly InputName[] = ['ssh-key', 'basic-auth'];
/** Every secret input: the CLI takes these from the environment, never from a flag. */
export const SECRET_INPUT_NAMES: readonly InputName[] = [...SECRET_INPUTS, ...SECRET_BLOCK_INPUTS];

export interface Inputs {
  command: CommandName;
  config: string;
  githubToken: string;
  environment: string;
  components: string;
  component: string;
  image: string;
  context: string;
  file: string;
  target: string;
  buildArgs: string;
  buildSecrets: string;
  labels: string;
  tags: string;
  latest: 'auto' | 'true' | 'false';
  platforms: string;
  cacheFrom: string;
  cacheTo: string;
  noCache: boolean;
  push: boolean;
  force: boolean;
  registryProvider: string;
  registryUsername: string;
  registryPassword: string;
  registryCaCert: string;
  registryInsecure: boolean;
  strategy: 'blue-green' | 'recreate' | 'static';
  app: string;
  port: number | undefined;
  bluePort: number | undefined;
  greenPort: number | undefined;
  bindAddress: string;
  healthPath: string;
  healthTimeoutSeconds: number;
  env: string;
  nginxUpstreamFile: string;
  nginxUpstreamName: string;
  nginxCommand: string;
  keepImages: number;
  stateDir: string;
  lockTimeoutSeconds: number;
  stopTimeoutSeconds: number;
  drainTimeoutSeconds: number;
  verifyTimeSeconds: number;
  sshHost: string;
  sshUser: string;
  sshPort: number;
  sshKey: string;
  sshKnownHosts: string;
  bastion: string;
  imageTransfer: 'pull' | 'stream';
  /** strategy static: the build directory, where it goes, and how (src/deploy/static/settings.ts checks them together). */
  dir: string;
  staticTarget: 's3' | 'nginx-dir';
  s3Bucket: string;
  s3Prefix: string;
  s3Region: string;
  s3Endpoint: string;
  cloudfrontDistributionId: string;
  cloudfrontInvalidate: 'changed' | 'all';
  cloudfrontWait: boolean;
  cacheControl: string;
  deleteRemoved: boolean;
  keepPrevious: string;
  staticRoot: string;
  keepReleases: number;
  coverageFiles: string;
  coverageFormat: 'auto' | CoverageFormat;
  minLine: number | undefined;
  minBranch: number | undefined;
  minChangedLines: number | undefined;
  /** Percentage points line coverage may fall below the base figure. */
  maxDrop: number | undefined;
  baseCoverageFile: string;
  junitFiles: string;
  comment: boolean;
  /** comment: the directory holding the downloaded section files (`<section>.md`), workspace-relative. */
  commentDir: string;
  /** quality-gate: where the scanner ran ('' for the workspace). */
  workingDirectory: string;
  reportTaskFile: string;
  ceTaskId: string;
  /** '' or an http(s) address without a trailing slash. */
  sonarHostUrl: string;
  sonarToken: string;
  sonarCaCert: string;
  timeoutSeconds: number;
  failOnWarn: boolean;
  nginxServerFile: string;
  nginxServerName: string;
  nginxListen: string;
  accessAllow: string;
  basicAuth: string;
}

export interface InputSource {
  /** The raw value; '' when not given. */
  getInput(name: InputName): string;
  /** Masks a secret in every later log line. */
  setSecret(value: string): void;
}

export function readInputs(source: InputSource): Inputs {
  const raw = (name: InputName): string => source.getInput(name);
  const get = (name: InputName): string => raw(name).trim() || INPUT_DEFAULTS[name];
  for (const name of SECRET_INPUTS) maskSecret(source, raw(name));
  for (const name of SECRET_BLOCK_INPUTS) maskLines(source, raw(name));

  const command = get('command');
  if (!isCommand(command)) {
    const later = LATER_COMMANDS.includes(command)
      ? ` (${JSON.stringify(command)} is not in this version yet)`
      : '';
    const got = command === '' ? 'nothing' : JSON.stringify(command);
    throw new ConfigurationError(`command: expected one of ${COMMANDS.join(', ')}, got ${got}${later}`);
  }
  const latest = get('latest');
  if (latest !== 'auto' && latest !== 'true' && latest !== 'false') {
    throw new ConfigurationError(`latest: expected auto, true or false, got ${JSON.stringify(latest)}`);
  }
  return {
    command,
    config: get('config'),
    githubToken: get('github-token'),
    environment: get('environment'),
    components: get('components'),
    component: get('component'),
    image: get('image'),
    context: get('context'),
    file: get('file'),
    target: get('target'),
    buildArgs: raw('build-args'),
    buildSecrets: raw('build-secrets'),
    labels: raw('labels'),
    tags: get('tags'),
    latest,
    platforms: get('platforms'),
    cacheFrom: raw('cache-from'),
    cacheTo: raw('cache-to'),
    noCache: readBoolean('no-cache', get('no-cache')),
    push: readBoolean('push', get('push')),
    force: readBoolean('force', get('force')),
    registryProvider: get('registry-provider'),
    registryUsername: get('registry-username'),
    registryPassword: raw('registry-password').trim(),
    registryCaCert: raw('registry-ca-cert').trim(),
    registryInsecure: readBoolean('registry-insecure', get('registry-insecure')),
    strategy: readStrategy(get('strategy')),
    app: get('app'),
    port: readPort('port', get('port')),
    bluePort: readPort('blue-port', get('blue-port')),
    greenPort: readPort('green-port', get('green-port')),
    bindAddress: readBindAddress(get('bind-address')),
    healthPath: readHealthPath(get('health-path')),
    healthTimeoutSeconds: readNumber('health-timeout', get('health-timeout'), 1, 3600),
    env: raw('env'),
    nginxUpstreamFile: get('nginx-upstream-file'),
    nginxUpstreamName: get('nginx-upstream-name'),
    nginxCommand: get('nginx-command'),
    keepImages: readNumber('keep-images', get('keep-images'), 1, 100),
    stateDir: get('state-dir'),
    lockTimeoutSeconds: readNumber('lock-timeout', get('lock-timeout'), 0, 86400),
    stopTimeoutSeconds: readNumber('stop-timeout', get('stop-timeout'), 0, 3600),
    drainTimeoutSeconds: readNumber('drain-timeout', get('drain-timeout'), 0, 3600),
    verifyTimeSeconds: readNumber('verify-time', get('verify-time'), 0, 3600),
    sshHost: get('ssh-host'),
    sshUser: get('ssh-user'),
    sshPort: readNumber('ssh-port', get('ssh-port'), 1, 65535),
    sshKey: raw('ssh-key').trim(),
    sshKnownHosts: raw('ssh-known-hosts'),
    bastion: get('bastion'),
    imageTransfer: readChoice('image-transfer', get('image-transfer'), ['pull', 'stream'] as const),
    dir: get('dir'),
    staticTarget: readChoice('static-target', get('static-target'), ['s3', 'nginx-dir'] as const),
    s3Bucket: get('s3-bucket'),
    s3Prefix: get('s3-prefix'),
    s3Region: get('s3-region'),
    s3Endpoint: get('s3-endpoint'),
    cloudfrontDistributionId: get('cloudfront-distribution-id'),
    cloudfrontInvalidate: readChoice('cloudfront-invalidate', get('cloudfront-invalidate'), [
      'changed',
      'all',
    ] as const),
    cloudfrontWait: readBoolean('cloudfront-wait', get('cloudfront-wait')),
    cacheControl: raw('cache-control'),
    deleteRemoved: readBoolean('delete-removed', get('delete-removed')),
    keepPrevious: get('keep-previous'),
    staticRoot: get('static-root'),
    keepReleases: readNumber('keep-releases', get('keep-releases'), 1, 100),
    coverageFiles: raw('coverage-files'),
    coverageFormat: readChoice('coverage-format', get('coverage-format'), [
      'auto',
      ...COVERAGE_FORMATS,
    ] as const),
    minLine: readPercent('min-line', get('min-line')),
    minBranch: readPercent('min-branch', get('min-branch')),
    minChangedLines: readPercent('min-changed-lines', get('min-changed-lines')),
    maxDrop: readPercent('max-drop', get('max-drop')),
    baseCoverageFile: get('base-coverage-file'),
    junitFiles: raw('junit-files'),
    comment: readBoolean('comment', get('comment')),
    commentDir: get('comment-dir'),
    workingDirectory: get('working-directory'),
    reportTaskFile: get('report-task-file'),
    ceTaskId: readTaskId(get('ce-task-id')),
    sonarHostUrl: readHttpUrl('sonar-host-url', get('sonar-host-url')),
    sonarToken: raw('sonar-token').trim(),
    sonarCaCert: raw('sonar-ca-cert').trim(),
    timeoutSeconds: readNumber('timeout', get('timeout'), 1, 21600),
    failOnWarn: readBoolean('fail-on-warn', get('fail-on-warn')),
    nginxServerFile: get('nginx-server-file'),
    nginxServerName: get('nginx-server-name'),
    nginxListen: get('nginx-listen'),
    accessAllow: get('access-allow'),
    basicAuth: raw('basic-auth').trim(),
  };
}

function readStrategy(value: string): 'blue-green' | 'recreate' | 'static' {
  return readChoice('strategy', value, ['blue-green', 'recreate', 'static'] as const);
}

/** A threshold in percent (0–100, decimals allowed); '' for none. */
function readPercent(name: string, value: string): number | undefined {
  if (value === '') return undefined;
  const n = Number(value.replace(/%$/, ''));
  if (!/^\d+(\.\d+)?%?$/.test(value) || n > 100) {
    throw new ConfigurationError(
      `${name}: expected a percentage from 0 to 100 (e.g. 80 or 72.5), got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

function readChoice<T extends string>(name: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new ConfigurationError(`${name}: expected ${choices.join(' or ')}, got ${JSON.stringify(value)}`);
}

export function readNumber(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new ConfigurationError(
      `${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** An http(s) address ('' for none), without its trailing slash. */
function readHttpUrl(name: string, value: string): string {
  if (value === '') return '';
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url && (url.username || url.password)) {
    // Not quoted: the value holds a password.
    throw new ConfigurationError(`${name}: must not hold a user or password; give the token as sonar-token`);
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ConfigurationError(
      `${name}: expected the http(s) address of the server, e.g. https://sonar.example.com, got ${JSON.stringify(value)}`,
    );
  }
  return value.replace(/\/+$/, '');
}

/** A SonarQube compute engine task id (`AYhSC2-LY0CHkWJxvNA9`); '' for none. */
function readTaskId(value: string): string {
  if (value === '' || /^[A-Za-z0-9_-]{1,64}$/.test(value)) return value;
  throw new ConfigurationError(
    `ce-task-id: expected a SonarQube task id like AYhSC2-LY0CHkWJxvNA9 (ceTaskId in report-task.txt), got ${JSON.stringify(value)}`,
  );
}

function readPort(name: string, value: string): number | undefined {
  return value === '' ? undefined : readNumber(name, value, 1, 65535);
}

function readBindAddress(value: string): string {
  if (isIP(value) === 0)
    throw new ConfigurationError(
      `bind-address: expected an IP address of this host (127.0.0.1, ::1, or 0.0.0.0 for every interface), got ${JSON.stringify(value)}`,
    );
  return value;
}

function readHealthPath(value: string): string {
  if (!/^\/[\x21-\x7e]*$/.test(value)) {
    throw new ConfigurationError(
      `health-path: expected a path starting with "/" (e.g. /health), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * Masks a secret and, for KEY=VALUE lists (env, build-secrets), each value — a runner masks line by
 * line. Values too short or too common to be secrets (`true`, `8080`) are left alone: masking them would
 * star out every `true` in the log while protecting nothing.
 */
function maskSecret(source: InputSource, value: string): void {
  const trimmed = value.trim();
  if (trimmed === '') return;
  source.setSecret(trimmed);
  for (const line of trimmed.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    const secretPart = eq === -1 ? line.trim() : line.slice(eq + 1).trim();
    if (secretPart !== trimmed && looksSecret(secretPart)) source.setSecret(secretPart);
  }
}

function maskLines(source: InputSource, value: string): void {
  const trimmed = value.trim();
  if (trimmed === '') return;
  source.setSecret(trimmed);
  for (const line of trimmed.split(/\r?\n/)) {
    if (line.trim().length >= 6) source.setSecret(line.trim());
    // basic-auth is user:password; the password alone must not show either.
    const colon = line.indexOf(':');
    if (colon !== -1 && line.slice(colon + 1).trim() !== '') source.setSecret(line.slice(colon + 1).trim());
  }
}

function looksSecret(value: string): boolean {
  return value.length >= 6 && !/^(\d+|true|false|yes|no|on|off)$/i.test(value);
}

export function readBoolean(name: string, value: string): boolean {
  const v = value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new ConfigurationError(`${name}: expected true or false, got ${JSON.stringify(value)}`);
}

function isCommand(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}
