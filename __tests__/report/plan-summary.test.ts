import { describe, expect, test } from '@jest/globals';
import type { Plan } from '../../src/plan/planner.js';
import { renderPlanSummary } from '../../src/report/plan-summary.js';

const production = {
  name: 'production',
  branches: ['release'],
  runner: ['self-hosted', 'aws', 'prod'],
  with: {},
};

describe('renderPlanSummary', () => {
  test('a deploy plan: headline, trigger, decision, every component with its rule, runner', () => {
    const plan: Plan = {
      trigger: 'push to "release"',
      deploy: true,
      environment: production,
      runner: production.runner,
      decisions: [
        { component: 'backend', selected: true, reason: 'label "Backend" on PR #12' },
        {
          component: 'frontend',
          selected: false,
          reason: 'labels decide: PR #12 carries "Backend", not "Frontend"',
        },
      ],
      note: '"release" matches "release" (merged PR #12): deploy to "production"',
    };
    expect(renderPlanSummary(plan)).toBe(
      [
        '### berth plan: Deploy 1 component to **production**',
        '',
        '**Trigger:** push to "release"  ',
        '**Decision:** "release" matches "release" (merged PR \\#\u200b12): deploy to "production"',
        '',
        '| Component | Selected | Why |',
        '| --- | --- | --- |',
        '| backend | yes | label "Backend" on PR \\#\u200b12 |',
        '| frontend | no | labels decide: PR \\#\u200b12 carries "Backend", not "Frontend" |',
        '',
        '**Runner:** self-hosted, aws, prod',
        '',
      ].join('\n'),
    );
  });

  test('an empty plan says nothing is done, and hostile names stay inert', () => {
    const plan: Plan = {
      trigger: 'push to "<img src=x onerror=alert(1)>|@admin"',
      deploy: false,
      runner: ['ubuntu-latest'],
      decisions: [{ component: 'web', selected: false, reason: 'x' }],
      note: 'no match',
    };
    const text = renderPlanSummary(plan);
    expect(text.split('\n')[0]).toBe('### berth plan: Nothing to do');
    expect(text).toContain('**Trigger:** push to "&lt;img src=x onerror=alert(1)&gt;\\|@\u200badmin"  ');
    expect(text).not.toContain('Runner');
  });

  test('a quality plan', () => {
    const plan: Plan = {
      trigger: 'pull request #3 opened (into "develop")',
      deploy: false,
      runner: ['ubuntu-latest'],
      decisions: [
        { component: 'a', selected: true, reason: 'r' },
        { component: 'b', selected: true, reason: 'r' },
      ],
      note: 'pull request: quality checks only, no deploy',
    };
    expect(renderPlanSummary(plan).split('\n')[0]).toBe(
      '### berth plan: Quality checks for 2 components, no deploy',
    );
  });
});
