/**
 * What doctor checks a host against: the deploy inputs (the ports, berth's upstream include, nginx-command,
 * the strategy), or README's defaults where they are empty.
 */
import path from 'node:path';
import { ConfigurationError } from '../errors.js';
import type { Inputs } from '../inputs.js';

/** The ports README's examples use, checked when blue-port / green-port are not given. */
export const DEFAULT_PORTS = { blue: 18080, green: 18081 } as const;
/** Where README's server block includes berth's upstream files from, checked when nginx-upstream-file is empty. */
export const DEFAULT_UPSTREAM_DIR = '/etc/nginx/berth';
/** Below `fail`: a pull may not fit; below `warn`: a few more images will not. */
export const DISK_THRESHOLDS = { fail: 1024 ** 3, warn: 5 * 1024 ** 3 } as const;

export interface DoctorSettings {
  docker: string;
  nginxCommand: string;
  /** The upstream include deploy writes, or '' to check DEFAULT_UPSTREAM_DIR. */
  upstreamFile: string;
  /** The host ports to check, with the input each comes from. */
  ports: ReadonlyArray<{ port: number; input: string }>;
  bindAddress: string;
  /** No nginx in front of a worker (strategy recreate). */
  nginx: boolean;
  disk?: { fail: number; warn: number };
}

/** The settings doctor checks against, from the deploy inputs (or README's defaults where they are empty). */
export function resolveDoctorSettings(inputs: Inputs, docker = 'docker'): DoctorSettings {
  if (inputs.strategy === 'kubernetes') {
    throw new ConfigurationError(
      'strategy: doctor checks a host for container deploys (blue-green, recreate); strategy kubernetes needs no host of yours: deploy itself finds helm and kubectl and reaches the cluster first, and says what is missing',
      { key: 'strategy', kind: 'invalid' },
    );
  }
  const recreate = inputs.strategy === 'recreate';
  const ports: Array<{ port: number; input: string }> = [];
  if (recreate) {
    if (inputs.bluePort !== undefined) ports.push({ port: inputs.bluePort, input: 'blue-port' });
  } else {
    ports.push({ port: inputs.bluePort ?? DEFAULT_PORTS.blue, input: 'blue-port' });
    ports.push({ port: inputs.greenPort ?? DEFAULT_PORTS.green, input: 'green-port' });
  }
  if (ports.length === 2 && ports[0]?.port === ports[1]?.port) {
    throw new ConfigurationError(
      `blue-port / green-port: must differ (both are ${ports[0]?.port}); two containers never share a port`,
    );
  }
  const upstreamFile =
    inputs.nginxUpstreamFile === '' || inputs.sshHost !== '' || path.isAbsolute(inputs.nginxUpstreamFile)
      ? inputs.nginxUpstreamFile
      : path.resolve(inputs.nginxUpstreamFile);
  return {
    docker,
    nginxCommand: inputs.nginxCommand,
    upstreamFile,
    ports,
    bindAddress: inputs.bindAddress,
    nginx: !recreate,
  };
}
