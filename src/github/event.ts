/**
 * The webhook payload of this run: read once (GITHUB_EVENT_PATH, or the CLI's --event-path), checked,
 * and read through typed accessors. Every command that needs the event comes here; the planner and the
 * reporting commands take the parsed EventContext and never touch the file.
 *
 * The payload is untrusted JSON, and a wrong GITHUB_EVENT_PATH (or a hand-written CLI payload) must give
 * an error, not a crash. The strict accessors name the field that is wrong; the lenient ones (build's
 * tags, the reporting commands' pull request) take a value of the wrong type as absent.
 */
import { readFile } from 'node:fs/promises';
import { ConfigurationError, errnoCode } from '../errors.js';
import { CONTEXT_NAMES, type ContextName, type Runtime } from '../runtime/runtime.js';

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

// ---- Reading: once per run ----------------------------------------------------------------------

/** The payload read for each run (a Runtime is one run): a command that asks twice reads the file once. */
const payloads = new WeakMap<Runtime, { path: string; payload: Promise<Payload> }>();

function required(runtime: Runtime, name: ContextName): string {
  const value = runtime.getContext(name);
  if (value === '') {
    throw new ConfigurationError(
      `${name}: not set; expected ${CONTEXT_NAMES[name]} (GitHub Actions sets it) or --${name} (berth CLI)`,
    );
  }
  return value;
}

async function readPayload(eventPath: string): Promise<Payload> {
  let text: string;
  try {
    text = await readFile(eventPath, 'utf8');
  } catch (error) {
    const detail = errnoCode(error) ?? String(error);
    throw new ConfigurationError(
      `event-path: cannot read ${eventPath} (${detail}); expected the JSON payload of the event`,
    );
  }
  return parsePayload(text, eventPath);
}

function payloadOf(runtime: Runtime, eventPath: string): Promise<Payload> {
  let read = payloads.get(runtime);
  if (read?.path !== eventPath) {
    read = { path: eventPath, payload: readPayload(eventPath) };
    payloads.set(runtime, read);
  }
  return read.payload;
}

/**
 * The trigger of this run: event name, ref, sha and the parsed payload file. With `optional`, a run
 * without an event (the CLI on Jenkins) gets an empty payload and lives on ref and sha alone.
 */
export async function readEvent(
  runtime: Runtime,
  options: { optional?: boolean } = {},
): Promise<EventContext> {
  const context = {
    ref: runtime.getContext('ref'),
    sha: runtime.getContext('sha'),
    repository: runtime.getContext('repository'),
  };
  if (options.optional && runtime.getContext('event-path') === '') {
    return { eventName: runtime.getContext('event-name'), ...context, payload: {} };
  }
  const eventName = required(runtime, 'event-name');
  const eventPath = required(runtime, 'event-path');
  return { eventName, ...context, payload: await payloadOf(runtime, eventPath) };
}

/** The event of a pull_request(_target) run; undefined on any other event and in a run without one. */
export async function readPullRequestEvent(runtime: Runtime): Promise<EventContext | undefined> {
  const eventName = runtime.getContext('event-name');
  if (!['pull_request', 'pull_request_target'].includes(eventName)) return undefined;
  if (runtime.getContext('event-path') === '') return undefined;
  return readEvent(runtime);
}

// ---- Checking -----------------------------------------------------------------------------------

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

// ---- Strict accessors: a field of the wrong type is an error that names it ------------------------

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
export function labelNames(event: EventContext, path = 'pull_request.labels'): string[] {
  const v = pick(event.payload, path);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw shapeError(event.eventName, path, 'a list of labels', v);
  return v.map((label, i) => {
    const name = isRecord(label) ? label.name : label;
    if (typeof name !== 'string') throw shapeError(event.eventName, `${path}[${i}].name`, 'a string', name);
    return name;
  });
}

/** A push's ref: the payload's, else GITHUB_REF. */
export function pushedRef(event: EventContext): string {
  return optionalString(event, 'ref') ?? event.ref;
}

/** A push's new head: the payload's `after`, else GITHUB_SHA. */
export function pushedAfter(event: EventContext): string {
  return optionalString(event, 'after') ?? event.sha;
}

/** A push's old head: `before` ('' when absent; all zeros for a new branch, see ZERO_SHA). */
export function pushedBefore(event: EventContext): string {
  return optionalString(event, 'before') ?? '';
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

/**
 * A PR is from a fork when its head lives in another repository (or a deleted one). Not `head.repo.fork`:
 * that is true for every PR in a repository that is itself a fork, which many student teams' repos are.
 */
export function isFromFork(event: EventContext): boolean {
  const head = pick(event.payload, 'pull_request.head.repo');
  if (head === null || head === undefined) return true;
  const headId = pick(event.payload, 'pull_request.head.repo.id');
  const baseId = pick(event.payload, 'pull_request.base.repo.id');
  if (typeof headId === 'number' && typeof baseId === 'number') return headId !== baseId;
  return (
    pick(event.payload, 'pull_request.head.repo.full_name') !==
    pick(event.payload, 'pull_request.base.repo.full_name')
  );
}

// ---- Lenient accessors: a field of the wrong type is absent ----------------------------------------

/** The string at `path`; '' when absent or not a string. */
export function stringAt(event: EventContext, path: string): string {
  const v = pick(event.payload, path);
  return typeof v === 'string' ? v : '';
}

/** The number at `path`; undefined when absent or not a number. */
export function numberAt(event: EventContext, path: string): number | undefined {
  const v = pick(event.payload, path);
  return typeof v === 'number' ? v : undefined;
}

/** The pull request's number on a pull_request* event (pull_request_review too); else undefined. */
export function pullRequestNumber(event: EventContext): number | undefined {
  return event.eventName.startsWith('pull_request') ? numberAt(event, 'pull_request.number') : undefined;
}

/** The repository's default branch ('' when the payload does not say). */
export function defaultBranch(event: EventContext): string {
  return stringAt(event, 'repository.default_branch');
}

/** The head commit: a pull request's head (not the merge commit), else GITHUB_SHA (else the push's after). */
export function headCommit(event: EventContext): string {
  const prHead = stringAt(event, 'pull_request.head.sha');
  if (prHead !== '') return prHead;
  const after = pick(event.payload, 'after');
  if (event.sha === '' && typeof after === 'string') return after;
  if (event.sha === '') {
    throw new ConfigurationError(
      'sha: not set; expected GITHUB_SHA (GitHub Actions sets it) or --sha (berth CLI)',
    );
  }
  return event.sha;
}

/** A pull request's base commit, when the payload has a full 40-hex sha. */
export function baseSha(event: EventContext): string | undefined {
  const base = pick(event.payload, 'pull_request.base.sha');
  return typeof base === 'string' && /^[0-9a-f]{40}$/.test(base) ? base : undefined;
}

/**
 * A fork's pull request for the reporting commands' comment: its head repository id is not the base's.
 * Unlike isFromFork, a payload without a head repository id (a deleted head) does not count as a fork.
 */
export function headRepoDiffers(event: EventContext): boolean {
  const headRepo = pick(event.payload, 'pull_request.head.repo.id');
  return headRepo !== undefined && headRepo !== pick(event.payload, 'pull_request.base.repo.id');
}
