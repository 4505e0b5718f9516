/**
 * `deploy` and `rollback`, strategy blue-green, on the runner's host. The sequence:
 * lock → nginx -t → pull → start the idle colour → health gate → switch nginx (wait for old workers)
 * → stop the old colour (kept for rollback) → prune images → record state and history.
 * Any failure before the switch removes the new colour and leaves the live one serving.
 */
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseKeyValues } from '../docker/build-args.js';
import { createDockerConfig, removeDockerConfig } from '../docker/engine.js';
import {
  buildDockerRunArgs,
  buildInspectArgs,
  buildLogsArgs,
  buildPullArgs,
  buildRemoveArgs,
  buildStartArgs,
  buildStopArgs,
  containerName,
  otherColor,
  parseInspect,
  type Color,
  type ContainerState,
} from '../docker/run-args.js';
import { parseImageName, repositoryOfRef } from '../docker/reference.js';
import { acquireDeployLock, releaseDeployLock } from '../deploy/lock.js';
import { waitHealthy } from '../deploy/health.js';
import { appendHistory, readState, stateDirFor, writeState, type DeployState } from '../deploy/state.js';
import { ConfigurationError } from '../errors.js';
import { createExec, type Exec } from '../exec.js';
import type { Inputs } from '../inputs.js';
import { NginxControl } from '../nginx/control.js';
import { defaultUpstreamName, renderUpstream, UPSTREAM_NAME } from '../nginx/upstream.js';
import { dockerLogin } from '../registry/login.js';
import { resolveCredentials, resolveProvider } from '../registry/providers.js';
import { renderDeploySummary, type DeployResult, type TimelineStep } from '../report/deploy-summary.js';
import { loggedRetry, retry, type RetryPolicy } from '../retry.js';
import type { Runtime } from '../runtime/runtime.js';

export const LOCK_STATE = 'deploy-lock';
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

export interface DeployDeps {
  exec?: Exec;
  docker?: string;
  retry?: RetryPolicy;
}

interface Settings {
  app: string;
  environment: string;
  containerPort: number;
  ports: Record<Color, number>;
  bindAddress: string;
  upstreamFile: string;
  upstreamName: string;
  stateDir: string;
}

/** Checks the deploy inputs; every error names the input and the expected form. */
export function resolveDeploySettings(inputs: Inputs, home: string = homedir()): Settings {
  const app = inputs.app || inputs.component;
  if (!NAME.test(app)) {
    throw new ConfigurationError(
      `app: expected a name of letters, digits, "-", "_" or "." (it names the containers), got ${JSON.stringify(app)}${inputs.app === '' ? ' (set app, or component)' : ''}`,
    );
  }
  if (!NAME.test(inputs.environment)) {
    throw new ConfigurationError(
      `environment: expected the environment's name (e.g. production), got ${JSON.stringify(inputs.environment)}`,
    );
  }
  if (inputs.port === undefined)
    throw new ConfigurationError(
      'port: required; the port your app listens on inside the container (e.g. 8080)',
    );
  if (inputs.bluePort === undefined || inputs.greenPort === undefined) {
    throw new ConfigurationError(
      'blue-port / green-port: both required; two free host ports for the two colours (e.g. 18080 and 18081)',
    );
  }
  if (inputs.bluePort === inputs.greenPort) {
    throw new ConfigurationError(
      `blue-port / green-port: must differ (both are ${inputs.bluePort}); two containers never share a port`,
    );
  }
  if (inputs.nginxUpstreamFile === '') {
    throw new ConfigurationError(
      'nginx-upstream-file: required; the include file berth writes (e.g. /etc/nginx/conf.d/berth-upstream-backend.conf), which your server block proxies to',
    );
  }
  const upstreamName = inputs.nginxUpstreamName || defaultUpstreamName(app, inputs.environment);
  if (!UPSTREAM_NAME.test(upstreamName)) {
    throw new ConfigurationError(
      `nginx-upstream-name: expected letters, digits and "_", got ${JSON.stringify(upstreamName)}`,
    );
  }
  return {
    app,
    environment: inputs.environment,
    containerPort: inputs.port,
    ports: { blue: inputs.bluePort, green: inputs.greenPort },
    bindAddress: inputs.bindAddress,
    upstreamFile: path.resolve(inputs.nginxUpstreamFile),
    upstreamName,
    stateDir: stateDirFor(inputs.stateDir || path.join(home, '.berth'), app, inputs.environment),
  };
}

