//! Measurements of every synth.

use super::*;
use crate::dsp::osc::test_support::*;

const SR: f32 = 48_000.0;
const NAMES: [&str; 18] = [
    "superkick",
    "supersnare",
    "superhat",
    "supersaw",
    "superpwm",
    "superchip",
    "superfm",
    "superpiano",
    "supersquare",
    "supermandolin",
    "supergong",
    "superhammond",
    "superhoover",
    "supercomparator",
    "superzow",
    "superstatic",
    "superreese",
    "superclap",
];

/// The SuperDirt library synths (`library.rs`).
const LIBRARY: [&str; 11] = [
    "superpiano",
    "supersquare",
    "supermandolin",
    "supergong",
    "superhammond",
    "superhoover",
    "supercomparator",
    "superzow",
    "superstatic",
    "superreese",
    "superclap",
];

/// Plays one note in blocks of 64 until the voice says it is done (at most `max` s);
/// returns the samples and whether it finished.
fn play(v: &mut dyn Voice, freq: f32, sustain: f32, max: f32) -> (Vec<f32>, bool) {
    v.start(freq, 1.0, sustain);
    let mut out = Vec::new();
    let mut block = [0.0f32; 64];
    while out.len() < (max * SR) as usize {
        block.fill(0.0);
        let more = v.render_add(&mut block);
        out.extend_from_slice(&block);
        if !more {
            return (out, true);
        }
    }
    (out, false)
}

fn voice(name: &str) -> Box<dyn Voice> {
    make_voice(name, SR, 1).unwrap()
}

/// Frequency from the mean period between upward zero crossings in `x`.
fn crossing_pitch(x: &[f32]) -> f64 {
    let ups: Vec<f64> = x
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0] < 0.0 && w[1] >= 0.0)
        .map(|(i, w)| i as f64 + w[0] as f64 / (w[0] - w[1]) as f64)
        .collect();
    assert!(ups.len() >= 2, "no pitch");
    SR as f64 * (ups.len() - 1) as f64 / (ups[ups.len() - 1] - ups[0])
}

fn psd_peak(x: &[f32], lo: f64, hi: f64) -> f64 {
    let size = 8192;
    let p = psd(x, size);
    let bin = SR as f64 / size as f64;
    let (a, b) = ((lo / bin) as usize, (hi / bin) as usize);
    let k = (a..b).max_by(|&i, &j| p[i].total_cmp(&p[j])).unwrap();
    k as f64 * bin
}

#[test]
fn every_voice_sounds_and_ends() {
    // (name, sustain, latest end in s)
    let cases = [
        ("superkick", 0.0, 0.6),
        ("supersnare", 0.0, 0.3),
        ("superhat", 0.0, 0.08),
        ("supersaw", 0.3, 0.55),
        ("superpwm", 0.3, 0.55),
        ("superchip", 0.3, 0.4),
        ("superfm", 0.3, 0.65),
        ("superpiano", 0.3, 0.9),
        ("supersquare", 0.3, 0.4),
        ("supermandolin", 0.3, 0.75),
        ("supergong", 0.0, 1.5),
        ("superhammond", 0.3, 0.35),
        ("superhoover", 0.3, 0.4),
        ("supercomparator", 0.3, 0.4),
        ("superzow", 0.3, 0.4),
        ("superstatic", 0.5, 0.55),
        ("superreese", 0.3, 0.5),
        ("superclap", 0.0, 0.08),
    ];
    assert_eq!(cases.len(), NAMES.len());
    for (name, sustain, limit) in cases {
        let mut v = voice(name);
        let (y, done) = play(&mut *v, 0.0, sustain, 5.0);
        let secs = y.len() as f32 / SR;
        assert!(done && secs <= limit, "{name} lasted {secs} s");
        assert!(y.iter().all(|v| v.is_finite()), "{name}");
        let pk = peak(&y);
        assert!(pk > 0.2 && pk < 1.5, "{name} peak {pk}");
        // No click at the onset.
        assert!(y[0].abs() < 0.05, "{name} starts at {}", y[0]);
        // Done means silent: nothing more is added.
        let mut block = [0.0f32; 64];
        assert!(!v.render_add(&mut block) && block.iter().all(|&s| s == 0.0));
        // Held voices sound through their sustain (the mandolin and the piano decay).
        if sustain > 0.0 && name != "supermandolin" {
            let at = (0.25 * SR) as usize;
            assert!(rms(&y[at..at + 480]) > 0.05, "{name} quiet while held");
        }
        eprintln!("{name}: {secs:.3} s, peak {pk:.2}, rms {:.3}", rms(&y));
    }
}

