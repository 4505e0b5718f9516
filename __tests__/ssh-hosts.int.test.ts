/**
 * The two-host SSH topology itself (not berth): a hand-written ssh config reaches the app through the
 * bastion, host keys are checked, the app cannot reach the runner, and a container on the app's own
 * engine answers on its loopback, also through `ssh -W`. With two app hosts behind the bastion, each is a
 * host of its own with an engine of its own, and neither can reach the other. With `privatePath`, each app
 * has files of its own at one common path, as separate servers do.
 *
 * @needs docker busybox sshd ssh ip curl root
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { TestSshHosts, type AppHost } from './helpers/ssh-hosts.js';
import { busyboxContext } from './helpers/registry.js';

const DOCKER = '/usr/bin/docker';
const SUFFIX = randomBytes(3).toString('hex');
const IMAGE = `berth-ssh-smoke-${SUFFIX}:1`;
const PORT = 18000 + (randomBytes(2).readUInt16BE(0) % 1000);
let hosts: TestSshHosts;
let work: string;
let context: string;
let config: string;
let archive: Buffer | undefined;

/**
 * An ssh config as a user would write it: the apps only through the bastion, host keys pinned. `app` is the
 * first app host, `app1`, `app2`, … each of them. Not exported: importing a test file would register its
 * tests in the importer.
 */
function sshConfigFor(h: TestSshHosts, keyFile: string, knownHostsFile: string): string {
  return [
    'Host bastion',
    `  HostName ${h.bastion.address}`,
    `  Port ${h.bastion.port}`,
    ...[h.app, ...h.apps].flatMap((app, i) => [
      `Host ${i === 0 ? 'app' : `app${i}`}`,
      `  HostName ${app.address}`,
      `  Port ${app.port}`,
      '  ProxyJump bastion',
    ]),
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

/**
 * What a TCP connection from inside `app`'s namespace to address:port comes to within `timeoutMs`:
 * `connected`, `timeout`, or the error code (ENETUNREACH, …).
 */
function connectFrom(app: AppHost, address: string, port: number, timeoutMs = 3_000): string {
  const script = [
    'const [host, port, timeout] = process.argv.slice(1);',
    "const socket = require('node:net').connect({ host, port: Number(port), timeout: Number(timeout) });",
    'const done = (what) => { console.log(what); process.exit(0); };',
    "socket.on('connect', () => done('connected'));",
    "socket.on('timeout', () => done('timeout'));",
    "socket.on('error', (error) => done(error.code));",
  ].join('\n');
  const argv = [process.execPath, '-e', script, address, String(port), String(timeoutMs)];
  return app.exec(argv, { timeout: timeoutMs + 10_000 }).trim();
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

/** `pid starttime` of each running process in one of these mount namespaces (`mnt:[inode]`). */
function processesInMountNs(namespaces: string[]): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        if (!namespaces.includes(readlinkSync(`/proc/${pid}/ns/mnt`))) return [];
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
        return fields[0] === 'Z' ? [] : [`${pid} ${fields[19]}`]; // field 22: start time
      } catch {
        return []; // exited meanwhile
      }
    });
}

