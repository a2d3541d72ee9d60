//! The plugin as a host sees it: loads the freshly built CLAP (`libphonon_plugin.so` next to
//! this test's executable, or `PHONON_CLAP=/abs/path/Phonon.clap`) with clack-host, headless.
//! Programs are set the way a host restores a project: through the saved state.

use std::sync::mpsc;
use std::time::Duration;

use clack_extensions::audio_ports::{AudioPortInfoBuffer, PluginAudioPorts};
use clack_extensions::audio_ports_config::PluginAudioPortsConfig;
use clack_extensions::params::{ParamInfoBuffer, PluginParams};
use clack_extensions::render::{PluginRender, RenderMode};
use clack_host::events::event_types::{NoteOffEvent, NoteOnEvent, ParamValueEvent, TransportEvent};
use clack_host::prelude::*;

#[path = "support/host.rs"]
mod host;

use host::{
    assert_session_in_child, entry, instantiate, load_state, main_thread_callbacks, onset_near,
    rms, save_state, transport_event, with_code, Instance, PLUGIN_ID,
};

const SR: f64 = 48_000.0;
const BLOCK: usize = 512;
const TEMPO: f64 = 120.0;
const PORTS: usize = 9;

fn new_instance(entry: &PluginEntry) -> Instance {
    let mut instance = instantiate(entry);
    // The default layout is the mix alone; choose main + 8 aux outputs, as a DAW's
    // multi-output setting does (configuration 1).
    let handle = instance.plugin_handle();
    let configs = handle
        .get_extension::<PluginAudioPortsConfig>()
        .expect("audio-ports-config");
    assert_eq!(configs.count(&handle), 2, "two layouts");
    configs
        .select(&handle, ClapId::new(1))
        .expect("select the multi-output layout");
    instance
}

/// A fresh instance whose program is `code`, set through the state before activation.
fn instance_with_code(entry: &PluginEntry, code: &str) -> Instance {
    let mut instance = new_instance(entry);
    let state = with_code(save_state(&mut instance), code);
    load_state(&mut instance, &state);
    instance
}

fn param_id(instance: &mut Instance, name: &str) -> ClapId {
    let handle = instance.plugin_handle();
    let params = handle
        .get_extension::<PluginParams>()
        .expect("params extension");
    let mut buf = ParamInfoBuffer::new();
    for i in 0..params.count(&handle) {
        let info = params.get_info(&handle, i, &mut buf).unwrap();
        if info.name == name.as_bytes() {
            return info.id;
        }
    }
    panic!("no parameter named {name}");
}

fn transport(pos_samples: usize) -> TransportEvent {
    let secs = pos_samples as f64 / SR;
    transport_event(secs * TEMPO / 60.0, TEMPO, true, None)
}

/// Rendered audio: port 0 is main, ports 1..=8 are Out 1..8; two channels each.
struct Audio {
    ports: Vec<[Vec<f32>; 2]>,
}

impl Audio {
    fn main(&self) -> &[f32] {
        &self.ports[0][0]
    }
    fn out(&self, n: usize) -> &[f32] {
        &self.ports[n][0]
    }
}

/// Something to do on the main thread before block `block` is processed; the blocks after
/// it are paced at real time for `paced_blocks`.
struct Pause<'f> {
    block: usize,
    paced_blocks: usize,
    action: Box<dyn FnOnce(&mut Instance) + 'f>,
}

/// Renders `secs` under a transport playing at 120 bpm from beat 0. `events(block_start,
/// buffer)` adds input events for each block.
fn render(
    instance: &mut Instance,
    secs: f64,
    events: &(dyn Fn(usize, usize, &mut EventBuffer) + Sync),
    pause: Option<Pause>,
) -> Audio {
    render_with(
        instance,
        secs,
        events,
        pause.into_iter().collect(),
        &transport,
    )
}

