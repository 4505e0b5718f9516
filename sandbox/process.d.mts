/** sandbox/process.mjs: the sandbox's process and network primitives. */
export const SBIN: readonly string[];
export function sleep(ms: number): Promise<void>;
export function out(text?: string): void;
export function indent(text: string, by?: string): string;
export function seconds(ms: number): string;
export function which(name: string, extra?: readonly string[], env?: NodeJS.ProcessEnv): string | undefined;
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}
export function run(
  argv: readonly string[],
  options?: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    input?: string;
    timeoutMs?: number;
    onStdout?: (data: Buffer) => void;
    onStderr?: (data: Buffer) => void;
  },
): Promise<RunResult>;
export function alive(pid: number, name: string): boolean;
export function stopProcess(pid: number, name: string, waitMs?: number): Promise<boolean>;
export function startDaemon(file: string, args: readonly string[], log: string): number | undefined;
export function tail(file: string, lines?: number, missing?: string): string;
export function freePorts(count: number): Promise<number[]>;
export function freePort(): Promise<number>;
export function portFree(port: number): Promise<boolean>;
export function listening(host: string, port: number): Promise<boolean>;
export function get(url: string, timeoutMs?: number): Promise<{ status: number; body: string }>;
export class SandboxError extends Error {}
export function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  log?: string,
): Promise<void>;
export function isStaticElf(file: string): boolean;
export function tearDownAll(steps: readonly (() => unknown)[]): Promise<void>;
