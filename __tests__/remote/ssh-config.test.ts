import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import {
  checkKnownHosts,
  knownHostsLineMatches,
  normalizePrivateKey,
  parseEndpoint,
  renderSshConfig,
} from '../../src/remote/ssh-config.js';

const defaults = { user: 'deploy', port: 22 };

describe('parseEndpoint', () => {
  test.each([
    ['10.0.0.5', { user: 'deploy', host: '10.0.0.5', port: 22 }],
    ['ops@app-1.internal:2222', { user: 'ops', host: 'app-1.internal', port: 2222 }],
    ['[2001:db8::5]:2200', { user: 'deploy', host: '2001:db8::5', port: 2200 }],
    ['root@[::1]', { user: 'root', host: '::1', port: 22 }],
  ])('%s', (spec, endpoint) => {
    expect(parseEndpoint(spec, 'ssh-host', defaults)).toEqual(endpoint);
  });

  const form = 'ssh-host: expected [user@]host[:port] (e.g. deploy@10.0.0.5:22 or [2001:db8::5]:22)';
  test.each([
    ['a b', `${form}, got "a b"`],
    ['-oProxyCommand=sh', `${form}; "-oProxyCommand=sh" is not a host name or address`],
    ['host:0', `${form}; port "0" is not 1-65535`],
    ['host:99999', `${form}; port "99999" is not 1-65535`],
    ['$(id)@host', `${form}; "$(id)" is not a user name`],
    ['[zz::1]:22', `${form}, got "[zz::1]:22"`],
    ['[1::2::3]:22', `${form}; "1::2::3" is not a host name or address`],
  ])('%j is refused', (spec, message) => {
    expect(() => parseEndpoint(spec, 'ssh-host', defaults)).toThrow(message);
  });
});

test('normalizePrivateKey: CRLF from a pasted secret becomes LF, with the final newline OpenSSH needs', () => {
  const key = '-----BEGIN OPENSSH PRIVATE KEY-----\r\nAAAA\r\nBBBB\r\n-----END OPENSSH PRIVATE KEY-----';
  expect(normalizePrivateKey(`  ${key}  `)).toBe(
    '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\nBBBB\n-----END OPENSSH PRIVATE KEY-----\n',
  );
});

