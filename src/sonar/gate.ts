/** What the quality gate said, as berth reports it: the gate's status and conditions, and its outcome's words. */
import type { GateCondition, GateStatus } from './api.js';

export interface QualityGateResult {
  status: GateStatus;
  conditions: readonly GateCondition[];
  /** SonarQube skipped conditions (coverage and duplication when fewer than 20 lines are new). */
  ignoredConditions: boolean;
  projectKey?: string;
  branch?: string;
  pullRequest?: string;
  dashboardUrl?: string;
}

/**
 * The gate's verdict in the words users see (the `quality-gate-status` output, the summary, the log):
 * SonarSource's sonarqube-quality-gate-action's `PASSED`, `WARN` and `FAILED`, so a step's
 * `if: steps.gate.outputs.quality-gate-status == 'PASSED'` copied from its README means the same here.
 * SonarQube's own values (OK, ERROR) stay in berth's model of its API. A project without a gate is
 * `NONE`: SonarSource's action says `FAILED` and fails the step, berth passes it with a warning, and an
 * output of `FAILED` on a step that passed would contradict the step.
 */
export type GateOutcome = 'PASSED' | 'WARN' | 'FAILED' | 'NONE';

const OUTCOME: Record<GateStatus, GateOutcome> = {
  OK: 'PASSED',
  WARN: 'WARN',
  ERROR: 'FAILED',
  NONE: 'NONE',
};

export function gateOutcome(status: GateStatus): GateOutcome {
  return OUTCOME[status];
}
