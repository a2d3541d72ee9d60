//! Where Tidal and Strudel disagree, Phonon follows Tidal (1.9). These expectations were
//! worked out by hand from Tidal's Haskell definitions (see
//! `tools/strudel-conformance/DIFFERENCES.md`, one section per difference).
//! Notation: `begin..end : value` for a whole event, `whole | part : value` for a fragment.

mod support;

use phonon::pattern::random::time_to_rand;
use phonon::pattern::Time;
use support::patterns::*;

#[test]
fn randomness_samples_the_midpoint_with_64_bit_hashing() {
    // §1: rand at the midpoints of the wholes of "a*4" in cycle 0.
    let r: Vec<f64> = ["1/8", "3/8", "5/8", "7/8"]
        .iter()
        .map(|x| time_to_rand(t(x)))
        .collect();
    let want = [0.31478, 0.60050, 0.13942, 0.39354];
    for (got, want) in r.iter().zip(want) {
        assert!((got - want).abs() < 1e-5, "{r:?}");
    }
    expect(r#""a*4?""#, "0", "1", &["1/4..1/2 : a"]);
}

#[test]
fn random_choices_and_shuffles_are_stable_and_complete() {
    // `|` picks one option per cycle, the same one for every query of that cycle.
    let whole = events(r#""[a|b|c] d""#, "0", "8");
    let halves: Vec<String> = [
        events(r#""[a|b|c] d""#, "0", "4"),
        events(r#""[a|b|c] d""#, "4", "8"),
    ]
    .concat();
    let mut halves = halves;
    halves.sort();
    assert_eq!(whole, halves);
    let picks: std::collections::BTreeSet<String> = whole
        .iter()
        .filter(|e| !e.ends_with(": d"))
        .map(|e| e.rsplit(' ').next().unwrap().to_string())
        .collect();
    assert!(
        picks.len() >= 2,
        "over 8 cycles more than one option is chosen: {picks:?}"
    );
    // sometimesBy keeps every event exactly once, changed or not.
    let all = events(r#"s "hh*16" $ sometimesBy 0.5 (# speed 2)"#, "0", "1");
    assert_eq!(all.len(), 16);
    let fast = all.iter().filter(|e| e.contains("speed: 2")).count();
    assert!((3..=13).contains(&fast), "{fast} of 16 changed");
}

#[test]
fn euclid_rotates_left() {
    // §2
    expect(
        r#""a(3,8,2)""#,
        "0",
        "1",
        &["1/8..1/4 : a", "1/2..5/8 : a", "3/4..7/8 : a"],
    );
    expect(
        r#""a(5,8,2)""#,
        "0",
        "1",
        &[
            "0..1/8 : a",
            "1/8..1/4 : a",
            "3/8..1/2 : a",
            "1/2..5/8 : a",
            "3/4..7/8 : a",
        ],
    );
    expect(
        r#""bd" $ euclidOff 3 8 1"#,
        "0",
        "1",
        &["1/4..3/8 : bd", "5/8..3/4 : bd", "7/8..1 : bd"],
    );
}

#[test]
fn euclid_squeezes_a_cycle_into_each_pulse() {
    // §3
    let want = [
        "0..1/16 : a",
        "1/16..1/8 : b",
        "3/8..7/16 : a",
        "7/16..1/2 : b",
        "3/4..13/16 : a",
        "13/16..7/8 : b",
    ];
    expect(r#""[a b](3,8)""#, "0", "1", &want);
    expect(r#""a b" $ euclid 3 8"#, "0", "1", &want);
}

#[test]
fn every_and_last_of_work_on_negative_cycles() {
    // §4
    expect(
        r#""a b" $ every 3 (fast 2)"#,
        "-3",
        "0",
        &[
            "-3..-11/4 : a",
            "-11/4..-5/2 : b",
            "-5/2..-9/4 : a",
            "-9/4..-2 : b",
            "-2..-3/2 : a",
            "-3/2..-1 : b",
            "-1..-1/2 : a",
            "-1/2..0 : b",
        ],
    );
    expect(
        r#""a b" $ lastOf 3 (fast 2)"#,
        "-1",
        "0",
        &[
            "-1..-3/4 : a",
            "-3/4..-1/2 : b",
            "-1/2..-1/4 : a",
            "-1/4..0 : b",
        ],
    );
    expect(
        r#""a b" $ every 0 rev"#,
        "0",
        "1",
        &["0..1/2 : a", "1/2..1 : b"],
    );
}

#[test]
fn palindrome_alternates_forwards_and_backwards_cycles() {
    // §5
    expect(
        r#""<a b> c" $ palindrome"#,
        "0",
        "4",
        &[
            "0..1/2 : a",
            "1/2..1 : c",
            "1..3/2 : c",
            "3/2..2 : a",
            "2..5/2 : b",
            "5/2..3 : c",
            "3..7/2 : c",
            "7/2..4 : b",
        ],
    );
    expect(
        r#""<a b> c" $ palindrome"#,
        "-1",
        "0",
        &["-1..-1/2 : c", "-1/2..0 : b"],
    );
    expect(
        r#""<a b c>" $ palindrome"#,
        "0",
        "6",
        &[
            "0..1 : a", "1..2 : a", "2..3 : b", "3..4 : b", "4..5 : c", "5..6 : c",
        ],
    );
}

#[test]
fn within_applies_then_filters_by_onset() {
    // §6
    expect(
        r#""a b c d" $ within 0 0.5 (fast 2)"#,
        "0",
        "1",
        &[
            "0..1/8 : a",
            "1/8..1/4 : b",
            "1/4..3/8 : c",
            "3/8..1/2 : d",
            "1/2..3/4 : c",
            "3/4..1 : d",
        ],
    );
    expect(
        r#""a b c d" $ within 0 0.5 rev"#,
        "0",
        "1",
        &["0..1/4 : d", "1/4..1/2 : c", "1/2..3/4 : c", "3/4..1 : d"],
    );
}

#[test]
fn swing_delays_the_second_half_of_each_slice() {
    // §7
    let want = [
        "-1/24..1/12 | 0..1/12 : a",
        "0..1/8 : a",
        "5/24..1/3 : a",
        "1/4..3/8 : a",
        "11/24..7/12 : a",
        "1/2..5/8 : a",
        "17/24..5/6 : a",
        "3/4..7/8 : a",
        "23/24..13/12 | 23/24..1 : a",
    ];
    expect(r#""a*8" $ swingBy (1/3) 4"#, "0", "1", &want);
    expect(r#""a*8" $ swing 4"#, "0", "1", &want);
    expect(
        r#""a*4" $ swingBy (1/4) 2"#,
        "0",
        "1",
        &[
            "-1/8..1/8 | 0..1/8 : a",
            "0..1/4 : a",
            "3/8..5/8 : a",
            "1/2..3/4 : a",
            "7/8..9/8 | 7/8..1 : a",
        ],
    );
}

#[test]
fn jux_offsets_an_existing_pan() {
    // §8
    expect(
        r#"(s "bd" # pan 0.25) $ jux rev"#,
        "0",
        "1",
        &["0..1 : {pan: 0.25, s: bd}", "0..1 : {pan: 1.25, s: bd}"],
    );
    expect(
        r#"s "bd" $ jux rev"#,
        "0",
        "1",
        &["0..1 : {pan: 0, s: bd}", "0..1 : {pan: 1, s: bd}"],
    );
}

#[test]
fn echo_and_stut_gains() {
    // §9, compared by whole and value (the fragments are cut where the shifts cross cycles).
    let wholes = |expr: &str| -> Vec<String> {
        let mut v: Vec<String> = events(expr, "0", "1")
            .into_iter()
            .map(|e| match e.split_once(" | ") {
                Some((w, rest)) => format!("{w} : {}", rest.split_once(" : ").unwrap().1),
                None => e,
            })
            .collect();
        v.dedup();
        v.sort();
        v.dedup();
        v
    };
    assert_eq!(
        wholes(r#"s "bd" $ echo 3 0.25 0.5"#),
        [
            "-1/2..1/2 : {gain: 0.25, s: bd}",
            "-3/4..1/4 : {gain: 0.5, s: bd}",
            "0..1 : {s: bd}",
            "1/2..3/2 : {gain: 0.25, s: bd}",
            "1/4..5/4 : {gain: 0.5, s: bd}",
        ]
    );
    let stut = wholes(r#"s "bd" $ stut 3 0.5 0.25"#);
    assert!(
        stut.contains(&"-3/4..1/4 : {gain: 0.8333333333333333, s: bd}".to_string()),
        "{stut:?}"
    );
    assert!(
        stut.contains(&"1/2..3/2 : {gain: 0.6666666666666666, s: bd}".to_string()),
        "{stut:?}"
    );
}

#[test]
fn loop_at_multiplies_speed() {
    // §10
    expect(
        r#"s "break" $ loopAt 2"#,
        "0",
        "2",
        &["0..2 : {s: break, speed: 0.5, unit: c}"],
    );
    expect(
        r#"(s "bev" # speed 2) $ loopAt 2"#,
        "0",
        "2",
        &["0..2 : {s: bev, speed: 1, unit: c}"],
    );
}

#[test]
fn striate_plays_each_cycle_in_every_slot_and_merges_ranges() {
    // §11
    expect(
        r#"s "<a b>" $ striate 2"#,
        "0",
        "2",
        &[
            "0..1/2 : {begin: 0, end: 0.5, s: a}",
            "1/2..1 : {begin: 0.5, end: 1, s: a}",
            "1..3/2 : {begin: 0, end: 0.5, s: b}",
            "3/2..2 : {begin: 0.5, end: 1, s: b}",
        ],
    );
    expect(
        r#"(s "x" # begin 0.5) $ striate 2"#,
        "0",
        "1",
        &[
            "0..1/2 : {begin: 0.5, end: 0.75, s: x}",
            "1/2..1 : {begin: 0.75, end: 1, s: x}",
        ],
    );
}

#[test]
fn slice_takes_structure_from_the_index_and_wraps() {
    // §12
    expect(
        r#"s "bev sn" $ slice 4 "0""#,
        "0",
        "1",
        &[
            "0..1 | 0..1/2 : {begin: 0, end: 0.25, s: bev}",
            "0..1 | 1/2..1 : {begin: 0, end: 0.25, s: sn}",
        ],
    );
    expect(
        r#"s "bev" $ slice 4 "5""#,
        "0",
        "1",
        &["0..1 : {begin: 0.25, end: 0.5, s: bev}"],
    );
    expect(
        r#"(s "bev" # speed 2) $ splice 4 "0 2""#,
        "0",
        "1",
        &[
            "0..1/2 : {begin: 0, end: 0.25, s: bev, speed: 1, unit: c}",
            "1/2..1 : {begin: 0.5, end: 0.75, s: bev, speed: 1, unit: c}",
        ],
    );
}

#[test]
fn negative_factors_reverse() {
    // §13, §14
    expect(
        r#""a b" $ fastGap 0.5"#,
        "0",
        "1",
        &["0..1/2 : a", "1/2..1 : b"],
    );
    expect(
        r#""a b" $ fast (-2)"#,
        "0",
        "1",
        &["0..1/4 : b", "1/4..1/2 : a", "1/2..3/4 : b", "3/4..1 : a"],
    );
    expect(
        r#""a b c" $ slow (-1)"#,
        "0",
        "1",
        &["0..1/3 : c", "1/3..2/3 : b", "2/3..1 : a"],
    );
    let lingered = events(r#""a b c d e f g h" $ linger (-0.25)"#, "0", "1");
    let values: Vec<&str> = lingered
        .iter()
        .map(|e| e.rsplit(' ').next().unwrap())
        .collect();
    let mut starts: Vec<(Time, &str)> = lingered
        .iter()
        .map(|e| {
            (
                t(e.split("..").next().unwrap()),
                e.rsplit(' ').next().unwrap(),
            )
        })
        .collect();
    starts.sort();
    assert_eq!(values.len(), 8);
    assert_eq!(
        starts.iter().map(|s| s.1).collect::<Vec<_>>(),
        ["h", "g", "h", "g", "h", "g", "h", "g"]
    );
}

#[test]
fn chunk_selects_by_onset_and_runs_backwards_for_negative_n() {
    // §15
    expect(
        r#""a b c" $ chunk 4 (fast 2)"#,
        "0",
        "1",
        &["0..1/6 : a", "1/6..1/3 : b", "1/3..2/3 : b", "2/3..1 : c"],
    );
    let back = events(r#"s "a b c d" $ chunk (-4) (# speed 2)"#, "0", "4");
    let mut sped: Vec<&str> = back
        .iter()
        .filter(|e| e.contains("speed"))
        .map(String::as_str)
        .collect();
    sped.sort();
    let mut want = [
        "3/4..1 : {s: d, speed: 2}",
        "3/2..7/4 : {s: c, speed: 2}",
        "9/4..5/2 : {s: b, speed: 2}",
        "3..13/4 : {s: a, speed: 2}",
    ];
    want.sort();
    assert_eq!(sped, want);
    expect(r#""<a b>" $ chunk 2 (fast 2)"#, "0", "1", &["0..1/2 : a"]);
}

#[test]
fn struct_and_mask_treat_f_as_false() {
    // §16
    expect(
        r#""a" $ struct "t f t t""#,
        "0",
        "1",
        &["0..1/4 : a", "1/2..3/4 : a", "3/4..1 : a"],
    );
    expect(
        r#""a b c d" $ mask "t f t f""#,
        "0",
        "1",
        &["0..1/4 : a", "1/2..3/4 : c"],
    );
}

/// DIFFERENCES.md §19: control-map arithmetic is Tidal's `Num ValueMap`: a key only on
/// the right is negated under `-` and inverted under `/`; words keep the left's value.
#[test]
fn control_map_arithmetic_is_tidals() {
    assert_eq!(events("s \"x\" |- n 2", "0", "1"), ["0..1 : {n: -2, s: x}"]);
    assert_eq!(
        events("s \"x\" -| n \"1 2\"", "0", "1"),
        ["0..1/2 : {n: -1, s: x}", "1/2..1 : {n: -2, s: x}"]
    );
    assert_eq!(
        events("s \"x\" |/ speed 2", "0", "1"),
        ["0..1 : {s: x, speed: 0.5}"]
    );
    assert_eq!(
        events("s \"drum\" |+ s \"2\"", "0", "1"),
        ["0..1 : {s: drum}"]
    );
    assert_eq!(
        events("s \"a\" # vowel \"a\" |+ vowel \"e\"", "0", "1"),
        ["0..1 : {s: a, vowel: a}"]
    );
    // Numbers on both sides combine; a key on one side is kept.
    assert_eq!(
        events("s \"drum\" |+ n 1 # speed 2 |* speed 1.5", "0", "1"),
        ["0..1 : {n: 1, s: drum, speed: 3}"]
    );
}

/// Tidal's `run`, `irand`, `perlin` and `choose`: continuous random patterns sampled at the
/// middle of each queried span (here each segment), from `timeToRand`.
#[test]
fn run_irand_perlin_and_choose_are_tidals() {
    assert_eq!(
        events("run 4", "0", "1"),
        sorted(&["0..1/4 : 0", "1/4..1/2 : 1", "1/2..3/4 : 2", "3/4..1 : 3"])
    );
    assert_eq!(
        events("run \"<2 3>\"", "1", "2"),
        sorted(&["1..4/3 : 0", "4/3..5/3 : 1", "5/3..2 : 2"])
    );
    let mid = |k: i64| time_to_rand(Time::new(2 * k + 1, 8));
    let irand: Vec<String> = (0..4)
        .map(|k| {
            format!(
                "{}..{} : {}",
                short(Time::new(k, 4)),
                short(Time::new(k + 1, 4)),
                (mid(k) * 8.0).floor()
            )
        })
        .collect();
    assert_eq!(events("segment 4 $ irand 8", "0", "1"), sorted_owned(irand));
    let values = [0.0, 2.0, 7.0];
    let choose: Vec<String> = (0..4)
        .map(|k| {
            format!(
                "{}..{} : {}",
                short(Time::new(k, 4)),
                short(Time::new(k + 1, 4)),
                values[(mid(k) * 3.0).floor() as usize]
            )
        })
        .collect();
    assert_eq!(
        events("segment 4 $ choose [0, 2, 7]", "0", "1"),
        sorted_owned(choose)
    );
    // perlin at the middle of cycle c: smootherStep(0.5) = 0.5 between rand(c), rand(c+1).
    for c in 0..3 {
        let (a, b) = (
            time_to_rand(Time::from_int(c)),
            time_to_rand(Time::from_int(c + 1)),
        );
        let got = events("segment 1 $ perlin", &c.to_string(), &(c + 1).to_string());
        assert_eq!(got, [format!("{c}..{} : {}", c + 1, a + 0.5 * (b - a))]);
    }
}

/// `<~`/`~>` shift by a number or a pattern, also as a section; `.` composes.
#[test]
fn shifts_and_composition_are_tidals() {
    assert_eq!(
        events("0.25 <~ \"a b\"", "0", "1"),
        [
            "-1/4..1/4 | 0..1/4 : a",
            "1/4..3/4 : b",
            "3/4..5/4 | 3/4..1 : a"
        ]
    );
    assert_eq!(
        events("\"<0 0.25>\" ~> \"a b\"", "1", "2"),
        [
            "3/4..5/4 | 1..5/4 : b",
            "5/4..7/4 : a",
            "7/4..9/4 | 7/4..2 : b"
        ]
    );
    assert_eq!(
        events("every 2 (0.25 <~) $ \"a b\"", "0", "1"),
        events("0.25 <~ \"a b\"", "0", "1")
    );
    assert_eq!(
        events("every 1 (rev . fast 2) $ \"a b\"", "0", "1"),
        sorted(&["0..1/4 : b", "1/4..1/2 : a", "1/2..3/4 : b", "3/4..1 : a"])
    );
    assert_eq!(
        events("iter' 4 $ \"a b c d\"", "1", "2"),
        events("iterBack 4 $ \"a b c d\"", "1", "2")
    );
}

/// Expected events in the order `events` lists them.
fn sorted(v: &[&str]) -> Vec<String> {
    sorted_owned(v.iter().map(|s| s.to_string()).collect())
}

fn sorted_owned(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// `wchoose`, `randcat` and the envelopes, from Tidal's definitions and `timeToRand`.
#[test]
fn wchoose_randcat_and_envelopes_are_tidals() {
    // wchoose: the first value whose running weight exceeds rand * total.
    let pick = |r: f64| {
        let at = r * 4.0;
        if at < 1.0 {
            "0"
        } else if at < 3.0 {
            "2"
        } else {
            "7"
        }
    };
    let want: Vec<String> = (0..4)
        .map(|k| {
            let r = time_to_rand(Time::new(2 * k + 1, 8));
            format!(
                "{}..{} : {}",
                short(Time::new(k, 4)),
                short(Time::new(k + 1, 4)),
                pick(r)
            )
        })
        .collect();
    assert_eq!(
        events("segment 4 $ wchoose [(0, 1), (2, 2), (7, 1)]", "0", "1"),
        sorted_owned(want)
    );
    // randcat: cycle c plays `slowcat ps` shifted by floor(n * rand(c + 1/2)) cycles.
    for c in 0..6i64 {
        let i = (time_to_rand(Time::new(2 * c + 1, 2)) * 3.0).floor() as i64;
        let item = ["a", "b", "c"][((c + i) % 3) as usize];
        let got = events(
            "randcat [\"a\", \"b\", \"c\"]",
            &c.to_string(),
            &(c + 1).to_string(),
        );
        assert_eq!(got, [format!("{c}..{} : {item}", c + 1)], "cycle {c}");
    }
    // envL rises over the first cycle and stays; envR is its complement.
    assert_eq!(
        events("segment 2 $ envL", "0", "1"),
        ["0..1/2 : 0.25", "1/2..1 : 0.75"]
    );
    assert_eq!(events("segment 1 $ envR", "3", "4"), ["3..4 : 0"]);
}

/// `timeCat`, `every'`, `echoWith`, `plyWith` and `inv`, from their Tidal definitions.
#[test]
fn timecat_every_prime_echowith_plywith_and_inv_are_tidals() {
    assert_eq!(
        events("timeCat [(1, \"a\"), (3, \"b c\")]", "0", "1"),
        sorted(&["0..1/4 : a", "1/4..5/8 : b", "5/8..1 : c"])
    );
    // every' 3 1: cycles 1, 4, 7 ...
    for c in 0..6 {
        let got = events(
            "every' 3 1 (fast 2) $ \"a\"",
            &c.to_string(),
            &(c + 1).to_string(),
        );
        assert_eq!(got.len(), if c % 3 == 1 { 2 } else { 1 }, "cycle {c}");
    }
    // echoWith 3 (1/8) (|+ n 12): the original, then +12 at 1/8, +24 at 1/4.
    // (Events by their wholes: where a shifted event is cut into fragments differs.)
    let mut wholes: Vec<String> = events("echoWith 3 (1/8) (|+ n 12) $ n 0", "0", "1")
        .iter()
        .map(|e| match e.split_once(" | ") {
            Some((whole, rest)) => {
                format!("{whole} :{}", rest.split_once(" :").map_or("", |x| x.1))
            }
            None => e.clone(),
        })
        .collect();
    wholes.dedup();
    assert_eq!(
        wholes,
        sorted(&[
            "0..1 : {n: 0}",
            "1/8..9/8 : {n: 12}",
            "1/4..5/4 : {n: 24}",
            "-7/8..1/8 : {n: 12}",
            "-3/4..1/4 : {n: 24}",
        ])
    );
    // plyWith 3 f: each event thrice in its span, through f 0, 1 and 2 times.
    assert_eq!(
        events("plyWith 3 (|+ n 1) $ n \"0 10\"", "0", "1"),
        sorted(&[
            "0..1/6 : {n: 0}",
            "1/6..1/3 : {n: 1}",
            "1/3..1/2 : {n: 2}",
            "1/2..2/3 : {n: 10}",
            "2/3..5/6 : {n: 11}",
            "5/6..1 : {n: 12}",
        ])
    );
    assert_eq!(
        events("inv \"t f\"", "0", "1"),
        sorted(&["0..1/2 : f", "1/2..1 : t"])
    );
}

#[test]
fn fix_unfix_and_contrast_choose_events_by_their_controls() {
    // Tidal: contrastBy (==) f f' p p' = overlay (f matched) (f' unmatched), matching an
    // event when the controls of `p` at its onset are a submap of its own.
    expect(
        "fix (# crush 3) (n \"[1,4]\") $ n \"0 1 2 3 4\"",
        "0",
        "1",
        &[
            "0..1/5 : {n: 0}",
            "1/5..2/5 : {crush: 3, n: 1}",
            "2/5..3/5 : {n: 2}",
            "3/5..4/5 : {n: 3}",
            "4/5..1 : {crush: 3, n: 4}",
        ],
    );
    expect(
        "unfix (# crush 3) (n 1) $ n \"0 1\" # s \"arpy\"",
        "0",
        "1",
        &[
            "0..1/2 : {crush: 3, n: 0, s: arpy}",
            "1/2..1 : {n: 1, s: arpy}",
        ],
    );
    expect(
        "contrast (|+ n 12) (|- n 12) (n \"2\") $ n \"0 1 2 [3 4]\"",
        "0",
        "1",
        &[
            "0..1/4 : {n: -12}",
            "1/4..1/2 : {n: -11}",
            "1/2..3/4 : {n: 14}",
            "3/4..7/8 : {n: -9}",
            "7/8..1 : {n: -8}",
        ],
    );
    // The control pattern is read at each onset: `s "<a b>"` matches in alternate cycles.
    expect(
        "fix (# gain 0.5) (s \"<a b>\") $ s \"a b\"",
        "0",
        "2",
        &[
            "0..1/2 : {gain: 0.5, s: a}",
            "1/2..1 : {s: b}",
            "1..3/2 : {s: a}",
            "3/2..2 : {gain: 0.5, s: b}",
        ],
    );
}

#[test]
fn squeeze_inhabit_and_ur_play_named_or_indexed_patterns() {
    expect(
        "squeeze \"0 1\" [\"a b\", \"c\"]",
        "0",
        "1",
        &["0..1/4 : a", "1/4..1/2 : b", "1/2..1 : c"],
    );
    expect(
        "\"a b\" $ inhabit [(\"a\", \"x y\"), (\"b\", \"z\")]",
        "0",
        "1",
        &["0..1/4 : x", "1/4..1/2 : y", "1/2..1 : z"],
    );
    // ur 2: the outer pattern over two cycles; each named pattern made 2x faster plays
    // where its name is, so each plays one of its own cycles per cycle of the result.
    expect(
        "ur 2 \"a b\" [(\"a\", \"x y\"), (\"b\", \"z\")] []",
        "0",
        "2",
        &["0..1/2 : x", "1/2..1 : y", "1..2 : z"],
    );
    // `a:f`: f applied inside the event's span (`inside (1/(e-s)) f`).
    expect(
        "ur 2 \"a:f b\" [(\"a\", \"x y\"), (\"b\", \"z\")] [(\"f\", fast 2)]",
        "0",
        "2",
        &[
            "0..1/4 : x",
            "1/4..1/2 : y",
            "1/2..3/4 : x",
            "3/4..1 : y",
            "1..2 : z",
        ],
    );
}

#[test]
fn wedge_while_trunc_loop_first_stretch_and_space_out() {
    // _wedge t p p' = overlay (_fastGap (1/t) p) (t `rotR` _fastGap (1/(1-t)) p')
    expect(
        "wedge (1/4) \"a\" \"b c\"",
        "0",
        "1",
        &["0..1/4 : a", "1/4..5/8 : b", "5/8..1 : c"],
    );
    // while b f pat = sew b (f pat) pat
    expect(
        "while \"1 0\" (fast 2) \"a b c d\"",
        "0",
        "1",
        &[
            "0..1/8 : a",
            "1/8..1/4 : b",
            "1/4..3/8 : c",
            "3/8..1/2 : d",
            "1/2..3/4 : c",
            "3/4..1 : d",
        ],
    );
    expect(
        "trunc \"<0.75 0.25>\" \"a b c d\"",
        "0",
        "2",
        &["0..1/4 : a", "1/4..1/2 : b", "1/2..3/4 : c", "1..5/4 : a"],
    );
    expect("loopFirst \"<a b c>\"", "1", "3", &["1..2 : a", "2..3 : a"]);
    expect(
        "timeLoop 2 \"<a b c>\"",
        "0",
        "4",
        &["0..1 : a", "1..2 : b", "2..3 : a", "3..4 : b"],
    );
    expect(
        "stretch \"~ 0 1 ~\"",
        "0",
        "1",
        &["0..1/2 : 0", "1/2..1 : 1"],
    );
    // spaceOut [1, 1/2]: once over a cycle, once over half a cycle.
    expect(
        "spaceOut [1, 1/2] \"a b\"",
        "0",
        "3/2",
        &["0..1/2 : a", "1/2..1 : b", "1..5/4 : a", "5/4..3/2 : b"],
    );
}

#[test]
fn distrib_binary_and_ascii_make_boolean_rhythms() {
    expect(
        "distrib [3, 8] \"x\"",
        "0",
        "1",
        &["0..1/8 : x", "3/8..1/2 : x", "3/4..7/8 : x"],
    );
    // layers [bjorklund (2,3), bjorklund (3,8)]: the 2 of 3 placed on the 3 of 8.
    expect(
        "distrib [2, 3, 8] \"x\"",
        "0",
        "1",
        &["0..1/8 : x", "3/8..1/2 : x"],
    );
    expect(
        "binaryN 4 5",
        "0",
        "1",
        &["0..1/4 : f", "1/4..1/2 : t", "1/2..3/4 : f", "3/4..1 : t"],
    );
    // 'a' is 97 = 0b01100001
    let bits: Vec<String> = events("ascii \"a\"", "0", "1")
        .iter()
        .map(|e| e.rsplit(' ').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(bits.len(), 8);
    let mut by_time = events("ascii \"a\"", "0", "1");
    by_time.sort_by_key(|e| t(e.split("..").next().unwrap_or("0")));
    let bits: String = by_time
        .iter()
        .map(|e| if e.ends_with(": t") { '1' } else { '0' })
        .collect();
    assert_eq!(bits, "01100001");
    expect(
        "substruct \"t ~ t\" \"a b\"",
        "0",
        "1",
        &["0..1/6 : a", "1/6..1/3 : b", "2/3..5/6 : a", "5/6..1 : b"],
    );
}

#[test]
fn sample_functions_set_begin_end_pan_and_speed_as_tidal() {
    // _striateBy n f: offset i = p # begin (slot * i) # end (slot * i + f), slot = (1-f)/n
    expect(
        "striateBy 2 0.5 $ s \"x\"",
        "0",
        "1",
        &[
            "0..1/2 : {begin: 0, end: 0.5, s: x}",
            "1/2..1 : {begin: 0.25, end: 0.75, s: x}",
        ],
    );
    // _spin: copy i shifted i/n earlier, panned to i/n
    expect(
        "spin 2 $ s \"a b\"",
        "0",
        "1",
        &[
            "0..1/2 : {pan: 0, s: a}",
            "1/2..1 : {pan: 0, s: b}",
            "0..1/2 : {pan: 0.5, s: b}",
            "1/2..1 : {pan: 0.5, s: a}",
        ],
    );
    // _chew: bite, speed multiplied by 1 / (event duration * n)
    expect(
        "chew 4 \"0 1*2\" $ n \"0 .. 7\"",
        "0",
        "1",
        &[
            "0..1/4 : {n: 0, speed: 0.5}",
            "1/4..1/2 : {n: 1, speed: 0.5}",
            "1/2..5/8 : {n: 2, speed: 1}",
            "5/8..3/4 : {n: 3, speed: 1}",
            "3/4..7/8 : {n: 2, speed: 1}",
            "7/8..1 : {n: 3, speed: 1}",
        ],
    );
    // smash' n xs = slowcat $ map (`slow` _chop n p) xs
    expect(
        "smash' 2 [1, 2] $ s \"x\"",
        "0",
        "2",
        &[
            "0..1/2 : {begin: 0, end: 0.5, s: x}",
            "1/2..1 : {begin: 0.5, end: 1, s: x}",
            "1..2 : {begin: 0, end: 0.5, s: x}",
        ],
    );
    // randslice: one slice per cycle, the index floor (rand * n) at the cycle's middle.
    let k = (time_to_rand(t("1/2")) * 4.0).floor();
    let (b, e) = (k / 4.0, (k + 1.0) / 4.0);
    expect(
        "randslice 4 $ s \"x\"",
        "0",
        "1",
        &[&format!("0..1 : {{begin: {b}, end: {e}, s: x}}")],
    );
    expect(
        "s \"x\" # grain 0.25 0.5",
        "0",
        "1",
        &["0..1 : {begin: 0.25, end: 0.75, s: x}"],
    );
}

#[test]
fn stutter_ghost_and_fold_every_layer_copies() {
    // stutter n t p = stack $ map (\i -> (t * i) `rotR` p) [0 .. n-1]
    expect_onsets(
        "stutter 3 (1/8) \"a ~\"",
        "0",
        "1",
        &["0 : a", "1/8 : a", "1/4 : a"],
    );
    // ghost = ghost' 0.125: copies 1.5a and 2.5a later through
    // (|*| gain 0.7) . (|> end 0.2) . (|*| speed 1.25)
    expect_onsets(
        "ghost $ s \"~ sn\"",
        "1/2",
        "1",
        &[
            "1/2 : {s: sn}",
            "11/16 : {end: 0.2, gain: 0.7, s: sn, speed: 1.25}",
            "13/16 : {end: 0.2, gain: 0.7, s: sn, speed: 1.25}",
        ],
    );
    // foldEvery [2, 3] f p = _every 2 f (_every 3 f p)
    expect(
        "foldEvery [2, 3] (fast 2) \"a\"",
        "0",
        "4",
        &[
            "0..1/4 : a",
            "1/4..1/2 : a",
            "1/2..1 : a",
            "1..2 : a",
            "2..5/2 : a",
            "5/2..3 : a",
            "3..7/2 : a",
            "7/2..4 : a",
        ],
    );
}

#[test]
fn numeric_helpers_follow_tidal() {
    expect(
        "scan 3",
        "0",
        "3",
        &[
            "0..1 : 0",
            "1..3/2 : 0",
            "3/2..2 : 1",
            "2..7/3 : 0",
            "7/3..8/3 : 1",
            "8/3..3 : 2",
        ],
    );
    // Haskell's round: halves to even
    expect(
        "quantise 1 \"0.5 1.5 2.5 1.2\"",
        "0",
        "1",
        &["0..1/4 : 0", "1/4..1/2 : 2", "1/2..3/4 : 2", "3/4..1 : 1"],
    );
    let r = events("rangex 20 2000 \"0 0.5 1\"", "0", "1");
    let vals: Vec<f64> = r
        .iter()
        .map(|e| {
            e.rsplit(' ')
                .next()
                .and_then(|x| x.parse().ok())
                .unwrap_or(f64::NAN)
        })
        .collect();
    for (got, want) in vals.iter().zip([20.0, 200.0, 2000.0]) {
        assert!((got - want).abs() < 1e-9, "{got} vs {want}");
    }
    // smooth: linear from each value to the next, at the middle of each query
    expect(
        "segment 4 $ smooth \"0 1\"",
        "0",
        "1",
        &[
            "0..1/4 : 0.25",
            "1/4..1/2 : 0.75",
            "1/2..3/4 : 0.75",
            "3/4..1 : 0.25",
        ],
    );
    expect(
        "fastSqueeze \"1 2\" \"a b\"",
        "0",
        "1",
        &[
            "0..1/4 : a",
            "1/4..1/2 : b",
            "1/2..5/8 : a",
            "5/8..3/4 : b",
            "3/4..7/8 : a",
            "7/8..1 : b",
        ],
    );
    // cycleChoose = segment 1 . choose: one pick per cycle, rand at the cycle's middle
    let xs = [0, 2, 3];
    for c in 0..3i64 {
        let k = (time_to_rand(Time::new(2 * c + 1, 2)) * 3.0).floor() as usize;
        let from = c.to_string();
        let to = (c + 1).to_string();
        expect(
            "cycleChoose [0, 2, 3]",
            &from,
            &to,
            &[&format!("{c}..{} : {}", c + 1, xs[k])],
        );
    }
}

#[test]
fn tidal_order_chains_belong_to_the_pattern() {
    // In Tidal `#` binds tighter than `$`: fast 2 $ (s "bd sn" # n "0 1").
    expect(
        "fast 2 $ s \"bd sn\" # n \"0 1\"",
        "0",
        "1",
        &[
            "0..1/4 : {n: 0, s: bd}",
            "1/4..1/2 : {n: 1, s: sn}",
            "1/2..3/4 : {n: 0, s: bd}",
            "3/4..1 : {n: 1, s: sn}",
        ],
    );
    // Phonon's order keeps `#` on the whole left side.
    expect(
        "s \"bd sn\" $ fast 2 # n \"0 1\"",
        "0",
        "1",
        &[
            "0..1/4 : {n: 0, s: bd}",
            "1/4..1/2 : {n: 0, s: sn}",
            "1/2..3/4 : {n: 1, s: bd}",
            "3/4..1 : {n: 1, s: sn}",
        ],
    );
    // Haskell's `f $ x` = `f x` for functions given their last argument by `$`.
    expect(
        "sound $ shuffle 3 \"bd sn hh\"",
        "0",
        "1",
        &events("sound (shuffle 3 \"bd sn hh\")", "0", "1")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    expect(
        "every 2 (const $ \"x*2\") $ \"a\"",
        "0",
        "2",
        &["0..1/2 : x", "1/2..1 : x", "1..2 : a"],
    );
    expect(
        "layer [id, fast 2] \"a\"",
        "0",
        "1",
        &["0..1 : a", "0..1/2 : a", "1/2..1 : a"],
    );
}

#[test]
fn trigger_aligns_the_pattern_to_when_the_program_was_run() {
    // Tidal: triggerWith f pat = rotR (f evaluationTime) pat; qtrigger rounds up to the
    // next cycle, ftrigger down, mtrigger n up to a multiple of n.
    let at = |expr: &str, now: &str, from: &str, to: &str| -> Vec<String> {
        let e = phonon::lang::check_expr(expr).expect("valid");
        let (p, used) = phonon::lang::eval::with_eval_cycle(t(now), || {
            phonon::lang::eval::eval_pattern(&e).expect("evaluates")
        });
        assert!(used, "{expr} depends on the evaluation time");
        p.onsets(t(from), t(to))
            .iter()
            .map(|h| format!("{} : {}", short(h.part.begin), h.value))
            .collect()
    };
    assert_eq!(
        at("trigger $ \"<a b>\"", "5/2", "5/2", "9/2"),
        ["5/2 : a", "7/2 : b"]
    );
    assert_eq!(
        at("qtrigger $ \"<a b>\"", "5/2", "3", "5"),
        ["3 : a", "4 : b"]
    );
    assert_eq!(
        at("ftrigger $ \"<a b>\"", "5/2", "2", "4"),
        ["2 : a", "3 : b"]
    );
    assert_eq!(
        at("mtrigger 4 $ \"<a b>\"", "5/2", "4", "6"),
        ["4 : a", "5 : b"]
    );
    // rendered from the start, the evaluation time is 0: trigger changes nothing
    expect("trigger $ \"<a b>\"", "0", "2", &["0..1 : a", "1..2 : b"]);
}

#[test]
fn cosine_is_the_sine_a_quarter_cycle_later_and_rot_keeps_fragments() {
    // Tidal: cosine = 0.25 `rotR` sine, so at 1/8 it is sine (-1/8) = (1 - cos (pi/4)) / 2.
    let vals: Vec<f64> = events("segment 4 cosine", "0", "1")
        .iter()
        .map(|e| {
            e.rsplit(' ')
                .next()
                .and_then(|x| x.parse().ok())
                .unwrap_or(f64::NAN)
        })
        .collect();
    let c = std::f64::consts::FRAC_1_SQRT_2;
    for (got, want) in vals.iter().zip([
        (1.0 - c) / 2.0,
        (1.0 + c) / 2.0,
        (1.0 + c) / 2.0,
        (1.0 - c) / 2.0,
    ]) {
        assert!((got - want).abs() < 1e-12, "{vals:?}");
    }
    // Tidal's _rot rotates the values of every event of the cycle, fragments included.
    expect(
        "rot 1 $ slow 2 \"a b c\"",
        "0",
        "2",
        &[
            "0..2/3 : b",
            "2/3..4/3 | 2/3..1 : a",
            "2/3..4/3 | 1..4/3 : c",
            "4/3..2 : b",
        ],
    );
}

#[test]
fn euclid_legato_holds_each_pulse_until_the_next() {
    // Strudel's _euclidLegato (Tidal 1.9 has none): bjorklund (3,8) = x..x..x. gives
    // lengths 3, 3, 2 steps; the rotation moves it later.
    expect(
        "euclidLegato 3 8 \"a\"",
        "0",
        "1",
        &["0..3/8 : a", "3/8..3/4 : a", "3/4..1 : a"],
    );
    expect_onsets(
        "euclidLegatoRot 3 8 1 \"a\"",
        "0",
        "1",
        &["1/8 : a", "1/2 : a", "7/8 : a"],
    );
    // euclidOffFull k n r p p': p on the pulses, p' in the gaps, both rotated left r steps
    expect_onsets(
        "euclidOffFull 3 8 2 \"x\" \"o\"",
        "0",
        "1",
        &[
            "0 : o", "1/8 : x", "1/4 : o", "3/8 : o", "1/2 : x", "5/8 : o", "3/4 : x", "7/8 : o",
        ],
    );
}

#[test]
fn list_and_sample_name_builders() {
    expect(
        "listToPat [0, 2, 7]",
        "0",
        "1",
        &["0..1/3 : 0", "1/3..2/3 : 2", "2/3..1 : 7"],
    );
    expect("fromList [0, 2]", "0", "2", &["0..1 : 0", "1..2 : 2"]);
    // samples = liftA2 pick: structure from both
    expect(
        "sound (samples \"arpy*2\" \"0 3\")",
        "0",
        "1",
        &["0..1/2 : {n: 0, s: arpy}", "1/2..1 : {n: 3, s: arpy}"],
    );
    expect(
        "s \"x\" # grain' \"0.2:0.3\"",
        "0",
        "1",
        &["0..1 : {begin: 0.2, end: 0.3, s: x}"],
    );
}

#[test]
fn time_shorthands_and_boolean_euclid_follow_tidal() {
    // Tidal's Rational parser: q = 1/4, 3q = 3/4, e = 1/8, s = 1/16 ...
    expect(
        "compress (\"q\", \"3q\") \"a b\"",
        "0",
        "1",
        &["1/4..1/2 : a", "1/2..3/4 : b"],
    );
    expect_onsets("late \"e\" \"a\"", "0", "1", &["1/8 : a"]);
    expect_onsets("late \"0.5s\" \"a\"", "0", "1", &["1/32 : a"]);
    // _euclidBool: the steps off the rhythm hold the negation, so inv plays them.
    expect_onsets(
        "struct (inv \"t(3,8)\") \"x\"",
        "0",
        "1",
        &["1/8 : x", "1/4 : x", "1/2 : x", "5/8 : x", "7/8 : x"],
    );
    expect_onsets(
        "stitch \"t(3,8)\" 1 0",
        "0",
        "1",
        &[
            "0 : 1", "1/8 : 0", "1/4 : 0", "3/8 : 1", "1/2 : 0", "5/8 : 0", "3/4 : 1", "7/8 : 0",
        ],
    );
}
