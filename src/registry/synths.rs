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
            opt("freq", Value, "55"),
            opt("decay", Value, "0.4"),
            opt("sweep", Value, "4"),
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
            opt("freq", Value, "180"),
            opt("decay", Value, "0.2"),
            opt("noise", Value, "0.6"),
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
        &[opt("decay", Value, "0.05"), opt("tone", Value, "8000")],
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
            req("freq", Value),
            opt("detune", Value, "0.2"),
            opt("voices", Value, "5"),
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
            req("freq", Value),
            opt("width", Value, "0.5"),
            opt("rate", Value, "0.5"),
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
        &[req("freq", Value), opt("slide", Value, "0")],
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
            req("freq", Value),
            opt("ratio", Value, "2"),
            opt("index", Value, "1"),
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
