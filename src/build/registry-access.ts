/**
 * The registry `build` pushes to: credentials (registry-username / registry-password, or ECR's from AWS,
 * else the job's own docker login, else the provider's defaults: ghcr's actor and github-token — the
 * one rule in ../registry/credentials.ts), masked, and the registry's API client; and the step that
 * finds this commit's image already there and only moves the other tags onto it.
 */
import type { ImageName } from '../docker/reference.js';
import type { Exec } from '../exec.js';
import { readCaInput } from '../http/tls.js';
import type { InputsOf } from '../inputs.js';
import { RegistryClient, type Manifest } from '../registry/api.js';
import { resolveRegistryCredentials } from '../registry/credentials.js';
import { ecrCredentials } from '../registry/ecr.js';
import { jobCredentials, readUserDockerConfig } from '../registry/job-login.js';
import {
  apiHost,
  ecrRegion,
  resolveProvider,
  type Credentials,
  type Provider,
} from '../registry/providers.js';
import type { RetryPolicy } from '../retry.js';
import type { Runtime } from '../runtime/runtime.js';
import type { ImageNaming } from './naming.js';

export interface RegistryAccess {
  provider: Provider;
  /** berth's own login (or ECR's token, or the provider's defaults); undefined: none, or the job's. */
  credentials: Credentials | undefined;
  /** The job's docker login is used (it is in the private config already). */
  fromJob: boolean;
  registry: RegistryClient;
}

export async function openRegistry(
  inputs: InputsOf<'build'>,
  runtime: Runtime,
  image: ImageName,
  exec: Exec,
  retryPolicy: RetryPolicy,
): Promise<RegistryAccess> {
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
  return { provider, credentials, fromJob, registry };
}

/**
 * This commit's image already in the registry (its `sha-` tag): every other tag is pointed at it and
 * its manifest returned — nothing to build. Undefined when it is not there.
 */
export async function tagExisting(
  registry: RegistryClient,
  image: ImageName,
  naming: ImageNaming,
  runtime: Runtime,
): Promise<Manifest | undefined> {
  const existing = await registry.getManifest(image.repository, naming.shaTag);
  if (!existing) return undefined;
  runtime.info(
    `${naming.repoRef}:${naming.shaTag} is already in the registry (${existing.digest}): skipping the build (force: true rebuilds)`,
  );
  for (const tag of naming.tags.slice(1)) {
    if ((await registry.manifestDigest(image.repository, tag)) !== existing.digest) {
      await registry.putManifest(image.repository, tag, existing);
      runtime.info(`tagged ${naming.repoRef}:${tag} → ${existing.digest}`);
    }
  }
  return existing;
}
