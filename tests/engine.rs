//! The engine as a host drives it: transport following, stopped/free-run, program swaps
//! with a crossfade, bad programs that change nothing, and no allocation in `process`.

mod support;

use std::time::Duration;

use phonon::engine::{Engine, EngineConfig, EngineHandle, HostTransport};
use phonon::render::Outputs;
use support::alloc::count_here;
use support::*;

#[global_allocator]
static GLOBAL: support::alloc::CountingAlloc = support::alloc::CountingAlloc;

const BLOCK: usize = 256;

/// Allocations counted inside `Engine::process` by every test of this binary.
static ALLOCATIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn engine() -> (Engine, EngineHandle) {
    Engine::new(
        EngineConfig {
            sample_rate: RATE,
            max_block: 1024,
            threads: 1,
            offline: false,
        },
        &[],
    )
}

/// Renders `blocks` blocks with a transport at `bpm` starting at `beat`, returning the left
/// channel; `jump` optionally moves the position back to `beat` after that many blocks.
fn play(
    e: &mut Engine,
    blocks: usize,
    bpm: f64,
    start_beat: f64,
    playing: bool,
    jump_every: Option<usize>,
) -> Vec<f32> {
    let mut out = Vec::new();
    let (mut l, mut r) = (vec![0.0f32; BLOCK], vec![0.0f32; BLOCK]);
    let mut beat = start_beat;
    for b in 0..blocks {
        if let Some(n) = jump_every {
            if b > 0 && b % n == 0 {
                beat = start_beat;
            }
        }
        let t = HostTransport {
            playing,
            tempo_bpm: Some(bpm),
            pos_beats: Some(beat),
            beats_per_cycle: 4.0,
            run_when_stopped: false,
            ..Default::default()
        };
        let mut outs = Outputs {
            main: [&mut l, &mut r],
            numbered: Default::default(),
        };
        let ((), n) = count_here(|| e.process(&mut outs, BLOCK, &t, &[]));
        ALLOCATIONS.fetch_add(n, std::sync::atomic::Ordering::SeqCst);
        out.extend_from_slice(&l);
        if playing {
            beat += BLOCK as f64 / RATE as f64 * bpm / 60.0;
        }
    }
    out
}

/// An engine playing `program` (compiled, and taken by the audio side).
fn playing(program: &str) -> (Engine, EngineHandle) {
    let (mut e, h) = engine();
    h.compile(program).unwrap();
    wait_for_install(&mut e);
    (e, h)
}

fn wait_for_install(e: &mut Engine) {
    // The program is taken at the next block; give the event thread a moment.
    std::thread::sleep(Duration::from_millis(20));
    let _ = play(e, 1, 120.0, 0.0, false, None);
}

#[test]
fn follows_the_host_tempo_and_position() {
    let (mut e, _h) = playing("out: s \"bd*4\"");
    // 120 bpm, one cycle per 4 beats: a kick every beat, every 0.5 s.
    let x = play(&mut e, 375, 120.0, 0.0, true, None);
    let found = onsets(&x, 0.3, 4800);
    assert_eq!(found.len(), 4, "{found:?}");
    for (k, at) in found.iter().enumerate() {
        assert!((*at as i64 - k as i64 * 24_000).abs() <= 48, "{found:?}");
    }
    // 90 bpm: every 2/3 s.
    let x = play(&mut e, 375, 90.0, 0.0, true, None);
    let found = onsets(&x, 0.3, 4800);
    assert!(
        (found[1] as i64 - found[0] as i64 - 32_000).abs() <= 48,
        "{found:?}"
    );
}

#[test]
fn a_loop_jump_restarts_the_pattern() {
    let (mut e, _h) = playing("out: s \"bd ~ ~ ~\"");
    // The host loops the first 2 beats (93.75 blocks ≈ 1 s): each pass starts with the kick.
    let x = play(&mut e, 282, 120.0, 0.0, true, Some(94));
    let found = onsets(&x, 0.3, 4800);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        (found[1] as i64 - 94 * BLOCK as i64).abs() <= 48,
        "{found:?}"
    );
}

