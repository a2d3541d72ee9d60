//! The one registry of Phonon's functions: for each, its name and aliases, parameters,
//! doc line with an example, category and implementation (see [`spec`]). Each family's
//! entries live in their own file next to the others; [`all`] is the one list that the
//! checker, the compiler, the pattern evaluator, the renderer, `phonon help`, the
//! editor's highlighting and "did you mean" suggestions all read. Nothing else lists
//! function names.

pub mod composition;
pub mod controls;
pub mod effects;
pub mod envelopes;
pub mod filters;
pub mod gates;
pub mod patterns;
pub mod sources;
pub mod spec;
pub mod structure;
pub mod synths;
pub mod tonal;
pub mod transforms;
pub mod utilities;

use std::collections::HashMap;
use std::sync::LazyLock;

pub use spec::*;

use crate::dsp::{Kernel, Setup};

/// The families' tables, in the order `phonon help` lists them.
const FAMILIES: &[&[FunctionSpec]] = &[
    transforms::FUNCTIONS,
    patterns::FUNCTIONS,
    sources::FUNCTIONS,
    synths::FUNCTIONS,
    filters::FUNCTIONS,
    effects::FUNCTIONS,
    envelopes::FUNCTIONS,
    gates::FUNCTIONS,
    utilities::FUNCTIONS,
    controls::FUNCTIONS,
    structure::FUNCTIONS,
    composition::FUNCTIONS,
    tonal::FUNCTIONS,
];

static ALL: LazyLock<Vec<&'static FunctionSpec>> =
    LazyLock::new(|| FAMILIES.iter().flat_map(|f| f.iter()).collect());

static BY_NAME: LazyLock<HashMap<&'static str, &'static FunctionSpec>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for f in all() {
        m.insert(f.name, *f);
        for a in f.aliases {
            m.insert(*a, *f);
        }
    }
    m
});

/// Every function of the language, each once.
pub fn all() -> &'static [&'static FunctionSpec] {
    &ALL
}

/// The entry of a name or alias.
pub fn lookup(name: &str) -> Option<&'static FunctionSpec> {
    BY_NAME.get(name).copied()
}

/// Every name and alias, in table order.
pub fn names() -> impl Iterator<Item = &'static str> {
    all()
        .iter()
        .flat_map(|f| std::iter::once(f.name).chain(f.aliases.iter().copied()))
}

