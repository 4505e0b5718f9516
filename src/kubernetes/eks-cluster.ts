/**
 * An EKS cluster's kubeconfig as `aws eks update-kubeconfig` makes it, with no AWS CLI on the runner:
 * EKS DescribeCluster (a SigV4-signed `GET /clusters/{name}` over berth's one request, ../http/request.ts)
 * gives the API server's endpoint and CA; ./eks-token.ts mints the bearer token; the kubeconfig holds
 * one cluster, user and context. Credentials are the job's (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN, as aws-actions/configure-aws-credentials exports them). `AWS_ENDPOINT_URL_EKS`, then
 * `AWS_ENDPOINT_URL` (the SDKs' standard) point the API elsewhere, as the tests do.
 *
 * The token is a secret: the caller masks what `eksAccess` returns in `secrets` and writes the text with
 * ./kubeconfig.ts `writeKubeconfig` (0600, removed by the post step). EKS honours a token for 15 minutes
 * from its minting, whatever the presigned URL's 60 s say.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { stringify } from 'yaml';
import { ConfigurationError, errnoCode, OutageError } from '../errors.js';
import { ProxyError } from '../http/proxy.js';
import { httpRequest, RequestTimeoutError, ResponseTooLargeError } from '../http/request.js';
import { TLS_TRUST_CODES } from '../http/tls.js';
import { httpAddressProblem } from '../http/url.js';
import {
  awsServiceHost,
  checkEksCluster,
  checkEksRegion,
  eksToken,
  Sha256,
  type AwsCredentials,
} from './eks-token.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface EksCluster {
  /** The API server's https URL (`https://0123ABCD.gr7.ap-northeast-2.eks.amazonaws.com`). */
  endpoint: string;
  /** The cluster's CA: base64 of its PEM, as EKS returns it (a kubeconfig's certificate-authority-data). */
  certificateAuthority: string;
  /** ACTIVE or UPDATING: the states whose API server answers (as `aws eks update-kubeconfig` takes). */
  status: string;
}

export interface DescribeEksClusterOptions {
  name: string;
  region: string;
  credentials: AwsCredentials;
  /** The EKS API's base URL; else AWS_ENDPOINT_URL_EKS, AWS_ENDPOINT_URL, else `https://eks.{region}.amazonaws.com`. */
  endpoint?: string;
  /** Where AWS_ENDPOINT_URL_EKS and AWS_ENDPOINT_URL are read (default: none). */
  env?: Env;
  /** The signing time (default: now). */
  now?: Date;
  /** Bounds the request (default 30 s). */
  timeoutMs?: number;
  /** PEM of a private CA an overriding endpoint's certificate chains to. */
  ca?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** A DescribeCluster answer is a few KiB; a larger one is not EKS's. */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** The states in which the cluster's API server answers (`aws eks update-kubeconfig` takes these two). */
const SERVING = new Set(['ACTIVE', 'UPDATING']);
/** 403s that mean the credentials themselves were refused, not the action on this cluster. */
const REFUSED_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'ExpiredToken',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationTokenException',
]);
const CONFIGURE_AWS =
  'run aws-actions/configure-aws-credentials with role-to-assume (OIDC; the job needs `permissions: id-token: write`) in this job before berth';

/** The job's AWS credentials, from the variables aws-actions/configure-aws-credentials exports. */
export function awsCredentialsFromEnv(env: Env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID ?? '';
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY ?? '';
  const missing = [
    ...(accessKeyId === '' ? ['AWS_ACCESS_KEY_ID'] : []),
    ...(secretAccessKey === '' ? ['AWS_SECRET_ACCESS_KEY'] : []),
  ];
  if (missing.length > 0) {
    throw new ConfigurationError(
      `${missing.join(', ')}: not set; EKS needs the job's AWS credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and (for a role's session) AWS_SESSION_TOKEN: ${CONFIGURE_AWS}`,
      { key: missing, kind: 'required' },
    );
  }
  const sessionToken = env.AWS_SESSION_TOKEN ?? '';
  return { accessKeyId, secretAccessKey, ...(sessionToken !== '' ? { sessionToken } : {}) };
}

/** The EKS API's base URL: the option, the SDKs' standard variables, else the region's endpoint. */
function apiBase(region: string, endpoint: string | undefined, env: Env): URL {
  const given: [string, string | undefined][] = [
    ['endpoint', endpoint],
    ['AWS_ENDPOINT_URL_EKS', env.AWS_ENDPOINT_URL_EKS],
    ['AWS_ENDPOINT_URL', env.AWS_ENDPOINT_URL],
  ];
  const [from, value] = given.find(([, v]) => v !== undefined && v !== '') ?? [];
  if (from === undefined || value === undefined) return new URL(`https://${awsServiceHost('eks', region)}`);
  const problem = httpAddressProblem(value);
  if (problem !== undefined) {
    const shown =
      problem === 'user-or-password' ? 'an address with a user or password' : JSON.stringify(value);
    throw new ConfigurationError(
      `${from}: expected the EKS API's http(s) address (e.g. https://eks.ap-northeast-2.amazonaws.com), got ${shown}`,
      { key: from, kind: 'invalid' },
    );
  }
  return new URL(value);
}

