// nginx with a prefix of its own on loopback: its nginx.conf (workers as Debian runs them, a server
// block proxying to berth's upstream name, as README shows it), and how many times it reloaded.
import { readFileSync } from 'node:fs';

/** The group of the unprivileged worker user (Debian has no group "nobody": nogroup). */
export function nobodyGroup() {
  try {
    return readFileSync('/etc/group', 'utf8').includes('\nnogroup:') ? 'nogroup' : 'nobody';
  } catch {
    return 'nobody';
  }
}

/** A server block on `listen` proxying to upstream `name` (kept-alive connections to it). */
export function proxyServer(listen, name, { headers = [] } = {}) {
  return [
    '  server {',
    `    listen ${listen};`,
    '    location / {',
    `      proxy_pass http://${name};`,
    '      proxy_http_version 1.1;',
    '      proxy_set_header Connection "";',
    ...headers.map((h) => `      proxy_set_header ${h};`),
    '    }',
    '  }',
  ];
}

/**
 * nginx.conf: `comment` lines first, workers as `user` (none: nginx's default), the pid file and error
 * log, then in http{} the `http` lines, each include and each server block (lines of proxyServer).
 */
export function nginxConfig({
  comment = [],
  user,
  workers = 1,
  connections = 512,
  pidFile,
  errorLog,
  errorLevel = 'warn',
  http = [],
  includes = [],
  servers = [],
}) {
  return [
    ...comment.map((line) => `# ${line}`),
    ...(user ? [`user ${user};`] : []),
    `worker_processes ${workers};`,
    `pid ${pidFile};`,
    `error_log ${errorLog} ${errorLevel};`,
    `events { worker_connections ${connections}; }`,
    'http {',
    '  access_log off;',
    ...http.map((line) => `  ${line}`),
    ...includes.map((file) => `  include ${file};`),
    ...servers.flat(),
    '}',
    '',
  ].join('\n');
}

/** How many times nginx reloaded its configuration (its error log's ": reconfiguring" lines, level notice). */
export function reloadsIn(errorLog) {
  try {
    return (readFileSync(errorLog, 'utf8').match(/: reconfiguring$/gm) ?? []).length;
  } catch {
    return 0;
  }
}
