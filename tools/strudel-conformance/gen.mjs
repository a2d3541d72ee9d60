// Generates tests/data/strudel_conformance.json from cases.mjs by querying Strudel 1.2.6.
//
//   cd tools/strudel-conformance && npm ci && node gen.mjs
//
// Output: an array of { name, phonon, from, to, events }, where events holds every hap
// (every fragment, not only onsets) of pattern.query(State(TimeSpan(from, to))) as
// { whole: ["n/d","n/d"] | null, part: ["n/d","n/d"], value }, sorted by part begin,
// part end, whole begin, then the JSON of the value.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { core, mini } from './strudel.mjs';
import { cases } from './cases.mjs';

const { Fraction, State, TimeSpan } = core;
const here = dirname(fileURLToPath(import.meta.url));
const outPath = resolve(here, '../../tests/data/strudel_conformance.json');

// Everything exported by @strudel/core, plus `mini`, is in scope of a case's expression.
const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval')
    .split(' '),
);
const scope = { ...core, mini };
const names = Object.keys(scope).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && !RESERVED.has(k));
const values = names.map((k) => scope[k]);
const evaluate = (expr) => new Function(...names, `"use strict"; return (${expr});`)(...values);

const isFraction = (x) => x !== null && typeof x === 'object' && typeof x.d === 'bigint' && typeof x.n === 'bigint';

// Reduced rational, sign on the numerator, always with a denominator: "-1/2", "0/1".
function rat(f) {
  if (!isFraction(f)) throw new Error(`non-rational time ${f}`);
  const g = Fraction(f); // normalise
  if (g.n === 0n) return '0/1';
  return `${g.s < 0n ? '-' : ''}${g.n}/${g.d}`;
}

// Hap values: numbers, strings, booleans, or plain objects of controls (keys sorted).
// Keys starting with '_' are Strudel-internal bookkeeping (e.g. `_slices` added by
// slice/splice) with no Tidal counterpart and are dropped.
function cleanValue(v, where) {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${where}: non-finite value ${v}`);
    return v;
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (isFraction(v)) return Number(v.valueOf());
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const out = {};
    for (const k of Object.keys(v).sort()) {
      if (k.startsWith('_')) continue;
      out[k] = cleanValue(v[k], `${where}.${k}`);
    }
    return out;
  }
  throw new Error(`${where}: unsupported value ${JSON.stringify(v)}`);
}

const cmpFrac = (a, b) => a.compare(b);

function queryCase(c) {
  const pat = evaluate(c.strudel);
  if (!pat || typeof pat.query !== 'function') throw new Error(`${c.name}: not a pattern`);
  const span = new TimeSpan(Fraction(c.from), Fraction(c.to));
  const haps = pat.query(new State(span));
  const rows = haps.map((h) => ({
    h,
    ev: {
      whole: h.whole ? [rat(h.whole.begin), rat(h.whole.end)] : null,
      part: [rat(h.part.begin), rat(h.part.end)],
      value: cleanValue(h.value, c.name),
    },
  }));
  rows.sort((x, y) => {
    let d = cmpFrac(x.h.part.begin, y.h.part.begin);
    if (d) return d;
    d = cmpFrac(x.h.part.end, y.h.part.end);
    if (d) return d;
    if (!x.h.whole !== !y.h.whole) return x.h.whole ? 1 : -1;
    if (x.h.whole) {
      d = cmpFrac(x.h.whole.begin, y.h.whole.begin);
      if (d) return d;
    }
    const a = JSON.stringify(x.ev.value);
    const b = JSON.stringify(y.ev.value);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return rows.map((r) => r.ev);
}

const seen = new Set();
const out = [];
for (const c of cases) {
  for (const k of ['name', 'phonon', 'strudel', 'from', 'to']) {
    if (typeof c[k] !== 'string') throw new Error(`case ${JSON.stringify(c.name)}: missing ${k}`);
  }
  if (seen.has(c.name)) throw new Error(`duplicate case name ${c.name}`);
  seen.add(c.name);
  if (!/^-?\d+(\/\d+)?$/.test(c.from) || !/^-?\d+(\/\d+)?$/.test(c.to)) {
    throw new Error(`${c.name}: from/to must be rational strings`);
  }
  let events;
  try {
    events = queryCase(c);
  } catch (e) {
    throw new Error(`case ${c.name}: ${e.message}`);
  }
  out.push({ name: c.name, phonon: c.phonon, from: c.from, to: c.to, events });
}

// One case per line keeps diffs readable.
const json = '[\n' + out.map((o) => '  ' + JSON.stringify(o)).join(',\n') + '\n]\n';
writeFileSync(outPath, json);
const total = out.reduce((n, o) => n + o.events.length, 0);
console.error(`wrote ${out.length} cases, ${total} events to ${outPath}`);
