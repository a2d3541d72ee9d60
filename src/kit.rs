//! The bundled drum kit, synthesised from scratch.
//!
//! [`write_kit`] renders a small kit in the Dirt-Samples layout (`<dir>/<bank>/<bank>_<i>.wav`,
//! 16-bit mono) so that `s "bd sn:2 hh*4"` makes sound with no downloads. Every sound is
//! built here by hand — sine kicks with pitch and amplitude envelopes, tone+noise snares,
//! high-passed metallic noise for hats and cymbals, and so on — from fixed seeds and a
//! hand-written PRNG, so rendering the kit twice gives byte-identical files.
//!
//! The shipped files in `assets/samples` are the output of
//! `write_kit(Path::new("assets/samples"), 44_100)` (`phonon kit assets/samples`).

use std::f64::consts::PI;
use std::fs;
use std::io;
use std::path::Path;

use crate::dsp::filter::TptSvf;
use crate::dsp::noise::SplitMix64 as Rng;
use crate::dsp::osc::poly_blep;

/// The banks of the bundled kit, in the order they are rendered.
pub const KIT_BANKS: &[&str] = &[
    "bd", "sn", "hh", "oh", "cp", "rim", "lt", "mt", "ht", "cr", "cb", "perc", "bass", "arpy",
];

/// Peak level every sound is normalised to: −1 dBFS.
pub const PEAK: f64 = 0.891_250_938_133_745_5;

/// One rendered sound of the kit.
#[derive(Debug, Clone, PartialEq)]
pub struct KitSound {
    /// Bank (folder) name, e.g. `"bd"`.
    pub bank: &'static str,
    /// Position in the bank (`bd:2` is index 2).
    pub index: usize,
    /// Mono samples in −1..1, peak normalised to [`PEAK`].
    pub data: Vec<f32>,
}

impl KitSound {
    /// The file name inside the bank folder, e.g. `bd_0.wav`.
    pub fn file_name(&self) -> String {
        format!("{}_{}.wav", self.bank, self.index)
    }
}

/// Renders every sound of the kit at `sample_rate` (in memory, nothing written).
pub fn render_kit(sample_rate: u32) -> Vec<KitSound> {
    let sr = f64::from(sample_rate.max(8_000));
    let mut out = Vec::new();
    for &bank in KIT_BANKS {
        let sounds = render_bank(bank, sr);
        for (index, raw) in sounds.into_iter().enumerate() {
            out.push(KitSound {
                bank,
                index,
                data: finish(raw, sr),
            });
        }
    }
    out
}

/// Writes the kit into `dir` as `<dir>/<bank>/<bank>_<i>.wav` (16-bit PCM mono at
/// `sample_rate`), creating folders as needed and overwriting existing kit files.
/// Returns the number of files written. Deterministic: the same call writes
/// byte-identical files.
pub fn write_kit(dir: &Path, sample_rate: u32) -> io::Result<usize> {
    let sounds = render_kit(sample_rate);
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    for sound in &sounds {
        let bank_dir = dir.join(sound.bank);
        fs::create_dir_all(&bank_dir)?;
        let path = bank_dir.join(sound.file_name());
        let mut writer = hound::WavWriter::create(&path, spec).map_err(hound_to_io)?;
        for &x in &sound.data {
            writer.write_sample(to_i16(x)).map_err(hound_to_io)?;
        }
        writer.finalize().map_err(hound_to_io)?;
    }
    Ok(sounds.len())
}

fn hound_to_io(e: hound::Error) -> io::Error {
    match e {
        hound::Error::IoError(e) => e,
        other => io::Error::other(other.to_string()),
    }
}

fn to_i16(x: f32) -> i16 {
    (f64::from(x) * 32767.0).round().clamp(-32768.0, 32767.0) as i16
}

// ---------------------------------------------------------------------------------------
// The kit: parameters per bank and variation.

