/**
 * What a fork's pull_request run hands to the trusted `comment` stage: data, never Markdown. Stage 1
 * (`coverage`, `quality-gate`) writes one JSON document per section — figures, file names, test names,
 * the gate's status — and stage 2 validates it against a strict schema (every key known, every string
 * and list bounded, numbers whole and non-negative) and renders it with berth's own renderers, which
 * escape every name (../report/markdown.ts escapeMarkdown). So a fork can lie about its figures but can
 * post no mention, link, image, HTML or section of its own; and each verdict is berth's reading of the
 * figures (coverage's conditions are recomputed, the SonarQube verdict is one of its four statuses),
 * labelled as reported by the pull request's run. The dashboard address is dropped: it could point
 * anywhere.
 */
import { deltaPoints } from '../coverage/figures.js';
import type { CoverageCondition, CoverageResult } from '../coverage/gate.js';
import type { TestFailure, TestResults } from '../coverage/junit.js';
import { percent, type Counter } from '../coverage/model.js';
import { renderCoverageSummary } from '../report/coverage-summary.js';
import { sectionName } from '../report/pr-comment.js';
import { renderQualityGateNotChecked, renderQualityGateSummary } from '../report/quality-gate-summary.js';
import { renderTestsSection } from '../report/tests-section.js';
import { GATE_STATUSES, type GateCondition, type GateStatus } from '../sonar/api.js';
import type { QualityGateResult } from '../sonar/gate.js';

/** The document's `schema`; a document of any other schema is refused. */
export const COMMENT_DATA_SCHEMA = 'berth-comment-data/1';
/** One document at most, in bytes: far more than a 65,536-character comment needs. */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

const MAX_NAME = 1000; // a path, a test or suite name, a metric key
const MAX_TEXT = 10_000; // a failure message or trace, a reason
const MAX_FILES = 20_000;
const MAX_RANGES = 2_000;
const MAX_FAILURES = 200;
const MAX_CONDITIONS = 50;

/** The note on every section rendered from a pull request run's data. */
export const REPORTED_NOTE =
  "_Reported by the pull request's run (from a fork): berth rendered these figures but could not check them._";

export type CommentSectionData =
  | { kind: 'coverage'; component: string; result: CoverageResult }
  | { kind: 'tests'; component: string; results: TestResults }
  | { kind: 'quality-gate'; component: string; result: QualityGateResult }
  | { kind: 'quality-gate-not-checked'; component: string; reason: string };

export interface CommentDocument {
  schema: typeof COMMENT_DATA_SCHEMA;
  /** The pull request the run was for, as the run saw it (null: unknown); stage 2 checks it against GitHub. */
  pullRequest: number | null;
  section: CommentSectionData;
}

/** The section name a document fills: `<kind>` or `<kind>-<component>`. */
export function sectionOfData(data: CommentSectionData): string {
  const kind = data.kind === 'quality-gate-not-checked' ? 'quality-gate' : data.kind;
  return sectionName(kind, data.component);
}

/** Stage 1: the document as JSON, with only what the renderers use (file line maps dropped). */
export function serializeCommentDocument(pullRequest: number | null, section: CommentSectionData): string {
  const data: CommentSectionData =
    section.kind === 'coverage'
      ? {
          ...section,
          result: {
            ...section.result,
            files: section.result.files
              .slice(0, MAX_FILES)
              .map((f) => ({ path: f.path, summary: f.summary })),
          },
        }
      : section.kind === 'quality-gate'
        ? { ...section, result: withoutDashboard(section.result) }
        : section;
  const document: CommentDocument = { schema: COMMENT_DATA_SCHEMA, pullRequest, section: data };
  return `${JSON.stringify(document)}\n`;
}

function withoutDashboard(r: QualityGateResult): QualityGateResult {
  const rest = { ...r };
  delete rest.dashboardUrl;
  return rest;
}

/** Stage 2: the section's Markdown, rendered by berth from validated data. */
export function renderCommentData(data: CommentSectionData): string {
  const body =
    data.kind === 'coverage'
      ? renderCoverageSummary(data.result)
      : data.kind === 'tests'
        ? `#### Tests\n\n${renderTestsSection(data.results)}`
        : data.kind === 'quality-gate'
          ? renderQualityGateSummary(data.result)
          : renderQualityGateNotChecked(data.reason);
  return `${body.trimEnd()}\n\n${REPORTED_NOTE}`;
}

