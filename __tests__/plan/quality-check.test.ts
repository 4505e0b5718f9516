import { describe, expect, test } from '@jest/globals';
import type { ComponentConfig } from '../../src/config/schema.js';
import { ConfigurationError } from '../../src/errors.js';
import {
  parseNeeds,
  qualityVerdict,
  touchedComponents,
  type Needs,
  type Touch,
} from '../../src/plan/quality-check.js';
import { renderQualityCheckSummary } from '../../src/report/quality-check-summary.js';

const components: Pick<ComponentConfig, 'name' | 'labels' | 'paths'>[] = [
  { name: 'backend', labels: ['Backend'], paths: ['backend/**'] },
  { name: 'frontend', labels: ['Frontend'], paths: ['frontend/**', '!frontend/**/*.md'] },
  { name: 'infra', labels: ['Infra'], paths: [] },
  { name: 'proxy', labels: [], paths: [] },
];

describe('touchedComponents: by paths only; a component with neither labels nor paths by any change', () => {
  test.each<[string, string[], string[]]>([
    ['a backend file', ['backend/src/App.java'], ['backend', 'proxy']],
    ['an excluded frontend file', ['frontend/README.md'], ['proxy']],
    ['both', ['frontend/src/App.tsx', 'backend/build.gradle'], ['backend', 'frontend', 'proxy']],
    ['docs only', ['docs/setup.md'], ['proxy']],
    ['no files', [], ['proxy']],
  ])('%s', (_name, files, touched) => {
    expect(touchedComponents(components, files).map((t) => t.component)).toEqual(touched);
  });

  test('the reason names the file and the pattern', () => {
    expect(touchedComponents(components.slice(0, 1), ['docs/a.md', 'backend/a.kt', 'backend/b.kt'])).toEqual([
      { component: 'backend', reason: 'changed "backend/a.kt" (matches "backend/**")' },
    ]);
  });
});

const quality = (component: string, result: string, tested: string) => ({
  result,
  outputs: { component, tested },
});
const touch = (component: string): Touch => ({ component, reason: `changed "${component}/x"` });

describe('qualityVerdict', () => {
  test.each<[string, Needs, Touch[] | undefined, string[]]>([
    [
      'a touched component tested: passes',
      {
        backend: quality('backend', 'success', 'success'),
        frontend: quality('frontend', 'success', 'skipped'),
      },
      [touch('backend')],
      [],
    ],
    [
      'a touched component whose test was skipped (its PR config selected nothing): fails naming it',
      { backend: quality('backend', 'success', 'skipped') },
      [touch('backend')],
      [
        `component "backend": the pull request's files touch it (changed "backend/x") but its quality job did not test it ("backend" test: skipped)`,
      ],
    ],
    [
      'a caller job skipped altogether (no outputs): not tested',
      { backend: { result: 'skipped', outputs: {} }, other: quality('backend', 'skipped', '') },
      [touch('backend')],
      [
        `component "backend": the pull request's files touch it (changed "backend/x") but its quality job did not test it ("other" test: did not run)`,
      ],
    ],
    [
      'a needed job failed: fails, even when nothing is touched',
      { backend: quality('backend', 'failure', 'failure') },
      [],
      ['job "backend": failure'],
    ],
    [
      'a needed job cancelled, on a push (no touched set): fails',
      { backend: quality('backend', 'cancelled', 'cancelled'), lint: { result: 'success', outputs: {} } },
      undefined,
      ['job "backend": cancelled'],
    ],
    [
      'nothing touched, every test skipped (a docs-only PR): passes',
      {
        backend: quality('backend', 'success', 'skipped'),
        frontend: quality('frontend', 'success', 'skipped'),
      },
      [],
      [],
    ],
    [
      'a touched component no quality job here reports: no failure (the summary lists it)',
      { backend: quality('backend', 'success', 'success') },
      [touch('backend'), touch('proxy')],
      [],
    ],
    [
      'two jobs report one component (a matrix of versions): one tested is enough',
      { java17: quality('backend', 'success', 'skipped'), java21: quality('backend', 'success', 'success') },
      [touch('backend')],
      [],
    ],
    [
      'a push: only results count, a skipped test is fine',
      { backend: quality('backend', 'success', 'skipped') },
      undefined,
      [],
    ],
  ])('%s', (_name, needs, touched, problems) => {
    const verdict = qualityVerdict(needs, touched);
    expect(verdict.problems).toEqual(problems);
    expect(verdict.passed).toBe(problems.length === 0);
  });

  test('rows: each reported or touched component with its verdict', () => {
    const verdict = qualityVerdict(
      {
        backend: quality('backend', 'success', 'skipped'),
        frontend: quality('frontend', 'success', 'success'),
      },
      [touch('backend'), touch('proxy')],
    );
    expect(verdict.components.map((c) => [c.component, c.verdict])).toEqual([
      ['backend', 'not gated'],
      ['frontend', 'not touched'],
      ['proxy', 'no quality job'],
    ]);
  });
});

