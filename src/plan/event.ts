/**
 * Reads the parts of a webhook payload the planner needs, checking each shape: the payload is untrusted
 * JSON, and a wrong GITHUB_EVENT_PATH (or a hand-written CLI payload) must give an error, not a crash.
 */
import { ConfigurationError } from '../errors.js';

export type Payload = Record<string, unknown>;

/** What a run knows about its trigger: the GITHUB_* variables and the parsed event payload. */
export interface EventContext {
  eventName: string;
  ref: string;
  sha: string;
  repository: string;
  payload: Payload;
}

export const ZERO_SHA = /^0+$/;

export function parsePayload(text: string, source: string): Payload {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`event-path: ${source} is not valid JSON (${detail})`);
  }
  if (!isRecord(parsed))
    throw new ConfigurationError(`event-path: ${source} must hold a JSON object (a webhook payload)`);
  return parsed;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `payload.pull_request.base.ref` style access; undefined when any step is missing. */
export function pick(payload: Payload, path: string): unknown {
  let at: unknown = payload;
  for (const key of path.split('.')) {
    if (!isRecord(at)) return undefined;
    at = at[key];
  }
  return at;
}

function shapeError(eventName: string, path: string, expected: string, got: unknown): ConfigurationError {
  const seen = got === undefined ? 'nothing' : JSON.stringify(got)?.slice(0, 80);
  return new ConfigurationError(
    `event-path: the ${eventName} payload's ${path} should be ${expected}, got ${seen}`,
  );
}

export function requireString(event: EventContext, path: string): string {
  const v = pick(event.payload, path);
  if (typeof v !== 'string') throw shapeError(event.eventName, path, 'a string', v);
  return v;
}

export function optionalString(event: EventContext, path: string): string | undefined {
  const v = pick(event.payload, path);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw shapeError(event.eventName, path, 'a string', v);
  return v;
}

export function requireNumber(event: EventContext, path: string): number {
  const v = pick(event.payload, path);
  if (typeof v !== 'number') throw shapeError(event.eventName, path, 'a number', v);
  return v;
}

/** Label names of a pull request payload (`labels: [{name}]`). */
export function labelNames(event: EventContext, path: string): string[] {
  const v = pick(event.payload, path);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw shapeError(event.eventName, path, 'a list of labels', v);
  return v.map((label, i) => {
    const name = isRecord(label) ? label.name : label;
    if (typeof name !== 'string') throw shapeError(event.eventName, `${path}[${i}].name`, 'a string', name);
    return name;
  });
}

/**
 * Files changed by a push, when the payload lists them. Webhook deliveries do; the payload Actions hands
 * to a workflow does not (no added/removed/modified), and lists at most 20 commits — then undefined.
 */
export function pushedFiles(event: EventContext): string[] | undefined {
  const commits = pick(event.payload, 'commits');
  if (!Array.isArray(commits) || commits.length === 0 || commits.length >= 20) return undefined;
  const files = new Set<string>();
  for (const commit of commits) {
    if (!isRecord(commit)) return undefined;
    for (const key of ['added', 'removed', 'modified']) {
      const list = commit[key];
      if (!Array.isArray(list)) return undefined;
      for (const file of list) if (typeof file === 'string') files.add(file);
    }
  }
  return [...files];
}