/** A document that breaks the schema: `at` is where (`section.result.totals.lines.covered`). */
export class CommentDataError extends Error {
  constructor(
    readonly at: string,
    expected: string,
  ) {
    super(`${at}: expected ${expected}`);
    this.name = 'CommentDataError';
  }
}

/** Stage 2: `text` (a document's JSON) validated; throws CommentDataError naming the first bad field. */
export function parseCommentDocument(text: string): CommentDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CommentDataError('(document)', `JSON (${COMMENT_DATA_SCHEMA})`);
  }
  const doc = record(value, '(document)', ['schema', 'pullRequest', 'section'], []);
  if (doc.schema !== COMMENT_DATA_SCHEMA)
    throw new CommentDataError('schema', JSON.stringify(COMMENT_DATA_SCHEMA));
  const pullRequest = doc.pullRequest === null ? null : whole(doc.pullRequest, 'pullRequest', 1);
  return { schema: COMMENT_DATA_SCHEMA, pullRequest, section: sectionData(doc.section, 'section') };
}

function sectionData(value: unknown, at: string): CommentSectionData {
  const kind = (value as { kind?: unknown } | null)?.kind;
  switch (kind) {
    case 'coverage': {
      const r = record(value, at, ['kind', 'component', 'result'], []);
      return {
        kind,
        component: name(r.component, `${at}.component`, true),
        result: coverage(r.result, `${at}.result`),
      };
    }
    case 'tests': {
      const r = record(value, at, ['kind', 'component', 'results'], []);
      return {
        kind,
        component: name(r.component, `${at}.component`, true),
        results: tests(r.results, `${at}.results`),
      };
    }
    case 'quality-gate': {
      const r = record(value, at, ['kind', 'component', 'result'], []);
      return {
        kind,
        component: name(r.component, `${at}.component`, true),
        result: gate(r.result, `${at}.result`),
      };
    }
    case 'quality-gate-not-checked': {
      const r = record(value, at, ['kind', 'component', 'reason'], []);
      return {
        kind,
        component: name(r.component, `${at}.component`, true),
        reason: text(r.reason, `${at}.reason`),
      };
    }
    default:
      throw new CommentDataError(`${at}.kind`, 'coverage, tests, quality-gate or quality-gate-not-checked');
  }
}

function coverage(value: unknown, at: string): CoverageResult {
  const r = record(value, at, ['totals', 'files', 'reports', 'conditions'], ['component', 'base', 'changed']);
  const totals = record(r.totals, `${at}.totals`, ['lines', 'branches', 'functions'], []);
  const result: CoverageResult = {
    totals: {
      lines: counter(totals.lines, `${at}.totals.lines`),
      branches: counterOrNull(totals.branches, `${at}.totals.branches`),
      functions: counterOrNull(totals.functions, `${at}.totals.functions`),
    },
    files: list(r.files, `${at}.files`, MAX_FILES, (f, fat) => {
      const file = record(f, fat, ['path', 'summary'], []);
      const s = record(file.summary, `${fat}.summary`, ['lines', 'branches', 'functions'], []);
      return {
        path: name(file.path, `${fat}.path`),
        summary: {
          lines: counter(s.lines, `${fat}.summary.lines`),
          branches: counterOrNull(s.branches, `${fat}.summary.branches`),
          functions: counterOrNull(s.functions, `${fat}.summary.functions`),
        },
      };
    }),
    reports: list(r.reports, `${at}.reports`, 100, (x, rat) => {
      const report = record(x, rat, ['file', 'format', 'files'], []);
      return {
        file: name(report.file, `${rat}.file`),
        format: name(report.format, `${rat}.format`),
        files: whole(report.files, `${rat}.files`),
      };
    }),
    conditions: list(r.conditions, `${at}.conditions`, 10, (c, cat) => condition(c, cat)),
  };
  if (r.component !== undefined) result.component = name(r.component, `${at}.component`);
  if (r.base !== undefined) {
    const b = record(r.base, `${at}.base`, ['lines', 'branches', 'source'], ['commit', 'component']);
    result.base = {
      lines: counter(b.lines, `${at}.base.lines`),
      branches: counterOrNull(b.branches, `${at}.base.branches`),
      source: name(b.source, `${at}.base.source`),
    };
    if (b.commit !== undefined) {
      if (typeof b.commit !== 'string' || !/^[0-9a-f]{7,64}$/.test(b.commit)) {
        throw new CommentDataError(`${at}.base.commit`, 'a commit id (hexadecimal)');
      }
      result.base.commit = b.commit;
    }
    if (b.component !== undefined) result.base.component = name(b.component, `${at}.base.component`);
  }
  if (r.changed !== undefined) {
    const c = r.changed as Record<string, unknown> | null;
    if (c !== null && typeof c === 'object' && 'reason' in c) {
      result.changed = {
        reason: text(record(c, `${at}.changed`, ['reason'], []).reason, `${at}.changed.reason`),
      };
    } else {
      const ch = record(c, `${at}.changed`, ['counter', 'files', 'uncovered', 'unmeasured'], []);
      result.changed = {
        counter: counter(ch.counter, `${at}.changed.counter`),
        files: list(ch.files, `${at}.changed.files`, MAX_FILES, (f, fat) => {
          const file = record(f, fat, ['path', 'counter'], []);
          return { path: name(file.path, `${fat}.path`), counter: counter(file.counter, `${fat}.counter`) };
        }),
        uncovered: list(ch.uncovered, `${at}.changed.uncovered`, MAX_RANGES, (u, uat) => {
          const range = record(u, uat, ['file', 'start', 'end'], []);
          return {
            file: name(range.file, `${uat}.file`),
            start: whole(range.start, `${uat}.start`, 1),
            end: whole(range.end, `${uat}.end`, 1),
          };
        }),
        unmeasured: list(ch.unmeasured, `${at}.changed.unmeasured`, MAX_FILES, (p, pat) => name(p, pat)),
      };
    }
  }
  return result;
}

