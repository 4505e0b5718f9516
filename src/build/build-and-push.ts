/**
 * The build itself, with credentials in a private docker config (recorded for the post step, removed at
 * the end): berth's own login, the builder found (BuildKit, else the classic one, with what that loses),
 * build secrets in 0600 files, `docker build`, the push (in the build with BuildKit, else after it),
 * and the digest read back from the registry.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  buildDockerBuildArgs,
  buildPushArgs,
  parseKeyValues,
  parseLines,
  parseList,
  type BuildSpec,
} from '../docker/build-args.js';
import { createDockerConfig, detectBuilder, prepareOwnLogin, removeDockerConfig } from '../docker/engine.js';
import { lastLines, type Exec } from '../exec.js';
import type { InputsOf } from '../inputs.js';
import { dockerLogin } from '../registry/login.js';
import { retry, type RetryPolicy } from '../retry.js';
import { savePostState } from '../runtime/post-state.js';
import { inGroup, type Runtime } from '../runtime/runtime.js';
import type { ImageNaming } from './naming.js';
import type { RegistryAccess } from './registry-access.js';
import type { BuildTarget } from './target.js';

export interface Built {
  /** The registry's digest of the `sha-` tag; '' when not pushed. */
  digest: string;
  imageId: string;
  builder: string;
}

export async function buildAndPush(
  inputs: InputsOf<'build'>,
  runtime: Runtime,
  run: { exec: Exec; docker: string; retryPolicy: RetryPolicy },
  target: BuildTarget,
  naming: ImageNaming,
  access: RegistryAccess,
): Promise<Built> {
  const { exec, docker } = run;
  const { image } = target;
  const configDir = await createDockerConfig(runtime.tempDir);
  savePostState(runtime, 'docker-config', configDir);
  const secretFiles: string[] = [];
  try {
    // The job's login is in the private config already (carried over); berth's own goes to its file.
    if (access.credentials && inputs.push && !access.fromJob) {
      await prepareOwnLogin(configDir, image.registry);
      await dockerLogin(exec, docker, configDir, image.registry, access.credentials);
    }
    const detection = await detectBuilder(exec, docker, configDir);
    runtime.info(`builder: ${detection.builder} (${detection.notes.join('; ')})`);
    if (detection.builder === 'classic') {
      runtime.warning(
        `No BuildKit on this runner (${detection.notes.join('; ')}): using the classic builder, which has no build secrets, no cache export, no multi-platform builds and slower, serial builds. Install the docker buildx plugin to get them back.`,
      );
    }
    const secrets = [];
    for (const [id, value] of parseKeyValues(inputs.buildSecrets, 'build-secrets')) {
      const file = path.join(runtime.tempDir, `berth-secret-${randomBytes(6).toString('hex')}`);
      await writeFile(file, value, { mode: 0o600 });
      secretFiles.push(file);
      secrets.push({ id, file });
    }
    const iidFile = path.join(configDir, 'iid');
    const spec: BuildSpec = {
      configDir,
      context: target.context,
      file: target.file,
      target: inputs.target,
      buildArgs: parseKeyValues(inputs.buildArgs, 'build-args'),
      secrets,
      labels: naming.labels,
      tags: naming.refs,
      platforms: parseList(inputs.platforms),
      cacheFrom: parseLines(inputs.cacheFrom),
      cacheTo: parseLines(inputs.cacheTo),
      noCache: inputs.noCache,
      push: inputs.push,
      iidFile,
    };
    const command = buildDockerBuildArgs(spec, detection.builder);
    for (const lost of command.lost)
      runtime.warning(`ignored with the ${detection.builder} builder: ${lost}`);
    const built = await inGroup(runtime, `docker build ${naming.repoRef}`, () =>
      exec([docker, ...command.args], {
        env: command.env,
        cwd: runtime.workspace,
        stream: true,
      }),
    );
    if (built.code !== 0) {
      throw new Error(
        `docker build of ${naming.repoRef} failed (exit ${built.code}): ${lastLines(built.stderr || built.stdout, 5)}`,
      );
    }
    if (command.pushAfter) {
      for (const ref of naming.refs) await push(exec, runtime, docker, configDir, ref, run.retryPolicy);
    }
    const imageId = (await readFile(iidFile, 'utf8')).trim();
    const digest = inputs.push
      ? await access.registry.manifestDigest(image.repository, naming.shaTag)
      : undefined;
    if (inputs.push && digest === undefined)
      throw new Error(`${naming.repoRef}:${naming.shaTag} was pushed but the registry does not list it`);
    return { digest: digest ?? '', imageId, builder: detection.builder };
  } finally {
    await Promise.all(secretFiles.map((f) => rm(f, { force: true })));
    await removeDockerConfig(configDir);
  }
}

async function push(
  exec: Exec,
  runtime: Pick<Runtime, 'startGroup' | 'endGroup'>,
  docker: string,
  configDir: string,
  ref: string,
  policy: RetryPolicy,
): Promise<void> {
  await retry(
    async () => {
      const result = await inGroup(runtime, `docker push ${ref}`, () =>
        exec([docker, ...buildPushArgs(configDir, ref)], { stream: true }),
      );
      if (result.code !== 0) throw new PushError(ref, result.stderr || result.stdout);
    },
    (e) => e instanceof PushError && e.transient,
    policy,
  );
}

class PushError extends Error {
  override name = 'PushError';
  readonly transient: boolean;
  constructor(ref: string, output: string) {
    super(`docker push ${ref} failed: ${lastLines(output, 5)}`);
    this.transient = !/unauthorized|denied|forbidden|authentication required/i.test(output);
  }
}
