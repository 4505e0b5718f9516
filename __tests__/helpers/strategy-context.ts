/**
 * A StrategyContext for driving blueGreen(ctx) / recreate(ctx) on a RecordingHost: settings resolved
 * from inputs as the command resolves them, a runtime that keeps its log, steps and timeline recorded.
 */
import { resolveDeploySettings } from '../../src/deploy/containers/settings.js';
import type { StrategyContext } from '../../src/deploy/containers/context.js';
import type { DeployAction } from '../../src/deploy/model.js';
import type { DeployState } from '../../src/deploy/state.js';
import { INPUT_DEFAULTS, readInputs, type InputName } from '../../src/inputs.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { ok, type RecordingHost } from './recording-host.js';

export interface RecordedContext {
  ctx: StrategyContext;
  /** info lines, and warnings as `warning: …`. */
  logs: string[];
  /** Every step's name, in the order they started. */
  steps: string[];
  /** What ctx.record was given (the drain, a reload). */
  timeline: string[];
}

export function strategyContext(
  host: RecordingHost,
  values: Partial<Record<InputName, string>>,
  more: { action?: DeployAction; state?: DeployState; image: string },
): RecordedContext {
  const inputs = readInputs({ getInput: (n) => values[n] ?? INPUT_DEFAULTS[n], setSecret: () => undefined });
  const logs: string[] = [];
  const steps: string[] = [];
  const timeline: string[] = [];
  const noop = (): void => undefined;
  const runtime = {
    info: (m: string) => void logs.push(m),
    startGroup: (title: string) => void logs.push(`::group::${title}`),
    endGroup: () => void logs.push('::endgroup::'),
    warning: (m: string) => void logs.push(`warning: ${m}`),
    debug: noop,
    setSecret: noop,
    getContext: () => '',
    tempDir: '/tmp',
  } as unknown as Runtime;
  const settings = resolveDeploySettings(inputs);
  const ctx: StrategyContext = {
    action: more.action ?? 'deploy',
    d: { host, docker: 'docker', configDir: '/tmp/berth-docker-x' },
    settings,
    runtime,
    state: more.state,
    image: more.image,
    source: {
      transfer: 'pull',
      registry: settings.registry,
      runtime,
      policy: { delaysMs: [], sleep: async () => undefined },
      localExec: async () => ok(),
      localDocker: 'docker',
      ecr: async () => ({ username: '', password: '' }),
    },
    commit: 'c'.repeat(40),
    step: (name, fn) => {
      steps.push(name);
      return fn();
    },
    record: (name) => void timeline.push(name),
  };
  return { ctx, logs, steps, timeline };
}
