/**
 * doctor's checks of the host over a scripted host: each probe's argv gets a real-shaped answer (Docker's
 * own messages, /proc/net/tcp lines, df -P output), and the check's verdict is compared whole.
 */
import { describe, expect, test } from '@jest/globals';
import {
  checkDisk,
  checkDocker,
  checkPorts,
  checkRunner,
  runnerRoots,
  runsNode24,
} from '../../src/doctor/checks.js';
import { enoent, failed, ran, ScriptedHost, type Answer } from '../helpers/scripted-host.js';
import { DF, TCP, TCP6 } from '../helpers/tool-output.js';

const DOCKER_VERSION = 'docker version --format {{.Server.Version}}|{{.Client.Version}}';
const CANNOT_CONNECT =
  'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
const PERMISSION =
  'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.24/version": dial unix /var/run/docker.sock: connect: permission denied';

describe('checkDocker', () => {
  test.each<[string, Answer, object]>([
    [
      'the engine answers: its version and the client’s',
      ran('20.10.24+dfsg1|28.2.2\n'),
      { status: 'ok', found: 'engine 20.10.24+dfsg1, client 28.2.2', fix: '' },
    ],
    [
      'no docker on PATH (spawn fails)',
      enoent('docker'),
      {
        status: 'fail',
        found: 'docker: not found',
        command: 'sudo apt-get install -y docker.io',
      },
    ],
    [
      'no docker on an SSH host (the shell says 127)',
      failed('sh: 1: docker: not found', 127),
      { status: 'fail', found: 'docker: not found', command: 'sudo apt-get install -y docker.io' },
    ],
    [
      'the engine is not running',
      failed(CANNOT_CONNECT),
      {
        status: 'fail',
        found: `no engine answers: ${CANNOT_CONNECT}`,
        command: 'sudo systemctl enable --now docker',
      },
    ],
    [
      'the user is not in the docker group',
      failed(`WARNING: Error loading config file\n${PERMISSION}`),
      {
        status: 'fail',
        found: `the engine refuses this user: ${PERMISSION}`,
        command: 'sudo usermod -aG docker "$USER"',
      },
    ],
  ])('%s', async (_, answer, expected) => {
    const host = new ScriptedHost({ [DOCKER_VERSION]: answer });
    expect(await checkDocker(host, 'docker')).toMatchObject({ check: 'Docker engine', ...expected });
  });
});

describe('ports', () => {
  const settings = {
    docker: 'docker',
    bindAddress: '127.0.0.1',
    ports: [
      { port: 40673, input: 'blue-port' },
      { port: 18081, input: 'green-port' },
    ],
  };
  const PS = 'docker ps --filter label=berth.app --format {{.Names}}\t{{.Ports}}';

  test('a port something else listens on fails; a free one passes', async () => {
    const host = new ScriptedHost({ [PS]: ran('') }, { '/proc/net/tcp': TCP, '/proc/net/tcp6': TCP6 });
    expect(await checkPorts(host, settings, true)).toEqual([
      {
        check: 'port 40673 (blue-port)',
        status: 'fail',
        found: 'in use: something listens on 127.0.0.1:40673',
        fix: "choose another blue-port, or stop what listens there (to see what: sudo ss -ltnp 'sport = :40673')",
      },
      { check: 'port 18081 (green-port)', status: 'ok', found: 'free on 127.0.0.1', fix: '' },
    ]);
  });

  test("a port held by berth's own container is fine: the next deploy replaces it", async () => {
    const host = new ScriptedHost(
      { [PS]: ran('backend-production-blue\t127.0.0.1:40673->8080/tcp\n') },
      { '/proc/net/tcp': TCP },
    );
    expect((await checkPorts(host, settings, true))[0]).toMatchObject({
      status: 'ok',
      found: "held by berth's backend-production-blue (replaced at the next deploy)",
    });
  });

  test('no /proc: skipped, not guessed', async () => {
    const host = new ScriptedHost({});
    expect((await checkPorts(host, settings, false)).map((c) => c.status)).toEqual(['skipped', 'skipped']);
  });
});