const CONDITION_INPUTS: Record<string, string> = {
  'min-line': 'line coverage',
  'min-branch': 'branch coverage',
  'min-changed-lines': 'changed-lines coverage',
  'max-drop': 'line coverage',
};

/** A coverage condition; `passed` is recomputed from its figures, never taken from the document. */
function condition(value: unknown, at: string): CoverageCondition {
  const c = record(value, at, ['input', 'what', 'actual', 'threshold', 'passed'], ['base']);
  const input = c.input;
  if (typeof input !== 'string' || CONDITION_INPUTS[input] === undefined) {
    throw new CommentDataError(`${at}.input`, Object.keys(CONDITION_INPUTS).join(', '));
  }
  const actual = counterOrNull(c.actual, `${at}.actual`);
  const threshold = figure(c.threshold, `${at}.threshold`);
  const what = CONDITION_INPUTS[input] ?? '';
  if (c.base !== undefined) {
    if (input !== 'max-drop') throw new CommentDataError(`${at}.base`, 'no base (only max-drop has one)');
    const base = counter(c.base, `${at}.base`);
    const points = deltaPoints(actual, base);
    return { input, what, actual, threshold, base, passed: points !== null && -points <= threshold + 1e-9 };
  }
  const p = percent(actual);
  return { input, what, actual, threshold, passed: p !== null && p >= threshold };
}

function tests(value: unknown, at: string): TestResults {
  const r = record(
    value,
    at,
    ['tests', 'passed', 'failed', 'errors', 'skipped', 'timeSeconds', 'failures'],
    [],
  );
  return {
    tests: whole(r.tests, `${at}.tests`),
    passed: whole(r.passed, `${at}.passed`),
    failed: whole(r.failed, `${at}.failed`),
    errors: whole(r.errors, `${at}.errors`),
    skipped: whole(r.skipped, `${at}.skipped`),
    timeSeconds: figure(r.timeSeconds, `${at}.timeSeconds`),
    failures: list(r.failures, `${at}.failures`, MAX_FAILURES, (f, fat): TestFailure => {
      const x = record(f, fat, ['suite', 'name', 'kind', 'message', 'trace'], []);
      if (x.kind !== 'failure' && x.kind !== 'error')
        throw new CommentDataError(`${fat}.kind`, 'failure or error');
      return {
        suite: name(x.suite, `${fat}.suite`, true),
        name: name(x.name, `${fat}.name`),
        kind: x.kind,
        message: text(x.message, `${fat}.message`, true),
        trace: text(x.trace, `${fat}.trace`, true),
      };
    }),
  };
}

