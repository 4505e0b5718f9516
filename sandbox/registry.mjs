// A registry: Debian's docker-registry (distribution 2.8) with htpasswd (bcrypt) auth, its config and
// storage in a directory of the caller's. The demo starts it detached (it outlives the demo); the
// benches and tests as a child that `stop()` ends.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { get, listening, SandboxError, waitFor } from './process.mjs';

/** The bcrypt htpasswd line for user (the password goes on stdin, never on a command line). */
export function htpasswdLine(user, password, htpasswd = 'htpasswd') {
  const hashed = spawnSync(htpasswd, ['-niB', user], { input: password, encoding: 'utf8' });
  if (hashed.status !== 0) {
    throw new SandboxError(`htpasswd failed: ${(hashed.stderr ?? hashed.error?.message ?? '').trim()}`);
  }
  return hashed.stdout;
}

/**
 * Writes `dir`/htpasswd and `dir`/config.yml for a registry on `host` (`address:port`), storage in
 * `dir`/data; `tls` serves HTTPS with that certificate. Returns the config's path.
 */
export function writeRegistryConfig({
  dir,
  host,
  user,
  password,
  realm = 'berth-test',
  level = 'warn',
  tls,
  comment,
  htpasswd,
}) {
  const htpasswdFile = path.join(dir, 'htpasswd');
  writeFileSync(htpasswdFile, htpasswdLine(user, password, htpasswd), { mode: 0o600 });
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      ...(comment ? [`# ${comment}`] : []),
      'version: 0.1',
      `log: {level: ${level}}`,
      `storage: {filesystem: {rootdirectory: ${JSON.stringify(path.join(dir, 'data'))}}, delete: {enabled: true}}`,
      `http: {addr: "${host}"${tls ? `, tls: {certificate: ${tls.cert}, key: ${tls.key}}` : ''}}`,
      `auth: {htpasswd: {realm: ${realm}, path: ${JSON.stringify(htpasswdFile)}}}`,
      '',
    ].join('\n'),
  );
  return config;
}

/** The registry's arguments for its config. */
export const registryArgs = (config) => ['serve', config];

/** Whether a registry answers on host: 401 to /v2/ (auth on); with TLS, that its port accepts. */
export async function registryAnswers(host, { tls = false } = {}) {
  if (tls) {
    const colon = host.lastIndexOf(':');
    return listening(host.slice(0, colon), Number(host.slice(colon + 1)));
  }
  return (await get(`http://${host}/v2/`)).status === 401;
}

/**
 * Writes the config (see writeRegistryConfig) and starts the registry as a child of this process
 * (`spawnIn` starts it elsewhere, e.g. in a network namespace; `answers` asks it there), then waits
 * until it answers. One that does not answer is killed before the error is thrown.
 */
export async function startRegistry(options) {
  const { spawnIn, answers, timeoutMs = 15_000, ...config } = options;
  const file = writeRegistryConfig(config);
  const child = spawnIn
    ? spawnIn('docker-registry', registryArgs(file))
    : spawn('docker-registry', registryArgs(file), { stdio: 'ignore' });
  let exited;
  child.on('error', (error) => (exited = error.message));
  child.on('exit', (code, signal) => (exited ??= `exited (${code ?? signal})`));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  };
  try {
    await waitFor(
      `docker-registry on ${config.host}`,
      async () => {
        if (exited) throw new SandboxError(`docker-registry on ${config.host}: ${exited}`);
        // Asking may fail while it comes up (nothing listens yet: curl exits non-zero): not yet, not an error.
        try {
          return answers
            ? await answers(config.host)
            : await registryAnswers(config.host, { tls: Boolean(config.tls) });
        } catch {
          return false;
        }
      },
      timeoutMs,
    );
  } catch (error) {
    stop();
    throw error;
  }
  return { host: config.host, child, stop };
}
