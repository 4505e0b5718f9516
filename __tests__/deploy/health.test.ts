import { afterEach, expect, test } from '@jest/globals';
import { waitHealthy } from '../../src/deploy/health.js';
import type { ContainerState } from '../../src/docker/run-args.js';
import { HttpStub } from '../helpers/http-stub.js';

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
