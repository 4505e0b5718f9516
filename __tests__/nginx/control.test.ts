/** What nginx prints about itself, read in nginx's own module. */
import { expect, test } from '@jest/globals';
import { nginxVersionName } from '../../src/nginx/control.js';

test.each([
  ['nginx version: nginx/1.22.1\n', 'nginx/1.22.1'],
  ['nginx version: openresty/1.25.3.1\n', 'openresty/1.25.3.1'],
  ['sudo: a password is required\n', undefined],
  ['', undefined],
])('nginxVersionName(%j)', (output, version) => {
  expect(nginxVersionName(output)).toBe(version);
});
