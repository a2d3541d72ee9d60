//! Tidal 1.9's tonal functions (`Sound.Tidal.Scales`, `Sound.Tidal.UI`, v1.9.5). The
//! expectations are worked out by hand from Tidal's definitions:
//!
//! - `getScale table sp p = (\n name -> noteInScale (fromMaybe [0] $ lookup name table) n)
//!   <$> p <* sp`, with `octave s x = x `div` length s` and `noteInScale s x = (s !!! x) +
//!   fromIntegral (12 * octave s x)` (`!!!` indexes `mod` the length); `scale = getScale
//!   scaleTable`. Structure comes from the numbers; `div` and `mod` floor.
//! - `toScale' o s = fmap noteInScale` with `noteInScale x = (s !!! x) + fromIntegral (o *
//!   octave x)`, `toScale' _ [] = const silence`, `toScale = toScale' 12`.
//! - `rolledBy pt = tParam rolledWith (segment 1 $ pt)`, `rolled = rolledBy (1/4)`;
//!   `rolledWith t` groups neighbouring events of a query that share a whole (the list
//!   reversed first when `t` is not positive; Phonon groups them wherever they are), and
//!   moves the start `s` of the `n`-th of `d` events of a group, whole `s..e`, to
//!   `s + n * (e - s) / ((1 / abs t) * d)`, keeping the end; the part is the old part cut
//!   to the new whole (`subArc`), and the event is dropped when they do not meet. `t = 0`
//!   and continuous events are left alone.
//!
//! Notation: `begin..end : value` for a whole event, `whole | part : value` for a fragment.

mod support;

use phonon::pattern::Time;
use support::patterns::*;

/// The values of one cycle's events, in time order (each event whole in the cycle).
fn values(expr: &str) -> Vec<String> {
    let mut haps = pattern_of(expr).query_span(Time::ZERO, Time::ONE);
    haps.sort_by_key(|h| h.part.begin);
    haps.into_iter().map(|h| h.value.to_string()).collect()
}

fn expect_values(expr: &str, want: &[f64]) {
    let want: Vec<String> = want.iter().map(|x| x.to_string()).collect();
    assert_eq!(values(expr), want, "{expr}");
}

#[test]
fn scale_major_steps_through_one_octave_and_into_the_next() {
    // major = [0,2,4,5,7,9,11]; 7 `div` 7 = 1, 7 `mod` 7 = 0: 0 + 12.
    expect(
        "scale \"major\" \"0 .. 7\"",
        "0",
        "1",
        &[
            "0..1/8 : 0",
            "1/8..1/4 : 2",
            "1/4..3/8 : 4",
            "3/8..1/2 : 5",
            "1/2..5/8 : 7",
            "5/8..3/4 : 9",
            "3/4..7/8 : 11",
            "7/8..1 : 12",
        ],
    );
    // As a control, with the pattern inside `n`.
    expect(
        "n (scale \"major\" \"0 2\")",
        "0",
        "1",
        &["0..1/2 : {n: 0}", "1/2..1 : {n: 4}"],
    );
    // Tidal's order with the pattern last also works after `$`.
    expect_values("\"0 4\" $ scale \"major\"", &[0.0, 7.0]);
}

#[test]
fn scale_wraps_negative_and_large_steps_into_other_octaves() {
    // major: -1 -> (!!! 6) 11 + 12 * (-1) = -1; -7 -> 0 - 12; -8 -> 11 - 24;
    // 14 -> 0 + 24; 15 -> 2 + 24; 100 -> 100 `div` 7 = 14, `mod` 2: 4 + 168.
    expect_values(
        "scale \"major\" \"-1 -7 -8 14 15 100\"",
        &[-1.0, -12.0, -13.0, 24.0, 26.0, 172.0],
    );
    // minPent = [0,3,5,7,10] (5 steps): 5 -> 12, -1 -> 10 - 12, -6 -> 10 - 24.
    expect_values("scale \"minPent\" \"5 -1 -6\"", &[12.0, -2.0, -14.0]);
}

#[test]
fn scale_knows_tidals_names_aliases_and_quarter_tones() {
    // ionian is major; hexSus = [0,2,5,7,9,10]; 6 steps, so 6 -> 12.
    expect_values("scale \"ionian\" \"2 6\"", &[4.0, 11.0]);
    expect_values(
        "scale \"hexSus\" \"0 1 2 3 4 5 6\"",
        &[0.0, 2.0, 5.0, 7.0, 9.0, 10.0, 12.0],
    );
    // whole and wholetone are whole' = [0,2,4,6,8,10]; octatonic is diminished.
    expect_values("scale \"wholetone\" \"5 6\"", &[10.0, 12.0]);
    expect_values("scale \"octatonic\" \"7 8\"", &[10.0, 12.0]);
    // messiaen7 has 10 steps: 9 -> 11, 10 -> 12; chromatic -1 -> 11 - 12.
    expect_values("scale \"messiaen7\" \"9 10\"", &[11.0, 12.0]);
    expect_values("scale \"chromatic\" \"-1 13\"", &[-1.0, 13.0]);
    // bayati = [0, 1.5, 3, 5, 7, 8, 10]: 1 -> 1.5, 8 -> 1.5 + 12.
    expect_values("scale \"bayati\" \"1 8\"", &[1.5, 13.5]);
    // A note name is a step as Tidal's `Pattern Int` reads it: e = 4 -> major 7.
    expect_values("scale \"major\" \"e\"", &[7.0]);
}

