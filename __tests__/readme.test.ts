import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@jest/globals';
// @ts-expect-error -- a plain .mjs script, shared with `npm run docs`
import { renderReadme } from '../scripts/readme-docs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('README tables are generated from action.yml and the config schema (run `npm run docs`)', async () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const render = renderReadme as (root: string, text: string) => Promise<string>;
  expect(await render(root, readme)).toBe(readme);
});

test('the README example config is the one the tests use', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const fixture = readFileSync(path.join(root, '__tests__/fixtures/berth.yml'), 'utf8');
  const body = fixture
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n')
    .trim();
  const indented = body
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');
  expect(readme).toContain(indented);
});

test('the test command README gives is the one .ci/run runs', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const ci = readFileSync(path.join(root, '.ci/run'), 'utf8');
  expect(readme).toContain('npm ci && npm test');
  expect(ci).toContain('npm ci && npm test');
});
