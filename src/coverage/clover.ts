/**
 * Clover XML as istanbul (nyc, c8, jest, vitest), PHPUnit and OpenClover write it. A file's figures are
 * its own `<file><metrics>`: `statements`/`coveredstatements` are the line figure (istanbul writes its
 * LINES metric there, not its statements; PHPUnit its executable lines), `conditionals` the branches,
 * `methods` the functions. Files are keyed by `file@path`, else `file@name`. Files of a `<testproject>`
 * (OpenClover's test sources) are left out.
 *
 * Line data: `<line num count type="stmt|cond|method">`; a `cond` line's `truecount`/`falsecount` are
 * read as istanbul writes them — branch arms taken / not taken. The same `num` may come twice: hits take
 * the larger count, branch arms add up. `method` lines are declarations, not lines.
 */
import { summaryFromLines, type Counter, type CoverageReport, type FileCoverage, LineHits } from './model.js';
import {
  countAttribute,
  counterAttributes,
  readXml,
  textAttribute,
  unexpectedRoot,
  type XmlAttributes,
  type XmlContext,
} from './xml.js';

interface FileInProgress {
  path: string;
  lines: LineHits;
  branches: Map<number, Counter>;
  metrics: FileCoverage['summary'] | undefined;
}

export async function parseClover(
  input: AsyncIterable<string | Buffer>,
  source: string,
): Promise<CoverageReport> {
  const files: FileCoverage[] = [];
  let current: FileInProgress | undefined;
  let inTestProject = false;

  await readXml(input, source, {
    open(name: string, attributes: XmlAttributes, context: XmlContext): void {
      const parent = context.ancestors.at(-1);
      if (parent === undefined) {
        if (name !== 'coverage') throw context.error(unexpectedRoot('Clover XML', 'coverage', name));
        return;
      }
      if (name === 'testproject') {
        inTestProject = true;
      } else if (name === 'file' && !inTestProject) {
        current = {
          path: attributes.get('path') || textAttribute(attributes, 'name', context),
          lines: new LineHits(),
          branches: new Map(),
          metrics: undefined,
        };
      } else if (current !== undefined && parent === 'file') {
        if (name === 'metrics') current.metrics = fileMetrics(attributes, context);
        else if (name === 'line') addLine(current, attributes, context);
      }
    },
    close(name: string): void {
      if (name === 'testproject') {
        inTestProject = false;
      } else if (name === 'file' && current !== undefined) {
        files.push(finishFile(current));
        current = undefined;
      }
    },
  });
  return { format: 'clover-xml', source, files };
}

function fileMetrics(attributes: XmlAttributes, context: XmlContext): FileCoverage['summary'] | undefined {
  const lines = counterAttributes(attributes, 'coveredstatements', 'statements', context);
  if (lines === null) return undefined;
  return {
    lines,
    branches: counterAttributes(attributes, 'coveredconditionals', 'conditionals', context),
    functions: counterAttributes(attributes, 'coveredmethods', 'methods', context),
  };
}

function addLine(file: FileInProgress, attributes: XmlAttributes, context: XmlContext): void {
  const type = attributes.get('type') ?? 'stmt';
  if (type !== 'stmt' && type !== 'cond') return;
  const line = countAttribute(attributes, 'num', context);
  const count = countAttribute(attributes, 'count', context, 0);
  file.lines.set(line, Math.max(file.lines.get(line) ?? 0, count));
  if (type === 'cond') {
    const taken = countAttribute(attributes, 'truecount', context, 0);
    const notTaken = countAttribute(attributes, 'falsecount', context, 0);
    const seen = file.branches.get(line) ?? { covered: 0, total: 0 };
    file.branches.set(line, { covered: seen.covered + taken, total: seen.total + taken + notTaken });
  }
}

function finishFile(file: FileInProgress): FileCoverage {
  const counted = summaryFromLines(file.lines, file.branches.size > 0 ? file.branches : undefined);
  const summary = file.metrics ?? { ...counted, functions: null };
  const branches = summary.branches === null ? undefined : file.branches;
  return { path: file.path, lines: file.lines, ...(branches === undefined ? {} : { branches }), summary };
}
