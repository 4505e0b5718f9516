import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { parseClover } from '../../src/coverage/clover.js';
import { parseCobertura, reconcileBranches } from '../../src/coverage/cobertura.js';
import { parseJacoco } from '../../src/coverage/jacoco.js';
import { CoverageParseError, totalsOf, type Counter, type CoverageReport } from '../../src/coverage/model.js';
import { readXml, sniffXmlFormat, type XmlCoverageFormat } from '../../src/coverage/xml.js';
import { plainReport } from '../helpers/coverage-report.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'coverage');

interface ManifestFigures {
  lines: Counter;
  branches?: Counter | null;
  functions?: Counter | null;
  methods?: Counter | null;
}

interface ManifestReport {
  id: string;
  format: string;
  path: string;
  reference: ManifestFigures;
  per_file?: (ManifestFigures & { file: string })[];
}

type Parser = (input: AsyncIterable<string | Buffer>, source: string) => Promise<CoverageReport>;

const PARSERS: Record<XmlCoverageFormat, Parser> = {
  'jacoco-xml': parseJacoco,
  'cobertura-xml': parseCobertura,
  'clover-xml': parseClover,
};

const isXmlFormat = (format: string): format is XmlCoverageFormat => Object.hasOwn(PARSERS, format);

const manifest = JSON.parse(readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8')) as {
  reports: ManifestReport[];
};
const xmlReports = manifest.reports.filter((r) => isXmlFormat(r.format));

function parserFor(format: string): Parser {
  if (!isXmlFormat(format)) throw new Error(`not an XML format: ${format}`);
  return PARSERS[format];
}

function parseFixture(report: ManifestReport): Promise<CoverageReport> {
  const file = path.join(FIXTURES, report.path);
  return parserFor(report.format)(createReadStream(file), report.path);
}

async function* chunksOf(text: string | Buffer, size = 64 * 1024): AsyncIterable<string | Buffer> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const fixtureBytes = (relative: string): Buffer => readFileSync(path.join(FIXTURES, relative));

describe('XML reports of the manifest: totals equal the tool’s own', () => {
  test('the manifest has fixtures of every XML format', () => {
    expect(new Set(xmlReports.map((r) => r.format))).toEqual(
      new Set(['jacoco-xml', 'cobertura-xml', 'clover-xml']),
    );
  });

  test.each(xmlReports.map((r) => [r.id, r] as const))('%s', async (_id, report) => {
    const parsed = await parseFixture(report);
    expect(parsed.format).toBe(report.format);
    expect(parsed.source).toBe(report.path);
    const totals = totalsOf(parsed.files);
    expect(totals.lines).toEqual(report.reference.lines);
    expect(totals.branches).toEqual(report.reference.branches ?? null);
    // Functions where the format carries them (istanbul's <method>s, JaCoCo's METHOD counters).
    const functions = report.reference.functions ?? report.reference.methods;
    if (totals.functions !== null) expect(totals.functions).toEqual(functions);
  });

  const perFile = xmlReports.flatMap((r) => (r.per_file ?? []).map((f) => [r.id, f.file, r, f] as const));
  test.each(perFile)('%s: %s', async (_id, key, report, expected) => {
    const parsed = await parseFixture(report);
    const file = parsed.files.find((f) => f.path === key);
    expect(file).toBeDefined();
    expect(file?.summary.lines).toEqual(expected.lines);
    if (expected.branches !== undefined) expect(file?.summary.branches).toEqual(expected.branches);
    if (expected.functions !== undefined && file?.summary.functions !== null) {
      expect(file?.summary.functions).toEqual(expected.functions);
    }
  });
});

