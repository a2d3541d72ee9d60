//! MIDI into programs: `~midi` voices (one per held key), last-note signals, and
//! `phonon render --midi`.

mod support;

use phonon::render::offline::render_with_midi;
use phonon::render::NoteEvent;
use support::*;

fn note(at_secs: f64, key: u8, on: bool) -> (u64, NoteEvent) {
    let at = (at_secs * RATE as f64).round() as u64;
    (
        at,
        NoteEvent {
            offset: 0,
            key,
            velocity: if on { 100 } else { 0 },
            on,
        },
    )
}

fn render_notes(src: &str, seconds: f64, block: usize, notes: &[(u64, NoteEvent)]) -> Vec<f32> {
    let mut p = program(src);
    let r = render_with_midi(
        &mut p,
        (seconds * RATE as f64) as usize,
        block,
        notes,
        |_| {},
    );
    r.main[0].clone()
}

fn window(x: &[f32], from: f64, to: f64) -> &[f32] {
    &x[(from * RATE as f64) as usize..(to * RATE as f64) as usize]
}

#[test]
fn each_held_key_is_a_voice_at_its_pitch() {
    let src = "out: sine ~midi # adsr 0.005 0.05 0.8 0.05 * 0.4";
    // A3 (220 Hz) from 0 to 0.6 s, E4 (329.6 Hz) from 0.3 to 0.9 s.
    let notes = [
        note(0.0, 57, true),
        note(0.3, 64, true),
        note(0.6, 57, false),
        note(0.9, 64, false),
    ];
    let x = render_notes(src, 1.2, 256, &notes);
    let a = crossings_per_second(window(&x, 0.05, 0.28));
    assert!((a - 220.0).abs() < 5.0, "first voice at {a} Hz");
    let e = crossings_per_second(window(&x, 0.7, 0.88));
    assert!((e - 329.6).abs() < 6.0, "second voice at {e} Hz");
    // Both sound together in the overlap: more energy than either alone.
    assert!(rms(window(&x, 0.35, 0.55)) > rms(window(&x, 0.05, 0.28)) * 1.2);
    // Released and silent once the envelopes end.
    assert!(
        rms(window(&x, 1.05, 1.2)) < 1e-4,
        "{}",
        rms(window(&x, 1.05, 1.2))
    );
}

#[test]
fn notes_land_on_their_sample_whatever_the_block_size() {
    let src = "out: saw ~midi # lpf 3000 0.7 # adsr 0.002 0.1 0.5 0.1 * 0.3";
    let notes = [
        note(0.013, 60, true),
        note(0.2, 67, true),
        note(0.31, 60, false),
        note(0.45, 67, false),
    ];
    let reference = render_notes(src, 0.7, 4096, &notes);
    for block in [1usize, 7, 64, 512] {
        let x = render_notes(src, 0.7, block, &notes);
        let diff = x
            .iter()
            .zip(&reference)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        assert!(diff <= 1e-6, "block {block} differs by {diff}");
    }
    let onset = reference.iter().position(|v| v.abs() > 1e-6).unwrap();
    assert_eq!(
        onset,
        (0.013 * RATE as f64).round() as usize + 1,
        "first sound right after the note"
    );
}

#[test]
fn last_note_signals_follow_the_keys() {
    let src = "out: sine ~midi_freq * ~midi_gate * ~midi_vel";
    let notes = [note(0.0, 69, true), note(0.5, 69, false)];
    let x = render_notes(src, 1.0, 128, &notes);
    let f = crossings_per_second(window(&x, 0.05, 0.45));
    assert!((f - 440.0).abs() < 3.0, "{f}");
    assert!(
        (rms(window(&x, 0.05, 0.45)) - std::f64::consts::FRAC_1_SQRT_2 * 100.0 / 127.0).abs()
            < 0.01
    );
    assert!(rms(window(&x, 0.55, 1.0)) < 1e-6);
}

