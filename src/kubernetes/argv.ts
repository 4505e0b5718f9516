/**
 * helm's and kubectl's argv, built here and run elsewhere. Names are checked before they become
 * arguments; values never go on the command line (`--set` parses commas and braces): berth writes them
 * to a 0600 values file that `--values` names. Pure.
 */
import { ConfigurationError } from '../errors.js';

/** A DNS-1123 label: namespaces, release names (helm allows 53 characters). */
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A chart: a path in the repository, `repo/name`, or `oci://…`. */
const CHART = /^(oci:\/\/[A-Za-z0-9._:/-]+|[A-Za-z0-9._/-]+)$/;
const VERSION = /^v?[0-9A-Za-z.+-]+$/;

export function checkName(key: string, value: string, max = 63): string {
  if (!LABEL.test(value) || value.length > max) {
    throw new ConfigurationError(
      `${key}: expected lowercase letters, digits and "-" (at most ${max}, starting and ending with a letter or digit), got ${JSON.stringify(value)}`,
      { key, kind: 'invalid' },
    );
  }
  return value;
}

export interface ClusterAccess {
  /** The 0600 kubeconfig berth wrote; '' for the runner's own (KUBECONFIG, ~/.kube/config). */
  kubeconfig: string;
  namespace: string;
}

const access = (a: ClusterAccess): string[] => [
  ...(a.kubeconfig === '' ? [] : ['--kubeconfig', a.kubeconfig]),
  '--namespace',
  checkName('namespace', a.namespace),
];

export interface UpgradeSpec {
  release: string;
  chart: string;
  /** A repo or OCI chart's pinned version. */
  version?: string;
  valuesFiles: readonly string[];
  /** `watcher`: helm waits for the resources too; `none`: it applies and returns (berth watches). */
  wait: 'watcher' | 'none';
  timeoutSeconds: number;
  description: string;
}

/** `helm upgrade --install`, applied server-side and forcing conflicts a hand-made change left (kubectl scale). */
export function helmUpgradeArgs(a: ClusterAccess, spec: UpgradeSpec): string[] {
  if (!CHART.test(spec.chart) || spec.chart.split('/').includes('..')) {
    throw new ConfigurationError(
      `chart: expected a chart directory in the repository, repo/name or oci://registry/path, got ${JSON.stringify(spec.chart)}`,
      { key: 'chart', kind: 'invalid' },
    );
  }
  if (spec.version !== undefined && !VERSION.test(spec.version)) {
    throw new ConfigurationError(
      `chart-version: expected a version like 1.4.2, got ${JSON.stringify(spec.version)}`,
      {
        key: 'chart-version',
        kind: 'invalid',
      },
    );
  }
  return [
    'upgrade',
    '--install',
    checkName('release', spec.release, 53),
    spec.chart,
    ...access(a),
    ...(spec.version === undefined ? [] : ['--version', spec.version]),
    ...spec.valuesFiles.flatMap((f) => ['--values', f]),
    ...(spec.wait === 'watcher' ? ['--wait=watcher'] : []),
    '--timeout',
    `${spec.timeoutSeconds}s`,
    '--server-side=true',
    '--force-conflicts',
    '--history-max',
    '20',
    '--description',
    spec.description.replace(/[\r\n]+/g, ' ').slice(0, 200),
  ];
}

export function helmRollbackArgs(
  a: ClusterAccess,
  release: string,
  revision: number,
  timeoutSeconds: number,
): string[] {
  if (!Number.isInteger(revision) || revision < 1) throw new Error(`helm rollback: no revision ${revision}`);
  return [
    'rollback',
    checkName('release', release, 53),
    String(revision),
    ...access(a),
    '--timeout',
    `${timeoutSeconds}s`,
    '--server-side=true',
    '--force-conflicts',
  ];
}

export const helmStatusArgs = (a: ClusterAccess, release: string): string[] => [
  'status',
  checkName('release', release, 53),
  ...access(a),
  '-o',
  'json',
];

export const helmHistoryArgs = (a: ClusterAccess, release: string): string[] => [
  'history',
  checkName('release', release, 53),
  ...access(a),
  '-o',
  'json',
];

/** Label keys and values as Kubernetes allows them: what a selector built from a Deployment may hold. */
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** `a=b,c=d` from a Deployment's matchLabels (each checked: they come from the cluster). */
export function labelSelector(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([k, v]) => {
    if (!LABEL_KEY.test(k) || !LABEL_VALUE.test(v))
      throw new Error(`not a label selector: ${JSON.stringify(k)}=${JSON.stringify(v)}`);
    return `${k}=${v}`;
  });
  if (parts.length === 0) throw new Error('a Deployment with no matchLabels: its pods cannot be told apart');
  return parts.join(',');
}

/**
 * One look for the watch: a Deployment of the release (by default the one named as the release, as the
 * built-in chart names it), its pods (by its own selector, else Helm's instance label), the namespace's
 * pod warnings.
 */
