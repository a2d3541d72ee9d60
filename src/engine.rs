//! The engine a host drives: programs compiled off the audio thread and swapped in at a
//! block boundary with a short crossfade, host transport followed every block, MIDI and
//! macros in, outputs and status out. The plugin is a thin shell around this.
//!
//! Threading contract:
//! - [`Engine::process`] runs on the audio thread: no allocation, lock, syscall or panic.
//!   New programs arrive through a lock-free queue; replaced ones leave through another
//!   and are dropped by the event thread, never on the audio thread.
//! - [`EngineHandle`] is for every other thread (editor, host main thread): compiling,
//!   reading status. Compiling happens on the calling thread (the plugin calls it from its
//!   background task thread).
//! - A private event thread keeps pattern events prepared ahead of the playhead for the
//!   playing program and frees replaced programs.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{
    AtomicBool, AtomicI64, AtomicU32, AtomicU64, Ordering::Relaxed, Ordering::SeqCst,
};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_queue::ArrayQueue;

use crate::lang::{self, Diagnostic};
use crate::pattern::Time;
use crate::preview::{Preview, PreviewEvent};
use crate::render::events::EventRing;
pub use crate::render::played::PlayedEvent;
use crate::render::played::{PlayedLog, PlayedSink, PLAYED_CAPACITY};
use crate::render::pool::WorkerPool;
use crate::render::{NoteEvent, Outputs, Program, RenderConfig, NUMBERED_OUTPUTS};
use crate::samples::{Sample, SampleLibrary};

/// How long an edit crossfades from the old program to the new one.
pub const CROSSFADE_SECONDS: f32 = 0.01;

/// The level an auditioned sample plays at on the main output (about -6 dB), so a preview
/// sits under a playing program rather than over it.
pub const AUDITION_GAIN: f32 = 0.5;

/// How long a replaced audition fades out (short enough to feel instant, long enough not
/// to click).
pub const AUDITION_FADE_SECONDS: f32 = 0.005;

/// One loaded sample bank, as a sample browser lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankInfo {
    pub name: String,
    pub files: usize,
    /// The sample folder (search root) the bank was found in.
    pub root: PathBuf,
}

/// What the engine is built for (known when the host activates the plugin).
#[derive(Clone, Copy, Debug)]
pub struct EngineConfig {
    pub sample_rate: f32,
    /// The largest block the host will send.
    pub max_block: usize,
    /// Threads rendering (the audio thread plus `threads - 1` workers).
    pub threads: usize,
    /// Rendering offline (a bounce): blocks come faster than real time, so the audio
    /// thread waits for pattern events instead of playing on without them.
    pub offline: bool,
}

/// The host's transport for one block.
#[derive(Clone, Copy, Debug, Default)]
pub struct HostTransport {
    pub playing: bool,
    /// Tempo in beats per minute, if the host says.
    pub tempo_bpm: Option<f64>,
    /// Position of the block's first sample in beats (quarter notes), if the host says.
    pub pos_beats: Option<f64>,
    /// Beats per cycle (4 by default: one cycle per 4/4 bar).
    pub beats_per_cycle: f64,
    /// Keep playing from our own clock when the transport is stopped.
    pub run_when_stopped: bool,
    /// Where the host's loop starts, in beats, while looping: that cycle is kept prepared
    /// so the jump back finds its events.
    pub loop_start_beats: Option<f64>,
}

/// What a successful compile reports.
#[derive(Clone, Debug, Default)]
pub struct CompileReport {
    pub compile_ms: f64,
    pub nodes: usize,
    pub tasks: usize,
    pub stages: usize,
    /// Missing sample banks and similar, one line each.
    pub warnings: Vec<String>,
    /// The id of the program playing after this compile (the one already playing when the
    /// code did not change): [`PlayedEvent::program`] names it, and
    /// [`EngineHandle::program_source`] gives the text its spans point into.
    pub program: u64,
}

/// Live figures the editor shows, written by the audio thread (atomics only).
pub struct Status {
    /// Cycle position ×1000 at the last block.
    cycle_milli: AtomicU64,
    /// The host's beat position ×1000 at the last block.
    beat_milli: AtomicU64,
    playing: AtomicBool,
    /// DSP load: block render time over the block's duration, in ‰.
    load_permille: AtomicU32,
    /// Peak level per output since the last read (f32 bits): main, o1..o8.
    peaks: [AtomicU32; 1 + NUMBERED_OUTPUTS],
    late_events: AtomicU64,
    nans: AtomicU64,
    /// Output samples the safety stage limited, and the loudest it was given (f32 bits).
    limited: AtomicU64,
    worst_peak: AtomicU32,
    programs_installed: AtomicU64,
    /// The last samples of the main output (left), for a scope.
    scope: [AtomicU32; SCOPE_LEN],
    scope_pos: AtomicU32,
}

