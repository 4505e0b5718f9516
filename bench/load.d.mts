export type LoadKind = 'fresh' | 'get' | 'post';

export interface KindReport {
  requests: number;
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts: never retried. */
  errors: number;
  errorCodes: Record<string, number>;
  statuses: Record<string, number>;
  bodies: Set<string>;
}

export type LoadReport = Record<LoadKind | 'total', KindReport>;

export interface LoadOptions {
  fresh?: number;
  get?: number;
  post?: number;
  getPath?: string;
  postPath?: string;
  timeoutMs?: number;
}

export const KINDS: readonly LoadKind[];
export function startLoads(url: string, options?: LoadOptions): { stop: () => Promise<LoadReport> };
export function startLoadProcess(
  url: string,
  options?: LoadOptions,
  spawn?: (
    command: string,
    args: string[],
    options: { stdio: ['pipe', 'pipe', 'inherit'] },
  ) => import('node:child_process').ChildProcess,
): { stop: () => Promise<LoadReport> };
export function describeFailures(report: LoadReport): string;
export function toJson(report: LoadReport): Record<string, Omit<KindReport, 'bodies'> & { bodies: string[] }>;
export function fromJson(json: Record<string, Omit<KindReport, 'bodies'> & { bodies: string[] }>): LoadReport;
