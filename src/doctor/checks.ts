/**
 * doctor's checks of the host itself: the Docker engine (and its version), BuildKit where images are
 * built, the blue/green ports free, disk space where Docker keeps images, and the self-hosted runner new
 * enough for berth. Each only asks, over the Host seam (this host, or a server over SSH).
 */
import {
  createDockerConfig,
  detectBuilder,
  DOCKER_VERSION_ARGS,
  parseDockerVersions,
  removeDockerConfig,
} from '../docker/engine.js';
import { NAMES_AND_PORTS, publishedPorts } from '../docker/ps.js';
import { lastLines, type Exec } from '../exec.js';
import { parseDfAvailable } from '../remote/df.js';
import type { Host } from '../remote/host.js';
import { clashes, parseListeners, PROC_NET_TCP } from '../remote/proc-net.js';
import { skipped, type CheckResult } from './model.js';
import { notFound, probe } from './probe.js';
import { DISK_THRESHOLDS, type DoctorSettings } from './settings.js';

const APT_DOCKER = 'sudo apt-get install -y docker.io';

/** Docker reachable: the engine answers the client, and its version. */
export async function checkDocker(host: Host, docker: string): Promise<CheckResult> {
  const check = 'Docker engine';
  const result = await probe(host, [docker, ...DOCKER_VERSION_ARGS]);
  if (result.code === 0) {
    const { server, client } = parseDockerVersions(result.stdout);
    return { check, status: 'ok', found: `engine ${server}, client ${client}`, fix: '' };
  }
  if (notFound(result)) {
    return {
      check,
      status: 'fail',
      found: `${docker}: not found`,
      fix: 'install Docker (Debian/Ubuntu; elsewhere Docker Engine from docs.docker.com/engine/install)',
      command: APT_DOCKER,
    };
  }
  const error = lastLines(result.stderr || result.stdout, 1);
  if (/permission denied/i.test(result.stderr)) {
    return {
      check,
      status: 'fail',
      found: `the engine refuses this user: ${error}`,
      fix: "add the runner's user to the docker group, then log in again (restart the runner's service)",
      command: 'sudo usermod -aG docker "$USER"',
    };
  }
  if (/Cannot connect to the Docker daemon|Is the docker daemon running|connection refused/i.test(error)) {
    return {
      check,
      status: 'fail',
      found: `no engine answers: ${error}`,
      fix: 'start the engine (without systemd: sudo dockerd &)',
      command: 'sudo systemctl enable --now docker',
    };
  }
  return { check, status: 'fail', found: error, fix: 'make `docker version` work for this user' };
}

/** BuildKit: the buildx plugin, else the engine's built-in BuildKit; the classic builder is a warning. */
export async function checkBuilder(exec: Exec, docker: string, tempDir: string): Promise<CheckResult> {
  const check = 'BuildKit / buildx';
  const configDir = await createDockerConfig(tempDir);
  try {
    const quiet: Exec = (argv, options) => exec(argv, { ...options, quiet: true });
    const { builder, notes } = await detectBuilder(quiet, docker, configDir);
    if (builder === 'buildx') return { check, status: 'ok', found: notes.join('; '), fix: '' };
    if (builder === 'buildkit') {
      return {
        check,
        status: 'ok',
        found: "no buildx plugin; the engine's built-in BuildKit builds (DOCKER_BUILDKIT=1)",
        fix: '',
      };
    }
    return {
      check,
      status: 'warn',
      found: `classic builder only (${notes.join('; ')})`,
      fix: 'build works, without build secrets, cache export or multi-platform images; install the buildx plugin (docker-buildx on Debian 13 and Ubuntu, docker-buildx-plugin from Docker)',
      command: 'sudo apt-get install -y docker-buildx',
    };
  } finally {
    await removeDockerConfig(configDir);
  }
}