/** EKS DescribeCluster: the cluster's API server endpoint and CA, once it serves. */
export async function describeEksCluster(options: DescribeEksClusterOptions): Promise<EksCluster> {
  const name = checkEksCluster(options.name);
  const region = checkEksRegion(options.region);
  const base = apiBase(region, options.endpoint, options.env ?? {});
  const url = new URL(`${base.pathname.replace(/\/+$/, '')}/clusters/${encodeURIComponent(name)}`, base);
  const signer = new SignatureV4({
    service: 'eks',
    region,
    credentials: options.credentials,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      headers: { host: url.host, accept: 'application/json' },
    },
    { signingDate: options.now ?? new Date() },
  );
  const where = `EKS DescribeCluster for ${JSON.stringify(name)} in ${region} (${url.origin})`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let status: number;
  let errorType: string;
  let body: string;
  try {
    const res = await httpRequest(url, {
      method: 'GET',
      headers: { ...signed.headers, 'user-agent': 'berth' },
      timeoutMs,
      maxBodyBytes: MAX_ANSWER_BYTES,
      ...(options.ca ? { ca: options.ca } : {}),
    });
    status = res.status;
    const header = res.headers['x-amzn-errortype'];
    errorType = typeof header === 'string' ? header : '';
    body = res.body.toString('utf8');
  } catch (error) {
    throw networkError(error, where, timeoutMs);
  }
  if (status === 200) return clusterOf(body, name, region, where);
  const { code, message } = awsError(errorType, body);
  const said = `${status} ${code || 'no error type'}${message ? `: ${message}` : ''}`;
  if (status === 404 && (code === 'ResourceNotFoundException' || code === '')) {
    throw new ConfigurationError(
      `eks-cluster: no EKS cluster ${JSON.stringify(name)} in region ${region} (${said}); expected the name of a cluster these credentials' account has there (eks-region names the region)`,
      { key: ['eks-cluster', 'eks-region'], kind: 'invalid' },
    );
  }
  if (status === 403 || code === 'AccessDeniedException') {
    const credentialsRefused = REFUSED_CREDENTIALS.has(code);
    throw new ConfigurationError(
      credentialsRefused
        ? `eks-cluster: EKS refused the job's AWS credentials (${said}); they are missing, wrong or expired: ${CONFIGURE_AWS}, with a role allowed eks:DescribeCluster on cluster ${name}`
        : `eks-cluster: the job's AWS role may not describe EKS cluster ${JSON.stringify(name)} in ${region} (${said}); allow it eks:DescribeCluster on arn:aws:eks:${region}:<account>:cluster/${name}, or check that the job's credentials (${CONFIGURE_AWS}) are not missing or expired`,
      { key: 'eks-cluster', kind: 'invalid' },
    );
  }
  if (status === 429 || status >= 500) throw new OutageError(`${where} failed: ${said}`);
  throw new Error(`${where} failed: ${said}`);
}

