/** What the deploy integration tests share: the runner's environment for `node dist/index.js`, and reading its log. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tearDownAll } from '../../sandbox/process.mjs';
import { removeRegistryImages } from './app-images.js';
import type { TestNginx } from './nginx.js';
import { dockerClientPath, type TestRegistry } from './registry.js';

let runs = 0;

/** A runner's env for one deploy: a fresh RUNNER_TEMP, a run id of its own, the registry login, Debian's docker client. */
export function runnerEnv(registry: TestRegistry, sha: string): Record<string, string> {
  runs += 1;
  return {
    GITHUB_SHA: sha.repeat(40).slice(0, 40),
    GITHUB_RUN_ID: `${Date.now()}${runs}`,
    GITHUB_ACTOR: 'octocat',
    RUNNER_TEMP: mkdtempSync(path.join(tmpdir(), 'berth-runner-temp-')),
    HOME: process.env.HOME ?? '/root',
    PATH: dockerClientPath('/usr/bin/docker'),
    'INPUT_REGISTRY-USERNAME': registry.user,
    'INPUT_REGISTRY-PASSWORD': registry.password,
  };
}

/** The `::error::` lines of a run. */
export const errorsOf = (stdout: string): string[] =>
  stdout.split('\n').filter((l) => l.startsWith('::error'));

/** A deploy lock as another run would have left it. */
export function writeLock(
  dir: string,
  owner: { runId: string; commit?: string; actor?: string; since?: string },
): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'owner.json'),
    JSON.stringify({ commit: 'c', actor: 'a', since: new Date().toISOString(), ...owner }),
  );
}

/**
 * Tears down a deploy suite's bed — the registry's images, nginx, the registry, the state and docker
 * config directories — each step also when an earlier one failed or the bed came up only in part.
 */
export function tearDownDeployBed(bed: {
  registry?: TestRegistry;
  nginx?: TestNginx;
  stateDir?: string;
  dockerConfig?: string;
}): Promise<void> {
  const { registry, nginx, stateDir, dockerConfig } = bed;
  return tearDownAll([
    () => registry && removeRegistryImages(registry),
    () => nginx?.stop(),
    () => registry?.stop(),
    () => stateDir && rmSync(stateDir, { recursive: true, force: true }),
    () => dockerConfig && rmSync(dockerConfig, { recursive: true, force: true }),
  ]);
}