/// Like [`render`], with several pauses (in block order) and the transport of each block
/// given by `transport(block_start)`.
fn render_with(
    instance: &mut Instance,
    secs: f64,
    events: &(dyn Fn(usize, usize, &mut EventBuffer) + Sync),
    pauses: Vec<Pause>,
    transport: &(dyn Fn(usize) -> TransportEvent + Sync),
) -> Audio {
    let config = PluginAudioConfiguration {
        sample_rate: SR,
        min_frames_count: 1,
        max_frames_count: BLOCK as u32,
    };
    let stopped = instance.activate(|_, _| (), config).expect("activate");
    main_thread_callbacks(instance);
    let total = (SR * secs) as usize;
    let stops: Vec<(usize, usize)> = pauses.iter().map(|p| (p.block, p.paced_blocks)).collect();
    let (at_pause_tx, at_pause_rx) = mpsc::channel::<()>();
    let (resume_tx, resume_rx) = mpsc::channel::<()>();
    let (stopped, audio) = std::thread::scope(|s| {
        let audio_thread = s.spawn(move || {
            let mut proc = stopped.start_processing().expect("start_processing");
            let mut ports: Vec<[Vec<f32>; 2]> = (0..PORTS)
                .map(|_| [vec![0.0; total], vec![0.0; total]])
                .collect();
            let mut out_ports = AudioPorts::with_capacity(2 * PORTS, PORTS);
            let mut buffer = EventBuffer::new();
            let mut start = 0;
            let mut block = 0;
            while start < total {
                if stops.iter().any(|(b, _)| *b == block) {
                    at_pause_tx.send(()).unwrap();
                    resume_rx.recv().unwrap();
                }
                let len = BLOCK.min(total - start);
                buffer.clear();
                events(start, len, &mut buffer);
                let tr = transport(start);
                let mut outputs = out_ports.with_output_buffers(ports.iter_mut().map(|port| {
                    AudioPortBuffer {
                        latency: 0,
                        channels: AudioPortBufferType::f32_output_only(
                            port.iter_mut()
                                .map(|c| &mut c[start..start + len])
                                .collect::<Vec<_>>(),
                        ),
                    }
                }));
                proc.process(
                    &InputAudioBuffers::empty(),
                    &mut outputs,
                    &InputEvents::from_buffer(&buffer),
                    &mut OutputEvents::void(),
                    Some(start as u64),
                    Some(&tr),
                )
                .expect("process");
                if stops.iter().any(|(b, n)| (*b..b + n).contains(&block)) {
                    std::thread::sleep(Duration::from_secs_f64(len as f64 / SR));
                }
                start += len;
                block += 1;
            }
            (proc.stop_processing(), Audio { ports })
        });
        for p in pauses {
            if at_pause_rx.recv().is_err() {
                break;
            }
            (p.action)(instance);
            resume_tx.send(()).unwrap();
        }
        audio_thread.join().unwrap()
    });
    instance.deactivate(stopped);
    main_thread_callbacks(instance);
    audio
}

fn no_events(_: usize, _: usize, _: &mut EventBuffer) {}

/// Frequency from zero crossings over `x`.
fn frequency(x: &[f32]) -> f64 {
    host::frequency(x, SR)
}

fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

#[test]
fn ports_and_parameters() {
    let entry = entry();
    let factory = entry.get_plugin_factory().expect("factory");
    assert!(factory
        .plugin_descriptors()
        .any(|d| d.id() == Some(PLUGIN_ID)));
    let mut instance = new_instance(&entry);
    let handle = instance.plugin_handle();
    let ports = handle
        .get_extension::<PluginAudioPorts>()
        .expect("audio-ports");
    assert_eq!(ports.count(&handle, true), 0, "no inputs");
    assert_eq!(
        ports.count(&handle, false),
        PORTS as u32,
        "main + 8 aux outputs"
    );
    let mut buf = AudioPortInfoBuffer::new();
    for i in 0..PORTS as u32 {
        let info = ports.get(&handle, i, false, &mut buf).unwrap();
        assert_eq!(info.channel_count, 2, "port {i} is stereo");
        if i > 0 {
            assert_eq!(info.name, format!("Out {i}").as_bytes());
        }
    }
    let mut names = Vec::new();
    let params = handle.get_extension::<PluginParams>().expect("params");
    let mut pbuf = ParamInfoBuffer::new();
    for i in 0..params.count(&handle) {
        let info = params.get_info(&handle, i, &mut pbuf).unwrap();
        names.push(String::from_utf8_lossy(info.name).into_owned());
    }
    let mut expected = vec!["Master".to_string()];
    expected.extend((1..=8).map(|i| format!("Macro {i}")));
    expected.push("Run when stopped".into());
    expected.push("Orbits to outputs".into());
    expected.push("Beats per cycle".into());
    assert_eq!(names, expected);
}

