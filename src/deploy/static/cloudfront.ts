/**
 * The CloudFront seam: create an invalidation and read its status, through the AWS SDK (imported only
 * here, only when `cloudfront-distribution-id` is set) with its standard credential chain.
 * `AWS_ENDPOINT_URL_CLOUDFRONT` (an SDK standard) points it elsewhere, as the tests do.
 */
import { ConfigurationError } from '../../errors.js';
import { awsProxyHandler } from '../../http/proxy.js';
import { startProgress } from '../../progress.js';

export interface Invalidator {
  /** Creates the invalidation; returns its id. */
  create(distributionId: string, paths: readonly string[], callerReference: string): Promise<string>;
  /** `InProgress` or `Completed`. */
  status(distributionId: string, id: string): Promise<string>;
  close(): void;
}

export async function createCloudFront(): Promise<Invalidator> {
  const sdk = await import('@aws-sdk/client-cloudfront');
  // CloudFront is a global service; its API lives in us-east-1.
  const client = new sdk.CloudFrontClient({ region: 'us-east-1', requestHandler: awsProxyHandler() });
  return {
    async create(distributionId, paths, callerReference) {
      try {
        const out = await client.send(
          new sdk.CreateInvalidationCommand({
            DistributionId: distributionId,
            InvalidationBatch: {
              CallerReference: callerReference,
              Paths: { Quantity: paths.length, Items: [...paths] },
            },
          }),
        );
        const id = out.Invalidation?.Id;
        if (!id) throw new Error(`CloudFront created no invalidation for ${distributionId}`);
        return id;
      } catch (error) {
        throw translateError(error, distributionId, 'CreateInvalidation');
      }
    },
    async status(distributionId, id) {
      try {
        const out = await client.send(
          new sdk.GetInvalidationCommand({ DistributionId: distributionId, Id: id }),
        );
        return out.Invalidation?.Status ?? '';
      } catch (error) {
        throw translateError(error, distributionId, 'GetInvalidation');
      }
    },
    close() {
      client.destroy();
    },
  };
}

function translateError(error: unknown, distributionId: string, action: string): Error {
  if (!(error instanceof Error)) return new Error(`CloudFront ${action}: ${String(error)}`);
  if (error.name === 'NoSuchDistribution') {
    return new ConfigurationError(
      `cloudfront-distribution-id: no distribution ${JSON.stringify(distributionId)} for these credentials; use the ID the CloudFront console shows (e.g. E2QWRUHAPOMQZL)`,
    );
  }
  if (error.name === 'AccessDenied' || error.name === 'InvalidClientTokenId') {
    return new ConfigurationError(
      `cloudfront-distribution-id: ${action} on ${distributionId} was refused (${error.name}: ${error.message}); the credentials need cloudfront:${action}`,
    );
  }
  if (error.name === 'CredentialsProviderError') {
    return new ConfigurationError(
      `cloudfront-distribution-id: no AWS credentials (${error.message}); run aws-actions/configure-aws-credentials before berth`,
    );
  }
  error.message = `CloudFront ${action} on ${distributionId}: ${error.message}`;
  return error;
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Where a progress line goes, at least every 5 s, and the final one. */
  progress?: (line: string) => void;
}

/** Polls until the invalidation has completed; bounded by `timeoutMs`. */
export async function waitForInvalidation(
  cdn: Invalidator,
  distributionId: string,
  id: string,
  options: WaitOptions,
): Promise<void> {
  const started = options.now();
  const progress = startProgress({
    what: `CloudFront invalidation ${id}`,
    limitMs: options.timeoutMs,
    now: options.now,
    say: options.progress ?? (() => undefined),
  });
  const maxPolls = Math.ceil(options.timeoutMs / Math.max(options.pollMs, 1)) + 1;
  for (let poll = 0; poll < maxPolls; poll++) {
    const status = await cdn.status(distributionId, id);
    if (status === 'Completed') {
      progress.end('completed');
      return;
    }
    if (options.now() - started >= options.timeoutMs) break;
    progress.update(status);
    await progress.sleep(options.pollMs, options.sleep);
  }
  progress.end('not completed');
  throw new Error(
    `CloudFront invalidation ${id} on ${distributionId} had not completed after ${Math.round(options.timeoutMs / 1000)} s; the new files are uploaded, removed files were not deleted yet`,
  );
}
