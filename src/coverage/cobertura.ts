/**
 * Cobertura XML as coverage.py, gcovr and istanbul (nyc, c8, jest, vitest) write it. Per file Cobertura
 * states only rates (rounded or float-noisy), so a file's figures are counted from its class-level
 * `<line>`s; each producer writes exactly one `<line>` per line its own figures count, so the sums are the
 * tool's (`lines-valid`/`branches-valid` at the root). Files are keyed by `class@filename`, relative to a
 * `<sources><source>` root (kept in `sourceRoots`).
 *
 * Producer differences handled here:
 * - several `<class>` elements may name one file (Java inner classes, C# partial classes): their lines
 *   are merged line by line — hits add up; branches of the same line add up across different classes
 *   (different code on one line) and take the larger count when one class is repeated (a merged run);
 * - branch data: coverage.py without `--branch` still writes `branches-valid="0" branch-rate="0"`, which
 *   means "not measured", so branches are null unless the root states branches (a count above 0, or a
 *   rate other than 0 — coverage.py writes "1" for a measured 0 of 0) or any `<line>` carries a `branch`
 *   attribute (gcovr and istanbul write `branch="false"` on every plain line);
 * - istanbul writes a branch only on a line where a statement starts, so a branch elsewhere (a default
 *   parameter on a function's declaration line) is missing from the line data although its file's
 *   `branch-rate` and the root's `branches-valid` count it. When the line data falls short of the root's
 *   counts, each file whose line data disagrees with its stated `branch-rate` gets the fewest extra
 *   branches that make the rate agree; the result is used only when it adds up to the root's counts
 *   exactly (otherwise the line data's figures stand);
 * - functions: istanbul fills `<methods>` (`<method hits>`), coverage.py and gcovr leave it empty; they
 *   are counted when the report has any `<method>`, else null. Without `hits` (Cobertura itself,
 *   coverlet) a method is covered when any of its lines ran.
 */
import { type Counter, type CoverageReport, type FileCoverage } from './model.js';
import { CoverageBuilder, type PackedBranches, type PackedLines } from './packed.js';
import {
  countAttribute,
  lineAttribute,
  readXml,
  textAttribute,
  unexpectedRoot,
  type XmlAttributes,
  type XmlContext,
} from './xml.js';

interface FileInProgress {
  path: string;
  /** The file's data from its classes so far, packed at each `</class>`. */
  lines: PackedLines | undefined;
  branches: PackedBranches | undefined;
  /** The class the file's branches came from; per line once a second class added some. */
  branchClass: string | Map<number, string> | undefined;
  functions: Counter;
  /** The `branch-rate` stated for the file, when exactly one `<class>` names it. */
  branchRate: number | undefined;
  classes: number;
}

interface MethodInProgress {
  hits: number | undefined;
  anyLineRan: boolean;
}

const CONDITION_COVERAGE = /\((\d+)\s*\/\s*(\d+)\)/;

