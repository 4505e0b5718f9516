/** sandbox/nginx.mjs: nginx.conf for a prefix of its own on loopback, and its reload count. */
export function nobodyGroup(): string;
export function proxyServer(
  listen: string,
  name: string,
  options?: { headers?: readonly string[] },
): string[];
export function nginxConfig(options: {
  comment?: readonly string[];
  user?: string;
  workers?: number;
  connections?: number;
  pidFile: string;
  errorLog: string;
  errorLevel?: string;
  http?: readonly string[];
  includes?: readonly string[];
  servers?: readonly (readonly string[])[];
}): string;
export function reloadsIn(errorLog: string): number;
