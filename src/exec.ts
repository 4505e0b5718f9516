/**
 * The one place a process is spawned. Every command is an argv array (no shell); the command line is
 * logged before it runs, with secrets masked; secrets reach the child only through stdin or files.
 */
import { spawn } from 'node:child_process';
import { shellQuote } from './remote/quote.js';

export interface ExecOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Written to the child's stdin, then closed (passwords for `--password-stdin`). */
  stdin?: string;
  /** Stream the child's output to the log line by line (build and push progress). */
  stream?: boolean;
  /** Kill the child after this many milliseconds. */
  timeoutMs?: number;
  /** Do not log the command line (polling loops). */
  quiet?: boolean;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type Exec = (argv: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

/** Output kept for error messages; a build log can be megabytes. */
const KEEP_BYTES = 256 * 1024;

/** Where command lines and output go; the runtime masks secrets in both (the runner, or the CLI). */
export interface ExecLog {
  info(message: string): void;
}

/** Shows an argv as a shell would need it typed, for the log only (it is never run through a shell). */
/** An argv as a shell would read it, for the log: the same quoting as over SSH (remote/quote.ts). */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (a.includes('\0') ? JSON.stringify(a) : shellQuote(a))).join(' ');
}

export function createExec(log: ExecLog): Exec {
  return (argv, options = {}) =>
    new Promise((resolve, reject) => {
      const [file, ...args] = argv;
      if (file === undefined) {
        reject(new Error('exec: empty argv'));
        return;
      }
      if (!options.quiet) log.info(`$ ${formatArgv(argv)}`);
      const child = spawn(file, args, {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        timeout: options.timeoutMs,
      });
      let stdout = '';
      let stderr = '';
      const keep = (buffer: string, chunk: string): string => {
        const joined = buffer + chunk;
        return joined.length > KEEP_BYTES ? joined.slice(joined.length - KEEP_BYTES) : joined;
      };
      const lines = { out: '', err: '' };
      const emit = (which: 'out' | 'err', chunk: string): void => {
        if (!options.stream) return;
        const text = lines[which] + chunk;
        const parts = text.split('\n');
        lines[which] = parts.pop() ?? '';
        for (const line of parts) log.info(line);
      };
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout = keep(stdout, chunk);
        emit('out', chunk);
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr = keep(stderr, chunk);
        emit('err', chunk);
      });
      let settled = false;
      const settle = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (settled) return;
        settled = true;
        for (const rest of [lines.out, lines.err]) if (options.stream && rest !== '') log.info(rest);
        resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
      };
      child.on('error', (error) => reject(error));
      child.on('close', settle);
      // Killed at timeoutMs: its output may never close — an ssh client whose multiplexing master holds
      // the pipes it passed on — so the exit settles it.
      child.on('exit', (code, signal) => {
        if (!child.killed) return;
        child.stdout.destroy();
        child.stderr.destroy();
        settle(code, signal);
      });
      child.stdin.on('error', () => undefined); // the child may exit before reading stdin
      child.stdin.end(options.stdin ?? '');
    });
}

/**
 * `left | right` without a shell (an image streamed by `docker save | ssh … docker load`). The result's
 * code is the first failure's; stderr holds both sides'. The caller logs the pipeline.
 */
export function runPipeline(left: readonly string[], right: readonly string[]): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const [leftFile, ...leftArgs] = left;
    const [rightFile, ...rightArgs] = right;
    if (leftFile === undefined || rightFile === undefined) {
      reject(new Error('exec: empty argv'));
      return;
    }
    const producer = spawn(leftFile, leftArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    const consumer = spawn(rightFile, rightArgs, { stdio: ['pipe', 'pipe', 'pipe'] });
    producer.stdout.pipe(consumer.stdin);
    consumer.stdin.on('error', () => producer.kill()); // the consumer died: stop producing
    let stdout = '';
    let stderr = '';
    const keep = (chunk: Buffer, into: 'out' | 'err'): void => {
      if (into === 'out') stdout = (stdout + chunk.toString()).slice(-KEEP_BYTES);
      else stderr = (stderr + chunk.toString()).slice(-KEEP_BYTES);
    };
    producer.stderr.on('data', (c: Buffer) => keep(c, 'err'));
    consumer.stdout.on('data', (c: Buffer) => keep(c, 'out'));
    consumer.stderr.on('data', (c: Buffer) => keep(c, 'err'));
    const codes: Array<number | undefined> = [undefined, undefined];
    const done = (i: 0 | 1, code: number | null, signal: NodeJS.Signals | null): void => {
      codes[i] = code ?? (signal ? 128 : 1);
      if (codes[0] === undefined || codes[1] === undefined) return;
      resolve({ code: codes[0] !== 0 ? codes[0] : codes[1], stdout, stderr });
    };
    producer.on('error', reject);
    consumer.on('error', reject);
    producer.on('close', (code, signal) => done(0, code, signal));
    consumer.on('close', (code, signal) => done(1, code, signal));
  });
}

/** The last lines of a command's output on one line, for error messages. */
export function lastLines(text: string, count = 3): string {
  return text.trim().split('\n').slice(-count).join(' | ') || 'no message';
}
