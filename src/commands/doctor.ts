/**
 * `doctor`: checks a host for what `deploy` needs there — Docker reachable (and its version), BuildKit,
 * nginx (present, `nginx -t`, allowed to reload), berth's upstream include writable and included, nginx's
 * workers able to see the switch's marker, each app's switch (reload-free or an earlier berth's), the
 * blue/green ports free, disk space where Docker keeps images — and prints a table of what is missing
 * and how to fix it. It changes nothing: every check only asks. Fails when a required check fails.
 *
 * Each check is a small function over the Host seam (this host, or a server over SSH), so the same
 * checks run wherever deploy would run, and tests drive them with a fake host.
 */
import { homedir } from 'node:os';
import path from 'node:path';
import { createDockerConfig, detectBuilder, removeDockerConfig } from '../docker/engine.js';
import { NAMES_AND_PORTS, publishedPorts } from '../docker/ps.js';
import { ConfigurationError, errnoCode } from '../errors.js';
import { createExec, lastLines, type Exec, type ExecResult } from '../exec.js';
import type { Inputs } from '../inputs.js';
import { includesFile, includesUnder } from '../nginx/config-dump.js';
import { nginxArgv, NginxControl, resolvePidFile } from '../nginx/control.js';
import { checkMarkerAccess, checkSwitches, SWITCH_ACCESS_CHECK } from '../nginx/switch-checks.js';
import { parseDfAvailable } from '../remote/df.js';
import { LocalHost, type Host } from '../remote/host.js';
import { clashes, parseListeners, PROC_NET_TCP } from '../remote/proc-net.js';
import { SshHost } from '../remote/ssh.js';
import {
  doctorVerdict,
  failedChecks,
  renderDoctorSummary,
  renderDoctorText,
  type CheckResult,
  type DoctorReport,
} from '../report/doctor-summary.js';
import type { Runtime } from '../runtime/runtime.js';
import { resolveSshTargets } from './deploy.js';

/** The ports README's examples use, checked when blue-port / green-port are not given. */
export const DEFAULT_PORTS = { blue: 18080, green: 18081 } as const;
/** Where README's server block includes berth's upstream files from, checked when nginx-upstream-file is empty. */
export const DEFAULT_UPSTREAM_DIR = '/etc/nginx/berth';
/** Below `fail`: a pull may not fit; below `warn`: a few more images will not. */
export const DISK_THRESHOLDS = { fail: 1024 ** 3, warn: 5 * 1024 ** 3 } as const;

const APT_DOCKER = 'sudo apt-get install -y docker.io';

export interface DoctorSettings {
  docker: string;
  nginxCommand: string;
  /** The upstream include deploy writes, or '' to check DEFAULT_UPSTREAM_DIR. */
  upstreamFile: string;
  /** The host ports to check, with the input each comes from. */
  ports: ReadonlyArray<{ port: number; input: string }>;
  bindAddress: string;
  /** No nginx in front of a worker (strategy recreate). */
  nginx: boolean;
  disk?: { fail: number; warn: number };
}

export interface DoctorDeps {
  exec?: Exec;
  docker?: string;
}

/** The settings doctor checks against, from the deploy inputs (or README's defaults where they are empty). */
export function resolveDoctorSettings(inputs: Inputs, docker = 'docker'): DoctorSettings {
  const recreate = inputs.strategy === 'recreate';
  const ports: Array<{ port: number; input: string }> = [];
  if (recreate) {
    if (inputs.bluePort !== undefined) ports.push({ port: inputs.bluePort, input: 'blue-port' });
  } else {
    ports.push({ port: inputs.bluePort ?? DEFAULT_PORTS.blue, input: 'blue-port' });
    ports.push({ port: inputs.greenPort ?? DEFAULT_PORTS.green, input: 'green-port' });
  }
  if (ports.length === 2 && ports[0]?.port === ports[1]?.port) {
    throw new ConfigurationError(
      `blue-port / green-port: must differ (both are ${ports[0]?.port}); two containers never share a port`,
    );
  }
  const upstreamFile =
    inputs.nginxUpstreamFile === '' || inputs.sshHost !== '' || path.isAbsolute(inputs.nginxUpstreamFile)
      ? inputs.nginxUpstreamFile
      : path.resolve(inputs.nginxUpstreamFile);
  return {
    docker,
    nginxCommand: inputs.nginxCommand,
    upstreamFile,
    ports,
    bindAddress: inputs.bindAddress,
    nginx: !recreate,
  };
}

