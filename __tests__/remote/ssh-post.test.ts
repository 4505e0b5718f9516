/**
 * What an SSH deploy records for its post step (the runner's key directory, the servers' temporary
 * directories), and what the post step agrees to remove: only what berth made, whatever the state says.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import type { ExecOptions, ExecResult } from '../../src/exec.js';
import {
  cleanupRemoteTempDirs,
  cleanupSshDirs,
  isBerthRemoteTempDir,
  isBerthSshDir,
  releaseOpenSshHosts,
  SshHost,
} from '../../src/remote/ssh.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = (prefix: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};

describe('isBerthRemoteTempDir: the names the post step removes on a server', () => {
  test.each([
    ['/tmp/berth-AbCd1234', true],
    ['/var/tmp/runner/berth-zzzzzzzz', true],
    ['/tmp/berth-abc', false], // too short
    ['/tmp/berth-abcdefghi', false], // too long
    ['/tmp/berth-ssh-abcdef', false], // the runner's kind, not mktemp's
    ['/tmp/berth-abcd.fgh', false],
    ['/tmp/berth-abcdefgh/', false],
    ['/tmp/berth-abcdefgh/..', false],
    ['/tmp/../etc/berth-abcdefgh', false],
    ['/tmp/./berth-abcdefgh', false],
    ['/tmp//berth-abcdefgh', false],
    ['tmp/berth-abcdefgh', false], // relative: the SSH user's home
    ['berth-abcdefgh', false],
    ['/tmp/berth-abcdefgh\n/etc', false],
    ['/', false],
    ['/home/deploy', false],
    ['', false],
  ])('%j → %s', (dir, expected) => {
    expect(isBerthRemoteTempDir(dir)).toBe(expected);
  });

  test.each([[undefined], [null], [42], [['/tmp/berth-abcdefgh']], [{ dir: '/tmp/berth-abcdefgh' }]])(
    'not a string (%j): refused',
    (dir) => {
      expect(isBerthRemoteTempDir(dir)).toBe(false);
    },
  );
});

describe('isBerthSshDir: the runner directories the post step removes', () => {
  const root = scratch('berth-post-root-');

  test("a directory mkdtemp names, directly in the temp dir, this user's: yes", async () => {
    const dir = mkdtempSync(path.join(root, 'berth-ssh-'));
    expect(await isBerthSshDir(dir, root)).toBe(true);
  });

  test('a symlink named like one (to a directory of value): no', async () => {
    const victim = scratch('berth-post-victim-');
    const link = path.join(root, 'berth-ssh-LiNk01');
    symlinkSync(victim, link);
    expect(await isBerthSshDir(link, root)).toBe(false);
  });

  test.each([
    ['deeper in the temp dir', (r: string) => path.join(r, 'sub', 'berth-ssh-abcdef')],
    ['elsewhere', () => '/home/berth-ssh-abcdef'],
    ['not normalised', (r: string) => path.join(r, 'x') + '/../berth-ssh-abcdef'],
    ['relative', () => 'berth-ssh-abcdef'],
    ['named otherwise', (r: string) => path.join(r, 'berth-sshabcdef')],
    ['a longer name', (r: string) => path.join(r, 'berth-ssh-abcdefg')],
    ['gone', (r: string) => path.join(r, 'berth-ssh-gone00')],
  ])('%s: no', async (_, make) => {
    const dir = make(root);
    if (!dir.endsWith('gone00') && path.isAbsolute(dir) && dir.startsWith(root)) {
      mkdirSync(path.resolve(dir), { recursive: true });
    }
    expect(await isBerthSshDir(dir, root)).toBe(false);
  });

  test('a file, not a directory: no', async () => {
    const file = path.join(root, 'berth-ssh-file00');
    writeFileSync(file, 'x');
    expect(await isBerthSshDir(file, root)).toBe(false);
  });
});

describe("cleanupSshDirs: removes the recorded directories that are berth's, nothing else", () => {
  test('a recorded symlink and a directory outside the temp dir survive; berth’s own goes', async () => {
    const own = mkdtempSync(path.join(tmpdir(), 'berth-ssh-'));
    writeFileSync(path.join(own, 'id'), 'KEY', { mode: 0o600 });
    const victim = scratch('berth-post-victim-');
    writeFileSync(path.join(victim, 'keep'), 'x');
    const link = path.join(tmpdir(), `berth-ssh-${Math.random().toString(36).slice(2, 8).padEnd(6, 'x')}`);
    symlinkSync(victim, link);
    made.push(link);
    const outside = path.join(scratch('berth-post-out-'), 'berth-ssh-abcdef');
    mkdirSync(outside);
    const state: Record<string, string> = { 'ssh-dirs': JSON.stringify([own, link, outside, 7, '/']) };
    const run = async (): Promise<ExecResult> => ({ code: 255, stdout: '', stderr: 'no master' });
    const removed = await cleanupSshDirs(run, { getState: (n) => state[n] ?? '' });
    expect(removed).toEqual([own]);
    expect(existsSync(own)).toBe(false);
    expect(existsSync(path.join(victim, 'keep'))).toBe(true);
    expect(existsSync(link)).toBe(true);
    expect(existsSync(outside)).toBe(true);
  });
});

/** An SSH client that connects, and answers mktemp (the tempDir script) with `dir`. */
function fakeSsh(dir: string): {
  run: (argv: readonly string[], options?: ExecOptions) => Promise<ExecResult>;
  calls: string[];
} {
  const calls: string[] = [];
  return {
    calls,
    run: async (argv) => {
      const line = argv.join(' ');
      calls.push(line);
      return { code: 0, stdout: line.includes('mktemp -d') ? `${dir}\n` : '', stderr: '' };
    },
  };
}

