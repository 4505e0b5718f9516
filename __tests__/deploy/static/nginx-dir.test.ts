/** Release naming, pruning and rollback choice (pure), and the directory steps on this host's filesystem. */
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import {
  nextReleaseId,
  previousRelease,
  publishRelease,
  releaseOfLink,
  releasesToPrune,
  rollbackRelease,
  type ReleaseLog,
} from '../../../src/deploy/static/nginx-dir.js';
import { createExec } from '../../../src/exec.js';
import { LocalHost } from '../../../src/remote/host.js';

const log = (...ids: string[]): ReleaseLog => ({
  version: 1,
  releases: ids.map((id) => ({ id, commit: id, at: '2026-11-22T00:00:00.000Z' })),
});

describe('pure', () => {
  test.each([
    ['abc123', [], 'abc123'],
    ['abc123', ['abc123'], 'abc123-2'],
    ['abc123', ['abc123', 'abc123-2'], 'abc123-3'],
    ['', [], 'local-20261122-093005'],
  ] as const)('nextReleaseId(%j, %j) → %s', (commit, taken, id) => {
    expect(nextReleaseId(commit, new Set(taken), Date.UTC(2026, 10, 22, 9, 30, 5, 123))).toBe(id);
  });

  test.each([
    ['releases/abc', 'abc'],
    ['/srv/www/shop/releases/abc/', 'abc'],
    ['somewhere/else', undefined],
    [undefined, undefined],
  ] as const)('releaseOfLink(%j) → %j', (target, id) => {
    expect(releaseOfLink(target)).toBe(id);
  });

  test.each([
    [['a', 'b', 'c', 'd'], 2, 'd', ['a', 'b']],
    [['a', 'b', 'c', 'd'], 2, 'a', ['b']], // rolled back to a: the live one stays
    [['a', 'b'], 5, 'b', []],
  ] as const)('releasesToPrune(%j, keep %d, live %s) → %j', (ids, keep, live, pruned) => {
    expect(releasesToPrune(log(...ids), keep, live)).toEqual(pruned);
  });

  test('rollback goes to what was live before, not to a release a rollback left behind', () => {
    const history: ReleaseLog = {
      version: 1,
      releases: [
        { id: 'a', commit: 'a', at: '', previous: '' },
        { id: 'b', commit: 'b', at: '', previous: 'a' }, // bad: rolled back to a
        { id: 'c', commit: 'c', at: '', previous: 'a' },
      ],
    };
    expect(previousRelease(history, 'c')?.id).toBe('a');
    expect(previousRelease(history, 'a')).toBeUndefined();
    expect(previousRelease(log('x', 'y'), 'y')?.id).toBe('x'); // written without `previous`
    expect(previousRelease(log('x', 'y'), 'zzz')).toBeUndefined();
  });
});

describe('on this host', () => {
  let work: string;
  let root: string;
  const host = new LocalHost(createExec({ info: () => {} }), tmpdir(), homedir());
  const build = (version: string): string => {
    const dir = path.join(work, `build-${version}`);
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), `<p>${version}</p>`);
    writeFileSync(path.join(dir, 'assets', `app-${version}.js`), version);
    return dir;
  };
  const options = (version: string, commit = version) => ({
    host,
    root,
    localDir: build(version),
    files: ['assets/app-' + version + '.js', 'index.html'],
    commit,
    keep: 2,
    now: () => Date.UTC(2026, 10, 22),
    step: <T>(_name: string, fn: () => Promise<T>) => fn(),
    info: () => {},
  });
  const served = (): string => readFileSync(path.join(root, 'current', 'index.html'), 'utf8');

  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'berth-nginx-dir-'));
    root = path.join(work, 'www');
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  test('deploys switch current; old releases are pruned; rollback goes back', async () => {
    expect(await publishRelease(options('v1'))).toEqual({
      root,
      live: 'v1',
      previous: '',
      removedReleases: [],
    });
    expect(readlinkSync(path.join(root, 'current'))).toBe('releases/v1');
    expect(served()).toBe('<p>v1</p>');
    await publishRelease(options('v2'));
    expect(await publishRelease(options('v3'))).toEqual({
      root,
      live: 'v3',
      previous: 'v2',
      removedReleases: ['v1'],
    });
    expect(() => lstatSync(path.join(root, 'releases', 'v1'))).toThrow(/ENOENT/);
    expect(served()).toBe('<p>v3</p>');
    // Files are readable by nginx's workers whatever the build's modes were.
    expect(lstatSync(path.join(root, 'releases', 'v3', 'assets')).mode & 0o005).toBe(0o005);

    const step = <T>(_n: string, fn: () => Promise<T>) => fn();
    expect(await rollbackRelease({ host, root, step, info: () => {} })).toEqual({
      root,
      live: 'v2',
      previous: 'v3',
      removedReleases: [],
    });
    expect(served()).toBe('<p>v2</p>');
    // v2's predecessor v1 was pruned: nothing further back.
    await expect(rollbackRelease({ host, root, step, info: () => {} })).rejects.toThrow(
      `static-root: nothing to roll back to in ${root} on this host (releases/v2 is the oldest release recorded)`,
    );
  });

  test('the same commit twice gets a second directory; the live one is never overwritten', async () => {
    await publishRelease(options('v1', 'abc'));
    const again = await publishRelease(options('v1b', 'abc'));
    expect(again.live).toBe('abc-2');
    expect(readFileSync(path.join(root, 'releases', 'abc', 'index.html'), 'utf8')).toBe('<p>v1</p>');
    expect(served()).toBe('<p>v1b</p>');
  });

  test('a current that is a real directory is refused, with what to do', async () => {
    mkdirSync(path.join(root, 'current'), { recursive: true });
    await expect(publishRelease(options('v1'))).rejects.toThrow(
      `static-root: ${root}/current on this host is not a symlink (${root}/current exists and is not a symlink); berth switches it as a symlink to releases/<id> — move it away (e.g. into ${root}/releases/) once`,
    );
  });
});
