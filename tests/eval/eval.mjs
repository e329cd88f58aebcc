#!/usr/bin/env node
// Evaluation harness for tifa's `officials` detector.
//
// Gold: the Peking University POS annotation of People's Daily, 1-15 January
// 1998 (nr = person name), turned into "official mentions" by the rules in
// tests/eval/README.md.  Peer: jieba's POS tagger (@node-rs/jieba) with a
// title-adjacency rule.  Hand-annotated gold sets: tests/eval/xwlb2023/ (新闻联播
// 2023) and tests/eval/xwlb-heldout/ (新闻联播 2013-2022 and 2024, a random draw),
// each scored by distinct names per item, when it is there.
//
// Run from the repository root:   node tests/eval/eval.mjs [--tifa PATH]
//   [--corpus DIR] [--no-jieba] [--errors N]
// Offsets: every span below is in UTF-16 code units of the document's text
// (JavaScript string indices); tifa's byte offsets are converted with Buffer.

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const EVAL_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(EVAL_DIR, '..', '..');

// ---------------------------------------------------------------- options
function usage(code) {
  const out = code ? process.stderr : process.stdout;
  out.write(`usage: node tests/eval/eval.mjs [--tifa PATH] [--corpus DIR] [--no-jieba] [--errors N] [--dump FILE]
  --tifa PATH    tifa binary (default: <repo>/tifa)
  --corpus DIR   PKU People's Daily 1998 corpus
                 (default: <repo>/../shared/corpora/pku-rmrb1998-dev)
  --no-jieba     do not run the jieba peer
  --errors N     how many of the most frequent errors to print (default 20)
  --dump FILE    also write every gold mention and every prediction, with its
                 verdict and context, to FILE (TSV) for reading
Environment: TIFA_NO_INSTALLED, TIFA_PLUGIN_PATH, TIFA_RULES_PATH are passed to
tifa; when unset they default to 1, <repo>/plugins/.libs and <repo>/rules.
`);
  process.exit(code);
}
const opt = {
  tifa: path.join(ROOT, 'tifa'),
  corpus: path.resolve(ROOT, '..', 'shared', 'corpora', 'pku-rmrb1998-dev'),
  jieba: true,
  errors: 20,
  dump: null,
};
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    const need = () => { if (i + 1 >= a.length) usage(2); return a[++i]; };
    let m;
    if (a[i] === '--tifa') opt.tifa = path.resolve(need());
    else if ((m = /^--tifa=(.*)$/.exec(a[i]))) opt.tifa = path.resolve(m[1]);
    else if (a[i] === '--corpus') opt.corpus = path.resolve(need());
    else if ((m = /^--corpus=(.*)$/.exec(a[i]))) opt.corpus = path.resolve(m[1]);
    else if (a[i] === '--no-jieba') opt.jieba = false;
    else if (a[i] === '--errors') opt.errors = Number(need());
    else if ((m = /^--errors=(.*)$/.exec(a[i]))) opt.errors = Number(m[1]);
    else if (a[i] === '--dump') opt.dump = path.resolve(need());
    else if ((m = /^--dump=(.*)$/.exec(a[i]))) opt.dump = path.resolve(m[1]);
    else if (a[i] === '-h' || a[i] === '--help') usage(0);
    else { process.stderr.write(`eval: unknown argument ${a[i]}\n`); usage(2); }
  }
  if (!Number.isInteger(opt.errors) || opt.errors < 0) {
    process.stderr.write('eval: --errors needs a whole number\n');
    process.exit(2);
  }
}
const tifaEnv = {
  ...process.env,
  TIFA_NO_INSTALLED: process.env.TIFA_NO_INSTALLED ?? '1',
  TIFA_PLUGIN_PATH: process.env.TIFA_PLUGIN_PATH ?? path.join(ROOT, 'plugins', '.libs'),
  TIFA_RULES_PATH: process.env.TIFA_RULES_PATH ?? path.join(ROOT, 'rules'),
};

