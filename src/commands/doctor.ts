/**
 * `doctor`: checks a host for what `deploy` needs there and prints a table of what is missing and how to
 * fix it (the checks: src/doctor/). It changes nothing: every check only asks. Fails when a required
 * check fails. The steps: the inputs → for each host (this one, or each SSH server) → its checks → with
 * `github: true`, the repository's settings read through the GitHub API → the log and the summary → the
 * `passed` output, and the failure naming what failed.
 */
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { examineGitHub, type GitHubCheckSettings } from '../doctor/github-checks.js';
import type { GitHubApi } from '../github/api.js';
import { githubFor } from '../github/factory.js';
import { checkBuilder, runnerRoots } from '../doctor/checks.js';
import { examineHost } from '../doctor/examine.js';
import { failedChecks, type DoctorReport } from '../doctor/model.js';
import { resolveDoctorSettings, type DoctorSettings } from '../doctor/settings.js';
import { ConfigurationError } from '../errors.js';
import { createExec, type Exec } from '../exec.js';
import type { Inputs } from '../inputs.js';
import { LocalHost, type Host } from '../remote/host.js';
import { SshHost } from '../remote/ssh.js';
import {
  doctorVerdict,
  githubVerdict,
  renderDoctorSummary,
  renderDoctorText,
  renderGitHubSummary,
} from '../report/doctor-summary.js';
import type { Runtime } from '../runtime/runtime.js';
import { resolveSshTargets } from '../remote/ssh-targets.js';

export interface DoctorDeps {
  exec?: Exec;
  docker?: string;
  /** The GitHub API for `github: true`; default: the run's client. */
  github?: GitHubApi;
}

export async function runDoctor(inputs: Inputs, runtime: Runtime, deps: DoctorDeps = {}): Promise<void> {
  const settings = resolveDoctorSettings(inputs, deps.docker);
  const exec = deps.exec ?? createExec(runtime);
  const targets = resolveSshTargets(inputs);
  const reports: DoctorReport[] = [];
  for (const target of targets.length > 0 ? targets : [undefined]) {
    const host: Host = target
      ? await SshHost.open(exec, runtime, target)
      : new LocalHost(exec, runtime.tempDir, homedir());
    try {
      const report = await examine(host, settings, exec, runtime);
      reports.push(report);
      runtime.info(`berth doctor: ${report.host}: ${doctorVerdict(report)}\n${renderDoctorText(report)}`);
    } finally {
      await host.close();
    }
  }
  const github = inputs.github
    ? await examineGitHub(deps.github ?? githubFor(runtime, inputs), await githubSettings(inputs, runtime))
    : undefined;
  if (github)
    runtime.info(`berth doctor: ${github.host}: ${githubVerdict(github)}\n${renderDoctorText(github)}`);
  const failed = [...reports, ...(github ? [github] : [])].flatMap((r) =>
    failedChecks(r).map((c) => `${c.check} (${r.host})`),
  );
  runtime.setOutput('passed', String(failed.length === 0));
  await runtime.appendSummary(
    [...reports.map(renderDoctorSummary), ...(github ? [renderGitHubSummary(github)] : [])].join('\n'),
  );
  if (failed.length > 0) {
    throw new DoctorError(
      `berth doctor: ${failed.length} required check${failed.length === 1 ? '' : 's'} failed: ${failed.join(', ')}. The table says how to fix each.`,
    );
  }
}

/** What the GitHub rows check: the config's environments and their branches (else the `environment` input). */
async function githubSettings(inputs: Inputs, runtime: Runtime): Promise<GitHubCheckSettings> {
  const file = path.resolve(runtime.workspace, inputs.config);
  const exists = await stat(file).then(
    () => true,
    () => false,
  );
  const environments = exists
    ? (await loadConfig(file, inputs.config)).environments.map((e) => ({
        name: e.name,
        branches: e.branches,
      }))
    : inputs.environment === ''
      ? []
      : [{ name: inputs.environment, branches: [] }];
  return { repository: runtime.getContext('repository'), environments, qualityCheck: inputs.qualityCheck };
}

/** One host's checks; the runner's own (BuildKit, the runner's version) only where berth runs. */
function examine(host: Host, settings: DoctorSettings, exec: Exec, runtime: Runtime): Promise<DoctorReport> {
  return examineHost(host, settings, {
    // The runner builds the images (build), not the server: BuildKit is checked where berth runs.
    builder: host.remote ? undefined : () => checkBuilder(exec, settings.docker, runtime.tempDir),
    runnerRoots: host.remote ? undefined : runnerRoots(process.execPath, homedir()),
  });
}

/** A host that is not ready: the user's to fix, like a failed gate. */
export class DoctorError extends ConfigurationError {
  override name = 'DoctorError';
}
