/**
 * The one http(s) address rule, as a table: httpAddressProblem for an address berth sends the token to
 * (sonar-host-url, SONAR_HOST_URL), parseHttpUrl for one it only links or names (a dashboard link, a
 * report's serverUrl).
 */
import { expect, test } from '@jest/globals';
import { httpAddressProblem, parseHttpUrl } from '../../src/http/url.js';

test.each<[string, 'user-or-password' | 'not-http' | undefined, boolean]>([
  ['https://sonar.example.com', undefined, true],
  ['http://sonar.example.com:9000/sonarqube/', undefined, true],
  ['HTTPS://Sonar.Example.com', undefined, true],
  ['https://[::1]:9000', undefined, true],
  ['https://user:secret@sonar.example.com', 'user-or-password', true],
  ['https://token@sonar.example.com', 'user-or-password', true],
  ['ftp://user:secret@sonar.example.com', 'user-or-password', false],
  ['ftp://sonar.example.com', 'not-http', false],
  ['javascript:alert(1)', 'not-http', false],
  ['sonar.example.com', 'not-http', false],
  ['https://', 'not-http', false],
  ['https://sonar example.com', 'not-http', false],
  ['', 'not-http', false],
])('%j: %s', (value, problem, http) => {
  expect(httpAddressProblem(value)).toBe(problem);
  expect(parseHttpUrl(value) !== undefined).toBe(http);
});