/** A restJson1 error: the code from x-amzn-ErrorType (else the body's code or __type), sanitized; its message. */
function awsError(header: string, body: string): { code: string; message: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const field = (key: string): string => {
    const value = isRecord(parsed) ? parsed[key] : undefined;
    return typeof value === 'string' ? value : '';
  };
  const raw = header || field('code') || field('__type');
  const code = (raw.split(':')[0] ?? '').replace(/^.*#/, '');
  const message = (field('message') || field('Message')).replace(/\s+/g, ' ').slice(0, 300);
  return { code, message };
}

function clusterOf(body: string, name: string, region: string, where: string): EksCluster {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const cluster = isRecord(parsed) ? parsed.cluster : undefined;
  const status = isRecord(cluster) && typeof cluster.status === 'string' ? cluster.status : '';
  if (!isRecord(cluster) || status === '') {
    throw new OutageError(`${where} answered 200 without a cluster's status: is this EKS's API?`);
  }
  if (!SERVING.has(status)) {
    throw new ConfigurationError(
      `eks-cluster: EKS cluster ${JSON.stringify(name)} in ${region} is ${status}, not ACTIVE; its API server ${status === 'CREATING' || status === 'PENDING' ? 'does not answer yet: deploy once it is ACTIVE' : 'does not answer'}`,
      { key: 'eks-cluster', kind: 'invalid' },
    );
  }
  const endpoint = typeof cluster.endpoint === 'string' ? cluster.endpoint : '';
  const ca = isRecord(cluster.certificateAuthority) ? cluster.certificateAuthority.data : undefined;
  if (endpoint === '' || typeof ca !== 'string' || ca === '') {
    throw new OutageError(`${where} answered ${status} without the cluster's endpoint and CA`);
  }
  return { endpoint, certificateAuthority: ca, status };
}

function networkError(error: unknown, where: string, timeoutMs: number): Error {
  if (error instanceof RequestTimeoutError) {
    return new OutageError(`${where} did not answer within ${Math.round(timeoutMs / 100) / 10} s`, {
      cause: error,
    });
  }
  if (error instanceof ResponseTooLargeError || error instanceof ProxyError) {
    return new OutageError(`${where} failed: ${error.message}`, { cause: error });
  }
  const code = errnoCode(error) ?? (error instanceof Error ? error.message : String(error));
  if (TLS_TRUST_CODES.has(code)) {
    return new OutageError(
      `${where} failed: its TLS certificate is not trusted here (${code}); is AWS_ENDPOINT_URL_EKS (or AWS_ENDPOINT_URL) the EKS API?`,
      { cause: error },
    );
  }
  return new OutageError(`${where} cannot be reached (${code}); check that this runner reaches it`, {
    cause: error,
  });
}

export interface EksKubeconfigOptions {
  /** The cluster's name: the kubeconfig's cluster, user and context are named after it. */
  cluster: string;
  endpoint: string;
  /** Base64 of the cluster CA's PEM, as DescribeCluster returns it. */
  certificateAuthority: string;
  /** The bearer token (./eks-token.ts). */
  token: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A kubeconfig with one cluster, user (the token) and context, current. Pure. */
export function eksKubeconfig(options: EksKubeconfigOptions): string {
  const cluster = checkEksCluster(options.cluster);
  const where = `EKS cluster ${JSON.stringify(cluster)}`;
  let endpoint: URL | undefined;
  try {
    endpoint = new URL(options.endpoint);
  } catch {
    endpoint = undefined;
  }
  if (
    endpoint?.protocol !== 'https:' ||
    endpoint.username !== '' ||
    endpoint.password !== '' ||
    /[\s\p{Cc}]/u.test(options.endpoint)
  ) {
    throw new ConfigurationError(
      `eks-cluster: ${where}'s endpoint is not an https URL (got ${endpoint?.username || endpoint?.password ? 'an address with a user or password' : JSON.stringify(options.endpoint.slice(0, 100))}); expected the API server's address DescribeCluster gives, e.g. https://0123ABCD.gr7.ap-northeast-2.eks.amazonaws.com`,
      { key: 'eks-cluster', kind: 'invalid' },
    );
  }
  const ca = options.certificateAuthority;
  if (ca === '' || !BASE64.test(ca) || !Buffer.from(ca, 'base64').toString('latin1').includes('-----BEGIN')) {
    throw new ConfigurationError(
      `eks-cluster: ${where}'s certificate authority is not base64 of a PEM certificate; expected certificateAuthority.data as DescribeCluster gives it`,
      { key: 'eks-cluster', kind: 'invalid' },
    );
  }
  if (options.token === '' || /\s/.test(options.token)) {
    // Never quoted: it is a secret.
    throw new Error(`the bearer token for ${where} is empty or holds whitespace`);
  }
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: options.endpoint, 'certificate-authority-data': ca } }],
    users: [{ name: cluster, user: { token: options.token } }],
    contexts: [{ name: cluster, context: { cluster, user: cluster } }],
    'current-context': cluster,
  });
}

export interface EksAccessOptions {
  name: string;
  region: string;
  /** The job's environment: its AWS credentials, AWS_ENDPOINT_URL_EKS / AWS_ENDPOINT_URL. */
  env: Env;
  /** The token's and the request's signing time (default: now). */
  now?: Date;
  timeoutMs?: number;
  /** PEM of a private CA an overriding EKS API endpoint's certificate chains to. */
  ca?: string;
}

export interface EksAccess {
  /** The kubeconfig: write it with ./kubeconfig.ts writeKubeconfig, never log it. */
  kubeconfigText: string;
  /** To mask: the token, then the job's AWS secret key and session token it was made with. */
  secrets: string[];
  cluster: EksCluster;
}

/** DescribeCluster, then the token, then the kubeconfig: what `aws eks update-kubeconfig` gives kubectl. */
export async function eksAccess(options: EksAccessOptions): Promise<EksAccess> {
  const name = checkEksCluster(options.name);
  const region = checkEksRegion(options.region);
  const credentials = awsCredentialsFromEnv(options.env);
  const now = options.now ?? new Date();
  const cluster = await describeEksCluster({
    name,
    region,
    credentials,
    env: options.env,
    now,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
  });
  const token = await eksToken(name, region, credentials, now);
  return {
    kubeconfigText: eksKubeconfig({
      cluster: name,
      endpoint: cluster.endpoint,
      certificateAuthority: cluster.certificateAuthority,
      token,
    }),
    secrets: [
      token,
      credentials.secretAccessKey,
      ...(credentials.sessionToken ? [credentials.sessionToken] : []),
    ],
    cluster,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
