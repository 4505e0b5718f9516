/**
 * doctor's checks of nginx over a scripted host: each probe's argv gets nginx's (or sudo's) own answer,
 * and the check's verdict is compared whole.
 */
import { describe, expect, test } from '@jest/globals';
import {
  checkNginx,
  checkNginxConfig,
  checkNginxReload,
  checkUpstreamIncluded,
  checkUpstreamWritable,
  sudoersRule,
} from '../../src/doctor/nginx-checks.js';
import { enoent, failed, ran, ScriptedHost, type Answer } from '../helpers/scripted-host.js';
import { DEBIAN_DUMP } from '../helpers/tool-output.js';

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
