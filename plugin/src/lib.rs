//! Phonon as a CLAP/VST3 instrument: a thin shell around [`phonon::engine`].
//!
//! Threads:
//! - host main thread: `activate` builds the [`Engine`] and compiles the persisted program;
//! - audio thread: [`Plugin::process`] maps transport, MIDI and macros to the engine and
//!   hands it the master gain, applied before the engine's output safety stage (no lock,
//!   no allocation);
//! - nice-plug's background thread: [`Task::Compile`] compiles the program text (asked for by
//!   the editor, or by `process` when the host loaded a new state while active);
//! - editor window thread: reads status and compile results; closing the editor returns
//!   only after it has finished ([`editor_window`]).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use nice_plug::prelude::*;
use parking_lot::{Mutex, RwLock};
use phonon::engine::{CompileReport, Engine, EngineConfig, EngineHandle, HostTransport};
use phonon::render::{NoteEvent as EngineNote, Outputs, NUMBERED_OUTPUTS};

pub mod assist;
pub mod editor;
pub mod editor_window;
pub mod examples;
pub mod highlight;
pub mod lights;
pub mod params;
pub mod pianoroll;
pub mod samples_panel;

pub use params::{PhononParams, MACROS, STARTER_PROGRAM};

/// MIDI notes kept per block (matches nice-plug's default input event capacity).
const NOTE_CAPACITY: usize = 1024;

/// Work for nice-plug's background thread.
pub enum Task {
    /// Compile the current program text (and apply changed sample folders first); on an
    /// error the previous program keeps playing (an edit in the editor).
    Compile,
    /// The same for a program loaded with a project: on an error it plays silence (the
    /// previous program belonged to another project) and the editor shows the error.
    CompileLoaded,
}

/// One diagnostic, positioned for the editor.
#[derive(Clone, Debug)]
pub struct DiagLine {
    pub line: usize,
    pub col: usize,
    /// The diagnostic's byte range in the source, for an underline at its characters.
    pub span: std::ops::Range<usize>,
    pub message: String,
}

/// The outcome of the latest compile, for the editor.
#[derive(Clone, Debug, Default)]
pub struct CompileOutcome {
    /// Counts compiles (0 = none yet).
    pub serial: u64,
    /// The report of the last successful compile (what is playing).
    pub report: Option<CompileReport>,
    /// Diagnostics of the latest compile if it failed (the previous program keeps playing).
    pub errors: Vec<DiagLine>,
    /// Those diagnostics rendered with source lines and carets.
    pub rendered: String,
}

/// State shared by the plugin, its background task and its editor.
#[derive(Default)]
pub struct Shared {
    /// The engine's handle while active.
    pub handle: RwLock<Option<EngineHandle>>,
    pub outcome: Mutex<CompileOutcome>,
    /// Sample folders the engine was last given.
    dirs_applied: Mutex<Vec<String>>,
    /// The host's process mode at the last activation (0 realtime, 1 buffered, 2 offline).
    pub process_mode: AtomicU64,
}

impl Shared {
    /// Compiles `source` on the calling thread (never the audio thread or a GUI frame) and
    /// records the outcome. On an error the previous program plays on, or, for a program
    /// loaded with a project (`loaded`), silence. Without an active engine it does nothing.
    pub fn compile(
        &self,
        source: &str,
        sample_dirs: &[String],
        orbit_outputs: bool,
        loaded: bool,
    ) -> Option<Result<(), ()>> {
        let handle = self.handle.read().clone()?;
        handle.set_orbit_outputs(orbit_outputs);
        {
            let mut applied = self.dirs_applied.lock();
            if applied.as_slice() != sample_dirs {
                handle.set_sample_dirs(&sample_paths(sample_dirs));
                *applied = sample_dirs.to_vec();
            }
        }
        let result = handle.compile(source);
        if result.is_err() && loaded {
            handle.silence(); // before taking the lock the editor reads
        }
        let mut out = self.outcome.lock();
        out.serial += 1;
        Some(match result {
            Ok(report) => {
                out.report = Some(report);
                out.errors.clear();
                out.rendered.clear();
                Ok(())
            }
            Err(diags) => {
                out.errors = diags
                    .iter()
                    .map(|d| {
                        let (line, col) = d.line_col(source);
                        DiagLine {
                            line,
                            col,
                            span: d.span.start..d.span.end,
                            message: d.message.clone(),
                        }
                    })
                    .collect();
                out.rendered = phonon::lang::render_all(&diags, None, source);
                Err(())
            }
        })
    }
}

