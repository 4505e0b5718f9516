/**
 * `docker ps` output — pure parsing. `docker ps --format '{{.Names}}\t{{.Ports}}'` prints one container a
 * line: its name, a tab, and what it publishes (`0.0.0.0:18181->3000/tcp, [::]:18181->3000/tcp`).
 */

/** The `--format` template publishedPorts reads. */
export const NAMES_AND_PORTS = '{{.Names}}\t{{.Ports}}';

/** `docker ps --format '{{.Names}}\t{{.Ports}}'` lines → host port → container name. */
export function publishedPorts(psOutput: string): Map<number, string> {
  const ports = new Map<number, string>();
  for (const line of psOutput.split('\n')) {
    const [name = '', published = ''] = line.split('\t');
    for (const m of published.matchAll(/:(\d+)->/g)) ports.set(Number(m[1]), name);
  }
  return ports;
}
