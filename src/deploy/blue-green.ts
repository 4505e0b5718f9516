/**
 * Strategy blue-green on one host, lock held: nginx -t → the image → start the idle colour → health gate
 * → switch nginx (wait for its old workers) → stop the old colour (kept for rollback) → prune images.
 * Any failure before the switch removes the new colour and leaves the live one serving.
 */
import { buildStartArgs, buildStopArgs, containerName, otherColor, type Color } from '../docker/run-args.js';
import { NginxControl } from '../nginx/control.js';
import { renderHtpasswd, renderServerBlock } from '../nginx/server-block.js';
import { renderUpstream } from '../nginx/upstream.js';
import type { Host } from '../remote/host.js';
import type { Runtime } from '../runtime/runtime.js';
import {
  GONE,
  inspectContainer,
  lastLogLines,
  mustRun,
  provideImage,
  pruneImages,
  removeContainer,
  startContainer,
} from './container.js';
import { waitHealthy } from './health.js';
import type { DeploySettings, ServerBlockSettings, StrategyContext, StrategyResult } from './strategy.js';

export async function blueGreen(ctx: StrategyContext): Promise<StrategyResult> {
  const { d, settings, inputs, runtime, step } = ctx;
  if (settings.ports === undefined || settings.containerPort === undefined)
    throw new Error('blue-green without ports');
  const ports = settings.ports;
  const address = loopbackFor(settings.bindAddress);
  const nginx = new NginxControl(
    d.host,
    inputs.nginxCommand,
    settings.upstreamFile,
    inputs.drainTimeoutSeconds * 1000,
  );
  const live = ctx.state?.live;
  const idle: Color = live ? otherColor(live) : 'blue';
  const idleName = containerName(settings.app, settings.environment, idle);
  const liveName = live ? containerName(settings.app, settings.environment, live) : undefined;
  runtime.info(`${ctx.action} on ${d.host.label}: ${ctx.image} → ${idleName} (live: ${liveName ?? 'none'})`);

  // nginx must be valid before anything starts. On the first deploy berth writes its include (pointing
  // at the colour about to start), so a server block that proxies to it can load.
  const upstreamFor = (color: Color): string =>
    renderUpstream(
      settings.upstreamName,
      address,
      ports[color],
      `${settings.app} ${settings.environment}: ${color}`,
    );
  if ((await nginx.readUpstream()) === undefined) await nginx.writeInitial(upstreamFor(idle));
  const block = settings.serverBlock;
  await step('nginx -t', () =>
    block ? writeServerBlock(nginx, d.host, block, settings, runtime) : nginx.test(),
  );

  // The image: an instant rollback restarts the kept old colour; otherwise pull or stream it.
  const kept = await inspectContainer(d, idleName);
  const restartKept = ctx.action === 'rollback' && kept !== undefined && kept.imageRef === ctx.image;
  const runRef = restartKept
    ? ctx.image
    : await step('image', () => provideImage(d, { ...ctx.source, image: ctx.image }));

  await step('start', async () => {
    if (restartKept) return mustRun(d, buildStartArgs(idleName), `docker start ${idleName}`);
    if (kept !== undefined) await removeContainer(d, idleName);
    return startContainer(d, {
      name: idleName,
      runRef,
      imageRef: ctx.image,
      bindAddress: settings.bindAddress,
      hostPort: ports[idle],
      containerPort: settings.containerPort,
      labels: labels(ctx, idle),
      env: inputs.env,
      stopTimeoutSeconds: inputs.stopTimeoutSeconds,
    });
  });

  const health = await step('healthy', () =>
    waitHealthy({
      url: `http://${address}:${ports[idle]}${inputs.healthPath}`,
      probe: () => d.host.httpStatus(address, ports[idle], inputs.healthPath),
      timeoutMs: inputs.healthTimeoutSeconds * 1000,
      inspect: async () => (await inspectContainer(d, idleName)) ?? GONE,
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
    const timings = await step('switch', () => nginx.switchTo(upstreamFor(idle)));
    ctx.record('drain (old nginx workers)', timings.drainMs);
  } catch (error) {
    await removeContainer(d, idleName);
    throw error;
  }

  if (liveName)
    await step('stop old', () =>
      d.host.exec([d.docker, ...buildStopArgs(liveName, inputs.stopTimeoutSeconds)]),
    );
  await step('prune', () =>
    pruneImages(d, runRef, inputs.keepImages, [
      containerName(settings.app, settings.environment, 'blue'),
      containerName(settings.app, settings.environment, 'green'),
    ]),
  );
  return { color: idle, url: `http://${address}:${ports[idle]}` };
}

/**
 * The server block (and its htpasswd file) for a "developers only" environment, checked by `nginx -t`
 * before anything starts; the previous files are put back if nginx refuses them. The reload at the
 * switch makes it live.
 */
async function writeServerBlock(
  nginx: NginxControl,
  host: Host,
  block: ServerBlockSettings,
  settings: DeploySettings,
  runtime: Runtime,
): Promise<void> {
  const htpasswdFile = `${block.file}.htpasswd`;
  const previous = { block: await host.readFile(block.file), htpasswd: await host.readFile(htpasswdFile) };
  if (block.basicAuth) {
    // nginx's workers read it on every request, as nginx's user: readable by its group where berth can
    // set that, else by all (it holds a salted hash, never the password).
    await host.writeFile(htpasswdFile, renderHtpasswd(block.basicAuth.user, block.basicAuth.password), {
      mode: 0o640,
    });
    const group = await nginxWorkerGroup(nginx, host);
    const chgrp = group ? await host.exec(['chgrp', group, htpasswdFile], { quiet: true }) : undefined;
    if (chgrp?.code !== 0) {
      await host.exec(['chmod', '0644', htpasswdFile], { quiet: true });
      runtime.warning(
        `${htpasswdFile} is readable by every user of ${host.label}: berth could not give it to nginx's group${group ? ` (${group})` : ''}. It holds a salted hash, not the password.`,
      );
    }
  }
  await host.writeFile(
    block.file,
    renderServerBlock({
      serverNames: block.serverNames,
      listen: block.listen,
      upstreamName: settings.upstreamName,
      allow: block.allow,
      ...(block.basicAuth ? { htpasswdFile } : {}),
      comment: `${settings.app} ${settings.environment}`,
    }),
  );
  try {
    await nginx.test();
  } catch (error) {
    if (previous.block === undefined) await host.remove(block.file);
    else await host.writeFile(block.file, previous.block);
    if (previous.htpasswd === undefined) await host.remove(htpasswdFile);
    else await host.writeFile(htpasswdFile, previous.htpasswd, { mode: 0o640 });
    if (error instanceof Error)
      error.message += ` (with the server block berth wrote to ${block.file}; the previous one is back)`;
    throw error;
  }
}

/** The group of nginx's `user` directive (`user www-data;` → www-data), from `nginx -T`. */
async function nginxWorkerGroup(nginx: NginxControl, host: Host): Promise<string | undefined> {
  const m = /^\s*user\s+([A-Za-z0-9_.-]+)(?:\s+([A-Za-z0-9_.-]+))?\s*;/m.exec(await nginx.dump());
  if (!m) return undefined;
  if (m[2]) return m[2];
  const id = await host.exec(['id', '-gn', m[1] as string], { quiet: true });
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
  return bindAddress === '0.0.0.0' || bindAddress === '' ? '127.0.0.1' : bindAddress;
}
