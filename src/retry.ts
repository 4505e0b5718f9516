/** Bounded retries with backoff; the delays and the sleep are parameters so tests never wait. */

export interface RetryPolicy {
  /** Delays before the 2nd, 3rd, … attempt, in ms; its length bounds the retries. */
  delaysMs: readonly number[];
  sleep: (ms: number) => Promise<void>;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const DEFAULT_RETRY: RetryPolicy = { delaysMs: [500, 1500, 4000], sleep };

export async function retry<T>(
  fn: () => Promise<T>,
  isTransient: (error: unknown) => boolean,
  policy: RetryPolicy,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const delay = policy.delaysMs[attempt];
      if (delay === undefined || !isTransient(error)) throw error;
      policy.onRetry?.(error, attempt + 1, delay);
      await policy.sleep(delay);
    }
  }
}

/** A policy that says each retry in the log, so a slow registry is visible rather than silent. */
export function loggedRetry(base: RetryPolicy | undefined, warn: (message: string) => void): RetryPolicy {
  return {
    ...(base ?? DEFAULT_RETRY),
    onRetry: (error, attempt, delay) =>
      warn(`${error instanceof Error ? error.message : String(error)}; retry ${attempt} in ${delay} ms`),
  };
}
