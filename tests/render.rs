//! The renderer, measured as a listener would: RMS, pitch, onset times, spectra, and
//! sample equality between renders with different block sizes.

mod support;

use support::*;

#[test]
fn a_440_hz_sine_has_the_right_level_and_pitch() {
    let r = render_src("out: sine 440", 2.0, 512);
    let left = &r.main[0][4800..];
    assert!(
        (rms(left) - std::f64::consts::FRAC_1_SQRT_2).abs() < 0.002,
        "rms {}",
        rms(left)
    );
    let f = crossings_per_second(left);
    assert!((f - 440.0).abs() <= 1.0, "{f} crossings per second");
    assert_eq!(r.main[0], r.main[1], "a mono source is centred");
}

#[test]
fn a_pattern_steps_an_oscillator_frequency() {
    // cps 0.5: each event lasts one second.
    let r = render_src("cps: 0.5\nout: sine \"220 330\"", 2.0, 512);
    let first = crossings_per_second(&r.main[0][4800..43200]);
    let second = crossings_per_second(&r.main[0][52800..91200]);
    assert!((first - 220.0).abs() <= 2.0, "{first}");
    assert!((second - 330.0).abs() <= 2.0, "{second}");
}

#[test]
fn lpf_lowers_the_spectral_centroid_of_a_saw() {
    let dry = render_src("out: saw 110", 0.5, 512);
    let wet = render_src("out: saw 110 # lpf 500 0.707", 0.5, 512);
    // The fundamental passes: the filtered saw is still clearly audible.
    let level = rms(&wet.main[0][4096..]);
    assert!(level > 0.2, "filtered rms {level}");
    let (c_dry, c_wet) = (
        centroid(&dry.main[0][4096..], 4096),
        centroid(&wet.main[0][4096..], 4096),
    );
    assert!(
        c_wet < c_dry * 0.5,
        "centroid dry {c_dry:.0} Hz, filtered {c_wet:.0} Hz"
    );
}

#[test]
fn kicks_land_every_half_second_at_cps_half() {
    let r = render_src("cps: 0.5\nout: s \"bd*4\"", 4.0, 512);
    let found = onsets(&r.main[0], 0.3, 4800);
    assert_eq!(found.len(), 8, "{found:?}");
    for (k, at) in found.iter().enumerate() {
        let expected = k as f64 * 0.5 * RATE as f64;
        assert!(
            (*at as f64 - expected).abs() <= 48.0,
            "onset {k} at {at}, expected {expected}"
        );
    }
}

#[test]
fn numbered_outputs_are_separate_and_mixed_into_main() {
    let r = render_src("o1: sine 220 * 0.5\no2: sine 330 * 0.25", 0.5, 256);
    let o1 = r.numbered[0].as_ref().expect("o1");
    let o2 = r.numbered[1].as_ref().expect("o2");
    assert!((crossings_per_second(&o1[0][2400..]) - 220.0).abs() <= 2.0);
    assert!((crossings_per_second(&o2[0][2400..]) - 330.0).abs() <= 2.0);
    for i in 0..r.main[0].len() {
        assert!((r.main[0][i] - (o1[0][i] + o2[0][i])).abs() < 1e-6);
    }
    assert!(r.numbered[2].is_none());
}

#[test]
fn feedback_is_delayed_not_refused() {
    let src = "~a: impulse 2 + ~b * 0.5\n~b: ~a\nout: ~a";
    let r = render_src(src, 1.0, 64);
    // The impulse at 0 comes back every 256 samples (the feedback delay), halving.
    let x = &r.main[0];
    assert!((x[0] - 1.0).abs() < 1e-6);
    assert!((x[256] - 0.5).abs() < 1e-6, "{}", x[256]);
    assert!((x[512] - 0.25).abs() < 1e-6, "{}", x[512]);
}

#[test]
fn output_does_not_depend_on_the_block_size() {
    let programs = [
        "cps: 0.5\n~lfo: sine 0.25\nout: saw \"55 82.5 110\" # lpf (~lfo * 2000 + 2500) 0.8 * 0.3",
        "cps: 0.7\nout: s \"bd*2 [sn cp]\" $ every 2 (fast 2)",
        "~a: saw 110 * 0.3 + ~b * 0.4\n~b: ~a # lpf 900 0.7\nout: ~a",
    ];
    for src in programs {
        let reference = render_src(src, 1.5, 4096);
        for block in [1usize, 7, 64, 512] {
            let r = render_src(src, 1.5, block);
            for c in 0..2 {
                let max = reference.main[c]
                    .iter()
                    .zip(&r.main[c])
                    .map(|(a, b)| (a - b).abs())
                    .fold(0.0f32, f32::max);
                assert!(max <= 1e-6, "{src}: block {block} differs by {max}");
            }
        }
    }
}

