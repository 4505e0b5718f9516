/**
 * The two-stage pattern for pull requests from forks, on disk. Stage 1 (`coverage`, `quality-gate` in
 * the pull_request run, whose token a fork's pull request gets read-only) writes each section's DATA to
 * `<temp>/berth-comment/<section>.json` (output `comment-dir`; the schema is ./comment-data.ts); the
 * workflow uploads that directory as an artifact. Stage 2 (`comment`, in a workflow_run run with a write
 * token) reads the downloaded files.
 *
 * A fork's code ran in stage 1, so the files are untrusted: never Markdown, only a document that must
 * pass the strict schema, which berth then renders itself. Names must be section names and match the
 * document's section, plain files only (a symbolic link could point anywhere on the runner), each at
 * most MAX_DOCUMENT_BYTES, at most MAX_SECTION_FILES of them.
 */
import { constants, type Dirent } from 'node:fs';
import { lstat, mkdir, open, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { types } from 'node:util';
import { ConfigurationError, errnoCode } from '../errors.js';
import { isSectionName } from '../report/pr-comment.js';
import type { Runtime } from '../runtime/runtime.js';
import {
  CommentDataError,
  MAX_DOCUMENT_BYTES,
  parseCommentDocument,
  renderCommentData,
  sectionOfData,
  serializeCommentDocument,
  type CommentSectionData,
} from './comment-data.js';

/** The directory under the runner's temp directory that stage 1 writes. */
export const COMMENT_DIR_NAME = 'berth-comment';
/** Section files read at most: far more than one run's coverage, tests and quality-gate per component. */
export const MAX_SECTION_FILES = 20;
/** Not on Windows; there the lstat check stands alone. */
const O_NOFOLLOW: number = (constants as { O_NOFOLLOW?: number }).O_NOFOLLOW ?? 0;

export interface SectionFile {
  section: string;
  /** Rendered by berth from the validated document. */
  markdown: string;
  /** The pull request the document names (untrusted: checked against GitHub before use); null: none. */
  pullRequest: number | null;
}

/** `coverage-backend.json` → `coverage-backend`; undefined for any other name. */
export function sectionOfFileName(name: string): string | undefined {
  if (!name.endsWith('.json')) return undefined;
  const section = name.slice(0, -'.json'.length);
  return isSectionName(section) ? section : undefined;
}

/**
 * Stage 1: writes each of `sections` as `<temp>/berth-comment/<section>.json` (the data, for pull
 * request `pullRequest`) and sets output `comment-dir`. A file that cannot be written is a warning: it
 * must not hide the command's verdict.
 */
export async function writeSectionFiles(
  runtime: Runtime,
  pullRequest: number | null,
  sections: readonly CommentSectionData[],
): Promise<void> {
  const dir = path.join(runtime.tempDir, COMMENT_DIR_NAME);
  const names = sections.map(sectionOfData);
  try {
    await mkdir(dir, { recursive: true });
    for (const [i, data] of sections.entries()) {
      const name = names[i] ?? '';
      if (!isSectionName(name)) throw new Error(`bad section name ${JSON.stringify(name)}`);
      await writeFile(path.join(dir, `${name}.json`), serializeCommentDocument(pullRequest, data));
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
    `pull request comment data written to ${dir} (${names.map((name) => `${name}.json`).join(', ')}): for a fork's pull request, upload it as an artifact for \`command: comment\``,
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
        `comment-dir: ${JSON.stringify(entry.name)} ignored: section files are named <section>.json, in lowercase letters, digits and - (e.g. coverage-backend.json)`,
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
    const text = await readSectionFile(path.join(dir, name), name, warn);
    if (text === undefined) continue;
    const section = sectionOfFileName(name) ?? '';
    try {
      const document = parseCommentDocument(text);
      const named = sectionOfData(document.section);
      if (named !== section) {
        warn(`comment-dir: ${name} ignored: its data is for section ${named}, not ${section}`);
        continue;
      }
      files.push({
        section,
        markdown: renderCommentData(document.section),
        pullRequest: document.pullRequest,
      });
    } catch (error) {
      if (!(error instanceof CommentDataError)) throw error;
      warn(`comment-dir: ${name} ignored: not berth's comment data: ${error.message}`);
    }
  }
  return files;
}

/** One section file's text; undefined (with a warning) when not a plain file, too large or blank. */
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
    const buffer = Buffer.alloc(MAX_DOCUMENT_BYTES + 1);
    let length = 0;
    let bytesRead: number;
    do {
      ({ bytesRead } = await handle.read(buffer, length, buffer.length - length, length));
      length += bytesRead;
    } while (bytesRead > 0 && length < buffer.length);
    more = length > MAX_DOCUMENT_BYTES;
    bytes = buffer.subarray(0, Math.min(length, MAX_DOCUMENT_BYTES));
  } finally {
    await handle.close();
  }
  if (more) return refuse(`larger than ${MAX_DOCUMENT_BYTES.toLocaleString('en-US')} bytes`);
  const text = bytes.toString('utf8');
  if (text.trim() === '') return refuse('blank');
  return text;
}
