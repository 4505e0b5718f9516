// The Docker engine: whether one answers, starting dockerd where none does (no systemd here), stopping
// the one we started.
import { existsSync, rmSync } from 'node:fs';
import { run, startDaemon, stopProcess, waitFor } from './process.mjs';

/** Left by an engine that was killed (not stopped): a new dockerd then waits for a containerd that is gone. */
export const STALE_PID_FILES = ['/var/run/docker.pid', '/var/run/docker/containerd/containerd.pid'];

/** Whether the engine answers through `docker` (its version, or why not in `detail`). */
export async function dockerAnswers(docker) {
  if (!docker) return { up: false, detail: 'no docker client' };
  // `version`, not `info`: when the engine cannot be reached it says why (info only fails its template).
  const r = await run([docker, 'version', '--format', '{{.Server.Version}}'], { timeoutMs: 20_000 });
  return { up: r.code === 0, version: r.stdout.trim(), detail: r.stderr.trim().split('\n').at(-1) ?? '' };
}

/** A pid of a running process named `name` (from /proc), or undefined. */
function running(name) {
  const found = run(['pgrep', '-x', name]);
  return found.then((r) => (r.code === 0 ? Number(r.stdout.split('\n')[0]) : undefined));
}

/**
 * Starts dockerd (detached, output to `log`) and waits until `docker` reaches it; first removes the pid
 * files of a killed engine when no dockerd or containerd runs. `onStarted(pid)` may record it before the
 * wait; a dockerd that does not come up is stopped again. Resolves with dockerd's pid.
 */
export async function startEngine({ dockerd, docker, log, timeoutMs = 60_000, onStarted }) {
  if ((await running('dockerd')) === undefined && (await running('containerd')) === undefined) {
    for (const file of STALE_PID_FILES) if (existsSync(file)) rmSync(file, { force: true });
  }
  const pid = startDaemon(dockerd, [], log);
  onStarted?.(pid);
  try {
    await waitFor('dockerd', async () => (await dockerAnswers(docker)).up, timeoutMs, log);
  } catch (error) {
    await stopEngine(pid);
    throw error;
  }
  return pid;
}

/** Stops the dockerd we started (true when it was running); its containers stop with it. */
export async function stopEngine(pid) {
  return stopProcess(pid, 'dockerd', 30_000);
}
