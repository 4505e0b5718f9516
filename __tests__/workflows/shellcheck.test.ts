/**
 * Every `run:` script of every workflow and template passes shellcheck (Debian's), as actionlint itself
 * would run it: `${{ }}` replaced by a placeholder of the same length, bash unless the step says otherwise.
 *
 * @needs shellcheck
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import type { Job } from '@actions/workflow-parser/model/workflow-template';
import { ROOT } from '../helpers/run-dist.js';
import {
  find,
  loadWorkflow,
  scalarText,
  scriptText,
  workflowFiles,
  type LoadedWorkflow,
} from '../helpers/workflows.js';

const FILES = workflowFiles();
const BAD = path.join(ROOT, '__tests__/fixtures/workflows-bad');

interface Script {
  where: string;
  shell: string;
  script: string;
}

/** Every `run:` of a workflow, with the shell it runs in; `${{ … }}` becomes `_` of the same length. */
function runScripts(wf: LoadedWorkflow): Script[] {
  const scripts: Script[] = [];
  const defaultShell = scalarText(find(find(find(wf.document, 'defaults'), 'run'), 'shell'));
  for (const job of wf.template.jobs) {
    if (job.type !== 'job') continue;
    const raw = find(find(wf.document, 'jobs'), job.id.value);
    const jobShell = scalarText(find(find(find(raw, 'defaults'), 'run'), 'shell'));
    (job as Job).steps.forEach((step, i) => {
      if (!('run' in step)) return;
      const stepToken = find(raw, 'steps');
      const stepShell =
        stepToken !== undefined && 'get' in stepToken
          ? scalarText(
              find((stepToken as unknown as { get(i: number): Parameters<typeof find>[0] }).get(i), 'shell'),
            )
          : '';
      const shell = stepShell || jobShell || defaultShell || 'bash';
      scripts.push({
        where: `${wf.file}:${step.run.range?.start.line ?? 0} (jobs.${job.id.value}, step ${i + 1})`,
        shell,
        script: scriptText(step.run).replace(/\$\{\{.*?\}\}/gs, (m) => '_'.repeat(m.length)),
      });
    });
  }
  return scripts;
}

/** actionlint's shellcheck options: placeholders make constant strings, and env vars come from `env:`. */
function shellcheck(script: Script): string[] {
  const shell = script.shell.split(/\s+/)[0] ?? 'bash';
  if (!['bash', 'sh'].includes(shell)) return [];
  const result = spawnSync(
    'shellcheck',
    ['--norc', '-f', 'gcc', '-s', shell, '-e', 'SC1091,SC2194,SC2050,SC2154,SC2157', '-'],
    { input: script.script, encoding: 'utf8' },
  );
  if (result.error) throw result.error;
  return result.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => `${script.where}: ${l.replace(/^-:/, '')}`);
}

describe('shellcheck', () => {
  test('is installed (Debian: shellcheck)', () => {
    expect(execFileSync('shellcheck', ['--version'], { encoding: 'utf8' })).toMatch(/^ShellCheck/);
  });

  test.each(FILES)('%s: every run script is clean', async (file) => {
    const wf = await loadWorkflow(file);
    expect(runScripts(wf).flatMap(shellcheck)).toEqual([]);
  });

  test('flags the known-bad scripts (it can fail)', async () => {
    const wf = await loadWorkflow('shellcheck.yml', BAD);
    expect(runScripts(wf).map((s) => [s.where, s.shell])).toEqual([
      ['shellcheck.yml:9 (jobs.build, step 1)', 'bash'],
      ['shellcheck.yml:12 (jobs.build, step 2)', 'sh'],
    ]);
    expect(runScripts(wf).flatMap(shellcheck)).toEqual([
      'shellcheck.yml:9 (jobs.build, step 1): 1:4: note: Double quote to prevent globbing and word splitting. [SC2086]',
      "shellcheck.yml:9 (jobs.build, step 1): 2:1: warning: Use 'cd ... || exit' or 'cd ... || return' in case cd fails. [SC2164]",
      'shellcheck.yml:12 (jobs.build, step 2): 1:4: warning: In POSIX sh, [[ ]] is undefined. [SC3010]',
    ]);
  });
});
