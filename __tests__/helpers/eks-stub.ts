/**
 * A loopback stand-in for the EKS API (restJson1, 2017-11-01) at AWS_ENDPOINT_URL_EKS: DescribeCluster
 * (`GET /clusters/{name}`) answers with the documented `{"cluster":{…}}` for the clusters it holds, and
 * EKS's errors otherwise (ResourceNotFoundException 404, with `x-amzn-ErrorType`). Like AWS it checks
 * each request's SigV4 signature itself — computed here from AWS's documentation, not with the signer
 * berth uses — and answers 403 InvalidSignatureException when it does not match. Every request is
 * recorded with what the check found.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EksStubRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The Authorization header's parts: `Credential=…`, `SignedHeaders=…`, `Signature=…`. */
  credential: string;
  signedHeaders: string[];
  /** Whether the signature is the one the stub computed with the secret it was given. */
  signatureValid: boolean;
}

export interface EksStubAnswer {
  status: number;
  body: unknown;
  /** The error's type, sent as `x-amzn-ErrorType` as EKS does (`Code:namespace-url`). */
  errorType?: string;
}

export const EKS_CA_PEM =
  '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIberthEKSstubMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNVBAMTCmt1YmVybmV0ZXM=\n-----END CERTIFICATE-----\n';
export const EKS_CA_DATA = Buffer.from(EKS_CA_PEM).toString('base64');
const CORAL = 'http://internal.amazon.com/coral/com.amazonaws.eks/';

/** A DescribeCluster body as the API reference shows it (fields an ACTIVE cluster has). */
export function describedCluster(
  name: string,
  region: string,
  status = 'ACTIVE',
  id = '0123456789ABCDEF0123456789ABCDEF',
): { cluster: Record<string, unknown> } {
  const serving = status === 'ACTIVE' || status === 'UPDATING';
  return {
    cluster: {
      name,
      arn: `arn:aws:eks:${region}:111122223333:cluster/${name}`,
      createdAt: 1795000000.123,
      version: '1.31',
      ...(serving ? { endpoint: `https://${id}.gr7.${region}.eks.amazonaws.com` } : {}),
      roleArn: 'arn:aws:iam::111122223333:role/eks-cluster-role',
      resourcesVpcConfig: {
        subnetIds: ['subnet-0a1b2c3d4e5f60718'],
        securityGroupIds: [],
        clusterSecurityGroupId: 'sg-0123456789abcdef0',
        vpcId: 'vpc-0123456789abcdef0',
        endpointPublicAccess: true,
        endpointPrivateAccess: true,
        publicAccessCidrs: ['0.0.0.0/0'],
      },
      kubernetesNetworkConfig: { serviceIpv4Cidr: '10.100.0.0/16', ipFamily: 'ipv4' },
      logging: { clusterLogging: [{ types: ['api', 'audit'], enabled: false }] },
      ...(serving
        ? { identity: { oidc: { issuer: `https://oidc.eks.${region}.amazonaws.com/id/${id}` } } }
        : {}),
      status,
      certificateAuthority: serving ? { data: EKS_CA_DATA } : {},
      platformVersion: 'eks.10',
      tags: {},
      accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
    },
  };
}

export class EksStub {
  readonly requests: EksStubRequest[] = [];
  url = '';
  /** Answers by cluster name; a name not here is EKS's ResourceNotFoundException. */
  readonly answers = new Map<string, EksStubAnswer>();
  private server: Server | undefined;

  constructor(
    readonly region: string,
    private readonly secretAccessKey: string,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const path = req.url ?? '/';
        const check = this.check(req.method ?? '', path, req.headers);
        this.requests.push({ method: req.method ?? '', path, headers: req.headers, ...check });
        const name = /^\/clusters\/([^/?]+)$/.exec(path)?.[1];
        const answer: EksStubAnswer = !check.signatureValid
          ? {
              status: 403,
              errorType: `InvalidSignatureException:${CORAL}`,
              body: {
                message:
                  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
              },
            }
          : req.method === 'GET' && name !== undefined && this.answers.has(decodeURIComponent(name))
            ? (this.answers.get(decodeURIComponent(name)) as EksStubAnswer)
            : {
                status: 404,
                errorType: `ResourceNotFoundException:${CORAL}`,
                body: {
                  clusterName: decodeURIComponent(name ?? ''),
                  message: `No cluster found for name: ${decodeURIComponent(name ?? '')}.`,
                },
              };
        res.writeHead(answer.status, {
          'content-type': 'application/json',
          'x-amzn-requestid': '9f2c8a64-5f1e-4c5e-9a51-0c4f6b7d2e10',
          ...(answer.errorType ? { 'x-amzn-errortype': answer.errorType } : {}),
        });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** SigV4 for a request signed in its Authorization header, body empty (AWS's "Create a signed request"). */
  private check(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
  ): Pick<EksStubRequest, 'credential' | 'signedHeaders' | 'signatureValid'> {
    const auth = headers.authorization ?? '';
    const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
    if (!m) return { credential: '', signedHeaders: [], signatureValid: false };
    const [, credential = '', signed = '', signature = ''] = m;
    const signedHeaders = signed.split(';');
    const date = String(headers['x-amz-date'] ?? '');
    const [, day = '', region = '', service = ''] = credential.split('/');
    const [pathname = '', query = ''] = path.split('?');
    const canonical = [
      method,
      pathname,
      query,
      ...signedHeaders.map((h) => `${h}:${String(headers[h] ?? '').trim()}`),
      '',
      signed,
      createHash('sha256').update('').digest('hex'),
    ].join('\n');
    const scope = `${day}/${region}/${service}/aws4_request`;
    const toSign = [
      'AWS4-HMAC-SHA256',
      date,
      scope,
      createHash('sha256').update(canonical).digest('hex'),
    ].join('\n');
    const hmac = (key: string | Buffer, data: string): Buffer =>
      createHmac('sha256', key).update(data).digest();
    const key = hmac(hmac(hmac(hmac(`AWS4${this.secretAccessKey}`, day), region), service), 'aws4_request');
    const expected = hmac(key, toSign).toString('hex');
    return {
      credential,
      signedHeaders,
      signatureValid: expected === signature && date.startsWith(day) && region === this.region,
    };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
