/**
 * `deploy`/`rollback` with `strategy: static`: a frontend build to a bucket (S3, or NCP/NHN object
 * storage), optionally behind CloudFront, or to a releases directory that nginx serves on this host or
 * on servers over SSH. Loaded only for this strategy, and the AWS SDK only for the bucket.
 */
import { createExec } from '../exec.js';
import type { Inputs } from '../inputs.js';
import { appendHistory, stateDirFor } from '../deploy/state.js';
import { createCloudFront, type Invalidator } from '../deploy/static/cloudfront.js';
import { scanBuildDir } from '../deploy/static/files.js';
import { publishRelease, rollbackRelease, type NginxDirResult } from '../deploy/static/nginx-dir.js';
import { createS3Store, type ObjectStore, type S3Settings } from '../deploy/static/s3.js';
import { deployToS3 } from '../deploy/static/s3-deploy.js';
import { resolveStaticSettings, type NginxDirTarget, type S3Target } from '../deploy/static/settings.js';
import type { LocalFile } from '../deploy/static/plan.js';
import type { Host } from '../remote/host.js';
import { renderStaticSummary, type StaticDeployReport } from '../report/static-summary.js';
import { sleep as realSleep } from '../retry.js';
import type { Runtime } from '../runtime/runtime.js';
import { underDeployLock, type DeployDeps } from './deploy.js';
import { deployRunId, onEachHost } from '../deploy/each-host.js';
import { timeline } from '../deploy/timeline.js';

export interface StaticDeps extends DeployDeps {
  createStore?: (settings: S3Settings) => Promise<ObjectStore>;
  createCdn?: () => Promise<Invalidator>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Uploads and deletes at a time. */
  concurrency?: number;
  cloudfrontWaitMs?: number;
  cloudfrontPollMs?: number;
}

const CLOUDFRONT_WAIT_MS = 20 * 60_000;
const CLOUDFRONT_POLL_MS = 10_000;

export async function runStaticDeploy(
  action: 'deploy' | 'rollback',
  inputs: Inputs,
  runtime: Runtime,
  deps: StaticDeps = {},
): Promise<void> {
  const settings = resolveStaticSettings(inputs, action, runtime.workspace);
  const reports =
    settings.target === 's3'
      ? [await deployS3(settings, runtime, deps)]
      : await deployNginxDir(action, settings, inputs, runtime, deps);
  const last = reports.at(-1) as StaticDeployReport;
  const sum = (f: (r: StaticDeployReport) => number): string => String(reports.reduce((n, r) => n + f(r), 0));
  runtime.setOutput(
    'files-uploaded',
    sum((r) => r.uploaded.length),
  );
  runtime.setOutput(
    'files-deleted',
    sum((r) => r.deleted.length),
  );
  runtime.setOutput(
    'bytes-uploaded',
    sum((r) => r.bytesUploaded),
  );
  runtime.setOutput('invalidation-id', last.invalidation?.id ?? '');
  runtime.setOutput(
    'url',
    settings.target === 's3' ? last.where : last.live ? `${settings.root}/releases/${last.live}` : '',
  );
  runtime.setOutput(
    'duration-ms',
    sum((r) => r.durationMs),
  );
  await runtime.appendSummary(reports.map(renderStaticSummary).join('\n'));
}

async function deployS3(settings: S3Target, runtime: Runtime, deps: StaticDeps): Promise<StaticDeployReport> {
  const started = Date.now();
  const { steps, step } = timeline();
  const now = deps.now ?? Date.now;
  const files = await step('scan build', () => scanBuildDir(settings.dir));
  const s3: S3Settings = { bucket: settings.bucket, region: settings.region, endpoint: settings.endpoint };
  const store = await (deps.createStore ?? createS3Store)(s3);
  const cdn = settings.cloudfront ? await (deps.createCdn ?? createCloudFront)() : undefined;
  const where = `${store.address}/${settings.prefix}`;
  runtime.info(`Publishing ${settings.dir} to ${where}`);
  try {
    const commit = runtime.getContext('sha') || 'local';
    const runId = runtime.getContext('run-id') || `${process.pid}`;
    const result = await deployToS3(store, cdn, {
      dir: settings.dir,
      files,
      prefix: settings.prefix,
      rules: settings.rules,
      force: settings.force,
      deleteRemoved: settings.deleteRemoved,
      keepPreviousMs: settings.keepPreviousMs,
      ...(settings.cloudfront
        ? {
            cloudfront: {
              ...settings.cloudfront,
              waitTimeoutMs: deps.cloudfrontWaitMs ?? CLOUDFRONT_WAIT_MS,
              pollMs: deps.cloudfrontPollMs ?? CLOUDFRONT_POLL_MS,
              // Unique per deploy attempt: CloudFront treats a reused reference with other paths as an error.
              callerReference: `berth-${settings.app}-${settings.environment}-${commit.slice(0, 12)}-${runId}-${now()}`,
            },
          }
        : {}),
      concurrency: deps.concurrency ?? 8,
      now,
      sleep: deps.sleep ?? realSleep,
      info: (m) => runtime.info(m),
      warning: (m) => runtime.warning(m),
      step,
    });
    return {
      action: 'deploy',
      app: settings.app,
      environment: settings.environment,
      target: 's3',
      where,
      host: '',
      uploaded: result.uploaded.map((u) => ({ path: u.path, size: u.size, cacheControl: u.cacheControl })),
      unchanged: result.unchanged,
      deleted: result.deleted,
      kept: result.kept,
      bytesUploaded: result.bytesUploaded,
      ...(result.invalidation ? { invalidation: result.invalidation } : {}),
      durationMs: Date.now() - started,
      timeline: steps,
    };
  } finally {
    store.close();
    cdn?.close();
  }
}

