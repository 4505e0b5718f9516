import { afterEach, describe, expect, test } from '@jest/globals';
import { waitHealthy, waitStaysUp } from '../../../src/deploy/containers/health.js';
import type { ContainerState } from '../../../src/docker/run-args.js';
import { HttpStub } from '../../helpers/http-stub.js';

let stub: HttpStub | undefined;
afterEach(async () => stub?.stop());
const running: ContainerState = {
  status: 'running',
  exitCode: 0,
  restartCount: 0,
  health: 'none',
  imageRef: '',
};
const noWait = { intervalMs: 0, sleep: async () => undefined };

test('healthy once the path answers 2xx', async () => {
  let calls = 0;
  stub = await new HttpStub({
    'GET /health': () => (++calls < 3 ? { status: 503, body: 'starting' } : { body: 'ok' }),
  }).start();
  const result = await waitHealthy({
    url: `${stub.url}/health`,
    timeoutMs: 10_000,
    inspect: async () => running,
    ...noWait,
  });
  expect(result.healthy).toBe(true);
  expect(calls).toBe(3);
});

test.each<[string, ContainerState, string]>([
  [
    'an exited container fails at once',
    { ...running, status: 'exited', exitCode: 1 },
    'the container exited (code 1)',
  ],
  [
    'a restarting one too',
    { ...running, status: 'running', restartCount: 1, exitCode: 0 },
    'the container exited and Docker is restarting it',
  ],
  [
    "Docker's HEALTHCHECK decides when the image has one",
    { ...running, health: 'unhealthy' },
    "Docker's HEALTHCHECK reports unhealthy",
  ],
])('%s', async (_name, state, reason) => {
  const result = await waitHealthy({
    url: 'http://127.0.0.1:9/health',
    timeoutMs: 10_000,
    inspect: async () => state,
    ...noWait,
  });
  expect(result).toMatchObject({ healthy: false, reason });
});

test.each([199, 200, 204, 299, 301, 304, 404])(
  'HTTP %i: healthy only for 2xx (a redirect is not)',
  async (status) => {
    const result = await waitHealthy({
      url: 'http://127.0.0.1:18081/health',
      probe: async () => status,
      timeoutMs: 0,
      inspect: async () => running,
      ...noWait,
    });
    expect(result).toMatchObject(
      status >= 200 && status < 300
        ? { healthy: true }
        : {
            healthy: false,
            reason: `http://127.0.0.1:18081/health did not answer 2xx within 0 s (last: HTTP ${status})`,
          },
    );
  },
);

test('a timeout names the URL and the last answer', async () => {
  stub = await new HttpStub({ 'GET /health': { status: 500, body: 'db down' } }).start();
  const result = await waitHealthy({
    url: `${stub.url}/health`,
    timeoutMs: 0,
    inspect: async () => running,
    ...noWait,
  });
  expect(result).toMatchObject({
    healthy: false,
    reason: `${stub.url}/health did not answer 2xx within 0 s (last: HTTP 500)`,
  });
});

