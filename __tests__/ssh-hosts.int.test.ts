/**
 * The two-host SSH topology itself (not berth): a hand-written ssh config reaches the app through the
 * bastion, host keys are checked, the app cannot reach the runner, and a container on the app's own
 * engine answers on its loopback, also through `ssh -W`.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { TestSshHosts } from './helpers/ssh-hosts.js';
import { busyboxContext } from './helpers/registry.js';

const DOCKER = '/usr/bin/docker';
const SUFFIX = randomBytes(3).toString('hex');
const IMAGE = `berth-ssh-smoke-${SUFFIX}:1`;
const PORT = 18000 + (randomBytes(2).readUInt16BE(0) % 1000);
let hosts: TestSshHosts;
let work: string;
let context: string;
let config: string;

/**
 * An ssh config as a user would write it: the app only through the bastion, host keys pinned. Not exported:
 * importing a test file would register its tests in the importer.
 */
function sshConfigFor(h: TestSshHosts, keyFile: string, knownHostsFile: string): string {
  return [
    'Host bastion',
    `  HostName ${h.bastion.address}`,
    `  Port ${h.bastion.port}`,
    'Host app',
    `  HostName ${h.app.address}`,
    `  Port ${h.app.port}`,
    '  ProxyJump bastion',
    'Host *',
    `  User ${h.user}`,
    `  IdentityFile ${keyFile}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${knownHostsFile}`,
    '  GlobalKnownHostsFile /dev/null',
    '  StrictHostKeyChecking yes',
    '  UpdateHostKeys no',
    '  BatchMode yes',
    '  ConnectTimeout 5',
    '  LogLevel ERROR',
    '',
  ].join('\n');
}

function ssh(args: string[], input?: string, cfg = config): SpawnSyncReturns<string> {
  return spawnSync('ssh', ['-F', cfg, ...args], { encoding: 'utf8', input, timeout: 30_000 });
}

/** Whether a TCP connection from the runner opens within a few seconds. */
function canConnect(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, timeout: 3_000 }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Command lines of running processes that mention `text` (no `ps`: procps is not in a minimal Debian). */
function processesMentioning(text: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        return args.includes(text) ? [args] : [];
      } catch {
        return []; // exited meanwhile
      }
    });
}

beforeAll(async () => {
  hosts = await new TestSshHosts().start();
  work = mkdtempSync(path.join(tmpdir(), 'berth-ssh-smoke-'));
  const keyFile = path.join(work, 'id_ed25519');
  writeFileSync(keyFile, hosts.clientKey, { mode: 0o600 }); // ssh ignores keys others can read
  writeFileSync(path.join(work, 'known_hosts'), hosts.knownHosts);
  config = path.join(work, 'config');
  writeFileSync(config, sshConfigFor(hosts, keyFile, path.join(work, 'known_hosts')));
  // Only the app's host key: the bastion cannot be verified.
  writeFileSync(path.join(work, 'known_hosts_app_only'), `${hosts.knownHosts.split('\n')[1]}\n`);
  writeFileSync(
    path.join(work, 'config_app_only'),
    sshConfigFor(hosts, keyFile, path.join(work, 'known_hosts_app_only')),
  );
}, 120_000);

afterAll(async () => {
  try {
    await hosts?.stop();
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
    if (context) rmSync(context, { recursive: true, force: true });
    spawnSync(DOCKER, ['image', 'rm', '--force', IMAGE], { stdio: 'ignore', timeout: 30_000 });
  }
}, 120_000);

