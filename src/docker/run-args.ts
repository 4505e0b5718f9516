/** The argv of container lifecycle commands — pure; run by the engine seam. */

export type Color = 'blue' | 'green';

export const otherColor = (color: Color): Color => (color === 'blue' ? 'green' : 'blue');

/** Container names: `<app>-<environment>-<color>`; strategy recreate has one, `<app>-<environment>`. */
export function containerName(app: string, environment: string, color?: Color): string {
  return color === undefined ? `${app}-${environment}` : `${app}-${environment}-${color}`;
}

export interface RunSpec {
  configDir: string;
  name: string;
  image: string;
  /** Host address and port the container port is published on (loopback by default). */
  bindAddress: string;
  /** Absent for a worker that serves nothing (strategy recreate without a port). */
  hostPort?: number;
  containerPort?: number;
  /** A 0600 file of KEY=VALUE lines, deleted after the container starts. */
  envFile?: string;
  labels: ReadonlyArray<readonly [string, string]>;
  stopTimeoutSeconds: number;
}

export function buildDockerRunArgs(spec: RunSpec): string[] {
  const args = ['--config', spec.configDir, 'run', '--detach', '--name', spec.name];
  args.push('--restart', 'unless-stopped');
  args.push('--log-driver', 'json-file', '--log-opt', 'max-size=10m', '--log-opt', 'max-file=3');
  args.push('--stop-timeout', String(spec.stopTimeoutSeconds));
  if (spec.hostPort !== undefined && spec.containerPort !== undefined)
    args.push('--publish', `${spec.bindAddress}:${spec.hostPort}:${spec.containerPort}`);
  if (spec.envFile !== undefined) args.push('--env-file', spec.envFile);
  for (const [k, v] of spec.labels) args.push('--label', `${k}=${v}`);
  args.push(spec.image);
  return args;
}

/**
 * The same container as {@link buildDockerRunArgs}, as the Engine API's `POST /containers/create` body
 * (the runner's own engine, asked through its socket): the env goes in the body, so no env file is
 * written at all.
 */
export function buildCreateBody(
  spec: Omit<RunSpec, 'configDir' | 'envFile' | 'name'> & { env: ReadonlyArray<readonly [string, string]> },
): Record<string, unknown> {
  const port = spec.containerPort !== undefined ? `${spec.containerPort}/tcp` : undefined;
  const published = spec.hostPort !== undefined && port !== undefined;
  return {
    Image: spec.image,
    Env: spec.env.map(([k, v]) => `${k}=${v}`),
    Labels: Object.fromEntries(spec.labels),
    StopTimeout: spec.stopTimeoutSeconds,
    ...(published ? { ExposedPorts: { [port]: {} } } : {}),
    HostConfig: {
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
      ...(published
        ? { PortBindings: { [port]: [{ HostIp: spec.bindAddress, HostPort: String(spec.hostPort) }] } }
        : {}),
    },
  };
}

export const buildPullArgs = (configDir: string, image: string): string[] => [
  '--config',
  configDir,
  'pull',
  image,
];
export const buildStopArgs = (name: string, timeoutSeconds: number): string[] => [
  'stop',
  '--time',
  String(timeoutSeconds),
  name,
];
export const buildStartArgs = (name: string): string[] => ['start', name];
export const buildRemoveArgs = (name: string): string[] => ['rm', '--force', name];
export const buildLogsArgs = (name: string, lines: number): string[] => [
  'logs',
  '--tail',
  String(lines),
  name,
];

/** `status exitCode restartCount health image-ref` of a container, one line. */
export const INSPECT_FORMAT =
  '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{index .Config.Labels "berth.image-ref"}}';

export function buildInspectArgs(name: string): string[] {
  return ['inspect', '--format', INSPECT_FORMAT, name];
}

export interface ContainerState {
  status: string;
  exitCode: number;
  /** How often the restart policy has brought it back: a starting container that restarts is failing. */
  restartCount: number;
  health: string;
  imageRef: string;
}

export function parseInspect(line: string): ContainerState {
  const [status = '', exitCode = '0', restarts = '0', health = 'none', imageRef = ''] = line
    .trim()
    .split(' ');
  return {
    status,
    exitCode: Number(exitCode),
    restartCount: Number(restarts),
    health,
    imageRef: imageRef === '<no' ? '' : imageRef,
  };
}

/** `docker image ls`: the full IDs of a repository's images, newest first. */
export function buildImageIdsArgs(repository: string): string[] {
  return ['image', 'ls', '--no-trunc', '--format', '{{.ID}}', repository];
}

/** `docker container inspect`: the image ID of each named container that exists, one per line. */
export function buildContainerImagesArgs(containers: readonly string[]): string[] {
  return ['container', 'inspect', '--format', '{{.Image}}', ...containers];
}

/** Output of one ID per line (the two above) → the IDs, in order, without repeats or blanks. */
export function parseIdLines(output: string): string[] {
  return [
    ...new Set(
      output
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== ''),
    ),
  ];
}
