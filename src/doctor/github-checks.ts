/**
 * `doctor --github`: what the repository's settings leave open, read through the GitHub API — each
 * environment's deployment branches and required reviewers, the workflow token's default permissions,
 * the fork pull request approval policy, and whether the deploying branches require the quality check.
 * One row per setting: ok, missing (`fail` for an environment any branch can deploy to, `warn` for the
 * rest), or `unreadable` when GitHub would not show it to this token (several settings need a repository
 * admin's) — said with the permission it needs, never failing doctor. Each row says where to set it.
 */
import { OutageError } from '../errors.js';
import { GitHubAccessError, type EnvironmentProtection, type GitHubApi } from '../github/api.js';
import type { CheckResult, DoctorReport } from './model.js';

/** What to check: the config's environments (and their branches), the check branch protection should require. */
export interface GitHubCheckSettings {
  repository: string;
  environments: ReadonlyArray<{ name: string; branches: readonly string[] }>;
  qualityCheck: string;
}

const ADMIN =
  "a repository admin's token (fine-grained: Administration read); GITHUB_TOKEN cannot be given it";
const ACTIONS_READ = "`actions: read` in the job's `permissions:` (fine-grained: Actions read)";

/** A read that GitHub refused or did not answer: the row says so instead of failing. */
type Read<T> = { ok: true; value: T } | { ok: false; why: string };

async function read<T>(fn: () => Promise<T>, needs: string): Promise<Read<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error instanceof GitHubAccessError) {
      return {
        ok: false,
        why:
          error.status === 401
            ? 'GitHub rejected the token (401)'
            : `GitHub answered ${error.status}: needs ${needs}`,
      };
    }
    if (error instanceof OutageError) return { ok: false, why: `GitHub did not answer (${error.message})` };
    throw error;
  }
}

const unreadable = (check: string, why: string, where: string): CheckResult => ({
  check,
  status: 'unreadable',
  found: why,
  fix: `check by hand: ${where}`,
});

const envSetting = (name: string, part: string): string => `Settings → Environments → ${name} → ${part}`;

/** The environment rows: its deployment branches (required), its reviewers. */
async function environmentRows(
  api: GitHubApi,
  wanted: GitHubCheckSettings['environments'],
  listed: Read<EnvironmentProtection[]>,
): Promise<CheckResult[]> {
  const rows: CheckResult[] = [];
  for (const { name, branches } of wanted) {
    const branchesCheck = `environment ${name}: deployment branches`;
    const reviewersCheck = `environment ${name}: required reviewers`;
    const branchWhere = envSetting(
      name,
      `Deployment branches and tags → "Selected branches and tags"${branches.length > 0 ? `: ${branches.join(', ')}` : ''}`,
    );
    const reviewersWhere = envSetting(name, 'Required reviewers');
    if (!listed.ok) {
      rows.push(unreadable(branchesCheck, listed.why, branchWhere));
      rows.push(unreadable(reviewersCheck, listed.why, reviewersWhere));
      continue;
    }
    const env = listed.value.find((e) => e.name.toLowerCase() === name.toLowerCase());
    if (env === undefined) {
      rows.push({
        check: branchesCheck,
        status: 'fail',
        found: 'no such environment on GitHub: the first job that names it creates it, unprotected',
        fix: `Settings → Environments → New environment "${name}", then ${branchWhere}`,
      });
      continue;
    }
    const policy = env.deploymentBranchPolicy;
    if (policy === null || (!policy.protectedBranches && !policy.customBranchPolicies)) {
      rows.push({
        check: branchesCheck,
        status: 'fail',
        found: 'no restriction: any branch can deploy to it',
        fix: branchWhere,
      });
    } else if (policy.protectedBranches) {
      rows.push({ check: branchesCheck, status: 'ok', found: 'protected branches only', fix: '' });
    } else {
      const policies = await read(() => api.listDeploymentBranchPolicies(env.name), ACTIONS_READ);
      rows.push({
        check: branchesCheck,
        status: 'ok',
        found: policies.ok
          ? `selected: ${policies.value.map((p) => (p.type === 'tag' ? `tag ${p.name}` : p.name)).join(', ') || 'none (no branch can deploy)'}`
          : `selected branches and tags (their names: ${policies.why})`,
        fix: '',
      });
    }
    rows.push(
      env.reviewers.length > 0
        ? {
            check: reviewersCheck,
            status: 'ok',
            found: env.reviewers.map((r) => (r.type === 'Team' ? `team ${r.name}` : `@${r.name}`)).join(', '),
            fix: '',
          }
        : {
            check: reviewersCheck,
            status: 'warn',
            found: "none: a deploy starts without anyone's approval",
            fix: reviewersWhere,
          },
    );
  }
  return rows;
}

