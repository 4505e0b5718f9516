/**
 * The one required check's verdict — pure. A skipped job counts as passing for GitHub, so a pull request
 * that edits its own config to select nothing would skip every quality job and still merge. The check
 * therefore fails when any job it needs failed or was cancelled, and when a component the pull request's
 * files touch (by the paths of a config the pull request cannot edit: the base branch's) has a quality
 * job here that did not test it.
 */
import type { ComponentConfig } from '../config/schema.js';
import { ConfigurationError } from '../errors.js';
import { matchingPattern } from './match.js';
import { quote } from './select.js';

/** One entry of `toJSON(needs)`: a needed job's result and outputs, as GitHub gives them. */
export interface NeededJob {
  result: string;
  outputs: Record<string, string>;
}
export type Needs = Record<string, NeededJob>;

/** A component the pull request's files touch, and the file and pattern that say so. */
export interface Touch {
  component: string;
  /** Why it counts as touched, in words. */
  reason: string;
}

export type RowVerdict = 'gated' | 'not gated' | 'no quality job' | 'not touched';

export interface ComponentRow {
  component: string;
  /** Why the files touch it; undefined when they do not (or when no files are known: not a PR). */
  touched: string | undefined;
  /** The needed jobs that report this component (their `component` output), with what their test did. */
  jobs: { job: string; tested: string }[];
  verdict: RowVerdict;
}

export interface QualityVerdict {
  passed: boolean;
  /** One line per reason the check fails, in order: jobs that failed, then components not gated. */
  problems: string[];
  /** Every needed job, with its result. */
  needs: { job: string; result: string }[];
  /** Every component a quality job reports or the files touch, in that order. */
  components: ComponentRow[];
}

const FAILED_RESULTS = new Set(['failure', 'cancelled']);

/**
 * Reads the `needs` input: `${{ toJSON(needs) }}` — `{ "<job>": { "result": "...", "outputs": {…} } }`.
 * An empty object is refused: a check that needs nothing proves nothing.
 */
export function parseNeeds(text: string): Needs {
  const expected =
    'expected `${{ toJSON(needs) }}` of a job that needs every quality job: {"<job>": {"result": "success", "outputs": {…}}, …}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigurationError(`needs: not JSON (${quote(text.slice(0, 80))}); ${expected}`, {
      key: 'needs',
      kind: text.trim() === '' ? 'required' : 'invalid',
    });
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.keys(parsed).length === 0
  )
    throw new ConfigurationError(`needs: ${quote(text.slice(0, 80))} names no job; ${expected}`, {
      key: 'needs',
      kind: 'invalid',
    });
  const needs: Needs = {};
  for (const [job, value] of Object.entries(parsed as Record<string, unknown>)) {
    const entry = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    if (typeof entry.result !== 'string')
      throw new ConfigurationError(`needs: job ${quote(job)} has no result; ${expected}`, {
        key: 'needs',
        kind: 'invalid',
      });
    const outputs: Record<string, string> = {};
    if (typeof entry.outputs === 'object' && entry.outputs !== null)
      for (const [name, output] of Object.entries(entry.outputs as Record<string, unknown>))
        if (typeof output === 'string') outputs[name] = output;
    needs[job] = { result: entry.result, outputs };
  }
  return needs;
}

/**
 * The components changed files touch: a component with neither labels nor paths is touched by any
 * change (the plan always selects it); one with paths, when a file matches them; labels play no part
 * (a label can add a component, never excuse one).
 */
export function touchedComponents(
  components: readonly Pick<ComponentConfig, 'name' | 'labels' | 'paths'>[],
  files: readonly string[],
): Touch[] {
  const touched: Touch[] = [];
  for (const c of components) {
    if (c.labels.length === 0 && c.paths.length === 0) {
      touched.push({ component: c.name, reason: 'it has no labels or paths: every change touches it' });
      continue;
    }
    for (const file of files) {
      const pattern = matchingPattern(c.paths, file);
      if (pattern !== undefined) {
        touched.push({ component: c.name, reason: `changed ${quote(file)} (matches ${quote(pattern)})` });
        break;
      }
    }
  }
  return touched;
}

/**
 * The verdict. `touched` is undefined where no pull request decides it (a push, a dispatch): then only
 * the needed jobs' results count. A needed job names the component it gates with its `component`
 * output and whether its test ran with `tested` (the reusable workflow's `jobs.test.result`).
 */
export function qualityVerdict(needs: Needs, touched: readonly Touch[] | undefined): QualityVerdict {
  const problems: string[] = [];
  const jobs = Object.entries(needs);
  for (const [job, { result }] of jobs)
    if (FAILED_RESULTS.has(result)) problems.push(`job ${quote(job)}: ${result}`);

  const reported = new Map<string, { job: string; tested: string }[]>();
  for (const [job, { outputs }] of jobs) {
    const component = outputs.component ?? '';
    if (component === '') continue;
    reported.set(component, [...(reported.get(component) ?? []), { job, tested: outputs.tested ?? '' }]);
  }
  const touchedBy = new Map((touched ?? []).map((t) => [t.component, t.reason]));
  const names = [...new Set([...reported.keys(), ...touchedBy.keys()])];
  const components = names.map((component): ComponentRow => {
    const why = touchedBy.get(component);
    const its = reported.get(component) ?? [];
    const verdict: RowVerdict =
      why === undefined
        ? 'not touched'
        : its.length === 0
          ? 'no quality job'
          : its.some((j) => j.tested === 'success')
            ? 'gated'
            : 'not gated';
    if (verdict === 'not gated') {
      const how = its.map((j) => `${quote(j.job)} test: ${j.tested === '' ? 'did not run' : j.tested}`);
      problems.push(
        `component ${quote(component)}: the pull request's files touch it (${why ?? ''}) but its quality job did not test it (${how.join(', ')})`,
      );
    }
    return { component, touched: why, jobs: its, verdict };
  });
  return {
    passed: problems.length === 0,
    problems,
    needs: jobs.map(([job, { result }]) => ({ job, result })),
    components,
  };
}