#[test]
fn numbered_outputs_follow_the_transport() {
    let entry = entry();
    let mut instance = instance_with_code(&entry, "o1: s \"bd*4\"\no2: sine 440\n");
    let audio = render(&mut instance, 2.0, &no_events, None);

    // 120 bpm, 4 beats per cycle: a cycle lasts 2 s, so kicks every 0.5 s.
    let kicks = audio.out(1);
    let peak = kicks.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    assert!(peak > 0.1, "kicks are heard (peak {peak})");
    for k in 0..4 {
        let expected = k * 24_000;
        let onset = onset_near(kicks, expected, 0.1 * peak)
            .unwrap_or_else(|| panic!("no kick near sample {expected}"));
        assert!(
            onset.abs_diff(expected) <= 48,
            "kick {k} at sample {onset}, expected {expected} (±1 ms)"
        );
    }
    let sine = audio.out(2);
    let f = frequency(&sine[12_000..84_000]);
    assert!((f - 440.0).abs() < 2.0, "Out 2 is 440 Hz, got {f}");
    assert!((rms(&sine[12_000..]) - 0.5f32.sqrt()).abs() < 0.02);
    for n in 3..=8 {
        assert_eq!(rms(audio.out(n)), 0.0, "Out {n} is silent");
    }
    // Main carries both, through the output safety stage (the sum goes above 0 dBFS).
    for ch in 0..2 {
        let sum: Vec<f32> = (0..kicks.len())
            .map(|i| phonon::dsp::safety::shape(audio.ports[1][ch][i] + audio.ports[2][ch][i]))
            .collect();
        let diff = max_abs_diff(&audio.ports[0][ch], &sum);
        assert!(
            diff < 1e-4,
            "main = Out 1 + Out 2 (channel {ch}, diff {diff})"
        );
    }
}

#[test]
fn orbits_to_outputs_put_each_orbit_on_its_own_port() {
    let entry = entry();
    let mut instance = new_instance(&entry);
    let mut state = with_code(
        save_state(&mut instance),
        "d1 $ stack [s \"bd*4\" # orbit 0, s \"~ sn\" # orbit 1 # gain 0.5]\n",
    );
    // "Run when stopped" defaults to on: its saved value is a boolean `true`.
    state["params"]["orbit_outs"] = state["params"]["run_stopped"].clone();
    load_state(&mut instance, &state);
    let audio = render(&mut instance, 2.0, &no_events, None);
    // 120 bpm, a cycle of 2 s: kicks every 0.5 s on Out 1, the snare at 1 s on Out 2.
    let (kicks, snare) = (audio.out(1), audio.out(2));
    assert!(rms(kicks) > 0.01, "Out 1 carries orbit 0");
    assert_eq!(rms(&snare[..47_000]), 0.0, "no kick on Out 2");
    let peak = snare[48_000..].iter().fold(0.0f32, |m, x| m.max(x.abs()));
    assert!(peak > 0.05, "Out 2 carries orbit 1 (peak {peak})");
    assert!(onset_near(snare, 48_000, 0.1 * peak).is_some_and(|o| o.abs_diff(48_000) <= 48));
    for n in 3..=8 {
        assert_eq!(rms(audio.out(n)), 0.0, "Out {n} is silent");
    }
    assert!(rms(audio.main()) > rms(kicks) * 0.9, "the mix has both");
}

#[test]
fn midi_notes_play_midi_voices() {
    let entry = entry();
    let mut instance = instance_with_code(&entry, "out: sine ~midi # adsr 0.01 0.1 0.8 0.1\n");
    let off_at = 24_000;
    let events = |start: usize, len: usize, buf: &mut EventBuffer| {
        if start == 0 {
            buf.push(&NoteOnEvent::new(
                0,
                Pckn::new(0u16, 0u16, 69u16, 0u32),
                100.0 / 127.0,
            ));
        }
        if (start..start + len).contains(&off_at) {
            let t = (off_at - start) as u32;
            buf.push(&NoteOffEvent::new(
                t,
                Pckn::new(0u16, 0u16, 69u16, 0u32),
                0.0,
            ));
        }
    };
    let audio = render(&mut instance, 1.0, &events, None);
    let main = audio.main();
    let held = &main[4_800..off_at];
    let f = frequency(held);
    assert!((f - 440.0).abs() < 3.0, "A4 is 440 Hz, got {f}");
    assert!(rms(held) > 0.2, "note heard (rms {})", rms(held));
    let after = rms(&main[off_at + 14_400..]);
    assert!(after < 1e-3, "released after note-off (rms {after})");
}

