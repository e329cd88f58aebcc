#!/usr/bin/env node
// bench/peers.mjs - tifa against the segmenter its users would otherwise run.
//
// jieba users, and quanteda users who segment Chinese with jieba (jiebaR)
// before a dictionary lookup, find a formulation only if the segmenter made
// it a token (or a run of tokens).  This script measures, in one run:
//
//   1. speed: jieba's cut over the whole benchmark corpus (single thread,
//      text already in memory, only cut timed), against `tifa report -j 1`
//      (all plugins, all counting) and `rg -j1 --count-matches -F` over the
//      literal spellings of formulations.rules and phrases.rules;
//   2. coverage: on a second corpus, every literal spelling of those packs
//      that occurs there, counted by substring (as tifa counts) and checked
//      against how jieba cut the text, with jieba's own dictionary and with
//      the spellings loaded as a user dictionary.
//
// Every figure printed is measured here; nothing is carried over from
// elsewhere.  Run from anywhere:
//
//   node bench/peers.mjs [--corpus DIR] [--coverage-corpus DIR] [--runs N]
//                        [--tifa PATH]
//
// Environment: BENCH_CORPUS, BENCH_COVERAGE_CORPUS, BENCH_RUNS, TIFA,
// TIFA_SHARED (make bench sets it), and TIFA_NO_INSTALLED, TIFA_PLUGIN_PATH,
// TIFA_RULES_PATH for tifa (defaults: 1, <repo>/plugins/.libs, <repo>/rules).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.TIFA_SHARED ?? path.resolve(REPO, '..', 'shared');

// ---------------------------------------------------------------- options
function usage(status) {
  (status ? process.stderr : process.stdout).write(
    `usage: node bench/peers.mjs [--corpus DIR] [--coverage-corpus DIR] [--runs N] [--tifa PATH]
  --corpus DIR           speed corpus (env BENCH_CORPUS; default ../shared/corpora/xwlb)
  --coverage-corpus DIR  coverage corpus (env BENCH_COVERAGE_CORPUS;
                         default ../shared/corpora/gov-work-report)
  --runs N               timed runs per tool, median printed (env BENCH_RUNS; default 3)
  --tifa PATH            tifa binary (env TIFA; default <repo>/tifa)
`);
  process.exit(status);
}

const options = {
  corpus: process.env.BENCH_CORPUS ?? path.join(SHARED, 'corpora', 'xwlb'),
  coverageCorpus: process.env.BENCH_COVERAGE_CORPUS ?? path.join(SHARED, 'corpora', 'gov-work-report'),
  runs: process.env.BENCH_RUNS ?? '3',
  tifa: process.env.TIFA ?? path.join(REPO, 'tifa'),
};
{
  const args = process.argv.slice(2);
  const names = { '--corpus': 'corpus', '--coverage-corpus': 'coverageCorpus', '--runs': 'runs', '--tifa': 'tifa' };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-h' || args[i] === '--help') usage(0);
    const [flag, inline] = args[i].split(/=(.*)/s);
    if (!(flag in names)) {
      process.stderr.write(`peers: unknown argument ${args[i]}\n`);
      usage(2);
    }
    const value = inline ?? args[++i];
    if (value === undefined) usage(2);
    options[names[flag]] = value;
  }
  options.runs = Number(options.runs);
  if (!Number.isInteger(options.runs) || options.runs < 1) {
    process.stderr.write('peers: the number of runs must be a whole number of at least 1\n');
    process.exit(2);
  }
  for (const k of ['corpus', 'coverageCorpus', 'tifa']) options[k] = path.resolve(options[k]);
}

const tifaEnv = {
  ...process.env,
  TIFA_NO_INSTALLED: process.env.TIFA_NO_INSTALLED ?? '1',
  TIFA_PLUGIN_PATH: process.env.TIFA_PLUGIN_PATH ?? path.join(REPO, 'plugins', '.libs'),
  TIFA_RULES_PATH: process.env.TIFA_RULES_PATH ?? path.join(REPO, 'rules'),
};

