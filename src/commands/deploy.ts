/**
 * `deploy` and `rollback`: for each host (this one, or servers over SSH, one at a time), take the host's
 * lock, run the strategy (blue-green behind nginx, or recreate), record state and history there, and
 * report per host. The first failing host stops the run; hosts after it keep their old version.
 */
import { deployReference } from '../docker/reference.js';
import { homedir } from 'node:os';
import path from 'node:path';
import { createDockerConfig, removeDockerConfig } from '../docker/engine.js';
import { blueGreen } from '../deploy/blue-green.js';
import type { Docker } from '../deploy/container.js';
import { acquireDeployLock, releaseDeployLock } from '../deploy/lock.js';
import { recreate } from '../deploy/recreate.js';
import { ecrRegion } from '../registry/providers.js';
import { appendHistory, readState, stateDirFor, writeState, type DeployState } from '../deploy/state.js';
import type { DeploySettings, StrategyContext } from '../deploy/strategy.js';
import { ConfigurationError, requiredKeysOf } from '../errors.js';
import { createExec, type Exec } from '../exec.js';
import type { Inputs } from '../inputs.js';
import { parseAccessAllow, parseBasicAuth, parseListen, parseServerNames } from '../nginx/server-block.js';
import { defaultUpstreamName, UPSTREAM_NAME } from '../nginx/upstream.js';
import { LocalHost, type Host } from '../remote/host.js';
import { SshHost } from '../remote/ssh.js';
import { resolveSshTargets } from '../remote/ssh-targets.js';
import { deployRunId, onEachHost } from '../deploy/each-host.js';
import { timeline } from '../deploy/timeline.js';
import { describeEndpoint } from '../remote/ssh-config.js';
import { renderDeploySummary, type DeployResult } from '../report/deploy-summary.js';
import { loggedRetry, type RetryPolicy } from '../retry.js';
import type { Runtime } from '../runtime/runtime.js';

export const LOCK_STATE = 'deploy-lock';
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

export interface DeployDeps {
  exec?: Exec;
  docker?: string;
  retry?: RetryPolicy;
}

/**
 * Every input a deploy or rollback cannot run without that the step (and the config's `with:`) left
 * empty, all at once: a bare step learns what it needs in one run, not one input per run.
 */
export function missingDeployInputs(action: 'deploy' | 'rollback', inputs: Inputs): string[] {
  const missing: string[] = [];
  if (inputs.environment === '')
    missing.push('environment: required; the environment deployed, a name from the config (e.g. production)');
  if (inputs.app === '' && inputs.component === '')
    missing.push('app: required (or component); the app name in container names (e.g. backend)');
  if (action === 'deploy' && inputs.strategy !== 'static' && inputs.image === '')
    missing.push(IMAGE_REQUIRED);
  if (inputs.strategy === 'blue-green') {
    if (inputs.port === undefined) missing.push(PORT_REQUIRED);
    if (inputs.bluePort === undefined || inputs.greenPort === undefined) missing.push(COLOUR_PORTS_REQUIRED);
    if (inputs.nginxUpstreamFile === '') missing.push(UPSTREAM_FILE_REQUIRED);
  }
  return missing;
}

const IMAGE_REQUIRED = 'image: required for deploy; pass the image-ref output of build (repo@sha256:…)';
const PORT_REQUIRED = 'port: required; the port your app listens on inside the container (e.g. 8080)';
const COLOUR_PORTS_REQUIRED =
  'blue-port / green-port: both required; two free host ports for the two colours (e.g. 18080 and 18081)';
const UPSTREAM_FILE_REQUIRED =
  'nginx-upstream-file: required; the include file berth writes (e.g. /etc/nginx/conf.d/berth-upstream-backend.conf), which your server block proxies to';