#[test]
fn state_round_trip_renders_the_same() {
    let entry = entry();
    let code = "~k $ s \"bd*4 [~ sn]\"\no1: ~k * 0.5\nout: saw \"<a1 c2>\" # lpf (~m1 * 2000 + 300) 0.7 * 0.2\n";
    let mut a = new_instance(&entry);
    let mut state = with_code(save_state(&mut a), code);
    state["params"]["m1"] = serde_json::json!({ "f32": 0.7 });
    load_state(&mut a, &state);
    let first = render(&mut a, 2.0, &no_events, None);
    assert!(rms(first.main()) > 0.01);

    let saved = save_state(&mut a);
    assert_eq!(
        saved["fields"]["code"],
        serde_json::Value::String(serde_json::to_string(code).unwrap()),
        "the program is in the saved state"
    );
    let mut b = new_instance(&entry);
    load_state(&mut b, &saved);
    let second = render(&mut b, 2.0, &no_events, None);
    for p in 0..PORTS {
        for ch in 0..2 {
            let diff = max_abs_diff(&first.ports[p][ch], &second.ports[p][ch]);
            assert!(diff < 1e-6, "port {p} channel {ch} differs by {diff}");
        }
    }
}

#[test]
fn state_loaded_while_playing_is_compiled() {
    let entry = entry();
    let mut instance = instance_with_code(&entry, "out: sine 440\n");
    let new_state = with_code(save_state(&mut instance), "out: sine 220\n");
    let load_block = 20;
    let audio = render(
        &mut instance,
        1.5,
        &no_events,
        Some(Pause {
            block: load_block,
            paced_blocks: 40,
            action: Box::new(|inst: &mut Instance| load_state(inst, &new_state)),
        }),
    );
    let main = audio.main();
    let before = frequency(&main[2_048..load_block * BLOCK]);
    assert!(
        (before - 440.0).abs() < 5.0,
        "440 Hz before the load, got {before}"
    );
    // The first block from which the sound stays at 220 Hz.
    let blocks = main.len() / BLOCK;
    let block_freq = |b: usize| frequency(&main[b * BLOCK..(b + 4).min(blocks) * BLOCK]);
    let changed = (load_block..blocks - 4)
        .find(|&b| (b..blocks - 4).all(|c| (block_freq(c) - 220.0).abs() < 30.0))
        .expect("the new program plays");
    eprintln!(
        "new program heard {} blocks after the load",
        changed - load_block
    );
    assert!(
        changed - load_block <= 8,
        "heard {} blocks after the load",
        changed - load_block
    );
}

#[test]
fn macro_automation_changes_the_level() {
    let entry = entry();
    let mut instance = instance_with_code(&entry, "out: sine 440 * ~m1\n");
    let m1 = param_id(&mut instance, "Macro 1");
    let half = 24_000;
    let events = move |start: usize, len: usize, buf: &mut EventBuffer| {
        if start == 0 {
            buf.push(&ParamValueEvent::new(0, m1, Pckn::match_all(), 0.25));
        }
        if (start..start + len).contains(&half) {
            buf.push(&ParamValueEvent::new(
                (half - start) as u32,
                m1,
                Pckn::match_all(),
                1.0,
            ));
        }
    };
    let audio = render(&mut instance, 1.0, &events, None);
    let main = audio.main();
    let low = rms(&main[4_800..half]);
    let high = rms(&main[half + 4_800..]);
    let full = 0.5f32.sqrt();
    assert!(
        (low - 0.25 * full).abs() < 0.02,
        "m1 = 0.25 gives rms {low}"
    );
    assert!((high - full).abs() < 0.02, "m1 = 1 gives rms {high}");
}

/// Pacing every block at real time, as an audio interface does.
fn real_time() -> Pause<'static> {
    Pause {
        block: 0,
        paced_blocks: 1 << 30,
        action: Box::new(|_: &mut Instance| {}),
    }
}