export const kubectlGetArgs = (
  a: ClusterAccess,
  what: 'deployment' | 'pods' | 'events' | 'endpoints',
  release: string,
  deployment: string = release,
  selector?: Readonly<Record<string, string>>,
): string[] => {
  checkName('release', release, 53);
  const target =
    what === 'deployment'
      ? ['deployment', checkObjectName('deployment', deployment)]
      : what === 'endpoints'
        ? ['endpoints', checkObjectName('service', deployment)]
        : what === 'pods'
          ? [
              'pods',
              '--selector',
              selector === undefined ? `app.kubernetes.io/instance=${release}` : labelSelector(selector),
            ]
          : ['events', '--field-selector', 'type=Warning,involvedObject.kind=Pod'];
  return ['get', ...target, ...access(a), '-o', 'json'];
};

/** A DNS-1123 subdomain (Deployments, Secrets): what a chart may name its objects. */
function checkObjectName(key: string, value: string): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value) || value.length > 253)
    throw new Error(`${key}: not an object name: ${JSON.stringify(value)}`);
  return value;
}

/** The values berth (and the team's files) gave the release's live revision, as JSON. */
export const helmGetValuesArgs = (a: ClusterAccess, release: string): string[] => [
  'get',
  'values',
  checkName('release', release, 53),
  ...access(a),
  '-o',
  'json',
];

/** The manifest Helm applied for the release's live revision: which Deployments it has. */
export const helmGetManifestArgs = (a: ClusterAccess, release: string): string[] => [
  'get',
  'manifest',
  checkName('release', release, 53),
  ...access(a),
];

/** A container's last lines; `previous`: the run before a crash (what a crash loop said as it died). */
export function kubectlLogsArgs(
  a: ClusterAccess,
  pod: string,
  container: string,
  previous: boolean,
  lines = 20,
): string[] {
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(pod))
    throw new Error(`kubectl logs: not a pod name: ${JSON.stringify(pod)}`);
  return [
    'logs',
    pod,
    '--container',
    checkName('container', container),
    ...access(a),
    `--tail=${lines}`,
    ...(previous ? ['--previous'] : []),
  ];
}

/** `helm uninstall`, waiting for the objects to go (a pending install that never went live). */
export const helmUninstallArgs = (a: ClusterAccess, release: string): string[] => [
  'uninstall',
  checkName('release', release, 53),
  ...access(a),
  '--wait',
];

/** A file berth wrote into its private directory (`-` for stdin): the only thing `-f` is given. */
function checkFile(file: string): string {
  if (file !== '-' && (!file.startsWith('/') || /[\r\n\0]/.test(file)))
    throw new Error(`kubectl -f: expected an absolute path berth wrote, got ${JSON.stringify(file)}`);
  return file;
}

/**
 * Plain manifests applied server-side as berth's field manager, taking over fields a hand-made change
 * holds (`kubectl scale`): the file is the List berth wrote, 0600, in its private directory.
 */
export const kubectlApplyArgs = (a: ClusterAccess, file: string): string[] => [
  'apply',
  '--server-side',
  '--field-manager=berth',
  '--force-conflicts',
  '-f',
  checkFile(file),
  ...access(a),
];

/** A new object from stdin (a release record): fails when one of its name exists (another deploy). */
export const kubectlCreateArgs = (a: ClusterAccess): string[] => [
  'create',
  '--field-manager=berth',
  '-f',
  '-',
  ...access(a),
  '-o',
  'name',
];

/** Which of a file's objects exist now (a List of them; none found is not an error). */
export const kubectlGetFileArgs = (a: ClusterAccess, file: string): string[] => [
  'get',
  '-f',
  checkFile(file),
  '--ignore-not-found',
  ...access(a),
  '-o',
  'json',
];

/** A file's objects deleted, waiting until they are gone (a refused first deploy's, a set's leftovers). */
export const kubectlDeleteFileArgs = (a: ClusterAccess, file: string, timeoutSeconds: number): string[] => [
  'delete',
  '-f',
  checkFile(file),
  '--ignore-not-found',
  '--wait',
  `--timeout=${Math.max(1, Math.round(timeoutSeconds))}s`,
  ...access(a),
];

/** A release's records: the Secrets labelled `berth.dev/release=<release>`. */
export const kubectlRecordsArgs = (a: ClusterAccess, release: string): string[] => [
  'get',
  'secrets',
  '--selector',
  `berth.dev/release=${checkName('release', release, 53)}`,
  ...access(a),
  '-o',
  'json',
];

/** New values of a Secret's labels (a record's status). */
export function kubectlLabelSecretArgs(
  a: ClusterAccess,
  name: string,
  labels: Readonly<Record<string, string>>,
): string[] {
  return [
    'label',
    'secret',
    checkObjectName('secret', name),
    ...labelSelector(labels).split(','),
    '--overwrite',
    ...access(a),
  ];
}

/** Secrets deleted by name (records older than the ones kept). */
export function kubectlDeleteSecretsArgs(a: ClusterAccess, names: readonly string[]): string[] {
  if (names.length === 0) throw new Error('kubectl delete secret: no names');
  return [
    'delete',
    'secret',
    ...names.map((n) => checkObjectName('secret', n)),
    '--ignore-not-found',
    ...access(a),
  ];
}
