/**
 * The XML reading seam for coverage reports (JaCoCo, Cobertura, Clover) and JUnit results. Reports are
 * untrusted input: the document is scanned as bytes chunk by chunk by a strict tokenizer of its own,
 * nothing is ever fetched (a DOCTYPE's external DTD such as JaCoCo's `report.dtd` is ignored), entities
 * are never expanded — a DOCTYPE that declares any is refused before the first element; only the five
 * predefined entities and character references are read — well-formedness is checked (one root, matching
 * tags, quoted and unique attributes, names, comments, no `]]>` in text, no text outside the root), and
 * no single token (tag, text, comment, declaration) may grow past a limit, so memory stays bounded
 * whatever the file's size. Parsers see elements as open/close events with their ancestors' names and
 * read only the attributes they need: values are decoded on request, counts straight from the bytes.
 */
import { isAscii } from 'node:buffer';
import { CoverageParseError, type Counter, type CoverageFormat } from './model.js';
import { lineOutOfRange, MAX_LINE } from './packed.js';

/** An element's attributes, valid only during `open` (read what you need; do not keep it). */
export interface XmlAttributes {
  /** The value, entities resolved and whitespace normalised as XML says; undefined when absent. */
  get(name: string): string | undefined;
}

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

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SLASH = 0x2f;
const QUOT = 0x22;
const APOS = 0x27;
const EQ = 0x3d;
const BANG = 0x21;
const QUESTION = 0x3f;
const NL = 0x0a;

// Byte classes: 1 name start, 2 name character, 4 whitespace. Bytes of multi-byte UTF-8 characters are
// taken as name characters (non-ASCII letters); the ASCII ones are checked exactly.
const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  if (c >= 0x80 || /[A-Za-z_:]/.test(ch)) CLASS[c] = 3;
  else if (/[0-9.-]/.test(ch)) CLASS[c] = 2;
  else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) CLASS[c] = 4;
}
const isNameStart = (c: number): boolean => (CLASS[c]! & 1) !== 0;
const isNameChar = (c: number): boolean => (CLASS[c]! & 2) !== 0;
const isSpace = (c: number): boolean => CLASS[c] === 4;
/** A byte that may not appear as itself anywhere in XML 1.0 (C0 controls but tab, LF, CR). */
const isForbidden = (c: number): boolean => c < 0x20 && CLASS[c] !== 4;

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Thrown inside the scanner at a byte offset of the current buffer; turned into CoverageParseError. */
class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Whether the bytes [start, end) spell `text` (ASCII compared byte by byte; other text decoded). */
function bytesEqual(buf: Buffer, start: number, end: number, text: string): boolean {
  if (end - start < text.length) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return buf.toString('utf8', start, end) === text;
    if (buf[start + i] !== code) return false;
  }
  return end - start === text.length;
}

/** Whether the bytes [a, a + length) and [b, b + length) are the same. */
function sameBytes(buf: Buffer, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (buf[a + i] !== buf[b + i]) return false;
  return true;
}

/**
 * The end of the reference starting at `&` (offset `at`): just past its `;`, or -1 when the buffer ends
 * first. Only the predefined entities and character references of allowed characters are accepted.
 */
function referenceEnd(buf: Buffer, at: number, end: number): number {
  let i = at + 1;
  while (i < end && i - at <= 32 && (isNameChar(buf[i]!) || buf[i] === 0x23)) i++;
  if (i >= end) return -1;
  if (buf[i] !== 0x3b) throw new XmlSyntaxError('malformed entity reference (no ";").', i + 1);
  const body = buf.toString('latin1', at + 1, i);
  if (body.startsWith('#')) {
    const code = /^#x[0-9a-fA-F]+$/.test(body)
      ? Number.parseInt(body.slice(2), 16)
      : /^#[0-9]+$/.test(body)
        ? Number(body.slice(1))
        : Number.NaN;
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!allowed) throw new XmlSyntaxError('malformed character entity.', i + 1);
  } else if (PREDEFINED[body] === undefined) {
    throw new XmlSyntaxError(
      body === '' ? 'empty entity name.' : `undefined entity: ${JSON.stringify(body)}.`,
      i + 1,
    );
  }
  return i + 1;
}