fn render_bank(bank: &str, sr: f64) -> Vec<Vec<f64>> {
    match bank {
        "bd" => vec![
            // classic: long-ish 808 style boom
            kick(sr, 1, 150.0, 50.0, 0.045, 0.16, 0.5, 0.0, 0.10),
            // short and punchy, with a click
            kick(sr, 2, 190.0, 56.0, 0.025, 0.08, 0.3, 0.0, 0.25),
            // deep sub
            kick(sr, 3, 110.0, 42.0, 0.06, 0.22, 0.6, 0.0, 0.05),
            // hard, saturated
            kick(sr, 4, 230.0, 60.0, 0.02, 0.1, 0.4, 2.0, 0.15),
        ],
        "sn" => vec![
            snare(sr, 11, [185.0, 330.0], 0.05, 0.09, 0.8, 1500.0, 0.3),
            snare(sr, 12, [220.0, 400.0], 0.03, 0.05, 1.0, 2500.0, 0.2),
            snare(sr, 13, [160.0, 280.0], 0.08, 0.15, 0.6, 900.0, 0.4),
            snare(sr, 14, [250.0, 450.0], 0.025, 0.12, 1.4, 4000.0, 0.35),
        ],
        "hh" => vec![
            hat(sr, 21, 1.0, 0.6, 0.025, 7000.0, 0.08),
            hat(sr, 22, 1.2, 0.3, 0.04, 8000.0, 0.12),
            hat(sr, 23, 0.9, 0.9, 0.015, 9000.0, 0.06),
            hat(sr, 24, 1.1, 0.5, 0.06, 6500.0, 0.15),
        ],
        "oh" => vec![
            hat(sr, 31, 1.0, 0.6, 0.18, 7000.0, 0.45),
            hat(sr, 32, 1.15, 0.4, 0.12, 8000.0, 0.35),
            hat(sr, 33, 0.9, 0.8, 0.25, 6000.0, 0.5),
        ],
        "cp" => vec![
            clap(sr, 41, 4, 0.011, 0.008, 0.09, 1200.0, 1.5, 0.3),
            clap(sr, 42, 3, 0.015, 0.006, 0.05, 1600.0, 2.0, 0.22),
            clap(sr, 43, 5, 0.009, 0.01, 0.14, 1000.0, 1.2, 0.4),
        ],
        "rim" => vec![
            rim(sr, 51, 1700.0, 480.0, 0.007, 0.07),
            rim(sr, 52, 2200.0, 620.0, 0.005, 0.06),
            rim(sr, 53, 1300.0, 390.0, 0.01, 0.09),
        ],
        "lt" => vec![
            tom(sr, 61, 80.0, 0.35, 0.22, 0.45),
            tom(sr, 62, 92.0, 0.25, 0.16, 0.4),
            tom(sr, 63, 72.0, 0.45, 0.28, 0.5),
        ],
        "mt" => vec![
            tom(sr, 71, 128.0, 0.3, 0.18, 0.4),
            tom(sr, 72, 145.0, 0.22, 0.13, 0.35),
            tom(sr, 73, 116.0, 0.4, 0.22, 0.45),
        ],
        "ht" => vec![
            tom(sr, 81, 190.0, 0.28, 0.15, 0.35),
            tom(sr, 82, 220.0, 0.2, 0.11, 0.3),
            tom(sr, 83, 170.0, 0.35, 0.19, 0.4),
        ],
        "cr" => vec![
            cymbal(sr, 91, 4500.0, 0.32, 0.0, 1.3),
            cymbal(sr, 92, 3500.0, 0.22, 0.35, 0.9),
        ],
        "cb" => vec![
            cowbell(sr, 101, 540.0, 800.0, 0.09, 0.3),
            cowbell(sr, 102, 587.0, 845.0, 0.05, 0.2),
            cowbell(sr, 103, 480.0, 720.0, 0.14, 0.4),
        ],
        "perc" => vec![
            woodblock(sr, 111, 620.0, 0.04, 0.15),
            woodblock(sr, 112, 830.0, 0.03, 0.12),
            woodblock(sr, 113, 1100.0, 0.025, 0.1),
            woodblock(sr, 114, 450.0, 0.06, 0.2),
        ],
        "bass" => vec![
            // A1, C2, D2, E2 with different timbres
            bass(sr, 55.0, Wave::Saw, 600.0, 2500.0, 2.0, 0.6),
            bass(sr, 65.406, Wave::Square, 500.0, 1800.0, 1.2, 0.55),
            bass(sr, 73.416, Wave::Saw, 300.0, 4000.0, 4.0, 0.5),
            bass(sr, 82.407, Wave::Square, 900.0, 1200.0, 0.9, 0.6),
        ],
        "arpy" => vec![
            // a rising C major arpeggio: C4 E4 G4 C5
            pluck(sr, 261.626, 0.8),
            pluck(sr, 329.628, 0.8),
            pluck(sr, 391.995, 0.75),
            pluck(sr, 523.251, 0.7),
        ],
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Voices. Each returns raw (unnormalised) samples; `finish` fades and normalises.

fn frames(sr: f64, secs: f64) -> usize {
    (sr * secs).round() as usize
}

/// Sine kick: exponential pitch drop `f0 -> f1` (time constant `pitch_tau`), exponential
/// amplitude decay `amp_tau`, optional tanh drive and a short noise click.
#[allow(clippy::too_many_arguments)]
fn kick(
    sr: f64,
    seed: u64,
    f0: f64,
    f1: f64,
    pitch_tau: f64,
    amp_tau: f64,
    len: f64,
    drive: f64,
    click: f64,
) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let mut click_lp = svf(sr, 2500.0, 0.7);
    let mut phase = 0.0f64;
    (0..frames(sr, len))
        .map(|i| {
            let t = i as f64 / sr;
            let f = f1 + (f0 - f1) * (-t / pitch_tau).exp();
            let mut s = phase.sin() * (-t / amp_tau).exp();
            phase += 2.0 * PI * f / sr;
            if drive > 0.0 {
                s = (drive * s).tanh() / drive.tanh();
            }
            let c = click_lp.lowpass(rng.noise()) * click * (-t / 0.0015).exp();
            s + c
        })
        .collect()
}

/// Snare: two decaying sines (the shell, with a small pitch drop) plus band-limited noise
/// (the wires).
#[allow(clippy::too_many_arguments)]
fn snare(
    sr: f64,
    seed: u64,
    tones: [f64; 2],
    tone_tau: f64,
    noise_tau: f64,
    noise_level: f64,
    noise_hp: f64,
    len: f64,
) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let mut hp = svf(sr, noise_hp, 0.7);
    let mut lp = svf(sr, 9000.0, 0.7);
    let (mut p0, mut p1) = (0.0f64, 0.0f64);
    (0..frames(sr, len))
        .map(|i| {
            let t = i as f64 / sr;
            let bend = 1.0 + 0.25 * (-t / 0.01).exp();
            let tone = (p0.sin() + 0.6 * p1.sin()) * (-t / tone_tau).exp();
            p0 += 2.0 * PI * tones[0] * bend / sr;
            p1 += 2.0 * PI * tones[1] * bend / sr;
            let n = lp.lowpass(hp.highpass(rng.noise()));
            let noise = n * noise_level * (-t / noise_tau).exp() * attack(t, 0.0007);
            0.7 * tone + noise
        })
        .collect()
}

