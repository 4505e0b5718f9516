/**
 * The SSH side of deploy's inputs, checked, and the ssh_config file berth writes for one run. A config
 * file (`ssh -F`) is the only way options reach ProxyJump hops: `-i`/`-o` on the command line apply to
 * the last hop only. Host keys are pinned (StrictHostKeyChecking yes, the given known_hosts only).
 */
import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import { ConfigurationError } from '../errors.js';

export interface SshEndpoint {
  user: string;
  host: string;
  port: number;
}

export const TARGET_ALIAS = 'berth-target';
const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;

/** `user@host:port`, `host:port`, `host`, `[v6]:port` → an endpoint; `input` names the input in errors. */
export function parseEndpoint(
  spec: string,
  input: string,
  defaults: { user: string; port: number },
): SshEndpoint {
  const form = `${input}: expected [user@]host[:port] (e.g. deploy@10.0.0.5:22 or [2001:db8::5]:22)`;
  const m = /^(?:([^@\s]+)@)?(?:\[([0-9A-Fa-f:.]+)\]|([^:@\s[\]]+))(?::(\d+))?$/.exec(spec);
  if (!m) throw new ConfigurationError(`${form}, got ${JSON.stringify(spec)}`);
  const [, user = defaults.user, v6, name, portText] = m;
  const host = v6 ?? name ?? '';
  if (v6 !== undefined ? isIP(v6) !== 6 : !(isIP(host) === 4 || HOSTNAME.test(host))) {
    throw new ConfigurationError(`${form}; ${JSON.stringify(host)} is not a host name or address`);
  }
  if (user === '') {
    throw new ConfigurationError(
      `${input}: no user for ${JSON.stringify(spec)}; set ssh-user or write user@host`,
    );
  }
  if (!USER.test(user)) throw new ConfigurationError(`${form}; ${JSON.stringify(user)} is not a user name`);
  const port = portText === undefined ? defaults.port : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigurationError(`${form}; port ${JSON.stringify(portText)} is not 1-65535`);
  }
  return { user, host, port };
}

/** A list input: entries separated by commas, spaces or newlines. */
export function parseEndpointList(
  text: string,
  input: string,
  defaults: { user: string; port: number },
): SshEndpoint[] {
  return text
    .split(/[\s,]+/)
    .filter((s) => s !== '')
    .map((s) => parseEndpoint(s, input, defaults));
}

export function describeEndpoint(e: SshEndpoint): string {
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  return `${e.user}@${host}${e.port === 22 ? '' : `:${e.port}`}`;
}

/** The private key as OpenSSH wants the file: LF line ends and a final newline (a missing one is "invalid format"). */
export function normalizePrivateKey(text: string): string {
  const key = text.replace(/\r\n?/g, '\n').trim();
  if (!/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\n[\s\S]+\n-----END [A-Z0-9 ]*PRIVATE KEY-----$/.test(key)) {
    throw new ConfigurationError(
      'ssh-key: expected a private key (the whole file, from "-----BEGIN OPENSSH PRIVATE KEY-----" to its END line), as a secret',
    );
  }
  return `${key}\n`;
}