/// Samples kept for the scope.
pub const SCOPE_LEN: usize = 512;

impl Default for Status {
    fn default() -> Status {
        Status {
            cycle_milli: AtomicU64::new(0),
            beat_milli: AtomicU64::new(0),
            playing: AtomicBool::new(false),
            load_permille: AtomicU32::new(0),
            peaks: std::array::from_fn(|_| AtomicU32::new(0)),
            late_events: AtomicU64::new(0),
            nans: AtomicU64::new(0),
            limited: AtomicU64::new(0),
            worst_peak: AtomicU32::new(0),
            programs_installed: AtomicU64::new(0),
            scope: std::array::from_fn(|_| AtomicU32::new(0)),
            scope_pos: AtomicU32::new(0),
        }
    }
}

/// A snapshot of [`Status`].
#[derive(Clone, Debug, Default)]
pub struct StatusSnapshot {
    pub cycle: f64,
    pub beat: f64,
    pub playing: bool,
    pub dsp_load: f32,
    pub peaks: [f32; 1 + NUMBERED_OUTPUTS],
    pub late_events: u64,
    pub nans: u64,
    /// Output samples the safety stage brought under +6 dBFS since the engine started, and
    /// the loudest sample it was given (linear).
    pub limited: u64,
    pub worst_peak: f32,
    pub programs_installed: u64,
    /// Worker-pool tasks run by workers and by the audio thread.
    pub worker_tasks: (u64, u64),
}

struct Shared {
    config: EngineConfig,
    status: Status,
    incoming: ArrayQueue<Box<Program>>,
    retired: ArrayQueue<Box<Program>>,
    /// Event rings of the newest program and of the one before it (which may still be
    /// fading out), for the event thread.
    rings: Mutex<[Vec<Arc<EventRing>>; 2]>,
    pool: Option<Arc<WorkerPool>>,
    samples: Mutex<Arc<SampleLibrary>>,
    shutdown: AtomicBool,
    /// The cycle the host may jump to next (its loop's start, or where a stopped
    /// transport stands), kept prepared by the event thread; `i64::MIN` for none.
    cue: AtomicI64,
    /// The last installed program, printed canonically: running the same code again
    /// (only comments or spacing changed) keeps the playing program and its state.
    installed_text: Mutex<String>,
    /// Numbered outputs carry orbits instead of statements (see
    /// [`EngineHandle::set_orbit_outputs`]).
    orbit_outputs: AtomicBool,
    /// What played, for the editor.
    played: Arc<PlayedLog>,
    /// Ids of built programs (0: none yet), and the one installed last.
    next_program: AtomicU64,
    installed_program: AtomicU64,
    /// The source texts of the last few installed programs, by id: what their played
    /// events' spans point into.
    sources: Mutex<VecDeque<(u64, Arc<str>)>>,
    /// Samples to audition, newest last; the audio thread plays the newest.
    auditions: ArrayQueue<Arc<Sample>>,
    /// Auditioned samples the audio thread is done with, freed by the event thread.
    retired_samples: ArrayQueue<Arc<Sample>>,
    /// What went wrong loading the current sample folders, one line each.
    sample_warnings: Mutex<Vec<String>>,
    /// The installed program's control patterns, for [`EngineHandle::preview`] (GUI side).
    preview: Mutex<Arc<Preview>>,
}

/// A sample being auditioned: where it has got to, and (when replaced) how much fade is left.
struct Audition {
    sample: Arc<Sample>,
    pos: usize,
    fade_left: Option<usize>,
}

/// Program texts kept for [`EngineHandle::program_source`]: the playing one, the one
/// fading out, and a few whose events may still be on their way to the editor.
const SOURCES_KEPT: usize = 4;