#[test]
fn stopped_is_silent_unless_running_free() {
    let (mut e, _h) = playing("out: sine 440");
    let x = play(&mut e, 40, 120.0, 0.0, false, None);
    assert_eq!(rms(&x), 0.0);
    let (mut l, mut r) = (vec![0.0f32; BLOCK], vec![0.0f32; BLOCK]);
    let mut collected = Vec::new();
    for _ in 0..40 {
        let t = HostTransport {
            playing: false,
            tempo_bpm: Some(120.0),
            pos_beats: Some(0.0),
            beats_per_cycle: 4.0,
            run_when_stopped: true,
            ..Default::default()
        };
        let mut outs = Outputs {
            main: [&mut l, &mut r],
            numbered: Default::default(),
        };
        e.process(&mut outs, BLOCK, &t, &[]);
        collected.extend_from_slice(&l);
    }
    assert!((rms(&collected[2400..]) - 0.707).abs() < 0.01);
    assert!((crossings_per_second(&collected[2400..]) - 440.0).abs() < 10.0);
}

#[test]
fn edits_crossfade_and_errors_change_nothing() {
    let (mut e, h) = playing("out: sine 220 * 0.5");
    let before = play(&mut e, 50, 120.0, 0.0, true, None);
    // A broken edit: an error, and the old program plays on.
    let err = h.compile("out: sine 220 # lfp 300").unwrap_err();
    assert!(err[0].message.contains("lfp"));
    let still = play(&mut e, 20, 120.0, 0.0, true, None);
    assert!((crossings_per_second(&still) - 220.0).abs() < 15.0);
    // So is a pattern too dense to compute (10^8 events a cycle): an error in a moment,
    // not gigabytes of events.
    let dense = "out: sine 220 * 0.5\no1: s (ply 10000 $ ply 10000 $ \"bd\")";
    let err = h.compile(dense).unwrap_err();
    assert_eq!(err[0].line_col(dense), (2, 5));
    assert!(err[0].message.contains("too dense"), "{}", err[0].message);
    let still = play(&mut e, 20, 120.0, 0.0, true, None);
    assert!((crossings_per_second(&still) - 220.0).abs() < 15.0);
    // A good edit: the new pitch, reached through a short crossfade without a click.
    h.compile("out: sine 330 * 0.5").unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let after = play(&mut e, 100, 120.0, 0.0, true, None);
    let max_step = |x: &[f32]| {
        x.windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0.0f32, f32::max)
    };
    let music = max_step(&before).max(max_step(&after[4800..]));
    assert!(
        max_step(&after) <= music * 1.05,
        "swap step {} vs music {music}",
        max_step(&after)
    );
    assert!((crossings_per_second(&after[4800..]) - 330.0).abs() < 10.0);
    assert_eq!(h.status().programs_installed, 2);
}

#[test]
fn processing_with_swaps_allocates_nothing() {
    let (mut e, h) = engine();
    let sources = [
        "out: s \"bd*4 sn\" # gain 0.8",
        "~a: saw \"a2 c3\" # lpf 900 0.7\nout: ~a * 0.3",
        "out: sine 330 * 0.3",
    ];
    let before = ALLOCATIONS.load(std::sync::atomic::Ordering::SeqCst);
    for k in 0..30 {
        h.compile(sources[k % 3]).unwrap();
        std::thread::sleep(Duration::from_millis(3));
        let _ = play(&mut e, 20, 120.0, k as f64, true, None);
    }
    assert_eq!(
        ALLOCATIONS.load(std::sync::atomic::Ordering::SeqCst),
        before,
        "allocations inside Engine::process"
    );
    let s = h.status();
    assert_eq!(s.programs_installed, 30);
    assert_eq!(s.late_events, 0);
}

#[test]
fn odd_host_positions_and_tempi_allocate_nothing() {
    // Host positions and tempi that are not short fractions: the clock re-anchors on
    // floats like these without allocating (and without losing its place).
    let (mut e, _h) = playing("out: s \"bd*4 [sn cp]\" + saw \"a2 e3\" # lpf 900 0.7 * 0.2");
    let (mut l, mut r) = (vec![0.0f32; BLOCK], vec![0.0f32; BLOCK]);
    let mut beat = 12.345_678_901_234_5_f64;
    let mut allocations = 0;
    for b in 0..400 {
        let bpm = 123.456_789 + (b % 7) as f64 * 0.001_234_567;
        let t = HostTransport {
            playing: true,
            tempo_bpm: Some(bpm),
            pos_beats: Some(if b % 50 == 49 { beat * 0.37 } else { beat }),
            beats_per_cycle: 4.0,
            run_when_stopped: false,
            ..Default::default()
        };
        let mut outs = Outputs {
            main: [&mut l, &mut r],
            numbered: Default::default(),
        };
        let ((), n) = count_here(|| e.process(&mut outs, BLOCK, &t, &[]));
        allocations += n;
        beat += BLOCK as f64 / RATE as f64 * bpm / 60.0;
        assert!(l.iter().all(|x| x.is_finite()));
    }
    assert_eq!(allocations, 0);
}