#[test]
fn more_keys_than_voices_steal_the_oldest() {
    let src = "out: sine ~midi * 0.1";
    let mut notes: Vec<(u64, NoteEvent)> = (0..12)
        .map(|k| note(k as f64 * 0.01, 48 + k as u8, true))
        .collect();
    notes.push(note(0.5, 48 + 11, false));
    let x = render_notes(src, 0.6, 256, &notes);
    assert!(x.iter().all(|v| v.is_finite()));
    // Eight voices at 0.1 each can never exceed 0.8.
    assert!(x.iter().all(|v| v.abs() <= 0.8 + 1e-4));
}

#[test]
fn the_cli_plays_a_midi_file() {
    let dir = std::env::temp_dir().join(format!("phonon-midi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mid = dir.join("melody.mid");
    // 120 bpm: beat 0 A4 for one beat, beat 2 A5 for one beat.
    std::fs::write(
        &mid,
        phonon::midi::write_test_file(&[(0.0, 69, 100, 1.0), (2.0, 81, 100, 1.0)], 120.0),
    )
    .unwrap();
    let prog = dir.join("keys.ph");
    std::fs::write(&prog, "out: sine ~midi # adsr 0.005 0.05 0.9 0.05 * 0.5\n").unwrap();
    let wav = dir.join("out.wav");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_phonon"))
        .args([
            "render",
            prog.to_str().unwrap(),
            wav.to_str().unwrap(),
            "--duration",
            "2",
            "--midi",
            mid.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let mut reader = hound::WavReader::open(&wav).unwrap();
    let samples: Vec<f32> = reader
        .samples::<f32>()
        .step_by(2)
        .map(|s| s.unwrap())
        .collect();
    let f1 = crossings_per_second(&samples[2400..21600]);
    let f2 = crossings_per_second(&samples[50400..69600]);
    assert!((f1 - 440.0).abs() < 3.0, "{f1}");
    assert!((f2 - 880.0).abs() < 4.0, "{f2}");
    assert!(
        rms(&samples[28800..45600]) < 1e-4,
        "silent between the notes"
    );
}

#[test]
fn controls_apply_to_midi_voices_as_their_filters_and_effects() {
    // A control that a filter or effect sets with its first value is that filter or effect
    // on a voice: `# cutoff 600` is `# lpf 600`, each voice filtered on its own.
    let notes = [
        note(0.0, 45, true),
        note(0.2, 57, true),
        note(0.8, 45, false),
        note(0.8, 57, false),
    ];
    let env = "# adsr 0.005 0.05 0.8 0.05 * 0.3";
    let by_control = render_notes(
        &format!("out: saw ~midi # cutoff 600 {env}"),
        1.0,
        256,
        &notes,
    );
    let by_filter = render_notes(&format!("out: saw ~midi # lpf 600 {env}"), 1.0, 256, &notes);
    assert_eq!(by_control, by_filter);
    let open = render_notes(&format!("out: saw ~midi {env}"), 1.0, 256, &notes);
    let c_open = centroid(window(&open, 0.3, 0.7), 8192);
    let c_cut = centroid(window(&by_control, 0.3, 0.7), 8192);
    assert!(
        c_cut < c_open * 0.6,
        "centroid {c_cut} Hz against {c_open} Hz"
    );
    // `hcutoff` is the high-pass, `crush` the bitcrusher, `distort` the distortion.
    for (control, effect) in [
        ("hcutoff 2000", "hpf 2000"),
        ("crush 4", "bitcrush 4"),
        ("distort 3", "distortion 3"),
    ] {
        let a = render_notes(
            &format!("out: saw ~midi # {control} {env}"),
            0.5,
            256,
            &notes,
        );
        let b = render_notes(
            &format!("out: saw ~midi # {effect} {env}"),
            0.5,
            256,
            &notes,
        );
        assert_eq!(a, b, "{control}");
    }
}
