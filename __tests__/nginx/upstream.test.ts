import { describe, expect, test } from '@jest/globals';
import { nginxArgv, parseNginxVersion, parseProcessIds, resolvePidFile } from '../../src/nginx/control.js';
import {
  chooseEntryPort,
  colourUpstream,
  defaultUpstreamName,
  markerFor,
  parseLegacyUpstreamPort,
  parseProbeAnswer,
  parseSwitchInclude,
  renderSwitchInclude,
  supportsUpstreamKeepaliveTimeout,
  type SwitchInclude,
} from '../../src/nginx/upstream.js';

const SHOP: SwitchInclude = {
  name: 'shop_production',
  address: '127.0.0.1',
  ports: { blue: 18080, green: 18081 },
  entryPort: 24117,
  marker: '/etc/nginx/berth/shop-production.conf.green',
  token: '0123456789abcdef',
  note: 'shop production',
  upstreamKeepaliveTimeout: true,
};

describe('renderSwitchInclude', () => {
  const text = renderSwitchInclude(SHOP);
  const lines = text.split('\n');

  test('two colour upstreams with their own keep-alive pools, and the entry upstream server blocks proxy to', () => {
    expect(text).toContain(
      [
        'upstream shop_production_blue {',
        '    server 127.0.0.1:18080 max_fails=0;',
        '    keepalive 16;',
        '    keepalive_timeout 300ms;',
        '}',
        'upstream shop_production_green {',
        '    server 127.0.0.1:18081 max_fails=0;',
        '    keepalive 16;',
        '    keepalive_timeout 300ms;',
        '}',
      ].join('\n'),
    );
    expect(text).toContain(
      [
        'upstream shop_production {',
        '    server 127.0.0.1:24117 max_fails=0;',
        '    keepalive 32;',
        '}',
      ].join('\n'),
    );
  });

  test('the switch: green while the marker exists, blue otherwise; the probe answers only with the token', () => {
    expect(text).toContain(
      [
        '    set $berth_shop_production shop_production_blue;',
        '    if (-f /etc/nginx/berth/shop-production.conf.green) {',
        '        set $berth_shop_production shop_production_green;',
        '    }',
        '    if ($http_x_berth_probe = "0123456789abcdef") {',
        '        return 200 "$berth_shop_production\\n";',
        '    }',
      ].join('\n'),
    );
    expect(lines).toContain('    listen 127.0.0.1:24117;');
    expect(lines).toContain('        proxy_pass http://$berth_shop_production;');
  });

  test('the switch passes requests on as they came and lets the server block in front decide limits', () => {
    for (const line of [
      '    open_file_cache off;', // the marker is tested on every request, never from a cache
      '    client_max_body_size 0;',
      '    underscores_in_headers on;',
      '    ignore_invalid_headers off;',
      '        proxy_set_header Host $http_host;',
      '        proxy_set_header Upgrade $http_upgrade;',
      '        proxy_set_header Connection $berth_shop_production_connection;',
      '        proxy_request_buffering off;',
      '        proxy_buffering off;',
      '        proxy_redirect off;',
      '        proxy_pass_header X-Accel-Redirect;',
    ])
      expect(lines).toContain(line);
    expect(text).toContain('map $http_upgrade $berth_shop_production_connection {');
    // No header of its own except these: nginx would otherwise drop the inherited proxy_set_header set.
    expect(lines.filter((l) => l.includes('proxy_set_header'))).toHaveLength(3);
  });

  test('nothing in it names the live colour: the same settings render the same bytes (no reload)', () => {
    expect(renderSwitchInclude({ ...SHOP })).toBe(text);
  });

  test('an nginx before 1.15.3: the colours get no keep-alive pool (keepalive_timeout is not allowed there)', () => {
    const old = renderSwitchInclude({ ...SHOP, upstreamKeepaliveTimeout: false });
    expect(old).not.toContain('keepalive_timeout 300ms');
    expect(old).not.toContain('keepalive 16;');
    expect(old).toContain('keepalive 32;');
  });

  test('IPv6 colours are written in brackets', () => {
    expect(renderSwitchInclude({ ...SHOP, address: '::1' })).toContain('    server [::1]:18080 max_fails=0;');
  });

  test.each<[string, Partial<SwitchInclude>, string]>([
    [
      'a name nginx cannot take',
      { name: 'shop-prod' },
      'nginx-upstream-name: expected letters, digits and "_"',
    ],
    [
      'a space in the include path',
      { marker: '/etc/nginx/my berth/x.conf.green' },
      'nginx-upstream-file: "/etc/nginx/my berth/x.conf" must be an absolute path of letters, digits and ._/@+=,-',
    ],
    [
      'a ";" in the include path',
      { marker: '/etc/nginx/x;y.conf.green' },
      'nginx-upstream-file: "/etc/nginx/x;y.conf" must be an absolute path',
    ],
    ['a relative path', { marker: 'berth/x.conf.green' }, 'nginx-upstream-file: "berth/x.conf" must be'],
    [
      'a bind address with a directive',
      { address: '127.0.0.1;evil' },
      'bind-address: expected an IP address',
    ],
    ['port 0', { ports: { blue: 0, green: 18081 } }, 'blue-port: expected a port of 1-65535, got 0'],
  ])('refuses %s', (_name, change, message) => {
    expect(() => renderSwitchInclude({ ...SHOP, ...change })).toThrow(message);
  });
});