export async function runDoctor(inputs: Inputs, runtime: Runtime, deps: DoctorDeps = {}): Promise<void> {
  const settings = resolveDoctorSettings(inputs, deps.docker);
  const exec = deps.exec ?? createExec(runtime);
  const targets = resolveSshTargets(inputs);
  const reports: DoctorReport[] = [];
  for (const target of targets.length > 0 ? targets : [undefined]) {
    const host: Host = target
      ? await SshHost.open(exec, runtime, target)
      : new LocalHost(exec, runtime.tempDir, homedir());
    try {
      const report = await examineHost(host, settings, {
        // The runner builds the images (build), not the server: BuildKit is checked where berth runs.
        builder: host.remote ? undefined : () => checkBuilder(exec, settings.docker, runtime.tempDir),
        runnerRoots: host.remote ? undefined : runnerRoots(process.execPath, homedir()),
      });
      reports.push(report);
      runtime.info(`berth doctor: ${report.host}: ${doctorVerdict(report)}\n${renderDoctorText(report)}`);
    } finally {
      await host.close();
    }
  }
  const failed = reports.flatMap((r) => failedChecks(r).map((c) => `${c.check} (${r.host})`));
  runtime.setOutput('passed', String(failed.length === 0));
  await runtime.appendSummary(reports.map(renderDoctorSummary).join('\n'));
  if (failed.length > 0) {
    throw new DoctorError(
      `berth doctor: ${failed.length} required check${failed.length === 1 ? '' : 's'} failed: ${failed.join(', ')}. The table says how to fix each.`,
    );
  }
}

/** A host that is not ready: the user's to fix, like a failed gate. */
export class DoctorError extends ConfigurationError {
  override name = 'DoctorError';
}

/** Every check on one host, in the order a reader fixes them. */
export async function examineHost(
  host: Host,
  settings: DoctorSettings,
  options: {
    builder?: () => Promise<CheckResult>;
    /** Where to look for this host's runner; undefined on an SSH server (the runner is not there). */
    runnerRoots?: readonly string[];
  } = {},
): Promise<DoctorReport> {
  const user = await whoAmI(host);
  const checks: CheckResult[] = [];
  const docker = await checkDocker(host, settings.docker);
  checks.push(docker);
  checks.push(
    options.builder
      ? docker.status === 'ok'
        ? await options.builder()
        : skipped('BuildKit / buildx', 'needs the Docker engine')
      : skipped('BuildKit / buildx', `images are built on the runner, not on ${host.label}`),
  );
  if (settings.nginx) {
    const nginx = await checkNginx(host, settings.nginxCommand, user);
    checks.push(nginx);
    if (nginx.status === 'ok') {
      const tested = await checkNginxConfig(host, settings.nginxCommand, user);
      checks.push(tested);
      const dump = await nginxDump(host, settings.nginxCommand);
      checks.push(await checkNginxReload(host, settings.nginxCommand, dump, user));
      checks.push(await checkUpstreamWritable(host, settings.upstreamFile, user));
      checks.push(checkUpstreamIncluded(settings.upstreamFile, dump));
      const control = new NginxControl(host, settings.nginxCommand, 0);
      checks.push(await checkMarkerAccess(host, control, settings.upstreamFile, DEFAULT_UPSTREAM_DIR));
      checks.push(...(await checkSwitches(host, dump)));
    } else {
      for (const name of ['nginx -t', 'nginx reload', UPSTREAM_CHECK, INCLUDE_CHECK, SWITCH_ACCESS_CHECK]) {
        checks.push(skipped(name, 'needs nginx'));
      }
    }
  } else {
    checks.push(skipped('nginx', 'strategy recreate: no nginx in front of a worker'));
  }
  checks.push(...(await checkPorts(host, settings, docker.status === 'ok')));
  checks.push(await checkDisk(host, settings.docker, docker.status === 'ok', settings.disk));
  if (options.runnerRoots !== undefined) checks.push(await checkRunner(host, options.runnerRoots));
  return { host: host.label, ...(user ? { user } : {}), checks };
}

const UPSTREAM_CHECK = 'upstream include writable';
const INCLUDE_CHECK = "upstream include in nginx's config";

function skipped(check: string, why: string): CheckResult {
  return { check, status: 'skipped', found: why, fix: '' };
}

