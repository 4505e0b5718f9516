/**
 * Progress during a wait: a line at least every few seconds saying what is awaited, the last answer,
 * the time waited and the limit — `waiting for /actuator/health on green: HTTP 503, 15 s of 60 s`.
 * Whether a line is due and its text are pure; the clock, the sleep and where lines go are parameters,
 * so tests run a minute's wait in no time.
 */

/** The longest silence during a wait. */
export const PROGRESS_EVERY_MS = 5000;

/** Whether a progress line is due: none said yet, or the last one `everyMs` or more ago. */
export function progressDue(saidAt: number | undefined, now: number, everyMs = PROGRESS_EVERY_MS): boolean {
  return saidAt === undefined || now - saidAt >= everyMs;
}

const seconds = (ms: number): number => Math.round(Math.max(0, ms) / 1000);

/** `waiting for <what>: <last>, <elapsed> s of <limit> s`. */
export function progressLine(what: string, last: string, elapsedMs: number, limitMs: number): string {
  return `waiting for ${what}: ${last}, ${seconds(elapsedMs)} s of ${seconds(limitMs)} s`;
}

/** The wait's last line: `<what>: <outcome> after <elapsed> s`. */
export function progressEndLine(what: string, outcome: string, elapsedMs: number): string {
  return `${what}: ${outcome} after ${seconds(elapsedMs)} s`;
}

export interface ProgressOptions {
  /** What is awaited: `/actuator/health on green`, `the deploy lock`. */
  what: string;
  limitMs: number;
  now: () => number;
  say: (line: string) => void;
  everyMs?: number;
  /** When the wait began, when earlier than now (one deadline over several waits); default: now. */
  startedAt?: number;
}

export interface Progress {
  /** The last answer (`HTTP 503`, `connection refused`, the lock's holder); a line when one is due. */
  update(last: string): void;
  /** Sleeps `ms` in slices that end when a line falls due, saying it then. */
  sleep(ms: number, sleep: (ms: number) => Promise<void>): Promise<void>;
  /** The final line (`healthy`, `timed out`), said whether or not one was due. */
  end(outcome: string): void;
}

/** A wait's progress, started now. */
export function startProgress(o: ProgressOptions): Progress {
  const everyMs = o.everyMs ?? PROGRESS_EVERY_MS;
  const started = o.startedAt ?? o.now();
  let saidAt: number | undefined;
  let last = 'no answer yet';
  const tick = (): void => {
    const at = o.now();
    if (!progressDue(saidAt, at, everyMs)) return;
    o.say(progressLine(o.what, last, at - started, o.limitMs));
    saidAt = at;
  };
  return {
    update(answer) {
      last = answer;
      tick();
    },
    async sleep(ms, sleep) {
      for (let left = ms; left > 0;) {
        // Wake when the next line falls due, so no silence outlasts the interval.
        const due = saidAt === undefined ? 0 : saidAt + everyMs - o.now();
        const slice = Math.min(left, Math.max(1, due));
        await sleep(slice);
        left -= slice;
        tick();
      }
    },
    end(outcome) {
      o.say(progressEndLine(o.what, outcome, o.now() - started));
    },
  };
}

/** Calls `tick` every `ms` until the returned stop is called (default: the real timer). */
export type Every = (ms: number, tick: () => void) => () => void;

const realEvery: Every = (ms, tick) => {
  const timer = setInterval(tick, ms);
  return () => clearInterval(timer);
};

export interface TickOptions {
  /** What runs (`streaming app:berth-0123 to deploy@web1`). */
  what: string;
  now: () => number;
  say: (line: string) => void;
  everyMs?: number;
  every?: Every;
}

/** `<what>: <elapsed> s so far`. */
export function runningLine(what: string, elapsedMs: number): string {
  return `${what}: ${seconds(elapsedMs)} s so far`;
}

/**
 * Runs `work`, a command whose output says nothing (an image streamed over SSH), saying a line every
 * 5 s until it ends, however it ends.
 */
export async function tickWhile<T>(work: () => Promise<T>, o: TickOptions): Promise<T> {
  const started = o.now();
  const stop = (o.every ?? realEvery)(o.everyMs ?? PROGRESS_EVERY_MS, () =>
    o.say(runningLine(o.what, o.now() - started)),
  );
  try {
    return await work();
  } finally {
    stop();
  }
}
