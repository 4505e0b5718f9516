// `npm test`'s sandbox: before a jest project runs, what its suites need (their `@needs`) is found,
// installed when missing (as root on Debian/Ubuntu, with apt-get) and the Docker engine started when
// a suite needs one; what is present then is written for the test environment (environment.mjs),
// which skips each suite that misses a part. After the run: one line naming each missing part and the
// command that installs it, and the engine stopped if this run started it.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dockerAnswers, startEngine, stopEngine } from '../engine.mjs';
import {
  aptInstall,
  findTools,
  installable,
  isDebian,
  isRoot,
  missingFor,
  packagesFor,
  presentParts,
  pretendedMissing,
  summaryLine,
} from '../parts.mjs';
import { indent, tail } from '../process.mjs';
import { projectSuites } from './suites.mjs';

/** The run's directory (present.json, skipped.jsonl), shared by the projects and the test workers. */
export const RUN_DIR = 'BERTH_SANDBOX_RUN';

const say = (text) => process.stderr.write(`[sandbox] ${text}\n`);

/** What this machine has now; `docker` only when an engine answers. */
export async function presentNow(env = process.env) {
  const tools = findTools(env);
  const engine = tools.docker ? await dockerAnswers(tools.docker) : { up: false };
  return presentParts(tools, { engineUp: engine.up, startable: false, env });
}

/** Process-wide: both projects' hooks run in jest's main process. */
const run = (globalThis.__berthSandbox ??= { projects: 0, dir: undefined, dockerd: undefined });

/** globalSetup of a project: provide what its suites need, then record what is present. */
export async function setUp(config) {
  run.projects += 1;
  run.dir ??= mkdtempSync(path.join(os.tmpdir(), 'berth-sandbox-'));
  process.env[RUN_DIR] = run.dir; // the workers start after this, with this environment
  const needs = [...new Set(projectSuites(config).flatMap((s) => s.needs))];
  let tools = findTools();
  const pretended = pretendedMissing();
  // Not a part whose files no package has are missing (the kubernetes server binaries): apt-get cannot help.
  const toInstall = missingFor(needs, presentParts(tools)).filter((p) => !pretended.has(p) && installable(p));
  const packages = packagesFor(toInstall);
  if (packages.length > 0 && isRoot() && isDebian()) {
    say(`installing ${packages.join(' ')} (apt-get install -y ${packages.join(' ')})`);
    const { install } = await aptInstall(packages, {
      onUpdateFailed: (r) =>
        say(`apt-get update failed (continuing with the lists there are): ${r.stderr.trim()}`),
    });
    if (install.code !== 0) {
      say(`apt-get install failed; the suites needing them are skipped:\n${indent(install.stderr.trim())}`);
    }
    tools = findTools();
  }
  if (needs.includes('docker') && tools.docker && tools.dockerd && isRoot() && run.dockerd === undefined) {
    if (!(await dockerAnswers(tools.docker)).up) {
      const log = path.join(run.dir, 'dockerd.log');
      say(`no Docker engine answers: starting ${tools.dockerd} (log: ${log}); stopped after the run`);
      try {
        run.dockerd = await startEngine({ dockerd: tools.dockerd, docker: tools.docker, log });
      } catch (error) {
        say(`${error.message}\n${indent(tail(log))}`);
      }
    }
  }
  writeFileSync(path.join(run.dir, 'present.json'), JSON.stringify([...(await presentNow())]));
}

/** What setUp recorded as present (for a run without it, e.g. a config of its own: found now). */
export async function recordedPresent(env = process.env) {
  try {
    return new Set(JSON.parse(readFileSync(path.join(env[RUN_DIR] ?? '', 'present.json'), 'utf8')));
  } catch {
    return presentNow(env);
  }
}

/** Notes a skipped suite, for the summary line. */
export function recordSkip(file, missing, env = process.env) {
  if (env[RUN_DIR])
    appendFileSync(path.join(env[RUN_DIR], 'skipped.jsonl'), `${JSON.stringify({ file, missing })}\n`);
}

/** globalTeardown of a project: after the last one, the summary line and the engine this run started. */
export async function tearDown() {
  run.projects -= 1;
  if (run.projects > 0 || run.dir === undefined) return;
  let skipped = [];
  try {
    skipped = readFileSync(path.join(run.dir, 'skipped.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l));
  } catch {
    // nothing skipped
  }
  const line = summaryLine(skipped);
  if (line !== '') process.stderr.write(`\n${line}\n`);
  if (run.dockerd !== undefined) {
    await stopEngine(run.dockerd);
    run.dockerd = undefined;
  }
  rmSync(run.dir, { recursive: true, force: true });
  run.dir = undefined;
  delete process.env[RUN_DIR];
}
