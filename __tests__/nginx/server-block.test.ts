import { execFileSync } from 'node:child_process';
import { expect, test } from '@jest/globals';
import {
  htpasswdMatches,
  parseAccessAllow,
  parseBasicAuth,
  parseListen,
  parseServerNames,
  BCRYPT_PROBE_ARGV,
  bcryptProbeAnswered,
  renderHtpasswd,
  renderSsha,
  renderServerBlock,
  type ServerBlockOptions,
} from '../../src/nginx/server-block.js';
import { ConfigurationError } from '../../src/errors.js';

const ALLOW_FORM =
  'expected addresses or CIDRs separated by commas or spaces, e.g. 203.0.113.7, 10.0.0.0/8, 2001:db8::/32';
const BASIC_AUTH_FORM = 'expected user:password (the user without ":" or spaces)';
const SERVER_NAME_FORM =
  'expected host names separated by spaces or commas (letters, digits, "-" and ".", optionally starting with "*."), or "_"';
const LISTEN_FORM =
  'expected PORT, IPv4:PORT or [IPv6]:PORT separated by spaces or commas (port 1-65535), e.g. 8080, 127.0.0.1:8080, [::1]:8080';

test.each([
  ['', []],
  [' \n ', []],
  ['10.0.0.0/8, 203.0.113.7, 2001:db8::/32', ['10.0.0.0/8', '203.0.113.7', '2001:db8::/32']],
  ['10.0.0.0/8\n192.168.1.0/24,,127.0.0.1', ['10.0.0.0/8', '192.168.1.0/24', '127.0.0.1']],
  ['0.0.0.0/0 ::/0', ['0.0.0.0/0', '::/0']],
  ['203.0.113.7/32 2001:db8::1 ::1/128', ['203.0.113.7/32', '2001:db8::1', '::1/128']],
  ['fe80::/10 ::ffff:10.0.0.0/104', ['fe80::/10', '::ffff:10.0.0.0/104']],
])('parseAccessAllow(%j)', (text, allow) => {
  expect(parseAccessAllow(text)).toEqual(allow);
});

test.each([
  ['10.0.0.256', '"10.0.0.256" is not an IPv4/IPv6 address or CIDR'],
  ['10.0.0', '"10.0.0" is not an IPv4/IPv6 address or CIDR'],
  ['010.0.0.1', '"010.0.0.1" is not an IPv4/IPv6 address or CIDR'],
  ['example.com', '"example.com" is not an IPv4/IPv6 address or CIDR'],
  ['all', '"all" is not an IPv4/IPv6 address or CIDR'],
  ['10.0.0.0/8;', '"10.0.0.0/8;" needs a prefix length of 0-32 after "/"'],
  ['10.0.0.1;deny', '"10.0.0.1;deny" is not an IPv4/IPv6 address or CIDR'],
  ['fe80::1%eth0', '"fe80::1%eth0" is not an IPv4/IPv6 address or CIDR'],
  ['10.0.0.0/8/8', '"10.0.0.0/8/8" is not an IPv4/IPv6 address or CIDR'],
  ['10.0.0.0/33', '"10.0.0.0/33" needs a prefix length of 0-32 after "/"'],
  ['2001:db8::/129', '"2001:db8::/129" needs a prefix length of 0-128 after "/"'],
  ['10.0.0.0/', '"10.0.0.0/" needs a prefix length of 0-32 after "/"'],
  ['10.0.0.0/08', '"10.0.0.0/08" needs a prefix length of 0-32 after "/"'],
  ['10.1.2.3/8', '"10.1.2.3/8" has address bits set after the /8 prefix (the network is 10.0.0.0/8)'],
  [
    '2001:db8::1/32',
    '"2001:db8::1/32" has address bits set after the /32 prefix (the network is 2001:db8::/32)',
  ],
  [
    '2001:db8:ffff::/33',
    '"2001:db8:ffff::/33" has address bits set after the /33 prefix (the network is 2001:db8:8000::/33)',
  ],
])('parseAccessAllow refuses %j', (text, why) => {
  expect(() => parseAccessAllow(`127.0.0.1, ${text}`)).toThrow(
    new ConfigurationError(`access-allow: ${why}; ${ALLOW_FORM}`),
  );
});

test.each([
  ['dev:s3cret', 'dev', 's3cret'],
  ['dev:pass:with:colons', 'dev', 'pass:with:colons'],
  ['dev:pass with spaces ', 'dev', 'pass with spaces '],
  ['dev:s3cret\n', 'dev', 's3cret'],
  ['dev:s3cret\r\n', 'dev', 's3cret'],
  ['dév.team@example:pässwörd', 'dév.team@example', 'pässwörd'],
])('parseBasicAuth(%j)', (secret, user, password) => {
  expect(parseBasicAuth(secret)).toEqual({ user, password });
});

