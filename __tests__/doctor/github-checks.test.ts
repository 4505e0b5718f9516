/**
 * `doctor --github` against a loopback GitHub API serving the documented bodies of each endpoint it
 * reads (environments, their branch policies, the workflow token's permissions, the fork approval
 * policy, branch protection and the branch's rules): each row ok, missing, or not readable (403 without
 * a repository admin's token, GitHub down), and the command's verdict and table.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { runDoctor } from '../../src/commands/doctor.js';
import { branchesToCheck, examineGitHub, isQualityCheck } from '../../src/doctor/github-checks.js';
import type { CheckResult } from '../../src/doctor/model.js';
import { createGitHubApi } from '../../src/github/client.js';
import {
  HttpStub,
  restEnvironment,
  restReviewer,
  type Routes,
  type StubResponse,
} from '../helpers/http-stub.js';
import { failed } from '../helpers/scripted-host.js';
import { fakeRuntime } from '../helpers/static-runtime.js';

const REPO = 'Codertocat/Hello-World';
const R = `/repos/${REPO}`;

const forbidden = (docs: string): StubResponse => ({
  status: 403,
  body: { message: 'Resource not accessible by integration', documentation_url: docs, status: '403' },
});

/** GitHub's repository object, cut to the fields that matter here. */
const repository = {
  id: 1296269,
  node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5',
  name: 'Hello-World',
  full_name: REPO,
  private: false,
  default_branch: 'main',
};

const protection = (contexts: string[]) => ({
  url: `https://api.github.com${R}/branches/main/protection`,
  required_status_checks: {
    url: `https://api.github.com${R}/branches/main/protection/required_status_checks`,
    strict: true,
    contexts,
    contexts_url: `https://api.github.com${R}/branches/main/protection/required_status_checks/contexts`,
    checks: contexts.map((context) => ({ context, app_id: null })),
  },
  enforce_admins: {
    url: `https://api.github.com${R}/branches/main/protection/enforce_admins`,
    enabled: true,
  },
  required_linear_history: { enabled: false },
  allow_force_pushes: { enabled: false },
  allow_deletions: { enabled: false },
});

const requiredChecksRule = (contexts: string[]) => ({
  type: 'required_status_checks',
  parameters: {
    strict_required_status_checks_policy: true,
    do_not_enforce_on_create: false,
    required_status_checks: contexts.map((context) => ({ context, integration_id: 15368 })),
  },
  ruleset_source_type: 'Repository',
  ruleset_source: REPO,
  ruleset_id: 42,
});

const NOT_PROTECTED: StubResponse = {
  status: 404,
  body: {
    message: 'Branch not protected',
    documentation_url: 'https://docs.github.com/rest/branches/branch-protection#get-branch-protection',
    status: '404',
  },
};

/** A repository set up as README's security section says. */
function goodRoutes(): Routes {
  return {
    [`GET ${R}`]: { body: repository },
    [`GET ${R}/environments`]: {
      body: {
        total_count: 2,
        environments: [
          restEnvironment('production', {
            policy: { protected_branches: true, custom_branch_policies: false },
            reviewers: [restReviewer('User', 'octocat'), restReviewer('Team', 'justice-league')],
          }),
          restEnvironment('develop', {
            policy: { protected_branches: false, custom_branch_policies: true },
            reviewers: [restReviewer('User', 'octocat')],
          }),
        ],
      },
    },
    [`GET ${R}/environments/develop/deployment-branch-policies`]: {
      body: {
        total_count: 2,
        branch_policies: [
          { id: 361471, node_id: 'MDE2OkdhdGVCcmFuY2hQb2xpY3kzNjE0NzE=', name: 'develop', type: 'branch' },
          { id: 361472, node_id: 'MDE2OkdhdGVCcmFuY2hQb2xpY3kzNjE0NzI=', name: 'feature/*', type: 'branch' },
        ],
      },
    },
    [`GET ${R}/actions/permissions/workflow`]: {
      body: { default_workflow_permissions: 'read', can_approve_pull_request_reviews: false },
    },
    [`GET ${R}/actions/permissions/fork-pr-contributor-approval`]: {
      body: { approval_policy: 'all_external_contributors' },
    },
    [`GET ${R}/branches/main/protection`]: { body: protection(['ci / build']) },
    [`GET ${R}/rules/branches/main`]: { body: [requiredChecksRule(['quality / quality-check'])] },
    [`GET ${R}/branches/release/protection`]: { body: protection(['backend / quality-check']) },
    [`GET ${R}/rules/branches/release`]: { body: [] },
    [`GET ${R}/branches/develop/protection`]: { body: protection(['quality-check']) },
    [`GET ${R}/rules/branches/develop`]: { body: [] },
  };
}

