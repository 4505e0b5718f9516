import type { ErrorLocation } from '../errors.js';
import type { InputSource } from '../inputs.js';

/** Facts about the run that GitHub Actions gives as GITHUB_* variables and the CLI takes as flags. */
export const CONTEXT_NAMES = {
  'event-name': 'GITHUB_EVENT_NAME',
  'event-path': 'GITHUB_EVENT_PATH',
  ref: 'GITHUB_REF',
  sha: 'GITHUB_SHA',
  repository: 'GITHUB_REPOSITORY',
  'api-url': 'GITHUB_API_URL',
  'server-url': 'GITHUB_SERVER_URL',
  actor: 'GITHUB_ACTOR',
  'run-id': 'GITHUB_RUN_ID',
  /** `true` on a GitHub Actions runner (where GitHub's environment protection applies). */
  'github-actions': 'GITHUB_ACTIONS',
} as const;

export type ContextName = keyof typeof CONTEXT_NAMES;

/**
 * Everything a command does to the outside world besides its own seams (config file, GitHub API):
 * inputs in, outputs/summary/log out. The action and the CLI each implement it; commands cannot tell
 * which one runs them.
 */
/** A place in the repository (workspace-relative path, 1-based lines). */
export interface SourceLocation {
  file: string;
  startLine: number;
  endLine?: number;
}

export interface Runtime extends InputSource {
  /** The run's context value ('' when unset). */
  getContext(name: ContextName): string;
  /** The directory relative paths (config, reports) are resolved against. */
  workspace: string;
  setOutput(name: string, value: string): void;
  appendSummary(markdown: string): Promise<void>;
  info(message: string): void;
  /** A foldable section of the log (`::group::`; in the CLI a plain header line) until endGroup. */
  startGroup(title: string): void;
  endGroup(): void;
  /** With `where`, an annotation on those lines of the PR diff. */
  warning(message: string, where?: SourceLocation): void;
  debug(message: string): void;
  /** Fails the run; `where` are the places in the user's files it is about (annotated on each line). */
  setFailed(message: string, where?: readonly ErrorLocation[]): void;
  /** Where temporary files go (RUNNER_TEMP on a runner: emptied after each job). */
  tempDir: string;
  /** Carries values from the main step to the post step (the CLI has no post step: it cleans up at once). */
  saveState(name: string, value: string): void;
  getState(name: string): string;
  /** True in the action's post step (cleanup). */
  isPost(): boolean;
  /** Marks the main step as run, so the post step knows it is the post step. */
  markMainRan(): void;
}

/**
 * Runs `work` inside a log group (a phase's streamed output: build, push, pull), closed whatever
 * becomes of it.
 */
export async function inGroup<T>(
  runtime: Pick<Runtime, 'startGroup' | 'endGroup'>,
  title: string,
  work: () => Promise<T>,
): Promise<T> {
  runtime.startGroup(title);
  try {
    return await work();
  } finally {
    runtime.endGroup();
  }
}
