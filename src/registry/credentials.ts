/**
 * The one rule for which registry credentials berth uses — the same for `build` (push) and `deploy` /
 * `rollback` (pull): ECR's from AWS; else registry-username / registry-password; else the job's own
 * docker login for the registry (a docker/login-action step before berth); else the provider's defaults
 * (ghcr: the workflow actor and github-token). A pull may go without (a public image); a push may not.
 */
import { ConfigurationError } from '../errors.js';
import { resolveCredentials, type Credentials, type Provider } from './providers.js';

export interface CredentialSources {
  provider: Provider;
  /** The registry host (`ghcr.io`, `123456789012.dkr.ecr.ap-northeast-2.amazonaws.com`). */
  registry: string;
  username: string;
  password: string;
  githubActor: string;
  githubToken: string;
  /** The job's own login for the registry, if any (read only when asked). */
  jobLogin: () => Promise<Credentials | undefined>;
  /** ECR's GetAuthorizationToken for the registry (asked only for ECR). */
  ecr: (registry: string) => Promise<Credentials>;
}

export interface ResolvedCredentials {
  credentials?: Credentials;
  /** Where they came from: the log says so; `job` needs no login where the job's config is carried. */
  from: 'ecr' | 'inputs' | 'job' | 'defaults' | 'none';
  /** For `none` on a pull: why no credentials were used. */
  note?: string;
}

export async function resolveRegistryCredentials(
  s: CredentialSources,
  use: 'push' | 'pull',
): Promise<ResolvedCredentials> {
  if (s.provider === 'ecr') return { credentials: await s.ecr(s.registry), from: 'ecr' };
  const given = { username: s.username, password: s.password, githubActor: '', githubToken: '' };
  if (s.username !== '' || s.password !== '') {
    return { credentials: resolveCredentials(s.provider, s.registry, given), from: 'inputs' };
  }
  const job = await s.jobLogin();
  if (job) return { credentials: job, from: 'job' };
  try {
    const defaults = resolveCredentials(s.provider, s.registry, {
      ...given,
      githubActor: s.githubActor,
      githubToken: s.githubToken,
    });
    return defaults ? { credentials: defaults, from: 'defaults' } : { from: 'none' };
  } catch (error) {
    // A pull of a public image needs no login; a push always does.
    if (use === 'pull' && error instanceof ConfigurationError) return { from: 'none', note: error.message };
    throw error;
  }
}
