/** A deploy's named steps and how long each took, for the summary's timeline. */
import type { TimelineStep } from './model.js';

/** The innermost step each error came out of (a notification says which step failed). */
const failedSteps = new WeakMap<object, string>();

/** The named step `error` was thrown in ('' when it came from outside every step). */
export function failedStepOf(error: unknown): string {
  return typeof error === 'object' && error !== null ? (failedSteps.get(error) ?? '') : '';
}

export function timeline(): {
  steps: TimelineStep[];
  step: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
} {
  const steps: TimelineStep[] = [];
  return {
    steps,
    step: async (name, fn) => {
      const t = Date.now();
      try {
        return await fn();
      } catch (error) {
        // The innermost step names it first; the steps around it keep that name.
        if (typeof error === 'object' && error !== null && !failedSteps.has(error)) {
          failedSteps.set(error, name);
        }
        throw error;
      } finally {
        steps.push({ name, ms: Date.now() - t });
      }
    },
  };
}
