/**
 * The settings of a Kubernetes deploy (strategy `kubernetes`), checked once from the step's inputs:
 * which cluster and how to reach it, the release, the chart (berth's built-in one or the team's) and its
 * values, the timings. Every error names the input and the expected form; nothing here touches the
 * cluster. Pure.
 */
import path from 'node:path';
import { parseImageReference } from '../../docker/reference.js';
import { parseKeyValues, parseLines, parseList } from '../../docker/build-args.js';
import { ConfigurationError } from '../../errors.js';
import type { Inputs } from '../../inputs.js';
import { checkName } from '../../kubernetes/argv.js';
import { checkMirror, parseKubeToolsSha256 } from '../../kubernetes/tools.js';
import type { DeployAction } from '../model.js';
import { deployNames } from '../names.js';
import type { BuiltInChartSpec } from './chart-values.js';

export type Credentials =
  | { mode: 'kubeconfig'; text: string }
  | { mode: 'eks'; cluster: string; region: string }
  /** The runner's own: `KUBECONFIG`, else `~/.kube/config`. */
  | { mode: 'runner' };

export interface KubernetesSettings {
  action: DeployAction;
  app: string;
  environment: string;
  namespace: string;
  release: string;
  credentials: Credentials;
  /** The image by digest (deploy); '' for a rollback. */
  image: string;
  /** Empty: the built-in chart. A directory (absolute, in the workspace), `repo/name` or `oci://…`. */
  chart: string;
  chartVersion?: string;
  /** Plain manifests instead of a chart: their directory (absolute, in the workspace); '' for a chart. */
  manifests: string;
  /** Absolute paths of the values files, in order. */
  valuesFiles: string[];
  /** `dotted.key=value` values, typed, after the files. */
  values: ReadonlyArray<readonly [string, unknown]>;
  /** The built-in chart's spec, less the image (filled in at deploy); undefined with the team's chart. */
  builtIn?: Omit<BuiltInChartSpec, 'image'>;
  /** `blue-green`: a Deployment per colour, the Service switched when the idle one is ready (built-in chart). */
  rollout: 'rolling' | 'blue-green';
  /** Seconds every new pod has to be ready. */
  timeoutSeconds: number;
  /** rollback: the revision given; undefined for the last good one. */
  revision?: number;
  tools: {
    helmPath: string;
    kubectlPath: string;
    mirror: string;
    sha256: { helm?: string; kubectl?: string };
  };
}

const invalid = (key: string, message: string): ConfigurationError =>
  new ConfigurationError(`${key}: ${message}`, { key, kind: 'invalid' });

/** `dotted.key` of letters, digits, `_` and `-`, each part not empty. */
const VALUE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

/** One `values` line's value, typed as `--set` would for the plain cases: booleans and whole numbers. */
export function typedValue(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?(0|[1-9][0-9]{0,14})$/.test(text)) return Number(text);
  return text;
}

/** The `values` input, parsed: every key checked (a bad one names its line). */
export function parseValues(text: string): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq === -1 ? '' : line.slice(0, eq).trim();
    if (!VALUE_KEY.test(key))
      throw invalid(
        'values',
        `line ${i + 1} is not dotted.key=value (keys of letters, digits, "_" and "-", e.g. image.tag=1.2): ${JSON.stringify(line.slice(0, 80))}`,
      );
    out.push([key, typedValue(line.slice(eq + 1).trim())]);
  });
  return out;
}

/** The `values` pairs as one nested object (later keys win; a key under a scalar replaces it). */
export function nestValues(pairs: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of pairs) {
    const parts = key.split('.');
    let at = root;
    for (const part of parts.slice(0, -1)) {
      const next = at[part];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) at[part] = {};
      at = at[part] as Record<string, unknown>;
    }
    at[parts.at(-1) as string] = value;
  }
  return root;
}

/** `${image-ref}`, `${image-repository}`, `${image-digest}` in a value, replaced by the image deployed. */
export function substituteImage(value: unknown, imageRef: string): unknown {
  if (typeof value !== 'string' || !value.includes('${')) return value;
  const at = imageRef.indexOf('@');
  const known: Record<string, string> = {
    'image-ref': imageRef,
    'image-repository': at === -1 ? imageRef : imageRef.slice(0, at),
    'image-digest': at === -1 ? '' : imageRef.slice(at + 1),
  };
  return value.replace(/\$\{([a-z-]+)\}/g, (whole, name: string) => known[name] ?? whole);
}