const target = {
  endpoint: { user: 'deploy', host: 'app.example', port: 22 },
  jumps: [],
  key: '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
  knownHosts: 'app.example ssh-ed25519 AAAA\n',
};

describe('SshHost records for the post step as it goes', () => {
  test('the key directory is recorded before the key is written into it', async () => {
    const seen: Array<{ dirs: string[]; keyThere: boolean }> = [];
    const { run } = fakeSsh('/tmp/berth-AbCd1234');
    const host = await SshHost.open(
      run,
      {
        info: () => undefined,
        saveState: (name, value) => {
          if (name !== 'ssh-dirs') return;
          const dirs = JSON.parse(value) as string[];
          seen.push({ dirs, keyThere: dirs.some((d) => existsSync(path.join(d, 'id'))) });
        },
      },
      target,
    );
    await host.close();
    expect(seen[0]?.dirs).toHaveLength(1);
    expect(seen[0]?.keyThere).toBe(false);
    expect(seen.at(-1)?.dirs).toEqual([]);
  });

  test("the server's temporary directory is recorded as made, with its host, and dropped once removed", async () => {
    const state: Record<string, string> = {};
    const { run } = fakeSsh('/tmp/berth-AbCd1234');
    const host = await SshHost.open(
      run,
      { info: () => undefined, saveState: (name, value) => void (state[name] = value) },
      target,
    );
    try {
      const dir = await host.makeTempDir();
      expect(dir).toBe('/tmp/berth-AbCd1234');
      expect(JSON.parse(state['remote-temp-dirs'] ?? '')).toEqual([
        { host: 'deploy@app.example', dir: '/tmp/berth-AbCd1234' },
      ]);
      await host.remove('/tmp/berth-AbCd1234/env-1234'); // a file in it: the directory stays recorded
      expect(JSON.parse(state['remote-temp-dirs'] ?? '')).toHaveLength(1);
      await host.remove(dir);
      expect(JSON.parse(state['remote-temp-dirs'] ?? '')).toEqual([]);
    } finally {
      await host.close();
    }
  });

  test('mktemp answering something that is not a berth temp dir: refused, nothing recorded', async () => {
    const state: Record<string, string> = {};
    const { run } = fakeSsh('/home/deploy');
    const host = await SshHost.open(
      run,
      { info: () => undefined, saveState: (name, value) => void (state[name] = value) },
      target,
    );
    try {
      await expect(host.makeTempDir()).rejects.toThrow('mktemp -d on deploy@app.example failed');
      expect(state['remote-temp-dirs']).toBeUndefined();
    } finally {
      await host.close();
    }
  });

  test("the post step's removal refuses a path that is not berth's before anything runs", async () => {
    const { run, calls } = fakeSsh('/tmp/berth-AbCd1234');
    const host = await SshHost.open(run, { info: () => undefined }, target);
    try {
      const before = calls.length;
      await expect(host.removeTempDir('/home/deploy')).rejects.toThrow(
        '"/home/deploy" is not a temporary directory of berth\'s; left alone',
      );
      expect(calls.length).toBe(before);
    } finally {
      await host.close();
    }
  });
});

describe('releaseOpenSshHosts: a stopped CLI run releases what it holds itself', () => {
  test("each open connection removes its server's temporary directory, then closes (master, key directory)", async () => {
    const { run, calls } = fakeSsh('/tmp/berth-CLIcli12');
    const host = await SshHost.open(run, { info: () => undefined }, target);
    const dir = await host.makeTempDir();
    const keyDir = path.dirname(
      (calls[0] ?? '').split(' ')[2] ?? '', // ssh -F <dir>/config …
    );
    expect(existsSync(path.join(keyDir, 'id'))).toBe(true);
    await releaseOpenSshHosts();
    const removal = calls.findIndex((c) => c.includes('rm -rf') && c.includes(dir) && c.includes('test -O'));
    const exit = calls.findIndex((c) => c.includes(' -O exit '));
    expect(removal).toBeGreaterThan(-1);
    expect(exit).toBeGreaterThan(removal);
    expect(existsSync(keyDir)).toBe(false);
    // Nothing left open: a second call does nothing.
    const count = calls.length;
    await releaseOpenSshHosts();
    expect(calls.length).toBe(count);
  });
});

