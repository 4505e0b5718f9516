import { describe, expect, test } from '@jest/globals';
import {
  dumpedFiles,
  findBerthIncludes,
  includeDirectives,
  includesFile,
  includesUnder,
  pidDirective,
  userDirective,
} from '../../src/nginx/config-dump.js';
import { renderServerBlock } from '../../src/nginx/server-block.js';
import { renderSwitchInclude } from '../../src/nginx/upstream.js';
import { captured, DEBIAN_DUMP } from '../helpers/tool-output.js';

/** `nginx -T` of a test configuration with one berth include (nginx 1.22.1). */
const REAL = captured('nginx-T.txt');

test('findBerthIncludes: berth’s includes in nginx -T output, the switch and an earlier berth’s; not its server blocks', () => {
  const switchInclude = renderSwitchInclude({
    name: 'shop_production',
    address: '127.0.0.1',
    ports: { blue: 18080, green: 18081 },
    entryPort: 24117,
    marker: '/etc/nginx/berth/shop.conf.green',
    token: '0123456789abcdef',
    note: 'shop production',
    upstreamKeepaliveTimeout: true,
  });
  const legacy =
    '# Managed by berth (api staging: green). Do not edit: berth rewrites this file on every deploy.\nupstream api_staging {\n    server 127.0.0.1:18091 max_fails=0;\n    keepalive 16;\n}\n';
  const block = renderServerBlock({
    serverNames: ['dev.example.com'],
    listen: ['80'],
    upstreamName: 'api_staging',
    allow: [],
    comment: 'api staging',
  });
  const dump = [
    'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok',
    '# configuration file /etc/nginx/nginx.conf:',
    'user www-data;\nhttp { include /etc/nginx/berth/*.conf; }\n',
    '# configuration file /etc/nginx/berth/shop.conf:',
    switchInclude,
    '# configuration file /etc/nginx/berth/api.conf:',
    legacy,
    '# configuration file /etc/nginx/conf.d/berth-api-staging.conf:',
    block,
    '# configuration file /etc/nginx/mime.types:',
    'types { text/html html; }',
  ].join('\n');
  expect(findBerthIncludes(dump).map(({ file, note, name }) => ({ file, note, name }))).toEqual([
    { file: '/etc/nginx/berth/shop.conf', note: 'shop production', name: 'shop_production' },
    { file: '/etc/nginx/berth/api.conf', note: 'api staging', name: 'api_staging' },
  ]);
  expect(findBerthIncludes('')).toEqual([]);
});

test.each<[string, boolean]>([
  ['/etc/nginx/conf.d/berth-backend.conf', true], // conf.d/*.conf
  ['/etc/nginx/sites-enabled/backend', true], // relative to the main file's directory
  ['/etc/nginx/snippets/berth1.conf', true], // [0-9], after a brace on the same line
  ['/etc/nginx/snippets/berthx.conf', false],
  ['/etc/nginx/berth/old.conf', false], // only in a comment
  ['/etc/nginx/conf.d/sub/berth.conf', false], // * does not cross /
])('includesFile %s → %s', (file, expected) => {
  expect(includesFile(DEBIAN_DUMP, file)).toBe(expected);
});

test('a file nginx read is included whatever the directive looked like', () => {
  const dump = '# configuration file /srv/a.conf:\nupstream x { server 127.0.0.1:1; }\n';
  expect(includesFile(dump, '/srv/a.conf')).toBe(true);
});

test.each<[string, boolean]>([
  ['/etc/nginx/conf.d', true],
  ['/etc/nginx/berth', false],
])('includesUnder %s → %s', (dir, expected) => {
  expect(includesUnder(DEBIAN_DUMP, dir)).toBe(expected);
});