#[test]
fn an_envelope_after_s_shapes_each_voice() {
    // The open hat rings for ~0.5 s; `# ad 0.001 0.05` cuts every hit short.
    let long = render_src("cps: 0.5\nout: s \"oh*4\"", 1.0, 512);
    let short = render_src("cps: 0.5\nout: s \"oh*4\" # ad 0.001 0.05", 1.0, 512);
    let tail = |x: &[f32]| rms(&x[(0.12 * RATE) as usize..(0.45 * RATE) as usize]);
    assert!(
        tail(&long.main[0]) > 0.01,
        "the hat rings: {}",
        tail(&long.main[0])
    );
    assert!(
        tail(&short.main[0]) < 1e-4,
        "the envelope ends it: {}",
        tail(&short.main[0])
    );
    // Both hits still start.
    assert_eq!(onsets(&short.main[0], 0.05, 4800).len(), 2);
}

/// Magnitude of the DFT of `x` at `freq` Hz (Hann window), relative to the signal length.
fn tone(x: &[f32], freq: f64) -> f64 {
    let n = x.len() as f64;
    let (mut re, mut im) = (0.0, 0.0);
    for (i, v) in x.iter().enumerate() {
        let w = 0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / n).cos();
        let a = 2.0 * std::f64::consts::PI * freq * i as f64 / RATE as f64;
        re += *v as f64 * w * a.cos();
        im -= *v as f64 * w * a.sin();
    }
    (re * re + im * im).sqrt() / n
}

#[test]
fn note_patterns_play_a_voice_per_event() {
    // cps 0.5: each note lasts one second.
    let r = render_src("cps: 0.5\nout: sine \"a3 e4\" * 0.5", 2.0, 512);
    let first = crossings_per_second(&r.main[0][2400..45600]);
    let second = crossings_per_second(&r.main[0][50400..93600]);
    assert!((first - 220.0).abs() <= 2.0, "{first}");
    assert!((second - 329.63).abs() <= 2.0, "{second}");
}

#[test]
fn chords_sound_all_their_notes() {
    let r = render_src("cps: 0.5\nout: sine \"c4'maj\" * 0.2", 1.0, 512);
    let x = &r.main[0][4800..43200];
    let (c, e, g) = (tone(x, 261.63), tone(x, 329.63), tone(x, 392.0));
    let off = tone(x, 300.0);
    for (name, level) in [("c", c), ("e", e), ("g", g)] {
        assert!(
            level > 10.0 * off,
            "{name}: {level} vs {off} between the notes"
        );
    }
}

#[test]
fn each_event_retriggers_its_envelope() {
    let r = render_src(
        "cps: 0.5\nout: saw \"c3*4\" # adsr 0.001 0.05 0 0.01 * 0.5",
        2.0,
        64,
    );
    let found = onsets(&r.main[0], 0.1, 4800);
    assert_eq!(found.len(), 4, "{found:?}");
    // Within 2 ms: the 1 ms attack and the saw's own rise come before the threshold.
    for (k, at) in found.iter().enumerate() {
        let expected = k as f64 * 0.5 * RATE as f64;
        assert!((*at as f64 - expected).abs() <= 96.0, "{found:?}");
    }
}

#[test]
fn pan_places_a_signal_with_equal_power() {
    let left = render_src("out: sine 440 # pan 0", 0.5, 512);
    let centre = render_src("out: sine 440 # pan 0.5", 0.5, 512);
    let (l, r) = (rms(&left.main[0][4800..]), rms(&left.main[1][4800..]));
    assert!(l > 0.69 && r < 1e-3, "hard left: {l} {r}");
    let (l, r) = (rms(&centre.main[0][4800..]), rms(&centre.main[1][4800..]));
    assert!(
        (l - 0.5).abs() < 0.01 && (r - 0.5).abs() < 0.01,
        "centre: {l} {r}"
    );
}

/// The level of `x` over 10 ms around second `t`.
fn level_at(x: &[f32], t: f64) -> f64 {
    let at = (t * RATE as f64) as usize;
    rms(&x[at - 240..at + 240])
}

#[test]
fn tar_releases_over_its_release_time() {
    // cps 0.5: the event "t" lasts 0.5 s; then the gate falls and the release begins.
    for release in [0.01, 0.1, 0.5] {
        let r = render_src(
            &format!("cps: 0.5\nout: sine 440 * tar \"t ~ ~ ~\" 0.01 {release}"),
            1.6,
            512,
        );
        let x = &r.main[0];
        let held = level_at(x, 0.4);
        assert!(
            (held - std::f64::consts::FRAC_1_SQRT_2).abs() < 0.01,
            "held {held}"
        );
        // One release time after the gate falls, the level is down to 1/e (± 10%).
        let after = level_at(x, 0.5 + release) / held;
        assert!(
            (after - (-1.0f64).exp()).abs() < 0.04,
            "release {release}: {after:.3} of the held level one release time later"
        );
    }
}

fn peak(x: &[f32]) -> f32 {
    x.iter().fold(0.0f32, |m, v| m.max(v.abs()))
}

