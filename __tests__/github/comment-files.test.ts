import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { ConfigurationError } from '../../src/errors.js';
import {
  MAX_SECTION_FILES,
  readSectionFiles,
  SECTION_FILE_LIMIT,
  sectionOfFileName,
  writeSectionFiles,
} from '../../src/github/comment-files.js';
import { CUT_NOTE } from '../../src/report/pr-comment.js';
import { fakeRuntime } from '../helpers/static-runtime.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-comment-files-'));
  dirs.push(dir);
  return dir;
}

/** Markdown of `lines` table rows, about `lines * 30` characters. */
const table = (lines: number): string =>
  [
    '| file | lines |',
    '| --- | --- |',
    ...Array.from({ length: lines }, (_, i) => `| src/f${i}.ts | 50.0% |`),
  ].join('\n');

describe('sectionOfFileName: section names only (lowercase letters, digits, -), .md', () => {
  test.each([
    ['coverage.md', 'coverage'],
    ['coverage-backend.md', 'coverage-backend'],
    ['tests-c1a2b3c4.md', 'tests-c1a2b3c4'],
    ['quality-gate-api-2.md', 'quality-gate-api-2'],
    ['Coverage.md', undefined],
    ['../x.md', undefined],
    ['sub/coverage.md', undefined],
    ['..md', undefined],
    ['.md', undefined],
    ['-coverage.md', undefined],
    ['coverage.MD', undefined],
    ['coverage', undefined],
    ['coverage.md.sh', undefined],
    ['coverage..md', undefined],
    ['cover age.md', undefined],
    ['covérage.md', undefined],
    ['coverage\n.md', undefined],
  ])('%j → %j', (name, section) => {
    expect(sectionOfFileName(name)).toBe(section);
  });
});

describe('readSectionFiles (stage 2: the artifact is untrusted)', () => {
  test('plain section files are read in name order; anything else is skipped with a warning', async () => {
    const dir = tempDir();
    const outside = path.join(tempDir(), 'secret.txt');
    writeFileSync(outside, 'runner secret');
    writeFileSync(path.join(dir, 'coverage.md'), '### berth coverage: 80.0% of lines\n');
    writeFileSync(path.join(dir, 'tests.md'), '#### Tests\n\n2 passed');
    writeFileSync(path.join(dir, 'Coverage.md'), 'forged');
    writeFileSync(path.join(dir, 'notes.txt'), 'not a section');
    writeFileSync(path.join(dir, 'coverage-frontend.md'), ' \n\n');
    mkdirSync(path.join(dir, 'berth-comment-backend'));
    writeFileSync(path.join(dir, 'berth-comment-backend', 'coverage-backend.md'), 'nested');
    symlinkSync(outside, path.join(dir, 'quality-gate.md'));
    const warnings: string[] = [];
    expect(await readSectionFiles(dir, 'comments', (m) => warnings.push(m))).toEqual([
      { section: 'coverage', markdown: '### berth coverage: 80.0% of lines\n' },
      { section: 'tests', markdown: '#### Tests\n\n2 passed' },
    ]);
    expect(warnings).toEqual([
      'comment-dir: "Coverage.md" ignored: section files are named <section>.md, in lowercase letters, digits and - (e.g. coverage-backend.md)',
      'comment-dir: "berth-comment-backend" ignored: a directory (several artifacts downloaded into one path need `merge-multiple: true`)',
      'comment-dir: "notes.txt" ignored: section files are named <section>.md, in lowercase letters, digits and - (e.g. coverage-backend.md)',
      'comment-dir: coverage-frontend.md ignored: blank',
      'comment-dir: quality-gate.md ignored: a symbolic link (section files must be plain files)',
    ]);
  });

  test('a symbolic link to a directory and a named pipe are refused too (the pipe would block a read)', async () => {
    const dir = tempDir();
    symlinkSync(tempDir(), path.join(dir, 'coverage.md'));
    execFileSync('mkfifo', [path.join(dir, 'tests.md')]);
    const warnings: string[] = [];
    expect(await readSectionFiles(dir, 'comments', (m) => warnings.push(m))).toEqual([]);
    expect(warnings).toEqual([
      'comment-dir: coverage.md ignored: a symbolic link (section files must be plain files)',
      'comment-dir: tests.md ignored: not a plain file',
    ]);
  });

  test.each([
    ['a longer section is cut at a line, with the note', table(3000), true],
    // 2-byte characters: 100,000 bytes but 50,000 characters, under the limit.
    ['the limit counts characters, not bytes', `${'é'.repeat(99)}\n`.repeat(500), false],
    ['far over the limit (only the first 256 KiB are read)', `${'x'.repeat(999)}\n`.repeat(2000), true],
    ['4-byte characters over the limit', `${'🚢'.repeat(99)}\n`.repeat(700), true],
  ])('%s', async (_name, content, cut) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'coverage.md'), content);
    const warnings: string[] = [];
    const [file] = await readSectionFiles(dir, 'comments', (m) => warnings.push(m));
    if (!cut) {
      expect(file?.markdown).toBe(content);
      expect(warnings).toEqual([]);
      return;
    }
    expect(warnings).toEqual(['comment-dir: coverage.md is longer than 65,536 characters; cut to fit']);
    expect(file?.markdown.length).toBeLessThanOrEqual(SECTION_FILE_LIMIT);
    expect(file?.markdown.endsWith(CUT_NOTE)).toBe(true);
    expect(content.startsWith((file?.markdown ?? '').slice(0, -CUT_NOTE.length).trimEnd())).toBe(true);
  });

  test(`at most ${MAX_SECTION_FILES} files: the first by name, the rest named in a warning`, async () => {
    const dir = tempDir();
    for (let i = 0; i < 23; i++)
      writeFileSync(path.join(dir, `s${String(i).padStart(2, '0')}.md`), `section ${i}`);
    const warnings: string[] = [];
    const files = await readSectionFiles(dir, 'comments', (m) => warnings.push(m));
    expect(files.map((f) => f.section)).toEqual(
      Array.from({ length: 20 }, (_, i) => `s${String(i).padStart(2, '0')}`),
    );
    expect(warnings).toEqual([
      'comment-dir: 23 section files, at most 20 are read; ignored: s20.md, s21.md, s22.md',
    ]);
  });

  test.each([
    [
      'missing',
      (dir: string) => path.join(dir, 'none'),
      "comment-dir: comments does not exist; download the artifact the pull_request run uploaded (its coverage or quality-gate step's comment-dir) to it first, e.g. actions/download-artifact with `path: comments`",
    ],
    [
      'a file',
      (dir: string) => {
        writeFileSync(path.join(dir, 'file'), '');
        return path.join(dir, 'file');
      },
      "comment-dir: comments is not a directory; download the artifact the pull_request run uploaded (its coverage or quality-gate step's comment-dir) to it first, e.g. actions/download-artifact with `path: comments`",
    ],
  ])('a directory that is %s: a configuration error naming the input', async (_name, make, message) => {
    const read = readSectionFiles(make(tempDir()), 'comments', () => {});
    await expect(read).rejects.toThrow(ConfigurationError);
    await expect(readSectionFiles(make(tempDir()), 'comments', () => {})).rejects.toThrow(new Error(message));
  });
});

