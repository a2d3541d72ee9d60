//! A host that breaks the rules, as hosts do: empty blocks, a new sample rate at each
//! activation, `reset` while notes are held, a transport jumping back, a tempo of 0, none
//! or 10⁶ bpm, and blocks longer than it announced. Each test asserts what a listener
//! would notice: the pitch, the beat grid, silence after a release, and output that stays
//! finite and under the safety stage's ceiling (+6 dBFS).
//!
//! The plugin is loaded with clack-host as in `clap_host.rs`, in its default layout (the
//! mix alone, one stereo port).

use std::time::{Duration, Instant};

use clack_host::events::event_types::{NoteOffEvent, NoteOnEvent, TransportEvent, TransportFlags};
use clack_host::prelude::*;

#[path = "support/host.rs"]
mod host;

use host::{
    assert_session_in_child, entry, frequency, instantiate, load_state, main_thread_callbacks,
    onset_near, rms, save_state, transport_event, with_code, Instance,
};

const SR: f64 = 48_000.0;
const BLOCK: usize = 512;

/// The safety stage's ceiling: +6 dBFS.
const CEILING: f32 = 2.0;

/// What the host does for one block.
struct Block {
    /// Frames of this block (0 is allowed here; the last block is cut to the total).
    frames: usize,
    /// The transport of the block's first sample, `None` for a free-running host.
    transport: Option<TransportEvent>,
    /// Call the plugin's `reset` (audio thread) before this block.
    reset: bool,
    /// Sleep for the block's duration after it, as an audio interface paces its callback.
    paced: bool,
}

impl Block {
    fn new(frames: usize, transport: Option<TransportEvent>) -> Block {
        Block {
            frames,
            transport,
            reset: false,
            paced: false,
        }
    }
}

/// The host's plan: `(block index, first sample, events to fill) -> Block`.
type Plan<'a> = dyn Fn(usize, usize, &mut EventBuffer) -> Block + Sync + 'a;

/// Activates at `sample_rate` with at most `max_frames` announced, renders `total` frames
/// of the main output as `plan` says, deactivates. Returns the left and right channels.
fn play(
    instance: &mut Instance,
    sample_rate: f64,
    max_frames: u32,
    total: usize,
    plan: &Plan,
) -> [Vec<f32>; 2] {
    let config = PluginAudioConfiguration {
        sample_rate,
        min_frames_count: 1,
        max_frames_count: max_frames,
    };
    let stopped = instance.activate(|_, _| (), config).expect("activate");
    main_thread_callbacks(instance);
    let (stopped, audio) = std::thread::scope(|s| {
        s.spawn(move || {
            let mut proc = stopped.start_processing().expect("start_processing");
            let mut out = [vec![0.0f32; total], vec![0.0f32; total]];
            let mut ports = AudioPorts::with_capacity(2, 1);
            let mut buffer = EventBuffer::new();
            let (mut start, mut block) = (0, 0);
            while start < total {
                buffer.clear();
                let b = plan(block, start, &mut buffer);
                if b.reset {
                    proc.reset();
                }
                let len = b.frames.min(total - start);
                let [l, r] = &mut out;
                let mut outputs = ports.with_output_buffers([AudioPortBuffer {
                    latency: 0,
                    channels: AudioPortBufferType::f32_output_only(
                        [&mut l[start..start + len], &mut r[start..start + len]].into_iter(),
                    ),
                }]);
                proc.process(
                    &InputAudioBuffers::empty(),
                    &mut outputs,
                    &InputEvents::from_buffer(&buffer),
                    &mut OutputEvents::void(),
                    Some(start as u64),
                    b.transport.as_ref(),
                )
                .expect("process");
                if b.paced {
                    std::thread::sleep(Duration::from_secs_f64(len as f64 / sample_rate));
                }
                start += len;
                block += 1;
                assert!(block < 1_000_000, "the plan never reaches {total} frames");
            }
            (proc.stop_processing(), out)
        })
        .join()
        .unwrap()
    });
    instance.deactivate(stopped);
    main_thread_callbacks(instance);
    audio
}

/// A fresh instance whose program is `code`, set through the state as a host restores it.
fn instance_with_code(entry: &PluginEntry, code: &str) -> Instance {
    let mut instance = instantiate(entry);
    let state = with_code(save_state(&mut instance), code);
    load_state(&mut instance, &state);
    instance
}