describe('reading the include back', () => {
  test('parseSwitchInclude finds the port and token of a rendered include', () => {
    expect(parseSwitchInclude(renderSwitchInclude(SHOP), 'shop_production')).toEqual({
      entryPort: 24117,
      token: '0123456789abcdef',
    });
  });

  test.each([
    ['another name', renderSwitchInclude(SHOP), 'shop_staging'],
    [
      'an include from before the switch',
      'upstream shop_production {\n    server 127.0.0.1:18081 max_fails=0;\n    keepalive 16;\n}\n',
      'shop_production',
    ],
    ['an empty file', '', 'shop_production'],
    [
      'a switch port no TCP port can be',
      renderSwitchInclude(SHOP).replace('127.0.0.1:24117', '127.0.0.1:70000'),
      'shop_production',
    ],
  ])('parseSwitchInclude: nothing for %s', (_name, text, name) => {
    expect(parseSwitchInclude(text, name)).toBeUndefined();
  });

  test.each([
    [
      "today's berth include",
      '# Managed by berth (shop production: green).\nupstream shop_production {\n    server 127.0.0.1:18081 max_fails=0;\n    keepalive 16;\n}\n',
      18081,
    ],
    ['a hand-written one-liner', 'upstream shop_production { server 127.0.0.1:18080; }\n', 18080],
    ['a host name', 'upstream shop_production {\n  server localhost:9000 weight=2;\n}', 9000],
    ['another upstream only', 'upstream shop_productionx { server 127.0.0.1:1; }', undefined],
    ['no upstream', '# nothing', undefined],
  ])('parseLegacyUpstreamPort: %s', (_name, text, port) => {
    expect(parseLegacyUpstreamPort(text, 'shop_production')).toBe(port);
  });

  test.each([
    ['shop_production_green\n', 'green'],
    ['shop_production_blue', 'blue'],
    ['other_blue\n', undefined],
    ['<html>502</html>', undefined],
  ])('parseProbeAnswer(%j)', (body, colour) => {
    expect(parseProbeAnswer(body, 'shop_production')).toBe(colour);
  });
});

describe('the switch port', () => {
  test('stable for a name, in 20000-29999, never one that is taken', () => {
    const first = chooseEntryPort('shop_production', new Set());
    expect(first).toBeGreaterThanOrEqual(20000);
    expect(first).toBeLessThan(30000);
    expect(chooseEntryPort('shop_production', new Set())).toBe(first);
    expect(chooseEntryPort('shop_production', new Set([first]))).toBe(first === 29999 ? 20000 : first + 1);
    expect(chooseEntryPort('shop_staging', new Set())).not.toBe(first);
  });

  test('fails when the whole range is taken', () => {
    const all = new Set(Array.from({ length: 10000 }, (_, i) => 20000 + i));
    expect(() => chooseEntryPort('x', all)).toThrow(
      "no free port for nginx's switch between 20000 and 29999",
    );
  });
});

test.each([
  ['nginx version: nginx/1.22.1\n', [1, 22, 1], true],
  ['nginx version: nginx/1.15.3', [1, 15, 3], true],
  ['nginx version: nginx/1.15.2', [1, 15, 2], false],
  ['nginx version: nginx/1.14.0 (Ubuntu)', [1, 14, 0], false],
  ['nginx version: openresty/1.21.4.1', undefined, true],
])('parseNginxVersion(%j)', (text, version, supported) => {
  const parsed = parseNginxVersion(text);
  expect(parsed).toEqual(version);
  expect(supportsUpstreamKeepaliveTimeout(parsed)).toBe(supported);
});

test.each([
  ['shop', 'production', 'shop_production'],
  ['shop-api', 'dev.1', 'shop_api_dev_1'],
])('defaultUpstreamName(%s, %s)', (app, env, name) => {
  expect(defaultUpstreamName(app, env)).toBe(name);
});

test('markerFor and colourUpstream', () => {
  expect(markerFor('/etc/nginx/berth/a.conf')).toBe('/etc/nginx/berth/a.conf.green');
  expect(colourUpstream('a_b', 'green')).toBe('a_b_green');
});

test.each([
  [
    'a worker of Debian nginx',
    'Name:\tnginx\nUid:\t33\t33\t33\t33\nGid:\t33\t33\t33\t33\nGroups:\t33 \n',
    { uid: 33, gids: [33] },
  ],
  [
    'no supplementary groups',
    'Uid:\t65534\t65534\t65534\t65534\nGid:\t65534\t65534\t65534\t65534\nGroups:\t\n',
    { uid: 65534, gids: [65534] },
  ],
  [
    'the effective id counts',
    'Uid:\t0\t101\t101\t101\nGid:\t0\t102\t0\t0\nGroups:\t4 27\n',
    { uid: 101, gids: [102, 4, 27] },
  ],
  ['not a status file', 'hello', undefined],
])('parseProcessIds: %s', (_name, text, ids) => {
  expect(parseProcessIds(text)).toEqual(ids);
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
