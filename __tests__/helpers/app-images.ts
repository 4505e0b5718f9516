/**
 * Test app versions, built FROM scratch with Debian's static busybox and pushed to the test registry:
 * an HTTP app (busybox httpd under a shell trap, so SIGTERM stops it at once) that is healthy, never
 * healthy, or exits at start; and a worker (no HTTP) that keeps running or dies after a few seconds.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { busyboxContext, type TestRegistry } from './registry.js';

const RUN_ID = randomBytes(6).toString('hex');

export type AppKind = 'good' | 'unhealthy' | 'exits' | 'worker' | 'worker-dies' | 'slow-stop';

export function docker(...args: string[]): string {
  return execFileSync('/usr/bin/docker', args, {
    encoding: 'utf8',
    env: { ...process.env, DOCKER_BUILDKIT: '1' },
  });
}

/** `status exitCode` of a container once it is no longer running (bounded: 15 s). */
export async function exitOf(name: string): Promise<string> {
  for (let i = 0; i < 150; i++) {
    const state = docker('inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', name).trim();
    if (!state.startsWith('running')) return state;
    await new Promise((r) => setTimeout(r, 100));
  }
  return 'still running after 15 s';
}

/**
 * The app's files: GET /version and /health; POST /cgi-bin/version (reads the body, answers the version);
 * GET /cgi-bin/slow answers after 3 s (a request in flight across a switch).
 */
export function appFiles(version: string, healthy: boolean): string {
  const cgi = (name: string, body: string): string =>
    `printf '#!/bin/sh\\necho "Content-Type: text/plain"\\necho\\n${body}\\n' > /www/cgi-bin/${name}`;
  return [
    'mkdir -p /www/cgi-bin',
    `echo ${version} > /www/version`,
    ...(healthy ? ['echo ok > /www/health'] : []),
    cgi('version', 'head -c "${CONTENT_LENGTH:-0}" >/dev/null; cat /www/version'),
    cgi('slow', 'sleep 3; echo slow $(cat /www/version)'),
    'chmod 755 /www/cgi-bin/*',
  ].join(' && ');
}

function dockerfile(version: string, kind: AppKind): string {
  const www = appFiles(version, kind !== 'unhealthy');
  const cmd = {
    good: `CMD ["/bin/sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"]`,
    unhealthy: `CMD ["/bin/sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"]`,
    // Finishes its work for 3 s after SIGTERM (still serving), then exits 0; SIGKILL would show as 137.
    'slow-stop': `CMD ["/bin/sh", "-c", "trap 'sleep 3; exit 0' TERM; httpd -f -p 8080 -h /www & wait"]`,
    exits: 'CMD ["/bin/sh", "-c", "echo cannot start: DATABASE_URL missing; exit 3"]',
    worker: `CMD ["/bin/sh", "-c", "trap 'exit 0' TERM; echo worker ${version} up; while true; do sleep 1; done"]`,
    'worker-dies': `CMD ["/bin/sh", "-c", "echo worker ${version} up; sleep 2; echo lost the queue connection; exit 4"]`,
  }[kind];
  return [
    'FROM scratch',
    'COPY busybox /bin/busybox',
    'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
    `RUN mkdir -p /www && ${www}`,
    cmd,
    // A label unique to this test run: the image ID differs from any left by an earlier (killed) run, whose
    // containers would otherwise block removing the tag.
    `LABEL berth.test-run=${RUN_ID}`,
    '',
  ].join('\n');
}

/** Builds one version of the test app as `tag` in the local engine. */
export function buildAppImage(tag: string, version: string, kind: AppKind, dockerConfig?: string): void {
  const dir = busyboxContext(version);
  try {
    writeFileSync(path.join(dir, 'Dockerfile'), dockerfile(version, kind));
    docker(...(dockerConfig ? ['--config', dockerConfig] : []), 'build', '-q', '-t', tag, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds and pushes one version; returns its `repo@sha256:…`. The local copy is removed: deploy must pull it. */
export async function pushVersion(
  registry: TestRegistry,
  dockerConfig: string,
  repo: string,
  version: string,
  kind: AppKind,
): Promise<string> {
  const tag = `${registry.host}/${repo}:${version}`;
  buildAppImage(tag, version, kind, dockerConfig);
  docker('--config', dockerConfig, 'push', tag);
  docker('image', 'rm', tag);
  const manifest = await registry.manifest(repo, version);
  return `${registry.host}/${repo}@${manifest?.digest}`;
}

/** A private docker config logged in to the test registry (for pushing test versions). */
export function loggedInConfig(registry: TestRegistry): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-test-docker-'));
  execFileSync(
    '/usr/bin/docker',
    ['--config', dir, 'login', registry.host, '-u', registry.user, '--password-stdin'],
    {
      input: registry.password,
      stdio: ['pipe', 'ignore', 'ignore'],
    },
  );
  return dir;
}

/** Removes every local image from the test registry (what the deploys pulled). */
export function removeRegistryImages(registry: TestRegistry): void {
  const ids = docker('image', 'ls', '--format', '{{.Repository}} {{.ID}}')
    .split('\n')
    .filter((l) => l.startsWith(`${registry.host}/`))
    .map((l) => l.split(' ')[1] ?? '');
  if (ids.length > 0)
    execFileSync('/usr/bin/docker', ['image', 'rm', '--force', ...new Set(ids)], { stdio: 'ignore' });
}
