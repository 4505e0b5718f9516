/**
 * The bundled action as GitHub runs it: `node dist/index.js` with INPUT_* variables, an event file, and
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files; the GitHub API is a loopback server at GITHUB_API_URL.
 * Also the CLI (`bin/berth.js`), and the same bundle on Node 24, the runtime action.yml declares.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { EXAMPLE_CONFIG_PATH } from './helpers/config.js';
import { AFTER_SHA, dispatchPayload, pullRequestPayload, pushPayload } from './helpers/events.js';
import { HttpStub } from './helpers/http-stub.js';
import { ROOT, runAction, spawnNode } from './helpers/run-dist.js';

const REPO = 'Codertocat/Hello-World';
const prodMatrix = (components: string[], environment: string, runner: string[]): string =>
  JSON.stringify({
    include: components.map((component) => ({
      component,
      environment,
      runner: JSON.stringify(runner),
      kind: 'image',
      dir: '',
    })),
  });

let stub: HttpStub;
beforeAll(async () => {
  const develop = pullRequestPayload({
    action: 'closed',
    merged: true,
    base: 'develop',
    labels: ['Backend', 'Frontend'],
    number: 31,
  });
  const pull = { ...(develop.pull_request as Record<string, unknown>), merge_commit_sha: AFTER_SHA };
  // PR #31 was merged into develop; pushes to other branches find it but do not count it (another base).
  stub = await new HttpStub({
    [`GET /repos/${REPO}/commits/${AFTER_SHA}/pulls`]: { body: [pull] },
  }).start();
});
afterAll(async () => stub.stop());

const common = (token = 'ghs_test_token_value') => ({
  env: { GITHUB_API_URL: stub.url, 'INPUT_GITHUB-TOKEN': token },
});

describe('node dist/index.js (command: plan)', () => {
  test('a merged PR labelled Backend into release: backend to production', async () => {
    const result = await runAction({
      inputs: { command: 'plan', config: EXAMPLE_CONFIG_PATH },
      eventName: 'pull_request',
      payload: pullRequestPayload({ action: 'closed', merged: true, base: 'release', labels: ['Backend'] }),
      ...common(),
    });
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({
      matrix: prodMatrix(['backend'], 'production', ['self-hosted', 'aws', 'prod']),
      components: '["backend"]',
      environment: 'production',
      deploy: 'true',
      'has-work': 'true',
    });
    expect(result.summary).toContain('### berth plan: Deploy 1 component to **production**');
    expect(result.summary).toContain('| backend | yes | label "Backend" on PR \\#\u200b2 |');
  });

  test.each([
    [
      'an unmerged closed PR',
      pullRequestPayload({ action: 'closed', base: 'release', labels: ['Backend'] }),
      'closed without merging',
    ],
    [
      'a fork PR merged into release',
      pullRequestPayload({
        action: 'closed',
        merged: true,
        base: 'release',
        labels: ['Backend'],
        fork: true,
      }),
      'came from a fork',
    ],
  ])('%s: nothing to deploy', async (_name, payload, why) => {
    const result = await runAction({
      inputs: { command: 'plan', config: EXAMPLE_CONFIG_PATH },
      eventName: 'pull_request',
      payload,
      ...common(),
    });
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({
      matrix: '{"include":[]}',
      components: '[]',
      environment: '',
      deploy: 'false',
      'has-work': 'false',
    });
    expect(result.summary).toContain('### berth plan: Nothing to do');
    expect(result.summary).toContain(why);
  });

  test('a push to test touching frontend/** (the payload lists the files)', async () => {
    const before = stub.requests.length;
    const result = await runAction({
      inputs: { command: 'plan', config: EXAMPLE_CONFIG_PATH },
      eventName: 'push',
      payload: pushPayload({ branch: 'test', files: ['frontend/src/App.tsx'] }),
      ...common(),
    });
    expect(result.code).toBe(0);
    expect(result.outputs.matrix).toBe(prodMatrix(['frontend'], 'test', ['self-hosted', 'ncp', 'test']));
    expect(result.outputs.deploy).toBe('true');
    expect(stub.requests.slice(before).map((r) => r.path)).toEqual([
      `/repos/${REPO}/commits/${AFTER_SHA}/pulls?per_page=100`,
    ]);
  });

  test('a push to develop whose merged PR (found through GITHUB_API_URL) carries both labels', async () => {
    const before = stub.requests.length;
    const result = await runAction({
      inputs: { command: 'plan', config: EXAMPLE_CONFIG_PATH },
      eventName: 'push',
      payload: pushPayload({ branch: 'develop' }),
      ...common(),
    });
    expect(result.code).toBe(0);
    expect(result.outputs.matrix).toBe(
      prodMatrix(['backend', 'frontend'], 'develop', ['self-hosted', 'onprem']),
    );
    expect(result.outputs.environment).toBe('develop');
    const asked = stub.requests.slice(before);
    expect(asked).toEqual([
      {
        method: 'GET',
        path: `/repos/${REPO}/commits/${AFTER_SHA}/pulls?per_page=100`,
        authorization: 'token ghs_test_token_value',
        body: '',
      },
    ]);
    expect(result.summary).toContain('merged PR \\#\u200b31');
    // The only place the token shows is the runner's mask command, which hides it from every later line.
    expect(result.stdout).toContain('::add-mask::ghs_test_token_value');
    expect(result.stdout.replace('::add-mask::ghs_test_token_value', '')).not.toContain(
      'ghs_test_token_value',
    );
  });

  test('a workflow_dispatch with environment and components inputs', async () => {
    const result = await runAction({
      inputs: { command: 'plan', config: EXAMPLE_CONFIG_PATH, environment: 'test', components: 'backend' },
      eventName: 'workflow_dispatch',
      payload: dispatchPayload('refs/heads/test'),
      env: { GITHUB_REF: 'refs/heads/test', GITHUB_API_URL: stub.url },
    });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({
      matrix: prodMatrix(['backend'], 'test', ['self-hosted', 'ncp', 'test']),
      deploy: 'true',
    });
  });

  test('a branch matching no environment: empty plan, exit 0, the summary says why', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'berth-cwd-'));
    const result = await runAction({
      inputs: { command: 'plan', config: EXAMPLE_CONFIG_PATH },
      eventName: 'push',
      payload: pushPayload({ branch: 'release$(touch pwned)`touch pwned2`', files: ['backend/a'] }),
      cwd,
      ...common(),
    });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ deploy: 'false', 'has-work': 'false', matrix: '{"include":[]}' });
    expect(result.summary).toContain(
      "matches no environment's branches (production: release; test: test; develop: develop, feature/\\*)",
    );
    expect(result.summary).toContain('push to "release$(touch pwned)\\`touch pwned2\\`"');
    expect(readdirSync(cwd)).toEqual([]);
  });

  test('a config error fails the step with file:line:column and the key path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-ws-'));
    mkdirSync(path.join(dir, '.github'));
    writeFileSync(
      path.join(dir, '.github/berth.yml'),
      'version: 1\ncomponents:\n  backend: {labels: [Backend]}\nenvironments:\n  test:\n    branches: [2024]\n    runer: [self-hosted]\n',
    );
    const result = await runAction({
      inputs: { command: 'plan', config: '.github/berth.yml' },
      eventName: 'push',
      payload: pushPayload({ branch: 'test' }),
      cwd: dir,
      ...common(),
    });
    expect(result.code).toBe(1);
    // Annotated on the config file's lines, so each shows in the pull request's diff.
    expect(result.stdout).toContain(
      '::error file=.github/berth.yml,line=6,col=16::environments.test.branches[0]: expected a non-empty string, got 2024 (a number); quote it: "2024"\n::error file=.github/berth.yml,line=7,col=5::environments.test.runer: unknown key; did you mean "runner"?',
    );
    expect(result.outputs).toEqual({});
  });

  test('a missing command names the input', async () => {
    const result = await runAction({
      inputs: {},
      eventName: 'push',
      payload: pushPayload({ branch: 'test' }),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '::error::command: expected one of plan, build, deploy, rollback, coverage, quality-gate, comment, quality-check, doctor, status, got nothing',
    );
  });

  test('the post step removes the private docker config a cancelled build left behind', async () => {
    const left = mkdtempSync(path.join(tmpdir(), 'berth-docker-'));
    writeFileSync(path.join(left, 'config.json'), '{"auths":{"reg.example.com":{"auth":"dTpw"}}}');
    const result = await runAction({
      inputs: { command: 'build' },
      eventName: 'push',
      payload: {},
      env: { STATE_isPost: 'true', 'STATE_docker-config': JSON.stringify(left) },
    });
    expect(result.code).toBe(0);
    expect(existsSync(left)).toBe(false);
  });

  test('the post step releases the deploy lock a cancelled run still holds, and only its own', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'berth-post-lock-'));
    const mine = path.join(root, 'mine');
    const theirs = path.join(root, 'theirs');
    mkdirSync(mine);
    mkdirSync(theirs);
    const owner = (runId: string) =>
      JSON.stringify({ runId, commit: 'c', actor: 'a', since: new Date().toISOString() });
    writeFileSync(path.join(mine, 'owner.json'), owner('77'));
    writeFileSync(path.join(theirs, 'owner.json'), owner('78'));
    for (const dir of [mine, theirs]) {
      const result = await runAction({
        inputs: { command: 'deploy' },
        eventName: 'push',
        payload: {},
        env: { STATE_isPost: 'true', 'STATE_deploy-lock': JSON.stringify({ dir, runId: '77' }) },
      });
      expect(result.code).toBe(0);
    }
    expect([existsSync(mine), existsSync(theirs)]).toEqual([false, true]);
  });

  test('the post step runs cleanup and succeeds', async () => {
    const result = await runAction({
      inputs: { command: 'plan' },
      eventName: 'push',
      payload: {},
      env: { STATE_isPost: 'true', RUNNER_DEBUG: '1' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('::debug::berth post step: cleaned up');
    expect(result.outputs).toEqual({});
  });
});

describe('on Node 24 (runs.using: node24)', () => {
  let node24 = '';
  beforeAll(() => {
    // npm's `node` package brings a Node 24 binary from the npm registry (BERTH_NODE24 overrides).
    node24 =
      process.env.BERTH_NODE24 ??
      execFileSync('npx', ['-y', '-p', 'node@24', 'node', '-p', 'process.execPath'], {
        encoding: 'utf8',
        timeout: 180_000,
      }).trim();
  }, 200_000);

  test('the same bundle plans the merged-PR deploy', async () => {
    expect(execFileSync(node24, ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
    const result = await runAction({
      nodeBin: node24,
      inputs: { command: 'plan', config: EXAMPLE_CONFIG_PATH },
      eventName: 'pull_request',
      payload: pullRequestPayload({ action: 'closed', merged: true, base: 'release', labels: ['Backend'] }),
      ...common(),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.outputs.matrix).toBe(prodMatrix(['backend'], 'production', ['self-hosted', 'aws', 'prod']));
  });
});

describe('bin/berth.js (the CLI)', () => {
  test('prints outputs as name=value lines, then the summary; logs on stderr', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-cli-'));
    const event = path.join(dir, 'payload.json');
    writeFileSync(
      event,
      JSON.stringify(pushPayload({ branch: 'release', files: ['backend/src/Main.java'] })),
    );
    const result = await spawnNode(
      process.execPath,
      [
        path.join(ROOT, 'bin/berth.js'),
        'plan',
        '--config',
        EXAMPLE_CONFIG_PATH,
        '--event-name',
        'push',
        '--event-path',
        event,
        '--ref',
        'refs/heads/release',
        '--repository',
        REPO,
        '--api-url',
        stub.url,
      ],
      { GITHUB_TOKEN: 'ghs_cli_token' },
      dir,
    );
    expect(result.code).toBe(0);
    const [outputs, summary] = [
      result.stdout.split('\n\n')[0],
      result.stdout.slice(result.stdout.indexOf('### ')),
    ];
    expect(outputs).toBe(
      [
        `matrix=${prodMatrix(['backend'], 'production', ['self-hosted', 'aws', 'prod'])}`,
        'components=["backend"]',
        'environment=production',
        'deploy=true',
        'has-work=true',
      ].join('\n'),
    );
    expect(summary).toMatch(/^### berth plan: Deploy 1 component to \*\*production\*\*/);
    expect(result.stderr).toContain('plan: "release" matches "release"');
    expect(result.stdout + result.stderr).not.toContain('ghs_cli_token');
  });

  test('berth status: a static release live on this host, read from its history; --help lists its flags', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-cli-status-'));
    const records = path.join(dir, 'state', 'web-staging');
    mkdirSync(records, { recursive: true });
    const release = (n: number, result: string) =>
      JSON.stringify({
        at: `2026-12-0${n}T09:00:00.000Z`,
        action: 'deploy',
        result,
        color: '',
        imageRef: result === 'success' ? `/srv/www/web/releases/2026120${n}T090000Z` : '',
        previousImageRef: '',
        commit: String(n).repeat(40),
        runId: `local-${n}`,
        actor: 'dev',
        durationMs: 1500,
        ...(result === 'failed' ? { error: 'dir: /work/build does not exist' } : {}),
      });
    writeFileSync(
      path.join(records, 'history.jsonl'),
      [release(1, 'success'), release(2, 'success'), release(3, 'failed')].join('\n') + '\n',
    );
    const result = await spawnNode(
      process.execPath,
      [
        path.join(ROOT, 'bin/berth.js'),
        'status',
        '--app',
        'web',
        '--environment',
        'staging',
        '--strategy',
        'static',
        '--static-target',
        'nginx-dir',
        '--state-dir',
        path.join(dir, 'state'),
      ],
      {},
      dir,
    );
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    const line = result.stdout.split('\n').find((l) => l.startsWith('status='));
    const status = JSON.parse((line ?? '').slice('status='.length));
    expect(status.hosts[0]).toMatchObject({
      host: 'this host',
      live: {
        strategy: '',
        'image-ref': '/srv/www/web/releases/20261202T090000Z',
        since: '2026-12-02T09:00:00.000Z',
        container: null,
      },
      deploys: 3,
    });
    expect(status.hosts[0].history.map((e: { result: string }) => e.result)).toEqual([
      'failed',
      'success',
      'success',
    ]);
    expect(result.stderr).toContain('live: /srv/www/web/releases/20261202T090000Z, commit 2222222');
    const help = await spawnNode(
      process.execPath,
      [path.join(ROOT, 'bin/berth.js'), 'status', '--help'],
      {},
      dir,
    );
    expect(help.code).toBe(0);
    for (const flag of ['--environment', '--app', '--state-dir', '--ssh-host', '--bastion', '--history'])
      expect(help.stdout).toContain(flag);
    expect(help.stdout).not.toContain('--image ');
  });

  test('--version prints the package’s version and nothing else; exit 0', async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const result = await spawnNode(process.execPath, [path.join(ROOT, 'bin/berth.js'), flag], {}, tmpdir());
      expect(result).toEqual({ code: 0, stdout: `berth ${version}\n`, stderr: '' });
    }
  });

  test('a missing event file: exit 1 and the flag named', async () => {
    const result = await spawnNode(
      process.execPath,
      [
        path.join(ROOT, 'bin/berth.js'),
        'plan',
        '--config',
        EXAMPLE_CONFIG_PATH,
        '--event-name',
        'push',
        '--event-path',
        '/nonexistent/e.json',
      ],
      {},
      ROOT,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: event-path: cannot read /nonexistent/e.json (ENOENT); expected the JSON payload of the event\n',
    );
    expect(result.stdout).toBe('');
  });

  test('--help prints usage and exits 0; a bad flag exits 2', async () => {
    const help = await spawnNode(process.execPath, [path.join(ROOT, 'bin/berth.js'), '--help'], {}, ROOT);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: berth <command>/);
    const bad = await spawnNode(
      process.execPath,
      [path.join(ROOT, 'bin/berth.js'), 'plan', '--confg', 'x'],
      {},
      ROOT,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: unknown flag --confg; did you mean --config\?/);
  });
});

test('dist/ exists (npm run build)', () => {
  expect(existsSync(path.join(ROOT, 'dist/index.js'))).toBe(true);
});
