import { describe, expect, test } from '@jest/globals';
import type { ComponentConfig as FullComponentConfig } from '../../src/config/schema.js';
import { selectComponents, type ChangeFacts } from '../../src/plan/select.js';

type ComponentConfig = Pick<FullComponentConfig, 'name' | 'labels' | 'paths'>;

const components: ComponentConfig[] = [
  { name: 'backend', labels: ['Backend'], paths: ['backend/**'] },
  { name: 'frontend', labels: ['Frontend'], paths: ['frontend/**', '!frontend/**/*.md'] },
  { name: 'infra', labels: ['Infra'], paths: [] },
  { name: 'docs', labels: [], paths: ['docs/**'] },
  { name: 'proxy', labels: [], paths: [] },
];

const pr = (labels: string[], files?: string[]): ChangeFacts => ({
  pullRequest: { number: 7, labels },
  files,
});

describe('selectComponents', () => {
  test.each<[string, ChangeFacts, Record<string, [boolean, string]>]>([
    [
      'a label selects its component, case-insensitively, and then labels alone decide',
      pr(['backend', 'bug'], ['frontend/src/App.tsx', 'docs/a.md']),
      {
        backend: [true, 'label "backend" on PR #7'],
        frontend: [false, 'labels decide: PR #7 carries "backend", not "Frontend"'],
        infra: [false, 'labels decide: PR #7 carries "backend", not "Infra"'],
        docs: [false, 'labels decide: PR #7 carries "backend"; it has no labels'],
        proxy: [true, 'always: it has no labels or paths'],
      },
    ],
    [
      'both labels select both components',
      pr(['Frontend', 'Backend']),
      {
        backend: [true, 'label "Backend" on PR #7'],
        frontend: [true, 'label "Frontend" on PR #7'],
        infra: [false, 'labels decide: PR #7 carries "Frontend", "Backend", not "Infra"'],
        docs: [false, 'labels decide: PR #7 carries "Frontend", "Backend"; it has no labels'],
        proxy: [true, 'always: it has no labels or paths'],
      },
    ],
    [
      'without a component label, changed files decide; exclusions apply',
      pr(['bug'], ['backend/src/A.java', 'backend/src/B.java', 'frontend/README.md']),
      {
        backend: [true, 'changed "backend/src/A.java" and 1 more (matches "backend/**")'],
        frontend: [false, 'none of 3 changed files matches "frontend/**", "!frontend/**/*.md"'],
        infra: [false, 'no component label on PR #7 ("Infra" selects it) and it has no paths'],
        docs: [false, 'none of 3 changed files matches "docs/**"'],
        proxy: [true, 'always: it has no labels or paths'],
      },
    ],
    [
      'no pull request and no files known: only the always-on component',
      {},
      {
        backend: [false, 'no component label on no pull request and the changed files are unknown'],
        frontend: [false, 'no component label on no pull request and the changed files are unknown'],
        infra: [false, 'no component label on no pull request and the changed files are unknown'],
        docs: [false, 'no component label on no pull request and the changed files are unknown'],
        proxy: [true, 'always: it has no labels or paths'],
      },
    ],
    [
      'a push without a PR is decided by its files',
      { files: ['docs/guide.md'] },
      {
        backend: [false, 'none of 1 changed file matches "backend/**"'],
        frontend: [false, 'none of 1 changed file matches "frontend/**", "!frontend/**/*.md"'],
        infra: [false, 'no component label on no pull request ("Infra" selects it) and it has no paths'],
        docs: [true, 'changed "docs/guide.md" (matches "docs/**")'],
        proxy: [true, 'always: it has no labels or paths'],
      },
    ],
  ])('%s', (_name, facts, expected) => {
    const decisions = selectComponents(components, facts);
    expect(Object.fromEntries(decisions.map((d) => [d.component, [d.selected, d.reason]]))).toEqual(expected);
    expect(decisions.map((d) => d.component)).toEqual(components.map((c) => c.name));
  });

  test('untrusted label text is quoted as data', () => {
    const [decision] = selectComponents([{ name: 'web', labels: ['web'], paths: [] }], pr(['WEB']));
    expect(decision?.reason).toBe('label "WEB" on PR #7');
    const [other] = selectComponents(
      [
        { name: 'web', labels: ['web'], paths: [] },
        { name: 'api', labels: ['a"$(x)\nb'], paths: [] },
      ],
      pr(['A"$(X)\nB']),
    ).slice(1);
    expect(other?.reason).toBe('label "A\\"$(X)\\nB" on PR #7');
  });
});
