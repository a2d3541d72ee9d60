//! Noise sources: `noise`/`white_noise`, `pink_noise`, `brown_noise`, and the hand-written
//! PRNG ([`Rng`]) every other random sound in `dsp` uses.
//!
//! Threading contract: constructors and `make` run off the audio thread; `process` runs on
//! it and never allocates, locks or panics.
//!
//! Determinism: every kernel owns a generator seeded at construction (`make` uses a fixed
//! seed per name; the compiler passes distinct seeds through [`make_seeded`] so that two
//! noise nodes are not the same signal). The same program therefore renders the same
//! audio, and `reset` restarts the sequence from the seed.
//!
//! Levels (measured in the tests, 48 kHz):
//! - white: uniform in -1..1, RMS 1/√3 ≈ 0.577, flat spectrum.
//! - pink: Paul Kellet's refined filter (-3 dB/octave, accurate from ~10 Hz to ~15 kHz at
//!   44.1/48 kHz), scaled to RMS ≈ 0.2 and clamped to ±1 (5 σ: very rare).
//! - brown: white integrated by a leaky integrator (-6 dB/octave above 20 Hz, flat below so
//!   it does not wander off), RMS ≈ 0.2, clamped to ±1 (5 σ: very rare).

use super::kernel::{BlockCtx, Input, Kernel};
use super::osc::mono_out;

/// SplitMix64's increment (2^64 / φ).
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function: a 64-bit mix in which every input bit affects every
/// output bit.
#[inline(always)]
fn splitmix64_mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64 (Steele, Lea, Flood): the generator the bundled kit is synthesised with
/// (in `f64`), off the audio thread.
#[derive(Clone, Copy, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed.wrapping_mul(GOLDEN_GAMMA) ^ 0xD1B5_4A32_D192_ED03)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN_GAMMA);
        splitmix64_mix(self.0)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform white noise in [−1, 1).
    pub fn noise(&mut self) -> f64 {
        2.0 * self.unit() - 1.0
    }
}

/// xorshift64* (Vigna): 64-bit state, good enough statistics for audio, a few cycles per
/// number. Never zero-state: seeds go through splitmix64 first.
#[derive(Clone, Copy, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        // splitmix64 of the seed, so nearby seeds give unrelated sequences.
        let z = splitmix64_mix(seed.wrapping_add(GOLDEN_GAMMA));
        Rng {
            state: if z == 0 { 0x2545_F491_4F6C_DD1D } else { z },
        }
    }

    #[inline(always)]
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in -1..1 (24-bit resolution).
    #[inline(always)]
    pub fn bipolar(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 * (2.0 / 16_777_216.0) - 1.0
    }

    /// Uniform in 0..1.
    #[inline(always)]
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 * (1.0 / 16_777_216.0)
    }
}

// ---------------------------------------------------------------------------- white

/// `noise`, `white_noise`: uniform white noise in -1..1.
#[derive(Clone)]
pub struct WhiteNoise {
    seed: u64,
    rng: Rng,
}

impl WhiteNoise {
    pub fn new(seed: u64) -> Self {
        WhiteNoise {
            seed,
            rng: Rng::new(seed),
        }
    }
}

impl Kernel for WhiteNoise {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, _inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        let mut rng = self.rng;
        for y in o.iter_mut() {
            *y = rng.bipolar();
        }
        self.rng = rng;
    }

    fn reset(&mut self) {
        self.rng = Rng::new(self.seed);
    }
}

// ----------------------------------------------------------------------------- pink

/// Output gain that brings Kellet's filter (fed with uniform -1..1) to RMS ≈ 0.2.
const PINK_GAIN: f32 = 0.2 / 1.747;

/// `pink_noise`: white noise through Paul Kellet's "refined" pinking filter (seven
/// one-pole sections summed).
#[derive(Clone)]
pub struct PinkNoise {
    seed: u64,
    rng: Rng,
    b: [f32; 7],
}

impl PinkNoise {
    pub fn new(seed: u64) -> Self {
        PinkNoise {
            seed,
            rng: Rng::new(seed),
            b: [0.0; 7],
        }
    }
}

impl Kernel for PinkNoise {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, _inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        let mut rng = self.rng;
        let [mut b0, mut b1, mut b2, mut b3, mut b4, mut b5, mut b6] = self.b;
        for y in o.iter_mut() {
            let w = rng.bipolar();
            b0 = 0.99886 * b0 + w * 0.055_517_9;
            b1 = 0.99332 * b1 + w * 0.075_075_9;
            b2 = 0.96900 * b2 + w * 0.153_852;
            b3 = 0.86650 * b3 + w * 0.310_485_6;
            b4 = 0.55000 * b4 + w * 0.532_952_2;
            b5 = -0.7616 * b5 - w * 0.016_898;
            let p = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
            b6 = w * 0.115_926;
            *y = (p * PINK_GAIN).clamp(-1.0, 1.0);
        }
        // The sections are stable one-poles driven by bounded noise: no denormals.
        self.b = [b0, b1, b2, b3, b4, b5, b6];
        self.rng = rng;
    }

    fn reset(&mut self) {
        self.rng = Rng::new(self.seed);
        self.b = [0.0; 7];
    }
}

// ---------------------------------------------------------------------------- brown

/// Corner below which brown noise stops rising (keeps it from wandering off as DC).
const BROWN_CORNER_HZ: f32 = 20.0;
/// Target RMS of brown noise.
const BROWN_RMS: f32 = 0.2;

