/**
 * The settings of a container deploy (strategies blue-green and recreate), checked once from the step's
 * inputs: every error names the input and the expected form. The strategies read only these.
 */
import path from 'node:path';
import { ConfigurationError } from '../../errors.js';
import type { Inputs } from '../../inputs.js';
import { parseAccessAllow, parseBasicAuth, parseListen, parseServerNames } from '../../nginx/server-block.js';
import { defaultUpstreamName, UPSTREAM_NAME } from '../../nginx/upstream.js';
import type { DeployAction } from '../model.js';
import { deployNames } from '../names.js';

export interface DeploySettings {
  strategy: 'blue-green' | 'recreate';
  app: string;
  environment: string;
  containerPort: number | undefined;
  ports: { blue: number; green: number } | undefined;
  bindAddress: string;
  upstreamFile: string;
  upstreamName: string;
  /** The `state-dir` input; empty: the host's default (`~/.berth`). */
  stateRoot: string;
  lockTimeoutSeconds: number;
  /** The server block berth writes when `nginx-server-file` is set. */
  serverBlock?: ServerBlockSettings;
  env: Inputs['env'];
  healthPath: string;
  healthTimeoutSeconds: number;
  verifyTimeSeconds: number;
  stopTimeoutSeconds: number;
  drainTimeoutSeconds: number;
  keepImages: number;
  nginxCommand: Inputs['nginxCommand'];
  imageTransfer: Inputs['imageTransfer'];
  /** berth's own login for the pull (else the job's, or the provider's defaults). */
  registry: RegistryAccess;
}

export interface RegistryAccess {
  provider: Inputs['registryProvider'];
  username: string;
  password: string;
  githubToken: string;
}

export interface ServerBlockSettings {
  file: string;
  serverNames: string[];
  listen: string[];
  allow: string[];
  basicAuth?: { user: string; password: string };
}

/**
 * Every input a deploy or rollback cannot run without that the step (and the config's `with:`) left
 * empty, all at once: a bare step learns what it needs in one run, not one input per run.
 */
export function missingDeployInputs(action: DeployAction, inputs: Inputs): string[] {
  return missingDeploy(action, inputs).map(([, message]) => message);
}

/** The same, as one error carrying every missing input's key; undefined when nothing is missing. */
export function missingDeployError(action: DeployAction, inputs: Inputs): ConfigurationError | undefined {
  const missing = missingDeploy(action, inputs);
  if (missing.length === 0) return undefined;
  return new ConfigurationError(missing.map(([, message]) => message).join('\n'), {
    key: missing.flatMap(([keys]) => keys),
    kind: 'required',
  });
}

type Missing = [keys: string[], message: string];

function missingDeploy(action: DeployAction, inputs: Inputs): Missing[] {
  const missing: Missing[] = [];
  if (inputs.environment === '')
    missing.push([
      ['environment'],
      'environment: required; the environment deployed, a name from the config (e.g. production)',
    ]);
  if (inputs.app === '' && inputs.component === '')
    missing.push([['app'], 'app: required (or component); the app name in container names (e.g. backend)']);
  if (action === 'deploy' && inputs.strategy !== 'static' && inputs.image === '')
    missing.push([['image'], IMAGE_REQUIRED]);
  if (inputs.strategy === 'blue-green') {
    if (inputs.port === undefined) missing.push([['port'], PORT_REQUIRED]);
    if (inputs.bluePort === undefined || inputs.greenPort === undefined)
      missing.push([['blue-port', 'green-port'], COLOUR_PORTS_REQUIRED]);
    if (inputs.nginxUpstreamFile === '') missing.push([['nginx-upstream-file'], UPSTREAM_FILE_REQUIRED]);
  }
  return missing;
}

export const IMAGE_REQUIRED =
  'image: required for deploy; pass the image-ref output of build (repo@sha256:…)';
const PORT_REQUIRED = 'port: required; the port your app listens on inside the container (e.g. 8080)';
const COLOUR_PORTS_REQUIRED =
  'blue-port / green-port: both required; two free host ports for the two colours (e.g. 18080 and 18081)';
const UPSTREAM_FILE_REQUIRED =
  'nginx-upstream-file: required; the include file berth writes (e.g. /etc/nginx/conf.d/berth-upstream-backend.conf), which your server block proxies to';