#[test]
fn an_unknown_scale_has_one_step_per_octave() {
    // `fromMaybe [0]`: step k is 0 + 12 * k. "techno" is not in Tidal's scaleTable (the
    // docs add it with `getScale`), so it is unknown here as in Tidal.
    expect_values(
        "scale \"techno\" \"0 1 2 3 4 5 6 7\"",
        &[0.0, 12.0, 24.0, 36.0, 48.0, 60.0, 72.0, 84.0],
    );
    expect_values("scale \"Major\" \"-1 2\"", &[-12.0, 24.0]);
}

#[test]
fn the_scale_name_is_a_pattern_sampled_over_each_step() {
    // `<*`: structure from the numbers; cycle 0 major, cycle 1 minor = [0,2,3,5,7,8,10].
    expect_values("scale \"<major minor>\" \"2 5 6\"", &[4.0, 9.0, 11.0]);
    expect(
        "scale \"<major minor>\" \"2 5 6\"",
        "1",
        "2",
        &["1..4/3 : 3", "4/3..5/3 : 8", "5/3..2 : 10"],
    );
    // A name changing during a step splits it: parts cut, whole kept (appLeft).
    expect(
        "scale \"major minor\" \"5\"",
        "0",
        "1",
        &["0..1 | 0..1/2 : 9", "0..1 | 1/2..1 : 8"],
    );
    // Rests in the numbers stay rests.
    expect("scale \"minor\" \"~ 2\"", "0", "1", &["1/2..1 : 3"]);
}

#[test]
fn to_scale_uses_the_given_steps() {
    // toScale [0,2,3,5,7,8,10]: 7 -> 0 + 12.
    expect_values(
        "toScale [0,2,3,5,7,8,10] \"0 1 2 3 4 5 6 7\"",
        &[0.0, 2.0, 3.0, 5.0, 7.0, 8.0, 10.0, 12.0],
    );
    // toScale [0,4,7] "0 1 2 3" is "0 4 7 12" (Tidal's doc); negatives:
    // -1 -> 7 - 12, -3 -> 0 - 12, -4 -> (-4 `mod` 3 = 2) 7 - 24.
    expect_values("toScale [0, 4, 7] \"0 1 2 3\"", &[0.0, 4.0, 7.0, 12.0]);
    expect_values("toScale [0, 4, 7] \"-1 -3 -4\"", &[-5.0, -12.0, -17.0]);
    // Steps need not be sorted or whole: toScale [7, 0.5] "1 2" -> 0.5, 7 + 12.
    expect_values("toScale [7, 0.5] \"1 2\"", &[0.5, 19.0]);
    expect(
        "n (toScale [0, 4, 7] \"0 ~ 5\")",
        "0",
        "1",
        &["0..1/3 : {n: 0}", "2/3..1 : {n: 19}"],
    );
    // An empty scale is silence.
    assert!(events("toScale [] \"0 1\"", "0", "1").is_empty());
}

#[test]
fn to_scale_prime_takes_the_octave_size() {
    // toScale' 24 [0,4,7,10,14,17] (run 8) is "0 4 7 10 14 17 24 28" (Tidal's doc).
    expect_values(
        "toScale' 24 [0,4,7,10,14,17] (run 8)",
        &[0.0, 4.0, 7.0, 10.0, 14.0, 17.0, 24.0, 28.0],
    );
    // octave 10, [0,3]: 2 -> 0 + 10, -1 -> 3 - 10, -3 -> 3 - 20.
    expect_values("toScale' 10 [0, 3] \"2 -1 -3\"", &[10.0, -7.0, -17.0]);
}