/// `brown_noise`: leaky-integrated white noise, `y = a·y + c·w`, clamped to ±1.
#[derive(Clone)]
pub struct BrownNoise {
    seed: u64,
    rng: Rng,
    y: f32,
    leak: f32,
    gain: f32,
}

impl BrownNoise {
    pub fn new(sample_rate: f32, seed: u64) -> Self {
        let sr = if sample_rate > 0.0 {
            sample_rate
        } else {
            48_000.0
        };
        let leak = (-std::f32::consts::TAU * BROWN_CORNER_HZ / sr).exp();
        // Var(y) = c²·Var(w)/(1 - a²) with Var(w) = 1/3.
        let gain = BROWN_RMS * (3.0 * (1.0 - leak * leak)).sqrt();
        BrownNoise {
            seed,
            rng: Rng::new(seed),
            y: 0.0,
            leak,
            gain,
        }
    }
}

impl Kernel for BrownNoise {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, _inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        let mut rng = self.rng;
        let (a, c) = (self.leak, self.gain);
        let mut s = self.y;
        for y in o.iter_mut() {
            s = (a * s + c * rng.bipolar()).clamp(-1.0, 1.0);
            *y = s;
        }
        self.y = s;
        self.rng = rng;
    }

    fn reset(&mut self) {
        self.rng = Rng::new(self.seed);
        self.y = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::super::osc::test_support::*;

    const SR: f32 = 48_000.0;
    const FFT: usize = 4096;

    fn noise(name: &str, seconds: f32) -> Vec<f32> {
        let mut k = make(name, &setup(SR)).unwrap();
        render(&mut *k, SR, &[], (SR * seconds) as usize)
    }

    /// dB per octave between the octave bands 250..500 Hz and 4..8 kHz (4 octaves apart).
    fn slope_db_per_octave(x: &[f32]) -> f64 {
        let p = psd(x, FFT);
        let lo = band_density(&p, FFT, SR as f64, 250.0, 500.0);
        let hi = band_density(&p, FFT, SR as f64, 4000.0, 8000.0);
        db(hi / lo) / 4.0
    }

    #[test]
    fn white_level_mean_and_flatness() {
        let x = noise("white_noise", 10.0);
        let r = rms(&x);
        assert!((r - 0.57735).abs() < 0.005, "rms {r}");
        let mean = x.iter().map(|&v| v as f64).sum::<f64>() / x.len() as f64;
        assert!(mean.abs() < 0.005, "mean {mean}");
        assert!(peak(&x) <= 1.0);
        let s = slope_db_per_octave(&x);
        assert!(s.abs() < 0.3, "white slope {s} dB/oct");
        assert!(noise("noise", 0.1) == noise("white_noise", 0.1)); // noise = white
    }

    #[test]
    fn pink_slope_is_minus_3db_per_octave() {
        let x = noise("pink_noise", 10.0);
        let s = slope_db_per_octave(&x);
        let r = rms(&x);
        eprintln!("pink: {s:.2} dB/octave, rms {r:.3}, peak {}", peak(&x));
        assert!((s + 3.0).abs() < 0.5, "pink slope {s} dB/oct");
        assert!((r - 0.2).abs() < 0.02, "pink rms {r}");
        assert!(peak(&x) <= 1.0);
    }

    #[test]
    fn brown_slope_and_bounds() {
        let x = noise("brown_noise", 20.0);
        assert!(peak(&x) <= 1.0);
        let s = slope_db_per_octave(&x);
        let r = rms(&x);
        eprintln!("brown: {s:.2} dB/octave, rms {r:.3}, peak {}", peak(&x));
        assert!((s + 6.0).abs() < 0.7, "brown slope {s} dB/oct");
        assert!((r - 0.2).abs() < 0.04, "brown rms {r}");
        let mean = x.iter().map(|&v| v as f64).sum::<f64>() / x.len() as f64;
        assert!(mean.abs() < 0.05, "brown wanders: mean {mean}");
    }

    #[test]
    fn deterministic_per_seed_and_resettable() {
        let s = setup(SR);
        for name in ["noise", "pink_noise", "brown_noise"] {
            let mut a = make_seeded(name, &s, 7).unwrap();
            let mut b = make_seeded(name, &s, 7).unwrap();
            let mut c = make_seeded(name, &s, 8).unwrap();
            let ya = render(&mut *a, SR, &[], 5000);
            assert!(ya == render(&mut *b, SR, &[], 5000), "{name}");
            let yc = render(&mut *c, SR, &[], 5000);
            // Different seeds: uncorrelated.
            let corr: f64 = ya
                .iter()
                .zip(&yc)
                .map(|(&p, &q)| p as f64 * q as f64)
                .sum::<f64>()
                / (rms(&ya) * rms(&yc) * 5000.0);
            // (Only white noise is short-term uncorrelated enough to check on 5000 samples.)
            assert!(corr.abs() < 0.05 || name != "noise", "{name} corr {corr}");
            assert!(ya != yc, "{name}");
            a.reset();
            assert!(ya == render(&mut *a, SR, &[], 5000), "{name} after reset");
            // Block size does not matter.
            let mut d = make_seeded(name, &s, 7).unwrap();
            let yd = render_with(&mut *d, SR, 0.5, &[], 5000, 13);
            assert!(ya == yd, "{name} blocks");
        }
    }
}
