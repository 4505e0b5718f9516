import { describe, expect, test } from '@jest/globals';
import {
  buildDockerBuildArgs,
  buildPushArgs,
  parseKeyValues,
  parseLines,
  parseList,
  type BuildSpec,
} from '../../src/docker/build-args.js';

const spec = (over: Partial<BuildSpec> = {}): BuildSpec => ({
  configDir: '/tmp/cfg',
  context: 'backend',
  file: 'backend/Dockerfile',
  target: '',
  buildArgs: [['JAVA_VERSION', '21']],
  secrets: [],
  labels: [['org.opencontainers.image.revision', 'abc']],
  tags: ['ghcr.io/acme/api:sha-abc1234', 'ghcr.io/acme/api:main'],
  platforms: [],
  cacheFrom: [],
  cacheTo: [],
  noCache: false,
  push: true,
  iidFile: '/tmp/cfg/iid',
  ...over,
});

const common = [
  '--file',
  'backend/Dockerfile',
  '--build-arg',
  'JAVA_VERSION=21',
  '--label',
  'org.opencontainers.image.revision=abc',
  '--tag',
  'ghcr.io/acme/api:sha-abc1234',
  '--tag',
  'ghcr.io/acme/api:main',
];

describe('buildDockerBuildArgs', () => {
  test.each([
    [
      'buildx pushes itself',
      spec(),
      'buildx',
      {
        args: [
          '--config',
          '/tmp/cfg',
          'buildx',
          'build',
          ...common,
          '--iidfile',
          '/tmp/cfg/iid',
          '--push',
          'backend',
        ],
        env: {},
        lost: [],
        pushAfter: false,
      },
    ],
    [
      'buildx without push loads into the engine',
      spec({ push: false }),
      'buildx',
      {
        args: [
          '--config',
          '/tmp/cfg',
          'buildx',
          'build',
          ...common,
          '--iidfile',
          '/tmp/cfg/iid',
          '--load',
          'backend',
        ],
        env: {},
        lost: [],
        pushAfter: false,
      },
    ],
    [
      'built-in BuildKit: DOCKER_BUILDKIT=1, push afterwards',
      spec(),
      'buildkit',
      {
        args: ['--config', '/tmp/cfg', 'build', ...common, '--iidfile', '/tmp/cfg/iid', 'backend'],
        env: { DOCKER_BUILDKIT: '1' },
        lost: [],
        pushAfter: true,
      },
    ],
    [
      'classic: DOCKER_BUILDKIT=0',
      spec({ push: false }),
      'classic',
      {
        args: ['--config', '/tmp/cfg', 'build', ...common, '--iidfile', '/tmp/cfg/iid', 'backend'],
        env: { DOCKER_BUILDKIT: '0' },
        lost: [],
        pushAfter: false,
      },
    ],
    [
      'buildx: target, secrets by file, platforms, caches',
      spec({
        file: '',
        buildArgs: [],
        labels: [],
        tags: ['r/a:t'],
        target: 'runtime',
        secrets: [{ id: 'npm_token', file: '/tmp/s1' }],
        platforms: ['linux/amd64', 'linux/arm64'],
        cacheFrom: ['type=registry,ref=r/a:cache'],
        cacheTo: ['type=registry,ref=r/a:cache,mode=max'],
      }),
      'buildx',
      {
        args: [
          '--config',
          '/tmp/cfg',
          'buildx',
          'build',
          '--target',
          'runtime',
          '--secret',
          'id=npm_token,src=/tmp/s1',
          '--tag',
          'r/a:t',
          '--platform',
          'linux/amd64,linux/arm64',
          '--cache-from',
          'type=registry,ref=r/a:cache',
          '--cache-to',
          'type=registry,ref=r/a:cache,mode=max',
          '--iidfile',
          '/tmp/cfg/iid',
          '--push',
          'backend',
        ],
        env: {},
        lost: [],
        pushAfter: false,
      },
    ],
    [
      'built-in BuildKit: registry cache-from as an image, inline cache; cache-to lost',
      spec({
        file: '',
        buildArgs: [],
        labels: [],
        tags: ['r/a:t'],
        cacheFrom: ['type=registry,ref=r/a:cache', 'type=gha'],
        cacheTo: ['type=gha'],
      }),
      'buildkit',
      {
        args: [
          '--config',
          '/tmp/cfg',
          'build',
          '--tag',
          'r/a:t',
          '--cache-from',
          'r/a:cache',
          '--build-arg',
          'BUILDKIT_INLINE_CACHE=1',
          '--iidfile',
          '/tmp/cfg/iid',
          'backend',
        ],
        env: { DOCKER_BUILDKIT: '1' },
        lost: [
          'cache-from type=gha: only image references work without buildx',
          'cache-to type=gha: exporting a cache needs the buildx plugin',
        ],
        pushAfter: true,
      },
    ],
    [
      'classic: platforms lost',
      spec({ file: '', buildArgs: [], labels: [], tags: ['r/a:t'], platforms: ['linux/arm64'] }),
      'classic',
      {
        args: ['--config', '/tmp/cfg', 'build', '--tag', 'r/a:t', '--iidfile', '/tmp/cfg/iid', 'backend'],
        env: { DOCKER_BUILDKIT: '0' },
        lost: ["platforms (linux/arm64): the classic builder builds for the engine's own platform"],
        pushAfter: true,
      },
    ],
  ] as const)('%s', (_name, input, builder, expected) => {
    expect(buildDockerBuildArgs(input, builder)).toEqual(expected);
  });

  test('secrets never become build args, and the classic builder refuses them', () => {
    const withSecret = spec({ secrets: [{ id: 'npm_token', file: '/tmp/s1' }] });
    const { args } = buildDockerBuildArgs(withSecret, 'buildkit');
    expect(args.filter((a) => a.includes('npm_token'))).toEqual(['id=npm_token,src=/tmp/s1']);
    expect(() => buildDockerBuildArgs(withSecret, 'classic')).toThrow(
      /^build-secrets: the classic builder cannot take build secrets/,
    );
  });

  test('no-cache', () => {
    const { args } = buildDockerBuildArgs(spec({ noCache: true }), 'buildkit');
    expect(args.slice(-4)).toEqual(['--no-cache', '--iidfile', '/tmp/cfg/iid', 'backend']);
  });

  test('several platforms need buildx', () => {
    expect(() =>
      buildDockerBuildArgs(spec({ platforms: ['linux/amd64', 'linux/arm64'] }), 'buildkit'),
    ).toThrow(
      "platforms: linux/amd64,linux/arm64 needs the buildx plugin; the engine's built-in BuildKit builds one platform",
    );
  });
});

