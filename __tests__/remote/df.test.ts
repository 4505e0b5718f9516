import { expect, test } from '@jest/globals';
import { parseDfAvailable } from '../../src/remote/df.js';
import { captured, DF } from '../helpers/tool-output.js';

test.each<[string, string, object | undefined]>([
  ['a normal line', DF(75439428), { bytes: 75439428 * 1024, mount: '/var/lib/docker' }],
  ['Debian 12’s df', captured('df-Pk.txt'), { bytes: 78736044 * 1024, mount: '/var/lib/docker' }],
  ['the header only', 'Filesystem     1024-blocks     Used Available Capacity Mounted on\n', undefined],
  [
    'a long device name wraps onto its own line without -P, never with it; mount points may hold spaces',
    'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sdb1 100 50 50 50% /mnt/my disk\n',
    { bytes: 50 * 1024, mount: '/mnt/my disk' },
  ],
  ['garbage', 'df: /nope: No such file or directory\n', undefined],
])('parseDfAvailable: %s', (_, output, expected) => {
  expect(parseDfAvailable(output)).toEqual(expected);
});
