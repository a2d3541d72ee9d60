//! Measurements of every synth.

use super::*;
use crate::dsp::osc::test_support::*;

const SR: f32 = 48_000.0;
const NAMES: [&str; 7] = [
    "superkick",
    "supersnare",
    "superhat",
    "supersaw",
    "superpwm",
    "superchip",
    "superfm",
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
    ];
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
        // Held voices sound through their sustain.
        if sustain > 0.0 {
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
        for q in 0..4 {
            let at = q * n / 4;
            let head = rms(&big[at..at + 480]);
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
