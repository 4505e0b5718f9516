/**
 * The workflows and templates as GitHub reads them: parsed by GitHub's own parser
 * (@actions/workflow-parser), their `${{ }}` expressions evaluated by GitHub's own evaluator
 * (@actions/expressions) against contexts a test supplies, and a small model of the run that says which
 * jobs an event starts, following `needs` and calls of this repository's reusable workflows.
 *
 * The parser imports its schema as `import schema from "../workflow-v1.0.min.json"` with no import
 * attribute (actions/languageservices#387): Node 20 and 24 refuse that (ERR_IMPORT_ASSERTION_TYPE_MISSING
 * / ERR_IMPORT_ATTRIBUTE_MISSING), and Jest 30 only warns that it will refuse it in its next major. So the
 * one module that imports the JSON is replaced, before the parser is first imported, by one that reads the
 * same file with readFileSync; everything else is the package's own code. (Outside Jest, a module.register
 * load hook that adds `importAttributes: { type: 'json' }` for that file works on Node 20 and 24.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { jest } from '@jest/globals';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import {
  ContextAccess,
  Expr,
  FunctionCall,
  Grouping,
  IndexAccess,
  Literal,
  Logical,
  Star,
  Unary,
  Binary,
} from '@actions/expressions/ast';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import type {
  Job,
  ReusableWorkflowJob,
  WorkflowJob,
  WorkflowTemplate,
} from '@actions/workflow-parser/model/workflow-template';
import { JSONObjectReader } from '@actions/workflow-parser/templates/json-object-reader';
import { TemplateSchema } from '@actions/workflow-parser/templates/schema/index';
import type { MappingToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import {
  isBasicExpression,
  isBoolean,
  isMapping,
  isNumber,
  isSequence,
  isString,
} from '@actions/workflow-parser/templates/tokens/type-guards';
import picomatch from 'picomatch';
import { ROOT } from './run-dist.js';

/** The repository name of berth's own reusable workflows (`OWNER/berth/.github/workflows/x.yml@v0`). */
export const BERTH_REPOSITORY = 'berth';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
/** A webhook payload (parsed JSON, as the helpers in events.ts build them). */
export type Payload = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------
// Files

/** Every workflow and template under `root`: `.github/workflows/`, `workflow-templates/`, `examples/**\/.github/workflows/`. */
export function workflowFiles(root: string = ROOT): string[] {
  const yaml = (dir: string): string[] =>
    existsSync(path.join(root, dir))
      ? readdirSync(path.join(root, dir))
          .filter((f) => /\.ya?ml$/.test(f))
          .sort()
          .map((f) => `${dir}/${f}`)
      : [];
  const examples = existsSync(path.join(root, 'examples'))
    ? readdirSync(path.join(root, 'examples'), { recursive: true, encoding: 'utf8' })
        .filter((p) => p.split(path.sep).join('/').endsWith('.github/workflows'))
        .sort()
        .flatMap((dir) => yaml(path.join('examples', dir).split(path.sep).join('/')))
    : [];
  return [...yaml('.github/workflows'), ...yaml('workflow-templates'), ...examples];
}

// ---------------------------------------------------------------------------------------------------
// Parsing

type ParserModule = typeof import('@actions/workflow-parser');
let parserModule: Promise<ParserModule> | undefined;

/** GitHub's workflow parser, its schema read from the package's JSON file (see the header). */
function workflowParser(): Promise<ParserModule> {
  parserModule ??= (async () => {
    const dist = path.join(ROOT, 'node_modules/@actions/workflow-parser/dist');
    let schema: TemplateSchema | undefined;
    jest.unstable_mockModule(path.join(dist, 'workflows/workflow-schema.js'), () => ({
      getWorkflowSchema: (): TemplateSchema =>
        (schema ??= TemplateSchema.load(
          new JSONObjectReader(undefined, readFileSync(path.join(dist, 'workflow-v1.0.min.json'), 'utf8')),
        )),
    }));
    return import('@actions/workflow-parser');
  })();
  return parserModule;
}

export interface LoadedWorkflow {
  /** Relative to `root`, with forward slashes: `.github/workflows/berth-deploy.yml`. */
  file: string;
  /** The repository root that `./` and `OWNER/berth/…` references resolve in. */
  root: string;
  source: string;
  /** The whole document as GitHub's token tree (every value knows its line). */
  document: MappingToken;
  /** GitHub's model of it: events, jobs (with `if` made explicit: `success() && (…)`), steps. */
  template: WorkflowTemplate;
  /** The parser's and converter's errors, e.g. `x.yml (Line: 3, Col: 5): Unexpected value 'foo'`. */
  errors: string[];
}

const loaded = new Map<string, Promise<LoadedWorkflow>>();

