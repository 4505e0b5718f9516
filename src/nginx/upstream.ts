/**
 * The include berth owns — pure rendering and reading back. It makes the blue/green switch a file
 * operation instead of a reload: a reload closes idle keep-alive client connections, and a request
 * already on its way on one of them gets a reset, which no client retries for a POST.
 *
 * - `upstream <name>_blue` and `<name>_green`: the two colours, each with its own keep-alive pool.
 * - `upstream <name>`: what server blocks proxy to (`proxy_pass http://<name>;`, the name berth has
 *   always owned), a stable entry on a loopback port.
 * - The switch: a small `server` on that port picks the colour per request — `<name>_green` while the
 *   marker file exists, else `<name>_blue` — and proxies to it unchanged. berth switches by creating or
 *   removing the marker (atomic), so nginx never reloads for a deploy, a rollback or a refused version.
 * - A probe: a request carrying this install's token gets the colour nginx picks, which is how berth
 *   checks that nginx's workers really see the marker before it stops the old colour.
 */
import type { Color } from '../docker/run-args.js';
import { ConfigurationError } from '../errors.js';

export const UPSTREAM_NAME = /^[A-Za-z0-9_]+$/;
/** A path nginx may be given unquoted: no space, quote, `;`, `{`, `}`, `$` or `#`. */
const NGINX_PATH = /^\/[A-Za-z0-9._/@+=,-]+$/;
/** The header berth's probe sends; the value is the install's token. */
export const PROBE_HEADER = 'X-Berth-Probe';
const TOKEN = /^[0-9a-f]{16,64}$/;
/**
 * How long nginx keeps an idle connection to a colour. Short, so that the old colour's idle connections
 * are gone moments after the switch — a connection still open to it then carries a request in flight,
 * which is what the drain waits for — and shorter than any app's own idle timeout (Node 5 s, gunicorn
 * 2 s), so nginx never reuses a connection the app is closing. Reconnecting on loopback costs
 * microseconds; under load the pool's connections are never idle that long.
 */
export const COLOUR_KEEPALIVE_TIMEOUT_MS = 300;

