//! SuperDirt-style synths: one voice per `s "name"` event, or a note per cycle as a source.

use super::spec::Category::Synth;
use super::spec::ParamKind::Value;
use super::spec::*;
use crate::dsp::synth;

pub static FUNCTIONS: &[FunctionSpec] = &[
    entry(
        "superkick",
        &[],
        Synth,
        &[
            opt("freq", Value, "55").range(20.0, 2000.0),
            opt("decay", Value, "0.4").range(0.01, 10.0),
            opt("sweep", Value, "4").range(1.0, 16.0),
        ],
        "kick drum with a pitch sweep: `superkick 50` or `s \"superkick*4\"`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::Kick::new(sr))
            },
            cost: 15.0,
        }),
    ),
    entry(
        "supersnare",
        &[],
        Synth,
        &[
            opt("freq", Value, "180").range(20.0, 2000.0),
            opt("decay", Value, "0.2").range(0.01, 10.0),
            opt("noise", Value, "0.6").range(0.0, 1.0),
        ],
        "snare: tone plus noise: `s \"~ supersnare\"`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::Snare::new(sr, seed))
            },
            cost: 15.0,
        }),
    ),
    entry(
        "superhat",
        &[],
        Synth,
        &[
            opt("decay", Value, "0.05").range(0.005, 10.0),
            opt("tone", Value, "8000").range(10.0, 20000.0),
        ],
        "hi-hat: filtered noise: `s \"superhat*8\"`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::Hat::new(sr, seed))
            },
            cost: 15.0,
        }),
    ),
    entry(
        "supersaw",
        &[],
        Synth,
        &[
            req("freq", Value).range(0.0, 20000.0),
            opt("detune", Value, "0.2").range(-24.0, 24.0),
            opt("voices", Value, "5").range(1.0, 9.0),
        ],
        "detuned saw stack: `supersaw \"c3 e3\"`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperSaw::new(sr, seed))
            },
            cost: 15.0,
        }),
    ),
    entry(
        "superpwm",
        &[],
        Synth,
        &[
            req("freq", Value).range(0.0, 20000.0),
            opt("width", Value, "0.5").range(0.0, 1.0),
            opt("rate", Value, "0.5").range(0.0, 20.0),
        ],
        "pulse with modulated width: `superpwm 110`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperPwm::new(sr))
            },
            cost: 15.0,
        }),
    ),
    entry(
        "superchip",
        &[],
        Synth,
        &[
            req("freq", Value).range(0.0, 20000.0),
            opt("slide", Value, "0").range(-96.0, 96.0),
        ],
        "chiptune square voice: `superchip \"c4 e4 g4\"`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperChip::new(sr))
            },
            cost: 15.0,
        }),
    ),
    entry(
        "superfm",
        &[],
        Synth,
        &[
            req("freq", Value).range(0.0, 20000.0),
            opt("ratio", Value, "2").range(0.0, 16.0),
            opt("index", Value, "1").range(-100.0, 100.0),
        ],
        "FM voice: `superfm 220 1.5 3`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperFm::new(sr))
            },
            cost: 15.0,
        }),
    ),
];