describe('parseNeeds: toJSON(needs), or a ConfigurationError naming `needs`', () => {
  test('GitHub’s shape: result and outputs; non-string outputs dropped', () => {
    expect(
      parseNeeds(
        JSON.stringify({
          backend: { result: 'success', outputs: { component: 'backend', tested: 'success', n: 3 } },
          lint: { result: 'skipped', outputs: {} },
        }),
      ),
    ).toEqual({
      backend: { result: 'success', outputs: { component: 'backend', tested: 'success' } },
      lint: { result: 'skipped', outputs: {} },
    });
  });

  test.each([
    ['', 'needs: not JSON ("");'],
    ['${{ toJSON(needs) }}', 'needs: not JSON ("${{ toJSON(needs) }}");'],
    ['{}', 'needs: "{}" names no job;'],
    ['[]', 'needs: "[]" names no job;'],
    ['{"backend": {"outputs": {}}}', 'needs: job "backend" has no result;'],
  ])('%j', (text, start) => {
    let error: unknown;
    try {
      parseNeeds(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).key).toBe('needs');
    expect((error as Error).message).toBe(
      `${start} expected \`\${{ toJSON(needs) }}\` of a job that needs every quality job: {"<job>": {"result": "success", "outputs": {…}}, …}`,
    );
  });
});

describe('renderQualityCheckSummary', () => {
  const verdict = qualityVerdict({ backend: quality('backend', 'success', 'skipped') }, [touch('backend')]);

  test('the verdict, where the paths came from, the problems, the components and the jobs', () => {
    expect(
      renderQualityCheckSummary(verdict, {
        description: '.github/berth.yml at the base commit 6dcb09b',
        fromPullRequest: false,
      }),
    ).toBe(
      [
        '### berth quality check: FAILED',
        '',
        '**Components the pull request touches:** by the paths in .github/berth.yml at the base commit 6dcb09b',
        '',
        `- component "backend": the pull request's files touch it (changed "backend/x") but its quality job did not test it ("backend" test: skipped)`,
        '',
        '| Component | Touched by | Quality job (test) | Verdict |',
        '| --- | --- | --- | --- |',
        '| backend | changed "backend/x" | backend: skipped | NOT TESTED |',
        '',
        '| Job | Result |',
        '| --- | --- |',
        '| backend | success |',
        '',
      ].join('\n'),
    );
  });

  test('a first adoption is flagged; a push says only results count', () => {
    expect(renderQualityCheckSummary(verdict, { description: 'the PR’s', fromPullRequest: true })).toContain(
      "> The base branch has no berth config yet (a first adoption): the pull request's own config decided",
    );
    expect(
      renderQualityCheckSummary(
        qualityVerdict({ b: quality('b', 'success', 'success') }, undefined),
        undefined,
      ),
    ).toContain('Not a pull request: only the results of the jobs it needs count.');
  });
});
