/**
 * Strategy blue-green on one host, lock held: nginx ready (berth's files in place — a reload only when
 * they changed) → the image → start the idle colour → health gate → switch (the marker flipped, nginx
 * asked that it follows; no reload) → drain the old colour's connections → stop it (kept for rollback;
 * on the runner's own host the stop is handed to the engine, see ../docker/engine-socket.ts) → prune
 * images. Any failure before the switch removes the new colour and leaves the live one serving.
 */
import {
  buildStartArgs,
  buildStopArgs,
  containerName,
  otherColor,
  type Color,
} from '../../docker/run-args.js';
import { ConfigurationError } from '../../errors.js';
import { userDirective } from '../../nginx/config-dump.js';
import { nginxArgv, NginxControl, NginxNotRunningError } from '../../nginx/control.js';
import {
  BCRYPT_PROBE_ARGV,
  bcryptProbeAnswered,
  htpasswdMatches,
  renderHtpasswd,
  renderServerBlock,
  type HtpasswdScheme,
} from '../../nginx/server-block.js';
import { NginxSwitch, type InstalledSwitch } from '../../nginx/switch.js';
import { blockedMessage, markerAccess, parseStatModes, permits } from '../../nginx/worker-access.js';
import type { CommandHost, HostFiles } from '../../remote/host.js';
import {
  awaitStopped,
  GONE,
  inspectContainer,
  lastLogLines,
  mustRun,
  provideImage,
  pruneImages,
  removeContainer,
  retireContainer,
  startContainer,
} from './container.js';
import { describeDrain, drainConnections } from './drain.js';
import { waitHealthy } from './health.js';
import type { StrategyContext, StrategyResult } from './context.js';

/** The colour a deploy starts the new version in: never the live one; blue on a first deploy. Pure. */
export function idleColor(live: Color | undefined): Color {
  return live === undefined ? 'blue' : otherColor(live);
}

