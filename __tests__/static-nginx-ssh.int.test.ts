/**
 * `deploy`/`rollback` with strategy static to `nginx-dir` over SSH through a bastion: `node dist/index.js`
 * on the runner copies the build with `tar | ssh tar` to a server whose files only it sees (a private
 * view of the static root), switches `current` there with `mv -T`, and the server's own nginx serves it.
 *
 * @needs docker nginx sshd ssh ip curl root
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { freePort } from './helpers/registry.js';
import { runAction } from './helpers/run-dist.js';
import { TestSshHosts } from './helpers/ssh-hosts.js';

let hosts: TestSshHosts;
let work: string;
let port = 0;
/** The static root as the server sees it, and as this runner reaches the same files. */
let root = '';
let local = '';

beforeAll(async () => {
  hosts = await new TestSshHosts({ privatePath: true }).start();
  work = mkdtempSync(path.join(tmpdir(), 'berth-static-ssh-'));
  root = path.join(hosts.privatePath, 'www');
  local = path.join(hosts.app.privateDir, 'www');
  // The server's nginx, its config and logs in the server's own files.
  const conf = path.join(hosts.app.privateDir, 'nginx');
  mkdirSync(path.join(conf, 'logs'), { recursive: true });
  chmodSync(hosts.app.privateDir, 0o755);
  port = await freePort();
  writeFileSync(
    path.join(conf, 'nginx.conf'),
    [
      'user nobody nogroup;',
      'worker_processes 1;',
      `pid ${hosts.privatePath}/nginx/logs/nginx.pid;`,
      `error_log ${hosts.privatePath}/nginx/logs/error.log warn;`,
      'events { worker_connections 64; }',
      'http {',
      '  access_log off;',
      `  server { listen 127.0.0.1:${port}; root ${root}/current; }`,
      '}',
      '',
    ].join('\n'),
  );
  hosts.appExec(['nginx', '-p', `${hosts.privatePath}/nginx`, '-c', 'nginx.conf']);
}, 180_000);

afterAll(async () => {
  try {
    hosts?.appExec(['nginx', '-p', `${hosts.privatePath}/nginx`, '-c', 'nginx.conf', '-s', 'quit']);
  } catch {
    // not running
  }
  await hosts?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

function run(command: 'deploy' | 'rollback', version: string, links: Record<string, string> = {}) {
  const dir = path.join(work, `build-${version}`);
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), `<p>${version}</p>\n`);
  writeFileSync(path.join(dir, 'assets', `app-${version}.js`), `/* ${version} */\n`);
  for (const [name, target] of Object.entries(links)) symlinkSync(target, path.join(dir, name));
  return runAction({
    eventName: 'push',
    payload: {},
    cwd: work,
    inputs: {
      command,
      strategy: 'static',
      'static-target': 'nginx-dir',
      component: 'frontend',
      environment: 'develop',
      dir: command === 'deploy' ? path.basename(dir) : '',
      'static-root': root,
      'state-dir': `${hosts.privatePath}/state`,
      'ssh-host': hosts.app.address,
      'ssh-user': hosts.user,
      'ssh-key': hosts.clientKey,
      'ssh-known-hosts': hosts.knownHosts,
      bastion: `${hosts.user}@${hosts.bastion.address}`,
    },
    env: { GITHUB_SHA: `abc${version}`, GITHUB_RUN_ID: '11', HOME: work },
  });
}

/** GET through the server's nginx, from inside the server's namespace. */
const served = (): string =>
  hosts.appExec(['curl', '-s', '-m', '5', '-w', ' %{http_code}', `http://127.0.0.1:${port}/`]).trim();

test('deploy twice and roll back, over SSH; the files exist only on the server', async () => {
  for (const v of ['v1', 'v2']) {
    const r = await run('deploy', v);
    if (r.code !== 0) throw new Error(`deploy ${v} failed:\n${r.stdout}\n${r.stderr}`);
    expect(r.outputs).toMatchObject({ 'files-uploaded': '2', url: `${root}/releases/abc${v}` });
    expect(r.summary).toContain(`on root@\u200b${hosts.app.address}`); // @ escaped: no mention
    expect(served()).toBe(`<p>${v}</p>\n 200`);
  }
  expect(readlinkSync(path.join(local, 'current'))).toBe('releases/abcv2');
  expect(readFileSync(path.join(local, 'releases', 'abcv1', 'assets', 'app-v1.js'), 'utf8')).toBe(
    '/* v1 */\n',
  );

  const back = await run('rollback', 'v2');
  if (back.code !== 0) throw new Error(`rollback failed:\n${back.stdout}\n${back.stderr}`);
  expect(served()).toBe('<p>v1</p>\n 200');
  expect(readlinkSync(path.join(local, 'current'))).toBe('releases/abcv1');
}, 120_000);

test('a link inside the build arrives on the server as a file; a link out of it is refused, nothing copied', async () => {
  const inside = await run('deploy', 'v3', { 'assets/alias.js': 'app-v3.js' });
  if (inside.code !== 0) throw new Error(`deploy v3 failed:\n${inside.stdout}\n${inside.stderr}`);
  const alias = path.join(local, 'releases', 'abcv3', 'assets', 'alias.js');
  expect(lstatSync(alias).isFile()).toBe(true);
  expect(readFileSync(alias, 'utf8')).toBe('/* v3 */\n');

  const out = await run('deploy', 'v4', { 'assets/env.txt': '/proc/self/environ' });
  expect(out.code).toBe(1);
  expect(out.stdout + out.stderr).toContain(
    'dir: assets/env.txt is a symlink to "/proc/self/environ", outside',
  );
  expect(() => lstatSync(path.join(local, 'releases', 'abcv4'))).toThrow(/ENOENT/);
  expect(served()).toBe('<p>v3</p>\n 200');
}, 120_000);
