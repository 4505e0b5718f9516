export interface LoadReport {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Reused keep-alive connections the server closed before answering, retried as browsers do. */
  retriedResets: number;
  errorCodes: Record<string, number>;
  bodies: Set<string>;
}

export function startLoad(url: string, connections?: number): { stop: () => Promise<LoadReport> };