const resolveReference = (_: string, body: string): string =>
  body.startsWith('#x')
    ? String.fromCodePoint(Number.parseInt(body.slice(2), 16))
    : body.startsWith('#')
      ? String.fromCodePoint(Number(body.slice(1)))
      : (PREDEFINED[body] ?? '');

const FLAG_REFERENCE = 1;
const FLAG_SPACE = 2; // tab, LF or CR: normalised to spaces in attribute values
const FLAG_CR = 4;

/** Decoded text: references resolved (already checked), line ends normalised (attributes: to spaces). */
function decode(buf: Buffer, start: number, end: number, flags: number, attribute: boolean): string {
  let text = buf.toString('utf8', start, end);
  if (attribute && (flags & FLAG_SPACE) !== 0) text = text.replace(/\r\n?|[\n\t]/g, ' ');
  else if ((flags & FLAG_CR) !== 0) text = text.replace(/\r\n?/g, '\n');
  if ((flags & FLAG_REFERENCE) !== 0)
    text = text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, resolveReference);
  return text;
}

/** The attributes of the tag being read: spans of the current buffer, decoded only when asked for. */
class TagAttributes implements XmlAttributes {
  buf: Buffer = Buffer.alloc(0);
  count = 0;
  // Per attribute: name start, name end, value start, value end, flags.
  spans = new Int32Array(5 * 16);

  add(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number, flags: number): void {
    const { buf, spans } = this;
    const length = nameEnd - nameStart;
    for (let a = 0; a < this.count; a++) {
      const s = spans[5 * a]!;
      if (spans[5 * a + 1]! - s === length && sameBytes(buf, nameStart, s, length)) {
        throw new XmlSyntaxError(
          `duplicate attribute: ${buf.toString('utf8', nameStart, nameEnd)}.`,
          valueEnd + 1,
        );
      }
    }
    if (5 * this.count === spans.length) {
      const grown = new Int32Array(spans.length * 2);
      grown.set(spans);
      this.spans = grown;
    }
    const at = 5 * this.count++;
    this.spans[at] = nameStart;
    this.spans[at + 1] = nameEnd;
    this.spans[at + 2] = valueStart;
    this.spans[at + 3] = valueEnd;
    this.spans[at + 4] = flags;
  }

  private find(name: string): number {
    const first = name.charCodeAt(0);
    const { buf, spans } = this;
    for (let a = 0; a < this.count; a++) {
      const start = spans[5 * a]!;
      if ((buf[start] === first || first > 0x7f) && bytesEqual(buf, start, spans[5 * a + 1]!, name)) return a;
    }
    return -1;
  }

  get(name: string): string | undefined {
    const a = this.find(name);
    if (a < 0) return undefined;
    const { spans } = this;
    return decode(this.buf, spans[5 * a + 2]!, spans[5 * a + 3]!, spans[5 * a + 4]!, true);
  }

  /** A plain decimal value read from the bytes; -1 when absent, -2 when not just digits (read it as text). */
  digits(name: string): number {
    const a = this.find(name);
    if (a < 0) return -1;
    const start = this.spans[5 * a + 2]!;
    const end = this.spans[5 * a + 3]!;
    if (end === start || end - start > 15) return -2;
    let value = 0;
    for (let i = start; i < end; i++) {
      const d = this.buf[i]! - 0x30;
      if (d < 0 || d > 9) return -2;
      value = value * 10 + d;
    }
    return value;
  }
}

