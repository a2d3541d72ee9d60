//! Control patterns and the voices they start, measured as a listener hears them: the `#`
//! family against Tidal's results, pitch from `n`/`note`/`octave`/`accelerate`, `cut`,
//! the orbit's reverb and delay, per-voice filters, (no allocation with 256 voices: `render_alloc.rs`).

mod support;

use phonon::lang;
use phonon::lang::eval::eval_pattern;
use phonon::pattern::Time;
use support::*;

/// The events of a control pattern over cycle 0, as `begin-end {controls}` lines.
fn events(expr: &str) -> Vec<String> {
    let checked =
        lang::check_expr(expr).unwrap_or_else(|d| panic!("{}", lang::render_all(&d, None, expr)));
    let p = eval_pattern(&checked).unwrap_or_else(|d| panic!("{}", d.render(None, expr)));
    let mut haps = p.query_span(Time::ZERO, Time::ONE);
    haps.sort_by_key(|h| h.part.begin);
    haps.iter()
        .map(|h| format!("{}-{} {}", h.part.begin, h.part.end, h.value))
        .collect()
}

#[test]
fn the_hash_family_combines_controls_as_tidal_does() {
    // Tidal 1.9: `#` = `|>` (structure from the left, values from the right).
    assert_eq!(
        events("n \"0 2 4\" # s \"superpiano\""),
        [
            "0/1-1/3 {n: 0, s: superpiano}",
            "1/3-2/3 {n: 2, s: superpiano}",
            "2/3-1/1 {n: 4, s: superpiano}"
        ]
    );
    // `|+` adds per key (structure from the left); keys on one side are kept.
    assert_eq!(
        events("n \"0 2\" |+ n 12 # s \"x\""),
        ["0/1-1/2 {n: 12, s: x}", "1/2-1/1 {n: 14, s: x}"]
    );
    // `<|`: structure from the right, values from the left.
    assert_eq!(
        events("s \"drum\" <| n \"0 1 2\""),
        [
            "0/1-1/3 {n: 0, s: drum}",
            "1/3-2/3 {n: 1, s: drum}",
            "2/3-1/1 {n: 2, s: drum}"
        ]
    );
    // `|*` on a shared key; `|<` keeps the left's value of a shared key.
    assert_eq!(
        events("s \"bd\" # speed 2 |* speed 1.5"),
        ["0/1-1/1 {s: bd, speed: 3}"]
    );
    assert_eq!(events("s \"bd\" # n 1 |< n 5"), ["0/1-1/1 {n: 1, s: bd}"]);
    // `+` on `n` takes structure from both sides; `|%|` is the floored remainder.
    assert_eq!(
        events("n \"0 1\" + n \"10 20 30\""),
        [
            "0/1-1/3 {n: 10}",
            "1/3-1/2 {n: 20}",
            "1/2-2/3 {n: 21}",
            "2/3-1/1 {n: 31}"
        ]
    );
    assert_eq!(
        events("n \"-1 5\" |%| n 3"),
        ["0/1-1/2 {n: 2}", "1/2-1/1 {n: 2}"]
    );
    // Words given to `s` split a sample index; note names are semitones from c.
    assert_eq!(events("s \"bd:3\""), ["0/1-1/1 {n: 3, s: bd}"]);
    assert_eq!(
        events("note \"c e g a5\""),
        [
            "0/1-1/4 {note: 0}",
            "1/4-1/2 {note: 4}",
            "1/2-3/4 {note: 7}",
            "3/4-1/1 {note: 21}"
        ]
    );
    // After a control pattern `lpf` sets Tidal's `cutoff` (and `resonance`).
    assert_eq!(
        events("s \"bd\" # lpf 800 0.2"),
        ["0/1-1/1 {cutoff: 800, resonance: 0.2, s: bd}"]
    );
    // A transform's `(# lpf 500)` acts per event.
    let some = events("sometimesBy 0.5 (# lpf 500) $ s \"bd*8\"");
    let filtered = some.iter().filter(|e| e.contains("cutoff: 500")).count();
    assert!((1..8).contains(&filtered), "{some:?}");
    // A bare oscillator is Tidal's continuous pattern, sampled over each event.
    assert_eq!(
        events("s \"a*4\" # pan saw"),
        [
            "0/1-1/4 {pan: 0.125, s: a}",
            "1/4-1/2 {pan: 0.375, s: a}",
            "1/2-3/4 {pan: 0.625, s: a}",
            "3/4-1/1 {pan: 0.875, s: a}"
        ]
    );
}

