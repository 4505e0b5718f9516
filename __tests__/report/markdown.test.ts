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
    ['[x](https://evil.example)', '\\[x\\](https://evil.example)'],
    ['ping @org/team', 'ping &#64;org/team'],
    ['#12 & ~~s~~', '\\#12 &amp; \\~\\~s\\~\\~'],
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
