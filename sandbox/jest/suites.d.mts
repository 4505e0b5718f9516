/** sandbox/jest/suites.mjs: what each test suite needs (its docblock's `@needs`). */
export function partsOf(pragma: string | string[] | undefined, file?: string): string[];
export function needsOf(source: string, file?: string): string[];
export function projectSuites(config: {
  rootDir: string;
  roots?: string[];
  testMatch?: string[];
  testPathIgnorePatterns?: string[];
}): { file: string; needs: string[] }[];
