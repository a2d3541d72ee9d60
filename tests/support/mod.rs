//! Shared helpers for the engine tests: build programs from source, render, measure.

#![allow(dead_code)]

pub mod alloc;
pub mod patterns;

use std::sync::{Arc, OnceLock};

use phonon::render::offline::{render, Rendered};
use phonon::render::{Program, RenderConfig};
use phonon::samples::SampleLibrary;

pub const RATE: f32 = 48_000.0;

/// The bundled kit, loaded once.
pub fn library() -> Arc<SampleLibrary> {
    static LIB: OnceLock<Arc<SampleLibrary>> = OnceLock::new();
    LIB.get_or_init(|| {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
        Arc::new(SampleLibrary::load(&[dir], RATE).0)
    })
    .clone()
}

pub fn program(src: &str) -> Program {
    let config = RenderConfig {
        sample_rate: RATE,
        default_cps: 0.5,
    };
    Program::from_source(src, config, &library()).unwrap_or_else(|e| panic!("{e}"))
}

pub fn render_src(src: &str, seconds: f64, block: usize) -> Rendered {
    let mut p = program(src);
    render(&mut p, (seconds * RATE as f64) as usize, block, |_| {})
}

pub fn rms(x: &[f32]) -> f64 {
    (x.iter().map(|v| (*v as f64).powi(2)).sum::<f64>() / x.len().max(1) as f64).sqrt()
}

/// Upward zero crossings per second.
pub fn crossings_per_second(x: &[f32]) -> f64 {
    let n = x.windows(2).filter(|w| w[0] <= 0.0 && w[1] > 0.0).count();
    n as f64 / (x.len() as f64 / RATE as f64)
}

/// Spectral centroid in Hz of the Hann-windowed power spectrum of the first `len` samples
/// (a plain DFT; fine for test lengths).
pub fn centroid(x: &[f32], len: usize) -> f64 {
    let x = &x[..len.min(x.len())];
    let n = x.len();
    let windowed: Vec<f64> = x
        .iter()
        .enumerate()
        .map(|(i, v)| {
            *v as f64 * (0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / n as f64).cos())
        })
        .collect();
    let (mut num, mut den) = (0.0, 0.0);
    for k in 1..n / 2 {
        let (mut re, mut im) = (0.0f64, 0.0f64);
        let w = -2.0 * std::f64::consts::PI * k as f64 / n as f64;
        for (i, v) in windowed.iter().enumerate() {
            let a = w * i as f64;
            re += v * a.cos();
            im += v * a.sin();
        }
        let power = re * re + im * im;
        num += power * k as f64 * RATE as f64 / n as f64;
        den += power;
    }
    num / den.max(1e-12)
}

/// Sample indices where the signal rises above `threshold` after at least `gap` quiet samples.
pub fn onsets(x: &[f32], threshold: f32, gap: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut quiet = gap;
    for (i, v) in x.iter().enumerate() {
        if v.abs() > threshold {
            if quiet >= gap {
                out.push(i);
            }
            quiet = 0;
        } else {
            quiet += 1;
        }
    }
    out
}
