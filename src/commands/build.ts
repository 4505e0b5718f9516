/**
 * `build`: what to build and how to name it → the registry and its credentials → skip when the
 * registry already has this commit (only the other tags move) → build and push → the digest read back
 * → outputs and summary. Credentials live in a private docker config removed at the end (and by the
 * post step if the job is cancelled).
 */
import { buildAndPush } from '../build/build-and-push.js';
import { nameImage } from '../build/naming.js';
import { openRegistry, tagExisting } from '../build/registry-access.js';
import type { BuildResult } from '../build/result.js';
import { resolveBuildTarget } from '../build/target.js';
import { removeDockerConfig } from '../docker/engine.js';
import { createExec, type Exec } from '../exec.js';
import { readEvent } from '../github/event.js';
import type { InputsOf } from '../inputs.js';
import { renderBuildSummary } from '../report/build-summary.js';
import { loggedRetry, type RetryPolicy } from '../retry.js';
import { readPostState } from '../runtime/post-state.js';
import type { Runtime } from '../runtime/runtime.js';

export interface BuildDeps {
  exec?: Exec;
  docker?: string;
  retry?: RetryPolicy;
  now?: () => Date;
}

export async function runBuild(
  inputs: InputsOf<'build'>,
  runtime: Runtime,
  deps: BuildDeps = {},
): Promise<void> {
  const started = Date.now();
  const exec = deps.exec ?? createExec(runtime);
  const retryPolicy = loggedRetry(deps.retry, (m) => runtime.warning(m));

  // 1. What to build and how to name it.
  const event = await readEvent(runtime, { optional: true });
  const target = await resolveBuildTarget(inputs, runtime);
  const naming = nameImage(inputs, runtime, event, target, (deps.now ?? (() => new Date()))());

  // 2. The registry, and the credentials to push with.
  const access = await openRegistry(inputs, runtime, target.image, exec, retryPolicy);
  const base = {
    image: naming.repoRef,
    tags: naming.refs,
    provider: access.provider,
    version: naming.version,
  };

  // 3. Already built for this commit? Then only make sure every tag points at it.
  if (inputs.push && !inputs.force) {
    const existing = await tagExisting(access.registry, target.image, naming, runtime);
    if (existing) {
      await finish(runtime, {
        ...base,
        tags: naming.refs,
        digest: existing.digest,
        skipped: true,
        builder: 'none',
        durationMs: Date.now() - started,
      });
      return;
    }
  }

  // 4. Build and push.
  const built = await buildAndPush(
    inputs,
    runtime,
    { exec, docker: deps.docker ?? 'docker', retryPolicy },
    target,
    naming,
    access,
  );
  await finish(runtime, {
    ...base,
    tags: naming.refs,
    digest: built.digest,
    imageId: built.imageId,
    skipped: false,
    builder: built.builder,
    durationMs: Date.now() - started,
  });
}

/** The post step's part: remove the private docker config if the main step could not. */
export async function cleanupBuild(runtime: Runtime): Promise<void> {
  const dir = readPostState(runtime, 'docker-config');
  if (typeof dir === 'string' && dir !== '') await removeDockerConfig(dir);
}

async function finish(runtime: Runtime, result: BuildResult): Promise<void> {
  const imageRefValue = result.digest === '' ? '' : `${result.image}@${result.digest}`;
  runtime.setOutput('image', result.image);
  runtime.setOutput('tags', result.tags.join('\n'));
  runtime.setOutput('digest', result.digest);
  runtime.setOutput('image-ref', imageRefValue);
  runtime.setOutput('skipped', String(result.skipped));
  runtime.setOutput('metadata', JSON.stringify({ ...result, imageRef: imageRefValue }));
  await runtime.appendSummary(renderBuildSummary(result));
}
