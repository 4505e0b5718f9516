import { describe, expect, test } from '@jest/globals';
import { failedChecks, type CheckResult, type DoctorReport } from '../../src/doctor/model.js';
import {
  doctorVerdict,
  githubVerdict,
  renderDoctorSummary,
  renderDoctorText,
  renderGitHubSummary,
} from '../../src/report/doctor-summary.js';

const ok = (check: string, found: string): CheckResult => ({ check, status: 'ok', found, fix: '' });
const dockerMissing: CheckResult = {
  check: 'Docker engine',
  status: 'fail',
  found: 'docker: not found',
  fix: 'install Docker',
  command: 'sudo apt-get install -y docker.io',
};
const classicBuilder: CheckResult = {
  check: 'BuildKit / buildx',
  status: 'warn',
  found: 'classic builder only',
  fix: 'install the buildx plugin',
};
const report = (...checks: CheckResult[]): DoctorReport => ({ host: 'this host', user: 'deploy', checks });

describe('doctorVerdict', () => {
  test.each<[string, CheckResult[], string]>([
    ['all ok', [ok('nginx', 'nginx/1.22.1')], 'ready to deploy'],
    ['a warning', [ok('nginx', 'x'), classicBuilder], 'ready to deploy, with 1 warning'],
    ['one failure', [dockerMissing, classicBuilder], '1 required check failed: deploy cannot run here yet'],
    [
      'two failures',
      [dockerMissing, { ...dockerMissing, check: 'nginx' }],
      '2 required checks failed: deploy cannot run here yet',
    ],
    ['skipped checks count as neither', [{ ...classicBuilder, status: 'skipped' }], 'ready to deploy'],
  ])('%s', (_, checks, verdict) => {
    expect(doctorVerdict(report(...checks))).toBe(verdict);
  });

  test('failedChecks: only the failures, in order', () => {
    const r = report(ok('a', ''), dockerMissing, classicBuilder, { ...dockerMissing, check: 'nginx' });
    expect(failedChecks(r).map((c) => c.check)).toEqual(['Docker engine', 'nginx']);
  });
});

describe('renderDoctorSummary', () => {
  test('a table: check, status, what was found, how to fix it (the command as code)', () => {
    expect(renderDoctorSummary(report(dockerMissing, classicBuilder, ok('nginx', 'nginx/1.22.1')))).toBe(
      [
        '### berth doctor: this host as deploy: 1 required check failed: deploy cannot run here yet',
        '',
        '| Check | Status | Found | How to fix |',
        '| --- | --- | --- | --- |',
        '| Docker engine | ❌ missing | docker: not found | install Docker: `sudo apt-get install -y docker.io` |',
        '| BuildKit / buildx | ⚠️ warning | classic builder only | install the buildx plugin |',
        '| nginx | ✅ ok | nginx/1.22.1 |  |',
        '',
      ].join('\n'),
    );
  });

  test.each<[string, CheckResult, string]>([
    [
      'found text from the host is escaped (a tool’s error line, a path)',
      { check: 'nginx -t', status: 'fail', found: 'unknown directive "foo|bar" in /etc/<x>', fix: '' },
      '| nginx -t | ❌ missing | unknown directive "foo\\|bar" in /etc/&lt;x&gt; |  |',
    ],
    [
      'a command with a pipe or backtick stays one code span in one cell',
      { check: 'x', status: 'warn', found: '', fix: '', command: 'a | b `c`' },
      "| x | ⚠️ warning |  | `a \\| b 'c'` |",
    ],
    [
      'a skipped check',
      { check: 'nginx -t', status: 'skipped', found: 'needs nginx', fix: '' },
      '| nginx -t | ➖ skipped | needs nginx |  |',
    ],
  ])('%s', (_, check, row) => {
    expect(renderDoctorSummary({ host: 'h', checks: [check] }).split('\n')[4]).toBe(row);
  });

  test('no user known: the host alone', () => {
    expect(renderDoctorSummary({ host: 'deploy@10.0.0.5', checks: [] }).split('\n')[0]).toBe(
      '### berth doctor: deploy@\u200b10.0.0.5: ready to deploy',
    );
  });
});