export function runDeploy(inputs: Inputs, runtime: Runtime, deps: DeployDeps = {}): Promise<void> {
  return blueGreen('deploy', inputs, runtime, deps);
}

export function runRollback(inputs: Inputs, runtime: Runtime, deps: DeployDeps = {}): Promise<void> {
  return blueGreen('rollback', inputs, runtime, deps);
}

/** The post step's part: release the lock if this run still holds it (cancelled or failed run). */
export async function releaseLockAfterRun(runtime: Runtime): Promise<void> {
  const saved = runtime.getState(LOCK_STATE);
  if (saved === '') return;
  const { dir, runId } = JSON.parse(saved) as { dir: string; runId: string };
  if (await releaseDeployLock(dir, runId)) runtime.info(`released the deploy lock ${dir}`);
}

async function blueGreen(
  action: 'deploy' | 'rollback',
  inputs: Inputs,
  runtime: Runtime,
  deps: DeployDeps,
): Promise<void> {
  const started = Date.now();
  const timeline: TimelineStep[] = [];
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    try {
      return await fn();
    } finally {
      timeline.push({ name, ms: Date.now() - t });
    }
  };
  const exec = deps.exec ?? createExec(runtime);
  const docker = deps.docker ?? 'docker';
  const policy = loggedRetry(deps.retry, (m) => runtime.warning(m));
  const settings = resolveDeploySettings(inputs);
  const nginx = new NginxControl(
    exec,
    inputs.nginxCommand,
    settings.upstreamFile,
    inputs.drainTimeoutSeconds * 1000,
  );
  const runId = runtime.getContext('run-id') || `local-${process.pid}-${randomBytes(3).toString('hex')}`;
  const commit = runtime.getContext('sha');
  const actor = runtime.getContext('actor');
  const lockDir = path.join(settings.stateDir, 'lock');

  // 1. The lock: one deploy of this app and environment at a time.
  await step('lock', () =>
    acquireDeployLock({
      dir: lockDir,
      owner: { runId, commit, actor },
      waitMs: inputs.lockTimeoutSeconds * 1000,
      staleMs: Math.max(inputs.lockTimeoutSeconds, 60) * 1000 * 2,
      warn: (m) => runtime.warning(m),
      info: (m) => runtime.info(m),
    }),
  );
  runtime.saveState(LOCK_STATE, JSON.stringify({ dir: lockDir, runId }));
  let configDir: string | undefined;
  let state: DeployState | undefined;
  let idle: Color = 'blue';
  let image = '';
  try {
    configDir = await createDockerConfig(runtime.tempDir);
    const dockerConfigDir = configDir;
    state = await readState(settings.stateDir);
    const live = state?.live;
    idle = live ? otherColor(live) : 'blue';
    image = action === 'deploy' ? requireImage(inputs.image) : rollbackTarget(inputs.image, state);
    const idleName = containerName(settings.app, settings.environment, idle);
    const liveName = live ? containerName(settings.app, settings.environment, live) : undefined;
    runtime.info(`${action}: ${image} → ${idleName} (live: ${liveName ?? 'none'})`);

    // 2. nginx must be valid before anything starts. On the first deploy berth writes its include
    //    (pointing at the colour about to start), so a server block that proxies to it can load.
    const upstreamFor = (color: Color): string =>
      renderUpstream(
        settings.upstreamName,
        loopbackFor(settings.bindAddress),
        settings.ports[color],
        `${settings.app} ${settings.environment}: ${color}`,
      );
    if ((await nginx.readUpstream()) === undefined) await nginx.writeInitial(upstreamFor(idle));
    await step('nginx -t', () => nginx.test());

    // 3. The image: an instant rollback restarts the kept old colour; otherwise pull (with retries).
    const kept = await inspect(exec, docker, idleName);
    const restartKept = action === 'rollback' && kept !== undefined && kept.imageRef === image;
    if (!restartKept) {
      await step('pull', () => pullImage(exec, docker, dockerConfigDir, image, inputs, runtime, policy));
    }

    // 4. Start the idle colour.
    await step('start', async () => {
      if (restartKept) {
        await must(exec, [docker, ...buildStartArgs(idleName)], `docker start ${idleName}`);
        return;
      }
      if (kept !== undefined) await exec([docker, ...buildRemoveArgs(idleName)]);
      await startContainer(
        exec,
        docker,
        dockerConfigDir,
        idleName,
        image,
        idle,
        settings,
        inputs,
        runtime,
        commit,
      );
    });

    // 5. The health gate.
    const health = await step('healthy', () =>
      waitHealthy({
        url: `http://${loopbackFor(settings.bindAddress)}:${settings.ports[idle]}${inputs.healthPath}`,
        timeoutMs: inputs.healthTimeoutSeconds * 1000,
        inspect: async () =>
          (await inspect(exec, docker, idleName)) ?? {
            status: 'dead',
            exitCode: -1,
            restartCount: 0,
            health: 'none',
            imageRef: '',
          },
      }),
    );
    if (!health.healthy) {
      const logs = await exec([docker, ...buildLogsArgs(idleName, 30)], { quiet: true });
      runtime.info(`last log lines of ${idleName}:\n${(logs.stdout + logs.stderr).trim()}`);
      await exec([docker, ...buildRemoveArgs(idleName)]);
      throw new Error(
        `${idleName} is not healthy: ${health.reason}. It was removed; ${liveName ?? 'nothing'} keeps serving.`,
      );
    }

    // 6. Switch nginx to the new colour; wait for the old workers to let go.
    try {
      const timings = await step('switch', () => nginx.switchTo(upstreamFor(idle)));
      timeline.push({ name: 'drain (old nginx workers)', ms: timings.drainMs });
    } catch (error) {
      await exec([docker, ...buildRemoveArgs(idleName)]);
      throw error;
    }

    // 7. Stop the old colour, keep it for an instant rollback; prune old images.
    if (liveName)
      await step('stop old', () => exec([docker, ...buildStopArgs(liveName, inputs.stopTimeoutSeconds)]));
    await step('prune', () => pruneImages(exec, docker, image, inputs.keepImages, settings));

    // 8. Record.
    const result: DeployResult = {
      action,
      app: settings.app,
      environment: settings.environment,
      color: idle,
      imageRef: image,
      previousImageRef: state?.imageRef ?? '',
      url: `http://${loopbackFor(settings.bindAddress)}:${settings.ports[idle]}`,
      durationMs: Date.now() - started,
      timeline,
    };
    await writeState(settings.stateDir, {
      live: idle,
      imageRef: image,
      previousImageRef: result.previousImageRef,
      commit,
      updatedAt: new Date().toISOString(),
    });
    await appendHistory(settings.stateDir, {
      at: new Date().toISOString(),
      action,
      result: 'success',
      color: idle,
      imageRef: image,
      previousImageRef: result.previousImageRef,
      commit,
      runId,
      actor,
      durationMs: result.durationMs,
    });
    runtime.setOutput('color', idle);
    runtime.setOutput('image-ref', image);
    runtime.setOutput('previous-image-ref', result.previousImageRef);
    runtime.setOutput('url', result.url);
    runtime.setOutput('duration-ms', String(result.durationMs));
    await runtime.appendSummary(renderDeploySummary(result));
  } catch (error) {
    await appendHistory(settings.stateDir, {
      at: new Date().toISOString(),
      action,
      result: 'failed',
      color: idle,
      imageRef: image,
      previousImageRef: state?.imageRef ?? '',
      commit,
      runId,
      actor,
      durationMs: Date.now() - started,
      error: error instanceof Error ? error.message.slice(0, 500) : String(error),
    });
    throw error;
  } finally {
    if (configDir !== undefined) await removeDockerConfig(configDir);
    await releaseDeployLock(lockDir, runId);
  }
}

