/**
 * The nginx `server` block berth writes for "developers only" environments (an address allow list and/or
 * HTTP basic auth in front of the app) — pure parsing and rendering. Every value that reaches the config
 * is checked against a strict form, so no input can add a directive (`;`, `{`, `}`, quotes, `$`, newlines).
 */
import { createHash, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { ConfigurationError } from '../errors.js';
import { UPSTREAM_NAME } from './upstream.js';

const ALLOW_FORM =
  'expected addresses or CIDRs separated by commas or spaces, e.g. 203.0.113.7, 10.0.0.0/8, 2001:db8::/32';
const BASIC_AUTH_FORM = 'expected user:password (the user without ":" or spaces)';
const SERVER_NAME_FORM =
  'expected host names separated by spaces or commas (letters, digits, "-" and ".", optionally starting with "*."), or "_"';
const LISTEN_FORM =
  'expected PORT, IPv4:PORT or [IPv6]:PORT separated by spaces or commas (port 1-65535), e.g. 8080, 127.0.0.1:8080, [::1]:8080';

function tokens(text: string): string[] {
  return text.split(/[\s,]+/).filter((token) => token !== '');
}

/** The 4 or 16 bytes of an address that isIP accepted (no zone id). */
function addressBytes(address: string, family: 4 | 6): number[] {
  if (family === 4) return address.split('.').map(Number);
  let text = address;
  const tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    text = `${dotted[1] ?? ''}0:0`;
    tail.push(...addressBytes(dotted[2] ?? '', 4));
  }
  const [head = '', rest] = text.split('::');
  const groups = (part: string | undefined): number[] =>
    part === undefined || part === '' ? [] : part.split(':').map((group) => parseInt(group, 16));
  const left = groups(head);
  const right = groups(rest);
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = words.flatMap((word) => [word >> 8, word & 0xff]);
  if (tail.length > 0) bytes.splice(12, 4, ...tail);
  return bytes;
}

function formatAddress(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const words = [];
  for (let i = 0; i < 16; i += 2) words.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // The WHATWG URL parser prints IPv6 in the canonical compressed form.
  return new URL(`http://[${words.join(':')}]/`).hostname.slice(1, -1);
}

