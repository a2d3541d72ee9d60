//! What one voice of a control pattern goes through after its sound, in SuperDirt's
//! order: `vowel`, `shape`, `hcutoff`, `bandf`, `crush`, `coarse`, `cutoff` (with its
//! envelope, `lpenv`), the amplitude envelope (`attack`, `decay`, `sus`, `hold`/length,
//! `release`), `squiz`, `distort`, `djf`. Each voice has its own filter and envelope
//! state. The player (`render/player.rs`) reads the controls at the voice's onset into a
//! [`VoiceParams`] and then gain, pan and the orbit sends.
//!
//! Threading contract: everything here runs on the audio thread: fixed-size state, no
//! allocation, no panic for any value (non-finite controls count as absent).
//!
//! Mappings (SuperDirt's where it has them):
//! - `resonance`/`hresonance` 0..1 → Q = 1000^r (SuperDirt's `rq` 1 → 0.001 on an
//!   exponential scale), limited to 25 so a voice never self-oscillates into a blast.
//! - `bandq` is the band-pass Q (10 when absent), at unity gain at the centre.
//! - `shape` s: `(1+k)x / (1+k|x|)` with `k = 2s/(1−s)`, s ≤ 0.99 (SuperDirt's `dirt_shape`).
//! - `crush` b: rounds to steps of 2^(1−b) (16: inaudible, 1: a square); `coarse` n keeps
//!   every n-th sample.
//! - `lpenv` e: the cutoff rises by e octaves at the filter envelope's peak (Strudel's
//!   ADSR, `lpattack lpdecay lpsustain lprelease`, defaults 0.005, 0.14, 0, 0.1 s).
//! - `vowel`: five formant band-passes per vowel (tenor formants: frequencies, levels and
//!   bandwidths of the standard formant table), summed.
//! - `squiz` r: each wave cycle (between upward zero crossings) is replayed r times faster,
//!   repeated to fill its length, as SuperCollider's `Squiz`.
//! - `distort` d: `tanh` of the signal driven by 1 + 20d, level-compensated.
//! - `djf`: the same curve as the `djf` filter.

use super::filter::TptSvf;
use super::util::finite_or;

/// Samples between coefficient updates of an enveloped filter.
const FILTER_CHUNK: usize = 16;
/// Highest resonance Q of the per-voice filters.
const MAX_Q: f32 = 25.0;
/// Shortest release, against clicks (seconds).
const MIN_RELEASE: f32 = 0.0013;
/// Longest wave cycle `squiz` replays (samples).
const SQUIZ_LEN: usize = 1024;

/// The controls of one voice, read at its onset. `None`: absent (the stage is skipped).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct VoiceParams {
    pub vowel: Option<Vowel>,
    pub shape: Option<f32>,
    pub hcutoff: Option<f32>,
    pub hresonance: f32,
    pub bandf: Option<f32>,
    pub bandq: f32,
    pub crush: Option<f32>,
    pub coarse: Option<f32>,
    pub cutoff: Option<f32>,
    pub resonance: f32,
    pub lpenv: Option<f32>,
    /// Filter envelope attack, decay, sustain level, release.
    pub lp_adsr: [f32; 4],
    /// Amplitude envelope (`None`: the sound's own, from its start to its end).
    pub env: Option<Adsr>,
    pub squiz: Option<f32>,
    pub distort: Option<f32>,
    pub djf: Option<f32>,
}

/// An amplitude envelope in seconds, held for `gate` seconds (infinite: never released).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Adsr {
    pub attack: f32,
    pub decay: f32,
    pub sustain: f32,
    pub release: f32,
    pub gate: f32,
}

/// The vowels of `vowel`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vowel {
    A,
    E,
    I,
    O,
    U,
}

