/**
 * The one berth comment on a pull request: a hidden marker, a title, then sections that different
 * commands own (coverage writes `coverage`, quality-gate writes `quality-gate`, …). Each section sits
 * between hidden markers, so a command replaces its own section and keeps the others as they are.
 * Pure: the GitHub side is ../github/comment.ts.
 */

export const COMMENT_MARKER = '<!-- berth:comment -->';
export const COMMENT_TITLE = '### berth';
/** GitHub refuses a longer comment body (422 "Body is too long"). */
export const GITHUB_COMMENT_LIMIT = 65_536;
export const CUT_NOTE =
  "_… cut to fit GitHub's 65,536-character limit; the full report is in the job summary._";

/**
 * Section kinds in their order within a component. Sections are named `<kind>` or, in a monorepo,
 * `<kind>-<component>` (sectionName); the component-less ones come first, then each component's, by
 * name; unknown sections last, alphabetically.
 */
const SECTION_ORDER: readonly string[] = ['coverage', 'tests', 'quality-gate'];
const SECTION_NAME = /^[a-z0-9][a-z0-9-]*$/;
const SECTION = /<!-- berth:section:([a-z0-9][a-z0-9-]*) -->\n([\s\S]*?)\n?<!-- \/berth:section:\1 -->/g;
/** Anything that could read as a berth marker: `<!-- berth:`, `<!--/berth:`, `<!-- /berth:`, any case. */
const FORGED_MARKER = /<!--(\s*\/?\s*berth:)/gi;

const openMarker = (name: string): string => `<!-- berth:section:${name} -->`;
const closeMarker = (name: string): string => `<!-- /berth:section:${name} -->`;

/** The sections of a berth comment body, by name, in the order they appear. */
export function parseSections(body: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const match of body.replace(/\r\n/g, '\n').matchAll(SECTION)) {
    const [, name, content] = match;
    if (name !== undefined && content !== undefined && !sections.has(name)) sections.set(name, content);
  }
  return sections;
}

/**
 * The whole comment body: marker, title, the non-empty sections in the stable order. Content is taken
 * as rendered Markdown, except that berth markers inside it are neutralised; if the body would exceed
 * GITHUB_COMMENT_LIMIT, the largest sections are cut (see cutSection) until it fits.
 */
export function renderComment(sections: ReadonlyMap<string, string>): string {
  const contents = new Map<string, string>();
  for (const name of [...sections.keys()].sort(compareSections)) {
    assertSectionName(name);
    const content = sanitizeSection(sections.get(name) ?? '');
    if (content !== '') contents.set(name, content);
  }
  const render = (): string =>
    [
      `${COMMENT_MARKER}\n${COMMENT_TITLE}`,
      ...[...contents].map(([name, content]) => `${openMarker(name)}\n${content}\n${closeMarker(name)}`),
    ].join('\n\n');

  let body = render();
  const done = new Set<string>();
  while (body.length > GITHUB_COMMENT_LIMIT) {
    const largest = [...contents]
      .filter(([name]) => !done.has(name))
      .sort(([, a], [, b]) => b.length - a.length)[0];
    if (!largest) {
      throw new Error(`berth comment: ${body.length} characters even with every section cut`);
    }
    const [name, content] = largest;
    const cut = cutSection(content, Math.max(0, content.length - (body.length - GITHUB_COMMENT_LIMIT)));
    done.add(name); // cutSection fits the target when anything can: one cut per section
    if (cut.length < content.length) contents.set(name, cut);
    body = render();
  }
  return body;
}

/**
 * `body` (an existing berth comment, or undefined for a new one) with section `name` set to `markdown`,
 * or removed when `markdown` is blank. The other sections are kept as they are.
 */
export function replaceSection(body: string | undefined, name: string, markdown: string): string {
  assertSectionName(name);
  const sections = body === undefined ? new Map<string, string>() : parseSections(body);
  const content = sanitizeSection(markdown);
  if (content === '') sections.delete(name);
  else sections.set(name, content);
  return renderComment(sections);
}

/** True when `body` is a berth comment (the marker comes first, as renderComment writes it). */
export function isBerthComment(body: string): boolean {
  return body.trimStart().startsWith(COMMENT_MARKER);
}

/**
 * Section content as it goes between the markers: line endings normalised, outer blank lines trimmed,
 * and any berth marker turned into visible text so content can neither end its section early nor
 * fake another one.
 */
