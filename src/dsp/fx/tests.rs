//! Measurements of every effect.

use super::*;
use crate::dsp::util::test_support::*;

fn run(name: &str, ins: &[Sig], n: usize) -> Vec<Vec<f32>> {
    let mut k = build(make, name, ins, 512);
    render(k.as_mut(), ins, n, 512)
}

/// Reverberation time from Schroeder's backward-integrated energy decay (T30 × 2).
fn rt60(x: &[f32]) -> f32 {
    let mut edc = vec![0.0f64; x.len()];
    let mut acc = 0.0f64;
    for i in (0..x.len()).rev() {
        acc += (x[i] as f64).powi(2);
        edc[i] = acc;
    }
    let total = edc[0];
    let t = |db: f64| {
        edc.iter()
            .position(|e| 10.0 * (e / total).log10() < db)
            .unwrap_or(x.len()) as f32
            / SR
    };
    2.0 * (t(-35.0) - t(-5.0))
}

#[test]
fn reverb_tail_grows_with_room() {
    let n = 8 * 48_000;
    let mut times = vec![];
    for room in [0.2, 0.5, 0.9] {
        let ins = [
            Sig::audio(impulse(n)),
            Sig::constant(room, n),
            Sig::constant(0.5, n),
            Sig::constant(1.0, n),
        ];
        let o = run("reverb", &ins, n);
        // a real tail: still sounding after 100 ms, decaying, and decorrelated L/R
        let early = rms(&o[0][4800..9600]);
        let late = rms(&o[0][48_000..52_800]);
        assert!(early > 1e-3 && late < early, "room {room}: {early} {late}");
        assert!(o[0][4800..9600] != o[1][4800..9600]);
        times.push(rt60(&o[0]));
    }
    assert!(
        times[0] > 0.3 && times[0] < times[1] && times[1] < times[2],
        "{times:?}"
    );
    assert!(times[2] > 2.0, "{times:?}");
}

#[test]
fn reverb_damping_darkens_the_tail() {
    let n = 48_000;
    let hf = |damping: f32| {
        let ins = [
            Sig::audio(impulse(n)),
            Sig::constant(0.8, n),
            Sig::constant(damping, n),
            Sig::constant(1.0, n),
        ];
        let o = run("reverb", &ins, n);
        let tail = &o[0][24_000..];
        amp_at(tail, 8000.0) / amp_at(tail, 300.0).max(1e-9)
    };
    assert!(hf(1.0) < 0.5 * hf(0.0));
}

#[test]
fn delay_echoes_at_time_with_feedback_gain() {
    let n = 48_000;
    let ins = [
        Sig::audio(impulse(n)),
        Sig::constant(0.1, n),
        Sig::constant(0.5, n),
        Sig::constant(0.5, n),
    ];
    let o = run("delay", &ins, n);
    assert!((o[0][0] - 0.5).abs() < 1e-6, "dry");
    for k in 1..5 {
        let at = 4800 * k;
        let window = &o[0][at - 100..at + 100];
        let (imax, vmax) = window.iter().enumerate().fold((0, 0.0f32), |b, (i, v)| {
            if v.abs() > b.1 {
                (i, v.abs())
            } else {
                b
            }
        });
        assert_eq!(imax + at - 100, at, "echo {k} position");
        let want = 0.5 * 0.5f32.powi(k as i32 - 1);
        assert!((vmax - want).abs() < 1e-3, "echo {k}: {vmax} vs {want}");
    }
    // nothing between echoes
    assert!(peak(&o[0][10..4790]) < 1e-6);
}