impl Vowel {
    /// `a e i o u` (SuperDirt also takes their capitals); anything else: none.
    pub fn parse(word: &str) -> Option<Vowel> {
        match word {
            "a" | "A" => Some(Vowel::A),
            "e" | "E" => Some(Vowel::E),
            "i" | "I" => Some(Vowel::I),
            "o" | "O" => Some(Vowel::O),
            "u" | "U" => Some(Vowel::U),
            _ => None,
        }
    }

    /// Formant frequencies (Hz), levels (dB) and bandwidths (Hz) of a tenor voice.
    pub fn formants(self) -> ([f32; 5], [f32; 5], [f32; 5]) {
        match self {
            Vowel::A => (
                [650.0, 1080.0, 2650.0, 2900.0, 3250.0],
                [0.0, -6.0, -7.0, -8.0, -22.0],
                [80.0, 90.0, 120.0, 130.0, 140.0],
            ),
            Vowel::E => (
                [400.0, 1700.0, 2600.0, 3200.0, 3580.0],
                [0.0, -14.0, -12.0, -14.0, -20.0],
                [70.0, 80.0, 100.0, 120.0, 120.0],
            ),
            Vowel::I => (
                [290.0, 1870.0, 2800.0, 3250.0, 3540.0],
                [0.0, -15.0, -18.0, -20.0, -30.0],
                [40.0, 90.0, 100.0, 120.0, 120.0],
            ),
            Vowel::O => (
                [400.0, 800.0, 2600.0, 2800.0, 3000.0],
                [0.0, -10.0, -12.0, -12.0, -26.0],
                [40.0, 80.0, 100.0, 120.0, 120.0],
            ),
            Vowel::U => (
                [350.0, 600.0, 2700.0, 2900.0, 3300.0],
                [0.0, -20.0, -17.0, -14.0, -26.0],
                [40.0, 60.0, 100.0, 120.0, 120.0],
            ),
        }
    }
}

/// Where an envelope is.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct EnvState {
    /// Seconds since the onset.
    t: f32,
    /// The level when the release began (`None`: not released yet).
    released_at: Option<(f32, f32)>,
}

/// The level of an ADSR `t` seconds after its onset; `None` once it has finished.
fn adsr_level(a: f32, d: f32, s: f32, r: f32, gate: f32, st: &mut EnvState) -> Option<f32> {
    let held = |t: f32| {
        if t < a {
            t / a
        } else if t < a + d {
            1.0 + (s - 1.0) * (t - a) / d
        } else {
            s
        }
    };
    let t = st.t;
    if t < gate {
        return Some(held(t));
    }
    let (from, level) = *st.released_at.get_or_insert((gate, held(gate)));
    let into = t - from;
    if into >= r {
        return None;
    }
    Some(level * (1.0 - into / r))
}

/// Per-voice processing state of up to two channels.
#[derive(Clone, Copy, Debug)]
pub struct VoiceFx {
    p: VoiceParams,
    sr: f32,
    inv_sr: f32,
    lpf: [TptSvf<f32>; 2],
    hpf: [TptSvf<f32>; 2],
    bpf: [TptSvf<f32>; 2],
    djf: [[TptSvf<f32>; 2]; 2],
    vowel: [[TptSvf<f32>; 5]; 2],
    vowel_gain: [f32; 5],
    env: EnvState,
    lp_env: EnvState,
    /// Samples into the current filter chunk.
    chunk: usize,
    /// `coarse`: the held samples and how long they have been held.
    coarse_hold: [f32; 2],
    coarse_n: u32,
    squiz: Squiz,
}

impl VoiceFx {
    pub fn new(sample_rate: f32) -> VoiceFx {
        let sr = if sample_rate.is_finite() && sample_rate > 1000.0 {
            sample_rate
        } else {
            48_000.0
        };
        VoiceFx {
            p: VoiceParams::default(),
            sr,
            inv_sr: 1.0 / sr,
            lpf: Default::default(),
            hpf: Default::default(),
            bpf: Default::default(),
            djf: Default::default(),
            vowel: Default::default(),
            vowel_gain: [0.0; 5],
            env: EnvState::default(),
            lp_env: EnvState::default(),
            chunk: 0,
            coarse_hold: [0.0; 2],
            coarse_n: 0,
            squiz: Squiz::default(),
        }
    }

