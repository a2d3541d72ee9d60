//! The player of a control pattern: each event with a sound (`s`) starts a voice, a sample
//! (bank from `s`, index from `n`) or a synth named by `s`, pitched by `note`, `n`, `up`,
//! `octave`, `speed` and `accelerate`; the voice goes through its own processing
//! (`dsp/voice_fx.rs`), then gain (`gain` × `amp` × `velocity`), `pan`, and its orbit:
//! the dry signal (less `dry`) to the output, `room` to the orbit's reverb (`size`),
//! `delay` to the orbit's delay (`delaytime`, `delayfeedback`), as SuperDirt's orbits.
//! Orbit effects take their settings from the latest voice that sets them.
//!
//! Each player has its own orbits (as many as the orbit numbers its pattern uses in its
//! first cycles; a higher one plays on the last). Reverb and delay are linear, so two
//! players on orbit 0 sound as one shared orbit would.
//!
//! Threading contract: `new` allocates (off the audio thread); `process` allocates, locks
//! and frees nothing: voices, scratch and orbit effects are preallocated, and a finished
//! sample voice keeps its `Arc` until the next start replaces it (the library keeps every
//! sample alive, so that is never the last reference).

use std::sync::Arc;

use crate::dsp::fx::{pan_gains, Delay, Reverb};
use crate::dsp::kernel::{BlockCtx, Input, Kernel};
use crate::dsp::sampler::{SampleStart, SampleVoice};
use crate::dsp::synth::Voice;
use crate::dsp::voice_fx::{envelope, VoiceFx, VoiceParams, Vowel};
use crate::pattern::{Hap, Pattern, Value};
use crate::samples::SampleLibrary;

use super::nodes::{midi_to_hz, NodeCtx, PreparedEvents};
use super::{RenderStats, CHUNK};

/// Sample voices of one player; the oldest is stolen when all play.
pub const SAMPLE_VOICES: usize = 128;
/// Voices per synth a player names.
pub const SYNTH_VOICES: usize = 8;
/// Most parameters of one synth besides its frequency.
const MAX_SYNTH_PARAMS: usize = 8;
/// Most orbits of one player (SuperDirt starts 12).
pub const MAX_ORBITS: usize = 12;
/// Orbit effect defaults when no voice has set them (SuperDirt's).
const DEFAULT_SIZE: f32 = 0.5;
const DEFAULT_DELAY_TIME: f32 = 0.25;
const DEFAULT_DELAY_FEEDBACK: f32 = 0.5;
/// Reverb damping of the orbits.
const ORBIT_DAMPING: f32 = 0.5;
/// An orbit effect whose output stays below this (and gets no input) for longer than its
/// gap stops running: the reverb after 0.5 s, the delay after its time plus 0.1 s.
const TAIL_FLOOR: f32 = 1e-7;
const REVERB_GAP_SECS: f32 = 0.5;
const DELAY_GAP_SECS: f32 = 0.1;

/// Where one voice goes after its processing.
#[derive(Clone, Copy, Debug)]
struct Route {
    fx: VoiceFx,
    gain_l: f32,
    gain_r: f32,
    /// Dry level, reverb and delay sends.
    dry: f32,
    room: f32,
    delay: f32,
    orbit: usize,
}

impl Route {
    fn new(sample_rate: f32) -> Route {
        Route {
            fx: VoiceFx::new(sample_rate),
            gain_l: 0.0,
            gain_r: 0.0,
            dry: 1.0,
            room: 0.0,
            delay: 0.0,
            orbit: 0,
        }
    }
}

struct SampleSlot {
    voice: SampleVoice,
    route: Route,
    age: u64,
    cut: i64,
}

struct SynthSlot {
    name: &'static str,
    voice: Box<dyn Voice>,
    route: Route,
    active: bool,
    age: u64,
    cut: i64,
    /// Samples before the onset, within the next block.
    delay: usize,
    /// The note's frequency, and how it glides (`accelerate` over `sustain` seconds).
    freq: f32,
    accelerate: f32,
    sustain: f32,
    played: f32,
}

