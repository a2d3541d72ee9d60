//! The one registry of Phonon's functions and transforms: name, parameters (kind and
//! default), and a one-line doc. The parser's checks, the compiler, `phonon help`, the
//! editor's highlighting and "did you mean" suggestions all read this table; nothing
//! else lists function names.

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
    /// A per-event parameter of a sample player (`gain`, `speed`...), used after `s ... #`.
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
    /// The audio input of a filter or effect (injected by `#`, or given first).
    Input,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub kind: ParamKind,
    /// The default as source text; `None` means the argument is required.
    pub default: Option<&'static str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunctionSpec {
    pub name: &'static str,
    /// Other names for the same function (`distort`, `dist` for `distortion`).
    pub aliases: &'static [&'static str],
    pub category: Category,
    pub params: &'static [Param],
    /// One line: what it does, with a tiny example.
    pub doc: &'static str,
}

use Category::{Control, Effect, Envelope, Filter, Gate, Source, Synth, Transform, Utility};
use ParamKind::{Function, FunctionList, Input, List, Value};

/// `ParamKind::Pattern` (the name `Pattern` is also a category).
const PAT: ParamKind = ParamKind::Pattern;

const fn req(name: &'static str, kind: ParamKind) -> Param {
    Param {
        name,
        kind,
        default: None,
    }
}

const fn opt(name: &'static str, kind: ParamKind, default: &'static str) -> Param {
    Param {
        name,
        kind,
        default: Some(default),
    }
}

const INPUT: Param = req("input", Input);

const fn f(
    name: &'static str,
    aliases: &'static [&'static str],
    category: Category,
    params: &'static [Param],
    doc: &'static str,
) -> FunctionSpec {
    FunctionSpec {
        name,
        aliases,
        category,
        params,
        doc,
    }
}

/// Functions that accept any number of extra positional arguments after their params,
/// all of kind `Value` (`mix a b c d`, `select i a b c`).
const VARIADIC: &[&str] = &["mix", "select"];

