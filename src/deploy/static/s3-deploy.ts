/**
 * A static deploy to a bucket, as named steps: list the bucket, upload what changed (content-hashed
 * assets, then other files, then the HTML entry points), invalidate CloudFront's stale paths, and only
 * then delete what the build no longer has and what `keep-previous` no longer protects.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../../errors.js';
import { waitForInvalidation, type Invalidator } from './cloudfront.js';
import {
  invalidationPaths,
  planRemovals,
  planUploads,
  type CacheRule,
  type FileUpload,
  type LocalFile,
  type RemovedLedger,
} from './plan.js';
import type { ObjectStore } from './s3.js';

/** berth's own objects under the prefix: never compared, never deleted as a removed file. */
export const LEDGER_DIR = '.berth/';
export const LEDGER_FILE = `${LEDGER_DIR}removed.json`;

export interface S3DeployOptions {
  /** The build directory (absolute) and its files. */
  dir: string;
  files: readonly LocalFile[];
  /** '' or ending in `/`. */
  prefix: string;
  rules: readonly CacheRule[];
  force: boolean;
  deleteRemoved: boolean;
  keepPreviousMs: number;
  cloudfront?: {
    distributionId: string;
    mode: 'changed' | 'all';
    wait: boolean;
    waitTimeoutMs: number;
    pollMs: number;
    callerReference: string;
  };
  concurrency: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  info: (message: string) => void;
  warning: (message: string) => void;
  step: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
}

export interface S3DeployResult {
  address: string;
  prefix: string;
  uploaded: FileUpload[];
  unchanged: number;
  deleted: string[];
  /** Removed from the build, kept for `keep-previous`. */
  kept: string[];
  bytesUploaded: number;
  invalidation?: { id: string; paths: string[]; note: string; completed: boolean };
}

export async function deployToS3(
  store: ObjectStore,
  cdn: Invalidator | undefined,
  o: S3DeployOptions,
): Promise<S3DeployResult> {
  if (o.files.some((f) => f.path.startsWith(LEDGER_DIR))) {
    throw new ConfigurationError(
      `dir: the build has a ${LEDGER_DIR} directory, which berth keeps its own records in under s3-prefix; rename it`,
    );
  }
  const remote = await o.step('list bucket', () => store.list(o.prefix));
  const objects = remote
    .map((r) => ({ path: r.key.slice(o.prefix.length), size: r.size, etag: r.etag }))
    .filter((r) => r.path !== '' && !r.path.endsWith('/') && !r.path.startsWith(LEDGER_DIR));
  const plan = planUploads(o.files, objects, o.rules, o.force);
  const { immutable, other, html } = plan.phases;
  const uploaded = [...immutable, ...other, ...html];
  o.info(
    `${o.files.length} files in ${o.dir}: ${uploaded.length} to upload (${immutable.length} immutable, ${other.length} other, ${html.length} HTML), ${plan.unchanged.length} unchanged, ${plan.removed.length} no longer in the build`,
  );
  const put = (u: FileUpload): Promise<void> =>
    readFile(path.join(o.dir, u.path)).then((body) =>
      store.put({
        key: o.prefix + u.path,
        body,
        md5: u.md5,
        contentType: u.contentType,
        cacheControl: u.cacheControl,
      }),
    );
  // Each phase completes before the next starts: an HTML page never goes live before its assets.
  for (const [name, batch] of [
    ['upload immutable', immutable],
    ['upload other', other],
    ['upload HTML', html],
  ] as const) {
    if (batch.length > 0) await o.step(name, () => forEachLimit(batch, o.concurrency, put));
  }

  const result: S3DeployResult = {
    address: store.address,
    prefix: o.prefix,
    uploaded,
    unchanged: plan.unchanged.length,
    deleted: [],
    kept: [],
    bytesUploaded: uploaded.reduce((sum, u) => sum + u.size, 0),
  };

  if (o.cloudfront && cdn) {
    const cf = o.cloudfront;
    const { paths, note } = invalidationPaths(uploaded, cf.mode);
    if (note !== '' && cf.mode === 'changed') o.warning(`CloudFront: invalidating /* (${note})`);
    if (paths.length > 0) {
      const id = await o.step('invalidate', () => cdn.create(cf.distributionId, paths, cf.callerReference));
      o.info(`CloudFront invalidation ${id} on ${cf.distributionId}: ${paths.length} path(s)`);
      result.invalidation = { id, paths, note, completed: false };
      if (cf.wait) {
        await o.step('invalidation wait', () =>
          waitForInvalidation(cdn, cf.distributionId, id, {
            timeoutMs: cf.waitTimeoutMs,
            pollMs: cf.pollMs,
            sleep: o.sleep,
            now: o.now,
            progress: (line) => o.info(line),
          }),
        );
        result.invalidation.completed = true;
      }
    }
  }

  if (o.deleteRemoved) {
    const ledgerKey = o.prefix + LEDGER_FILE;
    const hadLedger = remote.some((r) => r.key === ledgerKey);
    const ledger = hadLedger ? parseLedger(await store.get(ledgerKey), o.warning) : {};
    const removals = planRemovals(plan.removed, ledger, o.now(), o.keepPreviousMs);
    if (removals.deleteNow.length > 0) {
      await o.step('delete removed', () =>
        forEachLimit(removals.deleteNow, o.concurrency, (p) => store.delete(o.prefix + p)),
      );
    }
    result.deleted = removals.deleteNow;
    result.kept = removals.keep;
    if (JSON.stringify(removals.ledger) !== JSON.stringify(ledger)) {
      if (Object.keys(removals.ledger).length === 0) await store.delete(ledgerKey);
      else {
        const body = Buffer.from(renderLedger(removals.ledger));
        await store.put({
          key: ledgerKey,
          body,
          md5: createHash('md5').update(body).digest('hex'),
          contentType: 'application/json; charset=utf-8',
          cacheControl: 'no-store',
        });
      }
    }
    if (removals.keep.length > 0) {
      o.info(
        `${removals.keep.length} removed file(s) kept for keep-previous; a deploy after the window deletes them`,
      );
    }
  }
  return result;
}

/** The ledger as stored: `{"version":1,"removed":{"path":"ISO time"}}`, sorted, one line per file. */
export function renderLedger(ledger: RemovedLedger): string {
  const removed = Object.fromEntries(
    Object.keys(ledger)
      .sort()
      .map((k) => [k, new Date(ledger[k] as number).toISOString()]),
  );
  return `${JSON.stringify({ version: 1, removed }, null, 1)}\n`;
}

export function parseLedger(body: Buffer | undefined, warn: (m: string) => void): RemovedLedger {
  if (body === undefined) return {};
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { removed?: Record<string, unknown> };
    const ledger: RemovedLedger = {};
    for (const [file, at] of Object.entries(parsed.removed ?? {})) {
      const ms = typeof at === 'string' ? Date.parse(at) : NaN;
      if (!Number.isNaN(ms)) ledger[file] = ms;
    }
    return ledger;
  } catch {
    warn(`${LEDGER_FILE} is not berth's JSON; the keep-previous window of removed files starts again now`);
    return {};
  }
}

/** Runs `fn` over `items`, at most `limit` at a time; the first failure stops new starts and is thrown. */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker),
  );
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}
