/**
 * The one proxy rule, and the Node agents that follow it. Every HTTP(S) client of berth (the registry,
 * SonarQube, the AWS SDK, the GitHub API) asks `proxyFor` whether a target goes through a proxy.
 *
 * The rule, like curl's and Go's ProxyFromEnvironment:
 * - an `https:` target uses `https_proxy`, else `HTTPS_PROXY`; an `http:` target `http_proxy`, else
 *   `HTTP_PROXY` (an https target never falls back to HTTP_PROXY); unset or empty: no proxy;
 * - loopback (`localhost`, `*.localhost`, 127.0.0.0/8, ::1) is never proxied — health checks of the app
 *   on this host must not depend on a proxy;
 * - `no_proxy`, else `NO_PROXY`: a list split on commas or spaces; `*` matches every host; `example.com`,
 *   `.example.com` and `*.example.com` match the name and every name under it; an IP address matches
 *   that address, `10.0.0.0/8` or `fd00::/8` every address in the range; `host:port` (`[::1]:8080`) only
 *   that port.
 *
 * Requests go through the proxy in a CONNECT tunnel, plain-HTTP targets too (as the GitHub toolkit's
 * clients do): TLS still runs end to end with the target, with the client's own CA (`registry-ca-cert`,
 * `sonar-ca-cert`). The proxy must allow CONNECT to the target's port.
 */
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type Socket } from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { ConfigurationError } from '../errors.js';

export type Env = Record<string, string | undefined>;

export interface Proxy {
  /** The proxy's address (`http://user:password@host:port`). */
  url: URL;
  /** The variable it came from, for messages (`HTTPS_PROXY`, or `https_proxy`). */
  variable: string;
}

/** The proxy for a target, or undefined when it is reached directly. */
export function proxyFor(target: URL | string, env: Env = process.env): Proxy | undefined {
  const url = typeof target === 'string' ? new URL(target) : target;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const host = bareHost(url.hostname);
  if (isLoopback(host)) return undefined;
  const noProxy = first(env, 'no_proxy', 'NO_PROXY');
  if (noProxy && noProxyMatches(noProxy.value, host, effectivePort(url))) return undefined;
  const setting =
    url.protocol === 'https:'
      ? first(env, 'https_proxy', 'HTTPS_PROXY')
      : first(env, 'http_proxy', 'HTTP_PROXY');
  if (!setting) return undefined;
  return { url: parseProxyUrl(setting.value, setting.name), variable: setting.name };
}