test.each([
  ['hunter2-no-colon', 'no ":" in the value'],
  [':hunter2', 'the user before ":" is empty'],
  ['dev:', 'the password after ":" is empty'],
  ['dev:\n', 'the password after ":" is empty'],
  ['dev team:hunter2', 'the user contains a space, ":", a control character or starts with "#"'],
  ['\tdev:hunter2', 'the user contains a space, ":", a control character or starts with "#"'],
  ['#dev:hunter2', 'the user contains a space, ":", a control character or starts with "#"'],
  ['dev:hunter2\nsecond:line', 'the password contains a line break or another control character'],
  ['dev:hunter2\u0000', 'the password contains a line break or another control character'],
])('parseBasicAuth refuses %j without showing it', (secret, why) => {
  let message = '';
  try {
    parseBasicAuth(secret);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    message = (error as Error).message;
  }
  expect(message).toBe(`basic-auth: ${why}; ${BASIC_AUTH_FORM}`);
  expect(message).not.toContain('hunter2');
});

test.each([
  ['', []],
  ['staging.example.com', ['staging.example.com']],
  [
    'a.example.com, b.example.com\n*.preview.example.com',
    ['a.example.com', 'b.example.com', '*.preview.example.com'],
  ],
  ['_ localhost xn--bcher-kva.example', ['_', 'localhost', 'xn--bcher-kva.example']],
])('parseServerNames(%j)', (text, names) => {
  expect(parseServerNames(text)).toEqual(names);
});

test.each([
  'example.com;',
  'a.example.com;return',
  'example.com{',
  '"example.com"',
  "'example.com'",
  '$host',
  'www.example.*',
  '~^dev\\.',
  '.example.com',
  'example..com',
  '-example.com',
  'example-.com',
  'a.*.example.com',
  '*',
  '__',
  `${'a'.repeat(64)}.example.com`,
])('parseServerNames refuses %j', (name) => {
  expect(() => parseServerNames(`ok.example.com ${name}`)).toThrow(
    new ConfigurationError(
      `nginx-server-name: ${JSON.stringify(name)} is not a server name; ${SERVER_NAME_FORM}`,
    ),
  );
});

test.each([
  ['', []],
  ['80', ['80']],
  ['127.0.0.1:8080, [::1]:8080', ['127.0.0.1:8080', '[::1]:8080']],
  ['0.0.0.0:65535\n[2001:db8::1]:1', ['0.0.0.0:65535', '[2001:db8::1]:1']],
])('parseListen(%j)', (text, listen) => {
  expect(parseListen(text)).toEqual(listen);
});

test.each([
  '0',
  '65536',
  '080',
  ':8080',
  '*:80',
  'localhost:80',
  '127.0.0.1',
  '127.0.0.1:',
  '127.0.0.1:80;',
  '127.0.0.1:80{',
  '"80"',
  '[::1]8080',
  '::1:8080',
  '[127.0.0.1]:80',
  '[fe80::1%eth0]:80',
  '80;include',
])('parseListen refuses %j', (token) => {
  expect(() => parseListen(`8080 ${token}`)).toThrow(
    new ConfigurationError(`nginx-listen: ${JSON.stringify(token)} is not a listen address; ${LISTEN_FORM}`),
  );
});

test('parseListen refuses a duplicate, which nginx -t would', () => {
  expect(() => parseListen('8080 127.0.0.1:80 8080')).toThrow(
    new ConfigurationError(`nginx-listen: "8080" is given twice; ${LISTEN_FORM}`),
  );
});

const SALT = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);

test('renderSsha: {SSHA} with a fixed salt', () => {
  // printf 'correct horse:battery\x01…\x08' | openssl dgst -sha1 -binary | cat - <(printf '\x01…\x08') | base64
  expect(renderSsha('dev', 'correct horse:battery', SALT)).toBe(
    'dev:{SSHA}KCkjHnT/9tKmLMkX7FI0Bo9bgtIBAgMEBQYHCA==\n',
  );
});

test('renderHtpasswd ssha: a random salt, checked with openssl', async () => {
  const password = 'pässwörd';
  const line = await renderHtpasswd('dev', password, 'ssha');
  const m = /^dev:\{SSHA\}([A-Za-z0-9+/=]+)\n$/.exec(line);
  expect(m).not.toBeNull();
  const decoded = Buffer.from(m?.[1] ?? '', 'base64');
  expect(decoded).toHaveLength(28);
  const salt = decoded.subarray(20);
  const digest = execFileSync('openssl', ['dgst', '-sha1', '-binary'], {
    input: Buffer.concat([Buffer.from(password, 'utf8'), salt]),
  });
  expect(decoded.subarray(0, 20).equals(digest)).toBe(true);
  expect(await renderHtpasswd('dev', password, 'ssha')).not.toBe(line);
});

