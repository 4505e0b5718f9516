import { readFile } from 'node:fs/promises';
import { ConfigurationError, errnoCode } from './errors.js';
import { parsePayload, type EventContext } from './plan/event.js';
import { CONTEXT_NAMES, type ContextName, type Runtime } from './runtime/runtime.js';

const DEFAULT_API_URL = 'https://api.github.com';

function required(runtime: Runtime, name: ContextName): string {
  const value = runtime.getContext(name);
  if (value === '') {
    throw new ConfigurationError(
      `${name}: not set; expected ${CONTEXT_NAMES[name]} (GitHub Actions sets it) or --${name} (berth CLI)`,
    );
  }
  return value;
}

/**
 * The trigger of this run: event name, ref, sha and the parsed payload file. With `optional`, a run
 * without an event (the CLI on Jenkins) gets an empty payload and lives on ref and sha alone.
 */
export async function readEventContext(
  runtime: Runtime,
  options: { optional?: boolean } = {},
): Promise<EventContext> {
  if (options.optional && runtime.getContext('event-path') === '') {
    return {
      eventName: runtime.getContext('event-name'),
      ref: runtime.getContext('ref'),
      sha: runtime.getContext('sha'),
      repository: runtime.getContext('repository'),
      payload: {},
    };
  }
  const eventName = required(runtime, 'event-name');
  const eventPath = required(runtime, 'event-path');
  let text: string;
  try {
    text = await readFile(eventPath, 'utf8');
  } catch (error) {
    const detail = errnoCode(error) ?? String(error);
    throw new ConfigurationError(
      `event-path: cannot read ${eventPath} (${detail}); expected the JSON payload of the event`,
    );
  }
  return {
    eventName,
    ref: runtime.getContext('ref'),
    sha: runtime.getContext('sha'),
    repository: runtime.getContext('repository'),
    payload: parsePayload(text, eventPath),
  };
}

export function apiUrl(runtime: Runtime): string {
  return (runtime.getContext('api-url') || DEFAULT_API_URL).replace(/\/+$/, '');
}