const CONDITION_STATUSES = ['OK', 'WARN', 'ERROR'];
const COMPARATORS = ['LT', 'GT', 'EQ', 'NE'];

function gate(value: unknown, at: string): QualityGateResult {
  const r = record(
    value,
    at,
    ['status', 'conditions', 'ignoredConditions'],
    ['projectKey', 'branch', 'pullRequest'],
  );
  if (!GATE_STATUSES.includes(r.status as GateStatus)) {
    throw new CommentDataError(`${at}.status`, GATE_STATUSES.join(', '));
  }
  if (typeof r.ignoredConditions !== 'boolean')
    throw new CommentDataError(`${at}.ignoredConditions`, 'true or false');
  const result: QualityGateResult = {
    status: r.status as GateStatus,
    ignoredConditions: r.ignoredConditions,
    conditions: list(r.conditions, `${at}.conditions`, MAX_CONDITIONS, (c, cat): GateCondition => {
      const x = record(
        c,
        cat,
        ['status', 'metricKey', 'comparator'],
        ['errorThreshold', 'warningThreshold', 'actualValue'],
      );
      if (!CONDITION_STATUSES.includes(x.status as string)) {
        throw new CommentDataError(`${cat}.status`, CONDITION_STATUSES.join(', '));
      }
      if (!COMPARATORS.includes(x.comparator as string))
        throw new CommentDataError(`${cat}.comparator`, COMPARATORS.join(', '));
      const out: GateCondition = {
        status: x.status as string,
        metricKey: metricKey(x.metricKey, `${cat}.metricKey`),
        comparator: x.comparator as string,
      };
      for (const key of ['errorThreshold', 'warningThreshold', 'actualValue'] as const) {
        if (x[key] !== undefined) out[key] = name(x[key], `${cat}.${key}`);
      }
      return out;
    }),
  };
  for (const key of ['projectKey', 'branch', 'pullRequest'] as const) {
    if (r[key] !== undefined) result[key] = name(r[key], `${at}.${key}`);
  }
  return result;
}

function metricKey(value: unknown, at: string): string {
  if (typeof value !== 'string' || !/^[a-z][a-z0-9_]{0,99}$/.test(value)) {
    throw new CommentDataError(at, 'a SonarQube metric key (lowercase letters, digits and _)');
  }
  return value;
}

// --- the schema's building blocks ---

function record(
  value: unknown,
  at: string,
  required: readonly string[],
  optional: readonly string[],
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CommentDataError(at, 'an object');
  }
  const r = value as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!required.includes(key) && !optional.includes(key)) {
      throw new CommentDataError(
        `${at}.${key}`,
        `no such key (known: ${[...required, ...optional].join(', ')})`,
      );
    }
  }
  for (const key of required) {
    if (!(key in r)) throw new CommentDataError(`${at}.${key}`, 'a value (required)');
  }
  return r;
}

function list<T>(value: unknown, at: string, max: number, item: (v: unknown, at: string) => T): T[] {
  if (!Array.isArray(value)) throw new CommentDataError(at, 'a list');
  if (value.length > max) throw new CommentDataError(at, `at most ${max} entries`);
  return value.map((v, i) => item(v, `${at}[${i}]`));
}

function whole(value: unknown, at: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new CommentDataError(at, `a whole number ≥ ${min}`);
  }
  return value;
}

function figure(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1e9) {
    throw new CommentDataError(at, 'a number ≥ 0');
  }
  return value;
}

function counter(value: unknown, at: string): Counter {
  const c = record(value, at, ['covered', 'total'], []);
  const covered = whole(c.covered, `${at}.covered`);
  const total = whole(c.total, `${at}.total`);
  if (covered > total) throw new CommentDataError(`${at}.covered`, `at most total (${total})`);
  return { covered, total };
}

function counterOrNull(value: unknown, at: string): Counter | null {
  return value === null ? null : counter(value, at);
}

function name(value: unknown, at: string, emptyAllowed = false): string {
  return text(value, at, emptyAllowed, MAX_NAME);
}

function text(value: unknown, at: string, emptyAllowed = false, max = MAX_TEXT): string {
  if (typeof value !== 'string' || (!emptyAllowed && value === '') || value.length > max) {
    throw new CommentDataError(
      at,
      `a${emptyAllowed ? '' : ' non-empty'} string of at most ${max} characters`,
    );
  }
  return value;
}