test("renderHtpasswd bcrypt: $2b$ at cost 5, the same hash as this machine's crypt() (libxcrypt, through perl)", async () => {
  const password = 'pässwörd: correct horse';
  const line = await renderHtpasswd('dev', password, 'bcrypt');
  const m = /^dev:(\$2b\$05\$[./A-Za-z0-9]{53})\n$/.exec(line);
  expect(m).not.toBeNull();
  const hash = m?.[1] ?? '';
  // crypt(password, hash) gives the hash back when it matches: libcrypt, the library nginx checks with.
  const crypt = execFileSync('perl', ['-e', 'print crypt($ARGV[0], $ARGV[1])', password, hash], {
    encoding: 'utf8',
  });
  expect(crypt).toBe(hash);
  expect(await htpasswdMatches(line, 'dev', password, 'bcrypt')).toBe(true);
  expect(await htpasswdMatches(line, 'dev', 'wrong', 'bcrypt')).toBe(false);
  // A file in the other scheme is rewritten (upgraded), not kept.
  expect(await htpasswdMatches(line, 'dev', password, 'ssha')).toBe(false);
  expect(await htpasswdMatches(renderSsha('dev', password), 'dev', password, 'bcrypt')).toBe(false);
});

test('the bcrypt probe: this machine answers it; anything but the exact hash is no', async () => {
  const out = execFileSync(BCRYPT_PROBE_ARGV[0] as string, BCRYPT_PROBE_ARGV.slice(1), { encoding: 'utf8' });
  expect(await bcryptProbeAnswered(out)).toBe(true);
  for (const other of ['', '*0', '$2b$04$berthprobesaltberthpro', `${out}x`, out.replace(/.$/, '.')]) {
    expect(await bcryptProbeAnswered(other)).toBe(false);
  }
});

test.each([
  ['the same user and password', 'dev', 'correct horse:battery', true],
  ['another password', 'dev', 'correct horse', false],
  ['another user', 'ops', 'correct horse:battery', false],
])('htpasswdMatches: %s', async (_name, user, password, same) => {
  const file = renderSsha('dev', 'correct horse:battery', SALT);
  expect(await htpasswdMatches(file, user, password, 'ssha')).toBe(same);
});

test.each([
  ['an apr1 line', 'dev:$apr1$abc$def\n'],
  ['two users', `${renderSsha('a', 'x', SALT)}${renderSsha('b', 'x', SALT)}`],
  ['a digest without salt', 'dev:{SSHA}AAAAAAAAAAAAAAAAAAAAAAAAAAA=\n'],
  ['nothing', ''],
])('htpasswdMatches: not for %s', async (_name, text) => {
  expect(await htpasswdMatches(text, 'dev', 'x', 'ssha')).toBe(false);
  expect(await htpasswdMatches(text, 'dev', 'x', 'bcrypt')).toBe(false);
});

test('renderHtpasswd refuses a user nginx could not match', async () => {
  await expect(renderHtpasswd('#dev', 'x', 'bcrypt')).rejects.toThrow(
    `basic-auth: the user contains a space, ":", a control character or starts with "#"; ${BASIC_AUTH_FORM}`,
  );
  expect(() => renderSsha('#dev', 'x', SALT)).toThrow(/basic-auth: the user contains/);
});

const LOCATION = [
  '    location / {',
  "        # berth's switch behind this name picks the live colour per request: no reload for a deploy.",
  '        proxy_pass http://shop_staging;',
  '        proxy_http_version 1.1;',
  '        proxy_set_header Upgrade $http_upgrade;',
  '        proxy_set_header Connection $berth_shop_staging_connection;',
  '        proxy_set_header Host $host;',
  '        proxy_set_header X-Real-IP $remote_addr;',
  '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
  '        proxy_set_header X-Forwarded-Proto $scheme;',
  '    }',
  '}',
  '',
];

test('renderServerBlock: allow list and basic auth', () => {
  expect(
    renderServerBlock({
      serverNames: ['staging.example.com', '*.staging.example.com'],
      listen: ['80', '[::]:80'],
      upstreamName: 'shop_staging',
      allow: ['10.0.0.0/8', '2001:db8::/32'],
      htpasswdFile: '/etc/nginx/berth/shop_staging.htpasswd',
      realm: 'shop staging',
      comment: 'shop staging',
    }),
  ).toBe(
    [
      '# Managed by berth (shop staging). Do not edit: berth rewrites this file on every deploy.',
      'server {',
      '    listen 80;',
      '    listen [::]:80;',
      '    server_name staging.example.com *.staging.example.com;',
      '',
      '    # Both checks must pass: a password alone does not open the site to every network, and an allowed',
      '    # address alone does not skip the password. Explicit, as a "satisfy any" set in http {} is inherited.',
      '    satisfy all;',
      '    allow 10.0.0.0/8;',
      '    allow 2001:db8::/32;',
      '    deny all;',
      '    auth_basic "shop staging";',
      '    auth_basic_user_file /etc/nginx/berth/shop_staging.htpasswd;',
      '',
      ...LOCATION,
    ].join('\n'),
  );
});