impl SampleSlot {
    /// Renders the voice's next `l.len()` samples into `l`/`r` (cleared first; a mono
    /// sample on both) through its processing, which ends with the sample's last frame;
    /// stops the voice when its envelope has ended. Returns where the voice starts.
    fn play(&mut self, l: &mut [f32], r: &mut [f32]) -> usize {
        let len = l.len();
        let start = self.voice.delay.min(len);
        l.fill(0.0);
        r.fill(0.0);
        let stereo = self.voice.is_stereo();
        let end = self.voice.render(l, r).unwrap_or(len).max(start);
        if !self
            .route
            .fx
            .process(&mut l[start..end], &mut r[start..end], stereo)
        {
            self.voice.stop();
        }
        if !stereo {
            r[start..].copy_from_slice(&l[start..]);
        }
        start
    }
}

impl SynthSlot {
    /// The same for a synth voice (mono, copied to `r`); its processing ends with its
    /// last sound, wherever the block ends.
    fn play(&mut self, l: &mut [f32], r: &mut [f32], rate: f32) -> usize {
        let len = l.len();
        let start = self.delay.min(len);
        self.delay -= start;
        l.fill(0.0);
        self.active = self.voice.render_add(&mut l[start..]);
        self.played += (len - start) as f32 / rate;
        let end = if self.active {
            len
        } else {
            sounding_end(l, start)
        };
        if !self
            .route
            .fx
            .process(&mut l[start..end], &mut r[start..end], false)
        {
            self.active = false;
        }
        r[start..].copy_from_slice(&l[start..]);
        start
    }
}

/// One orbit's reverb and delay, with the sends of a block.
struct Orbit {
    reverb: Reverb,
    delay: Delay,
    room_in: [Vec<f32>; 2],
    delay_in: [Vec<f32>; 2],
    wet: [Vec<f32>; 2],
    /// With orbits to outputs: this orbit's whole sound in the block (its voices' dry
    /// signal and its effects), for the numbered output of the orbit.
    out: [Vec<f32>; 2],
    routed: bool,
    size: f32,
    delay_time: f32,
    delay_feedback: f32,
    /// Samples since each effect last had input or output above [`TAIL_FLOOR`]; it stops
    /// running once that exceeds its longest silent gap (a delay between echoes).
    reverb_quiet: usize,
    delay_quiet: usize,
}

impl Orbit {
    fn new(sample_rate: f32) -> Orbit {
        let buf = || [vec![0.0; CHUNK], vec![0.0; CHUNK]];
        Orbit {
            reverb: Reverb::new(sample_rate, CHUNK),
            delay: Delay::new(sample_rate, 2),
            room_in: buf(),
            delay_in: buf(),
            wet: buf(),
            out: buf(),
            routed: false,
            size: DEFAULT_SIZE,
            delay_time: DEFAULT_DELAY_TIME,
            delay_feedback: DEFAULT_DELAY_FEEDBACK,
            reverb_quiet: usize::MAX,
            delay_quiet: usize::MAX,
        }
    }

    fn clear_sends(&mut self, len: usize) {
        for b in self
            .room_in
            .iter_mut()
            .chain(self.delay_in.iter_mut())
            .chain(self.out.iter_mut())
        {
            b[..len].fill(0.0);
        }
    }

