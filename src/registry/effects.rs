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
            req("room", Value).range(0.0, 1.0),
            req("damping", Value).range(0.0, 1.0),
            opt("mix", Value, "0.3").range(0.0, 1.0),
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
            req("time", Value).range(0.0, 4.0),
            opt("feedback", Value, "0.5").range(-0.99, 0.99),
            opt("mix", Value, "0.5").range(0.0, 1.0),
        ],
        "echo, time in seconds: `# delay 0.375 0.4`",
        kernel(
            |s, _| Box::new(fx::Delay::new(sane_rate(s.sample_rate), channels_of(s, 0))),
            6.0,
        ),
    )
    .sets(&["delay"]),
    entry(
        "pingpong",
        &[],
        Effect,
        &[
            INPUT,
            req("time", Value).range(0.0, 4.0),
            opt("feedback", Value, "0.5").range(-0.99, 0.99),
            opt("mix", Value, "0.5").range(0.0, 1.0),
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
        &[
            INPUT,
            req("drive", Value).range(0.0, 1000.0),
            opt("mix", Value, "1").range(0.0, 1.0),
        ],
        "waveshaping distortion: `# distortion 4`",
        kernel(|s, _| Box::new(fx::Distortion::new(channels_of(s, 0))), 5.0),
    )
    .sets(&["distort"]),
    entry(
        "bitcrush",
        &["crush"],
        Effect,
        &[
            INPUT,
            req("bits", Value).range(1.0, 24.0),
            opt("rate", Value, "1").range(1.0, 4096.0),
        ],
        "bit depth and sample-rate reduction: `# bitcrush 4 8`",
        kernel(|s, _| Box::new(fx::Bitcrush::new(channels_of(s, 0))), 5.0),
    )
    .sets(&["crush", "coarse"]),
    entry(
        "chorus",
        &[],
        Effect,
        &[
            INPUT,
            opt("rate", Value, "1").range(0.0, 20.0),
            opt("depth", Value, "0.5").range(0.0, 1.0),
            opt("mix", Value, "0.5").range(0.0, 1.0),
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
            opt("rate", Value, "0.5").range(0.0, 20.0),
            opt("depth", Value, "0.7").range(0.0, 1.0),
            opt("feedback", Value, "0.5").range(-0.95, 0.95),
            opt("mix", Value, "0.5").range(0.0, 1.0),
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
            opt("rate", Value, "0.5").range(0.0, 20.0),
            opt("depth", Value, "0.7").range(0.0, 1.0),
            opt("feedback", Value, "0.3").range(-0.9, 0.9),
            opt("mix", Value, "0.5").range(0.0, 1.0),
        ],
        "phaser: `# phaser 0.2 0.8`",
        kernel(|s, _| Box::new(fx::Phaser::new(channels_of(s, 0))), 10.0),
    ),
    entry(
        "tremolo",
        &[],
        Effect,
        &[
            INPUT,
            opt("rate", Value, "4").range(0.0, 1000.0),
            opt("depth", Value, "0.5").range(0.0, 1.0),
        ],
        "amplitude modulation, rate in Hz: `# tremolo 6 0.7`",
        kernel(|s, _| Box::new(fx::Tremolo::new(channels_of(s, 0))), 5.0),
    ),
    entry(
        "compressor",
        &[],
        Effect,
        &[
            INPUT,
            opt("threshold", Value, "-12").range(-80.0, 20.0),
            opt("ratio", Value, "4").range(1.0, 1000.0),
            opt("attack", Value, "0.01").range(0.0001, 5.0),
            opt("release", Value, "0.1").range(0.0001, 5.0),
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
            opt("ceiling", Value, "-1").range(-60.0, 0.0),
            opt("release", Value, "0.05").range(0.0001, 5.0),
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
