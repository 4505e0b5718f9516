/**
 * `quality-gate`: find the analysis the SonarQube scanner uploaded (its report-task.txt, or
 * `ce-task-id`), wait for the server to process it, read the quality gate, and report it: outputs, the
 * step summary, the `quality-gate` section of the PR comment, and a failed step when the gate fails.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readCaInput } from '../http/tls.js';
import { parseHttpUrl } from '../http/url.js';
import { ConfigurationError, errnoCode, isBerthError, VerdictError } from '../errors.js';
import { writeSectionFiles } from '../github/comment-files.js';
import { lazyGitHubFor } from '../github/factory.js';
import { readPullRequest, writeCommentSections } from '../github/pull-request-comment.js';
import type { InputsOf } from '../inputs.js';
import { sectionName } from '../report/pr-comment.js';
import {
  describeCondition,
  renderQualityGateNotChecked,
  renderQualityGateSummary,
} from '../report/quality-gate-summary.js';
import { gateOutcome, type QualityGateResult } from '../sonar/gate.js';
import { sleep } from '../retry.js';
import type { Runtime } from '../runtime/runtime.js';
import { SonarApiError, type CeTask, type SonarApi } from '../sonar/api.js';
import { authSchemeFor, createSonarApi } from '../sonar/client.js';
import {
  findReportTasks,
  noReportTaskError,
  parseReportTask,
  severalReportTasksError,
} from '../sonar/report-task.js';
import { resolveSonarSettings, SONAR_ENV, type SonarSettings } from '../sonar/settings.js';
import { Deadline, pollDelayMs, readProjectStatus, waitForTask, type WaitTiming } from '../sonar/wait.js';

const REAL_TIMING: WaitTiming = { now: () => Date.now(), sleep, pollDelayMs };

export async function runQualityGate(
  given: InputsOf<'quality-gate'>,
  runtime: Runtime,
  timing: WaitTiming = REAL_TIMING,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<void> {
  // sonar-token, sonar-host-url and sonar-ca-cert, else SONAR_TOKEN, SONAR_HOST_URL and SONAR_ROOT_CERT.
  const settings = resolveSonarSettings(given, env);
  if (settings.from.token === 'env') runtime.setSecret(settings.sonarToken);
  logSources(settings, runtime);
  const inputs: InputsOf<'quality-gate'> = { ...given, ...settings };
  const token = requireToken(inputs);
  const analysis = await locateAnalysis(inputs, runtime);
  const sonar = createSonarApi({
    serverUrl: analysis.serverUrl,
    ...(analysis.serverUrlFrom ? { serverUrlFrom: analysis.serverUrlFrom } : {}),
    token,
    authScheme: authSchemeFor(analysis.serverUrl, analysis.serverVersion),
    ...(inputs.sonarCaCert
      ? {
          ca: await readCaInput(inputs.sonarCaCert, {
            input: 'sonar-ca-cert',
            workspace: runtime.workspace,
            ...(settings.from.caCert === 'env' ? { fromEnv: SONAR_ENV.caCert } : {}),
          }),
        }
      : {}),
    debug: (message) => runtime.debug(message),
  });
  const pr = await readPullRequest(runtime);
  const github = lazyGitHubFor(runtime, inputs);
  const publish = async (markdown: string): Promise<void> => {
    await runtime.appendSummary(markdown);
    if (pr) {
      const sections = [[sectionName('quality-gate', inputs.component), markdown]] as const;
      await writeSectionFiles(runtime, sections);
      await writeCommentSections(inputs, runtime, pr, github, sections);
    }
  };

  let result: QualityGateResult;
  try {
    result = await waitForGate(sonar, analysis, inputs, runtime, timing);
  } catch (error) {
    // The gate could not be read: say so where the last verdict was, rather than leave that one standing.
    if (isBerthError(error)) {
      await publish(renderQualityGateNotChecked(error.message, analysis.dashboardUrl));
    }
    throw error;
  }
  runtime.setOutput('quality-gate-status', gateOutcome(result.status));
  runtime.setOutput('dashboard-url', result.dashboardUrl ?? '');
  await publish(renderQualityGateSummary(result));
  judge(result, inputs.failOnWarn, runtime);
}

/** The analysis to check and the server that has it. */
interface AnalysisRef {
  taskId: string;
  /** Where the task id came from: `ce-task-id`, or the report file (workspace-relative). */
  origin: string;
  serverUrl: string;
  /** The report file (workspace-relative) when serverUrl is its, for messages. */
  serverUrlFrom?: string;
  serverVersion?: string;
  projectKey?: string;
  dashboardUrl?: string;
}

