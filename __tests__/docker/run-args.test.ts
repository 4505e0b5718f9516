import { expect, test } from '@jest/globals';
import {
  buildDockerRunArgs,
  buildInspectArgs,
  buildStopArgs,
  containerName,
  otherColor,
  parseInspect,
} from '../../src/docker/run-args.js';

test('buildDockerRunArgs: restart policy, log rotation, loopback port, env file, labels', () => {
  expect(
    buildDockerRunArgs({
      configDir: '/tmp/cfg',
      name: 'shop-production-green',
      image: 'ghcr.io/acme/shop@sha256:abc',
      bindAddress: '127.0.0.1',
      hostPort: 18081,
      containerPort: 8080,
      envFile: '/tmp/env-1',
      labels: [
        ['berth.app', 'shop'],
        ['berth.color', 'green'],
      ],
      stopTimeoutSeconds: 30,
    }),
  ).toEqual([
    '--config',
    '/tmp/cfg',
    'run',
    '--detach',
    '--name',
    'shop-production-green',
    '--restart',
    'unless-stopped',
    '--log-driver',
    'json-file',
    '--log-opt',
    'max-size=10m',
    '--log-opt',
    'max-file=3',
    '--stop-timeout',
    '30',
    '--publish',
    '127.0.0.1:18081:8080',
    '--env-file',
    '/tmp/env-1',
    '--label',
    'berth.app=shop',
    '--label',
    'berth.color=green',
    'ghcr.io/acme/shop@sha256:abc',
  ]);
});

test('names and colours', () => {
  expect(containerName('shop', 'test', 'blue')).toBe('shop-test-blue');
  expect(otherColor('blue')).toBe('green');
  expect(otherColor('green')).toBe('blue');
  expect(buildStopArgs('shop-test-blue', 30)).toEqual(['stop', '--time', '30', 'shop-test-blue']);
  expect(buildInspectArgs('x').slice(0, 2)).toEqual(['inspect', '--format']);
});

test.each([
  [
    'running 0 0 none ghcr.io/a@sha256:1',
    { status: 'running', exitCode: 0, restartCount: 0, health: 'none', imageRef: 'ghcr.io/a@sha256:1' },
  ],
  [
    'restarting 3 2 none <no value>',
    { status: 'restarting', exitCode: 3, restartCount: 2, health: 'none', imageRef: '' },
  ],
  [
    'running 0 0 healthy x\n',
    { status: 'running', exitCode: 0, restartCount: 0, health: 'healthy', imageRef: 'x' },
  ],
])('parseInspect %j', (line, state) => {
  expect(parseInspect(line)).toEqual(state);
});
