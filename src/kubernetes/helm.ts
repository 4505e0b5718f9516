/**
 * Helm's output read in one place: `helm status -o json`, `helm history -o json`, and what its error text
 * means (another operation in progress — a cancelled run left the release `pending-*`; a server-side
 * apply conflict with a hand-made change; Helm's own timeout or progress deadline).
 */

export type ReleaseStatus =
  | 'deployed'
  | 'failed'
  | 'superseded'
  | 'uninstalled'
  | 'uninstalling'
  | 'pending-install'
  | 'pending-upgrade'
  | 'pending-rollback'
  | 'unknown';

const STATUSES: readonly ReleaseStatus[] = [
  'deployed',
  'failed',
  'superseded',
  'uninstalled',
  'uninstalling',
  'pending-install',
  'pending-upgrade',
  'pending-rollback',
];

export interface ReleaseState {
  name: string;
  namespace: string;
  revision: number;
  status: ReleaseStatus;
  description: string;
}

export interface RevisionState {
  revision: number;
  status: ReleaseStatus;
  description: string;
  chart: string;
  appVersion: string;
  updated: string;
}

const statusOf = (v: unknown): ReleaseStatus =>
  STATUSES.includes(v as ReleaseStatus) ? (v as ReleaseStatus) : 'unknown';

function parse(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(
      `${what}: helm printed no JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** `helm status NAME -o json`. */
export function readHelmStatus(text: string): ReleaseState {
  const json = parse(text, 'helm status');
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error('helm status: expected a release object');
  const r = json as Record<string, unknown>;
  const info = (typeof r.info === 'object' && r.info !== null ? r.info : {}) as Record<string, unknown>;
  return {
    name: typeof r.name === 'string' ? r.name : '',
    namespace: typeof r.namespace === 'string' ? r.namespace : '',
    revision: typeof r.version === 'number' ? r.version : 0,
    status: statusOf(info.status),
    description: typeof info.description === 'string' ? info.description : '',
  };
}

/** `helm history NAME -o json`, oldest first. */
export function readHelmHistory(text: string): RevisionState[] {
  const json = parse(text, 'helm history');
  if (!Array.isArray(json)) throw new Error('helm history: expected a list of revisions');
  return json
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
    .map((r) => ({
      revision: typeof r.revision === 'number' ? r.revision : 0,
      status: statusOf(r.status),
      description: typeof r.description === 'string' ? r.description : '',
      chart: typeof r.chart === 'string' ? r.chart : '',
      appVersion: typeof r.app_version === 'string' ? r.app_version : '',
      updated: typeof r.updated === 'string' ? r.updated : '',
    }))
    .sort((a, b) => a.revision - b.revision);
}

/** A release a killed helm left mid-operation: every later upgrade fails until it is recovered. */
export function isPending(status: ReleaseStatus): boolean {
  return status.startsWith('pending-');
}

/** The newest revision that was live and healthy (deployed, or superseded by a later one): where a recovery returns. */
export function lastGoodRevision(
  history: readonly RevisionState[],
  below?: number,
): RevisionState | undefined {
  return [...history]
    .reverse()
    .find(
      (r) =>
        (below === undefined || r.revision < below) && (r.status === 'deployed' || r.status === 'superseded'),
    );
}

export type HelmFailure =
  | { kind: 'in-progress'; message: string }
  | { kind: 'conflict'; message: string; field: string; manager: string }
  | { kind: 'not-ready'; message: string }
  | { kind: 'other'; message: string };

/** What helm's stderr says went wrong, its `Error:` line as the message. */
export function readHelmError(stderr: string): HelmFailure {
  // The last `Error:` line and what follows it (helm goes on on the next line: `context deadline exceeded`).
  const lines = stderr.trim().split('\n');
  const at = lines.map((l) => l.startsWith('Error: ')).lastIndexOf(true);
  const line =
    at === -1
      ? (lines.at(-1) ?? '')
      : [lines[at]?.slice('Error: '.length) ?? '', ...lines.slice(at + 1)].join(' ').trim();
  if (/another operation \(install\/upgrade\/rollback\) is in progress/.test(stderr))
    return { kind: 'in-progress', message: line };
  const conflict = /conflict with "([^"]+)"(?: with subresource "[^"]+")?(?: using [^:]+)?: (\S+)/.exec(
    stderr,
  );
  if (conflict)
    return { kind: 'conflict', message: line, manager: conflict[1] ?? '', field: conflict[2] ?? '' };
  if (/not ready\. status:|context deadline exceeded|Progress deadline exceeded/.test(stderr))
    return { kind: 'not-ready', message: line };
  return { kind: 'other', message: line };
}

const ROLLBACK_TO = /^Rollback to (\d+)$/;

/**
 * The revisions a later `Rollback to N` went back from: they did not stay (a refused deploy berth undid,
 * or a team's own undo). helm marks them `superseded` like any good revision, so only this tells.
 */
export function rolledBackFrom(history: readonly RevisionState[]): Set<number> {
  const bad = new Set<number>();
  for (const r of history) if (ROLLBACK_TO.test(r.description)) bad.add(r.revision - 1);
  return bad;
}

/** The revision whose content `revision` runs: a rollback's is the one it went back to. */
export function contentOf(history: readonly RevisionState[], revision: number): number {
  const byRevision = new Map(history.map((r) => [r.revision, r]));
  let at = revision;
  for (let i = 0; i < history.length; i++) {
    const m = ROLLBACK_TO.exec(byRevision.get(at)?.description ?? '');
    if (!m) break;
    at = Number(m[1]);
  }
  return at;
}

/**
 * Where `rollback` goes from the live revision: the newest revision before the live content that went
 * live and stayed (not one a later rollback undid).
 */
export function rollbackTarget(history: readonly RevisionState[], live: number): RevisionState | undefined {
  const bad = rolledBackFrom(history);
  const from = contentOf(history, live);
  return [...history]
    .reverse()
    .find(
      (r) =>
        r.revision < from &&
        (r.status === 'deployed' || r.status === 'superseded') &&
        !bad.has(r.revision) &&
        contentOf(history, r.revision) < from,
    );
}
