/**
 * src/sonar/analysis.ts: the analysis a quality-gate step waits for, from report-task.txt. Its
 * dashboardUrl becomes a link in the PR comment, so only one on the server berth asks is kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { locateAnalysis } from '../../src/sonar/analysis.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'berth-sonar-analysis-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const report = (serverUrl: string, dashboardUrl: string): string =>
  [
    'projectKey=shop',
    `serverUrl=${serverUrl}`,
    'serverVersion=10.7.0.96327',
    `dashboardUrl=${dashboardUrl}`,
    'ceTaskId=AZLQ1x4kXo2pRtjcBvUe',
    `ceTaskUrl=${serverUrl}/api/ce/task?id=AZLQ1x4kXo2pRtjcBvUe`,
    '',
  ].join('\n');

test.each([
  [
    'on the server',
    'http://sonar.internal:9000',
    '',
    'http://sonar.internal:9000/dashboard?id=shop',
    'http://sonar.internal:9000/dashboard?id=shop',
  ],
  ['on another host', 'http://sonar.internal:9000', '', 'https://evil.example/login?id=shop', undefined],
  [
    'on another port of the host',
    'http://sonar.internal:9000',
    '',
    'http://sonar.internal:9001/dashboard?id=shop',
    undefined,
  ],
  ['another scheme', 'http://sonar.internal:9000', '', 'javascript:alert(1)//', undefined],
  [
    'rebased onto sonar-host-url',
    'http://sonar.internal:9000',
    'https://sonar.example.com',
    'http://sonar.internal:9000/dashboard?id=shop',
    'https://sonar.example.com/dashboard?id=shop',
  ],
  [
    'elsewhere while sonar-host-url is set',
    'http://sonar.internal:9000',
    'https://sonar.example.com',
    'https://evil.example/x',
    undefined,
  ],
])('a dashboardUrl %s', async (_what, serverUrl, hostUrl, dashboardUrl, expected) => {
  writeFileSync(path.join(work, 'report-task.txt'), report(serverUrl, dashboardUrl));
  const info: string[] = [];
  const found = await locateAnalysis(
    { ceTaskId: '', reportTaskFile: 'report-task.txt', sonarHostUrl: hostUrl, workingDirectory: '.' },
    { workspace: work, info: (m) => info.push(m) },
  );
  expect(found.dashboardUrl).toBe(expected);
  if (expected === undefined) {
    expect(info).toContain(
      `report-task.txt: its dashboardUrl is not on ${hostUrl || serverUrl}; the link is made from the server's address instead`,
    );
  }
});
