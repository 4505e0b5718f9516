import { describe, expect, test } from '@jest/globals';
import {
  dashboardLink,
  describeCondition,
  formatCondition,
  formatMetricValue,
  metricName,
  renderQualityGateNotChecked,
  renderQualityGateSummary,
} from '../../src/report/quality-gate-summary.js';
import type { GateCondition } from '../../src/sonar/api.js';
import { toProjectStatus } from '../../src/sonar/client.js';
import { sonarFixture } from '../helpers/sonar-stub.js';

const gate = (name: string) => toProjectStatus(JSON.parse(sonarFixture(name)) as unknown, 'fixture');
const condition = (over: Partial<GateCondition>): GateCondition => ({
  status: 'ERROR',
  metricKey: 'new_coverage',
  comparator: 'LT',
  errorThreshold: '80',
  actualValue: '72.5',
  ...over,
});

describe('the whole section, from SonarQube’s bodies', () => {
  test('ERROR: failed conditions first, each with its value and requirement; the project and the link', () => {
    expect(
      renderQualityGateSummary({
        ...gate('project-status-error.json'),
        projectKey: 'com.example:shop',
        pullRequest: '7',
        dashboardUrl: 'http://localhost:9000/dashboard?id=com.example%3Ashop&pullRequest=7',
      }),
    ).toBe(
      [
        '### berth quality gate: FAILED — 3 of 5 conditions failed',
        '',
        'Project com.example:shop (pull request 7)',
        '',
        '| Metric | Value | Required |  |',
        '| --- | --- | --- | --- |',
        '| Coverage on New Code | 72.5% | ≥ 80.0% | FAILED |',
        '| Security Hotspots Reviewed on New Code | 0.0% | ≥ 100.0% | FAILED |',
        '| New Issues | 4 | ≤ 0 | FAILED |',
        '| Duplicated Lines (%) on New Code | 1.2% | ≤ 3.0% | passed |',
        '| Reliability Rating on New Code | A | A | passed |',
        '',
        '[Open in SonarQube](http://localhost:9000/dashboard?id=com.example%3Ashop&pullRequest=7)',
        '',
      ].join('\n'),
    );
  });

  test('OK', () => {
    const text = renderQualityGateSummary({
      ...gate('project-status-ok.json'),
      projectKey: 'shop',
      branch: 'main',
    });
    expect(text.split('\n').slice(0, 3)).toEqual([
      '### berth quality gate: PASSED',
      '',
      'Project shop (branch main)',
    ]);
    expect(text).toContain('| Coverage on New Code | 91.3% | ≥ 80.0% | passed |');
  });

  test('WARN (a server before 7.6): judged by the warning threshold', () => {
    const text = renderQualityGateSummary(gate('project-status-warn.json'));
    expect(text).toBe(
      [
        '### berth quality gate: WARN — 1 of 3 conditions warned',
        '',
        '| Metric | Value | Required |  |',
        '| --- | --- | --- | --- |',
        '| Coverage on New Code | 65.3% | ≥ 80.0% | WARN |',
        '| New Blocker Issues | 0 | ≤ 0 | passed |',
        '| Maintainability Rating on New Code | A | B or better | passed |',
        '',
      ].join('\n'),
    );
  });

  test('NONE: says that nothing was checked and how to get a gate', () => {
    expect(renderQualityGateSummary(gate('project-status-none.json'))).toBe(
      [
        '### berth quality gate: NONE (no gate)',
        '',
        'SonarQube has no quality gate for this project, so nothing was checked. Assign one in SonarQube (Project Settings → Quality Gate).',
        '',
      ].join('\n'),
    );
  });

  test('ignored conditions (a small change) are mentioned', () => {
    expect(renderQualityGateSummary({ status: 'OK', conditions: [], ignoredConditions: true })).toContain(
      'SonarQube ignores coverage and duplication conditions when fewer than 20 lines are new.',
    );
  });

  test('user text is escaped: a branch name cannot inject Markdown or mention anyone', () => {
    const text = renderQualityGateSummary({
      status: 'OK',
      conditions: [],
      ignoredConditions: false,
      projectKey: 'a_b',
      branch: 'feat/<img src=x>@team|x',
    });
    expect(text).toContain('Project a\\_b (branch feat/&lt;img src=x&gt;@\u200bteam\\|x)');
  });

  test('not checked: the reason, escaped, where the verdict would be', () => {
    expect(
      renderQualityGateNotChecked('timeout: last status seen: IN_PROGRESS', 'https://s/dashboard?id=x'),
    ).toBe(
      [
        '### berth quality gate: not checked',
        '',
        'timeout: last status seen: IN\\_PROGRESS',
        '',
        '[Open in SonarQube](https://s/dashboard?id=x)',
        '',
      ].join('\n'),
    );
  });
});