function credentials(inputs: Inputs, env: NodeJS.ProcessEnv): Credentials {
  if (inputs.kubeconfig !== '' && inputs.eksCluster !== '') {
    throw new ConfigurationError(
      'kubeconfig / eks-cluster: give one of them: a kubeconfig from a secret, or an EKS cluster whose token berth mints',
      { key: ['kubeconfig', 'eks-cluster'], kind: 'invalid' },
    );
  }
  if (inputs.kubeconfig !== '') return { mode: 'kubeconfig', text: inputs.kubeconfig };
  if (inputs.eksCluster !== '') {
    if (!/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(inputs.eksCluster))
      throw invalid('eks-cluster', `expected an EKS cluster name, got ${JSON.stringify(inputs.eksCluster)}`);
    const region = inputs.eksRegion || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
    if (region === '')
      throw new ConfigurationError(
        'eks-region: required with eks-cluster (or AWS_REGION, which aws-actions/configure-aws-credentials sets)',
        { key: 'eks-region', kind: 'required' },
      );
    if (!/^[a-z]{2}(-[a-z]+)+-[0-9]+$/.test(region))
      throw invalid(
        'eks-region',
        `expected an AWS region like ap-northeast-2, got ${JSON.stringify(region)}`,
      );
    return { mode: 'eks', cluster: inputs.eksCluster, region };
  }
  if (inputs.eksRegion !== '')
    throw new ConfigurationError('eks-region: only with eks-cluster', {
      key: 'eks-region',
      kind: 'unexpected',
    });
  return { mode: 'runner' };
}

/** A `chart` input: a directory of the workspace (resolved), or a repository/OCI reference kept as given. */
function chartOf(chart: string, version: string, workspace: string): string {
  if (chart === '') {
    if (version !== '')
      throw new ConfigurationError('chart-version: only with chart (a repository or OCI chart)', {
        key: 'chart-version',
        kind: 'unexpected',
      });
    return '';
  }
  if (chart.startsWith('oci://')) {
    if (version === '')
      throw new ConfigurationError(
        `chart-version: required for ${chart}: pin the version deployed (e.g. 1.4.2)`,
        {
          key: 'chart-version',
          kind: 'required',
        },
      );
    return chart;
  }
  if (chart.startsWith('./') || chart.startsWith('/') || chart.split('/').length !== 2 || version === '') {
    // A directory of the repository: inside the workspace.
    const resolved = path.resolve(workspace, chart);
    const rel = path.relative(workspace, resolved);
    if (rel.startsWith('..') || path.isAbsolute(rel))
      throw invalid('chart', `expected a chart directory inside the workspace, got ${JSON.stringify(chart)}`);
    if (version !== '')
      throw new ConfigurationError('chart-version: only for a chart from a repository or OCI registry', {
        key: 'chart-version',
        kind: 'unexpected',
      });
    return resolved;
  }
  return chart;
}

function envPairs(text: string): Array<readonly [string, string]> {
  return parseKeyValues(text, 'env');
}

function envFromSecrets(text: string): BuiltInChartSpec['envFromSecrets'] {
  return parseKeyValues(text, 'env-from-secrets').map(([name, ref]) => {
    const slash = ref.indexOf('/');
    if (slash <= 0 || slash === ref.length - 1)
      throw invalid('env-from-secrets', `${name}: expected NAME=secret/key, got ${JSON.stringify(ref)}`);
    return { name, secret: ref.slice(0, slash), key: ref.slice(slash + 1) };
  });
}

/** Inputs of the built-in chart that a team's chart would ignore: refused with it, by name. */
const BUILT_IN_ONLY: ReadonlyArray<[string, (i: Inputs) => boolean]> = [
  ['ingress-host', (i) => i.ingressHost !== ''],
  ['image-pull-secrets', (i) => i.imagePullSecrets !== ''],
  ['env-from-secrets', (i) => i.envFromSecrets.trim() !== ''],
  ['env', (i) => i.env.trim() !== ''],
  ['rollout', (i) => i.rollout !== 'rolling'],
];

/** Inputs of a Helm chart: with plain manifests there is no chart to give them to. */
const CHART_ONLY: ReadonlyArray<[string, (i: Inputs) => boolean]> = [
  ['chart-version', (i) => i.chartVersion !== ''],
  ['values-files', (i) => i.valuesFiles.trim() !== ''],
  ['values', (i) => i.values.trim() !== ''],
];

/** A `manifests` input: a directory of the workspace (resolved); '' when not given. */
function manifestsOf(inputs: Inputs, workspace: string): string {
  if (inputs.manifests === '') return '';
  if (inputs.chart !== '')
    throw new ConfigurationError(
      'manifests / chart: give one of them: a directory of plain manifests, or a Helm chart',
      { key: ['manifests', 'chart'], kind: 'invalid' },
    );
  const resolved = path.resolve(workspace, inputs.manifests);
  const rel = path.relative(workspace, resolved);
  if (rel.startsWith('..') || path.isAbsolute(rel))
    throw invalid(
      'manifests',
      `expected a directory of manifests inside the workspace (e.g. deploy/k8s), got ${JSON.stringify(inputs.manifests)}`,
    );
  const given = [...CHART_ONLY, ...BUILT_IN_ONLY].find(([, set]) => set(inputs));
  if (given)
    throw new ConfigurationError(
      `${given[0]}: an input of a Helm chart; with manifests, write it into the manifests themselves`,
      { key: given[0], kind: 'unexpected' },
    );
  return resolved;
}

