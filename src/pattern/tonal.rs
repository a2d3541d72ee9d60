//! Tidal 1.9's tonal functions: `scale` with every scale of `Sound.Tidal.Scales`'
//! `scaleTable`, `toScale`/`toScale'` (`Sound.Tidal.UI`), and `rolled`/`rolledBy`
//! (`Sound.Tidal.UI`'s `rolledWith`). Each follows its Tidal definition, described in its
//! doc comment.

use std::collections::HashMap;

use super::core::{PatValue, Pattern};
use super::hap::Hap;
use super::span::TimeSpan;
use super::time::Time;
use super::transforms::tparam;
use super::value::{note_to_midi, Value};

/// Every scale of Tidal 1.9's `scaleTable` (v1.9.5), by name and alias, in Tidal's order,
/// as semitones above the root (the maqams have quarter tones). Names are case-sensitive.
pub const SCALES: &[(&str, &[f64])] = &[
    // five notes
    ("minPent", &[0.0, 3.0, 5.0, 7.0, 10.0]),
    ("majPent", &[0.0, 2.0, 4.0, 7.0, 9.0]),
    ("ritusen", &[0.0, 2.0, 5.0, 7.0, 9.0]),
    ("egyptian", &[0.0, 2.0, 5.0, 7.0, 10.0]),
    ("kumai", &[0.0, 2.0, 3.0, 7.0, 9.0]),
    ("hirajoshi", &[0.0, 2.0, 3.0, 7.0, 8.0]),
    ("iwato", &[0.0, 1.0, 5.0, 6.0, 10.0]),
    ("chinese", &[0.0, 4.0, 6.0, 7.0, 11.0]),
    ("indian", &[0.0, 4.0, 5.0, 7.0, 10.0]),
    ("pelog", &[0.0, 1.0, 3.0, 7.0, 8.0]),
    ("prometheus", &[0.0, 2.0, 4.0, 6.0, 11.0]),
    ("scriabin", &[0.0, 1.0, 4.0, 7.0, 9.0]),
    ("gong", &[0.0, 2.0, 4.0, 7.0, 9.0]),
    ("shang", &[0.0, 2.0, 5.0, 7.0, 10.0]),
    ("jiao", &[0.0, 3.0, 5.0, 8.0, 10.0]),
    ("zhi", &[0.0, 2.0, 5.0, 7.0, 9.0]),
    ("yu", &[0.0, 3.0, 5.0, 7.0, 10.0]),
    // six notes
    ("whole", &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]),
    ("wholetone", &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]),
    ("augmented", &[0.0, 3.0, 4.0, 7.0, 8.0, 11.0]),
    ("augmented2", &[0.0, 1.0, 4.0, 5.0, 8.0, 9.0]),
    ("hexMajor7", &[0.0, 2.0, 4.0, 7.0, 9.0, 11.0]),
    ("hexDorian", &[0.0, 2.0, 3.0, 5.0, 7.0, 10.0]),
    ("hexPhrygian", &[0.0, 1.0, 3.0, 5.0, 8.0, 10.0]),
    ("hexSus", &[0.0, 2.0, 5.0, 7.0, 9.0, 10.0]),
    ("hexMajor6", &[0.0, 2.0, 4.0, 5.0, 7.0, 9.0]),
    ("hexAeolian", &[0.0, 3.0, 5.0, 7.0, 8.0, 10.0]),
    // seven notes
    ("major", &[0.0, 2.0, 4.0, 5.0, 7.0, 9.0, 11.0]),
    ("ionian", &[0.0, 2.0, 4.0, 5.0, 7.0, 9.0, 11.0]),
    ("dorian", &[0.0, 2.0, 3.0, 5.0, 7.0, 9.0, 10.0]),
    ("phrygian", &[0.0, 1.0, 3.0, 5.0, 7.0, 8.0, 10.0]),
    ("lydian", &[0.0, 2.0, 4.0, 6.0, 7.0, 9.0, 11.0]),
    ("mixolydian", &[0.0, 2.0, 4.0, 5.0, 7.0, 9.0, 10.0]),
    ("aeolian", &[0.0, 2.0, 3.0, 5.0, 7.0, 8.0, 10.0]),
    ("minor", &[0.0, 2.0, 3.0, 5.0, 7.0, 8.0, 10.0]),
    ("locrian", &[0.0, 1.0, 3.0, 5.0, 6.0, 8.0, 10.0]),
    ("harmonicMinor", &[0.0, 2.0, 3.0, 5.0, 7.0, 8.0, 11.0]),
    ("harmonicMajor", &[0.0, 2.0, 4.0, 5.0, 7.0, 8.0, 11.0]),
    ("melodicMinor", &[0.0, 2.0, 3.0, 5.0, 7.0, 9.0, 11.0]),
    ("melodicMinorDesc", &[0.0, 2.0, 3.0, 5.0, 7.0, 8.0, 10.0]),
    ("melodicMajor", &[0.0, 2.0, 4.0, 5.0, 7.0, 8.0, 10.0]),
    ("bartok", &[0.0, 2.0, 4.0, 5.0, 7.0, 8.0, 10.0]),
    ("hindu", &[0.0, 2.0, 4.0, 5.0, 7.0, 8.0, 10.0]),
    ("todi", &[0.0, 1.0, 3.0, 6.0, 7.0, 8.0, 11.0]),
    ("purvi", &[0.0, 1.0, 4.0, 6.0, 7.0, 8.0, 11.0]),
    ("marva", &[0.0, 1.0, 4.0, 6.0, 7.0, 9.0, 11.0]),
    ("bhairav", &[0.0, 1.0, 4.0, 5.0, 7.0, 8.0, 11.0]),
    ("ahirbhairav", &[0.0, 1.0, 4.0, 5.0, 7.0, 9.0, 10.0]),
    ("superLocrian", &[0.0, 1.0, 3.0, 4.0, 6.0, 8.0, 10.0]),
    ("romanianMinor", &[0.0, 2.0, 3.0, 6.0, 7.0, 9.0, 10.0]),
    ("hungarianMinor", &[0.0, 2.0, 3.0, 6.0, 7.0, 8.0, 11.0]),
    ("neapolitanMinor", &[0.0, 1.0, 3.0, 5.0, 7.0, 8.0, 11.0]),
    ("enigmatic", &[0.0, 1.0, 4.0, 6.0, 8.0, 10.0, 11.0]),
    ("spanish", &[0.0, 1.0, 4.0, 5.0, 7.0, 8.0, 10.0]),
    ("leadingWhole", &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 11.0]),
    ("lydianMinor", &[0.0, 2.0, 4.0, 6.0, 7.0, 8.0, 10.0]),
    ("neapolitanMajor", &[0.0, 1.0, 3.0, 5.0, 7.0, 9.0, 11.0]),
    ("locrianMajor", &[0.0, 2.0, 4.0, 5.0, 6.0, 8.0, 10.0]),
    // eight notes
    ("diminished", &[0.0, 1.0, 3.0, 4.0, 6.0, 7.0, 9.0, 10.0]),
    ("octatonic", &[0.0, 1.0, 3.0, 4.0, 6.0, 7.0, 9.0, 10.0]),
    ("diminished2", &[0.0, 2.0, 3.0, 5.0, 6.0, 8.0, 9.0, 11.0]),
    ("octatonic2", &[0.0, 2.0, 3.0, 5.0, 6.0, 8.0, 9.0, 11.0]),
    // modes of limited transposition
    ("messiaen1", &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]),
    ("messiaen2", &[0.0, 1.0, 3.0, 4.0, 6.0, 7.0, 9.0, 10.0]),
    (
        "messiaen3",
        &[0.0, 2.0, 3.0, 4.0, 6.0, 7.0, 8.0, 10.0, 11.0],
    ),
    ("messiaen4", &[0.0, 1.0, 2.0, 5.0, 6.0, 7.0, 8.0, 11.0]),
    ("messiaen5", &[0.0, 1.0, 5.0, 6.0, 7.0, 11.0]),
    ("messiaen6", &[0.0, 2.0, 4.0, 5.0, 6.0, 8.0, 10.0, 11.0]),
    (
        "messiaen7",
        &[0.0, 1.0, 2.0, 3.0, 5.0, 6.0, 7.0, 8.0, 9.0, 11.0],
    ),
    // twelve notes
    (
        "chromatic",
        &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0],
    ),
    // Arabic maqams (from SuperCollider's Scale.sc)
    ("bayati", &[0.0, 1.5, 3.0, 5.0, 7.0, 8.0, 10.0]),
    ("hijaz", &[0.0, 1.0, 4.0, 5.0, 7.0, 8.5, 10.0]),
    ("sikah", &[0.0, 1.5, 3.5, 5.5, 7.0, 8.5, 10.5]),
    ("rast", &[0.0, 2.0, 3.5, 5.0, 7.0, 9.0, 10.5]),
    ("saba", &[0.0, 1.5, 3.0, 4.0, 6.0, 8.0, 10.0]),
    ("iraq", &[0.0, 1.5, 3.5, 5.0, 6.5, 8.5, 10.5]),
];

