/**
 * The Helm release before a deploy: what is live now (the revision a failed deploy goes back to), and a
 * release a cancelled run left `pending-*` recovered first — every later upgrade would fail with
 * "another operation (install/upgrade/rollback) is in progress" — by rolling back to its last good
 * revision (or, for an install that never went live, removing it), saying so.
 */
import { lastLines, type Exec } from '../../exec.js';
import {
  helmHistoryArgs,
  helmRollbackArgs,
  helmStatusArgs,
  helmUninstallArgs,
  type ClusterAccess,
} from '../../kubernetes/argv.js';
import { isPending, lastGoodRevision, readHelmHistory, readHelmStatus } from '../../kubernetes/helm.js';

export interface ReleaseBefore {
  /** The live revision to return to after a failed deploy; undefined for a first install. */
  revision: number | undefined;
  /** What was done to a release a cancelled run left pending ('' when nothing). */
  recovered: string;
}

export interface ReleaseOptions {
  helm: string;
  access: ClusterAccess;
  release: string;
  timeoutSeconds: number;
  info: (message: string) => void;
}

async function helmJson(exec: Exec, o: ReleaseOptions, argv: string[]): Promise<string | undefined> {
  const result = await exec([o.helm, ...argv], { quiet: true });
  if (result.code === 0) return result.stdout;
  if (/release: not found/.test(result.stderr)) return undefined;
  throw new Error(`helm ${argv[0]} ${o.release} failed: ${lastLines(result.stderr, 2)}`);
}

export async function prepareRelease(exec: Exec, o: ReleaseOptions): Promise<ReleaseBefore> {
  const status = await helmJson(exec, o, helmStatusArgs(o.access, o.release));
  if (status === undefined) return { revision: undefined, recovered: '' };
  const release = readHelmStatus(status);
  if (!isPending(release.status)) {
    return { revision: release.status === 'deployed' ? release.revision : undefined, recovered: '' };
  }
  const history = readHelmHistory((await helmJson(exec, o, helmHistoryArgs(o.access, o.release))) ?? '[]');
  const good = lastGoodRevision(history, release.revision);
  if (good === undefined) {
    // An install that never went live: nothing to return to; remove it so the install can start again.
    const removed = await exec([o.helm, ...helmUninstallArgs(o.access, o.release)], { quiet: true });
    if (removed.code !== 0)
      throw new Error(`helm uninstall ${o.release} failed: ${lastLines(removed.stderr, 2)}`);
    const said = `release ${o.release} was left ${release.status} by a run that did not finish, with no revision that went live: removed it, installing again`;
    o.info(said);
    return { revision: undefined, recovered: said };
  }
  const back = await exec(
    [o.helm, ...helmRollbackArgs(o.access, o.release, good.revision, o.timeoutSeconds)],
    {
      quiet: true,
    },
  );
  if (back.code !== 0)
    throw new Error(`helm rollback ${o.release} ${good.revision} failed: ${lastLines(back.stderr, 2)}`);
  const said = `release ${o.release} was left ${release.status} (revision ${release.revision}) by a run that did not finish: rolled it back to revision ${good.revision}, the last one that went live`;
  o.info(said);
  // The rollback made a new revision with good's content: that is what a failed deploy returns to.
  const after = readHelmStatus((await helmJson(exec, o, helmStatusArgs(o.access, o.release))) ?? '{}');
  return { revision: after.revision || good.revision, recovered: said };
}
