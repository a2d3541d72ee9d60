//! Oscillators and noises.

use super::spec::Category::Source;
use super::spec::ParamKind::Value;
use super::spec::*;
use crate::dsp::{noise, osc, synth};

pub static FUNCTIONS: &[FunctionSpec] = &[
    entry(
        "sine",
        &[],
        Source,
        &[opt("freq", Value, "1").range(0.0, 20000.0)],
        "sine oscillator, freq in Hz (bare: 1 Hz as a signal, Tidal's 0..1 sine as a pattern; s \"sine\" plays it as a voice): `sine 440`",
        kernel(|s, _| Box::new(osc::Sine::new(s.sample_rate)), 3.0),
    )
    .plays(SynthImpl {
        voice: |sr, _| {
            Box::new(synth::WaveVoice::new(
                synth::Waveform::Sine,
                synth::sane_rate(sr),
            ))
        },
        cost: 6.0,
    })
    .continuous(|t| 0.5 + 0.5 * (std::f64::consts::TAU * t).sin()),
    entry(
        "saw",
        &["sawtooth"],
        Source,
        &[opt("freq", Value, "1").range(0.0, 20000.0)],
        "band-limited sawtooth: `saw \"55 110\"`",
        kernel(|s, _| Box::new(osc::Saw::new(s.sample_rate)), 3.0),
    )
    .plays(SynthImpl {
        voice: |sr, _| {
            Box::new(synth::WaveVoice::new(
                synth::Waveform::Saw,
                synth::sane_rate(sr),
            ))
        },
        cost: 6.0,
    })
    .continuous(|t| t.rem_euclid(1.0)),
    entry(
        "square",
        &[],
        Source,
        &[
            opt("freq", Value, "1").range(0.0, 20000.0),
            opt("width", Value, "0.5").range(0.0, 1.0),
        ],
        "square wave: `square 110`",
        kernel(|s, _| Box::new(osc::Pulse::new(s.sample_rate)), 3.0),
    )
    .plays(SynthImpl {
        voice: |sr, _| {
            Box::new(synth::WaveVoice::new(
                synth::Waveform::Square,
                synth::sane_rate(sr),
            ))
        },
        cost: 6.0,
    })
    .continuous(|t| (t * 2.0).floor().rem_euclid(2.0)),
    entry(
        "tri",
        &["triangle"],
        Source,
        &[opt("freq", Value, "1").range(0.0, 20000.0)],
        "triangle wave: `tri 220`",
        kernel(|s, _| Box::new(osc::Tri::new(s.sample_rate)), 3.0),
    )
    .plays(SynthImpl {
        voice: |sr, _| {
            Box::new(synth::WaveVoice::new(
                synth::Waveform::Triangle,
                synth::sane_rate(sr),
            ))
        },
        cost: 6.0,
    })
    .continuous(|t| 1.0 - (2.0 * t.rem_euclid(1.0) - 1.0).abs()),
    entry(
        "pulse",
        &[],
        Source,
        &[
            opt("freq", Value, "1").range(0.0, 20000.0),
            opt("width", Value, "0.5").range(0.0, 1.0),
        ],
        "pulse wave with a width 0..1: `pulse 110 0.25`",
        kernel(|s, _| Box::new(osc::Pulse::new(s.sample_rate)), 3.0),
    ),
    entry(
        "fm",
        &[],
        Source,
        &[
            req("carrier", Value).range(0.0, 20000.0),
            req("modfreq", Value).range(0.0, 20000.0),
            opt("index", Value, "1").range(0.0, 100.0),
        ],
        "two-operator FM: `fm 220 440 2`",
        kernel(|s, _| Box::new(osc::Fm::new(s.sample_rate)), 12.0),
    ),
    entry(
        "impulse",
        &[],
        Source,
        &[opt("freq", Value, "1").range(0.0, 20000.0)],
        "single-sample clicks at freq Hz: `impulse 4`",
        kernel(|s, _| Box::new(osc::Impulse::new(s.sample_rate)), 3.0),
    ),
    entry(
        "noise",
        &[],
        Source,
        &[],
        "white noise: `noise # lpf 2000`",
        kernel(|_, seed| Box::new(noise::WhiteNoise::new(seed)), 2.5),
    ),
    entry(
        "white_noise",
        &[],
        Source,
        &[],
        "white noise: `white_noise * 0.1`",
        kernel(|_, seed| Box::new(noise::WhiteNoise::new(seed)), 2.5),
    ),
    entry(
        "pink_noise",
        &[],
        Source,
        &[],
        "pink (1/f) noise: `pink_noise * 0.2`",
        kernel(|_, seed| Box::new(noise::PinkNoise::new(seed)), 2.5),
    ),
    entry(
        "brown_noise",
        &[],
        Source,
        &[],
        "brown (1/f^2) noise: `brown_noise * 0.3`",
        kernel(
            |s, seed| Box::new(noise::BrownNoise::new(s.sample_rate, seed)),
            2.5,
        ),
    ),
];
