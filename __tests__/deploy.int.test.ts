/**
 * `deploy` and `rollback` for real, as GitHub runs them (`node dist/index.js`): a Docker engine, a
 * registry with auth, and nginx with its own prefix; a request loop through nginx during every switch.
 *
 * @needs docker registry htpasswd nginx busybox
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { expectNoFailedRequest, startLoads } from './helpers/load.js';
import { TestNginx } from './helpers/nginx.js';
import {
  docker,
  exitOf,
  loggedInConfig,
  pushVersion as pushImage,
  type AppKind,
} from './helpers/app-images.js';
import { errorsOf, runnerEnv, tearDownDeployBed, writeLock } from './helpers/deploy-run.js';
import { dockerClientPath, freePort, TestRegistry } from './helpers/registry.js';
import { HttpStub } from './helpers/http-stub.js';
import { ROOT, runAction, spawnNode } from './helpers/run-dist.js';

const APP = `bt${Math.random().toString(36).slice(2, 8)}`;
const ENV = 'production';
const REPO = `berth-deploy/${APP}`;
/** An app deployed by berth's previous release (reload switch), upgraded in place. */
const OLD = `${APP}old`;
let registry: TestRegistry;
let nginx: TestNginx;
let stateDir: string;
let dockerConfig: string;
let bluePort: number;
let greenPort: number;
const images: Record<string, string> = {};

async function pushVersion(version: string, kind: AppKind): Promise<string> {
  return pushImage(registry, dockerConfig, REPO, version, kind);
}

beforeAll(async () => {
  registry = await new TestRegistry().start();
  dockerConfig = loggedInConfig(registry);
  bluePort = await freePort();
  greenPort = await freePort();
  nginx = await new TestNginx(`${APP}_${ENV}`).start(bluePort);
  stateDir = mkdtempSync(path.join(tmpdir(), 'berth-state-'));
  for (const [version, kind] of [
    ['v1', 'good'],
    ['v2', 'good'],
    ['v3', 'unhealthy'],
    ['v4', 'exits'],
    ['v5', 'good'],
  ] as const) {
    images[version] = await pushVersion(version, kind);
  }
}, 180_000);

afterAll(async () => {
  for (const name of [`${APP}-${ENV}`, `${OLD}-${ENV}`].flatMap((n) => [`${n}-blue`, `${n}-green`])) {
    try {
      docker('rm', '--force', name);
    } catch {
      // not there
    }
  }
  await tearDownDeployBed({ registry, nginx, stateDir, dockerConfig });
});

function deploy(command: 'deploy' | 'rollback', inputs: Record<string, string> = {}) {
  return runAction({
    inputs: {
      command,
      app: APP,
      environment: ENV,
      port: '8080',
      'blue-port': String(bluePort),
      'green-port': String(greenPort),
      'health-timeout': '5',
      'stop-timeout': '5',
      'nginx-upstream-file': nginx.upstreamFile,
      'nginx-command': nginx.command,
      'state-dir': stateDir,
      env: 'DATABASE_URL=postgres://app:db-secret-pw@db/app',
      ...inputs,
    },
    eventName: 'workflow_dispatch',
    payload: {},
    env: runnerEnv(registry, 'a'),
  });
}

/** A runner's environment for `status`, which takes no registry inputs (berth refuses inputs not of the command). */
function statusEnv(): Record<string, string> {
  const env = runnerEnv(registry, 'a');
  delete env['INPUT_REGISTRY-USERNAME'];
  delete env['INPUT_REGISTRY-PASSWORD'];
  return env;
}

async function served(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${nginx.port}/version`);
  return `${res.status} ${(await res.text()).trim()}`;
}

/** GET through nginx without keep-alive; resolves to "status body" when the answer is complete. */
function slowRequest(urlPath: string): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get(
      `http://127.0.0.1:${nginx.port}${urlPath}`,
      { agent: false, timeout: 15_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve(`${res.statusCode} ${body.trim()}`));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve(`error ${e.code ?? e.message}`));
  });
}

