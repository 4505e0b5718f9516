/**
 * doctor's checks over a scripted host: each probe's argv gets a real-shaped answer (Docker's and
 * nginx's own messages, /proc/net/tcp lines, df -P output), and the check's verdict is compared whole.
 */
import { describe, expect, test } from '@jest/globals';
import {
  checkDisk,
  checkDocker,
  checkNginx,
  checkNginxConfig,
  checkNginxReload,
  checkPorts,
  checkRunner,
  checkUpstreamIncluded,
  checkUpstreamWritable,
  examineHost,
  resolveDoctorSettings,
  runnerRoots,
  runsNode24,
  sudoersRule,
  type DoctorSettings,
} from '../../src/commands/doctor.js';
import { ConfigurationError } from '../../src/errors.js';
import type { ExecOptions, ExecResult } from '../../src/exec.js';
import { readInputs, type InputName } from '../../src/inputs.js';
import type { Host, HttpAnswer } from '../../src/remote/host.js';
import { DEBIAN_DUMP, DF, TCP, TCP6 } from '../helpers/tool-output.js';

type Answer = ExecResult | Error;
const ran = (stdout = '', code = 0, stderr = ''): ExecResult => ({ code, stdout, stderr });
const failed = (stderr: string, code = 1): ExecResult => ({ code, stdout: '', stderr });
const enoent = (file: string): Error => Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' });

/** A host whose commands answer by their argv (joined by spaces) and whose files are a map. */
class ScriptedHost implements Host {
  readonly label = 'this host';
  readonly remote = false;
  readonly calls: string[] = [];
  constructor(
    private readonly answers: Record<string, Answer>,
    private readonly files: Record<string, string> = {},
  ) {}
  async exec(argv: readonly string[], _options?: ExecOptions): Promise<ExecResult> {
    const key = argv.join(' ');
    this.calls.push(key);
    const answer = this.answers[key] ?? enoent(argv[0] ?? '');
    if (answer instanceof Error) throw answer;
    return answer;
  }
  async readFile(file: string): Promise<string | undefined> {
    return this.files[file];
  }
  writeFile(): Promise<void> {
    throw new Error('doctor must not write');
  }
  appendFile(): Promise<void> {
    throw new Error('doctor must not write');
  }
  makeDirExclusive(): Promise<boolean> {
    throw new Error('doctor must not write');
  }
  remove(): Promise<void> {
    throw new Error('doctor must not remove');
  }
  makeTempDir(): Promise<string> {
    throw new Error('not used');
  }
  httpGet(): Promise<HttpAnswer> {
    throw new Error('not used');
  }
  defaultStateRoot(): string {
    return '/var/lib/deploy/.berth';
  }
  copyDirFrom(): Promise<void> {
    throw new Error('doctor must not write');
  }
  switchSymlink(): Promise<void> {
    throw new Error('doctor must not write');
  }
  readSymlink(): Promise<string | undefined> {
    throw new Error('not used');
  }
  async close(): Promise<void> {}
}

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

