/**
 * The rules blue/green's safety rests on, below the engine suites (which run dist/): the new version
 * never starts in the live colour, and pruning never removes an image a container still uses.
 */
import { describe, expect, test } from '@jest/globals';
import { idleColor } from '../../../src/deploy/containers/blue-green.js';
import { pruneImages, type Docker } from '../../../src/deploy/containers/container.js';
import type { ExecResult } from '../../../src/exec.js';
import type { CommandHost } from '../../../src/remote/host.js';

test.each([
  [undefined, 'blue'],
  ['blue', 'green'],
  ['green', 'blue'],
] as const)('live %s: the new version starts in %s', (live, idle) => {
  expect(idleColor(live)).toBe(idle);
  if (live !== undefined) expect(idleColor(live)).not.toBe(live);
});

/** A host answering docker's image and container listings from fixed lists, recording every argv. */
function dockerHost(
  images: string[],
  inUse: Record<string, string>,
): { d: Docker<CommandHost>; calls: string[][] } {
  const calls: string[][] = [];
  const host: CommandHost = {
    label: 'this host',
    remote: false,
    async exec(argv: readonly string[]): Promise<ExecResult> {
      calls.push([...argv]);
      const [, verb, sub] = argv;
      if (verb === 'image' && sub === 'ls') return { code: 0, stdout: `${images.join('\n')}\n`, stderr: '' };
      if (verb === 'container' && sub === 'inspect') {
        const names = argv.slice(argv.indexOf('{{.Image}}') + 1);
        const lines = names.filter((n) => n in inUse).map((n) => inUse[n]);
        return {
          code: names.every((n) => n in inUse) ? 0 : 1,
          stdout: lines.map((l) => `${l}\n`).join(''),
          stderr: '',
        };
      }
      return { code: 0, stdout: '', stderr: '' };
    },
  };
  return { d: { host, docker: 'docker', configDir: '/tmp/c' }, calls };
}

const id = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const removed = (calls: string[][]): string[] =>
  calls.filter((c) => c[1] === 'image' && c[2] === 'rm').map((c) => c[3] as string);

describe('pruneImages', () => {
  test('keeps the newest keep-images, and of the rest removes only those no container uses', async () => {
    // docker image ls lists the newest first; the kept-old colour still runs id(4).
    const { d, calls } = dockerHost([id(1), id(2), id(3), id(4), id(5)], {
      'shop-production-blue': id(1),
      'shop-production-green': id(4),
    });
    await pruneImages(d, `registry.example.com/shop@${id(1)}`, 2, [
      'shop-production-blue',
      'shop-production-green',
    ]);
    expect(removed(calls)).toEqual([id(3), id(5)]);
  });

  test('a colour that is gone does not make the others unused', async () => {
    const { d, calls } = dockerHost([id(1), id(2), id(3)], { 'shop-production-blue': id(3) });
    await pruneImages(d, `registry.example.com/shop@${id(1)}`, 1, [
      'shop-production-blue',
      'shop-production-green',
    ]);
    expect(removed(calls)).toEqual([id(2)]);
  });

  test('exactly keep-images images: nothing is asked or removed', async () => {
    const { d, calls } = dockerHost([id(1), id(2)], {});
    await pruneImages(d, `registry.example.com/shop@${id(1)}`, 2, ['shop-production-blue']);
    expect(calls).toHaveLength(1);
  });

  test('no more images than keep-images: nothing is asked or removed', async () => {
    const { d, calls } = dockerHost([id(1), id(2)], {});
    await pruneImages(d, `registry.example.com/shop@${id(1)}`, 3, ['shop-production-blue']);
    expect(removed(calls)).toEqual([]);
    expect(calls).toHaveLength(1);
  });
});
