/**
 * The one rule for a private CA: how a CA input (`sonar-ca-cert` or SONAR_ROOT_CERT, `registry-ca-cert`)
 * is read, how it is trusted (besides the public roots, never instead of them), and which TLS errors
 * mean the server's certificate is not trusted here.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import { ConfigurationError } from '../errors.js';

/** Node's TLS error codes that mean "the server's certificate is not trusted here" (a private CA, an
 * expired or mismatched certificate): the fix is a CA input, not a retry. */
export const TLS_TRUST_CODES: ReadonlySet<string> = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The `ca` of a TLS connection that trusts a private CA besides Node's public roots. */
export function trustedCa(pem: string): string[] {
  return [...rootCertificates, pem];
}

export interface CaInput {
  /** The input, for the message (`sonar-ca-cert`). */
  input: string;
  /** A relative path is the workspace's. */
  workspace: string;
  /** The environment variable the value came from, when it did (`SONAR_ROOT_CERT`). */
  fromEnv?: string;
}

/**
 * A CA input: PEM text, or the path of a PEM file (relative to the workspace); undefined for ''. Either
 * way the PEM holds a `-----BEGIN` line; anything else is a ConfigurationError naming the input.
 */
export async function readCaInput(value: string, where: CaInput): Promise<string | undefined> {
  if (value === '') return undefined;
  if (value.includes('-----BEGIN')) return value;
  try {
    const pem = await readFile(path.resolve(where.workspace, value), 'utf8');
    if (pem.includes('-----BEGIN')) return pem;
  } catch {
    // reported below
  }
  const from = where.fromEnv ? ` (from the ${where.fromEnv} environment variable)` : '';
  throw new ConfigurationError(
    `${where.input}${from}: expected PEM text or the path of a PEM file, got ${JSON.stringify(value.slice(0, 80))}`,
    { key: where.input, kind: 'invalid' },
  );
}
