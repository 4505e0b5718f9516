/**
 * The message a deploy's notification carries, one builder per format, from one outcome model. Pure:
 * no I/O, no clock. Untrusted text (the error's lines, names, the image) is escaped for its target —
 * Slack's mrkdwn control characters, Discord's markdown — and mentions are neutralised (`@everyone`,
 * `@here`, `<@…>`, `<!channel>`), so a log line can neither ping a channel nor fake a link.
 */
import type { DeployAction } from '../deploy/model.js';

export type NotifyFormat = 'slack' | 'discord' | 'json';
export type NotifyResult = 'deployed' | 'rolled back' | 'failed';

/** What happened, as the message says it; '' for what is not known (no URL, no failed step). */
export interface DeployOutcome {
  action: DeployAction;
  result: NotifyResult;
  app: string;
  environment: string;
  component: string;
  /** The image reference (or what the deploy was given), '' when none (a static site). */
  version: string;
  durationMs: number;
  /** The public address, '' when there is none (a loopback colour, a cluster-internal Service). */
  url: string;
  /** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`, '' outside a run. */
  runUrl: string;
  repository: string;
  commit: string;
  /** The timeline step that failed ('' on success, or when the failure came before any step). */
  failedStep: string;
  /** The error's last lines, bounded (empty on success). */
  lastLines: string[];
  /** When the deploy ended (ISO 8601). */
  finishedAt: string;
}

/** How many of the error's lines a message carries, and how long each may be. */
export const LAST_LINES = 10;
export const LINE_CHARS = 200;

/** `auto`: Slack and Discord by their webhook hosts, anything else berth's JSON. */
export function detectFormat(url: URL): NotifyFormat {
  const host = url.hostname.toLowerCase();
  if (host === 'hooks.slack.com') return 'slack';
  if (
    ['discord.com', 'discordapp.com', 'canary.discord.com', 'ptb.discord.com'].includes(host) &&
    url.pathname.startsWith('/api/webhooks/')
  )
    return 'discord';
  return 'json';
}

/** The last `count` non-empty lines of an error's message, each at most LINE_CHARS long. */
export function lastLogLines(text: string, count = LAST_LINES): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-count)
    .map((l) => (l.length > LINE_CHARS ? `${l.slice(0, LINE_CHARS - 1)}…` : l));
}

/** A link is only given when it is http(s); anything else is not a link. */
function httpLink(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '';
}

/**
 * A public address, or '' for one that nobody outside reaches: loopback, a cluster's `.svc` name, a
 * directory on a host.
 */
export function publicUrl(url: string): string {
  if (!/^https?:\/\//i.test(url)) return '';
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]') return '';
  if (/^127\./.test(host) || host === '0.0.0.0') return '';
  if (host.endsWith('.svc') || host.endsWith('.svc.cluster.local') || host.endsWith('.internal')) return '';
  return url;
}

/** Mentions made inert with a zero-width space: the text reads the same, and pings nobody. */
function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here|channel)\b/gi, '@\u200b$1').replace(/<([@#!])/g, '<\u200b$1');
}

/** Slack mrkdwn: `&`, `<`, `>` as entities (which also breaks `<!channel>` and `<@U…>`). */
export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(everyone|here|channel)\b/gi, '@\u200b$1');
}

