/**
 * The object store seam: S3, or S3-compatible storage (NCP, NHN) at `s3-endpoint`, through the AWS SDK
 * with its standard credential chain. The SDK is imported only here, only when a static deploy to S3
 * runs. Bodies are whole buffers sent with Content-MD5, and every answer's ETag is checked against the
 * file's MD5: an S3-compatible server that mishandles the SDK's streamed checksums (aws-chunked) stores
 * framing bytes in the object, and that must fail the deploy, not publish a broken site.
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { ConfigurationError } from '../../errors.js';
import { awsProxyHandler } from '../../http/proxy.js';

export interface StoredObject {
  /** The full key. */
  key: string;
  size: number;
  /** Unquoted, lower case. */
  etag: string;
}

export interface PutRequest {
  key: string;
  body: Buffer;
  /** Hex MD5 of body. */
  md5: string;
  contentType: string;
  cacheControl: string;
}

export interface ObjectStore {
  /** Where the site lives, for the `url` output and messages (`https://bucket.s3.region.amazonaws.com`). */
  readonly address: string;
  list(prefix: string): Promise<StoredObject[]>;
  /** The object's bytes; undefined when there is no such key. */
  get(key: string): Promise<Buffer | undefined>;
  put(request: PutRequest): Promise<void>;
  delete(key: string): Promise<void>;
  close(): void;
}

export interface S3Settings {
  bucket: string;
  /** '' for the SDK's own (AWS_REGION, the profile). */
  region: string;
  /** '' for AWS S3. */
  endpoint: string;
}

/** A listing larger than this many pages (1,000 keys each) is not a frontend's prefix. */
export const MAX_LIST_PAGES = 10_000;

/**
 * The client's settings. For an endpoint that is not AWS: path-style addressing, and checksums only
 * where an API requires them (the SDK's default since 3.729 adds CRC32 to every upload, streamed as
 * aws-chunked trailers that several S3-compatible stores do not understand).
 */
export function s3ClientConfig(
  settings: S3Settings,
  env: Record<string, string | undefined>,
): S3ClientConfig {
  const endpoint = settings.endpoint || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || '';
  const config: S3ClientConfig = settings.region ? { region: settings.region } : {};
  if (settings.endpoint) Object.assign(config, { endpoint: settings.endpoint, forcePathStyle: true });
  if (endpoint !== '' && !isAwsEndpoint(endpoint)) {
    Object.assign(config, {
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }
  return config;
}

function isAwsEndpoint(endpoint: string): boolean {
  try {
    return /(^|\.)amazonaws\.com(\.cn)?$/i.test(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

/** The site's address in the bucket: path-style under an endpoint, virtual-hosted on AWS. */
export function bucketAddress(settings: S3Settings, region: string): string {
  if (settings.endpoint) return `${settings.endpoint.replace(/\/+$/, '')}/${settings.bucket}`;
  return `https://${settings.bucket}.s3.${region || 'us-east-1'}.amazonaws.com`;
}

export async function createS3Store(
  settings: S3Settings,
  env: Record<string, string | undefined> = process.env,
): Promise<ObjectStore> {
  const sdk = await import('@aws-sdk/client-s3');
  // The SDK reads no proxy settings itself: its agents follow HTTPS_PROXY / NO_PROXY (../../http/proxy.ts).
  const client = new sdk.S3Client({ ...s3ClientConfig(settings, env), requestHandler: awsProxyHandler(env) });
  let region = settings.region;
  try {
    region = await client.config.region();
  } catch (error) {
    throw translateError(error, settings, 'resolving the region');
  }
  const { bucket } = settings;
  const address = bucketAddress(settings, region);
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw translateError(error, settings, what);
    }
  };
  return {
    address,
    async list(prefix) {
      const objects: StoredObject[] = [];
      let token: string | undefined;
      for (let page = 0; page < MAX_LIST_PAGES; page++) {
        const out = await call(`listing ${prefix || '/'}`, () =>
          client.send(
            new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
          ),
        );
        for (const o of out.Contents ?? []) {
          if (o.Key === undefined) continue;
          objects.push({ key: o.Key, size: o.Size ?? 0, etag: unquote(o.ETag) });
        }
        if (!out.IsTruncated || !out.NextContinuationToken) return objects;
        token = out.NextContinuationToken;
      }
      throw new Error(`listing s3://${bucket}/${prefix}: more than ${MAX_LIST_PAGES} pages of objects`);
    },
    async get(key) {
      try {
        const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
        return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : Buffer.alloc(0);
      } catch (error) {
        if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound'))
          return undefined;
        throw translateError(error, settings, `reading ${key}`);
      }
    },
    async put(request) {
      const out = await call(`uploading ${request.key}`, () =>
        client.send(
          new sdk.PutObjectCommand({
            Bucket: bucket,
            Key: request.key,
            Body: request.body,
            ContentLength: request.body.length,
            ContentMD5: Buffer.from(request.md5, 'hex').toString('base64'),
            ContentType: request.contentType,
            CacheControl: request.cacheControl,
          }),
        ),
      );
      // With SSE-KMS the ETag is not the MD5; S3 itself checked Content-MD5 then.
      if (out.ServerSideEncryption?.startsWith('aws:kms')) return;
      const etag = unquote(out.ETag);
      if (etag !== request.md5) {
        throw new Error(
          `uploading ${request.key} to ${address}: the store answered ETag ${JSON.stringify(etag)} for a body whose MD5 is ${request.md5}, so it did not store the file's bytes (an S3-compatible store that mishandles checksums?); nothing after this file was published`,
        );
      }
    },
    async delete(key) {
      await call(`deleting ${key}`, () =>
        client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key })),
      );
    },
    close() {
      client.destroy();
    },
  };
}

