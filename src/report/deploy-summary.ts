import type { DeployResult } from '../deploy/model.js';
import { escapeMarkdown, renderTable } from './markdown.js';

/** The step summary of `deploy`/`rollback`: what is live now, what was before, and the timeline. */
export function renderDeploySummary(r: DeployResult): string {
  const verb = r.action === 'deploy' ? 'deployed' : 'rolled back';
  return [
    `### berth ${r.action}: ${escapeMarkdown(r.app)} ${verb} to **${escapeMarkdown(r.environment)}**${r.color ? ` (${r.color})` : ''}${r.remote ? ` on ${escapeMarkdown(r.host)}` : ''}`,
    '',
    renderTable(
      ['', ''],
      [
        ['Live image', r.imageRef],
        ['Previous image', r.previousImageRef || '(none)'],
        ...(r.url ? [['Upstream', r.url]] : []),
        ['Total', `${(r.durationMs / 1000).toFixed(1)} s`],
      ],
    ),
    '',
    renderTable(
      ['Step', 'Time'],
      r.timeline.map((s) => [s.name, `${(s.ms / 1000).toFixed(2)} s`]),
    ),
    '',
  ].join('\n');
}
