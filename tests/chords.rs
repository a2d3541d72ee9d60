//! Chords in mini-notation, as Tidal 1.9 has them: the names of `Sound.Tidal.Chords`'
//! `chordTable` and the modifiers of `Sound.Tidal.ParseBP`'s `pChord` (`applyModifier`).
//!
//! Expectations are worked out by hand from Tidal's definitions, as Tidal's note numbers
//! (semitones from c, which `n` gives Phonon's note names too: `c` = `c4` = 0):
//!
//! - `Range n`: `take n $ concatMap (\x -> map (+ x) ds) [0,12..]`: the first `n` notes of
//!   the chord repeated an octave higher each time round (not sorted).
//! - `Invert` (`i`, one per `i`, or `i2`...): `ds ++ [d + 12]` for `d:ds`.
//! - `Open` (`o`): `[d0 - 12, d2 - 12, d1] ++ drop 3 ds` when there are more than 2 notes.
//! - `Drop i` (`d1`, `d2`...): with `s = length ds - i`, the note at `s` goes down an octave
//!   to the front (nothing happens when `length ds < i`).
//!
//! Modifiers apply left to right.

use phonon::lang;
use phonon::lang::eval::eval_pattern;
use phonon::pattern::value::{note_to_midi, Value};
use phonon::pattern::Time;

fn haps(expr: &str) -> Vec<Value> {
    let e =
        lang::check_expr(expr).unwrap_or_else(|d| panic!("{}", lang::render_all(&d, None, expr)));
    let p = eval_pattern(&e).unwrap_or_else(|d| panic!("{}", d.render(None, expr)));
    p.query_span(Time::ZERO, Time::ONE)
        .into_iter()
        .filter(|h| h.whole.is_some_and(|w| w.begin == h.part.begin))
        .map(|h| h.value)
        .collect()
}

/// The `n` numbers of one cycle of `n "<chord>"`, in the chord's order.
fn n_of(chord: &str) -> Vec<f64> {
    haps(&format!("n \"{chord}\""))
        .into_iter()
        .map(|v| match v {
            Value::Map(m) => m
                .get("n")
                .and_then(|x| x.as_num())
                .unwrap_or_else(|| panic!("{chord}: no number in {m:?}")),
            other => panic!("{chord}: {other:?}"),
        })
        .collect()
}

/// The notes of a bare chord string (as an oscillator gets them), as semitones from c4.
fn notes_of(chord: &str) -> Vec<f64> {
    haps(&format!("\"{chord}\""))
        .into_iter()
        .map(|v| match &v {
            Value::Str(s) => note_to_midi(s).unwrap_or_else(|| panic!("{chord}: {s}")) - 60.0,
            Value::Num(x) => *x,
            other => panic!("{chord}: {other:?}"),
        })
        .collect()
}

fn check(chord: &str, tidal: &[i32]) {
    let want: Vec<f64> = tidal.iter().map(|&x| x as f64).collect();
    assert_eq!(n_of(chord), want, "n \"{chord}\"");
    assert_eq!(notes_of(chord), want, "\"{chord}\"");
}

#[test]
fn plain_chords() {
    // major = [0,4,7]
    check("c'major", &[0, 4, 7]);
    // e = 4; minor7 = [0,3,7,10] -> [4,7,11,14]
    check("e'min7", &[4, 7, 11, 14]);
    // a = 9; m9sharp5 = minor9sharp5 = [0,1,14] (Tidal's own odd definition) -> [9,10,23]
    check("a'm9sharp5", &[9, 10, 23]);
    // g3 = 55 = -5 from c4; dim7 = [0,3,6,9] -> [-5,-2,1,4]
    check("g3'dim7", &[-5, -2, 1, 4]);
    // no root is Tidal's root 0; minor7sharp9 = [0,3,7,10,15]
    check("'m7s9", &[0, 3, 7, 10, 15]);
    // a number root: 2 + six [0,4,7,9]
    check("2'six", &[2, 6, 9, 11]);
}

#[test]
fn inversions() {
    // [0,4,7] -i-> [4,7,12] -i-> [7,12,16]
    check("c'maj'ii", &[7, 12, 16]);
    // the same with a count
    check("c'maj'i2", &[7, 12, 16]);
    // e = 4; major7 [4,8,11,15] -i-> [8,11,15,16] -i-> [11,15,16,20]
    check("e'major7'ii", &[11, 15, 16, 20]);
    // more inversions than notes: [0,4,7] -> [4,7,12] -> [7,12,16] -> [12,16,19] -> [16,19,24]
    check("c'major'iiii", &[16, 19, 24]);
    // sus4 [0,5,7] -> [5,7,12] -> [7,12,17] -> [12,17,19]
    check("0'sus4'iii", &[12, 17, 19]);
}

