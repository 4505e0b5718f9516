/**
 * Validates a parsed YAML document against a schema (./schema.ts), walking the YAML nodes rather than
 * the plain value so that every problem carries the line and column it stands on.
 */
import { Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import { STEP_ONLY_INPUTS } from '../action-spec.js';
import { INPUT_NAMES, inputValueProblem, SECRET_INPUT_NAMES, type InputName } from '../inputs.js';
import { httpAddressProblem } from '../http/url.js';
import { closest } from '../suggest.js';
import type {
  FieldSchema,
  ListSchema,
  NamedMapSchema,
  ObjectSchema,
  Schema,
  StringSchema,
} from './schema.js';

export interface Problem {
  /** 1-based line and column. */
  line: number;
  col: number;
  /** The key path: `environments.test.branches[0]`. */
  path: string;
  message: string;
}

/** Aliases are legitimate YAML, but expanding them without a bound is a billion-laughs hole. */
const MAX_ALIAS_RESOLUTIONS = 1000;

/** Keys starting with `x-` are ignored, as in Compose files: a place for YAML anchors to reuse. */
export const EXTENSION_PREFIX = 'x-';

interface Walk {
  doc: Document;
  lineCounter: LineCounter;
  problems: Problem[];
  aliasesResolved: number;
  /** Where to point when a node has no range of its own (an absent value). */
  fallbackOffset: number;
}

export function validateDocument(
  doc: Document,
  lineCounter: LineCounter,
  schema: ObjectSchema,
): {
  value: unknown;
  problems: Problem[];
} {
  const walk: Walk = { doc, lineCounter, problems: [], aliasesResolved: 0, fallbackOffset: 0 };
  const root = (doc.contents ?? null) as Node | null;
  const value = validateNode(walk, root, schema, '', 0);
  return { value, problems: walk.problems };
}

function report(
  walk: Walk,
  node: Node | null | undefined,
  offset: number,
  path: string,
  message: string,
): void {
  const at = node?.range?.[0] ?? offset;
  const { line, col } = walk.lineCounter.linePos(at);
  walk.problems.push({ line, col, path: path === '' ? '(top level)' : path, message });
}

function resolve(walk: Walk, node: Node | null, path: string): Node | null {
  if (!isAlias(node)) return node;
  walk.aliasesResolved += 1;
  if (walk.aliasesResolved > MAX_ALIAS_RESOLUTIONS) {
    report(
      walk,
      node,
      0,
      path,
      `too many alias expansions (more than ${MAX_ALIAS_RESOLUTIONS}); write the values out`,
    );
    return null;
  }
  const target = node.resolve(walk.doc) ?? null;
  if (target === null) report(walk, node, 0, path, `alias *${node.source} refers to no anchor`);
  return target as Node | null;
}

/** How a value reads in an error: `a list`, `42 (a number)`, `"yes" (a string)`. */
export function describeNode(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'nothing';
    if (typeof v === 'string') return `${JSON.stringify(v)} (a string)`;
    if (typeof v === 'number') return `${String(v)} (a number)`;
    if (typeof v === 'boolean') return `${String(v)} (a boolean)`;
    return `a ${typeof v}`;
  }
  return 'an unsupported value';
}

