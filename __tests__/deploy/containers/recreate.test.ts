/**
 * strategy recreate's promise, below the engine suites (which run dist/): when the new container does not
 * stay up, it is removed and the old one — stopped and kept as `-previous` — runs again under its own
 * name. Driven on a recording host whose docker plays the container commands on a table.
 */
import { expect, test } from '@jest/globals';
import { recreate } from '../../../src/deploy/containers/recreate.js';
import { DockerTable, failed, RecordingHost } from '../../helpers/recording-host.js';
import { strategyContext } from '../../helpers/strategy-context.js';

const OLD = `registry.example.com/worker@sha256:${'1'.repeat(64)}`;
const NEW = `registry.example.com/worker@sha256:${'2'.repeat(64)}`;
/** The message, with "within N s" as the clock had it (0 s, or 1 s on a busy machine: it rounds up). */
const died = (rest: string): RegExp =>
  new RegExp(
    `^worker-production did not stay up: the container exited \\(code 4\\) within [01] s of starting\\. ${rest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
  );

/** A host whose docker plays on a table; a container of `dies` exits as soon as it starts. */
function setup(dies: string) {
  const host = new RecordingHost();
  const table = new DockerTable([dies]).serve(host);
  table.images.add(NEW);
  const { ctx, logs } = strategyContext(
    host,
    {
      command: 'deploy',
      strategy: 'recreate',
      app: 'worker',
      environment: 'production',
      'verify-time': '1',
      'stop-timeout': '1',
    },
    { image: NEW },
  );
  return { host, table, ctx, logs };
}

test('the new container dies: it is removed and the old one runs again under its own name', async () => {
  const { table, ctx } = setup(NEW);
  table.containers.set('worker-production', { status: 'running', imageRef: OLD });
  await expect(recreate(ctx)).rejects.toThrow(
    died(`It was removed; the previous container (${OLD}) runs again.`),
  );
  expect(Object.fromEntries(table.containers)).toEqual({
    'worker-production': { status: 'running', imageRef: OLD },
  });
  // Stopped and kept before the new one started; renamed back and started after it died.
  expect(table.log.filter((l) => /^(rename|stop|run|start)/.test(l))).toEqual([
    'rename worker-production',
    'stop --time',
    'run --detach',
    'rename worker-production-previous',
    'start worker-production',
  ]);
});

test('the new container stays up: the old one is kept stopped as -previous', async () => {
  const { host, table, ctx } = setup('none');
  table.containers.set('worker-production', { status: 'running', imageRef: OLD });
  await expect(recreate(ctx)).resolves.toEqual({ color: '', url: '' });
  expect(Object.fromEntries(table.containers)).toEqual({
    'worker-production': { status: 'running', imageRef: NEW },
    'worker-production-previous': { status: 'exited', imageRef: OLD, exitCode: 0 },
  });
  // The exact sequence: the image is there already (no pull), the old one kept, the new one checked.
  expect(host.commands().filter((l) => !/^docker inspect /.test(l))).toEqual([
    `docker image inspect ${NEW}`,
    'docker rm --force worker-production-previous',
    'docker rename worker-production worker-production-previous',
    'docker stop --time 1 worker-production-previous',
    `docker run worker-production ${NEW}`,
    'docker image ls registry.example.com/worker',
  ]);
});

test('a first deploy that does not stay up: no old container to stop or restore', async () => {
  const { host, ctx } = setup(NEW);
  await expect(recreate(ctx)).rejects.toThrow(died('It was removed; there was no previous container.'));
  expect(host.commands(/^docker (rename|stop|start)/)).toEqual([]);
});

// Known gap (left as it is: this change alters no behaviour): with no previous container, restoreOld
// returns before `docker rm`, so the new container stays, though the message says it was removed.
test('a first deploy that does not stay up removes the new container (it was left restarting)', async () => {
  const { table, ctx } = setup(NEW);
  await expect(recreate(ctx)).rejects.toThrow('It was removed');
  expect(table.containers.size).toBe(0);
});

test('docker run fails: the old one runs again and the error says so', async () => {
  const { host, table, ctx } = setup('none');
  table.containers.set('worker-production', { status: 'running', imageRef: OLD });
  host.on('docker run', failed('docker: Error response from daemon: pull access denied'));
  await expect(recreate(ctx)).rejects.toThrow(
    `docker run worker-production on app.example.com failed: docker: Error response from daemon: pull access denied; the previous container (${OLD}) runs again`,
  );
  expect(Object.fromEntries(table.containers)).toEqual({
    'worker-production': { status: 'running', imageRef: OLD },
  });
  expect(host.commands(/^docker (rename|stop|start|rm)/)).toEqual([
    'docker rm --force worker-production-previous',
    'docker rename worker-production worker-production-previous',
    'docker stop --time 1 worker-production-previous',
    'docker rm --force worker-production', // after the failed run
    'docker rm --force worker-production', // restoreOld: whatever is under the name goes
    'docker rename worker-production-previous worker-production',
    'docker start worker-production',
  ]);
});
