/**
 * Which analysis `quality-gate` checks: `ce-task-id` with `sonar-host-url`, else the report-task.txt the
 * scanner wrote (given, or the one found under `working-directory`), with its server and dashboard.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, errnoCode } from '../errors.js';
import { parseHttpUrl } from '../http/url.js';
import type { InputsOf } from '../inputs.js';
import type { Runtime } from '../runtime/runtime.js';
import {
  findReportTasks,
  noReportTaskError,
  parseReportTask,
  severalReportTasksError,
} from './report-task.js';

/** The analysis to check and the server that has it. */
export interface AnalysisRef {
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

/** `ce-task-id` with `sonar-host-url`, else the report-task.txt given or found under `working-directory`. */
export async function locateAnalysis(
  inputs: Pick<InputsOf<'quality-gate'>, 'ceTaskId' | 'reportTaskFile' | 'sonarHostUrl' | 'workingDirectory'>,
  runtime: Pick<Runtime, 'workspace' | 'info'>,
): Promise<AnalysisRef> {
  if (inputs.ceTaskId !== '') {
    if (inputs.reportTaskFile !== '') {
      throw new ConfigurationError(
        'ce-task-id: give either ce-task-id or report-task-file, not both (the file names the task too)',
        { key: ['ce-task-id', 'report-task-file'], kind: 'unexpected' },
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
      { key: 'report-task-file', kind: 'invalid' },
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
      { key: 'sonar-host-url', kind: 'invalid' },
    );
  }
  runtime.info(
    `${shown}: project ${report.projectKey ?? '(unnamed)'}, task ${report.ceTaskId}, on ${serverUrl.replace(/\/+$/, '')}`,
  );
  const rebased = report.dashboardUrl && rebase(report.dashboardUrl, report.serverUrl, inputs.sonarHostUrl);
  // The link goes into the PR comment: only to the server berth asked (a report naming any host would
  // make it a link anywhere). Another origin: the dashboard address is made from the server's.
  const dashboardUrl = rebased && sameOrigin(rebased, serverUrl) ? rebased : undefined;
  if (rebased && dashboardUrl === undefined) {
    runtime.info(
      `${shown}: its dashboardUrl is not on ${serverUrl.replace(/\/+$/, '')}; the link is made from the server's address instead`,
    );
  }
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

/** Same scheme, host and port (an http(s) URL each). */
function sameOrigin(url: string, server: string): boolean {
  const a = parseHttpUrl(url);
  const b = parseHttpUrl(server);
  return a !== undefined && b !== undefined && a.origin === b.origin;
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