#[test]
fn delay_fractional_and_modulated_time_is_safe() {
    let n = 48_000;
    // 2.5 samples: the echo is split between samples 2 and 3
    let ins = [
        Sig::audio(impulse(16)),
        Sig::constant(2.5 / SR, 16),
        Sig::constant(0.0, 16),
        Sig::constant(1.0, 16),
    ];
    let o = run("delay", &ins, 16);
    assert!((o[0][2] - 0.5).abs() < 1e-6 && (o[0][3] - 0.5).abs() < 1e-6);
    // wild time modulation (negative, huge, NaN) stays finite and bounded
    let mut t: Vec<f32> = sine(5.0, 3.0, n);
    t[100] = f32::NAN;
    t[200] = 1e9;
    let ins = [
        Sig::audio(noise(2, n)),
        Sig::audio(t),
        Sig::constant(0.9, n),
        Sig::constant(0.5, n),
    ];
    let o = run("delay", &ins, n);
    assert!(o[0].iter().all(|v| v.is_finite()) && peak(&o[0]) < 20.0);
}

#[test]
fn pingpong_alternates_sides() {
    let n = 24_000;
    let ins = [
        Sig::audio(impulse(n)),
        Sig::constant(0.05, n),
        Sig::constant(0.5, n),
        Sig::constant(1.0, n),
    ];
    let o = run("pingpong", &ins, n);
    let d = 2400;
    assert!((o[0][d] - 1.0).abs() < 1e-5 && o[1][d].abs() < 1e-6);
    assert!((o[1][2 * d] - 0.5).abs() < 1e-5 && o[0][2 * d].abs() < 1e-6);
    assert!((o[0][3 * d] - 0.25).abs() < 1e-5 && o[1][3 * d].abs() < 1e-6);
    assert!((o[1][4 * d] - 0.125).abs() < 1e-5);
}

fn thd(x: &[f32], f0: f32) -> f32 {
    let fund = amp_at(x, f0);
    let harm: f32 = (2..12).map(|k| amp_at(x, f0 * k as f32).powi(2)).sum();
    harm.sqrt() / fund
}

#[test]
fn distortion_thd_rises_with_drive() {
    let n = 48_000;
    let x = sine(200.0, 0.5, n);
    let mut last = 0.0;
    for drive in [0.5, 2.0, 8.0, 32.0] {
        let ins = [
            Sig::audio(x.clone()),
            Sig::constant(drive, n),
            Sig::constant(1.0, n),
        ];
        let o = run("dist", &ins, n);
        let t = thd(&o[0], 200.0);
        assert!(t > last * 1.2, "drive {drive}: thd {t} after {last}");
        assert!(peak(&o[0]) <= 1.0);
        last = t;
    }
    assert!(last > 0.3, "{last}");
    // mix 0 is the dry signal
    let ins = [
        Sig::audio(x.clone()),
        Sig::constant(8.0, n),
        Sig::constant(0.0, n),
    ];
    assert_eq!(run("distortion", &ins, n)[0], x);
}

#[test]
fn bitcrush_limits_levels_and_rate() {
    let n = 48_000;
    let x = sine(100.0, 1.0, n);
    for bits in [1.0f32, 2.0, 3.0, 4.0, 8.0] {
        let ins = [
            Sig::audio(x.clone()),
            Sig::constant(bits, n),
            Sig::constant(1.0, n),
        ];
        let o = run("bitcrush", &ins, n);
        let mut levels: Vec<u32> = o[0].iter().map(|v| v.to_bits()).collect();
        levels.sort();
        levels.dedup();
        let max = 2f32.powf(bits) as usize;
        assert!(
            levels.len() <= max && levels.len() >= max / 2,
            "{bits}: {}",
            levels.len()
        );
    }
    let ins = [
        Sig::audio(noise(5, n)),
        Sig::constant(16.0, n),
        Sig::constant(8.0, n),
    ];
    let o = run("crush", &ins, n);
    let changes = o[0].windows(2).filter(|w| w[0] != w[1]).count();
    assert!(changes <= n / 8 && changes > n / 9, "{changes}");
    assert!(o[0].chunks(8).all(|c| c.iter().all(|v| *v == c[0])));
}

