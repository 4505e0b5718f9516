/**
 * Strategy recreate, for workers that serve no HTTP (queue consumers, schedulers): one container
 * `<app>-<environment>`; the old one is stopped (and kept as `<app>-<environment>-previous`), the new one
 * must stay up for `verify-time`; if it does not, it is removed and the old one started again.
 */
import { buildStopArgs, containerName } from '../../docker/run-args.js';
import { labels } from './blue-green.js';
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
import { waitStaysUp } from './health.js';
import type { StrategyContext, StrategyResult } from './context.js';

export async function recreate(ctx: StrategyContext): Promise<StrategyResult> {
  const { d, settings, runtime, step } = ctx;
  const name = containerName(settings.app, settings.environment);
  const previous = `${name}-previous`;
  runtime.info(`${ctx.action} on ${d.host.label}: ${ctx.image} → ${name} (recreate)`);
  const runRef = await step('image', () => provideImage(d, { ...ctx.source, image: ctx.image }));

  const existing = await inspectContainer(d, name);
  if (existing !== undefined) {
    await step('stop old', async () => {
      await removeContainer(d, previous);
      await mustRun(d, ['rename', name, previous], `docker rename ${name} ${previous}`);
      await d.host.exec([d.docker, ...buildStopArgs(previous, settings.stopTimeoutSeconds)]);
    });
  }
  // Whatever runs under the name goes first — on a first deploy too, where nothing comes back.
  const restoreOld = async (): Promise<string> => {
    await removeContainer(d, name);
    if (existing === undefined) return 'there was no previous container';
    await mustRun(d, ['rename', previous, name], `docker rename ${previous} ${name}`);
    await mustRun(d, ['start', name], `docker start ${name}`);
    return `the previous container (${existing.imageRef || 'its image'}) runs again`;
  };

  try {
    await step('start', () =>
      startContainer(d, {
        name,
        runRef,
        imageRef: ctx.image,
        bindAddress: settings.bindAddress,
        hostPort: settings.ports?.blue,
        containerPort: settings.containerPort,
        labels: labels(ctx),
        env: settings.env,
        stopTimeoutSeconds: settings.stopTimeoutSeconds,
      }),
    );
  } catch (error) {
    const restored = await restoreOld();
    if (error instanceof Error) error.message += `; ${restored}`;
    throw error;
  }
  const verdict = await step('stays up', () =>
    waitStaysUp({
      inspect: async () => (await inspectContainer(d, name)) ?? GONE,
      verifyMs: settings.verifyTimeSeconds * 1000,
      timeoutMs: settings.healthTimeoutSeconds * 1000,
      what: `${name} to stay up`,
      progress: (line) => runtime.info(line),
    }),
  );
  if (!verdict.healthy) {
    runtime.info(`last log lines of ${name}:\n${await lastLogLines(d, name)}`);
    const restored = await restoreOld();
    throw new Error(`${name} did not stay up: ${verdict.reason}. It was removed; ${restored}.`);
  }
  await step('prune', () => pruneImages(d, runRef, settings.keepImages, [name, previous]));
  return { color: '', url: '' };
}
