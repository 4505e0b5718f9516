/**
 * strategy blue-green's boot contract, below the engine suites: start the idle colour → healthy → switch
 * → drain → stop the old one; on any failure before the switch took, the new colour is removed, the
 * error re-raised, and the live colour keeps serving. Driven on a recording host whose docker plays on a
 * table and whose nginx follows berth's include and marker like the real one.
 */
import { describe, expect, test } from '@jest/globals';
import { blueGreen } from '../../../src/deploy/containers/blue-green.js';
import type { DeployState } from '../../../src/deploy/state.js';
import type { DeployAction } from '../../../src/deploy/model.js';
import type { InputName } from '../../../src/inputs.js';
import {
  DockerTable,
  failed,
  FakeNginx,
  imageIdOf,
  ok,
  RecordingHost,
} from '../../helpers/recording-host.js';
import { strategyContext } from '../../helpers/strategy-context.js';

const OLD = `registry.example.com/shop@sha256:${'1'.repeat(64)}`;
const NEW = `registry.example.com/shop@sha256:${'2'.repeat(64)}`;
const INCLUDE = '/etc/nginx/berth/shop.conf';
const MARKER = `${INCLUDE}.green`;
const SS_HEADER = 'State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n';

const INPUTS: Partial<Record<InputName, string>> = {
  command: 'deploy',
  strategy: 'blue-green',
  app: 'shop',
  environment: 'production',
  'blue-port': '18080',
  'green-port': '18081',
  port: '8080',
  'nginx-upstream-file': INCLUDE,
  'stop-timeout': '1',
  'health-timeout': '1',
  'drain-timeout': '0',
};

/** One host for a series of deploys: docker on a table, a running nginx, both colours answer /health. */
function server(options: { nginxRunning?: boolean } = {}) {
  const host = new RecordingHost();
  const table = new DockerTable().serve(host);
  table.images.add(OLD);
  table.images.add(NEW);
  const nginx = new FakeNginx(host, INCLUDE, { running: options.nginxRunning ?? true });
  host.on('ss', ok(SS_HEADER));
  host.onGet('127.0.0.1:18080/health', { status: 200, body: 'ok' });
  host.onGet('127.0.0.1:18081/health', { status: 200, body: 'ok' });
  let state: DeployState | undefined;
  /** What the host has recorded as live (a test may wipe or set it). */
  const record = (next: DeployState | undefined): void => {
    state = next;
  };
  /** Runs blueGreen as the command would; the state it leaves is the next run's. */
  const run = async (image: string, action: DeployAction = 'deploy', values: typeof INPUTS = {}) => {
    const from = host.calls.length;
    const recorded = strategyContext(host, { ...INPUTS, ...values }, { action, state, image });
    const calls = (): string[] => host.calls.slice(from);
    try {
      const result = await blueGreen(recorded.ctx);
      state = {
        live: result.color as 'blue' | 'green',
        imageRef: image,
        previousImageRef: state?.imageRef ?? '',
        commit: 'c',
        updatedAt: '',
      };
      return { result, error: undefined, calls, ...recorded };
    } catch (error) {
      return { result: undefined, error: error as Error, calls, ...recorded };
    }
  };
  return { host, table, nginx, run, record };
}

const running = (imageRef: string) => ({ status: 'running', imageRef });
const exited = (imageRef: string) => ({ status: 'exited', imageRef, exitCode: 0 });
/** The port of berth's switch, from the include on the host. */
const entry = (host: RecordingHost): number =>
  Number(/listen 127\.0\.0\.1:(\d+);/.exec(host.files.get(INCLUDE) ?? '')?.[1]);
/** How nginx's workers are found (NginxControl's master pid, then its children). */
const MASTER = ['nginx -T', 'nginx -V', 'read /run/nginx.pid', 'sh -c … sh 100'];