/** Checks the deploy inputs; every error names the input and the expected form. */
export function resolveDeploySettings(inputs: Inputs): DeploySettings {
  const app = inputs.app || inputs.component;
  if (!NAME.test(app)) {
    throw new ConfigurationError(
      `app: expected a name of letters, digits, "-", "_" or "." (it names the containers), got ${JSON.stringify(app)}${inputs.app === '' ? ' (set app, or component)' : ''}`,
      { key: 'app', kind: 'invalid' },
    );
  }
  if (!NAME.test(inputs.environment)) {
    throw new ConfigurationError(
      `environment: expected the environment's name (e.g. production), got ${JSON.stringify(inputs.environment)}`,
      { key: 'environment', kind: 'invalid' },
    );
  }
  const remote = inputs.sshHost !== '';
  const absolute = (input: string, value: string): string => {
    if (value === '' || (!remote && !path.isAbsolute(value))) return value === '' ? '' : path.resolve(value);
    if (!path.posix.isAbsolute(value)) {
      throw new ConfigurationError(
        `${input}: expected an absolute path on the server, got ${JSON.stringify(value)}`,
        { key: input, kind: 'invalid' },
      );
    }
    return value;
  };
  const common = {
    app,
    environment: inputs.environment,
    bindAddress: inputs.bindAddress,
    stateRoot: inputs.stateDir,
  };
  if (inputs.strategy === 'recreate') {
    const nginxOnly = (['nginx-server-file', 'access-allow', 'basic-auth'] as const).find(
      (name) =>
        ({
          'nginx-server-file': inputs.nginxServerFile,
          'access-allow': inputs.accessAllow,
          'basic-auth': inputs.basicAuth,
        })[name] !== '',
    );
    if (nginxOnly) {
      throw new ConfigurationError(
        `${nginxOnly}: strategy recreate puts no nginx in front of the app; use it with blue-green`,
        { key: nginxOnly, kind: 'unexpected' },
      );
    }
    // A worker may publish one port (blue-port) or none.
    return {
      ...common,
      containerPort: inputs.port,
      ports:
        inputs.port !== undefined && inputs.bluePort !== undefined
          ? { blue: inputs.bluePort, green: inputs.bluePort }
          : undefined,
      upstreamFile: '',
      upstreamName: '',
    };
  }
  if (inputs.port === undefined)
    throw new ConfigurationError(PORT_REQUIRED, { key: 'port', kind: 'required' });
  if (inputs.bluePort === undefined || inputs.greenPort === undefined) {
    throw new ConfigurationError(COLOUR_PORTS_REQUIRED, {
      key: ['blue-port', 'green-port'],
      kind: 'required',
    });
  }
  if (inputs.bluePort === inputs.greenPort) {
    throw new ConfigurationError(
      `blue-port / green-port: must differ (both are ${inputs.bluePort}); two containers never share a port`,
      { key: ['blue-port', 'green-port'], kind: 'invalid' },
    );
  }
  if (inputs.nginxUpstreamFile === '')
    throw new ConfigurationError(UPSTREAM_FILE_REQUIRED, { key: 'nginx-upstream-file', kind: 'required' });
  const upstreamName = inputs.nginxUpstreamName || defaultUpstreamName(app, inputs.environment);
  if (!UPSTREAM_NAME.test(upstreamName)) {
    throw new ConfigurationError(
      `nginx-upstream-name: expected letters, digits and "_", got ${JSON.stringify(upstreamName)}`,
      { key: 'nginx-upstream-name', kind: 'invalid' },
    );
  }
  const allow = parseAccessAllow(inputs.accessAllow);
  const basicAuth = inputs.basicAuth === '' ? undefined : parseBasicAuth(inputs.basicAuth);
  if (inputs.nginxServerFile === '' && (allow.length > 0 || basicAuth !== undefined)) {
    throw new ConfigurationError(
      `${allow.length > 0 ? 'access-allow' : 'basic-auth'}: needs nginx-server-file, the server block berth writes (e.g. /etc/nginx/conf.d/berth-${app}-${inputs.environment}.conf); berth does not edit server blocks it did not write`,
      { key: allow.length > 0 ? 'access-allow' : 'basic-auth', kind: 'invalid' },
    );
  }
  return {
    ...common,
    containerPort: inputs.port,
    ports: { blue: inputs.bluePort, green: inputs.greenPort },
    upstreamFile: absolute('nginx-upstream-file', inputs.nginxUpstreamFile),
    upstreamName,
    ...(inputs.nginxServerFile === ''
      ? {}
      : {
          serverBlock: {
            file: absolute('nginx-server-file', inputs.nginxServerFile),
            serverNames: parseServerNames(inputs.nginxServerName),
            listen: parseListen(inputs.nginxListen),
            allow,
            ...(basicAuth ? { basicAuth } : {}),
          },
        }),
  };
}

/** The SSH targets, where they live now (doctor and the static deploy import them from here too). */
export { resolveSshTargets };

export function runDeploy(inputs: Inputs, runtime: Runtime, deps: DeployDeps = {}): Promise<void> {
  if (inputs.strategy === 'static') return runStatic('deploy', inputs, runtime, deps);
  return deployAll('deploy', inputs, runtime, deps);
}