/// Frequency of a steady tone between `from` and `to` seconds.
fn pitch(x: &[f32], from: f64, to: f64) -> f64 {
    let r = RATE as f64;
    crossings_per_second(&x[(from * r) as usize..(to * r) as usize])
}

#[test]
fn n_note_up_and_octave_pitch_a_synth_voice() {
    // One cycle = 2 s (cps 0.5).
    let r = render_src("out: n \"0 12\" # s \"sine\"", 2.0, 256);
    let (a, b) = (pitch(&r.main[0], 0.2, 0.9), pitch(&r.main[0], 1.2, 1.9));
    assert!((a - 261.63).abs() < 2.0, "n 0: {a:.1} Hz");
    assert!((b - 523.25).abs() < 3.0, "n 12: {b:.1} Hz");
    let r = render_src("out: note \"a\" # s \"saw\" # octave 4", 2.0, 256);
    let f = pitch(&r.main[0], 0.2, 1.8);
    assert!((f - 220.0).abs() < 2.0, "a, octave 4: {f:.1} Hz");
    let r = render_src("out: s \"triangle\" # up 7 # speed 2", 2.0, 256);
    let f = pitch(&r.main[0], 0.2, 1.8);
    assert!((f - 783.99).abs() < 5.0, "up 7, speed 2: {f:.1} Hz");
}

#[test]
fn accelerate_bends_the_pitch_over_the_voice() {
    let r = render_src("out: s \"sine\" # accelerate 1", 2.0, 256);
    let (start, end) = (pitch(&r.main[0], 0.05, 0.25), pitch(&r.main[0], 1.75, 1.95));
    assert!((start - 280.0).abs() < 25.0, "start {start:.1} Hz");
    assert!(
        (end - 510.0).abs() < 25.0,
        "end {end:.1} Hz (doubling over the note)"
    );
    // On a sample, the rate rises: the same sample ends sooner.
    let plain = render_src("out: s \"arpy\"", 2.0, 256);
    let fast = render_src("out: s \"arpy\" # accelerate 2", 2.0, 256);
    let last = |x: &[f32]| x.iter().rposition(|v| v.abs() > 1e-4).unwrap_or(0);
    assert!(
        (last(&fast.main[0]) as f64) < 0.75 * last(&plain.main[0]) as f64,
        "{} vs {}",
        last(&fast.main[0]),
        last(&plain.main[0])
    );
}

#[test]
fn cut_stops_the_voices_of_its_group() {
    // The second event of the cycle cuts the first one's ring.
    let ring = render_src("out: s \"arpy arpy:1\" # speed 0.1", 2.0, 256);
    let cut = render_src("out: s \"arpy arpy:1\" # speed 0.1 # cut 1", 2.0, 256);
    let overlap = |x: &[f32]| rms(&x[(1.0 * RATE) as usize..(1.5 * RATE) as usize]);
    let alone = render_src("out: s \"~ arpy:1\" # speed 0.1", 2.0, 256);
    let (o_ring, o_cut, o_alone) = (
        overlap(&ring.main[0]),
        overlap(&cut.main[0]),
        overlap(&alone.main[0]),
    );
    assert!(
        o_ring > 1.2 * o_alone,
        "without cut both sound: {o_ring} vs {o_alone}"
    );
    assert!(
        (o_cut - o_alone).abs() < 0.02 * o_alone + 1e-6,
        "with cut only the second: {o_cut} vs {o_alone}"
    );
}

