/**
 * The inputs of `strategy: static`, checked together: every error names the input and the expected form.
 * Inputs of the other target are refused rather than ignored, so a missing `static-target` shows up.
 */
import path from 'node:path';
import { ConfigurationError } from '../../errors.js';
import { httpAddressProblem, parseHttpUrl } from '../../http/url.js';
import type { Inputs } from '../../inputs.js';
import type { DeployAction } from '../model.js';
import { deployNames } from '../names.js';
import { parseCacheControlRules, parseKeepPrevious, type CacheRule } from './plan.js';

interface Common {
  app: string;
  environment: string;
  /** The build directory, absolute ('' for rollback). */
  dir: string;
  rules: CacheRule[];
}

export interface S3Target extends Common {
  target: 's3';
  bucket: string;
  /** '' or ending in `/`. */
  prefix: string;
  region: string;
  endpoint: string;
  force: boolean;
  deleteRemoved: boolean;
  keepPreviousMs: number;
  cloudfront?: { distributionId: string; mode: 'changed' | 'all'; wait: boolean };
}

export interface NginxDirTarget extends Common {
  target: 'nginx-dir';
  root: string;
  keepReleases: number;
  lockTimeoutSeconds: number;
  /** The `state-dir` input, for the deploy lock and history ('' for the host's default). */
  stateRoot: string;
}

export type StaticSettings = S3Target | NginxDirTarget;