/** Resolves a reusable workflow reference to a file of `root`, or undefined when it is another repository's. */
export function resolveWorkflowRef(ref: string, root: string = ROOT): string | undefined {
  const m = /^([^/]+)\/([^/]+)\/(.+)@(.+)$/.exec(ref);
  const file = ref.startsWith('./') ? ref.slice(2) : m && m[2] === BERTH_REPOSITORY ? m[3] : undefined;
  return file !== undefined && existsSync(path.join(root, file)) ? file : undefined;
}

/** Parses (once) one workflow file of `root` (default: this repository). */
export function loadWorkflow(file: string, root: string = ROOT): Promise<LoadedWorkflow> {
  const key = path.resolve(root, file);
  let result = loaded.get(key);
  if (!result) {
    result = parseWorkflowSource(readFileSync(key, 'utf8'), file, root);
    loaded.set(key, result);
  }
  return result;
}

/** Parses workflow text as if it were `file` in `root`; reusable workflows it calls are read from `root`. */
export async function parseWorkflowSource(
  source: string,
  file: string,
  root: string = ROOT,
): Promise<LoadedWorkflow> {
  const parser = await workflowParser();
  const parsed = parser.parseWorkflow({ name: file, content: source }, new parser.NoOperationTraceWriter());
  const foreign: string[] = [];
  const provider = {
    getFileContent: (ref: { path: string; owner?: string; repository?: string; version?: string }) => {
      const local =
        ref.repository === undefined || ref.repository === BERTH_REPOSITORY ? ref.path : undefined;
      if (local === undefined || !existsSync(path.join(root, local))) {
        foreign.push(`${ref.owner ?? ''}/${ref.repository ?? ''}/${ref.path}@${ref.version ?? ''}`);
        return Promise.reject(new Error(`not in this repository: ${ref.path}`));
      }
      return Promise.resolve({ name: local, content: readFileSync(path.join(root, local), 'utf8') });
    },
  };
  const document = parsed.value;
  if (document === undefined || !isMapping(document)) {
    return {
      file,
      root,
      source,
      document: undefined as never,
      template: { events: {}, jobs: [], concurrency: undefined as never, env: undefined as never },
      errors: parsed.context.errors.getErrors().map((e) => e.message),
    };
  }
  const template = await parser.convertWorkflowTemplate(parsed.context, document, provider, {
    fetchReusableWorkflowDepth: 1,
  });
  const errors = (template.errors ?? [])
    .map((e) => e.Message)
    // A reusable workflow of another repository is not ours to read; not finding it is no error here.
    .filter((m) => !(foreign.length > 0 && m.includes('Unable to find reusable workflow')));
  return { file, root, source, document, template: { ...template, jobs: template.jobs ?? [] }, errors };
}

// ---------------------------------------------------------------------------------------------------
// Tokens

export function find(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  return token !== undefined && isMapping(token) ? token.find(key) : undefined;
}

export function entries(token: TemplateToken | undefined): [string, TemplateToken][] {
  if (token === undefined || !isMapping(token)) return [];
  const result: [string, TemplateToken][] = [];
  for (const pair of token) result.push([scalarText(pair.key), pair.value]);
  return result;
}

/** A scalar as the YAML says it; an expression as `${{ … }}`. */
export function scalarText(token: TemplateToken | undefined): string {
  if (token === undefined) return '';
  if (isString(token)) return token.value;
  if (isBoolean(token) || isNumber(token)) return String(token.value);
  if (isBasicExpression(token)) return token.source ?? `\${{ ${token.expression} }}`;
  return '';
}

/**
 * A `run:` script as the runner gets it, `${{ }}` left in: a plain string's value, or an expression's
 * source text (a block scalar's source keeps its YAML indentation, removed here).
 */
