import { types } from 'node:util';

/**
 * A mistake the user can fix: a bad input, config key or event. Its message names the input or key,
 * the bad value and the expected form. Anything else that is thrown is a bug or an outage.
 */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
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