describe('producer semantics', () => {
  const byId = (id: string): ManifestReport => {
    const report = manifest.reports.find((r) => r.id === id);
    if (report === undefined) throw new Error(`no manifest report ${id}`);
    return report;
  };

  test('coverage.py without --branch: branches null (branches-valid="0" means not measured)', async () => {
    const parsed = await parseFixture(byId('coveragepy-cobertura-nobranch'));
    expect(parsed.files.length).toBeGreaterThan(0);
    for (const file of parsed.files) {
      expect(file.summary.branches).toBeNull();
      expect(file.branches).toBeUndefined();
    }
  });

  test('coverage.py with --branch: a file without branches is 0 of 0, not null', async () => {
    const parsed = await parseFixture(byId('coveragepy-cobertura'));
    const init = parsed.files.find((f) => f.path === 'shop/util/__init__.py');
    expect(init?.summary).toEqual({
      lines: { covered: 0, total: 0 },
      branches: { covered: 0, total: 0 },
      functions: null,
    });
    expect(parsed.sourceRoots).toEqual(['/home/runner/work/demo/demo/coveragepy/project']);
  });

  test.each([
    ['coveragepy-cobertura', null],
    ['gcovr-cobertura', null],
    ['nyc-cobertura', { covered: 7, total: 10 }],
    ['c8-cobertura', { covered: 6, total: 9 }],
    ['nyc-clover', { covered: 7, total: 10 }],
    ['jacoco-xml-small', { covered: 15, total: 20 }],
  ])('%s: functions %j', async (id, expected) => {
    expect(totalsOf((await parseFixture(byId(id))).files).functions).toEqual(expected);
  });

  test('gcovr: <source>. is kept as the root; line data keeps which lines ran and branch outcomes', async () => {
    const parsed = await parseFixture(byId('gcovr-cobertura'));
    expect(parsed.sourceRoots).toEqual(['.']);
    const mathx = parsed.files.find((f) => f.path === 'mathx.c');
    expect(mathx?.lines?.get(22)).toBe(1); // 20 hits: ran
    expect(mathx?.lines?.get(33)).toBe(0);
    expect(mathx?.branches?.get(35)).toEqual({ covered: 0, total: 4 });
  });

  test('istanbul (nyc) Cobertura: a branch on a line without a statement is taken from the rates', async () => {
    const parsed = await parseFixture(byId('nyc-cobertura'));
    const format = parsed.files.find((f) => f.path === 'src/lib/format.js');
    // The default parameter's branch on line 3 (a declaration line) is in branch-rate="0.6" and the
    // root's branches-valid, not in the line data.
    expect(new Map(format?.branches)).toEqual(
      new Map([
        [11, { covered: 2, total: 2 }],
        [16, { covered: 0, total: 2 }],
      ]),
    );
    expect(format?.summary.branches).toEqual({ covered: 3, total: 5 });
  });

  test('istanbul Cobertura: <method> lines do not count as file lines', async () => {
    const parsed = await parseFixture(byId('c8-cobertura'));
    const format = parsed.files.find((f) => f.path === 'src/lib/format.js');
    expect(format?.lines?.size).toBe(22);
    expect(format?.branches?.get(11)).toEqual({ covered: 3, total: 3 });
  });

  test('JaCoCo: line data from <line nr mi ci mb cb>, summary from the <sourcefile> counters', async () => {
    const parsed = await parseFixture(byId('jacoco-xml-small'));
    expect(parsed.files.map((f) => f.path).sort()).toEqual([
      'demo/calc/Calculator.java',
      'demo/calc/Main.java',
      'demo/calc/Operation.java',
      'demo/text/Formatter.java',
      'demo/text/Untouched.java',
      'demo/text/Words.java',
    ]);
    for (const file of parsed.files) {
      const covered = [...(file.lines?.values() ?? [])].filter((hits) => hits > 0).length;
      expect({ covered, total: file.lines?.size }).toEqual(file.summary.lines);
    }
  });

  test('clover: cond lines read as istanbul writes them (truecount = arms taken)', async () => {
    const parsed = await parseFixture(byId('nyc-clover'));
    const format = parsed.files.find((f) => f.path.endsWith('/src/lib/format.js'));
    expect(format?.branches?.get(11)).toEqual({ covered: 2, total: 2 });
    expect(format?.branches?.get(16)).toEqual({ covered: 0, total: 2 });
    expect(format?.lines?.get(4)).toBe(1);
  });

  test('a fixture read in 7-byte Buffer chunks (UTF-8 split anywhere) gives the same report', async () => {
    const report = byId('jacoco-xml-small');
    const whole = await parseFixture(report);
    const chunked = await parseJacoco(chunksOf(fixtureBytes(report.path), 7), report.path);
    expect(plainReport(chunked)).toEqual(plainReport(whole));
  });
});