// ---------------------------------------------------------------- jieba
// The copy that tests/eval installed (`make eval`); resolved from there so
// that this benchmark needs no install of its own.
function loadJieba() {
  const requireFromEval = createRequire(new URL('../tests/eval/package.json', import.meta.url));
  try {
    const { Jieba } = requireFromEval('@node-rs/jieba');
    const { dict } = requireFromEval('@node-rs/jieba/dict');
    const pkg = JSON.parse(fs.readFileSync(requireFromEval.resolve('@node-rs/jieba/package.json'), 'utf8'));
    return { Jieba, dict, version: pkg.version };
  } catch {
    return null;
  }
}

const jiebaLib = loadJieba();
if (!jiebaLib) {
  console.log('peers: @node-rs/jieba is not installed in tests/eval; run `make eval` (or `cd tests/eval && npm ci`) first');
  console.log('SKIP');
  process.exit(0);
}
const newJieba = () => jiebaLib.Jieba.withDict(jiebaLib.dict);

// ---------------------------------------------------------------- helpers
const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percent = (part, whole) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a');

// Terminal width of a string: CJK and full-width forms take two columns.
function displayWidth(s) {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0);
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd) || c === 0x201c || c === 0x201d ? 2 : 1;
  }
  return w;
}
const padEnd = (s, n) => s + ' '.repeat(Math.max(0, n - displayWidth(s)));
const padStart = (s, n) => ' '.repeat(Math.max(0, n - displayWidth(s))) + s;

// Print rows (arrays of strings); columns listed in `right` are right-aligned.
function printTable(header, rows, right = new Set()) {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => displayWidth(String(r[c] ?? '')))));
  for (const r of all) {
    console.log('  ' + r.map((cell, c) => (right.has(c) ? padStart : padEnd)(String(cell ?? ''), widths[c]))
      .join('  ').trimEnd());
  }
}

function textFiles(dir) {
  return fs.readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.txt'))
    .map((f) => path.join(dir, f))
    .sort();
}

function which(command) {
  const r = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

// ---------------------------------------------------------------- rule packs
// The pack format of docs/rule-packs.md: blank-line separated records of
// `field: value`; an indented line continues the field above (literal and
// pattern without a space); a line whose first visible character is # is a
// comment.  Only what this benchmark needs: rules with their id, literals,
// pattern and key.
function readRulePack(file) {
  const records = [];
  let fields = null;
  let last = null;
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (line.trim() === '') {
      if (fields) records.push(fields);
      fields = last = null;
    } else if (line.trimStart().startsWith('#')) {
      continue;
    } else if (/^[ \t]/.test(line)) {
      if (last) last.value += (last.name === 'literal' || last.name === 'pattern' ? '' : ' ') + line.trim();
    } else {
      const m = /^([A-Za-z-]+):(.*)$/.exec(line);
      if (!m) continue;
      last = { name: m[1], value: m[2].trim() };
      (fields ??= []).push(last);
    }
  }
  if (fields) records.push(fields);
  const pack = path.basename(file, '.rules');
  return records
    .filter((r) => r.some((f) => f.name === 'id'))
    .map((r) => {
      const get = (name) => r.find((f) => f.name === name)?.value;
      return {
        pack,
        id: get('id'),
        key: get('key'),
        pattern: get('pattern'),
        literals: r.filter((f) => f.name === 'literal').map((f) => f.value),
      };
    });
}

