/**
 * The one rule for an http(s) address berth is given (sonar-host-url, SONAR_HOST_URL, a report's
 * serverUrl, a dashboard link): it parses as a URL, and its scheme is http or https.
 */

/** The address as a URL when it is an http(s) one, else undefined. */
export function parseHttpUrl(value: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
}

/**
 * What is wrong with a server's http(s) address, if anything: a user or password in it (checked first:
 * the message must not quote it), or not an http(s) address at all.
 */
export function httpAddressProblem(value: string): 'user-or-password' | 'not-http' | undefined {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url && (url.username || url.password)) return 'user-or-password';
  return parseHttpUrl(value) === undefined ? 'not-http' : undefined;
}