function unquote(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();
}

/** The SDK's errors that a user fixes become configuration errors naming the input. */
export function translateError(error: unknown, settings: S3Settings, what: string): Error {
  if (!(error instanceof Error)) return new Error(`${what}: ${String(error)}`);
  const where = settings.endpoint || 'AWS S3';
  const detail = `${error.name}: ${error.message}`;
  if (error.name === 'NoSuchBucket') {
    return new ConfigurationError(
      `s3-bucket: no bucket ${JSON.stringify(settings.bucket)} at ${where}${settings.region ? ` (${settings.region})` : ''}; create it, or fix s3-bucket, s3-endpoint or s3-region`,
      { key: 's3-bucket', kind: 'invalid' },
    );
  }
  if (/Region is missing/i.test(error.message)) {
    return new ConfigurationError(
      's3-region: required (the environment names no AWS_REGION either), e.g. ap-northeast-2, or kr-standard (NCP) or KR1 (NHN)',
      { key: 's3-region', kind: 'required' },
    );
  }
  if (error.name === 'CredentialsProviderError' || /Could not load credentials/i.test(error.message)) {
    return new ConfigurationError(
      `s3-bucket: no AWS credentials for ${where} (${error.message}); run aws-actions/configure-aws-credentials before berth, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (the object storage's access key for NCP or NHN)`,
    );
  }
  if (
    ['PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException'].includes(
      error.name,
    )
  ) {
    return new ConfigurationError(
      `s3-region: the bucket ${JSON.stringify(settings.bucket)} is in another region than ${JSON.stringify(settings.region || '(the SDK default)')} (${detail}); set s3-region to the bucket's region`,
    );
  }
  if (['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'Forbidden'].includes(error.name)) {
    return new ConfigurationError(
      `s3-bucket: ${where} refused ${what} in ${JSON.stringify(settings.bucket)} (${detail}); the credentials need s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on it`,
    );
  }
  error.message = `${what} in s3://${settings.bucket} at ${where}: ${error.message}`;
  return error;
}
