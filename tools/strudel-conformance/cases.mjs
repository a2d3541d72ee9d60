// Conformance cases: each Phonon expression (as typed to `phonon query 'EXPR'`) with the
// equivalent Strudel 1.2.6 expression and a query span. `node gen.mjs` evaluates every
// `strudel` expression (all exports of @strudel/core plus `mini` in scope) and writes the
// resulting haps to tests/data/strudel_conformance.json.
//
// Only cases where Tidal and Strudel agree are listed here; see DIFFERENCES.md for the
// rest. Where Strudel has no function of the same name, or its function of that name
// differs from Tidal's, the `strudel` side is built from primitives that reproduce Tidal's
// definition (each such mapping is commented and listed in README.md).

// Tidal's `stut count feedback time`:
//   stack (p : [ (x * time) `rotR` (p |* gain (scalegain x)) | x <- [1 .. count-1] ])
//   scalegain x = feedback + (1 - feedback) * ((count - x) / count)
// The gain is multiplied in BEFORE the shift (this decides where fragments fall), and is
// computed in the same floating-point order as Tidal. Strudel's stut instead uses
// feedback^i like echo.
const stutGain = (count, feedback, x) => ((count - x) / count) * (1 - feedback) + feedback;
const stut = (pat, count, feedback, time) =>
  `stack(${pat}, ${Array.from({ length: count - 1 }, (_, i) => i + 1)
    .map((x) => `${pat}.mul(gain(${stutGain(count, feedback, x)})).late(Fraction(${JSON.stringify(time)}).mul(${x}))`)
    .join(', ')})`;
// Tidal's `echo count time feedback` = echoWith count time (|* gain feedback), with
//   _echoWith count time f p | count <= 1 = p
//                            | otherwise  = overlay (f (time `rotR` _echoWith (count-1) time f p)) p
// i.e. layer 0 is untouched (no gain key) and layer i has been shifted and multiplied i
// times, nested exactly like Tidal (the nesting decides where fragments fall). Strudel's
// echo sets gain = feedback^i on every layer, including gain 1 on layer 0.
const echo = (pat, count, time, feedback) => {
  let e = pat;
  for (let c = 2; c <= count; c++) {
    e = `stack(${e}.late(Fraction(${JSON.stringify(time)})).mul(gain(${feedback})), ${pat})`;
  }
  return e;
};
// Tidal's `loopAt n p = slow n p |* speed (1/n) # unit "c"`. Strudel's loopAt uses speed
// 0.5/n (a hard-coded cps) and sets the speed before slowing, so it is rebuilt here.
const loopAt = (pat, n) => `${pat}.slow(${n}).mul.in(speed(${1 / n})).set.in(unit("c"))`;

const m = (s) => `mini(${JSON.stringify(s)})`;

// Tidal's `echoWith count time f` (= `stutWith`):
//   _echoWith count time f p | count <= 1 = p
//                            | otherwise  = overlay (f (time `rotR` _echoWith (count-1) time f p)) p
// Layer 0 untouched, layer i shifted i times and through f i times, nested like Tidal.
// Strudel's echoWith applies f once to every layer, layer 0 included (DIFFERENCES.md §9).
const echoWith = (pat, count, time, f) => {
  let e = pat;
  for (let c = 2; c <= count; c++) e = `stack(${f(`${e}.late(Fraction(${JSON.stringify(time)}))`)}, ${pat})`;
  return e;
};
// Tidal's `every' n o f = when ((== o) . (`mod` n)) f` (no time shift): an alternation of
// n Booleans with the offset-th true, given to Strudel's `when` (Strudel has no every').
const everyOffset = (n, o) => m(`<${Array.from({ length: n }, (_, i) => (i === o ? 1 : 0)).join(' ')}>`);
// Tidal's `chunk' n f p = _chunk (-n) f p`: cycle c applies f to part n-1-(c mod n) via
// within (onset filter), at the original time (no cat/repeatCycles). Strudel's chunkBack
// runs 0, n-1, ..., 1 over repeated cycles (DIFFERENCES.md §15), so the parts are written
// as an alternation for `when`; equal to within when no event straddles a part boundary.
const chunkBack = (n) =>
  m(`<${Array.from({ length: n }, (_, c) => `[${Array.from({ length: n }, (_, i) => (i === n - 1 - c ? 1 : 0)).join(' ')}]`).join(' ')}>`);
// Tidal's `fit step xs p = (xs !!!) <$> (p {query = map (\e -> fmap (+ pos e) e) . query p})`,
// `pos e = step * floor (start (part e))`, `!!!` indexing cyclically. Strudel's `fit` is an
// unrelated sample-speed function (DIFFERENCES.md §23), so it is rebuilt with a signal.
const fit = (step, xs, pat) =>
  `${pat}.add.in(signal((t) => Math.floor(t) * ${step})).fmap((i) => ${JSON.stringify(xs)}[((i % ${xs.length}) + ${xs.length}) % ${xs.length}])`;
// Tidal 1.9: `sew pb a b = overlay (mask pb a) (mask (inv pb) b)`,
// `stitch pb a b = overlay (struct pb a) (struct (inv pb) b)` (Strudel 1.2.6 has neither).
// Strudel's mini keeps `t`/`f` as (truthy) strings, so its Boolean patterns use 1 and 0.
const sew = (b, a, p) => `stack(${a}.mask(${m(b)}), ${p}.mask(${m(b)}.inv()))`;
const stitch = (b, a, p) => `stack(${a}.struct(${m(b)}), ${p}.struct(${m(b)}.inv()))`;

