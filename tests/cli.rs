//! The `phonon` command line: `check`, `query`, `help`, as a user runs them.

use std::io::Write;
use std::process::{Command, Output};

fn phonon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phonon"))
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("phonon-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    path
}

#[test]
fn check_accepts_the_examples_silently() {
    let examples: Vec<String> = std::fs::read_dir("assets/examples")
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".ph"))
        .collect();
    assert!(!examples.is_empty());
    let mut args = vec!["check"];
    args.extend(examples.iter().map(String::as_str));
    let o = phonon(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o), "");
}

#[test]
fn check_reports_every_error_with_file_line_and_caret() {
    let path = temp_file(
        "bad.ph",
        "~lfo: sine 0.25\n~bass: saw 55\n~lead: sine 220 # lfp (~lfo * 3000) 0.7\nout: ~bass + ~leed\n",
    );
    let o = phonon(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let file = path.display().to_string();
    assert!(
        err.contains(&format!(
            "{file}:3:19: unknown function 'lfp' (did you mean 'lpf'?)"
        )),
        "{err}"
    );
    assert!(
        err.contains("~lead: sine 220 # lfp (~lfo * 3000) 0.7"),
        "{err}"
    );
    assert!(err.contains("\n                  ^~~\n"), "{err}");
    assert!(
        err.contains(&format!("{file}:4:14:")),
        "second error reported too: {err}"
    );
}

#[test]
fn check_never_panics_on_garbage() {
    let inputs = [
        "\u{0}\u{1}(((",
        "~x: \"[[[<\"",
        "out: fast 2 $ $ $",
        "out: lpf",
        ":::",
        "out: \"a(3,\"",
        "~",
        "out: 1e999999 / 0",
    ];
    for (i, text) in inputs.iter().enumerate() {
        let path = temp_file(&format!("garbage{i}.ph"), text);
        let o = phonon(&["check", path.to_str().unwrap()]);
        assert!(
            matches!(o.status.code(), Some(0) | Some(1)),
            "{text:?}: {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{text:?}: {}", stderr(&o));
    }
}

#[test]
fn query_prints_json_events_with_exact_rationals() {
    let o = phonon(&[
        "query",
        r#""bd:3 [sn 0.5]" $ late (1/3)"#,
        "--from",
        "-1/3",
        "--to",
        "1/3",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    // Cycle -1 shifted by exactly a third: bd:3 at -2/3 (a fragment from -1/3), then
    // sn and 0.5 sharing the second half; nothing of cycle 0 starts before 1/3.
    let expected = serde_json::json!([
        {"whole": ["-2/3", "-1/6"], "part": ["-1/3", "-1/6"], "value": "bd:3"},
        {"whole": ["-1/6", "1/12"], "part": ["-1/6", "1/12"], "value": "sn"},
        {"whole": ["1/12", "1/3"], "part": ["1/12", "1/3"], "value": 0.5},
    ]);
    assert_eq!(v, expected);
}

#[test]
fn query_lists_continuous_values_and_fragments() {
    let o = phonon(&["query", r#""a b""#, "--from", "1/4", "--to", "3/4"]);
    assert!(o.status.success());
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, ["0/1 ⇜ (1/4 → 1/2) | a", "(1/2 → 3/4) ⇝ 1/1 | b"]);
}

#[test]
fn query_errors_point_into_the_expression() {
    let o = phonon(&["query", r#""a b" $ fsat 2"#]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("1:9: unknown function 'fsat' (did you mean 'fast'?)"),
        "{}",
        stderr(&o)
    );
    let o = phonon(&["query", r#""a [b""#]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("1:4:"), "{}", stderr(&o));
    let o = phonon(&["query", "\"a\"", "--from", "x"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn patterns_too_dense_to_compute_are_errors_not_crashes() {
    let path = temp_file(
        "dense.ph",
        "~kick: s \"bd*4\"\nout: ~kick + s (fast 10000 $ ply 10000 $ \"hh sn\")\n",
    );
    let o = phonon(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("2:14: this pattern is too dense to compute"),
        "{}",
        stderr(&o)
    );
    let o = phonon(&["query", r#"ply 10000 $ ply 10000 $ "bd""#]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("1:1: this pattern is too dense to compute"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn every_command_has_help() {
    for cmd in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["query", "--help"],
        vec!["help", "--help"],
    ] {
        let o = phonon(&cmd);
        assert!(o.status.success(), "{cmd:?}");
        assert!(stdout(&o).contains("Usage"), "{cmd:?}");
    }
    let o = phonon(&["help", "every"]);
    assert!(stdout(&o).starts_with("every "), "{}", stdout(&o));
    let o = phonon(&["help"]);
    for name in ["fast", "lpf", "reverb", "superkick", "stack"] {
        assert!(stdout(&o).contains(name), "help lists {name}");
    }
}

#[test]
fn plan_prints_stages_and_feedback() {
    let path = temp_file(
        "plan.ph",
        "~lfo: sine 0.25\n~bass: saw 55 # lpf (~lfo * 2000) 0.8\n~lead: sine 220 # lpf (~lfo * 3000) 0.7\no1: ~bass\no2: ~lead\no3: (~bass + ~lead)\n",
    );
    let o = phonon(&["plan", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "stage 1: ~lfo\nstage 2: ~bass ~lead\nstage 3: o1 o2 o3\nfeedback: none\n"
    );
    let fb = temp_file(
        "fb.ph",
        "~a: saw 110 + ~b * 0.5\n~b: ~a # lpf 800 0.7\nout: ~a\n",
    );
    let o = phonon(&["plan", fb.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(out.contains("feedback: ~a -> ~b"), "{out}");
    let o = phonon(&["plan", "--nodes", fb.to_str().unwrap()]);
    assert!(stdout(&o).contains("lpf"), "{}", stdout(&o));
}

#[test]
fn check_reports_what_only_compiling_finds() {
    let path = temp_file("nopattern.ph", "out: saw 55 $ fast 2\n");
    let o = phonon(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot apply"), "{}", stderr(&o));
}

#[test]
fn render_writes_wav_and_stems() {
    let dir = std::env::temp_dir().join(format!("phonon-render-{}", std::process::id()));
    let out = dir.join("mix.wav");
    let stems = dir.join("stems");
    std::fs::create_dir_all(&dir).unwrap();
    let o = phonon(&[
        "render",
        "assets/examples/multi_out.ph",
        out.to_str().unwrap(),
        "--cycles",
        "2",
        "--format",
        "i16",
        "--stems",
        stems.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("peak") && err.contains("rms") && err.contains("real time"),
        "{err}"
    );
    let reader = hound::WavReader::open(&out).unwrap();
    assert_eq!(reader.spec().bits_per_sample, 16);
    assert_eq!(reader.spec().channels, 2);
    for k in 1..=4 {
        assert!(stems.join(format!("o{k}.wav")).exists(), "stem o{k}");
    }
    assert!(!stems.join("o5.wav").exists());
}
