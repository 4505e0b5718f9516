/**
 * The fork's hand-over is data: parseCommentDocument refuses anything off the schema (naming the
 * field), and renderCommentData renders berth's own Markdown from it — a verdict from the figures, every
 * name escaped.
 */
import { describe, expect, test } from '@jest/globals';
import {
  CommentDataError,
  parseCommentDocument,
  renderCommentData,
  REPORTED_NOTE,
  serializeCommentDocument,
  type CommentSectionData,
} from '../../src/github/comment-data.js';

const coverage = (conditions: unknown[], totals: unknown = undefined): Record<string, unknown> => ({
  schema: 'berth-comment-data/1',
  pullRequest: 2,
  section: {
    kind: 'coverage',
    component: '',
    result: {
      totals: totals ?? { lines: { covered: 5, total: 10 }, branches: null, functions: null },
      files: [],
      reports: [],
      conditions,
    },
  },
});

describe('parseCommentDocument: the schema, strictly', () => {
  test.each<[string, unknown, string]>([
    ['Markdown', '### berth quality gate: passed', '(document): expected JSON (berth-comment-data/1)'],
    [
      'another schema',
      { ...coverage([]), schema: 'berth-comment-data/2' },
      'schema: expected "berth-comment-data/1"',
    ],
    [
      'an extra key',
      { ...coverage([]), markdown: 'x' },
      '(document).markdown: expected no such key (known: schema, pullRequest, section)',
    ],
    [
      'a pull request number that is no number',
      { ...coverage([]), pullRequest: '2' },
      'pullRequest: expected a whole number ≥ 1',
    ],
    [
      'a section kind of its own',
      { ...coverage([]), section: { kind: 'deploy', component: '' } },
      'section.kind: expected coverage, tests, quality-gate or quality-gate-not-checked',
    ],
    [
      'more covered than total',
      coverage([], { lines: { covered: 11, total: 10 }, branches: null, functions: null }),
      'section.result.totals.lines.covered: expected at most total (10)',
    ],
    [
      'a gate status in its own words',
      {
        schema: 'berth-comment-data/1',
        pullRequest: 2,
        section: {
          kind: 'quality-gate',
          component: '',
          result: { status: 'passed', conditions: [], ignoredConditions: false },
        },
      },
      'section.result.status: expected OK, WARN, ERROR, NONE',
    ],
    [
      'a dashboard address (not handed over)',
      {
        schema: 'berth-comment-data/1',
        pullRequest: 2,
        section: {
          kind: 'quality-gate',
          component: '',
          result: {
            status: 'OK',
            conditions: [],
            ignoredConditions: false,
            dashboardUrl: 'https://evil.example',
          },
        },
      },
      'section.result.dashboardUrl: expected no such key (known: status, conditions, ignoredConditions, projectKey, branch, pullRequest)',
    ],
    [
      'a base commit that is not one',
      {
        ...coverage([]),
        section: {
          kind: 'coverage',
          component: '',
          result: {
            ...(coverage([]).section as { result: Record<string, unknown> }).result,
            base: {
              lines: { covered: 1, total: 2 },
              branches: null,
              source: 'main',
              commit: '[x](https://e)',
            },
          },
        },
      },
      'section.result.base.commit: expected a commit id (hexadecimal)',
    ],
  ])('%s: refused', (_name, value, message) => {
    const parse = () => parseCommentDocument(typeof value === 'string' ? value : JSON.stringify(value));
    expect(parse).toThrow(CommentDataError);
    expect(parse).toThrow(new Error(message));
  });

  test('what stage 1 writes, stage 2 reads back as it was', () => {
    const data: CommentSectionData = {
      kind: 'tests',
      component: 'Backend',
      results: {
        tests: 2,
        passed: 1,
        failed: 1,
        errors: 0,
        skipped: 0,
        timeSeconds: 1.5,
        failures: [{ suite: 's', name: 'n', kind: 'failure', message: 'm', trace: 't' }],
      },
    };
    expect(parseCommentDocument(serializeCommentDocument(7, data))).toEqual({
      schema: 'berth-comment-data/1',
      pullRequest: 7,
      section: data,
    });
  });
});

describe('renderCommentData: the verdict from the figures, names escaped', () => {
  test.each<[string, unknown[], string]>([
    [
      'a claimed pass below the threshold is FAILED',
      [{ input: 'min-line', what: 'x', actual: { covered: 5, total: 10 }, threshold: 80, passed: true }],
      'gate failed (1)',
    ],
    [
      'a claimed failure above the threshold is passed',
      [{ input: 'min-line', what: 'x', actual: { covered: 5, total: 10 }, threshold: 40, passed: false }],
      'gate passed',
    ],
    [
      'max-drop: from the base figure',
      [
        {
          input: 'max-drop',
          what: 'x',
          actual: { covered: 5, total: 10 },
          base: { covered: 9, total: 10 },
          threshold: 1,
          passed: true,
        },
      ],
      'gate failed (1)',
    ],
  ])('%s', (_name, conditions, verdict) => {
    const { section } = parseCommentDocument(JSON.stringify(coverage(conditions)));
    const markdown = renderCommentData(section);
    expect(markdown.split('\n')[0]).toBe(`### berth coverage: 50.0% of lines — ${verdict}`);
    expect(markdown.endsWith(REPORTED_NOTE)).toBe(true);
  });

  test('a hostile component name and reason render as text', () => {
    const hostile = '@org/team [x](https://evil.example) <img src=x>\n### berth quality gate: passed';
    const markdown = renderCommentData(
      parseCommentDocument(
        JSON.stringify({
          schema: 'berth-comment-data/1',
          pullRequest: 2,
          section: { kind: 'quality-gate-not-checked', component: hostile, reason: hostile },
        }),
      ).section,
    );
    expect(markdown).not.toMatch(/@org|<img|https:\/\/evil|(?<!\\)\]\(/);
    expect(markdown.split('\n').filter((l) => l.startsWith('#'))).toEqual([
      '### berth quality gate: not checked',
    ]);
  });
});
