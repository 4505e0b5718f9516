/**
 * The SonarQube settings `quality-gate` uses: each input, else the environment variable every
 * SonarSource scanner and SonarSource's sonarqube-quality-gate-action read (`SONAR_TOKEN`,
 * `SONAR_HOST_URL`, `SONAR_ROOT_CERT`), so a step copied from their README with an `env:` block works
 * as it is. The input wins when given. Pure: the environment is a parameter.
 */
import { ConfigurationError } from '../errors.js';
import { httpAddressProblem } from '../http/url.js';

export interface SonarInputs {
  sonarToken: string;
  sonarHostUrl: string;
  sonarCaCert: string;
}

/** Where a setting came from, for the log (never the value of the token). */
export type SettingSource = 'input' | 'env' | 'none';

export interface SonarSettings extends SonarInputs {
  from: { token: SettingSource; hostUrl: SettingSource; caCert: SettingSource };
}

export const SONAR_ENV = {
  token: 'SONAR_TOKEN',
  hostUrl: 'SONAR_HOST_URL',
  caCert: 'SONAR_ROOT_CERT',
} as const;

export function resolveSonarSettings(
  inputs: SonarInputs,
  env: Readonly<Record<string, string | undefined>>,
): SonarSettings {
  const fromEnv = (name: string): string => (env[name] ?? '').trim();
  const pick = (input: string, name: string): [string, SettingSource] => {
    if (input !== '') return [input, 'input'];
    const value = fromEnv(name);
    return value === '' ? ['', 'none'] : [value, 'env'];
  };
  const [sonarToken, token] = pick(inputs.sonarToken, SONAR_ENV.token);
  const [rawHost, hostUrl] = pick(inputs.sonarHostUrl, SONAR_ENV.hostUrl);
  const [sonarCaCert, caCert] = pick(inputs.sonarCaCert, SONAR_ENV.caCert);
  // The input was checked where it was read; the variable is checked here, by the same rule.
  const sonarHostUrl = hostUrl === 'env' ? checkHostUrl(rawHost) : rawHost;
  return { sonarToken, sonarHostUrl, sonarCaCert, from: { token, hostUrl, caCert } };
}

/** An http(s) address without user or password, without its trailing slash. */
function checkHostUrl(value: string): string {
  const problem = httpAddressProblem(value);
  if (problem === 'user-or-password') {
    // Not quoted: the value holds a password.
    throw new ConfigurationError(
      `sonar-host-url: the ${SONAR_ENV.hostUrl} environment variable must not hold a user or password; give the token as sonar-token or ${SONAR_ENV.token}`,
    );
  }
  if (problem === 'not-http') {
    throw new ConfigurationError(
      `sonar-host-url: the ${SONAR_ENV.hostUrl} environment variable is ${JSON.stringify(value.slice(0, 200))}; expected the http(s) address of the server, e.g. https://sonar.example.com`,
    );
  }
  return value.replace(/\/+$/, '');
}
