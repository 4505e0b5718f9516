// npm run example: runs `berth plan` (the bundled CLI, the same code as the action) on the example
// monorepo for three events, offline: no token is passed, so the GitHub API is never asked.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scenarios = [
  [
    'A PR labelled Backend is merged into release',
    'pull_request',
    'pr-merged-backend-into-release.json',
    'refs/pull/2/merge',
  ],
  [
    'A PR labelled Frontend is opened against develop',
    'pull_request',
    'pr-opened-frontend.json',
    'refs/pull/2/merge',
  ],
  ['A push to test changes frontend/src/OrderList.tsx', 'push', 'push-test-frontend.json', 'refs/heads/test'],
];
const env = { ...process.env, GITHUB_REPOSITORY: 'Codertocat/Hello-World' };
delete env.GITHUB_TOKEN;
let failed = 0;
for (const [title, eventName, file, ref] of scenarios) {
  console.log(
    `\n=== ${title}\n$ berth plan --config examples/monorepo/.github/berth.yml --event-name ${eventName} --event-path examples/events/${file} --ref ${ref}\n`,
  );
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'bin/berth.js'),
      'plan',
      '--config',
      'examples/monorepo/.github/berth.yml',
      '--event-name',
      eventName,
      '--event-path',
      path.join('examples/events', file),
      '--ref',
      ref,
    ],
    { cwd: root, env, stdio: 'inherit' },
  );
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
