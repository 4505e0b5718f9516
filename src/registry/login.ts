import { lastLines, type Exec } from '../exec.js';
import { ConfigurationError } from '../errors.js';
import { buildLoginArgs, type Credentials } from './providers.js';

/** The registry did not answer (as opposed to refusing the credentials): worth a retry. */
export class RegistryUnreachableError extends Error {
  override name = 'RegistryUnreachableError';
}

const UNREACHABLE =
  /connection refused|no such host|i\/o timeout|network is unreachable|no route to host|TLS handshake timeout|Client\.Timeout|connection reset|EOF$/im;

/** `docker login --password-stdin` into a private config; a failure names the inputs to check. */
export async function dockerLogin(
  exec: Exec,
  docker: string,
  configDir: string,
  host: string,
  credentials: Credentials,
  where = 'this host',
): Promise<void> {
  const result = await exec([docker, ...buildLoginArgs(configDir, host, credentials.username)], {
    stdin: credentials.password,
  });
  if (result.code !== 0) {
    const why = lastLines(result.stderr || result.stdout);
    if (UNREACHABLE.test(why)) {
      throw new RegistryUnreachableError(
        `registry ${host} is unreachable from ${where} (docker login): ${why}`,
      );
    }
    throw new ConfigurationError(
      `registry-username / registry-password: docker login to ${host} failed: ${why}`,
    );
  }
}
