import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@jest/globals';
import { INPUTS, SUB_ACTION_NAMES, describeFor } from '../src/action-spec.js';
import { commandHelp } from '../src/runtime/cli.js';
// @ts-expect-error -- a plain .mjs script, shared with `npm run docs`
import * as docs from '../scripts/action-docs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Docs {
  renderAll(root: string, readme: string): Promise<Map<string, string>>;
  loadActionSpec(
    root: string,
  ): Promise<Record<string, unknown> & { INPUTS: Record<string, { description: string }> }>;
  loadConfigSchema(root: string): Promise<unknown>;
  renderActionYml(spec: unknown, sub?: string): Promise<string>;
  renderSubReadme(spec: unknown, sub: string): string;
  renderReadme(spec: unknown, schema: unknown, readme: string): string;
}
const { renderAll, loadActionSpec, loadConfigSchema, renderActionYml, renderSubReadme, renderReadme } =
  docs as Docs;
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');
const squash = (text: string): string => text.replace(/\s+/g, ' ');

test('every action.yml, sub-action README, README table and the config JSON Schema is generated from src/action-spec.ts and the config schema (run `npm run docs`)', async () => {
  const files = await renderAll(root, read('README.md'));
  expect([...files.keys()].sort()).toEqual(
    [
      'action.yml',
      'README.md',
      'berth.schema.json',
      ...SUB_ACTION_NAMES.flatMap((s) => [`${s}/action.yml`, `${s}/README.md`]),
    ].sort(),
  );
  for (const [file, wanted] of files) expect({ file, text: read(file) }).toEqual({ file, text: wanted });
});

test('changing one description in the declaration changes every file made from it', async () => {
  const spec = await loadActionSpec(root);
  const before = {
    root: await renderActionYml(spec),
    deploy: await renderActionYml(spec, 'deploy'),
    readme: renderSubReadme(spec, 'deploy'),
    tables: renderReadme(spec, await loadConfigSchema(root), read('README.md')),
  };
  spec.INPUTS['health-path'] = {
    ...spec.INPUTS['health-path'],
    description: '`deploy`: a changed description.',
  };
  const after = {
    root: await renderActionYml(spec),
    deploy: await renderActionYml(spec, 'deploy'),
    readme: renderSubReadme(spec, 'deploy'),
    tables: renderReadme(spec, await loadConfigSchema(root), read('README.md')),
  };
  for (const key of Object.keys(before) as (keyof typeof before)[]) {
    expect(after[key]).not.toBe(before[key]);
    expect(after[key].toLowerCase()).toContain('a changed description.');
  }
  // The committed files hold the declaration's text, so they now differ: the drift test above fails.
  expect(read('deploy/action.yml')).not.toContain('a changed description.');
});

test("each CLI command's --help is generated from the same declaration", () => {
  for (const sub of SUB_ACTION_NAMES) {
    const help = squash(commandHelp(sub));
    for (const [name, spec] of Object.entries(INPUTS)) {
      const takes = ((spec as { in?: readonly string[] }).in ?? []).includes(sub);
      if (!takes) continue;
      expect({ sub, name, found: help.includes(squash(describeFor(spec, sub))) }).toEqual({
        sub,
        name,
        found: true,
      });
    }
  }
  const port = INPUTS.port as { description: string };
  const original = port.description;
  try {
    (port as { description: string }).description = '`deploy`: a changed description of port.';
    expect(commandHelp('deploy')).toContain('A changed description of port.');
  } finally {
    port.description = original;
  }
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

test('the security section names the repository settings for every template, and claims nothing a file cannot keep', () => {
  const readme = read('README.md');
  expect(readme).not.toMatch(/no pull request can reach a self-hosted runner/i);
  const start = readme.indexOf('## Security: what protects a production runner');
  expect(start).toBeGreaterThan(0);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  for (const setting of [
    'Deployment branches and tags',
    'Required reviewers',
    'Environment secrets',
    'Runner groups',
    'Fork pull request workflows',
    'Workflow permissions',
    'CODEOWNERS',
    'Require status checks',
  ]) {
    expect([setting, section.includes(setting)]).toEqual([setting, true]);
  }
  const templates = readdirSync(path.join(root, 'workflow-templates')).filter((f) => f.endsWith('.yml'));
  expect(templates.length).toBeGreaterThan(5);
  for (const template of templates) {
    expect([template, section.includes(`| \`${template}\` |`)]).toEqual([template, true]);
  }
});