/// The audio-thread side.
pub struct Engine {
    shared: Arc<Shared>,
    current: Option<Box<Program>>,
    /// The program fading out, and how many samples of fade are left.
    fading: Option<(Box<Program>, usize)>,
    /// Programs to hand to the event thread when the retire queue has room again (never
    /// dropped here: freeing memory is not for the audio thread).
    to_retire: [Option<Box<Program>>; 4],
    fade_len: usize,
    scratch: [Vec<f32>; 2],
    scratch_aux: Vec<[Vec<f32>; 2]>,
    /// Our own clock (cycles) for when the transport is stopped or gives no position.
    free_cycle: f64,
    last_playing: bool,
    /// What the safety stage did since the engine started.
    safety: crate::dsp::safety::SafetyStats,
    /// The audition playing, and the one fading out after being replaced.
    audition: [Option<Audition>; 2],
    audition_fade_len: usize,
    /// Auditioned samples waiting for room in the retire queue (never dropped here).
    samples_to_retire: [Option<Arc<Sample>>; 4],
    event_thread: Option<JoinHandle<()>>,
}

/// The side for every other thread.
#[derive(Clone)]
pub struct EngineHandle {
    shared: Arc<Shared>,
}

impl Engine {
    /// Builds the engine and starts its worker pool and event thread (off the audio thread).
    pub fn new(config: EngineConfig, sample_dirs: &[PathBuf]) -> (Engine, EngineHandle) {
        let pool = (config.threads > 1).then(|| Arc::new(WorkerPool::new(config.threads - 1)));
        let mut dirs = sample_dirs.to_vec();
        dirs.extend(crate::samples::default_dirs());
        let (library, warnings) = SampleLibrary::load(&dirs, config.sample_rate);
        let shared = Arc::new(Shared {
            config,
            status: Status::default(),
            incoming: ArrayQueue::new(4),
            retired: ArrayQueue::new(64),
            rings: Mutex::new([Vec::new(), Vec::new()]),
            pool,
            samples: Mutex::new(Arc::new(library)),
            shutdown: AtomicBool::new(false),
            cue: AtomicI64::new(i64::MIN),
            installed_text: Mutex::new(String::new()),
            orbit_outputs: AtomicBool::new(false),
            played: Arc::new(PlayedLog::new(PLAYED_CAPACITY)),
            next_program: AtomicU64::new(0),
            installed_program: AtomicU64::new(0),
            sources: Mutex::new(VecDeque::new()),
            auditions: ArrayQueue::new(4),
            retired_samples: ArrayQueue::new(16),
            sample_warnings: Mutex::new(warnings.iter().map(|w| w.to_string()).collect()),
            preview: Mutex::new(Arc::new(Preview::default())),
        });
        let event_thread = {
            let s = shared.clone();
            std::thread::Builder::new()
                .name("phonon-events".into())
                .spawn(move || event_thread(&s))
                .ok()
        };
        let max = config.max_block.max(1);
        let engine = Engine {
            shared: shared.clone(),
            current: None,
            fading: None,
            to_retire: Default::default(),
            fade_len: ((CROSSFADE_SECONDS * config.sample_rate) as usize).max(1),
            scratch: [vec![0.0; max], vec![0.0; max]],
            scratch_aux: (0..NUMBERED_OUTPUTS)
                .map(|_| [vec![0.0; max], vec![0.0; max]])
                .collect(),
            free_cycle: 0.0,
            last_playing: false,
            safety: Default::default(),
            audition: [None, None],
            audition_fade_len: ((AUDITION_FADE_SECONDS * config.sample_rate) as usize).max(1),
            samples_to_retire: Default::default(),
            event_thread,
        };
        (engine, EngineHandle { shared })
    }

    /// Renders one block (`len <= max_block`). Allocation-free.
    pub fn process(
        &mut self,
        out: &mut Outputs,
        len: usize,
        transport: &HostTransport,
        notes: &[NoteEvent],
    ) {
        self.process_with_gain(out, len, transport, notes, None);
    }

