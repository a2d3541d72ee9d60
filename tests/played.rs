//! Events remember where in the code they came from, and the engine reports the onsets it
//! plays with those spans (what the editor lights up): the spans name the atoms that
//! sounded, at the cycle they sounded, through controls, transforms and re-runs.

use std::collections::BTreeSet;

use phonon::engine::{Engine, EngineConfig, EngineHandle, HostTransport, PlayedEvent};
use phonon::pattern::mini::mini_at;
use phonon::render::Outputs;

const RATE: f32 = 48_000.0;
const BLOCK: usize = 512;

fn engine() -> (Engine, EngineHandle) {
    Engine::new(
        EngineConfig {
            sample_rate: RATE,
            max_block: BLOCK,
            threads: 1,
            offline: true,
        },
        &[],
    )
}

/// Plays `cycles` cycles (120 bpm, 4 beats a cycle: 2 s each) from cycle 0.
fn play(e: &mut Engine, cycles: f64) {
    let (mut l, mut r) = (vec![0.0f32; BLOCK], vec![0.0f32; BLOCK]);
    let blocks = (cycles * 2.0 * RATE as f64 / BLOCK as f64).ceil() as usize;
    for b in 0..blocks {
        let t = HostTransport {
            playing: true,
            tempo_bpm: Some(120.0),
            pos_beats: Some((b * BLOCK) as f64 / RATE as f64 * 2.0),
            beats_per_cycle: 4.0,
            ..Default::default()
        };
        let mut outs = Outputs {
            main: [&mut l, &mut r],
            numbered: Default::default(),
        };
        e.process(&mut outs, BLOCK, &t, &[]);
    }
}

/// The onsets of program `src` over `cycles` cycles: (begin, end, the texts of its spans).
fn played(src: &str, cycles: f64) -> Vec<(f64, f64, Vec<String>)> {
    let (mut e, h) = engine();
    let report = h.compile(src).expect("compiles");
    play(&mut e, cycles);
    let mut events: Vec<PlayedEvent> = Vec::new();
    h.played(&mut events);
    let text = h
        .program_source(report.program)
        .expect("its source is kept");
    assert_eq!(&*text, src);
    let mut out: Vec<(f64, f64, Vec<String>)> = events
        .iter()
        .filter(|e| e.program == report.program && e.begin < cycles)
        .map(|e| {
            let spans = e.source.spans().map(|(a, b)| text[a..b].to_string());
            (e.begin, e.end, spans.collect())
        })
        .collect();
    out.sort_by(|a, b| a.partial_cmp(b).unwrap());
    out
}

fn texts(events: &[(f64, f64, Vec<String>)]) -> Vec<(f64, Vec<&str>)> {
    events
        .iter()
        .map(|(b, _, t)| (*b, t.iter().map(String::as_str).collect()))
        .collect()
}

#[test]
fn mini_notation_atoms_know_their_place_in_the_program() {
    // The string's text starts at byte 10 of some program.
    let p = mini_at("bd*2 [sn cp:3] <a b>", 10).unwrap();
    let haps = p.query_span(
        phonon::pattern::Time::ZERO,
        phonon::pattern::Time::from_int(2),
    );
    let spans: BTreeSet<(usize, usize)> = haps.iter().flat_map(|h| h.source.spans()).collect();
    // bd 10..12, sn 16..18, cp:3 19..23, a 26..27, b 28..29
    assert_eq!(
        spans,
        BTreeSet::from([(10, 12), (16, 18), (19, 23), (26, 27), (28, 29)])
    );
    assert!(haps.iter().all(|h| h.source.spans().count() == 1));
}

#[test]
fn each_onset_points_at_the_atom_that_sounded_when_it_sounded() {
    let src = "d1 $ s \"bd*2 [sn cp]\"\n";
    assert_eq!(
        texts(&played(src, 1.0)),
        vec![
            (0.0, vec!["bd"]),
            (0.25, vec!["bd"]),
            (0.5, vec!["sn"]),
            (0.75, vec!["cp"]),
        ]
    );
    // The two `bd` onsets are the same atom, at the same offsets.
    let (mut e, h) = engine();
    let r = h.compile(src).unwrap();
    play(&mut e, 0.5);
    let mut events = Vec::new();
    h.played(&mut events);
    let bd: BTreeSet<_> = events
        .iter()
        .filter(|e| e.program == r.program && e.begin < 0.5)
        .flat_map(|e| e.source.spans())
        .collect();
    assert_eq!(bd, BTreeSet::from([(8, 10)]));
}

#[test]
fn controls_add_the_atoms_they_take_their_values_from() {
    let src = "d1 $ s \"bd sn\" # n \"0 1\" # gain 0.8 # speed \"<1 2>\"\n";
    let ev = played(src, 2.0);
    assert_eq!(
        texts(&ev),
        vec![
            (0.0, vec!["bd", "0", "0.8", "1"]),
            (0.5, vec!["sn", "1", "0.8", "1"]),
            (1.0, vec!["bd", "0", "0.8", "2"]),
            (1.5, vec!["sn", "1", "0.8", "2"]),
        ]
    );
    // Event lengths are the events' own.
    assert!(ev.iter().all(|(b, e, _)| (e - b - 0.5).abs() < 1e-9));
}

#[test]
fn transforms_keep_the_sources_of_what_they_move() {
    let src = "d1 $ every 2 (fast 2) $ s \"<bd hh> sn\"\n";
    assert_eq!(
        texts(&played(src, 2.0)),
        vec![
            // cycle 0: fast 2 plays two cycles of the pattern in one
            (0.0, vec!["bd"]),
            (0.25, vec!["sn"]),
            (0.5, vec!["hh"]),
            (0.75, vec!["sn"]),
            (1.0, vec!["hh"]),
            (1.5, vec!["sn"]),
        ]
    );
    let src = "d1 $ off 0.25 (# crush 4) $ s \"bd sn\"\n";
    assert_eq!(
        texts(&played(src, 1.0)),
        vec![
            (0.0, vec!["bd"]),
            // the shifted copy lights the crush amount it took, too
            (0.25, vec!["bd", "4"]),
            (0.5, vec!["sn"]),
            (0.75, vec!["sn", "4"]),
        ]
    );
}

#[test]
fn patterns_driving_signals_report_their_values() {
    let src = "out: sine \"220 330\" * 0.1\n";
    assert_eq!(
        texts(&played(src, 1.0)),
        vec![(0.0, vec!["220"]), (0.5, vec!["330"])]
    );
}

#[test]
fn a_rerun_names_the_program_that_plays_and_its_text() {
    let (mut e, h) = engine();
    let a = h.compile("d1 $ s \"bd sn\"\n").unwrap();
    play(&mut e, 0.25);
    // Spacing only: the playing program stays, and so does the text its spans point into.
    let same = h.compile("d1 $ s   \"bd sn\"  -- again\n").unwrap();
    assert_eq!(same.program, a.program);
    assert_eq!(
        h.program_source(a.program).as_deref(),
        Some("d1 $ s \"bd sn\"\n")
    );
    let b = h.compile("d1 $ s \"hh*4\"\n").unwrap();
    assert_ne!(b.program, a.program);
    play(&mut e, 0.5);
    let mut events = Vec::new();
    h.played(&mut events);
    let text = h.program_source(b.program).unwrap();
    let newest: Vec<&str> = events
        .iter()
        .filter(|e| e.program == b.program)
        .flat_map(|e| e.source.spans().map(|(x, y)| &text[x..y]))
        .collect();
    assert!(
        !newest.is_empty() && newest.iter().all(|t| *t == "hh"),
        "{newest:?}"
    );
}
