import type { Exec } from '../exec.js';
import { ConfigurationError } from '../errors.js';
import { buildLoginArgs, type Credentials } from './providers.js';

/** `docker login --password-stdin` into a private config; a failure names the inputs to check. */
export async function dockerLogin(
  exec: Exec,
  docker: string,
  configDir: string,
  host: string,
  credentials: Credentials,
): Promise<void> {
  const result = await exec([docker, ...buildLoginArgs(configDir, host, credentials.username)], {
    stdin: credentials.password,
  });
  if (result.code !== 0) {
    const why = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ');
    throw new ConfigurationError(
      `registry-username / registry-password: docker login to ${host} failed: ${why}`,
    );
  }
}