/// Frequencies measured from zero crossings over windows of `win` samples.
fn crossing_freqs(x: &[f32], win: usize) -> Vec<f32> {
    x.chunks(win)
        .map(|c| {
            let z = c.windows(2).filter(|w| w[0] <= 0.0 && w[1] > 0.0).count();
            z as f32 * SR / win as f32
        })
        .collect()
}

#[test]
fn chorus_wobbles_pitch_and_widens() {
    let n = 96_000;
    let x = sine(1000.0, 0.5, n);
    let measure = |depth: f32| {
        let ins = [
            Sig::audio(x.clone()),
            Sig::constant(2.0, n),
            Sig::constant(depth, n),
            Sig::constant(1.0, n),
        ];
        let o = run("chorus", &ins, n);
        let f = crossing_freqs(&o[0][4800..], 2400);
        let spread =
            f.iter().cloned().fold(0.0f32, f32::max) - f.iter().cloned().fold(f32::MAX, f32::min);
        (spread, o)
    };
    let (flat, _) = measure(0.0);
    let (wobble, o) = measure(1.0);
    // 8 ms swing at 2 Hz on 1 kHz: ±100 Hz of vibrato
    assert!(flat <= 20.0, "{flat}");
    assert!(wobble > 80.0, "{wobble}");
    assert!(rms(&o[0]) > 0.3 && o[0] != o[1], "stereo");
}

#[test]
fn flanger_sweeps_a_comb_and_stays_stable() {
    let n = 96_000;
    let ins = [
        Sig::audio(noise(7, n)),
        Sig::constant(0.5, n),
        Sig::constant(1.0, n),
        Sig::constant(0.95, n),
        Sig::constant(0.5, n),
    ];
    let o = run("flanger", &ins, n);
    assert!(o[0].iter().all(|v| v.is_finite()) && peak(&o[0]) < 20.0);
    // the comb moves: short-time spectra at one frequency vary strongly over a sweep
    let levels: Vec<f32> = o[0].chunks(4800).map(|c| db(amp_at(c, 1500.0))).collect();
    let range = levels.iter().cloned().fold(f32::MIN, f32::max)
        - levels.iter().cloned().fold(f32::MAX, f32::min);
    assert!(range > 10.0, "{levels:?}");
}

fn phaser_gain(freq: f32) -> f32 {
    let n = 48_000;
    let x = sine(freq, 0.5, n);
    let ins = [
        Sig::audio(x.clone()),
        Sig::constant(0.0, n),
        Sig::constant(0.7, n),
        Sig::constant(0.0, n),
        Sig::constant(0.5, n),
    ];
    let o = run("phaser", &ins, n);
    db(rms(&o[0][n / 2..])) - db(rms(&x[n / 2..]))
}

#[test]
fn phaser_notches_at_its_centre() {
    // LFO rate 0: the allpasses sit at 800 Hz, where six stages give −540°: a null
    assert!(phaser_gain(800.0) < -30.0, "{}", phaser_gain(800.0));
    assert!(phaser_gain(100.0) > -4.0, "{}", phaser_gain(100.0));
}

#[test]
fn tremolo_modulation_depth() {
    let n = 48_000;
    for depth in [0.3f32, 0.8] {
        let ins = [
            Sig::audio(vec![1.0; n]),
            Sig::constant(5.0, n),
            Sig::constant(depth, n),
        ];
        let o = run("tremolo", &ins, n);
        let hi = o[0].iter().cloned().fold(f32::MIN, f32::max);
        let lo = o[0].iter().cloned().fold(f32::MAX, f32::min);
        assert!((hi - 1.0).abs() < 1e-3 && (lo - (1.0 - depth)).abs() < 1e-3);
        // five dips per second
        let dips = o[0]
            .windows(3)
            .filter(|w| w[1] < w[0] && w[1] <= w[2])
            .count();
        assert_eq!(dips, 5);
    }
}

