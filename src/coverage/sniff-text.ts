/**
 * Which text (non-XML) coverage format a report is, from its first few KB: report files are often
 * named by convention only (`lcov.info`, `coverage.lcov`, `*.info`, `coverage/*.json`), so the content
 * decides. undefined: none of these (XML, coverage.py or gcovr JSON, JaCoCo CSV …).
 */
export type TextCoverageFormat = 'lcov' | 'istanbul-json-summary' | 'istanbul-json';

/** How much of a file the sniffer needs. */
export const SNIFF_BYTES = 4096;

// coverage-final.json: `{"<path>": {"path": …, "statementMap": {…` — statementMap comes within the first entry's head.
const FINAL = /"statementMap"\s*:\s*\{/;
// coverage-summary.json: `{"total": {"lines": {"total": 35, "covered": 26, …}, …` and the same per file.
const SUMMARY_METRIC = /"(?:lines|statements|functions|branches)"\s*:\s*\{\s*"(?:total|covered)"\s*:\s*\d/;
const SUMMARY_TOTAL = /"total"\s*:\s*\{\s*"(?:lines|statements|functions|branches)"\s*:\s*\{/;

export function sniffTextFormat(head: string): TextCoverageFormat | undefined {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{')) {
    if (FINAL.test(text)) return 'istanbul-json';
    if (SUMMARY_TOTAL.test(text) || SUMMARY_METRIC.test(text)) return 'istanbul-json-summary';
    return undefined;
  }
  // lcov: geninfo starts with TN: (or SF: when no test name), istanbul and coverage.py with "TN:".
  if (/^(?:TN|SF):/.test(text)) return 'lcov';
  return undefined;
}
