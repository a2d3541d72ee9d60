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
    entry(
        "superpiano",
        &[],
        Synth,
        &[
            req("freq", Value).range(0.0, 20000.0),
            opt("velocity", Value, "1").range(0.0, 2.0),
            opt("detune", Value, "0.1").range(0.0, 1.0),
            opt("muffle", Value, "1").range(0.0, 2.0),
        ],
        "struck-string piano that rings out and is damped at the note's end: `s \"superpiano*4\"`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperPiano::new(sr, seed))
            },
            cost: 110.0,
        }),
    ),
    entry(
        "supersquare",
        &[],
        Synth,
        &[
            req("freq", Value).range(0.0, 20000.0),
            opt("voice", Value, "0.5").range(0.0, 1.0),
            opt("semitone", Value, "12").range(-48.0, 48.0),
            opt("resonance", Value, "0.2").range(0.0, 1.0),
        ],
        "two pulses through a swept resonant low-pass: `supersquare \"c3 g3\"`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperSquare::new(sr))
            },
            cost: 70.0,
        }),
    ),
    entry(
        "supermandolin",
        &[],
        Synth,
        &[
            req("freq", Value).range(0.0, 20000.0),
            opt("detune", Value, "0.2").range(0.0, 10.0),
            opt("decay", Value, "1").range(0.05, 10.0),
        ],
        "plucked double string: `s \"supermandolin*4\"`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperMandolin::new(sr, seed))
            },
            cost: 15.0,
        }),
    ),
    entry(
        "supergong",
        &[],
        Synth,
        &[
            req("freq", Value).range(0.0, 20000.0),
            opt("voice", Value, "0").range(0.0, 4.0),
            opt("decay", Value, "1").range(0.0, 2.0),
        ],
        "circular plate modes that ring out: `supergong 110`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperGong::new(sr))
            },
            cost: 100.0,
        }),
    ),
    entry(
        "superhammond",
        &[],
        Synth,
        &[
            req("freq", Value).range(0.0, 20000.0),
            opt("voice", Value, "0").range(0.0, 9.0),
            opt("perc", Value, "0").range(0.0, 1.0),
            opt("vibrato", Value, "0.5").range(0.0, 1.0),
        ],
        "drawbar organ, voice 0..9 picks a registration: `superhammond \"c4 e4\" 5`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperHammond::new(sr, seed))
            },
            cost: 95.0,
        }),
    ),
    entry(
        "superhoover",
        &[],
        Synth,
        &[
            req("freq", Value).range(0.0, 20000.0),
            opt("slide", Value, "0").range(-8.0, 8.0),
            opt("decay", Value, "0").range(0.0, 1.0),
        ],
        "rave hoover: `superhoover 220 2`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperHoover::new(sr))
            },
            cost: 105.0,
        }),
    ),
    entry(
        "supercomparator",
        &[],
        Synth,
        &[
            req("freq", Value).range(0.0, 20000.0),
            opt("voice", Value, "0.5").range(0.0, 10.0),
            opt("resonance", Value, "0.5").range(0.0, 1.0),
            opt("lfo", Value, "1").range(0.0, 2.0),
        ],
        "a triangle against 16 slow thresholds, low-passed: `supercomparator 110`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperComparator::new(sr, seed))
            },
            cost: 210.0,
        }),
    ),
    entry(
        "superzow",
        &[],
        Synth,
        &[
            req("freq", Value).range(0.0, 20000.0),
            opt("slide", Value, "1").range(0.01, 100.0),
            opt("detune", Value, "1").range(0.0, 50.0),
            opt("decay", Value, "0").range(0.0, 1.0),
        ],
        "phased variable-width saws: `s \"superzow\"`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperZow::new(sr))
            },
            cost: 45.0,
        }),
    ),
    entry(
        "superstatic",
        &[],
        Synth,
        &[req("freq", Value).range(0.0, 20000.0)],
        "crackle whose density follows the frequency: `superstatic 100`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperStatic::new(sr, seed))
            },
            cost: 8.0,
        }),
    ),
    entry(
        "superreese",
        &[],
        Synth,
        &[
            req("freq", Value).range(0.0, 20000.0),
            opt("detune", Value, "0").range(-50.0, 50.0),
            opt("voice", Value, "0").range(0.0, 2.0),
            opt("accelerate", Value, "0").range(-4.0, 4.0),
        ],
        "detuned, clipped and filtered reese bass: `superreese 55`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperReese::new(sr))
            },
            cost: 38.0,
        }),
    ),
    entry(
        "superclap",
        &[],
        Synth,
        &[
            opt("delay", Value, "1").range(0.0, 20.0),
            opt("rate", Value, "1").range(0.05, 20.0),
            opt("pitch1", Value, "1").range(0.05, 10.0),
        ],
        "hand clap: four filtered noise bursts: `s \"~ superclap\"`",
        Implementation::Synth(SynthImpl {
            voice: |sr, seed| {
                let (sr, _) = (synth::sane_rate(sr), seed);
                Box::new(synth::SuperClap::new(sr, seed))
            },
            cost: 26.0,
        }),
    ),
];