/** `localhost`, a name under `.localhost`, 127.0.0.0/8 or ::1 (also as an IPv4-mapped address). */
export function isLoopback(hostname: string): boolean {
  const host = bareHost(hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return LOOPBACK.check(host, isIP(host) === 6 ? 'ipv6' : 'ipv4');
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether a NO_PROXY list exempts `host` (a name or an IP address, no brackets) on `port`. */
export function noProxyMatches(list: string, hostname: string, port: number): boolean {
  const host = bareHost(hostname);
  const hostIp = isIP(host);
  for (const raw of list.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const slash = entry.indexOf('/');
    if (slash !== -1) {
      if (hostIp !== 0 && inSubnet(host, hostIp, entry.slice(0, slash), entry.slice(slash + 1))) return true;
      continue;
    }
    const { name, port: entryPort } = splitEntry(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    const entryIp = isIP(name);
    if (entryIp !== 0) {
      if (hostIp === entryIp && sameAddress(host, name, entryIp)) return true;
      continue;
    }
    if (hostIp !== 0) continue; // a name never matches an address by its suffix
    const domain = name.replace(/^\*?\./, '').replace(/\.$/, '');
    if (domain === '') continue;
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/** An entry's name and port: `example.com:8080`, `[::1]:8080`, `::1` (an address, no port). */
function splitEntry(entry: string): { name: string; port?: number } {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracket) return { name: bracket[1] as string, ...(bracket[2] ? { port: Number(bracket[2]) } : {}) };
  if (isIP(entry) === 6) return { name: entry };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  if (withPort) return { name: withPort[1] as string, port: Number(withPort[2]) };
  return { name: entry };
}

function inSubnet(host: string, hostIp: number, network: string, bits: string): boolean {
  const family = isIP(network);
  const prefix = Number(bits);
  if (family === 0 || family !== hostIp || !/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) {
    return false;
  }
  const list = new BlockList();
  list.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
  return list.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

function sameAddress(a: string, b: string, family: number): boolean {
  const list = new BlockList();
  list.addAddress(b, family === 4 ? 'ipv4' : 'ipv6');
  return list.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

/** Lower case, no IPv6 brackets, no trailing dot of a fully qualified name. */
function bareHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

function first(env: Env, ...names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/** `proxy:3128` means `http://proxy:3128` (as curl reads it); only HTTP(S) proxies are spoken to. */
function parseProxyUrl(value: string, variable: string): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw new ConfigurationError(`${variable}: not a proxy address (expected http://host:port)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(
      `${variable}: ${url.protocol.slice(0, -1)} proxies are not supported; berth speaks to HTTP(S) proxies (http://host:port)`,
    );
  }
  if (url.hostname === '') throw new ConfigurationError(`${variable}: no host in the proxy address`);
  return url;
}

/** The proxy's address without its credentials, for messages. */
export function describeProxy(proxy: Proxy): string {
  return `${proxy.url.protocol}//${proxy.url.host}`;
}

/** A failure of the proxy itself (unreachable, or it refused the tunnel); `transient` when worth a retry. */
export class ProxyError extends Error {
  override name = 'ProxyError';
  constructor(
    message: string,
    readonly transient: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface ProxyAgentOptions extends https.AgentOptions {
  /** Where the proxy settings are read, at each new connection (default: process.env). */
  env?: Env;
}

type ConnectOptions = http.ClientRequestArgs & tls.ConnectionOptions & { host?: string; port?: number };
type Created = (error: Error | null, socket?: Duplex) => void;

/**
 * An agent for `http:` or `https:` targets that opens each connection directly or through the proxy
 * `proxyFor` names for its host and port. Everything else (keep-alive, pooling, TLS options such as
 * `ca` from the request) is Node's own agent.
 */
export function proxyAgent(protocol: 'http:' | 'https:', options: ProxyAgentOptions = {}): http.Agent {
  const { env, ...agentOptions } = options;
  const secure = protocol === 'https:';
  const Base = secure ? https.Agent : http.Agent;
  class ProxyingAgent extends Base {
    override createConnection(connect: ConnectOptions, created: Created): Duplex | undefined {
      const host = connect.host ?? 'localhost';
      const port = Number(connect.port ?? (secure ? 443 : 80));
      let proxy: Proxy | undefined;
      try {
        proxy = proxyFor(
          new URL(`${protocol}//${isIP(host) === 6 ? `[${host}]` : host}:${port}`),
          env ?? process.env,
        );
      } catch (error) {
        created(error as Error);
        return undefined;
      }
      const direct = (Base.prototype as unknown as { createConnection: (o: ConnectOptions) => Duplex })
        .createConnection;
      if (!proxy) return direct.call(this, connect);
      tunnel(proxy, host, port, connect.timeout, (error, socket) => {
        if (error || !socket) {
          created(error ?? new Error('no socket'));
          return;
        }
        if (!secure) {
          created(null, socket);
          return;
        }
        // TLS end to end with the target, over the tunnel, with the request's CA and server name.
        created(null, tls.connect({ ...connect, socket } as tls.ConnectionOptions));
      });
      return undefined;
    }
  }
  return new ProxyingAgent(agentOptions);
}

/** Opens `CONNECT host:port` through the proxy; the socket is the tunnel once the proxy answers 200. */
function tunnel(
  proxy: Proxy,
  host: string,
  port: number,
  timeoutMs: number | undefined,
  done: (error: Error | null, socket?: Socket) => void,
): void {
  const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  const where = `the proxy ${describeProxy(proxy)} (${proxy.variable})`;
  const headers: Record<string, string> = { host: authority };
  if (proxy.url.username !== '' || proxy.url.password !== '') {
    const user = decodeURIComponent(proxy.url.username);
    const password = decodeURIComponent(proxy.url.password);
    headers['proxy-authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  const lib = proxy.url.protocol === 'https:' ? https : http;
  const req = lib.request({
    host: proxy.url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80),
    method: 'CONNECT',
    path: authority,
    headers,
    agent: false,
    timeout: timeoutMs ?? 30_000,
  });
  let settled = false;
  const finish = (error: Error | null, socket?: Socket): void => {
    if (settled) return;
    settled = true;
    done(error, socket);
  };
  req.once('connect', (res, socket, head) => {
    req.setTimeout(0);
    if (res.statusCode !== 200) {
      socket.destroy();
      const status = `${res.statusCode ?? 0} ${res.statusMessage ?? ''}`.trim();
      const hint =
        res.statusCode === 407
          ? `it wants credentials: give them in ${proxy.variable} as http://user:password@host:port`
          : `check that it allows CONNECT to port ${port}, or list ${host} in NO_PROXY`;
      finish(
        new ProxyError(
          `${where} answered ${status} to CONNECT ${authority}; ${hint}`,
          res.statusCode !== undefined && res.statusCode >= 500,
        ),
      );
      return;
    }
    if (head.length > 0) socket.unshift(head);
    finish(null, socket);
  });
  req.once('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
  req.once('error', (error) => {
    const code = (error as NodeJS.ErrnoException).code;
    finish(new ProxyError(`${where} for ${authority}: ${code ?? error.message}`, true, { cause: error }));
  });
  req.end();
}

/**
 * Agents for an AWS SDK client's requestHandler (`{ requestHandler: awsProxyHandler() }`): the SDK reads
 * no proxy settings itself. `agentOptions` add TLS options such as `ca`. Each client gets its own agents
 * (destroying a client destroys them).
 */
export function awsProxyHandler(
  env?: Env,
  agentOptions: https.AgentOptions = {},
): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  const options: ProxyAgentOptions = {
    keepAlive: true,
    maxSockets: 50,
    ...agentOptions,
    ...(env ? { env } : {}),
  };
  return {
    httpAgent: proxyAgent('http:', options),
    httpsAgent: proxyAgent('https:', options) as https.Agent,
  };
}