#[test]
fn kick_pitch_falls_to_its_frequency() {
    let mut v = voice("superkick");
    let (y, _) = play(&mut *v, 55.0, 0.0, 1.0);
    let early = crossing_pitch(&y[..(0.02 * SR) as usize]);
    let late = crossing_pitch(&y[(0.2 * SR) as usize..(0.45 * SR) as usize]);
    eprintln!("kick: {early:.0} Hz in the first 20 ms, {late:.1} Hz after 200 ms");
    assert!(early > 130.0 && early < 220.0, "early {early}");
    assert!((late - 55.0).abs() < 2.5, "late {late}");
    // Decay 0.4: -60 dB at 0.4 s.
    let env_at = |t: f32| peak(&y[(t * SR) as usize..((t + 0.02) * SR) as usize]);
    let drop = 20.0 * (env_at(0.4) / env_at(0.0)).log10();
    assert!((drop + 60.0).abs() < 4.0, "drop {drop} dB");
    // Params: a shorter decay ends sooner.
    v.set_params(&[0.1, 4.0]);
    let (short, done) = play(&mut *v, 55.0, 0.0, 1.0);
    assert!(done && short.len() < (0.15 * SR) as usize);
}

#[test]
fn snare_is_tone_plus_noise_and_hat_is_bright() {
    let mut s = voice("supersnare");
    let (y, _) = play(&mut *s, 180.0, 0.0, 1.0);
    let p = psd(&y, 1024);
    let body = band_density(&p, 1024, SR as f64, 100.0, 400.0);
    let air = band_density(&p, 1024, SR as f64, 2000.0, 10000.0);
    assert!(body > 0.0 && air > 0.0);
    let p_total: f64 = p.iter().sum();
    let hi_share = p[(2000.0 / 46.875) as usize..].iter().sum::<f64>() / p_total;
    assert!(
        hi_share > 0.3 && hi_share < 0.95,
        "snare noise share {hi_share}"
    );
    // noise 0: pure tone, nothing above 2 kHz.
    s.set_params(&[0.2, 0.0]);
    let (t, _) = play(&mut *s, 180.0, 0.0, 1.0);
    let p = psd(&t, 1024);
    let hi = p[(2000.0 / 46.875) as usize..].iter().sum::<f64>() / p.iter().sum::<f64>();
    assert!(hi < 0.01, "tone-only snare has {hi} above 2 kHz");

    let mut h = voice("superhat");
    let (y, _) = play(&mut *h, 0.0, 0.0, 1.0);
    let p = psd(&y, 256);
    let share = |f: f64| p[(f / 187.5) as usize..].iter().sum::<f64>() / p.iter().sum::<f64>();
    eprintln!("hat: {:.2} of the power above 5 kHz", share(5000.0));
    assert!(share(5000.0) > 0.8);
    h.set_params(&[0.05, 2000.0]);
    let (y2, _) = play(&mut *h, 0.0, 0.0, 1.0);
    let p2 = psd(&y2, 256);
    let share2 = p2[(5000.0 / 187.5) as usize..].iter().sum::<f64>() / p2.iter().sum::<f64>();
    assert!(share2 < share(5000.0), "a lower tone is darker");
}

#[test]
fn pitched_voices_play_their_note() {
    for name in ["supersaw", "superpwm", "superchip", "superfm"] {
        let mut v = voice(name);
        if name == "superfm" {
            v.set_params(&[1.0, 1.0]); // harmonic ratio: fundamental is freq
        }
        let (y, _) = play(&mut *v, 220.0, 1.0, 2.0);
        let f = psd_peak(&y[..(0.9 * SR) as usize], 50.0, 2000.0);
        eprintln!("{name}: spectral peak {f:.1} Hz");
        assert!((f - 220.0).abs() < 6.0, "{name} peak at {f}");
    }
}

#[test]
fn pwm_sweeps_width_and_chip_slides() {
    // width 0.5 + 0.35·sin(2π·0.5·t): at t≈0 width 0.5 (no 2nd harmonic), at 0.5 s 0.85.
    let mut v = voice("superpwm");
    let (y, _) = play(&mut *v, 200.0, 1.0, 2.0);
    let win = |t: f32| &y[(t * SR) as usize..(t * SR) as usize + 480];
    let h2_start = tone_amp(win(0.0), 400.0, SR as f64);
    let h2_mid = tone_amp(win(0.495), 400.0, SR as f64);
    assert!(
        h2_mid > 5.0 * h2_start,
        "2nd harmonic {h2_start} → {h2_mid}"
    );
    let mean = y.iter().map(|&s| s as f64).sum::<f64>() / y.len() as f64;
    assert!(mean.abs() < 0.01, "pwm DC {mean}");

    let mut c = voice("superchip");
    c.set_params(&[12.0]);
    let (y, _) = play(&mut *c, 200.0, 0.5, 1.0);
    let early = crossing_pitch(&y[..2400]);
    let late = crossing_pitch(&y[(0.5 * SR) as usize..(0.5 * SR) as usize + 2400]);
    assert!(
        (early - 200.0).abs() < 10.0 && (late - 400.0).abs() < 10.0,
        "{early} → {late}"
    );
}

