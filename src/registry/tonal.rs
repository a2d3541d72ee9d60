//! Tidal's tonal functions: `scale`, `toScale`, `toScale'`, `rolled`, `rolledBy`; their
//! pattern work is `pattern/tonal.rs`. Tidal's `scaleList` (a string to print in GHCi)
//! is `phonon help scale`, whose doc line lists every scale name.

use std::sync::Arc;

use super::spec::Category::Transform as T;
use super::spec::ParamKind::List;
use super::spec::*;
use crate::pattern::args::{ArgError, TransformArgs};
use crate::pattern::tonal;
use crate::pattern::transforms::{tparam, Transform};
use crate::pattern::{Pattern, Time, Value};

fn t(f: impl Fn(&Pattern<Value>) -> Pattern<Value> + Send + Sync + 'static) -> Transform {
    Arc::new(f)
}

/// A list argument of numbers (`[0, 2, 3, 5, 7, 8, 10]`), or an error at argument `i`.
fn numbers(a: &TransformArgs, i: usize, what: &str) -> Result<Vec<f64>, ArgError> {
    super::patterns::plain_values(a, i, what)?
        .iter()
        .map(|v| v.as_num())
        .collect::<Option<_>>()
        .ok_or_else(|| ArgError::new(format!("{what} takes numbers, like [0, 2, 4, 5, 7]")).at(i))
}

pub static FUNCTIONS: &[FunctionSpec] = &[
    entry(
        "scale",
        &[],
        T,
        &[req("name", PAT)],
        "the numbers as steps of a named scale, wrapping into octaves below and above (an unknown name has one step per octave, as Tidal's); the names: minPent majPent ritusen egyptian kumai hirajoshi iwato chinese indian pelog prometheus scriabin gong shang jiao zhi yu whole wholetone augmented augmented2 hexMajor7 hexDorian hexPhrygian hexSus hexMajor6 hexAeolian major ionian dorian phrygian lydian mixolydian aeolian minor locrian harmonicMinor harmonicMajor melodicMinor melodicMinorDesc melodicMajor bartok hindu todi purvi marva bhairav ahirbhairav superLocrian romanianMinor hungarianMinor neapolitanMinor enigmatic spanish leadingWhole lydianMinor neapolitanMajor locrianMajor diminished octatonic diminished2 octatonic2 messiaen1 messiaen2 messiaen3 messiaen4 messiaen5 messiaen6 messiaen7 chromatic bayati hijaz sikah rast saba iraq: `n (scale \"<major minor>\" \"0 .. 7\") # s \"superpiano\"`",
        transform(|a| {
            let names = a.pattern(0)?;
            Ok(t(move |p| tonal::scale(&names, p)))
        }),
    ),
    entry(
        "toScale",
        &[],
        T,
        &[req("steps", List)],
        "the numbers as steps of a scale given as semitones, wrapping into octaves: `n (toScale [0, 2, 3, 5, 7, 8, 10] \"0 1 2 3 4 5 6 7\") # s \"superpiano\"`",
        transform(|a| {
            let steps = numbers(a, 0, "toScale")?;
            Ok(t(move |p| tonal::to_scale(12.0, steps.clone(), p)))
        }),
    ),
    entry(
        "toScale'",
        &[],
        T,
        &[req("octave", PAT).range(1.0, 48.0), req("steps", List)],
        "toScale with octaves of another size, for scales wider than 12 semitones: `n (toScale' 24 [0, 4, 7, 10, 14, 17] \"0 .. 7\") # s \"superpiano\"`",
        transform(|a| {
            let octave = a.time(0)?;
            let steps = numbers(a, 1, "toScale'")?;
            Ok(t(move |p| {
                let (p, steps) = (p.clone(), steps.clone());
                tparam(&octave, move |o| {
                    tonal::to_scale(o.floor_int() as f64, steps.clone(), &p)
                })
            }))
        }),
    ),
    entry(
        "rolled",
        &[],
        T,
        &[],
        "the notes of each chord strummed upwards over its first quarter (rolledBy (1/4)): `rolled $ n \"<a'm9'8 e'7sus4'8>\" # s \"superpiano\"`",
        transform(|_| Ok(t(|p| tonal::rolled_by(&crate::pattern::pure(Time::new(1, 4)), p)))),
    ),
    entry(
        "rolledBy",
        &[],
        T,
        &[req("t", PAT).range(-1.0, 1.0)],
        "the notes of each chord strummed over the fraction t of it, downwards when t is negative: `rolledBy \"<1 -0.25 0.25 0.5>\" $ n \"[0,4,7]\" # s \"superpiano\"`",
        transform(|a| {
            let by = a.time(0)?;
            Ok(t(move |p| tonal::rolled_by(&by, p)))
        }),
    ),
];

/// The `scale` doc line names every scale (it is Tidal's `scaleList`).
#[cfg(test)]
#[test]
fn the_scale_doc_lists_every_name() {
    let doc = super::lookup("scale").map(|f| f.doc).unwrap_or_default();
    let listed: Vec<&str> = doc
        .split_once("the names: ")
        .and_then(|(_, rest)| rest.split_once(':'))
        .map(|(names, _)| names.split_whitespace().collect())
        .unwrap_or_default();
    let table: Vec<&str> = tonal::SCALES.iter().map(|(n, _)| *n).collect();
    assert_eq!(listed, table);
}
