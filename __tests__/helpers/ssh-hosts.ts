/**
 * Real SSH hosts for deploy-over-SSH tests, each a network namespace of the test's own: a bastion and one
 * or more app hosts behind it (`new TestSshHosts({ apps: 2 })`):
 *
 *   runner (this namespace) --veth /30-- bastion --veth /30-- app1
 *                                                 --veth /30-- app2 …
 *
 * All run Debian's OpenSSH sshd (root login by key only). Each app also runs a private Docker engine of its
 * own, which its SSH sessions use (DOCKER_HOST). The apps have no route back to the runner nor to each
 * other, and the runner none to them: the only way in is SSH through the bastion (ProxyJump), and an app
 * cannot reach a registry on the runner. Addresses are in 10.213.0.0/16, unreachable outside these
 * namespaces (see netns.ts). Needs root (CI runs as root).
 *
 * The hosts share the machine's filesystem. A product that deploys the same inputs to several servers
 * writes to the same absolute paths on each (an nginx prefix, an upstream include, a state directory);
 * `privatePath: true` gives each app a file tree of its own at one common path (`hosts.privatePath`):
 * each app's sshd, `exec` and `spawn` run in a mount namespace of that app where its own directory
 * (`app.privateDir`, which the runner reads and writes directly) is bind-mounted on the common path. In the
 * runner's (and the bastion's) mount namespace the common path stays an empty directory. The apps'
 * dockerds stay in the runner's mount namespace: a container works as usual, but a bind mount (`-v`) of
 * a path below the common path would see that empty directory, not the app's files.
 */
import { execFile, execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { addUnreachableRoute, ip, removeUnreachableRoute } from './netns.js';

const DOCKER = '/usr/bin/docker';
const START_TIMEOUT_MS = 60_000;
const execFileAsync = promisify(execFile);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The last lines of a log file, for error messages. */
function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Running (a zombie counts as gone: whoever reaps it, it holds nothing any more). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/s.test(stat);
  } catch {
    return false;
  }
}

/** A subnet index (10.213.N.0/24) no address of this namespace uses yet (leftover or parallel runs). */
function freeSubnet(exclude: number[]): number {
  const used = ip('-4', '-o', 'addr', 'show');
  for (;;) {
    const n = 1 + ((randomBytes(1)[0] ?? 0) % 250);
    if (!exclude.includes(n) && !used.includes(`10.213.${n}.`)) return n;
  }
}

