// npm run demo: berth's whole pipeline on this machine, in a sandbox it owns — a Docker engine, a
// registry with htpasswd auth and nginx, all on loopback — then plan → build → push → blue/green
// deploy → a deploy under live traffic → a broken version refused → rollback → coverage, with timings.
// `npm run demo -- --down` removes what it created (recorded in <sandbox>/state.json), and only that.
//
// berth runs as its CLI (bin/berth.js, the committed dist/), exactly as a CI system would call it.
// Plain Node: no build step, no network beyond 127.0.0.1, no questions asked (CI=true, no stdin).
import { createHash } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  cpSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describeFailures, startLoads } from '../bench/load.mjs';
import {
  ensureEngine,
  ensureNginx,
  ensureRegistry,
  ensureTools,
  nginxArgs,
  readState,
  sandboxDir,
  teardown,
  writeState,
} from '../sandbox/persistent.mjs';
import { freePorts, get, indent, out, run, SandboxError, seconds, tail } from '../sandbox/process.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BERTH = path.join(ROOT, 'bin', 'berth.js');
const EXAMPLE = path.join(ROOT, 'examples', 'demo');
const EVENT = path.join(ROOT, 'examples', 'events', 'pr-merged-backend-into-release.json');
/** components.backend.with.app in examples/demo/.github/berth.yml: the containers' names. */
const APP = 'berth-demo-backend';
const ENVIRONMENT = 'production';
/** berth's default upstream name for the app and environment (`<app>_<environment>`, `-` → `_`). */
const UPSTREAM = `${APP}_${ENVIRONMENT}`.replace(/[^A-Za-z0-9_]/g, '_');
const IMAGE_PATH = 'berth-demo/backend';
const REGISTRY_USER = 'demo';
/** One berth command may take this long (its own timeouts are far shorter); then it is killed. */
const COMMAND_TIMEOUT_MS = 5 * 60_000;
/** The live request loop stops by then even if the deploy it watches has not returned. */
const LOAD_CAP_MS = 3 * 60_000;
const VERSIONS = {
  v1: { version: '1.0.0', broken: false },
  v2: { version: '2.0.0', broken: false },
  v3: { version: '3.0.0', broken: true },
};

/** What the demo needs (sandbox/parts.mjs names them, with their Debian/Ubuntu packages). */
const NEEDS = ['docker', 'registry', 'htpasswd', 'nginx', 'busybox'];
/** How the demo's messages name a part, where sandbox/parts.mjs's words are not enough. */
const WHAT = { busybox: 'a statically linked busybox at /bin/busybox (the demo image’s only file)' };

class DemoError extends SandboxError {}

// ---------------------------------------------------------------------------------------------------
// Output

/** Step timings, for the table at the end. */
const timings = [];
/** Time spent in apt-get this run (part of step 0): the demo's own time is the total without it. */
let installMs = 0;

async function step(title, fn) {
  out(`\n━━ ${title}`);
  const started = performance.now();
  let ok = false;
  try {
    const result = await fn();
    ok = true;
    return result;
  } finally {
    const ms = performance.now() - started;
    timings.push({ title, ms, ok });
    out(`   ${ok ? '✔' : '✘'} ${seconds(ms)}`);
  }
}

/** A fresh copy of examples/demo with Debian's static busybox in the backend's build context. */
function prepareRepo(sandbox, busybox) {
  const repo = path.join(sandbox, 'repo');
  rmSync(repo, { recursive: true, force: true });
  cpSync(EXAMPLE, repo, { recursive: true, filter: (src) => path.basename(src) !== 'busybox' });
  cpSync(busybox, path.join(repo, 'backend', 'busybox'));
  chmodSync(path.join(repo, 'backend', 'busybox'), 0o755);
  return repo;
}

// ---------------------------------------------------------------------------------------------------
// berth, through its CLI

/** Splits the CLI's stdout: `name=value` lines (and `name<<delimiter` blocks) first, then the summary. */
function parseCliStdout(stdout) {
  const lines = stdout.split('\n');
  const outputs = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const block = /^([\w-]+)<<(ghadelimiter_[\w-]+)$/.exec(lines[i]);
    if (block) {
      const end = lines.indexOf(block[2], i + 1);
      outputs[block[1]] = lines.slice(i + 1, end === -1 ? undefined : end).join('\n');
      i = end === -1 ? lines.length : end;
      continue;
    }
    const pair = /^([\w-]+)=(.*)$/.exec(lines[i]);
    if (!pair) break;
    outputs[pair[1]] = pair[2];
  }
  return { outputs, summary: lines.slice(i).join('\n').trim() };
}

