/**
 * EKS's bearer token, minted in-process as `aws eks get-token` does — no AWS CLI on the runner: a
 * presigned STS GetCallerIdentity URL (SigV4, valid 60 s) that names the cluster in the signed
 * `x-k8s-aws-id` header, base64url-encoded behind `k8s-aws-v1.`. The cluster's authenticator calls
 * STS with it and maps the caller (the job's OIDC role) to a Kubernetes user. Credentials are the
 * job's (a parameter here); the token is a secret: the caller masks it.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { ConfigurationError } from '../errors.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;

/** The one check of an EKS cluster's name (`eks-cluster`): what EKS accepts, and safe in a URL path. */
export function checkEksCluster(cluster: string): string {
  if (!CLUSTER_NAME.test(cluster)) {
    throw new ConfigurationError(
      `eks-cluster: expected an EKS cluster name (letters, digits, "-", "_"), got ${JSON.stringify(cluster)}`,
      {
        key: 'eks-cluster',
        kind: 'invalid',
      },
    );
  }
  return cluster;
}

/** The one check of an AWS region (`eks-region`): `ap-northeast-2`, safe in a host name. */
export function checkEksRegion(region: string): string {
  if (!REGION.test(region)) {
    throw new ConfigurationError(
      `eks-region: expected an AWS region like ap-northeast-2, got ${JSON.stringify(region)}`,
      {
        key: 'eks-region',
        kind: 'invalid',
      },
    );
  }
  return region;
}

/** A regional AWS API's host: `sts.ap-northeast-2.amazonaws.com`; China's regions under amazonaws.com.cn. */
export function awsServiceHost(service: string, region: string): string {
  return `${service}.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** SigV4's hash seam, on node's crypto: a SHA-256, or an HMAC-SHA-256 when given a key. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: SourceData): string | Buffer =>
  typeof d === 'string'
    ? d
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d);

export class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    throw new Error('not used by SigV4');
  }
}

export async function eksToken(
  cluster: string,
  region: string,
  credentials: AwsCredentials,
  now: Date = new Date(),
): Promise<string> {
  checkEksCluster(cluster);
  checkEksRegion(region);
  const host = awsServiceHost('sts', region);
  const signer = new SignatureV4({
    service: 'sts',
    region,
    credentials,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host, 'x-k8s-aws-id': cluster },
    },
    { expiresIn: 60, signingDate: now },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const url = `https://${host}/?${query}`;
  return `${EKS_TOKEN_PREFIX}${Buffer.from(url).toString('base64url')}`;
}