// ---------------------------------------------------------------- titles
// Rule 1: the token (word) right before a name is, or ends with, one of these.
// Deputies (副部长), party posts (党委书记, 市委副书记), ministries (外交部长)
// are covered by "ends with".  See README.md for what is left out and why.
export const TITLES = [
  // party
  '总书记', '书记', '常委', '委员', '党组成员', '组长',
  // state, government, legislature
  '主席', '总理', '国务委员', '委员长', '秘书长', '部长', '省长', '市长', '县长', '区长', '州长',
  '乡长', '镇长', '厅长', '局长', '司长', '处长', '科长', '主任', '巡视员', '调研员', '审计长',
  '署长', '行长', '专员', '特派员', '发言人', '长官', '特首', '总干事',
  // judiciary
  '检察长', '院长', '庭长',
  // military
  '司令', '司令员', '政委', '参谋长', '军长', '师长', '旅长', '团长',
  // foreign and diplomatic
  '总统', '首相', '外长', '国务卿', '大使', '公使', '参赞', '领事', '特使', '议长', '议员', '大臣',
  '总督', '国王', '女王', '王储', '亲王', '协调员',
];
// Rule 3: the token (word) right after a name is exactly one of these, or is
// 副 / 常务副 followed by one of these (PKU writes 李岚清副总理 as 副/b 总理/n).
export const AFTER_TITLES = [
  '总书记', '书记', '副书记', '主席', '副主席', '总理', '副总理', '国务委员', '委员长', '副委员长',
  '部长', '副部长', '省长', '副省长', '市长', '副市长', '县长', '厅长', '局长', '主任', '副主任',
  '秘书长', '院长', '检察长', '司令员', '政委', '行长', '总统', '副总统', '首相', '外长', '国务卿',
  '大使', '议长', '国王', '女王', '王储', '亲王', '大臣',
];
const DEPUTY = new Set(['副', '常务副']);
const CHAIN = new Set(['、', '和']);
const AFTER_SET = new Set(AFTER_TITLES);
export function isTitle(w) {
  if (!w) return false;
  for (const t of TITLES) if (w.endsWith(t)) return true;
  return false;
}
function isAfterTitle(words, k) {
  // words[k] is the word right after the name
  if (k >= words.length) return false;
  if (AFTER_SET.has(words[k])) return true;
  return DEPUTY.has(words[k]) && k + 1 < words.length && AFTER_SET.has(words[k + 1]);
}

// ---------------------------------------------------------------- helpers
const COMPOUND_SURNAMES = new Set(['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容',
  '长孙', '宇文', '司徒', '夏侯', '令狐', '轩辕', '端木', '独孤', '南宫', '西门', '万俟', '澹台', '申屠',
  '太史', '百里', '呼延', '司空', '闻人', '赫连', '钟离', '宗政', '濮阳', '公冶', '乐正', '第五']);

function setOf(file) {
  const d = file.slice(0, 10);
  if (d >= '1998-01-01' && d <= '1998-01-10') return 'dev';
  if (d >= '1998-01-11' && d <= '1998-01-15') return 'held-out';
  return 'other';
}

// Map from byte offset (UTF-8) to UTF-16 index; -1 inside a character.
function byteToUtf16Map(text) {
  const nbytes = Buffer.byteLength(text, 'utf8');
  const map = new Int32Array(nbytes + 1).fill(-1);
  let b = 0;
  for (let i = 0; i < text.length; ) {
    map[b] = i;
    const cp = text.codePointAt(i);
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp >= 0x10000 ? 2 : 1;
  }
  map[b] = text.length;
  return map;
}

function context(text, s, e, n = 10) {
  const clean = (x) => x.replace(/\r?\n/g, '⏎').replace(/\t/g, ' ');
  return clean(text.slice(Math.max(0, s - n), s)) + '[' + clean(text.slice(s, e)) + ']' +
    clean(text.slice(e, e + n));
}

function prf(tp, np, tpg, ng) {
  const p = np ? tp / np : 0;
  const r = ng ? tpg / ng : 0;
  const f = p + r ? (2 * p * r) / (p + r) : 0;
  return { p, r, f };
}
const f3 = (x) => x.toFixed(3);

// Split a run of consecutive nr tokens into names.  PKU writes a Chinese name
// as surname + given name (江/nr 泽民/nr), and headlines run names together
// with nothing between them (江泽民李鹏乔石…).  A new name starts at a token
// when the name so far is complete (two tokens or more, or one token of two
// characters or more) and the token could be a surname (one character, or a
// compound surname) followed by another nr token.
function splitRun(toks) {
  const names = [];
  let cur = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const complete = cur.length >= 2 || (cur.length === 1 && cur[0].w.length >= 2);
    const surname = t.w.length === 1 || COMPOUND_SURNAMES.has(t.w);
    if (cur.length && complete && surname && i + 1 < toks.length) {
      names.push(cur);
      cur = [];
    }
    cur.push(t);
  }
  if (cur.length) names.push(cur);
  return names;
}