#[test]
fn ranges() {
    // take 5 of [0,4,7, 12,16,19, ...]
    check("c'major'5", &[0, 4, 7, 12, 16]);
    // fewer notes than the chord: take 1
    check("c'major'1", &[0]);
    // minor9 [0,3,7,10,14]; take 8 of [0,3,7,10,14, 12,15,19,22,26, ...] (not sorted)
    check("c'min9'8", &[0, 3, 7, 10, 14, 12, 15, 19]);
    // e'min7 [4,7,11,14] -> take 5: [4,7,11,14,16] (Tidal's ParseTest)
    check("e'min7'5", &[4, 7, 11, 14, 16]);
}

#[test]
fn open_voicing() {
    // [0-12, 7-12, 4] = [-12,-5,4]
    check("c'maj'o", &[-12, -5, 4]);
    // maj7 [0,4,7,11] -> [-12,-5,4] ++ [11]
    check("c'maj7'o", &[-12, -5, 4, 11]);
    // two notes: unchanged
    check("c'five'o", &[0, 7]);
    // twice: [-12,-5,4] -> [-24, 4-12, -5] = [-24,-8,-5]
    check("c'maj'oo", &[-24, -8, -5]);
}

#[test]
fn drops() {
    // dom7 [0,4,7,10], s = 4-1 = 3: 10-12 = -2 to the front -> [-2,0,4,7]
    check("c'dom7'd1", &[-2, 0, 4, 7]);
    // s = 4-2 = 2: 7-12 = -5 to the front -> [-5,0,4,10]
    check("c'dom7'd2", &[-5, 0, 4, 10]);
    // major [0,4,7], s = 2: [-5,0,4] (Tidal's ParseTest)
    check("c'major'd1", &[-5, 0, 4]);
    // more than the chord's notes: unchanged
    check("c'major'd4", &[0, 4, 7]);
}

#[test]
fn combined_modifiers_apply_in_order() {
    // [0,4,7] -i-> [4,7,12] -range 5-> [4,7,12,16,19] (Tidal's ParseTest)
    check("c'major'i'5", &[4, 7, 12, 16, 19]);
    // [0,4,7] -range 5-> [0,4,7,12,16] -i-> [4,7,12,16,12]
    check("c'major'5'i", &[4, 7, 12, 16, 12]);
    // dom7 -d1-> [-2,0,4,7] -range 6-> [-2,0,4,7, 10,12]
    check("c'dom7'd1'6", &[-2, 0, 4, 7, 10, 12]);
    // [0,4,7] -o-> [-12,-5,4] -i-> [-5,4,0]
    check("c'maj'o'i", &[-5, 4, 0]);
}

#[test]
fn tidal_docs_examples() {
    // tidal-doc reference/harmony_melody.md, "Chord Modifiers/Voicings".
    // "c'min9'8": [0,3,7,10,14] taken to 8 = [0,3,7,10,14,12,15,19] (as the docs list it)
    check("c'min9'8", &[0, 3, 7, 10, 14, 12, 15, 19]);
    // "c'min9'4": the ninth taken away, [0,3,7,10]
    check("c'min9'4", &[0, 3, 7, 10]);
    // "c'min9'o": [0-12, 7-12, 3] ++ [10,14]
    check("c'min9'o", &[-12, -5, 3, 10, 14]);
    // "c'min9'd3": 5 notes, s = 2: 7-12 = -5 to the front of [0,3,10,14]
    check("c'min9'd3", &[-5, 0, 3, 10, 14]);
    // "c'min9'i2": [3,7,10,14,12] then [7,10,14,12,15] (inversion appends, no sorting)
    check("c'min9'i2", &[7, 10, 14, 12, 15]);
    // "a'm9'8": a = 9, minor9 [9,12,16,19,23] taken to 8: ++ [21,24,28]
    check("a'm9'8", &[9, 12, 16, 19, 23, 21, 24, 28]);
    // "e'7sus4'8": e = 4, sevenSus4 [4,9,11,14] taken to 8: ++ [16,21,23,26]
    check("e'7sus4'8", &[4, 9, 11, 14, 16, 21, 23, 26]);
}

#[test]
fn chords_sit_in_sequences() {
    // Tidal's ParseTest: "c'major'5 e'min7'5" = "[0,4,7,12,16] [4,7,11,14,16]"
    let e = lang::check_expr("n \"c'major'5 e'min7'5\"").unwrap();
    let p = eval_pattern(&e).unwrap();
    let haps = p.query_span(Time::ZERO, Time::ONE);
    let at = |begin: Time| -> Vec<f64> {
        haps.iter()
            .filter(|h| h.part.begin == begin)
            .map(|h| match &h.value {
                Value::Map(m) => m["n"].as_num().unwrap(),
                v => panic!("{v:?}"),
            })
            .collect()
    };
    assert_eq!(at(Time::ZERO), [0.0, 4.0, 7.0, 12.0, 16.0]);
    assert_eq!(
        at(Time::parse("1/2").unwrap()),
        [4.0, 7.0, 11.0, 14.0, 16.0]
    );
}