test('buildPushArgs', () => {
  expect(buildPushArgs('/tmp/cfg', 'r/a:t')).toEqual(['--config', '/tmp/cfg', 'push', 'r/a:t']);
});

describe('input lists', () => {
  test('parseKeyValues: lines, comments, values with =', () => {
    expect(parseKeyValues('A=1\n# note\n\nB = x=y \nC=', 'build-args')).toEqual([
      ['A', '1'],
      ['B', 'x=y'],
      ['C', ''],
    ]);
  });
  test.each([
    ['build-args', 'A=1\nnot a pair', 'build-args: line 2 ("not a pair") is not KEY=VALUE'],
    ['build-args', '=x', 'build-args: line 1 ("=x") is not KEY=VALUE'],
    ['build-secrets', 'token ghp_secret', 'build-secrets: line 1 is not KEY=VALUE'],
  ])('%s %j is refused (secret lines are not quoted back)', (name, text, message) => {
    expect(() => parseKeyValues(text, name)).toThrow(message);
  });
  test('parseList and parseLines', () => {
    expect(parseList('a, b\nc,,')).toEqual(['a', 'b', 'c']);
    expect(parseLines('type=registry,ref=x\n\n# c\ntype=gha')).toEqual(['type=registry,ref=x', 'type=gha']);
  });
});
