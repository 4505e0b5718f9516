import type { StaticDeployReport } from '../deploy/model.js';
import { escapeMarkdown, renderTable } from './markdown.js';

/** Lists longer than this are cut, with a count of the rest (a summary is capped at 1 MiB). */
export const MAX_LISTED = 50;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

/** The step summary of a static deploy: what changed, what was deleted or kept, the invalidation. */
export function renderStaticSummary(r: StaticDeployReport): string {
  const verb = r.action === 'deploy' ? 'deployed' : 'rolled back';
  const on = r.remote ? ` on ${escapeMarkdown(r.host)}` : '';
  const facts: string[][] = [];
  if (r.target === 'nginx-dir') {
    facts.push(['Live release', r.live ? `releases/${r.live}` : '(none)']);
    facts.push(['Previous release', r.previous ? `releases/${r.previous}` : '(none)']);
  }
  if (r.action === 'deploy') {
    facts.push([
      r.target === 's3' ? 'Uploaded' : 'Copied',
      `${r.uploaded.length} files, ${formatBytes(r.bytesUploaded)}`,
    ]);
    if (r.target === 's3') {
      facts.push(['Unchanged (not uploaded)', String(r.unchanged)]);
      facts.push(['Deleted', String(r.deleted.length)]);
      if (r.kept.length > 0) facts.push(['Removed, kept for keep-previous', String(r.kept.length)]);
    }
  }
  if (r.invalidation) {
    facts.push([
      'CloudFront invalidation',
      `${r.invalidation.id} (${r.invalidation.paths.length} paths${r.invalidation.completed ? ', completed' : ''})`,
    ]);
  }
  if (r.removedReleases && r.removedReleases.length > 0) {
    facts.push(['Old releases removed', r.removedReleases.join(', ')]);
  }
  facts.push(['Total', `${(r.durationMs / 1000).toFixed(1)} s`]);

  const sections = [
    `### berth ${r.action}: ${escapeMarkdown(r.app)} ${verb} to **${escapeMarkdown(r.environment)}** (${escapeMarkdown(r.where)})${on}`,
    '',
    renderTable(['', ''], facts),
    '',
  ];
  if (r.target === 's3' && r.uploaded.length > 0) {
    sections.push(
      `<details><summary>Uploaded files (${r.uploaded.length})</summary>`,
      '',
      renderTable(
        ['File', 'Size', 'Cache-Control'],
        r.uploaded.slice(0, MAX_LISTED).map((f) => [f.path, formatBytes(f.size), f.cacheControl]),
      ),
      ...more(r.uploaded.length),
      '',
      '</details>',
      '',
    );
  }
  if (r.deleted.length > 0 || r.kept.length > 0) {
    const rows = [...r.deleted.map((p) => [p, 'deleted']), ...r.kept.map((p) => [p, 'kept (keep-previous)'])];
    sections.push(
      `<details><summary>No longer in the build (${rows.length})</summary>`,
      '',
      renderTable(['File', ''], rows.slice(0, MAX_LISTED)),
      ...more(rows.length),
      '',
      '</details>',
      '',
    );
  }
  if (r.invalidation && r.invalidation.paths.length > 0) {
    sections.push(
      `Invalidated: ${r.invalidation.paths
        .slice(0, MAX_LISTED)
        .map((p) => `\`${p.replace(/`/g, '')}\``)
        .join(
          ', ',
        )}${r.invalidation.paths.length > MAX_LISTED ? ` and ${r.invalidation.paths.length - MAX_LISTED} more` : ''}`,
      '',
    );
  }
  sections.push(
    renderTable(
      ['Step', 'Time'],
      r.timeline.map((s) => [s.name, `${(s.ms / 1000).toFixed(2)} s`]),
    ),
    '',
  );
  return sections.join('\n');
}

function more(total: number): string[] {
  return total > MAX_LISTED ? ['', `… and ${total - MAX_LISTED} more`] : [];
}
