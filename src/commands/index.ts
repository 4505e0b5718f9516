import { readInputs, type CommandName, type Inputs } from '../inputs.js';
import { applyConfigInputs } from '../config/step-inputs.js';
import { createExec } from '../exec.js';
import { recordedSshTarget } from '../remote/ssh-targets.js';
import { cleanupRemoteTempDirs, cleanupSshDirs, SshHost } from '../remote/ssh.js';
import type { Runtime } from '../runtime/runtime.js';
import { cleanupBuild, runBuild } from './build.js';
import { releaseLockAfterRun } from '../deploy/lock.js';
import { runDeploy, runRollback } from './deploy.js';
import { runPlan } from './plan.js';

export const COMMAND_HANDLERS: Record<CommandName, (inputs: Inputs, runtime: Runtime) => Promise<void>> = {
  plan: runPlan,
  build: (inputs, runtime) => runBuild(inputs, runtime),
  deploy: (inputs, runtime) => runDeploy(inputs, runtime),
  rollback: (inputs, runtime) => runRollback(inputs, runtime),
  // Loaded only when asked: the parsers (and their XML reader) are no part of plan's start-up.
  coverage: async (inputs, runtime) => (await import('./coverage.js')).runCoverage(inputs, runtime),
  // Likewise the SonarQube client and the gate's renderer.
  'quality-gate': async (inputs, runtime) =>
    (await import('./quality-gate.js')).runQualityGate(inputs, runtime),
  // Stage 2 of the fork-safe PR comment, run alone in a workflow_run workflow.
  comment: async (inputs, runtime) => (await import('./comment.js')).runComment(inputs, runtime),
  // The one required check, run last in a workflow: no part of the other commands' start-up.
  'quality-check': async (inputs, runtime) =>
    (await import('./quality-check.js')).runQualityCheck(inputs, runtime),
  // A host check run by hand or before a first deploy: no part of the other commands' start-up.
  doctor: async (inputs, runtime) => (await import('./doctor.js')).runDoctor(inputs, runtime),
  // Run by hand or on a schedule: no part of the deploy's start-up.
  status: async (inputs, runtime) => (await import('./status.js')).runStatus(inputs, runtime),
};

/**
 * The post step: releases what main steps took (credentials, locks), even after a failure or cancel.
 * Each release is tried whatever became of the others (a server that cannot be reached must not keep
 * the runner's key), and the servers come first: they are reached with the step's SSH inputs.
 */
export async function runPost(runtime: Runtime): Promise<void> {
  const attempt = async (what: string, release: () => Promise<void>): Promise<void> => {
    try {
      await release();
    } catch (error) {
      runtime.warning(`post step: ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await attempt("removing build's docker config", () => cleanupBuild(runtime));
  const inputs = await readInputsIfValid(runtime);
  const exec = createExec(runtime);
  // A cancelled main step left its temporary directory on a server (the registry login, env files).
  if (runtime.getState('remote-temp-dirs') !== '') {
    await attempt("removing the servers' temporary directories", async () => {
      await cleanupRemoteTempDirs(
        runtime,
        async (label) => {
          const target = recordedSshTarget(inputs, label);
          return target && (await SshHost.open(exec, runtime, target));
        },
        runtime,
      );
    });
  }
  await attempt('releasing the deploy lock', () => releaseLockAfterRun(inputs, runtime));
  // A cancelled or killed main step left its SSH directories (the private key) and masters.
  await attempt('removing the SSH directories', async () => {
    for (const dir of await cleanupSshDirs(exec, runtime)) {
      runtime.info(`removed ${dir}, the SSH key and connection a stopped run left behind`);
    }
  });
  // Loaded only when a main step wrote a kubeconfig: the YAML reader is no part of the other posts.
  if (runtime.getState('kube-dirs') !== '') {
    await attempt('removing the kubeconfigs', async () => {
      const { cleanupKubeconfigs } = await import('../kubernetes/kubeconfig.js');
      for (const dir of await cleanupKubeconfigs(runtime))
        runtime.info(`removed ${dir}, the kubeconfig a run left behind`);
    });
  }
  runtime.debug('berth post step: cleaned up');
}

/** The post step reconnects to an SSH host with the step's inputs; they were checked by the main step. */
async function readInputsIfValid(runtime: Runtime): Promise<Inputs | undefined> {
  try {
    // With the config's inputs too: an `ssh-host` from the environment's `with` is where the lock is.
    return await applyConfigInputs(readInputs(runtime), runtime);
  } catch {
    return undefined;
  }
}
