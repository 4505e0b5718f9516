/**
 * Two real SSH hosts for deploy-over-SSH tests, each a network namespace of the test's own:
 *
 *   runner (this namespace) --veth /30-- bastion --veth /30-- app
 *
 * Both run Debian's OpenSSH sshd (root login by key only). The app also runs a second, private Docker
 * engine, which its SSH sessions use (DOCKER_HOST). The app has no route back to the runner and the runner
 * none to the app: the only way in is SSH through the bastion (ProxyJump), and the app cannot reach a
 * registry on the runner. Addresses are in 10.213.0.0/16, unreachable outside these namespaces (see
 * netns.ts). Needs root (CI runs as root).
 */
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
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
import { addUnreachableRoute, ip, removeUnreachableRoute } from './netns.js';

const DOCKER = '/usr/bin/docker';
const START_TIMEOUT_MS = 60_000;

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

export class TestSshHosts {
  readonly id = randomBytes(3).toString('hex');
  /** Reachable from the runner. */
  bastion = { address: '', port: 22 };
  /** Reachable only from the bastion. */
  app = { address: '', port: 22 };
  /** This side of the runner↔bastion link (the address the app must not be able to reach). */
  runnerAddress = '';
  user = 'root';
  /** The client's private key (OpenSSH format, no passphrase); its public key is authorized on both hosts. */
  clientKey = '';
  /** known_hosts lines for both hosts' ed25519 keys. */
  knownHosts = '';
  /** unix:///… socket of the app's own dockerd. */
  appDockerHost = '';

  private readonly bastionNs = `berth-bastion-${this.id}`;
  private readonly appNs = `berth-app-${this.id}`;
  private readonly runnerVeth = `vr${this.id}`; // runner side; its peer `…p` is in the bastion
  private readonly appVeth = `va${this.id}`; // bastion side; its peer `…p` is in the app
  private dir = '';
  private addedRoute = false;
  /** sshds and dockerd, with their log files (for the error when one exits during start). */
  private readonly daemons: { child: ChildProcess; log: string }[] = [];
  private dockerd: ChildProcess | undefined;
  private readonly spawned: ChildProcess[] = [];

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
    const a = freeSubnet([]);
    const b = freeSubnet([a]);
    this.runnerAddress = `10.213.${a}.1`;
    this.bastion.address = `10.213.${a}.2`;
    this.app.address = `10.213.${b}.2`;

    this.addedRoute = addUnreachableRoute();
    for (const ns of [this.bastionNs, this.appNs]) {
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    // runner ↔ bastion
    ip('link', 'add', this.runnerVeth, 'type', 'veth', 'peer', 'name', `${this.runnerVeth}p`);
    ip('link', 'set', `${this.runnerVeth}p`, 'netns', this.bastionNs);
    ip('addr', 'add', `${this.runnerAddress}/30`, 'dev', this.runnerVeth);
    ip('link', 'set', this.runnerVeth, 'up');
    ip('-n', this.bastionNs, 'addr', 'add', `${this.bastion.address}/30`, 'dev', `${this.runnerVeth}p`);
    ip('-n', this.bastionNs, 'link', 'set', `${this.runnerVeth}p`, 'up');
    // bastion ↔ app; no default routes anywhere, so the app only knows its own /30.
    ip('link', 'add', this.appVeth, 'type', 'veth', 'peer', 'name', `${this.appVeth}p`);
    ip('link', 'set', this.appVeth, 'netns', this.bastionNs);
    ip('link', 'set', `${this.appVeth}p`, 'netns', this.appNs);
    ip('-n', this.bastionNs, 'addr', 'add', `10.213.${b}.1/30`, 'dev', this.appVeth);
    ip('-n', this.bastionNs, 'link', 'set', this.appVeth, 'up');
    ip('-n', this.appNs, 'addr', 'add', `${this.app.address}/30`, 'dev', `${this.appVeth}p`);
    ip('-n', this.appNs, 'link', 'set', `${this.appVeth}p`, 'up');
    // A new namespace inherits the runner's ip_forward (1 where dockerd runs): the bastion is not a router.
    this.inNs(this.bastionNs, ['sh', '-c', 'echo 0 > /proc/sys/net/ipv4/ip_forward']);

    const keygen = (file: string, comment: string) =>
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
    keygen(path.join(this.dir, 'client'), `berth-test-client-${this.id}`);
    this.clientKey = readFileSync(path.join(this.dir, 'client'), 'utf8');
    const clientPub = readFileSync(path.join(this.dir, 'client.pub'), 'utf8');

    // The app's dockerd first: it takes longest to come up.
    const appDir = path.join(this.dir, 'app');
    mkdirSync(appDir);
    this.appDockerHost = `unix://${path.join(appDir, 'docker.sock')}`;
    this.startDockerd(appDir);

    // sshd refuses to start without its privilege-separation directory.
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const hostLines: string[] = [];
    for (const [name, ns, address] of [
      ['bastion', this.bastionNs, this.bastion.address],
      ['app', this.appNs, this.app.address],
    ] as const) {
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
        // The bastion for ProxyJump (-W), the app for `ssh -W 127.0.0.1:PORT` probes of its containers.
        'AllowTcpForwarding yes',
        'PrintMotd no',
        // Deploys may open several connections/sessions at once; the defaults drop bursts at random.
        'MaxStartups 100',
        'MaxSessions 100',
        // Sessions on the app use its own engine, not the machine's.
        ...(name === 'app' ? [`SetEnv DOCKER_HOST=${this.appDockerHost}`] : []),
        '',
      ];
      writeFileSync(path.join(hostDir, 'sshd_config'), config.join('\n'));
      const pub = readFileSync(path.join(hostDir, 'host_ed25519.pub'), 'utf8').split(' ');
      hostLines.push(`${address} ${pub[0]} ${pub[1]}`);
      // -D: stay in the foreground (a child we can kill), -e: log to stderr (sshd.log).
      const log = path.join(hostDir, 'sshd.log');
      const args = ['-D', '-e', '-f', path.join(hostDir, 'sshd_config')];
      this.daemons.push({ child: this.spawnInNs(ns, '/usr/sbin/sshd', args, { log }), log });
    }
    this.knownHosts = `${hostLines.join('\n')}\n`;