/// The user's sample folders, plus a written copy of the bundled kit when the checkout's
/// `assets/samples` cannot be found (an installed bundle).
fn sample_paths(dirs: &[String]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = dirs.iter().map(PathBuf::from).collect();
    if phonon::samples::bundled_dir().is_none() {
        if let Some(kit) = kit_fallback_dir() {
            out.push(kit);
        }
    }
    out
}

/// `$XDG_DATA_HOME/phonon/samples` (or `~/.local/share/...`), written from the synthesised
/// kit the first time it is needed.
fn kit_fallback_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    let dir = base.join("phonon").join("samples");
    if !dir.join("bd").is_dir() {
        std::fs::create_dir_all(&dir).ok()?;
        phonon::kit::write_kit(&dir, 44_100).ok()?;
    }
    Some(dir)
}

pub struct Phonon {
    params: Arc<PhononParams>,
    shared: Arc<Shared>,
    editor_state: Arc<nice_plug_egui::EguiEditorState>,
    engine: Option<Engine>,
    /// The code generation the last compile request was made for.
    seen_generation: u64,
    /// The "Orbits to outputs" setting the last compile request was made with.
    orbits_applied: bool,
    notes: Vec<EngineNote>,
    gain: Vec<f32>,
}

impl Default for Phonon {
    fn default() -> Self {
        Phonon {
            params: Arc::new(PhononParams::default()),
            shared: Arc::new(Shared::default()),
            editor_state: editor::default_state(),
            engine: None,
            seen_generation: 0,
            orbits_applied: false,
            notes: Vec::with_capacity(NOTE_CAPACITY),
            gain: Vec::new(),
        }
    }
}

const AUX_NAMES: [&str; NUMBERED_OUTPUTS] = [
    "Out 1", "Out 2", "Out 3", "Out 4", "Out 5", "Out 6", "Out 7", "Out 8",
];

impl Plugin for Phonon {
    const NAME: &'static str = "Phonon";
    const VENDOR: &'static str = "Phonon";
    const URL: &'static str = "https://github.com/phonon/phonon";
    const EMAIL: &'static str = "phonon@example.invalid";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    const AUDIO_IO_LAYOUTS: &'static [AudioIOLayout] = &[
        // The mix alone first: hosts that enable only the main bus (JUCE-based ones such as
        // pedalboard) get a layout that matches; hosts choose the other through
        // audio-ports-config (CLAP) or bus arrangements (VST3).
        AudioIOLayout {
            main_input_channels: None,
            main_output_channels: NonZeroU32::new(2),
            names: PortNames {
                layout: Some("Stereo"),
                main_input: None,
                main_output: Some("Main"),
                aux_inputs: &[],
                aux_outputs: &[],
            },
            ..AudioIOLayout::const_default()
        },
        // Main plus one stereo output per `o1:`..`o8:`.
        AudioIOLayout {
            main_input_channels: None,
            main_output_channels: NonZeroU32::new(2),
            aux_output_ports: &[new_nonzero_u32(2); NUMBERED_OUTPUTS],
            names: PortNames {
                layout: Some("Stereo + 8 stereo outs"),
                main_input: None,
                main_output: Some("Main"),
                aux_inputs: &[],
                aux_outputs: &AUX_NAMES,
            },
            ..AudioIOLayout::const_default()
        },
    ];
    const MIDI_INPUT: MidiConfig = MidiConfig::Basic;
    const INPUT_EVENT_CAPACITY: usize = NOTE_CAPACITY;

    type Editor = editor_window::JoiningEditor;
    type SysExMessage = ();
    type BackgroundTask = Task;

