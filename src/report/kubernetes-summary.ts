import type { KubernetesDeployReport, KubernetesRefusal } from '../deploy/model.js';
import { escapeMarkdown, renderTable } from './markdown.js';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function timelineTable(steps: KubernetesDeployReport['timeline']): string {
  return renderTable(
    ['Step', 'Time'],
    steps.map((s) => [s.name, `${(s.ms / 1000).toFixed(2)} s`]),
  );
}

/** A fenced block that no line of `text` can close (logs may hold backticks). */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${text}\n${fence}`;
}

/** `Helm release shop`, or `manifests release shop` for plain manifests. */
const releaseWord = (r: { release: string; manifests?: unknown }): string =>
  `${r.manifests ? 'manifests' : 'Helm'} release ${escapeMarkdown(r.release)}`;

const notes = (list: readonly string[] | undefined): string[] =>
  (list ?? []).flatMap((n) => [`> ${escapeMarkdown(n)}`, '']);

/** The step summary of a Kubernetes `deploy`/`rollback`: the release now live, what it replaced, the timeline. */
export function renderKubernetesSummary(r: KubernetesDeployReport): string {
  const verb = r.action === 'deploy' ? 'deployed' : 'rolled back';
  return [
    `### berth ${r.action}: ${escapeMarkdown(r.app)} ${verb} to **${escapeMarkdown(r.environment)}** (${releaseWord(r)}, revision ${r.revision})`,
    '',
    ...(r.recovered ? [`> ${escapeMarkdown(r.recovered)}`, ''] : []),
    ...notes(r.manifests?.notes),
    renderTable(
      ['', ''],
      [
        ['Live image', r.imageRef || '(unknown)'],
        [
          'Previous',
          r.previousRevision === undefined
            ? '(first install)'
            : `revision ${r.previousRevision}${r.previousImageRef ? `, ${r.previousImageRef}` : ''}`,
        ],
        ['Namespace', r.namespace],
        ['Rollout', r.progress],
        ...(r.manifests ? [['Applied', r.manifests.objects.join(', ')]] : []),
        ...(r.url ? [['Address', r.url]] : []),
        ['Total', seconds(r.durationMs)],
      ],
    ),
    '',
    timelineTable(r.timeline),
    '',
  ].join('\n');
}

/** The step summary of a refused rollout: each failing pod's reason, exit code, last log lines and warnings. */
export function renderKubernetesRefusal(r: KubernetesRefusal): string {
  const pods = r.failures.map((f) => {
    const code = f.exitCode === undefined ? '' : `, exit code ${f.exitCode}`;
    return [
      `**${escapeMarkdown(f.pod)}**${f.container ? ` (${escapeMarkdown(f.container)})` : ''}: ${escapeMarkdown(f.reason)}${code}${f.message ? ` — ${escapeMarkdown(f.message)}` : ''}`,
      ...(f.lastLines.trim() !== '' ? ['', 'Last log lines:', '', fenced(f.lastLines.trimEnd())] : []),
      ...(f.events.length > 0 ? ['', 'Warnings:', '', ...f.events.map((e) => `- ${escapeMarkdown(e)}`)] : []),
      '',
    ].join('\n');
  });
  return [
    `### berth ${r.action}: ${escapeMarkdown(r.app)} to **${escapeMarkdown(r.environment)}** refused (${releaseWord(r)}${r.failedRevision ? `, revision ${r.failedRevision}` : ''})`,
    '',
    escapeMarkdown(r.why),
    '',
    ...notes(r.manifests?.notes),
    ...pods,
    renderTable(
      ['', ''],
      [
        ['Image', r.imageRef || '(unchanged)'],
        ['Namespace', r.namespace],
        ['Rollout', r.progress],
        ['Now', r.undone],
      ],
    ),
    '',
    timelineTable(r.timeline),
    '',
  ].join('\n');
}
