/**
 * The outputs each sub-action declares (src/action-spec.ts) are exactly the ones its command's code sets:
 * read from the code itself (every `setOutput('<name>'` in the files that run the command), or from what
 * the functions that make them return (plan's planOutputs, the deploy strategies' outputs), so renaming
 * an output in either place fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { OUTPUTS, SUB_ACTION_NAMES, type SubActionName } from '../src/action-spec.js';
import { containerOutputs } from '../src/deploy/containers/strategy.js';
import type { DeployResult, StaticDeployReport } from '../src/deploy/model.js';
import { kubernetesOutputs } from '../src/deploy/kubernetes/strategy.js';
import { staticOutputs } from '../src/deploy/static/strategy.js';
import { planOutputs } from '../src/plan/outputs.js';
import { ROOT } from './helpers/run-dist.js';

const setIn = (...files: string[]): string[] =>
  files.flatMap((file) =>
    [...readFileSync(path.join(ROOT, 'src', file), 'utf8').matchAll(/setOutput\(\s*'([a-z-]+)'/g)].map(
      (m) => m[1] as string,
    ),
  );
const plan = Object.keys(planOutputs({ trigger: '', deploy: false, runner: [], decisions: [], note: '' }));
const deployed: DeployResult = {
  action: 'deploy',
  host: 'this host',
  remote: false,
  app: 'shop',
  environment: 'production',
  color: 'blue',
  imageRef: 'r/shop@sha256:1',
  previousImageRef: '',
  url: 'http://127.0.0.1:18080',
  durationMs: 1,
  timeline: [],
};
const published: StaticDeployReport = {
  action: 'deploy',
  app: 'web',
  environment: 'production',
  target: 's3',
  where: 's3://b/',
  host: '',
  remote: false,
  uploaded: [],
  unchanged: 0,
  deleted: [],
  kept: [],
  bytesUploaded: 0,
  durationMs: 1,
  timeline: [],
};
const containers = Object.keys(containerOutputs([deployed]));
const statics = Object.keys(
  staticOutputs(
    {
      target: 's3',
      app: 'web',
      environment: 'production',
      dir: '',
      rules: [],
      bucket: 'b',
      prefix: '',
      region: '',
      endpoint: '',
      force: false,
      deleteRemoved: false,
      keepPreviousMs: 0,
    },
    [published],
  ),
);
const kubernetes = Object.keys(
  kubernetesOutputs([
    {
      action: 'deploy',
      app: 'web',
      environment: 'production',
      host: '',
      namespace: 'shop',
      release: 'web-production',
      revision: 2,
      previousRevision: 1,
      imageRef: '',
      previousImageRef: '',
      url: '',
      recovered: '',
      progress: '',
      durationMs: 1,
      timeline: [],
    },
  ]),
);
const CODE: Record<SubActionName, string[]> = {
  plan,
  build: setIn('commands/build.ts'),
  deploy: [...setIn('commands/deploy.ts'), ...containers, ...kubernetes],
  'deploy-static': [...setIn('commands/deploy.ts'), ...statics],
  // A rollback runs the strategy the environment was deployed with: containers, static or kubernetes.
  rollback: [...setIn('commands/deploy.ts'), ...containers, ...statics, ...kubernetes],
  // Both post the PR comment's sections, and hand them over for a fork's pull request.
  coverage: setIn('commands/coverage.ts', 'github/comment-files.ts'),
  'quality-gate': setIn('commands/quality-gate.ts', 'github/comment-files.ts'),
  comment: [],
  'quality-check': setIn('commands/quality-check.ts'),
  doctor: setIn('commands/doctor.ts'),
  status: setIn('commands/status.ts'),
};

test.each(SUB_ACTION_NAMES)('%s: the declared outputs are the ones its code sets', (sub) => {
  const declared = Object.entries(OUTPUTS)
    .filter(([, spec]) => (spec.in as readonly string[]).includes(sub))
    .map(([name]) => name);
  expect([...new Set(CODE[sub])].sort()).toEqual(declared.sort());
});

test('the code sets no output the declaration lacks', () => {
  const all = new Set(Object.values(CODE).flat());
  expect([...all].filter((name) => !(name in OUTPUTS))).toEqual([]);
});
