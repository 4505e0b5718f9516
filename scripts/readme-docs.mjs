// Renders README's generated blocks: the action's inputs and outputs (from action.yml) and the config
// reference (from src/config/schema.ts, the same schema the loader validates with).
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { parse } from 'yaml';

const cell = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\|/g, '\\|');

export function renderInputs(action) {
  const rows = Object.entries(action.inputs ?? {}).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${spec.default === undefined || spec.default === '' ? '' : `\`${cell(spec.default)}\``} | ${cell(spec.description)} |`,
  );
  return ['| Input | Required | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function renderOutputs(action) {
  const rows = Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n');
}

function typeOf(schema) {
  switch (schema.kind) {
    case 'string':
      return 'string';
    case 'integer':
      return schema.enum ? schema.enum.join(' \\| ') : 'integer';
    case 'list':
      return schema.acceptSingle ? 'string or list of strings' : 'list of strings';
    case 'object':
      return 'mapping';
    case 'named-map':
      return 'mapping of name → mapping';
    case 'inputs':
      return 'mapping of action input → value';
    default:
      return schema.kind;
  }
}

export function renderConfigReference(configSchema) {
  const rows = [];
  const walk = (schema, prefix) => {
    const fields =
      schema.kind === 'object' ? schema.fields : schema.kind === 'named-map' ? schema.values.fields : {};
    for (const [key, field] of Object.entries(fields)) {
      const keyPath = prefix === '' ? key : `${prefix}.${key}`;
      const def = field.required
        ? 'required'
        : field.default === undefined
          ? ''
          : `\`${JSON.stringify(field.default)}\``;
      rows.push(`| \`${keyPath}\` | ${typeOf(field.schema)} | ${def} | ${cell(field.schema.description)} |`);
      if (field.schema.kind === 'named-map') walk(field.schema, `${keyPath}.<name>`);
      else if (field.schema.kind === 'object') walk(field.schema, keyPath);
    }
  };
  walk(configSchema, '');
  return ['| Key | Type | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The schema module is TypeScript with no runtime imports: transpile it and import the result. */
export async function loadConfigSchema(root) {
  const source = await readFile(path.join(root, 'src/config/schema.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-docs-'));
  try {
    const file = path.join(dir, 'schema.mjs');
    await writeFile(file, outputText);
    return (await import(pathToFileURL(file).href)).configSchema;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function replaceBlock(text, name, body) {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1 || to < from) throw new Error(`README.md lacks the ${start} … ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

/** README.md as it should be, given the repository root and README's current text. */
export async function renderReadme(root, readme) {
  const action = parse(await readFile(path.join(root, 'action.yml'), 'utf8'));
  let text = replaceBlock(readme, 'inputs', renderInputs(action));
  text = replaceBlock(text, 'outputs', renderOutputs(action));
  return replaceBlock(text, 'config', renderConfigReference(await loadConfigSchema(root)));
}
