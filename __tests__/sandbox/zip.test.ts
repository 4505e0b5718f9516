/**
 * sandbox/zip.mjs: the entries of a zip (stored and deflated), read from its central directory; and the
 * layer.zip of the kubectl/helm package holds the two binaries the Kubernetes bed takes out of it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, test } from '@jest/globals';
import { unzipEntries, zipEntries } from '../../sandbox/zip.mjs';
import { CLIENT_PACKAGE } from '../../sandbox/k8s.mjs';
import { ROOT } from '../helpers/run-dist.js';

/** A zip of `files` (name → [bytes, deflate?]), written the way zip tools do (CRC left 0: not checked). */
function makeZip(files: [string, Buffer, boolean][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, bytes, deflate] of files) {
    const data = deflate ? deflateRawSync(bytes) : bytes;
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(bytes.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(bytes.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('unzipEntries', () => {
  test('stored and deflated entries come out as they went in; a missing name throws', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-zip-'));
    try {
      const file = path.join(dir, 'a.zip');
      const big = Buffer.from('kubectl '.repeat(10_000));
      writeFileSync(
        file,
        makeZip([
          ['bin/', Buffer.alloc(0), false],
          ['bin/stored', Buffer.from('as is'), false],
          ['bin/deflated', big, true],
        ]),
      );
      const found = unzipEntries(file, ['bin/stored', 'bin/deflated']);
      expect(found.get('bin/stored')?.toString()).toBe('as is');
      expect(found.get('bin/deflated')?.equals(big)).toBe(true);
      expect(() => unzipEntries(file, ['bin/helm'])).toThrow(`${file} has no bin/helm`);
      writeFileSync(file, 'not a zip');
      expect(() => unzipEntries(file, ['x'])).toThrow('not a zip file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${CLIENT_PACKAGE}'s layer.zip holds kubectl and helm`, () => {
    const zip = readFileSync(path.join(ROOT, 'node_modules', CLIENT_PACKAGE, 'lib', 'layer.zip'));
    const names = zipEntries(zip)
      .filter((e) => e.size > 0)
      .map((e) => e.name)
      .sort();
    expect(names).toEqual(['helm/helm', 'kubectl/kubectl']);
  });
});