const ENVIRONMENTS = [
  { name: 'production', branches: ['release'] },
  { name: 'develop', branches: ['develop', 'feature/*'] },
];

let stub: HttpStub | undefined;
afterEach(async () => {
  await stub?.stop();
  stub = undefined;
});

async function examine(over: Routes = {}, environments = ENVIRONMENTS) {
  stub = await new HttpStub({ ...goodRoutes(), ...over }).start();
  const api = createGitHubApi({
    token: 'ghs_16C7e42F292c6912E7710c838347Ae178B4a',
    apiUrl: stub.url,
    repository: REPO,
  });
  return examineGitHub(api, { repository: REPO, environments, qualityCheck: 'quality-check' });
}

const row = (checks: readonly CheckResult[], name: string): CheckResult => {
  const found = checks.find((c) => c.check === name);
  if (found === undefined) throw new Error(`no row ${name}: ${checks.map((c) => c.check).join(', ')}`);
  return found;
};

describe('examineGitHub: a repository set up as README says', () => {
  test('every row ok, in the order a reader fixes them, with what GitHub said', async () => {
    const report = await examine();
    expect(report.host).toBe(`GitHub ${REPO}`);
    expect(report.checks.map((c) => [c.check, c.status, c.found])).toEqual([
      ['environment production: deployment branches', 'ok', 'protected branches only'],
      ['environment production: required reviewers', 'ok', '@octocat, team justice-league'],
      ['environment develop: deployment branches', 'ok', 'selected: develop, feature/*'],
      ['environment develop: required reviewers', 'ok', '@octocat'],
      ['workflow token: default permissions', 'ok', 'read'],
      ['fork pull request workflows: approval', 'ok', 'every external contributor needs approval'],
      // The default branch, then each environment's plain branches (feature/* is a pattern).
      ['branch main: requires quality-check', 'ok', 'required by a ruleset'],
      ['branch release: requires quality-check', 'ok', 'required by branch protection'],
      ['branch develop: requires quality-check', 'ok', 'required by branch protection'],
    ]);
  });
});

