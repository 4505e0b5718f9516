import { execFileSync } from 'node:child_process';
import { describe, expect, test } from '@jest/globals';
import { remoteCommandLine, shellQuote } from '../../src/remote/quote.js';

/** Untrusted text that has reached deploy commands in other tools: branch names, labels, PR titles. */
const HOSTILE = [
  '',
  'plain',
  'feature/x',
  "it's",
  "''",
  '$(reboot)',
  '`id`',
  '${HOME}',
  'a b\tc',
  'line\nbreak',
  '; rm -rf /',
  '| cat /etc/shadow',
  '"double"',
  '\\backslash\\',
  '*',
  '~root',
  '-n',
  '#comment',
  'registry.local:5000/app@sha256:' + 'a'.repeat(64),
  'ünïcödé 한글',
  '!event',
];

describe('shellQuote', () => {
  test.each([
    ['plain', 'plain'],
    ['/srv/nginx/conf', '/srv/nginx/conf'],
    ['', "''"],
    ["it's", "'it'\\''s'"],
    ['$(reboot)', "'$(reboot)'"],
    ['a b', "'a b'"],
  ])('%j → %s', (arg, quoted) => {
    expect(shellQuote(arg)).toBe(quoted);
  });

  test('a NUL byte cannot be passed and is refused', () => {
    expect(() => shellQuote('a\0b')).toThrow('shellQuote: an argument cannot contain a NUL byte');
  });

  // The proof: a real POSIX shell (and bash, a common login shell) parses the line back into the same argv.
  test.each(['/bin/sh', '/bin/bash'])('%s reads every hostile argument back unchanged', (shell) => {
    const line = remoteCommandLine(['printf', '%s\\0', ...HOSTILE]);
    const out = execFileSync(shell, ['-c', line], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(HOSTILE);
  });
});

test('remoteCommandLine refuses an empty argv', () => {
  expect(() => remoteCommandLine([])).toThrow('remoteCommandLine: empty argv');
});