#[test]
fn compressor_reduces_loud_signals_only() {
    let n = 48_000;
    let level = |amp: f32| {
        let x = sine(1000.0, amp, n);
        let ins = [
            Sig::audio(x.clone()),
            Sig::constant(-12.0, n),
            Sig::constant(4.0, n),
            Sig::constant(0.005, n),
            Sig::constant(0.05, n),
        ];
        let o = run("compressor", &ins, n);
        db(rms(&o[0][n / 2..])) - db(rms(&x[n / 2..]))
    };
    // a full-scale sine is 9 dB over a -12 dB threshold: ratio 4 takes off 6.75 dB
    let loud = level(1.0);
    assert!((loud + 6.75).abs() < 1.0, "{loud}");
    let quiet = level(0.05);
    assert!(quiet.abs() < 0.05, "{quiet}");
}

#[test]
fn limiter_never_exceeds_its_ceiling() {
    let n = 48_000;
    let mut x: Vec<f32> = noise(9, n).iter().map(|v| v * 0.3).collect();
    for i in (1000..n).step_by(3001) {
        x[i] = 4.0; // isolated spikes
    }
    x[20_000..20_050].fill(-3.0);
    let ins = [
        Sig::audio(x.clone()),
        Sig::constant(-1.0, n),
        Sig::constant(0.05, n),
    ];
    let o = run("limiter", &ins, n);
    let ceil = 10f32.powf(-1.0 / 20.0);
    assert!(peak(&o[0]) <= ceil + 1e-6, "{}", peak(&o[0]));
    // quiet material passes unchanged (delayed by the lookahead) once gain recovers
    let look = (LIMITER_LOOKAHEAD_SECONDS * SR).round() as usize;
    assert!((o[0][500 + look] - x[500]).abs() < 1e-6);
    // the limiter works by gain, not by clipping: a loud sine keeps its shape
    let s = sine(100.0, 3.0, n);
    let ins = [Sig::audio(s), Sig::constant(-6.0, n), Sig::constant(0.5, n)];
    let o = run("limiter", &ins, n);
    let tail = &o[0][n / 2..];
    assert!(peak(tail) <= 10f32.powf(-6.0 / 20.0) + 1e-6);
    assert!(thd(tail, 100.0) < 0.1, "{}", thd(tail, 100.0));
}

#[test]
fn pan_is_equal_power() {
    let n = 100;
    for (pos, l, r) in [
        (
            0.5,
            std::f32::consts::FRAC_1_SQRT_2,
            std::f32::consts::FRAC_1_SQRT_2,
        ),
        (0.0, 1.0, 0.0),
        (1.0, 0.0, 1.0),
        (-3.0, 1.0, 0.0),
        (
            f32::NAN,
            std::f32::consts::FRAC_1_SQRT_2,
            std::f32::consts::FRAC_1_SQRT_2,
        ),
    ] {
        let ins = [Sig::audio(vec![1.0; n]), Sig::constant(pos, n)];
        let o = run("pan", &ins, n);
        assert!(
            (o[0][50] - l).abs() < 1e-4 && (o[1][50] - r).abs() < 1e-4,
            "{pos}"
        );
    }
    for pos in [0.1, 0.3, 0.7] {
        let ins = [Sig::audio(vec![1.0; n]), Sig::constant(pos, n)];
        let o = run("pan", &ins, n);
        assert!((o[0][0].powi(2) + o[1][0].powi(2) - 1.0).abs() < 1e-4);
    }
    // a stereo input is unchanged at the centre
    let ins = [
        Sig::stereo(vec![0.5; n], vec![-0.5; n]),
        Sig::constant(0.5, n),
    ];
    let o = run("pan", &ins, n);
    assert!((o[0][3] - 0.5).abs() < 1e-5 && (o[1][3] + 0.5).abs() < 1e-5);
}

