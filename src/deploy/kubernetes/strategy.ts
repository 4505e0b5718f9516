/**
 * Strategy kubernetes: a Helm release on a cluster, once from the runner (no host of berth's). Deploy:
 * the release as it is now (a release a cancelled run left `pending-*` recovered first) → `helm upgrade
 * --install` with server-side apply and no `--wait` → berth's own watch of the new pods, failing fast
 * with each failing pod's reason, exit code and last log line → the pods' image digests checked → done;
 * or, on any failure, the evidence in the error and the summary and the release rolled back to the
 * revision that was live (a failed first install removed). Rollback: `helm rollback` to the last
 * revision that went live before the current one (or a given one), through the same watch.
 * Loaded only for this strategy.
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { ConfigurationError } from '../../errors.js';
import { startProgress } from '../../progress.js';
import { sleep as defaultSleep } from '../../retry.js';
import { createExec, lastLines, type Exec } from '../../exec.js';
import {
  helmGetManifestArgs,
  helmGetValuesArgs,
  helmHistoryArgs,
  helmRollbackArgs,
  helmStatusArgs,
  helmUninstallArgs,
  helmUpgradeArgs,
  kubectlGetArgs,
  type ClusterAccess,
} from '../../kubernetes/argv.js';
import {
  lastGoodRevision,
  readHelmError,
  readHelmHistory,
  readHelmStatus,
  rolledBackFrom,
  rollbackTarget,
} from '../../kubernetes/helm.js';
import { privateKubeDir, writeKubeconfig } from '../../kubernetes/kubeconfig.js';
import { readDeployment, readPods } from '../../kubernetes/objects.js';
import { renderKubernetesRefusal, renderKubernetesSummary } from '../../report/kubernetes-summary.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { DeployAction, KubernetesDeployReport, KubernetesFailure, KubernetesRefusal } from '../model.js';
import type { DeployDeps, DeployPlan, StepFn, Strategy } from '../strategy.js';
import { timeline } from '../timeline.js';
import { builtInChartValues, type BuiltInChartSpec, type Color } from './chart-values.js';
import { prepareRelease } from './release.js';
import { newPods } from './rollout.js';
import { nestValues, substituteImage, type KubernetesSettings } from './settings.js';
import { describeFailure, watchRollout, type WatchOutcome } from './watch.js';

export const kubernetesStrategy: Strategy = {
  plan: async (action, inputs, runtime, deps) => {
    const { resolveKubernetesSettings } = await import('./settings.js');
    return kubernetesPlan(resolveKubernetesSettings(action, inputs, runtime.workspace), runtime, deps);
  },
};

function kubernetesPlan(
  settings: KubernetesSettings,
  runtime: Runtime,
  deps: DeployDeps,
): DeployPlan<KubernetesDeployReport> {
  return {
    where: 'once',
    run: () => runRelease(settings, runtime, deps),
    summary: renderKubernetesSummary,
    outputs: (reports) => kubernetesOutputs(reports),
  };
}

export function kubernetesOutputs(
  reports: readonly KubernetesDeployReport[],
): Record<
  'revision' | 'previous-revision' | 'image-ref' | 'previous-image-ref' | 'url' | 'duration-ms',
  string
> {
  const r = reports.at(-1) as KubernetesDeployReport;
  return {
    revision: String(r.revision),
    'previous-revision': r.previousRevision === undefined ? '' : String(r.previousRevision),
    'image-ref': r.imageRef,
    'previous-image-ref': r.previousImageRef,
    url: r.url,
    'duration-ms': String(r.durationMs),
  };
}

/** A refused rollout: the error the job fails with; its summary is already written. */
export class RolloutRefused extends Error {
  override name = 'RolloutRefused';
}

/** charts/berth-app, next to the bundle (dist/, dist/cli/) or the sources. */
export function builtInChartDir(from = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    const chart = path.join(dir, 'charts', 'berth-app');
    if (existsSync(path.join(chart, 'Chart.yaml'))) return chart;
    dir = path.dirname(dir);
  }
  throw new Error(`berth's built-in chart (charts/berth-app) is missing next to ${from}: reinstall berth`);
}