    /// Runs the effects that have input or still ring, adding their output to `out`.
    fn process(
        &mut self,
        ctx: &BlockCtx,
        consts: &mut [Vec<f32>; 3],
        left: &mut [f32],
        right: &mut [f32],
    ) {
        let routed = self.routed;
        let len = ctx.len;
        let has = |b: &[Vec<f32>; 2]| b.iter().any(|c| c[..len].iter().any(|x| *x != 0.0));
        let room_in = has(&self.room_in);
        let delay_in = has(&self.delay_in);
        let sr = ctx.sample_rate;
        let reverb_gap = (REVERB_GAP_SECS * sr) as usize;
        let delay_gap = ((self.delay_time + DELAY_GAP_SECS) * sr) as usize;
        if room_in || self.reverb_quiet <= reverb_gap {
            let params = [self.size, ORBIT_DAMPING, 1.0];
            let wet = &mut self.wet;
            run_effect(&mut self.reverb, ctx, &self.room_in, params, consts, wet);
            self.reverb_quiet = quiet_after(self.reverb_quiet, room_in, wet, len);
            add_into(wet, left, right, len);
            if routed {
                let [ol, or] = &mut self.out;
                add_into(wet, ol, or, len);
            }
        }
        if delay_in || self.delay_quiet <= delay_gap {
            let params = [self.delay_time, self.delay_feedback, 1.0];
            let wet = &mut self.wet;
            run_effect(&mut self.delay, ctx, &self.delay_in, params, consts, wet);
            self.delay_quiet = quiet_after(self.delay_quiet, delay_in, wet, len);
            add_into(wet, left, right, len);
            if routed {
                let [ol, or] = &mut self.out;
                add_into(wet, ol, or, len);
            }
        }
    }
}

/// Runs an orbit effect (reverb or delay: a stereo input and three constant parameters)
/// on one block's sends into `wet`.
fn run_effect(
    kernel: &mut dyn Kernel,
    ctx: &BlockCtx,
    input: &[Vec<f32>; 2],
    params: [f32; 3],
    consts: &mut [Vec<f32>; 3],
    wet: &mut [Vec<f32>; 2],
) {
    let len = ctx.len;
    for (c, v) in consts.iter_mut().zip(params) {
        c[..len].fill(v);
    }
    let [c0, c1, c2] = &*consts;
    let inputs = [
        Input {
            left: &input[0][..len],
            right: &input[1][..len],
            stereo: true,
            constant: false,
        },
        Input::mono(&c0[..len], true),
        Input::mono(&c1[..len], true),
        Input::mono(&c2[..len], true),
    ];
    let [wl, wr] = wet;
    kernel.process(ctx, &inputs, &mut [&mut wl[..len], &mut wr[..len]]);
}

/// Quiet samples after a block: reset by input or by output above the floor.
fn quiet_after(quiet: usize, input: bool, out: &[Vec<f32>; 2], len: usize) -> usize {
    let loud = (0..len)
        .rev()
        .find(|&i| out[0][i].abs() > TAIL_FLOOR || out[1][i].abs() > TAIL_FLOOR);
    match (input, loud) {
        (true, _) => 0,
        (false, Some(i)) => len - 1 - i,
        (false, None) => quiet.saturating_add(len),
    }
}

fn add_into(b: &[Vec<f32>; 2], left: &mut [f32], right: &mut [f32], len: usize) {
    for i in 0..len {
        left[i] += b[0][i];
        right[i] += b[1][i];
    }
}

/// A control pattern's voices and orbits.
pub struct PlayerNode {
    pub(super) events: PreparedEvents,
    library: Arc<SampleLibrary>,
    samples: Vec<SampleSlot>,
    /// Voices of the synths the pattern names (`s "superpiano"`), preallocated.
    synths: Vec<SynthSlot>,
    orbits: Vec<Orbit>,
    /// One voice's block, and the orbit effects' constant inputs.
    scratch: [Vec<f32>; 2],
    /// What voices cut or stolen by an onset played before it, in this block.
    early: [Vec<f32>; 2],
    consts: [Vec<f32>; 3],
    next_age: u64,
}

/// The longest `nudge`, in seconds.
const MAX_NUDGE_SECS: f32 = 2.0;

/// The controls of one event, with the signals its player reads (`# gain ~lfo`) at the
/// event's onset.
#[derive(Clone, Copy)]
struct Controls<'a> {
    v: &'a Value,
    signals: &'a [&'a [f32]],
    /// The onset's sample in the block.
    at: usize,
}

impl Controls<'_> {
    /// A number control; a signal's value at the onset.
    fn num(&self, key: &str) -> Option<f32> {
        let x = match self.v {
            Value::Map(m) => match m.get(key)? {
                Value::Signal(k) => self.signals.get(*k as usize)?.get(self.at).copied(),
                x => x.as_num().map(|x| x as f32),
            },
            _ => None,
        };
        x.filter(|x| x.is_finite())
    }

    fn word(&self, key: &str) -> Option<&str> {
        word(self.v, key)
    }
}

