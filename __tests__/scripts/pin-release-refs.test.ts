import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { pinReleaseRefs } from '../../scripts/pin-release-refs.mjs';
import { ROOT } from '../helpers/run-dist.js';

const WORKFLOW = [
  'jobs:',
  '  a:',
  '    steps:',
  '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
  '      - uses: berth-dev/berth@v0',
  '      - uses: berth-dev/berth/deploy@v0',
  '      - uses: "berth-dev/berth/tools/doctor@v0"',
  '  b:',
  '    uses: berth-dev/berth/.github/workflows/berth-deploy.yml@v0',
  '  c:',
  '    steps:',
  '      - uses: berth-dev/berth@v1',
  '      - uses: berth-dev/berth@v0.9.0',
  '      - uses: berth-dev/berth-extra@v0',
  '      - uses: other/berth-dev/berth@v0',
  '      - uses: berth-dev/berth@v01',
  '',
].join('\n');

describe('pinReleaseRefs', () => {
  test('the action, a sub-action and a reusable workflow at the major become the exact tag; nothing else moves', () => {
    const { text, count } = pinReleaseRefs(WORKFLOW, 'v0.4.2');
    expect(count).toBe(4);
    expect(text.split('\n').filter((l, i) => l !== WORKFLOW.split('\n')[i])).toEqual([
      '      - uses: berth-dev/berth@v0.4.2',
      '      - uses: berth-dev/berth/deploy@v0.4.2',
      '      - uses: "berth-dev/berth/tools/doctor@v0.4.2"',
      '    uses: berth-dev/berth/.github/workflows/berth-deploy.yml@v0.4.2',
    ]);
  });

  test('another major’s release pins only its own references', () => {
    const { text, count } = pinReleaseRefs(WORKFLOW, 'v1.0.0');
    expect(count).toBe(1);
    expect(text).toContain('uses: berth-dev/berth@v1.0.0');
    expect(text).toContain('uses: berth-dev/berth@v0\n');
  });

  test('a fork pins its own repository’s references', () => {
    const { text, count } = pinReleaseRefs(
      'uses: acme/berth@v0\nuses: berth-dev/berth@v0\n',
      'v0.1.0',
      'acme/berth',
    );
    expect([count, text]).toEqual([1, 'uses: acme/berth@v0.1.0\nuses: berth-dev/berth@v0\n']);
  });

  test('pure and idempotent: a pinned text has nothing left to pin', () => {
    const once = pinReleaseRefs(WORKFLOW, 'v0.4.2').text;
    expect(pinReleaseRefs(once, 'v0.4.2')).toEqual({ text: once, count: 0 });
  });

  test.each(['0.4.2', 'v0.4', 'v0.4.2-rc.1', 'main'])('refuses the tag %j', (tag) => {
    expect(() => pinReleaseRefs(WORKFLOW, tag)).toThrow('the tag must look like vX.Y.Z');
  });
});

describe('the script, as the release workflow runs it', () => {
  test('rewrites the files it is given and says how many references', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-pin-'));
    try {
      const file = path.join(dir, 'berth-x.yml');
      writeFileSync(file, WORKFLOW);
      const out = execFileSync('node', [path.join(ROOT, 'scripts/pin-release-refs.mjs'), 'v0.4.2', file], {
        encoding: 'utf8',
        env: { ...process.env, GITHUB_REPOSITORY: 'berth-dev/berth' },
      });
      expect(out).toContain('4 references → v0.4.2');
      expect(readFileSync(file, 'utf8')).toBe(pinReleaseRefs(WORKFLOW, 'v0.4.2').text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every reusable workflow of this repository has a reference the release pins', () => {
    for (const name of ['berth-comment', 'berth-deploy', 'berth-quality', 'berth-rollback']) {
      const text = readFileSync(path.join(ROOT, `.github/workflows/${name}.yml`), 'utf8');
      expect([name, pinReleaseRefs(text, 'v0.1.0').count > 0]).toEqual([name, true]);
    }
  });

  test('fails when there is nothing to pin (a wrong major, a renamed repository)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-pin-'));
    try {
      const file = path.join(dir, 'berth-x.yml');
      writeFileSync(file, 'uses: berth-dev/berth@v0\n');
      expect(() =>
        execFileSync('node', [path.join(ROOT, 'scripts/pin-release-refs.mjs'), 'v3.0.0', file], {
          stdio: 'pipe',
          env: { ...process.env, GITHUB_REPOSITORY: 'berth-dev/berth' },
        }),
      ).toThrow(/nothing pinned/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('the release workflow builds, checks dist/, pins with this script, commits, then tags (in that order)', () => {
  const text = readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8');
  const at = (needle: string): number => {
    const i = text.indexOf(needle);
    if (i < 0) throw new Error(`release.yml: no ${needle}`);
    return i;
  };
  const order = [
    'run: npm run build',
    'git status --porcelain dist',
    'node scripts/pin-release-refs.mjs "v$VERSION"',
    'git commit -a',
    'git tag -a "v$VERSION"',
    'git tag -f -a "$major"',
    'git push origin "refs/tags/v$VERSION"',
  ].map(at);
  expect(order).toEqual([...order].sort((a, b) => a - b));
});
