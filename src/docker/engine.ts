/**
 * The Docker engine seam: a private config directory per job run (so credentials never land in a
 * shared runner's ~/.docker), builder detection, and the runs of the argv that ./build-args.ts makes.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode } from '../errors.js';
import type { Exec, ExecResult } from '../exec.js';
import {
  carriedConfig,
  readUserDockerConfig,
  routeToFile,
  userDockerConfigDir,
  type DockerAuthConfig,
} from '../registry/job-login.js';
import type { Builder } from './build-args.js';

/**
 * Creates `<tempDir>/berth-docker-<random>` (0700) whose config.json (0600) carries the job's registry
 * logins — the user's `auths`, `credHelpers` and `credsStore` (a `docker/login-action` step before
 * berth) — and its current context, nothing else; links the user's `cli-plugins` (buildx installed per
 * user, e.g. by setup-buildx-action), `buildx` (its builders) and `contexts`.
 */
export async function createDockerConfig(
  tempDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const dir = path.join(tempDir, `berth-docker-${randomBytes(6).toString('hex')}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const user = userDockerConfigDir(env);
  await writePrivateConfig(dir, carriedConfig(await readUserDockerConfig(env)));
  for (const name of ['cli-plugins', 'buildx', 'contexts']) {
    try {
      await symlink(path.join(user, name), path.join(dir, name));
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
    }
  }
  return dir;
}

async function writePrivateConfig(dir: string, config: DockerAuthConfig): Promise<void> {
  const file = path.join(dir, 'config.json');
  await writeFile(file, JSON.stringify(config), { mode: 0o600 });
  await chmod(file, 0o600);
}

/**
 * Before berth's own `docker login` to `host` into the private config `dir`: that registry is kept in
 * the file (see routeToFile), so berth's credentials win over the job's and never reach its store.
 */
export async function prepareOwnLogin(dir: string, host: string): Promise<void> {
  let config: DockerAuthConfig = { auths: {} };
  try {
    config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as DockerAuthConfig;
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  }
  await writePrivateConfig(dir, routeToFile(config, host));
}

/** Removes the private config (credentials included); links are removed, not followed. */
export async function removeDockerConfig(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** The smallest BuildKit build: a label on scratch, written to nowhere; it pulls nothing and leaves no image. */
const PROBE_DOCKERFILE = 'FROM scratch\nLABEL berth.probe=1\n';

export interface BuilderDetection {
  builder: Builder;
  /** What was tried, for the log and the warning. */
  notes: string[];
}

/**
 * `docker buildx build` when the buildx plugin answers; else `DOCKER_BUILDKIT=1 docker build` when the
 * engine's built-in BuildKit builds; else the classic builder. Newer docker CLIs without the plugin
 * refuse DOCKER_BUILDKIT=1 (the probe fails), older ones (Debian's 20.10) build with it.
 */
export async function detectBuilder(
  exec: Exec,
  docker: string,
  configDir: string,
): Promise<BuilderDetection> {
  const notes: string[] = [];
  const buildx = await quiet(exec, [docker, '--config', configDir, 'buildx', 'version']);
  if (buildx.code === 0) return { builder: 'buildx', notes: [`buildx: ${buildx.stdout.trim()}`] };
  notes.push('no buildx plugin');
  const probe = await quiet(
    exec,
    [docker, '--config', configDir, 'build', '--quiet', '--output', 'type=tar,dest=/dev/null', '-'],
    {
      env: { DOCKER_BUILDKIT: '1' },
      stdin: PROBE_DOCKERFILE,
    },
  );
  if (probe.code === 0)
    return { builder: 'buildkit', notes: [...notes, "the engine's built-in BuildKit works"] };
  notes.push(`built-in BuildKit unavailable (${firstLine(probe.stderr)})`);
  return { builder: 'classic', notes };
}

async function quiet(exec: Exec, argv: string[], options: Parameters<Exec>[1] = {}): Promise<ExecResult> {
  try {
    return await exec(argv, options);
  } catch (error) {
    // docker not installed at all
    return { code: 127, stdout: '', stderr: error instanceof Error ? error.message : String(error) };
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 200) ?? '';
}

/** `docker version` for the engine's and the client's versions, on one line. */
export const DOCKER_VERSION_ARGS = [
  'version',
  '--format',
  '{{.Server.Version}}|{{.Client.Version}}',
] as const;

/** DOCKER_VERSION_ARGS' output → the engine's and the client's versions ('' when absent). */
export function parseDockerVersions(output: string): { server: string; client: string } {
  const [server = '', client = ''] = output.trim().split('|');
  return { server, client };
}
