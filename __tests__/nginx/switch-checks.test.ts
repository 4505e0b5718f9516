import { expect, test } from '@jest/globals';
import { findBerthIncludes } from '../../src/nginx/switch-checks.js';
import { renderServerBlock } from '../../src/nginx/server-block.js';
import { renderSwitchInclude } from '../../src/nginx/upstream.js';

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
