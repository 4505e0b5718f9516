// Coverage parsing at scale: a ~60 MB single-line JaCoCo XML (a big Spring monolith's report) and a
// ~60 MB lcov, each through `node dist/index.js` (INPUT_COMMAND=coverage: parse, merge, gate, render the
// summary) and through the parsers peers use — xml2js (madrapps/jacoco-report) and lcov-parse — in
// their own Node processes, computing the same totals. Wall time and peak RSS (GNU time), median of 3.
// Usage: node bench/coverage.mjs [megabytes]   Prints Markdown. Writes only to a temp dir it removes.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const targetBytes = Number(process.argv[2] ?? 60) * 1024 * 1024;
const work = mkdtempSync(path.join(tmpdir(), 'berth-bench-coverage-'));
const RUNS = 3;

async function write(file, chunks) {
  const out = createWriteStream(file);
  for (const chunk of chunks()) if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  await new Promise((r) => out.end(r));
}

/** JaCoCo XML on one line, as the Maven/Gradle plugins write it: packages of classes with their source files. */
function* jacoco() {
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
  writeFileSync(path.join(work, 'jacoco.expected'), `${covered} ${lines}`);
}

function* lcov() {
  let bytes = 0;
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
    yield rec;
  }
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
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], {
    cwd: work,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
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
function series(name, fn) {
  const runs = Array.from({ length: RUNS }, fn);
  return {
    name,
    ms: median(runs.map((r) => r.ms)),
    rss: median(runs.map((r) => r.rss)),
    out: runs[0].out.trim(),
  };
}

try {
  const jacocoFile = path.join(work, 'jacoco.xml');
  const lcovFile = path.join(work, 'lcov.info');
  await write(jacocoFile, jacoco);
  await write(lcovFile, lcov);
  const nodePath = path.join(root, 'node_modules');
  const rows = [
    ['JaCoCo XML', jacocoFile, series('berth coverage (dist)', () => berth(jacocoFile))],
    [
      'JaCoCo XML',
      jacocoFile,
      series('xml2js + totals', () =>
        measure([process.execPath, '-e', xml2jsScript, jacocoFile], { NODE_PATH: nodePath }),
      ),
    ],
    ['lcov', lcovFile, series('berth coverage (dist)', () => berth(lcovFile))],
    [
      'lcov',
      lcovFile,
      series('lcov-parse + totals', () =>
        measure([process.execPath, '-e', lcovParseScript, lcovFile], { NODE_PATH: nodePath }),
      ),
    ],
  ];
  console.log('| report | size MB | parser | median s | median peak RSS MiB | lines covered / total |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [kind, file, r] of rows) {
    console.log(
      `| ${kind} | ${(statSync(file).size / 1048576).toFixed(1)} | ${r.name} | ${(r.ms / 1000).toFixed(2)} | ${r.rss.toFixed(0)} | ${r.out} |`,
    );
  }
  console.log(
    `\n${RUNS} runs each, node ${process.version}, ${cpus().length} CPUs; berth's figure includes Node start-up, merge, gate and the summary.`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