describe('disk', () => {
  const probes = (df: Answer) => ({
    'docker info --format {{.DockerRootDir}}': ran('/var/lib/docker\n'),
    'sh -c d=$1; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; df -Pk "$d" sh /var/lib/docker': df,
  });
  const thresholds = { fail: 1024 ** 3, warn: 5 * 1024 ** 3 };
  test.each<[string, Answer, object]>([
    [
      'plenty',
      ran(DF(75439428)),
      { status: 'ok', found: "71.9 GiB free on /var/lib/docker (Docker's data: /var/lib/docker)" },
    ],
    [
      'under the warning line',
      ran(DF(3 * 1024 * 1024)),
      { status: 'warn', command: 'docker image prune -a' },
    ],
    [
      'under the failing line',
      ran(DF(500 * 1024)),
      { status: 'fail', found: "500 MiB free on /var/lib/docker (Docker's data: /var/lib/docker)" },
    ],
    [
      'df fails',
      failed('df: cannot read table of mounted file systems'),
      {
        status: 'warn',
        found: 'df failed for /var/lib/docker: df: cannot read table of mounted file systems',
      },
    ],
  ])('checkDisk: %s', async (_, df, expected) => {
    const host = new ScriptedHost(probes(df));
    expect(await checkDisk(host, 'docker', true, thresholds)).toMatchObject({
      check: 'disk space for images',
      ...expected,
    });
  });
});

describe('the self-hosted runner runs node24 actions (runner 2.327.1 or later)', () => {
  test.each<[string, boolean | undefined]>([
    ['2.327.1', true],
    ['2.330.0', true],
    ['3.0.0', true],
    ['2.327.0', false],
    ['2.326.9', false],
    ['2.99.99', false],
    ['v2.328.0', true],
    ['', undefined],
    ['unknown', undefined],
  ])('runsNode24(%j) is %j', (version, expected) => {
    expect(runsNode24(version)).toBe(expected);
  });

  test.each<[string, string, string[]]>([
    [
      '/home/runner/actions-runner/externals/node24/bin/node',
      '/home/deploy',
      ['/home/runner/actions-runner', '/home/deploy/actions-runner'],
    ],
    ['/usr/bin/node', '/home/deploy', ['/home/deploy/actions-runner']],
    [
      '/home/deploy/actions-runner/externals/node20/bin/node',
      '/home/deploy',
      ['/home/deploy/actions-runner'],
    ],
  ])('runnerRoots(%j, %j)', (execPath, home, expected) => {
    expect(runnerRoots(execPath, home)).toEqual(expected);
  });

  const listener = (root: string) => `${root}/bin/Runner.Listener --version`;
  test.each<[string, Record<string, Answer>, object]>([
    [
      'a current runner',
      { [listener('/r')]: ran('2.330.0\n') },
      { status: 'ok', found: 'runner 2.330.0 in /r', fix: '' },
    ],
    [
      'a runner too old for node24',
      { [listener('/r')]: ran('2.325.0\n') },
      {
        status: 'fail',
        found: 'runner 2.325.0 in /r',
        fix: expect.stringContaining('needs runner 2.327.1 or later'),
      },
    ],
    [
      'the second place holds it',
      { [listener('/home/u/actions-runner')]: ran('2.328.0\n') },
      { status: 'ok', found: 'runner 2.328.0 in /home/u/actions-runner' },
    ],
    [
      'no runner here',
      {},
      { status: 'skipped', found: 'no runner found in /r or /home/u/actions-runner', fix: '' },
    ],
    [
      'a version it cannot read',
      { [listener('/r')]: ran('?\n') },
      { status: 'warn', found: 'runner ? in /r' },
    ],
  ])('checkRunner: %s', async (_name, answers, expected) => {
    expect(await checkRunner(new ScriptedHost(answers), ['/r', '/home/u/actions-runner'])).toMatchObject(
      expected,
    );
  });
});
