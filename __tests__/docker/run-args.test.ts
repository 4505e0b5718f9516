import { describe, expect, test } from '@jest/globals';
import {
  buildCreateBody,
  buildDockerRunArgs,
  buildInspectArgs,
  buildStopArgs,
  containerName,
  otherColor,
  parseIdLines,
  parseInspect,
  buildImageIdsArgs,
  buildContainerImagesArgs,
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

describe('buildCreateBody: docker run as the Engine API body', () => {
  const base = {
    image: 'reg/app@sha256:' + 'a'.repeat(64),
    bindAddress: '127.0.0.1',
    labels: [['berth.app', 'shop']] as Array<[string, string]>,
    stopTimeoutSeconds: 30,
    env: [
      ['A', 'x=y'],
      ['B', ''],
    ] as Array<[string, string]>,
  };
  test.each([
    [
      'a published port',
      { ...base, hostPort: 18080, containerPort: 8080 },
      {
        ExposedPorts: { '8080/tcp': {} },
        ports: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }] },
      },
    ],
    [
      'an IPv6 loopback',
      { ...base, bindAddress: '::1', hostPort: 18081, containerPort: 3000 },
      { ExposedPorts: { '3000/tcp': {} }, ports: { '3000/tcp': [{ HostIp: '::1', HostPort: '18081' }] } },
    ],
    ['a worker: nothing published', { ...base }, { ExposedPorts: undefined, ports: undefined }],
  ])('%s', (_name, spec, expected) => {
    const body = buildCreateBody(spec) as {
      ExposedPorts?: unknown;
      HostConfig: Record<string, unknown>;
    } & Record<string, unknown>;
    expect(body.ExposedPorts).toEqual(expected.ExposedPorts);
    expect(body.HostConfig.PortBindings).toEqual(expected.ports);
    expect(body).toMatchObject({
      Image: spec.image,
      Env: ['A=x=y', 'B='],
      Labels: { 'berth.app': 'shop' },
      StopTimeout: 30,
      HostConfig: {
        RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
        LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
      },
    });
  });
});

test.each([
  ['sha256:a\nsha256:b\n', ['sha256:a', 'sha256:b']],
  ['sha256:a\n\nsha256:a\n  sha256:b  \n', ['sha256:a', 'sha256:b']],
  ['', []],
])('parseIdLines(%j)', (output, ids) => {
  expect(parseIdLines(output)).toEqual(ids);
});

test('the image and container lists prune reads', () => {
  expect(buildImageIdsArgs('registry.example.com/shop')).toEqual([
    'image',
    'ls',
    '--no-trunc',
    '--format',
    '{{.ID}}',
    'registry.example.com/shop',
  ]);
  expect(buildContainerImagesArgs(['shop-production-blue', 'shop-production-green'])).toEqual([
    'container',
    'inspect',
    '--format',
    '{{.Image}}',
    'shop-production-blue',
    'shop-production-green',
  ]);
});