/// Every name and alias of Tidal 1.9's `chordTable`, in its order.
const TIDAL_NAMES: &str = "major maj M aug plus sharp5 six 6 sixNine six9 sixby9 6by9 major7 \
maj7 major9 maj9 add9 major11 maj11 add11 major13 maj13 add13 dom7 dom9 dom11 dom13 \
sevenFlat5 7f5 sevenSharp5 7s5 sevenFlat9 7f9 nine eleven 11 thirteen 13 minor min m \
diminished dim minorSharp5 msharp5 mS5 minor6 min6 m6 minorSixNine minor69 min69 \
minSixNine m69 mSixNine m6by9 minor7flat5 minor7f5 min7flat5 min7f5 m7flat5 m7f5 minor7 \
min7 m7 minor7sharp5 minor7s5 min7sharp5 min7s5 m7sharp5 m7s5 minor7flat9 minor7f9 \
min7flat9 min7f9 m7flat9 m7f9 minor7sharp9 minor7s9 min7sharp9 min7s9 m7sharp9 m7s9 \
diminished7 dim7 minor9 min9 m9 minor11 min11 m11 minor13 min13 m13 minorMajor7 minMaj7 \
mmaj7 one 1 five 5 sus2 sus4 sevenSus2 7sus2 sevenSus4 7sus4 nineSus4 ninesus4 9sus4 \
sevenFlat10 7f10 nineSharp5 9sharp5 9s5 minor9sharp5 minor9s5 min9sharp5 min9s5 m9sharp5 \
m9s5 sevenSharp5flat9 7s5f9 minor7sharp5flat9 m7sharp5flat9 elevenSharp 11s minor11sharp \
m11sharp m11s";

#[test]
fn every_tidal_chord_name_parses() {
    let names: Vec<&str> = TIDAL_NAMES.split_whitespace().collect();
    assert_eq!(names.len(), 130);
    for name in names {
        for root in ["c", "e4", "0", ""] {
            let chord = format!("{root}'{name}");
            let ns = n_of(&chord);
            assert!(!ns.is_empty(), "{chord}");
            // Every chord starts on its root (Tidal's intervals all begin with 0).
            let root_n = if root == "e4" { 4.0 } else { 0.0 };
            assert_eq!(ns[0], root_n, "{chord}");
        }
    }
    // A few spelled-out alias groups agree.
    assert_eq!(n_of("c'sixby9"), n_of("c'sixNine"));
    assert_eq!(n_of("c'mSixNine"), [0.0, 3.0, 9.0, 7.0, 14.0]);
    assert_eq!(n_of("c'minor7sharp5flat9"), [0.0, 3.0, 8.0, 10.0, 13.0]);
    assert_eq!(n_of("c'11s"), [0.0, 4.0, 7.0, 10.0, 14.0, 18.0]);
    assert_eq!(n_of("c'13"), [0.0, 4.0, 7.0, 10.0, 14.0, 17.0, 21.0]);
}

#[test]
fn bad_chords_are_errors_at_the_word() {
    for (src, word) in [
        ("n \"c e'nope\"", "e'nope"),
        ("n \"c'maj'x a\"", "c'maj'x"),
        ("n \"[c'maj'io]\"", "c'maj'io"),
        ("n \"c c'maj'd0\"", "c'maj'd0"),
        ("n \"c'dom7'd\"", "c'dom7'd"),
        ("n \"c'maj''5\"", "c'maj''5"),
        ("n \"q'maj\"", "q'maj"),
    ] {
        let ds = lang::check_expr(src).expect_err(src);
        let at = src.find(word).unwrap();
        assert!(
            ds.iter().any(|d| d.span.start == at),
            "{src}: {:?}",
            ds.iter()
                .map(|d| (d.span.start, d.message.as_str()))
                .collect::<Vec<_>>()
        );
    }
    let ds = lang::check_expr("n \"c'maj'q\"").unwrap_err();
    assert!(
        ds[0].message.contains("c'maj'ii") && ds[0].message.contains("c'dom7'd1"),
        "{}",
        ds[0].message
    );
    let ds = lang::check_expr("n \"c'nope\"").unwrap_err();
    assert!(ds[0].message.contains("e4'min7"), "{}", ds[0].message);
}
