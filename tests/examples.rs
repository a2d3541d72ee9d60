//! Every example program renders finite, audible audio that does not clip, and the
//! sample player reports banks it cannot find.

mod support;

use support::*;

#[test]
fn every_example_renders_finite_audible_audio() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("ph") {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        // Macros are 0 on the command line; the macro example still plays its drums.
        let r = render_src(&src, 4.0, 512);
        for ch in &r.main {
            assert!(
                ch.iter().all(|x| x.is_finite()),
                "{}: non-finite output",
                path.display()
            );
            let level = rms(ch);
            assert!(
                level > 0.005,
                "{}: rms {level} is not audible",
                path.display()
            );
            let peak = ch.iter().fold(0.0f32, |m, x| m.max(x.abs()));
            assert!(peak <= 1.0, "{}: peak {peak} clips", path.display());
        }
        count += 1;
    }
    assert!(count >= 15, "{count} examples");
}

#[test]
fn synths_play_from_patterns() {
    let r = render_src("cps: 0.5\nout: s \"superkick*2\"", 2.0, 512);
    let found = onsets(&r.main[0], 0.3, 9600);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!((found[1] as f64 - RATE as f64).abs() <= 48.0, "{found:?}");
}

#[test]
fn missing_banks_are_named() {
    let checked = phonon::lang::check_program("out: s \"bd nosuchbank\"").unwrap();
    let graph = phonon::graph::compile(&checked).unwrap();
    let names = phonon::render::sample_names(&graph);
    let report = library().missing_report(&names.iter().map(String::as_str).collect::<Vec<_>>());
    let report = report.expect("a report");
    assert!(
        report.contains("nosuchbank") && !report.contains("bd,"),
        "{report}"
    );
}
