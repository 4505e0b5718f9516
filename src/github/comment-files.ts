/**
 * The two-stage pattern for pull requests from forks, on disk. Stage 1 (`coverage`, `quality-gate` in
 * the pull_request run, whose token a fork's pull request gets read-only) writes each section it renders
 * to `<temp>/berth-comment/<section>.md` (output `comment-dir`); the workflow uploads that directory as
 * an artifact. Stage 2 (`comment`, in a workflow_run run with a write token) reads the downloaded files.
 *
 * A fork's code ran in stage 1, so the files are untrusted: they are taken as section text and nothing
 * else. Names must be section names, plain files only (a symbolic link could point anywhere on the
 * runner), each cut to GitHub's comment limit, at most MAX_SECTION_FILES of them; markers inside the
 * text are neutralised where sections are written (sanitizeSection).
 */
import { constants, type Dirent } from 'node:fs';
import { lstat, mkdir, open, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { types } from 'node:util';
import { ConfigurationError, errnoCode } from '../errors.js';
import { cutSection, GITHUB_COMMENT_LIMIT, isSectionName } from '../report/pr-comment.js';
import type { Runtime } from '../runtime/runtime.js';

/** The directory under the runner's temp directory that stage 1 writes. */
export const COMMENT_DIR_NAME = 'berth-comment';
/** One section file at most, in characters: GitHub's limit for a whole comment. */
export const SECTION_FILE_LIMIT = GITHUB_COMMENT_LIMIT;
/** Section files read at most: far more than one run's coverage, tests and quality-gate per component. */
export const MAX_SECTION_FILES = 20;
/** UTF-8 has at most 4 bytes a character: a longer file has more characters than the limit anyway. */
const MAX_FILE_BYTES = 4 * SECTION_FILE_LIMIT;
/** Not on Windows; there the lstat check stands alone. */
const O_NOFOLLOW: number = (constants as { O_NOFOLLOW?: number }).O_NOFOLLOW ?? 0;

export interface SectionFile {
  section: string;
  markdown: string;
}

/** `coverage-backend.md` → `coverage-backend`; undefined for any other name. */
export function sectionOfFileName(name: string): string | undefined {
  if (!name.endsWith('.md')) return undefined;
  const section = name.slice(0, -'.md'.length);
  return isSectionName(section) ? section : undefined;
}

/**
 * Stage 1: writes `sections` ([name, markdown]) as `<temp>/berth-comment/<name>.md` and sets output
 * `comment-dir`. A file that cannot be written is a warning: it must not hide the command's verdict.
 */
export async function writeSectionFiles(
  runtime: Runtime,
  sections: ReadonlyArray<readonly [string, string]>,
): Promise<void> {
  const dir = path.join(runtime.tempDir, COMMENT_DIR_NAME);
  try {
    await mkdir(dir, { recursive: true });
    for (const [name, markdown] of sections) {
      if (!isSectionName(name)) throw new Error(`bad section name ${JSON.stringify(name)}`);
      const text = markdown.length > SECTION_FILE_LIMIT ? cutSection(markdown, SECTION_FILE_LIMIT) : markdown;
      await writeFile(path.join(dir, `${name}.md`), text);
    }
  } catch (error) {
    // isNativeError: fs errors made in another realm (jest's VM modules) are no `instanceof Error`.
    runtime.warning(
      `the pull request comment's section files could not be written to ${dir}: ${types.isNativeError(error) ? error.message : String(error)}`,
    );
    return;
  }
  runtime.setOutput('comment-dir', dir);
  runtime.info(
    `pull request comment sections written to ${dir} (${sections.map(([name]) => `${name}.md`).join(', ')}): for a fork's pull request, upload it as an artifact for \`command: comment\``,
  );
}

/**
 * Stage 2: the section files in `dir` (`shown` is how messages name it), by name. Anything else there
 * is skipped with a warning through `warn`; a missing directory is a configuration error.
 */
export async function readSectionFiles(
  dir: string,
  shown: string,
  warn: (message: string) => void,
): Promise<SectionFile[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    throw new ConfigurationError(
      `comment-dir: ${shown} ${code === 'ENOENT' ? 'does not exist' : 'is not a directory'}; download the artifact the pull_request run uploaded (its coverage or quality-gate step's comment-dir) to it first, e.g. actions/download-artifact with \`path: ${shown}\``,
    );
  }
  const names: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (sectionOfFileName(entry.name) !== undefined) names.push(entry.name);
    else if (entry.isDirectory()) {
      warn(
        `comment-dir: ${JSON.stringify(entry.name)} ignored: a directory (several artifacts downloaded into one path need \`merge-multiple: true\`)`,
      );
    } else {
      warn(
        `comment-dir: ${JSON.stringify(entry.name)} ignored: section files are named <section>.md, in lowercase letters, digits and - (e.g. coverage-backend.md)`,
      );
    }
  }
  if (names.length > MAX_SECTION_FILES) {
    warn(
      `comment-dir: ${names.length} section files, at most ${MAX_SECTION_FILES} are read; ignored: ${names.slice(MAX_SECTION_FILES).join(', ')}`,
    );
  }
  const files: SectionFile[] = [];
  for (const name of names.slice(0, MAX_SECTION_FILES)) {
    const markdown = await readSectionFile(path.join(dir, name), name, warn);
    if (markdown !== undefined) files.push({ section: sectionOfFileName(name) ?? '', markdown });
  }
  return files;
}

/** One section file's text, cut to SECTION_FILE_LIMIT; undefined (with a warning) when not a plain file or blank. */
async function readSectionFile(
  file: string,
  name: string,
  warn: (message: string) => void,
): Promise<string | undefined> {
  const refuse = (why: string): undefined => {
    warn(`comment-dir: ${name} ignored: ${why}`);
    return undefined;
  };
  const info = await lstat(file);
  if (info.isSymbolicLink()) return refuse('a symbolic link (section files must be plain files)');
  if (!info.isFile()) return refuse('not a plain file');
  let bytes: Buffer;
  let more: boolean;
  // O_NOFOLLOW: a link swapped in after the lstat is refused too.
  const handle = await open(file, constants.O_RDONLY | O_NOFOLLOW);
  try {
    if (!(await handle.stat()).isFile()) return refuse('not a plain file');
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    let bytesRead: number;
    do {
      ({ bytesRead } = await handle.read(buffer, length, buffer.length - length, length));
      length += bytesRead;
    } while (bytesRead > 0 && length < buffer.length);
    more = length > MAX_FILE_BYTES;
    bytes = buffer.subarray(0, Math.min(length, MAX_FILE_BYTES));
  } finally {
    await handle.close();
  }
  const text = bytes.toString('utf8');
  // Blank would remove the section (upsertSections): stage 1 never writes one, so it is no report.
  if (text.trim() === '') return refuse('blank');
  if (!more && text.length <= SECTION_FILE_LIMIT) return text;
  warn(
    `comment-dir: ${name} is longer than ${SECTION_FILE_LIMIT.toLocaleString('en-US')} characters; cut to fit`,
  );
  return cutSection(text, SECTION_FILE_LIMIT);
}