fn word<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    match v {
        Value::Map(m) => match m.get(key) {
            Some(Value::Str(s)) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// A number control of an event (no signals: for reading a pattern off the audio thread).
fn num(v: &Value, key: &str) -> Option<f32> {
    Controls {
        v,
        signals: &[],
        at: 0,
    }
    .num(key)
}

/// The processing controls of an event.
fn voice_params(c: &Controls) -> VoiceParams {
    VoiceParams {
        vowel: c.word("vowel").and_then(Vowel::parse),
        shape: c.num("shape").filter(|s| *s > 0.0),
        hcutoff: c.num("hcutoff"),
        hresonance: c.num("hresonance").unwrap_or(0.0),
        bandf: c.num("bandf"),
        bandq: c.num("bandq").unwrap_or(10.0),
        crush: c.num("crush").filter(|c| *c > 0.0 && *c < 16.0),
        coarse: c.num("coarse").filter(|c| *c >= 2.0),
        cutoff: c.num("cutoff"),
        resonance: c.num("resonance").unwrap_or(0.0),
        lpenv: c.num("lpenv"),
        lp_adsr: [
            c.num("lpattack").unwrap_or(0.005),
            c.num("lpdecay").unwrap_or(0.14),
            c.num("lpsustain").unwrap_or(0.0),
            c.num("lprelease").unwrap_or(0.1),
        ],
        env: None,
        squiz: c.num("squiz").filter(|s| *s > 1.0),
        distort: c.num("distort").filter(|d| *d > 0.0),
        djf: c.num("djf"),
    }
}

/// The sound names of a pattern's first cycles (for voices, and missing-bank reports).
pub fn pattern_sound_names(pattern: &Pattern<Value>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for haps in crate::pattern::budget::first_cycles(pattern, 16) {
        for h in &haps {
            if let Some(s) = word(&h.value, "s") {
                if !names.iter().any(|n| n == s) {
                    names.push(s.to_string());
                }
            }
        }
    }
    names
}

/// How many orbits a pattern's first cycles use (at least one).
fn pattern_orbits(pattern: &Pattern<Value>) -> usize {
    let mut most = 1;
    for haps in crate::pattern::budget::first_cycles(pattern, 16) {
        for h in &haps {
            if let Some(o) = num(&h.value, "orbit") {
                most = most.max((o.max(0.0) as usize).min(MAX_ORBITS - 1) + 1);
            }
        }
    }
    most
}

impl PlayerNode {
    /// Off the audio thread: voices for every synth the pattern names, sample voices,
    /// and the orbits it uses.
    pub fn new(
        pattern: &Pattern<Value>,
        sample_rate: f32,
        seed: u64,
        library: &Arc<SampleLibrary>,
    ) -> PlayerNode {
        let sr = crate::dsp::synth::sane_rate(sample_rate);
        let mut synths = Vec::new();
        for name in pattern_sound_names(pattern) {
            let Some(spec) = crate::registry::lookup(&name) else {
                continue;
            };
            let Some(synth) = spec.voice() else {
                continue;
            };
            for k in 0..SYNTH_VOICES {
                synths.push(SynthSlot {
                    name: spec.name,
                    voice: (synth.voice)(sr, seed * 64 + k as u64),
                    route: Route::new(sr),
                    active: false,
                    age: 0,
                    cut: 0,
                    delay: 0,
                    freq: 0.0,
                    accelerate: 0.0,
                    sustain: 1.0,
                    played: 0.0,
                });
            }
        }
        PlayerNode {
            events: PreparedEvents::new(pattern.clone()),
            library: library.clone(),
            samples: (0..SAMPLE_VOICES)
                .map(|_| SampleSlot {
                    voice: SampleVoice::idle(),
                    route: Route::new(sr),
                    age: 0,
                    cut: 0,
                })
                .collect(),
            synths,
            orbits: (0..pattern_orbits(pattern))
                .map(|_| Orbit::new(sr))
                .collect(),
            scratch: [vec![0.0; CHUNK], vec![0.0; CHUNK]],
            early: [vec![0.0; CHUNK], vec![0.0; CHUNK]],
            consts: std::array::from_fn(|_| vec![0.0; CHUNK]),
            next_age: 0,
        }
    }

    /// Keeps each orbit's sound apart as well, for the numbered outputs.
    pub fn route_orbits(&mut self, on: bool) {
        for o in self.orbits.iter_mut() {
            o.routed = on;
        }
    }

    /// Orbit `k`'s sound in the last block (when routed), `[left, right]`.
    pub fn orbit_sound(&self, k: usize) -> Option<&[Vec<f32>; 2]> {
        self.orbits.get(k).filter(|o| o.routed).map(|o| &o.out)
    }

    /// Keeps the voices and orbit tails of `old` sounding. Only between players of the
    /// same sample library and the same synths: a voice then holds a sample the library
    /// keeps alive, so the audio thread never drops the last reference to one.
    pub fn take_state_from(&mut self, old: &PlayerNode) -> bool {
        if !Arc::ptr_eq(&self.library, &old.library)
            || self.samples.len() != old.samples.len()
            || self.synths.len() != old.synths.len()
            || self
                .synths
                .iter()
                .zip(&old.synths)
                .any(|(a, b)| a.name != b.name)
        {
            return false;
        }
        for (v, from) in self.samples.iter_mut().zip(&old.samples) {
            // Replaces an idle voice's `None` (or a sample of the same library): nothing
            // is freed. Cloning an `Arc` only counts.
            v.voice.clone_from(&from.voice);
            v.route = from.route;
            v.age = from.age;
            v.cut = from.cut;
        }
        for (v, from) in self.synths.iter_mut().zip(&old.synths) {
            if v.voice.copy_state_from(from.voice.as_ref()) {
                v.route = from.route;
                v.active = from.active;
                v.age = from.age;
                v.cut = from.cut;
                v.delay = from.delay;
                v.freq = from.freq;
                v.accelerate = from.accelerate;
                v.sustain = from.sustain;
                v.played = from.played;
            }
        }
        for (o, from) in self.orbits.iter_mut().zip(&old.orbits) {
            o.reverb.copy_state_from(&from.reverb);
            o.delay.copy_state_from(&from.delay);
            (o.size, o.delay_time, o.delay_feedback) =
                (from.size, from.delay_time, from.delay_feedback);
            (o.reverb_quiet, o.delay_quiet) = (from.reverb_quiet, from.delay_quiet);
        }
        self.next_age = old.next_age;
        true
    }

    /// Renders one block; `signals` are the inputs its controls read (`# gain ~lfo`).
    pub fn process(
        &mut self,
        ctx: &NodeCtx,
        signals: &[&[f32]],
        left: &mut [f32],
        right: &mut [f32],
        stats: &mut RenderStats,
    ) {
        let span = ctx.span();
        let len = left.len().min(right.len()).min(CHUNK);
        let rate = ctx.block.sample_rate;
        let cycle_secs = 1.0 / (ctx.block.cycles_per_sample * rate as f64);
        for o in self.orbits.iter_mut() {
            o.clear_sends(len);
        }
        self.early.iter_mut().for_each(|b| b[..len].fill(0.0));
        let mut starter = Starter {
            library: &self.library,
            samples: &mut self.samples,
            synths: &mut self.synths,
            orbits: &mut self.orbits,
            early: &mut self.early,
            part: &mut self.scratch,
            signals,
            next_age: &mut self.next_age,
            rate,
            cycle_secs,
        };
        let ok = self
            .events
            .for_each(span, len, stats, ctx.externals.played.as_ref(), |h| {
                if !h.has_onset() {
                    return;
                }
                let offset = ctx.sample_offset(h.part.begin);
                if offset >= 0 && offset < len as i64 {
                    starter.start(h, offset as usize);
                }
            });
        if !ok {
            stats.late_events += 1;
        }
        let [el, er] = &self.early;
        for i in 0..len {
            left[i] += el[i];
            right[i] += er[i];
        }
        let [sl, sr] = &mut self.scratch;
        let (sl, sr) = (&mut sl[..len], &mut sr[..len]);
        for slot in self.samples.iter_mut().filter(|s| s.voice.playing()) {
            let start = slot.play(sl, sr);
            mix_voice(&slot.route, sl, sr, start, left, right, &mut self.orbits);
        }
        for s in self.synths.iter_mut().filter(|s| s.active) {
            if s.accelerate != 0.0 {
                // SuperDirt's synths glide from freq to freq·(1 + accelerate) over the note.
                let t = (s.played / s.sustain.max(1e-3)).min(1.0);
                s.voice
                    .set_freq(s.freq * (1.0 + s.accelerate * t).max(0.01));
            }
            let start = s.play(sl, sr, rate);
            mix_voice(&s.route, sl, sr, start, left, right, &mut self.orbits);
        }
        let consts = &mut self.consts;
        for o in self.orbits.iter_mut() {
            o.process(ctx.block, consts, &mut left[..len], &mut right[..len]);
        }
    }
}

/// Where a finished voice's sound ends in its block: after its last non-zero sample.
fn sounding_end(x: &[f32], start: usize) -> usize {
    x.iter()
        .rposition(|v| *v != 0.0)
        .map_or(start, |i| i + 1)
        .max(start)
}

/// Adds a voice's processed block to the output and its orbit's sends.
fn mix_voice(
    route: &Route,
    l: &[f32],
    r: &[f32],
    start: usize,
    left: &mut [f32],
    right: &mut [f32],
    orbits: &mut [Orbit],
) {
    let (gl, gr) = (route.gain_l, route.gain_r);
    let dry = route.dry;
    for i in start..l.len() {
        left[i] += l[i] * gl * dry;
        right[i] += r[i] * gr * dry;
    }
    let Some(orbit) = orbits.get_mut(route.orbit) else {
        return;
    };
    if orbit.routed {
        let [ol, or] = &mut orbit.out;
        for i in start..l.len() {
            ol[i] += l[i] * gl * dry;
            or[i] += r[i] * gr * dry;
        }
    }
    for (send, bufs) in [
        (route.room, &mut orbit.room_in),
        (route.delay, &mut orbit.delay_in),
    ] {
        if send > 0.0 {
            let [bl, br] = bufs;
            for i in start..l.len() {
                bl[i] += l[i] * gl * send;
                br[i] += r[i] * gr * send;
            }
        }
    }
}

/// What starting a voice needs, borrowed from the player for one block.
struct Starter<'a> {
    library: &'a Arc<SampleLibrary>,
    samples: &'a mut [SampleSlot],
    synths: &'a mut [SynthSlot],
    orbits: &'a mut [Orbit],
    early: &'a mut [Vec<f32>; 2],
    part: &'a mut [Vec<f32>; 2],
    /// The player's signal inputs for this block.
    signals: &'a [&'a [f32]],
    next_age: &'a mut u64,
    rate: f32,
    cycle_secs: f64,
}

