/**
 * A host for doctor's checks (src/doctor/): its commands answer by their argv (joined by spaces) with
 * real-shaped output, its files are a map, and any write throws (doctor only asks).
 */
import type { ExecOptions, ExecResult } from '../../src/exec.js';
import type { Host, HttpAnswer } from '../../src/remote/host.js';

export type Answer = ExecResult | Error;
export const ran = (stdout = '', code = 0, stderr = ''): ExecResult => ({ code, stdout, stderr });
export const failed = (stderr: string, code = 1): ExecResult => ({ code, stdout: '', stderr });
export const enoent = (file: string): Error =>
  Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' });

/** A host whose commands answer by their argv (joined by spaces) and whose files are a map. */
export class ScriptedHost implements Host {
  readonly label = 'this host';
  readonly remote = false;
  readonly calls: string[] = [];
  constructor(
    private readonly answers: Record<string, Answer>,
    private readonly files: Record<string, string> = {},
  ) {}
  async exec(argv: readonly string[], _options?: ExecOptions): Promise<ExecResult> {
    const key = argv.join(' ');
    this.calls.push(key);
    const answer = this.answers[key] ?? enoent(argv[0] ?? '');
    if (answer instanceof Error) throw answer;
    return answer;
  }
  async readFile(file: string): Promise<string | undefined> {
    return this.files[file];
  }
  writeFile(): Promise<void> {
    throw new Error('doctor must not write');
  }
  appendFile(): Promise<void> {
    throw new Error('doctor must not write');
  }
  makeDirExclusive(): Promise<boolean> {
    throw new Error('doctor must not write');
  }
  remove(): Promise<void> {
    throw new Error('doctor must not remove');
  }
  makeTempDir(): Promise<string> {
    throw new Error('not used');
  }
  httpGet(): Promise<HttpAnswer> {
    throw new Error('not used');
  }
  defaultStateRoot(): string {
    return '/var/lib/deploy/.berth';
  }
  copyDirFrom(): Promise<void> {
    throw new Error('doctor must not write');
  }
  switchSymlink(): Promise<void> {
    throw new Error('doctor must not write');
  }
  readSymlink(): Promise<string | undefined> {
    throw new Error('not used');
  }
  async close(): Promise<void> {}
}
