/** Runs the bundled action (`node dist/index.js`) or CLI the way GitHub or Jenkins would, in a clean env. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses a GITHUB_OUTPUT file (`name<<delimiter` blocks, as @actions/core writes them). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!m) continue;
    const [, name, delimiter] = m as unknown as [string, string, string];
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    outputs[name] = value.join('\n');
  }
  return outputs;
}

export function spawnNode(
  nodeBin: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  onSpawn?: (child: ChildProcess) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBin, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `node dist/index.js` with INPUT_* variables and fresh GITHUB_OUTPUT/GITHUB_STEP_SUMMARY files. */
export async function runAction(options: {
  inputs: Record<string, string>;
  eventName: string;
  payload: unknown;
  env?: Record<string, string>;
  nodeBin?: string;
  cwd?: string;
  /** Gets the running process (to kill it mid-run). */
  onSpawn?: (child: ChildProcess) => void;
}): Promise<RunResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-run-'));
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
  };
  for (const file of [files.GITHUB_OUTPUT, files.GITHUB_STEP_SUMMARY, files.GITHUB_STATE])
    writeFileSync(file, '');
  writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(options.payload));
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_WORKSPACE: options.cwd ?? ROOT,
    RUNNER_TEMP: dir,
    ...files,
    ...Object.fromEntries(Object.entries(options.inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...options.env,
  };
  const result = await spawnNode(
    options.nodeBin ?? process.execPath,
    [path.join(ROOT, 'dist/index.js')],
    env,
    options.cwd ?? ROOT,
    options.onSpawn,
  );
  return {
    ...result,
    outputs: parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}