export interface Session {
  settings: KubernetesSettings;
  runtime: Runtime;
  exec: Exec;
  helm: string;
  kubectl: string;
  access: ClusterAccess;
  step: StepFn;
  deps: DeployDeps;
}

async function helmRun(
  s: Session,
  argv: string[],
  timeoutMs: number,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return s.exec([s.helm, ...argv], { quiet: true, timeoutMs });
}

async function helmJson(s: Session, argv: string[]): Promise<string | undefined> {
  const r = await helmRun(s, argv, 60_000);
  if (r.code === 0) return r.stdout;
  if (/release: not found/.test(r.stderr)) return undefined;
  throw new Error(`helm ${argv[0]} ${s.settings.release}: ${readHelmError(r.stderr).message}`);
}

/** The Deployments the release's live manifest has (the built-in chart: one, named as the release). */
async function releaseDeployments(s: Session): Promise<string[]> {
  const r = await helmRun(s, helmGetManifestArgs(s.access, s.settings.release), 60_000);
  if (r.code !== 0) {
    if (/release: not found/.test(r.stderr)) return [];
    throw new Error(`helm get manifest ${s.settings.release}: ${readHelmError(r.stderr).message}`);
  }
  const names: string[] = [];
  for (const doc of parseAllDocuments(r.stdout)) {
    if (!('toJS' in doc)) continue;
    const o = doc.toJS({ maxAliasCount: 0 }) as { kind?: unknown; metadata?: { name?: unknown } } | null;
    if (o?.kind === 'Deployment' && typeof o.metadata?.name === 'string') names.push(o.metadata.name);
  }
  return names;
}