#[test]
fn running_the_same_code_again_keeps_playing_without_a_reset() {
    let (mut e, h) = playing("out: saw 110 # lpf 800 0.7 * 0.3");
    let _ = play(&mut e, 20, 120.0, 0.0, true, None);
    // Only a comment and spacing differ: no new program, no crossfade, no restart.
    h.compile("-- same sound\nout:   saw 110 # lpf 800 0.7 * 0.3")
        .unwrap();
    std::thread::sleep(Duration::from_millis(10));
    let _ = play(&mut e, 20, 120.0, 0.0, true, None);
    assert_eq!(h.status().programs_installed, 1);
    h.compile("out: saw 110 # lpf 900 0.7 * 0.3").unwrap();
    std::thread::sleep(Duration::from_millis(10));
    let _ = play(&mut e, 5, 120.0, 0.0, true, None);
    assert_eq!(h.status().programs_installed, 2);
}

#[test]
fn an_offline_bounce_renders_what_real_time_does() {
    // Offline, blocks come as fast as the CPU allows; the engine waits for pattern events
    // instead of playing without them. Real time here is paced like an audio callback.
    let src = "cps: 0.5\n~d $ s \"bd*4 [sn cp] hh*8\" $ every 3 (fast 2)\n~b: saw \"<a1 c2 e2 g1>\" # lpf 800 0.7\nout: ~d * 0.5 + ~b * 0.2";
    let render = |offline: bool| -> Vec<f32> {
        let (mut e, h) = Engine::new(
            EngineConfig {
                sample_rate: RATE,
                max_block: 1024,
                threads: 1,
                offline,
            },
            &[],
        );
        h.compile(src).unwrap();
        std::thread::sleep(Duration::from_millis(20));
        let mut out = Vec::new();
        let (mut l, mut r) = (vec![0.0f32; BLOCK], vec![0.0f32; BLOCK]);
        let mut beat = 0.0;
        // 24 cycles at 120 bpm: 48 s of audio.
        for _ in 0..(48 * 48_000 / BLOCK) {
            let t = HostTransport {
                playing: true,
                tempo_bpm: Some(120.0),
                pos_beats: Some(beat),
                beats_per_cycle: 4.0,
                run_when_stopped: false,
                ..Default::default()
            };
            let mut outs = Outputs {
                main: [&mut l, &mut r],
                numbered: Default::default(),
            };
            e.process(&mut outs, BLOCK, &t, &[]);
            out.extend_from_slice(&l);
            beat += BLOCK as f64 / RATE as f64 * 2.0;
            if !offline {
                std::thread::sleep(Duration::from_micros(300));
            }
        }
        assert_eq!(h.status().late_events, 0, "offline {offline}: late blocks");
        out
    };
    let offline = render(true);
    let realtime = render(false);
    assert!(offline == realtime, "offline and real-time renders differ");
    assert!(rms(&offline) > 0.01);
}

/// Renders `blocks` blocks of a playing transport at 120 bpm from beat 0 into the main
/// output and `o1`..`o3`; `edit` (block, source) compiles a new program before that block,
/// and a MIDI note (A3) is held from block 5 on. Returns [main, o1, .., o4] (left channel)
/// and the main output's right channel.
fn play_outputs(
    e: &mut Engine,
    h: &EngineHandle,
    blocks: usize,
    edit: Option<(usize, &str)>,
) -> ([Vec<f32>; 5], Vec<f32>) {
    let mut got: [Vec<f32>; 5] = Default::default();
    let mut main_right = Vec::new();
    let mut bufs: Vec<[Vec<f32>; 2]> = (0..5)
        .map(|_| [vec![0.0; BLOCK], vec![0.0; BLOCK]])
        .collect();
    for b in 0..blocks {
        if let Some((at, src)) = edit {
            if b == at {
                h.compile(src).unwrap();
            }
        }
        let t = HostTransport {
            playing: true,
            tempo_bpm: Some(120.0),
            pos_beats: Some((b * BLOCK) as f64 / RATE as f64 * 2.0),
            beats_per_cycle: 4.0,
            run_when_stopped: false,
            ..Default::default()
        };
        let note = [phonon::render::NoteEvent {
            offset: 17,
            key: 57,
            velocity: 100,
            on: true,
        }];
        let notes: &[phonon::render::NoteEvent] = if b == 5 { &note } else { &[] };
        let (main, rest) = bufs.split_first_mut().unwrap();
        let [ml, mr] = main;
        let mut numbered: [Option<[&mut [f32]; 2]>; 8] = Default::default();
        for (slot, [l, r]) in numbered.iter_mut().zip(rest.iter_mut()) {
            *slot = Some([&mut l[..], &mut r[..]]);
        }
        let mut outs = Outputs {
            main: [&mut ml[..], &mut mr[..]],
            numbered,
        };
        let ((), n) = count_here(|| e.process(&mut outs, BLOCK, &t, notes));
        ALLOCATIONS.fetch_add(n, std::sync::atomic::Ordering::SeqCst);
        main_right.extend_from_slice(&bufs[0][1]);
        for (g, [l, _]) in got.iter_mut().zip(&bufs) {
            g.extend_from_slice(l);
        }
    }
    (got, main_right)
}