/** Which settings came from the environment (names only; the token's value never). */
function logSources(settings: SonarSettings, runtime: Runtime): void {
  const fromEnv = [
    settings.from.token === 'env' ? `sonar-token from ${SONAR_ENV.token}` : '',
    settings.from.hostUrl === 'env'
      ? `sonar-host-url from ${SONAR_ENV.hostUrl} (${settings.sonarHostUrl})`
      : '',
    settings.from.caCert === 'env' ? `sonar-ca-cert from ${SONAR_ENV.caCert}` : '',
  ].filter((s) => s !== '');
  if (fromEnv.length > 0) runtime.info(`${fromEnv.join(', ')}: the input is not set`);
}

function requireToken(inputs: InputsOf<'quality-gate'>): string {
  if (inputs.sonarToken === '') {
    throw new ConfigurationError(
      `sonar-token: required by quality-gate: a SonarQube token whose user may browse the project (a user token or the project analysis token), from a secret: \`sonar-token: \${{ secrets.SONAR_TOKEN }}\`, or the ${SONAR_ENV.token} environment variable (as SonarSource's scanners and actions read it)`,
      { key: 'sonar-token', kind: 'required' },
    );
  }
  return inputs.sonarToken;
}

/** `ce-task-id` with `sonar-host-url`, else the report-task.txt given or found under `working-directory`. */
async function locateAnalysis(inputs: InputsOf<'quality-gate'>, runtime: Runtime): Promise<AnalysisRef> {
  if (inputs.ceTaskId !== '') {
    if (inputs.reportTaskFile !== '') {
      throw new ConfigurationError(
        'ce-task-id: give either ce-task-id or report-task-file, not both (the file names the task too)',
      );
    }
    if (inputs.sonarHostUrl === '') {
      throw new ConfigurationError(
        'sonar-host-url: required with ce-task-id: the SonarQube server the scanner uploaded to, e.g. https://sonar.example.com',
        { key: 'sonar-host-url', kind: 'required' },
      );
    }
    return { taskId: inputs.ceTaskId, origin: 'ce-task-id', serverUrl: inputs.sonarHostUrl };
  }
  const dir = path.resolve(runtime.workspace, inputs.workingDirectory);
  const file =
    inputs.reportTaskFile !== '' ? path.resolve(dir, inputs.reportTaskFile) : await findReportTask(dir);
  const shown = displayPath(runtime.workspace, file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT' && errnoCode(error) !== 'EISDIR') throw error;
    throw new ConfigurationError(
      `report-task-file: ${shown} does not exist; run the SonarQube scanner before this step in the same job, or fix the path (relative to working-directory)`,
    );
  }
  const report = parseReportTask(text, shown);
  const serverUrl = inputs.sonarHostUrl || report.serverUrl;
  if (serverUrl === undefined) {
    throw new ConfigurationError(`sonar-host-url: required: ${shown} names no serverUrl`, {
      key: 'sonar-host-url',
      kind: 'required',
    });
  }
  if (parseHttpUrl(serverUrl) === undefined) {
    throw new ConfigurationError(
      `sonar-host-url: the serverUrl in ${shown} is ${JSON.stringify(serverUrl)}, not an http(s) address; set sonar-host-url`,
    );
  }
  runtime.info(
    `${shown}: project ${report.projectKey ?? '(unnamed)'}, task ${report.ceTaskId}, on ${serverUrl.replace(/\/+$/, '')}`,
  );
  const dashboardUrl =
    report.dashboardUrl && rebase(report.dashboardUrl, report.serverUrl, inputs.sonarHostUrl);
  return {
    taskId: report.ceTaskId,
    origin: shown,
    serverUrl,
    ...(inputs.sonarHostUrl === '' ? { serverUrlFrom: shown } : {}),
    ...(report.serverVersion ? { serverVersion: report.serverVersion } : {}),
    ...(report.projectKey ? { projectKey: report.projectKey } : {}),
    ...(dashboardUrl ? { dashboardUrl } : {}),
  };
}

async function findReportTask(dir: string): Promise<string> {
  const found = await findReportTasks(dir);
  if (found.length === 0) throw noReportTaskError(dir);
  if (found.length > 1) throw severalReportTasksError(dir, found);
  return path.join(dir, found[0] ?? '');
}

