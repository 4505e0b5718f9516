/**
 * The container steps both strategies share, on a Host: getting the image there (the host pulls it, or
 * the runner streams it over SSH), starting a container with its env in a 0600 file, inspecting,
 * last log lines, and pruning old images. Argv comes from the docker builders; the Host runs it.
 */
import { randomBytes } from 'node:crypto';
import { parseKeyValues } from '../../docker/build-args.js';
import { createDockerConfig, prepareOwnLogin, removeDockerConfig } from '../../docker/engine.js';
import { parseImageName, repositoryOfRef } from '../../docker/reference.js';
import {
  buildContainerImagesArgs,
  buildCreateBody,
  buildImageIdsArgs,
  buildDockerRunArgs,
  buildInspectArgs,
  buildLogsArgs,
  buildPullArgs,
  buildRemoveArgs,
  buildStopArgs,
  parseIdLines,
  parseInspect,
  type ContainerState,
} from '../../docker/run-args.js';
import { lastLines, type Exec } from '../../exec.js';
import { jobCredentials, readUserDockerConfig } from '../../registry/job-login.js';
import { dockerLogin, RegistryUnreachableError } from '../../registry/login.js';
import { resolveRegistryCredentials } from '../../registry/credentials.js';
import { resolveProvider, type Credentials } from '../../registry/providers.js';
import type { CommandHost, HostFiles } from '../../remote/host.js';
import type { SshHost } from '../../remote/ssh.js';
import { tickWhile } from '../../progress.js';
import { retry, type RetryPolicy } from '../../retry.js';
import { inGroup, type Runtime } from '../../runtime/runtime.js';
import type { DeploySettings, RegistryAccess } from './settings.js';

/** docker on a host; most steps only run commands there, starting a container writes its env file too. */
export interface Docker<H extends CommandHost = CommandHost & HostFiles> {
  host: H;
  /** The docker client on the host (`docker`; tests pin one locally). */
  docker: string;
  /** A private (0700) docker config directory on the host, removed after the run. */
  configDir: string;
}

export async function inspectContainer(
  d: Docker<CommandHost>,
  name: string,
): Promise<ContainerState | undefined> {
  const result = await d.host.exec([d.docker, ...buildInspectArgs(name)], { quiet: true });
  if (result.code !== 0) return undefined;
  return parseInspect(result.stdout);
}

export const GONE: ContainerState = {
  status: 'dead',
  exitCode: -1,
  restartCount: 0,
  health: 'none',
  imageRef: '',
};

export async function mustRun(d: Docker<CommandHost>, args: string[], what: string): Promise<void> {
  const result = await d.host.exec([d.docker, ...args]);
  if (result.code !== 0) throw new Error(`${what} failed on ${d.host.label}: ${lastLines(result.stderr)}`);
}

export async function removeContainer(d: Docker<CommandHost>, name: string): Promise<void> {
  await d.host.exec([d.docker, ...buildRemoveArgs(name)], { quiet: true });
}

/**
 * Removes a container that may still be stopping — an old colour whose stop a deploy handed to the engine
 * — after letting it finish (see {@link awaitStopped}), not cut short by `rm --force`. One that is gone or
 * already down costs one call.
 */
export async function retireContainer(
  d: Docker<CommandHost>,
  name: string,
  timeoutSeconds: number,
): Promise<void> {
  const removed = await d.host.exec([d.docker, 'rm', name], { quiet: true });
  if (removed.code === 0 || /no such container/i.test(removed.stderr)) return;
  await awaitStopped(d, name, timeoutSeconds);
  await removeContainer(d, name);
}

/**
 * Waits for a running container to exit by itself — a stop already under way ends within its
 * stop-timeout, the engine's SIGKILL included — and stops it only when it outlasts that (it was not
 * stopping). A second stop signal is never sent to an app that is shutting down. Only the runner's own
 * host hands stops to its engine: on an SSH host a running container is not stopping (a deploy cut
 * short left it), so it is stopped at once.
 */