    /// A filter cutoff limited to what the sample rate can hold.
    fn fc(&self, hz: f32) -> f32 {
        finite_or(hz, 1000.0).clamp(10.0, 0.45 * self.sr)
    }

    /// Starts a voice with `p`: clears every state and sets the coefficients.
    pub fn start(&mut self, p: VoiceParams) {
        let sr = self.sr;
        *self = VoiceFx::new(sr);
        self.p = p;
        if let Some(hz) = p.hcutoff {
            let (fc, q) = (self.fc(hz), resonance_q(p.hresonance));
            self.hpf.iter_mut().for_each(|f| f.set(fc, q, sr));
        }
        if let Some(hz) = p.bandf {
            let (fc, q) = (self.fc(hz), finite_or(p.bandq, 10.0).clamp(0.1, 100.0));
            self.bpf.iter_mut().for_each(|f| f.set(fc, q, sr));
        }
        if let Some(amount) = p.djf {
            let (lp, hp) = super::filter::djf_cutoffs(amount);
            let (lp, hp) = (self.fc(lp), self.fc(hp));
            for ch in self.djf.iter_mut() {
                ch[0].set(lp, 1.0, sr);
                ch[1].set(hp, 1.0, sr);
            }
        }
        if let Some(v) = p.vowel {
            let (freqs, levels, widths) = v.formants();
            for k in 0..5 {
                let fc = self.fc(freqs[k]);
                let q = (freqs[k] / widths[k]).clamp(0.5, 50.0);
                for ch in self.vowel.iter_mut() {
                    ch[k].set(fc, q, sr);
                }
                // Summed unity-gain band-passes, lifted so the vowel keeps its loudness.
                self.vowel_gain[k] = 10f32.powf(levels[k] / 20.0) * 2.0;
            }
        }
        self.set_lowpass(0.0);
    }

    /// The lowpass's coefficients at filter-envelope level `e` (0..1).
    fn set_lowpass(&mut self, e: f32) {
        let Some(hz) = self.p.cutoff else {
            return;
        };
        let octaves = self
            .p
            .lpenv
            .map_or(0.0, |o| finite_or(o, 0.0).clamp(-10.0, 10.0));
        let fc = self.fc(hz * (octaves * e).exp2());
        let q = resonance_q(self.p.resonance);
        let sr = self.sr;
        self.lpf.iter_mut().for_each(|f| f.set(fc, q, sr));
    }

