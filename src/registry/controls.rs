//! Per-event controls of sample players.

use super::spec::Category::Control;
use super::spec::ParamKind::Value;
use super::spec::*;
use crate::dsp::fx;

pub static FUNCTIONS: &[FunctionSpec] = &[
    entry(
        "gain",
        &[],
        Control,
        &[req("amount", Value).range(0.0, 2.0)],
        "per-event gain: `s \"bd*4\" # gain \"1 0.8\"`",
        control(),
    ),
    entry(
        "pan",
        &[],
        Control,
        &[req("pos", Value).range(0.0, 1.0)],
        "stereo position 0 (left) .. 0.5 (centre) .. 1 (right), equal power: `# pan \"0 1\"`",
        Implementation::Control {
            on_signal: Some(KernelImpl {
                build: |_, _| Box::new(fx::Pan),
                cost: 5.0,
            }),
        },
    ),
    entry(
        "speed",
        &[],
        Control,
        &[req("rate", Value).range(-16.0, 16.0)],
        "sample playback rate (negative: reversed): `# speed 2`",
        control(),
    ),
    entry(
        "n",
        &[],
        Control,
        &[req("index", Value)],
        "sample number within the bank (or note offset): `s \"arpy*4\" # n \"0 1 2 3\"`",
        control(),
    ),
    entry(
        "note",
        &[],
        Control,
        &[req("note", Value).range(-96.0, 96.0)],
        "pitch in semitones or note names: `s \"supersaw\" # note \"0 4 7\"`",
        control(),
    ),
    entry(
        "cut",
        &[],
        Control,
        &[req("group", Value)],
        "a new event stops voices of the same cut group: `# cut 1`",
        control(),
    ),
    entry(
        "begin",
        &[],
        Control,
        &[req("pos", Value).range(0.0, 1.0)],
        "sample start 0..1: `# begin 0.25`",
        control(),
    ),
    entry(
        "end",
        &[],
        Control,
        &[req("pos", Value).range(0.0, 1.0)],
        "sample end 0..1: `# end 0.5`",
        control(),
    ),
    entry(
        "legato",
        &[],
        Control,
        &[req("ratio", Value).range(0.0, 16.0)],
        "voice length relative to its event: `# legato 1`",
        control(),
    ),
    entry(
        "attack",
        &[],
        Control,
        &[req("time", Value).range(0.0, 10.0)],
        "voice fade-in in seconds: `# attack 0.01`",
        control(),
    ),
    entry(
        "release",
        &[],
        Control,
        &[req("time", Value).range(0.0, 10.0)],
        "voice fade-out in seconds: `# release 0.2`",
        control(),
    ),
];