export async function blueGreen(ctx: StrategyContext): Promise<StrategyResult> {
  const { d, settings, runtime, step } = ctx;
  if (settings.ports === undefined || settings.containerPort === undefined)
    throw new Error('blue-green without ports');
  const ports = settings.ports;
  const address = loopbackFor(settings.bindAddress);
  const nginx = new NginxControl(d.host, settings.nginxCommand, settings.drainTimeoutSeconds * 1000);
  const sw = new NginxSwitch(d.host, nginx, {
    upstreamFile: settings.upstreamFile,
    name: settings.upstreamName,
    address,
    ports,
    note: `${settings.app} ${settings.environment}`,
  });

  // nginx first, before anything starts: berth's include (and server block), and the colour it serves.
  const ready = await step('nginx', () => prepareNginx(ctx, nginx, sw));
  const { live, entryPort, token } = ready;
  const idle = idleColor(live);
  const idleName = containerName(settings.app, settings.environment, idle);
  const liveName = live ? containerName(settings.app, settings.environment, live) : undefined;
  runtime.info(`${ctx.action} on ${d.host.label}: ${ctx.image} → ${idleName} (live: ${liveName ?? 'none'})`);

  // The image: an instant rollback restarts the kept old colour; otherwise pull or stream it. A deploy
  // removes what the idle colour kept (the version before the live one) meanwhile. That container may
  // still be stopping (the previous deploy handed its stop to the engine): it is let finish first, never
  // started again or killed halfway.
  let runRef: string;
  try {
    const kept = ctx.action === 'rollback' ? await inspectContainer(d, idleName) : undefined;
    const restartKept = kept !== undefined && kept.imageRef === ctx.image;
    [runRef] = await Promise.all([
      restartKept ? ctx.image : step('image', () => provideImage(d, { ...ctx.source, image: ctx.image })),
      restartKept ? undefined : retireContainer(d, idleName, settings.stopTimeoutSeconds),
    ]);

    await step('start', async () => {
      if (restartKept) {
        if (kept.status === 'running' || kept.status === 'restarting')
          await awaitStopped(d, idleName, settings.stopTimeoutSeconds);
        return mustRun(d, buildStartArgs(idleName), `docker start ${idleName}`);
      }
      return startContainer(d, {
        name: idleName,
        runRef,
        imageRef: ctx.image,
        bindAddress: settings.bindAddress,
        hostPort: ports[idle],
        containerPort: settings.containerPort,
        labels: labels(ctx, idle),
        env: settings.env,
        stopTimeoutSeconds: settings.stopTimeoutSeconds,
      });
    });

    const health = await step('healthy', () =>
      waitHealthy({
        url: `http://${address}:${ports[idle]}${settings.healthPath}`,
        probe: () => d.host.httpGet(address, ports[idle], settings.healthPath),
        timeoutMs: settings.healthTimeoutSeconds * 1000,
        inspect: async () => (await inspectContainer(d, idleName)) ?? GONE,
        what: `${settings.healthPath} on ${idle}`,
        progress: (line) => runtime.info(line),
      }),
    );
    if (!health.healthy) {
      runtime.info(`last log lines of ${idleName}:\n${await lastLogLines(d, idleName)}`);
      await removeContainer(d, idleName);
      throw new Error(
        `${idleName} is not healthy: ${health.reason}. It was removed; ${liveName ?? 'nothing'} keeps serving.`,
      );
    }

    try {
      await step('switch', () => sw.switchTo(idle, entryPort, token, ready.routed));
    } catch (error) {
      await removeContainer(d, idleName);
      throw error;
    }
  } catch (error) {
    // A first deploy here that failed leaves nginx's configuration as it found it: berth's include
    // and server block are taken back out (and nginx reloaded), not left for the next reload.
    if (ready.undo) {
      await ready.undo().then(
        () =>
          runtime.info(
            `nginx: berth's files from this first deploy are taken back out; nginx is configured as before it`,
          ),
        (e: unknown) =>
          runtime.warning(`nginx: could not put the configuration back as it was: ${(e as Error).message}`),
      );
    }
    throw error;
  }

  const retireOld = async (): Promise<void> => {
    if (!live || !liveName) return;
    // Requests already on their way to the old colour finish there before it stops.
    const drained = await drainConnections(d.host, {
      address,
      port: ports[live],
      timeoutMs: settings.drainTimeoutSeconds * 1000,
      what: `the connections to ${liveName} to finish`,
      progress: (line) => runtime.info(line),
    });
    ctx.record(describeDrain(drained, settings.drainTimeoutSeconds), drained.ms);
    if (drained.outcome === 'timeout')
      runtime.warning(
        `${liveName} still had ${drained.remaining} open connection(s) after drain-timeout (${settings.drainTimeoutSeconds} s); stopping it now`,
      );
    await step('stop old', () => stopOld(ctx, liveName));
  };
  const keepContainers = [
    containerName(settings.app, settings.environment, 'blue'),
    containerName(settings.app, settings.environment, 'green'),
  ];
  // Pruning meanwhile: both colours' images are in use, so it never touches them.
  await Promise.all([
    retireOld(),
    step('prune', () => pruneImages(d, runRef, settings.keepImages, keepContainers)),
  ]);
  return { color: idle, url: `http://${address.includes(':') ? `[${address}]` : address}:${ports[idle]}` };
}

/**
 * Stops the old colour (kept for rollback). On the runner's own host the engine is asked through its
 * socket and the deploy goes on once the stop signal is sent — the engine finishes the stop, within
 * stop-timeout; elsewhere (SSH hosts, an engine berth cannot reach by socket) `docker stop` is awaited.
 */
async function stopOld(ctx: StrategyContext, name: string): Promise<void> {
  const { d, settings, runtime } = ctx;
  const timeout = settings.stopTimeoutSeconds;
  if (!d.host.remote) {
    const { handOverStop, localEngineSocket } = await import('../../docker/engine-socket.js');
    const socket = await localEngineSocket();
    if (socket !== undefined) {
      try {
        const handed = await handOverStop(socket, name, timeout);
        if (handed.outcome === 'stopping')
          runtime.info(
            `${name}: the engine has sent it the stop signal and stops it by itself (SIGKILL after stop-timeout, ${timeout} s); it is kept for rollback`,
          );
        return;
      } catch (error) {
        runtime.info(
          `could not hand ${name}'s stop to the engine at ${socket} (${(error as Error).message}); docker stop instead`,
        );
      }
    }
  }
  await d.host.exec([d.docker, ...buildStopArgs(name, timeout)]);
}