    fn filter_state(state: &mut PluginState) {
        params::check_state(state, Self::VERSION);
    }

    fn params(&self) -> Arc<dyn Params> {
        self.params.clone()
    }

    fn task_executor(&mut self) -> TaskExecutor<Self> {
        let params = self.params.clone();
        let shared = self.shared.clone();
        Box::new(move |task| match task {
            Task::Compile | Task::CompileLoaded => {
                let source = params.code.get();
                let dirs = params.sample_dirs.read().clone();
                let loaded = matches!(task, Task::CompileLoaded);
                shared.compile(&source, &dirs, params.orbit_outputs.value(), loaded);
            }
        })
    }

    fn editor(&mut self, async_executor: AsyncExecutor<Self>) -> Option<Self::Editor> {
        editor::create(
            self.editor_state.clone(),
            self.params.clone(),
            self.shared.clone(),
            async_executor,
        )
    }

    fn activate(
        &mut self,
        _layout: &AudioIOLayout,
        buffer_config: &BufferConfig,
        _context: &mut impl ActivateContext<Self>,
    ) -> bool {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .max(1);
        let max_block = buffer_config.max_buffer_size.max(1) as usize;
        let config = EngineConfig {
            sample_rate: buffer_config.sample_rate,
            max_block,
            threads,
            // A bounce waits for pattern events, so it renders exactly what real time does.
            offline: buffer_config.process_mode == ProcessMode::Offline,
        };
        let dirs = self.params.sample_dirs.read().clone();
        // Drop the previous engine (if any) before building the next one.
        *self.shared.handle.write() = None;
        self.engine = None;
        let (engine, handle) = Engine::new(config, &sample_paths(&dirs));
        *self.shared.dirs_applied.lock() = dirs.clone();
        *self.shared.handle.write() = Some(handle);
        self.engine = Some(engine);
        self.shared.process_mode.store(
            match buffer_config.process_mode {
                ProcessMode::Realtime => 0,
                ProcessMode::Buffered => 1,
                ProcessMode::Offline => 2,
            },
            Ordering::Relaxed,
        );
        self.gain = vec![1.0; max_block];
        self.notes = Vec::with_capacity(NOTE_CAPACITY);
        // Compile now (activation is off the audio thread), so the first block plays.
        self.seen_generation = self.params.code.generation();
        self.orbits_applied = self.params.orbit_outputs.value();
        let source = self.params.code.get();
        self.shared
            .compile(&source, &dirs, self.orbits_applied, true);
        true
    }

    fn reset(&mut self) {
        // The host's reset (CLAP `reset`, VST3 a processing restart): release held notes.
        if let Some(engine) = self.engine.as_mut() {
            engine.reset();
        }
    }

    fn deactivate(&mut self) {
        *self.shared.handle.write() = None;
        self.engine = None;
    }

