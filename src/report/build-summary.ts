import type { BuildResult } from '../build/result.js';
import { escapeMarkdown, renderTable } from './markdown.js';

/** The step summary of `build`. */
export function renderBuildSummary(result: BuildResult): string {
  const headline = result.skipped
    ? 'already in the registry, build skipped'
    : result.digest === ''
      ? 'built, not pushed'
      : 'built and pushed';
  const rows: string[][] = [
    ['Image', result.image],
    ['Tags', result.tags.map((t) => t.slice(t.lastIndexOf(':') + 1)).join(', ')],
    ['Digest', result.digest || '(not pushed)'],
    ['Reference for deploy', result.digest ? `${result.image}@${result.digest}` : '(none)'],
    ['Builder', result.builder],
    ['Registry provider', result.provider],
    ['Time', `${(result.durationMs / 1000).toFixed(1)} s`],
  ];
  return [
    `### berth build: ${escapeMarkdown(result.image)} ${headline}`,
    '',
    renderTable(['', ''], rows),
    '',
  ].join('\n');
}
