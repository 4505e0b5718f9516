/**
 * src/deploy/static/files.ts: the build directory as the list of files a static deploy publishes. A
 * symlink that leaves `dir` (a build with `assets/env.txt -> /proc/self/environ` uploaded the runner's
 * environment, AWS keys and INPUT_* secrets included) is refused, naming the file; the nginx-dir copy
 * takes the same list and writes files, never links.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { scanBuildDir } from '../../../src/deploy/static/files.js';
import { createExec } from '../../../src/exec.js';
import { checkedRelative, LocalHost } from '../../../src/remote/host.js';

let work: string;
let build: string;
let outside: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'berth-static-files-'));
  build = path.join(work, 'build');
  outside = path.join(work, 'outside');
  mkdirSync(path.join(build, 'assets'), { recursive: true });
  mkdirSync(path.join(outside, 'dir'), { recursive: true });
  writeFileSync(path.join(build, 'index.html'), '<p>app</p>');
  writeFileSync(path.join(build, 'assets', 'app.js'), 'app');
  writeFileSync(path.join(outside, 'secret.txt'), 'AWS_SECRET_ACCESS_KEY=xyz');
  writeFileSync(path.join(outside, 'dir', 'key.pem'), 'PRIVATE');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

describe('scanBuildDir', () => {
  test('regular files, sorted, with size and MD5', async () => {
    expect(await scanBuildDir(build)).toEqual([
      { path: 'assets/app.js', size: 3, md5: md5('app') },
      { path: 'index.html', size: 10, md5: md5('<p>app</p>') },
    ]);
  });

  test('a symlinked file inside the build is read as the file; a symlinked directory inside is skipped', async () => {
    symlinkSync('app.js', path.join(build, 'assets', 'alias.js'));
    symlinkSync('assets', path.join(build, 'static'));
    expect((await scanBuildDir(build)).map((f) => f.path)).toEqual([
      'assets/alias.js',
      'assets/app.js',
      'index.html',
    ]);
  });

  test.each([
    ['a file outside the build (absolute)', () => path.join(outside, 'secret.txt')],
    ['the runner process environment', () => '/proc/self/environ'],
    ['a file outside the build (relative)', () => '../../outside/secret.txt'],
    ['a directory outside the build', () => path.join(outside, 'dir')],
    ['a dangling link', () => path.join(outside, 'missing')],
  ])('a symlink to %s is refused, naming the file and the target', async (_what, target) => {
    symlinkSync(target(), path.join(build, 'assets', 'env.txt'));
    await expect(scanBuildDir(build)).rejects.toThrow(
      `dir: assets/env.txt is a symlink to ${JSON.stringify(target())}, outside ${build}; berth publishes only files inside the build directory — replace the link with the file, or remove it`,
    );
  });

  test('a link inside that leads to a link out is refused too (every hop resolved)', async () => {
    symlinkSync(path.join(outside, 'secret.txt'), path.join(build, 'assets', 'hop.txt'));
    symlinkSync('hop.txt', path.join(build, 'assets', 'inner.txt'));
    await expect(scanBuildDir(build)).rejects.toThrow(
      /dir: assets\/(hop|inner)\.txt is a symlink .* outside/,
    );
  });

  test('a build directory that is itself a symlink is fine: inside means inside its real path', async () => {
    symlinkSync(build, path.join(work, 'dist'));
    symlinkSync('app.js', path.join(build, 'assets', 'alias.js'));
    expect(await scanBuildDir(path.join(work, 'dist'))).toHaveLength(3);
  });
});

describe('LocalHost.copyDirFrom: the listed files only, as files', () => {
  const host = new LocalHost(createExec({ info: () => {} }), tmpdir(), homedir());

  test('a link in the list arrives as a regular file with its bytes; a file not listed stays behind', async () => {
    symlinkSync('app.js', path.join(build, 'assets', 'alias.js'));
    writeFileSync(path.join(build, 'notes.txt'), 'not listed');
    const to = path.join(work, 'release');
    await host.copyDirFrom(build, to, ['assets/alias.js', 'assets/app.js', 'index.html']);
    expect(lstatSync(path.join(to, 'assets', 'alias.js')).isFile()).toBe(true);
    expect(readFileSync(path.join(to, 'assets', 'alias.js'), 'utf8')).toBe('app');
    expect(() => lstatSync(path.join(to, 'notes.txt'))).toThrow(/ENOENT/);
  });

  test.each(['../outside/secret.txt', '/etc/passwd', 'assets/../../x', '', 'a//b'])(
    'a list entry %j that is not a relative path inside is refused',
    (entry) => {
      expect(() => checkedRelative(entry)).toThrow(
        `copy: ${JSON.stringify(entry)} is not a relative path inside the build directory`,
      );
    },
  );
});