/** Characters (UTF-16 units, as columns count) in the UTF-8 bytes [start, end). */
function charsIn(buf: Buffer, start: number, end: number): number {
  if (end <= start) return 0;
  if (isAscii(buf.subarray(start, end))) return end - start;
  let chars = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if ((b & 0xc0) !== 0x80) chars += b >= 0xf0 ? 2 : 1;
  }
  return chars;
}

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
  const textOf = handler.textOf ?? new Set<string>();

  // The bytes being scanned: what the last chunk left unread (an unfinished token) and the new chunk.
  let buf: Buffer = Buffer.alloc(0);
  let bufStart = 0; // absolute byte offset of buf[0]
  let linesBefore = 0; // newlines before buf[0]
  let columnBefore = 0; // characters between the last newline before buf[0] and buf[0]
  let here = 0; // offset in buf that errors of the handler are reported at (just past the current token)
  let lastProgress = 0; // absolute offset just past the last element, DOCTYPE or collected text

  const positionAt = (offset: number): { line: number; column: number } => {
    let line = linesBefore + 1;
    let column = columnBefore;
    let lineStart = 0;
    for (let nl = buf.indexOf(NL, 0); nl >= 0 && nl < offset; nl = buf.indexOf(NL, nl + 1)) {
      line++;
      lineStart = nl + 1;
      column = 0;
    }
    column += charsIn(buf, lineStart, offset);
    return { line, column: Math.max(1, column) };
  };
  const ancestors: string[] = [];
  const context: XmlContext = {
    ancestors,
    error: (message) => new CoverageParseError(source, message, positionAt(here)),
  };

  // Element names, decoded once.
  const names: string[] = [];
  const nameAt = (start: number, end: number): string => {
    for (let n = 0; n < names.length; n++) if (bytesEqual(buf, start, end, names[n]!)) return names[n]!;
    const name = buf.toString('utf8', start, end);
    if (names.length < 256) names.push(name);
    return name;
  };
  const attributes = new TagAttributes();
  let sawRoot = false;
  let rootClosed = false;
  let sawDoctype = false;
  let sawAnything = false; // anything but the BOM (the XML declaration must come first)
  let collectDepth = -1; // depth of the textOf element whose text is collected, -1 when none
  let collected = '';

  const collect = (text: string): void => {
    collected += text;
    if (collected.length > maxTokenChars) {
      throw context.error(`<${ancestors[collectDepth]}> holds more than ${maxTokenChars} characters`);
    }
  };

  /** Text from `start` to the next `<` (or the end at EOF); returns its end, or -1 when unfinished. */
  const readText = (start: number, end: number, eof: boolean): number => {
    let stop = buf.indexOf(LT, start);
    if (stop < 0 || stop > end) {
      if (!eof) return -1;
      stop = end;
    }
    const inRoot = ancestors.length > 0;
    let flags = 0;
    for (let i = start; i < stop; i++) {
      const c = buf[i]!;
      if (c === AMP) {
        if (!inRoot) throw new XmlSyntaxError('text data outside of root node.', stop);
        const after = referenceEnd(buf, i, stop);
        if (after < 0) throw new XmlSyntaxError('malformed entity reference (no ";").', stop);
        flags |= FLAG_REFERENCE;
        i = after - 1;
      } else if (c < 0x21) {
        if (c === 0x0d) flags |= FLAG_CR;
        else if (isForbidden(c)) throw new XmlSyntaxError('disallowed character.', i + 1);
      } else if (!inRoot) {
        throw new XmlSyntaxError('text data outside of root node.', stop);
      } else if (c === 0x5d && buf[i + 1] === 0x5d && buf[i + 2] === GT) {
        throw new XmlSyntaxError('the string "]]>" is disallowed in char data.', i + 3);
      }
    }
    if (collectDepth >= 0) {
      collect(decode(buf, start, stop, flags, false));
      lastProgress = bufStart + stop;
    }
    return stop;
  };

  const openElement = (nameStart: number, nameEnd: number, tagEnd: number, selfClosing: boolean): void => {
    here = tagEnd;
    lastProgress = bufStart + tagEnd;
    if (rootClosed) throw new XmlSyntaxError('documents may contain only one root.', tagEnd);
    sawRoot = true;
    if (ancestors.length >= maxDepth) throw context.error(`elements nested deeper than ${maxDepth} levels`);
    const name = nameAt(nameStart, nameEnd);
    handler.open(name, attributes, context);
    ancestors.push(name);
    if (collectDepth < 0 && textOf.has(name)) {
      collectDepth = ancestors.length - 1;
      collected = '';
    }
    if (selfClosing) closeElement(name);
  };

  const closeElement = (name: string): void => {
    ancestors.pop();
    let text: string | undefined;
    if (collectDepth >= 0 && textOf.has(name)) {
      text = collected;
      collected = '';
      collectDepth = -1;
    }
    if (ancestors.length === 0) rootClosed = true;
    handler.close?.(name, context, text);
  };

  /** A start tag at `at` (`<` then a name start); returns its end, or -1 when unfinished. */
  const readStartTag = (at: number, end: number): number => {
    let i = at + 1;
    while (i < end && isNameChar(buf[i]!)) i++;
    const nameEnd = i;
    attributes.buf = buf;
    attributes.count = 0;
    let spaced = false;
    for (;;) {
      if (i >= end) return -1;
      const c = buf[i]!;
      if (isSpace(c)) {
        spaced = true;
        i++;
      } else if (c === GT) {
        openElement(at + 1, nameEnd, i + 1, false);
        return i + 1;
      } else if (c === SLASH) {
        if (i + 1 >= end) return -1;
        if (buf[i + 1] !== GT)
          throw new XmlSyntaxError('forward-slash in opening tag not followed by >.', i + 2);
        openElement(at + 1, nameEnd, i + 2, true);
        return i + 2;
      } else {
        if (!isNameStart(c)) {
          throw new XmlSyntaxError(
            i === nameEnd && !spaced
              ? 'disallowed character in tag name.'
              : 'disallowed character in attribute name.',
            i + 1,
          );
        }
        if (!spaced) throw new XmlSyntaxError('no whitespace between attributes.', i + 1);
        const attributeStart = i;
        while (i < end && isNameChar(buf[i]!)) i++;
        const attributeEnd = i;
        while (i < end && isSpace(buf[i]!)) i++;
        if (i >= end) return -1;
        if (buf[i] !== EQ) throw new XmlSyntaxError('attribute without value.', i + 1);
        i++;
        while (i < end && isSpace(buf[i]!)) i++;
        if (i >= end) return -1;
        const quote = buf[i]!;
        if (quote !== QUOT && quote !== APOS) throw new XmlSyntaxError('unquoted attribute value.', i + 1);
        const valueStart = ++i;
        let flags = 0;
        for (;;) {
          if (i >= end) return -1;
          const v = buf[i]!;
          if (v === quote) break;
          if (v === LT) throw new XmlSyntaxError('disallowed character in attribute value ("<").', i + 1);
          if (v === AMP) {
            const after = referenceEnd(buf, i, end);
            if (after < 0) return -1;
            flags |= FLAG_REFERENCE;
            i = after;
            continue;
          }
          if (v < 0x20) {
            if (isForbidden(v)) throw new XmlSyntaxError('disallowed character.', i + 1);
            flags |= v === 0x0d ? FLAG_SPACE | FLAG_CR : FLAG_SPACE;
          }
          i++;
        }
        attributes.add(attributeStart, attributeEnd, valueStart, i, flags);
        i++;
        spaced = false;
      }
    }
  };

  /** An end tag at `at` (`</`); returns its end, or -1 when unfinished. */
  const readEndTag = (at: number, end: number): number => {
    let i = at + 2;
    if (i >= end) return -1;
    if (!isNameStart(buf[i]!)) throw new XmlSyntaxError('disallowed character in closing tag.', i + 1);
    while (i < end && isNameChar(buf[i]!)) i++;
    const nameEnd = i;
    while (i < end && isSpace(buf[i]!)) i++;
    if (i >= end) return -1;
    if (buf[i] !== GT) throw new XmlSyntaxError('disallowed character in closing tag.', i + 1);
    here = i + 1;
    lastProgress = bufStart + i + 1;
    const open = ancestors.at(-1);
    if (open === undefined) {
      throw new XmlSyntaxError(`unmatched closing tag: ${buf.toString('utf8', at + 2, nameEnd)}.`, i + 1);
    }
    if (!bytesEqual(buf, at + 2, nameEnd, open)) {
      throw new XmlSyntaxError('unexpected close tag.', i + 1);
    }
    closeElement(open);
    return i + 1;
  };

  /** `<!DOCTYPE …>` at `at`: quoted strings and an internal subset skipped over; entities refused. */
  const readDoctype = (at: number, end: number): number => {
    let i = at + 9;
    let quote = 0;
    let subset = false;
    for (; i < end; i++) {
      const c = buf[i]!;
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === QUOT || c === APOS) {
        quote = c;
      } else if (subset && c === LT && buf[i + 1] === BANG && buf[i + 2] === 0x2d && buf[i + 3] === 0x2d) {
        const close = buf.indexOf('-->', i + 4);
        if (close < 0 || close + 3 > end) return -1;
        i = close + 2;
      } else if (c === 0x5b) {
        subset = true;
      } else if (c === 0x5d) {
        subset = false;
      } else if (c === GT && !subset) {
        here = i + 1;
        lastProgress = bufStart + i + 1;
        if (sawRoot || sawDoctype)
          throw new XmlSyntaxError('inappropriately located doctype declaration.', i + 1);
        sawDoctype = true;
        if (/<!ENTITY/i.test(buf.toString('latin1', at, i + 1))) {
          throw context.error(
            'the DOCTYPE declares entities (<!ENTITY …>); refused: coverage reports never need them, and expanding them is how XML bombs and file-reading attacks work',
          );
        }
        return i + 1;
      }
    }
    return -1;
  };

  /** Scans buf from `pos` as far as complete tokens go; returns the offset of the first unread byte. */
  const scan = (pos: number, eof: boolean): number => {
    const end = buf.length;
    while (pos < end) {
      let next: number;
      if (buf[pos] !== LT) {
        next = readText(pos, end, eof);
      } else if (pos + 1 >= end) {
        next = -1;
      } else {
        const c = buf[pos + 1]!;
        if (isNameStart(c)) next = readStartTag(pos, end);
        else if (c === SLASH) next = readEndTag(pos, end);
        else if (c === BANG) {
          if (end - pos < 9 && !eof) next = -1;
          else if (buf.toString('latin1', pos, pos + 4) === '<!--') {
            const close = buf.indexOf('-->', pos + 4);
            if (close < 0) next = -1;
            else {
              if (buf.indexOf('--', pos + 4) < close)
                throw new XmlSyntaxError('malformed comment.', close + 3);
              next = close + 3;
            }
          } else if (buf.toString('latin1', pos, pos + 9) === '<![CDATA[') {
            const close = buf.indexOf(']]>', pos + 9);
            if (close < 0) next = -1;
            else {
              if (ancestors.length === 0)
                throw new XmlSyntaxError('text data outside of root node.', close + 3);
              if (collectDepth >= 0) {
                collect(decode(buf, pos + 9, close, buf.indexOf(0x0d, pos + 9) < close ? FLAG_CR : 0, false));
                lastProgress = bufStart + close + 3;
              }
              next = close + 3;
            }
          } else if (buf.toString('latin1', pos, pos + 9) === '<!DOCTYPE') {
            next = readDoctype(pos, end);
          } else {
            throw new XmlSyntaxError('incorrect syntax.', pos + 2);
          }
        } else if (c === QUESTION) {
          const close = buf.indexOf('?>', pos + 2);
          if (close < 0) next = -1;
          else {
            let t = pos + 2;
            while (t < close && isNameChar(buf[t]!)) t++;
            if (t === pos + 2 || !isNameStart(buf[pos + 2]!)) {
              throw new XmlSyntaxError('processing instruction without a target.', t + 1);
            }
            if (t < close && !isSpace(buf[t]!)) {
              throw new XmlSyntaxError('disallowed character in processing instruction name.', t + 1);
            }
            if (buf.toString('latin1', pos + 2, t).toLowerCase() === 'xml') {
              if (sawAnything) {
                throw new XmlSyntaxError(
                  'an XML declaration must be at the start of the document.',
                  close + 2,
                );
              }
              const declaration = buf.toString('latin1', pos, close + 2);
              if (
                !/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*\?>$/.test(
                  declaration,
                )
              ) {
                throw new XmlSyntaxError('malformed XML declaration.', close + 2);
              }
            }
            next = close + 2;
          }
        } else {
          throw new XmlSyntaxError('disallowed character in tag name.', pos + 2);
        }
      }
      if (next < 0) {
        if (eof) throw new XmlSyntaxError('unexpected end.', end);
        return pos;
      }
      sawAnything = true;
      pos = next;
    }
    return pos;
  };

  /** Leaves buf[0, pos) behind: line and column counts carried over, the rest kept for the next chunk. */
  const advance = (pos: number): void => {
    const last = buf.lastIndexOf(NL, pos - 1);
    if (pos > 0 && last >= 0) {
      for (let nl = buf.indexOf(NL, 0); nl >= 0 && nl <= last; nl = buf.indexOf(NL, nl + 1)) linesBefore++;
      columnBefore = charsIn(buf, last + 1, pos);
    } else {
      columnBefore += charsIn(buf, 0, pos);
    }
    bufStart += pos;
    buf = buf.subarray(pos);
  };

  const run = (action: () => void): void => {
    try {
      action();
    } catch (error) {
      if (error instanceof XmlSyntaxError) {
        throw new CoverageParseError(source, error.message, positionAt(error.offset));
      }
      throw error;
    }
  };

  // The bytes not yet scanned and the next chunk, in one buffer of the reader's own, reused: a chunk
  // may be the source's reused buffer (read.ts), and a new buffer per chunk is as much garbage as the
  // report is big.
  let work = Buffer.alloc(0);
  const append = (rest: Buffer, bytes: Buffer): Buffer => {
    const n = rest.length + bytes.length;
    if (n > work.length) {
      const grown = Buffer.allocUnsafe(Math.max(n, work.length * 2, 1 << 16));
      rest.copy(grown, 0);
      work = grown;
    } else if (rest.length > 0) {
      rest.copy(work, 0); // may overlap (rest lies in work): copy moves like memmove
    }
    bytes.copy(work, rest.length);
    return work.subarray(0, n);
  };

  let pendingSurrogate = '';
  let first = true;
  for await (const chunk of input) {
    let bytes: Buffer;
    if (typeof chunk === 'string') {
      let text = pendingSurrogate + chunk;
      pendingSurrogate = '';
      const lastUnit = text.charCodeAt(text.length - 1);
      if (lastUnit >= 0xd800 && lastUnit <= 0xdbff) {
        pendingSurrogate = text.slice(-1);
        text = text.slice(0, -1);
      }
      bytes = Buffer.from(text, 'utf8');
    } else {
      bytes = chunk;
    }
    buf = append(buf, bytes);
    let pos = 0;
    if (first && buf.length >= 3) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    }
    run(() => advance(scan(pos, false)));
    const pending = bufStart + buf.length - lastProgress;
    if (pending > maxTokenChars && pending - (buf.length - charsIn(buf, 0, buf.length)) > maxTokenChars) {
      here = buf.length;
      throw context.error(`no element ends within ${maxTokenChars} characters; not a coverage report`);
    }
  }
  if (pendingSurrogate !== '') buf = Buffer.concat([buf, Buffer.from(pendingSurrogate, 'utf8')]);
  run(() => {
    let pos = 0;
    if (first && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    scan(pos, true);
    const end = buf.length;
    if (!sawRoot) throw new XmlSyntaxError('document must contain a root element.', end);
    const open = ancestors.at(-1);
    if (open !== undefined) throw new XmlSyntaxError(`unclosed tag: ${open}`, end);
  });
}

/** A line number attribute: a count no larger than any source file's line count (`MAX_LINE`). */
export function lineAttribute(attributes: XmlAttributes, name: string, context: XmlContext): number {
  const line = countAttribute(attributes, name, context);
  if (line > MAX_LINE) throw context.error(`attribute ${name}: ${lineOutOfRange(line)}`);
  return line;
}

/** A non-negative integer attribute; `fallback` when absent (undefined: required). */
export function countAttribute(
  attributes: XmlAttributes,
  name: string,
  context: XmlContext,
  fallback?: number,
): number {
  if (attributes instanceof TagAttributes) {
    const digits = attributes.digits(name);
    if (digits >= 0) return digits;
    if (digits === -1) {
      if (fallback !== undefined) return fallback;
      throw context.error(`missing attribute ${name}`);
    }
  }
  const raw = attributes.get(name);
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
  if (attributes.get(totalName) === undefined) return null;
  return {
    covered: countAttribute(attributes, coveredName, context, 0),
    total: countAttribute(attributes, totalName, context),
  };
}

/** A required non-empty attribute. */
export function textAttribute(attributes: XmlAttributes, name: string, context: XmlContext): string {
  const value = attributes.get(name);
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