/** Runs a probe quietly; a program that is not there answers 127, as a shell would. */
async function probe(host: Host, argv: readonly string[]): Promise<ExecResult> {
  try {
    // No timeoutMs: Node keeps a spawn's timeout timer when the program is missing, holding the exit.
    return await host.exec(argv, { quiet: true });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'EACCES') {
      return { code: 127, stdout: '', stderr: `${argv[0] ?? ''}: not found` };
    }
    throw error;
  }
}

function notFound(result: ExecResult): boolean {
  return result.code === 127 || /command not found|: not found|No such file or directory/.test(result.stderr);
}

async function whoAmI(host: Host): Promise<string | undefined> {
  const result = await probe(host, ['id', '-un']);
  return result.code === 0 ? result.stdout.trim() || undefined : undefined;
}

/** Docker reachable: the engine answers the client, and its version. */
export async function checkDocker(host: Host, docker: string): Promise<CheckResult> {
  const check = 'Docker engine';
  const result = await probe(host, [
    docker,
    'version',
    '--format',
    '{{.Server.Version}}|{{.Client.Version}}',
  ]);
  if (result.code === 0) {
    const [server = '', client = ''] = result.stdout.trim().split('|');
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

/** nginx present: `nginx -v` through nginx-command. */
export async function checkNginx(host: Host, command: string, user?: string): Promise<CheckResult> {
  const check = 'nginx';
  const result = await probe(host, nginxArgv(command, '-v'));
  if (result.code === 0) {
    const version = /nginx version:\s*(\S+)/.exec(result.stderr + result.stdout)?.[1] ?? 'nginx';
    return { check, status: 'ok', found: `${version} (nginx-command: ${command})`, fix: '' };
  }
  if (/^sudo\b/.test(command.trim()) && /sudo:/.test(result.stderr)) {
    return sudoRefused(check, command, result, user);
  }
  return {
    check,
    status: 'fail',
    found: notFound(result) ? `${nginxArgv(command)[0] ?? 'nginx'}: not found` : lastLines(result.stderr, 1),
    fix: 'install nginx, or set nginx-command to how this host runs it (e.g. "sudo nginx", "nginx -p /srv/nginx")',
    command: 'sudo apt-get install -y nginx',
  };
}

/** `nginx -t`: deploy checks it before it starts anything, and after writing the include. */
export async function checkNginxConfig(
  host: Host,
  command: string,
  user: string | undefined,
): Promise<CheckResult> {
  const check = 'nginx -t';
  const result = await probe(host, nginxArgv(command, '-t'));
  if (result.code === 0) return { check, status: 'ok', found: 'the configuration test passes', fix: '' };
  if (/^sudo\b/.test(command.trim()) && /sudo:/.test(result.stderr)) {
    return sudoRefused(check, command, result, user);
  }
  if (/Permission denied/.test(result.stderr)) {
    return {
      check,
      status: 'fail',
      found: lastLines(result.stderr, 1),
      fix: `nginx -t reads nginx's files as root: set nginx-command to "sudo nginx" and allow it without a password (visudo -f /etc/sudoers.d/berth)`,
      command: sudoersRule(user),
    };
  }
  return {
    check,
    status: 'fail',
    found: lastLines(result.stderr, 2),
    fix: 'fix what nginx reports, then run nginx -t again; deploy never reloads a configuration that fails it',
  };
}

/** Reload: nginx runs (a pid in its pid file) and this user may signal it (or sudo allows `-s reload`). */
export async function checkNginxReload(
  host: Host,
  command: string,
  dump: string | undefined,
  user: string | undefined,
): Promise<CheckResult> {
  const check = 'nginx reload';
  const version = await probe(host, nginxArgv(command, '-V'));
  const pidFile = resolvePidFile(command, dump ?? '', version.stderr + version.stdout);
  const text = pidFile === undefined ? undefined : await host.readFile(pidFile).catch(() => undefined);
  const pid = Number((text ?? '').trim());
  if (!Number.isInteger(pid) || pid <= 0) {
    return {
      check,
      status: 'fail',
      found: `nginx is not running (no pid in ${pidFile ?? 'its pid file'})`,
      fix: 'start nginx (berth reloads a running nginx, it never starts one)',
      command: 'sudo systemctl enable --now nginx',
    };
  }
  const parts = nginxArgv(command);
  if (parts[0] === 'sudo') {
    const rest = parts.slice(1);
    while (rest[0]?.startsWith('-')) rest.shift(); // sudo's own options
    const allowed = await probe(host, ['sudo', '-n', '-l', ...rest, '-s', 'reload']);
    if (allowed.code === 0) {
      return {
        check,
        status: 'ok',
        found: `sudo allows "${rest.join(' ')} -s reload" (master pid ${pid})`,
        fix: '',
      };
    }
    return sudoRefused(check, command, allowed, user);
  }
  const signal = await probe(host, ['sh', '-c', 'kill -0 "$1"', 'sh', String(pid)]);
  if (signal.code === 0)
    return { check, status: 'ok', found: `may signal nginx's master (pid ${pid})`, fix: '' };
  return {
    check,
    status: 'fail',
    found: `${user ?? 'this user'} may not signal nginx's master (pid ${pid}, another user's)`,
    fix: 'set nginx-command to "sudo nginx" and allow it without a password (visudo -f /etc/sudoers.d/berth)',
    command: sudoersRule(user),
  };
}

function sudoRefused(
  check: string,
  command: string,
  result: ExecResult,
  user: string | undefined,
): CheckResult {
  return {
    check,
    status: 'fail',
    found: `${command}: ${lastLines(result.stderr || 'sudo refused', 1)}`,
    fix: "allow the runner's user to run nginx through sudo without a password (visudo -f /etc/sudoers.d/berth)",
    command: sudoersRule(user),
  };
}

/** The sudoers line for exactly what deploy runs. */
export function sudoersRule(user: string | undefined, nginx = '/usr/sbin/nginx'): string {
  const args = ['-t', '-T', '-V', '-s reload'].map((a) => `${nginx} ${a}`).join(', ');
  return `${user ?? 'RUNNER_USER'} ALL=(root) NOPASSWD: ${args}`;
}

/** `nginx -T`: the whole configuration, or undefined when this user cannot read it. */
async function nginxDump(host: Host, command: string): Promise<string | undefined> {
  const result = await probe(host, nginxArgv(command, '-T'));
  return result.code === 0 ? result.stdout : undefined;
}

/**
 * The include's directory is writable, or can be made: berth replaces the file atomically (a temp
 * file renamed over it), so it needs the directory, not only the file.
 */
export async function checkUpstreamWritable(
  host: Host,
  upstreamFile: string,
  user: string | undefined,
): Promise<CheckResult> {
  const dir = upstreamFile === '' ? DEFAULT_UPSTREAM_DIR : path.posix.dirname(upstreamFile);
  // No input: README's directory, where a server block would include berth's files from.
  const what = upstreamFile === '' ? `nginx-upstream-file not given; ${dir}:` : `${dir}:`;
  // The nearest directory that exists: berth creates the rest (mkdir -p) when it may write there.
  const result = await probe(host, [
    'sh',
    '-c',
    'd=$1; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; echo "$d"; [ -d "$d" ] && [ -w "$d" ] && [ -x "$d" ]',
    'sh',
    dir,
  ]);
  const existing = result.stdout.trim().split('\n')[0] || dir;
  if (result.code === 0) {
    const found =
      existing === dir
        ? `${what} writable`
        : `${what} not there yet; berth creates it (${existing} is writable)`;
    return { check: UPSTREAM_CHECK, status: 'ok', found, fix: '' };
  }
  return {
    check: UPSTREAM_CHECK,
    status: 'fail',
    found: `${what} ${existing === dir ? 'not' : `not there, and ${existing} is not`} writable by ${user ?? 'this user'}`,
    fix: `give the runner's user the directory (and include ${dir}/*.conf in nginx's http block)`,
    command: `sudo install -d -o ${user ?? 'RUNNER_USER'} ${dir}`,
  };
}

/** A warning when nginx's configuration does not include the file: deploy would switch nothing. */
export function checkUpstreamIncluded(upstreamFile: string, dump: string | undefined): CheckResult {
  if (dump === undefined) return skipped(INCLUDE_CHECK, 'nginx -T cannot be read by this user');
  const dir = upstreamFile === '' ? DEFAULT_UPSTREAM_DIR : path.posix.dirname(upstreamFile);
  const target = upstreamFile === '' ? `${dir}/*.conf` : upstreamFile;
  const included = upstreamFile === '' ? includesUnder(dump, dir) : includesFile(dump, upstreamFile);
  if (included) return { check: INCLUDE_CHECK, status: 'ok', found: `included: ${target}`, fix: '' };
  return {
    check: INCLUDE_CHECK,
    status: 'warn',
    found: `no include directive of nginx's configuration names ${target}`,
    fix: "add it to the http block, with a server block that proxies to berth's upstream (README: deploy), then reload nginx",
    command: `include ${target};`,
  };
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