/** known_hosts text: checked that every host berth connects to has a key in it. */
export function checkKnownHosts(text: string, endpoints: readonly SshEndpoint[]): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) {
    throw new ConfigurationError(
      'ssh-known-hosts: required; the host keys of the server and every bastion, as `ssh-keyscan -p PORT HOST` prints them (run it from a machine you trust). Host keys are always checked.',
      { key: 'ssh-known-hosts', kind: 'required' },
    );
  }
  for (const e of endpoints) {
    if (!lines.some((line) => knownHostsLineMatches(line, e.host, e.port))) {
      const name = e.port === 22 ? e.host : `[${e.host}]:${e.port}`;
      throw new ConfigurationError(
        `ssh-known-hosts: no host key for ${name} (${describeEndpoint(e)}); add the line(s) of \`ssh-keyscan${e.port === 22 ? '' : ` -p ${e.port}`} ${e.host}\`, checked against the server's own key`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Whether a known_hosts line is for host:port: plain or hashed (`|1|salt|hash`) patterns, `*`/`?`, `!` negation. */
export function knownHostsLineMatches(line: string, host: string, port: number): boolean {
  const fields = line.split(/\s+/);
  const patterns = (fields[0]?.startsWith('@') ? fields[1] : fields[0]) ?? '';
  if (fields.length < 3 + (fields[0]?.startsWith('@') ? 1 : 0)) return false;
  if (fields[0] === '@revoked') return false;
  const name = port === 22 ? host : `[${host}]:${port}`;
  let matched = false;
  for (const pattern of patterns.split(',')) {
    const negated = pattern.startsWith('!');
    const p = negated ? pattern.slice(1) : pattern;
    const hit = p.startsWith('|1|')
      ? hashedMatches(p, name)
      : globMatches(p.toLowerCase(), name.toLowerCase());
    if (hit && negated) return false;
    if (hit) matched = true;
  }
  return matched;
}

function hashedMatches(pattern: string, name: string): boolean {
  const [, , salt, hash] = pattern.split('|');
  if (salt === undefined || hash === undefined) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

function globMatches(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(name);
}

export interface SshConfigOptions {
  target: SshEndpoint;
  jumps: readonly SshEndpoint[];
  identityFile: string;
  knownHostsFile: string;
  /** Directory of the ControlMaster sockets (short: unix socket paths are limited to ~100 bytes). */
  controlDir: string;
  connectTimeoutSeconds: number;
}

/** The ssh_config text: one `Host` per jump hop (`berth-jump-N`) and `berth-target`, all with the same pinning. */
export function renderSshConfig(options: SshConfigOptions): string {
  const common = [
    `  IdentityFile ${configPath(options.identityFile)}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${configPath(options.knownHostsFile)}`,
    '  GlobalKnownHostsFile /dev/null',
    '  StrictHostKeyChecking yes',
    '  UpdateHostKeys no',
    '  CheckHostIP no',
    '  BatchMode yes',
    '  PasswordAuthentication no',
    '  KbdInteractiveAuthentication no',
    `  ConnectTimeout ${options.connectTimeoutSeconds}`,
    '  ServerAliveInterval 3',
    '  ServerAliveCountMax 3',
    '  ForwardAgent no',
    '  LogLevel ERROR',
  ];
  // Only the target is multiplexed: its master (closed by `ssh -O exit` when the step ends) carries the
  // hops' `ssh -W` children with it. A hop with a master of its own would outlive the run, holding a
  // session open on the bastion.
  const multiplexed = [
    '  ControlMaster auto',
    `  ControlPath ${configPath(`${options.controlDir.replace(/%/g, '%%')}/%C`, false)}`,
    '  ControlPersist 120',
  ];
  const block = (alias: string, e: SshEndpoint, extra: string[]): string[] => [
    `Host ${alias}`,
    `  HostName ${e.host}`,
    `  Port ${e.port}`,
    `  User ${e.user}`,
    ...extra,
    ...common,
    '',
  ];
  const jumpAliases = options.jumps.map((_, i) => `berth-jump-${i + 1}`);
  return [
    '# Written by berth for one run and removed when it ends.',
    ...options.jumps.flatMap((e, i) => block(jumpAliases[i] as string, e, ['  ControlMaster no'])),
    ...block(TARGET_ALIAS, options.target, [
      ...(jumpAliases.length > 0 ? [`  ProxyJump ${jumpAliases.join(',')}`] : []),
      ...multiplexed,
    ]),
  ].join('\n');
}

/** A path in ssh_config: `%` escaped (ssh expands tokens in these keys), quoted when it has spaces. */
function configPath(value: string, escapePercent = true): string {
  if (/["\n]/.test(value)) throw new Error(`ssh config: unusable path ${JSON.stringify(value)}`);
  const escaped = escapePercent ? value.replace(/%/g, '%%') : value;
  return /\s/.test(escaped) ? `"${escaped}"` : escaped;
}