/// Renders `before` for `blocks` blocks, and again with `after` compiled at block `at`
/// (checking that it was installed, with no late events): (reference, edited).
fn with_and_without_edit(
    before: &str,
    after: &str,
    blocks: usize,
    at: usize,
) -> ([Vec<f32>; 5], [Vec<f32>; 5]) {
    let (mut e, h) = engine();
    h.compile(before).unwrap();
    let (reference, _) = play_outputs(&mut e, &h, blocks, None);
    let (mut e, h) = engine();
    h.compile(before).unwrap();
    let (edited, _) = play_outputs(&mut e, &h, blocks, Some((at, after)));
    assert_eq!(h.status().programs_installed, 2);
    assert_eq!(h.status().late_events, 0);
    (reference, edited)
}

fn max_diff(a: &[f32], b: &[f32]) -> f32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0f32, f32::max)
}

#[test]
fn unchanged_buses_go_on_exactly_through_an_edit() {
    // A pad through a filter and a feedback delay, MIDI keys with an envelope, drums.
    let before = "~pad: saw 110 # lpf 700 0.8 # delay 0.13 0.6 0.4\n\
                  ~keys: saw ~midi # lpf 1500 0.7 # adsr 0.01 0.2 0.6 0.3\n\
                  ~drums: s \"bd*4 hh*8\"\n\
                  ~arp: saw \"c3 e3 g3 b3\" # lpf 1500 0.7\n\
                  o1: ~pad * 0.3\no2: ~drums\no3: ~keys * 0.3\no4: ~arp * 0.3\n\
                  out: ~pad * 0.3 + ~drums + ~keys * 0.3";
    // Only the drums change (and the line order and a comment, which do not matter).
    let after = "~drums: s \"sn*2 hh*4\" # gain 0.9\n\
                 ~pad: saw 110 # lpf 700 0.8 # delay 0.13 0.6 0.4  -- unchanged\n\
                 ~keys: saw ~midi # lpf 1500 0.7 # adsr 0.01 0.2 0.6 0.3\n\
                 o1: ~pad * 0.3\no2: ~drums\no3: ~keys * 0.3\no4: ~arp * 0.3\n\
                 ~arp: saw \"c3 e3 g3 b3\" # lpf 1500 0.7\n\
                 out: ~pad * 0.3 + ~drums + ~keys * 0.3";
    const BLOCKS: usize = 400; // 2.1 s; the edit lands at 1.07 s
    let (reference, edited) = with_and_without_edit(before, after, BLOCKS, 200);
    let edit_at = 200 * BLOCK;
    // The pad (phase, filter, delay line) and the held key (its voice and envelope) go
    // on as if nothing happened: equal up to the rounding of the crossfade's gains.
    for (k, name) in [(1, "pad"), (3, "held MIDI key"), (4, "note-pattern voices")] {
        assert!(rms(&reference[k][edit_at..]) > 0.01, "{name} sounds");
        let d = max_diff(&reference[k], &edited[k]);
        assert!(d < 1e-5, "{name} changed by {d} through the edit");
    }
    // The drums did change.
    assert!(
        max_diff(
            &reference[2][edit_at + 4800..],
            &edited[2][edit_at + 4800..]
        ) > 0.1
    );
}

#[test]
fn an_edit_mid_song_finds_its_events_ready() {
    // At cycle 10, a new program's first block already has its events: they were prepared
    // for the playhead when it was compiled, not for cycle 0.
    let (mut e, h) = engine();
    h.compile("out: s \"bd*8\"").unwrap();
    let _ = play(&mut e, 40, 120.0, 40.0, true, None);
    h.compile("out: s \"hh*16\"").unwrap();
    let _ = play(
        &mut e,
        4,
        120.0,
        40.0 + 40.0 * BLOCK as f64 / RATE as f64 * 2.0,
        true,
        None,
    );
    assert_eq!(h.status().programs_installed, 2);
    assert_eq!(h.status().late_events, 0);
}