#[test]
fn fm_index_makes_sidebands() {
    let mut v = voice("superfm");
    v.set_params(&[1.5, 0.0]);
    let (plain, _) = play(&mut *v, 400.0, 0.5, 1.0);
    v.set_params(&[1.5, 3.0]);
    let (rich, _) = play(&mut *v, 400.0, 0.5, 1.0);
    // Sidebands at 400 ± 600: 1000 Hz and |−200| = 200 Hz.
    let w = |x: &[f32], f| tone_amp(&x[4800..14400], f, SR as f64);
    assert!(w(&plain, 1000.0) < 1e-3);
    assert!(w(&rich, 1000.0) > 0.05, "sideband {}", w(&rich, 1000.0));
}

#[test]
fn kernels_retrigger_every_cycle_block_independently() {
    let s = setup(SR);
    let n = (2.0 * SR) as usize;
    let freq: Vec<f32> = (0..n)
        .map(|i| 50.0 + 100.0 * (i as f32 / n as f32))
        .collect();
    for name in NAMES {
        let spec = crate::registry::lookup(name).unwrap();
        let (params, has_freq) = (spec.params.len(), spec.params[0].name == "freq");
        let mut inputs: Vec<Vec<f32>> = Vec::new();
        for k in 0..params {
            inputs.push(if k == 0 && has_freq {
                freq.clone()
            } else {
                vec![f32::NAN; n] // NaN params keep the defaults
            });
        }
        let mut k = make(name, &s).unwrap();
        let big = render_with(&mut *k, SR, 2.0, &inputs, n, n);
        for block in [1, 17, 64] {
            let mut k = make(name, &s).unwrap();
            let small = render_with(&mut *k, SR, 2.0, &inputs, n, block);
            assert!(big == small, "{name} block {block}");
        }
        // cps 2: notes at 0, 0.5, 1, 1.5 s: each quarter starts loud.
        // (superstatic swells over the whole note.)
        let head_len = if name == "superstatic" { 12_000 } else { 480 };
        for q in 0..4 {
            let at = q * n / 4;
            let head = rms(&big[at..at + head_len]);
            assert!(
                head > 0.05,
                "{name}: no note at {} s ({head})",
                at as f32 / SR
            );
        }
        assert!(big.iter().all(|v| v.is_finite()));
    }
    // The kick's pitch follows the freq input from note to note.
    let mut k = make("superkick", &s).unwrap();
    let mut f = vec![50.0f32; n];
    f[n / 2..].fill(100.0);
    let inputs = vec![f, vec![0.4; n], vec![4.0; n]];
    let y = render_with(&mut *k, SR, 1.0, &inputs, n, 256);
    let a = crossing_pitch(&y[(0.25 * SR) as usize..(0.45 * SR) as usize]);
    let b = crossing_pitch(&y[(1.25 * SR) as usize..(1.45 * SR) as usize]);
    assert!((a - 50.0).abs() < 3.0 && (b - 100.0).abs() < 4.0, "{a} {b}");
}

// ------------------------------------------------------------------ library synths

/// Magnitude at `freq` of the Hann-windowed DFT of `x`, normalised so a full-scale sine
/// reads 1 (its side lobes fall fast, so a weak partial next to a strong one reads true).
fn hann_amp(x: &[f32], freq: f64) -> f64 {
    let n = x.len() as f64;
    let w = std::f64::consts::TAU * freq / SR as f64;
    let (c, s) = (w.cos(), w.sin());
    let (mut re, mut im, mut cr, mut ci) = (0.0f64, 0.0f64, 1.0f64, 0.0f64);
    for (i, &v) in x.iter().enumerate() {
        let win = 0.5 - 0.5 * (std::f64::consts::TAU * i as f64 / n).cos();
        re += win * v as f64 * cr;
        im -= win * v as f64 * ci;
        let nr = cr * c - ci * s;
        ci = cr * s + ci * c;
        cr = nr;
    }
    4.0 * (re * re + im * im).sqrt() / n
}

/// The strongest frequency between `lo` and `hi` Hz, to 0.02 Hz (a scan of `hann_amp`).
fn fine_peak(x: &[f32], lo: f64, hi: f64) -> f64 {
    let scan = |lo: f64, hi: f64, step: f64| {
        let steps = ((hi - lo) / step).ceil() as usize;
        (0..=steps)
            .map(|i| lo + i as f64 * step)
            .max_by(|&a, &b| hann_amp(x, a).total_cmp(&hann_amp(x, b)))
            .unwrap()
    };
    let coarse = scan(lo, hi, 0.25 * SR as f64 / x.len() as f64);
    let step = 0.25 * SR as f64 / x.len() as f64;
    scan(coarse - step, coarse + step, 0.02)
}

fn cents(f: f64, reference: f64) -> f64 {
    1200.0 * (f / reference).log2()
}