export function formatKey(parent: string, key: string): string {
  const part = /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
  if (part !== key) return `${parent}[${part}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

function validateNode(walk: Walk, raw: Node | null, schema: Schema, path: string, offset: number): unknown {
  const node = resolve(walk, raw, path);
  if (node === null && isAlias(raw)) return undefined; // already reported by resolve()
  switch (schema.kind) {
    case 'string':
      return validateString(walk, node, schema, path, offset);
    case 'integer': {
      const v = isScalar(node) ? node.value : undefined;
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        const want = schema.enum ? schema.enum.join(' or ') : 'a whole number';
        report(walk, node, offset, path, `expected ${want}, got ${describeNode(node)}`);
        return undefined;
      }
      if (schema.enum && !schema.enum.includes(v)) {
        report(walk, node, offset, path, `expected ${schema.enum.join(' or ')}, got ${v}`);
      }
      return v;
    }
    case 'list':
      return validateList(walk, node, schema, path, offset);
    case 'object':
      return validateObject(walk, node, schema, path, offset);
    case 'named-map':
      return validateNamedMap(walk, node, schema, path, offset);
    case 'inputs':
      return validateInputs(walk, node, path, offset);
  }
}

/** Whether a config `with:` may set this input (not a secret, not one the workflow step gives). */
export function settableFromConfig(name: InputName): boolean {
  return !STEP_ONLY_INPUTS.includes(name) && !SECRET_INPUT_NAMES.includes(name);
}

function validateInputs(walk: Walk, node: Node | null, path: string, offset: number): unknown {
  const entries = mappingEntries(walk, node, path, offset);
  if (entries === undefined) return undefined;
  const out: Record<string, string> = {};
  const settable = INPUT_NAMES.filter(
    (n) => !STEP_ONLY_INPUTS.includes(n) && !SECRET_INPUT_NAMES.includes(n),
  );
  for (const { key, keyPath, pair, at } of entries) {
    if (key.startsWith(EXTENSION_PREFIX)) continue;
    const name = key as InputName;
    if (SECRET_INPUT_NAMES.includes(name)) {
      report(
        walk,
        pair.key,
        at,
        keyPath,
        'a secret does not belong in the config file; pass it to the step from `secrets`',
      );
      continue;
    }
    if (STEP_ONLY_INPUTS.includes(name)) {
      report(walk, pair.key, at, keyPath, 'set by the workflow step (or the plan), not the config');
      continue;
    }
    if (!INPUT_NAMES.includes(name)) {
      report(walk, pair.key, at, keyPath, `not an input of berth's action.yml${suggestInput(key, settable)}`);
      continue;
    }
    const value = resolve(walk, pair.value as Node | null, keyPath);
    const scalar = (n: Node | null): string | undefined => {
      const v = isScalar(n) ? n.value : undefined;
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
    };
    let text: string | undefined;
    if (isSeq(value)) {
      const items = value.items.map((item) => scalar(resolve(walk, item as Node | null, keyPath)));
      if (items.every((i): i is string => i !== undefined)) text = items.join('\n');
    } else text = scalar(value);
    if (text !== undefined) {
      // Checked by the input's declared form now, at its line, not when a step reads it.
      const problem = inputValueProblem(name, text);
      if (problem !== '') report(walk, value, at, keyPath, problem);
      else out[key] = text;
      continue;
    }
    report(
      walk,
      value,
      at,
      keyPath,
      `expected a string, number, boolean or list of strings, got ${describeNode(value)}`,
    );
  }
  return out;
}

function suggestInput(key: string, known: readonly string[]): string {
  const suggestion = closest(key, known);
  return suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
}