export function scriptText(token: TemplateToken | undefined): string {
  if (token === undefined) return '';
  if (!isBasicExpression(token) || token.source === undefined || token.blockScalarHeader === undefined)
    return scalarText(token);
  const lines = token.source.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export function lineOf(token: TemplateToken | undefined): number {
  return token?.range?.start.line ?? 0;
}

/** Every expression in a token tree, one per `${{ }}` written (a `format()` GitHub made is split back). */
export function expressionsIn(token: TemplateToken | undefined): { expression: string; line: number }[] {
  const out: { expression: string; line: number }[] = [];
  const walk = (t: TemplateToken | undefined): void => {
    if (t === undefined) return;
    if (isBasicExpression(t)) {
      for (const e of t.originalExpressions ?? [t])
        out.push({ expression: e.expression, line: lineOf(e) || lineOf(t) });
    } else if (isString(t)) {
      // Where the schema allows no expressions (e.g. `uses:`), `${{ }}` stays text: still worth seeing.
      for (const m of t.value.matchAll(/\$\{\{(.*?)\}\}/gs))
        out.push({ expression: (m[1] ?? '').trim(), line: lineOf(t) });
    } else if (isMapping(t)) {
      for (const pair of t) walk(pair.value);
    } else if (isSequence(t)) {
      for (const item of t) walk(item);
    }
  };
  walk(token);
  return out;
}

/** True when any part of the token is an expression. */
export function hasExpression(token: TemplateToken | undefined): boolean {
  return expressionsIn(token).length > 0;
}

/** A token as plain data; expressions evaluated by `evaluateOne`, or kept as `${{ … }}` text. */
export function tokenToJson(
  token: TemplateToken | undefined,
  evaluateOne?: (expression: string) => Json,
): Json {
  if (token === undefined) return null;
  if (isBasicExpression(token)) return evaluateOne ? evaluateOne(token.expression) : scalarText(token);
  if (isString(token)) return token.value;
  if (isBoolean(token) || isNumber(token)) return token.value;
  if (isMapping(token)) {
    const result: JsonObject = {};
    for (const pair of token) result[scalarText(pair.key)] = tokenToJson(pair.value, evaluateOne);
    return result;
  }
  if (isSequence(token)) {
    const result: Json[] = [];
    for (const item of token) result.push(tokenToJson(item, evaluateOne));
    return result;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Expressions

export const CONTEXT_NAMES = [
  'github',
  'inputs',
  'needs',
  'matrix',
  'strategy',
  'vars',
  'secrets',
  'env',
  'steps',
  'runner',
  'job',
  'jobs',
] as const;
export type Contexts = Partial<Record<(typeof CONTEXT_NAMES)[number], Json>>;

/** What the status functions answer for a job: its `needs` (all succeeded, any failed, run cancelled). */
export interface Status {
  success: boolean;
  failure: boolean;
  cancelled: boolean;
}
export const ALL_SUCCEEDED: Status = { success: true, failure: false, cancelled: false };

function statusFunctions(status: Status): Map<string, FunctionDefinition> {
  const fn = (name: string, value: () => data.ExpressionData, maxArgs = 0): [string, FunctionDefinition] => [
    name.toLowerCase(),
    { name, minArgs: 0, maxArgs, call: value },
  ];
  return new Map([
    fn('success', () => new data.BooleanData(status.success)),
    fn('failure', () => new data.BooleanData(status.failure)),
    fn('cancelled', () => new data.BooleanData(status.cancelled)),
    fn('always', () => new data.BooleanData(true)),
    fn('hashFiles', () => new data.StringData(''), 255),
  ]);
}

export function parseExpression(expression: string): Expr {
  const infos = [...statusFunctions(ALL_SUCCEEDED).values()].map(({ name, minArgs, maxArgs }) => ({
    name,
    minArgs,
    maxArgs,
  }));
  return new Parser(new Lexer(expression).lex().tokens, [...CONTEXT_NAMES], infos).parse();
}

/** Evaluates one expression (without `${{ }}`) as GitHub would; missing contexts are null. */
export function evaluate(expression: string, contexts: Contexts, status: Status = ALL_SUCCEEDED): Json {
  const all: JsonObject = {};
  for (const name of CONTEXT_NAMES) all[name] = contexts[name] ?? null;
  const dictionary = JSON.parse(JSON.stringify(all), data.reviver) as data.Dictionary;
  const result = new Evaluator(parseExpression(expression), dictionary, statusFunctions(status)).evaluate();
  return JSON.parse(JSON.stringify(result, data.replacer) ?? 'null') as Json;
}

/** GitHub's truthiness: false, 0, '', null (and NaN) are false. */
export function truthy(value: Json): boolean {
  return !(value === null || value === false || value === 0 || value === '' || Number.isNaN(value));
}

/**
 * The context paths an expression reads (compare them lower-cased: contexts are case-insensitive):
 * `github.event.pull_request.title` →
 * `['github','event','pull_request','title']`; `x[*]` → `*`; a numeric index → `*`; a computed one → `?`.
 */
export function contextPaths(expression: string): string[][] {
  const out: string[][] = [];
  const pathOf = (e: Expr): string[] | undefined => {
    if (e instanceof ContextAccess) return [e.name.lexeme];
    if (e instanceof IndexAccess) {
      const base = pathOf(e.expr);
      if (base === undefined) return undefined;
      if (e.index instanceof Star) return [...base, '*'];
      if (e.index instanceof Literal) {
        const value = e.index.literal;
        return [...base, value.kind === data.Kind.String ? value.coerceString() : '*'];
      }
      return [...base, '?'];
    }
    return undefined;
  };
  const walk = (e: Expr): void => {
    const p = pathOf(e);
    if (p !== undefined) {
      out.push(p);
      // A computed index reads contexts of its own.
      for (let x: Expr = e; x instanceof IndexAccess; x = x.expr)
        if (!(x.index instanceof Literal)) walk(x.index);
      return;
    }
    if (e instanceof FunctionCall) e.args.forEach(walk);
    else if (e instanceof Logical) e.args.forEach(walk);
    else if (e instanceof Binary) [e.left, e.right].forEach(walk);
    else if (e instanceof Unary) walk(e.expr);
    else if (e instanceof Grouping) walk(e.group);
    else if (e instanceof IndexAccess) [e.expr, e.index].forEach(walk);
  };
  walk(parseExpression(expression));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Events and contexts

function get(value: unknown, dotted: string): unknown {
  let at = value;
  for (const key of dotted.split('.')) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

const PULL_REQUEST_EVENTS = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
]);

/** The `github` context of a run for this event, as the runner fills it. */
export function githubContext(eventName: string, payload: Payload): JsonObject {
  const repository = str(get(payload, 'repository.full_name'), 'Codertocat/Hello-World');
  const defaultBranch = str(get(payload, 'repository.default_branch'), 'main');
  const number = get(payload, 'pull_request.number');
  let ref = `refs/heads/${defaultBranch}`;
  let sha = 'ffac537e6cbbf934b08745a378932722df287a53';
  let headRef = '';
  let baseRef = '';
  if (eventName === 'push' || eventName === 'workflow_dispatch' || eventName === 'create') {
    ref = str(payload.ref, ref);
    sha = str(payload.after, sha);
  } else if (PULL_REQUEST_EVENTS.has(eventName)) {
    headRef = str(get(payload, 'pull_request.head.ref'));
    baseRef = str(get(payload, 'pull_request.base.ref'));
    if (eventName === 'pull_request_target') {
      ref = `refs/heads/${baseRef}`;
      sha = str(get(payload, 'pull_request.base.sha'), sha);
    } else {
      ref = `refs/pull/${String(number)}/merge`;
      sha = str(get(payload, 'pull_request.merge_commit_sha'), sha);
    }
  }
  const refName = ref.replace(/^refs\/(heads|tags)\//, '');
  return {
    event_name: eventName,
    event: payload as JsonObject,
    ref,
    ref_name: refName,
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    sha,
    head_ref: headRef,
    base_ref: baseRef,
    repository,
    repository_owner: repository.split('/')[0] ?? '',
    actor: str(get(payload, 'sender.login'), 'Codertocat'),
    triggering_actor: str(get(payload, 'sender.login'), 'Codertocat'),
    server_url: 'https://github.com',
    api_url: 'https://api.github.com',
    workflow: 'workflow',
    run_id: '1',
    run_number: '1',
    run_attempt: '1',
    token: '***',
  };
}

/** Activity types a workflow gets when its trigger names none (GitHub's defaults). */
const DEFAULT_TYPES: Record<string, string[]> = {
  pull_request: ['opened', 'synchronize', 'reopened'],
  pull_request_target: ['opened', 'synchronize', 'reopened'],
};

function matchesFilter(value: string, include: string[] | undefined, ignore: string[] | undefined): boolean {
  const test = (pattern: string): boolean => picomatch(pattern, { dot: true })(value);
  if (include !== undefined) {
    let matched = false;
    for (const p of include) matched = p.startsWith('!') ? matched && !test(p.slice(1)) : matched || test(p);
    return matched;
  }
  if (ignore !== undefined) return !ignore.some(test);
  return true;
}

function changedFilesOf(eventName: string, payload: Payload): string[] | undefined {
  if (eventName !== 'push' || !Array.isArray(payload.commits)) return undefined;
  const files = new Set<string>();
  let known = false;
  for (const commit of payload.commits) {
    for (const key of ['added', 'removed', 'modified']) {
      const list = get(commit, key);
      if (Array.isArray(list)) {
        known = true;
        for (const f of list) if (typeof f === 'string') files.add(f);
      }
    }
  }
  return known ? [...files] : undefined;
}

/**
 * Whether the event starts the workflow. `filters: 'types'` applies only what GitHub enforces whatever an
 * outsider does (the event and its activity types); `'all'` also branches, tags and paths.
 */
export function triggers(
  wf: LoadedWorkflow,
  eventName: string,
  payload: Payload,
  filters: 'all' | 'types' = 'all',
  changedFiles?: string[],
): boolean {
  const config = wf.template.events[eventName] as
    | {
        types?: string[];
        branches?: string[];
        'branches-ignore'?: string[];
        tags?: string[];
        'tags-ignore'?: string[];
        paths?: string[];
        'paths-ignore'?: string[];
      }
    | undefined;
  if (config === undefined) return false;
  const types = config.types ?? DEFAULT_TYPES[eventName];
  if (types !== undefined && typeof payload.action === 'string' && !types.includes(payload.action))
    return false;
  if (filters === 'types') return true;
  if (eventName === 'push') {
    const ref = str(payload.ref);
    if (ref.startsWith('refs/tags/')) {
      if (
        config.tags === undefined &&
        config['tags-ignore'] === undefined &&
        (config.branches || config['branches-ignore'])
      )
        return false;
      if (!matchesFilter(ref.slice(10), config.tags, config['tags-ignore'])) return false;
    } else {
      if (
        config.branches === undefined &&
        config['branches-ignore'] === undefined &&
        (config.tags || config['tags-ignore'])
      )
        return false;
      if (!matchesFilter(ref.replace(/^refs\/heads\//, ''), config.branches, config['branches-ignore']))
        return false;
    }
  } else if (PULL_REQUEST_EVENTS.has(eventName) && eventName.startsWith('pull_request')) {
    if (
      !matchesFilter(str(get(payload, 'pull_request.base.ref')), config.branches, config['branches-ignore'])
    )
      return false;
  }
  const files = changedFiles ?? changedFilesOf(eventName, payload);
  if (files !== undefined && (config.paths !== undefined || config['paths-ignore'] !== undefined)) {
    if (!files.some((f) => matchesFilter(f, config.paths, undefined))) {
      if (config.paths !== undefined) return false;
    }
    if (
      config['paths-ignore'] !== undefined &&
      files.every((f) => !matchesFilter(f, undefined, config['paths-ignore']))
    )
      return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Reusable workflow interfaces (`on.workflow_call`), read from the tokens: the converter drops `number`.

export interface WorkflowCallInterface {
  inputs: Record<string, { type: string; required: boolean; default?: Json; line: number }>;
  secrets: Record<string, { required: boolean }>;
  outputs: Record<string, TemplateToken | undefined>;
}

export function workflowCallInterface(wf: LoadedWorkflow): WorkflowCallInterface | undefined {
  const on = find(wf.document, 'on');
  const called =
    (on !== undefined && isString(on) && on.value === 'workflow_call') ||
    (on !== undefined && isSequence(on) && [...on].some((t) => isString(t) && t.value === 'workflow_call'));
  const call = find(on, 'workflow_call');
  if (!called && call === undefined) return undefined;
  const result: WorkflowCallInterface = { inputs: {}, secrets: {}, outputs: {} };
  for (const [name, spec] of entries(find(call, 'inputs'))) {
    const def = find(spec, 'default');
    result.inputs[name] = {
      type: scalarText(find(spec, 'type')) || 'string',
      required: tokenToJson(find(spec, 'required')) === true,
      ...(def !== undefined ? { default: tokenToJson(def) } : {}),
      line: lineOf(spec),
    };
  }
  for (const [name, spec] of entries(find(call, 'secrets')))
    result.secrets[name] = { required: tokenToJson(find(spec, 'required')) === true };
  for (const [name, spec] of entries(find(call, 'outputs'))) result.outputs[name] = find(spec, 'value');
  return result;
}

/** The only triggers are `workflow_call`: callers decide when it runs. */
export function isReusableOnly(wf: LoadedWorkflow): boolean {
  const events = Object.keys(wf.template.events);
  return events.length > 0 && events.every((e) => e === 'workflow_call');
}

// ---------------------------------------------------------------------------------------------------
// Runs

export type JobResult = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface JobInstance {
  /** `deploy`, or `<caller job>/<job>` inside a called reusable workflow. */
  job: string;
  /** The file that defines the job. */
  file: string;
  matrix?: JsonObject;
  /** Runner labels, evaluated (`fromJSON(matrix.runner)` with the matrix given). */
  runsOn?: string[];
  /** True when `runs-on` is written as an expression (its labels come from data). */
  runsOnIsExpression: boolean;
  /** The environment name, evaluated; undefined when the job has none. */
  environment?: string;
  /** The environment's `url`, evaluated; undefined when the job gives none. */
  environmentUrl?: string;
  /** The job declares `environment:` (whatever it evaluates to). */
  hasEnvironment: boolean;
  /** The `inputs` context the job sees (a called workflow's inputs, from its caller's `with:`). */
  inputs: JsonObject;
  /** The `needs` context the job sees: each needed job's result and outputs (`toJSON(needs)`). */
  needs: JsonObject;
}

export interface RunOptions {
  eventName: string;
  payload: Payload;
  /** `workflow_dispatch` inputs; default: the payload's `inputs`, typed by the workflow's definitions. */
  inputs?: JsonObject;
  /** Outputs of jobs that ran, by job id (`plan`) or path (`deploy/plan`). */
  needsOutputs?: Record<string, Record<string, string>>;
  /** The value of a declared output no `needsOutputs` entry gives (GitHub: ''). */
  defaultOutput?: string;
  /** The result a job that runs ends with, by id or path; else `defaultResult` (default: success). */
  results?: Record<string, JobResult>;
  defaultResult?: JobResult;
  vars?: Record<string, string>;
  /** Which trigger filters apply (see `triggers`). Default 'all'. */
  filters?: 'all' | 'types';
  /** The files a pull request changes, for `paths` filters (push payloads list their own). */
  changedFiles?: string[];
}

export interface WorkflowRun {
  triggered: boolean;
  /** Every job (and, as `caller/job`, every job of a called workflow) with its result. */
  jobs: Record<string, JobResult>;
  /** One per job that runs and per matrix combination. */
  instances: JobInstance[];
  /** Expressions GitHub could not evaluate here (an empty matrix, fromJSON of nothing, …). */
  errors: string[];
}

/** Expands `strategy.matrix` (evaluated) into combinations, as GitHub does. */
export function expandMatrix(matrix: Json): JsonObject[] {
  if (matrix === null || typeof matrix !== 'object' || Array.isArray(matrix))
    throw new Error(`the matrix is not a mapping: ${JSON.stringify(matrix)}`);
  const axes = Object.entries(matrix).filter(([k]) => k !== 'include' && k !== 'exclude');
  let combos: JsonObject[] = axes.length > 0 ? [{}] : [];
  for (const [key, values] of axes) {
    if (!Array.isArray(values)) throw new Error(`matrix.${key} is not a list: ${JSON.stringify(values)}`);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  const matches = (combo: JsonObject, partial: Json): boolean =>
    typeof partial === 'object' && partial !== null && !Array.isArray(partial)
      ? Object.entries(partial).every(([k, v]) => JSON.stringify(combo[k]) === JSON.stringify(v))
      : false;
  const exclude = Array.isArray(matrix.exclude) ? matrix.exclude : [];
  combos = combos.filter((c) => !exclude.some((x) => matches(c, x)));
  const original = combos.map((c) => ({ ...c }));
  const axisNames = new Set(axes.map(([k]) => k));
  for (const include of Array.isArray(matrix.include) ? matrix.include : []) {
    if (typeof include !== 'object' || include === null || Array.isArray(include))
      throw new Error(`a matrix include is not a mapping: ${JSON.stringify(include)}`);
    let added = false;
    // An include extends the original combinations whose axis values it keeps; otherwise it is a new one.
    combos.slice(0, original.length).forEach((c, i) => {
      const base = original[i] as JsonObject;
      const overwritesOriginal = Object.entries(include).some(
        ([k, v]) => axisNames.has(k) && k in base && JSON.stringify(base[k]) !== JSON.stringify(v),
      );
      if (!overwritesOriginal) {
        Object.assign(c, include);
        added = true;
      }
    });
    if (!added) combos.push({ ...include });
  }
  if (combos.length === 0) throw new Error('the matrix has no combinations');
  return combos;
}

function labelsOf(value: Json): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(labelsOf);
  if (value !== null && typeof value === 'object') {
    const group = typeof value.group === 'string' ? [`group:${value.group}`] : [];
    return [...group, ...labelsOf(value.labels ?? null)];
  }
  return [];
}

/** The typed `inputs` of a workflow_dispatch run: the payload's strings, typed and defaulted by the definitions. */
function dispatchInputs(wf: LoadedWorkflow, payload: Payload): JsonObject {
  const given = (payload.inputs ?? {}) as JsonObject;
  const result: JsonObject = {};
  for (const [name, spec] of entries(find(find(find(wf.document, 'on'), 'workflow_dispatch'), 'inputs'))) {
    const type = scalarText(find(spec, 'type')) || 'string';
    const raw = given[name] ?? tokenToJson(find(spec, 'default')) ?? (type === 'boolean' ? false : '');
    result[name] = coerceInput(type, raw);
  }
  for (const [name, value] of Object.entries(given)) if (!(name in result)) result[name] = value;
  return result;
}

function coerceInput(type: string, value: Json): Json {
  if (type === 'boolean') return value === true || value === 'true';
  if (type === 'number') return typeof value === 'number' ? value : Number(value);
  return value === null ? '' : typeof value === 'string' ? value : String(value);
}

interface Scope {
  wf: LoadedWorkflow;
  prefix: string;
  github: JsonObject;
  inputs: JsonObject;
  options: RunOptions;
  run: WorkflowRun;
}

/**
 * Which jobs of a workflow an event runs, with their matrix, runner labels and environment: jobs in
 * `needs` order; `if` evaluated with the status functions over the needed jobs' results (a job whose
 * needed job was skipped is skipped unless its `if` says always() or !cancelled()); a job that calls one of
 * this repository's reusable workflows is followed into it, with `inputs` from its `with:`.
 */
export async function jobsThatRun(
  workflow: string | LoadedWorkflow,
  options: RunOptions,
): Promise<WorkflowRun> {
  const wf = typeof workflow === 'string' ? await loadWorkflow(workflow) : workflow;
  const run: WorkflowRun = { triggered: false, jobs: {}, instances: [], errors: [] };
  if (!triggers(wf, options.eventName, options.payload, options.filters ?? 'all', options.changedFiles))
    return run;
  run.triggered = true;
  const inputs =
    options.inputs ?? (options.eventName === 'workflow_dispatch' ? dispatchInputs(wf, options.payload) : {});
  await runJobs({
    wf,
    prefix: '',
    github: githubContext(options.eventName, options.payload),
    inputs,
    options,
    run,
  });
  return run;
}

/** Runs the jobs of one workflow; returns each job's result and outputs (for `jobs.<id>` of workflow_call outputs). */
async function runJobs(
  scope: Scope,
): Promise<Record<string, { result: JobResult; outputs: Record<string, string> }>> {
  const { wf, prefix, options, run } = scope;
  const done: Record<string, { result: JobResult; outputs: Record<string, string> }> = {};
  const pending = [...wf.template.jobs];
  while (pending.length > 0) {
    const index = pending.findIndex((j) => (j.needs ?? []).every((n) => n.value in done));
    if (index < 0) {
      run.errors.push(
        `${wf.file}: jobs ${pending.map((j) => j.id.value).join(', ')} need jobs that never finish`,
      );
      break;
    }
    const job = pending.splice(index, 1)[0] as WorkflowJob;
    const id = job.id.value;
    const pathId = prefix + id;
    const needs: JsonObject = {};
    for (const n of job.needs ?? []) {
      const d = done[n.value] as { result: JobResult; outputs: Record<string, string> };
      needs[n.value] = { result: d.result, outputs: d.outputs };
    }
    const results = (job.needs ?? []).map((n) => done[n.value]?.result);
    const status: Status = {
      success: results.every((r) => r === 'success'),
      failure: results.some((r) => r === 'failure'),
      cancelled: results.some((r) => r === 'cancelled'),
    };
    const contexts: Contexts = {
      github: scope.github,
      inputs: scope.inputs,
      needs,
      vars: options.vars ?? {},
    };
    let runs: boolean;
    try {
      runs = truthy(evaluate(job.if.expression, contexts, status));
    } catch (error) {
      run.errors.push(`${wf.file}: jobs.${id}.if: ${error instanceof Error ? error.message : String(error)}`);
      runs = false;
    }
    if (!runs) {
      run.jobs[pathId] = 'skipped';
      done[id] = { result: 'skipped', outputs: {} };
      continue;
    }
    const result = options.results?.[pathId] ?? options.results?.[id] ?? options.defaultResult ?? 'success';
    const given = options.needsOutputs?.[pathId] ?? options.needsOutputs?.[id] ?? {};
    const outputs: Record<string, string> = {};
    const combos = matrixCombinations(job, contexts, `${wf.file}: jobs.${id}`, run);
    if (job.type === 'reusableWorkflowJob') {
      const calleeOutputs = await runCalled(scope, job, contexts, combos, pathId);
      for (const [name, value] of Object.entries(calleeOutputs)) outputs[name] = given[name] ?? value;
    } else {
      for (const matrix of combos) run.instances.push(instanceOf(scope, job, pathId, contexts, matrix));
      for (const [name] of entries(job.outputs)) outputs[name] = given[name] ?? options.defaultOutput ?? '';
    }
    for (const [name, value] of Object.entries(given)) outputs[name] ??= value;
    run.jobs[pathId] = result;
    done[id] = { result, outputs };
  }
  return done;
}

function matrixCombinations(
  job: WorkflowJob,
  contexts: Contexts,
  where: string,
  run: WorkflowRun,
): (JsonObject | undefined)[] {
  const matrixToken = find(job.strategy, 'matrix');
  if (matrixToken === undefined) return [undefined];
  try {
    return expandMatrix(tokenToJson(matrixToken, (e) => evaluate(e, contexts)));
  } catch (error) {
    run.errors.push(`${where}.strategy.matrix: ${error instanceof Error ? error.message : String(error)}`);
    return [undefined];
  }
}

function instanceOf(
  scope: Scope,
  job: Job,
  pathId: string,
  contexts: Contexts,
  matrix: JsonObject | undefined,
): JobInstance {
  const where = `${scope.wf.file}: jobs.${job.id.value}`;
  const withMatrix: Contexts = {
    ...contexts,
    matrix: matrix ?? null,
    strategy: { 'fail-fast': true, 'job-index': 0, 'job-total': 1, 'max-parallel': 1 },
  };
  const evaluateOr = (token: TemplateToken | undefined, what: string): Json | undefined => {
    if (token === undefined) return undefined;
    if (matrix === undefined && find(job.strategy, 'matrix') !== undefined && hasExpression(token))
      return undefined;
    try {
      return tokenToJson(token, (e) => evaluate(e, withMatrix));
    } catch (error) {
      scope.run.errors.push(`${where}.${what}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const runsOn = evaluateOr(job['runs-on'], 'runs-on');
  const environmentToken =
    job.environment !== undefined && isMapping(job.environment)
      ? find(job.environment, 'name')
      : job.environment;
  const environment = evaluateOr(environmentToken, 'environment');
  const environmentUrl =
    job.environment !== undefined && isMapping(job.environment)
      ? evaluateOr(find(job.environment, 'url'), 'environment.url')
      : undefined;
  const instance: JobInstance = {
    job: pathId,
    file: scope.wf.file,
    runsOnIsExpression: hasExpression(job['runs-on']),
    hasEnvironment: job.environment !== undefined,
    inputs: scope.inputs,
    needs: (contexts.needs ?? {}) as JsonObject,
  };
  if (matrix !== undefined) instance.matrix = matrix;
  if (runsOn !== undefined) instance.runsOn = labelsOf(runsOn);
  if (environment !== undefined && environment !== null) instance.environment = String(environment);
  if (environmentUrl !== undefined && environmentUrl !== null)
    instance.environmentUrl = String(environmentUrl);
  return instance;
}

/** Follows a job into the reusable workflow it calls; returns the workflow_call outputs. */
async function runCalled(
  scope: Scope,
  job: ReusableWorkflowJob,
  contexts: Contexts,
  combos: (JsonObject | undefined)[],
  pathId: string,
): Promise<Record<string, string>> {
  const ref = job.ref.value;
  const file = resolveWorkflowRef(ref, scope.wf.root);
  if (file === undefined) {
    scope.run.errors.push(
      `${scope.wf.file}: jobs.${job.id.value} calls ${ref}, which is not in this repository`,
    );
    return {};
  }
  const callee = await loadWorkflow(file, scope.wf.root);
  const iface = workflowCallInterface(callee) ?? { inputs: {}, secrets: {}, outputs: {} };
  const outputs: Record<string, string> = {};
  for (const matrix of combos) {
    const withMatrix: Contexts = { ...contexts, matrix: matrix ?? null };
    const given = tokenToJson(job['input-values'], (e) => evaluate(e, withMatrix));
    const inputs: JsonObject = {};
    for (const [name, spec] of Object.entries(iface.inputs)) {
      const value =
        given !== null && typeof given === 'object' && !Array.isArray(given) ? given[name] : undefined;
      const raw = value ?? (spec.default === undefined ? null : tokenDefault(spec.default, withMatrix));
      inputs[name] =
        raw === null
          ? spec.type === 'boolean'
            ? false
            : spec.type === 'number'
              ? 0
              : ''
          : coerceInput(spec.type, raw);
    }
    const done = await runJobs({ ...scope, wf: callee, prefix: `${pathId}/`, inputs });
    const jobsContext: JsonObject = {};
    for (const [id, d] of Object.entries(done)) jobsContext[id] = { result: d.result, outputs: d.outputs };
    for (const [name, token] of Object.entries(iface.outputs)) {
      try {
        outputs[name] = String(
          tokenToJson(token, (e) => evaluate(e, { ...withMatrix, jobs: jobsContext, inputs })) ?? '',
        );
      } catch (error) {
        scope.run.errors.push(
          `${callee.file}: outputs.${name}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
  return outputs;
}

/** An input default may itself be an expression (`${{ github.ref_name }}`). */
function tokenDefault(value: Json, contexts: Contexts): Json {
  if (typeof value === 'string') {
    const m = /^\$\{\{(.*)\}\}$/s.exec(value.trim());
    if (m) return evaluate((m[1] ?? '').trim(), contexts);
  }
  return value;
}

/** Jobs of a run by path, as `[job, environment, runner labels]` rows: the shape wiring tests assert. */
export function runRows(run: WorkflowRun): [string, string | null, string[] | null][] {
  return run.instances.map((i) => [i.job, i.environment ?? null, i.runsOn ?? null]);
}