/// `x` from `a` to `b` seconds (zeros past its end).
fn window(x: &[f32], a: f32, b: f32) -> Vec<f32> {
    let (a, b) = ((a * SR) as usize, (b * SR) as usize);
    (a..b).map(|i| x.get(i).copied().unwrap_or(0.0)).collect()
}

/// Power-weighted mean frequency.
fn centroid(x: &[f32]) -> f64 {
    let size = 2048;
    let p = psd(x, size);
    let bin = SR as f64 / size as f64;
    let total: f64 = p.iter().sum();
    p.iter()
        .enumerate()
        .map(|(k, &v)| k as f64 * bin * v)
        .sum::<f64>()
        / total
}

/// A library voice with its parameters set.
fn voice_with(name: &str, params: &[f32]) -> Box<dyn Voice> {
    let mut v = voice(name);
    v.set_params(params);
    v
}

#[test]
fn library_voices_play_their_note() {
    // (name, params): detune 0 where detuned copies would beat against the note.
    let cases: [(&str, &[f32]); 7] = [
        ("superpiano", &[]),
        ("supersquare", &[]),
        ("supermandolin", &[0.0]),
        ("superhammond", &[]),
        ("supercomparator", &[]),
        ("superzow", &[1.0, 0.0]),
        ("supergong", &[]),
    ];
    for (name, params) in cases {
        for f in [220.0f64, 440.0] {
            let mut v = voice_with(name, params);
            let (y, _) = play(&mut *v, f as f32, 1.5, 2.0);
            let w = window(&y, 0.2, 1.2);
            let coarse = psd_peak(&w, 0.7 * f, 1.4 * f);
            let fine = fine_peak(&w, 0.97 * f, 1.03 * f);
            let c = cents(fine, f);
            eprintln!("{name} {f}: strongest {coarse:.1} Hz, fine {fine:.2} Hz ({c:+.2} cents)");
            assert!(
                (coarse / f - 1.0).abs() < 0.03,
                "{name} {f}: peak at {coarse}"
            );
            assert!(c.abs() < 4.0, "{name} {f}: {fine} Hz is {c} cents off");
        }
    }
    // superreese: two saws at 0.99 and 1.01 times the note; superhoover's lowest layer
    // two octaves down.
    for (f, hoover) in [(220.0f64, 220.0f64), (440.0, 440.0)] {
        let mut v = voice("superreese");
        let (y, _) = play(&mut *v, f as f32, 2.0, 2.5);
        let w = window(&y, 0.2, 1.9);
        let (lo, hi) = (fine_peak(&w, 0.98 * f, f), fine_peak(&w, f, 1.02 * f));
        eprintln!("superreese {f}: {lo:.2} and {hi:.2} Hz");
        assert!(cents(lo, 0.99 * f).abs() < 4.0, "reese low {lo}");
        assert!(cents(hi, 1.01 * f).abs() < 4.0, "reese high {hi}");
        // (Its pitch wobbles ±0.5 % and its flanger's delay sweeps, Doppler-shifting the
        // delayed copy: the spectral peak is within 1 %, not a few cents.)
        let f = hoover;
        let mut v = voice("superhoover");
        let (y, _) = play(&mut *v, f as f32, 2.0, 2.5);
        let w = window(&y, 0.5, 1.9);
        let top = fine_peak(&w, 0.97 * f, 1.03 * f);
        let sub = hann_amp(&w, 0.25 * f);
        eprintln!("superhoover {f}: top layer {top:.2} Hz, lowest layer {sub:.3}");
        assert!((top / f - 1.0).abs() < 0.01, "hoover top {top}");
        assert!(sub > 0.02, "hoover has its sub");
    }
}

#[test]
fn held_library_voices_sound_until_their_release() {
    // (name, longest release in s)
    let cases = [
        ("supersquare", 0.05),
        ("superhammond", 0.01),
        ("superhoover", 0.05),
        ("supercomparator", 0.06),
        ("superzow", 0.05),
        ("superreese", 0.16),
    ];
    for (name, release) in cases {
        for sustain in [0.5f32, 1.0] {
            let mut v = voice(name);
            let (y, done) = play(&mut *v, 220.0, sustain, 3.0);
            let early = rms(&window(&y, 0.1, 0.2));
            let late = rms(&window(&y, sustain - 0.1, sustain));
            let after = rms(&window(&y, sustain + release, sustain + release + 0.05));
            eprintln!("{name} {sustain}: {early:.3} {late:.3} → {after:.5}");
            assert!(
                late > 0.5 * early,
                "{name} fades while held: {early} → {late}"
            );
            assert!(after < 0.01 * late, "{name} still sounds: {late} → {after}");
            assert!(done && y.len() as f32 / SR <= sustain + release + 0.01);
        }
    }
    // The static swells over its sustain and is silent after it.
    let mut v = voice("superstatic");
    let (y, done) = play(&mut *v, 220.0, 1.0, 3.0);
    let (edge, middle) = (rms(&window(&y, 0.0, 0.1)), rms(&window(&y, 0.45, 0.55)));
    assert!(done && y.len() <= SR as usize + 64);
    assert!(edge < 0.2 * middle, "static swell {edge} → {middle}");
}

