//! Damaged, foreign and future states offered to the plugin's state `load`: empty,
//! truncated, random bytes, another plugin's JSON, invalid UTF-8 in the program, a newer
//! version with unknown fields, a program that is not a string, an absurd font size. For
//! each: `load` returns (accepted or refused, as CLAP allows), the plugin still plays, the
//! program is the expected text (read back through `save`), and what the load repaired is
//! logged (the same note the editor's status line shows).
//!
//! The sessions run in a child process so that its stderr (nice-plug's log) can be read.

use clack_host::prelude::*;

#[path = "support/host.rs"]
mod host;

use host::{
    entry, instantiate, load_state, load_state_bytes, main_thread_callbacks, rms, run_in_child,
    save_state, state_blob, with_code, Instance,
};

const SR: f64 = 48_000.0;
const BLOCK: usize = 512;
/// The program every instance holds before the bad state arrives.
const BEFORE: &str = "out: sine 440\n";

/// Activates, renders 0.25 s of the main output's left channel, deactivates.
fn render(instance: &mut Instance) -> Vec<f32> {
    let config = PluginAudioConfiguration {
        sample_rate: SR,
        min_frames_count: 1,
        max_frames_count: BLOCK as u32,
    };
    let stopped = instance.activate(|_, _| (), config).expect("activate");
    main_thread_callbacks(instance);
    let total = SR as usize / 4;
    let (stopped, left) = std::thread::scope(|s| {
        s.spawn(move || {
            let mut proc = stopped.start_processing().expect("start_processing");
            let mut out = [vec![0.0f32; total], vec![0.0f32; total]];
            let mut ports = AudioPorts::with_capacity(2, 1);
            let events = EventBuffer::new();
            let mut start = 0;
            while start < total {
                let len = BLOCK.min(total - start);
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
                    &InputEvents::from_buffer(&events),
                    &mut OutputEvents::void(),
                    Some(start as u64),
                    None,
                )
                .expect("process");
                start += len;
            }
            let [l, _] = out;
            (proc.stop_processing(), l)
        })
        .join()
        .unwrap()
    });
    instance.deactivate(stopped);
    main_thread_callbacks(instance);
    left
}

/// A state the plugin saved itself, as JSON text, with `code` as its program.
fn good_state_json(instance: &mut Instance, code: &str) -> serde_json::Value {
    with_code(save_state(instance), code)
}

/// One bad state: its name, the bytes offered to `load`, whether `load` must accept
/// them, the program expected afterwards, and a piece of the note the load must log
/// (`None`: nothing may be logged about it).
struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    accepted: bool,
    code: &'static str,
    note: Option<&'static str>,
}