interface NginxReady {
  /** The colour nginx proxies to now (the marker's). */
  routed: Color;
  /** The colour of the version serving now; undefined before the first successful deploy here. */
  live: Color | undefined;
  entryPort: number;
  token: string;
  /** On a first deploy here that wrote berth's files and reloaded: puts them back as they were, reloads. */
  undo?: () => Promise<void>;
}

interface ManagedFile {
  path: string;
  content: string;
  mode: number;
  /** nginx reads it per request (htpasswd): a change needs no reload. */
  live?: boolean;
}

/**
 * berth's files as this deploy's settings want them. When they are already in place and nginx answers
 * through the switch, nothing is written and nginx is not touched. Otherwise (the first deploy here, an
 * include from before the switch, changed ports or server block) they are written, `nginx -t` checks
 * them, nginx reloads once — and the timeline says so; when nginx refuses them, the previous files are
 * put back and the live colour keeps serving.
 */
async function prepareNginx(ctx: StrategyContext, nginx: NginxControl, sw: NginxSwitch): Promise<NginxReady> {
  const host = ctx.d.host;
  const installed = await sw.read();
  const include = await sw.render(installed);
  const files: ManagedFile[] = [{ path: ctx.settings.upstreamFile, content: include.text, mode: 0o644 }];
  files.push(...(await serverBlockFiles(ctx, host)));
  const current = await Promise.all(files.map((f) => host.readFile(f.path)));
  const changed = files.filter((f, i) => current[i] !== f.content);
  const needReload = changed.filter((f) => !f.live);
  const routed =
    installed.entryPort !== undefined ? await sw.probe(include.entryPort, include.token) : undefined;
  const state = ctx.state;
  if (needReload.length === 0 && routed !== undefined) {
    // An htpasswd file with a new password: nginx reads it per request, so it needs no reload.
    await writeFiles(ctx, nginx, host, changed);
    return { routed, live: state ? routed : undefined, ...include };
  }

  const live = state ? (routed ?? installed.legacyColour ?? state.live) : undefined;
  const marker: Color = routed ?? live ?? 'blue';
  const reason = reloadReason(installed, needReload, routed, ctx);
  // The workers must be able to see the marker before nginx relies on it.
  const access = await markerAccess(host, sw.marker, await nginx.workerIds().catch(() => undefined));
  if (access.status === 'blocked')
    throw new ConfigurationError(`nginx-upstream-file: ${blockedMessage(sw.marker, access)}`);
  if (access.status === 'unknown')
    ctx.runtime.info(`could not check who nginx's workers run as (${access.why})`);

  const previous = new Map(files.map((f, i) => [f.path, current[i]]));
  const previousMarker = await host.readFile(sw.marker);
  const restore = async (): Promise<void> => {
    for (const f of changed) {
      const text = previous.get(f.path);
      if (text === undefined) await host.remove(f.path);
      else if (f.live)
        await installHtpasswd(ctx, nginx, host, { ...f, content: text }).catch(() => undefined);
      else await host.writeFile(f.path, text, { mode: f.mode });
    }
    if (previousMarker === undefined) await host.remove(sw.marker);
    else await host.writeFile(sw.marker, previousMarker);
  };
  await sw.setMarker(marker);
  try {
    await writeFiles(ctx, nginx, host, changed);
  } catch (error) {
    await restore();
    throw error;
  }
  let timings;
  try {
    timings = await nginx.reload();
  } catch (error) {
    // With no nginx running nothing is served through these files: they stay, so that nginx can start.
    if (error instanceof NginxNotRunningError) {
      error.message += ` (berth's include ${ctx.settings.upstreamFile} is in place for it)`;
      throw error;
    }
    await restore();
    if (error instanceof Error && /^nginx -t failed/.test(error.message)) {
      error.message = `nginx -t refused berth's new configuration (${changed.map((f) => f.path).join(', ')}); the previous files are back in place and nginx was not reloaded: ${error.message.replace(/^nginx -t failed: /, '')}`;
    }
    throw error;
  }
  const seen = await sw.probe(include.entryPort, include.token);
  if (seen !== marker) {
    await restore();
    await nginx.reload().catch(() => undefined); // best effort: back to the configuration that served
    throw new Error(
      `after reloading nginx, berth's switch on 127.0.0.1:${include.entryPort} ${seen === undefined ? 'does not answer' : `picks ${seen}, not ${marker}`}; the previous files are back in place. ${seen === undefined ? `Check that nginx's http block includes ${ctx.settings.upstreamFile} and that nothing else holds port ${include.entryPort} (nginx's error log says why a reload did not take).` : "nginx's workers do not see the switch's marker (berth doctor checks why)."}`,
    );
  }
  ctx.record(`nginx reload (${reason})`, timings.testMs + timings.reloadMs + timings.drainMs);
  ctx.runtime.info(
    `nginx reloaded once on ${host.label}: ${reason}. Deploys and rollbacks switch without a reload from now on (berth's switch on 127.0.0.1:${include.entryPort}).`,
  );
  const undo = state
    ? undefined
    : async (): Promise<void> => {
        await restore();
        await nginx.reload();
      };
  return { routed: marker, live, ...include, ...(undo ? { undo } : {}) };
}

