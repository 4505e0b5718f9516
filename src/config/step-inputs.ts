/**
 * Inputs from the config: a component's `with:` and its environment's `with:` fill in the inputs a step
 * leaves at their defaults, so one reusable workflow can deploy a backend on port 8080 and a static
 * frontend to a bucket from the same matrix. Precedence: the step's own non-default value, then the
 * environment's `with`, then the component's, then action.yml's default.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, errnoCode } from '../errors.js';
import { INPUT_DEFAULTS, readInputs, type InputName, type Inputs, type InputSource } from '../inputs.js';
import type { Runtime } from '../runtime/runtime.js';
import { loadConfig } from './load.js';
import type { BerthConfig } from './schema.js';
import { settableFromConfig } from './validate.js';

/** The commands that act for one component (plan decides for all of them and reads the config itself). */
const COMPONENT_COMMANDS: ReadonlySet<Inputs['command']> = new Set([
  'build',
  'deploy',
  'rollback',
  'coverage',
  'quality-gate',
  'doctor',
  'status',
]);

/** Where each config value comes from, as the config's key path (`components.backend.with.port`). */
export type InputOverlay = Map<InputName, { value: string; origin: string }>;

/** The config's inputs for `component` in `environment` (either may be ''); pure. */
export function configInputs(
  config: BerthConfig,
  component: string,
  environment: string,
  configPath: string,
): InputOverlay {
  const overlay: InputOverlay = new Map();
  if (component !== '') {
    const c = config.components.find((x) => x.name === component);
    if (c === undefined) {
      throw new ConfigurationError(
        `component: ${JSON.stringify(component)} is not a component in ${configPath}; expected one of: ${config.components.map((x) => x.name).join(', ')}`,
        { key: 'component', kind: 'invalid' },
      );
    }
    for (const [name, value] of Object.entries(c.with)) {
      overlay.set(name as InputName, { value, origin: `components.${c.name}.with.${name}` });
    }
  }
  const e = environment === '' ? undefined : config.environments.find((x) => x.name === environment);
  for (const [name, value] of Object.entries(e?.with ?? {})) {
    overlay.set(name as InputName, { value, origin: `environments.${e?.name ?? ''}.with.${name}` });
  }
  const url = configEnvironmentUrl(config, component, environment);
  if (url !== undefined && !overlay.has('environment-url')) overlay.set('environment-url', url);
  return overlay;
}

/**
 * The app's public address for `component` in `environment` from the config: the component's
 * `environments.<environment>.url`, else the environment's `url`; pure.
 */
export function configEnvironmentUrl(
  config: BerthConfig,
  component: string,
  environment: string,
): { value: string; origin: string } | undefined {
  if (environment === '') return undefined;
  const own = config.components
    .find((c) => c.name === component)
    ?.environments?.find((e) => e.name === environment)?.url;
  if (own !== undefined)
    return { value: own, origin: `components.${component}.environments.${environment}.url` };
  const shared = config.environments.find((e) => e.name === environment)?.url;
  return shared === undefined ? undefined : { value: shared, origin: `environments.${environment}.url` };
}

/** An input source whose default-valued inputs take the overlay's values; `used` records which did. */
export function overlaySource(
  source: InputSource,
  overlay: InputOverlay,
): InputSource & { used: Map<InputName, string> } {
  const used = new Map<InputName, string>();
  return {
    used,
    action: source.action,
    setSecret: (value) => source.setSecret(value),
    getInput(name) {
      const given = source.getInput(name);
      const fromConfig = overlay.get(name);
      if (fromConfig === undefined) return given;
      if (given.trim() !== '' && given.trim() !== INPUT_DEFAULTS[name]) return given;
      used.set(name, fromConfig.origin);
      return fromConfig.value;
    },
  };
}

/** Inputs read without a config file because none is at the default path (see explainMissingConfig). */
const withoutDefaultConfig = new WeakSet<Inputs>();

/**
 * The inputs with the config's values filled in, for a command acting on one component. Without a
 * config file at the default path (a repository that uses no plan) the inputs stay as they are; a
 * `config` input the step names explicitly must exist.
 */
export async function applyConfigInputs(inputs: Inputs, runtime: Runtime): Promise<Inputs> {
  if (!COMPONENT_COMMANDS.has(inputs.command)) return inputs;
  if (inputs.component === '' && inputs.environment === '') return inputs;
  const file = path.resolve(runtime.workspace, inputs.config);
  try {
    await stat(file);
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    if (inputs.config !== INPUT_DEFAULTS.config) {
      throw new ConfigurationError(
        `config: ${inputs.config} does not exist (resolved in the workspace, ${runtime.workspace}). The step names this config file explicitly; fix the path, or leave \`config\` unset for ${INPUT_DEFAULTS.config}.`,
        { key: 'config', kind: 'invalid' },
      );
    }
    withoutDefaultConfig.add(inputs);
    return inputs;
  }
  const overlay = configInputs(
    await loadConfig(file, inputs.config),
    inputs.component,
    inputs.environment,
    inputs.config,
  );
  if (overlay.size === 0) return inputs;
  const source = overlaySource(runtime, overlay);
  let result: Inputs;
  try {
    result = readInputs(source);
  } catch (error) {
    // A bad value from the config: name the config key, not only the input.
    if (!(error instanceof ConfigurationError)) throw error;
    const name = error.key as InputName;
    const origin = source.used.get(name);
    if (origin === undefined) throw error;
    throw new ConfigurationError(`${inputs.config}: ${origin.slice(0, -name.length)}${error.message}`, {
      key: origin,
      ...(error.kind ? { kind: error.kind } : {}),
    });
  }
  if (source.used.size > 0) {
    runtime.info(`inputs from ${inputs.config}: ${[...source.used.values()].join(', ')}`);
  }
  return result;
}

/**
 * A command's "X: required" error, when X could have come from the config's `with` but there was no
 * config file at the default path: says so, since a missing (or misplaced) config is the likely cause.
 * Any other error is returned as it is.
 */
export function explainMissingConfig(error: unknown, inputs: Inputs | undefined): unknown {
  if (!(error instanceof ConfigurationError) || inputs === undefined || !withoutDefaultConfig.has(inputs))
    return error;
  // Any key of the error (a deploy lists every input it lacks, one per line).
  const required = error.kind === 'required' ? error.keys : [];
  if (!required.some((n) => settableFromConfig(n as InputName))) return error;
  return new ConfigurationError(
    `${error.message}\n(No config file was found at ${INPUT_DEFAULTS.config}, the default \`config\`, so no component's or environment's \`with\` could set it: write that file, set the \`config\` input to where your berth config is, or give the input on the step.)`,
    { key: required, kind: 'required' },
  );
}
