// Coverage parsing at scale: single-line JaCoCo XML reports (a big Spring monolith's) and lcov files of
// each size asked for, each through `node dist/index.js` (INPUT_COMMAND=coverage: parse, merge, gate,
// render the summary) and through the parsers peers use — xml2js (madrapps/jacoco-report) and
// fast-xml-parser for JaCoCo, lcov-parse for lcov — in their own Node processes, computing the same
// totals (the run fails if any disagree). Wall time and peak RSS (GNU time), median of 3 (RUNS=n to
// change; a run past TIMEOUT_S seconds, default 300, counts as failed); then, per size and format,
// berth against the fastest peer of the same run.
// Usage: node bench/coverage.mjs [megabytes ...]   e.g. `node bench/coverage.mjs 60 120 240`
// Prints Markdown. Writes only to a temp dir it removes; one report at a time is on disk.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sizes = process.argv.slice(2).map(Number);
if (sizes.length === 0) sizes.push(60);
if (sizes.some((mb) => !(mb > 0 && mb <= 1024))) throw new Error('sizes are megabytes, 1 to 1024');
const work = mkdtempSync(path.join(tmpdir(), 'berth-bench-coverage-'));
const RUNS = Number(process.env.RUNS ?? 3);
// A peer past this (GC-bound on the biggest sizes) is reported as failed rather than awaited.
const TIMEOUT_S = Number(process.env.TIMEOUT_S ?? 300);
const versionOf = (name) =>
  JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

async function write(file, chunks) {
  const out = createWriteStream(file);
  for (const chunk of chunks) if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  await new Promise((r) => out.end(r));
}

/** JaCoCo XML on one line, as the Maven/Gradle plugins write it: packages of classes with their source files. */
function* jacoco(targetBytes) {
  yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="monolith"><sessioninfo id="s" start="1" dump="2"/>';
  let bytes = 300;
  let lines = 0;
  let covered = 0;
  for (let p = 0; bytes < targetBytes; p++) {
    let pkg = `<package name="com/acme/shop/module${p}">`;
    for (let c = 0; c < 20; c++) {
      const name = `Service${c}`;
      pkg += `<class name="com/acme/shop/module${p}/${name}" sourcefilename="${name}.java"><method name="run" desc="()V" line="10"><counter type="INSTRUCTION" missed="3" covered="7"/><counter type="LINE" missed="1" covered="2"/><counter type="METHOD" missed="0" covered="1"/></method><counter type="LINE" missed="1" covered="2"/></class>`;
    }
    for (let c = 0; c < 20; c++) {
      let sf = `<sourcefile name="Service${c}.java">`;
      let lm = 0;
      let lc = 0;
      for (let l = 1; l <= 60; l++) {
        const hit = (l + c + p) % 4 !== 0;
        sf += `<line nr="${l}" mi="${hit ? 0 : 3}" ci="${hit ? 4 : 0}" mb="${l % 10 === 0 ? 1 : 0}" cb="${l % 10 === 0 ? 1 : 0}"/>`;
        if (hit) lc++;
        else lm++;
      }
      sf += `<counter type="LINE" missed="${lm}" covered="${lc}"/><counter type="BRANCH" missed="6" covered="6"/></sourcefile>`;
      pkg += sf;
      lines += 60;
      covered += lc;
    }
    pkg += '</package>';
    bytes += pkg.length;
    yield pkg;
  }
  yield `</report>`;
  writeFileSync(path.join(work, 'expected'), `${covered} ${lines}`);
}

function* lcov(targetBytes) {
  let bytes = 0;
  let lines = 0;
  let covered = 0;
  for (let f = 0; bytes < targetBytes; f++) {
    let rec = `TN:\nSF:/home/runner/work/app/app/src/module${Math.floor(f / 50)}/file${f}.ts\nFN:1,fn${f}\nFNDA:1,fn${f}\nFNF:1\nFNH:1\n`;
    let lh = 0;
    for (let l = 1; l <= 200; l++) {
      const hits = (l + f) % 5 === 0 ? 0 : l;
      if (hits > 0) lh++;
      rec += `DA:${l},${hits}\n`;
      if (l % 20 === 0) rec += `BRDA:${l},0,0,1\nBRDA:${l},0,1,0\n`;
    }
    rec += `LF:200\nLH:${lh}\nBRF:20\nBRH:10\nend_of_record\n`;
    bytes += rec.length;
    lines += 200;
    covered += lh;
    yield rec;
  }
  writeFileSync(path.join(work, 'expected'), `${covered} ${lines}`);
}

const xml2jsScript = `
const { readFileSync } = require('node:fs');
const { parseStringPromise } = require('xml2js');
parseStringPromise(readFileSync(process.argv[1], 'utf8')).then((doc) => {
  let covered = 0, total = 0;
  for (const pkg of doc.report.package ?? []) for (const sf of pkg.sourcefile ?? []) for (const c of sf.counter ?? [])
    if (c.$.type === 'LINE') { covered += Number(c.$.covered); total += Number(c.$.covered) + Number(c.$.missed); }
  console.log(covered, total);
});`;

// As a JaCoCo action would use it: attributes kept (unprefixed), the repeated elements always arrays.
const fastXmlParserScript = `
const { readFileSync } = require('node:fs');
const { XMLParser } = require('fast-xml-parser');
const repeated = new Set(['group', 'package', 'class', 'method', 'sourcefile', 'line', 'counter']);
const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => repeated.has(name) })
  .parse(readFileSync(process.argv[1], 'utf8'));
let covered = 0, total = 0;
for (const pkg of doc.report.package ?? []) for (const sf of pkg.sourcefile ?? []) for (const c of sf.counter ?? [])
  if (c.type === 'LINE') { covered += Number(c.covered); total += Number(c.covered) + Number(c.missed); }
console.log(covered, total);`;