// tifa matches on normalised text (host/normalize.c): full-width ASCII to
// ASCII, wide spaces to a space, every quotation mark to “ or ”.  The same
// mapping here, one UTF-16 unit for one, so that offsets in the normalised
// text are offsets in the raw text jieba cuts.  Not reproduced: zero-width
// characters (tifa drops them) and the single-quote heuristic; the check
// against tifa's own counts below shows whether that matters.
const OPENING_QUOTES = new Set([...'\u2018\u201B\u201E\u300C\u300E\u301D\uFE41\uFE43']);
const CLOSING_QUOTES = new Set([...'\u2019\u300D\u300F\u301E\u301F\uFE42\uFE44']);
function normalizeLikeTifa(text) {
  let out = '';
  let quoteOpen = false;
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (ch === '\n') {
      quoteOpen = false;  // quotes pair within a line
      out += ch;
    } else if (ch === '"' || ch === '\uFF02') {
      out += quoteOpen ? '\u201D' : '\u201C';
      quoteOpen = !quoteOpen;
    } else if (c >= 0xff01 && c <= 0xff5e && ch !== '\uFF07') {
      out += String.fromCharCode(c - 0xfee0);
    } else if (c === 0x3000 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a)) {
      out += ' ';
    } else if (ch === '\u201C' || OPENING_QUOTES.has(ch)) {
      out += '\u201C';
      quoteOpen = true;
    } else if (ch === '\u201D' || CLOSING_QUOTES.has(ch)) {
      out += '\u201D';
      quoteOpen = false;
    } else {
      out += ch;
    }
  }
  return out;
}

const PACK_FILES = ['formulations.rules', 'phrases.rules'].map((f) => path.join(REPO, 'rules', f));
const rules = PACK_FILES.flatMap(readRulePack);
const literalRules = rules.filter((r) => r.literals.length && !r.pattern);

