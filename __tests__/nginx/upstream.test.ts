import { expect, test } from '@jest/globals';
import { nginxArgv, resolvePidFile } from '../../src/nginx/control.js';
import { defaultUpstreamName, parseUpstreamPort, renderUpstream } from '../../src/nginx/upstream.js';

test('renderUpstream', () => {
  expect(renderUpstream('shop_production', '127.0.0.1', 18081, 'shop production: green')).toBe(
    [
      '# Managed by berth (shop production: green). Do not edit: berth rewrites this file on every deploy.',
      'upstream shop_production {',
      '    server 127.0.0.1:18081 max_fails=0;',
      '    keepalive 16;',
      '}',
      '',
    ].join('\n'),
  );
  expect(parseUpstreamPort(renderUpstream('a', '127.0.0.1', 18081, 'x'))).toBe(18081);
});

test.each([
  ['shop', 'production', 'shop_production'],
  ['shop-api', 'dev.1', 'shop_api_dev_1'],
])('defaultUpstreamName(%s, %s)', (app, env, name) => {
  expect(defaultUpstreamName(app, env)).toBe(name);
});

test.each([
  ['nginx', ['nginx', '-t']],
  ['sudo nginx', ['sudo', 'nginx', '-t']],
  [
    '  nginx -p /srv/nginx   -c conf/nginx.conf ',
    ['nginx', '-p', '/srv/nginx', '-c', 'conf/nginx.conf', '-t'],
  ],
])('nginxArgv(%j)', (command, argv) => {
  expect(nginxArgv(command, '-t')).toEqual(argv);
});

test('nginxArgv refuses an empty command', () => {
  expect(() => nginxArgv('  ', '-t')).toThrow(
    'nginx-command: empty; expected e.g. "nginx" or "sudo nginx -p /srv/nginx"',
  );
});

test.each([
  [
    'the pid directive, absolute',
    'nginx',
    'user www;\npid /run/nginx.pid;\n',
    '--pid-path=/var/run/nginx.pid',
    '/run/nginx.pid',
  ],
  [
    'the pid directive, relative to -p',
    'nginx -p /srv/ng -c conf/nginx.conf',
    '  pid logs/nginx.pid;',
    '--prefix=/usr/share/nginx',
    '/srv/ng/logs/nginx.pid',
  ],
  [
    'the compiled-in path',
    'nginx',
    'events {}',
    'configure arguments: --prefix=/usr/share/nginx --pid-path=/run/nginx.pid',
    '/run/nginx.pid',
  ],
  ['nothing known', 'nginx', '', '', undefined],
])('resolvePidFile: %s', (_name, command, dumped, version, pid) => {
  expect(resolvePidFile(command, dumped, version)).toBe(pid);
});
