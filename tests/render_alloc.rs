//! No allocation (or deallocation) inside `Program::process`, for every example program:
//! a counting global allocator is armed on this thread only around `process`.

mod support;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use support::alloc::count_here;

use phonon::render::played::{PlayedLog, PlayedSink};
use phonon::render::Outputs;

#[global_allocator]
static GLOBAL: support::alloc::CountingAlloc = support::alloc::CountingAlloc;

/// Allocations inside `process` over `seconds` of `src`, in blocks of 512.
fn allocations_while_processing(src: &str, seconds: usize) -> usize {
    let mut program = support::program(src);
    // With an editor watching: a small log, so it also overwrites when full.
    let log = Arc::new(PlayedLog::new(64));
    program.set_played(PlayedSink::new(log.clone(), 1));
    let mut allocations = 0;
    let numbered = program.numbered_outputs();
    let block = 512;
    let mut main = [vec![0.0f32; block], vec![0.0f32; block]];
    let mut stems: Vec<[Vec<f32>; 2]> = (0..8)
        .map(|_| [vec![0.0; block], vec![0.0; block]])
        .collect();
    // Events are prepared outside the armed region.
    for _ in 0..(seconds * 48_000 / block) {
        program.prepare(block);
        let [ml, mr] = &mut main;
        let mut outs = Outputs {
            main: [ml.as_mut_slice(), mr.as_mut_slice()],
            numbered: Default::default(),
        };
        for (k, stem) in stems.iter_mut().enumerate() {
            if numbered[k] {
                let [l, r] = stem;
                outs.numbered[k] = Some([l.as_mut_slice(), r.as_mut_slice()]);
            }
        }
        let ((), n) = count_here(|| program.process(&mut outs, block));
        allocations += n;
    }
    allocations
}

/// 256 voices sounding at once (two players of 128 overlapping voices), every one
/// filtered, shaped, panned by a continuous pattern and sent to its orbit's reverb.
#[test]
fn two_hundred_fifty_six_voices_allocate_nothing() {
    let src = "d1 $ s \"arpy*128\" # speed 0.1 # cutoff 2000 # shape 0.4 # pan saw # room 0.3\n\
               d2 $ s \"bass*128\" # speed 0.1 # hcutoff 300 # crush 8 # pan sine # room 0.2 # orbit 1\n";
    assert_eq!(allocations_while_processing(src, 4), 0);
}

#[test]
fn processing_allocates_nothing_for_any_example() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    let mut checked = 0;
    let mut examples = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("ph") {
            continue;
        }
        examples += 1;
        let src = std::fs::read_to_string(&path).unwrap();
        // Ten seconds, crossing several cycles.
        let allocations = allocations_while_processing(&src, 10);
        assert_eq!(
            allocations,
            0,
            "{} allocates while processing",
            path.display()
        );
        checked += 1;
    }
    assert!(examples >= 15, "examples missing from {}", dir.display());
    assert_eq!(checked, examples, "every example is checked");
}

#[test]
fn playing_midi_allocates_nothing() {
    let mut program = support::program(
        "~keys: saw ~midi # lpf 2000 0.7 # adsr 0.01 0.1 0.6 0.2 * 0.2\nout: ~keys + s \"bd*4\" + sine ~midi_freq * ~midi_gate * 0.1",
    );
    let block = 256;
    let mut l = vec![0.0f32; block];
    let mut r = vec![0.0f32; block];
    let mut allocations = 0;
    for b in 0..400u32 {
        program.prepare(block);
        // A note on or off in most blocks, more keys than voices.
        let key = 40 + (b % 23) as u8;
        let notes = [phonon::render::NoteEvent {
            offset: (b as usize * 37) % block,
            key,
            velocity: 90,
            on: b % 3 != 2,
        }];
        let mut outs = Outputs {
            main: [l.as_mut_slice(), r.as_mut_slice()],
            numbered: Default::default(),
        };
        let ((), n) = count_here(|| program.process_midi(&mut outs, block, &notes));
        allocations += n;
    }
    assert_eq!(allocations, 0, "MIDI processing allocates");
}

#[test]
fn a_background_thread_keeps_events_ready_for_the_audio_thread() {
    // As in the plugin: the audio thread never prepares; an event thread keeps every ring
    // two cycles ahead. Nothing allocates on the audio thread, and no block is late.
    let mut program = support::program(
        "cps: 2\n~d $ s \"bd*4 [sn cp] hh*8\" $ every 3 (fast 2)\n~b: saw \"<a1 c2 e2>\" # lpf 800 0.7\nout: ~d * 0.5 + ~b * 0.2",
    );
    let rings = program.event_rings();
    assert!(rings.len() >= 2);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let thread = {
        let done = done.clone();
        std::thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                for r in &rings {
                    r.prepare_ahead();
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        })
    };
    // Give the event thread its first pass, as installing a program would.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let block = 256;
    let mut l = vec![0.0f32; block];
    let mut r = vec![0.0f32; block];
    let mut allocations = 0;
    for _ in 0..(4 * 48_000 / block) {
        let mut outs = Outputs {
            main: [l.as_mut_slice(), r.as_mut_slice()],
            numbered: Default::default(),
        };
        let ((), n) = count_here(|| program.process(&mut outs, block));
        allocations += n;
        // Paced a little, so the event thread is never far behind.
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
    done.store(true, Ordering::SeqCst);
    thread.join().unwrap();
    assert_eq!(allocations, 0, "the audio thread allocated");
    assert_eq!(
        program.stats().late_events,
        0,
        "blocks whose events were not ready"
    );
}

/// The engine's audition path (request taken, sample mixed, replaced, finished and handed
/// back) allocates and frees nothing on the audio thread.
#[test]
fn auditioning_allocates_nothing() {
    use phonon::engine::{Engine, EngineConfig, HostTransport};
    let (mut engine, handle) = Engine::new(
        EngineConfig {
            sample_rate: 48_000.0,
            max_block: 512,
            threads: 1,
            offline: false,
        },
        &[],
    );
    let (mut l, mut r) = (vec![0.0f32; 512], vec![0.0f32; 512]);
    let mut allocations = 0;
    for block in 0..400 {
        if block % 37 == 0 {
            handle
                .audition(["bd", "sn", "hh"][block % 3], block)
                .unwrap();
        }
        let mut outs = Outputs {
            main: [l.as_mut_slice(), r.as_mut_slice()],
            numbered: Default::default(),
        };
        let ((), n) = count_here(|| engine.process(&mut outs, 512, &HostTransport::default(), &[]));
        allocations += n;
    }
    assert_eq!(allocations, 0);
}