// ---------------------------------------------------------------- header
// tifaVersion stays null when tifa cannot be run; tifaProblem says why.
let tifaVersion = null;
let tifaProblem = `not found at ${options.tifa} (set TIFA or --tifa)`;
if (fs.existsSync(options.tifa)) {
  const r = spawnSync(options.tifa, ['--version'], { env: tifaEnv, encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim()) tifaVersion = r.stdout.trim();
  else tifaProblem = `${options.tifa} --version failed: ${(r.stderr || String(r.error ?? '')).trim().split('\n').pop()}`;
}
const rgPath = which('rg');
const rgVersion = rgPath ? spawnSync(rgPath, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] : null;
console.log(`jieba: @node-rs/jieba ${jiebaLib.version} (jieba-rs), default dictionary; node ${process.version}; ` +
  `${os.cpus().length} cores`);
console.log(`tifa: ${tifaVersion ?? tifaProblem}; ripgrep: ${rgVersion ?? 'not found'}`);
console.log(`rule packs: ${PACK_FILES.map((f) => path.relative(REPO, f)).join(', ')}: ${rules.length} rules, ` +
  `${literalRules.length} literal-only with ${literalRules.reduce((n, r) => n + r.literals.length, 0)} spellings`);

// ================================================================ 1. speed
function speed() {
  console.log(`\n1. Speed over ${options.corpus}`);
  if (!fs.existsSync(options.corpus)) {
    console.log(`  not measured: corpus ${options.corpus} not found (set BENCH_CORPUS or --corpus)`);
    return;
  }
  const files = textFiles(options.corpus);
  if (!files.length) {
    console.log(`  not measured: no *.txt files in ${options.corpus}`);
    return;
  }
  // Read everything first: only segmentation is timed for jieba.
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
  const megabytes = bytes / 1e6;
  console.log(`  ${files.length} files, ${megabytes.toFixed(1)} MB (*.txt), ${options.runs} run(s) each, median; ` +
    `one tool at a time, one thread each`);

  const rows = [];
  const jieba = newJieba();
  for (const hmm of [true, false]) {
    jieba.cut(texts[0] ?? '', hmm);  // first call builds lazy state; not part of the timing
    const times = [];
    let tokens = 0;
    for (let run = 0; run < options.runs; run++) {
      tokens = 0;
      const start = process.hrtime.bigint();
      for (const text of texts) tokens += jieba.cut(text, hmm).length;
      times.push(seconds(start));
    }
    rows.push({
      name: hmm ? 'jieba cut, HMM on (jieba.cut default in Python, jiebaR mix)' : 'jieba cut, HMM off (@node-rs default)',
      times,
      note: `${(tokens / 1e6).toFixed(1)} M tokens, segmentation only`,
    });
  }

  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-peers-'));
  try {
    if (tifaVersion) {
      const ruleCount = spawnSync(options.tifa, ['rules', 'list'], { env: tifaEnv, encoding: 'utf8' })
        .stdout.split('\n').filter(Boolean).length - 1;
      const times = [];
      let failure = null;
      for (let run = 0; run < options.runs && !failure; run++) {
        const start = process.hrtime.bigint();
        const r = spawnSync(options.tifa, ['report', '-j', '1', '--no-progress', '--format', 'tsv', '-o', '/dev/null',
          options.corpus], { env: tifaEnv, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
        const t = seconds(start);
        // 1 = finished with a warning about some input; still a full run
        if (r.status === 0 || r.status === 1) times.push(t);
        else failure = `exit status ${r.status}: ${String(r.stderr).trim().split('\n').pop()}`;
      }
      if (failure) console.log(`  tifa not measured: ${failure}`);
      else rows.push({ name: 'tifa report -j 1 (all plugins)', times, note: `${ruleCount} rules loaded, all counting done` });
    } else {
      console.log(`  tifa not measured: ${tifaProblem}`);
    }

    if (rgPath) {
      const spellings = [...new Set(rules.flatMap((r) => r.literals))];
      const keysFile = path.join(keysDir, 'keys.txt');
      fs.writeFileSync(keysFile, spellings.join('\n') + '\n');
      const times = [];
      let failure = null;
      for (let run = 0; run < options.runs && !failure; run++) {
        const start = process.hrtime.bigint();
        const r = spawnSync(rgPath, ['-j1', '--count-matches', '-F', '-f', keysFile, options.corpus],
          { stdio: ['ignore', 'ignore', 'pipe'] });
        const t = seconds(start);
        if (r.status === 0 || r.status === 1) times.push(t);  // 1 = no match
        else failure = `exit status ${r.status}: ${String(r.stderr).trim()}`;
      }
      if (failure) console.log(`  ripgrep not measured: ${failure}`);
      else rows.push({ name: 'rg -j1 --count-matches -F -f KEYS', times, note: `${spellings.length} literal spellings` });
    } else {
      console.log('  ripgrep not measured: rg not found on PATH');
    }
  } finally {
    fs.rmSync(keysDir, { recursive: true, force: true });
  }

  const reference = median(rows[0].times);
  printTable(['tool', 'median s', 'MB/s', '× jieba HMM on', 'runs (s)', 'what it does'],
    rows.map((r) => {
      const m = median(r.times);
      const secs = (t) => t.toFixed(t < 1 ? 3 : 2);  // sub-second runs need the extra digit
      return [r.name, secs(m), (megabytes / m).toFixed(1), `${(reference / m).toFixed(2)}×`,
        r.times.map(secs).join(' '), r.note];
    }), new Set([1, 2, 3]));
  console.log('  × jieba HMM on = jieba HMM on seconds / the tool\'s seconds (above 1: faster than jieba).');
  console.log('  jieba only segments: its time excludes any dictionary lookup or counting; tifa\'s includes');
  console.log('  reading the files, every rule of every plugin (officials too) and writing the report.');
}

// ================================================================ 2. coverage
// How one occurrence [start, end) of a key relates to jieba's tokens.
// `boundary` marks offsets where a token starts or ends.
function classify(boundary, start, end) {
  if (!boundary[start] || !boundary[end]) return 'crossed';
  for (let i = start + 1; i < end; i++) if (boundary[i]) return 'run';
  return 'token';
}

// The tokens that overlap [start, end), joined with '/': what a reader sees
// of jieba's cut at an occurrence (四个/意识, 全面从严治党 …).
function tokensOver(tokens, starts, start, end) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {  // last token starting at or before `start`
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= start) lo = mid; else hi = mid - 1;
  }
  const out = [];
  for (let k = lo; k < tokens.length && starts[k] < end; k++) out.push(tokens[k]);
  return out;
}

// A user dictionary of the keys, one `word frequency` line each.  jieba-rs
// reads a line without a frequency as frequency 0, which never wins, so the
// frequency is written out, as the two jieba front ends users meet set it:
//  - 'python': jieba's add_word(word) / load_userdict without a frequency
//    gives the word just enough to beat its own pieces,
//    max(int(P(pieces) * total) + 1, its current frequency);
//  - 'max': jiebaR's worker(user_weight = "max"), the default, gives every
//    user word the largest frequency in the dictionary.
function userDictionary(words, baseJieba, weighting) {
  const frequency = new Map();
  let total = 0;
  let largest = 0;
  for (const line of Buffer.from(jiebaLib.dict).toString('utf8').split('\n')) {
    const [word, freq] = line.split(' ');
    if (!word || !freq) continue;
    frequency.set(word, Number(freq));
    total += Number(freq);
    largest = Math.max(largest, Number(freq));
  }
  const lines = [];
  for (const word of words) {
    if (/\s/.test(word)) continue;  // a dictionary line is split at white space
    let freq = largest;
    if (weighting === 'python') {
      let p = 1;
      for (const piece of baseJieba.cut(word, false)) p *= (frequency.get(piece) ?? 1) / total;
      freq = Math.max(Math.floor(p * total) + 1, frequency.get(word) ?? 1);
    }
    lines.push(`${word} ${freq}`);
  }
  return { text: lines.join('\n') + '\n', words: lines.length };
}

function coverage() {
  console.log(`\n2. Coverage on ${options.coverageCorpus}`);
  if (!fs.existsSync(options.coverageCorpus)) {
    console.log(`  not measured: corpus ${options.coverageCorpus} not found (set BENCH_COVERAGE_CORPUS or --coverage-corpus)`);
    return;
  }
  const docs = textFiles(options.coverageCorpus).map((file) => {
    const raw = fs.readFileSync(file, 'utf8');
    return { file, raw, norm: normalizeLikeTifa(raw) };
  });

  // Every spelling of a literal-only rule, normalised as tifa normalises it.
  const spellings = [...new Set(literalRules.flatMap((r) => r.literals.map(normalizeLikeTifa)))];

  // Occurrences by substring: leftmost first, non-overlapping (grep -o).
  const occurrences = new Map();  // spelling -> [{doc, start, end}]
  for (const spelling of spellings) {
    const found = [];
    docs.forEach((doc, d) => {
      for (let i = doc.norm.indexOf(spelling); i !== -1; i = doc.norm.indexOf(spelling, i + spelling.length)) {
        found.push({ doc: d, start: i, end: i + spelling.length });
      }
    });
    if (found.length) occurrences.set(spelling, found);
  }
  const keys = [...occurrences.keys()];
  const totalOccurrences = keys.reduce((n, k) => n + occurrences.get(k).length, 0);
  console.log(`  ${docs.length} documents; ${spellings.length} literal spellings in the two packs, ` +
    `${keys.length} of them occur (${totalOccurrences} occurrences by substring)`);

  checkAgainstTifa(occurrences);

  // Whether an occurrence lies inside an occurrence of a longer key, to tell
  // nested formulations (从严治党 inside 全面从严治党) from other losses.
  const insideLongerKey = (key, occ) => keys.some((other) => other.length > key.length && other.includes(key) &&
    occurrences.get(other).some((o) => o.doc === occ.doc && o.start <= occ.start && o.end >= occ.end));

  const baseJieba = newJieba();
  const pythonDict = userDictionary(spellings, baseJieba, 'python');
  const maxDict = userDictionary(spellings, baseJieba, 'max');
  const withDictionary = (dictionary) => {
    const j = newJieba();
    j.loadDict(Buffer.from(dictionary.text, 'utf8'));
    return j;
  };
  const segmenters = [
    { label: 'jieba', jieba: baseJieba },
    { label: '+ user dict (Python)', jieba: withDictionary(pythonDict) },
    { label: '+ user dict (max)', jieba: withDictionary(maxDict) },
  ];

  for (const seg of segmenters) {
    seg.perKey = new Map();
    seg.misaligned = 0;
    const cuts = docs.map((doc) => {
      const tokens = seg.jieba.cut(doc.raw, true);
      const boundary = new Uint8Array(doc.raw.length + 1);
      const starts = new Int32Array(tokens.length);
      let offset = 0;
      tokens.forEach((t, k) => { starts[k] = offset; boundary[offset] = 1; offset += t.length; });
      boundary[offset] = 1;
      if (offset !== doc.raw.length) seg.misaligned++;
      return { tokens, starts, boundary };
    });
    for (const key of keys) {
      // A multi-token dictionary entry written by cutting the key with the
      // same segmenter (what a user who tokenises the dictionary gets).
      const ownCut = seg.jieba.cut(key, true).join('/');
      const stats = { occurrences: 0, token: 0, run: 0, crossed: 0, ownCutRun: 0, nested: 0, cuts: new Map() };
      for (const occ of occurrences.get(key)) {
        const { tokens, starts, boundary } = cuts[occ.doc];
        const kind = classify(boundary, occ.start, occ.end);
        const shown = tokensOver(tokens, starts, occ.start, occ.end).join('/');
        stats.occurrences++;
        stats[kind]++;
        if (kind !== 'crossed' && shown === ownCut) stats.ownCutRun++;
        if (kind === 'crossed' && insideLongerKey(key, occ)) stats.nested++;
        stats.cuts.set(shown, (stats.cuts.get(shown) ?? 0) + 1);
      }
      seg.perKey.set(key, stats);
    }
  }

  const sum = (seg, f) => [...seg.perKey.values()].reduce((n, s) => n + f(s), 0);
  const count = (seg, f) => [...seg.perKey.values()].filter(f).length;
  const row = (label, f, whole) => [label, ...segmenters.map((seg) => {
    const n = f(seg);
    return whole ? `${n} (${percent(n, whole)})` : String(n);
  })];
  console.log('  jieba = cut(text, hmm=true) on the raw text.  + user dict: the same after loading the');
  console.log(`  ${pythonDict.words} spellings as a user dictionary, with the frequency Python jieba's add_word /`);
  console.log('  load_userdict gives a word without one (Python), or with the dictionary\'s largest frequency as');
  console.log('  jiebaR\'s default user_weight = "max" does (max).  Both run in jieba-rs.');
  printTable(['', ...segmenters.map((s) => s.label)], [
    row('keys (literal spellings that occur)', () => keys.length),
    row('  one token at every occurrence', (s) => count(s, (k) => k.token === k.occurrences), keys.length),
    row('  split at least once', (s) => count(s, (k) => k.token < k.occurrences), keys.length),
    row('  never one token', (s) => count(s, (k) => k.token === 0), keys.length),
    row('occurrences (substring count = tifa\'s)', () => totalOccurrences),
    row('  lost to a one-token lookup', (s) => sum(s, (k) => k.occurrences - k.token), totalOccurrences),
    row('  lost to a multi-token lookup (a token crosses an edge)', (s) => sum(s, (k) => k.crossed), totalOccurrences),
    row('    of which inside a longer key (nested)', (s) => sum(s, (k) => k.nested), totalOccurrences),
    row('  lost to one entry = jieba\'s cut of the key alone', (s) => sum(s, (k) => k.occurrences - k.ownCutRun),
      totalOccurrences),
  ], new Set([1, 2, 3]));
  for (const seg of segmenters) {
    if (seg.misaligned) console.log(`  warning: ${seg.label}: ${seg.misaligned} documents whose tokens do not add up to the text`);
  }
  console.log('  one-token lookup: the key must be exactly one token (a dictionary of single words).');
  console.log('  multi-token lookup: found when a token boundary falls on both edges of the key, whatever the');
  console.log('  split inside (as if the dictionary had an entry for every split); the last line allows only');
  console.log('  the split the same segmenter gives the key on its own (the entry a user would write).');
  const withSeparator = keys.filter((k) => /[^\p{sc=Han}A-Za-z0-9+#&._%]/u.test(k));
  console.log(`  ${withSeparator.length} of the ${keys.length} keys contain punctuation, at which jieba always cuts, so no`);
  console.log(`  dictionary makes them one token: ${withSeparator.join(' ') || '-'}`);

  // The keys a lookup loses most often, with jieba's commonest cut there.
  const [base, python, max] = segmenters.map((s) => s.perKey);
  const commonestCut = (stats) => {
    const [cut, n] = [...stats.cuts].sort((a, b) => b[1] - a[1])[0];
    return `${cut} ×${n}`;
  };
  // Rows for the keys with sortBy(x) > 0, most first; at most 10 shown.
  const lostRows = (sortBy) => {
    const lost = keys
      .map((k) => ({ k, b: base.get(k), p: python.get(k), m: max.get(k) }))
      .filter((x) => sortBy(x) > 0)
      .sort((x, y) => sortBy(y) - sortBy(x) || x.k.localeCompare(y.k));
    const rows = lost.slice(0, 10).map(({ k, b, p, m }) => [k, b.occurrences,
      b.occurrences - b.token, b.crossed, commonestCut(b),
      p.occurrences - p.token, p.crossed, commonestCut(p),
      m.occurrences - m.token, m.crossed]);
    return { rows, of: lost.length };
  };
  const header = ['key', 'occ.', 'J 1-tok', 'J multi', 'J commonest cut', 'P 1-tok', 'P multi', 'P commonest cut',
    'M 1-tok', 'M multi'];
  const numeric = new Set([1, 2, 3, 5, 6, 8, 9]);
  const oneToken = lostRows((x) => x.b.occurrences - x.b.token);
  console.log(`\n  The ${oneToken.rows.length} keys (of ${oneToken.of}) most often lost to a one-token lookup with jieba's own dictionary:`);
  printTable(header, oneToken.rows, numeric);
  const residual = lostRows((x) => Math.max(x.p.crossed, x.m.crossed));
  console.log(`\n  The ${residual.rows.length} keys (of ${residual.of}) most often lost even to a multi-token lookup with a user`);
  console.log('  dictionary (either kind):');
  if (residual.rows.length) printTable(header, residual.rows, numeric);
  console.log('  occ. = occurrences by substring; 1-tok / multi = occurrences lost to a one-token / multi-token');
  console.log('  lookup with J = jieba, P = + user dict (Python), M = + user dict (max); a cut is the tokens');
  console.log('  that overlap the key, with how many of its occurrences were cut so.');
}

// tifa's own counts for the same keys, where every rule with that key is
// literal-only (a pattern rule would count things a substring does not).
function checkAgainstTifa(occurrences) {
  if (!tifaVersion) {
    console.log(`  tifa check not made: tifa ${tifaProblem}`);
    return;
  }
  const r = spawnSync(options.tifa, ['report', '-p', 'formulations', '-p', 'phrases', '--no-progress', '--format', 'tsv',
    options.coverageCorpus], { env: tifaEnv, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0 && r.status !== 1) {
    console.log(`  tifa check not made: exit status ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
    return;
  }
  const tifaCounts = new Map();
  for (const line of r.stdout.split('\n').slice(1)) {
    const [plugin, category, key, mentions] = line.split('\t');
    if (key && category !== 'candidate') tifaCounts.set(`${plugin}\t${normalizeLikeTifa(key)}`, Number(mentions));
  }
  const ours = new Map();
  const hasPattern = new Set(rules.filter((x) => x.pattern).map((x) => `${x.pack}\t${normalizeLikeTifa(x.key ?? '')}`));
  for (const rule of literalRules) {
    // Without a key, each spelling counts under itself.
    for (const lit of rule.literals) {
      const id = `${rule.pack}\t${normalizeLikeTifa(rule.key ?? lit)}`;
      ours.set(id, (ours.get(id) ?? 0) + (occurrences.get(normalizeLikeTifa(lit))?.length ?? 0));
    }
  }
  const compared = [...ours].filter(([id, n]) => !hasPattern.has(id) && (n > 0 || tifaCounts.has(id)));
  const differ = compared.filter(([id, n]) => (tifaCounts.get(id) ?? 0) !== n);
  console.log(`  check: tifa report -p formulations -p phrases gives the same count for ${compared.length - differ.length} ` +
    `of the ${compared.length} keys found (per key, summed over its spellings)` +
    (differ.length ? '; differences:' : ''));
  for (const [id, n] of differ.slice(0, 10)) {
    console.log(`    ${id.replace('\t', ': ')}: substring ${n}, tifa ${tifaCounts.get(id) ?? 0}`);
  }
}

speed();
coverage();