/// The six square-wave oscillators of the TR-808 cymbal/hat circuit (Hz).
const METAL: [f64; 6] = [205.3, 304.4, 369.6, 522.7, 540.0, 800.0];

/// Hi-hat: metallic squares plus white noise, high-passed twice (24 dB/oct) above
/// `hp` Hz, with an exponential decay `tau`. `scale` retunes the metal, `metal` mixes it.
fn hat(sr: f64, seed: u64, scale: f64, metal: f64, tau: f64, hp: f64, len: f64) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let mut phases: Vec<f64> = METAL.iter().map(|_| rng.unit()).collect();
    let mut hp1 = svf(sr, hp, 0.7);
    let mut hp2 = svf(sr, hp, 0.7);
    let mut bp = svf(sr, (hp * 1.4).min(sr * 0.45), 0.8);
    (0..frames(sr, len))
        .map(|i| {
            let t = i as f64 / sr;
            let mut m = 0.0;
            for (p, f) in phases.iter_mut().zip(METAL) {
                m += square(*p);
                *p = (*p + f * scale * 2.0 / sr).fract();
            }
            let x = metal * m / 6.0 + (1.0 - 0.5 * metal) * rng.noise();
            let x = hp2.highpass(hp1.highpass(x)) + 0.3 * bp.bandpass(x);
            x * (-t / tau).exp() * attack(t, 0.0005)
        })
        .collect()
}

