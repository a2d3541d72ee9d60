//! What one registry entry holds: a function's name and aliases, its parameters, its doc
//! line with an example, its category, and its implementation. The implementation is an
//! exhaustive enum, so the compiler, the pattern evaluator and the renderer ask the entry
//! what to build instead of comparing names.

use crate::dsp::synth::Voice;
use crate::dsp::{Kernel, Setup};
use crate::pattern::args::{ArgError, TransformArgs};
use crate::pattern::transforms::Transform;

/// What family a function belongs to; decides how it may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// A pattern transform (`fast`, `every`, `jux`): applied with `$` or passed to another
    /// transform. Its parameters do not include the pattern it transforms.
    Transform,
    /// Builds a pattern from other patterns (`stack`, `cat`, `s`).
    Pattern,
    /// Oscillators and noises.
    Source,
    /// SuperDirt-style synths (`superkick`...), usable as a source or via `s "superkick"`.
    Synth,
    /// Filters; take an input (first argument, or the left side of `#`).
    Filter,
    /// Effects; take an input like filters.
    Effect,
    /// Envelopes.
    Envelope,
    /// Rhythmic gates (`struct`, `tar`, `gate`, `trig`).
    Gate,
    /// Utilities (`range`, `mtof`, `mix`, ...).
    Utility,
    /// A control: a pattern of one per-event parameter of a voice (`n`, `gain`, `room`,
    /// ...), combined with other control patterns by `#` and its family.
    Control,
}

/// The kind of value a parameter accepts, checked before anything runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamKind {
    /// A number, a string pattern, a bus, or any signal expression.
    Value,
    /// A mini-notation pattern or number (must be pattern-like: no audio signals).
    Pattern,
    /// A transform: `(fast 2)`, `rev`, `(# speed 2)`, `(|+ 12)`, `(fast 2 $ rev)`.
    Function,
    /// A list of transforms: `[(fast 2), rev]`.
    FunctionList,
    /// A list of expressions: `[a, b]`.
    List,
    /// A list of Tidal tuples: `[(1, s "bd"), (2, s "sn")]`, `[("a", fast 2)]`.
    Pairs,
    /// The audio input of a filter or effect (injected by `#`, or given first).
    Input,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Param {
    pub name: &'static str,
    pub kind: ParamKind,
    /// The default as source text; `None` means the argument is required.
    pub default: Option<&'static str>,
    /// The range of values that make sense (what `phonon help` shows), if it has one.
    pub range: Option<(f32, f32)>,
    /// Only numbers: a word in a string given here (`every "x"`, `lpf "a b"`) is an error,
    /// not a note name read as a number.
    pub numbers: bool,
}

impl Param {
    /// The same parameter with a documented range.
    pub const fn range(self, lo: f32, hi: f32) -> Param {
        Param {
            range: Some((lo, hi)),
            ..self
        }
    }
    /// The same parameter taking numbers only (see [`Param::numbers`]).
    pub const fn numbers(self) -> Param {
        Param {
            numbers: true,
            ..self
        }
    }
}

/// A DSP kernel: how to build it (off the audio thread; `seed` makes random sources
/// differ between nodes but not between runs) and what it costs.
#[derive(Clone, Copy)]
pub struct KernelImpl {
    pub build: fn(&Setup, u64) -> Box<dyn Kernel>,
    /// Estimated nanoseconds per sample (measured on the development machines; only ratios
    /// matter: the scheduler uses them to decide whether a graph is worth spreading).
    pub cost: f32,
}

/// A synth: a voice started by each `s "name"` event, or played as a continuous source
/// (a new note every cycle) when called with its parameters.
#[derive(Clone, Copy)]
pub struct SynthImpl {
    /// Builds one voice at a sample rate with a seed.
    pub voice: fn(f32, u64) -> Box<dyn Voice>,
    /// Estimated nanoseconds per sample of one sounding voice.
    pub cost: f32,
}

/// How an envelope's parameters map to the times of a triggered one (a MIDI or pattern
/// voice, or each event of a sample player), from its parameter values in registry order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EnvTimes {
    pub attack: f32,
    pub decay: f32,
    pub sustain: f32,
    pub release: f32,
    /// Holds at the sustain level while the key or event lasts (ADSR); otherwise it is
    /// percussive: it decays after the attack whatever the event's length.
    pub held: bool,
}

/// An envelope's triggered form: its times from its parameter values.
pub type TriggeredTimes = fn(&[f32]) -> EnvTimes;

#[derive(Clone, Copy)]
pub struct EnvelopeImpl {
    /// The envelope as a signal over each cycle.
    pub kernel: KernelImpl,
    /// Its form when triggered per voice or per event, if it has one.
    pub triggered: Option<TriggeredTimes>,
}

/// What a transform does when its subject is an audio signal rather than a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnSignal {
    /// `range lo hi sig`: maps the signal's -1..1 to lo..hi (the `range` kernel).
    Range,
    /// `struct "t ~ t t" sig`: the rhythm gates the signal.
    Gate,
}

#[derive(Clone, Copy)]
pub struct TransformImpl {
    /// Builds the transform from its evaluated arguments (in parameter order).
    pub build: fn(&TransformArgs) -> Result<Transform, ArgError>,
    /// What it does to an audio signal, if anything.
    pub on_signal: Option<OnSignal>,
}

/// A pattern built from its evaluated arguments (`run 4`, `irand 8`, `choose [...]`).
#[derive(Clone, Copy)]
pub struct PatternImpl {
    pub build:
        fn(&TransformArgs) -> Result<crate::pattern::Pattern<crate::pattern::Value>, ArgError>,
}

