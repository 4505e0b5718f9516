import { describe, expect, test } from '@jest/globals';
import { branchOfRef, findEnvironment, matchingPattern } from '../../src/plan/match.js';
import { exampleConfig } from '../helpers/config.js';

describe('matchingPattern', () => {
  test.each([
    [['release'], 'release', 'release'],
    [['release'], 'release-2', undefined],
    [['release'], 'Release', undefined],
    [['feature/*'], 'feature/login', 'feature/*'],
    [['feature/*'], 'feature/a/b', undefined],
    [['feature/**'], 'feature/a/b', 'feature/**'],
    [['v[0-9]*'], 'v1.2', 'v[0-9]*'],
    [['rel?ase'], 'release', 'rel?ase'],
    [['{a,b}'], 'a', undefined], // braces are literal, as in GitHub's filters
    [['backend/**'], 'backend/src/Main.java', 'backend/**'],
    [['backend/**'], 'frontend/src/App.tsx', undefined],
    [['backend/**', '!backend/docs/**'], 'backend/docs/x.md', undefined],
    [['backend/**', '!backend/docs/**'], 'backend/src/x.java', 'backend/**'],
    [['**/*.md'], 'README.md', '**/*.md'],
    [['*.md'], 'docs/a.md', undefined],
    [['.github/**'], '.github/berth.yml', '.github/**'],
    // Untrusted names are data: tested against the pattern, never interpreted.
    [['release'], 'release$(touch x)', undefined],
    [['release*'], 'release$(touch x)', 'release*'],
    [['release'], 'release\nmain', undefined],
    [['release*'], "release'; rm -rf ~", 'release*'],
    [['release*'], "release'; rm -rf /", undefined], // `*` stops at `/`
  ])('%j vs %j → %j', (patterns, name, expected) => {
    expect(matchingPattern(patterns, name)).toBe(expected);
  });
});

describe('findEnvironment', () => {
  const { environments } = exampleConfig();
  test.each([
    ['release', 'production', 'release'],
    ['test', 'test', 'test'],
    ['develop', 'develop', 'develop'],
    ['feature/login', 'develop', 'feature/*'],
    ['feature/a/b', undefined, undefined],
    ['main', undefined, undefined],
  ])('%s → %s', (branch, environment, pattern) => {
    const match = findEnvironment(environments, branch);
    expect(match?.environment.name).toBe(environment);
    expect(match?.pattern).toBe(pattern);
  });

  test('the first environment that matches wins', () => {
    const envs = [
      { name: 'a', branches: ['rel*'], runner: [], with: {} },
      { name: 'b', branches: ['release'], runner: [], with: {} },
    ];
    expect(findEnvironment(envs, 'release')?.environment.name).toBe('a');
  });
});

describe('branchOfRef', () => {
  test.each([
    ['refs/heads/release', 'release'],
    ['refs/heads/feature/x', 'feature/x'],
    ['refs/tags/v1.2.3', undefined],
    ['refs/pull/2/merge', undefined],
    ['release', undefined],
  ])('%s → %s', (ref, branch) => {
    expect(branchOfRef(ref)).toBe(branch);
  });
});