// ---------------------------------------------------------------- PKU corpus
function parseTaggedLine(line) {
  const parts = line.split(/ +/).filter((p) => p.length);
  if (!parts.length) return { id: null, toks: [] };
  const toks = [];
  for (let k = 1; k < parts.length; k++) {
    let s = parts[k];
    if (s.startsWith('[')) s = s.slice(1);
    s = s.replace(/\][A-Za-z]+$/, '');
    const j = s.lastIndexOf('/');
    if (j <= 0) toks.push({ w: s, t: '' });
    else toks.push({ w: s.slice(0, j), t: s.slice(j + 1) });
  }
  return { id: parts[0], toks };
}

function loadPku(dir) {
  const files = fs.readdirSync(dir).filter((f) => /^\d{4}-\d\d-\d\d_.*\.txt$/.test(f)).sort();
  const docs = [];
  const skipped = [];
  const notes = { noTagged: 0, runsSplit: 0, gold: { r1: 0, r2: 0, r3: 0 } };
  for (const f of files) {
    const tfile = path.join(dir, 'tagged', f.replace(/\.txt$/, '.pos.txt'));
    if (!fs.existsSync(tfile)) { notes.noTagged++; skipped.push(`${f}: no tagged file`); continue; }
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const L = text.split('\n');
    const T = fs.readFileSync(tfile, 'utf8').split('\n');
    if (L.length && L[L.length - 1] === '') L.pop();
    if (T.length && T[T.length - 1] === '') T.pop();
    if (L.length !== T.length) {
      skipped.push(`${f}: ${L.length} lines of text, ${T.length} tagged lines`);
      continue;
    }
    const nr = new Map(); // "s:e" -> name
    const gold = []; // {s, e, name, rule}
    let bad = null;
    let off = 0;
    for (let i = 0; i < L.length && !bad; i++) {
      const line = L[i].replace(/\r$/, '');
      const { toks } = parseTaggedLine(T[i]);
      const joined = toks.map((t) => t.w).join('');
      if (joined !== line) {
        let k = 0;
        while (k < line.length && line[k] === joined[k]) k++;
        bad = `${f}: line ${i + 1} differs at char ${k}: text "${line.slice(k, k + 12)}" vs tokens "${joined.slice(k, k + 12)}"`;
        break;
      }
      // token offsets
      let c = off;
      for (const t of toks) { t.s = c; c += t.w.length; t.e = c; }
      // name spans: runs of nr, split into names; each name remembers the
      // index of its first and last token
      const spans = [];
      for (let j = 0; j < toks.length; j++) {
        if (toks[j].t !== 'nr') continue;
        let k = j;
        while (k + 1 < toks.length && toks[k + 1].t === 'nr') k++;
        const run = toks.slice(j, k + 1);
        const parts = splitRun(run);
        if (parts.length > 1) notes.runsSplit++;
        let idx = j;
        for (const p of parts) {
          spans.push({ a: idx, b: idx + p.length - 1, s: p[0].s, e: p[p.length - 1].e,
            name: p.map((t) => t.w).join(''), runStart: idx === j });
          idx += p.length;
        }
        j = k;
      }
      const rule = new Array(spans.length).fill(null);
      for (let n = 0; n < spans.length; n++) {
        const sp = spans[n];
        nr.set(`${sp.s}:${sp.e}`, sp.name);
        if (sp.runStart && sp.a > 0 && isTitle(toks[sp.a - 1].w)) rule[n] = 'r1';
      }
      // rule 2: chains name 、/和 name … from a rule-1 name
      for (let n = 0; n + 1 < spans.length; n++) {
        if (!rule[n] || (rule[n] !== 'r1' && rule[n] !== 'r2')) continue;
        const a = spans[n], b = spans[n + 1];
        if (b.a === a.b + 2 && b.runStart && CHAIN.has(toks[a.b + 1].w) && !rule[n + 1]) rule[n + 1] = 'r2';
      }
      // rule 3: name + after-name title
      const words = toks.map((t) => t.w);
      for (let n = 0; n < spans.length; n++) {
        const sp = spans[n];
        const last = n + 1 < spans.length && spans[n + 1].a === sp.b + 1 ? false : true; // not followed by a glued name
        if (!rule[n] && last && isAfterTitle(words, sp.b + 1)) rule[n] = 'r3';
      }
      for (let n = 0; n < spans.length; n++) {
        if (rule[n]) {
          gold.push({ s: spans[n].s, e: spans[n].e, name: spans[n].name, rule: rule[n] });
          notes.gold[rule[n]]++;
        }
      }
      off += L[i].length + 1;
    }
    if (bad) { skipped.push(bad); continue; }
    docs.push({ file: f, set: setOf(f), text, nr, gold });
  }
  return { docs, skipped, notes, nfiles: files.length };
}

