/** sandbox/engine.mjs: the Docker engine — whether one answers, starting and stopping dockerd. */
export const STALE_PID_FILES: readonly string[];
export function dockerAnswers(
  docker: string | undefined,
): Promise<{ up: boolean; version?: string; detail: string }>;
export function startEngine(options: {
  dockerd: string;
  docker: string;
  log: string;
  timeoutMs?: number;
  onStarted?: (pid: number | undefined) => void;
}): Promise<number | undefined>;
export function stopEngine(pid: number | undefined): Promise<boolean>;
