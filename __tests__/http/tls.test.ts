/** The one CA rule, as a table: each CA input is PEM text or a PEM file in the workspace, trusted besides the public roots. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { ConfigurationError } from '../../src/errors.js';
import { readCaInput, trustedCa } from '../../src/http/tls.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
let workspace = '';
beforeAll(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'berth-ca-'));
  writeFileSync(path.join(workspace, 'ca.pem'), PEM);
  writeFileSync(path.join(workspace, 'notes.txt'), 'not a certificate');
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

test.each<[string, string, string | undefined, string | undefined]>([
  ['empty: no CA', '', undefined, undefined],
  ['PEM text', PEM, undefined, PEM],
  ['a PEM file relative to the workspace', 'ca.pem', undefined, PEM],
  ['a PEM file by its absolute path', '<workspace>/ca.pem', undefined, PEM],
  [
    'a file without a PEM block',
    'notes.txt',
    undefined,
    'registry-ca-cert: expected PEM text or the path of a PEM file, got "notes.txt"',
  ],
  [
    'a file that is not there',
    'missing.pem',
    undefined,
    'registry-ca-cert: expected PEM text or the path of a PEM file, got "missing.pem"',
  ],
  [
    'from the environment: the message names the variable',
    'missing.pem',
    'SONAR_ROOT_CERT',
    'registry-ca-cert (from the SONAR_ROOT_CERT environment variable): expected PEM text or the path of a PEM file, got "missing.pem"',
  ],
])('%s', async (_, given, fromEnv, expected) => {
  const value = given.replace('<workspace>', workspace);
  const read = readCaInput(value, {
    input: 'registry-ca-cert',
    workspace,
    ...(fromEnv ? { fromEnv } : {}),
  });
  if (expected === undefined || expected === PEM) {
    expect(await read).toBe(expected);
    return;
  }
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as ConfigurationError).message).toBe(expected);
  expect([(error as ConfigurationError).keys, (error as ConfigurationError).kind]).toEqual([
    ['registry-ca-cert'],
    'invalid',
  ]);
});

test('a private CA is trusted besides the public roots, never instead of them', () => {
  expect(trustedCa(PEM)).toEqual([...rootCertificates, PEM]);
});