function requireImage(image: string): string {
  if (image === '')
    throw new ConfigurationError(
      'image: required for deploy; pass the image-ref output of build (repo@sha256:…)',
    );
  return image;
}

function rollbackTarget(image: string, state: DeployState | undefined): string {
  if (image !== '') return image;
  if (!state?.previousImageRef) {
    throw new ConfigurationError(
      'image: nothing to roll back to (no previous deploy is recorded on this host); pass the image to return to',
    );
  }
  return state.previousImageRef;
}

function loopbackFor(bindAddress: string): string {
  return bindAddress === '0.0.0.0' || bindAddress === '' ? '127.0.0.1' : bindAddress;
}

async function inspect(exec: Exec, docker: string, name: string): Promise<ContainerState | undefined> {
  const result = await exec([docker, ...buildInspectArgs(name)], { quiet: true });
  if (result.code !== 0) return undefined;
  return parseInspect(result.stdout);
}

async function must(exec: Exec, argv: string[], what: string): Promise<void> {
  const result = await exec(argv);
  if (result.code !== 0)
    throw new Error(`${what} failed: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}

async function pullImage(
  exec: Exec,
  docker: string,
  configDir: string,
  image: string,
  inputs: Inputs,
  runtime: Runtime,
  policy: RetryPolicy,
): Promise<void> {
  const registryHost = registryOf(image);
  if (registryHost !== undefined && (inputs.registryUsername !== '' || inputs.registryPassword !== '')) {
    const provider = resolveProvider(registryHost, inputs.registryProvider);
    const credentials = resolveCredentials(provider, registryHost, {
      username: inputs.registryUsername,
      password: inputs.registryPassword,
      githubActor: runtime.getContext('actor'),
      githubToken: inputs.githubToken,
    });
    if (credentials) await dockerLogin(exec, docker, configDir, registryHost, credentials);
  }
  try {
    await retry(
      async () => {
        const result = await exec([docker, ...buildPullArgs(configDir, image)]);
        if (result.code !== 0) throw new PullError(image, result.stderr);
      },
      (e) => e instanceof PullError && e.transient,
      policy,
    );
  } catch (error) {
    const local = await exec([docker, 'image', 'inspect', '--format', '{{.Id}}', image], { quiet: true });
    if (local.code !== 0) throw error;
    runtime.warning(
      `${error instanceof Error ? error.message : String(error)}; using the copy already on this host`,
    );
  }
}

class PullError extends Error {
  override name = 'PullError';
  readonly transient: boolean;
  constructor(image: string, output: string) {
    super(`docker pull ${image} failed: ${output.trim().split('\n').slice(-2).join(' | ')}`);
    this.transient = !/unauthorized|denied|forbidden|not found|manifest unknown|invalid reference/i.test(
      output,
    );
  }
}

/** The registry host of an image reference, when it names one. */
function registryOf(image: string): string | undefined {
  const name = repositoryOfRef(image);
  try {
    return parseImageName(name).registry;
  } catch {
    return undefined;
  }
}

async function startContainer(
  exec: Exec,
  docker: string,
  configDir: string,
  name: string,
  image: string,
  color: Color,
  settings: Settings,
  inputs: Inputs,
  runtime: Runtime,
  commit: string,
): Promise<void> {
  const env = parseKeyValues(inputs.env, 'env');
  const envFile =
    env.length > 0 ? path.join(runtime.tempDir, `berth-env-${randomBytes(6).toString('hex')}`) : undefined;
  try {
    if (envFile) await writeFile(envFile, env.map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600 });
    const argv = buildDockerRunArgs({
      configDir,
      name,
      image,
      bindAddress: settings.bindAddress,
      hostPort: settings.ports[color],
      containerPort: settings.containerPort,
      envFile,
      labels: [
        ['berth.app', settings.app],
        ['berth.environment', settings.environment],
        ['berth.color', color],
        ['berth.commit', commit],
        ['berth.image-ref', image],
        ['berth.deployed-at', new Date().toISOString()],
      ],
      stopTimeoutSeconds: inputs.stopTimeoutSeconds,
    });
    const result = await exec([docker, ...argv]);
    if (result.code !== 0) {
      await exec([docker, ...buildRemoveArgs(name)], { quiet: true });
      const why = result.stderr.trim().split('\n').slice(-2).join(' | ');
      const port = /address already in use|port is already allocated/i.test(why)
        ? ` (host port ${settings.ports[color]} is taken by something else: ${color}-port must be free for berth)`
        : '';
      throw new Error(`docker run ${name} failed${port}: ${why}`);
    }
  } finally {
    if (envFile) await rm(envFile, { force: true });
  }
}

/** Removes this app's images beyond the newest `keep`, never one a colour container uses. */
async function pruneImages(
  exec: Exec,
  docker: string,
  image: string,
  keep: number,
  settings: Settings,
): Promise<void> {
  const repository = repositoryOfRef(image);
  if (repository === '') return;
  const listed = await exec([docker, 'image', 'ls', '--no-trunc', '--format', '{{.ID}}', repository], {
    quiet: true,
  });
  const ids = [
    ...new Set(
      listed.stdout
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== ''),
    ),
  ];
  const inUse = new Set<string>();
  for (const color of ['blue', 'green'] as const) {
    const r = await exec(
      [docker, 'inspect', '--format', '{{.Image}}', containerName(settings.app, settings.environment, color)],
      { quiet: true },
    );
    if (r.code === 0) inUse.add(r.stdout.trim());
  }
  for (const id of ids.slice(keep)) {
    if (!inUse.has(id)) await exec([docker, 'image', 'rm', id], { quiet: true });
  }
}
