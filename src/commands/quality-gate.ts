/**
 * `quality-gate`: find the analysis the SonarQube scanner uploaded (its report-task.txt, or
 * `ce-task-id`), wait for the server to process it, read the quality gate, and report it: outputs, the
 * step summary, the `quality-gate` section of the PR comment, and a failed step when the gate fails.
 */
import { readCaInput } from '../http/tls.js';
import { ConfigurationError, isBerthError, VerdictError } from '../errors.js';
import { writeSectionFiles } from '../github/comment-files.js';
import type { CommentSectionData } from '../github/comment-data.js';
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
import { authSchemeFor, createSonarApi } from '../sonar/client.js';
import { resolveSonarSettings, SONAR_ENV, type SonarSettings } from '../sonar/settings.js';
import { locateAnalysis } from '../sonar/analysis.js';
import { pollDelayMs, waitForGate, type WaitTiming } from '../sonar/wait.js';

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
  const publish = async (markdown: string, data: CommentSectionData): Promise<void> => {
    await runtime.appendSummary(markdown);
    if (pr) {
      const sections = [[sectionName('quality-gate', inputs.component), markdown]] as const;
      await writeSectionFiles(runtime, pr.number ?? null, [data]);
      await writeCommentSections(inputs, runtime, pr, github, sections);
    }
  };

  let result: QualityGateResult;
  try {
    result = await waitForGate(sonar, analysis, inputs.timeoutSeconds, runtime, timing);
  } catch (error) {
    // The gate could not be read: say so where the last verdict was, rather than leave that one standing.
    if (isBerthError(error)) {
      await publish(renderQualityGateNotChecked(error.message, analysis.dashboardUrl), {
        kind: 'quality-gate-not-checked',
        component: inputs.component,
        reason: error.message,
      });
    }
    throw error;
  }
  runtime.setOutput('quality-gate-status', gateOutcome(result.status));
  runtime.setOutput('dashboard-url', result.dashboardUrl ?? '');
  await publish(renderQualityGateSummary(result), {
    kind: 'quality-gate',
    component: inputs.component,
    result,
  });
  judge(result, inputs.failOnWarn, runtime);
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