function checkAllow(token: string): string {
  const bad = (why: string): ConfigurationError =>
    new ConfigurationError(`access-allow: ${JSON.stringify(token)} ${why}; ${ALLOW_FORM}`);
  const [address = '', prefix, extra] = token.split('/');
  const family = address.includes('%') ? 0 : isIP(address);
  if (family === 0 || extra !== undefined) throw bad('is not an IPv4/IPv6 address or CIDR');
  if (prefix === undefined) return token;
  const bits = family === 4 ? 32 : 128;
  if (!/^(0|[1-9]\d{0,2})$/.test(prefix) || Number(prefix) > bits) {
    throw bad(`needs a prefix length of 0-${bits} after "/"`);
  }
  // nginx only warns ("low address bits are meaningless") and masks them; a typo like 10.1.2.3/8 is refused.
  const bytes = addressBytes(address, family === 4 ? 4 : 6);
  const network = bytes.map((byte, i) => {
    const keep = Math.min(8, Math.max(0, Number(prefix) - i * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  if (network.some((byte, i) => byte !== bytes[i])) {
    throw bad(
      `has address bits set after the /${prefix} prefix (the network is ${formatAddress(network)}/${prefix})`,
    );
  }
  return token;
}

/** `access-allow`: the addresses and CIDRs nginx lets through (`allow …;`); empty when not set. */
export function parseAccessAllow(text: string): string[] {
  return tokens(text).map(checkAllow);
}

/** C0 controls and DEL; a char-code check because eslint's no-control-regex refuses them in a regex. */
function hasControl(text: string): boolean {
  return [...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

function checkUser(user: string): void {
  if (user === '')
    throw new ConfigurationError(`basic-auth: the user before ":" is empty; ${BASIC_AUTH_FORM}`);
  // nginx reads lines starting with "#" in the htpasswd file as comments, so such a user could never log in.
  if (/[\s:]/.test(user) || user.startsWith('#') || hasControl(user)) {
    throw new ConfigurationError(
      `basic-auth: the user contains a space, ":", a control character or starts with "#"; ${BASIC_AUTH_FORM}`,
    );
  }
}

/**
 * `basic-auth` (a secret): `user:password`, split at the first ":" as browsers send it. Messages never
 * quote the secret — not even the user part, which could be a password if the order was mixed up.
 */
export function parseBasicAuth(secret: string): { user: string; password: string } {
  // A secret pasted from a file often ends with a newline that is not part of the password.
  const value = secret.replace(/\r?\n$/, '');
  const colon = value.indexOf(':');
  if (colon < 0) throw new ConfigurationError(`basic-auth: no ":" in the value; ${BASIC_AUTH_FORM}`);
  const user = value.slice(0, colon);
  const password = value.slice(colon + 1);
  checkUser(user);
  if (password === '') {
    throw new ConfigurationError(`basic-auth: the password after ":" is empty; ${BASIC_AUTH_FORM}`);
  }
  // nginx hashes the password as a C string and the htpasswd file is line based.
  if (hasControl(password)) {
    throw new ConfigurationError(
      `basic-auth: the password contains a line break or another control character; ${BASIC_AUTH_FORM}`,
    );
  }
  return { user, password };
}

/**
 * How berth hashes the basic-auth password: bcrypt (`$2b$`, cost {@link BCRYPT_COST}) where the host's
 * crypt() knows it (Debian/Ubuntu's libxcrypt, musl), else `{SSHA}`, which nginx implements itself
 * (1.0.3+) whatever the libc — one salted SHA-1 round, the weakest of the two.
 */
export type HtpasswdScheme = 'bcrypt' | 'ssha';

/**
 * nginx runs crypt() on every request of a protected site (no cache), so the cost is that of Apache's
 * `htpasswd -B`: 2^5 rounds, a few milliseconds a request.
 */
export const BCRYPT_COST = 5;

/** Whether an htpasswd file berth wrote holds exactly this user and password in this scheme (kept, not re-salted). */
export async function htpasswdMatches(
  text: string,
  user: string,
  password: string,
  scheme: HtpasswdScheme,
): Promise<boolean> {
  const line = /^([^:\n]+):([^\n]+)\n?$/.exec(text);
  if (!line || line[1] !== user) return false;
  const hash = line[2] as string;
  if (scheme === 'bcrypt') {
    if (!/^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(hash)) return false;
    const { default: bcrypt } = await import('bcryptjs');
    return bcrypt.compareSync(password, hash);
  }
  const m = /^\{SSHA\}([A-Za-z0-9+/]+={0,2})$/.exec(hash);
  if (!m) return false;
  const decoded = Buffer.from(m[1] as string, 'base64');
  if (decoded.length <= 20) return false;
  return renderSsha(user, password, decoded.subarray(20)) === `${user}:${hash}\n`;
}

/** One `auth_basic_user_file` line in the scheme the host's nginx accepts (see {@link HtpasswdScheme}). */
export async function renderHtpasswd(
  user: string,
  password: string,
  scheme: HtpasswdScheme,
): Promise<string> {
  checkUser(user);
  if (scheme === 'ssha') return renderSsha(user, password);
  const { default: bcrypt } = await import('bcryptjs');
  return `${user}:${bcrypt.hashSync(password, bcrypt.genSaltSync(BCRYPT_COST))}\n`;
}

/** `{SSHA}`: base64 of sha1(password + salt) followed by the salt. */
export function renderSsha(user: string, password: string, salt: Buffer = randomBytes(8)): string {
  checkUser(user);
  const digest = createHash('sha1').update(password, 'utf8').update(salt).digest();
  return `${user}:{SSHA}${Buffer.concat([digest, salt]).toString('base64')}\n`;
}

/**
 * The argv that asks the host's crypt() — the library nginx hashes with — whether it knows bcrypt: Perl
 * (part of every Debian and Ubuntu base system) calls the same libcrypt. Its answer, to {@link bcryptProbeAnswered}.
 */
export const BCRYPT_PROBE_SALT = '$2b$04$berthprobesaltberthpro';
export const BCRYPT_PROBE_ARGV: readonly string[] = [
  'perl',
  '-e',
  'print crypt($ARGV[0], $ARGV[1])',
  'berth',
  BCRYPT_PROBE_SALT,
];
/** Whether the probe's output is the bcrypt hash berth computes for the same password and salt. */
export async function bcryptProbeAnswered(stdout: string): Promise<boolean> {
  if (!stdout.startsWith('$2b$04$')) return false;
  const { default: bcrypt } = await import('bcryptjs');
  return stdout === bcrypt.hashSync('berth', BCRYPT_PROBE_SALT);
}

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const SERVER_NAME = new RegExp(`^(?:_|(?:\\*\\.)?${LABEL}(?:\\.${LABEL})*)$`);

function checkServerName(name: string): string {
  if (!SERVER_NAME.test(name)) {
    throw new ConfigurationError(
      `nginx-server-name: ${JSON.stringify(name)} is not a server name; ${SERVER_NAME_FORM}`,
    );
  }
  return name;
}

/** `nginx-server-name`: the block's `server_name`s; empty when not set. */
export function parseServerNames(text: string): string[] {
  return tokens(text).map(checkServerName);
}

function checkListen(token: string): string {
  const m = /^(?:(?:\[([^\]]*)\]|([^:[\]]*)):)?([1-9]\d{0,4})$/.exec(token);
  const v6 = m?.[1];
  const v4 = m?.[2];
  const ok =
    m !== null &&
    Number(m[3]) <= 65535 &&
    (v6 === undefined || (isIP(v6) === 6 && !v6.includes('%'))) &&
    (v4 === undefined || isIP(v4) === 4);
  if (!ok) {
    throw new ConfigurationError(
      `nginx-listen: ${JSON.stringify(token)} is not a listen address; ${LISTEN_FORM}`,
    );
  }
  return token;
}

/** `nginx-listen`: the block's `listen` addresses; empty when not set (the caller picks the default). */
export function parseListen(text: string): string[] {
  const listen = tokens(text).map(checkListen);
  const twice = listen.find((token, i) => listen.indexOf(token) !== i);
  // nginx -t would fail on it ("duplicate listen"), after berth had written the file.
  if (twice !== undefined) {
    throw new ConfigurationError(`nginx-listen: ${JSON.stringify(twice)} is given twice; ${LISTEN_FORM}`);
  }
  return listen;
}

export interface ServerBlockOptions {
  serverNames: string[];
  listen: string[];
  upstreamName: string;
  allow: string[];
  /** Absolute path of the htpasswd file (see renderHtpasswd); basic auth is on when set. */
  htpasswdFile?: string;
  realm?: string;
  /** Shown in the header comment, e.g. `shop staging`. */
  comment?: string;
}

/** Printable ASCII without `"`, `\` and `$` (nginx expands variables in the realm and the file name). */
const QUOTABLE = /^[\x20-\x7e]+$/;
const UNQUOTABLE = /["\\$]/;

export function renderServerBlock(options: ServerBlockOptions): string {
  const { serverNames, listen, upstreamName, allow, htpasswdFile, realm = 'Restricted', comment } = options;
  if (serverNames.length === 0) throw new ConfigurationError(`nginx-server-name: empty; ${SERVER_NAME_FORM}`);
  if (listen.length === 0) throw new ConfigurationError(`nginx-listen: empty; ${LISTEN_FORM}`);
  serverNames.forEach(checkServerName);
  listen.forEach(checkListen);
  allow.forEach(checkAllow);
  if (!UPSTREAM_NAME.test(upstreamName)) {
    throw new ConfigurationError(
      `nginx-upstream-name: expected letters, digits and "_", got ${JSON.stringify(upstreamName)}`,
    );
  }
  if (comment !== undefined && !QUOTABLE.test(comment)) {
    throw new ConfigurationError(
      `nginx server block: the comment ${JSON.stringify(comment)} must be printable ASCII`,
    );
  }
  if (htpasswdFile !== undefined && !/^\/[A-Za-z0-9._/@+=,-]+$/.test(htpasswdFile)) {
    throw new ConfigurationError(
      `nginx server block: the htpasswd file ${JSON.stringify(htpasswdFile)} must be an absolute path of letters, digits and ._/@+=,-`,
    );
  }
  // auth_basic "off" switches basic auth off.
  if (htpasswdFile !== undefined && (!QUOTABLE.test(realm) || UNQUOTABLE.test(realm) || realm === 'off')) {
    throw new ConfigurationError(
      `nginx server block: the realm ${JSON.stringify(realm)} must be printable ASCII without '"', "\\" or "$", and not "off"`,
    );
  }

  const lines = [
    `# Managed by berth${comment === undefined ? '' : ` (${comment})`}. Do not edit: berth rewrites this file on every deploy.`,
    'server {',
    ...listen.map((address) => `    listen ${address};`),
    `    server_name ${serverNames.join(' ')};`,
  ];
  const access: string[] = [];
  if (allow.length > 0 && htpasswdFile !== undefined) {
    access.push(
      '    # Both checks must pass: a password alone does not open the site to every network, and an allowed',
      '    # address alone does not skip the password. Explicit, as a "satisfy any" set in http {} is inherited.',
      '    satisfy all;',
    );
  }
  if (allow.length > 0) access.push(...allow.map((entry) => `    allow ${entry};`), '    deny all;');
  if (htpasswdFile !== undefined) {
    access.push(`    auth_basic "${realm}";`, `    auth_basic_user_file ${htpasswdFile};`);
  }
  if (access.length > 0) lines.push('', ...access);
  lines.push(
    '',
    '    location / {',
    "        # berth's switch behind this name picks the live colour per request: no reload for a deploy.",
    `        proxy_pass http://${upstreamName};`,
    '        proxy_http_version 1.1;',
    '        proxy_set_header Upgrade $http_upgrade;',
    `        proxy_set_header Connection $berth_${upstreamName}_connection;`,
    '        proxy_set_header Host $host;',
    '        proxy_set_header X-Real-IP $remote_addr;',
    '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '        proxy_set_header X-Forwarded-Proto $scheme;',
    '    }',
    '}',
    '',
  );
  return lines.join('\n');
}
