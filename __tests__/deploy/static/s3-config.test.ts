import { expect, test } from '@jest/globals';
import { bucketAddress, s3ClientConfig, translateError } from '../../../src/deploy/static/s3.js';
import { ConfigurationError } from '../../../src/errors.js';

const ncp = { bucket: 'shop', region: 'kr-standard', endpoint: 'https://kr.object.ncloudstorage.com' };

test.each([
  [
    'AWS: the SDK defaults (its checksums included)',
    { bucket: 'b', region: 'ap-northeast-2', endpoint: '' },
    {},
    { region: 'ap-northeast-2' },
  ],
  ['AWS, region from the SDK chain', { bucket: 'b', region: '', endpoint: '' }, {}, {}],
  [
    'NCP: path-style, checksums only where required',
    ncp,
    {},
    {
      region: 'kr-standard',
      endpoint: 'https://kr.object.ncloudstorage.com',
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    },
  ],
  [
    'an AWS endpoint given explicitly keeps the checksums',
    { bucket: 'b', region: 'us-east-1', endpoint: 'https://s3.us-east-1.amazonaws.com' },
    {},
    { region: 'us-east-1', endpoint: 'https://s3.us-east-1.amazonaws.com', forcePathStyle: true },
  ],
  [
    'AWS_ENDPOINT_URL_S3 (an SDK standard) to a non-AWS store: checksums only where required',
    { bucket: 'b', region: 'us-east-1', endpoint: '' },
    { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' },
    {
      region: 'us-east-1',
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    },
  ],
] as const)('%s', (_name, settings, env, config) => {
  expect(s3ClientConfig(settings, env)).toEqual(config);
});

test.each([
  [
    { bucket: 'shop', region: '', endpoint: '' },
    'ap-northeast-2',
    'https://shop.s3.ap-northeast-2.amazonaws.com',
  ],
  [ncp, 'kr-standard', 'https://kr.object.ncloudstorage.com/shop'],
])('bucketAddress(%j)', (settings, region, address) => {
  expect(bucketAddress(settings, region)).toBe(address);
});

const named = (name: string, message: string): Error => Object.assign(new Error(message), { name });

test.each([
  [
    named('NoSuchBucket', 'The specified bucket does not exist'),
    's3-bucket: no bucket "shop" at https://kr.object.ncloudstorage.com (kr-standard); create it, or fix s3-bucket, s3-endpoint or s3-region',
  ],
  [
    named('Error', 'Region is missing'),
    's3-region: required (the environment names no AWS_REGION either), e.g. ap-northeast-2, or kr-standard (NCP) or KR1 (NHN)',
  ],
  [
    named('AccessDenied', 'Access Denied'),
    's3-bucket: https://kr.object.ncloudstorage.com refused uploading a.js in "shop" (AccessDenied: Access Denied); the credentials need s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on it',
  ],
])('%s → a configuration error', (error, message) => {
  const translated = translateError(error, ncp, 'uploading a.js');
  expect(translated).toBeInstanceOf(ConfigurationError);
  expect(translated.message).toBe(message);
});

test('other errors keep their type and say where', () => {
  const translated = translateError(named('InternalError', 'try again'), ncp, 'listing /');
  expect(translated).not.toBeInstanceOf(ConfigurationError);
  expect(translated.message).toBe('listing / in s3://shop at https://kr.object.ncloudstorage.com: try again');
});