/// Crash/ride: many inharmonic squares plus noise, high-passed, long decay. `bell` adds
/// a pinged partial (ride-like).
fn cymbal(sr: f64, seed: u64, hp: f64, tau: f64, bell: f64, len: f64) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let freqs: Vec<f64> = (0..12).map(|_| 280.0 + 700.0 * rng.unit()).collect();
    let mut phases: Vec<f64> = freqs.iter().map(|_| rng.unit()).collect();
    let mut hp1 = svf(sr, hp, 0.7);
    let mut hp2 = svf(sr, hp, 0.7);
    let mut shimmer = svf(sr, 9000.0, 0.9);
    let mut bell_phase = 0.0f64;
    (0..frames(sr, len))
        .map(|i| {
            let t = i as f64 / sr;
            let mut m = 0.0;
            for (p, f) in phases.iter_mut().zip(&freqs) {
                m += square(*p);
                *p = (*p + f * 2.0 / sr).fract();
            }
            let x = 0.6 * m / 12.0 + 0.7 * rng.noise();
            let body = hp2.highpass(hp1.highpass(x)) + 0.4 * shimmer.bandpass(x);
            let env = (-t / tau).exp() * (0.6 + 0.4 * (-t / 0.04).exp()) * attack(t, 0.001);
            let b = bell * (bell_phase.sin() + 0.5 * (bell_phase * 2.76).sin()) * (-t / 0.3).exp();
            bell_phase += 2.0 * PI * 3150.0 / sr;
            body * env + b * attack(t, 0.0005)
        })
        .collect()
}

/// Clap: `bursts` retriggered noise bursts `spacing` s apart (slightly humanised), then
/// a longer tail, band-passed around `bp` Hz.
#[allow(clippy::too_many_arguments)]
fn clap(
    sr: f64,
    seed: u64,
    bursts: usize,
    spacing: f64,
    burst_tau: f64,
    tail_tau: f64,
    bp: f64,
    q: f64,
    len: f64,
) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let mut starts = Vec::with_capacity(bursts);
    let mut at = 0.0;
    for _ in 0..bursts {
        starts.push(at);
        at += spacing * (0.8 + 0.4 * rng.unit());
    }
    let last = *starts.last().unwrap_or(&0.0);
    let mut band = svf(sr, bp, q);
    let mut hp = svf(sr, 500.0, 0.7);
    (0..frames(sr, len))
        .map(|i| {
            let t = i as f64 / sr;
            let env = if t < last {
                let s = starts
                    .iter()
                    .rev()
                    .find(|&&s| s <= t)
                    .copied()
                    .unwrap_or(0.0);
                (-(t - s) / burst_tau).exp()
            } else {
                (-(t - last) / tail_tau).exp()
            };
            let x = hp.highpass(band.bandpass(rng.noise()));
            x * env * attack(t, 0.0003)
        })
        .collect()
}