fn cases(template: &serde_json::Value) -> Vec<Case> {
    let good = serde_json::to_vec(&with_code(template.clone(), "out: saw 110 * 0.5\n")).unwrap();
    let mut random = Vec::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        random.push(x as u8);
    }
    // Invalid UTF-8 inside the program's string: the JSON cannot be read at all.
    let mut bad_utf8 = serde_json::to_vec(&with_code(template.clone(), "out: sine XX\n")).unwrap();
    let at = bad_utf8.windows(2).position(|w| w == b"XX").unwrap();
    bad_utf8[at] = 0xff;
    bad_utf8[at + 1] = 0xfe;
    let mut newer = with_code(template.clone(), "out: saw 110 * 0.5\n");
    newer["version"] = "99.0.0".into();
    newer["fields"]["wavetables"] = "[1,2,3]".into();
    newer["params"]["future_knob"] = serde_json::json!({ "f32": 0.5 });
    let mut not_a_string = template.clone();
    not_a_string["fields"]["code"] = "{\"lines\": [\"out: saw 110\"]}".into();
    let mut lone_surrogate = template.clone();
    lone_surrogate["fields"]["code"] = "\"out: sine \\ud800\"".into();
    let mut truncated_field = template.clone();
    truncated_field["fields"]["code"] = "\"out: saw 11".into();
    let mut font = with_code(template.clone(), "out: saw 110 * 0.5\n");
    font["fields"]["font_size"] = "1e30".into();
    font["fields"]["sample_dirs"] = "\"/not/a/list\"".into();
    let foreign = serde_json::json!({
        "version": "2.1",
        "params": { "cutoff": { "f32": 0.3 } },
        "fields": { "preset": "\"Warm pad\"" }
    });
    vec![
        Case { name: "empty", bytes: vec![], accepted: false, code: BEFORE, note: None },
        Case { name: "length only", bytes: state_blob(b"")[..8].to_vec(), accepted: false, code: BEFORE, note: None },
        Case { name: "truncated", bytes: state_blob(&good)[..8 + good.len() / 2].to_vec(), accepted: false, code: BEFORE, note: None },
        Case { name: "random bytes", bytes: random.clone(), accepted: false, code: BEFORE, note: None },
        Case { name: "random JSON body", bytes: state_blob(&random), accepted: false, code: BEFORE, note: None },
        Case { name: "JSON of another shape", bytes: state_blob(br#"{"a": [1, 2, {"b": null}]}"#), accepted: false, code: BEFORE, note: None },
        Case { name: "invalid UTF-8 in the program", bytes: state_blob(&bad_utf8), accepted: false, code: BEFORE, note: None },
        Case { name: "another plugin's state", bytes: state_blob(&serde_json::to_vec(&foreign).unwrap()), accepted: true, code: BEFORE, note: Some("the state has no program; kept the current one; unknown settings ignored: preset") },
        Case { name: "a newer version", bytes: state_blob(&serde_json::to_vec(&newer).unwrap()), accepted: true, code: "out: saw 110 * 0.5\n", note: Some("state saved by a newer Phonon (99.0.0; this is 0.1.0); unknown settings ignored: wavetables") },
        Case { name: "a program that is not a string", bytes: state_blob(&serde_json::to_vec(&not_a_string).unwrap()), accepted: true, code: BEFORE, note: Some("the state's program is unreadable; kept the current one") },
        Case { name: "a lone surrogate in the program", bytes: state_blob(&serde_json::to_vec(&lone_surrogate).unwrap()), accepted: true, code: BEFORE, note: Some("the state's program is unreadable; kept the current one") },
        Case { name: "a truncated program field", bytes: state_blob(&serde_json::to_vec(&truncated_field).unwrap()), accepted: true, code: BEFORE, note: Some("the state's program is unreadable; kept the current one") },
        Case { name: "absurd font size, folders not a list", bytes: state_blob(&serde_json::to_vec(&font).unwrap()), accepted: true, code: "out: saw 110 * 0.5\n", note: Some("font size 1e30 ignored; sample folders unreadable; kept the current ones") },
    ]
}

/// The child's session: every case on a fresh instance holding [`BEFORE`]. Prints a
/// marker before each case to stderr (the log's stream) and the result to stdout.
fn session() {
    let entry = entry();
    let mut probe = instantiate(&entry);
    let template = save_state(&mut probe);
    for case in cases(&template) {
        eprintln!("CASE {}", case.name);
        let mut instance = instantiate(&entry);
        let start = good_state_json(&mut instance, BEFORE);
        load_state(&mut instance, &start);
        let accepted = load_state_bytes(&mut instance, &case.bytes);
        assert_eq!(accepted, case.accepted, "{}: load accepted", case.name);
        let audio = render(&mut instance);
        let level = rms(&audio[audio.len() / 2..]);
        let code = save_state(&mut instance)["fields"]["code"]
            .as_str()
            .map(|c| serde_json::from_str::<String>(c).expect("saved program is a JSON string"));
        assert_eq!(code.as_deref(), Some(case.code), "{}: program", case.name);
        // sine 440 has rms 0.707; saw 110 * 0.5 about 0.29.
        let want = if case.code == BEFORE { 0.707 } else { 0.289 };
        assert!(
            (level - want).abs() < 0.05,
            "{}: rms {level}, want {want}",
            case.name
        );
        println!("{}: accepted {accepted}, rms {level:.3}", case.name);
    }
    println!("state session done");
}

#[test]
fn bad_states_load_and_play() {
    if std::env::var_os("PHONON_STATE_CHILD").is_some() {
        session();
        return;
    }
    let out = run_in_child("bad_states_load_and_play", "PHONON_STATE_CHILD");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("state session done"),
        "the session failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    let entry = entry();
    let mut probe = instantiate(&entry);
    let template = save_state(&mut probe);
    for case in cases(&template) {
        let log = stderr
            .split(&format!("CASE {}\n", case.name))
            .nth(1)
            .unwrap_or_else(|| panic!("no log for {}", case.name))
            .split("CASE ")
            .next()
            .unwrap();
        // The first load of each case (the instance's own program) logs nothing.
        let notes: Vec<&str> = log.lines().filter(|l| l.contains("state load:")).collect();
        match case.note {
            Some(note) => assert!(
                notes.len() == 1 && notes[0].contains(note),
                "{}: want the note {note:?}, log:\n{log}",
                case.name
            ),
            None => assert!(notes.is_empty(), "{}: unexpected note in\n{log}", case.name),
        }
    }
}
