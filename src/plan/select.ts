/**
 * Which components a change selects, and why — pure. Labels decide when the pull request carries any
 * component label; otherwise changed files decide; a component with neither labels nor paths is always in.
 */
import type { ComponentConfig as FullComponentConfig } from '../config/schema.js';
import { matchingPattern } from './match.js';

/** What selection looks at: a component's name, labels and paths. */
type ComponentConfig = Pick<FullComponentConfig, 'name' | 'labels' | 'paths'>;

export interface ComponentDecision {
  component: string;
  selected: boolean;
  /** One line for the summary table: the rule that included or excluded the component. */
  reason: string;
}

export interface ChangeFacts {
  /** Labels of the pull request behind the change, and which PR that is; undefined when there is none. */
  pullRequest?: { number: number; labels: readonly string[] };
  /** Changed paths; undefined when they could not be known (a new branch, no API). */
  files?: readonly string[];
}

const MAX_LISTED_LABELS = 5;

/** Untrusted names (labels, paths) appear quoted and escaped, so a newline or quote in one stays visible as data. */
export const quote = (text: string): string => JSON.stringify(text);

/** Finds, for a component, the PR label (as written on the PR) that selects it. */
function componentLabelFinder(prLabels: readonly string[]): (c: ComponentConfig) => string | undefined {
  const byLowerCase = new Map(prLabels.map((l) => [l.toLowerCase(), l]));
  return (c) => c.labels.map((l) => byLowerCase.get(l.toLowerCase())).find((l) => l !== undefined);
}

/** True when the PR carries a component label, so labels alone decide and changed files are not needed. */
export function labelsDecide(components: readonly ComponentConfig[], prLabels: readonly string[]): boolean {
  const labelOf = componentLabelFinder(prLabels);
  return components.some((c) => labelOf(c) !== undefined);
}

export function selectComponents(
  components: readonly ComponentConfig[],
  facts: ChangeFacts,
): ComponentDecision[] {
  const prLabels = facts.pullRequest?.labels ?? [];
  const labelOf = componentLabelFinder(prLabels);
  const decidedByLabels = components.some((c) => labelOf(c) !== undefined);
  const pr = facts.pullRequest ? `PR #${facts.pullRequest.number}` : 'no pull request';

  return components.map((c): ComponentDecision => {
    const decide = (selected: boolean, reason: string): ComponentDecision => ({
      component: c.name,
      selected,
      reason,
    });
    if (c.labels.length === 0 && c.paths.length === 0)
      return decide(true, 'always: it has no labels or paths');

    if (decidedByLabels) {
      const label = labelOf(c);
      if (label !== undefined) return decide(true, `label ${quote(label)} on ${pr}`);
      const carried = `labels decide: ${pr} carries ${listLabels(prLabels, components)}`;
      return decide(
        false,
        c.labels.length === 0 ? `${carried}; it has no labels` : `${carried}, not ${describeLabels(c)}`,
      );
    }

    if (facts.files === undefined) {
      return decide(false, `no component label on ${pr} and the changed files are unknown`);
    }
    if (c.paths.length === 0) {
      return decide(
        false,
        `no component label on ${pr} (${describeLabels(c)} selects it) and it has no paths`,
      );
    }
    for (const file of facts.files) {
      const pattern = matchingPattern(c.paths, file);
      if (pattern !== undefined) {
        const others = facts.files.filter(
          (f) => f !== file && matchingPattern(c.paths, f) !== undefined,
        ).length;
        const more = others > 0 ? ` and ${others} more` : '';
        return decide(true, `changed ${quote(file)}${more} (matches ${quote(pattern)})`);
      }
    }
    const count = facts.files.length;
    return decide(
      false,
      `none of ${count} changed file${count === 1 ? '' : 's'} matches ${c.paths.map(quote).join(', ')}`,
    );
  });
}

function describeLabels(c: ComponentConfig): string {
  if (c.labels.length === 0) return 'no label';
  return c.labels.map(quote).join(' or ');
}

/** The PR's component labels, as the summary shows them. */
function listLabels(prLabels: readonly string[], components: readonly ComponentConfig[]): string {
  const known = new Set(components.flatMap((c) => c.labels.map((l) => l.toLowerCase())));
  const relevant = prLabels.filter((l) => known.has(l.toLowerCase()));
  const shown = relevant.slice(0, MAX_LISTED_LABELS).map(quote);
  if (relevant.length > MAX_LISTED_LABELS) shown.push(`${relevant.length - MAX_LISTED_LABELS} more`);
  return shown.join(', ');
}
