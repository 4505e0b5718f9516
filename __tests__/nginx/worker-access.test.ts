import { expect, test } from '@jest/globals';
import {
  blockedMessage,
  directoriesAbove,
  firstUnsearchable,
  permits,
  markerAccess,
  parseStatModes,
  type DirMode,
} from '../../src/nginx/worker-access.js';
import type { ExecResult } from '../../src/exec.js';
import type { CommandHost } from '../../src/remote/host.js';

test('directoriesAbove', () => {
  expect(directoriesAbove('/etc/nginx/berth/shop.conf.green')).toEqual([
    '/',
    '/etc',
    '/etc/nginx',
    '/etc/nginx/berth',
  ]);
  expect(directoriesAbove('/x.green')).toEqual(['/']);
});

const dirs = (...modes: Array<[string, number, number, number]>): DirMode[] =>
  modes.map(([dir, mode, uid, gid]) => ({ dir, mode, uid, gid }));
const WWW = { uid: 33, gids: [33] };

test.each<[string, DirMode[], { uid: number; gids: number[] }, string | undefined]>([
  [
    'all 0755',
    dirs(['/', 0o755, 0, 0], ['/etc', 0o755, 0, 0], ['/etc/nginx/berth', 0o755, 1001, 1001]),
    WWW,
    undefined,
  ],
  [
    'a 0700 directory of the runner',
    dirs(['/', 0o755, 0, 0], ['/home/runner', 0o700, 1001, 1001]),
    WWW,
    '/home/runner',
  ],
  [
    '0750 with the worker in its group',
    dirs(['/', 0o755, 0, 0], ['/srv/berth', 0o750, 1001, 33]),
    WWW,
    undefined,
  ],
  ['0750 without', dirs(['/', 0o755, 0, 0], ['/srv/berth', 0o750, 1001, 1001]), WWW, '/srv/berth'],
  ['0711: search without read is enough', dirs(['/', 0o755, 0, 0], ['/tmp/x', 0o711, 0, 0]), WWW, undefined],
  ['the owner without x', dirs(['/', 0o755, 0, 0], ['/srv/odd', 0o611, 33, 33]), WWW, '/srv/odd'],
  ['workers as root see everything', dirs(['/root', 0o700, 0, 0]), { uid: 0, gids: [0] }, undefined],
  [
    "root passes another user's 0700 too",
    dirs(['/home/runner', 0o700, 1001, 1001]),
    { uid: 0, gids: [0] },
    undefined,
  ],
])('firstUnsearchable: %s', (_name, modes, who, blocked) => {
  expect(firstUnsearchable(modes, who)?.dir).toBe(blocked);
});

test('parseStatModes pairs the lines with the directories, or refuses output it does not know', () => {
  expect(parseStatModes(['/', '/etc'], '755 0 0\n1777 0 0\n')).toEqual(
    dirs(['/', 0o755, 0, 0], ['/etc', 0o1777, 0, 0]),
  );
  expect(parseStatModes(['/', '/etc'], '755 0 0\n')).toBeUndefined();
  expect(parseStatModes(['/'], 'stat: cannot stat\n')).toBeUndefined();
});

test('markerAccess: the directories that exist decide (berth makes the rest)', async () => {
  const calls: string[][] = [];
  const host: CommandHost = {
    label: 'this host',
    remote: false,
    exec: async (argv: readonly string[]): Promise<ExecResult> => {
      calls.push([...argv]);
      return { code: 0, stdout: '755 0 0\n755 0 0\n700 1001 1001\n', stderr: '' };
    },
  };
  const access = await markerAccess(host, '/home/runner/berth/x.conf.green', WWW);
  expect(access).toEqual({ status: 'blocked', dir: '/home/runner', mode: 0o700, uid: 33 });
  expect(calls[0]?.slice(-4)).toEqual(['/', '/home', '/home/runner', '/home/runner/berth']);
  expect(
    blockedMessage('/home/runner/berth/x.conf.green', access as { dir: string; mode: number; uid: number }),
  ).toBe(
    "nginx's workers (uid 33) cannot search /home/runner (mode 0700), so they would never see berth's switch marker /home/runner/berth/x.conf.green; let them in: sudo chmod o+x /home/runner (or move nginx-upstream-file to a directory nginx's user can read, e.g. /etc/nginx/berth)",
  );
  expect(await markerAccess(host, '/x.green', undefined)).toEqual({
    status: 'unknown',
    why: "nginx's worker processes were not found",
  });
});

test.each([
  ['root reads anything', { mode: 0o000, uid: 1, gid: 1 }, { uid: 0, gids: [0] }, true],
  ['the owner by its r bit', { mode: 0o400, uid: 33, gid: 1 }, { uid: 33, gids: [33] }, true],
  [
    'the owner without it, though the group has it',
    { mode: 0o040, uid: 33, gid: 33 },
    { uid: 33, gids: [33] },
    false,
  ],
  [
    'the group by its r bit (a 0640 htpasswd chgrp’d to www-data)',
    { mode: 0o640, uid: 1000, gid: 33 },
    { uid: 33, gids: [33] },
    true,
  ],
  [
    'others without r (0640, another group)',
    { mode: 0o640, uid: 1000, gid: 1000 },
    { uid: 33, gids: [33] },
    false,
  ],
  ['others with r', { mode: 0o644, uid: 1000, gid: 1000 }, { uid: 33, gids: [33] }, true],
])('permits(read): %s', (_what, file, who, readable) => {
  expect(permits(file, who, 4)).toBe(readable);
});
