import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  DEFAULT_ENGINE_SOCKET,
  engineWhere,
  pickEngineSocket,
  stopSurvivesDisconnect,
  type EngineWhere,
} from '../../src/docker/engine-socket.js';

describe('pickEngineSocket: the socket the docker CLI would use', () => {
  test.each<[string, EngineWhere, { socket: string } | { why: RegExp }]>([
    ['nothing set: the default socket', {}, { socket: DEFAULT_ENGINE_SOCKET }],
    [
      'DOCKER_HOST unix://',
      { dockerHost: 'unix:///run/user/1000/docker.sock' },
      { socket: '/run/user/1000/docker.sock' },
    ],
    [
      'DOCKER_HOST wins over a context',
      { dockerHost: 'unix:///a.sock', context: 'x', contextHost: 'unix:///b.sock' },
      { socket: '/a.sock' },
    ],
    [
      'DOCKER_HOST tcp://',
      { dockerHost: 'tcp://10.0.0.5:2376' },
      { why: /^DOCKER_HOST is tcp:\/\/10\.0\.0\.5:2376, not a local unix:\/\/ socket$/ },
    ],
    [
      'DOCKER_HOST ssh:// with a user: not echoed',
      { dockerHost: 'ssh://deploy@box' },
      { why: /^DOCKER_HOST is ssh:\/\/…@box, not/ },
    ],
    ['DOCKER_HOST unix:// with no path', { dockerHost: 'unix://' }, { why: /not a local unix/ }],
    ['context default', { context: 'default' }, { socket: DEFAULT_ENGINE_SOCKET }],
    [
      'a context with a unix endpoint',
      { context: 'rootless', contextHost: 'unix:///run/user/1000/docker.sock' },
      { socket: '/run/user/1000/docker.sock' },
    ],
    [
      'a context with an ssh endpoint',
      { context: 'prod', contextHost: 'ssh://prod' },
      { why: /^docker context prod's endpoint is ssh:\/\/prod/ },
    ],
    [
      'a context berth could not read',
      { context: 'gone' },
      { why: /^docker context gone could not be read$/ },
    ],
  ])('%s', (_name, where, expected) => {
    const got = pickEngineSocket(where);
    if ('socket' in expected) expect(got).toEqual(expected);
    else {
      expect('why' in got && got.why).toMatch(expected.why);
    }
  });
});

describe('stopSurvivesDisconnect: engines that finish a stop whose client went away', () => {
  test.each([
    ['20.10.24+dfsg1', true],
    ['19.03.15', true],
    ['23.0.0', false],
    ['23.0.6', false],
    ['23.0.7', true],
    ['24.0.0-rc.1', false],
    ['24.0.2', false],
    ['24.0.3', true],
    ['24.0.9', true],
    ['25.0.0', true],
    ['28.2.2', true],
    ['v26.1.4', true],
    ['', true],
    ['master-dockerproject-2024', true],
  ])('%s → %s', (version, expected) => {
    expect(stopSurvivesDisconnect(version)).toBe(expected);
  });
});

describe('engineWhere: read from the environment and the docker config, as the CLI reads them', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-engine-where-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const meta = (name: string, host: string): void => {
    const id = createHash('sha256').update(name).digest('hex');
    mkdirSync(path.join(dir, 'contexts', 'meta', id), { recursive: true });
    writeFileSync(
      path.join(dir, 'contexts', 'meta', id, 'meta.json'),
      JSON.stringify({
        Name: name,
        Metadata: {},
        Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
      }),
    );
  };

  test('no config: no context', async () => {
    expect(await engineWhere({ DOCKER_CONFIG: path.join(dir, 'none') })).toEqual({
      dockerHost: undefined,
      context: undefined,
      contextHost: undefined,
    });
  });

  test("the config's currentContext and its endpoint", async () => {
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ currentContext: 'rootless' }));
    meta('rootless', 'unix:///run/user/1000/docker.sock');
    const where = await engineWhere({ DOCKER_CONFIG: dir });
    expect(where).toEqual({
      dockerHost: undefined,
      context: 'rootless',
      contextHost: 'unix:///run/user/1000/docker.sock',
    });
    expect(pickEngineSocket(where)).toEqual({ socket: '/run/user/1000/docker.sock' });
  });

  test('DOCKER_CONTEXT wins over the config; DOCKER_HOST is passed on', async () => {
    meta('remote', 'tcp://10.1.2.3:2376');
    expect(
      await engineWhere({ DOCKER_CONFIG: dir, DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'unix:///x.sock' }),
    ).toEqual({
      dockerHost: 'unix:///x.sock',
      context: 'remote',
      contextHost: 'tcp://10.1.2.3:2376',
    });
  });

  test('a config that is not JSON is no context', async () => {
    writeFileSync(path.join(dir, 'config.json'), '{not json');
    expect((await engineWhere({ DOCKER_CONFIG: dir })).context).toBeUndefined();
  });
});