describe('examineGitHub: each row missing', () => {
  test('an environment any branch can deploy to: fail, with the setting and the config branches', async () => {
    const report = await examine({
      [`GET ${R}/environments`]: {
        body: { total_count: 1, environments: [restEnvironment('production', { policy: null })] },
      },
    });
    expect(row(report.checks, 'environment production: deployment branches')).toEqual({
      check: 'environment production: deployment branches',
      status: 'fail',
      found: 'no restriction: any branch can deploy to it',
      fix: 'Settings → Environments → production → Deployment branches and tags → "Selected branches and tags": release',
    });
    expect(row(report.checks, 'environment production: required reviewers')).toMatchObject({
      status: 'warn',
      found: "none: a deploy starts without anyone's approval",
      fix: 'Settings → Environments → production → Required reviewers',
    });
    // develop is not on GitHub at all: its first job would create it unprotected.
    expect(row(report.checks, 'environment develop: deployment branches')).toMatchObject({
      status: 'fail',
      found: 'no such environment on GitHub: the first job that names it creates it, unprotected',
    });
  });

  test('a write token by default that may approve pull requests: warn, with both settings', async () => {
    const report = await examine({
      [`GET ${R}/actions/permissions/workflow`]: {
        body: { default_workflow_permissions: 'write', can_approve_pull_request_reviews: true },
      },
    });
    expect(row(report.checks, 'workflow token: default permissions')).toEqual({
      check: 'workflow token: default permissions',
      status: 'warn',
      found: 'write; GitHub Actions may create and approve pull requests',
      fix: 'Settings → Actions → General → Workflow permissions → "Read repository contents and packages permissions"; untick "Allow GitHub Actions to create and approve pull requests"',
    });
  });

  test('fork pull requests of first-time contributors only: warn', async () => {
    const report = await examine({
      [`GET ${R}/actions/permissions/fork-pr-contributor-approval`]: {
        body: { approval_policy: 'first_time_contributors' },
      },
    });
    expect(row(report.checks, 'fork pull request workflows: approval')).toEqual({
      check: 'fork pull request workflows: approval',
      status: 'warn',
      found: 'only first-time contributors need approval',
      fix: 'Settings → Actions → General → Approval for running fork pull request workflows from contributors → "Require approval for all external contributors"',
    });
  });

  test('the quality check required nowhere: warn, saying what is required; an unprotected branch said so', async () => {
    const report = await examine({
      [`GET ${R}/rules/branches/main`]: { body: [] },
      [`GET ${R}/branches/release/protection`]: NOT_PROTECTED,
    });
    expect(row(report.checks, 'branch main: requires quality-check')).toEqual({
      check: 'branch main: requires quality-check',
      status: 'warn',
      found: 'required: ci / build',
      fix: 'Settings → Rules → Rulesets (or Branches → branch protection) for main → "Require status checks to pass" → quality-check',
    });
    expect(row(report.checks, 'branch release: requires quality-check')).toMatchObject({
      status: 'warn',
      found: 'the branch requires no status checks (not protected)',
    });
  });
});

describe('examineGitHub: rows GitHub would not show (never a failure)', () => {
  test('GITHUB_TOKEN without admin: the admin-only rows not readable, the rulesets still read', async () => {
    const admin = 'https://docs.github.com/rest/actions/permissions';
    const report = await examine({
      [`GET ${R}/actions/permissions/workflow`]: forbidden(admin),
      [`GET ${R}/actions/permissions/fork-pr-contributor-approval`]: forbidden(admin),
      [`GET ${R}/branches/main/protection`]: forbidden(
        'https://docs.github.com/rest/branches/branch-protection',
      ),
      [`GET ${R}/branches/release/protection`]: forbidden(
        'https://docs.github.com/rest/branches/branch-protection',
      ),
    });
    const needs =
      "GitHub answered 403: needs a repository admin's token (fine-grained: Administration read); GITHUB_TOKEN cannot be given it";
    expect(row(report.checks, 'workflow token: default permissions')).toEqual({
      check: 'workflow token: default permissions',
      status: 'unreadable',
      found: needs,
      fix: 'check by hand: Settings → Actions → General → Workflow permissions',
    });
    expect(row(report.checks, 'fork pull request workflows: approval')).toMatchObject({
      status: 'unreadable',
      found: needs,
    });
    // main's ruleset requires it: readable without admin, so ok.
    expect(row(report.checks, 'branch main: requires quality-check')).toMatchObject({ status: 'ok' });
    expect(row(report.checks, 'branch release: requires quality-check')).toMatchObject({
      status: 'unreadable',
      found: `not required by a ruleset; branch protection: ${needs}`,
    });
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
  });

  test('no actions: read: the environment rows not readable, naming the permissions entry', async () => {
    const report = await examine({
      [`GET ${R}/environments`]: forbidden(
        'https://docs.github.com/rest/deployments/environments#list-environments',
      ),
    });
    expect(row(report.checks, 'environment production: deployment branches')).toEqual({
      check: 'environment production: deployment branches',
      status: 'unreadable',
      found:
        "GitHub answered 403: needs `actions: read` in the job's `permissions:` (fine-grained: Actions read)",
      fix: 'check by hand: Settings → Environments → production → Deployment branches and tags → "Selected branches and tags": release',
    });
  });

  test('GitHub down (503): not readable, said so', async () => {
    const report = await examine({
      [`GET ${R}/actions/permissions/workflow`]: { status: 503, body: { message: 'Service Unavailable' } },
    });
    expect(row(report.checks, 'workflow token: default permissions')).toMatchObject({
      status: 'unreadable',
      found: expect.stringMatching(/^GitHub did not answer/),
    });
  });

  test('no environments in the config: said, and the default branch still checked', async () => {
    const report = await examine({}, []);
    expect(report.checks.map((c) => [c.check, c.status])).toEqual([
      ['environments', 'skipped'],
      ['workflow token: default permissions', 'ok'],
      ['fork pull request workflows: approval', 'ok'],
      ['branch main: requires quality-check', 'ok'],
    ]);
  });
});