describe('conditions', () => {
  test.each([
    [condition({}), '72.5%', '≥ 80.0%'],
    [condition({ actualValue: '79.96' }), '79.96%', '≥ 80.00%'], // never "80.0%, required ≥ 80.0%"
    [condition({ actualValue: '80' }), '80.0%', '≥ 80.0%'],
    [
      condition({ metricKey: 'new_violations', comparator: 'GT', errorThreshold: '0', actualValue: '12' }),
      '12',
      '≤ 0',
    ],
    [
      condition({ metricKey: 'violations', comparator: 'GT', errorThreshold: '1000', actualValue: '1234' }),
      '1,234',
      '≤ 1,000',
    ],
    [
      condition({
        metricKey: 'new_maintainability_rating',
        comparator: 'GT',
        errorThreshold: '1',
        actualValue: '3',
      }),
      'C',
      'A',
    ],
    [
      condition({ metricKey: 'sqale_rating', comparator: 'GT', errorThreshold: '2', actualValue: '4' }),
      'D',
      'B or better',
    ],
    [
      condition({
        metricKey: 'new_technical_debt',
        comparator: 'GT',
        errorThreshold: '480',
        actualValue: '635',
      }),
      '1d 2h',
      '≤ 1d',
    ],
    [
      condition({ metricKey: 'sqale_index', comparator: 'GT', errorThreshold: '90', actualValue: '45' }),
      '45min',
      '≤ 1h 30min',
    ],
    [
      condition({
        metricKey: 'new_sqale_debt_ratio',
        comparator: 'GT',
        errorThreshold: '5',
        actualValue: '0.6562109862671661',
      }),
      '0.7%',
      '≤ 5.0%',
    ],
    [
      condition({ metricKey: 'custom_metric', comparator: 'EQ', errorThreshold: '3', actualValue: '3' }),
      '3',
      '≠ 3',
    ],
    [
      condition({ metricKey: 'open_issues', comparator: 'GT', errorThreshold: undefined, actualValue: '17' }),
      '17',
      '–',
    ],
    [condition({ actualValue: undefined }), '–', '≥ 80.0%'],
  ])('%j → %s, required %s', (c, actual, required) => {
    expect(formatCondition(c)).toEqual({ actual, required });
  });

  test.each([
    [condition({}), 'Coverage on New Code is 72.5%, required ≥ 80.0%'],
    [condition({ actualValue: undefined }), 'Coverage on New Code is not measured, required ≥ 80.0%'],
    [
      condition({
        metricKey: 'new_security_rating',
        comparator: 'GT',
        errorThreshold: '1',
        actualValue: '5',
      }),
      'Security Rating on New Code is E, required A',
    ],
  ])('describeCondition %#', (c, line) => {
    expect(describeCondition(c)).toBe(line);
  });

  test.each([
    ['new_duplicated_lines_density', 'Duplicated Lines (%) on New Code'],
    ['new_security_hotspots_reviewed', 'Security Hotspots Reviewed on New Code'],
    ['sqale_rating', 'Maintainability Rating'],
    ['new_software_quality_blocker_issues', 'New software quality blocker issues'],
  ])('metricName(%s) = %s', (key, name) => {
    expect(metricName(key)).toBe(name);
  });

  test.each([
    ['coverage', '0', '0.0%'],
    ['reliability_rating', '6', '6'],
    ['ncloc', 'n/a', 'n/a'],
    ['ncloc', ' ', '–'],
  ])('formatMetricValue(%s, %j) = %s', (key, value, shown) => {
    expect(formatMetricValue(key, value)).toBe(shown);
  });
});

test.each([
  [
    'https://sonar.example.com/dashboard?id=a:b',
    '[Open in SonarQube](https://sonar.example.com/dashboard?id=a:b)',
  ],
  [
    'https://s/dashboard?id=x) [evil](https://e',
    '[Open in SonarQube](https://s/dashboard?id=x%29%20[evil]%28https://e)',
  ],
  ['javascript:alert(1)', ''],
  ['not a url', ''],
  [undefined, ''],
])('dashboardLink(%j)', (url, link) => {
  expect(dashboardLink(url)).toBe(link);
});
