/**
 * ECR's token exchange through the real AWS SDK, its endpoint pointed (AWS_ENDPOINT_URL_ECR, an SDK
 * standard) at a loopback stub answering GetAuthorizationToken as ECR does (awsJson1_1).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { ecrCredentials } from '../../src/registry/ecr.js';
import { HttpStub } from '../helpers/http-stub.js';

const HOST = '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com';
const saved = { ...process.env };
let stub: HttpStub;

beforeAll(async () => {
  stub = await new HttpStub({
    'POST /': {
      body: {
        authorizationData: [
          {
            authorizationToken: Buffer.from('AWS:ecr-password-from-token').toString('base64'),
            expiresAt: 1795000000,
            proxyEndpoint: `https://${HOST}`,
          },
        ],
      },
      headers: { 'content-type': 'application/x-amz-json-1.1' },
    },
  }).start();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_ECR: stub.url,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
});
afterAll(async () => {
  process.env = saved;
  await stub.stop();
});

test('GetAuthorizationToken through the SDK, decoded to user and password', async () => {
  expect(await ecrCredentials('ap-northeast-2', HOST)).toEqual({
    username: 'AWS',
    password: 'ecr-password-from-token',
  });
  expect(stub.requests).toHaveLength(1);
  expect(stub.requests[0]?.method).toBe('POST');
  // SigV4-signed with the credentials from the standard chain (here: the environment), for ECR in the region.
  expect(stub.requests[0]?.authorization).toMatch(
    /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/ap-northeast-2\/ecr\/aws4_request, /,
  );
});

test('no credentials in the chain: a configuration error that says what to run', async () => {
  const keep = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  const home = process.env.HOME;
  process.env.HOME = '/nonexistent';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
  process.env.AWS_CONFIG_FILE = '/nonexistent/config';
  try {
    await expect(ecrCredentials('ap-northeast-2', HOST)).rejects.toThrow(
      /^registry-provider ecr: no AWS credentials for 123456789012\.dkr\.ecr\.ap-northeast-2\.amazonaws\.com .*run aws-actions\/configure-aws-credentials before berth/,
    );
  } finally {
    process.env.AWS_ACCESS_KEY_ID = keep.id;
    process.env.AWS_SECRET_ACCESS_KEY = keep.secret;
    process.env.HOME = home;
  }
}, 30_000);
