/**
 * `build`: resolve the image and its tags → log in → skip when the registry already has this commit →
 * build → push → read the digest back from the registry → outputs and summary. Credentials live in a
 * private docker config removed at the end (and by the post step if the job is cancelled).
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import type { BerthConfig, ComponentConfig } from '../config/schema.js';
import {
  buildDockerBuildArgs,
  buildPushArgs,
  parseKeyValues,
  parseLines,
  parseList,
  type BuildSpec,
} from '../docker/build-args.js';
import { createDockerConfig, detectBuilder, prepareOwnLogin, removeDockerConfig } from '../docker/engine.js';
import { imageRef, namesRegistry, parseImageName, type ImageName } from '../docker/reference.js';
import { computeLabels, computeTags, extraTagNames, parseLatestRule } from '../docker/tags.js';
import { readCaInput } from '../http/tls.js';
import { ConfigurationError } from '../errors.js';
import { createExec, lastLines, type Exec } from '../exec.js';
import { defaultBranch, headCommit, pullRequestNumber, readEvent } from '../github/event.js';
import type { InputsOf } from '../inputs.js';
import { RegistryClient } from '../registry/api.js';
import { ecrCredentials } from '../registry/ecr.js';
import { jobCredentials, readUserDockerConfig } from '../registry/job-login.js';
import { dockerLogin } from '../registry/login.js';
import { apiHost, ecrRegion, resolveProvider, type Credentials } from '../registry/providers.js';
import { resolveRegistryCredentials } from '../registry/credentials.js';
import type { BuildResult } from '../docker/build-result.js';
import { renderBuildSummary } from '../report/build-summary.js';
import { loggedRetry, retry, type RetryPolicy } from '../retry.js';
import { readPostState, savePostState } from '../runtime/post-state.js';
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
  const docker = deps.docker ?? 'docker';
  const retryPolicy = loggedRetry(deps.retry, (m) => runtime.warning(m));

  // 1. What to build and how to name it.
  const event = await readEvent(runtime, { optional: true });
  const target = await resolveBuildTarget(inputs, runtime);
  const { image } = target;
  const repoRef = imageRef(image);
  const headSha = headCommit(event);
  // `latest` is read here, not only in inputs.ts: its old value `auto` is renamed (see parseLatestRule).
  const latest = parseLatestRule(inputs.latest);
  if (latest.deprecation) runtime.warning(latest.deprecation);
  const { tags, version } = computeTags({
    ref: event.ref,
    headSha,
    defaultBranch: defaultBranch(event),
    pullRequest: pullRequestNumber(event),
    environment: inputs.environment,
    latest: latest.rule,
    extraTags: extraTagNames(parseList(inputs.tags), image),
  });
  const shaTag = tags[0] as string;
  const refs = tags.map((t) => `${repoRef}:${t}`);
  const serverUrl = runtime.getContext('server-url') || 'https://github.com';
  const labels = computeLabels({
    sourceUrl: `${serverUrl}/${event.repository}`,
    revision: headSha,
    created: (deps.now ?? (() => new Date()))(),
    version,
    extra: parseKeyValues(inputs.labels, 'labels'),
  });

  // 2. Credentials and the registry's API: registry-username / registry-password (or ECR's from AWS),
  // else the job's own login for the registry (a docker/login-action step before berth), else the
  // provider's defaults (ghcr: the actor and github-token).
  const provider = resolveProvider(image.registry, inputs.registryProvider);
  const resolved = await resolveRegistryCredentials(
    {
      provider,
      registry: image.registry,
      username: inputs.registryUsername,
      password: inputs.registryPassword,
      githubActor: runtime.getContext('actor'),
      githubToken: inputs.githubToken,
      jobLogin: async () => jobCredentials(await readUserDockerConfig(), image.registry, exec),
      ecr: (host: string) => ecrCredentials(ecrRegion(host), host),
    },
    'push',
  );
  const fromJob = resolved.from === 'job';
  if (fromJob) {
    runtime.info(
      `registry ${image.registry}: using the job's docker login (no registry-username / registry-password given)`,
    );
  }
  const credentials: Credentials | undefined = resolved.credentials;
  if (credentials) {
    runtime.setSecret(credentials.password);
    runtime.setSecret(Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'));
  }
  const ca = await readCaInput(inputs.registryCaCert, {
    input: 'registry-ca-cert',
    workspace: runtime.workspace,
  });
  const registry = new RegistryClient({
    host: apiHost(image.registry),
    credentials,
    ca,
    insecure: inputs.registryInsecure,
    retry: retryPolicy,
    credentialInputs:
      provider === 'ecr'
        ? 'AWS credentials (ecr)'
        : fromJob
          ? `the job's docker login for ${image.registry} (or registry-username / registry-password)`
          : 'registry-username / registry-password',
    onSecret: (secret) => runtime.setSecret(secret),
  });

  const base = { image: repoRef, provider, version };
  // 3. Already built for this commit? Then only make sure every tag points at it.
  if (inputs.push && !inputs.force) {
    const existing = await registry.getManifest(image.repository, shaTag);
    if (existing) {
      runtime.info(
        `${repoRef}:${shaTag} is already in the registry (${existing.digest}): skipping the build (force: true rebuilds)`,
      );
      for (const tag of tags.slice(1)) {
        if ((await registry.manifestDigest(image.repository, tag)) !== existing.digest) {
          await registry.putManifest(image.repository, tag, existing);
          runtime.info(`tagged ${repoRef}:${tag} → ${existing.digest}`);
        }
      }
      await finish(runtime, {
        ...base,
        tags: refs,
        digest: existing.digest,
        skipped: true,
        builder: 'none',
        durationMs: Date.now() - started,
      });
      return;
    }
  }

  // 4. Build and push, with credentials in a private docker config.
  const configDir = await createDockerConfig(runtime.tempDir);
  savePostState(runtime, 'docker-config', configDir);
  const secretFiles: string[] = [];
  try {
    // The job's login is in the private config already (carried over); berth's own goes to its file.
    if (credentials && inputs.push && !fromJob) {
      await prepareOwnLogin(configDir, image.registry);
      await dockerLogin(exec, docker, configDir, image.registry, credentials);
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
      labels,
      tags: refs,
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
    const built = await exec([docker, ...command.args], {
      env: command.env,
      cwd: runtime.workspace,
      stream: true,
    });
    if (built.code !== 0) {
      throw new Error(
        `docker build of ${repoRef} failed (exit ${built.code}): ${lastLines(built.stderr || built.stdout, 5)}`,
      );
    }
    if (command.pushAfter) {
      for (const ref of refs) await push(exec, docker, configDir, ref, retryPolicy);
    }
    const imageId = (await readFile(iidFile, 'utf8')).trim();
    const digest = inputs.push ? await registry.manifestDigest(image.repository, shaTag) : undefined;
    if (inputs.push && digest === undefined)
      throw new Error(`${repoRef}:${shaTag} was pushed but the registry does not list it`);
    await finish(runtime, {
      ...base,
      tags: refs,
      digest: digest ?? '',
      imageId,
      skipped: false,
      builder: detection.builder,
      durationMs: Date.now() - started,
    });
  } finally {
    await Promise.all(secretFiles.map((f) => rm(f, { force: true })));
    await removeDockerConfig(configDir);
  }
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

interface BuildTarget {
  image: ImageName;
  context: string;
  file: string;
}

/** The image name and build context from the inputs, else from the component in the config. */
async function resolveBuildTarget(inputs: InputsOf<'build'>, runtime: Runtime): Promise<BuildTarget> {
  let component: ComponentConfig | undefined;
  let config: BerthConfig | undefined;
  if (inputs.component !== '' || inputs.image === '') {
    config = await loadConfig(path.resolve(runtime.workspace, inputs.config), inputs.config);
    component = findComponent(config, inputs.component, inputs.config);
  }
  let imageText = inputs.image;
  let inputName = 'image';
  if (imageText === '') {
    if (component?.image === undefined) {
      throw new ConfigurationError(
        `image: empty, and ${component ? `components.${component.name}.image in ${inputs.config}` : 'no component'} names none; set the image input (e.g. ghcr.io/acme/backend) or the component's image`,
      );
    }
    imageText = joinRegistry(config?.registry, component.image);
    inputName = `components.${component.name}.image`;
  }
  const parsed = parseImageName(imageText, inputName);
  if (parsed.lowercased)
    runtime.info(
      `${inputName}: lowercased to ${imageRef(parsed)} (registries accept only lowercase repository names)`,
    );
  const context = inputs.context || component?.context || '.';
  const file = inputs.file || component?.dockerfile || '';
  return { image: { registry: parsed.registry, repository: parsed.repository }, context, file };
}

function findComponent(config: BerthConfig, name: string, configPath: string): ComponentConfig | undefined {
  if (name === '') return config.components.length === 1 ? config.components[0] : undefined;
  const component = config.components.find((c) => c.name === name);
  if (!component) {
    throw new ConfigurationError(
      `component: ${JSON.stringify(name)} is not a component in ${configPath}; expected one of: ${config.components.map((c) => c.name).join(', ')}`,
    );
  }
  return component;
}

/** `ghcr.io/acme` + `backend` → `ghcr.io/acme/backend`; an image that names its registry stays as it is. */
export function joinRegistry(registry: string | undefined, image: string): string {
  if (registry === undefined || registry === '') return image;
  if (image.includes('/') && namesRegistry(image.split('/')[0] ?? '')) return image;
  return `${registry.replace(/\/+$/, '')}/${image}`;
}

async function push(
  exec: Exec,
  docker: string,
  configDir: string,
  ref: string,
  policy: RetryPolicy,
): Promise<void> {
  await retry(
    async () => {
      const result = await exec([docker, ...buildPushArgs(configDir, ref)], { stream: true });
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
