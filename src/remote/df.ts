/**
 * `df -Pk` output — pure parsing. POSIX format (-P): a header line, then one line per file system, never
 * wrapped, in 1024-byte blocks (-k): Filesystem, 1024-blocks, Used, Available, Capacity, Mounted on.
 */

/** `df -Pk` output → the space available (bytes) and the mount point; undefined when unreadable. */
export function parseDfAvailable(output: string): { bytes: number; mount: string } | undefined {
  const last = output.trim().split('\n').slice(1).at(-1);
  const fields = last?.trim().split(/\s+/) ?? [];
  const kib = Number(fields[3]);
  if (fields.length < 6 || !Number.isFinite(kib)) return undefined;
  return { bytes: kib * 1024, mount: fields.slice(5).join(' ') };
}