/// A transport playing at `tempo` bpm from beat `from`, at sample `start` of `sample_rate`.
fn playing(from: f64, tempo: f64, start: usize, sample_rate: f64) -> TransportEvent {
    transport_event(
        from + start as f64 / sample_rate * tempo / 60.0,
        tempo,
        true,
        None,
    )
}

fn peak(x: &[f32]) -> f32 {
    x.iter().fold(0.0f32, |m, v| m.max(v.abs()))
}

/// The largest sample-to-sample step.
fn max_step(x: &[f32]) -> f32 {
    x.windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(0.0, f32::max)
}

/// Every sample finite and at most the ceiling, on both channels.
fn assert_sane(audio: &[Vec<f32>; 2], what: &str) {
    for (ch, x) in audio.iter().enumerate() {
        if let Some(i) = x.iter().position(|v| !v.is_finite()) {
            panic!("{what}: channel {ch} sample {i} is {}", x[i]);
        }
        let p = peak(x);
        assert!(
            p <= CEILING,
            "{what}: channel {ch} peaks at {p} (> {CEILING})"
        );
    }
}

/// Kick onsets at `first + k * spacing` (k = 0..count), each within 1 ms (at 48 kHz).
fn assert_kicks(x: &[f32], first: usize, spacing: usize, count: usize, what: &str) {
    let p = peak(x);
    assert!(p > 0.1, "{what}: kicks are heard (peak {p})");
    for k in 0..count {
        let expected = first + k * spacing;
        let onset = onset_near(x, expected, 0.1 * p)
            .unwrap_or_else(|| panic!("{what}: no kick near sample {expected}"));
        assert!(
            onset.abs_diff(expected) <= 48,
            "{what}: kick {k} at sample {onset}, expected {expected} (±1 ms)"
        );
    }
}

#[test]
fn empty_blocks_between_normal_ones_change_nothing() {
    let entry = entry();
    let code = "out: sine 440 * 0.5\n";
    let total = SR as usize;
    // 0-frame blocks (also first, and several in a row) among blocks of 512, 1 and 511.
    let sizes = [0, 0, 512, 0, 1, 0, 0, 511, 512, 0];
    let with_empty = |block: usize, start: usize, _: &mut EventBuffer| {
        let frames = sizes.get(block).copied().unwrap_or(BLOCK);
        Block::new(frames, Some(playing(0.0, 120.0, start, SR)))
    };
    let audio = play(
        &mut instance_with_code(&entry, code),
        SR,
        BLOCK as u32,
        total,
        &with_empty,
    );
    assert_sane(&audio, "with empty blocks");
    let main = &audio[0];
    let f = frequency(&main[4_800..], SR);
    assert!((f - 440.0).abs() < 1.5, "440 Hz, got {f}");
    assert!((rms(&main[4_800..]) - 0.5 * 0.5f32.sqrt()).abs() < 0.01);
    // The same as a host that never sends an empty block, sample for sample.
    let plain = |_: usize, start: usize, _: &mut EventBuffer| {
        Block::new(BLOCK, Some(playing(0.0, 120.0, start, SR)))
    };
    let reference = play(
        &mut instance_with_code(&entry, code),
        SR,
        BLOCK as u32,
        total,
        &plain,
    );
    let step = max_step(main);
    let music = max_step(&reference[0]);
    assert!(step <= music * 1.05, "no click: step {step} vs {music}");
    let diff = main
        .iter()
        .zip(&reference[0])
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    assert!(diff < 1e-4, "empty blocks changed the output by {diff}");
}

#[test]
fn a_new_sample_rate_at_each_activation_keeps_the_pitch() {
    let entry = entry();
    let mut instance = instance_with_code(&entry, "out: sine 440\n");
    for rate in [48_000.0, 44_100.0, 96_000.0, 48_000.0] {
        let total = rate as usize;
        let plan = |_: usize, start: usize, _: &mut EventBuffer| {
            Block::new(BLOCK, Some(playing(0.0, 120.0, start, rate)))
        };
        let audio = play(&mut instance, rate, BLOCK as u32, total, &plan);
        assert_sane(&audio, &format!("at {rate} Hz"));
        let settled = &audio[0][total / 10..];
        let f = frequency(settled, rate);
        assert!((f - 440.0).abs() < 1.5, "at {rate} Hz: 440 Hz, got {f}");
        let level = rms(settled);
        assert!(
            (level - 0.5f32.sqrt()).abs() < 0.02,
            "at {rate} Hz: rms {level}"
        );
    }
}

