/**
 * An EKS cluster's kubeconfig with no AWS CLI: DescribeCluster signed with SigV4 against a loopback EKS
 * stub (AWS_ENDPOINT_URL_EKS) that checks the signature itself, the job's credentials from its
 * environment, and the kubeconfig read back as kubeconfig.ts reads a secret's.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { ConfigurationError, OutageError } from '../../src/errors.js';
import {
  awsCredentialsFromEnv,
  describeEksCluster,
  eksAccess,
  eksKubeconfig,
} from '../../src/kubernetes/eks-cluster.js';
import { awsServiceHost, EKS_TOKEN_PREFIX } from '../../src/kubernetes/eks-token.js';
import { readKubeconfig } from '../../src/kubernetes/kubeconfig.js';
import { describedCluster, EKS_CA_DATA, EksStub } from '../helpers/eks-stub.js';

const REGION = 'ap-northeast-2';
const CREDS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//token+with/slashes=',
};
const JOB_ENV = {
  AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
  AWS_SESSION_TOKEN: CREDS.sessionToken,
};
const NOW = new Date('2026-12-02T17:00:00Z');
const CORAL = 'http://internal.amazon.com/coral/com.amazon.coral.service/';

let stub: EksStub;
let env: Record<string, string>;

beforeAll(async () => {
  stub = await new EksStub(REGION, CREDS.secretAccessKey).start();
  stub.answers.set('shop-prod', { status: 200, body: describedCluster('shop-prod', REGION) });
  stub.answers.set('shop-upgrading', {
    status: 200,
    body: describedCluster('shop-upgrading', REGION, 'UPDATING'),
  });
  stub.answers.set('shop-new', { status: 200, body: describedCluster('shop-new', REGION, 'CREATING') });
  stub.answers.set('shop-failed', { status: 200, body: describedCluster('shop-failed', REGION, 'FAILED') });
  stub.answers.set('locked', {
    status: 403,
    errorType: `AccessDeniedException:${CORAL}`,
    body: {
      Message: `User: arn:aws:sts::111122223333:assumed-role/berth-deploy/GitHubActions is not authorized to perform: eks:DescribeCluster on resource: arn:aws:eks:${REGION}:111122223333:cluster/locked`,
    },
  });
  stub.answers.set('expired', {
    status: 403,
    errorType: `ExpiredTokenException:${CORAL}`,
    body: { message: 'The security token included in the request is expired' },
  });
  stub.answers.set('flaky', {
    status: 500,
    errorType: 'ServerException:http://internal.amazon.com/coral/com.amazonaws.eks/',
    body: { message: 'An internal error occurred. Try again later.' },
  });
  stub.answers.set('busy', {
    status: 503,
    errorType: 'ServiceUnavailableException:http://internal.amazon.com/coral/com.amazonaws.eks/',
    body: { message: 'Service is unavailable. Try again later.' },
  });
  stub.answers.set('not-eks', { status: 200, body: { hello: 'world' } });
});
afterAll(async () => {
  await stub.stop();
});
beforeEach(() => {
  stub.requests.length = 0;
  env = { ...JOB_ENV, AWS_ENDPOINT_URL_EKS: stub.url };
});

describe('describeEksCluster', () => {
  test('a signed GET /clusters/{name}: the region’s eks scope, host and x-amz-date signed, the session token sent', async () => {
    const cluster = await describeEksCluster({
      name: 'shop-prod',
      region: REGION,
      credentials: CREDS,
      env,
      now: NOW,
    });
    expect(cluster).toEqual({
      endpoint: `https://0123456789ABCDEF0123456789ABCDEF.gr7.${REGION}.eks.amazonaws.com`,
      certificateAuthority: EKS_CA_DATA,
      status: 'ACTIVE',
    });
    expect(stub.requests).toHaveLength(1);
    const [req] = stub.requests;
    expect(req?.method).toBe('GET');
    expect(req?.path).toBe('/clusters/shop-prod');
    expect(req?.credential).toBe(`AKIAIOSFODNN7EXAMPLE/20261202/${REGION}/eks/aws4_request`);
    expect(req?.signedHeaders).toEqual(
      expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token']),
    );
    expect(req?.headers['x-amz-date']).toBe('20261202T170000Z');
    expect(req?.headers['x-amz-security-token']).toBe(CREDS.sessionToken);
    expect(req?.signatureValid).toBe(true);
  });

  test('without a session token (an IAM user’s keys) none is sent', async () => {
    const keys = { accessKeyId: CREDS.accessKeyId, secretAccessKey: CREDS.secretAccessKey };
    await describeEksCluster({ name: 'shop-prod', region: REGION, credentials: keys, env, now: NOW });
    expect(stub.requests[0]?.headers['x-amz-security-token']).toBeUndefined();
    expect(stub.requests[0]?.signedHeaders).not.toContain('x-amz-security-token');
    expect(stub.requests[0]?.signatureValid).toBe(true);
  });

  test('AWS_ENDPOINT_URL when AWS_ENDPOINT_URL_EKS is unset; the option before both', async () => {
    const general = { ...JOB_ENV, AWS_ENDPOINT_URL: stub.url };
    await describeEksCluster({
      name: 'shop-prod',
      region: REGION,
      credentials: CREDS,
      env: general,
      now: NOW,
    });
    const elsewhere = {
      ...JOB_ENV,
      AWS_ENDPOINT_URL_EKS: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
    };
    await describeEksCluster({
      name: 'shop-prod',
      region: REGION,
      credentials: CREDS,
      env: elsewhere,
      endpoint: stub.url,
      now: NOW,
    });
    expect(stub.requests.map((r) => r.signatureValid)).toEqual([true, true]);
  });

  test('an UPDATING cluster serves (as aws eks update-kubeconfig takes it)', async () => {
    const cluster = await describeEksCluster({
      name: 'shop-upgrading',
      region: REGION,
      credentials: CREDS,
      env,
    });
    expect(cluster.status).toBe('UPDATING');
  });

  test('a wrong secret is refused by the stub’s own signature check, as EKS would', async () => {
    const wrong = { ...CREDS, secretAccessKey: 'not-the-secret' };
    await expect(
      describeEksCluster({ name: 'shop-prod', region: REGION, credentials: wrong, env }),
    ).rejects.toThrow(
      /^eks-cluster: EKS refused the job's AWS credentials \(403 InvalidSignatureException: The request signature we calculated/,
    );
  });

  test.each([
    [
      'shop-new',
      ConfigurationError,
      `eks-cluster: EKS cluster "shop-new" in ${REGION} is CREATING, not ACTIVE; its API server does not answer yet: deploy once it is ACTIVE`,
    ],
    [
      'shop-failed',
      ConfigurationError,
      `eks-cluster: EKS cluster "shop-failed" in ${REGION} is FAILED, not ACTIVE; its API server does not answer`,
    ],
    [
      'nope',
      ConfigurationError,
      `eks-cluster: no EKS cluster "nope" in region ${REGION} (404 ResourceNotFoundException: No cluster found for name: nope.); expected the name of a cluster these credentials' account has there (eks-region names the region)`,
    ],
    [
      'locked',
      ConfigurationError,
      `eks-cluster: the job's AWS role may not describe EKS cluster "locked" in ${REGION} (403 AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/berth-deploy/GitHubActions is not authorized to perform: eks:DescribeCluster on resource: arn:aws:eks:${REGION}:111122223333:cluster/locked); allow it eks:DescribeCluster on arn:aws:eks:${REGION}:<account>:cluster/locked, or check that the job's credentials (run aws-actions/configure-aws-credentials with role-to-assume (OIDC; the job needs \`permissions: id-token: write\`) in this job before berth) are not missing or expired`,
    ],
    [
      'expired',
      ConfigurationError,
      "eks-cluster: EKS refused the job's AWS credentials (403 ExpiredTokenException: The security token included in the request is expired); they are missing, wrong or expired: run aws-actions/configure-aws-credentials with role-to-assume (OIDC; the job needs `permissions: id-token: write`) in this job before berth, with a role allowed eks:DescribeCluster on cluster expired",
    ],
    [
      'flaky',
      OutageError,
      `EKS DescribeCluster for "flaky" in ${REGION} (STUB) failed: 500 ServerException: An internal error occurred. Try again later.`,
    ],
    [
      'busy',
      OutageError,
      `EKS DescribeCluster for "busy" in ${REGION} (STUB) failed: 503 ServiceUnavailableException: Service is unavailable. Try again later.`,
    ],
    [
      'not-eks',
      OutageError,
      `EKS DescribeCluster for "not-eks" in ${REGION} (STUB) answered 200 without a cluster's status: is this EKS's API?`,
    ],
  ])('%s: refused', async (name, kind, message) => {
    const error = await describeEksCluster({ name, region: REGION, credentials: CREDS, env }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(kind);
    expect((error as Error).message).toBe(message.replace('STUB', stub.url));
    // Nothing said holds the job's secrets.
    expect((error as Error).message).not.toContain(CREDS.secretAccessKey);
    expect((error as Error).message).not.toContain(CREDS.sessionToken);
    if (error instanceof ConfigurationError) expect(error.key).toBe('eks-cluster');
  });

  test('the EKS API not reachable: an outage', async () => {
    const closed = await new EksStub(REGION, 'x').start();
    await closed.stop();
    const error = await describeEksCluster({
      name: 'shop-prod',
      region: REGION,
      credentials: CREDS,
      env: { ...JOB_ENV, AWS_ENDPOINT_URL_EKS: closed.url },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutageError);
    expect((error as Error).message).toBe(
      `EKS DescribeCluster for "shop-prod" in ${REGION} (${closed.url}) cannot be reached (ECONNREFUSED); check that this runner reaches it`,
    );
  });

  test.each([
    [
      'shop prod',
      REGION,
      {},
      'eks-cluster: expected an EKS cluster name (letters, digits, "-", "_"), got "shop prod"',
    ],
    ['shop-prod', 'Seoul', {}, 'eks-region: expected an AWS region like ap-northeast-2, got "Seoul"'],
    [
      'shop-prod',
      REGION,
      { AWS_ENDPOINT_URL_EKS: 'eks.local' },
      'AWS_ENDPOINT_URL_EKS: expected the EKS API\'s http(s) address (e.g. https://eks.ap-northeast-2.amazonaws.com), got "eks.local"',
    ],
    [
      'shop-prod',
      REGION,
      { AWS_ENDPOINT_URL: 'https://user:pw@eks.local' },
      "AWS_ENDPOINT_URL: expected the EKS API's http(s) address (e.g. https://eks.ap-northeast-2.amazonaws.com), got an address with a user or password",
    ],
  ])('%s in %s (%j): refused before any request', async (name, region, extra, message) => {
    await expect(
      describeEksCluster({ name, region, credentials: CREDS, env: { ...JOB_ENV, ...extra } }),
    ).rejects.toThrow(new ConfigurationError(message));
    expect(stub.requests).toHaveLength(0);
  });
});

test.each([
  ['eks', REGION, `eks.${REGION}.amazonaws.com`],
  ['sts', 'us-gov-west-1', 'sts.us-gov-west-1.amazonaws.com'],
  ['eks', 'cn-northwest-1', 'eks.cn-northwest-1.amazonaws.com.cn'],
])('the %s API in %s is at %s', (service, region, host) => {
  expect(awsServiceHost(service, region)).toBe(host);
});

describe('awsCredentialsFromEnv', () => {
  test.each([
    [JOB_ENV, CREDS],
    [
      {
        AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
        AWS_SESSION_TOKEN: '',
      },
      { accessKeyId: CREDS.accessKeyId, secretAccessKey: CREDS.secretAccessKey },
    ],
  ])('%#: what configure-aws-credentials exports', (given, expected) => {
    expect(awsCredentialsFromEnv(given)).toEqual(expected);
  });

  test.each([
    [{}, ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']],
    [{ AWS_ACCESS_KEY_ID: CREDS.accessKeyId }, ['AWS_SECRET_ACCESS_KEY']],
    [{ AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey, AWS_ACCESS_KEY_ID: '' }, ['AWS_ACCESS_KEY_ID']],
  ])('%j: the missing ones named, and what to run', (given, missing) => {
    let error: unknown;
    try {
      awsCredentialsFromEnv(given);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).keys).toEqual(missing);
    expect((error as Error).message).toBe(
      `${missing.join(', ')}: not set; EKS needs the job's AWS credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and (for a role's session) AWS_SESSION_TOKEN: run aws-actions/configure-aws-credentials with role-to-assume (OIDC; the job needs \`permissions: id-token: write\`) in this job before berth`,
    );
    expect((error as Error).message).not.toContain(CREDS.secretAccessKey);
  });
});

describe('eksKubeconfig', () => {
  const good = {
    cluster: 'shop-prod',
    endpoint: 'https://0123ABCD.gr7.ap-northeast-2.eks.amazonaws.com',
    certificateAuthority: EKS_CA_DATA,
    token: `${EKS_TOKEN_PREFIX}aHR0cHM6Ly9zdHMuYXAtbm9ydGhlYXN0LTIuYW1hem9uYXdzLmNvbS8`,
  };

  test('one cluster, user and context, current; the CA and the token as given', () => {
    const text = eksKubeconfig(good);
    expect(parse(text)).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'shop-prod', cluster: { server: good.endpoint, 'certificate-authority-data': EKS_CA_DATA } },
      ],
      users: [{ name: 'shop-prod', user: { token: good.token } }],
      contexts: [{ name: 'shop-prod', context: { cluster: 'shop-prod', user: 'shop-prod' } }],
      'current-context': 'shop-prod',
    });
    const facts = readKubeconfig(text);
    expect(facts).toEqual({
      contexts: ['shop-prod'],
      currentContext: 'shop-prod',
      secrets: [good.token],
      execCommands: [],
    });
  });

  test.each([
    [
      { endpoint: 'http://0123ABCD.gr7.ap-northeast-2.eks.amazonaws.com' },
      'endpoint is not an https URL (got "http://0123ABCD',
    ],
    [
      { endpoint: '0123ABCD.gr7.ap-northeast-2.eks.amazonaws.com' },
      'endpoint is not an https URL (got "0123ABCD',
    ],
    [
      { endpoint: 'https://admin:hunter2@0123ABCD.eks.amazonaws.com' },
      'endpoint is not an https URL (got an address with a user or password)',
    ],
    [
      { certificateAuthority: '-----BEGIN CERTIFICATE-----' },
      'certificate authority is not base64 of a PEM certificate',
    ],
    [
      { certificateAuthority: 'bm90IGEgY2VydGlmaWNhdGU=' },
      'certificate authority is not base64 of a PEM certificate',
    ],
    [{ certificateAuthority: '' }, 'certificate authority is not base64 of a PEM certificate'],
    [{ cluster: 'shop/prod' }, 'eks-cluster: expected an EKS cluster name'],
  ])('%j: refused', (change, message) => {
    expect(() => eksKubeconfig({ ...good, ...change })).toThrow(ConfigurationError);
    expect(() => eksKubeconfig({ ...good, ...change })).toThrow(message);
  });

  test.each([[''], ['k8s-aws-v1.abc\ndef']])('a token %j is refused without being quoted', (token) => {
    expect(() => eksKubeconfig({ ...good, token })).toThrow(
      'the bearer token for EKS cluster "shop-prod" is empty or holds whitespace',
    );
  });

  test('an endpoint with a line break (text that could end the line in YAML) is refused', () => {
    expect(() => eksKubeconfig({ ...good, endpoint: 'https://eks.example/#\nusers: []' })).toThrow(
      'endpoint is not an https URL (got "https://eks.example/#\\nusers: []")',
    );
  });
});

describe('eksAccess', () => {
  test('DescribeCluster → token → kubeconfig, read back as a secret’s; the token among what to mask', async () => {
    const access = await eksAccess({ name: 'shop-prod', region: REGION, env, now: NOW });
    const facts = readKubeconfig(access.kubeconfigText);
    expect(facts.currentContext).toBe('shop-prod');
    const token = access.secrets[0] ?? '';
    expect(token.startsWith(EKS_TOKEN_PREFIX)).toBe(true);
    expect(facts.secrets).toContain(token);
    expect(access.secrets).toEqual([token, CREDS.secretAccessKey, CREDS.sessionToken]);
    // The token names the cluster for EKS's authenticator, in the cluster's region's STS.
    const url = new URL(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString());
    expect(url.host).toBe(`sts.${REGION}.amazonaws.com`);
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261202T170000Z');
    const config = parse(access.kubeconfigText) as {
      clusters: [{ cluster: Record<string, string> }];
      users: [{ user: Record<string, string> }];
    };
    expect(config.clusters[0].cluster).toEqual({
      server: access.cluster.endpoint,
      'certificate-authority-data': EKS_CA_DATA,
    });
    expect(config.users[0].user).toEqual({ token });
    expect(stub.requests.map((r) => [r.path, r.signatureValid])).toEqual([['/clusters/shop-prod', true]]);
  });

  test('no credentials in the job: refused before any request', async () => {
    await expect(
      eksAccess({ name: 'shop-prod', region: REGION, env: { AWS_ENDPOINT_URL_EKS: stub.url } }),
    ).rejects.toThrow(
      /^AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: not set; .*aws-actions\/configure-aws-credentials with role-to-assume/,
    );
    expect(stub.requests).toHaveLength(0);
  });

  test.each([
    ['shop prod', REGION, 'eks-cluster: expected an EKS cluster name'],
    ['shop-prod', 'Seoul', 'eks-region: expected an AWS region like ap-northeast-2, got "Seoul"'],
  ])('%s in %s: refused before any request', async (name, region, message) => {
    await expect(eksAccess({ name, region, env })).rejects.toThrow(message);
    expect(stub.requests).toHaveLength(0);
  });

  test('a CREATING cluster: no kubeconfig', async () => {
    await expect(eksAccess({ name: 'shop-new', region: REGION, env })).rejects.toThrow(
      'is CREATING, not ACTIVE',
    );
  });
});
