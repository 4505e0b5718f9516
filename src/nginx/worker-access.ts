/**
 * Can nginx's workers see the switch's marker? They test it (`if (-f …)`) on every request as nginx's
 * worker user, which needs search permission (x) on every directory above it. Without it the test is
 * silently false — nginx would keep proxying to blue — so berth checks before it relies on the marker.
 */
import path from 'node:path';
import type { CommandHost } from '../remote/host.js';
import type { ProcessIds } from './control.js';

export interface DirMode {
  dir: string;
  mode: number;
  uid: number;
  gid: number;
}

/** `/etc/nginx/berth/x.conf.green` → `/`, `/etc`, `/etc/nginx`, `/etc/nginx/berth`. */
export function directoriesAbove(file: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
    dirs.unshift(dir);
    if (dir === '/') return dirs;
  }
}

/** `stat -L -c '%a %u %g'` output, one line per directory in order. */
export function parseStatModes(dirs: readonly string[], output: string): DirMode[] | undefined {
  const lines = output.trim().split('\n');
  if (lines.length !== dirs.length) return undefined;
  const modes: DirMode[] = [];
  for (const [i, line] of lines.entries()) {
    const m = /^([0-7]{1,4}) (\d+) (\d+)$/.exec(line.trim());
    if (!m) return undefined;
    modes.push({
      dir: dirs[i] as string,
      mode: parseInt(m[1] as string, 8),
      uid: Number(m[2]),
      gid: Number(m[3]),
    });
  }
  return modes;
}

/**
 * Whether `who` has a permission on a file or directory by its mode, as the kernel decides: root always;
 * else the owner's, the group's or the others' bits — `bit` 1 (x/search) or 4 (r).
 */
export function permits(d: Pick<DirMode, 'mode' | 'uid' | 'gid'>, who: ProcessIds, bit: 1 | 4): boolean {
  if (who.uid === 0) return true;
  if (d.uid === who.uid) return (d.mode & (bit << 6)) !== 0;
  if (who.gids.includes(d.gid)) return (d.mode & (bit << 3)) !== 0;
  return (d.mode & bit) !== 0;
}

/** The first directory `who` may not search (enter), or undefined when it may search them all. */
export function firstUnsearchable(dirs: readonly DirMode[], who: ProcessIds): DirMode | undefined {
  return dirs.find((d) => !permits(d, who, 1));
}

export type MarkerAccess =
  | { status: 'ok'; uid: number }
  | { status: 'blocked'; dir: string; mode: number; uid: number }
  | { status: 'unknown'; why: string };

/** Whether the workers (`ids`) may reach `marker`, from the modes of the directories above it on `host`. */
export async function markerAccess(
  host: CommandHost,
  marker: string,
  ids: ProcessIds | undefined,
): Promise<MarkerAccess> {
  if (ids === undefined) return { status: 'unknown', why: "nginx's worker processes were not found" };
  const dirs = directoriesAbove(marker);
  // Directories berth has not made yet are made by it (mkdir -p, 0755 under a umask of 022): the ones that exist decide.
  const result = await host.exec(
    [
      'sh',
      '-c',
      'for d in "$@"; do [ -d "$d" ] && stat -L -c "%a %u %g" -- "$d"; done; exit 0',
      'sh',
      ...dirs,
    ],
    { quiet: true },
  );
  const existing = dirs.slice(0, result.stdout.trim() === '' ? 0 : result.stdout.trim().split('\n').length);
  const modes = parseStatModes(existing, result.stdout);
  if (modes === undefined)
    return { status: 'unknown', why: `stat failed: ${result.stderr.trim().split('\n')[0] ?? ''}` };
  const blocked = firstUnsearchable(modes, ids);
  if (blocked) return { status: 'blocked', dir: blocked.dir, mode: blocked.mode, uid: ids.uid };
  return { status: 'ok', uid: ids.uid };
}

/** The sentence a deploy or doctor prints for a blocked directory. */
export function blockedMessage(marker: string, access: { dir: string; mode: number; uid: number }): string {
  return `nginx's workers (uid ${access.uid}) cannot search ${access.dir} (mode ${access.mode.toString(8).padStart(4, '0')}), so they would never see berth's switch marker ${marker}; let them in: sudo chmod o+x ${access.dir} (or move nginx-upstream-file to a directory nginx's user can read, e.g. /etc/nginx/berth)`;
}
