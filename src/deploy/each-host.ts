/**
 * Deploys go to their hosts one at a time: this runner's host, or each `ssh-host` in turn. The first
 * failure stops the run, and its message says which hosts were already changed and which were not
 * touched, so nobody has to guess what is live where.
 */
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import type { Exec } from '../exec.js';
import type { Inputs } from '../inputs.js';
import type { Host } from '../remote/host.js';
import { LocalHost } from '../remote/host.js';
import { describeEndpoint } from '../remote/ssh-config.js';
import { SshHost } from '../remote/ssh.js';
import type { Runtime } from '../runtime/runtime.js';
import { resolveSshTargets } from '../remote/ssh-targets.js';

/** This run's id in locks and records: GitHub's run id, or a local one for the CLI. */
export function deployRunId(runtime: Runtime): string {
  return runtime.getContext('run-id') || `local-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/**
 * Runs `work` on every target host in order and returns the results. On a failure, `onFailure` gets the
 * results so far (to report them) before the error, with the hosts named, is thrown.
 */
export async function onEachHost<T extends { host: string }>(
  inputs: Inputs,
  runtime: Runtime,
  exec: Exec,
  work: (host: Host) => Promise<T>,
  onFailure: (done: readonly T[]) => Promise<void>,
): Promise<T[]> {
  const targets = resolveSshTargets(inputs);
  const count = Math.max(targets.length, 1);
  const results: T[] = [];
  for (let i = 0; i < count; i++) {
    const target = targets[i];
    let host: Host | undefined;
    try {
      host = target
        ? await SshHost.open(exec, runtime, target)
        : new LocalHost(exec, runtime.tempDir, homedir());
      if (count > 1) runtime.info(`— host ${i + 1} of ${count}: ${host.label}`);
      results.push(await work(host));
    } catch (error) {
      if (count > 1 && error instanceof Error) {
        const name = target ? describeEndpoint(target.endpoint) : 'this host';
        const done = results.map((r) => r.host).join(', ');
        const rest = targets
          .slice(i + 1)
          .map((t) => describeEndpoint(t.endpoint))
          .join(', ');
        error.message = `${name} (host ${i + 1} of ${count}): ${error.message}${done ? ` Already updated: ${done}.` : ''}${rest ? ` Not touched, still on the old version: ${rest}.` : ''}`;
      }
      if (results.length > 0) await onFailure(results);
      throw error;
    } finally {
      await host?.close();
    }
  }
  return results;
}
