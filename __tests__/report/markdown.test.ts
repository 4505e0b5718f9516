import { describe, expect, test } from '@jest/globals';
import { escapeMarkdown, renderTable } from '../../src/report/markdown.js';

describe('escapeMarkdown', () => {
  test.each([
    ['release', 'release'],
    ['feature/login', 'feature/login'],
    ['a|b', 'a\\|b'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['line1\nline2\r\nline3', 'line1 line2 line3'],
    ['**bold** _it_ `code`', '\\*\\*bold\\*\\* \\_it\\_ \\`code\\`'],
    ['[x](https://evil.example)', '\\[x\\](https:\u200b//evil.example)'],
    [
      'see https://evil.example/login or www.evil.example',
      'see https:\u200b//evil.example/login or www\u200b.evil.example',
    ],
    ['fixes \\#123, GH-7 and org/repo#9', 'fixes \\\\\\#\u200b123, GH\u200b-7 and org/repo\\#\u200b9'],
    ['&#64;admin, a@b.example', '&amp;\\#\u200b64;admin, a@\u200bb.example'],
    ['ping @org/team', 'ping @\u200borg/team'],
    ['#12 & ~~s~~', '\\#\u200b12 &amp; \\~\\~s\\~\\~'],
    ['back\\slash', 'back\\\\slash'],
    ['![img](x)', '\\!\\[img\\](x)'],
  ])('%j → %j', (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });
});

describe('renderTable', () => {
  test('escapes every cell', () => {
    expect(renderTable(['A', 'B'], [['x|y', '<b>']])).toBe('| A | B |\n| --- | --- |\n| x\\|y | &lt;b&gt; |');
  });
});