describe('blue-green deploys', () => {
  test('first deploy: include installed and nginx reloaded once, blue started, checked, switched to', async () => {
    const { host, table, nginx, run } = server();
    const first = await run(OLD);
    expect(first.error).toBeUndefined();
    expect(first.result).toEqual({ color: 'blue', url: 'http://127.0.0.1:18080' });
    const port = entry(host);
    expect(first.calls()).toEqual([
      // nginx first: the include as it should be (a free port for the switch), then the workers' access
      `read ${INCLUDE}`,
      'read /proc/net/tcp',
      'read /proc/net/tcp6',
      'nginx -V',
      `read ${INCLUDE}`,
      ...MASTER,
      'read /proc/101/status',
      'sh -c … sh / /etc /etc/nginx /etc/nginx/berth',
      `read ${MARKER}`,
      `remove ${MARKER}`, // marker: blue
      `write ${INCLUDE}`,
      'nginx -t',
      ...MASTER,
      'nginx -s reload',
      'sh -c … sh 100', // the old workers have exited
      `GET 127.0.0.1:${port}/`, // nginx answers through the switch: blue
      // the image (already there) and the idle colour's leftover, then start → healthy → switch
      `docker image inspect ${OLD}`,
      'docker rm shop-production-blue',
      `docker run shop-production-blue -p 127.0.0.1:18080:8080 ${OLD}`,
      'docker inspect shop-production-blue',
      'GET 127.0.0.1:18080/health',
      `remove ${MARKER}`,
      `GET 127.0.0.1:${port}/`,
      // no old colour to drain or stop
      'docker image ls registry.example.com/shop',
    ]);
    expect(first.steps).toEqual(['nginx', 'image', 'start', 'healthy', 'switch', 'prune']);
    expect(first.timeline).toEqual(["nginx reload (berth's include installed)"]);
    expect(Object.fromEntries(table.containers)).toEqual({ 'shop-production-blue': running(OLD) });
    expect(nginx.reloads).toBe(1);
    expect(host.files.has(MARKER)).toBe(false);
    expect(host.modes.get(INCLUDE)).toBe(0o644);
  });

  test("docker run gets the colour's name, port and labels (the argv's form is run-args' own test)", async () => {
    const { host, run } = server();
    await run(OLD);
    const argv = host.argvs.find((a) => a[3] === 'run') ?? [];
    const after = (flag: string): string[] => argv.flatMap((a, k) => (a === flag ? [argv[k + 1] ?? ''] : []));
    expect(after('--name')).toEqual(['shop-production-blue']);
    expect(after('--publish')).toEqual(['127.0.0.1:18080:8080']);
    expect(after('--stop-timeout')).toEqual(['1']);
    expect(after('--label')).toEqual([
      'berth.app=shop',
      'berth.environment=production',
      'berth.color=blue',
      `berth.commit=${'c'.repeat(40)}`,
      `berth.image-ref=${OLD}`,
      expect.stringMatching(/^berth\.deployed-at=\d{4}-\d\d-\d\dT/),
    ]);
    expect(argv.at(-1)).toBe(OLD);
  });

  test('second deploy: green starts, the marker flips with no reload, blue drains and is stopped (kept)', async () => {
    const { host, table, nginx, run } = server();
    await run(OLD);
    const second = await run(NEW);
    expect(second.error).toBeUndefined();
    expect(second.result).toEqual({ color: 'green', url: 'http://127.0.0.1:18081' });
    const port = entry(host);
    expect(second.calls()).toEqual([
      `read ${INCLUDE}`, // the installed switch's port, token and keep-alive are kept: no nginx -V
      `read ${INCLUDE}`,
      `GET 127.0.0.1:${port}/`, // in place and answering: nothing written, no reload
      `docker image inspect ${NEW}`,
      'docker rm shop-production-green',
      `docker run shop-production-green -p 127.0.0.1:18081:8080 ${NEW}`,
      'docker inspect shop-production-green',
      'GET 127.0.0.1:18081/health',
      `write ${MARKER}`,
      `GET 127.0.0.1:${port}/`, // nginx follows: green
      'ss -tn state established state syn-sent state close-wait dst 127.0.0.1:18080',
      'docker image ls registry.example.com/shop',
      'docker stop --time 1 shop-production-blue',
    ]);
    expect(nginx.reloads).toBe(1);
    expect(second.timeline).toEqual(['drain (no connection was open)']);
    expect(second.steps).toEqual(['nginx', 'image', 'start', 'healthy', 'switch', 'prune', 'stop old']);
    expect(Object.fromEntries(table.containers)).toEqual({
      'shop-production-blue': exited(OLD),
      'shop-production-green': running(NEW),
    });
    expect(host.files.has(MARKER)).toBe(true);
    // The third deploy goes to blue again: it removes the blue kept from the first.
    const third = await run(OLD);
    expect(third.result?.color).toBe('blue');
    expect(third.calls()).toContain('docker rm shop-production-blue');
    expect(host.files.has(MARKER)).toBe(false);
  });

  test('the new colour exits while starting: it is removed, no switch, the live colour keeps serving', async () => {
    const { table, run } = server();
    await run(OLD);
    table.dies.add(NEW);
    const second = await run(NEW);
    expect(second.error?.message).toBe(
      'shop-production-green is not healthy: the container exited (code 4). It was removed; shop-production-blue keeps serving.',
    );
    expect(second.calls().slice(-4)).toEqual([
      `docker run shop-production-green -p 127.0.0.1:18081:8080 ${NEW}`,
      'docker inspect shop-production-green', // exited: no health request
      'docker logs --tail 30 shop-production-green',
      'docker rm --force shop-production-green',
    ]);
    expect(second.calls().filter((c) => c.includes(MARKER))).toEqual([]);
    expect(second.steps).toEqual(['nginx', 'image', 'start', 'healthy']);
    expect(second.logs).toContain(
      'last log lines of shop-production-green:\nshop-production-green: listening',
    );
    expect(Object.fromEntries(table.containers)).toEqual({ 'shop-production-blue': running(OLD) });
  });

  test('the new colour never answers 2xx: removed after health-timeout, with the last answer', async () => {
    const { host, table, run } = server();
    await run(OLD);
    host.onGet('127.0.0.1:18081/health', { status: 503, body: 'starting' });
    const second = await run(NEW);
    expect(second.error?.message).toBe(
      'shop-production-green is not healthy: http://127.0.0.1:18081/health did not answer 2xx within 1 s (last: HTTP 503). It was removed; shop-production-blue keeps serving.',
    );
    expect(host.files.has(MARKER)).toBe(false);
    expect(Object.fromEntries(table.containers)).toEqual({ 'shop-production-blue': running(OLD) });
  });

  test('a first deploy that is not healthy: removed, nothing serves, said so', async () => {
    const { table, run } = server();
    table.dies.add(OLD);
    const first = await run(OLD);
    expect(first.error?.message).toBe(
      'shop-production-blue is not healthy: the container exited (code 4). It was removed; nothing keeps serving.',
    );
    expect(table.containers.size).toBe(0);
  });

  test('nginx does not follow the switch: the marker is put back, the new colour removed, the old one serves', async () => {
    const { host, table, nginx, run } = server();
    await run(OLD);
    nginx.blind = true;
    const second = await run(NEW);
    const port = entry(host);
    expect(second.error?.message).toBe(
      `nginx did not follow the switch to green: asked through berth's switch on 127.0.0.1:${port}, it still picks blue. The marker ${MARKER} is back as it was and blue keeps serving. nginx's worker user must be able to search every directory above the marker (berth doctor checks it).`,
    );
    expect(second.calls().slice(-5)).toEqual([
      'GET 127.0.0.1:18081/health',
      `write ${MARKER}`,
      `GET 127.0.0.1:${port}/`,
      `remove ${MARKER}`,
      'docker rm --force shop-production-green',
    ]);
    expect(host.files.has(MARKER)).toBe(false);
    expect(Object.fromEntries(table.containers)).toEqual({ 'shop-production-blue': running(OLD) });
  });

  test('nginx stops answering through the switch: the error asks whether the include is still loaded', async () => {
    const { host, table, nginx, run } = server();
    await run(OLD);
    // The include is in place and answered at the start of the deploy; it goes deaf at the switch.
    host.on('docker run', (argv) => {
      nginx.deaf = true;
      return table.run(argv.slice(1));
    });
    const second = await run(NEW);
    expect(second.error?.message).toContain(
      `it did not answer. The marker ${MARKER} is back as it was and blue keeps serving. Is ${INCLUDE} still included in nginx's http block?`,
    );
    expect(table.containers.has('shop-production-green')).toBe(false);
  });

  test('rollback restarts the kept colour (no pull, no new container) and stops the live one', async () => {
    const { host, table, nginx, run } = server();
    await run(OLD);
    await run(NEW);
    const back = await run(OLD, 'rollback');
    expect(back.error).toBeUndefined();
    expect(back.result?.color).toBe('blue');
    const port = entry(host);
    expect(back.calls()).toEqual([
      `read ${INCLUDE}`,
      `read ${INCLUDE}`,
      `GET 127.0.0.1:${port}/`,
      'docker inspect shop-production-blue', // kept, with the image to return to
      'docker start shop-production-blue',
      'docker inspect shop-production-blue',
      'GET 127.0.0.1:18080/health',
      `remove ${MARKER}`,
      `GET 127.0.0.1:${port}/`,
      'ss -tn state established state syn-sent state close-wait dst 127.0.0.1:18081',
      'docker image ls registry.example.com/shop',
      'docker stop --time 1 shop-production-green',
    ]);
    expect(back.steps).toEqual(['nginx', 'start', 'healthy', 'switch', 'prune', 'stop old']);
    expect(nginx.reloads).toBe(1);
    expect(Object.fromEntries(table.containers)).toEqual({
      'shop-production-blue': running(OLD),
      'shop-production-green': exited(NEW),
    });
  });

  test('rollback to an image the kept colour does not have: a new container from it', async () => {
    const { host, run } = server();
    await run(OLD);
    await run(NEW);
    const other = `registry.example.com/shop@sha256:${'3'.repeat(64)}`;
    host.on('docker pull', ok());
    const back = await run(other, 'rollback');
    expect(back.error).toBeUndefined();
    expect(back.calls().filter((c) => c.startsWith('docker '))).toEqual([
      'docker inspect shop-production-blue', // kept, but from another image
      `docker image inspect ${other}`,
      'docker rm shop-production-blue',
      `docker pull ${other}`,
      `docker run shop-production-blue -p 127.0.0.1:18080:8080 ${other}`,
      'docker inspect shop-production-blue',
      'docker image ls registry.example.com/shop',
      'docker stop --time 1 shop-production-green',
    ]);
  });

  test('nginx is not running: the include stays for it, nothing is started', async () => {
    const { host, table, nginx, run } = server({ nginxRunning: false });
    const first = await run(OLD);
    expect(first.error?.name).toBe('NginxNotRunningError');
    expect(first.error?.message).toBe(
      `nginx-command: nginx does not seem to be running on app.example.com (no pid in /run/nginx.pid); start it, or set nginx-command to how this host runs it (e.g. "nginx -p /srv/nginx -c conf/nginx.conf") (berth's include ${INCLUDE} is in place for it)`,
    );
    expect(first.logs).toContain(
      "could not check who nginx's workers run as (nginx's worker processes were not found)",
    );
    expect(host.files.has(INCLUDE)).toBe(true);
    expect(nginx.reloads).toBe(0);
    expect(table.containers.size).toBe(0);
    expect(host.commands(/^docker/)).toEqual([]);
  });

  test('nginx -t refuses the new include: the previous files are put back, nothing is started', async () => {
    const { host, table, nginx, run } = server();
    host.files.set(INCLUDE, '# an older include\n');
    nginx.refuse = 'nginx: [emerg] unknown directive "keepalive_timeout"';
    const first = await run(OLD);
    expect(first.error?.message).toBe(
      `nginx -t refused berth's new configuration (${INCLUDE}); the previous files are back in place and nginx was not reloaded: nginx: [emerg] unknown directive "keepalive_timeout"`,
    );
    expect(host.files.get(INCLUDE)).toBe('# an older include\n');
    expect(nginx.reloads).toBe(0);
    expect(table.containers.size).toBe(0);
  });

  test('a drain that outlasts drain-timeout: a warning, and the old colour is stopped anyway', async () => {
    const { host, table, run } = server();
    await run(OLD);
    host.on('ss', ok(`${SS_HEADER}ESTAB 0 0 127.0.0.1:49618 127.0.0.1:18080\n`));
    const second = await run(NEW);
    expect(second.error).toBeUndefined();
    expect(second.logs).toContain(
      'warning: shop-production-blue still had 1 open connection(s) after drain-timeout (0 s); stopping it now',
    );
    expect(second.timeline).toEqual(['drain (drain-timeout 0 s passed, 1 connection still open)']);
    expect(table.containers.get('shop-production-blue')?.status).toBe('exited');
  });

  test('workers that cannot search the marker directory: refused before anything changes', async () => {
    const { host, table, run } = server();
    host.on(
      (argv) => argv[0] === 'sh' && (argv[2] ?? '').includes('stat -L'),
      ok('755 0 0\n755 0 0\n750 0 0\n755 0 0\n'),
    );
    const first = await run(OLD);
    expect(first.error?.message).toBe(
      `nginx-upstream-file: nginx's workers (uid 33) cannot search /etc/nginx (mode 0750), so they would never see berth's switch marker ${MARKER}; let them in: sudo chmod o+x /etc/nginx (or move nginx-upstream-file to a directory nginx's user can read, e.g. /etc/nginx/berth)`,
    );
    expect(host.files.has(INCLUDE)).toBe(false);
    expect(table.containers.size).toBe(0);
  });
});

