/**
 * The values berth gives its built-in chart (charts/berth-app), built from a component's settings and
 * checked here — the chart renders them into manifests, so nothing reaches it that is not of the form
 * Kubernetes expects (names, ports, paths, quantities). Pure.
 */
import { ConfigurationError } from '../../errors.js';

export interface BuiltInChartSpec {
  /** repository@sha256:… — the image-ref output of build. */
  image: string;
  port: number;
  replicas: number;
  healthPath: string;
  progressDeadlineSeconds: number;
  preStop: { mode: 'exec' | 'sleepAction' | 'none'; seconds: number };
  terminationGracePeriodSeconds: number;
  env: ReadonlyArray<readonly [string, string]>;
  envFromSecrets: ReadonlyArray<{ name: string; secret: string; key: string }>;
  resources?: {
    requests?: { cpu?: string; memory?: string };
    limits?: { cpu?: string; memory?: string };
  };
  ingress?: { host: string; className?: string; tlsSecret?: string };
  autoscaling?: { minReplicas: number; maxReplicas: number; targetCPUUtilizationPercentage: number };
  imagePullSecrets: readonly string[];
  /** Blue/green: each colour's image and the live one ('' before the first switch). */
  blueGreen?: { live: Color | ''; colors: Partial<Record<Color, { image: string }>> };
}

export type Color = 'blue' | 'green';

const DIGEST_REF = /^[a-z0-9][a-z0-9._:/-]*@sha256:[0-9a-f]{64}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A DNS-1123 subdomain: names of secrets. */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_KEY = /^[-._A-Za-z0-9]+$/;
const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const HEALTH_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*(\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?$/;
const CPU = /^([0-9]+m|[0-9]+(\.[0-9]+)?)$/;
const MEMORY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$/;

const bad = (key: string, expected: string, got: unknown): ConfigurationError =>
  new ConfigurationError(`${key}: expected ${expected}, got ${JSON.stringify(got)}`, {
    key,
    kind: 'invalid',
  });

function integer(key: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw bad(key, `a whole number from ${min} to ${max}`, value);
  return value;
}

function quantity(key: string, value: string | undefined, form: RegExp, example: string): string | undefined {
  if (value === undefined) return undefined;
  if (!form.test(value)) throw bad(key, `a Kubernetes quantity like ${example}`, value);
  return value;
}

/** The values file's content (JSON is YAML), every field checked; keys name the config's fields. */
export function builtInChartValues(spec: BuiltInChartSpec): Record<string, unknown> {
  if (!DIGEST_REF.test(spec.image))
    throw bad(
      'image',
      'a reference by digest (repository@sha256:…), the image-ref output of build',
      spec.image,
    );
  if (!HEALTH_PATH.test(spec.healthPath))
    throw bad('health-path', 'a URL path starting with / (e.g. /actuator/health)', spec.healthPath);
  const env: Record<string, string> = {};
  for (const [name, value] of spec.env) {
    if (!ENV_NAME.test(name))
      throw bad('env', 'variable names of letters, digits and "_" (not starting with a digit)', name);
    env[name] = value;
  }
  const envFromSecrets: Record<string, { secret: string; key: string }> = {};
  for (const ref of spec.envFromSecrets) {
    if (!ENV_NAME.test(ref.name))
      throw bad('env-from-secrets', 'variable names of letters, digits and "_"', ref.name);
    if (!OBJECT_NAME.test(ref.secret))
      throw bad('env-from-secrets', 'a Secret name (lowercase letters, digits, "-" and ".")', ref.secret);
    if (!SECRET_KEY.test(ref.key))
      throw bad('env-from-secrets', 'a key of letters, digits, "-", "_" and "."', ref.key);
    envFromSecrets[ref.name] = { secret: ref.secret, key: ref.key };
  }
  for (const name of spec.imagePullSecrets) {
    if (!OBJECT_NAME.test(name))
      throw bad('image-pull-secrets', 'Secret names (lowercase letters, digits, "-" and ".")', name);
  }
  const resources: Record<string, Record<string, string>> = {};
  for (const kind of ['requests', 'limits'] as const) {
    const r = spec.resources?.[kind];
    if (!r) continue;
    const cpu = quantity(`resources.${kind}.cpu`, r.cpu, CPU, '250m or 1');
    const memory = quantity(`resources.${kind}.memory`, r.memory, MEMORY, '256Mi');
    resources[kind] = { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) };
  }
  const ingress = spec.ingress;
  if (ingress) {
    if (!HOST.test(ingress.host))
      throw bad('ingress.host', 'a host name like shop.example.com', ingress.host);
    if (ingress.className !== undefined && !OBJECT_NAME.test(ingress.className))
      throw bad('ingress.class-name', 'an IngressClass name', ingress.className);
    if (ingress.tlsSecret !== undefined && !OBJECT_NAME.test(ingress.tlsSecret))
      throw bad('ingress.tls-secret', 'a Secret name', ingress.tlsSecret);
  }
  const bg = spec.blueGreen;
  if (bg) {
    for (const [color, c] of Object.entries(bg.colors)) {
      if (!DIGEST_REF.test(c.image))
        throw bad(`image (${color})`, 'a reference by digest (repository@sha256:…)', c.image);
    }
    if (spec.autoscaling)
      throw bad(
        'rollout',
        'rolling with an autoscaler (blue-green keeps two colours: one autoscaler each is not built in)',
        'blue-green',
      );
  }
  const auto = spec.autoscaling;
  if (auto) {
    integer('autoscaling.min-replicas', auto.minReplicas, 1, 1000);
    integer('autoscaling.max-replicas', auto.maxReplicas, auto.minReplicas, 1000);
    integer('autoscaling.target-cpu', auto.targetCPUUtilizationPercentage, 1, 100);
  }
  return {
    image: spec.image,
    port: integer('port', spec.port, 1, 65535),
    replicas: integer('replicas', spec.replicas, 1, 1000),
    healthPath: spec.healthPath,
    progressDeadlineSeconds: integer('progress-deadline', spec.progressDeadlineSeconds, 10, 3600),
    preStop: { mode: spec.preStop.mode, seconds: integer('pre-stop', spec.preStop.seconds, 0, 300) },
    terminationGracePeriodSeconds: integer('stop-timeout', spec.terminationGracePeriodSeconds, 0, 3600),
    env,
    envFromSecrets,
    resources,
    ingress: {
      host: ingress?.host ?? '',
      className: ingress?.className ?? '',
      tlsSecret: ingress?.tlsSecret ?? '',
    },
    autoscaling: auto ? { ...auto } : { minReplicas: 1, maxReplicas: 0, targetCPUUtilizationPercentage: 70 },
    imagePullSecrets: [...spec.imagePullSecrets],
    blueGreen: bg
      ? {
          enabled: true,
          live: bg.live,
          colors: Object.fromEntries(Object.entries(bg.colors).map(([k, v]) => [k, { image: v.image }])),
        }
      : { enabled: false, live: '', colors: {} },
  };
}
