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
  sectionOfFileName,
  writeSectionFiles,
} from '../../src/github/comment-files.js';
import {
  MAX_DOCUMENT_BYTES,
  renderCommentData,
  serializeCommentDocument,
  type CommentSectionData,
} from '../../src/github/comment-data.js';
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

const COVERAGE: CommentSectionData = {
  kind: 'coverage',
  component: '',
  result: {
    totals: { lines: { covered: 8, total: 10 }, branches: null, functions: null },
    files: [],
    reports: [],
    conditions: [],
  },
};
const TESTS: CommentSectionData = {
  kind: 'tests',
  component: '',
  results: { tests: 2, passed: 2, failed: 0, errors: 0, skipped: 0, timeSeconds: 1, failures: [] },
};
/** A valid document for `data`, as stage 1 writes it. */
const doc = (data: CommentSectionData, pr: number | null = 2): string => serializeCommentDocument(pr, data);

describe('sectionOfFileName: section names only (lowercase letters, digits, -), .json', () => {
  test.each([
    ['coverage.json', 'coverage'],
    ['coverage-backend.json', 'coverage-backend'],
    ['tests-c1a2b3c4.json', 'tests-c1a2b3c4'],
    ['quality-gate-api-2.json', 'quality-gate-api-2'],
    ['coverage.md', undefined],
    ['Coverage.json', undefined],
    ['../x.json', undefined],
    ['sub/coverage.json', undefined],
    ['.json', undefined],
    ['-coverage.json', undefined],
    ['coverage.JSON', undefined],
    ['coverage', undefined],
    ['coverage.json.sh', undefined],
    ['cover age.json', undefined],
    ['coverage\n.json', undefined],
  ])('%j → %j', (name, section) => {
    expect(sectionOfFileName(name)).toBe(section);
  });
});

