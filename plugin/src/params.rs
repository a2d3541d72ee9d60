//! Host-visible parameters and the fields persisted in the host's project state.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use nice_plug::params::persist::PersistentField;
use nice_plug::prelude::*;
use parking_lot::RwLock;

/// Number of macro knobs (`~m1`..`~m8`).
pub const MACROS: usize = 8;

/// The program shown at first open: plays as soon as the transport runs.
pub const STARTER_PROGRAM: &str = "\
-- Phonon: edit, then Ctrl+Enter (or Run). ~m1..~m8 are the plugin's macro knobs.
~drums $ s \"[bd*4, hh*8, ~ sn ~ sn]\"
~bass: saw \"<a1 a1 c2 g1>\" # lpf (~m1 * 3000 + 400) 0.7 * 0.2
~keys: saw ~midi # lpf 2400 0.7 # adsr 0.01 0.2 0.6 0.3 * 0.2   -- MIDI notes play here
out: ~drums * 0.35 + ~bass + ~keys
";

/// The program as a state stores it: a JSON string. Anything else in its place (another
/// plugin's state, a hand-edited or damaged project) reads as `Unreadable`, so the rest of
/// the state still loads and the current program stays.
#[derive(Debug, Clone)]
pub enum StoredCode {
    Text(String),
    Unreadable,
}

impl serde::Serialize for StoredCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            StoredCode::Text(t) => s.serialize_str(t),
            StoredCode::Unreadable => s.serialize_none(),
        }
    }
}

impl<'de> serde::Deserialize<'de> for StoredCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(t) => StoredCode::Text(t),
            _ => StoredCode::Unreadable,
        })
    }
}

thread_local! {
    /// What [`check_state`] found in the state being loaded, handed to the instance's
    /// [`CodeText`] by the `set` that nice-plug calls right after, on the same thread.
    static LOAD_NOTES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Font sizes the editor accepts from a state (points).
pub const FONT_SIZES: std::ops::RangeInclusive<f32> = 6.0..=72.0;

/// Repairs a state before nice-plug loads it (`Plugin::filter_state`) and notes what it
/// changed: a program that is missing or not a string is replaced by a marker that keeps
/// the current program; a font size or folder list it cannot read is dropped; unknown
/// fields, parameters and a newer version are named. The notes reach the instance through
/// [`CodeText`]'s `set`, which this makes sure is called.
pub fn check_state(state: &mut nice_plug::prelude::PluginState, this_version: &str) {
    let mut notes = Vec::new();
    if version_newer(&state.version, this_version) {
        notes.push(format!(
            "state saved by a newer Phonon ({}; this is {this_version})",
            state.version
        ));
    }
    match state
        .fields
        .get("code")
        .map(|c| serde_json::from_str::<StoredCode>(c))
    {
        Some(Ok(StoredCode::Text(_))) => {}
        found => {
            notes.push(
                if found.is_none() {
                    "the state has no program; kept the current one"
                } else {
                    "the state's program is unreadable; kept the current one"
                }
                .to_string(),
            );
            state.fields.insert("code".into(), "null".into());
        }
    }
    if let Some(f) = state.fields.get("font_size") {
        match serde_json::from_str::<f32>(f) {
            Ok(v) if FONT_SIZES.contains(&v) => {}
            _ => {
                notes.push(format!("font size {f} ignored"));
                state.fields.remove("font_size");
            }
        }
    }
    if let Some(f) = state.fields.get("sample_dirs") {
        if serde_json::from_str::<Vec<String>>(f).is_err() {
            notes.push("sample folders unreadable; kept the current ones".into());
            state.fields.remove("sample_dirs");
        }
    }
    let unknown: Vec<&str> = state
        .fields
        .keys()
        .map(String::as_str)
        .filter(|k| !matches!(*k, "code" | "font_size" | "sample_dirs"))
        .collect();
    if !unknown.is_empty() {
        notes.push(format!("unknown settings ignored: {}", unknown.join(", ")));
    }
    LOAD_NOTES.with(|n| *n.borrow_mut() = notes);
}

/// Whether dotted version `a` is newer than `b` (numeric parts; missing parts are 0).
fn version_newer(a: &str, b: &str) -> bool {
    let parts = |v: &str| -> Vec<u64> {
        v.split(['.', '-', '+'])
            .map_while(|p| p.parse().ok())
            .collect()
    };
    let (a, b) = (parts(a), parts(b));
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (
            a.get(i).copied().unwrap_or(0),
            b.get(i).copied().unwrap_or(0),
        );
        if x != y {
            return x > y;
        }
    }
    false
}

/// The program text, persisted in the host's state.
///
/// Every load from the host's state (through [`PersistentField::set`]) bumps
/// [`generation`](Self::generation), which the audio thread compares against the last one
/// it saw to notice a state load while active (hosts do not re-activate on load). The
/// editor writes through [`CodeText::set_from_editor`], which does not bump it: the
/// editor asks for its own compile.
#[derive(Debug)]
pub struct CodeText {
    text: RwLock<String>,
    generation: AtomicU64,
    /// What the last state load found wrong (empty: nothing), for the editor's status line.
    load_note: RwLock<String>,
}