    /// Like [`Engine::process`], with a gain per sample applied to every output (a host's
    /// master gain) before the safety stage, which is always last: nothing leaves above
    /// +6 dBFS (`dsp::safety`).
    pub fn process_with_gain(
        &mut self,
        out: &mut Outputs,
        len: usize,
        transport: &HostTransport,
        notes: &[NoteEvent],
        gain: Option<&[f32]>,
    ) {
        let started = Instant::now();
        let s = &*self.shared;
        let len = len.min(self.scratch[0].len());
        flush_parked(&s.retired, &mut self.to_retire);
        // A new program: the old one fades out.
        if let Some(mut new) = s.incoming.pop() {
            // The engine runs the safety stage itself, after the host's gain.
            new.set_safety_stage(false);
            if let Some(old) = self.current.take() {
                // Unchanged statements go on exactly where they were (so they pass
                // through the crossfade unchanged); changed ones fade in.
                new.take_state_from(&old);
                // Only the newest fade matters; a program already fading is retired.
                if let Some((older, _)) = self.fading.replace((old, self.fade_len)) {
                    retire(&s.retired, &mut self.to_retire, older);
                }
            }
            self.current = Some(new);
            s.status.programs_installed.fetch_add(1, Relaxed);
        }
        // Where are we? Host position when playing; our own clock otherwise.
        let bpc = if transport.beats_per_cycle > 0.0 {
            transport.beats_per_cycle
        } else {
            4.0
        };
        let tempo = transport.tempo_bpm.filter(|t| *t > 0.0).unwrap_or(120.0);
        let cps = tempo / 60.0 / bpc;
        let sounding = transport.playing || transport.run_when_stopped;
        let cycle = match (transport.playing, transport.pos_beats) {
            (true, Some(beats)) => beats / bpc,
            _ => self.free_cycle,
        };
        self.last_playing = transport.playing;
        // The next jump's target: the loop's start, or where a stopped transport stands
        // (play starts there), or else the song's start (where a host's "go to start"
        // jumps while playing).
        let cue = match (transport.loop_start_beats, transport.pos_beats) {
            (Some(start), _) if transport.playing => Some(start / bpc),
            (_, Some(beats)) if !transport.playing => Some(beats / bpc),
            (None, Some(_)) => Some(0.0),
            _ => None,
        };
        let cue = cue.filter(|c| c.is_finite() && c.abs() < 1e15);
        s.cue
            .store(cue.map_or(i64::MIN, |c| c.floor() as i64), Relaxed);
        for ch in out.main.iter_mut() {
            ch[..len].fill(0.0);
        }
        for o in out.numbered.iter_mut().flatten() {
            for ch in o.iter_mut() {
                ch[..len].fill(0.0);
            }
        }
        if sounding {
            if let Some(p) = self.current.as_mut() {
                p.locate(cycle, cps);
                p.process_midi(out, len, notes);
            }
            if let Some((old, left)) = self.fading.as_mut() {
                // Render the old program into scratch and crossfade it out linearly.
                old.locate(cycle, cps);
                let [l, r] = &mut self.scratch;
                let mut aux_refs: [Option<[&mut [f32]; 2]>; NUMBERED_OUTPUTS] = Default::default();
                for (slot, [al, ar]) in aux_refs.iter_mut().zip(self.scratch_aux.iter_mut()) {
                    *slot = Some([&mut al[..len], &mut ar[..len]]);
                }
                let mut old_out = Outputs {
                    main: [&mut l[..len], &mut r[..len]],
                    numbered: aux_refs,
                };
                old.process_midi(&mut old_out, len, notes);
                let total = self.fade_len as f32;
                let start = *left;
                let fade = |i: usize| (start.saturating_sub(i)) as f32 / total;
                for i in 0..len {
                    let (g_old, g_new) = (fade(i), 1.0 - fade(i));
                    out.main[0][i] = out.main[0][i] * g_new + l[i] * g_old;
                    out.main[1][i] = out.main[1][i] * g_new + r[i] * g_old;
                }
                for (k, o) in out.numbered.iter_mut().enumerate() {
                    if let Some([ol, or]) = o {
                        let [al, ar] = &self.scratch_aux[k];
                        for i in 0..len {
                            let (g_old, g_new) = (fade(i), 1.0 - fade(i));
                            ol[i] = ol[i] * g_new + al[i] * g_old;
                            or[i] = or[i] * g_new + ar[i] * g_old;
                        }
                    }
                }
                *left = left.saturating_sub(len);
                if *left == 0 {
                    if let Some((done, _)) = self.fading.take() {
                        retire(&s.retired, &mut self.to_retire, done);
                    }
                }
            }
            self.free_cycle = cycle + cps * len as f64 / s.config.sample_rate as f64;
        } else if let Some(p) = self.current.as_mut() {
            // Stopped: onsets missed just before are stale when play resumes here.
            p.forget_missed_events();
        }
        self.mix_audition(out, len);
        let mut stats = crate::dsp::safety::SafetyStats::default();
        for ch in out.main.iter_mut() {
            finish(&mut ch[..len], gain, &mut stats);
        }
        for o in out.numbered.iter_mut().flatten() {
            for ch in o.iter_mut() {
                finish(&mut ch[..len], gain, &mut stats);
            }
        }
        self.safety.add(&stats);
        self.publish_status(out, len, cycle, transport, started);
    }

