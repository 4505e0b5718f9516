/** The upstream include berth owns — pure rendering. */

export const UPSTREAM_NAME = /^[A-Za-z0-9_]+$/;

/** `<app>_<environment>` with anything nginx would not take in a name turned into `_`. */
export function defaultUpstreamName(app: string, environment: string): string {
  return `${app}_${environment}`.replace(/[^A-Za-z0-9_]/g, '_');
}

export function renderUpstream(name: string, address: string, port: number, note: string): string {
  return [
    `# Managed by berth (${note}). Do not edit: berth rewrites this file on every deploy.`,
    `upstream ${name} {`,
    `    server ${address}:${port} max_fails=0;`,
    '    keepalive 16;',
    '}',
    '',
  ].join('\n');
}

/** The port the upstream file currently points at, if berth wrote it. */
export function parseUpstreamPort(text: string): number | undefined {
  const m = /^\s*server\s+[^\s:]+:(\d+)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}
