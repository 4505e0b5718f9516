/** The build directory as a list of files with size and MD5: what the planner compares with the bucket. */
import { createHash } from 'node:crypto';
import { readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, errnoCode } from '../../errors.js';
import type { LocalFile } from './plan.js';

/** A frontend build has hundreds or thousands of files; far more means `dir` points somewhere else. */
export const MAX_FILES = 100_000;
/** Each file is uploaded whole from memory (so its MD5 is its ETag, and no streamed checksum can corrupt it). */
export const MAX_FILE_BYTES = 1024 ** 3;

/**
 * Every regular file under `root`, sorted by path. A symlink is followed only where it stays inside
 * `root` (symlinked files inside are read as files, symlinked directories inside skipped); one that
 * leaves it — `assets/env.txt -> /proc/self/environ` would publish the runner's environment — is
 * refused, naming the file. What deploys is exactly this list: the S3 upload and the nginx-dir copy
 * both take it.
 */
export async function scanBuildDir(root: string, input = 'dir', maxFiles = MAX_FILES): Promise<LocalFile[]> {
  try {
    if (!(await stat(root)).isDirectory()) throw new ConfigurationError(notADirectory(input, root));
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') throw new ConfigurationError(notADirectory(input, root));
    throw error;
  }
  const realRoot = await realpath(root);
  const files: LocalFile[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const rel = pending.pop() as string;
    const entries = await readdir(path.join(root, rel), { withFileTypes: true });
    for (const entry of entries) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const full = path.join(root, child);
      let isFile = entry.isFile();
      if (entry.isDirectory()) {
        pending.push(child);
        continue;
      }
      if (entry.isSymbolicLink()) {
        if (!(await staysInside(full, realRoot))) {
          const target = await readlink(full).catch(() => '?');
          throw new ConfigurationError(
            `${input}: ${child} is a symlink to ${JSON.stringify(target)}, outside ${root}; berth publishes only files inside the build directory — replace the link with the file, or remove it`,
            { key: input, kind: 'invalid' },
          );
        }
        isFile = await stat(full).then(
          (s) => s.isFile(),
          () => false,
        );
      }
      if (!isFile) continue;
      if (files.length >= maxFiles) {
        throw new ConfigurationError(
          `${input}: more than ${maxFiles} files under ${root}; expected a frontend build directory (e.g. frontend/build)`,
        );
      }
      const { size } = await stat(full);
      if (size > MAX_FILE_BYTES) {
        throw new ConfigurationError(
          `${input}: ${child} is ${size} bytes; berth uploads files of up to 1 GiB (a frontend build's files are far smaller)`,
        );
      }
      const body = await readFile(full);
      files.push({ path: child, size: body.length, md5: createHash('md5').update(body).digest('hex') });
    }
  }
  if (files.length === 0) {
    throw new ConfigurationError(`${input}: ${root} has no files; run the frontend build first`);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Whether the link at `full` resolves (through every hop) to a path inside `realRoot`; a dangling link does not. */
async function staysInside(full: string, realRoot: string): Promise<boolean> {
  const resolved = await realpath(full).catch(() => undefined);
  if (resolved === undefined) return false;
  return (
    resolved === realRoot || resolved.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep)
  );
}

function notADirectory(input: string, root: string): string {
  return `${input}: expected the build directory (e.g. frontend/build), but ${root} is not a directory; run the frontend build first, or fix the path`;
}