    // sshd writes its pid file once its listening socket is bound.
    for (const name of ['bastion', 'app']) {
      const hostDir = path.join(this.dir, name);
      await this.waitFor(`sshd (${name})`, path.join(hostDir, 'sshd.log'), async () =>
        existsSync(path.join(hostDir, 'sshd.pid')),
      );
    }
    await this.waitFor('dockerd (app)', path.join(appDir, 'dockerd.log'), () => this.dockerPing());
  }

  private startDockerd(appDir: string): void {
    // Not `ip netns exec`: it remounts /sys, and dockerd then finds no cgroups. nsenter --net only
    // changes the network namespace. Everything dockerd would share with the machine's engine gets a
    // path of its own; daemon.json is empty so /etc/docker/daemon.json cannot add hosts or roots.
    writeFileSync(path.join(appDir, 'daemon.json'), '{}\n');
    const log = path.join(appDir, 'dockerd.log');
    this.dockerd = this.spawnInNs(
      this.appNs,
      'dockerd',
      [
        '--config-file',
        path.join(appDir, 'daemon.json'),
        '--data-root',
        path.join(appDir, 'data'),
        '--exec-root',
        path.join(appDir, 'exec'),
        '--pidfile',
        path.join(appDir, 'docker.pid'),
        '-H',
        this.appDockerHost,
        // Should a system containerd be running (/run/containerd), keep out of the main engine's "moby".
        '--containerd-namespace',
        `berth-${this.id}`,
        '--containerd-plugins-namespace',
        `berth-${this.id}-plugins`,
      ],
      { log },
    );
    this.daemons.push({ child: this.dockerd, log });
  }

  /** Runs argv inside the app namespace (nsenter --net) with DOCKER_HOST set; returns stdout. */
  appExec(argv: string[], options: { input?: string | Buffer; timeout?: number } = {}): string {
    return execFileSync('nsenter', [`--net=/run/netns/${this.appNs}`, ...argv], {
      encoding: 'utf8',
      env: { ...process.env, DOCKER_HOST: this.appDockerHost },
      input: options.input,
      timeout: options.timeout ?? 120_000,
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }

  /** Spawns a long-running process inside the app namespace (e.g. nginx, a load loop); stop() ends it. */
  appSpawn(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn('nsenter', [`--net=/run/netns/${this.appNs}`, command, ...args], {
      stdio: 'ignore',
      ...options,
      env: { ...process.env, DOCKER_HOST: this.appDockerHost, ...options.env },
    });
    this.spawned.push(child);
    return child;
  }

  /** Cuts the runner↔bastion link (ip link set down) to simulate SSH dropping; restoreLink() brings it back. */
  cutLink(): void {
    ip('link', 'set', this.runnerVeth, 'down');
  }

  restoreLink(): void {
    ip('link', 'set', this.runnerVeth, 'up'); // the kernel puts the /30 route back with the link
  }

  /**
   * Ends everything start() made, also after a failed or partial start; safe to call twice. The app's
   * containers go first (their shims and mounts belong to its dockerd), then the daemons; anything still
   * running in the two namespaces (ssh sessions, docker-proxy, appSpawn children) is killed by pid.
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
    const dockerdPid = this.dockerd?.pid;
    if (dockerdPid !== undefined && alive(dockerdPid) && this.appDockerHost !== '') {
      await attempt(() => {
        const env = { ...process.env, DOCKER_HOST: this.appDockerHost };
        const ids = execFileSync(DOCKER, ['ps', '-aq'], { encoding: 'utf8', env, timeout: 30_000 })
          .split('\n')
          .filter((id) => id !== '');
        if (ids.length > 0) {
          execFileSync(DOCKER, ['rm', '-f', ...ids], { env, timeout: 60_000, stdio: 'ignore' });
        }
      });
      await attempt(() => this.terminate([dockerdPid], 20_000));
    }
    await attempt(() => this.terminate(this.namespacePids(), 5_000));
    this.daemons.length = 0;
    this.spawned.length = 0;
    this.dockerd = undefined;
    await attempt(() => this.unmountLeftovers());
    for (const ns of [this.bastionNs, this.appNs]) {
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
    if (this.addedRoute) {
      await attempt(() => removeUnreachableRoute());
      this.addedRoute = false;
    }
    if (errors.length > 0) {
      throw new AggregateError(errors, `TestSshHosts.stop: ${errors.length} step(s) failed`);
    }
  }

  private inNs(ns: string, argv: string[]): string {
    return execFileSync('nsenter', [`--net=/run/netns/${ns}`, ...argv], { encoding: 'utf8' });
  }

  private spawnInNs(ns: string, command: string, args: string[], { log }: { log: string }): ChildProcess {
    const fd = openSync(log, 'a');
    try {
      return spawn('nsenter', [`--net=/run/netns/${ns}`, command, ...args], { stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
  }

  /** Polls `ready` (bounded); fails early, with the daemon's log, when a daemon has exited. */
  private async waitFor(what: string, log: string, ready: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (await ready()) return;
      const dead = this.daemons.find(({ child }) => child.exitCode !== null || child.signalCode !== null);
      if (dead) {
        throw new Error(`waiting for ${what}: ${dead.child.spawnargs.join(' ')} exited:\n${tail(dead.log)}`);
      }
      await sleep(100);
    }
    throw new Error(`${what} did not start within ${START_TIMEOUT_MS} ms:\n${tail(log)}`);
  }

  private dockerPing(): Promise<boolean> {
    return new Promise((resolve) => {
      const req = request(
        { socketPath: this.appDockerHost.replace(/^unix:\/\//, ''), path: '/_ping', timeout: 2_000 },
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

  /**
   * Pids of every process whose network namespace is one of ours. The inodes are looked up now, never
   * remembered: once a namespace is deleted, the kernel gives its inode to the next new one (maybe another
   * test's).
   */
  private namespacePids(): number[] {
    const inodes = [this.bastionNs, this.appNs]
      .filter((ns) => existsSync(`/run/netns/${ns}`))
      .map((ns) => statSync(`/run/netns/${ns}`).ino);
    if (inodes.length === 0) return [];
    const pids: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const inode = Number(/net:\[(\d+)\]/.exec(readlinkSync(`/proc/${entry}/ns/net`))?.[1]);
        if (inodes.includes(inode)) pids.push(Number(entry));
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

  /** Mount points under our directory (overlay, netns files) a killed dockerd may have left. */
  private mounts(): string[] {
    if (this.dir === '') return [];
    return readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[4] ?? '')
      .filter((mountPoint) => mountPoint.startsWith(`${this.dir}/`));
  }

  private unmountLeftovers(): void {
    for (const mountPoint of this.mounts().reverse()) {
      execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
    }
    const left = this.mounts();
    if (left.length > 0) throw new Error(`still mounted (${this.dir} kept): ${left.join(', ')}`);
  }
}