// ---------------------------------------------------------------- tifa
function runTifa(files) {
  if (!fs.existsSync(opt.tifa)) {
    process.stderr.write(`eval: no tifa binary at ${opt.tifa} (build it: make -j2, or pass --tifa PATH)\n`);
    process.exit(2);
  }
  const rows = [];
  const warnings = [];
  const CHUNK = 400;
  for (let i = 0; i < files.length; i += CHUNK) {
    const args = ['matches', '-p', 'officials', '--format', 'tsv', '--no-progress', ...files.slice(i, i + CHUNK)];
    const r = spawnSync(opt.tifa, args, { env: tifaEnv, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.error) { process.stderr.write(`eval: cannot run ${opt.tifa}: ${r.error.message}\n`); process.exit(2); }
    if (r.status !== 0 && r.status !== 1) {
      process.stderr.write(`eval: tifa exited with status ${r.status}\n${r.stderr}`);
      process.exit(2);
    }
    if (r.stderr.trim()) warnings.push(...r.stderr.trim().split('\n'));
    const lines = r.stdout.split('\n');
    const head = lines[0].split('\t');
    const col = (n) => { const k = head.indexOf(n); if (k < 0) throw new Error(`tifa output has no column ${n}: ${lines[0]}`); return k; };
    const C = { doc: col('doc'), key: col('key'), text: col('text'), start: col('start'), end: col('end'), detail: col('detail') };
    for (const l of lines.slice(1)) {
      if (!l) continue;
      const f = l.split('\t');
      rows.push({ doc: f[C.doc], key: f[C.key], text: f[C.text], bs: Number(f[C.start]), be: Number(f[C.end]), detail: f[C.detail] ?? '' });
    }
  }
  return { rows, warnings };
}

// Turn tifa rows into predictions per document (by base name).
function tifaPredictions(rows, docsByName) {
  const pred = new Map();
  const problems = { unknownDoc: 0, badOffset: 0, textDiffers: 0, noTitle: 0, examples: [] };
  const maps = new Map();
  for (const r of rows) {
    const name = path.basename(r.doc);
    const d = docsByName.get(name);
    if (!d) { problems.unknownDoc++; continue; }
    let m = maps.get(name);
    if (!m) { m = byteToUtf16Map(d.text); maps.set(name, m); }
    const s = r.bs >= 0 && r.bs < m.length ? m[r.bs] : -1;
    const e = r.be >= 0 && r.be < m.length ? m[r.be] : -1;
    if (s < 0 || e < 0 || e < s) {
      problems.badOffset++;
      if (problems.examples.length < 5) problems.examples.push(`${name} ${r.bs}-${r.be} not on character boundaries`);
      continue;
    }
    const str = d.text.slice(s, e);
    if (str !== r.text) {
      problems.textDiffers++;
      if (problems.examples.length < 5) problems.examples.push(`${name} ${r.bs}-${r.be}: text column "${r.text}" but document has "${str}"`);
    }
    if (!r.detail) problems.noTitle++;
    if (!pred.has(name)) pred.set(name, []);
    pred.get(name).push({ s, e, name: str, titled: !!r.detail });
  }
  return { pred, problems };
}

// ---------------------------------------------------------------- jieba
async function loadJieba() {
  const req = createRequire(path.join(EVAL_DIR, 'package.json'));
  const tryLoad = () => {
    try {
      const { Jieba } = req('@node-rs/jieba');
      const { dict } = req('@node-rs/jieba/dict');
      const version = JSON.parse(fs.readFileSync(req.resolve('@node-rs/jieba/package.json'), 'utf8')).version;
      return { jieba: Jieba.withDict(dict), version };
    } catch (e) {
      return { error: e };
    }
  };
  let j = tryLoad();
  if (j.jieba) return j;
  process.stderr.write(`eval: @node-rs/jieba not found; running npm install --prefix ${path.relative(process.cwd(), EVAL_DIR) || '.'}\n`);
  const r = spawnSync('npm', ['install', '--prefix', EVAL_DIR, '--no-audit', '--no-fund', '--loglevel=error'],
    { stdio: ['ignore', 2, 2] });
  if (r.status !== 0) return { error: new Error(`npm install failed (status ${r.status})`) };
  j = tryLoad();
  return j;
}

function jiebaPredictions(jieba, docs) {
  const pred = new Map();
  const stats = { misaligned: 0, xNextToTitle: 0 };
  for (const d of docs) {
    const out = [];
    let off = 0;
    for (const line of d.text.split('\n')) {
      if (line.length) {
        const tw = jieba.tag(line, true);
        const words = tw.map((x) => x.word);
        if (words.join('') !== line) { stats.misaligned++; off += line.length + 1; continue; }
        let c = off;
        const pos = words.map((w) => { const s = c; c += w.length; return s; });
        for (let k = 0; k < tw.length; k++) {
          const near = (k > 0 && isTitle(words[k - 1])) || isAfterTitle(words, k + 1);
          if (tw[k].tag === 'nr') {
            if (near) out.push({ s: pos[k], e: pos[k] + words[k].length, name: words[k] });
          } else if (tw[k].tag === 'x' && near && /^\p{sc=Han}{2,4}$/u.test(words[k])) {
            stats.xNextToTitle++;
          }
        }
      }
      off += line.length + 1;
    }
    pred.set(d.file, out);
  }
  return { pred, stats };
}

// ---------------------------------------------------------------- scoring
function score(docs, pred, system, dump) {
  const acc = {};
  const errs = { fp: new Map(), fn: new Map() };
  const add = (m, key, ex, kind) => {
    let g = m.get(key);
    if (!g) { g = { n: 0, ex, kinds: {} }; m.set(key, g); }
    g.n++;
    g.kinds[kind] = (g.kinds[kind] || 0) + 1;
  };
  const blank = () => ({ np: 0, tp: 0, ng: 0, tpg: 0, nnp: 0, ntp: 0, nng: 0, ntpg: 0 });
  for (const d of docs) {
    const P = pred.get(d.file) || [];
    for (const set of [d.set, 'all']) acc[set] ??= blank();
    const predSpans = new Set(P.map((p) => `${p.s}:${p.e}`));
    const overlapsAny = (s, e, spans) => spans.some((x) => x.s < e && s < x.e);
    const nrList = [...d.nr.keys()].map((k) => { const [s, e] = k.split(':').map(Number); return { s, e }; });
    // mentions
    let tp = 0, tpg = 0;
    for (const p of P) {
      const ok = d.nr.has(`${p.s}:${p.e}`);
      dump?.push([system, 'pred', d.set, d.file, p.s, p.e, p.name, ok ? 'name' : 'not-a-name-span', context(d.text, p.s, p.e)].join('\t'));
      if (ok) tp++;
      else add(errs.fp, p.name, { file: d.file, ctx: context(d.text, p.s, p.e) },
        overlapsAny(p.s, p.e, nrList) ? 'boundary' : 'not-a-name');
    }
    for (const g of d.gold) {
      const ok = predSpans.has(`${g.s}:${g.e}`);
      dump?.push([system, 'gold-' + g.rule, d.set, d.file, g.s, g.e, g.name, ok ? 'found' : 'missed', context(d.text, g.s, g.e)].join('\t'));
      if (ok) tpg++;
      else add(errs.fn, g.name, { file: d.file, ctx: context(d.text, g.s, g.e), rule: g.rule },
        overlapsAny(g.s, g.e, P) ? 'boundary' : 'missed');
    }
    // names: distinct (document, name)
    const nrNames = new Set(d.nr.values());
    const pNames = new Set(P.map((p) => p.name));
    const gNames = new Set(d.gold.map((g) => g.name));
    let ntp = 0, ntpg = 0;
    for (const n of pNames) if (nrNames.has(n)) ntp++;
    for (const n of gNames) if (pNames.has(n)) ntpg++;
    for (const set of [d.set, 'all']) {
      const a = acc[set];
      a.np += P.length; a.tp += tp; a.ng += d.gold.length; a.tpg += tpg;
      a.nnp += pNames.size; a.ntp += ntp; a.nng += gNames.size; a.ntpg += ntpg;
    }
  }
  return { acc, errs };
}

function printErrors(title, m, n) {
  const list = [...m.entries()].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0])).slice(0, n);
  const total = [...m.values()].reduce((x, g) => x + g.n, 0);
  const kinds = {};
  for (const g of m.values()) for (const [k, v] of Object.entries(g.kinds)) kinds[k] = (kinds[k] || 0) + v;
  console.log(`\n${title}: ${total} in all (${Object.entries(kinds).map(([k, v]) => `${k} ${v}`).join(', ')}); ${m.size} distinct strings; top ${list.length}:`);
  for (const [k, g] of list) {
    const kind = Object.entries(g.kinds).map(([a, b]) => `${a}:${b}`).join(',');
    const rule = g.ex.rule ? ` ${g.ex.rule}` : '';
    console.log(`  ${String(g.n).padStart(4)}  ${k.padEnd(8, '　')}  ${g.ex.ctx}   (${g.ex.file}${rule}; ${kind})`);
  }
}