async function kubectlJson(s: Session, argv: string[]): Promise<unknown> {
  const r = await s.exec([s.kubectl, ...argv], { quiet: true, timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`kubectl ${argv.slice(0, 3).join(' ')}: ${lastLines(r.stderr, 2)}`);
  return JSON.parse(r.stdout) as unknown;
}

/** The images a release's Deployments run now, ours first (what `previous-image-ref` reports). */
async function liveImages(s: Session, deployments: readonly string[]): Promise<string[]> {
  const images: string[] = [];
  for (const name of deployments) {
    const d = readDeployment(
      await kubectlJson(s, kubectlGetArgs(s.access, 'deployment', s.settings.release, name)),
    );
    images.push(...d.containers.map((c) => c.image));
  }
  return images;
}

const repositoryOf = (ref: string): string => (ref.includes('@') ? ref.slice(0, ref.indexOf('@')) : ref);

/** The values file berth hands helm: the built-in chart's checked values, or `berth.*` for the team's chart. */
export function releaseValues(
  settings: KubernetesSettings,
  image: string,
  blueGreen?: BuiltInChartSpec['blueGreen'],
): Record<string, unknown> {
  const given = nestValues(settings.values.map(([k, v]) => [k, substituteImage(v, image)] as const));
  const base: Record<string, unknown> = settings.builtIn
    ? builtInChartValues({ ...settings.builtIn, image, ...(blueGreen ? { blueGreen } : {}) })
    : {
        berth: {
          image,
          imageRepository: repositoryOf(image),
          imageDigest: image.includes('@') ? image.slice(image.indexOf('@') + 1) : '',
        },
      };
  return deepMerge(base, given);
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const left = out[k];
    out[k] =
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      typeof left === 'object' &&
      left !== null &&
      !Array.isArray(left)
        ? deepMerge(left as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

async function connect(settings: KubernetesSettings, runtime: Runtime, dir: string): Promise<string> {
  const c = settings.credentials;
  if (c.mode === 'kubeconfig') return (await writeKubeconfig(c.text, runtime, 'kubeconfig', dir)).file;
  if (c.mode === 'eks') {
    const { eksAccess } = await import('../../kubernetes/eks-cluster.js');
    const eks = await eksAccess({ name: c.cluster, region: c.region, env: process.env });
    for (const secret of eks.secrets) runtime.setSecret(secret);
    runtime.info(`EKS cluster ${c.cluster} (${c.region}): a token minted from the job's AWS credentials`);
    return (await writeKubeconfig(eks.kubeconfigText, runtime, 'eks-cluster', dir)).file;
  }
  const own = process.env.KUBECONFIG || path.join(os.homedir(), '.kube', 'config');
  const exists = own.split(path.delimiter).some((f) => f !== '' && existsSync(f));
  if (!exists) {
    throw new ConfigurationError(
      "kubeconfig: required for strategy kubernetes; give the cluster's kubeconfig from a secret (kubeconfig: ${{ secrets.KUBECONFIG }}), or eks-cluster for EKS, or run on a runner whose KUBECONFIG (or ~/.kube/config) reaches the cluster",
      { key: ['kubeconfig', 'eks-cluster'], kind: 'required' },
    );
  }
  return '';
}

async function findTools(
  s: Pick<Session, 'settings' | 'runtime' | 'exec'>,
): Promise<{ helm: string; kubectl: string }> {
  const { resolveKubeTools } = await import('../../kubernetes/tools.js');
  const t = s.settings.tools;
  return resolveKubeTools({
    ...(t.helmPath ? { helmPath: t.helmPath } : {}),
    ...(t.kubectlPath ? { kubectlPath: t.kubectlPath } : {}),
    ...(t.mirror ? { mirror: t.mirror } : {}),
    sha256: t.sha256,
    workspace: s.runtime.workspace,
    tempDir: s.runtime.tempDir,
    env: process.env,
    exec: s.exec,
    info: (m: string) => s.runtime.info(m),
    // Plain manifests are applied with kubectl alone: no helm is looked for or downloaded.
    tools: s.settings.manifests ? ['kubectl'] : ['helm', 'kubectl'],
  });
}

async function runRelease(
  settings: KubernetesSettings,
  runtime: Runtime,
  deps: DeployDeps,
): Promise<KubernetesDeployReport> {
  const started = Date.now();
  const { steps, step } = timeline();
  const exec = deps.exec ?? createExec(runtime);
  const dir = await privateKubeDir(runtime);
  try {
    const tools = await step(settings.manifests ? 'find kubectl' : 'find helm and kubectl', () =>
      findTools({ settings, runtime, exec }),
    );
    const kubeconfig = await step('cluster credentials', () => connect(settings, runtime, dir));
    const s: Session = {
      settings,
      runtime,
      exec,
      ...tools,
      access: { kubeconfig, namespace: settings.namespace },
      step,
      deps,
    };
    if (settings.manifests) {
      const { runManifestRelease } = await import('./manifest-release.js');
      return await runManifestRelease(s, { dir, started, steps, refused: (m, r) => new Refusal(m, r) });
    }
    runtime.info(`Helm release ${settings.release} in namespace ${settings.namespace}`);
    const before = await step('release before', () =>
      prepareRelease(exec, {
        helm: s.helm,
        access: s.access,
        release: settings.release,
        timeoutSeconds: settings.timeoutSeconds,
        info: (m) => runtime.warning(m),
      }),
    );
    const beforeDeployments = before.revision === undefined ? [] : await releaseDeployments(s);
    const previousImages = await liveImages(s, beforeDeployments).catch(() => [] as string[]);
    const target =
      settings.action === 'rollback'
        ? await step('helm rollback', () => rollBack(s, before.revision))
        : settings.rollout === 'blue-green'
          ? await blueGreenDeploy(s, dir, before.revision)
          : await step('helm upgrade', () => upgrade(s, dir, before.revision));
    const deployments = target.watch ?? (await releaseDeployments(s));
    if (deployments.length === 0)
      runtime.warning(`release ${settings.release} has no Deployment: nothing to watch`);
    const outcome = await step('rollout', () => watchAll(s, deployments));
    let images: string[] = [];
    if (outcome.state === 'ready') {
      images = await step('image digests', () => checkImages(s, deployments, target.image));
    }
    const switchOver = target.switchOver;
    const revision = switchOver ? await step('switch the Service', () => switchOver()) : target.revision;
    // A blue/green release: what is live is the live colour's image, whatever the other colour runs.
    const colours =
      settings.action === 'rollback' && settings.builtIn
        ? readBlueGreen(await releaseValuesNow(s))
        : undefined;
    const imageRef =
      settings.action === 'deploy'
        ? settings.image
        : colours?.live
          ? (colours.colors[colours.live]?.image ?? '')
          : (images[0] ?? '');
    const ours = (list: readonly string[]): string =>
      list.find((i) => imageRef !== '' && repositoryOf(i) === repositoryOf(imageRef)) ?? list[0] ?? '';
    return {
      action: settings.action,
      app: settings.app,
      environment: settings.environment,
      host: '',
      namespace: settings.namespace,
      release: settings.release,
      revision,
      previousRevision: before.revision,
      imageRef,
      previousImageRef: target.previousImage ?? ours(previousImages),
      url: settings.builtIn
        ? settings.builtIn.ingress
          ? `http://${settings.builtIn.ingress.host}`
          : `http://${settings.release}.${settings.namespace}.svc`
        : '',
      recovered: before.recovered,
      progress: outcome.progress,
      durationMs: Date.now() - started,
      timeline: steps,
    };
  } catch (error) {
    if (error instanceof Refusal) {
      await runtime.appendSummary(renderKubernetesRefusal({ ...error.refusal, timeline: steps }));
      throw new RolloutRefused(error.message);
    }
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Thrown inside the run when the rollout is refused and undone: the summary is written once, by the run. */
class Refusal extends Error {
  constructor(
    message: string,
    readonly refusal: Omit<KubernetesRefusal, 'timeline'>,
  ) {
    super(message);
  }
}

interface Applied {
  revision: number;
  /** The image the pods must run ('' for a rollback: whatever the revision names). */
  image: string;
  /** The Deployments to watch and check (default: every Deployment of the release). */
  watch?: string[];
  /** Blue/green: switches the Service to the new colour once it is ready; the revision after. */
  switchOver?: () => Promise<number>;
  /** Blue/green: the image the live colour ran before. */
  previousImage?: string;
}

/** The blue/green state the release's values hold (helm get values): the live colour and each colour's image. */
export function readBlueGreen(values: unknown): {
  live: Color | '';
  colors: Partial<Record<Color, { image: string }>>;
} {
  const bg = (
    typeof values === 'object' && values !== null ? (values as Record<string, unknown>).blueGreen : undefined
  ) as { enabled?: unknown; live?: unknown; colors?: Record<string, { image?: unknown }> } | undefined;
  if (!bg || bg.enabled !== true) return { live: '', colors: {} };
  const colors: Partial<Record<Color, { image: string }>> = {};
  for (const color of ['blue', 'green'] as const) {
    const image = bg.colors?.[color]?.image;
    if (typeof image === 'string' && image !== '') colors[color] = { image };
  }
  const live = bg.live === 'blue' || bg.live === 'green' ? bg.live : '';
  return { live: live !== '' && colors[live] ? live : '', colors };
}

async function releaseValuesNow(s: Session): Promise<unknown> {
  const r = await helmRun(s, helmGetValuesArgs(s.access, s.settings.release), 60_000);
  if (r.code !== 0) {
    if (/release: not found/.test(r.stderr)) return {};
    throw new Error(`helm get values ${s.settings.release}: ${readHelmError(r.stderr).message}`);
  }
  return JSON.parse(r.stdout || '{}') as unknown;
}

/**
 * Blue/green on the cluster: the idle colour gets the new image (the live one untouched, serving), is
 * watched and checked like any rollout; only then does the Service's selector switch to it. The old
 * colour keeps running for an instant rollback.
 */
async function blueGreenDeploy(s: Session, dir: string, live: number | undefined): Promise<Applied> {
  const { settings } = s;
  const now =
    live === undefined ? { live: '' as const, colors: {} } : readBlueGreen(await releaseValuesNow(s));
  const idle: Color = now.live === 'blue' ? 'green' : 'blue';
  const colors = {
    ...(now.live ? { [now.live]: now.colors[now.live] } : {}),
    [idle]: { image: settings.image },
  };
  s.runtime.info(
    now.live
      ? `blue/green: ${now.live} is live (${now.colors[now.live]?.image ?? ''}); ${idle} gets ${settings.image}`
      : `blue/green: no colour is live yet; ${idle} gets ${settings.image}`,
  );
  const prepared = await s.step('helm upgrade (idle colour)', () =>
    upgrade(s, dir, live, { live: now.live, colors }),
  );
  return {
    ...prepared,
    watch: [`${settings.release}-${idle}`],
    ...(now.live ? { previousImage: now.colors[now.live]?.image ?? '' } : {}),
    switchOver: async () => {
      const switched = await upgrade(s, dir, prepared.revision, { live: idle, colors });
      await waitForEndpoints(s, `${settings.release}-${idle}-`);
      s.runtime.info(
        `blue/green: the Service now sends to ${idle}${now.live ? `; ${now.live} keeps running for a rollback` : ''}`,
      );
      return switched.revision;
    },
  };
}

/** The Service's endpoints are all pods of the new colour (bounded by the timeout). */
export async function waitForEndpoints(s: Session, podPrefix: string): Promise<void> {
  const now = s.deps.now ?? Date.now;
  const deadline = now() + s.settings.timeoutSeconds * 1000;
  const sleep = s.deps.sleep ?? defaultSleep;
  const progress = startProgress({
    what: `the Service ${s.settings.release} to send to ${podPrefix}*`,
    limitMs: s.settings.timeoutSeconds * 1000,
    now,
    say: (line) => s.runtime.info(line),
  });
  let last = '';
  for (;;) {
    const json = (await kubectlJson(s, kubectlGetArgs(s.access, 'endpoints', s.settings.release))) as {
      subsets?: Array<{ addresses?: Array<{ targetRef?: { name?: string } }> }>;
    };
    const pods = (json.subsets ?? []).flatMap((x) => x.addresses ?? []).map((a) => a.targetRef?.name ?? '');
    last = pods.join(', ');
    if (pods.length > 0 && pods.every((p) => p.startsWith(podPrefix))) return;
    if (now() >= deadline)
      throw new Error(
        `the Service ${s.settings.release} did not switch to ${podPrefix}* (its endpoints: ${last || 'none'})`,
      );
    progress.update(`its endpoints: ${last || 'none'}`);
    await progress.sleep(250, sleep);
  }
}

async function currentRevision(s: Session): Promise<number> {
  const status = await helmJson(s, helmStatusArgs(s.access, s.settings.release));
  return status === undefined ? 0 : readHelmStatus(status).revision;
}

async function upgrade(
  s: Session,
  dir: string,
  live: number | undefined,
  blueGreen?: BuiltInChartSpec['blueGreen'],
): Promise<Applied> {
  const { settings } = s;
  const valuesFile = path.join(dir, 'values.json');
  await writeFile(valuesFile, JSON.stringify(releaseValues(settings, settings.image, blueGreen)), {
    mode: 0o600,
  });
  const chart = settings.chart || builtInChartDir();
  const commit = s.runtime.getContext('sha').slice(0, 12) || 'local';
  const r = await helmRun(
    s,
    helmUpgradeArgs(s.access, {
      release: settings.release,
      chart,
      ...(settings.chartVersion ? { version: settings.chartVersion } : {}),
      valuesFiles: [...settings.valuesFiles, valuesFile],
      wait: 'none',
      timeoutSeconds: settings.timeoutSeconds,
      description: `berth deploy ${commit} ${settings.image}${blueGreen ? ` (${blueGreen.live ? `live: ${blueGreen.live}` : 'no colour live'})` : ''}`,
    }),
    (settings.timeoutSeconds + 120) * 1000,
  );
  if (r.code !== 0) {
    const failure = readHelmError(r.stderr);
    const why =
      failure.kind === 'in-progress'
        ? `helm upgrade ${settings.release}: another install, upgrade or rollback of this release is running now (another deploy?): ${failure.message}`
        : `helm upgrade ${settings.release}: ${failure.message}`;
    // A revision helm recorded before failing (an object the API server refused) may be half applied.
    const now = await currentRevision(s).catch(() => 0);
    if (now > (live ?? 0)) await refuse(s, live, now, why, [], '');
    throw new Error(why);
  }
  return { revision: await currentRevision(s), image: settings.image };
}

async function rollBack(s: Session, live: number | undefined): Promise<Applied> {
  const { settings } = s;
  if (live === undefined)
    throw new ConfigurationError(
      `release: ${settings.release} in namespace ${settings.namespace} has no live revision to roll back from`,
      {
        key: 'release',
        kind: 'invalid',
      },
    );
  const history = readHelmHistory((await helmJson(s, helmHistoryArgs(s.access, settings.release))) ?? '[]');
  const to = settings.revision ?? rollbackTarget(history, live)?.revision;
  if (to === undefined || !history.some((h) => h.revision === to))
    throw new ConfigurationError(
      settings.revision === undefined
        ? `rollback: release ${settings.release} has no earlier revision that went live (history: ${history.map((h) => `${h.revision} ${h.status}`).join(', ')})`
        : `revision: release ${settings.release} has no revision ${to} (history keeps ${history.map((h) => h.revision).join(', ')})`,
      { key: 'revision', kind: 'invalid' },
    );
  const r = await helmRun(
    s,
    helmRollbackArgs(s.access, settings.release, to, settings.timeoutSeconds),
    (settings.timeoutSeconds + 120) * 1000,
  );
  if (r.code !== 0)
    throw new Error(`helm rollback ${settings.release} ${to}: ${readHelmError(r.stderr).message}`);
  s.runtime.info(`release ${settings.release}: rolling back to revision ${to}`);
  return { revision: await currentRevision(s), image: '' };
}

async function watchAll(
  s: Session,
  deployments: readonly string[],
): Promise<{ state: 'ready'; progress: string }> {
  const { settings } = s;
  const deadline = Date.now() + settings.timeoutSeconds * 1000;
  const progress: string[] = [];
  for (const deployment of deployments) {
    const outcome: WatchOutcome = await watchRollout(s.exec, {
      kubectl: s.kubectl,
      access: s.access,
      release: settings.release,
      deployment,
      timeoutMs: Math.max(1000, deadline - Date.now()),
      ...(s.deps.sleep ? { sleep: s.deps.sleep } : {}),
      progress: (line) => s.runtime.info(`${deployment}: ${line}`),
    });
    if (outcome.state === 'ready') {
      progress.push(deployments.length > 1 ? `${deployment}: ${outcome.progress}` : outcome.progress);
      continue;
    }
    const failed = await currentRevision(s).catch(() => 0);
    const why =
      outcome.state === 'failed'
        ? describeFailure(outcome)
        : `the new pods were not all ready after ${settings.timeoutSeconds} s (health-timeout): ${outcome.progress}`;
    const failures: KubernetesFailure[] =
      outcome.state === 'failed'
        ? outcome.failures.map((f) => ({
            pod: f.pod,
            container: f.container,
            reason: f.reason,
            message: f.message,
            ...(f.exitCode !== undefined ? { exitCode: f.exitCode } : {}),
            lastLines: f.lastLines,
            events: f.events,
          }))
        : [];
    await refuse(s, undefined, failed, why, failures, outcome.progress);
  }
  return { state: 'ready', progress: progress.join('; ') || 'no Deployment' };
}

/** The pods of each Deployment's new ReplicaSet run the digest deployed (a tag moved, a mutating webhook). */
async function checkImages(s: Session, deployments: readonly string[], image: string): Promise<string[]> {
  const { settings } = s;
  const seen: string[] = [];
  let ours = 0;
  for (const name of deployments) {
    const d = readDeployment(
      await kubectlJson(s, kubectlGetArgs(s.access, 'deployment', settings.release, name)),
    );
    const pods = readPods(
      await kubectlJson(s, kubectlGetArgs(s.access, 'pods', settings.release, name, d.matchLabels)),
    );
    for (const pod of newPods(d, pods)) {
      for (const c of pod.containers) {
        seen.push(c.image);
        if (image === '' || repositoryOf(c.image) !== repositoryOf(image)) continue;
        ours++;
        const digest = image.slice(image.indexOf('@') + 1);
        if (!c.imageID.endsWith(digest)) {
          await refuse(
            s,
            undefined,
            await currentRevision(s).catch(() => 0),
            `pod ${pod.name} (${c.name}) runs ${c.imageID || 'no image yet'}, not the digest deployed (${digest})`,
            [],
            '',
          );
        }
      }
    }
  }
  if (image !== '' && ours === 0) {
    await refuse(
      s,
      undefined,
      await currentRevision(s).catch(() => 0),
      `no pod of release ${settings.release} runs ${repositoryOf(image)} (they run ${[...new Set(seen)].join(', ') || 'nothing'}): ${settings.builtIn ? '' : 'give your chart the image, e.g. values: image.repository=${image-repository} and image.digest=${image-digest} (or read berth.image)'}`.replace(
        /: $/,
        '',
      ),
      [],
      '',
    );
  }
  return [...new Set(seen)];
}

/** Puts the release back where it was (the revision live before, or no release for a first install) and refuses. */
async function refuse(
  s: Session,
  knownLive: number | undefined,
  failedRevision: number,
  why: string,
  failures: KubernetesFailure[],
  progress: string,
): Promise<never> {
  const { settings } = s;
  const live = knownLive ?? (await liveBefore(s, failedRevision));
  let undone: string;
  if (settings.action === 'rollback') {
    undone = `release ${settings.release} is at revision ${failedRevision}, which did not come up: check the pods and run rollback with a revision`;
  } else if (live === undefined) {
    const removed = await helmRun(
      s,
      helmUninstallArgs(s.access, settings.release),
      (settings.timeoutSeconds + 60) * 1000,
    );
    undone =
      removed.code === 0
        ? 'the first install was removed (nothing was live before); its evidence is above'
        : `the first install could not be removed: ${readHelmError(removed.stderr).message}`;
  } else {
    undone = await undoTo(s, live);
  }
  s.runtime.info(undone);
  const refusal: Omit<KubernetesRefusal, 'timeline'> = {
    action: settings.action as DeployAction,
    app: settings.app,
    environment: settings.environment,
    namespace: settings.namespace,
    release: settings.release,
    failedRevision,
    imageRef: settings.image,
    why,
    failures,
    undone,
    progress,
  };
  throw new Refusal(`${settings.action} of release ${settings.release} refused: ${why}\n${undone}`, refusal);
}

/** The revision that was live before `failed` (the one a deploy returns to). */
async function liveBefore(s: Session, failed: number): Promise<number | undefined> {
  const history = readHelmHistory((await helmJson(s, helmHistoryArgs(s.access, s.settings.release))) ?? '[]');
  const bad = rolledBackFrom(history);
  return lastGoodRevision(
    history.filter((h) => !bad.has(h.revision)),
    failed || undefined,
  )?.revision;
}

async function undoTo(s: Session, live: number): Promise<string> {
  const { settings } = s;
  const back = await helmRun(
    s,
    helmRollbackArgs(s.access, settings.release, live, settings.timeoutSeconds),
    (settings.timeoutSeconds + 120) * 1000,
  );
  if (back.code !== 0)
    return `rolling back to revision ${live} failed: ${readHelmError(back.stderr).message}; the old pods stay until the new ones are ready (maxUnavailable 0), check the release`;
  // The old ReplicaSet comes back; its pods never went away (maxUnavailable: 0), so this is quick.
  const deployments = await releaseDeployments(s).catch(() => [] as string[]);
  for (const deployment of deployments) {
    const outcome = await watchRollout(s.exec, {
      kubectl: s.kubectl,
      access: s.access,
      release: settings.release,
      deployment,
      timeoutMs: settings.timeoutSeconds * 1000,
      ...(s.deps.sleep ? { sleep: s.deps.sleep } : {}),
      progress: (line) => s.runtime.info(`${deployment} (rolling back): ${line}`),
    });
    if (outcome.state !== 'ready')
      return `rolled back to revision ${live}, but ${deployment} is not ready: ${outcome.progress}`;
  }
  return `rolled back to revision ${live} (now revision ${await currentRevision(s).catch(() => 0)}): the previous version is serving`;
}