#[test]
fn rolled_starts_the_notes_of_a_chord_over_its_first_quarter() {
    // t = 1/4, d = 3: note n starts at n * (1 - 0) / (4 * 3) = n/12; ends stay at 1.
    expect(
        "rolled $ n \"[0,4,7]\"",
        "0",
        "2",
        &[
            "0..1 : {n: 0}",
            "1/12..1 : {n: 4}",
            "1/6..1 : {n: 7}",
            "1..2 : {n: 0}",
            "13/12..2 : {n: 4}",
            "7/6..2 : {n: 7}",
        ],
    );
    // In the chord's order, not sorted: a'm9'8 is 9 12 16 19 23 21 24 28, 1/32 apart.
    let got = values("rolled $ n \"<a'm9'8 e'7sus4'8>\" # s \"superpiano\"");
    let want: Vec<String> = [9, 12, 16, 19, 23, 21, 24, 28]
        .iter()
        .map(|n| format!("{{n: {n}, s: superpiano}}"))
        .collect();
    assert_eq!(got, want);
    expect(
        "rolled $ n \"<a'm9'8 e'7sus4'8>\"",
        "0",
        "1/16",
        &["0..1 | 0..1/16 : {n: 9}", "1/32..1 | 1/32..1/16 : {n: 12}"],
    );
}

#[test]
fn rolled_cuts_fragments_to_the_new_whole() {
    // A query before a note's new start drops it; a later one gives it from its onset.
    expect(
        "rolled $ n \"[0,4,7]\"",
        "0",
        "1/12",
        &["0..1 | 0..1/12 : {n: 0}"],
    );
    expect(
        "rolled $ n \"[0,4,7]\"",
        "1/24",
        "1/8",
        &["0..1 | 1/24..1/8 : {n: 0}", "1/12..1 | 1/12..1/8 : {n: 4}"],
    );
    // A chord two cycles long, seen in its second cycle: n * 2 / 12.
    expect(
        "rolled $ slow 2 $ n \"[0,4,7]\"",
        "1",
        "2",
        &[
            "0..2 | 1..2 : {n: 0}",
            "1/6..2 | 1..2 : {n: 4}",
            "1/3..2 | 1..2 : {n: 7}",
        ],
    );
}

#[test]
fn rolled_groups_each_chord_by_its_whole() {
    // Two chords a cycle: each rolls within its half, n * (1/2) / 12.
    expect(
        "rolled $ n \"[0,4,7]*2\"",
        "0",
        "1",
        &[
            "0..1/2 : {n: 0}",
            "1/24..1/2 : {n: 4}",
            "1/12..1/2 : {n: 7}",
            "1/2..1 : {n: 0}",
            "13/24..1 : {n: 4}",
            "7/12..1 : {n: 7}",
        ],
    );
    // Notes one after another are chords of one: nothing moves.
    expect(
        "rolled $ n \"0 4 7\"",
        "0",
        "1",
        &["0..1/3 : {n: 0}", "1/3..2/3 : {n: 4}", "2/3..1 : {n: 7}"],
    );
    // Continuous events are left as they are.
    assert_eq!(events("rolled $ rand", "0", "1"), events("rand", "0", "1"));
}

#[test]
fn rolled_by_takes_the_length_and_direction_of_the_roll() {
    // t = 1/6, d = 6 (ds'min11 = 3 + [0,3,7,10,14,17]): n * (1/6) / 6 = n/36.
    expect(
        "rolledBy (1/6) $ n \"ds'min11\"",
        "0",
        "1",
        &[
            "0..1 : {n: 3}",
            "1/36..1 : {n: 6}",
            "1/18..1 : {n: 10}",
            "1/12..1 : {n: 13}",
            "1/9..1 : {n: 17}",
            "5/36..1 : {n: 20}",
        ],
    );
    // Negative: the events reversed, so the top note first.
    expect(
        "rolledBy \"-0.25\" $ n \"[0,4,7]\"",
        "0",
        "1",
        &["0..1 : {n: 7}", "1/12..1 : {n: 4}", "1/6..1 : {n: 0}"],
    );
    // Patterned, one value per cycle (segment 1): 1, -1/4, 1/4, 1/2.
    expect(
        "rolledBy \"<1 -0.25 0.25 0.5>\" $ n \"[0,4,7]\"",
        "0",
        "4",
        &[
            "0..1 : {n: 0}",
            "1/3..1 : {n: 4}",
            "2/3..1 : {n: 7}",
            "1..2 : {n: 7}",
            "13/12..2 : {n: 4}",
            "7/6..2 : {n: 0}",
            "2..3 : {n: 0}",
            "25/12..3 : {n: 4}",
            "13/6..3 : {n: 7}",
            "3..4 : {n: 0}",
            "19/6..4 : {n: 4}",
            "10/3..4 : {n: 7}",
        ],
    );
    // Past the end: 1.5 * n / 3 puts the third note at 1, an empty whole, dropped.
    expect(
        "rolledBy 1.5 $ n \"[0,4,7]\"",
        "0",
        "1",
        &["0..1 : {n: 0}", "1/2..1 : {n: 4}"],
    );
    // Zero changes nothing.
    expect(
        "rolledBy 0 $ n \"[0,4,7]\"",
        "0",
        "1",
        &["0..1 : {n: 0}", "0..1 : {n: 4}", "0..1 : {n: 7}"],
    );
}