export async function awaitStopped(
  d: Docker<CommandHost>,
  name: string,
  timeoutSeconds: number,
): Promise<void> {
  const waited = d.host.remote
    ? undefined
    : await d.host.exec([d.docker, 'container', 'wait', name], {
        quiet: true,
        timeoutMs: (timeoutSeconds + 5) * 1000,
      });
  if (waited?.code !== 0)
    await d.host.exec([d.docker, ...buildStopArgs(name, timeoutSeconds)], { quiet: true });
}

export async function lastLogLines(d: Docker<CommandHost>, name: string, lines = 30): Promise<string> {
  const logs = await d.host.exec([d.docker, ...buildLogsArgs(name, lines)], { quiet: true });
  return (logs.stdout + logs.stderr).trim();
}

export interface ImageSource {
  image: string;
  /** `pull` on the host, or `stream` from the runner over SSH. */
  transfer: DeploySettings['imageTransfer'];
  registry: RegistryAccess;
  runtime: Runtime;
  policy: RetryPolicy;
  /** The runner's own exec and docker client, for streaming over SSH. */
  localExec: Exec;
  localDocker: string;
  /** ECR's token for a registry host (AWS's GetAuthorizationToken); a seam for tests. */
  ecr: (registry: string) => Promise<Credentials>;
}

/**
 * Makes `image` runnable on the host and returns the reference to run. `pull`: the host pulls it by
 * digest (with retries); `stream`: the runner pulls it and streams it over SSH (`docker save | docker
 * load`) to a host with no route to the registry. A digest survives neither `save` nor `load`, so a
 * streamed image runs by a tag derived from its digest.
 */
export async function provideImage(d: Docker<CommandHost>, source: ImageSource): Promise<string> {
  if (source.transfer === 'stream' && d.host.remote) {
    return streamImage(d.host as SshHost, source);
  }
  // A digest names exactly one image: when the host has it, there is nothing to pull (or log in for).
  if (/@sha256:[0-9a-f]{64}$/.test(source.image) && (await hasImage(d, source.image))) {
    source.runtime.info(`${source.image} is already on ${d.host.label}; nothing to pull`);
    return source.image;
  }
  await pullImage(d, source.image, source);
  return source.image;
}

async function hasImage(d: Docker<CommandHost>, image: string): Promise<boolean> {
  const result = await d.host.exec([d.docker, 'image', 'inspect', '--format', '{{.Id}}', image], {
    quiet: true,
  });
  return result.code === 0;
}

async function pullImage(d: Docker<CommandHost>, image: string, source: ImageSource): Promise<void> {
  await login(d, image, source);
  try {
    await retry(
      async () => {
        const result = await inGroup(source.runtime, `docker pull ${image} on ${d.host.label}`, () =>
          d.host.exec([d.docker, ...buildPullArgs(d.configDir, image)], { stream: true }),
        );
        if (result.code !== 0) throw new PullError(image, d.host.label, result.stderr);
      },
      (e) => e instanceof PullError && e.transient,
      source.policy,
    );
  } catch (error) {
    const local = await d.host.exec([d.docker, 'image', 'inspect', '--format', '{{.Id}}', image], {
      quiet: true,
    });
    if (local.code !== 0) throw error;
    source.runtime.warning(
      `${error instanceof Error ? error.message : String(error)}; using the copy already on ${d.host.label}`,
    );
  }
}

/**
 * Logs the host in for the pull: with registry-username / registry-password when given (berth's own
 * login wins), else with the job's login for the registry. On the runner's own host the private config
 * carries the job's logins already; an SSH host gets the job's credentials for this one registry
 * through `docker login --password-stdin`, as berth's own.
 */