describe('writeSectionFiles (stage 1)', () => {
  function runtimeIn(temp: string) {
    const fake = fakeRuntime({ command: 'coverage' }, temp);
    return { ...fake, runtime: { ...fake.runtime, tempDir: temp } };
  }

  test('one file per section in <temp>/berth-comment, output comment-dir; a later step adds its own', async () => {
    const temp = tempDir();
    const { runtime, outputs, logs } = runtimeIn(temp);
    const dir = path.join(temp, 'berth-comment');
    await writeSectionFiles(runtime, [
      ['coverage-backend', '### berth coverage — backend'],
      ['tests-backend', '#### Tests'],
    ]);
    await writeSectionFiles(runtime, [['quality-gate-backend', '### SonarQube quality gate: OK']]);
    expect(readdirSync(dir).sort()).toEqual([
      'coverage-backend.md',
      'quality-gate-backend.md',
      'tests-backend.md',
    ]);
    expect(readFileSync(path.join(dir, 'coverage-backend.md'), 'utf8')).toBe('### berth coverage — backend');
    expect(outputs['comment-dir']).toBe(dir);
    expect(logs).toEqual([
      `pull request comment sections written to ${dir} (coverage-backend.md, tests-backend.md): for a fork's pull request, upload it as an artifact for \`command: comment\``,
      `pull request comment sections written to ${dir} (quality-gate-backend.md): for a fork's pull request, upload it as an artifact for \`command: comment\``,
    ]);
    // Stage 2 reads back what stage 1 wrote.
    expect(await readSectionFiles(dir, 'comments', () => {})).toEqual([
      { section: 'coverage-backend', markdown: '### berth coverage — backend' },
      { section: 'quality-gate-backend', markdown: '### SonarQube quality gate: OK' },
      { section: 'tests-backend', markdown: '#### Tests' },
    ]);
  });

  test('a section longer than the limit is cut before it is written', async () => {
    const temp = tempDir();
    const { runtime } = runtimeIn(temp);
    await writeSectionFiles(runtime, [['coverage', table(3000)]]);
    const written = readFileSync(path.join(temp, 'berth-comment', 'coverage.md'), 'utf8');
    expect(written.length).toBeLessThanOrEqual(SECTION_FILE_LIMIT);
    expect(written.endsWith(CUT_NOTE)).toBe(true);
  });

  test('a directory that cannot be made is a warning, and no output', async () => {
    const temp = tempDir();
    writeFileSync(path.join(temp, 'file'), '');
    const { runtime, outputs, logs } = runtimeIn(path.join(temp, 'file'));
    await writeSectionFiles(runtime, [['coverage', 'x']]);
    const dir = path.join(temp, 'file', 'berth-comment');
    expect(logs).toEqual([
      `warning: the pull request comment's section files could not be written to ${dir}: ENOTDIR: not a directory, mkdir '${dir}'`,
    ]);
    expect(outputs).toEqual({});
  });
});