function reloadReason(
  installed: InstalledSwitch,
  changed: readonly ManagedFile[],
  routed: Color | undefined,
  ctx: StrategyContext,
): string {
  const block = ctx.settings.serverBlock?.file;
  const reasons: string[] = [];
  if (changed.some((f) => f.path === ctx.settings.upstreamFile)) {
    if (installed.text === undefined) reasons.push("berth's include installed");
    else if (installed.entryPort === undefined)
      reasons.push("berth's include upgraded to the reload-free switch");
    else reasons.push("berth's include changed (blue-port, green-port, bind-address or nginx-upstream-name)");
  }
  if (block !== undefined && changed.some((f) => f.path === block))
    reasons.push('the server block changed (nginx-server-name, nginx-listen, access-allow or basic-auth)');
  if (reasons.length === 0 && routed === undefined)
    reasons.push('nginx did not answer through the switch yet');
  return reasons.join('; ');
}

/** The htpasswd file first (it may refuse, and then nothing is written), then the rest. */
async function writeFiles(
  ctx: StrategyContext,
  nginx: NginxControl,
  host: CommandHost & HostFiles,
  files: readonly ManagedFile[],
): Promise<void> {
  for (const f of files) if (f.live) await installHtpasswd(ctx, nginx, host, f);
  for (const f of files) if (!f.live) await host.writeFile(f.path, f.content, { mode: f.mode });
}

/**
 * The server block (and its htpasswd file) for a "developers only" environment. An htpasswd file that
 * already holds this user and password is kept as it is (a new salt would change it on every deploy).
 */
async function serverBlockFiles(ctx: StrategyContext, host: CommandHost & HostFiles): Promise<ManagedFile[]> {
  const block = ctx.settings.serverBlock;
  if (!block) return [];
  const htpasswdFile = `${block.file}.htpasswd`;
  const files: ManagedFile[] = [
    {
      path: block.file,
      content: renderServerBlock({
        serverNames: block.serverNames,
        listen: block.listen,
        upstreamName: ctx.settings.upstreamName,
        allow: block.allow,
        ...(block.basicAuth ? { htpasswdFile } : {}),
        comment: `${ctx.settings.app} ${ctx.settings.environment}`,
      }),
      mode: 0o644,
    },
  ];
  if (block.basicAuth) {
    const { user, password } = block.basicAuth;
    const existing = await host.readFile(htpasswdFile);
    const scheme = await htpasswdScheme(ctx, host);
    const content =
      existing !== undefined && (await htpasswdMatches(existing, user, password, scheme))
        ? existing
        : await renderHtpasswd(user, password, scheme);
    // nginx's workers read it on every request: readable by their group where berth can set that.
    files.push({ path: htpasswdFile, content, mode: 0o640, live: true });
  }
  return files;
}

/**
 * bcrypt where the host's crypt() — nginx's — computes it exactly as berth does (asked through Perl,
 * which uses the same libcrypt); else {SSHA}, which nginx implements itself. Only for an nginx run on
 * the host itself (`nginx-command` nginx, a path to it, or through sudo): an nginx in a container has
 * another libc, so it gets {SSHA}.
 */
