import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import {
  findReportTasks,
  noReportTaskError,
  parseProperties,
  parseReportTask,
  severalReportTasksError,
} from '../../src/sonar/report-task.js';
import { sonarFixture } from '../helpers/sonar-stub.js';

describe('parseProperties: java.util.Properties syntax', () => {
  test.each([
    ['key=value', [['key', 'value']]],
    ['key = value with spaces ', [['key', 'value with spaces ']]],
    ['key: value', [['key', 'value']]],
    ['key value', [['key', 'value']]],
    ['# comment\n! comment\n\n  key=v', [['key', 'v']]],
    ['url=http\\://host\\:9000/x', [['url', 'http://host:9000/x']]],
    ['a\\=b=c', [['a=b', 'c']]],
    ['name=caf\\u00e9\\tx', [['name', 'café\tx']]],
    ['long=first \\\n    second', [['long', 'first second']]],
    [
      'even=ends with two \\\\\nnext=1',
      [
        ['even', 'ends with two \\'],
        ['next', '1'],
      ],
    ],
    ['dup=1\ndup=2', [['dup', '2']]],
    [
      '\uFEFFbom=1\r\ncrlf=2',
      [
        ['bom', '1'],
        ['crlf', '2'],
      ],
    ],
    ['empty=', [['empty', '']]],
  ])('%j', (text, expected) => {
    expect([...parseProperties(text)]).toEqual(expected);
  });
});

describe('parseReportTask', () => {
  test('what the scanner writes (SonarQube 10)', () => {
    expect(parseReportTask(sonarFixture('report-task.txt'), 'build/sonar/report-task.txt')).toEqual({
      ceTaskId: 'AZLQ1x4kXo2pRtjcBvUe',
      serverUrl: 'http://localhost:9000',
      serverVersion: '10.7.0.96327',
      projectKey: 'com.example:shop',
      dashboardUrl: 'http://localhost:9000/dashboard?id=com.example%3Ashop&pullRequest=7',
    });
  });

  test('SonarQube Cloud adds the organization', () => {
    expect(parseReportTask(sonarFixture('report-task-sonarcloud.txt'), 'r')).toMatchObject({
      organization: 'acme',
      serverUrl: 'https://sonarcloud.io',
      serverVersion: '8.0.0.68405',
    });
  });

  test('without ceTaskId, the id of ceTaskUrl', () => {
    expect(
      parseReportTask(
        'serverUrl=https://sonar.example.com\nceTaskUrl=https://sonar.example.com/api/ce/task?id=AX1',
        'r',
      ),
    ).toEqual({ ceTaskId: 'AX1', serverUrl: 'https://sonar.example.com' });
  });

  test('no task at all: the error names the file and says why that happens', () => {
    expect(() =>
      parseReportTask('projectKey=x\nserverUrl=http://s\n', '.scannerwork/report-task.txt'),
    ).toThrow(
      'report-task-file: .scannerwork/report-task.txt has no ceTaskId (nor a ceTaskUrl with an id); expected the report-task.txt a SonarQube scanner writes after it uploads an analysis (did the upload fail, or is sonar.scanner.skip set?)',
    );
  });
});

describe('findReportTasks: where each scanner writes it', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const layout = (...files: string[]): string => {
    root = mkdtempSync(path.join(tmpdir(), 'berth-sonar-'));
    for (const file of files) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), 'ceTaskId=AX1\n');
    }
    return root;
  };

  test.each([
    ['sonar-scanner', ['.scannerwork/report-task.txt'], ['.scannerwork/report-task.txt']],
    ['Maven', ['target/sonar/report-task.txt', 'target/classes/A.class'], ['target/sonar/report-task.txt']],
    ['Gradle', ['build/sonar/report-task.txt'], ['build/sonar/report-task.txt']],
    ['.NET', ['.sonarqube/out/.sonar/report-task.txt'], ['.sonarqube/out/.sonar/report-task.txt']],
    [
      'a monorepo module, two levels down',
      ['services/api/build/sonar/report-task.txt', 'web/package.json'],
      ['services/api/build/sonar/report-task.txt'],
    ],
    [
      'the working directory first: a module report below it is not considered',
      ['.scannerwork/report-task.txt', 'legacy/target/sonar/report-task.txt'],
      ['.scannerwork/report-task.txt'],
    ],
    [
      'several modules: all listed, for the error',
      ['b/target/sonar/report-task.txt', 'a/build/sonar/report-task.txt'],
      ['a/build/sonar/report-task.txt', 'b/target/sonar/report-task.txt'],
    ],
    [
      'not in dependencies or in other folders',
      [
        'node_modules/x/.scannerwork/report-task.txt',
        'sonar/report-task.txt',
        'build/reports/report-task.txt',
        'a/b/c/d/e/.scannerwork/report-task.txt',
      ],
      [],
    ],
  ])('%s', async (_name, files, expected) => {
    expect(await findReportTasks(layout(...files))).toEqual(expected);
  });

  test('the errors say where berth looked and what to do', () => {
    expect(noReportTaskError('/ws/app').message).toBe(
      'report-task-file: no report-task.txt under /ws/app: looked in .scannerwork/, target/sonar/, build/sonar/ and .sonarqube/out/.sonar/, there and in subdirectories 4 levels down; run the SonarQube scanner before this step in the same job, or give report-task-file or ce-task-id',
    );
    expect(
      severalReportTasksError('/ws', ['a/build/sonar/report-task.txt', 'b/.scannerwork/report-task.txt'])
        .message,
    ).toBe(
      'report-task-file: several report-task.txt under /ws (a/build/sonar/report-task.txt, b/.scannerwork/report-task.txt); give the one to check as report-task-file (one quality-gate step per project)',
    );
  });
});
