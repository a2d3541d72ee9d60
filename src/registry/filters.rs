//! Filters.

use super::spec::Category::Filter;
use super::spec::ParamKind::Value;
use super::spec::*;
use crate::dsp::filter::{Djf, Moog, QRange, Svf, SvfMode};
use crate::dsp::util::channels_of;

pub static FUNCTIONS: &[FunctionSpec] = &[
    entry(
        "lpf",
        &[],
        Filter,
        &[INPUT, req("cutoff", Value).range(20.0, 20000.0).numbers(), opt("q", Value, "0.707").range(0.025, 40.0)],
        "low-pass filter: `saw 55 # lpf 800 0.7`",
        kernel(
            |s, _| Box::new(Svf::new(SvfMode::Lowpass, QRange::PLAIN, channels_of(s, 0))),
            4.5,
        ),
    )
    .sets(&["cutoff", "resonance"]),
    entry(
        "hpf",
        &[],
        Filter,
        &[INPUT, req("cutoff", Value).range(20.0, 20000.0).numbers(), opt("q", Value, "0.707").range(0.025, 40.0)],
        "high-pass filter: `noise # hpf 5000`",
        kernel(
            |s, _| {
                Box::new(Svf::new(
                    SvfMode::Highpass,
                    QRange::PLAIN,
                    channels_of(s, 0),
                ))
            },
            4.5,
        ),
    )
    .sets(&["hcutoff", "hresonance"]),
    entry(
        "bpf",
        &[],
        Filter,
        &[INPUT, req("cutoff", Value).range(20.0, 20000.0), opt("q", Value, "1").range(0.025, 40.0)],
        "band-pass filter: `noise # bpf 1000 4`",
        kernel(
            |s, _| {
                Box::new(Svf::new(
                    SvfMode::Bandpass,
                    QRange::PLAIN,
                    channels_of(s, 0),
                ))
            },
            4.5,
        ),
    )
    .sets(&["bandf", "bandq"]),
    entry(
        "notch",
        &[],
        Filter,
        &[INPUT, req("cutoff", Value).range(20.0, 20000.0), opt("q", Value, "1").range(0.025, 40.0)],
        "notch filter: `saw 110 # notch 1000 2`",
        kernel(
            |s, _| Box::new(Svf::new(SvfMode::Notch, QRange::PLAIN, channels_of(s, 0))),
            4.5,
        ),
    ),
    entry(
        "rlpf",
        &[],
        Filter,
        &[INPUT, req("cutoff", Value).range(20.0, 20000.0), opt("q", Value, "4").range(0.707, 200.0)],
        "resonant low-pass: `saw 55 # rlpf 600 8`",
        kernel(
            |s, _| {
                Box::new(Svf::new(
                    SvfMode::Lowpass,
                    QRange::RESONANT,
                    channels_of(s, 0),
                ))
            },
            4.5,
        ),
    ),
    entry(
        "rhpf",
        &[],
        Filter,
        &[INPUT, req("cutoff", Value).range(20.0, 20000.0), opt("q", Value, "4").range(0.707, 200.0)],
        "resonant high-pass: `saw 55 # rhpf 300 8`",
        kernel(
            |s, _| {
                Box::new(Svf::new(
                    SvfMode::Highpass,
                    QRange::RESONANT,
                    channels_of(s, 0),
                ))
            },
            4.5,
        ),
    ),
    entry(
        "moog_ladder",
        &["moog"],
        Filter,
        &[INPUT, req("cutoff", Value).range(20.0, 20000.0), opt("res", Value, "0.3").range(0.0, 1.2)],
        "4-pole ladder low-pass, res 0..1: `saw 55 # moog_ladder 800 0.6`",
        kernel(|s, _| Box::new(Moog::new(channels_of(s, 0))), 23.0),
    ),
    entry(
        "djf",
        &[],
        Filter,
        &[INPUT, opt("amount", Value, "0.5").range(0.0, 1.0)],
        "DJ filter, SuperDirt's: below 0.5 a lowpass closing to 20 Hz, above a highpass opening to 10 kHz: `saw 55 # djf 0.3`",
        kernel(|s, _| Box::new(Djf::new(channels_of(s, 0))), 9.0),
    )
    .sets(&["djf"]),
];
