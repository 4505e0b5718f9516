/**
 * When the deployed commit was made, for DORA's lead time: git's committer date in the workspace (the
 * job's checkout), else the push event's `head_commit.timestamp` for that commit; '' when neither
 * knows. Never fails a deploy.
 */
import { readFile } from 'node:fs/promises';
import type { Exec } from '../exec.js';
import type { Runtime } from '../runtime/runtime.js';

export async function commitTime(exec: Exec, runtime: Runtime, sha: string): Promise<string> {
  if (!/^[0-9a-f]{7,40}$/.test(sha)) return '';
  try {
    const result = await exec(['git', '-C', runtime.workspace, 'show', '-s', '--format=%cI', sha], {
      quiet: true,
      timeoutMs: 10_000,
    });
    const iso = result.stdout.trim();
    if (result.code === 0 && !Number.isNaN(Date.parse(iso))) return new Date(iso).toISOString();
  } catch {
    // no git here
  }
  return fromPushEvent(runtime, sha);
}

async function fromPushEvent(runtime: Runtime, sha: string): Promise<string> {
  const file = runtime.getContext('event-path');
  if (runtime.getContext('event-name') !== 'push' || file === '') return '';
  try {
    const payload = JSON.parse(await readFile(file, 'utf8')) as {
      head_commit?: { id?: unknown; timestamp?: unknown } | null;
    };
    const head = payload.head_commit;
    if (head?.id !== sha || typeof head.timestamp !== 'string') return '';
    const ms = Date.parse(head.timestamp);
    return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
  } catch {
    return '';
  }
}
