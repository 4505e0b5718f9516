/**
 * The catalogue: every check doctor runs on one host, in the order a reader fixes them; a check that
 * needs another's success (nginx's, Docker's) is skipped with why when that one failed.
 */
import { NginxControl } from '../nginx/control.js';
import { checkMarkerAccess, checkSwitches, SWITCH_ACCESS_CHECK } from '../nginx/switch-checks.js';
import type { Host } from '../remote/host.js';
import { checkDisk, checkDocker, checkPorts, checkRunner } from './checks.js';
import { skipped, type CheckResult, type DoctorReport } from './model.js';
import {
  checkNginx,
  checkNginxConfig,
  checkNginxReload,
  checkUpstreamIncluded,
  checkUpstreamWritable,
  INCLUDE_CHECK,
  nginxDump,
  UPSTREAM_CHECK,
} from './nginx-checks.js';
import { whoAmI } from './probe.js';
import { DEFAULT_UPSTREAM_DIR, type DoctorSettings } from './settings.js';

/** Every check on one host, in that order. */
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
