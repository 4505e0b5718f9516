/**
 * What a deploy or rollback reports: per host (or bucket) what went live, what was before, and how long
 * each named step took. The strategies produce these; `report/` renders them and the command turns them
 * into outputs.
 */

export type DeployAction = 'deploy' | 'rollback';

export interface TimelineStep {
  name: string;
  ms: number;
}

/** A container deploy (blue-green or recreate) on one host. */
export interface DeployResult {
  action: DeployAction;
  /** How logs name the host: `this host` or `user@server`. */
  host: string;
  /** A server reached over SSH (the summary says where), not the runner's own host. */
  remote: boolean;
  app: string;
  environment: string;
  color: string;
  imageRef: string;
  previousImageRef: string;
  url: string;
  durationMs: number;
  timeline: TimelineStep[];
}

export interface StaticFileRow {
  path: string;
  size: number;
  cacheControl: string;
}

/** One static deploy or rollback, to one bucket or one host's directory. */
export interface StaticDeployReport {
  action: DeployAction;
  app: string;
  environment: string;
  target: 's3' | 'nginx-dir';
  /** `s3://bucket/prefix` or `/srv/www/shop` (with `on host` for SSH). */
  where: string;
  /** The host's label; '' for a bucket. */
  host: string;
  /** A server reached over SSH (the summary says where), not the runner's own host or a bucket. */
  remote: boolean;
  uploaded: StaticFileRow[];
  unchanged: number;
  deleted: string[];
  /** Removed from the build but kept for keep-previous. */
  kept: string[];
  bytesUploaded: number;
  invalidation?: { id: string; paths: string[]; completed: boolean };
  /** nginx-dir: the live and previous releases, and the releases removed. */
  live?: string;
  previous?: string;
  removedReleases?: string[];
  durationMs: number;
  timeline: TimelineStep[];
}

/** A failing pod of a refused Kubernetes rollout, with what it said (collected before the rollback). */
export interface KubernetesFailure {
  pod: string;
  container: string;
  reason: string;
  message: string;
  exitCode?: number;
  lastLines: string;
  events: string[];
}

/** A Kubernetes deploy or rollback: the release, its revisions and images, the rollout's last word. */
export interface KubernetesDeployReport {
  action: DeployAction;
  app: string;
  environment: string;
  /** Always '' (no host of berth's): the command's Placed. */
  host: string;
  namespace: string;
  release: string;
  revision: number;
  previousRevision: number | undefined;
  imageRef: string;
  previousImageRef: string;
  url: string;
  /** What was done to a release a cancelled run had left pending ('' when nothing). */
  recovered: string;
  /** The rollout's last progress line. */
  progress: string;
  /** Plain manifests (not a Helm release): the objects applied, and what the team should know. */
  manifests?: { objects: string[]; notes: string[] };
  durationMs: number;
  timeline: TimelineStep[];
}

/** A refused rollout, for the summary: what failed and where the release is now. */
export interface KubernetesRefusal {
  action: DeployAction;
  app: string;
  environment: string;
  namespace: string;
  release: string;
  /** The revision that failed (0 when helm applied nothing). */
  failedRevision: number;
  imageRef: string;
  why: string;
  failures: KubernetesFailure[];
  /** `rolled back to revision 3`, `the first install was removed`, or why the undo failed. */
  undone: string;
  progress: string;
  /** Plain manifests (not a Helm release): what the team should know (a Deployment that allows unavailability). */
  manifests?: { notes: string[] };
  timeline: TimelineStep[];
}
