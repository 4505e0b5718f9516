import { selectedComponents, type Plan } from '../plan/planner.js';
import { escapeMarkdown, renderTable } from './markdown.js';

/** The step summary of `plan`: the headline decision and every component with its rule. */
export function renderPlanSummary(plan: Plan): string {
  const selected = selectedComponents(plan);
  const headline = plan.deploy
    ? `Deploy ${selected.length} component${selected.length === 1 ? '' : 's'} to **${escapeMarkdown(plan.environment?.name ?? '')}**`
    : selected.length > 0
      ? `Quality checks for ${selected.length} component${selected.length === 1 ? '' : 's'}, no deploy`
      : 'Nothing to do';
  const lines = [
    `### berth plan: ${headline}`,
    '',
    `**Trigger:** ${escapeMarkdown(plan.trigger)}  `,
    `**Decision:** ${escapeMarkdown(plan.note)}`,
    '',
  ];
  if (plan.decisions.length > 0) {
    const rows = plan.decisions.map((d) => [d.component, d.selected ? 'yes' : 'no', d.reason]);
    lines.push(renderTable(['Component', 'Selected', 'Why'], rows), '');
  }
  if (selected.length > 0) lines.push(`**Runner:** ${escapeMarkdown(plan.runner.join(', '))}`, '');
  return lines.join('\n');
}
