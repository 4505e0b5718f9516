/**
 * What protects the environment a deploy goes to, read from GitHub before anything changes: its
 * deployment branch policy (without one, any branch that can run a workflow deploys to production) and
 * its required reviewers. `environmentVerdict` decides from GitHub's answer (pure); `checkEnvironmentProtection`
 * asks GitHub, logs and summarises the verdict, and refuses an unprotected environment unless the
 * `allow-unprotected-environment` input opts out (then it warns, every run).
 */
import { ConfigurationError, describeError } from '../errors.js';
import type { EnvironmentProtection, EnvironmentReviewer, GitHubApi } from '../github/api.js';
import type { Inputs } from '../inputs.js';
import type { Runtime } from '../runtime/runtime.js';
import type { DeployAction } from './model.js';

/** What the check concluded: a refusal (the step fails), or the lines to log and summarise. */
export interface ProtectionVerdict {
  /** The error's message when the deploy must not go on. */
  refusal?: string;
  /** Said with `::warning::` (opted out of a refusal). */
  warnings: string[];
  /** Said in the log: what protects the environment. */
  notices: string[];
  /** One Markdown line for the step summary. */
  summary: string;
}

/** Where GitHub's setting is, and its two values that protect. */
const branchSetting = (name: string): string =>
  `Settings → Environments → ${name} → Deployment branches and tags → "Protected branches only" or "Selected branches and tags"`;

const capitalise = (s: string): string => `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;

const reviewerName = (r: EnvironmentReviewer): string =>
  r.type === 'Team' ? `team ${r.name}` : `@${r.name}`;

/** The required reviewers, in words. */
export function describeReviewers(env: EnvironmentProtection): string {
  if (env.reviewers.length === 0) {
    return `no required reviewers: a deploy to ${env.name} starts without anyone's approval (Settings → Environments → ${env.name} → Required reviewers)`;
  }
  return `required reviewers: ${env.reviewers.map(reviewerName).join(', ')}${env.preventSelfReview ? ' (not the one who started it)' : ''}`;
}

/** The branch policy, in words; undefined when there is none. */
export function describeBranchPolicy(env: EnvironmentProtection): string | undefined {
  const policy = env.deploymentBranchPolicy;
  if (policy === null) return undefined;
  if (policy.protectedBranches) return 'deploys only from protected branches';
  if (policy.customBranchPolicies) return 'deploys only from its selected branches and tags';
  return undefined;
}

/**
 * The verdict on GitHub's answer for environment `name` (`undefined`: GitHub answered 404);
 * `repository` (`owner/repo`) only names what was asked, in the messages.
 */
export function environmentVerdict(
  name: string,
  env: EnvironmentProtection | undefined,
  allowUnprotected: boolean,
  repository: string,
): ProtectionVerdict {
  const optOut = 'allow-unprotected-environment: true';
  if (env === undefined) {
    const problem = `environment: GitHub shows no environment "${name}" in ${repository} to this token (GET /repos/${repository}/environments/${encodeURIComponent(name)} answered 404), so nothing says which branches may deploy to it`;
    const fix = `give the deploy job \`permissions: actions: read\` (the token cannot see environments without it on a private repository), and make sure the job's \`environment:\` is "${name}"; a new environment has no protection until ${branchSetting(name)} is set`;
    return allowUnprotected
      ? {
          warnings: [`${problem}; deploying anyway (${optOut}). To protect it, ${fix}.`],
          notices: [],
          summary: `⚠️ Environment **${name}**: not found on GitHub, so not protected; deployed anyway (\`${optOut}\`).`,
        }
      : {
          refusal: `${problem}. ${capitalise(fix)} — or set \`${optOut}\` to deploy anyway (warned every run).`,
          warnings: [],
          notices: [],
          summary: `❌ Environment **${name}**: not found on GitHub; nothing deployed.`,
        };
  }
  const reviewers = describeReviewers(env);
  const branches = describeBranchPolicy(env);
  if (branches === undefined) {
    const problem = `environment "${name}" has no deployment branch policy: any branch that can run a workflow can deploy to it`;
    return allowUnprotected
      ? {
          warnings: [
            `${problem}; deploying anyway (${optOut}). To protect it: ${branchSetting(name)}. It has ${reviewers}.`,
          ],
          notices: [],
          summary: `⚠️ Environment **${name}**: any branch can deploy to it (no deployment branch policy); deployed anyway (\`${optOut}\`). ${capitalise(reviewers)}.`,
        }
      : {
          refusal: `${problem}. Set ${branchSetting(name)} — or set \`${optOut}\` to deploy anyway (warned every run).`,
          warnings: [],
          notices: [],
          summary: `❌ Environment **${name}**: any branch can deploy to it (no deployment branch policy); nothing deployed.`,
        };
  }
  const wait = env.waitTimerMinutes > 0 ? `, waits ${env.waitTimerMinutes} min` : '';
  return {
    warnings: [],
    notices: [`environment "${name}" ${branches}${wait}; ${reviewers}`],
    summary: `🔒 Environment **${name}**: ${branches}${wait}. ${capitalise(reviewers)}.`,
  };
}

/**
 * The step: in GitHub Actions (or when asked from the CLI) read the environment from GitHub, say what
 * protects it, and refuse an unprotected one before the deploy starts.
 */
export async function checkEnvironmentProtection(
  action: DeployAction,
  inputs: Inputs,
  runtime: Runtime,
  github: () => GitHubApi,
): Promise<void> {
  const name = inputs.environment;
  const allow = inputs.allowUnprotectedEnvironment;
  const onActions = runtime.getContext('github-actions') === 'true';
  if (!onActions && inputs.checkEnvironmentProtection !== 'always') {
    runtime.info(
      `berth ${action}: the GitHub environment "${name}"'s protection is not checked outside GitHub Actions; \`check-environment-protection: always\` checks it from here (with github-token, --repository)`,
    );
    return;
  }
  let env: EnvironmentProtection | undefined;
  try {
    env = await github().getEnvironment(name);
  } catch (error) {
    if (!allow) throw error;
    const why = describeError(error);
    runtime.warning(
      `berth ${action}: the protection of environment "${name}" could not be read, so it is not checked; deploying anyway (allow-unprotected-environment: true): ${why}`,
    );
    await runtime.appendSummary(
      `⚠️ Environment **${name}**: protection not checked (GitHub could not say); deployed anyway (\`allow-unprotected-environment: true\`).\n`,
    );
    return;
  }
  const verdict = environmentVerdict(name, env, allow, runtime.getContext('repository'));
  for (const line of verdict.notices) runtime.info(`berth ${action}: ${line}`);
  for (const line of verdict.warnings) runtime.warning(`berth ${action}: ${line}`);
  await runtime.appendSummary(`${verdict.summary}\n`);
  if (verdict.refusal !== undefined) {
    throw new ConfigurationError(`berth ${action}: ${verdict.refusal}`, {
      key: 'environment',
      kind: 'invalid',
    });
  }
}