#[test]
fn play_from_where_a_stopped_transport_stands_finds_its_events_ready() {
    // The host stands at beat 80 (cycle 20), stopped; when it starts there, the first
    // blocks have their events: the event thread prepared the cycle the transport stood at.
    let (mut e, h) = engine();
    h.compile("out: s \"bd*8\"").unwrap();
    let _ = play(&mut e, 2, 120.0, 80.0, false, None);
    // The event thread runs every 2 ms; leave it ample time on a busy machine.
    std::thread::sleep(Duration::from_millis(300));
    let _ = play(&mut e, 3, 120.0, 80.0, true, None);
    assert_eq!(h.status().late_events, 0);
}

#[test]
fn statements_keep_their_state_when_the_ones_around_them_change() {
    // The pad reads ~m1, first made by the lead; the arpeggio is the first note-pattern
    // voice group. The edit stops the lead from reading ~m1 and puts a new note-pattern
    // statement before the arpeggio (its group moves from 0 to 1): neither the pad nor
    // the arpeggio may notice.
    let before = "~lead: sine 440 * ~m1\n\
                  ~pad: saw 110 # lpf (~m1 * 1000 + 400) 0.8 # delay 0.2 0.5 0.4\n\
                  ~arp: saw \"c3 e3 g3 b3\" # lpf 1500 0.7\n\
                  o1: ~pad * 0.3\no2: ~lead\no4: ~arp * 0.3\n\
                  out: ~pad * 0.3 + ~arp * 0.3";
    let after = "~bells: sine \"c5 g5\" * 0.1\n\
                 ~lead: sine 660\n\
                 ~pad: saw 110 # lpf (~m1 * 1000 + 400) 0.8 # delay 0.2 0.5 0.4\n\
                 ~arp: saw \"c3 e3 g3 b3\" # lpf 1500 0.7\n\
                 o1: ~pad * 0.3\no2: ~lead\no3: ~bells\no4: ~arp * 0.3\n\
                 out: ~pad * 0.3 + ~arp * 0.3";
    const BLOCKS: usize = 300;
    let (reference, edited) = with_and_without_edit(before, after, BLOCKS, 150);
    for (k, name) in [(1, "pad"), (4, "arpeggio")] {
        assert!(rms(&reference[k][150 * BLOCK..]) > 0.01, "{name} sounds");
        let d = max_diff(&reference[k], &edited[k]);
        assert!(d < 1e-5, "{name} changed by {d} through the edit");
    }
    assert!(
        rms(&edited[3][160 * BLOCK..]) > 0.01,
        "the new statement plays"
    );
}

#[test]
fn a_statement_whose_inputs_change_width_starts_afresh() {
    // The filter's text stays, but its input goes from a stereo sample player to a mono
    // saw: its kernel is built for one channel and must not take the old one's two.
    let before = "~src: s \"bd*4 hh*8\"\nout: ~src # lpf 800 0.3";
    let after = "~src: saw 55 * 0.5\nout: ~src # lpf 800 0.3";
    let (e, h) = &mut engine();
    h.compile(before).unwrap();
    let ([left, ..], right) = play_outputs(e, h, 60, Some((20, after)));
    let (left, right) = (&left[20 * BLOCK + 4800..], &right[20 * BLOCK + 4800..]);
    assert!(rms(left) > 0.05, "left {}", rms(left));
    assert!(
        (rms(right) - rms(left)).abs() < 1e-3,
        "right {} vs left {}",
        rms(right),
        rms(left)
    );
}