describe('reconcileBranches', () => {
  const c = (covered: number, total: number): Counter => ({ covered, total });
  test.each<
    [string, { counted: Counter | null; rate: number | undefined }[], Counter, (Counter | null)[] | undefined]
  >([
    ['line data adds up: nothing to do', [{ counted: c(2, 4), rate: 0.5 }], c(2, 4), undefined],
    [
      'one file short by one covered branch',
      [
        { counted: c(2, 4), rate: 0.6 },
        { counted: c(1, 2), rate: 0.5 },
      ],
      c(4, 7),
      [c(3, 5), c(1, 2)],
    ],
    ['a file with no branch lines but a stated rate', [{ counted: c(0, 0), rate: 0 }], c(0, 1), [c(0, 1)]],
    [
      'two files short, float-noisy truncated rates',
      [
        { counted: c(1, 2), rate: 0.6666 },
        { counted: c(0, 0), rate: 0.3333 },
      ],
      c(3, 6),
      [c(2, 3), c(1, 3)],
    ],
    [
      'fixes that do not add up to the root: line data stands',
      [{ counted: c(2, 4), rate: 0.6 }],
      c(5, 9),
      undefined,
    ],
    ['root below the line data: line data stands', [{ counted: c(2, 4), rate: 0.6 }], c(1, 2), undefined],
    ['no rate to go by', [{ counted: c(2, 4), rate: undefined }], c(3, 5), undefined],
    [
      'not measured files are left alone',
      [
        { counted: null, rate: 0 },
        { counted: c(0, 0), rate: 0 },
      ],
      c(0, 1),
      [null, c(0, 1)],
    ],
  ])('%s', (_name, files, root, expected) => {
    expect(reconcileBranches(files, root)).toEqual(expected);
  });
});