/// Every function and transform of the language.
pub static FUNCTIONS: &[FunctionSpec] = &[
    // ------------------------------------------------------------ transforms: time
    f(
        "fast",
        &["density"],
        Transform,
        &[req("factor", PAT)],
        "speed up by a factor: `s \"bd sn\" $ fast 2`",
    ),
    f(
        "slow",
        &["sparsity"],
        Transform,
        &[req("factor", PAT)],
        "slow down by a factor: `s \"bd sn\" $ slow 2`",
    ),
    f(
        "hurry",
        &[],
        Transform,
        &[req("n", PAT)],
        "fast and speed up samples by n: `s \"bd sn\" $ hurry 2`",
    ),
    f(
        "fastGap",
        &[],
        Transform,
        &[req("n", PAT)],
        "squash each cycle into its first 1/n, leaving a gap: `$ fastGap 2`",
    ),
    f(
        "rev",
        &[],
        Transform,
        &[],
        "reverse each cycle: `s \"bd sn hh\" $ rev`",
    ),
    f(
        "palindrome",
        &[],
        Transform,
        &[],
        "play forwards then backwards on alternate cycles: `$ palindrome`",
    ),
    f(
        "iter",
        &[],
        Transform,
        &[req("n", PAT)],
        "shift the start by 1/n each cycle: `$ iter 4`",
    ),
    f(
        "iterBack",
        &[],
        Transform,
        &[req("n", PAT)],
        "like iter, shifting the other way: `$ iterBack 4`",
    ),
    f(
        "ply",
        &[],
        Transform,
        &[req("n", PAT)],
        "repeat each event n times within its span: `$ ply 2`",
    ),
    f(
        "late",
        &[],
        Transform,
        &[req("t", PAT)],
        "shift later by t cycles: `$ late 0.25`",
    ),
    f(
        "early",
        &[],
        Transform,
        &[req("t", PAT)],
        "shift earlier by t cycles: `$ early (1/8)`",
    ),
    f(
        "rotR",
        &[],
        Transform,
        &[req("t", PAT)],
        "rotate right (later) by t cycles: `$ rotR 0.25`",
    ),
    f(
        "rotL",
        &[],
        Transform,
        &[req("t", PAT)],
        "rotate left (earlier) by t cycles: `$ rotL 0.25`",
    ),
    f(
        "zoom",
        &[],
        Transform,
        &[req("start", PAT), req("end", PAT)],
        "play only the part start..end of each cycle, stretched: `$ zoom 0.25 0.75`",
    ),
    f(
        "compress",
        &[],
        Transform,
        &[req("start", PAT), req("end", PAT)],
        "squeeze each cycle into start..end: `$ compress 0.25 0.75`",
    ),
    f(
        "linger",
        &[],
        Transform,
        &[req("fraction", PAT)],
        "repeat the first fraction of each cycle: `$ linger 0.25`",
    ),
    f(
        "repeatCycles",
        &[],
        Transform,
        &[req("n", PAT)],
        "repeat each cycle n times: `$ repeatCycles 2`",
    ),
    f(
        "brak",
        &[],
        Transform,
        &[],
        "squash every other cycle into a breakbeat shape: `$ brak`",
    ),
    f(
        "press",
        &[],
        Transform,
        &[],
        "push each event into the second half of its span: `$ press`",
    ),
    f(
        "swingBy",
        &[],
        Transform,
        &[req("amount", PAT), req("n", PAT)],
        "delay every second of n slices by amount: `$ swingBy (1/3) 4`",
    ),
    f(
        "swing",
        &[],
        Transform,
        &[req("n", PAT)],
        "swingBy 1/3 over n slices: `$ swing 4`",
    ),
    f(
        "segment",
        &[],
        Transform,
        &[req("n", PAT)],
        "sample n discrete events per cycle: `sine $ segment 8`",
    ),
    f(
        "range",
        &[],
        Transform,
        &[req("lo", Value), req("hi", Value)],
        "scale 0..1 to lo..hi: `sine $ range 200 2000` or `range 200 2000 sine`",
    ),
    // ---------------------------------------------------- transforms: conditional
    f(
        "every",
        &[],
        Transform,
        &[req("n", PAT), req("f", Function)],
        "apply f every n-th cycle: `$ every 4 (fast 2)`",
    ),
    f(
        "lastOf",
        &[],
        Transform,
        &[req("n", PAT), req("f", Function)],
        "apply f on the last of every n cycles: `$ lastOf 4 rev`",
    ),
    f(
        "whenmod",
        &[],
        Transform,
        &[req("a", PAT), req("b", PAT), req("f", Function)],
        "apply f when cycle mod a >= b: `$ whenmod 8 6 rev`",
    ),
    f(
        "chunk",
        &[],
        Transform,
        &[req("n", PAT), req("f", Function)],
        "apply f to one of n parts, moving each cycle: `$ chunk 4 (hurry 2)`",
    ),
    f(
        "within",
        &[],
        Transform,
        &[req("start", PAT), req("end", PAT), req("f", Function)],
        "apply f to the part start..end of each cycle: `$ within 0 0.5 (fast 2)`",
    ),
    f(
        "inside",
        &[],
        Transform,
        &[req("n", PAT), req("f", Function)],
        "apply f inside a cycle slowed by n: `$ inside 2 rev`",
    ),
    f(
        "outside",
        &[],
        Transform,
        &[req("n", PAT), req("f", Function)],
        "apply f outside a cycle sped up by n: `$ outside 2 rev`",
    ),
    f(
        "superimpose",
        &[],
        Transform,
        &[req("f", Function)],
        "play the pattern and f of it together: `$ superimpose (fast 2)`",
    ),
    f(
        "off",
        &[],
        Transform,
        &[req("time", PAT), req("f", Function)],
        "superimpose f of the pattern, shifted by time: `$ off 0.125 (# speed 2)`",
    ),
    f(
        "layer",
        &[],
        Transform,
        &[req("fs", FunctionList)],
        "stack the results of several transforms: `$ layer [rev, (fast 2)]`",
    ),
    f(
        "jux",
        &[],
        Transform,
        &[req("f", Function)],
        "the original left, f of it right: `$ jux rev`",
    ),
    f(
        "juxBy",
        &[],
        Transform,
        &[req("amount", PAT), req("f", Function)],
        "jux with a stereo width 0..1: `$ juxBy 0.5 (fast 2)`",
    ),
    f(
        "sometimesBy",
        &[],
        Transform,
        &[req("p", PAT), req("f", Function)],
        "apply f to each event with probability p: `$ sometimesBy 0.3 (# speed 2)`",
    ),
    f(
        "sometimes",
        &[],
        Transform,
        &[req("f", Function)],
        "sometimesBy 0.5: `$ sometimes (# crush 4)`",
    ),
    f(
        "often",
        &[],
        Transform,
        &[req("f", Function)],
        "sometimesBy 0.75: `$ often (fast 2)`",
    ),
    f(
        "rarely",
        &[],
        Transform,
        &[req("f", Function)],
        "sometimesBy 0.25: `$ rarely (fast 2)`",
    ),
    f(
        "almostNever",
        &[],
        Transform,
        &[req("f", Function)],
        "sometimesBy 0.1: `$ almostNever rev`",
    ),
    f(
        "almostAlways",
        &[],
        Transform,
        &[req("f", Function)],
        "sometimesBy 0.9: `$ almostAlways rev`",
    ),
    f(
        "someCyclesBy",
        &[],
        Transform,
        &[req("p", PAT), req("f", Function)],
        "apply f to whole cycles with probability p: `$ someCyclesBy 0.3 rev`",
    ),
    f(
        "someCycles",
        &[],
        Transform,
        &[req("f", Function)],
        "someCyclesBy 0.5: `$ someCycles rev`",
    ),
    // ------------------------------------------------------- transforms: echoes
    f(
        "stut",
        &[],
        Transform,
        &[req("count", PAT), req("feedback", PAT), req("time", PAT)],
        "count echoes, each gain*feedback, time cycles apart: `$ stut 3 0.5 0.125`",
    ),
    f(
        "echo",
        &[],
        Transform,
        &[req("count", PAT), req("time", PAT), req("feedback", PAT)],
        "count echoes time cycles apart, each gain*feedback: `$ echo 3 0.2 0.5`",
    ),
    // ------------------------------------------------------- transforms: structure
    f(
        "degrade",
        &[],
        Transform,
        &[],
        "drop half of the events at random (seeded): `$ degrade`",
    ),
    f(
        "degradeBy",
        &[],
        Transform,
        &[req("p", PAT)],
        "drop events with probability p: `$ degradeBy 0.3`",
    ),
    f(
        "struct",
        &[],
        Transform,
        &[req("pattern", PAT)],
        "take the rhythm from a boolean pattern: `struct \"t ~ t t\" (sine 440)`",
    ),
    f(
        "mask",
        &[],
        Transform,
        &[req("pattern", PAT)],
        "keep only events where the pattern is true: `$ mask \"1 0 1 1\"`",
    ),
    f(
        "euclid",
        &[],
        Transform,
        &[req("k", PAT), req("n", PAT)],
        "k onsets spread over n steps: `s \"bd\" $ euclid 3 8`",
    ),
    f(
        "euclidOff",
        &[],
        Transform,
        &[req("k", PAT), req("n", PAT), req("rot", PAT)],
        "euclid rotated left by rot steps: `$ euclidOff 3 8 2`",
    ),
    f(
        "euclidInv",
        &[],
        Transform,
        &[req("k", PAT), req("n", PAT)],
        "the steps euclid leaves empty: `$ euclidInv 3 8`",
    ),
    f(
        "euclidFull",
        &[],
        Transform,
        &[req("k", PAT), req("n", PAT), req("pat", PAT)],
        "euclid rhythm of pat on the pulses, the subject in the gaps (Tidal order): `euclidFull 3 8 (s \"bd\") (s \"hh\")`",
    ),
    f(
        "scramble",
        &[],
        Transform,
        &[req("n", PAT)],
        "n random slices per cycle, with repeats: `$ scramble 4`",
    ),
    f(
        "shuffle",
        &[],
        Transform,
        &[req("n", PAT)],
        "the n slices of each cycle in random order: `$ shuffle 4`",
    ),
    // ------------------------------------------------------ transforms: samples
    f(
        "chop",
        &[],
        Transform,
        &[req("n", PAT)],
        "cut each sample event into n parts: `$ chop 4`",
    ),
    f(
        "striate",
        &[],
        Transform,
        &[req("n", PAT)],
        "interlace n parts of each sample: `$ striate 4`",
    ),
    f(
        "slice",
        &[],
        Transform,
        &[req("n", PAT), req("pat", PAT)],
        "play slices (of n) chosen by pat: `s \"break\" $ slice 8 \"0 3 2 7\"`",
    ),
    f(
        "splice",
        &[],
        Transform,
        &[req("n", PAT), req("pat", PAT)],
        "slice, fitting each slice's speed to its event: `$ splice 8 \"0 3\"`",
    ),
    f(
        "loopAt",
        &[],
        Transform,
        &[req("n", PAT)],
        "fit the sample to n cycles: `s \"break\" $ loopAt 2`",
    ),
    // ------------------------------------------------------------- patterns
    f(
        "s",
        &["sound"],
        Category::Pattern,
        &[req("pattern", PAT)],
        "play samples and synths by name: `s \"bd*2 [sn cp]\"`",
    ),
    f(
        "stack",
        &[],
        Category::Pattern,
        &[req("items", List)],
        "play patterns or signals together: `stack [s \"bd*4\", s \"hh*8\"]`",
    ),
    f(
        "cat",
        &["slowcat"],
        Category::Pattern,
        &[req("items", List)],
        "one item per cycle, in turn: `cat [s \"bd*2\", s \"sn*4\"]`",
    ),
    // -------------------------------------------------------------- sources
    f(
        "sine",
        &[],
        Source,
        &[opt("freq", Value, "1")],
        "sine oscillator, freq in Hz (bare `sine` = 1 Hz): `sine 440`",
    ),
    f(
        "saw",
        &[],
        Source,
        &[opt("freq", Value, "1")],
        "band-limited sawtooth: `saw \"55 110\"`",
    ),
    f(
        "square",
        &[],
        Source,
        &[opt("freq", Value, "1"), opt("width", Value, "0.5")],
        "square wave: `square 110`",
    ),
    f(
        "tri",
        &["triangle"],
        Source,
        &[opt("freq", Value, "1")],
        "triangle wave: `tri 220`",
    ),
    f(
        "pulse",
        &[],
        Source,
        &[opt("freq", Value, "1"), opt("width", Value, "0.5")],
        "pulse wave with a width 0..1: `pulse 110 0.25`",
    ),
    f(
        "fm",
        &[],
        Source,
        &[
            req("carrier", Value),
            req("modfreq", Value),
            opt("index", Value, "1"),
        ],
        "two-operator FM: `fm 220 440 2`",
    ),
    f(
        "impulse",
        &[],
        Source,
        &[opt("freq", Value, "1")],
        "single-sample clicks at freq Hz: `impulse 4`",
    ),
    f("noise", &[], Source, &[], "white noise: `noise # lpf 2000`"),
    f(
        "white_noise",
        &[],
        Source,
        &[],
        "white noise: `white_noise * 0.1`",
    ),
    f(
        "pink_noise",
        &[],
        Source,
        &[],
        "pink (1/f) noise: `pink_noise * 0.2`",
    ),
    f(
        "brown_noise",
        &[],
        Source,
        &[],
        "brown (1/f^2) noise: `brown_noise * 0.3`",
    ),
    // --------------------------------------------------------------- synths
    f(
        "superkick",
        &[],
        Synth,
        &[
            opt("freq", Value, "55"),
            opt("decay", Value, "0.4"),
            opt("sweep", Value, "4"),
        ],
        "kick drum with a pitch sweep: `superkick 50` or `s \"superkick*4\"`",
    ),
    f(
        "supersnare",
        &[],
        Synth,
        &[
            opt("freq", Value, "180"),
            opt("decay", Value, "0.2"),
            opt("noise", Value, "0.6"),
        ],
        "snare: tone plus noise: `s \"~ supersnare\"`",
    ),
    f(
        "superhat",
        &[],
        Synth,
        &[opt("decay", Value, "0.05"), opt("tone", Value, "8000")],
        "hi-hat: filtered noise: `s \"superhat*8\"`",
    ),
    f(
        "supersaw",
        &[],
        Synth,
        &[
            req("freq", Value),
            opt("detune", Value, "0.2"),
            opt("voices", Value, "5"),
        ],
        "detuned saw stack: `supersaw \"c3 e3\"`",
    ),
    f(
        "superpwm",
        &[],
        Synth,
        &[
            req("freq", Value),
            opt("width", Value, "0.5"),
            opt("rate", Value, "0.5"),
        ],
        "pulse with modulated width: `superpwm 110`",
    ),
    f(
        "superchip",
        &[],
        Synth,
        &[req("freq", Value), opt("slide", Value, "0")],
        "chiptune square voice: `superchip \"c4 e4 g4\"`",
    ),
    f(
        "superfm",
        &[],
        Synth,
        &[
            req("freq", Value),
            opt("ratio", Value, "2"),
            opt("index", Value, "1"),
        ],
        "FM voice: `superfm 220 1.5 3`",
    ),
    // -------------------------------------------------------------- filters
    f(
        "lpf",
        &[],
        Filter,
        &[INPUT, req("cutoff", Value), opt("q", Value, "0.707")],
        "low-pass filter: `saw 55 # lpf 800 0.7`",
    ),
    f(
        "hpf",
        &[],
        Filter,
        &[INPUT, req("cutoff", Value), opt("q", Value, "0.707")],
        "high-pass filter: `noise # hpf 5000`",
    ),
    f(
        "bpf",
        &[],
        Filter,
        &[INPUT, req("cutoff", Value), opt("q", Value, "1")],
        "band-pass filter: `noise # bpf 1000 4`",
    ),
    f(
        "notch",
        &[],
        Filter,
        &[INPUT, req("cutoff", Value), opt("q", Value, "1")],
        "notch filter: `saw 110 # notch 1000 2`",
    ),
    f(
        "rlpf",
        &[],
        Filter,
        &[INPUT, req("cutoff", Value), opt("q", Value, "4")],
        "resonant low-pass: `saw 55 # rlpf 600 8`",
    ),
    f(
        "rhpf",
        &[],
        Filter,
        &[INPUT, req("cutoff", Value), opt("q", Value, "4")],
        "resonant high-pass: `saw 55 # rhpf 300 8`",
    ),
    f(
        "moog_ladder",
        &["moog"],
        Filter,
        &[INPUT, req("cutoff", Value), opt("res", Value, "0.3")],
        "4-pole ladder low-pass, res 0..1: `saw 55 # moog_ladder 800 0.6`",
    ),
    // -------------------------------------------------------------- effects
    f(
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
    ),
    f(
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
    ),
    f(
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
    ),
    f(
        "distortion",
        &["distort", "dist"],
        Effect,
        &[INPUT, req("drive", Value), opt("mix", Value, "1")],
        "waveshaping distortion: `# distortion 4`",
    ),
    f(
        "bitcrush",
        &["crush"],
        Effect,
        &[INPUT, req("bits", Value), opt("rate", Value, "1")],
        "bit depth and sample-rate reduction: `# bitcrush 4 8`",
    ),
    f(
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
    ),
    f(
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
    ),
    f(
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
    ),
    f(
        "tremolo",
        &[],
        Effect,
        &[INPUT, opt("rate", Value, "4"), opt("depth", Value, "0.5")],
        "amplitude modulation, rate in Hz: `# tremolo 6 0.7`",
    ),
    f(
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
    ),
    f(
        "limiter",
        &[],
        Effect,
        &[
            INPUT,
            opt("ceiling", Value, "-1"),
            opt("release", Value, "0.05"),
        ],
        "brick-wall limiter, ceiling in dB: `# limiter -0.3`",
    ),
    // ------------------------------------------------------------ envelopes
    f(
        "adsr",
        &[],
        Envelope,
        &[
            req("a", Value),
            req("d", Value),
            req("s", Value),
            req("r", Value),
        ],
        "attack-decay-sustain-release, seconds: `saw ~midi # adsr 0.01 0.2 0.6 0.4`",
    ),
    f(
        "ad",
        &[],
        Envelope,
        &[req("a", Value), req("d", Value)],
        "attack-decay envelope: `# ad 0.01 0.3`",
    ),
    f(
        "env",
        &[],
        Envelope,
        &[opt("attack", Value, "0.01"), opt("release", Value, "0.3")],
        "percussive envelope: `# env 0.005 0.2`",
    ),
    f(
        "line",
        &[],
        Envelope,
        &[req("a", Value), req("b", Value)],
        "a straight line from a to b over each cycle: `line 0 1`",
    ),
    f(
        "xline",
        &[],
        Envelope,
        &[req("a", Value), req("b", Value), req("dur", Value)],
        "exponential line from a to b over dur cycles: `xline 2000 200 1`",
    ),
    // ---------------------------------------------------------------- gates
    f(
        "tar",
        &[],
        Gate,
        &[
            req("pattern", PAT),
            req("attack", Value),
            req("release", Value),
        ],
        "attack-release envelope on each true event: `# tar \"t(3,8)\" 0.01 0.2`",
    ),
    f(
        "gate",
        &[],
        Gate,
        &[req("pattern", PAT)],
        "1 while an event is on, else 0: `# gate \"t ~ t t\"`",
    ),
    f(
        "trig",
        &[],
        Gate,
        &[req("pattern", PAT)],
        "a one-sample trigger at each event: `trig \"t*4\"`",
    ),
    // ------------------------------------------------------------ utilities
    f(
        "mtof",
        &[],
        Utility,
        &[req("note", Value)],
        "MIDI note number to Hz: `saw (mtof \"60 64 67\")`",
    ),
    f(
        "phasor",
        &[],
        Utility,
        &[],
        "ramp 0..1 once per cycle: `saw 55 # lpf (phasor * 2000 + 200)`",
    ),
    f(
        "mix",
        &[],
        Utility,
        &[req("a", Value), req("b", Value)],
        "sum of any number of signals: `mix ~a ~b ~c`",
    ),
    f(
        "xfade",
        &[],
        Utility,
        &[req("a", Value), req("b", Value), req("pos", Value)],
        "crossfade a (pos 0) to b (pos 1): `xfade ~a ~b ~m1`",
    ),
    f(
        "select",
        &[],
        Utility,
        &[req("index", Value), req("a", Value)],
        "pick one of the following signals by index: `select \"<0 1 2>\" ~a ~b ~c`",
    ),
    f(
        "lag",
        &[],
        Utility,
        &[INPUT, opt("time", Value, "0.05")],
        "smooth changes over time seconds: `~m1 # lag 0.1`",
    ),
    f(
        "sample_hold",
        &["sah"],
        Utility,
        &[INPUT, req("trigger", Value)],
        "hold the input at each trigger: `sample_hold noise (trig \"t*8\")`",
    ),
    // ------------------------------------------------------ per-event controls
    f(
        "gain",
        &[],
        Control,
        &[req("amount", Value)],
        "per-event gain: `s \"bd*4\" # gain \"1 0.8\"`",
    ),
    f(
        "pan",
        &[],
        Control,
        &[req("pos", Value)],
        "stereo position -1 (left) .. 1 (right): `# pan \"-1 1\"`",
    ),
    f(
        "speed",
        &[],
        Control,
        &[req("rate", Value)],
        "sample playback rate (negative: reversed): `# speed 2`",
    ),
    f(
        "n",
        &[],
        Control,
        &[req("index", Value)],
        "sample number within the bank (or note offset): `s \"drum*4\" # n \"0 1 2 3\"`",
    ),
    f(
        "note",
        &[],
        Control,
        &[req("note", Value)],
        "pitch in semitones or note names: `s \"superpiano\" # note \"c e g\"`",
    ),
    f(
        "cut",
        &[],
        Control,
        &[req("group", Value)],
        "a new event stops voices of the same cut group: `# cut 1`",
    ),
    f(
        "begin",
        &[],
        Control,
        &[req("pos", Value)],
        "sample start 0..1: `# begin 0.25`",
    ),
    f(
        "end",
        &[],
        Control,
        &[req("pos", Value)],
        "sample end 0..1: `# end 0.5`",
    ),
    f(
        "legato",
        &[],
        Control,
        &[req("ratio", Value)],
        "voice length relative to its event: `# legato 1`",
    ),
    f(
        "attack",
        &[],
        Control,
        &[req("time", Value)],
        "voice fade-in in seconds: `# attack 0.01`",
    ),
    f(
        "release",
        &[],
        Control,
        &[req("time", Value)],
        "voice fade-out in seconds: `# release 0.2`",
    ),
];

