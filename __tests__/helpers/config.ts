import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../src/config/load.js';
import type { BerthConfig } from '../../src/config/schema.js';

export const EXAMPLE_CONFIG_PATH = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'berth.yml',
);

export function exampleConfig(): BerthConfig {
  return parseConfig(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8'), '.github/berth.yml');
}