#[test]
fn an_offline_bounce_renders_what_real_time_renders() {
    // One cycle per beat: 8 cycles in 4 s, so `every 3` and the `<>` alternation show.
    let code = "~d $ s \"bd*4 [sn cp] hh*8\" $ every 3 (fast 2)\n\
                ~b: saw \"<a1 c2 e2 g1>\" # lpf 800 0.7 # delay 0.1 0.5 0.3\n\
                o1: ~d\no2: ~b * 0.2\nout: ~d * 0.5 + ~b * 0.2\n";
    let entry = entry();
    let prepared = |offline: bool| {
        let mut instance = new_instance(&entry);
        let mut state = with_code(save_state(&mut instance), code);
        state["params"]["beats_cycle"] = serde_json::json!({ "i32": 1 });
        load_state(&mut instance, &state);
        if offline {
            let handle = instance.plugin_handle();
            let render = handle
                .get_extension::<PluginRender>()
                .expect("render extension");
            render
                .set(&handle, RenderMode::Offline)
                .expect("offline mode");
        }
        instance
    };
    // Real time: blocks paced like an audio callback. Offline: as fast as the CPU goes.
    let realtime = render(&mut prepared(false), 4.0, &no_events, Some(real_time()));
    let offline = render(&mut prepared(true), 4.0, &no_events, None);
    assert!(rms(realtime.out(1)) > 0.05 && rms(realtime.out(2)) > 0.01);
    for p in 0..3 {
        for ch in 0..2 {
            let same = realtime.ports[p][ch]
                .iter()
                .zip(&offline.ports[p][ch])
                .all(|(a, b)| a.to_bits() == b.to_bits());
            assert!(
                same,
                "port {p} channel {ch}: offline differs from real time"
            );
        }
    }
}

/// The largest sample-to-sample step.
fn max_step(x: &[f32]) -> f32 {
    x.windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(0.0, f32::max)
}

#[test]
fn an_edit_while_playing_does_not_click_and_keeps_unchanged_buses() {
    let before = "~pad: saw 110 # lpf 700 0.8\n~lead: sine 440\no1: ~pad * 0.3\no2: ~lead * 0.3\nout: ~pad * 0.3 + ~lead * 0.3\n";
    let after = before.replace("~lead: sine 440", "~lead: sine 660");
    let entry = entry();
    let reference = render(
        &mut instance_with_code(&entry, before),
        1.5,
        &no_events,
        None,
    );
    let mut instance = instance_with_code(&entry, before);
    let new_state = with_code(save_state(&mut instance), &after);
    let edit_block = 40;
    let edited = render(
        &mut instance,
        1.5,
        &no_events,
        Some(Pause {
            block: edit_block,
            paced_blocks: 60,
            action: Box::new(|inst: &mut Instance| load_state(inst, &new_state)),
        }),
    );
    // The edit is heard: the lead ends at 660 Hz.
    let lead = edited.out(2);
    let f = frequency(&lead[lead.len() - 24_000..]);
    assert!((f - 660.0).abs() < 5.0, "the lead moved to 660 Hz, got {f}");
    // The pad did not notice (equal up to the rounding of the crossfade's gains)...
    let d = max_abs_diff(reference.out(1), edited.out(1));
    assert!(d < 1e-5, "the unchanged pad changed by {d}");
    // ...and the swap adds no step larger than the music's own.
    let main = edited.main();
    let music = max_step(&reference.main()[4_800..]).max(max_step(&main[main.len() - 24_000..]));
    let swap = max_step(&main[edit_block * BLOCK..]);
    assert!(
        swap <= music * 1.05,
        "swap step {swap} vs the music's {music}"
    );
}

