/**
 * doctor's checks of berth's switch: whether nginx's workers can see the marker where deploy would put
 * it, and, for every include of berth's that nginx has loaded, whether it is the reload-free switch
 * (and which colour nginx picks through it) or an earlier berth's, which the next deploy upgrades.
 */
import type { CheckResult } from '../doctor/model.js';
import type { CommandHost, HostHttp } from '../remote/host.js';
import { findBerthIncludes } from './config-dump.js';
import type { NginxControl } from './control.js';
import { markerFor, parseProbeAnswer, parseSwitchInclude, PROBE_HEADER } from './upstream.js';
import { markerAccess } from './worker-access.js';

export const SWITCH_ACCESS_CHECK = "nginx's workers see the switch";

/** Whether nginx's workers may reach the marker deploy would use for `upstreamFile` (or in `dir`). */
export async function checkMarkerAccess(
  host: CommandHost,
  nginx: NginxControl,
  upstreamFile: string,
  defaultDir: string,
): Promise<CheckResult> {
  const marker = markerFor(upstreamFile === '' ? `${defaultDir}/berth.conf` : upstreamFile);
  const ids = await nginx.workerIds().catch(() => undefined);
  const access = await markerAccess(host, marker, ids);
  switch (access.status) {
    case 'ok':
      return {
        check: SWITCH_ACCESS_CHECK,
        status: 'ok',
        found: `uid ${access.uid} may search every directory above ${marker}`,
        fix: '',
      };
    case 'blocked':
      return {
        check: SWITCH_ACCESS_CHECK,
        status: 'fail',
        found: `nginx's workers (uid ${access.uid}) cannot search ${access.dir} (mode ${access.mode.toString(8).padStart(4, '0')}): they would never see ${marker}, and every deploy would be refused`,
        fix: "let nginx's user search the directory, or put nginx-upstream-file in one it can (e.g. /etc/nginx/berth)",
        command: `sudo chmod o+x ${access.dir}`,
      };
    case 'unknown':
      return { check: SWITCH_ACCESS_CHECK, status: 'skipped', found: access.why, fix: '' };
  }
}

/** One row per berth include nginx has loaded: reload-free (and the colour it picks) or an earlier berth's. */
export async function checkSwitches(host: HostHttp, dump: string | undefined): Promise<CheckResult[]> {
  if (dump === undefined) return [];
  const rows: CheckResult[] = [];
  for (const include of findBerthIncludes(dump)) {
    const check = `switch: ${include.note}`;
    const parsed = parseSwitchInclude(include.text, include.name);
    if (!parsed) {
      rows.push({
        check,
        status: 'warn',
        found: `${include.file} is an earlier berth's include: its deploys reload nginx, which resets requests on kept-alive connections`,
        fix: 'the next deploy of this app and environment installs the reload-free switch (nginx reloads once then); nothing to edit',
      });
      continue;
    }
    const answer = await host.httpGet('127.0.0.1', parsed.entryPort, '/', { [PROBE_HEADER]: parsed.token });
    const colour = answer.status === 200 ? parseProbeAnswer(answer.body, include.name) : undefined;
    rows.push(
      colour
        ? {
            check,
            status: 'ok',
            found: `reload-free: nginx proxies ${include.name} to ${colour} (berth's switch on 127.0.0.1:${parsed.entryPort}, ${include.file})`,
            fix: '',
          }
        : {
            check,
            status: 'warn',
            found: `${include.file} is berth's switch, but nothing answers for it on 127.0.0.1:${parsed.entryPort}`,
            fix: "nginx has not loaded it yet, or something else holds the port (nginx's error log says which); the next deploy reloads nginx and checks again",
          },
    );
  }
  return rows;
}