/// What Tidal's `getScale` uses for a name not in the table (`fromMaybe [0]`): one note
/// per octave, so degree `k` is `12 * k`.
const UNKNOWN_SCALE: &[f64] = &[0.0];

/// The steps of a scale by name, or Tidal's `[0]` for an unknown name.
pub fn scale_steps(name: &str) -> &'static [f64] {
    SCALES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(UNKNOWN_SCALE, |(_, s)| s)
}

/// Tidal's `noteInScale`: degree `i` of `steps`, `i mod len` within the octave plus
/// `octave * (i div len)` (floored, so negative degrees fall into lower octaves).
/// `steps` must not be empty.
pub fn note_in_scale(steps: &[f64], octave: f64, i: i64) -> f64 {
    let len = steps.len() as i64;
    steps[i.rem_euclid(len) as usize] + octave * i.div_euclid(len) as f64
}

/// A degree as Tidal's `Pattern Int` has it: a number (floored; Phonon's numbers are not
/// only whole ones), or a note name as semitones from c (`c` = 0, `e` = 4, as `n` reads
/// them). Other words are not degrees.
fn degree(v: &Value) -> Option<i64> {
    let x = match v {
        Value::Num(x) => *x,
        Value::Str(s) => note_to_midi(s)? - 60.0,
        Value::Map(_) | Value::Signal(_) => return None,
    };
    x.is_finite().then(|| x.floor() as i64)
}