/** The exit codes of `name`'s containers that died since `since` (Docker's own events, with their codes). */
function exitCodesSince(name: string, since: Date): string[] {
  return docker(
    'events',
    '--since',
    since.toISOString(),
    '--until',
    new Date().toISOString(),
    '--filter',
    `container=${name}`,
    '--filter',
    'event=die',
    '--format',
    '{{index .Actor.Attributes "exitCode"}}',
  )
    .split('\n')
    .filter((l) => l !== '');
}

const loadUrl = (): string => `http://127.0.0.1:${nginx.port}`;

describe('blue/green behind nginx', () => {
  test('the first deploy starts blue and points nginx at it, installing the switch with one reload', async () => {
    const result = await deploy('deploy', { image: images.v1 as string });
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ color: 'blue', 'image-ref': images.v1, 'previous-image-ref': '' });
    expect(await served()).toBe('200 v1');
    // The hand-written include nginx started with (upstream <name> → blue's port) became berth's switch.
    expect(nginx.reloads()).toBe(1);
    expect(result.stdout).toContain(
      "nginx reloaded once on this host: berth's include upgraded to the reload-free switch",
    );
    expect(result.summary).toMatch(
      /\| nginx reload \(berth's include upgraded to the reload-free switch\) \| [\d.]+ s \|/,
    );
    // The env reached the container through a file that is gone, and no log line shows the secret.
    expect(result.stdout.replace(/::add-mask::.*\n/g, '')).not.toContain('db-secret-pw');
    expect(
      docker('inspect', '--format', '{{range .Config.Env}}{{println .}}{{end}}', `${APP}-${ENV}-blue`),
    ).toContain('DATABASE_URL=');
  }, 120_000);

  test('v2 under three loads (fresh GETs, keep-alive GETs, keep-alive POSTs): 0 failed, no reload', async () => {
    const load = startLoads(loadUrl());
    await new Promise((r) => setTimeout(r, 300));
    const result = await deploy('deploy', { image: images.v2 as string });
    await new Promise((r) => setTimeout(r, 300));
    const report = await load.stop();
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({
      color: 'green',
      'image-ref': images.v2,
      'previous-image-ref': images.v1,
    });
    expectNoFailedRequest(report);
    expect([...report.post.bodies].sort()).toEqual(['v1', 'v2']);
    expect([...report.fresh.bodies].sort()).toEqual(['v1', 'v2']);
    expect(nginx.reloads()).toBe(1);
    expect(result.summary).not.toContain('nginx reload');
    // The old colour's stop was handed to the engine: it exits by itself, on SIGTERM (0), kept for rollback.
    expect(result.stdout).toContain(
      `${APP}-${ENV}-blue: the engine has sent it the stop signal and stops it by itself (SIGKILL after stop-timeout, 5 s)`,
    );
    expect(await exitOf(`${APP}-${ENV}-blue`)).toBe('exited 0');
    expect(result.summary).toContain('deployed to **production** (green)');
  }, 120_000);

  test('a 3-second request started on the old colour just before the switch gets its answer', async () => {
    const slow = slowRequest('/cgi-bin/slow');
    await new Promise((r) => setTimeout(r, 300));
    const result = await deploy('deploy', { image: images.v5 as string });
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
    expect(await slow).toBe('200 slow v2');
    // The old colour was stopped only once the request had finished.
    expect(result.summary).toMatch(/\| drain \(1 connection finished\) \| [\d.]+ s \|/);
    expect(await served()).toBe('200 v5');
    expect(nginx.reloads()).toBe(1);
  }, 120_000);

  test.each([
    [
      'v3',
      'health never passes',
      /is not healthy: http:\/\/127\.0\.0\.1:\d+\/health did not answer 2xx within 5 s/,
    ],
    [
      'v4',
      'the container exits at start',
      /is not healthy: the container exited( \(code 3\))?( and Docker is restarting it)?/,
    ],
  ])(
    'a broken %s (%s) is refused while v5 keeps serving, 0 failed requests',
    async (version, _why, message) => {
      const load = startLoads(loadUrl());
      const result = await deploy('deploy', { image: images[version] as string });
      const report = await load.stop();
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(message);
      expect(result.stdout).toContain(`It was removed; ${APP}-${ENV}-blue keeps serving.`);
      expectNoFailedRequest(report);
      expect([...report.total.bodies]).toEqual(['v5']);
      expect(await served()).toBe('200 v5');
      expect(nginx.reloads()).toBe(1);
      const history = readFileSync(path.join(stateDir, `${APP}-${ENV}`, 'history.jsonl'), 'utf8')
        .trim()
        .split('\n');
      expect(JSON.parse(history.at(-1) as string)).toMatchObject({
        result: 'failed',
        imageRef: images[version],
      });
    },
    120_000,
  );

  test('rollback returns to the previous image (v2) the same way: 0 failed requests, no reload', async () => {
    const load = startLoads(loadUrl());
    const result = await deploy('rollback');
    const report = await load.stop();
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({
      color: 'green',
      'image-ref': images.v2,
      'previous-image-ref': images.v5,
    });
    expectNoFailedRequest(report);
    expect(await served()).toBe('200 v2');
    expect(nginx.reloads()).toBe(1);
    expect(
      JSON.parse(readFileSync(path.join(stateDir, `${APP}-${ENV}`, 'state.json'), 'utf8')),
    ).toMatchObject({
      live: 'green',
      imageRef: images.v2,
      previousImageRef: images.v5,
    });
  }, 120_000);

  test('a failing nginx -t after the switch is written puts the old include back; the live colour keeps serving', async () => {
    // An upstream name the server block does not proxy to: nginx -t then fails on the unknown host.
    const result = await deploy('deploy', {
      image: images.v2 as string,
      'nginx-upstream-name': 'someone_else',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /nginx -t refused berth's new configuration \(.*\); the previous files are back in place and nginx was not reloaded/,
    );
    expect(await served()).toBe('200 v2');
    expect(readFileSync(nginx.upstreamFile, 'utf8')).toContain(`upstream ${APP}_${ENV} {`);
    expect(nginx.reloads()).toBe(1);
  }, 120_000);

  test('status: what is live (the records and the engine) and the last deploys, newest first (issue 20)', async () => {
    const result = await runAction({
      inputs: { command: 'status', app: APP, environment: ENV, 'state-dir': stateDir, history: '3' },
      eventName: 'workflow_dispatch',
      payload: {},
      env: statusEnv(),
    });
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.outputs.status as string);
    expect(status).toMatchObject({ app: APP, environment: ENV });
    expect(status.hosts).toHaveLength(1);
    const [h] = status.hosts;
    expect(h).toMatchObject({
      host: 'this host',
      'state-dir': path.join(stateDir, `${APP}-${ENV}`),
      live: { strategy: 'blue-green', color: 'green', 'image-ref': images.v2, container: 'running' },
      'skipped-lines': 0,
    });
    expect(h.deploys).toBeGreaterThanOrEqual(5);
    expect(h.history).toHaveLength(3);
    // The refused nginx -t of the test before, then the rollback to v2.
    expect(h.history[0]).toMatchObject({
      action: 'deploy',
      result: 'failed',
      actor: 'octocat',
      error: expect.stringContaining('nginx -t refused'),
    });
    expect(h.history[1]).toMatchObject({
      action: 'rollback',
      result: 'success',
      color: 'green',
      'image-ref': images.v2,
      'previous-image-ref': images.v5,
    });
    expect(result.outputs['image-ref']).toBe(images.v2);
    expect(result.stdout).toContain(`${APP}-${ENV} on this host (${path.join(stateDir, `${APP}-${ENV}`)})`);
    expect(result.stdout).toMatch(/ {2}live: green, .*, container running/);
    expect(result.summary).toContain(`### berth status: ${APP}-${ENV} on this host`);
    // It changed nothing.
    expect(await served()).toBe('200 v2');
  }, 60_000);

  test('status says what Docker says when the records name a container that is gone; an unknown app is a warning', async () => {
    const gone = `${APP}gone`;
    mkdirSync(path.join(stateDir, `${gone}-${ENV}`), { recursive: true });
    writeFileSync(
      path.join(stateDir, `${gone}-${ENV}`, 'state.json'),
      JSON.stringify({
        live: 'blue',
        strategy: 'blue-green',
        imageRef: images.v1,
        previousImageRef: '',
        commit: 'e'.repeat(40),
        updatedAt: '2026-12-01T08:00:00.000Z',
      }),
    );
    const run = (app: string) =>
      runAction({
        inputs: { command: 'status', app, environment: ENV, 'state-dir': stateDir },
        eventName: 'workflow_dispatch',
        payload: {},
        env: statusEnv(),
      });
    const result = await run(gone);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.outputs.status as string).hosts[0].live).toMatchObject({
      color: 'blue',
      'image-ref': images.v1,
      since: '2026-12-01T08:00:00.000Z',
      container: `missing (no container ${gone}-${ENV}-blue)`,
    });
    const unknown = await run(`${APP}never`);
    expect(unknown.code).toBe(0);
    expect(JSON.parse(unknown.outputs.status as string).hosts[0]).toMatchObject({ live: null, deploys: 0 });
    expect(unknown.stdout).toMatch(
      /::warning::berth status: no host has records of \w+never-production .*check app, environment and state-dir/,
    );
    expect(unknown.outputs['image-ref']).toBe('');
  }, 60_000);

  test('the CLI records the deploy in GitHub’s Deployments: in_progress, success with the URL, the previous one inactive (issue 20)', async () => {
    const api = '/repos/acme/shop';
    const user = { login: 'berth-bot', id: 2, type: 'Bot', site_admin: false };
    const deployment = (id: number, payload: unknown) => ({
      url: `https://api.github.com${api}/deployments/${id}`,
      id,
      node_id: `MDEwOkRlcGxveW1lbnQ${id}`,
      sha: 'a'.repeat(40),
      ref: 'a'.repeat(40),
      task: 'deploy',
      payload,
      original_environment: ENV,
      environment: ENV,
      description: 'Deploy (berth)',
      creator: user,
      created_at: '2026-12-04T10:00:00Z',
      updated_at: '2026-12-04T10:00:00Z',
      statuses_url: `https://api.github.com${api}/deployments/${id}/statuses`,
      repository_url: `https://api.github.com${api}`,
      transient_environment: false,
      production_environment: true,
    });
    const status = (id: number, state: string) => ({
      url: `https://api.github.com${api}/deployments/${id}/statuses/1`,
      id: 1,
      node_id: 'MDE2OkRlcGxveW1lbnRTdGF0dXMx',
      state,
      creator: user,
      description: '',
      environment: ENV,
      target_url: '',
      created_at: '2026-12-04T10:00:00Z',
      updated_at: '2026-12-04T10:00:00Z',
      deployment_url: `https://api.github.com${api}/deployments/${id}`,
      repository_url: `https://api.github.com${api}`,
      environment_url: '',
      log_url: '',
    });
    const earlier = deployment(41, {
      berth: { app: APP, component: '', action: 'deploy', image: images.v2 },
    });
    const github = await new HttpStub({
      [`POST ${api}/deployments`]: { status: 201, body: deployment(42, {}) },
      [`GET ${api}/deployments`]: { body: [deployment(42, {}), earlier] },
      [`POST ${api}/deployments/42/statuses`]: { status: 201, body: status(42, 'in_progress') },
      [`GET ${api}/deployments/41/statuses`]: { body: [status(41, 'success')] },
      [`POST ${api}/deployments/41/statuses`]: { status: 201, body: status(41, 'inactive') },
    }).start();
    try {
      const result = await spawnNode(
        process.execPath,
        [
          path.join(ROOT, 'bin/berth.js'),
          'deploy',
          ...Object.entries({
            app: APP,
            environment: ENV,
            image: images.v2 as string,
            port: '8080',
            'blue-port': String(bluePort),
            'green-port': String(greenPort),
            'health-timeout': '5',
            'stop-timeout': '5',
            'nginx-upstream-file': nginx.upstreamFile,
            'nginx-command': nginx.command,
            'state-dir': stateDir,
            'registry-username': registry.user,
            'environment-url': 'https://shop.example.com',
            repository: 'acme/shop',
            sha: 'a'.repeat(40),
            'api-url': github.url,
          }).flatMap(([flag, value]) => [`--${flag}`, value]),
        ],
        {
          GITHUB_TOKEN: 'ghs_deployments_token',
          BERTH_REGISTRY_PASSWORD: registry.password,
          BERTH_ENV: 'DATABASE_URL=postgres://app:db-secret-pw@db/app',
          HOME: process.env.HOME ?? '/root',
          PATH: dockerClientPath('/usr/bin/docker'),
        },
        ROOT,
      );
      expect(result.stderr).not.toMatch(/^::error|warning/m);
      expect(result.code).toBe(0);
      expect(await served()).toBe('200 v2');
      const asked = github.requests.map((r) => `${r.method} ${r.path.replace(/\?.*$/, '')}`);
      expect(asked).toEqual([
        `POST ${api}/deployments`,
        `POST ${api}/deployments/42/statuses`,
        `GET ${api}/deployments`,
        `POST ${api}/deployments/42/statuses`,
        `GET ${api}/deployments/41/statuses`,
        `POST ${api}/deployments/41/statuses`,
      ]);
      expect(github.requests.every((r) => r.authorization === 'token ghs_deployments_token')).toBe(true);
      const bodies = github.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body));
      expect(bodies[0]).toEqual({
        ref: 'a'.repeat(40),
        task: 'deploy',
        environment: ENV,
        description: expect.stringMatching(/^Deploy /),
        payload: { berth: { component: '', app: APP, action: 'deploy', image: images.v2 } },
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
      });
      expect(bodies[1]).toMatchObject({ state: 'in_progress', auto_inactive: false });
      expect(bodies[2]).toMatchObject({
        state: 'success',
        environment_url: 'https://shop.example.com',
        auto_inactive: false,
      });
      expect(bodies[3]).toMatchObject({ state: 'inactive', description: 'Replaced by deployment 42' });
      expect(github.requests.find((r) => r.path.includes('/deployments?'))?.path).toBe(
        `${api}/deployments?environment=${ENV}&per_page=100`,
      );
      expect(result.stdout + result.stderr).not.toContain('ghs_deployments_token');
    } finally {
      await github.stop();
    }
    // Back to green, where the tests after this one expect v2 live (no Deployments record: no token).
    const back = await deploy('rollback');
    expect(back.outputs).toMatchObject({ color: 'green', 'image-ref': images.v2 });
  }, 120_000);

  test('a deploy while another holds the lock waits, then fails naming the holder', async () => {
    const lock = path.join(stateDir, `${APP}-${ENV}`, 'lock');
    writeLock(lock, { runId: '4242', commit: 'bbbbbbbbbb', actor: 'alice' });
    try {
      const result = await deploy('deploy', { image: images.v2 as string, 'lock-timeout': '1' });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /::error::lock-timeout: another deploy holds the lock of this app and environment \(run 4242 by alice for commit bbbbbbb, since /,
      );
      expect(await served()).toBe('200 v2');
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }, 60_000);

  test('a lock left by a killed run (older than its bound) is broken with a warning', async () => {
    const lock = path.join(stateDir, `${APP}-${ENV}`, 'lock');
    writeLock(lock, { runId: '1', commit: 'cccccccccc', actor: 'bob', since: '2020-01-01T00:00:00.000Z' });
    const result = await deploy('deploy', { image: images.v2 as string });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/::warning::Breaking a stale deploy lock \(run 1 by bob/);
    expect(await served()).toBe('200 v2');
  }, 120_000);

  test('another green-port: nginx reloads once and the timeline says why; the next deploy needs none', async () => {
    const before = nginx.reloads();
    const moved = await freePort();
    const load = startLoads(loadUrl());
    const first = await deploy('deploy', { image: images.v5 as string, 'green-port': String(moved) });
    const next = await deploy('deploy', { image: images.v1 as string, 'green-port': String(moved) });
    const report = await load.stop();
    expect([errorsOf(first.stdout), errorsOf(next.stdout)]).toEqual([[], []]);
    expect(first.outputs).toMatchObject({ color: 'green', url: `http://127.0.0.1:${moved}` });
    expect(first.summary).toMatch(
      /\| nginx reload \(berth's include changed \(blue-port, green-port, bind-address or nginx-upstream-name\)\) \| [\d.]+ s \|/,
    );
    expect(next.summary).not.toContain('nginx reload');
    expect(nginx.reloads()).toBe(before + 1);
    // The one reload may cost a reset on a kept-alive connection (why berth avoids it); never an error status.
    expect(report.total.non2xx).toBe(0);
    expect(await served()).toBe('200 v1');
  }, 120_000);

  test("the old colour's stop is the engine's: the deploy ends while it finishes its work, and the next deploy lets it finish", async () => {
    const slow = await pushVersion('v6', 'slow-stop');
    const live = await deploy('deploy', { image: slow });
    expect(live.code).toBe(0);
    expect(await served()).toBe('200 v6');
    const slowName = `${APP}-${ENV}-${live.outputs.color}`;
    const since = new Date(Date.now() - 1000);
    const load = startLoads(loadUrl());
    const first = await deploy('deploy', { image: images.v2 as string });
    // v6 takes 3 s after SIGTERM: the deploy did not wait for that; v6 is still finishing, not serving.
    const afterFirst = docker('inspect', '--format', '{{.State.Status}}', slowName).trim();
    expect(await served()).toBe('200 v2');
    // The next deploy goes to v6's colour: it waits for v6's own exit rather than killing it.
    const next = await deploy('deploy', { image: images.v5 as string });
    const report = await load.stop();
    expect([errorsOf(first.stdout), errorsOf(next.stdout)]).toEqual([[], []]);
    expect(afterFirst).toBe('running');
    expect(next.outputs).toMatchObject({ 'image-ref': images.v5, url: expect.any(String) });
    expect(await served()).toBe('200 v5');
    expect(exitCodesSince(slowName, since)).toEqual(['0']);
    expectNoFailedRequest(report);
  }, 120_000);
});