/** `<app>_<environment>` with anything nginx would not take in a name turned into `_`. */
export function defaultUpstreamName(app: string, environment: string): string {
  return `${app}_${environment}`.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The upstream of one colour: `<name>_blue`, `<name>_green`. */
export function colourUpstream(name: string, colour: Color): string {
  return `${name}_${colour}`;
}

/** The marker next to the include: nginx proxies to green while it exists, to blue otherwise. */
export function markerFor(upstreamFile: string): string {
  return `${upstreamFile}.green`;
}

export interface SwitchInclude {
  /** The upstream server blocks proxy to. */
  name: string;
  /** Where the colours are published (a loopback address, usually 127.0.0.1). */
  address: string;
  ports: { blue: number; green: number };
  /** The loopback port of berth's switch (the entry `upstream <name>` points at). */
  entryPort: number;
  /** Absolute path of the marker file (markerFor). */
  marker: string;
  /** This install's probe token (hex). */
  token: string;
  /** `shop production`, for the header comment. */
  note: string;
  /** `keepalive_timeout` inside `upstream` (nginx 1.15.3+); without it the colours get no keep-alive pool. */
  upstreamKeepaliveTimeout: boolean;
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function checkPort(what: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new ConfigurationError(`${what}: expected a port of 1-65535, got ${port}`);
}

export function renderSwitchInclude(o: SwitchInclude): string {
  if (!UPSTREAM_NAME.test(o.name)) {
    throw new ConfigurationError(
      `nginx-upstream-name: expected letters, digits and "_", got ${JSON.stringify(o.name)}`,
    );
  }
  if (!NGINX_PATH.test(o.marker)) {
    throw new ConfigurationError(
      `nginx-upstream-file: ${JSON.stringify(o.marker.replace(/\.green$/, ''))} must be an absolute path of letters, digits and ._/@+=,- (nginx reads the switch's marker next to it)`,
    );
  }
  if (!TOKEN.test(o.token)) throw new Error(`the probe token must be hex, got ${JSON.stringify(o.token)}`);
  if (!/^[\x20-\x7e]*$/.test(o.note) || /[\n\r]/.test(o.note))
    throw new Error(`the note ${JSON.stringify(o.note)} must be printable ASCII`);
  if (!/^[0-9a-fA-F:.]+$/.test(o.address))
    throw new ConfigurationError(`bind-address: expected an IP address, got ${JSON.stringify(o.address)}`);
  checkPort('blue-port', o.ports.blue);
  checkPort('green-port', o.ports.green);
  checkPort('the switch port', o.entryPort);
  const variable = `$berth_${o.name}`;
  const connection = `$berth_${o.name}_connection`;
  const colour = (c: Color): string[] => [
    `upstream ${colourUpstream(o.name, c)} {`,
    `    server ${hostPort(o.address, o.ports[c])} max_fails=0;`,
    ...(o.upstreamKeepaliveTimeout
      ? ['    keepalive 16;', `    keepalive_timeout ${COLOUR_KEEPALIVE_TIMEOUT_MS}ms;`]
      : []),
    '}',
  ];
  return [
    `# Managed by berth (${o.note}). Do not edit: berth rewrites it when blue-port, green-port or the`,
    '# upstream name change, and reloads nginx then only. A deploy switches colours without a reload:',
    `# nginx proxies to green while ${o.marker} exists, to blue otherwise.`,
    '# nginx\'s worker user must be able to read that directory (see "berth doctor").',
    ...colour('blue'),
    ...colour('green'),
    '',
    `# Server blocks proxy here (proxy_pass http://${o.name};): the switch below.`,
    `upstream ${o.name} {`,
    `    server 127.0.0.1:${o.entryPort} max_fails=0;`,
    '    keepalive 32;',
    '}',
    '',
    `map $http_upgrade ${connection} {`,
    '    default upgrade;',
    "    ''      '';",
    '}',
    '',
    '# The switch: picks the live colour per request and passes the request on as it came (headers, body,',
    '# WebSocket upgrades). The limits and timeouts of the server block in front of it apply, not its own.',
    'server {',
    `    listen 127.0.0.1:${o.entryPort};`,
    '    access_log off;',
    '    open_file_cache off;',
    '    client_max_body_size 0;',
    '    large_client_header_buffers 8 64k;',
    '    underscores_in_headers on;',
    '    ignore_invalid_headers off;',
    '    keepalive_timeout 600s;',
    '    keepalive_requests 100000;',
    '',
    `    set ${variable} ${colourUpstream(o.name, 'blue')};`,
    `    if (-f ${o.marker}) {`,
    `        set ${variable} ${colourUpstream(o.name, 'green')};`,
    '    }',
    `    if ($http_${PROBE_HEADER.toLowerCase().replace(/-/g, '_')} = "${o.token}") {`,
    `        return 200 "${variable}\\n";`,
    '    }',
    '',
    '    location / {',
    `        proxy_pass http://${variable};`,
    '        proxy_http_version 1.1;',
    '        proxy_set_header Host $http_host;',
    '        proxy_set_header Upgrade $http_upgrade;',
    `        proxy_set_header Connection ${connection};`,
    '        proxy_buffering off;',
    '        proxy_request_buffering off;',
    // Room for an answer's headers bigger than the front block would take (with buffering off only
    // proxy_buffer_size is used; the others satisfy nginx's checks of it).
    '        proxy_buffer_size 32k;',
    '        proxy_buffers 4 32k;',
    '        proxy_busy_buffers_size 64k;',
    '        proxy_read_timeout 1d;',
    '        proxy_send_timeout 1d;',
    '        proxy_redirect off;',
    '        proxy_ignore_headers X-Accel-Redirect X-Accel-Expires X-Accel-Limit-Rate X-Accel-Buffering X-Accel-Charset;',
    ...['Server', 'Date', ...ACCEL_HEADERS].map((h) => `        proxy_pass_header ${h};`),
    '    }',
    '}',
    '',
  ].join('\n');
}

/** The X-Accel-* headers the server block in front acts on: the switch passes them on untouched. */
const ACCEL_HEADERS = [
  'X-Accel-Redirect',
  'X-Accel-Expires',
  'X-Accel-Limit-Rate',
  'X-Accel-Buffering',
  'X-Accel-Charset',
];

/** What berth keeps from an include it wrote with the switch: its port and token; undefined for any other file. */
export function parseSwitchInclude(
  text: string,
  name: string,
): { entryPort: number; token: string } | undefined {
  const entry = new RegExp(
    `^upstream ${name} \\{\\n    server 127\\.0\\.0\\.1:(\\d{1,5}) max_fails=0;$`,
    'm',
  ).exec(text);
  const token = /^ {4}if \(\$http_x_berth_probe = "([0-9a-f]{16,64})"\) \{$/m.exec(text);
  if (!entry || !token) return undefined;
  const entryPort = Number(entry[1]);
  if (entryPort < 1 || entryPort > 65535) return undefined;
  return { entryPort, token: token[1] as string };
}

/** The probe's answer (`<name>_green\n`) → the colour; undefined for anything else. */
export function parseProbeAnswer(body: string, name: string): Color | undefined {
  const text = body.trim();
  if (text === colourUpstream(name, 'blue')) return 'blue';
  if (text === colourUpstream(name, 'green')) return 'green';
  return undefined;
}

/** The first port of the switch's range that nothing holds, from where this name's hash starts. */
export function chooseEntryPort(name: string, taken: ReadonlySet<number>): number {
  const [low, size] = [20000, 10000]; // under Linux's ephemeral range (32768+), above most apps' ports
  let hash = 2166136261;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  for (let i = 0; i < size; i++) {
    const port = low + ((hash + i) % size);
    if (!taken.has(port)) return port;
  }
  throw new Error(`no free port for nginx's switch between ${low} and ${low + size - 1}`);
}

/** `keepalive_timeout` is allowed in `upstream` since nginx 1.15.3 (unknown version: assume a current one). */
export function supportsUpstreamKeepaliveTimeout(version: [number, number, number] | undefined): boolean {
  if (version === undefined) return true;
  const [a, b, c] = version;
  return a > 1 || (a === 1 && (b > 15 || (b === 15 && c >= 3)));
}

/**
 * The port `upstream <name>` points at in an include of berth before the switch (`server
 * 127.0.0.1:18081 …;`), or a hand-written one; undefined when the file has no such upstream.
 */
export function parseLegacyUpstreamPort(text: string, name: string): number | undefined {
  const m = new RegExp(`(?:^|[\\s;}])upstream\\s+${name}\\s*\\{[^}]*?\\bserver\\s+\\S*?:(\\d{1,5})\\b`).exec(
    text,
  );
  return m ? Number(m[1]) : undefined;
}
