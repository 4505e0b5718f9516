/**
 * JUnit XML test results as Surefire/Gradle, jest-junit and pytest write them. The root is `<testsuites>`
 * or a single `<testsuite>`; suites may nest (PHPUnit, some mocha reporters). Figures are counted from the
 * `<testcase>` elements, not from the suites' `tests`/`failures` attributes, which tools fill
 * inconsistently (jest-junit leaves `test.todo` tests out of `tests`, pytest counts xfail as skipped,
 * Surefire counts its own way). A testcase's outcome is its first `<failure>`, `<error>` or `<skipped>`
 * child; none: passed. Surefire's `<flakyFailure>`/`<rerunFailure>` are reruns of a test that passed in
 * the end and are not failures.
 *
 * Memory stays bounded: details (message, first trace lines) are kept for the first `maxFailureDetails`
 * failures only; the rest are counted.
 */
import { readXml, type XmlAttributes, type XmlContext } from './xml.js';

export interface TestFailure {
  /** The testcase's class (Surefire, pytest), else the innermost suite's name (jest-junit). */
  suite: string;
  name: string;
  kind: 'failure' | 'error';
  message: string;
  /** The first TRACE_LINES lines of the element's text. */
  trace: string;
}

export interface TestResults {
  tests: number;
  passed: number;
  /** Tests that failed an assertion (`<failure>`). */
  failed: number;
  /** Tests that broke otherwise (`<error>`: an exception, a fixture failing). */
  errors: number;
  skipped: number;
  timeSeconds: number;
  /** Details of the first failures and errors, in document order; `failed + errors` may be more. */
  failures: TestFailure[];
}

export const DEFAULT_MAX_FAILURE_DETAILS = 50;
export const TRACE_LINES = 10;
const MAX_MESSAGE_CHARS = 1000;
const MAX_TRACE_LINE_CHARS = 500;

export interface JunitOptions {
  /** How many failures keep their details; the rest are only counted. */
  maxFailureDetails?: number;
}

export const emptyTestResults = (): TestResults => ({
  tests: 0,
  passed: 0,
  failed: 0,
  errors: 0,
  skipped: 0,
  timeSeconds: 0,
  failures: [],
});

interface CaseInProgress {
  suite: string;
  name: string;
  time: number;
  outcome: 'passed' | 'failure' | 'error' | 'skipped';
  /** The `<failure>`/`<error>` that decided the outcome, while its text is read. */
  deciding: { kind: 'failure' | 'error'; message: string | undefined } | undefined;
}

interface SuiteInProgress {
  name: string;
  /** Its `time` attribute, when valid. */
  time: number | undefined;
  /** The sum of its testcases' times, for a suite without a time of its own. */
  caseTime: number;
}

export async function parseJunit(
  input: AsyncIterable<string | Buffer>,
  source: string,
  options: JunitOptions = {},
): Promise<TestResults> {
  const maxDetails = options.maxFailureDetails ?? DEFAULT_MAX_FAILURE_DETAILS;
  const results = emptyTestResults();
  const suites: SuiteInProgress[] = [];
  let rootTime: number | undefined;
  let outermostTime = 0;
  let current: CaseInProgress | undefined;

  await readXml(input, source, {
    textOf: new Set(['failure', 'error']),
    open(name: string, attributes: XmlAttributes, context: XmlContext): void {
      const parent = context.ancestors.at(-1);
      if (parent === undefined) {
        if (name !== 'testsuites' && name !== 'testsuite') {
          throw context.error(
            `expected JUnit XML test results (root element <testsuites> or <testsuite>), found <${name}>`,
          );
        }
        if (name === 'testsuites') rootTime = seconds(attributes.get('time'));
      }
      if (name === 'testsuite') {
        suites.push({
          name: (attributes.get('name') ?? '').trim(),
          time: seconds(attributes.get('time')),
          caseTime: 0,
        });
      } else if (name === 'testcase') {
        if (current !== undefined) throw context.error('<testcase> inside another <testcase>');
        const testName = (attributes.get('name') ?? '').trim();
        const classname = (attributes.get('classname') ?? '').trim();
        current = {
          suite: classname !== '' && classname !== testName ? classname : (suites.at(-1)?.name ?? ''),
          name: testName,
          time: seconds(attributes.get('time')) ?? 0,
          outcome: 'passed',
          deciding: undefined,
        };
      } else if (parent === 'testcase' && current !== undefined && current.outcome === 'passed') {
        if (name === 'skipped') {
          current.outcome = name;
        } else if (name === 'failure' || name === 'error') {
          current.outcome = name;
          current.deciding = { kind: name, message: attributes.get('message') };
        }
      }
    },
    close(name: string, context: XmlContext, text: string | undefined): void {
      if (current?.deciding?.kind === name && context.ancestors.at(-1) === 'testcase') {
        // Details only while fewer than the cap are kept; the text was buffered by readXml regardless.
        if (results.failures.length < maxDetails) {
          results.failures.push(failureOf(current, current.deciding, text ?? ''));
        }
        current.deciding = undefined;
      } else if (name === 'testcase' && current !== undefined) {
        count(results, current.outcome);
        const suite = suites.at(-1);
        if (suite !== undefined) suite.caseTime += current.time;
        else outermostTime += current.time;
        current = undefined;
      } else if (name === 'testsuite') {
        const suite = suites.pop();
        if (suite === undefined) return;
        const time = suite.time ?? suite.caseTime;
        const parent = suites.at(-1);
        // A nested suite without a time of its own still adds its cases' to its parent's fallback.
        if (parent !== undefined) parent.caseTime += time;
        else outermostTime += time;
      }
    },
  });
  results.timeSeconds = rootTime ?? outermostTime;
  return results;
}

function count(results: TestResults, outcome: CaseInProgress['outcome']): void {
  results.tests += 1;
  if (outcome === 'passed') results.passed += 1;
  else if (outcome === 'failure') results.failed += 1;
  else if (outcome === 'error') results.errors += 1;
  else results.skipped += 1;
}

function failureOf(
  c: CaseInProgress,
  { kind, message: attribute }: { kind: 'failure' | 'error'; message: string | undefined },
  text: string,
): TestFailure {
  const lines = text.replace(/\r\n?/g, '\n').replace(/^\n+/, '').trimEnd().split('\n');
  const trace = lines
    .slice(0, TRACE_LINES)
    .map((line) => clip(line, MAX_TRACE_LINE_CHARS))
    .join('\n');
  // jest-junit writes no message attribute: the trace's first line is the message.
  const message = attribute?.trim() || (lines.find((line) => line.trim() !== '') ?? '');
  return { suite: c.suite, name: c.name, kind, message: clip(message.trim(), MAX_MESSAGE_CHARS), trace };
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A `time` attribute in seconds; undefined when absent or not a non-negative number (tools vary). */
function seconds(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  // Old Surefire versions format with the locale's grouping: "1,234.567".
  const value = Number(raw.trim().replace(/,/g, ''));
  return raw.trim() !== '' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Two result sets as one (several report files); details stay capped at `maxFailureDetails`. */
export function mergeTestResults(
  a: TestResults,
  b: TestResults,
  maxFailureDetails = DEFAULT_MAX_FAILURE_DETAILS,
): TestResults {
  return {
    tests: a.tests + b.tests,
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    errors: a.errors + b.errors,
    skipped: a.skipped + b.skipped,
    timeSeconds: a.timeSeconds + b.timeSeconds,
    failures: [...a.failures, ...b.failures].slice(0, maxFailureDetails),
  };
}
