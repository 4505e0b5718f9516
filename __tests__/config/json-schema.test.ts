/**
 * berth.schema.json (generated from src/config/schema.ts and src/action-spec.ts) accepts what the loader
 * accepts and refuses what it refuses, as an editor's YAML server would check it (ajv, draft-07).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/load.js';
import { ROOT } from '../helpers/run-dist.js';

const schema = JSON.parse(readFileSync(path.join(ROOT, 'berth.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true }).compile(schema);
const loads = (text: string): boolean => {
  try {
    parseConfig(text, 'berth.yml');
    return true;
  } catch {
    return false;
  }
};

const EXAMPLES = [
  '__tests__/fixtures/berth.yml',
  'examples/spring-react/.github/berth.yml',
  'examples/node-service/.github/berth.yml',
  'examples/static-site/.github/berth.yml',
  'examples/monorepo/.github/berth.yml',
];

test.each(EXAMPLES)('%s: valid for the schema and the loader', (file) => {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  expect(loads(text)).toBe(true);
  expect([validate(parse(text)), validate.errors ?? []]).toEqual([true, []]);
});

const base = 'version: 1\ncomponents:\n  api:\n    paths: ["api/**"]\n';
describe.each<[string, string, boolean]>([
  ['a component', base, true],
  [
    'with: inputs of any command',
    `${base}    with: { port: 8080, health-path: /up, min-line: 80, coverage-files: [a, b] }\n`,
    true,
  ],
  [
    'with: booleans and numbers as YAML gives them',
    `${base}    with: { no-cache: true, keep-images: "5", max-drop: 0.5 }\n`,
    true,
  ],
  ['an unknown top-level key', `${base}enviroments: {}\n`, false],
  ['a misspelled input under with', `${base}    with: { helth-path: /up }\n`, false],
  ['a port that is not a number', `${base}    with: { port: http }\n`, false],
  ['a strategy berth does not have', `${base}    with: { strategy: bluegreen }\n`, false],
  ['a health path without its slash', `${base}    with: { health-path: up }\n`, false],
  ['a secret in the config', `${base}    with: { registry-password: hunter2 }\n`, false],
  ['a step-only input', `${base}    with: { environment: prod }\n`, false],
  ['a bad component name', 'version: 1\ncomponents:\n  "-api": { paths: [x] }\n', false],
  ['no version', 'components:\n  api: { paths: [x] }\n', false],
  ['an extension key', `${base}    x-team: payments\n`, true],
])('%s', (_name, text, valid) => {
  test(`the loader says ${valid ? 'valid' : 'invalid'}, and so does the schema`, () => {
    expect(loads(text)).toBe(valid);
    expect(validate(parse(text))).toBe(valid);
  });
});