function showArg(arg, sandbox) {
  const shown = arg.split(sandbox).join('$DEMO');
  if (shown.includes('\n')) return `$'${shown.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n')}'`;
  if (/^[\w@%+=:,./$-]+$/.test(shown)) return shown;
  // Double quotes where $DEMO must still expand; single quotes for anything else.
  if (!/["`\\]/.test(shown) && !/\$(?!DEMO)/.test(shown)) return `"${shown}"`;
  return `'${shown.replace(/'/g, `'\\''`)}'`;
}

function createBerth({ sandbox, repo, password, verbose }) {
  const bin = path.join(sandbox, 'bin');
  const logs = path.join(sandbox, 'logs');
  const temp = path.join(sandbox, 'tmp');
  mkdirSync(logs, { recursive: true });
  mkdirSync(temp, { recursive: true });
  let count = 0;
  const env = {};
  // The caller's CI context (GITHUB_*, RUNNER_*) and berth settings must not leak into the demo's runs.
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(GITHUB_|RUNNER_|ACTIONS_|INPUT_|BERTH_)/.test(k)) env[k] = v;
  }
  env.PATH = `${bin}:${process.env.PATH ?? ''}`;
  env.RUNNER_TEMP = temp;

  return async function berth(command, flags, { secret = false } = {}) {
    count += 1;
    const log = path.join(logs, `${String(count).padStart(2, '0')}-${command}.log`);
    out(`   $ berth ${command} ${flags.map((f) => showArg(f, sandbox)).join(' ')}`);
    const started = performance.now();
    const result = await run([process.execPath, BERTH, command, ...flags], {
      cwd: repo,
      env: secret ? { ...env, BERTH_REGISTRY_PASSWORD: password } : env,
      timeoutMs: COMMAND_TIMEOUT_MS,
      onStderr: verbose ? (d) => process.stderr.write(indent(String(d), '     │ ')) : undefined,
    });
    writeFileSync(log, `${result.stderr}\n--- stdout: outputs, then the summary ---\n${result.stdout}`);
    const error = result.stderr
      .split('\n')
      .filter((l) => l.startsWith('error: '))
      .map((l) => l.slice('error: '.length))
      .join('\n');
    return { ...result, ...parseCliStdout(result.stdout), ms: performance.now() - started, log, error };
  };
}

function mustSucceed(result, what) {
  if (result.code === 0) return result;
  throw new DemoError(
    `${what} failed (exit ${result.code}): ${result.error || 'see the log'}\nberth's log (${result.log}), last lines:\n${indent(tail(result.log, 25))}`,
  );
}

/** The sha berth tags a version with (`sha-…`): stable per version, so a second demo run finds it built. */
const shaOf = (version) => createHash('sha1').update(`berth-demo ${version}`).digest('hex');

// ---------------------------------------------------------------------------------------------------
// The demo

async function demo({ verbose }) {
  const sandbox = sandboxDir();
  if (/\s/.test(sandbox)) {
    throw new DemoError(
      `the sandbox path ${JSON.stringify(sandbox)} has white space, which nginx-command cannot carry; set BERTH_DEMO_DIR to another directory`,
    );
  }
  const [major] = process.versions.node.split('.').map(Number);
  if (major < 20) throw new DemoError(`berth needs Node 20 or newer; this is ${process.version}`);
  if (process.platform !== 'linux') {
    throw new DemoError(
      'the demo runs on Linux (Debian or Ubuntu): it needs a local Docker engine, nginx and a registry',
    );
  }
  const wall = performance.now();
  try {
    // 0711: nginx's workers may pass through to berth's include (the switch marker next to it); every
    // file holding a secret is 0600, and the directory cannot be listed by others.
    mkdirSync(sandbox, { recursive: true, mode: 0o711 });
    chmodSync(sandbox, 0o711);
    accessSync(sandbox, constants.W_OK);
  } catch (error) {
    throw new DemoError(
      `cannot use ${sandbox} as the sandbox (${error.code ?? error.message}); set BERTH_DEMO_DIR to a directory you can write`,
    );
  }
  const state = readState(sandbox) ?? { version: 1, created: new Date().toISOString() };
  writeState(sandbox, state);
  out(`berth demo — sandbox ${sandbox} (written $DEMO below)`);

  let password;
  let repo;
  let tools;
  await step('0/6  Sandbox: Docker engine, registry (htpasswd auth) and nginx on 127.0.0.1', async () => {
    const found = await ensureTools(state, NEEDS, WHAT);
    installMs += found.installMs;
    tools = found.tools;
    await ensureEngine(sandbox, state, tools, found.engine);
    state.docker = tools.docker;
    state.app = APP;
    state.containers = ['blue', 'green'].map((c) => `${APP}-${ENVIRONMENT}-${c}`);
    // Fresh ports for whatever needs one, all distinct and none of those the sandbox already uses.
    const used = [state.registry?.port, state.nginx?.port, state.ports?.blue, state.ports?.green];
    const spare = (await freePorts(8)).filter((p) => !used.includes(p));
    state.ports ??= { blue: spare.pop(), green: spare.pop() };
    writeState(sandbox, state);
    password = await ensureRegistry(sandbox, state, tools, spare.pop(), REGISTRY_USER);
    await ensureNginx(sandbox, state, tools, spare.pop(), {
      upstream: UPSTREAM,
      upstreamFile: path.join('berth', `${APP}-${ENVIRONMENT}.conf`),
      firstPort: state.ports.blue,
    });
    mkdirSync(path.join(sandbox, 'bin'), { recursive: true });
    rmSync(path.join(sandbox, 'bin', 'docker'), { force: true });
    symlinkSync(tools.docker, path.join(sandbox, 'bin', 'docker')); // the client berth runs
    repo = prepareRepo(sandbox, tools.busybox);
    out(
      `   blue/green host ports ${state.ports.blue}/${state.ports.green}; the demo repository: $DEMO/repo (a copy of examples/demo)`,
    );
  });
  const berth = createBerth({ sandbox, repo, password, verbose });
  const url = `http://127.0.0.1:${state.nginx.port}/`;
  const image = `${state.registry.host}/${IMAGE_PATH}`;
  const deployFlags = (ref, version) => [
    '--component',
    'backend',
    '--environment',
    ENVIRONMENT,
    ...(ref ? ['--image', ref] : []),
    '--blue-port',
    String(state.ports.blue),
    '--green-port',
    String(state.ports.green),
    '--nginx-upstream-file',
    state.nginx.upstreamFile,
    '--nginx-command',
    `${tools.nginx} ${nginxArgs(state.nginx.prefix).join(' ')}`,
    '--state-dir',
    path.join(sandbox, 'state'),
    '--registry-username',
    REGISTRY_USER,
    '--sha',
    shaOf(version),
    '--run-id',
    `demo-${process.pid}`,
  ];
  const build = async (key) => {
    const { version, broken } = VERSIONS[key];
    const result = mustSucceed(
      await berth(
        'build',
        [
          '--component',
          'backend',
          '--environment',
          ENVIRONMENT,
          '--image',
          image,
          '--build-args',
          `VERSION=${version}\nBROKEN=${broken}`,
          '--registry-username',
          REGISTRY_USER,
          '--event-name',
          'push',
          '--ref',
          'refs/heads/release',
          '--sha',
          shaOf(version),
          '--repository',
          'berth-demo/demo',
        ],
        { secret: true },
      ),
      `build of ${version}`,
    );
    const skipped = result.outputs.skipped === 'true';
    out(`   → ${result.outputs['image-ref']}`);
    out(
      `     ${skipped ? 'already in the registry for this commit: not built again' : `built and pushed in ${seconds(result.ms)}`} (tags: ${result.outputs.tags
        .split('\n')
        .map((t) => t.split(':').at(-1))
        .join(', ')})`,
    );
    return result.outputs['image-ref'];
  };
  const liveVersion = async () => {
    const r = await get(`${url}version`);
    return r.status === 200 ? r.body.trim() : `HTTP ${r.status || 'no answer'}`;
  };

  await step('1/6  plan: a PR labelled "Backend" is merged into release', async () => {
    const result = mustSucceed(
      await berth('plan', [
        '--event-name',
        'pull_request',
        '--event-path',
        EVENT,
        '--ref',
        'refs/pull/2/merge',
        '--repository',
        'Codertocat/Hello-World',
      ]),
      'plan',
    );
    out('');
    out(indent(result.summary, '   '));
    out(
      `\n   outputs: deploy=${result.outputs.deploy} environment=${result.outputs.environment} components=${result.outputs.components}`,
    );
  });

  await step('2/6  build 1.0.0 → push to the sandbox registry → deploy blue/green behind nginx', async () => {
    const ref = await build('v1');
    const deployed = mustSucceed(
      await berth('deploy', deployFlags(ref, '1.0.0'), { secret: true }),
      'deploy of 1.0.0',
    );
    out(
      `   → live colour ${deployed.outputs.color} (${deployed.outputs.url}), deployed in ${seconds(Number(deployed.outputs['duration-ms']))}`,
    );
    const page = await get(url);
    const title = /<title>([^<]*)<\/title>/.exec(page.body)?.[1] ?? page.body.trim().slice(0, 80);
    out(`   GET ${url} → ${page.status} "${title}"`);
    if (page.status !== 200)
      throw new DemoError(
        `nginx answered ${page.status} after the deploy; see ${state.nginx.prefix}/logs/error.log`,
      );
  });

  /** Step 3's loads: not one request may fail, of any kind. */
  let switchLoad;
  await step('3/6  deploy 2.0.0 while three request loops keep hitting nginx', async () => {
    const ref = await build('v2');
    // New connections, keep-alive GETs and keep-alive POSTs with a body; no client resends anything.
    const load = startLoads(url);
    let stopped;
    const stopLoad = () => (stopped ??= load.stop());
    const cap = setTimeout(stopLoad, LOAD_CAP_MS);
    const started = performance.now();
    const deployed = await berth('deploy', deployFlags(ref, '2.0.0'), { secret: true });
    await sleep(500); // traffic after the switch too
    const report = await stopLoad();
    clearTimeout(cap);
    mustSucceed(deployed, 'deploy of 2.0.0');
    out(`   → live colour ${deployed.outputs.color}; live version now ${await liveVersion()}`);
    out(
      `   requests during the deploy (${seconds(performance.now() - started)}; no request is ever retried):`,
    );
    for (const [kind, label] of [
      ['fresh', 'GET, a new connection each'],
      ['get', 'GET on kept-alive connections'],
      ['post', 'POST with a body, kept-alive'],
    ]) {
      const r = report[kind];
      out(`     ${label.padEnd(31)} ${String(r.ok).padStart(6)} served, ${r.non2xx + r.errors} failed`);
    }
    out(`     versions answered: ${[...report.total.bodies].join(' → ')}`);
    const failed = report.total.non2xx + report.total.errors;
    if (failed > 0) {
      out(
        `   ✘ ${failed} failed (${describeFailures(report)}): berth's switch lost requests. That is a bug; please report it with ${deployed.log}.`,
      );
    } else {
      out(
        '   ✔ 0 failed: the switch changed colours without reloading nginx, and the old colour drained first',
      );
    }
    switchLoad = report;
  });

  await step(
    '4/6  a broken 3.0.0 (its /health fails): refused by the health gate; then rollback',
    async () => {
      const ref = await build('v3');
      const config = readFileSync(path.join(repo, '.github', 'berth.yml'), 'utf8');
      const healthTimeout = /^\s*health-timeout:\s*(\d+)/m.exec(config)?.[1] ?? '60';
      out(
        `   (berth waits up to health-timeout, ${healthTimeout} s in berth.yml, for /health to answer 2xx)`,
      );
      const refused = await berth('deploy', deployFlags(ref, '3.0.0'), { secret: true });
      if (refused.code === 0)
        throw new DemoError('berth deployed the broken version; the health gate should have refused it');
      out(`   → refused (exit ${refused.code}) after ${seconds(refused.ms)}: ${refused.error}`);
      out(`   GET ${url}version → ${await liveVersion()} (the live version keeps serving)`);
      const back = mustSucceed(
        await berth('rollback', deployFlags(undefined, '1.0.0'), { secret: true }),
        'rollback',
      );
      out(
        `   → rolled back to ${back.outputs['image-ref']} (colour ${back.outputs.color}) in ${seconds(Number(back.outputs['duration-ms']))}`,
      );
      out(`   GET ${url}version → ${await liveVersion()}`);
    },
  );

  const commentFile = path.join(sandbox, 'pr-comment.md');
  await step('5/6  coverage: real JaCoCo and lcov reports → the PR comment', async () => {
    const sections = [];
    for (const component of ['backend', 'frontend']) {
      const result = await berth('coverage', ['--component', component]);
      if (result.code !== 0 && result.summary === '') mustSucceed(result, `coverage of ${component}`);
      sections.push(result.summary);
      const branches = result.outputs['branch-coverage'];
      out(
        `   → ${component}: lines ${result.outputs['line-coverage']}%${branches ? `, branches ${branches}%` : ''}; gate ${result.outputs.passed === 'true' ? 'passed' : `failed: ${result.error}`}`,
      );
    }
    // The comment berth keeps on a pull request: its title, then each component's section.
    writeFileSync(commentFile, `### berth\n\n${sections.join('\n\n')}\n`);
    out(`   the pull request comment, rendered: ${commentFile}`);
  });

  await step('6/6  next steps', async () => {
    out(
      indent(
        [
          `The sandbox keeps running: ${url} (backend ${await liveVersion()}). Run npm run demo again to redeploy.`,
          'Tear it down (containers, images, registry, nginx, the sandbox directory; a Docker engine it started):',
          '',
          '  npm run demo -- --down',
          '',
          'Use berth in your repository (README "Adopt it: three steps"):',
          '  1. copy a template from workflow-templates/ to .github/workflows/',
          '     (berth-node-service.yml for one service, berth-monorepo.yml for a backend and a frontend)',
          '  2. write .github/berth.yml: start from examples/demo/.github/berth.yml, the one this demo used',
          '  3. set the secret REGISTRY_PASSWORD and the variable REGISTRY_USERNAME, and register a',
          '     self-hosted runner on the server with the labels of its environment; on that server,',
          '     check what deploy needs there:',
          '',
          '       node bin/berth.js doctor --blue-port 18080 --green-port 18081 \\',
          '         --nginx-upstream-file /etc/nginx/berth/backend-production.conf',
        ].join('\n'),
        '   ',
      ),
    );
  });

  state.lastRun = { at: new Date().toISOString(), ms: Math.round(performance.now() - wall) };
  writeState(sandbox, state);
  const total = performance.now() - wall;
  out('\n━━ Timings');
  const width = Math.max(...timings.map((t) => t.title.length));
  for (const t of timings) out(`   ${t.title.padEnd(width)}  ${seconds(t.ms).padStart(7)}`);
  out(`   ${'total'.padEnd(width)}  ${seconds(total).padStart(7)}`);
  if (installMs > 0)
    out(`   ${'total without apt-get installs'.padEnd(width)}  ${seconds(total - installMs).padStart(7)}`);
  if (switchLoad) {
    const failed = switchLoad.total.non2xx + switchLoad.total.errors;
    out(`\n   requests during the switch in step 3: ${switchLoad.total.ok} served, ${failed} failed`);
    if (failed > 0)
      throw new DemoError(
        `step 3 lost ${failed} requests during the blue/green switch (${describeFailures(switchLoad)}); expected 0.`,
      );
  }
}

// ---------------------------------------------------------------------------------------------------

const USAGE = `Usage: npm run demo [-- --verbose]    bring up (or reuse) the sandbox and run the demo
       npm run demo -- --down           remove everything the demo created

The sandbox lives in $BERTH_DEMO_DIR, else $XDG_STATE_HOME/berth-demo, else ~/.berth-demo
(as root: /var/lib/berth-demo, which nginx's workers may enter).`;

const args = process.argv.slice(2);
const unknown = args.filter((a) => !['--down', '--verbose', '--help', '-h'].includes(a));
try {
  if (unknown.length > 0) {
    out(`unknown argument ${unknown.join(' ')}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (args.includes('--help') || args.includes('-h')) out(USAGE);
  else if (args.includes('--down')) await teardown(sandboxDir(), { imagePath: IMAGE_PATH });
  else await demo({ verbose: args.includes('--verbose') });
} catch (error) {
  if (!(error instanceof SandboxError)) throw error;
  out(`\n✘ ${error.message}`);
  const left = readState(sandboxDir());
  if (!args.includes('--down') && (left?.registry || left?.nginx || left?.dockerd?.started)) {
    out(`\nWhat the demo started is still running; npm run demo -- --down removes it.`);
  }
  process.exitCode = 1;
}
