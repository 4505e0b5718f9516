/**
 * Output of tools berth reads: captured on a host (__tests__/fixtures/tool-output, see its README), and
 * real-shaped tables shared by the tests of a parser and of the checks that read it — `nginx -T` of a
 * Debian-like configuration, /proc/net/tcp and tcp6 of a host, `df -Pk` of Docker's disk.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CAPTURED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tool-output');

/** A captured output: `nginx-T.txt`, `docker-ps.txt`, `df-Pk.txt`, `proc-net-tcp.txt`. */
export function captured(name: string): string {
  return readFileSync(path.join(CAPTURED, name), 'utf8');
}

export const DEBIAN_DUMP = [
  '# configuration file /etc/nginx/nginx.conf:',
  'user www-data;',
  'include /etc/nginx/modules-enabled/*.conf;',
  'http {',
  '\tinclude /etc/nginx/mime.types;',
  '\t# include /etc/nginx/berth/old.conf;',
  '\tinclude /etc/nginx/conf.d/*.conf;',
  '\tinclude sites-enabled/*;',
  '}',
  '',
  '# configuration file /etc/nginx/sites-enabled/default:',
  'server { include snippets/berth[0-9].conf; listen 80; }',
].join('\n');

// Real lines: 127.0.0.1:40673, 0.0.0.0:22 listening; an established connection; tcp6 [::]:80 and [::1]:631.
export const TCP = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:9EE1 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20897276 1 00000000c455886e 100 0 0 10 0',
  '   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0000000000000000 100 0 0 10 0',
  '   2: 0100007F:46A0 0100007F:9EE1 01 00000000:00000000 00:00000000 00000000     0        0 5678 1 0000000000000000 20 4 30 10 -1',
].join('\n');
export const TCP6 = [
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0',
  '   1: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0',
].join('\n');

/** `df -Pk` of the disk Docker keeps its data on, with `free` KiB available. */
export const DF = (free: number) =>
  `Filesystem     1024-blocks     Used Available Capacity Mounted on\n/dev/vda         264212084 30951484  ${free}      30% /var/lib/docker\n`;