export async function parseCobertura(
  input: AsyncIterable<string | Buffer>,
  source: string,
): Promise<CoverageReport> {
  const byPath = new Map<string, FileInProgress>();
  const sourceRoots: string[] = [];
  let rootStatesBranches = false;
  let rootBranches: Counter | null = null;
  let linesStateBranches = false;
  let sawMethod = false;
  let currentClass: ClassInProgress | undefined;
  // One builder for the report: the open class's file is loaded into it, packed again at `</class>`.
  const data = new CoverageBuilder();
  let currentMethod: MethodInProgress | undefined;

  await readXml(input, source, {
    textOf: new Set(['source']),
    open(name: string, attributes: XmlAttributes, context: XmlContext): void {
      const { ancestors } = context;
      const parent = ancestors.at(-1);
      if (parent === undefined) {
        if (name !== 'coverage' || attributes.get('clover') !== undefined) {
          throw context.error(unexpectedRoot('Cobertura XML', 'coverage', name));
        }
        // Root figures are hints only (reconciliation, "measured?"): unreadable ones are ignored.
        const covered = Number(attributes.get('branches-covered') ?? Number.NaN);
        const total = Number(attributes.get('branches-valid') ?? Number.NaN);
        rootBranches =
          Number.isSafeInteger(covered) && Number.isSafeInteger(total) ? { covered, total } : null;
        rootStatesBranches =
          (rootBranches?.total ?? 0) > 0 || Number(attributes.get('branch-rate') ?? '0') !== 0;
        return;
      }
      switch (name) {
        case 'class': {
          if (parent !== 'classes') return;
          const path = textAttribute(attributes, 'filename', context);
          let file = byPath.get(path);
          if (file === undefined) {
            file = {
              path,
              lines: undefined,
              branches: undefined,
              branchClass: undefined,
              functions: { covered: 0, total: 0 },
              branchRate: undefined,
              classes: 0,
            };
            byPath.set(path, file);
          }
          file.classes += 1;
          const rate = Number(attributes.get('branch-rate') ?? Number.NaN);
          file.branchRate = file.classes === 1 && Number.isFinite(rate) ? rate : undefined;
          currentClass = { name: attributes.get('name') ?? '', file, branches: new Map() };
          data.load(file.lines, undefined);
          return;
        }
        case 'method':
          if (parent === 'methods' && currentClass !== undefined) {
            sawMethod = true;
            const hits = attributes.get('hits');
            currentMethod = {
              hits: hits === undefined ? undefined : countAttribute(attributes, 'hits', context),
              anyLineRan: false,
            };
          }
          return;
        case 'line': {
          if (parent !== 'lines' || currentClass === undefined) return;
          const owner = ancestors.at(-2);
          if (owner === 'class') {
            if (attributes.get('branch') !== undefined) linesStateBranches = true;
            addLine(data, currentClass, attributes, context);
          } else if (owner === 'method' && currentMethod !== undefined) {
            if (countAttribute(attributes, 'hits', context, 0) > 0) currentMethod.anyLineRan = true;
          }
          return;
        }
        default:
      }
    },
    close(name: string, _context: XmlContext, text: string | undefined): void {
      if (name === 'source') {
        const root = (text ?? '').trim();
        if (root !== '') sourceRoots.push(root);
      } else if (name === 'method' && currentMethod !== undefined && currentClass !== undefined) {
        const { functions } = currentClass.file;
        functions.total += 1;
        if ((currentMethod.hits ?? 0) > 0 || (currentMethod.hits === undefined && currentMethod.anyLineRan)) {
          functions.covered += 1;
        }
        currentMethod = undefined;
      } else if (name === 'class' && currentClass !== undefined) {
        finishClass(currentClass, data);
        currentClass = undefined;
      }
    },
  });

  const branchesMeasured = rootStatesBranches || linesStateBranches;
  const inProgress = [...byPath.values()];
  const counted = inProgress.map((file) =>
    branchesMeasured ? { ...(file.branches?.totals ?? { covered: 0, total: 0 }) } : null,
  );
  const stated =
    branchesMeasured && rootBranches !== null
      ? reconcileBranches(
          inProgress.map((file, i) => ({ counted: counted[i] ?? null, rate: file.branchRate })),
          rootBranches,
        )
      : undefined;
  const files = inProgress.map((file, i): FileCoverage => {
    const lines = file.lines ?? data.takeLines();
    return data.file(file.path, lines, branchesMeasured ? file.branches : undefined, {
      lines: { covered: lines.covered, total: lines.size },
      branches: stated?.[i] ?? counted[i] ?? null,
      functions: sawMethod ? file.functions : null,
    });
  });
  return { format: 'cobertura-xml', source, sourceRoots, files };
}

/**
 * Branch figures that agree with both each file's stated `branch-rate` and the root's counts, when the
 * line data falls short of the root (see above); undefined when the line data already adds up or no
 * consistent answer is found.
 */