describe('the rules doctor matches by', () => {
  test.each([
    ['quality-check', true],
    ['quality / quality-check', true],
    ['backend / quality-check', true],
    ['quality-checks', false],
    ['not-quality-check', false],
  ])('required check %j is the quality check: %s', (context, expected) => {
    expect(isQualityCheck(context, 'quality-check')).toBe(expected);
  });

  test('branches: the default one, then each environment branch that is not a pattern, once', () => {
    expect(
      branchesToCheck('main', {
        repository: REPO,
        qualityCheck: 'quality-check',
        environments: [
          { name: 'production', branches: ['main', 'release/**'] },
          { name: 'test', branches: ['test', 'hotfix-[0-9]'] },
        ],
      }),
    ).toEqual(['main', 'test']);
  });
});

describe('doctor with github: true', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'berth-doctor-github-'));
    mkdirSync(path.join(work, '.github'));
    writeFileSync(
      path.join(work, '.github', 'berth.yml'),
      [
        'version: 1',
        'components:',
        '  web:',
        '    image: ghcr.io/acme/web',
        'environments:',
        '  production:',
        '    branches: [release]',
        '    runner: [self-hosted, prod]',
        '',
      ].join('\n'),
    );
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  async function doctor(over: Routes) {
    stub = await new HttpStub({ ...goodRoutes(), ...over }).start();
    const r = fakeRuntime({ command: 'doctor', github: 'true', 'github-token': 'ghs_x' }, work, {
      repository: REPO,
      'api-url': stub.url,
    });
    let error: unknown;
    // The host checks run against an exec where nothing is installed: only the GitHub rows matter here.
    await runDoctor(r.inputs, r.runtime, { exec: async () => failed('not found', 127) }).catch(
      (e: unknown) => (error = e),
    );
    return { ...r, message: error instanceof Error ? error.message : '' };
  }

  test('an unprotected environment fails doctor, by name; the table says where to set it', async () => {
    const run = await doctor({
      [`GET ${R}/environments`]: {
        body: { total_count: 1, environments: [restEnvironment('production', { policy: null })] },
      },
    });
    expect(run.outputs.passed).toBe('false');
    expect(run.message).toContain(`environment production: deployment branches (GitHub ${REPO})`);
    const table = run.summary.join('\n');
    expect(table).toContain(`### berth doctor: GitHub ${REPO}: 1 required setting missing, 1 to tighten`);
    expect(table).toContain(
      '| environment production: deployment branches | ❌ missing | no restriction: any branch can deploy to it | Settings → Environments → production → Deployment branches and tags → "Selected branches and tags": release |',
    );
  });

  test('rows GitHub would not show do not fail doctor', async () => {
    const run = await doctor({
      [`GET ${R}/actions/permissions/workflow`]: forbidden(
        'https://docs.github.com/rest/actions/permissions',
      ),
    });
    expect(run.message).not.toContain(`(GitHub ${REPO})`);
    expect(run.summary.join('\n')).toContain(
      `### berth doctor: GitHub ${REPO}: the required settings are set, 1 not readable with this token`,
    );
    expect(run.logs.join('\n')).toMatch(/unreadable {2}workflow token: default permissions/);
  });
});