    /// Processes one block of the voice in place (`right` is ignored for a mono voice).
    /// Returns false once its amplitude envelope has finished: the voice is over.
    pub fn process(&mut self, left: &mut [f32], right: &mut [f32], stereo: bool) -> bool {
        let n = left.len().min(right.len());
        let channels = if stereo { 2 } else { 1 };
        let p = self.p;
        let [la, ld, ls, lr] = p.lp_adsr;
        let mut alive = true;
        for i in 0..n {
            // The filter envelope moves the cutoff every few samples.
            if p.lpenv.is_some() && p.cutoff.is_some() {
                if self.chunk == 0 {
                    let gate = p.env.map_or(f32::INFINITY, |e| e.gate);
                    let e = adsr_level(la, ld, ls, lr, gate, &mut self.lp_env).unwrap_or(0.0);
                    self.set_lowpass(e);
                }
                self.lp_env.t += self.inv_sr;
                self.chunk = (self.chunk + 1) % FILTER_CHUNK;
            }
            let level = match p.env {
                Some(e) => {
                    let l = adsr_level(
                        e.attack,
                        e.decay,
                        e.sustain,
                        e.release,
                        e.gate,
                        &mut self.env,
                    );
                    self.env.t += self.inv_sr;
                    match l {
                        Some(l) => l,
                        None => {
                            left[i..n].fill(0.0);
                            right[i..n].fill(0.0);
                            alive = false;
                            break;
                        }
                    }
                }
                None => 1.0,
            };
            let coarse_tick = match p.coarse {
                Some(c) if c >= 2.0 => {
                    let tick = self.coarse_n == 0;
                    self.coarse_n += 1;
                    if self.coarse_n as f32 >= c.min(64.0) {
                        self.coarse_n = 0;
                    }
                    Some(tick)
                }
                _ => None,
            };
            for ch in 0..channels {
                let x = if ch == 0 { &mut left[i] } else { &mut right[i] };
                let mut y = finite_or(*x, 0.0);
                if p.vowel.is_some() {
                    let mut sum = 0.0;
                    for (f, g) in self.vowel[ch].iter_mut().zip(self.vowel_gain) {
                        sum += f.bandpass(y) * g;
                    }
                    y = sum;
                }
                if let Some(s) = p.shape {
                    let s = finite_or(s, 0.0).clamp(0.0, 0.99);
                    let k = 2.0 * s / (1.0 - s);
                    y = (1.0 + k) * y / (1.0 + k * y.abs());
                }
                if p.hcutoff.is_some() {
                    y = self.hpf[ch].highpass(y);
                }
                if p.bandf.is_some() {
                    y = self.bpf[ch].bandpass(y);
                }
                if let Some(b) = p.crush {
                    let b = finite_or(b, 16.0).clamp(1.0, 16.0);
                    let step = (1.0 - b).exp2();
                    y = (y / step).round() * step;
                }
                if let Some(tick) = coarse_tick {
                    if tick {
                        self.coarse_hold[ch] = y;
                    }
                    y = self.coarse_hold[ch];
                }
                if p.cutoff.is_some() {
                    y = self.lpf[ch].lowpass(y);
                }
                *x = y * level;
            }
        }
        if let Some(r) = p.squiz {
            if r > 1.0 && r.is_finite() {
                self.squiz.process(&mut left[..n], r.min(16.0));
                if stereo {
                    right[..n].copy_from_slice(&left[..n]);
                }
            }
        }
        for ch in 0..channels {
            let buf = if ch == 0 {
                &mut left[..n]
            } else {
                &mut right[..n]
            };
            if let Some(d) = p.distort {
                let d = finite_or(d, 0.0).clamp(0.0, 1.0);
                let drive = 1.0 + 20.0 * d;
                let makeup = 1.0 / (1.0 + 2.0 * d);
                buf.iter_mut()
                    .for_each(|x| *x = (*x * drive).tanh() * makeup);
            }
            if p.djf.is_some() {
                let [lp, hp] = &mut self.djf[ch];
                buf.iter_mut()
                    .for_each(|x| *x = hp.highpass(lp.lowpass(*x)));
            }
        }
        alive
    }
}

/// `resonance` 0..1 as a filter Q.
fn resonance_q(r: f32) -> f32 {
    let r = finite_or(r, 0.0).clamp(0.0, 1.0);
    1000f32.powf(r).clamp(0.5, MAX_Q)
}

/// The envelope of a voice from its controls: given when any of `attack`, `decay`,
/// `sus`, `release` or a length (`gate` seconds) is set.
pub fn envelope(
    attack: Option<f32>,
    decay: Option<f32>,
    sustain: Option<f32>,
    release: Option<f32>,
    gate: Option<f32>,
) -> Option<Adsr> {
    if attack.is_none()
        && decay.is_none()
        && sustain.is_none()
        && release.is_none()
        && gate.is_none()
    {
        return None;
    }
    let secs =
        |x: Option<f32>, default: f32| finite_or(x.unwrap_or(default), default).clamp(0.0, 60.0);
    Some(Adsr {
        attack: secs(attack, 0.0),
        decay: secs(decay, 0.0),
        sustain: finite_or(sustain.unwrap_or(1.0), 1.0).clamp(0.0, 1.0),
        release: secs(release, 0.0).max(MIN_RELEASE),
        gate: gate.map_or(f32::INFINITY, |g| finite_or(g, f32::INFINITY).max(0.0)),
    })
}