export function sanitizeSection(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .replace(FORGED_MARKER, '&lt;!--$1')
    .replace(/^\s*\n|\s+$/g, '');
}

/**
 * `content` cut at a line boundary to at most `max` characters, note included, with any code fence or
 * `<details>` that the cut leaves open closed, and never inside a multi-line HTML comment. When nothing
 * fits, the section is just the note.
 */
export function cutSection(content: string, max: number): string {
  const text = content.endsWith(CUT_NOTE) ? content.slice(0, -CUT_NOTE.length).trimEnd() : content;
  const lines = text.split('\n');
  const tail = (closers: readonly string[]): string => [...closers, '', CUT_NOTE].join('\n');
  let best: { end: number; tail: string } | undefined;
  let state: BlockState = { fence: undefined, details: 0, inComment: false };
  let end = -1; // index in `text` where the kept lines end
  for (const line of lines) {
    end += line.length + 1;
    state = scanLine(line, state);
    if (state.inComment) continue;
    const closers = [
      ...(state.fence ? [state.fence.char.repeat(state.fence.length)] : []),
      ...Array.from({ length: state.details }, () => '</details>'),
    ];
    const candidate = tail(closers);
    if (end + 1 + candidate.length > max) break;
    best = { end, tail: candidate };
  }
  return best ? `${text.slice(0, best.end)}\n${best.tail}` : CUT_NOTE;
}

interface BlockState {
  fence: { char: string; length: number } | undefined;
  details: number;
  inComment: boolean;
}

/** The open code fence, `<details>` depth and multi-line HTML comment after `line` (CommonMark fences). */
function scanLine(line: string, state: BlockState): BlockState {
  const fence = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
  const run = fence?.[1] ?? '';
  const info = fence?.[2] ?? '';
  const char = run.charAt(0);
  if (state.fence) {
    const closes = char === state.fence.char && run.length >= state.fence.length && info.trim() === '';
    return { ...state, fence: closes ? undefined : state.fence };
  }
  // A backtick fence's info string may not hold a backtick (that is inline code).
  if (!state.inComment && fence && (char === '~' || !info.includes('`'))) {
    return { ...state, fence: { char, length: run.length } };
  }
  let { details, inComment } = state;
  // The line's HTML comments and <details> tags in order; tags inside a comment do not count.
  for (const [token] of line.matchAll(/<!--|-->|<details\b|<\/details\s*>/gi)) {
    const t = token.toLowerCase();
    if (inComment) inComment = t !== '-->';
    else if (t === '<!--') inComment = true;
    else if (t.startsWith('<details')) details += 1;
    else if (t.startsWith('</details')) details = Math.max(0, details - 1);
  }
  return { fence: undefined, details, inComment };
}

/** The section a command writes for `component` ('' for none): `coverage`, `coverage-backend`. */
export function sectionName(kind: string, component: string): string {
  const slug = componentSlug(component);
  return slug === '' ? kind : `${kind}-${slug}`;
}

/** A component name as it goes into section and file names: `Backend API` → `backend-api`. */
export function componentSlug(component: string): string {
  const slug = component
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug !== '' || component === '') return slug;
  // No ASCII letter or digit (`백엔드`): a stable hash (FNV-1a) keeps components apart.
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(component, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return `c${hash.toString(16).padStart(8, '0')}`;
}

function compareSections(a: string, b: string): number {
  const key = (name: string): [number, string, number] => {
    const index = SECTION_ORDER.findIndex((kind) => name === kind || name.startsWith(`${kind}-`));
    if (index === -1) return [2, name, 0];
    const component = name.slice((SECTION_ORDER[index] ?? '').length + 1);
    return [component === '' ? 0 : 1, component, index];
  };
  const [ga, ca, ka] = key(a);
  const [gb, cb, kb] = key(b);
  return ga - gb || (ca < cb ? -1 : ca > cb ? 1 : 0) || ka - kb;
}

/** A name a section may have: lowercase letters, digits and `-` (`coverage`, `tests-backend`). */
export function isSectionName(name: string): boolean {
  return SECTION_NAME.test(name);
}

/** Section names come from berth's own commands, never from users: a bad one is a bug. */
function assertSectionName(name: string): void {
  if (!isSectionName(name)) throw new Error(`berth comment: bad section name ${JSON.stringify(name)}`);
}
