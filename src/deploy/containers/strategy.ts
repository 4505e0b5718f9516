/**
 * The container strategies' plan: blue-green (two colours behind nginx) and recreate (one container, for
 * workers). On each host: a private docker config, what is live there, the image to go live, then the
 * strategy's own steps; the attempt carries the new state for the command to record.
 */
import { createDockerConfig, removeDockerConfig } from '../../docker/engine.js';
import { deployReference } from '../../docker/reference.js';
import { ConfigurationError } from '../../errors.js';
import { ecrRegion } from '../../registry/providers.js';
import { renderDeploySummary } from '../../report/deploy-summary.js';
import { loggedRetry } from '../../retry.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { DeployAction, DeployResult } from '../model.js';
import { readState, type DeployState } from '../state.js';
import type { DeployDeps, HostRun, OnHosts, Strategy } from '../strategy.js';
import { blueGreen } from './blue-green.js';
import type { StrategyContext } from './context.js';
import { recreate } from './recreate.js';
import {
  IMAGE_REQUIRED,
  missingDeployError,
  resolveDeploySettings,
  type DeploySettings,
} from './settings.js';

export const containerStrategy: Strategy = {
  plan: async (action, inputs, runtime, deps) => {
    const missing = missingDeployError(action, inputs);
    if (missing) throw missing;
    const settings = resolveDeploySettings(inputs);
    return containerPlan(action, settings, inputs.image, runtime, deps);
  },
};

function containerPlan(
  action: DeployAction,
  settings: DeploySettings,
  image: string,
  runtime: Runtime,
  deps: DeployDeps,
): OnHosts<DeployResult> {
  return {
    where: 'hosts',
    app: settings.app,
    environment: settings.environment,
    stateRoot: settings.stateRoot,
    lockTimeoutSeconds: settings.lockTimeoutSeconds,
    run: (on) => deployOnHost(action, settings, image, runtime, deps, on),
    summary: renderDeploySummary,
    outputs: containerOutputs,
  };
}

/** The outputs of a container deploy: the last host's colour and images, and every host's. */
export function containerOutputs(
  results: readonly DeployResult[],
): Record<'color' | 'image-ref' | 'previous-image-ref' | 'url' | 'duration-ms' | 'hosts', string> {
  const last = results.at(-1) as DeployResult;
  return {
    color: last.color,
    'image-ref': last.imageRef,
    'previous-image-ref': last.previousImageRef,
    url: last.url,
    'duration-ms': String(results.reduce((sum, r) => sum + r.durationMs, 0)),
    hosts: JSON.stringify(
      results.map((r) => ({
        host: r.host,
        color: r.color,
        'image-ref': r.imageRef,
        'previous-image-ref': r.previousImageRef,
      })),
    ),
  };
}

async function deployOnHost(
  action: DeployAction,
  settings: DeploySettings,
  imageInput: string,
  runtime: Runtime,
  deps: DeployDeps,
  on: HostRun,
): Promise<DeployResult> {
  const { host, attempt } = on;
  const localDocker = deps.docker ?? 'docker';
  // A private directory on the host for this run's docker login and env file.
  const work = host.remote ? await host.makeTempDir() : await createDockerConfig(runtime.tempDir);
  try {
    const d: StrategyContext['d'] = { host, docker: host.remote ? 'docker' : localDocker, configDir: work };
    const state = await readState(host, on.stateDir);
    attempt.previousImageRef = state?.imageRef ?? '';
    const image = action === 'deploy' ? requireImage(imageInput) : rollbackTarget(imageInput, state);
    attempt.imageRef = image;
    const ctx: StrategyContext = {
      action,
      d,
      settings,
      runtime,
      state,
      image,
      source: {
        transfer: settings.imageTransfer,
        registry: settings.registry,
        runtime,
        policy: loggedRetry(deps.retry, (m) => runtime.warning(m)),
        localExec: on.exec,
        localDocker,
        // Loaded only for an ECR image: the AWS SDK is no part of other deploys' start.
        ecr: async (registry) =>
          (await import('../../registry/ecr.js')).ecrCredentials(ecrRegion(registry), registry),
      },
      commit: on.commit,
      step: on.step,
      record: (name, ms) => on.timeline.push({ name, ms }),
    };
    const outcome = settings.strategy === 'recreate' ? await recreate(ctx) : await blueGreen(ctx);
    attempt.color = outcome.color;
    attempt.state = {
      ...(outcome.color !== '' ? { live: outcome.color } : {}),
      strategy: settings.strategy,
      imageRef: image,
      previousImageRef: attempt.previousImageRef,
      commit: on.commit,
      updatedAt: new Date().toISOString(),
    };
    return {
      action,
      host: host.label,
      remote: host.remote,
      app: settings.app,
      environment: settings.environment,
      color: outcome.color,
      imageRef: image,
      previousImageRef: attempt.previousImageRef,
      url: outcome.url,
      durationMs: Date.now() - on.startedAt,
      timeline: on.timeline,
    };
  } finally {
    if (host.remote) await host.remove(work).catch(() => undefined);
    else await removeDockerConfig(work);
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
