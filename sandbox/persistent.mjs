// A sandbox that outlives the process that brings it up (npm run demo's): a directory, its state file
// (state.json: what was started, installed and created, so a second run reuses it and `teardown`
// removes exactly that), the parts installed when missing (as root on Debian/Ubuntu), a Docker engine
// started when none answers, a registry with htpasswd auth and nginx, all on loopback.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dockerAnswers, startEngine, stopEngine } from './engine.mjs';
import { nginxConfig, nobodyGroup, proxyServer } from './nginx.mjs';
import {
  aptInstall,
  findTools,
  isDebian,
  isRoot,
  missingFor,
  packagesFor,
  PARTS,
  presentParts,
} from './parts.mjs';
import {
  alive,
  indent,
  out,
  portFree,
  run,
  SandboxError,
  startDaemon,
  stopProcess,
  waitFor,
} from './process.mjs';
import { registryAnswers, registryArgs, writeRegistryConfig } from './registry.mjs';

// ---------------------------------------------------------------------------------------------------
// The sandbox directory and its state file

export function sandboxDir(env = process.env) {
  if (env.BERTH_DEMO_DIR) return path.resolve(env.BERTH_DEMO_DIR);
  if (env.XDG_STATE_HOME) return path.join(env.XDG_STATE_HOME, 'berth-demo');
  // nginx's workers (as root: nobody) test berth's switch marker inside the sandbox on every request,
  // and root's home is closed to them.
  if (isRoot()) return '/var/lib/berth-demo';
  return path.join(os.homedir(), '.berth-demo');
}

