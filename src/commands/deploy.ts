/**
 * `deploy` and `rollback`: the environment's protection checked on GitHub (refused when any branch could
 * deploy to it) → resolve the strategy's plan from the inputs → for each host (this one, or
 * servers over SSH, one at a time), under that host's deploy lock → the strategy → the attempt recorded
 * on the host → the outputs and summary. The first failing host stops the run; hosts after it keep their
 * old version. A bucket deploy runs once, with no host of berth's. With `notify-webhook`, one message
 * says how it ended (deployed, rolled back, or failed and in which step); a message that cannot be
 * delivered is a warning, and a failed deploy still fails the step once the message was tried.
 */
import { createExec, type Exec } from '../exec.js';
import { secretValues, type Inputs } from '../inputs.js';
import { deployRunId, onEachHost } from '../deploy/each-host.js';
import { underDeployLock } from '../deploy/lock.js';
import type { DeployAction } from '../deploy/model.js';
import { recordAttempt, stateDirFor } from '../deploy/state.js';
import { STRATEGIES } from '../deploy/strategies.js';
import type { DeployDeps, DeployPlan, OnHosts, Placed } from '../deploy/strategy.js';
import { checkEnvironmentProtection } from '../deploy/protection.js';
import { deploymentLogUrl, startDeploymentRecord } from '../deploy/github-deployment.js';
import { failedStepOf, timeline } from '../deploy/timeline.js';
import { commitTime } from '../deploy/commit-time.js';
import { readMetricsSettings, type MetricsSettings } from '../metrics/settings.js';
import { pullRequestNumber, readPullRequestEvent } from '../github/event.js';
import { lazyGitHubFor } from '../github/factory.js';
import { deployOutcome, redactOutcome, type DeployFacts } from '../notify/message.js';
import { readNotifySettings, sendNotification, type NotifySettings } from '../notify/send.js';
import type { OutputName } from '../action-spec.js';
import type { Host } from '../remote/host.js';
import { renderDeployRunFacts, type DeployRunFacts } from '../report/deploy-summary.js';
import type { Runtime } from '../runtime/runtime.js';

export function runDeploy(inputs: Inputs, runtime: Runtime, deps: DeployDeps = {}): Promise<void> {
  return deploy('deploy', inputs, runtime, deps);
}

export function runRollback(inputs: Inputs, runtime: Runtime, deps: DeployDeps = {}): Promise<void> {
  return deploy('rollback', inputs, runtime, deps);
}

async function deploy(
  action: DeployAction,
  inputs: Inputs,
  runtime: Runtime,
  deps: DeployDeps,
): Promise<void> {
  // Checked before anything changes: a mistyped webhook is a mistake, not a warning after the deploy.
  const notify = readNotifySettings(inputs);
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const github = deps.github ?? lazyGitHubFor(runtime, inputs);
  // Outside GitHub Actions no job `environment:` records the deploy: berth records it in Deployments.
  const record = await startDeploymentRecord(
    {
      action,
      environment: inputs.environment,
      component: inputs.component,
      app: inputs.app || inputs.component,
      image: inputs.image,
      sha: runtime.getContext('sha'),
      logUrl: deploymentLogUrl(runtime),
    },
    inputs,
    runtime,
    github,
  );
  let outputs: Partial<Record<OutputName, string>>;
  try {
    outputs = await deployAll(action, inputs, runtime, { ...deps, github });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await record?.finish({ state: 'failure', step: failedStepOf(error), message });
    if (notify) {
      const failure = { message, step: failedStepOf(error) };
      await notifyEnd(
        notify,
        { ...facts(action, inputs, runtime, {}, startedAt, now()), failure },
        inputs,
        runtime,
        deps,
      );
    }
    throw error;
  }
  await record?.finish({
    state: 'success',
    imageRef: outputs['image-ref'] ?? '',
    environmentUrl: inputs.environmentUrl,
  });
  if (notify)
    await notifyEnd(notify, facts(action, inputs, runtime, outputs, startedAt, now()), inputs, runtime, deps);
}