#[test]
fn every_effect_is_block_size_independent_under_modulation() {
    let n = 12_000;
    let x = Sig::stereo(saw(110.0, n), noise(4, n));
    let lfo = |lo: f32, hi: f32, hz: f32| {
        Sig::audio(
            sine(hz, 1.0, n)
                .iter()
                .map(|v| lo + (hi - lo) * (0.5 + 0.5 * v))
                .collect(),
        )
    };
    let cases: Vec<(&str, Vec<Sig>)> = vec![
        (
            "reverb",
            vec![
                x.clone(),
                lfo(0.3, 0.9, 2.0),
                lfo(0.1, 0.8, 3.0),
                lfo(0.2, 0.8, 1.0),
            ],
        ),
        (
            "delay",
            vec![
                x.clone(),
                lfo(0.01, 0.05, 2.0),
                lfo(0.2, 0.7, 1.0),
                lfo(0.2, 0.8, 3.0),
            ],
        ),
        (
            "pingpong",
            vec![
                x.clone(),
                lfo(0.01, 0.05, 2.0),
                lfo(0.2, 0.7, 1.0),
                lfo(0.2, 0.8, 3.0),
            ],
        ),
        (
            "distortion",
            vec![x.clone(), lfo(1.0, 10.0, 2.0), lfo(0.2, 1.0, 3.0)],
        ),
        (
            "bitcrush",
            vec![x.clone(), lfo(2.0, 8.0, 2.0), lfo(1.0, 9.0, 3.0)],
        ),
        (
            "chorus",
            vec![
                x.clone(),
                lfo(0.5, 3.0, 0.5),
                lfo(0.2, 1.0, 1.0),
                lfo(0.2, 0.8, 3.0),
            ],
        ),
        (
            "flanger",
            vec![
                x.clone(),
                lfo(0.2, 2.0, 0.5),
                lfo(0.2, 1.0, 1.0),
                lfo(0.0, 0.9, 2.0),
                lfo(0.2, 0.8, 3.0),
            ],
        ),
        (
            "phaser",
            vec![
                x.clone(),
                lfo(0.2, 2.0, 0.5),
                lfo(0.2, 1.0, 1.0),
                lfo(0.0, 0.8, 2.0),
                lfo(0.2, 0.8, 3.0),
            ],
        ),
        (
            "tremolo",
            vec![x.clone(), lfo(2.0, 8.0, 0.5), lfo(0.2, 1.0, 1.0)],
        ),
        (
            "compressor",
            vec![
                x.clone(),
                lfo(-30.0, -6.0, 1.0),
                lfo(2.0, 8.0, 2.0),
                lfo(0.001, 0.02, 3.0),
                lfo(0.05, 0.3, 1.5),
            ],
        ),
        (
            "limiter",
            vec![x.clone(), lfo(-12.0, -1.0, 1.0), lfo(0.01, 0.2, 2.0)],
        ),
        ("pan", vec![x.clone(), lfo(-1.0, 1.0, 2.0)]),
    ];
    for (name, ins) in cases {
        let d = block_size_diff(make, name, &ins, n);
        assert!(d <= 1e-6, "{name}: {d}");
    }
}

#[test]
fn hostile_inputs_stay_finite() {
    let n = 4096;
    let mut x = noise(11, n);
    x[10] = f32::NAN;
    x[20] = f32::INFINITY;
    x[30] = -1e30;
    let bad = Sig::audio((0..n).map(|i| [f32::NAN, 1e9, -1e9, 0.0][i % 4]).collect());
    for name in [
        "reverb",
        "delay",
        "pingpong",
        "dist",
        "crush",
        "chorus",
        "flanger",
        "phaser",
        "tremolo",
        "compressor",
        "limiter",
        "pan",
    ] {
        let arity = match name {
            "reverb" | "delay" | "pingpong" | "chorus" => 4,
            "flanger" | "phaser" | "compressor" => 5,
            "pan" => 2,
            _ => 3,
        };
        let mut ins = vec![Sig::audio(x.clone())];
        ins.extend((1..arity).map(|_| bad.clone()));
        let o = run(name, &ins, n);
        assert!(
            o.iter().flatten().all(|v| v.is_finite() && v.abs() < 1e7),
            "{name}"
        );
    }
}
