/**
 * The XML reading seam for coverage reports (JaCoCo, Cobertura, Clover). Reports are untrusted input:
 * the document is streamed through saxes chunk by chunk, nothing is ever fetched (a DOCTYPE's external
 * DTD such as JaCoCo's `report.dtd` is ignored), entities are never expanded — a DOCTYPE that declares
 * any is refused before the first element — and no single token (tag, text, comment, declaration) may
 * grow past a limit, so memory stays bounded whatever the file's size. Parsers see elements as
 * open/close events with their ancestors' names and keep only what they need.
 */
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { CoverageParseError, type Counter, type CoverageFormat } from './model.js';

export type XmlAttributes = Readonly<Record<string, string>>;

export interface XmlContext {
  /** Names of the open ancestors, root first, the current element excluded. Do not keep it: it changes. */
  readonly ancestors: readonly string[];
  /** A CoverageParseError naming the file and the parser's current line:column. */
  error(message: string): CoverageParseError;
}

export interface XmlHandler {
  /** Elements whose text content `close` receives; the text of all others is skipped unbuffered. */
  readonly textOf?: ReadonlySet<string>;
  open(name: string, attributes: XmlAttributes, context: XmlContext): void;
  close?(name: string, context: XmlContext, text: string | undefined): void;
}

export interface XmlLimits {
  /** The most characters read without an element, text or DOCTYPE ending (a single giant token). */
  maxTokenChars: number;
  /** The deepest element nesting accepted (coverage reports are a handful of levels deep). */
  maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxTokenChars: 4 * 1024 * 1024, maxDepth: 256 };

/**
 * Streams `input` through `handler`. Throws CoverageParseError (file:line:column) on malformed or
 * truncated XML, on a DOCTYPE that declares entities, on undefined entity references and on inputs past
 * the limits; errors thrown by the handler propagate unchanged.
 */
export async function readXml(
  input: AsyncIterable<string | Buffer>,
  source: string,
  handler: XmlHandler,
  limits: Partial<XmlLimits> = {},
): Promise<void> {
  const { maxTokenChars, maxDepth } = { ...DEFAULT_XML_LIMITS, ...limits };
  const parser = new SaxesParser({ xmlns: false, position: true } as const);
  // saxes's 0-based column of the next character is the 1-based column of the last one read: the
  // character that completed the faulty token (a tag's `>`).
  const position = (): { line: number; column: number } => ({
    line: parser.line,
    column: Math.max(1, parser.column),
  });
  const ancestors: string[] = [];
  const context: XmlContext = {
    ancestors,
    error: (message) => new CoverageParseError(source, message, position()),
  };
  const textOf = handler.textOf ?? new Set<string>();
  let text: string | undefined;
  let lastProgress = 0;

  parser.on('error', (error) => {
    // saxes prefixes "line:column: "; the position is given separately here.
    throw new CoverageParseError(source, error.message.replace(/^\d+:\d+: /, ''), position());
  });
  parser.on('doctype', (doctype) => {
    lastProgress = parser.position;
    if (/<!ENTITY/i.test(doctype)) {
      throw context.error(
        'the DOCTYPE declares entities (<!ENTITY …>); refused: coverage reports never need them, and expanding them is how XML bombs and file-reading attacks work',
      );
    }
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    lastProgress = parser.position;
    if (ancestors.length >= maxDepth) throw context.error(`elements nested deeper than ${maxDepth} levels`);
    handler.open(tag.name, tag.attributes, context);
    ancestors.push(tag.name);
    if (textOf.has(tag.name)) {
      text = '';
      const collect = (chunk: string): void => {
        lastProgress = parser.position;
        text = (text ?? '') + chunk;
        if (text.length > maxTokenChars) {
          throw context.error(`<${tag.name}> holds more than ${maxTokenChars} characters`);
        }
      };
      parser.on('text', collect);
      parser.on('cdata', collect);
    }
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    lastProgress = parser.position;
    ancestors.pop();
    let collected: string | undefined;
    if (textOf.has(tag.name)) {
      parser.off('text');
      parser.off('cdata');
      collected = text;
      text = undefined;
    }
    handler.close?.(tag.name, context, collected);
  });

  const decoder = new StringDecoder('utf8');
  for await (const chunk of input) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (parser.position - lastProgress > maxTokenChars) {
      throw context.error(`no element ends within ${maxTokenChars} characters; not a coverage report`);
    }
  }
  const rest = decoder.end();
  if (rest !== '') parser.write(rest);
  parser.close();
}

/** A non-negative integer attribute; `fallback` when absent (undefined: required). */
export function countAttribute(
  attributes: XmlAttributes,
  name: string,
  context: XmlContext,
  fallback?: number,
): number {
  const raw = attributes[name];
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw context.error(`missing attribute ${name}`);
  }
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw context.error(`attribute ${name}=${JSON.stringify(raw)}; expected a non-negative integer`);
  }
  return value;
}

/** A counter from two count attributes, null when the total's attribute is absent. */
export function counterAttributes(
  attributes: XmlAttributes,
  coveredName: string,
  totalName: string,
  context: XmlContext,
): Counter | null {
  if (attributes[totalName] === undefined) return null;
  return {
    covered: countAttribute(attributes, coveredName, context, 0),
    total: countAttribute(attributes, totalName, context),
  };
}

/** A required non-empty attribute. */
export function textAttribute(attributes: XmlAttributes, name: string, context: XmlContext): string {
  const value = attributes[name];
  if (value === undefined || value === '') throw context.error(`missing attribute ${name}`);
  return value;
}

/** The message a parser gives when handed another kind of document. */
export function unexpectedRoot(format: string, expected: string, found: string): string {
  return `expected a ${format} report (root element <${expected}>), found <${found}>`;
}

export type XmlCoverageFormat = Extract<CoverageFormat, 'jacoco-xml' | 'cobertura-xml' | 'clover-xml'>;

/**
 * Which XML coverage format a file's first few KB are, by its DOCTYPE and root element: JaCoCo's root is
 * `<report>`; Cobertura and Clover both use `<coverage>`, told apart by Clover's `clover`/`generated`
 * attributes and `<project>` child versus Cobertura's rates, `<sources>` and `<packages>`.
 */
export function sniffXmlFormat(head: string): XmlCoverageFormat | undefined {
  let rest = head.replace(/^\uFEFF/, '');
  let prologText = '';
  // Skip the prolog: XML declaration, processing instructions, comments, DOCTYPE (with internal subset).
  for (;;) {
    rest = rest.trimStart();
    const prolog = /^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)/.exec(rest);
    if (prolog === null) break;
    if (/^<!DOCTYPE[^[>]*JACOCO/i.test(prolog[0])) return 'jacoco-xml';
    prologText += prolog[0];
    rest = rest.slice(prolog[0].length);
  }
  const root = /^<([A-Za-z_][\w.:-]*)([^>]*)>/.exec(rest);
  if (root === null) return undefined;
  const [, name = '', attributes = ''] = root;
  if (name === 'report') return 'jacoco-xml';
  if (name !== 'coverage') return undefined;
  if (/\sclover\s*=/.test(attributes)) return 'clover-xml';
  if (/\s(?:line-rate|lines-valid|branch-rate)\s*=/.test(attributes) || /cobertura/i.test(prologText))
    return 'cobertura-xml';
  const after = rest.slice(root[0].length);
  if (/<(?:sources|packages)[\s>/]/.test(after)) return 'cobertura-xml';
  if (/<project[\s>/]/.test(after)) return 'clover-xml';
  return undefined;
}