/// The closest known name or alias to an unknown one ("did you mean").
pub fn suggest(name: &str) -> Option<&'static str> {
    crate::lang::diagnostics::closest(name, names())
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
        if self.variadic {
            None
        } else if self.category == Category::Transform {
            Some(self.params.len() + 1)
        } else {
            Some(self.params.len())
        }
    }

    /// Takes any number of extra `Value` arguments after its parameters (`mix`, `select`).
    pub fn is_variadic(&self) -> bool {
        self.variadic
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
            || self.sets_controls()
            || matches!(
                self.category,
                Category::Envelope | Category::Gate | Category::Control
            )
    }

    /// The control its `i`-th value parameter (inputs not counted) sets when the call
    /// follows a control pattern: a control's own name (`s` for `s`/`sound`), or what a
    /// filter or effect declares (`lpf` sets `cutoff`, then `resonance`).
    pub fn control_key(&self, i: usize) -> Option<&'static str> {
        if self.category == Category::Control || self.special() == Some(Special::Sound) {
            return (i == 0).then_some(self.name);
        }
        self.control_keys.get(i).copied()
    }

    /// True when the call sets controls after a control pattern (a control, `s`, or a
    /// filter or effect with Tidal's control names).
    pub fn sets_controls(&self) -> bool {
        self.control_key(0).is_some()
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

    /// The transform builder, for transforms.
    pub fn transform(&self) -> Option<&TransformImpl> {
        match &self.implementation {
            Implementation::Transform(t) => Some(t),
            _ => None,
        }
    }

    /// The special form, for the functions the compiler builds itself.
    pub fn special(&self) -> Option<Special> {
        match self.implementation {
            Implementation::Special(s) => Some(s),
            _ => None,
        }
    }

    /// The kernel this function runs as a signal node, if it runs as one: its own kernel,
    /// an envelope's, a control's on a signal (`pan`), or the signal form of a transform
    /// (`range`).
    pub fn kernel_impl(&self) -> Option<KernelImpl> {
        match self.implementation {
            Implementation::Kernel(k) => Some(k),
            Implementation::Envelope(e) => Some(e.kernel),
            Implementation::Control { on_signal } => on_signal,
            Implementation::Transform(TransformImpl {
                on_signal: Some(OnSignal::Range),
                ..
            }) => Some(KernelImpl {
                build: |s, _| {
                    Box::new(crate::dsp::util::Range::new(
                        true,
                        crate::dsp::util::widest(s, 0),
                    ))
                },
                cost: 5.0,
            }),
            Implementation::Synth(_)
            | Implementation::Transform(_)
            | Implementation::Pattern(_)
            | Implementation::Special(_) => None,
        }
    }

    /// Builds this function's signal kernel (off the audio thread), or `None` if it has
    /// none. A synth played as a source is a [`crate::dsp::synth::SynthKernel`] of its
    /// voice, with its parameters laid out as in its entry.
    pub fn build_kernel(&self, setup: &Setup, seed: u64) -> Option<Box<dyn Kernel>> {
        match self.implementation {
            Implementation::Synth(s) => {
                let has_freq = self.params.first().is_some_and(|p| p.name == "freq");
                Some(Box::new(crate::dsp::synth::SynthKernel::new(
                    s.voice,
                    setup.sample_rate,
                    seed,
                    self.params.len(),
                    has_freq,
                )))
            }
            _ => self.kernel_impl().map(|k| (k.build)(setup, seed)),
        }
    }

    /// The voice `s "name"` plays: a synth's own, or an oscillator's.
    pub fn voice(&self) -> Option<SynthImpl> {
        match self.implementation {
            Implementation::Synth(s) => Some(s),
            _ => self.voice,
        }
    }

    /// Estimated nanoseconds per sample of its signal node.
    pub fn cost(&self) -> f32 {
        match self.implementation {
            Implementation::Synth(s) => s.cost,
            _ => self.kernel_impl().map_or(5.0, |k| k.cost),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use Category::*;
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
        ("s", Category::Control),
        ("sound", Category::Control),
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
        for f in all() {
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

    /// SuperDirt's per-voice controls and their aliases, each a control with a range (or
    /// a word), and the filters and effects that set Tidal's names after a control pattern.
    #[test]
    fn superdirt_controls_are_present_with_ranges() {
        let controls = "s sound n note up octave speed accelerate unit begin end loop cut legato \
            sustain gain amp velocity attack att hold decay release rel sus shape coarse squiz \
            cutoff ctf resonance res lpq hcutoff hresonance hpq bandf bandq bpq vowel lpenv \
            lpattack lpdecay lpsustain lprelease pan orbit room size sz dry delaytime delayt \
            delayfeedback delayfb";
        for name in controls.split_whitespace() {
            let f = lookup(name).unwrap_or_else(|| panic!("missing control {name}"));
            assert_eq!(f.category, Control, "{name}");
            let p = &f.params[0];
            assert!(
                p.range.is_some() || p.kind == ParamKind::Pattern,
                "{name} has no range"
            );
        }
        for (name, key) in [
            ("lpf", "cutoff"),
            ("hpf", "hcutoff"),
            ("bpf", "bandf"),
            ("djf", "djf"),
            ("delay", "delay"),
            ("distort", "distort"),
            ("crush", "crush"),
        ] {
            assert_eq!(
                lookup(name).and_then(|f| f.control_key(0)),
                Some(key),
                "{name}"
            );
        }
        assert_eq!(
            lookup("lpf").and_then(|f| f.control_key(1)),
            Some("resonance")
        );
        assert_eq!(lookup("delay").and_then(|f| f.control_key(1)), None);
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
        for f in all() {
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
    fn ranges_hold_their_defaults() {
        for f in all() {
            for p in f.params {
                let Some((lo, hi)) = p.range else { continue };
                assert!(lo < hi, "{}.{}: range {lo}..{hi}", f.name, p.name);
                if let Some(d) = p.default.and_then(|d| d.parse::<f32>().ok()) {
                    assert!(
                        (lo..=hi).contains(&d),
                        "{}.{}: default {d} outside {lo}..{hi}",
                        f.name,
                        p.name
                    );
                }
            }
        }
        let with_ranges = all()
            .iter()
            .flat_map(|f| f.params)
            .filter(|p| p.range.is_some())
            .count();
        assert!(with_ranges >= 90, "{with_ranges} parameters have a range");
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("lfp"), Some("lpf"));
        assert_eq!(suggest("revrb"), Some("reverb"));
        assert_eq!(suggest("sometimesby"), Some("sometimesBy"));
        assert_eq!(suggest("qqqqqqq"), None);
    }
}