export function reconcileBranches(
  files: readonly { counted: Counter | null; rate: number | undefined }[],
  root: Counter,
): (Counter | null)[] | undefined {
  let covered = 0;
  let total = 0;
  for (const { counted } of files) {
    covered += counted?.covered ?? 0;
    total += counted?.total ?? 0;
  }
  const missing = { covered: root.covered - covered, total: root.total - total };
  if (missing.total <= 0 || missing.covered < 0 || missing.covered > missing.total) return undefined;
  const result = files.map(({ counted, rate }) => {
    if (counted === null || rate === undefined || rateAgrees(counted.covered, counted.total, rate))
      return counted;
    for (let extra = 1; extra <= missing.total; extra += 1) {
      const t = counted.total + extra;
      // The fewest extra covered branches that reach the rate, if that many fit.
      const c = Math.max(counted.covered, Math.ceil((rate - RATE_BELOW) * t - 1e-9));
      if (c - counted.covered <= Math.min(extra, missing.covered) && rateAgrees(c, t, rate)) {
        return { covered: c, total: t };
      }
    }
    return undefined;
  });
  let fixedCovered = 0;
  let fixedTotal = 0;
  for (const c of result) {
    if (c === undefined) return undefined;
    fixedCovered += c?.covered ?? 0;
    fixedTotal += c?.total ?? 0;
  }
  return fixedCovered === root.covered && fixedTotal === root.total
    ? (result as (Counter | null)[])
    : undefined;
}

// Producers print rates rounded to 4 decimals (coverage.py), truncated to 4 (istanbul) or in full (gcovr).
const RATE_BELOW = 0.00005;
const RATE_ABOVE = 0.0001;

function rateAgrees(covered: number, total: number, rate: number): boolean {
  const exact = total === 0 ? 1 : covered / total;
  return exact >= rate - RATE_BELOW - 1e-9 && exact < rate + RATE_ABOVE - 1e-9;
}

interface ClassInProgress {
  name: string;
  file: FileInProgress;
  /** This class's branches by line (summed over its `<line>`s of one number). */
  branches: Map<number, Counter>;
}

/** A class-level `<line number hits branch condition-coverage="50% (1/2)">`. */
function addLine(
  data: CoverageBuilder,
  currentClass: ClassInProgress,
  attributes: XmlAttributes,
  context: XmlContext,
): void {
  const line = lineAttribute(attributes, 'number', context);
  const hits = countAttribute(attributes, 'hits', context, 0);
  data.line(line, hits);
  if (attributes.get('branch')?.toLowerCase() !== 'true') return;
  const conditions = attributes.get('condition-coverage');
  if (conditions === undefined) return;
  const match = CONDITION_COVERAGE.exec(conditions);
  if (match === null) {
    throw context.error(
      `attribute condition-coverage=${JSON.stringify(conditions)}; expected "<percent>% (<covered>/<total>)"`,
    );
  }
  const outcome: Counter = { covered: Number(match[1]), total: Number(match[2]) };
  const seen = currentClass.branches.get(line);
  if (seen === undefined) currentClass.branches.set(line, outcome);
  else {
    // One number twice in one class: the same code seen again (a merged run) — the larger counts.
    seen.covered = Math.max(seen.covered, outcome.covered);
    seen.total = Math.max(seen.total, outcome.total);
  }
}

/**
 * Packs the file's data with this class's: lines merged (a line ran when any class ran it); a line's
 * branches from the same class name again take the larger counts, from another class add up.
 */
function finishClass(currentClass: ClassInProgress, data: CoverageBuilder): void {
  const { file } = currentClass;
  file.lines = data.takeLines();
  if (currentClass.branches.size === 0) return;
  if (file.branches === undefined) {
    for (const [line, outcome] of currentClass.branches)
      data.addBranches(line, outcome.covered, outcome.total);
    file.branches = data.takeBranches();
    file.branchClass = currentClass.name;
    return;
  }
  const owners = ownersOf(file);
  data.load(undefined, file.branches);
  for (const [line, outcome] of currentClass.branches) {
    const seen = data.branchesAt(line);
    if (seen === undefined) data.addBranches(line, outcome.covered, outcome.total);
    else if (owners.get(line) === currentClass.name) {
      seen.covered = Math.max(seen.covered, outcome.covered);
      seen.total = Math.max(seen.total, outcome.total);
    } else {
      seen.covered += outcome.covered;
      seen.total += outcome.total;
    }
    owners.set(line, currentClass.name);
  }
  file.branches = data.takeBranches();
  file.branchClass = owners;
}

/** The class of each of the file's branch lines so far. */
function ownersOf(file: FileInProgress): Map<number, string> {
  if (typeof file.branchClass !== 'string') return file.branchClass ?? new Map();
  const owners = new Map<number, string>();
  for (const line of file.branches?.keys() ?? []) owners.set(line, file.branchClass);
  return owners;
}
