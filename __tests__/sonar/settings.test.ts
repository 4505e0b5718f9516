import { describe, expect, test } from '@jest/globals';
import { resolveSonarSettings, type SonarInputs } from '../../src/sonar/settings.js';

const none: SonarInputs = { sonarToken: '', sonarHostUrl: '', sonarCaCert: '' };
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

describe('resolveSonarSettings: the input, else the variable SonarSource’s scanners and actions read', () => {
  test.each<
    [string, Partial<SonarInputs>, Record<string, string>, Partial<ReturnType<typeof resolveSonarSettings>>]
  >([
    ['nothing anywhere', {}, {}, { ...none, from: { token: 'none', hostUrl: 'none', caCert: 'none' } }],
    [
      'all three from the environment',
      {},
      { SONAR_TOKEN: 'squ_env', SONAR_HOST_URL: 'https://sonar.example.com/sq/', SONAR_ROOT_CERT: PEM },
      {
        sonarToken: 'squ_env',
        sonarHostUrl: 'https://sonar.example.com/sq',
        sonarCaCert: PEM,
        from: { token: 'env', hostUrl: 'env', caCert: 'env' },
      },
    ],
    [
      'the inputs win when given',
      { sonarToken: 'squ_input', sonarHostUrl: 'https://a.example.com', sonarCaCert: 'ca.pem' },
      { SONAR_TOKEN: 'squ_env', SONAR_HOST_URL: 'https://b.example.com', SONAR_ROOT_CERT: PEM },
      {
        sonarToken: 'squ_input',
        sonarHostUrl: 'https://a.example.com',
        sonarCaCert: 'ca.pem',
        from: { token: 'input', hostUrl: 'input', caCert: 'input' },
      },
    ],
    [
      'each on its own: the token from a secret input, the server from the environment',
      { sonarToken: 'squ_input' },
      { SONAR_HOST_URL: 'http://127.0.0.1:9000' },
      {
        sonarToken: 'squ_input',
        sonarHostUrl: 'http://127.0.0.1:9000',
        from: { token: 'input', hostUrl: 'env', caCert: 'none' },
      },
    ],
    [
      'blank variables count as unset',
      {},
      { SONAR_TOKEN: '  ', SONAR_HOST_URL: '' },
      { sonarToken: '', sonarHostUrl: '', from: { token: 'none', hostUrl: 'none', caCert: 'none' } },
    ],
  ])('%s', (_name, inputs, env, expected) => {
    expect(resolveSonarSettings({ ...none, ...inputs }, env)).toMatchObject(expected);
  });

  test.each([
    [
      'sonar.example.com',
      /sonar-host-url: the SONAR_HOST_URL environment variable is "sonar\.example\.com"; expected the http\(s\) address/,
    ],
    ['ftp://sonar.example.com', /SONAR_HOST_URL environment variable is "ftp:\/\/sonar\.example\.com"/],
  ])('a SONAR_HOST_URL that is not an http(s) address: %j', (value, message) => {
    expect(() => resolveSonarSettings(none, { SONAR_HOST_URL: value })).toThrow(message);
  });

  test('a SONAR_HOST_URL with a password in it: refused without quoting it', () => {
    const run = () =>
      resolveSonarSettings(none, { SONAR_HOST_URL: 'https://admin:s3cret@sonar.example.com' });
    expect(run).toThrow(/SONAR_HOST_URL environment variable must not hold a user or password/);
    expect(run).not.toThrow(/s3cret/);
  });
});