    fn process(
        &mut self,
        buffer: &mut Buffer,
        aux: &mut AuxiliaryBuffers,
        context: &mut impl ProcessContext<Self>,
    ) -> ProcessStatus {
        let len = buffer.samples();
        // State loaded while active: compile the new text in the background.
        let generation = self.params.code.generation();
        if generation != self.seen_generation {
            self.seen_generation = generation;
            context.execute_background(Task::CompileLoaded);
        }
        // Orbits to outputs changed (editor, host automation or a loaded state): install
        // the program again with the new routing.
        let orbits = self.params.orbit_outputs.value();
        if orbits != self.orbits_applied {
            self.orbits_applied = orbits;
            context.execute_background(Task::Compile);
        }

        // MIDI notes of this block, in order (capacity is reserved: no allocation).
        self.notes.clear();
        while let Some(ev) = context.next_event() {
            let (offset, key, velocity, on) = match ev {
                NoteEvent::NoteOn {
                    timing,
                    key,
                    velocity,
                    ..
                } => (timing, key, velocity, true),
                NoteEvent::NoteOff {
                    timing,
                    key,
                    velocity,
                    ..
                } => (timing, key, velocity, false),
                _ => continue,
            };
            let nice_plug::midi::Key::Number(key) = key else {
                continue;
            };
            if self.notes.len() < self.notes.capacity() {
                self.notes.push(EngineNote {
                    offset: (offset as usize).min(len.saturating_sub(1)),
                    key,
                    velocity: (velocity * 127.0).round().clamp(0.0, 127.0) as u8,
                    on,
                });
            }
        }

        let Some(engine) = self.engine.as_mut() else {
            for ch in buffer.as_slice() {
                ch.fill(0.0);
            }
            for b in aux.outputs.iter_mut() {
                for ch in b.as_slice() {
                    ch.fill(0.0);
                }
            }
            return ProcessStatus::Normal;
        };
        if len == 0 {
            return ProcessStatus::KeepAlive;
        }

        for (i, p) in self.params.macros().iter().enumerate() {
            engine.set_macro(i, p.smoothed.next_step(len as u32));
        }
        let t = context.transport();
        let transport = HostTransport {
            playing: t.playing,
            tempo_bpm: t.tempo,
            pos_beats: t.pos_beats(),
            beats_per_cycle: self.params.beats_per_cycle.value() as f64,
            run_when_stopped: self.params.run_when_stopped.value(),
            loop_start_beats: t.loop_range_beats().map(|(start, _)| start),
        };

        let main = buffer.as_slice();
        let [main_l, main_r, ..] = main else {
            return ProcessStatus::Normal;
        };
        let mut numbered: [Option<[&mut [f32]; 2]>; NUMBERED_OUTPUTS] = Default::default();
        for (slot, b) in numbered.iter_mut().zip(aux.outputs.iter_mut()) {
            if let [l, r, ..] = b.as_slice() {
                *slot = Some([&mut l[..], &mut r[..]]);
            }
        }

        // Hosts keep to the max block they announced; split anyway if one does not.
        let max = self.gain.len().max(1);
        let mut start = 0;
        let mut first_note = 0;
        while start < len {
            let end = (start + max).min(len);
            let n = end - start;
            let mut last_note = first_note;
            while last_note < self.notes.len() && self.notes[last_note].offset < end {
                self.notes[last_note].offset -= start;
                last_note += 1;
            }
            let mut chunk_numbered: [Option<[&mut [f32]; 2]>; NUMBERED_OUTPUTS] =
                Default::default();
            for (dst, src) in chunk_numbered.iter_mut().zip(numbered.iter_mut()) {
                if let Some([l, r]) = src {
                    *dst = Some([&mut l[start..end], &mut r[start..end]]);
                }
            }
            let mut outputs = Outputs {
                main: [&mut main_l[start..end], &mut main_r[start..end]],
                numbered: chunk_numbered,
            };
            // Master gain on every output, then the engine's safety stage, last.
            self.params.gain.smoothed.next_block(&mut self.gain, n);
            engine.process_with_gain(
                &mut outputs,
                n,
                &transport,
                &self.notes[first_note..last_note],
                Some(&self.gain[..n]),
            );
            first_note = last_note;
            start = end;
        }
        ProcessStatus::KeepAlive
    }
}

impl ClapPlugin for Phonon {
    const CLAP_ID: &'static str = "com.phonon.phonon";
    const CLAP_DESCRIPTION: Option<&'static str> =
        Some("Live-coding instrument: Tidal-style patterns driving a signal graph");
    const CLAP_MANUAL_URL: Option<&'static str> = None;
    const CLAP_SUPPORT_URL: Option<&'static str> = None;
    const CLAP_FEATURES: &'static [ClapFeature] = &[
        ClapFeature::Instrument,
        ClapFeature::Synthesizer,
        ClapFeature::Stereo,
    ];
}

impl Vst3Plugin for Phonon {
    const VST3_CLASS_ID: [u8; 16] = *b"PhononLiveCoding";
    const VST3_SUBCATEGORIES: &'static [Vst3SubCategory] =
        &[Vst3SubCategory::Instrument, Vst3SubCategory::Synth];
}

nice_export_clap!(Phonon);
nice_export_vst3!(Phonon);