export const cases = [
  // ---------------------------------------------------------------- mini-notation
  { name: 'seq/basic', phonon: '"a b c"', strudel: m('a b c'), from: '0', to: '1' },
  { name: 'seq/two-cycles', phonon: '"a b c"', strudel: m('a b c'), from: '0', to: '2' },
  { name: 'seq/negative', phonon: '"a b c"', strudel: m('a b c'), from: '-1', to: '0' },
  { name: 'seq/unaligned', phonon: '"a b c"', strudel: m('a b c'), from: '1/6', to: '5/6' },
  { name: 'seq/cross-cycle', phonon: '"a b c"', strudel: m('a b c'), from: '2/3', to: '4/3' },
  { name: 'seq/negative-cross', phonon: '"a b"', strudel: m('a b'), from: '-3/4', to: '1/4' },
  { name: 'seq/single-atom-fragment', phonon: '"a"', strudel: m('a'), from: '1/4', to: '5/2' },
  { name: 'seq/zero-width-query', phonon: '"a b"', strudel: m('a b'), from: '1/2', to: '1/2' },
  { name: 'rest/basic', phonon: '"a ~ b ~"', strudel: m('a ~ b ~'), from: '0', to: '1' },
  { name: 'rest/nested', phonon: '"[~ a] ~ [b ~ c]"', strudel: m('[~ a] ~ [b ~ c]'), from: '0', to: '1' },
  { name: 'group/basic', phonon: '"a [b c]"', strudel: m('a [b c]'), from: '0', to: '1' },
  { name: 'group/deep', phonon: '"a [b [c d]] e"', strudel: m('a [b [c d]] e'), from: '1', to: '2' },
  { name: 'group/unaligned', phonon: '"[a b] [c d e]"', strudel: m('[a b] [c d e]'), from: '1/5', to: '6/5' },
  { name: 'stack/brackets', phonon: '"[a, b c]"', strudel: m('[a, b c]'), from: '0', to: '1' },
  { name: 'stack/in-seq', phonon: '"[a, b c] d"', strudel: m('[a, b c] d'), from: '0', to: '1' },
  { name: 'stack/top-level', phonon: '"a b, c d e"', strudel: m('a b, c d e'), from: '0', to: '1' },
  { name: 'stack/top-level-three', phonon: '"a, b b, c c c"', strudel: m('a, b b, c c c'), from: '-1/2', to: '1/2' },
  { name: 'alt/basic', phonon: '"<a b c>"', strudel: m('<a b c>'), from: '0', to: '4' },
  { name: 'alt/negative', phonon: '"<a b c>"', strudel: m('<a b c>'), from: '-3', to: '0' },
  { name: 'alt/in-seq', phonon: '"a <b c>"', strudel: m('a <b c>'), from: '0', to: '2' },
  { name: 'alt/nested', phonon: '"<a <b c>>"', strudel: m('<a <b c>>'), from: '0', to: '4' },
  { name: 'alt/nested-deep', phonon: '"<a <b <c d>>>"', strudel: m('<a <b <c d>>>'), from: '0', to: '8' },
  { name: 'alt/group-inside', phonon: '"<a [b c]>"', strudel: m('<a [b c]>'), from: '0', to: '2' },
  { name: 'alt/fast-inside', phonon: '"<a b*2 c>"', strudel: m('<a b*2 c>'), from: '0', to: '3' },
  { name: 'alt/slow-inside', phonon: '"<a [b c]/2>"', strudel: m('<a [b c]/2>'), from: '0', to: '4' },
  { name: 'alt/weight-inside', phonon: '"<a@3 b>"', strudel: m('<a@3 b>'), from: '0', to: '4' },
  { name: 'alt/weight-inside-fragment', phonon: '"<a@3 b>"', strudel: m('<a@3 b>'), from: '3/2', to: '7/2' },
  { name: 'alt/times-two', phonon: '"<a b>*2"', strudel: m('<a b>*2'), from: '0', to: '1' },
  { name: 'alt/times-three', phonon: '"<a b>*3"', strudel: m('<a b>*3'), from: '0', to: '2' },
  { name: 'alt/slow', phonon: '"<a b>/2"', strudel: m('<a b>/2'), from: '0', to: '4' },
  { name: 'alt/polyphonic', phonon: '"<a b, c d e>"', strudel: m('<a b, c d e>'), from: '0', to: '3' },
  { name: 'alt/in-group-fast', phonon: '"[a <b c>]*2"', strudel: m('[a <b c>]*2'), from: '0', to: '2' },
  { name: 'fast/atom', phonon: '"a*3"', strudel: m('a*3'), from: '0', to: '1' },
  { name: 'fast/in-seq', phonon: '"a*2 b"', strudel: m('a*2 b'), from: '0', to: '1' },
  { name: 'fast/group-fractional', phonon: '"[a b]*1.5"', strudel: m('[a b]*1.5'), from: '0', to: '2' },
  { name: 'fast/group-fractional-unaligned', phonon: '"[a b c]*1.5"', strudel: m('[a b c]*1.5'), from: '1/3', to: '5/3' },
  { name: 'fast/alternating-factor', phonon: '"a*<2 3>"', strudel: m('a*<2 3>'), from: '0', to: '2' },
  { name: 'fast/subsequence-factor', phonon: '"a*[2 4]"', strudel: m('a*[2 4]'), from: '0', to: '1' },
  { name: 'slow/atom', phonon: '"a/2"', strudel: m('a/2'), from: '0', to: '4' },
  { name: 'slow/in-seq', phonon: '"a/2 b"', strudel: m('a/2 b'), from: '0', to: '2' },
  { name: 'slow/group', phonon: '"[a b c]/2"', strudel: m('[a b c]/2'), from: '0', to: '2' },
  { name: 'slow/group-negative', phonon: '"[a b c]/2"', strudel: m('[a b c]/2'), from: '-2', to: '0' },
  { name: 'slow/fractional', phonon: '"[a b]/1.5"', strudel: m('[a b]/1.5'), from: '0', to: '3' },
  { name: 'slow/alternating-factor', phonon: '"a/<2 1>"', strudel: m('a/<2 1>'), from: '0', to: '4' },
  { name: 'euclid/3-8', phonon: '"a(3,8)"', strudel: m('a(3,8)'), from: '0', to: '1' },
  { name: 'euclid/5-8', phonon: '"a(5,8)"', strudel: m('a(5,8)'), from: '0', to: '1' },
  { name: 'euclid/3-8-two-cycles', phonon: '"a(3,8)"', strudel: m('a(3,8)'), from: '-1/2', to: '3/2' },
  { name: 'euclid/7-16', phonon: '"a(7,16)"', strudel: m('a(7,16)'), from: '0', to: '1' },
  { name: 'euclid/4-4', phonon: '"a(4,4)"', strudel: m('a(4,4)'), from: '0', to: '1' },
  { name: 'euclid/in-seq', phonon: '"a(3,8) b"', strudel: m('a(3,8) b'), from: '0', to: '1' },
  { name: 'euclid/pattern-pulses', phonon: '"a(<3 5>,8)"', strudel: m('a(<3 5>,8)'), from: '0', to: '2' },
  { name: 'euclid/pattern-steps', phonon: '"a(3,<8 4>)"', strudel: m('a(3,<8 4>)'), from: '0', to: '2' },
  { name: 'euclid/negative-pulses', phonon: '"a(-3,8)"', strudel: m('a(-3,8)'), from: '0', to: '1' },
  // Tidal rotates LEFT by r steps (rotL (r/k)); Strudel's mini rotates right, so the
  // Strudel side negates the rotation to obtain Tidal's placement.
  { name: 'euclid/rotation-2', phonon: '"a(3,8,2)"', strudel: m('a(3,8,-2)'), from: '0', to: '1' },
  { name: 'euclid/rotation-1', phonon: '"a(3,8,1)"', strudel: m('a(3,8,-1)'), from: '0', to: '1' },
  { name: 'euclid/rotation-5-of-8', phonon: '"a(5,8,3)"', strudel: m('a(5,8,-3)'), from: '0', to: '1' },
  { name: 'euclid/rotation-pattern', phonon: '"a(3,8,<0 2>)"', strudel: m('a(3,8,<0 -2>)'), from: '0', to: '2' },
  { name: 'replicate/three', phonon: '"a!3 b"', strudel: m('a!3 b'), from: '0', to: '1' },
  { name: 'replicate/bare', phonon: '"a ! b"', strudel: m('a ! b'), from: '0', to: '1' },
  { name: 'replicate/bare-twice', phonon: '"a ! ! b"', strudel: m('a ! ! b'), from: '0', to: '1' },
  { name: 'replicate/group', phonon: '"[a b]!2 c"', strudel: m('[a b]!2 c'), from: '0', to: '1' },
  { name: 'replicate/alternation', phonon: '"<a b>!2 c"', strudel: m('<a b>!2 c'), from: '0', to: '2' },
  { name: 'weight/basic', phonon: '"a@3 b"', strudel: m('a@3 b'), from: '0', to: '1' },
  { name: 'weight/fractional', phonon: '"a@1.5 b"', strudel: m('a@1.5 b'), from: '0', to: '1' },
  { name: 'weight/in-group', phonon: '"[a@2 b] c"', strudel: m('[a@2 b] c'), from: '1/2', to: '3/2' },
  { name: 'elongate/underscore', phonon: '"a _ _ b"', strudel: m('a _ _ b'), from: '0', to: '1' },
  { name: 'elongate/underscore-mid', phonon: '"a b _ c"', strudel: m('a b _ c'), from: '-1', to: '1' },
  { name: 'polymeter/basic', phonon: '"{a b c, d e}"', strudel: m('{a b c, d e}'), from: '0', to: '2' },
  { name: 'polymeter/steps', phonon: '"{a b c}%4"', strudel: m('{a b c}%4'), from: '0', to: '3' },
  { name: 'polymeter/steps-negative', phonon: '"{a b c}%4"', strudel: m('{a b c}%4'), from: '-1', to: '0' },
  { name: 'polymeter/steps-two-layers', phonon: '"{a b c, d e}%4"', strudel: m('{a b c, d e}%4'), from: '0', to: '1' },
  { name: 'polymeter/in-seq', phonon: '"{a b c}%2 d"', strudel: m('{a b c}%2 d'), from: '0', to: '2' },
  { name: 'polymeter/pattern-steps', phonon: '"{a b}%<2 4>"', strudel: m('{a b}%<2 4>'), from: '0', to: '2' },
  { name: 'feet/basic', phonon: '"a b . c d e"', strudel: m('a b . c d e'), from: '0', to: '1' },
  { name: 'feet/three', phonon: '"a . b c . d e f"', strudel: m('a . b c . d e f'), from: '0', to: '1' },
  { name: 'range/up', phonon: '"0 .. 3"', strudel: m('0 .. 3'), from: '0', to: '1' },
  { name: 'range/down', phonon: '"3 .. 0"', strudel: m('3 .. 0'), from: '0', to: '1' },
  { name: 'range/negative', phonon: '"-1 .. 1"', strudel: m('-1 .. 1'), from: '0', to: '1' },
  { name: 'range/in-seq', phonon: '"0 .. 3 8"', strudel: m('0 .. 3 8'), from: '0', to: '1' },
  { name: 'numbers/int', phonon: '"0 1 2 3"', strudel: m('0 1 2 3'), from: '0', to: '1' },
  { name: 'numbers/negative-decimal', phonon: '"-1 -0.5 2.25"', strudel: m('-1 -0.5 2.25'), from: '0', to: '1' },
  { name: 'numbers/decimal-fast', phonon: '"0.25*2 1.5"', strudel: m('0.25*2 1.5'), from: '0', to: '1' },
  { name: 'notes/names', phonon: '"c4 eb3 fs2"', strudel: m('c4 eb3 fs2'), from: '0', to: '1' },
  { name: 'notes/names-alt', phonon: '"<c4 e4> g3"', strudel: m('<c4 e4> g3'), from: '0', to: '2' },
  { name: 'mini/kitchen-sink', phonon: '"bd*2 [~ sn] <hh [hh oh]> cp(3,8)"', strudel: m('bd*2 [~ sn] <hh [hh oh]> cp(3,8)'), from: '0', to: '2' },
  { name: 'mini/kitchen-sink-unaligned', phonon: '"[a b]*1.5 <c d>!2 e@2"', strudel: m('[a b]*1.5 <c d>!2 e@2'), from: '1/7', to: '15/7' },

  // ---------------------------------------------------------------- sample players
  { name: 's/basic', phonon: 's "bd*2 [sn cp]"', strudel: `s(${m('bd*2 [sn cp]')})`, from: '0', to: '1' },
  { name: 's/index', phonon: 's "bd:3 sn"', strudel: `s(${m('bd:3 sn')})`, from: '0', to: '1' },
  { name: 's/index-alt', phonon: 's "<bd:1 bd:2> sn:0"', strudel: `s(${m('<bd:1 bd:2> sn:0')})`, from: '0', to: '2' },
  { name: 's/speed', phonon: 's "bd:3 sn" # speed 2', strudel: `s(${m('bd:3 sn')}).speed(2)`, from: '0', to: '1' },
  { name: 's/speed-pattern', phonon: 's "bd*4" # speed "1 2"', strudel: `s(${m('bd*4')}).speed(${m('1 2')})`, from: '0', to: '1' },
  { name: 's/gain-fragments', phonon: 's "bd sn" # gain "1 0.8 0.6"', strudel: `s(${m('bd sn')}).gain(${m('1 0.8 0.6')})`, from: '0', to: '1' },
  { name: 's/n-range', phonon: 's "drum*4" # n "0 .. 3"', strudel: `s(${m('drum*4')}).n(${m('0 .. 3')})`, from: '0', to: '1' },
  { name: 's/pan-cut', phonon: 's "hh*2" # pan "0 1" # cut 1', strudel: `s(${m('hh*2')}).pan(${m('0 1')}).cut(1)`, from: '0', to: '1' },
  { name: 's/slow-then-speed-fragments', phonon: 's "bd" $ slow 2 # speed 2', strudel: `s(${m('bd')}).slow(2).speed(2)`, from: '0', to: '2' },
  { name: 's/note', phonon: 's "superpiano" # note "0 4 7"', strudel: `s(${m('superpiano')}).note(${m('0 4 7')})`, from: '0', to: '1' },

  // ---------------------------------------------------------------- fast / slow / hurry
  { name: 'fast/2', phonon: '"a b" $ fast 2', strudel: `${m('a b')}.fast(2)`, from: '0', to: '1' },
  { name: 'fast/1.5', phonon: '"a b c" $ fast 1.5', strudel: `${m('a b c')}.fast(1.5)`, from: '0', to: '2' },
  { name: 'fast/third', phonon: '"a b" $ fast (1/3)', strudel: `${m('a b')}.fast(Fraction('1/3'))`, from: '0', to: '3' },
  { name: 'fast/alternating', phonon: '"a b" $ fast "<1 2>"', strudel: `${m('a b')}.fast(${m('<1 2>')})`, from: '0', to: '2' },
  { name: 'fast/subcycle-pattern', phonon: '"a b c d" $ fast "1 2"', strudel: `${m('a b c d')}.fast(${m('1 2')})`, from: '0', to: '1' },
  { name: 'fast/negative-time', phonon: '"a b c" $ fast 2', strudel: `${m('a b c')}.fast(2)`, from: '-1', to: '-1/3' },
  { name: 'slow/2', phonon: '"a b c" $ slow 2', strudel: `${m('a b c')}.slow(2)`, from: '0', to: '2' },
  { name: 'slow/2-fragments', phonon: '"a b c" $ slow 2', strudel: `${m('a b c')}.slow(2)`, from: '1/2', to: '3/2' },
  { name: 'slow/alternating', phonon: '"a b" $ slow "<1 2>"', strudel: `${m('a b')}.slow(${m('<1 2>')})`, from: '0', to: '4' },
  { name: 'fast-then-rev', phonon: '"bd sn" $ fast 2 $ rev', strudel: `${m('bd sn')}.fast(2).rev()`, from: '0', to: '1' },
  { name: 'tidal-dollar-form', phonon: 'fast 2 $ "bd sn hh"', strudel: `${m('bd sn hh')}.fast(2)`, from: '0', to: '1' },
  { name: 'hurry/2', phonon: 's "bd sn" $ hurry 2', strudel: `s(${m('bd sn')}).hurry(2)`, from: '0', to: '1' },
  { name: 'hurry/with-speed', phonon: '(s "bd sn" # speed 3) $ hurry 2', strudel: `s(${m('bd sn')}).speed(3).hurry(2)`, from: '0', to: '1' },
  { name: 'hurry/alternating', phonon: 's "bd sn" $ hurry "<1 2>"', strudel: `s(${m('bd sn')}).hurry(${m('<1 2>')})`, from: '0', to: '2' },

  // ---------------------------------------------------------------- rev / iter
  { name: 'rev/basic', phonon: '"a b c" $ rev', strudel: `${m('a b c')}.rev()`, from: '0', to: '1' },
  { name: 'rev/nested', phonon: '"a [b c] ~ d" $ rev', strudel: `${m('a [b c] ~ d')}.rev()`, from: '0', to: '1' },
  { name: 'rev/multi-cycle', phonon: '"<a b> c d" $ rev', strudel: `${m('<a b> c d')}.rev()`, from: '0', to: '2' },
  { name: 'rev/unaligned', phonon: '"a b c d" $ rev', strudel: `${m('a b c d')}.rev()`, from: '1/3', to: '4/3' },
  { name: 'rev/negative', phonon: '"a b c" $ rev', strudel: `${m('a b c')}.rev()`, from: '-1', to: '0' },
  { name: 'rev/slowed', phonon: '"a b c d" $ slow 2 $ rev', strudel: `${m('a b c d')}.slow(2).rev()`, from: '0', to: '2' },
  { name: 'rev/long-event', phonon: '"a@3 b" $ slow 2 $ rev', strudel: `${m('a@3 b')}.slow(2).rev()`, from: '0', to: '2' },
  { name: 'iter/4', phonon: '"a b c d" $ iter 4', strudel: `${m('a b c d')}.iter(4)`, from: '0', to: '4' },
  { name: 'iter/4-negative', phonon: '"a b c d" $ iter 4', strudel: `${m('a b c d')}.iter(4)`, from: '-2', to: '0' },
  { name: 'iter/3-of-4', phonon: '"a b c d" $ iter 3', strudel: `${m('a b c d')}.iter(3)`, from: '0', to: '3' },
  { name: 'iter/alternating-source', phonon: '"<a b> c d e" $ iter 4', strudel: `${m('<a b> c d e')}.iter(4)`, from: '0', to: '4' },
  { name: 'iterBack/4', phonon: '"a b c d" $ iterBack 4', strudel: `${m('a b c d')}.iterBack(4)`, from: '0', to: '4' },
  { name: 'iterBack/unaligned', phonon: '"a b c" $ iterBack 3', strudel: `${m('a b c')}.iterBack(3)`, from: '1/2', to: '5/2' },

  // ---------------------------------------------------------------- ply / press / linger / segment
  { name: 'ply/2', phonon: '"a b" $ ply 2', strudel: `${m('a b')}.ply(2)`, from: '0', to: '1' },
  { name: 'ply/3-rests', phonon: '"a ~ b" $ ply 3', strudel: `${m('a ~ b')}.ply(3)`, from: '0', to: '1' },
  { name: 'ply/1.5', phonon: '"a b" $ ply 1.5', strudel: `${m('a b')}.ply(1.5)`, from: '0', to: '1' },
  { name: 'ply/alternating', phonon: '"a b" $ ply "<2 3>"', strudel: `${m('a b')}.ply(${m('<2 3>')})`, from: '0', to: '2' },
  { name: 'ply/long-event', phonon: '"a" $ slow 2 $ ply 2', strudel: `${m('a')}.slow(2).ply(2)`, from: '1/2', to: '3/2' },
  { name: 'press/basic', phonon: '"a b" $ press', strudel: `${m('a b')}.press()`, from: '0', to: '1' },
  { name: 'press/nested', phonon: '"a [b c] d" $ press', strudel: `${m('a [b c] d')}.press()`, from: '0', to: '1' },
  { name: 'linger/quarter', phonon: '"a b c d" $ linger 0.25', strudel: `${m('a b c d')}.linger(0.25)`, from: '0', to: '1' },
  { name: 'linger/half', phonon: '"a b c d e f" $ linger 0.5', strudel: `${m('a b c d e f')}.linger(0.5)`, from: '0', to: '2' },
  { name: 'linger/third-unaligned', phonon: '"a b c d" $ linger (1/3)', strudel: `${m('a b c d')}.linger(Fraction('1/3'))`, from: '0', to: '1' },
  { name: 'linger/alternating', phonon: '"a b c d" $ linger "<0.25 0.5>"', strudel: `${m('a b c d')}.linger(${m('<0.25 0.5>')})`, from: '0', to: '2' },
  { name: 'linger/multi-cycle-source', phonon: '"<a b> c d e" $ linger 0.25', strudel: `${m('<a b> c d e')}.linger(0.25)`, from: '0', to: '2' },
  { name: 'segment/4', phonon: '"a" $ segment 4', strudel: `${m('a')}.segment(4)`, from: '0', to: '1' },
  { name: 'segment/3-over-2', phonon: '"0 1" $ segment 3', strudel: `${m('0 1')}.segment(3)`, from: '0', to: '1' },
  { name: 'segment/alternating', phonon: '"0 1" $ segment "<2 4>"', strudel: `${m('0 1')}.segment(${m('<2 4>')})`, from: '0', to: '2' },
  { name: 'range-fn/1-5', phonon: '"0 0.5 1" $ range 1 5', strudel: `${m('0 0.5 1')}.range(1, 5)`, from: '0', to: '1' },
  { name: 'range-fn/negative', phonon: '"0 0.25 1" $ range (-1) 1', strudel: `${m('0 0.25 1')}.range(-1, 1)`, from: '0', to: '1' },
  { name: 'range-fn/after-segment', phonon: '"0 1" $ segment 4 $ range 100 200', strudel: `${m('0 1')}.segment(4).range(100, 200)`, from: '0', to: '1' },

  // ---------------------------------------------------------------- every / lastOf / whenmod / chunk
  { name: 'every/3-fast', phonon: '"a b" $ every 3 (fast 2)', strudel: `${m('a b')}.every(3, (x) => x.fast(2))`, from: '0', to: '4' },
  { name: 'every/2-rev', phonon: '"a b c" $ every 2 rev', strudel: `${m('a b c')}.every(2, rev)`, from: '0', to: '2' },
  { name: 'every/3-speed', phonon: 's "bd sn" $ every 3 (# speed 2)', strudel: `s(${m('bd sn')}).every(3, (x) => x.speed(2))`, from: '0', to: '3' },
  { name: 'every/unaligned', phonon: '"a b c" $ every 2 (fast 2)', strudel: `${m('a b c')}.every(2, (x) => x.fast(2))`, from: '1/2', to: '5/2' },
  { name: 'every/pattern-arg', phonon: '"a b" $ every "<2 3>" rev', strudel: `${m('a b')}.every(${m('<2 3>')}, rev)`, from: '0', to: '4' },
  // firstOf/every return silence for negative cycles in Strudel (JS `%` of a negative
  // number); Tidal's `when ((== 0) . (`mod` n))` is expressed with an alternation.
  { name: 'every/negative-cycles', phonon: '"a b" $ every 3 (fast 2)', strudel: `${m('a b')}.when(${m('<1 0 0>')}, (x) => x.fast(2))`, from: '-3', to: '0' },
  { name: 'lastOf/3', phonon: '"a b" $ lastOf 3 (fast 2)', strudel: `${m('a b')}.lastOf(3, (x) => x.fast(2))`, from: '0', to: '3' },
  { name: 'lastOf/2-rev', phonon: '"a b c" $ lastOf 2 rev', strudel: `${m('a b c')}.lastOf(2, rev)`, from: '1/2', to: '5/2' },
  // whenmod a b f applies f on cycles c with c mod a >= b (Tidal whenT + splitQueries);
  // Strudel 1.2.6 has no whenmod, so the test is written as an alternation.
  { name: 'whenmod/4-2', phonon: '"a b" $ whenmod 4 2 (fast 2)', strudel: `${m('a b')}.when(${m('<0 0 1 1>')}, (x) => x.fast(2))`, from: '0', to: '4' },
  { name: 'whenmod/4-2-negative', phonon: '"a b" $ whenmod 4 2 rev', strudel: `${m('a b')}.when(${m('<0 0 1 1>')}, rev)`, from: '-4', to: '0' },
  { name: 'whenmod/3-1-fragments', phonon: '"a b c" $ slow 2 $ whenmod 3 1 (fast 2)', strudel: `${m('a b c')}.slow(2).when(${m('<0 1 1>')}, (x) => x.fast(2))`, from: '0', to: '3' },
  { name: 'chunk/4-fast', phonon: '"a b c d" $ chunk 4 (fast 2)', strudel: `${m('a b c d')}.chunk(4, (x) => x.fast(2))`, from: '0', to: '4' },
  { name: 'chunk/4-speed', phonon: 's "bd sn hh cp" $ chunk 4 (# speed 2)', strudel: `s(${m('bd sn hh cp')}).chunk(4, (x) => x.speed(2))`, from: '0', to: '4' },
  { name: 'chunk/2-add', phonon: '"0 1 2 3" $ chunk 2 (+ 10)', strudel: `${m('0 1 2 3')}.chunk(2, (x) => x.add.mix(10))`, from: '1', to: '3' },

  // ---------------------------------------------------------------- superimpose / off / layer / echo / stut
  { name: 'superimpose/fast', phonon: '"a b" $ superimpose (fast 2)', strudel: `${m('a b')}.superimpose((x) => x.fast(2))`, from: '0', to: '1' },
  { name: 'superimpose/add', phonon: '"0 1 2" $ superimpose (+ 12)', strudel: `${m('0 1 2')}.superimpose((x) => x.add.mix(12))`, from: '0', to: '1' },
  { name: 'off/quarter-add', phonon: '"0 1" $ off 0.25 (+ 12)', strudel: `${m('0 1')}.off(0.25, (x) => x.add.mix(12))`, from: '0', to: '1' },
  { name: 'off/quarter-add-two-cycles', phonon: '"0 1" $ off 0.25 (+ 12)', strudel: `${m('0 1')}.off(0.25, (x) => x.add.mix(12))`, from: '-1/2', to: '3/2' },
  { name: 'off/eighth-rev', phonon: '"a b c" $ off 0.125 rev', strudel: `${m('a b c')}.off(0.125, rev)`, from: '0', to: '1' },
  { name: 'off/speed', phonon: 's "bd sn" $ off (1/3) (# speed 2)', strudel: `s(${m('bd sn')}).off(Fraction('1/3'), (x) => x.speed(2))`, from: '0', to: '1' },
  { name: 'off/left-add', phonon: '"0 1" $ off 0.25 (|+ 7)', strudel: `${m('0 1')}.off(0.25, (x) => x.add.in(7))`, from: '0', to: '1' },
  { name: 'layer/rev-fast', phonon: '"a b" $ layer [rev, (fast 2)]', strudel: `${m('a b')}.layer(rev, (x) => x.fast(2))`, from: '0', to: '1' },
  { name: 'layer/three', phonon: '"0 1" $ layer [(+ 1), (+ 2), (fast 2)]', strudel: `${m('0 1')}.layer((x) => x.add.mix(1), (x) => x.add.mix(2), (x) => x.fast(2))`, from: '0', to: '1' },
  { name: 'echo/3', phonon: 's "bd sn" $ echo 3 0.25 0.5', strudel: echo(`s(${m('bd sn')})`, 3, '1/4', 0.5), from: '0', to: '1' },
  { name: 'echo/3-two-cycles', phonon: 's "bd" $ echo 3 (1/3) 0.8', strudel: echo(`s(${m('bd')})`, 3, '1/3', 0.8), from: '0', to: '2' },
  { name: 'echo/4-nested-fragments', phonon: 's "bd" $ echo 4 (1/3) 0.5', strudel: echo(`s(${m('bd')})`, 4, '1/3', 0.5), from: '1', to: '2' },
  { name: 'echo/with-gain', phonon: '(s "bd sn" # gain 0.9) $ echo 2 0.125 0.5', strudel: echo(`s(${m('bd sn')}).gain(0.9)`, 2, '1/8', 0.5), from: '0', to: '1' },
  { name: 'stut/3', phonon: 's "bd sn" $ stut 3 0.5 0.125', strudel: stut(`s(${m('bd sn')})`, 3, 0.5, '1/8'), from: '0', to: '1' },
  { name: 'stut/slow-fragments', phonon: 's "bd" $ slow 2 $ stut 2 0.5 0.25', strudel: stut(`s(${m('bd')}).slow(2)`, 2, 0.5, '1/4'), from: '0', to: '3' },
  { name: 'stut/4', phonon: 's "bd ~ sn ~" $ stut 4 0.6 (1/8)', strudel: stut(`s(${m('bd ~ sn ~')})`, 4, 0.6, '1/8'), from: '1/2', to: '3/2' },

  // ---------------------------------------------------------------- late / early / rotL / rotR
  { name: 'late/quarter', phonon: '"a b" $ late 0.25', strudel: `${m('a b')}.late(0.25)`, from: '0', to: '1' },
  { name: 'late/third', phonon: '"a b c" $ late (1/3)', strudel: `${m('a b c')}.late(Fraction('1/3'))`, from: '0', to: '1' },
  { name: 'late/negative-time', phonon: '"a b" $ late 0.25', strudel: `${m('a b')}.late(0.25)`, from: '-1', to: '0' },
  { name: 'late/alternating', phonon: '"a b" $ late "<0 0.25>"', strudel: `${m('a b')}.late(${m('<0 0.25>')})`, from: '0', to: '2' },
  { name: 'late/more-than-cycle', phonon: '"<a b c>" $ late 1.5', strudel: `${m('<a b c>')}.late(1.5)`, from: '0', to: '3' },
  { name: 'early/quarter', phonon: '"a b" $ early 0.25', strudel: `${m('a b')}.early(0.25)`, from: '0', to: '1' },
  { name: 'early/third-multi', phonon: '"<a b> c" $ early (1/3)', strudel: `${m('<a b> c')}.early(Fraction('1/3'))`, from: '0', to: '2' },
  { name: 'rotL/quarter', phonon: '"a b c d" $ rotL 0.25', strudel: `${m('a b c d')}.early(0.25)`, from: '0', to: '1' },
  { name: 'rotR/quarter', phonon: '"a b c d" $ rotR 0.25', strudel: `${m('a b c d')}.late(0.25)`, from: '0', to: '1' },
  { name: 'rotR/third-unaligned', phonon: '"a b" $ rotR (1/3)', strudel: `${m('a b')}.late(Fraction('1/3'))`, from: '1/4', to: '7/4' },

  // ---------------------------------------------------------------- zoom / compress / fastGap / inside / outside
  { name: 'zoom/middle', phonon: '"a b c d" $ zoom 0.25 0.75', strudel: `${m('a b c d')}.zoom(0.25, 0.75)`, from: '0', to: '1' },
  { name: 'zoom/unaligned', phonon: '"a b c" $ zoom 0.25 0.75', strudel: `${m('a b c')}.zoom(0.25, 0.75)`, from: '0', to: '2' },
  { name: 'zoom/first-half', phonon: '"<a b> c d e" $ zoom 0 0.5', strudel: `${m('<a b> c d e')}.zoom(0, 0.5)`, from: '0', to: '2' },
  { name: 'zoom/past-end', phonon: '"a b" $ zoom 0.5 1.5', strudel: `${m('a b')}.zoom(0.5, 1.5)`, from: '0', to: '1' },
  { name: 'compress/middle', phonon: '"a b" $ compress 0.25 0.75', strudel: `${m('a b')}.compress(0.25, 0.75)`, from: '0', to: '1' },
  { name: 'compress/two-cycles', phonon: '"<a b> c" $ compress (1/3) 1', strudel: `${m('<a b> c')}.compress(Fraction('1/3'), 1)`, from: '0', to: '2' },
  { name: 'compress/negative', phonon: '"a b c" $ compress 0 0.5', strudel: `${m('a b c')}.compress(0, 0.5)`, from: '-1', to: '0' },
  { name: 'fastGap/2', phonon: '"a b" $ fastGap 2', strudel: `${m('a b')}.fastGap(2)`, from: '0', to: '2' },
  { name: 'fastGap/3-unaligned', phonon: '"a b c" $ fastGap 3', strudel: `${m('a b c')}.fastGap(3)`, from: '1/6', to: '7/6' },
  { name: 'fastGap/1.5', phonon: '"a b c" $ fastGap 1.5', strudel: `${m('a b c')}.fastGap(1.5)`, from: '0', to: '1' },
  { name: 'inside/2-rev', phonon: '"0 1 2 3 4 5 6 7" $ inside 2 rev', strudel: `${m('0 1 2 3 4 5 6 7')}.inside(2, rev)`, from: '0', to: '1' },
  { name: 'inside/4-iter', phonon: '"a b c d" $ inside 2 (iter 2)', strudel: `${m('a b c d')}.inside(2, (x) => x.iter(2))`, from: '0', to: '2' },
  { name: 'outside/2-rev', phonon: '"<[a b] [c d]>" $ outside 2 rev', strudel: `${m('<[a b] [c d]>')}.outside(2, rev)`, from: '0', to: '2' },
  { name: 'outside/2-every', phonon: '"<a b c d>" $ outside 2 (every 2 (fast 2))', strudel: `${m('<a b c d>')}.outside(2, (x) => x.every(2, (y) => y.fast(2)))`, from: '0', to: '4' },

  // ---------------------------------------------------------------- repeatCycles / brak
  { name: 'repeatCycles/2', phonon: '"<a b c>" $ repeatCycles 2', strudel: `${m('<a b c>')}.repeatCycles(2)`, from: '0', to: '6' },
  { name: 'repeatCycles/3-negative', phonon: '"<a b> c" $ repeatCycles 3', strudel: `${m('<a b> c')}.repeatCycles(3)`, from: '-3', to: '0' },
  { name: 'repeatCycles/alternating', phonon: '"<a b c d>" $ repeatCycles "<2 1>"', strudel: `${m('<a b c d>')}.repeatCycles(${m('<2 1>')})`, from: '0', to: '4' },
  { name: 'brak/basic', phonon: '"a b" $ brak', strudel: `${m('a b')}.brak()`, from: '0', to: '2' },
  { name: 'brak/three', phonon: '"a b c" $ brak', strudel: `${m('a b c')}.brak()`, from: '1', to: '3' },
  { name: 'brak/negative', phonon: '"a b" $ brak', strudel: `${m('a b')}.brak()`, from: '-2', to: '0' },

  // ---------------------------------------------------------------- jux
  { name: 'jux/rev', phonon: 's "bd sn hh" $ jux rev', strudel: `s(${m('bd sn hh')}).jux(rev)`, from: '0', to: '1' },
  { name: 'jux/fast', phonon: 's "bd sn" $ jux (fast 2)', strudel: `s(${m('bd sn')}).jux((x) => x.fast(2))`, from: '0', to: '1' },
  { name: 'jux/speed', phonon: 's "bd*2" $ jux (# speed 2)', strudel: `s(${m('bd*2')}).jux((x) => x.speed(2))`, from: '1', to: '2' },
  { name: 'juxBy/half', phonon: 's "bd sn" $ juxBy 0.5 rev', strudel: `s(${m('bd sn')}).juxBy(0.5, rev)`, from: '0', to: '1' },
  { name: 'juxBy/quarter-late', phonon: 's "bd sn" $ juxBy 0.25 (late 0.25)', strudel: `s(${m('bd sn')}).juxBy(0.25, (x) => x.late(0.25))`, from: '0', to: '1' },

  // ---------------------------------------------------------------- chop / striate / slice / splice / loopAt
  { name: 'chop/2', phonon: 's "bev sn" $ chop 2', strudel: `s(${m('bev sn')}).chop(2)`, from: '0', to: '1' },
  { name: 'chop/3-slow', phonon: 's "bev" $ slow 2 $ chop 3', strudel: `s(${m('bev')}).slow(2).chop(3)`, from: '0', to: '2' },
  { name: 'chop/4-fragment-query', phonon: 's "bev" $ chop 4', strudel: `s(${m('bev')}).chop(4)`, from: '1/8', to: '7/8' },
  { name: 'chop/with-begin-end', phonon: '(s "bev" # begin 0.5 # end 1) $ chop 2', strudel: `s(${m('bev')}).begin(0.5).end(1).chop(2)`, from: '0', to: '1' },
  { name: 'striate/2', phonon: 's "a b" $ striate 2', strudel: `s(${m('a b')}).striate(2)`, from: '0', to: '1' },
  { name: 'striate/3', phonon: 's "bev*2" $ striate 3', strudel: `s(${m('bev*2')}).striate(3)`, from: '1', to: '2' },
  { name: 'slice/4', phonon: 's "bev" $ slice 4 "0 2"', strudel: `s(${m('bev')}).slice(4, ${m('0 2')})`, from: '0', to: '1' },
  { name: 'slice/4-pattern', phonon: 's "bev" $ slice 4 "<0 3> 1 [2 1]"', strudel: `s(${m('bev')}).slice(4, ${m('<0 3> 1 [2 1]')})`, from: '0', to: '2' },
  { name: 'splice/4', phonon: 's "bev" $ splice 4 "0 2"', strudel: `s(${m('bev')}).splice(4, ${m('0 2')})`, from: '0', to: '1' },
  { name: 'splice/8-mixed', phonon: 's "bev" $ splice 8 "0 [3 5] 7"', strudel: `s(${m('bev')}).splice(8, ${m('0 [3 5] 7')})`, from: '0', to: '1' },
  // loopAt: see the loopAt helper above (Tidal's definition rebuilt from primitives).
  { name: 'loopAt/2-chop', phonon: 's "bev" $ chop 4 $ loopAt 2', strudel: loopAt(`s(${m('bev')}).chop(4)`, 2), from: '0', to: '2' },
  { name: 'loopAt/with-speed', phonon: '(s "bev" # speed 2) $ loopAt 2', strudel: loopAt(`s(${m('bev')}).speed(2)`, 2), from: '0', to: '2' },
  { name: 'loopAt/4', phonon: 's "break" $ loopAt 4', strudel: loopAt(`s(${m('break')})`, 4), from: '0', to: '4' },

  // ---------------------------------------------------------------- struct / mask / euclid*
  { name: 'struct/basic', phonon: '"a" $ struct "t ~ t t"', strudel: `${m('a')}.struct(${m('t ~ t t')})`, from: '0', to: '1' },
  { name: 'struct/values-sampled', phonon: '"a b" $ struct "t t t"', strudel: `${m('a b')}.struct(${m('t t t')})`, from: '0', to: '1' },
  { name: 'struct/binary', phonon: '"0 1 2 3" $ struct "1 0 1 1"', strudel: `${m('0 1 2 3')}.struct(${m('1 0 1 1')})`, from: '0', to: '1' },
  { name: 'struct/euclid', phonon: '"a" $ struct "t(3,8)"', strudel: `${m('a')}.struct(${m('t(3,8)')})`, from: '0', to: '2' },
  { name: 'struct/sample', phonon: 's "bd" $ struct "t*2 [~ t]"', strudel: `s(${m('bd')}).struct(${m('t*2 [~ t]')})`, from: '-1/2', to: '1/2' },
  { name: 'mask/basic', phonon: '"a b c d" $ mask "1 0 1 1"', strudel: `${m('a b c d')}.mask(${m('1 0 1 1')})`, from: '0', to: '1' },
  { name: 'mask/fragments', phonon: '"a b" $ mask "t ~ t"', strudel: `${m('a b')}.mask(${m('t ~ t')})`, from: '0', to: '1' },
  { name: 'mask/alternating', phonon: '"a*8" $ mask "<t [t ~]>"', strudel: `${m('a*8')}.mask(${m('<t [t ~]>')})`, from: '0', to: '2' },
  { name: 'euclid/fn-3-8', phonon: '"bd" $ euclid 3 8', strudel: `${m('bd')}.euclid(3, 8)`, from: '0', to: '1' },
  { name: 'euclid/fn-5-16', phonon: '"bd" $ euclid 5 16', strudel: `${m('bd')}.euclid(5, 16)`, from: '1/2', to: '3/2' },
  { name: 'euclid/fn-pattern', phonon: '"bd" $ euclid "<3 5>" 8', strudel: `${m('bd')}.euclid(${m('<3 5>')}, 8)`, from: '0', to: '2' },
  { name: 'euclid/fn-alternating-source', phonon: '"<bd sn>" $ euclid 3 8', strudel: `${m('<bd sn>')}.euclid(3, 8)`, from: '0', to: '2' },
  // euclidOff rotates left (Tidal rotL (r/k)); Strudel's euclidRot rotates right, so the
  // rotation is negated on the Strudel side.
  { name: 'euclidOff/3-8-2', phonon: '"bd" $ euclidOff 3 8 2', strudel: `${m('bd')}.euclidRot(3, 8, -2)`, from: '0', to: '1' },
  { name: 'euclidOff/5-8-1', phonon: '"bd" $ euclidOff 5 8 1', strudel: `${m('bd')}.euclidRot(5, 8, -1)`, from: '0', to: '2' },
  { name: 'euclidOff/3-8-0', phonon: '"bd" $ euclidOff 3 8 0', strudel: `${m('bd')}.euclidRot(3, 8, 0)`, from: '0', to: '1' },
  // Tidal: euclidInv n k = euclid (-n) k (the off-steps); Strudel's euclid takes negative
  // pulses with the same meaning.
  { name: 'euclidInv/3-8', phonon: '"bd" $ euclidInv 3 8', strudel: `${m('bd')}.euclid(-3, 8)`, from: '0', to: '1' },
  { name: 'euclidInv/5-8', phonon: '"hh" $ euclidInv 5 8', strudel: `${m('hh')}.euclid(-5, 8)`, from: '1', to: '2' },
  // Tidal: euclidFull n k pa pb = stack [euclid n k pa, euclidInv n k pb].
  { name: 'euclidFull/3-8', phonon: 'euclidFull 3 8 "bd" "hh"', strudel: `stack(${m('bd')}.euclid(3, 8), ${m('hh')}.euclid(-3, 8))`, from: '0', to: '1' },
  { name: 'euclidFull/5-8-samples', phonon: 'euclidFull 5 8 (s "bd") (s "hh")', strudel: `stack(s(${m('bd')}).euclid(5, 8), s(${m('hh')}).euclid(-5, 8))`, from: '0', to: '1' },

  // ---------------------------------------------------------------- euclidLegato / euclidLegatoRot
  // Strudel's (Tidal 1.9 has none; Phonon follows Strudel): the Euclid pulses as a timeCat
  // of pulses held until the next pulse, given to struct; the Rot form then shifted
  // rot/steps later (late: a pulse crossing the cycle end is cut into fragments).
  { name: 'euclidLegato/3-8', phonon: '"a" $ euclidLegato 3 8', strudel: `${m('a')}.euclidLegato(3, 8)`, from: '0', to: '1' },
  { name: 'euclidLegato/5-8', phonon: '"a" $ euclidLegato 5 8', strudel: `${m('a')}.euclidLegato(5, 8)`, from: '0', to: '2' },
  { name: 'euclidLegato/1-4', phonon: '"a" $ euclidLegato 1 4', strudel: `${m('a')}.euclidLegato(1, 4)`, from: '0', to: '1' },
  { name: 'euclidLegato/0-pulses', phonon: '"a" $ euclidLegato 0 8', strudel: `${m('a')}.euclidLegato(0, 8)`, from: '0', to: '1' },
  { name: 'euclidLegato/values-sampled', phonon: '"a b" $ euclidLegato 3 8', strudel: `${m('a b')}.euclidLegato(3, 8)`, from: '0', to: '1' },
  { name: 'euclidLegato/pattern-pulses', phonon: '"a" $ euclidLegato "<3 5>" 8', strudel: `${m('a')}.euclidLegato(${m('<3 5>')}, 8)`, from: '0', to: '2' },
  { name: 'euclidLegato/samples', phonon: 's "bd" $ euclidLegato 7 16', strudel: `s(${m('bd')}).euclidLegato(7, 16)`, from: '1/2', to: '3/2' },
  { name: 'euclidLegatoRot/3-8-2', phonon: '"a" $ euclidLegatoRot 3 8 2', strudel: `${m('a')}.euclidLegatoRot(3, 8, 2)`, from: '0', to: '1' },
  { name: 'euclidLegatoRot/3-5-2', phonon: '"a" $ euclidLegatoRot 3 5 2', strudel: `${m('a')}.euclidLegatoRot(3, 5, 2)`, from: '0', to: '2' },
  { name: 'euclidLegatoRot/0', phonon: '"a" $ euclidLegatoRot 5 8 0', strudel: `${m('a')}.euclidLegatoRot(5, 8, 0)`, from: '0', to: '1' },
  { name: 'euclidLegatoRot/pattern-rot', phonon: '"a b" $ euclidLegatoRot 3 8 "<0 1>"', strudel: `${m('a b')}.euclidLegatoRot(3, 8, ${m('<0 1>')})`, from: '0', to: '2' },

  // ---------------------------------------------------------------- rangex
  // Tidal: rangex from to p = exp <$> _range (log from) (log to) p (= Strudel's).
  { name: 'rangex/basic', phonon: 'rangex 20 2000 "0 0.25 0.5 1"', strudel: `${m('0 0.25 0.5 1')}.rangex(20, 2000)`, from: '0', to: '1' },
  { name: 'rangex/dollar', phonon: '"0 0.5" $ rangex 100 400', strudel: `${m('0 0.5')}.rangex(100, 400)`, from: '0', to: '2' },
  { name: 'rangex/square', phonon: 'segment 4 $ rangex 100 1000 square', strudel: 'square.rangex(100, 1000).segment(4)', from: '0', to: '1' },
  { name: 'rangex/cutoff', phonon: 's "a*4" # cutoff (rangex 200 8000 "0 0.5")', strudel: `s(${m('a*4')}).set.in(cutoff(${m('0 0.5')}.rangex(200, 8000)))`, from: '0', to: '1' },

  // ---------------------------------------------------------------- binary / binaryN
  // Tidal: _binaryN n p = squeezeJoin $ _binary n <$> p (msb first, n bits), binary = binaryN 8.
  // Strudel's binaryN(n, bits) takes its arguments the other way round and gives 1/0 rather
  // than Booleans, so the cases use them through struct; Strudel's binary uses as many bits
  // as the number needs, equal to Tidal's 8 only for 128..255 (DIFFERENCES.md §26).
  { name: 'binaryN/4-5', phonon: '"a" $ struct (binaryN 4 5)', strudel: `${m('a')}.struct(binaryN(5, 4))`, from: '0', to: '1' },
  { name: 'binaryN/16', phonon: 's "hh" $ struct (binaryN 16 55532)', strudel: `s(${m('hh')}).struct(binaryN(55532, 16))`, from: '0', to: '1' },
  { name: 'binaryN/alternating', phonon: '"a" $ struct (binaryN 4 "<5 3>")', strudel: `${m('a')}.struct(binaryN(${m('<5 3>')}, 4))`, from: '0', to: '2' },
  { name: 'binaryN/pattern-bits', phonon: '"a" $ struct (binaryN "<4 8>" 5)', strudel: `${m('a')}.struct(binaryN(5, ${m('<4 8>')}))`, from: '0', to: '2' },
  { name: 'binaryN/mask', phonon: '"a b c d" $ mask (binaryN 4 9)', strudel: `${m('a b c d')}.mask(binaryN(9, 4))`, from: '0', to: '1' },
  { name: 'binary/200', phonon: '"a" $ struct (binary 200)', strudel: `${m('a')}.struct(binary(200))`, from: '0', to: '1' },
  { name: 'binary/alternating', phonon: 's "hh" $ struct (binary "<129 254>")', strudel: `s(${m('hh')}).struct(binary(${m('<129 254>')}))`, from: '0', to: '2' },

  // ---------------------------------------------------------------- squeeze / inhabit
  // Tidal: squeeze ipat ps = squeezeJoin $ (ps !!!) <$> ipat (cyclic index) = Strudel's
  // squeeze (rounded index, floored mod); inhabit ps p = squeezeJoin $ (lookup in ps) <$> p
  // = Strudel's inhabit with an object (names present only).
  { name: 'squeeze/basic', phonon: 'squeeze "0 1" ["a b", "c d e"]', strudel: `squeeze(${m('0 1')}, [${m('a b')}, ${m('c d e')}])`, from: '0', to: '1' },
  { name: 'squeeze/alternating', phonon: 'squeeze "<0 [1 0]>" ["a b", "c d e"]', strudel: `squeeze(${m('<0 [1 0]>')}, [${m('a b')}, ${m('c d e')}])`, from: '0', to: '2' },
  { name: 'squeeze/wrap-index', phonon: 'squeeze "0 2 -1" ["a", "b c"]', strudel: `squeeze(${m('0 2 -1')}, [${m('a')}, ${m('b c')}])`, from: '0', to: '1' },
  { name: 'squeeze/multi-cycle-inner', phonon: 'squeeze "0 1" ["<a b>", "c <d e>"]', strudel: `squeeze(${m('0 1')}, [${m('<a b>')}, ${m('c <d e>')}])`, from: '0', to: '2' },
  { name: 'squeeze/samples', phonon: 'squeeze "<0 [1 0]>" [s "bd sn", s "arpy*3"]', strudel: `squeeze(${m('<0 [1 0]>')}, [s(${m('bd sn')}), s(${m('arpy*3')})])`, from: '0', to: '2' },
  { name: 'inhabit/basic', phonon: '"a b a" $ inhabit [("a", "0 1"), ("b", "2 3 4")]', strudel: `${m('a b a')}.inhabit({ a: ${m('0 1')}, b: ${m('2 3 4')} })`, from: '0', to: '1' },
  { name: 'inhabit/samples', phonon: '"<a b> a" $ inhabit [("a", s "bd*2"), ("b", s "arpy sn")]', strudel: `${m('<a b> a')}.inhabit({ a: s(${m('bd*2')}), b: s(${m('arpy sn')}) })`, from: '0', to: '2' },
  { name: 'inhabit/weights', phonon: '"a@3 b" $ inhabit [("a", "0 1 2"), ("b", "<3 4>")]', strudel: `${m('a@3 b')}.inhabit({ a: ${m('0 1 2')}, b: ${m('<3 4>')} })`, from: '0', to: '2' },

  // ---------------------------------------------------------------- arithmetic
  { name: 'arith/plus-both', phonon: '"0 1" + "10 20 30"', strudel: `${m('0 1')}.add.mix(${m('10 20 30')})`, from: '0', to: '1' },
  { name: 'arith/plus-left', phonon: '"0 1" |+ "10 20 30"', strudel: `${m('0 1')}.add.in(${m('10 20 30')})`, from: '0', to: '1' },
  { name: 'arith/plus-right', phonon: '"0 1" +| "10 20 30"', strudel: `${m('0 1')}.add.out(${m('10 20 30')})`, from: '0', to: '1' },
  { name: 'arith/plus-number', phonon: '"0 1 2" + 12', strudel: `${m('0 1 2')}.add.mix(12)`, from: '0', to: '1' },
  { name: 'arith/minus-both', phonon: '"10 20" - "1 2 3"', strudel: `${m('10 20')}.sub.mix(${m('1 2 3')})`, from: '0', to: '1' },
  { name: 'arith/minus-left', phonon: '"10 20" |- "1 2 3"', strudel: `${m('10 20')}.sub.in(${m('1 2 3')})`, from: '0', to: '1' },
  { name: 'arith/minus-right', phonon: '"10 20" -| "1 2 3"', strudel: `${m('10 20')}.sub.out(${m('1 2 3')})`, from: '0', to: '1' },
  { name: 'arith/times-both', phonon: '"1 2 3" * "<2 3>"', strudel: `${m('1 2 3')}.mul.mix(${m('<2 3>')})`, from: '0', to: '2' },
  { name: 'arith/times-left', phonon: '"1 2" |* "2 3 4"', strudel: `${m('1 2')}.mul.in(${m('2 3 4')})`, from: '0', to: '1' },
  { name: 'arith/times-right', phonon: '"1 2" *| "2 3 4"', strudel: `${m('1 2')}.mul.out(${m('2 3 4')})`, from: '0', to: '1' },
  { name: 'arith/divide-both', phonon: '"1 2" / "2 4 8"', strudel: `${m('1 2')}.div.mix(${m('2 4 8')})`, from: '0', to: '1' },
  { name: 'arith/divide-left', phonon: '"1 2" |/ "2 4 8"', strudel: `${m('1 2')}.div.in(${m('2 4 8')})`, from: '0', to: '1' },
  { name: 'arith/divide-right', phonon: '"1 2" /| "2 4 8"', strudel: `${m('1 2')}.div.out(${m('2 4 8')})`, from: '0', to: '1' },
  { name: 'arith/keep-left', phonon: '"0 1" |< "5 6 7"', strudel: `${m('0 1')}.keep.in(${m('5 6 7')})`, from: '0', to: '1' },
  { name: 'arith/take-right-values', phonon: '"0 1" |> "5 6 7"', strudel: `${m('0 1')}.set.in(${m('5 6 7')})`, from: '0', to: '1' },
  { name: 'arith/plus-left-cross-cycle', phonon: '"0 1 2" |+ "<10 20>"', strudel: `${m('0 1 2')}.add.in(${m('<10 20>')})`, from: '1/2', to: '3/2' },
  { name: 'arith/plus-both-slow', phonon: '"0 1" + ("10 20" $ slow 2)', strudel: `${m('0 1')}.add.mix(${m('10 20')}.slow(2))`, from: '0', to: '2' },
  { name: 'arith/precedence', phonon: '"1 2" + "10" * "2 3"', strudel: `${m('1 2')}.add.mix(${m('10')}.mul.mix(${m('2 3')}))`, from: '0', to: '1' },
  { name: 'arith/speed-left', phonon: 's "bd*4" # speed 1 |* speed "1 2"', strudel: `s(${m('bd*4')}).speed(1).mul.in(speed(${m('1 2')}))`, from: '0', to: '1' },
  { name: 'arith/n-plus', phonon: 's "drum*2" # n "0 1" |+ n "<0 2>"', strudel: `s(${m('drum*2')}).n(${m('0 1')}).add.in(n(${m('<0 2>')}))`, from: '0', to: '2' },

  // ---------------------------------------------------------------- control patterns and the # family
  // Control patterns are patterns of control maps. Between control patterns the operators
  // combine per key, keeping a key present on one side only (Tidal: Map.union /
  // Map.unionWith; Strudel: unionWithObj). Structure: `#` = `|>` and `|<`, `|+`, ... from
  // the left (Strudel `.in`), `>|`, `<|`, `+|`, ... from the right (`.out`), `|>|`, `|<|`,
  // `|+|`, ... and plain `+ - *` from both (`.mix`); `#`/`|>` take the right's values
  // (`set`), `|<` the left's (`keep`). Tidal's `#` family has no fixity declaration
  // (infixl 9), so chains group to the left, as Strudel's method chains do.
  // Left out (see DIFFERENCES.md §19): a key present on the right only under `|-`/`|/`
  // (Tidal negates / inverts it), strings under `|+` (Tidal keeps the left string,
  // Strudel throws), bare numbers as control patterns (`|+ 12`, `|* 1.5`), squeeze
  // (`||+`, no Phonon syntax), note names in `n`/`note` (Strudel keeps the name).
  { name: 'ctrl/hash-n-s', phonon: 'n "0 2" # s "drum"', strudel: `n(${m('0 2')}).set.in(s(${m('drum')}))`, from: '0', to: '2' },
  { name: 'ctrl/hash-values-from-right', phonon: 's "bd*2 sn" # n "1 2 3"', strudel: `s(${m('bd*2 sn')}).set.in(n(${m('1 2 3')}))`, from: '1/3', to: '5/3' },
  { name: 'ctrl/hash-alternating-right', phonon: 's "bd sn" # n "<0 1 2>"', strudel: `s(${m('bd sn')}).set.in(n(${m('<0 1 2>')}))`, from: '0', to: '3' },
  { name: 'ctrl/hash-fast-right-fragments', phonon: 's "bd" # speed "1 2*2"', strudel: `s(${m('bd')}).set.in(speed(${m('1 2*2')}))`, from: '0', to: '2' },
  { name: 'ctrl/hash-rest-right', phonon: 'n "0 1 2 3" # s "a ~ b"', strudel: `n(${m('0 1 2 3')}).set.in(s(${m('a ~ b')}))`, from: '0', to: '2' },
  { name: 'ctrl/hash-rest-left-negative', phonon: 's "a ~ b*2" # n "<3 4>"', strudel: `s(${m('a ~ b*2')}).set.in(n(${m('<3 4>')}))`, from: '-1', to: '1' },
  { name: 'ctrl/hash-multikey', phonon: 's "a b" # n "1 2 3" # gain 0.8', strudel: `s(${m('a b')}).set.in(n(${m('1 2 3')})).set.in(gain(0.8))`, from: '0', to: '2' },
  { name: 'ctrl/hash-overrides', phonon: 's "a b" # n 1 # n "5 <6 7>"', strudel: `s(${m('a b')}).set.in(n(1)).set.in(n(${m('5 <6 7>')}))`, from: '0', to: '2' },
  { name: 'ctrl/hash-controls', phonon: 's "a*2" # gain "1 0.8" # pan "<0 1>" # room 0.3 # cutoff 1000', strudel: `s(${m('a*2')}).set.in(gain(${m('1 0.8')})).set.in(pan(${m('<0 1>')})).set.in(room(0.3)).set.in(cutoff(1000))`, from: '0', to: '2' },
  { name: 'ctrl/hash-note-numbers', phonon: 'note "0 4 7" # s "superpiano"', strudel: `note(${m('0 4 7')}).set.in(s(${m('superpiano')}))`, from: '1/2', to: '5/2' },
  { name: 'ctrl/hash-sample-index', phonon: 's "drum:1 sn:2" # gain 0.9', strudel: `s(${m('drum:1 sn:2')}).set.in(gain(0.9))`, from: '0', to: '1' },
  { name: 'ctrl/hash-cross-cycle', phonon: 's "bd" $ slow 2 # speed "<1 2>"', strudel: `s(${m('bd')}).slow(2).set.in(speed(${m('<1 2>')}))`, from: '-1', to: '2' },
  { name: 'ctrl/hash-after-fast', phonon: 'n "0 1" $ fast 2 # s "<a b>"', strudel: `n(${m('0 1')}).fast(2).set.in(s(${m('<a b>')}))`, from: '1/4', to: '9/4' },
  { name: 'ctrl/set-in-explicit', phonon: 's "a b" |> n "0 1 2"', strudel: `s(${m('a b')}).set.in(n(${m('0 1 2')}))`, from: '0', to: '1' },
  { name: 'ctrl/set-out', phonon: 's "a b" >| n "0 1 2"', strudel: `s(${m('a b')}).set.out(n(${m('0 1 2')}))`, from: '0', to: '2' },
  { name: 'ctrl/set-out-common-key', phonon: 'n "0 1 2" # s "x" >| n "<5 6>*2"', strudel: `n(${m('0 1 2')}).set.in(s(${m('x')})).set.out(n(${m('<5 6>*2')}))`, from: '0', to: '2' },
  { name: 'ctrl/set-both', phonon: 's "a b" # n 1 |>| n "5 6 7"', strudel: `s(${m('a b')}).set.in(n(1)).set.mix(n(${m('5 6 7')}))`, from: '0', to: '1' },
  { name: 'ctrl/keep-in', phonon: 's "a b" # n 1 |< n "5 6 7"', strudel: `s(${m('a b')}).set.in(n(1)).keep.in(n(${m('5 6 7')}))`, from: '0', to: '1' },
  { name: 'ctrl/keep-in-new-key', phonon: 's "a b" |< n "5 ~ 7"', strudel: `s(${m('a b')}).keep.in(n(${m('5 ~ 7')}))`, from: '0', to: '2' },
  { name: 'ctrl/keep-out', phonon: 's "drum" <| n "0 1 2"', strudel: `s(${m('drum')}).keep.out(n(${m('0 1 2')}))`, from: '0', to: '2' },
  { name: 'ctrl/keep-out-common-key', phonon: 'n "0 1" <| n "5 6 7"', strudel: `n(${m('0 1')}).keep.out(n(${m('5 6 7')}))`, from: '1/2', to: '3/2' },
  { name: 'ctrl/keep-both', phonon: 'n "0 1" |<| n "5 6 7"', strudel: `n(${m('0 1')}).keep.mix(n(${m('5 6 7')}))`, from: '0', to: '1' },
  { name: 'ctrl/add-in', phonon: 'n "0 2" |+ n 12', strudel: `n(${m('0 2')}).add.in(n(12))`, from: '0', to: '2' },
  { name: 'ctrl/add-in-alternating', phonon: 'n "0 1 2 3" # s "x" |+ n "<0 12 7>"', strudel: `n(${m('0 1 2 3')}).set.in(s(${m('x')})).add.in(n(${m('<0 12 7>')}))`, from: '0', to: '3' },
  { name: 'ctrl/add-in-sample-index', phonon: 's "drum:1 sn" |+ n 1', strudel: `s(${m('drum:1 sn')}).add.in(n(1))`, from: '0', to: '2' },
  { name: 'ctrl/add-in-rest-right', phonon: 's "a" |+ n "1 ~ 2"', strudel: `s(${m('a')}).add.in(n(${m('1 ~ 2')}))`, from: '0', to: '1' },
  { name: 'ctrl/add-out', phonon: 'n "0 1" +| n "10 20 30"', strudel: `n(${m('0 1')}).add.out(n(${m('10 20 30')}))`, from: '1/4', to: '5/4' },
  { name: 'ctrl/add-both', phonon: 'n "0 1" |+| n "10 20 30"', strudel: `n(${m('0 1')}).add.mix(n(${m('10 20 30')}))`, from: '0', to: '1' },
  { name: 'ctrl/plus-both', phonon: 'n "0 2" + n "10 20 30"', strudel: `n(${m('0 2')}).add.mix(n(${m('10 20 30')}))`, from: '0', to: '2' },
  { name: 'ctrl/plus-union-keys', phonon: 's "a b" + n "1 2 3"', strudel: `s(${m('a b')}).add.mix(n(${m('1 2 3')}))`, from: '0', to: '1' },
  { name: 'ctrl/plus-alternating', phonon: 'n "0 2" + n "<10 20>"', strudel: `n(${m('0 2')}).add.mix(n(${m('<10 20>')}))`, from: '1/2', to: '5/2' },
  { name: 'ctrl/sub-in', phonon: 'n "10 20" |- n "1 2 3"', strudel: `n(${m('10 20')}).sub.in(n(${m('1 2 3')}))`, from: '0', to: '1' },
  { name: 'ctrl/sub-out', phonon: 'n "10 20" -| n "1 2 3"', strudel: `n(${m('10 20')}).sub.out(n(${m('1 2 3')}))`, from: '0', to: '1' },
  { name: 'ctrl/sub-both', phonon: 'n "10 20" |-| n "1 <2 3>"', strudel: `n(${m('10 20')}).sub.mix(n(${m('1 <2 3>')}))`, from: '0', to: '2' },
  { name: 'ctrl/minus-both', phonon: 'n "10 20" - n "1 2 3"', strudel: `n(${m('10 20')}).sub.mix(n(${m('1 2 3')}))`, from: '0', to: '1' },
  { name: 'ctrl/mul-in-speed', phonon: 's "bd sn" # speed 2 |* speed 1.5', strudel: `s(${m('bd sn')}).set.in(speed(2)).mul.in(speed(1.5))`, from: '0', to: '2' },
  { name: 'ctrl/mul-in-patterned', phonon: 's "bd*4" # speed "1 2" |* speed "<1 -1>"', strudel: `s(${m('bd*4')}).set.in(speed(${m('1 2')})).mul.in(speed(${m('<1 -1>')}))`, from: '0', to: '2' },
  { name: 'ctrl/mul-out', phonon: 's "a" # gain 0.5 *| gain "1 2"', strudel: `s(${m('a')}).set.in(gain(0.5)).mul.out(gain(${m('1 2')}))`, from: '0', to: '1' },
  { name: 'ctrl/mul-both', phonon: 'n "1 2" |*| n "3 4 5"', strudel: `n(${m('1 2')}).mul.mix(n(${m('3 4 5')}))`, from: '0', to: '1' },
  { name: 'ctrl/times-both', phonon: 'n "1 2" * n "<3 4>"', strudel: `n(${m('1 2')}).mul.mix(n(${m('<3 4>')}))`, from: '0', to: '2' },
  { name: 'ctrl/div-in', phonon: 's "a b" # speed 3 |/ speed "2 4"', strudel: `s(${m('a b')}).set.in(speed(3)).div.in(speed(${m('2 4')}))`, from: '0', to: '1' },
  { name: 'ctrl/div-out', phonon: 'n "1 2" /| n "2 4 8"', strudel: `n(${m('1 2')}).div.out(n(${m('2 4 8')}))`, from: '0', to: '1' },
  { name: 'ctrl/div-both', phonon: 'n "6 9" |/| n "<2 3>"', strudel: `n(${m('6 9')}).div.mix(n(${m('<2 3>')}))`, from: '0', to: '2' },
  { name: 'ctrl/mod-in', phonon: 'n "5 7 -1 3.5" |% n 3', strudel: `n(${m('5 7 -1 3.5')}).mod.in(n(3))`, from: '0', to: '1' },
  { name: 'ctrl/mod-out', phonon: 'n "5 7" %| n "3 4 5"', strudel: `n(${m('5 7')}).mod.out(n(${m('3 4 5')}))`, from: '0', to: '1' },
  { name: 'ctrl/mod-both', phonon: 'n "5 7" |%| n "<3 4>"', strudel: `n(${m('5 7')}).mod.mix(n(${m('<3 4>')}))`, from: '0', to: '2' },
  { name: 'ctrl/chain-left-assoc', phonon: 'n "0 2" # s "x" |+ n 12 |* gain 0.5', strudel: `n(${m('0 2')}).set.in(s(${m('x')})).add.in(n(12)).mul.in(gain(0.5))`, from: '0', to: '1' },
  // Strudel's lpf/hpf/bpf are its cutoff/hcutoff/bandf controls (Tidal's lpf = cutoff);
  // their "x:y" form also sets resonance/hresonance/bandq, Phonon's second argument.
  { name: 'ctrl/lpf-cutoff', phonon: 's "a b" # lpf 800', strudel: `s(${m('a b')}).lpf(800)`, from: '0', to: '1' },
  { name: 'ctrl/lpf-resonance', phonon: 's "a b" # lpf 800 0.3', strudel: `s(${m('a b')}).lpf(${m('800:0.3')})`, from: '0', to: '1' },
  { name: 'ctrl/lpf-patterned', phonon: 's "a*2 b" # lpf "<800 1200>" "0.1 0.3"', strudel: `s(${m('a*2 b')}).set.in(cutoff(${m('<800 1200>')})).set.in(resonance(${m('0.1 0.3')}))`, from: '0', to: '2' },
  { name: 'ctrl/hpf', phonon: 's "a" # hpf 800 0.3', strudel: `s(${m('a')}).hpf(${m('800:0.3')})`, from: '0', to: '1' },
  { name: 'ctrl/bpf-patterned', phonon: 's "a b" # bpf "<100 200>" 2', strudel: `s(${m('a b')}).set.in(bandf(${m('<100 200>')})).set.in(bandq(2))`, from: '0', to: '2' },
  { name: 'ctrl/every-hash', phonon: 's "a b" $ every 2 (# speed 2)', strudel: `s(${m('a b')}).every(2, (x) => x.set.in(speed(2)))`, from: '0', to: '4' },
  { name: 'ctrl/off-add-n', phonon: 'n "0 2" $ off 0.25 (|+ n 12)', strudel: `n(${m('0 2')}).off(0.25, (x) => x.add.in(n(12)))`, from: '0', to: '2' },
  { name: 'ctrl/superimpose-hash', phonon: 's "a b" $ superimpose (# speed 2)', strudel: `s(${m('a b')}).superimpose((x) => x.set.in(speed(2)))`, from: '0', to: '1' },
  { name: 'ctrl/stack-hash', phonon: 'stack [s "a b", n "1 2 3" # s "c"] # gain 0.5', strudel: `stack(s(${m('a b')}), n(${m('1 2 3')}).set.in(s(${m('c')}))).set.in(gain(0.5))`, from: '0', to: '1' },
  { name: 'ctrl/cat-hash', phonon: 'cat [s "a", s "b c"] # n "<0 1 2>"', strudel: `cat(s(${m('a')}), s(${m('b c')})).set.in(n(${m('<0 1 2>')}))`, from: '0', to: '4' },

  // ---------------------------------------------------------------- stack / cat
  { name: 'stack/fn', phonon: 'stack ["bd", "hh*2"]', strudel: `stack(${m('bd')}, ${m('hh*2')})`, from: '0', to: '1' },
  { name: 'stack/fn-three', phonon: 'stack ["a b", "<c d>", "e*3"]', strudel: `stack(${m('a b')}, ${m('<c d>')}, ${m('e*3')})`, from: '0', to: '2' },
  { name: 'cat/fn', phonon: 'cat ["a", "b c"]', strudel: `cat(${m('a')}, ${m('b c')})`, from: '0', to: '4' },
  { name: 'cat/fn-multicycle', phonon: 'cat ["<a b>", "c"]', strudel: `cat(${m('<a b>')}, ${m('c')})`, from: '0', to: '4' },
  { name: 'cat/fn-negative', phonon: 'cat ["a", "b c", "d"]', strudel: `cat(${m('a')}, ${m('b c')}, ${m('d')})`, from: '-3', to: '0' },
  { name: 'cat/fn-slowed', phonon: 'cat ["a b", "c"] $ slow 2', strudel: `cat(${m('a b')}, ${m('c')}).slow(2)`, from: '0', to: '4' },
  { name: 'stack/transformed', phonon: 'stack ["a b", "c d e" $ fast 2] $ rev', strudel: `stack(${m('a b')}, ${m('c d e')}.fast(2)).rev()`, from: '0', to: '1' },

  // ---------------------------------------------------------------- run / fastcat / timeCat / overlay / silence
  // Strudel's run is saw.range(0, n).round().segment(n): equal to Tidal's fastFromList
  // [0 .. n-1] for a constant or slowly changing n (not for "2 3", DIFFERENCES.md §21).
  { name: 'run/4', phonon: 'run 4', strudel: 'run(4)', from: '0', to: '1' },
  { name: 'run/3-unaligned', phonon: 'run 3', strudel: 'run(3)', from: '1/6', to: '7/6' },
  { name: 'run/alternating', phonon: 'run "<4 2>"', strudel: `run(${m('<4 2>')})`, from: '0', to: '2' },
  { name: 'run/n-control', phonon: 'n (run 4) # s "arpy"', strudel: `n(run(4)).set.in(s(${m('arpy')}))`, from: '0', to: '1' },
  { name: 'run/plus-both', phonon: '"0 10" + run 4', strudel: `${m('0 10')}.add.mix(run(4))`, from: '0', to: '1' },
  { name: 'run/rev', phonon: 'run 3 $ rev', strudel: 'run(3).rev()', from: '0', to: '1' },
  { name: 'fastcat/basic', phonon: 'fastcat ["a", "b c"]', strudel: `fastcat(${m('a')}, ${m('b c')})`, from: '0', to: '1' },
  { name: 'fastcat/alternating', phonon: 'fastcat ["<a b>", "c"]', strudel: `fastcat(${m('<a b>')}, ${m('c')})`, from: '0', to: '2' },
  { name: 'fastcat/negative', phonon: 'fastcat ["a", "<b c>", "d"]', strudel: `fastcat(${m('a')}, ${m('<b c>')}, ${m('d')})`, from: '-2', to: '0' },
  { name: 'fastcat/silence', phonon: 'fastcat ["a", silence, "b"]', strudel: `fastcat(${m('a')}, silence, ${m('b')})`, from: '0', to: '1' },
  { name: 'fastcat/slowed-unaligned', phonon: 'fastcat ["a b", "c"] $ slow 2', strudel: `fastcat(${m('a b')}, ${m('c')}).slow(2)`, from: '1/2', to: '3/2' },
  { name: 'fastcat/controls', phonon: 'fastcat [s "bd*2", n "1 2" # s "x"]', strudel: `fastcat(s(${m('bd*2')}), n(${m('1 2')}).set.in(s(${m('x')})))`, from: '0', to: '1' },
  { name: 'fastCat/alias', phonon: 'fastCat ["a", "b"]', strudel: `fastcat(${m('a')}, ${m('b')})`, from: '0', to: '1' },
  { name: 'timeCat/basic', phonon: 'timeCat [(1, "a"), (2, "b c")]', strudel: `timeCat([1, ${m('a')}], [2, ${m('b c')}])`, from: '0', to: '1' },
  { name: 'timeCat/fractional', phonon: 'timeCat [(1, "a"), (0.5, "b c")]', strudel: `timeCat([1, ${m('a')}], [Fraction('1/2'), ${m('b c')}])`, from: '0', to: '1' },
  { name: 'timeCat/multi-cycle', phonon: 'timeCat [(1, "<a b>"), (3, "c d")]', strudel: `timeCat([1, ${m('<a b>')}], [3, ${m('c d')}])`, from: '0', to: '2' },
  { name: 'timeCat/three-unaligned', phonon: 'timeCat [(1, "a"), (1, "b"), (2, "c*2")]', strudel: `timeCat([1, ${m('a')}], [1, ${m('b')}], [2, ${m('c*2')}])`, from: '1/3', to: '4/3' },
  { name: 'timeCat/samples', phonon: 'timeCat [(1, s "bd*4"), (1, s "hh*8"), (2, s "arpy")]', strudel: `timeCat([1, s(${m('bd*4')})], [1, s(${m('hh*8')})], [2, s(${m('arpy')})])`, from: '0', to: '1' },
  { name: 'timecat/alias-negative', phonon: 'timecat [(3, "a"), (1, "b")]', strudel: `timecat([3, ${m('a')}], [1, ${m('b')}])`, from: '-1', to: '0' },
  // Tidal: overlay = (<>), the two patterns' events together (Strudel: stack of two).
  { name: 'overlay/basic', phonon: 'overlay "a" "b c"', strudel: `stack(${m('a')}, ${m('b c')})`, from: '0', to: '1' },
  { name: 'overlay/dollar', phonon: 'overlay (s "bd*2") $ s "~ sn"', strudel: `stack(s(${m('bd*2')}), s(${m('~ sn')}))`, from: '0', to: '1' },
  { name: 'overlay/silence', phonon: 'overlay silence $ "a b"', strudel: `stack(silence, ${m('a b')})`, from: '0', to: '1' },
  { name: 'silence/alone', phonon: 'silence', strudel: 'silence', from: '0', to: '2' },
  { name: 'silence/stack', phonon: 'stack ["a b", silence]', strudel: `stack(${m('a b')}, silence)`, from: '0', to: '1' },
  { name: 'silence/cat', phonon: 'cat ["a", silence, "b"]', strudel: `cat(${m('a')}, silence, ${m('b')})`, from: '0', to: '3' },

  // ---------------------------------------------------------------- bite / inv / sew / stitch / fit
  { name: 'bite/4', phonon: 'n "0 .. 7" $ bite 4 "0 2"', strudel: `n(${m('0 .. 7')}).bite(4, ${m('0 2')})`, from: '0', to: '1' },
  { name: 'bite/squeezed', phonon: '"0 .. 7" $ bite 4 "2 [0 3] 1*4 1"', strudel: `${m('0 .. 7')}.bite(4, ${m('2 [0 3] 1*4 1')})`, from: '0', to: '1' },
  { name: 'bite/alternating', phonon: '"a b c d" $ bite 2 "<0 1> 1"', strudel: `${m('a b c d')}.bite(2, ${m('<0 1> 1')})`, from: '0', to: '2' },
  { name: 'bite/index-wraps', phonon: '"a b c d" $ bite 4 "5 2"', strudel: `${m('a b c d')}.bite(4, ${m('5 2')})`, from: '0', to: '1' },
  { name: 'bite/multi-cycle-source', phonon: '"<a b> c" $ bite 2 "1 0"', strudel: `${m('<a b> c')}.bite(2, ${m('1 0')})`, from: '0', to: '2' },
  { name: 'bite/alternating-n', phonon: '"0 .. 7" $ bite "<2 4>" "0 1"', strudel: `${m('0 .. 7')}.bite(${m('<2 4>')}, ${m('0 1')})`, from: '0', to: '2' },
  { name: 'inv/struct', phonon: '"a" $ struct (inv "t f t t")', strudel: `${m('a')}.struct(${m('1 0 1 1')}.inv())`, from: '0', to: '1' },
  { name: 'inv/mask', phonon: '"a b c d" $ mask (inv "1 0 0 1")', strudel: `${m('a b c d')}.mask(${m('1 0 0 1')}.inv())`, from: '0', to: '1' },
  { name: 'inv/struct-alternating', phonon: 's "bd" $ struct (inv "<[t f] [f t t]>")', strudel: `s(${m('bd')}).struct(${m('<[1 0] [0 1 1]>')}.inv())`, from: '0', to: '2' },
  { name: 'sew/basic', phonon: 'sew "t f" (n "0*4") $ n "7*8"', strudel: sew('1 0', `n(${m('0*4')})`, `n(${m('7*8')})`), from: '0', to: '1' },
  { name: 'sew/fragments', phonon: 'sew "t <f t> f" (s "a b") $ s "c*2"', strudel: sew('1 <0 1> 0', `s(${m('a b')})`, `s(${m('c*2')})`), from: '0', to: '2' },
  { name: 'sew/numbers-binary', phonon: 'sew "1 0 1" "0 1" $ "5*4"', strudel: sew('1 0 1', m('0 1'), m('5*4')), from: '0', to: '1' },
  { name: 'stitch/basic', phonon: 'stitch "t f t*2 f" (s "bd") $ s "sn"', strudel: stitch('1 0 1*2 0', `s(${m('bd')})`, `s(${m('sn')})`), from: '0', to: '1' },
  { name: 'stitch/values', phonon: 'stitch "t f t t" "1 2" $ "0"', strudel: stitch('1 0 1 1', m('1 2'), m('0')), from: '0', to: '1' },
  { name: 'stitch/alternating', phonon: 'stitch "<t [f t]>" (n "0 1") $ n "5"', strudel: stitch('<1 [0 1]>', `n(${m('0 1')})`, `n(${m('5')})`), from: '0', to: '2' },
  { name: 'fit/1', phonon: 'fit 1 ["a", "b", "c"] "0 1"', strudel: fit(1, ['a', 'b', 'c'], m('0 1')), from: '0', to: '3' },
  { name: 'fit/2-numbers', phonon: 'fit 2 [0, 2, 7, 9] "0 [1 2]"', strudel: fit(2, [0, 2, 7, 9], m('0 [1 2]')), from: '0', to: '2' },

  // ---------------------------------------------------------------- every' / chunk' / iter' / echoWith / plyWith
  // every' and chunk' are rebuilt (see the helpers above); iter' is Strudel's iterBack.
  { name: "every'/3-1", phonon: `"a b" $ every' 3 1 (fast 2)`, strudel: `${m('a b')}.when(${everyOffset(3, 1)}, (x) => x.fast(2))`, from: '0', to: '3' },
  { name: "every'/2-1-rev", phonon: `"a b c" $ every' 2 1 rev`, strudel: `${m('a b c')}.when(${everyOffset(2, 1)}, rev)`, from: '0', to: '4' },
  { name: "every'/4-3-speed", phonon: `s "bd sn" $ every' 4 3 (# speed 2)`, strudel: `s(${m('bd sn')}).when(${everyOffset(4, 3)}, (x) => x.speed(2))`, from: '0', to: '4' },
  { name: "every'/negative-cycles", phonon: `"a b" $ every' 3 2 (fast 2)`, strudel: `${m('a b')}.when(${everyOffset(3, 2)}, (x) => x.fast(2))`, from: '-3', to: '0' },
  { name: "chunk'/4-speed", phonon: `s "a b c d" $ chunk' 4 (# speed 2)`, strudel: `s(${m('a b c d')}).when(${chunkBack(4)}, (x) => x.speed(2))`, from: '0', to: '4' },
  { name: "chunk'/4-fast", phonon: `"a b c d" $ chunk' 4 (fast 2)`, strudel: `${m('a b c d')}.when(${chunkBack(4)}, (x) => x.fast(2))`, from: '0', to: '4' },
  { name: "chunk'/2-add", phonon: `"0 1 2 3" $ chunk' 2 (+ 10)`, strudel: `${m('0 1 2 3')}.when(${chunkBack(2)}, (x) => x.add.mix(10))`, from: '0', to: '2' },
  { name: "chunk'/2-multi-cycle-source", phonon: `"<a b> c" $ chunk' 2 (fast 2)`, strudel: `${m('<a b> c')}.when(${chunkBack(2)}, (x) => x.fast(2))`, from: '0', to: '2' },
  { name: 'chunk/negative', phonon: 's "a b c d" $ chunk (-4) (hurry 2)', strudel: `s(${m('a b c d')}).when(${chunkBack(4)}, (x) => x.hurry(2))`, from: '0', to: '4' },
  { name: "iter'/4", phonon: `"a b c d" $ iter' 4`, strudel: `${m('a b c d')}.iterBack(4)`, from: '0', to: '4' },
  { name: "iter'/3-unaligned", phonon: `"a b c" $ iter' 3`, strudel: `${m('a b c')}.iterBack(3)`, from: '1/2', to: '5/2' },
  // echoWith/stutWith: see the echoWith helper above (Tidal's nesting rebuilt).
  { name: 'echoWith/n', phonon: 'n "0" $ echoWith 3 (1/4) (|+ n 12)', strudel: echoWith(`n(${m('0')})`, 3, '1/4', (x) => `${x}.add.in(n(12))`), from: '0', to: '1' },
  { name: 'echoWith/speed', phonon: 's "a b" $ echoWith 3 (1/8) (|* speed 2)', strudel: echoWith(`s(${m('a b')})`, 3, '1/8', (x) => `${x}.mul.in(speed(2))`), from: '0', to: '1' },
  { name: 'echoWith/rev', phonon: '"a b c" $ echoWith 2 (1/3) rev', strudel: echoWith(m('a b c'), 2, '1/3', (x) => `${x}.rev()`), from: '0', to: '1' },
  { name: 'echoWith/count-1', phonon: '"a b" $ echoWith 1 0.25 (fast 2)', strudel: m('a b'), from: '0', to: '1' },
  { name: 'echoWith/two-cycles', phonon: 's "a" $ echoWith 2 (1/3) (# speed 2)', strudel: echoWith(`s(${m('a')})`, 2, '1/3', (x) => `${x}.set.in(speed(2))`), from: '1', to: '3' },
  { name: 'stutWith/speed', phonon: 's "a" $ stutWith 3 (1/8) (|* speed 2)', strudel: echoWith(`s(${m('a')})`, 3, '1/8', (x) => `${x}.mul.in(speed(2))`), from: '0', to: '1' },
  // plyWith: Tidal's arpeggiate (compound n), Strudel's squeeze of f applied 0..n-1 times;
  // equal when no two events share a whole (DIFFERENCES.md §25) and f keeps the structure.
  { name: 'plyWith/3-add', phonon: '"0 1" $ plyWith 3 (+ 12)', strudel: `${m('0 1')}.plyWith(3, (x) => x.add.mix(12))`, from: '0', to: '1' },
  { name: 'plyWith/gain', phonon: 's "a b" $ plyWith 3 (|* gain 0.8)', strudel: `s(${m('a b')}).plyWith(3, (x) => x.mul.in(gain(0.8)))`, from: '0', to: '1' },
  { name: 'plyWith/alternating-source', phonon: '"<0 5> 1" $ plyWith 2 (|+ 1)', strudel: `${m('<0 5> 1')}.plyWith(2, (x) => x.add.in(1))`, from: '0', to: '2' },
  { name: 'plyWith/unaligned', phonon: '"0 1" $ plyWith 2 (+ 12)', strudel: `${m('0 1')}.plyWith(2, (x) => x.add.mix(12))`, from: '1/8', to: '7/8' },

  // ---------------------------------------------------------------- <~ / ~> / composition with .
  // Tidal: (<~) = tParam rotL, (~>) = tParam rotR (inner join over the shift pattern) =
  // Strudel's early/late.
  { name: 'shift/left-number', phonon: '0.25 <~ "a b c d"', strudel: `${m('a b c d')}.early(0.25)`, from: '0', to: '1' },
  { name: 'shift/right-fraction', phonon: '(1/3) ~> "a b c"', strudel: `${m('a b c')}.late(Fraction('1/3'))`, from: '0', to: '1' },
  { name: 'shift/left-pattern', phonon: '"<0 0.25>" <~ s "bd sn"', strudel: `s(${m('bd sn')}).early(${m('<0 0.25>')})`, from: '0', to: '2' },
  { name: 'shift/right-subcycle', phonon: '"0 0.25" ~> "a b"', strudel: `${m('a b')}.late(${m('0 0.25')})`, from: '0', to: '1' },
  { name: 'shift/right-negative', phonon: '"<0.25 0.5>" ~> "a b c d"', strudel: `${m('a b c d')}.late(${m('<0.25 0.5>')})`, from: '-1', to: '1' },
  { name: 'shift/in-every', phonon: '"a b" $ every 2 (0.25 <~)', strudel: `${m('a b')}.every(2, (x) => x.early(0.25))`, from: '0', to: '2' },
  { name: 'compose-dot/every-rev-fast', phonon: '"a b c d" $ every 2 (rev . fast 2)', strudel: `${m('a b c d')}.every(2, (x) => x.fast(2).rev())`, from: '0', to: '2' },
  { name: 'compose-dot/superimpose', phonon: 's "a b" $ superimpose ((# speed 2) . (0.125 ~>))', strudel: `s(${m('a b')}).superimpose((x) => x.late(0.125).speed(2))`, from: '0', to: '1' },
  { name: 'compose-dot/three', phonon: '"0 1 2" $ every 2 ((+ 12) . rev . fast 2)', strudel: `${m('0 1 2')}.every(2, (x) => x.fast(2).rev().add.mix(12))`, from: '0', to: '2' },
  { name: 'compose-dot/jux', phonon: 's "a b" $ jux (rev . (# speed 2))', strudel: `s(${m('a b')}).jux((x) => x.speed(2).rev())`, from: '0', to: '1' },

  // ---------------------------------------------------------------- continuous patterns
  // Phonon samples a continuous pattern at the middle of the query span (Tidal 1.9),
  // Strudel at its start (DIFFERENCES.md §20): only square, constant on half cycles,
  // samples the same at both points when no segment straddles a half cycle.
  { name: 'signal/square-query', phonon: 'square', strudel: 'square', from: '1/2', to: '1' },
  { name: 'signal/segment-square', phonon: 'segment 4 square', strudel: 'square.segment(4)', from: '0', to: '1' },
  { name: 'signal/segment-square-slow', phonon: 'segment 4 $ slow 2 square', strudel: 'square.slow(2).segment(4)', from: '0', to: '2' },
  { name: 'signal/range-square', phonon: 'segment 2 $ range 1 5 square', strudel: 'square.range(1, 5).segment(2)', from: '0', to: '1' },
  { name: 'signal/range-after-segment', phonon: 'range 1 5 $ segment 4 square', strudel: 'square.segment(4).range(1, 5)', from: '0', to: '1' },
  { name: 'signal/struct-square', phonon: 'struct "t ~ t t" square', strudel: `square.struct(${m('t ~ t t')})`, from: '0', to: '1' },
  { name: 'signal/pan-square', phonon: 's "bd*4" # pan square', strudel: `s(${m('bd*4')}).set.in(pan(square))`, from: '0', to: '1' },
  { name: 'signal/add-square', phonon: '"0 1" |+ square', strudel: `${m('0 1')}.add.in(square)`, from: '0', to: '2' },

  // ---------------------------------------------------------------- compositions
  { name: 'compose/every-jux', phonon: 's "bd*2 [sn cp]" $ every 2 (fast 2) $ jux rev', strudel: `s(${m('bd*2 [sn cp]')}).every(2, (x) => x.fast(2)).jux(rev)`, from: '0', to: '2' },
  { name: 'compose/off-every', phonon: '"0 2 4" $ off 0.125 (+ 7) $ every 2 rev', strudel: `${m('0 2 4')}.off(0.125, (x) => x.add.mix(7)).every(2, rev)`, from: '0', to: '2' },
  { name: 'compose/iter-ply', phonon: '"a b c d" $ iter 4 $ ply 2', strudel: `${m('a b c d')}.iter(4).ply(2)`, from: '1', to: '2' },
  { name: 'compose/chop-rev', phonon: 's "bev" $ chop 4 $ rev', strudel: `s(${m('bev')}).chop(4).rev()`, from: '0', to: '1' },
  { name: 'compose/fast-every-inside', phonon: '"a b c d" $ every 2 (inside 2 rev) $ fast 2', strudel: `${m('a b c d')}.every(2, (x) => x.inside(2, rev)).fast(2)`, from: '0', to: '1' },
  { name: 'compose/nested-fn-dollar', phonon: 's "bd sn" $ jux (fast 2 $ rev)', strudel: `s(${m('bd sn')}).jux((x) => x.rev().fast(2))`, from: '0', to: '1' },
];