#[test]
fn piano_mandolin_and_gong_ring_out_and_finish() {
    // No sustain: they decay by themselves.
    for (name, f, params, most) in [
        ("superpiano", 1000.0, &[][..], 4.5),
        ("supermandolin", 220.0, &[0.2, 1.0][..], 1.6),
        ("supermandolin", 220.0, &[0.2, 0.3][..], 0.6),
        ("supergong", 220.0, &[][..], 1.8),
        ("supergong", 110.0, &[][..], 3.5),
    ] {
        let mut v = voice_with(name, params);
        let (y, done) = play(&mut *v, f, f32::NAN, 20.0);
        let secs = y.len() as f32 / SR;
        let (a, b) = (rms(&window(&y, 0.05, 0.1)), rms(&window(&y, 0.4, 0.45)));
        eprintln!("{name} {f} {params:?}: {secs:.2} s, {a:.3} → {b:.4}");
        assert!(done && secs <= most, "{name} {params:?} lasted {secs}");
        assert!(b < 0.9 * a, "{name} does not decay");
    }
    // A longer mandolin decay rings longer; the piano's damper ends a held note early.
    let len = |name: &str, p: &[f32], f: f32, sus: f32| {
        let mut v = voice_with(name, p);
        play(&mut *v, f, sus, 20.0).0.len() as f32 / SR
    };
    assert!(len("supermandolin", &[0.2, 2.0], 220.0, f32::NAN) > 1.5);
    let (held, natural) = (
        len("superpiano", &[], 220.0, 0.2),
        len("superpiano", &[], 220.0, f32::NAN),
    );
    eprintln!("piano 220: {held:.2} s damped at 0.2 s, {natural:.2} s free");
    assert!(held < 0.8 && natural > 4.0);
    // Higher piano notes die sooner.
    assert!(len("superpiano", &[], 2000.0, f32::NAN) < len("superpiano", &[], 500.0, f32::NAN));
}

#[test]
fn piano_velocity_sets_loudness_and_brightness_and_muffle_darkens() {
    let strike = |p: &[f32]| {
        let mut v = voice_with("superpiano", p);
        let (y, _) = play(&mut *v, 220.0, 1.0, 1.0);
        let w = window(&y, 0.01, 0.3);
        // Partials 4..6 against the fundamental.
        let upper: f64 = (4..=6).map(|n| hann_amp(&w, 220.0 * n as f64)).sum();
        (rms(&w), upper / hann_amp(&w, 220.0), peak(&y))
    };
    let (soft, soft_b, _) = strike(&[0.3]);
    let (hard, hard_b, hard_pk) = strike(&[1.5]);
    eprintln!(
        "piano velocity 0.3: rms {soft:.3}, upper/fund {soft_b:.3}; 1.5: {hard:.3}, {hard_b:.3}"
    );
    assert!(hard > 1.8 * soft, "velocity loudness {soft} → {hard}");
    assert!(
        hard_b > 2.0 * soft_b,
        "velocity brightness {soft_b} → {hard_b}"
    );
    assert!(hard_pk < 1.5);
    let (_, open, _) = strike(&[1.0, 0.1, 0.0]);
    let (_, muffled, _) = strike(&[1.0, 0.1, 2.0]);
    eprintln!("piano muffle 0: {open:.3}, muffle 2: {muffled:.3}");
    assert!(muffled < 0.3 * open, "muffle {open} → {muffled}");
    // detune stretches the partials: the 6th rises with it.
    let sixth = |d: f32| {
        let mut v = voice_with("superpiano", &[1.5, d]);
        let (y, _) = play(&mut *v, 220.0, 1.0, 1.0);
        fine_peak(&window(&y, 0.01, 0.5), 1300.0, 1450.0)
    };
    let (plain, stretched) = (sixth(0.0), sixth(1.0));
    eprintln!("piano 6th partial: {plain:.1} Hz → {stretched:.1} Hz stretched");
    assert!(cents(plain, 1320.0).abs() < 4.0 && cents(stretched, 1320.0) > 20.0);
}