describe('progress while waiting (issue 20)', () => {
  /** A fake clock the sleeps advance; the probe answers `answer` every time. */
  function waitOn(
    answer: number | { status: number; failure?: string },
    timeoutMs: number,
    intervalMs = 250,
  ) {
    let now = 0;
    const lines: string[] = [];
    const result = waitHealthy({
      url: 'http://10.0.0.5:8081/actuator/health',
      what: '/actuator/health on green',
      probe: async () => answer,
      timeoutMs,
      inspect: async () => running,
      intervalMs,
      now: () => now,
      sleep: async (ms) => void (now += ms),
      progress: (line) => lines.push(line),
    });
    return { result, lines };
  }

  test('a 40-second wait on a target answering 503 says at least eight lines, then a final one', async () => {
    const { result, lines } = waitOn(503, 40_000);
    expect(await result).toMatchObject({ healthy: false });
    const progress = lines.slice(0, -1);
    expect(progress.length).toBeGreaterThanOrEqual(8);
    expect(progress[0]).toBe('waiting for /actuator/health on green: HTTP 503, 0 s of 40 s');
    expect(progress[3]).toBe('waiting for /actuator/health on green: HTTP 503, 15 s of 40 s');
    for (const line of progress)
      expect(line).toMatch(/^waiting for \/actuator\/health on green: HTTP 503, \d+ s of 40 s$/);
    expect(lines.at(-1)).toBe(
      '/actuator/health on green: not healthy (http://10.0.0.5:8081/actuator/health did not answer 2xx within 40 s (last: HTTP 503)) after 40 s',
    );
  });

  test('never more than 5 s between two lines, even with a long poll interval', async () => {
    let now = 0;
    const at: number[] = [];
    await waitHealthy({
      url: 'http://h/health',
      probe: async () => 0,
      timeoutMs: 60_000,
      inspect: async () => running,
      intervalMs: 20_000,
      now: () => now,
      sleep: async (ms) => void (now += ms),
      progress: () => at.push(now),
    });
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5000);
    expect(at.length).toBeGreaterThanOrEqual(12);
  });

  test('when nothing answers, the line says why: connection refused while the app has not bound its port', async () => {
    const { result, lines } = waitOn({ status: 0, failure: 'connection refused' }, 10_000);
    expect(await result).toMatchObject({
      healthy: false,
      reason:
        'http://10.0.0.5:8081/actuator/health did not answer 2xx within 10 s (last: connection refused)',
    });
    expect(lines[0]).toBe('waiting for /actuator/health on green: connection refused, 0 s of 10 s');
  });

  test('the default probe asks for real: a closed port on loopback reads connection refused', async () => {
    stub = await new HttpStub({}).start();
    const url = `${stub.url}/health`;
    await stub.stop();
    stub = undefined;
    const result = await waitHealthy({ url, timeoutMs: 0, inspect: async () => running, ...noWait });
    expect(result).toMatchObject({
      healthy: false,
      reason: `${url} did not answer 2xx within 0 s (last: connection refused)`,
    });
  });

  test('a quick answer: one line, then healthy', async () => {
    const { result, lines } = waitOn(200, 40_000);
    expect(await result).toMatchObject({ healthy: true });
    expect(lines).toEqual(['/actuator/health on green: healthy after 0 s']);
  });
});

describe('waitStaysUp (strategy recreate)', () => {
  /** States over time: each poll advances the clock by 1 s and returns the next state (the last repeats). */
  function run(states: ContainerState[], verifyMs: number, timeoutMs = 60_000) {
    let now = 0;
    let i = 0;
    return waitStaysUp({
      inspect: async () => states[Math.min(i++, states.length - 1)] as ContainerState,
      verifyMs,
      timeoutMs,
      now: () => now,
      sleep: async () => void (now += 1000),
    });
  }

  test('a line at least every 5 s while it must stay up, then the final one (issue 20)', async () => {
    let now = 0;
    const lines: string[] = [];
    const result = await waitStaysUp({
      inspect: async () => running,
      verifyMs: 12_000,
      timeoutMs: 12_000,
      what: 'shop-production to stay up',
      progress: (line) => lines.push(line),
      now: () => now,
      sleep: async (ms) => void (now += ms),
    });
    expect(result).toEqual({ healthy: true, ms: 12_000 });
    expect(lines).toEqual([
      ...[0, 5, 10].map(
        (s) => `waiting for shop-production to stay up: the container is running, ${s} s of 12 s`,
      ),
      'shop-production to stay up: up after 12 s',
    ]);
  });

  test.each<[string, ContainerState[], number, HealthResultLike]>([
    ['running for the whole bound: up', [running], 3000, { healthy: true, ms: 3000 }],
    [
      'exits after 2 s',
      [running, running, { ...running, status: 'exited', exitCode: 4 }],
      5000,
      { healthy: false, ms: 2000, reason: 'the container exited (code 4) within 2 s of starting' },
    ],
    [
      'restarted by its policy',
      [running, { ...running, restartCount: 1 }],
      5000,
      { healthy: false, ms: 1000, reason: 'the container exited within 1 s of starting' },
    ],
    [
      'a HEALTHCHECK still starting waits past the bound, then healthy',
      [
        { ...running, health: 'starting' },
        { ...running, health: 'starting' },
        { ...running, health: 'starting' },
        { ...running, health: 'healthy' },
      ],
      1000,
      { healthy: true, ms: 3000 },
    ],
    [
      'a HEALTHCHECK starting for ever fails at the health timeout',
      [{ ...running, health: 'starting' }],
      1000,
      { healthy: false, ms: 5000, reason: "Docker's HEALTHCHECK still says starting after 5 s" },
    ],
    [
      'unhealthy fails at once',
      [{ ...running, health: 'unhealthy' }],
      5000,
      { healthy: false, ms: 0, reason: "Docker's HEALTHCHECK reports unhealthy" },
    ],
  ])('%s', async (_name, states, verifyMs, expected) => {
    expect(await run(states, verifyMs, 5000)).toEqual(expected);
  });
});

type HealthResultLike = { healthy: true; ms: number } | { healthy: false; ms: number; reason: string };
