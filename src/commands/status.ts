/**
 * `status`: what is live on each host of an environment and what was deployed there, from the host's
 * own records (`state.json`, `history.jsonl`) and, for containers, what Docker says of the live one.
 * It changes nothing and takes no lock: a deploy running meanwhile shows as its last finished attempt.
 * The steps: the inputs → for each host (this one, or each `ssh-host` in turn) → its records and the
 * live container → the log's table, the summary and the outputs (`status` JSON, `image-ref`).
 */
import { homedir } from 'node:os';
import { buildInspectArgs, containerName, parseInspect, type ContainerState } from '../docker/run-args.js';
import { deployNames } from '../deploy/names.js';
import { stateDirFor } from '../deploy/state.js';
import { readRecords, type EnvironmentStatus, type HostStatus } from '../deploy/status.js';
import { ConfigurationError } from '../errors.js';
import { createExec, lastLines, type Exec } from '../exec.js';
import type { Inputs } from '../inputs.js';
import { LocalHost, type Host } from '../remote/host.js';
import { resolveSshTargets } from '../remote/ssh-targets.js';
import { SshHost } from '../remote/ssh.js';
import { commonImage, renderStatusSummary, renderStatusText, statusJson } from '../report/status-summary.js';
import type { Runtime } from '../runtime/runtime.js';

export interface StatusDeps {
  exec?: Exec;
  /** The docker client on the hosts (tests pin one). */
  docker?: string;
}

export async function runStatus(inputs: Inputs, runtime: Runtime, deps: StatusDeps = {}): Promise<void> {
  if (inputs.strategy === 'kubernetes') {
    throw new ConfigurationError(
      'strategy: status reads the records berth keeps on your hosts (blue-green, recreate, static to nginx-dir); a kubernetes release keeps its own: `helm history <release> -n <namespace>` and `kubectl rollout history`',
      { key: 'strategy', kind: 'invalid' },
    );
  }
  if (inputs.strategy === 'static' && inputs.staticTarget === 's3') {
    throw new ConfigurationError(
      'static-target: status reads the records berth keeps on your hosts; a static deploy to s3 has no host of yours (the bucket holds the release): use static-target nginx-dir, or the bucket and its CloudFront distribution',
      { key: 'static-target', kind: 'invalid' },
    );
  }
  const { app, environment } = deployNames(inputs, 'the containers and records');
  const exec = deps.exec ?? createExec(runtime);
  const docker = deps.docker ?? 'docker';
  const targets = resolveSshTargets(inputs);
  const hosts: HostStatus[] = [];
  for (const target of targets.length > 0 ? targets : [undefined]) {
    const host: Host = target
      ? await SshHost.open(exec, runtime, target)
      : new LocalHost(exec, runtime.tempDir, homedir());
    try {
      hosts.push(await hostStatus(host, app, environment, inputs, docker));
    } finally {
      await host.close();
    }
  }
  const env: EnvironmentStatus = { app, environment, hosts };
  runtime.info(`berth status:\n${renderStatusText(env)}`);
  if (hosts.every((h) => h.live === null && h.deploys === 0)) {
    runtime.warning(
      `berth status: no host has records of ${app}-${environment} (looked in ${[...new Set(hosts.map((h) => h.stateDir))].join(', ')}). If it was deployed, check app, environment and state-dir: they must be the deploy's.`,
    );
  }
  runtime.setOutput('status', JSON.stringify(statusJson(env)));
  runtime.setOutput('image-ref', commonImage(env));
  await runtime.appendSummary(renderStatusSummary(env));
}

/** One host: its records, and (containers) what Docker says of the live container. */
async function hostStatus(
  host: Host,
  app: string,
  environment: string,
  inputs: Inputs,
  docker: string,
): Promise<HostStatus> {
  const stateDir = stateDirFor(inputs.stateDir || host.defaultStateRoot(), app, environment);
  const {
    history,
    deploys,
    skippedLines,
    live: records,
  } = await readRecords(host, stateDir, inputs.historyCount);
  const container =
    records !== null && records.strategy !== ''
      ? await containerStatus(
          host,
          docker,
          containerName(app, environment, records.color === '' ? undefined : records.color),
          records.imageRef,
        )
      : null;
  return {
    host: host.label,
    stateDir,
    live: records === null ? null : { ...records, container },
    history,
    deploys,
    skippedLines,
  };
}

/** The live container in a few words: `running`, `running, unhealthy`, `exited (code 1)`, `missing`. */
async function containerStatus(host: Host, docker: string, name: string, imageRef: string): Promise<string> {
  const result = await host.exec([docker, ...buildInspectArgs(name)], { quiet: true });
  if (result.code !== 0) {
    if (/no such (object|container)/i.test(result.stderr)) return `missing (no container ${name})`;
    return `unknown (docker inspect ${name}: ${lastLines(result.stderr, 1)})`;
  }
  return describeContainer(parseInspect(result.stdout), imageRef);
}

/** Docker's view of a container in a few words, and whether it runs the recorded image. Pure. */
export function describeContainer(state: ContainerState, imageRef: string): string {
  const health = state.health === 'none' ? '' : `, ${state.health}`;
  const other =
    state.imageRef !== '' && imageRef !== '' && state.imageRef !== imageRef
      ? `, but runs ${state.imageRef}`
      : '';
  if (state.status === 'running') return `running${health}${other}`;
  if (state.status === 'restarting') return `restarting (exit code ${state.exitCode})${other}`;
  if (state.status === 'exited') return `exited (code ${state.exitCode})${other}`;
  return `${state.status}${other}`;
}
