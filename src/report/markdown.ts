/**
 * Markdown helpers for summaries and comments. Untrusted text (branch names, labels, titles, paths) goes
 * through escapeMarkdown, so it renders as the characters it is: no HTML, no links, no mentions, no
 * broken tables.
 */

/** HTML-significant characters, and `@` so that a label like "@org/team" never notifies anyone. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '@': '&#64;' };

/** Escapes text for a Markdown paragraph or table cell; line breaks become spaces. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_[\]#~!|]/g, (c) => `\\${c}`)
    .replace(/[&<>@]/g, (c) => ENTITIES[c] ?? c); // after the backslashes: `&#64;` holds a `#`
}

/** A GitHub-flavoured table; cells are escaped here. */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}