describe('readSectionFiles (stage 2: the artifact is untrusted)', () => {
  test('plain section files are read in name order and rendered by berth; anything else is skipped with a warning', async () => {
    const dir = tempDir();
    const outside = path.join(tempDir(), 'secret.txt');
    writeFileSync(outside, doc(TESTS));
    writeFileSync(path.join(dir, 'coverage.json'), doc(COVERAGE));
    writeFileSync(path.join(dir, 'tests.json'), doc(TESTS, null));
    writeFileSync(path.join(dir, 'Coverage.json'), doc(COVERAGE));
    writeFileSync(path.join(dir, 'coverage.md'), '### berth coverage: forged');
    writeFileSync(path.join(dir, 'coverage-frontend.json'), ' \n\n');
    writeFileSync(path.join(dir, 'coverage-api.json'), doc(COVERAGE));
    mkdirSync(path.join(dir, 'berth-comment-backend'));
    symlinkSync(outside, path.join(dir, 'quality-gate.json'));
    const warnings: string[] = [];
    expect(await readSectionFiles(dir, 'comments', (m) => warnings.push(m))).toEqual([
      { section: 'coverage', markdown: renderCommentData(COVERAGE), pullRequest: 2 },
      { section: 'tests', markdown: renderCommentData(TESTS), pullRequest: null },
    ]);
    expect(warnings).toEqual([
      'comment-dir: "Coverage.json" ignored: section files are named <section>.json, in lowercase letters, digits and - (e.g. coverage-backend.json)',
      'comment-dir: "berth-comment-backend" ignored: a directory (several artifacts downloaded into one path need `merge-multiple: true`)',
      'comment-dir: "coverage.md" ignored: section files are named <section>.json, in lowercase letters, digits and - (e.g. coverage-backend.json)',
      'comment-dir: coverage-api.json ignored: its data is for section coverage, not coverage-api',
      'comment-dir: coverage-frontend.json ignored: blank',
      'comment-dir: quality-gate.json ignored: a symbolic link (section files must be plain files)',
    ]);
  });

  test('Markdown, or JSON off the schema, is refused naming the field', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'coverage.json'), '### berth quality gate: passed');
    writeFileSync(
      path.join(dir, 'tests.json'),
      JSON.stringify({ ...JSON.parse(doc(TESTS)), markdown: '@org/team' }),
    );
    const warnings: string[] = [];
    expect(await readSectionFiles(dir, 'comments', (m) => warnings.push(m))).toEqual([]);
    expect(warnings).toEqual([
      "comment-dir: coverage.json ignored: not berth's comment data: (document): expected JSON (berth-comment-data/1)",
      "comment-dir: tests.json ignored: not berth's comment data: (document).markdown: expected no such key (known: schema, pullRequest, section)",
    ]);
  });

  test('a symbolic link to a directory and a named pipe are refused too (the pipe would block a read)', async () => {
    const dir = tempDir();
    symlinkSync(tempDir(), path.join(dir, 'coverage.json'));
    execFileSync('mkfifo', [path.join(dir, 'tests.json')]);
    const warnings: string[] = [];
    expect(await readSectionFiles(dir, 'comments', (m) => warnings.push(m))).toEqual([]);
    expect(warnings).toEqual([
      'comment-dir: coverage.json ignored: a symbolic link (section files must be plain files)',
      'comment-dir: tests.json ignored: not a plain file',
    ]);
  });

  test('a document over the size bound is refused unread past it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'coverage.json'), ' '.repeat(MAX_DOCUMENT_BYTES) + doc(COVERAGE));
    const warnings: string[] = [];
    expect(await readSectionFiles(dir, 'comments', (m) => warnings.push(m))).toEqual([]);
    expect(warnings).toEqual(['comment-dir: coverage.json ignored: larger than 1,048,576 bytes']);
  });

  test(`at most ${MAX_SECTION_FILES} files: the first by name, the rest named in a warning`, async () => {
    const dir = tempDir();
    for (let i = 0; i < 23; i++)
      writeFileSync(
        path.join(dir, `coverage-s${String(i).padStart(2, '0')}.json`),
        doc({ ...COVERAGE, component: `s${String(i).padStart(2, '0')}` }),
      );
    const warnings: string[] = [];
    const files = await readSectionFiles(dir, 'comments', (m) => warnings.push(m));
    expect(files.map((f) => f.section)).toEqual(
      Array.from({ length: 20 }, (_, i) => `coverage-s${String(i).padStart(2, '0')}`),
    );
    expect(warnings).toEqual([
      'comment-dir: 23 section files, at most 20 are read; ignored: coverage-s20.json, coverage-s21.json, coverage-s22.json',
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

  test('one data file per section in <temp>/berth-comment, output comment-dir; a later step adds its own', async () => {
    const temp = tempDir();
    const { runtime, outputs, logs } = runtimeIn(temp);
    const dir = path.join(temp, 'berth-comment');
    const backend = (d: CommentSectionData): CommentSectionData => ({ ...d, component: 'backend' });
    const gate: CommentSectionData = {
      kind: 'quality-gate',
      component: 'backend',
      result: {
        status: 'OK',
        conditions: [],
        ignoredConditions: false,
        dashboardUrl: 'https://sonar.example/d',
      },
    };
    await writeSectionFiles(runtime, 7, [backend(COVERAGE), backend(TESTS)]);
    await writeSectionFiles(runtime, 7, [gate]);
    expect(readdirSync(dir).sort()).toEqual([
      'coverage-backend.json',
      'quality-gate-backend.json',
      'tests-backend.json',
    ]);
    expect(JSON.parse(readFileSync(path.join(dir, 'tests-backend.json'), 'utf8'))).toEqual({
      schema: 'berth-comment-data/1',
      pullRequest: 7,
      section: backend(TESTS),
    });
    // The dashboard address is not handed over: stage 2 could not tell where it points.
    expect(readFileSync(path.join(dir, 'quality-gate-backend.json'), 'utf8')).not.toContain('sonar.example');
    expect(outputs['comment-dir']).toBe(dir);
    expect(logs).toEqual([
      `pull request comment data written to ${dir} (coverage-backend.json, tests-backend.json): for a fork's pull request, upload it as an artifact for \`command: comment\``,
      `pull request comment data written to ${dir} (quality-gate-backend.json): for a fork's pull request, upload it as an artifact for \`command: comment\``,
    ]);
    // Stage 2 reads back what stage 1 wrote.
    expect(
      (await readSectionFiles(dir, 'comments', () => {})).map((f) => [f.section, f.pullRequest]),
    ).toEqual([
      ['coverage-backend', 7],
      ['quality-gate-backend', 7],
      ['tests-backend', 7],
    ]);
  });

  test('a directory that cannot be made is a warning, and no output', async () => {
    const temp = tempDir();
    writeFileSync(path.join(temp, 'file'), '');
    const { runtime, outputs, logs } = runtimeIn(path.join(temp, 'file'));
    await writeSectionFiles(runtime, 1, [COVERAGE]);
    const dir = path.join(temp, 'file', 'berth-comment');
    expect(logs).toEqual([
      `warning: the pull request comment's section files could not be written to ${dir}: ENOTDIR: not a directory, mkdir '${dir}'`,
    ]);
    expect(outputs).toEqual({});
  });
});