export function runRollback(inputs: Inputs, runtime: Runtime, deps: DeployDeps = {}): Promise<void> {
  if (inputs.strategy === 'static') return runStatic('rollback', inputs, runtime, deps);
  return deployAll('rollback', inputs, runtime, deps);
}

/** Loaded only for strategy static: its planners and the S3/CloudFront SDKs are no part of other commands' start-up. */
async function runStatic(
  action: 'deploy' | 'rollback',
  inputs: Inputs,
  runtime: Runtime,
  deps: DeployDeps,
): Promise<void> {
  const { runStaticDeploy } = await import('./deploy-static.js');
  await runStaticDeploy(action, inputs, runtime, deps);
}

export interface SavedLock {
  /** The SSH host's label, or '' for this host. */
  host: string;
  dir: string;
  runId: string;
}

/** The post step's part: release the lock if this run still holds it (cancelled or failed run). */
export async function releaseLockAfterRun(inputs: Inputs | undefined, runtime: Runtime): Promise<void> {
  const saved = runtime.getState(LOCK_STATE);
  if (saved === '') return;
  const lock = JSON.parse(saved) as SavedLock;
  const exec = createExec(runtime);
  let host: Host;
  if (!lock.host) host = new LocalHost(exec, runtime.tempDir, homedir());
  else {
    const target =
      inputs && resolveSshTargets(inputs).find((t) => describeEndpoint(t.endpoint) === lock.host);
    if (!target) return;
    host = await SshHost.open(exec, runtime, target);
  }
  try {
    if (await releaseDeployLock(host, lock.dir, lock.runId))
      runtime.info(`released the deploy lock ${lock.dir} on ${host.label}`);
  } finally {
    await host.close();
  }
}

async function deployAll(
  action: 'deploy' | 'rollback',
  inputs: Inputs,
  runtime: Runtime,
  deps: DeployDeps,
): Promise<void> {
  const missing = missingDeployInputs(action, inputs);
  if (missing.length > 0)
    throw new ConfigurationError(missing.join('\n'), {
      key: requiredKeysOf(missing.join('\n')),
      kind: 'required',
    });
  const settings = resolveDeploySettings(inputs);
  const exec = deps.exec ?? createExec(runtime);
  const runId = deployRunId(runtime);
  const results = await onEachHost(
    inputs,
    runtime,
    exec,
    (host) => deployOnHost(action, host, settings, inputs, runtime, deps, exec, runId),
    (done) => runtime.appendSummary(done.map(renderDeploySummary).join('\n')),
  );
  const last = results.at(-1) as DeployResult;
  runtime.setOutput('color', last.color);
  runtime.setOutput('image-ref', last.imageRef);
  runtime.setOutput('previous-image-ref', last.previousImageRef);
  runtime.setOutput('url', last.url);
  runtime.setOutput('duration-ms', String(results.reduce((sum, r) => sum + r.durationMs, 0)));
  runtime.setOutput(
    'hosts',
    JSON.stringify(
      results.map((r) => ({
        host: r.host,
        color: r.color,
        'image-ref': r.imageRef,
        'previous-image-ref': r.previousImageRef,
      })),
    ),
  );
  await runtime.appendSummary(results.map(renderDeploySummary).join('\n'));
}