const lcovParseScript = `
const lcovParse = require('lcov-parse');
lcovParse(process.argv[1], (err, data) => {
  if (err) throw new Error(err);
  let covered = 0, total = 0;
  for (const f of data) { covered += f.lines.hit; total += f.lines.found; }
  console.log(covered, total);
});`;

/** One measured run: wall ms, peak RSS MiB, stdout. */
function measure(argv, env = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'timeout', String(TIMEOUT_S), ...argv], {
    cwd: work,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status === 124) throw new Error(`timed out after ${TIMEOUT_S} s`);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  const rss = Number(r.stderr.trim().split('\n').at(-1)) / 1024;
  return { ms, rss, out: r.stdout };
}

function berth(file) {
  const out = path.join(work, 'out');
  writeFileSync(out, '');
  writeFileSync(path.join(work, 'summary'), '');
  const m = measure([process.execPath, path.join(root, 'dist', 'index.js')], {
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: work,
    GITHUB_OUTPUT: out,
    GITHUB_STEP_SUMMARY: path.join(work, 'summary'),
    GITHUB_EVENT_NAME: 'push',
    INPUT_COMMAND: 'coverage',
    'INPUT_COVERAGE-FILES': path.basename(file),
  });
  const text = spawnSync('cat', [out], { encoding: 'utf8' }).stdout;
  const get = (name) => new RegExp(`${name}<<(\\S+)\\n(.*)\\n`).exec(text)?.[2];
  return { ...m, out: `${get('lines-covered')} ${get('lines-total')}` };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** RUNS measured runs; a peer that fails (out of memory on the biggest sizes) is reported, not fatal. */
function series(name, fn) {
  try {
    const runs = Array.from({ length: RUNS }, fn);
    return {
      name,
      ms: median(runs.map((r) => r.ms)),
      rss: median(runs.map((r) => r.rss)),
      out: runs[0].out.trim(),
    };
  } catch (error) {
    return { name, failed: String(error.message).split('\n')[0].slice(0, 120) };
  }
}

const nodePath = path.join(root, 'node_modules');
const peer = (script) => (file) => () =>
  measure([process.execPath, '-e', script, file], { NODE_PATH: nodePath });
const FORMATS = [
  {
    kind: 'JaCoCo XML',
    file: 'jacoco.xml',
    generate: jacoco,
    peers: [
      [`xml2js ${versionOf('xml2js')} + totals`, peer(xml2jsScript)],
      [`fast-xml-parser ${versionOf('fast-xml-parser')} + totals`, peer(fastXmlParserScript)],
    ],
  },
  {
    kind: 'lcov',
    file: 'lcov.info',
    generate: lcov,
    peers: [[`lcov-parse ${versionOf('lcov-parse')} + totals`, peer(lcovParseScript)]],
  },
];

try {
  const rows = [];
  const summary = [];
  for (const mb of sizes) {
    for (const format of FORMATS) {
      const file = path.join(work, format.file);
      const expected = path.join(work, 'expected');
      rmSync(expected, { force: true });
      await write(file, format.generate(mb * 1024 * 1024));
      const size = statSync(file).size / 1048576;
      const results = [
        series('berth coverage (dist)', () => berth(file)),
        ...format.peers.map(([name, run]) => series(name, run(file))),
      ];
      rmSync(file, { force: true });
      const want = readFileSync(expected, 'utf8');
      for (const r of results) {
        if (r.failed === undefined && r.out !== want) {
          throw new Error(`${format.kind} ${mb} MB: ${r.name} read ${r.out}, the generator wrote ${want}`);
        }
        rows.push({ kind: format.kind, size, ...r });
      }
      const [ours, ...peers] = results;
      const fastest = peers.filter((r) => r.failed === undefined).sort((a, b) => a.ms - b.ms)[0];
      summary.push({ kind: format.kind, size, ours, fastest });
    }
  }
  console.log('| report | size MB | parser | median s | median peak RSS MiB | lines covered / total |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const [s, rss, out] =
      r.failed === undefined ? [(r.ms / 1000).toFixed(2), r.rss.toFixed(0), r.out] : ['failed', '', r.failed];
    console.log(`| ${r.kind} | ${r.size.toFixed(1)} | ${r.name} | ${s} | ${rss} | ${out} |`);
  }
  console.log(
    '\n| report | size MB | fastest peer | berth s | peer s | berth faster by | berth peak MiB | peer peak MiB |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const { kind, size, ours, fastest } of summary) {
    const peerCells =
      fastest === undefined
        ? ['(all failed)', '', '']
        : [fastest.name, (fastest.ms / 1000).toFixed(2), fastest.rss.toFixed(0)];
    const ratio =
      fastest === undefined || ours.failed !== undefined ? '' : `${(fastest.ms / ours.ms).toFixed(1)}×`;
    const oursCells =
      ours.failed === undefined ? [(ours.ms / 1000).toFixed(2), ours.rss.toFixed(0)] : ['failed', ''];
    console.log(
      `| ${kind} | ${size.toFixed(1)} | ${peerCells[0]} | ${oursCells[0]} | ${peerCells[1]} | ${ratio} | ${oursCells[1]} | ${peerCells[2]} |`,
    );
  }
  console.log(
    `\n${RUNS} runs each, node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end; berth's figure includes Node start-up, merge, gate and the summary.`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