describe('dumpedFiles', () => {
  test.each<[string, string, Array<[string, string]>]>([
    [
      'nginx 1.22.1: the main file, then the include it read',
      REAL,
      [
        ['/srv/nginx/nginx.conf', '# berth doctor test config'],
        [
          '/srv/nginx/berth/shop.conf',
          '# Managed by berth (shop production: green). Do not edit: berth rewrites this file on every deploy.',
        ],
      ],
    ],
    [
      'a file with no content',
      '# configuration file /etc/nginx/nginx.conf:\n\n# configuration file /etc/nginx/empty.conf:\n\n',
      [
        ['/etc/nginx/nginx.conf', ''],
        ['/etc/nginx/empty.conf', ''],
      ],
    ],
    [
      'no headers: nothing nginx read',
      'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n',
      [],
    ],
  ])('%s', (_, dump, expected) => {
    expect(dumpedFiles(dump).map((f) => [f.file, f.text.split('\n')[0]])).toEqual(expected);
  });

  test('a file’s content runs to the next header', () => {
    expect(dumpedFiles(REAL)[1]?.text).toBe(
      '# Managed by berth (shop production: green). Do not edit: berth rewrites this file on every deploy.\nupstream shop_production {\n    server 127.0.0.1:18080 max_fails=0;\n    keepalive 16;\n}\n\n',
    );
  });
});

test.each<[string, string, string | undefined]>([
  ['nginx 1.22.1', REAL, '/srv/nginx/nginx.pid'],
  ['relative, indented', 'events {}\n  pid logs/nginx.pid;\n', 'logs/nginx.pid'],
  ['spaces before the semicolon', 'pid /run/nginx.pid ;\n', '/run/nginx.pid'],
  ['only in a comment', '# pid /run/other.pid;\nevents {}\n', undefined],
  ['none', DEBIAN_DUMP, undefined],
])('pidDirective: %s', (_, dump, expected) => {
  expect(pidDirective(dump)).toBe(expected);
});

test.each<[string, string, object | undefined]>([
  ['nginx 1.22.1: a user', REAL, { user: 'www-data' }],
  ['a user and a group', 'user nginx web;\nevents {}\n', { user: 'nginx', group: 'web' }],
  ['indented', '  user www-data;\n', { user: 'www-data' }],
  ['only in a comment', '# user nobody;\n', undefined],
  ['none', 'events {}\n', undefined],
])('userDirective: %s', (_, dump, expected) => {
  expect(userDirective(dump)).toEqual(expected);
});

test.each<[string, string, string[]]>([
  ['nginx 1.22.1: the commented-out include is not one', REAL, ['/srv/nginx/berth/*.conf']],
  [
    'Debian’s layout: relative to the main file’s directory, after a brace',
    DEBIAN_DUMP,
    [
      '/etc/nginx/modules-enabled/*.conf',
      '/etc/nginx/mime.types',
      '/etc/nginx/conf.d/*.conf',
      '/etc/nginx/sites-enabled/*',
      '/etc/nginx/snippets/berth[0-9].conf',
    ],
  ],
  [
    'quoted arguments',
    '# configuration file /srv/ng/nginx.conf:\nhttp { include "conf d/*.conf";\n  include \'x.conf\'; }\n',
    ['/srv/ng/conf d/*.conf', '/srv/ng/x.conf'],
  ],
  ['no header: relative to /etc/nginx', 'include berth/*.conf;\n', ['/etc/nginx/berth/*.conf']],
  [
    'two on one line: the second is found too',
    'http { include a.conf; include b.conf; }\n',
    ['/etc/nginx/a.conf', '/etc/nginx/b.conf'],
  ],
])('includeDirectives: %s', (_, dump, expected) => {
  expect(includeDirectives(dump)).toEqual(expected);
});

test('findBerthIncludes: nginx 1.22.1’s dump of an earlier berth’s include', () => {
  expect(findBerthIncludes(REAL).map(({ file, note, name }) => ({ file, note, name }))).toEqual([
    { file: '/srv/nginx/berth/shop.conf', note: 'shop production', name: 'shop_production' },
  ]);
});