async function htpasswdScheme(ctx: StrategyContext, host: CommandHost): Promise<HtpasswdScheme> {
  const argv = nginxArgv(ctx.settings.nginxCommand).filter((a) => a !== 'sudo' && !a.startsWith('-'));
  if (!/(^|\/)nginx$/.test(argv[0] ?? '')) {
    ctx.runtime.info(
      `basic-auth: {SSHA} hash (nginx-command runs nginx elsewhere than on ${host.label}'s own libc)`,
    );
    return 'ssha';
  }
  const probe = await host.exec(BCRYPT_PROBE_ARGV, { quiet: true }).catch(() => undefined);
  if (probe?.code === 0 && (await bcryptProbeAnswered(probe.stdout))) return 'bcrypt';
  ctx.runtime.info(
    `basic-auth: {SSHA} hash: ${host.label}'s crypt() did not compute bcrypt (or perl is missing to ask it), so nginx there could not check a bcrypt hash`,
  );
  return 'ssha';
}

/**
 * The htpasswd file, in nginx's worker group (0640): written beside its place, given to the group,
 * checked readable by the workers, then renamed over the old one — so the file nginx reads is never
 * missing, never unreadable, and never readable by every user. Where berth cannot give it to that group
 * and the workers could not read it otherwise, the deploy stops with what to change, the old file in place.
 */
async function installHtpasswd(
  ctx: StrategyContext,
  nginx: NginxControl,
  host: CommandHost & HostFiles,
  f: ManagedFile,
): Promise<void> {
  const temp = `${f.path}.berth-new`;
  await host.writeFile(temp, f.content, { mode: f.mode });
  try {
    await giveToWorkers(ctx, nginx, host, temp, f.path);
    const mv = await host.exec(['mv', '-f', '--', temp, f.path], { quiet: true });
    if (mv.code !== 0) throw new Error(`mv ${temp} ${f.path} on ${host.label} failed: ${mv.stderr.trim()}`);
  } catch (error) {
    await host.remove(temp).catch(() => undefined);
    throw error;
  }
}

async function giveToWorkers(
  ctx: StrategyContext,
  nginx: NginxControl,
  host: CommandHost,
  file: string,
  shown: string,
): Promise<void> {
  const group = await nginxWorkerGroup(nginx, host);
  const chgrp = group ? await host.exec(['chgrp', group, file], { quiet: true }) : undefined;
  if (chgrp?.code === 0) return;
  const ids = await nginx.workerIds().catch(() => undefined);
  const stat = await host.exec(['stat', '-L', '-c', '%a %u %g', '--', file], { quiet: true });
  const mode = ids && stat.code === 0 ? parseStatModes([file], stat.stdout)?.[0] : undefined;
  if (ids === undefined || mode === undefined) {
    ctx.runtime.warning(
      `${shown}: berth could not give it to nginx's group${group ? ` (${group})` : ''} nor check that nginx's workers can read it; if basic auth answers 500, let them: sudo chgrp <nginx's group> ${shown}`,
    );
    return;
  }
  const readable = permits(mode, ids, 4);
  if (readable) return;
  throw new ConfigurationError(
    `basic-auth: nginx's workers (uid ${ids.uid}) could not read ${shown}, and berth could not give it to their group${group ? ` ${group}` : ''} (${chgrp ? chgrp.stderr.trim() || `chgrp exited ${chgrp.code}` : "nginx's user directive names none"}); berth does not make a password hash readable by every user. Make the deploy user a member of nginx's group (sudo usermod -aG ${group ?? '<group>'} $USER, then restart the runner) and deploy again; the previous files are in place`,
    { key: 'basic-auth', kind: 'invalid' },
  );
}

/** The group of nginx's `user` directive (`user www-data;` → www-data), from `nginx -T`. */
async function nginxWorkerGroup(nginx: NginxControl, host: CommandHost): Promise<string | undefined> {
  const directive = userDirective(await nginx.dump());
  if (!directive) return undefined;
  if (directive.group) return directive.group;
  const id = await host.exec(['id', '-gn', directive.user], { quiet: true });
  return id.code === 0 ? id.stdout.trim() : undefined;
}

export function labels(ctx: StrategyContext, color?: Color): Array<[string, string]> {
  return [
    ['berth.app', ctx.settings.app],
    ['berth.environment', ctx.settings.environment],
    ...(color ? [['berth.color', color] as [string, string]] : []),
    ['berth.commit', ctx.commit],
  ];
}

export function loopbackFor(bindAddress: string): string {
  return bindAddress === '0.0.0.0' || bindAddress === ''
    ? '127.0.0.1'
    : bindAddress === '::'
      ? '::1'
      : bindAddress;
}