    /// Takes the newest audition request (a playing one starts fading out) and mixes the
    /// auditions into the main output at [`AUDITION_GAIN`], from the block's first sample.
    /// Whether or not anything else plays. Allocation-free: finished samples are handed
    /// to the event thread.
    fn mix_audition(&mut self, out: &mut Outputs, len: usize) {
        let s = &*self.shared;
        flush_parked(&s.retired_samples, &mut self.samples_to_retire);
        let mut finished: [Option<Arc<Sample>>; 6] = Default::default();
        let mut n_finished = 0;
        while let Some(sample) = s.auditions.pop() {
            let fresh = Audition {
                sample,
                pos: 0,
                fade_left: None,
            };
            if let Some(mut playing) = self.audition[0].replace(fresh) {
                if playing.fade_left.is_none() {
                    playing.fade_left = Some(self.audition_fade_len);
                }
                if let Some(older) = self.audition[1].replace(playing) {
                    finished[n_finished] = Some(older.sample);
                    n_finished += 1;
                }
            }
        }
        let total = self.audition_fade_len as f32;
        for slot in self.audition.iter_mut() {
            let Some(a) = slot.as_mut() else { continue };
            let [l, r] = &mut out.main;
            for i in 0..len {
                if a.pos >= a.sample.len() || a.fade_left == Some(0) {
                    break;
                }
                let mut g = AUDITION_GAIN;
                if let Some(left) = a.fade_left.as_mut() {
                    g *= *left as f32 / total;
                    *left -= 1;
                }
                let (fl, fr) = a.sample.frame(a.pos);
                l[i] += fl * g;
                r[i] += fr * g;
                a.pos += 1;
            }
            if a.pos >= a.sample.len() || a.fade_left == Some(0) {
                if let Some(done) = slot.take() {
                    finished[n_finished] = Some(done.sample);
                    n_finished += 1;
                }
            }
        }
        for sample in finished.iter_mut().filter_map(Option::take) {
            retire(&s.retired_samples, &mut self.samples_to_retire, sample);
        }
    }

    fn publish_status(
        &self,
        out: &Outputs,
        len: usize,
        cycle: f64,
        transport: &HostTransport,
        started: Instant,
    ) {
        let st = &self.shared.status;
        st.cycle_milli
            .store((cycle.max(0.0) * 1000.0) as u64, Relaxed);
        st.beat_milli.store(
            (transport.pos_beats.unwrap_or(0.0).max(0.0) * 1000.0) as u64,
            Relaxed,
        );
        st.playing.store(transport.playing, Relaxed);
        let budget = len as f64 / self.shared.config.sample_rate as f64;
        let load = started.elapsed().as_secs_f64() / budget.max(1e-9);
        st.load_permille.store((load * 1000.0) as u32, Relaxed);
        let peak = |chs: &[&mut [f32]; 2]| {
            chs.iter()
                .flat_map(|c| c[..len].iter())
                .fold(0.0f32, |m, x| m.max(x.abs()))
        };
        let bump = |slot: &AtomicU32, v: f32| {
            let old = f32::from_bits(slot.load(Relaxed));
            if v > old {
                slot.store(v.to_bits(), Relaxed);
            }
        };
        bump(&st.peaks[0], peak(&out.main));
        for (k, o) in out.numbered.iter().enumerate() {
            if let Some(o) = o {
                bump(&st.peaks[k + 1], peak(o));
            }
        }
        let mut pos = st.scope_pos.load(Relaxed) as usize;
        for x in out.main[0][..len].iter().step_by(2) {
            st.scope[pos % SCOPE_LEN].store(x.to_bits(), Relaxed);
            pos += 1;
        }
        st.scope_pos.store((pos % SCOPE_LEN) as u32, Relaxed);
        if let Some(p) = &self.current {
            let stats = p.stats();
            st.late_events.store(stats.late_events, Relaxed);
            st.nans.store(stats.nans_replaced, Relaxed);
        }
        st.limited.store(self.safety.limited, Relaxed);
        st.worst_peak
            .store(self.safety.worst_peak.to_bits(), Relaxed);
    }