impl CodeText {
    pub fn new(text: &str) -> CodeText {
        CodeText {
            text: RwLock::new(text.to_string()),
            generation: AtomicU64::new(0),
            load_note: RwLock::new(String::new()),
        }
    }

    /// What the last state load found wrong and repaired ("" if nothing).
    pub fn load_note(&self) -> String {
        self.load_note.read().clone()
    }

    /// A copy of the text (takes the lock: never on the audio thread).
    pub fn get(&self) -> String {
        self.text.read().clone()
    }

    /// Stores text typed in the editor (no generation bump).
    pub fn set_from_editor(&self, text: &str) {
        let mut t = self.text.write();
        if *t != text {
            t.clear();
            t.push_str(text);
        }
    }

    /// Bumped on every state load; read by the audio thread (lock-free).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }
}

impl<'a> PersistentField<'a, StoredCode> for CodeText {
    fn set(&self, new_value: StoredCode) {
        let note = LOAD_NOTES
            .with(|n| std::mem::take(&mut *n.borrow_mut()))
            .join("; ");
        if !note.is_empty() {
            nice_plug::nice_warn!("state load: {note}");
        }
        *self.load_note.write() = note;
        if let StoredCode::Text(text) = new_value {
            *self.text.write() = text;
            self.generation.fetch_add(1, Ordering::AcqRel);
        }
    }

    fn map<F, R>(&self, f: F) -> R
    where
        F: Fn(&StoredCode) -> R,
    {
        f(&StoredCode::Text(self.text.read().clone()))
    }
}

#[derive(Params)]
pub struct PhononParams {
    /// Master gain applied to every output (main and Out 1..8), smoothed.
    #[id = "gain"]
    pub gain: FloatParam,

    #[id = "m1"]
    pub m1: FloatParam,
    #[id = "m2"]
    pub m2: FloatParam,
    #[id = "m3"]
    pub m3: FloatParam,
    #[id = "m4"]
    pub m4: FloatParam,
    #[id = "m5"]
    pub m5: FloatParam,
    #[id = "m6"]
    pub m6: FloatParam,
    #[id = "m7"]
    pub m7: FloatParam,
    #[id = "m8"]
    pub m8: FloatParam,

    /// Keep playing from the engine's own clock when the host transport is stopped.
    #[id = "run_stopped"]
    pub run_when_stopped: BoolParam,

    /// Numbered outputs carry orbits 0..7 (SuperDirt's orbits on their own channels)
    /// instead of the statements `d1`..`d8`.
    #[id = "orbit_outs"]
    pub orbit_outputs: BoolParam,

    /// Host beats (quarter notes) per pattern cycle.
    #[id = "beats_cycle"]
    pub beats_per_cycle: IntParam,

    #[persist = "code"]
    pub code: CodeText,

    /// Code editor font size (points).
    #[persist = "font_size"]
    pub font_size: Arc<RwLock<f32>>,

    /// Extra sample folders (Dirt-Samples layout), searched before the bundled kit.
    #[persist = "sample_dirs"]
    pub sample_dirs: Arc<RwLock<Vec<String>>>,
}

fn macro_param(index: usize) -> FloatParam {
    FloatParam::new(
        format!("Macro {}", index + 1),
        0.0,
        FloatRange::Linear { min: 0.0, max: 1.0 },
    )
    .with_smoother(SmoothingStyle::Linear(20.0))
    .with_value_to_string(formatters::v2s_f32_rounded(3))
}

impl Default for PhononParams {
    fn default() -> Self {
        PhononParams {
            gain: FloatParam::new(
                "Master",
                util::db_to_gain(0.0),
                FloatRange::Skewed {
                    min: util::db_to_gain(-60.0),
                    max: util::db_to_gain(6.0),
                    factor: FloatRange::gain_skew_factor(-60.0, 6.0),
                },
            )
            .with_smoother(SmoothingStyle::Logarithmic(20.0))
            .with_unit(" dB")
            .with_value_to_string(formatters::v2s_f32_gain_to_db(1))
            .with_string_to_value(formatters::s2v_f32_gain_to_db()),
            m1: macro_param(0),
            m2: macro_param(1),
            m3: macro_param(2),
            m4: macro_param(3),
            m5: macro_param(4),
            m6: macro_param(5),
            m7: macro_param(6),
            m8: macro_param(7),
            run_when_stopped: BoolParam::new("Run when stopped", true),
            orbit_outputs: BoolParam::new("Orbits to outputs", false),
            beats_per_cycle: IntParam::new(
                "Beats per cycle",
                4,
                IntRange::Linear { min: 1, max: 16 },
            ),
            code: CodeText::new(STARTER_PROGRAM),
            font_size: Arc::new(RwLock::new(14.0)),
            sample_dirs: Arc::new(RwLock::new(Vec::new())),
        }
    }
}

impl PhononParams {
    /// The macro parameters in order (`~m1`..`~m8`).
    pub fn macros(&self) -> [&FloatParam; MACROS] {
        [
            &self.m1, &self.m2, &self.m3, &self.m4, &self.m5, &self.m6, &self.m7, &self.m8,
        ]
    }
}