describe('cleanupRemoteTempDirs: the post step on the servers', () => {
  const logs = () => {
    const info: string[] = [];
    const warnings: string[] = [];
    return {
      info,
      warnings,
      log: { info: (m: string) => info.push(m), warning: (m: string) => warnings.push(m) },
    };
  };
  const stateOf = (entries: unknown) => {
    const state: Record<string, string> = { 'remote-temp-dirs': JSON.stringify(entries) };
    return { getState: (n: string) => state[n] ?? '' };
  };

  test("removes each recorded directory over one connection per host; skips entries that are not berth's", async () => {
    const removedOn: string[] = [];
    const connected: string[] = [];
    let closed = 0;
    const { info, warnings, log } = logs();
    const removed = await cleanupRemoteTempDirs(
      stateOf([
        { host: 'root@10.0.0.1', dir: '/tmp/berth-AAAAaaaa' },
        { host: 'root@10.0.0.1', dir: '/etc' },
        { host: 'root@10.0.0.2', dir: '/tmp/berth-BBBBbbbb' },
        { host: '', dir: '/tmp/berth-CCCCcccc' },
        { host: 'root@10.0.0.1', dir: '/tmp/../berth-DDDDdddd' },
        'junk',
        null,
      ]),
      async (host) => {
        connected.push(host);
        return {
          removeTempDir: async (dir: string) => {
            removedOn.push(`${host} ${dir}`);
            return true;
          },
          close: async () => void (closed += 1),
        };
      },
      log,
    );
    expect(connected).toEqual(['root@10.0.0.1', 'root@10.0.0.2']);
    expect(removedOn).toEqual(['root@10.0.0.1 /tmp/berth-AAAAaaaa', 'root@10.0.0.2 /tmp/berth-BBBBbbbb']);
    expect(closed).toBe(2);
    expect(removed).toEqual([
      { host: 'root@10.0.0.1', dir: '/tmp/berth-AAAAaaaa' },
      { host: 'root@10.0.0.2', dir: '/tmp/berth-BBBBbbbb' },
    ]);
    expect(warnings).toEqual([]);
    expect(info).toContain(
      'removed /tmp/berth-AAAAaaaa on root@10.0.0.1, the temporary directory (registry login, env files) a stopped run left',
    );
  });

  test('a host the post step cannot reach: a warning naming the host and the path', async () => {
    const { warnings, log } = logs();
    const removed = await cleanupRemoteTempDirs(
      stateOf([{ host: 'root@10.0.0.9', dir: '/tmp/berth-AAAAaaaa' }]),
      async () => {
        throw new Error('ssh-host / bastion: cannot connect to root@10.0.0.9: Connection timed out');
      },
      log,
    );
    expect(removed).toEqual([]);
    expect(warnings).toEqual([
      "could not remove berth's temporary directory /tmp/berth-AAAAaaaa on root@10.0.0.9 (this run's registry login and env files): ssh-host / bastion: cannot connect to root@10.0.0.9: Connection timed out; remove it by hand (the next deploy there removes it once a day old)",
    ]);
  });

  test('inputs that no longer name the host: a warning naming the host and the path', async () => {
    const { warnings, log } = logs();
    await cleanupRemoteTempDirs(
      stateOf([{ host: 'root@10.0.0.9', dir: '/tmp/berth-AAAAaaaa' }]),
      async () => undefined,
      log,
    );
    expect(warnings).toEqual([
      expect.stringContaining(
        "/tmp/berth-AAAAaaaa on root@10.0.0.9 (this run's registry login and env files): the ssh-host inputs of this step no longer name that host",
      ),
    ]);
  });

  test('nothing recorded, or state that is not JSON: no connection at all', async () => {
    const { log } = logs();
    let connections = 0;
    const connect = async () => {
      connections += 1;
      return undefined;
    };
    await cleanupRemoteTempDirs({ getState: () => '' }, connect, log);
    await cleanupRemoteTempDirs({ getState: () => '{not json' }, connect, log);
    await cleanupRemoteTempDirs(stateOf({ host: 'root@x', dir: '/tmp/berth-AAAAaaaa' }), connect, log);
    expect(connections).toBe(0);
  });
});