/** Wait for the task, then read its gate: one deadline (`timeout`) for both. */
async function waitForGate(
  sonar: SonarApi,
  analysis: AnalysisRef,
  inputs: InputsOf<'quality-gate'>,
  runtime: Runtime,
  timing: WaitTiming,
): Promise<QualityGateResult> {
  const deadline = new Deadline(inputs.timeoutSeconds * 1000, timing.now);
  const onRetry = (error: Error, delayMs: number): void =>
    runtime.info(`${error.message}; asking again in ${(delayMs / 1000).toFixed(1)} s`);
  const task = await waitForTask(sonar, analysis.taskId, {
    ...timing,
    deadline,
    onStatus: (t) => runtime.info(`SonarQube task ${t.id}: ${t.status}`),
    onRetry,
  }).catch((error: unknown) => {
    throw error instanceof SonarApiError && error.kind === 'not-found'
      ? unknownTask(analysis, sonar, error)
      : error;
  });
  const gate = await readProjectStatus(sonar, task.analysisId ?? '', { ...timing, deadline, onRetry });
  const dashboardUrl = analysis.dashboardUrl ?? dashboardOf(sonar.serverUrl, task);
  const projectKey = analysis.projectKey ?? task.componentKey;
  return {
    ...gate,
    ...(projectKey ? { projectKey } : {}),
    ...(task.branch ? { branch: task.branch } : {}),
    ...(task.pullRequest ? { pullRequest: task.pullRequest } : {}),
    ...(dashboardUrl ? { dashboardUrl } : {}),
  };
}

/** A 404 for the task: the id (or its report) and the server do not belong together. */
function unknownTask(analysis: AnalysisRef, sonar: SonarApi, error: SonarApiError): ConfigurationError {
  const said = error.serverMessage ? `404: ${error.serverMessage}` : '404';
  return new ConfigurationError(
    analysis.origin === 'ce-task-id'
      ? `ce-task-id: SonarQube at ${sonar.serverUrl} has no task ${analysis.taskId} (${said}); is sonar-host-url the server the scanner uploaded to?`
      : `report-task-file: ${analysis.origin} names task ${analysis.taskId}, which SonarQube at ${sonar.serverUrl} does not have (${said}); is the file left over from another server or an old run, or is sonar-host-url another server than the scanner's?`,
  );
}

/** FAILED (ERROR) fails the step; WARN fails it with fail-on-warn; NONE passes with a warning. */
function judge(result: QualityGateResult, failOnWarn: boolean, runtime: Runtime): void {
  const project = result.projectKey ? ` of ${result.projectKey}` : '';
  const lines = (status: string): string =>
    result.conditions
      .filter((c) => c.status === status)
      .map((c) => `\n- ${describeCondition(c)}`)
      .join('');
  const link = result.dashboardUrl ? `\n${result.dashboardUrl}` : '';
  switch (result.status) {
    case 'ERROR':
      throw new QualityGateFailedError(
        `the SonarQube quality gate${project} FAILED:${lines('ERROR')}${link}`,
      );
    case 'WARN':
      if (failOnWarn) {
        throw new QualityGateFailedError(
          `the SonarQube quality gate${project} is WARN, and fail-on-warn is true:${lines('WARN')}${link}`,
        );
      }
      runtime.warning(`the SonarQube quality gate${project} is WARN:${lines('WARN')}`);
      return;
    case 'NONE':
      runtime.warning(
        `SonarQube has no quality gate for the project${project ? ` ${result.projectKey}` : ''}, so nothing was checked; assign one in SonarQube (Project Settings → Quality Gate)`,
      );
      return;
    case 'OK':
      runtime.info(`the SonarQube quality gate${project} PASSED`);
  }
}

/** A failed gate: a verdict for the user, not a bug. */
export class QualityGateFailedError extends VerdictError {
  override name = 'QualityGateFailedError';
}

/** The project's page for the analysed branch or pull request. */
function dashboardOf(serverUrl: string, task: CeTask): string | undefined {
  if (!task.componentKey) return undefined;
  const query = new URLSearchParams({ id: task.componentKey });
  if (task.pullRequest) query.set('pullRequest', task.pullRequest);
  else if (task.branch) query.set('branch', task.branch);
  return `${serverUrl}/dashboard?${query.toString()}`;
}

/** The report's dashboard address on sonar-host-url, when that replaces the report's serverUrl. */
function rebase(url: string, from: string | undefined, to: string): string {
  if (to === '' || from === undefined) return url;
  const base = from.replace(/\/+$/, '');
  return url.startsWith(`${base}/`) ? `${to}${url.slice(base.length)}` : url;
}

function displayPath(workspace: string, file: string): string {
  const rel = path.relative(workspace, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}
