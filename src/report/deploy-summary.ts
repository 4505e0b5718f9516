import { NAME } from '../config/schema.js';
import type { DeployAction, DeployResult } from '../deploy/model.js';
import { parseHttpUrl } from '../http/url.js';
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

/** What the summary says about the run around a deploy: where to see it, what it was, how to undo it. */
export interface DeployRunFacts {
  action: DeployAction;
  /** The config's component ('' when the step names none: then no rollback line). */
  component: string;
  environment: string;
  /** The app's public address ('' when unknown). */
  environmentUrl: string;
  /** GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_ACTOR ('' when unknown). */
  serverUrl: string;
  repository: string;
  sha: string;
  actor: string;
  /** The run's pull request, when it has one. */
  pullRequest?: number;
  /** What was live before (`image@digest`, a revision); '' when nothing was or it is unknown. */
  previous: string;
}

const SHA = /^[0-9a-f]{7,64}$/i;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
/** What an image reference or revision may hold to appear in a command line as it is. */
const COMMAND_SAFE = /^[A-Za-z0-9._/:@-]{1,300}$/;

/** An http(s) address as a link target: parsed by the URL rule, parentheses encoded; '' for anything else. */
function href(url: string): string {
  const parsed = url === '' ? undefined : parseHttpUrl(url);
  if (parsed === undefined || parsed.username !== '' || parsed.password !== '') return '';
  return parsed.href.replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
}

/**
 * The lines under a deploy's summary: the public URL, the commit (linked), the pull request, who
 * triggered it, the previous version and the exact rollback (the reusable berth-rollback workflow). Pure;
 * every value escaped, every link checked.
 */
export function renderDeployRunFacts(f: DeployRunFacts): string {
  const rows: string[] = [];
  const site = href(f.environmentUrl);
  if (site !== '') rows.push(`- **URL**: [${escapeMarkdown(f.environmentUrl)}](${site})`);
  if (SHA.test(f.sha)) {
    const server = href(f.serverUrl);
    const short = f.sha.slice(0, 7).toLowerCase();
    rows.push(
      server !== '' && REPOSITORY.test(f.repository)
        ? `- **Commit**: [\`${short}\`](${server.replace(/\/+$/, '')}/${f.repository}/commit/${f.sha.toLowerCase()})`
        : `- **Commit**: \`${short}\``,
    );
  }
  if (f.pullRequest !== undefined && Number.isSafeInteger(f.pullRequest) && f.pullRequest > 0) {
    const server = href(f.serverUrl);
    rows.push(
      server !== '' && REPOSITORY.test(f.repository)
        ? `- **Pull request**: [#${f.pullRequest}](${server.replace(/\/+$/, '')}/${f.repository}/pull/${f.pullRequest})`
        : `- **Pull request**: ${escapeMarkdown(`#${f.pullRequest}`)}`,
    );
  }
  if (f.actor !== '') rows.push(`- **Triggered by**: ${escapeMarkdown(f.actor)}`);
  const previous =
    f.previous === ''
      ? '(none)'
      : COMMAND_SAFE.test(f.previous)
        ? `\`${f.previous}\``
        : escapeMarkdown(f.previous);
  rows.push(`- **Previous version**: ${previous}`);
  const lines = rows.length === 0 ? [] : [...rows, ''];
  if (NAME.test(f.component) && NAME.test(f.environment)) {
    const image = f.previous.includes('@') && COMMAND_SAFE.test(f.previous) ? ` -f image=${f.previous}` : '';
    const what = f.action === 'deploy' ? 'To undo this deploy' : 'To undo this rollback';
    lines.push(
      `${what}, run the berth rollback workflow:`,
      '',
      '```sh',
      `gh workflow run berth-rollback.yml -f environment=${f.environment} -f component=${f.component}${image}`,
      '```',
      '',
    );
  }
  return lines.join('\n');
}
