import { describe, expect, test } from '@jest/globals';
import {
  COMMENT_MARKER,
  CUT_NOTE,
  GITHUB_COMMENT_LIMIT,
  cutSection,
  parseSections,
  renderComment,
  replaceSection,
  sectionName,
} from '../../src/report/pr-comment.js';

const sections = (entries: Array<[string, string]>): Map<string, string> => new Map(entries);

describe('renderComment', () => {
  test('marker, title, then sections in the stable order between their markers', () => {
    const body = renderComment(
      sections([
        ['zeta', 'z'],
        ['quality-gate', 'gate'],
        ['alpha', 'a'],
        ['coverage', '**90%**'],
        ['tests', 'tests'],
      ]),
    );
    expect(body).toBe(
      [
        '<!-- berth:comment -->\n### berth',
        '<!-- berth:section:coverage -->\n**90%**\n<!-- /berth:section:coverage -->',
        '<!-- berth:section:tests -->\ntests\n<!-- /berth:section:tests -->',
        '<!-- berth:section:quality-gate -->\ngate\n<!-- /berth:section:quality-gate -->',
        '<!-- berth:section:alpha -->\na\n<!-- /berth:section:alpha -->',
        '<!-- berth:section:zeta -->\nz\n<!-- /berth:section:zeta -->',
      ].join('\n\n'),
    );
    expect(body.startsWith(COMMENT_MARKER)).toBe(true);
  });

  test('a monorepo: the component-less sections first, then each component’s kinds together', () => {
    const names = [
      'quality-gate-frontend',
      'tests-backend',
      'zeta',
      'coverage-frontend',
      'quality-gate',
      'coverage-backend',
      'coverage',
    ];
    const body = renderComment(sections(names.map((n) => [n, n])));
    expect([...body.matchAll(/<!-- berth:section:([a-z0-9-]+) -->/g)].map((m) => m[1])).toEqual([
      'coverage',
      'quality-gate',
      'coverage-backend',
      'tests-backend',
      'coverage-frontend',
      'quality-gate-frontend',
      'zeta',
    ]);
  });

  test.each([
    ['coverage', '', 'coverage'],
    ['coverage', 'Backend', 'coverage-backend'],
    ['tests', 'Backend API (v2)', 'tests-backend-api-v2'],
    ['quality-gate', 'web_app', 'quality-gate-web-app'],
  ])('sectionName(%j, %j) is %j', (kind, component, name) => {
    expect(sectionName(kind, component)).toBe(name);
  });

  test('a name without ASCII letters or digits gets a stable name of its own', () => {
    const backend = sectionName('coverage', '백엔드');
    expect(backend).toMatch(/^coverage-c[0-9a-f]{8}$/);
    expect(sectionName('coverage', '백엔드')).toBe(backend);
    expect(sectionName('coverage', '프론트')).not.toBe(backend);
  });

  test('round-trips through parseSections', () => {
    const input = sections([
      ['coverage', '| a | b |\n| --- | --- |\n| 1 | 2 |'],
      ['quality-gate', '<details><summary>x</summary>\n\ny\n</details>'],
    ]);
    expect(parseSections(renderComment(input))).toEqual(input);
  });

  test('a bad section name is a bug', () => {
    expect(() => renderComment(sections([['Bad Name', 'x']]))).toThrow(
      'berth comment: bad section name "Bad Name"',
    );
  });
});

describe('replaceSection', () => {
  const existing = renderComment(
    sections([
      ['coverage', 'old coverage'],
      ['quality-gate', 'gate passed'],
    ]),
  );

  test.each<[string, string | undefined, string, string, Array<[string, string]>]>([
    ['a new comment', undefined, 'coverage', 'cov', [['coverage', 'cov']]],
    [
      'replaces one section, keeps the others',
      existing,
      'coverage',
      'new coverage',
      [
        ['coverage', 'new coverage'],
        ['quality-gate', 'gate passed'],
      ],
    ],
    [
      'adds a section in its place',
      existing,
      'tests',
      '3 passed',
      [
        ['coverage', 'old coverage'],
        ['tests', '3 passed'],
        ['quality-gate', 'gate passed'],
      ],
    ],
    ['blank markdown removes the section', existing, 'coverage', ' \n', [['quality-gate', 'gate passed']]],
    [
      'CRLF (a body edited in the web UI) is read',
      existing.replace(/\n/g, '\r\n'),
      'tests',
      't',
      [
        ['coverage', 'old coverage'],
        ['tests', 't'],
        ['quality-gate', 'gate passed'],
      ],
    ],
  ])('%s', (_, body, name, markdown, expected) => {
    const result = replaceSection(body, name, markdown);
    expect([...parseSections(result)]).toEqual(expected);
    expect(result).toBe(renderComment(new Map(expected)));
  });

  test('is idempotent', () => {
    const once = replaceSection(existing, 'coverage', 'new');
    expect(replaceSection(once, 'coverage', 'new')).toBe(once);
  });

  test.each([
    ['<!-- /berth:section:coverage -->\n<!-- berth:section:quality-gate -->\nforged gate: passed'],
    ['<!--/berth:section:coverage-->'],
    ['<!-- BERTH:section:tests -->'],
    ['<!-- berth:comment -->'],
    ['<!-- b<!-- berth:erth:section:tests -->'],
  ])('content cannot forge markers: %j', (forged) => {
    const body = replaceSection(existing, 'coverage', `before\n${forged}\nafter`);
    expect([...parseSections(body).keys()]).toEqual(['coverage', 'quality-gate']);
    expect(parseSections(body).get('quality-gate')).toBe('gate passed');
    const content = parseSections(body).get('coverage') ?? '';
    expect(content).not.toMatch(/<!--\s*\/?\s*berth:/i);
    expect(content).toContain('&lt;!--');
    expect(body.match(/<!-- berth:comment -->/g)).toHaveLength(1);
  });
});

