/**
 * Strategy static: a frontend build to a bucket (S3, or NCP/NHN object storage), optionally behind
 * CloudFront — once, from the runner — or to a releases directory that nginx serves, on this host or on
 * servers over SSH, under each host's lock. Loaded only for this strategy, the AWS SDK only for a bucket.
 */
import { renderStaticSummary } from '../../report/static-summary.js';
import { sleep as realSleep } from '../../retry.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { DeployAction, StaticDeployReport } from '../model.js';
import type { DeployDeps, DeployPlan, HostRun, Strategy } from '../strategy.js';
import { createCloudFront } from './cloudfront.js';
import { scanBuildDir } from './files.js';
import { publishRelease, rollbackRelease } from './nginx-dir.js';
import type { LocalFile } from './plan.js';
import { createS3Store, type S3Settings } from './s3.js';
import { deployToS3 } from './s3-deploy.js';
import { timeline } from '../timeline.js';
import {
  resolveStaticSettings,
  type NginxDirTarget,
  type S3Target,
  type StaticSettings,
} from './settings.js';

const CLOUDFRONT_WAIT_MS = 20 * 60_000;
const CLOUDFRONT_POLL_MS = 10_000;

export const staticStrategy: Strategy = {
  plan: async (action, inputs, runtime, deps) =>
    staticPlan(action, resolveStaticSettings(inputs, action, runtime.workspace), runtime, deps),
};

async function staticPlan(
  action: DeployAction,
  settings: StaticSettings,
  runtime: Runtime,
  deps: DeployDeps,
): Promise<DeployPlan<StaticDeployReport>> {
  const reporting = {
    summary: renderStaticSummary,
    outputs: (reports: readonly StaticDeployReport[]) => staticOutputs(settings, reports),
  };
  if (settings.target === 's3')
    return { where: 'once', run: () => deployS3(settings, runtime, deps), ...reporting };
  // Scanned once, before the first host: every host gets the same build.
  const files = action === 'deploy' ? await scanBuildDir(settings.dir) : [];
  return {
    where: 'hosts',
    app: settings.app,
    environment: settings.environment,
    stateRoot: settings.stateRoot,
    lockTimeoutSeconds: settings.lockTimeoutSeconds,
    run: (on) => releaseOnHost(action, settings, files, runtime, deps, on),
    ...reporting,
  };
}

/** The outputs of a static deploy: counts over every host, the last one's release or the bucket's address. */
export function staticOutputs(
  settings: StaticSettings,
  reports: readonly StaticDeployReport[],
): Record<
  'files-uploaded' | 'files-deleted' | 'bytes-uploaded' | 'invalidation-id' | 'url' | 'duration-ms',
  string
> {
  const last = reports.at(-1) as StaticDeployReport;
  const sum = (f: (r: StaticDeployReport) => number): string => String(reports.reduce((n, r) => n + f(r), 0));
  return {
    'files-uploaded': sum((r) => r.uploaded.length),
    'files-deleted': sum((r) => r.deleted.length),
    'bytes-uploaded': sum((r) => r.bytesUploaded),
    'invalidation-id': last.invalidation?.id ?? '',
    url: settings.target === 's3' ? last.where : last.live ? `${settings.root}/releases/${last.live}` : '',
    'duration-ms': sum((r) => r.durationMs),
  };
}

async function deployS3(settings: S3Target, runtime: Runtime, deps: DeployDeps): Promise<StaticDeployReport> {
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
      remote: false,
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

/** One host's release (lock held, attempt recorded by the command): copy and switch, or switch back. */
async function releaseOnHost(
  action: DeployAction,
  settings: NginxDirTarget,
  files: readonly LocalFile[],
  runtime: Runtime,
  deps: DeployDeps,
  on: HostRun,
): Promise<StaticDeployReport> {
  const { host, step } = on;
  const options = { host, root: settings.root, step, info: (m: string) => runtime.info(m) };
  const released =
    action === 'deploy'
      ? await publishRelease({
          ...options,
          localDir: settings.dir,
          files: files.map((f) => f.path),
          commit: on.commit,
          keep: settings.keepReleases,
          now: deps.now ?? Date.now,
        })
      : await rollbackRelease(options);
  on.attempt.imageRef = `${settings.root}/releases/${released.live}`;
  on.attempt.previousImageRef = released.previous ? `${settings.root}/releases/${released.previous}` : '';
  return {
    action,
    app: settings.app,
    environment: settings.environment,
    target: 'nginx-dir',
    where: settings.root,
    host: host.label,
    remote: host.remote,
    uploaded: files.map((f) => ({ path: f.path, size: f.size, cacheControl: '' })),
    unchanged: 0,
    deleted: [],
    kept: [],
    bytesUploaded: files.reduce((n, f) => n + f.size, 0),
    live: released.live,
    previous: released.previous,
    removedReleases: released.removedReleases,
    durationMs: Date.now() - on.startedAt,
    timeline: on.timeline,
  };
}
