/**
 * The container plan on one host, as the command runs it (lock aside): what is live is read from the
 * host's state, the image to go live chosen (a rollback's: the image input, else the version before),
 * the strategy run, and the attempt recorded by recordAttempt.
 */
import { tmpdir } from 'node:os';
import { expect, test } from '@jest/globals';
import { containerStrategy } from '../../../src/deploy/containers/strategy.js';
import type { DeployResult } from '../../../src/deploy/model.js';
import type { DeployAction } from '../../../src/deploy/model.js';
import { readState, recordAttempt, type HistoryEntry } from '../../../src/deploy/state.js';
import type { OnHosts } from '../../../src/deploy/strategy.js';
import type { InputName } from '../../../src/inputs.js';
import { DockerTable, FakeNginx, ok, RecordingHost } from '../../helpers/recording-host.js';
import { fakeRuntime } from '../../helpers/static-runtime.js';

const OLD = `registry.example.com/shop@sha256:${'1'.repeat(64)}`;
const NEW = `registry.example.com/shop@sha256:${'2'.repeat(64)}`;
const THIRD = `registry.example.com/shop@sha256:${'3'.repeat(64)}`;
const STATE = '/home/deploy/.berth/shop-production';

function server() {
  const host = new RecordingHost();
  const table = new DockerTable().serve(host);
  for (const image of [OLD, NEW, THIRD]) table.images.add(image);
  new FakeNginx(host, '/etc/nginx/berth/shop.conf');
  host.on('ss', ok('State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n'));
  host.onGet(/^127\.0\.0\.1:1808[01]\/health$/, { status: 200, body: 'ok' });
  const run = async (action: DeployAction, image: string): Promise<DeployResult> => {
    const values: Partial<Record<InputName, string>> = {
      command: action,
      app: 'shop',
      environment: 'production',
      image,
      port: '8080',
      'blue-port': '18080',
      'green-port': '18081',
      'nginx-upstream-file': '/etc/nginx/berth/shop.conf',
      'drain-timeout': '0',
    };
    const { runtime, inputs } = fakeRuntime(values, tmpdir());
    const plan = (await containerStrategy.plan(action, inputs, runtime, {})) as OnHosts<DeployResult>;
    const record = { host, stateDir: STATE, action, runId: '1', commit: 'c0ffee', actor: 'a', startedAt: 0 };
    return recordAttempt(record, (attempt) =>
      plan.run({
        host,
        stateDir: STATE,
        attempt,
        exec: async () => ok(),
        runId: '1',
        commit: 'c0ffee',
        startedAt: 0,
        step: (_name, fn) => fn(),
        timeline: [],
      }),
    );
  };
  const history = (): HistoryEntry[] =>
    (host.files.get(`${STATE}/history.jsonl`) ?? '')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as HistoryEntry);
  return { host, table, run, history };
}

test('deploys record what went live and what was before; a rollback returns to the version before', async () => {
  const { host, run, history } = server();
  expect((await run('deploy', OLD)).color).toBe('blue');
  const second = await run('deploy', NEW);
  expect(second).toMatchObject({ color: 'green', imageRef: NEW, previousImageRef: OLD });
  expect(await readState(host, STATE)).toMatchObject({
    live: 'green',
    strategy: 'blue-green',
    imageRef: NEW,
    previousImageRef: OLD,
  });
  const back = await run('rollback', '');
  expect(back).toMatchObject({ action: 'rollback', color: 'blue', imageRef: OLD, previousImageRef: NEW });
  expect(history().map((h) => [h.action, h.result, h.color, h.imageRef])).toEqual([
    ['deploy', 'success', 'blue', OLD],
    ['deploy', 'success', 'green', NEW],
    ['rollback', 'success', 'blue', OLD],
  ]);
  // The temporary docker config directory on the host is gone after each run.
  expect([...host.dirs].filter((d) => d.startsWith('/tmp/berth-'))).toEqual([]);
});

test('a rollback given an image goes to that one, not to the version before', async () => {
  const { run } = server();
  await run('deploy', OLD);
  await run('deploy', NEW);
  const back = await run('rollback', THIRD);
  expect(back).toMatchObject({ color: 'blue', imageRef: THIRD, previousImageRef: NEW });
});

test('a rollback with nothing recorded to return to is refused before anything runs', async () => {
  const { host, run, history } = server();
  await expect(run('rollback', '')).rejects.toThrow(
    'image: nothing to roll back to (no previous deploy is recorded on this host); pass the image to return to',
  );
  expect(host.commands(/^(docker|nginx) /)).toEqual([]);
  expect(history()).toEqual([expect.objectContaining({ action: 'rollback', result: 'failed', color: '' })]);
});
