/**
 * doctor's checks of nginx: present (`nginx -v` through nginx-command), `nginx -t`, allowed to reload, and
 * berth's upstream include writable and included in nginx's configuration (`nginx -T`).
 */
import path from 'node:path';
import { lastLines, type ExecResult } from '../exec.js';
import { includesFile, includesUnder } from '../nginx/config-dump.js';
import { nginxArgv, nginxVersionName, resolvePidFile } from '../nginx/control.js';
import type { Host } from '../remote/host.js';
import { skipped, type CheckResult } from './model.js';
import { notFound, probe } from './probe.js';
import { DEFAULT_UPSTREAM_DIR } from './settings.js';

export const UPSTREAM_CHECK = 'upstream include writable';
export const INCLUDE_CHECK = "upstream include in nginx's config";

/** nginx present: `nginx -v` through nginx-command. */
export async function checkNginx(host: Host, command: string, user?: string): Promise<CheckResult> {
  const check = 'nginx';
  const result = await probe(host, nginxArgv(command, '-v'));
  if (result.code === 0) {
    const version = nginxVersionName(result.stderr + result.stdout) ?? 'nginx';
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
export async function nginxDump(host: Host, command: string): Promise<string | undefined> {
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