/// Rim shot: two very short sines and a high-passed click.
fn rim(sr: f64, seed: u64, f_hi: f64, f_lo: f64, tau: f64, len: f64) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let mut hp = svf(sr, 2000.0, 0.7);
    (0..frames(sr, len))
        .map(|i| {
            let t = i as f64 / sr;
            let tone = (2.0 * PI * f_hi * t).sin() + 0.7 * (2.0 * PI * f_lo * t).sin();
            let click = hp.highpass(rng.noise()) * (-t / 0.0015).exp();
            (tone * (-t / tau).exp() + 0.8 * click) * attack(t, 0.0002)
        })
        .collect()
}

/// Tom: a sine with a pitch drop `bend` (fraction above `f`), an inharmonic overtone at
/// 1.6·f and a little stick noise; amplitude decay `tau`.
fn tom(sr: f64, seed: u64, f: f64, bend: f64, tau: f64, len: f64) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let mut stick = svf(sr, 3000.0, 0.7);
    let (mut p0, mut p1) = (0.0f64, 0.0f64);
    (0..frames(sr, len))
        .map(|i| {
            let t = i as f64 / sr;
            let k = 1.0 + bend * (-t / 0.03).exp();
            let s = p0.sin() * (-t / tau).exp() + 0.25 * p1.sin() * (-t / (tau * 0.35)).exp();
            p0 += 2.0 * PI * f * k / sr;
            p1 += 2.0 * PI * 1.6 * f * k / sr;
            s + 0.2 * stick.lowpass(rng.noise()) * (-t / 0.004).exp()
        })
        .collect()
}

/// Cowbell: two detuned squares, band-passed, with a fast-then-slow decay (808 style).
fn cowbell(sr: f64, seed: u64, f1: f64, f2: f64, tau: f64, len: f64) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let (mut p1, mut p2) = (rng.unit(), rng.unit());
    let mut band = svf(sr, f2 * 1.1, 1.2);
    let mut band2 = svf(sr, f2 * 1.1, 1.2);
    (0..frames(sr, len))
        .map(|i| {
            let t = i as f64 / sr;
            let x = square(p1) + square(p2);
            p1 = (p1 + f1 / sr).fract();
            p2 = (p2 + f2 / sr).fract();
            let env = 0.6 * (-t / 0.012).exp() + 0.4 * (-t / tau).exp();
            band2.bandpass(band.bandpass(x)) * env * attack(t, 0.0005)
        })
        .collect()
}

/// Wood block: a sine with an inharmonic partial (2.57·f) and a band-passed noise tick.
fn woodblock(sr: f64, seed: u64, f: f64, tau: f64, len: f64) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let mut tick = svf(sr, f * 2.0, 2.0);
    let (mut p0, mut p1) = (0.0f64, 0.0f64);
    (0..frames(sr, len))
        .map(|i| {
            let t = i as f64 / sr;
            let k = 1.0 + 0.06 * (-t / 0.005).exp();
            let s = p0.sin() * (-t / tau).exp() + 0.4 * p1.sin() * (-t / (tau * 0.4)).exp();
            p0 += 2.0 * PI * f * k / sr;
            p1 += 2.0 * PI * 2.57 * f * k / sr;
            let n = tick.bandpass(rng.noise()) * (-t / 0.003).exp();
            (s + 0.5 * n) * attack(t, 0.0002)
        })
        .collect()
}

#[derive(Clone, Copy)]
enum Wave {
    Saw,
    Square,
}