#[test]
fn pan_is_zero_left_half_centre_one_right_for_samples_synths_and_signals() {
    let bd = library().get("bd", 0).expect("the kit has bd");
    let own = peak(&bd.left);
    for source in ["s \"bd\"", "s \"superkick\"", "sine 440"] {
        let at = |pos: &str| render_src(&format!("cps: 1\nout: {source} # pan {pos}"), 0.5, 512);
        let (left, centre, right) = (at("0"), at("0.5"), at("1"));
        let (l, c) = (peak(&left.main[0]), peak(&centre.main[0]));
        // Hard left: nothing on the right, the voice at its own level (√2 × each side at
        // the centre, equal power); hard right mirrors it.
        assert_eq!(peak(&left.main[1]), 0.0, "{source}: pan 0 is hard left");
        assert_eq!(peak(&right.main[0]), 0.0, "{source}: pan 1 is hard right");
        assert!(
            (l / c - std::f32::consts::SQRT_2).abs() < 0.01,
            "{source}: {l} vs {c}"
        );
        assert_eq!(
            centre.main[0], centre.main[1],
            "{source}: 0.5 is the centre"
        );
        assert!((peak(&right.main[1]) - l).abs() < 1e-6, "{source}");
        if source == "s \"bd\"" {
            assert!(
                l <= own * 1.0001,
                "hard-panned bd peaks at {l}, its own peak is {own}"
            );
        }
    }
}

#[test]
fn djf_darkens_below_half_thins_above_and_is_open_at_half() {
    let at = |amount: &str| {
        let r = render_src(&format!("out: saw 110 # djf {amount}"), 0.5, 512);
        centroid(&r.main[0][4096..], 4096)
    };
    let dry = {
        let r = render_src("out: saw 110", 0.5, 512);
        centroid(&r.main[0][4096..], 4096)
    };
    let (dark, open, thin) = (at("0.2"), at("0.5"), at("0.8"));
    assert!(
        dark < dry * 0.5,
        "djf 0.2: centroid {dark:.0} Hz vs dry {dry:.0}"
    );
    assert!(
        thin > dry * 1.5,
        "djf 0.8: centroid {thin:.0} Hz vs dry {dry:.0}"
    );
    assert!(
        (open / dry - 1.0).abs() < 0.15,
        "djf 0.5: {open:.0} Hz vs dry {dry:.0}"
    );
    // A sweep through the whole range stays finite and block-size independent.
    let src = "out: saw 110 # djf (range 0 1 (sine 0.5))";
    let (a, b) = (render_src(src, 1.0, 512), render_src(src, 1.0, 7));
    assert!(a.main[0].iter().all(|v| v.is_finite()));
    let diff = a.main[0]
        .iter()
        .zip(&b.main[0])
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max);
    assert!(diff < 1e-6, "block sizes differ by {diff}");
}

/// A bus that grows without bound (measured at +770 dBFS before the safety stage): the
/// output stays under +6 dBFS, and the summary says how much was limited.
#[test]
fn runaway_feedback_never_leaves_above_six_dbfs() {
    let mut p = program("~a: ~a * 2 + sine 440\nout: ~a");
    let r = phonon::render::offline::render(&mut p, 2 * RATE as usize, 512, |_| {});
    let all = r.main[0].iter().chain(&r.main[1]);
    let out_peak = all.fold(0.0f32, |m, x| m.max(x.abs()));
    assert!(out_peak < phonon::dsp::safety::CEILING, "peak {out_peak}");
    let s = p.stats().safety;
    assert!(s.limited > 10_000, "limited {}", s.limited);
    assert!(s.worst_peak > 1e30, "worst {}", s.worst_peak);
}

/// Below 0 dBFS the stage is transparent: the same samples with it on and off.
#[test]
fn the_safety_stage_leaves_quiet_programs_bit_identical() {
    let src = "out: saw 55 # lpf 800 0.7 * 0.3 + s \"bd*4\" * 0.3";
    let on = render_src(src, 1.0, 512);
    let mut p = program(src);
    p.set_safety_stage(false);
    let off = phonon::render::offline::render(&mut p, RATE as usize, 512, |_| {});
    let peak = off
        .main
        .iter()
        .flatten()
        .fold(0.0f32, |m, x| m.max(x.abs()));
    assert!(
        peak < 1.0,
        "the test program must stay below 0 dBFS: {peak}"
    );
    let same = on
        .main
        .iter()
        .flatten()
        .zip(off.main.iter().flatten())
        .all(|(a, b)| a.to_bits() == b.to_bits());
    assert!(same, "the stage changed a quiet program");
    assert!(rms(&on.main[0]) > 0.05);
}

#[test]
fn absurd_tempos_are_held_in_range() {
    // `cps: 1e9` would ask the pattern engine for millions of cycles a block; it is held at
    // 100 cycles per second (and `cps: 0.00001` at 0.001; `cps: 0` is an error), so the
    // render stays fast and defined.
    for (src, want) in [
        ("cps: 1e9\nout: s \"bd\"\n", 100.0),
        ("cps: 0.00001\nout: s \"bd\"\n", 0.001),
    ] {
        let p = support::program(src);
        assert_eq!(p.cps(), want, "{src}");
    }
    let r = support::render_src("cps: 1e9\nout: s \"bd*2\" # gain 0.5\n", 0.1, 256);
    assert!(r.main[0].iter().all(|x| x.is_finite() && x.abs() <= 2.0));
}
