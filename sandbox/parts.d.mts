/** sandbox/parts.mjs: the parts the sandbox provides, finding them, and what is missing for whom. */
export type PartName =
  | 'docker'
  | 'registry'
  | 'htpasswd'
  | 'nginx'
  | 'busybox'
  | 'sshd'
  | 'ssh'
  | 'shellcheck'
  | 'tinyproxy'
  | 'openssl'
  | 'ip'
  | 'curl'
  | 'prometheus'
  | 'kubernetes'
  | 'root';
export const PARTS: Record<
  PartName,
  {
    packages: readonly string[];
    what: string;
    /** What else the part needs that no package has. */
    files?: string;
    /** Whether those files are here. */
    filesHere?: (env: NodeJS.ProcessEnv) => boolean;
  }
>;
export function installable(part: string, env?: NodeJS.ProcessEnv): boolean;
export const PRETEND_MISSING: 'BERTH_SANDBOX_MISSING';
export function isRoot(): boolean;
export function isDebian(): boolean;
export function pretendedMissing(env?: NodeJS.ProcessEnv): Set<PartName>;
export type Tools = Partial<Record<Exclude<PartName, 'root'> | 'dockerd', string>>;
export function findTools(env?: NodeJS.ProcessEnv): Tools;
export function presentParts(
  tools: Tools,
  options?: { engineUp?: boolean; startable?: boolean; root?: boolean; env?: NodeJS.ProcessEnv },
): Set<string>;
export function missingFor(needs: readonly string[], present: ReadonlySet<string>): string[];
export interface SuitePlan {
  file: string;
  needs: readonly string[];
  missing: string[];
  skip: boolean;
}
export function skipPlan(
  suites: readonly { file: string; needs: readonly string[] }[],
  present: ReadonlySet<string>,
): SuitePlan[];
export function packagesFor(parts: readonly string[]): string[];
export function installCommand(part: string, context?: { root?: boolean; debian?: boolean }): string;
export function summaryLine(
  skipped: readonly { missing: readonly string[] }[],
  context?: { root?: boolean; debian?: boolean },
): string;
export function aptInstall(
  packages: readonly string[],
  options?: { onUpdateFailed?: (result: import('./process.mjs').RunResult) => void },
): Promise<{
  update: import('./process.mjs').RunResult;
  install: import('./process.mjs').RunResult;
  ms: number;
}>;