/// The whole table.
pub fn all() -> &'static [FunctionSpec] {
    FUNCTIONS
}

/// A function by name or alias.
pub fn lookup(name: &str) -> Option<&'static FunctionSpec> {
    FUNCTIONS
        .iter()
        .find(|f| f.name == name || f.aliases.contains(&name))
}

/// Every name and alias, in table order.
pub fn names() -> impl Iterator<Item = &'static str> {
    FUNCTIONS
        .iter()
        .flat_map(|f| std::iter::once(f.name).chain(f.aliases.iter().copied()))
}

/// The closest known name or alias to an unknown one ("did you mean").
pub fn suggest(name: &str) -> Option<&'static str> {
    super::diagnostics::closest(name, names())
}

impl FunctionSpec {
    /// How many parameters have no default.
    pub fn required_count(&self) -> usize {
        self.params.iter().filter(|p| p.default.is_none()).count()
    }

    /// The most arguments a call may give: every parameter, plus for a transform the
    /// pattern it transforms (Tidal's last argument: `fast 2 (s "bd")`). Variadic
    /// functions have no maximum (`None`).
    pub fn max_args(&self) -> Option<usize> {
        if self.is_variadic() {
            None
        } else if self.category == Category::Transform {
            Some(self.params.len() + 1)
        } else {
            Some(self.params.len())
        }
    }

