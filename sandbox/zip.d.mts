/** sandbox/zip.mjs: a small zip reader (stored or deflated entries, no zip64). */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  offset: number;
}
export function zipEntries(zip: Buffer): ZipEntry[];
export function zipEntry(zip: Buffer, entry: ZipEntry): Buffer;
export function unzipEntries(file: string, names: readonly string[]): Map<string, Buffer>;