/// `squiz`: replays the last whole wave cycle faster, repeated.
#[derive(Clone, Copy, Debug)]
struct Squiz {
    /// The cycle being recorded.
    rec: [f32; SQUIZ_LEN],
    rec_len: usize,
    /// The last whole cycle, played back.
    play: [f32; SQUIZ_LEN],
    play_len: usize,
    pos: f32,
    last: f32,
}

impl Default for Squiz {
    fn default() -> Squiz {
        Squiz {
            rec: [0.0; SQUIZ_LEN],
            rec_len: 0,
            play: [0.0; SQUIZ_LEN],
            play_len: 0,
            pos: 0.0,
            last: 0.0,
        }
    }
}

impl Squiz {
    fn process(&mut self, buf: &mut [f32], ratio: f32) {
        for x in buf.iter_mut() {
            let input = *x;
            // A cycle ends at an upward zero crossing (or when the buffer is full).
            if (self.last <= 0.0 && input > 0.0 && self.rec_len > 1) || self.rec_len == SQUIZ_LEN {
                self.play[..self.rec_len].copy_from_slice(&self.rec[..self.rec_len]);
                self.play_len = self.rec_len;
                self.rec_len = 0;
                self.pos = 0.0;
            }
            self.rec[self.rec_len] = input;
            self.rec_len += 1;
            self.last = input;
            *x = if self.play_len == 0 {
                0.0
            } else {
                let i = self.pos as usize % self.play_len;
                self.pos += ratio;
                if self.pos >= self.play_len as f32 {
                    self.pos -= self.play_len as f32;
                }
                self.play[i]
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::noise::SplitMix64;
    use crate::dsp::osc::test_support::{band_density, db, psd, rms, tone_amp};

    const SR: f32 = 48_000.0;

    fn noise(n: usize) -> Vec<f32> {
        let mut rng = SplitMix64::new(7);
        (0..n).map(|_| rng.noise() as f32).collect()
    }

    fn sine(freq: f32, amp: f32, n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| amp * (std::f32::consts::TAU * freq * i as f32 / SR).sin())
            .collect()
    }

    /// Runs `x` through a voice with `p`, in blocks of 100 (mono).
    fn run(p: VoiceParams, x: &[f32]) -> Vec<f32> {
        let mut fx = VoiceFx::new(SR);
        fx.start(p);
        let mut out = x.to_vec();
        let mut right = vec![0.0; 100];
        for block in out.chunks_mut(100) {
            let n = block.len();
            fx.process(block, &mut right[..n], false);
        }
        out
    }

    #[test]
    fn vowel_a_puts_its_formants_where_the_table_says() {
        let x = noise(1 << 16);
        let y = run(
            VoiceParams {
                vowel: Vowel::parse("a"),
                ..Default::default()
            },
            &x,
        );
        let p = psd(&y, 4096);
        let band = |lo, hi| band_density(&p, 4096, SR as f64, lo, hi);
        // F1 650 and F2 1080 stand well above the trough between them and above 5 kHz.
        let (f1, f2, trough, high) = (
            band(600.0, 700.0),
            band(1030.0, 1130.0),
            band(820.0, 900.0),
            band(5000.0, 8000.0),
        );
        assert!(
            db(f1 / trough) > 6.0,
            "F1 {:.1} dB over the trough",
            db(f1 / trough)
        );
        assert!(
            db(f2 / trough) > 3.0,
            "F2 {:.1} dB over the trough",
            db(f2 / trough)
        );
        assert!(
            db(f1 / high) > 20.0,
            "F1 {:.1} dB over 5-8 kHz",
            db(f1 / high)
        );
        // `i` has its second formant far higher (1870 Hz): the spectra differ there.
        let yi = run(
            VoiceParams {
                vowel: Vowel::parse("i"),
                ..Default::default()
            },
            &x,
        );
        let pi = psd(&yi, 4096);
        let bi = |lo, hi| band_density(&pi, 4096, SR as f64, lo, hi);
        assert!(bi(1820.0, 1920.0) / bi(1030.0, 1130.0) > 4.0);
        assert!(band(1030.0, 1130.0) / band(1820.0, 1920.0) > 4.0);
    }

    #[test]
    fn cutoff_darkens_and_resonance_peaks_at_the_cutoff() {
        let x = noise(1 << 16);
        let dark = run(
            VoiceParams {
                cutoff: Some(500.0),
                ..Default::default()
            },
            &x,
        );
        let p = psd(&dark, 4096);
        let band = |p: &[f64], lo, hi| band_density(p, 4096, SR as f64, lo, hi);
        // 12 dB/octave: three octaves above the cutoff, about 36 dB down.
        let drop = db(band(&p, 200.0, 300.0) / band(&p, 3800.0, 4200.0));
        assert!(drop > 30.0, "{drop:.1} dB");
        let res = run(
            VoiceParams {
                cutoff: Some(1000.0),
                resonance: 0.4,
                ..Default::default()
            },
            &x,
        );
        let pr = psd(&res, 4096);
        let lift = db(band(&pr, 950.0, 1050.0) / band(&pr, 300.0, 400.0));
        assert!(lift > 6.0, "resonance lifts the cutoff by {lift:.1} dB");
    }

    #[test]
    fn high_and_band_pass_keep_their_bands() {
        let x = noise(1 << 16);
        let hp = run(
            VoiceParams {
                hcutoff: Some(4000.0),
                ..Default::default()
            },
            &x,
        );
        let p = psd(&hp, 4096);
        let band = |p: &[f64], lo, hi| band_density(p, 4096, SR as f64, lo, hi);
        assert!(db(band(&p, 8000.0, 10000.0) / band(&p, 300.0, 500.0)) > 30.0);
        let bp = run(
            VoiceParams {
                bandf: Some(1500.0),
                bandq: 10.0,
                ..Default::default()
            },
            &x,
        );
        let p = psd(&bp, 4096);
        assert!(db(band(&p, 1450.0, 1550.0) / band(&p, 300.0, 500.0)) > 20.0);
        assert!(db(band(&p, 1450.0, 1550.0) / band(&p, 6000.0, 8000.0)) > 20.0);
    }

    #[test]
    fn shape_adds_harmonics_and_crush_and_coarse_quantise() {
        let x = sine(200.0, 0.5, 48_000);
        let plain = tone_amp(&x, 600.0, SR as f64);
        let shaped = run(
            VoiceParams {
                shape: Some(0.8),
                ..Default::default()
            },
            &x,
        );
        let third = tone_amp(&shaped, 600.0, SR as f64);
        assert!(
            plain < 1e-4 && third > 0.02,
            "3rd harmonic {plain} -> {third}"
        );
        assert!(rms(&shaped) > rms(&x) * 1.3, "shape is louder");
        // crush 3: steps of 1/4, so at most 9 levels in -1..1.
        let crushed = run(
            VoiceParams {
                crush: Some(3.0),
                ..Default::default()
            },
            &x,
        );
        let mut levels: Vec<i32> = crushed
            .iter()
            .map(|v| (v * 1000.0).round() as i32)
            .collect();
        levels.sort();
        levels.dedup();
        assert!(levels.len() <= 9 && levels.len() >= 3, "{levels:?}");
        // coarse 8: each value held for 8 samples.
        let held = run(
            VoiceParams {
                coarse: Some(8.0),
                ..Default::default()
            },
            &x,
        );
        assert!(held.chunks(8).all(|c| c.iter().all(|v| *v == c[0])));
        assert!(held[..8].iter().all(|v| *v == held[0]) && held[8] != held[0]);
    }

    #[test]
    fn the_envelope_attacks_holds_and_releases_then_ends_the_voice() {
        let x = vec![1.0f32; 48_000];
        let p = VoiceParams {
            env: envelope(Some(0.01), None, None, Some(0.1), Some(0.2)),
            ..Default::default()
        };
        let mut fx = VoiceFx::new(SR);
        fx.start(p);
        let mut out = x.clone();
        let mut right = vec![0.0; 480];
        let mut ended_at = None;
        for (k, block) in out.chunks_mut(480).enumerate() {
            if !fx.process(block, &mut right, false) && ended_at.is_none() {
                ended_at = Some(k * 480);
            }
        }
        let at = |secs: f32| out[(secs * SR) as usize];
        assert!((at(0.005) - 0.5).abs() < 0.01, "half way up the attack");
        assert!((at(0.1) - 1.0).abs() < 1e-6, "held");
        assert!((at(0.25) - 0.5).abs() < 0.01, "half way down the release");
        assert!(at(0.31) == 0.0);
        let ended = ended_at.expect("the voice ends");
        assert!((0.29..0.32).contains(&(ended as f32 / SR)), "{ended}");
        // Decay to a sustain level.
        let adsr = envelope(Some(0.0), Some(0.1), Some(0.25), None, None);
        let y = run(
            VoiceParams {
                env: adsr,
                ..Default::default()
            },
            &x,
        );
        assert!((y[(0.05 * SR) as usize] - 0.625).abs() < 0.01);
        assert!((y[(0.5 * SR) as usize] - 0.25).abs() < 1e-6);
    }

    #[test]
    fn the_filter_envelope_opens_the_cutoff_then_closes_it() {
        let x = noise(48_000);
        let y = run(
            VoiceParams {
                cutoff: Some(200.0),
                lpenv: Some(5.0),
                lp_adsr: [0.005, 0.1, 0.0, 0.1],
                ..Default::default()
            },
            &x,
        );
        // Bright at the peak (about 6.4 kHz), dark once it has decayed back to 200 Hz.
        let early = rms(&y[480..2400]);
        let late = rms(&y[24_000..48_000]);
        assert!(early > 3.0 * late, "early {early:.4} late {late:.4}");
    }

    #[test]
    fn squiz_raises_the_pitch_of_a_periodic_wave() {
        let x = sine(200.0, 0.5, 48_000);
        let y = run(
            VoiceParams {
                squiz: Some(2.0),
                ..Default::default()
            },
            &x,
        );
        let tail = &y[4800..];
        assert!(tone_amp(tail, 400.0, SR as f64) > 0.2, "an octave up");
        assert!(tone_amp(tail, 200.0, SR as f64) < 0.1);
    }

    #[test]
    fn nothing_non_finite_comes_out_whatever_the_controls() {
        let x = noise(4800);
        let wild = [f32::NAN, f32::INFINITY, -1e30, 1e30, 0.0, -5.0];
        for &w in &wild {
            let p = VoiceParams {
                vowel: Some(Vowel::O),
                shape: Some(w),
                hcutoff: Some(w),
                hresonance: w,
                bandf: Some(w),
                bandq: w,
                crush: Some(w),
                coarse: Some(w),
                cutoff: Some(w),
                resonance: w,
                lpenv: Some(w),
                lp_adsr: [w; 4],
                env: envelope(Some(w), Some(w), Some(w), Some(w), Some(w)),
                squiz: Some(w),
                distort: Some(w),
                djf: Some(w),
            };
            let y = run(p, &x);
            assert!(y.iter().all(|v| v.is_finite() && v.abs() < 100.0), "{w}");
        }
    }
}