#[test]
fn a_jump_nothing_announced_plays_its_first_onset_one_block_late() {
    // The host jumps while playing (a locate) to beat 50, cycle 12.5, where a kick falls.
    // Nobody could prepare that cycle, so the first block after the jump has no events; the
    // kick then sounds at the start of the next block, instead of not at all.
    let program = "out: s \"~ bd\"";
    let after = |e: &mut Engine, blocks| {
        let beat = 50.0 + BLOCK as f64 / RATE as f64 * 2.0;
        play(e, blocks, 120.0, beat, true, None)
    };
    let allocations = ALLOCATIONS.load(std::sync::atomic::Ordering::SeqCst);
    let (mut e, h) = playing(program);
    let before = play(&mut e, 20, 120.0, 0.0, true, None);
    assert!(before.iter().all(|x| *x == 0.0), "silent before the jump");
    let mut jumped = play(&mut e, 1, 120.0, 50.0, true, None);
    // Real time goes on meanwhile: the event thread prepares the cycle the reader is at.
    std::thread::sleep(Duration::from_millis(300));
    jumped.extend(after(&mut e, 8));
    assert_eq!(h.status().late_events, 1, "one late block");

    // The reference stood at beat 50 before playing, so its cycle was ready.
    let (mut r, rh) = playing(program);
    let _ = play(&mut r, 2, 120.0, 50.0, false, None);
    std::thread::sleep(Duration::from_millis(300));
    let mut reference = play(&mut r, 1, 120.0, 50.0, true, None);
    reference.extend(after(&mut r, 7));
    assert_eq!(rh.status().late_events, 0);
    assert!(reference[0] != 0.0, "the reference's kick starts at once");

    assert!(jumped[..BLOCK].iter().all(|x| *x == 0.0));
    assert!(
        max_diff(&reference, &jumped[BLOCK..]) < 1e-6,
        "the kick, one block late: differs by {}",
        max_diff(&reference, &jumped[BLOCK..])
    );
    assert_eq!(
        ALLOCATIONS.load(std::sync::atomic::Ordering::SeqCst),
        allocations
    );
}

#[test]
fn onsets_missed_before_the_transport_stops_are_not_played_when_it_starts_again() {
    // The same unannounced jump to a kick, but the host stops right after it and later
    // plays on from there: the kick missed before the stop is stale, not late.
    let (mut e, h) = playing("out: s \"~ bd\"");
    let _ = play(&mut e, 20, 120.0, 0.0, true, None);
    let _ = play(&mut e, 1, 120.0, 50.0, true, None);
    let beat = 50.0 + BLOCK as f64 / RATE as f64 * 2.0;
    let _ = play(&mut e, 4, 120.0, beat, false, None);
    std::thread::sleep(Duration::from_millis(300));
    let resumed = play(&mut e, 8, 120.0, beat, true, None);
    assert_eq!(h.status().late_events, 1, "only the block after the jump");
    assert!(
        resumed.iter().all(|x| *x == 0.0),
        "the stale kick played when the transport started again"
    );
}

/// Whatever a program and the host's gain do, nothing leaves above +6 dBFS; what the
/// safety stage did is in the status. Below 0 dBFS it changes nothing.
#[test]
fn the_safety_stage_is_last_after_the_hosts_gain() {
    let (mut e, h) = playing("out: sine 440 * 0.9");
    let t = HostTransport {
        playing: true,
        tempo_bpm: Some(120.0),
        pos_beats: Some(0.0),
        beats_per_cycle: 4.0,
        run_when_stopped: false,
        ..Default::default()
    };
    let (mut l, mut r) = (vec![0.0f32; BLOCK], vec![0.0f32; BLOCK]);
    // Unity gain: the 0.9 sine passes untouched.
    let mut outs = Outputs {
        main: [&mut l, &mut r],
        numbered: Default::default(),
    };
    e.process_with_gain(&mut outs, BLOCK, &t, &[], Some(&[1.0; BLOCK]));
    let quiet: Vec<f32> = l.clone();
    assert!(quiet.iter().all(|x| x.abs() <= 0.9 + 1e-6));
    assert!(quiet.iter().any(|x| x.abs() > 0.85), "the sine plays");
    assert_eq!(h.status().limited, 0);
    // A master gain of 8 (+18 dB): under the ceiling, counted, loudest reported.
    let t2 = HostTransport {
        pos_beats: Some(BLOCK as f64 / RATE as f64 * 2.0),
        ..t
    };
    let mut outs = Outputs {
        main: [&mut l, &mut r],
        numbered: Default::default(),
    };
    let ((), allocations) =
        count_here(|| e.process_with_gain(&mut outs, BLOCK, &t2, &[], Some(&[8.0; BLOCK])));
    assert_eq!(allocations, 0);
    let peak = l.iter().chain(&r).fold(0.0f32, |m, x| m.max(x.abs()));
    assert!(
        peak < phonon::dsp::safety::CEILING && peak > 1.9,
        "peak {peak}"
    );
    let s = h.status();
    assert!(s.limited > 0, "limited {}", s.limited);
    assert!((s.worst_peak - 7.2).abs() < 0.05, "worst {}", s.worst_peak);
}