const SYNTH: &str = "out: saw ~midi # adsr 0.01 0.1 0.8 0.2\n";

fn note_on(time: u32, key: u16) -> NoteOnEvent {
    NoteOnEvent::new(time, Pckn::new(0u16, 0u16, key, 0u32), 100.0 / 127.0)
}

fn note_off(time: u32, key: u16) -> NoteOffEvent {
    NoteOffEvent::new(time, Pckn::new(0u16, 0u16, key, 0u32), 0.0)
}

/// Two notes held from the start, `reset` at 0.5 s (block 47, sample 24 064) with no
/// note-off, as a host sends it (CLAP: "kills all voices"); then A4 from 1 s to 1.5 s.
fn reset_session(note_offs_after_reset: bool) -> Vec<f32> {
    let entry = entry();
    let mut instance = instance_with_code(&entry, SYNTH);
    let reset_block = 47;
    let (next_on, next_off) = (SR as usize, SR as usize * 3 / 2);
    let plan = |block: usize, start: usize, buf: &mut EventBuffer| {
        if block == 0 {
            buf.push(&note_on(0, 48));
            buf.push(&note_on(0, 55));
        }
        if note_offs_after_reset && block == reset_block + 10 {
            buf.push(&note_off(0, 48));
            buf.push(&note_off(0, 55));
        }
        for (at, on) in [(next_on, true), (next_off, false)] {
            if (start..start + BLOCK).contains(&at) {
                let t = (at - start) as u32;
                if on {
                    buf.push(&note_on(t, 69));
                } else {
                    buf.push(&note_off(t, 69));
                }
            }
        }
        Block {
            reset: block == reset_block,
            ..Block::new(BLOCK, Some(playing(0.0, 120.0, start, SR)))
        }
    };
    let audio = play(&mut instance, SR, BLOCK as u32, 2 * SR as usize, &plan);
    assert_sane(&audio, "reset with notes held");
    let main = audio[0].clone();
    let held = rms(&main[4_800..reset_block * BLOCK]);
    assert!(
        held > 0.1,
        "the held notes sound before the reset (rms {held})"
    );
    main
}

/// Silent from `quiet_from` (after the release, 0.2 s, is over) until the next note; that
/// note is A4 and is released.
fn assert_after_reset(main: &[f32], quiet_from: usize) {
    let level = rms(&main[quiet_from..SR as usize]);
    assert!(
        level < 1e-3,
        "the held voices are silent from sample {quiet_from} (rms {level})"
    );
    let next = &main[SR as usize + 4_800..SR as usize * 3 / 2];
    let f = frequency(next, SR);
    assert!((f - 440.0).abs() < 3.0, "the next note is A4, got {f} Hz");
    assert!(
        rms(next) > 0.1,
        "the next note is heard (rms {})",
        rms(next)
    );
    let after = rms(&main[SR as usize * 3 / 2 + 14_400..]);
    assert!(after < 1e-3, "the next note is released (rms {after})");
}

#[test]
fn reset_while_notes_are_held_leaves_no_stuck_voice() {
    // 0.25 s after the reset.
    assert_after_reset(&reset_session(false), 47 * BLOCK + 12_000);
}

#[test]
fn note_offs_after_a_reset_release_and_the_next_note_plays() {
    // 0.3 s after the note-offs (block 57).
    assert_after_reset(&reset_session(true), 57 * BLOCK + 14_400);
}

/// From beat 8 (kicks at 0 and 24 000), jumping to beat 0 at block 88 (sample 45 056,
/// 0.44 s after the last kick, which fades below a tenth of its peak in 0.38 s) and
/// playing on from there, paced at real time. 120 bpm, 4 beats per cycle: a kick every
/// beat (24 000 samples). The old grid's kicks would come at 48 000, 72 000, ...
const JUMP: usize = 88 * BLOCK;