describe('renderDoctorText', () => {
  test('aligned lines; a fix line under each check that has one', () => {
    expect(renderDoctorText(report(ok('nginx', 'nginx/1.22.1'), dockerMissing, classicBuilder))).toBe(
      [
        'ok       nginx              nginx/1.22.1',
        'fail     Docker engine      docker: not found',
        '                            fix: install Docker: sudo apt-get install -y docker.io',
        'warn     BuildKit / buildx  classic builder only',
        '                            fix: install the buildx plugin',
      ].join('\n'),
    );
  });
});

describe('the GitHub section (doctor --github)', () => {
  const unprotected: CheckResult = {
    check: 'environment production: deployment branches',
    status: 'fail',
    found: 'no restriction: any branch can deploy to it',
    fix: 'Settings → Environments → production → Deployment branches and tags → "Selected branches and tags": release',
  };
  const noReviewers: CheckResult = {
    check: 'environment production: required reviewers',
    status: 'warn',
    found: "none: a deploy starts without anyone's approval",
    fix: 'Settings → Environments → production → Required reviewers',
  };
  const adminOnly: CheckResult = {
    check: 'workflow token: default permissions',
    status: 'unreadable',
    found: "GitHub answered 403: needs a repository admin's token",
    fix: 'check by hand: Settings → Actions → General → Workflow permissions',
  };
  const github = (...checks: CheckResult[]): DoctorReport => ({ host: 'GitHub acme/shop', checks });

  test.each<[string, CheckResult[], string]>([
    [
      'all set',
      [ok('branch main: requires quality-check', 'required by a ruleset')],
      'the required settings are set',
    ],
    ['a warning', [noReviewers], 'the required settings are set, 1 to tighten'],
    [
      'one missing, one to tighten, one unreadable',
      [unprotected, noReviewers, adminOnly],
      '1 required setting missing, 1 to tighten, 1 not readable with this token',
    ],
    [
      'two missing',
      [unprotected, { ...unprotected, check: 'environment test: deployment branches' }],
      '2 required settings missing',
    ],
  ])('githubVerdict: %s', (_name, checks, verdict) => {
    expect(githubVerdict(github(...checks))).toBe(verdict);
  });

  test('a table: setting, status, what GitHub said, where to set it', () => {
    expect(
      renderGitHubSummary(
        github(
          unprotected,
          noReviewers,
          adminOnly,
          ok('fork pull request workflows: approval', 'every external contributor needs approval'),
        ),
      ),
    ).toBe(
      [
        '### berth doctor: GitHub acme/shop: 1 required setting missing, 1 to tighten, 1 not readable with this token',
        '',
        '| Setting | Status | Found | Where to set it |',
        '| --- | --- | --- | --- |',
        '| environment production: deployment branches | ❌ missing | no restriction: any branch can deploy to it | Settings → Environments → production → Deployment branches and tags → "Selected branches and tags": release |',
        "| environment production: required reviewers | ⚠️ warning | none: a deploy starts without anyone's approval | Settings → Environments → production → Required reviewers |",
        "| workflow token: default permissions | 🔒 could not read | GitHub answered 403: needs a repository admin's token | check by hand: Settings → Actions → General → Workflow permissions |",
        '| fork pull request workflows: approval | ✅ ok | every external contributor needs approval |  |',
        '',
      ].join('\n'),
    );
  });

  test('a required check name with a pipe or markup stays in its cell', () => {
    const odd = ok('branch main: requires qa | *gate*', 'required by a ruleset');
    expect(renderGitHubSummary(github(odd))).toContain('| branch main: requires qa \\| \\*gate\\* | ✅ ok |');
  });

  test('text: the status column widens for "unreadable", the fix lines under it', () => {
    expect(renderDoctorText(github(noReviewers, adminOnly)).split('\n')).toEqual([
      "warn        environment production: required reviewers  none: a deploy starts without anyone's approval",
      '                                                        fix: Settings → Environments → production → Required reviewers',
      "unreadable  workflow token: default permissions         GitHub answered 403: needs a repository admin's token",
      '                                                        fix: check by hand: Settings → Actions → General → Workflow permissions',
    ]);
  });
});