/** Checks the deploy inputs; every error names the input and the expected form. */
export function resolveDeploySettings(inputs: Inputs): DeploySettings {
  const { app, environment } = deployNames(inputs, 'the containers');
  const remote = inputs.sshHost !== '';
  const absolute = (input: string, value: string): string => {
    if (value === '' || (!remote && !path.isAbsolute(value))) return value === '' ? '' : path.resolve(value);
    if (!path.posix.isAbsolute(value)) {
      throw new ConfigurationError(
        `${input}: expected an absolute path on the server, got ${JSON.stringify(value)}`,
        { key: input, kind: 'invalid' },
      );
    }
    return value;
  };
  const common = {
    strategy: inputs.strategy === 'recreate' ? ('recreate' as const) : ('blue-green' as const),
    app,
    environment,
    bindAddress: inputs.bindAddress,
    stateRoot: inputs.stateDir,
    lockTimeoutSeconds: inputs.lockTimeoutSeconds,
    env: inputs.env,
    healthPath: inputs.healthPath,
    healthTimeoutSeconds: inputs.healthTimeoutSeconds,
    verifyTimeSeconds: inputs.verifyTimeSeconds,
    stopTimeoutSeconds: inputs.stopTimeoutSeconds,
    drainTimeoutSeconds: inputs.drainTimeoutSeconds,
    keepImages: inputs.keepImages,
    nginxCommand: inputs.nginxCommand,
    imageTransfer: inputs.imageTransfer,
    registry: {
      provider: inputs.registryProvider,
      username: inputs.registryUsername,
      password: inputs.registryPassword,
      githubToken: inputs.githubToken,
    },
  };
  if (inputs.strategy === 'recreate') {
    const nginxOnly = (['nginx-server-file', 'access-allow', 'basic-auth'] as const).find(
      (name) =>
        ({
          'nginx-server-file': inputs.nginxServerFile,
          'access-allow': inputs.accessAllow,
          'basic-auth': inputs.basicAuth,
        })[name] !== '',
    );
    if (nginxOnly) {
      throw new ConfigurationError(
        `${nginxOnly}: strategy recreate puts no nginx in front of the app; use it with blue-green`,
        { key: nginxOnly, kind: 'unexpected' },
      );
    }
    // A worker may publish one port (blue-port) or none.
    return {
      ...common,
      containerPort: inputs.port,
      ports:
        inputs.port !== undefined && inputs.bluePort !== undefined
          ? { blue: inputs.bluePort, green: inputs.bluePort }
          : undefined,
      upstreamFile: '',
      upstreamName: '',
    };
  }
  if (inputs.port === undefined)
    throw new ConfigurationError(PORT_REQUIRED, { key: 'port', kind: 'required' });
  if (inputs.bluePort === undefined || inputs.greenPort === undefined) {
    throw new ConfigurationError(COLOUR_PORTS_REQUIRED, {
      key: ['blue-port', 'green-port'],
      kind: 'required',
    });
  }
  if (inputs.bluePort === inputs.greenPort) {
    throw new ConfigurationError(
      `blue-port / green-port: must differ (both are ${inputs.bluePort}); two containers never share a port`,
      { key: ['blue-port', 'green-port'], kind: 'invalid' },
    );
  }
  if (inputs.nginxUpstreamFile === '')
    throw new ConfigurationError(UPSTREAM_FILE_REQUIRED, { key: 'nginx-upstream-file', kind: 'required' });
  const upstreamName = inputs.nginxUpstreamName || defaultUpstreamName(app, environment);
  if (!UPSTREAM_NAME.test(upstreamName)) {
    throw new ConfigurationError(
      `nginx-upstream-name: expected letters, digits and "_", got ${JSON.stringify(upstreamName)}`,
      { key: 'nginx-upstream-name', kind: 'invalid' },
    );
  }
  const allow = parseAccessAllow(inputs.accessAllow);
  const basicAuth = inputs.basicAuth === '' ? undefined : parseBasicAuth(inputs.basicAuth);
  if (inputs.nginxServerFile === '' && (allow.length > 0 || basicAuth !== undefined)) {
    throw new ConfigurationError(
      `${allow.length > 0 ? 'access-allow' : 'basic-auth'}: needs nginx-server-file, the server block berth writes (e.g. /etc/nginx/conf.d/berth-${app}-${environment}.conf); berth does not edit server blocks it did not write`,
      { key: allow.length > 0 ? 'access-allow' : 'basic-auth', kind: 'invalid' },
    );
  }
  return {
    ...common,
    containerPort: inputs.port,
    ports: { blue: inputs.bluePort, green: inputs.greenPort },
    upstreamFile: absolute('nginx-upstream-file', inputs.nginxUpstreamFile),
    upstreamName,
    ...(inputs.nginxServerFile === ''
      ? {}
      : {
          serverBlock: {
            file: absolute('nginx-server-file', inputs.nginxServerFile),
            serverNames: parseServerNames(inputs.nginxServerName),
            listen: parseListen(inputs.nginxListen),
            allow,
            ...(basicAuth ? { basicAuth } : {}),
          },
        }),
  };
}
