//! The engine's preview: the events the installed program plays, for the editor's pianoroll.

use phonon::engine::{Engine, EngineConfig, EngineHandle};
use phonon::preview::{PreviewEvent, PreviewKind};

fn engine() -> (Engine, EngineHandle) {
    let config = EngineConfig {
        sample_rate: 48_000.0,
        max_block: 256,
        threads: 1,
        offline: false,
    };
    Engine::new(config, &[])
}

fn events(h: &EngineHandle, from: f64, to: f64) -> Vec<PreviewEvent> {
    let mut out = Vec::new();
    h.preview(from, to, &mut out);
    out
}

/// (onset, sample name, orbit) of every event.
fn samples(evs: &[PreviewEvent]) -> Vec<(f64, String, u8)> {
    evs.iter()
        .map(|e| match &e.kind {
            PreviewKind::Sample { name, .. } => (e.onset, name.to_string(), e.orbit),
            k => panic!("expected a sample, got {k:?}"),
        })
        .collect()
}

#[test]
fn samples_with_orbit_over_two_cycles() {
    let (_e, h) = engine();
    h.compile("out: s \"bd sn\" # orbit 1").expect("compiles");
    let got = samples(&events(&h, 0.0, 2.0));
    let want: Vec<(f64, String, u8)> = [(0.0, "bd"), (0.5, "sn"), (1.0, "bd"), (1.5, "sn")]
        .iter()
        .map(|(t, n)| (*t, n.to_string(), 1))
        .collect();
    assert_eq!(got, want);
    let evs = events(&h, 0.0, 2.0);
    assert!(evs
        .iter()
        .all(|e| e.output == 0 && (e.offset - e.onset - 0.5).abs() < 1e-12));
}

#[test]
fn synth_notes_have_midi_pitches() {
    let (_e, h) = engine();
    h.compile("out: note \"0 7 12\" # s \"superpiano\" # gain 0.8")
        .expect("compiles");
    let evs = events(&h, 0.0, 2.0);
    let got: Vec<(f64, f32)> = evs
        .iter()
        .map(|e| match e.kind {
            PreviewKind::Note { pitch } => ((e.onset * 3.0).round() / 3.0, pitch),
            ref k => panic!("expected a note, got {k:?}"),
        })
        .collect();
    let third = 1.0 / 3.0;
    let want = [
        (0.0, 60.0),
        (third, 67.0),
        (2.0 * third, 72.0),
        (1.0, 60.0),
        (1.0 + third, 67.0),
        (1.0 + 2.0 * third, 72.0),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((t, p), (wt, wp)) in got.iter().zip(want) {
        assert!((t - wt).abs() < 1e-9 && *p == wp, "{got:?}");
    }
    assert!(evs.iter().all(|e| e.gain == Some(0.8)));
}

#[test]
fn fast_and_alternation() {
    let (_e, h) = engine();
    h.compile("out: fast 2 (s \"<bd hh> sn\")")
        .expect("compiles");
    let got = samples(&events(&h, 0.0, 1.0));
    let names: Vec<(f64, &str)> = got.iter().map(|(t, n, _)| (*t, n.as_str())).collect();
    assert_eq!(
        names,
        [(0.0, "bd"), (0.25, "sn"), (0.5, "hh"), (0.75, "sn")]
    );
}

#[test]
fn numbered_outputs_and_events_begun_before_the_window() {
    let (_e, h) = engine();
    h.compile("out: s \"bd\"\no2: slow 2 (s \"cp\")")
        .expect("compiles");
    let evs = events(&h, 0.5, 1.5);
    // bd at 0 (still sounding at 0.5) and at 1 on the main output; cp began at 0 and lasts
    // two cycles, on o2, listed once.
    let got: Vec<(f64, f64, u8)> = evs.iter().map(|e| (e.onset, e.offset, e.output)).collect();
    assert_eq!(got, [(0.0, 1.0, 0), (0.0, 2.0, 2), (1.0, 2.0, 0)]);
}

#[test]
fn failed_compile_keeps_the_playing_programs_preview() {
    let (_e, h) = engine();
    h.compile("out: s \"bd sn\"").expect("compiles");
    assert!(h.compile("out: s \"bd sn\" #").is_err());
    let got = samples(&events(&h, 0.0, 1.0));
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].1, "sn");
}