function validateString(
  walk: Walk,
  node: Node | null,
  schema: StringSchema,
  path: string,
  offset: number,
): unknown {
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v !== 'string') {
    const hint =
      isScalar(node) && (typeof v === 'number' || typeof v === 'boolean')
        ? `; quote it: "${node.source}"`
        : '';
    report(
      walk,
      node,
      offset,
      path,
      `expected ${schema.expected ?? 'a string'}, got ${describeNode(node)}${hint}`,
    );
    return undefined;
  }
  if (schema.format === 'http-url') {
    const problem = httpAddressProblem(v);
    // A user or password is not quoted back: the value holds a secret.
    if (problem === 'user-or-password')
      report(
        walk,
        node,
        offset,
        path,
        `expected ${schema.expected ?? 'an http(s) address'}; it holds a user or password`,
      );
    else if (problem === 'not-http')
      report(
        walk,
        node,
        offset,
        path,
        `expected ${schema.expected ?? 'an http(s) address'}, got ${JSON.stringify(v)}`,
      );
  } else if (schema.enum && !schema.enum.includes(v)) {
    report(walk, node, offset, path, `expected one of ${schema.enum.join(', ')}, got ${JSON.stringify(v)}`);
  } else if (schema.pattern && !schema.pattern.test(v)) {
    report(
      walk,
      node,
      offset,
      path,
      `expected ${schema.expected ?? schema.pattern.source}, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function validateList(
  walk: Walk,
  node: Node | null,
  schema: ListSchema,
  path: string,
  offset: number,
): unknown {
  if (schema.acceptSingle && isScalar(node) && typeof node.value === 'string') {
    return [validateString(walk, node, schema.items, path, offset)];
  }
  if (!isSeq(node)) {
    const want = schema.acceptSingle ? 'a string or a list of strings' : 'a list of strings';
    report(walk, node, offset, path, `expected ${want}, got ${describeNode(node)}`);
    return undefined;
  }
  const out = node.items.map((item, i) =>
    validateNode(
      walk,
      (item ?? null) as Node | null,
      schema.items,
      `${path}[${i}]`,
      node.range?.[0] ?? offset,
    ),
  );
  if (schema.minItems !== undefined && out.length < schema.minItems) {
    report(
      walk,
      node,
      offset,
      path,
      `expected at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}, got an empty list`,
    );
  }
  return out;
}

interface Entry {
  key: string;
  keyPath: string;
  pair: Pair<Node, Node | null>;
  /** Where a problem with the value points when the value has no position (an empty value). */
  at: number;
}

/** The entries of a mapping with plain keys; an empty value counts as an empty mapping. */
function mappingEntries(walk: Walk, node: Node | null, path: string, offset: number): Entry[] | undefined {
  if (isScalar(node) && (node.value === null || node.value === undefined)) return [];
  if (!isMap(node)) {
    report(walk, node, offset, path, `expected a mapping, got ${describeNode(node)}`);
    return undefined;
  }
  const at = node.range?.[0] ?? offset;
  const entries: Entry[] = [];
  for (const pair of node.items as Pair<Node, Node | null>[]) {
    const k = pair.key;
    if (!isScalar(k) || (typeof k.value !== 'string' && typeof k.value !== 'number')) {
      report(walk, k, at, path, `expected a plain key, got ${describeNode(k)}`);
      continue;
    }
    const key = String(k.value);
    entries.push({ key, keyPath: formatKey(path, key), pair, at: k.range?.[0] ?? at });
  }
  return entries;
}

function validateObject(
  walk: Walk,
  node: Node | null,
  schema: ObjectSchema,
  path: string,
  offset: number,
): unknown {
  const at = node?.range?.[0] ?? offset;
  const entries = mappingEntries(walk, node, path, offset);
  if (entries === undefined) return undefined;
  const out: Record<string, unknown> = {};
  const known = Object.keys(schema.fields);
  for (const { key, keyPath, pair, at: keyAt } of entries) {
    if (key.startsWith(EXTENSION_PREFIX)) continue;
    const field = schema.fields[key];
    if (field === undefined) {
      report(walk, pair.key, keyAt, keyPath, unknownKeyMessage(key, known));
      continue;
    }
    out[key] = validateNode(walk, pair.value ?? null, field.schema, keyPath, keyAt);
  }
  for (const [key, field] of Object.entries(schema.fields)) {
    if (key in out) continue;
    if (field.required) {
      report(walk, node, at, formatKey(path, key), 'required key is missing');
    } else if (field.default !== undefined) {
      out[key] = fillDefault(field);
    }
  }
  return out;
}

function fillDefault(field: FieldSchema): unknown {
  if (Array.isArray(field.default)) return [...(field.default as readonly string[])];
  if (field.schema.kind === 'object') {
    const filled: Record<string, unknown> = {};
    for (const [key, sub] of Object.entries(field.schema.fields)) {
      if (sub.default !== undefined) filled[key] = fillDefault(sub);
    }
    return filled;
  }
  if (field.schema.kind === 'named-map') return [];
  if (field.schema.kind === 'inputs') return {};
  return field.default;
}

function validateNamedMap(
  walk: Walk,
  node: Node | null,
  schema: NamedMapSchema,
  path: string,
  offset: number,
): unknown {
  const at = node?.range?.[0] ?? offset;
  const entries = mappingEntries(walk, node, path, offset);
  if (entries === undefined) return undefined;
  const out: Array<{ name: string } & Record<string, unknown>> = [];
  for (const { key: name, keyPath, pair, at: keyAt } of entries) {
    if (!schema.keyPattern.test(name)) {
      report(walk, pair.key, keyAt, keyPath, `expected ${schema.keyExpected}, got ${JSON.stringify(name)}`);
      continue;
    }
    const value = validateObject(walk, pair.value ?? null, schema.values, keyPath, keyAt);
    if (value !== undefined) out.push({ name, ...(value as Record<string, unknown>) });
  }
  if (schema.minEntries !== undefined && out.length < schema.minEntries && entries.length === 0) {
    report(
      walk,
      node,
      at,
      path,
      `expected at least ${schema.minEntries} entr${schema.minEntries === 1 ? 'y' : 'ies'}`,
    );
  }
  return out;
}

export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const suggestion = closest(key, known);
  if (suggestion !== undefined) return `unknown key; did you mean "${suggestion}"?`;
  return `unknown key; expected one of: ${known.join(', ')}`;
}
