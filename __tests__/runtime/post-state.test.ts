/** The post step's state: what a main step saves is what its post step reads; anything else is none. */
import { expect, test } from '@jest/globals';
import { readPostState, savePostState } from '../../src/runtime/post-state.js';

function store(): {
  saveState(n: string, v: string): void;
  getState(n: string): string;
  raw: Map<string, string>;
} {
  const raw = new Map<string, string>();
  return { raw, saveState: (n, v) => void raw.set(n, v), getState: (n) => raw.get(n) ?? '' };
}

test('each entry reads back as saved', () => {
  const s = store();
  savePostState(s, 'deploy-lock', {
    host: 'deploy@10.0.0.5',
    dir: '/home/deploy/.berth/shop-production/lock',
    runId: '7',
  });
  savePostState(s, 'ssh-dirs', ['/tmp/berth-ssh-a']);
  savePostState(s, 'docker-config', '/tmp/berth-docker-b');
  expect(readPostState(s, 'deploy-lock')).toEqual({
    host: 'deploy@10.0.0.5',
    dir: '/home/deploy/.berth/shop-production/lock',
    runId: '7',
  });
  expect(readPostState(s, 'ssh-dirs')).toEqual(['/tmp/berth-ssh-a']);
  expect(readPostState(s, 'docker-config')).toBe('/tmp/berth-docker-b');
});

test.each([[''], ['not json'], ['{"half":']])('state %j is nothing to release', (text) => {
  const s = store();
  s.raw.set('deploy-lock', text);
  expect(readPostState(s, 'deploy-lock')).toBeUndefined();
});