/// The session the allocation checker watches: program swaps (also a broken one), MIDI
/// notes, macro automation, and a transport that loops, jumps, stops, restarts and changes
/// tempo. Runs in the child process of [`process_never_allocates_over_a_session`].
fn allocation_session() {
    let entry = entry();
    let programs = [
        "~keys: saw ~midi # lpf 1800 0.7 # adsr 0.01 0.2 0.6 0.3\n~d $ s \"bd*4 [sn cp] hh*8\" $ every 3 (fast 2)\nout: ~keys * 0.3 + ~d * 0.5\n",
        "~keys: supersaw ~midi # reverb 0.7 0.4 0.3\no1: saw \"<a1 c2 e2>\" # lpf (~m1 * 2000 + 300) 0.7 * 0.2\nout: ~keys * 0.2 + s \"bd sn\"\n",
        "out: sine \"c4 e4 g4\" # delay 0.2 0.6 0.4 * 0.3 + s \"hh*16\" # gain 0.7\n",
        "out: sine 440 # lfp 800\n", // an error: the previous program plays on
    ];
    let mut instance = instance_with_code(&entry, programs[0]);
    let m1 = param_id(&mut instance, "Macro 1");
    let states: Vec<serde_json::Value> = programs
        .iter()
        .map(|p| with_code(save_state(&mut instance), p))
        .collect();
    let events = move |start: usize, len: usize, buf: &mut EventBuffer| {
        let block = start / BLOCK;
        let key = 48 + (block % 24) as u16;
        if block.is_multiple_of(6) {
            buf.push(&NoteOnEvent::new(3, Pckn::new(0u16, 0u16, key, 0u32), 0.8));
        }
        if block % 6 == 4 {
            let off = (len as u32).saturating_sub(7);
            buf.push(&NoteOffEvent::new(
                off,
                Pckn::new(0u16, 0u16, key, 0u32),
                0.0,
            ));
        }
        if block.is_multiple_of(10) {
            let v = (block % 7) as f64 / 7.0;
            buf.push(&ParamValueEvent::new(1, m1, Pckn::match_all(), v));
        }
    };
    // 30 blocks of each transport behaviour, in turn.
    let moving = |start: usize| {
        let block = start / BLOCK;
        let phase = (block / 30) % 5;
        let secs = start as f64 / SR;
        match phase {
            0 => transport_event(secs * 2.0, 120.0, true, None),
            // A loop over beats 8..12, jumping back every 20 blocks.
            1 => transport_event(
                8.0 + (block % 20) as f64 * 0.05,
                120.0,
                true,
                Some((8.0, 12.0)),
            ),
            2 => transport_event(33.3, 120.0, false, None),
            3 => transport_event(100.0 + secs * 3.0, 180.0, true, None),
            _ => transport_event(secs * 1.5, 90.0 + (block % 5) as f64, true, None),
        }
    };
    let pauses: Vec<Pause> = (0..8)
        .map(|k| {
            let state = states[k % states.len()].clone();
            Pause {
                block: 20 + k * 35,
                paced_blocks: 4,
                action: Box::new(move |inst: &mut Instance| load_state(inst, &state)),
            }
        })
        .collect();
    let audio = render_with(&mut instance, 7.0, &events, pauses, &moving);
    assert!(audio.main().iter().all(|x| x.is_finite()));
    assert!(rms(audio.main()) > 0.01);
    println!("allocation session done");
}

#[test]
fn process_never_allocates_over_a_session() {
    if std::env::var_os("PHONON_ALLOCATION_SESSION").is_some() {
        allocation_session();
        return;
    }
    if !cfg!(debug_assertions) {
        eprintln!("the allocation checker only exists in debug builds: nothing to check");
        return;
    }
    // nice-plug's checker (the `alloc_check` feature, on by default) aborts the host on an
    // allocation inside process(), so the session runs in a child process.
    assert_session_in_child(
        "process_never_allocates_over_a_session",
        "PHONON_ALLOCATION_SESSION",
        "allocation session done",
    );
}

#[test]
fn a_saved_program_that_no_longer_compiles_plays_silence() {
    let entry = entry();
    let broken = "out: sine 440 # lfp 800\n";
    // A project opened with it: silence, and the text is kept (the editor shows the error).
    let mut fresh = instance_with_code(&entry, broken);
    let audio = render(&mut fresh, 0.5, &no_events, None);
    assert!(audio
        .ports
        .iter()
        .flatten()
        .all(|ch| ch.iter().all(|x| *x == 0.0)));
    let saved = save_state(&mut fresh);
    assert_eq!(
        saved["fields"]["code"],
        serde_json::Value::String(serde_json::to_string(broken).unwrap())
    );
    // A project loaded while another one plays: its program stops (fading out), silence.
    let mut playing = instance_with_code(&entry, "out: sine 440 * 0.5\n");
    let state = with_code(save_state(&mut playing), broken);
    let load_block = 20;
    let audio = render(
        &mut playing,
        1.5,
        &no_events,
        Some(Pause {
            block: load_block,
            paced_blocks: 40,
            action: Box::new(|inst: &mut Instance| load_state(inst, &state)),
        }),
    );
    let main = audio.main();
    assert!(
        rms(&main[..load_block * BLOCK]) > 0.3,
        "the old program played"
    );
    let tail = &main[main.len() - 24_000..];
    assert!(tail.iter().all(|x| *x == 0.0), "silence after the load");
    let music = max_step(&main[..load_block * BLOCK]);
    assert!(max_step(main) <= music * 1.05, "faded out without a click");
}