#[test]
fn room_sends_to_the_orbit_reverb_and_delay_echoes_at_delaytime() {
    let dry = render_src("out: s \"cp ~ ~ ~\"", 2.0, 256);
    let wet = render_src("out: s \"cp ~ ~ ~\" # room 0.5 # size 0.8", 2.0, 256);
    let tail = |x: &[f32]| rms(&x[(0.4 * RATE) as usize..(1.0 * RATE) as usize]);
    assert!(
        tail(&wet.main[0]) > 30.0 * tail(&dry.main[0]) + 1e-4,
        "a reverb tail"
    );
    // The dry sound itself is unchanged at its onset.
    let head = |x: &[f32]| x[..480].to_vec();
    assert_eq!(head(&wet.main[0]), head(&dry.main[0]));
    // Delay: echoes after 0.25 s and 0.5 s at the send level, then times the feedback.
    let d = render_src(
        "out: s \"cp ~ ~ ~\" # delay 0.5 # delaytime 0.25 # delayfeedback 0.5",
        2.0,
        256,
    );
    let x = &d.main[0];
    let peak_at = |secs: f64| {
        let i = (secs * RATE as f64) as usize;
        x[i..i + 2400].iter().fold(0.0f32, |m, v| m.max(v.abs()))
    };
    let (p0, p1, p2) = (peak_at(0.0), peak_at(0.25), peak_at(0.5));
    assert!((p1 / p0 - 0.5).abs() < 0.05, "first echo {:.3}", p1 / p0);
    assert!((p2 / p1 - 0.5).abs() < 0.05, "second echo {:.3}", p2 / p1);
    // `dry 1` leaves only the sends.
    let only = render_src("out: s \"cp ~ ~ ~\" # delay 0.5 # dry 1", 2.0, 256);
    assert!(peak_at_of(&only.main[0], 0.0) < 1e-6 && peak_at_of(&only.main[0], 0.25) > 0.01);
}

fn peak_at_of(x: &[f32], secs: f64) -> f32 {
    let i = (secs * RATE as f64) as usize;
    x[i..i + 2400].iter().fold(0.0f32, |m, v| m.max(v.abs()))
}

#[test]
fn per_voice_filters_and_shaping_change_what_is_heard() {
    let plain = render_src("out: s \"saw\"", 1.0, 256);
    let dark = render_src("out: s \"saw\" # cutoff 400", 1.0, 256);
    let bright = render_src("out: s \"saw\" # hcutoff 2000", 1.0, 256);
    let n = 4096;
    let (c, d, b) = (
        centroid(&plain.main[0][4800..], n),
        centroid(&dark.main[0][4800..], n),
        centroid(&bright.main[0][4800..], n),
    );
    assert!(d < 0.5 * c, "cutoff darkens: {d:.0} vs {c:.0} Hz");
    assert!(b > 1.5 * c, "hcutoff brightens: {b:.0} vs {c:.0} Hz");
    let shaped = render_src("out: s \"sine\" # shape 0.9", 1.0, 256);
    let clean = render_src("out: s \"sine\"", 1.0, 256);
    assert!(rms(&shaped.main[0]) > 1.5 * rms(&clean.main[0]));
    // `gain`, `amp` and `velocity` multiply; `pan 0` is the left only.
    let soft = render_src(
        "out: s \"sine\" # gain 0.5 # amp 0.5 # velocity 0.5",
        1.0,
        256,
    );
    let ratio = rms(&soft.main[0]) / rms(&clean.main[0]);
    assert!((ratio - 0.125).abs() < 0.005, "{ratio}");
    let left = render_src("out: s \"sine\" # pan 0", 1.0, 256);
    assert!(rms(&left.main[1]) < 1e-6 && rms(&left.main[0]) > 0.1);
}

#[test]
fn a_tidal_line_plays_with_its_orbit_effects_on_every_block_size() {
    let src = "d1 $ n \"0 .. 7\" # s \"arpy\" # room 0.3 # size 0.8 # cutoff 2000 # pan sine\n\
               d2 $ s \"bd*2 [~ cp]\" # orbit 1 # delay 0.3 # delaytime 0.125 # shape 0.3";
    let a = render_src(src, 4.0, 64);
    let b = render_src(src, 4.0, 333);
    let worst = a.main[0]
        .iter()
        .zip(&b.main[0])
        .fold(0.0f32, |m, (x, y)| m.max((x - y).abs()));
    assert!(worst < 1e-5, "block size changes the output by {worst}");
    assert!(rms(&a.main[0]) > 0.01);
}