/// `scale names p` (Tidal's `getScale scaleTable`: `(\n name -> noteInScale (fromMaybe
/// [0] $ lookup name table) n) <$> p <* names`): structure from the degrees of `p`, each
/// taking the scale named where its event is (`<*`: a name changing during an event
/// splits it). A constant name is applied directly (as `tparam` does).
pub fn scale(names: &Pattern<Value>, p: &Pattern<Value>) -> Pattern<Value> {
    let degrees = p.fmap(degree).filter_values(Option::is_some);
    let in_scale = |i: &Option<i64>, name: &Value| -> Value {
        let steps = scale_steps(&name.to_string());
        Value::Num(note_in_scale(steps, 12.0, i.unwrap_or(0)))
    };
    match names.as_pure() {
        Some(name) => {
            let name = name.clone();
            degrees.fmap(move |i| in_scale(i, &name))
        }
        None => degrees.app_left(names, in_scale),
    }
}

/// `toScale' octave steps p` (Tidal: `toScale' _ [] = const silence; toScale' o s = fmap
/// noteInScale`, with `o` semitones per octave): each degree of `p` in `steps`.
/// `toScale` is `toScale' 12`.
pub fn to_scale(octave: f64, steps: Vec<f64>, p: &Pattern<Value>) -> Pattern<Value> {
    if steps.is_empty() {
        return super::core::silence();
    }
    p.fmap(degree)
        .filter_values(Option::is_some)
        .fmap(move |i| Value::Num(note_in_scale(&steps, octave, i.unwrap_or(0))))
}

