//! Envelopes: over each cycle as signals, or triggered per voice and per event.

use super::spec::Category::Envelope;
use super::spec::ParamKind::Value;
use super::spec::*;
use crate::dsp::env;

pub static FUNCTIONS: &[FunctionSpec] = &[
    entry(
        "adsr",
        &[],
        Envelope,
        &[
            req("a", Value).range(0.0, 10.0),
            req("d", Value).range(0.0, 10.0),
            req("s", Value).range(0.0, 1.0),
            req("r", Value).range(0.0, 10.0),
        ],
        "attack-decay-sustain-release, seconds: `saw ~midi # adsr 0.01 0.2 0.6 0.4`",
        Implementation::Envelope(EnvelopeImpl {
            kernel: KernelImpl {
                build: |_, _| Box::new(env::Adsr),
                cost: 5.0,
            },
            triggered: Some(held),
        }),
    ),
    entry(
        "ad",
        &[],
        Envelope,
        &[
            req("a", Value).range(0.0, 10.0),
            req("d", Value).range(0.0, 10.0),
        ],
        "attack-decay envelope: `# ad 0.01 0.3`",
        Implementation::Envelope(EnvelopeImpl {
            kernel: KernelImpl {
                build: |_, _| Box::new(env::Ad),
                cost: 5.0,
            },
            triggered: Some(percussive),
        }),
    ),
    entry(
        "env",
        &[],
        Envelope,
        &[
            opt("attack", Value, "0.01").range(0.0, 10.0),
            opt("release", Value, "0.3").range(0.0, 10.0),
        ],
        "percussive envelope: `# env 0.005 0.2`",
        Implementation::Envelope(EnvelopeImpl {
            kernel: KernelImpl {
                build: |_, _| Box::new(env::Ad),
                cost: 5.0,
            },
            triggered: Some(percussive),
        }),
    ),
    entry(
        "line",
        &[],
        Envelope,
        &[req("a", Value), req("b", Value)],
        "a straight line from a to b over each cycle: `line 0 1`",
        Implementation::Envelope(EnvelopeImpl {
            kernel: KernelImpl {
                build: |_, _| Box::new(env::Line),
                cost: 5.0,
            },
            triggered: None,
        }),
    ),
    entry(
        "xline",
        &[],
        Envelope,
        &[req("a", Value), req("b", Value), req("dur", Value)],
        "exponential line from a to b over dur cycles: `xline 2000 200 1`",
        Implementation::Envelope(EnvelopeImpl {
            kernel: KernelImpl {
                build: |_, _| Box::new(env::XLine),
                cost: 5.0,
            },
            triggered: None,
        }),
    ),
];

/// `ad a d` and `env attack release` triggered: up in `a`, down in `d`, whatever the
/// event's length.
fn percussive(p: &[f32]) -> EnvTimes {
    let at = |i: usize| p.get(i).copied().unwrap_or(0.0);
    EnvTimes {
        attack: at(0),
        decay: at(1),
        sustain: 0.0,
        release: at(1),
        held: false,
    }
}

/// `adsr a d s r` triggered: held at `s` while the key or event lasts.
fn held(p: &[f32]) -> EnvTimes {
    let at = |i: usize| p.get(i).copied().unwrap_or(0.0);
    EnvTimes {
        attack: at(0),
        decay: at(1),
        sustain: at(2),
        release: at(3),
        held: true,
    }
}