describe('small documents', () => {
  const parse = (parser: Parser, xml: string): Promise<CoverageReport> => parser(chunksOf(xml, 5), 'in.xml');

  test('Cobertura: classes sharing a filename merge line by line', async () => {
    const xml = `<?xml version="1.0"?>
<coverage lines-valid="4" lines-covered="3" branches-valid="4" branches-covered="3" branch-rate="0.75">
  <sources><source> /src/main/java </source><source></source><source><![CDATA[/src/gen]]></source></sources>
  <packages><package name="demo"><classes>
    <class name="demo.Main" filename="demo/Main.java"><methods>
      <method name="run" signature="()V"><lines><line number="3" hits="0"/></lines></method>
      <method name="main" signature="()V"><lines><line number="2" hits="4"/></lines></method>
    </methods><lines>
      <line number="2" hits="4" branch="true" condition-coverage="50% (1/2)"/>
      <line number="3" hits="0" branch="false"/>
    </lines></class>
    <class name="demo.Main$1" filename="demo/Main.java"><methods/><lines>
      <line number="2" hits="1" branch="True" condition-coverage="100% (2/2)"/>
      <line number="9" hits="2"/>
    </lines></class>
    <class name="demo.Main$1" filename="demo/Main.java"><methods/><lines>
      <line number="2" hits="1" branch="true" condition-coverage="50% (1/2)"/>
    </lines></class>
  </classes></package></packages>
</coverage>`;
    const parsed = await parse(parseCobertura, xml);
    expect(parsed.sourceRoots).toEqual(['/src/main/java', '/src/gen']);
    expect(parsed.files).toHaveLength(1);
    const [main] = parsed.files;
    expect(new Map(main?.lines)).toEqual(
      new Map([
        [2, 1],
        [3, 0],
        [9, 1],
      ]),
    );
    // Main's 1/2 plus Main$1's 2/2 (a second class); the repeated Main$1 adds nothing new.
    expect(new Map(main?.branches)).toEqual(new Map([[2, { covered: 3, total: 4 }]]));
    expect(main?.summary).toEqual({
      lines: { covered: 2, total: 3 },
      branches: { covered: 3, total: 4 },
      functions: { covered: 1, total: 2 },
    });
  });

  test('JaCoCo: default package, groups, missing counters fall back to the line data', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">
<report name="r"><group name="module"><package name=""><sourcefile name="App.java">
<line nr="1" mi="0" ci="2" mb="0" cb="0"/><line nr="2" mi="3" ci="0" mb="1" cb="1"/>
</sourcefile></package></group></report>`;
    const parsed = await parse(parseJacoco, xml);
    expect(plainReport(parsed).files).toEqual([
      {
        path: 'App.java',
        lines: new Map([
          [1, 1],
          [2, 0],
        ]),
        branches: new Map([[2, { covered: 1, total: 2 }]]),
        summary: {
          lines: { covered: 1, total: 2 },
          branches: { covered: 1, total: 2 },
          functions: { covered: 0, total: 0 },
        },
      },
    ]);
  });

  test('Clover: PHPUnit-style file with classes; test project left out; no metrics → counted', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<coverage generated="1"><project timestamp="1"><package name="App">
  <file name="/app/src/A.php">
    <class name="A" namespace="App"><metrics methods="9" statements="9" coveredstatements="9"/></class>
    <line num="3" type="method" name="f" count="1"/>
    <line num="4" type="stmt" count="1"/><line num="5" type="stmt" count="0"/>
    <metrics loc="9" ncloc="9" methods="1" coveredmethods="1" conditionals="0" coveredconditionals="0" statements="2" coveredstatements="1"/>
  </file></package>
  <file name="B.js"><line num="1" type="cond" count="2" truecount="1" falsecount="1"/><line num="1" type="stmt" count="5"/></file>
</project>
<testproject timestamp="1"><file name="T.php" path="/app/tests/T.php"><metrics statements="3" coveredstatements="3"/></file></testproject>
</coverage>`;
    const parsed = await parse(parseClover, xml);
    expect(parsed.files.map((f) => [f.path, f.summary])).toEqual([
      [
        '/app/src/A.php',
        {
          lines: { covered: 1, total: 2 },
          branches: { covered: 0, total: 0 },
          functions: { covered: 1, total: 1 },
        },
      ],
      ['B.js', { lines: { covered: 1, total: 1 }, branches: { covered: 1, total: 2 }, functions: null }],
    ]);
    expect(new Map(parsed.files[1]?.lines)).toEqual(new Map([[1, 1]]));
  });
});