function dockerPing(dockerHost: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { socketPath: dockerHost.replace(/^unix:\/\//, ''), path: '/_ping', timeout: 2_000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** Removes every container of the engine at dockerHost (async: the apps' engines are emptied side by side). */
async function removeContainers(dockerHost: string): Promise<void> {
  const env = { ...process.env, DOCKER_HOST: dockerHost };
  const { stdout } = await execFileAsync(DOCKER, ['ps', '-aq'], { encoding: 'utf8', env, timeout: 30_000 });
  const ids = stdout.split('\n').filter((id) => id !== '');
  if (ids.length > 0) await execFileAsync(DOCKER, ['rm', '-f', ...ids], { env, timeout: 60_000 });
}

/** Something start() waits for: `ready` polls it, `log` explains a failure. */
interface Wait {
  what: string;
  log: string;
  ready: () => Promise<boolean>;
}

/** One app host: reachable only from the bastion, with its own sshd and its own dockerd. */
export interface AppHost {
  address: string;
  port: number;
  /** unix:///… socket of this host's own dockerd. */
  dockerHost: string;
  /**
   * Runs argv inside this host's namespace (nsenter --net; with privatePath, --mount too) with DOCKER_HOST
   * set; returns stdout.
   */
  exec(argv: string[], options?: { input?: string | Buffer; timeout?: number }): string;
  /** Spawns a long-running process inside this host's namespace (e.g. nginx, a load loop); stop() ends it. */
  spawn(command: string, args: string[], options?: SpawnOptions): ChildProcess;
  /**
   * With `privatePath`: the real directory (in the runner's view) that this host sees at the common path
   * `hosts.privatePath`, e.g. to check the files a deploy wrote there. '' without `privatePath`.
   */
  privateDir: string;
}

export interface TestSshHostsOptions {
  /** How many app hosts behind the bastion (default 1); each has its own namespace, sshd and dockerd. */
  apps?: number;
  /**
   * Give each app a private view of one common path (`hosts.privatePath`, seen by each app as its own
   * `app.privateDir`), as separate servers have separate files at the same path (default false).
   */
  privatePath?: boolean;
}

class App implements AppHost {
  address = '';
  port = 22;
  dockerHost = '';
  /** Its sshd's keys, config and log, and its dockerd's roots, socket and log. */
  dir = '';
  dockerd: ChildProcess | undefined;
  privateDir = '';
  /**
   * With `privatePath`: a process (sleep) that keeps this app's mount namespace, where privateDir is
   * bind-mounted on the common path; sshd, exec and spawn enter it through /proc/<pid>/ns/mnt.
   */
  mountHolder: ChildProcess | undefined;

  constructor(
    /** app1, app2, …: its directory, and part of its namespace's and containerd namespaces' names. */
    readonly name: string,
    readonly ns: string,
    /** The bastion side of its link; the peer `…p` is in the app's namespace. */
    readonly veth: string,
    private readonly spawned: ChildProcess[],
  ) {}

  /**
   * nsenter's options to enter this host: its network namespace and, with privatePath, its mount
   * namespace (and then `cwd` again: entering a mount namespace moves to its root).
   */
  enter(cwd: string = process.cwd()): string[] {
    const net = `--net=/run/netns/${this.ns}`;
    if (this.privateDir === '') return [net];
    const holder = this.mountHolder;
    if (holder?.pid === undefined || holder.exitCode !== null || holder.signalCode !== null) {
      throw new Error(`${this.name}: its mount namespace (privatePath) is gone (not started, or stopped)`);
    }
    return [net, `--mount=/proc/${holder.pid}/ns/mnt`, `--wd=${cwd}`];
  }

  exec(argv: string[], options: { input?: string | Buffer; timeout?: number } = {}): string {
    return execFileSync('nsenter', [...this.enter(), ...argv], {
      encoding: 'utf8',
      env: { ...process.env, DOCKER_HOST: this.dockerHost },
      input: options.input,
      timeout: options.timeout ?? 120_000,
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }

  spawn(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const cwd = options.cwd instanceof URL ? fileURLToPath(options.cwd) : options.cwd;
    const child = spawn('nsenter', [...this.enter(cwd), command, ...args], {
      stdio: 'ignore',
      ...options,
      env: { ...process.env, DOCKER_HOST: this.dockerHost, ...options.env },
    });
    this.spawned.push(child);
    return child;
  }
}

export class TestSshHosts {
  readonly id = randomBytes(3).toString('hex');
  /** Reachable from the runner. */
  bastion = { address: '', port: 22 };
  /** The app hosts in order, each reachable only from the bastion. */
  readonly apps: AppHost[];
  /** This side of the runner↔bastion link (the address the apps must not be able to reach). */
  runnerAddress = '';
  user = 'root';
  /** The client's private key (OpenSSH format, no passphrase); its public key is authorized on all hosts. */
  clientKey = '';
  /** known_hosts lines for all hosts' ed25519 keys: the bastion's first, then the apps' in order. */
  knownHosts = '';
  /**
   * With `privatePath`: the common path (created empty here) where each app sees its own directory
   * (`app.privateDir`); '' without.
   */
  readonly privatePath: string;

  private readonly bastionNs = `berth-bastion-${this.id}`;
  private readonly runnerVeth = `vr${this.id}`; // runner side; its peer `…p` is in the bastion
  private readonly appHosts: App[];
  private dir = '';
  private addedRoute = false;
  /** Whether start() made privatePath (so stop() removes it, and nothing someone else made). */
  private madePrivatePath = false;
  /** sshds and dockerds, with their log files (for the error when one exits during start). */
  private readonly daemons: { child: ChildProcess; log: string }[] = [];
  private readonly spawned: ChildProcess[] = [];

  constructor({ apps = 1, privatePath = false }: TestSshHostsOptions = {}) {
    // At most two digits: an interface name (`va<N><id>p`) has at most 15 characters.
    if (!Number.isInteger(apps) || apps < 1 || apps > 99) throw new Error(`apps: 1 to 99, not ${apps}`);
    this.appHosts = Array.from({ length: apps }, (_, i) => {
      const name = `app${i + 1}`;
      return new App(name, `berth-${name}-${this.id}`, `va${i + 1}${this.id}`, this.spawned);
    });
    this.apps = this.appHosts;
    this.privatePath = privatePath ? `/tmp/berth-srv-${this.id}` : '';
  }

  /** Established SSH sessions on the bastion (its sshd's connections on port 22, from the runner). */
  bastionSessions(): number {
    const out = execFileSync(
      'ip',
      ['netns', 'exec', this.bastionNs, 'ss', '-Htn', 'state', 'established', '( sport = :22 )'],
      { encoding: 'utf8' },
    );
    return out.split('\n').filter((l) => l.trim() !== '').length;
  }

  /** The first app host (reachable only from the bastion). */
  get app(): AppHost {
    return this.appHosts[0] as App;
  }

  /** unix:///… socket of the first app host's own dockerd. */
  get appDockerHost(): string {
    return this.app.dockerHost;
  }

  /** Runs argv inside the first app host's namespace with DOCKER_HOST set; returns stdout. */
  appExec(argv: string[], options: { input?: string | Buffer; timeout?: number } = {}): string {
    return this.app.exec(argv, options);
  }

  /** Spawns a long-running process inside the first app host's namespace; stop() ends it. */
  appSpawn(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    return this.app.spawn(command, args, options);
  }

  async start(): Promise<this> {
    try {
      await this.setUp();
      return this;
    } catch (error) {
      await this.stop().catch(() => undefined);
      throw error;
    }
  }

  private async setUp(): Promise<void> {
    // Short, so not os.tmpdir(): dockerd's exec-root holds unix sockets (108-byte path limit).
    this.dir = mkdtempSync('/tmp/berth-ssh-');
    if (this.privatePath !== '') {
      mkdirSync(this.privatePath, { mode: 0o755 }); // not recursive: fails rather than take over a leftover
      this.madePrivatePath = true;
    }
    const subnets = [freeSubnet([])];
    for (const app of this.appHosts) {
      const n = freeSubnet(subnets);
      subnets.push(n);
      app.address = `10.213.${n}.2`;
    }
    this.runnerAddress = `10.213.${subnets[0]}.1`;
    this.bastion.address = `10.213.${subnets[0]}.2`;

    this.addedRoute = addUnreachableRoute();
    for (const ns of this.namespaces()) {
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    // Each veth pair is made with both ends in their namespaces already: nothing to move, and nothing left
    // over in the runner's namespace when a later step fails. runner ↔ bastion:
    const runnerPeer = `${this.runnerVeth}p`;
    ip('link', 'add', this.runnerVeth, 'type', 'veth', 'peer', 'name', runnerPeer, 'netns', this.bastionNs);
    ip('addr', 'add', `${this.runnerAddress}/30`, 'dev', this.runnerVeth);
    ip('link', 'set', this.runnerVeth, 'up');
    ip('-n', this.bastionNs, 'addr', 'add', `${this.bastion.address}/30`, 'dev', runnerPeer);
    ip('-n', this.bastionNs, 'link', 'set', runnerPeer, 'up');
    // bastion ↔ each app, a /30 each. No default routes anywhere: an app only knows its own /30, so neither
    // the runner nor another app.
    const inBastion = ['-n', this.bastionNs];
    for (const app of this.appHosts) {
      const peer = `${app.veth}p`;
      ip(...inBastion, 'link', 'add', app.veth, 'type', 'veth', 'peer', 'name', peer, 'netns', app.ns);
      ip(...inBastion, 'addr', 'add', `${app.address.replace(/\.2$/, '.1')}/30`, 'dev', app.veth);
      ip(...inBastion, 'link', 'set', app.veth, 'up');
      ip('-n', app.ns, 'addr', 'add', `${app.address}/30`, 'dev', peer);
      ip('-n', app.ns, 'link', 'set', peer, 'up');
    }
    // A new namespace inherits the runner's ip_forward (1 where dockerd runs): the bastion is not a router
    // (neither runner ↔ app nor app ↔ app).
    this.inNs(this.bastionNs, ['sh', '-c', 'echo 0 > /proc/sys/net/ipv4/ip_forward']);

    // The apps' dockerds first, all at once: they take longest to come up.
    for (const app of this.appHosts) {
      app.dir = path.join(this.dir, app.name);
      mkdirSync(app.dir);
      app.dockerHost = `unix://${path.join(app.dir, 'docker.sock')}`;
      this.startDockerd(app);
    }
    // Then the apps' mount namespaces (privatePath): made in no time, awaited just before the sshds.
    if (this.privatePath !== '') for (const app of this.appHosts) this.startMountHolder(app);

    const keygen = (file: string, comment: string) =>
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
    keygen(path.join(this.dir, 'client'), `berth-test-client-${this.id}`);
    this.clientKey = readFileSync(path.join(this.dir, 'client'), 'utf8');
    const clientPub = readFileSync(path.join(this.dir, 'client.pub'), 'utf8');

    // sshd refuses to start without its privilege-separation directory.
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const hostLines: string[] = [];
    const sshds: { name: string; hostDir: string }[] = [];
    const hosts = [
      {
        name: 'bastion',
        address: this.bastion.address,
        dockerHost: '',
        enter: () => [`--net=/run/netns/${this.bastionNs}`],
      },
      ...this.appHosts.map((app) => ({
        name: app.name,
        address: app.address,
        dockerHost: app.dockerHost,
        enter: () => app.enter('/'),
      })),
    ];
    // An app's sshd starts in its mount namespace (its sessions inherit it): wait until it is there.
    await this.waitFor(
      this.appHosts.flatMap((app) => (app.mountHolder ? [this.mountReady(app, app.mountHolder)] : [])),
    );
    for (const { name, address, dockerHost, enter } of hosts) {
      const hostDir = path.join(this.dir, name);
      mkdirSync(hostDir, { recursive: true });
      keygen(path.join(hostDir, 'host_ed25519'), `berth-test-${name}-${this.id}`);
      writeFileSync(path.join(hostDir, 'authorized_keys'), clientPub);
      const config = [
        `ListenAddress ${address}:22`,
        `HostKey ${path.join(hostDir, 'host_ed25519')}`,
        `PidFile ${path.join(hostDir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${path.join(hostDir, 'authorized_keys')}`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        // No PAM: no login sessions/limits to set up in a namespace; root's password is "*" (not locked).
        'UsePAM no',
        // The key and config files live in a temporary directory sshd would otherwise find too open.
        'StrictModes no',
        // The bastion for ProxyJump (-W), the apps for `ssh -W 127.0.0.1:PORT` probes of their containers.
        'AllowTcpForwarding yes',
        'PrintMotd no',
        // Deploys may open several connections/sessions at once; the defaults drop bursts at random.
        'MaxStartups 100',
        'MaxSessions 100',
        // Sessions on an app use its own engine, not the machine's.
        ...(dockerHost !== '' ? [`SetEnv DOCKER_HOST=${dockerHost}`] : []),
        '',
      ];
      writeFileSync(path.join(hostDir, 'sshd_config'), config.join('\n'));
      const pub = readFileSync(path.join(hostDir, 'host_ed25519.pub'), 'utf8').split(' ');
      hostLines.push(`${address} ${pub[0]} ${pub[1]}`);
      // -D: stay in the foreground (a child we can kill), -e: log to stderr (sshd.log).
      const log = path.join(hostDir, 'sshd.log');
      const args = ['-D', '-e', '-f', path.join(hostDir, 'sshd_config')];
      this.daemons.push({ child: this.spawnIn(enter(), '/usr/sbin/sshd', args, { log }), log });
      sshds.push({ name, hostDir });
    }
    this.knownHosts = `${hostLines.join('\n')}\n`;

    await this.waitFor([
      // sshd writes its pid file once its listening socket is bound.
      ...sshds.map(({ name, hostDir }) => ({
        what: `sshd (${name})`,
        log: path.join(hostDir, 'sshd.log'),
        ready: async () => existsSync(path.join(hostDir, 'sshd.pid')),
      })),
      ...this.appHosts.map((app) => ({
        what: `dockerd (${app.name})`,
        log: path.join(app.dir, 'dockerd.log'),
        ready: () => dockerPing(app.dockerHost),
      })),
    ]);
  }

  private startDockerd(app: App): void {
    // Not `ip netns exec`: it remounts /sys, and dockerd then finds no cgroups. nsenter --net only
    // changes the network namespace. Everything dockerd would share with the machine's engine (or another
    // app's) gets a path of its own; daemon.json is empty so /etc/docker/daemon.json cannot add hosts or
    // roots.
    writeFileSync(path.join(app.dir, 'daemon.json'), '{}\n');
    const log = path.join(app.dir, 'dockerd.log');
    app.dockerd = this.spawnIn(
      [`--net=/run/netns/${app.ns}`],
      'dockerd',
      [
        '--config-file',
        path.join(app.dir, 'daemon.json'),
        '--data-root',
        path.join(app.dir, 'data'),
        '--exec-root',
        path.join(app.dir, 'exec'),
        '--pidfile',
        path.join(app.dir, 'docker.pid'),
        '-H',
        app.dockerHost,
        // Should a system containerd be running (/run/containerd), keep out of the main engine's "moby"
        // and out of the other apps'.
        '--containerd-namespace',
        `berth-${this.id}-${app.name}`,
        '--containerd-plugins-namespace',
        `berth-${this.id}-${app.name}-plugins`,
      ],
      { log },
    );
    this.daemons.push({ child: app.dockerd, log });
  }

  /**
   * The app's mount namespace for privatePath: a copy of the runner's (unshare --mount), all private so
   * nothing mounted here or there crosses over, with privateDir bind-mounted on the common path, kept by a
   * process that then only sleeps. Nothing is mounted in the runner's namespace: the namespace, and its
   * bind mount with it, is gone once its last process is (stop() kills them all). The holder is in the
   * app's network namespace as well, like everything of the app's.
   */
  private startMountHolder(app: App): void {
    app.privateDir = path.join(app.dir, 'srv');
    mkdirSync(app.privateDir, { mode: 0o755 });
    const log = path.join(app.dir, 'mount-ns.log');
    app.mountHolder = this.spawnIn(
      [`--net=/run/netns/${app.ns}`],
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        '--',
        'sh',
        '-c',
        'mount --bind "$1" "$2" && exec sleep infinity',
        'berth-mount-ns',
        app.privateDir,
        this.privatePath,
      ],
      { log },
    );
    this.daemons.push({ child: app.mountHolder, log });
  }

  /** Ready once the holder (same pid through nsenter, unshare, sh and sleep) has the bind mount. */
  private mountReady(app: App, holder: ChildProcess): Wait {
    return {
      what: `mount namespace (${app.name})`,
      log: path.join(app.dir, 'mount-ns.log'),
      ready: async () => {
        if (holder.pid === undefined || holder.exitCode !== null || holder.signalCode !== null) return false;
        try {
          return readFileSync(`/proc/${holder.pid}/mountinfo`, 'utf8')
            .split('\n')
            .some((line) => line.split(' ')[4] === this.privatePath);
        } catch {
          return false; // exited meanwhile (waitFor reports it)
        }
      },
    };
  }

  /** Cuts the runner↔bastion link (ip link set down) to simulate SSH dropping; restoreLink() brings it back. */
  cutLink(): void {
    ip('link', 'set', this.runnerVeth, 'down');
  }

  restoreLink(): void {
    ip('link', 'set', this.runnerVeth, 'up'); // the kernel puts the /30 route back with the link
  }

  /**
   * Ends everything start() made, also after a failed or partial start; safe to call twice. The apps'
   * containers go first (their shims and mounts belong to their dockerd), all apps side by side, then the
   * daemons; anything still running in the namespaces (ssh sessions, docker-proxy, spawned children, the
   * privatePath mount namespaces' holders and whatever entered those) is killed by pid, which ends the
   * mount namespaces and their bind mounts. The common path goes last.
   */
  async stop(): Promise<void> {
    const errors: unknown[] = [];
    const attempt = async (step: () => unknown) => {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    };
    const dockerds = this.appHosts.flatMap((app) => {
      const pid = app.dockerd?.pid;
      return pid !== undefined && alive(pid) && app.dockerHost !== '' ? [{ pid, host: app.dockerHost }] : [];
    });
    await Promise.all(dockerds.map(({ host }) => attempt(() => removeContainers(host))));
    const dockerdPids = dockerds.map(({ pid }) => pid);
    await attempt(() => this.terminate(dockerdPids, 20_000));
    await attempt(() => this.terminate(this.namespacePids(), 5_000));
    this.daemons.length = 0;
    this.spawned.length = 0;
    for (const app of this.appHosts) {
      app.dockerd = undefined;
      app.mountHolder = undefined;
    }
    await attempt(() => this.unmountLeftovers());
    for (const ns of this.namespaces()) {
      // Deleting a namespace takes the veth ends in it, and so their peers.
      if (existsSync(`/run/netns/${ns}`)) await attempt(() => ip('netns', 'delete', ns));
    }
    // The runner's veth end goes with its peer; should it linger (failed start), remove it.
    await attempt(() => {
      if (ip('-o', 'link', 'show').includes(`${this.runnerVeth}@`)) ip('link', 'delete', this.runnerVeth);
    });
    if (this.dir !== '' && this.mounts().length === 0) {
      await attempt(() => rmSync(this.dir, { recursive: true, force: true }));
    }
    if (this.madePrivatePath && this.mounts().length === 0) {
      // Empty unless a test wrote to it from the runner's side; its own either way.
      await attempt(() => rmSync(this.privatePath, { recursive: true, force: true }));
      this.madePrivatePath = false;
    }
    if (this.addedRoute) {
      await attempt(() => removeUnreachableRoute());
      this.addedRoute = false;
    }
    if (errors.length > 0) {
      throw new AggregateError(errors, `TestSshHosts.stop: ${errors.length} step(s) failed`);
    }
  }

  private namespaces(): string[] {
    return [this.bastionNs, ...this.appHosts.map((app) => app.ns)];
  }

  private inNs(ns: string, argv: string[]): string {
    return execFileSync('nsenter', [`--net=/run/netns/${ns}`, ...argv], { encoding: 'utf8' });
  }

  /** Spawns command through nsenter with `enter` (its namespace options), output to `log`. */
  private spawnIn(enter: string[], command: string, args: string[], { log }: { log: string }): ChildProcess {
    const fd = openSync(log, 'a');
    try {
      return spawn('nsenter', [...enter, command, ...args], { stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Polls all `ready`s together until every one is (bounded); fails early, with the daemon's log, when a
   * daemon has exited. One loop: nothing is left polling once start() has failed.
   */
  private async waitFor(waits: Wait[]): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let pending = waits;
    while (Date.now() < deadline) {
      const ready = await Promise.all(pending.map((wait) => wait.ready()));
      pending = pending.filter((_, i) => !ready[i]);
      if (pending.length === 0) return;
      const dead = this.daemons.find(({ child }) => child.exitCode !== null || child.signalCode !== null);
      if (dead) {
        const what = pending.map((wait) => wait.what).join(', ');
        throw new Error(`waiting for ${what}: ${dead.child.spawnargs.join(' ')} exited:\n${tail(dead.log)}`);
      }
      await sleep(50);
    }
    const what = pending.map((wait) => wait.what).join(', ');
    throw new Error(`${what} did not start within ${START_TIMEOUT_MS} ms:\n${tail(pending[0]?.log ?? '')}`);
  }

  /**
   * Pids of every process whose network namespace is one of ours, or whose mount namespace is one of the
   * apps' (privatePath). The inodes are looked up now, never remembered: once a namespace is deleted, the
   * kernel gives its inode to the next new one (maybe another test's). A mount namespace's is read from
   * its holder while that is still our running child (its pid cannot have been reused).
   */
  private namespacePids(): number[] {
    const netInodes = this.namespaces()
      .filter((ns) => existsSync(`/run/netns/${ns}`))
      .map((ns) => statSync(`/run/netns/${ns}`).ino);
    const mntInodes = this.appHosts.flatMap(({ mountHolder: holder }) => {
      if (holder?.pid === undefined || holder.exitCode !== null || holder.signalCode !== null) return [];
      try {
        return [statSync(`/proc/${holder.pid}/ns/mnt`).ino];
      } catch {
        return [];
      }
    });
    if (netInodes.length === 0 && mntInodes.length === 0) return [];
    const inode = (pid: string, ns: 'net' | 'mnt') =>
      Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/${ns}`))?.[1]); // net:[4026531840]
    const pids: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (netInodes.includes(inode(entry, 'net')) || mntInodes.includes(inode(entry, 'mnt'))) {
          pids.push(Number(entry));
        }
      } catch {
        // exited meanwhile
      }
    }
    return pids;
  }

  /** SIGTERM, then SIGKILL what is still there after `graceMs`. */
  private async terminate(pids: number[], graceMs: number): Promise<void> {
    const signal = (pid: number, sig: NodeJS.Signals) => {
      try {
        process.kill(pid, sig);
      } catch {
        // gone already
      }
    };
    pids = pids.filter((pid) => pid > 1 && pid !== process.pid);
    for (const pid of pids) signal(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (pids.some(alive) && Date.now() < deadline) await sleep(50);
    for (const pid of pids.filter(alive)) signal(pid, 'SIGKILL');
    while (pids.some(alive) && Date.now() < deadline + 5_000) await sleep(50);
  }

  /**
   * Mount points under our directory (overlay, netns files) a killed dockerd may have left, or on the
   * common path (never mounted in this namespace; checked all the same).
   */
  private mounts(): string[] {
    const under = (mountPoint: string, dir: string) =>
      dir !== '' && (mountPoint === dir || mountPoint.startsWith(`${dir}/`));
    return readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[4] ?? '')
      .filter((mountPoint) => under(mountPoint, this.dir) || under(mountPoint, this.privatePath));
  }

  private unmountLeftovers(): void {
    for (const mountPoint of this.mounts().reverse()) {
      execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
    }
    const left = this.mounts();
    if (left.length > 0) throw new Error(`still mounted (${this.dir} kept): ${left.join(', ')}`);
  }
}