/// Synth bass: two slightly detuned band-limited (PolyBLEP) oscillators and a sub sine
/// through a resonant low-pass whose cutoff falls from `cutoff + env_amt` to `cutoff`.
fn bass(sr: f64, f: f64, wave: Wave, cutoff: f64, env_amt: f64, q: f64, len: f64) -> Vec<f64> {
    let mut filter = svf(sr, cutoff, q);
    let (mut pa, mut pb, mut ps) = (0.0f64, 0.37f64, 0.0f64);
    let n = frames(sr, len);
    let release = 0.06;
    (0..n)
        .map(|i| {
            let t = i as f64 / sr;
            let (da, db) = (f * 1.003 / sr, f * 0.997 / sr);
            let osc = match wave {
                Wave::Saw => blep_saw(pa, da) + blep_saw(pb, db),
                Wave::Square => blep_square(pa, da) + blep_square(pb, db),
            } * 0.5;
            pa = (pa + da).fract();
            pb = (pb + db).fract();
            let sub = (2.0 * PI * ps).sin();
            ps = (ps + f / sr).fract();
            retune(&mut filter, sr, cutoff + env_amt * (-t / 0.08).exp(), q);
            let y = filter.lowpass(osc) + 0.35 * sub;
            let amp = attack(t, 0.004) * (0.65 + 0.35 * (-t / 0.15).exp());
            let tail = (len - t).min(release) / release;
            y * amp * tail.clamp(0.0, 1.0)
        })
        .collect()
}

