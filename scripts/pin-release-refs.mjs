#!/usr/bin/env node
// The release's rewrite: in the reusable workflows, berth's own references at the release's major
// (`berth-dev/berth@v0`, `berth-dev/berth/deploy@v0`, `berth-dev/berth/.github/workflows/x.yml@v0`)
// become the release's exact tag, so a caller that pins a reusable workflow (by tag or SHA) also runs
// the action of that release, not whatever `v0` points at later.
//
//   node scripts/pin-release-refs.mjs v1.2.3 [files…]   (default: .github/workflows/berth-*.yml)
//
// The repository is GITHUB_REPOSITORY when set (a fork releases its own), else berth-dev/berth.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TAG = /^v(\d+)\.\d+\.\d+$/;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with every `<repository>[/<path>]@v<major>` reference (the tag's major) replaced by `tag`; pure.
 * Other majors, other repositories and references already at an exact version are left as they are.
 */
export function pinReleaseRefs(text, tag, repository = 'berth-dev/berth') {
  const m = TAG.exec(tag);
  if (m === null) throw new Error(`the tag must look like vX.Y.Z, got ${JSON.stringify(tag)}`);
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository))
    throw new Error(`the repository must look like owner/name, got ${JSON.stringify(repository)}`);
  const ref = new RegExp(`(?<![\\w./-])(${escape(repository)}(?:/[^@\\s'"]+)?)@v${m[1]}(?![\\w.-])`, 'gi');
  let count = 0;
  const result = text.replace(ref, (_all, target) => {
    count += 1;
    return `${target}@${tag}`;
  });
  return { text: result, count };
}

async function main(argv) {
  const [tag, ...given] = argv;
  if (tag === undefined || tag === '--help') {
    console.error('usage: node scripts/pin-release-refs.mjs vX.Y.Z [files…]');
    return 2;
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const files =
    given.length > 0
      ? given
      : (await readdir(path.join(root, '.github/workflows')))
          .filter((f) => /^berth-.*\.ya?ml$/.test(f))
          .sort()
          .map((f) => path.join(root, '.github/workflows', f));
  const repository = process.env.GITHUB_REPOSITORY || 'berth-dev/berth';
  let total = 0;
  for (const file of files) {
    const { text, count } = pinReleaseRefs(await readFile(file, 'utf8'), tag, repository);
    if (count > 0) await writeFile(file, text);
    console.log(`${path.relative(root, file) || file}: ${count} reference${count === 1 ? '' : 's'} → ${tag}`);
    total += count;
  }
  if (total === 0) {
    console.error(
      `no ${repository}@v… reference of ${tag}'s major in ${files.length} file(s): nothing pinned`,
    );
    return 1;
  }
  return 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