fn jump_session() -> Vec<f32> {
    let entry = entry();
    let mut instance = instance_with_code(&entry, "out: s \"bd*4\"\n");
    let plan = |_: usize, start: usize, _: &mut EventBuffer| {
        let transport = if start < JUMP {
            playing(8.0, 120.0, start, SR)
        } else {
            playing(0.0, 120.0, start - JUMP, SR)
        };
        Block {
            paced: true,
            ..Block::new(BLOCK, Some(transport))
        }
    };
    let audio = play(&mut instance, SR, BLOCK as u32, JUMP + 80_000, &plan);
    assert_sane(&audio, "transport jump");
    let main = audio[0].clone();
    assert_kicks(&main, 0, 24_000, 2, "before the jump");
    main
}

#[test]
fn a_transport_jumping_back_restarts_the_pattern_there() {
    let main = jump_session();
    // Beats 1, 2, 3 after the jump, on the new grid (the old one is 2 944 samples off).
    assert_kicks(&main, JUMP + 24_000, 24_000, 3, "after the jump");
}

/// A jump back to the song's start finds its cycle prepared (the engine keeps it ready
/// while playing), so the onset it lands on plays on time.
#[test]
fn a_transport_jumping_back_to_the_start_plays_the_onset_it_lands_on() {
    let main = jump_session();
    assert_kicks(&main, JUMP, 24_000, 1, "at the jump");
}

/// Renders 2 s of kicks with `transport(start)` per block (paced at real time),
/// checks the output, and returns the main left channel.
fn with_transport(
    transport: &(dyn Fn(usize) -> Option<TransportEvent> + Sync),
    what: &str,
) -> Vec<f32> {
    let entry = entry();
    let mut instance = instance_with_code(&entry, "out: s \"bd*4\"\n");
    let plan = |_: usize, start: usize, _: &mut EventBuffer| Block {
        paced: true,
        ..Block::new(BLOCK, transport(start))
    };
    let t0 = Instant::now();
    let audio = play(&mut instance, SR, BLOCK as u32, 2 * SR as usize, &plan);
    assert!(
        t0.elapsed() < Duration::from_secs(20),
        "{what}: 2 s took {:?}",
        t0.elapsed()
    );
    assert_sane(&audio, what);
    audio[0].clone()
}

/// A transport with only `flags` of the usual ones (position from 120 bpm if it has one).
fn transport_with(flags: TransportFlags, tempo: f64, start: usize) -> TransportEvent {
    let mut t = playing(0.0, 120.0, start, SR);
    t.flags = flags;
    t.tempo = tempo;
    t
}

#[test]
fn tempo_zero_plays_finite_and_under_the_ceiling() {
    // Playing, with a tempo of 0 and a position that does not move.
    let main = with_transport(&|_| Some(transport_event(0.0, 0.0, true, None)), "tempo 0");
    assert!(rms(&main) > 0.01, "tempo 0: something is heard");
    // Stopped with tempo 0: the engine's own clock, at 120 bpm.
    let main = with_transport(
        &|_| Some(transport_event(0.0, 0.0, false, None)),
        "tempo 0, stopped",
    );
    assert_kicks(&main, 0, 24_000, 4, "tempo 0, stopped");
}

#[test]
fn tempo_absent_means_120_bpm() {
    // No transport at all (a free-running host): the engine's own clock.
    let main = with_transport(&|_| None, "no transport");
    assert_kicks(&main, 0, 24_000, 4, "no transport");
    // Playing, but neither tempo nor position.
    let main = with_transport(
        &|start| Some(transport_with(TransportFlags::IS_PLAYING, 0.0, start)),
        "playing without tempo or position",
    );
    assert_kicks(&main, 0, 24_000, 4, "playing without tempo or position");
    // Playing, a position in beats but no tempo: the position rules (120 bpm here).
    let main = with_transport(
        &|start| {
            Some(transport_with(
                TransportFlags::IS_PLAYING | TransportFlags::HAS_BEATS_TIMELINE,
                0.0,
                start,
            ))
        },
        "playing with a position, without tempo",
    );
    assert_kicks(
        &main,
        0,
        24_000,
        4,
        "playing with a position, without tempo",
    );
}