#[test]
fn hammond_registrations_set_the_drawbars() {
    // (voice) → level of the 4' (2f) and 2' (4f) drawbars against the 8' (f).
    let f = 110.0;
    let bars = |voice: f32, perc: f32, from: f32| {
        let mut v = voice_with("superhammond", &[voice, perc, 0.0]);
        let (y, _) = play(&mut *v, f as f32, 1.0, 1.2);
        let w = window(&y, from, from + 0.3);
        let fund = hann_amp(&w, f);
        (hann_amp(&w, 2.0 * f) / fund, hann_amp(&w, 4.0 * f) / fund)
    };
    let tibia = bars(1.0, 0.0, 0.3); // 8' and 2⅔' only
    let jazz2 = bars(9.0, 0.0, 0.3); // 8' and 4'
    let shout = bars(7.0, 0.0, 0.3); // everything out
    eprintln!("hammond 4'/8', 2'/8': tibia {tibia:?}, jazz 2 {jazz2:?}, full {shout:?}");
    assert!(tibia.0 < 0.02 && tibia.1 < 0.02, "tibia {tibia:?}");
    assert!(jazz2.0 > 0.5 && jazz2.1 < 0.02, "jazz 2 {jazz2:?}");
    assert!(shout.0 > 0.5 && shout.1 > 0.5, "full {shout:?}");
    // Between presets the registrations crossfade.
    let half = bars(8.5, 0.0, 0.3);
    assert!(half.0 > 5.0 * tibia.0 && half.0 < jazz2.0, "8.5 {half:?}");
    // Percussion: a decaying 2nd harmonic at the start of the note.
    let (plain, struck, later) = (
        bars(1.0, 0.0, 0.0).0,
        bars(1.0, 1.0, 0.0).0,
        bars(1.0, 1.0, 0.8).0,
    );
    eprintln!("hammond perc 4'/8': {plain:.3} → {struck:.3}, then {later:.3}");
    assert!(struck > 10.0 * plain && later < 0.3 * struck);
}

#[test]
fn gong_voice_brightens_and_decay_keeps_high_modes() {
    let f = 110.0;
    let gong = |p: &[f32]| {
        let mut v = voice_with("supergong", p);
        play(&mut *v, f as f32, 0.0, 10.0).0
    };
    let plain = gong(&[0.0, 1.0]);
    // Inharmonic: the plate's second mode at 2.081·f, nothing at 2·f.
    let w = window(&plain, 0.05, 0.5);
    let (mode, octave) = (hann_amp(&w, 2.081 * f), hann_amp(&w, 2.0 * f));
    eprintln!("gong: 2.081f {mode:.4}, 2f {octave:.5}");
    assert!(mode > 20.0 * octave);
    let bright = gong(&[2.0, 1.0]);
    let (c0, c2) = (
        centroid(&window(&plain, 0.0, 0.3)),
        centroid(&window(&bright, 0.0, 0.3)),
    );
    eprintln!("gong centroid: voice 0 {c0:.0} Hz, voice 2 {c2:.0} Hz");
    assert!(c2 > 1.5 * c0, "voice {c0} → {c2}");
    // decay 2: the high modes ring as long as the fundamental.
    let high_share = |y: &[f32]| {
        let w = window(y, 0.6, 0.9);
        let all = rms(&w).powi(2);
        let fund = hann_amp(&w, f).powi(2) / 2.0;
        1.0 - fund / all
    };
    let (short, long) = (high_share(&plain), high_share(&gong(&[0.0, 2.0])));
    eprintln!("gong share above the fundamental at 0.6 s: decay 1 {short:.3}, decay 2 {long:.3}");
    assert!(long > 2.0 * short && long > 0.3, "{short} → {long}");
}