/// Tidal 1.9's `rolledWith t`: the events of each chord (events sharing a whole) start one
/// after another over the first `|t|` of the chord's whole, in the order the pattern gives
/// them (reversed when `t` is negative); their ends stay. With `d` notes, note `k` starts
/// `k * |t| * (e - s) / d` after the whole's start `s`; its part is its old part cut to
/// the new whole (`subArc`), so a fragment before the new start is dropped. `t = 0`
/// changes nothing; continuous events are left as they are.
///
/// Tidal groups only chord notes that come next to each other in a query's result
/// (`groupBy` on the list), which is what its scheduler's short queries give; here the
/// notes of a chord are grouped wherever they are in the result, so a long query rolls
/// the same way.
pub fn rolled_with<T: PatValue>(t: Time, p: &Pattern<T>) -> Pattern<T> {
    if t.is_zero() {
        return p.clone();
    }
    let p = p.clone();
    let reverse = t < Time::ZERO;
    let t = t.abs();
    Pattern::new(move |st| {
        let mut haps = p.query(st);
        if reverse {
            haps.reverse();
        }
        // Chords by whole, in order of first appearance; continuous events stand alone.
        let mut chords: Vec<Vec<Hap<T>>> = Vec::new();
        let mut index: HashMap<TimeSpan, usize> = HashMap::new();
        for h in haps {
            match h.whole {
                Some(w) => match index.get(&w) {
                    Some(&k) => chords[k].push(h),
                    None => {
                        index.insert(w, chords.len());
                        chords.push(vec![h]);
                    }
                },
                None => chords.push(vec![h]),
            }
        }
        let mut out = Vec::new();
        for chord in chords {
            let d = Time::from_int(chord.len() as i64);
            for (k, h) in chord.into_iter().enumerate() {
                let Some(w) = h.whole else {
                    out.push(h);
                    continue;
                };
                let step = w.duration() * t / d;
                let whole = TimeSpan::new(w.begin + step * Time::from_int(k as i64), w.end);
                if let Some(part) = whole.intersection(h.part) {
                    out.push(Hap::new(Some(whole), part, h.value).from_source(h.source));
                }
            }
        }
        out
    })
}

/// `rolledBy t p` (Tidal: `tParam rolledWith (segment 1 t)`): `t` sampled once per cycle.
/// `rolled` is `rolledBy (1/4)`.
pub fn rolled_by<T: PatValue>(t: &Pattern<Time>, p: &Pattern<T>) -> Pattern<T> {
    let p = p.clone();
    match t.as_pure() {
        Some(t) => rolled_with(*t, &p),
        None => tparam(&t.segment_t(Time::ONE), move |t| rolled_with(*t, &p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_scales_start_on_the_root() {
        let mut seen = std::collections::HashSet::new();
        for (name, steps) in SCALES {
            assert!(seen.insert(*name), "{name} twice");
            assert_eq!(steps.first(), Some(&0.0), "{name}");
            assert!(steps.windows(2).all(|w| w[0] < w[1]), "{name}");
        }
        assert_eq!(SCALES.len(), 76);
    }

    #[test]
    fn degrees_wrap_into_octaves() {
        let major = scale_steps("major");
        let got: Vec<f64> = (-8..=8).map(|i| note_in_scale(major, 12.0, i)).collect();
        assert_eq!(
            got,
            [
                -13.0, -12.0, -10.0, -8.0, -7.0, -5.0, -3.0, -1.0, 0.0, 2.0, 4.0, 5.0, 7.0, 9.0,
                11.0, 12.0, 14.0
            ]
        );
        assert_eq!(scale_steps("nope"), &[0.0]);
        assert_eq!(note_in_scale(scale_steps("nope"), 12.0, -2), -24.0);
    }
}