async function workflowPermissionsRow(api: GitHubApi): Promise<CheckResult> {
  const check = 'workflow token: default permissions';
  const where = 'Settings → Actions → General → Workflow permissions';
  const permissions = await read(() => api.getWorkflowPermissions(), ADMIN);
  if (!permissions.ok) return unreadable(check, permissions.why, where);
  const { defaultWorkflowPermissions: level, canApprovePullRequestReviews: approves } = permissions.value;
  const found = `${level}${approves ? '; GitHub Actions may create and approve pull requests' : ''}`;
  if (level === 'read' && !approves) return { check, status: 'ok', found, fix: '' };
  const fixes = [
    ...(level === 'write' ? ['"Read repository contents and packages permissions"'] : []),
    ...(approves ? ['untick "Allow GitHub Actions to create and approve pull requests"'] : []),
  ];
  return { check, status: 'warn', found, fix: `${where} → ${fixes.join('; ')}` };
}

/** GitHub's three policies, strictest last. */
const FORK_POLICIES: Record<string, string> = {
  first_time_contributors_new_to_github: 'only contributors new to GitHub need approval',
  first_time_contributors: 'only first-time contributors need approval',
  all_external_contributors: 'every external contributor needs approval',
};

async function forkApprovalRow(api: GitHubApi): Promise<CheckResult> {
  const check = 'fork pull request workflows: approval';
  const where =
    'Settings → Actions → General → Approval for running fork pull request workflows from contributors';
  const policy = await read(() => api.getForkPullRequestApproval(), ADMIN);
  if (!policy.ok) return unreadable(check, policy.why, where);
  const found = FORK_POLICIES[policy.value] ?? policy.value;
  if (policy.value === 'all_external_contributors') return { check, status: 'ok', found, fix: '' };
  return { check, status: 'warn', found, fix: `${where} → "Require approval for all external contributors"` };
}

/** Whether a required check's name is the quality check: alone, or a reusable workflow's `caller / name`. */
export function isQualityCheck(context: string, name: string): boolean {
  return context === name || context.endsWith(` / ${name}`);
}

async function requiredCheckRow(api: GitHubApi, branch: string, name: string): Promise<CheckResult> {
  const check = `branch ${branch}: requires ${name}`;
  const where = `Settings → Rules → Rulesets (or Branches → branch protection) for ${branch} → "Require status checks to pass" → ${name}`;
  const [rules, protection] = await Promise.all([
    read(() => api.getBranchRulesChecks(branch), 'read access to the repository'),
    read(() => api.getBranchProtectionChecks(branch), ADMIN),
  ]);
  const byRules = rules.ok && rules.value.some((c) => isQualityCheck(c, name));
  const byProtection = protection.ok && (protection.value ?? []).some((c) => isQualityCheck(c, name));
  if (byRules || byProtection) {
    const by = [...(byRules ? ['a ruleset'] : []), ...(byProtection ? ['branch protection'] : [])];
    return { check, status: 'ok', found: `required by ${by.join(' and ')}`, fix: '' };
  }
  if (!rules.ok || !protection.ok) {
    const heard = [
      rules.ok ? `not required by a ruleset` : `rulesets: ${rules.why}`,
      protection.ok ? 'not required by branch protection' : `branch protection: ${protection.why}`,
    ];
    return unreadable(check, heard.join('; '), where);
  }
  const required = [...rules.value, ...(protection.value ?? [])];
  return {
    check,
    status: 'warn',
    found:
      protection.value === undefined && rules.value.length === 0
        ? 'the branch requires no status checks (not protected)'
        : `required: ${required.length > 0 ? required.join(', ') : 'no status checks'}`,
    fix: where,
  };
}

/** The branches whose protection matters: the default branch and each environment's plain branches. */
export function branchesToCheck(defaultBranch: string | undefined, settings: GitHubCheckSettings): string[] {
  const named = settings.environments.flatMap((e) => e.branches).filter((b) => !/[*?[\]{}!]/.test(b));
  return [...new Set([...(defaultBranch === undefined ? [] : [defaultBranch]), ...named])];
}

/** Every GitHub row, in the order a reader fixes them: environments, the token, forks, the branches. */
export async function examineGitHub(api: GitHubApi, settings: GitHubCheckSettings): Promise<DoctorReport> {
  const checks: CheckResult[] = [];
  const environments = await read(() => api.listEnvironments(), ACTIONS_READ);
  if (settings.environments.length === 0) {
    checks.push({
      check: 'environments',
      status: 'skipped',
      found: 'the config names none',
      fix: '',
    });
  }
  checks.push(...(await environmentRows(api, settings.environments, environments)));
  checks.push(await workflowPermissionsRow(api));
  checks.push(await forkApprovalRow(api));
  const defaultBranch = await read(() => api.getDefaultBranch(), 'read access to the repository');
  if (!defaultBranch.ok) {
    checks.push(unreadable('default branch', defaultBranch.why, 'Settings → General → Default branch'));
  }
  for (const branch of branchesToCheck(defaultBranch.ok ? defaultBranch.value : undefined, settings)) {
    checks.push(await requiredCheckRow(api, branch, settings.qualityCheck));
  }
  return { host: `GitHub ${settings.repository}`, checks };
}