/// `tempo` bpm, playing from beat 0 (the position moving with the tempo), then stopped at
/// beat 3 (the engine's own clock) unless `stopped_too` is false: finite, under the
/// ceiling, in real time.
fn absurd_tempo(tempo: f64, stopped_too: bool) {
    with_transport(
        &|start| Some(playing(0.0, tempo, start, SR)),
        &format!("{tempo} bpm, playing"),
    );
    if stopped_too {
        with_transport(
            &|_| Some(transport_event(3.0, tempo, false, None)),
            &format!("{tempo} bpm, stopped"),
        );
    }
}

#[test]
fn a_tempo_of_a_million_bpm_plays_finite_and_under_the_ceiling() {
    // Playing, ≈ 44 cycles a block. (Stopped: see the test below.)
    absurd_tempo(1e6, false);
}

/// Stopped at 10⁶ bpm, blocks as fast as they come: the engine's own clock, held at 100
/// cycles per second (400 kicks a second), under nice-plug's allocation checker (debug
/// builds abort on any allocation or free on the audio thread). It once caught the player
/// dropping the last reference to an event's parameter map. Runs in a child process.
#[test]
fn stopped_at_a_million_bpm_plays_without_allocating() {
    if std::env::var_os("PHONON_FAST_CLOCK_SESSION").is_some() {
        let entry = entry();
        let mut instance = instance_with_code(&entry, "out: s \"bd*4\"\n");
        let plan = |_: usize, _: usize, _: &mut EventBuffer| {
            Block::new(BLOCK, Some(transport_event(3.0, 1e6, false, None)))
        };
        let audio = play(&mut instance, SR, BLOCK as u32, 2 * SR as usize, &plan);
        assert_sane(&audio, "1e6 bpm, stopped");
        println!("fast clock session done");
        return;
    }
    assert_session_in_child(
        "stopped_at_a_million_bpm_plays_without_allocating",
        "PHONON_FAST_CLOCK_SESSION",
        "fast clock session done",
    );
}

#[test]
fn a_tempo_of_1e300_bpm_plays_finite_and_under_the_ceiling() {
    absurd_tempo(1e300, false);
}

#[test]
fn an_infinite_tempo_plays_finite_and_under_the_ceiling() {
    absurd_tempo(f64::INFINITY, true);
}

#[test]
fn a_nan_tempo_plays_finite_and_under_the_ceiling() {
    absurd_tempo(f64::NAN, true);
}

#[test]
fn a_negative_tempo_plays_finite_and_under_the_ceiling() {
    absurd_tempo(-120.0, true);
}

/// The session of [`blocks_longer_than_announced_play_on`]: at most 256 frames announced,
/// blocks of 1024, 4096 and 256 + 1 sent. Runs in a child process: a plugin that trusted
/// the announced maximum would overrun its own buffers (and abort the host process).
fn oversized_session() {
    let entry = entry();
    let code = "out: sine 440 * 0.5\n";
    let announced = 256;
    let sizes = [256, 1024, 4096, 257, 256, 1000];
    let oversized = |block: usize, start: usize, _: &mut EventBuffer| {
        let frames = sizes[block % sizes.len()];
        Block::new(frames, Some(playing(0.0, 120.0, start, SR)))
    };
    let audio = play(
        &mut instance_with_code(&entry, code),
        SR,
        announced,
        SR as usize,
        &oversized,
    );
    assert_sane(&audio, "blocks longer than announced");
    let plain = |_: usize, start: usize, _: &mut EventBuffer| {
        Block::new(announced as usize, Some(playing(0.0, 120.0, start, SR)))
    };
    let reference = play(
        &mut instance_with_code(&entry, code),
        SR,
        announced,
        SR as usize,
        &plain,
    );
    let main = &audio[0];
    let f = frequency(&main[4_800..], SR);
    assert!((f - 440.0).abs() < 1.5, "440 Hz, got {f}");
    let diff = main
        .iter()
        .zip(&reference[0])
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    assert!(diff < 1e-4, "long blocks changed the output by {diff}");
    println!("oversized session done");
}

#[test]
fn blocks_longer_than_announced_play_on() {
    // clack-host does not check frames_count against the announced maximum: the buffers
    // it hands over are valid for every frame, so only the plugin could go wrong.
    if std::env::var_os("PHONON_OVERSIZED_SESSION").is_some() {
        oversized_session();
        return;
    }
    assert_session_in_child(
        "blocks_longer_than_announced_play_on",
        "PHONON_OVERSIZED_SESSION",
        "oversized session done",
    );
}