#[test]
fn square_zow_reese_and_hoover_params_change_the_sound() {
    let f = 220.0f64;
    let h2 = |name: &str, p: &[f32], a: f32, b: f32| {
        let mut v = voice_with(name, p);
        let (y, _) = play(&mut *v, f as f32, 1.0, 1.5);
        let w = window(&y, a, b);
        hann_amp(&w, 2.0 * f) / hann_amp(&w, f)
    };
    // supersquare: width 0.5 has no 2nd harmonic, 0.25 a strong one.
    let (sq, narrow) = (
        h2("supersquare", &[0.5], 0.2, 0.8),
        h2("supersquare", &[0.25], 0.2, 0.8),
    );
    eprintln!("square 2nd/1st: width 0.5 {sq:.3}, 0.25 {narrow:.3}");
    assert!(sq < 0.05 && narrow > 0.4);
    // Its second pulse sits `semitone` below.
    let sub = |semi: f32, at: f64| {
        let mut v = voice_with("supersquare", &[0.5, semi]);
        let (y, _) = play(&mut *v, f as f32, 1.0, 1.5);
        hann_amp(&window(&y, 0.2, 0.8), at)
    };
    assert!(sub(12.0, f / 2.0) > 0.05 && sub(7.0, f / 2.0) < 0.01);
    assert!(sub(7.0, f / (7.0f64 / 12.0).exp2()) > 0.05);
    // superzow: a fast slide opens the saws into triangles (no even harmonics).
    let (saws, tris) = (
        h2("superzow", &[0.01, 0.0], 0.5, 0.9),
        h2("superzow", &[100.0, 0.0], 0.5, 0.9),
    );
    eprintln!("zow 2nd/1st: slide 0.01 {saws:.3}, slide 100 {tris:.3}");
    assert!(saws > 0.2 && tris < 0.05);
    // ... and detune adds copies `detune` percent away.
    let copy = |d: f32| {
        let mut v = voice_with("superzow", &[1.0, d]);
        let (y, _) = play(&mut *v, f as f32, 1.0, 1.5);
        hann_amp(&window(&y, 0.2, 0.9), 1.05 * f)
    };
    assert!(copy(5.0) > 20.0 * copy(0.0), "zow detune");
    // superreese: accelerate 1 doubles the pitch over the sustain.
    let mut v = voice_with("superreese", &[0.0, 0.0, 1.0]);
    let (y, _) = play(&mut *v, f as f32, 1.0, 1.5);
    let (early, late) = (
        psd_peak(&window(&y, 0.0, 0.18), 100.0, 1000.0),
        psd_peak(&window(&y, 0.82, 1.0), 100.0, 1000.0),
    );
    eprintln!("reese accelerate 1: {early:.0} Hz → {late:.0} Hz");
    assert!((early / f - 1.05).abs() < 0.1 && (late / f - 1.9).abs() < 0.12);
    // superreese voice: the resonance moves from the first filter (10·f) to the second
    // (20·f).
    let tilt = |voice: f32| {
        let mut v = voice_with("superreese", &[0.0, voice]);
        let (y, _) = play(&mut *v, 110.0, 1.0, 1.5);
        let p = psd(&window(&y, 0.2, 0.9), 4096);
        let band = |c: f64| band_density(&p, 4096, SR as f64, 0.9 * c, 1.1 * c);
        band(2200.0) / band(1100.0)
    };
    let (low, high) = (tilt(0.0), tilt(2.0));
    eprintln!("reese 20f/10f: voice 0 {low:.3}, voice 2 {high:.3}");
    assert!(high > 3.0 * low, "reese voice");
    // superhoover slide 2: the pitch dips to half near the start.
    // (sustain 1: down to half at 50 ms, back by 350 ms.)
    let dip = |slide: f32| {
        let mut v = voice_with("superhoover", &[slide]);
        let (y, _) = play(&mut *v, 220.0, 1.0, 1.5);
        let (during, after) = (window(&y, 0.05, 0.2), window(&y, 0.5, 0.9));
        (hann_amp(&during, 220.0), hann_amp(&after, 220.0))
    };
    let (flat, dipped) = (dip(0.0), dip(2.0));
    eprintln!(
        "hoover at 220 Hz, 50..200 ms and 0.5..0.9 s: slide 0 {flat:.3?}, slide 2 {dipped:.3?}"
    );
    assert!(dipped.0 < 0.3 * flat.0 && dipped.1 > 0.7 * flat.1);
}

#[test]
fn comparator_voice_and_resonance() {
    let f = 110.0;
    let run = |p: &[f32]| {
        let mut v = voice_with("supercomparator", p);
        play(&mut *v, f as f32, 1.5, 2.0).0
    };
    // Higher voice: faster thresholds jitter the pulse edges, spreading power from the
    // harmonics into noise between them (breathier).
    let harmonic = |y: &[f32]| {
        let size = 8192;
        let p = psd(&window(y, 0.3, 1.3), size);
        let bin = SR as f64 / size as f64;
        let near: f64 = (1..=12)
            .map(|k| {
                let c = (k as f64 * f / bin).round() as usize;
                p[c - 1..=c + 1].iter().sum::<f64>()
            })
            .sum();
        near / p.iter().sum::<f64>()
    };
    let (clean, breathy) = (harmonic(&run(&[0.0])), harmonic(&run(&[8.0])));
    eprintln!("comparator harmonic share: voice 0 {clean:.3}, voice 8 {breathy:.3}");
    assert!(1.0 - breathy > 1.5 * (1.0 - clean), "{clean} → {breathy}");
    // Resonance peaks the spectrum near the cutoff (about 4·f).
    let band = |y: &[f32]| {
        let w = window(y, 0.3, 1.3);
        let p = psd(&w, 2048);
        band_density(&p, 2048, SR as f64, 3.0 * f, 5.5 * f)
            / band_density(&p, 2048, SR as f64, 0.8 * f, 1.5 * f)
    };
    let (dull, sharp) = (band(&run(&[0.5, 0.0, 0.0])), band(&run(&[0.5, 1.0, 0.0])));
    eprintln!("comparator 3..5.5f / f: resonance 0 {dull:.3}, 1 {sharp:.3}");
    assert!(sharp > 2.0 * dull);
}