async function deployOnHost(
  action: 'deploy' | 'rollback',
  host: Host,
  settings: DeploySettings,
  inputs: Inputs,
  runtime: Runtime,
  deps: DeployDeps,
  exec: Exec,
  runId: string,
): Promise<DeployResult> {
  const started = Date.now();
  const { steps: timelineSteps, step } = timeline();
  const commit = runtime.getContext('sha');
  const actor = runtime.getContext('actor');
  const stateDir = stateDirFor(
    settings.stateRoot || host.defaultStateRoot(),
    settings.app,
    settings.environment,
  );
  const lockDir = `${stateDir}/lock`;
  const localDocker = deps.docker ?? 'docker';

  // The lock: one deploy of this app and environment at a time on this host.
  const lock = { host, dir: lockDir, runId, commit, actor, timeoutSeconds: inputs.lockTimeoutSeconds };
  return underDeployLock(lock, runtime, step, async () => {
    let work: string | undefined;
    let state: DeployState | undefined;
    let image = '';
    try {
      // A private directory on the host for this run's docker login and env file.
      work = host.remote ? await host.makeTempDir() : await createDockerConfig(runtime.tempDir);
      const d: Docker = { host, docker: host.remote ? 'docker' : localDocker, configDir: work };
      state = await readState(host, stateDir);
      image = action === 'deploy' ? requireImage(inputs.image) : rollbackTarget(inputs.image, state);
      const ctx: StrategyContext = {
        action,
        d,
        settings,
        inputs,
        runtime,
        state,
        image,
        source: {
          inputs,
          runtime,
          policy: loggedRetry(deps.retry, (m) => runtime.warning(m)),
          localExec: exec,
          localDocker,
          // Loaded only for an ECR image: the AWS SDK is no part of other deploys' start.
          ecr: async (host) => (await import('../registry/ecr.js')).ecrCredentials(ecrRegion(host), host),
        },
        commit,
        step,
        record: (name, ms) => timelineSteps.push({ name, ms }),
      };
      const outcome = inputs.strategy === 'recreate' ? await recreate(ctx) : await blueGreen(ctx);
      const result: DeployResult = {
        action,
        host: host.label,
        app: settings.app,
        environment: settings.environment,
        color: outcome.color,
        imageRef: image,
        previousImageRef: state?.imageRef ?? '',
        url: outcome.url,
        durationMs: Date.now() - started,
        timeline: timelineSteps,
      };
      await writeState(host, stateDir, {
        ...(outcome.color !== '' ? { live: outcome.color } : {}),
        strategy: inputs.strategy === 'recreate' ? 'recreate' : 'blue-green', // static never gets here
        imageRef: image,
        previousImageRef: result.previousImageRef,
        commit,
        updatedAt: new Date().toISOString(),
      });
      await appendHistory(host, stateDir, {
        at: new Date().toISOString(),
        action,
        result: 'success',
        color: outcome.color,
        imageRef: image,
        previousImageRef: result.previousImageRef,
        commit,
        runId,
        actor,
        durationMs: result.durationMs,
      });
      return result;
    } catch (error) {
      await appendHistory(host, stateDir, {
        at: new Date().toISOString(),
        action,
        result: 'failed',
        color: '',
        imageRef: image,
        previousImageRef: state?.imageRef ?? '',
        commit,
        runId,
        actor,
        durationMs: Date.now() - started,
        error: error instanceof Error ? error.message.slice(0, 500) : String(error),
      }).catch(() => undefined); // the host may be what failed (SSH dropped)
      throw error;
    } finally {
      if (work !== undefined) {
        if (host.remote) await host.remove(work).catch(() => undefined);
        else await removeDockerConfig(work);
      }
    }
  });
}

/**
 * Runs `work` holding the deploy lock of one app and environment on `host`: taken as the `lock` step
 * (recorded for the post step, which releases it after a cancel), released afterwards whatever happens.
 */
export async function underDeployLock<T>(
  lock: { host: Host; dir: string; runId: string; commit: string; actor: string; timeoutSeconds: number },
  runtime: Runtime,
  step: <S>(name: string, fn: () => Promise<S>) => Promise<S>,
  work: () => Promise<T>,
): Promise<T> {
  const { host, dir, runId } = lock;
  await step('lock', () =>
    acquireDeployLock({
      host,
      dir,
      owner: { runId, commit: lock.commit, actor: lock.actor },
      waitMs: lock.timeoutSeconds * 1000,
      staleMs: Math.max(lock.timeoutSeconds, 60) * 1000 * 2,
      warn: (m) => runtime.warning(m),
      info: (m) => runtime.info(m),
    }),
  );
  const saved: SavedLock = { host: host.remote ? host.label : '', dir, runId };
  runtime.saveState(LOCK_STATE, JSON.stringify(saved));
  try {
    return await work();
  } finally {
    await releaseDeployLock(host, dir, runId).catch((e: unknown) =>
      runtime.warning(
        `could not release the deploy lock on ${host.label} (${e instanceof Error ? e.message : String(e)}); the post step tries again`,
      ),
    );
  }
}

function requireImage(image: string): string {
  if (image === '') throw new ConfigurationError(IMAGE_REQUIRED, { key: 'image', kind: 'required' });
  return deployReference(image);
}

function rollbackTarget(image: string, state: DeployState | undefined): string {
  if (image !== '') return image;
  if (!state?.previousImageRef) {
    throw new ConfigurationError(
      'image: nothing to roll back to (no previous deploy is recorded on this host); pass the image to return to',
      { key: 'image', kind: 'invalid' },
    );
  }
  return state.previousImageRef;
}