/// Plucked electric-piano/bell tone: 2-operator FM (ratio 1 and a touch of ratio 3.5)
/// whose index decays quickly, with an exponential amplitude decay.
fn pluck(sr: f64, f: f64, len: f64) -> Vec<f64> {
    let (mut pc, mut pm, mut pb) = (0.0f64, 0.0f64, 0.0f64);
    (0..frames(sr, len))
        .map(|i| {
            let t = i as f64 / sr;
            let index = 2.5 * (-t / 0.06).exp() + 0.25;
            let bell = 0.9 * (-t / 0.12).exp();
            let m = index * (2.0 * PI * pm).sin() + bell * (2.0 * PI * pb).sin();
            let s = (2.0 * PI * pc + m).sin();
            pc = (pc + f / sr).fract();
            pm = (pm + f / sr).fract();
            pb = (pb + 3.5 * f / sr).fract();
            s * attack(t, 0.002) * (-t / 0.28).exp()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Building blocks.

/// Linear attack ramp over `secs`.
fn attack(t: f64, secs: f64) -> f64 {
    (t / secs).min(1.0)
}

fn square(phase: f64) -> f64 {
    if phase < 0.5 {
        1.0
    } else {
        -1.0
    }
}

fn blep_saw(phase: f64, dt: f64) -> f64 {
    2.0 * phase - 1.0 - poly_blep(phase, dt)
}

fn blep_square(phase: f64, dt: f64) -> f64 {
    (blep_saw(phase, dt) - blep_saw((phase + 0.5).fract(), dt)) * 0.5
}

/// Fades the last few milliseconds to zero, removes the DC offset's start step, and
/// normalises the peak to [`PEAK`].
fn finish(mut x: Vec<f64>, sr: f64) -> Vec<f32> {
    let fade = frames(sr, 0.005).min(x.len());
    let n = x.len();
    for i in 0..fade {
        let g = 0.5 - 0.5 * (PI * i as f64 / fade as f64).cos();
        x[n - 1 - i] *= g;
    }
    let peak = x.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let gain = if peak > 0.0 { PEAK / peak } else { 0.0 };
    x.iter().map(|v| (v * gain) as f32).collect()
}

/// A kit filter: the shared TPT state-variable filter in `f64`.
fn svf(sr: f64, cutoff: f64, q: f64) -> TptSvf<f64> {
    let mut f = TptSvf::default();
    retune(&mut f, sr, cutoff, q);
    f
}

/// New cutoff and q for a kit filter: cutoff kept between 10 Hz and 0.49·fs, q at least 0.05.
fn retune(f: &mut TptSvf<f64>, sr: f64, cutoff: f64, q: f64) {
    f.set(cutoff.clamp(10.0, sr * 0.49), q.max(0.05), sr);
}

#[cfg(test)]
mod tests {
    use super::*;

    const SR: u32 = 44_100;

    fn sound<'a>(kit: &'a [KitSound], bank: &str, index: usize) -> &'a KitSound {
        kit.iter()
            .find(|s| s.bank == bank && s.index == index)
            .unwrap_or_else(|| panic!("{bank}:{index} missing"))
    }

    /// Power spectrum (Hann-windowed, radix-2 FFT) of the first `n` samples (zero-padded;
    /// `n` a power of two), bins 0..n/2, bin width sr/n.
    fn power_spectrum(x: &[f32], n: usize) -> Vec<f64> {
        assert!(n.is_power_of_two());
        let m = x.len().min(n);
        let mut re: Vec<f64> = (0..n)
            .map(|i| {
                if i < m {
                    f64::from(x[i]) * (0.5 - 0.5 * (2.0 * PI * i as f64 / m as f64).cos())
                } else {
                    0.0
                }
            })
            .collect();
        let mut im = vec![0.0f64; n];
        // bit-reversal permutation
        let bits = n.trailing_zeros();
        for i in 0..n {
            let j = i.reverse_bits() >> (usize::BITS - bits);
            if j > i {
                re.swap(i, j);
            }
        }
        let mut len = 2;
        while len <= n {
            let ang = -2.0 * PI / len as f64;
            for start in (0..n).step_by(len) {
                for k in 0..len / 2 {
                    let (wr, wi) = ((ang * k as f64).cos(), (ang * k as f64).sin());
                    let (a, b) = (start + k, start + k + len / 2);
                    let tr = re[b] * wr - im[b] * wi;
                    let ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
            len *= 2;
        }
        (0..n / 2).map(|k| re[k] * re[k] + im[k] * im[k]).collect()
    }

    #[test]
    fn fft_finds_a_sine() {
        let x: Vec<f32> = (0..4096)
            .map(|i| (2.0 * PI * 1000.0 * i as f64 / f64::from(SR)).sin() as f32)
            .collect();
        assert!((peak_hz(&x) - 1000.0).abs() < 6.0);
        assert!(energy_fraction(&x, 900.0, 1100.0) > 0.999);
    }

    fn energy_fraction(x: &[f32], lo_hz: f64, hi_hz: f64) -> f64 {
        let n = 4096;
        let p = power_spectrum(x, n);
        let bin = f64::from(SR) / n as f64;
        let total: f64 = p.iter().sum();
        let band: f64 = p
            .iter()
            .enumerate()
            .filter(|(k, _)| {
                let f = *k as f64 * bin;
                f >= lo_hz && f < hi_hz
            })
            .map(|(_, v)| v)
            .sum();
        band / total
    }

    fn peak_hz(x: &[f32]) -> f64 {
        let n = 8192;
        let p = power_spectrum(x, n);
        let k = (1..p.len()).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap();
        k as f64 * f64::from(SR) / n as f64
    }

    #[test]
    fn every_bank_has_two_to_four_sounds_peaking_at_minus_1_dbfs() {
        let kit = render_kit(SR);
        for bank in KIT_BANKS {
            let n = kit.iter().filter(|s| s.bank == *bank).count();
            assert!((2..=4).contains(&n), "{bank} has {n} sounds");
        }
        for s in &kit {
            let peak = s.data.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            assert!(
                (f64::from(peak) - PEAK).abs() < 1e-4,
                "{}: peak {peak}",
                s.file_name()
            );
            assert!(s.data.iter().all(|v| v.is_finite()));
            assert!(
                s.data.last().unwrap().abs() < 1e-3,
                "{} ends with a click",
                s.file_name()
            );
            let secs = s.data.len() as f64 / f64::from(SR);
            let limit = match s.bank {
                "cr" => 1.5,
                "bass" | "arpy" => 1.0,
                _ => 0.6,
            };
            assert!(secs <= limit, "{} is {secs} s", s.file_name());
        }
        let bytes: usize = kit.iter().map(|s| 44 + 2 * s.data.len()).sum();
        assert!(bytes < 2_000_000, "kit is {bytes} bytes");
    }

    #[test]
    fn kicks_are_low_and_hats_are_high() {
        let kit = render_kit(SR);
        for i in 0..4 {
            let f = energy_fraction(&sound(&kit, "bd", i).data, 0.0, 200.0);
            assert!(f > 0.8, "bd:{i}: only {f:.3} of its energy below 200 Hz");
        }
        for i in 0..4 {
            let f = energy_fraction(&sound(&kit, "hh", i).data, 5000.0, 1e9);
            assert!(f > 0.8, "hh:{i}: only {f:.3} of its energy above 5 kHz");
        }
        for i in 0..3 {
            let f = energy_fraction(&sound(&kit, "oh", i).data, 5000.0, 1e9);
            assert!(f > 0.7, "oh:{i}: only {f:.3} of its energy above 5 kHz");
        }
    }

    #[test]
    fn toms_are_tuned_low_mid_high_and_arpy_rises() {
        let kit = render_kit(SR);
        for i in 0..3 {
            let lt = peak_hz(&sound(&kit, "lt", i).data);
            let mt = peak_hz(&sound(&kit, "mt", i).data);
            let ht = peak_hz(&sound(&kit, "ht", i).data);
            assert!(lt < mt && mt < ht, "toms {i}: {lt} {mt} {ht}");
        }
        let arpy: Vec<f64> = (0..4)
            .map(|i| peak_hz(&sound(&kit, "arpy", i).data))
            .collect();
        let expected = [261.626, 329.628, 391.995, 523.251];
        for (got, want) in arpy.iter().zip(expected) {
            assert!((got / want - 1.0).abs() < 0.03, "arpy peaks {arpy:?}");
        }
        let bass0 = peak_hz(&sound(&kit, "bass", 0).data);
        assert!(
            (bass0 / 55.0 - 1.0).abs() < 0.05,
            "bass:0 peak at {bass0} Hz"
        );
    }

    #[test]
    fn writing_twice_is_byte_identical() {
        let base = std::env::temp_dir().join(format!("phonon-kit-test-{}", std::process::id()));
        let (a, b) = (base.join("a"), base.join("b"));
        let n = write_kit(&a, SR).unwrap();
        assert_eq!(write_kit(&b, SR).unwrap(), n);
        assert_eq!(n, render_kit(SR).len());
        for bank in KIT_BANKS {
            let mut names: Vec<_> = fs::read_dir(a.join(bank))
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            names.sort();
            assert!(!names.is_empty());
            for name in names {
                let x = fs::read(a.join(bank).join(&name)).unwrap();
                let y = fs::read(b.join(bank).join(&name)).unwrap();
                assert!(x == y, "{bank}/{name:?} differs");
            }
        }
        fs::remove_dir_all(&base).ok();
    }

    /// The committed `assets/samples` matches what the code renders (within 2 LSB, to
    /// allow for libm differences between platforms). Regenerate with `phonon kit`.
    #[test]
    fn bundled_kit_is_up_to_date() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
        if !dir.join("bd").is_dir() {
            // A checkout without the kit may skip this; CI must not.
            assert!(
                std::env::var_os("CI").is_none(),
                "no bundled kit at {} under CI",
                dir.display()
            );
            eprintln!("no bundled kit at {}; skipped", dir.display());
            return;
        }
        for s in render_kit(SR) {
            let path = dir.join(s.bank).join(s.file_name());
            let mut reader =
                hound::WavReader::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let spec = reader.spec();
            assert_eq!(
                (spec.channels, spec.sample_rate, spec.bits_per_sample),
                (1, SR, 16)
            );
            let data: Vec<i16> = reader.samples::<i16>().map(|v| v.unwrap()).collect();
            assert_eq!(data.len(), s.data.len(), "{}", path.display());
            for (a, b) in data.iter().zip(&s.data) {
                assert!(
                    (i32::from(*a) - i32::from(to_i16(*b))).abs() <= 2,
                    "{}",
                    path.display()
                );
            }
        }
    }
}