#[test]
fn clap_is_four_bursts_in_a_band_and_static_crackles() {
    let clap = |p: &[f32]| {
        let mut v = voice_with("superclap", p);
        play(&mut *v, 0.0, 0.0, 1.0).0
    };
    let y = clap(&[]);
    let c = centroid(&y);
    let c2 = centroid(&clap(&[1.0, 1.0, 2.0]));
    eprintln!(
        "clap: {:.3} s, centroid {c:.0} Hz, pitch1 2 {c2:.0} Hz",
        y.len() as f32 / SR
    );
    assert!(c > 1000.0 && c < 3000.0 && c2 > 1.5 * c);
    // rate 2 halves the bursts.
    let short = clap(&[1.0, 2.0]).len();
    assert!(short < y.len() && short as f32 / SR < 0.05);
    // delay 4, rate 4: bursts at 0, 20, 40, 60 ms of 10 ms each, with gaps between.
    let apart = clap(&[4.0, 4.0]);
    let gap = rms(&window(&apart, 0.012, 0.018));
    let burst = rms(&window(&apart, 0.0205, 0.0265));
    eprintln!("clap spread: gap {gap:.4}, burst {burst:.4}");
    assert!(gap < 0.1 * burst);

    let crackle = |f: f32| {
        let mut v = voice("superstatic");
        let (y, _) = play(&mut *v, f, 1.0, 2.0);
        let w = window(&y, 0.25, 0.75);
        (w.iter().filter(|&&s| s != 0.0).count() as f64 / 0.5, w)
    };
    let (n220, w) = crackle(220.0);
    let (n440, _) = crackle(440.0);
    eprintln!("static clicks per second: {n220:.0} at 220 Hz, {n440:.0} at 440 Hz");
    assert!((n220 / (20.0 * 220.0) - 1.0).abs() < 0.15);
    assert!((n440 / n220 - 2.0).abs() < 0.3);
    let p = psd(&w, 256);
    let hi = p[(5000.0 / 187.5) as usize..].iter().sum::<f64>() / p.iter().sum::<f64>();
    assert!(hi > 0.5, "static is broadband: {hi} above 5 kHz");
}

#[test]
fn library_voices_stay_bounded_and_finite() {
    // Peaks at gain 1 across the range, with default parameters.
    for name in LIBRARY {
        for f in [40.0f32, 261.63, 2000.0, 8000.0] {
            let mut v = voice(name);
            let (y, _) = play(&mut *v, f, 0.4, 3.0);
            let pk = peak(&y);
            assert!(pk < 1.5 && pk > 0.05, "{name} at {f} Hz peaks at {pk}");
        }
    }
    // Garbage in: parameters, frequency, gain and sustain.
    let bad = [
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        1e30,
        -1e30,
        0.0,
        -1.0,
    ];
    for name in LIBRARY {
        for &x in &bad {
            let mut v = voice_with(name, &[x, x, x, x]);
            for &(f, g, s) in &[(x, 1.0, 0.2), (220.0, x, 0.2), (220.0, 1.0, x), (x, x, x)] {
                v.start(f, g, s);
                let mut block = [0.0f32; 64];
                for _ in 0..200 {
                    block.fill(0.0);
                    let more = v.render_add(&mut block);
                    assert!(block.iter().all(|s| s.is_finite()), "{name} with {x}");
                    v.set_freq(x);
                    if !more {
                        break;
                    }
                }
                v.release();
            }
            // Extreme but finite parameters at gain 1 stay bounded.
            if x.is_finite() {
                let (y, _) = play(&mut *v, 220.0, 0.2, 2.0);
                assert!(peak(&y) < 2.0, "{name} with params {x}: peak {}", peak(&y));
            }
        }
        // NaN frequency is SuperDirt's note 0.
        let (a, _) = play(&mut *voice(name), f32::NAN, 0.2, 1.0);
        let (b, _) = play(&mut *voice(name), 261.63, 0.2, 1.0);
        assert!(a == b, "{name}: NaN is not c5");
    }
}

#[test]
fn library_voices_work_at_other_sample_rates() {
    for sr in [8_000.0f32, 44_100.0, 96_000.0, 192_000.0, f32::NAN, -1.0] {
        let rate = sane_rate(sr);
        for name in LIBRARY {
            let mut v = make_voice(name, sr, 1).unwrap();
            v.start(220.0, 1.0, 0.3);
            let mut y = Vec::new();
            let mut block = [0.0f32; 64];
            let mut done = false;
            while y.len() < (4.0 * rate) as usize {
                block.fill(0.0);
                let more = v.render_add(&mut block);
                y.extend_from_slice(&block);
                if !more {
                    done = true;
                    break;
                }
            }
            let pk = peak(&y);
            assert!(y.iter().all(|s| s.is_finite()), "{name} at {sr}");
            assert!(
                done && pk > 0.05 && pk < 1.5,
                "{name} at {sr}: peak {pk}, done {done}"
            );
            // The note sounds at 220 Hz whatever the rate (the clap and static excepted).
            if !["superclap", "superstatic", "superhoover", "superreese"].contains(&name) {
                let n = (0.25 * rate) as usize;
                let w = &y[..n.min(y.len())];
                let amp = |f: f64| tone_amp(w, f, rate as f64);
                assert!(amp(220.0) > 2.0 * amp(233.0), "{name} at {sr}: no 220 Hz");
            }
        }
    }
}
