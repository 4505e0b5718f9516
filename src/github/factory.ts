/**
 * The GitHub client of a run, made the one way every command makes it: the token from the
 * `github-token` input, the API address from GITHUB_API_URL (GitHub Enterprise Server sets its own),
 * the repository from GITHUB_REPOSITORY. An empty token makes a client whose calls fail with the
 * `github-token: empty, but …` error of ./client.ts; a command that can do without asks first.
 */
import type { Runtime } from '../runtime/runtime.js';
import type { GitHubApi } from './api.js';
import { createGitHubApi, type GitHubClientOptions } from './client.js';

const DEFAULT_API_URL = 'https://api.github.com';

/** The `github-token` input, as every command that talks to GitHub has it. */
export interface GitHubTokenInput {
  githubToken: string;
}

/** The client's options for this run. */
export function githubOptions(runtime: Runtime, inputs: GitHubTokenInput): GitHubClientOptions {
  return {
    token: inputs.githubToken,
    apiUrl: (runtime.getContext('api-url') || DEFAULT_API_URL).replace(/\/+$/, ''),
    repository: runtime.getContext('repository'),
  };
}

export function githubFor(runtime: Runtime, inputs: GitHubTokenInput): GitHubApi {
  return createGitHubApi(githubOptions(runtime, inputs));
}

/** The client made on first use (a run that never calls GitHub never loads the client). */
export function lazyGitHubFor(runtime: Runtime, inputs: GitHubTokenInput): () => GitHubApi {
  let github: GitHubApi | undefined;
  return () => (github ??= githubFor(runtime, inputs));
}
