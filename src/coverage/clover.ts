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
import { type CoverageReport, type FileCoverage } from './model.js';
import { CoverageBuilder } from './packed.js';
import {
  countAttribute,
  counterAttributes,
  lineAttribute,
  readXml,
  textAttribute,
  unexpectedRoot,
  type XmlAttributes,
  type XmlContext,
} from './xml.js';

interface FileInProgress {
  path: string;
  /** The report's one builder, this file's until `</file>`. */
  data: CoverageBuilder;
  metrics: FileCoverage['summary'] | undefined;
}

export async function parseClover(
  input: AsyncIterable<string | Buffer>,
  source: string,
): Promise<CoverageReport> {
  const files: FileCoverage[] = [];
  let current: FileInProgress | undefined;
  let inTestProject = false;
  const data = new CoverageBuilder();

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
          data,
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
  const line = lineAttribute(attributes, 'num', context);
  const count = countAttribute(attributes, 'count', context, 0);
  file.data.line(line, count);
  if (type === 'cond') {
    const taken = countAttribute(attributes, 'truecount', context, 0);
    const notTaken = countAttribute(attributes, 'falsecount', context, 0);
    file.data.addBranches(line, taken, taken + notTaken);
  }
}

function finishFile(file: FileInProgress): FileCoverage {
  const lines = file.data.takeLines();
  const packed = file.data.takeBranches();
  const summary = file.metrics ?? {
    lines: { covered: lines.covered, total: lines.size },
    branches: packed === undefined ? null : { ...packed.totals },
    functions: null,
  };
  // Branch data that the file's metrics count (a file with conditionals stated, even 0 of them).
  const branches = summary.branches === null ? undefined : packed;
  return file.data.file(file.path, lines, branches, summary);
}