    /// A host's reset: every held MIDI key is released (its voice fades by its envelope's
    /// release, so nothing clicks), in the playing program and in one fading out. Audio
    /// thread; allocates nothing.
    pub fn reset(&mut self) {
        if let Some(p) = self.current.as_mut() {
            p.release_all_notes();
        }
        if let Some((p, _)) = self.fading.as_mut() {
            p.release_all_notes();
        }
    }

    /// Sets macro `index` (0..8) on the playing program(s).
    pub fn set_macro(&mut self, index: usize, value: f32) {
        if let Some(p) = self.current.as_mut() {
            p.set_macro(index, value);
        }
        if let Some((p, _)) = self.fading.as_mut() {
            p.set_macro(index, value);
        }
    }

    /// True when a program is installed.
    pub fn has_program(&self) -> bool {
        self.current.is_some()
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.shared.shutdown.store(true, SeqCst);
        if let Some(t) = self.event_thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

/// Hands a program (or sample) to the event thread to be freed, or parks it until there is
/// room.
fn retire<T>(queue: &ArrayQueue<T>, parked: &mut [Option<T>; 4], item: T) {
    let Err(item) = queue.push(item) else {
        return;
    };
    if let Some(slot) = parked.iter_mut().find(|s| s.is_none()) {
        *slot = Some(item);
    } else {
        // Every slot is full (the event thread has not run for a long time): keep it
        // alive rather than free it here.
        std::mem::forget(item);
    }
}

/// Hands what [`retire`] parked to the event thread, as far as the queue has room.
fn flush_parked<T>(queue: &ArrayQueue<T>, parked: &mut [Option<T>; 4]) {
    for slot in parked.iter_mut() {
        if let Some(item) = slot.take() {
            if let Err(item) = queue.push(item) {
                *slot = Some(item);
            }
        }
    }
}

/// Keeps the playing program's events prepared and frees retired programs.
fn event_thread(s: &Shared) {
    while !s.shutdown.load(SeqCst) {
        while let Some(old) = s.retired.pop() {
            drop(old);
        }
        while let Some(sample) = s.retired_samples.pop() {
            drop(sample);
        }
        let rings: Vec<Arc<EventRing>> = match s.rings.lock() {
            Ok(r) => r.concat(),
            Err(e) => e.into_inner().concat(),
        };
        let cue = s.cue.load(Relaxed);
        for r in &rings {
            r.set_cue((cue != i64::MIN).then_some(cue));
            r.prepare_ahead();
        }
        std::thread::park_timeout(Duration::from_millis(2));
    }
}

impl EngineHandle {
    /// Compiles `source` and sends the program to the audio thread. On error nothing
    /// changes: the playing program keeps playing.
    pub fn compile(&self, source: &str) -> Result<CompileReport, Vec<Diagnostic>> {
        let started = Instant::now();
        let checked = lang::check_program(source)?;
        let orbit_outputs = self.shared.orbit_outputs.load(Relaxed);
        // The routing is part of what is installed: changing it reinstalls the program.
        let canonical = format!(
            "{checked}{}",
            if orbit_outputs { "\n-- orbits" } else { "" }
        );
        let unchanged = self
            .shared
            .installed_text
            .lock()
            .is_ok_and(|t| *t == canonical);
        // Tidal's evaluation time, for `trigger` and `qtrigger`.
        let now = Time::new(self.shared.status.cycle_milli.load(Relaxed) as i64, 1000);
        let (graph, triggered) =
            crate::lang::eval::with_eval_cycle(now, || crate::graph::compile(&checked));
        let mut graph = graph?;
        let unchanged = unchanged && !triggered;
        let plan = crate::graph::plan(&mut graph);
        let samples = self.samples();
        let mut program = self
            .build(&graph, &plan, &samples)
            .map_err(|e| vec![Diagnostic::error(crate::lang::Span::default(), e)])?;
        if let Some(pool) = &self.shared.pool {
            program.attach_pool(pool.clone());
        }
        program.set_orbit_outputs(orbit_outputs);
        let id = self.shared.next_program.fetch_add(1, Relaxed) + 1;
        program.set_played(PlayedSink::new(self.shared.played.clone(), id));
        let names = crate::render::sample_names(&graph);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let warnings: Vec<String> = samples.missing_report(&refs).into_iter().collect();
        // Prepare the cycles about to play now, so the program plays at once.
        let rings = program.event_rings();
        let playhead = (self.shared.status.cycle_milli.load(Relaxed) / 1000) as i64;
        for r in &rings {
            r.set_wait_when_missing(self.shared.config.offline);
            r.prepare_from(playhead);
        }
        let report = CompileReport {
            compile_ms: started.elapsed().as_secs_f64() * 1000.0,
            nodes: program.node_count(),
            tasks: program.schedule().tasks.len(),
            stages: plan.stages.len(),
            warnings,
            program: id,
        };
        if !unchanged {
            self.publish_rings(rings);
        }
        if unchanged {
            // Same program: nothing to install, nothing resets.
            return Ok(CompileReport {
                program: self.shared.installed_program.load(Relaxed),
                ..report
            });
        }
        if let Ok(mut t) = self.shared.installed_text.lock() {
            *t = canonical;
        }
        self.remember_source(id, source);
        self.set_preview(Preview::from_graph(&graph));
        self.install(program);
        Ok(report)
    }

    /// Keeps `source` as the text of program `id` (and forgets the oldest).
    fn remember_source(&self, id: u64, source: &str) {
        self.shared.installed_program.store(id, Relaxed);
        if let Ok(mut s) = self.shared.sources.lock() {
            if s.len() >= SOURCES_KEPT {
                s.pop_front();
            }
            s.push_back((id, Arc::from(source)));
        }
    }

    /// The source text program `id` was compiled from, while it is one of the last few.
    pub fn program_source(&self, id: u64) -> Option<Arc<str>> {
        let s = self.shared.sources.lock().ok()?;
        s.iter().find(|(k, _)| *k == id).map(|(_, t)| t.clone())
    }

    /// Moves the onsets played since the last call into `out`, oldest first (GUI thread).
    /// Each says which program played it and which spans of its source it came from.
    pub fn played(&self, out: &mut Vec<PlayedEvent>) {
        self.shared.played.drain_into(out);
    }

    /// Numbered outputs 1..8 carry orbits 0..7 of every control pattern (SuperDirt's
    /// orbits on their own channels) instead of the statements `d1`..`d8`, from the next
    /// compile on.
    pub fn set_orbit_outputs(&self, on: bool) {
        self.shared.orbit_outputs.store(on, Relaxed);
    }

    /// Replaces the playing program with silence (crossfading out): what a project whose
    /// saved program no longer compiles plays. The next compile installs whatever it is given.
    pub fn silence(&self) {
        let mut graph = crate::graph::Graph::default();
        let plan = crate::graph::plan(&mut graph);
        let Ok(program) = self.build(&graph, &plan, &self.samples()) else {
            return;
        };
        if let Ok(mut t) = self.shared.installed_text.lock() {
            t.clear();
        }
        self.publish_rings(Vec::new()); // silence has no events
        self.set_preview(Preview::default());
        self.install(program);
    }

    /// The events the installed program plays in cycles `from..to` (into `out`, cleared
    /// first), for a pianoroll. GUI thread: this queries patterns and allocates.
    pub fn preview(&self, from: f64, to: f64, out: &mut Vec<PreviewEvent>) {
        let preview = match self.shared.preview.lock() {
            Ok(p) => p.clone(),
            Err(e) => e.into_inner().clone(),
        };
        preview.query(from, to, out);
    }

    fn set_preview(&self, preview: Preview) {
        if let Ok(mut p) = self.shared.preview.lock() {
            *p = Arc::new(preview);
        }
    }

    /// The sample library programs are built with now.
    fn samples(&self) -> Arc<SampleLibrary> {
        match self.shared.samples.lock() {
            Ok(l) => l.clone(),
            Err(e) => e.into_inner().clone(),
        }
    }

    /// Builds a planned graph at the engine's sample rate.
    fn build(
        &self,
        graph: &crate::graph::Graph,
        plan: &crate::graph::Plan,
        samples: &Arc<SampleLibrary>,
    ) -> Result<Program, String> {
        let config = RenderConfig {
            sample_rate: self.shared.config.sample_rate,
            ..Default::default()
        };
        Program::build(graph, plan, config, samples)
    }

    /// Makes `rings` the newest generation the event thread keeps prepared; the previous
    /// one stays while its program may still be fading out.
    fn publish_rings(&self, rings: Vec<Arc<EventRing>>) {
        if let Ok(mut generations) = self.shared.rings.lock() {
            generations[1] = std::mem::replace(&mut generations[0], rings);
        }
    }

    /// Hands a built program to the audio thread; if it has not taken the previous one yet,
    /// this one replaces it.
    fn install(&self, program: Program) {
        let mut boxed = Box::new(program);
        while let Err(back) = self.shared.incoming.push(boxed) {
            boxed = back;
            if let Some(stale) = self.shared.incoming.pop() {
                drop(stale);
            }
        }
    }

    /// Folders searched for sample banks (before `PHONON_SAMPLES` and the bundled kit);
    /// takes effect at the next compile.
    pub fn set_sample_dirs(&self, dirs: &[PathBuf]) {
        if let Ok(mut t) = self.shared.installed_text.lock() {
            t.clear(); // the same code must be reinstalled to use the new samples
        }
        let mut all = dirs.to_vec();
        all.extend(crate::samples::default_dirs());
        let (library, warnings) = SampleLibrary::load(&all, self.shared.config.sample_rate);
        if let Ok(mut l) = self.shared.samples.lock() {
            *l = Arc::new(library);
        }
        if let Ok(mut w) = self.shared.sample_warnings.lock() {
            *w = warnings.iter().map(|w| w.to_string()).collect();
        }
    }

    /// The banks loaded now, grouped by the folder they came from (in search order), each
    /// folder's banks by name.
    pub fn sample_banks(&self) -> Vec<BankInfo> {
        self.samples().bank_list()
    }

    /// What went wrong loading the current sample folders (a missing or unreadable folder,
    /// a file that does not decode), one line each.
    pub fn sample_warnings(&self) -> Vec<String> {
        match self.shared.sample_warnings.lock() {
            Ok(w) => w.clone(),
            Err(e) => e.into_inner().clone(),
        }
    }

    /// Plays file `index` of `bank` (wrapping) once on the main output, from the start of
    /// the next block, whether or not the transport runs or a program is installed; a
    /// playing audition fades out. An unknown bank plays nothing and is an error.
    pub fn audition(&self, bank: &str, index: usize) -> Result<(), String> {
        let sample = self
            .samples()
            .get(bank, index as i64)
            .ok_or_else(|| format!("no sample bank named '{bank}'"))?;
        let mut pending = sample;
        // A full queue (the audio thread is not running): the oldest request goes.
        while let Err(back) = self.shared.auditions.push(pending) {
            pending = back;
            drop(self.shared.auditions.pop());
        }
        Ok(())
    }

    /// The live status (and resets the peak meters).
    pub fn status(&self) -> StatusSnapshot {
        let st = &self.shared.status;
        let mut peaks = [0.0f32; 1 + NUMBERED_OUTPUTS];
        for (p, slot) in peaks.iter_mut().zip(&st.peaks) {
            *p = f32::from_bits(slot.swap(0, Relaxed));
        }
        StatusSnapshot {
            cycle: st.cycle_milli.load(Relaxed) as f64 / 1000.0,
            beat: st.beat_milli.load(Relaxed) as f64 / 1000.0,
            playing: st.playing.load(Relaxed),
            dsp_load: st.load_permille.load(Relaxed) as f32 / 10.0,
            peaks,
            late_events: st.late_events.load(Relaxed),
            nans: st.nans.load(Relaxed),
            limited: st.limited.load(Relaxed),
            worst_peak: f32::from_bits(st.worst_peak.load(Relaxed)),
            programs_installed: st.programs_installed.load(Relaxed),
            worker_tasks: self
                .shared
                .pool
                .as_ref()
                .map_or((0, 0), |p| p.task_counts()),
        }
    }

    /// The scope: the last `SCOPE_LEN` samples (every other one) of the main output's left.
    pub fn scope(&self, out: &mut [f32; SCOPE_LEN]) {
        let st = &self.shared.status;
        let pos = st.scope_pos.load(Relaxed) as usize;
        for (i, o) in out.iter_mut().enumerate() {
            *o = f32::from_bits(st.scope[(pos + i) % SCOPE_LEN].load(Relaxed));
        }
    }
}

/// The last steps of an output channel: the host's gain, then the safety stage.
fn finish(ch: &mut [f32], gain: Option<&[f32]>, stats: &mut crate::dsp::safety::SafetyStats) {
    if let Some(g) = gain {
        for (x, g) in ch.iter_mut().zip(g) {
            *x *= g;
        }
    }
    crate::dsp::safety::apply(ch, stats);
}