/** Each blue/green port is free on the bind address, or held by berth's own container (replaced at the next deploy). */
export async function checkPorts(
  host: Host,
  settings: Pick<DoctorSettings, 'ports' | 'bindAddress' | 'docker'>,
  dockerUp: boolean,
): Promise<CheckResult[]> {
  if (settings.ports.length === 0) return [];
  const texts = await Promise.all(PROC_NET_TCP.map((f) => host.readFile(f).catch(() => undefined)));
  if (texts.every((t) => t === undefined)) {
    return settings.ports.map(({ port, input }) =>
      skipped(`port ${port} (${input})`, 'cannot read /proc/net/tcp on this host (not Linux?)'),
    );
  }
  const listeners = texts.flatMap((t) => (t === undefined ? [] : parseListeners(t)));
  let berthPorts = new Map<number, string>();
  if (dockerUp) {
    const ps = await probe(host, [
      settings.docker,
      'ps',
      '--filter',
      'label=berth.app',
      '--format',
      NAMES_AND_PORTS,
    ]);
    if (ps.code === 0) berthPorts = publishedPorts(ps.stdout);
  }
  return settings.ports.map(({ port, input }) => {
    const check = `port ${port} (${input})`;
    const owner = berthPorts.get(port);
    if (owner !== undefined) {
      return {
        check,
        status: 'ok',
        found: `held by berth's ${owner} (replaced at the next deploy)`,
        fix: '',
      };
    }
    const taken = listeners.find((l) => clashes(l, port, settings.bindAddress));
    if (taken === undefined)
      return { check, status: 'ok', found: `free on ${settings.bindAddress}`, fix: '' };
    return {
      check,
      status: 'fail',
      found: `in use: something listens on ${taken.address === 'ipv6' ? 'an IPv6 address' : taken.address}:${port}`,
      fix: `choose another ${input}, or stop what listens there (to see what: sudo ss -ltnp 'sport = :${port}')`,
    };
  });
}

export function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}

/** The first runner release that runs `runs.using: node24` actions (berth's action.yml). */
export const NODE24_RUNNER = '2.327.1';

/**
 * Where a self-hosted runner is installed on this host: the runner running this step (its Node is
 * `<root>/externals/node<N>/bin/node`), else the directory GitHub's instructions create. Pure.
 */
export function runnerRoots(execPath: string, home: string): string[] {
  const running = /^(.*)\/externals\/node\d+\/bin\/node$/.exec(execPath)?.[1];
  return [...new Set([...(running === undefined ? [] : [running]), `${home}/actions-runner`])];
}

/** Whether runner version `version` (`2.330.0`) runs node24 actions; undefined for no version. Pure. */
export function runsNode24(version: string): boolean | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  if (m === null) return undefined;
  const have = m.slice(1, 4).map(Number);
  const need = NODE24_RUNNER.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((have[i] ?? 0) !== (need[i] ?? 0)) return (have[i] ?? 0) > (need[i] ?? 0);
  return true;
}

/** The self-hosted runner on this host is new enough for berth's node24 action (2.327.1 or later). */
export async function checkRunner(host: Host, roots: readonly string[]): Promise<CheckResult> {
  const check = 'GitHub Actions runner (node24)';
  for (const root of roots) {
    const result = await probe(host, [`${root}/bin/Runner.Listener`, '--version']);
    if (notFound(result)) continue;
    const version = result.stdout.trim().split('\n').at(-1) ?? '';
    const ok = runsNode24(version);
    const found = `runner ${version || '(no version printed)'} in ${root}`;
    if (ok === true) return { check, status: 'ok', found, fix: '' };
    return {
      check,
      status: ok === false ? 'fail' : 'warn',
      found,
      fix: `berth runs on node24, which needs runner ${NODE24_RUNNER} or later: update the runner (it updates itself unless configured with --disableupdate; else install the new release and run config.sh again)`,
    };
  }
  return {
    check,
    status: 'skipped',
    found: `no runner found in ${roots.join(' or ')}`,
    fix: '',
  };
}

/** Free space where Docker keeps images: every deploy pulls one, and keep-images keep the last few. */
export async function checkDisk(
  host: Host,
  docker: string,
  dockerUp: boolean,
  thresholds: { fail: number; warn: number } = DISK_THRESHOLDS,
): Promise<CheckResult> {
  const check = 'disk space for images';
  let root = '/var/lib/docker';
  if (dockerUp) {
    const info = await probe(host, [docker, 'info', '--format', '{{.DockerRootDir}}']);
    if (info.code === 0 && info.stdout.trim() !== '') root = info.stdout.trim();
  }
  const result = await probe(host, [
    'sh',
    '-c',
    'd=$1; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; df -Pk "$d"',
    'sh',
    root,
  ]);
  const free = result.code === 0 ? parseDfAvailable(result.stdout) : undefined;
  if (free === undefined) {
    return {
      check,
      status: 'warn',
      found: `df failed for ${root}: ${lastLines(result.stderr, 1)}`,
      fix: 'check the free space by hand: df -h',
    };
  }
  const found = `${formatBytes(free.bytes)} free on ${free.mount} (Docker's data: ${root})`;
  if (free.bytes >= thresholds.warn) return { check, status: 'ok', found, fix: '' };
  return {
    check,
    status: free.bytes < thresholds.fail ? 'fail' : 'warn',
    found,
    fix: `keep at least ${formatBytes(thresholds.warn)} free: remove images no container uses (berth keeps keep-images per app), or grow the disk`,
    command: 'docker image prune -a',
  };
}
