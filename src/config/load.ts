import { readFile, stat } from 'node:fs/promises';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigurationError, errnoCode } from '../errors.js';
import { configSchema, type BerthConfig } from './schema.js';
import { validateDocument, type Problem } from './validate.js';

/** A config is a page of YAML; anything near this size is a mistake (a wrong path, a generated file). */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads and validates the berth config. `displayPath` is how the file is named in errors (the `config`
 * input as the user wrote it), so messages read `.github/berth.yml:7:5: …`.
 */
export async function loadConfig(filePath: string, displayPath: string = filePath): Promise<BerthConfig> {
  let size: number;
  try {
    size = (await stat(filePath)).size;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ConfigurationError(
        `config: ${displayPath} does not exist. Create it (see "The config file" in berth's README) or set the \`config\` input to the path of your berth config.`,
      );
    }
    throw error;
  }
  if (size > MAX_CONFIG_BYTES) {
    throw new ConfigurationError(
      `config: ${displayPath} is ${size} bytes; expected a YAML file under ${MAX_CONFIG_BYTES} bytes`,
    );
  }
  return parseConfig(await readFile(filePath, 'utf8'), displayPath);
}

/** Parses config text; throws one ConfigurationError listing every problem as `file:line:col: key: message`. */
export function parseConfig(text: string, displayPath: string): BerthConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: false });
  if (doc.errors.length > 0) {
    const locations = doc.errors.map((e) => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      return { file: displayPath, line, col, message: `YAML: ${e.message}` };
    });
    throw new ConfigurationError(
      locations.map((l) => `${displayPath}:${l.line}:${l.col}: ${l.message}`).join('\n'),
      { key: 'config', kind: 'invalid', locations },
    );
  }
  if (doc.contents === null) {
    throw new ConfigurationError(
      `${displayPath}:1:1: (top level): the file is empty; expected a mapping starting with "version: 1"`,
    );
  }
  const { value, problems } = validateDocument(doc, lineCounter, configSchema);
  if (problems.length > 0) {
    throw new ConfigurationError(formatProblems(displayPath, problems), {
      key: problems.map((p) => p.path),
      kind: 'invalid',
      locations: problems.map((p) => ({
        file: displayPath,
        line: p.line,
        col: p.col,
        message: `${p.path}: ${p.message}`,
      })),
    });
  }
  const config = value as BerthConfig;
  const unknown = unknownEnvironmentProblems(doc, lineCounter, config);
  if (unknown.length > 0) {
    throw new ConfigurationError(formatProblems(displayPath, unknown), {
      key: unknown.map((p) => p.path),
      kind: 'invalid',
      locations: unknown.map((p) => ({
        file: displayPath,
        line: p.line,
        col: p.col,
        message: `${p.path}: ${p.message}`,
      })),
    });
  }
  return config;
}

/** A component's `environments.<name>` must name an environment of the config (a typo would be ignored). */
function unknownEnvironmentProblems(doc: Document, lineCounter: LineCounter, config: BerthConfig): Problem[] {
  const names = config.environments.map((e) => e.name);
  const problems: Problem[] = [];
  for (const component of config.components) {
    for (const { name } of component.environments ?? []) {
      if (names.includes(name)) continue;
      const map = doc.getIn(['components', component.name, 'environments'], true);
      const pair = isMap(map)
        ? map.items.find((p) => isScalar(p.key) && String(p.key.value) === name)
        : undefined;
      const at = isScalar(pair?.key) ? (pair.key.range?.[0] ?? 0) : 0;
      const { line, col } = lineCounter.linePos(at);
      problems.push({
        line,
        col,
        path: `components.${component.name}.environments.${name}`,
        message: `${JSON.stringify(name)} is not an environment of this config; expected one of: ${names.length === 0 ? '(none configured)' : names.join(', ')}`,
      });
    }
  }
  return problems;
}

export function formatProblems(displayPath: string, problems: readonly Problem[]): string {
  return problems.map((p) => `${displayPath}:${p.line}:${p.col}: ${p.path}: ${p.message}`).join('\n');
}