// ---------------------------------------------------------------- xwlb2023, xwlb-heldout
function normItem(x) {
  const b = path.basename(String(x).trim()).replace(/\.txt$/, '');
  return /^\d+$/.test(b) ? String(Number(b)) : b;
}

// Where to show a gold name that was not predicted: an occurrence next to one
// of its titles if there is one, else the first outside a '## ' title line,
// else the first.
function bestOccurrence(text, name, titles) {
  const ends = titles.split('、').map((t) => t.slice(-2)).filter((t) => t.length === 2);
  const occ = [];
  for (let k = text.indexOf(name); k >= 0; k = text.indexOf(name, k + 1)) occ.push(k);
  if (!occ.length) return -1;
  const near = occ.find((k) => ends.some((t) => text.slice(k - 2, k) === t || text.startsWith(t, k + name.length)));
  if (near !== undefined) return near;
  const body = occ.find((k) => !text.slice(text.lastIndexOf('\n', k - 1) + 1, k).startsWith('## '));
  return body ?? occ[0];
}

// The hand-annotated sets of 新闻联播 items, scored the same way, in this order.
const HAND_SETS = [
  { dir: 'xwlb2023', label: '新闻联播 2023' },
  { dir: 'xwlb-heldout', label: '新闻联播 2013–2022 and 2024, random draw' },
];

