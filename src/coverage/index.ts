/** The one entry to the parsers: detection by content, then the format's parser. */
import { ConfigurationError } from '../errors.js';
import { parseClover } from './clover.js';
import { parseCobertura } from './cobertura.js';
import { parseIstanbulFinal, parseIstanbulSummary } from './istanbul.js';
import { parseJacoco } from './jacoco.js';
import { parseLcov } from './lcov.js';
import { COVERAGE_FORMATS, type CoverageFormat, type CoverageReport } from './model.js';
import { sniffTextFormat } from './sniff-text.js';
import { sniffXmlFormat } from './xml.js';

const PARSERS: Record<
  CoverageFormat,
  (input: AsyncIterable<string | Buffer>, source: string) => Promise<CoverageReport>
> = {
  'jacoco-xml': parseJacoco,
  lcov: parseLcov,
  'cobertura-xml': parseCobertura,
  'clover-xml': parseClover,
  'istanbul-json-summary': parseIstanbulSummary,
  'istanbul-json': parseIstanbulFinal,
};

/** The format of a report by its first KiBs (not its name: `coverage.xml` may be any of three). */
export function detectFormat(head: string, file: string, input = 'coverage-files'): CoverageFormat {
  const format = sniffXmlFormat(head) ?? sniffTextFormat(head);
  if (format === undefined) {
    throw new ConfigurationError(
      `${input}: ${file} is not a coverage report berth reads (by its content); expected one of ${COVERAGE_FORMATS.join(', ')}, or set coverage-format`,
    );
  }
  return format;
}

export function parseReport(
  format: CoverageFormat,
  input: AsyncIterable<string | Buffer>,
  source: string,
): Promise<CoverageReport> {
  return PARSERS[format](input, source);
}