export function resolveKubernetesSettings(
  action: DeployAction,
  inputs: Inputs,
  workspace: string,
  env: NodeJS.ProcessEnv = process.env,
): KubernetesSettings {
  const { app, environment } = deployNames(inputs, 'the Helm release');
  const namespace = checkName('namespace', inputs.namespace);
  const release = checkName(
    'release',
    inputs.release || `${app}-${environment}`.toLowerCase().replace(/[_.]/g, '-'),
    53,
  );
  let image = '';
  if (action === 'deploy') {
    if (inputs.image === '')
      throw new ConfigurationError(
        'image: required for deploy; pass the image-ref output of build (repo@sha256:…)',
        {
          key: 'image',
          kind: 'required',
        },
      );
    const ref = parseImageReference(inputs.image, 'image');
    if (ref.digest === undefined)
      throw invalid(
        'image',
        `strategy kubernetes deploys an image by digest (the image-ref output of build, repo@sha256:…), so every pod runs the same bytes; got ${JSON.stringify(inputs.image)}`,
      );
    const named = inputs.image.trim().slice(0, inputs.image.trim().indexOf('@'));
    const colon = named.lastIndexOf(':');
    image = `${colon > named.lastIndexOf('/') ? named.slice(0, colon) : named}@${ref.digest}`;
  }
  const manifests = manifestsOf(inputs, workspace);
  const chart = chartOf(inputs.chart, inputs.chartVersion, workspace);
  if (chart !== '') {
    const given = BUILT_IN_ONLY.find(([, set]) => set(inputs));
    if (given)
      throw new ConfigurationError(
        `${given[0]}: an input of berth's built-in chart; with chart ${inputs.chart}, set it in your chart's values (values-files or values)`,
        { key: given[0], kind: 'unexpected' },
      );
  }
  const timeoutSeconds = inputs.healthTimeoutSeconds;
  let revision: number | undefined;
  if (inputs.revision !== '') {
    if (!/^[1-9][0-9]{0,8}$/.test(inputs.revision))
      throw invalid(
        'revision',
        `expected a Helm revision number (e.g. 4), got ${JSON.stringify(inputs.revision)}`,
      );
    revision = Number(inputs.revision);
  }
  const valuesFiles = parseLines(inputs.valuesFiles).map((file) => {
    const resolved = path.resolve(workspace, file);
    const rel = path.relative(workspace, resolved);
    if (rel.startsWith('..') || path.isAbsolute(rel))
      throw invalid('values-files', `expected files inside the workspace, got ${JSON.stringify(file)}`);
    return resolved;
  });
  // The tools' own rule, checked here so a bad address fails before anything runs.
  if (inputs.kubeToolsUrl !== '') checkMirror(inputs.kubeToolsUrl);
  return {
    action,
    app,
    environment,
    namespace,
    release,
    credentials: credentials(inputs, env),
    image,
    chart,
    ...(inputs.chartVersion !== '' ? { chartVersion: inputs.chartVersion } : {}),
    manifests,
    valuesFiles,
    values: parseValues(inputs.values),
    ...(chart === '' && manifests === ''
      ? {
          builtIn: {
            port: inputs.port ?? 8080,
            replicas: inputs.replicas,
            healthPath: inputs.healthPath,
            // Kubernetes says a version cannot come up before berth's own timeout does.
            progressDeadlineSeconds: Math.max(10, timeoutSeconds - 10),
            // Long enough for kube-proxy and ingress controllers to drop the pod's endpoint.
            preStop: { mode: 'exec', seconds: Math.min(inputs.drainTimeoutSeconds, 5) },
            terminationGracePeriodSeconds: inputs.stopTimeoutSeconds,
            env: envPairs(inputs.env),
            envFromSecrets: envFromSecrets(inputs.envFromSecrets),
            ...(inputs.ingressHost !== '' ? { ingress: { host: inputs.ingressHost } } : {}),
            imagePullSecrets: parseList(inputs.imagePullSecrets),
          },
        }
      : {}),
    rollout: inputs.rollout,
    timeoutSeconds,
    ...(revision !== undefined ? { revision } : {}),
    tools: {
      helmPath: inputs.helmPath,
      kubectlPath: inputs.kubectlPath,
      mirror: inputs.kubeToolsUrl.replace(/\/+$/, ''),
      sha256: parseKubeToolsSha256(inputs.kubeToolsSha256),
    },
  };
}