/// How a rhythm pattern becomes a signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateShape {
    /// 1 while an event is on (`gate`).
    Hold,
    /// A one-sample trigger at each onset (`trig`).
    Trigger,
    /// The gate smoothed with attack and release times (`tar`).
    Smoothed,
}

/// Forms the compiler and the pattern evaluator build themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Special {
    /// `s`/`sound`: a pattern of sample or synth names becomes a sample player.
    Sound,
    /// `stack [a, b]`: patterns or signals together.
    Stack,
    /// `cat [a, b]`: one pattern per cycle.
    Cat,
    /// `mix a b c`: the sum of signals.
    Mix,
    /// A rhythm pattern as a signal.
    Gate(GateShape),
}

/// How a function is implemented.
#[derive(Clone, Copy)]
pub enum Implementation {
    Kernel(KernelImpl),
    Synth(SynthImpl),
    Envelope(EnvelopeImpl),
    Transform(TransformImpl),
    /// A pattern made from its arguments.
    Pattern(PatternImpl),
    /// A per-event control: each event gets this key (the entry's name). On an audio
    /// signal after `#` it is the given kernel, if any (`saw 110 # pan 0.2`).
    Control {
        on_signal: Option<KernelImpl>,
    },
    Special(Special),
}

#[derive(Clone, Copy)]
pub struct FunctionSpec {
    pub name: &'static str,
    /// Other names for the same function (`distort`, `dist` for `distortion`).
    pub aliases: &'static [&'static str],
    pub category: Category,
    pub params: &'static [Param],
    /// One line: what it does, with a tiny example in backquotes.
    pub doc: &'static str,
    pub implementation: Implementation,
    /// Takes any number of extra `Value` arguments after its parameters (`mix a b c`).
    pub variadic: bool,
    /// For a filter or effect: the controls its value parameters set, in order, when it
    /// follows a control pattern (`n "0 2" # lpf 800` sets `cutoff`, as Tidal's `lpf`).
    /// Controls set their own name (see [`FunctionSpec::control_key`]).
    pub control_keys: &'static [&'static str],
    /// For an oscillator: the voice `s "name"` plays (`s "saw"`). Synths play their own.
    pub voice: Option<SynthImpl>,
    /// For an oscillator: its form as Tidal's continuous pattern when it stands without a
    /// frequency in a pattern (`# pan sine`): the value 0..1 at a cycle position.
    pub continuous: Option<fn(f64) -> f64>,
}

impl std::fmt::Debug for FunctionSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FunctionSpec")
            .field("name", &self.name)
            .field("category", &self.category)
            .finish_non_exhaustive()
    }
}

/// Two entries are the same entry (the registry holds each name once).
impl PartialEq for FunctionSpec {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

// ------------------------------------------------------------------ table builders

pub const fn req(name: &'static str, kind: ParamKind) -> Param {
    Param {
        name,
        kind,
        default: None,
        range: None,
        numbers: false,
    }
}

pub const fn opt(name: &'static str, kind: ParamKind, default: &'static str) -> Param {
    Param {
        name,
        kind,
        default: Some(default),
        range: None,
        numbers: false,
    }
}

/// The audio input of a filter or effect.
pub const INPUT: Param = req("input", ParamKind::Input);

/// `ParamKind::Pattern` (the name `Pattern` is also a category).
pub const PAT: ParamKind = ParamKind::Pattern;

pub const fn entry(
    name: &'static str,
    aliases: &'static [&'static str],
    category: Category,
    params: &'static [Param],
    doc: &'static str,
    implementation: Implementation,
) -> FunctionSpec {
    FunctionSpec {
        name,
        aliases,
        category,
        params,
        doc,
        implementation,
        variadic: false,
        control_keys: &[],
        voice: None,
        continuous: None,
    }
}

impl FunctionSpec {
    /// The same entry, setting `keys` when it follows a control pattern.
    pub const fn sets(self, keys: &'static [&'static str]) -> FunctionSpec {
        FunctionSpec {
            control_keys: keys,
            ..self
        }
    }

    /// The same entry, playable as a voice by `s "name"`.
    pub const fn plays(self, voice: SynthImpl) -> FunctionSpec {
        FunctionSpec {
            voice: Some(voice),
            ..self
        }
    }

    /// The same entry, a continuous pattern 0..1 over each cycle without a frequency.
    pub const fn continuous(self, f: fn(f64) -> f64) -> FunctionSpec {
        FunctionSpec {
            continuous: Some(f),
            ..self
        }
    }

    /// The same entry, taking any number of extra arguments.
    pub const fn variadic(self) -> FunctionSpec {
        FunctionSpec {
            variadic: true,
            ..self
        }
    }
}

pub const fn kernel(build: fn(&Setup, u64) -> Box<dyn Kernel>, cost: f32) -> Implementation {
    Implementation::Kernel(KernelImpl { build, cost })
}

pub const fn transform(build: fn(&TransformArgs) -> Result<Transform, ArgError>) -> Implementation {
    Implementation::Transform(TransformImpl {
        build,
        on_signal: None,
    })
}

pub const fn pattern(
    build: fn(&TransformArgs) -> Result<crate::pattern::Pattern<crate::pattern::Value>, ArgError>,
) -> Implementation {
    Implementation::Pattern(PatternImpl { build })
}

pub const fn control() -> Implementation {
    Implementation::Control { on_signal: None }
}
