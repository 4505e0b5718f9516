import { types } from 'node:util';

/**
 * A mistake the user can fix: a bad input, config key or event. Its message names the input or key,
 * the bad value and the expected form. Anything else that is thrown is a bug or an outage.
 */
/** A place in a file a mistake is at (1-based), with what is wrong there. */
export interface ErrorLocation {
  file: string;
  line: number;
  col: number;
  message: string;
}

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
  /** Where in the user's files the mistakes are: the action annotates each one on its line. */
  readonly locations: readonly ErrorLocation[];
  constructor(message: string, locations: readonly ErrorLocation[] = []) {
    super(message);
    this.locations = locations;
  }
}

/** The message to show for anything thrown, without a stack for user mistakes. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * The `code` of a Node.js system error (`ENOENT`…), else undefined. Checked with isNativeError rather than
 * `instanceof Error`, which fails for errors made in another realm (jest's VM modules, worker threads).
 */
export function errnoCode(error: unknown): string | undefined {
  if (!types.isNativeError(error) || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