/** IMAGE (busybox httpd serving /health), built once, as `docker save` output for an app's engine. */
function imageArchive(): Buffer {
  if (archive === undefined) {
    context = busyboxContext('ssh-smoke');
    execFileSync(DOCKER, ['build', '-q', '--build-arg', `MARKER=smoke-${SUFFIX}`, '-t', IMAGE, context], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    archive = execFileSync(DOCKER, ['save', IMAGE], { maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  }
  return archive;
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
  expect(hosts.appExec(['docker', 'load'], { input: imageArchive() })).toContain(IMAGE);
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

describe('two app hosts behind the bastion', () => {
  let two: TestSshHosts;
  let twoWork: string;
  let twoConfig: string;
  const socketDir = (app: AppHost) => path.dirname(app.dockerHost.replace(/^unix:\/\//, ''));

  beforeAll(async () => {
    two = await new TestSshHosts({ apps: 2 }).start();
    twoWork = mkdtempSync(path.join(tmpdir(), 'berth-ssh-smoke-two-'));
    const keyFile = path.join(twoWork, 'id_ed25519');
    writeFileSync(keyFile, two.clientKey, { mode: 0o600 });
    writeFileSync(path.join(twoWork, 'known_hosts'), two.knownHosts);
    twoConfig = path.join(twoWork, 'config');
    writeFileSync(twoConfig, sshConfigFor(two, keyFile, path.join(twoWork, 'known_hosts')));
  }, 120_000);

  afterAll(async () => {
    try {
      await two?.stop();
    } finally {
      if (twoWork) rmSync(twoWork, { recursive: true, force: true });
    }
  }, 120_000);

  test('each app is a host of its own, with its own engine, through the bastion', () => {
    const [app1, app2] = two.apps as [AppHost, AppHost];
    expect(two.apps).toHaveLength(2);
    expect(two.app).toBe(app1); // the single-app API is the first app
    expect(two.appDockerHost).toBe(app1.dockerHost);
    expect(new Set([two.bastion.address, app1.address, app2.address]).size).toBe(3);
    // One known_hosts line each, three different host keys.
    const lines = two.knownHosts.trim().split('\n');
    expect(lines.map((line) => line.split(' ')[0])).toEqual([
      two.bastion.address,
      app1.address,
      app2.address,
    ]);
    expect(new Set(lines.map((line) => line.split(' ')[2])).size).toBe(3);
    // No privatePath: all see the machine's files.
    expect(two.privatePath).toBe('');
    expect(two.apps.map((app) => app.privateDir)).toEqual(['', '']);

    const roots = (['app1', 'app2'] as const).map((alias, i) => {
      const app = two.apps[i] as AppHost;
      const result = ssh(
        [alias, "ip -4 -o addr show; docker info --format 'root={{.DockerRootDir}}'"],
        undefined,
        twoConfig,
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`inet ${app.address}/30`); // this host, not the other
      const root = /^root=(.*)$/m.exec(result.stdout)?.[1] ?? '';
      expect(root.startsWith(`${socketDir(app)}/`)).toBe(true); // its own engine, not /var/lib/docker
      expect(app.exec([DOCKER, 'info', '--format', '{{.DockerRootDir}}']).trim()).toBe(root);
      return root;
    });
    expect(roots[0]).not.toBe(roots[1]);
    expect(socketDir(app1)).not.toBe(socketDir(app2));
  }, 60_000);

  test('the apps cannot reach each other, nor the runner', async () => {
    const [app1, app2] = two.apps as [AppHost, AppHost];
    const server: Server = createServer((socket) => socket.end('runner\n'));
    await new Promise<void>((resolve) => server.listen(0, two.runnerAddress, resolve));
    try {
      const runnerPort = (server.address() as { port: number }).port;
      expect(await canConnect(two.runnerAddress, runnerPort)).toBe(true); // it does listen
      // The probe does connect where there is a way: each app to its own sshd.
      expect(connectFrom(app1, app1.address, app1.port)).toBe('connected');
      expect(connectFrom(app2, app2.address, app2.port)).toBe('connected');
      const blocked: [AppHost, string, number][] = [
        [app1, app2.address, app2.port],
        [app2, app1.address, app1.port],
        [app1, two.runnerAddress, runnerPort],
        [app2, two.runnerAddress, runnerPort],
      ];
      for (const [from, address, port] of blocked) {
        expect(connectFrom(from, address, port)).toMatch(/^(ENETUNREACH|EHOSTUNREACH|timeout)$/);
        expect(() => from.exec(['ip', 'route', 'get', address], { timeout: 10_000 })).toThrow(/unreachable/i);
      }
      // Not only for want of a route: with routes through the bastion, it forwards nothing.
      const via = (app: AppHost) => app.address.replace(/\.2$/, '.1'); // the bastion's end of its link
      app1.exec(['ip', 'route', 'add', `${app2.address}/32`, 'via', via(app1)]);
      app2.exec(['ip', 'route', 'add', `${app1.address}/32`, 'via', via(app2)]);
      // (A forwarded SYN over veths is answered in well under a millisecond.)
      expect(connectFrom(app1, app2.address, app2.port, 1_000)).toMatch(
        /^(EHOSTUNREACH|ENETUNREACH|timeout)$/,
      );
    } finally {
      server.close();
    }
    expect(await canConnect(app2.address, app2.port)).toBe(false);
  }, 60_000);

  test('stop leaves nothing of either app behind', async () => {
    const dir = path.dirname(socketDir(two.app));
    expect(two.apps.map((app) => path.dirname(socketDir(app)))).toEqual([dir, dir]);
    await two.stop();
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(two.id);
    expect(processesMentioning(dir)).toEqual([]);
    expect(processesMentioning(two.id)).toEqual([]);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(dir);
    expect(existsSync(dir)).toBe(false);
    expect(execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })).not.toContain(two.id);
    await two.stop(); // twice is fine (afterAll calls it again)
  }, 60_000);
});

describe('a private path per app (privatePath)', () => {
  let priv: TestSshHosts;
  let privWork: string;
  let privConfig: string;
  /** Each app's mount namespace (`mnt:[inode]`), as its exec sees it. */
  let mountNamespaces: string[];
  const NGINX_PORT = PORT + 1000;
  const on = (alias: string, command: string, input?: string) => ssh([alias, command], input, privConfig);

  beforeAll(async () => {
    priv = await new TestSshHosts({ apps: 2, privatePath: true }).start();
    privWork = mkdtempSync(path.join(tmpdir(), 'berth-ssh-smoke-private-'));
    const keyFile = path.join(privWork, 'id_ed25519');
    writeFileSync(keyFile, priv.clientKey, { mode: 0o600 });
    writeFileSync(path.join(privWork, 'known_hosts'), priv.knownHosts);
    privConfig = path.join(privWork, 'config');
    writeFileSync(privConfig, sshConfigFor(priv, keyFile, path.join(privWork, 'known_hosts')));
    mountNamespaces = priv.apps.map((app) => app.exec(['readlink', '/proc/self/ns/mnt']).trim());
  }, 120_000);

  afterAll(async () => {
    try {
      await priv?.stop();
    } finally {
      if (privWork) rmSync(privWork, { recursive: true, force: true });
    }
  }, 120_000);

  test('each app has its own files at the common path: over ssh, through exec, in privateDir', () => {
    const common = priv.privatePath;
    expect(common).toBe(`/tmp/berth-srv-${priv.id}`);
    expect(readdirSync(common)).toEqual([]);
    const aliases = ['app1', 'app2'];
    // The same path on both, as a deploy with the same inputs writes it.
    for (const alias of aliases) {
      const put = on(
        alias,
        `mkdir -p ${common}/state && cat > ${common}/state/current`,
        `${alias}-${SUFFIX}\n`,
      );
      expect(put.stderr).toBe('');
      expect(put.status).toBe(0);
    }
    priv.apps.forEach((app, i) => {
      const content = `${aliases[i]}-${SUFFIX}\n`;
      expect(on(aliases[i] as string, `cat ${common}/state/current`).stdout).toBe(content);
      expect(app.exec(['cat', `${common}/state/current`])).toBe(content);
      expect(readFileSync(path.join(app.privateDir, 'state', 'current'), 'utf8')).toBe(content);
    });
    const [app1, app2] = priv.apps as [AppHost, AppHost];
    expect(app1.privateDir).not.toBe(app2.privateDir);
    // What the runner puts in an app's privateDir, that app (only) sees at the common path.
    writeFileSync(path.join(app2.privateDir, 'from-runner'), 'hello\n');
    expect(on('app2', `cat ${common}/from-runner`).stdout).toBe('hello\n');
    expect(on('app1', `test -e ${common}/from-runner || echo absent`).stdout).toBe('absent\n');
    // The runner and the bastion see the common path as it is on the machine: empty.
    expect(readdirSync(common)).toEqual([]);
    const bastion = on('bastion', `ls -A ${common}`);
    expect(bastion.status).toBe(0);
    expect(bastion.stdout).toBe('');
    // An app's ssh sessions are in the mount namespace its exec enters; each app's is its own.
    aliases.forEach((alias, i) => {
      expect(on(alias, 'readlink /proc/self/ns/mnt').stdout.trim()).toBe(mountNamespaces[i]);
    });
    expect(new Set([...mountNamespaces, readlinkSync('/proc/self/ns/mnt')]).size).toBe(3);
  }, 60_000);

  test('a container started over ssh on each app still works', () => {
    priv.apps.forEach((app, i) => {
      expect(app.exec([DOCKER, 'load'], { input: imageArchive(), timeout: 60_000 })).toContain(IMAGE);
      const run = on(
        `app${i + 1}`,
        [
          `cd ${priv.privatePath}`,
          `docker run -d --name private-${i + 1} -p 127.0.0.1:${PORT}:8080 ${IMAGE} >/dev/null`,
          // Bounded: 50 tries, 2 s each at most.
          `for i in $(seq 50); do curl -sf --max-time 2 http://127.0.0.1:${PORT}/health && exit 0; sleep 0.1; done`,
          'exit 1',
        ].join('\n'),
      );
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`smoke-${SUFFIX}\n`);
    });
  }, 180_000);

  test("an nginx on each app, same prefix and port, serves that app's files and quits", async () => {
    const prefix = `${priv.privatePath}/nginx`;
    const nginx = (...args: string[]) => ['nginx', '-p', prefix, '-c', 'conf/nginx.conf', ...args];
    const conf = [
      'user nobody nogroup;',
      'worker_processes 1;',
      `pid ${prefix}/logs/nginx.pid;`,
      `error_log ${prefix}/logs/error.log warn;`,
      'events { worker_connections 64; }',
      'http {',
      '  access_log off;',
      '  server {',
      `    listen 127.0.0.1:${NGINX_PORT};`,
      `    root ${prefix}/html;`,
      '  }',
      '}',
      '',
    ].join('\n');
    const pidFile = (app: AppHost) => path.join(app.privateDir, 'nginx', 'logs', 'nginx.pid');
    const get = (app: AppHost) =>
      app.exec(['curl', '-sf', '--max-time', '2', `http://127.0.0.1:${NGINX_PORT}/`], { timeout: 10_000 });
    priv.apps.forEach((app, i) => {
      // The same config over ssh, a page of its own from the runner.
      const dirs = ['conf', 'logs', 'html'].map((dir) => `${prefix}/${dir}`).join(' ');
      const put = on(`app${i + 1}`, `mkdir -p ${dirs} && cat > ${prefix}/conf/nginx.conf`, conf);
      expect(put.stderr).toBe('');
      expect(put.status).toBe(0);
      writeFileSync(path.join(app.privateDir, 'nginx', 'html', 'index.html'), `nginx on app${i + 1}\n`);
    });
    try {
      const masters = priv.apps.map((app, i) => {
        app.exec(nginx(), { timeout: 15_000 }); // returns once the master is up (it daemonizes)
        const pid = readFileSync(pidFile(app), 'utf8').trim();
        expect(readlinkSync(`/proc/${pid}/ns/mnt`)).toBe(mountNamespaces[i]);
        return pid;
      });
      expect(masters[0]).not.toBe(masters[1]);
      priv.apps.forEach((app, i) => expect(get(app)).toBe(`nginx on app${i + 1}\n`));
      expect(readdirSync(priv.privatePath)).toEqual([]);

      for (const app of priv.apps) app.exec(nginx('-s', 'quit'), { timeout: 15_000 });
      const deadline = Date.now() + 10_000;
      while (masters.some((pid) => existsSync(`/proc/${pid}`)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      for (const pid of masters) expect(existsSync(`/proc/${pid}`)).toBe(false);
      for (const app of priv.apps) {
        expect(existsSync(pidFile(app))).toBe(false); // nginx removes it on exit
        expect(() => get(app)).toThrow();
      }
    } finally {
      for (const app of priv.apps) {
        if (existsSync(pidFile(app))) {
          try {
            app.exec(nginx('-s', 'quit'), { timeout: 15_000 });
          } catch {
            // stop() ends whatever is left
          }
        }
      }
    }
  }, 60_000);

  test('stop leaves no mount namespace, mount, process or directory behind', async () => {
    const common = priv.privatePath;
    const dir = path.dirname(path.dirname(priv.app.privateDir));
    // The holders and the sshds at least.
    const holding = processesInMountNs(mountNamespaces);
    expect(holding.length).toBeGreaterThanOrEqual(4);
    await priv.stop();
    // (By pid and start time: a freed namespace's inode is soon another's.)
    expect(processesInMountNs(mountNamespaces).filter((p) => holding.includes(p))).toEqual([]);
    const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
    expect(mountinfo).not.toContain(common);
    expect(mountinfo).not.toContain(dir);
    expect(existsSync(common)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(processesMentioning(common)).toEqual([]);
    expect(processesMentioning(dir)).toEqual([]);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(priv.id);
    expect(() => priv.app.exec(['true'])).toThrow(/mount namespace/);
    await priv.stop(); // twice is fine (afterAll calls it again)
  }, 60_000);
});
