/**
 * `status` as the reader wants it: a table per host for the log (a terminal), the same as Markdown for
 * the step summary, and one JSON document for the `status` output. Pure. Every field comes from files
 * on the host, so each is cleaned before it is shown: control characters become spaces (a line break
 * in a hand-edited history must not start a `::workflow command::` line in the log), and Markdown is
 * escaped.
 */
import type { EnvironmentStatus, HostStatus, LiveVersion } from '../deploy/status.js';
import type { HistoryEntry } from '../deploy/state.js';
import { escapeMarkdown, renderTable } from './markdown.js';

/** One line of plain text: control characters (C0, DEL, C1) become spaces. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** `repo@sha256:<64 hex>` → `repo@sha256:<12 hex>`, as docker shows IDs; anything else as it is. */
export function shortRef(ref: string): string {
  return ref.replace(/@sha256:([0-9a-f]{12})[0-9a-f]{52}$/, '@sha256:$1');
}

/** A full commit SHA → its first 7 characters. */
export function shortCommit(commit: string): string {
  return /^[0-9a-f]{40}$/.test(commit) ? commit.slice(0, 7) : commit;
}

/** ISO 8601 → `2026-12-04 20:01 UTC`; text that is no date as it is. */
export function when(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Milliseconds → `42 s`, `3 min 5 s`, `2 h 1 min`. */
export function took(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 === 0 ? '' : ` ${s % 60} s`}`;
  const m = Math.floor(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 === 0 ? '' : ` ${m % 60} min`}`;
}

function liveLine(live: LiveVersion | null): string {
  if (live === null) return 'nothing live';
  const parts = [
    live.color === '' ? '' : live.color,
    shortRef(live.imageRef),
    live.commit === '' ? '' : `commit ${shortCommit(live.commit)}`,
    `since ${when(live.since)}`,
    live.container === null ? '' : `container ${live.container}`,
  ];
  return parts.filter((p) => p !== '').join(', ');
}

const HISTORY_HEADER = ['When', 'Action', 'Result', 'Colour', 'Version', 'Commit', 'By', 'Took'] as const;

function historyRow(e: HistoryEntry): string[] {
  const result = e.result === 'success' ? 'success' : `failed${e.error ? `: ${firstSentence(e.error)}` : ''}`;
  return [
    when(e.at),
    e.action,
    result,
    e.color,
    shortRef(e.imageRef),
    shortCommit(e.commit),
    e.actor,
    took(e.durationMs),
  ];
}

/** The start of an error, up to its first sentence's end or 120 characters. */
function firstSentence(text: string): string {
  const one = plain(text).trim();
  const end = one.search(/[.;](\s|$)/);
  const cut = end > 0 ? one.slice(0, end) : one;
  return cut.length > 120 ? `${cut.slice(0, 119)}…` : cut;
}

function heading(env: EnvironmentStatus, h: HostStatus): string {
  return `${env.app}-${env.environment} on ${h.host}`;
}

function historyNote(h: HostStatus): string {
  const shown = h.history.length;
  const parts = [
    h.deploys === 0
      ? 'no deploys recorded'
      : `last ${shown} of ${h.deploys} deploy${h.deploys === 1 ? '' : 's'}`,
    ...(h.skippedLines > 0
      ? [
          `${h.skippedLines} line${h.skippedLines === 1 ? '' : 's'} of history.jsonl not berth's form, skipped`,
        ]
      : []),
  ];
  return parts.join('; ');
}

/** Cells padded to their column's width, two spaces apart. */
function textTable(rows: ReadonlyArray<readonly string[]>, indent: string): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `${indent}${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd());
}

/** The log's view: per host, what is live, then its last deploys as an aligned table. */
export function renderStatusText(env: EnvironmentStatus): string {
  const out: string[] = [];
  for (const h of env.hosts) {
    out.push(plain(`${heading(env, h)} (${h.stateDir})`));
    out.push(plain(`  live: ${liveLine(h.live)}`));
    if (h.history.length > 0) {
      out.push(plain(`  ${historyNote(h)}:`));
      const rows = [[...HISTORY_HEADER], ...h.history.map(historyRow)].map((r) => r.map(plain));
      out.push(...textTable(rows, '    '));
    } else {
      out.push(plain(`  ${historyNote(h)}`));
    }
  }
  return out.join('\n');
}

/** The step summary's view: a heading per host, what is live, the history as a table. */
export function renderStatusSummary(env: EnvironmentStatus): string {
  const out: string[] = [];
  for (const h of env.hosts) {
    out.push(`### berth status: ${escapeMarkdown(heading(env, h))}`, '');
    out.push(`**Live:** ${escapeMarkdown(liveLine(h.live))}`, '');
    if (h.history.length > 0) {
      out.push(`${escapeMarkdown(historyNote(h))}:`, '');
      out.push(renderTable([...HISTORY_HEADER], h.history.map(historyRow)), '');
    } else {
      out.push(escapeMarkdown(historyNote(h)), '');
    }
  }
  return out.join('\n');
}

/** The `status` output: full references, no shortening, kebab-case keys as the other outputs. */
export function statusJson(env: EnvironmentStatus): unknown {
  return {
    app: env.app,
    environment: env.environment,
    hosts: env.hosts.map((h) => ({
      host: h.host,
      'state-dir': h.stateDir,
      live:
        h.live === null
          ? null
          : {
              strategy: h.live.strategy,
              color: h.live.color,
              'image-ref': h.live.imageRef,
              commit: h.live.commit,
              since: h.live.since,
              container: h.live.container,
            },
      deploys: h.deploys,
      'skipped-lines': h.skippedLines,
      history: h.history.map((e) => ({
        at: e.at,
        action: e.action,
        result: e.result,
        color: e.color,
        'image-ref': e.imageRef,
        'previous-image-ref': e.previousImageRef,
        commit: e.commit,
        actor: e.actor,
        'run-id': e.runId,
        'duration-ms': e.durationMs,
        ...(e.error === undefined ? {} : { error: e.error }),
      })),
    })),
  };
}

/** The image live on every host, or '' when they differ or one has nothing live. */
export function commonImage(env: EnvironmentStatus): string {
  const refs = new Set(env.hosts.map((h) => h.live?.imageRef ?? ''));
  const [only] = refs;
  return refs.size === 1 && only !== undefined ? only : '';
}
