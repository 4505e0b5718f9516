/**
 * The EKS token: its shape, and its signature checked by an independent SigV4 computation (what STS
 * does with it), with the inputs EKS's authenticator relies on — the cluster in the signed
 * x-k8s-aws-id header, 60 s, the job's session token.
 */
import { createHash, createHmac } from 'node:crypto';
import { expect, test } from '@jest/globals';
import { EKS_TOKEN_PREFIX, eksToken } from '../../src/kubernetes/eks-token.js';

const CREDS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//token+with/slashes=',
};
const NOW = new Date('2026-12-02T17:00:00Z');

const decode = (token: string): URL =>
  new URL(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString());
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();
const rfc3986 = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** SigV4 as STS checks a presigned GET, written from AWS's documentation, not from the signer used. */
function expectedSignature(url: URL, cluster: string, secret: string): string {
  const params = [...url.searchParams.entries()].filter(([k]) => k !== 'X-Amz-Signature');
  const query = params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [
    'GET',
    '/',
    query,
    `host:${url.host}`,
    `x-k8s-aws-id:${cluster}`,
    '',
    'host;x-k8s-aws-id',
    createHash('sha256').update('').digest('hex'),
  ].join('\n');
  const date = url.searchParams.get('X-Amz-Date') ?? '';
  const scope = `${date.slice(0, 8)}/ap-northeast-2/sts/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonical).digest('hex')].join(
    '\n',
  );
  const key = hmac(
    hmac(hmac(hmac(`AWS4${secret}`, date.slice(0, 8)), 'ap-northeast-2'), 'sts'),
    'aws4_request',
  );
  return hmac(key, toSign).toString('hex');
}

test('a presigned GetCallerIdentity for the cluster, valid 60 s, with the job’s session token', async () => {
  const token = await eksToken('shop-prod', 'ap-northeast-2', CREDS, NOW);
  expect(token.startsWith('k8s-aws-v1.')).toBe(true);
  expect(token).not.toMatch(/[=+/]/); // base64url without padding, as kubectl sends it
  const url = decode(token);
  expect(url.origin).toBe('https://sts.ap-northeast-2.amazonaws.com');
  expect(Object.fromEntries(url.searchParams)).toEqual({
    Action: 'GetCallerIdentity',
    Version: '2011-06-15',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': 'AKIAIOSFODNN7EXAMPLE/20261202/ap-northeast-2/sts/aws4_request',
    'X-Amz-Date': '20261202T170000Z',
    'X-Amz-Expires': '60',
    'X-Amz-Security-Token': CREDS.sessionToken,
    'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
    'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
  });
  expect(url.searchParams.get('X-Amz-Signature')).toBe(
    expectedSignature(url, 'shop-prod', CREDS.secretAccessKey),
  );
});

test('another cluster or another secret signs differently (the cluster is in the signature)', async () => {
  const a = decode(await eksToken('shop-prod', 'ap-northeast-2', CREDS, NOW));
  const b = decode(await eksToken('shop-dev', 'ap-northeast-2', CREDS, NOW));
  expect(a.searchParams.get('X-Amz-Signature')).not.toBe(b.searchParams.get('X-Amz-Signature'));
  expect(expectedSignature(a, 'shop-dev', CREDS.secretAccessKey)).not.toBe(
    a.searchParams.get('X-Amz-Signature'),
  );
});

test.each([
  ['shop prod', 'ap-northeast-2', 'eks-cluster: expected an EKS cluster name'],
  ['shop-prod', 'Seoul', 'eks-region: expected an AWS region like ap-northeast-2, got "Seoul"'],
])('%s in %s is refused', async (cluster, region, message) => {
  await expect(eksToken(cluster, region, CREDS, NOW)).rejects.toThrow(message);
});
