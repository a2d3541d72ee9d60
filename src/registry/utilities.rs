//! Utilities.

use super::spec::Category::Utility;
use super::spec::ParamKind::Value;
use super::spec::*;
use crate::dsp::osc;
use crate::dsp::util::{self, channels_of, widest};

pub static FUNCTIONS: &[FunctionSpec] = &[
    entry(
        "mtof",
        &[],
        Utility,
        &[req("note", Value).range(-100.0, 200.0)],
        "MIDI note number to Hz: `saw (mtof \"60 64 67\")`",
        kernel(|s, _| Box::new(util::Mtof::new(widest(s, 0))), 5.0),
    ),
    entry(
        "phasor",
        &[],
        Utility,
        &[],
        "ramp 0..1 once per cycle: `saw 55 # lpf (phasor * 2000 + 200)`",
        kernel(|_, _| Box::new(osc::Phasor), 3.0),
    ),
    entry(
        "mix",
        &[],
        Utility,
        &[req("a", Value), req("b", Value)],
        "sum of any number of signals: `mix ~a ~b ~c`",
        Implementation::Special(Special::Mix),
    )
    .variadic(),
    entry(
        "xfade",
        &[],
        Utility,
        &[
            req("a", Value),
            req("b", Value),
            req("pos", Value).range(0.0, 1.0),
        ],
        "crossfade a (pos 0) to b (pos 1): `xfade ~a ~b ~m1`",
        kernel(|s, _| Box::new(util::Xfade::new(widest(s, 0))), 5.0),
    ),
    entry(
        "select",
        &[],
        Utility,
        &[req("index", Value), req("a", Value)],
        "pick one of the following signals by index: `select \"<0 1 2>\" ~a ~b ~c`",
        kernel(|s, _| Box::new(util::Select::new(widest(s, 1))), 5.0),
    )
    .variadic(),
    entry(
        "lag",
        &[],
        Utility,
        &[INPUT, opt("time", Value, "0.05").range(0.0, 10.0)],
        "smooth changes over time seconds: `saw (\"110 220\" # lag 0.05)`",
        kernel(|s, _| Box::new(util::Lag::new(channels_of(s, 0))), 5.0),
    ),
    entry(
        "sample_hold",
        &["sah"],
        Utility,
        &[INPUT, req("trigger", Value)],
        "hold the input at each trigger: `sample_hold noise (trig \"t*8\")`",
        kernel(
            |s, _| Box::new(util::SampleHold::new(channels_of(s, 0))),
            5.0,
        ),
    ),
];