export function readState(sandbox) {
  try {
    return JSON.parse(readFileSync(path.join(sandbox, 'state.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

export function writeState(sandbox, state) {
  writeFileSync(path.join(sandbox, 'state.json'), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

// ---------------------------------------------------------------------------------------------------
// Bringing it up: parts (installed when root on Debian), engine, registry, nginx

function installInstructions(missing, what, heading = "berth's demo needs, and cannot install here:") {
  const lines = missing.map(
    (key) => `  - ${what[key] ?? PARTS[key].what}  (Debian/Ubuntu package: ${packagesFor([key]).join(' ')})`,
  );
  const packages = packagesFor(missing).join(' ');
  return [
    heading,
    ...lines,
    '',
    isDebian()
      ? `Install them (the demo installs them itself when run as root):\n\n  sudo apt-get install -y ${packages}\n`
      : `This is not Debian or Ubuntu: install the equivalents with your system's package manager (Docker Engine: docs.docker.com/engine/install).\n`,
    'Then run npm run demo again.',
  ].join('\n');
}

/**
 * The programs of `needs` (part names), installing the missing ones as root on Debian/Ubuntu (recorded
 * in state.installed); `what` names a part in the messages where PARTS' words are not enough. Resolves
 * with the tools, the engine's answer and the time apt-get took.
 */
export async function ensureTools(state, needs, what = {}) {
  let tools = findTools();
  let engine = await dockerAnswers(tools.docker);
  let installMs = 0;
  const missing = missingFor(needs, presentParts(tools, { engineUp: engine.up }));
  if (missing.length > 0) {
    if (!isRoot() || !isDebian()) throw new SandboxError(installInstructions(missing, what));
    const packages = packagesFor(missing);
    out(`   installing ${packages.join(' ')} (apt-get install -y ${packages.join(' ')})`);
    const { install, ms } = await aptInstall(packages, {
      onUpdateFailed: (r) =>
        out(indent(`apt-get update failed (continuing with the lists there are): ${r.stderr.trim()}`)),
    });
    if (install.code !== 0) {
      throw new SandboxError(
        `apt-get install -y ${packages.join(' ')} failed:\n${indent(install.stderr.trim() || install.stdout.trim())}`,
      );
    }
    state.installed = [...new Set([...(state.installed ?? []), ...packages])];
    installMs = ms;
    tools = findTools();
    engine = await dockerAnswers(tools.docker);
    const still = missingFor(needs, presentParts(tools, { engineUp: engine.up }));
    if (still.length > 0)
      throw new SandboxError(
        installInstructions(still, what, 'apt-get install ran, and these are still missing:'),
      );
  }
  return { tools, engine, installMs };
}

/** The engine `engine` answered for, or dockerd started (recorded in state.dockerd, for teardown). */
export async function ensureEngine(sandbox, state, tools, engine) {
  const recorded = state.dockerd;
  if (engine.up) {
    // Still the one this demo started (a second run): keep the record, so --down stops it.
    const ours = recorded?.started && alive(recorded.pid, 'dockerd');
    state.dockerd = ours ? recorded : { started: false };
    out(
      `   Docker engine ${engine.version}: ${ours ? 'the one this demo started' : 'already running, used as it is (--down leaves it running)'}`,
    );
    return;
  }
  if (/permission denied/i.test(engine.detail)) {
    throw new SandboxError(
      `The Docker engine refuses this user (${engine.detail}).\nAdd yourself to the docker group and log in again:\n\n  sudo usermod -aG docker "$USER"\n`,
    );
  }
  if (!isRoot()) {
    throw new SandboxError(
      `No Docker engine answers (${engine.detail}), and only root can start one.\nStart it and run npm run demo again:\n\n  sudo systemctl start docker      # or, without systemd: sudo dockerd &\n`,
    );
  }
  const log = path.join(sandbox, 'dockerd.log');
  out(`   no Docker engine answers: starting ${tools.dockerd} (log: ${log}; --down stops it)`);
  const pid = await startEngine({
    dockerd: tools.dockerd,
    docker: tools.docker,
    log,
    onStarted: (started) => {
      state.dockerd = { started: true, pid: started, log };
      writeState(sandbox, state);
    },
  });
  out(`   Docker engine ${(await dockerAnswers(tools.docker)).version}: started (pid ${pid})`);
}

/**
 * The sandbox's registry (user `user`, a password kept in the sandbox), reused while it answers, else
 * started detached on its old port or `sparePort`. Resolves with the password.
 */
export async function ensureRegistry(sandbox, state, tools, sparePort, user) {
  const dir = path.join(sandbox, 'registry');
  mkdirSync(dir, { recursive: true });
  const passwordFile = path.join(dir, 'password');
  if (!existsSync(passwordFile))
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const current = state.registry;
  if (current && alive(current.pid, 'docker-registry') && (await registryAnswers(current.host))) {
    out(`   registry ${current.host}: running (pid ${current.pid}), reused`);
    return password;
  }
  const port = current?.port && (await portFree(current.port)) ? current.port : sparePort;
  const host = `127.0.0.1:${port}`;
  const config = writeRegistryConfig({
    dir,
    host,
    user,
    password,
    realm: 'berth-demo',
    htpasswd: tools.htpasswd,
    comment:
      'The demo registry (npm run demo): loopback only, htpasswd (bcrypt) auth, storage in the sandbox.',
  });
  const log = path.join(dir, 'registry.log');
  const pid = startDaemon(tools.registry, registryArgs(config), log);
  state.registry = { pid, port, host };
  state.registryHosts = [...new Set([...(state.registryHosts ?? []), host])];
  writeState(sandbox, state);
  await waitFor(`docker-registry on ${host}`, () => registryAnswers(host), 15_000, log);
  out(`   registry ${host}: started (pid ${pid}), user ${user}, password in ${passwordFile}`);
  return password;
}

export function nginxArgs(prefix) {
  return ['-p', `${prefix}/`, '-c', 'conf/nginx.conf'];
}

/**
 * The sandbox's nginx: a server block on loopback proxying to `upstream` (berth's name), whose include
 * `upstreamFile` (under the prefix) points at `firstPort` until berth's first deploy rewrites it;
 * reloaded when running, else started on `sparePort`. Recorded in state.nginx.
 */
export async function ensureNginx(
  sandbox,
  state,
  tools,
  sparePort,
  { upstream, upstreamFile: file, firstPort },
) {
  const prefix = path.join(sandbox, 'nginx');
  const upstreamFile = path.join(prefix, 'conf', file);
  mkdirSync(path.dirname(upstreamFile), { recursive: true });
  mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  const pidFile = path.join(prefix, 'logs', 'nginx.pid');
  const runningPid = () => Number(existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim() : 0);
  const running = alive(runningPid(), 'nginx');
  const port = running && state.nginx?.port ? state.nginx.port : sparePort;
  writeFileSync(
    path.join(prefix, 'conf', 'nginx.conf'),
    nginxConfig({
      comment: [
        "The demo's nginx (npm run demo): its own prefix, loopback only. berth owns the upstream include",
        '(both colours and the switch between them); the server block proxies to it, as README shows.',
      ],
      // As root, nginx's workers drop to an unprivileged user.
      user: isRoot() ? `nobody ${nobodyGroup()}` : undefined,
      pidFile,
      errorLog: path.join(prefix, 'logs', 'error.log'),
      http: ['proxy_max_temp_file_size 0;   # small pages: never buffer to disk'],
      includes: [upstreamFile],
      servers: [proxyServer(`127.0.0.1:${port}`, upstream)],
    }),
  );
  // Before the first deploy nginx needs the include to start; berth's first deploy rewrites it.
  if (!existsSync(upstreamFile)) {
    writeFileSync(upstreamFile, `upstream ${upstream} { server 127.0.0.1:${firstPort}; }\n`);
  }
  const command = [tools.nginx, ...nginxArgs(prefix)];
  const tested = await run([...command, '-t']);
  if (tested.code !== 0)
    throw new SandboxError(`nginx -t failed for the demo's config:\n${indent(tested.stderr.trim())}`);
  if (running) {
    await run([...command, '-s', 'reload']);
    out(`   nginx 127.0.0.1:${port}: running (pid ${runningPid()}), reused`);
  } else {
    const started = await run(command); // the master daemonizes
    if (started.code !== 0) throw new SandboxError(`nginx did not start:\n${indent(started.stderr.trim())}`);
    await waitFor(
      `nginx on 127.0.0.1:${port}`,
      async () => !(await portFree(port)),
      10_000,
      path.join(prefix, 'logs', 'error.log'),
    );
    out(`   nginx 127.0.0.1:${port}: started (pid ${runningPid()}), prefix ${prefix}`);
  }
  state.nginx = { prefix, port, pidFile, upstreamFile, command: command.join(' ') };
  writeState(sandbox, state);
}

// ---------------------------------------------------------------------------------------------------
// Tearing down: what the state file records, and only that

/**
 * Removes what the sandbox at `sandbox` created: its containers (state.containers, when labelled
 * berth.app=state.app), its images (`imagePath` on each registry host it had), nginx, the registry,
 * a Docker engine it started, then the directory. Packages it installed stay.
 */
export async function teardown(sandbox, { imagePath }) {
  const state = readState(sandbox);
  if (state === undefined) {
    out(`No demo sandbox at ${sandbox} (no state.json there): nothing to tear down.`);
    return;
  }
  out(`Tearing down the demo sandbox ${sandbox}`);
  const docker = state.docker;
  if (docker && (await dockerAnswers(docker)).up) {
    for (const name of state.containers ?? []) {
      const label = await run([docker, 'inspect', '--format', '{{index .Config.Labels "berth.app"}}', name]);
      if (label.code !== 0 || label.stdout.trim() !== state.app) continue; // not there, or not the demo's
      await run([docker, 'rm', '--force', name]);
      out(`   removed container ${name}`);
    }
    const listed = await run([docker, 'image', 'ls', '--format', '{{.Repository}}\t{{.ID}}']);
    const prefixes = (state.registryHosts ?? []).map((host) => `${host}/${imagePath}`);
    const ids = new Set(
      listed.stdout
        .split('\n')
        .map((line) => line.split('\t'))
        .filter(([repository]) => prefixes.some((p) => repository === p))
        .map(([, id]) => id),
    );
    if (ids.size > 0) {
      await run([docker, 'image', 'rm', '--force', ...ids]);
      out(`   removed ${ids.size} demo image${ids.size === 1 ? '' : 's'} (${prefixes.join(', ')})`);
    }
  } else if (docker) {
    out('   no Docker engine answers: no containers or images to remove');
  }
  if (state.nginx) {
    const pid = Number(
      existsSync(state.nginx.pidFile) ? readFileSync(state.nginx.pidFile, 'utf8').trim() : 0,
    );
    if (alive(pid, 'nginx')) {
      await run([...state.nginx.command.split(' '), '-s', 'quit']);
      const deadline = Date.now() + 10_000;
      while (alive(pid, 'nginx') && Date.now() < deadline) await sleep(100);
      await stopProcess(pid, 'nginx');
      out(`   stopped nginx (pid ${pid})`);
    }
  }
  if (state.registry && (await stopProcess(state.registry.pid, 'docker-registry'))) {
    out(`   stopped the registry (pid ${state.registry.pid})`);
  }
  if (state.dockerd?.started) {
    if (await stopEngine(state.dockerd.pid))
      out(`   stopped the Docker engine this demo started (pid ${state.dockerd.pid})`);
  } else if (state.dockerd) {
    out('   left the Docker engine running: the demo did not start it');
  }
  rmSync(sandbox, { recursive: true, force: true });
  out(`   removed ${sandbox}`);
  if (state.installed?.length) {
    out(
      `   kept the packages it installed (${state.installed.join(' ')}); remove them with apt-get remove if you want`,
    );
  }
}