    /// Takes any number of extra `Value` arguments after its parameters (`mix`, `select`).
    pub fn is_variadic(&self) -> bool {
        VARIADIC.contains(&self.name)
    }

    /// Its first parameter is the audio input (filters, effects, `lag`...).
    pub fn has_input(&self) -> bool {
        self.params
            .first()
            .is_some_and(|p| p.kind == ParamKind::Input)
    }

    /// May stand on the right of `#`: takes an input (filters, effects), or shapes or
    /// parameterises what is on the left (envelopes, gates, per-event controls).
    pub fn chainable(&self) -> bool {
        self.has_input()
            || matches!(
                self.category,
                Category::Envelope | Category::Gate | Category::Control
            )
    }

    /// A parameter by name.
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// `input, cutoff, q` (plus `pattern` for a transform's subject, `...` if variadic).
    pub fn param_list(&self) -> String {
        let mut names: Vec<&str> = self.params.iter().map(|p| p.name).collect();
        if self.is_variadic() {
            names.push("...");
        } else if self.category == Category::Transform {
            names.push("pattern");
        }
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use ParamKind::Input;

    /// A copy of LANGUAGE.md's "Pattern transforms (v1)" list.
    const TRANSFORM_LIST: &str =
        "fast slow hurry rev palindrome iter iterBack ply every lastOf whenmod chunk within
superimpose off layer stut echo late early rotL rotR zoom compress fastGap inside outside
linger repeatCycles brak press swingBy swing degrade degradeBy sometimes sometimesBy often
rarely almostNever almostAlways someCycles someCyclesBy jux juxBy chop striate slice splice
loopAt segment range struct mask euclid euclidOff euclidInv euclidFull scramble shuffle";

    /// Every other function LANGUAGE.md names, with its category.
    const OTHERS: &[(&str, Category)] = &[
        ("sine", Source),
        ("saw", Source),
        ("square", Source),
        ("tri", Source),
        ("pulse", Source),
        ("fm", Source),
        ("impulse", Source),
        ("noise", Source),
        ("white_noise", Source),
        ("pink_noise", Source),
        ("brown_noise", Source),
        ("superkick", Synth),
        ("supersnare", Synth),
        ("superhat", Synth),
        ("supersaw", Synth),
        ("superpwm", Synth),
        ("superchip", Synth),
        ("superfm", Synth),
        ("s", Category::Pattern),
        ("sound", Category::Pattern),
        ("stack", Category::Pattern),
        ("cat", Category::Pattern),
        ("lpf", Filter),
        ("hpf", Filter),
        ("bpf", Filter),
        ("notch", Filter),
        ("rlpf", Filter),
        ("rhpf", Filter),
        ("moog_ladder", Filter),
        ("reverb", Effect),
        ("delay", Effect),
        ("pingpong", Effect),
        ("distortion", Effect),
        ("distort", Effect),
        ("dist", Effect),
        ("bitcrush", Effect),
        ("chorus", Effect),
        ("flanger", Effect),
        ("phaser", Effect),
        ("tremolo", Effect),
        ("compressor", Effect),
        ("limiter", Effect),
        ("adsr", Envelope),
        ("ad", Envelope),
        ("env", Envelope),
        ("line", Envelope),
        ("xline", Envelope),
        ("tar", Gate),
        ("gate", Gate),
        ("trig", Gate),
        ("mtof", Utility),
        ("phasor", Utility),
        ("mix", Utility),
        ("xfade", Utility),
        ("select", Utility),
        ("lag", Utility),
        ("sample_hold", Utility),
        ("gain", Control),
        ("pan", Control),
        ("speed", Control),
        ("n", Control),
        ("note", Control),
        ("cut", Control),
        ("begin", Control),
        ("end", Control),
        ("legato", Control),
        ("attack", Control),
        ("release", Control),
    ];

    #[test]
    fn no_duplicate_names_or_aliases() {
        let mut seen = HashSet::new();
        for n in names() {
            assert!(seen.insert(n), "duplicate name {n}");
        }
        for f in FUNCTIONS {
            let mut p = HashSet::new();
            for param in f.params {
                assert!(
                    p.insert(param.name),
                    "{}: duplicate param {}",
                    f.name,
                    param.name
                );
            }
            assert!(
                !f.doc.is_empty() && f.doc.contains('`'),
                "{} needs a doc with an example",
                f.name
            );
        }
    }

    #[test]
    fn every_documented_transform_is_present() {
        let list: Vec<&str> = TRANSFORM_LIST.split_whitespace().collect();
        assert_eq!(list.len(), 60);
        for name in list {
            let f = lookup(name).unwrap_or_else(|| panic!("missing transform {name}"));
            assert_eq!(f.category, Transform, "{name}");
        }
        for (name, cat) in OTHERS {
            let f = lookup(name).unwrap_or_else(|| panic!("missing {name}"));
            assert_eq!(f.category, *cat, "{name}");
        }
    }

    #[test]
    fn transform_params_never_include_the_subject_and_effects_take_input() {
        for f in FUNCTIONS {
            match f.category {
                Transform => assert!(f.params.iter().all(|p| p.kind != Input), "{}", f.name),
                Filter | Effect => assert!(f.has_input(), "{}", f.name),
                _ => {}
            }
            // required parameters come before optional ones
            let first_opt = f.params.iter().position(|p| p.default.is_some());
            if let Some(i) = first_opt {
                assert!(
                    f.params[i..].iter().all(|p| p.default.is_some()),
                    "{}",
                    f.name
                );
            }
        }
        assert_eq!(
            lookup("lpf").map(|f| f.param_list()),
            Some("input, cutoff, q".into())
        );
        assert_eq!(lookup("every").map(|f| f.required_count()), Some(2));
        assert_eq!(lookup("dist").map(|f| f.name), Some("distortion"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("lfp"), Some("lpf"));
        assert_eq!(suggest("revrb"), Some("reverb"));
        assert_eq!(suggest("sometimesby"), Some("sometimesBy"));
        assert_eq!(suggest("qqqqqqq"), None);
    }
}
