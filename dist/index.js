import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 4006:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const pico = __nccwpck_require__(8016);
const utils = __nccwpck_require__(4059);

function picomatch(glob, options, returnState = false) {
  // default to os.platform()
  if (options && (options.windows === null || options.windows === undefined)) {
    // don't mutate the original options object
    options = { ...options, windows: utils.isWindows() };
  }

  return pico(glob, options, returnState);
}

Object.assign(picomatch, pico);
module.exports = picomatch;


/***/ }),

/***/ 5595:
/***/ ((module) => {



const WIN_SLASH = '\\\\/';
const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

const DEFAULT_MAX_EXTGLOB_RECURSION = 0;

/**
 * Posix glob regex
 */

const DOT_LITERAL = '\\.';
const PLUS_LITERAL = '\\+';
const QMARK_LITERAL = '\\?';
const SLASH_LITERAL = '\\/';
const ONE_CHAR = '(?=.)';
const QMARK = '[^/]';
const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
const NO_DOT = `(?!${DOT_LITERAL})`;
const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
const STAR = `${QMARK}*?`;
const SEP = '/';

const POSIX_CHARS = {
  DOT_LITERAL,
  PLUS_LITERAL,
  QMARK_LITERAL,
  SLASH_LITERAL,
  ONE_CHAR,
  QMARK,
  END_ANCHOR,
  DOTS_SLASH,
  NO_DOT,
  NO_DOTS,
  NO_DOT_SLASH,
  NO_DOTS_SLASH,
  QMARK_NO_DOT,
  STAR,
  START_ANCHOR,
  SEP
};

/**
 * Windows glob regex
 */

const WINDOWS_CHARS = {
  ...POSIX_CHARS,

  SLASH_LITERAL: `[${WIN_SLASH}]`,
  QMARK: WIN_NO_SLASH,
  STAR: `${WIN_NO_SLASH}*?`,
  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
  NO_DOT: `(?!${DOT_LITERAL})`,
  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
  SEP: '\\'
};

/**
 * POSIX Bracket Regex
 */

const POSIX_REGEX_SOURCE = {
  __proto__: null,
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  ascii: '\\x00-\\x7F',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '\\x21-\\x7E',
  lower: 'a-z',
  print: '\\x20-\\x7E ',
  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
  space: ' \\t\\r\\n\\v\\f',
  upper: 'A-Z',
  word: 'A-Za-z0-9_',
  xdigit: 'A-Fa-f0-9'
};

module.exports = {
  DEFAULT_MAX_EXTGLOB_RECURSION,
  MAX_LENGTH: 1024 * 64,
  POSIX_REGEX_SOURCE,

  // regular expressions
  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

  // Replace globs with equivalent patterns to reduce parsing time.
  REPLACEMENTS: {
    __proto__: null,
    '***': '*',
    '**/**': '**',
    '**/**/**': '**'
  },

  // Digits
  CHAR_0: 48, /* 0 */
  CHAR_9: 57, /* 9 */

  // Alphabet chars.
  CHAR_UPPERCASE_A: 65, /* A */
  CHAR_LOWERCASE_A: 97, /* a */
  CHAR_UPPERCASE_Z: 90, /* Z */
  CHAR_LOWERCASE_Z: 122, /* z */

  CHAR_LEFT_PARENTHESES: 40, /* ( */
  CHAR_RIGHT_PARENTHESES: 41, /* ) */

  CHAR_ASTERISK: 42, /* * */

  // Non-alphabetic chars.
  CHAR_AMPERSAND: 38, /* & */
  CHAR_AT: 64, /* @ */
  CHAR_BACKWARD_SLASH: 92, /* \ */
  CHAR_CARRIAGE_RETURN: 13, /* \r */
  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
  CHAR_COLON: 58, /* : */
  CHAR_COMMA: 44, /* , */
  CHAR_DOT: 46, /* . */
  CHAR_DOUBLE_QUOTE: 34, /* " */
  CHAR_EQUAL: 61, /* = */
  CHAR_EXCLAMATION_MARK: 33, /* ! */
  CHAR_FORM_FEED: 12, /* \f */
  CHAR_FORWARD_SLASH: 47, /* / */
  CHAR_GRAVE_ACCENT: 96, /* ` */
  CHAR_HASH: 35, /* # */
  CHAR_HYPHEN_MINUS: 45, /* - */
  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
  CHAR_LEFT_CURLY_BRACE: 123, /* { */
  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
  CHAR_LINE_FEED: 10, /* \n */
  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
  CHAR_PERCENT: 37, /* % */
  CHAR_PLUS: 43, /* + */
  CHAR_QUESTION_MARK: 63, /* ? */
  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
  CHAR_SEMICOLON: 59, /* ; */
  CHAR_SINGLE_QUOTE: 39, /* ' */
  CHAR_SPACE: 32, /*   */
  CHAR_TAB: 9, /* \t */
  CHAR_UNDERSCORE: 95, /* _ */
  CHAR_VERTICAL_LINE: 124, /* | */
  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

  /**
   * Create EXTGLOB_CHARS
   */

  extglobChars(chars) {
    return {
      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
      '?': { type: 'qmark', open: '(?:', close: ')?' },
      '+': { type: 'plus', open: '(?:', close: ')+' },
      '*': { type: 'star', open: '(?:', close: ')*' },
      '@': { type: 'at', open: '(?:', close: ')' }
    };
  },

  /**
   * Create GLOB_CHARS
   */

  globChars(win32) {
    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
  }
};


/***/ }),

/***/ 8265:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const constants = __nccwpck_require__(5595);
const utils = __nccwpck_require__(4059);

/**
 * Constants
 */

const {
  MAX_LENGTH,
  POSIX_REGEX_SOURCE,
  REGEX_NON_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_BACKREF,
  REPLACEMENTS
} = constants;

/**
 * Helpers
 */

const expandRange = (args, options) => {
  if (typeof options.expandRange === 'function') {
    return options.expandRange(...args, options);
  }

  args.sort();
  const value = `[${args.join('-')}]`;

  try {
    /* eslint-disable-next-line no-new */
    new RegExp(value);
  } catch (ex) {
    return args.map(v => utils.escapeRegex(v)).join('..');
  }

  return value;
};

/**
 * Create the message for a syntax error
 */

const syntaxError = (type, char) => {
  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
};

const splitTopLevel = input => {
  const parts = [];
  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let value = '';
  let escaped = false;

  for (const ch of input) {
    if (escaped === true) {
      value += ch;
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      value += ch;
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      value += ch;
      continue;
    }

    if (quote === 0) {
      if (ch === '[') {
        bracket++;
      } else if (ch === ']' && bracket > 0) {
        bracket--;
      } else if (bracket === 0) {
        if (ch === '(') {
          paren++;
        } else if (ch === ')' && paren > 0) {
          paren--;
        } else if (ch === '|' && paren === 0) {
          parts.push(value);
          value = '';
          continue;
        }
      }
    }

    value += ch;
  }

  parts.push(value);
  return parts;
};

const isPlainBranch = branch => {
  let escaped = false;

  for (const ch of branch) {
    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (/[?*+@!()[\]{}]/.test(ch)) {
      return false;
    }
  }

  return true;
};

const normalizeSimpleBranch = branch => {
  let value = branch.trim();
  let changed = true;

  while (changed === true) {
    changed = false;

    if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
      value = value.slice(2, -1);
      changed = true;
    }
  }

  if (!isPlainBranch(value)) {
    return;
  }

  return value.replace(/\\(.)/g, '$1');
};

const hasRepeatedCharPrefixOverlap = branches => {
  const values = branches.map(normalizeSimpleBranch).filter(Boolean);

  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const a = values[i];
      const b = values[j];
      const char = a[0];

      if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
        continue;
      }

      if (a === b || a.startsWith(b) || b.startsWith(a)) {
        return true;
      }
    }
  }

  return false;
};

const parseRepeatedExtglob = (pattern, requireEnd = true) => {
  if ((pattern[0] !== '+' && pattern[0] !== '*') || pattern[1] !== '(') {
    return;
  }

  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let escaped = false;

  for (let i = 1; i < pattern.length; i++) {
    const ch = pattern[i];

    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      continue;
    }

    if (quote === 1) {
      continue;
    }

    if (ch === '[') {
      bracket++;
      continue;
    }

    if (ch === ']' && bracket > 0) {
      bracket--;
      continue;
    }

    if (bracket > 0) {
      continue;
    }

    if (ch === '(') {
      paren++;
      continue;
    }

    if (ch === ')') {
      paren--;

      if (paren === 0) {
        if (requireEnd === true && i !== pattern.length - 1) {
          return;
        }

        return {
          type: pattern[0],
          body: pattern.slice(2, i),
          end: i
        };
      }
    }
  }
};

const buildCharClassStar = chars => {
  const source = chars.length === 1
    ? utils.escapeRegex(chars[0])
    : `[${chars.map(ch => utils.escapeRegex(ch)).join('')}]`;

  return `${source}*`;
};

const getStarExtglobSequenceChars = pattern => {
  let index = 0;
  const chars = [];

  while (index < pattern.length) {
    const match = parseRepeatedExtglob(pattern.slice(index), false);

    if (!match || match.type !== '*') {
      return;
    }

    const branches = splitTopLevel(match.body).map(branch => branch.trim());
    if (branches.length !== 1) {
      return;
    }

    const branch = normalizeSimpleBranch(branches[0]);
    if (!branch || branch.length !== 1) {
      return;
    }

    chars.push(branch);
    index += match.end + 1;
  }

  if (chars.length < 1) {
    return;
  }

  return chars;
};

const repeatedExtglobRecursion = pattern => {
  let depth = 0;
  let value = pattern.trim();
  let match = parseRepeatedExtglob(value);

  while (match) {
    depth++;
    value = match.body.trim();
    match = parseRepeatedExtglob(value);
  }

  return depth;
};

const analyzeRepeatedExtglob = (body, options) => {
  if (options.maxExtglobRecursion === false) {
    return { risky: false };
  }

  const max =
    typeof options.maxExtglobRecursion === 'number'
      ? options.maxExtglobRecursion
      : constants.DEFAULT_MAX_EXTGLOB_RECURSION;

  const branches = splitTopLevel(body).map(branch => branch.trim());

  if (branches.length > 1) {
    if (
      branches.some(branch => branch === '') ||
      branches.some(branch => /^[*?]+$/.test(branch)) ||
      hasRepeatedCharPrefixOverlap(branches)
    ) {
      return { risky: true };
    }
  }

  // A repeated extglob is "risky" (prone to catastrophic backtracking) when a
  // branch is itself a `*(...)` sequence, since that nests an unbounded quantifier
  // inside the outer `+(...)`/`*(...)`. When *every* branch reduces to single
  // characters we can emit one flat, ReDoS-safe character class that preserves the
  // meaning of ALL branches (e.g. `+(*(a)|*(b))` -> `[ab]*`), rather than dropping
  // every branch but the first.
  const safeChars = [];
  let sawStarSequence = false;
  let combinable = true;

  for (const branch of branches) {
    const chars = getStarExtglobSequenceChars(branch);
    if (chars) {
      sawStarSequence = true;
      safeChars.push(...chars);
      continue;
    }

    const literal = normalizeSimpleBranch(branch);
    if (literal && literal.length === 1) {
      safeChars.push(literal);
      continue;
    }

    combinable = false;

    if (repeatedExtglobRecursion(branch) > max) {
      return { risky: true };
    }
  }

  if (sawStarSequence) {
    return combinable
      ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) }
      : { risky: true };
  }

  return { risky: false };
};

/**
 * Parse the given input string.
 * @param {String} input
 * @param {Object} options
 * @return {Object}
 */

const parse = (input, options) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected a string');
  }

  input = REPLACEMENTS[input] || input;

  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

  let len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
  const tokens = [bos];

  const capture = opts.capture ? '' : '?:';

  // create constants based on platform, for windows or posix
  const PLATFORM_CHARS = constants.globChars(opts.windows);
  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

  const {
    DOT_LITERAL,
    PLUS_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOT_SLASH,
    NO_DOTS_SLASH,
    QMARK,
    QMARK_NO_DOT,
    STAR,
    START_ANCHOR
  } = PLATFORM_CHARS;

  const globstar = opts => {
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const nodot = opts.dot ? '' : NO_DOT;
  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
  let star = opts.bash === true ? globstar(opts) : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  // minimatch options support
  if (typeof opts.noext === 'boolean') {
    opts.noextglob = opts.noext;
  }

  const state = {
    input,
    index: -1,
    start: 0,
    dot: opts.dot === true,
    consumed: '',
    output: '',
    prefix: '',
    backtrack: false,
    negated: false,
    brackets: 0,
    braces: 0,
    parens: 0,
    quotes: 0,
    globstar: false,
    tokens
  };

  input = utils.removePrefix(input, state);
  len = input.length;

  const extglobs = [];
  const braces = [];
  const stack = [];
  let prev = bos;
  let value;

  /**
   * Tokenizing helpers
   */

  const eos = () => state.index === len - 1;
  const peek = state.peek = (n = 1) => input[state.index + n];
  const advance = state.advance = () => input[++state.index] || '';
  const remaining = () => input.slice(state.index + 1);
  const consume = (value = '', num = 0) => {
    state.consumed += value;
    state.index += num;
  };

  const append = token => {
    state.output += token.output != null ? token.output : token.value;
    consume(token.value);
  };

  const negate = () => {
    let count = 1;

    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
      advance();
      state.start++;
      count++;
    }

    if (count % 2 === 0) {
      return false;
    }

    state.negated = true;
    state.start++;
    return true;
  };

  const increment = type => {
    state[type]++;
    stack.push(type);
  };

  const decrement = type => {
    state[type]--;
    stack.pop();
  };

  /**
   * Push tokens onto the tokens array. This helper speeds up
   * tokenizing by 1) helping us avoid backtracking as much as possible,
   * and 2) helping us avoid creating extra tokens when consecutive
   * characters are plain text. This improves performance and simplifies
   * lookbehinds.
   */

  const push = tok => {
    if (prev.type === 'globstar') {
      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
        state.output = state.output.slice(0, -prev.output.length);
        prev.type = 'star';
        prev.value = '*';
        prev.output = star;
        state.output += prev.output;
      }
    }

    if (extglobs.length && tok.type !== 'paren') {
      extglobs[extglobs.length - 1].inner += tok.value;
    }

    if (tok.value || tok.output) append(tok);
    if (prev && prev.type === 'text' && tok.type === 'text') {
      prev.output = (prev.output || prev.value) + tok.value;
      prev.value += tok.value;
      return;
    }

    tok.prev = prev;
    tokens.push(tok);
    prev = tok;
  };

  const extglobOpen = (type, value) => {
    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

    token.prev = prev;
    token.parens = state.parens;
    token.output = state.output;
    token.startIndex = state.index;
    token.tokensIndex = tokens.length;
    const output = (opts.capture ? '(' : '') + token.open;

    increment('parens');
    push({ type, value, output: state.output ? '' : ONE_CHAR });
    push({ type: 'paren', extglob: true, value: advance(), output });
    extglobs.push(token);
  };

  const extglobClose = token => {
    const literal = input.slice(token.startIndex, state.index + 1);
    const body = input.slice(token.startIndex + 2, state.index);
    const analysis = analyzeRepeatedExtglob(body, opts);

    if ((token.type === 'plus' || token.type === 'star') && analysis.risky) {
      const safeOutput = analysis.safeOutput
        ? (token.output ? '' : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput)
        : undefined;
      const open = tokens[token.tokensIndex];

      open.type = 'text';
      open.value = literal;
      open.output = safeOutput || utils.escapeRegex(literal);

      for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
        tokens[i].value = '';
        tokens[i].output = '';
        delete tokens[i].suffix;
      }

      state.output = token.output + open.output;
      state.backtrack = true;

      push({ type: 'paren', extglob: true, value, output: '' });
      decrement('parens');
      return;
    }

    let output = token.close + (opts.capture ? ')' : '');
    let rest;

    if (token.type === 'negate') {
      let extglobStar = star;

      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
        extglobStar = globstar(opts);
      }

      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
        output = token.close = `)$))${extglobStar}`;
      }

      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
        // In this case, we need to parse the string and use it in the output of the original pattern.
        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
        //
        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
        const expression = parse(rest, { ...options, fastpaths: false }).output;

        output = token.close = `)${expression})${extglobStar})`;
      }

      if (token.prev.type === 'bos') {
        state.negatedExtglob = true;
      }
    }

    push({ type: 'paren', extglob: true, value, output });
    decrement('parens');
  };

  /**
   * Fast paths
   */

  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
    let backslashes = false;

    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
      if (first === '\\') {
        backslashes = true;
        return m;
      }

      if (first === '?') {
        if (esc) {
          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
        }
        if (index === 0) {
          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
        }
        return QMARK.repeat(chars.length);
      }

      if (first === '.') {
        return DOT_LITERAL.repeat(chars.length);
      }

      if (first === '*') {
        if (esc) {
          return esc + first + (rest ? star : '');
        }
        return star;
      }
      return esc ? m : `\\${m}`;
    });

    if (backslashes === true) {
      if (opts.unescape === true) {
        output = output.replace(/\\/g, '');
      } else {
        output = output.replace(/\\+/g, m => {
          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
        });
      }
    }

    if (output === input && opts.contains === true) {
      state.output = input;
      return state;
    }

    state.output = utils.wrapOutput(output, state, options);
    return state;
  }

  /**
   * Tokenize input until we reach end-of-string
   */

  while (!eos()) {
    value = advance();

    if (value === '\u0000') {
      continue;
    }

    /**
     * Escaped characters
     */

    if (value === '\\') {
      const next = peek();

      if (next === '/' && opts.bash !== true) {
        continue;
      }

      if (next === '.' || next === ';') {
        continue;
      }

      if (!next) {
        value += '\\';
        push({ type: 'text', value });
        continue;
      }

      // collapse slashes to reduce potential for exploits
      const match = /^\\+/.exec(remaining());
      let slashes = 0;

      if (match && match[0].length > 2) {
        slashes = match[0].length;
        state.index += slashes;
        if (slashes % 2 !== 0) {
          value += '\\';
        }
      }

      if (opts.unescape === true) {
        value = advance();
      } else {
        value += advance();
      }

      if (state.brackets === 0) {
        push({ type: 'text', value });
        continue;
      }
    }

    /**
     * If we're inside a regex character class, continue
     * until we reach the closing bracket.
     */

    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
      if (opts.posix !== false && value === ':') {
        const inner = prev.value.slice(1);
        if (inner.includes('[')) {
          prev.posix = true;

          if (inner.includes(':')) {
            const idx = prev.value.lastIndexOf('[');
            const pre = prev.value.slice(0, idx);
            const rest = prev.value.slice(idx + 2);
            const posix = POSIX_REGEX_SOURCE[rest];
            if (posix) {
              prev.value = pre + posix;
              state.backtrack = true;
              advance();

              if (!bos.output && tokens.indexOf(prev) === 1) {
                bos.output = ONE_CHAR;
              }
              continue;
            }
          }
        }
      }

      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
        value = `\\${value}`;
      }

      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
        value = `\\${value}`;
      }

      if (opts.posix === true && value === '!' && prev.value === '[') {
        value = '^';
      }

      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * If we're inside a quoted string, continue
     * until we reach the closing double quote.
     */

    if (state.quotes === 1 && value !== '"') {
      value = utils.escapeRegex(value);
      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * Double quotes
     */

    if (value === '"') {
      state.quotes = state.quotes === 1 ? 0 : 1;
      if (opts.keepQuotes === true) {
        push({ type: 'text', value });
      }
      continue;
    }

    /**
     * Parentheses
     */

    if (value === '(') {
      increment('parens');
      push({ type: 'paren', value });
      continue;
    }

    if (value === ')') {
      if (state.parens === 0 && opts.strictBrackets === true) {
        throw new SyntaxError(syntaxError('opening', '('));
      }

      const extglob = extglobs[extglobs.length - 1];
      if (extglob && state.parens === extglob.parens + 1) {
        extglobClose(extglobs.pop());
        continue;
      }

      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
      decrement('parens');
      continue;
    }

    /**
     * Square brackets
     */

    if (value === '[') {
      if (opts.nobracket === true || !remaining().includes(']')) {
        if (opts.nobracket !== true && opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('closing', ']'));
        }

        value = `\\${value}`;
      } else {
        increment('brackets');
      }

      push({ type: 'bracket', value });
      continue;
    }

    if (value === ']') {
      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      if (state.brackets === 0) {
        if (opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('opening', '['));
        }

        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      decrement('brackets');

      const prevValue = prev.value.slice(1);
      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
        value = `/${value}`;
      }

      prev.value += value;
      append({ value });

      // when literal brackets are explicitly disabled
      // assume we should match with a regex character class
      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
        continue;
      }

      const escaped = utils.escapeRegex(prev.value);
      state.output = state.output.slice(0, -prev.value.length);

      // when literal brackets are explicitly enabled
      // assume we should escape the brackets to match literal characters
      if (opts.literalBrackets === true) {
        state.output += escaped;
        prev.value = escaped;
        continue;
      }

      // when the user specifies nothing, try to match both
      prev.value = `(${capture}${escaped}|${prev.value})`;
      state.output += prev.value;
      continue;
    }

    /**
     * Braces
     */

    if (value === '{' && opts.nobrace !== true) {
      increment('braces');

      const open = {
        type: 'brace',
        value,
        output: '(',
        outputIndex: state.output.length,
        tokensIndex: state.tokens.length
      };

      braces.push(open);
      push(open);
      continue;
    }

    if (value === '}') {
      const brace = braces[braces.length - 1];

      if (opts.nobrace === true || !brace) {
        push({ type: 'text', value, output: value });
        continue;
      }

      let output = ')';

      if (brace.dots === true) {
        const arr = tokens.slice();
        const range = [];

        for (let i = arr.length - 1; i >= 0; i--) {
          tokens.pop();
          if (arr[i].type === 'brace') {
            break;
          }
          if (arr[i].type !== 'dots') {
            range.unshift(arr[i].value);
          }
        }

        output = expandRange(range, opts);
        state.backtrack = true;
      }

      if (brace.comma !== true && brace.dots !== true) {
        const out = state.output.slice(0, brace.outputIndex);
        const toks = state.tokens.slice(brace.tokensIndex);
        brace.value = brace.output = '\\{';
        value = output = '\\}';
        state.output = out;
        for (const t of toks) {
          state.output += (t.output || t.value);
        }
      }

      push({ type: 'brace', value, output });
      decrement('braces');
      braces.pop();
      continue;
    }

    /**
     * Pipes
     */

    if (value === '|') {
      if (extglobs.length > 0) {
        extglobs[extglobs.length - 1].conditions++;
      }
      push({ type: 'text', value });
      continue;
    }

    /**
     * Commas
     */

    if (value === ',') {
      let output = value;

      const brace = braces[braces.length - 1];
      if (brace && stack[stack.length - 1] === 'braces') {
        brace.comma = true;
        output = '|';
      }

      push({ type: 'comma', value, output });
      continue;
    }

    /**
     * Slashes
     */

    if (value === '/') {
      // if the beginning of the glob is "./", advance the start
      // to the current index, and don't add the "./" characters
      // to the state. This greatly simplifies lookbehinds when
      // checking for BOS characters like "!" and "." (not "./")
      if (prev.type === 'dot' && state.index === state.start + 1) {
        state.start = state.index + 1;
        state.consumed = '';
        state.output = '';
        tokens.pop();
        prev = bos; // reset "prev" to the first token
        continue;
      }

      push({ type: 'slash', value, output: SLASH_LITERAL });
      continue;
    }

    /**
     * Dots
     */

    if (value === '.') {
      if (state.braces > 0 && prev.type === 'dot') {
        if (prev.value === '.') prev.output = DOT_LITERAL;
        const brace = braces[braces.length - 1];
        prev.type = 'dots';
        prev.output += value;
        prev.value += value;
        brace.dots = true;
        continue;
      }

      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
        push({ type: 'text', value, output: DOT_LITERAL });
        continue;
      }

      push({ type: 'dot', value, output: DOT_LITERAL });
      continue;
    }

    /**
     * Question marks
     */

    if (value === '?') {
      const isGroup = prev && prev.value === '(';
      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('qmark', value);
        continue;
      }

      if (prev && prev.type === 'paren') {
        const next = peek();
        let output = value;

        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
          output = `\\${value}`;
        }

        push({ type: 'text', value, output });
        continue;
      }

      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
        push({ type: 'qmark', value, output: QMARK_NO_DOT });
        continue;
      }

      push({ type: 'qmark', value, output: QMARK });
      continue;
    }

    /**
     * Exclamation
     */

    if (value === '!') {
      if (opts.noextglob !== true && peek() === '(') {
        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
          extglobOpen('negate', value);
          continue;
        }
      }

      if (opts.nonegate !== true && state.index === 0) {
        negate();
        continue;
      }
    }

    /**
     * Plus
     */

    if (value === '+') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('plus', value);
        continue;
      }

      if ((prev && prev.value === '(') || opts.regex === false) {
        push({ type: 'plus', value, output: PLUS_LITERAL });
        continue;
      }

      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
        push({ type: 'plus', value });
        continue;
      }

      push({ type: 'plus', value: PLUS_LITERAL });
      continue;
    }

    /**
     * Plain text
     */

    if (value === '@') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        push({ type: 'at', extglob: true, value, output: '' });
        continue;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Plain text
     */

    if (value !== '*') {
      if (value === '$' || value === '^') {
        value = `\\${value}`;
      }

      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
      if (match) {
        value += match[0];
        state.index += match[0].length;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Stars
     */

    if (prev && (prev.type === 'globstar' || prev.star === true)) {
      prev.type = 'star';
      prev.star = true;
      prev.value += value;
      prev.output = star;
      state.backtrack = true;
      state.globstar = true;
      consume(value);
      continue;
    }

    let rest = remaining();
    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
      extglobOpen('star', value);
      continue;
    }

    if (prev.type === 'star') {
      if (opts.noglobstar === true) {
        consume(value);
        continue;
      }

      const prior = prev.prev;
      const before = prior.prev;
      const isStart = prior.type === 'slash' || prior.type === 'bos';
      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      // strip consecutive `/**/`
      while (rest.slice(0, 3) === '/**') {
        const after = input[state.index + 4];
        if (after && after !== '/') {
          break;
        }
        rest = rest.slice(3);
        consume('/**', 3);
      }

      // A globstar followed only by balanced closing parens is at the logical end of patterns like
      // `test(/utils/**)` and `test?(/utils/**)`. Treat it as EOS so the trailing `/**` can match its
      // parent path, except in negated extglobs where that would change the exclusion semantics.
      const isEnd = eos() || (
        state.parens > 0
        && rest === ')'.repeat(state.parens)
        && !extglobs.some(extglob => extglob.type === 'negate')
      );

      if (prior.type === 'bos' && eos()) {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = globstar(opts);
        state.output = prev.output;
        state.globstar = true;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && isEnd) {
        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
        prev.value += value;
        state.globstar = true;
        state.output += prior.output + prev.output;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
        const end = rest[1] !== void 0 ? '|$' : '';

        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
        prev.value += value;

        state.output += prior.output + prev.output;
        state.globstar = true;

        consume(value + advance());

        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      if (prior.type === 'bos' && rest[0] === '/') {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
        state.output = prev.output;
        state.globstar = true;
        consume(value + advance());
        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      // remove single star from output
      state.output = state.output.slice(0, -prev.output.length);

      // reset previous token to globstar
      prev.type = 'globstar';
      prev.output = globstar(opts);
      prev.value += value;

      // reset output with globstar
      state.output += prev.output;
      state.globstar = true;
      consume(value);
      continue;
    }

    const token = { type: 'star', value, output: star };

    if (opts.bash === true) {
      token.output = '.*?';
      if (prev.type === 'bos' || prev.type === 'slash') {
        token.output = nodot + token.output;
      }
      push(token);
      continue;
    }

    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
      token.output = value;
      push(token);
      continue;
    }

    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
      if (prev.type === 'dot') {
        state.output += NO_DOT_SLASH;
        prev.output += NO_DOT_SLASH;

      } else if (opts.dot === true) {
        state.output += NO_DOTS_SLASH;
        prev.output += NO_DOTS_SLASH;

      } else {
        state.output += nodot;
        prev.output += nodot;
      }

      if (peek() !== '*') {
        state.output += ONE_CHAR;
        prev.output += ONE_CHAR;
      }
    }

    push(token);
  }

  while (state.brackets > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
    state.output = utils.escapeLast(state.output, '[');
    decrement('brackets');
  }

  while (state.parens > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
    state.output = utils.escapeLast(state.output, '(');
    decrement('parens');
  }

  while (state.braces > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
    state.output = utils.escapeLast(state.output, '{');
    decrement('braces');
  }

  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
  }

  // rebuild the output if we had to backtrack at any point
  if (state.backtrack === true) {
    state.output = '';

    for (const token of state.tokens) {
      state.output += token.output != null ? token.output : token.value;

      if (token.suffix) {
        state.output += token.suffix;
      }
    }
  }

  return state;
};

/**
 * Fast paths for creating regular expressions for common glob patterns.
 * This can significantly speed up processing and has very little downside
 * impact when none of the fast paths match.
 */

parse.fastpaths = (input, options) => {
  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
  const len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  input = REPLACEMENTS[input] || input;

  // create constants based on platform, for windows or posix
  const {
    DOT_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOTS,
    NO_DOTS_SLASH,
    STAR,
    START_ANCHOR
  } = constants.globChars(opts.windows);

  const nodot = opts.dot ? NO_DOTS : NO_DOT;
  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
  const capture = opts.capture ? '' : '?:';
  const state = { negated: false, prefix: '' };
  let star = opts.bash === true ? '.*?' : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  const globstar = opts => {
    if (opts.noglobstar === true) return star;
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const create = str => {
    switch (str) {
      case '*':
        return `${nodot}${ONE_CHAR}${star}`;

      case '.*':
        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*.*':
        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*/*':
        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

      case '**':
        return nodot + globstar(opts);

      case '**/*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

      case '**/*.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '**/.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

      default: {
        const match = /^(.*?)\.(\w+)$/.exec(str);
        if (!match) return;

        const source = create(match[1]);
        if (!source) return;

        return source + DOT_LITERAL + match[2];
      }
    }
  };

  const output = utils.removePrefix(input, state);
  let source = create(output);

  if (source && opts.strictSlashes !== true) {
    source += `${SLASH_LITERAL}?`;
  }

  return source;
};

module.exports = parse;


/***/ }),

/***/ 8016:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const scan = __nccwpck_require__(1781);
const parse = __nccwpck_require__(8265);
const utils = __nccwpck_require__(4059);
const constants = __nccwpck_require__(5595);
const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

/**
 * Creates a matcher function from one or more glob patterns. The
 * returned function takes a string to match as its first argument,
 * and returns true if the string is a match. The returned matcher
 * function also takes a boolean as the second argument that, when true,
 * returns an object with additional information.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch(glob[, options]);
 *
 * const isMatch = picomatch('*.!(*a)');
 * console.log(isMatch('a.a')); //=> false
 * console.log(isMatch('a.b')); //=> true
 *
 * // For environments without `node.js`, `picomatch/posix` provides you a dependency-free matcher, without automatic OS detection.
 * const picomatch = require('picomatch/posix');
 * // the same API, defaulting to posix paths
 * const isMatch = picomatch('a/*');
 * console.log(isMatch('a\\b')); //=> false
 * console.log(isMatch('a/b')); //=> true
 *
 * // you can still configure the matcher function to accept windows paths
 * const isMatch = picomatch('a/*', { options: windows });
 * console.log(isMatch('a\\b')); //=> true
 * console.log(isMatch('a/b')); //=> true
 * ```
 * @name picomatch
 * @param {String|Array} `globs` One or more glob patterns.
 * @param {Object=} `options`
 * @return {Function=} Returns a matcher function.
 * @api public
 */

const picomatch = (glob, options, returnState = false) => {
  if (Array.isArray(glob)) {
    const fns = glob.map(input => picomatch(input, options, returnState));
    const arrayMatcher = str => {
      for (const isMatch of fns) {
        const state = isMatch(str);
        if (state) return state;
      }
      return false;
    };
    return arrayMatcher;
  }

  const isState = isObject(glob) && glob.tokens && glob.input;

  if (glob === '' || (typeof glob !== 'string' && !isState)) {
    throw new TypeError('Expected pattern to be a non-empty string');
  }

  const opts = options || {};
  const posix = opts.windows;
  const regex = isState
    ? picomatch.compileRe(glob, options)
    : picomatch.makeRe(glob, options, false, true);

  const state = regex.state;
  delete regex.state;

  let isIgnored = () => false;
  if (opts.ignore) {
    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
  }

  const matcher = (input, returnObject = false) => {
    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
    const result = { glob, state, regex, posix, input, output, match, isMatch };

    if (typeof opts.onResult === 'function') {
      opts.onResult(result);
    }

    if (isMatch === false) {
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (isIgnored(input)) {
      if (typeof opts.onIgnore === 'function') {
        opts.onIgnore(result);
      }
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (typeof opts.onMatch === 'function') {
      opts.onMatch(result);
    }
    return returnObject ? result : true;
  };

  if (returnState) {
    matcher.state = state;
  }

  return matcher;
};

/**
 * Test `input` with the given `regex`. This is used by the main
 * `picomatch()` function to test the input string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.test(input, regex[, options]);
 *
 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp} `regex`
 * @return {Object} Returns an object with matching info.
 * @api public
 */

picomatch.test = (input, regex, options, { glob, posix } = {}) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected input to be a string');
  }

  if (input === '') {
    return { isMatch: false, output: '' };
  }

  const opts = options || {};
  const format = opts.format || (posix ? utils.toPosixSlashes : null);
  let match = input === glob;
  let output = (match && format) ? format(input) : input;

  if (match === false) {
    output = format ? format(input) : input;
    match = output === glob;
  }

  if (match === false || opts.capture === true) {
    if (opts.matchBase === true || opts.basename === true) {
      match = picomatch.matchBase(input, regex, options, posix);
    } else {
      match = regex.exec(output);
    }
  }

  return { isMatch: Boolean(match), match, output };
};

/**
 * Match the basename of a filepath.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.matchBase(input, glob[, options]);
 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
 * @return {Boolean}
 * @api public
 */

picomatch.matchBase = (input, glob, options, posix = options && options.windows) => {
  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
  return regex.test(utils.basename(input, { windows: posix }));
};

/**
 * Returns true if **any** of the given glob `patterns` match the specified `string`.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.isMatch(string, patterns[, options]);
 *
 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
 * ```
 * @param {String|Array} str The string to test.
 * @param {String|Array} patterns One or more glob patterns to use for matching.
 * @param {Object} [options] See available [options](#options).
 * @return {Boolean} Returns true if any patterns match `str`
 * @api public
 */

picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

/**
 * Parse a glob pattern to create the source string for a regular
 * expression.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const result = picomatch.parse(pattern[, options]);
 * ```
 * @param {String} `pattern`
 * @param {Object} `options`
 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
 * @api public
 */

picomatch.parse = (pattern, options) => {
  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
  return parse(pattern, { ...options, fastpaths: false });
};

/**
 * Scan a glob pattern to separate the pattern into segments.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.scan(input[, options]);
 *
 * const result = picomatch.scan('!./foo/*.js');
 * console.log(result);
 * { prefix: '!./',
 *   input: '!./foo/*.js',
 *   start: 3,
 *   base: 'foo',
 *   glob: '*.js',
 *   isBrace: false,
 *   isBracket: false,
 *   isGlob: true,
 *   isExtglob: false,
 *   isGlobstar: false,
 *   negated: true }
 * ```
 * @param {String} `input` Glob pattern to scan.
 * @param {Object} `options`
 * @return {Object} Returns an object with
 * @api public
 */

picomatch.scan = (input, options) => scan(input, options);

/**
 * Compile a regular expression from the `state` object returned by the
 * [parse()](#parse) method.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const state = picomatch.parse('*.js');
 * // picomatch.compileRe(state[, options]);
 *
 * console.log(picomatch.compileRe(state));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {Object} `state`
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
 * @return {RegExp}
 * @api public
 */

picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
  if (returnOutput === true) {
    return state.output;
  }

  const opts = options || {};
  const prepend = opts.contains ? '' : '^';
  const append = opts.contains ? '' : '$';

  let source = `${prepend}(?:${state.output})${append}`;
  if (state && state.negated === true) {
    source = `^(?!${source}).*$`;
  }

  const regex = picomatch.toRegex(source, options);
  if (returnState === true) {
    regex.state = state;
  }

  return regex;
};

/**
 * Create a regular expression from a parsed glob pattern.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.makeRe(state[, options]);
 *
 * const result = picomatch.makeRe('*.js');
 * console.log(result);
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `state` The object returned from the `.parse` method.
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
 * @return {RegExp} Returns a regex created from the given pattern.
 * @api public
 */

picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
  if (!input || typeof input !== 'string') {
    throw new TypeError('Expected a non-empty string');
  }

  let parsed = { negated: false, fastpaths: true };

  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
    parsed.output = parse.fastpaths(input, options);
  }

  if (!parsed.output) {
    parsed = parse(input, options);
  }

  return picomatch.compileRe(parsed, options, returnOutput, returnState);
};

/**
 * Create a regular expression from the given regex source string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.toRegex(source[, options]);
 *
 * const { output } = picomatch.parse('*.js');
 * console.log(picomatch.toRegex(output));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `source` Regular expression source string.
 * @param {Object} `options`
 * @return {RegExp}
 * @api public
 */

picomatch.toRegex = (source, options) => {
  try {
    const opts = options || {};
    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
  } catch (err) {
    if (options && options.debug === true) throw err;
    return /$^/;
  }
};

/**
 * Picomatch constants.
 * @return {Object}
 */

picomatch.constants = constants;

/**
 * Expose "picomatch"
 */

module.exports = picomatch;


/***/ }),

/***/ 1781:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const utils = __nccwpck_require__(4059);
const {
  CHAR_ASTERISK,             /* * */
  CHAR_AT,                   /* @ */
  CHAR_BACKWARD_SLASH,       /* \ */
  CHAR_COMMA,                /* , */
  CHAR_DOT,                  /* . */
  CHAR_EXCLAMATION_MARK,     /* ! */
  CHAR_FORWARD_SLASH,        /* / */
  CHAR_LEFT_CURLY_BRACE,     /* { */
  CHAR_LEFT_PARENTHESES,     /* ( */
  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
  CHAR_PLUS,                 /* + */
  CHAR_QUESTION_MARK,        /* ? */
  CHAR_RIGHT_CURLY_BRACE,    /* } */
  CHAR_RIGHT_PARENTHESES,    /* ) */
  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
} = __nccwpck_require__(5595);

const isPathSeparator = code => {
  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
};

const depth = token => {
  if (token.isPrefix !== true) {
    token.depth = token.isGlobstar ? Infinity : 1;
  }
};

/**
 * Quickly scans a glob pattern and returns an object with a handful of
 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
 *
 * ```js
 * const pm = require('picomatch');
 * console.log(pm.scan('foo/bar/*.js'));
 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
 * ```
 * @param {String} `str`
 * @param {Object} `options`
 * @return {Object} Returns an object with tokens and regex source string.
 * @api public
 */

const scan = (input, options) => {
  const opts = options || {};

  const length = input.length - 1;
  const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
  const slashes = [];
  const tokens = [];
  const parts = [];

  let str = input;
  let index = -1;
  let start = 0;
  let lastIndex = 0;
  let isBrace = false;
  let isBracket = false;
  let isGlob = false;
  let isExtglob = false;
  let isGlobstar = false;
  let braceEscaped = false;
  let backslashes = false;
  let negated = false;
  let negatedExtglob = false;
  let finished = false;
  let braces = 0;
  let prev;
  let code;
  let token = { value: '', depth: 0, isGlob: false };

  const eos = () => index >= length;
  const peek = () => str.charCodeAt(index + 1);
  const advance = () => {
    prev = code;
    return str.charCodeAt(++index);
  };

  while (index < length) {
    code = advance();
    let next;

    if (code === CHAR_BACKWARD_SLASH) {
      backslashes = token.backslashes = true;
      code = advance();

      if (code === CHAR_LEFT_CURLY_BRACE) {
        braceEscaped = true;
      }
      continue;
    }

    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
      braces++;

      while (eos() !== true && (code = advance())) {
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          continue;
        }

        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (braceEscaped !== true && code === CHAR_COMMA) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (code === CHAR_RIGHT_CURLY_BRACE) {
          braces--;

          if (braces === 0) {
            braceEscaped = false;
            isBrace = token.isBrace = true;
            finished = true;
            break;
          }
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (code === CHAR_FORWARD_SLASH) {
      slashes.push(index);
      tokens.push(token);
      token = { value: '', depth: 0, isGlob: false };

      if (finished === true) continue;
      if (prev === CHAR_DOT && index === (start + 1)) {
        start += 2;
        continue;
      }

      lastIndex = index + 1;
      continue;
    }

    if (opts.noext !== true) {
      const isExtglobChar = code === CHAR_PLUS
        || code === CHAR_AT
        || code === CHAR_ASTERISK
        || code === CHAR_QUESTION_MARK
        || code === CHAR_EXCLAMATION_MARK;

      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
        isGlob = token.isGlob = true;
        isExtglob = token.isExtglob = true;
        finished = true;
        if (code === CHAR_EXCLAMATION_MARK && index === start) {
          negatedExtglob = true;
        }

        if (scanToEnd === true) {
          let parens = 0;

          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }

            if (code === CHAR_LEFT_PARENTHESES) {
              parens++;
              continue;
            }

            if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
              finished = true;
              break;
            }
          }
          continue;
        }
        break;
      }
    }

    if (code === CHAR_ASTERISK) {
      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_QUESTION_MARK) {
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_LEFT_SQUARE_BRACKET) {
      while (eos() !== true && (next = advance())) {
        if (next === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
          isBracket = token.isBracket = true;
          isGlob = token.isGlob = true;
          finished = true;
          break;
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
      negated = token.negated = true;
      start++;
      continue;
    }

    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
      isGlob = token.isGlob = true;

      if (scanToEnd === true) {
        let parens = 1;

        while (eos() !== true && (code = advance())) {
          if (code === CHAR_BACKWARD_SLASH) {
            backslashes = token.backslashes = true;
            advance();
            continue;
          }

          if (code === CHAR_LEFT_PARENTHESES) {
            parens++;
            continue;
          }

          if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
            finished = true;
            break;
          }
        }
        continue;
      }
      break;
    }

    if (isGlob === true) {
      finished = true;

      if (scanToEnd === true) {
        continue;
      }

      break;
    }
  }

  if (opts.noext === true) {
    isExtglob = false;
    isGlob = false;
  }

  let base = str;
  let prefix = '';
  let glob = '';

  if (start > 0) {
    prefix = str.slice(0, start);
    str = str.slice(start);
    lastIndex -= start;
  }

  if (base && isGlob === true && lastIndex > 0) {
    base = str.slice(0, lastIndex);
    glob = str.slice(lastIndex);
  } else if (isGlob === true) {
    base = '';
    glob = str;
  } else {
    base = str;
  }

  if (base && base !== '' && base !== '/' && base !== str) {
    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
      base = base.slice(0, -1);
    }
  }

  if (opts.unescape === true) {
    if (glob) glob = utils.removeBackslashes(glob);

    if (base && backslashes === true) {
      base = utils.removeBackslashes(base);
    }
  }

  const state = {
    prefix,
    input,
    start,
    base,
    glob,
    isBrace,
    isBracket,
    isGlob,
    isExtglob,
    isGlobstar,
    negated,
    negatedExtglob
  };

  if (opts.tokens === true) {
    state.maxDepth = 0;
    if (!isPathSeparator(code)) {
      tokens.push(token);
    }
    state.tokens = tokens;
  }

  if (opts.parts === true || opts.tokens === true) {
    let prevIndex;

    for (let idx = 0; idx < slashes.length; idx++) {
      const n = prevIndex !== undefined ? prevIndex + 1 : start;
      const i = slashes[idx];
      const value = input.slice(n, i);
      if (opts.tokens) {
        if (idx === 0 && start !== 0) {
          tokens[idx].isPrefix = true;
          tokens[idx].value = prefix;
        } else {
          tokens[idx].value = value;
        }
        depth(tokens[idx]);
        state.maxDepth += tokens[idx].depth;
      }
      if (i >= start) {
        parts.push(value);
        prevIndex = i;
      }
    }

    const n = prevIndex !== undefined ? prevIndex + 1 : start;
    const value = input.slice(n);
    parts.push(value);

    if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
      tokens[tokens.length - 1].value = value;
      depth(tokens[tokens.length - 1]);
      state.maxDepth += tokens[tokens.length - 1].depth;
    }

    state.slashes = slashes;
    state.parts = parts;
  }

  return state;
};

module.exports = scan;


/***/ }),

/***/ 4059:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

/*global navigator*/


const {
  REGEX_BACKSLASH,
  REGEX_REMOVE_BACKSLASH,
  REGEX_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_GLOBAL
} = __nccwpck_require__(5595);

exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

exports.isWindows = () => {
  if (typeof navigator !== 'undefined' && navigator.platform) {
    const platform = navigator.platform.toLowerCase();
    return platform === 'win32' || platform === 'windows';
  }

  if (typeof process !== 'undefined' && process.platform) {
    return process.platform === 'win32';
  }

  return false;
};

exports.removeBackslashes = str => {
  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
    return match === '\\' ? '' : match;
  });
};

exports.escapeLast = (input, char, lastIdx) => {
  const idx = input.lastIndexOf(char, lastIdx);
  if (idx === -1) return input;
  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
};

exports.removePrefix = (input, state = {}) => {
  let output = input;
  if (output.startsWith('./')) {
    output = output.slice(2);
    state.prefix = './';
  }
  return output;
};

exports.wrapOutput = (input, state = {}, options = {}) => {
  const prepend = options.contains ? '' : '^';
  const append = options.contains ? '' : '$';

  let output = `${prepend}(?:${input})${append}`;
  if (state.negated === true) {
    output = `(?:^(?!${output}).*$)`;
  }
  return output;
};

exports.basename = (path, { windows } = {}) => {
  const segs = path.split(windows ? /[\\/]/ : '/');
  const last = segs[segs.length - 1];

  if (last === '') {
    return segs[segs.length - 2];
  }

  return last;
};


/***/ }),

/***/ 3969:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Lo: () => (/* binding */ COMMANDS),
/* harmony export */   f$: () => (/* binding */ SUB_ACTIONS),
/* harmony export */   iL: () => (/* binding */ STEP_ONLY_INPUTS),
/* harmony export */   mc: () => (/* binding */ INPUTS)
/* harmony export */ });
/* unused harmony exports SUB_ACTION_NAMES, ACTION, OUTPUTS, describeFor */
/**
 * The one declaration of berth's action interface: each command's inputs (description, default,
 * form, secret, required, which sub-actions take it) and outputs. From it come the code's typed inputs
 * (src/inputs.ts), the root action.yml and every sub-action's `<name>/action.yml` and README
 * (`npm run docs`, scripts/action-docs.mjs), README's tables, and the CLI's `--help`; a drift test
 * fails when a generated file differs. Pure data with no imports: the docs script loads it directly.
 */
const COMMANDS = [
    'plan',
    'build',
    'deploy',
    'rollback',
    'coverage',
    'quality-gate',
    'comment',
    'quality-check',
    'doctor',
    'status',
];
/**
 * One action per job: `berth-dev/berth/<name>@v0`. Each runs one command with only its own inputs;
 * `deploy-static` is `deploy` with `strategy: static`. `post` is set where the post step has something
 * to clean up (the private docker config, the deploy lock, an SSH key directory, a kubeconfig).
 */
const SUB_ACTIONS = {
    plan: {
        command: 'plan',
        title: 'berth plan',
        description: 'Decide from the event, the labels and the changed files which components go to which environment, and why: a matrix for the build and deploy jobs.',
        post: false,
    },
    build: {
        command: 'build',
        title: 'berth build',
        description: "Build a component's image, tag it by rule, push it to the team's registry (Docker Hub, GHCR, ECR, Naver Cloud, NHN Cloud, private) and output its digest; skipped when the registry already holds this commit's image.",
        post: true,
    },
    deploy: {
        command: 'deploy',
        title: 'berth deploy',
        description: "Deploy an image with zero downtime: start it in the idle colour, gate it on health, switch the team's nginx to it without a reload, let the old colour's requests finish, stop it (blue/green or recreate, on this host or over SSH through a bastion) — or roll a Helm release out on Kubernetes, failing fast with the failing pods’ reasons and rolling back.",
        post: true,
    },
    'deploy-static': {
        command: 'deploy',
        strategy: 'static',
        title: 'berth deploy-static',
        description: 'Publish a static frontend build: to S3 or S3-compatible storage (changed files only, HTML last, CloudFront invalidated) or to an nginx directory (a new release switched by symlink).',
        post: true,
    },
    rollback: {
        command: 'rollback',
        title: 'berth rollback',
        description: 'Switch an environment back to the previous image (or release) the same zero-downtime way a deploy switches forward.',
        post: true,
    },
    coverage: {
        command: 'coverage',
        title: 'berth coverage',
        description: "Read the coverage reports of any common format, merge them, report changed-line coverage and tests in the pull request's one comment, and fail when a threshold is not met.",
        post: false,
    },
    'quality-gate': {
        command: 'quality-gate',
        title: 'berth quality-gate',
        description: "Wait for SonarQube to process the scanner's analysis, report each condition of its quality gate in the pull request's comment, and fail when the gate fails.",
        post: false,
    },
    comment: {
        command: 'comment',
        title: 'berth comment',
        description: "In a `workflow_run` workflow: post the pull request comment sections a fork's `pull_request` run could not (downloaded from its artifact).",
        post: false,
    },
    'quality-check': {
        command: 'quality-check',
        title: 'berth quality-check',
        description: "The one check to mark required: fails when a quality job it needs failed or was cancelled, or when a component the pull request's files touch — by the paths of the base branch's berth config, which the pull request cannot edit — was not tested.",
        post: false,
    },
    doctor: {
        command: 'doctor',
        title: 'berth doctor',
        description: "Check this host (or the SSH hosts) for what deploy needs — Docker, BuildKit, nginx and its include, berth's switch, free ports, disk, the self-hosted runner's version (node24 needs 2.327.1) — and print what is missing and how to fix it; with `github: true`, the repository's settings too (environments' deployment branches and reviewers, token permissions, fork approval, the required quality check). It changes nothing.",
        // Over SSH it writes the key into a directory of the runner's temp dir: a cancel's post removes it.
        post: true,
    },
    status: {
        command: 'status',
        title: 'berth status',
        description: "Show what is live on each host of an environment — colour, image, commit, since when, whether its container runs — and the last deploys from the host's history (who, what, result, how long), as a table and as JSON. It changes nothing.",
        // Over SSH, as doctor: the key's directory in the runner's temp dir, removed by a cancel's post.
        post: true,
    },
};
const SUB_ACTION_NAMES = Object.keys(SUB_ACTIONS);
/** The root action (`berth-dev/berth@v0` with `command:`), kept for existing workflows. */
const ACTION = {
    name: 'berth',
    description: 'From pull request to running server — plan which components go to which environment, then build, deploy and gate them.',
    author: 'berth',
    branding: { icon: 'anchor', color: 'blue' },
};
const INPUTS = {
    command: {
        description: "What to run. `plan`: decide from the event, the labels and the changed files which components go to which environment, and why (outputs `matrix`, `components`, `environment`, `deploy`, `has-work`). `build`: build the image, tag it by rule, push it, and output its digest (outputs `image`, `tags`, `digest`, `image-ref`, `skipped`, `metadata`). `deploy`: start `image` in the idle colour, gate it on health, switch nginx to it without a reload, let the old colour's requests finish, stop it (blue/green, on this host or over SSH). `rollback`: the same switch back to the previous image. `coverage`: read the coverage reports, merge them, and fail when a threshold is not met (outputs `line-coverage`, `branch-coverage`, …). `quality-gate`: wait for SonarQube to process the analysis the scanner uploaded, report each condition of its quality gate, and fail when the gate fails (outputs `quality-gate-status`, `dashboard-url`). `comment`: in a `workflow_run` workflow, post the PR comment sections a fork's pull_request run could not (its `comment-dir`, downloaded from an artifact). `quality-check`: the one check to mark required — fail when a job in `needs` failed or was cancelled, or when a component the pull request's files touch (by the base branch's config) was not tested. `doctor`: check this host (or the `ssh-host` servers) for what `deploy` needs — Docker reachable and its version, BuildKit, nginx (`nginx -t`, reload permission, `nginx-upstream-file` or `/etc/nginx/berth` writable and included, nginx's workers able to see berth's switch, each app's switch reload-free), `blue-port`/`green-port` free (default 18080/18081), disk space where Docker keeps images, this host's self-hosted runner new enough for node24 (2.327.1) — print a table of what is missing and how to fix it, and fail when something required is missing (output `passed`). It changes nothing. `status`: for each host of the environment, what is live (colour, image, commit, since when, its container) and the last deploys from the host's history, as a table and as JSON (outputs `status`, `image-ref`); it changes nothing.",
        form: { kind: 'command' },
    },
    config: {
        description: 'Path of the berth config file, relative to the repository root.',
        default: '.github/berth.yml',
        form: { kind: 'text' },
        in: [
            'plan',
            'build',
            'deploy',
            'deploy-static',
            'rollback',
            'coverage',
            'quality-gate',
            'quality-check',
            'doctor',
            'status',
        ],
    },
    'github-token': {
        description: 'Token for the GitHub API (`GITHUB_API_URL`), used to find the pull request a push merged and the files it changed. Needs `contents: read` and `pull-requests: read`.',
        describe: {
            build: 'Token for GHCR: the default `registry-password` when the image is on `ghcr.io` (needs `packages: write`).',
            deploy: "Token for the GitHub API: reads the environment's protection before deploying (needs `actions: read`); and for GHCR, the default `registry-password` when the image is on `ghcr.io` (needs `packages: read`).",
            'deploy-static': "Token for the GitHub API: reads the environment's protection before deploying (needs `actions: read`).",
            rollback: "Token for the GitHub API: reads the environment's protection before rolling back (needs `actions: read`); and for GHCR, the default `registry-password` when the image is on `ghcr.io` (needs `packages: read`).",
            coverage: "Token for the GitHub API: the pull request's changed lines and berth's one PR comment (needs `pull-requests: write` to comment).",
            'quality-gate': "Token for the GitHub API: berth's one PR comment (needs `pull-requests: write`).",
            comment: 'Token for the GitHub API: finds the pull request of the `workflow_run` and posts its sections (needs `pull-requests: write`, `actions: read`).',
            'quality-check': "Token for the GitHub API: the base branch's config and the pull request's changed files (needs `contents: read`, `pull-requests: read`).",
            doctor: "With `github: true`: the token that reads the repository's settings (`actions: read` for the environments; the workflow permissions, fork approval and branch protection need a repository admin's token, and are reported as not readable without one).",
        },
        default: '',
        actionDefault: '${{ github.token }}',
        form: { kind: 'text' },
        secret: 'value',
        in: [
            'plan',
            'build',
            'deploy',
            'deploy-static',
            'rollback',
            'coverage',
            'quality-gate',
            'comment',
            'doctor',
            'quality-check',
        ],
    },
    environment: {
        description: '`plan` on workflow_dispatch: the environment to deploy to, a name from the config (empty: the one whose branches match the ref). `build`: the environment the plan chose, added as an image tag. `deploy`/`rollback`: the environment deployed (required), part of container and upstream names.',
        describe: {
            plan: 'On workflow_dispatch: the environment to deploy to, a name from the config (empty: the one whose branches match the ref).',
            build: 'The environment the plan chose, added as an image tag (and whose config `with:` applies).',
            deploy: 'The environment deployed, a name from the config: part of container and upstream names, and its config `with:` applies.',
            'deploy-static': 'The environment deployed, a name from the config: its config `with:` applies (`s3-bucket`, `static-root`), and it names the deploy lock and history.',
            rollback: 'The environment to roll back, a name from the config.',
            coverage: "The environment whose config `with:` applies to this component's inputs (rarely needed).",
            'quality-gate': "The environment whose config `with:` applies to this component's inputs (rarely needed).",
            doctor: 'The environment whose config `with:` (`ssh-host`, `nginx-upstream-file`, ports) the checks use.',
            status: 'The environment to show, a name from the config: its config `with:` says the hosts (`ssh-host`).',
        },
        form: { kind: 'text' },
        in: [
            'plan',
            'build',
            'deploy',
            'deploy-static',
            'rollback',
            'coverage',
            'quality-gate',
            'doctor',
            'status',
        ],
        required: ['deploy', 'deploy-static', 'rollback', 'status'],
    },
    'environment-url': {
        description: "`deploy`/`rollback`: the app's public address in this environment (`https://shop.example.com`), given back as the `environment-url` output and shown in the step summary. Default: the config's `components.<component>.environments.<environment>.url`, else `environments.<environment>.url`.",
        form: { kind: 'http-url' },
        in: ['deploy', 'deploy-static', 'rollback'],
    },
    components: {
        description: 'workflow_dispatch only: comma-separated components to deploy, names from the config. Empty: all components.',
        form: { kind: 'text' },
        in: ['plan'],
    },
    component: {
        description: '`build`: the component (a name from the config, e.g. `matrix.component`) whose `image`, `context` and `dockerfile` to use. `coverage`: the component the report is for; in a monorepo each component owns its own section of the pull request comment.',
        describe: {
            build: 'The component (a name from the config, e.g. `matrix.component`) whose `image`, `context` and `dockerfile` to use, and whose config `with:` applies.',
            deploy: 'The component (a name from the config, e.g. `matrix.component`) deployed: its config `with:` applies (`port`, `health-path`), and it is the default `app`.',
            'deploy-static': 'The component (a name from the config, e.g. `matrix.component`) deployed: its config `with:` applies (`dir`, `s3-bucket`), and it is the default `app`.',
            rollback: 'The component to roll back (a name from the config); the default `app`.',
            coverage: 'The component the report is for (a name from the config); in a monorepo each component owns its own section of the pull request comment.',
            'quality-gate': 'The component the analysis is for (a name from the config); in a monorepo each component owns its own section of the pull request comment.',
            doctor: 'The component (a name from the config) whose config `with:` the checks use (ports, `nginx-upstream-file`).',
            status: 'The component to show (a name from the config); the default `app`.',
        },
        form: { kind: 'text' },
        in: ['build', 'deploy', 'deploy-static', 'rollback', 'coverage', 'quality-gate', 'doctor', 'status'],
    },
    image: {
        description: "`deploy`: the image to run, best `image-ref` from `build` (`repo@sha256:…`; `repo:tag@sha256:…` runs the digest). `rollback`: an image to return to (default: the previous one deployed). `build`: the image name without tag (`ghcr.io/acme/backend`, `123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/backend`). Default: the component's `image` in the config, joined to the config's `registry`. Capitals in the repository path are lowercased.",
        describe: {
            build: "The image name without tag (`ghcr.io/acme/backend`, `123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/backend`). Default: the component's `image` in the config, joined to the config's `registry`. Capitals in the repository path are lowercased.",
            deploy: 'The image to run, best the `image-ref` output of `build` (`repo@sha256:…`), or the `digest` of docker/build-push-action as `<repo>@${{ steps.build.outputs.digest }}`; `repo:tag@sha256:…` runs the digest (the tag is dropped).',
            rollback: 'An image to return to. Default: the previous one deployed.',
        },
        form: { kind: 'text' },
        in: ['build', 'deploy', 'rollback'],
    },
    context: {
        description: "`build`: the build context. Default: the component's `context`, else the repository root.",
        form: { kind: 'text' },
        in: ['build'],
    },
    file: {
        description: "`build`: the Dockerfile. Default: the component's `dockerfile`, else `<context>/Dockerfile`.",
        form: { kind: 'text' },
        in: ['build'],
    },
    target: {
        description: '`build`: the Dockerfile stage to build.',
        form: { kind: 'text' },
        in: ['build'],
    },
    'build-args': {
        description: '`build`: build arguments, one `KEY=VALUE` per line. Not for secrets: they end up in the image history.',
        form: { kind: 'lines' },
        in: ['build'],
    },
    'build-secrets': {
        description: "`build`: BuildKit secrets, one `id=value` per line, read in the Dockerfile with `RUN --mount=type=secret,id=…`. Handed to the builder as 0600 files deleted afterwards: never in build args, layers or logs. Needs BuildKit (buildx or the engine's built-in one).",
        form: { kind: 'lines' },
        secret: 'value',
        in: ['build'],
    },
    labels: {
        description: '`build`: extra image labels, one `KEY=VALUE` per line (the OCI source/revision/created/version labels are set anyway).',
        form: { kind: 'lines' },
        in: ['build'],
    },
    tags: {
        description: "`build`: extra tags, comma- or newline-separated, added to the rule tags (`sha-<7 hex>`, branch, version, `latest`, environment): tag names (`stable`) or full references to the image (`ghcr.io/acme/app:1.2`, as docker/metadata-action's `tags` output). A reference to another repository is refused.",
        form: { kind: 'text' },
        in: ['build'],
    },
    latest: {
        description: "`build`: tag `latest`: `default-branch` (on pushes to the default branch), `release` (on a pushed git tag that is not a semver pre-release, as docker/metadata-action's `latest=auto`), `true` (always) or `false` (never). `auto` is the deprecated old name of `default-branch` and warns.",
        default: 'default-branch',
        form: { kind: 'choice', values: ['default-branch', 'release', 'true', 'false', 'auto'] },
        in: ['build'],
    },
    platforms: {
        description: '`build`: target platforms, comma-separated (`linux/amd64,linux/arm64`); several need the buildx plugin.',
        form: { kind: 'text' },
        in: ['build'],
    },
    'cache-from': {
        description: '`build`: build cache sources, one per line (`type=registry,ref=…` with buildx; image references otherwise).',
        form: { kind: 'lines' },
        in: ['build'],
    },
    'cache-to': {
        description: '`build`: build cache exports, one per line (`type=inline`, `type=registry,ref=…,mode=max`); needs the buildx plugin.',
        form: { kind: 'lines' },
        in: ['build'],
    },
    'no-cache': {
        description: '`build`: build without the layer cache (`true`); the registry skip still applies unless `force`.',
        default: 'false',
        form: { kind: 'boolean' },
        in: ['build'],
    },
    push: {
        description: '`build`: push the image (`true`) or only build it (`false`).',
        default: 'true',
        form: { kind: 'boolean' },
        in: ['build'],
    },
    force: {
        description: "`build`: rebuild even when the registry already holds this commit's `sha-` tag. `deploy` with strategy `static` to S3: upload every file, even those the bucket already holds unchanged (to apply new `cache-control` rules).",
        describe: {
            build: "Rebuild even when the registry already holds this commit's `sha-` tag.",
            'deploy-static': 'To S3: upload every file, even those the bucket already holds unchanged (to apply new `cache-control` rules).',
        },
        default: 'false',
        form: { kind: 'boolean' },
        in: ['build', 'deploy-static'],
    },
    'registry-provider': {
        description: "`build`: `dockerhub`, `ghcr`, `ecr`, `ncp`, `nhn` or `generic`. Default: inferred from the image's registry host (`ghcr.io`, `*.dkr.ecr.*.amazonaws.com`, `*.ncr.ntruss.com`, `*-registry.container.nhncloud.com`, Docker Hub), else `generic`.",
        form: { kind: 'text' },
        in: ['build', 'deploy', 'rollback'],
    },
    'registry-username': {
        description: "`build`: the registry user: Docker Hub user, NCP access key, NHN user access key ID, or any registry's user. ghcr: default the workflow actor. ecr: not used (credentials come from AWS). Default: the job's own docker login for the registry (a `docker/login-action` step before berth); given, they win over it.",
        form: { kind: 'text' },
        in: ['build', 'deploy', 'rollback'],
    },
    'registry-password': {
        description: "`build`: the registry password or token (a secret): Docker Hub access token, NCP secret key, NHN secret access key. ghcr: default `github-token`. Given to docker through stdin, never a command line. Default: the job's own docker login for the registry (a `docker/login-action` step before berth); given, they win over it.",
        form: { kind: 'block' },
        secret: 'value',
        in: ['build', 'deploy', 'rollback'],
    },
    'registry-ca-cert': {
        description: "`build`: PEM of the private CA (or a path to it) that a self-hosted registry's certificate chains to. The docker engine must trust it too (`/etc/docker/certs.d/HOST/ca.crt`). Also used for connections tunnelled through `HTTPS_PROXY`.",
        form: { kind: 'block' },
        in: ['build'],
    },
    'registry-insecure': {
        description: '`build`: allow plain HTTP to the registry after HTTPS fails (as docker does for loopback registries).',
        default: 'false',
        form: { kind: 'boolean' },
        in: ['build'],
    },
    strategy: {
        description: '`deploy`: `blue-green` (two colours behind nginx, health-gated switch, zero downtime), `recreate` (for workers that serve no HTTP: stop the old container, start the new one, and put the old one back if the new one does not stay up for `verify-time`), `static` (a frontend build directory, `dir`, to S3 or S3-compatible object storage, or to a directory nginx serves: see `static-target`), or `kubernetes` (a Helm release on a cluster — the built-in chart or yours — watched until its new pods are ready, rolled back with the failing pods’ reasons when they are not).',
        describe: {
            deploy: '`blue-green` (two colours behind nginx, health-gated switch, zero downtime) or `recreate` (for workers that serve no HTTP: stop the old container, start the new one, and put the old one back if the new one does not stay up for `verify-time`), or `kubernetes` (a Helm release on a cluster, watched until its new pods are ready, rolled back with the failing pods’ reasons when they are not: see `kubeconfig`, `namespace`, `chart`). A static frontend: berth-dev/berth/deploy-static.',
            rollback: 'The strategy the environment was deployed with: `blue-green`, `recreate`, `static` or `kubernetes`.',
            doctor: 'The strategy deploy will use: `blue-green` checks nginx and both ports, `recreate` only Docker (`kubernetes` needs no host: doctor refuses it).',
            status: "The strategy the environment is deployed with: the hosts' records are read for `blue-green`, `recreate` and `static` to `nginx-dir`; a `kubernetes` release's history is Helm's.",
        },
        default: 'blue-green',
        form: { kind: 'choice', values: ['blue-green', 'recreate', 'static', 'kubernetes'] },
        in: ['deploy', 'rollback', 'doctor', 'status'],
    },
    app: {
        description: '`deploy`/`rollback`: the app name in container names (`<app>-<environment>-blue|green`). Default: the `component`.',
        form: { kind: 'text' },
        in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
    },
    port: {
        description: '`deploy`: the port the app listens on inside the container (required).',
        form: { kind: 'port' },
        in: ['deploy', 'rollback', 'doctor'],
    },
    'blue-port': {
        description: '`deploy`: the host port of the blue colour (required; different from green-port). `recreate`: the one host port, if the worker publishes one.',
        form: { kind: 'port' },
        in: ['deploy', 'rollback', 'doctor'],
    },
    'green-port': {
        description: '`deploy`: the host port of the green colour (required).',
        form: { kind: 'port' },
        in: ['deploy', 'rollback', 'doctor'],
    },
    'bind-address': {
        description: '`deploy`: the host address the colours are published on; loopback, so only nginx reaches them.',
        default: '127.0.0.1',
        form: { kind: 'ip' },
        in: ['deploy', 'rollback', 'doctor'],
    },
    'health-path': {
        description: '`deploy`: the HTTP path that answers 2xx when the app is ready.',
        default: '/health',
        form: { kind: 'path' },
        in: ['deploy', 'rollback', 'doctor'],
    },
    'health-timeout': {
        description: "`deploy`: seconds the new colour has to become healthy before it is removed and the deploy fails. Strategy `kubernetes`: seconds every new pod has to be ready before the release is rolled back (the Deployment's progress deadline is 10 s shorter).",
        default: '60',
        form: { kind: 'integer', min: 1, max: 3600 },
        field: 'healthTimeoutSeconds',
        in: ['deploy', 'rollback', 'doctor'],
    },
    env: {
        description: "`deploy`: the app's environment, one `KEY=VALUE` per line (typically from secrets). On the runner's own host it goes to the Docker engine inside the create request; over SSH as a 0600 file deleted right after the container starts. Masked; never on a command line or on disk beyond that.",
        form: { kind: 'lines' },
        secret: 'value',
        in: ['deploy', 'rollback', 'doctor'],
    },
    'nginx-upstream-file': {
        description: "`deploy`: the include file berth owns (required), in nginx's http block. It holds the upstream your server block proxies to (`proxy_pass http://<nginx-upstream-name>;`), both colours and the switch between them; berth switches by a marker file next to it, so nginx's workers must be able to enter its directory (e.g. `/etc/nginx/berth`). nginx reloads only when this file changes.",
        form: { kind: 'text' },
        in: ['deploy', 'rollback', 'doctor'],
    },
    'nginx-upstream-name': {
        description: "`deploy`: the upstream block's name. Default: `<app>_<environment>`.",
        form: { kind: 'text' },
        in: ['deploy', 'rollback', 'doctor'],
    },
    'nginx-command': {
        description: '`deploy`: how this host runs nginx, e.g. `sudo nginx` or `nginx -p /srv/nginx -c conf/nginx.conf`.',
        default: 'nginx',
        form: { kind: 'text' },
        in: ['deploy', 'rollback', 'doctor'],
    },
    'keep-images': {
        description: '`deploy`: how many images of this app to keep on the host (older ones are removed).',
        default: '3',
        form: { kind: 'integer', min: 1, max: 100 },
        in: ['deploy', 'rollback', 'doctor'],
    },
    'state-dir': {
        description: '`deploy`/`rollback`: where the host keeps the live colour, history and locks (`status` reads them there). Default: `~/.berth`.',
        form: { kind: 'text' },
        in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
    },
    history: {
        description: "`status`: how many of the last deploys of the host's history to show per host (0: none).",
        default: '10',
        form: { kind: 'integer', min: 0, max: 1000 },
        field: 'historyCount',
        in: ['status'],
    },
    'lock-timeout': {
        description: '`deploy`/`rollback`: seconds to wait for another deploy of the same app and environment; a lock older than this is broken.',
        default: '600',
        form: { kind: 'integer', min: 0, max: 86400 },
        field: 'lockTimeoutSeconds',
        in: ['deploy', 'deploy-static', 'rollback'],
    },
    github: {
        description: "`doctor`: also read the repository's settings through the GitHub API and add a table of what is missing and where to set it: each config environment's deployment branches and required reviewers, the default workflow token permissions, the fork pull request approval policy, and whether the default branch and each environment's branches require `quality-check`. An environment any branch can deploy to (or one GitHub does not have) fails doctor, as a missing host check does; the other rows warn. A row GitHub would not show this token (several need a repository admin's) is reported as not readable, with the permission it needs, and does not fail.",
        default: 'false',
        form: { kind: 'boolean' },
        in: ['doctor'],
    },
    'quality-check': {
        description: "`doctor` with `github: true`: the status check branch protection should require: the name of the quality job that always reports (the templates' `quality-check`), matched alone or as the last part of a reusable workflow's `caller / quality-check`.",
        default: 'quality-check',
        form: { kind: 'text' },
        in: ['doctor'],
    },
    'allow-unprotected-environment': {
        description: '`deploy`/`rollback`: deploy even when GitHub says the environment has no deployment branch policy (any branch could deploy to it) or cannot say (no such environment, no `actions: read`, GitHub not answering). Each run then warns what is unprotected. Without it such a deploy fails before the host changes, naming Settings → Environments → <environment> → Deployment branches and tags.',
        default: 'false',
        form: { kind: 'boolean' },
        in: ['deploy', 'deploy-static', 'rollback'],
    },
    'check-environment-protection': {
        description: "`deploy`/`rollback`: when to read the environment's protection (deployment branch policy, required reviewers) through the GitHub API: `auto` in GitHub Actions only (`GITHUB_ACTIONS=true`; the CLI elsewhere says once it did not check), `always` from the CLI too (with `github-token` holding `actions: read`, `--repository` and `GITHUB_API_URL`).",
        default: 'auto',
        form: { kind: 'choice', values: ['auto', 'always'] },
        in: ['deploy', 'deploy-static', 'rollback'],
    },
    'metrics-textfile-dir': {
        description: "`deploy`/`rollback`: node_exporter's textfile collector directory on the host (its `--collector.textfile.directory`, e.g. `/var/lib/prometheus/node-exporter`): after every attempt berth writes `berth-<app>-<environment>.prom` there (atomically, 0644) from the host's history — deploys by action and result, their durations, what is live (colour, version, commit), the last success, and the four DORA figures over 30 days. Empty: none written.",
        form: { kind: 'text' },
        in: ['deploy', 'deploy-static', 'rollback'],
    },
    'metrics-pushgateway': {
        description: '`deploy`/`rollback`: a Prometheus Pushgateway (`http://pushgateway:9091`) that gets the same metrics after every attempt, in the group `job="berth", app, environment` (PUT: the group is replaced). A push that fails (tried 3 times) is a warning; the deploy’s result stands.',
        form: { kind: 'http-url' },
        in: ['deploy', 'deploy-static', 'rollback'],
    },
    'github-deployment': {
        description: "`deploy`/`rollback`: record the deploy in GitHub's Deployments (the repository's environments page and deployments list): a deployment of the commit (`sha`) to `environment` — task `deploy` or `rollback`, the component in its payload — with statuses `in_progress` then `success` (with `environment-url`) or `failure` (the failed step and the error), and the component's previous successful deployment marked `inactive`. `auto`: from the CLI (Jenkins, cron) when `github-token` and the repository are set; in GitHub Actions the job's `environment:` records the deploy already. `true`: in GitHub Actions too (a job without `environment:`). `false`: never. Needs `deployments: write`. A record that cannot be written is a warning; the deploy's result stands.",
        default: 'auto',
        form: { kind: 'choice', values: ['auto', 'true', 'false'] },
        in: ['deploy', 'deploy-static', 'rollback'],
    },
    'notify-webhook': {
        description: "`deploy`/`rollback`: an incoming webhook (from a secret) that gets one message per deploy: app, environment, component, image, result (deployed, rolled back or failed), duration, the public address and the run's link; on failure the step that failed and the error's last lines. A Slack or Discord incoming webhook, or any address that takes berth's JSON document (`notify-format: json`, described in the README). The address is a secret: masked, never logged or in an error. A message that cannot be delivered (tried 3 times on a 5xx, 429 or network error, 10 s each) is a warning; the deploy's result stands.",
        describe: {
            'deploy-static': "An incoming webhook (from a secret) that gets one message per deploy: app, environment, result (deployed, rolled back or failed), duration, the site's address and the run's link; on failure the step that failed and the error's last lines. A Slack or Discord incoming webhook, or any address that takes berth's JSON document (`notify-format: json`, described in the README). Masked, never logged; a message that cannot be delivered (3 tries) is a warning, never a failed deploy.",
        },
        form: { kind: 'block' },
        secret: 'value',
        in: ['deploy', 'deploy-static', 'rollback'],
    },
    'notify-format': {
        description: "`deploy`/`rollback`: the message `notify-webhook` gets: `slack` (an incoming webhook's `text` and `blocks`), `discord` (an embed, no mentions), `json` (berth's own document, see the README), or `auto`: `slack` for `hooks.slack.com`, `discord` for `discord.com/api/webhooks` (and `discordapp.com`), else `json`.",
        default: 'auto',
        form: { kind: 'choice', values: ['auto', 'slack', 'discord', 'json'] },
        in: ['deploy', 'deploy-static', 'rollback'],
    },
    'stop-timeout': {
        description: "`deploy`: seconds the old colour gets to stop gracefully (SIGTERM) before Docker kills it. On the runner's own host the deploy does not wait for that: the engine finishes the stop, and the next deploy waits for it.",
        default: '30',
        form: { kind: 'integer', min: 0, max: 3600 },
        field: 'stopTimeoutSeconds',
        in: ['deploy', 'rollback', 'doctor'],
    },
    'drain-timeout': {
        description: '`deploy`/`rollback`: seconds the old colour keeps running after the switch for the requests still on their way to it (its open connections) to finish; it is stopped as soon as they have, or when this has passed (with a warning naming how many were still open).',
        default: '30',
        form: { kind: 'integer', min: 0, max: 3600 },
        field: 'drainTimeoutSeconds',
        in: ['deploy', 'rollback', 'doctor'],
    },
    'verify-time': {
        description: '`deploy` with strategy `recreate`: seconds the new container must keep running (never restarted) to count as up.',
        default: '10',
        form: { kind: 'integer', min: 0, max: 3600 },
        field: 'verifyTimeSeconds',
        in: ['deploy', 'rollback', 'doctor'],
    },
    'ssh-host': {
        description: "`deploy`/`rollback`: deploy to these servers over SSH instead of this runner's host: `host`, `user@host` or `user@host:port`, several separated by commas or new lines (deployed one at a time; the first failure stops the run and the rest keep the old version). The servers need a POSIX shell, Docker and (for blue-green) nginx; not Node. Empty: this host.",
        form: { kind: 'text' },
        in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
    },
    'ssh-user': {
        description: '`deploy`/`rollback` over SSH: the user on the servers (and bastions) unless a host says `user@`.',
        form: { kind: 'text' },
        in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
    },
    'ssh-port': {
        description: '`deploy`/`rollback` over SSH: the port unless a host says `:port`.',
        default: '22',
        form: { kind: 'integer', min: 1, max: 65535 },
        in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
    },
    'ssh-key': {
        description: '`deploy`/`rollback` over SSH: the private key (from a secret; the whole file, no passphrase). It is written to a 0600 file for the run and removed after it (by the post step when the run is cancelled or killed); masked.',
        form: { kind: 'block' },
        secret: 'block',
        in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
    },
    'ssh-known-hosts': {
        description: "`deploy`/`rollback` over SSH: the host keys of every server and bastion, as `ssh-keyscan -p PORT HOST` prints them (checked against the servers' own keys). Required: host keys are always verified.",
        form: { kind: 'lines' },
        in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
    },
    bastion: {
        description: '`deploy`/`rollback` over SSH: jump hosts between this runner and the servers, in order: `user@host:port`, separated by commas (ProxyJump; the same key and known hosts apply to every hop).',
        form: { kind: 'text' },
        in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
    },
    'nginx-server-file': {
        description: '`deploy`: where berth writes a `server` block for the app (e.g. `/etc/nginx/conf.d/berth-shop-dev.conf`, a directory your nginx includes). Empty: berth writes only the upstream include and your own server block proxies to it. Needed for `access-allow` and `basic-auth`.',
        form: { kind: 'text' },
        in: ['deploy', 'rollback', 'doctor'],
    },
    'nginx-server-name': {
        description: '`deploy` with `nginx-server-file`: the `server_name`s, separated by spaces or commas (`_`: any).',
        default: '_',
        form: { kind: 'text' },
        in: ['deploy', 'rollback', 'doctor'],
    },
    'nginx-listen': {
        description: '`deploy` with `nginx-server-file`: what the server block listens on: `PORT`, `IPv4:PORT` or `[IPv6]:PORT`, several separated by commas.',
        default: '80',
        form: { kind: 'text' },
        in: ['deploy', 'rollback', 'doctor'],
    },
    'access-allow': {
        description: '`deploy` with `nginx-server-file`: only these addresses or CIDRs may reach the app (nginx `allow …; deny all;`), e.g. your office and VPN ranges for a developers-only environment. Empty: everyone.',
        form: { kind: 'text' },
        in: ['deploy', 'rollback', 'doctor'],
    },
    'basic-auth': {
        description: '`deploy` with `nginx-server-file`: `user:password` (from a secret) for HTTP basic auth in front of the app; stored on the server as a salted hash next to the server block; masked. With `access-allow`, a request needs both.',
        form: { kind: 'block' },
        secret: 'block',
        in: ['deploy', 'rollback', 'doctor'],
    },
    kubeconfig: {
        description: "`deploy`/`rollback` with strategy `kubernetes`: the cluster's kubeconfig (a secret): NHN Cloud NKS's downloaded file, a ServiceAccount token kubeconfig (Naver Cloud's guide for CI), or one whose user runs an `exec` credential plugin (ncp-iam-authenticator, which must then be on the runner). Written 0600 for helm and kubectl and removed by the post step. Default: `eks-cluster`, else the runner's own (`KUBECONFIG`, `~/.kube/config`).",
        form: { kind: 'block' },
        secret: 'parsed',
        in: ['deploy', 'rollback'],
    },
    'eks-cluster': {
        description: "`deploy`/`rollback` with strategy `kubernetes` on EKS: the cluster's name. berth reads its address with eks:DescribeCluster and mints the token itself (as `aws eks get-token` does) from the job's AWS credentials (aws-actions/configure-aws-credentials with an OIDC role): no AWS CLI needed.",
        form: { kind: 'text' },
        in: ['deploy', 'rollback'],
    },
    'eks-region': {
        description: '`eks-cluster`: its AWS region. Default: `AWS_REGION` (set by configure-aws-credentials).',
        form: { kind: 'text' },
        in: ['deploy', 'rollback'],
    },
    namespace: {
        description: '`deploy`/`rollback` with strategy `kubernetes`: the namespace of the release (it must exist: berth does not create namespaces).',
        default: 'default',
        form: { kind: 'text' },
        in: ['deploy', 'rollback'],
    },
    release: {
        description: '`deploy`/`rollback` with strategy `kubernetes`: the Helm release name, or with `manifests` the name its kept sets go by (lowercase letters, digits and `-`, at most 53). Default: `<app>-<environment>`, lowercased.',
        form: { kind: 'text' },
        in: ['deploy', 'rollback'],
    },
    chart: {
        description: "`deploy` with strategy `kubernetes`: your Helm chart — a directory in the repository, `repo/name` or `oci://…` (then with `chart-version`). Empty: berth's built-in chart (a Deployment that never has fewer ready pods than `replicas`, readiness and liveness on `health-path`, a preStop pause of 5 s (or `drain-timeout`, when shorter) so endpoints drop a pod before it stops, `env` in a Secret, a Service on port 80, an Ingress for `ingress-host`). Your chart gets the image in the values `berth.image`, `berth.imageRepository` and `berth.imageDigest` (or name them in `values`); berth watches each Deployment of the release by its own selector.",
        form: { kind: 'text' },
        in: ['deploy', 'rollback'],
    },
    manifests: {
        description: "`deploy`/`rollback` with strategy `kubernetes`, for a team without Helm: a directory of the workspace holding plain manifests (every `*.yaml` and `*.yml` under it, in path order), instead of `chart`. Each object goes into `namespace` (one naming another namespace is refused); every container whose image is the deployed image's repository (any tag) runs the deployed digest, and `${image-ref}` in an image is replaced by it. Applied server-side as field manager `berth`, watched as a chart is; each applied set is kept in the namespace as the Secret `berth-manifests.<release>.v<N>`, and a refused deploy or `rollback` re-applies a kept set.",
        form: { kind: 'text' },
        in: ['deploy', 'rollback'],
    },
    'chart-version': {
        description: '`chart` from a repository or OCI registry: the version to install, pinned (e.g. `1.4.2`).',
        form: { kind: 'text' },
        in: ['deploy', 'rollback'],
    },
    'values-files': {
        description: '`deploy` with strategy `kubernetes`: Helm values files, relative to the workspace, one per line (later ones win).',
        form: { kind: 'lines' },
        in: ['deploy', 'rollback'],
    },
    values: {
        description: '`deploy` with strategy `kubernetes`: values, one `dotted.key=value` per line, after the files (`true`, `false` and whole numbers are typed; anything else is a string). `${image-ref}`, `${image-repository}` and `${image-digest}` are replaced by the image deployed, e.g. `image.repository=${image-repository}` and `image.digest=${image-digest}`. Written to a 0600 values file, never on a command line.',
        form: { kind: 'lines' },
        in: ['deploy', 'rollback'],
    },
    replicas: {
        description: '`deploy` with the built-in chart: the pods to run (a rollout never has fewer ready).',
        default: '2',
        form: { kind: 'integer', min: 1, max: 1000 },
        in: ['deploy', 'rollback'],
    },
    rollout: {
        description: '`deploy` with the built-in chart: `rolling` (one Deployment, new pods ready before old ones go) or `blue-green` (a Deployment per colour, `<release>-blue` and `<release>-green`: the idle one gets the new image, and only when all its pods are ready does the Service switch to it; the old colour keeps running, so `rollback` switches back at once).',
        default: 'rolling',
        form: { kind: 'choice', values: ['rolling', 'blue-green'] },
        in: ['deploy', 'rollback'],
    },
    'ingress-host': {
        description: '`deploy` with the built-in chart: a host name to route to the Service with an Ingress (e.g. `shop.example.com`); `url` is then `http://<host>`.',
        form: { kind: 'text' },
        in: ['deploy', 'rollback'],
    },
    'image-pull-secrets': {
        description: "`deploy` with the built-in chart: the namespace's Secrets (type docker-registry) the nodes pull a private image with, comma-separated.",
        form: { kind: 'text' },
        in: ['deploy', 'rollback'],
    },
    'env-from-secrets': {
        description: "`deploy` with the built-in chart: environment variables from the cluster's Secrets, one `NAME=secret/key` per line (the value never passes through the runner).",
        form: { kind: 'lines' },
        in: ['deploy', 'rollback'],
    },
    revision: {
        description: '`rollback` with strategy `kubernetes`: the Helm revision (or with `manifests`, the kept set’s revision) to return to. Default: the last one before the live one that went live.',
        form: { kind: 'text' },
        in: ['rollback'],
    },
    'helm-path': {
        description: "`deploy`/`rollback` with strategy `kubernetes`: the helm (4.x) to run. Default: a Helm 4 on PATH, else Helm 4.1.4 downloaded, checked against its SHA-256 and kept in the runner's tool cache.",
        form: { kind: 'text' },
        in: ['deploy', 'rollback'],
    },
    'kubectl-path': {
        description: '`deploy`/`rollback` with strategy `kubernetes`: the kubectl to run. Default: one on PATH within a minor version of 1.35, else kubectl 1.35.2 downloaded, checked and cached as helm is.',
        form: { kind: 'text' },
        in: ['deploy', 'rollback'],
    },
    'kube-tools-url': {
        description: '`deploy`/`rollback` with strategy `kubernetes`: a mirror to download helm and kubectl from, laid out as `https://get.helm.sh` and `https://dl.k8s.io` are (an internal mirror for runners without internet).',
        form: { kind: 'text' },
        in: ['deploy', 'rollback'],
    },
    'kube-tools-sha256': {
        description: '`deploy`/`rollback` with strategy `kubernetes`: SHA-256 of the downloads, `helm=<hex>` and `kubectl=<hex>` one per line, for a version or platform whose checksum berth does not carry.',
        form: { kind: 'lines' },
        in: ['deploy', 'rollback'],
    },
    'image-transfer': {
        description: '`deploy`/`rollback` over SSH: `pull` (the server pulls from the registry, logged in with the registry inputs) or `stream` (this runner pulls and streams the image over SSH with `docker save | docker load`, for servers with no route to the registry).',
        default: 'pull',
        form: { kind: 'choice', values: ['pull', 'stream'] },
        in: ['deploy', 'rollback', 'doctor'],
    },
    dir: {
        description: '`deploy` with strategy `static`: the build directory to publish (relative to the workspace), e.g. `frontend/build` or `frontend/out`. Required.',
        form: { kind: 'text' },
        in: ['deploy-static', 'rollback'],
    },
    'static-target': {
        description: '`deploy`/`rollback` with strategy `static`: `s3` (an S3 bucket, or S3-compatible object storage such as NCP or NHN Object Storage with `s3-endpoint`) or `nginx-dir` (a releases directory on this host or on `ssh-host`, served by nginx through the `current` symlink).',
        default: 's3',
        form: { kind: 'choice', values: ['s3', 'nginx-dir'] },
        in: ['deploy-static', 'rollback', 'status'],
    },
    's3-bucket': {
        description: "`deploy` to `s3`: the bucket (required). Credentials come from the AWS SDK's standard chain (e.g. aws-actions/configure-aws-credentials, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).",
        form: { kind: 'text' },
        in: ['deploy-static', 'rollback'],
    },
    's3-prefix': {
        description: "`deploy` to `s3`: the key prefix the site lives under (e.g. `shop/`); empty: the bucket's root. Only keys under it are compared or deleted.",
        form: { kind: 'text' },
        in: ['deploy-static', 'rollback'],
    },
    's3-region': {
        description: "`deploy` to `s3`: the bucket's region (e.g. `ap-northeast-2`; NCP `kr-standard`, NHN `KR1`). Empty: the SDK's (AWS_REGION).",
        form: { kind: 'text' },
        in: ['deploy-static', 'rollback'],
    },
    's3-endpoint': {
        description: '`deploy` to `s3`: the endpoint of S3-compatible storage (e.g. `https://kr.object.ncloudstorage.com` for NCP, `https://kr1-api-object-storage.nhncloudservice.com` for NHN); used with path-style addressing and checksums only where the API requires them. Empty: AWS S3.',
        form: { kind: 'text' },
        in: ['deploy-static', 'rollback'],
    },
    'cloudfront-distribution-id': {
        description: "`deploy` to `s3`: the CloudFront distribution in front of the bucket, to invalidate what changed (needs `cloudfront:CreateInvalidation`; `cloudfront:GetInvalidation` with `cloudfront-wait`). Paths are the viewer's: the distribution's origin path is taken to be `s3-prefix`.",
        form: { kind: 'text' },
        in: ['deploy-static', 'rollback'],
    },
    'cloudfront-invalidate': {
        description: '`deploy` with `cloudfront-distribution-id`: `changed` (the replaced files that are not content-hashed, e.g. `/index.html` and `/`) or `all` (`/*`).',
        default: 'changed',
        form: { kind: 'choice', values: ['changed', 'all'] },
        in: ['deploy-static', 'rollback'],
    },
    'cloudfront-wait': {
        description: '`deploy` with `cloudfront-distribution-id`: wait (up to 20 minutes) until the invalidation has completed; removed files are deleted after it.',
        default: 'false',
        form: { kind: 'boolean' },
        in: ['deploy-static', 'rollback'],
    },
    'cache-control': {
        description: '`deploy` to `s3`: Cache-Control overrides, one `GLOB=VALUE` per line, first match wins (a glob without `/` matches file names), e.g. `fonts/**=public, max-age=31536000, immutable`. Otherwise content-hashed files (`main.3f2a1b9c.js`, `index-Bk3R9qZ1.js`) get `public, max-age=31536000, immutable` and HTML and everything else `no-cache`.',
        form: { kind: 'lines' },
        in: ['deploy-static', 'rollback'],
    },
    'delete-removed': {
        description: '`deploy` to `s3`: delete the objects under `s3-prefix` that the new build no longer has, after its HTML is live (and `keep-previous` has passed).',
        default: 'true',
        form: { kind: 'boolean' },
        in: ['deploy-static', 'rollback'],
    },
    'keep-previous': {
        description: '`deploy` to `s3` with `delete-removed`: how long a file the build no longer has stays, for visitors with an old page open: `0`, or a number with `s`, `m`, `h` or `d` (`30m`, `1h`, `7d`). Files are deleted by the first deploy after that (berth keeps the dates in `<s3-prefix>.berth/removed.json`).',
        default: '1h',
        form: { kind: 'text' },
        in: ['deploy-static', 'rollback'],
    },
    'static-root': {
        description: "`deploy`/`rollback` to `nginx-dir`: the absolute directory on the host that holds `releases/` and the `current` symlink; point nginx's `root` at `<static-root>/current`. Each deploy copies `dir` to `releases/<commit>` and switches `current` atomically; `rollback` switches back to the release before the live one.",
        form: { kind: 'text' },
        in: ['deploy-static', 'rollback'],
    },
    'keep-releases': {
        description: '`deploy` to `nginx-dir`: how many releases to keep (the live one always stays).',
        default: '5',
        form: { kind: 'integer', min: 1, max: 100 },
        in: ['deploy-static', 'rollback'],
    },
    'coverage-files': {
        description: '`coverage`: glob patterns of the coverage reports, one per line or comma-separated (`!` excludes), relative to the workspace or absolute (inside it, or outside: `${{ runner.temp }}/reports/**/*.xml`), e.g. `**/build/reports/jacoco/test/jacocoTestReport.xml` and `frontend/coverage/lcov.info`. Several reports are merged (modules, split test runs).',
        form: { kind: 'lines' },
        in: ['coverage'],
    },
    'coverage-format': {
        description: '`coverage`: `auto` (detected by content) or one of `jacoco-xml`, `lcov`, `cobertura-xml`, `clover-xml`, `istanbul-json-summary`, `istanbul-json`; `jacoco`, `cobertura` and `clover` are read as `jacoco-xml`, `cobertura-xml` and `clover-xml`.',
        default: 'auto',
        form: {
            kind: 'choice',
            values: [
                'auto',
                'jacoco-xml',
                'lcov',
                'cobertura-xml',
                'clover-xml',
                'istanbul-json-summary',
                'istanbul-json',
            ],
            // Not `istanbul`: it would be either of two formats.
            aliases: { jacoco: 'jacoco-xml', cobertura: 'cobertura-xml', clover: 'clover-xml' },
        },
        in: ['coverage'],
    },
    'min-line': {
        description: '`coverage`: fail the step when line coverage is below this percentage (e.g. `80`). Empty: no line gate.',
        form: { kind: 'percent' },
        in: ['coverage'],
    },
    'min-branch': {
        description: '`coverage`: fail the step when branch coverage is below this percentage; a report without branch data fails it. Empty: no branch gate.',
        form: { kind: 'percent' },
        in: ['coverage'],
    },
    'min-changed-lines': {
        description: '`coverage` on a pull request: fail the step when the coverable lines the PR adds or changes are covered below this percentage (a PR that changes none passes). Empty: no changed-lines gate.',
        form: { kind: 'percent' },
        in: ['coverage'],
    },
    'max-drop': {
        description: '`coverage`: fail the step when line coverage falls more than this many percentage points below the base figure (`base-coverage-file`), e.g. `0.5`. `0` allows no drop. Empty: no drop gate. Without a base figure the condition is skipped with a warning.',
        form: { kind: 'percent' },
        in: ['coverage'],
    },
    'base-coverage-file': {
        description: "`coverage`: the base branch's figures, for the delta in the report and `max-drop`: the `report-file` a `coverage` run on the base branch wrote (kept as an artifact), or any coverage report berth reads. A path relative to the workspace or absolute (`${{ runner.temp }}/base/berth-coverage.json`), or a glob that selects one file. A path that does not exist, or a glob that selects none (no base run yet), gives a warning, not a failure.",
        form: { kind: 'text' },
        in: ['coverage'],
    },
    'junit-files': {
        description: '`coverage`: glob patterns of JUnit XML test results (Surefire/Gradle, jest-junit, pytest), as `coverage-files` takes them (relative or absolute, `!` excludes), to report with the coverage: passed, failed, skipped, time and the failures (output `tests-failed`).',
        form: { kind: 'lines' },
        in: ['coverage'],
    },
    comment: {
        description: "`coverage` and `quality-gate` on a pull request: keep berth's one PR comment up to date with this report (needs `pull-requests: write`; a fork's read-only token gets the summary, and the sections in output `comment-dir` for `command: comment`).",
        describe: {
            coverage: "On a pull request: keep berth's one PR comment up to date with this report (needs `pull-requests: write`; a fork's read-only token gets the summary, and the sections in output `comment-dir` for berth-dev/berth/comment).",
            'quality-gate': "On a pull request: keep berth's one PR comment up to date with the gate (needs `pull-requests: write`; a fork's read-only token gets the summary, and the sections in output `comment-dir` for berth-dev/berth/comment).",
        },
        default: 'true',
        form: { kind: 'boolean' },
        in: ['coverage', 'quality-gate'],
    },
    'comment-dir': {
        description: "`comment`: the directory (relative to the workspace, or absolute: `${{ runner.temp }}/berth-comment`) holding the section data files (`<section>.json`) downloaded from the pull_request run's `comment-dir` artifacts (several: `merge-multiple: true`). Only names like `coverage-backend.json` are read (plain files, at most 20, each at most 1 MiB and valid against berth's comment-data schema); berth renders them itself, and the pull request they name is used only when GitHub says its head commit and head repository are the `workflow_run`'s.",
        form: { kind: 'text' },
        in: ['comment'],
        required: ['comment'],
    },
    needs: {
        description: "`quality-check`: `${{ toJSON(needs) }}` of the job it runs in, which needs every quality job (and runs `if: always()`): each job's `result`, and a quality job's `component` and `tested` outputs (berth-quality.yml's).",
        describe: {
            'quality-check': "`${{ toJSON(needs) }}` of the job it runs in, which needs every quality job (and runs `if: always()`): each job's `result`, and a quality job's `component` and `tested` outputs (berth-quality.yml's).",
        },
        form: { kind: 'lines' },
        in: ['quality-check'],
        required: ['quality-check'],
    },
    'working-directory': {
        description: '`quality-gate`: the directory the SonarQube scanner ran in, relative to the workspace; its `report-task.txt` is looked for there. Default: the workspace.',
        form: { kind: 'text' },
        in: ['quality-gate'],
    },
    'report-task-file': {
        description: '`quality-gate`: the `report-task.txt` the scanner wrote, relative to `working-directory`. Default: found in `.scannerwork/` (sonar-scanner), `target/sonar/` (Maven), `build/sonar/` (Gradle) or `.sonarqube/out/.sonar/` (.NET), there or in a subdirectory (a monorepo module).',
        form: { kind: 'text' },
        in: ['quality-gate'],
    },
    'ce-task-id': {
        description: "`quality-gate`: the analysis's compute engine task id (`ceTaskId` of `report-task.txt`), instead of reading the file; needs `sonar-host-url`.",
        form: { kind: 'task-id' },
        in: ['quality-gate'],
    },
    'sonar-host-url': {
        description: '`quality-gate`: the SonarQube server (`https://sonar.example.com`, context path included; `https://sonarcloud.io` for SonarQube Cloud). Default: the `SONAR_HOST_URL` environment variable, else `serverUrl` of `report-task.txt`. Setting it keeps the token from going wherever a report file says.',
        form: { kind: 'http-url' },
        in: ['quality-gate'],
    },
    'sonar-token': {
        description: "`quality-gate`: a SonarQube token (from a secret) whose user may browse the project: a user token or the project analysis token the scanner used. Default: the `SONAR_TOKEN` environment variable, as SonarSource's scanners and actions read it. Sent as `Authorization: Bearer` (Basic login to servers before 10.0); masked.",
        form: { kind: 'block' },
        secret: 'value',
        in: ['quality-gate'],
    },
    'sonar-ca-cert': {
        description: "`quality-gate`: PEM of the private CA (or a path to it) that a self-hosted SonarQube's certificate chains to; trusted besides the public CAs. Default: the `SONAR_ROOT_CERT` environment variable. Also used for connections tunnelled through `HTTPS_PROXY`.",
        form: { kind: 'block' },
        in: ['quality-gate'],
    },
    timeout: {
        description: '`quality-gate`: seconds to wait for SonarQube to process the analysis and give the gate; the step fails after that, with the last status seen.',
        default: '300',
        form: { kind: 'integer', min: 1, max: 21600 },
        field: 'timeoutSeconds',
        in: ['quality-gate'],
    },
    'fail-on-warn': {
        description: '`quality-gate`: fail the step when the gate is `WARN` (warning thresholds, SonarQube before 7.6), not only when it is `ERROR`.',
        default: 'false',
        form: { kind: 'boolean' },
        in: ['quality-gate'],
    },
};
/**
 * Inputs that say what to do and where, not how: the workflow step gives them, never a config's `with:`
 * (the loader refuses them there; the JSON Schema leaves them out). Secrets are refused there too.
 */
const STEP_ONLY_INPUTS = [
    'command',
    'config',
    'component',
    'components',
    'environment',
];
const OUTPUTS = {
    matrix: {
        description: 'JSON for `strategy.matrix`: `{"include":[{"component":…,"environment":…,"runner":"[…]","kind":…,"dir":…,"url":…}]}`, one entry per selected component; `runner` is the runner labels as a JSON list, for `runs-on: ${{ fromJSON(matrix.runner) }}`; `kind` is `static` for a component whose config says `strategy: static` (then `dir` is its build directory), else `image`; `url` is the public address of the app there (`url` in the config; absent when none), for `environment: { name: …, url: ${{ matrix.url }} }`.',
        in: ['plan'],
    },
    components: {
        description: 'JSON array of the selected component names.',
        in: ['plan'],
    },
    environment: {
        description: 'The environment this plan deploys to; empty when it does not deploy.',
        in: ['plan'],
    },
    deploy: {
        description: '`true` when this plan deploys (an environment and at least one component), else `false`.',
        in: ['plan'],
    },
    'has-work': {
        description: '`true` when at least one component is selected (for deploy or quality work), else `false`.',
        in: ['plan'],
    },
    image: {
        description: '`build`: the image name, registry included, without tag.',
        in: ['build'],
    },
    tags: {
        description: '`build`: the pushed references (`image:tag`), one per line.',
        in: ['build'],
    },
    digest: {
        description: '`build`: the manifest digest (`sha256:…`) the registry reports for the pushed image.',
        in: ['build'],
    },
    'image-ref': {
        description: '`build`: `image@digest`, the immutable reference `deploy` should use. `deploy`/`rollback`: the image now live.',
        describe: {
            build: '`image@digest`, the immutable reference deploy should use.',
            deploy: 'The image now live (`image@digest`).',
            rollback: 'The image now live (`image@digest`).',
            status: 'The image live on every host (`image@digest`); empty when the hosts run different images or nothing is live.',
        },
        in: ['build', 'deploy', 'rollback', 'status'],
    },
    skipped: {
        description: "`build`: `true` when the registry already held this commit's image and nothing was built.",
        in: ['build'],
    },
    metadata: {
        description: '`build`: JSON with all of the above, the builder used and the build time.',
        in: ['build'],
    },
    color: {
        description: '`deploy`/`rollback`: the colour now live (`blue` or `green`).',
        in: ['deploy', 'rollback'],
    },
    revision: {
        description: '`deploy`/`rollback` with strategy `kubernetes`: the Helm revision now live.',
        in: ['deploy', 'rollback'],
    },
    'previous-revision': {
        description: '`deploy`/`rollback` with strategy `kubernetes`: the revision that was live before (empty for a first install).',
        in: ['deploy', 'rollback'],
    },
    'previous-image-ref': {
        description: '`deploy`/`rollback`: the image that was live before.',
        in: ['deploy', 'rollback'],
    },
    url: {
        description: "`deploy`/`rollback`: the address nginx now proxies to (the live colour), not the public one (see `environment-url`). Strategy `kubernetes`: the Service's address in the cluster (`http://<release>.<namespace>.svc`), or `http://<ingress-host>`. Strategy `static`: the bucket's address of the site (`s3`), or the live release directory (`nginx-dir`).",
        describe: {
            'deploy-static': "The bucket's address of the site (`s3`), or the live release directory (`nginx-dir`).",
        },
        in: ['deploy', 'deploy-static', 'rollback'],
    },
    'environment-url': {
        description: "`deploy`/`rollback`: the app's public address (the `environment-url` input, else the config's `url` for this environment and component), for a job's `environment.url`; empty when none is set. Unlike `url`, which is where berth points its upstream, this is where users reach the app.",
        in: ['deploy', 'deploy-static', 'rollback'],
    },
    'files-uploaded': {
        description: '`deploy` with strategy `static`: files uploaded (`s3`: new or changed only) or copied (`nginx-dir`).',
        in: ['deploy-static', 'rollback'],
    },
    'files-deleted': {
        description: '`deploy` with strategy `static` to `s3`: objects deleted because the build no longer has them.',
        in: ['deploy-static', 'rollback'],
    },
    'bytes-uploaded': {
        description: '`deploy` with strategy `static`: bytes of the files uploaded or copied.',
        in: ['deploy-static', 'rollback'],
    },
    'invalidation-id': {
        description: '`deploy` with `cloudfront-distribution-id`: the CloudFront invalidation created; empty when nothing needed one.',
        in: ['deploy-static', 'rollback'],
    },
    'line-coverage': {
        description: '`coverage`: line coverage in percent, one decimal, truncated (`83.3`).',
        in: ['coverage'],
    },
    'branch-coverage': {
        description: '`coverage`: branch coverage in percent; empty when the reports have no branch data.',
        in: ['coverage'],
    },
    'lines-covered': {
        description: '`coverage`: covered lines, as the coverage tools count them.',
        in: ['coverage'],
    },
    'lines-total': {
        description: '`coverage`: coverable lines.',
        in: ['coverage'],
    },
    'branches-covered': {
        description: '`coverage`: covered branches; empty without branch data.',
        in: ['coverage'],
    },
    'branches-total': {
        description: '`coverage`: branches; empty without branch data.',
        in: ['coverage'],
    },
    'tests-failed': {
        description: '`coverage` with `junit-files`: failed and errored tests.',
        in: ['coverage'],
    },
    'changed-lines-coverage': {
        description: '`coverage` on a pull request: coverage of the coverable lines it adds or changes, in percent; empty elsewhere.',
        in: ['coverage'],
    },
    passed: {
        description: '`coverage`: `true` when every threshold is met (or none is set), else `false`. `quality-check`: `true` when the check passes. `doctor`: `true` when every required check passed.',
        describe: {
            coverage: '`true` when every threshold is met (or none is set), else `false`.',
            'quality-check': '`true` when no needed job failed or was cancelled and every component the pull request touches was tested, else `false`.',
            doctor: '`true` when every required check passed.',
        },
        in: ['coverage', 'quality-check', 'doctor'],
    },
    'line-coverage-delta': {
        description: "`coverage` with a base figure: line coverage minus the base's, in percentage points (`-0.42`); empty without one.",
        in: ['coverage'],
    },
    'report-file': {
        description: "`coverage`: a small JSON file (in the runner's temp directory) with this run's figures; keep it as an artifact on the base branch and give it to pull request runs as `base-coverage-file`.",
        in: ['coverage'],
    },
    status: {
        description: '`status`: one line of JSON, `{"app","environment","hosts":[…]}`; each host: `host`, `state-dir`, `live` (`strategy`, `color`, `image-ref`, `commit`, `since`, `container`: `running`, `exited (code N)`, `missing`, … or null when nothing is live), `deploys` (how many the history holds), `skipped-lines` (history lines that are not berth’s) and `history`, the last deploys newest first (`at`, `action`, `result`, `color`, `image-ref`, `previous-image-ref`, `commit`, `actor`, `run-id`, `duration-ms`, `error`).',
        in: ['status'],
    },
    hosts: {
        description: '`deploy`/`rollback`: JSON list, one entry per host deployed: `host`, `color`, `image-ref`, `previous-image-ref`.',
        in: ['deploy', 'rollback'],
    },
    'duration-ms': {
        description: '`deploy`/`rollback`: how long the deploy took, lock to record.',
        in: ['deploy', 'deploy-static', 'rollback'],
    },
    'quality-gate-status': {
        description: "`quality-gate`: the gate's verdict in the words of SonarSource's sonarqube-quality-gate-action: `PASSED`, `WARN`, `FAILED` (the step fails), or `NONE` (the project has no gate; passes with a warning).",
        in: ['quality-gate'],
    },
    'dashboard-url': {
        description: '`quality-gate`: the address of the analysis in SonarQube (the project dashboard, branch or pull request).',
        in: ['quality-gate'],
    },
    'comment-dir': {
        description: "`coverage` and `quality-gate` on a pull request: the directory (in the runner's temp directory) with the data of each PR comment section the step reported (figures, file and test names; no Markdown), as `<section>.json`; upload it as an artifact and post it with `command: comment` from a `workflow_run` workflow, for pull requests from forks.",
        in: ['coverage', 'quality-gate'],
    },
};
const COMMAND_TAG = /^`[a-z-]+`(?:\/`[a-z-]+`)*(?: and `[a-z-]+`)?/;
/**
 * What an input or output means to one sub-action: its own text when declared, else the root text
 * without the leading command tag (`deploy`/`rollback` over SSH: … → Over SSH: …). Pure.
 */
function describeFor(spec, sub) {
    const own = spec.describe?.[sub];
    if (own !== undefined)
        return own;
    const tag = COMMAND_TAG.exec(spec.description);
    if (tag === null)
        return spec.description;
    let rest = spec.description.slice(tag[0].length);
    if (sub === 'deploy-static')
        rest = rest.replace(/^ with strategy `static`/, '');
    rest = rest.startsWith(': ') ? rest.slice(2) : rest.trimStart();
    return rest.charAt(0).toUpperCase() + rest.slice(1);
}


/***/ }),

/***/ 1036:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Z9: () => (/* binding */ loadConfig),
/* harmony export */   o4: () => (/* binding */ parseConfig)
/* harmony export */ });
/* unused harmony export formatProblems */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3916);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(131);
/* harmony import */ var _validate_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(2526);





/** A config is a page of YAML; anything near this size is a mistake (a wrong path, a generated file). */
const MAX_CONFIG_BYTES = 1024 * 1024;
/**
 * Reads and validates the berth config. `displayPath` is how the file is named in errors (the `config`
 * input as the user wrote it), so messages read `.github/berth.yml:7:5: …`.
 */
async function loadConfig(filePath, displayPath = filePath) {
    let size;
    try {
        size = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(filePath)).size;
    }
    catch (error) {
        const code = (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errnoCode */ .UK)(error);
        if (code === 'ENOENT' || code === 'ENOTDIR') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`config: ${displayPath} does not exist. Create it (see "The config file" in berth's README) or set the \`config\` input to the path of your berth config.`);
        }
        throw error;
    }
    if (size > MAX_CONFIG_BYTES) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`config: ${displayPath} is ${size} bytes; expected a YAML file under ${MAX_CONFIG_BYTES} bytes`);
    }
    return parseConfig(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(filePath, 'utf8'), displayPath);
}
/** Parses config text; throws one ConfigurationError listing every problem as `file:line:col: key: message`. */
function parseConfig(text, displayPath) {
    const lineCounter = new yaml__WEBPACK_IMPORTED_MODULE_1__/* .LineCounter */ .HN();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parseDocument */ .Tp)(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: false });
    if (doc.errors.length > 0) {
        const locations = doc.errors.map((e) => {
            const { line, col } = lineCounter.linePos(e.pos[0]);
            return { file: displayPath, line, col, message: `YAML: ${e.message}` };
        });
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(locations.map((l) => `${displayPath}:${l.line}:${l.col}: ${l.message}`).join('\n'), { key: 'config', kind: 'invalid', locations });
    }
    if (doc.contents === null) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${displayPath}:1:1: (top level): the file is empty; expected a mapping starting with "version: 1"`);
    }
    const { value, problems } = (0,_validate_js__WEBPACK_IMPORTED_MODULE_4__/* .validateDocument */ .mv)(doc, lineCounter, _schema_js__WEBPACK_IMPORTED_MODULE_3__/* .configSchema */ .Qn);
    if (problems.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(formatProblems(displayPath, problems), {
            key: problems.map((p) => p.path),
            kind: 'invalid',
            locations: problems.map((p) => ({
                file: displayPath,
                line: p.line,
                col: p.col,
                message: `${p.path}: ${p.message}`,
            })),
        });
    }
    const config = value;
    const unknown = unknownEnvironmentProblems(doc, lineCounter, config);
    if (unknown.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(formatProblems(displayPath, unknown), {
            key: unknown.map((p) => p.path),
            kind: 'invalid',
            locations: unknown.map((p) => ({
                file: displayPath,
                line: p.line,
                col: p.col,
                message: `${p.path}: ${p.message}`,
            })),
        });
    }
    return config;
}
/** A component's `environments.<name>` must name an environment of the config (a typo would be ignored). */
function unknownEnvironmentProblems(doc, lineCounter, config) {
    const names = config.environments.map((e) => e.name);
    const problems = [];
    for (const component of config.components) {
        for (const { name } of component.environments ?? []) {
            if (names.includes(name))
                continue;
            const map = doc.getIn(['components', component.name, 'environments'], true);
            const pair = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isMap */ .jh)(map)
                ? map.items.find((p) => (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(p.key) && String(p.key.value) === name)
                : undefined;
            const at = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(pair?.key) ? (pair.key.range?.[0] ?? 0) : 0;
            const { line, col } = lineCounter.linePos(at);
            problems.push({
                line,
                col,
                path: `components.${component.name}.environments.${name}`,
                message: `${JSON.stringify(name)} is not an environment of this config; expected one of: ${names.length === 0 ? '(none configured)' : names.join(', ')}`,
            });
        }
    }
    return problems;
}
function formatProblems(displayPath, problems) {
    return problems.map((p) => `${displayPath}:${p.line}:${p.col}: ${p.path}: ${p.message}`).join('\n');
}


/***/ }),

/***/ 131:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   PR: () => (/* binding */ NAME_FORM),
/* harmony export */   Qn: () => (/* binding */ configSchema),
/* harmony export */   o_: () => (/* binding */ NAME)
/* harmony export */ });
/* unused harmony exports componentSchema, environmentSchema */
/**
 * The schema of `.github/berth.yml`. It is both the validator's input and the documentation: README's
 * config reference is generated from the descriptions here (scripts/generate-readme.mjs), so what the
 * docs say and what the loader accepts cannot drift apart.
 */
/**
 * Names end up in container names, image names, lock and state directories and GitHub environment names:
 * the one rule for apps, components and environments, in the config file and in the step inputs.
 */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const NAME_FORM = 'letters, digits, "-", "_" or "."';
const NAME_EXPECTED = `a name of ${NAME_FORM} (at most 63, not starting with a symbol)`;
const nonEmptyString = (description) => ({
    kind: 'string',
    description,
    pattern: /\S/,
    expected: 'a non-empty string',
});
const publicUrl = (description) => ({
    kind: 'string',
    description,
    format: 'http-url',
    expected: 'an absolute http(s) address without a user or password, e.g. https://app.example.com',
});
const runnerList = (description) => ({
    kind: 'list',
    description,
    items: nonEmptyString('A runner label.'),
    acceptSingle: true,
    minItems: 1,
});
const componentSchema = {
    kind: 'object',
    description: 'One deployable part of the repository (a backend, a frontend).',
    fields: {
        labels: {
            schema: {
                kind: 'list',
                description: 'Pull request labels that select this component, compared case-insensitively. When any component label is on the PR, labels alone decide.',
                items: nonEmptyString('A label name.'),
                acceptSingle: true,
            },
            default: [],
        },
        paths: {
            schema: {
                kind: 'list',
                description: 'Globs of repository paths (`backend/**`) that select this component when no component label is on the PR. A leading `!` excludes what earlier globs matched. A component with neither `labels` nor `paths` is always selected.',
                items: nonEmptyString('A path glob.'),
                acceptSingle: true,
            },
            default: [],
        },
        image: {
            schema: {
                kind: 'string',
                description: 'The image repository `build` pushes (`backend`, `acme/backend`, or a full `ghcr.io/acme/backend`); joined to the top-level `registry` when it names no registry host. The `image` input overrides it.',
                pattern: /\S/,
                expected: 'a non-empty string',
            },
        },
        context: {
            schema: nonEmptyString('The Docker build context of this component, relative to the repository root (`backend`).'),
            default: '.',
        },
        dockerfile: {
            schema: nonEmptyString('The Dockerfile, relative to the repository root; default `<context>/Dockerfile`.'),
        },
        with: {
            schema: {
                kind: 'inputs',
                description: "Action inputs for this component, as a step's `with:` would give them (`port: 8080`, `health-path: /actuator/health`, `strategy: static`, `coverage-files: …`): used by `build`, `deploy`, `rollback`, `coverage` and `quality-gate` when the step names the component. An input the step sets to a non-default value wins. No secrets here: they come from the workflow.",
            },
            default: {},
        },
        environments: {
            schema: {
                kind: 'named-map',
                description: 'Settings of this component in one environment, by environment name (a name under the top-level `environments`).',
                keyPattern: NAME,
                keyExpected: NAME_EXPECTED,
                values: {
                    kind: 'object',
                    description: 'This component in that environment.',
                    fields: {
                        url: {
                            schema: publicUrl("Where this component is reached in that environment, when it differs from the environment's `url` (`https://api.example.com`)."),
                        },
                    },
                },
            },
        },
    },
};
const environmentSchema = {
    kind: 'object',
    description: 'Where merged code goes: the branches that deploy here and the runner that does it.',
    fields: {
        branches: {
            schema: {
                kind: 'list',
                description: 'Branch names or globs (`release`, `feature/*`, `hotfix/**`) whose pushes and merged PRs deploy here. The first environment that matches wins.',
                items: nonEmptyString('A branch name or glob.'),
                acceptSingle: true,
                minItems: 1,
            },
            required: true,
        },
        'dispatch-branches': {
            schema: {
                kind: 'list',
                description: "Further branch names or globs that a manual run (`workflow_dispatch` with this environment chosen) may deploy from; by default only `branches` may. The environment's deployment branches in the repository settings must allow them too.",
                items: nonEmptyString('A branch name or glob.'),
                acceptSingle: true,
            },
            default: [],
        },
        runner: {
            schema: runnerList('Labels of the self-hosted runner that deploys to this environment; the plan puts them in the matrix for `runs-on: ${{ fromJSON(matrix.runner) }}`.'),
            default: ['self-hosted'],
        },
        url: {
            schema: publicUrl("The public address of the app in this environment (`https://shop.example.com`): the plan's matrix gives it as `url`, the reusable workflows set it as the job's `environment.url` (GitHub's environment page and the pull request's deployed badge link to it), and `deploy`/`rollback` output it as `environment-url` and show it in the step summary. A component's `environments.<name>.url` overrides it."),
        },
        with: {
            schema: {
                kind: 'inputs',
                description: "Action inputs for every deploy to this environment (`ssh-host`, `nginx-upstream-file`, `s3-bucket`); they win over the component's `with` when both set one.",
            },
            default: {},
        },
    },
};
const configSchema = {
    kind: 'object',
    description: 'The berth config, `.github/berth.yml` by default (input `config`).',
    fields: {
        version: {
            schema: { kind: 'integer', description: 'The config format version.', enum: [1] },
            required: true,
        },
        components: {
            schema: {
                kind: 'named-map',
                description: 'The deployable parts of the repository, by name.',
                keyPattern: NAME,
                keyExpected: NAME_EXPECTED,
                values: componentSchema,
                minEntries: 1,
            },
            required: true,
        },
        environments: {
            schema: {
                kind: 'named-map',
                description: 'Deploy targets, by name, in the order they are matched.',
                keyPattern: NAME,
                keyExpected: NAME_EXPECTED,
                values: environmentSchema,
            },
            default: {},
        },
        registry: {
            schema: nonEmptyString('The registry (and namespace) component images go to: `ghcr.io/acme`, `123456789012.dkr.ecr.ap-northeast-2.amazonaws.com`, `myreg.kr.ncr.ntruss.com`.'),
        },
        quality: {
            schema: {
                kind: 'object',
                description: 'Pull request quality jobs (tests, coverage, gates).',
                fields: {
                    runner: {
                        schema: runnerList('Labels of the runner for quality jobs; they never need the deploy host.'),
                        default: ['ubuntu-latest'],
                    },
                },
            },
            default: {},
        },
    },
};


/***/ }),

/***/ 2526:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Dm: () => (/* binding */ settableFromConfig),
/* harmony export */   mv: () => (/* binding */ validateDocument)
/* harmony export */ });
/* unused harmony exports EXTENSION_PREFIX, describeNode, formatKey, unknownKeyMessage */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8815);
/* harmony import */ var _action_spec_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3969);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8422);
/* harmony import */ var _http_url_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(6697);
/* harmony import */ var _suggest_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2969);
/**
 * Validates a parsed YAML document against a schema (./schema.ts), walking the YAML nodes rather than
 * the plain value so that every problem carries the line and column it stands on.
 */





/** Aliases are legitimate YAML, but expanding them without a bound is a billion-laughs hole. */
const MAX_ALIAS_RESOLUTIONS = 1000;
/** Keys starting with `x-` are ignored, as in Compose files: a place for YAML anchors to reuse. */
const EXTENSION_PREFIX = 'x-';
function validateDocument(doc, lineCounter, schema) {
    const walk = { doc, lineCounter, problems: [], aliasesResolved: 0, fallbackOffset: 0 };
    const root = (doc.contents ?? null);
    const value = validateNode(walk, root, schema, '', 0);
    return { value, problems: walk.problems };
}
function report(walk, node, offset, path, message) {
    const at = node?.range?.[0] ?? offset;
    const { line, col } = walk.lineCounter.linePos(at);
    walk.problems.push({ line, col, path: path === '' ? '(top level)' : path, message });
}
function resolve(walk, node, path) {
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node))
        return node;
    walk.aliasesResolved += 1;
    if (walk.aliasesResolved > MAX_ALIAS_RESOLUTIONS) {
        report(walk, node, 0, path, `too many alias expansions (more than ${MAX_ALIAS_RESOLUTIONS}); write the values out`);
        return null;
    }
    const target = node.resolve(walk.doc) ?? null;
    if (target === null)
        report(walk, node, 0, path, `alias *${node.source} refers to no anchor`);
    return target;
}
/** How a value reads in an error: `a list`, `42 (a number)`, `"yes" (a string)`. */
function describeNode(node) {
    if (node === null)
        return 'nothing';
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node))
        return 'a mapping';
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node))
        return 'a list';
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node)) {
        const v = node.value;
        if (v === null || v === undefined)
            return 'nothing';
        if (typeof v === 'string')
            return `${JSON.stringify(v)} (a string)`;
        if (typeof v === 'number')
            return `${String(v)} (a number)`;
        if (typeof v === 'boolean')
            return `${String(v)} (a boolean)`;
        return `a ${typeof v}`;
    }
    return 'an unsupported value';
}
function formatKey(parent, key) {
    const part = /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
    if (part !== key)
        return `${parent}[${part}]`;
    return parent === '' ? key : `${parent}.${key}`;
}
function validateNode(walk, raw, schema, path, offset) {
    const node = resolve(walk, raw, path);
    if (node === null && (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(raw))
        return undefined; // already reported by resolve()
    switch (schema.kind) {
        case 'string':
            return validateString(walk, node, schema, path, offset);
        case 'integer': {
            const v = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node) ? node.value : undefined;
            if (typeof v !== 'number' || !Number.isInteger(v)) {
                const want = schema.enum ? schema.enum.join(' or ') : 'a whole number';
                report(walk, node, offset, path, `expected ${want}, got ${describeNode(node)}`);
                return undefined;
            }
            if (schema.enum && !schema.enum.includes(v)) {
                report(walk, node, offset, path, `expected ${schema.enum.join(' or ')}, got ${v}`);
            }
            return v;
        }
        case 'list':
            return validateList(walk, node, schema, path, offset);
        case 'object':
            return validateObject(walk, node, schema, path, offset);
        case 'named-map':
            return validateNamedMap(walk, node, schema, path, offset);
        case 'inputs':
            return validateInputs(walk, node, path, offset);
    }
}
/** Whether a config `with:` may set this input (not a secret, not one the workflow step gives). */
function settableFromConfig(name) {
    return !_action_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .STEP_ONLY_INPUTS */ .iL.includes(name) && !_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .SECRET_INPUT_NAMES */ .f1.includes(name);
}
function validateInputs(walk, node, path, offset) {
    const entries = mappingEntries(walk, node, path, offset);
    if (entries === undefined)
        return undefined;
    const out = {};
    const settable = _inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .INPUT_NAMES */ .Qh.filter((n) => !_action_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .STEP_ONLY_INPUTS */ .iL.includes(n) && !_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .SECRET_INPUT_NAMES */ .f1.includes(n));
    for (const { key, keyPath, pair, at } of entries) {
        if (key.startsWith(EXTENSION_PREFIX))
            continue;
        const name = key;
        if (_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .SECRET_INPUT_NAMES */ .f1.includes(name)) {
            report(walk, pair.key, at, keyPath, 'a secret does not belong in the config file; pass it to the step from `secrets`');
            continue;
        }
        if (_action_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .STEP_ONLY_INPUTS */ .iL.includes(name)) {
            report(walk, pair.key, at, keyPath, 'set by the workflow step (or the plan), not the config');
            continue;
        }
        if (!_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .INPUT_NAMES */ .Qh.includes(name)) {
            report(walk, pair.key, at, keyPath, `not an input of berth's action.yml${suggestInput(key, settable)}`);
            continue;
        }
        const value = resolve(walk, pair.value, keyPath);
        const scalar = (n) => {
            const v = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(n) ? n.value : undefined;
            return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
        };
        let text;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(value)) {
            const items = value.items.map((item) => scalar(resolve(walk, item, keyPath)));
            if (items.every((i) => i !== undefined))
                text = items.join('\n');
        }
        else
            text = scalar(value);
        if (text !== undefined) {
            // Checked by the input's declared form now, at its line, not when a step reads it.
            const problem = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .inputValueProblem */ .nW)(name, text);
            if (problem !== '')
                report(walk, value, at, keyPath, problem);
            else
                out[key] = text;
            continue;
        }
        report(walk, value, at, keyPath, `expected a string, number, boolean or list of strings, got ${describeNode(value)}`);
    }
    return out;
}
function suggestInput(key, known) {
    const suggestion = (0,_suggest_js__WEBPACK_IMPORTED_MODULE_3__/* .closest */ .k)(key, known);
    return suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
}
function validateString(walk, node, schema, path, offset) {
    const v = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node) ? node.value : undefined;
    if (typeof v !== 'string') {
        const hint = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node) && (typeof v === 'number' || typeof v === 'boolean')
            ? `; quote it: "${node.source}"`
            : '';
        report(walk, node, offset, path, `expected ${schema.expected ?? 'a string'}, got ${describeNode(node)}${hint}`);
        return undefined;
    }
    if (schema.format === 'http-url') {
        const problem = (0,_http_url_js__WEBPACK_IMPORTED_MODULE_4__/* .httpAddressProblem */ .w)(v);
        // A user or password is not quoted back: the value holds a secret.
        if (problem === 'user-or-password')
            report(walk, node, offset, path, `expected ${schema.expected ?? 'an http(s) address'}; it holds a user or password`);
        else if (problem === 'not-http')
            report(walk, node, offset, path, `expected ${schema.expected ?? 'an http(s) address'}, got ${JSON.stringify(v)}`);
    }
    else if (schema.enum && !schema.enum.includes(v)) {
        report(walk, node, offset, path, `expected one of ${schema.enum.join(', ')}, got ${JSON.stringify(v)}`);
    }
    else if (schema.pattern && !schema.pattern.test(v)) {
        report(walk, node, offset, path, `expected ${schema.expected ?? schema.pattern.source}, got ${JSON.stringify(v)}`);
    }
    return v;
}
function validateList(walk, node, schema, path, offset) {
    if (schema.acceptSingle && (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node) && typeof node.value === 'string') {
        return [validateString(walk, node, schema.items, path, offset)];
    }
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node)) {
        const want = schema.acceptSingle ? 'a string or a list of strings' : 'a list of strings';
        report(walk, node, offset, path, `expected ${want}, got ${describeNode(node)}`);
        return undefined;
    }
    const out = node.items.map((item, i) => validateNode(walk, (item ?? null), schema.items, `${path}[${i}]`, node.range?.[0] ?? offset));
    if (schema.minItems !== undefined && out.length < schema.minItems) {
        report(walk, node, offset, path, `expected at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}, got an empty list`);
    }
    return out;
}
/** The entries of a mapping with plain keys; an empty value counts as an empty mapping. */
function mappingEntries(walk, node, path, offset) {
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node) && (node.value === null || node.value === undefined))
        return [];
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
        report(walk, node, offset, path, `expected a mapping, got ${describeNode(node)}`);
        return undefined;
    }
    const at = node.range?.[0] ?? offset;
    const entries = [];
    for (const pair of node.items) {
        const k = pair.key;
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(k) || (typeof k.value !== 'string' && typeof k.value !== 'number')) {
            report(walk, k, at, path, `expected a plain key, got ${describeNode(k)}`);
            continue;
        }
        const key = String(k.value);
        entries.push({ key, keyPath: formatKey(path, key), pair, at: k.range?.[0] ?? at });
    }
    return entries;
}
function validateObject(walk, node, schema, path, offset) {
    const at = node?.range?.[0] ?? offset;
    const entries = mappingEntries(walk, node, path, offset);
    if (entries === undefined)
        return undefined;
    const out = {};
    const known = Object.keys(schema.fields);
    for (const { key, keyPath, pair, at: keyAt } of entries) {
        if (key.startsWith(EXTENSION_PREFIX))
            continue;
        const field = schema.fields[key];
        if (field === undefined) {
            report(walk, pair.key, keyAt, keyPath, unknownKeyMessage(key, known));
            continue;
        }
        out[key] = validateNode(walk, pair.value ?? null, field.schema, keyPath, keyAt);
    }
    for (const [key, field] of Object.entries(schema.fields)) {
        if (key in out)
            continue;
        if (field.required) {
            report(walk, node, at, formatKey(path, key), 'required key is missing');
        }
        else if (field.default !== undefined) {
            out[key] = fillDefault(field);
        }
    }
    return out;
}
function fillDefault(field) {
    if (Array.isArray(field.default))
        return [...field.default];
    if (field.schema.kind === 'object') {
        const filled = {};
        for (const [key, sub] of Object.entries(field.schema.fields)) {
            if (sub.default !== undefined)
                filled[key] = fillDefault(sub);
        }
        return filled;
    }
    if (field.schema.kind === 'named-map')
        return [];
    if (field.schema.kind === 'inputs')
        return {};
    return field.default;
}
function validateNamedMap(walk, node, schema, path, offset) {
    const at = node?.range?.[0] ?? offset;
    const entries = mappingEntries(walk, node, path, offset);
    if (entries === undefined)
        return undefined;
    const out = [];
    for (const { key: name, keyPath, pair, at: keyAt } of entries) {
        if (!schema.keyPattern.test(name)) {
            report(walk, pair.key, keyAt, keyPath, `expected ${schema.keyExpected}, got ${JSON.stringify(name)}`);
            continue;
        }
        const value = validateObject(walk, pair.value ?? null, schema.values, keyPath, keyAt);
        if (value !== undefined)
            out.push({ name, ...value });
    }
    if (schema.minEntries !== undefined && out.length < schema.minEntries && entries.length === 0) {
        report(walk, node, at, path, `expected at least ${schema.minEntries} entr${schema.minEntries === 1 ? 'y' : 'ies'}`);
    }
    return out;
}
function unknownKeyMessage(key, known) {
    const suggestion = (0,_suggest_js__WEBPACK_IMPORTED_MODULE_3__/* .closest */ .k)(key, known);
    if (suggestion !== undefined)
        return `unknown key; did you mean "${suggestion}"?`;
    return `unknown key; expected one of: ${known.join(', ')}`;
}


/***/ }),

/***/ 3414:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   O4: () => (/* binding */ stateDirFor),
/* harmony export */   fh: () => (/* binding */ recordAttempt),
/* harmony export */   un: () => (/* binding */ readState)
/* harmony export */ });
/* unused harmony exports parseState, writeState, appendHistory */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _docker_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2977);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3916);
/**
 * What is live on the host, per app and environment: `state.json` (live colour, its image, the previous
 * image) rewritten atomically, and `history.jsonl`, append-only. No secrets are ever written here.
 */



/** Paths are the host's (a server over SSH is POSIX), so joined the POSIX way. */
function stateDirFor(root, app, environment) {
    return node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.join(root, `${app}-${environment}`);
}
/**
 * `state.json`, checked before anything of it is used: its image references reach `docker pull` and
 * `docker run` (a hand-edited `"previousImageRef": "--privileged"` would be an option there), its colour
 * a container name. A file that is not berth's shape is an error naming it and the key.
 */
async function readState(host, dir) {
    const file = node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.join(dir, 'state.json');
    const text = await host.readFile(file);
    return text === undefined ? undefined : parseState(text, file);
}
function parseState(text, file) {
    const fix = `berth writes this file: restore it from history.jsonl beside it, or remove it and pass image to rollback`;
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${file}: not JSON; ${fix}`, { key: 'state-dir', kind: 'invalid' });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${file}: expected a JSON object; ${fix}`, {
            key: 'state-dir',
            kind: 'invalid',
        });
    }
    const o = value;
    const text_ = (key) => {
        const v = o[key] ?? '';
        if (typeof v !== 'string')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${file}: ${key} must be a string; ${fix}`, {
                key: 'state-dir',
                kind: 'invalid',
            });
        return v;
    };
    for (const key of ['imageRef', 'previousImageRef']) {
        const ref = text_(key);
        if (ref === '')
            continue;
        try {
            (0,_docker_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .parseImageReference */ .o_)(ref, `${file}: ${key}`);
        }
        catch {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${file}: ${key} is not an image reference (${JSON.stringify(ref.slice(0, 80))}); ${fix}`, {
                key: 'state-dir',
                kind: 'invalid',
            });
        }
    }
    const live = o.live;
    if (live !== undefined && live !== 'blue' && live !== 'green') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${file}: live must be "blue" or "green"; ${fix}`, {
            key: 'state-dir',
            kind: 'invalid',
        });
    }
    const strategy = o.strategy;
    if (strategy !== undefined && strategy !== 'blue-green' && strategy !== 'recreate') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${file}: strategy must be "blue-green" or "recreate"; ${fix}`, {
            key: 'state-dir',
            kind: 'invalid',
        });
    }
    return {
        ...(live !== undefined ? { live } : {}),
        ...(strategy !== undefined ? { strategy } : {}),
        imageRef: text_('imageRef'),
        previousImageRef: text_('previousImageRef'),
        commit: text_('commit'),
        updatedAt: text_('updatedAt'),
    };
}
async function writeState(host, dir, state) {
    await host.writeFile(node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.join(dir, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
}
async function appendHistory(host, dir, entry) {
    await host.appendFile(node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.join(dir, 'history.jsonl'), `${JSON.stringify(entry)}\n`);
}
/**
 * The one place a deploy attempt is recorded on its host: runs `work`, then writes the state (when the
 * strategy gave one) and appends the history entry — `success`, or `failed` with the error, which is
 * re-thrown. A failure to record a failure (the host may be what failed) does not hide the error.
 */
async function recordAttempt(record, work) {
    const attempt = { color: '', imageRef: '', previousImageRef: '' };
    const entry = (result, color) => ({
        at: new Date().toISOString(),
        action: record.action,
        result,
        color,
        imageRef: attempt.imageRef,
        previousImageRef: attempt.previousImageRef,
        commit: record.commit,
        runId: record.runId,
        actor: record.actor,
        durationMs: Date.now() - record.startedAt,
        ...(record.committedAt ? { committedAt: record.committedAt } : {}),
    });
    try {
        const result = await work(attempt);
        if (attempt.state)
            await writeState(record.host, record.stateDir, attempt.state);
        await appendHistory(record.host, record.stateDir, entry('success', attempt.color));
        return result;
    }
    catch (error) {
        await appendHistory(record.host, record.stateDir, {
            ...entry('failed', ''),
            error: error instanceof Error ? error.message.slice(0, 500) : String(error),
        }).catch(() => undefined); // the host may be what failed (SSH dropped)
        throw error;
    }
}


/***/ }),

/***/ 6248:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ timeline),
/* harmony export */   n: () => (/* binding */ failedStepOf)
/* harmony export */ });
/** The innermost step each error came out of (a notification says which step failed). */
const failedSteps = new WeakMap();
/** The named step `error` was thrown in ('' when it came from outside every step). */
function failedStepOf(error) {
    return typeof error === 'object' && error !== null ? (failedSteps.get(error) ?? '') : '';
}
function timeline() {
    const steps = [];
    return {
        steps,
        step: async (name, fn) => {
            const t = Date.now();
            try {
                return await fn();
            }
            catch (error) {
                // The innermost step names it first; the steps around it keep that name.
                if (typeof error === 'object' && error !== null && !failedSteps.has(error)) {
                    failedSteps.set(error, name);
                }
                throw error;
            }
            finally {
                steps.push({ name, ms: Date.now() - t });
            }
        },
    };
}


/***/ }),

/***/ 1936:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Cc: () => (/* binding */ buildDockerBuildArgs),
/* harmony export */   E1: () => (/* binding */ parseList),
/* harmony export */   Hl: () => (/* binding */ parseKeyValues),
/* harmony export */   Li: () => (/* binding */ parseLines),
/* harmony export */   QA: () => (/* binding */ buildPushArgs)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/**
 * The argv of an image build, per builder — pure. Builder choice (see ./engine.ts):
 * - `buildx`: `docker buildx build`, everything supported, pushes itself (`--push`);
 * - `buildkit`: `DOCKER_BUILDKIT=1 docker build` (the engine's built-in BuildKit): secrets and
 *   cache-from, but no cache-to and one platform; pushed afterwards with `docker push`;
 * - `classic`: the legacy builder: no secrets, no cache export, no platforms.
 * Secrets are passed as `--secret id=…,src=FILE` pointing at 0600 files, never as values.
 */

function buildDockerBuildArgs(spec, builder) {
    const lost = [];
    const args = ['--config', spec.configDir];
    if (builder === 'buildx')
        args.push('buildx', 'build');
    else
        args.push('build');
    if (spec.file !== '')
        args.push('--file', spec.file);
    if (spec.target !== '')
        args.push('--target', spec.target);
    for (const [k, v] of spec.buildArgs)
        args.push('--build-arg', `${k}=${v}`);
    if (spec.secrets.length > 0) {
        if (builder === 'classic') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1('build-secrets: the classic builder cannot take build secrets, and berth will not pass them as build args; install the buildx plugin (or a Docker with BuildKit) on this runner');
        }
        for (const s of spec.secrets)
            args.push('--secret', `id=${s.id},src=${s.file}`);
    }
    for (const [k, v] of spec.labels)
        args.push('--label', `${k}=${v}`);
    for (const tag of spec.tags)
        args.push('--tag', tag);
    if (spec.platforms.length > 0) {
        if (builder === 'buildx' || (builder === 'buildkit' && spec.platforms.length === 1)) {
            args.push('--platform', spec.platforms.join(','));
        }
        else if (builder === 'buildkit') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`platforms: ${spec.platforms.join(',')} needs the buildx plugin; the engine's built-in BuildKit builds one platform`);
        }
        else {
            lost.push(`platforms (${spec.platforms.join(',')}): the classic builder builds for the engine's own platform`);
        }
    }
    for (const from of spec.cacheFrom) {
        if (builder === 'buildx')
            args.push('--cache-from', from);
        else if (/^(type=registry,)?ref=/.test(from) || !from.includes('='))
            args.push('--cache-from', from.replace(/^(type=registry,)?ref=/, ''));
        else
            lost.push(`cache-from ${from}: only image references work without buildx`);
    }
    for (const to of spec.cacheTo) {
        if (builder === 'buildx')
            args.push('--cache-to', to);
        else
            lost.push(`cache-to ${to}: exporting a cache needs the buildx plugin`);
    }
    if (builder === 'buildkit' && spec.cacheFrom.length > 0)
        args.push('--build-arg', 'BUILDKIT_INLINE_CACHE=1');
    if (spec.noCache)
        args.push('--no-cache');
    args.push('--iidfile', spec.iidFile);
    let pushAfter = false;
    if (builder === 'buildx') {
        args.push(spec.push ? '--push' : '--load');
    }
    else {
        pushAfter = spec.push;
    }
    args.push(spec.context);
    const env = builder === 'buildx' ? {} : { DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' };
    return { args, env, lost, pushAfter };
}
/** `docker push` of one tag. */
function buildPushArgs(configDir, tag) {
    return ['--config', configDir, 'push', tag];
}
/** Multiline/comma `KEY=VALUE` lists (build-args, labels, build-secrets); errors name the input and line. */
function parseKeyValues(text, inputName, separator = /\r?\n/) {
    const pairs = [];
    text.split(separator).forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const eq = line.indexOf('=');
        const key = eq === -1 ? '' : line.slice(0, eq).trim();
        if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
            const shown = inputName === 'build-secrets' ? `line ${i + 1}` : `line ${i + 1} (${JSON.stringify(line)})`;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${inputName}: ${shown} is not KEY=VALUE`);
        }
        pairs.push([key, line.slice(eq + 1).trim()]);
    });
    return pairs;
}
/** One entry per line (cache-from/cache-to, whose entries hold commas). */
function parseLines(text) {
    return text
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#'));
}
/** Newline- or comma-separated lists (tags, platforms). */
function parseList(text) {
    return text
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
}


/***/ }),

/***/ 6556:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Js: () => (/* binding */ parseDockerVersions),
/* harmony export */   dq: () => (/* binding */ prepareOwnLogin),
/* harmony export */   h4: () => (/* binding */ detectBuilder),
/* harmony export */   lp: () => (/* binding */ createDockerConfig),
/* harmony export */   nS: () => (/* binding */ removeDockerConfig),
/* harmony export */   up: () => (/* binding */ DOCKER_VERSION_ARGS)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3916);
/* harmony import */ var _registry_job_login_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(6684);
/**
 * The Docker engine seam: a private config directory per job run (so credentials never land in a
 * shared runner's ~/.docker), builder detection, and the runs of the argv that ./build-args.ts makes.
 */





/**
 * Creates `<tempDir>/berth-docker-<random>` (0700) whose config.json (0600) carries the job's registry
 * logins — the user's `auths`, `credHelpers` and `credsStore` (a `docker/login-action` step before
 * berth) — and its current context, nothing else; links the user's `cli-plugins` (buildx installed per
 * user, e.g. by setup-buildx-action), `buildx` (its builders) and `contexts`.
 */
async function createDockerConfig(tempDir, env = process.env) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(tempDir, `berth-docker-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}`);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir, { recursive: true, mode: 0o700 });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(dir, 0o700);
    const user = (0,_registry_job_login_js__WEBPACK_IMPORTED_MODULE_4__/* .userDockerConfigDir */ .Rx)(env);
    await writePrivateConfig(dir, (0,_registry_job_login_js__WEBPACK_IMPORTED_MODULE_4__/* .carriedConfig */ .F$)(await (0,_registry_job_login_js__WEBPACK_IMPORTED_MODULE_4__/* .readUserDockerConfig */ .IL)(env)));
    for (const name of ['cli-plugins', 'buildx', 'contexts']) {
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.symlink)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(user, name), node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, name));
        }
        catch (error) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errnoCode */ .UK)(error) !== 'EEXIST')
                throw error;
        }
    }
    return dir;
}
async function writePrivateConfig(dir, config) {
    const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, 'config.json');
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(file, JSON.stringify(config), { mode: 0o600 });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(file, 0o600);
}
/**
 * Before berth's own `docker login` to `host` into the private config `dir`: that registry is kept in
 * the file (see routeToFile), so berth's credentials win over the job's and never reach its store.
 */
async function prepareOwnLogin(dir, host) {
    let config = { auths: {} };
    try {
        config = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, 'config.json'), 'utf8'));
    }
    catch (error) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errnoCode */ .UK)(error) !== 'ENOENT')
            throw error;
    }
    await writePrivateConfig(dir, (0,_registry_job_login_js__WEBPACK_IMPORTED_MODULE_4__/* .routeToFile */ .Z2)(config, host));
}
/** Removes the private config (credentials included); links are removed, not followed. */
async function removeDockerConfig(dir) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(dir, { recursive: true, force: true });
}
/** The smallest BuildKit build: a label on scratch, written to nowhere; it pulls nothing and leaves no image. */
const PROBE_DOCKERFILE = 'FROM scratch\nLABEL berth.probe=1\n';
/**
 * `docker buildx build` when the buildx plugin answers; else `DOCKER_BUILDKIT=1 docker build` when the
 * engine's built-in BuildKit builds; else the classic builder. Newer docker CLIs without the plugin
 * refuse DOCKER_BUILDKIT=1 (the probe fails), older ones (Debian's 20.10) build with it.
 */
async function detectBuilder(exec, docker, configDir) {
    const notes = [];
    const buildx = await quiet(exec, [docker, '--config', configDir, 'buildx', 'version']);
    if (buildx.code === 0)
        return { builder: 'buildx', notes: [`buildx: ${buildx.stdout.trim()}`] };
    notes.push('no buildx plugin');
    const probe = await quiet(exec, [docker, '--config', configDir, 'build', '--quiet', '--output', 'type=tar,dest=/dev/null', '-'], {
        env: { DOCKER_BUILDKIT: '1' },
        stdin: PROBE_DOCKERFILE,
    });
    if (probe.code === 0)
        return { builder: 'buildkit', notes: [...notes, "the engine's built-in BuildKit works"] };
    notes.push(`built-in BuildKit unavailable (${firstLine(probe.stderr)})`);
    return { builder: 'classic', notes };
}
async function quiet(exec, argv, options = {}) {
    try {
        return await exec(argv, options);
    }
    catch (error) {
        // docker not installed at all
        return { code: 127, stdout: '', stderr: error instanceof Error ? error.message : String(error) };
    }
}
function firstLine(text) {
    return text.trim().split('\n')[0]?.slice(0, 200) ?? '';
}
/** `docker version` for the engine's and the client's versions, on one line. */
const DOCKER_VERSION_ARGS = [
    'version',
    '--format',
    '{{.Server.Version}}|{{.Client.Version}}',
];
/** DOCKER_VERSION_ARGS' output → the engine's and the client's versions ('' when absent). */
function parseDockerVersions(output) {
    const [server = '', client = ''] = output.trim().split('|');
    return { server, client };
}


/***/ }),

/***/ 2977:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D6: () => (/* binding */ imageRef),
/* harmony export */   RB: () => (/* binding */ sameRepository),
/* harmony export */   Uh: () => (/* binding */ namesRegistry),
/* harmony export */   Xb: () => (/* binding */ DOCKER_HUB),
/* harmony export */   bL: () => (/* binding */ repositoryOfRef),
/* harmony export */   h3: () => (/* binding */ deployReference),
/* harmony export */   "if": () => (/* binding */ parseImageName),
/* harmony export */   o_: () => (/* binding */ parseImageReference),
/* harmony export */   r_: () => (/* binding */ isValidTag)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/**
 * Image names, by the Docker reference grammar (distribution/reference): `[domain/]path`, where the
 * domain is `host[:port]` and each path component is lowercase alphanumerics joined by `.`, `_`, `__`
 * or dashes. Pure; errors quote the part that is wrong.
 */

const DOCKER_HUB = 'docker.io';
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6 = /^\[[0-9a-fA-F:.]+\]$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const MAX_NAME = 255;
function imageRef(name) {
    return `${name.registry}/${name.repository}`;
}
/** Whether the first component of a name is a registry host (as docker decides it). */
function namesRegistry(first) {
    // distribution/reference also takes a capitalised first component for a host; we lowercase it as a
    // Docker Hub namespace instead (`Acme/App` → docker.io/acme/app), which is what users mean.
    return first.includes('.') || first.includes(':') || first === 'localhost';
}
function validDomain(domain) {
    const [host, port, ...rest] = domain.startsWith('[') ? splitBracketed(domain) : domain.split(':');
    if (rest.length > 0 || host === undefined || host === '')
        return false;
    if (port !== undefined && !/^[0-9]{1,5}$/.test(port))
        return false;
    if (IPV6.test(host))
        return true;
    return host.split('.').every((c) => DOMAIN_COMPONENT.test(c));
}
function splitBracketed(domain) {
    const end = domain.indexOf(']');
    const host = domain.slice(0, end + 1);
    const rest = domain.slice(end + 1);
    if (rest === '')
        return [host];
    return rest.startsWith(':') ? [host, rest.slice(1)] : [host, '', ''];
}
/**
 * Parses an image name (no tag, no digest). Capitals in the repository path are lowercased — every
 * registry rejects them — and `lowercased` says so, so the caller can tell the user.
 */
function parseImageName(input, inputName = 'image') {
    const text = input.trim();
    const fail = (why) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${inputName}: ${JSON.stringify(input)} is not a valid image name: ${why}`);
    };
    if (text === '')
        fail('it is empty; expected a name like ghcr.io/acme/backend');
    if (/\s/.test(text))
        fail('it contains white space');
    if (text.includes('@'))
        fail(`${JSON.stringify(text.slice(text.indexOf('@')))} is a digest; give the name only`);
    const slash = text.indexOf('/');
    const first = slash === -1 ? '' : text.slice(0, slash);
    const hasDomain = slash !== -1 && namesRegistry(first);
    const registry = hasDomain ? first : DOCKER_HUB;
    let path = hasDomain ? text.slice(slash + 1) : text;
    const lastColon = path.lastIndexOf(':');
    if (lastColon !== -1) {
        fail(`${JSON.stringify(path.slice(lastColon))} is a tag; give the name only (tags come from the rules and the \`tags\` input)`);
    }
    if (hasDomain && !validDomain(registry))
        fail(`the registry host ${JSON.stringify(registry)} is not a host[:port]`);
    const lowered = path.toLowerCase();
    const lowercased = lowered !== path;
    path = lowered;
    if (path === '')
        fail('the repository path after the registry is empty');
    for (const component of path.split('/')) {
        if (!PATH_COMPONENT.test(component)) {
            fail(`the path component ${JSON.stringify(component)} must be lowercase letters and digits, joined by ".", "_", "__" or "-"`);
        }
    }
    if (registry === DOCKER_HUB && !path.includes('/'))
        path = `library/${path}`;
    if (`${registry}/${path}`.length > MAX_NAME)
        fail(`it is longer than ${MAX_NAME} characters`);
    return { registry: registry === 'index.docker.io' ? DOCKER_HUB : registry, repository: path, lowercased };
}
/** `host/repo:tag` or `host/repo@sha256:…` → `host/repo` (a registry port is kept). */
function repositoryOfRef(ref) {
    return (ref.split('@')[0] ?? '').replace(/:[\w][\w.-]*$/, '');
}
function isValidTag(tag) {
    return TAG.test(tag);
}
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/**
 * Parses `name[:tag][@sha256:…]` by the same grammar as {@link parseImageName}. The registry's port is
 * not a tag: a tag is the last `:` part after the last `/`. Errors name `inputName` and the expected
 * form.
 */
function parseImageReference(input, inputName = 'image') {
    const text = input.trim();
    const fail = (why) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${inputName}: ${JSON.stringify(input)} is not a valid image reference: ${why}; expected a reference like ghcr.io/acme/app:1.2 or ghcr.io/acme/app@sha256:…`);
    };
    const at = text.indexOf('@');
    if (at !== -1 && !text.slice(at + 1).startsWith('sha256:')) {
        // `https://robot:pass@host/app`, `robot:pass@host/app`: a password before the host. Not quoted.
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${inputName}: not a valid image reference: an "@" that does not start a sha256 digest, as in user:password@host (the value is not repeated here: it may hold a password); expected a reference like ghcr.io/acme/app:1.2 or ghcr.io/acme/app@sha256:…, with registry credentials in registry-username and registry-password`, { key: inputName, kind: 'invalid' });
    }
    const digest = at === -1 ? undefined : text.slice(at + 1);
    const named = at === -1 ? text : text.slice(0, at);
    if (digest !== undefined && !DIGEST.test(digest)) {
        fail(`${JSON.stringify(digest)} is not a digest (sha256: and 64 lowercase hex digits)`);
    }
    const colon = named.lastIndexOf(':');
    const hasTag = colon > named.lastIndexOf('/');
    const tag = hasTag ? named.slice(colon + 1) : undefined;
    if (tag !== undefined && !isValidTag(tag)) {
        fail(`the tag ${JSON.stringify(tag)} must be letters, digits, "_", "." or "-" (not first), at most 128`);
    }
    const name = parseImageName(hasTag ? named.slice(0, colon) : named, inputName);
    return {
        registry: name.registry,
        repository: name.repository,
        ...(tag !== undefined ? { tag } : {}),
        ...(digest !== undefined ? { digest } : {}),
    };
}
/** The same repository, whatever the spelling (`acme/app`, `docker.io/acme/app`, `index.docker.io/…`). */
function sameRepository(a, b) {
    return a.registry.toLowerCase() === b.registry.toLowerCase() && a.repository === b.repository;
}
/**
 * The reference `deploy` runs and records. `repo@sha256:…` stays as it is; `repo:tag@sha256:…` (what
 * docker/build-push-action users write, `image: repo:1.2@${{ steps.build.outputs.digest }}`) becomes
 * `repo@sha256:…`: the digest is what is pulled, and the engine would otherwise look the image up by
 * the tag too. Anything else is returned as given (a tag, or a name docker resolves). A malformed
 * digest is refused, naming `image`.
 */
function deployReference(text) {
    const value = text.trim();
    if (!value.includes('@'))
        return value;
    const ref = parseImageReference(value, 'image');
    return ref.tag === undefined ? value : `${repositoryOfRef(value)}@${ref.digest}`;
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   AP: () => (/* binding */ OutageError),
/* harmony export */   UK: () => (/* binding */ errnoCode),
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   ay: () => (/* binding */ VerdictError),
/* harmony export */   gn: () => (/* binding */ isBerthError),
/* harmony export */   j1: () => (/* binding */ ConfigurationError)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);

/**
 * A mistake the user can fix: a bad input, config key or event. Its message names the input or key,
 * the bad value and the expected form; `key` and `kind` say the same for code (never parse the message).
 */
class ConfigurationError extends Error {
    name = 'ConfigurationError';
    /** The input or config keys the mistake is about, in the message's order; empty when it names none. */
    keys;
    kind;
    /** Where in the user's files the mistakes are: the action annotates each one on its line. */
    locations;
    constructor(message, detail = {}) {
        super(message);
        this.keys =
            detail.key === undefined ? [] : typeof detail.key === 'string' ? [detail.key] : [...detail.key];
        this.kind = detail.kind;
        this.locations = detail.locations ?? [];
    }
    /** The (first) key the mistake is about; '' when it names none. */
    get key() {
        return this.keys[0] ?? '';
    }
}
/** A check that ran and did not pass (a quality gate, a coverage gate): the step fails on purpose. */
class VerdictError extends Error {
    name = 'VerdictError';
}
/** A service that did not answer, or answered with an error (SonarQube…): not the user's input, not a bug. */
class OutageError extends Error {
    name = 'OutageError';
}
/** Whether an error is one of berth's own (a mistake, a verdict, an outage): shown without a stack. */
function isBerthError(error) {
    return error instanceof ConfigurationError || error instanceof VerdictError || error instanceof OutageError;
}
/** The message to show for anything thrown, without a stack for user mistakes. */
function describeError(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}
/**
 * The `code` of a Node.js system error (`ENOENT`…), else undefined. Checked with isNativeError rather than
 * `instanceof Error`, which fails for errors made in another realm (jest's VM modules, worker threads).
 */
function errnoCode(error) {
    if (!node_util__WEBPACK_IMPORTED_MODULE_0__.types.isNativeError(error) || !('code' in error))
        return undefined;
    return typeof error.code === 'string' ? error.code : undefined;
}


/***/ }),

/***/ 3190:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   aI: () => (/* binding */ runPipeline),
/* harmony export */   gL: () => (/* binding */ formatArgv),
/* harmony export */   k7: () => (/* binding */ createExec),
/* harmony export */   w$: () => (/* binding */ lastLines)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _remote_quote_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4414);
/**
 * The one place a process is spawned. Every command is an argv array (no shell); the command line is
 * logged before it runs, with secrets masked; secrets reach the child only through stdin or files.
 */


/** Output kept for error messages; a build log can be megabytes. */
const KEEP_BYTES = 256 * 1024;
/** Shows an argv as a shell would need it typed, for the log only (it is never run through a shell). */
/** An argv as a shell would read it, for the log: the same quoting as over SSH (remote/quote.ts). */
function formatArgv(argv) {
    return argv.map((a) => (a.includes('\0') ? JSON.stringify(a) : (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(a))).join(' ');
}
function createExec(log) {
    return (argv, options = {}) => new Promise((resolve, reject) => {
        const [file, ...args] = argv;
        if (file === undefined) {
            reject(new Error('exec: empty argv'));
            return;
        }
        if (!options.quiet)
            log.info(`$ ${formatArgv(argv)}`);
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, {
            cwd: options.cwd,
            env: { ...process.env, ...options.env },
            stdio: ['pipe', 'pipe', 'pipe'],
            timeout: options.timeoutMs,
        });
        let stdout = '';
        let stderr = '';
        const keep = (buffer, chunk) => {
            const joined = buffer + chunk;
            return joined.length > KEEP_BYTES ? joined.slice(joined.length - KEEP_BYTES) : joined;
        };
        const lines = { out: '', err: '' };
        const emit = (which, chunk) => {
            if (!options.stream)
                return;
            const text = lines[which] + chunk;
            const parts = text.split('\n');
            lines[which] = parts.pop() ?? '';
            for (const line of parts)
                log.info(line);
        };
        child.stdout.setEncoding('utf8').on('data', (chunk) => {
            stdout = keep(stdout, chunk);
            emit('out', chunk);
        });
        child.stderr.setEncoding('utf8').on('data', (chunk) => {
            stderr = keep(stderr, chunk);
            emit('err', chunk);
        });
        let settled = false;
        const settle = (code, signal) => {
            if (settled)
                return;
            settled = true;
            for (const rest of [lines.out, lines.err])
                if (options.stream && rest !== '')
                    log.info(rest);
            resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
        };
        child.on('error', (error) => reject(error));
        child.on('close', settle);
        // Killed at timeoutMs: its output may never close — an ssh client whose multiplexing master holds
        // the pipes it passed on — so the exit settles it.
        child.on('exit', (code, signal) => {
            if (!child.killed)
                return;
            child.stdout.destroy();
            child.stderr.destroy();
            settle(code, signal);
        });
        child.stdin.on('error', () => undefined); // the child may exit before reading stdin
        child.stdin.end(options.stdin ?? '');
    });
}
/**
 * `left | right` without a shell (an image streamed by `docker save | ssh … docker load`). The result's
 * code is the first failure's; stderr holds both sides'. The caller logs the pipeline.
 */
function runPipeline(left, right) {
    return new Promise((resolve, reject) => {
        const [leftFile, ...leftArgs] = left;
        const [rightFile, ...rightArgs] = right;
        if (leftFile === undefined || rightFile === undefined) {
            reject(new Error('exec: empty argv'));
            return;
        }
        const producer = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(leftFile, leftArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
        const consumer = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(rightFile, rightArgs, { stdio: ['pipe', 'pipe', 'pipe'] });
        producer.stdout.pipe(consumer.stdin);
        consumer.stdin.on('error', () => producer.kill()); // the consumer died: stop producing
        let stdout = '';
        let stderr = '';
        const keep = (chunk, into) => {
            if (into === 'out')
                stdout = (stdout + chunk.toString()).slice(-KEEP_BYTES);
            else
                stderr = (stderr + chunk.toString()).slice(-KEEP_BYTES);
        };
        producer.stderr.on('data', (c) => keep(c, 'err'));
        consumer.stdout.on('data', (c) => keep(c, 'out'));
        consumer.stderr.on('data', (c) => keep(c, 'err'));
        const codes = [undefined, undefined];
        const done = (i, code, signal) => {
            codes[i] = code ?? (signal ? 128 : 1);
            if (codes[0] === undefined || codes[1] === undefined)
                return;
            resolve({ code: codes[0] !== 0 ? codes[0] : codes[1], stdout, stderr });
        };
        producer.on('error', reject);
        consumer.on('error', reject);
        producer.on('close', (code, signal) => done(0, code, signal));
        consumer.on('close', (code, signal) => done(1, code, signal));
    });
}
/** The last lines of a command's output on one line, for error messages. */
function lastLines(text, count = 3) {
    return text.trim().split('\n').slice(-count).join(' | ') || 'no message';
}


/***/ }),

/***/ 8943:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ GitHubAccessError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/**
 * The GitHub seam: the REST calls berth makes, as an interface that commands depend on. The one
 * implementation (./client.ts) maps the REST bodies to these shapes; tests stub the interface or
 * serve real-shaped bodies on a loopback GITHUB_API_URL.
 */

/**
 * GitHub refused the token (401), or would not show what was asked (403, 404): the user's to fix,
 * with the status for a caller that reports "could not read" instead of failing (doctor).
 */
class GitHubAccessError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1 {
    status;
    // Shown as the user's mistake it is (name stays ConfigurationError); the class carries the status.
    constructor(message, status, detail = { key: 'github-token', kind: 'invalid' }) {
        super(message, detail);
        this.status = status;
    }
}


/***/ }),

/***/ 5015:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $f: () => (/* binding */ readPullRequestEvent),
/* harmony export */   Bw: () => (/* binding */ requireNumber),
/* harmony export */   Hk: () => (/* binding */ pushedBefore),
/* harmony export */   Kd: () => (/* binding */ pullRequestNumber),
/* harmony export */   L5: () => (/* binding */ pushedRef),
/* harmony export */   OR: () => (/* binding */ defaultBranch),
/* harmony export */   Qo: () => (/* binding */ headCommit),
/* harmony export */   SW: () => (/* binding */ headRepoDiffers),
/* harmony export */   Up: () => (/* binding */ pick),
/* harmony export */   VW: () => (/* binding */ requireString),
/* harmony export */   WF: () => (/* binding */ baseSha),
/* harmony export */   gy: () => (/* binding */ ZERO_SHA),
/* harmony export */   j_: () => (/* binding */ readEvent),
/* harmony export */   l3: () => (/* binding */ labelNames),
/* harmony export */   os: () => (/* binding */ pushedAfter),
/* harmony export */   sx: () => (/* binding */ optionalString),
/* harmony export */   ty: () => (/* binding */ isFromFork),
/* harmony export */   u4: () => (/* binding */ isRecord),
/* harmony export */   zq: () => (/* binding */ pushedFiles)
/* harmony export */ });
/* unused harmony exports parsePayload, stringAt, numberAt */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3916);
/* harmony import */ var _runtime_runtime_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(2536);
/**
 * The webhook payload of this run: read once (GITHUB_EVENT_PATH, or the CLI's --event-path), checked,
 * and read through typed accessors. Every command that needs the event comes here; the planner and the
 * reporting commands take the parsed EventContext and never touch the file.
 *
 * The payload is untrusted JSON, and a wrong GITHUB_EVENT_PATH (or a hand-written CLI payload) must give
 * an error, not a crash. The strict accessors name the field that is wrong; the lenient ones (build's
 * tags, the reporting commands' pull request) take a value of the wrong type as absent.
 */



const ZERO_SHA = /^0+$/;
// ---- Reading: once per run ----------------------------------------------------------------------
/** The payload read for each run (a Runtime is one run): a command that asks twice reads the file once. */
const payloads = new WeakMap();
function required(runtime, name) {
    const value = runtime.getContext(name);
    if (value === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`${name}: not set; expected ${_runtime_runtime_js__WEBPACK_IMPORTED_MODULE_2__/* .CONTEXT_NAMES */ .p[name]} (GitHub Actions sets it) or --${name} (berth CLI)`);
    }
    return value;
}
async function readPayload(eventPath) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(eventPath, 'utf8');
    }
    catch (error) {
        const detail = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errnoCode */ .UK)(error) ?? String(error);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`event-path: cannot read ${eventPath} (${detail}); expected the JSON payload of the event`);
    }
    return parsePayload(text, eventPath);
}
function payloadOf(runtime, eventPath) {
    let read = payloads.get(runtime);
    if (read?.path !== eventPath) {
        read = { path: eventPath, payload: readPayload(eventPath) };
        payloads.set(runtime, read);
    }
    return read.payload;
}
/**
 * The trigger of this run: event name, ref, sha and the parsed payload file. With `optional`, a run
 * without an event (the CLI on Jenkins) gets an empty payload and lives on ref and sha alone.
 */
async function readEvent(runtime, options = {}) {
    const context = {
        ref: runtime.getContext('ref'),
        sha: runtime.getContext('sha'),
        repository: runtime.getContext('repository'),
    };
    if (options.optional && runtime.getContext('event-path') === '') {
        return { eventName: runtime.getContext('event-name'), ...context, payload: {} };
    }
    const eventName = required(runtime, 'event-name');
    const eventPath = required(runtime, 'event-path');
    return { eventName, ...context, payload: await payloadOf(runtime, eventPath) };
}
/** The event of a pull_request(_target) run; undefined on any other event and in a run without one. */
async function readPullRequestEvent(runtime) {
    const eventName = runtime.getContext('event-name');
    if (!['pull_request', 'pull_request_target'].includes(eventName))
        return undefined;
    if (runtime.getContext('event-path') === '')
        return undefined;
    return readEvent(runtime);
}
// ---- Checking -----------------------------------------------------------------------------------
function parsePayload(text, source) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`event-path: ${source} is not valid JSON (${detail})`);
    }
    if (!isRecord(parsed))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`event-path: ${source} must hold a JSON object (a webhook payload)`);
    return parsed;
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** `payload.pull_request.base.ref` style access; undefined when any step is missing. */
function pick(payload, path) {
    let at = payload;
    for (const key of path.split('.')) {
        if (!isRecord(at))
            return undefined;
        at = at[key];
    }
    return at;
}
function shapeError(eventName, path, expected, got) {
    const seen = got === undefined ? 'nothing' : JSON.stringify(got)?.slice(0, 80);
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`event-path: the ${eventName} payload's ${path} should be ${expected}, got ${seen}`);
}
// ---- Strict accessors: a field of the wrong type is an error that names it ------------------------
function requireString(event, path) {
    const v = pick(event.payload, path);
    if (typeof v !== 'string')
        throw shapeError(event.eventName, path, 'a string', v);
    return v;
}
function optionalString(event, path) {
    const v = pick(event.payload, path);
    if (v === undefined || v === null)
        return undefined;
    if (typeof v !== 'string')
        throw shapeError(event.eventName, path, 'a string', v);
    return v;
}
function requireNumber(event, path) {
    const v = pick(event.payload, path);
    if (typeof v !== 'number')
        throw shapeError(event.eventName, path, 'a number', v);
    return v;
}
/** Label names of a pull request payload (`labels: [{name}]`). */
function labelNames(event, path = 'pull_request.labels') {
    const v = pick(event.payload, path);
    if (v === undefined || v === null)
        return [];
    if (!Array.isArray(v))
        throw shapeError(event.eventName, path, 'a list of labels', v);
    return v.map((label, i) => {
        const name = isRecord(label) ? label.name : label;
        if (typeof name !== 'string')
            throw shapeError(event.eventName, `${path}[${i}].name`, 'a string', name);
        return name;
    });
}
/** A push's ref: the payload's, else GITHUB_REF. */
function pushedRef(event) {
    return optionalString(event, 'ref') ?? event.ref;
}
/** A push's new head: the payload's `after`, else GITHUB_SHA. */
function pushedAfter(event) {
    return optionalString(event, 'after') ?? event.sha;
}
/** A push's old head: `before` ('' when absent; all zeros for a new branch, see ZERO_SHA). */
function pushedBefore(event) {
    return optionalString(event, 'before') ?? '';
}
/**
 * Files changed by a push, when the payload lists them. Webhook deliveries do; the payload Actions hands
 * to a workflow does not (no added/removed/modified), and lists at most 20 commits — then undefined.
 */
function pushedFiles(event) {
    const commits = pick(event.payload, 'commits');
    if (!Array.isArray(commits) || commits.length === 0 || commits.length >= 20)
        return undefined;
    const files = new Set();
    for (const commit of commits) {
        if (!isRecord(commit))
            return undefined;
        for (const key of ['added', 'removed', 'modified']) {
            const list = commit[key];
            if (!Array.isArray(list))
                return undefined;
            for (const file of list)
                if (typeof file === 'string')
                    files.add(file);
        }
    }
    return [...files];
}
/**
 * A PR is from a fork when its head lives in another repository (or a deleted one). Not `head.repo.fork`:
 * that is true for every PR in a repository that is itself a fork, which many student teams' repos are.
 */
function isFromFork(event) {
    const head = pick(event.payload, 'pull_request.head.repo');
    if (head === null || head === undefined)
        return true;
    const headId = pick(event.payload, 'pull_request.head.repo.id');
    const baseId = pick(event.payload, 'pull_request.base.repo.id');
    if (typeof headId === 'number' && typeof baseId === 'number')
        return headId !== baseId;
    return (pick(event.payload, 'pull_request.head.repo.full_name') !==
        pick(event.payload, 'pull_request.base.repo.full_name'));
}
// ---- Lenient accessors: a field of the wrong type is absent ----------------------------------------
/** The string at `path`; '' when absent or not a string. */
function stringAt(event, path) {
    const v = pick(event.payload, path);
    return typeof v === 'string' ? v : '';
}
/** The number at `path`; undefined when absent or not a number. */
function numberAt(event, path) {
    const v = pick(event.payload, path);
    return typeof v === 'number' ? v : undefined;
}
/** The pull request's number on a pull_request* event (pull_request_review too); else undefined. */
function pullRequestNumber(event) {
    return event.eventName.startsWith('pull_request') ? numberAt(event, 'pull_request.number') : undefined;
}
/** The repository's default branch ('' when the payload does not say). */
function defaultBranch(event) {
    return stringAt(event, 'repository.default_branch');
}
/** The head commit: a pull request's head (not the merge commit), else GITHUB_SHA (else the push's after). */
function headCommit(event) {
    const prHead = stringAt(event, 'pull_request.head.sha');
    if (prHead !== '')
        return prHead;
    const after = pick(event.payload, 'after');
    if (event.sha === '' && typeof after === 'string')
        return after;
    if (event.sha === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1('sha: not set; expected GITHUB_SHA (GitHub Actions sets it) or --sha (berth CLI)');
    }
    return event.sha;
}
/** A pull request's base commit, when the payload has a full 40-hex sha. */
function baseSha(event) {
    const base = pick(event.payload, 'pull_request.base.sha');
    return typeof base === 'string' && /^[0-9a-f]{40}$/.test(base) ? base : undefined;
}
/**
 * A fork's pull request for the reporting commands' comment: its head repository id is not the base's.
 * Unlike isFromFork, a payload without a head repository id (a deleted head) does not count as a fork.
 */
function headRepoDiffers(event) {
    const headRepo = pick(event.payload, 'pull_request.head.repo.id');
    return headRepo !== undefined && headRepo !== pick(event.payload, 'pull_request.base.repo.id');
}


/***/ }),

/***/ 2350:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  dG: () => (/* binding */ githubFor),
  lL: () => (/* binding */ lazyGitHubFor)
});

// UNUSED EXPORTS: githubOptions

// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/http/request.ts
var request = __nccwpck_require__(7777);
// EXTERNAL MODULE: ./src/github/api.ts
var api = __nccwpck_require__(8943);
;// CONCATENATED MODULE: ./src/github/client.ts
/**
 * The one place a GitHub client is created. `@actions/github` is imported lazily: it is heavy, and it
 * reads the event file when it loads, so commands that never call the API never pay for it. Its requests
 * go over berth's one request (../http/request.ts), as SonarQube's do.
 */



/** Settings only a repository admin reads (the Administration permission; GITHUB_TOKEN never has it). */
const ADMIN_PERMISSIONS = 'a repository admin\'s token ("Administration: read"; GITHUB_TOKEN cannot have it)';
/** GitHub's documented caps: a compare lists 300 files, a pull request's file list 3000. */
const COMPARE_FILE_CAP = 300;
const PULL_FILES_CAP = 3000;
/** What each group of calls needs, for the messages that say what to fix. */
const READ_PERMISSIONS = '"contents: read" and "pull-requests: read"';
const COMMENT_PERMISSIONS = '"pull-requests: write"';
const PULLS_READ_PERMISSIONS = '"pull-requests: read"';
/** Environments (and their branch policies) are read with the Actions permission. */
const ACTIONS_READ_PERMISSIONS = '"actions: read"';
const DEPLOYMENTS_PERMISSIONS = '"deployments: write"';
/** What to add to the message about a permission, where it is easily missed. */
const PERMISSION_HINTS = {
    [DEPLOYMENTS_PERMISSIONS]: '; a fine-grained token needs Deployments: read and write on the repository, a classic one repo_deployment',
    [COMMENT_PERMISSIONS]: '; a pull request from a fork gets a read-only token',
    [ACTIONS_READ_PERMISSIONS]: "; add `actions: read` to the job's `permissions:` — a job that lists permissions gets none it does not list",
};
function toDeploymentInfo(d) {
    return {
        id: d.id,
        environment: d.environment,
        task: d.task,
        ref: d.ref,
        // GitHub gives back a payload as it was sent; one sent as a string stays a string (not berth's).
        payload: typeof d.payload === 'object' && d.payload !== null ? d.payload : {},
        createdAt: d.created_at,
    };
}
function createGitHubApi(options) {
    let octokit;
    const client = (need = 'plan needs the GitHub API here', permissions = 'contents: read and pull-requests: read') => {
        if (options.token === '') {
            return Promise.reject(new errors/* ConfigurationError */.j1(`github-token: empty, but ${need}; pass \`github-token: \${{ github.token }}\` (the default) or a token with ${permissions}`));
        }
        octokit ??= __nccwpck_require__.e(/* import() */ 413).then(__nccwpck_require__.bind(__nccwpck_require__, 2413)).then(({ getOctokit }) => getOctokit(options.token, {
            baseUrl: options.apiUrl,
            request: { fetch: githubFetch },
        }));
        return octokit;
    };
    const commentClient = () => client('the pull request comment needs the GitHub API here', 'pull-requests: write');
    const settingsClient = () => client("doctor reads the repository's settings through the GitHub API here", 'actions: read');
    const deploymentsClient = () => client("deploy records the deployment through GitHub's Deployments API here", 'deployments: write');
    return {
        async listDeployments(environment) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/deployments';
            const response = await call(route, options, async () => (await deploymentsClient()).request(route, {
                owner,
                repo,
                environment,
                per_page: 100,
            }), DEPLOYMENTS_PERMISSIONS);
            return response.data.map(toDeploymentInfo);
        },
        async createDeployment(request) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'POST /repos/{owner}/{repo}/deployments';
            const response = await call(route, options, async () => (await deploymentsClient()).request(route, { owner, repo, ...request }), DEPLOYMENTS_PERMISSIONS);
            return toDeploymentInfo(response.data);
        },
        async createDeploymentStatus(deploymentId, status) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses';
            await call(route, options, async () => (await deploymentsClient()).request(route, {
                owner,
                repo,
                deployment_id: deploymentId,
                ...status,
            }), DEPLOYMENTS_PERMISSIONS);
        },
        async latestDeploymentState(deploymentId) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses';
            const response = await call(route, options, async () => (await deploymentsClient()).request(route, {
                owner,
                repo,
                deployment_id: deploymentId,
                per_page: 1,
            }), DEPLOYMENTS_PERMISSIONS);
            return response.data[0]?.state ?? '';
        },
        async pullRequestsForCommit(sha) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls';
            const pulls = await call(route, options, async () => (await client()).paginate(route, { owner, repo, commit_sha: sha, per_page: 100 }));
            return pulls.map(toPullRequestInfo);
        },
        async compareFiles(base, head) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/compare/{basehead}';
            const response = await call(route, options, async () => (await client()).request(route, {
                owner,
                repo,
                basehead: `${base}...${head}`,
            }));
            const files = response.data.files ?? [];
            return { files: fileNames(files), truncated: files.length >= COMPARE_FILE_CAP };
        },
        async pullRequestFiles(number) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files';
            const files = await call(route, options, async () => (await client()).paginate(route, { owner, repo, pull_number: number, per_page: 100 }));
            return {
                files: fileNames(files),
                truncated: files.length >= PULL_FILES_CAP,
                patches: files.flatMap((f) => typeof f.patch === 'string' ? [{ file: f.filename, patch: f.patch }] : []),
            };
        },
        async listOpenPullRequestsByHead(head) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/pulls';
            const pulls = await call(route, options, async () => (await client('comment needs the GitHub API to find the pull request', 'pull-requests: read')).paginate(route, { owner, repo, state: 'open', head, per_page: 100 }), PULLS_READ_PERMISSIONS);
            return pulls.map(toPullRequestHead);
        },
        async getPullRequest(number) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/pulls/{pull_number}';
            const response = await call(route, options, async () => (await client('comment needs the GitHub API to check the pull request', 'pull-requests: read')).request(route, { owner, repo, pull_number: number }), PULLS_READ_PERMISSIONS);
            return toPullRequestHeadRepo(response.data);
        },
        async fileAtCommit(filePath, ref) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/contents/{path}';
            // Octokit would send `{path}` with its slashes escaped; each segment is escaped on its own instead.
            const url = `GET /repos/{owner}/{repo}/contents/${filePath.split('/').map(encodeURIComponent).join('/')}`;
            const data = await call(route, options, async () => {
                try {
                    return (await (await client()).request(url, { owner, repo, ref })).data;
                }
                catch (error) {
                    // No such file at that commit: an answer, not a failure (a repository adopting berth).
                    if (error instanceof Error && 'status' in error && error.status === 404)
                        return undefined;
                    throw error;
                }
            });
            if (data === undefined)
                return undefined;
            if (Array.isArray(data) || data.type !== 'file' || typeof data.content !== 'string') {
                throw new errors/* ConfigurationError */.j1(`config: ${filePath} at ${ref} is not a file (GitHub says ${Array.isArray(data) ? 'a directory' : JSON.stringify(data.type)}); expected the berth config file`, { key: 'config' });
            }
            return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
        },
        async listIssueComments(issueNumber) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
            const comments = await call(route, options, async () => (await commentClient()).paginate(route, {
                owner,
                repo,
                issue_number: issueNumber,
                per_page: 100,
            }), COMMENT_PERMISSIONS);
            return comments.map(toIssueComment);
        },
        async getIssueComment(commentId) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/issues/comments/{comment_id}';
            const response = await call(route, options, async () => (await commentClient()).request(route, { owner, repo, comment_id: commentId }), COMMENT_PERMISSIONS);
            return toIssueComment(response.data);
        },
        async createIssueComment(issueNumber, body) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
            const response = await call(route, options, async () => (await commentClient()).request(route, {
                owner,
                repo,
                issue_number: issueNumber,
                body,
            }), COMMENT_PERMISSIONS);
            return toIssueComment(response.data);
        },
        async updateIssueComment(commentId, body) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}';
            const response = await call(route, options, async () => (await commentClient()).request(route, {
                owner,
                repo,
                comment_id: commentId,
                body,
            }), COMMENT_PERMISSIONS);
            return toIssueComment(response.data);
        },
        async getEnvironment(name) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/environments/{environment_name}';
            const environment = await call(route, options, async () => notFoundAsUndefined((await client("deploy checks the environment's protection through the GitHub API here", 'actions: read')).request(route, { owner, repo, environment_name: name })), ACTIONS_READ_PERMISSIONS);
            return environment === undefined ? undefined : toEnvironmentProtection(environment.data);
        },
        async getDefaultBranch() {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}';
            const response = await call(route, options, async () => (await settingsClient()).request(route, { owner, repo }));
            return response.data.default_branch;
        },
        async listEnvironments() {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/environments';
            const response = await call(route, options, async () => (await settingsClient()).request(route, {
                owner,
                repo,
                per_page: 100,
            }), ACTIONS_READ_PERMISSIONS);
            return (response.data.environments ?? []).map(toEnvironmentProtection);
        },
        async listDeploymentBranchPolicies(environment) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies';
            const response = await call(route, options, async () => (await settingsClient()).request(route, { owner, repo, environment_name: environment, per_page: 100 }), ACTIONS_READ_PERMISSIONS);
            return (response.data.branch_policies ?? []).map((p) => ({
                name: p.name,
                type: p.type === 'tag' ? 'tag' : 'branch',
            }));
        },
        async getWorkflowPermissions() {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/actions/permissions/workflow';
            const response = await call(route, options, async () => (await settingsClient()).request(route, { owner, repo }), ADMIN_PERMISSIONS);
            const permissions = {
                defaultWorkflowPermissions: response.data.default_workflow_permissions === 'write' ? 'write' : 'read',
                canApprovePullRequestReviews: response.data.can_approve_pull_request_reviews,
            };
            return permissions;
        },
        async getForkPullRequestApproval() {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/actions/permissions/fork-pr-contributor-approval';
            const response = await call(route, options, async () => (await settingsClient()).request(route, { owner, repo }), ADMIN_PERMISSIONS);
            return response.data.approval_policy;
        },
        async getBranchProtectionChecks(branch) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/branches/{branch}/protection';
            const response = await call(route, options, async () => notFoundAsUndefined((await settingsClient()).request(route, { owner, repo, branch })), ADMIN_PERMISSIONS);
            if (response === undefined)
                return undefined;
            const required = response.data.required_status_checks;
            return unique([...(required?.contexts ?? []), ...(required?.checks ?? []).map((c) => c.context)]);
        },
        async getBranchRulesChecks(branch) {
            const [owner, repo] = splitRepository(options.repository);
            const route = 'GET /repos/{owner}/{repo}/rules/branches/{branch}';
            const rules = await call(route, options, async () => (await settingsClient()).paginate(route, { owner, repo, branch, per_page: 100 }));
            return unique(rules
                .filter((r) => r.type === 'required_status_checks')
                .flatMap((r) => (r.parameters?.required_status_checks ?? []).map((c) => c.context)));
        },
    };
}
const unique = (names) => [...new Set(names)];
/** A 404 as undefined: the caller says what a missing thing means. */
async function notFoundAsUndefined(request) {
    try {
        return await request;
    }
    catch (error) {
        if (statusOf(error) === 404)
            return undefined;
        throw error;
    }
}
function statusOf(error) {
    return error instanceof Error && 'status' in error && typeof error.status === 'number' ? error.status : 0;
}
function toEnvironmentProtection(env) {
    const rules = env.protection_rules ?? [];
    const reviewersRule = rules.find((r) => r.type === 'required_reviewers');
    const reviewers = (reviewersRule?.reviewers ?? []).flatMap((r) => {
        const type = r.type === 'Team' ? 'Team' : 'User';
        const name = (type === 'Team' ? r.reviewer?.slug : r.reviewer?.login) ?? '';
        return name === '' ? [] : [{ type, name }];
    });
    const policy = env.deployment_branch_policy ?? null;
    return {
        name: env.name,
        deploymentBranchPolicy: policy === null
            ? null
            : {
                protectedBranches: policy.protected_branches,
                customBranchPolicies: policy.custom_branch_policies,
            },
        reviewers,
        preventSelfReview: reviewersRule?.prevent_self_review === true,
        waitTimerMinutes: rules.find((r) => r.type === 'wait_timer')?.wait_timer ?? 0,
    };
}
/** One GitHub API request's bound in time, and its answer's in size (a page of 100 files' patches fits). */
const GITHUB_TIMEOUT_MS = 60_000;
const GITHUB_MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Statuses whose response has no body (fetch's Response refuses one). */
const NULL_BODY = new Set([204, 205, 304]);
/**
 * The fetch Octokit calls: berth's one request (the proxy rule for each address, a bound in time and
 * size), following redirects as fetch does; the token goes to no other origin.
 */
async function githubFetch(input, init = {}) {
    let url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    let method = (init.method ?? 'GET').toUpperCase();
    let body = requestBody(init.body);
    const headers = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    for (let hop = 0;; hop++) {
        const res = await (0,request/* httpRequest */.aj)(url, {
            method,
            headers,
            ...(body === undefined ? {} : { body }),
            timeoutMs: GITHUB_TIMEOUT_MS,
            maxBodyBytes: GITHUB_MAX_BODY_BYTES,
        });
        const location = res.headers.location;
        if (!REDIRECTS.has(res.status) || location === undefined || init.redirect === 'manual') {
            return toFetchResponse(res);
        }
        if (init.redirect === 'error' || hop >= MAX_REDIRECTS) {
            throw new Error(`${method} ${url.href} redirected ${hop + 1} times`);
        }
        const next = new URL(location, url);
        if (next.origin !== url.origin)
            delete headers.authorization;
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
            method = 'GET';
            body = undefined;
            delete headers['content-type'];
        }
        url = next;
    }
}
/** Octokit sends JSON text (or nothing). */
function requestBody(body) {
    if (body === undefined || body === null)
        return undefined;
    if (typeof body === 'string')
        return body;
    if (body instanceof Uint8Array)
        return Buffer.from(body);
    throw new Error('berth sends the GitHub API text bodies only');
}
function toFetchResponse(res) {
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
        for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
            headers.append(name, v);
    }
    return new Response(NULL_BODY.has(res.status) ? null : res.body, {
        status: res.status,
        statusText: res.statusText,
        headers,
    });
}
function toPullRequestInfo(pull) {
    return {
        number: pull.number,
        state: pull.state,
        mergedAt: pull.merged_at ?? null,
        mergeCommitSha: pull.merge_commit_sha ?? null,
        baseRef: pull.base.ref,
        labels: pull.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== ''),
    };
}
function toPullRequestHead(pull) {
    return { number: pull.number, headSha: pull.head.sha, headLabel: pull.head.label };
}
function toPullRequestHeadRepo(pull) {
    return {
        number: pull.number,
        state: pull.state,
        headSha: pull.head.sha,
        headRepository: pull.head.repo?.full_name ?? null,
    };
}
function toIssueComment(comment) {
    return {
        id: comment.id,
        body: comment.body ?? '',
        htmlUrl: comment.html_url,
        userLogin: comment.user?.login ?? '',
    };
}
/** A renamed file counts under both names: moving code out of `backend/` changes the backend. */
function fileNames(files) {
    return files.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]));
}
function splitRepository(repository) {
    const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repository);
    if (!match) {
        throw new errors/* ConfigurationError */.j1(`repository: expected "owner/name" (GITHUB_REPOSITORY, or --repository for the CLI), got ${JSON.stringify(repository)}`);
    }
    return [match[1], match[2]];
}
/** Turns an API failure into a message that says what to fix; the token never appears in it. */
async function call(route, options, fn, permissions = READ_PERMISSIONS) {
    try {
        return await fn();
    }
    catch (error) {
        if (error instanceof errors/* ConfigurationError */.j1)
            throw error;
        const status = statusOf(error);
        const detail = error instanceof Error ? error.message : String(error);
        const where = `GitHub API ${route} at ${options.apiUrl}`;
        if (status === 401) {
            throw new api/* GitHubAccessError */.C(`github-token: rejected by ${where} (401 ${detail}); pass a valid token`, status);
        }
        if (status === 403 || status === 404) {
            throw new api/* GitHubAccessError */.C(`github-token: ${where} answered ${status} (${detail}); the token needs ${permissions} on ${options.repository} (workflow \`permissions:\`${PERMISSION_HINTS[permissions] ?? ''}), and GITHUB_API_URL must point at the server that hosts it`, status);
        }
        // GitHub down or unreachable is an outage; any other answer means berth asked wrongly (a bug).
        if (status === 0 || status >= 500)
            throw new errors/* OutageError */.AP(`${where} failed: ${detail}`, { cause: error });
        throw new Error(`${where} failed: ${detail}`, { cause: error });
    }
}

;// CONCATENATED MODULE: ./src/github/factory.ts

const DEFAULT_API_URL = 'https://api.github.com';
/** The client's options for this run. */
function githubOptions(runtime, inputs) {
    return {
        token: inputs.githubToken,
        apiUrl: (runtime.getContext('api-url') || DEFAULT_API_URL).replace(/\/+$/, ''),
        repository: runtime.getContext('repository'),
    };
}
function githubFor(runtime, inputs) {
    return createGitHubApi(githubOptions(runtime, inputs));
}
/** The client made on first use (a run that never calls GitHub never loads the client). */
function lazyGitHubFor(runtime, inputs) {
    let github;
    return () => (github ??= githubFor(runtime, inputs));
}


/***/ }),

/***/ 7856:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   QT: () => (/* binding */ proxyAgent),
/* harmony export */   T6: () => (/* binding */ ProxyError),
/* harmony export */   WL: () => (/* binding */ awsProxyHandler)
/* harmony export */ });
/* unused harmony exports proxyFor, isLoopback, noProxyMatches, describeProxy */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_net__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(1692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(3916);
/**
 * The one proxy rule, and the Node agents that follow it. Every HTTP(S) client of berth (the registry,
 * SonarQube, the AWS SDK, the GitHub API) asks `proxyFor` whether a target goes through a proxy.
 *
 * The rule, like curl's and Go's ProxyFromEnvironment:
 * - an `https:` target uses `https_proxy`, else `HTTPS_PROXY`; an `http:` target `http_proxy`, else
 *   `HTTP_PROXY` (an https target never falls back to HTTP_PROXY); unset or empty: no proxy;
 * - loopback (`localhost`, `*.localhost`, 127.0.0.0/8, ::1) is never proxied — health checks of the app
 *   on this host must not depend on a proxy;
 * - `no_proxy`, else `NO_PROXY`: a list split on commas or spaces; `*` matches every host; `example.com`,
 *   `.example.com` and `*.example.com` match the name and every name under it; an IP address matches
 *   that address, `10.0.0.0/8` or `fd00::/8` every address in the range; `host:port` (`[::1]:8080`) only
 *   that port.
 *
 * Requests go through the proxy in a CONNECT tunnel, plain-HTTP targets too (as the GitHub toolkit's
 * clients do): TLS still runs end to end with the target, with the client's own CA (`registry-ca-cert`,
 * `sonar-ca-cert`). The proxy must allow CONNECT to the target's port.
 */





/** The proxy for a target, or undefined when it is reached directly. */
function proxyFor(target, env = process.env) {
    const url = typeof target === 'string' ? new URL(target) : target;
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return undefined;
    const host = bareHost(url.hostname);
    if (isLoopback(host))
        return undefined;
    const noProxy = first(env, 'no_proxy', 'NO_PROXY');
    if (noProxy && noProxyMatches(noProxy.value, host, effectivePort(url)))
        return undefined;
    const setting = url.protocol === 'https:'
        ? first(env, 'https_proxy', 'HTTPS_PROXY')
        : first(env, 'http_proxy', 'HTTP_PROXY');
    if (!setting)
        return undefined;
    return { url: parseProxyUrl(setting.value, setting.name), variable: setting.name };
}
/** `localhost`, a name under `.localhost`, 127.0.0.0/8 or ::1 (also as an IPv4-mapped address). */
function isLoopback(hostname) {
    const host = bareHost(hostname);
    if (host === 'localhost' || host.endsWith('.localhost'))
        return true;
    return LOOPBACK.check(host, (0,node_net__WEBPACK_IMPORTED_MODULE_2__.isIP)(host) === 6 ? 'ipv6' : 'ipv4');
}
const LOOPBACK = new node_net__WEBPACK_IMPORTED_MODULE_2__.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
/** Whether a NO_PROXY list exempts `host` (a name or an IP address, no brackets) on `port`. */
function noProxyMatches(list, hostname, port) {
    const host = bareHost(hostname);
    const hostIp = (0,node_net__WEBPACK_IMPORTED_MODULE_2__.isIP)(host);
    for (const raw of list.split(/[\s,]+/)) {
        const entry = raw.trim().toLowerCase();
        if (entry === '')
            continue;
        if (entry === '*')
            return true;
        const slash = entry.indexOf('/');
        if (slash !== -1) {
            if (hostIp !== 0 && inSubnet(host, hostIp, entry.slice(0, slash), entry.slice(slash + 1)))
                return true;
            continue;
        }
        const { name, port: entryPort } = splitEntry(entry);
        if (entryPort !== undefined && entryPort !== port)
            continue;
        const entryIp = (0,node_net__WEBPACK_IMPORTED_MODULE_2__.isIP)(name);
        if (entryIp !== 0) {
            if (hostIp === entryIp && sameAddress(host, name, entryIp))
                return true;
            continue;
        }
        if (hostIp !== 0)
            continue; // a name never matches an address by its suffix
        const domain = name.replace(/^\*?\./, '').replace(/\.$/, '');
        if (domain === '')
            continue;
        if (host === domain || host.endsWith(`.${domain}`))
            return true;
    }
    return false;
}
/** An entry's name and port: `example.com:8080`, `[::1]:8080`, `::1` (an address, no port). */
function splitEntry(entry) {
    const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracket)
        return { name: bracket[1], ...(bracket[2] ? { port: Number(bracket[2]) } : {}) };
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_2__.isIP)(entry) === 6)
        return { name: entry };
    const withPort = /^(.*):(\d+)$/.exec(entry);
    if (withPort)
        return { name: withPort[1], port: Number(withPort[2]) };
    return { name: entry };
}
function inSubnet(host, hostIp, network, bits) {
    const family = (0,node_net__WEBPACK_IMPORTED_MODULE_2__.isIP)(network);
    const prefix = Number(bits);
    if (family === 0 || family !== hostIp || !/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) {
        return false;
    }
    const list = new node_net__WEBPACK_IMPORTED_MODULE_2__.BlockList();
    list.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
    return list.check(host, family === 4 ? 'ipv4' : 'ipv6');
}
function sameAddress(a, b, family) {
    const list = new node_net__WEBPACK_IMPORTED_MODULE_2__.BlockList();
    list.addAddress(b, family === 4 ? 'ipv4' : 'ipv6');
    return list.check(a, family === 4 ? 'ipv4' : 'ipv6');
}
/** Lower case, no IPv6 brackets, no trailing dot of a fully qualified name. */
function bareHost(hostname) {
    return hostname
        .toLowerCase()
        .replace(/^\[(.*)\]$/, '$1')
        .replace(/\.$/, '');
}
function effectivePort(url) {
    if (url.port !== '')
        return Number(url.port);
    return url.protocol === 'https:' ? 443 : 80;
}
function first(env, ...names) {
    for (const name of names) {
        const value = env[name]?.trim();
        if (value)
            return { name, value };
    }
    return undefined;
}
/** `proxy:3128` means `http://proxy:3128` (as curl reads it); only HTTP(S) proxies are spoken to. */
function parseProxyUrl(value, variable) {
    let url;
    try {
        url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`${variable}: not a proxy address (expected http://host:port)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`${variable}: ${url.protocol.slice(0, -1)} proxies are not supported; berth speaks to HTTP(S) proxies (http://host:port)`);
    }
    if (url.hostname === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`${variable}: no host in the proxy address`);
    return url;
}
/** The proxy's address without its credentials, for messages. */
function describeProxy(proxy) {
    return `${proxy.url.protocol}//${proxy.url.host}`;
}
/** A failure of the proxy itself (unreachable, or it refused the tunnel); `transient` when worth a retry. */
class ProxyError extends Error {
    transient;
    name = 'ProxyError';
    constructor(message, transient, options) {
        super(message, options);
        this.transient = transient;
    }
}
/**
 * An agent for `http:` or `https:` targets that opens each connection directly or through the proxy
 * `proxyFor` names for its host and port. Everything else (keep-alive, pooling, TLS options such as
 * `ca` from the request) is Node's own agent.
 */
function proxyAgent(protocol, options = {}) {
    const { env, ...agentOptions } = options;
    const secure = protocol === 'https:';
    const Base = secure ? (node_https__WEBPACK_IMPORTED_MODULE_1___default().Agent) : (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent);
    class ProxyingAgent extends Base {
        createConnection(connect, created) {
            const host = connect.host ?? 'localhost';
            const port = Number(connect.port ?? (secure ? 443 : 80));
            let proxy;
            try {
                proxy = proxyFor(new URL(`${protocol}//${(0,node_net__WEBPACK_IMPORTED_MODULE_2__.isIP)(host) === 6 ? `[${host}]` : host}:${port}`), env ?? process.env);
            }
            catch (error) {
                created(error);
                return undefined;
            }
            const direct = Base.prototype
                .createConnection;
            if (!proxy)
                return direct.call(this, connect);
            tunnel(proxy, host, port, connect.timeout, (error, socket) => {
                if (error || !socket) {
                    created(error ?? new Error('no socket'));
                    return;
                }
                if (!secure) {
                    created(null, socket);
                    return;
                }
                // TLS end to end with the target, over the tunnel, with the request's CA and server name.
                created(null, node_tls__WEBPACK_IMPORTED_MODULE_3___default().connect({ ...connect, socket }));
            });
            return undefined;
        }
    }
    return new ProxyingAgent(agentOptions);
}
/** Opens `CONNECT host:port` through the proxy; the socket is the tunnel once the proxy answers 200. */
function tunnel(proxy, host, port, timeoutMs, done) {
    const authority = `${(0,node_net__WEBPACK_IMPORTED_MODULE_2__.isIP)(host) === 6 ? `[${host}]` : host}:${port}`;
    const where = `the proxy ${describeProxy(proxy)} (${proxy.variable})`;
    const headers = { host: authority };
    if (proxy.url.username !== '' || proxy.url.password !== '') {
        const user = decodeURIComponent(proxy.url.username);
        const password = decodeURIComponent(proxy.url.password);
        headers['proxy-authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    }
    const lib = proxy.url.protocol === 'https:' ? (node_https__WEBPACK_IMPORTED_MODULE_1___default()) : (node_http__WEBPACK_IMPORTED_MODULE_0___default());
    const req = lib.request({
        host: proxy.url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80),
        method: 'CONNECT',
        path: authority,
        headers,
        agent: false,
        timeout: timeoutMs ?? 30_000,
    });
    let settled = false;
    const finish = (error, socket) => {
        if (settled)
            return;
        settled = true;
        done(error, socket);
    };
    req.once('connect', (res, socket, head) => {
        req.setTimeout(0);
        if (res.statusCode !== 200) {
            socket.destroy();
            const status = `${res.statusCode ?? 0} ${res.statusMessage ?? ''}`.trim();
            const hint = res.statusCode === 407
                ? `it wants credentials: give them in ${proxy.variable} as http://user:password@host:port`
                : `check that it allows CONNECT to port ${port}, or list ${host} in NO_PROXY`;
            finish(new ProxyError(`${where} answered ${status} to CONNECT ${authority}; ${hint}`, res.statusCode !== undefined && res.statusCode >= 500));
            return;
        }
        if (head.length > 0)
            socket.unshift(head);
        finish(null, socket);
    });
    req.once('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.once('error', (error) => {
        const code = error.code;
        finish(new ProxyError(`${where} for ${authority}: ${code ?? error.message}`, true, { cause: error }));
    });
    req.end();
}
/**
 * Agents for an AWS SDK client's requestHandler (`{ requestHandler: awsProxyHandler() }`): the SDK reads
 * no proxy settings itself. `agentOptions` add TLS options such as `ca`. Each client gets its own agents
 * (destroying a client destroys them).
 */
function awsProxyHandler(env, agentOptions = {}) {
    const options = {
        keepAlive: true,
        maxSockets: 50,
        ...agentOptions,
        ...(env ? { env } : {}),
    };
    return {
        httpAgent: proxyAgent('http:', options),
        httpsAgent: proxyAgent('https:', options),
    };
}


/***/ }),

/***/ 7777:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DH: () => (/* binding */ RequestTimeoutError),
/* harmony export */   YK: () => (/* binding */ MAX_BODY_BYTES),
/* harmony export */   aj: () => (/* binding */ httpRequest),
/* harmony export */   by: () => (/* binding */ ResponseTooLargeError),
/* harmony export */   nI: () => (/* binding */ describeBytes)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _proxy_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(7856);
/* harmony import */ var _tls_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(7485);
/**
 * The one HTTP(S) request of berth's API clients (SonarQube, the GitHub API): node:http/https, direct or
 * through the proxy the one proxy rule names (./proxy.ts), a private CA trusted besides the public ones
 * (./tls.ts), the whole exchange bounded in time, and the answer's body in size. It does not follow
 * redirects, retry or read statuses: each client does that its own way. A large body (a tool's
 * download) can stream to its consumer instead of into memory. Socket and TLS errors (with their `code`)
 * and ProxyError reach the caller as they are, for its messages.
 */





/** The largest body berth reads when the caller names no bound. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** The exchange took longer than its bound. */
class RequestTimeoutError extends Error {
    timeoutMs;
    name = 'RequestTimeoutError';
    constructor(timeoutMs) {
        super(`no answer within ${Math.round(timeoutMs / 100) / 10} s`);
        this.timeoutMs = timeoutMs;
    }
}
/** The answer's body was larger than the bound: not the API's answer, and not read on. */
class ResponseTooLargeError extends Error {
    maxBytes;
    name = 'ResponseTooLargeError';
    constructor(maxBytes) {
        super(`the answer is larger than ${describeBytes(maxBytes)}, more than berth reads`);
        this.maxBytes = maxBytes;
    }
}
/** `4 MiB`, `512 KiB`, `100 bytes`. */
function describeBytes(bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0)
        return `${bytes / (1024 * 1024)} MiB`;
    if (bytes >= 1024 && bytes % 1024 === 0)
        return `${bytes / 1024} KiB`;
    return `${bytes} bytes`;
}
/** One request; resolves with any status once the whole body is read. No keep-alive. */
function httpRequest(url, options) {
    const secure = url.protocol === 'https:';
    const lib = secure ? (node_https__WEBPACK_IMPORTED_MODULE_1___default()) : (node_http__WEBPACK_IMPORTED_MODULE_0___default());
    const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    return new Promise((resolve, reject) => {
        let settled = false;
        const fail = (error) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            reject(error);
        };
        const req = lib.request(url, {
            method: options.method ?? 'GET',
            headers: { ...options.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
            // Direct, or through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY exempts the host.
            agent: (0,_proxy_js__WEBPACK_IMPORTED_MODULE_3__/* .proxyAgent */ .QT)(secure ? 'https:' : 'http:', options.env ? { env: options.env } : {}),
            ...(secure && options.ca ? { ca: (0,_tls_js__WEBPACK_IMPORTED_MODULE_4__/* .trustedCa */ .iU)(options.ca) } : {}),
        }, (res) => {
            const status = res.statusCode ?? 0;
            if (options.consume && status >= 200 && status < 300) {
                let size = 0;
                const bounded = new node_stream__WEBPACK_IMPORTED_MODULE_2__.Transform({
                    transform(chunk, _encoding, done) {
                        size += chunk.length;
                        done(size > maxBodyBytes ? new ResponseTooLargeError(maxBodyBytes) : null, chunk);
                    },
                });
                // A failure on either side (the socket, the bound, the timer) reaches the consumer's stream.
                (0,node_stream__WEBPACK_IMPORTED_MODULE_2__.pipeline)(res, bounded, () => undefined);
                options.consume(bounded).then(() => {
                    if (settled)
                        return;
                    settled = true;
                    clearTimeout(timer);
                    resolve({
                        status,
                        statusText: res.statusMessage ?? '',
                        headers: res.headers,
                        body: Buffer.alloc(0),
                    });
                }, (error) => {
                    fail(error);
                    req.destroy();
                });
                return;
            }
            const chunks = [];
            let size = 0;
            res.on('data', (chunk) => {
                size += chunk.length;
                if (size > maxBodyBytes) {
                    // Settled here: the whole answer may be in already, and its 'end' must not resolve.
                    fail(new ResponseTooLargeError(maxBodyBytes));
                    req.destroy();
                    return;
                }
                chunks.push(chunk);
            });
            res.on('end', () => {
                if (settled)
                    return;
                settled = true;
                clearTimeout(timer);
                resolve({
                    status: res.statusCode ?? 0,
                    statusText: res.statusMessage ?? '',
                    headers: res.headers,
                    body: Buffer.concat(chunks),
                });
            });
            res.on('error', fail);
        });
        const timer = setTimeout(() => req.destroy(new RequestTimeoutError(options.timeoutMs)), options.timeoutMs);
        req.on('error', fail);
        req.end(body);
    });
}


/***/ }),

/***/ 7485:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CH: () => (/* binding */ TLS_TRUST_CODES),
/* harmony export */   iU: () => (/* binding */ trustedCa),
/* harmony export */   xX: () => (/* binding */ readCaInput)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(1692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3916);
/**
 * The one rule for a private CA: how a CA input (`sonar-ca-cert` or SONAR_ROOT_CERT, `registry-ca-cert`)
 * is read, how it is trusted (besides the public roots, never instead of them), and which TLS errors
 * mean the server's certificate is not trusted here.
 */




/** Node's TLS error codes that mean "the server's certificate is not trusted here" (a private CA, an
 * expired or mismatched certificate): the fix is a CA input, not a retry. */
const TLS_TRUST_CODES = new Set([
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'UNABLE_TO_GET_ISSUER_CERT',
    'CERT_HAS_EXPIRED',
    'ERR_TLS_CERT_ALTNAME_INVALID',
]);
/** The `ca` of a TLS connection that trusts a private CA besides Node's public roots. */
function trustedCa(pem) {
    return [...node_tls__WEBPACK_IMPORTED_MODULE_2__.rootCertificates, pem];
}
/**
 * A CA input: PEM text, or the path of a PEM file (relative to the workspace); undefined for ''. Either
 * way the PEM holds a `-----BEGIN` line; anything else is a ConfigurationError naming the input.
 */
async function readCaInput(value, where) {
    if (value === '')
        return undefined;
    if (value.includes('-----BEGIN'))
        return value;
    try {
        const pem = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(where.workspace, value), 'utf8');
        if (pem.includes('-----BEGIN'))
            return pem;
    }
    catch {
        // reported below
    }
    const from = where.fromEnv ? ` (from the ${where.fromEnv} environment variable)` : '';
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${where.input}${from}: expected PEM text or the path of a PEM file, got ${JSON.stringify(value.slice(0, 80))}`, { key: where.input, kind: 'invalid' });
}


/***/ }),

/***/ 6697:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ parseHttpUrl),
/* harmony export */   w: () => (/* binding */ httpAddressProblem)
/* harmony export */ });
/**
 * The one rule for an http(s) address berth is given (sonar-host-url, SONAR_HOST_URL, a report's
 * serverUrl, a dashboard link): it parses as a URL, and its scheme is http or https.
 */
/** The address as a URL when it is an http(s) one, else undefined. */
function parseHttpUrl(value) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return undefined;
    }
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
}
/**
 * What is wrong with a server's http(s) address, if anything: a user or password in it (checked first:
 * the message must not quote it), or not an http(s) address at all.
 */
function httpAddressProblem(value) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        url = undefined;
    }
    if (url && (url.username || url.password))
        return 'user-or-password';
    return parseHttpUrl(value) === undefined ? 'not-http' : undefined;
}


/***/ }),

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _action_spec_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3969);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2258);
/* harmony import */ var _runtime_action_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(2451);



/**
 * The action's entry. A sub-action's entry (`dist/<name>.js`, written by scripts/action-entries.mjs)
 * names itself in `globalThis.berthAction` and imports this bundle: one bundle, no duplicated chunks.
 */
const named = globalThis.berthAction;
if (named !== undefined && !Object.hasOwn(_action_spec_js__WEBPACK_IMPORTED_MODULE_0__/* .SUB_ACTIONS */ .f$, named)) {
    throw new Error(`berth: unknown sub-action ${JSON.stringify(named)}`);
}
await (0,_main_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .e)((0,_runtime_action_js__WEBPACK_IMPORTED_MODULE_2__/* .createActionRuntime */ .$)(process.env, undefined, named));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 8422:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ko: () => (/* binding */ readInputs),
/* harmony export */   OG: () => (/* binding */ checkStepInputs),
/* harmony export */   Qh: () => (/* binding */ INPUT_NAMES),
/* harmony export */   UK: () => (/* binding */ readCommand),
/* harmony export */   VX: () => (/* binding */ secretValues),
/* harmony export */   WJ: () => (/* binding */ INPUT_DEFAULTS),
/* harmony export */   f1: () => (/* binding */ SECRET_INPUT_NAMES),
/* harmony export */   nW: () => (/* binding */ inputValueProblem)
/* harmony export */ });
/* unused harmony exports inputField, takesInput, inputsOf, readNumber, secretParts, readBoolean */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _action_spec_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3969);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3916);
/* harmony import */ var _http_url_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(6697);
/* harmony import */ var _suggest_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2969);
/**
 * The only reader of action inputs. What each input is — its default, form, secrecy and the commands
 * that take it — is declared once in src/action-spec.ts; this module reads and checks a step's inputs
 * against that declaration: only the running command's own inputs are read and checked (another
 * command's input cannot break it), and a step naming an input its command does not take fails with
 * the name it most likely meant.
 */






const SPECS = _action_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUTS */ .mc;
const INPUT_NAMES = Object.keys(_action_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUTS */ .mc);
/** The defaults berth applies (action.yml's, less the expressions only a runner evaluates). */
const INPUT_DEFAULTS = Object.fromEntries(INPUT_NAMES.map((name) => [name, SPECS[name].default ?? '']));
/** Every secret input: masked as soon as read; the CLI takes these from the environment, never a flag. */
const SECRET_INPUT_NAMES = INPUT_NAMES.filter((name) => SPECS[name].secret !== undefined);
/** The field of the typed inputs an input is read into. */
function inputField(name) {
    return SPECS[name].field ?? name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}
/** Whether `action` (a sub-action, or the root action for `command`) takes `name`. */
function takesInput(name, command, action) {
    if (name === 'command')
        return action === undefined;
    const subs = SPECS[name].in ?? [];
    if (action !== undefined)
        return subs.includes(action);
    return subs.some((sub) => _action_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .SUB_ACTIONS */ .f$[sub].command === command);
}
/** The inputs a step of this command (or sub-action) takes, in declaration order. */
function inputsOf(command, action) {
    return INPUT_NAMES.filter((name) => takesInput(name, command, action));
}
/** The command a step runs: the sub-action's, else the `command` input. */
function readCommand(source) {
    if (source.action !== undefined)
        return _action_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .SUB_ACTIONS */ .f$[source.action].command;
    const command = source.getInput('command').trim();
    if (_action_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .COMMANDS */ .Lo.includes(command))
        return command;
    const got = command === '' ? 'nothing' : JSON.stringify(command);
    const hint = (0,_suggest_js__WEBPACK_IMPORTED_MODULE_3__/* .closest */ .k)(command, _action_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .COMMANDS */ .Lo);
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`command: expected one of ${_action_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .COMMANDS */ .Lo.join(', ')}, got ${got}${hint === undefined || command === '' ? '' : `; did you mean ${hint}?`}`, { key: 'command', kind: 'invalid' });
}
/**
 * Checks the names a step gave (the runner passes undeclared `with:` keys too, as INPUT_*; the CLI's
 * flags): every one must be an input this step takes. An unknown name gets the input it most likely
 * meant; another command's input is refused by name unless it holds its default (the root action
 * declares every input, so the runner fills them all in). All problems at once, one per line.
 */
function checkStepInputs(command, given, options = {}) {
    const { action, prefix = '' } = options;
    const own = inputsOf(command, action);
    const where = action === undefined ? `command ${command}` : `berth-dev/berth/${action}`;
    const problems = [];
    const keys = [];
    for (const [name, value] of given) {
        if (own.includes(name))
            continue;
        if (!(name in SPECS)) {
            const hint = (0,_suggest_js__WEBPACK_IMPORTED_MODULE_3__/* .closest */ .k)(name, own);
            keys.push(name);
            problems.push(`${prefix}${name}: not an input of ${where}${hint === undefined ? '' : `; did you mean ${prefix}${hint}?`}`);
            continue;
        }
        const spec = SPECS[name];
        // The root action's runner fills in every declared default; an expression default (github.token)
        // arrives evaluated, so it cannot be told from a given value and is let through.
        if (action === undefined && spec.actionDefault !== undefined)
            continue;
        const trimmed = value.trim();
        if (trimmed === '' || trimmed === (spec.default ?? ''))
            continue;
        const owners = [
            ...new Set((spec.in ?? []).map((sub) => (action === undefined ? _action_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .SUB_ACTIONS */ .f$[sub].command : sub))),
        ];
        const elsewhere = action !== undefined && owners.length === 0
            ? 'the root action'
            : owners.map((o) => (action === undefined ? o : `berth-dev/berth/${o}`)).join(', ');
        keys.push(name);
        problems.push(`${prefix}${name}: an input of ${elsewhere}, not of ${where}; remove it from this step${action === undefined ? '' : ' (or use the action it belongs to)'}`);
    }
    if (problems.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(problems.join('\n'), { key: keys, kind: 'unexpected' });
    }
}
/**
 * Reads a step's inputs. The command's own inputs are read and checked by their declared form; the
 * others keep their defaults (a config's `with:` for another command cannot break this one).
 */
function readInputs(source) {
    const command = readCommand(source);
    const action = source.action;
    const values = {};
    for (const name of INPUT_NAMES) {
        const spec = SPECS[name];
        const own = takesInput(name, command, action);
        const raw = own ? source.getInput(name) : '';
        if (own && spec.secret === 'value')
            maskSecret(source, raw);
        if (own && spec.secret === 'block')
            maskLines(source, raw);
        values[inputField(name)] = name === 'command' ? command : readForm(name, spec, raw);
    }
    const inputs = values;
    if (action !== undefined && 'strategy' in _action_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .SUB_ACTIONS */ .f$[action]) {
        inputs.strategy = _action_spec_js__WEBPACK_IMPORTED_MODULE_1__/* .SUB_ACTIONS */ .f$[action].strategy;
    }
    else if (action === 'deploy' && inputs.strategy === 'static') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1('strategy: berth-dev/berth/deploy runs containers (blue-green or recreate); for a static build directory use berth-dev/berth/deploy-static', { key: 'strategy', kind: 'invalid' });
    }
    return inputs;
}
/**
 * What is wrong with a value for an input, by its declared form ('' for nothing): the config loader
 * checks `with:` values with it, so a bad one is reported at its line and column.
 */
function inputValueProblem(name, value) {
    try {
        readForm(name, SPECS[name], value);
        return '';
    }
    catch (error) {
        if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1))
            throw error;
        return error.message.startsWith(`${name}: `) ? error.message.slice(name.length + 2) : error.message;
    }
}
/** One input's value by its declared form; '' is the default. */
function readForm(name, spec, raw) {
    const form = spec.form;
    const text = raw.trim() || (spec.default ?? '');
    switch (form.kind) {
        case 'command':
            return text;
        case 'text':
            return text;
        case 'lines':
            return raw;
        case 'block':
            return raw.trim();
        case 'boolean':
            return readBoolean(name, text);
        case 'integer':
            return readNumber(name, text, form.min, form.max);
        case 'port':
            return text === '' ? undefined : readNumber(name, text, 1, 65535);
        case 'percent':
            return readPercent(name, text);
        case 'choice':
            return readChoice(name, text, form.values, form.aliases);
        case 'ip':
            return readIp(name, text);
        case 'path':
            return readHealthPath(name, text);
        case 'http-url':
            return readHttpUrl(name, text);
        case 'task-id':
            return readTaskId(name, text);
    }
}
/** A threshold in percent (0–100, decimals allowed); '' for none. */
function readPercent(name, value) {
    if (value === '')
        return undefined;
    const n = Number(value.replace(/%$/, ''));
    if (!/^\d+(\.\d+)?%?$/.test(value) || n > 100) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${name}: expected a percentage from 0 to 100 (e.g. 80 or 72.5), got ${JSON.stringify(value)}`, { key: name, kind: 'invalid' });
    }
    return n;
}
function readChoice(name, value, choices, aliases = {}) {
    if (choices.includes(value))
        return value;
    const alias = Object.hasOwn(aliases, value) ? aliases[value] : undefined;
    if (alias !== undefined)
        return alias;
    const short = Object.keys(aliases);
    const hint = (0,_suggest_js__WEBPACK_IMPORTED_MODULE_3__/* .closest */ .k)(value, [...choices, ...short]);
    const also = short.length === 0
        ? ''
        : ` (${short.length > 1 ? `${short.slice(0, -1).join(', ')} and ${short.at(-1) ?? ''}` : short.join('')} for short)`;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${name}: expected ${choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1) ?? ''}` : choices.join('')}${also}, got ${JSON.stringify(value)}${hint === undefined || value === '' ? '' : `; did you mean ${hint}?`}`, { key: name, kind: 'invalid' });
}
function readNumber(name, value, min, max) {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`, { key: name, kind: 'invalid' });
    }
    return n;
}
/** An http(s) address ('' for none), without its trailing slash. */
function readHttpUrl(name, value) {
    if (value === '')
        return '';
    const problem = (0,_http_url_js__WEBPACK_IMPORTED_MODULE_4__/* .httpAddressProblem */ .w)(value);
    if (problem === 'user-or-password') {
        // Not quoted: the value holds a password.
        const hint = name.startsWith('sonar-') ? '; give the token as sonar-token' : '';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${name}: must not hold a user or password${hint}`, {
            key: name,
            kind: 'invalid',
        });
    }
    if (problem === 'not-http') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${name}: expected ${name.startsWith('sonar-') ? 'the http(s) address of the server, e.g. https://sonar.example.com' : 'an absolute http(s) address, e.g. https://app.example.com'}, got ${JSON.stringify(value)}`, { key: name, kind: 'invalid' });
    }
    return value.replace(/\/+$/, '');
}
/** A SonarQube compute engine task id (`AYhSC2-LY0CHkWJxvNA9`); '' for none. */
function readTaskId(name, value) {
    if (value === '' || /^[A-Za-z0-9_-]{1,64}$/.test(value))
        return value;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${name}: expected a SonarQube task id like AYhSC2-LY0CHkWJxvNA9 (ceTaskId in report-task.txt), got ${JSON.stringify(value)}`, { key: name, kind: 'invalid' });
}
function readIp(name, value) {
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(value) === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${name}: expected an IP address of this host (127.0.0.1, ::1, or 0.0.0.0 for every interface), got ${JSON.stringify(value)}`, { key: name, kind: 'invalid' });
    return value;
}
function readHealthPath(name, value) {
    if (!/^\/[\x21-\x7e]*$/.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${name}: expected a path starting with "/" (e.g. /health), got ${JSON.stringify(value)}`, { key: name, kind: 'invalid' });
    }
    return value;
}
/**
 * Masks a secret and, for KEY=VALUE lists (env, build-secrets), each value — a runner masks line by
 * line. Values too short or too common to be secrets (`true`, `8080`) are left alone: masking them would
 * star out every `true` in the log while protecting nothing.
 */
/**
 * What is masked of a secret input's value: the whole, and per line the value of a `KEY=VALUE`
 * (`value`) or the line and the part after `user:` (`block`). A request berth sends (a notification)
 * is kept clear of the same parts, since the runner masks only its logs.
 */
function secretParts(kind, value) {
    const trimmed = value.trim();
    if (trimmed === '')
        return [];
    const parts = [trimmed];
    for (const line of trimmed.split(/\r?\n/)) {
        if (kind === 'value') {
            const eq = line.indexOf('=');
            const secretPart = eq === -1 ? line.trim() : line.slice(eq + 1).trim();
            if (secretPart !== trimmed && looksSecret(secretPart))
                parts.push(secretPart);
        }
        else {
            if (line.trim().length >= 6)
                parts.push(line.trim());
            // basic-auth is user:password; the password alone must not show either.
            const colon = line.indexOf(':');
            if (colon !== -1 && line.slice(colon + 1).trim() !== '')
                parts.push(line.slice(colon + 1).trim());
        }
    }
    return parts;
}
/** Every masked part of the secret inputs a command read (see secretParts). */
function secretValues(inputs) {
    return SECRET_INPUT_NAMES.flatMap((name) => {
        const kind = SPECS[name].secret;
        const value = inputs[inputField(name)];
        return (kind === 'value' || kind === 'block') && typeof value === 'string'
            ? secretParts(kind, value)
            : [];
    });
}
function maskSecret(source, value) {
    for (const part of secretParts('value', value))
        source.setSecret(part);
}
function maskLines(source, value) {
    for (const part of secretParts('block', value))
        source.setSecret(part);
}
function looksSecret(value) {
    return value.length >= 6 && !/^(\d+|true|false|yes|no|on|off)$/i.test(value);
}
function readBoolean(name, value) {
    const v = value.toLowerCase();
    if (v === 'true')
        return true;
    if (v === 'false')
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${name}: expected true or false, got ${JSON.stringify(value)}`, {
        key: name,
        kind: 'invalid',
    });
}


/***/ }),

/***/ 2258:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/inputs.ts
var src_inputs = __nccwpck_require__(8422);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/config/load.ts
var load = __nccwpck_require__(1036);
// EXTERNAL MODULE: ./src/config/validate.ts
var validate = __nccwpck_require__(2526);
;// CONCATENATED MODULE: ./src/config/step-inputs.ts
/**
 * Inputs from the config: a component's `with:` and its environment's `with:` fill in the inputs a step
 * leaves at their defaults, so one reusable workflow can deploy a backend on port 8080 and a static
 * frontend to a bucket from the same matrix. Precedence: the step's own non-default value, then the
 * environment's `with`, then the component's, then action.yml's default.
 */






/** The commands that act for one component (plan decides for all of them and reads the config itself). */
const COMPONENT_COMMANDS = new Set([
    'build',
    'deploy',
    'rollback',
    'coverage',
    'quality-gate',
    'doctor',
    'status',
]);
/** The config's inputs for `component` in `environment` (either may be ''); pure. */
function configInputs(config, component, environment, configPath) {
    const overlay = new Map();
    if (component !== '') {
        const c = config.components.find((x) => x.name === component);
        if (c === undefined) {
            throw new errors/* ConfigurationError */.j1(`component: ${JSON.stringify(component)} is not a component in ${configPath}; expected one of: ${config.components.map((x) => x.name).join(', ')}`, { key: 'component', kind: 'invalid' });
        }
        for (const [name, value] of Object.entries(c.with)) {
            overlay.set(name, { value, origin: `components.${c.name}.with.${name}` });
        }
    }
    const e = environment === '' ? undefined : config.environments.find((x) => x.name === environment);
    for (const [name, value] of Object.entries(e?.with ?? {})) {
        overlay.set(name, { value, origin: `environments.${e?.name ?? ''}.with.${name}` });
    }
    const url = configEnvironmentUrl(config, component, environment);
    if (url !== undefined && !overlay.has('environment-url'))
        overlay.set('environment-url', url);
    return overlay;
}
/**
 * The app's public address for `component` in `environment` from the config: the component's
 * `environments.<environment>.url`, else the environment's `url`; pure.
 */
function configEnvironmentUrl(config, component, environment) {
    if (environment === '')
        return undefined;
    const own = config.components
        .find((c) => c.name === component)
        ?.environments?.find((e) => e.name === environment)?.url;
    if (own !== undefined)
        return { value: own, origin: `components.${component}.environments.${environment}.url` };
    const shared = config.environments.find((e) => e.name === environment)?.url;
    return shared === undefined ? undefined : { value: shared, origin: `environments.${environment}.url` };
}
/** An input source whose default-valued inputs take the overlay's values; `used` records which did. */
function overlaySource(source, overlay) {
    const used = new Map();
    return {
        used,
        action: source.action,
        setSecret: (value) => source.setSecret(value),
        getInput(name) {
            const given = source.getInput(name);
            const fromConfig = overlay.get(name);
            if (fromConfig === undefined)
                return given;
            if (given.trim() !== '' && given.trim() !== src_inputs/* INPUT_DEFAULTS */.WJ[name])
                return given;
            used.set(name, fromConfig.origin);
            return fromConfig.value;
        },
    };
}
/** Inputs read without a config file because none is at the default path (see explainMissingConfig). */
const withoutDefaultConfig = new WeakSet();
/**
 * The inputs with the config's values filled in, for a command acting on one component. Without a
 * config file at the default path (a repository that uses no plan) the inputs stay as they are; a
 * `config` input the step names explicitly must exist.
 */
async function applyConfigInputs(inputs, runtime) {
    if (!COMPONENT_COMMANDS.has(inputs.command))
        return inputs;
    if (inputs.component === '' && inputs.environment === '')
        return inputs;
    const file = external_node_path_default().resolve(runtime.workspace, inputs.config);
    try {
        await (0,promises_.stat)(file);
    }
    catch (error) {
        const code = (0,errors/* errnoCode */.UK)(error);
        if (code !== 'ENOENT' && code !== 'ENOTDIR')
            throw error;
        if (inputs.config !== src_inputs/* INPUT_DEFAULTS */.WJ.config) {
            throw new errors/* ConfigurationError */.j1(`config: ${inputs.config} does not exist (resolved in the workspace, ${runtime.workspace}). The step names this config file explicitly; fix the path, or leave \`config\` unset for ${src_inputs/* INPUT_DEFAULTS */.WJ.config}.`, { key: 'config', kind: 'invalid' });
        }
        withoutDefaultConfig.add(inputs);
        return inputs;
    }
    const overlay = configInputs(await (0,load/* loadConfig */.Z9)(file, inputs.config), inputs.component, inputs.environment, inputs.config);
    if (overlay.size === 0)
        return inputs;
    const source = overlaySource(runtime, overlay);
    let result;
    try {
        result = (0,src_inputs/* readInputs */.Ko)(source);
    }
    catch (error) {
        // A bad value from the config: name the config key, not only the input.
        if (!(error instanceof errors/* ConfigurationError */.j1))
            throw error;
        const name = error.key;
        const origin = source.used.get(name);
        if (origin === undefined)
            throw error;
        throw new errors/* ConfigurationError */.j1(`${inputs.config}: ${origin.slice(0, -name.length)}${error.message}`, {
            key: origin,
            ...(error.kind ? { kind: error.kind } : {}),
        });
    }
    if (source.used.size > 0) {
        runtime.info(`inputs from ${inputs.config}: ${[...source.used.values()].join(', ')}`);
    }
    return result;
}
/**
 * A command's "X: required" error, when X could have come from the config's `with` but there was no
 * config file at the default path: says so, since a missing (or misplaced) config is the likely cause.
 * Any other error is returned as it is.
 */
function explainMissingConfig(error, inputs) {
    if (!(error instanceof errors/* ConfigurationError */.j1) || inputs === undefined || !withoutDefaultConfig.has(inputs))
        return error;
    // Any key of the error (a deploy lists every input it lacks, one per line).
    const required = error.kind === 'required' ? error.keys : [];
    if (!required.some((n) => (0,validate/* settableFromConfig */.Dm)(n)))
        return error;
    return new errors/* ConfigurationError */.j1(`${error.message}\n(No config file was found at ${src_inputs/* INPUT_DEFAULTS */.WJ.config}, the default \`config\`, so no component's or environment's \`with\` could set it: write that file, set the \`config\` input to where your berth config is, or give the input on the step.)`, { key: required, kind: 'required' });
}

// EXTERNAL MODULE: ./src/exec.ts
var src_exec = __nccwpck_require__(3190);
// EXTERNAL MODULE: ./src/remote/ssh-targets.ts
var ssh_targets = __nccwpck_require__(8915);
// EXTERNAL MODULE: ./src/remote/ssh.ts
var ssh = __nccwpck_require__(8136);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: ./src/docker/build-args.ts
var build_args = __nccwpck_require__(1936);
// EXTERNAL MODULE: ./src/docker/engine.ts
var engine = __nccwpck_require__(6556);
// EXTERNAL MODULE: ./src/registry/login.ts
var login = __nccwpck_require__(4142);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __nccwpck_require__(9809);
// EXTERNAL MODULE: ./src/runtime/post-state.ts
var post_state = __nccwpck_require__(9328);
// EXTERNAL MODULE: ./src/runtime/runtime.ts
var runtime_runtime = __nccwpck_require__(2536);
;// CONCATENATED MODULE: ./src/build/build-and-push.ts
/**
 * The build itself, with credentials in a private docker config (recorded for the post step, removed at
 * the end): berth's own login, the builder found (BuildKit, else the classic one, with what that loses),
 * build secrets in 0600 files, `docker build`, the push (in the build with BuildKit, else after it),
 * and the digest read back from the registry.
 */










async function buildAndPush(inputs, runtime, run, target, naming, access) {
    const { exec, docker } = run;
    const { image } = target;
    const configDir = await (0,engine/* createDockerConfig */.lp)(runtime.tempDir);
    (0,post_state/* savePostState */.L)(runtime, 'docker-config', configDir);
    const secretFiles = [];
    try {
        // The job's login is in the private config already (carried over); berth's own goes to its file.
        if (access.credentials && inputs.push && !access.fromJob) {
            await (0,engine/* prepareOwnLogin */.dq)(configDir, image.registry);
            await (0,login/* dockerLogin */.a)(exec, docker, configDir, image.registry, access.credentials);
        }
        const detection = await (0,engine/* detectBuilder */.h4)(exec, docker, configDir);
        runtime.info(`builder: ${detection.builder} (${detection.notes.join('; ')})`);
        if (detection.builder === 'classic') {
            runtime.warning(`No BuildKit on this runner (${detection.notes.join('; ')}): using the classic builder, which has no build secrets, no cache export, no multi-platform builds and slower, serial builds. Install the docker buildx plugin to get them back.`);
        }
        const secrets = [];
        for (const [id, value] of (0,build_args/* parseKeyValues */.Hl)(inputs.buildSecrets, 'build-secrets')) {
            const file = external_node_path_default().join(runtime.tempDir, `berth-secret-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
            await (0,promises_.writeFile)(file, value, { mode: 0o600 });
            secretFiles.push(file);
            secrets.push({ id, file });
        }
        const iidFile = external_node_path_default().join(configDir, 'iid');
        const spec = {
            configDir,
            context: target.context,
            file: target.file,
            target: inputs.target,
            buildArgs: (0,build_args/* parseKeyValues */.Hl)(inputs.buildArgs, 'build-args'),
            secrets,
            labels: naming.labels,
            tags: naming.refs,
            platforms: (0,build_args/* parseList */.E1)(inputs.platforms),
            cacheFrom: (0,build_args/* parseLines */.Li)(inputs.cacheFrom),
            cacheTo: (0,build_args/* parseLines */.Li)(inputs.cacheTo),
            noCache: inputs.noCache,
            push: inputs.push,
            iidFile,
        };
        const command = (0,build_args/* buildDockerBuildArgs */.Cc)(spec, detection.builder);
        for (const lost of command.lost)
            runtime.warning(`ignored with the ${detection.builder} builder: ${lost}`);
        const built = await (0,runtime_runtime/* inGroup */.H)(runtime, `docker build ${naming.repoRef}`, () => exec([docker, ...command.args], {
            env: command.env,
            cwd: runtime.workspace,
            stream: true,
        }));
        if (built.code !== 0) {
            throw new Error(`docker build of ${naming.repoRef} failed (exit ${built.code}): ${(0,src_exec/* lastLines */.w$)(built.stderr || built.stdout, 5)}`);
        }
        if (command.pushAfter) {
            for (const ref of naming.refs)
                await push(exec, runtime, docker, configDir, ref, run.retryPolicy);
        }
        const imageId = (await (0,promises_.readFile)(iidFile, 'utf8')).trim();
        const digest = inputs.push
            ? await access.registry.manifestDigest(image.repository, naming.shaTag)
            : undefined;
        if (inputs.push && digest === undefined)
            throw new Error(`${naming.repoRef}:${naming.shaTag} was pushed but the registry does not list it`);
        return { digest: digest ?? '', imageId, builder: detection.builder };
    }
    finally {
        await Promise.all(secretFiles.map((f) => (0,promises_.rm)(f, { force: true })));
        await (0,engine/* removeDockerConfig */.nS)(configDir);
    }
}
async function push(exec, runtime, docker, configDir, ref, policy) {
    await (0,retry/* retry */.L5)(async () => {
        const result = await (0,runtime_runtime/* inGroup */.H)(runtime, `docker push ${ref}`, () => exec([docker, ...(0,build_args/* buildPushArgs */.QA)(configDir, ref)], { stream: true }));
        if (result.code !== 0)
            throw new PushError(ref, result.stderr || result.stdout);
    }, (e) => e instanceof PushError && e.transient, policy);
}
class PushError extends Error {
    name = 'PushError';
    transient;
    constructor(ref, output) {
        super(`docker push ${ref} failed: ${(0,src_exec/* lastLines */.w$)(output, 5)}`);
        this.transient = !/unauthorized|denied|forbidden|authentication required/i.test(output);
    }
}

// EXTERNAL MODULE: ./src/docker/reference.ts
var reference = __nccwpck_require__(2977);
;// CONCATENATED MODULE: ./src/docker/tags.ts
/**
 * Tag rules and OCI labels — pure. The rules, in order:
 * - `sha-<7 hex>` of the head commit, always (for pull requests the PR head, not the merge commit);
 * - the branch name sanitised to tag grammar (`feature/Login` → `feature-login`), or `pr-<n>` for a PR;
 * - for `refs/tags/v1.2.3`: `1.2.3`, `1.2`, `1` (a pre-release only itself); another tag name as is;
 * - `latest` by the `latest` rule: on the default branch (`default-branch`), on a pushed release tag
 *   (`release`, docker/metadata-action's `flavor: latest=auto`), always (`true`) or never (`false`);
 * - the environment name when the plan gave one;
 * - the extra `tags`: tag names, or full references to the image (what metadata-action outputs).
 */


const LATEST_RULES = ['default-branch', 'release', 'true', 'false'];
/**
 * The `latest` input. `auto` was berth's name for `default-branch` — the opposite of
 * docker/metadata-action's `flavor: latest=auto`, which tags `latest` on a pushed release tag and never
 * on a branch — so it is renamed; it still means the default branch, with a warning that says so.
 */
function parseLatestRule(value) {
    const text = value.trim();
    if (LATEST_RULES.includes(text))
        return { rule: text };
    if (text === 'auto') {
        return {
            rule: 'default-branch',
            deprecation: 'latest: `auto` is renamed `default-branch` (tag latest on pushes to the default branch, as before): ' +
                "berth's `auto` meant the opposite of docker/metadata-action's `flavor: latest=auto`, which tags latest " +
                'on a pushed release tag and never on a branch. This run keeps the old meaning; write ' +
                '`latest: default-branch` to keep it without this warning, or `latest: release` for what ' +
                'metadata-action calls auto. `auto` will be refused in a later version.',
        };
    }
    throw new errors/* ConfigurationError */.j1(`latest: expected default-branch (latest on pushes to the default branch), release (on a pushed release tag, as docker/metadata-action's latest=auto), true or false, got ${JSON.stringify(value)}`);
}
const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
/** `feature/Login` → `feature-login`: lowercase, runs of other characters → `-`, at most 128. */
function sanitizeTag(text) {
    const cleaned = text
        .toLowerCase()
        .replace(/[^a-z0-9_.-]+/g, '-')
        .replace(/-{2,}/g, '-')
        .replace(/^[.-]+/, '')
        .slice(0, 128)
        .replace(/[.-]+$/, '');
    return cleaned;
}
function shortSha(sha) {
    if (!/^[0-9a-f]{7,64}$/i.test(sha)) {
        throw new errors/* ConfigurationError */.j1(`sha: expected the commit's hex SHA (GITHUB_SHA, or --sha for the CLI), got ${JSON.stringify(sha)}`);
    }
    return sha.slice(0, 7).toLowerCase();
}
function computeTags(facts) {
    const tags = [`sha-${shortSha(facts.headSha)}`];
    let version = '';
    const add = (tag) => {
        if (tag !== '' && !tags.includes(tag))
            tags.push(tag);
    };
    if (facts.ref.startsWith('refs/heads/')) {
        const branch = facts.ref.slice('refs/heads/'.length);
        version = sanitizeTag(branch);
        add(version);
        const isDefault = facts.defaultBranch !== '' && branch === facts.defaultBranch;
        if (facts.latest === 'true' || (facts.latest === 'default-branch' && isDefault))
            add('latest');
    }
    else if (facts.ref.startsWith('refs/tags/')) {
        const name = facts.ref.slice('refs/tags/'.length);
        const m = SEMVER.exec(name);
        // `release`: as metadata-action's latest=auto — every pushed tag but a semver pre-release.
        const release = m === null || m[4] === undefined;
        if (m) {
            const [, major, minor, patch, pre] = m;
            version = `${major}.${minor}.${patch}${pre ?? ''}`;
            add(sanitizeTag(version));
            if (pre === undefined) {
                add(`${major}.${minor}`);
                add(`${major}`);
            }
        }
        else {
            version = sanitizeTag(name);
            add(version);
        }
        if (facts.latest === 'true' || (facts.latest === 'release' && release))
            add('latest');
    }
    else {
        if (facts.pullRequest !== undefined) {
            version = `pr-${facts.pullRequest}`;
            add(version);
        }
        if (facts.latest === 'true')
            add('latest');
    }
    if (facts.environment !== '')
        add(sanitizeTag(facts.environment));
    for (const extra of facts.extraTags) {
        if (!(0,reference/* isValidTag */.r_)(extra)) {
            throw new errors/* ConfigurationError */.j1(`tags: ${JSON.stringify(extra)} is not a valid tag; expected letters, digits, "_", "." or "-" (not first), at most 128`);
        }
        add(extra);
    }
    return { tags, version: version || tags[0] };
}
/**
 * The `tags` input's items as tag names. Each is a tag (`1.2`) or, as docker/build-push-action takes
 * them and docker/metadata-action outputs them, a full reference (`ghcr.io/acme/app:1.2`); a reference
 * to the image's own repository (however spelled: `acme/app` is `docker.io/acme/app`) gives its tag.
 * A reference to another repository is refused: berth pushes one repository, logged in to its
 * registry, and reads the digest back from it — see the README (`build`, "tags").
 */
function extraTagNames(items, image) {
    const expected = (example) => `expected a tag (\`1.2\`) or a full reference to the image with one (\`${(0,reference/* imageRef */.D6)(image)}:${example}\`)`;
    return items.map((item) => {
        if (!item.includes('/') && !item.includes(':') && !item.includes('@')) {
            if (!(0,reference/* isValidTag */.r_)(item)) {
                throw new errors/* ConfigurationError */.j1(`tags: ${JSON.stringify(item)} is not a valid tag: letters, digits, "_", "." or "-" (not first), at most 128; ${expected('1.2')}`);
            }
            return item;
        }
        const ref = (0,reference/* parseImageReference */.o_)(item, 'tags');
        if (!(0,reference/* sameRepository */.RB)(ref, image)) {
            throw new errors/* ConfigurationError */.j1(`tags: ${JSON.stringify(item)} is in the repository ${(0,reference/* imageRef */.D6)(ref)}, not in the image's ${(0,reference/* imageRef */.D6)(image)}: berth pushes the image to its own repository only; ${expected(ref.tag ?? '1.2')}. To publish to ${(0,reference/* imageRef */.D6)(ref)} too, copy the pushed digest there in a later step (\`docker buildx imagetools create --tag ${item} <image-ref output>\`)`);
        }
        if (ref.digest !== undefined) {
            throw new errors/* ConfigurationError */.j1(`tags: ${JSON.stringify(item)} holds a digest, which names what is built only once it is pushed; ${expected(ref.tag ?? '1.2')}`);
        }
        if (ref.tag === undefined) {
            throw new errors/* ConfigurationError */.j1(`tags: ${JSON.stringify(item)} names the image but no tag; ${expected('1.2')}`);
        }
        return ref.tag;
    });
}
/** Standard OCI annotations, then the user's labels. */
function computeLabels(facts) {
    const labels = new Map([
        ['org.opencontainers.image.source', facts.sourceUrl],
        ['org.opencontainers.image.revision', facts.revision],
        ['org.opencontainers.image.created', facts.created.toISOString()],
        ['org.opencontainers.image.version', facts.version],
    ]);
    for (const [k, v] of facts.extra)
        labels.set(k, v);
    return [...labels];
}

// EXTERNAL MODULE: ./src/github/event.ts
var github_event = __nccwpck_require__(5015);
;// CONCATENATED MODULE: ./src/build/naming.ts
/**
 * How `build` names the image: its tags (the commit's `sha-` tag first, then the rules': branch, PR,
 * environment, version, `latest`, extra tags) and its OCI labels, from the event and the inputs.
 */




function nameImage(inputs, runtime, event, target, now) {
    const { image } = target;
    const repoRef = (0,reference/* imageRef */.D6)(image);
    const headSha = (0,github_event/* headCommit */.Qo)(event);
    // `latest` is read here, not only in inputs.ts: its old value `auto` is renamed (see parseLatestRule).
    const latest = parseLatestRule(inputs.latest);
    if (latest.deprecation)
        runtime.warning(latest.deprecation);
    const { tags, version } = computeTags({
        ref: event.ref,
        headSha,
        defaultBranch: (0,github_event/* defaultBranch */.OR)(event),
        pullRequest: (0,github_event/* pullRequestNumber */.Kd)(event),
        environment: inputs.environment,
        latest: latest.rule,
        extraTags: extraTagNames((0,build_args/* parseList */.E1)(inputs.tags), image),
    });
    const serverUrl = runtime.getContext('server-url') || 'https://github.com';
    const labels = computeLabels({
        sourceUrl: `${serverUrl}/${event.repository}`,
        revision: headSha,
        created: now,
        version,
        extra: (0,build_args/* parseKeyValues */.Hl)(inputs.labels, 'labels'),
    });
    return {
        repoRef,
        tags,
        refs: tags.map((t) => `${repoRef}:${t}`),
        shaTag: tags[0],
        version,
        labels,
    };
}

// EXTERNAL MODULE: ./src/http/tls.ts
var tls = __nccwpck_require__(7485);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __nccwpck_require__(4708);
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_);
// EXTERNAL MODULE: ./src/http/proxy.ts
var proxy = __nccwpck_require__(7856);
;// CONCATENATED MODULE: ./src/registry/api.ts
/**
 * The registry's HTTP API v2 (distribution): manifest HEAD/GET/PUT with the auth dance registries
 * demand (Basic, or a Bearer token from the realm in WWW-Authenticate), manifest Accept headers (without
 * them the digest comes back different), bounded retries of transient failures, and at-once failure
 * on 401/403 naming the registry and the inputs to check.
 */







const MANIFEST_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
];
/** A failure worth retrying: the network, a 5xx or a 429. */
class TransientRegistryError extends Error {
    name = 'TransientRegistryError';
}
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/;
/** Registries docker treats as insecure by themselves: plain HTTP. */
function isLoopbackHost(host) {
    return LOOPBACK.test(host);
}
/** Parses `Bearer realm="…",service="…",scope="…"`. */
function parseChallenge(header) {
    const space = header.indexOf(' ');
    const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
    const params = {};
    const re = /(\w+)="([^"]*)"/g;
    for (let m = re.exec(header); m !== null; m = re.exec(header))
        params[m[1].toLowerCase()] = m[2];
    return { scheme, params };
}
class RegistryClient {
    options;
    scheme = 'https';
    authorization;
    retryPolicy;
    /** Direct, or through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY exempts the host (../http/proxy.ts). */
    agents = {
        'http:': (0,proxy/* proxyAgent */.QT)('http:', { keepAlive: true }),
        'https:': (0,proxy/* proxyAgent */.QT)('https:', { keepAlive: true }),
    };
    constructor(options) {
        this.options = options;
        this.retryPolicy = options.retry ?? retry/* DEFAULT_RETRY */.vI;
        if (isLoopbackHost(options.host))
            this.scheme = 'http';
    }
    /** The digest of a tag or digest reference, or undefined when the registry does not have it. */
    async manifestDigest(repository, reference) {
        const res = await this.request('HEAD', `/v2/${repository}/manifests/${reference}`, repository, 'pull');
        if (res.status === 404)
            return undefined;
        this.expectOk(res, `HEAD ${repository}:${reference}`);
        const digest = res.headers['docker-content-digest'];
        if (typeof digest === 'string' && digest !== '')
            return digest;
        // Some registries omit the header on HEAD; the digest is the hash of the body a GET returns.
        return (await this.getManifest(repository, reference))?.digest;
    }
    async getManifest(repository, reference) {
        const res = await this.request('GET', `/v2/${repository}/manifests/${reference}`, repository, 'pull');
        if (res.status === 404)
            return undefined;
        this.expectOk(res, `GET ${repository}:${reference}`);
        const mediaType = String(res.headers['content-type'] ?? '').split(';')[0] ?? '';
        return {
            body: res.body,
            mediaType,
            digest: `sha256:${(0,external_node_crypto_.createHash)('sha256').update(res.body).digest('hex')}`,
        };
    }
    /** Tags an existing manifest: PUT its exact bytes under another tag. */
    async putManifest(repository, tag, manifest) {
        const res = await this.request('PUT', `/v2/${repository}/manifests/${tag}`, repository, 'pull,push', {
            body: manifest.body,
            contentType: manifest.mediaType,
        });
        this.expectOk(res, `PUT ${repository}:${tag}`);
    }
    expectOk(res, what) {
        if (res.status >= 200 && res.status < 300)
            return;
        if (res.status === 401 || res.status === 403)
            throw this.authError(res);
        throw new Error(`registry ${this.options.host}: ${what} answered ${res.status} ${res.body.toString('utf8').slice(0, 300)}`);
    }
    authError(res) {
        const inputs = this.options.credentialInputs ?? 'registry-username / registry-password';
        const given = this.options.credentials ? 'refused the credentials' : 'needs credentials';
        return new errors/* ConfigurationError */.j1(`${inputs}: the registry ${this.options.host} ${given} (${res.status} ${(external_node_http_default()).STATUS_CODES[res.status] ?? ''}); check the user name, the password or token, and its push rights`);
    }
    async request(method, path, repository, actions, payload) {
        const send = () => (0,retry/* retry */.L5)(() => this.send(method, path, payload), (e) => e instanceof TransientRegistryError, this.retryPolicy);
        let res = await send();
        if (res.status !== 401)
            return res;
        const challenge = res.headers['www-authenticate'];
        if (typeof challenge !== 'string')
            return res;
        const { scheme, params } = parseChallenge(challenge);
        if (scheme === 'basic') {
            if (!this.options.credentials)
                throw this.authError(res);
            const { username, password } = this.options.credentials;
            this.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
        }
        else if (scheme === 'bearer' && params.realm) {
            this.authorization = `Bearer ${await this.fetchToken(params.realm, params.service ?? '', params.scope ?? `repository:${repository}:${actions}`)}`;
        }
        else {
            return res;
        }
        res = await send();
        if (res.status === 401 || res.status === 403)
            throw this.authError(res);
        return res;
    }
    async fetchToken(realm, service, scope) {
        const url = new URL(realm);
        if (service !== '')
            url.searchParams.set('service', service);
        url.searchParams.set('scope', scope);
        const headers = {};
        if (this.options.credentials) {
            const { username, password } = this.options.credentials;
            headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
        }
        const res = await (0,retry/* retry */.L5)(() => this.raw(url, 'GET', headers), (e) => e instanceof TransientRegistryError, this.retryPolicy);
        if (res.status === 401 || res.status === 403)
            throw this.authError(res);
        if (res.status !== 200)
            throw new Error(`registry ${this.options.host}: token endpoint ${url.origin}${url.pathname} answered ${res.status}`);
        const body = JSON.parse(res.body.toString('utf8'));
        const token = body.token ?? body.access_token;
        if (!token)
            throw new Error(`registry ${this.options.host}: token endpoint returned no token`);
        this.options.onSecret?.(token);
        return token;
    }
    async send(method, path, payload) {
        const headers = { accept: MANIFEST_TYPES.join(', ') };
        if (this.authorization)
            headers.authorization = this.authorization;
        if (payload)
            headers['content-type'] = payload.contentType;
        try {
            return await this.raw(new URL(`${this.scheme}://${this.options.host}${path}`), method, headers, payload?.body);
        }
        catch (error) {
            // Like docker for insecure registries: HTTPS first, then plain HTTP once.
            if (this.scheme === 'https' && this.options.insecure && isTlsMismatch(error)) {
                this.scheme = 'http';
                return this.raw(new URL(`http://${this.options.host}${path}`), method, headers, payload?.body);
            }
            throw error;
        }
    }
    raw(url, method, headers, body) {
        const secure = url.protocol === 'https:';
        const lib = secure ? (external_node_https_default()) : (external_node_http_default());
        return new Promise((resolve, reject) => {
            const req = lib.request(url, {
                method,
                agent: this.agents[secure ? 'https:' : 'http:'],
                headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
                ...(this.options.ca ? { ca: (0,tls/* trustedCa */.iU)(this.options.ca) } : {}),
                timeout: this.options.timeoutMs ?? 20_000,
            }, (res) => {
                const chunks = [];
                res.on('data', (c) => chunks.push(c));
                res.on('end', () => {
                    const status = res.statusCode ?? 0;
                    const response = { status, headers: res.headers, body: Buffer.concat(chunks) };
                    if (status >= 500 || status === 429) {
                        reject(new TransientRegistryError(`registry ${this.options.host}: ${method} ${url.pathname} answered ${status}`));
                    }
                    else {
                        resolve(response);
                    }
                });
                res.on('error', (e) => reject(new TransientRegistryError(`registry ${this.options.host}: ${e.message}`)));
            });
            req.on('timeout', () => req.destroy(new TransientRegistryError(`registry ${this.options.host}: ${method} ${url.pathname} timed out`)));
            req.on('error', (error) => {
                const code = (0,errors/* errnoCode */.UK)(error) ?? '';
                if (tls/* TLS_TRUST_CODES */.CH.has(code)) {
                    reject(new errors/* ConfigurationError */.j1(`registry-ca-cert: the TLS certificate of the registry ${this.options.host} is not trusted (${code}); give the PEM of the CA that signed it as registry-ca-cert, and to the docker engine as /etc/docker/certs.d/${this.options.host}/ca.crt`));
                }
                else if (error instanceof TransientRegistryError)
                    reject(error);
                else if (error instanceof proxy/* ProxyError */.T6)
                    reject(error.transient
                        ? new TransientRegistryError(`registry ${this.options.host}: ${error.message}`, {
                            cause: error,
                        })
                        : new errors/* ConfigurationError */.j1(`registry ${this.options.host}: ${error.message}`));
                else if (isNetworkError(error))
                    reject(new TransientRegistryError(`registry ${this.options.host}: ${error.message}`, { cause: error }));
                else
                    reject(error);
            });
            req.end(body);
        });
    }
}
const NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
]);
function isNetworkError(error) {
    return NETWORK_CODES.has((0,errors/* errnoCode */.UK)(error) ?? '');
}
function isTlsMismatch(error) {
    const code = (0,errors/* errnoCode */.UK)(error) ?? '';
    return (code === 'EPROTO' ||
        code.startsWith('ERR_SSL') ||
        (error instanceof Error && /wrong version number|ssl/i.test(error.message)));
}

// EXTERNAL MODULE: ./src/registry/credentials.ts
var registry_credentials = __nccwpck_require__(3653);
// EXTERNAL MODULE: ./src/registry/ecr.ts
var ecr = __nccwpck_require__(9857);
// EXTERNAL MODULE: ./src/registry/job-login.ts
var job_login = __nccwpck_require__(6684);
// EXTERNAL MODULE: ./src/registry/providers.ts
var providers = __nccwpck_require__(1893);
;// CONCATENATED MODULE: ./src/build/registry-access.ts






async function openRegistry(inputs, runtime, image, exec, retryPolicy) {
    const provider = (0,providers/* resolveProvider */.Kd)(image.registry, inputs.registryProvider);
    const resolved = await (0,registry_credentials/* resolveRegistryCredentials */.G)({
        provider,
        registry: image.registry,
        username: inputs.registryUsername,
        password: inputs.registryPassword,
        githubActor: runtime.getContext('actor'),
        githubToken: inputs.githubToken,
        jobLogin: async () => (0,job_login/* jobCredentials */.KF)(await (0,job_login/* readUserDockerConfig */.IL)(), image.registry, exec),
        ecr: (host) => (0,ecr.ecrCredentials)((0,providers/* ecrRegion */.d0)(host), host),
    }, 'push');
    const fromJob = resolved.from === 'job';
    if (fromJob) {
        runtime.info(`registry ${image.registry}: using the job's docker login (no registry-username / registry-password given)`);
    }
    const credentials = resolved.credentials;
    if (credentials) {
        runtime.setSecret(credentials.password);
        runtime.setSecret(Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'));
    }
    const ca = await (0,tls/* readCaInput */.xX)(inputs.registryCaCert, {
        input: 'registry-ca-cert',
        workspace: runtime.workspace,
    });
    const registry = new RegistryClient({
        host: (0,providers/* apiHost */.nz)(image.registry),
        credentials,
        ca,
        insecure: inputs.registryInsecure,
        retry: retryPolicy,
        credentialInputs: provider === 'ecr'
            ? 'AWS credentials (ecr)'
            : fromJob
                ? `the job's docker login for ${image.registry} (or registry-username / registry-password)`
                : 'registry-username / registry-password',
        onSecret: (secret) => runtime.setSecret(secret),
    });
    return { provider, credentials, fromJob, registry };
}
/**
 * This commit's image already in the registry (its `sha-` tag): every other tag is pointed at it and
 * its manifest returned — nothing to build. Undefined when it is not there.
 */
async function tagExisting(registry, image, naming, runtime) {
    const existing = await registry.getManifest(image.repository, naming.shaTag);
    if (!existing)
        return undefined;
    runtime.info(`${naming.repoRef}:${naming.shaTag} is already in the registry (${existing.digest}): skipping the build (force: true rebuilds)`);
    for (const tag of naming.tags.slice(1)) {
        if ((await registry.manifestDigest(image.repository, tag)) !== existing.digest) {
            await registry.putManifest(image.repository, tag, existing);
            runtime.info(`tagged ${naming.repoRef}:${tag} → ${existing.digest}`);
        }
    }
    return existing;
}

;// CONCATENATED MODULE: ./src/build/target.ts
/** What `build` builds: the image name and build context, from the inputs or the component in the config. */




/** The image name and build context from the inputs, else from the component in the config. */
async function resolveBuildTarget(inputs, runtime) {
    let component;
    let config;
    if (inputs.component !== '' || inputs.image === '') {
        config = await (0,load/* loadConfig */.Z9)(external_node_path_default().resolve(runtime.workspace, inputs.config), inputs.config);
        component = findComponent(config, inputs.component, inputs.config);
    }
    let imageText = inputs.image;
    let inputName = 'image';
    if (imageText === '') {
        if (component?.image === undefined) {
            throw new errors/* ConfigurationError */.j1(`image: empty, and ${component ? `components.${component.name}.image in ${inputs.config}` : 'no component'} names none; set the image input (e.g. ghcr.io/acme/backend) or the component's image`);
        }
        imageText = joinRegistry(config?.registry, component.image);
        inputName = `components.${component.name}.image`;
    }
    const parsed = (0,reference/* parseImageName */["if"])(imageText, inputName);
    if (parsed.lowercased)
        runtime.info(`${inputName}: lowercased to ${(0,reference/* imageRef */.D6)(parsed)} (registries accept only lowercase repository names)`);
    const context = inputs.context || component?.context || '.';
    const file = inputs.file || component?.dockerfile || '';
    return { image: { registry: parsed.registry, repository: parsed.repository }, context, file };
}
function findComponent(config, name, configPath) {
    if (name === '')
        return config.components.length === 1 ? config.components[0] : undefined;
    const component = config.components.find((c) => c.name === name);
    if (!component) {
        throw new errors/* ConfigurationError */.j1(`component: ${JSON.stringify(name)} is not a component in ${configPath}; expected one of: ${config.components.map((c) => c.name).join(', ')}`);
    }
    return component;
}
/** `ghcr.io/acme` + `backend` → `ghcr.io/acme/backend`; an image that names its registry stays as it is. */
function joinRegistry(registry, image) {
    if (registry === undefined || registry === '')
        return image;
    if (image.includes('/') && (0,reference/* namesRegistry */.Uh)(image.split('/')[0] ?? ''))
        return image;
    return `${registry.replace(/\/+$/, '')}/${image}`;
}

// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __nccwpck_require__(4285);
;// CONCATENATED MODULE: ./src/report/build-summary.ts

/** The step summary of `build`. */
function renderBuildSummary(result) {
    const headline = result.skipped
        ? 'already in the registry, build skipped'
        : result.digest === ''
            ? 'built, not pushed'
            : 'built and pushed';
    const rows = [
        ['Image', result.image],
        ['Tags', result.tags.map((t) => t.slice(t.lastIndexOf(':') + 1)).join(', ')],
        ['Digest', result.digest || '(not pushed)'],
        ['Reference for deploy', result.digest ? `${result.image}@${result.digest}` : '(none)'],
        ['Builder', result.builder],
        ['Registry provider', result.provider],
        ['Time', `${(result.durationMs / 1000).toFixed(1)} s`],
    ];
    return [
        `### berth build: ${(0,markdown/* escapeMarkdown */.F)(result.image)} ${headline}`,
        '',
        (0,markdown/* renderTable */.b)(['', ''], rows),
        '',
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/commands/build.ts
/**
 * `build`: what to build and how to name it → the registry and its credentials → skip when the
 * registry already has this commit (only the other tags move) → build and push → the digest read back
 * → outputs and summary. Credentials live in a private docker config removed at the end (and by the
 * post step if the job is cancelled).
 */










async function runBuild(inputs, runtime, deps = {}) {
    const started = Date.now();
    const exec = deps.exec ?? (0,src_exec/* createExec */.k7)(runtime);
    const retryPolicy = (0,retry/* loggedRetry */.FZ)(deps.retry, (m) => runtime.warning(m));
    // 1. What to build and how to name it.
    const event = await (0,github_event/* readEvent */.j_)(runtime, { optional: true });
    const target = await resolveBuildTarget(inputs, runtime);
    const naming = nameImage(inputs, runtime, event, target, (deps.now ?? (() => new Date()))());
    // 2. The registry, and the credentials to push with.
    const access = await openRegistry(inputs, runtime, target.image, exec, retryPolicy);
    const base = {
        image: naming.repoRef,
        tags: naming.refs,
        provider: access.provider,
        version: naming.version,
    };
    // 3. Already built for this commit? Then only make sure every tag points at it.
    if (inputs.push && !inputs.force) {
        const existing = await tagExisting(access.registry, target.image, naming, runtime);
        if (existing) {
            await finish(runtime, {
                ...base,
                tags: naming.refs,
                digest: existing.digest,
                skipped: true,
                builder: 'none',
                durationMs: Date.now() - started,
            });
            return;
        }
    }
    // 4. Build and push.
    const built = await buildAndPush(inputs, runtime, { exec, docker: deps.docker ?? 'docker', retryPolicy }, target, naming, access);
    await finish(runtime, {
        ...base,
        tags: naming.refs,
        digest: built.digest,
        imageId: built.imageId,
        skipped: false,
        builder: built.builder,
        durationMs: Date.now() - started,
    });
}
/** The post step's part: remove the private docker config if the main step could not. */
async function cleanupBuild(runtime) {
    const dir = (0,post_state/* readPostState */.c)(runtime, 'docker-config');
    if (typeof dir === 'string' && dir !== '')
        await (0,engine/* removeDockerConfig */.nS)(dir);
}
async function finish(runtime, result) {
    const imageRefValue = result.digest === '' ? '' : `${result.image}@${result.digest}`;
    runtime.setOutput('image', result.image);
    runtime.setOutput('tags', result.tags.join('\n'));
    runtime.setOutput('digest', result.digest);
    runtime.setOutput('image-ref', imageRefValue);
    runtime.setOutput('skipped', String(result.skipped));
    runtime.setOutput('metadata', JSON.stringify({ ...result, imageRef: imageRefValue }));
    await runtime.appendSummary(renderBuildSummary(result));
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: ./src/remote/host.ts
var remote_host = __nccwpck_require__(5990);
// EXTERNAL MODULE: ./src/progress.ts
var src_progress = __nccwpck_require__(4660);
;// CONCATENATED MODULE: ./src/deploy/lock.ts
/**
 * The host's deploy lock for one app and environment: a directory created atomically (mkdir), with the
 * holder's run id, commit, actor and time inside. A second deploy waits up to a bound, then fails naming
 * the holder; a lock older than its bound (a killed run) is broken with a warning, at once when its
 * holder was a process on this same runner that no longer exists. The clock and the sleep are
 * parameters so tests never wait.
 */









async function acquireDeployLock(options) {
    const { host } = options;
    const now = options.now ?? Date.now;
    const pause = options.sleep ?? retry/* sleep */.yy;
    const alive = options.processAlive ?? processExists;
    const started = now();
    let announced = false;
    const progress = (0,src_progress/* startProgress */.ot)({
        what: 'the deploy lock',
        limitMs: options.waitMs,
        now,
        say: (line) => options.info(line),
    });
    for (;;) {
        if (await host.makeDirExclusive(options.dir)) {
            const owner = {
                ...options.owner,
                since: new Date(now()).toISOString(),
                runner: (0,external_node_os_.hostname)(),
                pid: process.pid,
            };
            await host.writeFile(`${options.dir}/owner.json`, JSON.stringify(owner));
            if (announced)
                progress.end('taken');
            return;
        }
        const holder = await readOwner(host, options.dir, now);
        const age = now() - holder.takenAt;
        const gone = holder.owner?.runner === (0,external_node_os_.hostname)() &&
            holder.owner.pid !== undefined &&
            holder.owner.pid !== process.pid &&
            !alive(holder.owner.pid);
        if (age > options.staleMs || gone) {
            const why = gone
                ? `its process ${holder.owner?.pid} on this runner is gone`
                : `${Math.round(age / 1000)} s old: its run must have been killed`;
            options.warn(`Breaking a stale deploy lock (${describeOwner(holder.owner)}; ${why}).`);
            await host.remove(options.dir);
            continue;
        }
        if (now() - started >= options.waitMs) {
            throw new errors/* ConfigurationError */.j1(`lock-timeout: another deploy holds the lock of this app and environment (${describeOwner(holder.owner)}); waited ${Math.round((now() - started) / 1000)} s. Re-run when it is done, or raise lock-timeout.`);
        }
        announced = true;
        progress.update(`held by ${describeOwner(holder.owner)}`);
        await progress.sleep(options.pollMs ?? 1000, pause);
    }
}
/** Releases the lock if this run holds it (the post step calls it too, after a cancel). */
async function releaseDeployLock(host, dir, runId) {
    const holder = await readOwner(host, dir, Date.now);
    if (holder.owner?.runId !== runId)
        return false;
    await host.remove(dir);
    return true;
}
async function readOwner(host, dir, now) {
    const text = await host.readFile(`${dir}/owner.json`);
    try {
        if (text !== undefined) {
            const owner = JSON.parse(text);
            return { owner, takenAt: Date.parse(owner.since) };
        }
    }
    catch {
        // half written: treated as just taken
    }
    // Created but not yet written (or gone): young, so the next look decides.
    return { owner: undefined, takenAt: now() };
}
function processExists(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return !(error instanceof Error && 'code' in error && error.code === 'ESRCH');
    }
}
function describeOwner(owner) {
    if (!owner)
        return 'an unknown run';
    return `run ${owner.runId} by ${owner.actor || 'unknown'} for commit ${owner.commit.slice(0, 7)}, since ${owner.since}`;
}
/**
 * Runs `work` holding the deploy lock of one app and environment on `host`: taken as the `lock` step
 * (recorded for the post step, which releases it after a cancel), released afterwards whatever happens.
 */
async function underDeployLock(lock, runtime, step, work) {
    const { host, dir, runId } = lock;
    await step('lock', () => acquireDeployLock({
        host,
        dir,
        owner: { runId, commit: lock.commit, actor: lock.actor },
        waitMs: lock.timeoutSeconds * 1000,
        staleMs: Math.max(lock.timeoutSeconds, 60) * 1000 * 2,
        warn: (m) => runtime.warning(m),
        info: (m) => runtime.info(m),
    }));
    (0,post_state/* savePostState */.L)(runtime, 'deploy-lock', { host: host.remote ? host.label : '', dir, runId });
    try {
        return await work();
    }
    finally {
        await releaseDeployLock(host, dir, runId).catch((e) => runtime.warning(`could not release the deploy lock on ${host.label} (${e instanceof Error ? e.message : String(e)}); the post step tries again`));
    }
}
/** The post step's part: release the lock if this run still holds it (cancelled or failed run). */
async function releaseLockAfterRun(inputs, runtime) {
    const lock = (0,post_state/* readPostState */.c)(runtime, 'deploy-lock');
    if (lock === undefined)
        return;
    const exec = (0,src_exec/* createExec */.k7)(runtime);
    let host;
    if (!lock.host)
        host = new remote_host/* LocalHost */.an(exec, runtime.tempDir, (0,external_node_os_.homedir)());
    else {
        const target = (0,ssh_targets/* recordedSshTarget */.o)(inputs, lock.host);
        if (!target)
            return;
        host = await ssh/* SshHost */.fQ.open(exec, runtime, target);
    }
    try {
        if (await releaseDeployLock(host, lock.dir, lock.runId))
            runtime.info(`released the deploy lock ${lock.dir} on ${host.label}`);
    }
    finally {
        await host.close();
    }
}

// EXTERNAL MODULE: ./src/remote/ssh-config.ts
var ssh_config = __nccwpck_require__(187);
;// CONCATENATED MODULE: ./src/deploy/each-host.ts
/**
 * Deploys go to their hosts one at a time: this runner's host, or each `ssh-host` in turn. The first
 * failure stops the run, and its message says which hosts were already changed and which were not
 * touched, so nobody has to guess what is live where.
 */






/** This run's id in locks and records: GitHub's run id, or a local one for the CLI. */
function deployRunId(runtime) {
    return runtime.getContext('run-id') || `local-${process.pid}-${(0,external_node_crypto_.randomBytes)(3).toString('hex')}`;
}
/**
 * Runs `work` on every target host in order and returns the results. On a failure, `onFailure` gets the
 * results so far (to report them) before the error, with the hosts named, is thrown.
 */
async function onEachHost(inputs, runtime, exec, work, onFailure) {
    const targets = (0,ssh_targets/* resolveSshTargets */.j)(inputs);
    const count = Math.max(targets.length, 1);
    const results = [];
    for (let i = 0; i < count; i++) {
        const target = targets[i];
        let host;
        try {
            host = target
                ? await ssh/* SshHost */.fQ.open(exec, runtime, target)
                : new remote_host/* LocalHost */.an(exec, runtime.tempDir, (0,external_node_os_.homedir)());
            if (count > 1)
                runtime.info(`— host ${i + 1} of ${count}: ${host.label}`);
            results.push(await work(host));
        }
        catch (error) {
            if (count > 1 && error instanceof Error) {
                const name = target ? (0,ssh_config/* describeEndpoint */.N2)(target.endpoint) : 'this host';
                const done = results.map((r) => r.host).join(', ');
                const rest = targets
                    .slice(i + 1)
                    .map((t) => (0,ssh_config/* describeEndpoint */.N2)(t.endpoint))
                    .join(', ');
                error.message = `${name} (host ${i + 1} of ${count}): ${error.message}${done ? ` Already updated: ${done}.` : ''}${rest ? ` Not touched, still on the old version: ${rest}.` : ''}`;
            }
            if (results.length > 0)
                await onFailure(results);
            throw error;
        }
        finally {
            await host?.close();
        }
    }
    return results;
}

// EXTERNAL MODULE: ./src/deploy/state.ts
var state = __nccwpck_require__(3414);
;// CONCATENATED MODULE: ./src/deploy/strategies.ts
/** The table: blue-green and recreate run containers; static publishes a build; kubernetes, a Helm release. */
const STRATEGIES = {
    'blue-green': async () => (await Promise.all(/* import() */[__nccwpck_require__.e(770), __nccwpck_require__.e(959)]).then(__nccwpck_require__.bind(__nccwpck_require__, 959))).containerStrategy,
    recreate: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(770), __nccwpck_require__.e(959)]).then(__nccwpck_require__.bind(__nccwpck_require__, 959))).containerStrategy,
    // Its planners and the S3/CloudFront SDKs are no part of the container deploys' start-up.
    static: async () => (await __nccwpck_require__.e(/* import() */ 88).then(__nccwpck_require__.bind(__nccwpck_require__, 1088))).staticStrategy,
    // helm and kubectl run as programs; nothing of Kubernetes loads for the other strategies.
    kubernetes: async () => (await __nccwpck_require__.e(/* import() */ 951).then(__nccwpck_require__.bind(__nccwpck_require__, 4951))).kubernetesStrategy,
};

;// CONCATENATED MODULE: ./src/deploy/protection.ts
/**
 * What protects the environment a deploy goes to, read from GitHub before anything changes: its
 * deployment branch policy (without one, any branch that can run a workflow deploys to production) and
 * its required reviewers. `environmentVerdict` decides from GitHub's answer (pure); `checkEnvironmentProtection`
 * asks GitHub, logs and summarises the verdict, and refuses an unprotected environment unless the
 * `allow-unprotected-environment` input opts out (then it warns, every run).
 */

/** Where GitHub's setting is, and its two values that protect. */
const branchSetting = (name) => `Settings → Environments → ${name} → Deployment branches and tags → "Protected branches only" or "Selected branches and tags"`;
const capitalise = (s) => `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;
const reviewerName = (r) => r.type === 'Team' ? `team ${r.name}` : `@${r.name}`;
/** The required reviewers, in words. */
function describeReviewers(env) {
    if (env.reviewers.length === 0) {
        return `no required reviewers: a deploy to ${env.name} starts without anyone's approval (Settings → Environments → ${env.name} → Required reviewers)`;
    }
    return `required reviewers: ${env.reviewers.map(reviewerName).join(', ')}${env.preventSelfReview ? ' (not the one who started it)' : ''}`;
}
/** The branch policy, in words; undefined when there is none. */
function describeBranchPolicy(env) {
    const policy = env.deploymentBranchPolicy;
    if (policy === null)
        return undefined;
    if (policy.protectedBranches)
        return 'deploys only from protected branches';
    if (policy.customBranchPolicies)
        return 'deploys only from its selected branches and tags';
    return undefined;
}
/**
 * The verdict on GitHub's answer for environment `name` (`undefined`: GitHub answered 404);
 * `repository` (`owner/repo`) only names what was asked, in the messages.
 */
function environmentVerdict(name, env, allowUnprotected, repository) {
    const optOut = 'allow-unprotected-environment: true';
    if (env === undefined) {
        const problem = `environment: GitHub shows no environment "${name}" in ${repository} to this token (GET /repos/${repository}/environments/${encodeURIComponent(name)} answered 404), so nothing says which branches may deploy to it`;
        const fix = `give the deploy job \`permissions: actions: read\` (the token cannot see environments without it on a private repository), and make sure the job's \`environment:\` is "${name}"; a new environment has no protection until ${branchSetting(name)} is set`;
        return allowUnprotected
            ? {
                warnings: [`${problem}; deploying anyway (${optOut}). To protect it, ${fix}.`],
                notices: [],
                summary: `⚠️ Environment **${name}**: not found on GitHub, so not protected; deployed anyway (\`${optOut}\`).`,
            }
            : {
                refusal: `${problem}. ${capitalise(fix)} — or set \`${optOut}\` to deploy anyway (warned every run).`,
                warnings: [],
                notices: [],
                summary: `❌ Environment **${name}**: not found on GitHub; nothing deployed.`,
            };
    }
    const reviewers = describeReviewers(env);
    const branches = describeBranchPolicy(env);
    if (branches === undefined) {
        const problem = `environment "${name}" has no deployment branch policy: any branch that can run a workflow can deploy to it`;
        return allowUnprotected
            ? {
                warnings: [
                    `${problem}; deploying anyway (${optOut}). To protect it: ${branchSetting(name)}. It has ${reviewers}.`,
                ],
                notices: [],
                summary: `⚠️ Environment **${name}**: any branch can deploy to it (no deployment branch policy); deployed anyway (\`${optOut}\`). ${capitalise(reviewers)}.`,
            }
            : {
                refusal: `${problem}. Set ${branchSetting(name)} — or set \`${optOut}\` to deploy anyway (warned every run).`,
                warnings: [],
                notices: [],
                summary: `❌ Environment **${name}**: any branch can deploy to it (no deployment branch policy); nothing deployed.`,
            };
    }
    const wait = env.waitTimerMinutes > 0 ? `, waits ${env.waitTimerMinutes} min` : '';
    return {
        warnings: [],
        notices: [`environment "${name}" ${branches}${wait}; ${reviewers}`],
        summary: `🔒 Environment **${name}**: ${branches}${wait}. ${capitalise(reviewers)}.`,
    };
}
/**
 * The step: in GitHub Actions (or when asked from the CLI) read the environment from GitHub, say what
 * protects it, and refuse an unprotected one before the deploy starts.
 */
async function checkEnvironmentProtection(action, inputs, runtime, github) {
    const name = inputs.environment;
    const allow = inputs.allowUnprotectedEnvironment;
    const onActions = runtime.getContext('github-actions') === 'true';
    if (!onActions && inputs.checkEnvironmentProtection !== 'always') {
        runtime.info(`berth ${action}: the GitHub environment "${name}"'s protection is not checked outside GitHub Actions; \`check-environment-protection: always\` checks it from here (with github-token, --repository)`);
        return;
    }
    let env;
    try {
        env = await github().getEnvironment(name);
    }
    catch (error) {
        if (!allow)
            throw error;
        const why = (0,errors/* describeError */.Uc)(error);
        runtime.warning(`berth ${action}: the protection of environment "${name}" could not be read, so it is not checked; deploying anyway (allow-unprotected-environment: true): ${why}`);
        await runtime.appendSummary(`⚠️ Environment **${name}**: protection not checked (GitHub could not say); deployed anyway (\`allow-unprotected-environment: true\`).\n`);
        return;
    }
    const verdict = environmentVerdict(name, env, allow, runtime.getContext('repository'));
    for (const line of verdict.notices)
        runtime.info(`berth ${action}: ${line}`);
    for (const line of verdict.warnings)
        runtime.warning(`berth ${action}: ${line}`);
    await runtime.appendSummary(`${verdict.summary}\n`);
    if (verdict.refusal !== undefined) {
        throw new errors/* ConfigurationError */.j1(`berth ${action}: ${verdict.refusal}`, {
            key: 'environment',
            kind: 'invalid',
        });
    }
}

;// CONCATENATED MODULE: ./src/notify/message.ts
/** How many of the error's lines a message carries, and how long each may be. */
const LAST_LINES = 10;
const LINE_CHARS = 200;
/** `auto`: Slack and Discord by their webhook hosts, anything else berth's JSON. */
function detectFormat(url) {
    const host = url.hostname.toLowerCase();
    if (host === 'hooks.slack.com')
        return 'slack';
    if (['discord.com', 'discordapp.com', 'canary.discord.com', 'ptb.discord.com'].includes(host) &&
        url.pathname.startsWith('/api/webhooks/'))
        return 'discord';
    return 'json';
}
/** The last `count` non-empty lines of an error's message, each at most LINE_CHARS long. */
function lastLogLines(text, count = LAST_LINES) {
    return text
        .split(/\r?\n/)
        .map((l) => l.trimEnd())
        .filter((l) => l.trim() !== '')
        .slice(-count)
        .map((l) => (l.length > LINE_CHARS ? `${l.slice(0, LINE_CHARS - 1)}…` : l));
}
/** A link is only given when it is http(s); anything else is not a link. */
function httpLink(url) {
    return /^https?:\/\//i.test(url) ? url : '';
}
/**
 * A public address, or '' for one that nobody outside reaches: loopback, a cluster's `.svc` name, a
 * directory on a host.
 */
function publicUrl(url) {
    if (!/^https?:\/\//i.test(url))
        return '';
    let host;
    try {
        host = new URL(url).hostname.toLowerCase();
    }
    catch {
        return '';
    }
    if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]')
        return '';
    if (/^127\./.test(host) || host === '0.0.0.0')
        return '';
    if (host.endsWith('.svc') || host.endsWith('.svc.cluster.local') || host.endsWith('.internal'))
        return '';
    return url;
}
/** Mentions made inert with a zero-width space: the text reads the same, and pings nobody. */
function neutraliseMentions(text) {
    return text.replace(/@(everyone|here|channel)\b/gi, '@\u200b$1').replace(/<([@#!])/g, '<\u200b$1');
}
/** Slack mrkdwn: `&`, `<`, `>` as entities (which also breaks `<!channel>` and `<@U…>`). */
function escapeSlack(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/@(everyone|here|channel)\b/gi, '@\u200b$1');
}
/** Discord markdown: its markup characters backslashed, mentions neutralised. */
function escapeDiscord(text) {
    return neutraliseMentions(text.replace(/[\\*_~`|>#[\]()<-]/g, (c) => `\\${c}`));
}
/** Text inside a code block: backticks cannot close it early. */
const inCode = (text) => text.replace(/`/g, "'");
function title(o) {
    const what = o.component && o.component !== o.app ? `${o.app} (${o.component})` : o.app;
    if (o.result === 'failed')
        return `${o.action === 'rollback' ? 'Rollback' : 'Deploy'} of ${what} to ${o.environment} failed`;
    return `${what} ${o.result} to ${o.environment}`;
}
/** `42 s`, `3 min 5 s`. */
function describeDuration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
/** The name/value pairs every format shows, in order ('' values left out). */
function facts(o) {
    const rows = [
        ['App', o.app],
        ['Environment', o.environment],
        ['Component', o.component === o.app ? '' : o.component],
        ['Version', o.version],
        ['Result', o.result],
        ['Duration', describeDuration(o.durationMs)],
        ['Commit', o.commit.slice(0, 12)],
    ];
    return rows.filter(([, v]) => v !== '');
}
const SLACK_COLOR_EMOJI = {
    deployed: ':white_check_mark:',
    'rolled back': ':leftwards_arrow_with_hook:',
    failed: ':x:',
};
/** Slack's `<url|label>`: the URL's control characters escaped, a `|` encoded so it cannot end it. */
const slackLink = (url, label) => `<${escapeSlack(url).replace(/\|/g, '%7C')}|${escapeSlack(label)}>`;
/** A Slack incoming webhook's body: `text` (the notification's fallback) and Block Kit `blocks`. */
function slackMessage(o) {
    const head = `${SLACK_COLOR_EMOJI[o.result]} *${escapeSlack(title(o))}*`;
    const blocks = [
        { type: 'section', text: { type: 'mrkdwn', text: head } },
        {
            type: 'section',
            // Slack takes at most 10 fields in a section.
            fields: facts(o)
                .slice(0, 10)
                .map(([name, value]) => ({ type: 'mrkdwn', text: `*${name}*\n${escapeSlack(value)}` })),
        },
    ];
    if (o.result === 'failed') {
        const lines = o.lastLines.length === 0 ? '' : `\n\`\`\`${escapeSlack(inCode(o.lastLines.join('\n')))}\`\`\``;
        const step = o.failedStep === '' ? 'before any step' : `in step *${escapeSlack(o.failedStep)}*`;
        blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `Failed ${step}${lines}` } });
    }
    const links = [
        httpLink(o.url) ? slackLink(o.url, o.url) : '',
        httpLink(o.runUrl) ? slackLink(o.runUrl, 'the run') : '',
    ].filter((l) => l !== '');
    if (links.length > 0) {
        blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: links.join(' · ') }] });
    }
    return { text: escapeSlack(title(o)), blocks };
}
const DISCORD_COLOR = {
    deployed: 0x2ea043,
    'rolled back': 0xbf8700,
    failed: 0xd1242f,
};
/** A Discord webhook's body: one embed, and `allowed_mentions` that lets nothing ping. */
function discordMessage(o) {
    const description = [];
    if (o.result === 'failed') {
        description.push(o.failedStep === '' ? 'Failed before any step.' : `Failed in step **${escapeDiscord(o.failedStep)}**.`);
        // In a code block Discord renders no markdown and no mentions; neutralised all the same.
        if (o.lastLines.length > 0)
            description.push(`\`\`\`\n${neutraliseMentions(inCode(o.lastLines.join('\n')))}\n\`\`\``);
    }
    if (httpLink(o.url))
        description.push(`Address: ${o.url}`);
    const embed = {
        // Discord's limits: a title of 256 characters, a field's value of 1024.
        title: escapeDiscord(title(o)).slice(0, 256),
        description: description.join('\n'),
        color: DISCORD_COLOR[o.result],
        fields: facts(o).map(([name, value]) => ({
            name,
            value: escapeDiscord(value).slice(0, 1024),
            inline: name !== 'Version',
        })),
        ...(httpLink(o.runUrl) ? { url: o.runUrl } : {}),
        timestamp: o.finishedAt,
    };
    return { embeds: [embed], allowed_mentions: { parse: [] } };
}
function jsonMessage(o) {
    return {
        berth: 'deploy',
        version: 1,
        action: o.action,
        result: o.result,
        app: o.app,
        environment: o.environment,
        component: o.component,
        image: o.version,
        durationMs: o.durationMs,
        url: o.url,
        runUrl: o.runUrl,
        repository: o.repository,
        commit: o.commit,
        failedStep: o.failedStep,
        lastLines: o.lastLines,
        finishedAt: o.finishedAt,
    };
}
function notificationBody(format, o) {
    switch (format) {
        case 'slack':
            return slackMessage(o);
        case 'discord':
            return discordMessage(o);
        case 'json':
            return jsonMessage(o);
    }
}
/** Every secret's value replaced by `***` in the outcome's text (the runner masks logs, not requests). */
function redactOutcome(o, secrets) {
    const values = secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
    if (values.length === 0)
        return o;
    const redact = (text) => values.reduce((t, v) => t.split(v).join('***'), text);
    return {
        ...o,
        app: redact(o.app),
        component: redact(o.component),
        version: redact(o.version),
        url: redact(o.url),
        failedStep: redact(o.failedStep),
        lastLines: o.lastLines.map(redact),
    };
}
/** The run's link, '' unless the server, repository and run id are all known. */
function runLink(serverUrl, repository, runId) {
    if (serverUrl === '' || repository === '' || runId === '')
        return '';
    return `${serverUrl.replace(/\/+$/, '')}/${repository}/actions/runs/${encodeURIComponent(runId)}`;
}
function deployOutcome(f) {
    const result = f.failure ? 'failed' : f.action === 'rollback' ? 'rolled back' : 'deployed';
    const stated = f.outputs['duration-ms'] ?? '';
    return {
        action: f.action,
        result,
        app: f.app,
        environment: f.environment,
        component: f.component,
        version: f.outputs['image-ref'] || f.image,
        durationMs: /^\d+$/.test(stated) && !f.failure ? Number(stated) : f.finishedAt - f.startedAt,
        // The environment's public address when the config names one, else the upstream if others reach it.
        url: f.failure ? '' : f.outputs['environment-url'] || publicUrl(f.outputs.url ?? ''),
        runUrl: runLink(f.serverUrl, f.repository, f.runId),
        repository: f.repository,
        commit: f.commit,
        failedStep: f.failure?.step ?? '',
        lastLines: f.failure ? lastLogLines(f.failure.message) : [],
        finishedAt: new Date(f.finishedAt).toISOString(),
    };
}

;// CONCATENATED MODULE: ./src/deploy/github-deployment.ts


/** GitHub's limit on a deployment's and a status's description. */
const DESCRIPTION_MAX = 140;
function clipDescription(text) {
    const one = text.replace(/\s+/g, ' ').trim();
    return one.length <= DESCRIPTION_MAX ? one : `${one.slice(0, DESCRIPTION_MAX - 1)}…`;
}
function deploymentRequest(f) {
    const verb = f.action === 'rollback' ? 'Roll back' : 'Deploy';
    const what = f.image === '' ? f.app : `${f.app} ${f.image}`;
    const payload = { component: f.component, app: f.app, action: f.action, image: f.image };
    return {
        ref: f.sha,
        task: f.action === 'rollback' ? 'rollback' : 'deploy',
        environment: f.environment,
        description: clipDescription(`${verb} ${what} (berth)`),
        payload: { berth: payload },
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
    };
}
/** The status bodies: `in_progress` at the start, then how it ended. Pure. */
function statusRequest(f, ending) {
    const log = f.logUrl === '' ? {} : { log_url: f.logUrl };
    if (ending === undefined) {
        const verb = f.action === 'rollback' ? 'Rolling back' : 'Deploying';
        return {
            state: 'in_progress',
            description: clipDescription(`${verb} ${f.image === '' ? f.app : f.image}`),
            ...log,
            auto_inactive: false,
        };
    }
    if (ending.state === 'failure') {
        const first = ending.message.split('\n')[0] ?? '';
        return {
            state: 'failure',
            description: clipDescription(`Failed${ending.step === '' ? '' : ` in ${ending.step}`}: ${first}`),
            ...log,
            auto_inactive: false,
        };
    }
    const live = ending.imageRef === '' ? f.app : ending.imageRef;
    return {
        state: 'success',
        description: clipDescription(f.action === 'rollback' ? `Rolled back to ${live}` : `Live: ${live}`),
        ...log,
        ...(ending.environmentUrl === '' ? {} : { environment_url: ending.environmentUrl }),
        auto_inactive: false,
    };
}
/** berth's earlier deployments of this app and component, newest first (GitHub lists newest first). Pure. */
function ownEarlier(deployments, f, except) {
    return deployments.filter((d) => {
        if (d.id === except)
            return false;
        const berth = d.payload.berth;
        if (typeof berth !== 'object' || berth === null)
            return false;
        const p = berth;
        return p.app === f.app && p.component === f.component;
    });
}
/** Whether this run records the deploy: the input, where it runs, and what it has to record with. */
function recordsDeployment(mode, onActions, token, repository, sha) {
    if (mode === 'false')
        return { record: false };
    if (mode === 'auto' && onActions)
        return { record: false };
    const missing = [
        ...(token === '' ? ['github-token (GITHUB_TOKEN)'] : []),
        ...(repository === '' ? ['the repository (--repository, GITHUB_REPOSITORY)'] : []),
        ...(sha === '' ? ['the commit (--sha, GITHUB_SHA)'] : []),
    ];
    if (missing.length === 0)
        return { record: true };
    if (mode === 'true') {
        throw new errors/* ConfigurationError */.j1(`github-deployment: true needs ${missing.join(', ')} to record the deploy in GitHub's Deployments; set them, or github-deployment: auto`, { key: 'github-deployment', kind: 'invalid' });
    }
    return { record: false, why: `not recorded in GitHub's Deployments: no ${missing.join(', no ')}` };
}
/**
 * Creates the deployment and its `in_progress` status when this run records one; undefined when it
 * does not (or GitHub would not take it: a warning says why). Throws only for a `github-deployment:
 * true` that lacks what it needs.
 */
async function startDeploymentRecord(f, inputs, runtime, github) {
    const decision = recordsDeployment(inputs.githubDeployment, runtime.getContext('github-actions') === 'true', inputs.githubToken, runtime.getContext('repository'), f.sha);
    if (!decision.record) {
        if (decision.why !== undefined)
            runtime.info(decision.why);
        return undefined;
    }
    const warn = (what, error) => runtime.warning(`GitHub Deployments: ${what} failed, so GitHub does not show this deploy's result (the deploy itself goes on): ${error instanceof Error ? error.message : String(error)}`);
    let api;
    let deployment;
    let earlier;
    try {
        api = github();
        deployment = await api.createDeployment(deploymentRequest(f));
        await api.createDeploymentStatus(deployment.id, statusRequest(f));
        earlier = ownEarlier(await api.listDeployments(f.environment), f, deployment.id);
    }
    catch (error) {
        warn('recording the start', error);
        return undefined;
    }
    runtime.info(`GitHub Deployments: deployment ${deployment.id} of ${f.sha.slice(0, 7)} to ${f.environment} (${f.component || f.app}): in_progress`);
    return {
        async finish(ending) {
            try {
                await api.createDeploymentStatus(deployment.id, statusRequest(f, ending));
                runtime.info(`GitHub Deployments: deployment ${deployment.id}: ${ending.state}`);
                if (ending.state !== 'success')
                    return;
                // The one live before is berth's newest earlier success; older ones were marked when it went live.
                for (const before of earlier) {
                    const state = await api.latestDeploymentState(before.id);
                    if (state !== 'success')
                        continue;
                    await api.createDeploymentStatus(before.id, {
                        state: 'inactive',
                        description: clipDescription(`Replaced by deployment ${deployment.id}`),
                        auto_inactive: false,
                    });
                    runtime.info(`GitHub Deployments: deployment ${before.id}: inactive (replaced)`);
                    break;
                }
            }
            catch (error) {
                warn(`recording the end (${ending.state})`, error);
            }
        },
    };
}
/** The run's link for the record, from the run's context. */
function deploymentLogUrl(runtime) {
    return runLink(runtime.getContext('server-url'), runtime.getContext('repository'), runtime.getContext('run-id'));
}

// EXTERNAL MODULE: ./src/deploy/timeline.ts
var timeline = __nccwpck_require__(6248);
;// CONCATENATED MODULE: ./src/deploy/commit-time.ts
/**
 * When the deployed commit was made, for DORA's lead time: git's committer date in the workspace (the
 * job's checkout), else the push event's `head_commit.timestamp` for that commit; '' when neither
 * knows. Never fails a deploy.
 */

async function commitTime(exec, runtime, sha) {
    if (!/^[0-9a-f]{7,40}$/.test(sha))
        return '';
    try {
        const result = await exec(['git', '-C', runtime.workspace, 'show', '-s', '--format=%cI', sha], {
            quiet: true,
            timeoutMs: 10_000,
        });
        const iso = result.stdout.trim();
        if (result.code === 0 && !Number.isNaN(Date.parse(iso)))
            return new Date(iso).toISOString();
    }
    catch {
        // no git here
    }
    return fromPushEvent(runtime, sha);
}
async function fromPushEvent(runtime, sha) {
    const file = runtime.getContext('event-path');
    if (runtime.getContext('event-name') !== 'push' || file === '')
        return '';
    try {
        const payload = JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
        const head = payload.head_commit;
        if (head?.id !== sha || typeof head.timestamp !== 'string')
            return '';
        const ms = Date.parse(head.timestamp);
        return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
    }
    catch {
        return '';
    }
}

// EXTERNAL MODULE: ./src/metrics/settings.ts
var settings = __nccwpck_require__(772);
// EXTERNAL MODULE: ./src/github/factory.ts + 1 modules
var factory = __nccwpck_require__(2350);
// EXTERNAL MODULE: ./src/http/request.ts
var request = __nccwpck_require__(7777);
;// CONCATENATED MODULE: ./src/notify/send.ts
/**
 * The notification's seam: the webhook read from its (secret) input, and the message POSTed through the
 * one HTTP request (../http/request.ts) with a short time limit and a bounded retry on a 5xx, a 429 or
 * a network error. It never throws and never fails the deploy: what could not be delivered is one
 * warning naming the format and the status — never the webhook's address, which is a secret (its path
 * holds the token), in no log line and no error.
 */




/** The notification's settings, or undefined without a `notify-webhook`. The value is never quoted. */
function readNotifySettings(inputs) {
    if (inputs.notifyWebhook === '')
        return undefined;
    let url;
    try {
        url = new URL(inputs.notifyWebhook);
    }
    catch {
        url = undefined;
    }
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        throw new errors/* ConfigurationError */.j1('notify-webhook: expected the http(s) address of an incoming webhook (e.g. https://hooks.slack.com/services/…); the value is a secret, so it is not shown here', { key: 'notify-webhook', kind: 'invalid' });
    }
    return { url, format: inputs.notifyFormat === 'auto' ? detectFormat(url) : inputs.notifyFormat };
}
const NOTIFY_RETRY = { ...retry/* DEFAULT_RETRY */.vI, delaysMs: [1000, 3000] };
const NOTIFY_TIMEOUT_MS = 10_000;
/** A webhook's answer that was not 2xx. */
class WebhookStatusError extends Error {
    status;
    constructor(status) {
        super(`HTTP ${status}`);
        this.status = status;
    }
}
/** Why an attempt failed, in words that cannot hold the address (no socket error's message). */
function describeFailure(error) {
    if (error instanceof WebhookStatusError)
        return error.message;
    if (error instanceof request/* RequestTimeoutError */.DH)
        return error.message;
    if (error instanceof request/* ResponseTooLargeError */.by)
        return 'an answer larger than berth reads';
    return (0,errors/* errnoCode */.UK)(error) ?? 'no connection';
}
function send_transient(error) {
    if (error instanceof WebhookStatusError)
        return error.status >= 500 || error.status === 429;
    return !(error instanceof request/* ResponseTooLargeError */.by);
}
/**
 * Sends the deploy's message; true when the webhook took it. Every failure ends here as one warning
 * (the deploy's own result stands).
 */
async function sendNotification(settings, outcome, runtime, options = {}) {
    const who = `the notify webhook (${settings.format})`;
    const body = JSON.stringify(notificationBody(settings.format, outcome));
    const policy = {
        ...(options.retry ?? NOTIFY_RETRY),
        onRetry: (error, attempt, delay) => runtime.info(`${who}: ${describeFailure(error)}; retry ${attempt} in ${delay} ms`),
    };
    let attempts = 0;
    try {
        await (0,retry/* retry */.L5)(async () => {
            attempts++;
            const res = await (0,request/* httpRequest */.aj)(settings.url, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'user-agent': 'berth' },
                body,
                timeoutMs: options.timeoutMs ?? NOTIFY_TIMEOUT_MS,
                maxBodyBytes: 64 * 1024,
            });
            if (res.status < 200 || res.status >= 300)
                throw new WebhookStatusError(res.status);
        }, send_transient, policy);
        runtime.info(`${who}: message sent (${outcome.result})`);
        return true;
    }
    catch (error) {
        runtime.warning(`${who} did not take the message: ${describeFailure(error)} after ${attempts} attempt${attempts === 1 ? '' : 's'}. The deploy's result stands (${outcome.result}).`);
        return false;
    }
}

// EXTERNAL MODULE: ./src/report/deploy-summary.ts
var deploy_summary = __nccwpck_require__(3742);
;// CONCATENATED MODULE: ./src/commands/deploy.ts
/**
 * `deploy` and `rollback`: the environment's protection checked on GitHub (refused when any branch could
 * deploy to it) → resolve the strategy's plan from the inputs → for each host (this one, or
 * servers over SSH, one at a time), under that host's deploy lock → the strategy → the attempt recorded
 * on the host → the outputs and summary. The first failing host stops the run; hosts after it keep their
 * old version. A bucket deploy runs once, with no host of berth's. With `notify-webhook`, one message
 * says how it ended (deployed, rolled back, or failed and in which step); a message that cannot be
 * delivered is a warning, and a failed deploy still fails the step once the message was tried.
 */
















function runDeploy(inputs, runtime, deps = {}) {
    return deploy('deploy', inputs, runtime, deps);
}
function runRollback(inputs, runtime, deps = {}) {
    return deploy('rollback', inputs, runtime, deps);
}
async function deploy(action, inputs, runtime, deps) {
    // Checked before anything changes: a mistyped webhook is a mistake, not a warning after the deploy.
    const notify = readNotifySettings(inputs);
    const now = deps.now ?? Date.now;
    const startedAt = now();
    const github = deps.github ?? (0,factory/* lazyGitHubFor */.lL)(runtime, inputs);
    // Outside GitHub Actions no job `environment:` records the deploy: berth records it in Deployments.
    const record = await startDeploymentRecord({
        action,
        environment: inputs.environment,
        component: inputs.component,
        app: inputs.app || inputs.component,
        image: inputs.image,
        sha: runtime.getContext('sha'),
        logUrl: deploymentLogUrl(runtime),
    }, inputs, runtime, github);
    let outputs;
    try {
        outputs = await deployAll(action, inputs, runtime, { ...deps, github });
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await record?.finish({ state: 'failure', step: (0,timeline/* failedStepOf */.n)(error), message });
        if (notify) {
            const failure = { message, step: (0,timeline/* failedStepOf */.n)(error) };
            await notifyEnd(notify, { ...deploy_facts(action, inputs, runtime, {}, startedAt, now()), failure }, inputs, runtime, deps);
        }
        throw error;
    }
    await record?.finish({
        state: 'success',
        imageRef: outputs['image-ref'] ?? '',
        environmentUrl: inputs.environmentUrl,
    });
    if (notify)
        await notifyEnd(notify, deploy_facts(action, inputs, runtime, outputs, startedAt, now()), inputs, runtime, deps);
}
/** The deploy itself: protection → plan → each host (or once) → outputs and summary; returns the outputs. */
async function deployAll(action, inputs, runtime, deps) {
    const metrics = (0,settings/* readMetricsSettings */.D)(inputs);
    await checkEnvironmentProtection(action, inputs, runtime, deps.github ?? (0,factory/* lazyGitHubFor */.lL)(runtime, inputs));
    const strategy = await STRATEGIES[inputs.strategy]();
    const plan = await strategy.plan(action, inputs, runtime, deps);
    const exec = deps.exec ?? (0,src_exec/* createExec */.k7)(runtime);
    // One id for the whole run: every host's lock and history name the same run.
    const runId = deployRunId(runtime);
    if (plan.where === 'once' && metrics) {
        runtime.warning(`metrics-textfile-dir / metrics-pushgateway: deploy metrics come from a host's history, and strategy ${inputs.strategy}${inputs.strategy === 'static' ? ' to s3' : ''} keeps none on a host of yours; none written`);
    }
    const committedAt = plan.where === 'hosts' ? await commitTime(exec, runtime, runtime.getContext('sha')) : '';
    const results = plan.where === 'once'
        ? [await plan.run()]
        : await onEachHost(inputs, runtime, exec, (host) => onHost(action, plan, host, runtime, exec, runId, committedAt, metrics), (done) => runtime.appendSummary(done.map((r) => plan.summary(r)).join('\n')));
    const outputs = plan.outputs(results);
    for (const [name, value] of Object.entries(outputs))
        runtime.setOutput(name, value);
    runtime.setOutput('environment-url', inputs.environmentUrl);
    outputs['environment-url'] = inputs.environmentUrl;
    const summary = (0,deploy_summary/* renderDeployRunFacts */.i)(await runFacts(action, inputs, runtime, outputs));
    await runtime.appendSummary([...results.map((r) => plan.summary(r)), summary].join('\n'));
    return outputs;
}
function deploy_facts(action, inputs, runtime, outputs, startedAt, finishedAt) {
    return {
        action,
        app: inputs.app || inputs.component,
        environment: inputs.environment,
        component: inputs.component,
        image: inputs.image,
        outputs,
        startedAt,
        finishedAt,
        serverUrl: runtime.getContext('server-url'),
        repository: runtime.getContext('repository'),
        runId: runtime.getContext('run-id'),
        commit: runtime.getContext('sha'),
    };
}
/** The end's message, every secret input's value kept out of it; never throws. */
async function notifyEnd(settings, f, inputs, runtime, deps) {
    await sendNotification(settings, redactOutcome(deployOutcome(f), (0,src_inputs/* secretValues */.VX)(inputs)), runtime, {
        ...(deps.notifyRetry ? { retry: deps.notifyRetry } : {}),
    });
}
/** The run around the deploy, for the summary: the public URL, commit, pull request, actor, previous version. */
async function runFacts(action, inputs, runtime, outputs) {
    // The deploy is live by now: an unreadable event file costs the summary its PR line, not the step.
    let pullRequest;
    try {
        const event = await (0,github_event/* readPullRequestEvent */.$f)(runtime);
        pullRequest = event === undefined ? undefined : (0,github_event/* pullRequestNumber */.Kd)(event);
    }
    catch (error) {
        runtime.warning(`The event file could not be read for the summary's pull request: ${error instanceof Error ? error.message : String(error)}`);
    }
    const revision = outputs['previous-revision'] ?? '';
    return {
        action,
        component: inputs.component,
        environment: inputs.environment,
        environmentUrl: inputs.environmentUrl,
        serverUrl: runtime.getContext('server-url'),
        repository: runtime.getContext('repository'),
        sha: runtime.getContext('sha'),
        actor: runtime.getContext('actor'),
        ...(pullRequest === undefined ? {} : { pullRequest }),
        previous: outputs['previous-image-ref'] || (revision === '' ? '' : `revision ${revision}`),
    };
}
/** One host: the lock (waited for, as the timeline's first step) → the strategy, its attempt recorded. */
function onHost(action, plan, host, runtime, exec, runId, committedAt, metrics) {
    const startedAt = Date.now();
    const { steps, step } = (0,timeline/* timeline */.I)();
    const commit = runtime.getContext('sha');
    const actor = runtime.getContext('actor');
    const stateDir = (0,state/* stateDirFor */.O4)(plan.stateRoot || host.defaultStateRoot(), plan.app, plan.environment);
    const lock = {
        host,
        dir: `${stateDir}/lock`,
        runId,
        commit,
        actor,
        timeoutSeconds: plan.lockTimeoutSeconds,
    };
    const attempt = underDeployLock(lock, runtime, step, () => (0,state/* recordAttempt */.fh)({ host, stateDir, action, runId, commit, actor, startedAt, committedAt }, (attempt) => plan.run({
        host,
        stateDir,
        attempt,
        exec,
        runId,
        commit,
        startedAt,
        step,
        timeline: steps,
    })));
    if (!metrics)
        return attempt;
    // Written after every attempt, refused ones too (the history decides); a failure there is a warning.
    // Loaded only here: the renderer and the Pushgateway's client are no part of a deploy without metrics.
    const publish = async () => (await __nccwpck_require__.e(/* import() */ 386).then(__nccwpck_require__.bind(__nccwpck_require__, 3386))).publishDeployMetrics(host, stateDir, { app: plan.app, environment: plan.environment }, metrics, runtime);
    return attempt.finally(publish);
}

// EXTERNAL MODULE: ./src/plan/match.ts
var plan_match = __nccwpck_require__(4106);
// EXTERNAL MODULE: ./src/plan/select.ts
var plan_select = __nccwpck_require__(8451);
;// CONCATENATED MODULE: ./src/plan/planner.ts




const SKIP_DEPLOY = '[skip deploy]';
const NO_TOKEN = 'No github-token, so the GitHub API is not asked: ';
/** Pull request actions that call for quality work (tests, coverage, gates) on the PR's head. */
const QUALITY_ACTIONS = new Set([
    'opened',
    'synchronize',
    'reopened',
    'labeled',
    'unlabeled',
    'ready_for_review',
]);
function selectedComponents(plan) {
    return plan.decisions.filter((d) => d.selected).map((d) => d.component);
}
async function createPlan(event, options) {
    if (event.eventName !== 'workflow_dispatch' &&
        (options.environmentInput !== '' || options.componentsInput !== '')) {
        options.warn(`The environment and components inputs choose only for workflow_dispatch; ignored for ${event.eventName}.`);
    }
    switch (event.eventName) {
        case 'push':
            return planPush(event, options);
        case 'pull_request':
        case 'pull_request_target':
            return planPullRequest(event, options);
        case 'workflow_dispatch':
            return planDispatch(event, options);
        default:
            return nothing(options.config, `event ${(0,plan_select/* quote */.hD)(event.eventName)}`, `plan acts on push, pull_request and workflow_dispatch events, not ${(0,plan_select/* quote */.hD)(event.eventName)}`);
    }
}
/** A plan with no work; every component excluded for the same reason. */
function nothing(config, trigger, note) {
    return {
        trigger,
        deploy: false,
        runner: config.quality.runner,
        decisions: config.components.map((c) => ({ component: c.name, selected: false, reason: note })),
        note,
    };
}
function deployPlan(trigger, environment, decisions, why) {
    const count = decisions.filter((d) => d.selected).length;
    return {
        trigger,
        deploy: count > 0,
        environment,
        runner: environment.runner,
        decisions,
        note: count > 0
            ? `${why}: deploy to ${(0,plan_select/* quote */.hD)(environment.name)}`
            : `${why}, but no component is selected: nothing to deploy`,
    };
}
async function planPush(event, options) {
    const { config } = options;
    const ref = (0,github_event/* pushedRef */.L5)(event);
    const branch = (0,plan_match/* branchOfRef */.V4)(ref);
    if (branch === undefined)
        return nothing(config, `push of ${(0,plan_select/* quote */.hD)(ref)}`, `${(0,plan_select/* quote */.hD)(ref)} is not a branch; environments match branches`);
    const trigger = `push to ${(0,plan_select/* quote */.hD)(branch)}`;
    if ((0,github_event/* pick */.Up)(event.payload, 'deleted') === true)
        return nothing(config, trigger, 'the branch was deleted');
    const message = (0,github_event/* optionalString */.sx)(event, 'head_commit.message') ?? '';
    if (message.includes(SKIP_DEPLOY))
        return nothing(config, trigger, `the head commit message says ${SKIP_DEPLOY}`);
    const match = (0,plan_match/* findEnvironment */.jY)(config.environments, branch);
    if (match === undefined)
        return nothing(config, trigger, noEnvironmentNote(branch, config));
    const after = (0,github_event/* pushedAfter */.os)(event);
    const pull = options.github
        ? mergedPullRequest(await options.github.pullRequestsForCommit(after), branch, after)
        : (options.warn(NO_TOKEN + 'the labels of the merged pull request are unknown.'), undefined);
    const facts = pull ? { pullRequest: { number: pull.number, labels: pull.labels } } : {};
    if (!(0,plan_select/* labelsDecide */.c4)(config.components, facts.pullRequest?.labels ?? [])) {
        facts.files = await pushFiles(event, after, options);
    }
    const decisions = (0,plan_select/* selectComponents */.NQ)(config.components, facts);
    const via = pull
        ? `merged PR #${pull.number}`
        : options.github
            ? 'no merged pull request found'
            : 'pull request not looked up: no token';
    return deployPlan(trigger, match.environment, decisions, `${(0,plan_select/* quote */.hD)(branch)} matches ${(0,plan_select/* quote */.hD)(match.pattern)} (${via})`);
}
/** The merged PR behind a pushed commit: the one whose merge commit it is, else one merged into the branch. */
function mergedPullRequest(pulls, branch, sha) {
    const merged = pulls.filter((p) => p.mergedAt !== null && p.baseRef === branch);
    return merged.find((p) => p.mergeCommitSha === sha) ?? merged[0];
}
async function pushFiles(event, after, options) {
    const listed = (0,github_event/* pushedFiles */.zq)(event);
    if (listed !== undefined)
        return listed;
    const before = (0,github_event/* pushedBefore */.Hk)(event);
    if (before === '' || github_event/* ZERO_SHA */.gy.test(before))
        return undefined; // a new branch: nothing to compare with
    if (options.github === undefined) {
        options.warn(NO_TOKEN + 'the files changed by this push are unknown.');
        return undefined;
    }
    const { files, truncated } = await options.github.compareFiles(before, after);
    if (truncated)
        options.warn(`GitHub lists at most ${files.length} files of a compare; components touched only by later files are missed.`);
    return files;
}
async function planPullRequest(event, options) {
    const { config } = options;
    const action = (0,github_event/* requireString */.VW)(event, 'action');
    const number = (0,github_event/* requireNumber */.Bw)(event, 'pull_request.number');
    const base = (0,github_event/* requireString */.VW)(event, 'pull_request.base.ref');
    const trigger = `pull request #${number} ${action} (into ${(0,plan_select/* quote */.hD)(base)})`;
    const merged = (0,github_event/* pick */.Up)(event.payload, 'pull_request.merged') === true;
    if (action === 'closed') {
        if (!merged)
            return nothing(config, trigger, 'closed without merging: nothing to deploy');
        if ((0,github_event/* isFromFork */.ty)(event))
            return nothing(config, trigger, 'the pull request came from a fork; fork code is never deployed');
        const title = (0,github_event/* optionalString */.sx)(event, 'pull_request.title') ?? '';
        if (title.includes(SKIP_DEPLOY))
            return nothing(config, trigger, `the pull request title says ${SKIP_DEPLOY}`);
        const match = (0,plan_match/* findEnvironment */.jY)(config.environments, base);
        if (match === undefined)
            return nothing(config, trigger, noEnvironmentNote(base, config));
        const decisions = await decideForPullRequest(event, number, options);
        return deployPlan(trigger, match.environment, decisions, `merged into ${(0,plan_select/* quote */.hD)(base)}, which matches ${(0,plan_select/* quote */.hD)(match.pattern)}`);
    }
    if (!QUALITY_ACTIONS.has(action)) {
        return nothing(config, trigger, `pull request action ${(0,plan_select/* quote */.hD)(action)} needs no work (quality runs on ${[...QUALITY_ACTIONS].join(', ')})`);
    }
    const decisions = await decideForPullRequest(event, number, options);
    const fork = (0,github_event/* isFromFork */.ty)(event) ? ' (from a fork)' : '';
    return {
        trigger,
        deploy: false,
        runner: config.quality.runner,
        decisions,
        note: `pull request${fork}: quality checks only, no deploy`,
    };
}
async function decideForPullRequest(event, number, options) {
    const facts = { pullRequest: { number, labels: (0,github_event/* labelNames */.l3)(event) } };
    if (!(0,plan_select/* labelsDecide */.c4)(options.config.components, facts.pullRequest?.labels ?? []) &&
        options.config.components.some((c) => c.paths.length > 0)) {
        if (options.github === undefined) {
            options.warn(NO_TOKEN + 'the files changed by the pull request are unknown.');
            return (0,plan_select/* selectComponents */.NQ)(options.config.components, facts);
        }
        const { files, truncated } = await options.github.pullRequestFiles(number);
        if (truncated)
            options.warn(`GitHub lists at most ${files.length} files of a pull request; later files are not considered.`);
        facts.files = files;
    }
    return (0,plan_select/* selectComponents */.NQ)(options.config.components, facts);
}
async function planDispatch(event, options) {
    const { config, configPath } = options;
    const environmentName = options.environmentInput || ((0,github_event/* optionalString */.sx)(event, 'inputs.environment') ?? '').trim();
    const componentsText = options.componentsInput || ((0,github_event/* optionalString */.sx)(event, 'inputs.components') ?? '');
    const trigger = `workflow_dispatch on ${(0,plan_select/* quote */.hD)(event.ref)}`;
    let environment;
    let why;
    if (environmentName !== '') {
        environment = config.environments.find((e) => e.name === environmentName);
        if (environment === undefined) {
            throw new errors/* ConfigurationError */.j1(`environment: ${(0,plan_select/* quote */.hD)(environmentName)} is not an environment in ${configPath}; expected one of: ${listNames(config.environments)}`);
        }
        why = `workflow_dispatch chose ${(0,plan_select/* quote */.hD)(environment.name)}`;
        refuseDispatchRef(event.ref, environment, configPath);
    }
    else {
        const branch = (0,plan_match/* branchOfRef */.V4)(event.ref);
        const match = branch === undefined ? undefined : (0,plan_match/* findEnvironment */.jY)(config.environments, branch);
        if (match === undefined) {
            return nothing(config, trigger, `no environment input, and ${branch === undefined ? (0,plan_select/* quote */.hD)(event.ref) : noEnvironmentNote(branch, config)}`);
        }
        environment = match.environment;
        why = `no environment input; ${(0,plan_select/* quote */.hD)(branch)} matches ${(0,plan_select/* quote */.hD)(match.pattern)}`;
    }
    const requested = parseComponentList(componentsText, config, configPath);
    const decisions = config.components.map((c) => {
        if (requested === undefined)
            return { component: c.name, selected: true, reason: 'workflow_dispatch: no components input, so all' };
        return requested.has(c.name)
            ? { component: c.name, selected: true, reason: 'named in the components input' }
            : { component: c.name, selected: false, reason: 'not named in the components input' };
    });
    return deployPlan(trigger, environment, decisions, why);
}
/**
 * A manual run deploys only what the environment's own branches (or its `dispatch-branches`) would:
 * otherwise any branch — unreviewed code, its own berth.yml — goes wherever the dispatch says.
 */
function refuseDispatchRef(ref, environment, configPath) {
    const branch = (0,plan_match/* branchOfRef */.V4)(ref);
    const allowed = [...environment.branches, ...(environment['dispatch-branches'] ?? [])];
    if (branch !== undefined && (0,plan_match/* matchingPattern */.Yn)(allowed, branch) !== undefined)
        return;
    const key = `environments.${environment.name}.dispatch-branches`;
    throw new errors/* ConfigurationError */.j1(`environment: a workflow_dispatch on ${(0,plan_select/* quote */.hD)(ref)} may not deploy to ${(0,plan_select/* quote */.hD)(environment.name)}, which deploys ${branch === undefined ? 'only branches' : 'only'} from ${allowed.map(plan_select/* quote */.hD).join(', ')}; run the workflow from one of those (Use workflow from), or add the branch to ${key} in ${configPath}`, { key, kind: 'invalid' });
}
/** `backend, frontend` → the set; undefined when empty (all components). */
function parseComponentList(text, config, configPath) {
    const names = text
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
    if (names.length === 0)
        return undefined;
    for (const name of names) {
        if (!config.components.some((c) => c.name === name)) {
            throw new errors/* ConfigurationError */.j1(`components: ${(0,plan_select/* quote */.hD)(name)} is not a component in ${configPath}; expected a comma-separated list of: ${listNames(config.components)}`);
        }
    }
    return new Set(names);
}
function listNames(items) {
    return items.length === 0 ? '(none configured)' : items.map((i) => i.name).join(', ');
}
function noEnvironmentNote(branch, config) {
    if (config.environments.length === 0)
        return `${(0,plan_select/* quote */.hD)(branch)}: no environments are configured`;
    return `${(0,plan_select/* quote */.hD)(branch)} matches no environment's branches (${config.environments
        .map((e) => `${e.name}: ${e.branches.join(', ')}`)
        .join('; ')})`;
}

;// CONCATENATED MODULE: ./src/plan/outputs.ts


/** The action outputs of `plan`, exactly as written to GITHUB_OUTPUT. */
function planOutputs(plan, config) {
    const components = selectedComponents(plan);
    const environment = plan.deploy ? (plan.environment?.name ?? '') : '';
    const runner = JSON.stringify(plan.runner);
    const include = components.map((component) => {
        const inputs = config ? configInputs(config, component, environment, '') : undefined;
        const isStatic = inputs?.get('strategy')?.value === 'static';
        const url = inputs?.get('environment-url')?.value.replace(/\/+$/, '') ?? '';
        return {
            component,
            environment,
            runner,
            kind: isStatic ? 'static' : 'image',
            dir: isStatic ? (inputs?.get('dir')?.value ?? '') : '',
            ...(url === '' ? {} : { url }),
        };
    });
    return {
        matrix: JSON.stringify({ include }),
        components: JSON.stringify(components),
        environment,
        deploy: String(plan.deploy),
        'has-work': String(components.length > 0),
    };
}

;// CONCATENATED MODULE: ./src/report/plan-summary.ts


/** The step summary of `plan`: the headline decision and every component with its rule. */
function renderPlanSummary(plan) {
    const selected = selectedComponents(plan);
    const headline = plan.deploy
        ? `Deploy ${selected.length} component${selected.length === 1 ? '' : 's'} to **${(0,markdown/* escapeMarkdown */.F)(plan.environment?.name ?? '')}**`
        : selected.length > 0
            ? `Quality checks for ${selected.length} component${selected.length === 1 ? '' : 's'}, no deploy`
            : 'Nothing to do';
    const lines = [
        `### berth plan: ${headline}`,
        '',
        `**Trigger:** ${(0,markdown/* escapeMarkdown */.F)(plan.trigger)}  `,
        `**Decision:** ${(0,markdown/* escapeMarkdown */.F)(plan.note)}`,
        '',
    ];
    if (plan.decisions.length > 0) {
        const rows = plan.decisions.map((d) => [d.component, d.selected ? 'yes' : 'no', d.reason]);
        lines.push((0,markdown/* renderTable */.b)(['Component', 'Selected', 'Why'], rows), '');
    }
    if (selected.length > 0)
        lines.push(`**Runner:** ${(0,markdown/* escapeMarkdown */.F)(plan.runner.join(', '))}`, '');
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/commands/plan.ts







/** `plan`: read the event and the config, decide, write the outputs and the summary. */
async function runPlan(inputs, runtime) {
    const event = await (0,github_event/* readEvent */.j_)(runtime);
    const config = await (0,load/* loadConfig */.Z9)(external_node_path_default().resolve(runtime.workspace, inputs.config), inputs.config);
    const github = inputs.githubToken === '' ? undefined : (0,factory/* githubFor */.dG)(runtime, inputs);
    const plan = await createPlan(event, {
        config,
        configPath: inputs.config,
        environmentInput: inputs.environment,
        componentsInput: inputs.components,
        github,
        warn: (message) => runtime.warning(message),
    });
    const outputs = planOutputs(plan, config);
    for (const [name, value] of Object.entries(outputs))
        runtime.setOutput(name, value);
    const chosen = selectedComponents(plan);
    runtime.info(`plan: ${plan.note}. ${chosen.length === 0 ? 'No components.' : `Components: ${chosen.join(', ')}.`}`);
    await runtime.appendSummary(renderPlanSummary(plan));
}

;// CONCATENATED MODULE: ./src/commands/index.ts









const COMMAND_HANDLERS = {
    plan: runPlan,
    build: (inputs, runtime) => runBuild(inputs, runtime),
    deploy: (inputs, runtime) => runDeploy(inputs, runtime),
    rollback: (inputs, runtime) => runRollback(inputs, runtime),
    // Loaded only when asked: the parsers (and their XML reader) are no part of plan's start-up.
    coverage: async (inputs, runtime) => (await Promise.all(/* import() */[__nccwpck_require__.e(795), __nccwpck_require__.e(85)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3085))).runCoverage(inputs, runtime),
    // Likewise the SonarQube client and the gate's renderer.
    'quality-gate': async (inputs, runtime) => (await Promise.all(/* import() */[__nccwpck_require__.e(795), __nccwpck_require__.e(376)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6376))).runQualityGate(inputs, runtime),
    // Stage 2 of the fork-safe PR comment, run alone in a workflow_run workflow.
    comment: async (inputs, runtime) => (await Promise.all(/* import() */[__nccwpck_require__.e(795), __nccwpck_require__.e(452)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4452))).runComment(inputs, runtime),
    // The one required check, run last in a workflow: no part of the other commands' start-up.
    'quality-check': async (inputs, runtime) => (await __nccwpck_require__.e(/* import() */ 965).then(__nccwpck_require__.bind(__nccwpck_require__, 1965))).runQualityCheck(inputs, runtime),
    // A host check run by hand or before a first deploy: no part of the other commands' start-up.
    doctor: async (inputs, runtime) => (await Promise.all(/* import() */[__nccwpck_require__.e(770), __nccwpck_require__.e(834)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7834))).runDoctor(inputs, runtime),
    // Run by hand or on a schedule: no part of the deploy's start-up.
    status: async (inputs, runtime) => (await __nccwpck_require__.e(/* import() */ 190).then(__nccwpck_require__.bind(__nccwpck_require__, 8190))).runStatus(inputs, runtime),
};
/**
 * The post step: releases what main steps took (credentials, locks), even after a failure or cancel.
 * Each release is tried whatever became of the others (a server that cannot be reached must not keep
 * the runner's key), and the servers come first: they are reached with the step's SSH inputs.
 */
async function runPost(runtime) {
    const attempt = async (what, release) => {
        try {
            await release();
        }
        catch (error) {
            runtime.warning(`post step: ${what}: ${error instanceof Error ? error.message : String(error)}`);
        }
    };
    await attempt("removing build's docker config", () => cleanupBuild(runtime));
    const inputs = await readInputsIfValid(runtime);
    const exec = (0,src_exec/* createExec */.k7)(runtime);
    // A cancelled main step left its temporary directory on a server (the registry login, env files).
    if (runtime.getState('remote-temp-dirs') !== '') {
        await attempt("removing the servers' temporary directories", async () => {
            await (0,ssh/* cleanupRemoteTempDirs */.d5)(runtime, async (label) => {
                const target = (0,ssh_targets/* recordedSshTarget */.o)(inputs, label);
                return target && (await ssh/* SshHost */.fQ.open(exec, runtime, target));
            }, runtime);
        });
    }
    await attempt('releasing the deploy lock', () => releaseLockAfterRun(inputs, runtime));
    // A cancelled or killed main step left its SSH directories (the private key) and masters.
    await attempt('removing the SSH directories', async () => {
        for (const dir of await (0,ssh/* cleanupSshDirs */.Fx)(exec, runtime)) {
            runtime.info(`removed ${dir}, the SSH key and connection a stopped run left behind`);
        }
    });
    // Loaded only when a main step wrote a kubeconfig: the YAML reader is no part of the other posts.
    if (runtime.getState('kube-dirs') !== '') {
        await attempt('removing the kubeconfigs', async () => {
            const { cleanupKubeconfigs } = await __nccwpck_require__.e(/* import() */ 741).then(__nccwpck_require__.bind(__nccwpck_require__, 9741));
            for (const dir of await cleanupKubeconfigs(runtime))
                runtime.info(`removed ${dir}, the kubeconfig a run left behind`);
        });
    }
    runtime.debug('berth post step: cleaned up');
}
/** The post step reconnects to an SSH host with the step's inputs; they were checked by the main step. */
async function readInputsIfValid(runtime) {
    try {
        // With the config's inputs too: an `ssh-host` from the environment's `with` is where the lock is.
        return await applyConfigInputs((0,src_inputs/* readInputs */.Ko)(runtime), runtime);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/main.ts




/**
 * Runs berth once: the action's main or post step, or a CLI invocation. The one top-level catch. The
 * caller brings the runtime (src/index.ts the action's, src/cli.ts the CLI's): neither bundle carries
 * the other's.
 */
async function run(runtime) {
    let inputs;
    try {
        if (runtime.isPost()) {
            await runPost(runtime);
            return;
        }
        runtime.markMainRan();
        const command = (0,src_inputs/* readCommand */.UK)(runtime);
        const given = runtime.givenInputs?.();
        if (given !== undefined) {
            (0,src_inputs/* checkStepInputs */.OG)(command, given, { action: runtime.action, prefix: runtime.inputPrefix });
        }
        inputs = await applyConfigInputs((0,src_inputs/* readInputs */.Ko)(runtime), runtime);
        await COMMAND_HANDLERS[inputs.command](inputs, runtime);
    }
    catch (error) {
        if (!(0,errors/* isBerthError */.gn)(error) && error instanceof Error && error.stack)
            runtime.debug(error.stack);
        const explained = explainMissingConfig(error, inputs);
        runtime.setFailed((0,errors/* describeError */.Uc)(explained), explained instanceof errors/* ConfigurationError */.j1 ? explained.locations : []);
    }
}


/***/ }),

/***/ 772:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ readMetricsSettings)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3916);
/**
 * The deploy metrics' inputs, checked before anything changes. Apart from ./publish.ts (loaded only
 * when a deploy writes metrics) so that every deploy's start-up carries this check only.
 */


/** The metrics inputs, checked before anything changes; undefined when neither is set. */
function readMetricsSettings(inputs) {
    const dir = inputs.metricsTextfileDir;
    if (dir !== '' && (!node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.isAbsolute(dir) || dir.split('/').includes('..') || /[\0\n]/.test(dir))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`metrics-textfile-dir: expected an absolute directory on the host (node_exporter's --collector.textfile.directory, e.g. /var/lib/prometheus/node-exporter), got ${JSON.stringify(dir)}`, { key: 'metrics-textfile-dir', kind: 'invalid' });
    }
    if (dir === '' && inputs.metricsPushgateway === '')
        return undefined;
    return { textfileDir: dir, pushgateway: inputs.metricsPushgateway };
}


/***/ }),

/***/ 4106:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   V4: () => (/* binding */ branchOfRef),
/* harmony export */   Yn: () => (/* binding */ matchingPattern),
/* harmony export */   jY: () => (/* binding */ findEnvironment),
/* harmony export */   mw: () => (/* binding */ globMatches)
/* harmony export */ });
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4006);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Pattern matching for branches and paths, with GitHub's filter semantics: `*` matches within one path
 * segment, `**` across segments, `?` one character, `[…]` a class, and a leading `!` excludes what the
 * patterns before it matched. Names are data: they are only ever tested against compiled patterns.
 */

const OPTIONS = { dot: true, nobrace: true, noextglob: true, nonegate: true };
const compiled = new Map();
function matcher(pattern) {
    let m = compiled.get(pattern);
    if (m === undefined) {
        m = picomatch__WEBPACK_IMPORTED_MODULE_0___default()(pattern, OPTIONS);
        compiled.set(pattern, m);
    }
    return m;
}
/** One pattern (no `!`) against one name, with the same semantics. */
function globMatches(pattern, name) {
    return matcher(pattern)(name);
}
/** The pattern (of an ordered list with `!` exclusions) that decides a name, or undefined when none includes it. */
function matchingPattern(patterns, name) {
    let decided;
    for (const pattern of patterns) {
        if (pattern.startsWith('!')) {
            if (decided !== undefined && matcher(pattern.slice(1))(name))
                decided = undefined;
        }
        else if (decided === undefined && matcher(pattern)(name)) {
            decided = pattern;
        }
    }
    return decided;
}
/** The first environment whose branch patterns match the branch. */
function findEnvironment(environments, branch) {
    for (const environment of environments) {
        const pattern = matchingPattern(environment.branches, branch);
        if (pattern !== undefined)
            return { environment, pattern };
    }
    return undefined;
}
/** `refs/heads/feature/x` → `feature/x`; undefined for tags and other refs. */
function branchOfRef(ref) {
    return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}


/***/ }),

/***/ 8451:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   NQ: () => (/* binding */ selectComponents),
/* harmony export */   c4: () => (/* binding */ labelsDecide),
/* harmony export */   hD: () => (/* binding */ quote)
/* harmony export */ });
/* harmony import */ var _match_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4106);

const MAX_LISTED_LABELS = 5;
/** Untrusted names (labels, paths) appear quoted and escaped, so a newline or quote in one stays visible as data. */
const quote = (text) => JSON.stringify(text);
/** Finds, for a component, the PR label (as written on the PR) that selects it. */
function componentLabelFinder(prLabels) {
    const byLowerCase = new Map(prLabels.map((l) => [l.toLowerCase(), l]));
    return (c) => c.labels.map((l) => byLowerCase.get(l.toLowerCase())).find((l) => l !== undefined);
}
/** True when the PR carries a component label, so labels alone decide and changed files are not needed. */
function labelsDecide(components, prLabels) {
    const labelOf = componentLabelFinder(prLabels);
    return components.some((c) => labelOf(c) !== undefined);
}
function selectComponents(components, facts) {
    const prLabels = facts.pullRequest?.labels ?? [];
    const labelOf = componentLabelFinder(prLabels);
    const decidedByLabels = components.some((c) => labelOf(c) !== undefined);
    const pr = facts.pullRequest ? `PR #${facts.pullRequest.number}` : 'no pull request';
    return components.map((c) => {
        const decide = (selected, reason) => ({
            component: c.name,
            selected,
            reason,
        });
        if (c.labels.length === 0 && c.paths.length === 0)
            return decide(true, 'always: it has no labels or paths');
        if (decidedByLabels) {
            const label = labelOf(c);
            if (label !== undefined)
                return decide(true, `label ${quote(label)} on ${pr}`);
            const carried = `labels decide: ${pr} carries ${listLabels(prLabels, components)}`;
            return decide(false, c.labels.length === 0 ? `${carried}; it has no labels` : `${carried}, not ${describeLabels(c)}`);
        }
        if (facts.files === undefined) {
            return decide(false, `no component label on ${pr} and the changed files are unknown`);
        }
        if (c.paths.length === 0) {
            return decide(false, `no component label on ${pr} (${describeLabels(c)} selects it) and it has no paths`);
        }
        for (const file of facts.files) {
            const pattern = (0,_match_js__WEBPACK_IMPORTED_MODULE_0__/* .matchingPattern */ .Yn)(c.paths, file);
            if (pattern !== undefined) {
                const others = facts.files.filter((f) => f !== file && (0,_match_js__WEBPACK_IMPORTED_MODULE_0__/* .matchingPattern */ .Yn)(c.paths, f) !== undefined).length;
                const more = others > 0 ? ` and ${others} more` : '';
                return decide(true, `changed ${quote(file)}${more} (matches ${quote(pattern)})`);
            }
        }
        const count = facts.files.length;
        return decide(false, `none of ${count} changed file${count === 1 ? '' : 's'} matches ${c.paths.map(quote).join(', ')}`);
    });
}
function describeLabels(c) {
    if (c.labels.length === 0)
        return 'no label';
    return c.labels.map(quote).join(' or ');
}
/** The PR's component labels, as the summary shows them. */
function listLabels(prLabels, components) {
    const known = new Set(components.flatMap((c) => c.labels.map((l) => l.toLowerCase())));
    const relevant = prLabels.filter((l) => known.has(l.toLowerCase()));
    const shown = relevant.slice(0, MAX_LISTED_LABELS).map(quote);
    if (relevant.length > MAX_LISTED_LABELS)
        shown.push(`${relevant.length - MAX_LISTED_LABELS} more`);
    return shown.join(', ');
}


/***/ }),

/***/ 4660:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   VA: () => (/* binding */ tickWhile),
/* harmony export */   ot: () => (/* binding */ startProgress)
/* harmony export */ });
/* unused harmony exports PROGRESS_EVERY_MS, progressDue, progressLine, progressEndLine, runningLine */
/**
 * Progress during a wait: a line at least every few seconds saying what is awaited, the last answer,
 * the time waited and the limit — `waiting for /actuator/health on green: HTTP 503, 15 s of 60 s`.
 * Whether a line is due and its text are pure; the clock, the sleep and where lines go are parameters,
 * so tests run a minute's wait in no time.
 */
/** The longest silence during a wait. */
const PROGRESS_EVERY_MS = 5000;
/** Whether a progress line is due: none said yet, or the last one `everyMs` or more ago. */
function progressDue(saidAt, now, everyMs = PROGRESS_EVERY_MS) {
    return saidAt === undefined || now - saidAt >= everyMs;
}
const seconds = (ms) => Math.round(Math.max(0, ms) / 1000);
/** `waiting for <what>: <last>, <elapsed> s of <limit> s`. */
function progressLine(what, last, elapsedMs, limitMs) {
    return `waiting for ${what}: ${last}, ${seconds(elapsedMs)} s of ${seconds(limitMs)} s`;
}
/** The wait's last line: `<what>: <outcome> after <elapsed> s`. */
function progressEndLine(what, outcome, elapsedMs) {
    return `${what}: ${outcome} after ${seconds(elapsedMs)} s`;
}
/** A wait's progress, started now. */
function startProgress(o) {
    const everyMs = o.everyMs ?? PROGRESS_EVERY_MS;
    const started = o.startedAt ?? o.now();
    let saidAt;
    let last = 'no answer yet';
    const tick = () => {
        const at = o.now();
        if (!progressDue(saidAt, at, everyMs))
            return;
        o.say(progressLine(o.what, last, at - started, o.limitMs));
        saidAt = at;
    };
    return {
        update(answer) {
            last = answer;
            tick();
        },
        async sleep(ms, sleep) {
            for (let left = ms; left > 0;) {
                // Wake when the next line falls due, so no silence outlasts the interval.
                const due = saidAt === undefined ? 0 : saidAt + everyMs - o.now();
                const slice = Math.min(left, Math.max(1, due));
                await sleep(slice);
                left -= slice;
                tick();
            }
        },
        end(outcome) {
            o.say(progressEndLine(o.what, outcome, o.now() - started));
        },
    };
}
const realEvery = (ms, tick) => {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
};
/** `<what>: <elapsed> s so far`. */
function runningLine(what, elapsedMs) {
    return `${what}: ${seconds(elapsedMs)} s so far`;
}
/**
 * Runs `work`, a command whose output says nothing (an image streamed over SSH), saying a line every
 * 5 s until it ends, however it ends.
 */
async function tickWhile(work, o) {
    const started = o.now();
    const stop = (o.every ?? realEvery)(o.everyMs ?? PROGRESS_EVERY_MS, () => o.say(runningLine(o.what, o.now() - started)));
    try {
        return await work();
    }
    finally {
        stop();
    }
}


/***/ }),

/***/ 3653:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ resolveRegistryCredentials)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _providers_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1893);
/**
 * The one rule for which registry credentials berth uses — the same for `build` (push) and `deploy` /
 * `rollback` (pull): ECR's from AWS; else registry-username / registry-password; else the job's own
 * docker login for the registry (a docker/login-action step before berth); else the provider's defaults
 * (ghcr: the workflow actor and github-token). A pull may go without (a public image); a push may not.
 */


async function resolveRegistryCredentials(s, use) {
    if (s.provider === 'ecr')
        return { credentials: await s.ecr(s.registry), from: 'ecr' };
    const given = { username: s.username, password: s.password, githubActor: '', githubToken: '' };
    if (s.username !== '' || s.password !== '') {
        return { credentials: (0,_providers_js__WEBPACK_IMPORTED_MODULE_1__/* .resolveCredentials */ .z8)(s.provider, s.registry, given), from: 'inputs' };
    }
    const job = await s.jobLogin();
    if (job)
        return { credentials: job, from: 'job' };
    try {
        const defaults = (0,_providers_js__WEBPACK_IMPORTED_MODULE_1__/* .resolveCredentials */ .z8)(s.provider, s.registry, {
            ...given,
            githubActor: s.githubActor,
            githubToken: s.githubToken,
        });
        return defaults ? { credentials: defaults, from: 'defaults' } : { from: 'none' };
    }
    catch (error) {
        // A pull of a public image needs no login; a push always does.
        if (use === 'pull' && error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1)
            return { from: 'none', note: error.message };
        throw error;
    }
}


/***/ }),

/***/ 9857:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.r(__webpack_exports__);
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   ecrCredentials: () => (/* binding */ ecrCredentials)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _http_proxy_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7856);
/**
 * ECR passwords: an authorization token from the AWS SDK's standard credential chain (so it works after
 * aws-actions/configure-aws-credentials with OIDC). The SDK is imported only here, only when an ECR
 * registry is used. `AWS_ENDPOINT_URL_ECR` (an SDK standard) points it elsewhere, as the tests do.
 */


async function ecrCredentials(region, registryHost) {
    const { ECRClient, GetAuthorizationTokenCommand } = await Promise.all(/* import() */[__nccwpck_require__.e(118), __nccwpck_require__.e(861), __nccwpck_require__.e(249)]).then(__nccwpck_require__.t.bind(__nccwpck_require__, 8249, 19));
    // The SDK reads no proxy settings itself: its agents follow HTTPS_PROXY / NO_PROXY (../http/proxy.ts).
    const client = new ECRClient({ region, requestHandler: (0,_http_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .awsProxyHandler */ .WL)() });
    let token;
    try {
        const out = await client.send(new GetAuthorizationTokenCommand({}));
        token = out.authorizationData?.[0]?.authorizationToken;
    }
    catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        const detail = error instanceof Error ? error.message : String(error);
        if (name === 'CredentialsProviderError' || /credential/i.test(detail)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`registry-provider ecr: no AWS credentials for ${registryHost} (${detail}); run aws-actions/configure-aws-credentials before berth, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`);
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`registry-provider ecr: GetAuthorizationToken in ${region} failed for ${registryHost}: ${name}: ${detail}`);
    }
    finally {
        client.destroy();
    }
    if (!token)
        throw new Error(`ECR returned no authorization token for ${registryHost}`);
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1)
        throw new Error('ECR authorization token is not user:password');
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}


/***/ }),

/***/ 6684:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   F$: () => (/* binding */ carriedConfig),
/* harmony export */   IL: () => (/* binding */ readUserDockerConfig),
/* harmony export */   KF: () => (/* binding */ jobCredentials),
/* harmony export */   Rx: () => (/* binding */ userDockerConfigDir),
/* harmony export */   Z2: () => (/* binding */ routeToFile)
/* harmony export */ });
/* unused harmony exports credentialKeys, helperFor, authsCredentials */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _docker_reference_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2977);
/**
 * The job's own registry logins — a `docker/login-action` step before berth, or any `docker login` —
 * carried into the private docker config berth builds, pushes and pulls with. They live in the user's
 * docker config (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`) as `auths` entries, a
 * `credsStore` or per-registry `credHelpers`. The pure parts build the private config and pick a
 * registry's entry; `jobCredentials` also asks a credential helper. Secrets never reach argv or a log.
 */




/** The user's docker config directory: DOCKER_CONFIG, else ~/.docker. */
function userDockerConfigDir(env = process.env) {
    return env.DOCKER_CONFIG || node_path__WEBPACK_IMPORTED_MODULE_2___default().join((0,node_os__WEBPACK_IMPORTED_MODULE_1__.homedir)(), '.docker');
}
/** The user's config.json, or undefined when there is none (or it is not JSON). */
async function readUserDockerConfig(env = process.env) {
    try {
        const parsed = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(userDockerConfigDir(env), 'config.json'), 'utf8'));
        return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
const isRecord = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * The private config's contents: the user's `auths`, `credHelpers` and `credsStore` (so the job's
 * logins keep working) and `currentContext`; nothing else of the user's config (no proxies, no aliases).
 */
function carriedConfig(user) {
    const out = { auths: {} };
    if (!user)
        return out;
    if (isRecord(user.auths)) {
        for (const [key, entry] of Object.entries(user.auths))
            if (isRecord(entry))
                out.auths[key] = entry;
    }
    if (isRecord(user.credHelpers)) {
        const helpers = Object.entries(user.credHelpers).filter(([, v]) => typeof v === 'string');
        if (helpers.length > 0)
            out.credHelpers = Object.fromEntries(helpers);
    }
    if (typeof user.credsStore === 'string' && user.credsStore !== '')
        out.credsStore = user.credsStore;
    if (typeof user.currentContext === 'string')
        out.currentContext = user.currentContext;
    return out;
}
/** The keys docker files a registry's login under (Docker Hub's is the old index address). */
function credentialKeys(host) {
    const h = host.toLowerCase();
    if (h === _docker_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .DOCKER_HUB */ .Xb || h === 'index.docker.io' || h === 'registry-1.docker.io') {
        return ['https://index.docker.io/v1/', 'index.docker.io', _docker_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .DOCKER_HUB */ .Xb];
    }
    return [host];
}
/**
 * Before berth's own `docker login` to `host`: route that registry to the config file (an empty
 * `credHelpers` entry), so berth's credentials land in the private file, removed after the run — never
 * in the user's credential store — and win over the job's login for the same registry.
 */
function routeToFile(config, host) {
    const credHelpers = { ...(config.credHelpers ?? {}) };
    for (const key of credentialKeys(host))
        credHelpers[key] = '';
    return { ...config, credHelpers };
}
/** `https://localhost:5000/v2/` → `localhost:5000`: how docker compares an `auths` key to a host. */
function hostOfKey(key) {
    return key
        .replace(/^[a-z]+:\/\//i, '')
        .split('/')[0]
        .toLowerCase();
}
/** The credential helper docker would ask for `host`, or '' for the config file. */
function helperFor(config, host) {
    for (const key of credentialKeys(host)) {
        const helper = config.credHelpers?.[key];
        if (typeof helper === 'string')
            return helper;
    }
    return typeof config.credsStore === 'string' ? config.credsStore : '';
}
/** A user and password for `host` from the `auths` entries (an identity token alone is not one). */
function authsCredentials(config, host) {
    const wanted = new Set(credentialKeys(host).map(hostOfKey));
    for (const [key, entry] of Object.entries(config.auths ?? {})) {
        if (!wanted.has(hostOfKey(key)) || !isRecord(entry))
            continue;
        if (typeof entry.auth === 'string' && entry.auth !== '') {
            const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon > 0)
                return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
        }
        if (typeof entry.username === 'string' && typeof entry.password === 'string' && entry.username !== '')
            return { username: entry.username, password: entry.password };
    }
    return undefined;
}
/**
 * The job's login for `host`: from its credential helper (`docker-credential-<name> get`, the host on
 * stdin, the answer on stdout) when one is configured, else from `auths`. Undefined when it has none.
 */
async function jobCredentials(config, host, exec) {
    if (!config)
        return undefined;
    const helper = helperFor(config, host);
    if (helper === '')
        return authsCredentials(config, host);
    if (!/^[A-Za-z0-9_.-]+$/.test(helper))
        return undefined;
    try {
        const result = await exec([`docker-credential-${helper}`, 'get'], {
            stdin: credentialKeys(host)[0],
            quiet: true,
        });
        if (result.code !== 0)
            return undefined;
        const answer = JSON.parse(result.stdout);
        if (typeof answer.Username !== 'string' || typeof answer.Secret !== 'string')
            return undefined;
        // `<token>`: an identity (refresh) token, which docker trades itself; not a password to send.
        if (answer.Username === '' || answer.Username === '<token>')
            return undefined;
        return { username: answer.Username, password: answer.Secret };
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 4142:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ RegistryUnreachableError),
/* harmony export */   a: () => (/* binding */ dockerLogin)
/* harmony export */ });
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3190);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3916);
/* harmony import */ var _providers_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(1893);



/** The registry did not answer (as opposed to refusing the credentials): worth a retry. */
class RegistryUnreachableError extends Error {
    name = 'RegistryUnreachableError';
}
const UNREACHABLE = /connection refused|no such host|i\/o timeout|network is unreachable|no route to host|TLS handshake timeout|Client\.Timeout|connection reset|EOF$/im;
/** `docker login --password-stdin` into a private config; a failure names the inputs to check. */
async function dockerLogin(exec, docker, configDir, host, credentials, where = 'this host') {
    const result = await exec([docker, ...(0,_providers_js__WEBPACK_IMPORTED_MODULE_2__/* .buildLoginArgs */ .Dp)(configDir, host, credentials.username)], {
        stdin: credentials.password,
    });
    if (result.code !== 0) {
        const why = (0,_exec_js__WEBPACK_IMPORTED_MODULE_0__/* .lastLines */ .w$)(result.stderr || result.stdout);
        if (UNREACHABLE.test(why)) {
            throw new RegistryUnreachableError(`registry ${host} is unreachable from ${where} (docker login): ${why}`);
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`registry-username / registry-password: docker login to ${host} failed: ${why}`);
    }
}


/***/ }),

/***/ 1893:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Dp: () => (/* binding */ buildLoginArgs),
/* harmony export */   Kd: () => (/* binding */ resolveProvider),
/* harmony export */   d0: () => (/* binding */ ecrRegion),
/* harmony export */   nz: () => (/* binding */ apiHost),
/* harmony export */   z8: () => (/* binding */ resolveCredentials)
/* harmony export */ });
/* unused harmony exports PROVIDERS, HOST_EXAMPLES, inferProvider */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _docker_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2977);
/**
 * Registry providers: which one a host is, what credentials it takes, and the `docker login` argv —
 * pure. Passwords never appear in argv: login reads them from stdin.
 */


const PROVIDERS = ['dockerhub', 'ghcr', 'ecr', 'ncp', 'nhn', 'generic'];
const DOCKER_HUB_HOSTS = new Set([
    _docker_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .DOCKER_HUB */ .Xb,
    'index.docker.io',
    'registry-1.docker.io',
    'registry.hub.docker.com',
]);
/** `123456789012.dkr.ecr.ap-northeast-2.amazonaws.com` (and -fips, and China's .com.cn). */
const ECR = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
/** Naver Cloud Container Registry: `<name>.kr.ncr.ntruss.com`, private and government endpoints too. */
const NCP = /^[a-z0-9][a-z0-9-]*\.[a-z]{2}\.(?:private-)?ncr\.(?:gov-)?ntruss\.com$/;
/** NHN Cloud NCR: `<id>-kr1-registry.container.nhncloud.com`. */
const NHN = /^[a-z0-9][a-z0-9-]*-[a-z]{2}\d-registry\.container\.nhncloud\.com$/;
const HOST_EXAMPLES = {
    dockerhub: 'docker.io',
    ghcr: 'ghcr.io',
    ecr: '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com',
    ncp: 'myregistry.kr.ncr.ntruss.com',
    nhn: 'a1b2c3d4-kr1-registry.container.nhncloud.com',
    generic: 'registry.example.com:5000',
};
function inferProvider(host) {
    const h = host.toLowerCase();
    if (DOCKER_HUB_HOSTS.has(h))
        return 'dockerhub';
    if (h === 'ghcr.io')
        return 'ghcr';
    if (ECR.test(h))
        return 'ecr';
    if (NCP.test(h))
        return 'ncp';
    if (NHN.test(h))
        return 'nhn';
    return 'generic';
}
/** The provider to use: the `registry-provider` input when given (checked against the host), else inferred. */
function resolveProvider(host, input) {
    if (input === '')
        return inferProvider(host);
    if (!PROVIDERS.includes(input)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`registry-provider: expected one of ${PROVIDERS.join(', ')}, got ${JSON.stringify(input)}`);
    }
    const provider = input;
    const inferred = inferProvider(host);
    if (provider !== 'generic' && inferred !== provider) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`registry-provider: ${provider} expects a registry host like ${HOST_EXAMPLES[provider]}, but the image's registry is ${JSON.stringify(host)}`);
    }
    return provider;
}
/** The AWS region of an ECR host. */
function ecrRegion(host) {
    const m = ECR.exec(host.toLowerCase());
    if (!m)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`image: ${JSON.stringify(host)} is not an ECR host like ${HOST_EXAMPLES.ecr}`);
    return m[2];
}
/**
 * The credentials to log in with, or undefined for an anonymous registry. ECR's come from AWS (see
 * ./ecr.ts), so here they are only checked to be absent or complete.
 */
function resolveCredentials(provider, host, inputs) {
    const { username, password } = inputs;
    if (provider === 'ghcr') {
        const user = username || inputs.githubActor;
        const pass = password || inputs.githubToken;
        if (user === '' || pass === '') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1('registry-username / registry-password: ghcr.io needs a user and a token; by default the workflow actor and github-token (give the job `permissions: packages: write`)');
        }
        return { username: user, password: pass };
    }
    if (provider === 'ecr')
        return undefined;
    if (username === '' && password === '') {
        if (provider === 'generic')
            return undefined;
        const what = provider === 'ncp'
            ? 'your NCP access key and secret key'
            : provider === 'nhn'
                ? 'your NHN Cloud user access key ID and secret access key'
                : 'your Docker Hub user name and an access token';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`registry-username / registry-password: ${host} (${provider}) needs ${what}`);
    }
    if (username === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`registry-username: empty, but registry-password is set for ${host}`);
    if (password === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`registry-password: empty, but registry-username is set for ${host}`);
    return { username, password };
}
/** `docker --config DIR login HOST --username U --password-stdin`; the password goes to stdin. */
function buildLoginArgs(configDir, host, username) {
    return ['--config', configDir, 'login', host, '--username', username, '--password-stdin'];
}
/** Where the registry's HTTP API v2 lives for a host (Docker Hub's is not docker.io). */
function apiHost(host) {
    return DOCKER_HUB_HOSTS.has(host.toLowerCase()) ? 'registry-1.docker.io' : host;
}


/***/ }),

/***/ 5990:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Mw: () => (/* binding */ checkedRelative),
/* harmony export */   ZZ: () => (/* binding */ checkHeaders),
/* harmony export */   an: () => (/* binding */ LocalHost),
/* harmony export */   lx: () => (/* binding */ httpGet)
/* harmony export */ });
/* unused harmony export noAnswerReason */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_http__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(3916);
/**
 * Where deploy's commands and files live: this host (the runner is on the server) or a server reached
 * over SSH. Deploy, the lock, the state files and the nginx switch speak only to this interface.
 */






/** Why a request got no HTTP answer, in the words a user searches for: `connection refused`, not `ECONNREFUSED`. */
function noAnswerReason(code, timeoutMs) {
    switch (code) {
        case 'ECONNREFUSED':
            return 'connection refused';
        case 'ECONNRESET':
            return 'connection reset';
        case 'EHOSTUNREACH':
        case 'ENETUNREACH':
            return 'host unreachable';
        case 'ETIMEDOUT':
        case 'TIMEOUT':
            return `no answer within ${timeoutMs / 1000} s`;
        default:
            // llhttp's parse errors (HPE_INVALID_CONSTANT, …): something answered, but not HTTP.
            if (code?.startsWith('HPE_'))
                return 'not HTTP';
            return code ? `no answer (${code})` : 'no answer';
    }
}
/** A header that could end the request line it is part of (a CR, LF or NUL in it) is refused. */
function checkHeaders(headers) {
    for (const [name, value] of Object.entries(headers)) {
        if (!/^[A-Za-z0-9-]+$/.test(name) || /[\r\n\0]/.test(value))
            throw new Error(`the HTTP header ${JSON.stringify(name)} is not a plain header line`);
    }
}
/** A path of a file list to copy: relative, no `..` or empty segment (the list is scanBuildDir's). */
function checkedRelative(file) {
    const parts = file.split('/');
    if (file === '' ||
        node_path__WEBPACK_IMPORTED_MODULE_4___default().posix.isAbsolute(file) ||
        parts.some((p) => p === '' || p === '.' || p === '..') ||
        file.includes('\0'))
        throw new Error(`copy: ${JSON.stringify(file)} is not a relative path inside the build directory`);
    return file;
}
/** The runner's own host: Node's fs and http, commands through the one exec. */
class LocalHost {
    run;
    tempRoot;
    home;
    label = 'this host';
    remote = false;
    constructor(run, tempRoot, home) {
        this.run = run;
        this.tempRoot = tempRoot;
        this.home = home;
    }
    exec(argv, options) {
        return this.run(argv, options);
    }
    async readFile(file) {
        try {
            return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8');
        }
        catch (error) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errnoCode */ .UK)(error) === 'ENOENT')
                return undefined;
            throw error;
        }
    }
    async writeFile(file, content, options = {}) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_4___default().dirname(file), { recursive: true });
        const temp = node_path__WEBPACK_IMPORTED_MODULE_4___default().join(node_path__WEBPACK_IMPORTED_MODULE_4___default().dirname(file), `.${node_path__WEBPACK_IMPORTED_MODULE_4___default().basename(file)}.berth-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}`);
        const mode = options.mode ?? 0o644;
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(temp, content, { mode });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(temp, mode); // the umask may have taken bits away
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(temp, file);
    }
    async appendFile(file, content) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_4___default().dirname(file), { recursive: true });
        // O_NOFOLLOW: a symlink planted at history.jsonl fails (ELOOP) instead of being appended through.
        let handle;
        try {
            handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(file, node_fs__WEBPACK_IMPORTED_MODULE_2__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_2__.constants.O_APPEND | node_fs__WEBPACK_IMPORTED_MODULE_2__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_2__.constants.O_NOFOLLOW, 0o644);
        }
        catch (error) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errnoCode */ .UK)(error) === 'ELOOP')
                throw new Error(`${file} is a symlink; berth appends only to a file of its own`);
            throw error;
        }
        try {
            await handle.appendFile(content);
        }
        finally {
            await handle.close();
        }
    }
    async makeDirExclusive(dir) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_4___default().dirname(dir), { recursive: true });
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir);
            return true;
        }
        catch (error) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errnoCode */ .UK)(error) === 'EEXIST')
                return false;
            throw error;
        }
    }
    async remove(file) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(file, { recursive: true, force: true });
    }
    async makeTempDir() {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(this.tempRoot, { recursive: true });
        const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_4___default().join(this.tempRoot, 'berth-'));
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(dir, 0o700);
        return dir;
    }
    httpGet(address, port, urlPath, headers = {}) {
        checkHeaders(headers);
        const host = address.includes(':') ? `[${address}]` : address;
        return httpGet(`http://${host}:${port}${urlPath}`, headers);
    }
    defaultStateRoot() {
        return node_path__WEBPACK_IMPORTED_MODULE_4___default().join(this.home, '.berth');
    }
    async copyDirFrom(localDir, dir, files) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir, { recursive: true });
        const made = new Set();
        for (const file of files) {
            const to = node_path__WEBPACK_IMPORTED_MODULE_4___default().join(dir, checkedRelative(file));
            const parent = node_path__WEBPACK_IMPORTED_MODULE_4___default().dirname(to);
            if (!made.has(parent)) {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(parent, { recursive: true });
                made.add(parent);
            }
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.copyFile)(node_path__WEBPACK_IMPORTED_MODULE_4___default().join(localDir, file), to); // follows a link: the file's bytes, not the link
        }
    }
    async switchSymlink(link, target) {
        const temp = node_path__WEBPACK_IMPORTED_MODULE_4___default().join(node_path__WEBPACK_IMPORTED_MODULE_4___default().dirname(link), `.${node_path__WEBPACK_IMPORTED_MODULE_4___default().basename(link)}.berth-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}`);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.symlink)(target, temp);
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(temp, link);
        }
        catch (error) {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(temp, { force: true });
            throw error;
        }
    }
    async readSymlink(link) {
        try {
            return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readlink)(link);
        }
        catch (error) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errnoCode */ .UK)(error) === 'ENOENT')
                return undefined;
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errnoCode */ .UK)(error) === 'EINVAL')
                throw new Error(`${link} exists and is not a symlink`);
            throw error;
        }
    }
    async close() {
        // nothing held open
    }
}
/** One GET from here (2 s bound, no keep-alive): status and the body's first 64 KiB; status 0 when nothing answers. */
function httpGet(url, headers = {}) {
    return new Promise((resolve) => {
        const req = node_http__WEBPACK_IMPORTED_MODULE_3___default().get(url, { timeout: 2000, agent: false, headers }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk) => {
                if (body.length < 65536)
                    body += chunk;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.slice(0, 65536) }));
            res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        let timedOut = false;
        req.on('timeout', () => {
            timedOut = true;
            req.destroy();
        });
        req.on('error', (error) => resolve({ status: 0, body: '', failure: noAnswerReason(timedOut ? 'TIMEOUT' : error.code, 2000) }));
    });
}


/***/ }),

/***/ 4414:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ shellQuote),
/* harmony export */   u: () => (/* binding */ remoteCommandLine)
/* harmony export */ });
/**
 * What crosses SSH is one string that the remote user's shell parses (ssh joins its arguments with
 * spaces). This is the one function that turns an argv into that string: every argument single-quoted
 * for a POSIX shell, so no byte of it is interpreted — branch names, image references and paths alike.
 */
/** Arguments made only of these need no quotes; they read better in logs. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;
function shellQuote(arg) {
    if (arg.includes('\0'))
        throw new Error('shellQuote: an argument cannot contain a NUL byte');
    if (PLAIN.test(arg))
        return arg;
    return `'${arg.replace(/'/g, `'\\''`)}'`;
}
/** The remote command line for an argv: each argument quoted, joined by spaces. */
function remoteCommandLine(argv) {
    if (argv.length === 0)
        throw new Error('remoteCommandLine: empty argv');
    return argv.map(shellQuote).join(' ');
}


/***/ }),

/***/ 187:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bx: () => (/* binding */ TARGET_ALIAS),
/* harmony export */   FA: () => (/* binding */ checkKnownHosts),
/* harmony export */   N2: () => (/* binding */ describeEndpoint),
/* harmony export */   W3: () => (/* binding */ normalizePrivateKey),
/* harmony export */   nD: () => (/* binding */ parseEndpointList),
/* harmony export */   r4: () => (/* binding */ renderSshConfig)
/* harmony export */ });
/* unused harmony exports parseEndpoint, knownHostsLineMatches */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3916);
/**
 * The SSH side of deploy's inputs, checked, and the ssh_config file berth writes for one run. A config
 * file (`ssh -F`) is the only way options reach ProxyJump hops: `-i`/`-o` on the command line apply to
 * the last hop only. Host keys are pinned (StrictHostKeyChecking yes, the given known_hosts only).
 */



const TARGET_ALIAS = 'berth-target';
const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
/** `user@host:port`, `host:port`, `host`, `[v6]:port` → an endpoint; `input` names the input in errors. */
function parseEndpoint(spec, input, defaults) {
    const form = `${input}: expected [user@]host[:port] (e.g. deploy@10.0.0.5:22 or [2001:db8::5]:22)`;
    const m = /^(?:([^@\s]+)@)?(?:\[([0-9A-Fa-f:.]+)\]|([^:@\s[\]]+))(?::(\d+))?$/.exec(spec);
    if (!m)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${form}, got ${JSON.stringify(spec)}`);
    const [, user = defaults.user, v6, name, portText] = m;
    const host = v6 ?? name ?? '';
    if (v6 !== undefined ? (0,node_net__WEBPACK_IMPORTED_MODULE_1__.isIP)(v6) !== 6 : !((0,node_net__WEBPACK_IMPORTED_MODULE_1__.isIP)(host) === 4 || HOSTNAME.test(host))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${form}; ${JSON.stringify(host)} is not a host name or address`);
    }
    if (user === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${input}: no user for ${JSON.stringify(spec)}; set ssh-user or write user@host`);
    }
    if (!USER.test(user))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${form}; ${JSON.stringify(user)} is not a user name`);
    const port = portText === undefined ? defaults.port : Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${form}; port ${JSON.stringify(portText)} is not 1-65535`);
    }
    return { user, host, port };
}
/** A list input: entries separated by commas, spaces or newlines. */
function parseEndpointList(text, input, defaults) {
    return text
        .split(/[\s,]+/)
        .filter((s) => s !== '')
        .map((s) => parseEndpoint(s, input, defaults));
}
function describeEndpoint(e) {
    const host = e.host.includes(':') ? `[${e.host}]` : e.host;
    return `${e.user}@${host}${e.port === 22 ? '' : `:${e.port}`}`;
}
/** The private key as OpenSSH wants the file: LF line ends and a final newline (a missing one is "invalid format"). */
function normalizePrivateKey(text) {
    const key = text.replace(/\r\n?/g, '\n').trim();
    if (!/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\n[\s\S]+\n-----END [A-Z0-9 ]*PRIVATE KEY-----$/.test(key)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1('ssh-key: expected a private key (the whole file, from "-----BEGIN OPENSSH PRIVATE KEY-----" to its END line), as a secret');
    }
    return `${key}\n`;
}
/** known_hosts text: checked that every host berth connects to has a key in it. */
function checkKnownHosts(text, endpoints) {
    const lines = text
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
    if (lines.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1('ssh-known-hosts: required; the host keys of the server and every bastion, as `ssh-keyscan -p PORT HOST` prints them (run it from a machine you trust). Host keys are always checked.', { key: 'ssh-known-hosts', kind: 'required' });
    }
    for (const e of endpoints) {
        if (!lines.some((line) => knownHostsLineMatches(line, e.host, e.port))) {
            const name = e.port === 22 ? e.host : `[${e.host}]:${e.port}`;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`ssh-known-hosts: no host key for ${name} (${describeEndpoint(e)}); add the line(s) of \`ssh-keyscan${e.port === 22 ? '' : ` -p ${e.port}`} ${e.host}\`, checked against the server's own key`);
        }
    }
    return `${lines.join('\n')}\n`;
}
/** Whether a known_hosts line is for host:port: plain or hashed (`|1|salt|hash`) patterns, `*`/`?`, `!` negation. */
function knownHostsLineMatches(line, host, port) {
    const fields = line.split(/\s+/);
    const patterns = (fields[0]?.startsWith('@') ? fields[1] : fields[0]) ?? '';
    if (fields.length < 3 + (fields[0]?.startsWith('@') ? 1 : 0))
        return false;
    if (fields[0] === '@revoked')
        return false;
    const name = port === 22 ? host : `[${host}]:${port}`;
    let matched = false;
    for (const pattern of patterns.split(',')) {
        const negated = pattern.startsWith('!');
        const p = negated ? pattern.slice(1) : pattern;
        const hit = p.startsWith('|1|')
            ? hashedMatches(p, name)
            : globMatches(p.toLowerCase(), name.toLowerCase());
        if (hit && negated)
            return false;
        if (hit)
            matched = true;
    }
    return matched;
}
function hashedMatches(pattern, name) {
    const [, , salt, hash] = pattern.split('|');
    if (salt === undefined || hash === undefined)
        return false;
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}
function globMatches(pattern, name) {
    const re = pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.');
    return new RegExp(`^${re}$`).test(name);
}
/** The ssh_config text: one `Host` per jump hop (`berth-jump-N`) and `berth-target`, all with the same pinning. */
function renderSshConfig(options) {
    const common = [
        `  IdentityFile ${configPath(options.identityFile)}`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${configPath(options.knownHostsFile)}`,
        '  GlobalKnownHostsFile /dev/null',
        '  StrictHostKeyChecking yes',
        '  UpdateHostKeys no',
        '  CheckHostIP no',
        '  BatchMode yes',
        '  PasswordAuthentication no',
        '  KbdInteractiveAuthentication no',
        `  ConnectTimeout ${options.connectTimeoutSeconds}`,
        '  ServerAliveInterval 3',
        '  ServerAliveCountMax 3',
        '  ForwardAgent no',
        '  LogLevel ERROR',
    ];
    // Only the target is multiplexed: its master (closed by `ssh -O exit` when the step ends) carries the
    // hops' `ssh -W` children with it. A hop with a master of its own would outlive the run, holding a
    // session open on the bastion.
    const multiplexed = [
        '  ControlMaster auto',
        `  ControlPath ${configPath(`${options.controlDir.replace(/%/g, '%%')}/%C`, false)}`,
        '  ControlPersist 120',
    ];
    const block = (alias, e, extra) => [
        `Host ${alias}`,
        `  HostName ${e.host}`,
        `  Port ${e.port}`,
        `  User ${e.user}`,
        ...extra,
        ...common,
        '',
    ];
    const jumpAliases = options.jumps.map((_, i) => `berth-jump-${i + 1}`);
    return [
        '# Written by berth for one run and removed when it ends.',
        ...options.jumps.flatMap((e, i) => block(jumpAliases[i], e, ['  ControlMaster no'])),
        ...block(TARGET_ALIAS, options.target, [
            ...(jumpAliases.length > 0 ? [`  ProxyJump ${jumpAliases.join(',')}`] : []),
            ...multiplexed,
        ]),
    ].join('\n');
}
/** A path in ssh_config: `%` escaped (ssh expands tokens in these keys), quoted when it has spaces. */
function configPath(value, escapePercent = true) {
    if (/["\n]/.test(value))
        throw new Error(`ssh config: unusable path ${JSON.stringify(value)}`);
    const escaped = escapePercent ? value.replace(/%/g, '%%') : value;
    return /\s/.test(escaped) ? `"${escaped}"` : escaped;
}


/***/ }),

/***/ 8915:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ resolveSshTargets),
/* harmony export */   o: () => (/* binding */ recordedSshTarget)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _ssh_config_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(187);
/** Which servers a deploy goes to, from the SSH inputs; none: the runner's own host. */


/** The servers to deploy to over SSH, in order; empty: this host. */
function resolveSshTargets(inputs) {
    if (inputs.sshHost === '') {
        // An unset variable in `ssh-host: ${{ vars.PROD_HOST }}` must not turn into a deploy on the runner.
        const sshOnly = ['ssh-key', 'ssh-known-hosts', 'bastion'].filter((name) => ({ 'ssh-key': inputs.sshKey, 'ssh-known-hosts': inputs.sshKnownHosts, bastion: inputs.bastion })[name].trim() !== '');
        if (sshOnly.length > 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`ssh-host: empty, but ${sshOnly.join(' and ')} ${sshOnly.length > 1 ? 'are' : 'is'} set; give the server(s) to deploy to (a variable that is not set?), or remove the SSH inputs to deploy on this runner's host`);
        }
        return [];
    }
    const defaults = { user: inputs.sshUser, port: inputs.sshPort };
    const hosts = (0,_ssh_config_js__WEBPACK_IMPORTED_MODULE_1__/* .parseEndpointList */ .nD)(inputs.sshHost, 'ssh-host', defaults);
    const jumps = (0,_ssh_config_js__WEBPACK_IMPORTED_MODULE_1__/* .parseEndpointList */ .nD)(inputs.bastion, 'bastion', { ...defaults, port: 22 });
    if (inputs.sshKey === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1("ssh-key: required with ssh-host; the private key (a secret) whose public key is in the server's authorized_keys", { key: 'ssh-key', kind: 'required' });
    }
    const key = (0,_ssh_config_js__WEBPACK_IMPORTED_MODULE_1__/* .normalizePrivateKey */ .W3)(inputs.sshKey);
    const knownHosts = (0,_ssh_config_js__WEBPACK_IMPORTED_MODULE_1__/* .checkKnownHosts */ .FA)(inputs.sshKnownHosts, [...hosts, ...jumps]);
    return hosts.map((endpoint) => ({ endpoint, jumps, key, knownHosts }));
}
/**
 * The post step's way back to a host its main step used: the target of the step's inputs whose label
 * (user@address[:port]) is the recorded one — the same key, pinned host keys and bastion hops — or
 * undefined when the inputs (unreadable, or changed) no longer name it.
 */
function recordedSshTarget(inputs, label) {
    if (inputs === undefined)
        return undefined;
    return resolveSshTargets(inputs).find((t) => (0,_ssh_config_js__WEBPACK_IMPORTED_MODULE_1__/* .describeEndpoint */ .N2)(t.endpoint) === label);
}


/***/ }),

/***/ 8136:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Fx: () => (/* binding */ cleanupSshDirs),
/* harmony export */   d5: () => (/* binding */ cleanupRemoteTempDirs),
/* harmony export */   fQ: () => (/* binding */ SshHost)
/* harmony export */ });
/* unused harmony exports SshError, isBerthRemoteTempDir, isBerthSshDir, releaseOpenSshHosts, sshForwardFailure */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(3916);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(3190);
/* harmony import */ var _host_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(5990);
/* harmony import */ var _quote_js__WEBPACK_IMPORTED_MODULE_9__ = __nccwpck_require__(4414);
/* harmony import */ var _runtime_post_state_js__WEBPACK_IMPORTED_MODULE_8__ = __nccwpck_require__(9328);
/* harmony import */ var _ssh_config_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(187);
/**
 * A server reached over SSH with the system OpenSSH client and a config file written for this run
 * (pinned host keys, ProxyJump hops, one multiplexed connection). Every remote command is an argv
 * quoted by `remoteCommandLine`; file operations are fixed scripts whose paths arrive as `$1`, `$2`, so
 * no value is ever part of a script. The server needs a POSIX shell, Docker and nginx — not Node.
 */










/** ssh itself failed (not the remote command): unreachable, refused, host key, or the link dropped. */
class SshError extends Error {
    name = 'SshError';
}
const SCRIPTS = {
    read: 'test -e "$1" || exit 3; cat -- "$1"',
    // The parents first, with the session's umask (a 0600 file's umask would leave them without x).
    write: 'mkdir -p -- "$(dirname -- "$1")" && umask "$3" && cat > "$2" && mv -f -- "$2" "$1"',
    // Never through a symlink: a link planted at history.jsonl would have berth append where it points.
    append: 'mkdir -p -- "$(dirname -- "$1")" || exit 1; if test -L "$1"; then echo "$1 is a symlink; berth appends only to a file of its own" >&2; exit 1; fi; cat >> "$1"',
    mkdirExclusive: 'mkdir -p -- "$(dirname -- "$1")" || exit 1; mkdir -- "$1" 2>/dev/null && exit 0; test -d "$1" && exit 17; exit 1',
    remove: 'rm -rf -- "$1"',
    extractTar: 'mkdir -p -- "$1" && tar -C "$1" -xf -',
    // GNU and busybox mv: -T renames onto the link itself instead of moving into the directory it points to.
    switchSymlink: 'ln -s -- "$2" "$3" || exit 1; mv -Tf -- "$3" "$1" && exit 0; rm -f -- "$3"; exit 1',
    readSymlink: 'test -L "$1" && exec readlink -- "$1"; test -e "$1" && exit 4; exit 3',
    // A run that lost its connection cannot remove its directory (it may hold an env file): directories of
    // this user's runs older than a day go first.
    tempDir: 't="${TMPDIR:-/tmp}"; t="${t%/}"; umask 077 && find "$t" -maxdepth 1 -type d -name "berth-????????" -user "$(id -u)" -mtime +0 -exec rm -rf {} + 2>/dev/null; mktemp -d "$t/berth-XXXXXXXX"',
    // The post step's removal of a directory tempDir made: directly in this user's temp dir, this user's,
    // a directory and not a link to one (exit 5 refuses); gone already is fine.
    removeTempDir: 't="${TMPDIR:-/tmp}"; t="${t%/}"; test "$(dirname -- "$1")" = "$t" || exit 5; test -L "$1" && exit 5; test -e "$1" || exit 3; test -d "$1" && test -O "$1" || exit 5; rm -rf -- "$1"',
};
/** What tempDir makes: `berth-` and mktemp's 8 characters, in an absolute directory with no `.` or `..`. */
const REMOTE_TEMP_DIR = /^(?:\/[^/\0]+)*\/berth-[A-Za-z0-9]{8}$/;
/** Whether `dir` is a name SshHost.makeTempDir gives (the post step removes nothing else on a server). */
function isBerthRemoteTempDir(dir) {
    return (typeof dir === 'string' &&
        REMOTE_TEMP_DIR.test(dir) &&
        !dir.split('/').some((part) => part === '.' || part === '..'));
}
/** What mkdtemp makes for a connection: `berth-ssh-` and 6 characters, directly in the temp dir. */
const SSH_DIR_NAME = /^berth-ssh-[A-Za-z0-9]{6}$/;
/**
 * Whether `dir` is a connection directory of berth's that may be removed: named as open() names them,
 * directly in `tempRoot` (the system temp dir), a directory of this user's and not a symlink to one.
 */
async function isBerthSshDir(dir, tempRoot = (0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)()) {
    if (typeof dir !== 'string' || !node_path__WEBPACK_IMPORTED_MODULE_3___default().isAbsolute(dir) || !SSH_DIR_NAME.test(node_path__WEBPACK_IMPORTED_MODULE_3___default().basename(dir)))
        return false;
    if (node_path__WEBPACK_IMPORTED_MODULE_3___default().normalize(dir) !== dir || node_path__WEBPACK_IMPORTED_MODULE_3___default().dirname(dir) !== node_path__WEBPACK_IMPORTED_MODULE_3___default().resolve(tempRoot))
        return false;
    try {
        const stat = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(dir);
        return stat.isDirectory() && (process.getuid === undefined || stat.uid === process.getuid());
    }
    catch {
        return false; // gone (or unreadable): nothing of berth's to remove
    }
}
const openDirs = new Set();
const recordDirs = (log) => {
    if (log.saveState)
        (0,_runtime_post_state_js__WEBPACK_IMPORTED_MODULE_8__/* .savePostState */ .L)({ saveState: log.saveState.bind(log) }, 'ssh-dirs', [...openDirs]);
};
/** The servers' temporary directories not yet removed (dir → host label), kept in the step's state too. */
const openTempDirs = new Map();
const recordTempDirs = (log) => {
    if (log.saveState) {
        const dirs = [...openTempDirs].map(([dir, host]) => ({ host, dir }));
        (0,_runtime_post_state_js__WEBPACK_IMPORTED_MODULE_8__/* .savePostState */ .L)({ saveState: log.saveState.bind(log) }, 'remote-temp-dirs', dirs);
    }
};
/** The connections of this process not yet closed (what a stopped CLI run releases itself). */
const openHosts = new Set();
/**
 * For a process stopped by a signal that has no post step (the CLI): each open connection removes the
 * temporary directories it made on its server, then closes (its master, its key directory).
 */
async function releaseOpenSshHosts() {
    for (const host of [...openHosts]) {
        for (const [dir, label] of [...openTempDirs]) {
            if (label === host.label)
                await host.removeTempDir(dir).catch(() => undefined);
        }
        await host.close().catch(() => undefined);
    }
}
/** The post step: closes each recorded connection's master and removes its directory. */
async function cleanupSshDirs(run, state) {
    const dirs = (0,_runtime_post_state_js__WEBPACK_IMPORTED_MODULE_8__/* .readPostState */ .c)(state, 'ssh-dirs') ?? [];
    const removed = [];
    for (const dir of Array.isArray(dirs) ? dirs : []) {
        // Only berth's own directories: the state is the runner's file, but a path is removed here.
        if (!(await isBerthSshDir(dir)))
            continue;
        await run(['ssh', '-F', node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, 'config'), '-O', 'exit', _ssh_config_js__WEBPACK_IMPORTED_MODULE_7__/* .TARGET_ALIAS */ .Bx], {
            quiet: true,
            timeoutMs: 10_000,
        }).catch(() => undefined);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(dir, { recursive: true, force: true });
        removed.push(dir);
    }
    return removed;
}
/**
 * The post step: removes each server temporary directory a stopped run left (its docker login's
 * config.json, its env files), over a new connection to that host (`connect`: the step's SSH inputs;
 * undefined when the inputs no longer name that host). A host it cannot reach is warned about, by host
 * and path. Runs before cleanupSshDirs, while the run's SSH settings are still at hand.
 */
async function cleanupRemoteTempDirs(state, connect, log) {
    const saved = (0,_runtime_post_state_js__WEBPACK_IMPORTED_MODULE_8__/* .readPostState */ .c)(state, 'remote-temp-dirs') ?? [];
    const byHost = new Map();
    for (const entry of Array.isArray(saved) ? saved : []) {
        const { host, dir } = (entry ?? {});
        // Only what makeTempDir names: the state is the runner's file, but a path is removed here.
        if (typeof host !== 'string' || host === '' || !isBerthRemoteTempDir(dir))
            continue;
        byHost.set(host, [...(byHost.get(host) ?? []), dir]);
    }
    const removed = [];
    for (const [host, dirs] of byHost) {
        const left = (why) => log.warning(`could not remove berth's temporary ${dirs.length > 1 ? 'directories' : 'directory'} ${dirs.join(', ')} on ${host} (this run's registry login and env files): ${why}; remove ${dirs.length > 1 ? 'them' : 'it'} by hand (the next deploy there removes ${dirs.length > 1 ? 'them' : 'it'} once a day old)`);
        let ssh;
        try {
            ssh = await connect(host);
        }
        catch (error) {
            left(error instanceof Error ? error.message : String(error));
            continue;
        }
        if (!ssh) {
            left('the ssh-host inputs of this step no longer name that host');
            continue;
        }
        try {
            for (const dir of dirs) {
                try {
                    if (await ssh.removeTempDir(dir))
                        removed.push({ host, dir });
                }
                catch (error) {
                    log.warning(`could not remove berth's temporary directory ${dir} on ${host}: ${error instanceof Error ? error.message : String(error)}`);
                }
            }
        }
        finally {
            await ssh.close().catch(() => undefined);
        }
    }
    for (const { host, dir } of removed)
        log.info(`removed ${dir} on ${host}, the temporary directory (registry login, env files) a stopped run left`);
    return removed;
}
class SshHost {
    run;
    log;
    dir;
    target;
    remote = true;
    label;
    constructor(run, log, dir, target) {
        this.run = run;
        this.log = log;
        this.dir = dir;
        this.target = target;
        this.label = (0,_ssh_config_js__WEBPACK_IMPORTED_MODULE_7__/* .describeEndpoint */ .N2)(target.endpoint);
    }
    /** Writes the key, known_hosts and config (0600, in a 0700 directory), then checks the connection. */
    static async open(run, log, target) {
        // Under the system temp dir: ControlPath is a unix socket path, limited to ~100 bytes.
        const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'berth-ssh-'));
        openDirs.add(dir);
        recordDirs(log);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(dir, 0o700);
        const host = new SshHost(run, log, dir, target);
        openHosts.add(host);
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(host.keyFile, target.key, { mode: 0o600 });
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, 'known_hosts'), target.knownHosts, { mode: 0o600 });
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(host.configFile, (0,_ssh_config_js__WEBPACK_IMPORTED_MODULE_7__/* .renderSshConfig */ .r4)({
                target: target.endpoint,
                jumps: target.jumps,
                identityFile: host.keyFile,
                knownHostsFile: node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, 'known_hosts'),
                controlDir: dir,
                connectTimeoutSeconds: target.connectTimeoutSeconds ?? 15,
            }), { mode: 0o600 });
            const via = target.jumps.length > 0 ? ` via ${target.jumps.map(_ssh_config_js__WEBPACK_IMPORTED_MODULE_7__/* .describeEndpoint */ .N2).join(' → ')}` : '';
            log.info(`Connecting to ${host.label}${via}…`);
            const result = await run(host.sshArgv(['true']), { quiet: true, timeoutMs: 120_000 });
            if (result.code !== 0)
                throw connectError(host.label, via, result.stderr);
            return host;
        }
        catch (error) {
            await host.close().catch(() => undefined);
            throw error;
        }
    }
    get keyFile() {
        return node_path__WEBPACK_IMPORTED_MODULE_3___default().join(this.dir, 'id');
    }
    get configFile() {
        return node_path__WEBPACK_IMPORTED_MODULE_3___default().join(this.dir, 'config');
    }
    /** The local argv that runs `argv` on the server. */
    sshArgv(argv) {
        return ['ssh', '-F', this.configFile, _ssh_config_js__WEBPACK_IMPORTED_MODULE_7__/* .TARGET_ALIAS */ .Bx, '--', (0,_quote_js__WEBPACK_IMPORTED_MODULE_9__/* .remoteCommandLine */ .u)(argv)];
    }
    async exec(argv, options = {}) {
        if (!options.quiet)
            this.log.info(`[${this.label}] $ ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .formatArgv */ .gL)(argv)}`);
        const result = await this.run(this.sshArgv(argv), { ...options, quiet: true });
        if (result.code === 255 && (isSshFailure(result.stderr) || !(await this.connected()))) {
            throw new SshError(`lost the SSH connection to ${this.label} while running \`${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .formatArgv */ .gL)(argv).slice(0, 200)}\`: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .lastLines */ .w$)(result.stderr, 2)}`);
        }
        return result;
    }
    /** Whether the multiplexed connection is still up (ssh -O check asks the local master). */
    async connected() {
        const check = await this.run(['ssh', '-F', this.configFile, '-O', 'check', _ssh_config_js__WEBPACK_IMPORTED_MODULE_7__/* .TARGET_ALIAS */ .Bx], {
            quiet: true,
            timeoutMs: 5000,
        });
        return check.code === 0;
    }
    async script(name, args, stdin) {
        return this.exec(['sh', '-c', SCRIPTS[name], 'sh', ...args], { quiet: true, stdin });
    }
    async readFile(file) {
        const result = await this.script('read', [file]);
        if (result.code === 3)
            return undefined;
        if (result.code !== 0)
            throw new Error(`reading ${file} on ${this.label} failed: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .lastLines */ .w$)(result.stderr, 2)}`);
        return result.stdout;
    }
    async writeFile(file, content, options = {}) {
        const umask = ((0o777 & ~(options.mode ?? 0o644)) >>> 0).toString(8).padStart(3, '0');
        const temp = `${node_path__WEBPACK_IMPORTED_MODULE_3___default().posix.dirname(file)}/.${node_path__WEBPACK_IMPORTED_MODULE_3___default().posix.basename(file)}.berth-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}`;
        const result = await this.script('write', [file, temp, umask], content);
        if (result.code !== 0)
            throw new Error(`writing ${file} on ${this.label} failed: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .lastLines */ .w$)(result.stderr, 2)}`);
    }
    async appendFile(file, content) {
        const result = await this.script('append', [file], content);
        if (result.code !== 0)
            throw new Error(`appending to ${file} on ${this.label} failed: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .lastLines */ .w$)(result.stderr, 2)}`);
    }
    async makeDirExclusive(dir) {
        const result = await this.script('mkdirExclusive', [dir]);
        if (result.code === 0)
            return true;
        if (result.code === 17)
            return false;
        throw new Error(`creating ${dir} on ${this.label} failed: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .lastLines */ .w$)(result.stderr, 2)}`);
    }
    async remove(file) {
        const result = await this.script('remove', [file]);
        if (result.code !== 0)
            throw new Error(`removing ${file} on ${this.label} failed: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .lastLines */ .w$)(result.stderr, 2)}`);
        if (openTempDirs.delete(file))
            recordTempDirs(this.log);
    }
    /** A private directory (0700) in the server's temp dir, recorded for the post step until removed. */
    async makeTempDir() {
        const result = await this.script('tempDir', []);
        const dir = result.stdout.trim();
        if (result.code !== 0 || !isBerthRemoteTempDir(dir))
            throw new Error(`mktemp -d on ${this.label} failed: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .lastLines */ .w$)(result.stderr, 2) || JSON.stringify(dir)}`);
        openTempDirs.set(dir, this.label);
        recordTempDirs(this.log);
        return dir;
    }
    /**
     * The post step's removal of a directory makeTempDir made (by an earlier process): only such a name,
     * directly in this user's temp dir on the server, a directory of this user's. False when it is gone.
     */
    async removeTempDir(dir) {
        if (!isBerthRemoteTempDir(dir))
            throw new Error(`${JSON.stringify(dir)} is not a temporary directory of berth's; left alone`);
        const result = await this.exec(['sh', '-c', SCRIPTS.removeTempDir, 'sh', dir], {
            quiet: true,
            timeoutMs: 30_000,
        });
        if (result.code === 3 || result.code === 0) {
            if (openTempDirs.delete(dir))
                recordTempDirs(this.log);
        }
        if (result.code === 3)
            return false;
        if (result.code === 5)
            throw new Error(`${dir} on ${this.label} is not a directory of this user's in its temp dir (TMPDIR); left alone`);
        if (result.code !== 0)
            throw new Error(`removing ${dir} on ${this.label} failed: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .lastLines */ .w$)(result.stderr, 2)}`);
        return true;
    }
    /** One HTTP/1.0 GET carried by `ssh -W` (a stdio forward): the server needs no curl. */
    async httpGet(address, port, urlPath, headers = {}) {
        (0,_host_js__WEBPACK_IMPORTED_MODULE_6__/* .checkHeaders */ .ZZ)(headers);
        if (!/^\/[\x21-\x7e]*$/.test(urlPath))
            throw new Error(`not a request path: ${JSON.stringify(urlPath)}`);
        const forward = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
        const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
        const result = await this.run(['ssh', '-F', this.configFile, '-W', forward, _ssh_config_js__WEBPACK_IMPORTED_MODULE_7__/* .TARGET_ALIAS */ .Bx], {
            quiet: true,
            stdin: `GET ${urlPath} HTTP/1.0\r\nHost: ${forward}\r\n${extra.join('')}Connection: close\r\n\r\n`,
            timeoutMs: 5000,
        });
        const status = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(result.stdout)?.[1];
        if (status !== undefined) {
            const start = result.stdout.indexOf('\r\n\r\n');
            return {
                status: Number(status),
                body: start < 0 ? '' : result.stdout.slice(start + 4, start + 4 + 65536),
            };
        }
        if (result.code === 255 &&
            isSshFailure(result.stderr) &&
            !/open failed|forwarding failed/i.test(result.stderr)) {
            throw new SshError(`lost the SSH connection to ${this.label} while probing ${forward}${urlPath}: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .lastLines */ .w$)(result.stderr, 2)}`);
        }
        return { status: 0, body: '', failure: sshForwardFailure(result) };
    }
    /** Streams `localArgv`'s stdout (e.g. `docker save`) into `remoteArgv` (e.g. `docker load`) on the server. */
    async pipeFrom(localArgv, remoteArgv) {
        this.log.info(`$ ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .formatArgv */ .gL)(localArgv)} | [${this.label}] ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .formatArgv */ .gL)(remoteArgv)}`);
        return (0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .runPipeline */ .aI)(localArgv, this.sshArgv(remoteArgv));
    }
    defaultStateRoot() {
        return '.berth'; // relative to the SSH user's home, where the session starts
    }
    /**
     * `tar -c` here piped into `tar -x` there: the server needs tar, not rsync. Exactly the files listed
     * (NUL-separated in a file of this session's private directory, read verbatim: a name starting with
     * `-` is a name), links dereferenced so the server gets files, never links.
     */
    async copyDirFrom(localDir, dir, files) {
        const list = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(this.dir, `files-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}`);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(list, files.map((f) => `./${(0,_host_js__WEBPACK_IMPORTED_MODULE_6__/* .checkedRelative */ .Mw)(f)}\0`).join(''), { mode: 0o600 });
        try {
            const remote = ['sh', '-c', SCRIPTS.extractTar, 'sh', dir];
            const local = [
                'tar',
                '-C',
                localDir,
                '--dereference',
                '--null',
                '--verbatim-files-from',
                '-T',
                list,
                '-cf',
                '-',
            ];
            const result = await this.pipeFrom(local, remote);
            if (result.code !== 0)
                throw new Error(`copying ${localDir} to ${dir} on ${this.label} failed: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .lastLines */ .w$)(result.stderr, 2)}`);
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(list, { force: true });
        }
    }
    async switchSymlink(link, target) {
        const temp = `${node_path__WEBPACK_IMPORTED_MODULE_3___default().posix.dirname(link)}/.${node_path__WEBPACK_IMPORTED_MODULE_3___default().posix.basename(link)}.berth-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}`;
        const result = await this.script('switchSymlink', [link, target, temp]);
        if (result.code !== 0)
            throw new Error(`pointing ${link} at ${target} on ${this.label} failed: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .lastLines */ .w$)(result.stderr, 2)}`);
    }
    async readSymlink(link) {
        const result = await this.script('readSymlink', [link]);
        if (result.code === 3)
            return undefined;
        if (result.code === 4)
            throw new Error(`${link} on ${this.label} exists and is not a symlink`);
        if (result.code !== 0)
            throw new Error(`reading the symlink ${link} on ${this.label} failed: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .lastLines */ .w$)(result.stderr, 2)}`);
        return result.stdout.replace(/\n$/, '');
    }
    async close() {
        try {
            await this.run(['ssh', '-F', this.configFile, '-O', 'exit', _ssh_config_js__WEBPACK_IMPORTED_MODULE_7__/* .TARGET_ALIAS */ .Bx], {
                quiet: true,
                timeoutMs: 10_000,
            });
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(this.dir, { recursive: true, force: true });
            openHosts.delete(this);
            openDirs.delete(this.dir);
            recordDirs(this.log);
        }
    }
}
/** ssh's own failures (exit 255), as opposed to a remote command that happened to exit 255. */
function isSshFailure(stderr) {
    return /^ssh:|ssh_exchange|kex_exchange|Connection (closed|reset|timed out|refused)|Broken pipe|Host key verification failed|Permission denied|Could not resolve|No route to host|Network is unreachable|Timeout, server|client_loop|mux_client|Control socket|stdio forwarding failed|open failed/im.test(stderr);
}
/** Names the input to fix for the ways a first connection fails. */
function connectError(label, via, stderr) {
    const why = (0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .lastLines */ .w$)(stderr, 2);
    if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .* host key is known/i.test(stderr)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`ssh-known-hosts: the host key of ${label}${via} is not the one pinned (${why}); compare with the server's own key (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on it) and update ssh-known-hosts`);
    }
    if (/Permission denied|Too many authentication failures/i.test(stderr)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`ssh-key / ssh-user: ${label}${via} refused the key (${why}); the key's public half must be in ~/.ssh/authorized_keys of that user (and of the bastion's user)`);
    }
    if (/invalid format|error in libcrypto|load key/i.test(stderr)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`ssh-key: OpenSSH cannot read the key (${why}); paste the whole private key file, without a passphrase`);
    }
    return new SshError(`ssh-host / bastion: cannot connect to ${label}${via}: ${why}. Check the address and port, that sshd runs there, and that this runner can reach it (or the bastion can)`);
}
/**
 * Why `ssh -W` got no HTTP answer: sshd's `open failed: connect failed: Connection refused` is the app
 * not listening (yet); a run cut at its bound is no answer in time; bytes that are not HTTP say so.
 */
function sshForwardFailure(result) {
    // Killed at its 5 s bound (exec reports a signal as 128).
    if (result.code === 128)
        return 'no answer within 5 s';
    if (/connection refused/i.test(result.stderr))
        return 'connection refused';
    if (/no route to host|network is unreachable/i.test(result.stderr))
        return 'host unreachable';
    if (/connection reset/i.test(result.stderr))
        return 'connection reset';
    if (result.stdout !== '')
        return 'not HTTP';
    return 'no answer';
}


/***/ }),

/***/ 3742:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ renderDeploySummary),
/* harmony export */   i: () => (/* binding */ renderDeployRunFacts)
/* harmony export */ });
/* harmony import */ var _config_schema_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(131);
/* harmony import */ var _http_url_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6697);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4285);



/** The step summary of `deploy`/`rollback`: what is live now, what was before, and the timeline. */
function renderDeploySummary(r) {
    const verb = r.action === 'deploy' ? 'deployed' : 'rolled back';
    return [
        `### berth ${r.action}: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(r.app)} ${verb} to **${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(r.environment)}**${r.color ? ` (${r.color})` : ''}${r.remote ? ` on ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(r.host)}` : ''}`,
        '',
        (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .renderTable */ .b)(['', ''], [
            ['Live image', r.imageRef],
            ['Previous image', r.previousImageRef || '(none)'],
            ...(r.url ? [['Upstream', r.url]] : []),
            ['Total', `${(r.durationMs / 1000).toFixed(1)} s`],
        ]),
        '',
        (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .renderTable */ .b)(['Step', 'Time'], r.timeline.map((s) => [s.name, `${(s.ms / 1000).toFixed(2)} s`])),
        '',
    ].join('\n');
}
const SHA = /^[0-9a-f]{7,64}$/i;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
/** What an image reference or revision may hold to appear in a command line as it is. */
const COMMAND_SAFE = /^[A-Za-z0-9._/:@-]{1,300}$/;
/** An http(s) address as a link target: parsed by the URL rule, parentheses encoded; '' for anything else. */
function href(url) {
    const parsed = url === '' ? undefined : (0,_http_url_js__WEBPACK_IMPORTED_MODULE_2__/* .parseHttpUrl */ .f)(url);
    if (parsed === undefined || parsed.username !== '' || parsed.password !== '')
        return '';
    return parsed.href.replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
}
/**
 * The lines under a deploy's summary: the public URL, the commit (linked), the pull request, who
 * triggered it, the previous version and the exact rollback (the reusable berth-rollback workflow). Pure;
 * every value escaped, every link checked.
 */
function renderDeployRunFacts(f) {
    const rows = [];
    const site = href(f.environmentUrl);
    if (site !== '')
        rows.push(`- **URL**: [${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(f.environmentUrl)}](${site})`);
    if (SHA.test(f.sha)) {
        const server = href(f.serverUrl);
        const short = f.sha.slice(0, 7).toLowerCase();
        rows.push(server !== '' && REPOSITORY.test(f.repository)
            ? `- **Commit**: [\`${short}\`](${server.replace(/\/+$/, '')}/${f.repository}/commit/${f.sha.toLowerCase()})`
            : `- **Commit**: \`${short}\``);
    }
    if (f.pullRequest !== undefined && Number.isSafeInteger(f.pullRequest) && f.pullRequest > 0) {
        const server = href(f.serverUrl);
        rows.push(server !== '' && REPOSITORY.test(f.repository)
            ? `- **Pull request**: [#${f.pullRequest}](${server.replace(/\/+$/, '')}/${f.repository}/pull/${f.pullRequest})`
            : `- **Pull request**: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(`#${f.pullRequest}`)}`);
    }
    if (f.actor !== '')
        rows.push(`- **Triggered by**: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(f.actor)}`);
    const previous = f.previous === ''
        ? '(none)'
        : COMMAND_SAFE.test(f.previous)
            ? `\`${f.previous}\``
            : (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .F)(f.previous);
    rows.push(`- **Previous version**: ${previous}`);
    const lines = rows.length === 0 ? [] : [...rows, ''];
    if (_config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .NAME */ .o_.test(f.component) && _config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .NAME */ .o_.test(f.environment)) {
        const image = f.previous.includes('@') && COMMAND_SAFE.test(f.previous) ? ` -f image=${f.previous}` : '';
        const what = f.action === 'deploy' ? 'To undo this deploy' : 'To undo this rollback';
        lines.push(`${what}, run the berth rollback workflow:`, '', '```sh', `gh workflow run berth-rollback.yml -f environment=${f.environment} -f component=${f.component}${image}`, '```', '');
    }
    return lines.join('\n');
}


/***/ }),

/***/ 4285:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ escapeMarkdown),
/* harmony export */   b: () => (/* binding */ renderTable)
/* harmony export */ });
/**
 * Markdown helpers for summaries and comments. Untrusted text (branch names, labels, titles, paths) goes
 * through escapeMarkdown, so it renders as the characters it is: no HTML, no links, no mentions, no
 * broken tables.
 */
/** HTML-significant characters. */
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** U+200B ZERO WIDTH SPACE: invisible, and it breaks what GitHub would otherwise link. */
const ZWSP = '\u200b';
/**
 * Escapes text for a Markdown paragraph or table cell; line breaks become spaces. Beyond Markdown and
 * HTML, what GitHub links by itself is broken with an invisible space — a mention (`@org/team`, which
 * `&#64;` does not stop: GitHub decodes the entity first), an issue reference (`#123`, `\#123`, `GH-123`)
 * and a bare address (`https://…`, `www.…`) — so a branch name, a test name or a path renders as the
 * characters it is and notifies or links nothing.
 */
function escapeMarkdown(text) {
    return text
        .replace(/\r\n|\r|\n/g, ' ')
        .replace(/[\\`*_[\]#~!|]/g, (c) => `\\${c}`)
        .replace(/[&<>]/g, (c) => ENTITIES[c] ?? c)
        .replace(/@/g, `@${ZWSP}`)
        .replace(/#(?=\d)/g, `#${ZWSP}`)
        .replace(/\b(GH)-(?=\d)/gi, `$1${ZWSP}-`)
        .replace(/:\/\//g, `:${ZWSP}//`)
        .replace(/\b(www)\./gi, `$1${ZWSP}.`);
}
/** A GitHub-flavoured table; cells are escaped here. */
function renderTable(header, rows) {
    const line = (cells) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
    return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}


/***/ }),

/***/ 9809:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FZ: () => (/* binding */ loggedRetry),
/* harmony export */   L5: () => (/* binding */ retry),
/* harmony export */   vI: () => (/* binding */ DEFAULT_RETRY),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/** Bounded retries with backoff; the delays and the sleep are parameters so tests never wait. */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const DEFAULT_RETRY = { delaysMs: [500, 1500, 4000], sleep };
async function retry(fn, isTransient, policy) {
    for (let attempt = 0;; attempt++) {
        try {
            return await fn();
        }
        catch (error) {
            const delay = policy.delaysMs[attempt];
            if (delay === undefined || !isTransient(error))
                throw error;
            policy.onRetry?.(error, attempt + 1, delay);
            await policy.sleep(delay);
        }
    }
}
/** A policy that says each retry in the log, so a slow registry is visible rather than silent. */
function loggedRetry(base, warn) {
    return {
        ...(base ?? DEFAULT_RETRY),
        onRetry: (error, attempt, delay) => warn(`${error instanceof Error ? error.message : String(error)}; retry ${attempt} in ${delay} ms`),
    };
}


/***/ }),

/***/ 2451:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  $: () => (/* binding */ createActionRuntime)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: ./src/runtime/runtime.ts
var runtime = __nccwpck_require__(2536);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./src/runtime/workflow-commands.ts
/**
 * The GitHub Actions runner's protocol, the part berth speaks — pure builders of what goes to stdout
 * (workflow commands: `::add-mask::`, `::warning file=…::`) and to the runner's files (`GITHUB_OUTPUT`,
 * `GITHUB_STATE`: `name<<delimiter` blocks). It is what @actions/core writes, byte for byte (a test holds
 * them side by side), without @actions/core's HTTP client, whose loading was about half of every
 * berth step's start.
 * https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions
 */


/**
 * A log line the runner would read as a workflow command (`::add-mask::…`, `::set-output …`, the legacy
 * `##[…]`) when a value printed in it holds a line break: every line of a plain log message that starts
 * so (after blanks, which the runner trims) gets a zero-width space after its first character — the same
 * text to a reader, no command to the runner. The one log path (info, the summary printed outside a
 * runner, the CLI's stderr) goes through it; commands berth means go through workflowCommand.
 */
function plainLog(text) {
    return text.replace(/^([ \t]*)([:#])(?=:|#\[)/gm, '$1$2\u200b');
}
/**
 * The forms a secret can appear in once printed: as it is, JSON-escaped (an error quoting a malformed
 * `env` line with JSON.stringify shows `\\"`, `\\n`, `\\u0000` instead of the characters), and each line
 * of a multi-line secret (a private key, a kubeconfig). The runner and the CLI mask them all.
 */
function secretForms(secret) {
    const forms = new Set();
    if (secret.trim() === '')
        return [];
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    if (/[\r\n]/.test(secret)) {
        for (const line of secret.split(/\r?\n/))
            if (line.trim().length >= 4)
                forms.add(line);
    }
    return [...forms];
}
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text) {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
/** An annotation's place as the command's properties (`line`, `col`: the runner's names). */
function annotationProperties(where = {}) {
    return [
        ['title', where.title],
        ['file', where.file],
        ['line', where.startLine],
        ['endLine', where.endLine],
        ['col', where.startColumn],
        ['endColumn', where.endColumn],
    ];
}
/** `::name key=value,…::message` — one line, however many lines the message has; empty properties left out. */
function workflowCommand(name, message, properties = []) {
    const given = properties.filter(([, v]) => v !== undefined && v !== '' && v !== 0);
    const head = given.length === 0 ? '' : ` ${given.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}`;
    return `::${name}${head}::${escapeData(message)}`;
}
/** A `name<<delimiter` block for GITHUB_OUTPUT / GITHUB_STATE, with a delimiter neither can contain. */
function keyValueBlock(name, value, delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`) {
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`the output ${JSON.stringify(name)} contains its own delimiter`);
    return `${name}<<${delimiter}${external_node_os_.EOL}${value}${external_node_os_.EOL}${delimiter}${external_node_os_.EOL}`;
}
/** The environment variable an input arrives in: `INPUT_` + the name upper-cased, spaces as `_`. */
function inputVariable(name) {
    return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

;// CONCATENATED MODULE: ./src/runtime/action.ts
/**
 * The Runtime of the GitHub Action: inputs and state from the environment, outputs and state to the
 * runner's files, logs and annotations as workflow commands (src/runtime/workflow-commands.ts), and
 * GITHUB_* variables for the context.
 */





const POST_STATE = 'isPost';
function createActionRuntime(env = process.env, write = (text) => void process.stdout.write(text), 
/** The sub-action running; undefined for the root action (`command:`). */
action) {
    const command = (name, message, properties) => write(`${workflowCommand(name, message, properties)}${external_node_os_.EOL}`);
    /** A file command (GITHUB_OUTPUT, GITHUB_STATE); a runner too old for them gets the stdout command. */
    const fileCommand = (file, legacy, name, value) => {
        const path = env[`GITHUB_${file}`];
        if (!path) {
            if (file === 'OUTPUT')
                write(external_node_os_.EOL);
            command(legacy, value, [['name', name]]);
            return;
        }
        if (!(0,external_node_fs_.existsSync)(path))
            throw new Error(`GITHUB_${file} names ${path}, which does not exist`);
        (0,external_node_fs_.appendFileSync)(path, keyValueBlock(name, value), 'utf8');
    };
    return {
        action,
        getInput: (name) => (env[inputVariable(name)] ?? '').trim(),
        // The runner sets INPUT_<NAME> for every declared input and every `with:` key, declared or not.
        givenInputs: () => new Map(Object.entries(env)
            .filter(([key]) => key.startsWith('INPUT_'))
            .map(([key, value]) => [key.slice('INPUT_'.length).toLowerCase(), value ?? ''])),
        // The runner masks each line of a value given; the JSON-escaped form is one more mask.
        setSecret: (value) => {
            command('add-mask', value);
            for (const form of secretForms(value).slice(1))
                if (!/[\r\n]/.test(form) && !value.split(/\r?\n/).includes(form))
                    command('add-mask', form);
        },
        getContext: (name) => env[runtime/* CONTEXT_NAMES */.p[name]] ?? '',
        workspace: env.GITHUB_WORKSPACE || process.cwd(),
        setOutput: (name, value) => fileCommand('OUTPUT', 'set-output', name, value),
        appendSummary: async (markdown) => {
            // Outside a runner (no GITHUB_STEP_SUMMARY) the summary goes to the log instead of failing the step.
            if (!env.GITHUB_STEP_SUMMARY) {
                write(`${plainLog(markdown)}${external_node_os_.EOL}`);
                return;
            }
            await (0,promises_.appendFile)(env.GITHUB_STEP_SUMMARY, `${markdown}${external_node_os_.EOL}`, 'utf8');
        },
        info: (message) => write(`${plainLog(message)}${external_node_os_.EOL}`),
        startGroup: (title) => command('group', title),
        endGroup: () => command('endgroup', ''),
        warning: (message, where) => command('warning', message, annotationProperties(where)),
        debug: (message) => command('debug', message),
        setFailed: (message, where = []) => {
            process.exitCode = 1;
            // One annotation per place, shown on the config file's line in the PR's diff, else the message.
            if (where.length === 0)
                command('error', message);
            for (const w of where) {
                command('error', w.message, annotationProperties({ file: w.file, startLine: w.line, startColumn: w.col }));
            }
        },
        tempDir: env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(),
        saveState: (name, value) => fileCommand('STATE', 'save-state', name, value),
        getState: (name) => env[`STATE_${name}`] ?? '',
        isPost: () => (env[`STATE_${POST_STATE}`] ?? '') === 'true',
        markMainRan: () => fileCommand('STATE', 'save-state', POST_STATE, 'true'),
    };
}


/***/ }),

/***/ 9328:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ savePostState),
/* harmony export */   c: () => (/* binding */ readPostState)
/* harmony export */ });
/**
 * What a main step leaves for its post step, which runs after success, failure and cancel alike: one
 * typed entry per thing to release. Nothing else saves or reads the step's state.
 */
function savePostState(store, key, value) {
    store.saveState(key, JSON.stringify(value));
}
/**
 * The entry, or undefined when the main step saved none (or the runner's state file holds something
 * that is not berth's JSON: the post step then releases nothing rather than failing the job).
 */
function readPostState(store, key) {
    const text = store.getState(key);
    if (text === '')
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 2536:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ inGroup),
/* harmony export */   p: () => (/* binding */ CONTEXT_NAMES)
/* harmony export */ });
/** Facts about the run that GitHub Actions gives as GITHUB_* variables and the CLI takes as flags. */
const CONTEXT_NAMES = {
    'event-name': 'GITHUB_EVENT_NAME',
    'event-path': 'GITHUB_EVENT_PATH',
    ref: 'GITHUB_REF',
    sha: 'GITHUB_SHA',
    repository: 'GITHUB_REPOSITORY',
    'api-url': 'GITHUB_API_URL',
    'server-url': 'GITHUB_SERVER_URL',
    actor: 'GITHUB_ACTOR',
    'run-id': 'GITHUB_RUN_ID',
    /** `true` on a GitHub Actions runner (where GitHub's environment protection applies). */
    'github-actions': 'GITHUB_ACTIONS',
};
/**
 * Runs `work` inside a log group (a phase's streamed output: build, push, pull), closed whatever
 * becomes of it.
 */
async function inGroup(runtime, title, work) {
    runtime.startGroup(title);
    try {
        return await work();
    }
    finally {
        runtime.endGroup();
    }
}


/***/ }),

/***/ 2969:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ closest)
/* harmony export */ });
/* unused harmony export editDistance */
/** "Did you mean" for config keys and CLI flags: typos are the most common mistake. */
/** The known key a typo most likely meant: same letters in another case, or a small edit distance. */
function closest(key, known) {
    const lower = key.toLowerCase();
    const sameCase = known.find((k) => k.toLowerCase() === lower);
    if (sameCase !== undefined)
        return sameCase;
    let best;
    let bestDistance = Infinity;
    for (const candidate of known) {
        const d = editDistance(lower, candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    const limit = Math.max(1, Math.min(3, Math.floor(key.length / 3)));
    return bestDistance <= limit ? best : undefined;
}
/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a, b) {
    const rows = [];
    for (let i = 0; i <= a.length; i++) {
        const row = [];
        for (let j = 0; j <= b.length; j++) {
            if (i === 0 || j === 0) {
                row.push(i + j);
                continue;
            }
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            const prev = rows[i - 1];
            let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                d = Math.min(d, rows[i - 2][j - 2] + 1);
            }
            row.push(d);
        }
        rows.push(row);
    }
    return rows[a.length][b.length];
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 6466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 6193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 7349:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var resolveBlockMap = __nccwpck_require__(7103);
var resolveBlockSeq = __nccwpck_require__(334);
var resolveFlowCollection = __nccwpck_require__(3142);

function resolveCollection(CN, ctx, token, onError, tagName, tag) {
    const coll = token.type === 'block-map'
        ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag)
        : token.type === 'block-seq'
            ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag)
            : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
    const Coll = coll.constructor;
    // If we got a tagName matching the class, or the tag name is '!',
    // then use the tagName from the node class used to create it.
    if (tagName === '!' || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
    }
    if (tagName)
        coll.tag = tagName;
    return coll;
}
function composeCollection(CN, ctx, token, props, onError) {
    const tagToken = props.tag;
    const tagName = !tagToken
        ? null
        : ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg));
    if (token.type === 'block-seq') {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken
            ? anchor.offset > tagToken.offset
                ? anchor
                : tagToken
            : (anchor ?? tagToken);
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
            const message = 'Missing newline after block sequence props';
            onError(lastProp, 'MISSING_CHAR', message);
        }
    }
    const expType = token.type === 'block-map'
        ? 'map'
        : token.type === 'block-seq'
            ? 'seq'
            : token.start.source === '{'
                ? 'map'
                : 'seq';
    // shortcut: check if it's a generic YAMLMap or YAMLSeq
    // before jumping into the custom tag logic.
    if (!tagToken ||
        !tagName ||
        tagName === '!' ||
        (tagName === YAMLMap.YAMLMap.tagName && expType === 'map') ||
        (tagName === YAMLSeq.YAMLSeq.tagName && expType === 'seq')) {
        return resolveCollection(CN, ctx, token, onError, tagName);
    }
    let tag = ctx.schema.tags.find(t => t.tag === tagName && t.collection === expType);
    if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
            ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
            tag = kt;
        }
        else {
            if (kt) {
                onError(tagToken, 'BAD_COLLECTION_TYPE', `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? 'scalar'}`, true);
            }
            else {
                onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, true);
            }
            return resolveCollection(CN, ctx, token, onError, tagName);
        }
    }
    const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
    const res = tag.resolve?.(coll, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg), ctx.options) ?? coll;
    const node = identity.isNode(res)
        ? res
        : new Scalar.Scalar(res);
    node.range = coll.range;
    node.tag = tagName;
    if (tag?.format)
        node.format = tag.format;
    return node;
}

exports.composeCollection = composeCollection;


/***/ }),

/***/ 3683:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Document = __nccwpck_require__(3021);
var composeNode = __nccwpck_require__(5937);
var resolveEnd = __nccwpck_require__(7788);
var resolveProps = __nccwpck_require__(4631);

function composeDoc(options, directives, { offset, start, value, end }, onError) {
    const opts = Object.assign({ _directives: directives }, options);
    const doc = new Document.Document(undefined, opts);
    const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
    };
    const props = resolveProps.resolveProps(start, {
        indicator: 'doc-start',
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
    });
    if (props.found) {
        doc.directives.docStart = true;
        if (value &&
            (value.type === 'block-map' || value.type === 'block-seq') &&
            !props.hasNewline)
            onError(props.end, 'MISSING_CHAR', 'Block collection cannot start on same line with directives-end marker');
    }
    // @ts-expect-error If Contents is set, let's trust the user
    doc.contents = value
        ? composeNode.composeNode(ctx, value, props, onError)
        : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
    const contentEnd = doc.contents.range[2];
    const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
    if (re.comment)
        doc.comment = re.comment;
    doc.range = [offset, contentEnd, re.offset];
    return doc;
}

exports.composeDoc = composeDoc;


/***/ }),

/***/ 5937:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var composeCollection = __nccwpck_require__(7349);
var composeScalar = __nccwpck_require__(5413);
var resolveEnd = __nccwpck_require__(7788);
var utilEmptyScalarPosition = __nccwpck_require__(2599);

const CN = { composeNode, composeEmptyNode };
function composeNode(ctx, token, props, onError) {
    const atKey = ctx.atKey;
    const { spaceBefore, comment, anchor, tag } = props;
    let node;
    let isSrcToken = true;
    switch (token.type) {
        case 'alias':
            node = composeAlias(ctx, token, onError);
            if (anchor || tag)
                onError(token, 'ALIAS_PROPS', 'An alias node must not specify any properties');
            break;
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'block-scalar':
            node = composeScalar.composeScalar(ctx, token, tag, onError);
            if (anchor)
                node.anchor = anchor.source.substring(1);
            break;
        case 'block-map':
        case 'block-seq':
        case 'flow-collection':
            try {
                node = composeCollection.composeCollection(CN, ctx, token, props, onError);
                if (anchor)
                    node.anchor = anchor.source.substring(1);
            }
            catch (error) {
                // Almost certainly here due to a stack overflow
                const message = error instanceof Error ? error.message : String(error);
                onError(token, 'RESOURCE_EXHAUSTION', message);
            }
            break;
        default: {
            const message = token.type === 'error'
                ? token.message
                : `Unsupported token (type: ${token.type})`;
            onError(token, 'UNEXPECTED_TOKEN', message);
            isSrcToken = false;
        }
    }
    node ?? (node = composeEmptyNode(ctx, token.offset, undefined, null, props, onError));
    if (anchor && node.anchor === '')
        onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    if (atKey &&
        ctx.options.stringKeys &&
        (!identity.isScalar(node) ||
            typeof node.value !== 'string' ||
            (node.tag && node.tag !== 'tag:yaml.org,2002:str'))) {
        const msg = 'With stringKeys, all keys must be strings';
        onError(tag ?? token, 'NON_STRING_KEY', msg);
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        if (token.type === 'scalar' && token.source === '')
            node.comment = comment;
        else
            node.commentBefore = comment;
    }
    // @ts-expect-error Type checking misses meaning of isSrcToken
    if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
    return node;
}
function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
    const token = {
        type: 'scalar',
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ''
    };
    const node = composeScalar.composeScalar(ctx, token, tag, onError);
    if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === '')
            onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        node.comment = comment;
        node.range[2] = end;
    }
    return node;
}
function composeAlias({ options }, { offset, source, end }, onError) {
    const alias = new Alias.Alias(source.substring(1));
    if (alias.source === '')
        onError(offset, 'BAD_ALIAS', 'Alias cannot be an empty string');
    if (alias.source.endsWith(':'))
        onError(offset + source.length - 1, 'BAD_ALIAS', 'Alias ending in : is ambiguous', true);
    const valueEnd = offset + source.length;
    const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
    alias.range = [offset, valueEnd, re.offset];
    if (re.comment)
        alias.comment = re.comment;
    return alias;
}

exports.composeEmptyNode = composeEmptyNode;
exports.composeNode = composeNode;


/***/ }),

/***/ 5413:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var resolveBlockScalar = __nccwpck_require__(8913);
var resolveFlowScalar = __nccwpck_require__(6842);

function composeScalar(ctx, token, tagToken, onError) {
    const { value, type, comment, range } = token.type === 'block-scalar'
        ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError)
        : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
    const tagName = tagToken
        ? ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg))
        : null;
    let tag;
    if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
    }
    else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
    else if (token.type === 'scalar')
        tag = findScalarTagByTest(ctx, value, token, onError);
    else
        tag = ctx.schema[identity.SCALAR];
    let scalar;
    try {
        const res = tag.resolve(value, msg => onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
    }
    catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg);
        scalar = new Scalar.Scalar(value);
    }
    scalar.range = range;
    scalar.source = value;
    if (type)
        scalar.type = type;
    if (tagName)
        scalar.tag = tagName;
    if (tag.format)
        scalar.format = tag.format;
    if (comment)
        scalar.comment = comment;
    return scalar;
}
function findScalarTagByName(schema, value, tagName, tagToken, onError) {
    if (tagName === '!')
        return schema[identity.SCALAR]; // non-specific tag
    const matchWithTest = [];
    for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
            if (tag.default && tag.test)
                matchWithTest.push(tag);
            else
                return tag;
        }
    }
    for (const tag of matchWithTest)
        if (tag.test?.test(value))
            return tag;
    const kt = schema.knownTags[tagName];
    if (kt && !kt.collection) {
        // Ensure that the known tag is available for stringifying,
        // but does not get used by default.
        schema.tags.push(Object.assign({}, kt, { default: false, test: undefined }));
        return kt;
    }
    onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, tagName !== 'tag:yaml.org,2002:str');
    return schema[identity.SCALAR];
}
function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
    const tag = schema.tags.find(tag => (tag.default === true || (atKey && tag.default === 'key')) &&
        tag.test?.test(value)) || schema[identity.SCALAR];
    if (schema.compat) {
        const compat = schema.compat.find(tag => tag.default && tag.test?.test(value)) ??
            schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
            const ts = directives.tagString(tag.tag);
            const cs = directives.tagString(compat.tag);
            const msg = `Value may be parsed as either ${ts} or ${cs}`;
            onError(token, 'TAG_RESOLVE_FAILED', msg, true);
        }
    }
    return tag;
}

exports.composeScalar = composeScalar;


/***/ }),

/***/ 9984:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);
var directives = __nccwpck_require__(1342);
var Document = __nccwpck_require__(3021);
var errors = __nccwpck_require__(1464);
var identity = __nccwpck_require__(1127);
var composeDoc = __nccwpck_require__(3683);
var resolveEnd = __nccwpck_require__(7788);

function getErrorPos(src) {
    if (typeof src === 'number')
        return [src, src + 1];
    if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
    const { offset, source } = src;
    return [offset, offset + (typeof source === 'string' ? source.length : 1)];
}
function parsePrelude(prelude) {
    let comment = '';
    let atComment = false;
    let afterEmptyLine = false;
    for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
            case '#':
                comment +=
                    (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') +
                        (source.substring(1) || ' ');
                atComment = true;
                afterEmptyLine = false;
                break;
            case '%':
                if (prelude[i + 1]?.[0] !== '#')
                    i += 1;
                atComment = false;
                break;
            default:
                // This may be wrong after doc-end, but in that case it doesn't matter
                if (!atComment)
                    afterEmptyLine = true;
                atComment = false;
        }
    }
    return { comment, afterEmptyLine };
}
/**
 * Compose a stream of CST nodes into a stream of YAML Documents.
 *
 * ```ts
 * import { Composer, Parser } from 'yaml'
 *
 * const src: string = ...
 * const tokens = new Parser().parse(src)
 * const docs = new Composer().compose(tokens)
 * ```
 */
class Composer {
    constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
            const pos = getErrorPos(source);
            if (warning)
                this.warnings.push(new errors.YAMLWarning(pos, code, message));
            else
                this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        this.directives = new directives.Directives({ version: options.version || '1.2' });
        this.options = options;
    }
    decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        //console.log({ dc: doc.comment, prelude, comment })
        if (comment) {
            const dc = doc.contents;
            if (afterDoc) {
                doc.comment = doc.comment ? `${doc.comment}\n${comment}` : comment;
            }
            else if (afterEmptyLine || doc.directives.docStart || !dc) {
                doc.commentBefore = comment;
            }
            else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
                let it = dc.items[0];
                if (identity.isPair(it))
                    it = it.key;
                const cb = it.commentBefore;
                it.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
            else {
                const cb = dc.commentBefore;
                dc.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
        }
        if (afterDoc) {
            for (let i = 0; i < this.errors.length; ++i)
                doc.errors.push(this.errors[i]);
            for (let i = 0; i < this.warnings.length; ++i)
                doc.warnings.push(this.warnings[i]);
        }
        else {
            doc.errors = this.errors;
            doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
    }
    /**
     * Current stream status information.
     *
     * Mostly useful at the end of input for an empty stream.
     */
    streamInfo() {
        return {
            comment: parsePrelude(this.prelude).comment,
            directives: this.directives,
            errors: this.errors,
            warnings: this.warnings
        };
    }
    /**
     * Compose tokens into documents.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
            yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
    }
    /** Advance the composer by one CST token. */
    *next(token) {
        if (node_process.env.LOG_STREAM)
            console.dir(token, { depth: null });
        switch (token.type) {
            case 'directive':
                this.directives.add(token.source, (offset, message, warning) => {
                    const pos = getErrorPos(token);
                    pos[0] += offset;
                    this.onError(pos, 'BAD_DIRECTIVE', message, warning);
                });
                this.prelude.push(token.source);
                this.atDirectives = true;
                break;
            case 'document': {
                const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
                if (this.atDirectives && !doc.directives.docStart)
                    this.onError(token, 'MISSING_CHAR', 'Missing directives-end/doc-start indicator line');
                this.decorate(doc, false);
                if (this.doc)
                    yield this.doc;
                this.doc = doc;
                this.atDirectives = false;
                break;
            }
            case 'byte-order-mark':
            case 'space':
                break;
            case 'comment':
            case 'newline':
                this.prelude.push(token.source);
                break;
            case 'error': {
                const msg = token.source
                    ? `${token.message}: ${JSON.stringify(token.source)}`
                    : token.message;
                const error = new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg);
                if (this.atDirectives || !this.doc)
                    this.errors.push(error);
                else
                    this.doc.errors.push(error);
                break;
            }
            case 'doc-end': {
                if (!this.doc) {
                    const msg = 'Unexpected doc-end without preceding document';
                    this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg));
                    break;
                }
                this.doc.directives.docEnd = true;
                const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
                this.decorate(this.doc, true);
                if (end.comment) {
                    const dc = this.doc.comment;
                    this.doc.comment = dc ? `${dc}\n${end.comment}` : end.comment;
                }
                this.doc.range[2] = end.offset;
                break;
            }
            default:
                this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', `Unsupported token ${token.type}`));
        }
    }
    /**
     * Call at end of input to yield any remaining document.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
            this.decorate(this.doc, true);
            yield this.doc;
            this.doc = null;
        }
        else if (forceDoc) {
            const opts = Object.assign({ _directives: this.directives }, this.options);
            const doc = new Document.Document(undefined, opts);
            if (this.atDirectives)
                this.onError(endOffset, 'MISSING_CHAR', 'Missing directives-end indicator line');
            doc.range = [0, endOffset, endOffset];
            this.decorate(doc, false);
            yield doc;
        }
    }
}

exports.Composer = Composer;


/***/ }),

/***/ 7103:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);
var resolveProps = __nccwpck_require__(4631);
var utilContainsNewline = __nccwpck_require__(9499);
var utilFlowIndentCheck = __nccwpck_require__(4051);
var utilMapIncludes = __nccwpck_require__(1187);

const startColMsg = 'All mapping items must start at the same column';
function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
    const map = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    let offset = bm.offset;
    let commentEnd = null;
    for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        // key properties
        const keyProps = resolveProps.resolveProps(start, {
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: bm.indent,
            startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
            if (key) {
                if (key.type === 'block-seq')
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'A block sequence may not be used as an implicit map key');
                else if ('indent' in key && key.indent !== bm.indent)
                    onError(offset, 'BAD_INDENT', startColMsg);
            }
            if (!keyProps.anchor && !keyProps.tag && !sep) {
                commentEnd = keyProps.end;
                if (keyProps.comment) {
                    if (map.comment)
                        map.comment += '\n' + keyProps.comment;
                    else
                        map.comment = keyProps.comment;
                }
                continue;
            }
            if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
                onError(key ?? start[start.length - 1], 'MULTILINE_IMPLICIT_KEY', 'Implicit keys need to be on a single line');
            }
        }
        else if (keyProps.found?.indent !== bm.indent) {
            onError(offset, 'BAD_INDENT', startColMsg);
        }
        // key value
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key
            ? composeNode(ctx, key, keyProps, onError)
            : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
            onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
        // value properties
        const valueProps = resolveProps.resolveProps(sep ?? [], {
            indicator: 'map-value-ind',
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: bm.indent,
            startOnNewline: !key || key.type === 'block-scalar'
        });
        offset = valueProps.end;
        if (valueProps.found) {
            if (implicitKey) {
                if (value?.type === 'block-map' && !valueProps.hasNewline)
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed in compact mappings');
                if (ctx.options.strict &&
                    keyProps.start < valueProps.found.offset - 1024)
                    onError(keyNode.range, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key');
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
            if (ctx.schema.compat)
                utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
            offset = valueNode.range[2];
            const pair = new Pair.Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
        else {
            // key with no value
            if (implicitKey)
                onError(keyNode.range, 'MISSING_CHAR', 'Implicit map keys need to be followed by map values');
            if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair.Pair(keyNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
    }
    if (commentEnd && commentEnd < offset)
        onError(commentEnd, 'IMPOSSIBLE', 'Map comment with trailing content');
    map.range = [bm.offset, offset, commentEnd ?? offset];
    return map;
}

exports.resolveBlockMap = resolveBlockMap;


/***/ }),

/***/ 8913:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

function resolveBlockScalar(ctx, scalar, onError) {
    const start = scalar.offset;
    const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
    if (!header)
        return { value: '', type: null, comment: '', range: [start, start, start] };
    const type = header.mode === '>' ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
    const lines = scalar.source ? splitLines(scalar.source) : [];
    // determine the end of content & start of chomping
    let chompStart = lines.length;
    for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === '' || content === '\r')
            chompStart = i;
        else
            break;
    }
    // shortcut for empty contents
    if (chompStart === 0) {
        const value = header.chomp === '+' && lines.length > 0
            ? '\n'.repeat(Math.max(1, lines.length - 1))
            : '';
        let end = start + header.length;
        if (scalar.source)
            end += scalar.source.length;
        return { value, type, comment: header.comment, range: [start, end, end] };
    }
    // find the indentation level to trim from start
    let trimIndent = scalar.indent + header.indent;
    let offset = scalar.offset + header.length;
    let contentStart = 0;
    for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === '' || content === '\r') {
            if (header.indent === 0 && indent.length > trimIndent)
                trimIndent = indent.length;
        }
        else {
            if (indent.length < trimIndent) {
                const message = 'Block scalars with more-indented leading empty lines must use an explicit indentation indicator';
                onError(offset + indent.length, 'MISSING_CHAR', message);
            }
            if (header.indent === 0)
                trimIndent = indent.length;
            contentStart = i;
            if (trimIndent === 0 && !ctx.atRoot) {
                const message = 'Block scalar values in collections must be indented';
                onError(offset, 'BAD_INDENT', message);
            }
            break;
        }
        offset += indent.length + content.length + 1;
    }
    // include trailing more-indented empty lines in content
    for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
            chompStart = i + 1;
    }
    let value = '';
    let sep = '';
    let prevMoreIndented = false;
    // leading whitespace is kept intact
    for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + '\n';
    for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === '\r';
        if (crlf)
            content = content.slice(0, -1);
        /* istanbul ignore if already caught in lexer */
        if (content && indent.length < trimIndent) {
            const src = header.indent
                ? 'explicit indentation indicator'
                : 'first line';
            const message = `Block scalar lines must not be less indented than their ${src}`;
            onError(offset - content.length - (crlf ? 2 : 1), 'BAD_INDENT', message);
            indent = '';
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
        }
        else if (indent.length > trimIndent || content[0] === '\t') {
            // more-indented content within a folded block
            if (sep === ' ')
                sep = '\n';
            else if (!prevMoreIndented && sep === '\n')
                sep = '\n\n';
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
            prevMoreIndented = true;
        }
        else if (content === '') {
            // empty line
            if (sep === '\n')
                value += '\n';
            else
                sep = '\n';
        }
        else {
            value += sep + content;
            sep = ' ';
            prevMoreIndented = false;
        }
    }
    switch (header.chomp) {
        case '-':
            break;
        case '+':
            for (let i = chompStart; i < lines.length; ++i)
                value += '\n' + lines[i][0].slice(trimIndent);
            if (value[value.length - 1] !== '\n')
                value += '\n';
            break;
        default:
            value += '\n';
    }
    const end = start + header.length + scalar.source.length;
    return { value, type, comment: header.comment, range: [start, end, end] };
}
function parseBlockScalarHeader({ offset, props }, strict, onError) {
    /* istanbul ignore if should not happen */
    if (props[0].type !== 'block-scalar-header') {
        onError(props[0], 'IMPOSSIBLE', 'Block scalar header not found');
        return null;
    }
    const { source } = props[0];
    const mode = source[0];
    let indent = 0;
    let chomp = '';
    let error = -1;
    for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === '-' || ch === '+'))
            chomp = ch;
        else {
            const n = Number(ch);
            if (!indent && n)
                indent = n;
            else if (error === -1)
                error = offset + i;
        }
    }
    if (error !== -1)
        onError(error, 'UNEXPECTED_TOKEN', `Block scalar header includes extra characters: ${source}`);
    let hasSpace = false;
    let comment = '';
    let length = source.length;
    for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
            case 'space':
                hasSpace = true;
            // fallthrough
            case 'newline':
                length += token.source.length;
                break;
            case 'comment':
                if (strict && !hasSpace) {
                    const message = 'Comments must be separated from other tokens by white space characters';
                    onError(token, 'MISSING_CHAR', message);
                }
                length += token.source.length;
                comment = token.source.substring(1);
                break;
            case 'error':
                onError(token, 'UNEXPECTED_TOKEN', token.message);
                length += token.source.length;
                break;
            /* istanbul ignore next should not happen */
            default: {
                const message = `Unexpected token in block scalar header: ${token.type}`;
                onError(token, 'UNEXPECTED_TOKEN', message);
                const ts = token.source;
                if (ts && typeof ts === 'string')
                    length += ts.length;
            }
        }
    }
    return { mode, indent, chomp, comment, length };
}
/** @returns Array of lines split up as `[indent, content]` */
function splitLines(source) {
    const split = source.split(/\n( *)/);
    const first = split[0];
    const m = first.match(/^( *)/);
    const line0 = m?.[1]
        ? [m[1], first.slice(m[1].length)]
        : ['', first];
    const lines = [line0];
    for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
    return lines;
}

exports.resolveBlockScalar = resolveBlockScalar;


/***/ }),

/***/ 334:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var YAMLSeq = __nccwpck_require__(2223);
var resolveProps = __nccwpck_require__(4631);
var utilFlowIndentCheck = __nccwpck_require__(4051);

function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
    const seq = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = bs.offset;
    let commentEnd = null;
    for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
            indicator: 'seq-item-ind',
            next: value,
            offset,
            onError,
            parentIndent: bs.indent,
            startOnNewline: true
        });
        if (!props.found) {
            if (props.anchor || props.tag || value) {
                if (value?.type === 'block-seq')
                    onError(props.end, 'BAD_INDENT', 'All sequence items must start at the same column');
                else
                    onError(offset, 'MISSING_CHAR', 'Sequence item without - indicator');
            }
            else {
                commentEnd = props.end;
                if (props.comment)
                    seq.comment = props.comment;
                continue;
            }
        }
        const node = value
            ? composeNode(ctx, value, props, onError)
            : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
    }
    seq.range = [bs.offset, offset, commentEnd ?? offset];
    return seq;
}

exports.resolveBlockSeq = resolveBlockSeq;


/***/ }),

/***/ 7788:
/***/ ((__unused_webpack_module, exports) => {



function resolveEnd(end, offset, reqSpace, onError) {
    let comment = '';
    if (end) {
        let hasSpace = false;
        let sep = '';
        for (const token of end) {
            const { source, type } = token;
            switch (type) {
                case 'space':
                    hasSpace = true;
                    break;
                case 'comment': {
                    if (reqSpace && !hasSpace)
                        onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                    const cb = source.substring(1) || ' ';
                    if (!comment)
                        comment = cb;
                    else
                        comment += sep + cb;
                    sep = '';
                    break;
                }
                case 'newline':
                    if (comment)
                        sep += source;
                    hasSpace = true;
                    break;
                default:
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${type} at node end`);
            }
            offset += source.length;
        }
    }
    return { comment, offset };
}

exports.resolveEnd = resolveEnd;


/***/ }),

/***/ 3142:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var resolveEnd = __nccwpck_require__(7788);
var resolveProps = __nccwpck_require__(4631);
var utilContainsNewline = __nccwpck_require__(9499);
var utilMapIncludes = __nccwpck_require__(1187);

const blockMsg = 'Block collections are not allowed within flow collections';
const isBlock = (token) => token && (token.type === 'block-map' || token.type === 'block-seq');
function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
    const isMap = fc.start.source === '{';
    const fcName = isMap ? 'flow map' : 'flow sequence';
    const NodeClass = (tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq));
    const coll = new NodeClass(ctx.schema);
    coll.flow = true;
    const atRoot = ctx.atRoot;
    if (atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = fc.offset + fc.start.source.length;
    for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
            flow: fcName,
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
        });
        if (!props.found) {
            if (!props.anchor && !props.tag && !sep && !value) {
                if (i === 0 && props.comma)
                    onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
                else if (i < fc.items.length - 1)
                    onError(props.start, 'UNEXPECTED_TOKEN', `Unexpected empty item in ${fcName}`);
                if (props.comment) {
                    if (coll.comment)
                        coll.comment += '\n' + props.comment;
                    else
                        coll.comment = props.comment;
                }
                offset = props.end;
                continue;
            }
            if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
                onError(key, // checked by containsNewline()
                'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
        }
        if (i === 0) {
            if (props.comma)
                onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
        }
        else {
            if (!props.comma)
                onError(props.start, 'MISSING_CHAR', `Missing , between ${fcName} items`);
            if (props.comment) {
                let prevItemComment = '';
                loop: for (const st of start) {
                    switch (st.type) {
                        case 'comma':
                        case 'space':
                            break;
                        case 'comment':
                            prevItemComment = st.source.substring(1);
                            break loop;
                        default:
                            break loop;
                    }
                }
                if (prevItemComment) {
                    let prev = coll.items[coll.items.length - 1];
                    if (identity.isPair(prev))
                        prev = prev.value ?? prev.key;
                    if (prev.comment)
                        prev.comment += '\n' + prevItemComment;
                    else
                        prev.comment = prevItemComment;
                    props.comment = props.comment.substring(prevItemComment.length + 1);
                }
            }
        }
        if (!isMap && !sep && !props.found) {
            // item is a value in a seq
            // → key & sep are empty, start does not include ? or :
            const valueNode = value
                ? composeNode(ctx, value, props, onError)
                : composeEmptyNode(ctx, props.end, sep, null, props, onError);
            coll.items.push(valueNode);
            offset = valueNode.range[2];
            if (isBlock(value))
                onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
        }
        else {
            // item is a key+value pair
            // key value
            ctx.atKey = true;
            const keyStart = props.end;
            const keyNode = key
                ? composeNode(ctx, key, props, onError)
                : composeEmptyNode(ctx, keyStart, start, null, props, onError);
            if (isBlock(key))
                onError(keyNode.range, 'BLOCK_IN_FLOW', blockMsg);
            ctx.atKey = false;
            // value properties
            const valueProps = resolveProps.resolveProps(sep ?? [], {
                flow: fcName,
                indicator: 'map-value-ind',
                next: value,
                offset: keyNode.range[2],
                onError,
                parentIndent: fc.indent,
                startOnNewline: false
            });
            if (valueProps.found) {
                if (!isMap && !props.found && ctx.options.strict) {
                    if (sep)
                        for (const st of sep) {
                            if (st === valueProps.found)
                                break;
                            if (st.type === 'newline') {
                                onError(st, 'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
                                break;
                            }
                        }
                    if (props.start < valueProps.found.offset - 1024)
                        onError(valueProps.found, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit flow sequence key');
                }
            }
            else if (value) {
                if ('source' in value && value.source?.[0] === ':')
                    onError(value, 'MISSING_CHAR', `Missing space after : in ${fcName}`);
                else
                    onError(valueProps.start, 'MISSING_CHAR', `Missing , or : between ${fcName} items`);
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : valueProps.found
                    ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError)
                    : null;
            if (valueNode) {
                if (isBlock(value))
                    onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
            }
            else if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair.Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            if (isMap) {
                const map = coll;
                if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
                    onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
                map.items.push(pair);
            }
            else {
                const map = new YAMLMap.YAMLMap(ctx.schema);
                map.flow = true;
                map.items.push(pair);
                const endRange = (valueNode ?? keyNode).range;
                map.range = [keyNode.range[0], endRange[1], endRange[2]];
                coll.items.push(map);
            }
            offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
    }
    const expectedEnd = isMap ? '}' : ']';
    const [ce, ...ee] = fc.end;
    let cePos = offset;
    if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
    else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot
            ? `${name} must end with a ${expectedEnd}`
            : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? 'MISSING_CHAR' : 'BAD_INDENT', msg);
        if (ce && ce.source.length !== 1)
            ee.unshift(ce);
    }
    if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
            if (coll.comment)
                coll.comment += '\n' + end.comment;
            else
                coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
    }
    else {
        coll.range = [fc.offset, cePos, cePos];
    }
    return coll;
}

exports.resolveFlowCollection = resolveFlowCollection;


/***/ }),

/***/ 6842:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var resolveEnd = __nccwpck_require__(7788);

function resolveFlowScalar(scalar, strict, onError) {
    const { offset, type, source, end } = scalar;
    let _type;
    let value;
    const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
    switch (type) {
        case 'scalar':
            _type = Scalar.Scalar.PLAIN;
            value = plainValue(source, _onError);
            break;
        case 'single-quoted-scalar':
            _type = Scalar.Scalar.QUOTE_SINGLE;
            value = singleQuotedValue(source, _onError);
            break;
        case 'double-quoted-scalar':
            _type = Scalar.Scalar.QUOTE_DOUBLE;
            value = doubleQuotedValue(source, _onError);
            break;
        /* istanbul ignore next should not happen */
        default:
            onError(scalar, 'UNEXPECTED_TOKEN', `Expected a flow scalar value, but found: ${type}`);
            return {
                value: '',
                type: null,
                comment: '',
                range: [offset, offset + source.length, offset + source.length]
            };
    }
    const valueEnd = offset + source.length;
    const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
    return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
    };
}
function plainValue(source, onError) {
    let badChar = '';
    switch (source[0]) {
        /* istanbul ignore next should not happen */
        case '\t':
            badChar = 'a tab character';
            break;
        case ',':
            badChar = 'flow indicator character ,';
            break;
        case '%':
            badChar = 'directive indicator character %';
            break;
        case '|':
        case '>': {
            badChar = `block scalar indicator ${source[0]}`;
            break;
        }
        case '@':
        case '`': {
            badChar = `reserved character ${source[0]}`;
            break;
        }
    }
    if (badChar)
        onError(0, 'BAD_SCALAR_START', `Plain value cannot start with ${badChar}`);
    return unfoldLines(source);
}
function singleQuotedValue(source, onError) {
    if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, 'MISSING_CHAR', "Missing closing 'quote");
    return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
}
function unfoldLines(source) {
    const line = /(.*?)\r?\n/sy;
    let match = line.exec(source);
    if (!match)
        return source;
    /**
     * The negative lookbehinds in these RegExps are to
     * prevent causing a polynomial search time in certain cases.
     *
     * The try-catch is for Safari < 16.4 and other old browsers:
     * https://caniuse.com/js-regexp-lookbehind
     */
    let trimEnd, trimBoth;
    try {
        trimEnd = new RegExp('(?<![ \t])[ \t]+$');
        trimBoth = new RegExp('^[ \t]+|(?<![ \t])[ \t]+$', 'g');
    }
    catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
    }
    let res = match[1].replace(trimEnd, '');
    let sep = ' ';
    let pos = line.lastIndex;
    while ((match = line.exec(source))) {
        const lm = match[1].replace(trimBoth, '');
        if (lm === '') {
            if (sep === '\n')
                res += sep;
            else
                sep = '\n';
        }
        else {
            res += sep + lm;
            sep = ' ';
        }
        pos = line.lastIndex;
    }
    const last = /[ \t]*(.*)/sy;
    last.lastIndex = pos;
    match = last.exec(source);
    return res + sep + (match?.[1] ?? '');
}
function doubleQuotedValue(source, onError) {
    let res = '';
    for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === '\r' && source[i + 1] === '\n')
            continue;
        if (ch === '\n') {
            const { fold, offset } = foldNewline(source, i);
            res += fold;
            i = offset;
        }
        else if (ch === '\\') {
            let next = source[++i];
            const cc = escapeCodes[next];
            if (cc)
                res += cc;
            else if (next === '\n') {
                // skip escaped newlines, but still trim the following line
                next = source[i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === '\r' && source[i + 1] === '\n') {
                // skip escaped CRLF newlines, but still trim the following line
                next = source[++i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === 'x' || next === 'u' || next === 'U') {
                const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
                res += parseCharCode(source, i + 1, length, onError);
                i += length;
            }
            else {
                const raw = source.substr(i - 1, 2);
                onError(i - 1, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
                res += raw;
            }
        }
        else if (ch === ' ' || ch === '\t') {
            // trim trailing whitespace
            const wsStart = i;
            let next = source[i + 1];
            while (next === ' ' || next === '\t')
                next = source[++i + 1];
            if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n'))
                res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        }
        else {
            res += ch;
        }
    }
    if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, 'MISSING_CHAR', 'Missing closing "quote');
    return res;
}
/**
 * Fold a single newline into a space, multiple newlines to N - 1 newlines.
 * Presumes `source[offset] === '\n'`
 */
function foldNewline(source, offset) {
    let fold = '';
    let ch = source[offset + 1];
    while (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        if (ch === '\r' && source[offset + 2] !== '\n')
            break;
        if (ch === '\n')
            fold += '\n';
        offset += 1;
        ch = source[offset + 1];
    }
    if (!fold)
        fold = ' ';
    return { fold, offset };
}
const escapeCodes = {
    '0': '\0', // null character
    a: '\x07', // bell character
    b: '\b', // backspace
    e: '\x1b', // escape character
    f: '\f', // form feed
    n: '\n', // line feed
    r: '\r', // carriage return
    t: '\t', // horizontal tab
    v: '\v', // vertical tab
    N: '\u0085', // Unicode next line
    _: '\u00a0', // Unicode non-breaking space
    L: '\u2028', // Unicode line separator
    P: '\u2029', // Unicode paragraph separator
    ' ': ' ',
    '"': '"',
    '/': '/',
    '\\': '\\',
    '\t': '\t'
};
function parseCharCode(source, offset, length, onError) {
    const cc = source.substr(offset, length);
    const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
    const code = ok ? parseInt(cc, 16) : NaN;
    try {
        return String.fromCodePoint(code);
    }
    catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
        return raw;
    }
}

exports.resolveFlowScalar = resolveFlowScalar;


/***/ }),

/***/ 4631:
/***/ ((__unused_webpack_module, exports) => {



function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
    let spaceBefore = false;
    let atNewline = startOnNewline;
    let hasSpace = startOnNewline;
    let comment = '';
    let commentSep = '';
    let hasNewline = false;
    let reqSpace = false;
    let tab = null;
    let anchor = null;
    let tag = null;
    let newlineAfterProp = null;
    let comma = null;
    let found = null;
    let start = null;
    for (const token of tokens) {
        if (reqSpace) {
            if (token.type !== 'space' &&
                token.type !== 'newline' &&
                token.type !== 'comma')
                onError(token.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
            reqSpace = false;
        }
        if (tab) {
            if (atNewline && token.type !== 'comment' && token.type !== 'newline') {
                onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
            }
            tab = null;
        }
        switch (token.type) {
            case 'space':
                // At the doc level, tabs at line start may be parsed
                // as leading white space rather than indentation.
                // In a flow collection, only the parser handles indent.
                if (!flow &&
                    (indicator !== 'doc-start' || next?.type !== 'flow-collection') &&
                    token.source.includes('\t')) {
                    tab = token;
                }
                hasSpace = true;
                break;
            case 'comment': {
                if (!hasSpace)
                    onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                const cb = token.source.substring(1) || ' ';
                if (!comment)
                    comment = cb;
                else
                    comment += commentSep + cb;
                commentSep = '';
                atNewline = false;
                break;
            }
            case 'newline':
                if (atNewline) {
                    if (comment)
                        comment += token.source;
                    else if (!found || indicator !== 'seq-item-ind')
                        spaceBefore = true;
                }
                else
                    commentSep += token.source;
                atNewline = true;
                hasNewline = true;
                if (anchor || tag)
                    newlineAfterProp = token;
                hasSpace = true;
                break;
            case 'anchor':
                if (anchor)
                    onError(token, 'MULTIPLE_ANCHORS', 'A node can have at most one anchor');
                if (token.source.endsWith(':'))
                    onError(token.offset + token.source.length - 1, 'BAD_ALIAS', 'Anchor ending in : is ambiguous', true);
                anchor = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            case 'tag': {
                if (tag)
                    onError(token, 'MULTIPLE_TAGS', 'A node can have at most one tag');
                tag = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            }
            case indicator:
                // Could here handle preceding comments differently
                if (anchor || tag)
                    onError(token, 'BAD_PROP_ORDER', `Anchors and tags must be after the ${token.source} indicator`);
                if (found)
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.source} in ${flow ?? 'collection'}`);
                found = token;
                atNewline =
                    indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
                hasSpace = false;
                break;
            case 'comma':
                if (flow) {
                    if (comma)
                        onError(token, 'UNEXPECTED_TOKEN', `Unexpected , in ${flow}`);
                    comma = token;
                    atNewline = false;
                    hasSpace = false;
                    break;
                }
            // else fallthrough
            default:
                onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.type} token`);
                atNewline = false;
                hasSpace = false;
        }
    }
    const last = tokens[tokens.length - 1];
    const end = last ? last.offset + last.source.length : offset;
    if (reqSpace &&
        next &&
        next.type !== 'space' &&
        next.type !== 'newline' &&
        next.type !== 'comma' &&
        (next.type !== 'scalar' || next.source !== '')) {
        onError(next.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
    }
    if (tab &&
        ((atNewline && tab.indent <= parentIndent) ||
            next?.type === 'block-map' ||
            next?.type === 'block-seq'))
        onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
    return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
    };
}

exports.resolveProps = resolveProps;


/***/ }),

/***/ 9499:
/***/ ((__unused_webpack_module, exports) => {



function containsNewline(key) {
    if (!key)
        return null;
    switch (key.type) {
        case 'alias':
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            if (key.source.includes('\n'))
                return true;
            if (key.end)
                for (const st of key.end)
                    if (st.type === 'newline')
                        return true;
            return false;
        case 'flow-collection':
            for (const it of key.items) {
                for (const st of it.start)
                    if (st.type === 'newline')
                        return true;
                if (it.sep)
                    for (const st of it.sep)
                        if (st.type === 'newline')
                            return true;
                if (containsNewline(it.key) || containsNewline(it.value))
                    return true;
            }
            return false;
        default:
            return true;
    }
}

exports.containsNewline = containsNewline;


/***/ }),

/***/ 2599:
/***/ ((__unused_webpack_module, exports) => {



function emptyScalarPosition(offset, before, pos) {
    if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
            let st = before[i];
            switch (st.type) {
                case 'space':
                case 'comment':
                case 'newline':
                    offset -= st.source.length;
                    continue;
            }
            // Technically, an empty scalar is immediately after the last non-empty
            // node, but it's more useful to place it after any whitespace.
            st = before[++i];
            while (st?.type === 'space') {
                offset += st.source.length;
                st = before[++i];
            }
            break;
        }
    }
    return offset;
}

exports.emptyScalarPosition = emptyScalarPosition;


/***/ }),

/***/ 4051:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var utilContainsNewline = __nccwpck_require__(9499);

function flowIndentCheck(indent, fc, onError) {
    if (fc?.type === 'flow-collection') {
        const end = fc.end[0];
        if (end.indent === indent &&
            (end.source === ']' || end.source === '}') &&
            utilContainsNewline.containsNewline(fc)) {
            const msg = 'Flow end indicator should be more indented than parent';
            onError(end, 'BAD_INDENT', msg, true);
        }
    }
}

exports.flowIndentCheck = flowIndentCheck;


/***/ }),

/***/ 1187:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

function mapIncludes(ctx, items, search) {
    const { uniqueKeys } = ctx.options;
    if (uniqueKeys === false)
        return false;
    const isEqual = typeof uniqueKeys === 'function'
        ? uniqueKeys
        : (a, b) => a === b || (identity.isScalar(a) && identity.isScalar(b) && a.value === b.value);
    return items.some(pair => isEqual(pair.key, search));
}

exports.mapIncludes = mapIncludes;


/***/ }),

/***/ 3021:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var toJS = __nccwpck_require__(4043);
var Schema = __nccwpck_require__(5840);
var stringifyDocument = __nccwpck_require__(6829);
var anchors = __nccwpck_require__(1596);
var applyReviver = __nccwpck_require__(3661);
var createNode = __nccwpck_require__(2404);
var directives = __nccwpck_require__(1342);

class Document {
    constructor(value, replacer, options) {
        /** A comment before this Document */
        this.commentBefore = null;
        /** A comment immediately after this Document */
        this.comment = null;
        /** Errors encountered during parsing. */
        this.errors = [];
        /** Warnings encountered during parsing. */
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === 'function' || Array.isArray(replacer)) {
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const opt = Object.assign({
            intAsBigInt: false,
            keepSourceTokens: false,
            logLevel: 'warn',
            prettyErrors: true,
            strict: true,
            stringKeys: false,
            uniqueKeys: true,
            version: '1.2'
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
            this.directives = options._directives.atDocument();
            if (this.directives.yaml.explicit)
                version = this.directives.yaml.version;
        }
        else
            this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        // @ts-expect-error We can't really know that this matches Contents.
        this.contents =
            value === undefined ? null : this.createNode(value, _replacer, options);
    }
    /**
     * Create a deep copy of this Document and its contents.
     *
     * Custom Node values that inherit from `Object` still refer to their original instances.
     */
    clone() {
        const copy = Object.create(Document.prototype, {
            [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
            copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        // @ts-expect-error We can't really know that this matches Contents.
        copy.contents = identity.isNode(this.contents)
            ? this.contents.clone(copy.schema)
            : this.contents;
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** Adds a value to the document. */
    add(value) {
        if (assertCollection(this.contents))
            this.contents.add(value);
    }
    /** Adds a value to the document. */
    addIn(path, value) {
        if (assertCollection(this.contents))
            this.contents.addIn(path, value);
    }
    /**
     * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
     *
     * If `node` already has an anchor, `name` is ignored.
     * Otherwise, the `node.anchor` value will be set to `name`,
     * or if an anchor with that name is already present in the document,
     * `name` will be used as a prefix for a new unique anchor.
     * If `name` is undefined, the generated anchor will use 'a' as a prefix.
     */
    createAlias(node, name) {
        if (!node.anchor) {
            const prev = anchors.anchorNames(this);
            node.anchor =
                // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
                !name || prev.has(name) ? anchors.findNewAnchor(name || 'a', prev) : name;
        }
        return new Alias.Alias(node.anchor);
    }
    createNode(value, replacer, options) {
        let _replacer = undefined;
        if (typeof replacer === 'function') {
            value = replacer.call({ '': value }, '', value);
            _replacer = replacer;
        }
        else if (Array.isArray(replacer)) {
            const keyToStr = (v) => typeof v === 'number' || v instanceof String || v instanceof Number;
            const asStr = replacer.filter(keyToStr).map(String);
            if (asStr.length > 0)
                replacer = replacer.concat(asStr);
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(this, 
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        anchorPrefix || 'a');
        const ctx = {
            aliasDuplicateObjects: aliasDuplicateObjects ?? true,
            keepUndefined: keepUndefined ?? false,
            onAnchor,
            onTagObj,
            replacer: _replacer,
            schema: this.schema,
            sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
            node.flow = true;
        setAnchors();
        return node;
    }
    /**
     * Convert a key and a value into a `Pair` using the current schema,
     * recursively wrapping all values as `Scalar` or `Collection` nodes.
     */
    createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
            if (this.contents == null)
                return false;
            // @ts-expect-error Presumed impossible if Strict extends false
            this.contents = null;
            return true;
        }
        return assertCollection(this.contents)
            ? this.contents.deleteIn(path)
            : false;
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    get(key, keepScalar) {
        return identity.isCollection(this.contents)
            ? this.contents.get(key, keepScalar)
            : undefined;
    }
    /**
     * Returns item at `path`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
            return !keepScalar && identity.isScalar(this.contents)
                ? this.contents.value
                : this.contents;
        return identity.isCollection(this.contents)
            ? this.contents.getIn(path, keepScalar)
            : undefined;
    }
    /**
     * Checks if the document includes a value with the key `key`.
     */
    has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
    }
    /**
     * Checks if the document includes a value at `path`.
     */
    hasIn(path) {
        if (Collection.isEmptyPath(path))
            return this.contents !== undefined;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    set(key, value) {
        if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = Collection.collectionFromPath(this.schema, [key], value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.set(key, value);
        }
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = value;
        }
        else if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.setIn(path, value);
        }
    }
    /**
     * Change the YAML version and schema used by the document.
     * A `null` version disables support for directives, explicit tags, anchors, and aliases.
     * It also requires the `schema` option to be given as a `Schema` instance value.
     *
     * Overrides all previously set schema options.
     */
    setSchema(version, options = {}) {
        if (typeof version === 'number')
            version = String(version);
        let opt;
        switch (version) {
            case '1.1':
                if (this.directives)
                    this.directives.yaml.version = '1.1';
                else
                    this.directives = new directives.Directives({ version: '1.1' });
                opt = { resolveKnownTags: false, schema: 'yaml-1.1' };
                break;
            case '1.2':
            case 'next':
                if (this.directives)
                    this.directives.yaml.version = version;
                else
                    this.directives = new directives.Directives({ version });
                opt = { resolveKnownTags: true, schema: 'core' };
                break;
            case null:
                if (this.directives)
                    delete this.directives;
                opt = null;
                break;
            default: {
                const sv = JSON.stringify(version);
                throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
            }
        }
        // Not using `instanceof Schema` to allow for duck typing
        if (options.schema instanceof Object)
            this.schema = options.schema;
        else if (opt)
            this.schema = new Schema.Schema(Object.assign(opt, options));
        else
            throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
    }
    // json & jsonArg are only used from toJSON()
    toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
            anchors: new Map(),
            doc: this,
            keep: !json,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
            : res;
    }
    /**
     * A JSON representation of the document `contents`.
     *
     * @param jsonArg Used by `JSON.stringify` to indicate the array index or
     *   property name.
     */
    toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
    }
    /** A YAML representation of the document. */
    toString(options = {}) {
        if (this.errors.length > 0)
            throw new Error('Document with errors cannot be stringified');
        if ('indent' in options &&
            (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
            const s = JSON.stringify(options.indent);
            throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
    }
}
function assertCollection(contents) {
    if (identity.isCollection(contents))
        return true;
    throw new Error('Expected a YAML collection as document contents');
}

exports.Document = Document;


/***/ }),

/***/ 1596:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var visit = __nccwpck_require__(204);

/**
 * Verify that the input string is a valid anchor.
 *
 * Will throw on errors.
 */
function anchorIsValid(anchor) {
    if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
    }
    return true;
}
function anchorNames(root) {
    const anchors = new Set();
    visit.visit(root, {
        Value(_key, node) {
            if (node.anchor)
                anchors.add(node.anchor);
        }
    });
    return anchors;
}
/** Find a new anchor name with the given `prefix` and a one-indexed suffix. */
function findNewAnchor(prefix, exclude) {
    for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
            return name;
    }
}
function createNodeAnchors(doc, prefix) {
    const aliasObjects = [];
    const sourceObjects = new Map();
    let prevAnchors = null;
    return {
        onAnchor: (source) => {
            aliasObjects.push(source);
            prevAnchors ?? (prevAnchors = anchorNames(doc));
            const anchor = findNewAnchor(prefix, prevAnchors);
            prevAnchors.add(anchor);
            return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
            for (const source of aliasObjects) {
                const ref = sourceObjects.get(source);
                if (typeof ref === 'object' &&
                    ref.anchor &&
                    (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
                    ref.node.anchor = ref.anchor;
                }
                else {
                    const error = new Error('Failed to resolve repeated object (this should not happen)');
                    error.source = source;
                    throw error;
                }
            }
        },
        sourceObjects
    };
}

exports.anchorIsValid = anchorIsValid;
exports.anchorNames = anchorNames;
exports.createNodeAnchors = createNodeAnchors;
exports.findNewAnchor = findNewAnchor;


/***/ }),

/***/ 3661:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Applies the JSON.parse reviver algorithm as defined in the ECMA-262 spec,
 * in section 24.5.1.1 "Runtime Semantics: InternalizeJSONProperty" of the
 * 2021 edition: https://tc39.es/ecma262/#sec-json.parse
 *
 * Includes extensions for handling Map and Set objects.
 */
function applyReviver(reviver, obj, key, val) {
    if (val && typeof val === 'object') {
        if (Array.isArray(val)) {
            for (let i = 0, len = val.length; i < len; ++i) {
                const v0 = val[i];
                const v1 = applyReviver(reviver, val, String(i), v0);
                // eslint-disable-next-line @typescript-eslint/no-array-delete
                if (v1 === undefined)
                    delete val[i];
                else if (v1 !== v0)
                    val[i] = v1;
            }
        }
        else if (val instanceof Map) {
            for (const k of Array.from(val.keys())) {
                const v0 = val.get(k);
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    val.delete(k);
                else if (v1 !== v0)
                    val.set(k, v1);
            }
        }
        else if (val instanceof Set) {
            for (const v0 of Array.from(val)) {
                const v1 = applyReviver(reviver, val, v0, v0);
                if (v1 === undefined)
                    val.delete(v0);
                else if (v1 !== v0) {
                    val.delete(v0);
                    val.add(v1);
                }
            }
        }
        else {
            for (const [k, v0] of Object.entries(val)) {
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    delete val[k];
                else if (v1 !== v0)
                    val[k] = v1;
            }
        }
    }
    return reviver.call(obj, key, val);
}

exports.applyReviver = applyReviver;


/***/ }),

/***/ 2404:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);

const defaultTagPrefix = 'tag:yaml.org,2002:';
function findTagObject(value, tagName, tags) {
    if (tagName) {
        const match = tags.filter(t => t.tag === tagName);
        const tagObj = match.find(t => !t.format) ?? match[0];
        if (!tagObj)
            throw new Error(`Tag ${tagName} not found`);
        return tagObj;
    }
    return tags.find(t => t.identify?.(value) && !t.format);
}
function createNode(value, tagName, ctx) {
    if (identity.isDocument(value))
        value = value.contents;
    if (identity.isNode(value))
        return value;
    if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
    }
    if (value instanceof String ||
        value instanceof Number ||
        value instanceof Boolean ||
        (typeof BigInt !== 'undefined' && value instanceof BigInt) // not supported everywhere
    ) {
        // https://tc39.es/ecma262/#sec-serializejsonproperty
        value = value.valueOf();
    }
    const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
    // Detect duplicate references to the same object & use Alias nodes for all
    // after first. The `ref` wrapper allows for circular references to resolve.
    let ref = undefined;
    if (aliasDuplicateObjects && value && typeof value === 'object') {
        ref = sourceObjects.get(value);
        if (ref) {
            ref.anchor ?? (ref.anchor = onAnchor(value));
            return new Alias.Alias(ref.anchor);
        }
        else {
            ref = { anchor: null, node: null };
            sourceObjects.set(value, ref);
        }
    }
    if (tagName?.startsWith('!!'))
        tagName = defaultTagPrefix + tagName.slice(2);
    let tagObj = findTagObject(value, tagName, schema.tags);
    if (!tagObj) {
        if (value && typeof value.toJSON === 'function') {
            // eslint-disable-next-line @typescript-eslint/no-unsafe-call
            value = value.toJSON();
        }
        if (!value || typeof value !== 'object') {
            const node = new Scalar.Scalar(value);
            if (ref)
                ref.node = node;
            return node;
        }
        tagObj =
            value instanceof Map
                ? schema[identity.MAP]
                : Symbol.iterator in Object(value)
                    ? schema[identity.SEQ]
                    : schema[identity.MAP];
    }
    if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
    }
    const node = tagObj?.createNode
        ? tagObj.createNode(ctx.schema, value, ctx)
        : typeof tagObj?.nodeClass?.from === 'function'
            ? tagObj.nodeClass.from(ctx.schema, value, ctx)
            : new Scalar.Scalar(value);
    if (tagName)
        node.tag = tagName;
    else if (!tagObj.default)
        node.tag = tagObj.tag;
    if (ref)
        ref.node = node;
    return node;
}

exports.createNode = createNode;


/***/ }),

/***/ 1342:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var visit = __nccwpck_require__(204);

const escapeChars = {
    '!': '%21',
    ',': '%2C',
    '[': '%5B',
    ']': '%5D',
    '{': '%7B',
    '}': '%7D'
};
const escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, ch => escapeChars[ch]);
class Directives {
    constructor(yaml, tags) {
        /**
         * The directives-end/doc-start marker `---`. If `null`, a marker may still be
         * included in the document's stringified representation.
         */
        this.docStart = null;
        /** The doc-end marker `...`.  */
        this.docEnd = false;
        this.yaml = Object.assign({}, Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, Directives.defaultTags, tags);
    }
    clone() {
        const copy = new Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
    }
    /**
     * During parsing, get a Directives instance for the current document and
     * update the stream state according to the current version's spec.
     */
    atDocument() {
        const res = new Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
            case '1.1':
                this.atNextDocument = true;
                break;
            case '1.2':
                this.atNextDocument = false;
                this.yaml = {
                    explicit: Directives.defaultYaml.explicit,
                    version: '1.2'
                };
                this.tags = Object.assign({}, Directives.defaultTags);
                break;
        }
        return res;
    }
    /**
     * @param onError - May be called even if the action was successful
     * @returns `true` on success
     */
    add(line, onError) {
        if (this.atNextDocument) {
            this.yaml = { explicit: Directives.defaultYaml.explicit, version: '1.1' };
            this.tags = Object.assign({}, Directives.defaultTags);
            this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
            case '%TAG': {
                if (parts.length !== 2) {
                    onError(0, '%TAG directive should contain exactly two parts');
                    if (parts.length < 2)
                        return false;
                }
                const [handle, prefix] = parts;
                this.tags[handle] = prefix;
                return true;
            }
            case '%YAML': {
                this.yaml.explicit = true;
                if (parts.length !== 1) {
                    onError(0, '%YAML directive should contain exactly one part');
                    return false;
                }
                const [version] = parts;
                if (version === '1.1' || version === '1.2') {
                    this.yaml.version = version;
                    return true;
                }
                else {
                    const isValid = /^\d+\.\d+$/.test(version);
                    onError(6, `Unsupported YAML version ${version}`, isValid);
                    return false;
                }
            }
            default:
                onError(0, `Unknown directive ${name}`, true);
                return false;
        }
    }
    /**
     * Resolves a tag, matching handles to those defined in %TAG directives.
     *
     * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
     *   `'!local'` tag, or `null` if unresolvable.
     */
    tagName(source, onError) {
        if (source === '!')
            return '!'; // non-specific tag
        if (source[0] !== '!') {
            onError(`Not a valid tag: ${source}`);
            return null;
        }
        if (source[1] === '<') {
            const verbatim = source.slice(2, -1);
            if (verbatim === '!' || verbatim === '!!') {
                onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
                return null;
            }
            if (source[source.length - 1] !== '>')
                onError('Verbatim tags must end with a >');
            return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
            onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
            try {
                return prefix + decodeURIComponent(suffix);
            }
            catch (error) {
                onError(String(error));
                return null;
            }
        }
        if (handle === '!')
            return source; // local tag
        onError(`Could not resolve tag: ${source}`);
        return null;
    }
    /**
     * Given a fully resolved tag, returns its printable string form,
     * taking into account current tag prefixes and defaults.
     */
    tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
            if (tag.startsWith(prefix))
                return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === '!' ? tag : `!<${tag}>`;
    }
    toString(doc) {
        const lines = this.yaml.explicit
            ? [`%YAML ${this.yaml.version || '1.2'}`]
            : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
            const tags = {};
            visit.visit(doc.contents, (_key, node) => {
                if (identity.isNode(node) && node.tag)
                    tags[node.tag] = true;
            });
            tagNames = Object.keys(tags);
        }
        else
            tagNames = [];
        for (const [handle, prefix] of tagEntries) {
            if (handle === '!!' && prefix === 'tag:yaml.org,2002:')
                continue;
            if (!doc || tagNames.some(tn => tn.startsWith(prefix)))
                lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join('\n');
    }
}
Directives.defaultYaml = { explicit: false, version: '1.2' };
Directives.defaultTags = { '!!': 'tag:yaml.org,2002:' };

exports.Directives = Directives;


/***/ }),

/***/ 1464:
/***/ ((__unused_webpack_module, exports) => {



class YAMLError extends Error {
    constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
    }
}
class YAMLParseError extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLParseError', pos, code, message);
    }
}
class YAMLWarning extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLWarning', pos, code, message);
    }
}
const prettifyError = (src, lc) => (error) => {
    if (error.pos[0] === -1)
        return;
    error.linePos = error.pos.map(pos => lc.linePos(pos));
    const { line, col } = error.linePos[0];
    error.message += ` at line ${line}, column ${col}`;
    let ci = col - 1;
    let lineStr = src
        .substring(lc.lineStarts[line - 1], lc.lineStarts[line])
        .replace(/[\n\r]+$/, '');
    // Trim to max 80 chars, keeping col position near the middle
    if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = '…' + lineStr.substring(trimStart);
        ci -= trimStart - 1;
    }
    if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + '…';
    // Include previous line in context if pointing at line start
    if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        // Regexp won't match if start is trimmed
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
            prev = prev.substring(0, 79) + '…\n';
        lineStr = prev + lineStr;
    }
    if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
            count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = ' '.repeat(ci) + '^'.repeat(count);
        error.message += `:\n\n${lineStr}\n${pointer}\n`;
    }
};

exports.YAMLError = YAMLError;
exports.YAMLParseError = YAMLParseError;
exports.YAMLWarning = YAMLWarning;
exports.prettifyError = prettifyError;


/***/ }),

/***/ 8815:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var __webpack_unused_export__;


var composer = __nccwpck_require__(9984);
var Document = __nccwpck_require__(3021);
var Schema = __nccwpck_require__(5840);
var errors = __nccwpck_require__(1464);
var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var cst = __nccwpck_require__(3461);
var lexer = __nccwpck_require__(361);
var lineCounter = __nccwpck_require__(6628);
var parser = __nccwpck_require__(3456);
var publicApi = __nccwpck_require__(4047);
var visit = __nccwpck_require__(204);



__webpack_unused_export__ = composer.Composer;
__webpack_unused_export__ = Document.Document;
__webpack_unused_export__ = Schema.Schema;
__webpack_unused_export__ = errors.YAMLError;
__webpack_unused_export__ = errors.YAMLParseError;
__webpack_unused_export__ = errors.YAMLWarning;
__webpack_unused_export__ = Alias.Alias;
exports.Vj = identity.isAlias;
__webpack_unused_export__ = identity.isCollection;
__webpack_unused_export__ = identity.isDocument;
exports.jh = identity.isMap;
__webpack_unused_export__ = identity.isNode;
__webpack_unused_export__ = identity.isPair;
exports.jn = identity.isScalar;
exports.oP = identity.isSeq;
__webpack_unused_export__ = Pair.Pair;
__webpack_unused_export__ = Scalar.Scalar;
__webpack_unused_export__ = YAMLMap.YAMLMap;
__webpack_unused_export__ = YAMLSeq.YAMLSeq;
__webpack_unused_export__ = cst;
__webpack_unused_export__ = lexer.Lexer;
exports.HN = lineCounter.LineCounter;
__webpack_unused_export__ = parser.Parser;
__webpack_unused_export__ = publicApi.parse;
exports.hR = publicApi.parseAllDocuments;
exports.Tp = publicApi.parseDocument;
exports.As = publicApi.stringify;
__webpack_unused_export__ = visit.visit;
__webpack_unused_export__ = visit.visitAsync;


/***/ }),

/***/ 7249:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);

function debug(logLevel, ...messages) {
    if (logLevel === 'debug')
        console.log(...messages);
}
function warn(logLevel, warning) {
    if (logLevel === 'debug' || logLevel === 'warn') {
        if (typeof node_process.emitWarning === 'function')
            node_process.emitWarning(warning);
        else
            console.warn(warning);
    }
}

exports.debug = debug;
exports.warn = warn;


/***/ }),

/***/ 4065:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var anchors = __nccwpck_require__(1596);
var visit = __nccwpck_require__(204);
var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);
var toJS = __nccwpck_require__(4043);

class Alias extends Node.NodeBase {
    constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, 'tag', {
            set() {
                throw new Error('Alias nodes cannot have tags');
            }
        });
    }
    /**
     * Resolve the value of this alias within `doc`, finding the last
     * instance of the `source` anchor before this node.
     */
    resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
            throw new ReferenceError('Alias resolution is disabled');
        let nodes;
        if (ctx?.aliasResolveCache) {
            nodes = ctx.aliasResolveCache;
        }
        else {
            nodes = [];
            visit.visit(doc, {
                Node: (_key, node) => {
                    if (identity.isAlias(node) || identity.hasAnchor(node))
                        nodes.push(node);
                }
            });
            if (ctx)
                ctx.aliasResolveCache = nodes;
        }
        let found = undefined;
        for (const node of nodes) {
            if (node === this)
                break;
            if (node.anchor === this.source)
                found = node;
        }
        if (found && ctx) {
            const { anchors, doc, maxAliasCount } = ctx;
            let data = anchors.get(found);
            if (!data) {
                // Resolve anchors for Node.prototype.toJS()
                toJS.toJS(found, null, ctx);
                data = anchors.get(found);
            }
            /* istanbul ignore if */
            if (data?.res === undefined) {
                const msg = 'This should not happen: Alias anchor was not resolved?';
                throw new ReferenceError(msg);
            }
            if (maxAliasCount >= 0) {
                data.count += 1;
                if (data.aliasCount === 0)
                    data.aliasCount = getAliasCount(doc, found, anchors);
                if (data.count * data.aliasCount > maxAliasCount) {
                    const msg = 'Excessive alias count indicates a resource exhaustion attack';
                    throw new ReferenceError(msg);
                }
            }
        }
        return found;
    }
    toJSON(_arg, ctx) {
        if (!ctx)
            return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
    }
    toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
            anchors.anchorIsValid(this.source);
            if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
                const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
                throw new Error(msg);
            }
            if (ctx.implicitKey)
                return `${src} `;
        }
        return src;
    }
}
function getAliasCount(doc, node, anchors) {
    if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors && source && anchors.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
    }
    else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
            const c = getAliasCount(doc, item, anchors);
            if (c > count)
                count = c;
        }
        return count;
    }
    else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors);
        const vc = getAliasCount(doc, node.value, anchors);
        return Math.max(kc, vc);
    }
    return 1;
}

exports.Alias = Alias;


/***/ }),

/***/ 101:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);

function collectionFromPath(schema, path, value) {
    let v = value;
    for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === 'number' && Number.isInteger(k) && k >= 0) {
            const a = [];
            a[k] = v;
            v = a;
        }
        else {
            v = new Map([[k, v]]);
        }
    }
    return createNode.createNode(v, undefined, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
            throw new Error('This should not happen, please report a bug.');
        },
        schema,
        sourceObjects: new Map()
    });
}
// Type guard is intentionally a little wrong so as to be more useful,
// as it does not cover untypable empty non-string iterables (e.g. []).
const isEmptyPath = (path) => path == null ||
    (typeof path === 'object' && !!path[Symbol.iterator]().next().done);
class Collection extends Node.NodeBase {
    constructor(type, schema) {
        super(type);
        Object.defineProperty(this, 'schema', {
            value: schema,
            configurable: true,
            enumerable: false,
            writable: true
        });
    }
    /**
     * Create a copy of this collection.
     *
     * @param schema - If defined, overwrites the original's schema
     */
    clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
            copy.schema = schema;
        copy.items = copy.items.map(it => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /**
     * Adds a value to the collection. For `!!map` and `!!omap` the value must
     * be a Pair instance or a `{ key, value }` object, which may not have a key
     * that already exists in the map.
     */
    addIn(path, value) {
        if (isEmptyPath(path))
            this.add(value);
        else {
            const [key, ...rest] = path;
            const node = this.get(key, true);
            if (identity.isCollection(node))
                node.addIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
    /**
     * Removes a value from the collection.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
            return node.deleteIn(rest);
        else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
            return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
            return identity.isCollection(node) ? node.getIn(rest, keepScalar) : undefined;
    }
    hasAllNullValues(allowScalar) {
        return this.items.every(node => {
            if (!identity.isPair(node))
                return false;
            const n = node.value;
            return (n == null ||
                (allowScalar &&
                    identity.isScalar(n) &&
                    n.value == null &&
                    !n.commentBefore &&
                    !n.comment &&
                    !n.tag));
        });
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     */
    hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
            this.set(key, value);
        }
        else {
            const node = this.get(key, true);
            if (identity.isCollection(node))
                node.setIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
}

exports.Collection = Collection;
exports.collectionFromPath = collectionFromPath;
exports.isEmptyPath = isEmptyPath;


/***/ }),

/***/ 6673:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var applyReviver = __nccwpck_require__(3661);
var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);

class NodeBase {
    constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
    }
    /** Create a copy of this node.  */
    clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** A plain JavaScript representation of this node. */
    toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
            throw new TypeError('A document argument is required');
        const ctx = {
            anchors: new Map(),
            doc,
            keep: true,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
            : res;
    }
}

exports.NodeBase = NodeBase;


/***/ }),

/***/ 7165:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var stringifyPair = __nccwpck_require__(9748);
var addPairToJSMap = __nccwpck_require__(7104);
var identity = __nccwpck_require__(1127);

function createPair(key, value, ctx) {
    const k = createNode.createNode(key, undefined, ctx);
    const v = createNode.createNode(value, undefined, ctx);
    return new Pair(k, v);
}
class Pair {
    constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
    }
    clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
            key = key.clone(schema);
        if (identity.isNode(value))
            value = value.clone(schema);
        return new Pair(key, value);
    }
    toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
    }
    toString(ctx, onComment, onChompKeep) {
        return ctx?.doc
            ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep)
            : JSON.stringify(this);
    }
}

exports.Pair = Pair;
exports.createPair = createPair;


/***/ }),

/***/ 3301:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);
var toJS = __nccwpck_require__(4043);

const isScalarValue = (value) => !value || (typeof value !== 'function' && typeof value !== 'object');
class Scalar extends Node.NodeBase {
    constructor(value) {
        super(identity.SCALAR);
        this.value = value;
    }
    toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
    }
    toString() {
        return String(this.value);
    }
}
Scalar.BLOCK_FOLDED = 'BLOCK_FOLDED';
Scalar.BLOCK_LITERAL = 'BLOCK_LITERAL';
Scalar.PLAIN = 'PLAIN';
Scalar.QUOTE_DOUBLE = 'QUOTE_DOUBLE';
Scalar.QUOTE_SINGLE = 'QUOTE_SINGLE';

exports.Scalar = Scalar;
exports.isScalarValue = isScalarValue;


/***/ }),

/***/ 4454:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyCollection = __nccwpck_require__(1212);
var addPairToJSMap = __nccwpck_require__(7104);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);

function findPair(items, key) {
    const k = identity.isScalar(key) ? key.value : key;
    for (const it of items) {
        if (identity.isPair(it)) {
            if (it.key === key || it.key === k)
                return it;
            if (identity.isScalar(it.key) && it.key.value === k)
                return it;
        }
    }
    return undefined;
}
class YAMLMap extends Collection.Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:map';
    }
    constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
    }
    /**
     * A generic collection parsing method that can be extended
     * to other node classes that inherit from YAMLMap
     */
    static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
            if (typeof replacer === 'function')
                value = replacer.call(obj, key, value);
            else if (Array.isArray(replacer) && !replacer.includes(key))
                return;
            if (value !== undefined || keepUndefined)
                map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
            for (const [key, value] of obj)
                add(key, value);
        }
        else if (obj && typeof obj === 'object') {
            for (const key of Object.keys(obj))
                add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === 'function') {
            map.items.sort(schema.sortMapEntries);
        }
        return map;
    }
    /**
     * Adds a value to the collection.
     *
     * @param overwrite - If not set `true`, using a key that is already in the
     *   collection will throw. Otherwise, overwrites the previous value.
     */
    add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
            _pair = pair;
        else if (!pair || typeof pair !== 'object' || !('key' in pair)) {
            // In TypeScript, this never happens.
            _pair = new Pair.Pair(pair, pair?.value);
        }
        else
            _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
            if (!overwrite)
                throw new Error(`Key ${_pair.key} already set`);
            // For scalars, keep the old node & its comments and anchors
            if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
                prev.value.value = _pair.value;
            else
                prev.value = _pair.value;
        }
        else if (sortEntries) {
            const i = this.items.findIndex(item => sortEntries(_pair, item) < 0);
            if (i === -1)
                this.items.push(_pair);
            else
                this.items.splice(i, 0, _pair);
        }
        else {
            this.items.push(_pair);
        }
    }
    delete(key) {
        const it = findPair(this.items, key);
        if (!it)
            return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? undefined;
    }
    has(key) {
        return !!findPair(this.items, key);
    }
    set(key, value) {
        this.add(new Pair.Pair(key, value), true);
    }
    /**
     * @param ctx - Conversion context, originally set in Document#toJS()
     * @param {Class} Type - If set, forces the returned collection type
     * @returns Instance of Type, Map, or Object
     */
    toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? new Map() : {};
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const item of this.items)
            addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        for (const item of this.items) {
            if (!identity.isPair(item))
                throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
            ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
            blockItemPrefix: '',
            flowChars: { start: '{', end: '}' },
            itemIndent: ctx.indent || '',
            onChompKeep,
            onComment
        });
    }
}

exports.YAMLMap = YAMLMap;
exports.findPair = findPair;


/***/ }),

/***/ 2223:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var stringifyCollection = __nccwpck_require__(1212);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var toJS = __nccwpck_require__(4043);

class YAMLSeq extends Collection.Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:seq';
    }
    constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
    }
    add(value) {
        this.items.push(value);
    }
    /**
     * Removes a value from the collection.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     *
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return undefined;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     */
    has(key) {
        const idx = asItemIndex(key);
        return typeof idx === 'number' && idx < this.items.length;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     *
     * If `key` does not contain a representation of an integer, this will throw.
     * It may be wrapped in a `Scalar`.
     */
    set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
            prev.value = value;
        else
            this.items[idx] = value;
    }
    toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
            ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
            seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
            blockItemPrefix: '- ',
            flowChars: { start: '[', end: ']' },
            itemIndent: (ctx.indent || '') + '  ',
            onChompKeep,
            onComment
        });
    }
    static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
            let i = 0;
            for (let it of obj) {
                if (typeof replacer === 'function') {
                    const key = obj instanceof Set ? it : String(i++);
                    it = replacer.call(obj, key, it);
                }
                seq.items.push(createNode.createNode(it, undefined, ctx));
            }
        }
        return seq;
    }
}
function asItemIndex(key) {
    let idx = identity.isScalar(key) ? key.value : key;
    if (idx && typeof idx === 'string')
        idx = Number(idx);
    return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0
        ? idx
        : null;
}

exports.YAMLSeq = YAMLSeq;


/***/ }),

/***/ 7104:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var log = __nccwpck_require__(7249);
var merge = __nccwpck_require__(452);
var stringify = __nccwpck_require__(2148);
var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);

function addPairToJSMap(ctx, map, { key, value }) {
    if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
    // TODO: Should drop this special case for bare << handling
    else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
    else {
        const jsKey = toJS.toJS(key, '', ctx);
        if (map instanceof Map) {
            map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        }
        else if (map instanceof Set) {
            map.add(jsKey);
        }
        else {
            const stringKey = stringifyKey(key, jsKey, ctx);
            const jsValue = toJS.toJS(value, stringKey, ctx);
            if (stringKey in map)
                Object.defineProperty(map, stringKey, {
                    value: jsValue,
                    writable: true,
                    enumerable: true,
                    configurable: true
                });
            else
                map[stringKey] = jsValue;
        }
    }
    return map;
}
function stringifyKey(key, jsKey, ctx) {
    if (jsKey === null)
        return '';
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    if (typeof jsKey !== 'object')
        return String(jsKey);
    if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = new Set();
        for (const node of ctx.anchors.keys())
            strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
            let jsonStr = JSON.stringify(strKey);
            if (jsonStr.length > 40)
                jsonStr = jsonStr.substring(0, 36) + '..."';
            log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
            ctx.mapKeyWarned = true;
        }
        return strKey;
    }
    return JSON.stringify(jsKey);
}

exports.addPairToJSMap = addPairToJSMap;


/***/ }),

/***/ 1127:
/***/ ((__unused_webpack_module, exports) => {



const ALIAS = Symbol.for('yaml.alias');
const DOC = Symbol.for('yaml.document');
const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SCALAR = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');
const NODE_TYPE = Symbol.for('yaml.node.type');
const isAlias = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === ALIAS;
const isDocument = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === DOC;
const isMap = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === MAP;
const isPair = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === PAIR;
const isScalar = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SCALAR;
const isSeq = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SEQ;
function isCollection(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case MAP:
            case SEQ:
                return true;
        }
    return false;
}
function isNode(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case ALIAS:
            case MAP:
            case SCALAR:
            case SEQ:
                return true;
        }
    return false;
}
const hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;

exports.ALIAS = ALIAS;
exports.DOC = DOC;
exports.MAP = MAP;
exports.NODE_TYPE = NODE_TYPE;
exports.PAIR = PAIR;
exports.SCALAR = SCALAR;
exports.SEQ = SEQ;
exports.hasAnchor = hasAnchor;
exports.isAlias = isAlias;
exports.isCollection = isCollection;
exports.isDocument = isDocument;
exports.isMap = isMap;
exports.isNode = isNode;
exports.isPair = isPair;
exports.isScalar = isScalar;
exports.isSeq = isSeq;


/***/ }),

/***/ 4043:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

/**
 * Recursively convert any node or its contents to native JavaScript
 *
 * @param value - The input value
 * @param arg - If `value` defines a `toJSON()` method, use this
 *   as its first argument
 * @param ctx - Conversion context, originally set in Document#toJS(). If
 *   `{ keep: true }` is not set, output should be suitable for JSON
 *   stringification.
 */
function toJS(value, arg, ctx) {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-return
    if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
    if (value && typeof value.toJSON === 'function') {
        // eslint-disable-next-line @typescript-eslint/no-unsafe-call
        if (!ctx || !identity.hasAnchor(value))
            return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: undefined };
        ctx.anchors.set(value, data);
        ctx.onCreate = res => {
            data.res = res;
            delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
            ctx.onCreate(res);
        return res;
    }
    if (typeof value === 'bigint' && !ctx?.keep)
        return Number(value);
    return value;
}

exports.toJS = toJS;


/***/ }),

/***/ 110:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var resolveBlockScalar = __nccwpck_require__(8913);
var resolveFlowScalar = __nccwpck_require__(6842);
var errors = __nccwpck_require__(1464);
var stringifyString = __nccwpck_require__(3069);

function resolveAsScalar(token, strict = true, onError) {
    if (token) {
        const _onError = (pos, code, message) => {
            const offset = typeof pos === 'number' ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
            if (onError)
                onError(offset, code, message);
            else
                throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
            case 'block-scalar':
                return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
    }
    return null;
}
/**
 * Create a new scalar token with `value`
 *
 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
 * as this function does not support any schema operations and won't check for such conflicts.
 *
 * @param value The string representation of the value, which will have its content properly indented.
 * @param context.end Comments and whitespace after the end of the value, or after the block scalar header. If undefined, a newline will be added.
 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
 * @param context.indent The indent level of the token.
 * @param context.inFlow Is this scalar within a flow collection? This may affect the resolved type of the token's value.
 * @param context.offset The offset position of the token.
 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
 */
function createScalarToken(value, context) {
    const { implicitKey = false, indent, inFlow = false, offset = -1, type = 'PLAIN' } = context;
    const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? ' '.repeat(indent) : '',
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
    });
    const end = context.end ?? [
        { type: 'newline', offset: -1, indent, source: '\n' }
    ];
    switch (source[0]) {
        case '|':
        case '>': {
            const he = source.indexOf('\n');
            const head = source.substring(0, he);
            const body = source.substring(he + 1) + '\n';
            const props = [
                { type: 'block-scalar-header', offset, indent, source: head }
            ];
            if (!addEndtoBlockProps(props, end))
                props.push({ type: 'newline', offset: -1, indent, source: '\n' });
            return { type: 'block-scalar', offset, indent, props, source: body };
        }
        case '"':
            return { type: 'double-quoted-scalar', offset, indent, source, end };
        case "'":
            return { type: 'single-quoted-scalar', offset, indent, source, end };
        default:
            return { type: 'scalar', offset, indent, source, end };
    }
}
/**
 * Set the value of `token` to the given string `value`, overwriting any previous contents and type that it may have.
 *
 * Best efforts are made to retain any comments previously associated with the `token`,
 * though all contents within a collection's `items` will be overwritten.
 *
 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
 * as this function does not support any schema operations and won't check for such conflicts.
 *
 * @param token Any token. If it does not include an `indent` value, the value will be stringified as if it were an implicit key.
 * @param value The string representation of the value, which will have its content properly indented.
 * @param context.afterKey In most cases, values after a key should have an additional level of indentation.
 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
 * @param context.inFlow Being within a flow collection may affect the resolved type of the token's value.
 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
 */
function setScalarValue(token, value, context = {}) {
    let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
    let indent = 'indent' in token ? token.indent : null;
    if (afterKey && typeof indent === 'number')
        indent += 2;
    if (!type)
        switch (token.type) {
            case 'single-quoted-scalar':
                type = 'QUOTE_SINGLE';
                break;
            case 'double-quoted-scalar':
                type = 'QUOTE_DOUBLE';
                break;
            case 'block-scalar': {
                const header = token.props[0];
                if (header.type !== 'block-scalar-header')
                    throw new Error('Invalid block scalar header');
                type = header.source[0] === '>' ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
                break;
            }
            default:
                type = 'PLAIN';
        }
    const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? ' '.repeat(indent) : '',
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
    });
    switch (source[0]) {
        case '|':
        case '>':
            setBlockScalarValue(token, source);
            break;
        case '"':
            setFlowScalarValue(token, source, 'double-quoted-scalar');
            break;
        case "'":
            setFlowScalarValue(token, source, 'single-quoted-scalar');
            break;
        default:
            setFlowScalarValue(token, source, 'scalar');
    }
}
function setBlockScalarValue(token, source) {
    const he = source.indexOf('\n');
    const head = source.substring(0, he);
    const body = source.substring(he + 1) + '\n';
    if (token.type === 'block-scalar') {
        const header = token.props[0];
        if (header.type !== 'block-scalar-header')
            throw new Error('Invalid block scalar header');
        header.source = head;
        token.source = body;
    }
    else {
        const { offset } = token;
        const indent = 'indent' in token ? token.indent : -1;
        const props = [
            { type: 'block-scalar-header', offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, 'end' in token ? token.end : undefined))
            props.push({ type: 'newline', offset: -1, indent, source: '\n' });
        for (const key of Object.keys(token))
            if (key !== 'type' && key !== 'offset')
                delete token[key];
        Object.assign(token, { type: 'block-scalar', indent, props, source: body });
    }
}
/** @returns `true` if last token is a newline */
function addEndtoBlockProps(props, end) {
    if (end)
        for (const st of end)
            switch (st.type) {
                case 'space':
                case 'comment':
                    props.push(st);
                    break;
                case 'newline':
                    props.push(st);
                    return true;
            }
    return false;
}
function setFlowScalarValue(token, source, type) {
    switch (token.type) {
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            token.type = type;
            token.source = source;
            break;
        case 'block-scalar': {
            const end = token.props.slice(1);
            let oa = source.length;
            if (token.props[0].type === 'block-scalar-header')
                oa -= token.props[0].source.length;
            for (const tok of end)
                tok.offset += oa;
            delete token.props;
            Object.assign(token, { type, source, end });
            break;
        }
        case 'block-map':
        case 'block-seq': {
            const offset = token.offset + source.length;
            const nl = { type: 'newline', offset, indent: token.indent, source: '\n' };
            delete token.items;
            Object.assign(token, { type, source, end: [nl] });
            break;
        }
        default: {
            const indent = 'indent' in token ? token.indent : -1;
            const end = 'end' in token && Array.isArray(token.end)
                ? token.end.filter(st => st.type === 'space' ||
                    st.type === 'comment' ||
                    st.type === 'newline')
                : [];
            for (const key of Object.keys(token))
                if (key !== 'type' && key !== 'offset')
                    delete token[key];
            Object.assign(token, { type, indent, source, end });
        }
    }
}

exports.createScalarToken = createScalarToken;
exports.resolveAsScalar = resolveAsScalar;
exports.setScalarValue = setScalarValue;


/***/ }),

/***/ 1733:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Stringify a CST document, token, or collection item
 *
 * Fair warning: This applies no validation whatsoever, and
 * simply concatenates the sources in their logical order.
 */
const stringify = (cst) => 'type' in cst ? stringifyToken(cst) : stringifyItem(cst);
function stringifyToken(token) {
    switch (token.type) {
        case 'block-scalar': {
            let res = '';
            for (const tok of token.props)
                res += stringifyToken(tok);
            return res + token.source;
        }
        case 'block-map':
        case 'block-seq': {
            let res = '';
            for (const item of token.items)
                res += stringifyItem(item);
            return res;
        }
        case 'flow-collection': {
            let res = token.start.source;
            for (const item of token.items)
                res += stringifyItem(item);
            for (const st of token.end)
                res += st.source;
            return res;
        }
        case 'document': {
            let res = stringifyItem(token);
            if (token.end)
                for (const st of token.end)
                    res += st.source;
            return res;
        }
        default: {
            let res = token.source;
            if ('end' in token && token.end)
                for (const st of token.end)
                    res += st.source;
            return res;
        }
    }
}
function stringifyItem({ start, key, sep, value }) {
    let res = '';
    for (const st of start)
        res += st.source;
    if (key)
        res += stringifyToken(key);
    if (sep)
        for (const st of sep)
            res += st.source;
    if (value)
        res += stringifyToken(value);
    return res;
}

exports.stringify = stringify;


/***/ }),

/***/ 7715:
/***/ ((__unused_webpack_module, exports) => {



const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove item');
/**
 * Apply a visitor to a CST document or item.
 *
 * Walks through the tree (depth-first) starting from the root, calling a
 * `visitor` function with two arguments when entering each item:
 *   - `item`: The current item, which included the following members:
 *     - `start: SourceToken[]` – Source tokens before the key or value,
 *       possibly including its anchor or tag.
 *     - `key?: Token | null` – Set for pair values. May then be `null`, if
 *       the key before the `:` separator is empty.
 *     - `sep?: SourceToken[]` – Source tokens between the key and the value,
 *       which should include the `:` map value indicator if `value` is set.
 *     - `value?: Token` – The value of a sequence item, or of a map pair.
 *   - `path`: The steps from the root to the current node, as an array of
 *     `['key' | 'value', number]` tuples.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this token, continue with
 *      next sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current item, then continue with the next one
 *   - `number`: Set the index of the next step. This is useful especially if
 *     the index of the current token has changed.
 *   - `function`: Define the next visitor for this item. After the original
 *     visitor is called on item entry, next visitors are called after handling
 *     a non-empty `key` and when exiting the item.
 */
function visit(cst, visitor) {
    if ('type' in cst && cst.type === 'document')
        cst = { start: cst.start, value: cst.value };
    _visit(Object.freeze([]), cst, visitor);
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current item */
visit.SKIP = SKIP;
/** Remove the current item */
visit.REMOVE = REMOVE;
/** Find the item at `path` from `cst` as the root */
visit.itemAtPath = (cst, path) => {
    let item = cst;
    for (const [field, index] of path) {
        const tok = item?.[field];
        if (tok && 'items' in tok) {
            item = tok.items[index];
        }
        else
            return undefined;
    }
    return item;
};
/**
 * Get the immediate parent collection of the item at `path` from `cst` as the root.
 *
 * Throws an error if the collection is not found, which should never happen if the item itself exists.
 */
visit.parentCollection = (cst, path) => {
    const parent = visit.itemAtPath(cst, path.slice(0, -1));
    const field = path[path.length - 1][0];
    const coll = parent?.[field];
    if (coll && 'items' in coll)
        return coll;
    throw new Error('Parent collection not found');
};
function _visit(path, item, visitor) {
    let ctrl = visitor(item, path);
    if (typeof ctrl === 'symbol')
        return ctrl;
    for (const field of ['key', 'value']) {
        const token = item[field];
        if (token && 'items' in token) {
            for (let i = 0; i < token.items.length; ++i) {
                const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    token.items.splice(i, 1);
                    i -= 1;
                }
            }
            if (typeof ctrl === 'function' && field === 'key')
                ctrl = ctrl(item, path);
        }
    }
    return typeof ctrl === 'function' ? ctrl(item, path) : ctrl;
}

exports.visit = visit;


/***/ }),

/***/ 3461:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var cstScalar = __nccwpck_require__(110);
var cstStringify = __nccwpck_require__(1733);
var cstVisit = __nccwpck_require__(7715);

/** The byte order mark */
const BOM = '\u{FEFF}';
/** Start of doc-mode */
const DOCUMENT = '\x02'; // C0: Start of Text
/** Unexpected end of flow-mode */
const FLOW_END = '\x18'; // C0: Cancel
/** Next token is a scalar value */
const SCALAR = '\x1f'; // C0: Unit Separator
/** @returns `true` if `token` is a flow or block collection */
const isCollection = (token) => !!token && 'items' in token;
/** @returns `true` if `token` is a flow or block scalar; not an alias */
const isScalar = (token) => !!token &&
    (token.type === 'scalar' ||
        token.type === 'single-quoted-scalar' ||
        token.type === 'double-quoted-scalar' ||
        token.type === 'block-scalar');
/* istanbul ignore next */
/** Get a printable representation of a lexer token */
function prettyToken(token) {
    switch (token) {
        case BOM:
            return '<BOM>';
        case DOCUMENT:
            return '<DOC>';
        case FLOW_END:
            return '<FLOW_END>';
        case SCALAR:
            return '<SCALAR>';
        default:
            return JSON.stringify(token);
    }
}
/** Identify the type of a lexer token. May return `null` for unknown tokens. */
function tokenType(source) {
    switch (source) {
        case BOM:
            return 'byte-order-mark';
        case DOCUMENT:
            return 'doc-mode';
        case FLOW_END:
            return 'flow-error-end';
        case SCALAR:
            return 'scalar';
        case '---':
            return 'doc-start';
        case '...':
            return 'doc-end';
        case '':
        case '\n':
        case '\r\n':
            return 'newline';
        case '-':
            return 'seq-item-ind';
        case '?':
            return 'explicit-key-ind';
        case ':':
            return 'map-value-ind';
        case '{':
            return 'flow-map-start';
        case '}':
            return 'flow-map-end';
        case '[':
            return 'flow-seq-start';
        case ']':
            return 'flow-seq-end';
        case ',':
            return 'comma';
    }
    switch (source[0]) {
        case ' ':
        case '\t':
            return 'space';
        case '#':
            return 'comment';
        case '%':
            return 'directive-line';
        case '*':
            return 'alias';
        case '&':
            return 'anchor';
        case '!':
            return 'tag';
        case "'":
            return 'single-quoted-scalar';
        case '"':
            return 'double-quoted-scalar';
        case '|':
        case '>':
            return 'block-scalar-header';
    }
    return null;
}

exports.createScalarToken = cstScalar.createScalarToken;
exports.resolveAsScalar = cstScalar.resolveAsScalar;
exports.setScalarValue = cstScalar.setScalarValue;
exports.stringify = cstStringify.stringify;
exports.visit = cstVisit.visit;
exports.BOM = BOM;
exports.DOCUMENT = DOCUMENT;
exports.FLOW_END = FLOW_END;
exports.SCALAR = SCALAR;
exports.isCollection = isCollection;
exports.isScalar = isScalar;
exports.prettyToken = prettyToken;
exports.tokenType = tokenType;


/***/ }),

/***/ 361:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var cst = __nccwpck_require__(3461);

/*
START -> stream

stream
  directive -> line-end -> stream
  indent + line-end -> stream
  [else] -> line-start

line-end
  comment -> line-end
  newline -> .
  input-end -> END

line-start
  doc-start -> doc
  doc-end -> stream
  [else] -> indent -> block-start

block-start
  seq-item-start -> block-start
  explicit-key-start -> block-start
  map-value-start -> block-start
  [else] -> doc

doc
  line-end -> line-start
  spaces -> doc
  anchor -> doc
  tag -> doc
  flow-start -> flow -> doc
  flow-end -> error -> doc
  seq-item-start -> error -> doc
  explicit-key-start -> error -> doc
  map-value-start -> doc
  alias -> doc
  quote-start -> quoted-scalar -> doc
  block-scalar-header -> line-end -> block-scalar(min) -> line-start
  [else] -> plain-scalar(false, min) -> doc

flow
  line-end -> flow
  spaces -> flow
  anchor -> flow
  tag -> flow
  flow-start -> flow -> flow
  flow-end -> .
  seq-item-start -> error -> flow
  explicit-key-start -> flow
  map-value-start -> flow
  alias -> flow
  quote-start -> quoted-scalar -> flow
  comma -> flow
  [else] -> plain-scalar(true, 0) -> flow

quoted-scalar
  quote-end -> .
  [else] -> quoted-scalar

block-scalar(min)
  newline + peek(indent < min) -> .
  [else] -> block-scalar(min)

plain-scalar(is-flow, min)
  scalar-end(is-flow) -> .
  peek(newline + (indent < min)) -> .
  [else] -> plain-scalar(min)
*/
function isEmpty(ch) {
    switch (ch) {
        case undefined:
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            return true;
        default:
            return false;
    }
}
const hexDigits = new Set('0123456789ABCDEFabcdef');
const tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
const flowIndicatorChars = new Set(',[]{}');
const invalidAnchorChars = new Set(' ,[]{}\n\r\t');
const isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
/**
 * Splits an input string into lexical tokens, i.e. smaller strings that are
 * easily identifiable by `tokens.tokenType()`.
 *
 * Lexing starts always in a "stream" context. Incomplete input may be buffered
 * until a complete token can be emitted.
 *
 * In addition to slices of the original input, the following control characters
 * may also be emitted:
 *
 * - `\x02` (Start of Text): A document starts with the next token
 * - `\x18` (Cancel): Unexpected end of flow-mode (indicates an error)
 * - `\x1f` (Unit Separator): Next token is a scalar value
 * - `\u{FEFF}` (Byte order mark): Emitted separately outside documents
 */
class Lexer {
    constructor() {
        /**
         * Flag indicating whether the end of the current buffer marks the end of
         * all input
         */
        this.atEnd = false;
        /**
         * Explicit indent set in block scalar header, as an offset from the current
         * minimum indent, so e.g. set to 1 from a header `|2+`. Set to -1 if not
         * explicitly set.
         */
        this.blockScalarIndent = -1;
        /**
         * Block scalars that include a + (keep) chomping indicator in their header
         * include trailing empty lines, which are otherwise excluded from the
         * scalar's contents.
         */
        this.blockScalarKeep = false;
        /** Current input */
        this.buffer = '';
        /**
         * Flag noting whether the map value indicator : can immediately follow this
         * node within a flow context.
         */
        this.flowKey = false;
        /** Count of surrounding flow collection levels. */
        this.flowLevel = 0;
        /**
         * Minimum level of indentation required for next lines to be parsed as a
         * part of the current scalar value.
         */
        this.indentNext = 0;
        /** Indentation level of the current line. */
        this.indentValue = 0;
        /** Position of the next \n character. */
        this.lineEndPos = null;
        /** Stores the state of the lexer if reaching the end of incpomplete input */
        this.next = null;
        /** A pointer to `buffer`; the current position of the lexer. */
        this.pos = 0;
    }
    /**
     * Generate YAML tokens from the `source` string. If `incomplete`,
     * a part of the last line may be left as a buffer for the next call.
     *
     * @returns A generator of lexical tokens
     */
    *lex(source, incomplete = false) {
        if (source) {
            if (typeof source !== 'string')
                throw TypeError('source is not a string');
            this.buffer = this.buffer ? this.buffer + source : source;
            this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? 'stream';
        while (next && (incomplete || this.hasChars(1)))
            next = yield* this.parseNext(next);
    }
    atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === ' ' || ch === '\t')
            ch = this.buffer[++i];
        if (!ch || ch === '#' || ch === '\n')
            return true;
        if (ch === '\r')
            return this.buffer[i + 1] === '\n';
        return false;
    }
    charAt(n) {
        return this.buffer[this.pos + n];
    }
    continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
            let indent = 0;
            while (ch === ' ')
                ch = this.buffer[++indent + offset];
            if (ch === '\r') {
                const next = this.buffer[indent + offset + 1];
                if (next === '\n' || (!next && !this.atEnd))
                    return offset + indent + 1;
            }
            return ch === '\n' || indent >= this.indentNext || (!ch && !this.atEnd)
                ? offset + indent
                : -1;
        }
        if (ch === '-' || ch === '.') {
            const dt = this.buffer.substr(offset, 3);
            if ((dt === '---' || dt === '...') && isEmpty(this.buffer[offset + 3]))
                return -1;
        }
        return offset;
    }
    getLine() {
        let end = this.lineEndPos;
        if (typeof end !== 'number' || (end !== -1 && end < this.pos)) {
            end = this.buffer.indexOf('\n', this.pos);
            this.lineEndPos = end;
        }
        if (end === -1)
            return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === '\r')
            end -= 1;
        return this.buffer.substring(this.pos, end);
    }
    hasChars(n) {
        return this.pos + n <= this.buffer.length;
    }
    setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
    }
    peek(n) {
        return this.buffer.substr(this.pos, n);
    }
    *parseNext(next) {
        switch (next) {
            case 'stream':
                return yield* this.parseStream();
            case 'line-start':
                return yield* this.parseLineStart();
            case 'block-start':
                return yield* this.parseBlockStart();
            case 'doc':
                return yield* this.parseDocument();
            case 'flow':
                return yield* this.parseFlowCollection();
            case 'quoted-scalar':
                return yield* this.parseQuotedScalar();
            case 'block-scalar':
                return yield* this.parseBlockScalar();
            case 'plain-scalar':
                return yield* this.parsePlainScalar();
        }
    }
    *parseStream() {
        let line = this.getLine();
        if (line === null)
            return this.setNext('stream');
        if (line[0] === cst.BOM) {
            yield* this.pushCount(1);
            line = line.substring(1);
        }
        if (line[0] === '%') {
            let dirEnd = line.length;
            let cs = line.indexOf('#');
            while (cs !== -1) {
                const ch = line[cs - 1];
                if (ch === ' ' || ch === '\t') {
                    dirEnd = cs - 1;
                    break;
                }
                else {
                    cs = line.indexOf('#', cs + 1);
                }
            }
            while (true) {
                const ch = line[dirEnd - 1];
                if (ch === ' ' || ch === '\t')
                    dirEnd -= 1;
                else
                    break;
            }
            const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
            yield* this.pushCount(line.length - n); // possible comment
            this.pushNewline();
            return 'stream';
        }
        if (this.atLineEnd()) {
            const sp = yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - sp);
            yield* this.pushNewline();
            return 'stream';
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
    }
    *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
            return this.setNext('line-start');
        if (ch === '-' || ch === '.') {
            if (!this.atEnd && !this.hasChars(4))
                return this.setNext('line-start');
            const s = this.peek(3);
            if ((s === '---' || s === '...') && isEmpty(this.charAt(3))) {
                yield* this.pushCount(3);
                this.indentValue = 0;
                this.indentNext = 0;
                return s === '---' ? 'doc' : 'stream';
            }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
            this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
    }
    *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
            return this.setNext('block-start');
        if ((ch0 === '-' || ch0 === '?' || ch0 === ':') && isEmpty(ch1)) {
            const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
            this.indentNext = this.indentValue + 1;
            this.indentValue += n;
            return 'block-start';
        }
        return 'doc';
    }
    *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
            return this.setNext('doc');
        let n = yield* this.pushIndicators();
        switch (line[n]) {
            case '#':
                yield* this.pushCount(line.length - n);
            // fallthrough
            case undefined:
                yield* this.pushNewline();
                return yield* this.parseLineStart();
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel = 1;
                return 'flow';
            case '}':
            case ']':
                // this is an error
                yield* this.pushCount(1);
                return 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'doc';
            case '"':
            case "'":
                return yield* this.parseQuotedScalar();
            case '|':
            case '>':
                n += yield* this.parseBlockScalarHeader();
                n += yield* this.pushSpaces(true);
                yield* this.pushCount(line.length - n);
                yield* this.pushNewline();
                return yield* this.parseBlockScalar();
            default:
                return yield* this.parsePlainScalar();
        }
    }
    *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
            nl = yield* this.pushNewline();
            if (nl > 0) {
                sp = yield* this.pushSpaces(false);
                this.indentValue = indent = sp;
            }
            else {
                sp = 0;
            }
            sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
            return this.setNext('flow');
        if ((indent !== -1 && indent < this.indentNext && line[0] !== '#') ||
            (indent === 0 &&
                (line.startsWith('---') || line.startsWith('...')) &&
                isEmpty(line[3]))) {
            // Allowing for the terminal ] or } at the same (rather than greater)
            // indent level as the initial [ or { is technically invalid, but
            // failing here would be surprising to users.
            const atFlowEndMarker = indent === this.indentNext - 1 &&
                this.flowLevel === 1 &&
                (line[0] === ']' || line[0] === '}');
            if (!atFlowEndMarker) {
                // this is an error
                this.flowLevel = 0;
                yield cst.FLOW_END;
                return yield* this.parseLineStart();
            }
        }
        let n = 0;
        while (line[n] === ',') {
            n += yield* this.pushCount(1);
            n += yield* this.pushSpaces(true);
            this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
            case undefined:
                return 'flow';
            case '#':
                yield* this.pushCount(line.length - n);
                return 'flow';
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel += 1;
                return 'flow';
            case '}':
            case ']':
                yield* this.pushCount(1);
                this.flowKey = true;
                this.flowLevel -= 1;
                return this.flowLevel ? 'flow' : 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'flow';
            case '"':
            case "'":
                this.flowKey = true;
                return yield* this.parseQuotedScalar();
            case ':': {
                const next = this.charAt(1);
                if (this.flowKey || isEmpty(next) || next === ',') {
                    this.flowKey = false;
                    yield* this.pushCount(1);
                    yield* this.pushSpaces(true);
                    return 'flow';
                }
            }
            // fallthrough
            default:
                this.flowKey = false;
                return yield* this.parsePlainScalar();
        }
    }
    *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
            while (end !== -1 && this.buffer[end + 1] === "'")
                end = this.buffer.indexOf("'", end + 2);
        }
        else {
            // double-quote
            while (end !== -1) {
                let n = 0;
                while (this.buffer[end - 1 - n] === '\\')
                    n += 1;
                if (n % 2 === 0)
                    break;
                end = this.buffer.indexOf('"', end + 1);
            }
        }
        // Only looking for newlines within the quotes
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf('\n', this.pos);
        if (nl !== -1) {
            while (nl !== -1) {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = qb.indexOf('\n', cs);
            }
            if (nl !== -1) {
                // this is an error caused by an unexpected unindent
                end = nl - (qb[nl - 1] === '\r' ? 2 : 1);
            }
        }
        if (end === -1) {
            if (!this.atEnd)
                return this.setNext('quoted-scalar');
            end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? 'flow' : 'doc';
    }
    *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
            const ch = this.buffer[++i];
            if (ch === '+')
                this.blockScalarKeep = true;
            else if (ch > '0' && ch <= '9')
                this.blockScalarIndent = Number(ch) - 1;
            else if (ch !== '-')
                break;
        }
        return yield* this.pushUntil(ch => isEmpty(ch) || ch === '#');
    }
    *parseBlockScalar() {
        let nl = this.pos - 1; // may be -1 if this.pos === 0
        let indent = 0;
        let ch;
        loop: for (let i = this.pos; (ch = this.buffer[i]); ++i) {
            switch (ch) {
                case ' ':
                    indent += 1;
                    break;
                case '\n':
                    nl = i;
                    indent = 0;
                    break;
                case '\r': {
                    const next = this.buffer[i + 1];
                    if (!next && !this.atEnd)
                        return this.setNext('block-scalar');
                    if (next === '\n')
                        break;
                } // fallthrough
                default:
                    break loop;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('block-scalar');
        if (indent >= this.indentNext) {
            if (this.blockScalarIndent === -1)
                this.indentNext = indent;
            else {
                this.indentNext =
                    this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
            }
            do {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = this.buffer.indexOf('\n', cs);
            } while (nl !== -1);
            if (nl === -1) {
                if (!this.atEnd)
                    return this.setNext('block-scalar');
                nl = this.buffer.length;
            }
        }
        // Trailing insufficiently indented tabs are invalid.
        // To catch that during parsing, we include them in the block scalar value.
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === ' ')
            ch = this.buffer[++i];
        if (ch === '\t') {
            while (ch === '\t' || ch === ' ' || ch === '\r' || ch === '\n')
                ch = this.buffer[++i];
            nl = i - 1;
        }
        else if (!this.blockScalarKeep) {
            do {
                let i = nl - 1;
                let ch = this.buffer[i];
                if (ch === '\r')
                    ch = this.buffer[--i];
                const lastChar = i; // Drop the line if last char not more indented
                while (ch === ' ')
                    ch = this.buffer[--i];
                if (ch === '\n' && i >= this.pos && i + 1 + indent > lastChar)
                    nl = i;
                else
                    break;
            } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
    }
    *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while ((ch = this.buffer[++i])) {
            if (ch === ':') {
                const next = this.buffer[i + 1];
                if (isEmpty(next) || (inFlow && flowIndicatorChars.has(next)))
                    break;
                end = i;
            }
            else if (isEmpty(ch)) {
                let next = this.buffer[i + 1];
                if (ch === '\r') {
                    if (next === '\n') {
                        i += 1;
                        ch = '\n';
                        next = this.buffer[i + 1];
                    }
                    else
                        end = i;
                }
                if (next === '#' || (inFlow && flowIndicatorChars.has(next)))
                    break;
                if (ch === '\n') {
                    const cs = this.continueScalar(i + 1);
                    if (cs === -1)
                        break;
                    i = Math.max(i, cs - 2); // to advance, but still account for ' #'
                }
            }
            else {
                if (inFlow && flowIndicatorChars.has(ch))
                    break;
                end = i;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('plain-scalar');
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? 'flow' : 'doc';
    }
    *pushCount(n) {
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos += n;
            return n;
        }
        return 0;
    }
    *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
            yield s;
            this.pos += s.length;
            return s.length;
        }
        else if (allowEmpty)
            yield '';
        return 0;
    }
    *pushIndicators() {
        let n = 0;
        loop: while (true) {
            switch (this.charAt(0)) {
                case '!':
                    n += yield* this.pushTag();
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '&':
                    n += yield* this.pushUntil(isNotAnchorChar);
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '-': // this is an error
                case '?': // this is an error outside flow collections
                case ':': {
                    const inFlow = this.flowLevel > 0;
                    const ch1 = this.charAt(1);
                    if (isEmpty(ch1) || (inFlow && flowIndicatorChars.has(ch1))) {
                        if (!inFlow)
                            this.indentNext = this.indentValue + 1;
                        else if (this.flowKey)
                            this.flowKey = false;
                        n += yield* this.pushCount(1);
                        n += yield* this.pushSpaces(true);
                        continue loop;
                    }
                }
            }
            break loop;
        }
        return n;
    }
    *pushTag() {
        if (this.charAt(1) === '<') {
            let i = this.pos + 2;
            let ch = this.buffer[i];
            while (!isEmpty(ch) && ch !== '>')
                ch = this.buffer[++i];
            return yield* this.pushToIndex(ch === '>' ? i + 1 : i, false);
        }
        else {
            let i = this.pos + 1;
            let ch = this.buffer[i];
            while (ch) {
                if (tagChars.has(ch))
                    ch = this.buffer[++i];
                else if (ch === '%' &&
                    hexDigits.has(this.buffer[i + 1]) &&
                    hexDigits.has(this.buffer[i + 2])) {
                    ch = this.buffer[(i += 3)];
                }
                else
                    break;
            }
            return yield* this.pushToIndex(i, false);
        }
    }
    *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === '\n')
            return yield* this.pushCount(1);
        else if (ch === '\r' && this.charAt(1) === '\n')
            return yield* this.pushCount(2);
        else
            return 0;
    }
    *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
            ch = this.buffer[++i];
        } while (ch === ' ' || (allowTabs && ch === '\t'));
        const n = i - this.pos;
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos = i;
        }
        return n;
    }
    *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
            ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
    }
}

exports.Lexer = Lexer;


/***/ }),

/***/ 6628:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Tracks newlines during parsing in order to provide an efficient API for
 * determining the one-indexed `{ line, col }` position for any offset
 * within the input.
 */
class LineCounter {
    constructor() {
        this.lineStarts = [];
        /**
         * Should be called in ascending order. Otherwise, call
         * `lineCounter.lineStarts.sort()` before calling `linePos()`.
         */
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        /**
         * Performs a binary search and returns the 1-indexed { line, col }
         * position of `offset`. If `line === 0`, `addNewLine` has never been
         * called or `offset` is before the first known newline.
         */
        this.linePos = (offset) => {
            let low = 0;
            let high = this.lineStarts.length;
            while (low < high) {
                const mid = (low + high) >> 1; // Math.floor((low + high) / 2)
                if (this.lineStarts[mid] < offset)
                    low = mid + 1;
                else
                    high = mid;
            }
            if (this.lineStarts[low] === offset)
                return { line: low + 1, col: 1 };
            if (low === 0)
                return { line: 0, col: offset };
            const start = this.lineStarts[low - 1];
            return { line: low, col: offset - start + 1 };
        };
    }
}

exports.LineCounter = LineCounter;


/***/ }),

/***/ 3456:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);
var cst = __nccwpck_require__(3461);
var lexer = __nccwpck_require__(361);

function includesToken(list, type) {
    for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
            return true;
    return false;
}
function findNonEmptyIndex(list) {
    for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
            case 'space':
            case 'comment':
            case 'newline':
                break;
            default:
                return i;
        }
    }
    return -1;
}
function isFlowToken(token) {
    switch (token?.type) {
        case 'alias':
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'flow-collection':
            return true;
        default:
            return false;
    }
}
function getPrevProps(parent) {
    switch (parent.type) {
        case 'document':
            return parent.start;
        case 'block-map': {
            const it = parent.items[parent.items.length - 1];
            return it.sep ?? it.start;
        }
        case 'block-seq':
            return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
            return [];
    }
}
/** Note: May modify input array */
function getFirstKeyStartProps(prev) {
    if (prev.length === 0)
        return [];
    let i = prev.length;
    loop: while (--i >= 0) {
        switch (prev[i].type) {
            case 'doc-start':
            case 'explicit-key-ind':
            case 'map-value-ind':
            case 'seq-item-ind':
            case 'newline':
                break loop;
        }
    }
    while (prev[++i]?.type === 'space') {
        /* loop */
    }
    return prev.splice(i, prev.length);
}
function arrayPushArray(target, source) {
    // May exhaust call stack with large `source` array
    if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
    else
        for (let i = 0; i < source.length; ++i)
            target.push(source[i]);
}
function fixFlowSeqItems(fc) {
    if (fc.start.type === 'flow-seq-start') {
        for (const it of fc.items) {
            if (it.sep &&
                !it.value &&
                !includesToken(it.start, 'explicit-key-ind') &&
                !includesToken(it.sep, 'map-value-ind')) {
                if (it.key)
                    it.value = it.key;
                delete it.key;
                if (isFlowToken(it.value)) {
                    if (it.value.end)
                        arrayPushArray(it.value.end, it.sep);
                    else
                        it.value.end = it.sep;
                }
                else
                    arrayPushArray(it.start, it.sep);
                delete it.sep;
            }
        }
    }
}
/**
 * A YAML concrete syntax tree (CST) parser
 *
 * ```ts
 * const src: string = ...
 * for (const token of new Parser().parse(src)) {
 *   // token: Token
 * }
 * ```
 *
 * To use the parser with a user-provided lexer:
 *
 * ```ts
 * function* parse(source: string, lexer: Lexer) {
 *   const parser = new Parser()
 *   for (const lexeme of lexer.lex(source))
 *     yield* parser.next(lexeme)
 *   yield* parser.end()
 * }
 *
 * const src: string = ...
 * const lexer = new Lexer()
 * for (const token of parse(src, lexer)) {
 *   // token: Token
 * }
 * ```
 */
class Parser {
    /**
     * @param onNewLine - If defined, called separately with the start position of
     *   each new line (in `parse()`, including the start of input).
     */
    constructor(onNewLine) {
        /** If true, space and sequence indicators count as indentation */
        this.atNewLine = true;
        /** If true, next token is a scalar value */
        this.atScalar = false;
        /** Current indentation level */
        this.indent = 0;
        /** Current offset since the start of parsing */
        this.offset = 0;
        /** On the same line with a block map key */
        this.onKeyLine = false;
        /** Top indicates the node that's currently being built */
        this.stack = [];
        /** The source of the current token, set in parse() */
        this.source = '';
        /** The type of the current token, set in parse() */
        this.type = '';
        // Must be defined after `next()`
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
    }
    /**
     * Parse `source` as a YAML stream.
     * If `incomplete`, a part of the last line may be left as a buffer for the next call.
     *
     * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
     *
     * @returns A generator of tokens representing each directive, document, and other structure.
     */
    *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
            this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
            yield* this.next(lexeme);
        if (!incomplete)
            yield* this.end();
    }
    /**
     * Advance the parser by the `source` of one lexical token.
     */
    *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
            console.log('|', cst.prettyToken(source));
        if (this.atScalar) {
            this.atScalar = false;
            yield* this.step();
            this.offset += source.length;
            return;
        }
        const type = cst.tokenType(source);
        if (!type) {
            const message = `Not a YAML token: ${source}`;
            yield* this.pop({ type: 'error', offset: this.offset, message, source });
            this.offset += source.length;
        }
        else if (type === 'scalar') {
            this.atNewLine = false;
            this.atScalar = true;
            this.type = 'scalar';
        }
        else {
            this.type = type;
            yield* this.step();
            switch (type) {
                case 'newline':
                    this.atNewLine = true;
                    this.indent = 0;
                    if (this.onNewLine)
                        this.onNewLine(this.offset + source.length);
                    break;
                case 'space':
                    if (this.atNewLine && source[0] === ' ')
                        this.indent += source.length;
                    break;
                case 'explicit-key-ind':
                case 'map-value-ind':
                case 'seq-item-ind':
                    if (this.atNewLine)
                        this.indent += source.length;
                    break;
                case 'doc-mode':
                case 'flow-error-end':
                    return;
                default:
                    this.atNewLine = false;
            }
            this.offset += source.length;
        }
    }
    /** Call at end of input to push out any remaining constructions */
    *end() {
        while (this.stack.length > 0)
            yield* this.pop();
    }
    get sourceToken() {
        const st = {
            type: this.type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
        return st;
    }
    *step() {
        const top = this.peek(1);
        if (this.type === 'doc-end' && top?.type !== 'doc-end') {
            while (this.stack.length > 0)
                yield* this.pop();
            this.stack.push({
                type: 'doc-end',
                offset: this.offset,
                source: this.source
            });
            return;
        }
        if (!top)
            return yield* this.stream();
        switch (top.type) {
            case 'document':
                return yield* this.document(top);
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return yield* this.scalar(top);
            case 'block-scalar':
                return yield* this.blockScalar(top);
            case 'block-map':
                return yield* this.blockMap(top);
            case 'block-seq':
                return yield* this.blockSequence(top);
            case 'flow-collection':
                return yield* this.flowCollection(top);
            case 'doc-end':
                return yield* this.documentEnd(top);
        }
        /* istanbul ignore next should not happen */
        yield* this.pop();
    }
    peek(n) {
        return this.stack[this.stack.length - n];
    }
    *pop(error) {
        const token = error ?? this.stack.pop();
        /* istanbul ignore if should not happen */
        if (!token) {
            const message = 'Tried to pop an empty stack';
            yield { type: 'error', offset: this.offset, source: '', message };
        }
        else if (this.stack.length === 0) {
            yield token;
        }
        else {
            const top = this.peek(1);
            if (token.type === 'block-scalar') {
                // Block scalars use their parent rather than header indent
                token.indent = 'indent' in top ? top.indent : 0;
            }
            else if (token.type === 'flow-collection' && top.type === 'document') {
                // Ignore all indent for top-level flow collections
                token.indent = 0;
            }
            if (token.type === 'flow-collection')
                fixFlowSeqItems(token);
            switch (top.type) {
                case 'document':
                    top.value = token;
                    break;
                case 'block-scalar':
                    top.props.push(token); // error
                    break;
                case 'block-map': {
                    const it = top.items[top.items.length - 1];
                    if (it.value) {
                        top.items.push({ start: [], key: token, sep: [] });
                        this.onKeyLine = true;
                        return;
                    }
                    else if (it.sep) {
                        it.value = token;
                    }
                    else {
                        Object.assign(it, { key: token, sep: [] });
                        this.onKeyLine = !it.explicitKey;
                        return;
                    }
                    break;
                }
                case 'block-seq': {
                    const it = top.items[top.items.length - 1];
                    if (it.value)
                        top.items.push({ start: [], value: token });
                    else
                        it.value = token;
                    break;
                }
                case 'flow-collection': {
                    const it = top.items[top.items.length - 1];
                    if (!it || it.value)
                        top.items.push({ start: [], key: token, sep: [] });
                    else if (it.sep)
                        it.value = token;
                    else
                        Object.assign(it, { key: token, sep: [] });
                    return;
                }
                /* istanbul ignore next should not happen */
                default:
                    yield* this.pop();
                    yield* this.pop(token);
            }
            if ((top.type === 'document' ||
                top.type === 'block-map' ||
                top.type === 'block-seq') &&
                (token.type === 'block-map' || token.type === 'block-seq')) {
                const last = token.items[token.items.length - 1];
                if (last &&
                    !last.sep &&
                    !last.value &&
                    last.start.length > 0 &&
                    findNonEmptyIndex(last.start) === -1 &&
                    (token.indent === 0 ||
                        last.start.every(st => st.type !== 'comment' || st.indent < token.indent))) {
                    if (top.type === 'document')
                        top.end = last.start;
                    else
                        top.items.push({ start: last.start });
                    token.items.splice(-1, 1);
                }
            }
        }
    }
    *stream() {
        switch (this.type) {
            case 'directive-line':
                yield { type: 'directive', offset: this.offset, source: this.source };
                return;
            case 'byte-order-mark':
            case 'space':
            case 'comment':
            case 'newline':
                yield this.sourceToken;
                return;
            case 'doc-mode':
            case 'doc-start': {
                const doc = {
                    type: 'document',
                    offset: this.offset,
                    start: []
                };
                if (this.type === 'doc-start')
                    doc.start.push(this.sourceToken);
                this.stack.push(doc);
                return;
            }
        }
        yield {
            type: 'error',
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML stream`,
            source: this.source
        };
    }
    *document(doc) {
        if (doc.value)
            return yield* this.lineEnd(doc);
        switch (this.type) {
            case 'doc-start': {
                if (findNonEmptyIndex(doc.start) !== -1) {
                    yield* this.pop();
                    yield* this.step();
                }
                else
                    doc.start.push(this.sourceToken);
                return;
            }
            case 'anchor':
            case 'tag':
            case 'space':
            case 'comment':
            case 'newline':
                doc.start.push(this.sourceToken);
                return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
            this.stack.push(bv);
        else {
            yield {
                type: 'error',
                offset: this.offset,
                message: `Unexpected ${this.type} token in YAML document`,
                source: this.source
            };
        }
    }
    *scalar(scalar) {
        if (this.type === 'map-value-ind') {
            const prev = getPrevProps(this.peek(2));
            const start = getFirstKeyStartProps(prev);
            let sep;
            if (scalar.end) {
                sep = scalar.end;
                sep.push(this.sourceToken);
                delete scalar.end;
            }
            else
                sep = [this.sourceToken];
            const map = {
                type: 'block-map',
                offset: scalar.offset,
                indent: scalar.indent,
                items: [{ start, key: scalar, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
        }
        else
            yield* this.lineEnd(scalar);
    }
    *blockScalar(scalar) {
        switch (this.type) {
            case 'space':
            case 'comment':
            case 'newline':
                scalar.props.push(this.sourceToken);
                return;
            case 'scalar':
                scalar.source = this.source;
                // block-scalar source includes trailing newline
                this.atNewLine = true;
                this.indent = 0;
                if (this.onNewLine) {
                    let nl = this.source.indexOf('\n') + 1;
                    while (nl !== 0) {
                        this.onNewLine(this.offset + nl);
                        nl = this.source.indexOf('\n', nl) + 1;
                    }
                }
                yield* this.pop();
                break;
            /* istanbul ignore next should not happen */
            default:
                yield* this.pop();
                yield* this.step();
        }
    }
    *blockMap(map) {
        const it = map.items[map.items.length - 1];
        // it.sep is true-ish if pair already has key or : separator
        switch (this.type) {
            case 'newline':
                this.onKeyLine = false;
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    it.start.push(this.sourceToken);
                }
                return;
            case 'space':
            case 'comment':
                if (it.value) {
                    map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    if (this.atIndentedComment(it.start, map.indent)) {
                        const prev = map.items[map.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            map.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
        }
        if (this.indent >= map.indent) {
            const atMapIndent = !this.onKeyLine && this.indent === map.indent;
            const atNextItem = atMapIndent &&
                (it.sep || it.explicitKey) &&
                this.type !== 'seq-item-ind';
            // For empty nodes, assign newline-separated not indented empty tokens to following node
            let start = [];
            if (atNextItem && it.sep && !it.value) {
                const nl = [];
                for (let i = 0; i < it.sep.length; ++i) {
                    const st = it.sep[i];
                    switch (st.type) {
                        case 'newline':
                            nl.push(i);
                            break;
                        case 'space':
                            break;
                        case 'comment':
                            if (st.indent > map.indent)
                                nl.length = 0;
                            break;
                        default:
                            nl.length = 0;
                    }
                }
                if (nl.length >= 2)
                    start = it.sep.splice(nl[1]);
            }
            switch (this.type) {
                case 'anchor':
                case 'tag':
                    if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        it.sep.push(this.sourceToken);
                    }
                    else {
                        it.start.push(this.sourceToken);
                    }
                    return;
                case 'explicit-key-ind':
                    if (!it.sep && !it.explicitKey) {
                        it.start.push(this.sourceToken);
                        it.explicitKey = true;
                    }
                    else if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start, explicitKey: true });
                    }
                    else {
                        this.stack.push({
                            type: 'block-map',
                            offset: this.offset,
                            indent: this.indent,
                            items: [{ start: [this.sourceToken], explicitKey: true }]
                        });
                    }
                    this.onKeyLine = true;
                    return;
                case 'map-value-ind':
                    if (it.explicitKey) {
                        if (!it.sep) {
                            if (includesToken(it.start, 'newline')) {
                                Object.assign(it, { key: null, sep: [this.sourceToken] });
                            }
                            else {
                                const start = getFirstKeyStartProps(it.start);
                                this.stack.push({
                                    type: 'block-map',
                                    offset: this.offset,
                                    indent: this.indent,
                                    items: [{ start, key: null, sep: [this.sourceToken] }]
                                });
                            }
                        }
                        else if (it.value) {
                            map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else if (isFlowToken(it.key) &&
                            !includesToken(it.sep, 'newline')) {
                            const start = getFirstKeyStartProps(it.start);
                            const key = it.key;
                            const sep = it.sep;
                            sep.push(this.sourceToken);
                            // @ts-expect-error type guard is wrong here
                            delete it.key;
                            // @ts-expect-error type guard is wrong here
                            delete it.sep;
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key, sep }]
                            });
                        }
                        else if (start.length > 0) {
                            // Not actually at next item
                            it.sep = it.sep.concat(start, this.sourceToken);
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    else {
                        if (!it.sep) {
                            Object.assign(it, { key: null, sep: [this.sourceToken] });
                        }
                        else if (it.value || atNextItem) {
                            map.items.push({ start, key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start: [], key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    this.onKeyLine = true;
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (atNextItem || it.value) {
                        map.items.push({ start, key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        this.stack.push(fs);
                    }
                    else {
                        Object.assign(it, { key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    return;
                }
                default: {
                    const bv = this.startBlockValue(map);
                    if (bv) {
                        if (bv.type === 'block-seq') {
                            if (!it.explicitKey &&
                                it.sep &&
                                !includesToken(it.sep, 'newline')) {
                                yield* this.pop({
                                    type: 'error',
                                    offset: this.offset,
                                    message: 'Unexpected block-seq-ind on same line with key',
                                    source: this.source
                                });
                                return;
                            }
                        }
                        else if (atMapIndent) {
                            map.items.push({ start });
                        }
                        this.stack.push(bv);
                        return;
                    }
                }
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
            case 'newline':
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        seq.items.push({ start: [this.sourceToken] });
                }
                else
                    it.start.push(this.sourceToken);
                return;
            case 'space':
            case 'comment':
                if (it.value)
                    seq.items.push({ start: [this.sourceToken] });
                else {
                    if (this.atIndentedComment(it.start, seq.indent)) {
                        const prev = seq.items[seq.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            seq.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
            case 'anchor':
            case 'tag':
                if (it.value || this.indent <= seq.indent)
                    break;
                it.start.push(this.sourceToken);
                return;
            case 'seq-item-ind':
                if (this.indent !== seq.indent)
                    break;
                if (it.value || includesToken(it.start, 'seq-item-ind'))
                    seq.items.push({ start: [this.sourceToken] });
                else
                    it.start.push(this.sourceToken);
                return;
        }
        if (this.indent > seq.indent) {
            const bv = this.startBlockValue(seq);
            if (bv) {
                this.stack.push(bv);
                return;
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === 'flow-error-end') {
            let top;
            do {
                yield* this.pop();
                top = this.peek(1);
            } while (top?.type === 'flow-collection');
        }
        else if (fc.end.length === 0) {
            switch (this.type) {
                case 'comma':
                case 'explicit-key-ind':
                    if (!it || it.sep)
                        fc.items.push({ start: [this.sourceToken] });
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'map-value-ind':
                    if (!it || it.value)
                        fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        Object.assign(it, { key: null, sep: [this.sourceToken] });
                    return;
                case 'space':
                case 'comment':
                case 'newline':
                case 'anchor':
                case 'tag':
                    if (!it || it.value)
                        fc.items.push({ start: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (!it || it.value)
                        fc.items.push({ start: [], key: fs, sep: [] });
                    else if (it.sep)
                        this.stack.push(fs);
                    else
                        Object.assign(it, { key: fs, sep: [] });
                    return;
                }
                case 'flow-map-end':
                case 'flow-seq-end':
                    fc.end.push(this.sourceToken);
                    return;
            }
            const bv = this.startBlockValue(fc);
            /* istanbul ignore else should not happen */
            if (bv)
                this.stack.push(bv);
            else {
                yield* this.pop();
                yield* this.step();
            }
        }
        else {
            const parent = this.peek(2);
            if (parent.type === 'block-map' &&
                ((this.type === 'map-value-ind' && parent.indent === fc.indent) ||
                    (this.type === 'newline' &&
                        !parent.items[parent.items.length - 1].sep))) {
                yield* this.pop();
                yield* this.step();
            }
            else if (this.type === 'map-value-ind' &&
                parent.type !== 'flow-collection') {
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                fixFlowSeqItems(fc);
                const sep = fc.end.splice(1, fc.end.length);
                sep.push(this.sourceToken);
                const map = {
                    type: 'block-map',
                    offset: fc.offset,
                    indent: fc.indent,
                    items: [{ start, key: fc, sep }]
                };
                this.onKeyLine = true;
                this.stack[this.stack.length - 1] = map;
            }
            else {
                yield* this.lineEnd(fc);
            }
        }
    }
    flowScalar(type) {
        if (this.onNewLine) {
            let nl = this.source.indexOf('\n') + 1;
            while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf('\n', nl) + 1;
            }
        }
        return {
            type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
    }
    startBlockValue(parent) {
        switch (this.type) {
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return this.flowScalar(this.type);
            case 'block-scalar-header':
                return {
                    type: 'block-scalar',
                    offset: this.offset,
                    indent: this.indent,
                    props: [this.sourceToken],
                    source: ''
                };
            case 'flow-map-start':
            case 'flow-seq-start':
                return {
                    type: 'flow-collection',
                    offset: this.offset,
                    indent: this.indent,
                    start: this.sourceToken,
                    items: [],
                    end: []
                };
            case 'seq-item-ind':
                return {
                    type: 'block-seq',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [this.sourceToken] }]
                };
            case 'explicit-key-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                start.push(this.sourceToken);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, explicitKey: true }]
                };
            }
            case 'map-value-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                };
            }
        }
        return null;
    }
    atIndentedComment(start, indent) {
        if (this.type !== 'comment')
            return false;
        if (this.indent <= indent)
            return false;
        return start.every(st => st.type === 'newline' || st.type === 'space');
    }
    *documentEnd(docEnd) {
        if (this.type !== 'doc-mode') {
            if (docEnd.end)
                docEnd.end.push(this.sourceToken);
            else
                docEnd.end = [this.sourceToken];
            if (this.type === 'newline')
                yield* this.pop();
        }
    }
    *lineEnd(token) {
        switch (this.type) {
            case 'comma':
            case 'doc-start':
            case 'doc-end':
            case 'flow-seq-end':
            case 'flow-map-end':
            case 'map-value-ind':
                yield* this.pop();
                yield* this.step();
                break;
            case 'newline':
                this.onKeyLine = false;
            // fallthrough
            case 'space':
            case 'comment':
            default:
                // all other values are errors
                if (token.end)
                    token.end.push(this.sourceToken);
                else
                    token.end = [this.sourceToken];
                if (this.type === 'newline')
                    yield* this.pop();
        }
    }
}

exports.Parser = Parser;


/***/ }),

/***/ 4047:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var composer = __nccwpck_require__(9984);
var Document = __nccwpck_require__(3021);
var errors = __nccwpck_require__(1464);
var log = __nccwpck_require__(7249);
var identity = __nccwpck_require__(1127);
var lineCounter = __nccwpck_require__(6628);
var parser = __nccwpck_require__(3456);

function parseOptions(options) {
    const prettyErrors = options.prettyErrors !== false;
    const lineCounter$1 = options.lineCounter || (prettyErrors && new lineCounter.LineCounter()) || null;
    return { lineCounter: lineCounter$1, prettyErrors };
}
/**
 * Parse the input as a stream of YAML documents.
 *
 * Documents should be separated from each other by `...` or `---` marker lines.
 *
 * @returns If an empty `docs` array is returned, it will be of type
 *   EmptyStream and contain additional stream information. In
 *   TypeScript, you should use `'empty' in docs` as a type guard for it.
 */
function parseAllDocuments(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
    const composer$1 = new composer.Composer(options);
    const docs = Array.from(composer$1.compose(parser$1.parse(source)));
    if (prettyErrors && lineCounter)
        for (const doc of docs) {
            doc.errors.forEach(errors.prettifyError(source, lineCounter));
            doc.warnings.forEach(errors.prettifyError(source, lineCounter));
        }
    if (docs.length > 0)
        return docs;
    return Object.assign([], { empty: true }, composer$1.streamInfo());
}
/** Parse an input string into a single YAML.Document */
function parseDocument(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
    const composer$1 = new composer.Composer(options);
    // `doc` is always set by compose.end(true) at the very latest
    let doc = null;
    for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
            doc = _doc;
        else if (doc.options.logLevel !== 'silent') {
            doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
            break;
        }
    }
    if (prettyErrors && lineCounter) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter));
    }
    return doc;
}
function parse(src, reviver, options) {
    let _reviver = undefined;
    if (typeof reviver === 'function') {
        _reviver = reviver;
    }
    else if (options === undefined && reviver && typeof reviver === 'object') {
        options = reviver;
    }
    const doc = parseDocument(src, options);
    if (!doc)
        return null;
    doc.warnings.forEach(warning => log.warn(doc.options.logLevel, warning));
    if (doc.errors.length > 0) {
        if (doc.options.logLevel !== 'silent')
            throw doc.errors[0];
        else
            doc.errors = [];
    }
    return doc.toJS(Object.assign({ reviver: _reviver }, options));
}
function stringify(value, replacer, options) {
    let _replacer = null;
    if (typeof replacer === 'function' || Array.isArray(replacer)) {
        _replacer = replacer;
    }
    else if (options === undefined && replacer) {
        options = replacer;
    }
    if (typeof options === 'string')
        options = options.length;
    if (typeof options === 'number') {
        const indent = Math.round(options);
        options = indent < 1 ? undefined : indent > 8 ? { indent: 8 } : { indent };
    }
    if (value === undefined) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
            return undefined;
    }
    if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
    return new Document.Document(value, _replacer, options).toString(options);
}

exports.parse = parse;
exports.parseAllDocuments = parseAllDocuments;
exports.parseDocument = parseDocument;
exports.stringify = stringify;


/***/ }),

/***/ 5840:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var map = __nccwpck_require__(7451);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var tags = __nccwpck_require__(18);

const sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
class Schema {
    constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat)
            ? tags.getTags(compat, 'compat')
            : compat
                ? tags.getTags(null, compat)
                : null;
        this.name = (typeof schema === 'string' && schema) || 'core';
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        // Used by createMap()
        this.sortMapEntries =
            typeof sortMapEntries === 'function'
                ? sortMapEntries
                : sortMapEntries === true
                    ? sortMapEntriesByKey
                    : null;
    }
    clone() {
        const copy = Object.create(Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
    }
}

exports.Schema = Schema;


/***/ }),

/***/ 7451:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var YAMLMap = __nccwpck_require__(4454);

const map = {
    collection: 'map',
    default: true,
    nodeClass: YAMLMap.YAMLMap,
    tag: 'tag:yaml.org,2002:map',
    resolve(map, onError) {
        if (!identity.isMap(map))
            onError('Expected a mapping for this tag');
        return map;
    },
    createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
};

exports.map = map;


/***/ }),

/***/ 3632:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

const nullTag = {
    identify: value => value == null,
    createNode: () => new Scalar.Scalar(null),
    default: true,
    tag: 'tag:yaml.org,2002:null',
    test: /^(?:~|[Nn]ull|NULL)?$/,
    resolve: () => new Scalar.Scalar(null),
    stringify: ({ source }, ctx) => typeof source === 'string' && nullTag.test.test(source)
        ? source
        : ctx.options.nullStr
};

exports.nullTag = nullTag;


/***/ }),

/***/ 1706:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var YAMLSeq = __nccwpck_require__(2223);

const seq = {
    collection: 'seq',
    default: true,
    nodeClass: YAMLSeq.YAMLSeq,
    tag: 'tag:yaml.org,2002:seq',
    resolve(seq, onError) {
        if (!identity.isSeq(seq))
            onError('Expected a sequence for this tag');
        return seq;
    },
    createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
};

exports.seq = seq;


/***/ }),

/***/ 6464:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyString = __nccwpck_require__(3069);

const string = {
    identify: value => typeof value === 'string',
    default: true,
    tag: 'tag:yaml.org,2002:str',
    resolve: str => str,
    stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
    }
};

exports.string = string;


/***/ }),

/***/ 3959:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

const boolTag = {
    identify: value => typeof value === 'boolean',
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
    resolve: str => new Scalar.Scalar(str[0] === 't' || str[0] === 'T'),
    stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
            const sv = source[0] === 't' || source[0] === 'T';
            if (value === sv)
                return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
};

exports.boolTag = boolTag;


/***/ }),

/***/ 8405:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var stringifyNumber = __nccwpck_require__(8689);

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: str => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber.stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
    resolve: str => parseFloat(str),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
    resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str));
        const dot = str.indexOf('.');
        if (dot !== -1 && str[str.length - 1] === '0')
            node.minFractionDigits = str.length - dot - 1;
        return node;
    },
    stringify: stringifyNumber.stringifyNumber
};

exports.float = float;
exports.floatExp = floatExp;
exports.floatNaN = floatNaN;


/***/ }),

/***/ 9874:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
const intResolve = (str, offset, radix, { intAsBigInt }) => (intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix));
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
    return stringifyNumber.stringifyNumber(node);
}
const intOct = {
    identify: value => intIdentify(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^0o[0-7]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
    stringify: node => intStringify(node, 8, '0o')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber.stringifyNumber
};
const intHex = {
    identify: value => intIdentify(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^0x[0-9a-fA-F]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

exports.int = int;
exports.intHex = intHex;
exports.intOct = intOct;


/***/ }),

/***/ 896:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var bool = __nccwpck_require__(3959);
var float = __nccwpck_require__(8405);
var int = __nccwpck_require__(9874);

const schema = [
    map.map,
    seq.seq,
    string.string,
    _null.nullTag,
    bool.boolTag,
    int.intOct,
    int.int,
    int.intHex,
    float.floatNaN,
    float.floatExp,
    float.float
];

exports.schema = schema;


/***/ }),

/***/ 3559:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var map = __nccwpck_require__(7451);
var seq = __nccwpck_require__(1706);

function intIdentify(value) {
    return typeof value === 'bigint' || Number.isInteger(value);
}
const stringifyJSON = ({ value }) => JSON.stringify(value);
const jsonScalars = [
    {
        identify: value => typeof value === 'string',
        default: true,
        tag: 'tag:yaml.org,2002:str',
        resolve: str => str,
        stringify: stringifyJSON
    },
    {
        identify: value => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: 'tag:yaml.org,2002:null',
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
    },
    {
        identify: value => typeof value === 'boolean',
        default: true,
        tag: 'tag:yaml.org,2002:bool',
        test: /^true$|^false$/,
        resolve: str => str === 'true',
        stringify: stringifyJSON
    },
    {
        identify: intIdentify,
        default: true,
        tag: 'tag:yaml.org,2002:int',
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
    },
    {
        identify: value => typeof value === 'number',
        default: true,
        tag: 'tag:yaml.org,2002:float',
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: str => parseFloat(str),
        stringify: stringifyJSON
    }
];
const jsonError = {
    default: true,
    tag: '',
    test: /^/,
    resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
    }
};
const schema = [map.map, seq.seq].concat(jsonScalars, jsonError);

exports.schema = schema;


/***/ }),

/***/ 18:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var bool = __nccwpck_require__(3959);
var float = __nccwpck_require__(8405);
var int = __nccwpck_require__(9874);
var schema = __nccwpck_require__(896);
var schema$1 = __nccwpck_require__(3559);
var binary = __nccwpck_require__(6083);
var merge = __nccwpck_require__(452);
var omap = __nccwpck_require__(303);
var pairs = __nccwpck_require__(8385);
var schema$2 = __nccwpck_require__(5913);
var set = __nccwpck_require__(1528);
var timestamp = __nccwpck_require__(6752);

const schemas = new Map([
    ['core', schema.schema],
    ['failsafe', [map.map, seq.seq, string.string]],
    ['json', schema$1.schema],
    ['yaml11', schema$2.schema],
    ['yaml-1.1', schema$2.schema]
]);
const tagsByName = {
    binary: binary.binary,
    bool: bool.boolTag,
    float: float.float,
    floatExp: float.floatExp,
    floatNaN: float.floatNaN,
    floatTime: timestamp.floatTime,
    int: int.int,
    intHex: int.intHex,
    intOct: int.intOct,
    intTime: timestamp.intTime,
    map: map.map,
    merge: merge.merge,
    null: _null.nullTag,
    omap: omap.omap,
    pairs: pairs.pairs,
    seq: seq.seq,
    set: set.set,
    timestamp: timestamp.timestamp
};
const coreKnownTags = {
    'tag:yaml.org,2002:binary': binary.binary,
    'tag:yaml.org,2002:merge': merge.merge,
    'tag:yaml.org,2002:omap': omap.omap,
    'tag:yaml.org,2002:pairs': pairs.pairs,
    'tag:yaml.org,2002:set': set.set,
    'tag:yaml.org,2002:timestamp': timestamp.timestamp
};
function getTags(customTags, schemaName, addMergeTag) {
    const schemaTags = schemas.get(schemaName);
    if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge)
            ? schemaTags.concat(merge.merge)
            : schemaTags.slice();
    }
    let tags = schemaTags;
    if (!tags) {
        if (Array.isArray(customTags))
            tags = [];
        else {
            const keys = Array.from(schemas.keys())
                .filter(key => key !== 'yaml11')
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
    }
    if (Array.isArray(customTags)) {
        for (const tag of customTags)
            tags = tags.concat(tag);
    }
    else if (typeof customTags === 'function') {
        tags = customTags(tags.slice());
    }
    if (addMergeTag)
        tags = tags.concat(merge.merge);
    return tags.reduce((tags, tag) => {
        const tagObj = typeof tag === 'string' ? tagsByName[tag] : tag;
        if (!tagObj) {
            const tagName = JSON.stringify(tag);
            const keys = Object.keys(tagsByName)
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags.includes(tagObj))
            tags.push(tagObj);
        return tags;
    }, []);
}

exports.coreKnownTags = coreKnownTags;
exports.getTags = getTags;


/***/ }),

/***/ 6083:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_buffer = __nccwpck_require__(181);
var Scalar = __nccwpck_require__(3301);
var stringifyString = __nccwpck_require__(3069);

const binary = {
    identify: value => value instanceof Uint8Array, // Buffer inherits from Uint8Array
    default: false,
    tag: 'tag:yaml.org,2002:binary',
    /**
     * Returns a Buffer in node and an Uint8Array in browsers
     *
     * To use the resulting buffer as an image, you'll want to do something like:
     *
     *   const blob = new Blob([buffer], { type: 'image/jpeg' })
     *   document.querySelector('#photo').src = URL.createObjectURL(blob)
     */
    resolve(src, onError) {
        if (typeof node_buffer.Buffer === 'function') {
            return node_buffer.Buffer.from(src, 'base64');
        }
        else if (typeof atob === 'function') {
            // On IE 11, atob() can't handle newlines
            const str = atob(src.replace(/[\n\r]/g, ''));
            const buffer = new Uint8Array(str.length);
            for (let i = 0; i < str.length; ++i)
                buffer[i] = str.charCodeAt(i);
            return buffer;
        }
        else {
            onError('This environment does not support reading binary tags; either Buffer or atob is required');
            return src;
        }
    },
    stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
            return '';
        const buf = value; // checked earlier by binary.identify()
        let str;
        if (typeof node_buffer.Buffer === 'function') {
            str =
                buf instanceof node_buffer.Buffer
                    ? buf.toString('base64')
                    : node_buffer.Buffer.from(buf.buffer).toString('base64');
        }
        else if (typeof btoa === 'function') {
            let s = '';
            for (let i = 0; i < buf.length; ++i)
                s += String.fromCharCode(buf[i]);
            str = btoa(s);
        }
        else {
            throw new Error('This environment does not support writing binary tags; either Buffer or btoa is required');
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
            const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
            const n = Math.ceil(str.length / lineWidth);
            const lines = new Array(n);
            for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
                lines[i] = str.substr(o, lineWidth);
            }
            str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? '\n' : ' ');
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
    }
};

exports.binary = binary;


/***/ }),

/***/ 8398:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

function boolStringify({ value, source }, ctx) {
    const boolObj = value ? trueTag : falseTag;
    if (source && boolObj.test.test(source))
        return source;
    return value ? ctx.options.trueStr : ctx.options.falseStr;
}
const trueTag = {
    identify: value => value === true,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
    resolve: () => new Scalar.Scalar(true),
    stringify: boolStringify
};
const falseTag = {
    identify: value => value === false,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
    resolve: () => new Scalar.Scalar(false),
    stringify: boolStringify
};

exports.falseTag = falseTag;
exports.trueTag = trueTag;


/***/ }),

/***/ 5782:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var stringifyNumber = __nccwpck_require__(8689);

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: (str) => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber.stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
    resolve: (str) => parseFloat(str.replace(/_/g, '')),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
    resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, '')));
        const dot = str.indexOf('.');
        if (dot !== -1) {
            const f = str.substring(dot + 1).replace(/_/g, '');
            if (f[f.length - 1] === '0')
                node.minFractionDigits = f.length;
        }
        return node;
    },
    stringify: stringifyNumber.stringifyNumber
};

exports.float = float;
exports.floatExp = floatExp;
exports.floatNaN = floatNaN;


/***/ }),

/***/ 873:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
function intResolve(str, offset, radix, { intAsBigInt }) {
    const sign = str[0];
    if (sign === '-' || sign === '+')
        offset += 1;
    str = str.substring(offset).replace(/_/g, '');
    if (intAsBigInt) {
        switch (radix) {
            case 2:
                str = `0b${str}`;
                break;
            case 8:
                str = `0o${str}`;
                break;
            case 16:
                str = `0x${str}`;
                break;
        }
        const n = BigInt(str);
        return sign === '-' ? BigInt(-1) * n : n;
    }
    const n = parseInt(str, radix);
    return sign === '-' ? -1 * n : n;
}
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? '-' + prefix + str.substr(1) : prefix + str;
    }
    return stringifyNumber.stringifyNumber(node);
}
const intBin = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'BIN',
    test: /^[-+]?0b[0-1_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
    stringify: node => intStringify(node, 2, '0b')
};
const intOct = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^[-+]?0[0-7_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
    stringify: node => intStringify(node, 8, '0')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9][0-9_]*$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber.stringifyNumber
};
const intHex = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^[-+]?0x[0-9a-fA-F_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

exports.int = int;
exports.intBin = intBin;
exports.intHex = intHex;
exports.intOct = intOct;


/***/ }),

/***/ 452:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);

// If the value associated with a merge key is a single mapping node, each of
// its key/value pairs is inserted into the current mapping, unless the key
// already exists in it. If the value associated with the merge key is a
// sequence, then this sequence is expected to contain mapping nodes and each
// of these nodes is merged in turn according to its order in the sequence.
// Keys in mapping nodes earlier in the sequence override keys specified in
// later mapping nodes. -- http://yaml.org/type/merge.html
const MERGE_KEY = '<<';
const merge = {
    identify: value => value === MERGE_KEY ||
        (typeof value === 'symbol' && value.description === MERGE_KEY),
    default: 'key',
    tag: 'tag:yaml.org,2002:merge',
    test: /^<<$/,
    resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
    }),
    stringify: () => MERGE_KEY
};
const isMergeKey = (ctx, key) => (merge.identify(key) ||
    (identity.isScalar(key) &&
        (!key.type || key.type === Scalar.Scalar.PLAIN) &&
        merge.identify(key.value))) &&
    ctx?.doc.schema.tags.some(tag => tag.tag === merge.tag && tag.default);
function addMergeToJSMap(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (identity.isSeq(source))
        for (const it of source.items)
            mergeValue(ctx, map, it);
    else if (Array.isArray(source))
        for (const it of source)
            mergeValue(ctx, map, it);
    else
        mergeValue(ctx, map, source);
}
function mergeValue(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (!identity.isMap(source))
        throw new Error('Merge sources must be maps or map aliases');
    const srcMap = source.toJSON(null, ctx, Map);
    for (const [key, value] of srcMap) {
        if (map instanceof Map) {
            if (!map.has(key))
                map.set(key, value);
        }
        else if (map instanceof Set) {
            map.add(key);
        }
        else if (!Object.prototype.hasOwnProperty.call(map, key)) {
            Object.defineProperty(map, key, {
                value,
                writable: true,
                enumerable: true,
                configurable: true
            });
        }
    }
    return map;
}
function resolveAliasValue(ctx, value) {
    return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
}

exports.addMergeToJSMap = addMergeToJSMap;
exports.isMergeKey = isMergeKey;
exports.merge = merge;


/***/ }),

/***/ 303:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var pairs = __nccwpck_require__(8385);

class YAMLOMap extends YAMLSeq.YAMLSeq {
    constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = YAMLOMap.tag;
    }
    /**
     * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
     * but TypeScript won't allow widening the signature of a child method.
     */
    toJSON(_, ctx) {
        if (!ctx)
            return super.toJSON(_);
        const map = new Map();
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const pair of this.items) {
            let key, value;
            if (identity.isPair(pair)) {
                key = toJS.toJS(pair.key, '', ctx);
                value = toJS.toJS(pair.value, key, ctx);
            }
            else {
                key = toJS.toJS(pair, '', ctx);
            }
            if (map.has(key))
                throw new Error('Ordered maps must not include duplicate keys');
            map.set(key, value);
        }
        return map;
    }
    static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap = new this();
        omap.items = pairs$1.items;
        return omap;
    }
}
YAMLOMap.tag = 'tag:yaml.org,2002:omap';
const omap = {
    collection: 'seq',
    identify: value => value instanceof Map,
    nodeClass: YAMLOMap,
    default: false,
    tag: 'tag:yaml.org,2002:omap',
    resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
            if (identity.isScalar(key)) {
                if (seenKeys.includes(key.value)) {
                    onError(`Ordered maps must not include duplicate keys: ${key.value}`);
                }
                else {
                    seenKeys.push(key.value);
                }
            }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
    },
    createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
};

exports.YAMLOMap = YAMLOMap;
exports.omap = omap;


/***/ }),

/***/ 8385:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);
var YAMLSeq = __nccwpck_require__(2223);

function resolvePairs(seq, onError) {
    if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
            let item = seq.items[i];
            if (identity.isPair(item))
                continue;
            else if (identity.isMap(item)) {
                if (item.items.length > 1)
                    onError('Each pair must have its own sequence indicator');
                const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
                if (item.commentBefore)
                    pair.key.commentBefore = pair.key.commentBefore
                        ? `${item.commentBefore}\n${pair.key.commentBefore}`
                        : item.commentBefore;
                if (item.comment) {
                    const cn = pair.value ?? pair.key;
                    cn.comment = cn.comment
                        ? `${item.comment}\n${cn.comment}`
                        : item.comment;
                }
                item = pair;
            }
            seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
    }
    else
        onError('Expected a sequence for this tag');
    return seq;
}
function createPairs(schema, iterable, ctx) {
    const { replacer } = ctx;
    const pairs = new YAMLSeq.YAMLSeq(schema);
    pairs.tag = 'tag:yaml.org,2002:pairs';
    let i = 0;
    if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
            if (typeof replacer === 'function')
                it = replacer.call(iterable, String(i++), it);
            let key, value;
            if (Array.isArray(it)) {
                if (it.length === 2) {
                    key = it[0];
                    value = it[1];
                }
                else
                    throw new TypeError(`Expected [key, value] tuple: ${it}`);
            }
            else if (it && it instanceof Object) {
                const keys = Object.keys(it);
                if (keys.length === 1) {
                    key = keys[0];
                    value = it[key];
                }
                else {
                    throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
                }
            }
            else {
                key = it;
            }
            pairs.items.push(Pair.createPair(key, value, ctx));
        }
    return pairs;
}
const pairs = {
    collection: 'seq',
    default: false,
    tag: 'tag:yaml.org,2002:pairs',
    resolve: resolvePairs,
    createNode: createPairs
};

exports.createPairs = createPairs;
exports.pairs = pairs;
exports.resolvePairs = resolvePairs;


/***/ }),

/***/ 5913:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var binary = __nccwpck_require__(6083);
var bool = __nccwpck_require__(8398);
var float = __nccwpck_require__(5782);
var int = __nccwpck_require__(873);
var merge = __nccwpck_require__(452);
var omap = __nccwpck_require__(303);
var pairs = __nccwpck_require__(8385);
var set = __nccwpck_require__(1528);
var timestamp = __nccwpck_require__(6752);

const schema = [
    map.map,
    seq.seq,
    string.string,
    _null.nullTag,
    bool.trueTag,
    bool.falseTag,
    int.intBin,
    int.intOct,
    int.int,
    int.intHex,
    float.floatNaN,
    float.floatExp,
    float.float,
    binary.binary,
    merge.merge,
    omap.omap,
    pairs.pairs,
    set.set,
    timestamp.intTime,
    timestamp.floatTime,
    timestamp.timestamp
];

exports.schema = schema;


/***/ }),

/***/ 1528:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);

class YAMLSet extends YAMLMap.YAMLMap {
    constructor(schema) {
        super(schema);
        this.tag = YAMLSet.tag;
    }
    add(key) {
        let pair;
        if (identity.isPair(key))
            pair = key;
        else if (key &&
            typeof key === 'object' &&
            'key' in key &&
            'value' in key &&
            key.value === null)
            pair = new Pair.Pair(key.key, null);
        else
            pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
            this.items.push(pair);
    }
    /**
     * If `keepPair` is `true`, returns the Pair matching `key`.
     * Otherwise, returns the value of that Pair's key.
     */
    get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair)
            ? identity.isScalar(pair.key)
                ? pair.key.value
                : pair.key
            : pair;
    }
    set(key, value) {
        if (typeof value !== 'boolean')
            throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
            this.items.splice(this.items.indexOf(prev), 1);
        }
        else if (!prev && value) {
            this.items.push(new Pair.Pair(key));
        }
    }
    toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        if (this.hasAllNullValues(true))
            return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
            throw new Error('Set items must all have null values');
    }
    static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
            for (let value of iterable) {
                if (typeof replacer === 'function')
                    value = replacer.call(iterable, value, value);
                set.items.push(Pair.createPair(value, null, ctx));
            }
        return set;
    }
}
YAMLSet.tag = 'tag:yaml.org,2002:set';
const set = {
    collection: 'map',
    identify: value => value instanceof Set,
    nodeClass: YAMLSet,
    default: false,
    tag: 'tag:yaml.org,2002:set',
    createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
    resolve(map, onError) {
        if (identity.isMap(map)) {
            if (map.hasAllNullValues(true))
                return Object.assign(new YAMLSet(), map);
            else
                onError('Set items must all have null values');
        }
        else
            onError('Expected a mapping for this tag');
        return map;
    }
};

exports.YAMLSet = YAMLSet;
exports.set = set;


/***/ }),

/***/ 6752:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

/** Internal types handle bigint as number, because TS can't figure it out. */
function parseSexagesimal(str, asBigInt) {
    const sign = str[0];
    const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
    const num = (n) => asBigInt ? BigInt(n) : Number(n);
    const res = parts
        .replace(/_/g, '')
        .split(':')
        .reduce((res, p) => res * num(60) + num(p), num(0));
    return (sign === '-' ? num(-1) * res : res);
}
/**
 * hhhh:mm:ss.sss
 *
 * Internal types handle bigint as number, because TS can't figure it out.
 */
function stringifySexagesimal(node) {
    let { value } = node;
    let num = (n) => n;
    if (typeof value === 'bigint')
        num = n => BigInt(n);
    else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
    let sign = '';
    if (value < 0) {
        sign = '-';
        value *= num(-1);
    }
    const _60 = num(60);
    const parts = [value % _60]; // seconds, including ms
    if (value < 60) {
        parts.unshift(0); // at least one : is required
    }
    else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60); // minutes
        if (value >= 60) {
            value = (value - parts[0]) / _60;
            parts.unshift(value); // hours
        }
    }
    return (sign +
        parts
            .map(n => String(n).padStart(2, '0'))
            .join(':')
            .replace(/000000\d*$/, '') // % 60 may introduce error
    );
}
const intTime = {
    identify: value => typeof value === 'bigint' || Number.isInteger(value),
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
    resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
    stringify: stringifySexagesimal
};
const floatTime = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
    resolve: str => parseSexagesimal(str, false),
    stringify: stringifySexagesimal
};
const timestamp = {
    identify: value => value instanceof Date,
    default: true,
    tag: 'tag:yaml.org,2002:timestamp',
    // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
    // may be omitted altogether, resulting in a date format. In such a case, the time part is
    // assumed to be 00:00:00Z (start of day, UTC).
    test: RegExp('^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})' + // YYYY-Mm-Dd
        '(?:' + // time is optional
        '(?:t|T|[ \\t]+)' + // t | T | whitespace
        '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)' + // Hh:Mm:Ss(.ss)?
        '(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?' + // Z | +5 | -03:30
        ')?$'),
    resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
            throw new Error('!!timestamp expects a date, starting with yyyy-mm-dd');
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + '00').substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== 'Z') {
            let d = parseSexagesimal(tz, false);
            if (Math.abs(d) < 30)
                d *= 60;
            date -= 60000 * d;
        }
        return new Date(date);
    },
    stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, '') ?? ''
};

exports.floatTime = floatTime;
exports.intTime = intTime;
exports.timestamp = timestamp;


/***/ }),

/***/ 4475:
/***/ ((__unused_webpack_module, exports) => {



const FOLD_FLOW = 'flow';
const FOLD_BLOCK = 'block';
const FOLD_QUOTED = 'quoted';
/**
 * Tries to keep input at up to `lineWidth` characters, splitting only on spaces
 * not followed by newlines or spaces unless `mode` is `'quoted'`. Lines are
 * terminated with `\n` and started with `indent`.
 */
function foldFlowLines(text, indent, mode = 'flow', { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
    if (!lineWidth || lineWidth < 0)
        return text;
    if (lineWidth < minContentWidth)
        minContentWidth = 0;
    const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
    if (text.length <= endStep)
        return text;
    const folds = [];
    const escapedFolds = {};
    let end = lineWidth - indent.length;
    if (typeof indentAtStart === 'number') {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
            folds.push(0);
        else
            end = lineWidth - indentAtStart;
    }
    let split = undefined;
    let prev = undefined;
    let overflow = false;
    let i = -1;
    let escStart = -1;
    let escEnd = -1;
    if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
            end = i + endStep;
    }
    for (let ch; (ch = text[(i += 1)]);) {
        if (mode === FOLD_QUOTED && ch === '\\') {
            escStart = i;
            switch (text[i + 1]) {
                case 'x':
                    i += 3;
                    break;
                case 'u':
                    i += 5;
                    break;
                case 'U':
                    i += 9;
                    break;
                default:
                    i += 1;
            }
            escEnd = i;
        }
        if (ch === '\n') {
            if (mode === FOLD_BLOCK)
                i = consumeMoreIndentedLines(text, i, indent.length);
            end = i + indent.length + endStep;
            split = undefined;
        }
        else {
            if (ch === ' ' &&
                prev &&
                prev !== ' ' &&
                prev !== '\n' &&
                prev !== '\t') {
                // space surrounded by non-space can be replaced with newline + indent
                const next = text[i + 1];
                if (next && next !== ' ' && next !== '\n' && next !== '\t')
                    split = i;
            }
            if (i >= end) {
                if (split) {
                    folds.push(split);
                    end = split + endStep;
                    split = undefined;
                }
                else if (mode === FOLD_QUOTED) {
                    // white-space collected at end may stretch past lineWidth
                    while (prev === ' ' || prev === '\t') {
                        prev = ch;
                        ch = text[(i += 1)];
                        overflow = true;
                    }
                    // Account for newline escape, but don't break preceding escape
                    const j = i > escEnd + 1 ? i - 2 : escStart - 1;
                    // Bail out if lineWidth & minContentWidth are shorter than an escape string
                    if (escapedFolds[j])
                        return text;
                    folds.push(j);
                    escapedFolds[j] = true;
                    end = j + endStep;
                    split = undefined;
                }
                else {
                    overflow = true;
                }
            }
        }
        prev = ch;
    }
    if (overflow && onOverflow)
        onOverflow();
    if (folds.length === 0)
        return text;
    if (onFold)
        onFold();
    let res = text.slice(0, folds[0]);
    for (let i = 0; i < folds.length; ++i) {
        const fold = folds[i];
        const end = folds[i + 1] || text.length;
        if (fold === 0)
            res = `\n${indent}${text.slice(0, end)}`;
        else {
            if (mode === FOLD_QUOTED && escapedFolds[fold])
                res += `${text[fold]}\\`;
            res += `\n${indent}${text.slice(fold + 1, end)}`;
        }
    }
    return res;
}
/**
 * Presumes `i + 1` is at the start of a line
 * @returns index of last newline in more-indented block
 */
function consumeMoreIndentedLines(text, i, indent) {
    let end = i;
    let start = i + 1;
    let ch = text[start];
    while (ch === ' ' || ch === '\t') {
        if (i < start + indent) {
            ch = text[++i];
        }
        else {
            do {
                ch = text[++i];
            } while (ch && ch !== '\n');
            end = i;
            start = i + 1;
            ch = text[start];
        }
    }
    return end;
}

exports.FOLD_BLOCK = FOLD_BLOCK;
exports.FOLD_FLOW = FOLD_FLOW;
exports.FOLD_QUOTED = FOLD_QUOTED;
exports.foldFlowLines = foldFlowLines;


/***/ }),

/***/ 2148:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var anchors = __nccwpck_require__(1596);
var identity = __nccwpck_require__(1127);
var stringifyComment = __nccwpck_require__(9799);
var stringifyString = __nccwpck_require__(3069);

function createStringifyContext(doc, options) {
    const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: 'PLAIN',
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: 'false',
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: 'null',
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: 'true',
        verifyAliasOrder: true
    }, doc.schema.toStringOptions, options);
    let inFlow;
    switch (opt.collectionStyle) {
        case 'block':
            inFlow = false;
            break;
        case 'flow':
            inFlow = true;
            break;
        default:
            inFlow = null;
    }
    return {
        anchors: new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? ' ' : '',
        indent: '',
        indentStep: typeof opt.indent === 'number' ? ' '.repeat(opt.indent) : '  ',
        inFlow,
        options: opt
    };
}
function getTagObject(tags, item) {
    if (item.tag) {
        const match = tags.filter(t => t.tag === item.tag);
        if (match.length > 0)
            return match.find(t => t.format === item.format) ?? match[0];
    }
    let tagObj = undefined;
    let obj;
    if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter(t => t.identify?.(obj));
        if (match.length > 1) {
            const testMatch = match.filter(t => t.test);
            if (testMatch.length > 0)
                match = testMatch;
        }
        tagObj =
            match.find(t => t.format === item.format) ?? match.find(t => !t.format);
    }
    else {
        obj = item;
        tagObj = tags.find(t => t.nodeClass && obj instanceof t.nodeClass);
    }
    if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? 'null' : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
    }
    return tagObj;
}
// needs to be called before value stringifier to allow for circular anchor refs
function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
    if (!doc.directives)
        return '';
    const props = [];
    const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
    if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
    }
    const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
    if (tag)
        props.push(doc.directives.tagString(tag));
    return props.join(' ');
}
function stringify(item, ctx, onComment, onChompKeep) {
    if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
    if (identity.isAlias(item)) {
        if (ctx.doc.directives)
            return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
            throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        }
        else {
            if (ctx.resolvedAliases)
                ctx.resolvedAliases.add(item);
            else
                ctx.resolvedAliases = new Set([item]);
            item = item.resolve(ctx.doc);
        }
    }
    let tagObj = undefined;
    const node = identity.isNode(item)
        ? item
        : ctx.doc.createNode(item, { onTagObj: o => (tagObj = o) });
    tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
    const props = stringifyProps(node, tagObj, ctx);
    if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
    const str = typeof tagObj.stringify === 'function'
        ? tagObj.stringify(node, ctx, onComment, onChompKeep)
        : identity.isScalar(node)
            ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep)
            : node.toString(ctx, onComment, onChompKeep);
    if (!props)
        return str;
    return identity.isScalar(node) || str[0] === '{' || str[0] === '['
        ? `${props} ${str}`
        : `${props}\n${ctx.indent}${str}`;
}

exports.createStringifyContext = createStringifyContext;
exports.stringify = stringify;


/***/ }),

/***/ 1212:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyCollection(collection, ctx, options) {
    const flow = ctx.inFlow ?? collection.flow;
    const stringify = flow ? stringifyFlowCollection : stringifyBlockCollection;
    return stringify(collection, ctx, options);
}
function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
    const { indent, options: { commentString } } = ctx;
    const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
    let chompKeep = false; // flag for the preceding node's status
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
            if (!chompKeep && item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
            if (item.comment)
                comment = item.comment;
        }
        else if (identity.isPair(item)) {
            const ik = identity.isNode(item.key) ? item.key : null;
            if (ik) {
                if (!chompKeep && ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
            }
        }
        chompKeep = false;
        let str = stringify.stringify(item, itemCtx, () => (comment = null), () => (chompKeep = true));
        if (comment)
            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        if (chompKeep && comment)
            chompKeep = false;
        lines.push(blockItemPrefix + str);
    }
    let str;
    if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
    }
    else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
            const line = lines[i];
            str += line ? `\n${indent}${line}` : '\n';
        }
    }
    if (comment) {
        str += '\n' + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
            onComment();
    }
    else if (chompKeep && onChompKeep)
        onChompKeep();
    return str;
}
function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
    const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
    itemIndent += indentStep;
    const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
    });
    let reqNewline = false;
    let linesAtValue = 0;
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
            if (item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, false);
            if (item.comment)
                comment = item.comment;
        }
        else if (identity.isPair(item)) {
            const ik = identity.isNode(item.key) ? item.key : null;
            if (ik) {
                if (ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, false);
                if (ik.comment)
                    reqNewline = true;
            }
            const iv = identity.isNode(item.value) ? item.value : null;
            if (iv) {
                if (iv.comment)
                    comment = iv.comment;
                if (iv.commentBefore)
                    reqNewline = true;
            }
            else if (item.value == null && ik?.comment) {
                comment = ik.comment;
            }
        }
        if (comment)
            reqNewline = true;
        let str = stringify.stringify(item, itemCtx, () => (comment = null));
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes('\n'));
        if (i < items.length - 1) {
            str += ',';
        }
        else if (ctx.options.trailingComma) {
            if (ctx.options.lineWidth > 0) {
                reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) +
                    (str.length + 2) >
                    ctx.options.lineWidth);
            }
            if (reqNewline) {
                str += ',';
            }
        }
        if (comment)
            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
    }
    const { start, end } = flowChars;
    if (lines.length === 0) {
        return start + end;
    }
    else {
        if (!reqNewline) {
            const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
            reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
            let str = start;
            for (const line of lines)
                str += line ? `\n${indentStep}${indent}${line}` : '\n';
            return `${str}\n${indent}${end}`;
        }
        else {
            return `${start}${fcPadding}${lines.join(' ')}${fcPadding}${end}`;
        }
    }
}
function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
    if (comment && chompKeep)
        comment = comment.replace(/^\n+/, '');
    if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart()); // Avoid double indent on first line
    }
}

exports.stringifyCollection = stringifyCollection;


/***/ }),

/***/ 9799:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Stringifies a comment.
 *
 * Empty comment lines are left empty,
 * lines consisting of a single space are replaced by `#`,
 * and all other lines are prefixed with a `#`.
 */
const stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, '#');
function indentComment(comment, indent) {
    if (/^\n+$/.test(comment))
        return comment.substring(1);
    return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
}
const lineComment = (str, indent, comment) => str.endsWith('\n')
    ? indentComment(comment, indent)
    : comment.includes('\n')
        ? '\n' + indentComment(comment, indent)
        : (str.endsWith(' ') ? '' : ' ') + comment;

exports.indentComment = indentComment;
exports.lineComment = lineComment;
exports.stringifyComment = stringifyComment;


/***/ }),

/***/ 6829:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyDocument(doc, options) {
    const lines = [];
    let hasDirectives = options.directives === true;
    if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
            lines.push(dir);
            hasDirectives = true;
        }
        else if (doc.directives.docStart)
            hasDirectives = true;
    }
    if (hasDirectives)
        lines.push('---');
    const ctx = stringify.createStringifyContext(doc, options);
    const { commentString } = ctx.options;
    if (doc.commentBefore) {
        if (lines.length !== 1)
            lines.unshift('');
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ''));
    }
    let chompKeep = false;
    let contentComment = null;
    if (doc.contents) {
        if (identity.isNode(doc.contents)) {
            if (doc.contents.spaceBefore && hasDirectives)
                lines.push('');
            if (doc.contents.commentBefore) {
                const cs = commentString(doc.contents.commentBefore);
                lines.push(stringifyComment.indentComment(cs, ''));
            }
            // top-level block scalars need to be indented if followed by a comment
            ctx.forceBlockIndent = !!doc.comment;
            contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? undefined : () => (chompKeep = true);
        let body = stringify.stringify(doc.contents, ctx, () => (contentComment = null), onChompKeep);
        if (contentComment)
            body += stringifyComment.lineComment(body, '', commentString(contentComment));
        if ((body[0] === '|' || body[0] === '>') &&
            lines[lines.length - 1] === '---') {
            // Top-level block scalars with a preceding doc marker ought to use the
            // same line for their header.
            lines[lines.length - 1] = `--- ${body}`;
        }
        else
            lines.push(body);
    }
    else {
        lines.push(stringify.stringify(doc.contents, ctx));
    }
    if (doc.directives?.docEnd) {
        if (doc.comment) {
            const cs = commentString(doc.comment);
            if (cs.includes('\n')) {
                lines.push('...');
                lines.push(stringifyComment.indentComment(cs, ''));
            }
            else {
                lines.push(`... ${cs}`);
            }
        }
        else {
            lines.push('...');
        }
    }
    else {
        let dc = doc.comment;
        if (dc && chompKeep)
            dc = dc.replace(/^\n+/, '');
        if (dc) {
            if ((!chompKeep || contentComment) && lines[lines.length - 1] !== '')
                lines.push('');
            lines.push(stringifyComment.indentComment(commentString(dc), ''));
        }
    }
    return lines.join('\n') + '\n';
}

exports.stringifyDocument = stringifyDocument;


/***/ }),

/***/ 8689:
/***/ ((__unused_webpack_module, exports) => {



function stringifyNumber({ format, minFractionDigits, tag, value }) {
    if (typeof value === 'bigint')
        return String(value);
    const num = typeof value === 'number' ? value : Number(value);
    if (!isFinite(num))
        return isNaN(num) ? '.nan' : num < 0 ? '-.inf' : '.inf';
    let n = Object.is(value, -0) ? '-0' : JSON.stringify(value);
    if (!format &&
        minFractionDigits &&
        (!tag || tag === 'tag:yaml.org,2002:float') &&
        /^-?\d/.test(n) &&
        !n.includes('e')) {
        let i = n.indexOf('.');
        if (i < 0) {
            i = n.length;
            n += '.';
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
            n += '0';
    }
    return n;
}

exports.stringifyNumber = stringifyNumber;


/***/ }),

/***/ 9748:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
    const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
    let keyComment = (identity.isNode(key) && key.comment) || null;
    if (simpleKeys) {
        if (keyComment) {
            throw new Error('With simple keys, key nodes cannot have comments');
        }
        if (identity.isCollection(key) || (!identity.isNode(key) && typeof key === 'object')) {
            const msg = 'With simple keys, collection cannot be used as a key value';
            throw new Error(msg);
        }
    }
    let explicitKey = !simpleKeys &&
        (!key ||
            (keyComment && value == null && !ctx.inFlow) ||
            identity.isCollection(key) ||
            (identity.isScalar(key)
                ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL
                : typeof key === 'object'));
    ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
    });
    let keyCommentDone = false;
    let chompKeep = false;
    let str = stringify.stringify(key, ctx, () => (keyCommentDone = true), () => (chompKeep = true));
    if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
            throw new Error('With simple keys, single line scalar must not span more than 1024 characters');
        explicitKey = true;
    }
    if (ctx.inFlow) {
        if (allNullValues || value == null) {
            if (keyCommentDone && onComment)
                onComment();
            return str === '' ? '?' : explicitKey ? `? ${str}` : str;
        }
    }
    else if ((allNullValues && !simpleKeys) || (value == null && explicitKey)) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        }
        else if (chompKeep && onChompKeep)
            onChompKeep();
        return str;
    }
    if (keyCommentDone)
        keyComment = null;
    if (explicitKey) {
        if (keyComment)
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}\n${indent}:`;
    }
    else {
        str = `${str}:`;
        if (keyComment)
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
    }
    let vsb, vcb, valueComment;
    if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
    }
    else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === 'object')
            value = doc.createNode(value);
    }
    ctx.implicitKey = false;
    if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
    chompKeep = false;
    if (!indentSeq &&
        indentStep.length >= 2 &&
        !ctx.inFlow &&
        !explicitKey &&
        identity.isSeq(value) &&
        !value.flow &&
        !value.tag &&
        !value.anchor) {
        // If indentSeq === false, consider '- ' as part of indentation where possible
        ctx.indent = ctx.indent.substring(2);
    }
    let valueCommentDone = false;
    const valueStr = stringify.stringify(value, ctx, () => (valueCommentDone = true), () => (chompKeep = true));
    let ws = ' ';
    if (keyComment || vsb || vcb) {
        ws = vsb ? '\n' : '';
        if (vcb) {
            const cs = commentString(vcb);
            ws += `\n${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === '' && !ctx.inFlow) {
            if (ws === '\n' && valueComment)
                ws = '\n\n';
        }
        else {
            ws += `\n${ctx.indent}`;
        }
    }
    else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf('\n');
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
            let hasPropsLine = false;
            if (hasNewline && (vs0 === '&' || vs0 === '!')) {
                let sp0 = valueStr.indexOf(' ');
                if (vs0 === '&' &&
                    sp0 !== -1 &&
                    sp0 < nl0 &&
                    valueStr[sp0 + 1] === '!') {
                    sp0 = valueStr.indexOf(' ', sp0 + 1);
                }
                if (sp0 === -1 || nl0 < sp0)
                    hasPropsLine = true;
            }
            if (!hasPropsLine)
                ws = `\n${ctx.indent}`;
        }
    }
    else if (valueStr === '' || valueStr[0] === '\n') {
        ws = '';
    }
    str += ws + valueStr;
    if (ctx.inFlow) {
        if (valueCommentDone && onComment)
            onComment();
    }
    else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
    }
    else if (chompKeep && onChompKeep) {
        onChompKeep();
    }
    return str;
}

exports.stringifyPair = stringifyPair;


/***/ }),

/***/ 3069:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var foldFlowLines = __nccwpck_require__(4475);

const getFoldOptions = (ctx, isBlock) => ({
    indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
    lineWidth: ctx.options.lineWidth,
    minContentWidth: ctx.options.minContentWidth
});
// Also checks for lines starting with %, as parsing the output as YAML 1.1 will
// presume that's starting a new document.
const containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
function lineLengthOverLimit(str, lineWidth, indentLength) {
    if (!lineWidth || lineWidth < 0)
        return false;
    const limit = lineWidth - indentLength;
    const strLen = str.length;
    if (strLen <= limit)
        return false;
    for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === '\n') {
            if (i - start > limit)
                return true;
            start = i + 1;
            if (strLen - start <= limit)
                return false;
        }
    }
    return true;
}
function doubleQuotedString(value, ctx) {
    const json = JSON.stringify(value);
    if (ctx.options.doubleQuotedAsJSON)
        return json;
    const { implicitKey } = ctx;
    const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    let str = '';
    let start = 0;
    for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
            // space before newline needs to be escaped to not be folded
            str += json.slice(start, i) + '\\ ';
            i += 1;
            start = i;
            ch = '\\';
        }
        if (ch === '\\')
            switch (json[i + 1]) {
                case 'u':
                    {
                        str += json.slice(start, i);
                        const code = json.substr(i + 2, 4);
                        switch (code) {
                            case '0000':
                                str += '\\0';
                                break;
                            case '0007':
                                str += '\\a';
                                break;
                            case '000b':
                                str += '\\v';
                                break;
                            case '001b':
                                str += '\\e';
                                break;
                            case '0085':
                                str += '\\N';
                                break;
                            case '00a0':
                                str += '\\_';
                                break;
                            case '2028':
                                str += '\\L';
                                break;
                            case '2029':
                                str += '\\P';
                                break;
                            default:
                                if (code.substr(0, 2) === '00')
                                    str += '\\x' + code.substr(2);
                                else
                                    str += json.substr(i, 6);
                        }
                        i += 5;
                        start = i + 1;
                    }
                    break;
                case 'n':
                    if (implicitKey ||
                        json[i + 2] === '"' ||
                        json.length < minMultiLineLength) {
                        i += 1;
                    }
                    else {
                        // folding will eat first newline
                        str += json.slice(start, i) + '\n\n';
                        while (json[i + 2] === '\\' &&
                            json[i + 3] === 'n' &&
                            json[i + 4] !== '"') {
                            str += '\n';
                            i += 2;
                        }
                        str += indent;
                        // space after newline needs to be escaped to not be folded
                        if (json[i + 2] === ' ')
                            str += '\\';
                        i += 1;
                        start = i + 1;
                    }
                    break;
                default:
                    i += 1;
            }
    }
    str = start ? str + json.slice(start) : json;
    return implicitKey
        ? str
        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
}
function singleQuotedString(value, ctx) {
    if (ctx.options.singleQuote === false ||
        (ctx.implicitKey && value.includes('\n')) ||
        /[ \t]\n|\n[ \t]/.test(value) // single quoted string can't have leading or trailing whitespace around newline
    )
        return doubleQuotedString(value, ctx);
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
    return ctx.implicitKey
        ? res
        : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
}
function quotedString(value, ctx) {
    const { singleQuote } = ctx.options;
    let qs;
    if (singleQuote === false)
        qs = doubleQuotedString;
    else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
            qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
            qs = doubleQuotedString;
        else
            qs = singleQuote ? singleQuotedString : doubleQuotedString;
    }
    return qs(value, ctx);
}
// The negative lookbehind avoids a polynomial search,
// but isn't supported yet on Safari: https://caniuse.com/js-regexp-lookbehind
let blockEndNewlines;
try {
    blockEndNewlines = new RegExp('(^|(?<!\n))\n+(?!\n|$)', 'g');
}
catch {
    blockEndNewlines = /\n+(?!\n|$)/g;
}
function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
    const { blockQuote, commentString, lineWidth } = ctx.options;
    // 1. Block can't end in whitespace unless the last line is non-empty.
    // 2. Strings consisting of only whitespace are best rendered explicitly.
    if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
    }
    const indent = ctx.indent ||
        (ctx.forceBlockIndent || containsDocumentMarker(value) ? '  ' : '');
    const literal = blockQuote === 'literal'
        ? true
        : blockQuote === 'folded' || type === Scalar.Scalar.BLOCK_FOLDED
            ? false
            : type === Scalar.Scalar.BLOCK_LITERAL
                ? true
                : !lineLengthOverLimit(value, lineWidth, indent.length);
    if (!value)
        return literal ? '|\n' : '>\n';
    // determine chomping from whitespace at value end
    let chomp;
    let endStart;
    for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== '\n' && ch !== '\t' && ch !== ' ')
            break;
    }
    let end = value.substring(endStart);
    const endNlPos = end.indexOf('\n');
    if (endNlPos === -1) {
        chomp = '-'; // strip
    }
    else if (value === end || endNlPos !== end.length - 1) {
        chomp = '+'; // keep
        if (onChompKeep)
            onChompKeep();
    }
    else {
        chomp = ''; // clip
    }
    if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === '\n')
            end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
    }
    // determine indent indicator from whitespace at value start
    let startWithSpace = false;
    let startEnd;
    let startNlPos = -1;
    for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === ' ')
            startWithSpace = true;
        else if (ch === '\n')
            startNlPos = startEnd;
        else
            break;
    }
    let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
    if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
    }
    const indentSize = indent ? '2' : '1'; // root is at -1
    // Leading | or > is added later
    let header = (startWithSpace ? indentSize : '') + chomp;
    if (comment) {
        header += ' ' + commentString(comment.replace(/ ?[\r\n]+/g, ' '));
        if (onComment)
            onComment();
    }
    if (!literal) {
        const foldedValue = value
            .replace(/\n+/g, '\n$&')
            .replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, '$1$2') // more-indented lines aren't folded
            //                ^ more-ind. ^ empty     ^ capture next empty lines only at end of indent
            .replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== 'folded' && type !== Scalar.Scalar.BLOCK_FOLDED) {
            foldOptions.onOverflow = () => {
                literalFallback = true;
            };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
            return `>${header}\n${indent}${body}`;
    }
    value = value.replace(/\n+/g, `$&${indent}`);
    return `|${header}\n${indent}${start}${value}${end}`;
}
function plainString(item, ctx, onComment, onChompKeep) {
    const { type, value } = item;
    const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
    if ((implicitKey && value.includes('\n')) ||
        (inFlow && /[[\]{},]/.test(value))) {
        return quotedString(value, ctx);
    }
    if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        // not allowed:
        // - '-' or '?'
        // - start with an indicator character (except [?:-]) or /[?-] /
        // - '\n ', ': ' or ' \n' anywhere
        // - '#' not preceded by a non-space char
        // - end with ' ' or ':'
        return implicitKey || inFlow || !value.includes('\n')
            ? quotedString(value, ctx)
            : blockString(item, ctx, onComment, onChompKeep);
    }
    if (!implicitKey &&
        !inFlow &&
        type !== Scalar.Scalar.PLAIN &&
        value.includes('\n')) {
        // Where allowed & type not set explicitly, prefer block style for multiline strings
        return blockString(item, ctx, onComment, onChompKeep);
    }
    if (containsDocumentMarker(value)) {
        if (indent === '') {
            ctx.forceBlockIndent = true;
            return blockString(item, ctx, onComment, onChompKeep);
        }
        else if (implicitKey && indent === indentStep) {
            return quotedString(value, ctx);
        }
    }
    const str = value.replace(/\n+/g, `$&\n${indent}`);
    // Verify that output will be parsed as a string, as e.g. plain numbers and
    // booleans get parsed with those types in v1.2 (e.g. '42', 'true' & '0.9e-3'),
    // and others in v1.1.
    if (actualString) {
        const test = (tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
            return quotedString(value, ctx);
    }
    return implicitKey
        ? str
        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
}
function stringifyString(item, ctx, onComment, onChompKeep) {
    const { implicitKey, inFlow } = ctx;
    const ss = typeof item.value === 'string'
        ? item
        : Object.assign({}, item, { value: String(item.value) });
    let { type } = item;
    if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        // force double quotes on control characters & unpaired surrogates
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
            type = Scalar.Scalar.QUOTE_DOUBLE;
    }
    const _stringify = (_type) => {
        switch (_type) {
            case Scalar.Scalar.BLOCK_FOLDED:
            case Scalar.Scalar.BLOCK_LITERAL:
                return implicitKey || inFlow
                    ? quotedString(ss.value, ctx) // blocks are not valid inside flow containers
                    : blockString(ss, ctx, onComment, onChompKeep);
            case Scalar.Scalar.QUOTE_DOUBLE:
                return doubleQuotedString(ss.value, ctx);
            case Scalar.Scalar.QUOTE_SINGLE:
                return singleQuotedString(ss.value, ctx);
            case Scalar.Scalar.PLAIN:
                return plainString(ss, ctx, onComment, onChompKeep);
            default:
                return null;
        }
    };
    let res = _stringify(type);
    if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = (implicitKey && defaultKeyType) || defaultStringType;
        res = _stringify(t);
        if (res === null)
            throw new Error(`Unsupported default string type ${t}`);
    }
    return res;
}

exports.stringifyString = stringifyString;


/***/ }),

/***/ 204:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove node');
/**
 * Apply a visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
function visit(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        visit_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current node */
visit.SKIP = SKIP;
/** Remove the current node */
visit.REMOVE = REMOVE;
function visit_(key, node, visitor, path) {
    const ctrl = callVisitor(key, node, visitor, path);
    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (identity.isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = visit_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (identity.isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = visit_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = visit_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
/**
 * Apply an async visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `Promise`: Must resolve to one of the following values
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
async function visitAsync(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visitAsync.BREAK = BREAK;
/** Do not visit the children of the current node */
visitAsync.SKIP = SKIP;
/** Remove the current node */
visitAsync.REMOVE = REMOVE;
async function visitAsync_(key, node, visitor, path) {
    const ctrl = await callVisitor(key, node, visitor, path);
    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visitAsync_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (identity.isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = await visitAsync_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (identity.isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = await visitAsync_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = await visitAsync_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
function initVisitor(visitor) {
    if (typeof visitor === 'object' &&
        (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
            Alias: visitor.Node,
            Map: visitor.Node,
            Scalar: visitor.Node,
            Seq: visitor.Node
        }, visitor.Value && {
            Map: visitor.Value,
            Scalar: visitor.Value,
            Seq: visitor.Value
        }, visitor.Collection && {
            Map: visitor.Collection,
            Seq: visitor.Collection
        }, visitor);
    }
    return visitor;
}
function callVisitor(key, node, visitor, path) {
    if (typeof visitor === 'function')
        return visitor(key, node, path);
    if (identity.isMap(node))
        return visitor.Map?.(key, node, path);
    if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path);
    if (identity.isPair(node))
        return visitor.Pair?.(key, node, path);
    if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path);
    if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path);
    return undefined;
}
function replaceNode(key, path, node) {
    const parent = path[path.length - 1];
    if (identity.isCollection(parent)) {
        parent.items[key] = node;
    }
    else if (identity.isPair(parent)) {
        if (key === 'key')
            parent.key = node;
        else
            parent.value = node;
    }
    else if (identity.isDocument(parent)) {
        parent.contents = node;
    }
    else {
        const pt = identity.isAlias(parent) ? 'alias' : 'scalar';
        throw new Error(`Cannot replace node with ${pt} parent`);
    }
}

exports.visit = visit;
exports.visitAsync = visitAsync;


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