describe('nginx: present, nginx -t, reload', () => {
  const CMD = 'nginx -p /srv/nginx/ -c conf/nginx.conf';
  const V = `${CMD} -V`;
  const versionInfo =
    'nginx version: nginx/1.22.1\nconfigure arguments: --prefix=/usr/share/nginx --pid-path=/run/nginx.pid';
  const dump =
    '# configuration file /srv/nginx/conf/nginx.conf:\npid /srv/nginx/logs/nginx.pid;\nhttp {\n}\n';

  test.each<[string, string, Answer, object]>([
    [
      'present',
      CMD,
      failed('nginx version: nginx/1.22.1', 0),
      { status: 'ok', found: `nginx/1.22.1 (nginx-command: ${CMD})` },
    ],
    [
      'not installed',
      'nginx',
      enoent('nginx'),
      { status: 'fail', found: 'nginx: not found', command: 'sudo apt-get install -y nginx' },
    ],
    [
      'sudo wants a password',
      'sudo nginx',
      failed(
        'sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper\nsudo: a password is required',
      ),
      {
        status: 'fail',
        found: 'sudo nginx: sudo: a password is required',
        command: sudoersRule('deploy'),
      },
    ],
  ])('nginx %s', async (_, command, answer, expected) => {
    const host = new ScriptedHost({ [`${command} -v`]: answer, 'id -un': ran('deploy\n') });
    const result = await checkNginx(host, command, 'deploy');
    expect(result).toMatchObject({ check: 'nginx', ...expected });
  });

  test.each<[string, Answer, object]>([
    [
      'passes',
      failed('nginx: the configuration file /srv/nginx/conf/nginx.conf syntax is ok', 0),
      { status: 'ok' },
    ],
    [
      'a system nginx tested by an unprivileged user: sudo and a sudoers rule',
      failed(
        'nginx: [alert] could not open error log file: open() "/var/log/nginx/error.log" failed (13: Permission denied)\n2026/11/22 21:00:00 [emerg] 123#123: open() "/run/nginx.pid" failed (13: Permission denied)\nnginx: configuration file /etc/nginx/nginx.conf test failed',
      ),
      {
        status: 'fail',
        found: 'nginx: configuration file /etc/nginx/nginx.conf test failed',
        command:
          'deploy ALL=(root) NOPASSWD: /usr/sbin/nginx -t, /usr/sbin/nginx -T, /usr/sbin/nginx -V, /usr/sbin/nginx -s reload',
      },
    ],
    [
      'a broken configuration: nginx’s own words',
      failed(
        'nginx: [emerg] unknown directive "proxy_pas" in /srv/nginx/conf/nginx.conf:12\nnginx: configuration file /srv/nginx/conf/nginx.conf test failed',
      ),
      {
        status: 'fail',
        found:
          'nginx: [emerg] unknown directive "proxy_pas" in /srv/nginx/conf/nginx.conf:12 | nginx: configuration file /srv/nginx/conf/nginx.conf test failed',
      },
    ],
  ])('nginx -t %s', async (_, answer, expected) => {
    const host = new ScriptedHost({ [`${CMD} -t`]: answer });
    expect(await checkNginxConfig(host, CMD, 'deploy')).toMatchObject({ check: 'nginx -t', ...expected });
  });

  test.each<[string, string, Record<string, Answer>, Record<string, string>, object]>([
    [
      'running, and this user may signal its master',
      CMD,
      { [V]: failed(versionInfo, 0), 'sh -c kill -0 "$1" sh 4242': ran() },
      { '/srv/nginx/logs/nginx.pid': '4242\n' },
      { status: 'ok', found: "may signal nginx's master (pid 4242)" },
    ],
    [
      'not running: no pid in the pid file the config names',
      CMD,
      { [V]: failed(versionInfo, 0) },
      {},
      {
        status: 'fail',
        found: 'nginx is not running (no pid in /srv/nginx/logs/nginx.pid)',
        command: 'sudo systemctl enable --now nginx',
      },
    ],
    [
      "another user's master: sudo, with a sudoers rule",
      CMD,
      {
        [V]: failed(versionInfo, 0),
        'sh -c kill -0 "$1" sh 4242': failed('sh: 1: kill: Operation not permitted'),
      },
      { '/srv/nginx/logs/nginx.pid': '4242\n' },
      {
        status: 'fail',
        found: "deploy may not signal nginx's master (pid 4242, another user's)",
        command: sudoersRule('deploy'),
      },
    ],
    [
      'sudo nginx: sudo -l says -s reload is allowed',
      'sudo -n nginx',
      {
        'sudo -n nginx -V': failed(versionInfo, 0),
        'sudo -n -l nginx -s reload': ran('/usr/sbin/nginx -s reload\n'),
      },
      { '/srv/nginx/logs/nginx.pid': '4242\n' },
      { status: 'ok', found: 'sudo allows "nginx -s reload" (master pid 4242)' },
    ],
    [
      'sudo nginx: not allowed without a password',
      'sudo nginx',
      {
        'sudo nginx -V': failed(versionInfo, 0),
        'sudo -n -l nginx -s reload': failed('sudo: a password is required'),
      },
      { '/srv/nginx/logs/nginx.pid': '4242\n' },
      { status: 'fail', found: 'sudo nginx: sudo: a password is required', command: sudoersRule('deploy') },
    ],
  ])('reload: %s', async (_, command, answers, files, expected) => {
    const host = new ScriptedHost(answers, files);
    expect(await checkNginxReload(host, command, dump, 'deploy')).toMatchObject({
      check: 'nginx reload',
      ...expected,
    });
  });

  test('reload: the compiled-in pid path when nginx -T could not be read', async () => {
    const host = new ScriptedHost({ 'nginx -V': failed(versionInfo, 0) }, {});
    expect((await checkNginxReload(host, 'nginx', undefined, 'deploy')).found).toBe(
      'nginx is not running (no pid in /run/nginx.pid)',
    );
  });
});