async function login(d: Docker<CommandHost>, image: string, source: ImageSource): Promise<void> {
  const { registry, runtime } = source;
  const registryHost = registryOf(image);
  if (registryHost === undefined) return;
  // The same rule as build's (src/registry/credentials.ts), for a pull: a public image needs none.
  const resolved = await resolveRegistryCredentials(
    {
      provider: resolveProvider(registryHost, registry.provider),
      registry: registryHost,
      username: registry.username,
      password: registry.password,
      githubActor: runtime.getContext('actor'),
      githubToken: registry.githubToken,
      jobLogin: async () => jobCredentials(await readUserDockerConfig(), registryHost, source.localExec),
      ecr: (host: string) => source.ecr(host),
    },
    'pull',
  );
  const credentials = resolved.credentials;
  if (resolved.from === 'none') {
    runtime.debug(
      `registry ${registryHost}: pulling without a login${resolved.note ? ` (${resolved.note})` : ''}`,
    );
    return;
  }
  if (resolved.from === 'job') {
    // On the runner's own host the private config carries the job's logins already.
    if (!d.host.remote) return;
    runtime.info(`registry ${registryHost}: logging ${d.host.label} in with the job's docker login`);
  } else {
    runtime.info(
      `registry ${registryHost}: logging ${d.host.label} in (${resolved.from === 'ecr' ? 'ECR token from AWS' : resolved.from === 'defaults' ? 'the workflow actor and github-token' : 'registry-username / registry-password'})`,
    );
    if (!d.host.remote) await prepareOwnLogin(d.configDir, registryHost);
  }
  if (credentials) {
    const given = credentials;
    runtime.setSecret(given.password);
    await retry(
      () =>
        dockerLogin(
          (argv, o) => d.host.exec(argv, o),
          d.docker,
          d.configDir,
          registryHost,
          given,
          d.host.label,
        ),
      (e) => e instanceof RegistryUnreachableError,
      source.policy,
    );
  }
}

/** The tag a streamed image runs by on the host: `<repository>:berth-<first 12 of the digest>`. */
export function streamedTag(image: string): string {
  const digest = /@sha256:([0-9a-f]{64})$/.exec(image)?.[1];
  return digest === undefined ? image : `${repositoryOfRef(image)}:berth-${digest.slice(0, 12)}`;
}

