import { describe, expect, test } from '@jest/globals';
import { createExec } from '../src/exec.js';

describe('createExec', () => {
  const exec = createExec({ info: () => undefined });

  test('runs an argv and keeps its output and code', async () => {
    expect(await exec(['sh', '-c', 'echo out; echo err >&2; exit 3'], { quiet: true })).toEqual({
      code: 3,
      stdout: 'out\n',
      stderr: 'err\n',
    });
  });

  test('timeoutMs ends the wait even when something else still holds its output open', async () => {
    // A grandchild keeps the pipes (as an ssh multiplexing master does with a client's): killing the
    // child at the timeout must still settle the run, not wait for the pipes to close.
    const started = Date.now();
    const result = await exec(['sh', '-c', 'sleep 20 & echo started; exec sleep 20'], {
      quiet: true,
      timeoutMs: 500,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.code).toBe(128);
    expect(result.stdout).toBe('started\n');
  }, 15_000);
});