/** One host at a time, each under its deploy lock; the first failure stops the run. */
async function deployNginxDir(
  action: 'deploy' | 'rollback',
  settings: NginxDirTarget,
  inputs: Inputs,
  runtime: Runtime,
  deps: StaticDeps,
): Promise<StaticDeployReport[]> {
  const exec = deps.exec ?? createExec(runtime);
  const files = action === 'deploy' ? await scanBuildDir(settings.dir) : [];
  const runId = deployRunId(runtime);
  return onEachHost(
    inputs,
    runtime,
    exec,
    (host) => releaseOnHost(action, host, settings, files, runtime, deps, runId, inputs.lockTimeoutSeconds),
    (done) => runtime.appendSummary(done.map(renderStaticSummary).join('\n')),
  );
}

async function releaseOnHost(
  action: 'deploy' | 'rollback',
  host: Host,
  settings: NginxDirTarget,
  files: readonly LocalFile[],
  runtime: Runtime,
  deps: StaticDeps,
  runId: string,
  lockTimeoutSeconds: number,
): Promise<StaticDeployReport> {
  const started = Date.now();
  const { steps, step } = timeline();
  const commit = runtime.getContext('sha');
  const actor = runtime.getContext('actor');
  const stateDir = stateDirFor(
    settings.stateRoot || host.defaultStateRoot(),
    settings.app,
    settings.environment,
  );
  const lockDir = `${stateDir}/lock`;
  const lock = { host, dir: lockDir, runId, commit, actor, timeoutSeconds: lockTimeoutSeconds };
  const result = await underDeployLock(lock, runtime, step, async (): Promise<NginxDirResult> => {
    try {
      const options = { host, root: settings.root, step, info: (m: string) => runtime.info(m) };
      const released =
        action === 'deploy'
          ? await publishRelease({
              ...options,
              localDir: settings.dir,
              commit,
              keep: settings.keepReleases,
              now: deps.now ?? Date.now,
            })
          : await rollbackRelease(options);
      const live = `${settings.root}/releases/${released.live}`;
      await appendHistory(host, stateDir, {
        at: new Date().toISOString(),
        action,
        result: 'success',
        color: '',
        imageRef: live,
        previousImageRef: released.previous ? `${settings.root}/releases/${released.previous}` : '',
        commit,
        runId,
        actor,
        durationMs: Date.now() - started,
      });
      return released;
    } catch (error) {
      await appendHistory(host, stateDir, {
        at: new Date().toISOString(),
        action,
        result: 'failed',
        color: '',
        imageRef: '',
        previousImageRef: '',
        commit,
        runId,
        actor,
        durationMs: Date.now() - started,
        error: error instanceof Error ? error.message.slice(0, 500) : String(error),
      }).catch(() => undefined);
      throw error;
    }
  });
  return {
    action,
    app: settings.app,
    environment: settings.environment,
    target: 'nginx-dir',
    where: settings.root,
    host: host.label,
    uploaded: files.map((f) => ({ path: f.path, size: f.size, cacheControl: '' })),
    unchanged: 0,
    deleted: [],
    kept: [],
    bytesUploaded: files.reduce((n, f) => n + f.size, 0),
    live: result.live,
    previous: result.previous,
    removedReleases: result.removedReleases,
    durationMs: Date.now() - started,
    timeline: steps,
  };
}
