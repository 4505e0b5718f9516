/** How doctor asks a host: commands run quietly, a missing program answers as a shell would. */
import { errnoCode } from '../errors.js';
import type { ExecResult } from '../exec.js';
import type { Host } from '../remote/host.js';

/** Runs a probe quietly; a program that is not there answers 127, as a shell would. */
export async function probe(host: Host, argv: readonly string[]): Promise<ExecResult> {
  try {
    // No timeoutMs: Node keeps a spawn's timeout timer when the program is missing, holding the exit.
    return await host.exec(argv, { quiet: true });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'EACCES') {
      return { code: 127, stdout: '', stderr: `${argv[0] ?? ''}: not found` };
    }
    throw error;
  }
}

export function notFound(result: ExecResult): boolean {
  return result.code === 127 || /command not found|: not found|No such file or directory/.test(result.stderr);
}

export async function whoAmI(host: Host): Promise<string | undefined> {
  const result = await probe(host, ['id', '-un']);
  return result.code === 0 ? result.stdout.trim() || undefined : undefined;
}