/** Discord markdown: its markup characters backslashed, mentions neutralised. */
export function escapeDiscord(text: string): string {
  return neutraliseMentions(text.replace(/[\\*_~`|>#[\]()<-]/g, (c) => `\\${c}`));
}

/** Text inside a code block: backticks cannot close it early. */
const inCode = (text: string): string => text.replace(/`/g, "'");

function title(o: DeployOutcome): string {
  const what = o.component && o.component !== o.app ? `${o.app} (${o.component})` : o.app;
  if (o.result === 'failed')
    return `${o.action === 'rollback' ? 'Rollback' : 'Deploy'} of ${what} to ${o.environment} failed`;
  return `${what} ${o.result} to ${o.environment}`;
}

/** `42 s`, `3 min 5 s`. */
export function describeDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The name/value pairs every format shows, in order ('' values left out). */
function facts(o: DeployOutcome): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['App', o.app],
    ['Environment', o.environment],
    ['Component', o.component === o.app ? '' : o.component],
    ['Version', o.version],
    ['Result', o.result],
    ['Duration', describeDuration(o.durationMs)],
    ['Commit', o.commit.slice(0, 12)],
  ];
  return rows.filter(([, v]) => v !== '');
}

const SLACK_COLOR_EMOJI: Record<NotifyResult, string> = {
  deployed: ':white_check_mark:',
  'rolled back': ':leftwards_arrow_with_hook:',
  failed: ':x:',
};

/** Slack's `<url|label>`: the URL's control characters escaped, a `|` encoded so it cannot end it. */
const slackLink = (url: string, label: string): string =>
  `<${escapeSlack(url).replace(/\|/g, '%7C')}|${escapeSlack(label)}>`;

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** A Slack incoming webhook's body: `text` (the notification's fallback) and Block Kit `blocks`. */
export function slackMessage(o: DeployOutcome): SlackMessage {
  const head = `${SLACK_COLOR_EMOJI[o.result]} *${escapeSlack(title(o))}*`;
  const blocks: Array<Record<string, unknown>> = [
    { type: 'section', text: { type: 'mrkdwn', text: head } },
    {
      type: 'section',
      // Slack takes at most 10 fields in a section.
      fields: facts(o)
        .slice(0, 10)
        .map(([name, value]) => ({ type: 'mrkdwn', text: `*${name}*\n${escapeSlack(value)}` })),
    },
  ];
  if (o.result === 'failed') {
    const lines =
      o.lastLines.length === 0 ? '' : `\n\`\`\`${escapeSlack(inCode(o.lastLines.join('\n')))}\`\`\``;
    const step = o.failedStep === '' ? 'before any step' : `in step *${escapeSlack(o.failedStep)}*`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `Failed ${step}${lines}` } });
  }
  const links = [
    httpLink(o.url) ? slackLink(o.url, o.url) : '',
    httpLink(o.runUrl) ? slackLink(o.runUrl, 'the run') : '',
  ].filter((l) => l !== '');
  if (links.length > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: links.join(' · ') }] });
  }
  return { text: escapeSlack(title(o)), blocks };
}

const DISCORD_COLOR: Record<NotifyResult, number> = {
  deployed: 0x2ea043,
  'rolled back': 0xbf8700,
  failed: 0xd1242f,
};

export interface DiscordEmbed {
  title: string;
  description: string;
  color: number;
  fields: Array<{ name: string; value: string; inline: boolean }>;
  url?: string;
  timestamp: string;
}

export interface DiscordMessage {
  embeds: DiscordEmbed[];
  allowed_mentions: { parse: never[] };
}

/** A Discord webhook's body: one embed, and `allowed_mentions` that lets nothing ping. */
export function discordMessage(o: DeployOutcome): DiscordMessage {
  const description: string[] = [];
  if (o.result === 'failed') {
    description.push(
      o.failedStep === '' ? 'Failed before any step.' : `Failed in step **${escapeDiscord(o.failedStep)}**.`,
    );
    // In a code block Discord renders no markdown and no mentions; neutralised all the same.
    if (o.lastLines.length > 0)
      description.push(`\`\`\`\n${neutraliseMentions(inCode(o.lastLines.join('\n')))}\n\`\`\``);
  }
  if (httpLink(o.url)) description.push(`Address: ${o.url}`);
  const embed: DiscordEmbed = {
    // Discord's limits: a title of 256 characters, a field's value of 1024.
    title: escapeDiscord(title(o)).slice(0, 256),
    description: description.join('\n'),
    color: DISCORD_COLOR[o.result],
    fields: facts(o).map(([name, value]) => ({
      name,
      value: escapeDiscord(value).slice(0, 1024),
      inline: name !== 'Version',
    })),
    ...(httpLink(o.runUrl) ? { url: o.runUrl } : {}),
    timestamp: o.finishedAt,
  };
  return { embeds: [embed], allowed_mentions: { parse: [] } };
}

