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
