/** A deploy's named steps and how long each took, for the summary's timeline. */
import type { TimelineStep } from './model.js';

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
      } finally {
        steps.push({ name, ms: Date.now() - t });
      }
    },
  };
}