#[test]
fn a_signal_given_to_a_control_is_read_at_each_onset() {
    // `~g` steps from 0.2 to 1 at the half cycle: the two voices get those gains.
    let src = "~g: \"0.2 1\"\nout: s \"sine*2\" # gain ~g";
    let r = render_src(src, 2.0, 128);
    let x = &r.main[0];
    let (a, b) = (rms(&x[4800..43_200]), rms(&x[52_800..91_200]));
    assert!(
        (b / a - 5.0).abs() < 0.1,
        "gains 0.2 and 1: ratio {:.3}",
        b / a
    );
    // An expression of signals, and `range` of a bus, as Tidal's continuous patterns.
    let src = "~lfo: \"0 1\"\nout: s \"saw*2\" # cutoff (~lfo * 3000 + 300)";
    let r = render_src(src, 2.0, 128);
    let (dark, bright) = (
        centroid(&r.main[0][4800..], 4096),
        centroid(&r.main[0][52_800..], 4096),
    );
    assert!(
        bright > 2.0 * dark,
        "cutoff 300 then 3300: {dark:.0} vs {bright:.0} Hz"
    );
    let src = "~lfo: \"0 1\"\nout: s \"sine*2\" # gain (range 0.2 1 ~lfo)";
    let r = render_src(src, 2.0, 128);
    let x = &r.main[0];
    // `range` maps a signal's -1..1: 0 → 0.6, 1 → 1.
    let ratio = rms(&x[52_800..91_200]) / rms(&x[4800..43_200]);
    assert!((ratio - 1.0 / 0.6).abs() < 0.05, "{ratio:.3}");
}

#[test]
fn a_bus_holding_a_control_pattern_continues_with_hash() {
    let via_bus = render_src(
        "~chopped: s \"sine*2\" $ chop 2\nout: ~chopped # gain 0.5 # speed 2",
        2.0,
        256,
    );
    let direct = render_src("out: s \"sine*2\" $ chop 2 # gain 0.5 # speed 2", 2.0, 256);
    assert!(rms(&direct.main[0]) > 0.05);
    assert_eq!(via_bus.main, direct.main);
}

#[test]
fn tidal_statements_d9_to_d16_setcps_and_pasted_spaces() {
    // `d9`..`d16` mix into the main output; `setcps` sets the tempo without a colon; a
    // no-break space (pasted from documentation) is a space.
    let tidal = render_src(
        "setcps (120/60/4)\nd9 $ s \"sine\"\nd16\u{a0}$ s \"~ saw\"",
        2.0,
        256,
    );
    let plain = render_src(
        "cps: 0.5\n~a: s \"sine\"\n~b: s \"~ saw\"\nout: ~a + ~b",
        2.0,
        256,
    );
    let worst = tidal.main[0]
        .iter()
        .zip(&plain.main[0])
        .fold(0.0f32, |m, (a, b)| m.max((a - b).abs()));
    assert!(rms(&plain.main[0]) > 0.05 && worst < 1e-6, "{worst}");
    assert!(tidal.numbered.iter().all(|o| o.is_none()));
}

#[test]
fn synth_parameters_come_from_the_controls_of_their_name() {
    // superpiano's own `velocity`: softer and darker, and not applied twice as a gain.
    let soft = render_src("out: n \"0\" # s \"superpiano\" # velocity 0.3", 1.0, 256);
    let hard = render_src("out: n \"0\" # s \"superpiano\" # velocity 1", 1.0, 256);
    let (rs, rh) = (rms(&soft.main[0]), rms(&hard.main[0]));
    assert!(rh > 1.5 * rs && rs > 1e-3, "velocity 0.3: {rs}, 1: {rh}");
    let (cs, ch) = (centroid(&soft.main[0], 8192), centroid(&hard.main[0], 8192));
    assert!(ch > cs, "brighter when harder: {cs:.0} vs {ch:.0} Hz");
    // superhammond's registrations change the balance of its drawbars.
    let a = render_src("out: n \"0\" # s \"superhammond\" # voice 0", 1.0, 256);
    let b = render_src("out: n \"0\" # s \"superhammond\" # voice 5", 1.0, 256);
    let (ca, cb) = (
        centroid(&a.main[0][4800..], 8192),
        centroid(&b.main[0][4800..], 8192),
    );
    assert!((ca - cb).abs() > 0.1 * ca.min(cb), "{ca:.0} vs {cb:.0} Hz");
    // A Tidal line with SuperDirt's library synths plays each at its note.
    let r = render_src("out: n \"12\" # s \"supersquare\"", 2.0, 256);
    let f = crossings_per_second(&r.main[0][9600..86_400]);
    assert!(f > 400.0, "{f}");
}