function evalHandSets(jieba) {
  for (const s of HAND_SETS) evalXwlb(jieba, s.dir, s.label);
}

// One set: <EVAL_DIR>/<name>/gold.tsv and items/NN.txt.
function evalXwlb(jieba, name, label) {
  const dir = path.join(EVAL_DIR, name);
  const goldFile = path.join(dir, 'gold.tsv');
  const itemsDir = path.join(dir, 'items');
  console.log(`\n== ${name} (${label}): distinct names per item`);
  if (!fs.existsSync(goldFile) || !fs.existsSync(itemsDir)) {
    console.log(`   ${path.relative(ROOT, dir)}/ has no gold.tsv and items/ yet: skipped.`);
    return;
  }
  const lines = fs.readFileSync(goldFile, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
  const head = lines[0].split('\t').map((h) => h.trim());
  const ci = head.indexOf('item'), cn = head.indexOf('name'), ct = head.indexOf('titles'), cnote = head.indexOf('note');
  if (ci < 0 || cn < 0) { console.log(`   gold.tsv header has no item/name columns (${lines[0]}): skipped.`); return; }
  const gold = new Map();
  for (const l of lines.slice(1)) {
    const f = l.split('\t');
    const it = normItem(f[ci]);
    if (!gold.has(it)) gold.set(it, new Map());
    gold.get(it).set(f[cn].trim(), { titles: ct >= 0 ? (f[ct] || '').trim() : '',
      indirect: cnote >= 0 && /^indirect/.test((f[cnote] || '').trim()) });
  }
  const files = fs.readdirSync(itemsDir).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(itemsDir, f));
  if (!files.length) { console.log('   items/ holds no .txt file: skipped.'); return; }
  const items = files.map((f) => ({ file: normItem(f), text: fs.readFileSync(f, 'utf8') }));
  const texts = new Map(items.map((d) => [d.file, d.text]));
  for (const it of gold.keys()) if (!texts.has(it)) console.log(`   gold.tsv names item ${it}, which has no file in items/`);

  // predictions: item -> Map(name -> {s, e, detail}) (first mention of the name)
  const systems = [];
  {
    const { rows, warnings } = runTifa(files);
    for (const w of warnings) console.log(`   tifa: ${w}`);
    const pred = new Map();
    for (const r of rows) {
      const it = normItem(r.doc);
      const text = texts.get(it);
      if (text === undefined) continue;
      if (!pred.has(it)) pred.set(it, new Map());
      if (pred.get(it).has(r.key)) continue;
      const m = byteToUtf16Map(text);
      pred.get(it).set(r.key, { s: m[r.bs] ?? -1, e: m[r.be] ?? -1, detail: r.detail });
    }
    systems.push({ name: 'tifa', pred });
  }
  if (jieba) {
    const { pred: jp } = jiebaPredictions(jieba, items);
    const pred = new Map();
    for (const [it, list] of jp) {
      const m = new Map();
      for (const p of list) if (!m.has(p.name)) m.set(p.name, { s: p.s, e: p.e, detail: '' });
      pred.set(it, m);
    }
    systems.push({ name: 'jieba', pred });
  }

  const order = [...texts.keys()].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  let ngAll = 0, ngDirect = 0;
  for (const it of order) for (const g of (gold.get(it) || new Map()).values()) { ngAll++; if (!g.indirect) ngDirect++; }
  console.log(`   items ${texts.size}; gold names ${ngAll} (${ngAll - ngDirect} of them 'indirect')`);
  console.log('   system   names P     R     F1     (pred/gold) | without indirect rows: P     R     F1');
  for (const sys of systems) {
    let np = 0, tp = 0, tpg = 0, tpd = 0, tpgd = 0;
    sys.fp = []; sys.fn = []; sys.per = [];
    for (const it of order) {
      const G = gold.get(it) || new Map();
      const P = sys.pred.get(it) || new Map();
      const text = texts.get(it);
      let t = 0, tg = 0;
      for (const [n, r] of P) {
        if (G.has(n)) { t++; if (!G.get(n).indirect) tpd++; }
        else sys.fp.push(`item ${it.padStart(2)}  ${n}  ${r.s >= 0 && r.e >= 0 ? context(text, r.s, r.e) : ''}  [${r.detail}]`);
      }
      for (const [n, { titles, indirect }] of G) {
        if (P.has(n)) { tg++; if (!indirect) tpgd++; }
        else {
          const k = bestOccurrence(text, n, titles);
          sys.fn.push(`item ${it.padStart(2)}  ${n}  ${k >= 0 ? context(text, k, k + n.length) : '(not in the text)'}  [${titles}]${indirect ? ' (indirect)' : ''}`);
        }
      }
      np += P.size; tp += t; tpg += tg;
      sys.per.push(`${it}:${t}/${P.size},${tg}/${G.size}`);
    }
    const s = prf(tp, np, tpg, ngAll);
    const sd = prf(tpd, np, tpgd, ngDirect);
    console.log(`   ${sys.name.padEnd(8)}         ${f3(s.p)} ${f3(s.r)} ${f3(s.f)}  ${(np + '/' + ngAll).padEnd(11)} |                        ${f3(sd.p)} ${f3(sd.r)} ${f3(sd.f)}`);
  }
  console.log('   (without indirect rows: a predicted name that is only an indirect gold row counts as wrong)');
  const sys = systems[0];
  console.log(`   tifa per item (correct/predicted, found/gold): ${sys.per.join('  ')}`);
  const lim = opt.errors * 2;
  console.log(`\n   tifa false positives (predicted name not in the item's gold): ${sys.fp.length}`);
  for (const x of sys.fp.slice(0, lim)) console.log(`     ${x}`);
  if (sys.fp.length > lim) console.log(`     … ${sys.fp.length - lim} more`);
  console.log(`   tifa false negatives (gold name not predicted): ${sys.fn.length}`);
  for (const x of sys.fn.slice(0, lim)) console.log(`     ${x}`);
  if (sys.fn.length > lim) console.log(`     … ${sys.fn.length - lim} more`);
}

