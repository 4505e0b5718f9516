/**
 * kubectl's JSON (`kubectl get … -o json`) read into the few facts a rollout watch needs: a Deployment's
 * progress, each pod's containers (waiting, terminated, the last termination, the image it runs) and the
 * warning events. Pure; anything of another shape is an error naming what it expected. kubectl's output
 * is read here and nowhere else.
 */

export interface ConditionState {
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

export interface DeploymentState {
  name: string;
  generation: number;
  observedGeneration: number;
  /** spec.replicas: how many the rollout wants. */
  desired: number;
  /** status: all pods, the new template's, ready and available ones. */
  replicas: number;
  updated: number;
  ready: number;
  available: number;
  progressDeadlineSeconds: number | undefined;
  progressing: ConditionState | undefined;
  /** The ReplicaSet the Progressing condition names: the rollout's new one (`app-6d89b9bdcb`). */
  newReplicaSet: string | undefined;
  /** The pod template's containers and the image each runs. */
  containers: Array<{ name: string; image: string }>;
  /** spec.selector.matchLabels: how its pods are found. */
  matchLabels: Record<string, string>;
}

export interface ContainerEnd {
  reason: string;
  exitCode: number;
  message: string;
}

export interface ContainerState {
  name: string;
  ready: boolean;
  restarts: number;
  /** Waiting now: `CrashLoopBackOff`, `ErrImagePull`, `ImagePullBackOff`, `CreateContainerConfigError`… */
  waiting: { reason: string; message: string } | undefined;
  /** Terminated now, or (lastTerminated) the run before the current one. */
  terminated: ContainerEnd | undefined;
  lastTerminated: ContainerEnd | undefined;
  /** The image the pod's spec names for it (status.image when the spec has none). */
  image: string;
  /** The digest the node runs (`…@sha256:…`); '' before the image is pulled. */
  imageID: string;
}

export interface PodState {
  name: string;
  /** The `pod-template-hash` label: which ReplicaSet (template) the pod belongs to. */
  templateHash: string;
  phase: string;
  ready: boolean;
  /** PodScheduled=False: why it has no node (`0/1 nodes are available: …`). */
  unschedulable: string | undefined;
  containers: ContainerState[];
  /** Being deleted (`metadata.deletionTimestamp`): a scaled-down ReplicaSet's pod, not a rollout's. */
  terminating?: true;
}

export interface EventState {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  count: number;
  kind: string;
  name: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Json => (isObject(v) ? v : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The items of a `kind: List` (or of one object's own kind), checked to be `kind`. */
function items(json: unknown, kind: string, what: string): Json[] {
  if (!isObject(json)) throw new Error(`${what}: expected kubectl's JSON object, got ${typeof json}`);
  if (json.kind === kind) return [json];
  if (json.kind !== 'List' && json.kind !== `${kind}List`)
    throw new Error(`${what}: expected a ${kind} or a List of them, got kind ${JSON.stringify(json.kind)}`);
  const list = json.items;
  if (!Array.isArray(list)) throw new Error(`${what}: the List has no items array`);
  return list.filter((i): i is Json => isObject(i) && (i.kind === undefined || i.kind === kind));
}

function condition(conditions: unknown, type: string): ConditionState | undefined {
  if (!Array.isArray(conditions)) return undefined;
  const c = conditions.find((x) => isObject(x) && x.type === type);
  if (!isObject(c)) return undefined;
  const status = c.status === 'True' || c.status === 'False' ? c.status : 'Unknown';
  return { status, reason: str(c.reason), message: str(c.message) };
}

export function readDeployment(json: unknown, what = 'deployment'): DeploymentState {
  const [d] = items(json, 'Deployment', what);
  if (!d) throw new Error(`${what}: the List holds no Deployment`);
  const metadata = obj(d.metadata);
  const spec = obj(d.spec);
  const status = obj(d.status);
  const progressing = condition(status.conditions, 'Progressing');
  const named = /ReplicaSet "([^"]+)"/.exec(progressing?.message ?? '')?.[1];
  return {
    name: str(metadata.name),
    generation: num(metadata.generation),
    observedGeneration: num(status.observedGeneration),
    desired: spec.replicas === undefined ? 1 : num(spec.replicas),
    replicas: num(status.replicas),
    updated: num(status.updatedReplicas),
    ready: num(status.readyReplicas),
    available: num(status.availableReplicas),
    progressDeadlineSeconds:
      typeof spec.progressDeadlineSeconds === 'number' ? spec.progressDeadlineSeconds : undefined,
    progressing,
    newReplicaSet: named,
    containers: (Array.isArray(obj(obj(spec.template).spec).containers)
      ? (obj(obj(spec.template).spec).containers as unknown[])
      : []
    ).map((c) => ({ name: str(obj(c).name), image: str(obj(c).image) })),
    matchLabels: Object.fromEntries(
      Object.entries(obj(obj(spec.selector).matchLabels)).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      ),
    ),
  };
}

function containerEnd(state: unknown): ContainerEnd | undefined {
  const t = obj(obj(state).terminated);
  if (Object.keys(t).length === 0) return undefined;
  return { reason: str(t.reason), exitCode: num(t.exitCode), message: str(t.message) };
}

export function readPods(json: unknown, what = 'pods'): PodState[] {
  return items(json, 'Pod', what).map((p) => {
    const metadata = obj(p.metadata);
    const status = obj(p.status);
    const scheduled = condition(status.conditions, 'PodScheduled');
    const containers = Array.isArray(status.containerStatuses) ? status.containerStatuses : [];
    // The image each container asked for, by name: a node may report the pulled image's ID as status.image.
    const spec = obj(p.spec);
    const asked = new Map(
      (Array.isArray(spec.containers) ? spec.containers : [])
        .filter(isObject)
        .map((c) => [str(c.name), str(c.image)] as const),
    );
    return {
      ...(typeof metadata.deletionTimestamp === 'string' ? { terminating: true as const } : {}),
      name: str(metadata.name),
      templateHash: str(obj(metadata.labels)['pod-template-hash']),
      phase: str(status.phase),
      ready: condition(status.conditions, 'Ready')?.status === 'True',
      unschedulable:
        scheduled?.status === 'False' && scheduled.reason === 'Unschedulable' ? scheduled.message : undefined,
      containers: containers.filter(isObject).map((c) => {
        const state = obj(c.state);
        const waiting = obj(state.waiting);
        return {
          name: str(c.name),
          ready: c.ready === true,
          restarts: num(c.restartCount),
          waiting:
            Object.keys(waiting).length === 0
              ? undefined
              : { reason: str(waiting.reason), message: str(waiting.message) },
          terminated: containerEnd(state),
          lastTerminated: containerEnd(c.lastState),
          image: asked.get(str(c.name)) || str(c.image),
          imageID: str(c.imageID),
        };
      }),
    };
  });
}

/**
 * The events, without the ones a cluster without DNS adds to every pod (`MissingClusterDNS`): noise,
 * not a cause.
 */
export function readEvents(json: unknown, what = 'events'): EventState[] {
  return items(json, 'Event', what)
    .map((e) => {
      const involved = obj(e.involvedObject);
      return {
        type: e.type === 'Warning' ? ('Warning' as const) : ('Normal' as const),
        reason: str(e.reason),
        message: str(e.message),
        count: e.count === undefined ? 1 : num(e.count),
        kind: str(involved.kind),
        name: str(involved.name),
      };
    })
    .filter((e) => e.reason !== 'MissingClusterDNS');
}

export interface SecretState {
  name: string;
  type: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** data, base64 as the API gives it. */
  data: Record<string, string>;
}

const strings = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v)).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** `kubectl get secrets -o json`: each Secret's name, type, labels, annotations and data. */
export function readSecrets(json: unknown, what = 'secrets'): SecretState[] {
  return items(json, 'Secret', what).map((s) => {
    const metadata = obj(s.metadata);
    return {
      name: str(metadata.name),
      type: str(s.type),
      labels: strings(metadata.labels),
      annotations: strings(metadata.annotations),
      data: strings(s.data),
    };
  });
}

export interface ObjectId {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

/** `kubectl get -f FILE -o json`: which objects exist (one object, a List of any kinds, or nothing: ''). */
export function readObjectIds(text: string, what = 'kubectl get -f'): ObjectId[] {
  if (text.trim() === '') return [];
  const json: unknown = JSON.parse(text);
  if (!isObject(json)) throw new Error(`${what}: expected kubectl's JSON object, got ${typeof json}`);
  const list = json.kind === 'List' ? (Array.isArray(json.items) ? json.items.filter(isObject) : []) : [json];
  return list.map((o) => {
    const metadata = obj(o.metadata);
    return {
      apiVersion: str(o.apiVersion),
      kind: str(o.kind),
      namespace: str(metadata.namespace),
      name: str(metadata.name),
    };
  });
}