async function streamImage(host: SshHost, source: ImageSource): Promise<string> {
  const runRef = streamedTag(source.image);
  const there = await host.exec(['docker', 'image', 'inspect', '--format', '{{.Id}}', runRef], {
    quiet: true,
  });
  if (there.code === 0) {
    source.runtime.info(`${runRef} is already on ${host.label}; nothing to stream`);
    return runRef;
  }
  const local: Docker<CommandHost> = {
    host: localHostShim(source.localExec),
    docker: source.localDocker,
    configDir: await createDockerConfig(source.runtime.tempDir),
  };
  try {
    await pullImage(local, source.image, source);
    if (runRef !== source.image) {
      const tagged = await source.localExec([source.localDocker, 'tag', source.image, runRef]);
      if (tagged.code !== 0) throw new Error(`docker tag ${runRef} failed: ${lastLines(tagged.stderr)}`);
    }
    const t = Date.now();
    const streamed = await tickWhile(
      () => host.pipeFrom([source.localDocker, 'save', runRef], ['docker', 'load', '--quiet']),
      {
        what: `streaming ${runRef} to ${host.label}`,
        now: Date.now,
        say: (line) => source.runtime.info(line),
      },
    );
    if (streamed.code !== 0) {
      throw new Error(
        `streaming ${runRef} to ${host.label} (docker save | docker load) failed: ${lastLines(streamed.stderr)}`,
      );
    }
    source.runtime.info(`streamed ${runRef} to ${host.label} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return runRef;
  } finally {
    if (runRef !== source.image)
      await source.localExec([source.localDocker, 'image', 'rm', runRef], { quiet: true });
    await removeDockerConfig(local.configDir);
  }
}

/** The runner itself, for the few docker commands streaming runs locally. */
function localHostShim(exec: Exec): CommandHost {
  return { label: 'the runner', remote: false, exec };
}

export class PullError extends Error {
  override name = 'PullError';
  readonly transient: boolean;
  constructor(image: string, where: string, output: string) {
    super(`docker pull ${image} on ${where} failed: ${lastLines(output, 2)}`);
    this.transient = !/unauthorized|denied|forbidden|not found|manifest unknown|invalid reference/i.test(
      output,
    );
  }
}

/** The registry host of an image reference, when it names one. */
function registryOf(image: string): string | undefined {
  try {
    return parseImageName(repositoryOfRef(image)).registry;
  } catch {
    return undefined;
  }
}

export interface StartSpec {
  name: string;
  /** The reference to run (a streamed image's tag) and the one to record (repo@digest). */
  runRef: string;
  imageRef: string;
  bindAddress: string;
  hostPort?: number;
  containerPort?: number;
  labels: ReadonlyArray<readonly [string, string]>;
  env: string;
  stopTimeoutSeconds: number;
}

/**
 * Starts the container: on the runner's own host through the engine's socket (the env in the request,
 * never on disk; no CLI process), else `docker run` with the env in a 0600 file in the run's private
 * directory, removed once started.
 */
export async function startContainer(d: Docker, spec: StartSpec): Promise<void> {
  const env = parseKeyValues(spec.env, 'env');
  const labels: Array<readonly [string, string]> = [
    ...spec.labels,
    ['berth.image-ref', spec.imageRef],
    ['berth.deployed-at', new Date().toISOString()],
  ];
  if (!d.host.remote) {
    const engine = await import('../../docker/engine-socket.js');
    const socket = await engine.localEngineSocket();
    if (socket !== undefined) {
      const body = buildCreateBody({ ...spec, image: spec.runRef, env, labels });
      let answer: { why: string | undefined } | undefined;
      try {
        answer = { why: await engine.createAndStart(socket, spec.name, body) };
      } catch {
        // No engine at that socket for this user (no permission, none there): `docker run` says why.
      }
      if (answer?.why !== undefined) throw startFailure(d, spec, answer.why);
      if (answer) return;
    }
  }
  const envFile = env.length > 0 ? `${d.configDir}/env-${randomBytes(6).toString('hex')}` : undefined;
  let failed = false;
  try {
    if (envFile)
      await d.host.writeFile(envFile, env.map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600 });
    const argv = buildDockerRunArgs({
      configDir: d.configDir,
      name: spec.name,
      image: spec.runRef,
      bindAddress: spec.bindAddress,
      hostPort: spec.hostPort,
      containerPort: spec.containerPort,
      envFile,
      labels,
      stopTimeoutSeconds: spec.stopTimeoutSeconds,
    });
    const result = await d.host.exec([d.docker, ...argv]);
    if (result.code !== 0) {
      await removeContainer(d, spec.name);
      throw startFailure(d, spec, lastLines(result.stderr, 2));
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // Not over the first error: when the host is gone, that error says why.
    if (envFile)
      await d.host.remove(envFile).catch((error: unknown) => {
        if (!failed) throw error;
      });
  }
}

function startFailure(d: Docker<CommandHost>, spec: StartSpec, why: string): Error {
  const port =
    spec.hostPort !== undefined && /address already in use|port is already allocated/i.test(why)
      ? ` (host port ${spec.hostPort} is taken by something else; berth needs it free)`
      : '';
  return new Error(`docker run ${spec.name} on ${d.host.label} failed${port}: ${why}`);
}

/** Removes images of this app's repository beyond the newest `keep`, never one a container uses. */
export async function pruneImages(
  d: Docker<CommandHost>,
  image: string,
  keep: number,
  containers: readonly string[],
): Promise<void> {
  const repository = repositoryOfRef(image);
  if (repository === '') return;
  const listed = await d.host.exec([d.docker, ...buildImageIdsArgs(repository)], { quiet: true });
  const ids = parseIdLines(listed.stdout);
  if (ids.length <= keep) return;
  const inspected = await d.host.exec([d.docker, ...buildContainerImagesArgs(containers)], { quiet: true });
  // One line per container that exists (docker inspect still prints those when another is missing).
  const inUse = new Set(parseIdLines(inspected.stdout));
  for (const id of ids.slice(keep)) {
    if (!inUse.has(id)) await d.host.exec([d.docker, 'image', 'rm', id], { quiet: true });
  }
}