test('renderServerBlock: open, no comment', () => {
  expect(
    renderServerBlock({
      serverNames: ['_'],
      listen: ['127.0.0.1:8080'],
      upstreamName: 'shop_staging',
      allow: [],
    }),
  ).toBe(
    [
      '# Managed by berth. Do not edit: berth rewrites this file on every deploy.',
      'server {',
      '    listen 127.0.0.1:8080;',
      '    server_name _;',
      '',
      ...LOCATION,
    ].join('\n'),
  );
});

test('renderServerBlock: one allowed address and basic auth: both must pass', () => {
  const text = renderServerBlock({
    serverNames: ['dev.example.com'],
    listen: ['8080'],
    upstreamName: 'shop_staging',
    allow: ['203.0.113.7'],
    htpasswdFile: '/srv/htpasswd',
  });
  expect(text).toContain(
    '    satisfy all;\n    allow 203.0.113.7;\n    deny all;\n    auth_basic "Restricted";',
  );
});

test.each([
  ['allow list only', { allow: ['203.0.113.7'] }, ['', '    allow 203.0.113.7;', '    deny all;']],
  [
    'basic auth only, default realm',
    { htpasswdFile: '/srv/htpasswd' },
    ['', '    auth_basic "Restricted";', '    auth_basic_user_file /srv/htpasswd;'],
  ],
])('renderServerBlock: %s', (_name, extra, access) => {
  const text = renderServerBlock({
    serverNames: ['dev.example.com'],
    listen: ['8080'],
    upstreamName: 'shop_staging',
    allow: [],
    ...extra,
  });
  expect(text.split('\n').slice(4, 4 + access.length)).toEqual(access);
  expect(text).not.toContain('satisfy');
  expect(text.split('\n').slice(4 + access.length)).toEqual(['', ...LOCATION]);
});

const GOOD = { serverNames: ['dev.example.com'], listen: ['8080'], upstreamName: 'shop_staging', allow: [] };

const REFUSED: [Partial<ServerBlockOptions>, string][] = [
  [{ serverNames: [] }, `nginx-server-name: empty; ${SERVER_NAME_FORM}`],
  [{ listen: [] }, `nginx-listen: empty; ${LISTEN_FORM}`],
  [
    { serverNames: ['a.example.com;'] },
    `nginx-server-name: "a.example.com;" is not a server name; ${SERVER_NAME_FORM}`,
  ],
  [{ listen: ['80 ssl'] }, `nginx-listen: "80 ssl" is not a listen address; ${LISTEN_FORM}`],
  [
    { allow: ['10.0.0.0/8; allow all'] },
    `access-allow: "10.0.0.0/8; allow all" needs a prefix length of 0-32 after "/"; ${ALLOW_FORM}`,
  ],
  [
    { upstreamName: 'shop-staging' },
    'nginx-upstream-name: expected letters, digits and "_", got "shop-staging"',
  ],
  [
    { htpasswdFile: '/etc/nginx/pass words' },
    'nginx server block: the htpasswd file "/etc/nginx/pass words" must be an absolute path of letters, digits and ._/@+=,-',
  ],
  [
    { htpasswdFile: '/etc/nginx/$host' },
    'nginx server block: the htpasswd file "/etc/nginx/$host" must be an absolute path of letters, digits and ._/@+=,-',
  ],
  [
    { htpasswdFile: 'conf/htpasswd' },
    'nginx server block: the htpasswd file "conf/htpasswd" must be an absolute path of letters, digits and ._/@+=,-',
  ],
  ...['say "hi"', 'a\\b', '$host', 'line\nbreak', 'off', ''].map(
    (realm): [Partial<ServerBlockOptions>, string] => [
      { htpasswdFile: '/srv/htpasswd', realm },
      `nginx server block: the realm ${JSON.stringify(realm)} must be printable ASCII without '"', "\\" or "$", and not "off"`,
    ],
  ),
  [{ comment: 'x\nserver { }' }, 'nginx server block: the comment "x\\nserver { }" must be printable ASCII'],
];

test.each(REFUSED)('renderServerBlock refuses %j', (extra, message) => {
  expect(() => renderServerBlock({ ...GOOD, ...extra })).toThrow(new ConfigurationError(message));
});
