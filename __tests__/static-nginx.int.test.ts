/**
 * `deploy` with strategy static to `nginx-dir` for real: Debian's nginx (its own prefix, workers as
 * `nobody`, loopback) serves `<static-root>/current`; under constant keep-alive load on the entry page
 * and on an asset, berth switches five releases — no request may get a 404 or a 5xx — and `rollback`
 * serves the release before.
 *
 * @needs nginx
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { runDeploy, runRollback } from '../src/commands/deploy.js';
import type { InputName } from '../src/inputs.js';
import { describeFailures, startLoads, type LoadReport } from './helpers/load.js';
import { freePort } from './helpers/registry.js';
import { runAction } from './helpers/run-dist.js';
import { fakeRuntime } from './helpers/static-runtime.js';

let work: string;
let root: string;
let port = 0;
const nginx = (...args: string[]) =>
  execFileSync('nginx', ['-p', path.join(work, 'nginx'), '-c', 'nginx.conf', ...args]);

/** A build of `version`: the page names it, the asset every release has returns it. */
function build(version: string): string {
  const dir = path.join(work, 'builds', version);
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><p id="v">${version}</p><script src="/assets/app.js"></script>\n`,
  );
  writeFileSync(path.join(dir, 'assets', 'app.js'), `window.version = "${version}";\n`);
  writeFileSync(path.join(dir, 'assets', `chunk-${version}.js`), `/* ${version} */\n`);
  chmodSync(dir, 0o700); // as a runner's checkout may be: berth makes the release readable for nginx
  return dir;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'berth-static-nginx-'));
  chmodSync(work, 0o711); // nginx's workers (nobody) must reach the releases below
  root = path.join(work, 'www');
  mkdirSync(path.join(work, 'nginx', 'logs'), { recursive: true });
  port = await freePort();
  writeFileSync(
    path.join(work, 'nginx', 'nginx.conf'),
    [
      'user nobody nogroup;',
      'worker_processes 2;',
      `pid ${work}/nginx/logs/nginx.pid;`,
      `error_log ${work}/nginx/logs/error.log warn;`,
      'events { worker_connections 512; }',
      'http {',
      '  access_log off;',
      '  server {',
      `    listen 127.0.0.1:${port};`,
      `    root ${root}/current;`,
      '    location / { try_files $uri $uri/ =404; }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  nginx();
});

afterAll(() => {
  try {
    nginx('-s', 'quit');
  } catch {
    // not running
  }
  rmSync(work, { recursive: true, force: true });
});

const inputs = (version: string): Partial<Record<InputName, string>> => ({
  command: 'deploy',
  strategy: 'static',
  'static-target': 'nginx-dir',
  app: 'orders-web',
  environment: 'develop',
  dir: path.relative(work, build(version)),
  'static-root': root,
  'state-dir': path.join(work, 'state'),
  'keep-releases': '3',
});

async function deploy(version: string) {
  const r = fakeRuntime(inputs(version), work, { sha: `c0ffee${version}`, 'run-id': '5' });
  await runDeploy(r.inputs, r.runtime);
  return r;
}

const get = async (urlPath: string): Promise<[number, string]> => {
  const res = await fetch(`http://127.0.0.1:${port}${urlPath}`);
  return [res.status, (await res.text()).trim()];
};

test('five release switches under load: no 404, no 5xx, no failed connection; rollback serves the previous release', async () => {
  await deploy('v1');
  expect(await get('/')).toEqual([
    200,
    '<!doctype html><p id="v">v1</p><script src="/assets/app.js"></script>',
  ]);

  const loads = [
    // Static files take GETs only: new connections and keep-alive ones.
    startLoads(`http://127.0.0.1:${port}`, { fresh: 2, get: 2, post: 0, getPath: '/' }),
    startLoads(`http://127.0.0.1:${port}`, { fresh: 2, get: 2, post: 0, getPath: '/assets/app.js' }),
  ];
  let reports: LoadReport[];
  try {
    for (const v of ['v2', 'v3', 'v4', 'v5', 'v6']) {
      await new Promise((r) => setTimeout(r, 150));
      const { outputs } = await deploy(v);
      expect(outputs.url).toBe(`${root}/releases/c0ffee${v}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  } finally {
    reports = await Promise.all(loads.map((l) => l.stop()));
  }
  for (const report of reports) {
    expect(describeFailures(report)).toBe('none');
    expect(report.fresh.requests).toBeGreaterThan(50);
    expect(report.get.requests).toBeGreaterThan(50);
  }
  // The load saw the releases go by, every response whole.
  const assetBodies = reports[1]?.total.bodies ?? new Set<string>();
  expect([...assetBodies].every((b) => /^window\.version = "v[1-6]";$/.test(b))).toBe(true);
  expect(assetBodies.has('window.version = "v6";')).toBe(true);

  expect(readlinkSync(path.join(root, 'current'))).toBe('releases/c0ffeev6');
  // keep-releases 3: the three newest stay.
  const log = JSON.parse(readFileSync(path.join(root, 'releases.json'), 'utf8')) as {
    releases: { id: string }[];
  };
  expect(log.releases.map((r) => r.id)).toEqual(['c0ffeev4', 'c0ffeev5', 'c0ffeev6']);

  const back = fakeRuntime({ ...inputs('v6'), command: 'rollback', dir: '' }, work);
  await runRollback(back.inputs, back.runtime);
  expect(await get('/assets/app.js')).toEqual([200, 'window.version = "v5";']);
  expect(back.outputs.url).toBe(`${root}/releases/c0ffeev5`);
  expect(back.summary.join('')).toContain('| Live release | releases/c0ffeev5 |');
  // The deploy history records each switch on the host, next to the container deploys' records.
  const history = readFileSync(path.join(work, 'state', 'orders-web-develop', 'history.jsonl'), 'utf8')
    .trim()
    .split('\n');
  expect(history).toHaveLength(7);
  expect(JSON.parse(history.at(-1) as string)).toMatchObject({
    action: 'rollback',
    result: 'success',
    imageRef: `${root}/releases/c0ffeev5`,
    previousImageRef: `${root}/releases/c0ffeev6`,
  });
}, 60_000);

test('node dist/index.js: deploy and rollback to nginx-dir', async () => {
  const distRoot = path.join(work, 'www-dist');
  const run = (command: string, version: string) =>
    runAction({
      eventName: 'push',
      payload: {},
      cwd: work,
      inputs: {
        command,
        strategy: 'static',
        'static-target': 'nginx-dir',
        component: 'frontend',
        environment: 'develop',
        dir: command === 'deploy' ? path.relative(work, build(`d${version}`)) : '',
        'static-root': distRoot,
        'state-dir': path.join(work, 'state'),
      },
      env: { GITHUB_SHA: `feed${version}`, GITHUB_RUN_ID: '9', HOME: work },
    });
  for (const v of ['1', '2']) {
    const r = await run('deploy', v);
    if (r.code !== 0) throw new Error(`dist deploy failed:\n${r.stdout}\n${r.stderr}`);
    expect(r.outputs).toMatchObject({ 'files-uploaded': '3', url: `${distRoot}/releases/feed${v}` });
  }
  const back = await run('rollback', '2');
  expect(back.code).toBe(0);
  expect(readlinkSync(path.join(distRoot, 'current'))).toBe('releases/feed1');
  expect(back.summary).toContain('### berth rollback: frontend rolled back to **develop**');
});