describe("an app deployed by berth's previous release keeps deploying after the upgrade, with no edit", () => {
  let port: number;
  let oldBlue: number;
  let oldGreen: number;
  const include = (): string => path.join(nginx.serversDir, `${OLD}-upstream.conf`);
  const upgraded = (command: 'deploy' | 'rollback', image?: string) =>
    deploy(command, {
      app: OLD,
      'blue-port': String(oldBlue),
      'green-port': String(oldGreen),
      'nginx-upstream-file': include(),
      ...(image ? { image } : {}),
    });
  const servedOld = async (): Promise<string> => {
    const res = await fetch(`http://127.0.0.1:${port}/version`);
    return `${res.status} ${(await res.text()).trim()}`;
  };

  beforeAll(async () => {
    [port, oldBlue, oldGreen] = [await freePort(), await freePort(), await freePort()];
    // What the previous release left on a server where green is live: its include (rendered by that
    // release's renderUpstream), its state, both colours, and the user's server block proxying to the name.
    writeFileSync(
      include(),
      `# Managed by berth (${OLD} ${ENV}: green). Do not edit: berth rewrites this file on every deploy.\nupstream ${OLD}_${ENV} {\n    server 127.0.0.1:${oldGreen} max_fails=0;\n    keepalive 16;\n}\n`,
    );
    writeFileSync(
      path.join(nginx.serversDir, `${OLD}-site.conf`),
      `server { listen 127.0.0.1:${port}; location / { proxy_pass http://${OLD}_${ENV}; proxy_http_version 1.1; proxy_set_header Connection ""; } }\n`,
    );
    const run = (colour: string, hostPort: number, image: string, status: 'running' | 'exited'): void => {
      docker(
        'run',
        '--detach',
        '--name',
        `${OLD}-${ENV}-${colour}`,
        '--restart',
        'unless-stopped',
        '--publish',
        `127.0.0.1:${hostPort}:8080`,
        '--label',
        `berth.app=${OLD}`,
        '--label',
        `berth.environment=${ENV}`,
        '--label',
        `berth.color=${colour}`,
        '--label',
        `berth.image-ref=${image}`,
        image,
      );
      if (status === 'exited') docker('stop', `${OLD}-${ENV}-${colour}`);
    };
    docker('--config', dockerConfig, 'pull', images.v1 as string);
    docker('--config', dockerConfig, 'pull', images.v2 as string);
    run('blue', oldBlue, images.v1 as string, 'exited');
    run('green', oldGreen, images.v2 as string, 'running');
    mkdirSync(path.join(stateDir, `${OLD}-${ENV}`), { recursive: true });
    writeFileSync(
      path.join(stateDir, `${OLD}-${ENV}`, 'state.json'),
      JSON.stringify({
        live: 'green',
        strategy: 'blue-green',
        imageRef: images.v2,
        previousImageRef: images.v1,
        commit: 'a'.repeat(40),
        updatedAt: new Date().toISOString(),
      }),
    );
    execFileSync('nginx', ['-p', nginx.prefix, '-c', 'conf/nginx.conf', '-s', 'reload']);
    for (let i = 0; i < 50 && (await servedOld().catch(() => '')) !== '200 v2'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await servedOld()).toBe('200 v2');
  }, 120_000);

  test('the first deploy after the upgrade finds green live, installs the switch with one reload, and lands on blue', async () => {
    const before = nginx.reloads();
    const result = await upgraded('deploy', images.v5 as string);
    expect(errorsOf(result.stdout)).toEqual([]);
    expect(result.outputs).toMatchObject({ color: 'blue', 'previous-image-ref': images.v2 });
    expect(result.stdout).toContain("berth's include upgraded to the reload-free switch");
    expect(nginx.reloads()).toBe(before + 1);
    expect(await servedOld()).toBe('200 v5');
    expect(readFileSync(path.join(nginx.serversDir, `${OLD}-site.conf`), 'utf8')).toContain(
      `proxy_pass http://${OLD}_${ENV};`,
    );
  }, 120_000);

  test('from then on: deploy and rollback under three loads, 0 failed requests, no reload', async () => {
    const before = nginx.reloads();
    const load = startLoads(`http://127.0.0.1:${port}`);
    const next = await upgraded('deploy', images.v1 as string);
    const back = await upgraded('rollback');
    const report = await load.stop();
    expect([errorsOf(next.stdout), errorsOf(back.stdout)]).toEqual([[], []]);
    expect(back.outputs).toMatchObject({ 'image-ref': images.v5, color: 'blue' });
    expectNoFailedRequest(report);
    expect(nginx.reloads()).toBe(before);
    expect(await servedOld()).toBe('200 v5');
  }, 120_000);
});