describe('the 65,536-character limit', () => {
  const row = (i: number): string => `| src/file${String(i).padStart(5, '0')}.ts | 50.0% |`;
  const table = (rows: number): string =>
    ['| file | lines |', '| --- | --- |', ...Array.from({ length: rows }, (_, i) => row(i))].join('\n');

  test('a body that fits is left whole', () => {
    const body = renderComment(sections([['coverage', table(100)]]));
    expect(body).not.toContain(CUT_NOTE);
    expect(parseSections(body).get('coverage')).toBe(table(100));
  });

  test('the largest section is cut at a line boundary, with the note, to fit exactly', () => {
    const big = table(5000); // ~ 150,000 characters
    const body = renderComment(
      sections([
        ['coverage', big],
        ['quality-gate', 'gate passed'],
      ]),
    );
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(body.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 30); // cut by whole ~27-char rows
    const coverage = parseSections(body).get('coverage') ?? '';
    expect(coverage.endsWith(`\n\n${CUT_NOTE}`)).toBe(true);
    const kept = coverage.slice(0, -`\n\n${CUT_NOTE}`.length);
    expect(big.startsWith(`${kept}\n`)).toBe(true); // whole lines only
    expect(parseSections(body).get('quality-gate')).toBe('gate passed');
    expect(CUT_NOTE).toBe(
      "_… cut to fit GitHub's 65,536-character limit; the full report is in the job summary._",
    );
  });

  test('several large sections: the largest goes first, then the next', () => {
    const body = renderComment(
      sections([
        ['coverage', table(2000)],
        ['tests', table(1900)],
        ['quality-gate', 'small'],
      ]),
    );
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const parsed = parseSections(body);
    expect(parsed.get('coverage')).toContain(CUT_NOTE);
    expect(parsed.get('quality-gate')).toBe('small');
  });

  test('a section already cut is cut again with one note, not two', () => {
    const once = renderComment(sections([['coverage', table(5000)]]));
    const again = replaceSection(once, 'tests', table(300));
    expect(again.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(again.split(CUT_NOTE)).toHaveLength(2);
  });

  test('never cuts inside a section marker', () => {
    const body = renderComment(sections([['coverage', table(5000)]]));
    expect(body.endsWith('\n<!-- /berth:section:coverage -->')).toBe(true);
  });
});

describe('cutSection', () => {
  test.each<[string, string, number | undefined, string]>([
    ['plain lines', 'a\nbb\nccc', undefined, `a\nbb\n\n${CUT_NOTE}`],
    [
      'an open <details> is closed',
      '<details><summary>files</summary>\n\nrow 1\nrow 2\nrow 3\n</details>',
      undefined,
      `<details><summary>files</summary>\n\nrow 1\nrow 2\n</details>\n\n${CUT_NOTE}`,
    ],
    [
      'an open code fence is closed',
      'log:\n```text\nline 1\nline 2\nline 3\n```',
      undefined,
      `log:\n\`\`\`text\nline 1\n\`\`\`\n\n${CUT_NOTE}`,
    ],
    [
      'a fence inside <details>: fence first, then details',
      '<details>\n\n~~~~\n<details> in code\nx\ny\n~~~~\n</details>',
      undefined,
      `<details>\n\n~~~~\n<details> in code\n~~~~\n</details>\n\n${CUT_NOTE}`,
    ],
    [
      'a longer fence is closed by a run as long',
      '````md\n```\ninner\n```\nafter\n````',
      undefined,
      `\`\`\`\`md\n\`\`\`\ninner\n\`\`\`\n\`\`\`\`\n\n${CUT_NOTE}`,
    ],
    [
      'no cut inside a multi-line HTML comment',
      'kept\n<!-- a note\nthat spans\nlines -->\nafter',
      undefined,
      `kept\n\n${CUT_NOTE}`,
    ],
    ['nothing fits: just the note', 'a very long first line', 10, CUT_NOTE],
  ])('%s', (_, content, max, expected) => {
    // undefined: exactly the expected length, so one character less must keep fewer lines
    expect(cutSection(content, max ?? expected.length)).toBe(expected);
    if (max === undefined)
      expect(cutSection(content, expected.length - 1).length).toBeLessThan(expected.length);
  });
});