/// Renders `src` with orbits routed to the numbered outputs.
fn render_orbits(src: &str, seconds: f64, block: usize) -> phonon::render::offline::Rendered {
    let mut p = program(src);
    p.set_orbit_outputs(true);
    phonon::render::offline::render(&mut p, (seconds * RATE as f64) as usize, block, |_| {})
}

#[test]
fn orbits_to_outputs_carry_only_their_own_voices() {
    // Two orbits in one statement, each with its own reverb: output 1 carries orbit 0,
    // output 2 orbit 1, and each equals what that orbit's voices play alone.
    // (quiet enough that the sum stays below the safety stage's knee)
    let both =
        "d1 $ stack [s \"bd*2\" # orbit 0, s \"~ sn\" # orbit 1 # room 0.4 # size 0.7] # gain 0.4";
    let r = render_orbits(both, 2.0, 333);
    let alone0 = render_src(
        "d1 $ stack [s \"bd*2\" # orbit 0, s \"~\" # orbit 1] # gain 0.4",
        2.0,
        333,
    );
    let alone1 = render_src(
        "d1 $ stack [s \"~\" # orbit 0, s \"~ sn\" # orbit 1 # room 0.4 # size 0.7] # gain 0.4",
        2.0,
        333,
    );
    let o1 = r.numbered[0].as_ref().expect("output 1");
    let o2 = r.numbered[1].as_ref().expect("output 2");
    assert!(rms(&o1[0]) > 0.01 && rms(&o2[0]) > 0.01);
    assert_eq!(o1[0], alone0.main[0], "output 1 is orbit 0 alone");
    assert_eq!(
        o2[1], alone1.main[1],
        "output 2 is orbit 1 alone, reverb tail included"
    );
    // The main mix still has everything: the sum of the two orbits.
    let worst = r.main[0]
        .iter()
        .zip(o1[0].iter().zip(&o2[0]))
        .map(|(m, (a, b))| (m - (a + b)).abs())
        .fold(0.0f32, f32::max);
    assert!(worst < 1e-5, "main = orbit 0 + orbit 1 (worst {worst})");
    // Orbits of two statements on the same orbit number share its output; an unused
    // orbit's output is silent.
    let two = render_orbits("d1 $ s \"bd*2\"\nd2 $ s \"~ sn\" # orbit 2", 2.0, 256);
    let o3 = two.numbered[2].as_ref().expect("output 3");
    let o2 = two.numbered[1].as_ref().expect("output 2");
    assert!(rms(&o3[0]) > 0.01);
    assert!(o2[0].iter().all(|x| *x == 0.0), "orbit 1 is not used");
    // Without the routing, outputs carry the statements, as before.
    let plain = render_src("d1 $ s \"bd*2\"\nd2 $ s \"~ sn\" # orbit 2", 2.0, 256);
    assert!(plain.numbered[2].is_none());
    assert!(rms(&plain.numbered[1].as_ref().expect("d2")[0]) > 0.01);
}

#[test]
fn nudge_starts_a_voice_that_many_seconds_late() {
    // SuperDirt adds `nudge` to the event's time: the same sound, 0.1 s (4800 samples) late,
    // whatever the block size; onsets without it are not moved.
    let plain = render_src("d1 $ s \"bd ~\"", 1.0, 256);
    for block in [64, 333] {
        let nudged = render_src("d1 $ s \"bd ~\" # nudge 0.1", 1.0, block);
        let shift = 4800;
        assert!(
            nudged.main[0][..shift].iter().all(|x| *x == 0.0),
            "silent before the nudge"
        );
        assert_eq!(
            &nudged.main[0][shift..],
            &plain.main[0][..plain.main[0].len() - shift],
            "block {block}"
        );
    }
    // Patterned: only the second kick moves.
    let two = render_src("d1 $ s \"bd bd\" # nudge \"0 0.05\"", 2.0, 256);
    let onsets = onsets(&two.main[0], 0.05, 2400);
    assert_eq!(onsets.len(), 2, "{onsets:?}");
    assert!(onsets[0] < 10, "{onsets:?}");
    let expected = 48_000 + 2400;
    assert!(onsets[1].abs_diff(expected) < 10, "{onsets:?}");
}
