//! Effects.

use super::spec::Category::Effect;
use super::spec::ParamKind::Value;
use super::spec::*;
use crate::dsp::fx::{self, sane_rate};
use crate::dsp::util::channels_of;

pub static FUNCTIONS: &[FunctionSpec] = &[
    entry(
        "reverb",
        &[],
        Effect,
        &[
            INPUT,
            req("room", Value),
            req("damping", Value),
            opt("mix", Value, "0.3"),
        ],
        "reverb, room and damping 0..1: `~drums # reverb 0.8 0.5`",
        kernel(
            |s, _| {
                Box::new(fx::Reverb::new(
                    sane_rate(s.sample_rate),
                    s.max_block.max(1),
                ))
            },
            52.0,
        ),
    ),
    entry(
        "delay",
        &[],
        Effect,
        &[
            INPUT,
            req("time", Value),
            opt("feedback", Value, "0.5"),
            opt("mix", Value, "0.5"),
        ],
        "echo, time in seconds: `# delay 0.375 0.4`",
        kernel(
            |s, _| Box::new(fx::Delay::new(sane_rate(s.sample_rate), channels_of(s, 0))),
            6.0,
        ),
    ),
    entry(
        "pingpong",
        &[],
        Effect,
        &[
            INPUT,
            req("time", Value),
            opt("feedback", Value, "0.5"),
            opt("mix", Value, "0.5"),
        ],
        "stereo ping-pong delay: `# pingpong 0.25 0.5`",
        kernel(
            |s, _| Box::new(fx::PingPong::new(sane_rate(s.sample_rate))),
            6.0,
        ),
    ),
    entry(
        "distortion",
        &["distort", "dist"],
        Effect,
        &[INPUT, req("drive", Value), opt("mix", Value, "1")],
        "waveshaping distortion: `# distortion 4`",
        kernel(|s, _| Box::new(fx::Distortion::new(channels_of(s, 0))), 5.0),
    ),
    entry(
        "bitcrush",
        &["crush"],
        Effect,
        &[INPUT, req("bits", Value), opt("rate", Value, "1")],
        "bit depth and sample-rate reduction: `# bitcrush 4 8`",
        kernel(|s, _| Box::new(fx::Bitcrush::new(channels_of(s, 0))), 5.0),
    ),
    entry(
        "chorus",
        &[],
        Effect,
        &[
            INPUT,
            opt("rate", Value, "1"),
            opt("depth", Value, "0.5"),
            opt("mix", Value, "0.5"),
        ],
        "chorus: `# chorus 0.8 0.4`",
        kernel(
            |s, _| Box::new(fx::Chorus::new(sane_rate(s.sample_rate))),
            10.0,
        ),
    ),
    entry(
        "flanger",
        &[],
        Effect,
        &[
            INPUT,
            opt("rate", Value, "0.5"),
            opt("depth", Value, "0.7"),
            opt("feedback", Value, "0.5"),
            opt("mix", Value, "0.5"),
        ],
        "flanger: `# flanger 0.3`",
        kernel(
            |s, _| {
                Box::new(fx::Flanger::new(
                    sane_rate(s.sample_rate),
                    channels_of(s, 0),
                ))
            },
            10.0,
        ),
    ),
    entry(
        "phaser",
        &[],
        Effect,
        &[
            INPUT,
            opt("rate", Value, "0.5"),
            opt("depth", Value, "0.7"),
            opt("feedback", Value, "0.3"),
            opt("mix", Value, "0.5"),
        ],
        "phaser: `# phaser 0.2 0.8`",
        kernel(|s, _| Box::new(fx::Phaser::new(channels_of(s, 0))), 10.0),
    ),
    entry(
        "tremolo",
        &[],
        Effect,
        &[INPUT, opt("rate", Value, "4"), opt("depth", Value, "0.5")],
        "amplitude modulation, rate in Hz: `# tremolo 6 0.7`",
        kernel(|s, _| Box::new(fx::Tremolo::new(channels_of(s, 0))), 5.0),
    ),
    entry(
        "compressor",
        &[],
        Effect,
        &[
            INPUT,
            opt("threshold", Value, "-12"),
            opt("ratio", Value, "4"),
            opt("attack", Value, "0.01"),
            opt("release", Value, "0.1"),
        ],
        "compressor, threshold in dB: `# compressor -18 4`",
        kernel(|s, _| Box::new(fx::Compressor::new(channels_of(s, 0))), 5.0),
    ),
    entry(
        "limiter",
        &[],
        Effect,
        &[
            INPUT,
            opt("ceiling", Value, "-1"),
            opt("release", Value, "0.05"),
        ],
        "brick-wall limiter, ceiling in dB: `# limiter -0.3`",
        kernel(
            |s, _| {
                Box::new(fx::Limiter::new(
                    sane_rate(s.sample_rate),
                    channels_of(s, 0),
                ))
            },
            5.0,
        ),
    ),
];