/** The deploy itself: protection → plan → each host (or once) → outputs and summary; returns the outputs. */
async function deployAll(
  action: DeployAction,
  inputs: Inputs,
  runtime: Runtime,
  deps: DeployDeps,
): Promise<Partial<Record<OutputName, string>>> {
  const metrics = readMetricsSettings(inputs);
  await checkEnvironmentProtection(action, inputs, runtime, deps.github ?? lazyGitHubFor(runtime, inputs));
  const strategy = await STRATEGIES[inputs.strategy]();
  const plan: DeployPlan<Placed> = await strategy.plan(action, inputs, runtime, deps);
  const exec = deps.exec ?? createExec(runtime);
  // One id for the whole run: every host's lock and history name the same run.
  const runId = deployRunId(runtime);
  if (plan.where === 'once' && metrics) {
    runtime.warning(
      `metrics-textfile-dir / metrics-pushgateway: deploy metrics come from a host's history, and strategy ${inputs.strategy}${inputs.strategy === 'static' ? ' to s3' : ''} keeps none on a host of yours; none written`,
    );
  }
  const committedAt =
    plan.where === 'hosts' ? await commitTime(exec, runtime, runtime.getContext('sha')) : '';
  const results =
    plan.where === 'once'
      ? [await plan.run()]
      : await onEachHost(
          inputs,
          runtime,
          exec,
          (host) => onHost(action, plan, host, runtime, exec, runId, committedAt, metrics),
          (done) => runtime.appendSummary(done.map((r) => plan.summary(r)).join('\n')),
        );
  const outputs = plan.outputs(results);
  for (const [name, value] of Object.entries(outputs)) runtime.setOutput(name, value);
  runtime.setOutput('environment-url', inputs.environmentUrl);
  outputs['environment-url'] = inputs.environmentUrl;
  const summary = renderDeployRunFacts(await runFacts(action, inputs, runtime, outputs));
  await runtime.appendSummary([...results.map((r) => plan.summary(r)), summary].join('\n'));
  return outputs;
}

function facts(
  action: DeployAction,
  inputs: Inputs,
  runtime: Runtime,
  outputs: Partial<Record<OutputName, string>>,
  startedAt: number,
  finishedAt: number,
): DeployFacts {
  return {
    action,
    app: inputs.app || inputs.component,
    environment: inputs.environment,
    component: inputs.component,
    image: inputs.image,
    outputs,
    startedAt,
    finishedAt,
    serverUrl: runtime.getContext('server-url'),
    repository: runtime.getContext('repository'),
    runId: runtime.getContext('run-id'),
    commit: runtime.getContext('sha'),
  };
}

/** The end's message, every secret input's value kept out of it; never throws. */
async function notifyEnd(
  settings: NotifySettings,
  f: DeployFacts,
  inputs: Inputs,
  runtime: Runtime,
  deps: DeployDeps,
): Promise<void> {
  await sendNotification(settings, redactOutcome(deployOutcome(f), secretValues(inputs)), runtime, {
    ...(deps.notifyRetry ? { retry: deps.notifyRetry } : {}),
  });
}

/** The run around the deploy, for the summary: the public URL, commit, pull request, actor, previous version. */
async function runFacts(
  action: DeployAction,
  inputs: Inputs,
  runtime: Runtime,
  outputs: Record<string, string>,
): Promise<DeployRunFacts> {
  // The deploy is live by now: an unreadable event file costs the summary its PR line, not the step.
  let pullRequest: number | undefined;
  try {
    const event = await readPullRequestEvent(runtime);
    pullRequest = event === undefined ? undefined : pullRequestNumber(event);
  } catch (error) {
    runtime.warning(
      `The event file could not be read for the summary's pull request: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const revision = outputs['previous-revision'] ?? '';
  return {
    action,
    component: inputs.component,
    environment: inputs.environment,
    environmentUrl: inputs.environmentUrl,
    serverUrl: runtime.getContext('server-url'),
    repository: runtime.getContext('repository'),
    sha: runtime.getContext('sha'),
    actor: runtime.getContext('actor'),
    ...(pullRequest === undefined ? {} : { pullRequest }),
    previous: outputs['previous-image-ref'] || (revision === '' ? '' : `revision ${revision}`),
  };
}

/** One host: the lock (waited for, as the timeline's first step) → the strategy, its attempt recorded. */
function onHost<R>(
  action: DeployAction,
  plan: OnHosts<R>,
  host: Host,
  runtime: Runtime,
  exec: Exec,
  runId: string,
  committedAt: string,
  metrics: MetricsSettings | undefined,
): Promise<R> {
  const startedAt = Date.now();
  const { steps, step } = timeline();
  const commit = runtime.getContext('sha');
  const actor = runtime.getContext('actor');
  const stateDir = stateDirFor(plan.stateRoot || host.defaultStateRoot(), plan.app, plan.environment);
  const lock = {
    host,
    dir: `${stateDir}/lock`,
    runId,
    commit,
    actor,
    timeoutSeconds: plan.lockTimeoutSeconds,
  };
  const attempt = underDeployLock(lock, runtime, step, () =>
    recordAttempt({ host, stateDir, action, runId, commit, actor, startedAt, committedAt }, (attempt) =>
      plan.run({
        host,
        stateDir,
        attempt,
        exec,
        runId,
        commit,
        startedAt,
        step,
        timeline: steps,
      }),
    ),
  );
  if (!metrics) return attempt;
  // Written after every attempt, refused ones too (the history decides); a failure there is a warning.
  // Loaded only here: the renderer and the Pushgateway's client are no part of a deploy without metrics.
  const publish = async (): Promise<void> =>
    (await import('../metrics/publish.js')).publishDeployMetrics(
      host,
      stateDir,
      { app: plan.app, environment: plan.environment },
      metrics,
      runtime,
    );
  return attempt.finally(publish);
}