/** berth's own document (`notify-format: json`, the README's "Notifications"): the outcome as it is. */
export interface JsonMessage {
  berth: 'deploy';
  version: 1;
  action: DeployAction;
  result: NotifyResult;
  app: string;
  environment: string;
  component: string;
  image: string;
  durationMs: number;
  url: string;
  runUrl: string;
  repository: string;
  commit: string;
  failedStep: string;
  lastLines: string[];
  finishedAt: string;
}

export function jsonMessage(o: DeployOutcome): JsonMessage {
  return {
    berth: 'deploy',
    version: 1,
    action: o.action,
    result: o.result,
    app: o.app,
    environment: o.environment,
    component: o.component,
    image: o.version,
    durationMs: o.durationMs,
    url: o.url,
    runUrl: o.runUrl,
    repository: o.repository,
    commit: o.commit,
    failedStep: o.failedStep,
    lastLines: o.lastLines,
    finishedAt: o.finishedAt,
  };
}

export function notificationBody(format: NotifyFormat, o: DeployOutcome): unknown {
  switch (format) {
    case 'slack':
      return slackMessage(o);
    case 'discord':
      return discordMessage(o);
    case 'json':
      return jsonMessage(o);
  }
}

/** Every secret's value replaced by `***` in the outcome's text (the runner masks logs, not requests). */
export function redactOutcome(o: DeployOutcome, secrets: readonly string[]): DeployOutcome {
  const values = secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  if (values.length === 0) return o;
  const redact = (text: string): string => values.reduce((t, v) => t.split(v).join('***'), text);
  return {
    ...o,
    app: redact(o.app),
    component: redact(o.component),
    version: redact(o.version),
    url: redact(o.url),
    failedStep: redact(o.failedStep),
    lastLines: o.lastLines.map(redact),
  };
}

/** What the command knows at the end of a deploy, for deployOutcome. */
export interface DeployFacts {
  action: DeployAction;
  app: string;
  environment: string;
  component: string;
  /** The `image` input (what a failed deploy was given). */
  image: string;
  /** The step's outputs (empty when the deploy failed before them). */
  outputs: Readonly<Partial<Record<string, string>>>;
  /** The failure: its message and the step it came from; undefined on success. */
  failure?: { message: string; step: string };
  startedAt: number;
  finishedAt: number;
  /** GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_SHA ('' when unset). */
  serverUrl: string;
  repository: string;
  runId: string;
  commit: string;
}

/** The run's link, '' unless the server, repository and run id are all known. */
export function runLink(serverUrl: string, repository: string, runId: string): string {
  if (serverUrl === '' || repository === '' || runId === '') return '';
  return `${serverUrl.replace(/\/+$/, '')}/${repository}/actions/runs/${encodeURIComponent(runId)}`;
}

export function deployOutcome(f: DeployFacts): DeployOutcome {
  const result: NotifyResult = f.failure ? 'failed' : f.action === 'rollback' ? 'rolled back' : 'deployed';
  const stated = f.outputs['duration-ms'] ?? '';
  return {
    action: f.action,
    result,
    app: f.app,
    environment: f.environment,
    component: f.component,
    version: f.outputs['image-ref'] || f.image,
    durationMs: /^\d+$/.test(stated) && !f.failure ? Number(stated) : f.finishedAt - f.startedAt,
    // The environment's public address when the config names one, else the upstream if others reach it.
    url: f.failure ? '' : f.outputs['environment-url'] || publicUrl(f.outputs.url ?? ''),
    runUrl: runLink(f.serverUrl, f.repository, f.runId),
    repository: f.repository,
    commit: f.commit,
    failedStep: f.failure?.step ?? '',
    lastLines: f.failure ? lastLogLines(f.failure.message) : [],
    finishedAt: new Date(f.finishedAt).toISOString(),
  };
}