export function resolveStaticSettings(
  inputs: Inputs,
  action: DeployAction,
  workspace: string,
): StaticSettings {
  const { app } = deployNames(inputs, "the deploy's lock and records");
  if (action === 'deploy' && inputs.dir === '') {
    throw new ConfigurationError(
      'dir: required with strategy static; the build directory to publish, relative to the workspace (e.g. frontend/build)',
      { key: 'dir', kind: 'required' },
    );
  }
  const common: Common = {
    app,
    environment: inputs.environment,
    dir: inputs.dir === '' ? '' : path.resolve(workspace, inputs.dir),
    rules: parseCacheControlRules(inputs.cacheControl),
  };
  const given = (names: Record<string, string>): string | undefined =>
    Object.entries(names).find(([, v]) => v !== '')?.[0];

  if (inputs.staticTarget === 'nginx-dir') {
    const s3Only = given({
      's3-bucket': inputs.s3Bucket,
      's3-prefix': inputs.s3Prefix,
      's3-endpoint': inputs.s3Endpoint,
      'cloudfront-distribution-id': inputs.cloudfrontDistributionId,
      'cache-control': inputs.cacheControl.trim(),
    });
    if (s3Only) {
      throw new ConfigurationError(
        `${s3Only}: is for static-target s3, but static-target is nginx-dir${s3Only === 'cache-control' ? " (there, nginx's own config sets the headers)" : ''}`,
        { key: s3Only, kind: 'unexpected' },
      );
    }
    const root = inputs.staticRoot.replace(/\/+$/, '');
    if (inputs.staticRoot === '') {
      throw new ConfigurationError(
        'static-root: required with static-target nginx-dir; the absolute directory that holds releases/ and current (e.g. /srv/www/shop), with nginx serving <static-root>/current',
        { key: 'static-root', kind: 'required' },
      );
    }
    if (!path.posix.isAbsolute(root) || root === '' || root.split('/').includes('..')) {
      throw new ConfigurationError(
        `static-root: expected an absolute directory on the host, not / (e.g. /srv/www/shop), got ${JSON.stringify(inputs.staticRoot)}`,
        { key: 'static-root', kind: 'invalid' },
      );
    }
    return {
      ...common,
      target: 'nginx-dir',
      root,
      keepReleases: inputs.keepReleases,
      lockTimeoutSeconds: inputs.lockTimeoutSeconds,
      stateRoot: inputs.stateDir,
    };
  }

  if (inputs.staticRoot !== '') {
    throw new ConfigurationError(
      'static-root: is for static-target nginx-dir, but static-target is s3 (the default); set static-target: nginx-dir to publish to a directory',
      { key: 'static-root', kind: 'unexpected' },
    );
  }
  if (inputs.sshHost !== '') {
    throw new ConfigurationError(
      'ssh-host: static-target s3 uploads from this runner; ssh-host is for static-target nginx-dir',
      { key: 'ssh-host', kind: 'unexpected' },
    );
  }
  if (action === 'rollback') {
    throw new ConfigurationError(
      "static-target: s3 keeps no releases to switch back to; deploy the previous commit's build again (unchanged files are not uploaded)",
      { key: 'static-target', kind: 'invalid' },
    );
  }
  if (inputs.s3Bucket === '') {
    throw new ConfigurationError(
      's3-bucket: required with static-target s3; the bucket to upload to (e.g. acme-frontend-prod)',
      { key: 's3-bucket', kind: 'required' },
    );
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/.test(inputs.s3Bucket)) {
    throw new ConfigurationError(
      `s3-bucket: expected a bucket name (e.g. acme-frontend-prod), not a URL or path, got ${JSON.stringify(inputs.s3Bucket)}`,
      { key: 's3-bucket', kind: 'invalid' },
    );
  }
  const bare = inputs.s3Prefix.replace(/^\/+|\/+$/g, '');
  if (bare !== '' && bare.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new ConfigurationError(
      `s3-prefix: expected a key prefix like shop/ or sites/shop/ (no empty, "." or ".." parts), got ${JSON.stringify(inputs.s3Prefix)}`,
      { key: 's3-prefix', kind: 'invalid' },
    );
  }
  const prefix = bare === '' ? '' : `${bare}/`;
  if (inputs.s3Region !== '' && !/^[A-Za-z0-9-]{2,40}$/.test(inputs.s3Region)) {
    throw new ConfigurationError(
      `s3-region: expected a region name (e.g. ap-northeast-2, kr-standard), got ${JSON.stringify(inputs.s3Region)}`,
      { key: 's3-region', kind: 'invalid' },
    );
  }
  if (inputs.s3Endpoint !== '' && httpAddressProblem(inputs.s3Endpoint) === 'user-or-password') {
    // Not quoted: the value holds a key or secret.
    throw new ConfigurationError(
      's3-endpoint: must not hold a user or password (an access key or secret in the address); give the keys as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the job environment',
      { key: 's3-endpoint', kind: 'invalid' },
    );
  }
  if (inputs.s3Endpoint !== '' && parseHttpUrl(inputs.s3Endpoint) === undefined) {
    throw new ConfigurationError(
      `s3-endpoint: expected an http(s) URL (e.g. https://kr.object.ncloudstorage.com), got ${JSON.stringify(inputs.s3Endpoint)}`,
      { key: 's3-endpoint', kind: 'invalid' },
    );
  }
  const distributionId = inputs.cloudfrontDistributionId;
  if (distributionId !== '' && !/^[A-Z0-9]{8,32}$/.test(distributionId)) {
    throw new ConfigurationError(
      `cloudfront-distribution-id: expected a distribution ID (e.g. E2QWRUHAPOMQZL), got ${JSON.stringify(distributionId)}`,
      { key: 'cloudfront-distribution-id', kind: 'invalid' },
    );
  }
  return {
    ...common,
    target: 's3',
    bucket: inputs.s3Bucket,
    prefix,
    region: inputs.s3Region,
    endpoint: inputs.s3Endpoint.replace(/\/+$/, ''),
    force: inputs.force,
    deleteRemoved: inputs.deleteRemoved,
    keepPreviousMs: parseKeepPrevious(inputs.keepPrevious),
    ...(distributionId === ''
      ? {}
      : {
          cloudfront: {
            distributionId,
            mode: inputs.cloudfrontInvalidate,
            wait: inputs.cloudfrontWait,
          },
        }),
  };
}