impl Starter<'_> {
    /// Plays sample voice `i` up to `upto` samples into the block (into `early` and its
    /// sends), then stops it: a cut or a stolen voice ends exactly at the new onset.
    fn finish_sample(&mut self, i: usize, upto: usize) {
        let slot = &mut self.samples[i];
        if !slot.voice.playing() {
            return;
        }
        let [pl, pr] = &mut *self.part;
        let (pl, pr) = (&mut pl[..upto], &mut pr[..upto]);
        let start = slot.play(pl, pr);
        let [el, er] = &mut *self.early;
        mix_voice(
            &slot.route,
            pl,
            pr,
            start,
            &mut el[..upto],
            &mut er[..upto],
            self.orbits,
        );
        slot.voice.stop();
    }

    /// The same for synth voice `i`.
    fn finish_synth(&mut self, i: usize, upto: usize) {
        let s = &mut self.synths[i];
        if !s.active {
            return;
        }
        let [pl, pr] = &mut *self.part;
        let (pl, pr) = (&mut pl[..upto], &mut pr[..upto]);
        let start = s.play(pl, pr, self.rate);
        let [el, er] = &mut *self.early;
        mix_voice(
            &s.route,
            pl,
            pr,
            start,
            &mut el[..upto],
            &mut er[..upto],
            self.orbits,
        );
        s.active = false;
    }

    /// Starts the voice of one onset, `offset` samples into the block.
    fn start(&mut self, h: &Hap<Value>, offset: usize) {
        let v = &h.value;
        let c = Controls {
            v,
            signals: self.signals,
            at: offset,
        };
        let Some(name) = c.word("s") else {
            return;
        };
        // A synth by any of its names (`s "triangle"` is `tri`'s voice).
        let synth = crate::registry::lookup(name).filter(|f| f.voice().is_some());
        let name = synth.map_or(name, |f| f.name);
        let event_secs = (h.whole_or_part().duration().to_f64() * self.cycle_secs) as f32;
        // A synth with a parameter of a control's name takes it itself (superpiano's
        // `velocity`, superreese's `accelerate`); the player applies it otherwise.
        let own = |key: &str| synth.is_some_and(|f| f.param(key).is_some());
        let velocity = if own("velocity") {
            1.0
        } else {
            c.num("velocity").unwrap_or(1.0).clamp(0.0, 4.0)
        };
        let gain = c.num("gain").unwrap_or(1.0).clamp(0.0, 4.0)
            * c.num("amp").unwrap_or(1.0).clamp(0.0, 4.0)
            * velocity;
        let pan = c.num("pan").unwrap_or(0.5);
        let orbit = c.num("orbit").map_or(0, |o| o.max(0.0) as usize);
        let orbit = orbit.min(self.orbits.len().saturating_sub(1));
        if let Some(o) = self.orbits.get_mut(orbit) {
            // The orbit's effects follow the latest voice that sets them.
            if let Some(x) = c.num("size") {
                o.size = x.clamp(0.0, 1.0);
            }
            if let Some(x) = c.num("delaytime") {
                // `lock 1`: the time is in cycles (SuperDirt's tempo-locked delay).
                let unit = if c.num("lock").is_some_and(|l| l != 0.0) {
                    self.cycle_secs as f32
                } else {
                    1.0
                };
                o.delay_time = (x * unit).clamp(0.0, crate::dsp::fx::MAX_DELAY_SECONDS);
            }
            if let Some(x) = c.num("delayfeedback") {
                o.delay_feedback = x.clamp(0.0, 0.99);
            }
        }
        let cut = c.num("cut").map_or(0, |c| c as i64);
        // `nudge`: the voice starts that many seconds late (SuperDirt adds it to the
        // event's time), counted down by the voice itself across blocks.
        let nudge = c.num("nudge").unwrap_or(0.0).clamp(0.0, MAX_NUDGE_SECS);
        let nudge = (nudge as f64 * self.rate as f64).round() as usize;
        // The voice's length: `hold` or `sustain` seconds, else `legato` times its event.
        let length = c
            .num("hold")
            .or_else(|| c.num("sustain"))
            .or_else(|| c.num("legato").map(|l| l * event_secs));
        let mut params = voice_params(&c);
        params.env = envelope(
            c.num("attack"),
            c.num("decay"),
            c.num("sus"),
            c.num("release"),
            length,
        );
        let mut route = Route::new(self.rate);
        route.fx.start(params);
        route.dry = 1.0 - c.num("dry").unwrap_or(0.0).clamp(0.0, 1.0);
        route.room = c.num("room").unwrap_or(0.0).clamp(0.0, 1.0);
        route.delay = c.num("delay").unwrap_or(0.0).clamp(0.0, 1.0);
        route.orbit = orbit;
        let semitones = c.num("note").unwrap_or(0.0) + c.num("up").unwrap_or(0.0);
        let speed = c.num("speed").unwrap_or(1.0);
        let accelerate = if own("accelerate") {
            0.0
        } else {
            c.num("accelerate").unwrap_or(0.0)
        };
        if cut != 0 {
            for s in self
                .samples
                .iter_mut()
                .filter(|s| s.voice.playing() && s.cut == cut)
            {
                s.voice.stop();
            }
            for s in self.synths.iter_mut().filter(|s| s.active && s.cut == cut) {
                s.active = false;
            }
        }
        *self.next_age += 1;
        let age = *self.next_age;
        if self.synths.iter().any(|s| s.name == name) {
            // A synth: n (or note) in semitones from c5, SuperDirt's note 0.
            let note = c.num("note").or_else(|| c.num("n")).unwrap_or(0.0)
                + c.num("up").unwrap_or(0.0)
                + 12.0 * (c.num("octave").unwrap_or(5.0) - 5.0);
            let freq = midi_to_hz(60.0 + note) * speed.abs().max(1e-3);
            let sustain = length.unwrap_or(event_secs);
            let candidates = self
                .synths
                .iter()
                .enumerate()
                .filter(|(_, s)| s.name == name);
            let slot = candidates
                .clone()
                .find(|(_, s)| !s.active)
                .or_else(|| candidates.min_by_key(|(_, s)| s.age))
                .map(|(i, _)| i);
            if let Some(i) = slot {
                // A stolen voice plays up to the onset.
                self.finish_synth(i, offset);
                let s = &mut self.synths[i];
                // The synth's own parameters from the event's controls of the same name
                // (`# velocity 0.6`, `# voice 3`), else their defaults.
                if let Some(spec) = synth {
                    let mut params = [f32::NAN; MAX_SYNTH_PARAMS];
                    let mut n = 0;
                    let own_params = spec.params.iter().filter(|p| p.name != "freq");
                    for (value, p) in params.iter_mut().zip(own_params) {
                        let default = p.default.and_then(|d| d.parse::<f32>().ok());
                        *value = c.num(p.name).or(default).unwrap_or(f32::NAN);
                        n += 1;
                    }
                    s.voice.set_params(&params[..n]);
                }
                s.voice.start(freq, 1.0, sustain);
                (route.gain_l, route.gain_r) = pan_gains(pan, false);
                route.gain_l *= gain;
                route.gain_r *= gain;
                s.route = route;
                s.active = true;
                s.age = age;
                s.cut = cut;
                s.delay = offset + nudge;
                s.freq = freq;
                s.accelerate = accelerate;
                s.sustain = sustain;
                s.played = 0.0;
            }
            return;
        }
        let index = c.num("n").unwrap_or(0.0).floor() as i64;
        let Some(sample) = self.library.get(name, index) else {
            return;
        };
        let frames = sample.len() as f64;
        let begin = c.num("begin").unwrap_or(0.0).clamp(0.0, 1.0) as f64;
        let end = c.num("end").unwrap_or(1.0).clamp(0.0, 1.0) as f64;
        let mut rate = speed as f64 * (semitones as f64 / 12.0).exp2();
        if c.word("unit") == Some("c") {
            // speed in cycles: the whole sample lasts 1/speed cycles.
            rate *= frames / self.rate as f64 / self.cycle_secs;
        }
        // The rate moves by `accelerate` over the part's length at the starting rate.
        let part_frames = ((end - begin).abs() * frames / rate.abs().max(1e-6)).max(1.0);
        let accel = accelerate as f64 / part_frames;
        let loops = c.num("loop").map_or(1, |l| l.clamp(1.0, 64.0) as u32);
        let slot = self
            .samples
            .iter()
            .position(|x| !x.voice.playing())
            .unwrap_or_else(|| {
                self.samples
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, x)| x.age)
                    .map_or(0, |(i, _)| i)
            });
        (route.gain_l, route.gain_r) = pan_gains(pan, sample.is_stereo());
        route.gain_l *= gain;
        route.gain_r *= gain;
        self.finish_sample(slot, offset);
        let s = &mut self.samples[slot];
        s.voice = SampleVoice::start(
            sample,
            SampleStart {
                begin,
                end,
                speed: rate,
                accel,
                loops,
                delay: offset + nudge,
            },
        );
        s.route = route;
        s.age = age;
        s.cut = cut;
    }
}
