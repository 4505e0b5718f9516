/**
 * The SonarQube seam: the two Web API calls `quality-gate` makes, as an interface the command depends
 * on. The one implementation (./client.ts) speaks HTTP(S); tests serve SonarQube's own response shapes
 * from a loopback server, or hand a fake of this interface to the wait loop (./wait.ts).
 */
import { OutageError } from '../errors.js';

/** A compute engine task's status: queued, running, then one of the three final ones. */
export type TaskStatus = 'PENDING' | 'IN_PROGRESS' | 'SUCCESS' | 'FAILED' | 'CANCELED';

/** What berth reads of GET /api/ce/task's `task`. */
export interface CeTask {
  id: string;
  /** A TaskStatus; kept as the server's text, so an unknown one can be reported as it is. */
  status: string;
  /** Set once the analysis is stored (SUCCESS). */
  analysisId?: string;
  componentKey?: string;
  componentName?: string;
  /** The branch or pull request analysed (absent for the main branch). */
  branch?: string;
  pullRequest?: string;
  /** FAILED: why the server could not process the report. */
  errorMessage?: string;
}

/** The quality gate's verdict; NONE when the project has no gate. */
export type GateStatus = 'OK' | 'WARN' | 'ERROR' | 'NONE';
export const GATE_STATUSES: readonly GateStatus[] = ['OK', 'WARN', 'ERROR', 'NONE'];

/** One condition of GET /api/qualitygates/project_status, as the server sends it. */
export interface GateCondition {
  /** OK, WARN (servers before 7.6) or ERROR. */
  status: string;
  metricKey: string;
  /** LT, GT, EQ or NE: the condition fails when `actualValue <comparator> errorThreshold`. */
  comparator: string;
  errorThreshold?: string;
  /** Servers before 7.6 only. */
  warningThreshold?: string;
  /** Absent when the metric has no value for this analysis. */
  actualValue?: string;
}

export interface ProjectStatus {
  status: GateStatus;
  conditions: GateCondition[];
  /** True when the server skipped conditions (coverage and duplication on fewer than 20 new lines). */
  ignoredConditions: boolean;
}

export interface SonarApi {
  /** The server's base address, without a trailing slash (`https://sonar.example.com/sonarqube`). */
  readonly serverUrl: string;
  /** GET /api/ce/task?id=… ; `timeoutMs` bounds this one request. */
  task(id: string, timeoutMs?: number): Promise<CeTask>;
  /** GET /api/qualitygates/project_status?analysisId=… */
  projectStatus(analysisId: string, timeoutMs?: number): Promise<ProjectStatus>;
}

/**
 * What went wrong talking to SonarQube. `kind` lets callers tell a bad token from a slow server;
 * `transient` ones (a 5xx, a reset connection, an unanswered request) may succeed when tried again.
 * An outage (OutageError, shown without a stack): the message says what to fix and never holds the token.
 */
export class SonarApiError extends OutageError {
  override name = 'SonarApiError';
  constructor(
    message: string,
    readonly kind: 'auth' | 'forbidden' | 'not-found' | 'unreachable' | 'server' | 'timeout' | 'response',
    readonly transient: boolean,
    /** The server's own words (`errors[].msg`), when it sent any. */
    readonly serverMessage = '',
  ) {
    super(message);
  }
}