describe('untrusted input is refused with file:line:column', () => {
  const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<coverage line-rate="1"><sources><source>&lol9;</source></sources></coverage>`;
  const ENTITIES_REFUSED = /the DOCTYPE declares entities \(<!ENTITY …>\); refused/;

  test('billion laughs: refused at the DOCTYPE, quickly', async () => {
    const started = performance.now();
    const result = parseCobertura(chunksOf(BILLION_LAUGHS), 'bomb.xml');
    await expect(result).rejects.toThrow(CoverageParseError);
    await expect(result).rejects.toThrow(/^bomb\.xml:13:2: the DOCTYPE declares entities/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test.each<[string, Parser, string, RegExp]>([
    [
      'external entity (file)',
      parseJacoco,
      `<?xml version="1.0"?><!DOCTYPE report [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><report name="&xxe;"/>`,
      ENTITIES_REFUSED,
    ],
    [
      'external entity (http)',
      parseCobertura,
      `<!DOCTYPE coverage [ <!ENTITY xxe SYSTEM "http://127.0.0.1:1/x"> ]>\n<coverage>&xxe;</coverage>`,
      ENTITIES_REFUSED,
    ],
    [
      'parameter entity',
      parseClover,
      `<!DOCTYPE coverage [ <!ENTITY % dtd SYSTEM "http://127.0.0.1:1/e.dtd"> %dtd; ]><coverage/>`,
      ENTITIES_REFUSED,
    ],
    [
      'undeclared entity',
      parseCobertura,
      `<coverage><sources><source>&nbsp;</source></sources></coverage>`,
      /undefined entity/,
    ],
    [
      'non-XML: lcov',
      parseCobertura,
      'TN:\nSF:src/a.js\nDA:1,1\nend_of_record\n',
      /^in:5:1: text data outside of root node/,
    ],
    [
      'non-XML: JSON',
      parseClover,
      '{"total":{"lines":{"total":1}}}',
      /^in:1:31: text data outside of root node/,
    ],
    ['empty file', parseJacoco, '', /^in:1:1: document must contain a root element/],
    [
      'another format: Cobertura given to JaCoCo',
      parseJacoco,
      '<coverage line-rate="1"/>',
      /expected a JaCoCo XML report \(root element <report>\), found <coverage>/,
    ],
    [
      'another format: Clover given to Cobertura',
      parseCobertura,
      '<coverage clover="3.2.0"/>',
      /expected a Cobertura XML report/,
    ],
    [
      'another format: HTML',
      parseClover,
      '<!DOCTYPE html><html><body/></html>',
      /^in:1:21: expected a Clover XML report/,
    ],
    [
      'bad count',
      parseJacoco,
      '<report><package name="p"><sourcefile name="A.java"><line nr="x"/>',
      /^in:1:66: attribute nr="x"; expected a non-negative integer/,
    ],
    [
      'bad condition-coverage',
      parseCobertura,
      '<coverage><packages><package><classes><class filename="a.c"><lines><line number="1" hits="1" branch="true" condition-coverage="half"/>',
      /condition-coverage="half"; expected/,
    ],
    [
      'mismatched tag',
      parseCobertura,
      '<coverage>\n  <sources></source>\n</coverage>',
      /^in:2:20: unexpected close tag/,
    ],
  ])('%s', async (_name, parser, xml, message) => {
    const result = parser(chunksOf(xml), 'in');
    await expect(result).rejects.toThrow(CoverageParseError);
    await expect(result).rejects.toThrow(message);
  });

  // The tokenizer's own rules (it replaced saxes): each refused with the position of the faulty token.
  test.each<[string, string, RegExp]>([
    [
      'duplicate attribute',
      '<report>\n<package name="a" name="b"/></report>',
      /^in:2:26: duplicate attribute: name\.$/,
    ],
    ['unquoted attribute', '<report name=x/>', /^in:1:14: unquoted attribute value\.$/],
    ['attribute without value', '<report name/>', /^in:1:13: attribute without value\.$/],
    ['"<" in an attribute', '<report name="a<b"/>', /^in:1:16: disallowed character in attribute value/],
    ['no space between attributes', '<report a="1"b="2"/>', /^in:1:14: no whitespace between attributes\.$/],
    ['undefined entity in an attribute', '<report name="&foo;"/>', /^in:1:19: undefined entity: "foo"\.$/],
    ['reference without ";"', '<report name="a & b"/>', /^in:1:18: malformed entity reference/],
    ['character reference to NUL', '<report name="&#0;"/>', /^in:1:18: malformed character entity\.$/],
    ['control character', '<report name="\u0001"/>', /^in:1:15: disallowed character\.$/],
    ['two roots', '<report/>\n<report/>', /^in:2:9: documents may contain only one root\.$/],
    ['text after the root', '<report/>x', /^in:1:10: text data outside of root node\.$/],
    ['"--" in a comment', '<report><!-- a -- b --></report>', /^in:1:23: malformed comment\.$/],
    ['XML declaration not first', ' <?xml version="1.0"?><report/>', /must be at the start of the document/],
    ['malformed XML declaration', '<?xml encoding="UTF-8"?><report/>', /malformed XML declaration/],
    ['DOCTYPE after the root', '<report><!DOCTYPE report></report>', /inappropriately located doctype/],
    ['"]]>" in text', '<report>a]]>b</report>', /^in:1:12: the string "\]\]>" is disallowed/],
    ['cut inside a tag', '<report><package name="p', /^in:1:24: unexpected end\.$/],
    ['cut after a tag', '<report><package name="p">', /^in:1:26: unclosed tag: package$/],
    ['close tag of nothing open', '<report/></report>', /^in:1:18: unmatched closing tag: report\.$/],
    ['bad tag name', '<report><1a/></report>', /^in:1:10: disallowed character in tag name\.$/],
  ])('tokenizer: %s', async (_name, xml, message) => {
    for (const size of [1, 3, 64 * 1024]) {
      const result = parseJacoco(chunksOf(xml, size), 'in');
      await expect(result).rejects.toThrow(CoverageParseError);
      await expect(result).rejects.toThrow(message);
    }
  });

  test('tokenizer: the five entities and character references are read; others never', async () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">\n' +
      '<!-- a comment --><?pi data?><report name="r"><package name="a&amp;b&lt;&gt;&quot;&apos;&#x41;&#66;\tc">' +
      '<sourcefile name="Ü.java"><line nr="1" mi="0" ci="1"/><line nr=\'2\' ci = "0" /></sourcefile></package></report>';
    for (const size of [1, 2, 5, 1000]) {
      const parsed = await parseJacoco(chunksOf(Buffer.from(xml, 'utf8'), size), 'in');
      expect(parsed.files.map((f) => [f.path, f.summary.lines])).toEqual([
        ['a&b<>"\'AB c/Ü.java', { covered: 1, total: 2 }],
      ]);
    }
  });

  test.each(xmlReports.map((r) => [r.id, r] as const))(
    '%s cut in half: error with file:line:column',
    async (_id, report) => {
      const bytes = fixtureBytes(report.path);
      const half = bytes.subarray(0, Math.floor(bytes.length / 2));
      const result = parserFor(report.format)(chunksOf(half, 1000), report.path);
      await expect(result).rejects.toThrow(CoverageParseError);
      const error = await result.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoverageParseError);
      const { file, position, message } = error as CoverageParseError;
      expect(file).toBe(report.path);
      expect(position?.line).toBeGreaterThanOrEqual(1);
      expect(position?.column).toBeGreaterThanOrEqual(1);
      expect(message).toMatch(new RegExp(`^${report.path.replace(/[.]/g, '\\.')}:\\d+:\\d+: `));
    },
  );

  test('limits: a giant token and deep nesting are refused', async () => {
    const ignore = { open: (): void => undefined };
    const giant = `<coverage><x a="${'a'.repeat(5000)}"/></coverage>`;
    await expect(readXml(chunksOf(giant, 100), 'g.xml', ignore, { maxTokenChars: 1000 })).rejects.toThrow(
      /^g\.xml:1:\d+: no element ends within 1000 characters/,
    );
    const deep = `${'<a>'.repeat(20)}${'</a>'.repeat(20)}`;
    await expect(readXml(chunksOf(deep), 'd.xml', ignore, { maxDepth: 10 })).rejects.toThrow(
      /^d\.xml:1:33: elements nested deeper than 10 levels/,
    );
    await expect(readXml(chunksOf(deep), 'd.xml', ignore)).resolves.toBeUndefined();
  });
});

describe('sniffXmlFormat', () => {
  test.each(xmlReports.map((r) => [r.path, r.format] as const))('%s → %s', (relative, format) => {
    expect(sniffXmlFormat(fixtureBytes(relative).subarray(0, 4096).toString('utf8'))).toBe(format);
  });

  test.each<[string, string, XmlCoverageFormat | undefined]>([
    [
      'JaCoCo DOCTYPE only',
      '<?xml version="1.0"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">',
      'jacoco-xml',
    ],
    ['JaCoCo root with BOM', '\uFEFF<report name="x"><sessioninfo', 'jacoco-xml'],
    [
      'Cobertura (Java) DOCTYPE',
      '<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">\n<coverage timestamp="1">',
      'cobertura-xml',
    ],
    ['Cobertura root without rates', '<coverage version="1">\n  <sources>', 'cobertura-xml'],
    [
      'coverlet',
      '<?xml version="1.0" encoding="utf-8"?>\n<coverage line-rate="0.5" branch-rate="1" version="1.9" timestamp="1">',
      'cobertura-xml',
    ],
    [
      'OpenClover',
      '<?xml version="1.0" encoding="UTF-8"?>\n<coverage generated="1" clover="4.4.1">',
      'clover-xml',
    ],
    [
      'PHPUnit clover',
      '<?xml version="1.0" encoding="UTF-8"?>\n<coverage generated="1">\n  <project timestamp="1">',
      'clover-xml',
    ],
    ['comment before root', '<!-- hi --><coverage clover="3.2.0">', 'clover-xml'],
    [
      'internal subset skipped',
      '<!DOCTYPE coverage [ <!ELEMENT coverage ANY> ]><coverage lines-valid="1">',
      'cobertura-xml',
    ],
    ['cut before the root', '<?xml version="1.0"?>\n<!-- Generated', undefined],
    ['HTML', '<!DOCTYPE html><html lang="en">', undefined],
    ['lcov', 'TN:\nSF:src/a.js\n', undefined],
    ['JSON', '{"total":{}}', undefined],
    ['coverage root, nothing telling yet', '<coverage>', undefined],
  ])('%s', (_name, head, format) => {
    expect(sniffXmlFormat(head)).toBe(format);
  });
});

describe('a large JaCoCo report (one line, like JaCoCo writes it)', () => {
  const LINES_PER_FILE = 100;
  const lineXml = (nr: number): string =>
    nr % 10 === 0
      ? `<line nr="${nr}" mi="2" ci="3" mb="1" cb="1"/>`
      : `<line nr="${nr}" mi="${nr % 4 === 0 ? 4 : 0}" ci="${nr % 4 === 0 ? 0 : 4}" mb="0" cb="0"/>`;
  const fileLines = Array.from({ length: LINES_PER_FILE }, (_, i) => lineXml(i + 1)).join('');
  // Lines 4, 8, 12, … are missed except every 10th (partly covered): 100 - 25 + 5 = 80 covered.
  const packageXml = (i: number): string =>
    `<package name="org/example/p${i}"><class name="org/example/p${i}/C" sourcefilename="C.java">` +
    `<method name="run" desc="()V" line="1"><counter type="LINE" missed="20" covered="80"/></method>` +
    `<counter type="LINE" missed="20" covered="80"/></class><sourcefile name="C.java">${fileLines}` +
    `<counter type="INSTRUCTION" missed="120" covered="320"/><counter type="BRANCH" missed="10" covered="10"/>` +
    `<counter type="LINE" missed="20" covered="80"/><counter type="METHOD" missed="0" covered="1"/>` +
    `</sourcefile><counter type="LINE" missed="20" covered="80"/></package>`;

  // Its memory is measured in bench/coverage.mjs, side by side with the peers: RSS in a test run is the
  // whole jest process's and moves with GC and the machine's load (it failed runs at 253 MB of 200).
  test('~30 MB on one line parses completely', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'berth-jacoco-'));
    try {
      const file = path.join(dir, 'jacoco.xml');
      const handle = await open(file, 'w');
      const head =
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="big">';
      await handle.write(head);
      let size = head.length;
      let packages = 0;
      while (size < 30 * 1024 * 1024) {
        const batch = Array.from({ length: 200 }, (_, k) => packageXml(packages + k)).join('');
        await handle.write(batch);
        size += batch.length;
        packages += 200;
      }
      await handle.write('<counter type="LINE" missed="0" covered="0"/></report>');
      await handle.close();

      const parsed = await parseJacoco(createReadStream(file), 'jacoco.xml');

      expect(parsed.files).toHaveLength(packages);
      expect(totalsOf(parsed.files)).toEqual({
        lines: { covered: 80 * packages, total: 100 * packages },
        branches: { covered: 10 * packages, total: 20 * packages },
        functions: { covered: packages, total: packages },
      });
      expect(parsed.files[0]?.lines?.size).toBe(LINES_PER_FILE);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a JaCoCo report of 50,000 classes, streamed (generated here, never held whole)', () => {
  // 50,000 packages of one class and its source file, 12 lines each (every 4th missed, a branch line).
  const CLASSES = 50_000;
  async function* report(sample: () => void): AsyncIterable<string> {
    yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">\n<report name="huge">\n';
    let batch = '';
    for (let c = 0; c < CLASSES; c++) {
      let lines = '';
      for (let nr = 1; nr <= 12; nr++) {
        lines += `    <line nr="${nr}" mi="${nr % 4 === 0 ? 3 : 0}" ci="${nr % 4 === 0 ? 0 : 5}" mb="${nr === 6 ? 1 : 0}" cb="${nr === 6 ? 1 : 0}"/>\n`;
      }
      batch +=
        `  <package name="com/acme/m${c}">\n   <class name="com/acme/m${c}/C${c}" sourcefilename="C${c}.java">` +
        `<method name="run" desc="()V" line="1"><counter type="LINE" missed="3" covered="9"/></method></class>\n` +
        `   <sourcefile name="C${c}.java">\n${lines}    <counter type="LINE" missed="3" covered="9"/>` +
        `<counter type="BRANCH" missed="1" covered="1"/><counter type="METHOD" missed="0" covered="1"/>\n` +
        `   </sourcefile>\n  </package>\n`;
      if (c % 500 === 499) {
        yield batch;
        batch = '';
        if (c % 5000 === 4999) sample();
      }
    }
    yield `${batch}</report>\n`;
  }

  /** The most the heap grew (after GC) at the samples taken while the report streams. */
  const heapPeak = (): { sample: () => void; peak: () => number } => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    return {
      sample: (): void => {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      },
      peak: () => peak,
    };
  };

  test('the reader alone keeps nothing as the report streams (~50 MB)', async () => {
    const heap = heapPeak();
    let elements = 0; // per class: package, class, method, its counter, sourcefile, 12 lines, 3 counters
    await readXml(report(heap.sample), 'huge.xml', { open: () => void (elements += 1) });
    expect(elements).toBe(1 + CLASSES * 20);
    // A chunk and an unfinished token at most: no growth with the report.
    expect(heap.peak()).toBeLessThan(8 * 1024 * 1024);
  });

  test('right totals; the heap holds the parsed result, not the text', async () => {
    const heap = heapPeak();
    const sample = heap.sample;
    const parsed = await parseJacoco(report(sample), 'huge.xml');
    expect(parsed.files).toHaveLength(CLASSES);
    expect(parsed.files[CLASSES - 1]?.path).toBe(`com/acme/m${CLASSES - 1}/C${CLASSES - 1}.java`);
    expect(totalsOf(parsed.files)).toEqual({
      lines: { covered: 9 * CLASSES, total: 12 * CLASSES },
      branches: { covered: CLASSES, total: 2 * CLASSES },
      functions: { covered: CLASSES, total: CLASSES },
    });
    // ~50 MB of XML; what stays is the parsed result (50,000 files' line data, ~40 MB measured).
    expect(heap.peak()).toBeLessThan(64 * 1024 * 1024);
  });
});