describe('the upstream include', () => {
  const NEAREST =
    'sh -c d=$1; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; echo "$d"; [ -d "$d" ] && [ -w "$d" ] && [ -x "$d" ] sh';
  test.each<[string, string, Answer, object]>([
    [
      'the directory exists and is writable',
      '/etc/nginx/berth/backend-production.conf',
      ran('/etc/nginx/berth\n'),
      { status: 'ok', found: '/etc/nginx/berth: writable' },
    ],
    [
      'not there yet, and its parent is writable: berth creates it',
      '/srv/nginx/berth/app.conf',
      ran('/srv/nginx\n'),
      { status: 'ok', found: '/srv/nginx/berth: not there yet; berth creates it (/srv/nginx is writable)' },
    ],
    [
      'not writable: the directory for the runner’s user',
      '/etc/nginx/conf.d/berth-backend.conf',
      ran('/etc/nginx/conf.d\n', 1),
      {
        status: 'fail',
        found: '/etc/nginx/conf.d: not writable by deploy',
        command: 'sudo install -d -o deploy /etc/nginx/conf.d',
      },
    ],
    [
      'no input: README’s directory, which does not exist and cannot be made',
      '',
      ran('/etc/nginx\n', 1),
      {
        status: 'fail',
        found:
          'nginx-upstream-file not given; /etc/nginx/berth: not there, and /etc/nginx is not writable by deploy',
        command: 'sudo install -d -o deploy /etc/nginx/berth',
      },
    ],
  ])('%s', async (_, file, answer, expected) => {
    const dir = file === '' ? '/etc/nginx/berth' : file.slice(0, file.lastIndexOf('/'));
    const host = new ScriptedHost({ [`${NEAREST} ${dir}`]: answer });
    expect(await checkUpstreamWritable(host, file, 'deploy')).toMatchObject({
      check: 'upstream include writable',
      ...expected,
    });
  });

  test.each<[string, string | undefined, object]>([
    [
      '/etc/nginx/conf.d/berth.conf',
      DEBIAN_DUMP,
      { status: 'ok', found: 'included: /etc/nginx/conf.d/berth.conf' },
    ],
    [
      '',
      DEBIAN_DUMP,
      {
        status: 'warn',
        found: "no include directive of nginx's configuration names /etc/nginx/berth/*.conf",
        command: 'include /etc/nginx/berth/*.conf;',
      },
    ],
    ['/etc/nginx/conf.d/berth.conf', undefined, { status: 'skipped' }],
  ])('checkUpstreamIncluded %j', (file, dump, expected) => {
    expect(checkUpstreamIncluded(file, dump)).toMatchObject(expected);
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

describe('resolveDoctorSettings', () => {
  const inputs = (values: Partial<Record<InputName, string>>) =>
    readInputs({
      getInput: (name) => ({ command: 'doctor', ...values })[name] ?? '',
      setSecret: () => undefined,
    });

  test('no inputs: README’s ports and directory', () => {
    expect(resolveDoctorSettings(inputs({}))).toEqual({
      docker: 'docker',
      nginxCommand: 'nginx',
      upstreamFile: '',
      ports: [
        { port: 18080, input: 'blue-port' },
        { port: 18081, input: 'green-port' },
      ],
      bindAddress: '127.0.0.1',
      nginx: true,
    });
  });

  test('the deploy inputs', () => {
    expect(
      resolveDoctorSettings(
        inputs({
          'blue-port': '28080',
          'green-port': '28081',
          'nginx-upstream-file': '/etc/nginx/berth/api.conf',
          'nginx-command': 'sudo nginx',
        }),
      ),
    ).toMatchObject({
      nginxCommand: 'sudo nginx',
      upstreamFile: '/etc/nginx/berth/api.conf',
      ports: [
        { port: 28080, input: 'blue-port' },
        { port: 28081, input: 'green-port' },
      ],
    });
  });

  test('strategy recreate: no nginx, and a port only when one is given', () => {
    expect(resolveDoctorSettings(inputs({ strategy: 'recreate' }))).toMatchObject({
      nginx: false,
      ports: [],
    });
  });

  test('the same port twice is a configuration error', () => {
    expect(() => resolveDoctorSettings(inputs({ 'blue-port': '18080', 'green-port': '18080' }))).toThrow(
      new ConfigurationError(
        'blue-port / green-port: must differ (both are 18080); two containers never share a port',
      ),
    );
  });
});

describe('examineHost', () => {
  test('no docker and no nginx: two failures with their fixes, the checks that need them skipped', async () => {
    const host = new ScriptedHost(
      {
        'id -un': ran('deploy\n'),
        'sh -c d=$1; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; df -Pk "$d" sh /var/lib/docker': ran(
          'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda 100000000 1 90000000 1% /\n',
        ),
      },
      { '/proc/net/tcp': '  sl  local_address rem_address   st\n' },
    );
    const settings: DoctorSettings = resolveDoctorSettings(
      readInputs({ getInput: (n) => (n === 'command' ? 'doctor' : ''), setSecret: () => undefined }),
    );
    const report = await examineHost(host, settings, {
      builder: async () => ({ check: 'BuildKit / buildx', status: 'ok', found: 'never asked', fix: '' }),
    });
    expect(report.user).toBe('deploy');
    expect(report.checks.map((c) => [c.check, c.status])).toEqual([
      ['Docker engine', 'fail'],
      ['BuildKit / buildx', 'skipped'],
      ['nginx', 'fail'],
      ['nginx -t', 'skipped'],
      ['nginx reload', 'skipped'],
      ['upstream include writable', 'skipped'],
      ["upstream include in nginx's config", 'skipped'],
      ["nginx's workers see the switch", 'skipped'],
      ['port 18080 (blue-port)', 'ok'],
      ['port 18081 (green-port)', 'ok'],
      ['disk space for images', 'ok'],
    ]);
    // It only asked: nothing was written (the scripted host throws on any write).
    expect(host.calls).not.toContain('docker ps --filter label=berth.app --format {{.Names}}\t{{.Ports}}');
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
