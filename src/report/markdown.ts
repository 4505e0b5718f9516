/**
 * Markdown helpers for summaries and comments. Untrusted text (branch names, labels, titles, paths) goes
 * through escapeMarkdown, so it renders as the characters it is: no HTML, no links, no mentions, no
 * broken tables.
 */

/** HTML-significant characters. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** U+200B ZERO WIDTH SPACE: invisible, and it breaks what GitHub would otherwise link. */
const ZWSP = '\u200b';

/**
 * Escapes text for a Markdown paragraph or table cell; line breaks become spaces. Beyond Markdown and
 * HTML, what GitHub links by itself is broken with an invisible space — a mention (`@org/team`, which
 * `&#64;` does not stop: GitHub decodes the entity first), an issue reference (`#123`, `\#123`, `GH-123`)
 * and a bare address (`https://…`, `www.…`) — so a branch name, a test name or a path renders as the
 * characters it is and notifies or links nothing.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_[\]#~!|]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => ENTITIES[c] ?? c)
    .replace(/@/g, `@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1${ZWSP}-`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`);
}

/** A GitHub-flavoured table; cells are escaped here. */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}
