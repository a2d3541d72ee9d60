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