describe('blue-green: what nginx and the host already have', () => {
  test('the include is in place but nginx does not answer through it: one reload, then the deploy', async () => {
    const { host, nginx, run } = server();
    await run(OLD);
    nginx.loaded = undefined; // nginx restarted without it, or a deploy was cut short before the reload
    const second = await run(NEW);
    expect(second.error).toBeUndefined();
    expect(second.result?.color).toBe('green');
    expect(nginx.reloads).toBe(2);
    expect(second.timeline[0]).toBe('nginx reload (nginx did not answer through the switch yet)');
    expect(second.calls()).not.toContain(`write ${INCLUDE}`); // the same bytes: not rewritten
    expect(host.files.has(MARKER)).toBe(true);
  });

  test('a switch that answers but no deploy recorded here: the new version starts in blue, nothing live', async () => {
    const { table, run, record } = server();
    await run(OLD);
    record(undefined); // the state directory was wiped
    table.containers.delete('shop-production-blue');
    const again = await run(NEW);
    expect(again.error).toBeUndefined();
    expect(again.result?.color).toBe('blue');
    expect(again.logs).toContain(`deploy on app.example.com: ${NEW} → shop-production-blue (live: none)`);
    expect(again.calls().filter((c) => c.startsWith('ss '))).toEqual([]); // nothing to drain
  });

  test('an include from before the switch, no deploy recorded: upgraded with a reload, blue, nothing live', async () => {
    const { host, nginx, run } = server();
    host.files.set(INCLUDE, 'upstream shop_production { server 127.0.0.1:18080; }\n');
    const first = await run(NEW);
    expect(first.error).toBeUndefined();
    expect(first.result?.color).toBe('blue');
    expect(first.logs).toContain(`deploy on app.example.com: ${NEW} → shop-production-blue (live: none)`);
    expect(first.timeline).toEqual(["nginx reload (berth's include upgraded to the reload-free switch)"]);
    expect(nginx.reloads).toBe(1);
  });

  test('an include from before the switch pointing at green: green is live, the deploy goes to blue', async () => {
    const { host, table, nginx, run, record } = server();
    host.files.set(INCLUDE, 'upstream shop_production { server 127.0.0.1:18081; }\n');
    table.containers.set('shop-production-green', running(OLD));
    record({ live: 'blue', imageRef: OLD, previousImageRef: '', commit: 'c', updatedAt: '' });
    const first = await run(NEW);
    expect(first.error).toBeUndefined();
    expect(first.result?.color).toBe('blue'); // what the include pointed at wins over the record
    expect(first.logs).toContain(
      `deploy on app.example.com: ${NEW} → shop-production-blue (live: shop-production-green)`,
    );
    expect(nginx.reloads).toBe(1);
    expect(table.containers.get('shop-production-green')?.status).toBe('exited');
  });

  test("after the reload nginx picks another colour than the marker's: files back, nginx back, refused", async () => {
    const { host, table, nginx, run } = server();
    await run(OLD);
    await run(NEW); // green is live: the marker exists
    nginx.loaded = undefined; // nginx has to load the include again
    nginx.blind = true; // and its workers cannot see the marker
    const third = await run(OLD);
    const port = entry(host);
    expect(third.error?.message).toBe(
      `after reloading nginx, berth's switch on 127.0.0.1:${port} picks blue, not green; the previous files are back in place. nginx's workers do not see the switch's marker (berth doctor checks why).`,
    );
    expect(nginx.reloads).toBe(3); // the first deploy's, the one that showed it, and the one back
    expect(host.files.has(MARKER)).toBe(true);
    expect(Object.fromEntries(table.containers)).toEqual({
      'shop-production-blue': exited(OLD),
      'shop-production-green': running(NEW),
    });
  });

  test('nginx -s reload fails: the previous files are put back and the error says why', async () => {
    const { host, table, run } = server();
    host.files.set(INCLUDE, '# an older include\n');
    host.on('nginx -s reload', failed('nginx: [alert] kill(100, 1) failed (1: Operation not permitted)'));
    const first = await run(OLD);
    expect(first.error?.message).toBe(
      'nginx -s reload failed: nginx: [alert] kill(100, 1) failed (1: Operation not permitted)',
    );
    expect(host.files.get(INCLUDE)).toBe('# an older include\n');
    expect(table.containers.size).toBe(0);
  });

  test("pruning keeps both colours' images, whatever their age", async () => {
    const { host, table, run } = server();
    await run(OLD);
    await run(NEW);
    const third = `registry.example.com/shop@sha256:${'3'.repeat(64)}`;
    const older = `registry.example.com/shop@sha256:${'0'.repeat(64)}`;
    table.images.add(third);
    // newest first; NEW (the kept green's) is listed last, as an image pulled long ago would be
    table.imageIds = [imageIdOf(third), imageIdOf(older), imageIdOf(OLD), imageIdOf(NEW)];
    await run(third, 'deploy', { 'keep-images': '1' });
    expect(host.commands(/^docker (image rm|container inspect) /)).toEqual([
      'docker container inspect shop-production-blue shop-production-green',
      `docker image rm ${imageIdOf(older)}`,
      `docker image rm ${imageIdOf(OLD)}`,
    ]);
  });

  test('rollback while the kept colour is still running (a deploy cut short): stopped first, then started', async () => {
    const { table, run } = server();
    await run(OLD);
    await run(NEW);
    table.containers.set('shop-production-blue', running(OLD));
    const back = await run(OLD, 'rollback');
    expect(back.error).toBeUndefined();
    expect(back.calls().filter((c) => /^docker (stop|start|container wait) /.test(c))).toEqual([
      'docker stop --time 1 shop-production-blue', // an SSH host hands no stop to its engine: none is under way
      'docker start shop-production-blue',
      'docker stop --time 1 shop-production-green',
    ]);
  });
});
