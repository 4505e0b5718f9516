import { DOCKER_VERSION_ARGS, parseDockerVersions } from '../../src/docker/engine.js';
import { expect, test } from '@jest/globals';
import { publishedPorts } from '../../src/docker/ps.js';
import { captured } from '../helpers/tool-output.js';

test('publishedPorts: docker ps lines → host port → container', () => {
  expect(
    publishedPorts(
      'backend-production-blue\t127.0.0.1:18080->8080/tcp\nworker-production\t\napi-staging-green\t0.0.0.0:18181->3000/tcp, :::18181->3000/tcp\n',
    ),
  ).toEqual(
    new Map([
      [18080, 'backend-production-blue'],
      [18181, 'api-staging-green'],
    ]),
  );
});

test.each<[string, string, Array<[number, string]>]>([
  [
    'Docker 28.2.2: every address (IPv4 and [::]) and one loopback port; a container that publishes nothing',
    captured('docker-ps.txt'),
    [
      [18996, 'shop-production-blue'],
      [18997, 'shop-production-blue'],
    ],
  ],
  ['exposed, not published', 'worker-production\t8080/tcp\n', []],
  ['no container', '', []],
])('publishedPorts: %s', (_, output, expected) => {
  expect([...publishedPorts(output)]).toEqual(expected);
});

test.each([
  ['28.2.2|28.2.2\n', { server: '28.2.2', client: '28.2.2' }],
  ['20.10.24+dfsg1|28.2.2', { server: '20.10.24+dfsg1', client: '28.2.2' }],
  ['', { server: '', client: '' }],
])('parseDockerVersions(%j)', (output, versions) => {
  expect(parseDockerVersions(output)).toEqual(versions);
  expect(DOCKER_VERSION_ARGS).toEqual(['version', '--format', '{{.Server.Version}}|{{.Client.Version}}']);
});
