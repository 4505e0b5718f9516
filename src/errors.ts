import { types } from 'node:util';

/**
 * What a failed step means. Three kinds of error are berth's own, each shown by its message alone (no
 * stack): a mistake the user can fix (ConfigurationError), a check that ran and failed on purpose
 * (VerdictError), and a service that did not answer or answered with an error (OutageError). Anything
 * else that is thrown is a bug.
 */

/** A place in a file a mistake is at (1-based), with what is wrong there. */
export interface ErrorLocation {
  file: string;
  line: number;
  col: number;
  message: string;
}

/**
 * What is wrong with the key: `required` (missing), `invalid` (given, but not of the expected form),
 * `unexpected` (given where it is not taken).
 */
export type MistakeKind = 'required' | 'invalid' | 'unexpected';

export interface MistakeDetail {
  /** The input or config key the message is about (`port`); several when it is about each (`blue-port`, `green-port`). */
  key?: string | readonly string[];
  kind?: MistakeKind;
  /** Where in the user's files the mistakes are. */
  locations?: readonly ErrorLocation[];
}

/**
 * A mistake the user can fix: a bad input, config key or event. Its message names the input or key,
 * the bad value and the expected form; `key` and `kind` say the same for code (never parse the message).
 */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
  /** The input or config keys the mistake is about, in the message's order; empty when it names none. */
  readonly keys: readonly string[];
  readonly kind: MistakeKind | undefined;
  /** Where in the user's files the mistakes are: the action annotates each one on its line. */
  readonly locations: readonly ErrorLocation[];
  constructor(message: string, detail: MistakeDetail = {}) {
    super(message);
    this.keys =
      detail.key === undefined ? [] : typeof detail.key === 'string' ? [detail.key] : [...detail.key];
    this.kind = detail.kind;
    this.locations = detail.locations ?? [];
  }
  /** The (first) key the mistake is about; '' when it names none. */
  get key(): string {
    return this.keys[0] ?? '';
  }
}

/** A check that ran and did not pass (a quality gate, a coverage gate): the step fails on purpose. */
export class VerdictError extends Error {
  override name = 'VerdictError';
}

/** A service that did not answer, or answered with an error (SonarQube…): not the user's input, not a bug. */
export class OutageError extends Error {
  override name = 'OutageError';
}

/** Whether an error is one of berth's own (a mistake, a verdict, an outage): shown without a stack. */
export function isBerthError(error: unknown): error is ConfigurationError | VerdictError | OutageError {
  return error instanceof ConfigurationError || error instanceof VerdictError || error instanceof OutageError;
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