// ---------------------------------------------------------------- main
async function main() {
  const t0 = Date.now();
  console.log(`tifa officials evaluation`);
  console.log(`  tifa   ${opt.tifa}`);
  console.log(`  corpus ${opt.corpus}`);
  if (!fs.existsSync(opt.corpus) || !fs.existsSync(path.join(opt.corpus, 'tagged'))) {
    console.log(`\nThe PKU corpus is not there (${opt.corpus} with its tagged/ folder): the People's Daily evaluation is skipped.`);
    console.log('Pass --corpus DIR to point at pku-rmrb1998-dev.');
    evalHandSets(opt.jieba ? (await loadJieba()).jieba : null);
    return 0;
  }
  const { docs, skipped, notes, nfiles } = loadPku(opt.corpus);
  const docsByName = new Map(docs.map((d) => [d.file, d]));
  const nNr = docs.reduce((x, d) => x + d.nr.size, 0);
  const nGold = docs.reduce((x, d) => x + d.gold.length, 0);
  const nset = (x) => docs.filter((d) => d.set === x).length;
  console.log(`  documents ${nfiles}, scored ${docs.length} (dev ${nset('dev')}, held-out ${nset('held-out')}), skipped ${skipped.length}`);
  for (const s of skipped) console.log(`    skipped ${s}`);
  console.log(`  person-name spans (nr) ${nNr}; runs of nr split into several names ${notes.runsSplit}`);
  console.log(`  gold official mentions ${nGold}: title before (r1) ${notes.gold.r1}, 、/和 chain (r2) ${notes.gold.r2}, title after (r3) ${notes.gold.r3}`);

  const systems = [];
  let jiebaInst = null;
  const { rows, warnings } = runTifa(docs.map((d) => path.join(opt.corpus, d.file)));
  for (const w of warnings.slice(0, 10)) console.log(`  tifa: ${w}`);
  const tp = tifaPredictions(rows, docsByName);
  console.log(`  tifa rows ${rows.length}; without a title (name+同志) ${tp.problems.noTitle}`);
  if (tp.problems.unknownDoc || tp.problems.badOffset || tp.problems.textDiffers) {
    console.log(`  tifa offset problems: unknown doc ${tp.problems.unknownDoc}, offsets off a character ${tp.problems.badOffset}, text column differs ${tp.problems.textDiffers}`);
    for (const x of tp.problems.examples) console.log(`    ${x}`);
  }
  systems.push({ name: 'tifa', pred: tp.pred });

  if (opt.jieba) {
    const j = await loadJieba();
    if (j.jieba) {
      jiebaInst = j.jieba;
      const t1 = Date.now();
      const jp = jiebaPredictions(j.jieba, docs);
      console.log(`  jieba @node-rs/jieba ${j.version}, tag(hmm=true), ${((Date.now() - t1) / 1000).toFixed(1)} s; lines not aligned ${jp.stats.misaligned}; ` +
        `words tagged x (unknown, e.g. HMM-found names) next to a title, not counted: ${jp.stats.xNextToTitle}`);
      systems.push({ name: 'jieba', pred: jp.pred });
    } else {
      console.log(`  jieba: unavailable (${j.error?.message?.split('\n')[0]}); peer skipped`);
    }
  }

  const dump = opt.dump ? ['system\tkind\tset\tdoc\tstart\tend\tname\tverdict\tcontext'] : null;
  const results = systems.map((s) => ({ name: s.name, ...score(docs, s.pred, s.name, dump) }));
  if (dump) {
    fs.writeFileSync(opt.dump, dump.join('\n') + '\n');
    console.log(`  wrote ${dump.length - 1} rows to ${opt.dump} (start/end in UTF-16 code units)`);
  }
  console.log('\nset        system   mentions P     R     F1     (pred/gold) | names P     R     F1     (pred/gold)');
  for (const set of ['dev', 'held-out', 'all']) {
    for (const r of results) {
      const a = r.acc[set];
      if (!a) continue;
      const m = prf(a.tp, a.np, a.tpg, a.ng);
      const n = prf(a.ntp, a.nnp, a.ntpg, a.nng);
      console.log(`${set.padEnd(10)} ${r.name.padEnd(8)} ${' '.repeat(8)} ${f3(m.p)} ${f3(m.r)} ${f3(m.f)}  ` +
        `${(a.np + '/' + a.ng).padEnd(11)} |       ${f3(n.p)} ${f3(n.r)} ${f3(n.f)}  ${a.nnp}/${a.nng}`);
    }
  }
  if (systems[0].name === 'tifa') {
    const titled = new Map([...systems[0].pred].map(([k, v]) => [k, v.filter((p) => p.titled)]));
    const a = score(docs, titled, 'tifa-titled', null).acc.all;
    const m = prf(a.tp, a.np, a.tpg, a.ng), n = prf(a.ntp, a.nnp, a.ntpg, a.nng);
    console.log(`(tifa rows with a title only, i.e. without the name+同志 rows: all mentions P ${f3(m.p)} R ${f3(m.r)} F1 ${f3(m.f)} ${a.np}/${a.ng} | names P ${f3(n.p)} R ${f3(n.r)} F1 ${f3(n.f)})`);
  }
  for (const r of results) {
    printErrors(`${r.name}: false positives (predicted span is not a person-name span)`, r.errs.fp, opt.errors);
    printErrors(`${r.name}: false negatives (gold official mention not predicted exactly)`, r.errs.fn, opt.errors);
  }

  evalHandSets(jiebaInst);
  console.log(`\ndone in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}

main().then((c) => process.exit(c), (e) => { console.error(e); process.exit(1); });
