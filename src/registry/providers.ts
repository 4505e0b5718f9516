/**
 * Registry providers: which one a host is, what credentials it takes, and the `docker login` argv —
 * pure. Passwords never appear in argv: login reads them from stdin.
 */
import { ConfigurationError } from '../errors.js';
import { DOCKER_HUB } from '../docker/reference.js';

export const PROVIDERS = ['dockerhub', 'ghcr', 'ecr', 'ncp', 'nhn', 'generic'] as const;
export type Provider = (typeof PROVIDERS)[number];

const DOCKER_HUB_HOSTS = new Set([
  DOCKER_HUB,
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);
/** `123456789012.dkr.ecr.ap-northeast-2.amazonaws.com` (and -fips, and China's .com.cn). */
const ECR = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
/** Naver Cloud Container Registry: `<name>.kr.ncr.ntruss.com`, private and government endpoints too. */
const NCP = /^[a-z0-9][a-z0-9-]*\.[a-z]{2}\.(?:private-)?ncr\.(?:gov-)?ntruss\.com$/;
/** NHN Cloud NCR: `<id>-kr1-registry.container.nhncloud.com`. */
const NHN = /^[a-z0-9][a-z0-9-]*-[a-z]{2}\d-registry\.container\.nhncloud\.com$/;

export const HOST_EXAMPLES: Record<Provider, string> = {
  dockerhub: 'docker.io',
  ghcr: 'ghcr.io',
  ecr: '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com',
  ncp: 'myregistry.kr.ncr.ntruss.com',
  nhn: 'a1b2c3d4-kr1-registry.container.nhncloud.com',
  generic: 'registry.example.com:5000',
};

export function inferProvider(host: string): Provider {
  const h = host.toLowerCase();
  if (DOCKER_HUB_HOSTS.has(h)) return 'dockerhub';
  if (h === 'ghcr.io') return 'ghcr';
  if (ECR.test(h)) return 'ecr';
  if (NCP.test(h)) return 'ncp';
  if (NHN.test(h)) return 'nhn';
  return 'generic';
}

/** The provider to use: the `registry-provider` input when given (checked against the host), else inferred. */
export function resolveProvider(host: string, input: string): Provider {
  if (input === '') return inferProvider(host);
  if (!(PROVIDERS as readonly string[]).includes(input)) {
    throw new ConfigurationError(
      `registry-provider: expected one of ${PROVIDERS.join(', ')}, got ${JSON.stringify(input)}`,
    );
  }
  const provider = input as Provider;
  const inferred = inferProvider(host);
  if (provider !== 'generic' && inferred !== provider) {
    throw new ConfigurationError(
      `registry-provider: ${provider} expects a registry host like ${HOST_EXAMPLES[provider]}, but the image's registry is ${JSON.stringify(host)}`,
    );
  }
  return provider;
}

/** The AWS region of an ECR host. */
export function ecrRegion(host: string): string {
  const m = ECR.exec(host.toLowerCase());
  if (!m)
    throw new ConfigurationError(
      `image: ${JSON.stringify(host)} is not an ECR host like ${HOST_EXAMPLES.ecr}`,
    );
  return m[2] as string;
}

export interface CredentialInputs {
  username: string;
  password: string;
  /** For ghcr: the workflow's actor and token, the defaults. */
  githubActor: string;
  githubToken: string;
}

export interface Credentials {
  username: string;
  password: string;
}

/**
 * The credentials to log in with, or undefined for an anonymous registry. ECR's come from AWS (see
 * ./ecr.ts), so here they are only checked to be absent or complete.
 */
export function resolveCredentials(
  provider: Provider,
  host: string,
  inputs: CredentialInputs,
): Credentials | undefined {
  const { username, password } = inputs;
  if (provider === 'ghcr') {
    const user = username || inputs.githubActor;
    const pass = password || inputs.githubToken;
    if (user === '' || pass === '') {
      throw new ConfigurationError(
        'registry-username / registry-password: ghcr.io needs a user and a token; by default the workflow actor and github-token (give the job `permissions: packages: write`)',
      );
    }
    return { username: user, password: pass };
  }
  if (provider === 'ecr') return undefined;
  if (username === '' && password === '') {
    if (provider === 'generic') return undefined;
    const what =
      provider === 'ncp'
        ? 'your NCP access key and secret key'
        : provider === 'nhn'
          ? 'your NHN Cloud user access key ID and secret access key'
          : 'your Docker Hub user name and an access token';
    throw new ConfigurationError(
      `registry-username / registry-password: ${host} (${provider}) needs ${what}`,
    );
  }
  if (username === '')
    throw new ConfigurationError(`registry-username: empty, but registry-password is set for ${host}`);
  if (password === '')
    throw new ConfigurationError(`registry-password: empty, but registry-username is set for ${host}`);
  return { username, password };
}

/** `docker --config DIR login HOST --username U --password-stdin`; the password goes to stdin. */
export function buildLoginArgs(configDir: string, host: string, username: string): string[] {
  return ['--config', configDir, 'login', host, '--username', username, '--password-stdin'];
}

/** Where the registry's HTTP API v2 lives for a host (Docker Hub's is not docker.io). */
export function apiHost(host: string): string {
  return DOCKER_HUB_HOSTS.has(host.toLowerCase()) ? 'registry-1.docker.io' : host;
}
