/**
 * ECR passwords: an authorization token from the AWS SDK's standard credential chain (so it works after
 * aws-actions/configure-aws-credentials with OIDC). The SDK is imported only here, only when an ECR
 * registry is used. `AWS_ENDPOINT_URL_ECR` (an SDK standard) points it elsewhere, as the tests do.
 */
import { ConfigurationError } from '../errors.js';
import { awsProxyHandler } from '../http/proxy.js';
import type { Credentials } from './providers.js';

export async function ecrCredentials(region: string, registryHost: string): Promise<Credentials> {
  const { ECRClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr');
  // The SDK reads no proxy settings itself: its agents follow HTTPS_PROXY / NO_PROXY (../http/proxy.ts).
  const client = new ECRClient({ region, requestHandler: awsProxyHandler() });
  let token: string | undefined;
  try {
    const out = await client.send(new GetAuthorizationTokenCommand({}));
    token = out.authorizationData?.[0]?.authorizationToken;
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const detail = error instanceof Error ? error.message : String(error);
    if (name === 'CredentialsProviderError' || /credential/i.test(detail)) {
      throw new ConfigurationError(
        `registry-provider ecr: no AWS credentials for ${registryHost} (${detail}); run aws-actions/configure-aws-credentials before berth, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`,
      );
    }
    throw new ConfigurationError(
      `registry-provider ecr: GetAuthorizationToken in ${region} failed for ${registryHost}: ${name}: ${detail}`,
    );
  } finally {
    client.destroy();
  }
  if (!token) throw new Error(`ECR returned no authorization token for ${registryHost}`);
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) throw new Error('ECR authorization token is not user:password');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
