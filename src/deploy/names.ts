/** The names a deploy gives things on the host, by the one names rule (config/schema.ts). */
import { NAME, NAME_FORM } from '../config/schema.js';
import { ConfigurationError } from '../errors.js';
import type { Inputs } from '../inputs.js';

/**
 * The app (or component) and environment of a deploy, by the names rule (config/schema.ts): they name
 * `what` on the host (the containers; the lock and records).
 */
export function deployNames(
  inputs: Pick<Inputs, 'app' | 'component' | 'environment'>,
  what: string,
): { app: string; environment: string } {
  const app = inputs.app || inputs.component;
  if (!NAME.test(app)) {
    throw new ConfigurationError(
      `app: expected a name of ${NAME_FORM} (it names ${what}), got ${JSON.stringify(app)}${inputs.app === '' ? ' (set app, or component)' : ''}`,
      { key: 'app', kind: 'invalid' },
    );
  }
  if (!NAME.test(inputs.environment)) {
    throw new ConfigurationError(
      `environment: expected the environment's name (e.g. production), got ${JSON.stringify(inputs.environment)}`,
      { key: 'environment', kind: 'invalid' },
    );
  }
  return { app, environment: inputs.environment };
}
