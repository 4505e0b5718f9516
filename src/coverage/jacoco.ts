/**
 * JaCoCo XML (`jacoco.xml`, `jacocoTestReport.xml`). One file per `<sourcefile>`, keyed
 * `package@name/sourcefile@name` (`demo/calc/Main.java`). The summary is the `<sourcefile>`'s own LINE,
 * BRANCH and METHOD counters, which count a line shared by two classes (an anonymous class declared on
 * one line) once — as JaCoCo's package and report totals do, unlike its `<class>` counters and CSV rows.
 * Counters come after a node's children, so a file is complete only at `</sourcefile>`.
 */
import { type Counter, type CoverageReport, type FileCoverage } from './model.js';
import { CoverageBuilder } from './packed.js';
import {
  countAttribute,
  lineAttribute,
  readXml,
  textAttribute,
  unexpectedRoot,
  type XmlAttributes,
  type XmlContext,
} from './xml.js';

interface SourceFileInProgress {
  path: string;
  /** The report's one builder: its lines and branches are this file's until `</sourcefile>`. */
  data: CoverageBuilder;
  counters: Map<string, Counter>;
}

export async function parseJacoco(
  input: AsyncIterable<string | Buffer>,
  source: string,
): Promise<CoverageReport> {
  const files: FileCoverage[] = [];
  let packageName = '';
  let current: SourceFileInProgress | undefined;
  const data = new CoverageBuilder();

  await readXml(input, source, {
    open(name: string, attributes: XmlAttributes, context: XmlContext): void {
      const parent = context.ancestors.at(-1);
      // Most elements are <line>s: checked first.
      if (name === 'line' && current !== undefined && parent === 'sourcefile') {
        addLine(current, attributes, context);
        return;
      }
      if (parent === undefined) {
        if (name !== 'report') throw context.error(unexpectedRoot('JaCoCo XML', 'report', name));
        return;
      }
      if (name === 'package') {
        packageName = attributes.get('name') ?? '';
      } else if (name === 'sourcefile' && parent === 'package') {
        const file = textAttribute(attributes, 'name', context);
        current = {
          path: packageName === '' ? file : `${packageName}/${file}`,
          data,
          counters: new Map(),
        };
      } else if (current !== undefined && parent === 'sourcefile') {
        if (name === 'line') addLine(current, attributes, context);
        else if (name === 'counter') {
          const type = textAttribute(attributes, 'type', context);
          const missed = countAttribute(attributes, 'missed', context);
          const covered = countAttribute(attributes, 'covered', context);
          current.counters.set(type, { covered, total: covered + missed });
        }
      }
    },
    close(name: string): void {
      if (name === 'sourcefile' && current !== undefined) {
        files.push(finishSourceFile(current));
        current = undefined;
      } else if (name === 'package') {
        packageName = '';
      }
    },
  });
  return { format: 'jacoco-xml', source, files };
}

/**
 * `<line nr mi ci mb cb/>`: mi/ci are missed/covered instruction counts, so a line is covered when any
 * of its instructions ran (ci > 0). JaCoCo records no execution counts; 1 stands for "ran".
 */
function addLine(file: SourceFileInProgress, attributes: XmlAttributes, context: XmlContext): void {
  const line = lineAttribute(attributes, 'nr', context);
  const coveredInstructions = countAttribute(attributes, 'ci', context, 0);
  file.data.line(line, coveredInstructions);
  const missedBranches = countAttribute(attributes, 'mb', context, 0);
  const coveredBranches = countAttribute(attributes, 'cb', context, 0);
  if (missedBranches + coveredBranches > 0) {
    // A line named twice (never by JaCoCo itself) keeps its last outcomes, as a map would.
    file.data.setBranches(line, coveredBranches, missedBranches + coveredBranches);
  }
}

function finishSourceFile(file: SourceFileInProgress): FileCoverage {
  // JaCoCo leaves out a counter whose total is 0 (no BRANCH counter on branch-free code).
  const lines = file.data.takeLines();
  const branches = file.data.takeBranches();
  return file.data.file(file.path, lines, branches, {
    lines: file.counters.get('LINE') ?? { covered: lines.covered, total: lines.size },
    branches:
      file.counters.get('BRANCH') ??
      (branches === undefined ? { covered: 0, total: 0 } : { ...branches.totals }),
    functions: file.counters.get('METHOD') ?? { covered: 0, total: 0 },
  });
}