describe('known_hosts', () => {
  test.each([
    ['10.0.0.5 ssh-ed25519 AAAA', '10.0.0.5', 22, true],
    ['10.0.0.5 ssh-ed25519 AAAA', '10.0.0.5', 2222, false],
    ['[10.0.0.5]:2222 ssh-ed25519 AAAA', '10.0.0.5', 2222, true],
    ['app,10.0.0.5 ssh-rsa AAAA', '10.0.0.5', 22, true],
    ['10.0.0.* ssh-ed25519 AAAA', '10.0.0.9', 22, true],
    ['10.0.0.*,!10.0.0.9 ssh-ed25519 AAAA', '10.0.0.9', 22, false],
    ['@cert-authority *.internal ssh-ed25519 AAAA', 'app.internal', 22, true],
    ['@revoked 10.0.0.5 ssh-ed25519 AAAA', '10.0.0.5', 22, false],
    ['10.0.0.5', '10.0.0.5', 22, false],
  ])('%j covers %s:%d: %s', (line, host, port, covers) => {
    expect(knownHostsLineMatches(line, host, port)).toBe(covers);
  });

  test('hashed lines written by the real ssh-keygen -H are recognised', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-kh-'));
    try {
      const file = path.join(dir, 'known_hosts');
      writeFileSync(file, '10.1.2.3 ssh-ed25519 AAAAC3Nz\n[10.1.2.4]:2222 ssh-ed25519 AAAAC3Nz\n');
      execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
      const hashed = readFileSync(file, 'utf8').trim().split('\n');
      expect(hashed.every((l) => l.startsWith('|1|'))).toBe(true);
      expect(knownHostsLineMatches(hashed[0] as string, '10.1.2.3', 22)).toBe(true);
      expect(knownHostsLineMatches(hashed[0] as string, '10.1.2.4', 22)).toBe(false);
      expect(knownHostsLineMatches(hashed[1] as string, '10.1.2.4', 2222)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('checkKnownHosts drops comments and blank lines and ends with a newline', () => {
    expect(
      checkKnownHosts('# from ssh-keyscan\r\n\r\n10.0.0.5 ssh-ed25519 AAAA\r\n', [
        { user: 'd', host: '10.0.0.5', port: 22 },
      ]),
    ).toBe('10.0.0.5 ssh-ed25519 AAAA\n');
  });
});

describe('renderSshConfig', () => {
  const options = {
    target: { user: 'deploy', host: '10.0.1.5', port: 2222 },
    jumps: [
      { user: 'jump', host: 'bastion.example.com', port: 22 },
      { user: 'jump2', host: '10.0.0.9', port: 2200 },
    ],
    identityFile: '/tmp/berth-ssh-x/id',
    knownHostsFile: '/tmp/berth-ssh-x/known_hosts',
    controlDir: '/tmp/berth-ssh-x',
    connectTimeoutSeconds: 15,
  };

  test('every hop gets the same pinning; the target jumps through them in order', () => {
    const text = renderSshConfig(options);
    expect(text).toContain(
      'Host berth-target\n  HostName 10.0.1.5\n  Port 2222\n  User deploy\n  ProxyJump berth-jump-1,berth-jump-2\n',
    );
    expect(text.match(/StrictHostKeyChecking yes/g)).toHaveLength(3);
    expect(text.match(/UserKnownHostsFile \/tmp\/berth-ssh-x\/known_hosts/g)).toHaveLength(3);
    expect(text).not.toMatch(/StrictHostKeyChecking no|ForwardAgent yes/);
  });

  test('only the target has a ControlMaster: no hop keeps a master (and a bastion session) of its own', () => {
    const text = renderSshConfig(options);
    const [jump1, jump2, target] = text.split(/\n(?=Host )/).slice(-3);
    expect(jump1).toMatch(/^Host berth-jump-1\n[\s\S]* {2}ControlMaster no\n/);
    expect(jump2).toMatch(/^Host berth-jump-2\n[\s\S]* {2}ControlMaster no\n/);
    for (const hop of [jump1, jump2])
      expect(hop).not.toMatch(/ControlPath|ControlPersist|ControlMaster auto/);
    expect(target).toMatch(
      /^Host berth-target\n[\s\S]* {2}ControlMaster auto\n {2}ControlPath \/tmp\/berth-ssh-x\/%C\n {2}ControlPersist 120\n/,
    );
  });

  test('paths with spaces are quoted and % escaped (ssh expands tokens there)', () => {
    const text = renderSshConfig({ ...options, jumps: [], identityFile: '/home/runner/my work/100%/id' });
    expect(text).toContain('  IdentityFile "/home/runner/my work/100%%/id"\n');
  });

  // The proof: OpenSSH's own parser (`ssh -G`) reads the file as meant, for the target and for a hop.
  test.each([
    [
      'berth-target',
      {
        hostname: '10.0.1.5',
        port: '2222',
        user: 'deploy',
        proxyjump: 'berth-jump-1,berth-jump-2',
        controlmaster: 'auto',
        controlpath: expect.stringMatching(/^\/tmp\/berth-ssh-x\/[0-9a-f]{40}$/),
        controlpersist: '120',
      },
    ],
    ['berth-jump-2', { hostname: '10.0.0.9', port: '2200', user: 'jump2', controlmaster: 'false' }],
  ])('ssh -G reads %s as intended', (alias, expected) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-cfg-'));
    try {
      const file = path.join(dir, 'config');
      writeFileSync(file, renderSshConfig(options));
      const effective = Object.fromEntries(
        execFileSync('ssh', ['-G', '-F', file, alias], { encoding: 'utf8' })
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]),
      );
      expect(effective).toMatchObject({
        ...expected,
        stricthostkeychecking: 'true',
        batchmode: 'yes',
        identityfile: '/tmp/berth-ssh-x/id',
        userknownhostsfile: '/tmp/berth-ssh-x/known_hosts',
        globalknownhostsfile: '/dev/null',
        forwardagent: 'no',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
