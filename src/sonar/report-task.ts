/**
 * The SonarQube scanners' `report-task.txt`: where it is written (sonar-scanner, Maven, Gradle, .NET),
 * and what it says (server, project, dashboard and compute engine task), as Java properties
 * (`key=value` lines). Parsing is pure; finding walks the working directory, bounded.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../errors.js';

export interface ReportTask {
  ceTaskId: string;
  serverUrl?: string;
  serverVersion?: string;
  projectKey?: string;
  dashboardUrl?: string;
  organization?: string;
}

/** Where each scanner writes it, relative to the directory it ran in. */
export const REPORT_TASK_DIRS = [
  '.scannerwork', // sonar-scanner CLI, and the scanners for npm/Python built on it
  'target/sonar', // sonar-maven-plugin
  'build/sonar', // the Gradle plugin
  '.sonarqube/out/.sonar', // SonarScanner for .NET
] as const;
export const REPORT_TASK_FILE = 'report-task.txt';

/** How deep below the working directory a module's report is looked for (`services/api/build/sonar`). */
const MAX_DEPTH = 4;
const MAX_DIRECTORIES = 20_000;
/** Not walked into: dependencies, caches and build output hold no module (their own reports are still checked). */
const SKIP = new Set([
  'node_modules',
  'vendor',
  'target',
  'build',
  'dist',
  'out',
  'bin',
  'obj',
  '__pycache__',
]);

/**
 * Java properties as java.util.Properties reads them: `key=value`, `key: value` or `key value`;
 * `#`/`!` comments; a trailing backslash continues the line; `\uXXXX`, `\t`, `\n`, `\=` escapes.
 */
export function parseProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] ?? '').replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (endsWithOddBackslashes(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + (lines[++i] ?? '').replace(/^[ \t\f]+/, '');
    }
    let end = 0;
    while (end < line.length && !/[=: \t\f]/.test(line.charAt(end))) end += line.charAt(end) === '\\' ? 2 : 1;
    const key = unescape(line.slice(0, end));
    let rest = line.slice(end).replace(/^[ \t\f]*/, '');
    if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]*/, '');
    properties.set(key, unescape(rest));
  }
  return properties;
}

function endsWithOddBackslashes(line: string): boolean {
  const run = /\\+$/.exec(line)?.[0].length ?? 0;
  return run % 2 === 1;
}

function unescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
    if (c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    return { t: '\t', n: '\n', r: '\r', f: '\f' }[c] ?? c;
  });
}

/** The report's facts; `file` names it in errors. The task id is required (ceTaskId, else ceTaskUrl's id). */
export function parseReportTask(text: string, file: string): ReportTask {
  const p = parseProperties(text);
  const value = (key: string): string | undefined => {
    const v = p.get(key)?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const ceTaskId = value('ceTaskId') ?? taskIdFromUrl(value('ceTaskUrl'));
  if (ceTaskId === undefined) {
    throw new ConfigurationError(
      `report-task-file: ${file} has no ceTaskId (nor a ceTaskUrl with an id); expected the report-task.txt a SonarQube scanner writes after it uploads an analysis (did the upload fail, or is sonar.scanner.skip set?)`,
    );
  }
  const report: ReportTask = { ceTaskId };
  for (const key of ['serverUrl', 'serverVersion', 'projectKey', 'dashboardUrl', 'organization'] as const) {
    const v = value(key);
    if (v !== undefined) report[key] = v;
  }
  return report;
}

function taskIdFromUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).searchParams.get('id') || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The report-task.txt files under `root` (relative POSIX paths, sorted): those in the known folders of
 * `root` itself; if there are none, those in the known folders of its subdirectories, MAX_DEPTH levels
 * down (a monorepo's modules). Hidden directories are not walked into.
 */
export async function findReportTasks(root: string): Promise<string[]> {
  const atRoot = await reportsIn(root, '');
  if (atRoot.length > 0) return atRoot;
  const found: string[] = [];
  let seen = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || ++seen > MAX_DIRECTORIES) return;
    const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!entry.isDirectory() || SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      found.push(...(await reportsIn(root, rel)));
      await walk(rel, depth + 1);
    }
  };
  await walk('', 1);
  return found.sort();
}

async function reportsIn(root: string, dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const layout of REPORT_TASK_DIRS) {
    const rel = `${dir === '' ? '' : `${dir}/`}${layout}/${REPORT_TASK_FILE}`;
    const info = await stat(path.join(root, rel)).catch(() => undefined);
    if (info?.isFile()) found.push(rel);
  }
  return found;
}

/** The error when nothing was found: where berth looked, and what to do. */
export function noReportTaskError(root: string): ConfigurationError {
  const dirs = REPORT_TASK_DIRS.map((d) => `${d}/`);
  return new ConfigurationError(
    `report-task-file: no ${REPORT_TASK_FILE} under ${root}: looked in ${dirs.slice(0, -1).join(', ')} and ${dirs.at(-1) ?? ''}, there and in subdirectories ${MAX_DEPTH} levels down; run the SonarQube scanner before this step in the same job, or give report-task-file or ce-task-id`,
  );
}

export function severalReportTasksError(root: string, found: readonly string[]): ConfigurationError {
  return new ConfigurationError(
    `report-task-file: several ${REPORT_TASK_FILE} under ${root} (${found.join(', ')}); give the one to check as report-task-file (one quality-gate step per project)`,
  );
}