test('ssh reaches the app through the bastion, and its sessions use the app engine', () => {
  const version = ssh(['app', "docker version --format '{{.Server.Version}}'"]);
  expect(version.stderr).toBe('');
  expect(version.status).toBe(0);
  expect(version.stdout.trim()).toBe(
    hosts.appExec([DOCKER, 'version', '--format', '{{.Server.Version}}']).trim(),
  );

  const root = ssh(['app', "docker info --format '{{.DockerRootDir}}'"]);
  expect(root.status).toBe(0);
  const appDir = path.dirname(hosts.appDockerHost.replace(/^unix:\/\//, ''));
  expect(root.stdout.trim().startsWith(`${appDir}/`)).toBe(true); // not /var/lib/docker
  expect(ssh(['bastion', 'echo ok']).stdout).toBe('ok\n');
});

test('without the bastion host key, host key verification fails', () => {
  const result = ssh(['app', 'true'], undefined, path.join(work, 'config_app_only'));
  expect(result.status).not.toBe(0);
  expect(result.stderr).toMatch(/Host key verification failed/);
});

test('the app cannot reach the runner, nor the runner the app', async () => {
  const server: Server = createServer((socket) => socket.end('runner\n'));
  await new Promise<void>((resolve) => server.listen(0, hosts.runnerAddress, resolve));
  try {
    const port = (server.address() as { port: number }).port;
    expect(await canConnect(hosts.runnerAddress, port)).toBe(true); // it does listen
    expect(() =>
      hosts.appExec(['curl', '-sS', '--max-time', '3', `http://${hosts.runnerAddress}:${port}/`], {
        timeout: 10_000,
      }),
    ).toThrow(/unreachable|Couldn't connect|timed out/i);
    expect(() => hosts.appExec(['ip', 'route', 'get', hosts.runnerAddress])).toThrow(/unreachable/i);
  } finally {
    server.close();
  }
  expect(await canConnect(hosts.app.address, hosts.app.port)).toBe(false);
});

test('a container published on the app loopback answers there and through ssh -W', async () => {
  context = busyboxContext('ssh-smoke');
  execFileSync(DOCKER, ['build', '-q', '--build-arg', `MARKER=smoke-${SUFFIX}`, '-t', IMAGE, context], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  const archive = execFileSync(DOCKER, ['save', IMAGE], { maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  expect(hosts.appExec(['docker', 'load'], { input: archive })).toContain(IMAGE);
  hosts.appExec(['docker', 'run', '-d', '--name', 'smoke', '-p', `127.0.0.1:${PORT}:8080`, IMAGE]);

  const url = `http://127.0.0.1:${PORT}/health`;
  let body = '';
  for (let i = 0; i < 100 && body === ''; i++) {
    try {
      body = hosts.appExec(['curl', '-sf', '--max-time', '2', url], { timeout: 5_000 });
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  expect(body).toBe(`smoke-${SUFFIX}\n`);

  const forwarded = ssh(['-W', `127.0.0.1:${PORT}`, 'app'], 'GET /health HTTP/1.0\r\n\r\n');
  expect(forwarded.status).toBe(0);
  expect(forwarded.stdout).toMatch(/^HTTP\/1\.[01] 200/);
  expect(forwarded.stdout).toContain(`smoke-${SUFFIX}`);
}, 180_000);

test('cutLink drops the bastion, restoreLink brings it back', () => {
  hosts.cutLink();
  try {
    const cut = ssh(['-o', 'ConnectTimeout=3', 'bastion', 'true']);
    expect(cut.status).not.toBe(0);
    expect(cut.stderr).toMatch(/No route to host|unreachable|timed out/i);
  } finally {
    hosts.restoreLink();
  }
  expect(ssh(['app', 'echo back']).stdout).toBe('back\n');
});

test('stop leaves no namespace, process, mount or directory behind', async () => {
  const appDockerSocket = hosts.appDockerHost.replace(/^unix:\/\//, '');
  const dir = path.dirname(path.dirname(appDockerSocket));
  await hosts.stop();
  expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(hosts.id);
  expect(processesMentioning(dir)).toEqual([]);
  expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(dir);
  expect(existsSync(dir)).toBe(false);
  expect(execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })).not.toContain(hosts.id);
  await hosts.stop(); // twice is fine (afterAll calls it again)
}, 60_000);
